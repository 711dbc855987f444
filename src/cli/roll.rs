//! `kubectl vmmigrate roll`: rolling updates of KubeVirt VMs, with subcommands to watch and
//! steer a rollout (`status`, `pause`, `resume`, `abort`, `history`, `undo`). The rules live
//! in `crate::roll`; this file fills the options and prints.

use super::common::{self, ExitStatus};
use super::waiting::{interrupted_status, until_done, DriveWaitArgs, Ended};
use super::{GlobalArgs, OutputArg};
use crate::cluster::rollout::{self as driver, Driver, StatusReport};
use crate::output::table;
use crate::roll::budget::IntOrPercent;
use crate::roll::ladder::{self, Level};
use crate::roll::planner::{self, Order, RolloutSpec, RolloutState};
use crate::roll::preflight::Needs;
use crate::roll::state::{self, Change, RolloutRecord, Status};
use crate::roll::transition::{self, Begin};
use crate::roll::RollError;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::Duration;

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = concat!("Examples:\n  # Give every VM labelled app=web 4Gi of memory, two at a time\n  kubectl vmmigrate roll -l app=web --set-memory 4Gi --max-unavailable 2\n\n  # See what would happen, change nothing\n  kubectl vmmigrate roll -l app=web --set-image quay.io/org/web:2 --dry-run\n\n  # Roll a VirtualMachinePool's template and replicas, two down at most, one extra replica\n  kubectl vmmigrate roll vmpool/web --set-image quay.io/org/web:2 --max-unavailable 2 --max-surge 1\n\n  # Follow it from anywhere\n  kubectl vmmigrate roll status -l app=web --watch\n\n", crate::exit_codes_help!())
)]
pub struct RollArgs {
    #[command(subcommand)]
    pub command: Option<RollCommand>,
    #[command(flatten)]
    pub start: StartArgs,
}

/// Which VMs: a label selector or names (the same for every subcommand).
#[derive(Debug, Clone, clap::Args)]
pub struct Selection {
    /// Label selector of the VMs (e.g. app=web,tier!=db).
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,
    /// VM names (instead of a selector), or one `vmpool/NAME`: a VirtualMachinePool, whose
    /// template takes the change and whose replicas roll.
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct StartArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Manifests to roll out (VirtualMachines by name, e.g. the output of `import`); `-`
    /// reads them from stdin (`kubectl kustomize DIR | kubectl vmmigrate roll -f - ...`).
    #[arg(short = 'f', long = "filename", value_name = "PATH")]
    pub files: Vec<std::path::PathBuf>,
    /// Kustomization folder to roll out, rendered by `kubectl kustomize DIR` as `kubectl
    /// apply -k` renders it (e.g. an overlay of `import --overlay`).
    #[arg(short = 'k', long = "kustomize", value_name = "DIR")]
    pub kustomize: Option<std::path::PathBuf>,
    /// New guest memory (e.g. 4Gi).
    #[arg(long, value_name = "QUANTITY")]
    pub set_memory: Option<String>,
    /// New number of CPU sockets.
    #[arg(long, value_name = "N")]
    pub set_cpu: Option<u32>,
    /// New instancetype name.
    #[arg(long, value_name = "NAME")]
    pub set_instancetype: Option<String>,
    /// New image of every containerDisk volume.
    #[arg(long, value_name = "IMAGE")]
    pub set_image: Option<String>,
    /// Label to set on the VMs (KEY=VALUE; repeatable).
    #[arg(long, value_name = "KEY=VALUE")]
    pub set_label: Vec<String>,
    /// Annotation to set on the VMs (KEY=VALUE; repeatable).
    #[arg(long, value_name = "KEY=VALUE")]
    pub set_annotation: Vec<String>,
    /// JSON merge patch of spec.template.
    #[arg(long, value_name = "JSON")]
    pub patch: Option<String>,
    /// VMs that may be unavailable at once (count or percentage).
    #[arg(long, default_value = "1", value_name = "N|N%")]
    pub max_unavailable: IntOrPercent,
    /// Extra VMs (replacements, migration targets) at once (count or percentage).
    #[arg(long, default_value = "0", value_name = "N|N%")]
    pub max_surge: IntOrPercent,
    /// Seconds a VM must stay Ready before it counts as available.
    #[arg(long, default_value_t = 0.0, value_name = "SECONDS")]
    pub min_ready: f64,
    /// Seconds one VM may take to become available before it counts as failed.
    #[arg(long, default_value_t = 600.0, value_name = "SECONDS")]
    pub progress_deadline: f64,
    /// The most disruptive action allowed; VMs needing more are left alone.
    #[arg(long, default_value = "restart", value_name = "ACTION")]
    pub max_action: Level,
    /// The least action taken on each VM not yet on the target.
    #[arg(long, default_value = "none", value_name = "ACTION")]
    pub min_action: Level,
    /// Update N VMs first, then pause (or wait --canary-wait).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub canary: u32,
    /// Seconds to wait after the canary instead of pausing.
    #[arg(long, value_name = "SECONDS")]
    pub canary_wait: Option<f64>,
    #[arg(long, value_enum, default_value_t = Order::Name)]
    pub order: Order,
    /// Failed VMs after which the rollout stops.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub failure_threshold: u32,
    /// Roll back the touched VMs by itself when the rollout fails.
    #[arg(long)]
    pub auto_rollback: bool,
    /// Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH`
    /// (2xx/3xx) against the VMI's address (status.interfaces[0].ipAddress).
    #[arg(long, value_name = "tcp:PORT|http:PORT/PATH")]
    pub probe: Option<String>,
    /// Print each VM's action, the batches and the diff; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Seconds the rollout Lease lasts without renewal: how long another client waits
    /// before taking over from one that died.
    #[arg(long, default_value_t = driver::LEASE_SECONDS, value_name = "SECONDS")]
    pub lease_duration: u64,
    /// Change cause recorded in the history (default: the command line).
    #[arg(long, value_name = "TEXT")]
    pub cause: Option<String>,
    /// Revisions kept for `roll history` and `roll undo`, like a Deployment's; older
    /// ControllerRevisions are deleted (never the current one or the one rolled back to).
    #[arg(long, default_value_t = state::REVISION_HISTORY_LIMIT, value_name = "N")]
    pub revision_history_limit: u32,
    #[command(flatten)]
    pub waiting: DriveWaitArgs,
}

#[derive(Debug, clap::Subcommand)]
pub enum RollCommand {
    /// Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed).
    /// Without -l or names: every rollout of the namespace (with -A, of all namespaces).
    Status {
        #[command(flatten)]
        selection: Selection,
        /// Follow until the rollout ends.
        #[arg(short = 'w', long)]
        watch: bool,
        /// List the rollouts of every namespace (without -l or names).
        #[arg(short = 'A', long, conflicts_with_all = ["selector", "names", "watch"])]
        all_namespaces: bool,
    },
    /// Pause a rollout (VMs in flight finish; nothing new starts).
    Pause {
        #[command(flatten)]
        selection: Selection,
        #[command(flatten)]
        waiting: DriveWaitArgs,
    },
    /// Resume a paused or interrupted rollout (also passes a canary pause).
    Resume {
        #[command(flatten)]
        selection: Selection,
        #[command(flatten)]
        waiting: DriveWaitArgs,
    },
    /// Stop a rollout; with --rollback, return the VMs it touched to their previous objects.
    Abort {
        #[command(flatten)]
        selection: Selection,
        #[arg(long)]
        rollback: bool,
        #[command(flatten)]
        waiting: DriveWaitArgs,
    },
    /// List the revisions with their change cause.
    History {
        #[command(flatten)]
        selection: Selection,
    },
    /// Return the VMs touched by the last revision (or by every revision after N) to their
    /// objects at the previous revision (or at revision N).
    Undo {
        #[command(flatten)]
        selection: Selection,
        /// Revision to return to (see `roll history`); default: the previous one.
        #[arg(long, value_name = "N")]
        to_revision: Option<u64>,
        #[command(flatten)]
        waiting: DriveWaitArgs,
    },
}

fn fail(e: RollError) -> ExitStatus {
    match &e {
        // Already in kubectl's words (`Error from server (Forbidden): ...`).
        RollError::Server { .. } => eprintln!("{e}"),
        _ => eprintln!("error: {e}"),
    }
    match e {
        RollError::Usage(_) => ExitStatus::Usage,
        _ => ExitStatus::Failure,
    }
}

fn secs_ms(s: f64, flag: &str) -> Result<u64, RollError> {
    if !s.is_finite() || s < 0.0 {
        return Err(RollError::Usage(format!(
            "{flag} must be a number of seconds >= 0"
        )));
    }
    Ok((s * 1000.0) as u64)
}

pub fn run(global: &GlobalArgs, args: RollArgs) -> ExitStatus {
    // Every usage error is found before any I/O (issue 16): no kubeconfig lookup, no file,
    // no runtime for a command line that cannot run.
    let (command, deadline) = match validate(args) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let rt = match crate::cluster::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitStatus::Failure;
        }
    };
    rt.block_on(async move {
        match run_async(global, command, deadline).await {
            Ok(s) => s,
            Err(e) => fail(e),
        }
    })
}

async fn driver_for(global: &GlobalArgs, sel: &Target) -> Result<Driver, RollError> {
    let client = crate::cluster::connect(&global.connect_options())
        .await
        .map_err(|e| RollError::Connect(e.to_string()))?;
    let ns = global
        .namespace
        .clone()
        .unwrap_or_else(|| client.default_namespace().to_string());
    let name = state::rollout_name(&ns, sel.selector.as_deref(), &sel.names);
    let mut d = Driver::new(client, &ns, &name);
    d.verbose = global.verbosity >= 1 || std::io::stderr().is_terminal();
    d.keep_lease_duration = true;
    Ok(d)
}

async fn run_async(
    global: &GlobalArgs,
    command: Command,
    deadline: Option<Duration>,
) -> Result<ExitStatus, RollError> {
    match command {
        Command::Start(start_cmd) => start(global, *start_cmd, deadline).await,
        Command::List { all_namespaces } => list_rollouts(global, all_namespaces).await,
        Command::Status { selection, watch } => {
            let mut d = driver_for(global, &selection).await?;
            loop {
                let r = d.status().await?;
                print_status(global, &r)?;
                let ended = matches!(
                    r.status,
                    Status::Complete | Status::Failed | Status::RolledBack | Status::Aborted
                );
                if !watch || ended {
                    return Ok(match r.status {
                        Status::Failed => ExitStatus::Failure,
                        // Stopped by a user's `roll abort` (issue 20.4): 4, as for the
                        // `roll` that was driving it.
                        Status::Aborted => ExitStatus::Aborted,
                        _ => ExitStatus::Success,
                    });
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
        Command::Pause(selection) => {
            let d = driver_for(global, &selection).await?;
            let (mut rec, _, _) = read_required(&d).await?;
            transition::pause(&mut rec).map_err(|source| RollError::Transition {
                rollout: d.rollout.clone(),
                source,
            })?;
            preflight(&d, Needs::default()).await?;
            d.save(&rec).await?;
            eprintln!("rollout {} paused", d.rollout);
            Ok(ExitStatus::Success)
        }
        Command::Resume(selection) => {
            let mut d = driver_for(global, &selection).await?;
            let (mut rec, _, _) = read_required(&d).await?;
            transition::resume(&mut rec);
            preflight(&d, resume_needs(&rec)).await?;
            d.acquire(&rec, false).await?;
            d.save(&rec).await?;
            drive(&mut d, deadline).await
        }
        Command::Abort {
            selection,
            rollback,
        } => {
            let mut d = driver_for(global, &selection).await?;
            let (mut rec, _, _) = read_required(&d).await?;
            // Rights first, as the API server would answer: a user who may not steer the
            // rollout learns that whatever its state.
            let needs = if rollback {
                rollback_needs(&rec)
            } else {
                Needs::default()
            };
            preflight(&d, needs).await?;
            transition::may_abort(&rec, rollback).map_err(|source| RollError::Transition {
                rollout: d.rollout.clone(),
                source,
            })?;
            if rollback {
                d.acquire(&rec, false).await?;
                d.begin_rollback(&mut rec, "aborted", None).await?;
                return drive(&mut d, deadline).await;
            }
            transition::abort(&mut rec);
            d.save(&rec).await?;
            eprintln!("rollout {} aborted", d.rollout);
            Ok(ExitStatus::Success)
        }
        Command::Undo {
            selection,
            to_revision,
        } => {
            let mut d = driver_for(global, &selection).await?;
            let (mut rec, _, _) = read_required(&d).await?;
            if let Some(n) = to_revision {
                let recorded: Vec<u64> = d.history().await?.iter().map(|(r, _, _)| *r).collect();
                transition::undo_target(rec.revision, &recorded, n)
                    .map_err(|e| RollError::NotFound(format!("rollout {} {e}", d.rollout)))?;
            }
            preflight(&d, rollback_needs(&rec)).await?;
            d.acquire(&rec, false).await?;
            transition::undo(&mut rec);
            d.begin_rollback(&mut rec, "undo", to_revision).await?;
            drive(&mut d, deadline).await
        }
        Command::History(selection) => {
            let d = driver_for(global, &selection).await?;
            let h = d.history().await?;
            let text = match global.output {
                Some(OutputArg::Json) => {
                    let v: Vec<Value> = h
                        .iter()
                        .map(|(r, c, ch)| serde_json::json!({"revision": r, "changeCause": c, "change": ch}))
                        .collect();
                    format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
                }
                _ => table::render(
                    &["REVISION", "CHANGE-CAUSE"],
                    &h.iter()
                        .map(|(r, c, _)| vec![r.to_string(), c.clone()])
                        .collect::<Vec<_>>(),
                ),
            };
            Ok(common::write_stdout(&text)
                .err()
                .unwrap_or(ExitStatus::Success))
        }
    }
}

async fn preflight(d: &Driver, needs: Needs) -> Result<(), RollError> {
    driver::preflight(&d.client, &d.namespace, needs).await
}

/// What going on with a recorded rollout may need (a rollback in progress: any action).
fn resume_needs(rec: &RolloutRecord) -> Needs {
    let change = (rec.status != Status::RollingBack).then_some(&rec.change);
    Needs::for_spec(rec.spec.min_action, rec.spec.max_action, change).with_pool(rec.pool.is_some())
}

/// What rolling a recorded rollout back may need.
fn rollback_needs(rec: &RolloutRecord) -> Needs {
    Needs::for_spec(rec.spec.min_action, rec.spec.max_action, None).with_pool(rec.pool.is_some())
}

async fn read_required(d: &Driver) -> Result<(RolloutRecord, Option<String>, u64), RollError> {
    d.read().await?.ok_or_else(|| {
        RollError::NotFound(format!(
            "no rollout {} in namespace {}; start one with `kubectl vmmigrate roll`",
            d.rollout, d.namespace
        ))
    })
}

/// Drives the rollout until it ends, `--timeout` runs out (exit 3) or Ctrl-C (exit 4); in
/// the last two the rollout is left as it stands, as after a killed client, and the Lease is
/// let go so that `roll resume` takes over at once.
async fn drive(d: &mut Driver, deadline: Option<Duration>) -> Result<ExitStatus, RollError> {
    let ended = until_done(d.run(), deadline).await;
    let released = d.release().await;
    let left = || {
        format!(
            "rollout {} is left as it stands; `kubectl vmmigrate roll resume` goes on with it, `roll abort` stops it",
            d.rollout
        )
    };
    let end = match ended {
        Ended::Done(end) => end?,
        Ended::TimedOut(after) => {
            released?;
            eprintln!("error: timed out after {}s: {}", after.as_secs(), left());
            return Ok(ExitStatus::TimedOut);
        }
        Ended::Interrupted => {
            released?;
            return Ok(interrupted_status(&left()));
        }
    };
    released?;
    eprintln!("rollout {}: {:?}", d.rollout, end);
    Ok(match end {
        Status::Complete | Status::Paused | Status::RolledBack => ExitStatus::Success,
        Status::Aborted => ExitStatus::Aborted,
        _ => ExitStatus::Failure,
    })
}

/// A `roll` command line with every usage error ruled out: what `run` carries out.
#[derive(Debug)]
enum Command {
    Start(Box<StartCommand>),
    /// `roll status` without a selection: the rollouts of the namespace (or of all).
    List {
        all_namespaces: bool,
    },
    Status {
        selection: Target,
        watch: bool,
    },
    Pause(Target),
    Resume(Target),
    Abort {
        selection: Target,
        rollback: bool,
    },
    History(Target),
    Undo {
        selection: Target,
        to_revision: Option<u64>,
    },
}

/// The VMs of a rollout: a label selector or names, exactly one of them; `vmpool/NAME` (as
/// the one name) selects a pool's replicas.
#[derive(Debug, Clone)]
pub struct Target {
    pub selector: Option<String>,
    pub names: Vec<String>,
    /// The pool of `vmpool/NAME`.
    pub pool: Option<String>,
}

/// A rollout to start, parsed: the files of `-f` are read when it runs.
#[derive(Debug)]
struct StartCommand {
    selection: Target,
    spec: RolloutSpec,
    /// The change without the `-f` manifests.
    change: Change,
    files: Vec<std::path::PathBuf>,
    kustomize: Option<std::path::PathBuf>,
    probe: Option<crate::roll::probe::Probe>,
    dry_run: bool,
    yes: bool,
    lease_seconds: u64,
    cause: Option<String>,
    revision_history_limit: u32,
}

fn target(sel: Selection) -> Result<Target, RollError> {
    let pools: Vec<&str> = sel
        .names
        .iter()
        .filter_map(|n| crate::roll::pool::pool_ref(n))
        .collect();
    if let Some(pool) = pools.first() {
        if sel.names.len() > 1 || sel.selector.is_some() {
            return Err(RollError::Usage(
                "vmpool/NAME selects a pool's replicas on its own: give one pool, without -l or VM names".into(),
            ));
        }
        return Ok(Target {
            selector: None,
            // One spelling for every form kubectl takes, so the rollout's name is the same.
            names: vec![format!("vmpool/{pool}")],
            pool: Some(pool.to_string()),
        });
    }
    if let Some(bad) = sel.names.iter().find(|n| n.contains('/')) {
        return Err(RollError::Usage(format!(
            "{bad:?}: a VM name, or vmpool/NAME for a VirtualMachinePool"
        )));
    }
    match (&sel.selector, sel.names.is_empty()) {
        (None, true) => Err(RollError::Usage(
            "select VMs with -l SELECTOR or by NAME".into(),
        )),
        (Some(_), false) => Err(RollError::Usage(
            "use either -l SELECTOR or names, not both".into(),
        )),
        _ => Ok(Target {
            selector: sel.selector,
            names: sel.names,
            pool: None,
        }),
    }
}

/// Check the command line, doing no I/O: every conflicting or invalid flag is a usage error
/// (exit 2) before a kubeconfig is looked for.
/// The command line checked, with the deadline of `--timeout`. `--wait=false` is refused
/// where this client drives the rollout (issue 20.4: it would leave it undriven).
fn validate(args: RollArgs) -> Result<(Command, Option<Duration>), RollError> {
    let (waiting, drives) = match &args.command {
        None => (Some(&args.start.waiting), !args.start.dry_run),
        Some(RollCommand::Pause { waiting, .. }) => (Some(waiting), false),
        Some(RollCommand::Resume { waiting, .. }) | Some(RollCommand::Undo { waiting, .. }) => {
            (Some(waiting), true)
        }
        Some(RollCommand::Abort {
            waiting, rollback, ..
        }) => (Some(waiting), *rollback),
        Some(RollCommand::Status { .. }) | Some(RollCommand::History { .. }) => (None, false),
    };
    if waiting.is_some_and(|w| drives && !w.wait) {
        return Err(RollError::Usage(
            "--wait=false: this command drives the rollout from this client, so it waits; \
             bound the wait with --timeout instead (the rollout is then left for `roll resume`)"
                .into(),
        ));
    }
    let deadline = waiting.and_then(DriveWaitArgs::deadline);
    Ok((validate_command(args)?, deadline))
}

fn validate_command(args: RollArgs) -> Result<Command, RollError> {
    Ok(match args.command {
        None => Command::Start(Box::new(validate_start(args.start)?)),
        Some(RollCommand::Status {
            selection,
            watch,
            all_namespaces,
        }) => {
            if all_namespaces || (selection.selector.is_none() && selection.names.is_empty()) {
                if watch {
                    return Err(RollError::Usage(
                        "status --watch follows one rollout: select it with -l SELECTOR or by NAME"
                            .into(),
                    ));
                }
                Command::List { all_namespaces }
            } else {
                Command::Status {
                    selection: target(selection)?,
                    watch,
                }
            }
        }
        Some(RollCommand::Pause { selection, .. }) => Command::Pause(target(selection)?),
        Some(RollCommand::Resume { selection, .. }) => Command::Resume(target(selection)?),
        Some(RollCommand::Abort {
            selection,
            rollback,
            ..
        }) => Command::Abort {
            selection: target(selection)?,
            rollback,
        },
        Some(RollCommand::History { selection }) => Command::History(target(selection)?),
        Some(RollCommand::Undo {
            selection,
            to_revision,
            ..
        }) => {
            if to_revision == Some(0) {
                return Err(RollError::Usage(
                    "--to-revision counts from 1 (see `roll history`)".into(),
                ));
            }
            Command::Undo {
                selection: target(selection)?,
                to_revision,
            }
        }
    })
}

fn validate_start(args: StartArgs) -> Result<StartCommand, RollError> {
    let selection = target(args.selection.clone())?;
    if args.max_action < args.min_action {
        return Err(RollError::Usage(format!(
            "--min-action {} cannot exceed --max-action {}",
            args.min_action, args.max_action
        )));
    }
    if args.canary_wait.is_some() && args.canary == 0 {
        return Err(RollError::Usage(
            "--canary-wait needs --canary N (the VMs to update before waiting)".into(),
        ));
    }
    if args.failure_threshold == 0 {
        return Err(RollError::Usage(
            "--failure-threshold must be at least 1".into(),
        ));
    }
    if args.lease_duration == 0 {
        return Err(RollError::Usage(
            "--lease-duration must be at least 1 second".into(),
        ));
    }
    if selection.pool.is_some() && args.min_action == Level::Replace {
        return Err(RollError::Usage(
            "--min-action replace does not apply to a pool: its controller names and creates the replicas; roll with --min-action restart (a replica whose disks changed is restarted on its new template)".into(),
        ));
    }
    if args.set_cpu == Some(0) {
        return Err(RollError::Usage("--set-cpu must be at least 1".into()));
    }
    if args.revision_history_limit == 0 {
        return Err(RollError::Usage(
            "--revision-history-limit must be at least 1 (the current revision is always kept)"
                .into(),
        ));
    }
    let spec = RolloutSpec {
        max_unavailable: args.max_unavailable,
        max_surge: args.max_surge,
        min_ready_ms: secs_ms(args.min_ready, "--min-ready")?,
        progress_deadline_ms: secs_ms(args.progress_deadline, "--progress-deadline")?,
        max_action: args.max_action,
        min_action: args.min_action,
        canary: args.canary,
        canary_wait_ms: args
            .canary_wait
            .map(|w| secs_ms(w, "--canary-wait"))
            .transpose()?,
        order: args.order,
        failure_threshold: args.failure_threshold,
        auto_rollback: args.auto_rollback,
        seed: 0,
    };
    Ok(StartCommand {
        selection,
        spec,
        change: change_from(&args)?,
        files: args.files,
        kustomize: args.kustomize,
        probe: args.probe.as_deref().map(str::parse).transpose()?,
        dry_run: args.dry_run,
        yes: args.yes,
        lease_seconds: args.lease_duration,
        cause: args.cause,
        revision_history_limit: args.revision_history_limit,
    })
}

/// The change the flags ask for (without `-f`, read when the rollout runs).
fn change_from(args: &StartArgs) -> Result<Change, RollError> {
    let kv = |items: &[String], flag: &str| -> Result<BTreeMap<String, String>, RollError> {
        items
            .iter()
            .map(|s| {
                s.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .ok_or_else(|| RollError::Usage(format!("{flag} {s:?}: expected KEY=VALUE")))
            })
            .collect()
    };
    if let Some(m) = &args.set_memory {
        if ladder::quantity_bytes(m).is_none() {
            return Err(RollError::Usage(format!(
                "--set-memory {m:?} is not a quantity like 4Gi"
            )));
        }
    }
    let template_patch = match &args.patch {
        Some(p) => Some(
            serde_json::from_str::<Value>(p)
                .map_err(|e| RollError::Usage(format!("--patch is not JSON: {e}")))?,
        ),
        None => None,
    };
    Ok(Change {
        memory: args.set_memory.clone(),
        cpu_sockets: args.set_cpu,
        instancetype: args.set_instancetype.clone(),
        image: args.set_image.clone(),
        labels: kv(&args.set_label, "--set-label")?,
        annotations: kv(&args.set_annotation, "--set-annotation")?,
        template_patch,
        manifests: BTreeMap::new(),
    })
}

/// The VirtualMachines of the `-f` files (`-`: stdin) and the `-k` folder, by name.
fn read_manifests(
    files: &[std::path::PathBuf],
    kustomize: Option<&std::path::Path>,
) -> Result<BTreeMap<String, Value>, RollError> {
    use crate::gitops::render;
    let usage = |e: &dyn std::fmt::Display| RollError::Usage(e.to_string());
    let mut all = Vec::new();
    for f in files {
        all.extend(if f.as_os_str() == "-" {
            render::stdin().map_err(|e| usage(&e))?
        } else {
            crate::files::manifest::read_named(f).map_err(|e| usage(&e))?
        });
    }
    if let Some(dir) = kustomize {
        all.extend(render::kustomize(dir).map_err(|e| usage(&e))?);
    }
    let mut manifests = BTreeMap::new();
    for doc in all {
        // A pool's manifest is its template, held as a VirtualMachine under the pool's name.
        if doc.get("kind").and_then(Value::as_str) == Some(crate::kubevirt::pool::POOL_KIND) {
            if let Some((name, vm)) = crate::roll::pool::manifest_as_vm(&doc) {
                manifests.insert(name, vm);
            }
            continue;
        }
        if doc.get("kind").and_then(Value::as_str) == Some("VirtualMachine") {
            if let Some(name) = doc.pointer("/metadata/name").and_then(Value::as_str) {
                manifests.insert(name.to_string(), doc.clone());
            }
        }
    }
    Ok(manifests)
}

async fn start(
    global: &GlobalArgs,
    cmd: StartCommand,
    deadline: Option<Duration>,
) -> Result<ExitStatus, RollError> {
    let mut change = cmd.change;
    change.manifests = read_manifests(&cmd.files, cmd.kustomize.as_deref())?;
    let mut d = driver_for(global, &cmd.selection).await?;
    // VMs are matched by name: a rendered overlay of another namespace (prod's, rolled with
    // staging's -n) would give same-named VMs another environment's spec.
    if let Some(other) = change
        .manifests
        .values()
        .filter_map(|m| m.pointer("/metadata/namespace").and_then(Value::as_str))
        .find(|ns| *ns != d.namespace)
    {
        return Err(RollError::Usage(format!(
            "the manifests are for namespace {other}, the rollout is in {}: run with -n {other}",
            d.namespace
        )));
    }
    d.lease.seconds = cmd.lease_seconds;
    let spec = cmd.spec;
    let existing = match d.read().await {
        // A user who may not even read the Lease lacks more: list every right the command
        // could use (as the later, exact check would), not only the first refusal.
        Err(e) if e.code() == Some(403) => {
            preflight(
                &d,
                Needs::for_spec(spec.min_action, spec.max_action, Some(&change)),
            )
            .await?;
            return Err(e);
        }
        read => read?,
    };
    let revision = match transition::begin(existing.as_ref().map(|(r, _, _)| r), &change) {
        Ok(Begin::Continue(rec)) => {
            eprintln!("rollout {}: resuming revision {}", d.rollout, rec.revision);
            preflight(&d, resume_needs(rec)).await?;
            d.acquire(rec, false).await?;
            return drive(&mut d, deadline).await;
        }
        Ok(Begin::Revision(n)) => n,
        Err(source) => {
            return Err(RollError::Transition {
                rollout: d.rollout.clone(),
                source,
            })
        }
    };
    if change.is_empty() {
        return Err(RollError::Usage(
            "nothing to change: give -f, -k, --set-memory, --set-cpu, --set-instancetype, --set-image, --set-label, --set-annotation or --patch".into(),
        ));
    }
    // The rights every action this rollout allows would use, asked now: the answers come
    // while the watches list the VMs, and only what the VMs need is judged below.
    let early_checks = (!cmd.dry_run).then(|| {
        let most = Needs {
            create_lease: existing.is_none(),
            ..Needs::for_spec(spec.min_action, spec.max_action, Some(&change))
                .with_pool(cmd.selection.pool.is_some())
        };
        driver::EarlyChecks::start(&d.client, &d.namespace, &most)
    });
    let mut spec = spec;
    spec.seed = transition::seed(&d.rollout, revision);
    let cause = cmd.cause.clone().unwrap_or_else(|| {
        let argv: Vec<String> = std::env::args().skip(1).collect();
        format!("kubectl vmmigrate {}", argv.join(" "))
    });
    let (selector, pool) = match &cmd.selection.pool {
        Some(name) => pool_roll(&d, name, &change, &spec).await?,
        None => (cmd.selection.selector.clone(), None),
    };
    let mut rec = RolloutRecord {
        revision,
        status: Status::Progressing,
        spec,
        state: RolloutState::default(),
        change,
        selector,
        names: cmd.selection.names.clone(),
        cause,
        message: None,
        started_ms: driver::now_ms(),
        rollback_to: None,
        probe: cmd.probe,
        revision_history_limit: Some(cmd.revision_history_limit),
        pool,
    };
    // The rollout's watches start now, not when it starts driving: what the checks below
    // observe comes from their caches, so the VMs are not listed twice.
    if !cmd.dry_run {
        d.start_watching(rec.selector.as_deref()).await;
    }
    let (observed, objs) = d.observe(&rec).await?;
    if observed.is_empty() && rec.pool.is_none() {
        return Err(RollError::NotFound(format!(
            "no VirtualMachine matches in namespace {}",
            d.namespace
        )));
    }
    let template_same = rec.pool.as_ref().is_none_or(|p| p.template == p.before);
    if template_same && observed.iter().all(|o| o.needed.is_none()) {
        eprintln!(
            "all {} VM(s) are already up to date; nothing to roll out",
            observed.len()
        );
        return Ok(ExitStatus::Success);
    }
    // Every right the rollout will use, and virt-api when a VM may restart, before the
    // first write (the Lease) and before asking for confirmation.
    if let Some(checks) = early_checks {
        let levels = observed
            .iter()
            .filter_map(|o| o.needed.map(|n| n.max(rec.spec.min_action)))
            .filter(|l| *l <= rec.spec.max_action);
        checks
            .finish(Needs::for_levels(levels, existing.is_none()).with_pool(rec.pool.is_some()))
            .await?;
    }
    if cmd.dry_run
        || (!cmd.yes && std::io::stdin().is_terminal() && std::io::stderr().is_terminal())
    {
        let objects: BTreeMap<String, Value> = objs
            .iter()
            .map(|(n, vm)| {
                (
                    n.clone(),
                    serde_json::to_value(&**vm).unwrap_or(Value::Null),
                )
            })
            .collect();
        let text = dry_run_text(&d, &rec, &observed, &objects);
        if cmd.dry_run {
            return Ok(common::write_stdout(&text)
                .err()
                .unwrap_or(ExitStatus::Success));
        }
        eprint!("{text}Roll out to these {} VM(s)? [y/N] ", observed.len());
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
        if !matches!(line.trim(), "y" | "Y" | "yes") {
            eprintln!("cancelled");
            return Ok(ExitStatus::Aborted);
        }
    }
    d.surge_room(&mut rec, &observed, &objs).await?;
    d.acquire(&rec, true).await?;
    if existing.is_some() {
        d.save(&rec).await?;
    }
    if let Err(e) = d.record_revision(&rec).await {
        // A rollout left Progressing before it started would block every later roll
        // ("roll resume, roll abort or wait for it first"): record it as failed, let go.
        let failed = transition::not_started(&rec, &e.to_string());
        let _ = d.save(&failed).await;
        let _ = d.release().await;
        return Err(e);
    }
    drive(&mut d, deadline).await
}

/// A pool roll (`roll vmpool/NAME`): the pool's template takes the change, its replicas
/// (selected by the pool's labels) are the VMs.
async fn pool_roll(
    d: &Driver,
    name: &str,
    change: &Change,
    spec: &RolloutSpec,
) -> Result<(Option<String>, Option<crate::roll::pool::PoolRoll>), RollError> {
    let found = d.read_pool(name).await?.ok_or_else(|| {
        RollError::NotFound(format!(
            "virtualmachinepools.pool.kubevirt.io \"{name}\" not found in namespace {}",
            d.namespace
        ))
    })?;
    let roll = crate::roll::pool::begin(&found, change, spec.max_surge)?;
    Ok((Some(crate::roll::pool::selector(&found)?), Some(roll)))
}

fn dry_run_text(
    d: &Driver,
    rec: &RolloutRecord,
    observed: &[planner::ObservedVm],
    objs: &BTreeMap<String, Value>,
) -> String {
    let mut rows = vec![];
    let mut diffs = String::new();
    let mut disruptive = 0u32;
    for o in observed {
        let action = o
            .needed
            .map(|n| n.max(rec.spec.min_action))
            .map(|l| {
                if l > rec.spec.max_action {
                    format!("skip (needs {l})")
                } else {
                    if l > Level::None {
                        disruptive += 1;
                    }
                    l.to_string()
                }
            })
            .unwrap_or_else(|| "up to date".into());
        rows.push(vec![o.name.clone(), action]);
        if let Some(cur) = objs.get(&o.name) {
            let tgt = d.target_of(rec, cur).unwrap_or_else(|| cur.clone());
            let mut lines = vec![];
            diff_values(
                "",
                cur.get("spec").unwrap_or(&Value::Null),
                tgt.get("spec").unwrap_or(&Value::Null),
                "spec",
                &mut lines,
            );
            for k in ["labels", "annotations"] {
                diff_values(
                    "",
                    cur.pointer(&format!("/metadata/{k}"))
                        .unwrap_or(&Value::Null),
                    tgt.pointer(&format!("/metadata/{k}"))
                        .unwrap_or(&Value::Null),
                    &format!("metadata.{k}"),
                    &mut lines,
                );
            }
            if !lines.is_empty() {
                diffs.push_str(&format!("{}:\n", o.name));
                for l in lines {
                    diffs.push_str(&format!("  {l}\n"));
                }
            }
        }
    }
    let budget = crate::roll::budget::Budget::resolve(
        rec.spec.max_unavailable,
        rec.spec.max_surge,
        u32::try_from(observed.len()).unwrap_or(u32::MAX),
    );
    let per_batch = budget.max_unavailable.max(1);
    let batches = disruptive.div_ceil(per_batch);
    let mut out = table::render(&["NAME", "ACTION"], &rows);
    if let Some(p) = &rec.pool {
        let mut lines = vec![];
        diff_values(
            "",
            &p.before,
            &p.template,
            "spec.virtualMachineTemplate",
            &mut lines,
        );
        out.push_str(&format!(
            "\nvirtualmachinepool/{}: {}, updateStrategy unmanaged (the plugin rolls the replicas){}\n",
            p.name,
            if lines.is_empty() { "template unchanged".to_string() } else { format!("template changed ({} field(s))", lines.len()) },
            if p.surge > 0 { format!(", scaled {} -> {} while rolling", p.replicas, p.replicas.saturating_add(p.surge)) } else { String::new() }
        ));
        for l in lines {
            out.push_str(&format!("  {l}\n"));
        }
        for o in &p.objects {
            let source = o
                .pointer("/spec/source")
                .map(|v| format!(" ({v})"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  + {}/{}{source}\n",
                o["kind"].as_str().unwrap_or_default().to_lowercase(),
                o["metadata"]["name"].as_str().unwrap_or_default()
            ));
        }
    }
    out.push_str(&format!(
        "\nBatches: {batches} of up to {per_batch} disruptive update(s) (max-unavailable {}, max-surge {}){}\n",
        budget.max_unavailable,
        budget.max_surge,
        if rec.spec.canary > 0 { format!(", after a canary of {}", rec.spec.canary) } else { String::new() }
    ));
    if !diffs.is_empty() {
        out.push_str("\nChanges:\n");
        out.push_str(&diffs);
    }
    out
}

fn diff_values(prefix: &str, a: &Value, b: &Value, key: &str, out: &mut Vec<String>) {
    let path = if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                if k.starts_with(ladder::OWN_PREFIX) {
                    continue;
                }
                diff_values(
                    &path,
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    k,
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff_values(&path, p, q, &i.to_string(), out);
            }
        }
        _ if a == b => {}
        (Value::Null, _) => out.push(format!("+ {path}: {b}")),
        (_, Value::Null) => out.push(format!("- {path}: {a}")),
        _ => out.push(format!("~ {path}: {a} -> {b}")),
    }
}

/// `roll status` without a selection: one line per rollout, like `kubectl get`.
async fn list_rollouts(global: &GlobalArgs, all_namespaces: bool) -> Result<ExitStatus, RollError> {
    let client = crate::cluster::connect(&global.connect_options())
        .await
        .map_err(|e| RollError::Connect(e.to_string()))?;
    let namespace = global
        .namespace
        .clone()
        .unwrap_or_else(|| client.default_namespace().to_string());
    let found =
        driver::list_rollouts(client, (!all_namespaces).then_some(namespace.as_str())).await?;
    let text = match global.output {
        Some(OutputArg::Json) => format!(
            "{}\n",
            serde_json::to_string_pretty(&found).unwrap_or_default()
        ),
        _ if found.is_empty() => {
            if all_namespaces {
                eprintln!("No rollouts found.");
            } else {
                eprintln!("No rollouts found in {namespace} namespace.");
            }
            return Ok(ExitStatus::Success);
        }
        _ => {
            let mut headers = vec!["rollout", "revision", "status", "selection", "cause"];
            if all_namespaces {
                headers.insert(0, "namespace");
            }
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|f| {
                    let selection = match (&f.record.pool, &f.record.selector) {
                        (Some(p), _) => format!("vmpool/{}", p.name),
                        (None, Some(sel)) => format!("-l {sel}"),
                        (None, None) => f.record.names.join(","),
                    };
                    let mut row = vec![
                        f.rollout.clone(),
                        f.record.revision.to_string(),
                        format!("{:?}", f.record.status),
                        selection,
                        f.record.cause.clone(),
                    ];
                    if all_namespaces {
                        row.insert(0, f.namespace.clone());
                    }
                    row
                })
                .collect();
            table::render(&headers, &rows)
        }
    };
    Ok(common::write_stdout(&text)
        .err()
        .unwrap_or(ExitStatus::Success))
}

fn print_status(global: &GlobalArgs, r: &StatusReport) -> Result<(), RollError> {
    let text = match global.output {
        Some(OutputArg::Json) => {
            format!("{}\n", serde_json::to_string_pretty(r).unwrap_or_default())
        }
        _ => {
            let s = &r.summary;
            let mut t = format!(
                "rollout {} revision {}: {:?}{}\nupdated {}/{}, ready {}, available {}, unavailable {} (max {}), in flight {}, failed {}, skipped {}{}\n",
                r.rollout,
                r.revision,
                r.status,
                r.message.as_ref().map(|m| format!(" ({m})")).unwrap_or_default(),
                s.updated,
                s.total,
                s.ready,
                s.available,
                s.unavailable,
                s.max_unavailable,
                s.in_flight,
                s.failed,
                s.skipped,
                r.eta_seconds.map(|e| format!(", ETA {e}s")).unwrap_or_default(),
            );
            t.push_str(&table::render(
                &["NAME", "ACTION", "STATE", "READY"],
                &r.vms
                    .iter()
                    .map(|v| {
                        vec![
                            v.name.clone(),
                            v.action
                                .map(|a| a.to_string())
                                .unwrap_or_else(|| "-".into()),
                            v.state.clone(),
                            v.ready.to_string(),
                        ]
                    })
                    .collect::<Vec<_>>(),
            ));
            t
        }
    };
    if let Err(ExitStatus::Failure) = common::write_stdout(&text) {
        return Err(RollError::Output);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(selector: Option<&str>, names: &[&str]) -> Selection {
        Selection {
            selector: selector.map(String::from),
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn a_pool_is_selected_by_any_of_kubectls_spellings_as_one_rollout() {
        for form in [
            "vmpool/web",
            "vmpools/web",
            "virtualmachinepool.pool.kubevirt.io/web",
        ] {
            let t = target(sel(None, &[form])).expect(form);
            assert_eq!(t.pool.as_deref(), Some("web"));
            assert_eq!(t.names, vec!["vmpool/web".to_string()], "{form}");
            assert!(t.selector.is_none());
        }
        let vms = target(sel(None, &["web-0", "web-1"])).unwrap();
        assert!(vms.pool.is_none());
        for bad in [
            sel(None, &["vmpool/web", "web-0"]),
            sel(Some("app=web"), &["vmpool/web"]),
            sel(None, &["vm/web-0"]),
        ] {
            assert!(matches!(target(bad), Err(RollError::Usage(_))));
        }
    }
}

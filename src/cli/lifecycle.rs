//! `kubectl vmmigrate start|stop|restart|migrate (-l SELECTOR | NAME...)`: KubeVirt's
//! lifecycle actions on many VMs within one budget, with `pause`/`resume`/`abort`/`history`
//! subcommands. The rules are `crate::roll::lifecycle`, the cluster side
//! `crate::cluster::lifecycle`; this file parses, confirms and prints. `evacuate` (in
//! `evacuate.rs`) shares the run and the printing.

use super::common::{self, ExitStatus};
use super::roll::Selection;
use super::GlobalArgs;
use crate::cluster::lifecycle::{Ending, Op, OpRecord, OpStatus, Report, RunOptions, Session};
use crate::output::table;
use crate::roll::budget::IntOrPercent;
use crate::roll::lifecycle::{self as rules, Decision, OpSpec, Verb, VmView};
use crate::roll::RollError;
use std::io::IsTerminal;
use std::time::Instant;

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  # Restart every VM labelled app=web, two at a time, and wait until they are Ready\n  kubectl vmmigrate restart -l app=web --max-unavailable 2 --wait --yes\n\n  # See the plan per VM, change nothing\n  kubectl vmmigrate migrate -l app=db --dry-run\n\nExit status: 0 done, 1 failed or some VMs not done (skipped, failed), 2 usage error,\n3 timed out (--timeout, re-run to go on), 4 aborted (declined, or `abort`)."
)]
pub struct LifecycleArgs {
    #[command(subcommand)]
    pub command: Option<Steer>,
    #[command(flatten)]
    pub selection: Selection,
    #[command(flatten)]
    pub run: RunArgs,
    /// stop: seconds the guest gets to shut down (KubeVirt's StopOptions.gracePeriod).
    #[arg(long, value_name = "SECONDS")]
    pub grace_period: Option<i64>,
    /// migrate: restart the VMs that cannot live-migrate instead of leaving them alone.
    #[arg(long)]
    pub allow_restart: bool,
}

/// Flags every lifecycle verb (and `evacuate`) shares.
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// VMs that may be unavailable (or in flight) at once (count or percentage).
    #[arg(long, default_value = "1", value_name = "N|N%")]
    pub max_unavailable: IntOrPercent,
    /// Seconds a VM must stay Ready before it counts as available.
    #[arg(long, default_value_t = 0.0, value_name = "SECONDS")]
    pub min_ready: f64,
    /// Seconds one VM may take before it counts as failed.
    #[arg(long, default_value_t = 600.0, value_name = "SECONDS")]
    pub progress_deadline: f64,
    /// Failed VMs after which the operation stops.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub failure_threshold: u32,
    /// Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH`
    /// (2xx/3xx) against the VMI's address, checked on every pass until the VM is done.
    #[arg(long, value_name = "tcp:PORT|http:PORT/PATH")]
    pub probe: Option<String>,
    /// Print the plan per VM; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
    // `--wait[=BOOL]`: wait until every VM got there (Ready, or stopped); without it the
    // command returns once the last action was asked (earlier ones still wait for the
    // budget). `--timeout`: how long the command may take; then exit 3, and the same command
    // goes on where it stopped.
    #[command(flatten)]
    pub waiting: super::waiting::WaitArgs,
    /// Seconds the operation's Lease lasts without renewal: how long another client waits
    /// before taking over from one that died.
    #[arg(long, default_value_t = crate::cluster::rollout::LEASE_SECONDS, value_name = "SECONDS")]
    pub lease_duration: u64,
    /// Cause recorded in the history (default: the command line).
    #[arg(long, value_name = "TEXT")]
    pub cause: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Steer {
    /// Pause the operation (VMs in flight finish; nothing new starts).
    Pause {
        #[command(flatten)]
        selection: Selection,
        // One write: done when it is written, so --wait has nothing more to wait for.
        #[command(flatten)]
        waiting: super::waiting::DriveWaitArgs,
    },
    /// Resume a paused operation, or go on with one whose client died.
    Resume {
        #[command(flatten)]
        selection: Selection,
        #[command(flatten)]
        waiting: super::waiting::WaitArgs,
    },
    /// Stop the operation (VMs in flight finish); its client exits with 4.
    Abort {
        #[command(flatten)]
        selection: Selection,
        // One write: done when it is written, so --wait has nothing more to wait for.
        #[command(flatten)]
        waiting: super::waiting::DriveWaitArgs,
    },
    /// List the ended operations of this verb in the namespace.
    History,
}

pub(super) fn fail(e: RollError) -> ExitStatus {
    match &e {
        RollError::Server { .. } => eprintln!("{e}"),
        RollError::NotFound(m) if m.starts_with("Error from server") => eprintln!("{e}"),
        _ => eprintln!("error: {e}"),
    }
    match e {
        RollError::Usage(_) => ExitStatus::Usage,
        _ => ExitStatus::Failure,
    }
}

pub(super) fn secs_ms(s: f64, flag: &str) -> Result<u64, RollError> {
    if !s.is_finite() || s < 0.0 {
        return Err(RollError::Usage(format!(
            "{flag} must be a number of seconds >= 0"
        )));
    }
    Ok((s * 1000.0) as u64)
}

/// The operation's fixed spec from the shared flags.
pub(super) fn spec_of(
    verb: Verb,
    run: &RunArgs,
    allow_restart: bool,
    node: Option<String>,
) -> Result<OpSpec, RollError> {
    Ok(OpSpec {
        verb,
        max_unavailable: run.max_unavailable,
        min_ready_ms: secs_ms(run.min_ready, "--min-ready")?,
        progress_deadline_ms: secs_ms(run.progress_deadline, "--progress-deadline")?,
        allow_restart,
        node,
        failure_threshold: run.failure_threshold,
        probe: run.probe.as_deref().map(str::parse).transpose()?,
    })
}

fn key_of(sel: &Selection) -> String {
    let mut names = sel.names.clone();
    names.sort();
    serde_json::json!({"selector": sel.selector, "names": names}).to_string()
}

fn check_selection(sel: &Selection) -> Result<(), RollError> {
    match (&sel.selector, sel.names.is_empty()) {
        (Some(_), false) => Err(RollError::Usage(
            "give either -l SELECTOR or VM names, not both".into(),
        )),
        (None, true) => Err(RollError::Usage(
            "give the VMs: -l SELECTOR or one or more VM names".into(),
        )),
        _ => Ok(()),
    }
}

/// A tokio runtime, the client and the namespace; then `f`.
pub(super) fn with_cluster<F, Fut>(global: &GlobalArgs, f: F) -> ExitStatus
where
    F: FnOnce(Session) -> Fut,
    Fut: std::future::Future<Output = Result<ExitStatus, RollError>>,
{
    let rt = match crate::cluster::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitStatus::Failure;
        }
    };
    rt.block_on(async move {
        let session =
            match Session::connect(&global.connect_options(), global.namespace.clone()).await {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
        match f(session).await {
            Ok(s) => s,
            Err(e) => fail(e),
        }
    })
}

pub fn run(global: &GlobalArgs, verb: Verb, args: LifecycleArgs) -> ExitStatus {
    // Usage errors before any I/O.
    let checked = (|| {
        if args.grace_period.is_some() && verb != Verb::Stop {
            return Err(RollError::Usage(
                "--grace-period is a flag of `stop`".into(),
            ));
        }
        if args.grace_period.is_some_and(|g| g < 0) {
            return Err(RollError::Usage(
                "--grace-period must be a number of seconds >= 0".into(),
            ));
        }
        if args.allow_restart && verb != Verb::Migrate {
            return Err(RollError::Usage(
                "--allow-restart is a flag of `migrate` and `evacuate`".into(),
            ));
        }
        match &args.command {
            None => check_selection(&args.selection),
            Some(Steer::Pause { selection, .. })
            | Some(Steer::Resume { selection, .. })
            | Some(Steer::Abort { selection, .. }) => check_selection(selection),
            Some(Steer::History) => Ok(()),
        }?;
        spec_of(verb, &args.run, args.allow_restart, None)
    })();
    let spec = match checked {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    with_cluster(global, |session| async move {
        match args.command {
            Some(Steer::History) => history(&session, verb).await,
            Some(Steer::Pause { selection, .. }) => {
                steer(
                    session.op(verb, &key_of(&selection)),
                    verb,
                    OpStatus::Paused,
                )
                .await
            }
            Some(Steer::Abort { selection, .. }) => {
                steer(
                    session.op(verb, &key_of(&selection)),
                    verb,
                    OpStatus::Aborted,
                )
                .await
            }
            Some(Steer::Resume { selection, waiting }) => {
                let mut op = session.op(verb, &key_of(&selection));
                op.set_status(OpStatus::Progressing).await?;
                eprintln!("{verb} {}: resumed", op.name);
                op.lease.seconds = args.run.lease_duration;
                // `resume --wait --timeout` are the resumed run's.
                let run = RunArgs {
                    waiting,
                    ..args.run.clone()
                };
                resume_if_orphaned(op, &run, args.grace_period).await
            }
            None => {
                let sel = args.selection;
                let mut op = session.op(verb, &key_of(&sel));
                op.lease.seconds = args.run.lease_duration;
                let begin = Begin {
                    spec,
                    run: &args.run,
                    grace_period: args.grace_period,
                    unmovable: vec![],
                    checked: false,
                };
                if let Some(s) = resume_existing(&mut op, &begin).await? {
                    return Ok(s);
                }
                let vms = op.select(sel.selector.as_deref(), &sel.names).await?;
                begin_new(op, vms, begin).await
            }
        }
    })
}

/// What a new or resumed operation starts from.
pub(super) struct Begin<'a> {
    pub spec: OpSpec,
    pub run: &'a RunArgs,
    pub grace_period: Option<i64>,
    /// Evacuate: instances on the node that no VM owns (listed as unable to leave).
    pub unmovable: Vec<String>,
    /// The rights were checked already (evacuate checks before it cordons).
    pub checked: bool,
}

pub(super) async fn steer(op: Op, verb: Verb, status: OpStatus) -> Result<ExitStatus, RollError> {
    op.set_status(status).await?;
    let word = match status {
        OpStatus::Paused => "paused",
        OpStatus::Aborted => "aborted",
        OpStatus::Progressing => "resumed",
    };
    eprintln!("{verb} {}: {word}", op.name);
    Ok(ExitStatus::Success)
}

/// `resume`: when no live client holds the operation, drive it here.
pub(super) async fn resume_if_orphaned(
    mut op: Op,
    run: &RunArgs,
    grace_period: Option<i64>,
) -> Result<ExitStatus, RollError> {
    let Some((rec, holder, expires)) = op.read().await? else {
        return Ok(ExitStatus::Success);
    };
    if holder.is_some() && crate::cluster::rollout::now_ms() < expires {
        return Ok(ExitStatus::Success);
    }
    op.preflight(&rec.spec, false, false).await?;
    let (rec, _) = op.acquire(rec).await?;
    drive(&mut op, &rec, run, grace_period, &[]).await
}

/// The same command again while its operation exists: go on with it (once its Lease has
/// expired), whatever the flags say now, as `roll` does.
pub(super) async fn resume_existing(
    op: &mut Op,
    b: &Begin<'_>,
) -> Result<Option<ExitStatus>, RollError> {
    let found = match op.read().await {
        Ok(found) => found,
        Err(e) => return Err(every_missing_right(op, &b.spec, false, e).await),
    };
    let Some((rec, _, _)) = found else {
        return Ok(None);
    };
    if b.run.dry_run {
        let views = op.views(&rec).await?;
        let text = plan_text(&rec.spec, &views);
        return Ok(Some(
            common::write_stdout(&format!(
                "{} {} is in progress; what is left:\n{text}",
                rec.spec.verb, op.name
            ))
            .err()
            .unwrap_or(ExitStatus::Success),
        ));
    }
    if !b.checked {
        op.preflight(&rec.spec, false, false).await?;
    }
    let (rec, _) = op.acquire(rec).await?;
    eprintln!(
        "{} {}: resuming the operation begun by `{}`",
        rec.spec.verb, op.name, rec.cause
    );
    Ok(Some(
        drive(op, &rec, b.run, b.grace_period, &b.unmovable).await?,
    ))
}

/// A read refused (403) before anything was written: say every right the operation lacks,
/// as the preflight would, rather than only the first one the server refused.
pub(super) async fn every_missing_right(
    op: &Op,
    spec: &OpSpec,
    cordon: bool,
    refused: RollError,
) -> RollError {
    if matches!(&refused, RollError::Server { code: 403, .. }) {
        if let Err(listed) = op.preflight(spec, true, cordon).await {
            return listed;
        }
    }
    refused
}

/// A new operation on `vms`: the plan (printed with `--dry-run`, or confirmed on a
/// terminal), then the Lease, then the run.
pub(super) async fn begin_new(
    mut op: Op,
    vms: Vec<String>,
    b: Begin<'_>,
) -> Result<ExitStatus, RollError> {
    let now = crate::cluster::rollout::now_ms();
    let rec = OpRecord {
        id: format!("{now:x}"),
        spec: b.spec.clone(),
        vms,
        cause: b
            .run
            .cause
            .clone()
            .unwrap_or_else(|| format!("kubectl vmmigrate {}", command_line())),
        status: OpStatus::Progressing,
        started_ms: now,
    };
    let views = op.views(&rec).await?;
    let mut text = plan_text(&rec.spec, &views);
    for i in &b.unmovable {
        text.push_str(&format!(
            "virtualmachineinstance/{i} cannot leave: no VirtualMachine owns it\n"
        ));
    }
    if b.run.dry_run {
        return Ok(common::write_stdout(&text)
            .err()
            .unwrap_or(ExitStatus::Success));
    }
    if !b.run.yes && std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        eprint!(
            "{text}{} these {} VM(s)? [y/N] ",
            capitalised(rec.spec.verb.as_str()),
            views.len()
        );
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
        if !matches!(line.trim(), "y" | "Y" | "yes") {
            eprintln!("cancelled");
            return Ok(ExitStatus::Aborted);
        }
    }
    if !b.checked {
        op.preflight(&rec.spec, true, false).await?;
    }
    let (rec, _) = op.acquire(rec).await?;
    drive(&mut op, &rec, b.run, b.grace_period, &b.unmovable).await
}

/// Run to the end and print the report (stdout) and the exit status.
async fn drive(
    op: &mut Op,
    rec: &OpRecord,
    run: &RunArgs,
    grace_period: Option<i64>,
    unmovable: &[String],
) -> Result<ExitStatus, RollError> {
    let opts = RunOptions {
        grace_period,
        wait: run.waiting.wait,
        deadline: (!run.waiting.timeout.is_zero()).then(|| Instant::now() + run.waiting.timeout),
        verbose: true,
    };
    let report = op.run(rec, &opts).await?;
    let mut out = report_text(&report);
    for i in unmovable {
        out.push_str(&format!(
            "virtualmachineinstance/{i} cannot leave: no VirtualMachine owns it\n"
        ));
    }
    if let Err(s) = common::write_stdout(&out) {
        return Ok(s);
    }
    Ok(exit_of(&report, !unmovable.is_empty(), rec, &op.name))
}

fn exit_of(report: &Report, unmovable: bool, rec: &OpRecord, name: &str) -> ExitStatus {
    let c = report.counts;
    match &report.ending {
        Ending::TimedOut => {
            eprintln!(
                "error: timed out: {} of {} VM(s) done; the same command goes on where it stopped ({} {name})",
                c.done, c.total, rec.spec.verb
            );
            ExitStatus::TimedOut
        }
        Ending::Aborted => ExitStatus::Aborted,
        Ending::Failed(reason) => {
            eprintln!("error: {} {name} failed: {reason}", rec.spec.verb);
            ExitStatus::Failure
        }
        Ending::Complete | Ending::Issued if report.incomplete() || unmovable => {
            eprintln!(
                "error: {} of {} VM(s) not done: {} skipped, {} failed",
                c.skipped + c.failed,
                c.total,
                c.skipped,
                c.failed
            );
            ExitStatus::Failure
        }
        Ending::Complete | Ending::Issued => ExitStatus::Success,
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn command_line() -> String {
    cause_of(std::env::args().skip(1))
}

/// The command line as a change cause, without `--kubeconfig PATH` (a local path says
/// nothing to the next reader and may name a user's home).
fn cause_of(args: impl Iterator<Item = String>) -> String {
    let mut out = vec![];
    let mut skip_next = false;
    for a in args {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if a == "--kubeconfig" {
            skip_next = true;
            continue;
        }
        if !a.starts_with("--kubeconfig=") {
            out.push(a);
        }
    }
    out.join(" ")
}

/// The per-VM plan (`--dry-run` and the confirmation): what each VM gets and why not.
pub(super) fn plan_text(spec: &OpSpec, views: &[VmView]) -> String {
    let mut acting = 0u32;
    let rows: Vec<Vec<String>> = views
        .iter()
        .map(|v| {
            let node = v
                .vmi
                .as_ref()
                .map(|i| i.node.clone())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "<none>".into());
            let (action, detail) = match rules::decide(spec, v) {
                Decision::Act(k) => {
                    acting += 1;
                    (k.to_string(), String::new())
                }
                Decision::Skip(r) => ("-".to_string(), format!("cannot: {r}")),
                Decision::Unchanged(r) => ("-".to_string(), r),
            };
            vec![v.name.clone(), node, action, detail]
        })
        .collect();
    let mut t = table::render(&["NAME", "NODE", "ACTION", "DETAIL"], &rows);
    let k = crate::roll::budget::Budget::resolve(
        spec.max_unavailable,
        IntOrPercent::Count(0),
        u32::try_from(views.len()).unwrap_or(u32::MAX),
    )
    .max_unavailable;
    t.push_str(&format!(
        "\n{acting} VM(s) to {}, at most {k} at a time (max-unavailable {})\n",
        spec.verb, spec.max_unavailable
    ));
    t
}

/// The final report: one line per VM.
pub(super) fn report_text(r: &Report) -> String {
    let rows: Vec<Vec<String>> = r
        .vms
        .iter()
        .map(|v| {
            vec![
                v.name.clone(),
                if v.node.is_empty() {
                    "<none>".into()
                } else {
                    v.node.clone()
                },
                v.result.clone(),
                v.detail.clone(),
            ]
        })
        .collect();
    table::render(&["NAME", "NODE", "RESULT", "DETAIL"], &rows)
}

pub(super) async fn history(session: &Session, verb: Verb) -> Result<ExitStatus, RollError> {
    let entries = session.history(verb).await?;
    if entries.is_empty() {
        eprintln!(
            "No {verb} operations found in {} namespace.",
            session.namespace
        );
        return Ok(ExitStatus::Success);
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.name.clone(),
                e.ending.clone(),
                e.counts.clone(),
                e.cause.clone(),
            ]
        })
        .collect();
    Ok(common::write_stdout(&table::render(
        &["NAME", "ENDING", "RESULT", "CAUSE"],
        &rows,
    ))
    .err()
    .unwrap_or(ExitStatus::Success))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cause_leaves_the_kubeconfig_out() {
        let args = |s: &str| {
            s.split(' ')
                .map(str::to_string)
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            cause_of(args(
                "--kubeconfig /home/me/kc -n web restart -l app=web --yes"
            )),
            "-n web restart -l app=web --yes"
        );
        assert_eq!(cause_of(args("restart --kubeconfig=/x a b")), "restart a b");
    }
}

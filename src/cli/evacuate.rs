//! `kubectl vmmigrate evacuate NODE`: every VM whose instance runs on NODE leaves it within
//! the budget, live-migrated where it can be (restarted elsewhere only with
//! `--allow-restart`), optionally after cordoning the node; what cannot leave is listed with
//! KubeVirt's reason and the exit status says so. The run is `lifecycle`'s.

use super::common::ExitStatus;
use super::lifecycle::{self, Begin, RunArgs};
use super::waiting::{DriveWaitArgs, WaitArgs};
use super::GlobalArgs;
use crate::cluster::lifecycle::OpStatus;
use crate::roll::lifecycle::Verb;
use crate::roll::RollError;

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  # Drain the VMs off node-1 two at a time, cordoning it first\n  kubectl vmmigrate evacuate node-1 --cordon --max-unavailable 2 --wait --yes\n\nExit status: 0 every VM left, 1 some could not (listed with the reason), 2 usage error,\n3 timed out (re-run to go on), 4 aborted."
)]
pub struct EvacuateArgs {
    #[command(subcommand)]
    pub command: Option<EvacuateSteer>,
    /// The node to empty.
    #[arg(value_name = "NODE")]
    pub node: Option<String>,
    /// Mark the node unschedulable first (`kubectl cordon`), so nothing comes back.
    #[arg(long)]
    pub cordon: bool,
    /// Restart elsewhere the VMs that cannot live-migrate instead of leaving them there.
    #[arg(long)]
    pub allow_restart: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, clap::Subcommand)]
pub enum EvacuateSteer {
    /// Pause the evacuation of NODE.
    Pause {
        node: String,
        // One write: done when it is written, so --wait has nothing more to wait for.
        #[command(flatten)]
        waiting: DriveWaitArgs,
    },
    /// Resume it (or go on with one whose client died).
    Resume {
        node: String,
        #[command(flatten)]
        waiting: WaitArgs,
    },
    /// Stop it; its client exits with 4.
    Abort {
        node: String,
        // One write: done when it is written, so --wait has nothing more to wait for.
        #[command(flatten)]
        waiting: DriveWaitArgs,
    },
    /// List the ended evacuations of the namespace.
    History,
}

fn key(node: &str) -> String {
    format!("node={node}")
}

pub fn run(global: &GlobalArgs, args: EvacuateArgs) -> ExitStatus {
    let node = match (&args.command, &args.node) {
        (None, None) => {
            return lifecycle::fail(RollError::Usage("give the NODE to evacuate".into()))
        }
        (_, n) => n.clone().unwrap_or_default(),
    };
    let spec = match lifecycle::spec_of(
        Verb::Evacuate,
        &args.run,
        args.allow_restart,
        Some(node.clone()),
    ) {
        Ok(s) => s,
        Err(e) => return lifecycle::fail(e),
    };
    lifecycle::with_cluster(global, |session| async move {
        let verb = Verb::Evacuate;
        match &args.command {
            Some(EvacuateSteer::Pause { node, .. }) => {
                return lifecycle::steer(session.op(verb, &key(node)), verb, OpStatus::Paused).await
            }
            Some(EvacuateSteer::Abort { node, .. }) => {
                return lifecycle::steer(session.op(verb, &key(node)), verb, OpStatus::Aborted)
                    .await
            }
            Some(EvacuateSteer::History) => return lifecycle::history(&session, verb).await,
            Some(EvacuateSteer::Resume { node, waiting }) => {
                lifecycle::steer(session.op(verb, &key(node)), verb, OpStatus::Progressing).await?;
                let mut op = session.op(verb, &key(node));
                op.lease.seconds = args.run.lease_duration;
                // `resume --wait --timeout` are the resumed run's.
                let run = RunArgs {
                    waiting: waiting.clone(),
                    ..args.run.clone()
                };
                return lifecycle::resume_if_orphaned(op, &run, None).await;
            }
            None => {}
        }
        let mut op = session.op(verb, &key(&node));
        op.lease.seconds = args.run.lease_duration;
        let cordoned = match op.node_cordoned(&node).await {
            Ok(c) => c,
            Err(e) => return Err(lifecycle::every_missing_right(&op, &spec, args.cordon, e).await),
        };
        let Some(cordoned) = cordoned else {
            return Err(RollError::NotFound(format!(
                "Error from server (NotFound): nodes \"{node}\" not found"
            )));
        };
        if args.allow_restart && !args.cordon && !cordoned {
            eprintln!("warning: --allow-restart without --cordon: a restarted VM may be scheduled on {node} again, and then counts as failed");
        }
        // Rights before the first write (the cordon): a user who may not migrate must not
        // be left with a cordoned node.
        let checked = !args.run.dry_run;
        if checked {
            let existing = match op.read().await {
                Ok(found) => found.is_some(),
                Err(e) => {
                    return Err(lifecycle::every_missing_right(&op, &spec, args.cordon, e).await)
                }
            };
            op.preflight(&spec, !existing, args.cordon).await?;
        }
        if args.cordon && !args.run.dry_run {
            op.cordon(&node).await?;
            eprintln!("node/{node} cordoned");
        }
        let (vms, unmovable) = op.on_node(&node).await?;
        let begin = Begin {
            spec,
            run: &args.run,
            grace_period: None,
            unmovable,
            checked,
        };
        if let Some(s) = lifecycle::resume_existing(&mut op, &begin).await? {
            return Ok(s);
        }
        if vms.is_empty() {
            eprintln!(
                "No VirtualMachines run on node {node} in {} namespace.",
                session.namespace
            );
            return Ok(if begin.unmovable.is_empty() {
                ExitStatus::Success
            } else {
                for i in &begin.unmovable {
                    println!("virtualmachineinstance/{i} cannot leave: no VirtualMachine owns it");
                }
                ExitStatus::Failure
            });
        }
        lifecycle::begin_new(op, vms, begin).await
    })
}

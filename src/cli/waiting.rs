//! One contract for the verbs that change a cluster (issue 20.4): `--wait` and `--timeout`
//! mean the same on every such verb, and so do the exit codes.
//!
//! - `--wait[=BOOL]`: return only when the change is done (VMs Ready, the rollout ended).
//!   `apply` defaults to false (kubectl's), `roll` and the subcommands that drive a rollout
//!   to true: the rollout is driven by this client, so `--wait=false` there is a usage
//!   error; `roll pause` and `roll abort` are one write, done when written.
//! - `--timeout DURATION`: how long the command may wait (0: no limit). When it runs out the
//!   command stops waiting and exits 3; the cluster keeps what was done (an applied VM goes
//!   on booting, a rollout is left as it stands for `roll resume`). It bounds the whole
//!   command; `roll --progress-deadline` bounds one VM (a VM past it counts as failed, exit 1)
//!   and `apply --stuck-after` one VM's disks (exit 1), like a Deployment's.
//! - Exit codes ([`EXIT_CODES`]): 0 done, 1 failed or some VMs not done, 2 usage, 3 timed
//!   out, 4 aborted by the user (a declined confirmation, Ctrl-C while waiting, a rollout
//!   aborted with `roll abort`: the `roll` that was driving it and `roll status` both say 4).

use super::ExitStatus;
use std::time::Duration;

/// The exit codes for `--help` (a literal, for `concat!` in clap attributes).
#[macro_export]
macro_rules! exit_codes_help {
    () => {
        "Exit status:\n  0  done\n  1  failed, or some VMs not done\n  2  usage error (the command line)\n  3  timed out: --timeout ran out (the work done stays; a rollout can be resumed)\n  4  aborted by the user: confirmation declined, Ctrl-C while waiting, rollout aborted"
    };
}

/// Every exit code: (code, name, meaning), for `help --output json` and the README table.
pub const EXIT_CODES: &[(u8, &str, &str)] = &[
    (0, "Success", "done"),
    (1, "Failure", "failed, or some VMs not done"),
    (2, "Usage", "usage error (the command line)"),
    (
        3,
        "TimedOut",
        "timed out: --timeout ran out (the work done stays; a rollout can be resumed)",
    ),
    (
        4,
        "Aborted",
        "aborted by the user: confirmation declined, Ctrl-C while waiting, rollout aborted",
    ),
];

/// Subcommands (paths under `kubectl vmmigrate`) that change a cluster: each takes `--wait`
/// and `--timeout` (checked against the parser by `tests/offline/exit_codes.rs`). A new verb
/// goes in this list or in [`READ_ONLY`]; the test fails until it is classified.
pub const CHANGES_CLUSTER: &[&str] = &[
    "apply",
    "roll",
    "roll pause",
    "roll resume",
    "roll abort",
    "roll undo",
    "pool create",
    "upload",
    "start",
    "start pause",
    "start resume",
    "start abort",
    "stop",
    "stop pause",
    "stop resume",
    "stop abort",
    "restart",
    "restart pause",
    "restart resume",
    "restart abort",
    "migrate",
    "migrate pause",
    "migrate resume",
    "migrate abort",
    "evacuate",
    "evacuate pause",
    "evacuate resume",
    "evacuate abort",
];

/// Subcommands that change nothing in a cluster.
pub const READ_ONLY: &[&str] = &[
    "import",
    "preview",
    "assess",
    "status",
    "roll status",
    "roll history",
    "completion",
    "version",
    "help",
    "lint",
    "start history",
    "stop history",
    "restart history",
    "migrate history",
    "evacuate history",
    // Only groups its subcommands (`pool create` changes the cluster).
    "pool",
];

fn parse_duration(text: &str) -> Result<Duration, String> {
    crate::cluster::config::parse_request_timeout(text).map_err(|e| e.to_string())
}

/// `--wait`/`--timeout` of a verb that may return before its change is done (`apply`).
#[derive(Debug, Clone, clap::Args)]
pub struct WaitArgs {
    /// Wait until the change is done: every VM Ready with its disks imported (stopped, for
    /// `stop`); progress on stderr.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_value_t = false, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub wait: bool,
    /// How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3,
    /// and the work done stays.
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_duration)]
    pub timeout: Duration,
}

/// `--wait`/`--timeout` of a verb that drives its change from this client (`roll`).
#[derive(Debug, Clone, clap::Args)]
pub struct DriveWaitArgs {
    /// Wait until the change is done (the rollout ended). A rollout is driven by this
    /// client, so it always waits; `--wait=false` is refused, except where the change is one
    /// write (pause, abort without --rollback).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_value_t = true, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub wait: bool,
    /// How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the
    /// rollout is left as it stands (`roll resume` goes on) and the command exits 3.
    #[arg(long, value_name = "DURATION", default_value = "0", value_parser = parse_duration)]
    pub timeout: Duration,
}

impl DriveWaitArgs {
    /// The deadline, if any (`--timeout 0` is none).
    pub fn deadline(&self) -> Option<Duration> {
        (!self.timeout.is_zero()).then_some(self.timeout)
    }
}

/// How a wait ended.
#[derive(Debug)]
pub enum Ended<T> {
    Done(T),
    TimedOut(Duration),
    /// Ctrl-C.
    Interrupted,
}

/// Runs `work` until it ends, `deadline` passes, or the user presses Ctrl-C (SIGINT). The
/// work is dropped on a deadline or an interrupt: callers only wrap work that a later
/// command can take up again (a watch, a rollout's driver).
pub async fn until_done<F: std::future::Future>(
    work: F,
    deadline: Option<Duration>,
) -> Ended<F::Output> {
    let sleep = async {
        match deadline {
            Some(d) => tokio::time::sleep(d).await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        out = work => Ended::Done(out),
        _ = sleep => Ended::TimedOut(deadline.unwrap_or_default()),
        _ = interrupted() => Ended::Interrupted,
    }
}

/// Resolves on Ctrl-C; never when no handler can be installed.
async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// The exit status of an interrupted wait, with the line that says so.
pub fn interrupted_status(what: &str) -> ExitStatus {
    eprintln!("interrupted: {what}");
    ExitStatus::Aborted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_match_the_enum_and_the_help_text() {
        let statuses = [
            ExitStatus::Success,
            ExitStatus::Failure,
            ExitStatus::Usage,
            ExitStatus::TimedOut,
            ExitStatus::Aborted,
        ];
        for ((code, name, meaning), status) in EXIT_CODES.iter().zip(statuses) {
            assert_eq!(*code, status as u8);
            assert_eq!(*name, format!("{status:?}"));
            assert!(
                exit_codes_help!().contains(&format!("  {code}  {meaning}")),
                "{meaning}"
            );
        }
        assert_eq!(EXIT_CODES.len(), statuses.len());
    }

    #[tokio::test]
    async fn a_wait_ends_done_or_timed_out() {
        assert!(matches!(
            until_done(async { 7 }, None).await,
            Ended::Done(7)
        ));
        let never = std::future::pending::<()>();
        let ended = until_done(never, Some(Duration::from_millis(10))).await;
        assert!(matches!(ended, Ended::TimedOut(d) if d == Duration::from_millis(10)));
    }
}

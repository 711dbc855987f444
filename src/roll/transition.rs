//! Every change of a rollout's status word, in one place: pure functions over the
//! [`RolloutRecord`] (and the time, where one is recorded), called by the driver when the
//! planner says so and by `roll pause|resume|abort|undo` alike. No I/O: the caller saves the
//! record (and, for a rollback, loads the revision to return to) before or after.

use super::planner::{Millis, RolloutState};
use super::state::{self, Change, RolloutRecord, Status};

/// A transition the rollout's current status does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("is {0:?}, not progressing")]
    NotProgressing(Status),
    /// `roll` with another change while revision `revision` is unfinished or paused.
    #[error(
        "(revision {revision}) is {status:?}; `roll resume`, `roll abort` or wait for it first"
    )]
    Unfinished { revision: u64, status: Status },
    /// `roll abort` of a rollout that has ended: rolling back a Complete or RolledBack
    /// revision is `roll undo`'s job, and a killed `roll` that never recorded its own revision
    /// must not make `abort --rollback` undo the previous one.
    #[error(
        "(revision {revision}) is {status:?}: there is nothing to abort; `kubectl vmmigrate roll undo` returns to the previous revision"
    )]
    Ended { revision: u64, status: Status },
    /// `roll abort --rollback` while the rollout already rolls back.
    #[error(
        "(revision {revision}) is already RollingBack; `kubectl vmmigrate roll resume` finishes the rollback, `roll abort` without --rollback stops it"
    )]
    AlreadyRollingBack { revision: u64 },
}

/// `roll undo --to-revision` names a revision that is not an earlier recorded one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("has no revision {to} to return to (current: {current}; earlier recorded: {}); see `kubectl vmmigrate roll history`", list(.earlier))]
pub struct NoSuchRevision {
    pub to: u64,
    pub current: u64,
    pub earlier: Vec<u64>,
}

fn list(revisions: &[u64]) -> String {
    if revisions.is_empty() {
        return "none".into();
    }
    revisions
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `roll undo --to-revision to`: only a revision recorded before the current one.
pub fn undo_target(current: u64, recorded: &[u64], to: u64) -> Result<(), NoSuchRevision> {
    let earlier: Vec<u64> = recorded.iter().copied().filter(|r| *r < current).collect();
    if earlier.contains(&to) {
        return Ok(());
    }
    Err(NoSuchRevision {
        to,
        current,
        earlier,
    })
}

/// What `roll` with a change does, given the rollout's record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Begin<'a> {
    /// Re-running the command of an unfinished rollout (or giving no change) continues it.
    Continue(&'a RolloutRecord),
    /// A new revision with this number.
    Revision(u64),
}

/// `roll` with `change`: continue the unfinished rollout it repeats, refuse while another
/// change is unfinished or paused, else start the next revision (1 for a new rollout).
pub fn begin<'a>(
    existing: Option<&'a RolloutRecord>,
    change: &Change,
) -> Result<Begin<'a>, TransitionError> {
    let Some(rec) = existing else {
        return Ok(Begin::Revision(1));
    };
    let unfinished = matches!(rec.status, Status::Progressing | Status::RollingBack);
    if unfinished && (change.is_empty() || rec.change == *change) {
        return Ok(Begin::Continue(rec));
    }
    if unfinished || rec.status == Status::Paused {
        return Err(TransitionError::Unfinished {
            revision: rec.revision,
            status: rec.status,
        });
    }
    Ok(Begin::Revision(rec.revision.saturating_add(1)))
}

/// The `--order random` seed of a revision: derived from the rollout and the revision, so a
/// resumed client (or any other) shuffles the same way.
pub fn seed(rollout: &str, revision: u64) -> u64 {
    let hash = state::short_hash(&format!("{rollout}{revision}"));
    hash.get(..12)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or(0)
}

/// `roll pause`: only a progressing rollout pauses.
pub fn pause(rec: &mut RolloutRecord) -> Result<(), TransitionError> {
    if rec.status != Status::Progressing {
        return Err(TransitionError::NotProgressing(rec.status));
    }
    rec.state.paused = true;
    rec.status = Status::Paused;
    Ok(())
}

/// `roll resume`: a paused rollout goes on (past its canary, if it paused there); any other
/// status is left as it is, and the driver takes it from there (an unfinished one continues).
pub fn resume(rec: &mut RolloutRecord) {
    if rec.status != Status::Paused {
        return;
    }
    rec.status = Status::Progressing;
    rec.message = None;
    if rec.state.canary_reached_ms.is_some() {
        rec.state.canary_passed = true;
    }
    rec.state.paused = false;
}

/// Whether `roll abort` (with `--rollback` or not) applies: only to a rollout that has not
/// ended, and a rollback only once.
pub fn may_abort(rec: &RolloutRecord, rollback: bool) -> Result<(), TransitionError> {
    match rec.status {
        Status::Complete | Status::RolledBack => Err(TransitionError::Ended {
            revision: rec.revision,
            status: rec.status,
        }),
        Status::RollingBack if rollback => Err(TransitionError::AlreadyRollingBack {
            revision: rec.revision,
        }),
        _ => Ok(()),
    }
}

/// `roll abort` without `--rollback`: the VMs stay as they are.
pub fn abort(rec: &mut RolloutRecord) {
    rec.status = Status::Aborted;
    rec.message = Some("aborted".into());
}

/// The canary's VMs are done at `now`. Without `--canary-wait` the rollout pauses for a
/// person to look; returns whether it did.
pub fn canary_reached(rec: &mut RolloutRecord, now: Millis) -> bool {
    rec.state.canary_reached_ms = Some(now);
    if rec.spec.canary_wait_ms.is_some() {
        return false;
    }
    rec.state.paused = true;
    rec.status = Status::Paused;
    rec.message = Some(format!(
        "paused after the canary ({} VMs); `roll resume` goes on",
        rec.spec.canary
    ));
    true
}

/// Every VM is done: a rollback ends RolledBack, anything else Complete.
pub fn complete(rec: &mut RolloutRecord) {
    rec.status = if rec.status == Status::RollingBack {
        Status::RolledBack
    } else {
        Status::Complete
    };
    rec.message = None;
}

/// The rollout stops for `reason` (the caller decides first whether to roll back instead).
pub fn fail(rec: &mut RolloutRecord, reason: &str) {
    rec.status = Status::Failed;
    rec.message = Some(reason.to_string());
}

/// A new rollout whose revision could not be recorded: kept as Failed, so that it blocks
/// no later roll ("roll resume, roll abort or wait for it first").
pub fn not_started(rec: &RolloutRecord, why: &str) -> RolloutRecord {
    let mut failed = rec.clone();
    fail(&mut failed, &format!("not started: {why}"));
    failed
}

/// `roll undo` starts from a rollout that may have ended: it counts as progressing until
/// the rollback takes over.
pub fn undo(rec: &mut RolloutRecord) {
    rec.status = Status::Progressing;
}

/// Switch the record to rolling back to revision `to` (the caller has loaded it): a new
/// revision, the reason in the message and cause, a fresh plan state past any canary, and
/// no automatic rollback of the rollback (every failure stops it).
pub fn begin_rollback(rec: &mut RolloutRecord, reason: &str, to: u64) {
    let of = rec.revision;
    rec.revision = of.saturating_add(1);
    rec.rollback_to = Some(to);
    rec.status = Status::RollingBack;
    if to.saturating_add(1) == of {
        rec.message = Some(format!("rolling back revision {of}: {reason}"));
        rec.cause = format!("rollback of revision {of}");
    } else {
        rec.message = Some(format!("rolling back to revision {to}: {reason}"));
        rec.cause = format!("rollback to revision {to}");
    }
    rec.state = RolloutState {
        canary_passed: true,
        ..RolloutState::default()
    };
    rec.spec.auto_rollback = false;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: Status) -> RolloutRecord {
        use crate::roll::budget::IntOrPercent;
        use crate::roll::ladder::Level;
        use crate::roll::planner::{Order, RolloutSpec};
        let spec = RolloutSpec {
            max_unavailable: IntOrPercent::Count(1),
            max_surge: IntOrPercent::Count(0),
            min_ready_ms: 0,
            progress_deadline_ms: 60_000,
            max_action: Level::Replace,
            min_action: Level::None,
            canary: 1,
            canary_wait_ms: None,
            order: Order::Name,
            failure_threshold: 1,
            auto_rollback: false,
            seed: 0,
        };
        let mut rec: RolloutRecord = serde_json::from_value(serde_json::json!({
            "revision": 3,
            "status": "Progressing",
            "spec": serde_json::to_value(spec).expect("spec as JSON"),
            "state": serde_json::to_value(RolloutState::default()).expect("state as JSON"),
            "change": {},
            "names": [],
            "cause": "kubectl vmmigrate roll",
            "startedMs": 0,
        }))
        .expect("a minimal record");
        rec.status = status;
        rec
    }

    #[test]
    fn a_roll_continues_refuses_or_starts_the_next_revision() {
        let change = |memory: &str| Change {
            memory: Some(memory.into()),
            ..Change::default()
        };
        assert_eq!(begin(None, &change("4Gi")), Ok(Begin::Revision(1)));
        for status in [Status::Progressing, Status::RollingBack] {
            let mut rec = record(status);
            rec.change = change("4Gi");
            assert_eq!(begin(Some(&rec), &change("4Gi")), Ok(Begin::Continue(&rec)));
            assert_eq!(
                begin(Some(&rec), &Change::default()),
                Ok(Begin::Continue(&rec))
            );
            assert_eq!(
                begin(Some(&rec), &change("8Gi")),
                Err(TransitionError::Unfinished {
                    revision: 3,
                    status
                })
            );
        }
        let mut paused = record(Status::Paused);
        paused.change = change("4Gi");
        assert_eq!(
            begin(Some(&paused), &change("4Gi")),
            Err(TransitionError::Unfinished {
                revision: 3,
                status: Status::Paused
            })
        );
        for status in [
            Status::Complete,
            Status::Failed,
            Status::Aborted,
            Status::RolledBack,
        ] {
            assert_eq!(
                begin(Some(&record(status)), &change("4Gi")),
                Ok(Begin::Revision(4))
            );
        }
    }

    #[test]
    fn undo_returns_only_to_an_earlier_recorded_revision() {
        assert_eq!(undo_target(5, &[2, 3, 4, 5], 3), Ok(()));
        let e = undo_target(5, &[2, 4, 5], 5).unwrap_err();
        assert_eq!(
            e.earlier,
            [2, 4],
            "the current revision is not one to return to"
        );
        assert_eq!(
            e.to_string(),
            "has no revision 5 to return to (current: 5; earlier recorded: 2, 4); see `kubectl vmmigrate roll history`"
        );
        assert_eq!(
            undo_target(1, &[1], 7).unwrap_err().to_string(),
            "has no revision 7 to return to (current: 1; earlier recorded: none); see `kubectl vmmigrate roll history`"
        );
    }

    #[test]
    fn the_seed_follows_rollout_and_revision() {
        assert_eq!(seed("web", 2), seed("web", 2));
        assert_ne!(seed("web", 2), seed("web", 3));
        assert_ne!(seed("web", 2), seed("db", 2));
        // The first 48 bits of the SHA-256 of "web2".
        let hash = state::short_hash("web2");
        assert_eq!(
            seed("web", 2),
            u64::from_str_radix(&hash[..12], 16).unwrap()
        );
    }

    #[test]
    fn only_a_progressing_rollout_pauses() {
        let mut rec = record(Status::Progressing);
        assert_eq!(pause(&mut rec), Ok(()));
        assert_eq!((rec.status, rec.state.paused), (Status::Paused, true));
        for status in [Status::Paused, Status::Complete, Status::RollingBack] {
            let mut rec = record(status);
            assert_eq!(
                pause(&mut rec),
                Err(TransitionError::NotProgressing(status))
            );
            assert_eq!(rec.status, status);
        }
    }

    #[test]
    fn resume_passes_a_reached_canary_and_leaves_other_states_alone() {
        let mut rec = record(Status::Progressing);
        assert!(canary_reached(&mut rec, 42));
        assert_eq!(rec.status, Status::Paused);
        assert_eq!(rec.state.canary_reached_ms, Some(42));
        resume(&mut rec);
        assert_eq!(rec.status, Status::Progressing);
        assert!(rec.state.canary_passed && !rec.state.paused);
        assert_eq!(rec.message, None);
        let mut rolling_back = record(Status::RollingBack);
        resume(&mut rolling_back);
        assert_eq!(rolling_back.status, Status::RollingBack);
    }

    #[test]
    fn a_canary_with_a_wait_does_not_pause() {
        let mut rec = record(Status::Progressing);
        rec.spec.canary_wait_ms = Some(1_000);
        assert!(!canary_reached(&mut rec, 7));
        assert_eq!(rec.status, Status::Progressing);
    }

    #[test]
    fn completion_tells_a_rollback_from_a_rollout() {
        let mut rec = record(Status::Progressing);
        complete(&mut rec);
        assert_eq!(rec.status, Status::Complete);
        let mut rec = record(Status::RollingBack);
        rec.message = Some("rolling back".into());
        complete(&mut rec);
        assert_eq!((rec.status, rec.message), (Status::RolledBack, None));
    }

    #[test]
    fn a_rollout_that_never_started_is_failed_with_the_reason() {
        let rec = record(Status::Progressing);
        let failed = not_started(&rec, "forbidden");
        assert_eq!(failed.status, Status::Failed);
        assert_eq!(failed.message.as_deref(), Some("not started: forbidden"));
        assert_eq!(rec.status, Status::Progressing, "the original is untouched");
        let mut aborted = record(Status::Paused);
        abort(&mut aborted);
        assert_eq!(aborted.status, Status::Aborted);
    }

    #[test]
    fn a_rollback_is_a_new_revision_that_never_rolls_itself_back() {
        let mut rec = record(Status::Progressing);
        rec.spec.auto_rollback = true;
        rec.state.canary_passed = false;
        begin_rollback(&mut rec, "probe failed", 2);
        assert_eq!(rec.revision, 4);
        assert_eq!(rec.rollback_to, Some(2));
        assert_eq!(rec.status, Status::RollingBack);
        assert_eq!(
            rec.message.as_deref(),
            Some("rolling back revision 3: probe failed")
        );
        assert_eq!(rec.cause, "rollback of revision 3");
        assert!(rec.state.canary_passed && !rec.spec.auto_rollback);
        let mut rec = record(Status::Complete);
        begin_rollback(&mut rec, "undo", 1);
        assert_eq!(rec.cause, "rollback to revision 1");
    }

    #[test]
    fn only_a_rollout_that_has_not_ended_may_be_aborted() {
        for status in [Status::Complete, Status::RolledBack] {
            for rollback in [false, true] {
                assert!(
                    matches!(
                        may_abort(&record(status), rollback),
                        Err(TransitionError::Ended { .. })
                    ),
                    "{status:?} rollback {rollback}"
                );
            }
        }
        assert_eq!(
            may_abort(&record(Status::RollingBack), true),
            Err(TransitionError::AlreadyRollingBack {
                revision: record(Status::RollingBack).revision
            })
        );
        assert_eq!(may_abort(&record(Status::RollingBack), false), Ok(()));
        for status in [
            Status::Progressing,
            Status::Paused,
            Status::Failed,
            Status::Aborted,
        ] {
            assert_eq!(may_abort(&record(status), true), Ok(()), "{status:?}");
            assert_eq!(may_abort(&record(status), false), Ok(()), "{status:?}");
        }
    }
}

//! How fast the driver's loop may go when it is not making progress (issue 15): every
//! loop makes progress, backs off, or stops with a reason, so the request rate stays bounded
//! whatever the cluster does. Pure: the driver sleeps for what these return.

use super::planner::Action;
use std::time::Duration;

/// Conflicts in a row on one VM after which the rollout stops (about a minute of backoff).
pub const MAX_CONFLICTS: u32 = 40;

/// Passes in a row that repeat the same actions after which the rollout stops (about four
/// minutes of backoff).
pub const MAX_REPEATS: u32 = 120;

/// The pause after the `n`th conflict in a row: none without one, then 20 ms doubling to 2 s.
pub fn conflict_backoff(n: u32) -> Duration {
    match n {
        0 => Duration::ZERO,
        n => Duration::from_millis((20u64 << (n - 1).min(7)).min(2_000)),
    }
}

/// The pause after the `n`th look in a row that found no room in a quota: 250 ms doubling
/// to 2 s (a few requests a second at most, however long the wait).
pub fn quota_backoff(n: u32) -> Duration {
    Duration::from_millis((250u64 << n.saturating_sub(1).min(3)).min(2_000))
}

/// Watches for passes that carry out exactly the actions of the pass before: their writes
/// changed nothing the planner sees (a created object that is never observed, a write the
/// server accepts but something undoes). One repeat is normal (a cache that lagged); from
/// the second on the pause grows (50 ms doubling to 2 s), and [`MAX_REPEATS`] stop it.
#[derive(Debug, Default)]
pub struct RepeatGuard {
    last: Vec<Action>,
    repeats: u32,
}

impl RepeatGuard {
    /// After a pass that acted: the pause before the next pass, or why to stop. Passes
    /// with conflicts have their own backoff and start the count over.
    pub fn after(&mut self, actions: &[Action], conflicted: bool) -> Result<Duration, Stalled> {
        if conflicted || actions.is_empty() || actions != self.last.as_slice() {
            self.last = actions.to_vec();
            self.repeats = 0;
            return Ok(Duration::ZERO);
        }
        self.repeats = self.repeats.saturating_add(1);
        if self.repeats >= MAX_REPEATS {
            return Err(Stalled {
                times: self.repeats.saturating_add(1),
                actions: self.last.clone(),
            });
        }
        Ok(match self.repeats {
            1 => Duration::ZERO,
            n => Duration::from_millis((50u64 << (n - 2).min(6)).min(2_000)),
        })
    }
}

/// Why a rollout stopped repeating itself: the actions carried out `times` in a row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the same actions were carried out {times} times in a row without effect ({actions:?}); something undoes them or hides their result: see the VMs' events, then `kubectl vmmigrate roll resume`")]
pub struct Stalled {
    pub times: u32,
    pub actions: Vec<Action>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoffs_grow_and_are_capped() {
        assert_eq!(conflict_backoff(0), Duration::ZERO);
        assert_eq!(conflict_backoff(1), Duration::from_millis(20));
        assert_eq!(conflict_backoff(3), Duration::from_millis(80));
        assert_eq!(conflict_backoff(8), Duration::from_millis(2_000));
        assert_eq!(conflict_backoff(u32::MAX), Duration::from_millis(2_000));
        assert_eq!(quota_backoff(1), Duration::from_millis(250));
        assert_eq!(quota_backoff(2), Duration::from_millis(500));
        assert_eq!(quota_backoff(9), Duration::from_millis(2_000));
    }

    #[test]
    fn repeated_actions_slow_down_then_stop() {
        let create = vec![Action::CreateReplacement {
            slot: "web-0".into(),
        }];
        let mut g = RepeatGuard::default();
        assert_eq!(g.after(&create, false), Ok(Duration::ZERO), "first time");
        assert_eq!(
            g.after(&create, false),
            Ok(Duration::ZERO),
            "one repeat: a lagging cache"
        );
        assert_eq!(g.after(&create, false), Ok(Duration::from_millis(50)));
        assert_eq!(g.after(&create, false), Ok(Duration::from_millis(100)));
        let mut total = Duration::from_millis(150);
        let mut stopped = None;
        for _ in 0..MAX_REPEATS {
            match g.after(&create, false) {
                Ok(d) => {
                    assert!(d <= Duration::from_secs(2));
                    total += d;
                }
                Err(reason) => {
                    stopped = Some(reason);
                    break;
                }
            }
        }
        let reason = stopped.map(|s| s.to_string()).unwrap_or_default();
        assert!(reason.contains("times in a row without effect"), "{reason}");
        // Bounded both ways: no busy loop, and a stop within minutes.
        assert!(
            total > Duration::from_secs(60) && total < Duration::from_secs(300),
            "{total:?}"
        );
        // Progress (other actions) or a conflict starts the count over.
        let mut g = RepeatGuard::default();
        for _ in 0..5 {
            let _ = g.after(&create, false);
        }
        assert_eq!(g.after(&[], false), Ok(Duration::ZERO));
        assert_eq!(g.after(&create, false), Ok(Duration::ZERO));
        assert_eq!(g.after(&create, true), Ok(Duration::ZERO));
    }
}

//! Rolling updates of KubeVirt VMs (`kubectl vmmigrate roll`): [`observe`] turns what the
//! cluster shows (and the probes' results) into the planner's view of each VM; a pure
//! [`planner`] decides, per VM, the least disruptive action (the [`ladder`]) within the
//! [`budget`]s; [`transition`] holds every change of the rollout's status; [`state`] encodes
//! the rollout on cluster objects so any client can resume or watch it. Nothing here talks to
//! the API server: the driver that observes, plans and acts is `cluster::rollout`. [`pool`]
//! holds what rolling a VirtualMachinePool adds (its template, its update strategy, surge by
//! scaling).

pub mod budget;
pub mod ladder;
pub mod lifecycle;
pub mod observe;
pub mod pacing;
pub mod planner;
pub mod pool;
pub mod preflight;
pub mod probe;
pub mod state;
pub mod transition;

/// Errors of a rollout, each saying what to do.
#[derive(Debug, thiserror::Error)]
pub enum RollError {
    #[error("{0}")]
    Connect(String),
    /// A request failed without an answer from the server (connection, decoding...).
    #[error("{what}: {message}")]
    Request { what: String, message: String },
    /// The command's output could not be written.
    #[error("cannot write output")]
    Output,
    /// The server refused a request: printed as kubectl prints it.
    #[error("Error from server ({reason}): error when {what}: {message}")]
    Server {
        what: String,
        code: u16,
        reason: String,
        message: String,
    },
    /// A status change the rollout's status does not allow (`roll pause` of a finished one).
    #[error("rollout state: rollout {rollout} {source}")]
    Transition {
        rollout: String,
        #[source]
        source: transition::TransitionError,
    },
    /// The rollout's Lease carries no record this client can read.
    #[error("rollout state: Lease {namespace}/{rollout} has no readable {ann} annotation", ann = state::ANN_STATUS)]
    UnreadableRecord { namespace: String, rollout: String },
    /// An object of ours (a VM target, a revision, the record) did not encode.
    #[error("rollout state: {0}")]
    Encode(#[from] serde_json::Error),
    /// Another client keeps changing a VM: the rollout stops, resumable.
    #[error("rollout state: virtualmachine/{vm}: {count} updates in a row conflicted (409): another client keeps changing it; stop that client, then `kubectl vmmigrate roll resume`")]
    Conflicts { vm: String, count: u32 },
    /// Passes kept doing the same without effect.
    #[error("rollout state: rollout {rollout}: {source}")]
    Stalled {
        rollout: String,
        #[source]
        source: pacing::Stalled,
    },
    #[error("{0}")]
    Held(String),
    /// A pool that cannot be rolled as it stands.
    #[error("{0}")]
    Pool(#[from] pool::PoolError),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Usage(String),
    /// Checks before the first write failed (each problem on a line).
    #[error("{0}")]
    Preflight(String),
}

impl RollError {
    /// The HTTP status the server answered with, if it did.
    pub fn code(&self) -> Option<u16> {
        match self {
            RollError::Server { code, .. } => Some(*code),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roll::planner::Action;

    #[test]
    fn typed_errors_keep_their_words() {
        let said = |e: RollError| e.to_string();
        assert_eq!(
            said(RollError::Transition {
                rollout: "web".into(),
                source: transition::TransitionError::NotProgressing(state::Status::Complete),
            }),
            "rollout state: rollout web is Complete, not progressing"
        );
        assert_eq!(
            said(RollError::Transition {
                rollout: "web".into(),
                source: transition::TransitionError::Unfinished {
                    revision: 3,
                    status: state::Status::Paused,
                },
            }),
            "rollout state: rollout web (revision 3) is Paused; `roll resume`, `roll abort` or wait for it first"
        );
        assert_eq!(
            said(RollError::UnreadableRecord {
                namespace: "ns".into(),
                rollout: "web".into(),
            }),
            "rollout state: Lease ns/web has no readable vmmigrate.io/rollout-status annotation"
        );
        assert_eq!(
            said(RollError::Conflicts {
                vm: "a".into(),
                count: 5,
            }),
            "rollout state: virtualmachine/a: 5 updates in a row conflicted (409): another client keeps changing it; stop that client, then `kubectl vmmigrate roll resume`"
        );
        let stalled = pacing::Stalled {
            times: 9,
            actions: vec![Action::Complete],
        };
        assert_eq!(
            said(RollError::Stalled {
                rollout: "web".into(),
                source: stalled,
            }),
            "rollout state: rollout web: the same actions were carried out 9 times in a row without effect ([Complete]); something undoes them or hides their result: see the VMs' events, then `kubectl vmmigrate roll resume`"
        );
        assert_eq!(
            said(RollError::Request {
                what: "listing VirtualMachines".into(),
                message: "connection refused".into(),
            }),
            "listing VirtualMachines: connection refused"
        );
        assert_eq!(said(RollError::Output), "cannot write output");
        let bad = serde_json::from_str::<u8>("x").unwrap_err();
        assert!(said(RollError::from(bad)).starts_with("rollout state: expected value"));
    }
}

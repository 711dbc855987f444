//! Rolling updates of KubeVirt VMs (`kubectl vmmigrate roll`): [`observe`] turns what the
//! cluster shows (and the probes' results) into the planner's view of each VM; a pure
//! [`planner`] decides, per VM, the least disruptive action (the [`ladder`]) within the
//! [`budget`]s; [`transition`] holds every change of the rollout's status; [`state`] encodes
//! the rollout on cluster objects so any client can resume or watch it. Nothing here talks to
//! the API server: the driver that observes, plans and acts is `cluster::rollout`.

pub mod budget;
pub mod ladder;
pub mod observe;
pub mod pacing;
pub mod planner;
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
    #[error("{0}")]
    Api(String),
    /// The server refused a request: printed as kubectl prints it.
    #[error("Error from server ({reason}): error when {what}: {message}")]
    Server {
        what: String,
        code: u16,
        reason: String,
        message: String,
    },
    #[error("rollout state: {0}")]
    State(String),
    #[error("{0}")]
    Held(String),
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

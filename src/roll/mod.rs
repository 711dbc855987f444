//! Rolling updates of KubeVirt VMs (`kubectl vmmigrate roll`): a pure [`planner`] decides,
//! per VM, the least disruptive action (the [`ladder`]) within the [`budget`]s; [`state`]
//! encodes the rollout on cluster objects so any client can resume or watch it; the
//! [`driver`] is the thin watch-driven loop that observes, plans and acts.

pub mod budget;
pub mod driver;
pub mod ladder;
pub mod planner;
pub mod probe;
pub mod state;

/// Errors of a rollout, each saying what to do.
#[derive(Debug, thiserror::Error)]
pub enum RollError {
    #[error("{0}")]
    Connect(String),
    #[error("{0}")]
    Api(String),
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
}

//! Rolling updates of KubeVirt VMs (`kubectl vmmigrate roll`): a pure [`planner`] decides,
//! per VM, the least disruptive action (the [`ladder`]) within the [`budget`]s; [`state`]
//! encodes the rollout on cluster objects so any client can resume or watch it; the
//! [`driver`] is the thin watch-driven loop that observes, plans and acts.

pub mod budget;
pub mod driver;
pub mod ladder;
pub mod pacing;
pub mod planner;
pub mod preflight;
pub mod probe;
pub mod state;

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

    /// A kube error while `what` (e.g. "creating the rollout Lease"): the server's own
    /// answer as kubectl shows it, never the raw `Status` structure.
    pub fn from_kube(what: &str, e: kube::Error) -> Self {
        match e {
            kube::Error::Api(s) => {
                // A body that was not a Status (`404 page not found` from an aggregated API
                // that is down) leaves kube's placeholder reason: name the code instead.
                let reason = if !s.reason.is_empty() && !s.reason.contains(' ') {
                    s.reason.clone()
                } else {
                    reason_for(s.code).to_string()
                };
                let message = match s.message.trim() {
                    "" => format!("{} {reason}", s.code),
                    m => crate::import::text::printable(m),
                };
                RollError::Server {
                    what: what.to_string(),
                    code: s.code,
                    reason,
                    message,
                }
            }
            other => RollError::Api(format!("{what}: {other}")),
        }
    }
}

/// kube-apiserver's reason word for an HTTP status (metav1.StatusReason).
fn reason_for(code: u16) -> &'static str {
    match code {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Expired",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_read_like_kubectl() {
        let forbidden = kube::core::Status::failure(
            "leases.coordination.k8s.io is forbidden: User \"u\" cannot create resource \"leases\"",
            "Forbidden",
        )
        .with_code(403);
        let e = RollError::from_kube(
            "creating the rollout Lease",
            kube::Error::Api(Box::new(forbidden)),
        );
        assert_eq!(e.code(), Some(403));
        assert_eq!(
            e.to_string(),
            "Error from server (Forbidden): error when creating the rollout Lease: leases.coordination.k8s.io is forbidden: User \"u\" cannot create resource \"leases\""
        );
        let page =
            kube::core::Status::failure("404 page not found\n", "Failed to parse error data")
                .with_code(404);
        let e = RollError::from_kube(
            "restarting VirtualMachine a",
            kube::Error::Api(Box::new(page)),
        );
        assert_eq!(
            e.to_string(),
            "Error from server (NotFound): error when restarting VirtualMachine a: 404 page not found"
        );
    }
}

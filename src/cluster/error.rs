//! Typed errors of the cluster layer: each says what failed, where (file, object, server) and
//! what the user can do about it.

use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum ClusterError {
    #[error("cannot read kubeconfig {}: {source}", path.display())]
    KubeconfigRead {
        path: PathBuf,
        #[source]
        source: kube::config::KubeconfigError,
    },
    #[error("no kubeconfig found: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config")]
    NoKubeconfig,
    #[error("invalid kubeconfig{}: {message}", from.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    KubeconfigInvalid {
        from: Option<PathBuf>,
        message: String,
    },
    #[error("cannot build a client for {server}: {message}")]
    Client { server: String, message: String },
    #[error("the server {server} is not reachable: {message} (check the context with `kubectl config current-context` and that the cluster is up)")]
    Unreachable { server: String, message: String },
    #[error("{0}")]
    Preflight(String),
    #[error("{what}: {message}")]
    Api { what: String, message: String },
    /// A wait's `--timeout` ran out (exit 3, issue 20.4).
    #[error("{0}")]
    TimedOut(String),
}

impl ClusterError {
    pub fn api(what: impl Into<String>, err: &kube::Error) -> Self {
        ClusterError::Api {
            what: what.into(),
            message: describe(err),
        }
    }
}

/// A kube error as one readable line: the server's own message when it sent a Status.
pub fn describe(err: &kube::Error) -> String {
    match err {
        kube::Error::Api(status) => {
            let message = status.message.trim();
            if message.is_empty() {
                format!("{} {}", status.code, status.reason)
            } else {
                message.to_string()
            }
        }
        other => other.to_string(),
    }
}

/// The HTTP status of an API error, if the server answered.
pub fn status_code(err: &kube::Error) -> Option<u16> {
    match err {
        kube::Error::Api(status) => Some(status.code),
        _ => None,
    }
}

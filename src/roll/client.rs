//! Builds the kube client from the kubectl flags. Temporary: replaced by `cluster::connect`
//! when the `apply` work (src/cluster) lands in main.

use super::RollError;
use kube::config::{KubeConfigOptions, Kubeconfig};
use std::path::Path;

/// A client for `--kubeconfig`/`--context` (else `$KUBECONFIG` or `~/.kube/config`), and
/// the context's namespace.
pub async fn connect(
    kubeconfig: Option<&Path>,
    context: Option<&str>,
) -> Result<(kube::Client, String), RollError> {
    let opts = KubeConfigOptions {
        context: context.map(str::to_string),
        ..KubeConfigOptions::default()
    };
    let config = match kubeconfig {
        Some(p) => {
            let kc = Kubeconfig::read_from(p).map_err(|e| {
                RollError::Connect(format!("cannot read kubeconfig {}: {e}", p.display()))
            })?;
            kube::Config::from_custom_kubeconfig(kc, &opts).await
        }
        None => kube::Config::from_kubeconfig(&opts).await,
    }
    .map_err(|e| RollError::Connect(e.to_string()))?;
    let ns = config.default_namespace.clone();
    let client = kube::Client::try_from(config).map_err(|e| RollError::Connect(e.to_string()))?;
    Ok((client, ns))
}

//! The only layer that talks to the API server: connection settings taken like kubectl
//! (`config`), preflight checks (`preflight`), server-side apply (`apply`), diffs against the
//! live cluster (`diff`) and waiting for VMs (`wait`). Everything above it hands in plain
//! `serde_json::Value` objects made by the generator.

pub mod apply;
pub mod config;
pub mod diff;
pub mod error;
pub mod lifecycle;
pub mod log;
pub mod names;
pub mod pool;
pub mod preflight;
pub mod record_lease;
pub mod rollout;
pub mod status;
pub mod upload;
pub mod wait;

pub use config::ConnectOptions;
pub use error::ClusterError;
/// The API client the CLI holds between calls into this layer (it never calls it itself).
pub use kube::Client;

/// Builds a client for the options and checks that the server answers (`/version`), so
/// that an unreachable server is reported once, clearly, before anything else.
pub async fn connect(options: &ConnectOptions) -> Result<kube::Client, ClusterError> {
    let config = config::kube_config(options).await?;
    let server = config.cluster_url.to_string();
    let builder =
        kube::client::ClientBuilder::try_from(config).map_err(|e| ClusterError::Client {
            server: server.clone(),
            message: e.to_string(),
        })?;
    let client = if options.verbosity >= 6 {
        builder
            .with_layer(&log::LogLayer {
                verbosity: options.verbosity,
                server: server.clone(),
            })
            .build()
    } else {
        builder.build()
    };
    client
        .apiserver_version()
        .await
        .map_err(|e| ClusterError::Unreachable {
            server,
            message: error::describe(&e),
        })?;
    Ok(client)
}

/// A multi-threaded runtime for one cluster subcommand; offline commands never build one.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

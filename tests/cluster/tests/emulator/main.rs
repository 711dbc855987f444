//! Integration tests of the API emulator and the KubeVirt/CDI simulator, through the real
//! `kube` client and `/usr/bin/kubectl`.
//!
//! One test binary instead of one per file, so kube, tokio and rustls are linked once; each
//! former `tests/<name>.rs` is a module here, filtered with
//! `cargo test -p vmmigrate-testcluster --test emulator <name>::`. [`common`] holds the shared
//! helpers.

mod common;

mod api;
mod defaulting;
mod imperative;
mod kubectl;
mod pool;
mod quota;
mod rbac;
mod simulator;
mod subresources;
mod upload;
mod watch_faults;
mod wording;

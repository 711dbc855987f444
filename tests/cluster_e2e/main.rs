//! End-to-end tests of the real binary against the in-repo test cluster
//! (`vmmigrate-testcluster`): `apply` with server-side apply, faults and RBAC.
//!
//! One test binary for all of them (see `tests/offline/main.rs` for why); each former
//! `tests/<name>.rs` is a module here, filtered with `cargo test --test cluster_e2e <name>::`.
//! `tests/roll.rs` is still a binary of its own.

mod apply;
mod apply_rbac;

//! End-to-end tests of the real binary against the in-repo test cluster
//! (`vmmigrate-testcluster`): `apply` with server-side apply, faults and RBAC; `roll` and its
//! field failures (conflicts, rights, virt-api, quota, undo); closed output streams on every
//! verb; `drift`: a generated folder settles on a cluster with KubeVirt's defaulting;
//! `gitops_loop`: an overlay applied by a GitOps tool's manager, then rolled with `roll -k`;
//! `pool`, `pool_roll`: cattle mode (`pool create`, scale, heal, `roll vmpool/NAME`).
//! `support` is the offline tests' schema and admission harness.
//!
//! One test binary for all of them (see `tests/offline/main.rs` for why); each former
//! `tests/<name>.rs` is a module here, filtered with `cargo test --test cluster_e2e <name>::`.
//! `roll_env` holds the roll tests' fleet helpers, `apply_env` the environment of the tests
//! that apply generated VMs (`apply`, `argocd_health`).

mod apply;
mod apply_env;
mod apply_rbac;
mod argocd_health;
mod closed_streams;
mod drift;
mod exit_codes;
mod gitops_loop;
mod lifecycle;
mod pool;
mod pool_roll;
mod roll;
mod roll_env;
mod roll_field;
mod status;
mod upload;

#[path = "../support/mod.rs"]
mod support;

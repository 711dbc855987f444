//! Flux's `GitRepository` and one `Kustomization` per overlay (`import --gitops flux`), as
//! typed structs of exactly the fields written (checked against source-controller v1.9.1's
//! and kustomize-controller v1.9.4's CRDs in the tests, unknown fields refused).
//!
//! `wait: true` makes Flux check the health of everything it applied, the VirtualMachines
//! included (with `wait`, Flux ignores a `healthChecks` list, so none is written). Flux's
//! generic check (kstatus) waits for a `Ready` condition, which a VM stopped on purpose
//! (`runStrategy: Halted`) never gets; the `healthCheckExprs` entry says in CEL what a
//! healthy VM is: Running, or Stopped when its run strategy keeps it off, so such a VM never
//! holds the Kustomization in progress. Server-side apply is Flux's only apply (field
//! manager `kustomize-controller`), so KubeVirt's defaults are not drift there either.

use super::layout::{Overlay, Wiring};
use serde::Serialize;
use serde_json::Value;

/// Where Flux runs in a standard installation.
pub const NAMESPACE: &str = "flux-system";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Object<S> {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: Metadata,
    pub spec: S,
}

#[derive(Debug, Serialize)]
pub struct Metadata {
    pub name: String,
    pub namespace: &'static str,
}

#[derive(Debug, Serialize)]
pub struct GitRepositorySpec {
    pub interval: &'static str,
    pub url: String,
    #[serde(rename = "ref")]
    pub reference: GitRef,
}

#[derive(Debug, Serialize)]
pub struct GitRef {
    pub branch: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KustomizationSpec {
    pub interval: &'static str,
    pub timeout: &'static str,
    pub path: String,
    pub prune: bool,
    pub wait: bool,
    pub source_ref: SourceRef,
    pub health_check_exprs: Vec<HealthCheckExpr>,
}

#[derive(Debug, Serialize)]
pub struct SourceRef {
    pub kind: &'static str,
    pub name: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheckExpr {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub current: &'static str,
    pub failed: &'static str,
}

/// A VM is healthy when running, or stopped by its own run strategy (Halted, Manual).
pub const VM_CURRENT: &str = "has(status.printableStatus) && (status.printableStatus == 'Running' || (status.printableStatus == 'Stopped' && has(spec.runStrategy) && spec.runStrategy in ['Halted', 'Manual']))";
/// KubeVirt's printable statuses that need a person (as Argo CD's health script reads them).
pub const VM_FAILED: &str = "has(status.printableStatus) && status.printableStatus in ['CrashLoopBackOff', 'ErrorUnschedulable', 'ErrImagePull', 'ImagePullBackOff', 'ErrorPvcNotFound', 'DataVolumeError', 'ErrorDataVolumeNotFound']";

/// The repository's one GitRepository.
pub fn git_repository(wiring: &Wiring) -> Value {
    let repo = Object {
        api_version: "source.toolkit.fluxcd.io/v1",
        kind: "GitRepository",
        metadata: Metadata {
            name: wiring.name.clone(),
            namespace: NAMESPACE,
        },
        spec: GitRepositorySpec {
            interval: "1m0s",
            url: wiring.repo_url.clone(),
            reference: GitRef {
                branch: wiring.revision.clone(),
            },
        },
    };
    serde_json::to_value(repo).unwrap_or(Value::Null)
}

/// The Kustomization applying `overlay` from the GitRepository.
pub fn kustomization(wiring: &Wiring, overlay: &Overlay) -> Value {
    let k = Object {
        api_version: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: Metadata {
            name: format!("{}-{}", wiring.name, overlay.name),
            namespace: NAMESPACE,
        },
        spec: KustomizationSpec {
            interval: "10m0s",
            // A VM's first boot waits for its disks to import.
            timeout: "30m0s",
            path: format!("./{}", wiring.overlay_path(&overlay.name)),
            prune: false,
            wait: true,
            source_ref: SourceRef {
                kind: "GitRepository",
                name: wiring.name.clone(),
            },
            health_check_exprs: vec![HealthCheckExpr {
                api_version: "kubevirt.io/v1",
                kind: "VirtualMachine",
                current: VM_CURRENT,
                failed: VM_FAILED,
            }],
        },
    };
    serde_json::to_value(k).unwrap_or(Value::Null)
}

//! The Argo CD `Application` of one overlay (`import --gitops argocd`), as typed structs of
//! exactly the fields written (checked against Argo CD v3.5.1's CRD in the tests, unknown
//! fields refused). What it asks for, and why:
//! - server-side apply (`ServerSideApply=true`) and server-side diff (the
//!   `compare-options: ServerSideDiff=true` annotation): the diff is then the API server's
//!   own dry-run apply, so what KubeVirt's webhook fills in is never drift, and fields other
//!   managers own (`roll`'s annotations) are not Argo CD's;
//! - `ignoreDifferences` for exactly the cluster-dependent fields
//!   ([`super::CLUSTER_DEPENDENT_VM_FIELDS`]), with `RespectIgnoreDifferences=true` so a sync
//!   leaves them to the cluster too;
//! - automated sync with self-heal and without prune: a VM whose file disappears from Git is
//!   reported, never deleted with its disks by a commit;
//! - one sync wave and no hooks: Argo CD v3.5.1 reports a `runStrategy: Halted` VM as
//!   `Suspended`, which holds every later wave forever (argo-cd#29663); in one wave nothing
//!   waits on it.

use super::layout::{Overlay, Wiring};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Where Argo CD runs and where it deploys: the defaults of a standard installation.
pub const NAMESPACE: &str = "argocd";
pub const IN_CLUSTER: &str = "https://kubernetes.default.svc";
/// The field manager Argo CD's server-side apply writes with.
pub const FIELD_MANAGER: &str = "argocd-controller";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: Metadata,
    pub spec: ApplicationSpec,
}

#[derive(Debug, Serialize)]
pub struct Metadata {
    pub name: String,
    pub namespace: &'static str,
    pub annotations: BTreeMap<&'static str, &'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationSpec {
    pub project: &'static str,
    pub source: Source,
    pub destination: Destination,
    pub sync_policy: SyncPolicy,
    pub ignore_differences: Vec<IgnoreDifferences>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    #[serde(rename = "repoURL")]
    pub repo_url: String,
    pub target_revision: String,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct Destination {
    pub server: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncPolicy {
    pub automated: Automated,
    pub sync_options: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Automated {
    pub prune: bool,
    pub self_heal: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IgnoreDifferences {
    pub group: &'static str,
    pub kind: &'static str,
    pub json_pointers: Vec<&'static str>,
}

/// The Application deploying `overlay` from the repository.
pub fn application(wiring: &Wiring, overlay: &Overlay) -> Value {
    let mut sync_options = vec!["ServerSideApply=true", "RespectIgnoreDifferences=true"];
    if overlay.namespace.is_some() {
        // The overlay's namespace is the destination; Argo CD creates it if missing.
        sync_options.push("CreateNamespace=true");
    }
    let app = Application {
        api_version: "argoproj.io/v1alpha1",
        kind: "Application",
        metadata: Metadata {
            name: format!("{}-{}", wiring.name, overlay.name),
            namespace: NAMESPACE,
            annotations: BTreeMap::from([(
                "argocd.argoproj.io/compare-options",
                "ServerSideDiff=true",
            )]),
        },
        spec: ApplicationSpec {
            project: "default",
            source: Source {
                repo_url: wiring.repo_url.clone(),
                target_revision: wiring.revision.clone(),
                path: wiring.overlay_path(&overlay.name),
            },
            destination: Destination {
                server: IN_CLUSTER,
                namespace: overlay.namespace.clone(),
            },
            sync_policy: SyncPolicy {
                automated: Automated {
                    prune: false,
                    self_heal: true,
                },
                sync_options,
            },
            ignore_differences: vec![IgnoreDifferences {
                group: "kubevirt.io",
                kind: "VirtualMachine",
                json_pointers: super::CLUSTER_DEPENDENT_VM_FIELDS.to_vec(),
            }],
        },
    };
    serde_json::to_value(app).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gitops::layout::Tool;

    #[test]
    fn the_application_asks_for_server_side_apply_and_diff_and_ignores_the_cluster_fields() {
        let wiring = Wiring {
            tool: Tool::ArgoCd,
            repo_url: "https://git.example.com/vms.git".into(),
            path: "vms".into(),
            revision: "main".into(),
            name: "vms".into(),
        };
        let overlay: Overlay = "prod:namespace=vms-prod".parse().unwrap();
        let app = application(&wiring, &overlay);
        assert_eq!(app["metadata"]["name"], "vms-prod");
        assert_eq!(
            app["metadata"]["annotations"]["argocd.argoproj.io/compare-options"],
            "ServerSideDiff=true"
        );
        assert_eq!(
            app["spec"]["source"]["repoURL"],
            "https://git.example.com/vms.git"
        );
        assert_eq!(app["spec"]["source"]["path"], "vms/overlays/prod");
        assert_eq!(app["spec"]["destination"]["namespace"], "vms-prod");
        let options = &app["spec"]["syncPolicy"]["syncOptions"];
        assert!(options
            .as_array()
            .unwrap()
            .contains(&"ServerSideApply=true".into()));
        assert!(options
            .as_array()
            .unwrap()
            .contains(&"RespectIgnoreDifferences=true".into()));
        assert_eq!(
            app["spec"]["ignoreDifferences"][0]["jsonPointers"],
            serde_json::json!(crate::gitops::CLUSTER_DEPENDENT_VM_FIELDS)
        );
    }
}

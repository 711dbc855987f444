//! What a GitOps tool must be told to ignore on the VirtualMachines this plugin writes.
//!
//! The generator writes every field whose KubeVirt default follows from the VM's own content
//! (firmware UUID and serial, the PCI topology annotation: `generate::identity`), so Git and
//! the cluster agree on them. What is left are the fields KubeVirt's VM webhook fills from the
//! *cluster's* configuration (the KubeVirt CR's default architecture and its per-architecture
//! machine type): writing them would pin a VM to one cluster's settings, so the generator
//! leaves them out and the GitOps wiring (Argo CD `ignoreDifferences`) names them here, once.
//!
//! Neither `kubectl diff --server-side` nor Argo CD's default three-way diff reports them
//! (the manifest never writes them, and fields only the server wrote are not drift); they are
//! listed for whatever compares the whole live object with the file (a two-way diff, the e2e
//! test `cluster_e2e drift::`) and for Argo CD's `ignoreDifferences`, which with
//! `RespectIgnoreDifferences=true` also keeps a sync from touching them. Other fields KubeVirt
//! adds with no value of their own (`domain.resources: {}`, `spec.template.metadata: {}`, the
//! controller's annotations and finalizer) are not listed: they are encoding artefacts or
//! controller bookkeeping, not settings a repository could hold.
//!
//! Below this module sits the repository layout `import --overlay` writes and the wiring
//! `import --gitops` adds: `layout` (base, overlays, their patches), `seal` (how an overlay
//! file the plugin wrote is told from one a person edited), `argocd` and `flux` (typed
//! Application, GitRepository and Kustomization), and `render` (a rendered overlay read back
//! for `roll -k`). The importers and the generator know nothing of it: `import` hands it the
//! generated VirtualMachines.

pub mod argocd;
pub mod flux;
pub mod layout;
pub mod render;
pub mod seal;

/// JSON pointers (RFC 6901, the form of Argo CD's `ignoreDifferences[].jsonPointers`) into a
/// `kubevirt.io/v1` VirtualMachine, of the fields whose value comes from the cluster.
pub const CLUSTER_DEPENDENT_VM_FIELDS: &[&str] = &[
    // `setDefaultArchitecture`: the KubeVirt CR's `spec.configuration.architectureConfiguration.defaultArchitecture`.
    "/spec/template/spec/architecture",
    // `setVMDefaultMachineType`: that architecture's `machineType` in the same configuration.
    "/spec/template/spec/domain/machine/type",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's text, read as the crate reads files (through `files`).
    fn read_text(path: &std::path::Path) -> String {
        let bytes = crate::files::read_limited(path, crate::files::MAX_FILE_BYTES).unwrap();
        String::from_utf8(bytes).unwrap()
    }
    use serde_json::Value;

    /// Each pointer names a string field of the upstream VirtualMachine schema (KubeVirt
    /// v1.9.0, `../shared/schemas`), so Argo CD's `ignoreDifferences` built from the list
    /// ignores a field that exists, not a misspelt path that silently matches nothing.
    #[test]
    fn every_pointer_names_a_string_field_of_the_upstream_virtual_machine_schema() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/schemas/kubevirt-v1.9.0/crd-validation/virtualmachine.yaml");
        let text = read_text(&path);
        let crd: Value = serde_saphyr::from_str(&text).expect("schema is YAML");
        for pointer in CLUSTER_DEPENDENT_VM_FIELDS {
            let mut node = &crd["openAPIV3Schema"];
            for key in pointer.trim_start_matches('/').split('/') {
                node = &node["properties"][key];
                assert!(
                    node.is_object(),
                    "{pointer}: no field {key:?} in the schema"
                );
            }
            assert_eq!(node["type"], "string", "{pointer}");
        }
    }
}

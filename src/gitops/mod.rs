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

use serde_json::Value;

/// JSON pointers (RFC 6901, the form of Argo CD's `ignoreDifferences[].jsonPointers`) into a
/// `kubevirt.io/v1` VirtualMachine, of the fields whose value comes from the cluster.
pub const CLUSTER_DEPENDENT_VM_FIELDS: &[&str] = &[
    // `setDefaultArchitecture`: the KubeVirt CR's `spec.configuration.architectureConfiguration.defaultArchitecture`.
    "/spec/template/spec/architecture",
    // `setVMDefaultMachineType`: that architecture's `machineType` in the same configuration.
    "/spec/template/spec/domain/machine/type",
];

/// Empty objects KubeVirt's webhook leaves when it re-encodes a VM through its Go types
/// (struct fields without `omitempty`), as pointers with `*` for any list index. They hold no
/// setting; a manifest that leaves them out means the same VM.
pub const ENCODING_ARTEFACTS: &[&str] = &[
    "/spec/template/metadata",
    "/spec/template/spec/domain/resources",
    "/spec/template/spec/domain/devices",
    "/spec/template/spec/domain/features/acpi",
    "/spec/dataVolumeTemplates/*/spec/storage/resources",
    "/spec/dataVolumeTemplates/*/spec/pvc/resources",
];

/// A manifest from Git with what the cluster keeps for itself copied in from the live VM:
/// the [`CLUSTER_DEPENDENT_VM_FIELDS`] and the empty [`ENCODING_ARTEFACTS`], wherever the
/// manifest leaves them out. `roll -f`/`-k` compares and writes this, so a VM the GitOps
/// tool already applied is not "changed" by the webhook's additions, and the roll's write
/// does not take away what the cluster set. Anything else the manifest leaves out stays out.
pub fn keep_cluster_values(manifest: &mut Value, live: &Value) {
    if let (Some(target), Some(live)) = (manifest.get_mut("spec"), live.get("spec")) {
        fill(target, live, "/spec");
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Whether `path` (concrete indices) matches `pattern` (`*` for an index).
fn matches(pattern: &str, path: &str) -> bool {
    let (p, q): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == q.len()
        && p.iter()
            .zip(&q)
            .all(|(a, b)| a == b || (*a == "*" && b.parse::<usize>().is_ok()))
}

fn fill(target: &mut Value, live: &Value, path: &str) {
    match (target, live) {
        (Value::Object(t), Value::Object(l)) => {
            for (key, lv) in l {
                let p = format!("{path}/{}", escape(key));
                match t.get_mut(key) {
                    Some(tv) => fill(tv, lv, &p),
                    None => {
                        if let Some(kept) = cluster_part(lv, &p) {
                            t.insert(key.clone(), kept);
                        }
                    }
                }
            }
        }
        // Same list, item by item (a list of another length is a different list).
        (Value::Array(t), Value::Array(l)) if t.len() == l.len() => {
            for (i, (tv, lv)) in t.iter_mut().zip(l).enumerate() {
                fill(tv, lv, &format!("{path}/{i}"));
            }
        }
        _ => {}
    }
}

/// What of `live` (at `path`, absent from the manifest) belongs to the cluster.
fn cluster_part(live: &Value, path: &str) -> Option<Value> {
    if CLUSTER_DEPENDENT_VM_FIELDS.contains(&path) {
        return Some(live.clone());
    }
    let Value::Object(map) = live else {
        return None;
    };
    if map.is_empty() {
        return ENCODING_ARTEFACTS
            .iter()
            .any(|a| matches(a, path))
            .then(|| live.clone());
    }
    let kept: serde_json::Map<String, Value> = map
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.clone(),
                cluster_part(v, &format!("{path}/{}", escape(k)))?,
            ))
        })
        .collect();
    (!kept.is_empty()).then_some(Value::Object(kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's text, read as the crate reads files (through `files`).
    fn read_text(path: &std::path::Path) -> String {
        let bytes = crate::files::read_limited(path, crate::files::MAX_FILE_BYTES).unwrap();
        String::from_utf8(bytes).unwrap()
    }
    use serde_json::json;

    /// Each pointer names a string field of the upstream VirtualMachine schema (KubeVirt
    /// v1.9.0, `../shared/schemas`), so Argo CD's `ignoreDifferences` built from the list
    /// ignores a field that exists, not a misspelt path that silently matches nothing.
    #[test]
    fn every_pointer_names_a_string_field_of_the_upstream_virtual_machine_schema() {
        let Some(shared) = crate::test_shared::require_shared(
            "every_pointer_names_a_string_field_of_the_upstream_virtual_machine_schema",
        ) else {
            return;
        };
        let path = shared.join("schemas/kubevirt-v1.9.0/crd-validation/virtualmachine.yaml");
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

    #[test]
    fn a_manifest_keeps_the_cluster_fields_and_artefacts_it_leaves_out_and_nothing_else() {
        let live = json!({"spec": {
            "runStrategy": "Always",
            "dataVolumeTemplates": [{"spec": {"storage": {"resources": {}}, "pvc": {"x": {}}}}],
            "template": {"metadata": {}, "spec": {
                "architecture": "amd64",
                "domain": {
                    "machine": {"type": "q35"},
                    "resources": {},
                    "firmware": {"bootloader": {"bios": {}}},
                    "memory": {"guest": "2Gi"},
                },
            }},
        }});
        let mut git = json!({"spec": {
            "runStrategy": "Always",
            "dataVolumeTemplates": [{"spec": {"storage": {"storageClassName": "a"}}}],
            "template": {"spec": {"domain": {
                "firmware": {"bootloader": {"efi": {}}},
                "memory": {"guest": "4Gi"},
            }}},
        }});
        keep_cluster_values(&mut git, &live);
        assert_eq!(
            git,
            json!({"spec": {
                "runStrategy": "Always",
                "dataVolumeTemplates": [{"spec": {"storage": {"storageClassName": "a", "resources": {}}}}],
                "template": {"spec": {
                    "domain": {
                        // The manifest's choices win: no `bios` next to its `efi`.
                        "firmware": {"bootloader": {"efi": {}}},
                        "memory": {"guest": "4Gi"},
                        "machine": {"type": "q35"},
                        "resources": {},
                    },
                    "architecture": "amd64",
                }, "metadata": {}},
            }})
        );
    }
}

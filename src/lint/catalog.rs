//! The instancetypes and preferences VMs name: the common-instancetypes v1.7.0 bundles that
//! KubeVirt v1.9.0 deploys (embedded, parsed on first use), then those defined in the linted
//! input itself, which win over a bundle object of the same name (as a later apply would).
//!
//! `src/mapping/instancetypes.rs` keeps only sizes and requirements for choosing one; the
//! admission rules need whole specs (a preference's firmware, devices, CPU topology), hence the
//! bundles here.

use super::value::Read;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

const INSTANCETYPES: super::Vendored =
    vendored!("common-instancetypes-v1.7.0/common-clusterinstancetypes-bundle-v1.7.0");
const PREFERENCES: super::Vendored =
    vendored!("common-instancetypes-v1.7.0/common-clusterpreferences-bundle-v1.7.0");

/// The embedded bundle files, for the drift test.
pub(crate) fn embedded_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (INSTANCETYPES.name, INSTANCETYPES.json),
        (PREFERENCES.name, PREFERENCES.json),
    ]
}

/// Where an instancetype or preference lives: cluster-wide, or in a namespace.
type Key = (Option<String>, String);

/// Specs by scope and name: those of the input, then (when `bundles`) the common ones.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    instancetypes: HashMap<Key, Value>,
    preferences: HashMap<Key, Value>,
    bundles: bool,
}

fn bundles() -> &'static Catalog {
    static BUNDLES: OnceLock<Catalog> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        let mut c = Catalog::default();
        for file in [INSTANCETYPES, PREFERENCES] {
            c.add_all(&file.documents());
        }
        c
    })
}

impl Catalog {
    /// The bundles plus the instancetypes and preferences among `objects`.
    pub fn with_bundles(objects: &[Value]) -> Catalog {
        // The bundles are shared, never copied: the plugin checks every VM it generates.
        let mut c = Catalog {
            bundles: true,
            ..Catalog::default()
        };
        c.add_all(objects);
        c
    }

    /// Only the instancetypes and preferences among `objects`.
    pub fn without_bundles(objects: &[Value]) -> Catalog {
        let mut c = Catalog::default();
        c.add_all(objects);
        c
    }

    fn add_all(&mut self, objects: &[Value]) {
        for o in objects {
            // Only instancetypes and preferences are kept: the spec of every other object
            // (a VM's, whole) was cloned here and dropped, a twentieth of an import's CPU.
            if !matches!(
                o.at("kind").text(),
                "VirtualMachineClusterInstancetype"
                    | "VirtualMachineInstancetype"
                    | "VirtualMachineClusterPreference"
                    | "VirtualMachinePreference"
            ) {
                continue;
            }
            let md = o.at("metadata");
            let name = md.at("name").shown();
            let ns = Some(md.at("namespace").text())
                .filter(|n| !n.is_empty())
                .unwrap_or("default")
                .to_string();
            let spec = o.at("spec").clone();
            let spec = if spec.is_object() {
                spec
            } else {
                Value::Object(Default::default())
            };
            match o.at("kind").text() {
                "VirtualMachineClusterInstancetype" => {
                    self.instancetypes.insert((None, name), spec);
                }
                "VirtualMachineInstancetype" => {
                    self.instancetypes.insert((Some(ns), name), spec);
                }
                "VirtualMachineClusterPreference" => {
                    self.preferences.insert((None, name), spec);
                }
                "VirtualMachinePreference" => {
                    self.preferences.insert((Some(ns), name), spec);
                }
                _ => {}
            }
        }
    }

    /// The matcher's key: `kind` names the namespaced or the cluster kind (empty: cluster).
    fn key(matcher: &Value, ns: &str, singular: &str) -> Option<Key> {
        let kind = matcher.at("kind").text().to_lowercase();
        let plural = format!("{singular}s");
        let cluster = singular.replacen("virtualmachine", "virtualmachinecluster", 1);
        let cluster_plural = format!("{cluster}s");
        let name = matcher.at("name").shown();
        if kind == singular || kind == plural {
            Some((Some(ns.to_string()), name))
        } else if kind.is_empty() || kind == cluster || kind == cluster_plural {
            Some((None, name))
        } else {
            None
        }
    }

    /// The instancetype a VM spec names; `None` when it names none, names one by revision
    /// (cluster state) or names one nobody defines (the webhook only logs that).
    pub fn instancetype(&self, vm_spec: &Value, ns: &str) -> Option<Value> {
        let m = vm_spec.at("instancetype");
        if !m.is_object() || m.at("revisionName").truthy() {
            return None;
        }
        let key = Self::key(m, ns, "virtualmachineinstancetype")?;
        self.instancetypes
            .get(&key)
            .or_else(|| {
                self.bundles
                    .then(|| bundles().instancetypes.get(&key))
                    .flatten()
            })
            .cloned()
    }

    /// The preference a VM spec names, as [`Catalog::instancetype`].
    pub fn preference(&self, vm_spec: &Value, ns: &str) -> Option<Value> {
        let m = vm_spec.at("preference");
        if !m.is_object() || m.at("revisionName").truthy() {
            return None;
        }
        let key = Self::key(m, ns, "virtualmachinepreference")?;
        self.preferences
            .get(&key)
            .or_else(|| {
                self.bundles
                    .then(|| bundles().preferences.get(&key))
                    .flatten()
            })
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolves_bundles_and_input_objects() {
        let input = [json!({"kind": "VirtualMachinePreference",
            "metadata": {"name": "mine", "namespace": "ns"}, "spec": {"cpu": {"preferredCPUTopology": "cores"}}})];
        let c = Catalog::with_bundles(&input);
        let vm = json!({"instancetype": {"name": "u1.medium"}, "preference": {"name": "mine", "kind": "VirtualMachinePreference"}});
        assert_eq!(
            c.instancetype(&vm, "ns")
                .map(|s| s.path(&["cpu", "guest"]).clone()),
            Some(json!(1))
        );
        assert!(c.preference(&vm, "ns").is_some());
        assert!(c.preference(&vm, "other").is_none());
        assert!(c
            .preference(&json!({"preference": {"name": "fedora"}}), "x")
            .is_some());
    }
}

//! CustomResourceDefinitions for KubeVirt (v1.9.0), CDI (v1.66.0) and Multus (v1.7.7), built
//! from the unmodified upstream schema files in `shared/schemas`: KubeVirt ships only the
//! `openAPIV3Schema` documents, so they are wrapped into CRDs here with the names, scopes,
//! short names and printer columns virt-operator uses. The VirtualMachineInstanceMigration
//! schema is not among the files: it preserves unknown fields.

use crate::util::parse_yaml;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Where `shared/schemas` is: `$VMMIGRATE_SCHEMAS_DIR`, else beside the repository checkout.
pub fn schemas_dir() -> PathBuf {
    if let Ok(d) = std::env::var("VMMIGRATE_SCHEMAS_DIR") {
        return PathBuf::from(d);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        manifest.join("../../../shared/schemas"),
        manifest.join("../../shared/schemas"),
        PathBuf::from("../shared/schemas"),
    ];
    for c in &candidates {
        if c.join("kubevirt-v1.9.0").is_dir() {
            return c.clone();
        }
    }
    candidates[0].clone()
}

fn read_yaml(rel: &str) -> Result<Value, String> {
    let p = schemas_dir().join(rel);
    let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    parse_yaml(&text).map_err(|e| format!("{}: {e}", p.display()))
}

fn kubevirt_schema(file: &str) -> Result<Value, String> {
    let doc = read_yaml(&format!("kubevirt-v1.9.0/crd-validation/{file}.yaml"))?;
    doc.get("openAPIV3Schema")
        .cloned()
        .ok_or_else(|| format!("{file}.yaml: no openAPIV3Schema"))
}

fn col(name: &str, path: &str, ty: &str) -> Value {
    json!({"name": name, "jsonPath": path, "type": ty})
}

#[allow(clippy::too_many_arguments)]
fn crd(
    group: &str,
    versions: &[&str],
    kind: &str,
    plural: &str,
    singular: &str,
    short: &[&str],
    namespaced: bool,
    schema: Value,
    status: bool,
    columns: Vec<Value>,
    categories: &[&str],
) -> Value {
    let vs: Vec<Value> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut e = json!({
                "name": v,
                "served": true,
                "storage": i == 0,
                "schema": {"openAPIV3Schema": schema},
                "additionalPrinterColumns": columns,
            });
            if status {
                e["subresources"] = json!({"status": {}});
            }
            e
        })
        .collect();
    json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("{plural}.{group}"), "labels": {"app.kubernetes.io/component": "kubevirt"}},
        "spec": {
            "group": group,
            "names": {"kind": kind, "listKind": format!("{kind}List"), "plural": plural, "singular": singular, "shortNames": short, "categories": categories},
            "scope": if namespaced { "Namespaced" } else { "Cluster" },
            "versions": vs,
        }
    })
}

fn build() -> Result<Vec<Value>, String> {
    let age = col("Age", ".metadata.creationTimestamp", "date");
    let mut out = vec![
        crd(
            "kubevirt.io",
            &["v1", "v1alpha3"],
            "VirtualMachine",
            "virtualmachines",
            "virtualmachine",
            &["vm", "vms"],
            true,
            kubevirt_schema("virtualmachine")?,
            true,
            vec![
                age.clone(),
                col("Status", ".status.printableStatus", "string"),
                col(
                    "Ready",
                    ".status.conditions[?(@.type=='Ready')].status",
                    "string",
                ),
            ],
            &["all"],
        ),
        crd(
            "kubevirt.io",
            &["v1", "v1alpha3"],
            "VirtualMachineInstance",
            "virtualmachineinstances",
            "virtualmachineinstance",
            &["vmi", "vmis"],
            true,
            kubevirt_schema("virtualmachineinstance")?,
            false,
            vec![
                age.clone(),
                col("Phase", ".status.phase", "string"),
                col("IP", ".status.interfaces[0].ipAddress", "string"),
                col("NodeName", ".status.nodeName", "string"),
                col(
                    "Ready",
                    ".status.conditions[?(@.type=='Ready')].status",
                    "string",
                ),
            ],
            &["all"],
        ),
        crd(
            "kubevirt.io",
            &["v1", "v1alpha3"],
            "VirtualMachineInstanceMigration",
            "virtualmachineinstancemigrations",
            "virtualmachineinstancemigration",
            &["vmim", "vmims"],
            true,
            json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true}),
            true,
            vec![
                col("Phase", ".status.phase", "string"),
                col("VMI", ".spec.vmiName", "string"),
            ],
            &["all"],
        ),
    ];
    for (kind, plural, singular, short, ns, file) in [
        (
            "VirtualMachineInstancetype",
            "virtualmachineinstancetypes",
            "virtualmachineinstancetype",
            &["vminstancetype", "vminstancetypes", "vmf", "vmfs"][..],
            true,
            "virtualmachineinstancetype",
        ),
        (
            "VirtualMachineClusterInstancetype",
            "virtualmachineclusterinstancetypes",
            "virtualmachineclusterinstancetype",
            &[
                "vmclusterinstancetype",
                "vmclusterinstancetypes",
                "vmcf",
                "vmcfs",
            ][..],
            false,
            "virtualmachineclusterinstancetype",
        ),
        (
            "VirtualMachinePreference",
            "virtualmachinepreferences",
            "virtualmachinepreference",
            &["vmpref", "vmprefs", "vmp", "vmps"][..],
            true,
            "virtualmachinepreference",
        ),
        (
            "VirtualMachineClusterPreference",
            "virtualmachineclusterpreferences",
            "virtualmachineclusterpreference",
            &["vmclusterpref", "vmclusterprefs", "vmcp", "vmcps"][..],
            false,
            "virtualmachineclusterpreference",
        ),
    ] {
        out.push(crd(
            "instancetype.kubevirt.io",
            &["v1beta1"],
            kind,
            plural,
            singular,
            short,
            ns,
            kubevirt_schema(file)?,
            false,
            vec![age.clone()],
            &[],
        ));
    }
    out.push(pool_crd(
        kubevirt_schema("virtualmachinepool")?,
        age.clone(),
    ));
    let mut ds = read_yaml("cdi-v1.66.0/crd/datasource.yaml")?;
    if let Some(m) = ds.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("creationTimestamp");
    }
    if let Some(m) = ds.as_object_mut() {
        m.remove("status");
    }
    out.push(ds);
    let mut dv = read_yaml("cdi-v1.66.0/crd/datavolume.yaml")?;
    if let Some(m) = dv.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("creationTimestamp");
    }
    if let Some(m) = dv.as_object_mut() {
        m.remove("status");
    }
    out.push(dv);
    let nad = read_yaml("network-attachment-definition-client-v1.7.7/networks-crd.yaml")?;
    out.push(nad);
    Ok(out)
}

/// virt-operator's VirtualMachinePool CRD: `pool.kubevirt.io/v1beta1`, short names `vmpool`
/// and `vmpools`, status and scale subresources (`.spec.replicas`, `.status.replicas`,
/// `.status.labelSelector`), so `kubectl scale vmpool/NAME` and an HPA work on it.
fn pool_crd(schema: Value, age: Value) -> Value {
    let mut pool = crd(
        "pool.kubevirt.io",
        &["v1beta1"],
        "VirtualMachinePool",
        "virtualmachinepools",
        "virtualmachinepool",
        &["vmpool", "vmpools"],
        true,
        schema,
        true,
        vec![
            col("Desired", ".spec.replicas", "integer"),
            col("Current", ".status.replicas", "integer"),
            col("Ready", ".status.readyReplicas", "integer"),
            age,
        ],
        &["all"],
    );
    pool["spec"]["versions"][0]["subresources"]["scale"] = json!({
        "specReplicasPath": ".spec.replicas",
        "statusReplicasPath": ".status.replicas",
        "labelSelectorPath": ".status.labelSelector",
    });
    pool
}

/// All CRDs (parsed once per process; the KubeVirt schemas are large).
pub fn all_crds() -> Result<&'static Vec<Value>, String> {
    static CACHE: OnceLock<Result<Vec<Value>, String>> = OnceLock::new();
    CACHE.get_or_init(build).as_ref().map_err(Clone::clone)
}

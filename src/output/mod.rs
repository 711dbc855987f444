//! Output: generated objects as YAML streams, JSON lists, kustomize folders and tables.
//!
//! Everything here writes bytes for stdout or files; nothing talks to a cluster and nothing
//! reads source formats.

pub mod table;
pub mod yaml;

use crate::generate::GeneratedVm;
use serde_json::{json, Value};
use std::path::Path;

/// The `-o` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Yaml,
    Json,
    Name,
    Wide,
    Table,
}

/// All generated objects, in order, as one YAML stream.
pub fn yaml_stream(vms: &[GeneratedVm]) -> String {
    yaml::to_yaml_stream(vms.iter().flat_map(|vm| vm.objects.iter()))
}

/// All generated objects as one kubectl `List`, pretty-printed, ending with a newline.
pub fn json_list(vms: &[GeneratedVm]) -> String {
    let items: Vec<&Value> = vms.iter().flat_map(|vm| vm.objects.iter()).collect();
    let list = json!({"apiVersion": "v1", "kind": "List", "items": items, "metadata": {}});
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
    text.push('\n');
    text
}

/// The VMs with every Secret's values replaced by `***`, as `kubectl diff` masks them:
/// previews are for reading and pasting, and the user's data stays out of them.
pub fn mask_secrets(vms: &[GeneratedVm]) -> Vec<GeneratedVm> {
    let mut masked = vms.to_vec();
    for object in masked.iter_mut().flat_map(|vm| vm.objects.iter_mut()) {
        if object["kind"] == "Secret" && object["apiVersion"] == "v1" {
            for field in ["data", "stringData"] {
                if let Some(Value::Object(entries)) = object.get_mut(field) {
                    for value in entries.values_mut() {
                        *value = Value::String("***".into());
                    }
                }
            }
        }
    }
    masked
}

/// `kind.group/name` lines, as `kubectl get -o name` prints them.
pub fn names(vms: &[GeneratedVm]) -> String {
    let mut out = String::new();
    for object in vms.iter().flat_map(|vm| vm.objects.iter()) {
        out.push_str(&object_ref(object));
        out.push('\n');
    }
    out
}

/// `virtualmachine.kubevirt.io/web01` for an object.
pub fn object_ref(object: &Value) -> String {
    let kind = object["kind"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let group = object["apiVersion"]
        .as_str()
        .and_then(|v| v.rsplit_once('/'))
        .map(|(group, _)| group)
        .unwrap_or("");
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    if group.is_empty() {
        format!("{kind}/{name}")
    } else {
        format!("{kind}.{group}/{name}")
    }
}

/// Writes one `<vm>.yaml` per VM and a `kustomization.yaml` listing them, so the folder
/// can go straight into Git and `kubectl apply -k`.
pub fn write_dir(dir: &Path, vms: &[GeneratedVm]) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut files = Vec::new();
    for vm in vms {
        let file = format!("{}.yaml", vm.name);
        std::fs::write(dir.join(&file), yaml::to_yaml_stream(vm.objects.iter()))?;
        files.push(file);
    }
    files.sort();
    let kustomization = json!({
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": files,
    });
    std::fs::write(
        dir.join("kustomization.yaml"),
        yaml::to_yaml(&kustomization),
    )?;
    Ok(files)
}

//! Files that hold Kubernetes objects (YAML or JSON, as `import --output-dir` writes them),
//! read as plain values: which files are manifests, and one expansion of `List`s.
//!
//! Reading goes through the parent module's walker and size limit, so a FIFO named `x.yaml`
//! in a folder is skipped here exactly as the importers skip it.

use super::{read_limited, walk, ReadError, MAX_FILE_BYTES};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Why a manifest file's objects cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    #[error("a document without apiVersion and kind")]
    NoKind,
    #[error("a {kind} without metadata.name")]
    NoName { kind: String },
}

/// Whether a path's extension is one manifests use.
pub fn is_yaml_or_json(path: &Path) -> bool {
    matches!(super::extension(path).as_str(), "yaml" | "yml" | "json")
}

/// The manifest files under `path` with their documents: the file itself when it is one, or
/// every manifest in a folder. A file is a manifest when one of its documents has
/// `apiVersion` and `kind` (a vSphere JSON export has neither). Each file is parsed once
/// (YAML parsing dominates with hundreds of files). A folder that cannot be walked holds no
/// manifest here; the importers report it.
pub fn manifest_files(path: &Path) -> Vec<(PathBuf, Vec<Value>)> {
    let files = if super::is_dir(path) {
        walk(path, &is_yaml_or_json).unwrap_or_default()
    } else if is_yaml_or_json(path) {
        vec![path.to_path_buf()]
    } else {
        Vec::new()
    };
    files
        .into_iter()
        .filter_map(|f| manifest_docs(&f).map(|docs| (f, docs)))
        .collect()
}

/// The documents of a file when it holds Kubernetes objects; `None` otherwise (unreadable,
/// too large, not YAML, or no document with `apiVersion` and `kind`).
pub fn manifest_docs(path: &Path) -> Option<Vec<Value>> {
    let bytes = read_limited(path, MAX_FILE_BYTES).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let docs: Vec<Value> = serde_saphyr::from_multiple(&text).ok()?;
    docs.iter()
        .any(|d| d.get("apiVersion").is_some() && d.get("kind").is_some())
        .then_some(docs)
}

/// Why a manifest file named on the command line (`roll -f FILE`) cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum NamedManifestError {
    #[error("{}: {source}", .path.display())]
    Read { path: PathBuf, source: ReadError },
    #[error("{}: not UTF-8 text", .path.display())]
    NotText { path: PathBuf },
    #[error("{}: not YAML: {message}", .path.display())]
    NotYaml { path: PathBuf, message: String },
}

/// The documents of a file the user named, `List`s expanded, with the size limit of every
/// other read. Unlike [`manifest_docs`] it says why a file cannot be used: the user asked for
/// this one. A FIFO named here is read (`-f <(kustomize build)`); the walker skips FIFOs only
/// inside folders.
pub fn read_named(path: &Path) -> Result<Vec<Value>, NamedManifestError> {
    let bytes = read_limited(path, MAX_FILE_BYTES).map_err(|source| NamedManifestError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| NamedManifestError::NotText {
        path: path.to_path_buf(),
    })?;
    let docs: Vec<Value> =
        serde_saphyr::from_multiple(&text).map_err(|e| NamedManifestError::NotYaml {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    Ok(expand_lists(docs))
}

/// The items of a `List` (`v1 List` or any `*List` with `items`), or `None` when `doc` is
/// not a list.
pub fn list_items(doc: &Value) -> Option<&Vec<Value>> {
    let kind = doc["kind"].as_str().unwrap_or_default();
    if kind == "List" || kind.ends_with("List") && doc["items"].is_array() {
        return Some(doc["items"].as_array().unwrap_or(EMPTY));
    }
    None
}

const EMPTY: &Vec<Value> = &Vec::new();

/// Documents with every `List` expanded into its items, in order; empty documents dropped.
pub fn expand_lists(docs: Vec<Value>) -> Vec<Value> {
    let mut out = Vec::new();
    for doc in docs {
        if doc.is_null() {
            continue;
        }
        match list_items(&doc) {
            Some(items) => out.extend(items.iter().cloned()),
            None => out.push(doc),
        }
    }
    out
}

/// The objects of a manifest file's documents (`List`s expanded); `None` for a kustomization
/// file, which names other files rather than holding objects. Documents outside lists need
/// `apiVersion`, `kind` and a name; list items are taken as the list holds them.
pub fn objects_of(docs: Vec<Value>) -> Result<Option<Vec<Value>>, ManifestError> {
    let mut objects = Vec::new();
    for doc in docs {
        if doc.is_null() {
            continue;
        }
        let kind = doc["kind"].as_str().unwrap_or_default();
        if kind == "Kustomization" {
            return Ok(None);
        }
        if let Some(items) = list_items(&doc) {
            objects.extend(items.iter().cloned());
            continue;
        }
        if doc["apiVersion"].as_str().is_none() || kind.is_empty() {
            return Err(ManifestError::NoKind);
        }
        if doc["metadata"]["name"].as_str().is_none_or(str::is_empty) {
            return Err(ManifestError::NoName {
                kind: kind.to_string(),
            });
        }
        objects.push(doc);
    }
    Ok(Some(objects))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn manifests_are_told_from_specs_and_lists_expand() {
        let dir = std::env::temp_dir().join(format!("vmmigrate-manifest-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let manifest = dir.join("vm.yaml");
        std::fs::write(&manifest, "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: b\n").unwrap();
        let kustomization = dir.join("kustomization.yaml");
        std::fs::write(&kustomization, "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [vm.yaml]\n").unwrap();
        let vsphere = dir.join("inventory.json");
        std::fs::write(&vsphere, "{\"name\": \"vm\", \"config\": {}}").unwrap();
        let docs = manifest_docs(&manifest).unwrap();
        assert_eq!(objects_of(docs).unwrap().unwrap().len(), 2);
        assert!(objects_of(manifest_docs(&kustomization).unwrap())
            .unwrap()
            .is_none());
        assert!(manifest_docs(&vsphere).is_none());
        let found: Vec<PathBuf> = manifest_files(&dir).into_iter().map(|(f, _)| f).collect();
        assert_eq!(found, [kustomization, manifest]);
        std::fs::remove_dir_all(&dir).ok();
    }

    /// `roll -f FILE`: Lists expanded, and each way a named file fails says so, the size
    /// limit included (the old reader had none: a huge file was read whole).
    #[test]
    fn a_named_file_expands_lists_and_says_why_it_cannot_be_used() {
        let dir = std::env::temp_dir().join(format!("vmmigrate-named-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("vms.yaml");
        std::fs::write(&good, "apiVersion: v1\nkind: List\nitems:\n- kind: VirtualMachine\n  metadata: {name: a}\n---\nkind: VirtualMachine\nmetadata: {name: b}\n").unwrap();
        let docs = read_named(&good).unwrap();
        let names: Vec<&str> = docs
            .iter()
            .filter_map(|d| d.pointer("/metadata/name").and_then(Value::as_str))
            .collect();
        assert_eq!(names, ["a", "b"]);
        let bad = dir.join("bad.yaml");
        std::fs::write(&bad, "a: [unclosed\n").unwrap();
        assert!(matches!(
            read_named(&bad),
            Err(NamedManifestError::NotYaml { .. })
        ));
        let huge = dir.join("huge.yaml");
        std::fs::File::create(&huge)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap();
        let err = read_named(&huge).unwrap_err();
        assert!(
            matches!(
                &err,
                NamedManifestError::Read {
                    source: ReadError::TooLarge { .. },
                    ..
                }
            ),
            "{err}"
        );
        assert!(err
            .to_string()
            .starts_with(&format!("{}: file is larger than", huge.display())));
        let missing = dir.join("missing.yaml");
        assert!(read_named(&missing)
            .unwrap_err()
            .to_string()
            .contains("cannot read"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn objects_need_a_kind_and_a_name() {
        let named = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}});
        let list = json!({"apiVersion": "v1", "kind": "SecretList", "items": [named.clone()]});
        assert_eq!(
            objects_of(vec![Value::Null, list]).unwrap().unwrap(),
            [named]
        );
        assert_eq!(
            objects_of(vec![json!({"kind": "Secret"})]),
            Err(ManifestError::NoKind)
        );
        assert_eq!(
            objects_of(vec![
                json!({"apiVersion": "v1", "kind": "Secret", "metadata": {}})
            ]),
            Err(ManifestError::NoName {
                kind: "Secret".into()
            })
        );
        // A `*List` without items is an object like any other, not a list.
        let odd = json!({"apiVersion": "x/v1", "kind": "Checklist", "metadata": {"name": "c"}});
        assert_eq!(expand_lists(vec![odd.clone()]), [odd]);
    }
}

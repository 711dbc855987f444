//! The repository layout `import --output-dir DIR --overlay NAME` writes:
//!
//! ```text
//! DIR/base/                      the VM files as `import --output-dir` writes them, and
//!                                their kustomization.yaml (rewritten on every run)
//! DIR/overlays/NAME/kustomization.yaml   per environment: ../../base, namespace, labels
//! DIR/overlays/NAME/patches/VM.yaml      per VM: run strategy, storage class, instancetype
//! DIR/argocd/NAME.yaml           with --gitops argocd: the overlay's Application
//! DIR/flux/source.yaml, NAME.yaml        with --gitops flux: GitRepository, Kustomization
//! ```
//!
//! Overlays hold patches only (never a copy of a VM), so a change to the source reaches
//! every environment through the base. Every file here is sealed (`seal`): a re-run
//! rewrites it while it is as the plugin wrote it and leaves it alone once a person edited
//! it. Per-VM patches are JSON patches (RFC 6902) because a VM's disks are a list, which a
//! strategic merge patch on a custom resource would replace whole; the plugin knows each
//! VM's paths, so it writes exact ones.

use super::seal::{self, Outcome};
use super::{argocd, flux};
use crate::kubevirt::RunStrategy;
use crate::output::yaml;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One environment, from `--overlay NAME[:KEY=VALUE,...]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overlay {
    pub name: String,
    pub namespace: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub run_strategy: Option<RunStrategy>,
    pub storage_class: Option<String>,
    /// A VirtualMachineClusterInstancetype name (e.g. `u1.large`).
    pub instancetype: Option<String>,
}

/// Why an `--overlay` value cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverlayError {
    #[error("{0:?}: an overlay name must be a DNS label (lower-case letters, digits, '-'); it names a folder and the GitOps objects")]
    Name(String),
    #[error("{0:?}: expected KEY=VALUE (keys: namespace, run-strategy, storage-class, instancetype, label.KEY)")]
    Setting(String),
    #[error("unknown setting {0:?} (keys: namespace, run-strategy, storage-class, instancetype, label.KEY)")]
    UnknownKey(String),
    #[error("{key}={value:?}: {why}")]
    Value {
        key: String,
        value: String,
        why: &'static str,
    },
    #[error("{0} is given twice")]
    Twice(String),
}

fn is_dns_subdomain(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(crate::generate::naming::is_dns_label)
}

/// A label value: at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends.
fn is_label_value(text: &str) -> bool {
    text.len() <= 63
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && (text.is_empty()
            || text.starts_with(|c: char| c.is_ascii_alphanumeric())
                && text.ends_with(|c: char| c.is_ascii_alphanumeric()))
}

/// A label key: an optional DNS-subdomain prefix and `/`, then a name like a label value.
fn is_label_key(text: &str) -> bool {
    let (prefix, name) = match text.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, text),
    };
    prefix.is_none_or(is_dns_subdomain) && !name.is_empty() && is_label_value(name)
}

impl std::str::FromStr for Overlay {
    type Err = OverlayError;

    /// `prod` or `prod:namespace=vms-prod,run-strategy=Always,storage-class=ceph-rbd,instancetype=u1.large,label.env=prod`.
    fn from_str(text: &str) -> Result<Self, OverlayError> {
        let (name, settings) = text.split_once(':').unwrap_or((text, ""));
        if !crate::generate::naming::is_dns_label(name) {
            return Err(OverlayError::Name(name.to_string()));
        }
        let mut overlay = Overlay {
            name: name.to_string(),
            ..Overlay::default()
        };
        for setting in settings.split(',').filter(|s| !s.is_empty()) {
            let (key, value) = setting
                .split_once('=')
                .ok_or_else(|| OverlayError::Setting(setting.to_string()))?;
            overlay.set(key, value)?;
        }
        Ok(overlay)
    }
}

impl Overlay {
    fn set(&mut self, key: &str, value: &str) -> Result<(), OverlayError> {
        let bad = |why| OverlayError::Value {
            key: key.to_string(),
            value: value.to_string(),
            why,
        };
        let slot = match key {
            "namespace" if crate::generate::naming::is_dns_label(value) => &mut self.namespace,
            "namespace" => return Err(bad("a namespace is a DNS label")),
            "storage-class" if is_dns_subdomain(value) => &mut self.storage_class,
            "storage-class" => return Err(bad("a StorageClass name is a DNS subdomain")),
            "instancetype" if is_dns_subdomain(value) => &mut self.instancetype,
            "instancetype" => return Err(bad("an instancetype name is a DNS subdomain")),
            "run-strategy" => {
                let strategy = RunStrategy::parse(value)
                    .ok_or_else(|| bad("use Always, RerunOnFailure, Manual, Halted or Once"))?;
                if self.run_strategy.replace(strategy).is_some() {
                    return Err(OverlayError::Twice(key.to_string()));
                }
                return Ok(());
            }
            _ => {
                let Some(label) = key.strip_prefix("label.") else {
                    return Err(OverlayError::UnknownKey(key.to_string()));
                };
                if !is_label_key(label) {
                    return Err(bad("not a valid label key"));
                }
                if !is_label_value(value) {
                    return Err(bad("a label value is at most 63 of [A-Za-z0-9._-]"));
                }
                if self
                    .labels
                    .insert(label.to_string(), value.to_string())
                    .is_some()
                {
                    return Err(OverlayError::Twice(key.to_string()));
                }
                return Ok(());
            }
        };
        if slot.replace(value.to_string()).is_some() {
            return Err(OverlayError::Twice(key.to_string()));
        }
        Ok(())
    }

    /// Whether the overlay patches each VM (not only namespace and labels).
    fn patches_vms(&self) -> bool {
        self.run_strategy.is_some() || self.storage_class.is_some() || self.instancetype.is_some()
    }

    /// The settings in words, for the kustomization's header.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(ns) = &self.namespace {
            parts.push(format!("namespace {ns}"));
        }
        if !self.labels.is_empty() {
            let pairs: Vec<String> = self
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            parts.push(format!("labels {}", pairs.join(",")));
        }
        if let Some(s) = self.run_strategy {
            parts.push(format!("run strategy {s}"));
        }
        if let Some(s) = &self.storage_class {
            parts.push(format!("storage class {s}"));
        }
        if let Some(s) = &self.instancetype {
            parts.push(format!("instancetype {s}"));
        }
        if parts.is_empty() {
            "none yet (the base as it is); add yours below".into()
        } else {
            parts.join("; ")
        }
    }
}

/// Fields of a VM template that KubeVirt refuses next to an instancetype (the instancetype
/// sets CPU and memory): an instancetype patch removes those the VM has.
const SIZING: &[&str] = &[
    "/spec/template/spec/domain/cpu",
    "/spec/template/spec/domain/memory",
    "/spec/template/spec/domain/resources/requests/memory",
    "/spec/template/spec/domain/resources/requests/cpu",
    "/spec/template/spec/domain/resources/limits/memory",
    "/spec/template/spec/domain/resources/limits/cpu",
];

/// What the overlays need to know of one generated VirtualMachine: its name and the exact
/// paths their patches touch. Small on purpose: `import` streams, and keeps only this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VmFacts {
    pub name: String,
    /// JSON pointers of each dataVolumeTemplate's `storage` (or `pvc`) object.
    storage: Vec<String>,
    /// The [`SIZING`] fields the VM has.
    sizing: Vec<&'static str>,
}

/// The facts of every VirtualMachine among `objects` (one generated VM's objects).
pub fn vm_facts(objects: &[Value]) -> Vec<VmFacts> {
    objects
        .iter()
        .filter(|o| o["kind"] == "VirtualMachine" && o["apiVersion"] == "kubevirt.io/v1")
        .filter_map(|vm| {
            let name = vm.pointer("/metadata/name")?.as_str()?.to_string();
            let templates = vm
                .pointer("/spec/dataVolumeTemplates")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let storage = templates
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    let key = ["storage", "pvc"]
                        .into_iter()
                        .find(|k| t["spec"][*k].is_object())?;
                    Some(format!("/spec/dataVolumeTemplates/{i}/spec/{key}"))
                })
                .collect();
            let sizing = SIZING
                .iter()
                .copied()
                .filter(|p| vm.pointer(p).is_some())
                .collect();
            Some(VmFacts {
                name,
                storage,
                sizing,
            })
        })
        .collect()
}

/// The JSON patch of one VM in one overlay.
fn vm_patch(overlay: &Overlay, vm: &VmFacts) -> Value {
    let mut ops = Vec::new();
    if let Some(strategy) = overlay.run_strategy {
        ops.push(json!({"op": "add", "path": "/spec/runStrategy", "value": strategy.as_str()}));
    }
    if let Some(class) = &overlay.storage_class {
        for storage in &vm.storage {
            ops.push(
                json!({"op": "add", "path": format!("{storage}/storageClassName"), "value": class}),
            );
        }
    }
    if let Some(instancetype) = &overlay.instancetype {
        // Deepest first, so removing `resources/requests/memory` never follows a removed
        // parent; `domain/cpu` and `domain/memory` are siblings of `resources`.
        for path in vm.sizing.iter().rev() {
            ops.push(json!({"op": "remove", "path": path}));
        }
        ops.push(json!({"op": "add", "path": "/spec/instancetype", "value": {
            "kind": "VirtualMachineClusterInstancetype", "name": instancetype,
        }}));
    }
    Value::Array(ops)
}

/// `--gitops`: where the repository is and which tool applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wiring {
    pub tool: Tool,
    pub repo_url: String,
    /// The folder given to `--output-dir`, as a path inside the repository.
    pub path: String,
    /// Branch (Flux) or target revision (Argo CD).
    pub revision: String,
    /// Prefix of the Application / Kustomization names: `<name>-<overlay>`.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    ArgoCd,
    Flux,
}

impl Wiring {
    /// The overlay's folder inside the repository, `/`-separated, no leading `./`.
    pub fn overlay_path(&self, overlay: &str) -> String {
        let base = self.path.trim_start_matches("./").trim_matches('/');
        if base.is_empty() || base == "." {
            format!("overlays/{overlay}")
        } else {
            format!("{base}/overlays/{overlay}")
        }
    }
}

/// One file written (or kept), relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub outcome: Outcome,
}

const KEEP_NOTE: &str = "# kubectl-vmmigrate import rewrites this file while it is as written; once you edit\n# it, import leaves it alone and says so. Delete it to have it written again.\n";

/// The overlay's kustomization.yaml: the base, namespace, labels, and one patch per VM.
fn kustomization(overlay: &Overlay, vms: &[VmFacts]) -> String {
    let mut k = json!({
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": ["../../base"],
    });
    if let Some(ns) = &overlay.namespace {
        k["namespace"] = json!(ns);
    }
    if !overlay.labels.is_empty() {
        // `labels` (not the deprecated `commonLabels`): metadata only, never selectors.
        k["labels"] = json!([{"pairs": overlay.labels}]);
    }
    if overlay.patches_vms() && !vms.is_empty() {
        let patches: Vec<Value> = vms
            .iter()
            .map(|vm| {
                json!({
                    "path": format!("patches/{}.yaml", vm.name),
                    "target": {"group": "kubevirt.io", "version": "v1", "kind": "VirtualMachine", "name": vm.name},
                })
            })
            .collect();
        k["patches"] = Value::Array(patches);
    }
    let header = format!(
        "# Overlay {name:?}: the VMs of ../../base for one environment, as patches only.\n# Settings: {settings}.\n# Render: kubectl kustomize overlays/{name}\n{KEEP_NOTE}",
        name = overlay.name,
        settings = overlay.describe(),
    );
    seal::seal(&header, &yaml::to_yaml(&k))
}

fn patch_file(overlay: &Overlay, vm: &VmFacts) -> String {
    let header = format!(
        "# Overlay {:?}, VirtualMachine {}: a JSON patch (RFC 6902) listed in ../kustomization.yaml.\n{KEEP_NOTE}",
        overlay.name, vm.name
    );
    seal::seal(&header, &yaml::to_yaml(&vm_patch(overlay, vm)))
}

/// Writes the overlays (and the GitOps wiring) under `dir`, after the base was written to
/// `dir/base`. Files a person edited are kept; every file's outcome is returned, in the
/// order written.
pub fn write(
    dir: &Path,
    overlays: &[Overlay],
    vms: &[VmFacts],
    wiring: Option<&Wiring>,
) -> std::io::Result<Vec<Written>> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for overlay in overlays {
        let folder = Path::new("overlays").join(&overlay.name);
        files.push((
            folder.join("kustomization.yaml"),
            kustomization(overlay, vms),
        ));
        if overlay.patches_vms() {
            for vm in vms {
                let file = folder.join("patches").join(format!("{}.yaml", vm.name));
                files.push((file, patch_file(overlay, vm)));
            }
        }
    }
    if let Some(wiring) = wiring {
        files.extend(wiring_files(wiring, overlays));
    }
    let mut written = Vec::new();
    for (path, content) in files {
        let outcome = seal::place(&dir.join(&path), &content)?;
        written.push(Written { path, outcome });
    }
    Ok(written)
}

/// The Argo CD or Flux objects, one file per overlay (and Flux's one GitRepository).
fn wiring_files(wiring: &Wiring, overlays: &[Overlay]) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    match wiring.tool {
        Tool::ArgoCd => {
            for overlay in overlays {
                let header = format!(
                    "# Argo CD Application for overlay {:?}: apply it to the cluster running Argo CD\n# (kubectl apply -n argocd -f argocd/{}.yaml).\n{KEEP_NOTE}",
                    overlay.name, overlay.name
                );
                let body = yaml::to_yaml(&argocd::application(wiring, overlay));
                files.push((
                    Path::new("argocd").join(format!("{}.yaml", overlay.name)),
                    seal::seal(&header, &body),
                ));
            }
        }
        Tool::Flux => {
            let header = format!(
                "# Flux GitRepository of {}, read by the Kustomizations beside it.\n{KEEP_NOTE}",
                wiring.repo_url
            );
            let body = yaml::to_yaml(&flux::git_repository(wiring));
            files.push((
                PathBuf::from("flux/source.yaml"),
                seal::seal(&header, &body),
            ));
            for overlay in overlays {
                let header = format!(
                    "# Flux Kustomization for overlay {:?} (kubectl apply -f flux/).\n{KEEP_NOTE}",
                    overlay.name
                );
                let body = yaml::to_yaml(&flux::kustomization(wiring, overlay));
                files.push((
                    Path::new("flux").join(format!("{}.yaml", overlay.name)),
                    seal::seal(&header, &body),
                ));
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's text, read as the crate reads files (through `files`).
    fn read_text(path: &std::path::Path) -> String {
        let bytes = crate::files::read_limited(path, crate::files::MAX_FILE_BYTES).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    fn vm() -> Value {
        json!({
            "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
            "metadata": {"name": "web01"},
            "spec": {
                "runStrategy": "Always",
                "dataVolumeTemplates": [
                    {"metadata": {"name": "a"}, "spec": {"storage": {}}},
                    {"metadata": {"name": "b"}, "spec": {"pvc": {}}},
                ],
                "template": {"spec": {"domain": {"cpu": {"sockets": 2}, "memory": {"guest": "2Gi"}}}},
            },
        })
    }

    #[test]
    fn overlay_settings_parse_and_bad_ones_say_why() {
        let o: Overlay =
            "prod:namespace=vms-prod,run-strategy=Halted,storage-class=ceph-rbd,instancetype=u1.large,label.env=prod,label.example.com/tier=gold"
                .parse()
                .unwrap();
        assert_eq!(o.name, "prod");
        assert_eq!(o.namespace.as_deref(), Some("vms-prod"));
        assert_eq!(o.run_strategy, Some(RunStrategy::Halted));
        assert_eq!(o.storage_class.as_deref(), Some("ceph-rbd"));
        assert_eq!(o.instancetype.as_deref(), Some("u1.large"));
        assert_eq!(o.labels.len(), 2);
        assert_eq!("dev".parse::<Overlay>().unwrap().name, "dev");
        for (bad, expected) in [
            ("Prod", OverlayError::Name("Prod".into())),
            ("../x", OverlayError::Name("../x".into())),
            ("p:namespace", OverlayError::Setting("namespace".into())),
            ("p:colour=red", OverlayError::UnknownKey("colour".into())),
            (
                "p:namespace=a,namespace=b",
                OverlayError::Twice("namespace".into()),
            ),
        ] {
            assert_eq!(bad.parse::<Overlay>().unwrap_err(), expected, "{bad}");
        }
        assert!("p:run-strategy=Sometimes".parse::<Overlay>().is_err());
        assert!("p:label.env=a b".parse::<Overlay>().is_err());
        assert!("p:namespace=Bad_NS".parse::<Overlay>().is_err());
    }

    #[test]
    fn a_vm_patch_names_exact_paths_and_removes_what_an_instancetype_conflicts_with() {
        let facts = vm_facts(&[json!({"kind": "Service"}), vm()]);
        assert_eq!(facts.len(), 1);
        let o: Overlay = "p:run-strategy=Halted,storage-class=fast,instancetype=u1.large"
            .parse()
            .unwrap();
        let ops = vm_patch(&o, &facts[0]);
        let paths: Vec<(&str, &str)> = ops
            .as_array()
            .unwrap()
            .iter()
            .map(|op| (op["op"].as_str().unwrap(), op["path"].as_str().unwrap()))
            .collect();
        assert_eq!(
            paths,
            [
                ("add", "/spec/runStrategy"),
                (
                    "add",
                    "/spec/dataVolumeTemplates/0/spec/storage/storageClassName"
                ),
                (
                    "add",
                    "/spec/dataVolumeTemplates/1/spec/pvc/storageClassName"
                ),
                ("remove", "/spec/template/spec/domain/memory"),
                ("remove", "/spec/template/spec/domain/cpu"),
                ("add", "/spec/instancetype"),
            ]
        );
        // Namespace and labels alone patch no VM.
        let plain: Overlay = "p:namespace=x,label.env=p".parse().unwrap();
        assert!(!plain.patches_vms());
        assert!(!kustomization(&plain, &facts).contains("\npatches:"));
        assert!(kustomization(&o, &facts).contains("\npatches:"));
    }

    #[test]
    fn the_overlay_path_inside_the_repository() {
        let mut w = Wiring {
            tool: Tool::Flux,
            repo_url: "https://git.example.com/vms.git".into(),
            path: ".".into(),
            revision: "main".into(),
            name: "vms".into(),
        };
        assert_eq!(w.overlay_path("prod"), "overlays/prod");
        w.path = "./clusters/vms/".into();
        assert_eq!(w.overlay_path("prod"), "clusters/vms/overlays/prod");
    }

    #[test]
    fn a_rerun_rewrites_its_own_files_and_keeps_an_edited_one() {
        let dir = tempfile::tempdir().unwrap();
        let facts = vm_facts(&[vm()]);
        let o: Overlay = "prod:run-strategy=Halted".parse().unwrap();
        let first = write(dir.path(), std::slice::from_ref(&o), &facts, None).unwrap();
        assert!(
            first.iter().all(|w| w.outcome == Outcome::Created),
            "{first:?}"
        );
        let again = write(dir.path(), std::slice::from_ref(&o), &facts, None).unwrap();
        assert!(
            again.iter().all(|w| w.outcome == Outcome::Unchanged),
            "{again:?}"
        );
        let k = dir.path().join("overlays/prod/kustomization.yaml");
        let edited = read_text(&k) + "nameSuffix: -x\n";
        std::fs::write(&k, &edited).unwrap();
        let o2: Overlay = "prod:run-strategy=Always,namespace=n".parse().unwrap();
        let third = write(dir.path(), &[o2], &facts, None).unwrap();
        assert_eq!(third[0].outcome, Outcome::KeptEdited);
        assert_eq!(third[1].outcome, Outcome::Updated);
        assert_eq!(read_text(&k), edited);
    }
}

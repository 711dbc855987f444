//! Reading a plan file (every value with its `line:column`, from serde-saphyr) and applying
//! it: first checked against the VMs read (an entry for a VM not in the inputs, a changed
//! source), then written into each VM's generated objects (a NIC or disk the VM does not
//! have, a value Kubernetes would refuse). Every problem is reported at once, each at its
//! place in the file.

use super::{digest, PlanError, API_VERSION, KIND};
use crate::generate::naming::dns_label;
use crate::generate::GeneratedVm;
use crate::model::{normalize_mac, VmSpec};
use crate::query::parse_size;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Document {
    api_version: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    vms: Vec<Entry>,
}

/// One VM's entry. Only `source`, `index` and `sourceName` are required: they say which VM
/// it is; every other field left out keeps the generator's choice.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Entry {
    pub source: Spanned<String>,
    #[serde(default)]
    pub index: Option<usize>,
    pub source_name: Spanned<String>,
    #[serde(default)]
    pub digest: Option<Spanned<String>>,
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    pub namespace: Option<Spanned<String>>,
    #[serde(default)]
    pub run_strategy: Option<Spanned<String>>,
    #[serde(default)]
    pub instancetype: Option<Spanned<String>>,
    #[serde(default)]
    pub preference: Option<Spanned<String>>,
    #[serde(default)]
    pub nics: Vec<NicEntry>,
    #[serde(default)]
    pub disks: Vec<DiskEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NicEntry {
    pub name: Spanned<String>,
    /// `pod`, or a Multus network `[namespace/]name`.
    #[serde(default)]
    pub network: Option<Spanned<String>>,
    #[serde(default)]
    pub mac: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DiskEntry {
    pub name: Spanned<String>,
    #[serde(default)]
    pub storage_class: Option<Spanned<String>>,
    #[serde(default)]
    pub access_modes: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub volume_mode: Option<Spanned<String>>,
    #[serde(default)]
    pub size: Option<Spanned<String>>,
    /// A CDI DataVolume source, as in the manifest (`http: {url: ...}`, `blank: {}`...).
    #[serde(default)]
    pub source: Option<Spanned<Value>>,
}

const RUN_STRATEGIES: [&str; 5] = ["Always", "RerunOnFailure", "Manual", "Halted", "Once"];
const ACCESS_MODES: [&str; 4] = [
    "ReadWriteOnce",
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOncePod",
];
const VOLUME_MODES: [&str; 2] = ["Block", "Filesystem"];

/// A loaded plan file.
#[derive(Debug, Clone)]
pub struct WavePlan {
    pub file: String,
    pub entries: Vec<Entry>,
}

fn at<T>(file: &str, spanned: &Spanned<T>, message: impl std::fmt::Display) -> String {
    format!(
        "{file}:{}:{}: {message}",
        spanned.referenced.line(),
        spanned.referenced.column()
    )
}

fn is_entry_for(entry: &Entry, vm: &VmSpec) -> bool {
    entry.source.value == vm.source.file
        && entry.index == vm.source.index
        && entry.source_name.value == vm.name
}

impl WavePlan {
    /// Reads and parses a plan file; unknown keys are errors at their place.
    pub fn load(path: &std::path::Path) -> Result<WavePlan, PlanError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| PlanError::Io {
            file: file.clone(),
            source,
        })?;
        WavePlan::parse(&text, &file)
    }

    pub fn parse(text: &str, file: &str) -> Result<WavePlan, PlanError> {
        let document: Document = serde_saphyr::from_str(text).map_err(|err| {
            let message = err.without_snippet().to_string();
            // serde-saphyr appends " at line L, column C"; the place goes in front instead.
            match err.location() {
                Some(location) => PlanError::At(vec![format!(
                    "{file}:{}:{}: {}",
                    location.line(),
                    location.column(),
                    message
                        .rfind(" at line ")
                        .map_or(message.as_str(), |at| &message[..at])
                )]),
                None => PlanError::Invalid {
                    file: file.to_string(),
                    message,
                },
            }
        })?;
        let mut problems = Vec::new();
        if document.api_version.value != API_VERSION {
            problems.push(at(
                file,
                &document.api_version,
                format!("apiVersion must be {API_VERSION}"),
            ));
        }
        if document.kind.value != KIND {
            problems.push(at(file, &document.kind, format!("kind must be {KIND}")));
        }
        if !problems.is_empty() {
            return Err(PlanError::At(problems));
        }
        Ok(WavePlan {
            file: file.to_string(),
            entries: document.vms,
        })
    }

    /// Checks the plan against every VM read (before any `--where`): each entry must name one
    /// of them, once, and its source must not have changed since the plan was written. With
    /// `allow_stale`, changed sources come back as warnings instead.
    pub fn check(&self, vms: &[VmSpec], allow_stale: bool) -> Result<Vec<String>, PlanError> {
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        let mut digests: BTreeMap<&str, Option<String>> = BTreeMap::new();
        let mut changed = Vec::new();
        for entry in &self.entries {
            if !vms.iter().any(|vm| is_entry_for(entry, vm)) {
                let index = entry
                    .index
                    .map(|i| format!(" (index {i})"))
                    .unwrap_or_default();
                problems.push(at(
                    &self.file,
                    &entry.source,
                    format!(
                        "no VM {:?} from {}{index} among the inputs; give that file, or remove the entry",
                        entry.source_name.value, entry.source.value
                    ),
                ));
                continue;
            }
            let key = (&entry.source.value, entry.index, &entry.source_name.value);
            if !seen.insert(key) {
                problems.push(at(
                    &self.file,
                    &entry.source_name,
                    "a second entry for the same VM",
                ));
            }
            let Some(wanted) = &entry.digest else {
                continue;
            };
            let actual = digests
                .entry(&entry.source.value)
                .or_insert_with(|| digest(&entry.source.value));
            if actual.as_deref() != Some(wanted.value.as_str()) {
                changed.push(format!(
                    "{} ({}:{}: digest {}, the file now has {})",
                    entry.source.value,
                    self.file,
                    wanted.referenced.line(),
                    wanted.value,
                    actual.as_deref().unwrap_or("none")
                ));
            }
        }
        if !problems.is_empty() {
            return Err(PlanError::At(problems));
        }
        changed.dedup();
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        if allow_stale {
            return Ok(changed
                .into_iter()
                .map(|c| {
                    format!(
                        "{}: source changed since the plan was written (--allow-stale-plan): {c}",
                        self.file
                    )
                })
                .collect());
        }
        Err(PlanError::Stale {
            file: self.file.clone(),
            changed,
        })
    }

    /// The VMs the plan has an entry for, in input order: a plan is a wave.
    pub fn retain(&self, vms: Vec<VmSpec>) -> Vec<VmSpec> {
        vms.into_iter()
            .filter(|vm| self.entries.iter().any(|e| is_entry_for(e, vm)))
            .collect()
    }

    /// Writes every entry's choices into its VM's objects; the plan wins per field.
    pub fn apply(&self, generated: &mut [GeneratedVm]) -> Result<(), PlanError> {
        let mut problems = Vec::new();
        for vm in generated.iter_mut() {
            if let Some(entry) = self.entries.iter().find(|e| is_entry_for(e, &vm.spec)) {
                apply_entry(&self.file, entry, vm, &mut problems);
            }
        }
        let mut names: BTreeMap<(String, String), &str> = BTreeMap::new();
        for vm in generated.iter() {
            let ns = super::machine(vm)
                .and_then(|m| m["metadata"]["namespace"].as_str())
                .unwrap_or_default()
                .to_string();
            if let Some(first) = names.insert((ns, vm.name.clone()), &vm.spec.name) {
                let entry = self.entries.iter().find(|e| is_entry_for(e, &vm.spec));
                let place = entry.and_then(|e| e.name.as_ref());
                let message = format!(
                    "VMs {first:?} and {:?} would both be named {}",
                    vm.spec.name, vm.name
                );
                problems.push(match place {
                    Some(spanned) => at(&self.file, spanned, message),
                    None => format!("{}: {message}", self.file),
                });
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(PlanError::At(problems))
        }
    }
}

/// Whether `text` is a DNS-1123 label (what Kubernetes accepts as a name or namespace).
fn is_label(text: &str) -> bool {
    !text.is_empty() && dns_label(text, "") == text
}

fn apply_entry(file: &str, entry: &Entry, vm: &mut GeneratedVm, problems: &mut Vec<String>) {
    let Some(at_machine) = vm
        .objects
        .iter()
        .position(|o| o["kind"] == "VirtualMachine")
    else {
        return;
    };
    if let Some(name) = &entry.name {
        if !is_label(&name.value) {
            problems.push(at(
                file,
                name,
                "not a valid Kubernetes name (lowercase letters, digits and '-', at most 63)",
            ));
        } else if name.value != vm.name {
            rename(vm, at_machine, &name.value);
        }
    }
    if let Some(ns) = &entry.namespace {
        if !is_label(&ns.value) {
            problems.push(at(file, ns, "not a valid namespace name"));
        } else {
            for object in &mut vm.objects {
                let kind = object["kind"].as_str().unwrap_or_default();
                if kind != "Namespace" && kind != "NetworkAttachmentDefinition" {
                    object["metadata"]["namespace"] = json!(ns.value);
                }
            }
        }
    }
    let machine = &mut vm.objects[at_machine];
    let spec = &mut machine["spec"];
    if let Some(strategy) = &entry.run_strategy {
        if RUN_STRATEGIES.contains(&strategy.value.as_str()) {
            spec["runStrategy"] = json!(strategy.value);
        } else {
            problems.push(at(
                file,
                strategy,
                format!("run strategy must be one of {}", RUN_STRATEGIES.join(", ")),
            ));
        }
    }
    sizing(entry, spec);
    let vmi = &mut spec["template"]["spec"];
    for nic in &entry.nics {
        apply_nic(file, nic, vmi, problems);
    }
    for disk in &entry.disks {
        apply_disk(file, disk, spec, problems);
    }
}

/// The VM's name, with the labels and Service selectors that carry it.
fn rename(vm: &mut GeneratedVm, at_machine: usize, name: &str) {
    let old = std::mem::replace(&mut vm.name, name.to_string());
    // Read-only paths go through `pointer_mut`: indexing a missing key with `[]` would add it.
    for object in &mut vm.objects {
        if object["kind"] != "Service" {
            continue;
        }
        if let Some(selector) = object.pointer_mut("/spec/selector/kubevirt.io~1domain") {
            if *selector == json!(old) {
                *selector = json!(name);
            }
        }
    }
    let machine = &mut vm.objects[at_machine];
    machine["metadata"]["name"] = json!(name);
    if let Some(label) = machine.pointer_mut("/spec/template/metadata/labels/kubevirt.io~1domain") {
        *label = json!(name);
    }
}

/// Instancetype and preference. Adding an instancetype drops the domain's CPU and memory:
/// KubeVirt refuses both at once.
fn sizing(entry: &Entry, spec: &mut Value) {
    for (key, kind, wanted) in [
        (
            "instancetype",
            "VirtualMachineClusterInstancetype",
            &entry.instancetype,
        ),
        (
            "preference",
            "VirtualMachineClusterPreference",
            &entry.preference,
        ),
    ] {
        let Some(wanted) = wanted else { continue };
        if spec[key].is_object() {
            spec[key]["name"] = json!(wanted.value);
            continue;
        }
        if let Some(map) = spec.as_object_mut() {
            map.insert(key.into(), json!({"kind": kind, "name": wanted.value}));
        }
        if key == "instancetype" {
            if let Some(domain) = spec["template"]["spec"]["domain"].as_object_mut() {
                domain.remove("cpu");
                domain.remove("memory");
            }
        }
    }
}

/// Replaces `old` with `new` in an object, at the same place.
fn replace_key(map: &mut Map<String, Value>, old: &str, new: &str, value: Value) {
    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    for (key, v) in entries {
        if key == old {
            map.insert(new.to_string(), value.clone());
        } else {
            map.insert(key, v);
        }
    }
}

fn names_of(items: &Value, key: impl Fn(&Value) -> bool) -> String {
    let names: Vec<&str> = items
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|i| key(i))
                .filter_map(|i| i["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

fn apply_nic(file: &str, nic: &NicEntry, vmi: &mut Value, problems: &mut Vec<String>) {
    let name = &nic.name.value;
    let Some(at_iface) = vmi["domain"]["devices"]["interfaces"]
        .as_array()
        .and_then(|a| a.iter().position(|i| i["name"] == *name))
    else {
        let have = names_of(&vmi["domain"]["devices"]["interfaces"], |_| true);
        problems.push(at(
            file,
            &nic.name,
            format!("the VM has no NIC {name:?} (its NICs: {have})"),
        ));
        return;
    };
    if let Some(mac) = &nic.mac {
        match normalize_mac(&mac.value) {
            Some(_) => {
                vmi["domain"]["devices"]["interfaces"][at_iface]["macAddress"] = json!(mac.value)
            }
            None => problems.push(at(
                file,
                mac,
                "not a MAC address (six hex octets, 52:54:00:12:34:56)",
            )),
        }
    }
    let Some(target) = &nic.network else { return };
    let Some(at_net) = vmi["networks"]
        .as_array()
        .and_then(|a| a.iter().position(|n| n["name"] == *name))
    else {
        return;
    };
    let network = &mut vmi["networks"][at_net];
    if super::network_target(network).as_deref() == Some(target.value.as_str()) {
        return;
    }
    let pod = target.value == "pod";
    if !pod && target.value.split('/').any(|part| !is_label(part))
        || target.value.split('/').count() > 2
    {
        problems.push(at(
            file,
            target,
            "network must be pod or a Multus network [namespace/]name",
        ));
        return;
    }
    *network = if pod {
        json!({"name": name, "pod": {}})
    } else {
        json!({"name": name, "multus": {"networkName": target.value}})
    };
    // The pod network takes masquerade; a Multus bridge takes bridge.
    let (from, to) = if pod {
        ("bridge", "masquerade")
    } else {
        ("masquerade", "bridge")
    };
    if let Some(iface) = vmi["domain"]["devices"]["interfaces"][at_iface].as_object_mut() {
        if iface.contains_key(from) {
            replace_key(iface, from, to, json!({}));
        }
    }
}

fn apply_disk(file: &str, disk: &DiskEntry, spec: &mut Value, problems: &mut Vec<String>) {
    let name = &disk.name.value;
    let dv = spec["template"]["spec"]["volumes"]
        .as_array()
        .and_then(|v| v.iter().find(|v| v["name"] == *name))
        .and_then(|v| v["dataVolume"]["name"].as_str())
        .map(str::to_string);
    let at_template = dv.and_then(|dv| {
        spec["dataVolumeTemplates"]
            .as_array()
            .and_then(|t| t.iter().position(|t| t["metadata"]["name"] == dv.as_str()))
    });
    let Some(at_template) = at_template else {
        let have = names_of(&spec["template"]["spec"]["volumes"], |v| {
            v.get("dataVolume").is_some()
        });
        problems.push(at(
            file,
            &disk.name,
            format!("the VM has no disk {name:?} backed by a DataVolume (its disks: {have})"),
        ));
        return;
    };
    let dv_spec = &mut spec["dataVolumeTemplates"][at_template]["spec"];
    let storage = &mut dv_spec["storage"];
    if let Some(class) = &disk.storage_class {
        storage["storageClassName"] = json!(class.value);
    }
    if let Some(modes) = &disk.access_modes {
        let bad: Vec<String> = modes
            .iter()
            .filter(|m| !ACCESS_MODES.contains(&m.value.as_str()))
            .map(|m| {
                at(
                    file,
                    m,
                    format!("access mode must be one of {}", ACCESS_MODES.join(", ")),
                )
            })
            .collect();
        if bad.is_empty() {
            storage["accessModes"] = json!(modes.iter().map(|m| &m.value).collect::<Vec<_>>());
        }
        problems.extend(bad);
    }
    if let Some(mode) = &disk.volume_mode {
        if VOLUME_MODES.contains(&mode.value.as_str()) {
            storage["volumeMode"] = json!(mode.value);
        } else {
            problems.push(at(file, mode, "volume mode must be Block or Filesystem"));
        }
    }
    if let Some(size) = &disk.size {
        match parse_size(&size.value) {
            Some(bytes) if bytes >= 1 << 20 => {
                storage["resources"]["requests"]["storage"] = json!(size.value)
            }
            _ => problems.push(at(
                file,
                size,
                "size must be a quantity of at least 1Mi (20Gi, 512Mi)",
            )),
        }
    }
    if let Some(source) = &disk.source {
        match source.value.as_object() {
            Some(map) if map.len() == 1 => dv_spec["source"] = source.value.clone(),
            _ => problems.push(at(
                file,
                source,
                "source must be one CDI source (http, blank, pvc, registry, s3, vddk, upload...)",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};
    use crate::model::{Nic, SourceFormat, SourceRef};

    fn generated() -> Vec<GeneratedVm> {
        let mut vm = VmSpec::new(
            SourceRef {
                format: SourceFormat::Vmx,
                file: "/nonexistent/web.vmx".into(),
                index: None,
            },
            "web",
        );
        vm.memory.bytes = 1 << 30;
        let mut nic = Nic::new("ethernet0");
        nic.mac = Some("00:50:56:00:00:01".into());
        vm.nics.push(nic);
        generate(&[vm], &GenerateOptions::default())
    }

    fn plan(body: &str) -> WavePlan {
        let text = format!(
            "apiVersion: {API_VERSION}\nkind: {KIND}\nvms:\n- source: /nonexistent/web.vmx\n  sourceName: web\n{body}"
        );
        WavePlan::parse(&text, "p.yaml").unwrap()
    }

    #[test]
    fn an_added_instancetype_takes_over_cpu_and_memory() {
        let mut vms = generated();
        let domain = "/spec/template/spec/domain";
        let machine = |vms: &[GeneratedVm]| super::super::machine(&vms[0]).cloned().unwrap();
        assert!(machine(&vms).pointer(&format!("{domain}/cpu")).is_some());
        plan("  instancetype: u1.small\n").apply(&mut vms).unwrap();
        let vm = machine(&vms);
        assert_eq!(vm["spec"]["instancetype"]["name"], "u1.small");
        assert!(vm.pointer(&format!("{domain}/cpu")).is_none());
        assert!(vm.pointer(&format!("{domain}/memory")).is_none());
    }

    #[test]
    fn moving_a_nic_off_the_pod_network_changes_its_binding() {
        let mut vms = generated();
        plan("  nics:\n  - name: ethernet0\n    network: vlan10\n")
            .apply(&mut vms)
            .unwrap();
        let vm = super::super::machine(&vms[0]).cloned().unwrap();
        let vmi = &vm["spec"]["template"]["spec"];
        assert_eq!(vmi["networks"][0]["multus"]["networkName"], "vlan10");
        let iface = vmi["domain"]["devices"]["interfaces"][0]
            .as_object()
            .unwrap();
        assert!(iface.contains_key("bridge") && !iface.contains_key("masquerade"));
        // In place: the binding stays the interface's second key.
        assert_eq!(iface.keys().nth(1).map(String::as_str), Some("bridge"));
    }

    #[test]
    fn bad_values_are_reported_together_at_their_place() {
        let mut vms = generated();
        let err = plan("  runStrategy: Sometimes\n  nics:\n  - name: ethernet0\n    mac: nope\n    network: Bad_Name\n")
            .apply(&mut vms)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("p.yaml:6:16: run strategy must be one of"),
            "{err}"
        );
        assert!(err.contains("p.yaml:9:10: not a MAC address"), "{err}");
        assert!(
            err.contains("p.yaml:10:14: network must be pod or a Multus"),
            "{err}"
        );
    }

    #[test]
    fn a_wrong_kind_or_unknown_key_is_an_error_at_its_place() {
        let err = WavePlan::parse("apiVersion: v1\nkind: Plan\n", "p.yaml").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("p.yaml:1:13: apiVersion must be {API_VERSION}")
        );
        let err = WavePlan::parse(&format!("apiVersion: {API_VERSION}\nkind: Plan\nvms:\n- source: a\n  sourceName: b\n  colour: red\n"), "p.yaml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("p.yaml:6:3: unknown field `colour`"),
            "{err}"
        );
    }
}

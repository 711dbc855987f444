//! Conformance over the shared corpus of real VM definitions written by others.
//!
//! Every file must either import into objects that pass the upstream schemas and the
//! KubeVirt/CDI admission rules, or be refused with an error that names the file. No panic,
//! no hang, and no disk or NIC that vanishes without a trace. No file name is special-cased:
//! the rules below apply to every file of a format alike.

use crate::support;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;
use vmmigrate::generate::{self, GenerateOptions};
use vmmigrate::import::{self, SourceFile};
use vmmigrate::model::VmSpec;

/// A generous bound: the slowest real file imports in milliseconds. It exists so that a hang
/// fails the test instead of stalling CI.
const PER_FILE_LIMIT: Duration = Duration::from_secs(20);

#[derive(Default)]
struct FormatStats {
    files: usize,
    imported: usize,
    vms: usize,
    refused: BTreeMap<String, usize>,
}

enum Outcome {
    Imported(Vec<VmSpec>),
    Refused(import::ImportError),
    Panicked(String),
}

fn import_with_bound(path: PathBuf) -> Option<Outcome> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result =
            std::panic::catch_unwind(|| SourceFile::read(&path).and_then(|f| import::parse(&f)));
        let outcome = match result {
            Ok(Ok(vms)) => Outcome::Imported(vms),
            Ok(Err(err)) => Outcome::Refused(err),
            Err(panic) => Outcome::Panicked(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default(),
            ),
        };
        let _ = tx.send(outcome);
    });
    rx.recv_timeout(PER_FILE_LIMIT).ok()
}

#[test]
fn every_corpus_file_imports_into_admissible_objects_or_is_refused_clearly() {
    let Some(shared) = support::require_shared("corpus conformance") else {
        return;
    };
    let Some(schemas) = support::schemas("corpus conformance") else {
        return;
    };
    let corpus = shared.join("corpus");
    let files = support::corpus_files(&corpus);
    assert!(
        files.len() > 1000,
        "corpus looks incomplete: {} files",
        files.len()
    );

    let mut stats: BTreeMap<String, FormatStats> = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    let mut vms: Vec<VmSpec> = Vec::new();
    let mut file_texts: HashMap<String, Vec<u8>> = HashMap::new();

    for path in &files {
        let relative = path.strip_prefix(&corpus).unwrap_or(path);
        let format = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let entry = stats.entry(format).or_default();
        entry.files += 1;
        match import_with_bound(path.clone()) {
            None => failures.push(format!("HANG (> {PER_FILE_LIMIT:?}): {}", path.display())),
            Some(Outcome::Panicked(message)) => {
                failures.push(format!("PANIC: {}: {message}", path.display()))
            }
            Some(Outcome::Refused(err)) => {
                *entry
                    .refused
                    .entry(err.kind.category().to_string())
                    .or_default() += 1;
                let shown = err.to_string();
                if !err.location.file.starts_with(&path.display().to_string()) || shown.len() < 20 {
                    failures.push(format!("UNCLEAR REFUSAL: {}: {shown}", path.display()));
                }
                if std::env::var_os("CORPUS_VERBOSE").is_some() {
                    eprintln!("refused: {shown}");
                }
            }
            Some(Outcome::Imported(found)) => {
                entry.imported += 1;
                entry.vms += found.len();
                if let Ok(bytes) = std::fs::read(path) {
                    file_texts.insert(path.display().to_string(), bytes);
                }
                vms.extend(found);
            }
        }
    }

    // Nothing may vanish: every disk-like and NIC element the source declares must be found
    // again in the model, as a device or in a warning that names it.
    for vm in &vms {
        let Some(bytes) = file_texts.get(&vm.source.file) else {
            continue;
        };
        for lost in lost_devices(vm, bytes) {
            failures.push(format!("LOST: {}: {} ({lost})", vm.source.file, vm.name));
        }
    }

    // One run over all VMs: names must be unique across the run, as in a real import.
    let generated = generate::generate(&vms, &GenerateOptions::default());
    let mut objects = Vec::new();
    let mut origin: HashMap<String, String> = HashMap::new();
    for vm in &generated {
        for object in &vm.objects {
            let name = object["metadata"]["name"].as_str().unwrap_or_default();
            origin.insert(name.to_string(), vm.spec.source.file.clone());
            for error in schemas.validate(object) {
                failures.push(format!("SCHEMA: {}: {error}", vm.spec.source.file));
            }
            objects.push(object.clone());
        }
    }
    if support::require_admission("corpus conformance") {
        for problem in support::admission_check(&objects) {
            let file = problem
                .split_once(':')
                .and_then(|(object, _)| object.rsplit('/').next())
                .and_then(|name| origin.get(name))
                .cloned()
                .unwrap_or_default();
            failures.push(format!("ADMISSION: {file}: {problem}"));
        }
    }

    eprintln!(
        "\ncorpus conformance: {} files, {} VMs generated",
        files.len(),
        generated.len()
    );
    eprintln!(
        "{:<16} {:>6} {:>9} {:>6} {:>8}  refusals by reason",
        "FORMAT", "FILES", "IMPORTED", "VMS", "REFUSED"
    );
    for (format, s) in &stats {
        let refused: usize = s.refused.values().sum();
        let reasons: Vec<String> = s.refused.iter().map(|(k, v)| format!("{k} {v}")).collect();
        eprintln!(
            "{format:<16} {:>6} {:>9} {:>6} {refused:>8}  {}",
            s.files,
            s.imported,
            s.vms,
            reasons.join(", ")
        );
    }
    for failure in &failures {
        eprintln!("{failure}");
    }
    assert!(
        failures.is_empty(),
        "{} corpus failures (listed above)",
        failures.len()
    );
}

/// Source devices that appear nowhere in the model. Counted from the raw text with rules
/// independent of the importers, per format.
fn lost_devices(vm: &VmSpec, bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let ids: Vec<String> = match vm.source.format {
        vmmigrate::model::SourceFormat::Vmx => vmx_device_ids(&text),
        vmmigrate::model::SourceFormat::Proxmox => proxmox_device_ids(&text),
        vmmigrate::model::SourceFormat::Libvirt => libvirt_device_ids(&text),
        vmmigrate::model::SourceFormat::Ovf => ovf_device_ids(&text, vm.source.index),
        _ => Vec::new(),
    };
    ids.into_iter()
        .filter(|id| !accounted_for(vm, id))
        .collect()
}

fn accounted_for(vm: &VmSpec, id: &str) -> bool {
    let id_lower = id.to_ascii_lowercase();
    let mentions = |text: &str| text.to_ascii_lowercase().contains(&id_lower);
    vm.disks.iter().any(|d| d.id.eq_ignore_ascii_case(id))
        || vm.cdroms.iter().any(|c| c.id.eq_ignore_ascii_case(id))
        || vm.nics.iter().any(|n| n.id.eq_ignore_ascii_case(id))
        || vm.devices.iter().any(|d| mentions(&d.description))
        || vm.warnings.iter().any(|w| mentions(w))
}

/// `scsi0:1`, `sata0:0`, `ethernet2`... whose `present` is true.
fn vmx_device_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim().trim_matches('"').to_ascii_lowercase();
        let Some(device) = key.strip_suffix(".present") else {
            continue;
        };
        if value != "true" {
            continue;
        }
        let is_disk_slot = ["scsi", "sata", "ide", "nvme"].iter().any(|bus| {
            device.strip_prefix(bus).is_some_and(|rest| {
                rest.contains(':') && rest.replace(':', "").chars().all(|c| c.is_ascii_digit())
            })
        });
        let is_nic = device
            .strip_prefix("ethernet")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        // A device on a controller that is itself absent is not in the VM.
        let controller_present = device
            .split_once(':')
            .map(|(controller, _)| {
                text.lines().any(|l| {
                    l.split_once('=').is_some_and(|(k, v)| {
                        k.trim()
                            .eq_ignore_ascii_case(&format!("{controller}.present"))
                            && v.trim().trim_matches('"').eq_ignore_ascii_case("true")
                    })
                }) || controller.starts_with("ide")
            })
            .unwrap_or(true);
        if (is_disk_slot && controller_present) || is_nic {
            ids.push(device.to_string());
        }
    }
    ids
}

/// `scsi0`, `virtio1`, `net0`... in the current configuration (before any `[section]`).
fn proxmox_device_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            break;
        }
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        let is_device = ["scsi", "sata", "virtio", "ide", "net"]
            .iter()
            .any(|prefix| {
                key.strip_prefix(prefix)
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            });
        if is_device {
            ids.push(key.to_string());
        }
    }
    ids
}

/// Target device names of every `<disk>`, and one `interface #N` per `<interface>` (NICs have
/// no id libvirt always writes, so they are counted instead). Files that are not one
/// well-formed document (multi-document output) are skipped.
fn libvirt_device_ids(text: &str) -> Vec<String> {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    for disk in doc.descendants().filter(|n| n.has_tag_name("disk")) {
        if disk.parent().is_some_and(|p| p.has_tag_name("devices")) {
            if let Some(dev) = disk
                .children()
                .find(|c| c.has_tag_name("target"))
                .and_then(|t| t.attribute("dev"))
            {
                ids.push(dev.to_string());
            }
        }
    }
    ids
}

/// `ElementName`s of the disk, CD/DVD, floppy and NIC items of the VM's hardware section.
fn ovf_device_ids(text: &str, index: Option<usize>) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(text, options) else {
        return Vec::new();
    };
    let systems: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "VirtualSystem")
        .collect();
    let Some(system) = systems.get(index.unwrap_or(0)) else {
        return Vec::new();
    };
    let Some(hardware) = system
        .children()
        .find(|n| n.tag_name().name() == "VirtualHardwareSection")
    else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    for item in hardware.children().filter(|n| n.is_element()) {
        // Items of non-default deployment options are legitimately left out.
        if item.attributes().any(|a| a.name() == "configuration") {
            continue;
        }
        let field = |name: &str| {
            item.children()
                .find(|c| c.tag_name().name() == name)
                .and_then(|c| c.text())
                .map(str::trim)
                .unwrap_or_default()
                .to_string()
        };
        if matches!(
            field("ResourceType").as_str(),
            "10" | "14" | "15" | "16" | "17"
        ) {
            let name = field("ElementName");
            if !name.is_empty() {
                ids.push(name);
            }
        }
    }
    ids
}

/// The loss check must itself be able to fail: a VM whose model lost a disk and a NIC.
#[test]
fn the_loss_check_catches_a_vanished_disk_or_nic() {
    use vmmigrate::model::{SourceFormat, SourceRef};
    let source = |format| SourceRef {
        format,
        file: "x".into(),
        index: None,
    };
    let vmx = "scsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\nethernet0.present = \"TRUE\"\nethernet1.present = \"FALSE\"\n";
    let vm = VmSpec::new(source(SourceFormat::Vmx), "x");
    assert_eq!(lost_devices(&vm, vmx.as_bytes()), ["scsi0:0", "ethernet0"]);
    let mut warned = VmSpec::new(source(SourceFormat::Vmx), "x");
    warned.warn("disk scsi0:0 is skipped because ...");
    warned.warn("NIC ethernet0 ...");
    assert!(lost_devices(&warned, vmx.as_bytes()).is_empty());

    let libvirt =
        "<domain><devices><disk type='file'><target dev='vdb'/></disk></devices></domain>";
    let vm = VmSpec::new(source(SourceFormat::Libvirt), "x");
    assert_eq!(lost_devices(&vm, libvirt.as_bytes()), ["vdb"]);
    let proxmox = "net0: virtio=AA:BB:CC:DD:EE:FF\n[snap]\nscsi1: x\n";
    let vm = VmSpec::new(source(SourceFormat::Proxmox), "x");
    assert_eq!(lost_devices(&vm, proxmox.as_bytes()), ["net0"]);
}

//! `assess` over the whole shared corpus as one run: it never panics, every concern id it
//! reports is in the catalogue, and features counted here straight from the source text
//! (independently of the importers and the rules) raise the concern they must.
//!
//! The text checks are deliberately simple and conservative (one feature, one unambiguous
//! spelling); they apply to every file of a format alike, no file name is special.

use crate::support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use vmmigrate::assess::{self, catalogue, ConcernId, VmAssessment};
use vmmigrate::generate::{self, GenerateOptions};
use vmmigrate::import::{self, SourceFile};
use vmmigrate::model::VmSpec;

/// `key = "value"` lines of a .vmx, keys and values lower-cased.
fn vmx_entries(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| {
            (
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').trim().to_ascii_lowercase(),
            )
        })
        .collect()
}

/// The concern ids a file must raise, judged from its text alone.
fn expected_from_text(format: &str, text: &str) -> BTreeSet<ConcernId> {
    let mut expected = BTreeSet::new();
    match format {
        "vmx" => {
            let entries = vmx_entries(text);
            let is = |key: &str, value: &str| entries.get(key).is_some_and(|v| v == value);
            if is("vtpm.present", "true") {
                expected.insert(catalogue::TPM_DATA_LOST);
            }
            if is("firmware", "efi") {
                expected.insert(catalogue::UEFI_NVRAM);
            }
            if entries
                .get("sched.cpu.affinity")
                .is_some_and(|v| !v.is_empty() && v != "all")
            {
                expected.insert(catalogue::CPU_AFFINITY);
            }
            if is("vcpu.hotadd", "true") || is("mem.hotadd", "true") {
                expected.insert(catalogue::CPU_MEMORY_HOTPLUG);
            }
            if (0..16).any(|i| is(&format!("pcipassthru{i}.present"), "true")) {
                expected.insert(catalogue::PASSTHROUGH_DEVICE);
            }
            if ["usb.present", "ehci.present", "usb_xhci.present"]
                .iter()
                .any(|k| is(k, "true"))
            {
                expected.insert(catalogue::USB_CONTROLLER);
            }
        }
        "libvirt" => {
            let lower = text.to_ascii_lowercase();
            if lower.contains("<tpm ") || lower.contains("<tpm>") {
                expected.insert(catalogue::TPM_DATA_LOST);
            }
            if lower.contains("<numatune") {
                expected.insert(catalogue::NUMA_AFFINITY);
            }
            if lower.contains("<vcpupin ") {
                expected.insert(catalogue::CPU_AFFINITY);
            }
            if lower.lines().any(|l| {
                l.contains("<hostdev ")
                    && (l.contains("mode='subsystem'") || l.contains("mode=\"subsystem\""))
            }) {
                expected.insert(catalogue::PASSTHROUGH_DEVICE);
            }
        }
        "proxmox" => {
            // Only the current configuration, before the first section header, counts.
            let mut current = true;
            for line in text.lines() {
                let line = line.trim();
                if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                    current = false;
                    if !header.eq_ignore_ascii_case("pending") && !header.starts_with("special:") {
                        expected.insert(catalogue::SNAPSHOTS_PRESENT);
                    }
                    continue;
                }
                if !current {
                    continue;
                }
                let Some((key, value)) = line.split_once(':') else {
                    continue;
                };
                let value = value.trim();
                if key.starts_with("hostpci")
                    && key[7..].chars().all(|c| c.is_ascii_digit())
                    && !value.is_empty()
                {
                    expected.insert(catalogue::PASSTHROUGH_DEVICE);
                }
                if key == "affinity" && !value.is_empty() {
                    expected.insert(catalogue::CPU_AFFINITY);
                }
                if key == "tpmstate0" {
                    expected.insert(catalogue::TPM_DATA_LOST);
                }
                if key == "bios" && value == "ovmf" {
                    expected.insert(catalogue::UEFI_NVRAM);
                }
            }
        }
        _ => {}
    }
    expected
}

/// A name the generator keeps as it is: a DNS-1123 label.
fn is_dns_label(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

#[test]
fn assess_judges_the_whole_corpus_and_finds_what_the_text_shows() {
    let Some(shared) = support::require_shared("corpus assess") else {
        return;
    };
    let corpus = shared.join("corpus");
    let files = support::corpus_files(&corpus);
    assert!(files.len() > 1000, "corpus looks incomplete");

    let mut vms: Vec<VmSpec> = Vec::new();
    let mut expected: BTreeMap<String, BTreeSet<ConcernId>> = BTreeMap::new();
    for path in &files {
        let Ok(file) = SourceFile::read(path) else {
            continue;
        };
        let Ok(found) = import::parse(&file) else {
            continue;
        };
        let format = path
            .strip_prefix(&corpus)
            .ok()
            .and_then(|r| r.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned();
        let wanted = expected_from_text(&format, &text);
        if let Some(vm) = found.first() {
            expected.insert(vm.source.file.clone(), wanted);
        }
        vms.extend(found);
    }
    assert!(vms.len() > 1000, "only {} VMs imported", vms.len());

    let generated = generate::generate(&vms, &GenerateOptions::default());
    let assessments: Vec<VmAssessment> =
        std::panic::catch_unwind(|| assess::assess(&vms, &generated, &[]))
            .unwrap_or_else(|_| panic!("assess panicked over the corpus"));
    assert_eq!(assessments.len(), vms.len());

    let mut histogram: BTreeMap<ConcernId, usize> = BTreeMap::new();
    let mut by_file: HashMap<&str, BTreeSet<ConcernId>> = HashMap::new();
    for (vm, result) in vms.iter().zip(&assessments) {
        for concern in &result.concerns {
            assert_eq!(
                catalogue::lookup(concern.id.as_str()).map(|k| k.category),
                Some(concern.category),
                "{} is not in the catalogue with that category",
                concern.id
            );
            *histogram.entry(concern.id).or_default() += 1;
            by_file
                .entry(vm.source.file.as_str())
                .or_default()
                .insert(concern.id);
        }
    }

    let mut misses = Vec::new();
    for (file, wanted) in &expected {
        let got = by_file.get(file.as_str()).cloned().unwrap_or_default();
        for id in wanted {
            if !got.contains(id) {
                misses.push(format!("{file}: expected {id}, got {got:?}"));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );

    // Names that are not DNS-1123 labels are always renamed, and said so.
    for (vm, result) in vms.iter().zip(&assessments) {
        if !is_dns_label(&vm.name) {
            assert!(
                result
                    .concerns
                    .iter()
                    .any(|c| c.id == catalogue::NAME_CHANGED),
                "{:?} renamed to {} without name-changed",
                vm.name,
                result.name
            );
        }
    }

    // Every NIC whose MAC another NIC of the run shares is reported, and no other.
    let mut mac_users: HashMap<String, usize> = HashMap::new();
    for nic in vms.iter().flat_map(|vm| &vm.nics) {
        if let Some(mac) = &nic.mac {
            *mac_users.entry(mac.to_ascii_lowercase()).or_default() += 1;
        }
    }
    let shared_nics: usize = mac_users.values().filter(|&&n| n > 1).sum();
    assert_eq!(
        histogram
            .get(&catalogue::MAC_DUPLICATED)
            .copied()
            .unwrap_or(0),
        shared_nics
    );

    let checked: usize = expected.values().map(BTreeSet::len).sum();
    let summary = assess::report(assessments).summary;
    eprintln!(
        "corpus assess: {} VMs: {} ready, {} with warnings, {} blocked; {checked} text-derived expectations met",
        summary.vms, summary.ready, summary.warnings, summary.blocked
    );
    for (id, count) in &histogram {
        eprintln!("  {id}: {count}");
    }
}

//! The embedded common-instancetypes table (src/mapping/instancetypes.rs) against the real
//! v1.7.0 bundles in `../shared/schemas/common-instancetypes-v1.7.0`: the table must be
//! exactly what the bundles say, `auto` must pick what a search of the bundle picks, and every
//! preference the OS matcher can return must be a real preference name in the bundle.

use crate::support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use vmmigrate::guest;
use vmmigrate::mapping::instancetypes::{
    preference_for, smallest_covering, AUTO_SERIES, INSTANCETYPES, PREFERENCES,
};
use vmmigrate::model::OsFamily;

const BUNDLES: &str = "schemas/common-instancetypes-v1.7.0";

fn bundle(shared: &Path, file: &str) -> Vec<Value> {
    let path = shared.join(BUNDLES).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_multiple::<Value>(&text)
        .unwrap()
        .into_iter()
        .filter(|doc| doc.is_object())
        .collect()
}

/// Kubernetes binary quantities as the bundles write them (`512Mi`, `1.5Gi`, `16Gi`).
fn bytes(quantity: &str) -> u64 {
    let (number, unit) = quantity.split_at(
        quantity
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(quantity.len()),
    );
    let shift = match unit {
        "" => 0,
        "Ki" => 10,
        "Mi" => 20,
        "Gi" => 30,
        "Ti" => 40,
        other => panic!("unexpected unit {other:?} in {quantity:?}"),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let mut value = whole.parse::<u64>().unwrap() << shift;
    if !fraction.is_empty() {
        let digits = fraction.len() as u32;
        let scaled = fraction.parse::<u64>().unwrap() << shift;
        assert_eq!(
            scaled % 10u64.pow(digits),
            0,
            "{quantity} is not whole bytes"
        );
        value += scaled / 10u64.pow(digits);
    }
    value
}

fn name(doc: &Value) -> String {
    doc["metadata"]["name"].as_str().unwrap().to_string()
}

#[test]
fn embedded_table_is_exactly_what_the_bundles_say() {
    let Some(shared) = support::require_shared("embedded_table_is_exactly_what_the_bundles_say")
    else {
        return;
    };
    let mut from_bundle: Vec<(String, u32, u64)> =
        bundle(&shared, "common-clusterinstancetypes-bundle-v1.7.0.yaml")
            .iter()
            .map(|doc| {
                assert_eq!(doc["kind"], "VirtualMachineClusterInstancetype");
                (
                    name(doc),
                    doc["spec"]["cpu"]["guest"].as_u64().unwrap() as u32,
                    bytes(doc["spec"]["memory"]["guest"].as_str().unwrap()),
                )
            })
            .collect();
    from_bundle.sort();
    let embedded: Vec<(String, u32, u64)> = INSTANCETYPES
        .iter()
        .map(|i| (i.name.to_string(), i.cpus, i.memory_bytes))
        .collect();
    assert_eq!(
        embedded, from_bundle,
        "src/mapping/instancetypes.rs INSTANCETYPES differs from the bundle: regenerate it"
    );

    let mut preferences: Vec<(String, u32, u64)> =
        bundle(&shared, "common-clusterpreferences-bundle-v1.7.0.yaml")
            .iter()
            .map(|doc| {
                assert_eq!(doc["kind"], "VirtualMachineClusterPreference");
                let requirements = &doc["spec"]["requirements"];
                (
                    name(doc),
                    requirements["cpu"]["guest"].as_u64().unwrap_or(0) as u32,
                    requirements["memory"]["guest"]
                        .as_str()
                        .map(bytes)
                        .unwrap_or(0),
                )
            })
            .collect();
    preferences.sort();
    let embedded: Vec<(String, u32, u64)> = PREFERENCES
        .iter()
        .map(|p| (p.name.to_string(), p.min_cpus, p.min_memory_bytes))
        .collect();
    assert_eq!(
        embedded, preferences,
        "src/mapping/instancetypes.rs PREFERENCES differs from the bundle: regenerate it"
    );
}

#[test]
fn auto_picks_the_smallest_bundle_instancetype_that_covers_the_source() {
    let Some(shared) = support::require_shared("auto_picks_the_smallest") else {
        return;
    };
    let series: Vec<(String, u64, u64)> =
        bundle(&shared, "common-clusterinstancetypes-bundle-v1.7.0.yaml")
            .iter()
            .filter(|doc| name(doc).starts_with(&format!("{AUTO_SERIES}.")))
            .map(|doc| {
                (
                    name(doc),
                    doc["spec"]["cpu"]["guest"].as_u64().unwrap(),
                    bytes(doc["spec"]["memory"]["guest"].as_str().unwrap()),
                )
            })
            .collect();
    assert!(series.len() >= 5, "no {AUTO_SERIES} series in the bundle");
    for cpus in [1u32, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48] {
        for mib in [
            256u64, 512, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 16384, 65536, 131072, 262144,
        ] {
            let memory = mib << 20;
            // Least memory first, then fewest vCPUs: what the bundle offers, searched here.
            let expected = series
                .iter()
                .filter(|(_, c, m)| *c >= u64::from(cpus) && *m >= memory)
                .min_by_key(|(n, c, m)| (*m, *c, n.clone()))
                .map(|(n, _, _)| n.as_str());
            assert_eq!(
                smallest_covering(cpus, memory).map(|i| i.name),
                expected,
                "{cpus} vCPUs, {mib}Mi"
            );
        }
    }
    assert_eq!(
        smallest_covering(2, 8 << 30).map(|i| i.name),
        Some("u1.large")
    );
}

#[test]
fn os_preferences_are_real_bundle_names() {
    let Some(shared) = support::require_shared("os_preferences_are_real_bundle_names") else {
        return;
    };
    let names: BTreeSet<String> = bundle(&shared, "common-clusterpreferences-bundle-v1.7.0.yaml")
        .iter()
        .map(name)
        .collect();
    let vmware = guest::from_vmware;
    let cases = [
        (
            vmware("windows2019srv_64Guest"),
            false,
            Some("windows.2k19"),
        ),
        (
            vmware("windows2019srv_64Guest"),
            true,
            Some("windows.2k19.virtio"),
        ),
        (
            vmware("windows2019srvNext_64Guest"),
            false,
            Some("windows.2k22"),
        ),
        (
            vmware("windows2022srvNext_64Guest"),
            true,
            Some("windows.2k25.virtio"),
        ),
        (vmware("windows9Server64Guest"), false, Some("windows.2k16")),
        (vmware("windows9_64Guest"), false, Some("windows.10")),
        (vmware("windows11_64Guest"), true, Some("windows.11.virtio")),
        (vmware("windows8srv_64Guest"), false, Some("windows.2k12")),
        (vmware("windows8Server64Guest"), false, Some("windows.2k12")),
        (vmware("windows7srv_64Guest"), false, Some("windows.2k8")),
        (vmware("windows7Server64Guest"), false, Some("windows.2k8")),
        (vmware("winNetStandard64Guest"), true, Some("windows.2k3")),
        (vmware("winXPProGuest"), false, Some("windows.xp")),
        (vmware("winFutureGuest"), false, None),
        (vmware("rhel9_64Guest"), true, Some("rhel.9")),
        (vmware("rhel8_64Guest"), true, Some("rhel.8")),
        (vmware("rhel7_64Guest"), true, Some("rhel.7")),
        (vmware("rhel6_64Guest"), true, Some("linux")),
        (
            guest::from_libosinfo("http://redhat.com/rhel/10.0"),
            true,
            Some("rhel.10"),
        ),
        (vmware("centos9_64Guest"), true, Some("centos.stream9")),
        (vmware("centos7_64Guest"), true, Some("linux")),
        (vmware("ubuntu64Guest"), true, Some("ubuntu")),
        (vmware("debian12_64Guest"), true, Some("debian")),
        (vmware("sles15_64Guest"), true, Some("sles")),
        (vmware("opensuse64Guest"), true, Some("opensuse.leap")),
        (vmware("fedora64Guest"), true, Some("fedora")),
        (vmware("oracleLinux8_64Guest"), true, Some("oraclelinux")),
        (
            guest::from_proxmox("l26").unwrap_or_default(),
            true,
            Some("linux"),
        ),
        (vmware("otherGuest64"), true, None),
        (vmware("freebsd13_64Guest"), true, None),
    ];
    for (os, virtio, expected) in cases {
        let got = preference_for(&os, virtio);
        assert_eq!(got, expected, "{:?} virtio={virtio}", os.source_id);
        if let Some(got) = got {
            assert!(
                names.contains(got),
                "{got} is not a preference in the bundle"
            );
        }
    }
}

/// Every guest in the shared corpus: whatever the matcher says is a real preference.
#[test]
fn corpus_guests_only_ever_get_real_preferences() {
    let Some(shared) = support::require_shared("corpus_guests_only_ever_get_real_preferences")
    else {
        return;
    };
    let names: BTreeSet<String> = bundle(&shared, "common-clusterpreferences-bundle-v1.7.0.yaml")
        .iter()
        .map(name)
        .collect();
    let corpus = shared.join("corpus");
    let mut matched = 0;
    let mut seen = 0;
    let mut unmatched_windows = Vec::new();
    for outcome in vmmigrate::import::import_inputs(&[corpus]) {
        for vm in outcome.result.into_iter().flatten() {
            seen += 1;
            if vm.guest_os.family == OsFamily::Windows
                && preference_for(&vm.guest_os, false).is_none()
            {
                unmatched_windows.push(format!(
                    "{:?} {:?}",
                    vm.guest_os.version_text(),
                    vm.guest_os.source_id
                ));
            }
            for virtio in [false, true] {
                if let Some(got) = preference_for(&vm.guest_os, virtio) {
                    matched += 1;
                    assert!(
                        names.contains(got),
                        "{}: {got} is not a preference in the bundle",
                        vm.source.file
                    );
                }
            }
        }
    }
    assert!(seen > 500, "only {seen} corpus VMs imported");
    // Windows 2000 and 8 have no common preference; anything else unmatched is a matcher gap.
    let gaps: Vec<&String> = unmatched_windows
        .iter()
        .filter(|w| !w.contains("\"2000\"") && !w.contains("\"8\""))
        .collect();
    assert!(
        gaps.is_empty(),
        "Windows guests without a preference: {gaps:?}"
    );
    // Most corpus guests state their OS; a matcher that stopped matching would show here.
    assert!(
        matched / 2 > seen / 3,
        "the matcher chose a preference for only {} of {seen} guests",
        matched / 2
    );
}

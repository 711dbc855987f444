//! Unit tests of the generator: devices, firmware, names, disk sources, mappings and sizing.

use super::*;
use crate::model::*;
use serde_json::json;

fn sample() -> VmSpec {
    let source = SourceRef {
        format: SourceFormat::Vmx,
        file: "web.vmx".into(),
        index: None,
    };
    let mut vm = VmSpec::new(source, "WIN2019_App01");
    vm.guest_os.family = OsFamily::Windows;
    vm.firmware = Firmware {
        kind: FirmwareKind::Uefi,
        secure_boot: true,
    };
    vm.cpu = Cpu {
        sockets: 2,
        cores: 2,
        threads: 1,
        hotplug: false,
    };
    vm.memory.bytes = 8 << 30;
    let mut disk = Disk::new("scsi0:0", DiskBus::Scsi);
    disk.capacity_bytes = Some(60 << 30);
    disk.boot_order = Some(5);
    vm.disks.push(disk);
    vm.cdroms.push(Cdrom {
        id: "sata0:1".into(),
        bus: DiskBus::Sata,
        image: None,
        boot_order: Some(2),
    });
    let mut nic = Nic::new("ethernet0");
    nic.model = Some(NicModel::Vmxnet3);
    nic.mac = Some("00:50:56:aa:bb:cc".into());
    vm.nics.push(nic);
    vm.tpm = Some(Tpm {
        version: Some("2.0".into()),
        passthrough: false,
    });
    vm
}

#[test]
fn windows_efi_vm_gets_smm_sata_and_e1000e() {
    let out = generate(&[sample()], &GenerateOptions::default());
    let vm = &out[0].objects[0];
    assert_eq!(out[0].name, "win2019-app01");
    let domain = &vm["spec"]["template"]["spec"]["domain"];
    assert_eq!(domain["firmware"]["bootloader"]["efi"]["secureBoot"], true);
    assert_eq!(domain["features"]["smm"]["enabled"], true);
    assert_eq!(
        domain["cpu"],
        json!({"sockets": 2, "cores": 2, "threads": 1})
    );
    assert_eq!(domain["memory"]["guest"], "8Gi");
    assert_eq!(domain["devices"]["disks"][0]["disk"]["bus"], "sata");
    assert_eq!(domain["devices"]["interfaces"][0]["model"], "e1000e");
    assert_eq!(
        domain["devices"]["interfaces"][0]["macAddress"],
        "00:50:56:aa:bb:cc"
    );
    assert_eq!(domain["devices"]["tpm"]["persistent"], true);
    // The CD-ROM's source order 2 comes before the disk's 5.
    assert_eq!(domain["devices"]["disks"][1]["bootOrder"], 1);
    assert_eq!(domain["devices"]["disks"][0]["bootOrder"], 2);
    assert_eq!(
        vm["spec"]["dataVolumeTemplates"][0]["spec"]["storage"]["resources"]["requests"]["storage"],
        "60Gi"
    );
    assert_eq!(
        vm["metadata"]["annotations"]["vmmigrate.io/source-name"],
        "WIN2019_App01"
    );
}

#[test]
fn unknown_capacity_gets_a_placeholder_and_a_warning() {
    let mut vm = sample();
    vm.disks[0].capacity_bytes = None;
    let out = generate(&[vm], &GenerateOptions::default());
    assert_eq!(
        out[0].objects[0]["spec"]["dataVolumeTemplates"][0]["spec"]["storage"]["resources"]
            ["requests"]["storage"],
        "10Gi"
    );
    assert!(out[0]
        .warnings
        .iter()
        .any(|w| w.contains("capacity unknown")));
}

#[test]
fn read_only_sata_disks_become_writable_with_a_warning() {
    let mut vm = sample();
    vm.disks[0].read_only = true;
    let out = generate(&[vm], &GenerateOptions::default());
    let disk = &out[0].objects[0]["spec"]["template"]["spec"]["domain"]["devices"]["disks"][0];
    assert_eq!(disk["disk"]["bus"], "sata");
    assert!(disk["disk"].get("readonly").is_none());
    assert!(out[0].warnings.iter().any(|w| w.contains("was read-only")));
}

#[test]
fn names_stay_unique_across_a_run() {
    let out = generate(&[sample(), sample()], &GenerateOptions::default());
    assert_eq!(out[0].name, "win2019-app01");
    assert_eq!(out[1].name, "win2019-app01-2");
    let dv0 = &out[0].objects[0]["spec"]["dataVolumeTemplates"][0]["metadata"]["name"];
    let dv1 = &out[1].objects[0]["spec"]["dataVolumeTemplates"][0]["metadata"]["name"];
    assert_ne!(dv0, dv1);
}

fn mapped(text: &str) -> GenerateOptions {
    GenerateOptions {
        mapping: Some(crate::mapping::Mapping::parse(text, "m.yaml", None).unwrap()),
        ..GenerateOptions::default()
    }
}

#[test]
fn a_mapping_sets_networks_storage_and_instancetype_without_cpu_or_memory() {
    let mut vm = sample();
    vm.nics[0].network = Some("DMZ-1".into());
    vm.disks[0].storage = Some("ds1".into());
    let options = mapped(
        "networks:\n  - source: \"DMZ*\"\n    to: {multus: nets/dmz}\nstorage:\n  - datastore: ds1\n    storageClass: fast\n    volumeMode: Block\ninstancetype: auto\npreference: windows.2k19\n",
    );
    let out = try_generate(&[vm], &options).unwrap();
    let object = &out[0].objects[0];
    let spec = &object["spec"]["template"]["spec"];
    assert_eq!(spec["networks"][0]["multus"]["networkName"], "nets/dmz");
    assert_eq!(
        spec["domain"]["devices"]["interfaces"][0]["bridge"],
        json!({})
    );
    let storage = &object["spec"]["dataVolumeTemplates"][0]["spec"]["storage"];
    assert_eq!(storage["storageClassName"], "fast");
    assert_eq!(storage["volumeMode"], "Block");
    // 4 vCPUs and 8Gi: u1 has no 4 x 8Gi, so the smallest cover is u1.xlarge (4 x 16Gi).
    assert_eq!(object["spec"]["instancetype"]["name"], "u1.xlarge");
    assert_eq!(object["spec"]["preference"]["name"], "windows.2k19");
    assert!(spec["domain"].get("cpu").is_none());
    assert!(spec["domain"].get("memory").is_none());
    assert_eq!(out[0].resources.vcpus, 4);
    assert_eq!(out[0].resources.memory_bytes, 16 << 30);
}

#[test]
fn snapshots_are_explained_once_by_kind_not_by_words() {
    let said = "2 snapshot(s) not carried over, only the current state: before-patch, weekly";
    let mut vm = sample();
    vm.snapshots = vec!["before-patch".into(), "weekly".into()];
    // A warning that merely mentions the word (a file name) explains nothing.
    vm.warn("disk scsi0:1: image snapshot-archive.vmdk is not in the folder");
    let out = generate(std::slice::from_ref(&vm), &GenerateOptions::default());
    assert!(
        out[0].warnings.iter().any(|w| w == said),
        "{:#?}",
        out[0].warnings
    );
    // An importer's own explanation, marked as such, is not repeated.
    vm.warn_about(
        crate::model::WarningKind::Snapshots,
        "The VM has 2 snapshot(s) (before-patch, weekly); only the current state is imported.",
    );
    let out = generate(std::slice::from_ref(&vm), &GenerateOptions::default());
    assert!(
        !out[0].warnings.iter().any(|w| w == said),
        "{:#?}",
        out[0].warnings
    );
}

#[test]
fn unmapped_items_and_two_pod_nics_are_reported_together() {
    let mut vm = sample();
    let mut second = Nic::new("ethernet1");
    second.network = Some("LAN".into());
    vm.nics[0].network = Some("LAN".into());
    vm.nics.push(second);
    let options = mapped("networks:\n  - source: LAN\n    to: pod\n");
    let mapping = options.mapping.as_ref().unwrap();
    let items = mapping.unmapped(std::slice::from_ref(&vm));
    assert!(
        matches!(
            items[..],
            [
                crate::mapping::Unmapped::MultiplePodNics { .. },
                crate::mapping::Unmapped::Storage { .. }
            ]
        ),
        "{items:?}"
    );
    let err = try_generate(&[vm], &options).unwrap_err().to_string();
    assert!(err.contains("2 item(s) not covered"), "{err}");
}

#[test]
fn legacy_mode_and_kept_source_devices() {
    let mut vm = sample();
    vm.guest_os.family = OsFamily::Linux;
    vm.disks[0].bus = DiskBus::Virtio;
    vm.nics[0].model = Some(NicModel::Virtio);
    let legacy = mapped("compatibility: legacy\nnetworks:\n  - source: \"*\"\n    to: pod\nstorage:\n  - datastore: \"*\"\n");
    let out = generate(std::slice::from_ref(&vm), &legacy);
    let devices = &out[0].objects[0]["spec"]["template"]["spec"]["domain"]["devices"];
    assert_eq!(devices["disks"][0]["disk"]["bus"], "sata");
    assert_eq!(devices["interfaces"][0]["model"], "e1000e");

    vm.guest_os.family = OsFamily::Windows;
    vm.disks[0].bus = DiskBus::Scsi;
    vm.nics[0].model = Some(NicModel::E1000e);
    let keep = mapped("keepSourceDevices: true\nnetworks:\n  - source: \"*\"\n    to: pod\nstorage:\n  - datastore: \"*\"\n");
    let out = generate(&[vm], &keep);
    let devices = &out[0].objects[0]["spec"]["template"]["spec"]["domain"]["devices"];
    assert_eq!(devices["disks"][0]["disk"]["bus"], "scsi");
    assert_eq!(devices["interfaces"][0]["model"], "e1000e");
}

#[test]
fn quantities_use_the_largest_exact_binary_unit() {
    assert_eq!(quantity(8 << 30), "8Gi");
    assert_eq!(quantity(1536 << 20), "1536Mi");
    assert_eq!(quantity(4096), "4Ki");
    assert_eq!(quantity(1000), "1000");
    assert_eq!(quantity(u64::MAX), u64::MAX.to_string());
}

proptest::proptest! {
    /// Every byte count prints as a quantity that reads back to exactly that count:
    /// no rounding, no overflow, whatever the size.
    #[test]
    fn quantities_read_back_exactly(bytes in proptest::prelude::any::<u64>()) {
        let q = quantity(bytes);
        let split = q.find(|c: char| !c.is_ascii_digit()).unwrap_or(q.len());
        let (digits, suffix) = q.split_at(split);
        let shift = match suffix {
            "" => 0,
            "Ki" => 10,
            "Mi" => 20,
            "Gi" => 30,
            "Ti" => 40,
            "Pi" => 50,
            "Ei" => 60,
            other => panic!("unexpected suffix {other:?} in {q}"),
        };
        let n: u64 = digits.parse().expect("digits");
        proptest::prop_assert_eq!(n.checked_mul(1u64 << shift), Some(bytes), "{}", q);
    }
}

#[test]
fn uuids_normalise_from_vmware_spelling() {
    assert_eq!(
        normalize_uuid("56 4d 9c 1a 2b 3c 4d 5e-6f 70 81 92 a3 b4 c5 d6").as_deref(),
        Some("564d9c1a-2b3c-4d5e-6f70-8192a3b4c5d6")
    );
    assert_eq!(normalize_uuid("not-a-uuid"), None);
}

#[test]
fn a_small_linux_vm_gets_the_generic_preference_when_its_distributions_does_not_fit_it() {
    let mut vm = sample();
    vm.guest_os = crate::guest::from_libosinfo("http://ubuntu.com/ubuntu/22.04");
    vm.firmware = Firmware::default();
    vm.tpm = None;
    vm.cpu = Cpu {
        sockets: 1,
        cores: 1,
        threads: 1,
        hotplug: false,
    };
    vm.memory.bytes = 256 << 20;
    // Nothing for the mapping to map but the preference.
    vm.nics.clear();
    vm.disks.clear();
    let out = try_generate(&[vm], &mapped("preference: auto\n")).unwrap();
    // `ubuntu` asks for 2Gi: the VM keeps a preference, the family's own, and says why.
    assert_eq!(out[0].objects[0]["spec"]["preference"]["name"], "linux");
    assert!(
        out[0]
            .warnings
            .iter()
            .any(|w| w.contains("preference ubuntu needs at least")
                && w.contains("the generic linux preference is set")),
        "{:?}",
        out[0].warnings
    );
}

/// What KubeVirt's webhook would otherwise fill in at random on create is in the manifest:
/// the source's UUID (else the name-derived one), the serial, the PCI topology pin.
#[test]
fn firmware_identity_and_pci_topology_are_written_not_left_to_the_webhook() {
    let mut vm = sample();
    vm.uuid = Some("56 4d 9c 1a 2b 3c 4d 5e-6f 70 81 92 a3 b4 c5 d6".into());
    let out = generate(&[vm.clone()], &GenerateOptions::default());
    let template = &out[0].objects[0]["spec"]["template"];
    let firmware = &template["spec"]["domain"]["firmware"];
    assert_eq!(firmware["uuid"], "564d9c1a-2b3c-4d5e-6f70-8192a3b4c5d6");
    assert_eq!(firmware["serial"], "564d9c1a-2b3c-4d5e-6f70-8192a3b4c5d6");
    assert_eq!(
        template["metadata"]["annotations"]["kubevirt.io/pci-topology-version"],
        "v3"
    );

    // No usable source UUID: KubeVirt's name-derived one, the same on every run.
    vm.uuid = Some("not-a-uuid".into());
    let out = generate(&[vm.clone()], &GenerateOptions::default());
    let firmware = &out[0].objects[0]["spec"]["template"]["spec"]["domain"]["firmware"];
    let derived = identity::firmware_identity(None, "win2019-app01");
    assert_eq!(derived.uuid, "37403aee-51d4-5446-8d5a-f395d7369a75");
    assert_eq!(firmware["uuid"], derived.uuid.as_str());
    assert_eq!(firmware["serial"], derived.serial.as_str());
    assert!(
        out[0]
            .warnings
            .iter()
            .any(|w| w.contains("not a valid UUID; the VM gets one derived from its name")),
        "{:?}",
        out[0].warnings
    );
    vm.uuid = None;
    let again = generate(&[vm], &GenerateOptions::default());
    assert_eq!(again[0].objects[0], out[0].objects[0]);
}

#[test]
fn a_copied_vm_with_the_same_source_uuid_gets_its_own_firmware_identity() {
    let mut original = sample();
    original.uuid = Some("42 1c 5a 3b 00 11 22 33-44 55 66 77 88 99 aa bb".into());
    let mut copy = original.clone();
    copy.name = "WIN2019_App02".into();
    let out = generate(&[original, copy], &GenerateOptions::default());
    let firmware =
        |i: usize| out[i].objects[0]["spec"]["template"]["spec"]["domain"]["firmware"].clone();
    assert_eq!(firmware(0)["uuid"], "421c5a3b-0011-2233-4455-66778899aabb");
    assert_ne!(firmware(1)["uuid"], firmware(0)["uuid"]);
    assert_ne!(firmware(1)["serial"], firmware(0)["serial"]);
    assert_eq!(
        firmware(1)["uuid"].as_str(),
        Some(
            identity::firmware_identity(None, "win2019-app02")
                .uuid
                .as_str()
        )
    );
    assert!(
        out[1]
            .warnings
            .iter()
            .any(|w| w.contains("is also win2019-app01's (a copied VM?)")),
        "{:?}",
        out[1].warnings
    );
    assert!(!out[0].warnings.iter().any(|w| w.contains("copied VM")));
}

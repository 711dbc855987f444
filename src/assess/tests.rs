//! One spec per concern id that triggers exactly that id, and clean specs that trigger none.

use super::catalogue::*;
use super::*;
use crate::generate::{generate, GenerateOptions};
use crate::model::*;

/// A VM nothing is wrong with: Linux, BIOS, sized virtio disk, one NIC, a DNS-1123 name.
fn clean(name: &str) -> VmSpec {
    let source = SourceRef {
        format: SourceFormat::Libvirt,
        file: format!("{name}.xml"),
        index: None,
    };
    let mut vm = VmSpec::new(source, name);
    vm.guest_os = GuestOs {
        family: OsFamily::Linux,
        distro: Some(Distro::Debian),
        version: Some(Version::major(12)),
        arch: Arch::X86_64,
        source_id: Some("http://debian.org/debian/12".into()),
    };
    vm.memory.bytes = 2 << 30;
    let mut disk = Disk::new("vda", DiskBus::Virtio);
    disk.capacity_bytes = Some(20 << 30);
    vm.disks.push(disk);
    let mut nic = Nic::new("net0");
    nic.model = Some(NicModel::Virtio);
    nic.mac = Some(format!("52:54:00:00:00:{:02x}", name.len()));
    nic.network = Some("default".into());
    vm.nics.push(nic);
    vm
}

fn run(vms: &[VmSpec], mapping: &[MappingFinding]) -> Vec<VmAssessment> {
    let generated = generate(vms, &GenerateOptions::default());
    assess(vms, &generated, mapping)
}

fn ids(assessment: &VmAssessment) -> Vec<ConcernId> {
    assessment.concerns.iter().map(|c| c.id).collect()
}

/// Specs (plus mapping findings) that each trigger exactly one id; the id comes first.
fn cases() -> Vec<(ConcernId, Vec<VmSpec>, Vec<MappingFinding>)> {
    let one = |id: ConcernId, edit: &dyn Fn(&mut VmSpec)| {
        let mut vm = clean("web01");
        edit(&mut vm);
        (id, vec![vm], Vec::new())
    };
    let finding = |kind, subject: &str| {
        vec![MappingFinding {
            vm: "web01".into(),
            kind,
            subject: subject.into(),
        }]
    };
    let device = |kind| {
        move |vm: &mut VmSpec| {
            vm.devices.push(Device {
                kind,
                description: "dev0".into(),
            })
        }
    };
    let mut twins = vec![clean("web01"), clean("db01")];
    twins[1].nics[0].mac = twins[0].nics[0].mac.clone();
    vec![
        one(DISK_CAPACITY_INVALID, &|vm| {
            vm.disks[0].capacity_bytes = Some(0)
        }),
        one(DISK_CAPACITY_UNKNOWN, &|vm| {
            vm.disks[0].capacity_bytes = None
        }),
        one(PASSTHROUGH_DEVICE, &device(DeviceKind::PciPassthrough)),
        one(DISK_COUNT_EXCEEDS_LIMIT, &|vm| {
            let disk = vm.disks[0].clone();
            vm.disks = (0..=rules::MAX_DISKS)
                .map(|i| Disk {
                    id: format!("vd{i}"),
                    ..disk.clone()
                })
                .collect();
        }),
        (MAC_DUPLICATED, twins, Vec::new()),
        (
            MULTIPLE_POD_NICS,
            vec![clean("web01")],
            finding(MappingFindingKind::MultiplePodNics, "net0, net1"),
        ),
        (
            UNMAPPED_NETWORK,
            vec![clean("web01")],
            finding(MappingFindingKind::UnmappedNetwork, "default"),
        ),
        (
            UNMAPPED_STORAGE,
            vec![clean("web01")],
            finding(MappingFindingKind::UnmappedStorage, "datastore1"),
        ),
        one(RDM_DISK, &|vm| {
            vm.disks[0].backing = DiskBacking::Passthrough
        }),
        one(DISK_NOT_FILE_BACKED, &|vm| {
            vm.disks[0].backing = DiskBacking::Block
        }),
        one(INDEPENDENT_DISK, &|vm| {
            vm.disks[0].mode = DiskMode::IndependentNonpersistent
        }),
        one(SHARED_DISK, &|vm| vm.disks[0].shared = true),
        one(NVME_DISK, &|vm| vm.disks[0].bus = DiskBus::Nvme),
        one(CPU_MEMORY_HOTPLUG, &|vm| vm.memory.hotplug = true),
        one(CPU_AFFINITY, &|vm| vm.cpu_affinity = Some("0-3".into())),
        one(NUMA_AFFINITY, &|vm| vm.numa_affinity = Some("1".into())),
        one(TPM_DATA_LOST, &|vm| {
            vm.tpm = Some(Tpm {
                version: Some("2.0".into()),
                passthrough: false,
            })
        }),
        one(UEFI_NVRAM, &|vm| vm.firmware.kind = FirmwareKind::Uefi),
        one(USB_CONTROLLER, &device(DeviceKind::UsbController)),
        one(SRIOV_NIC, &|vm| {
            vm.nics[0].attachment = NicAttachment::Passthrough
        }),
        one(NAME_CHANGED, &|vm| vm.name = "Web01 (prod)".into()),
        one(GUEST_OS_UNSUPPORTED, &|vm| {
            vm.guest_os = crate::guest::from_vmware("vmwarePhoton64Guest")
        }),
        one(GUEST_OS_UNKNOWN, &|vm| vm.guest_os = GuestOs::default()),
        one(MEMORY_UNKNOWN, &|vm| vm.memory.bytes = 0),
        one(SNAPSHOTS_PRESENT, &|vm| {
            vm.snapshots.push("before-patch".into())
        }),
        one(GUEST_OS_UPGRADE_RECOMMENDED, &|vm| {
            vm.guest_os = crate::guest::from_vmware("centos7_64Guest")
        }),
        one(DISK_SERIAL_NOT_KEPT, &|vm| {
            vm.disk_uuid = true;
            vm.disks[0].bus = DiskBus::Scsi;
        }),
        one(DEVICE_NOT_CARRIED, &device(DeviceKind::Serial)),
    ]
}

#[test]
fn clean_specs_raise_no_concern_and_are_ready() {
    let vms = vec![clean("web01"), clean("db01"), clean("cache-02")];
    let result = run(&vms, &[]);
    assert_eq!(result.len(), 3);
    for vm in &result {
        assert_eq!(vm.concerns, Vec::new(), "{}", vm.name);
        assert_eq!(vm.status, Status::Ready);
        assert_eq!(vm.counts.total(), 0);
    }
    let summary = report(result).summary;
    assert_eq!((summary.vms, summary.ready, summary.blocked), (3, 3, 0));
}

#[test]
fn every_catalogue_id_has_a_spec_that_triggers_exactly_it() {
    let cases = cases();
    // The pool ids come only with `--as-pool`: `assess::pool`'s tests trigger each of them.
    for kind in CATALOGUE
        .iter()
        .filter(|k| !k.id.as_str().starts_with("pool-"))
    {
        assert!(
            cases.iter().any(|(id, _, _)| *id == kind.id),
            "no test case for {}",
            kind.id
        );
    }
    for (id, vms, mapping) in cases {
        let result = run(&vms, &mapping);
        let first = &result[0];
        assert_eq!(ids(first), vec![id], "case {id}: {:#?}", first.concerns);
        let expected = match id.category() {
            Category::Critical => Status::Blocked,
            Category::Warning => Status::Warnings,
            Category::Information => Status::Ready,
        };
        assert_eq!(first.status, expected, "case {id}");
        assert!(!first.concerns[0].message.is_empty());
    }
}

#[test]
fn a_duplicated_mac_is_reported_on_both_vms_naming_the_other() {
    let mut vms = vec![clean("web01"), clean("db01"), clean("lb")];
    vms[1].nics[0].mac = vms[0].nics[0].mac.clone();
    let result = run(&vms, &[]);
    assert_eq!(ids(&result[0]), [MAC_DUPLICATED]);
    assert_eq!(ids(&result[1]), [MAC_DUPLICATED]);
    assert!(result[2].concerns.is_empty());
    assert!(result[0].concerns[0].message.contains("db01 NIC net0"));
    assert!(result[1].concerns[0].message.contains("web01 NIC net0"));
    assert_eq!(result[1].concerns[0].subject.as_deref(), Some("net0"));
}

#[test]
fn a_name_made_unique_by_the_generator_counts_as_changed() {
    let mut vms = vec![clean("web01"), clean("web01")];
    vms[1].nics[0].mac = Some("52:54:00:00:01:01".into());
    let result = run(&vms, &[]);
    assert!(result[0].concerns.is_empty());
    assert_eq!(ids(&result[1]), [NAME_CHANGED]);
    assert_ne!(result[1].name, "web01");
}

#[test]
fn concerns_are_sorted_most_severe_first_and_status_follows_the_worst() {
    let mut vm = clean("web01");
    vm.snapshots.push("s1".into());
    vm.firmware.kind = FirmwareKind::Uefi;
    vm.disks[0].capacity_bytes = None;
    let result = run(&[vm], &[]);
    assert_eq!(
        ids(&result[0]),
        [DISK_CAPACITY_UNKNOWN, UEFI_NVRAM, SNAPSHOTS_PRESENT]
    );
    assert_eq!(result[0].status, Status::Blocked);
    assert_eq!(
        result[0].counts,
        Counts {
            critical: 1,
            warning: 1,
            information: 1
        }
    );
}

#[test]
fn mapping_findings_only_reach_the_vm_they_name() {
    let vms = vec![clean("web01"), clean("db01")];
    let mapping = [MappingFinding {
        vm: "db01".into(),
        kind: MappingFindingKind::UnmappedNetwork,
        subject: "VM Network".into(),
    }];
    let result = run(&vms, &mapping);
    assert!(result[0].concerns.is_empty());
    assert_eq!(ids(&result[1]), [UNMAPPED_NETWORK]);
    assert_eq!(result[1].concerns[0].subject.as_deref(), Some("VM Network"));
}

#[test]
fn guest_os_versions_are_read_from_every_id_style() {
    let cases = [
        ("centos7-64", Some(GUEST_OS_UPGRADE_RECOMMENDED)),
        (
            "http://centos.org/centos/8",
            Some(GUEST_OS_UPGRADE_RECOMMENDED),
        ),
        (
            "http://centos.org/centos-stream/9",
            Some(GUEST_OS_UPGRADE_RECOMMENDED),
        ),
        ("amazonlinux2_64Guest", Some(GUEST_OS_UPGRADE_RECOMMENDED)),
        ("centos64Guest", None),
        ("amazonlinux3_64Guest", None),
        ("rhel7_64Guest", None),
        ("http://redhat.com/rhel/9.2", None),
        ("vmware-photon-64", Some(GUEST_OS_UNSUPPORTED)),
    ];
    for (id, expected) in cases {
        let mut vm = clean("web01");
        vm.guest_os = if id.starts_with("http") {
            crate::guest::from_libosinfo(id)
        } else {
            crate::guest::from_vmware(id)
        };
        let result = run(&[vm], &[]);
        assert_eq!(
            ids(&result[0]),
            expected.into_iter().collect::<Vec<_>>(),
            "{id}"
        );
    }
    let mut vm = clean("web01");
    vm.guest_os = crate::guest::from_vmware("rhel6_64Guest");
    let result = run(&[vm], &[]);
    assert_eq!(
        ids(&result[0]),
        [GUEST_OS_UNSUPPORTED, GUEST_OS_UPGRADE_RECOMMENDED]
    );
    let mut mac = clean("web01");
    mac.guest_os.family = OsFamily::MacOs;
    assert_eq!(ids(&run(&[mac], &[])[0]), [GUEST_OS_UNSUPPORTED]);
}

#[test]
fn disk_serials_only_matter_with_a_scsi_disk() {
    let mut vm = clean("web01");
    vm.disk_uuid = true;
    assert!(run(&[vm], &[])[0].concerns.is_empty());
}

#[test]
fn the_report_serialises_with_stable_field_names() {
    let mut vm = clean("web01");
    vm.disks[0].capacity_bytes = None;
    let value = serde_json::to_value(report(run(&[vm], &[]))).unwrap_or_default();
    assert_eq!(value["apiVersion"], REPORT_API_VERSION);
    assert_eq!(value["kind"], REPORT_KIND);
    assert_eq!(value["summary"]["blocked"], 1);
    let vm = &value["vms"][0];
    assert_eq!(vm["name"], "web01");
    assert_eq!(vm["sourceName"], "web01");
    assert_eq!(vm["source"]["format"], "libvirt");
    assert_eq!(vm["status"], "Blocked");
    assert_eq!(vm["counts"]["critical"], 1);
    assert_eq!(vm["concerns"][0]["id"], DISK_CAPACITY_UNKNOWN.as_str());
    assert_eq!(vm["concerns"][0]["category"], "Critical");
    assert_eq!(vm["concerns"][0]["subject"], "vda");
}

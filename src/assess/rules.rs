//! The rules: one small function per aspect of a VM, each pushing concerns with catalogue
//! ids. Facts come from the model only (never from file names or source syntax), so every
//! format gets the same judgement.

use super::catalogue::*;
use super::{Concern, MappingFinding, MappingFindingKind};
use crate::model::{
    DeviceKind, DiskBacking, DiskBus, DiskMode, Distro, FirmwareKind, NicAttachment, OsFamily,
    VmSpec,
};
use std::collections::BTreeMap;

/// Forklift's per-VM disk limit for KubeVirt (CNV-91554).
pub const MAX_DISKS: usize = 165;

fn push(out: &mut Vec<Concern>, id: ConcernId, subject: Option<&str>, message: String) {
    out.push(Concern::new(id, subject.map(str::to_string), message));
}

/// Every rule that needs only this VM; `k8s_name` is the name the generator chose.
pub(super) fn per_vm(vm: &VmSpec, k8s_name: &str) -> Vec<Concern> {
    let mut out = Vec::new();
    disks(vm, &mut out);
    devices(vm, &mut out);
    nics(vm, &mut out);
    firmware_and_tpm(vm, &mut out);
    cpu_and_memory(vm, &mut out);
    guest_os(vm, &mut out);
    if vm.name != k8s_name {
        push(
            &mut out,
            NAME_CHANGED,
            None,
            format!(
                "source name {:?} becomes {k8s_name:?}; the original is kept in the vmmigrate.io/source-name annotation",
                vm.name
            ),
        );
    }
    if !vm.snapshots.is_empty() {
        push(
            &mut out,
            SNAPSHOTS_PRESENT,
            None,
            format!(
                "{} snapshot(s) ({}); only the current state is carried over, consolidate them before copying the disks",
                vm.snapshots.len(),
                vm.snapshots.join(", ")
            ),
        );
    }
    out
}

fn disks(vm: &VmSpec, out: &mut Vec<Concern>) {
    if vm.disks.len() > MAX_DISKS {
        push(
            out,
            DISK_COUNT_EXCEEDS_LIMIT,
            None,
            format!(
                "{} disks, more than the {MAX_DISKS} a KubeVirt VM can take",
                vm.disks.len()
            ),
        );
    }
    for disk in &vm.disks {
        let id = Some(disk.id.as_str());
        match disk.capacity_bytes {
            Some(0) => push(
                out,
                DISK_CAPACITY_INVALID,
                id,
                "the source states a capacity of 0 bytes; set the real size before applying"
                    .into(),
            ),
            None => push(
                out,
                DISK_CAPACITY_UNKNOWN,
                id,
                "the source does not state the capacity; the placeholder size (--default-disk-size) is requested, set the real size before applying".into(),
            ),
            Some(_) => {}
        }
        match disk.backing {
            DiskBacking::Passthrough => push(
                out,
                RDM_DISK,
                id,
                "a raw device or LUN; its data must be read from the LUN itself and copied into the DataVolume".into(),
            ),
            DiskBacking::Block | DiskBacking::Network => push(
                out,
                DISK_NOT_FILE_BACKED,
                id,
                format!(
                    "backed by a {} ({}), not an image file; export its data before uploading",
                    if disk.backing == DiskBacking::Block {
                        "host block device"
                    } else {
                        "network volume"
                    },
                    disk.source_path.as_deref().unwrap_or("no path given")
                ),
            ),
            DiskBacking::File => {}
        }
        if disk.mode != DiskMode::Persistent {
            push(
                out,
                INDEPENDENT_DISK,
                id,
                format!(
                    "an independent disk ({}); snapshots skip it on the source and KubeVirt keeps every write",
                    match disk.mode {
                        DiskMode::IndependentNonpersistent => "nonpersistent: changes were discarded at power off",
                        _ => "persistent",
                    }
                ),
            );
        }
        if disk.shared {
            push(
                out,
                SHARED_DISK,
                id,
                "shared with other VMs; it needs ReadWriteMany storage and every VM sharing it must point at one DataVolume".into(),
            );
        }
        if disk.bus == DiskBus::Nvme {
            push(
                out,
                NVME_DISK,
                id,
                "on an NVMe controller, which KubeVirt does not offer; the guest must boot from the new bus".into(),
            );
        }
    }
    if vm.disk_uuid {
        if let Some(disk) = vm.disks.iter().find(|d| d.bus == DiskBus::Scsi) {
            push(
                out,
                DISK_SERIAL_NOT_KEPT,
                Some(&disk.id),
                "disk.EnableUUID is set, so the guest may rely on SCSI disk serial numbers; they change on KubeVirt".into(),
            );
        }
    }
}

fn devices(vm: &VmSpec, out: &mut Vec<Concern>) {
    for device in &vm.devices {
        let subject = Some(device.description.as_str());
        match device.kind {
            DeviceKind::PciPassthrough
            | DeviceKind::UsbPassthrough
            | DeviceKind::ScsiPassthrough
            | DeviceKind::Gpu => push(
                out,
                PASSTHROUGH_DEVICE,
                subject,
                "a host device passed through is not carried over; remove it from the VM or configure a KubeVirt host device by hand".into(),
            ),
            DeviceKind::UsbController => push(
                out,
                USB_CONTROLLER,
                subject,
                "USB controller not carried over; devices attached to it are lost".into(),
            ),
            DeviceKind::Serial
            | DeviceKind::Parallel
            | DeviceKind::Floppy
            | DeviceKind::Sound
            | DeviceKind::SharedFolder
            | DeviceKind::Other => push(
                out,
                DEVICE_NOT_CARRIED,
                subject,
                "not carried over".into(),
            ),
        }
    }
}

fn nics(vm: &VmSpec, out: &mut Vec<Concern>) {
    for nic in &vm.nics {
        if nic.attachment == NicAttachment::Passthrough {
            push(
                out,
                SRIOV_NIC,
                Some(&nic.id),
                "an SR-IOV or passed-through host NIC; it becomes a bridged NIC, set up an SR-IOV network after migration if needed".into(),
            );
        }
    }
}

fn firmware_and_tpm(vm: &VmSpec, out: &mut Vec<Concern>) {
    if let Some(tpm) = &vm.tpm {
        push(
            out,
            TPM_DATA_LOST,
            None,
            if tpm.passthrough {
                "the host TPM is passed through; an empty emulated TPM replaces it and keys sealed to it are lost".into()
            } else {
                "vTPM contents are not carried over; suspend BitLocker (or re-seal keys) before migrating".into()
            },
        );
    }
    if vm.firmware.kind == FirmwareKind::Uefi {
        push(
            out,
            UEFI_NVRAM,
            None,
            format!(
                "UEFI{} boot entries and keys are not carried over; the guest must boot from the default EFI path",
                if vm.firmware.secure_boot {
                    " with secure boot:"
                } else {
                    ":"
                }
            ),
        );
    }
}

fn cpu_and_memory(vm: &VmSpec, out: &mut Vec<Concern>) {
    if vm.cpu.hotplug || vm.memory.hotplug {
        let what = match (vm.cpu.hotplug, vm.memory.hotplug) {
            (true, true) => "CPU and memory",
            (true, false) => "CPU",
            _ => "memory",
        };
        push(
            out,
            CPU_MEMORY_HOTPLUG,
            None,
            format!("{what} hot-plug is enabled; review the CPU and memory sizes after migration"),
        );
    }
    if let Some(cpus) = &vm.cpu_affinity {
        push(
            out,
            CPU_AFFINITY,
            None,
            format!("vCPUs pinned to host CPUs {cpus}; the VM is migrated without pinning (use dedicated CPUs if it needs them)"),
        );
    }
    if let Some(nodes) = &vm.numa_affinity {
        push(
            out,
            NUMA_AFFINITY,
            None,
            format!("bound to host NUMA nodes {nodes}; the VM is migrated without NUMA placement"),
        );
    }
    if vm.memory.bytes == 0 {
        push(
            out,
            MEMORY_UNKNOWN,
            None,
            "the source states no memory size; 1Gi is requested as a placeholder".into(),
        );
    }
}

/// Guest OS concerns, from the typed guest only (the raw id is just shown in the words).
fn guest_os(vm: &VmSpec, out: &mut Vec<Concern>) {
    let os = &vm.guest_os;
    let shown = os.source_id.as_deref().unwrap_or(os.family.as_str());
    let major = os.major();
    let rhel6 = os.is(Distro::Rhel) && major == Some(6);
    let unsupported = if rhel6 {
        Some("Red Hat Enterprise Linux 6")
    } else if os.is(Distro::Photon) {
        Some("VMware Photon OS")
    } else if os.family == OsFamily::MacOs {
        Some("macOS (KubeVirt provides no Apple SMC, and the licence allows only Apple hardware)")
    } else {
        None
    };
    if let Some(what) = unsupported {
        push(
            out,
            GUEST_OS_UNSUPPORTED,
            None,
            format!("guest OS {shown}: {what} is not supported as a KubeVirt guest"),
        );
    }
    if os.family == OsFamily::Unknown {
        push(
            out,
            GUEST_OS_UNKNOWN,
            None,
            "the source does not name the guest OS; SATA disks and e1000e NICs are used, switch to virtio if the guest has the drivers".into(),
        );
    }
    let centos = os.is(Distro::CentOs) || os.is(Distro::CentOsStream);
    let upgrade = match major {
        Some(6) if rhel6 => Some(("Red Hat Enterprise Linux 6", "RHEL 7")),
        Some(7) if centos => Some(("CentOS 7", "RHEL 7")),
        Some(8) if centos => Some(("CentOS 8", "RHEL 8")),
        Some(9) if centos => Some(("CentOS 9", "RHEL 9")),
        Some(2) if os.is(Distro::AmazonLinux) => Some(("Amazon Linux 2", "RHEL 8")),
        _ => None,
    };
    if let Some((from, to)) = upgrade {
        push(
            out,
            GUEST_OS_UPGRADE_RECOMMENDED,
            None,
            format!("guest OS {shown} ({from}) is out of support; upgrade to at least {to}"),
        );
    }
}

/// MAC address -> every (VM index, NIC id) that uses it, for the MACs used more than once.
pub(super) fn duplicated_macs(vms: &[VmSpec]) -> BTreeMap<String, Vec<(usize, String)>> {
    let mut users: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    for (index, vm) in vms.iter().enumerate() {
        for nic in &vm.nics {
            if let Some(mac) = &nic.mac {
                users
                    .entry(mac.to_ascii_lowercase())
                    .or_default()
                    .push((index, nic.id.clone()));
            }
        }
    }
    users.retain(|_, u| u.len() > 1);
    users
}

/// The `mac-duplicated` concerns of VM `index`, naming the other users of each MAC.
pub(super) fn mac_concerns(
    index: usize,
    vms: &[VmSpec],
    duplicated: &BTreeMap<String, Vec<(usize, String)>>,
) -> Vec<Concern> {
    let mut out = Vec::new();
    for (mac, users) in duplicated {
        for (vm_index, nic_id) in users.iter().filter(|(i, _)| *i == index) {
            let others: Vec<String> = users
                .iter()
                .filter(|(i, n)| !(i == vm_index && n == nic_id))
                .map(|(i, n)| {
                    let vm = &vms[*i];
                    format!("{} NIC {n} ({})", vm.name, vm.source.file)
                })
                .collect();
            push(
                &mut out,
                MAC_DUPLICATED,
                Some(nic_id),
                format!(
                    "MAC address {mac} is also used by {}; give all but one a new MAC",
                    others.join(", ")
                ),
            );
        }
    }
    out
}

pub(super) fn mapping_concern(finding: &MappingFinding) -> Concern {
    let subject = Some(finding.subject.clone());
    match finding.kind {
        MappingFindingKind::UnmappedNetwork => Concern::new(
            UNMAPPED_NETWORK,
            subject,
            format!(
                "source network {:?} has no entry in the mapping",
                finding.subject
            ),
        ),
        MappingFindingKind::UnmappedStorage => Concern::new(
            UNMAPPED_STORAGE,
            subject,
            format!(
                "source storage {:?} has no entry in the mapping",
                finding.subject
            ),
        ),
        MappingFindingKind::MultiplePodNics => Concern::new(
            MULTIPLE_POD_NICS,
            subject,
            format!(
                "NICs {} are all mapped to the pod network; a KubeVirt VM has at most one",
                finding.subject
            ),
        ),
    }
}

//! The catalogue of concerns: every id `assess` can report, its fixed category, what
//! triggers it and the Forklift rule it corresponds to.
//!
//! Ids are part of the tool's interface (`-o json`, scripts that grep for them): they never
//! change meaning and are never reused. The README's table is checked against this list by
//! a test, so the two cannot drift.

use serde::Serialize;
use std::fmt;

/// How much a concern stands in the way of a migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Category {
    /// The generated VM cannot be trusted to work until someone acts.
    Critical,
    /// The VM will likely run, but something differs from the source and needs a look.
    Warning,
    /// Worth knowing; nothing to do before migrating.
    Information,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Critical => "Critical",
            Category::Warning => "Warning",
            Category::Information => "Information",
        }
    }
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConcernKind {
    /// Stable id.
    pub id: ConcernId,
    pub category: Category,
    /// What triggers it, in one line.
    pub trigger: &'static str,
    /// The Forklift rule (VMware or OVA rule set, or plan condition) it matches; `-` if none.
    pub forklift: &'static str,
}

const fn kind(
    id: ConcernId,
    category: Category,
    trigger: &'static str,
    forklift: &'static str,
) -> ConcernKind {
    ConcernKind {
        id,
        category,
        trigger,
        forklift,
    }
}

use Category::{Critical, Information, Warning};

/// A concern id. Variants are declared in catalogue order (most severe first), and each one
/// indexes its own [`CATALOGUE`] entry, so every id has a category by construction: a rule
/// cannot report an id the catalogue lacks (the array's length is the number of variants,
/// and a unit test checks the order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConcernId {
    DiskCapacityInvalid,
    DiskCapacityUnknown,
    PassthroughDevice,
    DiskCountExceedsLimit,
    MacDuplicated,
    MultiplePodNics,
    UnmappedNetwork,
    UnmappedStorage,
    PoolHostDevice,
    PoolHostDisk,
    PoolFixedIp,
    RdmDisk,
    DiskNotFileBacked,
    IndependentDisk,
    SharedDisk,
    NvmeDisk,
    CpuMemoryHotplug,
    CpuAffinity,
    NumaAffinity,
    TpmDataLost,
    UefiNvram,
    UsbController,
    SriovNic,
    NameChanged,
    GuestOsUnsupported,
    GuestOsUnknown,
    MemoryUnknown,
    SnapshotsPresent,
    GuestOsUpgradeRecommended,
    DiskSerialNotKept,
    DeviceNotCarried,
}

impl ConcernId {
    /// How many ids there are.
    pub const COUNT: usize = 31;

    /// The stable kebab-case id, as reports and scripts see it.
    pub fn as_str(self) -> &'static str {
        match self {
            ConcernId::DiskCapacityInvalid => "disk-capacity-invalid",
            ConcernId::DiskCapacityUnknown => "disk-capacity-unknown",
            ConcernId::PassthroughDevice => "passthrough-device",
            ConcernId::DiskCountExceedsLimit => "disk-count-exceeds-limit",
            ConcernId::MacDuplicated => "mac-duplicated",
            ConcernId::MultiplePodNics => "multiple-pod-nics",
            ConcernId::UnmappedNetwork => "unmapped-network",
            ConcernId::UnmappedStorage => "unmapped-storage",
            ConcernId::PoolHostDevice => "pool-host-device",
            ConcernId::PoolHostDisk => "pool-host-disk",
            ConcernId::PoolFixedIp => "pool-fixed-ip",
            ConcernId::RdmDisk => "rdm-disk",
            ConcernId::DiskNotFileBacked => "disk-not-file-backed",
            ConcernId::IndependentDisk => "independent-disk",
            ConcernId::SharedDisk => "shared-disk",
            ConcernId::NvmeDisk => "nvme-disk",
            ConcernId::CpuMemoryHotplug => "cpu-memory-hotplug",
            ConcernId::CpuAffinity => "cpu-affinity",
            ConcernId::NumaAffinity => "numa-affinity",
            ConcernId::TpmDataLost => "tpm-data-lost",
            ConcernId::UefiNvram => "uefi-nvram",
            ConcernId::UsbController => "usb-controller",
            ConcernId::SriovNic => "sriov-nic",
            ConcernId::NameChanged => "name-changed",
            ConcernId::GuestOsUnsupported => "guest-os-unsupported",
            ConcernId::GuestOsUnknown => "guest-os-unknown",
            ConcernId::MemoryUnknown => "memory-unknown",
            ConcernId::SnapshotsPresent => "snapshots-present",
            ConcernId::GuestOsUpgradeRecommended => "guest-os-upgrade-recommended",
            ConcernId::DiskSerialNotKept => "disk-serial-not-kept",
            ConcernId::DeviceNotCarried => "device-not-carried",
        }
    }

    /// The catalogue entry of this id.
    pub fn kind(self) -> &'static ConcernKind {
        &CATALOGUE[self as usize]
    }

    pub fn category(self) -> Category {
        self.kind().category
    }

    /// The id for its kebab-case spelling.
    pub fn parse(text: &str) -> Option<ConcernId> {
        CATALOGUE
            .iter()
            .map(|k| k.id)
            .find(|id| id.as_str() == text)
    }
}

impl fmt::Display for ConcernId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ConcernId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

pub const DISK_CAPACITY_INVALID: ConcernId = ConcernId::DiskCapacityInvalid;
pub const DISK_CAPACITY_UNKNOWN: ConcernId = ConcernId::DiskCapacityUnknown;
pub const PASSTHROUGH_DEVICE: ConcernId = ConcernId::PassthroughDevice;
pub const DISK_COUNT_EXCEEDS_LIMIT: ConcernId = ConcernId::DiskCountExceedsLimit;
pub const MAC_DUPLICATED: ConcernId = ConcernId::MacDuplicated;
pub const MULTIPLE_POD_NICS: ConcernId = ConcernId::MultiplePodNics;
pub const UNMAPPED_NETWORK: ConcernId = ConcernId::UnmappedNetwork;
pub const UNMAPPED_STORAGE: ConcernId = ConcernId::UnmappedStorage;
pub const POOL_HOST_DEVICE: ConcernId = ConcernId::PoolHostDevice;
pub const POOL_HOST_DISK: ConcernId = ConcernId::PoolHostDisk;
pub const POOL_FIXED_IP: ConcernId = ConcernId::PoolFixedIp;
pub const RDM_DISK: ConcernId = ConcernId::RdmDisk;
pub const DISK_NOT_FILE_BACKED: ConcernId = ConcernId::DiskNotFileBacked;
pub const INDEPENDENT_DISK: ConcernId = ConcernId::IndependentDisk;
pub const SHARED_DISK: ConcernId = ConcernId::SharedDisk;
pub const NVME_DISK: ConcernId = ConcernId::NvmeDisk;
pub const CPU_MEMORY_HOTPLUG: ConcernId = ConcernId::CpuMemoryHotplug;
pub const CPU_AFFINITY: ConcernId = ConcernId::CpuAffinity;
pub const NUMA_AFFINITY: ConcernId = ConcernId::NumaAffinity;
pub const TPM_DATA_LOST: ConcernId = ConcernId::TpmDataLost;
pub const UEFI_NVRAM: ConcernId = ConcernId::UefiNvram;
pub const USB_CONTROLLER: ConcernId = ConcernId::UsbController;
pub const SRIOV_NIC: ConcernId = ConcernId::SriovNic;
pub const NAME_CHANGED: ConcernId = ConcernId::NameChanged;
pub const GUEST_OS_UNSUPPORTED: ConcernId = ConcernId::GuestOsUnsupported;
pub const GUEST_OS_UNKNOWN: ConcernId = ConcernId::GuestOsUnknown;
pub const MEMORY_UNKNOWN: ConcernId = ConcernId::MemoryUnknown;
pub const SNAPSHOTS_PRESENT: ConcernId = ConcernId::SnapshotsPresent;
pub const GUEST_OS_UPGRADE_RECOMMENDED: ConcernId = ConcernId::GuestOsUpgradeRecommended;
pub const DISK_SERIAL_NOT_KEPT: ConcernId = ConcernId::DiskSerialNotKept;
pub const DEVICE_NOT_CARRIED: ConcernId = ConcernId::DeviceNotCarried;

/// Every concern, most severe first. The order is the order of the README table and of
/// concerns of equal category in reports.
pub const CATALOGUE: [ConcernKind; ConcernId::COUNT] = [
    kind(
        DISK_CAPACITY_INVALID,
        Critical,
        "the source states a disk capacity of 0 bytes",
        "vmware.disk.capacity.invalid, ova.disk.capacity.invalid",
    ),
    kind(
        DISK_CAPACITY_UNKNOWN,
        Critical,
        "the source does not state a disk's capacity; the placeholder `--default-disk-size` is requested",
        "vmware.disk.capacity.invalid, ova.disk.capacity.invalid (a missing capacity is 0 there)",
    ),
    kind(
        PASSTHROUGH_DEVICE,
        Critical,
        "a host PCI, SCSI or USB device or a GPU is passed through to the guest",
        "vmware.passthrough_device.detected",
    ),
    kind(
        DISK_COUNT_EXCEEDS_LIMIT,
        Critical,
        "more than 165 disks, the per-VM limit Forklift applies for KubeVirt",
        "vmware.disk.count.exceeds.limit, ova.disk.count.exceeds.limit",
    ),
    kind(
        MAC_DUPLICATED,
        Critical,
        "the same MAC address on more than one NIC across all the inputs of the run",
        "-",
    ),
    kind(
        MULTIPLE_POD_NICS,
        Critical,
        "the mapping puts more than one NIC of the VM on the pod network",
        "plan condition VMMultiplePodNetworkMappings",
    ),
    kind(
        UNMAPPED_NETWORK,
        Critical,
        "a NIC's source network has no entry in the mapping",
        "plan condition VMNetworksNotMapped",
    ),
    kind(
        UNMAPPED_STORAGE,
        Critical,
        "a disk's datastore or storage pool has no entry in the mapping",
        "plan condition VMStorageNotMapped",
    ),
    kind(
        POOL_HOST_DEVICE,
        Critical,
        "`assess --as-pool`: a device of one host (PCI, USB or SCSI passthrough, a GPU) cannot be given to every replica",
        "-",
    ),
    kind(
        POOL_HOST_DISK,
        Critical,
        "`assess --as-pool`: a disk on a host device or network volume, or shared with other VMs, cannot be cloned per replica",
        "-",
    ),
    kind(
        POOL_FIXED_IP,
        Critical,
        "`assess --as-pool`: cloud-init network data with a fixed address would give every replica the same IP",
        "-",
    ),
    kind(
        RDM_DISK,
        Warning,
        "a raw device or LUN passed through as a disk (VMware RDM, libvirt `device='lun'`, raw host disk)",
        "vmware.disk.rdm.detected",
    ),
    kind(
        DISK_NOT_FILE_BACKED,
        Warning,
        "a disk backed by a host block device or a network volume rather than an image file",
        "vmware.datastore.missing",
    ),
    kind(
        INDEPENDENT_DISK,
        Warning,
        "a VMware independent (persistent or nonpersistent) disk",
        "vmware.disk_mode.independent",
    ),
    kind(
        SHARED_DISK,
        Warning,
        "a disk shared with other VMs (multi-writer, shareable)",
        "vmware.disk.shared.detected, vmware/shareable_disk.rego",
    ),
    kind(
        NVME_DISK,
        Warning,
        "a disk on an NVMe controller; it moves to another bus",
        "vmware.disk.nvme.detected",
    ),
    kind(
        CPU_MEMORY_HOTPLUG,
        Warning,
        "CPU hot-add or hot-remove, or memory hot-add, is enabled",
        "vmware.cpu_memory.hotplug.enabled, ova.cpu_memory.hotplug.enabled",
    ),
    kind(
        CPU_AFFINITY,
        Warning,
        "the vCPUs are pinned to host CPUs",
        "vmware.cpu_affinity.detected, ova.cpu_affinity.detected",
    ),
    kind(
        NUMA_AFFINITY,
        Warning,
        "memory or vCPUs are bound to host NUMA nodes",
        "vmware.numa_affinity.detected",
    ),
    kind(
        TPM_DATA_LOST,
        Warning,
        "a vTPM (or a host TPM passed through) whose contents are not carried over",
        "vmware.tpm.detected",
    ),
    kind(
        UEFI_NVRAM,
        Warning,
        "UEFI firmware: the variable store (boot entries, secure boot keys) is not carried over",
        "vmware/uefi_boot.rego, ova/uefi_boot.rego",
    ),
    kind(
        USB_CONTROLLER,
        Warning,
        "a USB controller; devices behind it are not carried over",
        "vmware.usb_controller.detected",
    ),
    kind(
        SRIOV_NIC,
        Warning,
        "an SR-IOV virtual function or other host NIC passed through",
        "vmware.device.sriov.detected",
    ),
    kind(
        NAME_CHANGED,
        Warning,
        "the name is not a DNS-1123 label or clashes with another VM's, so the Kubernetes name differs",
        "vmware/name.rego, ova.name.invalid",
    ),
    kind(
        GUEST_OS_UNSUPPORTED,
        Warning,
        "a guest OS that KubeVirt or Forklift do not support (RHEL 6, Photon OS, macOS)",
        "vmware.os.unsupported",
    ),
    kind(
        GUEST_OS_UNKNOWN,
        Warning,
        "the source does not say which guest OS runs, so SATA disks and e1000e NICs are chosen",
        "-",
    ),
    kind(
        MEMORY_UNKNOWN,
        Warning,
        "the source states no memory size; a 1Gi placeholder is requested",
        "-",
    ),
    kind(
        SNAPSHOTS_PRESENT,
        Information,
        "the source has snapshots; only the current state is carried over",
        "vmware.snapshot.detected",
    ),
    kind(
        GUEST_OS_UPGRADE_RECOMMENDED,
        Information,
        "CentOS 7/8/9, RHEL 6 or Amazon Linux 2: upgrade to a supported release",
        "vmware.os.upgrade.recommendation",
    ),
    kind(
        DISK_SERIAL_NOT_KEPT,
        Information,
        "VMware `disk.EnableUUID` with a SCSI disk: the guest's disk serial numbers change",
        "vmware.disk_serial.truncated",
    ),
    kind(
        DEVICE_NOT_CARRIED,
        Information,
        "a serial or parallel port, floppy, sound card, shared folder or other device is dropped",
        "-",
    ),
];

/// Forklift rules that cannot be judged from a spec file, with the reason. Listed in the
/// README beside the catalogue (and checked against it the same way).
pub const NOT_JUDGEABLE: &[(&str, &str)] = &[
    (
        "vmware.guestDisks.btrfs.unsupported (btrfs_filesystem.rego)",
        "needs the guest's file systems, reported by VMware Tools to vCenter",
    ),
    (
        "vmware.changed_block_tracking.disabled, vmware.changed_block_tracking.disk.disabled",
        "only matters for warm migration; this tool copies disks cold (`virtctl image-upload`)",
    ),
    (
        "vmware.consolidation_needed",
        "a vCenter runtime flag; snapshots written in the file are reported as `snapshots-present`",
    ),
    (
        "vmware/custom_attributes.rego, vmware/tags.rego",
        "vCenter custom attributes and tags are inventory data, not part of the VM's configuration",
    ),
    (
        "vmware.drs.enabled, vmware.dpm.enabled, vmware/ha_enabled.rego",
        "needs vCenter cluster settings",
    ),
    (
        "vmware.host_affinity.detected",
        "DRS VM-host rules live in the vCenter cluster, not in the VM",
    ),
    (
        "vmware.fault_tolerance.enabled",
        "needs vCenter runtime state",
    ),
    (
        "vmware.guestDisks.freespace, vmware.guestDisks.key.not_found",
        "needs the guest's disks and free space, reported by VMware Tools",
    ),
    (
        "vmware.hostname.empty, vmware.hostname.default",
        "needs the guest host name, reported by VMware Tools",
    ),
    (
        "vmware.vm_missing_ip.detected, vmware.vm_powered_off.detected",
        "needs the running guest's IPs and power state; static IP preservation is not done here",
    ),
    (
        "vmware/memory_ballooning.rego, ova/memory_ballooning.rego",
        "ballooned memory is a runtime statistic",
    ),
    (
        "ova.source.unsupported",
        "about Forklift's conversion of OVAs not made by VMware; OVF from any producer is read the same way here",
    ),
];

/// The catalogue entry of an id's spelling.
pub fn lookup(id: &str) -> Option<&'static ConcernKind> {
    ConcernId::parse(id).map(ConcernId::kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_kebab_case_and_sorted_by_category() {
        let mut seen = HashSet::new();
        for (index, kind) in CATALOGUE.iter().enumerate() {
            let id = kind.id.as_str();
            assert!(seen.insert(id), "duplicate id {id}");
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !id.starts_with('-')
                    && !id.ends_with('-'),
                "{id} is not kebab-case"
            );
            // Each id indexes its own entry, and spells back to itself.
            assert_eq!(kind.id as usize, index, "{id} is out of catalogue order");
            assert_eq!(kind.id.kind(), kind);
            assert_eq!(ConcernId::parse(id), Some(kind.id));
            assert!(!kind.trigger.contains('|') && !kind.forklift.contains('|'));
        }
        assert!(CATALOGUE.windows(2).all(|w| w[0].category <= w[1].category));
        assert_eq!(lookup("no-such-id"), None);
        assert_eq!(
            serde_json::json!(ConcernId::SnapshotsPresent),
            serde_json::json!("snapshots-present")
        );
    }
}

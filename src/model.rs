//! The neutral VM model: what every importer produces and the generator consumes.
//!
//! `VmSpec` describes a virtual machine the way its source described it, in terms that
//! belong to no hypervisor and to no Kubernetes API. Importers fill it; the generator reads
//! it. Anything an importer sees but cannot express here goes into `warnings` (or
//! `devices`), so that nothing in a source file is ever dropped silently.
//!
//! Sizes are bytes in `u64`; counts are `u32`. Importers must use checked arithmetic when
//! they convert units, because source files are untrusted input.

use serde::Serialize;
use std::fmt;

// The guest OS types live with the parsers of every vocabulary that names a guest OS.
pub use crate::guest::{Arch, Distro, GuestOs, OsFamily, Version};

/// Which kind of file a VM came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    Vmx,
    Ovf,
    Ova,
    Libvirt,
    Proxmox,
    VirtualBox,
    Xen,
    VsphereJson,
}

impl SourceFormat {
    /// Short lower-case name, used in tables, annotations and error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Vmx => "vmx",
            SourceFormat::Ovf => "ovf",
            SourceFormat::Ova => "ova",
            SourceFormat::Libvirt => "libvirt",
            SourceFormat::Proxmox => "proxmox",
            SourceFormat::VirtualBox => "vbox",
            SourceFormat::Xen => "xen",
            SourceFormat::VsphereJson => "vsphere-json",
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a VM was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    pub format: SourceFormat,
    /// The file as the user named it (or `-` for stdin).
    pub file: String,
    /// Position of this VM among the VMs of a multi-VM file (OVF collections, vSphere JSON).
    pub index: Option<usize>,
}

/// One virtual machine, as its source described it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VmSpec {
    pub source: SourceRef,
    /// The source's own name, exactly (any UTF-8). The generator derives the Kubernetes name.
    pub name: String,
    pub uuid: Option<String>,
    pub description: Option<String>,
    pub guest_os: GuestOs,
    pub firmware: Firmware,
    /// The source's machine type (`pc-q35-8.0`, `i440fx`, `vmx-19`...), informational.
    pub machine_type: Option<String>,
    pub cpu: Cpu,
    pub memory: Memory,
    pub disks: Vec<Disk>,
    pub cdroms: Vec<Cdrom>,
    pub nics: Vec<Nic>,
    pub tpm: Option<Tpm>,
    /// Devices KubeVirt cannot take over as they are (passthrough, serial ports, USB...).
    pub devices: Vec<Device>,
    /// Names of snapshots found in the source (never applied, reported as a concern), or
    /// a description when the source only shows that some exist (a delta disk).
    pub snapshots: Vec<String>,
    /// Host CPUs the source pins the vCPUs to, as it wrote them (`0-3`, `2,3`); `None`
    /// when the VM may run on any host CPU.
    pub cpu_affinity: Option<String>,
    /// Host NUMA nodes the source binds the VM's memory or vCPUs to, as it wrote them.
    pub numa_affinity: Option<String>,
    /// The guest is given stable disk serial numbers (VMware `disk.EnableUUID`), which
    /// software inside may rely on.
    pub disk_uuid: bool,
    /// Hyper-V enlightenments the source sets for the guest; empty when it sets none.
    pub hyperv: HyperV,
    /// The KVM signature is hidden from the guest (libvirt `kvm/hidden`), usually so that
    /// GPU drivers that refuse to run in a VM load.
    pub kvm_hidden: bool,
    /// The OVF deployment option (a `DeploymentOptionSection` configuration id) whose
    /// hardware was imported, when the source offers deployment options.
    pub deployment_option: Option<String>,
    /// Things seen in the source that the model does not carry, in words a user understands.
    pub warnings: Vec<Warning>,
}

/// What a warning is about, where a later stage acts on it (the generator does not repeat
/// what an importer already explained).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum WarningKind {
    #[default]
    General,
    /// Explains the VM's snapshots (how many, which disks are deltas).
    Snapshots,
    /// Says the format records no size for a disk (named in the words): the image search
    /// drops it once an image header gave that disk its size.
    DiskSizeUnrecorded,
}

/// One importer warning: its kind and its words. It reads (derefs, compares, prints and
/// serialises) as its message, which is all users ever see.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Warning {
    pub kind: WarningKind,
    pub message: String,
}

impl std::ops::Deref for Warning {
    type Target = str;
    fn deref(&self) -> &str {
        &self.message
    }
}

impl std::borrow::Borrow<str> for Warning {
    fn borrow(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl PartialEq<str> for Warning {
    fn eq(&self, other: &str) -> bool {
        self.message == other
    }
}

impl PartialEq<&str> for Warning {
    fn eq(&self, other: &&str) -> bool {
        self.message == *other
    }
}

/// A general warning in these words.
impl From<String> for Warning {
    fn from(message: String) -> Self {
        Warning {
            kind: WarningKind::General,
            message,
        }
    }
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.message)
    }
}

impl VmSpec {
    /// An empty VM with the given source and name; importers fill in the rest.
    pub fn new(source: SourceRef, name: impl Into<String>) -> Self {
        VmSpec {
            source,
            name: name.into(),
            uuid: None,
            description: None,
            guest_os: GuestOs::default(),
            firmware: Firmware::default(),
            machine_type: None,
            cpu: Cpu::default(),
            memory: Memory::default(),
            disks: Vec::new(),
            cdroms: Vec::new(),
            nics: Vec::new(),
            tpm: None,
            devices: Vec::new(),
            snapshots: Vec::new(),
            cpu_affinity: None,
            numa_affinity: None,
            disk_uuid: false,
            hyperv: HyperV::default(),
            kvm_hidden: false,
            deployment_option: None,
            warnings: Vec::new(),
        }
    }

    /// Records something the model cannot carry.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.warn_about(WarningKind::General, message);
    }

    /// Records a warning of a kind a later stage acts on.
    pub fn warn_about(&mut self, kind: WarningKind, message: impl Into<String>) {
        self.warnings.push(Warning {
            kind,
            message: message.into(),
        });
    }
}

/// Boot firmware.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Firmware {
    pub kind: FirmwareKind,
    pub secure_boot: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FirmwareKind {
    #[default]
    Bios,
    Uefi,
}

/// Virtual CPU topology. `sockets * cores * threads` is the vCPU count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cpu {
    pub sockets: u32,
    pub cores: u32,
    pub threads: u32,
    /// CPU hot-add enabled in the source.
    pub hotplug: bool,
}

impl Default for Cpu {
    fn default() -> Self {
        Cpu {
            sockets: 1,
            cores: 1,
            threads: 1,
            hotplug: false,
        }
    }
}

impl Cpu {
    /// Total vCPUs, or `None` when `sockets * cores * threads` overflows 32 bits. Never a
    /// saturated or wrapped count: the importers refuse such a topology
    /// (`import::check_limits`), so a `VmSpec` from a file always has `Some`.
    pub fn vcpus(&self) -> Option<u32> {
        self.sockets
            .checked_mul(self.cores)?
            .checked_mul(self.threads)
    }
}

/// Guest memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Memory {
    /// Guest-visible memory in bytes; 0 means the source did not say.
    pub bytes: u64,
    /// Memory hot-add enabled in the source.
    pub hotplug: bool,
}

/// A bus that disks and CD-ROMs attach to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiskBus {
    Virtio,
    Scsi,
    Sata,
    Ide,
    Nvme,
    Usb,
    /// Any other bus (`fdc`, `xen`, `sd`...), by the source's name for it.
    Other(String),
}

impl DiskBus {
    pub fn as_str(&self) -> &str {
        match self {
            DiskBus::Virtio => "virtio",
            DiskBus::Scsi => "scsi",
            DiskBus::Sata => "sata",
            DiskBus::Ide => "ide",
            DiskBus::Nvme => "nvme",
            DiskBus::Usb => "usb",
            DiskBus::Other(name) => name,
        }
    }
}

/// Image format of a disk's backing file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiskFormat {
    Vmdk,
    Qcow2,
    Raw,
    Vhd,
    Vhdx,
    Vdi,
    Other(String),
}

/// An image format whose header the importers read a virtual size from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageFormat {
    Qcow2,
    Vmdk,
    Vdi,
    Vhd,
    Vhdx,
    Raw,
}

impl ImageFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Qcow2 => "qcow2",
            ImageFormat::Vmdk => "vmdk",
            ImageFormat::Vdi => "vdi",
            ImageFormat::Vhd => "vhd",
            ImageFormat::Vhdx => "vhdx",
            ImageFormat::Raw => "raw",
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a disk's capacity came from, when an image was read for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SizeSource {
    /// The spec stated it (and the image, read too, was compared with it).
    Spec,
    /// The spec did not state it; the image's header did.
    ImageHeader(ImageFormat),
}

impl fmt::Display for SizeSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SizeSource::Spec => f.write_str("spec"),
            SizeSource::ImageHeader(format) => write!(f, "image-header:{format}"),
        }
    }
}

/// How a disk's writes survive snapshots (VMware's independent modes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiskMode {
    #[default]
    Persistent,
    IndependentPersistent,
    IndependentNonpersistent,
}

/// What backs a disk on the source host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiskBacking {
    /// An image file (or volume in a pool) that can be copied.
    #[default]
    File,
    /// A host block device (`/dev/...`, LVM volume).
    Block,
    /// A network volume (rbd, iscsi, nbd, http...).
    Network,
    /// A raw LUN or device passed through (RDM, `device='lun'`, `rawDisk`).
    Passthrough,
}

/// A hard disk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disk {
    /// The source's own id for this disk (`scsi0:1`, `vda`, `virtio0`, `hda`), unique per VM.
    pub id: String,
    pub bus: DiskBus,
    /// Controller model, when the source names one (`pvscsi`, `lsilogic`, `virtio-scsi`, `ahci`).
    pub controller: Option<String>,
    /// Capacity in bytes; `None` when the source does not say.
    pub capacity_bytes: Option<u64>,
    /// Where `capacity_bytes` came from; `None` when no image was read for this disk (the
    /// size is then the spec's, or unknown).
    pub size_source: Option<SizeSource>,
    pub format: Option<DiskFormat>,
    /// Path, volume id or URL of the backing image, as the source wrote it.
    pub source_path: Option<String>,
    /// Datastore, storage pool or storage id the disk lives on, for storage mapping.
    pub storage: Option<String>,
    pub backing: DiskBacking,
    /// 1-based boot order, when the source sets one.
    pub boot_order: Option<u32>,
    pub read_only: bool,
    pub shared: bool,
    pub mode: DiskMode,
}

impl Disk {
    /// A persistent, writable, unshared file-backed disk with nothing else known.
    pub fn new(id: impl Into<String>, bus: DiskBus) -> Self {
        Disk {
            id: id.into(),
            bus,
            controller: None,
            capacity_bytes: None,
            size_source: None,
            format: None,
            source_path: None,
            storage: None,
            backing: DiskBacking::File,
            boot_order: None,
            read_only: false,
            shared: false,
            mode: DiskMode::Persistent,
        }
    }
}

/// A CD-ROM or DVD drive, with the image it holds if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cdrom {
    pub id: String,
    pub bus: DiskBus,
    /// The ISO image (or host device) in the drive; `None` for an empty drive.
    pub image: Option<String>,
    pub boot_order: Option<u32>,
}

/// Network card model.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NicModel {
    Virtio,
    E1000,
    E1000e,
    Rtl8139,
    Vmxnet3,
    /// VMware's older paravirtual cards (vmxnet, vmxnet2).
    Vmxnet,
    /// AMD PCnet family (VMware `vlance`, VirtualBox `Am79C970A`/`Am79C973`).
    Pcnet,
    Other(String),
}

impl NicModel {
    pub fn as_str(&self) -> &str {
        match self {
            NicModel::Virtio => "virtio",
            NicModel::E1000 => "e1000",
            NicModel::E1000e => "e1000e",
            NicModel::Rtl8139 => "rtl8139",
            NicModel::Vmxnet3 => "vmxnet3",
            NicModel::Vmxnet => "vmxnet",
            NicModel::Pcnet => "pcnet",
            NicModel::Other(name) => name,
        }
    }
}

/// How a NIC is attached on the source host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NicAttachment {
    /// A bridge or port group, named in `network`.
    #[default]
    Bridged,
    /// A hypervisor-managed virtual network (libvirt network, VMware network name).
    Network,
    /// NAT / user-mode networking provided by the hypervisor.
    Nat,
    /// An isolated network between VMs on one host.
    Internal,
    HostOnly,
    /// macvtap / direct attachment to a host interface.
    Direct,
    /// A host NIC or virtual function passed through (SR-IOV).
    Passthrough,
    /// vhost-user or another attachment KubeVirt has no equivalent for.
    Other,
}

/// A network interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nic {
    /// The source's own id (`ethernet0`, `net0`, `vnet0`, adapter slot), unique per VM.
    pub id: String,
    pub model: Option<NicModel>,
    /// MAC address normalised to lower-case `aa:bb:cc:dd:ee:ff`, when the source fixes one.
    pub mac: Option<String>,
    /// Source network, port group or bridge name.
    pub network: Option<String>,
    pub vlan: Option<u16>,
    pub attachment: NicAttachment,
    /// Whether the NIC is connected when the VM boots.
    pub connected: bool,
}

impl Nic {
    pub fn new(id: impl Into<String>) -> Self {
        Nic {
            id: id.into(),
            model: None,
            mac: None,
            network: None,
            vlan: None,
            attachment: NicAttachment::Bridged,
            connected: true,
        }
    }
}

/// A virtual TPM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tpm {
    /// `1.2` or `2.0`, when the source says.
    pub version: Option<String>,
    /// True when the source passes a host TPM through rather than emulating one.
    pub passthrough: bool,
}

/// A device that has no place in the model's main fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Device {
    pub kind: DeviceKind,
    /// What the source called it, for the user (`pciPassthru0 0000:3b:00.0`, `hostpci0`).
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeviceKind {
    PciPassthrough,
    UsbPassthrough,
    ScsiPassthrough,
    Gpu,
    UsbController,
    Serial,
    Parallel,
    Floppy,
    Sound,
    SharedFolder,
    Other,
}

/// Hyper-V enlightenments (paravirtual interfaces QEMU/KVM offers Windows guests), by the
/// names of Microsoft's Hypervisor Top-Level Functional Specification. Each `Option<bool>` is
/// `None` where the source does not mention the enlightenment and `Some(false)` where it
/// turns it off: an explicit "off" must survive, because a guest tuned without an
/// enlightenment may misbehave when it appears.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HyperV {
    /// Every enlightenment the host supports, chosen by the host (libvirt
    /// `mode='passthrough'`); the individual settings are then empty.
    pub passthrough: bool,
    pub relaxed: Option<bool>,
    pub vapic: Option<bool>,
    pub spinlocks: Option<bool>,
    /// Spinlock retries before the guest notifies the hypervisor.
    pub spinlock_retries: Option<u64>,
    pub vpindex: Option<bool>,
    pub runtime: Option<bool>,
    pub synic: Option<bool>,
    /// Synthetic timers (`stimer`), and whether they deliver interrupts directly.
    pub stimer: Option<bool>,
    pub stimer_direct: Option<bool>,
    pub reset: Option<bool>,
    /// The hypervisor vendor id the guest sees, and its value (up to 12 characters).
    pub vendor_id: Option<bool>,
    pub vendor_id_value: Option<String>,
    pub frequencies: Option<bool>,
    pub reenlightenment: Option<bool>,
    /// Paravirtual TLB flush, with its direct and extended variants.
    pub tlbflush: Option<bool>,
    pub tlbflush_direct: Option<bool>,
    pub tlbflush_extended: Option<bool>,
    pub ipi: Option<bool>,
    pub evmcs: Option<bool>,
}

impl HyperV {
    /// True when the source sets no enlightenment at all.
    pub fn is_empty(&self) -> bool {
        *self == HyperV::default()
    }
}

/// True when `path` names a host block device rather than an image file: anything under
/// `/dev/` (`/dev/sdb`, `/dev/disk/by-id/...`, `/dev/mapper/...`, `/dev/vg/lv`) or a
/// Windows physical drive (`\\.\PhysicalDrive1`). Such a disk has no image to copy, in
/// every format alike.
pub fn is_host_device_path(path: &str) -> bool {
    let path = path.trim();
    path.starts_with("/dev/")
        || path
            .get(..17)
            .is_some_and(|head| head.eq_ignore_ascii_case("\\\\.\\physicaldrive"))
}

/// Normalises a MAC address written with `:`, `-`, `.` or no separators into
/// lower-case colon form. Returns `None` when it is not 6 hexadecimal octets.
pub fn normalize_mac(raw: &str) -> Option<String> {
    let hex: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let lower = hex.to_ascii_lowercase();
    let octets: Vec<&str> = (0..6).map(|i| &lower[i * 2..i * 2 + 2]).collect();
    Some(octets.join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_addresses_normalise_from_every_common_spelling() {
        assert_eq!(
            normalize_mac("00:50:56:AB:cd:01").as_deref(),
            Some("00:50:56:ab:cd:01")
        );
        assert_eq!(
            normalize_mac("080027C0FFEE").as_deref(),
            Some("08:00:27:c0:ff:ee")
        );
        assert_eq!(
            normalize_mac("52-54-00-12-34-56").as_deref(),
            Some("52:54:00:12:34:56")
        );
        assert_eq!(normalize_mac("00:50:56:zz:00:01"), None);
        assert_eq!(normalize_mac("00:50:56"), None);
    }

    #[test]
    fn host_device_paths_are_recognised_in_every_spelling() {
        for path in [
            "/dev/sdb",
            "/dev/disk/by-id/wwn-0x5000c500a1b2c3d4",
            "/dev/mapper/vg-data",
            " /dev/vg0/lv ",
            "\\\\.\\PhysicalDrive1",
        ] {
            assert!(is_host_device_path(path), "{path}");
        }
        for path in [
            "/var/lib/libvirt/images/a.qcow2",
            "dev/sdb",
            "local:vm-1-disk-0",
            "\\\\.\\",
        ] {
            assert!(!is_host_device_path(path), "{path}");
        }
    }

    #[test]
    fn vcpu_count_is_checked_never_saturated() {
        let cpu = Cpu {
            sockets: u32::MAX,
            cores: 4,
            threads: 2,
            hotplug: false,
        };
        assert_eq!(cpu.vcpus(), None);
        // 65536 x 65536 wraps to exactly 0 in u32: no count at all, not 0.
        let wraps = Cpu {
            sockets: 65536,
            cores: 65536,
            threads: 1,
            hotplug: false,
        };
        assert_eq!(wraps.vcpus(), None);
        let fine = Cpu {
            sockets: 2,
            cores: 8,
            threads: 2,
            hotplug: false,
        };
        assert_eq!(fine.vcpus(), Some(32));
    }
}

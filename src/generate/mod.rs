//! Generator: neutral `VmSpec`s in, KubeVirt objects out.
//!
//! Knows nothing of source file formats: everything it needs is in the model. Every choice
//! the source does not dictate (bus for a Windows guest, where disk data comes from, which
//! NIC gets the pod network) is made here, once, and explained in a warning when it changes
//! what the guest will see.

pub mod kubevirt;
pub mod naming;

use crate::model::{
    DiskBacking, DiskBus, DiskMode, FirmwareKind, NicAttachment, NicModel, OsFamily, VmSpec,
};
use kubevirt::*;
use naming::{dns_label, truncate_label, UniqueNames};
use serde_json::json;
use std::collections::BTreeMap;

/// Label that marks every object this tool creates.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
/// Value of [`MANAGED_BY_LABEL`], also the server-side apply field manager.
pub const MANAGER: &str = "kubectl-vmmigrate";
/// Annotation prefix for provenance.
pub const ANNOTATION_PREFIX: &str = "vmmigrate.io/";

/// Size requested for a disk whose capacity the source does not state.
pub const DEFAULT_PLACEHOLDER_DISK_BYTES: u64 = 10 << 30;
/// Memory given to a VM whose source states none.
pub const DEFAULT_PLACEHOLDER_MEMORY_BYTES: u64 = 1 << 30;
/// CDI refuses DataVolumes under 1 MiB.
const MIN_DISK_BYTES: u64 = 1 << 20;

/// How KubeVirt should run the VM after it is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunStrategy {
    #[default]
    Always,
    RerunOnFailure,
    Manual,
    Halted,
    Once,
}

impl RunStrategy {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStrategy::Always => "Always",
            RunStrategy::RerunOnFailure => "RerunOnFailure",
            RunStrategy::Manual => "Manual",
            RunStrategy::Halted => "Halted",
            RunStrategy::Once => "Once",
        }
    }
}

/// Choices the user makes for a whole run.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Namespace written into each object; `None` leaves it to `kubectl apply -n`.
    pub namespace: Option<String>,
    pub run_strategy: RunStrategy,
    /// Size requested for disks of unknown capacity.
    pub placeholder_disk_bytes: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            namespace: None,
            run_strategy: RunStrategy::default(),
            placeholder_disk_bytes: DEFAULT_PLACEHOLDER_DISK_BYTES,
        }
    }
}

/// The objects generated for one source VM, with what a reviewer must know about them.
#[derive(Debug, Clone)]
pub struct GeneratedVm {
    /// The Kubernetes name chosen for the VM.
    pub name: String,
    pub spec: VmSpec,
    /// Objects in apply order; the VirtualMachine is last.
    pub objects: Vec<serde_json::Value>,
    /// Importer warnings followed by the generator's own.
    pub warnings: Vec<String>,
}

/// Generates objects for every VM; names are unique across the whole run.
pub fn generate(vms: &[VmSpec], options: &GenerateOptions) -> Vec<GeneratedVm> {
    let mut vm_names = UniqueNames::default();
    let mut dv_names = UniqueNames::default();
    vms.iter()
        .map(|vm| generate_one(vm, options, &mut vm_names, &mut dv_names))
        .collect()
}

fn generate_one(
    vm: &VmSpec,
    options: &GenerateOptions,
    vm_names: &mut UniqueNames,
    dv_names: &mut UniqueNames,
) -> GeneratedVm {
    let mut warnings = vm.warnings.clone();
    let name = vm_names.claim(&dns_label(&vm.name, "vm"));
    let guest_has_virtio = guest_has_virtio_drivers(vm);

    let mut labels = BTreeMap::new();
    labels.insert(MANAGED_BY_LABEL.to_string(), MANAGER.to_string());
    let mut annotations = BTreeMap::new();
    annotations.insert(annotation("source-file"), vm.source.file.clone());
    annotations.insert(annotation("source-format"), vm.source.format.to_string());
    annotations.insert(annotation("source-name"), vm.name.clone());
    if let Some(description) = vm.description.as_ref().filter(|d| !d.trim().is_empty()) {
        annotations.insert(annotation("description"), description.clone());
    }
    if let Some(os) = &vm.guest_os.source_id {
        annotations.insert(annotation("guest-os"), os.clone());
    }

    // Disks and CD-ROMs share one name space and one boot order sequence.
    let mut device_names = UniqueNames::default();
    let mut disks = Vec::new();
    let mut volumes = Vec::new();
    let mut templates = Vec::new();
    let boot_orders = renumber_boot_orders(vm);

    for (index, disk) in vm.disks.iter().enumerate() {
        let disk_name = device_names.claim(&dns_label(&disk.id, "disk"));
        let dv_base = format!(
            "{}-{}",
            truncate_label(&name, 62usize.saturating_sub(disk_name.len())),
            disk_name
        );
        let dv_name = dv_names.claim(&truncate_label(&dv_base, naming::MAX_LABEL));
        let bus = disk_bus(&disk.bus, guest_has_virtio);
        if bus != disk.bus.as_str() {
            warnings.push(format!(
                "disk {}: bus {} becomes {bus}{}",
                disk.id,
                disk.bus.as_str(),
                if bus == "sata" && !guest_has_virtio {
                    " (the guest may lack virtio drivers; install virtio-win and switch to virtio for speed)"
                } else {
                    ""
                }
            ));
        }
        let capacity = match disk.capacity_bytes {
            Some(bytes) if bytes > 0 => bytes.max(MIN_DISK_BYTES),
            _ => {
                warnings.push(format!(
                    "disk {}: capacity unknown, requested {} as a placeholder; set the real size before applying",
                    disk.id,
                    quantity(options.placeholder_disk_bytes)
                ));
                options.placeholder_disk_bytes.max(MIN_DISK_BYTES)
            }
        };
        match disk.backing {
            DiskBacking::Passthrough => warnings.push(format!(
                "disk {}: was a raw device or LUN passed through; its data is copied into a DataVolume",
                disk.id
            )),
            DiskBacking::Block | DiskBacking::Network | DiskBacking::File => {}
        }
        if disk.mode == DiskMode::IndependentNonpersistent {
            warnings.push(format!(
                "disk {}: was independent-nonpersistent (changes discarded at power off); KubeVirt keeps changes",
                disk.id
            ));
        }
        if disk.shared {
            warnings.push(format!(
                "disk {}: was shared between VMs; the DataVolume needs ReadWriteMany storage to share it",
                disk.id
            ));
        }
        let mut dv_annotations = BTreeMap::new();
        if let Some(path) = &disk.source_path {
            dv_annotations.insert(annotation("source-disk"), path.clone());
        }
        templates.push(DataVolumeTemplate {
            metadata: ObjectMeta {
                name: dv_name.clone(),
                namespace: None,
                labels: BTreeMap::new(),
                annotations: dv_annotations,
            },
            spec: DataVolumeSpec {
                source: DataVolumeSource::Upload(Empty {}),
                storage: StorageSpec {
                    resources: StorageResources {
                        requests: BTreeMap::from([("storage".to_string(), quantity(capacity))]),
                    },
                },
            },
        });
        // KubeVirt cannot make a SATA hard disk read-only.
        let read_only = disk.read_only && bus != "sata";
        if disk.read_only && !read_only {
            warnings.push(format!(
                "disk {}: was read-only, but KubeVirt SATA disks cannot be; it is attached writable",
                disk.id
            ));
        }
        disks.push(DiskDevice {
            name: disk_name.clone(),
            boot_order: boot_orders.disks.get(index).copied().flatten(),
            disk: Some(DiskTarget {
                bus: bus.to_string(),
                readonly: read_only.then_some(true),
            }),
            cdrom: None,
            shareable: disk.shared.then_some(true),
        });
        volumes.push(Volume {
            name: disk_name,
            data_volume: DataVolumeRef { name: dv_name },
        });
    }

    for (index, cdrom) in vm.cdroms.iter().enumerate() {
        let cd_name = device_names.claim(&dns_label(&cdrom.id, "cdrom"));
        if let Some(image) = &cdrom.image {
            warnings.push(format!(
                "CD-ROM {}: image {image} is not carried over; the drive is created empty (insert an image with virtctl addvolume)",
                cdrom.id
            ));
        }
        disks.push(DiskDevice {
            name: cd_name,
            boot_order: boot_orders.cdroms.get(index).copied().flatten(),
            disk: None,
            // KubeVirt refuses virtio CD-ROMs; SATA works for every guest.
            cdrom: Some(CdromTarget { bus: "sata".into() }),
            shareable: None,
        });
    }

    let (interfaces, networks) = interfaces_and_networks(vm, guest_has_virtio, &mut warnings);

    let firmware_uuid = vm.uuid.as_deref().and_then(normalize_uuid);
    if vm.uuid.is_some() && firmware_uuid.is_none() {
        warnings.push(format!(
            "source UUID {:?} is not a valid UUID; KubeVirt will assign one",
            vm.uuid.as_deref().unwrap_or_default()
        ));
    }
    let secure_boot = vm.firmware.kind == FirmwareKind::Uefi && vm.firmware.secure_boot;
    if vm.firmware.secure_boot && vm.firmware.kind != FirmwareKind::Uefi {
        warnings.push("secure boot was set without UEFI firmware; it is ignored".to_string());
    }
    let bootloader = match vm.firmware.kind {
        FirmwareKind::Bios => Bootloader::Bios(Empty {}),
        FirmwareKind::Uefi => Bootloader::Efi(Efi {
            secure_boot,
            persistent: true,
        }),
    };
    let mut features = serde_json::Map::new();
    if secure_boot {
        // KubeVirt requires SMM for secure boot.
        features.insert("smm".into(), json!({"enabled": true}));
    }
    let windows = vm.guest_os.family == OsFamily::Windows;
    let clock = if windows {
        // The enlightenments and timers KubeVirt's own Windows templates use; without them
        // Windows guests run slowly and their clocks drift.
        features.insert("acpi".into(), json!({}));
        features.insert("apic".into(), json!({}));
        features.insert(
            "hyperv".into(),
            json!({"relaxed": {}, "vapic": {}, "spinlocks": {"spinlocks": 8191}}),
        );
        Some(json!({
            "utc": {},
            "timer": {"hpet": {"present": false}, "pit": {"tickPolicy": "delay"},
                      "rtc": {"tickPolicy": "catchup"}, "hyperv": {}}
        }))
    } else {
        None
    };

    let memory_bytes = if vm.memory.bytes == 0 {
        warnings.push(format!(
            "memory size not stated in the source; requested {} as a placeholder",
            quantity(DEFAULT_PLACEHOLDER_MEMORY_BYTES)
        ));
        DEFAULT_PLACEHOLDER_MEMORY_BYTES
    } else {
        // KubeVirt rejects guests under 1 MiB.
        vm.memory.bytes.max(MIN_DISK_BYTES)
    };

    let tpm = match &vm.tpm {
        Some(tpm) => {
            if tpm.passthrough {
                warnings.push(
                    "the host TPM was passed through; an emulated persistent TPM replaces it (keys sealed to the old TPM are lost)"
                        .to_string(),
                );
            } else {
                warnings.push(
                    "vTPM contents (e.g. BitLocker keys) are not carried over; suspend BitLocker before migrating"
                        .to_string(),
                );
            }
            Some(TpmDevice { persistent: true })
        }
        None => None,
    };

    for device in &vm.devices {
        warnings.push(format!(
            "{} {} is not carried over",
            device_kind_words(device.kind),
            device.description
        ));
    }
    // Importers that found snapshots usually explain them already; say it once.
    let snapshots_explained = vm
        .warnings
        .iter()
        .any(|w| w.to_ascii_lowercase().contains("snapshot"));
    if !vm.snapshots.is_empty() && !snapshots_explained {
        warnings.push(format!(
            "{} snapshot(s) not carried over, only the current state: {}",
            vm.snapshots.len(),
            vm.snapshots.join(", ")
        ));
    }
    if vm.cpu.hotplug || vm.memory.hotplug {
        warnings.push(
            "CPU or memory hot-plug was enabled; KubeVirt hot-plugs sockets and memory within maxSockets/maxGuest by default"
                .to_string(),
        );
    }

    let mut template_labels = BTreeMap::new();
    template_labels.insert("kubevirt.io/domain".to_string(), name.clone());
    template_labels.insert(MANAGED_BY_LABEL.to_string(), MANAGER.to_string());

    let machine = VirtualMachine {
        api_version: "kubevirt.io/v1",
        kind: "VirtualMachine",
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: options.namespace.clone(),
            labels,
            annotations,
        },
        spec: VirtualMachineSpec {
            run_strategy: options.run_strategy.as_str().to_string(),
            data_volume_templates: templates,
            template: VmiTemplate {
                metadata: TemplateMeta {
                    labels: template_labels,
                    annotations: BTreeMap::new(),
                },
                spec: VmiSpec {
                    domain: Domain {
                        cpu: CpuTopology {
                            sockets: vm.cpu.sockets.max(1),
                            cores: vm.cpu.cores.max(1),
                            threads: vm.cpu.threads.max(1),
                        },
                        memory: GuestMemory {
                            guest: quantity(memory_bytes),
                        },
                        firmware: DomainFirmware {
                            uuid: firmware_uuid,
                            bootloader,
                        },
                        features: (!features.is_empty()).then_some(Features(features)),
                        clock,
                        devices: Devices {
                            autoattach_pod_interface: interfaces.is_empty().then_some(false),
                            disks,
                            interfaces,
                            tpm,
                        },
                    },
                    networks,
                    volumes,
                },
            },
        },
    };
    let object = serde_json::to_value(&machine).unwrap_or_else(|err| {
        // Serialising plain structs of strings and numbers cannot fail; if it ever does,
        // it is a bug in this module, not bad input.
        panic!("BUG: VirtualMachine did not serialise: {err}")
    });
    GeneratedVm {
        name,
        spec: vm.clone(),
        objects: vec![object],
        warnings,
    }
}

fn annotation(key: &str) -> String {
    format!("{ANNOTATION_PREFIX}{key}")
}

/// Whether the guest can be expected to boot from virtio devices.
///
/// Linux has had virtio drivers in the kernel since 2.6.25, and a source that already used
/// virtio proves the drivers are there. Windows and unknown guests get SATA and e1000e,
/// which every OS drives out of the box, so that the first boot on KubeVirt succeeds.
fn guest_has_virtio_drivers(vm: &VmSpec) -> bool {
    vm.guest_os.family == OsFamily::Linux
        || vm.disks.iter().any(|d| d.bus == DiskBus::Virtio)
        || vm.nics.iter().any(|n| n.model == Some(NicModel::Virtio))
}

/// KubeVirt disk buses are virtio, sata, scsi and usb. SCSI on KubeVirt is virtio-scsi,
/// which needs virtio drivers too, so it is only kept for guests that have them.
fn disk_bus(source: &DiskBus, guest_has_virtio: bool) -> &'static str {
    match source {
        DiskBus::Virtio => "virtio",
        DiskBus::Usb => "usb",
        _ if guest_has_virtio => match source {
            DiskBus::Scsi => "scsi",
            _ => "virtio",
        },
        _ => "sata",
    }
}

fn nic_model(source: Option<&NicModel>, guest_has_virtio: bool) -> &'static str {
    match source {
        Some(NicModel::Virtio) => "virtio",
        Some(NicModel::E1000) => "e1000",
        Some(NicModel::Rtl8139) => "rtl8139",
        Some(NicModel::Pcnet) => "pcnet",
        _ if guest_has_virtio => "virtio",
        _ => "e1000e",
    }
}

fn interfaces_and_networks(
    vm: &VmSpec,
    guest_has_virtio: bool,
    warnings: &mut Vec<String>,
) -> (Vec<Interface>, Vec<Network>) {
    let mut names = UniqueNames::default();
    let mut interfaces = Vec::new();
    let mut networks = Vec::new();
    for (index, nic) in vm.nics.iter().enumerate() {
        let name = names.claim(&dns_label(&nic.id, "nic"));
        let model = nic_model(nic.model.as_ref(), guest_has_virtio);
        if let Some(source_model) = &nic.model {
            if source_model.as_str() != model {
                warnings.push(format!(
                    "NIC {}: model {} becomes {model}",
                    nic.id,
                    source_model.as_str()
                ));
            }
        }
        if let Some(vlan) = nic.vlan {
            warnings.push(format!(
                "NIC {}: VLAN {vlan} is not set on the VM; the network it lands on must carry that VLAN",
                nic.id
            ));
        }
        if nic.attachment == NicAttachment::Passthrough {
            warnings.push(format!(
                "NIC {}: was a passed-through host NIC (SR-IOV); it becomes a bridged NIC on a Multus network",
                nic.id
            ));
        }
        let on_pod_network = index == 0;
        let (interface_binding, network) = if on_pod_network {
            (
                (Some(Empty {}), None),
                Network {
                    name: name.clone(),
                    pod: Some(Empty {}),
                    multus: None,
                },
            )
        } else {
            let source_network = nic.network.as_deref().unwrap_or(&nic.id);
            let network_name = dns_label(source_network, "net");
            warnings.push(format!(
                "NIC {}: attached to Multus network {network_name:?} (from source network {source_network:?}); it must exist in the namespace",
                nic.id
            ));
            (
                (None, Some(Empty {})),
                Network {
                    name: name.clone(),
                    pod: None,
                    multus: Some(MultusNetwork { network_name }),
                },
            )
        };
        interfaces.push(Interface {
            name,
            masquerade: interface_binding.0,
            bridge: interface_binding.1,
            model: model.to_string(),
            mac_address: nic.mac.clone(),
            state: (!nic.connected).then(|| "down".to_string()),
            boot_order: None,
        });
        networks.push(network);
    }
    (interfaces, networks)
}

struct BootOrders {
    disks: Vec<Option<u32>>,
    cdroms: Vec<Option<u32>>,
}

/// KubeVirt wants unique boot orders from 1; sources may skip numbers or repeat them.
/// Keeps the source's relative order (ties broken by device order, disks first).
fn renumber_boot_orders(vm: &VmSpec) -> BootOrders {
    let mut entries: Vec<(u32, usize, bool)> = Vec::new();
    for (i, d) in vm.disks.iter().enumerate() {
        if let Some(order) = d.boot_order {
            entries.push((order, i, false));
        }
    }
    for (i, c) in vm.cdroms.iter().enumerate() {
        if let Some(order) = c.boot_order {
            entries.push((order, i, true));
        }
    }
    entries.sort_by_key(|&(order, index, is_cdrom)| (order, is_cdrom, index));
    let mut orders = BootOrders {
        disks: vec![None; vm.disks.len()],
        cdroms: vec![None; vm.cdroms.len()],
    };
    for (rank, (_, index, is_cdrom)) in entries.into_iter().enumerate() {
        let slot = if is_cdrom {
            &mut orders.cdroms[index]
        } else {
            &mut orders.disks[index]
        };
        *slot = u32::try_from(rank + 1).ok();
    }
    orders
}

/// Lower-case hyphenated UUID, or `None` when the text is not 32 hex digits.
/// VMware writes `56 4d 9c 1a ...-...`; libvirt and others the usual form.
fn normalize_uuid(raw: &str) -> Option<String> {
    let hex: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '{' | '}'))
        .collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let h = hex.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

fn device_kind_words(kind: crate::model::DeviceKind) -> &'static str {
    use crate::model::DeviceKind::*;
    match kind {
        PciPassthrough => "PCI passthrough device",
        UsbPassthrough => "USB passthrough device",
        ScsiPassthrough => "SCSI passthrough device",
        Gpu => "GPU",
        UsbController => "USB controller",
        Serial => "serial port",
        Parallel => "parallel port",
        Floppy => "floppy drive",
        Sound => "sound card",
        SharedFolder => "shared folder",
        Other => "device",
    }
}

/// A Kubernetes quantity for a byte count: the largest binary unit that divides it exactly.
pub fn quantity(bytes: u64) -> String {
    const UNITS: [(&str, u32); 5] = [("Ei", 60), ("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20)];
    for (suffix, shift) in UNITS {
        let unit = 1u64 << shift;
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{}{suffix}", bytes / unit);
        }
    }
    if bytes >= 1024 && bytes.is_multiple_of(1024) {
        return format!("{}Ki", bytes / 1024);
    }
    bytes.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

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
            vm["spec"]["dataVolumeTemplates"][0]["spec"]["storage"]["resources"]["requests"]
                ["storage"],
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
}

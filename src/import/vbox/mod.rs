//! VirtualBox machine settings (`.vbox`, settings versions 1.12 to 1.20, VirtualBox 4.2 to 7.x).
//!
//! A `.vbox` file holds one `<Machine>`: its current state (the top-level `Hardware` and
//! `StorageControllers`), a media registry (`MediaRegistry`) that storage attachments point
//! into by UUID, and a tree of `Snapshot`s, each with its own copy of the hardware. Only the
//! current state is imported; snapshot copies are never merged into it, only their names are
//! reported.
//!
//! The file does not record disk sizes (they live in the image headers), so disks come out
//! with an unknown capacity and a warning, except VMDK descriptors small enough to read beside
//! the spec. Differencing images (snapshot deltas, nested `HardDisk` elements) are resolved to
//! the base image they sit on.

use super::{text, vmdk, xml, ImportError, SourceFile};
use crate::model::{
    normalize_mac, Arch, Cdrom, Device, DeviceKind, Disk, DiskBacking, DiskBus, DiskFormat,
    DiskMode, FirmwareKind, GuestOs, Nic, NicAttachment, NicModel, SourceFormat, Tpm, VmSpec,
};
use roxmltree::{Document, Node};
use std::collections::{HashMap, HashSet};

/// Whether the start of a file looks like VirtualBox settings: the first element is
/// `<VirtualBox`, after any XML declaration and comments.
pub fn looks_like(head: &str) -> bool {
    let mut rest = head.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            match after.find("?>") {
                Some(end) => rest = after[end + 2..].trim_start(),
                None => return false,
            }
        } else if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name_end = tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(tag.len());
    tag[..name_end].eq_ignore_ascii_case("VirtualBox")
}

/// Parses one `.vbox` file into its single VM.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    let text = xml::decode(file)?;
    let (doc, trailing_line) = parse_document(file, &text)?;
    let root = doc.root_element();
    if !root.tag_name().name().eq_ignore_ascii_case("VirtualBox") {
        return Err(ImportError::invalid(
            xml::location(file, root),
            format!(
                "the root element is <{}>, not <VirtualBox>",
                root.tag_name().name()
            ),
        ));
    }
    let Some(machine) = xml::child(root, "Machine") else {
        if xml::child(root, "Global").is_some() {
            return Err(ImportError::unsupported(
                xml::location(file, root),
                "this is VirtualBox's global settings file (VirtualBox.xml), not a machine; import the .vbox files its MachineEntry elements list",
            ));
        }
        return Err(ImportError::invalid(
            xml::location(file, root),
            "<VirtualBox> has no <Machine> element",
        ));
    };
    let mut vm = machine_to_vm(file, machine)?;
    if let Some(line) = trailing_line {
        vm.warn(format!(
            "the file has unexpected text after </VirtualBox> (line {line}); it was ignored. VirtualBox itself refuses such a file: check that the settings are complete"
        ));
    }
    Ok(vec![vm])
}

/// Parses the document, recovering from junk after the root element.
///
/// Files damaged after `</VirtualBox>` occur in the wild (an interrupted save, a stray paste).
/// The machine definition before that point is complete and well-formed, and a user who is
/// migrating away from VirtualBox is better served by the VM plus a warning than by a bare
/// syntax error about bytes that carry no settings. Recovery only happens when the text up to
/// the first `</VirtualBox>` is itself a well-formed document; any other error is reported
/// as it is, with its line and column.
fn parse_document<'a>(
    file: &SourceFile,
    text: &'a str,
) -> Result<(Document<'a>, Option<usize>), ImportError> {
    match xml::parse(file, text) {
        Ok(doc) => Ok((doc, None)),
        Err(err) => {
            let Some(end) = root_end(text) else {
                return Err(err);
            };
            let (head, tail) = text.split_at(end);
            let junk_at = tail.len() - tail.trim_start().len();
            if tail.trim().is_empty() {
                return Err(err);
            }
            match xml::parse(file, head) {
                Ok(doc) => {
                    let line = text::line_of_offset(text.as_bytes(), end.saturating_add(junk_at));
                    Ok((doc, Some(line)))
                }
                Err(_) => Err(err),
            }
        }
    }
}

/// Byte offset just past the first `</VirtualBox>` closing tag.
fn root_end(text: &str) -> Option<usize> {
    const CLOSE: &str = "</VirtualBox";
    let start = text.find(CLOSE)?;
    let after = start + CLOSE.len();
    let rest = &text[after..];
    let gt = rest.find('>')?;
    if !rest[..gt].trim().is_empty() {
        return None;
    }
    Some(after + gt + 1)
}

fn machine_to_vm(file: &SourceFile, machine: Node) -> Result<VmSpec, ImportError> {
    let name = xml::attr(machine, "name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            ImportError::invalid(
                xml::location(file, machine),
                "<Machine> has no name attribute",
            )
        })?;
    let Some(hardware) = xml::child(machine, "Hardware") else {
        return Err(ImportError::invalid(
            xml::location(file, machine),
            "<Machine> has no <Hardware> element",
        ));
    };
    let mut vm = VmSpec::new(file.source_ref(SourceFormat::VirtualBox, None), name);
    vm.uuid = xml::attr(machine, "uuid").map(strip_braces);
    vm.description = xml::child(machine, "Description")
        .and_then(|d| d.text())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    if let Some(os_type) = xml::attr(machine, "OSType") {
        vm.guest_os = guest_os(os_type);
    }

    // VirtualBox 7.1 (settings 1.20) moved the CPU, chipset and firmware type into a
    // `Platform` element; older versions keep them directly in `Hardware`.
    let platform = xml::child(hardware, "Platform").or_else(|| xml::child(machine, "Platform"));
    let places: Vec<Node> = [Some(hardware), platform].into_iter().flatten().collect();
    let find = |name: &str| places.iter().find_map(|p| xml::child(*p, name));

    if let Some(arch) = platform.and_then(|p| xml::attr(p, "architecture")) {
        if arch.eq_ignore_ascii_case("ARM") && vm.guest_os.arch != Arch::Aarch64 {
            vm.guest_os.arch = Arch::Aarch64;
        }
    }

    read_cpu(&mut vm, find("CPU"));
    read_memory(file, &mut vm, xml::child(hardware, "Memory"))?;
    vm.machine_type = find("Chipset")
        .and_then(|c| xml::attr(c, "type"))
        .map(|t| t.to_ascii_lowercase());
    read_firmware(&mut vm, hardware, find("Firmware"));
    read_tpm(&mut vm, find("TrustedPlatformModule"));

    let registry = MediaRegistry::read(machine);
    let mut attached_bases = HashSet::new();
    // Settings files before 1.17 keep the controllers beside `Hardware`, newer ones inside it.
    for controllers in [
        xml::child(hardware, "StorageControllers"),
        xml::child(machine, "StorageControllers"),
    ]
    .into_iter()
    .flatten()
    {
        for controller in xml::children(controllers, "StorageController") {
            read_controller(file, &mut vm, controller, &registry, &mut attached_bases);
        }
    }
    for legacy in ["HardDiskAttachments", "DVDDrive", "FloppyDrive"] {
        if xml::child(hardware, legacy).is_some() || xml::child(machine, legacy).is_some() {
            vm.warn(format!(
                "the file uses the pre-3.1 <{legacy}> element, which is not imported; open and save the VM in a current VirtualBox first"
            ));
        }
    }
    registry.warn_unattached(&mut vm, &attached_bases);
    read_boot_order(&mut vm, xml::child(hardware, "Boot"));

    if let Some(network) = xml::child(hardware, "Network") {
        for adapter in xml::children(network, "Adapter") {
            read_adapter(&mut vm, adapter);
        }
    }
    read_other_devices(&mut vm, hardware);
    read_extra_data(&mut vm, machine);
    read_snapshots(&mut vm, machine);
    if let Some(state) = xml::attr(machine, "stateFile") {
        vm.warn(format!(
            "the VM is in a saved state ({state}); the saved memory cannot be migrated: start it and shut the guest down cleanly, or discard the state, before copying its disks"
        ));
    }
    Ok(vm)
}

fn strip_braces(raw: &str) -> String {
    raw.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_string()
}

fn uuid_key(raw: &str) -> String {
    strip_braces(raw).to_ascii_lowercase()
}

fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn attr_bool(node: Node, name: &str) -> Option<bool> {
    xml::attr(node, name).and_then(parse_bool)
}

/// An attribute that is present but not a `u32`, with its raw text for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NotU32 {
    raw: String,
}

fn attr_u32(node: Node, name: &str) -> Option<Result<u32, NotU32>> {
    xml::attr(node, name).map(|raw| {
        raw.trim().parse::<u32>().map_err(|_| NotU32 {
            raw: raw.to_string(),
        })
    })
}

/// A VirtualBox `OSType` id: see [`crate::guest::from_vbox`].
fn guest_os(raw: &str) -> GuestOs {
    crate::guest::from_vbox(raw)
}

fn read_cpu(vm: &mut VmSpec, cpu: Option<Node>) {
    let Some(cpu) = cpu else {
        return;
    };
    // VirtualBox shows every vCPU as a core of one socket, which is what guests (and
    // per-socket licences) see; keep that topology.
    match attr_u32(cpu, "count") {
        Some(Ok(count)) if count > 0 => vm.cpu.cores = count,
        Some(Ok(_)) | Some(Err(_)) => {
            let raw = xml::attr(cpu, "count").unwrap_or_default();
            vm.warn(format!(
                "CPU count {raw:?} is not a positive number; 1 vCPU assumed"
            ));
        }
        None => {}
    }
    vm.cpu.hotplug = attr_bool(cpu, "hotplug").unwrap_or(false);
    let nested = xml::child(cpu, "NestedHWVirt")
        .or_else(|| xml::child(cpu, "x86").and_then(|x| xml::child(x, "NestedHWVirt")))
        .and_then(|n| attr_bool(n, "enabled"))
        .unwrap_or(false);
    if nested {
        vm.warn("nested virtualization (NestedHWVirt) is enabled; the target needs nested virtualization too");
    }
}

fn read_memory(
    file: &SourceFile,
    vm: &mut VmSpec,
    memory: Option<Node>,
) -> Result<(), ImportError> {
    let Some(memory) = memory else {
        vm.warn("the file gives no memory size (Hardware/Memory)");
        return Ok(());
    };
    let mib = attr_u32(memory, "RAMSize");
    match mib {
        Some(Ok(mib)) => vm.memory.bytes = u64::from(mib).saturating_mul(1 << 20),
        // A present but unreadable size (negative, past 32 bits, text) means a corrupt file:
        // refused like every other importer does, not replaced by a placeholder.
        Some(Err(NotU32 { raw })) if super::units::is_integer_text(&raw) => {
            return Err(ImportError::invalid(
                xml::location(file, memory),
                format!(
                    "memory size RAMSize={:?} is out of range (a whole number of MiB, 0 to {})",
                    text::quote(&raw),
                    u32::MAX
                ),
            ))
        }
        Some(Err(NotU32 { raw })) => {
            vm.warn(format!("memory size RAMSize={raw:?} is not a number"))
        }
        None => vm.warn("the file gives no memory size (Memory@RAMSize)"),
    }
    Ok(())
}

fn read_firmware(vm: &mut VmSpec, hardware: Node, firmware: Option<Node>) {
    let kind = firmware.and_then(|f| xml::attr(f, "type")).map(str::trim);
    match kind.map(|k| k.to_ascii_uppercase()) {
        None => {}
        Some(k) if k == "BIOS" => {}
        Some(k) if k == "EFI" || k == "EFI64" || k == "EFIDUAL" => {
            vm.firmware.kind = FirmwareKind::Uefi
        }
        Some(k) if k == "EFI32" => {
            vm.firmware.kind = FirmwareKind::Uefi;
            vm.warn("the firmware is 32-bit UEFI (EFI32); the target offers 64-bit UEFI only");
        }
        Some(_) => vm.warn(format!(
            "unknown firmware type {:?}; BIOS assumed",
            kind.unwrap_or_default()
        )),
    }
    // The NVRAM element sits in Hardware (7.0) or in the firmware settings element
    // (`BIOS` before 1.20, `Firmware` since).
    let nvram = [Some(hardware), firmware, xml::child(hardware, "BIOS")]
        .into_iter()
        .flatten()
        .find_map(|p| xml::child(p, "NVRAM"));
    let secure_boot = [nvram, firmware]
        .into_iter()
        .flatten()
        .flat_map(|n| n.descendants())
        .filter(|n| n.is_element())
        .find_map(|n| {
            if n.tag_name().name().eq_ignore_ascii_case("SecureBoot") {
                attr_bool(n, "enabled")
            } else {
                attr_bool(n, "secureBoot").or_else(|| attr_bool(n, "secureBootEnabled"))
            }
        });
    match secure_boot {
        Some(on) => vm.firmware.secure_boot = on && vm.firmware.kind == FirmwareKind::Uefi,
        None if vm.firmware.kind == FirmwareKind::Uefi => {
            let store = nvram
                .and_then(|n| xml::attr(n, "path"))
                .filter(|p| !p.trim().is_empty());
            let place = match store {
                Some(path) => format!("in the NVRAM file {path}"),
                None => "in the VM's NVRAM file".to_string(),
            };
            vm.warn(format!(
                "the .vbox file does not say whether secure boot is on (VirtualBox keeps it {place}); check `VBoxManage showvminfo` and enable secure boot on the target if it was on"
            ));
        }
        None => {}
    }
}

fn read_tpm(vm: &mut VmSpec, tpm: Option<Node>) {
    let Some(kind) = tpm.and_then(|t| xml::attr(t, "type")) else {
        return;
    };
    vm.tpm = match kind.trim().to_ascii_lowercase().as_str() {
        "none" | "" => None,
        "v1_2" => Some(Tpm {
            version: Some("1.2".into()),
            passthrough: false,
        }),
        "v2_0" => Some(Tpm {
            version: Some("2.0".into()),
            passthrough: false,
        }),
        "host" => Some(Tpm {
            version: None,
            passthrough: true,
        }),
        "swtpm" => Some(Tpm {
            version: None,
            passthrough: false,
        }),
        _ => {
            vm.warn(format!("unknown TPM type {kind:?}; no TPM imported"));
            None
        }
    };
}

/// Longest attribute text copied into the model or a message. Real paths and names are far
/// shorter (PATH_MAX is 4096); the cap keeps a hostile file whose one huge location is
/// attached many times from multiplying its size in memory.
const MAX_TEXT: usize = 4096;

/// Most storage attachments imported per VM; VirtualBox allows a few hundred at most.
const MAX_ATTACHMENTS: usize = 1024;

/// `raw`, cut at [`MAX_TEXT`] bytes (on a character boundary) with a visible ellipsis.
fn clip(raw: &str) -> String {
    if raw.len() <= MAX_TEXT {
        return raw.to_string();
    }
    let mut end = MAX_TEXT;
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &raw[..end])
}

/// One hard disk of the machine's media registry, borrowed from the document.
#[derive(Clone, Copy)]
struct Medium<'a, 'i> {
    node: Node<'a, 'i>,
    /// The base image of its differencing chain (itself for a base image).
    base: Node<'a, 'i>,
    /// Number of differencing images above the base (0 for a base image).
    depth: usize,
}

struct MediaRegistry<'a, 'i> {
    disks: HashMap<String, Medium<'a, 'i>>,
    /// Base disks in file order, for the "registered but not attached" report.
    bases: Vec<Node<'a, 'i>>,
    dvds: HashMap<String, &'a str>,
    floppies: HashMap<String, &'a str>,
}

impl<'a, 'i> MediaRegistry<'a, 'i> {
    fn read(machine: Node<'a, 'i>) -> Self {
        let mut reg = MediaRegistry {
            disks: HashMap::new(),
            bases: Vec::new(),
            dvds: HashMap::new(),
            floppies: HashMap::new(),
        };
        let Some(registry) = xml::child(machine, "MediaRegistry") else {
            return reg;
        };
        if let Some(disks) = xml::child(registry, "HardDisks") {
            let mut chains: HashMap<roxmltree::NodeId, (Node<'a, 'i>, usize)> = HashMap::new();
            for node in disks
                .descendants()
                .filter(|n| n.is_element() && n.tag_name().name().eq_ignore_ascii_case("HardDisk"))
            {
                // Pre-order visits a parent before its children, so the parent's base and
                // depth are known; walking ancestors instead would be quadratic on a
                // hostile, deeply nested chain.
                let parent = node.parent().and_then(|p| chains.get(&p.id()).copied());
                let (base, depth) = match parent {
                    Some((base, depth)) => (base, depth.saturating_add(1)),
                    None => (node, 0),
                };
                chains.insert(node.id(), (base, depth));
                if depth == 0 {
                    reg.bases.push(node);
                }
                if let Some(uuid) = xml::attr(node, "uuid") {
                    reg.disks
                        .insert(uuid_key(uuid), Medium { node, base, depth });
                }
            }
        }
        for (section, map) in [
            ("DVDImages", &mut reg.dvds),
            ("FloppyImages", &mut reg.floppies),
        ] {
            if let Some(images) = xml::child(registry, section) {
                for image in xml::children(images, "Image") {
                    if let (Some(uuid), Some(location)) =
                        (xml::attr(image, "uuid"), xml::attr(image, "location"))
                    {
                        map.insert(uuid_key(uuid), location);
                    }
                }
            }
        }
        reg
    }

    fn warn_unattached(&self, vm: &mut VmSpec, attached_bases: &HashSet<roxmltree::NodeId>) {
        for base in &self.bases {
            if attached_bases.contains(&base.id()) {
                continue;
            }
            let location = xml::attr(*base, "location")
                .or_else(|| xml::attr(*base, "uuid"))
                .unwrap_or("(unnamed)");
            vm.warn(format!(
                "hard disk {} is in the media registry but not attached to the current state; it is not imported",
                clip(location)
            ));
        }
    }
}

fn disk_format(raw: &str) -> DiskFormat {
    match raw.trim().to_ascii_lowercase().as_str() {
        "vdi" => DiskFormat::Vdi,
        "vmdk" => DiskFormat::Vmdk,
        "vhd" => DiskFormat::Vhd,
        "vhdx" => DiskFormat::Vhdx,
        "raw" => DiskFormat::Raw,
        "qcow" | "qcow2" => DiskFormat::Qcow2,
        other => DiskFormat::Other(other.to_string()),
    }
}

/// Bus and controller model for a `StorageController@type`.
fn controller_bus(kind: &str) -> Option<(DiskBus, &'static str)> {
    Some(match kind.trim().to_ascii_lowercase().as_str() {
        "piix3" => (DiskBus::Ide, "piix3"),
        "piix4" => (DiskBus::Ide, "piix4"),
        "ich6" => (DiskBus::Ide, "ich6"),
        "ahci" => (DiskBus::Sata, "ahci"),
        "lsilogic" => (DiskBus::Scsi, "lsilogic"),
        "buslogic" => (DiskBus::Scsi, "buslogic"),
        "lsilogicsas" => (DiskBus::Scsi, "lsilogicsas"),
        "nvme" => (DiskBus::Nvme, "nvme"),
        "virtioscsi" => (DiskBus::Scsi, "virtio-scsi"),
        "usb" => (DiskBus::Usb, "usb"),
        "i82078" => (DiskBus::Other("fdc".into()), "i82078"),
        _ => return None,
    })
}

fn read_controller(
    file: &SourceFile,
    vm: &mut VmSpec,
    controller: Node,
    registry: &MediaRegistry,
    attached_bases: &mut HashSet<roxmltree::NodeId>,
) {
    let name = clip(xml::attr(controller, "name").unwrap_or("controller"));
    let kind = clip(xml::attr(controller, "type").unwrap_or(""));
    let (bus, model) = match controller_bus(&kind) {
        Some((bus, model)) => (bus, Some(model.to_string())),
        None => {
            vm.warn(format!(
                "storage controller {name:?} has unknown type {kind:?}; its devices are imported on an unknown bus"
            ));
            (
                DiskBus::Other(kind.to_ascii_lowercase()),
                (!kind.is_empty()).then(|| kind.to_ascii_lowercase()),
            )
        }
    };
    for device in xml::children(controller, "AttachedDevice") {
        let port = clip(xml::attr(device, "port").unwrap_or("0").trim());
        let unit = clip(xml::attr(device, "device").unwrap_or("0").trim());
        let id = format!("{name}:{port}:{unit}");
        let attached = vm
            .disks
            .len()
            .saturating_add(vm.cdroms.len())
            .saturating_add(vm.devices.len());
        if attached >= MAX_ATTACHMENTS {
            vm.warn(format!(
                "more than {MAX_ATTACHMENTS} storage attachments; {id} and the rest of controller {name:?} are not imported"
            ));
            return;
        }
        let image_uuid = xml::child(device, "Image")
            .and_then(|i| xml::attr(i, "uuid"))
            .map(|u| clip(&uuid_key(u)));
        let host_drive = xml::child(device, "HostDrive")
            .and_then(|h| xml::attr(h, "src"))
            .map(clip);
        let dev_type = clip(xml::attr(device, "type").unwrap_or(""));
        match dev_type.to_ascii_lowercase().as_str() {
            "harddisk" => {
                let Some(uuid) = image_uuid else {
                    vm.warn(format!(
                        "hard disk attachment {id} names no image; it is not imported"
                    ));
                    continue;
                };
                let medium = registry.disks.get(&uuid).copied();
                let disk = hard_disk(file, vm, &id, &bus, model.clone(), &uuid, medium);
                if let Some(medium) = medium {
                    attached_bases.insert(medium.base.id());
                }
                vm.disks.push(disk);
            }
            "dvd" => {
                let image = match (&image_uuid, host_drive) {
                    (Some(uuid), _) => match registry.dvds.get(uuid) {
                        Some(location) => {
                            let location = clip(location);
                            if location.to_ascii_lowercase().ends_with(".viso") {
                                vm.warn(format!(
                                    "CD-ROM {id} holds {location}, a VirtualBox ISO-maker description rather than an ISO image; attach the real ISO on the target"
                                ));
                            }
                            Some(location)
                        }
                        None => {
                            vm.warn(format!(
                                "CD-ROM {id} holds image {{{uuid}}}, which is not in this file's media registry (it is registered globally, e.g. the Guest Additions ISO); the drive is imported empty"
                            ));
                            None
                        }
                    },
                    (None, Some(src)) => {
                        vm.warn(format!(
                            "CD-ROM {id} uses the host drive {src}; it is imported as an empty drive"
                        ));
                        None
                    }
                    (None, None) => None,
                };
                vm.cdroms.push(Cdrom {
                    id,
                    bus: bus.clone(),
                    image,
                    boot_order: None,
                });
            }
            "floppy" => {
                let what = match (&image_uuid, host_drive) {
                    (Some(uuid), _) => registry
                        .floppies
                        .get(uuid)
                        .map(|l| clip(l))
                        .unwrap_or_else(|| format!("image {{{uuid}}}")),
                    (None, Some(src)) => format!("host drive {src}"),
                    (None, None) => "empty".to_string(),
                };
                vm.devices.push(Device {
                    kind: DeviceKind::Floppy,
                    description: format!("floppy {id} ({what})"),
                });
            }
            _ => vm.warn(format!(
                "device {id} has unknown attachment type {dev_type:?}; it is not imported"
            )),
        }
    }
}

fn hard_disk(
    file: &SourceFile,
    vm: &mut VmSpec,
    id: &str,
    bus: &DiskBus,
    controller: Option<String>,
    uuid: &str,
    medium: Option<Medium>,
) -> Disk {
    let mut disk = Disk::new(id, bus.clone());
    disk.controller = controller;
    let Some(medium) = medium else {
        vm.warn(format!(
            "disk {id} uses image {{{uuid}}}, which is not in this file's media registry (it may be registered in VirtualBox.xml); its path and size are unknown"
        ));
        return disk;
    };
    let location = xml::attr(medium.base, "location")
        .or_else(|| xml::attr(medium.node, "location"))
        .map(clip);
    let format = xml::attr(medium.base, "format").or_else(|| xml::attr(medium.node, "format"));
    disk.format = format.map(disk_format);
    disk.source_path = location.clone();
    // iSCSI media name their target in `Property` children and have no file to copy.
    let network = format.is_some_and(|f| f.trim().eq_ignore_ascii_case("iSCSI"));
    if network {
        disk.backing = DiskBacking::Network;
    }
    if medium.depth > 0 {
        let current = xml::attr(medium.node, "location").map(clip);
        vm.warn(format!(
            "disk {id} is a differencing image ({}) on top of {}; its current contents span {} images: merge them first (`VBoxManage clonemedium disk {{{uuid}}} merged.vdi`)",
            current.as_deref().unwrap_or(uuid),
            location.as_deref().unwrap_or("its base image"),
            medium.depth.saturating_add(1)
        ));
    }
    match xml::attr(medium.base, "type")
        .map(|t| t.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("shareable") => disk.shared = true,
        Some("readonly") => disk.read_only = true,
        Some("immutable") => disk.mode = DiskMode::IndependentNonpersistent,
        Some("writethrough") => disk.mode = DiskMode::IndependentPersistent,
        Some("multiattach") => vm.warn(format!(
            "disk {id} is a multi-attach image shared by several VMs through differencing images"
        )),
        _ => {}
    }
    if matches!(disk.format, Some(DiskFormat::Vmdk)) {
        disk.capacity_bytes = location
            .as_deref()
            .and_then(|l| file.sidecar(l))
            .and_then(|bytes| vmdk::descriptor_capacity(&bytes));
    }
    if disk.capacity_bytes.is_none() && !network {
        let shown = location.as_deref().unwrap_or(uuid);
        vm.warn_about(crate::model::WarningKind::DiskSizeUnrecorded, format!(
            "disk {id} ({shown}): the .vbox file does not record disk sizes; read it with `VBoxManage showmediuminfo disk \"{shown}\"`"
        ));
    }
    disk
}

/// Applies `Boot/Order`: VirtualBox orders device classes, not devices, so every device of
/// a class gets consecutive positions in attachment order.
fn read_boot_order(vm: &mut VmSpec, boot: Option<Node>) {
    let mut orders: Vec<(u32, String)> = match boot {
        Some(boot) => xml::children(boot, "Order")
            .filter_map(|o| {
                let position = xml::attr(o, "position")?.trim().parse::<u32>().ok()?;
                Some((
                    position,
                    xml::attr(o, "device")?.trim().to_ascii_lowercase(),
                ))
            })
            .collect(),
        // VirtualBox leaves `Boot` out when the order is its default.
        None => vec![
            (1, "floppy".into()),
            (2, "dvd".into()),
            (3, "harddisk".into()),
        ],
    };
    orders.sort_by_key(|(position, _)| *position);
    let mut next: u32 = 1;
    let mut seen = HashSet::new();
    for (position, device) in orders {
        if !seen.insert(device.clone()) {
            continue;
        }
        match device.as_str() {
            "harddisk" => {
                for disk in &mut vm.disks {
                    disk.boot_order = Some(next);
                    next = next.saturating_add(1);
                }
            }
            "dvd" => {
                // An empty drive cannot boot; giving it a position would only confuse.
                for cdrom in vm.cdroms.iter_mut().filter(|c| c.image.is_some()) {
                    cdrom.boot_order = Some(next);
                    next = next.saturating_add(1);
                }
            }
            "network" => vm.warn(format!(
                "the boot order includes network (PXE) boot at position {position}; set up network boot on the target if it is needed"
            )),
            // Floppy is in VirtualBox's default order; `None` marks unused positions.
            _ => {}
        }
    }
}

fn nic_model(kind: &str) -> NicModel {
    match kind.trim() {
        "Am79C970A" | "Am79C973" | "Am79C960" => NicModel::Pcnet,
        "82540EM" | "82543GC" | "82545EM" => NicModel::E1000,
        k if k.eq_ignore_ascii_case("virtio") => NicModel::Virtio,
        other => NicModel::Other(other.to_string()),
    }
}

fn read_adapter(vm: &mut VmSpec, adapter: Node) {
    // VirtualBox lists every slot (8 with ICH9), most of them disabled: those are not
    // part of the VM at all.
    if !attr_bool(adapter, "enabled").unwrap_or(false) {
        return;
    }
    let slot = xml::attr(adapter, "slot").unwrap_or("").trim();
    // `--nic1` in VBoxManage and "Adapter 1" in the GUI are slot 0.
    let id = match slot.parse::<u32>() {
        Ok(n) => format!("nic{}", n.saturating_add(1)),
        Err(_) => format!("adapter{slot}"),
    };
    let mut nic = Nic::new(id.clone());
    nic.model = Some(nic_model(xml::attr(adapter, "type").unwrap_or("Am79C973")));
    if let Some(raw) = xml::attr(adapter, "MACAddress") {
        match normalize_mac(raw) {
            Some(mac) => nic.mac = Some(mac),
            None => vm.warn(format!(
                "{id} has an invalid MAC address {raw:?}; a new one will be assigned"
            )),
        }
    }
    nic.connected = attr_bool(adapter, "cable")
        .or_else(|| attr_bool(adapter, "cableConnected"))
        .unwrap_or(true);
    let mode = adapter
        .children()
        .find(|c| c.is_element() && !c.tag_name().name().eq_ignore_ascii_case("DisabledModes"));
    let name_of = |n: Node| {
        xml::attr(n, "name")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    match mode {
        None => {
            nic.attachment = NicAttachment::Other;
            nic.connected = false;
            vm.warn(format!(
                "{id} is enabled but not attached to any network; it is imported disconnected"
            ));
        }
        Some(m) => match m.tag_name().name() {
            "NAT" => {
                nic.attachment = NicAttachment::Nat;
                let rules: Vec<String> = xml::children(m, "Forwarding")
                    .map(|f| {
                        format!(
                            "{} {}->{}",
                            xml::attr(f, "name").unwrap_or("?"),
                            xml::attr(f, "hostport").unwrap_or("?"),
                            xml::attr(f, "guestport").unwrap_or("?")
                        )
                    })
                    .collect();
                if !rules.is_empty() {
                    vm.warn(format!(
                        "{id} has NAT port forwarding rules ({}); recreate them with a Service on the target",
                        rules.join(", ")
                    ));
                }
            }
            "NATNetwork" => {
                nic.attachment = NicAttachment::Nat;
                nic.network = name_of(m);
            }
            "BridgedInterface" | "HostInterface" => {
                nic.attachment = NicAttachment::Bridged;
                nic.network = name_of(m);
            }
            "InternalNetwork" => {
                nic.attachment = NicAttachment::Internal;
                nic.network = name_of(m).or_else(|| Some("intnet".into()));
            }
            "HostOnlyInterface" | "HostOnlyNetwork" => {
                nic.attachment = NicAttachment::HostOnly;
                nic.network = name_of(m);
            }
            other => {
                nic.attachment = NicAttachment::Other;
                let detail = xml::attr(m, "driver")
                    .or_else(|| xml::attr(m, "name"))
                    .unwrap_or("");
                nic.network = (!detail.is_empty()).then(|| detail.to_string());
                vm.warn(format!(
                    "{id} uses VirtualBox {other} networking {detail}, which has no direct equivalent"
                ));
            }
        },
    }
    vm.nics.push(nic);
}

fn read_other_devices(vm: &mut VmSpec, hardware: Node) {
    for (section, kind, label) in [
        ("UART", DeviceKind::Serial, "serial port"),
        ("LPT", DeviceKind::Parallel, "parallel port"),
    ] {
        let Some(ports) = xml::child(hardware, section) else {
            continue;
        };
        for port in xml::children(ports, "Port") {
            if !attr_bool(port, "enabled").unwrap_or(false) {
                continue;
            }
            let slot = xml::attr(port, "slot").unwrap_or("?");
            let mut description = format!("{label} {section}{slot}");
            if let Some(mode) = xml::attr(port, "hostMode") {
                description.push_str(&format!(" ({mode}"));
                if let Some(path) = xml::attr(port, "path") {
                    description.push_str(&format!(" {path}"));
                }
                description.push(')');
            }
            vm.devices.push(Device { kind, description });
        }
    }
    if let Some(audio) = xml::child(hardware, "AudioAdapter") {
        if attr_bool(audio, "enabled").unwrap_or(false) {
            let model = xml::attr(audio, "controller").unwrap_or("AC97");
            vm.devices.push(Device {
                kind: DeviceKind::Sound,
                description: format!("audio adapter {model}"),
            });
        }
    }
    if let Some(folders) = xml::child(hardware, "SharedFolders") {
        for folder in xml::children(folders, "SharedFolder") {
            vm.devices.push(Device {
                kind: DeviceKind::SharedFolder,
                description: format!(
                    "shared folder {} -> host {}",
                    xml::attr(folder, "name").unwrap_or("?"),
                    xml::attr(folder, "hostPath").unwrap_or("?")
                ),
            });
        }
    }
    if let Some(usb) = xml::child(hardware, "USB") {
        if let Some(controllers) = xml::child(usb, "Controllers") {
            for c in xml::children(controllers, "Controller") {
                vm.devices.push(Device {
                    kind: DeviceKind::UsbController,
                    description: format!(
                        "USB controller {} ({})",
                        xml::attr(c, "name").unwrap_or("?"),
                        xml::attr(c, "type").unwrap_or("?")
                    ),
                });
            }
        }
        if let Some(filters) = xml::child(usb, "DeviceFilters") {
            for f in xml::children(filters, "DeviceFilter") {
                if attr_bool(f, "active").unwrap_or(false) {
                    vm.devices.push(Device {
                        kind: DeviceKind::UsbPassthrough,
                        description: format!(
                            "USB device filter {:?} ({}:{})",
                            xml::attr(f, "name").unwrap_or(""),
                            xml::attr(f, "vendorId").unwrap_or("*"),
                            xml::attr(f, "productId").unwrap_or("*")
                        ),
                    });
                }
            }
        }
    }
    // Settings before VirtualBox 4.2 describe USB with a single legacy element.
    if let Some(c) = xml::child(hardware, "USBController") {
        if attr_bool(c, "enabled").unwrap_or(false) {
            vm.devices.push(Device {
                kind: DeviceKind::UsbController,
                description: "USB controller (legacy USBController element)".into(),
            });
        }
    }
    if let Some(devices) = xml::child(hardware, "HostPci").and_then(|h| xml::child(h, "Devices")) {
        for d in xml::children(devices, "Device") {
            vm.devices.push(Device {
                kind: DeviceKind::PciPassthrough,
                description: format!(
                    "host PCI device {} (host address {}, guest address {})",
                    xml::attr(d, "name").unwrap_or("?"),
                    xml::attr(d, "host").unwrap_or("?"),
                    xml::attr(d, "guest").unwrap_or("?")
                ),
            });
        }
    }
    if let Some(emulated) = xml::child(hardware, "EmulatedUSB") {
        for (element, label) in [("CardReader", "USB card reader"), ("Webcam", "USB webcam")] {
            if xml::child(emulated, element)
                .and_then(|e| attr_bool(e, "enabled"))
                .unwrap_or(false)
            {
                vm.devices.push(Device {
                    kind: DeviceKind::UsbPassthrough,
                    description: format!("emulated {label}"),
                });
            }
        }
    }
}

fn read_extra_data(vm: &mut VmSpec, machine: Node) {
    let Some(extra) = xml::child(machine, "ExtraData") else {
        return;
    };
    // `VBoxInternal/...` keys reconfigure emulated devices directly (DMI strings, SMC keys
    // for macOS guests, CPUID overrides); the target cannot take them over.
    let internal: Vec<&str> = xml::children(extra, "ExtraDataItem")
        .filter_map(|i| xml::attr(i, "name"))
        .filter(|n| n.starts_with("VBoxInternal"))
        .collect();
    if let Some(first) = internal.first() {
        vm.warn(format!(
            "{} low-level VBoxInternal setting(s) in ExtraData (e.g. {first}) are not carried over",
            internal.len()
        ));
    }
}

fn read_snapshots(vm: &mut VmSpec, machine: Node) {
    let current = xml::attr(machine, "currentSnapshot").map(uuid_key);
    let mut current_name = None;
    // Explicit stack instead of recursion: snapshot trees can be deep.
    let mut stack: Vec<Node> = xml::children(machine, "Snapshot").collect();
    stack.reverse();
    while let Some(snapshot) = stack.pop() {
        let name = xml::attr(snapshot, "name")
            .unwrap_or("(unnamed)")
            .to_string();
        if current.is_some() && xml::attr(snapshot, "uuid").map(uuid_key) == current {
            current_name = Some(name.clone());
        }
        vm.snapshots.push(name);
        if let Some(children) = xml::child(snapshot, "Snapshots") {
            let mut kids: Vec<Node> = xml::children(children, "Snapshot").collect();
            kids.reverse();
            stack.extend(kids);
        }
    }
    if let Some(name) = current_name {
        vm.warn_about(
            crate::model::WarningKind::Snapshots,
            format!(
            "the VM has {} snapshot(s); its current state, based on snapshot {name:?}, is what is imported",
            vm.snapshots.len()
        ),
        );
    }
}

#[cfg(test)]
mod tests;

//! `<devices>`: disks and their sources, CD-ROMs, NICs, TPMs, host devices, serial-like
//! devices and filesystems.

use super::*;

pub(super) struct Devices<'f> {
    pub(super) file: &'f SourceFile,
    /// SCSI controller models by controller index.
    pub(super) scsi_models: HashMap<u32, String>,
    pub(super) disk_ids: HashSet<String>,
    pub(super) nic_ids: HashSet<String>,
    pub(super) serial_count: usize,
    pub(super) nic_count: usize,
    pub(super) disk_count: usize,
}

impl<'f> Devices<'f> {
    pub(super) fn new(file: &'f SourceFile, devices: Node) -> Self {
        let mut scsi_models = HashMap::new();
        for controller in xml::children(devices, "controller") {
            if xml::attr(controller, "type") != Some("scsi") {
                continue;
            }
            let index = xml::attr(controller, "index")
                .and_then(parse_u32)
                .unwrap_or(0);
            if let Some(model) = xml::attr(controller, "model") {
                scsi_models.insert(index, model.trim().to_string());
            }
        }
        Devices {
            file,
            scsi_models,
            disk_ids: HashSet::new(),
            nic_ids: HashSet::new(),
            serial_count: xml::children(devices, "serial").count(),
            nic_count: 0,
            disk_count: 0,
        }
    }

    pub(super) fn convert(&mut self, devices: Node, vm: &mut VmSpec) -> Result<(), ImportError> {
        let mut tpms = 0usize;
        for device in devices.children().filter(|c| c.is_element()) {
            match device.tag_name().name() {
                "disk" => self.disk(device, vm)?,
                "interface" => self.interface(device, vm),
                "tpm" => {
                    tpms += 1;
                    tpm(device, tpms, vm);
                }
                "hostdev" => hostdev(device, vm),
                "serial" => serial_like(device, DeviceKind::Serial, "serial port", vm),
                "parallel" => serial_like(device, DeviceKind::Parallel, "parallel port", vm),
                "console" => {
                    // A console of target type serial (or untyped, beside serial ports) is
                    // the first serial port seen again.
                    let target = xml::child(device, "target").and_then(|t| xml::attr(t, "type"));
                    let duplicate = match target {
                        Some("serial") => true,
                        None => self.serial_count > 0,
                        Some(_) => false,
                    };
                    if !duplicate {
                        serial_like(device, DeviceKind::Serial, "console", vm);
                    }
                }
                "sound" => {
                    let model = xml::attr(device, "model").unwrap_or("default");
                    vm.devices.push(Device {
                        kind: DeviceKind::Sound,
                        description: format!("sound card ({model})"),
                    });
                }
                "redirdev" => {
                    let kind = xml::attr(device, "type").unwrap_or("unknown");
                    vm.devices.push(Device {
                        kind: DeviceKind::UsbPassthrough,
                        description: format!("USB redirection over {kind} (redirdev)"),
                    });
                }
                "smartcard" => {
                    let mode = xml::attr(device, "mode").unwrap_or("unknown");
                    vm.devices.push(Device {
                        kind: DeviceKind::Other,
                        description: format!("smartcard reader ({mode} mode)"),
                    });
                }
                "filesystem" => filesystem(device, vm),
                "shmem" => {
                    let name = xml::attr(device, "name").unwrap_or("unnamed");
                    vm.devices.push(Device {
                        kind: DeviceKind::Other,
                        description: format!("shared memory region {name} (shmem)"),
                    });
                }
                "memory" => {
                    let model = xml::attr(device, "model").unwrap_or("dimm");
                    let size = xml::child(device, "target")
                        .and_then(|t| xml::child(t, "size"))
                        .and_then(|s| scaled_bytes(self.file, s, "KiB").ok());
                    let size = size.map(|b| format!(" of {}", mib(b))).unwrap_or_default();
                    vm.warn(format!(
                        "a {model} memory device{size} is not carried (it is part of the memory hotplug setup)"
                    ));
                }
                "input" => {
                    let kind = xml::attr(device, "type").unwrap_or("");
                    if matches!(kind, "passthrough" | "evdev") {
                        let path = xml::child(device, "source")
                            .and_then(|s| xml::attr(s, "evdev").or_else(|| xml::attr(s, "dev")))
                            .unwrap_or("a host device");
                        vm.devices.push(Device {
                            kind: DeviceKind::Other,
                            description: format!("host input device {path} ({kind})"),
                        });
                    }
                }
                "crypto" => vm.devices.push(Device {
                    kind: DeviceKind::Other,
                    description: "host crypto device (crypto)".to_string(),
                }),
                // Recreated by KubeVirt or irrelevant once the VM moves.
                "controller" | "emulator" | "channel" | "watchdog" | "rng" | "memballoon"
                | "video" | "graphics" | "audio" | "hub" | "panic" | "iommu" | "vsock"
                | "lease" | "nvram" | "pstore" | "redirfilter" => {}
                other => vm.warn(format!(
                    "the device <{other}> is not recognised and is not carried"
                )),
            }
        }
        Ok(())
    }

    pub(super) fn unique(ids: &mut HashSet<String>, wanted: String, vm: &mut VmSpec) -> String {
        if ids.insert(wanted.clone()) {
            return wanted;
        }
        let mut n: u32 = 2;
        loop {
            let candidate = format!("{wanted}-{n}");
            if ids.insert(candidate.clone()) {
                vm.warn(format!(
                    "two devices use the id '{wanted}'; the second is called '{candidate}'"
                ));
                return candidate;
            }
            n = n.saturating_add(1);
        }
    }

    pub(super) fn disk(&mut self, disk: Node, vm: &mut VmSpec) -> Result<(), ImportError> {
        let index = self.disk_count;
        self.disk_count += 1;
        let kind = xml::attr(disk, "type").map(str::trim).unwrap_or("file");
        let device = xml::attr(disk, "device").map(str::trim).unwrap_or("disk");
        let target = xml::child(disk, "target");
        let dev = target
            .and_then(|t| xml::attr(t, "dev"))
            .map(str::trim)
            .filter(|d| !d.is_empty());
        let id = Self::unique(
            &mut self.disk_ids,
            dev.map_or_else(|| format!("disk{index}"), str::to_string),
            vm,
        );
        let bus = disk_bus(target.and_then(|t| xml::attr(t, "bus")), dev);
        let source = xml::child(disk, "source");
        let path = source.and_then(|s| source_path(kind, s));
        let boot_order = self.boot_order(disk, &id, vm);

        match device {
            "cdrom" => {
                vm.cdroms.push(Cdrom {
                    id,
                    bus,
                    image: path,
                    boot_order,
                });
                return Ok(());
            }
            "floppy" => {
                let what = path.as_deref().unwrap_or("empty");
                vm.devices.push(Device {
                    kind: DeviceKind::Floppy,
                    description: format!("floppy {id} ({what})"),
                });
                vm.warn(format!(
                    "floppy {id} ({what}) is not carried: KubeVirt has no floppy drives; copy what the guest needs onto a disk"
                ));
                return Ok(());
            }
            "disk" | "lun" => {}
            other => {
                vm.warn(format!(
                    "disk {id} has an unknown device kind '{other}' and is not carried"
                ));
                return Ok(());
            }
        }

        let backing = match (device, kind) {
            ("lun", _) => DiskBacking::Passthrough,
            (_, "file" | "volume" | "dir") => DiskBacking::File,
            (_, "block") => DiskBacking::Block,
            (_, "network") => DiskBacking::Network,
            (_, "nvme") => DiskBacking::Passthrough,
            (_, other) => {
                vm.warn(format!(
                    "disk {id} is backed by '{other}' ({}), which has no image to copy; it is not carried",
                    path.as_deref().unwrap_or("no source")
                ));
                return Ok(());
            }
        };
        let mut d = Disk::new(id.clone(), bus);
        d.backing = backing;
        d.boot_order = boot_order;
        d.read_only = xml::child(disk, "readonly").is_some();
        d.shared = xml::child(disk, "shareable").is_some();
        if xml::child(disk, "transient").is_some() {
            d.mode = DiskMode::IndependentNonpersistent;
        }
        let driver_type = xml::child(disk, "driver")
            .and_then(|drv| xml::attr(drv, "type"))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        d.format = match driver_type {
            Some(t) => Some(disk_format(t)),
            None => path.as_deref().and_then(format_from_extension),
        };
        if d.bus == DiskBus::Scsi {
            let controller = xml::child(disk, "address")
                .filter(|a| xml::attr(*a, "type") == Some("drive"))
                .and_then(|a| xml::attr(a, "controller"))
                .and_then(parse_u32)
                .unwrap_or(0);
            d.controller = self.scsi_models.get(&controller).cloned();
        }
        if let Some(source) = source {
            d.storage = storage_of(kind, source, path.as_deref());
        }
        d.source_path = path;

        let hint = match (device, kind) {
            ("lun", _) | (_, "block") => "blockdev --getsize64 on the host device",
            (_, "volume") => "virsh vol-info on the volume",
            (_, "network") => "qemu-img info or the storage's own tools",
            (_, "dir") => "du on the folder; it is exposed to the guest as a FAT image",
            _ => "qemu-img info on the image",
        };
        vm.warn_about(
            crate::model::WarningKind::DiskSizeUnrecorded,
            format!(
            "disk {id}: libvirt XML does not record disk sizes; read it with {hint} and supply it"
        ),
        );
        if kind == "dir" {
            vm.warn(format!(
                "disk {id} is a host folder shown to the guest as a virtual FAT disk; copy its files into a real disk image"
            ));
        }
        if let Some(chain) = backing_chain(disk) {
            vm.warn(format!(
                "disk {id} has a backing chain ({chain}); flatten it (qemu-img convert) before the import"
            ));
        }
        if xml::child(disk, "mirror").is_some() {
            vm.warn(format!(
                "disk {id} has a block copy job in progress (mirror); let it finish first"
            ));
        }
        let encryption = xml::child(disk, "encryption")
            .or_else(|| source.and_then(|s| xml::child(s, "encryption")));
        if let Some(enc) = encryption {
            let format = xml::attr(enc, "format").unwrap_or("unknown");
            vm.warn(format!(
                "disk {id} is encrypted ({format}); its secret is not carried"
            ));
        }
        if xml::child(disk, "auth").is_some()
            || source.and_then(|s| xml::child(s, "auth")).is_some()
        {
            vm.warn(format!(
                "disk {id} needs credentials (auth secret) to reach its storage; they are not carried"
            ));
        }
        if xml::child(disk, "iotune").is_some() {
            vm.warn(format!(
                "disk {id} has I/O limits (iotune) that are not carried"
            ));
        }
        vm.disks.push(d);
        Ok(())
    }

    pub(super) fn boot_order(&self, node: Node, id: &str, vm: &mut VmSpec) -> Option<u32> {
        let boot = xml::child(node, "boot")?;
        let raw = xml::attr(boot, "order")?;
        match parse_u32(raw) {
            Some(n) if n > 0 => Some(n),
            _ => {
                vm.warn(format!(
                    "{id} has an invalid boot order {raw:?}; it is left out"
                ));
                None
            }
        }
    }

    pub(super) fn interface(&mut self, iface: Node, vm: &mut VmSpec) {
        let index = self.nic_count;
        self.nic_count += 1;
        let kind = xml::attr(iface, "type").map(str::trim).unwrap_or("");
        let wanted = xml::child(iface, "target")
            .and_then(|t| xml::attr(t, "dev"))
            .or_else(|| xml::child(iface, "alias").and_then(|a| xml::attr(a, "name")))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map_or_else(|| format!("net{index}"), str::to_string);
        let id = Self::unique(&mut self.nic_ids, wanted, vm);
        let mut nic = Nic::new(id.clone());
        let source = xml::child(iface, "source");
        let src = |name: &str| source.and_then(|s| xml::attr(s, name)).map(str::to_string);

        match kind {
            "bridge" => {
                nic.attachment = NicAttachment::Bridged;
                nic.network = src("bridge");
            }
            "network" => {
                nic.attachment = NicAttachment::Network;
                nic.network = src("network");
                if let Some(group) = src("portgroup") {
                    vm.warn(format!(
                        "interface {id} uses port group '{group}' of network '{}'; its settings (VLAN, QoS) are not carried",
                        nic.network.as_deref().unwrap_or("")
                    ));
                }
            }
            "direct" => {
                nic.attachment = NicAttachment::Direct;
                nic.network = src("dev");
                if let Some(mode) = src("mode") {
                    if mode == "passthrough" {
                        vm.warn(format!(
                            "interface {id} takes over host NIC {} (macvtap passthrough mode)",
                            nic.network.as_deref().unwrap_or("")
                        ));
                    }
                }
            }
            "user" => nic.attachment = NicAttachment::Nat,
            "hostdev" => {
                nic.attachment = NicAttachment::Passthrough;
                let address = source
                    .and_then(|s| xml::child(s, "address"))
                    .map(pci_address)
                    .unwrap_or_else(|| "unknown address".to_string());
                nic.network = Some(address.clone());
                vm.devices.push(Device {
                    kind: DeviceKind::PciPassthrough,
                    description: format!("SR-IOV network function {address} (interface {id})"),
                });
            }
            _ => {
                nic.attachment = NicAttachment::Other;
                nic.network = src("path")
                    .or_else(|| src("dev"))
                    .or_else(|| src("address"))
                    .or_else(|| src("network"))
                    .or_else(|| src("bridge"));
                let what = if kind.is_empty() { "no type" } else { kind };
                vm.warn(format!(
                    "interface {id} is attached by '{what}', which KubeVirt has no equivalent for; choose a network for it"
                ));
            }
        }

        if let Some(raw) = xml::child(iface, "mac").and_then(|m| xml::attr(m, "address")) {
            match normalize_mac(raw) {
                Some(mac) => nic.mac = Some(mac),
                None => vm.warn(format!(
                    "interface {id} has an invalid MAC address {raw:?}; a new one will be generated"
                )),
            }
        }
        nic.model = xml::child(iface, "model")
            .and_then(|m| xml::attr(m, "type"))
            .map(nic_model);

        if let Some(vlan) = xml::child(iface, "vlan") {
            let tags: Vec<&str> = xml::children(vlan, "tag")
                .filter_map(|t| xml::attr(t, "id"))
                .collect();
            if let Some(first) = tags.first() {
                match first.trim().parse::<u16>() {
                    Ok(tag) if tag <= 4095 => nic.vlan = Some(tag),
                    _ => vm.warn(format!(
                        "interface {id} has an invalid VLAN tag {first:?}; it is left out"
                    )),
                }
            }
            if is_yes(xml::attr(vlan, "trunk")) || tags.len() > 1 {
                vm.warn(format!(
                    "interface {id} is a VLAN trunk (tags {}); only the first tag is kept",
                    tags.join(", ")
                ));
            }
        }
        if xml::child(iface, "link").and_then(|l| xml::attr(l, "state")) == Some("down") {
            nic.connected = false;
        }
        if xml::child(iface, "boot").is_some() {
            vm.warn(format!(
                "interface {id} is in the boot order (network/PXE boot); set a boot order on the target NIC if the guest needs it"
            ));
        }
        if let Some(port) = xml::child(iface, "virtualport") {
            let kind = xml::attr(port, "type").unwrap_or("unknown");
            vm.warn(format!(
                "interface {id} connects through a {kind} virtual port; its port settings are not carried"
            ));
        }
        vm.nics.push(nic);
    }
}

pub(super) fn disk_bus(bus: Option<&str>, dev: Option<&str>) -> DiskBus {
    let bus = bus.map(str::trim).filter(|b| !b.is_empty()).or_else(|| {
        // libvirt's own defaults by device name prefix.
        let dev = dev?;
        Some(if dev.starts_with("hd") {
            "ide"
        } else if dev.starts_with("sd") {
            "scsi"
        } else if dev.starts_with("vd") {
            "virtio"
        } else if dev.starts_with("xvd") {
            "xen"
        } else if dev.starts_with("fd") {
            "fdc"
        } else if dev.starts_with("ubd") {
            "uml"
        } else if dev.starts_with("nvme") {
            "nvme"
        } else {
            return None;
        })
    });
    match bus {
        Some("virtio") => DiskBus::Virtio,
        Some("scsi") => DiskBus::Scsi,
        Some("sata") => DiskBus::Sata,
        Some("ide") => DiskBus::Ide,
        Some("nvme") => DiskBus::Nvme,
        Some("usb") => DiskBus::Usb,
        Some(other) => DiskBus::Other(other.to_string()),
        None => DiskBus::Other("unknown".to_string()),
    }
}

pub(super) fn disk_format(raw: &str) -> DiskFormat {
    match raw.to_ascii_lowercase().as_str() {
        "qcow2" => DiskFormat::Qcow2,
        // Xen's blktap `aio` driver reads raw images.
        "raw" | "aio" => DiskFormat::Raw,
        "vmdk" => DiskFormat::Vmdk,
        "vpc" | "vhd" => DiskFormat::Vhd,
        "vhdx" => DiskFormat::Vhdx,
        "vdi" => DiskFormat::Vdi,
        other => DiskFormat::Other(other.to_string()),
    }
}

/// The image format when the driver does not say, from unambiguous file extensions only
/// (libvirt's vmware driver writes no driver type for `.vmdk` disks).
pub(super) fn format_from_extension(path: &str) -> Option<DiskFormat> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "vmdk" => DiskFormat::Vmdk,
        "qcow2" => DiskFormat::Qcow2,
        "vhd" => DiskFormat::Vhd,
        "vhdx" => DiskFormat::Vhdx,
        "vdi" => DiskFormat::Vdi,
        _ => return None,
    })
}

/// Where a disk's data lives, as one string: a path, a `pool/volume`, or a URL.
pub(super) fn source_path(kind: &str, source: Node) -> Option<String> {
    let attr = |name: &str| {
        xml::attr(source, name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    match kind {
        "file" => attr("file").map(str::to_string),
        "block" => attr("dev").map(str::to_string),
        "dir" => attr("dir").map(str::to_string),
        "volume" => attr("volume").map(str::to_string),
        "network" => {
            let protocol = attr("protocol").unwrap_or("network");
            let name = attr("name").unwrap_or("");
            let host = xml::child(source, "host").and_then(|h| xml::attr(h, "name"));
            let port = xml::child(source, "host").and_then(|h| xml::attr(h, "port"));
            let name = name.trim_start_matches('/');
            Some(match (protocol, host) {
                // Ceph monitors are many and interchangeable; the pool/image is the identity.
                ("rbd", _) | (_, None) => format!("{protocol}://{name}"),
                (_, Some(host)) => match port {
                    Some(port) => format!("{protocol}://{host}:{port}/{name}"),
                    None => format!("{protocol}://{host}/{name}"),
                },
            })
        }
        "nvme" => {
            let address = xml::child(source, "address").map(pci_address)?;
            let namespace = attr("namespace").unwrap_or("1");
            Some(format!("nvme://{address}/ns{namespace}"))
        }
        _ => attr("file")
            .or_else(|| attr("dev"))
            .or_else(|| attr("path"))
            .map(str::to_string),
    }
}

/// The storage a disk lives on, for storage mapping: the libvirt pool, the VMware datastore
/// of a `[datastore] path`, or the Ceph pool / Gluster volume of a network disk.
pub(super) fn storage_of(kind: &str, source: Node, path: Option<&str>) -> Option<String> {
    match kind {
        "volume" => xml::attr(source, "pool").map(|p| p.trim().to_string()),
        "file" => {
            let path = path?.trim_start();
            let inner = path.strip_prefix('[')?;
            let (datastore, _) = inner.split_once(']')?;
            Some(datastore.trim().to_string()).filter(|d| !d.is_empty())
        }
        "network" => {
            let protocol = xml::attr(source, "protocol")?;
            if matches!(protocol, "rbd" | "gluster") {
                let name = xml::attr(source, "name")?.trim_start_matches('/');
                let first = name.split('/').next()?;
                (!first.is_empty() && name.contains('/')).then(|| first.to_string())
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A description of a disk's backing chain, when it has one.
pub(super) fn backing_chain(disk: Node) -> Option<String> {
    let mut layers = Vec::new();
    let mut current = xml::child(disk, "backingStore");
    while let Some(store) = current {
        if store.children().all(|c| !c.is_element()) {
            break;
        }
        let kind = xml::attr(store, "type").unwrap_or("file");
        let path = xml::child(store, "source").and_then(|s| source_path(kind, s));
        layers.push(path.unwrap_or_else(|| "an unnamed layer".to_string()));
        if layers.len() >= 8 {
            layers.push("...".to_string());
            break;
        }
        current = xml::child(store, "backingStore");
    }
    if layers.is_empty() {
        None
    } else {
        Some(format!("backed by {}", layers.join(", then ")))
    }
}

pub(super) fn nic_model(raw: &str) -> NicModel {
    crate::device_models::nic_model(raw)
}

/// `0000:06:12.5` from a libvirt `<address domain= bus= slot= function=>`.
pub(super) fn pci_address(address: Node) -> String {
    let field = |name: &str| xml::attr(address, name).and_then(parse_c_number);
    match (
        field("domain").or(Some(0)),
        field("bus"),
        field("slot"),
        field("function").or(Some(0)),
    ) {
        (Some(domain), Some(bus), Some(slot), Some(function)) => {
            format!("{domain:04x}:{bus:02x}:{slot:02x}.{function:x}")
        }
        _ => {
            if let Some(uuid) = xml::attr(address, "uuid") {
                return format!("mdev {uuid}");
            }
            "unknown address".to_string()
        }
    }
}

pub(super) fn tpm(node: Node, number: usize, vm: &mut VmSpec) {
    let model = xml::attr(node, "model").unwrap_or("tpm-tis");
    let backend = xml::child(node, "backend");
    let backend_type = backend
        .and_then(|b| xml::attr(b, "type"))
        .unwrap_or("emulator");
    if number > 1 {
        vm.warn(format!(
            "a second TPM ({model}, {backend_type} backend) is not carried; KubeVirt gives a VM one TPM"
        ));
        return;
    }
    let version = backend
        .and_then(|b| xml::attr(b, "version"))
        .map(|v| v.trim().to_string())
        .or_else(|| (model == "tpm-crb").then(|| "2.0".to_string()));
    let passthrough = backend_type == "passthrough";
    if backend_type == "external" {
        vm.warn("the TPM is served by an external swtpm socket; the target gets an emulated TPM with empty state");
    }
    vm.tpm = Some(Tpm {
        version,
        passthrough,
    });
}

pub(super) fn hostdev(node: Node, vm: &mut VmSpec) {
    let kind = xml::attr(node, "type").unwrap_or("unknown");
    let alias = xml::child(node, "alias")
        .and_then(|a| xml::attr(a, "name"))
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    let source = xml::child(node, "source");
    let (device_kind, description) = match kind {
        "pci" => {
            let address = source
                .and_then(|s| xml::child(s, "address"))
                .map(pci_address)
                .unwrap_or_else(|| "unknown address".to_string());
            (
                DeviceKind::PciPassthrough,
                format!("host PCI device {address}{alias}"),
            )
        }
        "usb" => {
            let id = |name: &str| {
                source
                    .and_then(|s| xml::child(s, name))
                    .and_then(|n| xml::attr(n, "id"))
                    .and_then(parse_c_number)
            };
            let what = match (id("vendor"), id("product")) {
                (Some(v), Some(p)) => format!("{v:04x}:{p:04x}"),
                _ => source
                    .and_then(|s| xml::child(s, "address"))
                    .map(|a| {
                        format!(
                            "bus {} device {}",
                            xml::attr(a, "bus").unwrap_or("?"),
                            xml::attr(a, "device").unwrap_or("?")
                        )
                    })
                    .unwrap_or_else(|| "unknown".to_string()),
            };
            (
                DeviceKind::UsbPassthrough,
                format!("host USB device {what}{alias}"),
            )
        }
        "scsi" => {
            let what = match source.and_then(|s| xml::attr(s, "protocol")) {
                Some(protocol) => format!(
                    "{protocol} {}",
                    source.and_then(|s| xml::attr(s, "name")).unwrap_or("")
                ),
                None => {
                    let adapter = source
                        .and_then(|s| xml::child(s, "adapter"))
                        .and_then(|a| xml::attr(a, "name"))
                        .unwrap_or("unknown adapter");
                    let address = source.and_then(|s| xml::child(s, "address")).map(|a| {
                        format!(
                            " {}:{}:{}",
                            xml::attr(a, "bus").unwrap_or("0"),
                            xml::attr(a, "target").unwrap_or("0"),
                            xml::attr(a, "unit").unwrap_or("0")
                        )
                    });
                    format!("{adapter}{}", address.unwrap_or_default())
                }
            };
            (
                DeviceKind::ScsiPassthrough,
                format!("host SCSI device {}{alias}", what.trim()),
            )
        }
        "scsi_host" => {
            let wwpn = source
                .and_then(|s| xml::attr(s, "wwpn"))
                .unwrap_or("unknown");
            (
                DeviceKind::ScsiPassthrough,
                format!("vhost-scsi target {wwpn}{alias}"),
            )
        }
        "mdev" => {
            let model = xml::attr(node, "model").unwrap_or("vfio-pci");
            let uuid = source
                .and_then(|s| xml::child(s, "address"))
                .and_then(|a| xml::attr(a, "uuid"))
                .unwrap_or("unknown");
            let kind = if model == "vfio-pci" {
                DeviceKind::Gpu
            } else {
                DeviceKind::Other
            };
            (kind, format!("mediated device {uuid} ({model}){alias}"))
        }
        other => (
            DeviceKind::Other,
            format!("host device of type {other}{alias}"),
        ),
    };
    vm.devices.push(Device {
        kind: device_kind,
        description,
    });
}

/// Serial ports, parallel ports and consoles: what they are connected to on the host.
pub(super) fn serial_like(node: Node, kind: DeviceKind, what: &str, vm: &mut VmSpec) {
    let backend = xml::attr(node, "type").unwrap_or("pty");
    let port = xml::child(node, "target")
        .and_then(|t| xml::attr(t, "port"))
        .map(|p| format!(" {}", p.trim()))
        .unwrap_or_default();
    let target_type = xml::child(node, "target")
        .and_then(|t| xml::attr(t, "type"))
        .map(|t| format!(", {t}"))
        .unwrap_or_default();
    let path = xml::child(node, "source")
        .and_then(|s| {
            xml::attr(s, "path")
                .or_else(|| xml::attr(s, "host"))
                .or_else(|| xml::attr(s, "channel"))
        })
        .map(|p| format!(" {p}"))
        .unwrap_or_default();
    vm.devices.push(Device {
        kind,
        description: format!("{what}{port} ({backend}{path}{target_type})"),
    });
}

pub(super) fn filesystem(node: Node, vm: &mut VmSpec) {
    let source = xml::child(node, "source");
    let host = source
        .and_then(|s| {
            xml::attr(s, "dir")
                .or_else(|| xml::attr(s, "file"))
                .or_else(|| xml::attr(s, "dev"))
                .or_else(|| xml::attr(s, "name"))
                .or_else(|| xml::attr(s, "volume"))
        })
        .unwrap_or("memory");
    let target = xml::child(node, "target")
        .and_then(|t| xml::attr(t, "dir"))
        .unwrap_or("?");
    let driver = xml::child(node, "driver")
        .and_then(|d| xml::attr(d, "type"))
        .map(|d| format!(", {d}"))
        .unwrap_or_default();
    vm.devices.push(Device {
        kind: DeviceKind::SharedFolder,
        description: format!("shared folder {host} -> {target}{driver}"),
    });
}

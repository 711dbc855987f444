//! `VirtualHardwareSection`: the CIM items (controllers, CPU, memory, disks, drives,
//! NICs, other devices) and the boot order, told apart by `ResourceType`.

use super::*;

impl<'p, 'a, 'i> VmBuilder<'p, 'a, 'i> {
    pub(super) fn read_hardware(&mut self) {
        let hardware: Vec<Node> = sections(self.system, "VirtualHardwareSection").collect();
        let Some(first) = hardware.first().copied() else {
            self.vm.warn(format!(
                "VirtualSystem '{}' has no VirtualHardwareSection: no CPU, memory or devices are known",
                self.label
            ));
            return;
        };
        if hardware.len() > 1 {
            let reference = hardware_fingerprint(first);
            let differs = hardware
                .iter()
                .skip(1)
                .any(|h| hardware_fingerprint(*h) != reference);
            if differs {
                self.vm.warn(format!(
                    "VirtualSystem '{}' has {} VirtualHardwareSections that differ; the first was used",
                    self.label,
                    hardware.len()
                ));
            }
        }
        if let Some(system) = child(first, "System") {
            self.vm.machine_type = xml::child_text(system, "VirtualSystemType")
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        self.read_config_keys(first);

        // A configuration's item that states only what differs takes the rest from the
        // items it shares its InstanceID with (combined when the package was read).
        let items: Vec<Node> = resolve_instances(applicable_items(first, self.pkg.config))
            .into_iter()
            .map(|item| self.pkg.combined.get(&item.id()).copied().unwrap_or(item))
            .collect();
        if items.is_empty() {
            self.vm.warn(format!(
                "VirtualSystem '{}' lists no virtual hardware items (no CPU, memory or devices)",
                self.label
            ));
        }
        // Controllers first: disks may come before the controller they name.
        for item in &items {
            self.read_controller(*item);
        }
        let mut saw_cpu = false;
        let mut saw_memory = false;
        for item in &items {
            let rtype = field(*item, "ResourceType");
            match rtype.and_then(|t| t.parse::<u32>().ok()) {
                Some(3) => {
                    if saw_cpu {
                        self.vm.warn(format!(
                            "more than one CPU item; {} was ignored",
                            item_label(*item)
                        ));
                    } else {
                        saw_cpu = true;
                        self.read_cpu(*item);
                    }
                }
                Some(4) => {
                    if saw_memory {
                        self.vm.warn(format!(
                            "more than one memory item; {} was ignored",
                            item_label(*item)
                        ));
                    } else {
                        saw_memory = true;
                        self.read_memory(*item);
                    }
                }
                Some(rtype) => self.read_device(*item, rtype),
                None => self.vm.warn(format!(
                    "{} has no valid ResourceType ({:?}); it was ignored",
                    item_label(*item),
                    rtype.unwrap_or("")
                )),
            }
        }
        self.saw_cpu_or_memory = saw_cpu || saw_memory;
        if !saw_cpu && !items.is_empty() {
            self.vm
                .warn("the virtual hardware has no CPU item; 1 vCPU is assumed");
        }
        if !saw_memory && !items.is_empty() {
            self.vm.warn("the virtual hardware has no memory item");
        }
        self.note_properties(first);
    }

    pub(super) fn read_controller(&mut self, item: Node) {
        let Some(rtype) = field(item, "ResourceType").and_then(|t| t.parse::<u32>().ok()) else {
            return;
        };
        let subtype = field(item, "ResourceSubType").map(first_word);
        let lower = subtype.map(str::to_ascii_lowercase).unwrap_or_default();
        let (bus, model) = match rtype {
            5 => (DiskBus::Ide, subtype.map(str::to_ascii_lowercase)),
            6 => (DiskBus::Scsi, subtype.map(scsi_model)),
            20 if ovirt_device(item).is_some() => return,
            20 if lower.contains("nvdimm") => return,
            20 if lower.contains("nvme") => (DiskBus::Nvme, Some("nvme".to_string())),
            20 if item_label(item).to_ascii_lowercase().contains("graphic") => return,
            20 => (DiskBus::Sata, Some("ahci".to_string())),
            _ => return,
        };
        let Some(instance) = field(item, "InstanceID") else {
            return;
        };
        self.controllers
            .insert(instance.to_string(), Controller { bus, model });
    }

    pub(super) fn read_cpu(&mut self, item: Node) {
        let label = item_label(item);
        let vcpus = field(item, "VirtualQuantity").and_then(|q| self.count(q, &label));
        // oVirt writes the topology instead of a count.
        let sockets = field(item, "num_of_sockets").and_then(|q| self.count(q, &label));
        let per_socket = field(item, "cpu_per_socket")
            .or_else(|| field(item, "CoresPerSocket"))
            .and_then(|q| self.count(q, &label));
        let threads = field(item, "threads_per_cpu").and_then(|q| self.count(q, &label));
        let threads = threads.filter(|t| *t > 0).unwrap_or(1);
        let cores = per_socket.filter(|c| *c > 0).unwrap_or(1);
        let total = match (vcpus, sockets) {
            (Some(v), _) => v,
            (None, Some(s)) => s.saturating_mul(cores).saturating_mul(threads),
            (None, None) => {
                self.vm
                    .warn(format!("{label} gives no CPU count; 1 vCPU is assumed"));
                1
            }
        };
        if total == 0 {
            self.vm
                .warn(format!("{label} gives 0 vCPUs; 1 vCPU is assumed"));
            return;
        }
        let per_socket_total = cores.saturating_mul(threads);
        if total.is_multiple_of(per_socket_total) {
            self.vm.cpu.sockets = total / per_socket_total;
            self.vm.cpu.cores = cores;
            self.vm.cpu.threads = threads;
        } else {
            self.vm.warn(format!(
                "{total} vCPUs do not divide into sockets of {cores} cores; one core per socket is assumed"
            ));
            self.vm.cpu.sockets = total;
        }
    }

    pub(super) fn read_memory(&mut self, item: Node) {
        let label = item_label(item);
        let Some(quantity) = field(item, "VirtualQuantity") else {
            self.vm.warn(format!("{label} gives no memory size"));
            return;
        };
        let unit = match field(item, "AllocationUnits") {
            Some(unit) => unit,
            None => {
                self.vm.warn(format!(
                    "{label} gives no AllocationUnits; megabytes are assumed"
                ));
                "MegaBytes"
            }
        };
        match units::to_bytes(quantity, unit) {
            Ok(bytes) => self.vm.memory.bytes = bytes,
            // Too many digits or a negative number: the descriptor is corrupt.
            Err(err) if units::is_integer_text(quantity) => {
                self.refusal.get_or_insert(ImportError::invalid(
                    xml::location(self.file, item),
                    format!("memory size of {label} is unusable: {err}"),
                ));
            }
            Err(err) => self
                .vm
                .warn(format!("memory size of {label} is unusable: {err}")),
        }
    }

    pub(super) fn read_device(&mut self, item: Node<'a, 'i>, rtype: u32) {
        let subtype = field(item, "ResourceSubType");
        let lower = subtype.map(str::to_ascii_lowercase).unwrap_or_default();
        let label = item_label(item);
        if lower.contains("vtpm") {
            self.vm.tpm = Some(Tpm {
                version: Some("2.0".into()),
                passthrough: false,
            });
            return;
        }
        if let Some(kind) = ovirt_device(item) {
            self.read_ovirt_device(item, rtype, kind);
            return;
        }
        // VMware also files these under ResourceType 1; the subtype says what they are.
        let rtype = match rtype {
            1 if lower.contains("soundcard") => 35,
            1 if lower.contains("serialport") => 21,
            1 if lower.contains("parallelport") => 22,
            1 if lower.contains("floppy") => 14,
            1 if lower.contains("usb") => 23,
            other => other,
        };
        match rtype {
            5 | 6 => {}
            20 if lower.contains("nvdimm.device") => self.read_nvdimm(item),
            20 => {}
            17 | 19 | 31 | 32 => self.read_disk(item),
            15 | 16 => self.read_cdrom(item),
            10 | 11 => self.read_nic(item),
            14 => {
                let image = field(item, "HostResource").and_then(|h| self.host_file(h));
                let description = match image {
                    Some(image) => format!("floppy drive {label} with {image}"),
                    None => format!("floppy drive {label}"),
                };
                self.device(DeviceKind::Floppy, description);
            }
            21 => self.device(DeviceKind::Serial, format!("serial port {label}")),
            22 => self.device(DeviceKind::Parallel, format!("parallel port {label}")),
            23 => {
                let description = match subtype {
                    Some(s) => format!("USB controller {label} ({s})"),
                    None => format!("USB controller {label}"),
                };
                self.device(DeviceKind::UsbController, description);
            }
            24 => {
                let three_d = config_value(item, "enable3DSupport").is_some_and(is_true);
                let displays = config_value(item, "numDisplays")
                    .and_then(|d| d.trim().parse::<u32>().ok())
                    .unwrap_or(1);
                if three_d {
                    self.vm.warn(format!(
                        "{label} has 3D acceleration enabled, which KubeVirt does not provide"
                    ));
                }
                if displays > 1 {
                    self.vm.warn(format!(
                        "{label} drives {displays} displays; KubeVirt provides one"
                    ));
                }
            }
            35 => {
                let description = match subtype {
                    Some(s) => format!("sound card {label} ({s})"),
                    None => format!("sound card {label}"),
                };
                self.device(DeviceKind::Sound, description);
            }
            1 => self.read_other(item, &lower),
            _ => self.vm.warn(format!(
                "{label} has ResourceType {rtype}{}, which this tool does not know; it was ignored",
                subtype.map(|s| format!(" ({s})")).unwrap_or_default()
            )),
        }
    }

    /// ResourceType 1 ("other"): VMware's VMCI, PCI passthrough, vGPU and DVX devices.
    pub(super) fn read_other(&mut self, item: Node, subtype: &str) {
        let label = item_label(item);
        if subtype.contains("vmci") {
            // The VMware host-guest socket; meaningless outside vSphere.
            return;
        }
        if subtype.contains("vmiop") || config_value(item, "backing.vgpu").is_some() {
            let profile = config_value(item, "backing.vgpu").unwrap_or("unknown profile");
            self.device(DeviceKind::Gpu, format!("{label}: vGPU {profile}"));
            return;
        }
        if subtype.contains("passthrough") || subtype.contains("dvx") {
            let backing = config_value(item, "backing.id")
                .or_else(|| config_value(item, "backing.allowedDevice"))
                .or_else(|| config_value(item, "dvx.deviceClass"));
            let description = match backing {
                Some(b) => format!("{label}: PCI passthrough {b}"),
                None => format!("{label}: PCI passthrough"),
            };
            self.device(DeviceKind::PciPassthrough, description);
            return;
        }
        self.vm.warn(format!(
            "{label} has ResourceType 1 (other){}, which this tool does not know; it was ignored",
            field(item, "ResourceSubType")
                .map(|s| format!(" with subtype {s}"))
                .unwrap_or_default()
        ));
    }

    pub(super) fn read_nvdimm(&mut self, item: Node) {
        let label = item_label(item);
        let disk = field(item, "HostResource").and_then(|h| self.pkg.resolve_disk(h));
        let description = match disk {
            Some(index) => {
                self.used_disks.insert(index);
                let decl = &self.pkg.disks[index];
                let size = self.disk_capacity(decl, &label).map(format_size);
                match size {
                    Some(size) => format!("NVDIMM {label} backed by disk {} ({size})", decl.id),
                    None => format!("NVDIMM {label} backed by disk {}", decl.id),
                }
            }
            None => format!("NVDIMM {label}"),
        };
        self.device(DeviceKind::Other, description);
    }

    pub(super) fn read_disk(&mut self, item: Node<'a, 'i>) {
        let label = item_label(item);
        let host = field(item, "HostResource");
        let decl_index = host.and_then(|h| self.pkg.resolve_disk(h));
        let base = element_name(item)
            .map(str::to_string)
            .or_else(|| decl_index.map(|i| self.pkg.disks[i].id.to_string()))
            .unwrap_or_else(|| instance_label(item));
        let id = self.unique_id(&base, item);
        let (bus, controller) = self.bus_of(item, &label, "disk");
        let mut disk = Disk::new(id, bus);
        disk.controller = controller;

        if let Some(index) = decl_index {
            self.used_disks.insert(index);
            let decl = &self.pkg.disks[index];
            disk.capacity_bytes = self.disk_capacity(decl, &label);
            // oVirt's fileRef holds the file's href rather than its id.
            let file = decl.file_ref.and_then(|r| {
                self.pkg.files.get(r).or_else(|| {
                    let id = self.pkg.hrefs.get(r)?;
                    self.pkg.files.get(id)
                })
            });
            if let Some(file) = file {
                disk.source_path = Some(file.href.to_string());
                self.check_file(file, &label);
                if file.lun {
                    disk.backing = DiskBacking::Passthrough;
                }
            } else if let Some(file_ref) = decl.file_ref {
                self.vm.warn(format!(
                    "disk {} ({label}) names file {file_ref}, which References does not list",
                    decl.id
                ));
            }
            disk.format = ovf_attr(decl.node, "format")
                .and_then(disk_format)
                .or_else(|| disk.source_path.as_deref().and_then(format_from_name));
            // oVirt's own volume format is what the image really is.
            match ovf_attr(decl.node, "volume-format")
                .map(str::to_ascii_uppercase)
                .as_deref()
            {
                Some("COW") => disk.format = Some(DiskFormat::Qcow2),
                Some("RAW") => disk.format = Some(DiskFormat::Raw),
                _ => {}
            }
            if let Some(parent) = ovf_attr(decl.node, "parentRef").filter(|p| !p.is_empty()) {
                self.vm.warn(format!(
                    "disk {} ({label}) is a delta of disk {parent}; consolidate the chain before importing",
                    decl.id
                ));
            }
            if let Some(interface) = ovf_attr(decl.node, "disk-interface") {
                let (bus, model) = ovirt_interface(interface);
                disk.bus = bus;
                disk.controller = model;
            }
            if ovf_attr(decl.node, "read-only").is_some_and(is_true) {
                disk.read_only = true;
            }
            if ovf_attr(decl.node, "shareable").is_some_and(is_true) {
                disk.shared = true;
            }
            if ovf_attr(decl.node, "lun_id").is_some() {
                disk.backing = DiskBacking::Passthrough;
                disk.source_path = ovf_attr(decl.node, "lun_id").map(str::to_string);
            }
        } else if let Some(host) = host.filter(|h| !h.trim().is_empty()) {
            match self.host_file(host) {
                Some(href) => disk.source_path = Some(href.to_string()),
                None => self.vm.warn(format!(
                    "{label} names disk {host:?}, which the DiskSection does not declare"
                )),
            }
        } else {
            // A new, empty disk sized by the item itself (OVF 2 StorageItem).
            match field(item, "VirtualQuantity") {
                Some(quantity) => {
                    let unit = field(item, "AllocationUnits").unwrap_or("byte");
                    disk.capacity_bytes = self.capacity_value(quantity, unit, &label);
                }
                None => self.vm.warn(format!(
                    "{label} names no disk image and no size; its capacity is unknown"
                )),
            }
        }

        if config_value(item, "guestReadOnly").is_some_and(is_true)
            || field(item, "IsReadOnly").is_some_and(is_true)
        {
            disk.read_only = true;
        }
        if let Some(mode) = config_value(item, "backing.diskMode") {
            disk.mode = match mode {
                "independent_persistent" => DiskMode::IndependentPersistent,
                "independent_nonpersistent" => DiskMode::IndependentNonpersistent,
                _ => DiskMode::Persistent,
            };
        }
        if config_value(item, "backing.sharing").is_some_and(|s| s.contains("multiWriter")) {
            disk.shared = true;
        }
        if let Some(storage) = field(item, "StorageId") {
            disk.storage = Some(storage.to_string());
        }
        if let Some(order) = field(item, "BootOrder").and_then(|o| o.parse::<u32>().ok()) {
            if order > 0 {
                disk.boot_order = Some(order);
            }
        }
        self.remember_slot(item, Slot::Disk(self.vm.disks.len()));
        self.vm.disks.push(disk);
    }

    pub(super) fn read_cdrom(&mut self, item: Node) {
        let label = item_label(item);
        let base = element_name(item)
            .map(str::to_string)
            .unwrap_or_else(|| instance_label(item));
        let id = self.unique_id(&base, item);
        let (bus, _) = self.bus_of(item, &label, "CD/DVD drive");
        let image = field(item, "HostResource")
            .filter(|h| !h.trim().is_empty())
            .map(|h| self.host_file(h).unwrap_or(h).to_string());
        let boot_order = field(item, "BootOrder")
            .and_then(|o| o.parse::<u32>().ok())
            .filter(|o| *o > 0);
        self.remember_slot(item, Slot::Cdrom(self.vm.cdroms.len()));
        self.vm.cdroms.push(Cdrom {
            id,
            bus,
            image,
            boot_order,
        });
    }

    pub(super) fn read_nic(&mut self, item: Node) {
        let label = item_label(item);
        let base = element_name(item)
            .or_else(|| field(item, "Name"))
            .map(str::to_string)
            .unwrap_or_else(|| instance_label(item));
        let id = self.unique_id(&base, item);
        let mut nic = Nic::new(id);
        let subtype = field(item, "ResourceSubType");
        if let Some(subtype) = subtype {
            let (model, passthrough) = nic_model(subtype);
            nic.model = model;
            if passthrough {
                nic.attachment = NicAttachment::Passthrough;
            }
        }
        if nic.attachment != NicAttachment::Passthrough {
            nic.attachment = NicAttachment::Network;
        }
        nic.network = field(item, "Connection").map(str::to_string);
        if let Some(network) = nic.network.as_deref() {
            if !self.pkg.networks.is_empty() && !self.pkg.networks.contains(network) {
                self.vm.warn(format!(
                    "{label} connects to network '{network}', which the NetworkSection does not declare"
                ));
            }
        }
        if field(item, "AutomaticAllocation").is_some_and(|a| !is_true(a)) {
            nic.connected = false;
        }
        let vcloud = self.vcloud_connection(item);
        let mac = field(item, "Address")
            .or_else(|| field(item, "MACAddress"))
            .or(vcloud.and_then(|c| xml::child_text(c, "MACAddress")));
        if let Some(mac) = mac {
            match normalize_mac(mac) {
                Some(mac) => nic.mac = Some(mac),
                None => self.vm.warn(format!(
                    "{label} has an invalid MAC address {mac:?}; it was ignored"
                )),
            }
        }
        if let Some(connected) = vcloud.and_then(|c| xml::child_text(c, "IsConnected")) {
            if !is_true(connected) {
                nic.connected = false;
            }
        }
        self.remember_slot(item, Slot::Nic(self.vm.nics.len()));
        self.vm.nics.push(nic);
    }

    pub(super) fn read_boot_order(&mut self) {
        let mut position = 0u32;
        for section in elements(self.system).filter(|n| is_section(*n, "BootOrderSection")) {
            let kind = xml::attr(section, "type").unwrap_or("");
            let Some(instance) = xml::attr(section, "instanceId") else {
                continue;
            };
            position = position.saturating_add(1);
            match self.slots.get(instance).copied() {
                Some(Slot::Disk(i)) => {
                    if let Some(disk) = self.vm.disks.get_mut(i) {
                        disk.boot_order = Some(position);
                    }
                }
                Some(Slot::Cdrom(i)) => {
                    if let Some(cdrom) = self.vm.cdroms.get_mut(i) {
                        cdrom.boot_order = Some(position);
                    }
                }
                Some(Slot::Nic(i)) => {
                    let id = self
                        .vm
                        .nics
                        .get(i)
                        .map(|n| n.id.clone())
                        .unwrap_or_default();
                    self.vm.warn(format!(
                        "the boot order puts network boot from {id} at position {position}; set it by hand"
                    ));
                }
                None => self.vm.warn(format!(
                    "the boot order names {kind} item {instance}, which is not in the hardware"
                )),
            }
        }
    }

    // --- helpers ---

    pub(super) fn device(&mut self, kind: DeviceKind, description: String) {
        self.vm.devices.push(Device { kind, description });
    }

    pub(super) fn remember_slot(&mut self, item: Node, slot: Slot) {
        if let Some(instance) = field(item, "InstanceID") {
            self.slots.insert(instance.to_string(), slot);
        }
    }

    pub(super) fn unique_id(&mut self, base: &str, item: Node) -> String {
        let base = base.trim();
        let base = if base.is_empty() { "device" } else { base };
        if self.used_ids.insert(base.to_string()) {
            return base.to_string();
        }
        let with_instance = format!("{base} ({})", instance_label(item));
        if self.used_ids.insert(with_instance.clone()) {
            return with_instance;
        }
        // Resume numbering where the last duplicate of this name stopped.
        let next = self.next_suffix.entry(base.to_string()).or_insert(2);
        loop {
            let candidate = format!("{base} #{next}");
            *next = next.saturating_add(1);
            if self.used_ids.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// The bus and controller model of a disk or drive, from its `Parent` controller.
    pub(super) fn bus_of(
        &mut self,
        item: Node,
        label: &str,
        what: &str,
    ) -> (DiskBus, Option<String>) {
        let parent = field(item, "Parent");
        if let Some(controller) = parent.and_then(|p| self.controllers.get(p)) {
            return (controller.bus.clone(), controller.model.clone());
        }
        // Old VMware exports name drives after their slot (`ide0:0`, `scsi0:1`).
        let name = element_name(item).unwrap_or("").to_ascii_lowercase();
        let guessed = [
            ("ide", DiskBus::Ide),
            ("sata", DiskBus::Sata),
            ("scsi", DiskBus::Scsi),
            ("nvme", DiskBus::Nvme),
        ]
        .into_iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map(|(_, bus)| bus);
        let (bus, assumed) = match guessed {
            Some(bus) => (bus, "its name gives the bus"),
            None if what == "disk" => (DiskBus::Scsi, "SCSI is assumed"),
            None => (DiskBus::Ide, "IDE is assumed"),
        };
        // oVirt items name a null parent and carry the bus on the DiskSection entry.
        let ovirt_null = parent.is_some_and(|p| p.trim_start_matches(['0', '-']).is_empty());
        if !ovirt_null {
            match parent {
                Some(p) => self.vm.warn(format!(
                    "{what} {label} names controller {p}, which is not in the hardware; {assumed}"
                )),
                None => self
                    .vm
                    .warn(format!("{what} {label} names no controller; {assumed}")),
            }
        }
        (bus, None)
    }

    /// The href of the file named by an `ovf:/file/<id>` reference.
    pub(super) fn host_file(&self, reference: &str) -> Option<&'a str> {
        let reference = reference.trim();
        let path = reference
            .strip_prefix("ovf:")
            .unwrap_or(reference)
            .trim_start_matches('/');
        let id = path.strip_prefix("file/")?;
        self.pkg.files.get(id).map(|f| f.href)
    }

    /// Warns about package files whose size is absurd or that are stored compressed/chunked.
    pub(super) fn check_file(&mut self, file: &PackageFile, label: &str) {
        if let Some(size) = file.size {
            let ok = size.trim().parse::<u64>().is_ok_and(|s| s <= MAX_SIZE);
            if !ok {
                self.vm.warn(format!(
                    "file {} of {label} has an invalid size {size:?} in References; it was ignored",
                    file.href
                ));
            }
        }
        if let Some(compression) = file.compression {
            self.vm.warn(format!(
                "disk image {} of {label} is stored {compression}-compressed in the package; decompress it before importing",
                file.href
            ));
        }
        if file.chunk_size.is_some() {
            self.vm.warn(format!(
                "disk image {} of {label} is split into chunks ({}.000000000, ...); join them before importing",
                file.href, file.href
            ));
        }
    }

    /// A DiskSection capacity in bytes, or `None` with a warning.
    pub(super) fn disk_capacity(&mut self, decl: &DiskDecl, label: &str) -> Option<u64> {
        let what = format!("disk {} ({label})", decl.id);
        let raw = ovf_attr(decl.node, "capacity");
        let unit = ovf_attr(decl.node, "capacityAllocationUnits").unwrap_or("byte");
        let Some(raw) = raw else {
            // oVirt gives the virtual size in GiB as ovf:size.
            if let Some(gib) = ovf_attr(decl.node, "size") {
                return self.capacity_value(gib, "GiB", &what);
            }
            self.vm
                .warn(format!("{what} has no capacity; its size is unknown"));
            return None;
        };
        let raw = raw.trim();
        let value = if let Some(key) = raw.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
            match self.property(key) {
                Some(value) => value,
                None => {
                    self.vm.warn(format!(
                        "{what} takes its capacity from property {key}, which has no value; its size is unknown"
                    ));
                    return None;
                }
            }
        } else {
            raw
        };
        self.capacity_value(value, unit, &what)
    }

    pub(super) fn capacity_value(&mut self, value: &str, unit: &str, what: &str) -> Option<u64> {
        let value = value.trim();
        if value.starts_with('-') {
            self.vm.warn(format!(
                "{what} has a negative capacity ({value}); its size is unknown"
            ));
            return None;
        }
        match units::to_bytes(value, unit) {
            Ok(0) => {
                self.vm
                    .warn(format!("{what} has a capacity of 0; its size is unknown"));
                None
            }
            Ok(bytes) if bytes > MAX_SIZE => {
                self.vm.warn(format!(
                    "{what} has an out-of-range capacity ({value} × {unit}); its size is unknown"
                ));
                None
            }
            Ok(bytes) => Some(bytes),
            Err(err) => {
                self.vm.warn(format!(
                    "{what} has an unusable capacity ({err}); its size is unknown"
                ));
                None
            }
        }
    }

    pub(super) fn count(&mut self, text: &str, label: &str) -> Option<u32> {
        match text.trim().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.vm.warn(format!(
                    "{label} has an unusable count {text:?}; it was ignored"
                ));
                None
            }
        }
    }
}

/// Text that says whether two hardware sections describe the same hardware.
pub(super) fn hardware_fingerprint(section: Node) -> String {
    let mut out = String::new();
    for node in section.descendants() {
        if node.is_element() && node.tag_name().name() != "Info" {
            out.push('<');
            out.push_str(node.tag_name().name());
            for attr in node.attributes() {
                if attr.name() != "transport" {
                    out.push(' ');
                    out.push_str(attr.value());
                }
            }
        } else if node.is_text() && node.parent().is_some_and(|p| p.tag_name().name() != "Info") {
            out.push_str(node.text().unwrap_or("").trim());
        }
    }
    out
}

pub(super) fn scsi_model(subtype: &str) -> String {
    match subtype.to_ascii_lowercase().as_str() {
        "virtualscsi" | "pvscsi" | "paravirtual" => "pvscsi".into(),
        "virtio-scsi" | "virtioscsi" => "virtio-scsi".into(),
        other => other.to_string(),
    }
}

/// NIC model from a ResourceSubType, and whether it is a passthrough (SR-IOV) card.
pub(super) fn nic_model(subtype: &str) -> (Option<NicModel>, bool) {
    let first = first_word(subtype);
    let model = match first.to_ascii_lowercase().as_str() {
        "sriovethernetcard" => return (Some(NicModel::Other("sriov".into())), true),
        // oVirt's VmInterfaceType numbers.
        "0" => NicModel::Other("rtl8139_pv".into()),
        "1" => NicModel::Rtl8139,
        "2" => NicModel::E1000,
        "3" => NicModel::Virtio,
        "5" => return (Some(NicModel::Other("pci-passthrough".into())), true),
        "" => return (None, false),
        _ => match crate::device_models::nic_model(first) {
            // Keep the source's spelling of a model nothing knows.
            NicModel::Other(_) => NicModel::Other(first.to_string()),
            known => known,
        },
    };
    (Some(model), false)
}

pub(super) fn disk_format(url: &str) -> Option<DiskFormat> {
    let lower = url.to_ascii_lowercase();
    let format = if lower.contains("vmdk") {
        DiskFormat::Vmdk
    } else if lower.contains("qcow") {
        DiskFormat::Qcow2
    } else if lower.contains("vhdx") {
        DiskFormat::Vhdx
    } else if lower.contains("vhd") {
        DiskFormat::Vhd
    } else if lower.contains("vdi") {
        DiskFormat::Vdi
    } else if lower.contains("raw") || lower.ends_with("/wiki/byte") {
        DiskFormat::Raw
    } else if lower.trim().is_empty() {
        return None;
    } else {
        DiskFormat::Other(url.trim().to_string())
    };
    Some(format)
}

pub(super) fn format_from_name(name: &str) -> Option<DiskFormat> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "vmdk" => Some(DiskFormat::Vmdk),
        "qcow2" | "qcow" => Some(DiskFormat::Qcow2),
        "vhd" => Some(DiskFormat::Vhd),
        "vhdx" => Some(DiskFormat::Vhdx),
        "vdi" => Some(DiskFormat::Vdi),
        "img" | "raw" => Some(DiskFormat::Raw),
        _ => None,
    }
}

pub(super) fn format_size(bytes: u64) -> String {
    const GIB: u64 = 1 << 30;
    const MIB: u64 = 1 << 20;
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

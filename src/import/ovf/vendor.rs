//! Vendor extensions: VMware `vmw:Config`/`vmw:ExtraConfig`, vCloud network connections,
//! oVirt devices and BIOS type, an embedded VirtualBox machine, and snapshots.

use super::*;

impl<'p, 'a, 'i> VmBuilder<'p, 'a, 'i> {
    /// VMware `vmw:Config` (VirtualMachineConfigSpec fields) and `vmw:ExtraConfig` (.vmx keys).
    pub(super) fn read_config_keys(&mut self, hardware: Node) {
        let mut extra_unhandled = Vec::new();
        let mut guestinfo = 0usize;
        let mut nvram = None;
        for node in elements(hardware) {
            let kind = node.tag_name().name();
            if kind != "Config" && kind != "ExtraConfig" {
                continue;
            }
            let (Some(key), Some(value)) = (xml::attr(node, "key"), xml::attr(node, "value"))
            else {
                continue;
            };
            match key {
                "firmware" if value.eq_ignore_ascii_case("efi") => {
                    self.vm.firmware.kind = FirmwareKind::Uefi;
                }
                "firmware" => {}
                "bootOptions.efiSecureBootEnabled" | "uefi.secureBoot.enabled" => {
                    self.vm.firmware.secure_boot |= is_true(value);
                }
                "cpuHotAddEnabled" | "vcpu.hotadd" => self.vm.cpu.hotplug |= is_true(value),
                "cpuHotRemoveEnabled" | "vcpu.hotremove" => self.vm.cpu.hotplug |= is_true(value),
                "disk.enableUUID" | "disk.EnableUUID" => self.vm.disk_uuid = is_true(value),
                "sched.cpu.affinity" if !value.trim().eq_ignore_ascii_case("all") => {
                    self.vm.warn(format!(
                        "CPU pinning (sched.cpu.affinity = {value:?}) is not carried over"
                    ));
                    self.vm.cpu_affinity = Some(value.trim().to_string());
                }
                "numa.nodeAffinity" | "sched.mem.affinity"
                    if !value.trim().eq_ignore_ascii_case("all") =>
                {
                    self.vm.warn(format!(
                        "NUMA node affinity ({key} = {value:?}) is not carried over"
                    ));
                    self.vm.numa_affinity = Some(value.trim().to_string());
                }
                "sched.cpu.affinity" | "numa.nodeAffinity" | "sched.mem.affinity" => {}
                "memoryHotAddEnabled" | "mem.hotadd" => self.vm.memory.hotplug = is_true(value),
                "uuid" | "uuid.bios" => self.vm.uuid = Some(value.to_string()),
                "nvram" => nvram = Some(value),
                "flags.vbsEnabled" if is_true(value) => self.vm.warn(
                    "Virtualization-based security (VBS) is enabled in the source; enable the \
                     equivalent (SMM, secure boot, TPM, nested virtualization) by hand",
                ),
                "flags.vvtdEnabled" if is_true(value) => self
                    .vm
                    .warn("a virtual IOMMU (Intel VT-d, flags.vvtdEnabled) is enabled in the source"),
                "nestedHVEnabled" if is_true(value) => self.vm.warn(
                    "nested hardware virtualization (nestedHVEnabled) is enabled in the source; \
                     KubeVirt needs nested virtualization on the node for it",
                ),
                "sevEnabled" if is_true(value) => self
                    .vm
                    .warn("AMD SEV memory encryption (sevEnabled) is enabled in the source"),
                "virtualSMCPresent" if is_true(value) => self.vm.warn(
                    "the source has an Apple SMC (virtualSMCPresent): a macOS guest, which KubeVirt does not support",
                ),
                "sgxInfo.epcSize" if value.trim() != "0" => self
                    .vm
                    .warn(format!("Intel SGX enclave memory (sgxInfo.epcSize = {value}) is configured in the source")),
                _ if kind == "ExtraConfig" => {
                    if key.starts_with("guestinfo.") {
                        guestinfo += 1;
                    } else if !is_benign_extra_config(key) {
                        extra_unhandled.push(key);
                    }
                }
                _ => {}
            }
        }
        if let Some(nvram) = nvram {
            if self.vm.firmware.kind == FirmwareKind::Uefi {
                let shown = self.host_file(nvram).unwrap_or(nvram);
                self.vm.warn(format!(
                    "the UEFI variable store ({shown}) is not carried over; boot entries and \
                     secure boot keys start from defaults"
                ));
            }
        }
        if guestinfo > 0 {
            self.vm.warn(format!(
                "{guestinfo} guestinfo.* settings (values passed to the guest through VMware Tools) are not carried over"
            ));
        }
        if !extra_unhandled.is_empty() {
            const SHOWN: usize = 12;
            let mut list = extra_unhandled
                .iter()
                .take(SHOWN)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            if extra_unhandled.len() > SHOWN {
                list.push_str(&format!(" and {} more", extra_unhandled.len() - SHOWN));
            }
            self.vm.warn(format!(
                "VMware advanced settings (ExtraConfig) not carried over: {list}"
            ));
        }
    }

    /// vCloud exports keep MACs in their own section, matched by connection index.
    pub(super) fn vcloud_connection(&self, item: Node) -> Option<Node<'a, 'i>> {
        let index = field(item, "AddressOnParent")?;
        self.vcloud.get(index).copied()
    }

    /// oVirt's own device items (`<Type>`/`<Device>` children).
    pub(super) fn read_ovirt_device(&mut self, item: Node<'a, 'i>, rtype: u32, kind: &str) {
        let label = item_label(item);
        let device = field(item, "Device").unwrap_or(kind);
        // oVirt files its CD-ROM drives as `<Type>disk</Type><Device>cdrom</Device>` with
        // ResourceType 15: a drive (empty unless it names an image), never a data disk.
        if rtype == 15 || rtype == 16 || device.eq_ignore_ascii_case("cdrom") {
            self.read_cdrom(item);
            return;
        }
        match kind {
            "disk" => self.read_disk(item),
            "interface" => self.read_nic(item),
            "video" | "balloon" | "graphics" => {}
            "sound" => self.device(DeviceKind::Sound, format!("sound card {label} ({device})")),
            _ => self.vm.warn(format!(
                "oVirt device {label} of type '{kind}' ({device}) is not imported"
            )),
        }
    }

    pub(super) fn read_snapshots(&mut self) {
        for section in sections(self.system, "SnapshotsSection") {
            for snapshot in elements(section).filter(|n| is_named(*n, "Snapshot")) {
                if xml::child_text(snapshot, "Type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("active"))
                {
                    continue;
                }
                let name = xml::child_text(snapshot, "Description")
                    .or_else(|| ovf_attr(snapshot, "id"))
                    .unwrap_or("unnamed");
                self.vm.snapshots.push(name.to_string());
            }
        }
    }

    pub(super) fn read_ovirt_bios(&mut self) {
        if let Some(bios) = xml::child_text(self.system, "BiosType") {
            // oVirt 4.4+: 3 = Q35 with OVMF, 4 = Q35 with OVMF and secure boot.
            match bios {
                "3" => self.vm.firmware.kind = FirmwareKind::Uefi,
                "4" => {
                    self.vm.firmware.kind = FirmwareKind::Uefi;
                    self.vm.firmware.secure_boot = true;
                }
                _ => {}
            }
        }
    }

    /// VirtualBox exports embed their own settings; the standard sections lack MACs and EFI.
    pub(super) fn read_vbox_machine(&mut self) {
        let Some(machine) = elements(self.system).find(|n| {
            n.tag_name().name() == "Machine"
                && n.tag_name()
                    .namespace()
                    .is_some_and(|ns| ns.contains("virtualbox"))
        }) else {
            return;
        };
        let hardware = child(machine, "Hardware");
        let firmware = hardware
            .and_then(|h| child(h, "Firmware"))
            .and_then(|f| xml::attr(f, "type"));
        if firmware.is_some_and(|t| t.to_ascii_uppercase().starts_with("EFI")) {
            self.vm.firmware.kind = FirmwareKind::Uefi;
        }
        if self.vm.uuid.is_none() {
            self.vm.uuid = xml::attr(machine, "uuid")
                .map(|u| u.trim_matches(|c| c == '{' || c == '}').to_string());
        }
        // VirtualBox exports one NIC item per enabled adapter, in slot order.
        let macs: Vec<&str> = hardware
            .and_then(|h| child(h, "Network"))
            .map(|n| {
                elements(n)
                    .filter(|a| is_named(*a, "Adapter"))
                    .filter(|a| xml::attr(*a, "enabled").is_some_and(is_true))
                    .filter_map(|a| xml::attr(a, "MACAddress"))
                    .collect()
            })
            .unwrap_or_default();
        if macs.len() == self.vm.nics.len() {
            for (nic, mac) in self.vm.nics.iter_mut().zip(macs) {
                if nic.mac.is_none() {
                    nic.mac = normalize_mac(mac);
                }
            }
        }
        self.vm.warn(
            "the descriptor embeds a VirtualBox machine configuration (vbox:Machine); only the \
             standard OVF sections, the MAC addresses and the firmware type were imported from it",
        );
    }
}

/// vCloud `NetworkConnection`s of a system, by `NetworkConnectionIndex`.
pub(super) fn vcloud_connections<'a, 'i>(system: Node<'a, 'i>) -> HashMap<&'a str, Node<'a, 'i>> {
    let mut map = HashMap::new();
    for section in elements(system).filter(|n| n.tag_name().name() == "NetworkConnectionSection") {
        for connection in elements(section).filter(|n| n.tag_name().name() == "NetworkConnection") {
            if let Some(index) = xml::child_text(connection, "NetworkConnectionIndex") {
                map.entry(index).or_insert(connection);
            }
        }
    }
    map
}

/// ExtraConfig keys that describe vSphere plumbing with no meaning after migration.
pub(super) fn is_benign_extra_config(key: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "pciBridge",
        "svga.",
        "hpet",
        "vmware.tools.",
        "virtualHW.",
        "tools.",
        "migrate.",
        "vmotion.",
        "vmci",
        "vmware.pbm",
        "monitor.phys_bits_used",
        "softPowerOff",
        "snapshot.",
        "vmGenCounter",
        "featMask.",
        "nvram",
        "toolsInstallManager.",
        "vdc.",
        "guestInfo.",
        "cpuid.coresPerSocket",
        "isolation.",
        "RemoteDisplay.",
        "msg.",
        "cdrom.showIsoLockWarning",
        "acpi.smbiosVersion",
        "BUILD_",
    ];
    PREFIXES.iter().any(|p| key.starts_with(p)) || key.ends_with(".pciSlotNumber")
}

/// The oVirt device kind of an item that carries `<Type>` (oVirt export format).
pub(super) fn ovirt_device<'a>(item: Node<'a, '_>) -> Option<&'a str> {
    let kind = elements(item).find(|n| {
        n.tag_name().name() == "Type"
            && n.tag_name()
                .namespace()
                .is_none_or(|ns| !ns.contains("CIM"))
    })?;
    kind.text().map(str::trim).filter(|t| !t.is_empty())
}

pub(super) fn ovirt_interface(interface: &str) -> (DiskBus, Option<String>) {
    match interface.to_ascii_lowercase().as_str() {
        "virtio" => (DiskBus::Virtio, None),
        "virtio_scsi" => (DiskBus::Scsi, Some("virtio-scsi".into())),
        "ide" => (DiskBus::Ide, None),
        "sata" => (DiskBus::Sata, None),
        "spapr_vscsi" => (DiskBus::Scsi, Some("spapr-vscsi".into())),
        other => (DiskBus::Other(other.to_string()), None),
    }
}

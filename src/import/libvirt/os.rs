//! Guest OS (libosinfo ids, architecture), firmware and boot order from `<os>`.

use super::*;

/// The guest OS from libosinfo metadata (`http://microsoft.com/win/2k19`), which
/// virt-install and virt-manager record; without it the family stays unknown.
pub(super) fn guest_os(domain: Node) -> GuestOs {
    let id = xml::child(domain, "metadata")
        .and_then(|m| xml::child(m, "libosinfo"))
        .and_then(|l| xml::child(l, "os"))
        .and_then(|o| xml::attr(o, "id"))
        .map(str::trim)
        .filter(|id| !id.is_empty());
    let mut os = id.map(crate::guest::from_libosinfo).unwrap_or_default();
    // The domain's own architecture is the fact; libosinfo ids name none.
    os.arch = xml::child(domain, "os")
        .and_then(|o| xml::child(o, "type"))
        .and_then(|t| xml::attr(t, "arch"))
        .map(Arch::from_name)
        .unwrap_or_default();
    os
}

pub(super) fn convert_os(
    file: &SourceFile,
    os: Node,
    os_type: Option<&str>,
    vm: &mut VmSpec,
) -> Result<(), ImportError> {
    if let Some(machine) = xml::child(os, "type").and_then(|t| xml::attr(t, "machine")) {
        let machine = machine.trim();
        if !machine.is_empty() {
            vm.machine_type = Some(machine.to_string());
        }
    }
    if matches!(os_type, Some("linux" | "xen" | "xenpvh")) {
        vm.warn(format!(
            "the guest is Xen paravirtualised (os type '{}'); it needs an HVM-capable kernel and bootloader to run under KVM",
            os_type.unwrap_or_default()
        ));
    }

    let loader = xml::child(os, "loader");
    let loader_path = loader.and_then(|l| l.text()).map(str::trim).unwrap_or("");
    let loader_pflash = loader.and_then(|l| xml::attr(l, "type")) == Some("pflash");
    let loader_looks_uefi = {
        let lower = loader_path.to_ascii_lowercase();
        ["ovmf", "aavmf", "edk2", "efi", "code.fd", "vars.fd"]
            .iter()
            .any(|hint| lower.contains(hint))
    };
    let nvram = xml::child(os, "nvram");
    let firmware_attr = xml::attr(os, "firmware").map(str::trim);
    let mut uefi = match firmware_attr {
        Some("efi") => true,
        Some("bios") => false,
        _ => loader_pflash || loader_looks_uefi || nvram.is_some(),
    };

    let mut secure = is_yes(loader.and_then(|l| xml::attr(l, "secure")));
    if let Some(features) = xml::child(os, "firmware") {
        let feature = |name: &str| {
            xml::children(features, "feature")
                .find(|f| xml::attr(*f, "name") == Some(name))
                .map(|f| is_yes(xml::attr(f, "enabled")))
        };
        // Only secure-boot firmware ships with enrolled keys, and with keys enrolled the
        // firmware enforces signatures.
        match (feature("secure-boot"), feature("enrolled-keys")) {
            (Some(on), _) => secure = on,
            (None, Some(true)) => secure = true,
            _ => {}
        }
    }
    if secure {
        uefi = true;
    }
    vm.firmware.kind = if uefi {
        FirmwareKind::Uefi
    } else {
        FirmwareKind::Bios
    };
    vm.firmware.secure_boot = secure;

    if let Some(nvram) = nvram {
        let path = nvram
            .text()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .or_else(|| xml::child(nvram, "source").and_then(|s| xml::attr(s, "file")));
        match path {
            Some(path) => vm.warn(format!(
                "the UEFI variables in {path} (nvram) are not carried; boot entries and enrolled keys start from the firmware defaults"
            )),
            None => vm.warn(
                "the UEFI variables store (nvram) is not carried; boot entries and enrolled keys start from the firmware defaults",
            ),
        }
    }

    let kernel = xml::child_text(os, "kernel");
    if let Some(kernel) = kernel {
        vm.warn(format!(
            "the guest boots a kernel from the host ({kernel}, with its initrd and command line); install a bootloader in the guest disk instead"
        ));
    }
    for boot in xml::children(os, "boot") {
        if let Some(dev) = xml::attr(boot, "dev") {
            if !matches!(dev.trim(), "hd" | "cdrom" | "network" | "fd") {
                return Err(ImportError::invalid(
                    xml::location(file, boot),
                    format!("unknown boot device {dev:?} (expected hd, cdrom, network or fd)"),
                ));
            }
        }
    }
    if let Some(domain) = os.parent() {
        if let Some(bootloader) = xml::child_text(domain, "bootloader") {
            vm.warn(format!(
                "the guest boots through the host bootloader {bootloader} (Xen pygrub style); it must boot from its own disk instead"
            ));
        }
    }
    Ok(())
}

/// Applies the legacy `<os><boot dev='...'/>` list when no device carries its own
/// `<boot order>` (libvirt forbids mixing the two).
pub(super) fn apply_legacy_boot_order(os: Node, vm: &mut VmSpec) {
    let any_explicit = vm.disks.iter().any(|d| d.boot_order.is_some())
        || vm.cdroms.iter().any(|c| c.boot_order.is_some());
    if any_explicit {
        return;
    }
    let mut order: u32 = 0;
    let mut seen = HashSet::new();
    for boot in xml::children(os, "boot") {
        let Some(dev) = xml::attr(boot, "dev").map(str::trim) else {
            continue;
        };
        if !seen.insert(dev) {
            continue;
        }
        match dev {
            "hd" => {
                if let Some(disk) = vm.disks.first_mut() {
                    order = order.saturating_add(1);
                    disk.boot_order = Some(order);
                }
            }
            "cdrom" => {
                if let Some(cdrom) = vm.cdroms.first_mut() {
                    order = order.saturating_add(1);
                    cdrom.boot_order = Some(order);
                }
            }
            "network" => vm.warn(
                "the boot order includes network (PXE) boot (<os><boot dev='network'/>); set a NIC boot order on the target if the guest needs it",
            ),
            "fd" => vm.warn(
                "the boot order includes the floppy drive (<os><boot dev='fd'/>); KubeVirt cannot boot from floppies",
            ),
            _ => {}
        }
    }
}

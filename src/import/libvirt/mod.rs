//! libvirt domain XML importer: `virsh dumpxml` output and defined-domain files
//! (`/etc/libvirt/qemu/*.xml`), for every hypervisor driver that runs virtual machines
//! (kvm, qemu, xen, vmware, bhyve, hvf, vz, test...).
//!
//! Choices worth knowing:
//! * `lxc`/`openvz` domains and `os/type` `exe` are containers and are refused.
//! * Files with unfilled build or format placeholders (`@abs_top_builddir@`, `{vm_uuid}`)
//!   are templates and are refused.
//! * `virt-install --print-xml` writes two `<domain>` documents one after the other (install
//!   phase, then boot phase). Such files are imported from the **last** document, the one
//!   that stays defined, with a warning. Document boundaries come from a small tokenizer that
//!   understands quotes, comments and CDATA, never from searching for `<domain`.
//! * A libvirt test-driver `<node>` file holding inline `<domain>`s yields one VM per domain.
//! * `<title>` and `<description>` both go into the description: the title first, then a
//!   blank line and the description.
//! * Without `<cpu><topology>`, the vCPUs are `N` sockets of one core, as libvirt itself
//!   reports them; `dies` and `clusters` fold into sockets.
//! * Domain XML never records disk sizes, so every disk gets a warning that says how to
//!   read the size from the image.
//! * Without per-device `<boot order>`, the legacy `<os><boot dev>` list gives boot orders
//!   to the first disk, CD-ROM... of each kind, in document order.

use super::units;
use super::{xml, ImportError, SourceFile};
use crate::model::{
    normalize_mac, Arch, Cdrom, Device, DeviceKind, Disk, DiskBacking, DiskBus, DiskFormat,
    DiskMode, FirmwareKind, GuestOs, Nic, NicAttachment, NicModel, SourceFormat, Tpm, VmSpec,
};
use roxmltree::Node;
use std::collections::{HashMap, HashSet};

mod devices;
mod documents;
mod hyperv;
mod os;
mod resources;
use devices::*;
use documents::*;
use hyperv::*;
use os::*;
use resources::*;

/// More top-level elements than this is not `virt-install` output; such files get the
/// parser's own error instead of a multi-document import.
const MAX_DOCUMENTS: usize = 16;

/// Parses one libvirt domain XML file.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    let text = xml::decode(file)?;
    // Declared before `doc`, which borrows it when the file holds several documents.
    let last_only: String;
    let (doc, documents) = match xml::parse(file, &text) {
        Ok(doc) => (doc, 1),
        Err(err) => match last_document_view(&text) {
            Some((view, count)) => {
                last_only = view;
                (xml::parse(file, &last_only)?, count)
            }
            None => return Err(err),
        },
    };
    let root = doc.root_element();
    refuse_templates(file, root)?;
    let name = root.tag_name().name();
    if name == "domain" {
        let mut vm = convert_domain(file, root, None)?;
        if documents > 1 {
            vm.warnings.insert(
                0,
                format!(
                    "the file holds {documents} <domain> documents (virt-install --print-xml \
                     writes the install phase, then the final definition); imported the last one"
                )
                .into(),
            );
        }
        return Ok(vec![vm]);
    }
    if name == "node" {
        // The libvirt test driver's world file: domains inline, beside networks and pools.
        let domains: Vec<Node> = xml::children(root, "domain")
            .filter(|d| d.children().any(|c| c.is_element()))
            .collect();
        if domains.is_empty() {
            return Err(ImportError::unsupported(
                xml::location(file, root),
                "a libvirt test-driver <node> file with no inline <domain>; import the domain XML files it refers to",
            ));
        }
        return domains
            .into_iter()
            .enumerate()
            .map(|(i, d)| convert_domain(file, d, Some(i)))
            .collect();
    }
    Err(ImportError::invalid(
        xml::location(file, root),
        format!("the root element is <{name}>, not a libvirt <domain>"),
    ))
}

/// Whether the start of a file looks like libvirt domain XML: its first element is `<domain>`.
pub fn looks_like(head: &str) -> bool {
    let mut rest = head.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            match after.find("?>") {
                Some(end) => rest = &after[end + 2..],
                None => return false,
            }
        } else if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = &after[end + 3..],
                None => return false,
            }
        } else {
            break;
        }
    }
    match rest.strip_prefix("<domain") {
        Some(after) => after
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() || c == '>' || c == '/'),
        None => false,
    }
}

fn convert_domain(
    file: &SourceFile,
    domain: Node,
    index: Option<usize>,
) -> Result<VmSpec, ImportError> {
    let kind = xml::attr(domain, "type").unwrap_or("").trim();
    if matches!(kind, "lxc" | "openvz") {
        return Err(ImportError::unsupported(
            xml::location(file, domain),
            format!(
                "this is a container (libvirt domain type '{kind}'), not a virtual machine; containers are not converted"
            ),
        ));
    }
    let os = xml::child(domain, "os");
    let os_type = os.and_then(|os| xml::child_text(os, "type"));
    if os_type == Some("exe") {
        return Err(ImportError::unsupported(
            xml::location(file, domain),
            "this is a container (os type 'exe' runs a process, not a guest OS), not a virtual machine; containers are not converted",
        ));
    }
    let Some(name) = xml::child_text(domain, "name") else {
        return Err(ImportError::invalid(
            xml::location(file, domain),
            "the <domain> has no <name>; libvirt requires one",
        ));
    };

    let mut vm = VmSpec::new(file.source_ref(SourceFormat::Libvirt, index), name);
    vm.uuid = xml::child_text(domain, "uuid").and_then(|raw| {
        if is_uuid(raw) {
            Some(raw.to_ascii_lowercase())
        } else {
            None
        }
    });
    if vm.uuid.is_none() {
        if let Some(raw) = xml::child_text(domain, "uuid") {
            vm.warn(format!("the <uuid> {raw:?} is not a UUID; it is left out"));
        }
    }
    let title = xml::child_text(domain, "title");
    let description = xml::child_text(domain, "description");
    vm.description = match (title, description) {
        (Some(t), Some(d)) => Some(format!("{t}\n\n{d}")),
        (Some(t), None) => Some(t.to_string()),
        (None, Some(d)) => Some(d.to_string()),
        (None, None) => None,
    };
    vm.guest_os = guest_os(domain);

    if let Some(os) = os {
        convert_os(file, os, os_type, &mut vm)?;
    }
    convert_memory(file, domain, &mut vm)?;
    convert_cpu(file, domain, &mut vm)?;
    convert_features(domain, &mut vm);
    convert_tuning(domain, &mut vm);
    if let Some(devices) = xml::child(domain, "devices") {
        Devices::new(file, devices).convert(devices, &mut vm)?;
    }
    if let Some(os) = os {
        apply_legacy_boot_order(os, &mut vm);
    }
    Ok(vm)
}

fn is_uuid(raw: &str) -> bool {
    let hex: String = raw.chars().filter(|&c| c != '-').collect();
    let dashes_ok =
        !raw.contains('-') || raw.split('-').map(str::len).collect::<Vec<_>>() == [8, 4, 4, 4, 12];
    hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()) && dashes_ok
}

/// A non-negative whole number, as libvirt writes counts and indexes.
fn parse_u32(raw: &str) -> Option<u32> {
    raw.trim().parse().ok()
}

/// A number libvirt accepts in decimal or `0x` hexadecimal (PCI and USB addresses).
fn parse_c_number(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    match raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => raw.parse().ok(),
    }
}

fn is_yes(value: Option<&str>) -> bool {
    matches!(value.map(str::trim), Some("yes" | "on"))
}

#[cfg(test)]
mod tests;

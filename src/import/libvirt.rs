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
    DiskMode, FirmwareKind, GuestOs, Nic, NicAttachment, NicModel, OsFamily, SourceFormat, Tpm,
    VmSpec,
};
use roxmltree::Node;
use std::collections::{HashMap, HashSet};

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
                ),
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

// ---------------------------------------------------------------------------------------
// Multi-document files
// ---------------------------------------------------------------------------------------

/// When `text` is several `<domain>` documents back to back, returns a copy in which
/// everything but the XML declaration and the last document is blanked (newlines kept, so
/// that line numbers in errors stay true), and the number of documents.
fn last_document_view(text: &str) -> Option<(String, usize)> {
    let elements = top_level_elements(text)?;
    if elements.len() < 2 || elements.iter().any(|e| e.name != "domain") {
        return None;
    }
    let last = elements.last()?;
    let decl_end = if text.starts_with("<?xml") {
        text.find("?>").map_or(0, |end| end + 2)
    } else {
        0
    };
    let view: String = text
        .char_indices()
        .map(|(at, c)| {
            let keep = at < decl_end || (at >= last.start && at < last.end);
            if keep || c == '\n' || c == '\r' {
                c
            } else {
                ' '
            }
        })
        .collect();
    Some((view, elements.len()))
}

struct TopElement<'a> {
    name: &'a str,
    start: usize,
    end: usize,
}

/// Byte ranges of the top-level elements of `text`. Returns `None` whenever the text is
/// not a clean sequence of elements (stray text, a DOCTYPE, unbalanced tags, too many
/// documents): the real parser then reports the problem.
fn top_level_elements(text: &str) -> Option<Vec<TopElement<'_>>> {
    let mut found = Vec::new();
    let mut depth: usize = 0;
    let mut open_start = 0;
    let mut open_name = "";
    let mut at = 0;
    while at < text.len() {
        let rest = text.get(at..)?;
        if !rest.starts_with('<') {
            let next = rest.find('<').unwrap_or(rest.len());
            if depth == 0 && !rest[..next].trim().is_empty() {
                return None;
            }
            at += next;
            continue;
        }
        if rest.starts_with("<!--") {
            at += rest.find("-->")? + 3;
        } else if rest.starts_with("<![CDATA[") {
            if depth == 0 {
                return None;
            }
            at += rest.find("]]>")? + 3;
        } else if rest.starts_with("<!") {
            return None;
        } else if rest.starts_with("<?") {
            at += rest.find("?>")? + 2;
        } else if rest.starts_with("</") {
            at += rest.find('>')? + 1;
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                found.push(TopElement {
                    name: open_name,
                    start: open_start,
                    end: at,
                });
            }
        } else {
            let tag_len = tag_length(rest)?;
            let name_end = rest[1..]
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .map_or(tag_len, |n| n + 1);
            let name = &rest[1..name_end];
            let self_closing = rest[..tag_len].ends_with("/>");
            if depth == 0 {
                open_start = at;
                open_name = name;
            }
            at += tag_len;
            if self_closing {
                if depth == 0 {
                    found.push(TopElement {
                        name,
                        start: open_start,
                        end: at,
                    });
                }
            } else {
                depth += 1;
            }
        }
        if found.len() > MAX_DOCUMENTS {
            return None;
        }
    }
    (depth == 0).then_some(found)
}

/// Length of the start tag at the beginning of `rest`, quotes respected.
fn tag_length(rest: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices().skip(1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return Some(i + 1),
            None if c == '<' => return None,
            None => {}
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------

/// Refuses documents with unfilled placeholders in attribute values or text. Metadata,
/// titles and descriptions are free text owned by other tools and are not searched.
fn refuse_templates(file: &SourceFile, root: Node) -> Result<(), ImportError> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_element() {
            let name = node.tag_name().name();
            if matches!(name, "metadata" | "description" | "title") {
                continue;
            }
            for attr in node.attributes() {
                if let Some(placeholder) = find_placeholder(attr.value()) {
                    return Err(template_error(file, node, placeholder));
                }
            }
            stack.extend(node.children());
        } else if node.is_text() {
            if let Some(placeholder) = node.text().and_then(find_placeholder) {
                return Err(template_error(file, node, placeholder));
            }
        }
    }
    Ok(())
}

fn template_error(file: &SourceFile, node: Node, placeholder: &str) -> ImportError {
    ImportError::unsupported(
        xml::location(file, node),
        format!(
            "this is a template with unfilled placeholders ({placeholder}); fill them in \
             (or use the file the template generates) before importing"
        ),
    )
}

/// The first `@NAME@`, `{name}` or `{{ name }}` placeholder in `value`.
///
/// Each candidate is scanned only over the characters a placeholder may hold, which stop at
/// the next `@` or `{`, so the whole search stays linear on hostile input.
fn find_placeholder(value: &str) -> Option<&str> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for (i, c) in value.char_indices() {
        let rest = &value[i + c.len_utf8()..];
        let (body_len, closer, open_len) = match c {
            '@' => (rest.find(|c: char| !ident(c)).unwrap_or(rest.len()), "@", 1),
            '{' if rest.starts_with('{') => {
                let inner = &rest[1..];
                let len = inner
                    .find(|c: char| !(ident(c) || c == '.' || c == ' '))
                    .unwrap_or(inner.len());
                (len, "}}", 2)
            }
            '{' => (rest.find(|c: char| !ident(c)).unwrap_or(rest.len()), "}", 1),
            _ => continue,
        };
        let body_start = i + open_len;
        let body = &value[body_start..body_start + body_len];
        let trimmed = body.trim();
        let starts_well = trimmed
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if starts_well && value[body_start + body_len..].starts_with(closer) {
            return Some(&value[i..body_start + body_len + closer.len()]);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// The domain
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Guest OS, firmware, boot
// ---------------------------------------------------------------------------------------

/// The guest OS from libosinfo metadata (`http://microsoft.com/win/2k19`), which
/// virt-install and virt-manager record; without it the family stays unknown.
fn guest_os(domain: Node) -> GuestOs {
    let mut os = GuestOs::default();
    if let Some(arch) = xml::child(domain, "os")
        .and_then(|o| xml::child(o, "type"))
        .and_then(|t| xml::attr(t, "arch"))
    {
        os.arch = arch_of(arch);
    }
    let id = xml::child(domain, "metadata")
        .and_then(|m| xml::child(m, "libosinfo"))
        .and_then(|l| xml::child(l, "os"))
        .and_then(|o| xml::attr(o, "id"))
        .map(str::trim)
        .filter(|id| !id.is_empty());
    if let Some(id) = id {
        let (family, version) = os_from_libosinfo(id);
        os.family = family;
        os.version = version;
        os.source_id = Some(id.to_string());
    }
    os
}

fn arch_of(raw: &str) -> Arch {
    match raw.trim() {
        "x86_64" | "amd64" => Arch::X86_64,
        "i686" | "i586" | "i486" | "i386" => Arch::I686,
        "aarch64" => Arch::Aarch64,
        "ppc64le" => Arch::Ppc64le,
        "s390x" => Arch::S390x,
        "" => Arch::Unknown,
        other => Arch::Other(other.to_string()),
    }
}

/// Family and version from a libosinfo id such as `http://redhat.com/rhel/9.2`.
fn os_from_libosinfo(id: &str) -> (OsFamily, Option<String>) {
    let rest = id
        .strip_prefix("http://")
        .or_else(|| id.strip_prefix("https://"))
        .unwrap_or(id);
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let vendor = parts.first().copied().unwrap_or("").to_ascii_lowercase();
    let product = parts.get(1).copied().unwrap_or("").to_ascii_lowercase();
    let version = parts
        .get(2)
        .copied()
        .filter(|v| !v.is_empty() && *v != "unknown");
    if vendor == "microsoft.com" {
        return match product.as_str() {
            "win" | "win-server" | "windows" => (OsFamily::Windows, version.map(windows_version)),
            _ => (OsFamily::Other, version.map(str::to_string)),
        };
    }
    let family = if vendor.contains("bsd") {
        OsFamily::Bsd
    } else if product.contains("solaris")
        || vendor.contains("solaris")
        || vendor.contains("openindiana")
        || product.contains("omnios")
        || vendor == "sun.com"
    {
        OsFamily::Solaris
    } else if vendor == "apple.com" {
        OsFamily::MacOs
    } else if vendor == "libosinfo.org" && product == "unknown" {
        OsFamily::Unknown
    } else if matches!(
        vendor.as_str(),
        "haiku-os.org" | "reactos.org" | "freedos.org" | "novell.com" | "ibm.com"
    ) && product != "suse"
    {
        OsFamily::Other
    } else {
        // redhat.com, ubuntu.com, debian.org, fedoraproject.org, suse.com, opensuse.org,
        // centos.org, archlinux.org, alpinelinux.org, libosinfo.org/linux...
        OsFamily::Linux
    };
    (family, version.map(str::to_string))
}

/// libosinfo's Windows versions (`2k19`, `2k8r2`, `10`) in Microsoft's own words.
fn windows_version(raw: &str) -> String {
    match raw.strip_prefix("2k") {
        Some("") => "2000".to_string(),
        Some(rest) => {
            let (year, r2) = match rest.strip_suffix("r2") {
                Some(year) => (year, " R2"),
                None => (rest, ""),
            };
            if year.len() == 1 || year.len() == 2 {
                format!("20{year:0>2}{r2}")
            } else {
                raw.to_string()
            }
        }
        None => raw.to_string(),
    }
}

fn convert_os(
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
fn apply_legacy_boot_order(os: Node, vm: &mut VmSpec) {
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

// ---------------------------------------------------------------------------------------
// Memory and CPU
// ---------------------------------------------------------------------------------------

/// Bytes of a libvirt scaled integer element (`<memory unit='GiB'>4</memory>`, KiB when no
/// unit is given).
fn scaled_bytes(file: &SourceFile, node: Node, default_unit: &str) -> Result<u64, ImportError> {
    let value = node.text().unwrap_or("").trim();
    let unit = xml::attr(node, "unit").unwrap_or(default_unit);
    units::to_bytes(value, unit).map_err(|err| {
        ImportError::invalid(
            xml::location(file, node),
            format!("<{}>: {err}", node.tag_name().name()),
        )
    })
}

fn mib(bytes: u64) -> String {
    if bytes.is_multiple_of(1 << 30) && bytes > 0 {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

fn convert_memory(file: &SourceFile, domain: Node, vm: &mut VmSpec) -> Result<(), ImportError> {
    match xml::child(domain, "memory") {
        Some(memory) => vm.memory.bytes = scaled_bytes(file, memory, "KiB")?,
        None => vm.warn("the domain has no <memory>; set the guest memory by hand"),
    }
    if let Some(current) = xml::child(domain, "currentMemory") {
        let current = scaled_bytes(file, current, "KiB")?;
        if current < vm.memory.bytes {
            vm.warn(format!(
                "the guest runs ballooned down to {} (currentMemory) of its {}; the import gives it the full {}",
                mib(current),
                mib(vm.memory.bytes),
                mib(vm.memory.bytes)
            ));
        }
    }
    if let Some(max) = xml::child(domain, "maxMemory") {
        let max_bytes = scaled_bytes(file, max, "KiB")?;
        let slots = xml::attr(max, "slots").and_then(parse_u32).unwrap_or(0);
        vm.memory.hotplug = true;
        vm.warn(format!(
            "memory hotplug is enabled up to {} in {slots} slots (maxMemory); the import keeps only the hotplug flag",
            mib(max_bytes)
        ));
    }
    if let Some(backing) = xml::child(domain, "memoryBacking") {
        let mut parts = Vec::new();
        for setting in backing.children().filter(|c| c.is_element()) {
            let name = setting.tag_name().name();
            if name == "hugepages" {
                let sizes: Vec<String> = xml::children(setting, "page")
                    .filter_map(|p| {
                        let size = xml::attr(p, "size")?;
                        let unit = xml::attr(p, "unit").unwrap_or("KiB");
                        Some(format!("{size} {unit}"))
                    })
                    .collect();
                if sizes.is_empty() {
                    parts.push("hugepages".to_string());
                } else {
                    parts.push(format!("hugepages of {}", sizes.join(", ")));
                }
            } else {
                parts.push(name.to_string());
            }
        }
        if !parts.is_empty() {
            vm.warn(format!(
                "memory backing settings are not carried: {} (memoryBacking)",
                parts.join(", ")
            ));
        }
    }
    Ok(())
}

fn convert_cpu(file: &SourceFile, domain: Node, vm: &mut VmSpec) -> Result<(), ImportError> {
    let vcpu = xml::child(domain, "vcpu");
    let max = match vcpu {
        Some(node) => {
            let raw = node.text().unwrap_or("").trim();
            match parse_u32(raw) {
                Some(n) if n > 0 => n,
                _ => {
                    return Err(ImportError::invalid(
                        xml::location(file, node),
                        format!("<vcpu> {raw:?} is not a positive whole number"),
                    ))
                }
            }
        }
        None => 1,
    };
    if let Some(node) = vcpu {
        if let Some(current) = xml::attr(node, "current").and_then(parse_u32) {
            if current < max {
                vm.cpu.hotplug = true;
                vm.warn(format!(
                    "the guest boots with {current} of its {max} vCPUs online (vcpu current); the import gives it all {max}, with CPU hotplug on"
                ));
            }
        }
        if let Some(cpuset) = xml::attr(node, "cpuset") {
            vm.warn(format!(
                "the vCPUs are restricted to host CPUs {cpuset} (vcpu cpuset); CPU pinning is not carried"
            ));
            vm.cpu_affinity = Some(cpuset.to_string());
        }
    }

    vm.cpu.sockets = max;
    vm.cpu.cores = 1;
    vm.cpu.threads = 1;
    let cpu = xml::child(domain, "cpu");
    if let Some(topology) = cpu.and_then(|c| xml::child(c, "topology")) {
        let get = |name: &str| -> Result<u32, ImportError> {
            match xml::attr(topology, name) {
                None => Ok(1),
                Some(raw) => match parse_u32(raw) {
                    Some(n) if n > 0 => Ok(n),
                    _ => Err(ImportError::invalid(
                        xml::location(file, topology),
                        format!("<topology {name}={raw:?}> is not a positive whole number"),
                    )),
                },
            }
        };
        let sockets = get("sockets")?
            .saturating_mul(get("dies")?)
            .saturating_mul(get("clusters")?);
        let cores = get("cores")?;
        let threads = get("threads")?;
        let total = sockets.saturating_mul(cores).saturating_mul(threads);
        if total == max {
            vm.cpu.sockets = sockets;
            vm.cpu.cores = cores;
            vm.cpu.threads = threads;
        } else {
            vm.warn(format!(
                "the CPU topology ({sockets} sockets x {cores} cores x {threads} threads = {total}) does not match the {max} vCPUs; the import uses {max} sockets of one core"
            ));
        }
    }
    if let Some(cpu) = cpu {
        let mode = xml::attr(cpu, "mode").map(str::trim).unwrap_or("custom");
        let model = xml::child_text(cpu, "model");
        let features = xml::children(cpu, "feature").count();
        let extra = if features > 0 {
            format!(" with {features} CPU feature settings")
        } else {
            String::new()
        };
        match (mode, model) {
            ("custom", Some(model)) => vm.warn(format!(
                "the CPU model '{model}'{extra} is not carried; the target cluster's default CPU model applies"
            )),
            ("custom", None) if features > 0 => vm.warn(format!(
                "{features} CPU feature settings are not carried; the target cluster's default CPU model applies"
            )),
            ("custom", None) => {}
            (mode, _) => vm.warn(format!(
                "the CPU mode '{mode}'{extra} is not carried; set the KubeVirt CPU model if the guest needs it"
            )),
        }
        if let Some(numa) = xml::child(cpu, "numa") {
            let cells = xml::children(numa, "cell").count();
            vm.warn(format!(
                "the guest NUMA topology ({cells} cells, cpu/numa) is not carried"
            ));
        }
    }
    Ok(())
}

/// Hypervisor features that change how a guest behaves after the move.
fn convert_features(domain: Node, vm: &mut VmSpec) {
    let Some(features) = xml::child(domain, "features") else {
        return;
    };
    if let Some(hyperv) = xml::child(features, "hyperv") {
        let enabled: Vec<&str> = hyperv
            .children()
            .filter(|c| c.is_element() && xml::attr(*c, "state").is_none_or(|s| s == "on"))
            .map(|c| c.tag_name().name())
            .collect();
        let mode = xml::attr(hyperv, "mode").filter(|m| *m == "passthrough");
        if !enabled.is_empty() || mode.is_some() {
            let list = if enabled.is_empty() {
                "passthrough mode".to_string()
            } else {
                enabled.join(", ")
            };
            vm.warn(format!(
                "Hyper-V enlightenments ({list}) are not carried; set them on the KubeVirt VM for Windows guests"
            ));
        }
    }
    let hidden = xml::child(features, "kvm")
        .and_then(|k| xml::child(k, "hidden"))
        .and_then(|h| xml::attr(h, "state"));
    if hidden == Some("on") {
        vm.warn("the KVM signature is hidden from the guest (kvm/hidden), usually for GPU drivers; this is not carried");
    }
}

/// Host-side tuning and other domain-level settings that have no place in the model.
fn convert_tuning(domain: Node, vm: &mut VmSpec) {
    if let Some(cputune) = xml::child(domain, "cputune") {
        let mut names: Vec<&str> = Vec::new();
        for child in cputune.children().filter(|c| c.is_element()) {
            let name = child.tag_name().name();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if !names.is_empty() {
            vm.warn(format!(
                "CPU tuning is not carried (cputune: {})",
                names.join(", ")
            ));
        }
        let pins: Vec<&str> = cputune
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "vcpupin")
            .filter_map(|c| xml::attr(c, "cpuset"))
            .collect();
        if !pins.is_empty() && vm.cpu_affinity.is_none() {
            vm.cpu_affinity = Some(pins.join(";"));
        }
    }
    if let Some(numatune) = xml::child(domain, "numatune") {
        vm.warn("NUMA memory placement (numatune) is not carried");
        let nodeset = xml::child(numatune, "memory").and_then(|m| xml::attr(m, "nodeset"));
        vm.numa_affinity = Some(nodeset.unwrap_or("numatune").to_string());
    }
    for name in ["memtune", "blkiotune"] {
        if xml::child(domain, name).is_some_and(|n| n.children().any(|c| c.is_element())) {
            vm.warn(format!("resource limits ({name}) are not carried"));
        }
    }
    if let Some(count) = xml::child_text(domain, "iothreads").and_then(parse_u32) {
        if count > 0 {
            vm.warn(format!("{count} I/O threads (iothreads) are not carried"));
        }
    }
    if let Some(sec) = xml::child(domain, "launchSecurity") {
        let kind = xml::attr(sec, "type").unwrap_or("unknown");
        vm.warn(format!(
            "the guest uses confidential computing (launchSecurity type '{kind}'); it needs matching hosts and attestation on the target"
        ));
    }
    if xml::child(domain, "sysinfo").is_some() {
        vm.warn("custom SMBIOS data (sysinfo) is not carried; guests that license against it may need it set again");
    }
    if let Some(clock) = xml::child(domain, "clock") {
        match xml::attr(clock, "offset").map(str::trim) {
            Some("localtime") => vm.warn(
                "the guest's real-time clock runs in host local time (clock offset 'localtime'), as Windows expects; set the VM's clock timezone on the target",
            ),
            Some("timezone") => vm.warn(format!(
                "the guest's real-time clock runs in timezone {} (clock offset 'timezone'); set the VM's clock timezone on the target",
                xml::attr(clock, "timezone").unwrap_or("(unnamed)")
            )),
            Some("variable") if xml::attr(clock, "basis") == Some("localtime") => vm.warn(
                "the guest's real-time clock runs in host local time (clock basis 'localtime'), as Windows expects; set the VM's clock timezone on the target",
            ),
            _ => {}
        }
    }
    for commandline in xml::children(domain, "commandline") {
        let args: Vec<&str> = xml::children(commandline, "arg")
            .filter_map(|a| xml::attr(a, "value"))
            .collect();
        let envs = xml::children(commandline, "env").count();
        let shown: Vec<&str> = args.iter().take(6).copied().collect();
        let more = if args.len() > shown.len() { " ..." } else { "" };
        let env_note = if envs > 0 {
            format!(" and {envs} environment variables")
        } else {
            String::new()
        };
        vm.warn(format!(
            "raw QEMU arguments (qemu:commandline: {}{more}){env_note} are not carried",
            shown.join(" ")
        ));
    }
    if xml::children(domain, "capabilities").any(|c| c.children().any(|d| d.is_element())) {
        vm.warn("QEMU capability overrides (qemu:capabilities) are not carried");
    }
}

// ---------------------------------------------------------------------------------------
// Devices
// ---------------------------------------------------------------------------------------

struct Devices<'f> {
    file: &'f SourceFile,
    /// SCSI controller models by controller index.
    scsi_models: HashMap<u32, String>,
    disk_ids: HashSet<String>,
    nic_ids: HashSet<String>,
    serial_count: usize,
    nic_count: usize,
    disk_count: usize,
}

impl<'f> Devices<'f> {
    fn new(file: &'f SourceFile, devices: Node) -> Self {
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

    fn convert(&mut self, devices: Node, vm: &mut VmSpec) -> Result<(), ImportError> {
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

    fn unique(ids: &mut HashSet<String>, wanted: String, vm: &mut VmSpec) -> String {
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

    fn disk(&mut self, disk: Node, vm: &mut VmSpec) -> Result<(), ImportError> {
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
        vm.warn(format!(
            "disk {id}: libvirt XML does not record disk sizes; read it with {hint} and supply it"
        ));
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

    fn boot_order(&self, node: Node, id: &str, vm: &mut VmSpec) -> Option<u32> {
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

    fn interface(&mut self, iface: Node, vm: &mut VmSpec) {
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

fn disk_bus(bus: Option<&str>, dev: Option<&str>) -> DiskBus {
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

fn disk_format(raw: &str) -> DiskFormat {
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
fn format_from_extension(path: &str) -> Option<DiskFormat> {
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
fn source_path(kind: &str, source: Node) -> Option<String> {
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
fn storage_of(kind: &str, source: Node, path: Option<&str>) -> Option<String> {
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
fn backing_chain(disk: Node) -> Option<String> {
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

fn nic_model(raw: &str) -> NicModel {
    match raw.trim().to_ascii_lowercase().as_str() {
        "virtio" | "virtio-transitional" | "virtio-non-transitional" | "virtio-net" => {
            NicModel::Virtio
        }
        "e1000" | "e1000-82545em" => NicModel::E1000,
        "e1000e" => NicModel::E1000e,
        "rtl8139" => NicModel::Rtl8139,
        "vmxnet3" => NicModel::Vmxnet3,
        "vmxnet" | "vmxnet2" => NicModel::Vmxnet,
        "pcnet" | "vlance" => NicModel::Pcnet,
        other => NicModel::Other(other.to_string()),
    }
}

/// `0000:06:12.5` from a libvirt `<address domain= bus= slot= function=>`.
fn pci_address(address: Node) -> String {
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

fn tpm(node: Node, number: usize, vm: &mut VmSpec) {
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

fn hostdev(node: Node, vm: &mut VmSpec) {
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
fn serial_like(node: Node, kind: DeviceKind, what: &str, vm: &mut VmSpec) {
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

fn filesystem(node: Node, vm: &mut VmSpec) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Arch, FirmwareKind};

    fn import(text: &str) -> VmSpec {
        let file = SourceFile::from_bytes("test.xml", text.as_bytes().to_vec());
        let mut vms = parse(&file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(vms.len(), 1);
        vms.remove(0)
    }

    fn refuse(text: &str) -> ImportError {
        let file = SourceFile::from_bytes("test.xml", text.as_bytes().to_vec());
        parse(&file).expect_err("the file should be refused")
    }

    fn has_warning(vm: &VmSpec, needle: &str) -> bool {
        vm.warnings.iter().any(|w| w.contains(needle))
    }

    #[test]
    fn vcpu_pinning_and_numa_placement_are_recorded() {
        let vm = import(
            "<domain type='kvm'><name>pinned</name><memory unit='MiB'>1024</memory>\
             <vcpu placement='static'>2</vcpu>\
             <cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='3'/></cputune>\
             <numatune><memory mode='strict' nodeset='0-1'/></numatune>\
             <os><type arch='x86_64'>hvm</type></os></domain>",
        );
        assert_eq!(vm.cpu_affinity.as_deref(), Some("2;3"));
        assert_eq!(vm.numa_affinity.as_deref(), Some("0-1"));
        let vm = import(
            "<domain type='kvm'><name>set</name><memory unit='MiB'>1024</memory>\
             <vcpu placement='static' cpuset='4-7'>2</vcpu><os><type arch='x86_64'>hvm</type></os></domain>",
        );
        assert_eq!(vm.cpu_affinity.as_deref(), Some("4-7"));
        assert_eq!(vm.numa_affinity, None);
    }

    const WINDOWS: &str = r#"<domain type='kvm'>
  <name>win2k19-dc</name>
  <uuid>5C1D2F2E-8A8B-4B5C-9F3E-0123456789AB</uuid>
  <title>Domain controller</title>
  <description>Primary DC for corp.example</description>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://microsoft.com/win/2k19"/>
    </libosinfo:libosinfo>
  </metadata>
  <memory unit='GiB'>8</memory>
  <currentMemory unit='GiB'>8</currentMemory>
  <vcpu placement='static'>4</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>
    <firmware>
      <feature enabled='yes' name='enrolled-keys'/>
      <feature enabled='yes' name='secure-boot'/>
    </firmware>
    <loader readonly='yes' secure='yes' type='pflash'>/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd</loader>
    <nvram template='/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd'>/var/lib/libvirt/qemu/nvram/win2k19-dc_VARS.fd</nvram>
  </os>
  <features>
    <acpi/><apic/>
    <hyperv mode='custom'>
      <relaxed state='on'/>
      <vapic state='on'/>
      <spinlocks state='on' retries='8191'/>
    </hyperv>
    <smm state='on'/>
  </features>
  <cpu mode='host-passthrough' check='none' migratable='on'>
    <topology sockets='1' dies='1' cores='2' threads='2'/>
  </cpu>
  <clock offset='localtime'>
    <timer name='hypervclock' present='yes'/>
  </clock>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/win2k19-dc.qcow2'/>
      <target dev='sda' bus='sata'/>
      <boot order='1'/>
    </disk>
    <controller type='sata' index='0'/>
    <interface type='network'>
      <mac address='52:54:00:AA:BB:CC'/>
      <source network='default'/>
      <model type='e1000e'/>
    </interface>
    <tpm model='tpm-crb'>
      <backend type='emulator' version='2.0'/>
    </tpm>
    <graphics type='spice' autoport='yes'/>
    <video><model type='qxl'/></video>
  </devices>
</domain>"#;

    #[test]
    fn windows_with_uefi_secure_boot_and_tpm() {
        let vm = import(WINDOWS);
        assert_eq!(vm.name, "win2k19-dc");
        assert_eq!(
            vm.uuid.as_deref(),
            Some("5c1d2f2e-8a8b-4b5c-9f3e-0123456789ab")
        );
        assert_eq!(
            vm.description.as_deref(),
            Some("Domain controller\n\nPrimary DC for corp.example")
        );
        assert_eq!(vm.guest_os.family, OsFamily::Windows);
        assert_eq!(vm.guest_os.version.as_deref(), Some("2019"));
        assert_eq!(
            vm.guest_os.source_id.as_deref(),
            Some("http://microsoft.com/win/2k19")
        );
        assert_eq!(vm.guest_os.arch, Arch::X86_64);
        assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
        assert!(vm.firmware.secure_boot);
        assert_eq!(vm.machine_type.as_deref(), Some("pc-q35-8.2"));
        assert_eq!(vm.memory.bytes, 8 << 30);
        assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (1, 2, 2));
        assert_eq!(
            vm.tpm,
            Some(Tpm {
                version: Some("2.0".into()),
                passthrough: false
            })
        );
        assert_eq!(vm.disks.len(), 1);
        assert_eq!(vm.disks[0].bus, DiskBus::Sata);
        assert_eq!(vm.disks[0].format, Some(DiskFormat::Qcow2));
        assert_eq!(vm.disks[0].boot_order, Some(1));
        assert_eq!(vm.nics[0].mac.as_deref(), Some("52:54:00:aa:bb:cc"));
        assert_eq!(vm.nics[0].model, Some(NicModel::E1000e));
        assert_eq!(vm.nics[0].attachment, NicAttachment::Network);
        assert!(has_warning(&vm, "win2k19-dc_VARS.fd"));
        assert!(has_warning(&vm, "relaxed, vapic, spinlocks"));
        assert!(has_warning(&vm, "localtime"));
        assert!(has_warning(&vm, "host-passthrough"));
    }

    const LINUX: &str = r#"<domain type='kvm'>
  <name>web01</name>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://redhat.com/rhel/9.2"/>
    </libosinfo:libosinfo>
  </metadata>
  <memory unit='MiB'>4096</memory>
  <currentMemory unit='MiB'>2048</currentMemory>
  <vcpu current='2'>4</vcpu>
  <os>
    <type arch='x86_64' machine='pc-i440fx-rhel7.6.0'>hvm</type>
    <boot dev='cdrom'/>
    <boot dev='hd'/>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/web01.qcow2'/>
      <backingStore type='file'>
        <format type='qcow2'/>
        <source file='/var/lib/libvirt/images/rhel9-base.qcow2'/>
        <backingStore/>
      </backingStore>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='volume' device='disk'>
      <driver name='qemu' type='raw'/>
      <source pool='fast-ssd' volume='web01-data'/>
      <target dev='sdb' bus='scsi'/>
      <shareable/>
      <address type='drive' controller='1' bus='0' target='0' unit='1'/>
    </disk>
    <disk type='network' device='disk'>
      <driver name='qemu' type='raw'/>
      <source protocol='rbd' name='vms/web01-logs'>
        <host name='mon1.example' port='6789'/>
      </source>
      <target dev='vdc' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='/isos/rhel-9.2-x86_64-dvd.iso'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <controller type='scsi' index='0' model='lsilogic'/>
    <controller type='scsi' index='1' model='virtio-scsi'/>
    <interface type='bridge'>
      <mac address='52:54:00:12:34:56'/>
      <source bridge='br-prod'/>
      <vlan><tag id='120'/></vlan>
      <model type='virtio'/>
      <target dev='vnet3'/>
    </interface>
    <interface type='network'>
      <mac address='52-54-00-65-43-21'/>
      <source network='backup' portgroup='nightly'/>
      <model type='rtl8139'/>
      <link state='down'/>
    </interface>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
  </devices>
</domain>"#;

    #[test]
    fn linux_with_mixed_disks_cdrom_and_two_nics() {
        let vm = import(LINUX);
        assert_eq!(vm.guest_os.family, OsFamily::Linux);
        assert_eq!(vm.guest_os.version.as_deref(), Some("9.2"));
        assert_eq!(vm.firmware.kind, FirmwareKind::Bios);
        assert_eq!(vm.memory.bytes, 4096 << 20);
        assert!(has_warning(&vm, "ballooned down to 2 GiB"));
        assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (4, 1, 1));
        assert!(vm.cpu.hotplug);

        assert_eq!(vm.disks.len(), 3);
        let vda = &vm.disks[0];
        assert_eq!(vda.id, "vda");
        assert_eq!(vda.bus, DiskBus::Virtio);
        assert_eq!(vda.format, Some(DiskFormat::Qcow2));
        assert_eq!(
            vda.source_path.as_deref(),
            Some("/var/lib/libvirt/images/web01.qcow2")
        );
        assert_eq!(vda.capacity_bytes, None);
        // Legacy <boot dev> order: cdrom first, then the first disk.
        assert_eq!(vda.boot_order, Some(2));
        assert!(has_warning(&vm, "rhel9-base.qcow2"));
        assert!(has_warning(&vm, "disk vda: libvirt XML does not record"));

        let sdb = &vm.disks[1];
        assert_eq!(sdb.bus, DiskBus::Scsi);
        assert_eq!(sdb.controller.as_deref(), Some("virtio-scsi"));
        assert_eq!(sdb.storage.as_deref(), Some("fast-ssd"));
        assert_eq!(sdb.source_path.as_deref(), Some("web01-data"));
        assert!(sdb.shared);

        let vdc = &vm.disks[2];
        assert_eq!(vdc.backing, DiskBacking::Network);
        assert_eq!(vdc.source_path.as_deref(), Some("rbd://vms/web01-logs"));
        assert_eq!(vdc.storage.as_deref(), Some("vms"));

        assert_eq!(vm.cdroms.len(), 1);
        assert_eq!(vm.cdroms[0].id, "sda");
        assert_eq!(vm.cdroms[0].bus, DiskBus::Sata);
        assert_eq!(
            vm.cdroms[0].image.as_deref(),
            Some("/isos/rhel-9.2-x86_64-dvd.iso")
        );
        assert_eq!(vm.cdroms[0].boot_order, Some(1));

        assert_eq!(vm.nics.len(), 2);
        let bridge = &vm.nics[0];
        assert_eq!(bridge.id, "vnet3");
        assert_eq!(bridge.attachment, NicAttachment::Bridged);
        assert_eq!(bridge.network.as_deref(), Some("br-prod"));
        assert_eq!(bridge.vlan, Some(120));
        assert_eq!(bridge.model, Some(NicModel::Virtio));
        let backup = &vm.nics[1];
        assert_eq!(backup.id, "net1");
        assert_eq!(backup.attachment, NicAttachment::Network);
        assert_eq!(backup.network.as_deref(), Some("backup"));
        assert_eq!(backup.mac.as_deref(), Some("52:54:00:65:43:21"));
        assert_eq!(backup.model, Some(NicModel::Rtl8139));
        assert!(!backup.connected);
        assert!(has_warning(&vm, "port group 'nightly'"));

        // The console is serial0 seen again: one serial device, not two.
        assert_eq!(vm.devices.len(), 1);
        assert_eq!(vm.devices[0].kind, DeviceKind::Serial);
    }

    #[test]
    fn memory_units_follow_libvirt() {
        let with = |memory: &str| {
            import(&format!(
                "<domain type='qemu'><name>m</name>{memory}<vcpu>1</vcpu></domain>"
            ))
            .memory
            .bytes
        };
        assert_eq!(with("<memory>1048576</memory>"), 1 << 30);
        assert_eq!(with("<memory unit='KiB'>524288</memory>"), 512 << 20);
        assert_eq!(with("<memory unit='k'>1024</memory>"), 1 << 20);
        assert_eq!(with("<memory unit='MB'>1000</memory>"), 1_000_000_000);
        assert_eq!(with("<memory unit='M'>2048</memory>"), 2 << 30);
        assert_eq!(with("<memory unit='GiB'>16</memory>"), 16 << 30);
        assert_eq!(with("<memory unit='G'>2</memory>"), 2 << 30);
        assert_eq!(with("<memory unit='GB'>2</memory>"), 2_000_000_000);
        assert_eq!(with("<memory unit='TiB'>1</memory>"), 1 << 40);
        assert_eq!(with("<memory unit='bytes'>4096</memory>"), 4096);
        assert_eq!(with("<memory unit='b'>4096</memory>"), 4096);

        let err = refuse(
            "<domain type='qemu'><name>m</name>\n<memory unit='TiB'>99999999999</memory></domain>",
        );
        assert_eq!(err.kind.category(), "invalid");
        assert_eq!(err.location.line, Some(2));
        let err =
            refuse("<domain type='qemu'><name>m</name><memory unit='furlong'>1</memory></domain>");
        assert!(err.to_string().contains("furlong"), "{err}");
    }

    #[test]
    fn topology_dies_fold_into_sockets_and_mismatch_falls_back() {
        let vm = import(
            "<domain type='kvm'><name>t</name><memory>1024</memory><vcpu>16</vcpu>\
             <cpu><topology sockets='2' dies='2' cores='2' threads='2'/></cpu></domain>",
        );
        assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (4, 2, 2));
        let vm = import(
            "<domain type='kvm'><name>t</name><memory>1024</memory><vcpu>6</vcpu>\
             <cpu><topology sockets='1' cores='4' threads='1'/></cpu></domain>",
        );
        assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (6, 1, 1));
        assert!(has_warning(&vm, "does not match the 6 vCPUs"));
    }

    #[test]
    fn containers_are_refused() {
        let err = refuse(
            "<domain type='lxc'><name>c1</name><memory>500000</memory>\
             <os><type>exe</type><init>/sbin/init</init></os></domain>",
        );
        assert_eq!(err.kind.category(), "unsupported");
        assert!(err.to_string().contains("container"), "{err}");
    }

    #[test]
    fn templates_are_refused() {
        let err = refuse(
            "<domain type='test'><name>w</name><memory>1024</memory><devices>\n\
             <disk type='file' device='disk'><source file='@abs_top_builddir@/w.img'/>\
             <target dev='vda'/></disk></devices></domain>",
        );
        assert_eq!(err.kind.category(), "unsupported");
        assert!(err.to_string().contains("@abs_top_builddir@"), "{err}");
        assert_eq!(err.location.line, Some(2));
        let err = refuse("<domain type='kvm'><name>a</name><uuid>{vm_uuid}</uuid></domain>");
        assert!(err.to_string().contains("{vm_uuid}"), "{err}");
        // Braces in free-text metadata are not placeholders.
        let vm = import(
            "<domain type='kvm'><name>a</name><memory>1024</memory>\
             <description>see {notes}</description></domain>",
        );
        assert_eq!(vm.description.as_deref(), Some("see {notes}"));
        // Non-ASCII names and paths are not placeholders either.
        let vm = import(
            "<domain type='kvm'><name>虚拟机-café</name><memory>1024</memory><devices>\
             <disk type='file' device='disk'><source file='/données/vm@é.qcow2'/>\
             <target dev='vda' bus='virtio'/></disk></devices></domain>",
        );
        assert_eq!(vm.name, "虚拟机-café");
        assert_eq!(
            vm.disks[0].source_path.as_deref(),
            Some("/données/vm@é.qcow2")
        );
    }

    #[test]
    fn multidoc_files_import_the_last_document() {
        let text = r#"<domain type="kvm">
  <name>f38</name>
  <description>a &lt;domain type="x"&gt; in text, and <![CDATA[<domain>]]></description>
  <memory>2097152</memory>
  <os><type arch="x86_64">hvm</type><kernel>/tmp/vmlinuz</kernel></os>
  <devices>
    <disk type="file" device="cdrom"><source file="/isos/f38.iso"/><target dev="sda" bus="sata"/></disk>
    <interface type="network"><source network="x/>default"/></interface>
  </devices>
</domain>
<!-- second phase -->
<domain type="kvm">
  <name>f38</name>
  <memory>2097152</memory>
  <os><type arch="x86_64">hvm</type><boot dev="hd"/></os>
  <devices>
    <disk type="file" device="disk"><driver type="qcow2"/><source file="/img/f38.qcow2"/><target dev="vda" bus="virtio"/></disk>
    <disk type="file" device="cdrom"><target dev="sda" bus="sata"/></disk>
  </devices>
</domain>
"#;
        let vm = import(text);
        assert_eq!(vm.name, "f38");
        assert!(
            vm.warnings[0].contains("2 <domain> documents"),
            "{:?}",
            vm.warnings
        );
        assert_eq!(vm.disks.len(), 1);
        assert_eq!(vm.disks[0].boot_order, Some(1));
        assert_eq!(vm.cdroms[0].image, None);
        assert!(vm.nics.is_empty());
        assert!(!has_warning(&vm, "kernel"));

        // Errors in the last document point at its real line.
        let broken = text.replace("<boot dev=\"hd\"/>", "<boot dev=\"hd\" dev=\"cdrom\"/>");
        let err = refuse(&broken);
        assert_eq!(err.kind.category(), "malformed");
        assert_eq!(err.location.line, Some(15));
        // An unbalanced last document is still refused, with the parser's own error.
        let broken = text.replace("<boot dev=\"hd\"/>", "<boot dev=\"hd\">");
        assert_eq!(refuse(&broken).kind.category(), "malformed");
    }

    #[test]
    fn entity_bombs_are_refused() {
        let err = refuse(
            r#"<?xml version="1.0"?>
<!DOCTYPE domain [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<domain type="kvm"><name>&b;</name></domain>"#,
        );
        assert_eq!(err.kind.category(), "unsupported");
        assert!(err.to_string().contains("DTD"), "{err}");
    }

    #[test]
    fn passthrough_devices_and_floppies_are_accounted_for() {
        let vm = import(
            r#"<domain type='kvm'><name>gpu</name><memory>1048576</memory>
  <devices>
    <disk type='block' device='lun'><source dev='/dev/sdx'/><target dev='sdc' bus='scsi'/></disk>
    <disk type='file' device='floppy'><source file='/img/drivers.vfd'/><target dev='fda' bus='fdc'/></disk>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/></source>
    </hostdev>
    <hostdev mode='subsystem' type='usb'><source><vendor id='0x1050'/><product id='0x0407'/></source></hostdev>
    <hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address uuid='c2177883-f1bb-47f0-914d-32a22e3a8804'/></source></hostdev>
    <interface type='hostdev'><mac address='00:11:22:33:44:55'/>
      <source><address type='pci' domain='0' bus='5' slot='16' function='1'/></source></interface>
    <interface type='vhostuser'><source type='unix' path='/run/vhost.sock' mode='server'/></interface>
    <tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>
  </devices></domain>"#,
        );
        assert_eq!(vm.disks[0].backing, DiskBacking::Passthrough);
        assert_eq!(vm.disks[0].source_path.as_deref(), Some("/dev/sdx"));
        let kinds: Vec<DeviceKind> = vm.devices.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![
                DeviceKind::Floppy,
                DeviceKind::PciPassthrough,
                DeviceKind::UsbPassthrough,
                DeviceKind::Gpu,
                DeviceKind::PciPassthrough
            ]
        );
        assert_eq!(vm.devices[1].description, "host PCI device 0000:3b:00.0");
        assert_eq!(vm.devices[2].description, "host USB device 1050:0407");
        assert!(vm.devices[4].description.contains("0000:05:10.1"));
        assert!(has_warning(&vm, "floppy fda"));
        assert_eq!(vm.nics[0].attachment, NicAttachment::Passthrough);
        assert_eq!(vm.nics[1].attachment, NicAttachment::Other);
        assert!(has_warning(&vm, "interface net1"));
        assert_eq!(
            vm.tpm,
            Some(Tpm {
                version: None,
                passthrough: true
            })
        );
    }

    #[test]
    fn libosinfo_ids_map_to_families_and_versions() {
        let cases = [
            (
                "http://microsoft.com/win/2k19",
                OsFamily::Windows,
                Some("2019"),
            ),
            (
                "http://microsoft.com/win/2k8r2",
                OsFamily::Windows,
                Some("2008 R2"),
            ),
            ("http://microsoft.com/win/10", OsFamily::Windows, Some("10")),
            (
                "http://ubuntu.com/ubuntu/22.04",
                OsFamily::Linux,
                Some("22.04"),
            ),
            (
                "http://fedoraproject.org/fedora/38",
                OsFamily::Linux,
                Some("38"),
            ),
            ("http://centos.org/centos/7.0", OsFamily::Linux, Some("7.0")),
            ("http://debian.org/debian/12", OsFamily::Linux, Some("12")),
            (
                "http://opensuse.org/opensuse/15.4",
                OsFamily::Linux,
                Some("15.4"),
            ),
            (
                "http://freebsd.org/freebsd/13.0",
                OsFamily::Bsd,
                Some("13.0"),
            ),
            (
                "http://oracle.com/solaris/11",
                OsFamily::Solaris,
                Some("11"),
            ),
            (
                "http://fedoraproject.org/fedora/unknown",
                OsFamily::Linux,
                None,
            ),
            ("http://libosinfo.org/unknown", OsFamily::Unknown, None),
        ];
        for (id, family, version) in cases {
            assert_eq!(
                os_from_libosinfo(id),
                (family, version.map(String::from)),
                "{id}"
            );
        }
    }

    #[test]
    fn vmware_domains_keep_their_datastore() {
        let vm = import(
            r#"<domain type='vmware'><name>esx1</name><memory unit='KiB'>1048576</memory>
  <vcpu>2</vcpu><os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <source file='[datastore1] esx1/esx1.vmdk'/>
      <target dev='sda' bus='scsi'/>
      <address type='drive' controller='0' bus='0' target='0' unit='0'/>
    </disk>
    <controller type='scsi' index='0' model='vmpvscsi'/>
    <interface type='bridge'><mac address='00:50:56:aa:bb:01'/>
      <source bridge='VM Network'/><model type='vmxnet3'/></interface>
  </devices></domain>"#,
        );
        let disk = &vm.disks[0];
        assert_eq!(disk.storage.as_deref(), Some("datastore1"));
        assert_eq!(disk.format, Some(DiskFormat::Vmdk));
        assert_eq!(disk.controller.as_deref(), Some("vmpvscsi"));
        assert_eq!((vm.cpu.sockets, vm.cpu.cores), (2, 1));
        assert_eq!(vm.nics[0].network.as_deref(), Some("VM Network"));
        assert_eq!(vm.nics[0].model, Some(NicModel::Vmxnet3));
    }

    #[test]
    fn hostile_input_stays_linear_and_refused() {
        let braces = "{".repeat(200_000);
        let vm = import(&format!(
            "<domain type='kvm'><name>a</name><memory>1024</memory><on_crash>{braces}</on_crash></domain>"
        ));
        assert_eq!(vm.name, "a");
        let many = "<domain type='kvm'><name>a</name></domain>".repeat(5_000);
        assert_eq!(refuse(&many).kind.category(), "malformed");
        let deep = format!("<domain type='kvm'><name>a</name>{}", "<x>".repeat(100_000));
        assert_eq!(refuse(&deep).kind.category(), "malformed");
    }

    #[test]
    fn test_driver_node_files_yield_one_vm_per_domain() {
        let file = SourceFile::from_bytes(
            "node.xml",
            r#"<node>
  <domain type='test'><name>a</name><memory>1048576</memory><vcpu>2</vcpu></domain>
  <network><name>default</name></network>
  <domain type='test'><name>b</name><memory unit='GiB'>2</memory></domain>
</node>"#
                .as_bytes()
                .to_vec(),
        );
        let vms = parse(&file).unwrap_or_else(|e| panic!("{e}"));
        let summary: Vec<(&str, Option<usize>, u64, u32)> = vms
            .iter()
            .map(|vm| {
                (
                    vm.name.as_str(),
                    vm.source.index,
                    vm.memory.bytes,
                    vm.cpu.vcpus(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![("a", Some(0), 1 << 30, 2), ("b", Some(1), 2 << 30, 1)]
        );
    }

    #[test]
    fn looks_like_wants_a_domain_root() {
        assert!(looks_like(
            "<?xml version='1.0'?>\n<!-- x -->\n<domain type='kvm'>"
        ));
        assert!(looks_like("<domain>"));
        assert!(!looks_like("<domainx>"));
        assert!(!looks_like("<Envelope><domain/>"));
    }

    #[test]
    fn nameless_domains_and_other_roots_are_refused() {
        let err = refuse("<domain type='kvm'><memory>1</memory></domain>");
        assert_eq!(err.kind.category(), "invalid");
        let err = refuse("<network><name>default</name></network>");
        assert!(err.to_string().contains("<network>"), "{err}");
    }
}

//! OVF descriptor importer (OVF 0.9, 1.x and 2.0), also used for the descriptor inside an OVA.
//!
//! A descriptor is an XML `Envelope` that lists the package's files (`References`), its disks
//! (`DiskSection`), its logical networks (`NetworkSection`) and one `VirtualSystem` or a
//! `VirtualSystemCollection` (a vApp, possibly nested). Every `VirtualSystem` becomes one
//! `VmSpec`. Hardware is a flat list of CIM `Item`s told apart by their `ResourceType` number;
//! disks and drives name their controller by its `InstanceID` (`Parent`), disks name their
//! `DiskSection` entry by `HostResource` (`ovf:/disk/<diskId>`).
//!
//! Dialects differ in ways that matter here:
//! * Namespaces change between versions (`vmware.com/schema/ovf/1/envelope` for 0.9,
//!   `schemas.dmtf.org/ovf/envelope/1` and `/2`), so elements and attributes are matched by
//!   local name only.
//! * OVF 0.9 and oVirt write sections as `<Section xsi:type="ovf:DiskSection_Type">` and
//!   systems as `<Content xsi:type="ovf:VirtualSystem_Type">`.
//! * oVirt adds its own attributes (`ovf:disk-interface`, sizes in GiB in `ovf:size`) and
//!   per-item `Type`/`Device` children; VirtualBox embeds a whole `vbox:Machine`; VMware adds
//!   `vmw:Config`/`vmw:ExtraConfig` keys (firmware, secure boot, hot-add, passthrough).
//! * `DeploymentOptionSection` offers several configurations; items and properties tagged with
//!   `ovf:configuration` (a space-separated list of ids) apply only to theirs, and complete
//!   or override the untagged item with the same `InstanceID` child by child (DSP0243: a
//!   later item's child replaces the like-named children of earlier ones). The configuration
//!   the user names is imported, else the one marked `ovf:default="true"`, else the first.
//!
//! Disk capacities that are negative, zero, above 2^63-1 or an unresolved `${property}` do
//! not refuse the file: the disk is imported with an unknown capacity and a warning naming it.
//! One bad number in a DiskSection says nothing about the rest of the VM, and the user can
//! still size that one disk by hand, while a refusal would throw away every other VM and
//! device of the package.

use super::{text, units, xml, ErrorKind, ImportError, ImportOptions, SourceFile};
use crate::model::{
    normalize_mac, Arch, Cdrom, Device, DeviceKind, Disk, DiskBacking, DiskBus, DiskFormat,
    DiskMode, FirmwareKind, GuestOs, Nic, NicAttachment, NicModel, OsFamily, SourceFormat, Tpm,
    VmSpec,
};
use roxmltree::{Node, NodeId};
use std::collections::{HashMap, HashSet};

mod deployment;
mod envelope;
mod guest_os;
mod hardware;
mod nodes;
mod vendor;
use deployment::*;
use envelope::*;
use guest_os::*;
use nodes::*;
use vendor::*;

/// VirtualSystemCollections nested deeper than this are refused (real vApps nest 2 or 3 deep).
const MAX_COLLECTION_DEPTH: usize = 32;

/// Largest size we accept for a disk: VMware and Kubernetes both hold sizes in signed 64 bits.
const MAX_SIZE: u64 = i64::MAX as u64;

/// Parses one `.ovf` descriptor file.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    parse_with(file, &ImportOptions::default())
}

/// [`parse`] with the user's import options (the deployment option to import).
pub fn parse_with(file: &SourceFile, options: &ImportOptions) -> Result<Vec<VmSpec>, ImportError> {
    refuse_gzip(file)?;
    if text::strip_bom(&file.bytes)
        .iter()
        .all(u8::is_ascii_whitespace)
    {
        return Err(ImportError::invalid(file.at(), "the descriptor is empty"));
    }
    let text = xml::decode(file)?;
    parse_descriptor(file, &text, options)
}

/// Whether the start of a file looks like an OVF descriptor.
pub fn looks_like(head: &str) -> bool {
    head.contains("<Envelope") || head.contains(":Envelope")
}

/// Refuses gzip-compressed input (oVirt export-domain tarballs are often named `.ovf`).
pub fn refuse_gzip(file: &SourceFile) -> Result<(), ImportError> {
    if file.bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(ImportError::unsupported(
            file.at(),
            "the file is gzip-compressed (it starts with the bytes 1f 8b), not an OVF descriptor \
             or OVA; decompress it first (gunzip -c FILE > FILE.tar) and import the result",
        ));
    }
    Ok(())
}

/// Parses descriptor text already decoded from `file` (a plain `.ovf`, or the `.ovf` member
/// of an OVA, whose `file.name` then reads `archive.ova!/member.ovf`).
pub fn parse_descriptor(
    file: &SourceFile,
    text: &str,
    options: &ImportOptions,
) -> Result<Vec<VmSpec>, ImportError> {
    let Some(start) = text.find(|c: char| !c.is_whitespace()) else {
        return Err(ImportError::invalid(file.at(), "the descriptor is empty"));
    };
    if !text[start..].starts_with('<') {
        return Err(ImportError::syntax(
            file.at_line(text::line_of_offset(text.as_bytes(), start)),
            "the descriptor does not start with XML markup ('<'); the file is corrupted or is \
             not an OVF descriptor",
        ));
    }
    let doc = xml::parse(file, text)?;
    let root = doc.root_element();
    let root_name = root.tag_name().name();
    if root_name.eq_ignore_ascii_case("html") {
        return Err(ImportError::invalid(
            xml::location(file, root),
            "this is an HTML page (a saved error page or failed download?), not an OVF descriptor",
        ));
    }
    if root_name != "Envelope" {
        return Err(ImportError::invalid(
            xml::location(file, root),
            format!(
                "not an OVF descriptor: the root element is <{root_name}>, expected <Envelope>"
            ),
        ));
    }

    let found = placeholders(root);
    if !found.is_empty() {
        return Err(ImportError::unsupported(
            file.at(),
            format!(
                "this is a template with unfilled placeholders ({}); generate the real \
                 descriptor from it first",
                found.join(", ")
            ),
        ));
    }

    let mut systems = Vec::new();
    collect_systems(file, root, 0, &mut Vec::new(), &mut systems)?;
    if systems.is_empty() {
        return Err(ImportError::invalid(
            xml::location(file, root),
            "the OVF envelope describes no VirtualSystem",
        ));
    }

    let requested = options.ovf_deployment_option.as_deref();
    let mut package = Package::read(root, requested);
    check_requested_option(file, &package, requested)?;
    // Items a configuration states only in part, combined with the items they complete.
    let combined_texts = combined_items(text, root, package.config);
    let mut combined_docs = Vec::with_capacity(combined_texts.len());
    for (id, combined) in &combined_texts {
        match xml::parse(file, combined) {
            Ok(doc) => combined_docs.push((*id, doc)),
            Err(err) => package.warnings.push(format!(
                "items sharing an InstanceID could not be combined ({err}); the configuration's own item was used alone"
            )),
        }
    }
    package.combined = combined_docs
        .iter()
        .map(|(id, doc)| (*id, doc.root_element()))
        .collect();
    let multi = systems.len() > 1;
    let mut used_disks = HashSet::new();
    let mut vms = Vec::with_capacity(systems.len());
    let mut any_hardware = false;
    for (i, (system, ancestors)) in systems.iter().enumerate() {
        let index = multi.then_some(i);
        let mut builder = VmBuilder::new(file, &package, *system, ancestors, index);
        builder.build();
        if let Some(err) = builder.refusal.take() {
            return Err(err);
        }
        used_disks.extend(builder.used_disks.iter().copied());
        any_hardware |= builder.has_hardware();
        builder.vm.deployment_option = package.config.map(str::to_string);
        vms.push(builder.vm);
    }

    // Nothing to run: a VM made of assumptions (1 vCPU, an invented memory size, no disk)
    // would hide that the file is a stub (an empty shell exported before it was filled).
    if !any_hardware {
        return Err(ImportError::invalid(
            xml::location(file, root),
            "the descriptor describes no hardware at all (no CPU, memory, disk or NIC item in \
             any VirtualSystem); export the VM again with its VirtualHardwareSection",
        ));
    }

    // Disks named only by items of other deployment options are covered by the warning
    // about deployment options; the others are attached to nothing at all.
    let referenced: HashSet<usize> = root
        .descendants()
        .filter(|n| is_item(*n))
        .filter_map(|item| field(item, "HostResource"))
        .filter_map(|host| package.resolve_disk(host))
        .collect();
    if let Some(first) = vms.first_mut() {
        for (i, disk) in package.disks.iter().enumerate() {
            if !used_disks.contains(&i) && !referenced.contains(&i) {
                first.warn(format!(
                    "DiskSection disk {} is attached to no virtual system; it was not imported",
                    disk.id
                ));
            }
        }
    }
    for vm in &mut vms {
        for warning in &package.warnings {
            vm.warn(warning.clone());
        }
    }
    Ok(vms)
}

/// Refuses a deployment option the descriptor does not offer (a descriptor that offers
/// none imports, with a warning from [`Package::read`]).
fn check_requested_option(
    file: &SourceFile,
    package: &Package,
    requested: Option<&str>,
) -> Result<(), ImportError> {
    let Some(requested) = requested.filter(|_| !package.offered.is_empty()) else {
        return Ok(());
    };
    if package.config == Some(requested) {
        return Ok(());
    }
    Err(ImportError::new(
        file.at(),
        ErrorKind::UnknownDeploymentOption {
            requested: requested.to_string(),
            offered: package.offered.iter().map(|id| id.to_string()).collect(),
        },
    ))
}

/// Build-template placeholders (`{vmdk_size}`, `@FOO@`) in values the import reads.
/// Free text (annotations, EULAs, property defaults) may legitimately hold braces, and
/// `${key}` is OVF's own property reference, so those are not placeholders.
fn placeholders(root: Node) -> Vec<String> {
    const FREE_TEXT: &[&str] = &[
        "ProductSection",
        "EulaSection",
        "AnnotationSection",
        "Info",
        "Description",
        "Annotation",
        "License",
        "Label",
        "Strings",
    ];
    let mut found: Vec<String> = Vec::new();
    let mut note = |value: &str| {
        for placeholder in placeholders_in(value) {
            if found.len() < 5 && !found.contains(&placeholder) {
                found.push(placeholder);
            }
        }
    };
    // Depth-first with an explicit stack: documents can nest deeper than the call stack.
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_text() {
            note(node.text().unwrap_or(""));
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        let free =
            FREE_TEXT.contains(&name) || xsi_type(node).is_some_and(|t| FREE_TEXT.contains(&t));
        if free || is_unread_extension(node) {
            continue;
        }
        for attr in node.attributes() {
            note(attr.value());
        }
        stack.extend(node.children().rev());
    }
    found
}

/// A vendor extension element whose content the import does not read as written: the
/// placeholder check skips it, so a template marker in (say) an embedded `vbox:Machine`
/// does not refuse an otherwise concrete descriptor, exactly as `${...}` markers there never
/// did. The few values read from such blocks ignore a placeholder themselves (the
/// VirtualBox machine uuid); MACs and firmware names that are placeholders never parse.
/// VMware's `Config`/`ExtraConfig` keys and vCloud's `NetworkConnectionSection` feed the VM
/// directly, so they are still checked.
fn is_unread_extension(node: Node) -> bool {
    let Some(namespace) = node.tag_name().namespace() else {
        return false;
    };
    let standard = namespace.contains("schemas.dmtf.org")
        || namespace.contains("vmware.com/schema/ovf/1/envelope")
        || namespace.starts_with("http://www.w3.org/");
    if standard {
        return false;
    }
    !matches!(
        node.tag_name().name(),
        "Config" | "ExtraConfig" | "NetworkConnectionSection"
    )
}

pub(super) fn placeholders_in(value: &str) -> Vec<String> {
    // Nearly every value (most are the whitespace between elements) has neither mark: one
    // pass over its bytes answers, where the searches below cost ten times that.
    if !value.bytes().any(|b| b == b'{' || b == b'@') {
        return Vec::new();
    }
    let is_name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let mut out = Vec::new();
    let bytes = value.as_bytes();
    let mut rest = value;
    let mut offset = 0usize;
    while let Some(open) = rest.find('{') {
        let at = offset + open;
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let inner = &after[..close];
        let dollar = at > 0 && bytes.get(at - 1) == Some(&b'$');
        let double = after.starts_with('{');
        if !dollar && !double && is_name(inner) {
            out.push(format!("{{{inner}}}"));
        }
        offset = at + 1;
        rest = &value[offset..];
    }
    let trimmed = value.trim();
    if trimmed.len() > 2 && trimmed.starts_with('@') && trimmed.ends_with('@') {
        let inner = &trimmed[1..trimmed.len() - 1];
        if is_name(inner) {
            out.push(trimmed.to_string());
        }
    }
    out
}

/// Collects every VirtualSystem in document order with the collections around it.
fn collect_systems<'a, 'i>(
    file: &SourceFile,
    node: Node<'a, 'i>,
    depth: usize,
    path: &mut Vec<Node<'a, 'i>>,
    out: &mut Vec<(Node<'a, 'i>, Vec<Node<'a, 'i>>)>,
) -> Result<(), ImportError> {
    for child in node.children().filter(Node::is_element) {
        if is_section(child, "VirtualSystem") {
            out.push((child, path.clone()));
        } else if is_section(child, "VirtualSystemCollection") {
            if depth >= MAX_COLLECTION_DEPTH {
                return Err(ImportError::invalid(
                    xml::location(file, child),
                    format!(
                        "VirtualSystemCollections are nested more than {MAX_COLLECTION_DEPTH} deep"
                    ),
                ));
            }
            path.push(child);
            collect_systems(file, child, depth + 1, path, out)?;
            path.pop();
        }
    }
    Ok(())
}

/// A storage controller, by `InstanceID`.
#[derive(Clone)]
struct Controller {
    bus: DiskBus,
    model: Option<String>,
}

/// A device created from an item, for boot order.
#[derive(Clone, Copy)]
enum Slot {
    Disk(usize),
    Cdrom(usize),
    Nic(usize),
}

/// Builds one VmSpec from one VirtualSystem.
struct VmBuilder<'p, 'a, 'i> {
    pkg: &'p Package<'a, 'i>,
    system: Node<'a, 'i>,
    /// The system, then the collections around it, innermost first (property scopes).
    scopes: Vec<Node<'a, 'i>>,
    vm: VmSpec,
    used_ids: HashSet<String>,
    next_suffix: HashMap<String, u32>,
    /// vCloud NetworkConnections by connection index (they carry MACs).
    vcloud: HashMap<&'a str, Node<'a, 'i>>,
    controllers: HashMap<String, Controller>,
    slots: HashMap<String, Slot>,
    used_disks: HashSet<usize>,
    label: String,
    file: &'p SourceFile,
    /// Whether a CPU or memory item was read (disks and NICs are counted from `vm`).
    saw_cpu_or_memory: bool,
    /// Set when a value makes the whole VM unusable (a memory size past 64 bits): the file is
    /// refused rather than given a placeholder that hides the corruption.
    refusal: Option<ImportError>,
}

impl<'p, 'a, 'i> VmBuilder<'p, 'a, 'i> {
    fn new(
        file: &'p SourceFile,
        pkg: &'p Package<'a, 'i>,
        system: Node<'a, 'i>,
        ancestors: &[Node<'a, 'i>],
        index: Option<usize>,
    ) -> Self {
        let id = ovf_attr(system, "id").filter(|s| !s.trim().is_empty());
        let name = xml::child_text(system, "Name").or(id);
        let label = match (name, index) {
            (Some(name), _) => name.to_string(),
            (None, Some(i)) => format!("vm-{}", i + 1),
            (None, None) => "vm".to_string(),
        };
        let mut vm = VmSpec::new(file.source_ref(SourceFormat::Ovf, index), label.clone());
        if id.is_none() && name.is_some() {
            vm.warn(format!(
                "VirtualSystem '{label}' has no ovf:id, which OVF requires"
            ));
        }
        if name.is_none() {
            vm.warn("the VirtualSystem has neither a Name nor an ovf:id; it was named after its position");
        }
        let mut scopes = vec![system];
        scopes.extend(ancestors.iter().rev().copied());
        VmBuilder {
            pkg,
            system,
            scopes,
            vm,
            used_ids: HashSet::new(),
            next_suffix: HashMap::new(),
            vcloud: vcloud_connections(system),
            controllers: HashMap::new(),
            slots: HashMap::new(),
            used_disks: HashSet::new(),
            label,
            file,
            saw_cpu_or_memory: false,
            refusal: None,
        }
    }

    fn build(&mut self) {
        self.read_description();
        self.read_os();
        self.read_hardware();
        self.read_boot_order();
        self.read_snapshots();
        self.read_ovirt_bios();
        self.read_vbox_machine();
        for scope in &self.scopes {
            if let Some(warnings) = self.pkg.section_warnings.get(&scope.id()) {
                self.vm
                    .warnings
                    .extend(warnings.iter().cloned().map(crate::model::Warning::from));
            }
        }
    }

    /// Whether the system describes any hardware: a CPU, memory, a disk or a NIC.
    fn has_hardware(&self) -> bool {
        self.saw_cpu_or_memory || !self.vm.disks.is_empty() || !self.vm.nics.is_empty()
    }

    fn read_description(&mut self) {
        let annotation = sections(self.system, "AnnotationSection")
            .find_map(|s| child(s, "Annotation"))
            .map(all_text)
            .filter(|t| !t.is_empty());
        // oVirt keeps the description in a plain child of the system.
        let description =
            annotation.or_else(|| xml::child_text(self.system, "Description").map(str::to_string));
        self.vm.description = description;
    }

    fn read_os(&mut self) {
        let section = sections(self.system, "OperatingSystemSection").next();
        self.vm.guest_os = section.map(guest_os).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests;

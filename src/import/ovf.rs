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
//!   `ovf:configuration` apply only to theirs. The default configuration is imported.
//!
//! Disk capacities that are negative, zero, above 2^63-1 or an unresolved `${property}` do
//! not refuse the file: the disk is imported with an unknown capacity and a warning naming it.
//! One bad number in a DiskSection says nothing about the rest of the VM, and the user can
//! still size that one disk by hand, while a refusal would throw away every other VM and
//! device of the package.

use super::{text, units, xml, ImportError, SourceFile};
use crate::model::{
    normalize_mac, Arch, Cdrom, Device, DeviceKind, Disk, DiskBacking, DiskBus, DiskFormat,
    DiskMode, FirmwareKind, GuestOs, Nic, NicAttachment, NicModel, OsFamily, SourceFormat, Tpm,
    VmSpec,
};
use roxmltree::{Node, NodeId};
use std::collections::{HashMap, HashSet};

/// VirtualSystemCollections nested deeper than this are refused (real vApps nest 2 or 3 deep).
const MAX_COLLECTION_DEPTH: usize = 32;

/// Largest size we accept for a disk: VMware and Kubernetes both hold sizes in signed 64 bits.
const MAX_SIZE: u64 = i64::MAX as u64;

/// Parses one `.ovf` descriptor file.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    refuse_gzip(file)?;
    if text::strip_bom(&file.bytes)
        .iter()
        .all(u8::is_ascii_whitespace)
    {
        return Err(ImportError::invalid(file.at(), "the descriptor is empty"));
    }
    let text = xml::decode(file)?;
    parse_descriptor(file, &text)
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
pub fn parse_descriptor(file: &SourceFile, text: &str) -> Result<Vec<VmSpec>, ImportError> {
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

    let package = Package::read(root);
    let multi = systems.len() > 1;
    let mut used_disks = HashSet::new();
    let mut vms = Vec::with_capacity(systems.len());
    for (i, (system, ancestors)) in systems.iter().enumerate() {
        let index = multi.then_some(i);
        let mut builder = VmBuilder::new(file, &package, *system, ancestors, index);
        builder.build();
        used_disks.extend(builder.used_disks.iter().copied());
        vms.push(builder.vm);
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
        if free {
            continue;
        }
        for attr in node.attributes() {
            note(attr.value());
        }
        stack.extend(node.children().rev());
    }
    found
}

fn placeholders_in(value: &str) -> Vec<String> {
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

/// A `References/File` entry.
struct PackageFile<'a> {
    href: &'a str,
    size: Option<&'a str>,
    compression: Option<&'a str>,
    chunk_size: Option<&'a str>,
    lun: bool,
}

/// A `DiskSection/Disk` entry.
struct DiskDecl<'a, 'i> {
    node: Node<'a, 'i>,
    id: &'a str,
    file_ref: Option<&'a str>,
}

/// What the envelope says outside the virtual systems.
struct Package<'a, 'i> {
    root: Node<'a, 'i>,
    files: HashMap<&'a str, PackageFile<'a>>,
    disks: Vec<DiskDecl<'a, 'i>>,
    /// diskId (and, for oVirt, fileRef) → index in `disks`.
    disk_index: HashMap<&'a str, usize>,
    /// href → id, for oVirt disks whose fileRef holds the href.
    hrefs: HashMap<&'a str, &'a str>,
    networks: HashSet<&'a str>,
    /// The deployment option imported, when the descriptor offers several.
    config: Option<&'a str>,
    /// ProductSection properties of each system or collection, by element.
    properties: HashMap<NodeId, Properties<'a>>,
    /// Properties of every ProductSection in the file, first definition first.
    all_properties: Properties<'a>,
    /// Warnings about unknown required sections, by system or collection.
    section_warnings: HashMap<NodeId, Vec<String>>,
    /// Warnings that concern every VM of the file.
    warnings: Vec<String>,
}

/// The properties of one scope: keys in document order, and their values.
#[derive(Default)]
struct Properties<'a> {
    keys: Vec<String>,
    values: HashMap<String, Option<&'a str>>,
}

impl<'a> Properties<'a> {
    fn add(&mut self, key: String, value: Option<&'a str>) {
        if !self.values.contains_key(&key) {
            self.keys.push(key.clone());
            self.values.insert(key, value);
        }
    }
}

impl<'a, 'i> Package<'a, 'i> {
    fn read(root: Node<'a, 'i>) -> Self {
        let mut package = Package {
            root,
            files: HashMap::new(),
            disks: Vec::new(),
            disk_index: HashMap::new(),
            hrefs: HashMap::new(),
            networks: HashSet::new(),
            config: None,
            properties: HashMap::new(),
            all_properties: Properties::default(),
            section_warnings: HashMap::new(),
            warnings: Vec::new(),
        };
        for refs in elements(root).filter(|n| is_named(*n, "References")) {
            for file in elements(refs).filter(|n| is_named(*n, "File")) {
                let (Some(id), Some(href)) = (ovf_attr(file, "id"), ovf_attr(file, "href")) else {
                    continue;
                };
                package.hrefs.entry(href).or_insert(id);
                package.files.entry(id).or_insert(PackageFile {
                    href,
                    size: ovf_attr(file, "size"),
                    compression: ovf_attr(file, "compression")
                        .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("identity")),
                    chunk_size: ovf_attr(file, "chunkSize"),
                    lun: ovf_attr(file, "disk_storage_type")
                        .is_some_and(|t| t.eq_ignore_ascii_case("lun")),
                });
            }
        }
        for section in root.descendants().filter(|n| is_section(*n, "DiskSection")) {
            for disk in elements(section).filter(|n| is_named(*n, "Disk")) {
                let Some(id) = ovf_attr(disk, "diskId") else {
                    package
                        .warnings
                        .push("a DiskSection disk has no ovf:diskId; it was ignored".into());
                    continue;
                };
                if package.disk_index.contains_key(id) {
                    package.warnings.push(format!(
                        "DiskSection declares disk {id} more than once; the first was used"
                    ));
                    continue;
                }
                let file_ref = ovf_attr(disk, "fileRef").filter(|r| !r.is_empty());
                let index = package.disks.len();
                package.disk_index.insert(id, index);
                package.disks.push(DiskDecl {
                    node: disk,
                    id,
                    file_ref,
                });
            }
        }
        // oVirt items name their disk by the file reference (`<image group>/<image>`).
        for (index, disk) in package.disks.iter().enumerate() {
            if let Some(file_ref) = disk.file_ref {
                package.disk_index.entry(file_ref).or_insert(index);
            }
        }
        for section in root
            .descendants()
            .filter(|n| is_section(*n, "NetworkSection"))
        {
            for network in elements(section).filter(|n| is_named(*n, "Network")) {
                if let Some(name) = ovf_attr(network, "name") {
                    package.networks.insert(name);
                }
            }
        }

        package.read_deployment_options();
        package.read_properties();
        unknown_sections(root, "the envelope", &mut package.warnings);
        for node in root.descendants() {
            let owner = if is_section(node, "VirtualSystem") {
                "VirtualSystem"
            } else if is_section(node, "VirtualSystemCollection") {
                "VirtualSystemCollection"
            } else {
                continue;
            };
            let name = ovf_attr(node, "id").unwrap_or("?");
            let mut warnings = Vec::new();
            unknown_sections(node, &format!("{owner} '{name}'"), &mut warnings);
            if !warnings.is_empty() {
                package.section_warnings.insert(node.id(), warnings);
            }
        }
        package
    }

    /// Indexes every ProductSection property once, by the system or collection holding it.
    fn read_properties(&mut self) {
        let config = self.config;
        for section in self
            .root
            .descendants()
            .filter(|n| is_section(*n, "ProductSection"))
        {
            let owner = section.parent_element().map(|p| p.id());
            for property in elements(section).filter(|n| is_named(*n, "Property")) {
                if !in_config(property, config) {
                    continue;
                }
                let Some(key) = property_key(section, property) else {
                    continue;
                };
                let mut value = ovf_attr(property, "value");
                for alternative in elements(property).filter(|n| is_named(*n, "Value")) {
                    if ovf_attr(alternative, "configuration").is_some()
                        && in_config(alternative, config)
                    {
                        value = ovf_attr(alternative, "value");
                    }
                }
                let value = value.map(str::trim).filter(|v| !v.is_empty());
                if let Some(owner) = owner {
                    self.properties
                        .entry(owner)
                        .or_default()
                        .add(key.clone(), value);
                }
                self.all_properties.add(key, value);
            }
        }
    }

    fn read_deployment_options(&mut self) {
        let Some(section) = elements(self.root).find(|n| is_section(*n, "DeploymentOptionSection"))
        else {
            return;
        };
        let configs: Vec<(&str, bool)> = elements(section)
            .filter(|n| is_named(*n, "Configuration"))
            .filter_map(|c| {
                let id = ovf_attr(c, "id")?;
                let default = ovf_attr(c, "default").is_some_and(is_true);
                Some((id, default))
            })
            .collect();
        let chosen = configs
            .iter()
            .find(|(_, default)| *default)
            .or(configs.first())
            .map(|(id, _)| *id);
        self.config = chosen;
        if configs.len() > 1 {
            if let Some(chosen) = chosen {
                let all: Vec<&str> = configs.iter().map(|(id, _)| *id).collect();
                self.warnings.push(format!(
                    "the descriptor offers deployment options {}; '{chosen}' (the default) was \
                     imported, and the hardware of the other options was not",
                    all.join(", ")
                ));
            }
        }
    }

    fn in_config(&self, node: Node) -> bool {
        in_config(node, self.config)
    }

    /// The DiskSection entry named by a `HostResource` (`ovf:/disk/<id>`, `/disk/<id>`, or
    /// oVirt's `<image group>/<image>` file reference).
    fn resolve_disk(&self, host: &str) -> Option<usize> {
        let host = host.trim();
        let path = host
            .strip_prefix("ovf:")
            .unwrap_or(host)
            .trim_start_matches('/');
        if let Some(id) = path.strip_prefix("disk/") {
            return self.disk_index.get(id).copied();
        }
        if path.starts_with("file/") {
            return None;
        }
        self.disk_index.get(host).copied()
    }
}

fn is_item(node: Node) -> bool {
    node.is_element()
        && matches!(
            node.tag_name().name(),
            "Item" | "StorageItem" | "EthernetPortItem"
        )
}

/// Warns about sections this importer does not know that the descriptor marks as required
/// (OVF's default): a strict OVF consumer would refuse the file for them.
fn unknown_sections(node: Node, owner: &str, warnings: &mut Vec<String>) {
    for child in elements(node) {
        let local = child.tag_name().name();
        let name = match local {
            "Section" => xsi_type(child).unwrap_or("Section"),
            _ if local.ends_with("Section") => local,
            _ => continue,
        };
        if KNOWN_SECTIONS.contains(&name) {
            continue;
        }
        if ovf_attr(child, "required").is_none_or(is_true) {
            warnings.push(format!(
                "{owner} has a section {name} marked required that this tool does not know; it was ignored"
            ));
        }
    }
}

/// Sections that are understood, or known to carry nothing a KubeVirt VM needs.
const KNOWN_SECTIONS: &[&str] = &[
    "DiskSection",
    "NetworkSection",
    "DeploymentOptionSection",
    "VirtualHardwareSection",
    "OperatingSystemSection",
    "AnnotationSection",
    "ProductSection",
    "EulaSection",
    "StartupSection",
    "ResourceAllocationSection",
    "InstallSection",
    "EnvironmentFilesSection",
    "BootDeviceSection",
    "SharedDiskSection",
    "ScaleOutSection",
    "PlacementGroupSection",
    "PlacementSection",
    "EncryptionSection",
    "BootOrderSection",
    "IpAssignmentSection",
    "StorageGroupSection",
    "StorageSection",
    "vServiceDependencySection",
    "TagBasedPlacementSection",
    "TagBasedPlacementGroupSection",
    "CpuCompatibilitySection",
    "MigrationUpgradeRequisitesSection",
    "VirtualDeviceGroupSection",
    "GuestCustomizationSection",
    "NetworkConfigSection",
    "NetworkConnectionSection",
    "CustomizationSection",
    "LeaseSettingsSection",
    "RuntimeInfoSection",
    "SnapshotSection",
    "SnapshotsSection",
    "AffinityGroupsSection",
    "AffinityLabelsSection",
];

/// Whether an element applies to the chosen deployment option.
fn in_config(node: Node, config: Option<&str>) -> bool {
    match (ovf_attr(node, "configuration"), config) {
        (Some(list), Some(chosen)) => list.split_whitespace().any(|c| c == chosen),
        _ => true,
    }
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
                self.vm.warnings.extend(warnings.iter().cloned());
            }
        }
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

    fn read_hardware(&mut self) {
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

        let items: Vec<Node> = elements(first)
            .filter(|n| is_item(*n))
            .filter(|n| self.pkg.in_config(*n))
            .filter(|n| ovf_attr(*n, "bound").is_none_or(|b| b == "normal"))
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
        if !saw_cpu && !items.is_empty() {
            self.vm
                .warn("the virtual hardware has no CPU item; 1 vCPU is assumed");
        }
        if !saw_memory && !items.is_empty() {
            self.vm.warn("the virtual hardware has no memory item");
        }
        self.note_properties(first);
    }

    /// VMware `vmw:Config` (VirtualMachineConfigSpec fields) and `vmw:ExtraConfig` (.vmx keys).
    fn read_config_keys(&mut self, hardware: Node) {
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

    /// Warns when the appliance expects OVF properties at boot, which KubeVirt does not deliver.
    fn note_properties(&mut self, hardware: Node) {
        let transport = ovf_attr(hardware, "transport")
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let Some(transport) = transport else {
            return;
        };
        let scoped: Vec<&Properties> = self
            .scopes
            .iter()
            .filter_map(|scope| self.pkg.properties.get(&scope.id()))
            .collect();
        let count: usize = scoped.iter().map(|p| p.keys.len()).sum();
        if count == 0 {
            return;
        }
        let shown: Vec<&str> = scoped
            .iter()
            .flat_map(|p| p.keys.iter())
            .take(5)
            .map(String::as_str)
            .collect();
        self.vm.warn(format!(
            "the appliance reads {count} OVF properties ({}{}) at boot through the '{transport}' \
             transport, which KubeVirt does not provide; pass them another way (e.g. cloud-init)",
            shown.join(", "),
            if count > shown.len() { ", ..." } else { "" }
        ));
    }

    fn read_controller(&mut self, item: Node) {
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

    fn read_cpu(&mut self, item: Node) {
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

    fn read_memory(&mut self, item: Node) {
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
            Err(err) => self
                .vm
                .warn(format!("memory size of {label} is unusable: {err}")),
        }
    }

    fn read_device(&mut self, item: Node<'a, 'i>, rtype: u32) {
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
    fn read_other(&mut self, item: Node, subtype: &str) {
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

    fn read_nvdimm(&mut self, item: Node) {
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

    fn read_disk(&mut self, item: Node<'a, 'i>) {
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

    fn read_cdrom(&mut self, item: Node) {
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

    fn read_nic(&mut self, item: Node) {
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

    /// vCloud exports keep MACs in their own section, matched by connection index.
    fn vcloud_connection(&self, item: Node) -> Option<Node<'a, 'i>> {
        let index = field(item, "AddressOnParent")?;
        self.vcloud.get(index).copied()
    }

    /// oVirt's own device items (`<Type>`/`<Device>` children).
    fn read_ovirt_device(&mut self, item: Node<'a, 'i>, rtype: u32, kind: &str) {
        let label = item_label(item);
        let device = field(item, "Device").unwrap_or(kind);
        match kind {
            "disk" => self.read_disk(item),
            "interface" => self.read_nic(item),
            "video" | "balloon" | "graphics" => {}
            "sound" => self.device(DeviceKind::Sound, format!("sound card {label} ({device})")),
            _ if rtype == 15 || rtype == 16 => self.read_cdrom(item),
            _ => self.vm.warn(format!(
                "oVirt device {label} of type '{kind}' ({device}) is not imported"
            )),
        }
    }

    fn read_boot_order(&mut self) {
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

    fn read_snapshots(&mut self) {
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

    fn read_ovirt_bios(&mut self) {
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
    fn read_vbox_machine(&mut self) {
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

    // --- helpers ---

    fn device(&mut self, kind: DeviceKind, description: String) {
        self.vm.devices.push(Device { kind, description });
    }

    fn remember_slot(&mut self, item: Node, slot: Slot) {
        if let Some(instance) = field(item, "InstanceID") {
            self.slots.insert(instance.to_string(), slot);
        }
    }

    fn unique_id(&mut self, base: &str, item: Node) -> String {
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
    fn bus_of(&mut self, item: Node, label: &str, what: &str) -> (DiskBus, Option<String>) {
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
    fn host_file(&self, reference: &str) -> Option<&'a str> {
        let reference = reference.trim();
        let path = reference
            .strip_prefix("ovf:")
            .unwrap_or(reference)
            .trim_start_matches('/');
        let id = path.strip_prefix("file/")?;
        self.pkg.files.get(id).map(|f| f.href)
    }

    /// Warns about package files whose size is absurd or that are stored compressed/chunked.
    fn check_file(&mut self, file: &PackageFile, label: &str) {
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
    fn disk_capacity(&mut self, decl: &DiskDecl, label: &str) -> Option<u64> {
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

    fn capacity_value(&mut self, value: &str, unit: &str, what: &str) -> Option<u64> {
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

    /// The value of a ProductSection property, searched from the system outwards and then
    /// anywhere in the file.
    fn property(&self, key: &str) -> Option<&'a str> {
        self.scopes
            .iter()
            .filter_map(|scope| self.pkg.properties.get(&scope.id()))
            .chain(std::iter::once(&self.pkg.all_properties))
            .find_map(|props| props.values.get(key).copied())
            .flatten()
    }

    fn count(&mut self, text: &str, label: &str) -> Option<u32> {
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

/// vCloud `NetworkConnection`s of a system, by `NetworkConnectionIndex`.
fn vcloud_connections<'a, 'i>(system: Node<'a, 'i>) -> HashMap<&'a str, Node<'a, 'i>> {
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

/// A property's full key: `class.key.instance` when the ProductSection sets them.
fn property_key(section: Node, property: Node) -> Option<String> {
    let key = ovf_attr(property, "key")?;
    let class = ovf_attr(section, "class").filter(|c| !c.is_empty());
    let instance = ovf_attr(section, "instance").filter(|i| !i.is_empty());
    let mut full = String::new();
    if let Some(class) = class {
        full.push_str(class);
        full.push('.');
    }
    full.push_str(key);
    if let Some(instance) = instance {
        full.push('.');
        full.push_str(instance);
    }
    Some(full)
}

/// Text that says whether two hardware sections describe the same hardware.
fn hardware_fingerprint(section: Node) -> String {
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

/// ExtraConfig keys that describe vSphere plumbing with no meaning after migration.
fn is_benign_extra_config(key: &str) -> bool {
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
fn ovirt_device<'a>(item: Node<'a, '_>) -> Option<&'a str> {
    let kind = elements(item).find(|n| {
        n.tag_name().name() == "Type"
            && n.tag_name()
                .namespace()
                .is_none_or(|ns| !ns.contains("CIM"))
    })?;
    kind.text().map(str::trim).filter(|t| !t.is_empty())
}

fn ovirt_interface(interface: &str) -> (DiskBus, Option<String>) {
    match interface.to_ascii_lowercase().as_str() {
        "virtio" => (DiskBus::Virtio, None),
        "virtio_scsi" => (DiskBus::Scsi, Some("virtio-scsi".into())),
        "ide" => (DiskBus::Ide, None),
        "sata" => (DiskBus::Sata, None),
        "spapr_vscsi" => (DiskBus::Scsi, Some("spapr-vscsi".into())),
        other => (DiskBus::Other(other.to_string()), None),
    }
}

fn scsi_model(subtype: &str) -> String {
    match subtype.to_ascii_lowercase().as_str() {
        "virtualscsi" | "pvscsi" | "paravirtual" => "pvscsi".into(),
        "virtio-scsi" | "virtioscsi" => "virtio-scsi".into(),
        other => other.to_string(),
    }
}

/// NIC model from a ResourceSubType, and whether it is a passthrough (SR-IOV) card.
fn nic_model(subtype: &str) -> (Option<NicModel>, bool) {
    let first = first_word(subtype);
    let model = match first.to_ascii_lowercase().as_str() {
        "e1000" => NicModel::E1000,
        "e1000e" => NicModel::E1000e,
        "vmxnet3" => NicModel::Vmxnet3,
        "vmxnet" | "vmxnet2" => NicModel::Vmxnet,
        "pcnet32" | "vlance" | "pcnet" | "am79c970a" | "am79c973" => NicModel::Pcnet,
        "virtionet" | "virtio" | "virtio-net" => NicModel::Virtio,
        "rtl8139" => NicModel::Rtl8139,
        "sriovethernetcard" => return (Some(NicModel::Other("sriov".into())), true),
        // oVirt's VmInterfaceType numbers.
        "0" => NicModel::Other("rtl8139_pv".into()),
        "1" => NicModel::Rtl8139,
        "2" => NicModel::E1000,
        "3" => NicModel::Virtio,
        "5" => return (Some(NicModel::Other("pci-passthrough".into())), true),
        "" => return (None, false),
        _ => NicModel::Other(first.to_string()),
    };
    (Some(model), false)
}

fn disk_format(url: &str) -> Option<DiskFormat> {
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

fn format_from_name(name: &str) -> Option<DiskFormat> {
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

fn format_size(bytes: u64) -> String {
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

// --- guest OS ---

/// Guest OS from an `OperatingSystemSection`: VMware's `vmw:osType` first (most precise),
/// then VirtualBox's `vbox:OSType`, then the CIM number and the description.
fn guest_os(section: Node) -> GuestOs {
    let cim = ovf_attr(section, "id")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let vmware = xml::attr(section, "osType")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let vbox = xml::child_text(section, "OSType");
    let description = xml::child_text(section, "Description");
    let version_attr = ovf_attr(section, "version")
        .map(str::trim)
        .filter(|s| !s.is_empty());

    let (mut os, from_id) = if let Some(id) = vmware {
        (os_from_vmware_id(id), id.to_string())
    } else if let Some(id) = vbox {
        let mut os = os_from_name(id);
        // VirtualBox marks 64-bit types with `_64`; the others are 32-bit.
        if os.arch == Arch::Unknown && !id.contains("64") {
            os.arch = Arch::I686;
        }
        (os, id.to_string())
    } else if let Some(number) = cim.and_then(|c| c.parse::<u32>().ok()) {
        (os_from_cim(number), number.to_string())
    } else if let Some(description) = description {
        // oVirt writes a UUID as the id and its OS name (`windows_2019x64`) as description.
        (os_from_name(description), description.to_string())
    } else {
        return GuestOs::default();
    };
    os.source_id = Some(from_id);
    if matches!(os.family, OsFamily::Unknown | OsFamily::Other) {
        if let Some(description) = description {
            let guess = os_from_name(description);
            if guess.family != OsFamily::Unknown && guess.family != OsFamily::Other {
                os.family = guess.family;
            }
        }
    }
    if os.version.is_none() {
        os.version = description
            .and_then(version_from_text)
            .or(version_attr.map(str::to_string));
    }
    if os.arch == Arch::Unknown {
        os.arch = description.map(arch_from_text).unwrap_or_default();
    }
    os
}

fn os(family: OsFamily, version: Option<&str>, arch: Arch) -> GuestOs {
    GuestOs {
        family,
        version: version.map(str::to_string),
        arch,
        source_id: None,
    }
}

/// VMware guest ids (`windows2019srv_64Guest`, `rhel8_64Guest`, `otherLinuxGuest`...).
fn os_from_vmware_id(id: &str) -> GuestOs {
    let lower = id.to_ascii_lowercase();
    let mut base = lower.strip_suffix("guest").unwrap_or(&lower);
    let arm = base.starts_with("arm");
    if let Some(rest) = base.strip_prefix("arm-") {
        base = rest;
    }
    let is64 = base.ends_with("64");
    let base = base
        .strip_suffix("_64")
        .or_else(|| base.strip_suffix("-64"))
        .or_else(|| base.strip_suffix("64"))
        .unwrap_or(base);
    let arch = if arm {
        Arch::Aarch64
    } else if is64 {
        Arch::X86_64
    } else if base.starts_with("other") && !base.contains("linux") {
        Arch::Unknown
    } else {
        Arch::I686
    };
    if base.starts_with("win") {
        let version = match base {
            "win31" => Some("3.1"),
            "win95" => Some("95"),
            "win98" => Some("98"),
            "winme" => Some("me"),
            "winnt" => Some("nt"),
            b if b.starts_with("win2000") => Some("2000"),
            b if b.starts_with("winxp") => Some("xp"),
            b if b.starts_with("winnet") => Some("2003"),
            "winlonghorn" => Some("2008"),
            "winvista" => Some("vista"),
            "windows7" => Some("7"),
            "windows7server" => Some("2008 R2"),
            "windows8" => Some("8"),
            "windows8server" => Some("2012"),
            "windows9" => Some("10"),
            "windows9server" => Some("2016"),
            "windows2019srv" => Some("2019"),
            "windows2019srvnext" => Some("2022"),
            "windows2022srvnext" => Some("2025"),
            "windows11" => Some("11"),
            "windows12" => Some("12"),
            "windowshyperv" => Some("2012 Hyper-V"),
            _ => None,
        };
        return os(OsFamily::Windows, version, arch);
    }
    let mut guess = os_from_name(base);
    guess.arch = arch;
    guess.version = match guess.family {
        // Darwin numbers are not macOS versions; "other3xLinux" carries a kernel series.
        OsFamily::MacOs => None,
        _ if base.starts_with("other") => None,
        _ => trailing_number(base),
    };
    guess
}

/// The digits that follow the leading letters of an id (`rhel8` → 8, `sles15` → 15).
fn trailing_number(id: &str) -> Option<String> {
    let rest = id.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let rest = rest.trim_start_matches(['_', '-']);
    (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())).then(|| rest.to_string())
}

/// Guess from any OS name or id (VirtualBox, oVirt, free-text descriptions).
fn os_from_name(name: &str) -> GuestOs {
    let lower = name.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let family = if has(&["darwin", "macos", "mac os", "osx", "os x"]) {
        OsFamily::MacOs
    } else if has(&["freebsd", "openbsd", "netbsd", "dragonfly", "bsd"]) {
        OsFamily::Bsd
    } else if has(&["solaris", "sunos"]) {
        OsFamily::Solaris
    } else if has(&["win"]) {
        OsFamily::Windows
    } else if has(&[
        "linux",
        "ubuntu",
        "debian",
        "rhel",
        "redhat",
        "red hat",
        "centos",
        "fedora",
        "suse",
        "sles",
        "oracle",
        "mandr",
        "turbolinux",
        "asianux",
        "photon",
        "coreos",
        "rocky",
        "alma",
        "amazon",
        "gentoo",
        "arch",
        "xandros",
        "kylin",
        "nld",
        "miracle",
        "pardus",
        "crx",
        "fusionos",
        "prolinux",
    ]) {
        OsFamily::Linux
    } else if has(&[
        "dos",
        "os2",
        "os/2",
        "netware",
        "sco",
        "unixware",
        "openserver",
        "ecomstation",
        "vmkernel",
        "esx",
        "qnx",
        "beos",
        "l4",
        "other",
    ]) {
        OsFamily::Other
    } else {
        OsFamily::Unknown
    };
    let mut version = None;
    if family == OsFamily::Windows {
        let stripped = strip_arch_suffix(&lower);
        let digits: String = stripped
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        version = match digits.as_str() {
            "" if stripped.contains("xp") => Some("xp".to_string()),
            "" if stripped.contains("vista") => Some("vista".to_string()),
            "" => None,
            "81" => Some("8.1".to_string()),
            d => Some(d.to_string()),
        };
    } else if family == OsFamily::Linux && !lower.starts_with("linux") {
        let stripped = strip_arch_suffix(&lower);
        let digits: String = stripped
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() && !stripped.contains("other") {
            version = Some(digits);
        }
    }
    GuestOs {
        family,
        version,
        arch: arch_from_text(name),
        source_id: None,
    }
}

fn strip_arch_suffix(lower: &str) -> &str {
    for suffix in ["_arm64", "_64", "x64", "-64", "64"] {
        if let Some(rest) = lower.strip_suffix(suffix) {
            return rest;
        }
    }
    lower
}

fn arch_from_text(text: &str) -> Arch {
    let lower = text.to_ascii_lowercase();
    if lower.contains("arm64") || lower.contains("aarch64") {
        Arch::Aarch64
    } else if lower.contains("ppc64") {
        Arch::Ppc64le
    } else if lower.contains("s390") {
        Arch::S390x
    } else if lower.contains("64-bit")
        || lower.contains("x86_64")
        || lower.contains("amd64")
        || lower.ends_with("x64")
        || lower.ends_with("_64")
    {
        Arch::X86_64
    } else if lower.contains("32-bit") || lower.contains("i386") || lower.contains("i686") {
        Arch::I686
    } else {
        Arch::Unknown
    }
}

/// CIM_OperatingSystem.OsType numbers (DMTF DSP1043), as OVF's `ovf:id`.
fn os_from_cim(id: u32) -> GuestOs {
    use OsFamily::*;
    let x64 = Arch::X86_64;
    let x86 = Arch::I686;
    let unknown = Arch::Unknown;
    match id {
        0 => GuestOs::default(),
        2 => os(MacOs, None, unknown),
        14 => os(Other, Some("dos"), x86),
        15 => os(Windows, Some("3.1"), x86),
        16 => os(Windows, Some("95"), x86),
        17 => os(Windows, Some("98"), x86),
        18 => os(Windows, Some("nt"), x86),
        19 => os(Windows, Some("ce"), unknown),
        29 | 30 => os(Solaris, None, unknown),
        81 => os(Solaris, None, x64),
        36 => os(Linux, None, unknown),
        41 | 42 | 43 | 65 => os(Bsd, None, unknown),
        78 => os(Bsd, None, x64),
        58 => os(Windows, Some("2000"), x86),
        63 => os(Windows, Some("me"), x86),
        67 => os(Windows, Some("xp"), x86),
        71 => os(Windows, Some("xp"), x64),
        72 => os(Windows, Some("xp"), x86),
        69 => os(Windows, Some("2003"), x86),
        70 => os(Windows, Some("2003"), x64),
        73 => os(Windows, Some("vista"), x86),
        74 => os(Windows, Some("vista"), x64),
        76 => os(Windows, Some("2008"), x86),
        77 => os(Windows, Some("2008"), x64),
        103 => os(Windows, Some("2008 R2"), x64),
        105 => os(Windows, Some("7"), unknown),
        111 => os(Windows, Some("2011"), x64),
        112 => os(Windows, None, x64),
        113 => os(Windows, Some("8"), x86),
        114 => os(Windows, Some("8"), x64),
        115 => os(Windows, Some("2012 R2"), x64),
        79 | 82 | 84 | 87 | 88 | 89 | 91 | 93 | 95 | 97 | 99 | 106 | 108 => os(Linux, None, x86),
        80 | 83 | 85 | 90 | 92 | 94 | 96 | 98 | 100 | 101 | 107 | 109 => os(Linux, None, x64),
        86 => os(Linux, None, unknown),
        102 => os(Other, None, x64),
        1
        | 3..=13
        | 20..=28
        | 31..=35
        | 37..=40
        | 44..=57
        | 59..=62
        | 64
        | 66
        | 68
        | 75
        | 104
        | 110 => os(Other, None, unknown),
        _ => GuestOs::default(),
    }
}

/// A version number in free text: `Microsoft Windows Server 2019 (64-bit)` → `2019`,
/// `Ubuntu Linux 8.04.1` → `8.04.1`, `... 2008 R2 ...` → `2008 R2`.
fn version_from_text(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ','))
        .filter(|t| !t.is_empty())
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        let looks_numeric = token.starts_with(|c: char| c.is_ascii_digit())
            && token.chars().all(|c| c.is_ascii_digit() || c == '.')
            && !token.ends_with('.');
        if !looks_numeric {
            continue;
        }
        if tokens
            .get(i + 1)
            .is_some_and(|next| next.eq_ignore_ascii_case("r2"))
        {
            return Some(format!("{token} R2"));
        }
        return Some((*token).to_string());
    }
    None
}

// --- XML helpers ---

fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

fn is_named(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    elements(node).find(|n| n.tag_name().name() == name)
}

/// The section type named by `xsi:type` (`ovf:DiskSection_Type` → `DiskSection`).
fn xsi_type<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    let value = node
        .attributes()
        .find(|a| {
            a.name() == "type"
                && a.namespace()
                    .is_some_and(|ns| ns.contains("XMLSchema-instance"))
        })
        .map(|a| a.value())?;
    let local = value.rsplit(':').next().unwrap_or(value);
    Some(local.strip_suffix("_Type").unwrap_or(local))
}

/// Whether `node` is section `name`, written as its own element (OVF 1.x/2.x) or as
/// `<Section xsi:type="ovf:NAME_Type">` / `<Content xsi:type=...>` (OVF 0.9, oVirt).
fn is_section(node: Node, name: &str) -> bool {
    if !node.is_element() {
        return false;
    }
    let local = node.tag_name().name();
    if local == name {
        return true;
    }
    (local == "Section" || local == "Content") && xsi_type(node) == Some(name)
}

fn sections<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    elements(node).filter(move |n| is_section(*n, name))
}

/// An OVF attribute (`ovf:id`) by local name, preferring the OVF namespace over vendor ones
/// that reuse the same local name (`vmw:id`).
fn ovf_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    let mut fallback = None;
    for attr in node.attributes() {
        if attr.name() != name {
            continue;
        }
        match attr.namespace() {
            Some(ns) if ns.contains("envelope") => return Some(attr.value()),
            None => return Some(attr.value()),
            _ => {
                if fallback.is_none() {
                    fallback = Some(attr.value());
                }
            }
        }
    }
    fallback
}

/// A RASD field of an item (`rasd:ResourceType`, `sasd:...`, `epasd:...`), trimmed.
fn field<'a>(item: Node<'a, '_>, name: &str) -> Option<&'a str> {
    xml::child_text(item, name)
}

/// A `vmw:Config` value on an item.
fn config_value<'a>(item: Node<'a, '_>, key: &str) -> Option<&'a str> {
    elements(item)
        .filter(|n| n.tag_name().name() == "Config" || n.tag_name().name() == "ExtraConfig")
        .find(|n| xml::attr(*n, "key") == Some(key))
        .and_then(|n| xml::attr(n, "value"))
}

fn element_name<'a>(item: Node<'a, '_>) -> Option<&'a str> {
    field(item, "ElementName").or_else(|| field(item, "Caption"))
}

fn instance_label(item: Node) -> String {
    match field(item, "InstanceID") {
        Some(id) => format!("item {id}"),
        None => "item ?".to_string(),
    }
}

/// How warnings name an item: its ElementName and InstanceID.
fn item_label(item: Node) -> String {
    match (element_name(item), field(item, "InstanceID")) {
        (Some(name), Some(id)) => format!("'{name}' (item {id})"),
        (Some(name), None) => format!("'{name}'"),
        (None, _) => instance_label(item),
    }
}

fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}

fn is_true(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "yes"
    )
}

fn all_text(node: Node) -> String {
    let mut out = String::new();
    for text in node.descendants().filter(Node::is_text) {
        out.push_str(text.text().unwrap_or(""));
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NicModel;

    const NS: &str = r#"xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:vmw="http://www.vmware.com/schema/ovf" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData""#;

    fn import(name: &str, text: &str) -> Result<Vec<VmSpec>, ImportError> {
        parse(&SourceFile::from_bytes(name, text.as_bytes().to_vec()))
    }

    fn one(text: &str) -> VmSpec {
        let mut vms = import("test.ovf", text).unwrap();
        assert_eq!(vms.len(), 1);
        vms.remove(0)
    }

    fn has_warning(vm: &VmSpec, needle: &str) -> bool {
        vm.warnings.iter().any(|w| w.contains(needle))
    }

    fn windows_2019() -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope {NS}>
  <References>
    <File ovf:id="file1" ovf:href="win2019-disk1.vmdk" ovf:size="9876543210"/>
    <File ovf:id="file2" ovf:href="win2019.nvram" ovf:size="270840"/>
  </References>
  <DiskSection>
    <Info>Virtual disks</Info>
    <Disk ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:capacity="60" ovf:capacityAllocationUnits="byte * 2^30"
          ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
  </DiskSection>
  <NetworkSection>
    <Info>Networks</Info>
    <Network ovf:name="Prod-VLAN20"><Description>production</Description></Network>
  </NetworkSection>
  <VirtualSystem ovf:id="win2019-dc01">
    <Info>A virtual machine</Info>
    <Name>WIN2019-DC01</Name>
    <AnnotationSection><Info>note</Info><Annotation>Domain controller, site A</Annotation></AnnotationSection>
    <OperatingSystemSection ovf:id="112" vmw:osType="windows2019srv_64Guest">
      <Info>OS</Info>
      <Description>Microsoft Windows Server 2019 (64-bit)</Description>
    </OperatingSystemSection>
    <VirtualHardwareSection>
      <Info>Virtual hardware requirements</Info>
      <System>
        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
        <vssd:InstanceID>0</vssd:InstanceID>
        <vssd:VirtualSystemType>vmx-19</vssd:VirtualSystemType>
      </System>
      <Item>
        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
        <rasd:ElementName>4 virtual CPU(s)</rasd:ElementName>
        <rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>3</rasd:ResourceType>
        <rasd:VirtualQuantity>4</rasd:VirtualQuantity>
        <vmw:CoresPerSocket ovf:required="false">2</vmw:CoresPerSocket>
      </Item>
      <Item>
        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
        <rasd:ElementName>8192MB of memory</rasd:ElementName>
        <rasd:InstanceID>2</rasd:InstanceID>
        <rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>8192</rasd:VirtualQuantity>
      </Item>
      <Item>
        <rasd:Address>0</rasd:Address>
        <rasd:ElementName>SCSI Controller 0</rasd:ElementName>
        <rasd:InstanceID>3</rasd:InstanceID>
        <rasd:ResourceSubType>VirtualSCSI</rasd:ResourceSubType>
        <rasd:ResourceType>6</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:Address>0</rasd:Address>
        <rasd:ElementName>SATA Controller 0</rasd:ElementName>
        <rasd:InstanceID>4</rasd:InstanceID>
        <rasd:ResourceSubType>vmware.sata.ahci</rasd:ResourceSubType>
        <rasd:ResourceType>20</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>0</rasd:AddressOnParent>
        <rasd:ElementName>Hard disk 1</rasd:ElementName>
        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>
        <rasd:InstanceID>5</rasd:InstanceID>
        <rasd:Parent>3</rasd:Parent>
        <rasd:ResourceType>17</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>0</rasd:AddressOnParent>
        <rasd:AutomaticAllocation>false</rasd:AutomaticAllocation>
        <rasd:ElementName>CD/DVD drive 1</rasd:ElementName>
        <rasd:InstanceID>6</rasd:InstanceID>
        <rasd:Parent>4</rasd:Parent>
        <rasd:ResourceSubType>vmware.cdrom.remotepassthrough</rasd:ResourceSubType>
        <rasd:ResourceType>15</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:Address>00:50:56:9A:0B:1C</rasd:Address>
        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>
        <rasd:Connection>Prod-VLAN20</rasd:Connection>
        <rasd:ElementName>Network adapter 1</rasd:ElementName>
        <rasd:InstanceID>7</rasd:InstanceID>
        <rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>
        <rasd:ResourceType>10</rasd:ResourceType>
      </Item>
      <Item ovf:required="false">
        <rasd:AutomaticAllocation>false</rasd:AutomaticAllocation>
        <rasd:ElementName>Virtual TPM</rasd:ElementName>
        <rasd:InstanceID>8</rasd:InstanceID>
        <rasd:ResourceSubType>vmware.vtpm</rasd:ResourceSubType>
        <rasd:ResourceType>1</rasd:ResourceType>
      </Item>
      <Item ovf:required="false">
        <rasd:ElementName>Video card</rasd:ElementName>
        <rasd:InstanceID>9</rasd:InstanceID>
        <rasd:ResourceType>24</rasd:ResourceType>
      </Item>
      <vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="efi"/>
      <vmw:Config ovf:required="false" vmw:key="bootOptions.efiSecureBootEnabled" vmw:value="true"/>
      <vmw:Config ovf:required="false" vmw:key="cpuHotAddEnabled" vmw:value="true"/>
      <vmw:Config ovf:required="false" vmw:key="memoryHotAddEnabled" vmw:value="false"/>
      <vmw:Config ovf:required="false" vmw:key="uuid" vmw:value="4234f1a2-1b2c-3d4e-5f60-718293a4b5c6"/>
      <vmw:ExtraConfig ovf:required="false" vmw:key="nvram" vmw:value="ovf:/file/file2"/>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>"#
        )
    }

    #[test]
    fn disk_enable_uuid_in_extra_config_is_recorded() {
        assert!(!one(&windows_2019()).disk_uuid);
        let text = windows_2019().replace(
            "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
            "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"disk.EnableUUID\" vmw:value=\"TRUE\"/>\n      \
             <vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
        );
        let vm = one(&text);
        assert!(vm.disk_uuid);
        assert!(!vm.warnings.iter().any(|w| w.contains("EnableUUID")));
    }

    #[test]
    fn cpu_and_numa_affinity_in_extra_config_are_recorded() {
        let text = windows_2019().replace(
            "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
            "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"sched.cpu.affinity\" vmw:value=\"2,3\"/>\n      \
             <vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"numa.nodeAffinity\" vmw:value=\"0\"/>\n      \
             <vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
        );
        let vm = one(&text);
        assert_eq!(vm.cpu_affinity.as_deref(), Some("2,3"));
        assert_eq!(vm.numa_affinity.as_deref(), Some("0"));
        let unpinned = one(&windows_2019().replace(
            "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
            "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"sched.cpu.affinity\" vmw:value=\"all\"/>\n      \
             <vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
        ));
        assert_eq!(unpinned.cpu_affinity, None);
        assert!(!unpinned.warnings.iter().any(|w| w.contains("affinity")));
    }

    #[test]
    fn windows_2019_with_efi_secure_boot_and_vtpm() {
        let vm = one(&windows_2019());
        assert_eq!(vm.name, "WIN2019-DC01");
        assert_eq!(vm.source.format, SourceFormat::Ovf);
        assert_eq!(vm.source.index, None);
        assert_eq!(vm.description.as_deref(), Some("Domain controller, site A"));
        assert_eq!(
            vm.uuid.as_deref(),
            Some("4234f1a2-1b2c-3d4e-5f60-718293a4b5c6")
        );
        assert_eq!(vm.machine_type.as_deref(), Some("vmx-19"));
        assert_eq!(vm.guest_os.family, OsFamily::Windows);
        assert_eq!(vm.guest_os.version.as_deref(), Some("2019"));
        assert_eq!(vm.guest_os.arch, Arch::X86_64);
        assert_eq!(
            vm.guest_os.source_id.as_deref(),
            Some("windows2019srv_64Guest")
        );
        assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
        assert!(vm.firmware.secure_boot);
        assert_eq!(
            vm.tpm,
            Some(Tpm {
                version: Some("2.0".into()),
                passthrough: false
            })
        );
        assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (2, 2, 1));
        assert!(vm.cpu.hotplug);
        assert_eq!(vm.memory.bytes, 8 << 30);
        assert!(!vm.memory.hotplug);

        assert_eq!(vm.disks.len(), 1);
        let disk = &vm.disks[0];
        assert_eq!(disk.id, "Hard disk 1");
        assert_eq!(disk.bus, DiskBus::Scsi);
        assert_eq!(disk.controller.as_deref(), Some("pvscsi"));
        assert_eq!(disk.capacity_bytes, Some(60 << 30));
        assert_eq!(disk.format, Some(DiskFormat::Vmdk));
        assert_eq!(disk.source_path.as_deref(), Some("win2019-disk1.vmdk"));

        assert_eq!(vm.cdroms.len(), 1);
        assert_eq!(vm.cdroms[0].bus, DiskBus::Sata);
        assert_eq!(vm.cdroms[0].image, None);

        assert_eq!(vm.nics.len(), 1);
        let nic = &vm.nics[0];
        assert_eq!(nic.model, Some(NicModel::Vmxnet3));
        assert_eq!(nic.mac.as_deref(), Some("00:50:56:9a:0b:1c"));
        assert_eq!(nic.network.as_deref(), Some("Prod-VLAN20"));
        assert_eq!(nic.attachment, NicAttachment::Network);
        assert!(nic.connected);

        assert!(vm.devices.is_empty(), "{:?}", vm.devices);
        assert!(has_warning(&vm, "win2019.nvram"), "{:?}", vm.warnings);
    }

    fn linux_multi_disk() -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope {NS}>
  <References>
    <File ovf:id="f-os" ovf:href="app01-os.vmdk"/>
    <File ovf:id="f-data" ovf:href="app01-data.vmdk"/>
    <File ovf:id="f-logs" ovf:href="app01-logs.vmdk"/>
    <File ovf:id="iso" ovf:href="tools.iso"/>
  </References>
  <DiskSection>
    <Info>disks</Info>
    <Disk ovf:diskId="os" ovf:fileRef="f-os" ovf:capacity="17179869184"/>
    <Disk ovf:diskId="data" ovf:fileRef="f-data" ovf:capacity="512" ovf:capacityAllocationUnits="byte * 2^20"/>
    <Disk ovf:diskId="logs" ovf:fileRef="f-logs" ovf:capacity="2" ovf:capacityAllocationUnits="byte * 2^40"/>
    <Disk ovf:diskId="scratch" ovf:capacity="${{scratch_gb}}" ovf:capacityAllocationUnits="byte * 2^30"/>
  </DiskSection>
  <NetworkSection>
    <Info>nets</Info>
    <Network ovf:name="frontend"/>
    <Network ovf:name="backend"/>
  </NetworkSection>
  <VirtualSystem ovf:id="app01">
    <Info>vm</Info>
    <Name>app01.example.com</Name>
    <ProductSection>
      <Info>props</Info>
      <Property ovf:key="scratch_gb" ovf:type="int" ovf:value="20"/>
    </ProductSection>
    <OperatingSystemSection ovf:id="80" vmw:osType="rhel8_64Guest">
      <Info>OS</Info>
      <Description>Red Hat Enterprise Linux 8 (64-bit)</Description>
    </OperatingSystemSection>
    <VirtualHardwareSection>
      <Info>hw</Info>
      <System><vssd:VirtualSystemType>vmx-15</vssd:VirtualSystemType></System>
      <Item><rasd:ElementName>2 vCPU</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>
      <Item><rasd:AllocationUnits>MegaBytes</rasd:AllocationUnits><rasd:ElementName>2048 MB</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>2048</rasd:VirtualQuantity></Item>
      <Item><rasd:ElementName>SCSI Controller 0</rasd:ElementName><rasd:InstanceID>10</rasd:InstanceID><rasd:ResourceSubType>lsilogic</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
      <Item><rasd:ElementName>SATA Controller 0</rasd:ElementName><rasd:InstanceID>11</rasd:InstanceID><rasd:ResourceSubType>AHCI</rasd:ResourceSubType><rasd:ResourceType>20</rasd:ResourceType></Item>
      <Item><rasd:ElementName>IDE 0</rasd:ElementName><rasd:InstanceID>12</rasd:InstanceID><rasd:ResourceType>5</rasd:ResourceType></Item>
      <Item><rasd:ElementName>os disk</rasd:ElementName><rasd:HostResource>ovf:/disk/os</rasd:HostResource><rasd:InstanceID>20</rasd:InstanceID><rasd:Parent>10</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:ElementName>data disk</rasd:ElementName><rasd:HostResource>ovf:/disk/data</rasd:HostResource><rasd:InstanceID>21</rasd:InstanceID><rasd:Parent>11</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:ElementName>log disk</rasd:ElementName><rasd:HostResource>/disk/logs</rasd:HostResource><rasd:InstanceID>22</rasd:InstanceID><rasd:Parent>12</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:ElementName>scratch disk</rasd:ElementName><rasd:HostResource>ovf:/disk/scratch</rasd:HostResource><rasd:InstanceID>23</rasd:InstanceID><rasd:Parent>10</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:ElementName>cdrom</rasd:ElementName><rasd:HostResource>ovf:/file/iso</rasd:HostResource><rasd:InstanceID>24</rasd:InstanceID><rasd:Parent>12</rasd:Parent><rasd:ResourceType>15</rasd:ResourceType></Item>
      <Item><rasd:Address>00-50-56-AA-BB-01</rasd:Address><rasd:Connection>frontend</rasd:Connection><rasd:ElementName>eth0</rasd:ElementName><rasd:InstanceID>30</rasd:InstanceID><rasd:ResourceSubType>E1000</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
      <Item><rasd:AutomaticAllocation>false</rasd:AutomaticAllocation><rasd:Connection>backend</rasd:Connection><rasd:ElementName>eth1</rasd:ElementName><rasd:InstanceID>31</rasd:InstanceID><rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
      <Item><rasd:Address>not-a-mac</rasd:Address><rasd:Connection>backend</rasd:Connection><rasd:ElementName>eth2</rasd:ElementName><rasd:InstanceID>32</rasd:InstanceID><rasd:ResourceSubType>PCNet32</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
      <Item><rasd:ElementName>floppy0</rasd:ElementName><rasd:InstanceID>40</rasd:InstanceID><rasd:ResourceType>14</rasd:ResourceType></Item>
      <Item><rasd:ElementName>serial0</rasd:ElementName><rasd:InstanceID>41</rasd:InstanceID><rasd:ResourceType>21</rasd:ResourceType></Item>
      <Item><rasd:ElementName>usb</rasd:ElementName><rasd:InstanceID>42</rasd:InstanceID><rasd:ResourceSubType>vmware.usb.ehci</rasd:ResourceSubType><rasd:ResourceType>23</rasd:ResourceType></Item>
      <Item><rasd:ElementName>tape0</rasd:ElementName><rasd:InstanceID>43</rasd:InstanceID><rasd:ResourceType>18</rasd:ResourceType></Item>
    </VirtualHardwareSection>
    <vmw:BootOrderSection vmw:type="disk" vmw:instanceId="21"><Info>boot</Info></vmw:BootOrderSection>
    <vmw:BootOrderSection vmw:type="cdrom" vmw:instanceId="24"><Info>boot</Info></vmw:BootOrderSection>
  </VirtualSystem>
</Envelope>"#
        )
    }

    #[test]
    fn linux_with_scsi_sata_ide_disks_and_three_nics() {
        let vm = one(&linux_multi_disk());
        assert_eq!(vm.name, "app01.example.com");
        assert_eq!(vm.guest_os.family, OsFamily::Linux);
        assert_eq!(vm.guest_os.version.as_deref(), Some("8"));
        assert_eq!(vm.guest_os.arch, Arch::X86_64);
        assert_eq!(vm.firmware.kind, FirmwareKind::Bios);
        assert_eq!(vm.cpu.vcpus(), 2);
        assert_eq!(vm.memory.bytes, 2048 << 20);

        let disks: Vec<(&str, &DiskBus, Option<u64>, Option<&str>)> = vm
            .disks
            .iter()
            .map(|d| {
                (
                    d.id.as_str(),
                    &d.bus,
                    d.capacity_bytes,
                    d.source_path.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            disks,
            vec![
                (
                    "os disk",
                    &DiskBus::Scsi,
                    Some(16 << 30),
                    Some("app01-os.vmdk")
                ),
                (
                    "data disk",
                    &DiskBus::Sata,
                    Some(512 << 20),
                    Some("app01-data.vmdk")
                ),
                (
                    "log disk",
                    &DiskBus::Ide,
                    Some(2 << 40),
                    Some("app01-logs.vmdk")
                ),
                ("scratch disk", &DiskBus::Scsi, Some(20 << 30), None),
            ]
        );
        assert_eq!(vm.disks[0].controller.as_deref(), Some("lsilogic"));
        assert_eq!(vm.disks[1].controller.as_deref(), Some("ahci"));
        assert_eq!(vm.disks[1].boot_order, Some(1));
        assert_eq!(vm.disks[0].boot_order, None);

        assert_eq!(vm.cdroms.len(), 1);
        assert_eq!(vm.cdroms[0].bus, DiskBus::Ide);
        assert_eq!(vm.cdroms[0].image.as_deref(), Some("tools.iso"));
        assert_eq!(vm.cdroms[0].boot_order, Some(2));

        assert_eq!(vm.nics.len(), 3);
        assert_eq!(vm.nics[0].id, "eth0");
        assert_eq!(vm.nics[0].model, Some(NicModel::E1000));
        assert_eq!(vm.nics[0].mac.as_deref(), Some("00:50:56:aa:bb:01"));
        assert_eq!(vm.nics[0].network.as_deref(), Some("frontend"));
        assert!(vm.nics[0].connected);
        assert_eq!(vm.nics[1].model, Some(NicModel::Vmxnet3));
        assert!(!vm.nics[1].connected);
        assert_eq!(vm.nics[2].model, Some(NicModel::Pcnet));
        assert_eq!(vm.nics[2].mac, None);
        assert!(has_warning(&vm, "'eth2' (item 32) has an invalid MAC"));

        let kinds: Vec<DeviceKind> = vm.devices.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![
                DeviceKind::Floppy,
                DeviceKind::Serial,
                DeviceKind::UsbController
            ]
        );
        assert!(has_warning(&vm, "'tape0' (item 43) has ResourceType 18"));
    }

    #[test]
    fn collection_of_three_vms_nested_one_level() {
        let vm_xml = |id: &str, mem: u32, os: &str| {
            format!(
                r#"<VirtualSystem ovf:id="{id}"><Info>vm</Info><Name>{id}</Name>
  <OperatingSystemSection ovf:id="1" vmw:osType="{os}"><Info>os</Info></OperatingSystemSection>
  <VirtualHardwareSection><Info>hw</Info>
    <Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
    <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:ElementName>mem</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>{mem}</rasd:VirtualQuantity></Item>
  </VirtualHardwareSection></VirtualSystem>"#
            )
        };
        let text = format!(
            r#"<Envelope {NS}><References/>
<VirtualSystemCollection ovf:id="shop"><Info>vApp</Info><Name>shop</Name>
  {}
  <VirtualSystemCollection ovf:id="backend"><Info>tier</Info>
    {}
    {}
  </VirtualSystemCollection>
</VirtualSystemCollection></Envelope>"#,
            vm_xml("web", 1024, "ubuntu64Guest"),
            vm_xml("app", 2048, "centos7_64Guest"),
            vm_xml("db", 4096, "windows9Server64Guest"),
        );
        let vms = import("shop.ovf", &text).unwrap();
        let summary: Vec<(&str, Option<usize>, u64)> = vms
            .iter()
            .map(|vm| (vm.name.as_str(), vm.source.index, vm.memory.bytes))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("web", Some(0), 1 << 30),
                ("app", Some(1), 2 << 30),
                ("db", Some(2), 4 << 30),
            ]
        );
        assert_eq!(vms[1].guest_os.version.as_deref(), Some("7"));
        assert_eq!(vms[2].guest_os.family, OsFamily::Windows);
        assert_eq!(vms[2].guest_os.version.as_deref(), Some("2016"));
        assert!(vms.iter().all(|vm| vm.source.file == "shop.ovf"));
    }

    #[test]
    fn ovf_09_sections_written_with_xsi_type() {
        let text = r#"<?xml version="1.0"?>
<ovf:Envelope xmlns:ovf="http://www.vmware.com/schema/ovf/1/envelope" xmlns="http://www.vmware.com/schema/ovf/1/envelope" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ovf:version="0.9">
  <References><File ovf:href="system.vmdk" ovf:id="system_id"/></References>
  <Section xsi:type="ovf:DiskSection_Type"><Info>d</Info>
    <Disk ovf:diskId="system" ovf:fileRef="system_id" ovf:format="http://www.vmware.com/specifications/vmdk.html#sparse" ovf:capacity="2147483648"/>
  </Section>
  <Content ovf:id="jeos" xsi:type="ovf:VirtualSystem_Type"><Info>vm</Info>
    <Section ovf:id="101" xsi:type="ovf:OperatingSystemSection_Type"><Info>os</Info><Description>Ubuntu Linux 8.04.1</Description></Section>
    <Section xsi:type="ovf:VirtualHardwareSection_Type"><Info>hw</Info>
      <Item><rasd:Caption>1 virtual CPU</rasd:Caption><rasd:InstanceId>1</rasd:InstanceId><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
      <Item><rasd:Caption>256 MB</rasd:Caption><rasd:InstanceId>2</rasd:InstanceId><rasd:ResourceType>4</rasd:ResourceType><rasd:AllocationUnits>MegaBytes</rasd:AllocationUnits><rasd:VirtualQuantity>256</rasd:VirtualQuantity></Item>
      <Item><rasd:Caption>SCSI 0</rasd:Caption><rasd:InstanceId>3</rasd:InstanceId><rasd:ResourceType>6</rasd:ResourceType><rasd:ResourceSubType>buslogic</rasd:ResourceSubType></Item>
      <Item><rasd:Caption>Harddisk 1</rasd:Caption><rasd:InstanceId>4</rasd:InstanceId><rasd:ResourceType>17</rasd:ResourceType><rasd:HostResource>/disk/system</rasd:HostResource><rasd:Parent>3</rasd:Parent></Item>
    </Section>
  </Content>
</ovf:Envelope>"#;
        let vm = one(text);
        assert_eq!(vm.name, "jeos");
        assert_eq!(vm.memory.bytes, 256 << 20);
        assert_eq!(vm.guest_os.family, OsFamily::Linux);
        assert_eq!(vm.guest_os.arch, Arch::X86_64);
        assert_eq!(vm.guest_os.version.as_deref(), Some("8.04.1"));
        assert_eq!(vm.disks.len(), 1);
        assert_eq!(vm.disks[0].id, "Harddisk 1");
        assert_eq!(vm.disks[0].capacity_bytes, Some(2 << 30));
        assert_eq!(vm.disks[0].controller.as_deref(), Some("buslogic"));
        assert_eq!(vm.disks[0].source_path.as_deref(), Some("system.vmdk"));
    }

    fn with_disks(disks: &str, product: &str, items: &str) -> String {
        format!(
            r#"<Envelope {NS}><References><File ovf:id="f1" ovf:href="a.vmdk" ovf:size="-42"/></References>
<DiskSection><Info>d</Info>{disks}</DiskSection>
<VirtualSystem ovf:id="vm"><Info>vm</Info>{product}
<VirtualHardwareSection><Info>hw</Info>
<Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
<Item><rasd:ElementName>scsi</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>6</rasd:ResourceType></Item>
{items}</VirtualHardwareSection></VirtualSystem></Envelope>"#
        )
    }

    fn disk_item(id: u32, disk: &str) -> String {
        format!(
            "<Item><rasd:ElementName>disk {disk}</rasd:ElementName><rasd:InstanceID>{id}</rasd:InstanceID><rasd:HostResource>ovf:/disk/{disk}</rasd:HostResource><rasd:Parent>2</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>"
        )
    }

    #[test]
    fn unusable_capacities_leave_the_size_unknown_with_a_warning() {
        let disks = r#"<Disk ovf:diskId="neg" ovf:fileRef="f1" ovf:capacity="-1073741824"/>
<Disk ovf:diskId="zero" ovf:capacity="0"/>
<Disk ovf:diskId="huge" ovf:capacity="9223372036854775808"/>
<Disk ovf:diskId="overflow" ovf:capacity="99999999" ovf:capacityAllocationUnits="byte * 2^40"/>
<Disk ovf:diskId="unset" ovf:capacity="${unset}"/>
<Disk ovf:diskId="missing" ovf:capacity="${nowhere}"/>"#;
        let product = r#"<ProductSection><Info>p</Info><Property ovf:key="unset" ovf:type="int"/></ProductSection>"#;
        let items: String = ["neg", "zero", "huge", "overflow", "unset", "missing"]
            .iter()
            .enumerate()
            .map(|(i, d)| disk_item(10 + i as u32, d))
            .collect();
        let vm = one(&with_disks(disks, product, &items));
        assert_eq!(vm.disks.len(), 6);
        assert!(vm.disks.iter().all(|d| d.capacity_bytes.is_none()));
        for (id, needle) in [
            ("neg", "negative capacity"),
            ("zero", "capacity of 0"),
            ("huge", "out-of-range capacity"),
            ("overflow", "unusable capacity"),
            ("unset", "property unset, which has no value"),
            ("missing", "property nowhere, which has no value"),
        ] {
            assert!(
                has_warning(&vm, &format!("disk {id} ('disk {id}'")) && has_warning(&vm, needle),
                "{id}: {:?}",
                vm.warnings
            );
        }
        assert!(has_warning(
            &vm,
            "file a.vmdk of 'disk neg' (item 10) has an invalid size \"-42\""
        ));
    }

    #[test]
    fn the_default_deployment_option_is_imported() {
        let text = format!(
            r#"<Envelope {NS}><References/>
<DiskSection><Info>d</Info><Disk ovf:diskId="small" ovf:capacity="1" ovf:capacityAllocationUnits="byte * 2^30"/><Disk ovf:diskId="large" ovf:capacity="8" ovf:capacityAllocationUnits="byte * 2^30"/></DiskSection>
<DeploymentOptionSection><Info>o</Info>
  <Configuration ovf:id="small"><Label>S</Label><Description>s</Description></Configuration>
  <Configuration ovf:id="large" ovf:default="true"><Label>L</Label><Description>l</Description></Configuration>
</DeploymentOptionSection>
<VirtualSystem ovf:id="vm"><Info>vm</Info><VirtualHardwareSection><Info>hw</Info>
<Item ovf:configuration="small"><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
<Item ovf:configuration="large"><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>8</rasd:VirtualQuantity></Item>
<Item><rasd:ElementName>mem</rasd:ElementName><rasd:AllocationUnits>byte * 2^30</rasd:AllocationUnits><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>16</rasd:VirtualQuantity></Item>
<Item><rasd:ElementName>scsi</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceType>6</rasd:ResourceType></Item>
<Item ovf:configuration="small"><rasd:ElementName>disk</rasd:ElementName><rasd:InstanceID>4</rasd:InstanceID><rasd:HostResource>ovf:/disk/small</rasd:HostResource><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
<Item ovf:configuration="medium large"><rasd:ElementName>disk</rasd:ElementName><rasd:InstanceID>4</rasd:InstanceID><rasd:HostResource>ovf:/disk/large</rasd:HostResource><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
</VirtualHardwareSection></VirtualSystem></Envelope>"#
        );
        let vm = one(&text);
        assert_eq!(vm.cpu.vcpus(), 8);
        assert_eq!(vm.memory.bytes, 16 << 30);
        assert_eq!(vm.disks.len(), 1);
        assert_eq!(vm.disks[0].capacity_bytes, Some(8 << 30));
        assert!(has_warning(&vm, "'large' (the default) was imported"));
        assert!(!has_warning(&vm, "DiskSection disk small"));
    }

    #[test]
    fn ovf2_storage_and_ethernet_port_items() {
        let text = r#"<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/2" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/2" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:epasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_EthernetPortAllocationSettingData" xmlns:sasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_StorageAllocationSettingData">
<References/>
<VirtualSystem ovf:id="web"><Info>vm</Info><Name>web</Name>
<VirtualHardwareSection><Info>hw</Info>
  <Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>
  <Item><rasd:AllocationUnits>byte*2^30</rasd:AllocationUnits><rasd:ElementName>mem</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>4</rasd:VirtualQuantity></Item>
  <Item><rasd:ElementName>NVMe Controller</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceSubType>vmware.nvme.controller</rasd:ResourceSubType><rasd:ResourceType>20</rasd:ResourceType></Item>
  <EthernetPortItem><epasd:Address>00-16-8B-DB-00-5E</epasd:Address><epasd:Connection>VS Network</epasd:Connection><epasd:ElementName>Ethernet Port</epasd:ElementName><epasd:InstanceID>4</epasd:InstanceID><epasd:ResourceSubType>VirtioNet</epasd:ResourceSubType><epasd:ResourceType>10</epasd:ResourceType></EthernetPortItem>
  <StorageItem><sasd:AllocationUnits>byte*2^30</sasd:AllocationUnits><sasd:ElementName>Data</sasd:ElementName><sasd:InstanceID>5</sasd:InstanceID><sasd:Parent>3</sasd:Parent><sasd:ResourceType>31</sasd:ResourceType><sasd:VirtualQuantity>100</sasd:VirtualQuantity></StorageItem>
</VirtualHardwareSection></VirtualSystem></Envelope>"#;
        let vm = one(text);
        assert_eq!(vm.cpu.vcpus(), 2);
        assert_eq!(vm.memory.bytes, 4 << 30);
        assert_eq!(vm.nics.len(), 1);
        assert_eq!(vm.nics[0].model, Some(NicModel::Virtio));
        assert_eq!(vm.nics[0].mac.as_deref(), Some("00:16:8b:db:00:5e"));
        assert_eq!(vm.disks.len(), 1);
        assert_eq!(vm.disks[0].bus, DiskBus::Nvme);
        assert_eq!(vm.disks[0].capacity_bytes, Some(100 << 30));
        assert_eq!(vm.disks[0].source_path, None);
    }

    #[test]
    fn passthrough_vgpu_and_sriov_become_devices_and_passthrough_nics() {
        let items = r#"
<Item><rasd:ElementName>PCI device 0</rasd:ElementName><rasd:InstanceID>9</rasd:InstanceID><rasd:ResourceSubType>vmware.pci.passthrough</rasd:ResourceSubType><rasd:ResourceType>1</rasd:ResourceType><vmw:Config ovf:required="false" vmw:key="backing.id" vmw:value="0000:3b:00.0"/></Item>
<Item><rasd:ElementName>PCI device 1</rasd:ElementName><rasd:InstanceID>10</rasd:InstanceID><rasd:ResourceSubType>vmware.pci.passthrough-vmiop</rasd:ResourceSubType><rasd:ResourceType>1</rasd:ResourceType><vmw:Config ovf:required="false" vmw:key="backing.vgpu" vmw:value="grid_a100-8c"/></Item>
<Item><rasd:Connection>sriov-net</rasd:Connection><rasd:ElementName>SR-IOV adapter</rasd:ElementName><rasd:InstanceID>11</rasd:InstanceID><rasd:ResourceSubType>SriovEthernetCard</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
<Item><rasd:ElementName>vmci</rasd:ElementName><rasd:InstanceID>12</rasd:InstanceID><rasd:ResourceSubType>vmware.vmci</rasd:ResourceSubType><rasd:ResourceType>1</rasd:ResourceType></Item>
<Item><rasd:ElementName>mystery</rasd:ElementName><rasd:InstanceID>13</rasd:InstanceID><rasd:ResourceSubType>acme.widget</rasd:ResourceSubType><rasd:ResourceType>1</rasd:ResourceType></Item>"#;
        let vm = one(&with_disks("", "", items));
        let devices: Vec<(DeviceKind, &str)> = vm
            .devices
            .iter()
            .map(|d| (d.kind, d.description.as_str()))
            .collect();
        assert_eq!(
            devices,
            vec![
                (
                    DeviceKind::PciPassthrough,
                    "'PCI device 0' (item 9): PCI passthrough 0000:3b:00.0"
                ),
                (
                    DeviceKind::Gpu,
                    "'PCI device 1' (item 10): vGPU grid_a100-8c"
                ),
            ]
        );
        assert_eq!(vm.nics.len(), 1);
        assert_eq!(vm.nics[0].attachment, NicAttachment::Passthrough);
        assert!(has_warning(
            &vm,
            "'mystery' (item 13) has ResourceType 1 (other) with subtype acme.widget"
        ));
        assert!(!has_warning(&vm, "vmci"));
    }

    #[test]
    fn ovirt_export_reads_disk_interface_sizes_and_nic_types() {
        let text = r#"<?xml version='1.0' encoding='utf-8'?>
<ovf:Envelope xmlns:rasd='http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData' xmlns:vssd='http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns:ovf='http://schemas.dmtf.org/ovf/envelope/1/' ovf:version='4.4'>
  <References><File ovf:href='grp/img' ovf:id='img'/></References>
  <Section xsi:type='ovf:DiskSection_Type'><Info>disks</Info>
    <Disk ovf:diskId='img' ovf:size='40' ovf:fileRef='grp/img' ovf:volume-format='COW' ovf:format='http://www.gnome.org/~markmc/qcow-image-format.html' ovf:disk-interface='VirtIO_SCSI' ovf:boot='true'/>
  </Section>
  <Content ovf:id='out' xsi:type='ovf:VirtualSystem_Type'>
    <Name>rhel9-app</Name><BiosType>4</BiosType>
    <Section ovf:id='0a1b' xsi:type='ovf:OperatingSystemSection_Type'><Info>os</Info><Description>rhel_9x64</Description></Section>
    <Section xsi:type='ovf:VirtualHardwareSection_Type'><Info>hw</Info>
      <Item><rasd:Caption>4 virtual cpu</rasd:Caption><rasd:InstanceId>1</rasd:InstanceId><rasd:ResourceType>3</rasd:ResourceType><rasd:num_of_sockets>2</rasd:num_of_sockets><rasd:cpu_per_socket>2</rasd:cpu_per_socket></Item>
      <Item><rasd:Caption>mem</rasd:Caption><rasd:InstanceId>2</rasd:InstanceId><rasd:ResourceType>4</rasd:ResourceType><rasd:AllocationUnits>MegaBytes</rasd:AllocationUnits><rasd:VirtualQuantity>4096</rasd:VirtualQuantity></Item>
      <Item><rasd:Caption>Drive 1</rasd:Caption><rasd:InstanceId>img</rasd:InstanceId><rasd:ResourceType>17</rasd:ResourceType><Type>disk</Type><rasd:HostResource>grp/img</rasd:HostResource><rasd:Parent>00000000-0000-0000-0000-000000000000</rasd:Parent><BootOrder>1</BootOrder></Item>
      <Item><rasd:Caption>nic</rasd:Caption><rasd:InstanceId>n1</rasd:InstanceId><rasd:ResourceType>10</rasd:ResourceType><rasd:ResourceSubType>3</rasd:ResourceSubType><Type>interface</Type><rasd:Connection>ovirtmgmt</rasd:Connection><rasd:MACAddress>56:6f:1a:2b:3c:4d</rasd:MACAddress></Item>
      <Item><rasd:Caption>rng</rasd:Caption><rasd:InstanceId>r1</rasd:InstanceId><rasd:ResourceType>0</rasd:ResourceType><Type>rng</Type><Device>virtio</Device></Item>
    </Section>
  </Content>
</ovf:Envelope>"#;
        let vm = one(text);
        assert_eq!(vm.name, "rhel9-app");
        assert_eq!((vm.cpu.sockets, vm.cpu.cores), (2, 2));
        assert_eq!(vm.memory.bytes, 4 << 30);
        assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
        assert!(vm.firmware.secure_boot);
        assert_eq!(vm.guest_os.family, OsFamily::Linux);
        assert_eq!(vm.guest_os.version.as_deref(), Some("9"));
        assert_eq!(vm.guest_os.source_id.as_deref(), Some("rhel_9x64"));
        let disk = &vm.disks[0];
        assert_eq!(disk.bus, DiskBus::Scsi);
        assert_eq!(disk.capacity_bytes, Some(40 << 30));
        assert_eq!(disk.format, Some(DiskFormat::Qcow2));
        assert_eq!(disk.source_path.as_deref(), Some("grp/img"));
        assert_eq!(disk.boot_order, Some(1));
        assert_eq!(vm.nics[0].model, Some(NicModel::Virtio));
        assert_eq!(vm.nics[0].mac.as_deref(), Some("56:6f:1a:2b:3c:4d"));
        assert!(has_warning(
            &vm,
            "oVirt device 'rng' (item r1) of type 'rng'"
        ));
    }

    #[test]
    fn broken_and_foreign_files_are_refused_clearly() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE Envelope [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Envelope>&b;</Envelope>"#;
        let err = import("bomb.ovf", bomb).unwrap_err();
        assert_eq!(err.kind.category(), "unsupported");
        assert!(err.to_string().contains("DTD"), "{err}");
        assert_eq!(err.location.line, Some(2));

        let err = import("descriptor.ovf", "<HTML><BODY>Error 404</BODY></HTML>").unwrap_err();
        assert!(err.to_string().contains("HTML page"), "{err}");

        // A mangled quote in the XML declaration once made the encoding sniffer panic.
        let err = import(
            "quote.ovf",
            "<?xml version=\"1.0\" encoding=\u{fffd}UTF-8\"?>\n<Envelope/>",
        )
        .unwrap_err();
        assert_eq!(err.kind.category(), "malformed");
        assert_eq!(err.location.line, Some(1));

        let err = import("empty.ovf", "  \n").unwrap_err();
        assert_eq!(err.kind.category(), "invalid");

        let err = import(
            "junk.ovf",
            "\u{fffd}\u{fffd}'\n<?xml version=\"1.0\"?><Envelope/>",
        )
        .unwrap_err();
        assert_eq!(err.kind.category(), "malformed");
        assert_eq!(err.location.line, Some(1));

        let err = import(
            "none.ovf",
            &format!("<Envelope {NS}><References/></Envelope>"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("no VirtualSystem"), "{err}");

        let err = import(
            "cut.ovf",
            &format!("<Envelope {NS}>\n<VirtualSystem ovf:id='a'>\n</Envelope>"),
        )
        .unwrap_err();
        assert_eq!(err.kind.category(), "malformed");
        assert_eq!(err.location.line, Some(3));

        let gz = SourceFile::from_bytes("sample.ovf", vec![0x1f, 0x8b, 8, 0, 0, 0]);
        let err = parse(&gz).unwrap_err();
        assert_eq!(err.kind.category(), "unsupported");
        assert!(err.to_string().contains("gunzip"), "{err}");

        let template = format!(
            r#"<Envelope {NS}><VirtualSystem ovf:id="x"><Info>i</Info><VirtualHardwareSection><Info>h</Info>
<Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>{{ovf_cpu_count}}</rasd:VirtualQuantity></Item>
</VirtualHardwareSection></VirtualSystem></Envelope>"#
        );
        let err = import("template.ovf", &template).unwrap_err();
        assert_eq!(err.kind.category(), "unsupported");
        assert!(err.to_string().contains("{ovf_cpu_count}"), "{err}");
    }

    #[test]
    fn vmware_guest_ids_map_to_family_version_and_arch() {
        let cases = [
            (
                "windows9_64Guest",
                OsFamily::Windows,
                Some("10"),
                Arch::X86_64,
            ),
            (
                "windows7Server64Guest",
                OsFamily::Windows,
                Some("2008 R2"),
                Arch::X86_64,
            ),
            ("winXPProGuest", OsFamily::Windows, Some("xp"), Arch::I686),
            ("sles15_64Guest", OsFamily::Linux, Some("15"), Arch::X86_64),
            ("other3xLinux64Guest", OsFamily::Linux, None, Arch::X86_64),
            ("freebsd12_64Guest", OsFamily::Bsd, Some("12"), Arch::X86_64),
            ("darwin19_64Guest", OsFamily::MacOs, None, Arch::X86_64),
            (
                "solaris11_64Guest",
                OsFamily::Solaris,
                Some("11"),
                Arch::X86_64,
            ),
            ("dosGuest", OsFamily::Other, None, Arch::I686),
            ("arm-ubuntu-64", OsFamily::Linux, None, Arch::Aarch64),
        ];
        for (id, family, version, arch) in cases {
            let os = os_from_vmware_id(id);
            assert_eq!(
                (os.family, os.version.as_deref(), os.arch),
                (family, version, arch),
                "{id}"
            );
        }
    }

    #[test]
    fn envelope_heads_are_recognised() {
        assert!(looks_like("<?xml version='1.0'?>\n<Envelope xmlns="));
        assert!(looks_like("<ovf:Envelope xmlns:ovf="));
        assert!(!looks_like("<domain type='kvm'>"));
    }
}

//! The package around the systems: `References` (files), `DiskSection`, and which
//! sections are known (anything else is named in a warning).

use super::*;

/// A `References/File` entry.
pub(super) struct PackageFile<'a> {
    pub(super) href: &'a str,
    pub(super) size: Option<&'a str>,
    pub(super) compression: Option<&'a str>,
    pub(super) chunk_size: Option<&'a str>,
    pub(super) lun: bool,
}

/// A `DiskSection/Disk` entry.
pub(super) struct DiskDecl<'a, 'i> {
    pub(super) node: Node<'a, 'i>,
    pub(super) id: &'a str,
    pub(super) file_ref: Option<&'a str>,
}

/// What the envelope says outside the virtual systems.
pub(super) struct Package<'a, 'i> {
    pub(super) root: Node<'a, 'i>,
    pub(super) files: HashMap<&'a str, PackageFile<'a>>,
    pub(super) disks: Vec<DiskDecl<'a, 'i>>,
    /// diskId (and, for oVirt, fileRef) → index in `disks`.
    pub(super) disk_index: HashMap<&'a str, usize>,
    /// href → id, for oVirt disks whose fileRef holds the href.
    pub(super) hrefs: HashMap<&'a str, &'a str>,
    pub(super) networks: HashSet<&'a str>,
    /// The deployment option imported, when the descriptor offers any.
    pub(super) config: Option<&'a str>,
    /// The configuration ids the DeploymentOptionSection offers, in document order.
    pub(super) offered: Vec<&'a str>,
    /// ProductSection properties of each system or collection, by element.
    pub(super) properties: HashMap<NodeId, Properties<'a>>,
    /// Properties of every ProductSection in the file, first definition first.
    pub(super) all_properties: Properties<'a>,
    /// Warnings about unknown required sections, by system or collection.
    pub(super) section_warnings: HashMap<NodeId, Vec<String>>,
    /// Warnings that concern every VM of the file.
    pub(super) warnings: Vec<String>,
    /// Items combined from several that share an `InstanceID` (DSP0243), by the id of the
    /// item they stand for; see [`combined_items`].
    pub(super) combined: HashMap<NodeId, Node<'a, 'i>>,
}

impl<'a, 'i> Package<'a, 'i> {
    /// Reads the package; `requested` is the deployment option the user asked for (the
    /// caller refuses it when the descriptor offers options but not this one).
    pub(super) fn read(root: Node<'a, 'i>, requested: Option<&str>) -> Self {
        let mut package = Package {
            root,
            files: HashMap::new(),
            disks: Vec::new(),
            disk_index: HashMap::new(),
            hrefs: HashMap::new(),
            networks: HashSet::new(),
            config: None,
            offered: Vec::new(),
            properties: HashMap::new(),
            all_properties: Properties::default(),
            combined: HashMap::new(),
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

        package.read_deployment_options(requested);
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

    /// The DiskSection entry named by a `HostResource` (`ovf:/disk/<id>`, `/disk/<id>`, or
    /// oVirt's `<image group>/<image>` file reference).
    pub(super) fn resolve_disk(&self, host: &str) -> Option<usize> {
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

pub(super) fn is_item(node: Node) -> bool {
    node.is_element()
        && matches!(
            node.tag_name().name(),
            "Item" | "StorageItem" | "EthernetPortItem"
        )
}

/// Warns about sections this importer does not know that the descriptor marks as required
/// (OVF's default): a strict OVF consumer would refuse the file for them.
pub(super) fn unknown_sections(node: Node, owner: &str, warnings: &mut Vec<String>) {
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
pub(super) const KNOWN_SECTIONS: &[&str] = &[
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

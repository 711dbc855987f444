//! The mapping file (`--map mapping.yaml`): where source networks, datastores and disks land
//! on the target cluster, and the per-run choices the source cannot dictate.
//!
//! The mapping speaks about model fields only (`Nic.network`/`Nic.vlan`, `Disk.storage`,
//! `Disk.controller`, `Disk.id`, the VM's source name and guest OS): it never reads a source
//! file and knows no source format. The generator asks it questions (which rule matches this
//! NIC?) and stays the only place that builds Kubernetes objects.
//!
//! Parsing is strict: unknown keys and values are errors naming file, line and column (the
//! locations come from serde-saphyr), so a typo never silently changes what is generated.

pub mod edit;
pub mod instancetypes;

use crate::kubevirt::{AccessMode, RunStrategy, VolumeMode};
use crate::model::{Disk, Nic, VmSpec};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Largest mapping (or user data) file read; a mapping is a hand-written page, not data.
const MAX_FILE_BYTES: u64 = 4 << 20;

/// A problem with the mapping file or with what it maps.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: u64,
        column: u64,
        message: String,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("{}", unmapped_message(.file, .items))]
    Unmapped { file: String, items: Vec<Unmapped> },
}

fn unmapped_message(file: &str, items: &[Unmapped]) -> String {
    let mut text = format!(
        "{file}: {} item(s) not covered by the mapping (add a rule for each, or a catch-all rule with source \"*\"):",
        items.len()
    );
    for item in items {
        text.push_str("\n  ");
        text.push_str(&item.to_string());
    }
    text
}

/// Something in the VMs that the mapping does not cover, as data (the `assess` concerns
/// `unmapped-network`, `unmapped-storage` and `multiple-pod-nics` are built from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmapped {
    /// No network rule matches this NIC's source network (and VLAN).
    Network {
        vm: String,
        nic: String,
        network: Option<String>,
        vlan: Option<u16>,
    },
    /// No storage rule matches this disk's datastore and controller.
    Storage {
        vm: String,
        disk: String,
        storage: Option<String>,
        controller: Option<String>,
    },
    /// More than one NIC of a VM maps to the pod network; KubeVirt allows one.
    MultiplePodNics { vm: String, nics: Vec<String> },
}

impl fmt::Display for Unmapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unmapped::Network {
                vm,
                nic,
                network,
                vlan,
            } => {
                write!(
                    f,
                    "network {:?}",
                    network.as_deref().unwrap_or("(unnamed)")
                )?;
                if let Some(vlan) = vlan {
                    write!(f, " VLAN {vlan}")?;
                }
                write!(f, " (VM {vm:?}, NIC {nic})")
            }
            Unmapped::Storage {
                vm,
                disk,
                storage,
                controller,
            } => {
                write!(
                    f,
                    "datastore {:?}",
                    storage.as_deref().unwrap_or("(unnamed)")
                )?;
                if let Some(controller) = controller {
                    write!(f, " controller {controller:?}")?;
                }
                write!(f, " (VM {vm:?}, disk {disk})")
            }
            Unmapped::MultiplePodNics { vm, nics } => write!(
                f,
                "VM {vm:?}: NICs {} all map to the pod network; only one may (map the others to multus or ignore)",
                nics.join(", ")
            ),
        }
    }
}

/// A `*` / `?` glob, matched against the whole text, case-sensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob(String);

impl Glob {
    pub fn new(pattern: impl Into<String>) -> Self {
        Glob(pattern.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn matches(&self, text: &str) -> bool {
        glob_match(self.0.as_bytes(), text.as_bytes())
    }
}

/// Iterative glob matching with one backtrack point: linear in practice, never exponential.
pub(crate) fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

impl<'de> Deserialize<'de> for Glob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.is_empty() {
            return Err(serde::de::Error::custom(
                "empty pattern (use \"*\" to match everything)",
            ));
        }
        Ok(Glob(text))
    }
}

/// Placeholders a disk source template may use.
pub const PLACEHOLDERS: [&str; 6] = ["vm", "source-vm", "disk", "file", "path", "uuid"];

/// A string with `{placeholder}`s, checked when the mapping is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(String);

/// Values for a [`Template`]'s placeholders.
#[derive(Debug, Clone, Default)]
pub struct TemplateValues<'a> {
    /// Kubernetes name of the VM.
    pub vm: &'a str,
    /// The source's own VM name.
    pub source_vm: &'a str,
    /// Kubernetes name of the disk within the VM.
    pub disk: &'a str,
    /// Backing file path as the source wrote it.
    pub path: Option<&'a str>,
    /// SMBIOS UUID of the VM.
    pub uuid: Option<&'a str>,
}

/// Why a template cannot be read or expanded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown placeholder {{{name}}} (known: {})", PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", "))]
    Unknown { name: String },
    #[error("unclosed '{{' in {text:?}")]
    Unclosed { text: String },
    #[error(
        "{{{name}}} in {template:?} has no value for this disk (the source does not state it)"
    )]
    NoValue { name: String, template: String },
}

impl Template {
    pub fn new(text: impl Into<String>) -> Result<Self, TemplateError> {
        let text = text.into();
        for name in placeholder_names(&text)? {
            if !PLACEHOLDERS.contains(&name) {
                return Err(TemplateError::Unknown {
                    name: name.to_string(),
                });
            }
        }
        Ok(Template(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Expands the placeholders; `Err` names one whose value the VM does not have.
    pub fn expand(&self, values: &TemplateValues<'_>) -> Result<String, TemplateError> {
        let mut out = String::new();
        let mut rest = self.0.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}').unwrap_or(after.len());
            let name = &after[..close];
            let value = match name {
                "vm" => Some(values.vm.to_string()),
                "source-vm" => Some(values.source_vm.to_string()),
                "disk" => Some(values.disk.to_string()),
                "path" => values.path.map(str::to_string),
                "file" => values
                    .path
                    .map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p).to_string()),
                "uuid" => values.uuid.map(str::to_string),
                _ => None,
            };
            match value {
                Some(v) => out.push_str(&v),
                None => {
                    return Err(TemplateError::NoValue {
                        name: name.to_string(),
                        template: self.0.clone(),
                    })
                }
            }
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn placeholder_names(text: &str) -> Result<Vec<&str>, TemplateError> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(TemplateError::Unclosed {
                text: text.to_string(),
            });
        };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    Ok(names)
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Template::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A `namespace/name` reference to a Multus NetworkAttachmentDefinition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MultusRef {
    pub namespace: String,
    pub name: String,
}

impl fmt::Display for MultusRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

impl<'de> Deserialize<'de> for MultusRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let parsed = text.split_once('/').and_then(|(ns, name)| {
            (is_dns_label(ns) && is_dns_label(name)).then(|| MultusRef {
                namespace: ns.to_string(),
                name: name.to_string(),
            })
        });
        parsed.ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{text:?} is not namespace/name (two DNS-1123 labels, e.g. vlans/dmz)"
            ))
        })
    }
}

/// A DNS-1123 label (lower-case alphanumerics and '-', at most 63).
pub fn is_dns_label(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 63
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// A DNS-1123 label, checked when read (namespaces, name overrides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsLabel(pub String);

impl<'de> Deserialize<'de> for DnsLabel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if is_dns_label(&text) {
            Ok(DnsLabel(text))
        } else {
            Err(serde::de::Error::custom(format!(
                "{text:?} is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)"
            )))
        }
    }
}

/// The mapping file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MappingFile {
    /// Namespace of every object (the command line's `-n` wins).
    #[serde(default)]
    pub namespace: Option<DnsLabel>,
    /// Also emit the Namespace object itself.
    #[serde(default)]
    pub create_namespace: bool,
    /// Extra labels on every VirtualMachine.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Extra annotations on every VirtualMachine.
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    /// runStrategy of every VM (the command line's `--run-strategy` wins).
    #[serde(default)]
    pub run_strategy: Option<RunStrategy>,
    /// Source VM name (exact) -> Kubernetes name.
    #[serde(default)]
    pub names: BTreeMap<String, DnsLabel>,
    /// First matching rule wins.
    #[serde(default)]
    pub networks: Vec<NetworkRule>,
    /// Emit a NetworkAttachmentDefinition for every Multus network a NIC lands on.
    #[serde(default)]
    pub create_network_attachment_definitions: bool,
    /// First matching rule wins.
    #[serde(default)]
    pub storage: Vec<StorageRule>,
    /// Where each disk's data comes from; first matching rule wins, default `upload`.
    #[serde(default)]
    pub disks: Vec<DiskRule>,
    /// `auto`, or the name of a VirtualMachineClusterInstancetype.
    #[serde(default)]
    pub instancetype: Option<String>,
    /// `auto`, or the name of a VirtualMachineClusterPreference.
    #[serde(default)]
    pub preference: Option<String>,
    /// Which disk bus and NIC model guests get.
    #[serde(default)]
    pub compatibility: Compatibility,
    /// Keep the source's disk bus and NIC model where KubeVirt can express them.
    #[serde(default)]
    pub keep_source_devices: bool,
    /// Per-VM extras: user data, exposed ports, instancetype overrides.
    #[serde(default)]
    pub vms: Vec<VmRule>,
}

/// Where a source network goes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NetworkRule {
    /// Source network, port group or bridge name (glob).
    pub source: Glob,
    /// Only NICs on this VLAN (when omitted, any VLAN or none).
    #[serde(default)]
    pub vlan: Option<u16>,
    pub to: NetworkTarget,
    /// Host bridge for a created NetworkAttachmentDefinition (default: the NAD's name).
    #[serde(default)]
    pub bridge: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkTarget {
    /// The pod network, masquerade binding (at most one NIC per VM).
    Pod,
    /// A Multus network `namespace/name`, bridge binding.
    Multus(MultusRef),
    /// The NIC is not carried over.
    Ignore,
}

/// Storage settings for disks on a datastore / pool / controller.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StorageRule {
    /// Datastore, storage pool or storage id (glob); omitted matches any.
    #[serde(default)]
    pub datastore: Option<Glob>,
    /// Disk controller model (glob, e.g. `pvscsi`); omitted matches any.
    #[serde(default)]
    pub controller: Option<Glob>,
    /// Omitted: the cluster's default storage class.
    #[serde(default)]
    pub storage_class: Option<String>,
    #[serde(default)]
    pub access_mode: Option<AccessMode>,
    #[serde(default)]
    pub volume_mode: Option<VolumeMode>,
}

/// Where the data of matching disks comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DiskRule {
    /// Source VM name (glob); omitted matches any VM.
    #[serde(default)]
    pub vm: Option<Glob>,
    /// Source disk id (`scsi0:0`, `vda`...; glob); omitted matches any disk.
    #[serde(default)]
    pub disk: Option<Glob>,
    pub source: DiskSource,
}

/// A CDI DataVolume source. Templates may use `{vm}`, `{source-vm}`, `{disk}`, `{file}`,
/// `{path}` and `{uuid}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiskSource {
    Http(UrlSource),
    S3(UrlSource),
    Registry(UrlSource),
    /// Clone an existing claim.
    Pvc(PvcSource),
    /// Pull straight from vCenter/ESXi with VDDK.
    Vddk(VddkSource),
    /// Wait for `virtctl image-upload` (the default).
    Upload,
    /// An empty disk: only for data disks the guest formats itself.
    Blank,
}

impl DiskSource {
    pub fn kind(&self) -> &'static str {
        match self {
            DiskSource::Http(_) => "http",
            DiskSource::S3(_) => "s3",
            DiskSource::Registry(_) => "registry",
            DiskSource::Pvc(_) => "pvc",
            DiskSource::Vddk(_) => "vddk",
            DiskSource::Upload => "upload",
            DiskSource::Blank => "blank",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UrlSource {
    pub url: Template,
    /// Secret with `accessKeyId`/`secretKey` (or registry credentials).
    #[serde(default)]
    pub secret_ref: Option<String>,
    /// ConfigMap with a CA bundle for the server's certificate.
    #[serde(default)]
    pub cert_config_map: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PvcSource {
    /// Omitted: the VM's namespace.
    #[serde(default)]
    pub namespace: Option<Template>,
    pub name: Template,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VddkSource {
    /// vCenter or ESXi SDK URL, e.g. `https://vcenter.example.com/sdk`.
    pub url: Template,
    /// SHA-1 thumbprint of the server certificate.
    pub thumbprint: String,
    /// Secret with `accessKeyId` (user) and `secretKey` (password).
    pub secret_ref: String,
    /// The VM's UUID in vCenter (default `{uuid}`).
    #[serde(default)]
    pub uuid: Option<Template>,
    /// The `.vmdk` to copy (default `{path}`, e.g. `[datastore1] web/web.vmdk`).
    #[serde(default)]
    pub backing_file: Option<Template>,
    /// Image with the VDDK library (otherwise the CDI config's default).
    #[serde(default, rename = "initImageURL")]
    pub init_image_url: Option<String>,
}

/// Which devices guests get.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compatibility {
    /// virtio when the guest is Linux or already used virtio; SATA/e1000e otherwise.
    #[default]
    Auto,
    /// SATA disks and e1000e NICs for every guest (no virtio drivers needed).
    Legacy,
    /// virtio for every guest (drivers installed before migrating).
    Virtio,
}

/// Per-VM extras.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VmRule {
    /// Source VM name (glob).
    pub vm: Glob,
    #[serde(default)]
    pub instancetype: Option<String>,
    #[serde(default)]
    pub preference: Option<String>,
    /// cloud-init NoCloud data, stored in a Secret.
    #[serde(default)]
    pub cloud_init: Option<CloudInit>,
    /// Windows sysprep answer file, stored in a Secret.
    #[serde(default)]
    pub sysprep: Option<Sysprep>,
    /// Ports to expose with a Service.
    #[serde(default)]
    pub expose: Option<Expose>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CloudInit {
    /// File with the user data (relative to the mapping file).
    pub user_data_file: PathBuf,
    #[serde(default)]
    pub network_data_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Sysprep {
    /// `autounattend.xml` / `unattend.xml` (relative to the mapping file).
    pub unattend_file: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Expose {
    pub ports: Vec<ExposedPort>,
    #[serde(default, rename = "type")]
    pub service_type: ServiceType,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExposedPort {
    pub port: u16,
    #[serde(default)]
    pub protocol: Protocol,
    /// Port inside the guest (default: `port`).
    #[serde(default)]
    pub target_port: Option<u16>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum Protocol {
    #[default]
    TCP,
    UDP,
    SCTP,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::TCP => "TCP",
            Protocol::UDP => "UDP",
            Protocol::SCTP => "SCTP",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum ServiceType {
    #[default]
    ClusterIP,
    NodePort,
    LoadBalancer,
}

impl ServiceType {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
        }
    }
}

/// User data files a VM rule names, read when the mapping is loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserData {
    pub cloud_init_user_data: Option<String>,
    pub cloud_init_network_data: Option<String>,
    pub sysprep_unattend: Option<String>,
}

/// A loaded, checked mapping.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// Where it came from, for messages.
    pub file: String,
    pub spec: MappingFile,
    /// Contents of the user data files, by index into `spec.vms`.
    pub user_data: Vec<UserData>,
}

/// What an `instancetype:`/`preference:` value asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice<'a> {
    Auto,
    Named(&'a str),
}

fn choice(value: Option<&String>) -> Option<Choice<'_>> {
    value.map(|v| {
        if v == "auto" {
            Choice::Auto
        } else {
            Choice::Named(v.as_str())
        }
    })
}

impl Mapping {
    /// Reads and checks a mapping file; user data files are read relative to it.
    pub fn load(path: &Path) -> Result<Mapping, MappingError> {
        let file = path.display().to_string();
        let text = read_small(path, &file)?;
        let base = path.parent().unwrap_or(Path::new("."));
        Mapping::parse(&text, &file, Some(base))
    }

    /// Parses mapping text. `base`: folder user data files are read from (`None`: any
    /// reference to a file is an error).
    pub fn parse(text: &str, file: &str, base: Option<&Path>) -> Result<Mapping, MappingError> {
        let spec: MappingFile = if text.trim().is_empty() {
            MappingFile::default()
        } else {
            serde_saphyr::from_str(text).map_err(|err| syntax_error(file, &err))?
        };
        let invalid = |message: String| MappingError::Invalid {
            file: file.to_string(),
            message,
        };
        for (key, _) in spec.labels.iter().chain(spec.annotations.iter()) {
            if !is_qualified_name(key) {
                return Err(invalid(format!(
                    "label/annotation key {key:?} is not a valid Kubernetes key"
                )));
            }
        }
        for (key, value) in &spec.labels {
            if !is_label_value(value) {
                return Err(invalid(format!(
                    "label {key}: value {value:?} is not a valid label value"
                )));
            }
        }
        for (index, rule) in spec.vms.iter().enumerate() {
            if rule.cloud_init.is_some() && rule.sysprep.is_some() {
                return Err(invalid(format!(
                    "vms[{index}] ({}): set cloudInit or sysprep, not both",
                    rule.vm.as_str()
                )));
            }
            if let Some(expose) = &rule.expose {
                if expose.ports.is_empty() || expose.ports.iter().any(|p| p.port == 0) {
                    return Err(invalid(format!(
                        "vms[{index}] ({}): expose needs ports between 1 and 65535",
                        rule.vm.as_str()
                    )));
                }
            }
        }
        let mut user_data = Vec::new();
        for rule in &spec.vms {
            let mut data = UserData::default();
            let read = |relative: &Path| -> Result<String, MappingError> {
                let Some(base) = base else {
                    return Err(invalid(format!(
                        "{} cannot be read: the mapping came without a folder",
                        relative.display()
                    )));
                };
                let path = base.join(relative);
                read_small(&path, &path.display().to_string())
            };
            if let Some(cloud_init) = &rule.cloud_init {
                data.cloud_init_user_data = Some(read(&cloud_init.user_data_file)?);
                if let Some(network) = &cloud_init.network_data_file {
                    data.cloud_init_network_data = Some(read(network)?);
                }
            }
            if let Some(sysprep) = &rule.sysprep {
                data.sysprep_unattend = Some(read(&sysprep.unattend_file)?);
            }
            user_data.push(data);
        }
        Ok(Mapping {
            file: file.to_string(),
            spec,
            user_data,
        })
    }

    /// The first network rule for a NIC. A NIC without a network name matches as `""`.
    pub fn network_rule(&self, nic: &Nic) -> Option<&NetworkRule> {
        let network = nic.network.as_deref().unwrap_or("");
        self.spec.networks.iter().find(|rule| {
            rule.source.matches(network) && rule.vlan.is_none_or(|v| nic.vlan == Some(v))
        })
    }

    /// The first storage rule for a disk.
    pub fn storage_rule(&self, disk: &Disk) -> Option<&StorageRule> {
        let storage = disk.storage.as_deref().unwrap_or("");
        let controller = disk.controller.as_deref().unwrap_or("");
        self.spec.storage.iter().find(|rule| {
            rule.datastore.as_ref().is_none_or(|g| g.matches(storage))
                && rule
                    .controller
                    .as_ref()
                    .is_none_or(|g| g.matches(controller))
        })
    }

    /// The data source for a disk of a VM (by source names); `None`: the default (upload).
    pub fn disk_source(&self, vm: &VmSpec, disk: &Disk) -> Option<&DiskSource> {
        self.spec
            .disks
            .iter()
            .find(|rule| {
                rule.vm.as_ref().is_none_or(|g| g.matches(&vm.name))
                    && rule.disk.as_ref().is_none_or(|g| g.matches(&disk.id))
            })
            .map(|rule| &rule.source)
    }

    /// The first per-VM rule for a VM, with its user data.
    pub fn vm_rule(&self, vm: &VmSpec) -> Option<(&VmRule, &UserData)> {
        let index = self.spec.vms.iter().position(|r| r.vm.matches(&vm.name))?;
        Some((&self.spec.vms[index], self.user_data.get(index)?))
    }

    /// The instancetype asked for a VM (a VM rule wins over the top-level value).
    pub fn instancetype(&self, vm: &VmSpec) -> Option<Choice<'_>> {
        let per_vm = self.vm_rule(vm).and_then(|(r, _)| r.instancetype.as_ref());
        choice(per_vm.or(self.spec.instancetype.as_ref()))
    }

    /// The preference asked for a VM (a VM rule wins over the top-level value).
    pub fn preference(&self, vm: &VmSpec) -> Option<Choice<'_>> {
        let per_vm = self.vm_rule(vm).and_then(|(r, _)| r.preference.as_ref());
        choice(per_vm.or(self.spec.preference.as_ref()))
    }

    /// Every NIC and disk the mapping does not cover, and VMs with more than one NIC on the
    /// pod network. Empty when the mapping covers everything.
    pub fn unmapped(&self, vms: &[VmSpec]) -> Vec<Unmapped> {
        unmapped(self, vms)
    }

    /// `Ok` when [`Mapping::unmapped`] is empty; otherwise one error listing every item.
    pub fn check(&self, vms: &[VmSpec]) -> Result<(), MappingError> {
        let items = self.unmapped(vms);
        if items.is_empty() {
            Ok(())
        } else {
            Err(MappingError::Unmapped {
                file: self.file.clone(),
                items,
            })
        }
    }
}

/// See [`Mapping::unmapped`].
pub fn unmapped(mapping: &Mapping, vms: &[VmSpec]) -> Vec<Unmapped> {
    vms.iter().flat_map(|vm| unmapped_vm(mapping, vm)).collect()
}

/// [`unmapped`] for one VM (callers that know each VM's generated name use this).
pub fn unmapped_vm(mapping: &Mapping, vm: &VmSpec) -> Vec<Unmapped> {
    let mut items = Vec::new();
    {
        let mut pod_nics = Vec::new();
        for nic in &vm.nics {
            match mapping.network_rule(nic) {
                None => items.push(Unmapped::Network {
                    vm: vm.name.clone(),
                    nic: nic.id.clone(),
                    network: nic.network.clone(),
                    vlan: nic.vlan,
                }),
                Some(rule) if rule.to == NetworkTarget::Pod => pod_nics.push(nic.id.clone()),
                Some(_) => {}
            }
        }
        if pod_nics.len() > 1 {
            items.push(Unmapped::MultiplePodNics {
                vm: vm.name.clone(),
                nics: pod_nics,
            });
        }
        for disk in &vm.disks {
            if mapping.storage_rule(disk).is_none() {
                items.push(Unmapped::Storage {
                    vm: vm.name.clone(),
                    disk: disk.id.clone(),
                    storage: disk.storage.clone(),
                    controller: disk.controller.clone(),
                });
            }
        }
    }
    items
}

fn read_small(path: &Path, file: &str) -> Result<String, MappingError> {
    let io = |source| MappingError::Io {
        file: file.to_string(),
        source,
    };
    let bytes = match crate::files::read_limited(path, MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::files::ReadError::Io(source)) => return Err(io(source)),
        Err(crate::files::ReadError::TooLarge { .. }) => {
            return Err(MappingError::Invalid {
                file: file.to_string(),
                message: format!("larger than {} MiB", MAX_FILE_BYTES >> 20),
            })
        }
    };
    String::from_utf8(bytes).map_err(|_| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

fn syntax_error(file: &str, err: &serde_saphyr::Error) -> MappingError {
    let message = err.without_snippet().to_string();
    // serde-saphyr appends " at line L, column C" to its messages; the location is
    // reported once, in front, like a compiler does.
    let message = match message.rfind(" at line ") {
        Some(at) if err.location().is_some() => message[..at].to_string(),
        _ => message,
    };
    match err.location() {
        Some(location) => MappingError::Syntax {
            file: file.to_string(),
            line: location.line(),
            column: location.column(),
            message,
        },
        None => MappingError::Invalid {
            file: file.to_string(),
            message,
        },
    }
}

fn is_qualified_name(key: &str) -> bool {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    let prefix_ok =
        prefix.is_none_or(|p| !p.is_empty() && p.len() <= 253 && p.split('.').all(is_dns_label));
    prefix_ok && !name.is_empty() && is_label_value(name)
}

fn is_label_value(value: &str) -> bool {
    value.is_empty()
        || (value.len() <= 63
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && value.as_bytes()[0].is_ascii_alphanumeric()
            && value.as_bytes()[value.len() - 1].is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Mapping, MappingError> {
        Mapping::parse(text, "map.yaml", None)
    }

    #[test]
    fn globs_match_star_and_question_mark() {
        assert!(Glob::new("DMZ*").matches("DMZ-20"));
        assert!(Glob::new("*").matches(""));
        assert!(Glob::new("vlan-??").matches("vlan-10"));
        assert!(!Glob::new("vlan-??").matches("vlan-100"));
        assert!(Glob::new("*store*1").matches("datastore1"));
        assert!(!Glob::new("datastore1").matches("Datastore1"));
        assert!(Glob::new("a*b*c").matches("aXbYbZc"));
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_line() {
        let err = parse("namespace: apps\nnetworks:\n  - source: lan\n    too: pod\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("map.yaml:4:"), "{text}");
        assert!(text.contains("too"), "{text}");
    }

    #[test]
    fn unknown_values_are_errors_naming_the_line() {
        let err = parse("networks:\n  - source: lan\n    to: bridge\n").unwrap_err();
        assert!(err.to_string().starts_with("map.yaml:3:"), "{err}");
        let err = parse("storage:\n  - datastore: ds1\n    accessMode: RWX\n").unwrap_err();
        assert!(err.to_string().starts_with("map.yaml:3:"), "{err}");
        let err = parse("disks:\n  - source:\n      http:\n        url: \"http://x/{name}\"\n")
            .unwrap_err();
        assert!(err.to_string().starts_with("map.yaml:4:"), "{err}");
        assert!(err.to_string().contains("{name}"), "{err}");
        let err = parse("networks:\n  - source: lan\n    to:\n      multus: dmz\n").unwrap_err();
        assert!(err.to_string().starts_with("map.yaml:4:"), "{err}");
    }

    #[test]
    fn templates_expand_every_placeholder() {
        let t = Template::new("s3://b/{vm}/{disk}-{file}?u={uuid}&s={source-vm}&p={path}").unwrap();
        let values = TemplateValues {
            vm: "web",
            source_vm: "Web 01",
            disk: "scsi0-0",
            path: Some("[ds1] web/web.vmdk"),
            uuid: Some("abc"),
        };
        assert_eq!(
            t.expand(&values).unwrap(),
            "s3://b/web/scsi0-0-web.vmdk?u=abc&s=Web 01&p=[ds1] web/web.vmdk"
        );
        let missing = TemplateValues {
            path: None,
            ..values
        };
        assert!(t
            .expand(&missing)
            .unwrap_err()
            .to_string()
            .contains("{file}"));
        assert_eq!(
            Template::new("x/{disk"),
            Err(TemplateError::Unclosed {
                text: "x/{disk".into()
            })
        );
        assert_eq!(
            Template::new("x/{host}").unwrap_err().to_string(),
            "unknown placeholder {host} (known: {vm}, {source-vm}, {disk}, {file}, {path}, {uuid})"
        );
    }
}

//! The fields a `--where` expression, an `--order-by` key or a `--columns` list can name:
//! each is typed (so a literal is checked when the expression is parsed, not when it is
//! compared) and read from the neutral model (`VmSpec`) plus, for `concerns` and `status`,
//! the VM's assessment.

use crate::assess::VmAssessment;
use crate::generate::quantity;
use crate::guest::Version;
use crate::model::{FirmwareKind, VmSpec};

/// What a field holds, which decides the literals and operators it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Free text, compared case-sensitively.
    Text,
    /// One of a known set of lowercase words, compared case-insensitively.
    Keyword,
    /// A whole number.
    Int,
    /// A number of bytes; literals take Kubernetes suffixes (`8Gi`, `500M`).
    Size,
    /// `major[.minor]`, compared numerically (`22.04 > 9.1`).
    Version,
    /// `true` or `false`.
    Bool,
    /// Several texts; a test holds when it holds for any of them.
    TextList,
    /// Several keywords; a test holds when it holds for any of them.
    KeywordList,
}

impl FieldType {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Keyword => "keyword",
            FieldType::Int => "number",
            FieldType::Size => "size",
            FieldType::Version => "version",
            FieldType::Bool => "boolean",
            FieldType::TextList => "list of text",
            FieldType::KeywordList => "list of keywords",
        }
    }

    /// Whether `< <= > >=` apply.
    pub fn is_ordered(self) -> bool {
        matches!(self, FieldType::Int | FieldType::Size | FieldType::Version)
    }

    /// Whether `like` and `~=` apply.
    pub fn is_textual(self) -> bool {
        matches!(
            self,
            FieldType::Text | FieldType::Keyword | FieldType::TextList | FieldType::KeywordList
        )
    }

    /// Whether values compare without regard to case.
    pub fn folds_case(self) -> bool {
        matches!(self, FieldType::Keyword | FieldType::KeywordList)
    }
}

/// Every field, in the order the README and completion list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    SourceName,
    Format,
    File,
    GuestFamily,
    GuestDistro,
    GuestVersion,
    GuestId,
    Cpus,
    Memory,
    Firmware,
    SecureBoot,
    Tpm,
    DiskCount,
    DiskSize,
    Datastores,
    NicCount,
    Networks,
    Macs,
    Concerns,
    Status,
}

pub const ALL: [Field; 21] = [
    Field::Name,
    Field::SourceName,
    Field::Format,
    Field::File,
    Field::GuestFamily,
    Field::GuestDistro,
    Field::GuestVersion,
    Field::GuestId,
    Field::Cpus,
    Field::Memory,
    Field::Firmware,
    Field::SecureBoot,
    Field::Tpm,
    Field::DiskCount,
    Field::DiskSize,
    Field::Datastores,
    Field::NicCount,
    Field::Networks,
    Field::Macs,
    Field::Concerns,
    Field::Status,
];

/// One VM as the query language sees it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub spec: &'a VmSpec,
    /// The Kubernetes name the VM gets (before run-wide uniqueness suffixes).
    pub name: &'a str,
    /// The VM's assessment; only read by `concerns` and `status`.
    pub assessment: Option<&'a VmAssessment>,
}

/// A field's value for one VM. `None` inside a variant: the source does not say.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(Option<u64>),
    Size(Option<u64>),
    Version(Option<Version>),
    Bool(bool),
    List(Vec<String>),
}

impl Field {
    pub fn name(self) -> &'static str {
        self.info().0
    }

    pub fn kind(self) -> FieldType {
        self.info().1
    }

    pub fn help(self) -> &'static str {
        self.info().2
    }

    fn info(self) -> (&'static str, FieldType, &'static str) {
        use FieldType::*;
        match self {
            Field::Name => ("name", Text, "Kubernetes name of the VM"),
            Field::SourceName => ("source-name", Text, "the VM's name in the source file"),
            Field::Format => (
                "format",
                Keyword,
                "source format (vmx, ovf, ova, libvirt, proxmox, vbox, xen...)",
            ),
            Field::File => ("file", Text, "path of the source file"),
            Field::GuestFamily => (
                "guest-family",
                Keyword,
                "windows, linux, bsd, macos, solaris, other or unknown",
            ),
            Field::GuestDistro => (
                "guest-distro",
                Keyword,
                "distribution or Windows edition (ubuntu, rhel, windows-server...)",
            ),
            Field::GuestVersion => (
                "guest-version",
                Version,
                "guest OS version (22.04, 2019, 9.2)",
            ),
            Field::GuestId => ("guest-id", Text, "the source's own guest OS identifier"),
            Field::Cpus => ("cpus", Int, "vCPUs (sockets x cores x threads)"),
            Field::Memory => ("memory", Size, "guest memory"),
            Field::Firmware => ("firmware", Keyword, "bios or efi"),
            Field::SecureBoot => ("secure-boot", Bool, "UEFI Secure Boot on"),
            Field::Tpm => ("tpm", Bool, "has a TPM"),
            Field::DiskCount => ("disk-count", Int, "number of disks (CD-ROMs not counted)"),
            Field::DiskSize => (
                "disk-size",
                Size,
                "total capacity of the disks whose size is known",
            ),
            Field::Datastores => (
                "datastores",
                TextList,
                "datastore, storage pool or storage id of each disk",
            ),
            Field::NicCount => ("nic-count", Int, "number of NICs"),
            Field::Networks => ("networks", TextList, "source network of each NIC"),
            Field::Macs => ("macs", KeywordList, "MAC address of each NIC"),
            Field::Concerns => (
                "concerns",
                KeywordList,
                "ids of the assessment's concerns (see assess)",
            ),
            Field::Status => (
                "status",
                Keyword,
                "assessment status: ready, warnings or blocked",
            ),
        }
    }

    /// The field a name (or an underscore spelling of it) means.
    pub fn lookup(name: &str) -> Option<Field> {
        let wanted = name.to_ascii_lowercase().replace('_', "-");
        ALL.into_iter().find(|f| f.name() == wanted)
    }

    /// The values a keyword or boolean field can take, for completion.
    pub fn known_values(self) -> &'static [&'static str] {
        match self {
            Field::Format => &[
                "vmx",
                "ovf",
                "ova",
                "libvirt",
                "proxmox",
                "vbox",
                "xen",
                "vsphere-json",
            ],
            Field::GuestFamily => &[
                "windows", "linux", "bsd", "macos", "solaris", "other", "unknown",
            ],
            Field::Firmware => &["bios", "efi"],
            Field::Status => &["ready", "warnings", "blocked"],
            Field::SecureBoot | Field::Tpm => &["true", "false"],
            _ => &[],
        }
    }

    /// Whether reading the field needs the assessment.
    pub fn needs_assessment(self) -> bool {
        matches!(self, Field::Concerns | Field::Status)
    }

    /// The field's value for a VM; keywords come lowercased.
    pub fn value(self, vm: &Subject) -> Value {
        let spec = vm.spec;
        match self {
            Field::Name => Value::Text(vm.name.to_string()),
            Field::SourceName => Value::Text(spec.name.clone()),
            Field::Format => Value::Text(spec.source.format.as_str().to_ascii_lowercase()),
            Field::File => Value::Text(spec.source.file.clone()),
            Field::GuestFamily => Value::Text(spec.guest_os.family.as_str().to_string()),
            Field::GuestDistro => Value::Text(
                spec.guest_os
                    .distro
                    .and_then(|d| serde_json::to_value(d).ok())
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            ),
            Field::GuestVersion => Value::Version(spec.guest_os.version),
            Field::GuestId => Value::Text(spec.guest_os.source_id.clone().unwrap_or_default()),
            Field::Cpus => Value::Int(spec.cpu.vcpus().map(u64::from)),
            Field::Memory => Value::Size((spec.memory.bytes > 0).then_some(spec.memory.bytes)),
            Field::Firmware => Value::Text(
                match spec.firmware.kind {
                    FirmwareKind::Bios => "bios",
                    FirmwareKind::Uefi => "efi",
                }
                .to_string(),
            ),
            Field::SecureBoot => Value::Bool(spec.firmware.secure_boot),
            Field::Tpm => Value::Bool(spec.tpm.is_some()),
            Field::DiskCount => Value::Int(u64::try_from(spec.disks.len()).ok()),
            Field::DiskSize => Value::Size(Some(
                spec.disks
                    .iter()
                    .filter_map(|d| d.capacity_bytes)
                    .fold(0u64, u64::saturating_add),
            )),
            Field::Datastores => Value::List(
                spec.disks
                    .iter()
                    .filter_map(|d| d.storage.clone())
                    .collect(),
            ),
            Field::NicCount => Value::Int(u64::try_from(spec.nics.len()).ok()),
            Field::Networks => {
                Value::List(spec.nics.iter().filter_map(|n| n.network.clone()).collect())
            }
            Field::Macs => Value::List(
                spec.nics
                    .iter()
                    .filter_map(|n| n.mac.as_deref().map(str::to_ascii_lowercase))
                    .collect(),
            ),
            Field::Concerns => Value::List(
                vm.assessment
                    .map(|a| a.concerns.iter().map(|c| c.id.to_string()).collect())
                    .unwrap_or_default(),
            ),
            Field::Status => Value::Text(
                vm.assessment
                    .map(|a| a.status.as_str().to_ascii_lowercase())
                    .unwrap_or_default(),
            ),
        }
    }
}

impl Value {
    /// How a table cell shows the value.
    pub fn display(&self) -> String {
        const UNKNOWN: &str = "<unknown>";
        match self {
            Value::Text(text) if text.is_empty() => UNKNOWN.to_string(),
            Value::Text(text) => text.clone(),
            Value::Int(n) => n.map_or_else(|| UNKNOWN.to_string(), |n| n.to_string()),
            Value::Size(n) => n.map_or_else(|| UNKNOWN.to_string(), quantity),
            Value::Version(v) => v.map_or_else(|| UNKNOWN.to_string(), |v| v.to_string()),
            Value::Bool(b) => b.to_string(),
            Value::List(items) if items.is_empty() => "<none>".to_string(),
            Value::List(items) => items.join(","),
        }
    }
}

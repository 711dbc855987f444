//! Proxmox VE qemu-server configs (`/etc/pve/qemu-server/<vmid>.conf`, `qm config` output).
//!
//! The file is a list of `key: value` lines. `#` lines are the VM description (percent-encoded,
//! like the `description:` key). Sections follow: `[snapshot]`, `[PENDING]`,
//! `[special:cloudinit]`... Only the first, unnamed section is the VM as it is now; later
//! sections never override it. Snapshot names are recorded, pending changes are reported.
//!
//! Choices made where Proxmox leaves room:
//! * Values Proxmox defaults when absent are filled in as Proxmox would run the VM: 1 socket,
//!   1 core, 512 MiB of memory, SeaBIOS, an LSI SCSI controller, x86_64.
//! * A config without `name:` is named `vm<vmid>` (Proxmox's own fallback for the QEMU name),
//!   with the vmid taken from the file name's trailing digits (`100.conf` gives `vm100`);
//!   failing that, the file name itself is used. Either way a warning says so.
//! * `shared=1` on a drive only tells Proxmox the volume is reachable from every node; it is
//!   not a multi-writer disk, so it does not set `Disk::shared` (a warning says so).
//! * The efidisk holds UEFI variables, not data: it sets firmware facts and is not a `Disk`.

use super::text::{join, quote};
use super::{text, units, ImportError, SourceFile};
use crate::model::{
    normalize_mac, Arch, Cdrom, Cpu, Device, DeviceKind, Disk, DiskBacking, DiskBus, DiskFormat,
    DiskMode, Firmware, FirmwareKind, GuestOs, Memory, Nic, NicAttachment, NicModel, OsFamily,
    SourceFormat, Tpm, VmSpec,
};
use std::collections::{BTreeMap, BTreeSet};

mod drives;
use drives::*;

/// Parses one Proxmox qemu-server config.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    let text = text::decode(file, &file.bytes, None)?;
    refuse_container(file, &text)?;
    let config = Config::read(file, &text)?;
    refuse_template(file, &config)?;
    Ok(vec![build(file, &config)?])
}

/// Whether the start of a file looks like a Proxmox config: every complete line of the
/// first section is `key: value` (or a `#` comment) and at least one key is one that only
/// Proxmox writes. LXC container configs are claimed too, so that they are refused clearly.
pub fn looks_like(head: &str) -> bool {
    let mut lines: Vec<&str> = head.lines().collect();
    // The head may end in the middle of a line; judge only complete ones.
    if !head.ends_with('\n') && lines.len() > 1 {
        lines.pop();
    }
    let mut keys = 0usize;
    let mut strong = 0usize;
    for line in lines {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            break;
        }
        let Some((key, value)) = line.split_once(':') else {
            return false;
        };
        let key_ok = key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.".contains(c));
        if !key_ok || !(value.is_empty() || value.starts_with(' ')) {
            return false;
        }
        keys += 1;
        if is_signature_key(key, value) {
            strong += 1;
        }
    }
    keys >= 1 && strong >= 1
}

/// Keys that mark a file as Proxmox's (VM or container) rather than any `key: value` text.
fn is_signature_key(key: &str, value: &str) -> bool {
    const KEYS: &[&str] = &[
        "ostype",
        "bootdisk",
        "scsihw",
        "smbios1",
        "vmgenid",
        "sockets",
        "cores",
        "efidisk0",
        "tpmstate0",
        "hookscript",
        "rootfs",
        "unprivileged",
        "balloon",
        "numa",
        "onboot",
        "agent",
        "meta",
    ];
    if KEYS.contains(&key) || key.starts_with("lxc.") {
        return true;
    }
    let value = value.trim();
    match key {
        "machine" => {
            return value.starts_with("q35")
                || value.starts_with("pc")
                || value.starts_with("type=")
        }
        "args" => return value.starts_with('-'),
        "vga" => {
            let kind = value.split(',').next().unwrap_or_default();
            return matches!(
                kind,
                "std"
                    | "qxl"
                    | "qxl2"
                    | "virtio"
                    | "virtio-gl"
                    | "vmware"
                    | "cirrus"
                    | "none"
                    | "serial0"
            );
        }
        _ => {}
    }
    let (prefix, _) = split_index(key);
    match prefix {
        "net" => value.contains("bridge=") || value.contains("virtio=") || value.contains("e1000="),
        "hostpci" | "unused" => true,
        "scsi" | "sata" | "virtio" | "ide" => {
            value.contains("size=") || value.contains("media=") || value.contains("local")
        }
        _ => false,
    }
}

/// One `key: value` line of the current section.
#[derive(Debug, Clone, Copy)]
struct Entry<'a> {
    key: &'a str,
    value: &'a str,
    line: usize,
}

/// The current section of a config, plus what the other sections tell about it.
struct Config<'a> {
    entries: BTreeMap<&'a str, Entry<'a>>,
    description: Option<String>,
    snapshots: Vec<String>,
    /// Keys set in `[PENDING]`, when that section exists.
    pending: Option<Vec<String>>,
    notes: Vec<String>,
}

enum Section {
    Current,
    Pending,
    Other,
}

impl<'a> Config<'a> {
    fn read(file: &SourceFile, text: &'a str) -> Result<Self, ImportError> {
        let mut entries: BTreeMap<&'a str, Entry<'a>> = BTreeMap::new();
        let mut description = String::new();
        let mut snapshots = Vec::new();
        let mut pending: Option<Vec<String>> = None;
        let mut notes = Vec::new();
        let mut seen_sections = BTreeSet::new();
        let mut repeated_keys = BTreeSet::new();
        let mut section = Section::Current;
        // Lines of the current section that are not `key: value`, skipped as qemu-server
        // skips them ("unable to parse config"), unless nothing shows the file is Proxmox's.
        let mut unparsed: Vec<(usize, &'a str)> = Vec::new();

        for (index, raw) in text.lines().enumerate() {
            let line_no = index.saturating_add(1);
            let line = raw.trim_end();
            if line.trim().is_empty() {
                continue;
            }
            if line.starts_with('[') {
                let Some(header) = section_header(line) else {
                    if matches!(section, Section::Current) {
                        return Err(ImportError::syntax(
                            file.at_line(line_no),
                            format!("`{}` is not a valid section header", quote(line)),
                        ));
                    }
                    notes.push(format!(
                        "Line {line_no}: `{}` is not a valid section header; it and the lines after it were ignored like the other non-current sections.",
                        quote(line)
                    ));
                    section = Section::Other;
                    continue;
                };
                if !seen_sections.insert(header.to_ascii_lowercase()) {
                    notes.push(format!(
                        "Section [{header}] appears more than once (line {line_no}); only the current configuration at the top of the file is used."
                    ));
                }
                if header.eq_ignore_ascii_case("PENDING") {
                    pending.get_or_insert_with(Vec::new);
                    section = Section::Pending;
                } else if header.starts_with("special:") {
                    section = Section::Other;
                } else {
                    if !snapshots.iter().any(|s: &String| s == header) {
                        snapshots.push(header.to_string());
                    }
                    section = Section::Other;
                }
                continue;
            }
            match section {
                Section::Current => {}
                Section::Pending => {
                    if let Some((key, _)) = split_key_value(line) {
                        if let Some(keys) = pending.as_mut() {
                            if !keys.iter().any(|k| k == key) {
                                keys.push(key.to_string());
                            }
                        }
                    }
                    continue;
                }
                Section::Other => continue,
            }
            if let Some(comment) = line.strip_prefix('#') {
                description.push_str(&percent_decode(comment));
                description.push('\n');
                continue;
            }
            let Some((key, value)) = split_key_value(line) else {
                unparsed.push((line_no, line));
                continue;
            };
            if key == "description" {
                description.push_str(&percent_decode(value));
                continue;
            }
            let entry = Entry {
                key,
                value,
                line: line_no,
            };
            if entries.insert(key, entry).is_some() {
                repeated_keys.insert(key);
            }
        }
        notes.extend(lenient::skipped_lines(file, &entries, &unparsed)?);
        if !repeated_keys.is_empty() {
            notes.push(format!(
                "These settings appear more than once; the last value of each is used: {}.",
                join(repeated_keys.iter())
            ));
        }
        let description = description.trim_end().to_string();
        Ok(Config {
            entries,
            description: (!description.is_empty()).then_some(description),
            snapshots,
            pending,
            notes,
        })
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        self.entries.get(key).map(|e| e.value)
    }

    fn entry(&self, key: &str) -> Option<Entry<'a>> {
        self.entries.get(key).copied()
    }

    /// Whether a boolean setting is on (`1`, `on`, `yes`, `true`).
    fn flag(&self, key: &str) -> Option<bool> {
        self.get(key).map(is_true)
    }
}

/// The name inside a section header line, when it is one Proxmox accepts.
fn section_header(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix('[')?.strip_suffix(']')?;
    if inner.eq_ignore_ascii_case("PENDING") {
        return Some(inner);
    }
    if let Some(name) = inner.strip_prefix("special:") {
        let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        return ok.then_some(inner);
    }
    let mut chars = inner.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok =
        inner.len() >= 2 && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (first_ok && rest_ok).then_some(inner)
}

/// Splits `key: value`, checking the key the way Proxmox does (`[a-z][a-z0-9_-]*`).
fn split_key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let mut chars = key.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok =
        chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    (first_ok && rest_ok).then_some((key, value.trim()))
}

/// LXC container configs live next to VM configs and look alike; they are not VMs.
fn refuse_container(file: &SourceFile, text: &str) -> Result<(), ImportError> {
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            break;
        }
        let key = line.split(':').next().unwrap_or_default().trim();
        if matches!(key, "rootfs" | "hostname" | "unprivileged") || key.starts_with("lxc.") {
            return Err(ImportError::unsupported(
                file.at_line(index.saturating_add(1)),
                format!("this is a Proxmox LXC container config (`{key}`), not a virtual machine; containers are not converted"),
            ));
        }
    }
    Ok(())
}

/// Configs with unfilled placeholders (`@DISK@`, `{disk_size}`) describe no real VM yet.
fn refuse_template(file: &SourceFile, config: &Config) -> Result<(), ImportError> {
    for entry in config.entries.values() {
        if let Some(placeholder) = find_placeholder(entry.value) {
            return Err(ImportError::unsupported(
                file.at_line(entry.line),
                format!(
                    "`{}` holds the unfilled placeholder `{placeholder}`; this is a template, fill it in first",
                    entry.key
                ),
            ));
        }
    }
    Ok(())
}

/// A `@NAME@`, `{name}` or `${name}` placeholder in a value, if any.
pub(crate) fn find_placeholder(value: &str) -> Option<&str> {
    let is_ident = |s: &str| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    for (open, close) in [('@', '@'), ('{', '}')] {
        let mut rest = value;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len_utf8()..];
            let Some(end) = after.find(close) else { break };
            let inner = &after[..end];
            if is_ident(inner) {
                let whole_end = start + open.len_utf8() + end + close.len_utf8();
                return Some(&rest[start..whole_end]);
            }
            rest = after;
        }
    }
    None
}

/// Splits a key like `scsi12` into (`scsi`, Some(12)).
fn split_index(key: &str) -> (&str, Option<u32>) {
    let digits = key.len() - key.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits == key.len() {
        return (key, None);
    }
    let (prefix, number) = key.split_at(key.len() - digits);
    (prefix, number.parse().ok())
}

/// A Proxmox property string (`virtio=AA:BB..,bridge=vmbr0,tag=5`), in order.
struct Props<'a> {
    items: Vec<(Option<&'a str>, &'a str)>,
}

impl<'a> Props<'a> {
    fn parse(value: &'a str) -> Self {
        let items = value
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| match item.split_once('=') {
                Some((k, v)) => (Some(k.trim()), v.trim()),
                None => (None, item),
            })
            .collect();
        Props { items }
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        self.items
            .iter()
            .rev()
            .find(|(k, _)| *k == Some(key))
            .map(|(_, v)| *v)
    }

    /// The value of `key`, or else the first item written without a key.
    fn get_or_first(&self, key: &str) -> Option<&'a str> {
        self.get(key).or_else(|| {
            self.items
                .iter()
                .find(|(k, _)| k.is_none())
                .map(|(_, v)| *v)
        })
    }

    fn flag(&self, key: &str) -> bool {
        self.get(key).is_some_and(is_true)
    }
}

fn is_true(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "on" | "yes" | "true"
    )
}

/// Proxmox stores descriptions percent-encoded (`%3A` for `:`); decodes `%XX` escapes.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(hex) = text.get(i + 1..i + 3) {
                if let Ok(byte) = u8::from_str_radix(hex, 16) {
                    out.push(byte);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The vmid in a file name such as `100.conf` or `qemu-server/100.conf`.
fn vmid_from_file_name(name: &str) -> Option<&str> {
    let base = name.rsplit(['/', '\\']).next()?;
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let trimmed = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &stem[trimmed.len()..];
    let separated = trimmed.is_empty() || trimmed.ends_with(|c: char| !c.is_ascii_alphanumeric());
    (!digits.is_empty() && separated).then_some(digits)
}

fn file_stem(name: &str) -> Option<&str> {
    let base = name.rsplit(['/', '\\']).next()?;
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    (!stem.is_empty() && stem != "-").then_some(stem)
}

/// Disk-like drive keys in the order Proxmox walks them (ide, sata, scsi, virtio).
fn drive_bus(prefix: &str) -> Option<(u8, DiskBus)> {
    match prefix {
        "ide" => Some((0, DiskBus::Ide)),
        "sata" => Some((1, DiskBus::Sata)),
        "scsi" => Some((2, DiskBus::Scsi)),
        "virtio" => Some((3, DiskBus::Virtio)),
        _ => None,
    }
}

/// Settings that need no mapping: display, scheduling, bookkeeping and guest agent keys.
const QUIET_KEYS: &[&str] = &[
    "name",
    "ostype",
    "arch",
    "sockets",
    "cores",
    "vcpus",
    "memory",
    "balloon",
    "shares",
    "bios",
    "machine",
    "boot",
    "bootdisk",
    "smbios1",
    "vmgenid",
    "meta",
    "onboot",
    "startup",
    "autostart",
    "agent",
    "tablet",
    "vga",
    "keyboard",
    "protection",
    "tags",
    "parent",
    "scsihw",
    "numa",
    "hotplug",
    "cpu",
    "cpuunits",
    "freeze",
    "reboot",
    "migrate_speed",
    "migrate_downtime",
    "spice_enhancements",
    "tdf",
    "acpi",
    "kvm",
    "localtime",
    "keephugepages",
    "vmstatestorage",
    "runningmachine",
    "runningcpu",
    "snaptime",
    "snapstate",
    "lock",
    "template",
    "vmstate",
    "startdate",
    "cpulimit",
    "affinity",
    "hugepages",
    "hookscript",
    "args",
    "amd-sev",
    "intel-tdx",
    "efidisk0",
    "tpmstate0",
    "cdrom",
    "watchdog",
    "ivshmem",
];

/// Cloud-init settings: Proxmox builds a config drive from them.
fn is_cloud_init_key(key: &str) -> bool {
    matches!(
        key,
        "ciuser"
            | "cipassword"
            | "citype"
            | "cicustom"
            | "ciupgrade"
            | "nameserver"
            | "searchdomain"
            | "sshkeys"
    ) || split_index(key).0 == "ipconfig" && split_index(key).1.is_some()
}

fn build(file: &SourceFile, config: &Config) -> Result<VmSpec, ImportError> {
    let source = file.source_ref(SourceFormat::Proxmox, None);
    let mut name_note = None;
    let name = match config.get("name").filter(|n| !n.is_empty()) {
        Some(name) => name.to_string(),
        None => {
            let (name, how) = match vmid_from_file_name(&file.name) {
                Some(vmid) => (
                    format!("vm{vmid}"),
                    "after the VM id in the file name, as Proxmox does",
                ),
                None => (
                    file_stem(&file.name).unwrap_or("vm").to_string(),
                    "after the file name",
                ),
            };
            name_note = Some(format!(
                "The config has no `name:`; the VM is named `{name}` {how}."
            ));
            name
        }
    };
    let mut vm = VmSpec::new(source, name);
    if let Some(note) = name_note {
        vm.warn(note);
    }
    for note in &config.notes {
        vm.warn(note.clone());
    }
    vm.description = config.description.clone();
    vm.snapshots = config.snapshots.clone();
    if !vm.snapshots.is_empty() {
        vm.warn_about(
            crate::model::WarningKind::Snapshots,
            format!(
                "The VM has {} snapshot(s) ({}); only the current state is imported.",
                vm.snapshots.len(),
                join(&vm.snapshots)
            ),
        );
    }
    if let Some(keys) = &config.pending {
        let detail = if keys.is_empty() {
            String::new()
        } else {
            format!(" ({})", join(keys))
        };
        vm.warn(format!(
            "The config has pending changes{detail} in its [PENDING] section that are not applied yet; they are ignored. Apply or revert them in Proxmox first if they matter."
        ));
    }

    if let Some(smbios) = config.get("smbios1") {
        let props = Props::parse(smbios);
        vm.uuid = props.get("uuid").map(str::to_string);
        let others: Vec<&str> = props
            .items
            .iter()
            .filter_map(|(k, _)| *k)
            .filter(|k| *k != "uuid" && *k != "base64")
            .collect();
        if !others.is_empty() {
            vm.warn(format!(
                "SMBIOS fields ({}) from smbios1 are not carried; set them again if guest software or licences depend on them.",
                join(others)
            ));
        }
    }

    guest_os(config, &mut vm);
    machine(config, &mut vm);
    cpu(file, config, &mut vm)?;
    memory(file, config, &mut vm)?;
    firmware(config, &mut vm);
    let boot_devices = drives(config, &mut vm);
    let nets = nics(config, &mut vm);
    boot_order(config, &boot_devices, &nets, &mut vm);
    devices(config, &mut vm);
    settings(config, &mut vm);
    Ok(vm)
}

fn guest_os(config: &Config, vm: &mut VmSpec) {
    let arch = match config.get("arch") {
        None => Arch::X86_64,
        Some("x86_64") => Arch::X86_64,
        Some("aarch64") => Arch::Aarch64,
        Some(other) => Arch::Other(other.to_string()),
    };
    let ostype = config.get("ostype").filter(|o| !o.is_empty());
    let os = match ostype {
        None => GuestOs::default(),
        Some(id) => crate::guest::from_proxmox(id).unwrap_or_else(|| {
            vm.warn(format!(
                "Unknown ostype `{}`; the guest OS is recorded as unknown.",
                quote(id)
            ));
            GuestOs {
                source_id: Some(id.to_string()),
                ..GuestOs::default()
            }
        }),
    };
    vm.guest_os = GuestOs { arch, ..os };
}

fn machine(config: &Config, vm: &mut VmSpec) {
    let Some(value) = config.get("machine") else {
        return;
    };
    let props = Props::parse(value);
    vm.machine_type = props.get_or_first("type").map(str::to_string);
    if let Some(viommu) = props.get("viommu") {
        vm.warn(format!(
            "machine: a virtual IOMMU (viommu={viommu}) is configured; it is not carried."
        ));
    }
    let extra: Vec<String> = props
        .items
        .iter()
        .filter_map(|(k, v)| k.map(|k| (k, v)))
        .filter(|(k, _)| !matches!(*k, "type" | "viommu"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if !extra.is_empty() {
        vm.warn(format!("machine options {} are not carried.", join(extra)));
    }
}

fn parse_count(file: &SourceFile, entry: Entry, what: &str) -> Result<u32, ImportError> {
    match entry.value.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ImportError::invalid(
            file.at_line(entry.line),
            format!(
                "`{}: {}` is not a valid {what} (a whole number of at least 1)",
                entry.key,
                quote(entry.value)
            ),
        )),
    }
}

fn hotplug_set(config: &Config) -> BTreeSet<String> {
    let value = config.get("hotplug").unwrap_or("network,disk,usb");
    match value.trim() {
        "0" => BTreeSet::new(),
        "1" => ["network", "disk", "usb"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        list => list.split(',').map(|s| s.trim().to_string()).collect(),
    }
}

fn cpu(file: &SourceFile, config: &Config, vm: &mut VmSpec) -> Result<(), ImportError> {
    let sockets = match config.entry("sockets") {
        Some(e) => parse_count(file, e, "socket count")?,
        None => 1,
    };
    let cores = match config.entry("cores") {
        Some(e) => parse_count(file, e, "core count")?,
        None => 1,
    };
    let hotplug = hotplug_set(config).contains("cpu");
    vm.cpu = Cpu {
        sockets,
        cores,
        threads: 1,
        hotplug,
    };
    let Some(total) = vm.cpu.vcpus() else {
        return Err(ImportError::invalid(
            file.at(),
            format!("{sockets} sockets x {cores} cores is more vCPUs than a 32-bit count holds"),
        ));
    };
    if let Some(entry) = config.entry("vcpus") {
        let vcpus = parse_count(file, entry, "vCPU count")?;
        if vcpus < total {
            vm.warn(format!(
                "vcpus: the VM starts with {vcpus} of its {total} vCPUs ({sockets} socket(s) x {cores} core(s)) and hot-plugs the rest; the imported VM has all {total}."
            ));
        } else if vcpus > total {
            vm.warn(format!(
                "vcpus: {vcpus} is more than the {total} vCPUs of the topology; Proxmox refuses this, the topology is used."
            ));
        }
    }
    if let Some(value) = config.get("cpu") {
        let props = Props::parse(value);
        let model = props.get_or_first("cputype").unwrap_or("kvm64");
        let only_hyperv_flags = props.get("flags").is_some_and(|f| hyperv_flags(f, vm));
        let carried = usize::from(only_hyperv_flags);
        let plain_default = matches!(model, "kvm64" | "qemu64" | "x86-64-v2-AES")
            && props.items.len() == carried.saturating_add(1);
        if !plain_default {
            vm.warn(format!(
                "CPU model `{model}` (cpu: {}) is not carried; choose a CPU model in KubeVirt if the guest depends on it.",
                quote(value)
            ));
        }
    }
    if let Some(affinity) = config.get("affinity") {
        vm.warn(format!(
            "CPU pinning (affinity: {}) is not carried.",
            quote(affinity)
        ));
        vm.cpu_affinity = Some(affinity.to_string());
    }
    if let Some(limit) = config.get("cpulimit") {
        vm.warn(format!(
            "A CPU limit (cpulimit: {}) is set; it is not carried, set a CPU limit in KubeVirt if needed.",
            quote(limit)
        ));
    }
    Ok(())
}

/// The Hyper-V enlightenments among `cpu: ...,flags=` (qemu-server allows `hv-tlbflush` and
/// `hv-evmcs`, each `+` on or `-` off, separated by `;`) into the model; true when every flag
/// was one of them, so nothing else in `flags` goes uncarried.
fn hyperv_flags(flags: &str, vm: &mut VmSpec) -> bool {
    let mut all = true;
    for flag in flags.split(';').map(str::trim).filter(|f| !f.is_empty()) {
        let (on, name) = if let Some(name) = flag.strip_prefix('+') {
            (true, name)
        } else if let Some(name) = flag.strip_prefix('-') {
            (false, name)
        } else {
            (true, flag)
        };
        match name {
            "hv-tlbflush" => vm.hyperv.tlbflush = Some(on),
            "hv-evmcs" => vm.hyperv.evmcs = Some(on),
            _ => all = false,
        }
    }
    all
}

fn memory(file: &SourceFile, config: &Config, vm: &mut VmSpec) -> Result<(), ImportError> {
    let mib = match config.entry("memory") {
        None => 512,
        Some(entry) => {
            let props = Props::parse(entry.value);
            let current = props.get_or_first("current").unwrap_or_default();
            match current.parse::<u64>() {
                Ok(n) if n > 0 => n,
                _ => {
                    return Err(ImportError::invalid(
                        file.at_line(entry.line),
                        format!(
                            "`memory: {}` is not a memory size in MiB",
                            quote(entry.value)
                        ),
                    ))
                }
            }
        }
    };
    let bytes = mib.checked_mul(1 << 20).ok_or_else(|| {
        let line = config.entry("memory").map_or(0, |e| e.line);
        ImportError::invalid(
            file.at_line(line),
            format!("memory: {mib} MiB does not fit in 64 bits"),
        )
    })?;
    vm.memory = Memory {
        bytes,
        hotplug: hotplug_set(config).contains("memory"),
    };
    if let Some(balloon) = config.get("balloon") {
        match balloon.parse::<u64>() {
            Ok(0) => {}
            Ok(min) if min < mib => vm.warn(format!(
                "Memory ballooning is on (balloon: {min} MiB minimum of {mib} MiB); the imported VM always gets the full {mib} MiB."
            )),
            Ok(_) => {}
            Err(_) => vm.warn(format!(
                "balloon: `{}` is not a size in MiB; ignored.",
                quote(balloon)
            )),
        }
    }
    if let Some(pages) = config.get("hugepages") {
        vm.warn(format!(
            "Hugepages (hugepages: {}) are not carried; configure hugepages in KubeVirt if the guest needs them.",
            quote(pages)
        ));
    }
    if config.flag("numa") == Some(true) {
        vm.warn("NUMA emulation is on (numa: 1); the NUMA topology is not carried.");
    }
    let numa_nodes: Vec<&str> = config
        .entries
        .keys()
        .copied()
        .filter(|k| split_index(k).0 == "numa" && split_index(k).1.is_some())
        .collect();
    if !numa_nodes.is_empty() {
        vm.warn(format!(
            "NUMA node definitions ({}) are not carried.",
            join(numa_nodes)
        ));
    }
    Ok(())
}

fn firmware(config: &Config, vm: &mut VmSpec) {
    let uefi = config.get("bios") == Some("ovmf");
    if let Some(bios) = config.get("bios") {
        if !matches!(bios, "ovmf" | "seabios") {
            vm.warn(format!("Unknown bios `{}`; SeaBIOS assumed.", quote(bios)));
        }
    }
    let mut secure_boot = false;
    if let Some(efidisk) = config.get("efidisk0") {
        let props = Props::parse(efidisk);
        let volume = props.get_or_first("file").unwrap_or_default();
        if uefi {
            secure_boot = props.flag("pre-enrolled-keys");
            vm.warn(format!(
                "efidisk0 ({}) holds the UEFI variables (boot entries{}); it is not a data disk and is not carried.",
                quote(volume),
                if secure_boot { ", Secure Boot keys" } else { "" }
            ));
        } else {
            vm.warn(format!(
                "efidisk0 ({}) is present but the VM boots with SeaBIOS, so it is unused; it is not carried.",
                quote(volume)
            ));
        }
    }
    vm.firmware = Firmware {
        kind: if uefi {
            FirmwareKind::Uefi
        } else {
            FirmwareKind::Bios
        },
        secure_boot,
    };
    if let Some(tpm) = config.get("tpmstate0") {
        let props = Props::parse(tpm);
        let version = match props.get("version") {
            Some("v2.0") | Some("2.0") => Some("2.0".to_string()),
            Some("v1.2") | Some("1.2") => Some("1.2".to_string()),
            Some(other) => Some(other.to_string()),
            None => Some("1.2".to_string()),
        };
        vm.tpm = Some(Tpm {
            version,
            passthrough: false,
        });
        vm.warn(format!(
            "tpmstate0 ({}) holds the TPM state; it is not carried, so the new TPM starts empty (BitLocker and other TPM-sealed secrets need their recovery keys).",
            quote(props.get_or_first("file").unwrap_or_default())
        ));
    }
}

/// The NIC model a `netN` key names, when the key is one of qemu-server's models (the
/// model is the key that holds the MAC: `virtio=BC:24:11:...`).
fn nic_model(name: &str) -> Option<NicModel> {
    const MODELS: &[&str] = &[
        "virtio", "e1000", "e1000e", "rtl8139", "vmxnet3", "pcnet", "i82551", "i82557b",
        "i82559er", "ne2k_isa", "ne2k_pci",
    ];
    (MODELS.contains(&name) || name.starts_with("e1000-"))
        .then(|| crate::device_models::nic_model(name))
}

/// Reads `netN` keys in index order; returns their ids.
fn nics(config: &Config, vm: &mut VmSpec) -> Vec<String> {
    let mut keys: Vec<(u32, Entry)> = config
        .entries
        .values()
        .filter_map(|e| match split_index(e.key) {
            ("net", Some(i)) => Some((i, *e)),
            _ => None,
        })
        .collect();
    keys.sort_by_key(|(i, _)| *i);
    let mut firewalled = Vec::new();
    let mut ids = Vec::new();
    for (_, entry) in keys {
        let id = entry.key.to_string();
        let props = Props::parse(entry.value);
        let mut nic = Nic::new(id.clone());
        let mut mac = props.get("macaddr");
        for (key, value) in &props.items {
            let name = key.unwrap_or(value);
            if let Some(model) = nic_model(name) {
                nic.model = Some(model);
                if key.is_some() && !value.is_empty() {
                    mac = Some(value);
                }
            }
        }
        if let Some(model) = props.get("model") {
            nic.model = nic_model(model).or_else(|| Some(NicModel::Other(model.to_string())));
        }
        if nic.model.is_none() {
            vm.warn(format!(
                "{id}: no known NIC model in `{}`.",
                quote(entry.value)
            ));
        }
        if let Some(raw) = mac {
            match normalize_mac(raw) {
                Some(mac) => nic.mac = Some(mac),
                None => vm.warn(format!(
                    "{id}: `{}` is not a valid MAC address; a new one will be generated.",
                    quote(raw)
                )),
            }
        }
        match props.get("bridge") {
            Some(bridge) => nic.network = Some(bridge.to_string()),
            None => nic.attachment = NicAttachment::Nat,
        }
        if let Some(tag) = props.get("tag") {
            match tag.parse::<u16>() {
                Ok(vlan) if (1..=4094).contains(&vlan) => nic.vlan = Some(vlan),
                _ => vm.warn(format!(
                    "{id}: VLAN tag `{}` is not between 1 and 4094; ignored.",
                    quote(tag)
                )),
            }
        }
        if let Some(trunks) = props.get("trunks") {
            vm.warn(format!(
                "{id} carries VLAN trunks ({}); trunks are not carried.",
                quote(trunks)
            ));
        }
        if props.flag("link_down") {
            nic.connected = false;
        }
        if props.flag("firewall") {
            firewalled.push(id.clone());
        }
        if let Some(queues) = props.get("queues") {
            vm.warn(format!(
                "{id} uses {} queues (multiqueue); enable networkInterfaceMultiqueue in KubeVirt if needed.",
                quote(queues)
            ));
        }
        if let Some(rate) = props.get("rate") {
            vm.warn(format!(
                "{id} is rate-limited to {} MB/s; the limit is not carried.",
                quote(rate)
            ));
        }
        if let Some(mtu) = props.get("mtu") {
            vm.warn(format!(
                "{id} sets MTU {}; the MTU is not carried.",
                quote(mtu)
            ));
        }
        ids.push(id);
        vm.nics.push(nic);
    }
    if !firewalled.is_empty() {
        vm.warn(format!(
            "The Proxmox firewall is on for {}; its rules are not carried (use Kubernetes NetworkPolicies).",
            join(&firewalled)
        ));
    }
    ids
}

fn boot_order(
    config: &Config,
    targets: &BTreeMap<String, BootTarget>,
    nets: &[String],
    vm: &mut VmSpec,
) {
    // Without `boot:`, Proxmox falls back to the legacy `cdn`; that implicit network
    // fallback is nobody's choice, so it is not worth a warning.
    let explicit = config.get("boot").is_some();
    let boot = Props::parse(config.get("boot").unwrap_or("cdn"));
    let mut sequence: Vec<String> = Vec::new();
    if let Some(order) = boot.get("order") {
        sequence = order
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
    } else if let Some(legacy) = boot.get("legacy").or_else(|| {
        boot.items
            .iter()
            .find(|(k, _)| k.is_none())
            .map(|(_, v)| *v)
    }) {
        // The legacy letters: c = the `bootdisk`, d = every CD-ROM, n = every NIC.
        for letter in legacy.chars() {
            match letter {
                'c' => {
                    // Proxmox silently skips a `bootdisk` that names no drive.
                    if let Some(disk) = config.get("bootdisk").filter(|d| targets.contains_key(*d))
                    {
                        sequence.push(disk.to_string());
                    }
                }
                'd' => sequence.extend(vm.cdroms.iter().map(|c| c.id.clone())),
                'n' => sequence.extend(nets.iter().cloned()),
                'a' => {}
                other => vm.warn(format!(
                    "boot: unknown legacy boot device letter `{other}`; ignored."
                )),
            }
        }
    }
    let net_first = sequence.first().is_some_and(|id| nets.contains(id));
    let mut rank: u32 = 0;
    let mut pxe = Vec::new();
    let mut missing = Vec::new();
    for id in sequence {
        match targets.get(&id) {
            Some(target) => {
                rank = rank.saturating_add(1);
                match target {
                    BootTarget::Disk(i) => {
                        if let Some(disk) = vm.disks.get_mut(*i) {
                            disk.boot_order.get_or_insert(rank);
                        }
                    }
                    BootTarget::Cdrom(i) => {
                        if let Some(cdrom) = vm.cdroms.get_mut(*i) {
                            cdrom.boot_order.get_or_insert(rank);
                        }
                    }
                }
            }
            None if nets.contains(&id) => pxe.push(id),
            None => missing.push(id),
        }
    }
    if explicit && !pxe.is_empty() {
        let how = if net_first {
            "the VM boots from the network first"
        } else {
            "network boot is a fallback after the disks"
        };
        vm.warn(format!(
            "{} is in the boot order ({how}); PXE boot is not carried.",
            join(&pxe)
        ));
    }
    if !missing.is_empty() {
        vm.warn(format!(
            "The boot order names {}, which is not an attached disk or CD-ROM; ignored.",
            join(&missing)
        ));
    }
}

fn devices(config: &Config, vm: &mut VmSpec) {
    let mut keyed: Vec<(&str, u32, Entry)> = config
        .entries
        .values()
        .filter_map(|e| {
            let (prefix, index) = split_index(e.key);
            Some((prefix, index?, *e))
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for (prefix, _, entry) in keyed {
        let description = format!("{}: {}", entry.key, quote(entry.value));
        let props = Props::parse(entry.value);
        let kind = match prefix {
            "hostpci" => {
                if props.flag("x-vga") || props.get("mdev").is_some() {
                    DeviceKind::Gpu
                } else {
                    DeviceKind::PciPassthrough
                }
            }
            "usb" => {
                if props.get_or_first("host").is_some_and(|h| h != "spice")
                    || props.get("mapping").is_some()
                {
                    DeviceKind::UsbPassthrough
                } else {
                    DeviceKind::Other
                }
            }
            "serial" => DeviceKind::Serial,
            "parallel" => DeviceKind::Parallel,
            "audio" => DeviceKind::Sound,
            "virtiofs" => DeviceKind::SharedFolder,
            "rng" => DeviceKind::Other,
            _ => continue,
        };
        vm.devices.push(Device { kind, description });
    }
    for key in ["watchdog", "ivshmem"] {
        if let Some(value) = config.get(key) {
            vm.devices.push(Device {
                kind: DeviceKind::Other,
                description: format!("{key}: {}", quote(value)),
            });
        }
    }
}

/// Settings that matter for a migration but have no place in the model.
fn settings(config: &Config, vm: &mut VmSpec) {
    if let Some(args) = config.get("args") {
        let cpu = crate::import::qemu_cpu::read_cpu_args(args.split_whitespace(), vm);
        vm.warn(format!(
            "Raw QEMU arguments are not carried (they may change CPU, SMBIOS or devices): args: {}{}",
            quote(args),
            cpu.note()
        ));
    }
    if let Some(script) = config.get("hookscript") {
        vm.warn(format!(
            "A hook script ({}) runs around VM start and stop on Proxmox; it is not carried.",
            quote(script)
        ));
    }
    if let Some(lock) = config.get("lock") {
        vm.warn(format!(
            "The VM was locked (lock: {}) when this config was saved; an operation may have been in progress.",
            quote(lock)
        ));
    }
    if config.flag("template") == Some(true) {
        vm.warn(
            "This VM is a Proxmox template (template: 1); its disks are read-only base images.",
        );
    }
    if let Some(state) = config.get("vmstate") {
        vm.warn(format!(
            "The VM is hibernated (vmstate: {}); the saved memory state is not carried, the VM will boot from scratch.",
            quote(state)
        ));
    }
    if config.flag("kvm") == Some(false) {
        vm.warn("Hardware virtualization is off (kvm: 0); the VM ran fully emulated.");
    }
    if config.flag("acpi") == Some(false) {
        vm.warn("ACPI is off (acpi: 0) for this VM.");
    }
    let windows = vm.guest_os.family == OsFamily::Windows;
    match config.flag("localtime") {
        Some(true) => vm.warn(
            "The guest clock runs in local time (localtime: 1); set the KubeVirt clock to match.",
        ),
        None if windows => vm.warn(
            "The guest clock runs in local time (Proxmox's default for Windows); set the KubeVirt clock to match.",
        ),
        _ => {}
    }
    if let Some(date) = config.get("startdate") {
        vm.warn(format!(
            "The guest clock starts at a fixed date (startdate: {}); not carried.",
            quote(date)
        ));
    }
    for key in ["amd-sev", "intel-tdx"] {
        if let Some(value) = config.get(key) {
            vm.warn(format!(
                "Confidential computing ({key}: {}) is not carried.",
                quote(value)
            ));
        }
    }
    let cloud: Vec<&str> = config
        .entries
        .keys()
        .copied()
        .filter(|k| is_cloud_init_key(k))
        .collect();
    if !cloud.is_empty() {
        vm.warn(format!(
            "Cloud-init settings ({}) are not carried; supply the cloud-init configuration again.",
            join(cloud)
        ));
    }
    let unknown: Vec<&str> = config
        .entries
        .keys()
        .copied()
        .filter(|key| !is_known_key(key))
        .collect();
    if !unknown.is_empty() {
        vm.warn(format!("Unrecognised settings ignored: {}.", join(unknown)));
    }
}

fn is_known_key(key: &str) -> bool {
    if QUIET_KEYS.contains(&key) || is_cloud_init_key(key) {
        return true;
    }
    let (prefix, index) = split_index(key);
    index.is_some()
        && (drive_bus(prefix).is_some()
            || matches!(
                prefix,
                "net"
                    | "unused"
                    | "hostpci"
                    | "usb"
                    | "serial"
                    | "parallel"
                    | "audio"
                    | "virtiofs"
                    | "rng"
                    | "numa"
            ))
}

mod lenient;

#[cfg(test)]
mod tests;

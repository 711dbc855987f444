//! VMware `.vmx` importer (ESX/ESXi, GSX, Workstation, Fusion).
//!
//! A `.vmx` is a flat list of `key = "value"` lines. Keys are case-insensitive (some tools
//! write them all upper-case), values may be unquoted, and characters that cannot appear
//! in a quoted value are written as `|XX` hex escapes (`|22` is `"`, `|0A` a newline).
//! The file's own `.encoding` line names its character set.
//!
//! Devices are groups of keys sharing a prefix (`scsi0:1.fileName`, `ethernet0.address`)
//! and exist only when their `present` key is TRUE. Disk sizes are not in the `.vmx` at
//! all: they come from the `.vmdk` descriptor beside it, when the user has it (see
//! [`super::vmdk`]).

use super::{text, vmdk, ImportError, SourceFile};
use crate::model::{
    normalize_mac, Cdrom, Device, DeviceKind, Disk, DiskBacking, DiskBus, DiskFormat, DiskMode,
    FirmwareKind, GuestOs, Nic, NicAttachment, NicModel, SizeSource, SourceFormat, Tpm, VmSpec,
};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// Parses one `.vmx` file into the one VM it describes.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    let (text, mut warnings) = decode(file)?;
    let vmx = Vmx::parse(file, &text, &mut warnings)?;
    refuse_non_vms(file, &vmx)?;

    let name = match vmx.get("displayname").map(str::trim) {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => {
            warnings.push("The file has no displayName; the VM is named after the file.".into());
            file_stem(&file.name)
        }
    };
    let mut vm = VmSpec::new(file.source_ref(SourceFormat::Vmx, None), name);
    vm.warnings = warnings
        .into_iter()
        .map(crate::model::Warning::from)
        .collect();

    convert_general(&vmx, &mut vm);
    convert_cpu_memory(file, &vmx, &mut vm)?;
    convert_firmware(&vmx, &mut vm);
    convert_storage(file, &vmx, &mut vm);
    convert_boot_order(&vmx, &mut vm);
    convert_nics(&vmx, &mut vm);
    convert_other_devices(&vmx, &mut vm);
    convert_concerns(&vmx, &mut vm);
    Ok(vec![vm])
}

/// Whether the start of a file looks like a `.vmx`: one of its first lines (comments and
/// blank lines aside) is a `key = value` line with a key only VMware writes. Xen's xl.cfg
/// shares the syntax, so generic keys like `name` or `memory` do not count.
pub fn looks_like(head: &str) -> bool {
    let mut examined = 0;
    for line in head.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, _)) = line.split_once('=') else {
            return false;
        };
        if is_vmware_key(&key.trim().to_ascii_lowercase()) {
            return true;
        }
        examined += 1;
        if examined >= 8 {
            return false;
        }
    }
    false
}

fn is_vmware_key(key: &str) -> bool {
    if matches!(
        key,
        ".encoding"
            | "config.version"
            | "virtualhw.version"
            | "displayname"
            | "guestos"
            | "memsize"
            | "numvcpus"
            | "uuid.bios"
            | "uuid.location"
    ) {
        return true;
    }
    let head = key.split('.').next().unwrap_or("");
    parse_slot(head).is_some()
        || ["scsi", "sata", "nvme", "ethernet", "pcibridge", "floppy"]
            .iter()
            .any(|prefix| indexed_head(head, prefix).is_some())
}

// ---------------------------------------------------------------------------------------
// Text: encoding, lines, escapes
// ---------------------------------------------------------------------------------------

/// Decodes the file according to its `.encoding` line.
///
/// Two fallbacks, both announced by a warning rather than a refusal:
/// * No `.encoding` and not valid UTF-8: windows-1252. Workstation and GSX wrote the
///   host's ANSI code page before they wrote `.encoding` at all, and on the Western
///   Windows and macOS hosts those files come from that is windows-1252; it also maps every
///   byte, so the file always decodes and only non-ASCII names can come out wrong.
/// * `.encoding = "UTF-8"` but not valid UTF-8: real files lie (a backup tool re-encoding
///   a name, a truncated multibyte character). Refusing a whole VM over one damaged
///   shared-folder path helps no one, so the damaged bytes become U+FFFD and the warning
///   names the lines so the user can check those values.
fn decode(file: &SourceFile) -> Result<(String, Vec<String>), ImportError> {
    let declared = declared_encoding(&file.bytes);
    let says_utf8 = declared
        .as_deref()
        .is_none_or(|label| matches!(label.trim().to_ascii_lowercase().as_str(), "utf-8" | "utf8"));
    if !says_utf8 {
        let text = text::decode(file, &file.bytes, declared.as_deref())?;
        return Ok((text.into_owned(), Vec::new()));
    }
    if let Ok(text) = text::decode(file, &file.bytes, None) {
        return Ok((text.into_owned(), Vec::new()));
    }
    if declared.is_none() {
        let text = text::decode(file, &file.bytes, Some("windows-1252"))?;
        let warning = "The file has no .encoding line and is not valid UTF-8; it was read as \
                       windows-1252. Check non-ASCII names and paths."
            .to_string();
        return Ok((text.into_owned(), vec![warning]));
    }
    let bytes = text::strip_bom(&file.bytes);
    let bad_lines: Vec<String> = bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| std::str::from_utf8(line).is_err())
        .map(|(index, _)| (index + 1).to_string())
        .collect();
    let shown = bad_lines
        .iter()
        .take(10)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let more = if bad_lines.len() > 10 { ", ..." } else { "" };
    let warning = format!(
        "The file declares UTF-8 but line(s) {shown}{more} are not valid UTF-8; the damaged \
         characters were replaced with U+FFFD. Check the values on those lines."
    );
    Ok((String::from_utf8_lossy(bytes).into_owned(), vec![warning]))
}

/// The value of the `.encoding` line, read from the raw bytes (every encoding VMware
/// writes is ASCII-compatible, so the line is readable before decoding).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    for raw in text::strip_bom(bytes).split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(raw);
        let line = line.trim();
        if line.len() < 9 || !line.is_char_boundary(9) {
            continue;
        }
        let (key, rest) = line.split_at(9);
        if !key.eq_ignore_ascii_case(".encoding") {
            continue;
        }
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim();
        let value = value.strip_prefix('"').unwrap_or(value);
        let value = value.split('"').next().unwrap_or(value).trim();
        if !value.is_empty() {
            return Some(value.to_string());
        }
    }
    None
}

/// One `key = value` line.
#[derive(Debug, Clone)]
struct Entry {
    /// The key as written, for messages.
    key: String,
    value: String,
    line: usize,
}

/// All entries of a file, by lower-cased key. When a key repeats, the later line wins,
/// as it does in VMware.
#[derive(Debug, Default)]
struct Vmx {
    entries: BTreeMap<String, Entry>,
}

impl Vmx {
    fn parse(
        file: &SourceFile,
        text: &str,
        warnings: &mut Vec<String>,
    ) -> Result<Self, ImportError> {
        let mut entries = BTreeMap::new();
        for (index, raw) in text.split('\n').enumerate() {
            let number = index + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, rest)) = line.split_once('=') else {
                return Err(ImportError::syntax(
                    file.at_line(number),
                    format!("expected `key = \"value\"`, found {:?}", shorten(line, 60)),
                ));
            };
            let key = key.trim();
            if key.is_empty() || key.chars().any(|c| c.is_whitespace() || c == '"') {
                return Err(ImportError::syntax(
                    file.at_line(number),
                    format!("{:?} is not a valid key", shorten(key, 60)),
                ));
            }
            let rest = rest.trim();
            let value = if let Some(inner) = rest.strip_prefix('"') {
                match inner.split_once('"') {
                    Some((value, after)) => {
                        let after = after.trim();
                        if !after.is_empty() && !after.starts_with('#') {
                            return Err(ImportError::syntax(
                                file.at_line(number),
                                format!(
                                    "unexpected text {:?} after the closing quote of {key}",
                                    shorten(after, 40)
                                ),
                            ));
                        }
                        value
                    }
                    None => {
                        warnings.push(format!(
                            "Line {number}: the value of {key} has no closing quote; it was \
                             read to the end of the line."
                        ));
                        inner
                    }
                }
            } else {
                // Unquoted values (old GSX files) end at a comment, like quoted ones.
                rest.split_once(" #")
                    .map_or(rest, |(value, _)| value)
                    .trim()
            };
            entries.insert(
                key.to_ascii_lowercase(),
                Entry {
                    key: key.to_string(),
                    value: unescape(value),
                    line: number,
                },
            );
        }
        Ok(Vmx { entries })
    }

    fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(|e| e.value.as_str())
    }

    /// A non-empty, trimmed value.
    fn text(&self, key: &str) -> Option<&str> {
        self.get(key).map(str::trim).filter(|v| !v.is_empty())
    }

    fn lower(&self, key: &str) -> Option<String> {
        self.text(key).map(str::to_ascii_lowercase)
    }

    /// A boolean. A value that is neither true nor false is warned about and ignored.
    fn flag(&self, key: &str, vm: &mut VmSpec) -> Option<bool> {
        let entry = self.entry(key)?;
        let parsed = parse_bool(&entry.value);
        if parsed.is_none() {
            vm.warn(format!(
                "Line {}: {} = {:?} is neither TRUE nor FALSE; it was ignored.",
                entry.line, entry.key, entry.value
            ));
        }
        parsed
    }

    fn is_true(&self, key: &str, vm: &mut VmSpec) -> bool {
        self.flag(key, vm).unwrap_or(false)
    }

    /// A whole number; anything else is an error naming the line.
    fn number<T: FromStr>(&self, file: &SourceFile, key: &str) -> Result<Option<T>, ImportError> {
        let Some(entry) = self.entry(key) else {
            return Ok(None);
        };
        let value = entry.value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        value.parse().map(Some).map_err(|_| {
            ImportError::invalid(
                file.at_line(entry.line),
                format!("{} = {:?} is not a valid whole number", entry.key, value),
            )
        })
    }

    /// Indices `N` of keys `<prefix>N.<anything>`, sorted.
    fn indices(&self, prefix: &str) -> BTreeSet<u32> {
        self.entries
            .keys()
            .filter_map(|key| indexed_head(key.split('.').next().unwrap_or(""), prefix))
            .collect()
    }
}

/// `prefix` followed by digits only: `ethernet12` with prefix `ethernet` gives 12.
fn indexed_head(head: &str, prefix: &str) -> Option<u32> {
    let digits = head.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// Replaces `|XX` hex escapes by the byte they stand for. VMware escapes only ASCII
/// (`|22`, `|7C`, `|0A`...); if the result is not valid UTF-8 (an escaped byte of a
/// multibyte character), the value is kept as written rather than guessed at.
fn unescape(value: &str) -> String {
    if !value.contains('|') {
        return value.to_string();
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'|' {
            let high = bytes.get(i + 1).and_then(|&b| hex_digit(b));
            let low = bytes.get(i + 2).and_then(|&b| hex_digit(b));
            if let (Some(high), Some(low)) = (high, low) {
                out.push(high * 16 + low);
                i += 3;
                continue;
            }
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_string())
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}...")
    }
}

/// The file name without folders and extension, for VMs with no `displayName`.
fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    if stem.is_empty() || stem == "-" {
        "vmx-vm".to_string()
    } else {
        stem.to_string()
    }
}

// ---------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------

/// Refuses templates, fully encrypted configurations and files with no VMware setting.
fn refuse_non_vms(file: &SourceFile, vmx: &Vmx) -> Result<(), ImportError> {
    refuse_templates(file, vmx)?;
    let describes_hardware = [
        "config.version",
        "virtualhw.version",
        "guestos",
        "memsize",
        "numvcpus",
    ]
    .iter()
    .any(|key| vmx.entry(key).is_some())
        || vmx.entries.keys().any(|key| {
            let head = key.split('.').next().unwrap_or("");
            parse_slot(head).is_some() || indexed_head(head, "ethernet").is_some()
        });
    if describes_hardware {
        return Ok(());
    }
    if vmx.entry("encryption.data").is_some() {
        return Err(ImportError::unsupported(
            file.at(),
            "the VM is encrypted: its whole configuration is inside encryption.data, only \
             its name is readable. Remove the VM encryption in VMware and import the \
             decrypted .vmx",
        ));
    }
    if vmx.entry("displayname").is_some() {
        return Ok(());
    }
    Err(ImportError::invalid(
        file.at(),
        "no VMware VM settings found (no config.version, virtualHW.version, displayName, \
         guestOS, memSize or device lines)",
    ))
}

/// Generated `.vmx` templates (packer, build systems) leave placeholders such as
/// `@DISK@`, `${disk}` or `{vm_name}` in names, sizes and paths. Only those values are
/// checked: free text like an annotation may legitimately hold braces, and VMware's own
/// `{0CF7ED36-2DAC-...}` GUIDs contain dashes, which no placeholder name does.
fn refuse_templates(file: &SourceFile, vmx: &Vmx) -> Result<(), ImportError> {
    for (key, entry) in &vmx.entries {
        let checked = matches!(
            key.as_str(),
            "displayname" | "guestos" | "memsize" | "numvcpus" | "cpuid.corespersocket"
        ) || key.ends_with(".filename")
            || key.ends_with(".networkname");
        if !checked {
            continue;
        }
        if let Some(placeholder) = find_placeholder(&entry.value) {
            return Err(ImportError::unsupported(
                file.at_line(entry.line),
                format!(
                    "this is a template: {} holds the unfilled placeholder {placeholder}; \
                     render the template first",
                    entry.key
                ),
            ));
        }
    }
    Ok(())
}

fn find_placeholder(value: &str) -> Option<&str> {
    let is_name = |s: &str| {
        s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    for (open, close) in [("@", "@"), ("${", "}"), ("{{", "}}"), ("{", "}")] {
        let mut rest = value;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len()..];
            let Some(end) = after.find(close) else { break };
            let name = after[..end].trim();
            if is_name(name) {
                return Some(&rest[start..start + open.len() + end + close.len()]);
            }
            rest = after;
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// General settings, CPU, memory, firmware
// ---------------------------------------------------------------------------------------

fn convert_general(vmx: &Vmx, vm: &mut VmSpec) {
    vm.uuid = vmx.text("uuid.bios").map(normalize_uuid);
    vm.description = vmx
        .get("annotation")
        .map(|a| a.trim_end().to_string())
        .filter(|a| !a.is_empty());
    if let Some(raw) = vmx.text("guestos") {
        vm.guest_os = guest_os(raw);
    }
    if let Some(entry) = vmx.entry("virtualhw.version") {
        let version = entry.value.trim();
        if !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()) {
            vm.machine_type = Some(format!("vmx-{version}"));
        } else {
            vm.warn(format!(
                "Line {}: virtualHW.version = {:?} is not a number; the hardware version is \
                 left out.",
                entry.line, entry.value
            ));
        }
    }
}

/// `56 4d b0 8e d5 91 3c 27-ed 61 e7 a8 83 4d 0b 9c` in the usual 8-4-4-4-12 form.
fn normalize_uuid(raw: &str) -> String {
    let hex: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return raw.to_string();
    }
    let hex = hex.to_ascii_lowercase();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn convert_cpu_memory(file: &SourceFile, vmx: &Vmx, vm: &mut VmSpec) -> Result<(), ImportError> {
    let mut vcpus: u32 = vmx.number(file, "numvcpus")?.unwrap_or(1);
    if vcpus == 0 {
        vm.warn("numvcpus is 0; 1 vCPU is used.");
        vcpus = 1;
    }
    // Without cpuid.coresPerSocket VMware gives every vCPU its own socket.
    let cores_per_socket: u32 = vmx.number(file, "cpuid.corespersocket")?.unwrap_or(1);
    if cores_per_socket != 0 && vcpus.is_multiple_of(cores_per_socket) {
        vm.cpu.sockets = vcpus / cores_per_socket;
        vm.cpu.cores = cores_per_socket;
    } else {
        vm.warn(format!(
            "numvcpus = {vcpus} is not a multiple of cpuid.coresPerSocket = {cores_per_socket}; \
             the topology is 1 socket with {vcpus} cores."
        ));
        vm.cpu.sockets = 1;
        vm.cpu.cores = vcpus;
    }
    vm.cpu.threads = 1;
    vm.cpu.hotplug = vmx.is_true("vcpu.hotadd", vm);

    match vmx.number::<u64>(file, "memsize")? {
        Some(mib) => {
            vm.memory.bytes = mib.checked_mul(1 << 20).ok_or_else(|| {
                let line = vmx.entry("memsize").map_or(0, |e| e.line);
                ImportError::invalid(
                    file.at_line(line),
                    format!("memSize = {mib} MiB does not fit in 64 bits"),
                )
            })?;
        }
        None => vm.warn("The file sets no memory size (memSize); set one when generating."),
    }
    vm.memory.hotplug = vmx.is_true("mem.hotadd", vm);
    Ok(())
}

fn convert_firmware(vmx: &Vmx, vm: &mut VmSpec) {
    match vmx.lower("firmware").as_deref() {
        None | Some("bios") => {}
        Some("efi") => vm.firmware.kind = FirmwareKind::Uefi,
        Some(other) => vm.warn(format!("Unknown firmware = {other:?}; BIOS is assumed.")),
    }
    if vmx.is_true("uefi.secureboot.enabled", vm) {
        if vm.firmware.kind == FirmwareKind::Uefi {
            vm.firmware.secure_boot = true;
        } else {
            vm.warn("uefi.secureBoot.enabled is TRUE but the firmware is BIOS; secure boot is left off.");
        }
    }
    if vmx.is_true("vtpm.present", vm) {
        // VMware's virtual TPM is always a TPM 2.0.
        vm.tpm = Some(Tpm {
            version: Some("2.0".into()),
            passthrough: false,
        });
    }
}

// ---------------------------------------------------------------------------------------
// Guest OS
// ---------------------------------------------------------------------------------------

/// A VMware guest id (`windows2019srv-64`, `rhel9-64`): see [`crate::guest::from_vmware`].
fn guest_os(raw: &str) -> GuestOs {
    crate::guest::from_vmware(raw)
}

// ---------------------------------------------------------------------------------------
// Disks and CD-ROMs
// ---------------------------------------------------------------------------------------

/// Disk buses, in the order their disks are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Bus {
    Scsi,
    Sata,
    Nvme,
    Ide,
}

impl Bus {
    const ALL: [Bus; 4] = [Bus::Scsi, Bus::Sata, Bus::Nvme, Bus::Ide];

    fn prefix(self) -> &'static str {
        match self {
            Bus::Scsi => "scsi",
            Bus::Sata => "sata",
            Bus::Nvme => "nvme",
            Bus::Ide => "ide",
        }
    }

    fn disk_bus(self) -> DiskBus {
        match self {
            Bus::Scsi => DiskBus::Scsi,
            Bus::Sata => DiskBus::Sata,
            Bus::Nvme => DiskBus::Nvme,
            Bus::Ide => DiskBus::Ide,
        }
    }
}

/// `scsi0:1` → (Scsi, 0, 1).
fn parse_slot(head: &str) -> Option<(Bus, u32, u32)> {
    Bus::ALL.iter().find_map(|&bus| {
        let rest = head.strip_prefix(bus.prefix())?;
        let (controller, unit) = rest.split_once(':')?;
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(controller) || !all_digits(unit) {
            return None;
        }
        Some((bus, controller.parse().ok()?, unit.parse().ok()?))
    })
}

/// A disk controller as the disks on it see it.
#[derive(Debug, Clone)]
struct Controller {
    present: bool,
    model: Option<String>,
    shared: bool,
}

fn controller(vmx: &Vmx, bus: Bus, index: u32, vm: &mut VmSpec) -> Controller {
    let head = format!("{}{index}", bus.prefix());
    match bus {
        // IDE channels have no controller entries of their own.
        Bus::Ide => Controller {
            present: true,
            model: None,
            shared: false,
        },
        Bus::Sata | Bus::Nvme => Controller {
            present: vmx.is_true(&format!("{head}.present"), vm),
            model: Some(if bus == Bus::Sata { "ahci" } else { "nvme" }.to_string()),
            shared: false,
        },
        Bus::Scsi => {
            let present = vmx.is_true(&format!("{head}.present"), vm);
            let shared = match vmx.lower(&format!("{head}.sharedbus")).as_deref() {
                None | Some("none") => false,
                Some("virtual") | Some("physical") => true,
                Some(other) => {
                    vm.warn(format!(
                        "{head}.sharedBus = {other:?} is unknown; its disks are taken as not shared."
                    ));
                    false
                }
            };
            Controller {
                present,
                model: vmx.lower(&format!("{head}.virtualdev")),
                shared,
            }
        }
    }
}

/// `[datastore1] vm/vm.vmdk` or `/vmfs/volumes/datastore1/vm/vm.vmdk` → `datastore1`.
fn datastore(path: &str) -> Option<String> {
    let path = path.trim();
    if let Some(rest) = path.strip_prefix('[') {
        let (name, _) = rest.split_once(']')?;
        let name = name.trim();
        return (!name.is_empty()).then(|| name.to_string());
    }
    const VOLUMES: &str = "/vmfs/volumes/";
    let head = path.get(..VOLUMES.len())?;
    if !head.eq_ignore_ascii_case(VOLUMES) {
        return None;
    }
    let (name, _) = path.get(VOLUMES.len()..)?.split_once('/')?;
    (!name.is_empty()).then(|| name.to_string())
}

fn has_extension(path: &str, ext: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext))
}

/// `web01-000002.vmdk`: the name VMware gives a snapshot's delta disk.
fn is_snapshot_delta_name(path: &str) -> bool {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, n)| n.len() == 6 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Empty CD-ROM drives have no file name or this placeholder (ESX).
fn is_empty_backing(name: &str) -> bool {
    name.is_empty() || name.eq_ignore_ascii_case("emptyBackingString")
}

fn convert_storage(file: &SourceFile, vmx: &Vmx, vm: &mut VmSpec) {
    let slots: BTreeSet<(Bus, u32, u32)> = vmx
        .entries
        .keys()
        .filter_map(|key| parse_slot(key.split('.').next().unwrap_or("")))
        .collect();
    let mut controllers: BTreeMap<(Bus, u32), Controller> = BTreeMap::new();
    let mut notes = DiskNotes::default();

    for (bus, index, unit) in slots {
        let id = format!("{}{index}:{unit}", bus.prefix());
        let key = |field: &str| format!("{id}.{field}");
        let file_name = vmx.text(&key("filename")).map(str::to_string);
        let device_type = vmx.lower(&key("devicetype"));
        match vmx.flag(&key("present"), vm) {
            Some(true) => {}
            Some(false) => continue,
            None => {
                if file_name.is_some() || device_type.is_some() {
                    vm.warn(format!(
                        "{id} has settings but no `present = \"TRUE\"` line; it was not imported."
                    ));
                }
                continue;
            }
        }
        let ctrl = match controllers.get(&(bus, index)) {
            Some(ctrl) => ctrl.clone(),
            None => {
                let ctrl = controller(vmx, bus, index, vm);
                controllers.insert((bus, index), ctrl.clone());
                ctrl
            }
        };
        if !ctrl.present {
            vm.warn(format!(
                "{id} sits on controller {}{index}, which is not present; VMware does not \
                 attach it, so it was not imported.",
                bus.prefix()
            ));
            continue;
        }

        match device_type.as_deref() {
            Some("cdrom-image") => {
                let client = vmx.is_true(&key("clientdevice"), vm);
                let image = file_name.filter(|n| !client && !is_empty_backing(n));
                if client {
                    vm.warn(format!(
                        "{id} is connected to a remote client's CD/DVD drive; that drive is \
                         not carried over, the CD-ROM is imported empty."
                    ));
                }
                vm.cdroms.push(Cdrom {
                    id,
                    bus: bus.disk_bus(),
                    image,
                    boot_order: None,
                });
            }
            Some("cdrom-raw") | Some("atapi-cdrom") => {
                // ESX writes an empty drive as a raw one with a placeholder name.
                if let Some(drive) = file_name.filter(|n| !is_empty_backing(n)) {
                    vm.warn(format!(
                        "{id} is the host's CD/DVD drive ({drive}); a host drive cannot be \
                         carried over, so the CD-ROM is imported empty."
                    ));
                }
                vm.cdroms.push(Cdrom {
                    id,
                    bus: bus.disk_bus(),
                    image: None,
                    boot_order: None,
                });
            }
            // Generic SCSI passthrough of a host device (tape, changer, optical drive):
            // nothing to copy, so it is a device for the user to deal with, not a disk.
            Some("scsi-passthru") => {
                let target = file_name.unwrap_or_else(|| "unknown device".into());
                vm.devices.push(Device {
                    kind: DeviceKind::ScsiPassthrough,
                    description: format!("{id} scsi-passthru {target}"),
                });
            }
            None
            | Some("scsi-harddisk")
            | Some("ata-harddisk")
            | Some("disk")
            | Some("plaindisk")
            | Some("rawdisk") => {
                let raw = device_type.as_deref() == Some("rawdisk");
                let Some(path) = file_name else {
                    vm.warn(format!(
                        "{id} is a hard disk with no fileName; it was not imported."
                    ));
                    continue;
                };
                let disk = hard_disk(file, vmx, vm, &id, bus, &ctrl, path, raw, &mut notes);
                vm.disks.push(disk);
            }
            Some(other) => vm.warn(format!(
                "{id} has an unknown deviceType {other:?}; it was not imported."
            )),
        }
    }

    let DiskNotes {
        unknown_capacity,
        snapshot_disks,
    } = notes;
    if !unknown_capacity.is_empty() {
        vm.warn(format!(
            "Disk capacity unknown for {}: no readable .vmdk descriptor beside the .vmx \
             (disk images over 1 MiB are not read). Put the descriptor files (the small \
             .vmdk files) next to the .vmx and import again, or set the disk sizes in the \
             storage mapping.",
            unknown_capacity.join(", ")
        ));
    }
    if !snapshot_disks.is_empty() {
        // The snapshot names live in the .vmsd; the .vmx only shows that snapshots exist.
        vm.snapshots.extend(
            snapshot_disks
                .iter()
                .map(|id| format!("unnamed snapshot under disk {id}")),
        );
        vm.warn_about(
            crate::model::WarningKind::Snapshots,
            format!(
                "{} point(s) at snapshot delta disks: the VM has snapshots. Delete or consolidate \
             them in VMware before copying the disks, so that each disk holds all its data.",
                snapshot_disks.join(", ")
            ),
        );
    }
}

/// Disks named together in one warning each, after every disk was read.
#[derive(Default)]
struct DiskNotes {
    /// Disks without a readable descriptor.
    unknown_capacity: Vec<String>,
    /// Disks that point at snapshot delta images.
    snapshot_disks: Vec<String>,
}

/// One present hard disk: its image, format, mode and, from the `.vmdk` descriptor beside
/// the `.vmx` when there is one, its capacity and whether it is a raw mapping or a delta.
#[allow(clippy::too_many_arguments)]
fn hard_disk(
    file: &SourceFile,
    vmx: &Vmx,
    vm: &mut VmSpec,
    id: &str,
    bus: Bus,
    ctrl: &Controller,
    path: String,
    raw: bool,
    notes: &mut DiskNotes,
) -> Disk {
    let mut disk = Disk::new(id.to_string(), bus.disk_bus());
    disk.controller = ctrl.model.clone();
    disk.shared = ctrl.shared;
    disk.storage = datastore(&path);
    disk.format = has_extension(&path, "vmdk").then_some(DiskFormat::Vmdk);
    disk.mode = disk_mode(vmx, id, vm);
    let descriptor = file.sidecar(&path).and_then(|bytes| vmdk::parse(&bytes));
    let is_raw = raw || descriptor.as_ref().is_some_and(|d| d.is_raw_mapping());
    if is_raw {
        // A raw disk or RDM: the data lives on a host disk or LUN, not in an
        // image, so it stays a disk (it holds data) but cannot be copied as a file.
        disk.backing = DiskBacking::Passthrough;
        vm.warn(format!(
            "{id} maps a raw host disk or LUN ({path}); its data must be copied \
             from that device, not from an image file."
        ));
    }
    match descriptor.as_ref().and_then(|d| d.capacity_bytes) {
        Some(bytes) => {
            disk.capacity_bytes = Some(bytes);
            // A bare file name is the descriptor just read: the image `images::read_sizes`
            // would open first, only to read the same size from it again (at 2,000 VMs, 757
            // opens and 4 ms of CPU).
            if !path.contains(['/', '\\']) {
                disk.size_source = Some(SizeSource::Spec);
            }
        }
        None => notes.unknown_capacity.push(id.to_string()),
    }
    let delta = is_snapshot_delta_name(&path)
        || descriptor.as_ref().is_some_and(|d| d.parent_hint.is_some());
    if delta {
        notes.snapshot_disks.push(id.to_string());
    }
    disk.source_path = Some(path);
    disk
}

fn disk_mode(vmx: &Vmx, id: &str, vm: &mut VmSpec) -> DiskMode {
    match vmx.lower(&format!("{id}.mode")).as_deref() {
        None | Some("persistent") => DiskMode::Persistent,
        Some("independent-persistent") => DiskMode::IndependentPersistent,
        // `nonpersistent` is what ESX 2 and GSX called independent-nonpersistent.
        Some("independent-nonpersistent") | Some("nonpersistent") => {
            DiskMode::IndependentNonpersistent
        }
        Some(other) => {
            vm.warn(format!(
                "{id} has disk mode {other:?}, which has no equivalent; it is taken as persistent."
            ));
            DiskMode::Persistent
        }
    }
}

/// `bios.bootOrder = "hdd,cdrom"`: the first disk (or the one `bios.hddOrder` names) and
/// the first CD-ROM get boot positions in the listed order.
fn convert_boot_order(vmx: &Vmx, vm: &mut VmSpec) {
    let Some(order) = vmx.lower("bios.bootorder") else {
        return;
    };
    let first_hdd = vmx
        .lower("bios.hddorder")
        .and_then(|o| o.split(',').next().map(|s| s.trim().to_string()));
    let mut position = 0u32;
    for item in order.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match item {
            "hdd" => {
                let index = first_hdd
                    .as_deref()
                    .and_then(|id| vm.disks.iter().position(|d| d.id == id))
                    .or(if vm.disks.is_empty() { None } else { Some(0) });
                if let Some(disk) = index.and_then(|i| vm.disks.get_mut(i)) {
                    if disk.boot_order.is_none() {
                        position = position.saturating_add(1);
                        disk.boot_order = Some(position);
                    }
                }
            }
            "cdrom" => {
                if let Some(cdrom) = vm.cdroms.first_mut() {
                    if cdrom.boot_order.is_none() {
                        position = position.saturating_add(1);
                        cdrom.boot_order = Some(position);
                    }
                }
            }
            "ethernet" => vm.warn(
                "bios.bootOrder includes network boot (ethernet); set a NIC boot order in the \
                 generated VM if the guest needs it.",
            ),
            "floppy" => {}
            other => vm.warn(format!("bios.bootOrder names an unknown device {other:?}.")),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Network cards
// ---------------------------------------------------------------------------------------

fn convert_nics(vmx: &Vmx, vm: &mut VmSpec) {
    for index in vmx.indices("ethernet") {
        let id = format!("ethernet{index}");
        let key = |field: &str| format!("{id}.{field}");
        match vmx.flag(&key("present"), vm) {
            Some(true) => {}
            Some(false) => continue,
            None => {
                let configured = ["networkname", "address", "generatedaddress", "virtualdev"]
                    .iter()
                    .any(|f| vmx.text(&key(f)).is_some());
                if configured {
                    vm.warn(format!(
                        "{id} has settings but no `present = \"TRUE\"` line; it was not imported."
                    ));
                }
                continue;
            }
        }
        let mut nic = Nic::new(id.clone());
        // Without virtualDev VMware emulates its default card, the AMD PCnet `vlance`
        // (hardware versions up to 7 and the templates that never set one).
        nic.model = Some(match vmx.lower(&key("virtualdev")).as_deref() {
            None | Some("vlance") => NicModel::Pcnet,
            Some("e1000") => NicModel::E1000,
            Some("e1000e") => NicModel::E1000e,
            Some("vmxnet3") => NicModel::Vmxnet3,
            Some("vmxnet") | Some("vmxnet2") => NicModel::Vmxnet,
            Some(other) => NicModel::Other(other.to_string()),
        });

        // Keep the MAC whether VMware generated it or it was set by hand: guests bind
        // licences and interface names to it.
        let static_address = vmx.lower(&key("addresstype")).as_deref() == Some("static");
        let (first, second) = if static_address {
            ("address", "generatedaddress")
        } else {
            ("generatedaddress", "address")
        };
        if let Some(raw) = vmx.text(&key(first)).or_else(|| vmx.text(&key(second))) {
            match normalize_mac(raw) {
                Some(mac) => nic.mac = Some(mac),
                None => vm.warn(format!(
                    "{id} has an invalid MAC address {raw:?}; it was left out."
                )),
            }
        }

        let vnet = vmx
            .text(&key("vnet"))
            .map(|v| v.strip_prefix("/dev/").unwrap_or(v).to_string());
        nic.network = vmx
            .text(&key("networkname"))
            .or_else(|| vmx.text(&key("dvs.portgroupid")))
            .or_else(|| vmx.text(&key("opaquenetwork.id")))
            .map(str::to_string)
            .or(vnet);
        nic.attachment = match vmx.lower(&key("connectiontype")).as_deref() {
            // ESX leaves connectionType out and names a port group: a bridge, in our terms.
            None | Some("bridged") => NicAttachment::Bridged,
            Some("nat") => NicAttachment::Nat,
            Some("hostonly") => NicAttachment::HostOnly,
            Some("custom") => NicAttachment::Network,
            // A Workstation "LAN segment": an isolated network between VMs.
            Some("pvn") => {
                if nic.network.is_none() {
                    nic.network = vmx.text(&key("pvnid")).map(str::to_string);
                }
                NicAttachment::Internal
            }
            Some(other) => {
                vm.warn(format!(
                    "{id} has an unknown connectionType {other:?}; map its network by hand."
                ));
                NicAttachment::Other
            }
        };
        if vmx.flag(&key("startconnected"), vm) == Some(false) {
            nic.connected = false;
        }
        vm.nics.push(nic);
    }
}

// ---------------------------------------------------------------------------------------
// Other devices and concerns
// ---------------------------------------------------------------------------------------

fn convert_other_devices(vmx: &Vmx, vm: &mut VmSpec) {
    for index in vmx.indices("floppy") {
        let id = format!("floppy{index}");
        if let Some(description) = port_like(vmx, &id, "floppy", vm) {
            vm.devices.push(Device {
                kind: DeviceKind::Floppy,
                description,
            });
        }
    }
    for index in vmx.indices("serial") {
        let id = format!("serial{index}");
        if let Some(description) = port_like(vmx, &id, "serial port", vm) {
            vm.devices.push(Device {
                kind: DeviceKind::Serial,
                description,
            });
        }
    }
    for index in vmx.indices("parallel") {
        let id = format!("parallel{index}");
        if let Some(description) = port_like(vmx, &id, "parallel port", vm) {
            vm.devices.push(Device {
                kind: DeviceKind::Parallel,
                description,
            });
        }
    }

    for (head, what) in [
        ("usb", "USB 1.1 controller"),
        ("ehci", "USB 2.0 controller"),
        ("usb_xhci", "USB 3 controller"),
    ] {
        if vmx.is_true(&format!("{head}.present"), vm) {
            vm.devices.push(Device {
                kind: DeviceKind::UsbController,
                description: format!("{head} ({what})"),
            });
        }
        // Devices plugged into the virtual ports. Hubs and the keyboard/mouse (hid) are
        // VMware's own plumbing; anything else (a webcam, a host device) is passed through.
        let child_prefix = format!("{head}:");
        let children: BTreeSet<u32> = vmx
            .entries
            .keys()
            .filter_map(|key| {
                let port = key.strip_prefix(&child_prefix)?.split('.').next()?;
                indexed_head(port, "")
            })
            .collect();
        for port in children {
            let child = format!("{head}:{port}");
            let kind = vmx.lower(&format!("{child}.devicetype"));
            if matches!(kind.as_deref(), Some("hub") | Some("hid") | None) {
                continue;
            }
            if vmx.flag(&format!("{child}.present"), vm) != Some(true) {
                continue;
            }
            vm.devices.push(Device {
                kind: DeviceKind::UsbPassthrough,
                description: format!("{child} ({})", kind.unwrap_or_default()),
            });
        }
        // Host USB devices VMware connects at power-on.
        let autoconnect = format!("{head}.autoconnect.device");
        let hosts: Vec<String> = vmx
            .entries
            .iter()
            .filter(|(key, entry)| key.starts_with(&autoconnect) && !entry.value.trim().is_empty())
            .map(|(_, entry)| format!("{} {}", entry.key, entry.value.trim()))
            .collect();
        for description in hosts {
            vm.devices.push(Device {
                kind: DeviceKind::UsbPassthrough,
                description,
            });
        }
    }

    if vmx.is_true("sound.present", vm) {
        let model = vmx.text("sound.virtualdev").unwrap_or("default");
        vm.devices.push(Device {
            kind: DeviceKind::Sound,
            description: format!("sound ({model})"),
        });
    }

    for index in vmx.indices("sharedfolder") {
        let id = format!("sharedFolder{index}");
        let key = |field: &str| format!("sharedfolder{index}.{field}");
        if vmx.flag(&key("present"), vm) != Some(true) {
            continue;
        }
        let host = vmx.text(&key("hostpath")).unwrap_or("?");
        let guest = vmx.text(&key("guestname")).unwrap_or("?");
        let access = if vmx.is_true(&key("writeaccess"), vm) {
            "read-write"
        } else {
            "read-only"
        };
        vm.devices.push(Device {
            kind: DeviceKind::SharedFolder,
            description: format!("{id} {host} as {guest:?} ({access})"),
        });
    }

    for index in vmx.indices("pcipassthru") {
        let id = format!("pciPassthru{index}");
        let key = |field: &str| format!("pcipassthru{index}.{field}");
        if vmx.flag(&key("present"), vm) != Some(true) {
            continue;
        }
        let mut parts = vec![id];
        if let Some(address) = vmx.text(&key("id")) {
            parts.push(address.to_string());
        }
        if let (Some(vendor), Some(device)) =
            (vmx.text(&key("vendorid")), vmx.text(&key("deviceid")))
        {
            parts.push(format!("vendor {vendor} device {device}"));
        }
        let vgpu = vmx.text(&key("vgpu"));
        if let Some(profile) = vgpu {
            parts.push(format!("vGPU {profile}"));
        }
        vm.devices.push(Device {
            kind: if vgpu.is_some() {
                DeviceKind::Gpu
            } else {
                DeviceKind::PciPassthrough
            },
            description: parts.join(" "),
        });
    }
}

/// Floppies, serial and parallel ports share their keys: `fileType` (file, device, pipe,
/// network, thinprint), `fileName`, and `present`.
fn port_like(vmx: &Vmx, id: &str, what: &str, vm: &mut VmSpec) -> Option<String> {
    let key = |field: &str| format!("{}.{field}", id.to_ascii_lowercase());
    let file_name = vmx.text(&key("filename"));
    match vmx.flag(&key("present"), vm) {
        Some(true) => {}
        Some(false) => return None,
        None => {
            if file_name.is_some() {
                vm.warn(format!(
                    "{id} has settings but no `present = \"TRUE\"` line; it was not imported."
                ));
            }
            return None;
        }
    }
    let kind = vmx.lower(&key("filetype"));
    if kind.as_deref() == Some("thinprint") {
        // Workstation's virtual printer rides on a serial port; nothing to connect.
        return Some(format!("{id} (ThinPrint virtual printer)"));
    }
    let mut description = format!("{id} ({what}");
    if let Some(kind) = kind {
        description.push_str(&format!(", {kind}"));
    }
    if vmx.is_true(&key("clientdevice"), vm) {
        description.push_str(", client device");
    } else if let Some(name) = file_name {
        description.push_str(&format!(", {name}"));
    }
    let endpoint = vmx
        .text(&key("pipe.endpoint"))
        .or_else(|| vmx.text(&key("network.endpoint")));
    if let Some(endpoint) = endpoint {
        description.push_str(&format!(", {endpoint} end"));
    }
    description.push(')');
    Some(description)
}

/// Settings that matter for a migration but have no place in the model.
fn convert_concerns(vmx: &Vmx, vm: &mut VmSpec) {
    if vmx.is_true("smc.present", vm) {
        vm.warn(
            "This is a macOS guest (smc.present): it needs Apple's SMC, which KubeVirt does not \
             provide, and macOS licensing allows it only on Apple hardware.",
        );
    }
    if let Some(state) = vmx.text("checkpoint.vmstate") {
        vm.warn(format!(
            "The VM is suspended (checkpoint.vmState = {state:?}); its memory state is not \
             migrated. Power it off cleanly before copying its disks."
        ));
    }
    if vmx.entry("encryption.keysafe").is_some() || vmx.entry("encryption.data").is_some() {
        vm.warn(
            "The VM is encrypted (encryption.keySafe): settings kept in encryption.data and \
             encrypted files (disks, NVRAM, vTPM state) cannot be read here. Remove the \
             encryption in VMware before copying the disks.",
        );
    }
    if let Some(affinity) = vmx.text("sched.cpu.affinity") {
        if !affinity.eq_ignore_ascii_case("all") {
            vm.warn(format!(
                "CPU pinning (sched.cpu.affinity = {affinity:?}) is not carried over."
            ));
            vm.cpu_affinity = Some(affinity.to_string());
        }
    }
    // `numa.nodeAffinity` binds vCPUs and memory; `sched.mem.affinity` memory only.
    for key in ["numa.nodeaffinity", "sched.mem.affinity"] {
        if let Some(nodes) = vmx.text(key) {
            if !nodes.eq_ignore_ascii_case("all") && vm.numa_affinity.is_none() {
                let written = vmx.entry(key).map_or(key, |e| e.key.as_str());
                vm.warn(format!(
                    "NUMA node affinity ({written} = {nodes:?}) is not carried over."
                ));
                vm.numa_affinity = Some(nodes.to_string());
            }
        }
    }
    vm.disk_uuid = vmx.is_true("disk.enableuuid", vm);
    // Removing vCPUs live is hot-plug too, as far as the target is concerned.
    if vmx.is_true("vcpu.hotremove", vm) {
        vm.cpu.hotplug = true;
    }
    if vmx.is_true("vhv.enable", vm) {
        vm.warn(
            "Nested virtualization is on (vhv.enable); the KubeVirt node must allow it if the \
             guest runs its own VMs.",
        );
    }
}

#[cfg(test)]
mod tests;

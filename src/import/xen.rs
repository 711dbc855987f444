//! Xen `xl.cfg` domain configs.
//!
//! The file is a list of `key = value` settings with Python-like values: numbers, strings in
//! `'...'` or `"..."`, and lists `[ ... ]` that may span lines; `#` starts a comment and `;`
//! may separate settings. Disks and NICs are lists of spec strings (`xl-disk-configuration(5)`,
//! `xl-network-configuration(5)`), read here with the same positional and keyword rules as
//! `xl` itself: `target, format, vdev, access`, deprecated `phy:`/`file:`/`tap:aio:` prefixes,
//! and `target=` swallowing the rest of the spec.
//!
//! xl.cfg does not record disk sizes, so every disk has an unknown capacity (and a warning).
//! Buses follow the vdev name without pretending: `xvd*` is the Xen PV bus
//! (`DiskBus::Other("xen")`), `hd*` IDE, `sd*` SCSI. The guest OS is not recorded by Xen.

use super::proxmox::find_placeholder;
use super::text::{join, quote};
use super::{text, ImportError, SourceFile};
use crate::model::{
    normalize_mac, Cdrom, Cpu, Device, DeviceKind, Disk, DiskBacking, DiskBus, DiskFormat,
    Firmware, FirmwareKind, Memory, Nic, NicAttachment, NicModel, SourceFormat, Tpm, VmSpec,
};
use std::collections::{BTreeMap, BTreeSet};

/// Deepest list nesting accepted (`vnuma` uses two levels); stops runaway recursion.
const MAX_DEPTH: usize = 8;

/// Parses one xl domain config.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    let text = text::decode(file, &file.bytes, None)?;
    let tokens = lex(file, &text)?;
    let config = Config::parse(file, &tokens)?;
    Ok(vec![build(file, &config)?])
}

/// Whether the start of a file looks like an xl domain config: `name =` plus settings only
/// xl writes (`builder =`, `vif = [`, `disk = [`, `kernel =`, `vcpus =`...), and no dotted
/// VMware-style keys.
pub fn looks_like(head: &str) -> bool {
    const XL_KEYS: &[&str] = &[
        "builder",
        "type",
        "vif",
        "disk",
        "kernel",
        "vcpus",
        "maxvcpus",
        "memory",
        "maxmem",
        "bootloader",
        "on_poweroff",
        "on_reboot",
        "on_crash",
        "uuid",
        "device_model",
    ];
    let mut has_name = false;
    let mut has_xl_key = false;
    for line in head.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key_end = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(line.len());
        let (key, rest) = line.split_at(key_end);
        let rest = rest.trim_start();
        if key.is_empty() || !(rest.starts_with('=') || rest.starts_with("+=")) {
            continue;
        }
        if key.contains('.') {
            return false;
        }
        if key == "name" {
            has_name = true;
        } else if XL_KEYS.contains(&key) {
            has_xl_key = true;
        }
    }
    has_name && has_xl_key
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Open,
    Close,
    Comma,
    Assign,
    Append,
    End,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
    column: usize,
}

fn syntax(file: &SourceFile, line: usize, column: usize, message: String) -> ImportError {
    let mut location = file.at_line(line);
    location.column = Some(column);
    ImportError::syntax(location, message)
}

/// Splits the text into tokens; newlines and `;` become `End`.
fn lex(file: &SourceFile, text: &str) -> Result<Vec<Token>, ImportError> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1usize, 0usize);
    while let Some(c) = chars.next() {
        column = column.saturating_add(1);
        let (start_line, start_column) = (line, column);
        let tok = match c {
            '\n' => {
                line = line.saturating_add(1);
                column = 0;
                Tok::End
            }
            ' ' | '\t' | '\r' => continue,
            '#' => {
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
                continue;
            }
            ';' => Tok::End,
            '[' => Tok::Open,
            ']' => Tok::Close,
            ',' => Tok::Comma,
            '=' => Tok::Assign,
            '+' if chars.peek() == Some(&'=') => {
                chars.next();
                column = column.saturating_add(1);
                Tok::Append
            }
            '"' | '\'' => {
                let mut value = String::new();
                loop {
                    let Some(n) = chars.next() else {
                        return Err(syntax(
                            file,
                            start_line,
                            start_column,
                            "the string is not closed before the end of the file".into(),
                        ));
                    };
                    column = column.saturating_add(1);
                    match n {
                        '\n' => {
                            return Err(syntax(
                                file,
                                start_line,
                                start_column,
                                "the string is not closed on its line".into(),
                            ))
                        }
                        '\\' => {
                            let Some(escaped) = chars.next() else {
                                continue;
                            };
                            column = column.saturating_add(1);
                            match escaped {
                                'n' => value.push('\n'),
                                't' => value.push('\t'),
                                'r' => value.push('\r'),
                                '\n' => {
                                    line = line.saturating_add(1);
                                    column = 0;
                                }
                                other => value.push(other),
                            }
                        }
                        q if q == c => break,
                        other => value.push(other),
                    }
                }
                Tok::Str(value)
            }
            d if d.is_ascii_digit() => {
                let mut value = String::from(d);
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '.' || n == '_' {
                        value.push(n);
                        chars.next();
                        column = column.saturating_add(1);
                    } else {
                        break;
                    }
                }
                Tok::Num(value)
            }
            a if a.is_ascii_alphabetic() || a == '_' => {
                let mut value = String::from(a);
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        value.push(n);
                        chars.next();
                        column = column.saturating_add(1);
                    } else {
                        break;
                    }
                }
                Tok::Ident(value)
            }
            other => {
                return Err(syntax(
                    file,
                    line,
                    column,
                    format!("unexpected character {other:?}"),
                ))
            }
        };
        tokens.push(Token {
            tok,
            line: start_line,
            column: start_column,
        });
    }
    Ok(tokens)
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Str(String),
    Num(String),
    List(Vec<Value>),
}

impl Value {
    /// A scalar as text; lists have none.
    fn text(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Num(s) => Some(s),
            Value::List(_) => None,
        }
    }

    /// The strings of a list; a lone scalar counts as a one-item list, as xl allows.
    fn strings(&self) -> Vec<String> {
        match self {
            Value::Str(s) | Value::Num(s) => vec![s.clone()],
            Value::List(items) => items
                .iter()
                .filter_map(|v| v.text().map(str::to_string))
                .collect(),
        }
    }

    fn all_strings(&self, out: &mut Vec<String>) {
        match self {
            Value::Str(s) => out.push(s.clone()),
            Value::Num(_) => {}
            Value::List(items) => items.iter().for_each(|v| v.all_strings(out)),
        }
    }
}

#[derive(Debug, Clone)]
struct Setting {
    value: Value,
    line: usize,
}

struct Config {
    settings: BTreeMap<String, Setting>,
    repeated: BTreeSet<String>,
}

struct Parser<'a> {
    file: &'a SourceFile,
    tokens: &'a [Token],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.pos);
        self.pos = self.pos.saturating_add(1);
        token
    }

    fn error_here(&self, message: &str) -> ImportError {
        match self.peek().or_else(|| self.tokens.last()) {
            Some(t) => syntax(self.file, t.line, t.column, message.to_string()),
            None => ImportError::syntax(self.file.at(), message.to_string()),
        }
    }

    fn skip_ends(&mut self) {
        while self.peek().is_some_and(|t| t.tok == Tok::End) {
            self.pos = self.pos.saturating_add(1);
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ImportError> {
        if depth > MAX_DEPTH {
            return Err(self.error_here("lists are nested too deeply"));
        }
        let Some(token) = self.next().cloned() else {
            return Err(self.error_here("a value is missing at the end of the file"));
        };
        match token.tok {
            Tok::Str(s) => Ok(Value::Str(s)),
            Tok::Num(n) => Ok(Value::Num(n)),
            Tok::Open => {
                let mut items = Vec::new();
                loop {
                    self.skip_ends();
                    if self.peek().is_some_and(|t| t.tok == Tok::Close) {
                        self.pos = self.pos.saturating_add(1);
                        return Ok(Value::List(items));
                    }
                    items.push(self.value(depth.saturating_add(1))?);
                    self.skip_ends();
                    match self.next().map(|t| t.tok.clone()) {
                        Some(Tok::Comma) => {}
                        Some(Tok::Close) => return Ok(Value::List(items)),
                        _ => {
                            self.pos = self.pos.saturating_sub(1);
                            return Err(self.error_here(
                                "expected `,` or `]` after a list item (is a `]` missing?)",
                            ));
                        }
                    }
                }
            }
            _ => {
                self.pos = self.pos.saturating_sub(1);
                Err(self
                    .error_here("expected a value: a number, a quoted string or a `[ ... ]` list"))
            }
        }
    }
}

impl Config {
    fn parse(file: &SourceFile, tokens: &[Token]) -> Result<Self, ImportError> {
        let mut parser = Parser {
            file,
            tokens,
            pos: 0,
        };
        let mut settings: BTreeMap<String, Setting> = BTreeMap::new();
        let mut repeated = BTreeSet::new();
        loop {
            parser.skip_ends();
            let Some(token) = parser.next().cloned() else {
                break;
            };
            let Tok::Ident(key) = token.tok else {
                parser.pos = parser.pos.saturating_sub(1);
                return Err(parser.error_here("expected a setting name (`key = value`)"));
            };
            let append = match parser.next().map(|t| t.tok.clone()) {
                Some(Tok::Assign) => false,
                Some(Tok::Append) => true,
                _ => {
                    parser.pos = parser.pos.saturating_sub(1);
                    return Err(parser.error_here(&format!("expected `=` after `{key}`")));
                }
            };
            let value = parser.value(0)?;
            match parser.next().map(|t| t.tok.clone()) {
                None | Some(Tok::End) => {}
                Some(_) => {
                    parser.pos = parser.pos.saturating_sub(1);
                    return Err(parser.error_here(&format!(
                        "unexpected text after the value of `{key}` (one setting per line)"
                    )));
                }
            }
            let value = match (append, settings.remove(&key)) {
                (
                    true,
                    Some(Setting {
                        value: Value::List(mut old),
                        ..
                    }),
                ) => match value {
                    Value::List(new) => {
                        old.extend(new);
                        Value::List(old)
                    }
                    scalar => {
                        old.push(scalar);
                        Value::List(old)
                    }
                },
                (false, Some(_)) => {
                    repeated.insert(key.clone());
                    value
                }
                (_, _) => value,
            };
            settings.insert(
                key,
                Setting {
                    value,
                    line: token.line,
                },
            );
        }
        Ok(Config { settings, repeated })
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.settings.get(key).map(|s| &s.value)
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::text)
    }

    fn strings(&self, key: &str) -> Vec<String> {
        self.get(key).map(Value::strings).unwrap_or_default()
    }

    fn flag(&self, key: &str) -> Option<bool> {
        self.text(key).map(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "on"
            )
        })
    }

    /// A whole number, or an `Invalid` error naming the line.
    fn number(&self, file: &SourceFile, key: &str) -> Result<Option<u64>, ImportError> {
        let Some(setting) = self.settings.get(key) else {
            return Ok(None);
        };
        let parsed = setting
            .value
            .text()
            .and_then(|t| t.trim().parse::<u64>().ok());
        match parsed {
            Some(n) => Ok(Some(n)),
            None => Err(ImportError::invalid(
                file.at_line(setting.line),
                format!("`{key}` must be a whole number"),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GuestType {
    Hvm,
    Pv,
    Pvh,
}

/// Settings that need no mapping (display, lifecycle, emulation details).
const QUIET_KEYS: &[&str] = &[
    "name",
    "uuid",
    "type",
    "builder",
    "memory",
    "maxmem",
    "vcpus",
    "maxvcpus",
    "bios",
    "firmware",
    "disk",
    "vif",
    "pci",
    "usb",
    "usbdevice",
    "usbdev",
    "usbctrl",
    "serial",
    "parallel",
    "soundhw",
    "channel",
    "boot",
    "kernel",
    "ramdisk",
    "cmdline",
    "root",
    "extra",
    "bootloader",
    "bootloader_args",
    "cpus",
    "cpus_soft",
    "cpu_weight",
    "cap",
    "vnuma",
    "nestedhvm",
    "localtime",
    "rtc_timeoffset",
    "device_model_args",
    "device_model_args_hvm",
    "device_model_args_pv",
    "vtpm",
    "p9",
    "iomem",
    "ioports",
    "irqs",
    "gfx_passthru",
    "on_poweroff",
    "on_reboot",
    "on_crash",
    "on_watchdog",
    "on_soft_reset",
    "pae",
    "acpi",
    "acpi_s3",
    "acpi_s4",
    "apic",
    "hap",
    "hpet",
    "viridian",
    "tsc_mode",
    "timer_mode",
    "device_model",
    "device_model_override",
    "device_model_version",
    "device_model_stubdomain_override",
    "sdl",
    "vnc",
    "vncunused",
    "vnclisten",
    "vncdisplay",
    "vncpasswd",
    "vncconsole",
    "keymap",
    "spice",
    "spicehost",
    "spiceport",
    "spicetls_port",
    "spicedisable_ticketing",
    "spicepasswd",
    "spiceagent_mouse",
    "spicevdagent",
    "spice_clipboard_sharing",
    "spiceusbredirection",
    "nographic",
    "stdvga",
    "vga",
    "videoram",
    "vfb",
    "vkb",
    "xen_platform_pci",
    "shadow_memory",
    "max_grant_frames",
    "max_maptrack_frames",
    "e820_host",
    "seclabel",
    "pool",
    "claim_mode",
];

fn build(file: &SourceFile, config: &Config) -> Result<VmSpec, ImportError> {
    for setting in config.settings.values() {
        let mut strings = Vec::new();
        setting.value.all_strings(&mut strings);
        if let Some(placeholder) = strings.iter().find_map(|s| find_placeholder(s)) {
            return Err(ImportError::unsupported(
                file.at_line(setting.line),
                format!(
                    "`{placeholder}` is an unfilled placeholder; this is a template, fill it in first"
                ),
            ));
        }
    }
    let name = match config.text("name").map(str::trim) {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => {
            return Err(ImportError::invalid(
                file.at(),
                "no `name = \"...\"` setting: every xl domain config names its domain (is this an xl.conf or another kind of file?)",
            ))
        }
    };
    let mut vm = VmSpec::new(file.source_ref(SourceFormat::Xen, None), name);
    vm.uuid = config.text("uuid").map(str::to_string);
    if !config.repeated.is_empty() {
        vm.warn(format!(
            "These settings appear more than once; the last value of each is used: {}.",
            join(&config.repeated)
        ));
    }

    let guest_type = guest_type(config, &mut vm);
    cpu_and_memory(file, config, &mut vm)?;
    firmware_and_boot_source(config, guest_type, &mut vm);
    disks(config, &mut vm);
    nics(config, guest_type, &mut vm);
    boot_order(config, guest_type, &mut vm);
    devices(config, &mut vm);
    settings(config, &mut vm);
    Ok(vm)
}

fn guest_type(config: &Config, vm: &mut VmSpec) -> GuestType {
    let declared = config
        .text("type")
        .map(|t| ("type", t))
        .or_else(|| config.text("builder").map(|b| ("builder", b)));
    let guest_type = match declared {
        None => GuestType::Pv,
        Some((_, "hvm")) => GuestType::Hvm,
        Some((_, "pv")) | Some(("builder", "generic")) => GuestType::Pv,
        Some(("type", "pvh")) => GuestType::Pvh,
        Some((key, other)) => {
            vm.warn(format!(
                "Unknown {key} `{}`; the guest is treated as HVM.",
                quote(other)
            ));
            GuestType::Hvm
        }
    };
    vm.machine_type = Some(
        match guest_type {
            GuestType::Hvm => "xen-hvm",
            GuestType::Pv => "xen-pv",
            GuestType::Pvh => "xen-pvh",
        }
        .to_string(),
    );
    match guest_type {
        GuestType::Hvm => {}
        GuestType::Pv => vm.warn(
            "This is a Xen PV guest (paravirtualized, no emulated hardware): it needs a kernel that boots on HVM/KVM with virtio drivers, and a bootloader on its disk.",
        ),
        GuestType::Pvh => vm.warn(
            "This is a Xen PVH guest (booted without firmware): it needs a bootloader on its disk and a kernel with virtio drivers to boot under KubeVirt.",
        ),
    }
    guest_type
}

fn cpu_and_memory(file: &SourceFile, config: &Config, vm: &mut VmSpec) -> Result<(), ImportError> {
    let vcpus = config.number(file, "vcpus")?.unwrap_or(1);
    let vcpus = u32::try_from(vcpus).unwrap_or(u32::MAX).max(1);
    let maxvcpus = config
        .number(file, "maxvcpus")?
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    let hotplug = maxvcpus.is_some_and(|max| max > vcpus);
    if let Some(max) = maxvcpus.filter(|&max| max > vcpus) {
        vm.warn(format!(
            "The domain starts with {vcpus} vCPUs and may hot-add up to {max} (maxvcpus); the imported VM has {vcpus}."
        ));
    }
    vm.cpu = Cpu {
        sockets: vcpus,
        cores: 1,
        threads: 1,
        hotplug,
    };
    let memory = config.number(file, "memory")?;
    let maxmem = config.number(file, "maxmem")?;
    let to_bytes = |key: &str, mib: u64| -> Result<u64, ImportError> {
        mib.checked_mul(1 << 20).ok_or_else(|| {
            let line = config.settings.get(key).map_or(0, |s| s.line);
            ImportError::invalid(
                file.at_line(line),
                format!("{key} = {mib} MiB does not fit in 64 bits"),
            )
        })
    };
    let mut mem = Memory::default();
    match memory {
        Some(mib) => mem.bytes = to_bytes("memory", mib)?,
        None => vm.warn("No `memory` setting; the memory size is unknown."),
    }
    if let (Some(mib), Some(max)) = (memory, maxmem) {
        if max > mib {
            mem.hotplug = true;
            vm.warn(format!(
                "The domain may balloon up to {max} MiB (maxmem) from its {mib} MiB; the imported VM gets {mib} MiB."
            ));
        }
    }
    vm.memory = mem;
    if let Some(cpus) = config.get("cpus").or_else(|| config.get("cpus_soft")) {
        let pinned = cpus.strings().join(",");
        vm.warn(format!(
            "CPU pinning (cpus = {}) is not carried.",
            quote(&pinned)
        ));
        if !pinned.trim().eq_ignore_ascii_case("all") {
            vm.cpu_affinity = Some(pinned);
        }
    }
    if let Some(cap) = config.text("cap").filter(|c| *c != "0") {
        vm.warn(format!("A CPU cap (cap = {cap}) is not carried."));
    }
    if let Some(Value::List(nodes)) = config.get("vnuma") {
        vm.warn(format!(
            "A virtual NUMA topology ({} nodes, vnuma) is not carried.",
            nodes.len()
        ));
    }
    Ok(())
}

fn firmware_and_boot_source(config: &Config, guest_type: GuestType, vm: &mut VmSpec) {
    let firmware = config
        .text("firmware")
        .or_else(|| config.text("bios"))
        .map(str::to_ascii_lowercase);
    if let Some(fw) = &firmware {
        if fw.contains("ovmf") || fw.contains("uefi") {
            vm.firmware = Firmware {
                kind: FirmwareKind::Uefi,
                secure_boot: false,
            };
        } else if !matches!(fw.as_str(), "bios" | "seabios" | "rombios") {
            vm.warn(format!(
                "Firmware `{}` is not carried; BIOS is assumed.",
                quote(fw)
            ));
        }
    }
    if let Some(kernel) = config.text("kernel") {
        let mut parts = vec![format!("kernel = {}", quote(kernel))];
        if let Some(ramdisk) = config.text("ramdisk") {
            parts.push(format!("ramdisk = {}", quote(ramdisk)));
        }
        if let Some(cmdline) = config.text("cmdline") {
            parts.push(format!("cmdline = {}", quote(cmdline)));
        } else {
            // Without `cmdline`, xl builds it from `root` and `extra`.
            for key in ["root", "extra"] {
                if let Some(value) = config.text(key) {
                    parts.push(format!("{key} = {}", quote(value)));
                }
            }
        }
        vm.warn(format!(
            "The domain boots a kernel from the Xen host ({}); it is not carried: boot from a bootloader on the disk instead.",
            join(parts)
        ));
    } else if let Some(loader) = config.text("bootloader") {
        if guest_type != GuestType::Hvm {
            vm.warn(format!(
                "The domain boots through {} reading the guest's disk; the disk needs a bootloader the new firmware can start.",
                quote(loader)
            ));
        }
    }
}

/// One disk spec, read the way `xl` reads it.
#[derive(Debug, Default)]
struct DiskSpec {
    target: Option<String>,
    format: Option<String>,
    vdev: Option<String>,
    access: Option<String>,
    cdrom: bool,
    backendtype: Option<String>,
    script: Option<String>,
    block_prefix: bool,
    network_prefix: bool,
    unknown: Vec<String>,
}

/// Why a `disk=` entry cannot be read (the disk is then skipped with a warning).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum DiskSpecError {
    #[error("too many positional parameters at `{item}`")]
    TooManyPositional { item: String },
}

fn parse_disk_spec(spec: &str) -> Result<DiskSpec, DiskSpecError> {
    let mut disk = DiskSpec::default();
    let mut rest = spec.trim();
    let mut target_set = false;
    let mut had_prefix = false;
    let mut format_set = false;
    let mut access_set = false;
    while !rest.is_empty() {
        if let Some(target) = rest.strip_prefix("target=") {
            disk.target = Some(target.to_string());
            break;
        }
        let (item, remainder) = match rest.split_once(',') {
            Some((item, remainder)) => (item.trim(), remainder.trim_start()),
            None => (rest.trim(), ""),
        };
        rest = remainder;
        if let Some((key, value)) = item.split_once('=') {
            let value = value.trim().to_string();
            match key.trim() {
                "vdev" => disk.vdev = Some(value),
                "access" => {
                    disk.access = Some(value);
                    access_set = true;
                }
                "format" => {
                    disk.format = Some(value);
                    format_set = true;
                }
                "devtype" => disk.cdrom = value == "cdrom",
                "backendtype" => disk.backendtype = Some(value),
                "script" => disk.script = Some(value),
                "backend" | "discard" | "direct-io-safe" | "colo-host" | "colo-port"
                | "colo-export" | "active-disk" | "hidden-disk" | "specification" | "transport"
                | "trusted" => {}
                other => disk.unknown.push(other.to_string()),
            }
            continue;
        }
        match item {
            "cdrom" => {
                disk.cdrom = true;
                continue;
            }
            "discard" | "no-discard" | "direct-io-safe" | "colo" | "trusted" | "untrusted" => {
                continue
            }
            _ => {}
        }
        if !target_set {
            let mut target = item;
            while let Some((prefix, after)) = target.split_once(':') {
                match prefix {
                    "phy" => disk.block_prefix = true,
                    "file" | "tap" | "tap2" | "tapdisk" | "aio" | "ioemu" => {}
                    "raw" | "qcow" | "qcow2" | "vhd" => {
                        disk.format = Some(prefix.to_string());
                        format_set = true;
                    }
                    "iscsi" | "nbd" | "enbd" | "drbd" => {
                        disk.network_prefix = true;
                        disk.script = Some(prefix.to_string());
                    }
                    _ => break,
                }
                had_prefix = true;
                target = after;
            }
            target_set = true;
            disk.target = (!target.is_empty()).then(|| target.to_string());
        } else if !had_prefix && !format_set && !item.contains(':') {
            // No format holds a ':'; `vdev:cdrom` right after the target is the documented
            // short form with the format left out (`,hdc:cdrom,r` is an empty CD-ROM).
            format_set = true;
            disk.format = (!item.is_empty()).then(|| item.to_string());
        } else if disk.vdev.is_none() {
            let (vdev, kind) = item.split_once(':').unwrap_or((item, ""));
            if kind == "cdrom" {
                disk.cdrom = true;
            }
            disk.vdev = (!vdev.is_empty()).then(|| vdev.to_string());
        } else if !access_set {
            access_set = true;
            disk.access = (!item.is_empty()).then(|| item.to_string());
        } else {
            return Err(DiskSpecError::TooManyPositional { item: quote(item) });
        }
    }
    Ok(disk)
}

fn disk_bus(vdev: &str) -> DiskBus {
    if vdev.starts_with("hd") {
        DiskBus::Ide
    } else if vdev.starts_with("sd") {
        DiskBus::Scsi
    } else {
        DiskBus::Other("xen".to_string())
    }
}

fn disk_format(name: &str) -> Option<DiskFormat> {
    match name.to_ascii_lowercase().as_str() {
        "" => None,
        "raw" => Some(DiskFormat::Raw),
        "qcow2" => Some(DiskFormat::Qcow2),
        "vhd" => Some(DiskFormat::Vhd),
        other => Some(DiskFormat::Other(other.to_string())),
    }
}

fn disks(config: &Config, vm: &mut VmSpec) {
    let mut sizes_unknown = Vec::new();
    for (index, spec) in config.strings("disk").into_iter().enumerate() {
        let parsed = match parse_disk_spec(&spec) {
            Ok(parsed) => parsed,
            Err(why) => {
                vm.warn(format!(
                    "disk #{}: `{}` could not be read ({why}); it is skipped.",
                    index.saturating_add(1),
                    quote(&spec)
                ));
                continue;
            }
        };
        let id = match &parsed.vdev {
            Some(vdev) => vdev.clone(),
            None => {
                let id = format!("disk{index}");
                vm.warn(format!(
                    "{id} (`{}`) names no vdev; xl refuses such a disk. It is imported as `{id}`.",
                    quote(&spec)
                ));
                id
            }
        };
        if !parsed.unknown.is_empty() {
            vm.warn(format!(
                "{id}: unknown disk parameters {} are ignored.",
                join(&parsed.unknown)
            ));
        }
        let bus = disk_bus(&id);
        if parsed.cdrom {
            vm.cdroms.push(Cdrom {
                id,
                bus,
                image: parsed.target,
                boot_order: None,
            });
            continue;
        }
        let mut disk = Disk::new(id.clone(), bus);
        disk.format = parsed.format.as_deref().and_then(disk_format);
        let target = parsed.target.clone().unwrap_or_default();
        if target.is_empty() {
            vm.warn(format!(
                "{id} names no target image or device; it is skipped."
            ));
            continue;
        }
        let scheme = target.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        disk.backing = if parsed.network_prefix
            || parsed.script.as_deref().is_some_and(|s| s != "block")
            || matches!(
                scheme.as_deref(),
                Some("rbd" | "iscsi" | "nbd" | "gluster" | "sheepdog" | "http" | "https")
            ) {
            DiskBacking::Network
        } else if parsed.block_prefix
            || target.starts_with("/dev/")
            || parsed.backendtype.as_deref() == Some("phy") && !target.contains('.')
        {
            DiskBacking::Block
        } else {
            DiskBacking::File
        };
        disk.source_path = Some(target);
        disk.read_only = match parsed.access.as_deref() {
            None | Some("w") | Some("rw") => false,
            Some("r") | Some("ro") => true,
            Some(other) => {
                vm.warn(format!(
                    "{id}: unknown access mode `{}`; read-write assumed.",
                    quote(other)
                ));
                false
            }
        };
        sizes_unknown.push(id);
        vm.disks.push(disk);
    }
    if !sizes_unknown.is_empty() {
        vm.warn_about(
            crate::model::WarningKind::DiskSizeUnrecorded,
            super::images::xen_sizes_unknown(&sizes_unknown),
        );
    }
}

fn nic_model(name: &str) -> NicModel {
    crate::device_models::nic_model(name)
}

fn nics(config: &Config, guest_type: GuestType, vm: &mut VmSpec) {
    for (index, spec) in config.strings("vif").into_iter().enumerate() {
        let mut props: BTreeMap<&str, &str> = BTreeMap::new();
        let mut stray = Vec::new();
        for item in spec.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            match item.split_once('=') {
                Some((k, v)) => {
                    props.insert(k.trim(), v.trim());
                }
                None => stray.push(item),
            }
        }
        let id = match props.get("devid") {
            Some(devid) => format!("vif{devid}"),
            None => format!("vif{index}"),
        };
        let mut nic = Nic::new(id.clone());
        if !stray.is_empty() {
            vm.warn(format!(
                "{id}: `{}` is not `key=value`; ignored.",
                quote(&join(&stray))
            ));
        }
        nic.model = match props.get("model") {
            Some(model) => Some(nic_model(model)),
            None if guest_type != GuestType::Hvm || props.get("type") == Some(&"vif") => {
                Some(NicModel::Other("xen-netfront".to_string()))
            }
            None => None,
        };
        if let Some(raw) = props.get("mac") {
            match normalize_mac(raw) {
                Some(mac) => nic.mac = Some(mac),
                None => vm.warn(format!(
                    "{id}: `{}` is not a valid MAC address; a new one will be generated.",
                    quote(raw)
                )),
            }
        }
        let script = props.get("script").copied().unwrap_or("vif-bridge");
        let mut bridge = props.get("bridge").map(|b| b.to_string());
        if script.contains("openvswitch") {
            // vif-openvswitch spells VLANs into the bridge name: `br0.10` or `br0:10:20`.
            if let Some(full) = bridge.clone() {
                let (name, trunks) = full.split_once(':').unwrap_or((full.as_str(), ""));
                let (name, tag) = name.split_once('.').unwrap_or((name, ""));
                if let Ok(vlan) = tag.parse::<u16>() {
                    nic.vlan = Some(vlan);
                }
                if !trunks.is_empty() {
                    vm.warn(format!("{id} carries VLAN trunks ({trunks}); not carried."));
                }
                bridge = Some(name.to_string());
            }
        }
        if script.contains("nat") {
            nic.attachment = NicAttachment::Nat;
        } else if script.contains("route") {
            nic.attachment = NicAttachment::Other;
            vm.warn(format!(
                "{id} is routed by the Xen host ({script}); attach it to a network by hand."
            ));
        }
        nic.network = bridge;
        if let Some(ip) = props.get("ip") {
            vm.warn(format!(
                "{id} is locked to IP address(es) {} on the Xen host; not carried.",
                quote(ip)
            ));
        }
        if let Some(rate) = props.get("rate") {
            vm.warn(format!(
                "{id} is rate-limited ({}); the limit is not carried.",
                quote(rate)
            ));
        }
        if let Some(mtu) = props.get("mtu") {
            vm.warn(format!("{id} sets MTU {}; not carried.", quote(mtu)));
        }
        if let Some(backend) = props.get("backend") {
            vm.warn(format!(
                "{id} is served by the driver domain `{}`; not carried.",
                quote(backend)
            ));
        }
        vm.nics.push(nic);
    }
}

fn boot_order(config: &Config, guest_type: GuestType, vm: &mut VmSpec) {
    if guest_type != GuestType::Hvm {
        return;
    }
    // HVM guests boot from `cd` (first disk, then first CD-ROM) unless told otherwise.
    let explicit = config.text("boot");
    let letters = explicit.unwrap_or("cd");
    let mut rank: u32 = 0;
    let mut used = BTreeSet::new();
    for letter in letters.chars() {
        if !used.insert(letter) {
            continue;
        }
        match letter {
            'c' => {
                if let Some(disk) = vm.disks.first_mut() {
                    rank = rank.saturating_add(1);
                    disk.boot_order = Some(rank);
                }
            }
            'd' => {
                if let Some(cdrom) = vm.cdroms.first_mut() {
                    rank = rank.saturating_add(1);
                    cdrom.boot_order = Some(rank);
                }
            }
            'n' => {
                if explicit.is_some() {
                    let nic = vm
                        .nics
                        .first()
                        .map_or("a NIC".to_string(), |n| n.id.clone());
                    vm.warn(format!(
                        "boot = \"{}\" includes network boot from {nic}; PXE boot is not carried.",
                        quote(letters)
                    ));
                }
            }
            'a' => {}
            other => vm.warn(format!(
                "boot: unknown boot device letter `{other}`; ignored."
            )),
        }
    }
}

fn devices(config: &Config, vm: &mut VmSpec) {
    for spec in config.strings("pci") {
        vm.devices.push(Device {
            kind: DeviceKind::PciPassthrough,
            description: format!("pci: {}", quote(&spec)),
        });
    }
    if config.flag("gfx_passthru") == Some(true) {
        vm.devices.push(Device {
            kind: DeviceKind::Gpu,
            description: "gfx_passthru: the host graphics card is passed through".into(),
        });
    }
    for spec in config.strings("usbdev") {
        vm.devices.push(Device {
            kind: DeviceKind::UsbPassthrough,
            description: format!("usbdev: {}", quote(&spec)),
        });
    }
    for spec in config.strings("usbdevice") {
        let kind = if spec.starts_with("host:") {
            DeviceKind::UsbPassthrough
        } else if matches!(spec.as_str(), "tablet" | "mouse" | "keyboard") {
            // Emulated input devices: KubeVirt provides its own.
            continue;
        } else {
            DeviceKind::Other
        };
        vm.devices.push(Device {
            kind,
            description: format!("usbdevice: {}", quote(&spec)),
        });
    }
    for spec in config.strings("usbctrl") {
        vm.devices.push(Device {
            kind: DeviceKind::UsbController,
            description: format!("usbctrl: {}", quote(&spec)),
        });
    }
    for (key, kind) in [
        ("serial", DeviceKind::Serial),
        ("parallel", DeviceKind::Parallel),
        ("soundhw", DeviceKind::Sound),
        ("channel", DeviceKind::Other),
        ("p9", DeviceKind::SharedFolder),
        ("iomem", DeviceKind::Other),
        ("ioports", DeviceKind::Other),
        ("irqs", DeviceKind::Other),
    ] {
        for spec in config.strings(key) {
            if spec.is_empty() || spec == "none" {
                continue;
            }
            vm.devices.push(Device {
                kind,
                description: format!("{key}: {}", quote(&spec)),
            });
        }
    }
    if let Some(vtpm) = config.get("vtpm") {
        vm.tpm = Some(Tpm {
            version: None,
            passthrough: false,
        });
        vm.warn(format!(
            "A Xen vTPM ({}) is configured; its state is not carried, the new TPM starts empty.",
            quote(&vtpm.strings().join("; "))
        ));
    }
}

fn settings(config: &Config, vm: &mut VmSpec) {
    if config.flag("nestedhvm") == Some(true) {
        vm.warn("Nested virtualization is on (nestedhvm = 1); it is not carried.");
    }
    if config.flag("localtime") == Some(true) {
        vm.warn(
            "The guest clock runs in local time (localtime = 1); set the KubeVirt clock to match.",
        );
    }
    if let Some(offset) = config.text("rtc_timeoffset").filter(|o| *o != "0") {
        vm.warn(format!(
            "The guest clock is offset by {offset} seconds (rtc_timeoffset); not carried."
        ));
    }
    for key in [
        "device_model_args",
        "device_model_args_hvm",
        "device_model_args_pv",
    ] {
        if let Some(args) = config.get(key) {
            vm.warn(format!(
                "Raw device-model arguments ({key} = {}) are not carried.",
                quote(&args.strings().join(" "))
            ));
        }
    }
    let unknown: Vec<&str> = config
        .settings
        .keys()
        .map(String::as_str)
        .filter(|k| !QUIET_KEYS.contains(k))
        .collect();
    if !unknown.is_empty() {
        vm.warn(format!("Unrecognised settings ignored: {}.", join(unknown)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(text: &str) -> VmSpec {
        let file = SourceFile::from_bytes("guest.cfg", text.as_bytes().to_vec());
        let mut vms = parse(&file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(vms.len(), 1);
        vms.remove(0)
    }

    fn warned(vm: &VmSpec, needle: &str) -> bool {
        vm.warnings.iter().any(|w| w.contains(needle))
    }

    #[test]
    fn the_short_empty_cdrom_form_gives_an_empty_cdrom() {
        // xl's documented empty drive leaves the format out: `,hdc:cdrom,r`.
        let vm = import(
            "name = \"iso\"\nmemory = 512\ndisk = [ \"/srv/xen/root.img,raw,xvda,w\", \",hdc:cdrom,r\", \"/srv/iso/tools.iso,hdd:cdrom,r\" ]\n",
        );
        let ids: Vec<&str> = vm.disks.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["xvda"]);
        assert_eq!(vm.cdroms.len(), 2, "{:?}", vm.warnings);
        assert_eq!(vm.cdroms[0].id, "hdc");
        assert_eq!(vm.cdroms[0].bus, DiskBus::Ide);
        assert_eq!(vm.cdroms[0].image, None);
        assert_eq!(vm.cdroms[1].id, "hdd");
        assert_eq!(vm.cdroms[1].image.as_deref(), Some("/srv/iso/tools.iso"));
        assert!(!warned(&vm, "vdev"), "{:?}", vm.warnings);
    }

    #[test]
    fn hvm_guest_with_two_disks_a_cdrom_and_two_vifs() {
        let vm = import(
            r#"# Windows file server
name = "fs01"
uuid = "c7a5fdb2-cdaf-9455-926a-d65c16db1809"
type = 'hvm'
memory = 4096
maxmem = 4096
vcpus = 4
firmware = "ovmf"
boot = "dc"
disk = [ 'format=raw,vdev=hda,access=rw,target=/dev/vg0/fs01-root',
         'format=qcow2, vdev=hdb, access=rw, target=/srv/xen/fs01-data.qcow2',
         'format=raw,vdev=hdc,access=ro,devtype=cdrom,target=/srv/iso/win2019.iso',
       ]
vif = [ 'mac=00:16:3E:01:02:03,bridge=xenbr0,model=e1000',
        "mac=00:16:3e:01:02:04,bridge=xenbr1,type=vif" ]  # storage network
on_crash = "restart"
"#,
        );
        assert_eq!(vm.name, "fs01");
        assert_eq!(
            vm.uuid.as_deref(),
            Some("c7a5fdb2-cdaf-9455-926a-d65c16db1809")
        );
        assert_eq!(vm.machine_type.as_deref(), Some("xen-hvm"));
        assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
        assert_eq!(vm.cpu.vcpus(), Some(4));
        assert!(!vm.cpu.hotplug);
        assert_eq!(vm.memory.bytes, 4096 << 20);
        assert!(!vm.memory.hotplug);

        assert_eq!(vm.disks.len(), 2);
        let root = &vm.disks[0];
        assert_eq!(root.id, "hda");
        assert_eq!(root.bus, DiskBus::Ide);
        assert_eq!(root.format, Some(DiskFormat::Raw));
        assert_eq!(root.backing, DiskBacking::Block);
        assert_eq!(root.source_path.as_deref(), Some("/dev/vg0/fs01-root"));
        assert_eq!(root.capacity_bytes, None);
        assert_eq!(root.boot_order, Some(2));
        let data = &vm.disks[1];
        assert_eq!(data.id, "hdb");
        assert_eq!(data.format, Some(DiskFormat::Qcow2));
        assert_eq!(data.backing, DiskBacking::File);
        assert_eq!(data.boot_order, None);

        assert_eq!(vm.cdroms.len(), 1);
        assert_eq!(vm.cdroms[0].id, "hdc");
        assert_eq!(vm.cdroms[0].bus, DiskBus::Ide);
        assert_eq!(vm.cdroms[0].image.as_deref(), Some("/srv/iso/win2019.iso"));
        assert_eq!(vm.cdroms[0].boot_order, Some(1));

        assert_eq!(vm.nics.len(), 2);
        assert_eq!(vm.nics[0].id, "vif0");
        assert_eq!(vm.nics[0].model, Some(NicModel::E1000));
        assert_eq!(vm.nics[0].mac.as_deref(), Some("00:16:3e:01:02:03"));
        assert_eq!(vm.nics[0].network.as_deref(), Some("xenbr0"));
        assert_eq!(vm.nics[1].id, "vif1");
        assert_eq!(
            vm.nics[1].model,
            Some(NicModel::Other("xen-netfront".into()))
        );
        assert_eq!(vm.nics[1].network.as_deref(), Some("xenbr1"));

        assert!(warned(&vm, "capacity of hda, hdb is unknown"));
        assert!(!warned(&vm, "Unrecognised"));
    }

    #[test]
    fn positional_and_legacy_disk_specs() {
        let vm = import(
            r#"name = "legacy"
builder = "hvm"
memory = 1024
maxmem = 2048
vcpus = 2
maxvcpus = 4
cpus = "2-3"
disk = [ "/dev/HostVG/guest,raw,hda,rw,backendtype=phy",
         "/var/lib/xen/guest-home,,hdb,,",
         "phy:/dev/vg/swap,xvdb,w",
         "tap:qcow2:/srv/xen/scratch.qcow2,sda,r",
         "file:/srv/iso/boot.iso,hdc:cdrom,r",
         ",,hdd:cdrom,r" ]
"#,
        );
        let ids: Vec<&str> = vm.disks.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["hda", "hdb", "xvdb", "sda"]);
        assert_eq!(vm.disks[0].format, Some(DiskFormat::Raw));
        assert_eq!(vm.disks[0].backing, DiskBacking::Block);
        assert_eq!(vm.disks[1].format, None);
        assert_eq!(
            vm.disks[1].source_path.as_deref(),
            Some("/var/lib/xen/guest-home")
        );
        assert!(!vm.disks[1].read_only);
        assert_eq!(vm.disks[2].bus, DiskBus::Other("xen".into()));
        assert_eq!(vm.disks[2].backing, DiskBacking::Block);
        assert_eq!(vm.disks[2].source_path.as_deref(), Some("/dev/vg/swap"));
        assert_eq!(vm.disks[3].bus, DiskBus::Scsi);
        assert_eq!(vm.disks[3].format, Some(DiskFormat::Qcow2));
        assert!(vm.disks[3].read_only);
        assert_eq!(vm.cdroms.len(), 2);
        assert_eq!(vm.cdroms[0].image.as_deref(), Some("/srv/iso/boot.iso"));
        assert_eq!(vm.cdroms[1].id, "hdd");
        assert_eq!(vm.cdroms[1].image, None);
        // Default HVM boot order `cd`.
        assert_eq!(vm.disks[0].boot_order, Some(1));
        assert_eq!(vm.cdroms[0].boot_order, Some(2));
        assert_eq!(vm.cpu.vcpus(), Some(2));
        assert!(vm.cpu.hotplug);
        assert!(vm.memory.hotplug);
        assert_eq!(vm.memory.bytes, 1024 << 20);
        assert!(warned(&vm, "up to 4 (maxvcpus)"));
        assert!(warned(&vm, "up to 2048 MiB"));
        assert!(warned(&vm, "cpus = 2-3"));
        assert_eq!(vm.cpu_affinity.as_deref(), Some("2-3"));
    }

    #[test]
    fn pv_guests_and_devices_are_flagged() {
        let vm = import(
            "name = 'pvguest' ; memory = 512\nkernel = \"/boot/vmlinuz-xen\"\nramdisk = \"/boot/initrd-xen\"\nextra = \"console=hvc0\"\ndisk = ['format=raw,vdev=xvda,access=rw,target=rbd:pool/image:mon_host=a\\\\:6789']\nvif = ['bridge=xenbr0,ip=10.0.0.5']\npci = [ '0000:03:00.0', '04:00.1,permissive=1' ]\nserial = [ 'pty', 'none' ]\nusbdev = [ 'hostbus=1,hostaddr=3' ]\nfrobnicate = 1\n",
        );
        assert_eq!(vm.machine_type.as_deref(), Some("xen-pv"));
        assert!(warned(&vm, "Xen PV guest"));
        assert!(warned(&vm, "kernel = /boot/vmlinuz-xen"));
        assert_eq!(vm.disks[0].backing, DiskBacking::Network);
        assert_eq!(
            vm.disks[0].source_path.as_deref(),
            Some("rbd:pool/image:mon_host=a\\:6789")
        );
        assert_eq!(vm.disks[0].boot_order, None);
        assert_eq!(
            vm.nics[0].model,
            Some(NicModel::Other("xen-netfront".into()))
        );
        assert_eq!(vm.nics[0].mac, None);
        assert!(warned(&vm, "vif0 is locked to IP address(es) 10.0.0.5"));
        let kinds: Vec<DeviceKind> = vm.devices.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                DeviceKind::PciPassthrough,
                DeviceKind::PciPassthrough,
                DeviceKind::UsbPassthrough,
                DeviceKind::Serial,
            ]
        );
        assert_eq!(vm.devices[1].description, "pci: 04:00.1,permissive=1");
        assert!(warned(&vm, "Unrecognised settings ignored: frobnicate."));
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let file = SourceFile::from_bytes(
            "bad.cfg",
            b"name = \"a\"\ndisk = [ 'x,hda,w'\nvif = []\n".to_vec(),
        );
        let err = parse(&file).unwrap_err();
        assert_eq!(err.kind.category(), "malformed");
        assert_eq!(err.location.line, Some(3));

        let file = SourceFile::from_bytes("bad.cfg", b"name = \"unclosed\nmemory = 1\n".to_vec());
        let err = parse(&file).unwrap_err();
        assert_eq!((err.location.line, err.location.column), (Some(1), Some(8)));

        let file = SourceFile::from_bytes("nameless.cfg", b"memory = 512\nvcpus = 1\n".to_vec());
        assert_eq!(parse(&file).unwrap_err().kind.category(), "invalid");

        let deep = format!("name = 'x'\nv = {}1{}\n", "[".repeat(100), "]".repeat(100));
        let file = SourceFile::from_bytes("deep.cfg", deep.into_bytes());
        assert_eq!(parse(&file).unwrap_err().kind.category(), "malformed");
    }

    #[test]
    fn detection_wants_name_and_xl_keys() {
        assert!(looks_like("name = \"a\"\nbuilder = \"hvm\"\n"));
        assert!(looks_like(
            "# c\nname='a'\nvcpus=2\ndisk = [ 'phy:/dev/x,xvda,w' ]\n"
        ));
        assert!(!looks_like("displayName = \"a\"\nmemsize = \"4\"\n"));
        assert!(!looks_like(
            "config.version = \"8\"\nname = \"a\"\nmemory = 4\n"
        ));
        assert!(!looks_like("name: a\nostype: l26\n"));
    }
}

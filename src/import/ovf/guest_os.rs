//! The guest OS of an `OperatingSystemSection`: VMware ids, VirtualBox names, CIM
//! numbers and free text.

use super::*;

/// Guest OS from an `OperatingSystemSection`: VMware's `vmw:osType` first (most precise),
/// then VirtualBox's `vbox:OSType`, then the CIM number and the description.
pub(super) fn guest_os(section: Node) -> GuestOs {
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

pub(super) fn os(family: OsFamily, version: Option<&str>, arch: Arch) -> GuestOs {
    GuestOs {
        family,
        version: version.map(str::to_string),
        arch,
        source_id: None,
    }
}

/// VMware guest ids (`windows2019srv_64Guest`, `rhel8_64Guest`, `otherLinuxGuest`...).
pub(super) fn os_from_vmware_id(id: &str) -> GuestOs {
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
pub(super) fn trailing_number(id: &str) -> Option<String> {
    let rest = id.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let rest = rest.trim_start_matches(['_', '-']);
    (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())).then(|| rest.to_string())
}

/// Guess from any OS name or id (VirtualBox, oVirt, free-text descriptions).
pub(super) fn os_from_name(name: &str) -> GuestOs {
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

pub(super) fn strip_arch_suffix(lower: &str) -> &str {
    for suffix in ["_arm64", "_64", "x64", "-64", "64"] {
        if let Some(rest) = lower.strip_suffix(suffix) {
            return rest;
        }
    }
    lower
}

pub(super) fn arch_from_text(text: &str) -> Arch {
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
pub(super) fn os_from_cim(id: u32) -> GuestOs {
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
pub(super) fn version_from_text(text: &str) -> Option<String> {
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

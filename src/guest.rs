//! Guest-OS knowledge, in one place: every source vocabulary for "which OS runs in this VM"
//! turned into one typed [`GuestOs`] (family, distribution, version, architecture).
//!
//! Importers call the parser for their format's vocabulary and keep the raw id in
//! [`GuestOs::source_id`] (for annotations and messages only). Mapping (preferences),
//! assess (concerns) and the generator (Windows features, buses) match on the typed fields
//! alone, so the same OS named in any format gets the same treatment. Vocabularies:
//!
//! - VMware guest ids: `.vmx` `guestOS` (`windows7srv-64`, `rhel8-64`, `ubuntu-64`) and the
//!   vSphere API `VirtualMachineGuestOsIdentifier` (`windows7Server64Guest`, `rhel8_64Guest`),
//!   also OVF's `vmw:osType`: [`from_vmware`].
//! - DMTF `CIM_OperatingSystem.OsType` numbers, OVF's `ovf:id` (DSP1043): [`from_cim`].
//! - libosinfo ids in libvirt metadata (`http://microsoft.com/win/2k8r2`): [`from_libosinfo`].
//! - VirtualBox `OSType` (`Windows2008_64`, `Ubuntu22_LTS_64`): [`from_vbox`].
//! - Proxmox qemu-server `ostype` (`win10`, `w2k8`, `l26`): [`from_proxmox`].
//! - Free text and oVirt OS names (`Microsoft Windows Server 2019 (64-bit)`,
//!   `windows_2008R2x64`, `rhel_8x64`): [`from_text`].
//!
//! Xen's `xl.cfg` names no guest OS, so Xen guests stay [`OsFamily::Unknown`].
//!
//! Windows versions are the product's own numbers: Server releases by year with minor 2
//! for an R2 release (Server 2008 R2 is 2008.2); clients 7, 8, 8.1, 10, 11, with XP as 5.1,
//! Vista as 6.0 (their NT versions) and ME as 4.90.

use serde::Serialize;

/// Guest operating system, as far as the source says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GuestOs {
    pub family: OsFamily,
    pub distro: Option<Distro>,
    pub version: Option<Version>,
    pub arch: Arch,
    /// The source's own identifier (`windows2019srv_64Guest`, `http://microsoft.com/win/2k19`,
    /// `l26`, `Ubuntu_64`...), kept verbatim for annotations and messages; nothing decides
    /// on it.
    pub source_id: Option<String>,
}

impl GuestOs {
    fn new(family: OsFamily, distro: Option<Distro>, version: Option<Version>) -> Self {
        GuestOs {
            family,
            distro,
            version,
            ..GuestOs::default()
        }
    }

    /// The version in the product's own words (`2008 R2`, `22.04`, `XP`).
    pub fn version_text(&self) -> Option<String> {
        let v = self.version?;
        Some(match (self.distro, v.major, v.minor) {
            (Some(Distro::WindowsServer), year, Some(2)) => format!("{year} R2"),
            (Some(Distro::WindowsServer), year, _) => year.to_string(),
            (Some(Distro::WindowsClient), 5, Some(1)) => "XP".to_string(),
            (Some(Distro::WindowsClient), 6, Some(0)) => "Vista".to_string(),
            (Some(Distro::WindowsClient), 4, Some(90)) => "ME".to_string(),
            (Some(Distro::Ubuntu), major, Some(minor)) => format!("{major}.{minor:02}"),
            _ => v.to_string(),
        })
    }

    /// The major version, when the source says it.
    pub fn major(&self) -> Option<u32> {
        self.version.map(|v| v.major)
    }

    /// Whether this is the given distribution.
    pub fn is(&self, distro: Distro) -> bool {
        self.distro == Some(distro)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OsFamily {
    Windows,
    Linux,
    Bsd,
    MacOs,
    Solaris,
    Other,
    #[default]
    Unknown,
}

impl OsFamily {
    pub fn as_str(self) -> &'static str {
        match self {
            OsFamily::Windows => "windows",
            OsFamily::Linux => "linux",
            OsFamily::Bsd => "bsd",
            OsFamily::MacOs => "macos",
            OsFamily::Solaris => "solaris",
            OsFamily::Other => "other",
            OsFamily::Unknown => "unknown",
        }
    }
}

/// The distributions (and Windows editions) that something downstream tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Distro {
    WindowsClient,
    WindowsServer,
    Rhel,
    /// CentOS Linux (up to 8).
    CentOs,
    CentOsStream,
    Fedora,
    OracleLinux,
    AlmaLinux,
    RockyLinux,
    AmazonLinux,
    Ubuntu,
    Debian,
    Sles,
    OpenSuseLeap,
    OpenSuseTumbleweed,
    Photon,
    Alpine,
    FreeBsd,
    OpenBsd,
    NetBsd,
}

/// A version as `major.minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Version {
    pub major: u32,
    pub minor: Option<u32>,
}

impl Version {
    pub fn major(major: u32) -> Self {
        Version { major, minor: None }
    }

    pub fn of(major: u32, minor: u32) -> Self {
        Version {
            major,
            minor: Some(minor),
        }
    }

    /// `9`, `9.2`, `22.04`, `8.04.1` (patch levels dropped); `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = match parts.next() {
            Some(m) => Some(m.parse().ok()?),
            None => None,
        };
        Some(Version { major, minor })
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.minor {
            Some(minor) => write!(f, "{}.{minor}", self.major),
            None => write!(f, "{}", self.major),
        }
    }
}

/// CPU architecture of the guest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arch {
    X86_64,
    I686,
    Aarch64,
    Ppc64le,
    S390x,
    /// Any other architecture, by the source's name for it.
    Other(String),
    #[default]
    Unknown,
}

impl Arch {
    /// An architecture as libvirt, Proxmox and QEMU name it (`x86_64`, `i686`, `aarch64`).
    pub fn from_name(raw: &str) -> Arch {
        match raw.trim() {
            "x86_64" | "amd64" => Arch::X86_64,
            "i686" | "i586" | "i486" | "i386" => Arch::I686,
            "aarch64" | "arm64" => Arch::Aarch64,
            "ppc64le" => Arch::Ppc64le,
            "s390x" => Arch::S390x,
            "" => Arch::Unknown,
            other => Arch::Other(other.to_string()),
        }
    }
}

fn server(year: u32) -> GuestOs {
    GuestOs::new(
        OsFamily::Windows,
        Some(Distro::WindowsServer),
        Some(Version::major(year)),
    )
}

fn server_r2(year: u32) -> GuestOs {
    GuestOs::new(
        OsFamily::Windows,
        Some(Distro::WindowsServer),
        Some(Version::of(year, 2)),
    )
}

fn client(version: Version) -> GuestOs {
    GuestOs::new(
        OsFamily::Windows,
        Some(Distro::WindowsClient),
        Some(version),
    )
}

fn windows_unversioned() -> GuestOs {
    GuestOs::new(OsFamily::Windows, None, None)
}

fn family(family: OsFamily) -> GuestOs {
    GuestOs::new(family, None, None)
}

fn linux(distro: Option<Distro>, version: Option<Version>) -> GuestOs {
    GuestOs::new(OsFamily::Linux, distro, version)
}

/// Linux distributions by the names their vocabularies use, longest names first where one
/// is a prefix of another. `None`: Linux, but no distribution anything tells apart.
const DISTRO_NAMES: &[(&str, Option<Distro>)] = &[
    ("opensusetumbleweed", Some(Distro::OpenSuseTumbleweed)),
    ("opensuse", Some(Distro::OpenSuseLeap)),
    ("oraclelinux", Some(Distro::OracleLinux)),
    ("oracle", Some(Distro::OracleLinux)),
    ("amazonlinux", Some(Distro::AmazonLinux)),
    ("almalinux", Some(Distro::AlmaLinux)),
    ("alma", Some(Distro::AlmaLinux)),
    ("rockylinux", Some(Distro::RockyLinux)),
    ("rocky", Some(Distro::RockyLinux)),
    ("vmwarephoton", Some(Distro::Photon)),
    ("photon", Some(Distro::Photon)),
    ("centosstream", Some(Distro::CentOsStream)),
    ("centos", Some(Distro::CentOs)),
    ("redhat", Some(Distro::Rhel)),
    ("rhel", Some(Distro::Rhel)),
    ("fedora", Some(Distro::Fedora)),
    ("lubuntu", Some(Distro::Ubuntu)),
    ("xubuntu", Some(Distro::Ubuntu)),
    ("kubuntu", Some(Distro::Ubuntu)),
    ("ubuntu", Some(Distro::Ubuntu)),
    ("debian", Some(Distro::Debian)),
    ("sles", Some(Distro::Sles)),
    ("suse", Some(Distro::Sles)),
    ("alpine", Some(Distro::Alpine)),
    ("asianux", None),
    ("mandrake", None),
    ("openmandriva", None),
    ("mandriva", None),
    ("turbolinux", None),
    ("coreos", None),
    ("miraclelinux", None),
    ("pardus", None),
    ("fusionos", None),
    ("kylinlinux", None),
    ("prolinux", None),
    ("crxpod", None),
    ("crxsys", None),
    ("nld", None),
    ("oes", None),
    ("sjds", None),
    ("archlinux", None),
    ("gentoo", None),
    ("xandros", None),
    ("mageia", None),
    ("pclinuxos", None),
    ("linuxmint", None),
    ("mint", None),
    ("kali", None),
    ("manjaro", None),
];

/// The distribution whose name `id` starts with, and the rest of `id`.
fn distro_prefix(id: &str) -> Option<(Option<Distro>, &str)> {
    DISTRO_NAMES
        .iter()
        .find_map(|(name, distro)| id.strip_prefix(name).map(|rest| (*distro, rest)))
}

fn leading_number(text: &str) -> Option<u32> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.get(..end)?.parse().ok()
}

// ---------------------------------------------------------------------------------------
// VMware
// ---------------------------------------------------------------------------------------

/// A VMware guest id in either spelling: `.vmx` (`windows7srv-64`, `rhel8-64`, `arm-ubuntu-64`)
/// or the vSphere API (`windows7Server64Guest`, `rhel8_64Guest`, `arm64Guest`-style ids).
pub fn from_vmware(raw: &str) -> GuestOs {
    let lower = raw.trim().to_ascii_lowercase();
    let mut id = lower.strip_suffix("guest").unwrap_or(&lower);
    let mut arm = false;
    if let Some(rest) = id.strip_prefix("arm-") {
        arm = true;
        id = rest;
    }
    let mut is_64 = false;
    for suffix in ["-64", "_64", "64"] {
        if let Some(rest) = id.strip_suffix(suffix).filter(|r| !r.is_empty()) {
            id = rest;
            is_64 = true;
            break;
        }
    }
    // The API form drops the hyphens the .vmx form has (`vmware-photon` / `vmwarephoton`).
    let id: String = id.chars().filter(|c| *c != '-' && *c != '_').collect();
    let mut os = vmware_os(&id);
    os.arch = if arm {
        Arch::Aarch64
    } else if is_64 {
        Arch::X86_64
    } else if os.family == OsFamily::Unknown {
        Arch::Unknown
    } else {
        Arch::I686
    };
    os.source_id = Some(raw.trim().to_string());
    os
}

fn vmware_os(id: &str) -> GuestOs {
    if let Some(os) = vmware_windows(id) {
        return os;
    }
    if let Some(rest) = id.strip_prefix("darwin") {
        // Darwin 10..19 are Mac OS X 10.6..10.15; from Darwin 20 the major is Darwin - 9.
        let version = leading_number(rest).and_then(|n| match n {
            10..=19 => Some(Version::of(10, n - 4)),
            20..=40 => Some(Version::major(n - 9)),
            _ => None,
        });
        return GuestOs::new(OsFamily::MacOs, None, version);
    }
    for (name, distro) in [
        ("freebsd", Distro::FreeBsd),
        ("openbsd", Distro::OpenBsd),
        ("netbsd", Distro::NetBsd),
    ] {
        if let Some(rest) = id.strip_prefix(name) {
            return GuestOs::new(
                OsFamily::Bsd,
                Some(distro),
                leading_number(rest).map(Version::major),
            );
        }
    }
    if let Some(rest) = id
        .strip_prefix("opensolaris")
        .or_else(|| id.strip_prefix("solaris"))
    {
        return GuestOs::new(
            OsFamily::Solaris,
            None,
            leading_number(rest).map(Version::major),
        );
    }
    if let Some((distro, rest)) = distro_prefix(id) {
        // VMware's versions are majors only (`rhel9`, `sles15`, `amazonlinux2`).
        return linux(distro, leading_number(rest).map(Version::major));
    }
    // other24xlinux, other26xlinux, other5xlinux, otherlinux, genericlinux...
    if id.contains("linux") {
        return linux(None, None);
    }
    // `otherGuest`: an OS VMware's list does not name.
    if id.starts_with("other") {
        return family(OsFamily::Other);
    }
    // DOS, OS/2, eComStation, NetWare, UnixWare, OpenServer, nested ESXi (vmkernel).
    if [
        "dos",
        "os2",
        "ecomstation",
        "netware",
        "unixware",
        "openserver",
        "vmkernel",
    ]
    .iter()
    .any(|p| id.starts_with(p))
    {
        return family(OsFamily::Other);
    }
    family(OsFamily::Unknown)
}

/// VMware's Windows ids, after the `Guest` and `64` suffixes and separators are gone.
/// VMware names an unreleased Windows by its predecessor plus "Next" (`windows2019srvNext`
/// is Server 2022).
fn vmware_windows(id: &str) -> Option<GuestOs> {
    let os = match id {
        "win31" => client(Version::of(3, 1)),
        "win95" => client(Version::major(95)),
        "win98" => client(Version::major(98)),
        "winme" => client(Version::of(4, 90)),
        "winnt" | "nt4" => client(Version::of(4, 0)),
        "win2000pro" => client(Version::major(2000)),
        "win2000serv" | "win2000advserv" => server(2000),
        "winxphome" | "winxppro" => client(Version::of(5, 1)),
        "winnetweb" | "winnetstandard" | "winnetenterprise" | "winnetdatacenter"
        | "winnetbusiness" => server(2003),
        "winlonghorn" | "longhorn" => server(2008),
        "winvista" => client(Version::of(6, 0)),
        "windows7" => client(Version::major(7)),
        "windows7server" | "windows7srv" => server_r2(2008),
        "windows8" => client(Version::major(8)),
        "windows8server" | "windows8srv" => server(2012),
        "windows9" => client(Version::major(10)),
        "windows9server" | "windows9srv" => server(2016),
        "windows2019srv" => server(2019),
        "windows2019srvnext" => server(2022),
        "windows2022srvnext" => server(2025),
        "windows11" => client(Version::major(11)),
        "windows12" => client(Version::major(12)),
        "windowshyperv" | "winhyperv" => {
            GuestOs::new(OsFamily::Windows, Some(Distro::WindowsServer), None)
        }
        other if other.starts_with("win") => windows_unversioned(),
        _ => return None,
    };
    Some(os)
}

// ---------------------------------------------------------------------------------------
// DMTF CIM
// ---------------------------------------------------------------------------------------

/// A `CIM_OperatingSystem.OsType` number (DMTF DSP1043 / CIM schema, values 0..=115), as
/// OVF's `OperatingSystemSection ovf:id`.
pub fn from_cim(number: u32) -> GuestOs {
    use Arch::{Unknown as Any, I686 as X86, X86_64 as X64};
    let (os, arch) = match number {
        0 => (family(OsFamily::Unknown), Any),
        2 => (family(OsFamily::MacOs), Any),
        14 => (family(OsFamily::Other), X86),
        15 => (client(Version::of(3, 1)), X86),
        16 => (client(Version::major(95)), X86),
        17 => (client(Version::major(98)), X86),
        18 => (client(Version::of(4, 0)), X86),
        19 => (windows_unversioned(), Any),
        29 | 30 => (family(OsFamily::Solaris), Any),
        81 => (family(OsFamily::Solaris), X64),
        36 => (linux(None, None), Any),
        41 => (bsd(Distro::FreeBsd), Any),
        42 => (bsd(Distro::NetBsd), Any),
        65 => (bsd(Distro::OpenBsd), Any),
        43 => (family(OsFamily::Bsd), Any),
        78 => (bsd(Distro::FreeBsd), X64),
        58 => (client(Version::major(2000)), X86),
        63 => (client(Version::of(4, 90)), X86),
        67 | 72 => (client(Version::of(5, 1)), X86),
        71 => (client(Version::of(5, 1)), X64),
        69 => (server(2003), X86),
        70 => (server(2003), X64),
        73 => (client(Version::of(6, 0)), X86),
        74 => (client(Version::of(6, 0)), X64),
        76 => (server(2008), X86),
        77 => (server(2008), X64),
        103 => (server_r2(2008), X64),
        105 => (client(Version::major(7)), Any),
        // Small Business Server 2011 is built on Server 2008 R2.
        111 => (server_r2(2008), X64),
        112 => (server(2012), X64),
        113 => (client(Version::major(8)), X86),
        114 => (client(Version::major(8)), X64),
        115 => (server_r2(2012), X64),
        79 => (linux(Some(Distro::Rhel), None), X86),
        80 => (linux(Some(Distro::Rhel), None), X64),
        82 | 84 => (linux(Some(Distro::Sles), None), X86),
        83 | 85 => (linux(Some(Distro::Sles), None), X64),
        93 => (linux(Some(Distro::Ubuntu), None), X86),
        94 => (linux(Some(Distro::Ubuntu), None), X64),
        95 => (linux(Some(Distro::Debian), None), X86),
        96 => (linux(Some(Distro::Debian), None), X64),
        106 => (linux(Some(Distro::CentOs), None), X86),
        107 => (linux(Some(Distro::CentOs), None), X64),
        108 => (linux(Some(Distro::OracleLinux), None), X86),
        109 => (linux(Some(Distro::OracleLinux), None), X64),
        87 | 88 | 89 | 91 | 97 | 99 => (linux(None, None), X86),
        90 | 92 | 98 | 100 | 101 => (linux(None, None), X64),
        86 => (linux(None, None), Any),
        102 => (family(OsFamily::Other), X64),
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
        | 110 => (family(OsFamily::Other), Any),
        _ => (family(OsFamily::Unknown), Any),
    };
    GuestOs {
        arch,
        source_id: Some(number.to_string()),
        ..os
    }
}

fn bsd(distro: Distro) -> GuestOs {
    GuestOs::new(OsFamily::Bsd, Some(distro), None)
}

// ---------------------------------------------------------------------------------------
// libosinfo
// ---------------------------------------------------------------------------------------

/// A libosinfo id (`http://microsoft.com/win/2k8r2`, `http://ubuntu.com/ubuntu/22.04`,
/// `http://centos.org/centos-stream/9`), as virt-install records it in libvirt metadata.
pub fn from_libosinfo(raw: &str) -> GuestOs {
    let id = raw.trim();
    let rest = id
        .strip_prefix("http://")
        .or_else(|| id.strip_prefix("https://"))
        .unwrap_or(id);
    let parts: Vec<String> = rest
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let part = |i: usize| parts.get(i).map(String::as_str).unwrap_or_default();
    let (vendor, product, version) = (part(0), part(1), part(2));
    let mut os = if vendor == "microsoft.com" {
        match product {
            "win" | "win-server" | "windows" => libosinfo_windows(version),
            "msdos" => family(OsFamily::Other),
            _ => family(OsFamily::Other),
        }
    } else {
        libosinfo_other(vendor, product, version)
    };
    os.source_id = Some(id.to_string());
    os
}

/// libosinfo's Windows versions: `2k`, `2k3`, `2k3r2`, `2k8`, `2k8r2`, `2k12`, `2k12r2`,
/// `2k16`, `2k19`, `2k22`, `2k25` (servers); `xp`, `vista`, `7`, `8`, `8.1`, `10`, `11`,
/// `me`, `95`, `98`, `nt4` (clients).
fn libosinfo_windows(version: &str) -> GuestOs {
    if let Some(rest) = version.strip_prefix("2k") {
        let (year, r2) = match rest.strip_suffix("r2") {
            Some(year) => (year, true),
            None => (rest, false),
        };
        return match year {
            "" => client(Version::major(2000)),
            y => match y.parse::<u32>() {
                Ok(n) if n < 100 && r2 => server_r2(2000 + n),
                Ok(n) if n < 100 => server(2000 + n),
                _ => windows_unversioned(),
            },
        };
    }
    match version {
        "xp" => client(Version::of(5, 1)),
        "vista" => client(Version::of(6, 0)),
        "me" => client(Version::of(4, 90)),
        "nt4" | "nt4.0" => client(Version::of(4, 0)),
        "3.1" => client(Version::of(3, 1)),
        v => match Version::parse(v) {
            Some(version) => client(version),
            None => windows_unversioned(),
        },
    }
}

fn libosinfo_other(vendor: &str, product: &str, version: &str) -> GuestOs {
    let parsed = Version::parse(version);
    if vendor.contains("bsd") {
        let distro = match product {
            "freebsd" => Some(Distro::FreeBsd),
            "openbsd" => Some(Distro::OpenBsd),
            "netbsd" => Some(Distro::NetBsd),
            _ => None,
        };
        return GuestOs::new(OsFamily::Bsd, distro, parsed);
    }
    if product.contains("solaris")
        || vendor.contains("solaris")
        || vendor.contains("openindiana")
        || product.contains("omnios")
        || vendor == "sun.com"
    {
        return GuestOs::new(OsFamily::Solaris, None, parsed);
    }
    if vendor == "apple.com" {
        return GuestOs::new(OsFamily::MacOs, None, parsed);
    }
    if vendor == "libosinfo.org" && product == "unknown" {
        return family(OsFamily::Unknown);
    }
    if matches!(
        vendor,
        "haiku-os.org" | "reactos.org" | "freedos.org" | "novell.com" | "ibm.com"
    ) && product != "suse"
    {
        return family(OsFamily::Other);
    }
    let distro = match (vendor, product) {
        ("redhat.com", p) if p.starts_with("rhel") => Some(Distro::Rhel),
        ("centos.org", "centos-stream") => Some(Distro::CentOsStream),
        ("centos.org", _) => Some(Distro::CentOs),
        ("fedoraproject.org", "fedora") => Some(Distro::Fedora),
        ("ubuntu.com", _) => Some(Distro::Ubuntu),
        ("debian.org", _) => Some(Distro::Debian),
        ("suse.com", p) if p.starts_with("sle") => Some(Distro::Sles),
        ("opensuse.org", "opensuse") if version == "tumbleweed" => Some(Distro::OpenSuseTumbleweed),
        ("opensuse.org", "opensuse") => Some(Distro::OpenSuseLeap),
        ("oracle.com", _) => Some(Distro::OracleLinux),
        ("almalinux.org", _) => Some(Distro::AlmaLinux),
        ("rockylinux.org", _) => Some(Distro::RockyLinux),
        ("alpinelinux.org", _) => Some(Distro::Alpine),
        ("amazon.com", _) => Some(Distro::AmazonLinux),
        _ => None,
    };
    // redhat.com, ubuntu.com, debian.org, archlinux.org, libosinfo.org/linux...
    linux(distro, parsed)
}

// ---------------------------------------------------------------------------------------
// VirtualBox
// ---------------------------------------------------------------------------------------

/// A VirtualBox `OSType` (`Windows2008_64`, `Windows10_64`, `Ubuntu22_LTS_64`,
/// `Debian12_64`, `RedHat_64`, `Debian_arm64`). VirtualBox marks 64-bit types `_64` (and
/// Arm ones `_arm64`); the others are 32-bit. Its Windows server types name no R2 release:
/// `Windows2008_64` stands for Server 2008 and 2008 R2 alike.
pub fn from_vbox(raw: &str) -> GuestOs {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = compact.to_ascii_lowercase();
    let (base, mut arch) = if let Some(b) = lower.strip_suffix("_arm64") {
        (b, Arch::Aarch64)
    } else if let Some(b) = lower.strip_suffix("_arm32") {
        (b, Arch::Other("armv7l".into()))
    } else if let Some(b) = lower.strip_suffix("_64") {
        (b, Arch::X86_64)
    } else {
        (lower.as_str(), Arch::I686)
    };
    let mut os = if let Some(rest) = base.strip_prefix("windows") {
        // Windows 11 exists only for 64-bit machines, whatever a hand-edited id says.
        if rest.starts_with("11") {
            arch = Arch::X86_64;
        }
        vbox_windows(rest)
    } else if let Some(rest) = base.strip_prefix("macos") {
        let version = (rest.len() > 2 && rest.starts_with("10"))
            .then(|| rest.get(2..).and_then(|m| m.parse().ok()))
            .flatten()
            .map(|minor| Version::of(10, minor));
        GuestOs::new(OsFamily::MacOs, None, version)
    } else if let Some(distro) = [
        ("freebsd", Distro::FreeBsd),
        ("openbsd", Distro::OpenBsd),
        ("netbsd", Distro::NetBsd),
    ]
    .iter()
    .find_map(|(p, d)| base.starts_with(p).then_some(*d))
    {
        bsd(distro)
    } else if let Some(rest) = base
        .strip_prefix("opensolaris")
        .or_else(|| base.strip_prefix("solaris"))
    {
        // Solaris11 is 11, Solaris10U8_64 is 10 (update 8).
        let version = leading_number(rest.get(..rest.len().min(2)).unwrap_or_default());
        GuestOs::new(OsFamily::Solaris, None, version.map(Version::major))
    } else if let Some((distro, rest)) = distro_prefix(base) {
        let major = leading_number(rest);
        // `Ubuntu22_LTS` is 22.04: every Ubuntu LTS is an April release.
        let lts = distro == Some(Distro::Ubuntu)
            && rest
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with("_lts");
        let version = major.map(|m| {
            if lts {
                Version::of(m, 4)
            } else {
                Version::major(m)
            }
        });
        linux(distro, version)
    } else if base.starts_with("linux") {
        linux(None, None)
    } else if base.starts_with("other") || base.is_empty() {
        family(OsFamily::Unknown)
    } else {
        // DOS, OS/2, NetWare, L4, QNX, JRockitVE and VirtualBox's own boot sector test id.
        family(OsFamily::Other)
    };
    os.arch = arch;
    os.source_id = Some(raw.to_string());
    os
}

/// VirtualBox Windows types after `Windows`: `31`, `95`, `98`, `Me`, `NT3x`, `NT4`, `NT`,
/// `2000`, `XP`, `2003`, `Vista`, `2008`, `7`, `8`, `81`, `2012`, `10`, `2016`, `2019`, `11`,
/// `2022`, `2025`.
fn vbox_windows(rest: &str) -> GuestOs {
    match rest {
        "31" => client(Version::of(3, 1)),
        "95" | "98" | "7" | "8" | "10" | "11" | "2000" => rest
            .parse()
            .map_or_else(|_| windows_unversioned(), |n| client(Version::major(n))),
        "81" => client(Version::of(8, 1)),
        "me" => client(Version::of(4, 90)),
        "nt4" => client(Version::of(4, 0)),
        "xp" => client(Version::of(5, 1)),
        "vista" => client(Version::of(6, 0)),
        year if year.len() == 4 => year.parse().map_or_else(|_| windows_unversioned(), server),
        _ => windows_unversioned(),
    }
}

// ---------------------------------------------------------------------------------------
// Proxmox
// ---------------------------------------------------------------------------------------

/// A Proxmox qemu-server `ostype`. Proxmox groups Windows releases that need the same
/// settings: `win7` is Windows 7 (and Server 2008 R2), `win8` is 8.x (and Server 2012 /
/// 2012 R2), `win10` is 10 (and Server 2016 / 2019), `win11` is 11 (and Server 2022 /
/// 2025); the client release is what the id names. `None` for an id qemu-server does not
/// define.
pub fn from_proxmox(raw: &str) -> Option<GuestOs> {
    let mut os = match raw.trim() {
        "other" => family(OsFamily::Other),
        "wxp" => client(Version::of(5, 1)),
        "w2k" => client(Version::major(2000)),
        "w2k3" => server(2003),
        "w2k8" => server(2008),
        "wvista" => client(Version::of(6, 0)),
        "win7" => client(Version::major(7)),
        "win8" => client(Version::major(8)),
        "win10" => client(Version::major(10)),
        "win11" => client(Version::major(11)),
        "l24" => linux(None, Some(Version::of(2, 4))),
        "l26" => linux(None, None),
        "solaris" => family(OsFamily::Solaris),
        _ => return None,
    };
    os.source_id = Some(raw.to_string());
    Some(os)
}

// ---------------------------------------------------------------------------------------
// Free text
// ---------------------------------------------------------------------------------------

/// A guess from an OS name in words or an oVirt OS id: `Microsoft Windows Server 2008 R2
/// (64-bit)`, `Ubuntu Linux 22.04 (64-bit)`, `windows_2019x64`, `rhel_8x64`, `other_linux`.
/// The raw text is not kept (callers decide what their source id is).
pub fn from_text(text: &str) -> GuestOs {
    let lower = text.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let numbers = numbers_in(&lower);
    let mut os = if has(&["darwin", "macos", "mac os", "osx", "os x"]) {
        family(OsFamily::MacOs)
    } else if has(&["bsd", "dragonfly"]) {
        let distro = [
            ("freebsd", Distro::FreeBsd),
            ("openbsd", Distro::OpenBsd),
            ("netbsd", Distro::NetBsd),
        ]
        .iter()
        .find_map(|(name, d)| lower.contains(name).then_some(*d));
        let version = numbers.first().and_then(|n| Version::parse(n));
        GuestOs::new(OsFamily::Bsd, distro, version)
    } else if has(&["solaris", "sunos"]) {
        family(OsFamily::Solaris)
    } else if has(&["win"]) {
        text_windows(&lower, &numbers)
    } else if let Some(os) = text_linux(&lower, &numbers) {
        os
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
        family(OsFamily::Other)
    } else {
        family(OsFamily::Unknown)
    };
    os.arch = arch_from_text(text);
    os
}

/// The version numbers in a text, without the `64` of `x64`, `64-bit` or `_64`.
fn numbers_in(lower: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    let mut start_prev: Option<char> = None;
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        let continues = c.is_ascii_digit()
            || (c == '.' && !current.is_empty() && chars.peek().is_some_and(char::is_ascii_digit));
        if continues {
            if current.is_empty() {
                start_prev = prev;
            }
            current.push(c);
        } else if !current.is_empty() {
            let arch_marker = current == "64"
                && (matches!(start_prev, Some('x' | '_' | '-')) || matches!(c, '-' | 'b'));
            let arch_marker = arch_marker || (current == "32" && matches!(c, '-' | 'b'));
            if !arch_marker {
                out.push(std::mem::take(&mut current));
            }
            current.clear();
        }
        prev = Some(c);
    }
    let arch_marker = current == "64" && matches!(start_prev, Some('x' | '_' | '-'));
    if !current.is_empty() && !arch_marker {
        out.push(current);
    }
    out
}

fn text_windows(lower: &str, numbers: &[String]) -> GuestOs {
    let r2 = lower.contains("r2");
    let server_words = lower.contains("server") || lower.contains("srv");
    let first = numbers.first().map(String::as_str);
    match first {
        Some(year) if year.len() == 4 && year.starts_with("20") => {
            let year: u32 = year.parse().unwrap_or_default();
            match year {
                2000 if !server_words => client(Version::major(2000)),
                y if r2 => server_r2(y),
                y => server(y),
            }
        }
        Some("81") => client(Version::of(8, 1)),
        Some(n) => Version::parse(n).map_or_else(windows_unversioned, client),
        None if lower.contains("xp") => client(Version::of(5, 1)),
        None if lower.contains("vista") => client(Version::of(6, 0)),
        None => windows_unversioned(),
    }
}

fn text_linux(lower: &str, numbers: &[String]) -> Option<GuestOs> {
    let compact: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
    const NAMES: &[(&str, Distro)] = &[
        ("redhat", Distro::Rhel),
        ("rhel", Distro::Rhel),
        ("centosstream", Distro::CentOsStream),
        ("centos", Distro::CentOs),
        ("oracle", Distro::OracleLinux),
        ("rocky", Distro::RockyLinux),
        ("alma", Distro::AlmaLinux),
        ("amazon", Distro::AmazonLinux),
        ("photon", Distro::Photon),
        ("fedora", Distro::Fedora),
        ("ubuntu", Distro::Ubuntu),
        ("debian", Distro::Debian),
        ("tumbleweed", Distro::OpenSuseTumbleweed),
        ("opensuse", Distro::OpenSuseLeap),
        ("sles", Distro::Sles),
        ("suse", Distro::Sles),
        ("alpine", Distro::Alpine),
    ];
    const GENERIC: &[&str] = &[
        "linux",
        "mandr",
        "turbolinux",
        "asianux",
        "coreos",
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
    ];
    let distro = NAMES
        .iter()
        .find_map(|(name, d)| compact.contains(name).then_some(*d));
    if distro.is_none() && !GENERIC.iter().any(|w| lower.contains(w)) {
        return None;
    }
    let version = match distro {
        // "other" ids carry a kernel series (`other3xlinux`), not a release.
        _ if lower.starts_with("other") => None,
        // oVirt writes `ubuntu_22_04`: its second number is the minor.
        Some(Distro::Ubuntu) if numbers.len() >= 2 && !numbers[0].contains('.') => numbers[0]
            .parse()
            .ok()
            .zip(numbers[1].parse().ok())
            .map(|(major, minor)| Version::of(major, minor)),
        Some(_) => numbers.first().and_then(|n| Version::parse(n)),
        None => None,
    };
    Some(linux(distro, version))
}

/// The architecture a text names (`64-bit`, `x64`, `_64`, `arm64`, `i386`).
pub fn arch_from_text(text: &str) -> Arch {
    let lower = text.to_ascii_lowercase();
    if lower.contains("arm64") || lower.contains("aarch64") {
        Arch::Aarch64
    } else if lower.contains("ppc64") {
        Arch::Ppc64le
    } else if lower.contains("s390") {
        Arch::S390x
    } else if lower.contains("64-bit")
        || lower.contains("64 bit")
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

#[cfg(test)]
#[path = "guest_tests.rs"]
mod tests;

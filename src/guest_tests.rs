//! Every vocabulary's ids against the typed guest they stand for.

use super::*;

/// family, distro, version text, arch of a parsed guest.
fn facts(os: &GuestOs) -> (OsFamily, Option<Distro>, Option<String>, Arch) {
    (os.family, os.distro, os.version_text(), os.arch.clone())
}

fn expect(
    os: GuestOs,
    id: &str,
    family: OsFamily,
    distro: Option<Distro>,
    version: Option<&str>,
    arch: Arch,
) {
    assert_eq!(
        facts(&os),
        (family, distro, version.map(str::to_string), arch),
        "{id}"
    );
}

use Distro::*;
use OsFamily::{Bsd, Linux, MacOs, Other, Solaris, Unknown, Windows};

#[test]
fn vmware_ids_in_both_spellings_mean_the_same_guest() {
    let cases = [
        // .vmx spelling and API spelling of each release side by side.
        (
            "windows7srv-64",
            Windows,
            Some(WindowsServer),
            Some("2008 R2"),
        ),
        (
            "windows7Server64Guest",
            Windows,
            Some(WindowsServer),
            Some("2008 R2"),
        ),
        ("windows8srv-64", Windows, Some(WindowsServer), Some("2012")),
        (
            "windows8Server64Guest",
            Windows,
            Some(WindowsServer),
            Some("2012"),
        ),
        ("windows9srv-64", Windows, Some(WindowsServer), Some("2016")),
        (
            "windows9Server64Guest",
            Windows,
            Some(WindowsServer),
            Some("2016"),
        ),
        (
            "windows2019srv-64",
            Windows,
            Some(WindowsServer),
            Some("2019"),
        ),
        (
            "windows2019srv_64Guest",
            Windows,
            Some(WindowsServer),
            Some("2019"),
        ),
        (
            "windows2019srvnext-64",
            Windows,
            Some(WindowsServer),
            Some("2022"),
        ),
        (
            "windows2019srvNext_64Guest",
            Windows,
            Some(WindowsServer),
            Some("2022"),
        ),
        (
            "windows2022srvNext_64Guest",
            Windows,
            Some(WindowsServer),
            Some("2025"),
        ),
        ("windows9-64", Windows, Some(WindowsClient), Some("10")),
        ("windows9_64Guest", Windows, Some(WindowsClient), Some("10")),
        (
            "windows11_64Guest",
            Windows,
            Some(WindowsClient),
            Some("11"),
        ),
        ("windows7-64", Windows, Some(WindowsClient), Some("7")),
        ("longhorn-64", Windows, Some(WindowsServer), Some("2008")),
        (
            "winLonghorn64Guest",
            Windows,
            Some(WindowsServer),
            Some("2008"),
        ),
        (
            "winNetEnterprise64Guest",
            Windows,
            Some(WindowsServer),
            Some("2003"),
        ),
        (
            "winnetenterprise-64",
            Windows,
            Some(WindowsServer),
            Some("2003"),
        ),
        ("rhel8-64", Linux, Some(Rhel), Some("8")),
        ("rhel8_64Guest", Linux, Some(Rhel), Some("8")),
        ("centos7-64", Linux, Some(CentOs), Some("7")),
        ("centos64Guest", Linux, Some(CentOs), None),
        ("ubuntu-64", Linux, Some(Ubuntu), None),
        ("ubuntu64Guest", Linux, Some(Ubuntu), None),
        ("debian12-64", Linux, Some(Debian), Some("12")),
        ("debian12_64Guest", Linux, Some(Debian), Some("12")),
        ("sles15_64Guest", Linux, Some(Sles), Some("15")),
        ("amazonlinux2_64Guest", Linux, Some(AmazonLinux), Some("2")),
        ("vmware-photon-64", Linux, Some(Photon), None),
        ("vmwarePhoton64Guest", Linux, Some(Photon), None),
        ("other5xlinux-64", Linux, None, None),
        ("other4xLinux64Guest", Linux, None, None),
        ("freebsd13-64", Bsd, Some(FreeBsd), Some("13")),
        ("darwin21_64Guest", MacOs, None, Some("12")),
        ("darwin19-64", MacOs, None, Some("10.15")),
        ("solaris11_64Guest", Solaris, None, Some("11")),
        ("vmkernel8Guest", Other, None, None),
        ("other-64", Other, None, None),
        ("otherGuest64", Other, None, None),
    ];
    for (id, family, distro, version) in cases {
        let os = from_vmware(id);
        expect(os.clone(), id, family, distro, version, os.arch.clone());
        assert_eq!(os.source_id.as_deref(), Some(id));
    }
    assert_eq!(from_vmware("winXPProGuest").arch, Arch::I686);
    assert_eq!(
        from_vmware("winXPProGuest").version_text().as_deref(),
        Some("XP")
    );
    assert_eq!(from_vmware("winXPPro64Guest").arch, Arch::X86_64);
    assert_eq!(from_vmware("rhel5").arch, Arch::I686);
    assert_eq!(from_vmware("arm-ubuntu-64").arch, Arch::Aarch64);
    assert_eq!(from_vmware("zork").arch, Arch::Unknown);
    assert_eq!(from_vmware("zork").family, Unknown);
}

#[test]
fn cim_numbers_follow_the_dmtf_value_map() {
    let x64 = Arch::X86_64;
    let x86 = Arch::I686;
    expect(
        from_cim(103),
        "103",
        Windows,
        Some(WindowsServer),
        Some("2008 R2"),
        x64.clone(),
    );
    expect(
        from_cim(77),
        "77",
        Windows,
        Some(WindowsServer),
        Some("2008"),
        x64.clone(),
    );
    expect(
        from_cim(105),
        "105",
        Windows,
        Some(WindowsClient),
        Some("7"),
        Arch::Unknown,
    );
    expect(
        from_cim(112),
        "112",
        Windows,
        Some(WindowsServer),
        Some("2012"),
        x64.clone(),
    );
    expect(
        from_cim(115),
        "115",
        Windows,
        Some(WindowsServer),
        Some("2012 R2"),
        x64.clone(),
    );
    expect(
        from_cim(114),
        "114",
        Windows,
        Some(WindowsClient),
        Some("8"),
        x64.clone(),
    );
    expect(from_cim(80), "80", Linux, Some(Rhel), None, x64.clone());
    expect(from_cim(94), "94", Linux, Some(Ubuntu), None, x64.clone());
    expect(from_cim(96), "96", Linux, Some(Debian), None, x64.clone());
    expect(from_cim(107), "107", Linux, Some(CentOs), None, x64.clone());
    expect(from_cim(101), "101", Linux, None, None, x64.clone());
    expect(from_cim(106), "106", Linux, Some(CentOs), None, x86);
    expect(from_cim(78), "78", Bsd, Some(FreeBsd), None, x64);
    expect(from_cim(1), "1", Other, None, None, Arch::Unknown);
    expect(from_cim(0), "0", Unknown, None, None, Arch::Unknown);
    expect(from_cim(999), "999", Unknown, None, None, Arch::Unknown);
    assert_eq!(from_cim(101).source_id.as_deref(), Some("101"));
}

#[test]
fn libosinfo_ids_map_to_typed_guests() {
    let cases = [
        (
            "http://microsoft.com/win/2k19",
            Windows,
            Some(WindowsServer),
            Some("2019"),
        ),
        (
            "http://microsoft.com/win/2k8r2",
            Windows,
            Some(WindowsServer),
            Some("2008 R2"),
        ),
        (
            "http://microsoft.com/win/2k12r2",
            Windows,
            Some(WindowsServer),
            Some("2012 R2"),
        ),
        (
            "http://microsoft.com/win/2k8",
            Windows,
            Some(WindowsServer),
            Some("2008"),
        ),
        (
            "http://microsoft.com/win/2k",
            Windows,
            Some(WindowsClient),
            Some("2000"),
        ),
        (
            "http://microsoft.com/win/10",
            Windows,
            Some(WindowsClient),
            Some("10"),
        ),
        (
            "http://microsoft.com/win/8.1",
            Windows,
            Some(WindowsClient),
            Some("8.1"),
        ),
        (
            "http://microsoft.com/win/xp",
            Windows,
            Some(WindowsClient),
            Some("XP"),
        ),
        (
            "http://ubuntu.com/ubuntu/22.04",
            Linux,
            Some(Ubuntu),
            Some("22.04"),
        ),
        (
            "http://fedoraproject.org/fedora/38",
            Linux,
            Some(Fedora),
            Some("38"),
        ),
        (
            "http://centos.org/centos/7.0",
            Linux,
            Some(CentOs),
            Some("7.0"),
        ),
        (
            "http://centos.org/centos-stream/9",
            Linux,
            Some(CentOsStream),
            Some("9"),
        ),
        ("http://redhat.com/rhel/8.6", Linux, Some(Rhel), Some("8.6")),
        (
            "http://debian.org/debian/12",
            Linux,
            Some(Debian),
            Some("12"),
        ),
        (
            "http://opensuse.org/opensuse/15.4",
            Linux,
            Some(OpenSuseLeap),
            Some("15.4"),
        ),
        (
            "http://opensuse.org/opensuse/tumbleweed",
            Linux,
            Some(OpenSuseTumbleweed),
            None,
        ),
        ("http://suse.com/sles/15.4", Linux, Some(Sles), Some("15.4")),
        (
            "http://freebsd.org/freebsd/13.0",
            Bsd,
            Some(FreeBsd),
            Some("13.0"),
        ),
        ("http://oracle.com/solaris/11", Solaris, None, Some("11")),
        (
            "http://fedoraproject.org/fedora/unknown",
            Linux,
            Some(Fedora),
            None,
        ),
        ("http://archlinux.org/archlinux/rolling", Linux, None, None),
        ("http://libosinfo.org/unknown", Unknown, None, None),
    ];
    for (id, family, distro, version) in cases {
        expect(
            from_libosinfo(id),
            id,
            family,
            distro,
            version,
            Arch::Unknown,
        );
    }
}

#[test]
fn virtualbox_os_types_map_to_typed_guests() {
    let x64 = Arch::X86_64;
    let cases = [
        (
            "Windows2008_64",
            Windows,
            Some(WindowsServer),
            Some("2008"),
            x64.clone(),
        ),
        (
            "Windows2019_64",
            Windows,
            Some(WindowsServer),
            Some("2019"),
            x64.clone(),
        ),
        (
            "Windows10_64",
            Windows,
            Some(WindowsClient),
            Some("10"),
            x64.clone(),
        ),
        (
            "Windows81_64",
            Windows,
            Some(WindowsClient),
            Some("8.1"),
            x64.clone(),
        ),
        (
            "WindowsXP",
            Windows,
            Some(WindowsClient),
            Some("XP"),
            Arch::I686,
        ),
        (
            "Windows 11",
            Windows,
            Some(WindowsClient),
            Some("11"),
            x64.clone(),
        ),
        ("Ubuntu_64", Linux, Some(Ubuntu), None, x64.clone()),
        (
            "Ubuntu22_LTS_64",
            Linux,
            Some(Ubuntu),
            Some("22.04"),
            x64.clone(),
        ),
        ("Debian12_64", Linux, Some(Debian), Some("12"), x64.clone()),
        ("RedHat9_64", Linux, Some(Rhel), Some("9"), x64.clone()),
        ("RedHat_64", Linux, Some(Rhel), None, x64.clone()),
        ("Oracle_64", Linux, Some(OracleLinux), None, x64.clone()),
        ("ArchLinux_64", Linux, None, None, x64.clone()),
        ("FreeBSD_64", Bsd, Some(FreeBsd), None, x64.clone()),
        ("MacOS1013_64", MacOs, None, Some("10.13"), x64.clone()),
        ("Solaris11_64", Solaris, None, Some("11"), x64),
        ("OS2Warp45", Other, None, None, Arch::I686),
        ("Debian_arm64", Linux, Some(Debian), None, Arch::Aarch64),
    ];
    for (id, family, distro, version, arch) in cases {
        expect(from_vbox(id), id, family, distro, version, arch);
    }
}

#[test]
fn proxmox_os_types_map_to_typed_guests() {
    let cases = [
        ("win11", Windows, Some(WindowsClient), Some("11")),
        ("win10", Windows, Some(WindowsClient), Some("10")),
        ("win7", Windows, Some(WindowsClient), Some("7")),
        ("w2k8", Windows, Some(WindowsServer), Some("2008")),
        ("w2k3", Windows, Some(WindowsServer), Some("2003")),
        ("wxp", Windows, Some(WindowsClient), Some("XP")),
        ("l26", Linux, None, None),
        ("l24", Linux, None, Some("2.4")),
        ("solaris", Solaris, None, None),
        ("other", Other, None, None),
    ];
    for (id, family, distro, version) in cases {
        let os = from_proxmox(id).unwrap_or_default();
        expect(os, id, family, distro, version, Arch::Unknown);
    }
    assert_eq!(from_proxmox("win95"), None);
}

#[test]
fn free_text_and_ovirt_names_map_to_typed_guests() {
    let x64 = Arch::X86_64;
    let cases = [
        (
            "Microsoft Windows Server 2008 R2 (64-bit)",
            Windows,
            Some(WindowsServer),
            Some("2008 R2"),
            x64.clone(),
        ),
        (
            "windows_2008R2x64",
            Windows,
            Some(WindowsServer),
            Some("2008 R2"),
            x64.clone(),
        ),
        (
            "windows_2019x64",
            Windows,
            Some(WindowsServer),
            Some("2019"),
            x64.clone(),
        ),
        (
            "windows_10x64",
            Windows,
            Some(WindowsClient),
            Some("10"),
            x64.clone(),
        ),
        ("rhel_8x64", Linux, Some(Rhel), Some("8"), x64.clone()),
        (
            "ubuntu_22_04",
            Linux,
            Some(Ubuntu),
            Some("22.04"),
            Arch::Unknown,
        ),
        (
            "Ubuntu Linux 8.04.1",
            Linux,
            Some(Ubuntu),
            Some("8.04"),
            Arch::Unknown,
        ),
        (
            "Debian GNU/Linux 12 (64-bit)",
            Linux,
            Some(Debian),
            Some("12"),
            x64.clone(),
        ),
        ("other_linux", Linux, None, None, Arch::Unknown),
        ("FreeBSD 13 (64-bit)", Bsd, Some(FreeBsd), Some("13"), x64),
    ];
    for (text, family, distro, version, arch) in cases {
        expect(from_text(text), text, family, distro, version, arch);
    }
}

#[test]
fn versions_parse_major_and_minor() {
    assert_eq!(Version::parse("22.04"), Some(Version::of(22, 4)));
    assert_eq!(Version::parse("9"), Some(Version::major(9)));
    assert_eq!(Version::parse("8.04.1"), Some(Version::of(8, 4)));
    assert_eq!(Version::parse("rolling"), None);
    assert_eq!(Version::parse("9.x"), None);
}

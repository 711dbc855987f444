//! The common-instancetypes v1.7.0 catalogue, embedded, and the `auto` choices made from it.
//!
//! The binary cannot read the upstream bundles at run time, so the names, sizes and
//! preference requirements are compiled in. `tests/offline/instancetypes.rs` re-derives this table
//! from `../shared/schemas/common-instancetypes-v1.7.0` and fails when they differ: update
//! the table from the bundles, never by hand.

use crate::model::{Distro, GuestOs, OsFamily};

/// A VirtualMachineClusterInstancetype: its guest vCPUs and memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instancetype {
    pub name: &'static str,
    pub cpus: u32,
    pub memory_bytes: u64,
}

/// A VirtualMachineClusterPreference and the minimum resources it requires (0: none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preference {
    pub name: &'static str,
    pub min_cpus: u32,
    pub min_memory_bytes: u64,
}

/// Version of the bundles the table comes from.
pub const COMMON_INSTANCETYPES_VERSION: &str = "v1.7.0";

/// The series `auto` chooses from: u1, "universal", the general-purpose series.
pub const AUTO_SERIES: &str = "u1";

pub const INSTANCETYPES: &[Instancetype] = &[
    Instancetype {
        name: "cx1.2xlarge",
        cpus: 8,
        memory_bytes: 17179869184,
    },
    Instancetype {
        name: "cx1.2xlarge1gi",
        cpus: 8,
        memory_bytes: 17179869184,
    },
    Instancetype {
        name: "cx1.4xlarge",
        cpus: 16,
        memory_bytes: 34359738368,
    },
    Instancetype {
        name: "cx1.4xlarge1gi",
        cpus: 16,
        memory_bytes: 34359738368,
    },
    Instancetype {
        name: "cx1.8xlarge",
        cpus: 32,
        memory_bytes: 68719476736,
    },
    Instancetype {
        name: "cx1.8xlarge1gi",
        cpus: 32,
        memory_bytes: 68719476736,
    },
    Instancetype {
        name: "cx1.large",
        cpus: 2,
        memory_bytes: 4294967296,
    },
    Instancetype {
        name: "cx1.large1gi",
        cpus: 2,
        memory_bytes: 4294967296,
    },
    Instancetype {
        name: "cx1.medium",
        cpus: 1,
        memory_bytes: 2147483648,
    },
    Instancetype {
        name: "cx1.medium1gi",
        cpus: 1,
        memory_bytes: 2147483648,
    },
    Instancetype {
        name: "cx1.xlarge",
        cpus: 4,
        memory_bytes: 8589934592,
    },
    Instancetype {
        name: "cx1.xlarge1gi",
        cpus: 4,
        memory_bytes: 8589934592,
    },
    Instancetype {
        name: "d1.2xlarge",
        cpus: 8,
        memory_bytes: 34359738368,
    },
    Instancetype {
        name: "d1.2xmedium",
        cpus: 2,
        memory_bytes: 4294967296,
    },
    Instancetype {
        name: "d1.4xlarge",
        cpus: 16,
        memory_bytes: 68719476736,
    },
    Instancetype {
        name: "d1.8xlarge",
        cpus: 32,
        memory_bytes: 137438953472,
    },
    Instancetype {
        name: "d1.large",
        cpus: 2,
        memory_bytes: 8589934592,
    },
    Instancetype {
        name: "d1.medium",
        cpus: 1,
        memory_bytes: 4294967296,
    },
    Instancetype {
        name: "d1.micro",
        cpus: 1,
        memory_bytes: 1073741824,
    },
    Instancetype {
        name: "d1.nano",
        cpus: 1,
        memory_bytes: 536870912,
    },
    Instancetype {
        name: "d1.small",
        cpus: 1,
        memory_bytes: 2147483648,
    },
    Instancetype {
        name: "d1.xlarge",
        cpus: 4,
        memory_bytes: 17179869184,
    },
    Instancetype {
        name: "m1.2xlarge",
        cpus: 8,
        memory_bytes: 68719476736,
    },
    Instancetype {
        name: "m1.2xlarge1gi",
        cpus: 8,
        memory_bytes: 68719476736,
    },
    Instancetype {
        name: "m1.4xlarge",
        cpus: 16,
        memory_bytes: 137438953472,
    },
    Instancetype {
        name: "m1.4xlarge1gi",
        cpus: 16,
        memory_bytes: 137438953472,
    },
    Instancetype {
        name: "m1.8xlarge",
        cpus: 32,
        memory_bytes: 274877906944,
    },
    Instancetype {
        name: "m1.8xlarge1gi",
        cpus: 32,
        memory_bytes: 274877906944,
    },
    Instancetype {
        name: "m1.large",
        cpus: 2,
        memory_bytes: 17179869184,
    },
    Instancetype {
        name: "m1.large1gi",
        cpus: 2,
        memory_bytes: 17179869184,
    },
    Instancetype {
        name: "m1.xlarge",
        cpus: 4,
        memory_bytes: 34359738368,
    },
    Instancetype {
        name: "m1.xlarge1gi",
        cpus: 4,
        memory_bytes: 34359738368,
    },
    Instancetype {
        name: "n1.2xlarge",
        cpus: 16,
        memory_bytes: 34359738368,
    },
    Instancetype {
        name: "n1.4xlarge",
        cpus: 32,
        memory_bytes: 68719476736,
    },
    Instancetype {
        name: "n1.8xlarge",
        cpus: 64,
        memory_bytes: 137438953472,
    },
    Instancetype {
        name: "n1.large",
        cpus: 4,
        memory_bytes: 8589934592,
    },
    Instancetype {
        name: "n1.medium",
        cpus: 4,
        memory_bytes: 4294967296,
    },
    Instancetype {
        name: "n1.xlarge",
        cpus: 8,
        memory_bytes: 17179869184,
    },
    Instancetype {
        name: "o1.2xlarge",
        cpus: 8,
        memory_bytes: 34359738368,
    },
    Instancetype {
        name: "o1.4xlarge",
        cpus: 16,
        memory_bytes: 68719476736,
    },
    Instancetype {
        name: "o1.8xlarge",
        cpus: 32,
        memory_bytes: 137438953472,
    },
    Instancetype {
        name: "o1.large",
        cpus: 2,
        memory_bytes: 8589934592,
    },
    Instancetype {
        name: "o1.medium",
        cpus: 1,
        memory_bytes: 4294967296,
    },
    Instancetype {
        name: "o1.micro",
        cpus: 1,
        memory_bytes: 1073741824,
    },
    Instancetype {
        name: "o1.nano",
        cpus: 1,
        memory_bytes: 536870912,
    },
    Instancetype {
        name: "o1.small",
        cpus: 1,
        memory_bytes: 2147483648,
    },
    Instancetype {
        name: "o1.xlarge",
        cpus: 4,
        memory_bytes: 17179869184,
    },
    Instancetype {
        name: "rt1.2xlarge",
        cpus: 8,
        memory_bytes: 34359738368,
    },
    Instancetype {
        name: "rt1.4xlarge",
        cpus: 16,
        memory_bytes: 68719476736,
    },
    Instancetype {
        name: "rt1.8xlarge",
        cpus: 32,
        memory_bytes: 137438953472,
    },
    Instancetype {
        name: "rt1.large",
        cpus: 2,
        memory_bytes: 8589934592,
    },
    Instancetype {
        name: "rt1.medium",
        cpus: 1,
        memory_bytes: 4294967296,
    },
    Instancetype {
        name: "rt1.micro",
        cpus: 1,
        memory_bytes: 1073741824,
    },
    Instancetype {
        name: "rt1.small",
        cpus: 1,
        memory_bytes: 2147483648,
    },
    Instancetype {
        name: "rt1.xlarge",
        cpus: 4,
        memory_bytes: 17179869184,
    },
    Instancetype {
        name: "u1.2xlarge",
        cpus: 8,
        memory_bytes: 34359738368,
    },
    Instancetype {
        name: "u1.2xmedium",
        cpus: 2,
        memory_bytes: 4294967296,
    },
    Instancetype {
        name: "u1.4xlarge",
        cpus: 16,
        memory_bytes: 68719476736,
    },
    Instancetype {
        name: "u1.8xlarge",
        cpus: 32,
        memory_bytes: 137438953472,
    },
    Instancetype {
        name: "u1.large",
        cpus: 2,
        memory_bytes: 8589934592,
    },
    Instancetype {
        name: "u1.medium",
        cpus: 1,
        memory_bytes: 4294967296,
    },
    Instancetype {
        name: "u1.micro",
        cpus: 1,
        memory_bytes: 1073741824,
    },
    Instancetype {
        name: "u1.nano",
        cpus: 1,
        memory_bytes: 536870912,
    },
    Instancetype {
        name: "u1.small",
        cpus: 1,
        memory_bytes: 2147483648,
    },
    Instancetype {
        name: "u1.xlarge",
        cpus: 4,
        memory_bytes: 17179869184,
    },
];
pub const PREFERENCES: &[Preference] = &[
    Preference {
        name: "alpine",
        min_cpus: 1,
        min_memory_bytes: 536870912,
    },
    Preference {
        name: "centos.stream10",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "centos.stream10.desktop",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "centos.stream9",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "centos.stream9.desktop",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "centos.stream9.dpdk",
        min_cpus: 8,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "cirros",
        min_cpus: 1,
        min_memory_bytes: 268435456,
    },
    Preference {
        name: "debian",
        min_cpus: 1,
        min_memory_bytes: 536870912,
    },
    Preference {
        name: "fedora",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "fedora.arm64",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "fedora.s390x",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "legacy",
        min_cpus: 0,
        min_memory_bytes: 0,
    },
    Preference {
        name: "linux",
        min_cpus: 0,
        min_memory_bytes: 0,
    },
    Preference {
        name: "linux.efi",
        min_cpus: 0,
        min_memory_bytes: 0,
    },
    Preference {
        name: "linux.virtiotransitional",
        min_cpus: 0,
        min_memory_bytes: 0,
    },
    Preference {
        name: "opensuse.leap",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "opensuse.tumbleweed",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "oraclelinux",
        min_cpus: 2,
        min_memory_bytes: 4294967296,
    },
    Preference {
        name: "rhel.10",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.10.arm64",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.10.s390x",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.7",
        min_cpus: 1,
        min_memory_bytes: 1073741824,
    },
    Preference {
        name: "rhel.7.desktop",
        min_cpus: 1,
        min_memory_bytes: 1073741824,
    },
    Preference {
        name: "rhel.8",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.8.desktop",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.8.dpdk",
        min_cpus: 8,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.9",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.9.arm64",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.9.desktop",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.9.dpdk",
        min_cpus: 8,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "rhel.9.realtime",
        min_cpus: 4,
        min_memory_bytes: 4294967296,
    },
    Preference {
        name: "rhel.9.s390x",
        min_cpus: 1,
        min_memory_bytes: 1610612736,
    },
    Preference {
        name: "sles",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "ubuntu",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.10",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.10.virtio",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.11",
        min_cpus: 2,
        min_memory_bytes: 4294967296,
    },
    Preference {
        name: "windows.11.virtio",
        min_cpus: 2,
        min_memory_bytes: 4294967296,
    },
    Preference {
        name: "windows.2k12",
        min_cpus: 1,
        min_memory_bytes: 536870912,
    },
    Preference {
        name: "windows.2k12.virtio",
        min_cpus: 1,
        min_memory_bytes: 536870912,
    },
    Preference {
        name: "windows.2k16",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.2k16.virtio",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.2k19",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.2k19.virtio",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.2k22",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.2k22.virtio",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.2k25",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.2k25.virtio",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.2k3",
        min_cpus: 1,
        min_memory_bytes: 268435456,
    },
    Preference {
        name: "windows.2k8",
        min_cpus: 1,
        min_memory_bytes: 536870912,
    },
    Preference {
        name: "windows.2k8.virtio",
        min_cpus: 1,
        min_memory_bytes: 536870912,
    },
    Preference {
        name: "windows.7",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.7.virtio",
        min_cpus: 1,
        min_memory_bytes: 2147483648,
    },
    Preference {
        name: "windows.xp",
        min_cpus: 1,
        min_memory_bytes: 134217728,
    },
];

/// The instancetype named `name`, if it is a common one.
pub fn instancetype(name: &str) -> Option<&'static Instancetype> {
    INSTANCETYPES.iter().find(|i| i.name == name)
}

/// The preference named `name`, if it is a common one.
pub fn preference(name: &str) -> Option<&'static Preference> {
    PREFERENCES.iter().find(|p| p.name == name)
}

/// The smallest instancetype of the `auto` series with at least `cpus` vCPUs and
/// `memory_bytes` memory: least memory first, then fewest vCPUs (memory is what a cluster
/// runs out of first). `None` when even the largest is too small.
pub fn smallest_covering(cpus: u32, memory_bytes: u64) -> Option<&'static Instancetype> {
    INSTANCETYPES
        .iter()
        .filter(|i| i.name.split('.').next() == Some(AUTO_SERIES))
        .filter(|i| i.cpus >= cpus && i.memory_bytes >= memory_bytes)
        .min_by_key(|i| (i.memory_bytes, i.cpus, i.name))
}

/// The preference matching a guest OS, from its typed family, distribution and version
/// (never the source's raw id, so every format naming the same OS gets the same one).
/// `virtio`: the guest will get virtio devices (Windows has `.virtio` variants). `None`
/// when nothing is known well enough to choose.
pub fn preference_for(os: &GuestOs, virtio: bool) -> Option<&'static str> {
    let base = match os.family {
        OsFamily::Windows => windows_preference(os),
        OsFamily::Linux => Some(linux_preference(os)),
        OsFamily::Bsd | OsFamily::MacOs | OsFamily::Solaris => None,
        OsFamily::Other | OsFamily::Unknown => None,
    }?;
    let virtio_variant = format!("{base}.virtio");
    let name = if virtio && base.starts_with("windows.") {
        preference(&virtio_variant).map(|p| p.name).unwrap_or(base)
    } else {
        base
    };
    preference(name).map(|p| p.name)
}

/// Windows releases by edition and version. Server 2008 and 2008 R2 share `windows.2k8`,
/// 2012 and 2012 R2 share `windows.2k12`.
fn windows_preference(os: &GuestOs) -> Option<&'static str> {
    let major = os.major()?;
    let name = match (os.distro?, major) {
        (Distro::WindowsServer, 2025) => "windows.2k25",
        (Distro::WindowsServer, 2022) => "windows.2k22",
        (Distro::WindowsServer, 2019) => "windows.2k19",
        (Distro::WindowsServer, 2016) => "windows.2k16",
        (Distro::WindowsServer, 2012) => "windows.2k12",
        (Distro::WindowsServer, 2008) => "windows.2k8",
        (Distro::WindowsServer, 2003) => "windows.2k3",
        (Distro::WindowsClient, 11) => "windows.11",
        (Distro::WindowsClient, 10) => "windows.10",
        (Distro::WindowsClient, 7) => "windows.7",
        (Distro::WindowsClient, 5) if os.version.and_then(|v| v.minor) == Some(1) => "windows.xp",
        _ => return None,
    };
    Some(name)
}

/// Linux distributions KubeVirt has a preference for; any other Linux gets `linux`.
fn linux_preference(os: &GuestOs) -> &'static str {
    let versioned = |name: String| preference(&name).map(|p| p.name);
    let chosen = match (os.distro, os.major()) {
        (Some(Distro::Rhel), Some(major)) => versioned(format!("rhel.{major}")),
        (Some(Distro::CentOs | Distro::CentOsStream), Some(major)) => {
            versioned(format!("centos.stream{major}"))
        }
        (Some(Distro::OpenSuseTumbleweed), _) => Some("opensuse.tumbleweed"),
        (Some(Distro::OpenSuseLeap), _) => Some("opensuse.leap"),
        (Some(Distro::Sles), _) => Some("sles"),
        (Some(Distro::Ubuntu), _) => Some("ubuntu"),
        (Some(Distro::Debian), _) => Some("debian"),
        (Some(Distro::Fedora), _) => Some("fedora"),
        (Some(Distro::OracleLinux), _) => Some("oraclelinux"),
        (Some(Distro::Alpine), _) => Some("alpine"),
        _ => None,
    };
    chosen.unwrap_or("linux")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(id: &str) -> GuestOs {
        crate::guest::from_vmware(id)
    }

    #[test]
    fn smallest_covering_prefers_least_memory() {
        assert_eq!(
            smallest_covering(1, 1 << 30).map(|i| i.name),
            Some("u1.micro")
        );
        assert_eq!(
            smallest_covering(2, 4 << 30).map(|i| i.name),
            Some("u1.2xmedium")
        );
        assert_eq!(
            smallest_covering(4, 8 << 30).map(|i| i.name),
            Some("u1.xlarge")
        );
        assert_eq!(
            smallest_covering(1, 5 << 30).map(|i| i.name),
            Some("u1.large")
        );
        assert_eq!(smallest_covering(64, 1 << 30), None);
    }

    #[test]
    fn vmware_guest_ids_choose_the_matching_preference() {
        let win = os("windows2019srv_64Guest");
        assert_eq!(preference_for(&win, false), Some("windows.2k19"));
        assert_eq!(preference_for(&win, true), Some("windows.2k19.virtio"));
        let rhel = os("rhel9_64Guest");
        assert_eq!(preference_for(&rhel, true), Some("rhel.9"));
        let next = os("windows2019srvNext_64Guest");
        assert_eq!(preference_for(&next, false), Some("windows.2k22"));
        let ubuntu = os("ubuntu64Guest");
        assert_eq!(preference_for(&ubuntu, true), Some("ubuntu"));
        let other = os("other5xLinux64Guest");
        assert_eq!(preference_for(&other, true), Some("linux"));
        let bsd = os("freebsd13_64Guest");
        assert_eq!(preference_for(&bsd, true), None);
    }
}

//! The guest OS of an `OperatingSystemSection`: VMware ids, VirtualBox names, CIM
//! numbers and free text, each read by [`crate::guest`].

use super::*;
use crate::guest;

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

    let mut os = if let Some(id) = vmware {
        guest::from_vmware(id)
    } else if let Some(id) = vbox {
        guest::from_vbox(id)
    } else if let Some(number) = cim.and_then(|c| c.parse::<u32>().ok()) {
        guest::from_cim(number)
    } else if let Some(description) = description {
        // oVirt writes a UUID as the id and its OS name (`windows_2019x64`) as description.
        GuestOs {
            source_id: Some(description.to_string()),
            ..guest::from_text(description)
        }
    } else {
        return GuestOs::default();
    };
    if let Some(description) = description {
        refine_from_description(&mut os, description);
    }
    if os.version.is_none() {
        os.version = version_attr.and_then(guest::Version::parse);
    }
    os
}

/// What the description adds to an id: the family when the id says only "other", the
/// distribution and version when the id names the family alone (CIM's `Ubuntu 64-Bit`).
fn refine_from_description(os: &mut GuestOs, description: &str) {
    let guess = guest::from_text(description);
    let known = |f: OsFamily| !matches!(f, OsFamily::Unknown | OsFamily::Other);
    if !known(os.family) && known(guess.family) {
        os.family = guess.family;
        os.distro = guess.distro;
        os.version = guess.version;
    } else if os.family == guess.family {
        if os.distro.is_none() {
            os.distro = guess.distro;
        }
        if os.version.is_none() && (os.distro == guess.distro) {
            os.version = guess.version;
        }
    }
    if os.arch == Arch::Unknown {
        os.arch = guess.arch;
    }
}

//! The VM's hardware identity, written into the manifest so that Git and the cluster agree.
//!
//! KubeVirt v1.9.0's VM mutating webhook fills `domain.firmware.uuid` and `.serial` with
//! random UUIDs on CREATE when they are empty (`setFirmwareDefaultsIfEmpty`, never on
//! UPDATE, and never over a value the manifest sets), and the template annotation
//! `kubevirt.io/pci-topology-version: v3` (`SetDefaultPciTopologyVersion`, CREATE only,
//! kept when present). None of that shows in `kubectl diff --server-side` or in Argo CD's
//! three-way diff (fields only the server wrote are not drift), but it means the live VM
//! holds hardware identity that Git does not: a VM re-created from the same repository
//! (disaster recovery, a `Replace` sync, a move to another cluster) boots with a new SMBIOS
//! UUID and serial (Windows activation, licence servers and agents key on them) and, under
//! a later KubeVirt default, another PCI layout. Everything here is derived from the VM's
//! own content only, so regenerating gives the same bytes.

use sha1::{Digest, Sha1};

/// The template annotation that pins the guest's PCI topology, and the version KubeVirt
/// v1.9.0 gives every new VM on a q35 (amd64) machine. virt-controller copies a running
/// VMI's detected version back into a VM template without one and never changes one that
/// is set, so writing it keeps the layout the guest was first started with.
pub const PCI_TOPOLOGY_ANNOTATION: &str = "kubevirt.io/pci-topology-version";
pub const PCI_TOPOLOGY_VERSION: &str = "v3";

/// The name space of KubeVirt's name-derived firmware UUID (`firmwareUUIDns` in
/// `pkg/virt-controller/watch/vm/firmware.go`, `CalculateLegacyFirmwareUUID`).
const KUBEVIRT_FIRMWARE_UUID_NAMESPACE: [u8; 16] = [
    0x6a, 0x1a, 0x24, 0xa1, 0x40, 0x61, 0x46, 0x07, 0x8b, 0xf4, 0xa3, 0x96, 0x3d, 0x0c, 0x58, 0x95,
];

/// The SMBIOS UUID and serial the VM is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirmwareIdentity {
    pub uuid: String,
    pub serial: String,
}

/// The source's UUID (already normalised) when it has one, so the guest keeps the identity
/// it had; otherwise the UUID KubeVirt itself derives from the VM's name for a VM that has
/// none (virt-controller's `FirmwareController`), the one deterministic rule KubeVirt
/// documents. The serial is the same UUID: stable, unique wherever the UUID is, and within
/// KubeVirt's serial alphabet (`[A-Za-z0-9_.+-]`); VMware too derives its serial from the
/// UUID.
pub fn firmware_identity(source_uuid: Option<String>, vm_name: &str) -> FirmwareIdentity {
    let uuid = source_uuid.unwrap_or_else(|| name_based_uuid(vm_name));
    FirmwareIdentity {
        serial: uuid.clone(),
        uuid,
    }
}

/// RFC 4122 version 5 (SHA-1, name-based) UUID of `name` in KubeVirt's firmware name space,
/// as Go's `uuid.NewSHA1(firmwareUUIDns, []byte(name))`.
fn name_based_uuid(name: &str) -> String {
    let mut hasher = Sha1::new();
    hasher.update(KUBEVIRT_FIRMWARE_UUID_NAMESPACE);
    hasher.update(name.as_bytes());
    let digest = hasher.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x50; // version 5
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex = crate::hex::encode(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_based_uuid_matches_kubevirts_legacy_firmware_uuid() {
        // Known answer: Python's uuid.uuid5(UUID("6a1a24a1-4061-4607-8bf4-a3963d0c5895"),
        // "legacy"), the algorithm of Go's uuid.NewSHA1 that KubeVirt calls.
        assert_eq!(
            name_based_uuid("legacy"),
            "bb462a37-f631-5ba8-ab4f-965c07eb17e1"
        );
        assert_ne!(name_based_uuid("legacy2"), name_based_uuid("legacy"));
    }

    #[test]
    fn the_source_uuid_wins_and_the_serial_follows_the_uuid() {
        let kept = firmware_identity(Some("6f0e8d4c-7a2b-4c1d-9e3f-1a2b3c4d5e6f".into()), "a");
        assert_eq!(kept.uuid, "6f0e8d4c-7a2b-4c1d-9e3f-1a2b3c4d5e6f");
        assert_eq!(kept.serial, kept.uuid);
        let derived = firmware_identity(None, "legacy");
        assert_eq!(derived.uuid, "bb462a37-f631-5ba8-ab4f-965c07eb17e1");
        assert_eq!(derived.serial, derived.uuid);
    }
}

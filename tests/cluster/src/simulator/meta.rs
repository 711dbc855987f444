//! Metadata the real controllers write (KubeVirt v1.9.0, CDI v1.66.0) and the simulator
//! writes like them: virt-controller's annotations, finalizer and legacy firmware UUID on
//! VirtualMachines, the label of DataVolumes made from templates, CDI's DataVolume annotation.

/// virt-controller, `pkg/controller` `SetLatestApiVersionAnnotation`: `v1.ApiLatestVersion`.
pub const LATEST_OBSERVED: &str = "kubevirt.io/latest-observed-api-version";
/// The same function: `v1.ApiStorageVersion`.
pub const STORAGE_OBSERVED: &str = "kubevirt.io/storage-observed-api-version";
/// `v1.VirtualMachineControllerFinalizer`, added by the VM controller
/// (`pkg/virt-controller/watch/vm/vm.go`) and removed once the VMI is gone.
pub const VM_FINALIZER: &str = "kubevirt.io/virtualMachineControllerFinalize";
/// `v1.CreatedByLabel` on DataVolumes made from `dataVolumeTemplates`: the VM's uid
/// (`CreateDataVolumeManifest`).
pub const CREATED_BY: &str = "kubevirt.io/created-by";
/// CDI's DataVolume controller (`updateDataVolumeUseCDIPopulator`, controller-base.go).
pub const USE_POPULATOR: &str = "cdi.kubevirt.io/storage.usePopulator";

/// The firmware UUID virt-controller's FirmwareController
/// (`pkg/virt-controller/watch/vm/firmware.go`, `CalculateLegacyFirmwareUUID`) gives a VM
/// that has none (one created without v1.9's webhook, or whose uuid an update removed):
/// the name-based (SHA-1, version 5) UUID of the VM's name in KubeVirt's namespace
/// `6a1a24a1-4061-4607-8bf4-a3963d0c5895`, the UUID older KubeVirt gave every VMI.
pub fn legacy_firmware_uuid(name: &str) -> String {
    use sha1::{Digest, Sha1};
    const NS: [u8; 16] = [
        0x6a, 0x1a, 0x24, 0xa1, 0x40, 0x61, 0x46, 0x07, 0x8b, 0xf4, 0xa3, 0x96, 0x3d, 0x0c, 0x58,
        0x95,
    ];
    let digest = Sha1::new()
        .chain_update(NS)
        .chain_update(name.as_bytes())
        .finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_firmware_uuid_is_the_name_based_uuid_of_kubevirt() {
        // Known answers: Python's uuid.uuid5(UUID("6a1a24a1-4061-4607-8bf4-a3963d0c5895"), n),
        // the same algorithm as Go's uuid.NewSHA1.
        for (n, want) in [
            ("legacy", "bb462a37-f631-5ba8-ab4f-965c07eb17e1"),
            ("testvm", "5a9fc181-957e-5c32-9e5a-2de5e9673531"),
            ("win2019-app01", "37403aee-51d4-5446-8d5a-f395d7369a75"),
        ] {
            assert_eq!(legacy_firmware_uuid(n), want, "{n}");
        }
    }
}

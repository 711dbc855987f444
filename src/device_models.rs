//! Device model names shared by the importers and the generator: the NIC model a source names (QEMU,
//! libvirt, Xen, Proxmox and OVF all use QEMU's device names or close variants) and whether
//! a SCSI controller model is virtio-scsi. One table, so that `virtio-net-pci` in one format
//! is as virtio as `virtio` in another. Format-specific names (VirtualBox's chip names, oVirt's
//! numbers, VMware's device classes) stay with their importer and map to the same models.

use crate::model::NicModel;

/// The NIC model a source names, by QEMU / libvirt / Xen / Proxmox / OVF spelling.
pub fn nic_model(raw: &str) -> NicModel {
    let name = raw.trim().to_ascii_lowercase();
    match name.as_str() {
        // libvirt's `virtio-transitional` / `virtio-non-transitional` are virtio-net too.
        "virtio"
        | "virtio-net"
        | "virtio-net-pci"
        | "virtionet"
        | "virtio-transitional"
        | "virtio-non-transitional"
        | "virtio-net-pci-transitional"
        | "virtio-net-pci-non-transitional" => NicModel::Virtio,
        "e1000e" => NicModel::E1000e,
        // Proxmox spells the chip variants `e1000-82540em`, `e1000-82544gc`, `e1000-82545em`.
        n if n == "e1000" || n.starts_with("e1000-") => NicModel::E1000,
        "rtl8139" => NicModel::Rtl8139,
        "vmxnet3" => NicModel::Vmxnet3,
        "vmxnet" | "vmxnet2" => NicModel::Vmxnet,
        "pcnet" | "pcnet32" | "vlance" | "am79c970a" | "am79c973" => NicModel::Pcnet,
        _ => NicModel::Other(name),
    }
}

/// Whether a SCSI controller model is virtio-scsi, which is what KubeVirt's `scsi` bus is:
/// libvirt `virtio-scsi` (and its `virtio-transitional` / `virtio-non-transitional`
/// variants), Proxmox `virtio-scsi-pci` / `virtio-scsi-single`, VirtualBox `VirtioSCSI`,
/// OVF `virtio-scsi`. VMware's `pvscsi` is VMware's own paravirtual controller, not virtio.
pub fn is_virtio_scsi(controller: &str) -> bool {
    controller.trim().to_ascii_lowercase().starts_with("virtio")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_virtio_spelling_is_virtio() {
        for name in [
            "virtio",
            "virtio-net",
            "virtio-net-pci",
            "VirtIO",
            "virtio-transitional",
        ] {
            assert_eq!(nic_model(name), NicModel::Virtio, "{name}");
        }
        assert_eq!(nic_model("e1000-82540em"), NicModel::E1000);
        assert_eq!(nic_model("e1000e"), NicModel::E1000e);
        assert_eq!(nic_model("ne2k_pci"), NicModel::Other("ne2k_pci".into()));
    }

    #[test]
    fn virtio_scsi_controllers_are_told_from_others() {
        for model in [
            "virtio-scsi",
            "virtio-scsi-pci",
            "virtio-scsi-single",
            "VirtioSCSI",
        ] {
            assert!(is_virtio_scsi(model), "{model}");
        }
        for model in [
            "lsi",
            "lsilogic",
            "pvscsi",
            "megasas",
            "buslogic",
            "lsisas1068",
        ] {
            assert!(!is_virtio_scsi(model), "{model}");
        }
    }
}

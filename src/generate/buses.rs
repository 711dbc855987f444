//! The one decision table for devices: which KubeVirt disk bus each source disk gets and
//! which KubeVirt NIC model each source NIC gets, from the evidence the source gives about
//! the guest's drivers. README "Disk buses and NIC models" states the same table.
//!
//! Evidence, per driver (a Windows guest has each only if the source shows it in use):
//! - virtio-blk: the guest is Linux (in the kernel since 2.6.25), or a source disk is on
//!   virtio;
//! - virtio-scsi (KubeVirt's `scsi` bus *is* virtio-scsi): the guest is Linux, or a source
//!   disk sits on a virtio-scsi controller;
//! - virtio-net: the guest is Linux, a source NIC is virtio, or a source disk is on virtio
//!   or virtio-scsi (virtio-win installs the network driver with the storage drivers).
//!
//! A NIC never counts as evidence for a disk: a Windows guest booting from SATA or IDE
//! stays there even with a virtio NIC, since a missing boot-disk driver means no boot at all,
//! while a missing NIC driver leaves a guest that boots and can be fixed.

use super::Bus;
use crate::device_models::is_virtio_scsi;
use crate::kubevirt::InterfaceModel;
use crate::mapping::Compatibility;
use crate::model::{Disk, DiskBus, NicModel, OsFamily, VmSpec};

/// Which devices a guest gets (see [`Compatibility`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct DeviceChoice {
    /// The guest drives virtio-blk disks.
    pub virtio_blk: bool,
    /// The guest drives virtio-scsi disks (KubeVirt's `scsi` bus).
    pub virtio_scsi: bool,
    /// The guest drives virtio-net NICs.
    pub virtio_net: bool,
    /// Compatibility mode: no virtio device at all, even where the source had one.
    pub legacy: bool,
    /// Keep the source's bus and NIC model where KubeVirt has them.
    pub keep_source: bool,
}

impl DeviceChoice {
    /// The evidence in `vm`, overridden by the mapping's `compatibility`.
    pub fn new(vm: &VmSpec, compatibility: Compatibility, keep_source: bool) -> Self {
        let linux = vm.guest_os.family == OsFamily::Linux;
        let blk = linux || vm.disks.iter().any(|d| d.bus == DiskBus::Virtio);
        let scsi = linux || vm.disks.iter().any(on_virtio_scsi);
        let net = linux || blk || scsi || vm.nics.iter().any(|n| n.model == Some(NicModel::Virtio));
        let (forced, legacy) = match compatibility {
            Compatibility::Auto => (None, false),
            Compatibility::Legacy => (Some(false), true),
            Compatibility::Virtio => (Some(true), false),
        };
        DeviceChoice {
            virtio_blk: forced.unwrap_or(blk),
            virtio_scsi: forced.unwrap_or(scsi),
            virtio_net: forced.unwrap_or(net),
            legacy,
            keep_source,
        }
    }

    /// Whether the guest's disks get virtio buses (the `.virtio` preference variants).
    pub fn virtio_disks(&self) -> bool {
        !self.legacy && (self.virtio_blk || self.virtio_scsi)
    }
}

/// A SCSI disk on a virtio-scsi controller.
fn on_virtio_scsi(disk: &Disk) -> bool {
    disk.bus == DiskBus::Scsi && disk.controller.as_deref().is_some_and(is_virtio_scsi)
}

/// The KubeVirt bus for a source disk:
///
/// | source disk                          | guest drives it                 | otherwise |
/// |--------------------------------------|---------------------------------|-----------|
/// | usb                                  | usb                             | usb       |
/// | virtio (virtio-blk)                  | virtio (the disk is the proof)  |           |
/// | scsi on a virtio-scsi controller     | scsi (the controller is the proof) |        |
/// | scsi on another controller           | scsi with virtio-scsi, else virtio with virtio-blk | sata |
/// | sata, ide, nvme, xen, other          | virtio with virtio-blk, else scsi with virtio-scsi | sata |
///
/// `compatibility: legacy` gives sata to all but usb; `keepSourceDevices` keeps virtio,
/// sata, scsi and usb as they are.
pub(super) fn disk_bus(disk: &Disk, devices: DeviceChoice) -> Bus {
    if devices.keep_source {
        match disk.bus {
            DiskBus::Virtio => return Bus::Virtio,
            DiskBus::Sata => return Bus::Sata,
            DiskBus::Scsi => return Bus::Scsi,
            DiskBus::Usb => return Bus::Usb,
            _ => {}
        }
    }
    match disk.bus {
        DiskBus::Usb => Bus::Usb,
        _ if devices.legacy => Bus::Sata,
        DiskBus::Virtio => Bus::Virtio,
        DiskBus::Scsi if on_virtio_scsi(disk) || devices.virtio_scsi => Bus::Scsi,
        _ if devices.virtio_blk => Bus::Virtio,
        _ if devices.virtio_scsi => Bus::Scsi,
        _ => Bus::Sata,
    }
}

/// The KubeVirt model for a source NIC: virtio stays virtio (e1000e under `legacy`);
/// e1000, rtl8139 and pcnet, which KubeVirt emulates, stay; anything else (e1000e,
/// vmxnet3, unknown) becomes virtio when the guest drives virtio-net, else e1000e, which
/// every OS drives. `keepSourceDevices` keeps e1000e too.
pub(super) fn nic_model(source: Option<&NicModel>, devices: DeviceChoice) -> InterfaceModel {
    match source {
        Some(NicModel::E1000e) if devices.keep_source => InterfaceModel::E1000e,
        Some(NicModel::Virtio) if !devices.legacy => InterfaceModel::Virtio,
        Some(NicModel::E1000) => InterfaceModel::E1000,
        Some(NicModel::Rtl8139) => InterfaceModel::Rtl8139,
        Some(NicModel::Pcnet) => InterfaceModel::Pcnet,
        _ if devices.virtio_net && !devices.legacy => InterfaceModel::Virtio,
        _ => InterfaceModel::E1000e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Nic, SourceFormat, SourceRef};

    fn windows(disks: &[(DiskBus, Option<&str>)], nic: Option<NicModel>) -> VmSpec {
        let source = SourceRef {
            format: SourceFormat::Libvirt,
            file: "w.xml".into(),
            index: None,
        };
        let mut vm = VmSpec::new(source, "w");
        vm.guest_os = crate::guest::from_libosinfo("http://microsoft.com/win/2k19");
        for (i, (bus, controller)) in disks.iter().enumerate() {
            let mut disk = Disk::new(format!("d{i}"), bus.clone());
            disk.controller = controller.map(str::to_string);
            vm.disks.push(disk);
        }
        let mut n = Nic::new("n0");
        n.model = nic;
        vm.nics.push(n);
        vm
    }

    fn buses(vm: &VmSpec, devices: DeviceChoice) -> Vec<&'static str> {
        vm.disks
            .iter()
            .map(|d| disk_bus(d, devices).as_str())
            .collect()
    }

    #[test]
    fn evidence_per_driver_and_the_mapping_overrides() {
        let vm = windows(
            &[(DiskBus::Scsi, Some("virtio-scsi")), (DiskBus::Ide, None)],
            Some(NicModel::Vmxnet3),
        );
        let auto = DeviceChoice::new(&vm, Compatibility::Auto, false);
        assert_eq!(buses(&vm, auto), ["scsi", "scsi"]);
        assert_eq!(nic_model(Some(&NicModel::Vmxnet3), auto).as_str(), "virtio");
        let legacy = DeviceChoice::new(&vm, Compatibility::Legacy, false);
        assert_eq!(buses(&vm, legacy), ["sata", "sata"]);
        assert_eq!(
            nic_model(Some(&NicModel::Virtio), legacy).as_str(),
            "e1000e"
        );
        let forced = DeviceChoice::new(&vm, Compatibility::Virtio, false);
        assert_eq!(buses(&vm, forced), ["scsi", "virtio"]);

        // A virtio NIC alone moves no disk; the NIC itself is virtio.
        let vm = windows(&[(DiskBus::Sata, None)], Some(NicModel::Virtio));
        let auto = DeviceChoice::new(&vm, Compatibility::Auto, false);
        assert_eq!(buses(&vm, auto), ["sata"]);
        assert!(!auto.virtio_disks());
        assert_eq!(nic_model(Some(&NicModel::Virtio), auto).as_str(), "virtio");
        assert_eq!(nic_model(Some(&NicModel::E1000e), auto).as_str(), "virtio");

        // keepSourceDevices keeps what KubeVirt has, even without evidence.
        let vm = windows(&[(DiskBus::Scsi, Some("lsilogic"))], Some(NicModel::E1000e));
        let keep = DeviceChoice::new(&vm, Compatibility::Auto, true);
        assert_eq!(buses(&vm, keep), ["scsi"]);
        assert_eq!(nic_model(Some(&NicModel::E1000e), keep).as_str(), "e1000e");
        let auto = DeviceChoice::new(&vm, Compatibility::Auto, false);
        assert_eq!(buses(&vm, auto), ["sata"]);
        assert_eq!(nic_model(None, auto).as_str(), "e1000e");
    }
}

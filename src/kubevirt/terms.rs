//! The enums KubeVirt and CDI spell in their APIs, each with its wire spelling in one place.
//!
//! They serialise as KubeVirt writes them, so the typed objects in `objects` carry them
//! directly, and the mapping file deserialises them with the same spelling.

use serde::{Deserialize, Serialize};

/// `spec.runStrategy` of a VirtualMachine: how KubeVirt should run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
pub enum RunStrategy {
    #[default]
    Always,
    RerunOnFailure,
    Manual,
    Halted,
    Once,
}

impl RunStrategy {
    pub const ALL: [RunStrategy; 5] = [
        RunStrategy::Always,
        RunStrategy::RerunOnFailure,
        RunStrategy::Manual,
        RunStrategy::Halted,
        RunStrategy::Once,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RunStrategy::Always => "Always",
            RunStrategy::RerunOnFailure => "RerunOnFailure",
            RunStrategy::Manual => "Manual",
            RunStrategy::Halted => "Halted",
            RunStrategy::Once => "Once",
        }
    }

    /// KubeVirt's spelling back to the term; `None` for anything else.
    pub fn parse(text: &str) -> Option<RunStrategy> {
        RunStrategy::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether KubeVirt starts an instance for this strategy by itself. `Manual` and
    /// `Halted` VMs run only when someone starts them.
    pub fn starts_instance(self) -> bool {
        matches!(
            self,
            RunStrategy::Always | RunStrategy::RerunOnFailure | RunStrategy::Once
        )
    }
}

/// A KubeVirt disk or CD-ROM bus (`devices.disks[].disk.bus`, `.cdrom.bus`). KubeVirt has no
/// IDE: sources' IDE devices land on SATA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiskBus {
    Virtio,
    Sata,
    Scsi,
    Usb,
}

impl DiskBus {
    pub fn as_str(self) -> &'static str {
        match self {
            DiskBus::Virtio => "virtio",
            DiskBus::Sata => "sata",
            DiskBus::Scsi => "scsi",
            DiskBus::Usb => "usb",
        }
    }
}

/// A KubeVirt interface model (`devices.interfaces[].model`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InterfaceModel {
    Virtio,
    E1000,
    E1000e,
    Rtl8139,
    Pcnet,
}

impl InterfaceModel {
    pub fn as_str(self) -> &'static str {
        match self {
            InterfaceModel::Virtio => "virtio",
            InterfaceModel::E1000 => "e1000",
            InterfaceModel::E1000e => "e1000e",
            InterfaceModel::Rtl8139 => "rtl8139",
            InterfaceModel::Pcnet => "pcnet",
        }
    }
}

/// `devices.interfaces[].state`: a link KubeVirt keeps down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InterfaceState {
    Down,
}

/// A PersistentVolumeClaim access mode, as CDI's `storage.accessModes` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum AccessMode {
    ReadWriteOnce,
    ReadWriteMany,
    ReadOnlyMany,
    ReadWriteOncePod,
}

impl AccessMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessMode::ReadWriteOnce => "ReadWriteOnce",
            AccessMode::ReadWriteMany => "ReadWriteMany",
            AccessMode::ReadOnlyMany => "ReadOnlyMany",
            AccessMode::ReadWriteOncePod => "ReadWriteOncePod",
        }
    }
}

/// A PersistentVolumeClaim volume mode, as CDI's `storage.volumeMode` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum VolumeMode {
    Filesystem,
    Block,
}

impl VolumeMode {
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeMode::Filesystem => "Filesystem",
            VolumeMode::Block => "Block",
        }
    }
}

/// Terms print as KubeVirt spells them (in warnings and messages).
macro_rules! display_as_str {
    ($($term:ty),*) => {$(
        impl std::fmt::Display for $term {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}

display_as_str!(RunStrategy, DiskBus, InterfaceModel, AccessMode, VolumeMode);

/// A timer's `tickPolicy` (`domain.clock.timer.*.tickPolicy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TickPolicy {
    Delay,
    Catchup,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn terms_serialise_with_kubevirts_spelling() {
        assert_eq!(json!(RunStrategy::RerunOnFailure), json!("RerunOnFailure"));
        assert_eq!(json!(DiskBus::Sata), json!("sata"));
        assert_eq!(json!(InterfaceModel::E1000e), json!("e1000e"));
        assert_eq!(json!(InterfaceState::Down), json!("down"));
        assert_eq!(json!(AccessMode::ReadWriteMany), json!("ReadWriteMany"));
        assert_eq!(json!(VolumeMode::Block), json!("Block"));
        assert_eq!(json!(TickPolicy::Catchup), json!("catchup"));
        for bus in [DiskBus::Virtio, DiskBus::Sata, DiskBus::Scsi, DiskBus::Usb] {
            assert_eq!(json!(bus), json!(bus.as_str()));
        }
        for model in [
            InterfaceModel::Virtio,
            InterfaceModel::E1000,
            InterfaceModel::E1000e,
            InterfaceModel::Rtl8139,
            InterfaceModel::Pcnet,
        ] {
            assert_eq!(json!(model), json!(model.as_str()));
        }
    }

    #[test]
    fn run_strategies_round_trip_and_say_whether_they_start_an_instance() {
        for s in RunStrategy::ALL {
            assert_eq!(RunStrategy::parse(s.as_str()), Some(s));
            assert_eq!(json!(s), json!(s.as_str()));
        }
        assert_eq!(RunStrategy::parse("always"), None);
        let starting: Vec<_> = RunStrategy::ALL
            .into_iter()
            .filter(|s| s.starts_instance())
            .collect();
        assert_eq!(
            starting,
            [
                RunStrategy::Always,
                RunStrategy::RerunOnFailure,
                RunStrategy::Once
            ]
        );
    }
}

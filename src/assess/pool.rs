//! `assess --as-pool`: what a VM holds that cannot be shared by identical replicas of a
//! VirtualMachinePool (`pool create`), as Critical concerns added to its own. A device of one
//! host, a disk that is not an image to clone, a fixed address in cloud-init network data:
//! each would be the same for every replica, or exist only once.

use super::catalogue::{POOL_FIXED_IP, POOL_HOST_DEVICE, POOL_HOST_DISK};
use super::{Concern, Counts, VmAssessment};
use crate::generate::pool::decode_base64;
use crate::generate::GeneratedVm;
use crate::model::{DeviceKind, DiskBacking, VmSpec};

/// Adds the pool concerns of each VM to its assessment and judges it again.
/// `generated[i]` is the generator's result for `vms[i]`, as for [`super::assess`].
pub fn add_pool_concerns(
    assessments: &mut [VmAssessment],
    vms: &[VmSpec],
    generated: &[GeneratedVm],
) {
    for (index, assessment) in assessments.iter_mut().enumerate() {
        let Some(vm) = vms.get(index) else { continue };
        let mut concerns = pool_concerns(vm, generated.get(index));
        if concerns.is_empty() {
            continue;
        }
        assessment.concerns.append(&mut concerns);
        assessment.concerns.sort_by_key(|c| (c.category, c.id));
        assessment.counts = Counts::of(&assessment.concerns);
        assessment.status = super::status_of(&assessment.counts);
    }
}

/// The pool concerns of one VM.
pub fn pool_concerns(vm: &VmSpec, generated: Option<&GeneratedVm>) -> Vec<Concern> {
    let mut out = Vec::new();
    for device in &vm.devices {
        if matches!(
            device.kind,
            DeviceKind::PciPassthrough
                | DeviceKind::UsbPassthrough
                | DeviceKind::ScsiPassthrough
                | DeviceKind::Gpu
        ) {
            out.push(Concern::new(
                POOL_HOST_DEVICE,
                Some(device.description.clone()),
                "a device of one host cannot be passed to every replica; drop it from the golden VM or keep this VM a single VirtualMachine".into(),
            ));
        }
    }
    for disk in &vm.disks {
        let why = match (disk.backing, disk.shared) {
            (DiskBacking::Block, _) => "on a host block device",
            (DiskBacking::Network, _) => "on a network volume",
            (DiskBacking::Passthrough, _) => "a raw device or LUN passed through",
            (_, true) => "shared with other VMs",
            _ => continue,
        };
        out.push(Concern::new(
            POOL_HOST_DISK,
            Some(disk.id.clone()),
            format!("{why}: replicas clone the golden disk image, and this disk is not one; copy it into an image first or leave it out of the pool"),
        ));
    }
    for secret in generated
        .into_iter()
        .flat_map(|g| g.objects.iter())
        .filter(|o| o["kind"] == "Secret")
    {
        let network = secret["data"]["networkdata"]
            .as_str()
            .and_then(decode_base64)
            .unwrap_or_default();
        if has_fixed_address(&network) {
            out.push(Concern::new(
                POOL_FIXED_IP,
                secret["metadata"]["name"].as_str().map(String::from),
                "the cloud-init network data sets a fixed address: every replica would take the same IP; use DHCP (the pod network's masquerade does) or one address per replica".into(),
            ));
        }
    }
    out
}

/// Whether cloud-init network data (version 1 or 2) sets a static address: v2's
/// `addresses:` of an interface (not of `nameservers:`), v1's `type: static` subnets.
fn has_fixed_address(text: &str) -> bool {
    let mut nameservers_at: Option<usize> = None;
    for raw in text.lines() {
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim().trim_start_matches("- ");
        if nameservers_at.is_some_and(|at| indent > at) {
            continue;
        }
        nameservers_at = None;
        if line.starts_with("nameservers:") || line.starts_with("dns_nameservers:") {
            nameservers_at = Some(indent);
        } else if (line.starts_with("addresses:") && !line.contains("[]"))
            || line == "type: static"
            || line.starts_with("address:")
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};
    use crate::model::*;
    use serde_json::json;

    fn vm() -> VmSpec {
        let source = crate::model::SourceRef {
            format: SourceFormat::Vmx,
            file: "web.vmx".into(),
            index: None,
        };
        let mut vm = VmSpec::new(source, "web01");
        let mut disk = Disk::new("scsi0:0", crate::model::DiskBus::Scsi);
        disk.capacity_bytes = Some(1 << 30);
        vm.disks.push(disk);
        vm
    }

    fn ids(concerns: &[Concern]) -> Vec<&str> {
        concerns.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn a_plain_golden_vm_has_no_pool_concern() {
        let spec = vm();
        let generated = generate(std::slice::from_ref(&spec), &GenerateOptions::default());
        assert!(pool_concerns(&spec, generated.first()).is_empty());
    }

    #[test]
    fn host_devices_host_disks_and_fixed_addresses_are_critical_for_a_pool() {
        let mut spec = vm();
        spec.devices.push(Device {
            kind: DeviceKind::Gpu,
            description: "pciPassthru0 0000:3b:00.0".into(),
        });
        spec.disks[0].backing = DiskBacking::Block;
        let mut shared = Disk::new("scsi0:1", crate::model::DiskBus::Scsi);
        shared.shared = true;
        spec.disks.push(shared);
        let mut generated = generate(std::slice::from_ref(&spec), &GenerateOptions::default());
        let netplan = "version: 2\nethernets:\n  eth0:\n    addresses:\n      - 10.0.0.5/24\n";
        generated[0].objects.push(
            json!({"kind": "Secret", "metadata": {"name": "web01-cloudinit"},
            "data": {"networkdata": crate::generate::pool::encode_base64(netplan)}}),
        );
        let concerns = pool_concerns(&spec, generated.first());
        assert_eq!(
            ids(&concerns),
            [
                "pool-host-device",
                "pool-host-disk",
                "pool-host-disk",
                "pool-fixed-ip"
            ]
        );
        assert!(concerns
            .iter()
            .all(|c| c.category == crate::assess::Category::Critical));
    }

    #[test]
    fn dhcp_network_data_is_no_fixed_address() {
        assert!(!has_fixed_address(
            "version: 2\nethernets:\n  eth0:\n    dhcp4: true\n"
        ));
        assert!(has_fixed_address("version: 1\nconfig:\n- type: physical\n  subnets:\n  - type: static\n    address: 10.0.0.5/24\n"));
        assert!(has_fixed_address(
            "version: 2\nethernets:\n  eth0:\n    addresses: [10.0.0.5/24]\n"
        ));
    }
}

//! Objects beside the VirtualMachine that a mapping asks for: the Namespace, Multus
//! NetworkAttachmentDefinitions, Secrets with the user's cloud-init or sysprep data, and a
//! Service for exposed ports. Built as JSON: they are small and fixed in shape, and tests hold
//! them to the upstream (NAD) or core-type schemas.

use super::buses::DeviceChoice;
use super::naming::UniqueNames;
use super::{MANAGED_BY_LABEL, MANAGER};
use crate::kubevirt::objects::{
    CdromTarget, CloudInitNoCloud, DiskDevice, DiskTarget, LocalObjectRef, SysprepSource, Volume,
};
use crate::kubevirt::DiskBus;
use crate::mapping::{Expose, MultusRef, UserData, VmRule};
use serde_json::{json, Value};

fn metadata(name: &str, namespace: Option<&String>) -> Value {
    let mut meta = json!({"name": name});
    if let Some(ns) = namespace {
        meta["namespace"] = json!(ns);
    }
    meta["labels"] = json!({MANAGED_BY_LABEL: MANAGER});
    meta
}

pub(super) fn namespace_object(name: &str) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": name, "labels": {MANAGED_BY_LABEL: MANAGER}},
    })
}

/// A bridge-CNI network on a host bridge, tagged with the VLAN when there is one.
pub(super) fn nad_object(network: &MultusRef, bridge: &str, vlan: Option<u16>) -> Value {
    let mut config = json!({
        "cniVersion": "0.3.1",
        "name": network.name,
        "type": "bridge",
        "bridge": bridge,
        "ipam": {},
    });
    if let Some(vlan) = vlan {
        config["vlan"] = json!(vlan);
    }
    json!({
        "apiVersion": "k8s.cni.cncf.io/v1",
        "kind": "NetworkAttachmentDefinition",
        "metadata": metadata(&network.name, Some(&network.namespace)),
        "spec": {"config": config.to_string()},
    })
}

/// Secrets with the user's data, and the volumes and disks that hand them to the guest.
#[allow(clippy::too_many_arguments)]
pub(super) fn user_data_objects(
    vm_name: &str,
    namespace: Option<&String>,
    rule: &VmRule,
    data: &UserData,
    devices: DeviceChoice,
    device_names: &mut UniqueNames,
    disks: &mut Vec<DiskDevice>,
    volumes: &mut Vec<Volume>,
    objects: &mut Vec<Value>,
) {
    if let Some(user_data) = &data.cloud_init_user_data {
        let secret = format!("{vm_name}-cloudinit");
        let mut entries = serde_json::Map::new();
        entries.insert("userdata".into(), json!(base64(user_data.as_bytes())));
        let network_secret = data.cloud_init_network_data.as_ref().map(|network| {
            entries.insert("networkdata".into(), json!(base64(network.as_bytes())));
            LocalObjectRef {
                name: secret.clone(),
            }
        });
        objects.push(secret_object(&secret, namespace, entries));
        let disk = device_names.claim("cloudinitdisk");
        disks.push(DiskDevice {
            name: disk.clone(),
            boot_order: None,
            disk: Some(DiskTarget {
                bus: if devices.virtio_blk && !devices.legacy {
                    DiskBus::Virtio
                } else {
                    DiskBus::Sata
                },
                readonly: None,
            }),
            cdrom: None,
            shareable: None,
        });
        volumes.push(Volume {
            name: disk,
            cloud_init_no_cloud: Some(CloudInitNoCloud {
                secret_ref: LocalObjectRef { name: secret },
                network_data_secret_ref: network_secret,
            }),
            ..Volume::default()
        });
    }
    if let (Some(unattend), Some(sysprep)) = (&data.sysprep_unattend, &rule.sysprep) {
        let secret = format!("{vm_name}-sysprep");
        // KubeVirt hands the guest whichever of the two names the Secret holds.
        let file_name = sysprep
            .unattend_file
            .file_name()
            .map(|f| f.to_string_lossy().to_ascii_lowercase());
        let key = if file_name.as_deref() == Some("unattend.xml") {
            "unattend.xml"
        } else {
            "autounattend.xml"
        };
        let mut entries = serde_json::Map::new();
        entries.insert(key.into(), json!(base64(unattend.as_bytes())));
        objects.push(secret_object(&secret, namespace, entries));
        let disk = device_names.claim("sysprep");
        disks.push(DiskDevice {
            name: disk.clone(),
            boot_order: None,
            disk: None,
            cdrom: Some(CdromTarget { bus: DiskBus::Sata }),
            shareable: None,
        });
        volumes.push(Volume {
            name: disk,
            sysprep: Some(SysprepSource {
                secret: LocalObjectRef { name: secret },
            }),
            ..Volume::default()
        });
    }
}

fn secret_object(
    name: &str,
    namespace: Option<&String>,
    data: serde_json::Map<String, Value>,
) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": metadata(name, namespace),
        "type": "Opaque",
        "data": data,
    })
}

/// A Service selecting the VM's pods (virt-launcher carries the template's labels).
pub(super) fn service_object(vm_name: &str, namespace: Option<&String>, expose: &Expose) -> Value {
    // Service names are DNS-1035: they must start with a letter.
    let name = if vm_name.starts_with(|c: char| c.is_ascii_digit()) {
        super::naming::truncate_label(&format!("vm-{vm_name}"), super::naming::MAX_LABEL)
    } else {
        vm_name.to_string()
    };
    let ports: Vec<Value> = expose
        .ports
        .iter()
        .map(|p| {
            json!({
                "name": format!("{}-{}", p.protocol.as_str().to_ascii_lowercase(), p.port),
                "protocol": p.protocol.as_str(),
                "port": p.port,
                "targetPort": p.target_port.unwrap_or(p.port),
            })
        })
        .collect();
    json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata(&name, namespace),
        "spec": {
            "type": expose.service_type.as_str(),
            "selector": {"kubevirt.io/domain": vm_name},
            "ports": ports,
        },
    })
}

/// Standard base64 with padding, as Secret `data` wants it.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}

//! vSphere `VirtualMachineConfigInfo` as JSON, the way `govc vm.info -json`,
//! `govc object.collect -json` and the vSphere JSON API print it.
//!
//! Three shapes occur: a bare config object (`_typeName: VirtualMachineConfigInfo`), a
//! `VirtualMachines` list whose entries carry a `Config`, and a list of property-collector
//! results (`Obj` + `PropSet`/`ChangeSet` of `{Name, Val}`). One file may hold many VMs.
//!
//! govc before 0.30 printed Go field names (`NumCPU`, `Hardware`) and dropped the device
//! type names; the JSON API uses `numCPU`, `hardware` and a `_typeName` on every object. Keys
//! are therefore matched without regard to case, and devices without a type name are
//! recognised from their fields and labels. Navigation goes through small helpers that
//! return `None` on a missing or wrong-typed field, so no input can make this panic.

use super::{text, ImportError, Location, SourceFile};
use crate::model::{
    normalize_mac, Cdrom, Device, DeviceKind, Disk, DiskBacking, DiskBus, DiskFormat, DiskMode,
    FirmwareKind, GuestOs, Nic, NicAttachment, NicModel, SourceFormat, Tpm, VmSpec,
};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Whether the start of a JSON file looks like vSphere VM configuration.
pub fn looks_like(head: &str) -> bool {
    let lower = head.to_ascii_lowercase();
    let trimmed = lower.trim_start_matches('\u{feff}').trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return false;
    }
    lower.contains("virtualmachineconfiginfo")
        || lower.contains("\"guestid\"")
        || (lower.contains("\"hardware\"") && lower.contains("\"numcpu\""))
        || lower.contains("\"virtualmachines\"")
        || (lower.contains("\"propset\"") && lower.contains("\"virtualmachine\""))
}

/// Parses a vSphere JSON file into one VM per configuration it holds.
pub fn parse(file: &SourceFile) -> Result<Vec<VmSpec>, ImportError> {
    let text = text::decode(file, &file.bytes, None)?;
    // `govc object.collect -json -n N` prints one document per update, so a file may hold
    // several JSON documents in a row; each is searched for VMs.
    let mut entities = Vec::new();
    for document in serde_json::Deserializer::from_str(&text).into_iter::<Value>() {
        let document = document.map_err(|err| {
            let message = err.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            ImportError::syntax(
                Location {
                    file: file.name.clone(),
                    line: Some(err.line()),
                    column: Some(err.column()),
                },
                format!("invalid JSON: {message}"),
            )
        })?;
        entities.extend(collect_entities(&document));
    }
    if entities.is_empty() {
        return Err(ImportError::invalid(
            file.at(),
            "the JSON holds no vSphere VM configuration (expected a VirtualMachineConfigInfo object, a VirtualMachines list with Config entries, or property-collector results for VirtualMachine objects)",
        ));
    }
    let many = entities.len() > 1;
    entities
        .iter()
        .enumerate()
        .map(|(i, entity)| entity_to_vm(file, entity, many.then_some(i)))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Case-insensitive, type-tolerant navigation.

/// A field by name, matched exactly first and then without regard to ASCII case.
/// JSON `null` counts as absent.
fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let map = v.as_object()?;
    let found = map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })?;
    (!found.is_null()).then_some(found)
}

fn path<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(v, |cur, key| get(cur, key))
}

fn str_of(v: &Value) -> Option<&str> {
    v.as_str().map(str::trim).filter(|s| !s.is_empty())
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    get(v, key).and_then(str_of)
}

fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn int_at(v: &Value, key: &str) -> Option<i64> {
    get(v, key).and_then(int_of)
}

fn bool_at(v: &Value, key: &str) -> Option<bool> {
    match get(v, key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The items of a list, including the wrapped forms `{"_value": [...]}` and
/// `{"VirtualDevice": [...]}` (`ArrayOfX` in property-collector output).
fn list_of(v: &Value) -> &[Value] {
    match v {
        Value::Array(items) => items,
        Value::Object(map) => {
            if let Some(Value::Array(items)) = map.get("_value") {
                return items;
            }
            let arrays: Vec<&Vec<Value>> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "_typeName")
                .filter_map(|(_, v)| v.as_array())
                .collect();
            match arrays.as_slice() {
                [only] if map.len() <= 2 => only,
                _ => &[],
            }
        }
        _ => &[],
    }
}

fn list_at<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    get(v, key).map(list_of).unwrap_or(&[])
}

/// The data-object type of a value (`VirtualDisk`, `VirtualCdromIsoBackingInfo`), from
/// `_typeName` (JSON API, govc >= 0.30) or `Type` (`govc device.info`), without any
/// `vim.vm.device.` style namespace.
fn type_name(v: &Value) -> Option<&str> {
    let raw = str_at(v, "_typeName").or_else(|| str_at(v, "Type"))?;
    Some(raw.rsplit('.').next().unwrap_or(raw))
}

// ---------------------------------------------------------------------------------------
// Finding the VMs.

/// One VM found in the file: its configuration and what sits beside it.
struct Entity {
    config: Option<Value>,
    name: Option<String>,
    snapshot: Option<Value>,
    summary_config: Option<Value>,
}

fn is_config(v: &Value) -> bool {
    v.is_object()
        && (type_name(v) == Some("VirtualMachineConfigInfo")
            || get(v, "hardware").is_some_and(Value::is_object)
            || get(v, "guestId").is_some())
}

fn collect_entities(root: &Value) -> Vec<Entity> {
    let candidates: &[Value] = match root {
        Value::Array(items) => items,
        Value::Object(_) => match get(root, "VirtualMachines") {
            Some(list) => list_of(list),
            None => std::slice::from_ref(root),
        },
        _ => &[],
    };
    candidates.iter().filter_map(entity_from).collect()
}

fn entity_from(v: &Value) -> Option<Entity> {
    if is_config(v) {
        return Some(Entity {
            config: Some(v.clone()),
            name: None,
            snapshot: None,
            summary_config: None,
        });
    }
    if get(v, "PropSet").is_some() || get(v, "ChangeSet").is_some() {
        return entity_from_properties(v);
    }
    let config = get(v, "Config").filter(|c| c.is_object()).cloned();
    let summary_config = path(v, &["Summary", "Config"])
        .filter(|c| c.is_object())
        .cloned();
    if config.is_none() && summary_config.is_none() {
        return None;
    }
    Some(Entity {
        config,
        name: str_at(v, "Name").map(str::to_string),
        snapshot: get(v, "Snapshot").cloned(),
        summary_config,
    })
}

/// Rebuilds a config object from property-collector results, where each property arrives
/// separately under its dotted path (`config`, `config.hardware.device`, `name`...).
fn entity_from_properties(v: &Value) -> Option<Entity> {
    if let Some(kind) = path(v, &["Obj", "Type"]).and_then(str_of) {
        if kind != "VirtualMachine" {
            return None;
        }
    }
    let mut config = Value::Object(Map::new());
    let mut entity = Entity {
        config: None,
        name: None,
        snapshot: None,
        summary_config: None,
    };
    let props = get(v, "PropSet")
        .or_else(|| get(v, "ChangeSet"))
        .map(list_of)
        .unwrap_or(&[]);
    for prop in props {
        let (Some(name), Some(val)) = (str_at(prop, "Name"), get(prop, "Val")) else {
            continue;
        };
        let segments: Vec<&str> = name.split('.').collect();
        // Real property paths are a few levels deep; a hostile one would build a nesting
        // deep enough to overflow the stack when the value is dropped.
        if segments.len() > MAX_PROPERTY_DEPTH {
            continue;
        }
        match segments.as_slice() {
            ["name"] => entity.name = str_of(val).map(str::to_string),
            ["snapshot"] => entity.snapshot = Some(val.clone()),
            ["summary"] => entity.summary_config = get(val, "config").cloned(),
            ["summary", "config"] => entity.summary_config = Some(val.clone()),
            ["config", rest @ ..] => set_path(&mut config, rest, val.clone()),
            _ => {}
        }
    }
    if config.as_object().is_some_and(|m| !m.is_empty()) {
        entity.config = Some(config);
    }
    (entity.config.is_some() || entity.summary_config.is_some()).then_some(entity)
}

const MAX_PROPERTY_DEPTH: usize = 16;

fn set_path(target: &mut Value, keys: &[&str], val: Value) {
    let Some((last, parents)) = keys.split_last() else {
        if let (Value::Object(dst), Value::Object(src)) = (&mut *target, val) {
            dst.extend(src);
        }
        return;
    };
    let mut cur = target;
    for key in parents {
        let Value::Object(map) = cur else {
            return;
        };
        cur = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(map) = cur {
        map.insert(last.to_string(), val);
    }
}

// ---------------------------------------------------------------------------------------
// Building the VM.

fn entity_to_vm(
    file: &SourceFile,
    entity: &Entity,
    index: Option<usize>,
) -> Result<VmSpec, ImportError> {
    let source = file.source_ref(SourceFormat::VsphereJson, index);
    let empty = Value::Object(Map::new());
    let config = entity.config.as_ref().unwrap_or(&empty);
    let summary = entity.summary_config.as_ref().unwrap_or(&empty);
    let name = str_at(config, "name")
        .or(entity.name.as_deref())
        .or_else(|| str_at(summary, "name"))
        .map(str::to_string);
    let uuid = str_at(config, "uuid")
        .or_else(|| str_at(summary, "uuid"))
        .map(str::to_string);
    let fallback = match index {
        Some(i) => format!("vsphere-vm-{}", i.saturating_add(1)),
        None => "vsphere-vm".to_string(),
    };
    let mut vm = VmSpec::new(source, name.clone().unwrap_or(fallback));
    if name.is_none() {
        vm.warn("the configuration has no VM name; a placeholder name is used");
    }
    vm.uuid = uuid;
    vm.description = str_at(config, "annotation")
        .or_else(|| str_at(summary, "annotation"))
        .map(str::to_string);
    let guest_id = str_at(config, "guestId").or_else(|| str_at(summary, "guestId"));
    let full_name = str_at(config, "guestFullName").or_else(|| str_at(summary, "guestFullName"));
    vm.guest_os = guest_os(guest_id, full_name);

    if entity.config.is_none() {
        vm.warn("only the VM summary is present, without its configuration: devices are unknown; export it with `govc vm.info -json` or `govc object.collect -json <vm> config`");
        read_cpu_memory(file, &mut vm, summary, "numCpu", None, "memorySizeMB")?;
        return Ok(vm);
    }
    vm.machine_type = str_at(config, "version").map(str::to_string);
    if bool_at(config, "template") == Some(true) {
        vm.warn("this is a vSphere template, not a VM");
    }
    read_firmware(&mut vm, config);
    let hardware = get(config, "hardware").unwrap_or(&empty);
    read_cpu_memory(
        file,
        &mut vm,
        hardware,
        "numCPU",
        Some("numCoresPerSocket"),
        "memoryMB",
    )?;
    // Removing vCPUs live is hot-plug too, as far as the target is concerned.
    vm.cpu.hotplug = bool_at(config, "cpuHotAddEnabled").unwrap_or(false)
        || bool_at(config, "cpuHotRemoveEnabled").unwrap_or(false);
    vm.memory.hotplug = bool_at(config, "memoryHotAddEnabled").unwrap_or(false);
    read_tuning(&mut vm, config, hardware);
    read_devices(&mut vm, list_at(hardware, "device"));
    read_boot_order(&mut vm, config);
    if let Some(snapshot) = &entity.snapshot {
        read_snapshots(&mut vm, snapshot);
    }
    Ok(vm)
}

fn read_cpu_memory(
    file: &SourceFile,
    vm: &mut VmSpec,
    hw: &Value,
    cpu_key: &str,
    cores_key: Option<&str>,
    mem_key: &str,
) -> Result<(), ImportError> {
    let vcpus = match int_at(hw, cpu_key) {
        Some(n) if n > 0 => match u32::try_from(n) {
            Ok(n) => n,
            Err(_) => {
                return Err(ImportError::invalid(
                    file.at(),
                    format!(
                        "VM {:?}: {cpu_key} {n} is not a plausible CPU count",
                        vm.name
                    ),
                ))
            }
        },
        Some(n) => {
            vm.warn(format!(
                "CPU count {n} is not a positive number; 1 vCPU assumed"
            ));
            1
        }
        None => 1,
    };
    let cores = cores_key
        .and_then(|k| int_at(hw, k))
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| *n > 0)
        .unwrap_or(1);
    if vcpus % cores == 0 {
        vm.cpu.sockets = vcpus / cores;
        vm.cpu.cores = cores;
    } else {
        vm.warn(format!(
            "{vcpus} vCPUs do not divide into {cores} cores per socket; one core per socket assumed"
        ));
        vm.cpu.sockets = vcpus;
        vm.cpu.cores = 1;
    }
    // A memory size that is present but unusable is an error, as in every other importer:
    // guessing a placeholder would hide a corrupt or hand-edited export.
    let invalid = |what: String| {
        Err(ImportError::invalid(
            file.at(),
            format!("VM {:?}: {what}", vm.name),
        ))
    };
    match get(hw, mem_key) {
        None => vm.warn(format!(
            "the configuration gives no memory size ({mem_key})"
        )),
        Some(raw) => match int_of(raw) {
            Some(mib) if mib >= 0 => match (mib as u64).checked_mul(1 << 20) {
                Some(bytes) => vm.memory.bytes = bytes,
                None => return invalid(format!("{mem_key} {mib} MB does not fit in 64 bits")),
            },
            Some(mib) => return invalid(format!("{mem_key} {mib} MB is negative")),
            None => {
                return invalid(format!(
                    "{mem_key} {raw} is not a whole number of MB that fits in 64 bits"
                ))
            }
        },
    }
    Ok(())
}

fn read_firmware(vm: &mut VmSpec, config: &Value) {
    match str_at(config, "firmware")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("bios") => {}
        Some("efi") => vm.firmware.kind = FirmwareKind::Uefi,
        Some(other) => vm.warn(format!("unknown firmware {other:?}; BIOS assumed")),
    }
    let secure = path(config, &["bootOptions", "efiSecureBootEnabled"])
        .and_then(Value::as_bool)
        .unwrap_or(false);
    vm.firmware.secure_boot = secure && vm.firmware.kind == FirmwareKind::Uefi;
}

/// Settings that change how the guest runs and that the target must reproduce by hand.
fn read_tuning(vm: &mut VmSpec, config: &Value, hardware: &Value) {
    if bool_at(config, "nestedHVEnabled") == Some(true) {
        vm.warn(
            "nested hardware virtualization is enabled; the target needs nested virtualization too",
        );
    }
    if bool_at(config, "sevEnabled") == Some(true) {
        vm.warn("AMD SEV memory encryption is enabled");
    }
    let flags = get(config, "flags");
    if flags.and_then(|f| bool_at(f, "vbsEnabled")) == Some(true) {
        vm.warn("Windows virtualization-based security (VBS) is enabled; it needs nested virtualization and an IOMMU on the target");
    } else if flags.and_then(|f| bool_at(f, "vvtdEnabled")) == Some(true) {
        vm.warn("a virtual IOMMU (vvtd) is enabled");
    }
    if let Some(level) = path(config, &["latencySensitivity", "level"]).and_then(str_of) {
        if level.eq_ignore_ascii_case("high") {
            vm.warn("latency sensitivity is set to high (dedicated CPUs); use dedicated CPU placement on the target");
        }
    }
    let affinity = path(config, &["cpuAffinity", "affinitySet"])
        .map(list_of)
        .unwrap_or(&[]);
    if !affinity.is_empty() {
        let cpus: Vec<String> = affinity
            .iter()
            .filter_map(int_of)
            .map(|c| c.to_string())
            .collect();
        vm.warn(format!(
            "CPU affinity pins the VM to host CPUs {}; it is not carried over",
            cpus.join(",")
        ));
        vm.cpu_affinity = Some(cpus.join(","));
    }
    for option in list_at(config, "extraConfig") {
        let (Some(key), Some(value)) = (str_at(option, "key"), str_at(option, "value")) else {
            continue;
        };
        match key.to_ascii_lowercase().as_str() {
            "disk.enableuuid" => vm.disk_uuid = value.eq_ignore_ascii_case("true"),
            "numa.nodeaffinity" => {
                vm.warn(format!(
                    "NUMA node affinity ({key} = {value:?}) is not carried over"
                ));
                vm.numa_affinity = Some(value.to_string());
            }
            _ => {}
        }
    }
    if let Some(threads) = int_at(hardware, "simultaneousThreads").filter(|t| *t > 1) {
        vm.warn(format!(
            "the VM uses {threads} simultaneous threads per core (vHT); the topology is imported without them"
        ));
    }
}

/// The guest OS from a vSphere `guestId` (`windows2019srv_64Guest`, `rhel8_64Guest`), or
/// from `guestFullName` in words when the id is missing.
fn guest_os(guest_id: Option<&str>, full_name: Option<&str>) -> GuestOs {
    match (guest_id, full_name) {
        (Some(id), _) => crate::guest::from_vmware(id),
        (None, Some(name)) => crate::guest::from_text(name),
        (None, None) => GuestOs::default(),
    }
}

// ---------------------------------------------------------------------------------------
// Devices.

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Disk,
    Cdrom,
    Floppy,
    Nic(Option<NicModel>, bool),
    Controller(DiskBus, &'static str, Option<&'static str>),
    UsbController,
    Device(DeviceKind),
    Tpm,
    Ignored,
    Unknown,
}

fn classify_by_type(kind: &str) -> Kind {
    match kind {
        "VirtualDisk" => Kind::Disk,
        "VirtualCdrom" => Kind::Cdrom,
        "VirtualFloppy" => Kind::Floppy,
        "VirtualE1000" => Kind::Nic(Some(NicModel::E1000), false),
        "VirtualE1000e" => Kind::Nic(Some(NicModel::E1000e), false),
        "VirtualVmxnet3" => Kind::Nic(Some(NicModel::Vmxnet3), false),
        "VirtualVmxnet3Vrdma" => Kind::Nic(Some(NicModel::Other("vmxnet3vrdma".into())), false),
        "VirtualVmxnet2" | "VirtualVmxnet" => Kind::Nic(Some(NicModel::Vmxnet), false),
        "VirtualPCNet32" => Kind::Nic(Some(NicModel::Pcnet), false),
        "VirtualSriovEthernetCard" => Kind::Nic(None, true),
        "VirtualEthernetCard" => Kind::Nic(None, false),
        "ParaVirtualSCSIController" => Kind::Controller(DiskBus::Scsi, "scsi", Some("pvscsi")),
        "VirtualLsiLogicController" => Kind::Controller(DiskBus::Scsi, "scsi", Some("lsilogic")),
        "VirtualLsiLogicSASController" => {
            Kind::Controller(DiskBus::Scsi, "scsi", Some("lsisas1068"))
        }
        "VirtualBusLogicController" => Kind::Controller(DiskBus::Scsi, "scsi", Some("buslogic")),
        "VirtualSCSIController" => Kind::Controller(DiskBus::Scsi, "scsi", None),
        "VirtualAHCIController" => Kind::Controller(DiskBus::Sata, "sata", Some("ahci")),
        "VirtualSATAController" => Kind::Controller(DiskBus::Sata, "sata", None),
        "VirtualIDEController" => Kind::Controller(DiskBus::Ide, "ide", None),
        "VirtualNVMEController" => Kind::Controller(DiskBus::Nvme, "nvme", Some("nvme")),
        "VirtualUSBController" | "VirtualUSBXHCIController" => Kind::UsbController,
        "VirtualUSB" => Kind::Device(DeviceKind::UsbPassthrough),
        "VirtualPCIPassthrough" => Kind::Device(DeviceKind::PciPassthrough),
        "VirtualSCSIPassthrough" => Kind::Device(DeviceKind::ScsiPassthrough),
        "VirtualSerialPort" => Kind::Device(DeviceKind::Serial),
        "VirtualParallelPort" => Kind::Device(DeviceKind::Parallel),
        "VirtualSoundBlaster16"
        | "VirtualEnsoniq1371"
        | "VirtualHdAudioCard"
        | "VirtualSoundCard" => Kind::Device(DeviceKind::Sound),
        "VirtualNVDIMM" | "VirtualPrecisionClock" | "VirtualWDT" => Kind::Device(DeviceKind::Other),
        "VirtualTPM" => Kind::Tpm,
        "VirtualPCIController"
        | "VirtualPS2Controller"
        | "VirtualSIOController"
        | "VirtualNVDIMMController"
        | "VirtualKeyboard"
        | "VirtualPointingDevice"
        | "VirtualMachineVideoCard"
        | "VirtualMachineVMCIDevice"
        | "VirtualMachineVMIROM" => Kind::Ignored,
        _ => Kind::Unknown,
    }
}

/// Recognises a device that carries no type name (govc before 0.30) by its fields, then by
/// the English label vCenter gives it.
fn classify_by_shape(dev: &Value) -> Kind {
    if get(dev, "capacityInKB").is_some() || get(dev, "capacityInBytes").is_some() {
        return Kind::Disk;
    }
    if get(dev, "macAddress").is_some() || get(dev, "addressType").is_some() {
        return Kind::Nic(None, false);
    }
    let label = label(dev).unwrap_or("").to_ascii_lowercase();
    let summary = path(dev, &["deviceInfo", "summary"])
        .and_then(str_of)
        .unwrap_or("")
        .to_ascii_lowercase();
    if label.starts_with("scsi controller") || get(dev, "scsiCtlrUnitNumber").is_some() {
        let model = if summary.contains("paravirtual") {
            Some("pvscsi")
        } else if summary.contains("sas") {
            Some("lsisas1068")
        } else if summary.contains("lsi") {
            Some("lsilogic")
        } else if summary.contains("buslogic") {
            Some("buslogic")
        } else {
            None
        };
        return Kind::Controller(DiskBus::Scsi, "scsi", model);
    }
    let by_label: &[(&str, Kind)] = &[
        ("cd/dvd", Kind::Cdrom),
        ("floppy", Kind::Floppy),
        (
            "sata controller",
            Kind::Controller(DiskBus::Sata, "sata", Some("ahci")),
        ),
        (
            "nvme controller",
            Kind::Controller(DiskBus::Nvme, "nvme", Some("nvme")),
        ),
        ("ide ", Kind::Controller(DiskBus::Ide, "ide", None)),
        ("usb controller", Kind::UsbController),
        ("usb xhci controller", Kind::UsbController),
        ("pci device", Kind::Device(DeviceKind::PciPassthrough)),
        ("serial port", Kind::Device(DeviceKind::Serial)),
        ("parallel port", Kind::Device(DeviceKind::Parallel)),
        ("sound card", Kind::Device(DeviceKind::Sound)),
        ("virtual tpm", Kind::Tpm),
        ("tpm", Kind::Tpm),
        ("keyboard", Kind::Ignored),
        ("pointing device", Kind::Ignored),
        ("video card", Kind::Ignored),
        ("vmci device", Kind::Ignored),
        ("pci controller", Kind::Ignored),
        ("ps2 controller", Kind::Ignored),
        ("sio controller", Kind::Ignored),
        ("nvdimm controller", Kind::Ignored),
    ];
    by_label
        .iter()
        .find(|(prefix, _)| label.starts_with(prefix))
        .map(|(_, kind)| kind.clone())
        .unwrap_or(Kind::Unknown)
}

fn classify(dev: &Value) -> Kind {
    match type_name(dev) {
        Some(kind) => match classify_by_type(kind) {
            // A subclass we do not know (a newer controller or card) may still be
            // recognisable by its fields.
            Kind::Unknown => classify_by_shape(dev),
            known => known,
        },
        None => classify_by_shape(dev),
    }
}

fn label(dev: &Value) -> Option<&str> {
    path(dev, &["deviceInfo", "label"]).and_then(str_of)
}

/// A name for a device in messages: its label, else its key.
fn describe(dev: &Value) -> String {
    match (label(dev), int_at(dev, "key")) {
        (Some(label), _) => label.to_string(),
        (None, Some(key)) => format!("device {key}"),
        (None, None) => "a device".to_string(),
    }
}

struct Controller {
    bus: DiskBus,
    prefix: &'static str,
    model: Option<&'static str>,
    number: i64,
    shared_bus: Option<String>,
}

/// `[datastore1] vm/vm.vmdk` -> `datastore1`.
fn datastore_of(file_name: &str) -> Option<String> {
    let rest = file_name.trim().strip_prefix('[')?;
    let end = rest.find(']')?;
    let name = rest[..end].trim();
    (!name.is_empty()).then(|| name.to_string())
}

fn read_devices(vm: &mut VmSpec, devices: &[Value]) {
    let mut controllers: HashMap<i64, Controller> = HashMap::new();
    for dev in devices {
        if let (Kind::Controller(bus, prefix, model), Some(key)) =
            (classify(dev), int_at(dev, "key"))
        {
            let shared_bus = str_at(dev, "sharedBus")
                .filter(|s| !s.eq_ignore_ascii_case("noSharing"))
                .map(str::to_string);
            controllers.insert(
                key,
                Controller {
                    bus,
                    prefix,
                    model,
                    number: int_at(dev, "busNumber").unwrap_or(0),
                    shared_bus,
                },
            );
        }
    }
    for controller in controllers.values() {
        if let Some(sharing) = &controller.shared_bus {
            vm.warn(format!(
                "SCSI controller {}{} shares its bus ({sharing}); its disks are imported as shared",
                controller.prefix, controller.number
            ));
        }
    }
    let mut nic_index: u32 = 0;
    for dev in devices {
        match classify(dev) {
            Kind::Disk => read_disk(vm, dev, &controllers),
            Kind::Cdrom => read_cdrom(vm, dev, &controllers),
            Kind::Floppy => {
                let backing = get(dev, "backing");
                let what = backing
                    .and_then(|b| str_at(b, "fileName").or_else(|| str_at(b, "deviceName")))
                    .unwrap_or("empty");
                vm.devices.push(Device {
                    kind: DeviceKind::Floppy,
                    description: format!("{} ({what})", describe(dev)),
                });
            }
            Kind::Nic(model, sriov) => {
                read_nic(vm, dev, model, sriov, nic_index);
                nic_index = nic_index.saturating_add(1);
            }
            Kind::UsbController => vm.devices.push(Device {
                kind: DeviceKind::UsbController,
                description: describe(dev),
            }),
            Kind::Device(kind) => {
                let description = device_description(dev, kind);
                let kind = if kind == DeviceKind::PciPassthrough
                    && get(dev, "backing")
                        .and_then(|b| str_at(b, "vgpu"))
                        .is_some()
                {
                    DeviceKind::Gpu
                } else {
                    kind
                };
                vm.devices.push(Device { kind, description });
            }
            Kind::Tpm => {
                vm.tpm = Some(Tpm {
                    version: Some("2.0".into()),
                    passthrough: false,
                })
            }
            Kind::Controller(..) | Kind::Ignored => {}
            Kind::Unknown => {
                let kind = type_name(dev).unwrap_or("of unknown type");
                vm.warn(format!("{} ({kind}) is not converted", describe(dev)));
            }
        }
    }
}

fn device_description(dev: &Value, kind: DeviceKind) -> String {
    let name = describe(dev);
    let Some(backing) = get(dev, "backing") else {
        return name;
    };
    let detail = match kind {
        DeviceKind::PciPassthrough => str_at(backing, "vgpu")
            .map(|v| format!("vGPU profile {v}"))
            .or_else(|| {
                let id = str_at(backing, "id");
                let device = str_at(backing, "deviceName");
                match (id, device) {
                    (Some(id), Some(d)) => Some(format!("{d} at {id}")),
                    (Some(id), None) => Some(id.to_string()),
                    (None, Some(d)) => Some(d.to_string()),
                    (None, None) => None,
                }
            })
            .or_else(|| {
                let allowed: Vec<String> = list_at(backing, "allowedDevice")
                    .iter()
                    .map(|a| {
                        let hex = |k| {
                            int_at(a, k)
                                .map(|n| format!("{:04x}", n & 0xffff))
                                .unwrap_or_else(|| "?".into())
                        };
                        format!("{}:{}", hex("vendorId"), hex("deviceId"))
                    })
                    .collect();
                (!allowed.is_empty()).then(|| format!("dynamic DirectPath {}", allowed.join(",")))
            }),
        _ => str_at(backing, "fileName")
            .or_else(|| str_at(backing, "pipeName"))
            .or_else(|| str_at(backing, "serviceURI"))
            .or_else(|| str_at(backing, "deviceName"))
            .map(str::to_string),
    };
    match detail {
        Some(detail) => format!("{name} ({detail})"),
        None => name,
    }
}

/// The source's id for a disk or CD-ROM (`scsi0:1`, `sata0:0`, `ide1:0`, `nvme0:0`), as a
/// `.vmx` file would name it, plus the controller it sits on.
fn slot_id<'c>(
    dev: &Value,
    controllers: &'c HashMap<i64, Controller>,
) -> (String, Option<&'c Controller>) {
    let controller = int_at(dev, "controllerKey").and_then(|k| controllers.get(&k));
    let unit = int_at(dev, "unitNumber");
    match (controller, unit) {
        (Some(c), Some(unit)) => (format!("{}{}:{unit}", c.prefix, c.number), Some(c)),
        _ => (describe(dev), controller),
    }
}

fn read_disk(vm: &mut VmSpec, dev: &Value, controllers: &HashMap<i64, Controller>) {
    let (id, controller) = slot_id(dev, controllers);
    let bus = controller.map(|c| c.bus.clone()).unwrap_or_else(|| {
        vm.warn(format!(
            "disk {id} names no known controller; SCSI is assumed"
        ));
        DiskBus::Scsi
    });
    let mut disk = Disk::new(id.clone(), bus);
    disk.controller = controller.and_then(|c| c.model).map(str::to_string);
    disk.shared = controller.is_some_and(|c| c.shared_bus.is_some());
    disk.capacity_bytes = match (int_at(dev, "capacityInBytes"), int_at(dev, "capacityInKB")) {
        (Some(bytes), _) if bytes > 0 => Some(bytes as u64),
        (_, Some(kb)) if kb >= 0 => (kb as u64).checked_mul(1024),
        _ => None,
    };
    if disk.capacity_bytes.is_none() {
        vm.warn(format!("disk {id} has no valid capacity"));
    }
    let Some(backing) = get(dev, "backing") else {
        vm.warn(format!("disk {id} has no backing; its image is unknown"));
        vm.disks.push(disk);
        return;
    };
    let btype = type_name(backing).unwrap_or("");
    if let Some(file_name) = str_at(backing, "fileName") {
        disk.source_path = Some(file_name.to_string());
        disk.storage = datastore_of(file_name);
        if file_name.to_ascii_lowercase().ends_with(".vmdk") || btype.starts_with("VirtualDisk") {
            disk.format = Some(DiskFormat::Vmdk);
        }
    }
    if btype.contains("RawDiskMapping") || get(backing, "lunUuid").is_some() {
        disk.backing = DiskBacking::Passthrough;
        let mode = str_at(backing, "compatibilityMode").unwrap_or("unknown mode");
        let lun = str_at(backing, "deviceName")
            .or_else(|| str_at(backing, "lunUuid"))
            .unwrap_or("an unnamed LUN");
        vm.warn(format!(
            "disk {id} is a raw device mapping ({mode}) to {lun}; its data lives on the LUN, not in a file"
        ));
    } else if btype.contains("RawDisk") {
        disk.backing = DiskBacking::Passthrough;
        vm.warn(format!("disk {id} is a raw host disk"));
    } else if btype.contains("LocalPMem") {
        vm.warn(format!("disk {id} is on host persistent memory (PMem)"));
    }
    disk.mode = match str_at(backing, "diskMode")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("persistent") => DiskMode::Persistent,
        Some("independent_persistent") => DiskMode::IndependentPersistent,
        Some("independent_nonpersistent") | Some("nonpersistent") => {
            DiskMode::IndependentNonpersistent
        }
        Some(other) => {
            vm.warn(format!(
                "disk {id} uses the legacy disk mode {other:?}; imported as persistent"
            ));
            DiskMode::Persistent
        }
    };
    if str_at(backing, "sharing").is_some_and(|s| s.eq_ignore_ascii_case("sharingMultiWriter")) {
        disk.shared = true;
    }
    if let Some(parent) = get(backing, "parent") {
        let base = str_at(parent, "fileName").unwrap_or("its parent");
        vm.warn_about(
            crate::model::WarningKind::Snapshots,
            format!(
            "disk {id} is a snapshot delta on top of {base}; consolidate or delete the snapshots before copying it"
        ),
        );
    }
    vm.disks.push(disk);
}

fn read_cdrom(vm: &mut VmSpec, dev: &Value, controllers: &HashMap<i64, Controller>) {
    let (id, controller) = slot_id(dev, controllers);
    let bus = controller.map(|c| c.bus.clone()).unwrap_or(DiskBus::Ide);
    let backing = get(dev, "backing");
    let btype = backing.and_then(type_name).unwrap_or("");
    let file_name = backing.and_then(|b| str_at(b, "fileName"));
    let mut image = match file_name {
        Some(f) if btype.contains("Iso") || btype.is_empty() => Some(f.to_string()),
        _ => None,
    };
    if image.is_none() && (btype.contains("Atapi") || btype == "VirtualCdromPassthroughBackingInfo")
    {
        if let Some(host) = backing.and_then(|b| str_at(b, "deviceName")) {
            vm.warn(format!(
                "CD-ROM {id} uses the host device {host}; it is imported as an empty drive"
            ));
        }
    }
    let connected = get(dev, "connectable")
        .and_then(|c| bool_at(c, "startConnected"))
        .unwrap_or(true);
    if let (Some(iso), false) = (&image, connected) {
        vm.warn(format!(
            "CD-ROM {id} holds {iso} but is not connected at power-on; it is imported as an empty drive"
        ));
        image = None;
    }
    vm.cdroms.push(Cdrom {
        id,
        bus,
        image,
        boot_order: None,
    });
}

fn read_nic(vm: &mut VmSpec, dev: &Value, model: Option<NicModel>, sriov: bool, index: u32) {
    let id = format!("ethernet{index}");
    let mut nic = Nic::new(id.clone());
    nic.model = model;
    if let Some(raw) = str_at(dev, "macAddress") {
        match normalize_mac(raw) {
            Some(mac) => nic.mac = Some(mac),
            None => vm.warn(format!(
                "{id} ({}) has an invalid MAC address {raw:?}; a new one will be assigned",
                describe(dev)
            )),
        }
    }
    nic.connected = get(dev, "connectable")
        .and_then(|c| bool_at(c, "startConnected"))
        .unwrap_or(true);
    nic.attachment = NicAttachment::Network;
    if let Some(backing) = get(dev, "backing") {
        let btype = type_name(backing).unwrap_or("");
        if let Some(port) = get(backing, "port") {
            nic.network = str_at(port, "portgroupKey").map(str::to_string);
            let switch = str_at(port, "switchUuid").unwrap_or("unknown switch");
            vm.warn(format!(
                "{id} is on distributed port group {} (switch {switch}); the JSON gives its key, not its name",
                nic.network.as_deref().unwrap_or("(no key)")
            ));
        } else if let Some(opaque) = str_at(backing, "opaqueNetworkId") {
            nic.network = Some(opaque.to_string());
            vm.warn(format!(
                "{id} is on NSX opaque network {opaque} ({})",
                str_at(backing, "opaqueNetworkType").unwrap_or("unknown type")
            ));
        } else if let Some(name) = str_at(backing, "deviceName") {
            nic.network = Some(name.to_string());
            if btype.contains("Legacy") {
                nic.attachment = NicAttachment::Bridged;
            }
        }
    }
    if nic.network.is_none() && !sriov {
        vm.warn(format!("{id} names no network"));
    }
    if sriov {
        nic.attachment = NicAttachment::Passthrough;
        let pf = path(dev, &["sriovBacking", "physicalFunctionBacking", "id"]).and_then(str_of);
        vm.warn(format!(
            "{id} is an SR-IOV virtual function{}; the target needs SR-IOV too",
            pf.map(|p| format!(" of physical NIC {p}"))
                .unwrap_or_default()
        ));
    }
    vm.nics.push(nic);
}

/// Applies `bootOptions.bootOrder`: disks and NICs are named by device key; CD-ROM and
/// floppy entries name a class.
fn read_boot_order(vm: &mut VmSpec, config: &Value) {
    let entries = path(config, &["bootOptions", "bootOrder"])
        .map(list_of)
        .unwrap_or(&[]);
    if entries.is_empty() {
        return;
    }
    let key_to_disk: HashMap<i64, usize> =
        list_at(get(config, "hardware").unwrap_or(&Value::Null), "device")
            .iter()
            .filter(|d| classify(d) == Kind::Disk)
            .enumerate()
            .filter_map(|(i, d)| int_at(d, "key").map(|k| (k, i)))
            .collect();
    let mut next: u32 = 1;
    for (position, entry) in entries.iter().enumerate() {
        let kind = type_name(entry).unwrap_or("");
        let key = int_at(entry, "deviceKey");
        if kind.contains("Cdrom") {
            for cd in vm.cdroms.iter_mut().filter(|c| c.image.is_some()) {
                if cd.boot_order.is_none() {
                    cd.boot_order = Some(next);
                    next = next.saturating_add(1);
                }
            }
        } else if kind.contains("Floppy") {
            // Floppies become devices, which carry no boot order.
        } else if let Some(index) = key.and_then(|k| key_to_disk.get(&k)) {
            if let Some(disk) = vm.disks.get_mut(*index) {
                if disk.boot_order.is_none() {
                    disk.boot_order = Some(next);
                    next = next.saturating_add(1);
                }
            }
        } else if kind.contains("Ethernet") || key.is_some() {
            vm.warn(format!(
                "the boot order includes network (PXE) boot at position {}; set up network boot on the target if it is needed",
                position.saturating_add(1)
            ));
        } else {
            vm.warn(format!(
                "boot order entry {} names no device and is ignored",
                position.saturating_add(1)
            ));
        }
    }
}

fn read_snapshots(vm: &mut VmSpec, snapshot: &Value) {
    let mut stack: Vec<&Value> = list_at(snapshot, "rootSnapshotList").iter().rev().collect();
    while let Some(node) = stack.pop() {
        vm.snapshots
            .push(str_at(node, "name").unwrap_or("(unnamed)").to_string());
        stack.extend(list_at(node, "childSnapshotList").iter().rev());
    }
}

#[cfg(test)]
mod tests;

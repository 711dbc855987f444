//! Unit tests of the vsphere_json importer.

use super::*;
#[allow(unused_imports)]
use crate::guest::{Arch, OsFamily};
use crate::import::{self, SourceFile};

fn parse_str(name: &str, text: &str) -> Vec<VmSpec> {
    parse(&SourceFile::from_bytes(name, text.as_bytes().to_vec())).unwrap()
}

#[test]
fn affinity_extra_config_and_hot_remove_are_recorded() {
    let vms = parse_str(
        "pinned.json",
        r#"{"VirtualMachines": [{"Name": "pinned", "Config": {"Name": "pinned",
            "CpuHotRemoveEnabled": true, "CpuAffinity": {"AffinitySet": [4, 5]},
            "ExtraConfig": [{"Key": "disk.EnableUUID", "Value": "TRUE"},
                            {"Key": "numa.nodeAffinity", "Value": "1"}],
            "Hardware": {"NumCPU": 2, "MemoryMB": 1024, "Device": []}}}]}"#,
    );
    let vm = &vms[0];
    assert_eq!(vm.cpu_affinity.as_deref(), Some("4,5"));
    assert_eq!(vm.numa_affinity.as_deref(), Some("1"));
    assert!(vm.disk_uuid);
    assert!(vm.cpu.hotplug);
}

/// Two VMs in the shape `govc vm.info -json` prints (PascalCase, no type names on
/// most objects, as govc before 0.30 wrote them; the Windows VM's devices carry
/// `_typeName` as newer govc writes them).
const TWO_VMS: &str = r#"{
  "VirtualMachines": [
{
  "Self": {"Type": "VirtualMachine", "Value": "vm-101"},
  "Name": "sql-01",
  "Config": {
    "Name": "sql-01",
    "Uuid": "4217a2c1-0d3e-1c55-6b1f-2e8a1c0b9d01",
    "GuestId": "windows2019srv_64Guest",
    "GuestFullName": "Microsoft Windows Server 2019 (64-bit)",
    "Annotation": "SQL Server 2019",
    "Version": "vmx-19",
    "Firmware": "efi",
    "BootOptions": {
      "EfiSecureBootEnabled": true,
      "BootOrder": [
        {"_typeName": "VirtualMachineBootOptionsBootableDiskDevice", "DeviceKey": 2000},
        {"_typeName": "VirtualMachineBootOptionsBootableCdromDevice"}
      ]
    },
    "CpuHotAddEnabled": true,
    "MemoryHotAddEnabled": false,
    "Hardware": {
      "NumCPU": 8,
      "NumCoresPerSocket": 4,
      "MemoryMB": 32768,
      "Device": [
        {"_typeName": "ParaVirtualSCSIController", "Key": 1000, "BusNumber": 0, "SharedBus": "noSharing",
         "DeviceInfo": {"Label": "SCSI controller 0", "Summary": "VMware paravirtual SCSI"}},
        {"_typeName": "VirtualNVMEController", "Key": 31000, "BusNumber": 0,
         "DeviceInfo": {"Label": "NVME controller 0"}},
        {"_typeName": "VirtualIDEController", "Key": 201, "BusNumber": 1},
        {"_typeName": "VirtualDisk", "Key": 2000, "ControllerKey": 1000, "UnitNumber": 0,
         "CapacityInKB": 104857600, "CapacityInBytes": 107374182400,
         "DeviceInfo": {"Label": "Hard disk 1"},
         "Backing": {"_typeName": "VirtualDiskFlatVer2BackingInfo",
                     "FileName": "[vsanDatastore] sql-01/sql-01.vmdk", "DiskMode": "persistent",
                     "Sharing": "sharingNone", "ThinProvisioned": true}},
        {"_typeName": "VirtualDisk", "Key": 2001, "ControllerKey": 31000, "UnitNumber": 0,
         "CapacityInKB": 524288000,
         "DeviceInfo": {"Label": "Hard disk 2"},
         "Backing": {"_typeName": "VirtualDiskFlatVer2BackingInfo",
                     "FileName": "[ssd-ds02] sql-01/sql-01_1.vmdk", "DiskMode": "independent_persistent"}},
        {"_typeName": "VirtualCdrom", "Key": 3002, "ControllerKey": 201, "UnitNumber": 0,
         "Backing": {"_typeName": "VirtualCdromIsoBackingInfo", "FileName": "[iso] SW_DVD9_SQL_Server_2019.iso"},
         "Connectable": {"StartConnected": true}},
        {"_typeName": "VirtualVmxnet3", "Key": 4000, "MacAddress": "00:50:56:9a:01:02", "AddressType": "assigned",
         "DeviceInfo": {"Label": "Network adapter 1", "Summary": "VM Network"},
         "Backing": {"_typeName": "VirtualEthernetCardNetworkBackingInfo", "DeviceName": "VM Network"},
         "Connectable": {"StartConnected": true}},
        {"_typeName": "VirtualE1000e", "Key": 4001, "MacAddress": "00:50:56:9A:01:03",
         "DeviceInfo": {"Label": "Network adapter 2"},
         "Backing": {"_typeName": "VirtualEthernetCardDistributedVirtualPortBackingInfo",
                     "Port": {"SwitchUuid": "50 1a 2b 3c", "PortgroupKey": "dvportgroup-2044"}},
         "Connectable": {"StartConnected": false}},
        {"_typeName": "VirtualTPM", "Key": 11000, "DeviceInfo": {"Label": "Virtual TPM"}},
        {"_typeName": "VirtualMachineVideoCard", "Key": 500}
      ]
    }
  },
  "Snapshot": {
    "RootSnapshotList": [
      {"Name": "pre-patch", "ChildSnapshotList": [{"Name": "post-patch"}]}
    ]
  }
},
{
  "Name": "web-02",
  "Config": {
    "Name": "web-02",
    "Uuid": "4217b5e0-aaaa-bbbb-cccc-000000000002",
    "GuestId": "rhel8_64Guest",
    "Firmware": "bios",
    "Hardware": {
      "NumCPU": 2,
      "NumCoresPerSocket": 1,
      "MemoryMB": 4096,
      "Device": [
        {"Key": 1000, "BusNumber": 0, "ScsiCtlrUnitNumber": 7,
         "DeviceInfo": {"Label": "SCSI controller 0", "Summary": "LSI Logic"}},
        {"Key": 2000, "ControllerKey": 1000, "UnitNumber": 0, "CapacityInKB": 41943040,
         "DeviceInfo": {"Label": "Hard disk 1"},
         "Backing": {"FileName": "[datastore1] web-02/web-02.vmdk", "DiskMode": "persistent"}},
        {"Key": 4000, "MacAddress": "00:50:56:9a:ff:01", "AddressType": "assigned",
         "DeviceInfo": {"Label": "Network adapter 1"},
         "Backing": {"DeviceName": "DMZ"},
         "Connectable": {"StartConnected": true}}
      ]
    }
  }
}
  ]
}"#;

#[test]
fn two_vms_in_one_govc_listing() {
    let vms = parse_str("vms.json", TWO_VMS);
    assert_eq!(vms.len(), 2);
    let win = &vms[0];
    assert_eq!(win.source.index, Some(0));
    assert_eq!(win.source.format, SourceFormat::VsphereJson);
    assert_eq!(win.name, "sql-01");
    assert_eq!(
        win.uuid.as_deref(),
        Some("4217a2c1-0d3e-1c55-6b1f-2e8a1c0b9d01")
    );
    assert_eq!(win.description.as_deref(), Some("SQL Server 2019"));
    assert_eq!(win.guest_os.family, OsFamily::Windows);
    assert_eq!(win.guest_os.version_text().as_deref(), Some("2019"));
    assert_eq!(win.guest_os.arch, Arch::X86_64);
    assert_eq!(win.machine_type.as_deref(), Some("vmx-19"));
    assert_eq!(win.firmware.kind, FirmwareKind::Uefi);
    assert!(win.firmware.secure_boot);
    assert_eq!(
        win.tpm,
        Some(Tpm {
            version: Some("2.0".into()),
            passthrough: false
        })
    );
    assert_eq!((win.cpu.sockets, win.cpu.cores, win.cpu.threads), (2, 4, 1));
    assert!(win.cpu.hotplug);
    assert_eq!(win.memory.bytes, 32 << 30);
    assert!(!win.memory.hotplug);

    assert_eq!(win.disks.len(), 2);
    let os_disk = &win.disks[0];
    assert_eq!(os_disk.id, "scsi0:0");
    assert_eq!(os_disk.bus, DiskBus::Scsi);
    assert_eq!(os_disk.controller.as_deref(), Some("pvscsi"));
    assert_eq!(os_disk.capacity_bytes, Some(100 << 30));
    assert_eq!(os_disk.storage.as_deref(), Some("vsanDatastore"));
    assert_eq!(
        os_disk.source_path.as_deref(),
        Some("[vsanDatastore] sql-01/sql-01.vmdk")
    );
    assert_eq!(os_disk.format, Some(DiskFormat::Vmdk));
    assert_eq!(os_disk.mode, DiskMode::Persistent);
    assert_eq!(os_disk.boot_order, Some(1));
    let data = &win.disks[1];
    assert_eq!(data.id, "nvme0:0");
    assert_eq!(data.bus, DiskBus::Nvme);
    assert_eq!(data.capacity_bytes, Some(500 << 30));
    assert_eq!(data.storage.as_deref(), Some("ssd-ds02"));
    assert_eq!(data.mode, DiskMode::IndependentPersistent);
    assert_eq!(data.boot_order, None);

    assert_eq!(win.cdroms.len(), 1);
    assert_eq!(win.cdroms[0].id, "ide1:0");
    assert_eq!(win.cdroms[0].bus, DiskBus::Ide);
    assert_eq!(
        win.cdroms[0].image.as_deref(),
        Some("[iso] SW_DVD9_SQL_Server_2019.iso")
    );
    assert_eq!(win.cdroms[0].boot_order, Some(2));

    assert_eq!(win.nics.len(), 2);
    let n0 = &win.nics[0];
    assert_eq!(n0.id, "ethernet0");
    assert_eq!(n0.model, Some(NicModel::Vmxnet3));
    assert_eq!(n0.mac.as_deref(), Some("00:50:56:9a:01:02"));
    assert_eq!(n0.network.as_deref(), Some("VM Network"));
    assert_eq!(n0.attachment, NicAttachment::Network);
    assert!(n0.connected);
    let n1 = &win.nics[1];
    assert_eq!(n1.model, Some(NicModel::E1000e));
    assert_eq!(n1.mac.as_deref(), Some("00:50:56:9a:01:03"));
    assert_eq!(n1.network.as_deref(), Some("dvportgroup-2044"));
    assert!(!n1.connected);
    assert!(win.warnings.iter().any(|w| w.contains("ethernet1")));
    assert_eq!(win.snapshots, vec!["pre-patch", "post-patch"]);

    let web = &vms[1];
    assert_eq!(web.source.index, Some(1));
    assert_eq!(web.name, "web-02");
    assert_eq!(web.guest_os.family, OsFamily::Linux);
    assert_eq!(web.guest_os.version_text().as_deref(), Some("8"));
    assert_eq!(web.firmware.kind, FirmwareKind::Bios);
    assert!(!web.firmware.secure_boot);
    assert!(web.tpm.is_none());
    assert_eq!(web.cpu.vcpus(), Some(2));
    assert_eq!(web.memory.bytes, 4 << 30);
    assert_eq!(web.disks.len(), 1);
    assert_eq!(web.disks[0].id, "scsi0:0");
    assert_eq!(web.disks[0].controller.as_deref(), Some("lsilogic"));
    assert_eq!(web.disks[0].capacity_bytes, Some(40 << 30));
    assert_eq!(web.disks[0].storage.as_deref(), Some("datastore1"));
    assert_eq!(web.nics.len(), 1);
    assert_eq!(web.nics[0].network.as_deref(), Some("DMZ"));
    assert_eq!(web.nics[0].model, None);
    assert!(web.warnings.is_empty(), "{:?}", web.warnings);
}

#[test]
fn property_collector_output_is_reassembled() {
    let text = r#"[
  {"obj": {"type": "VirtualMachine", "value": "vm-7"},
   "propSet": [
 {"name": "name", "val": "db-7"},
 {"name": "config.hardware", "val": {"_typeName": "VirtualHardware", "numCPU": 4, "numCoresPerSocket": 2, "memoryMB": 8192,
    "device": {"_typeName": "ArrayOfVirtualDevice", "_value": [
      {"_typeName": "VirtualAHCIController", "key": 15000, "busNumber": 0},
      {"_typeName": "VirtualDisk", "key": 16000, "controllerKey": 15000, "unitNumber": 1, "capacityInBytes": 10737418240,
       "backing": {"_typeName": "VirtualDiskRawDiskMappingVer1BackingInfo", "fileName": "[ds1] db-7/db-7_rdm.vmdk",
                   "compatibilityMode": "physicalMode", "deviceName": "vml.0200000000600a098038303053"}},
      {"_typeName": "VirtualPCIPassthrough", "key": 13000, "deviceInfo": {"label": "PCI device 0"},
       "backing": {"_typeName": "VirtualPCIPassthroughVmiopBackingInfo", "vgpu": "grid_t4-4q"}},
      {"_typeName": "VirtualSerialPort", "key": 9000, "deviceInfo": {"label": "Serial port 1"},
       "backing": {"_typeName": "VirtualSerialPortURIBackingInfo", "serviceURI": "tcp://:7001"}},
      {"_typeName": "VirtualFancyNewThing", "key": 99, "deviceInfo": {"label": "Thing 1"}}
    ]}}},
 {"name": "config.guestId", "val": "ubuntu64Guest"},
 {"name": "config.firmware", "val": "efi"}
   ]},
  {"obj": {"type": "HostSystem", "value": "host-1"}, "propSet": [{"name": "name", "val": "esx1"}]}
]"#;
    let vms = parse_str("collect.json", text);
    assert_eq!(vms.len(), 1);
    let vm = &vms[0];
    assert_eq!(vm.source.index, None);
    assert_eq!(vm.name, "db-7");
    assert_eq!((vm.cpu.sockets, vm.cpu.cores), (2, 2));
    assert_eq!(vm.memory.bytes, 8 << 30);
    assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
    assert_eq!(vm.guest_os.family, OsFamily::Linux);
    assert_eq!(vm.disks[0].id, "sata0:1");
    assert_eq!(vm.disks[0].bus, DiskBus::Sata);
    assert_eq!(vm.disks[0].backing, DiskBacking::Passthrough);
    assert_eq!(vm.disks[0].capacity_bytes, Some(10 << 30));
    let kinds: Vec<DeviceKind> = vm.devices.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, vec![DeviceKind::Gpu, DeviceKind::Serial]);
    assert!(vm.devices[0].description.contains("grid_t4-4q"));
    assert!(vm.devices[1].description.contains("tcp://:7001"));
    let warnings = vm.warnings.join("\n");
    assert!(warnings.contains("sata0:1") && warnings.contains("physicalMode"));
    assert!(warnings.contains("Thing 1"));
}

#[test]
fn bad_json_names_line_and_column() {
    let file = SourceFile::from_bytes(
        "x.json",
        b"{\n  \"guestId\": \"rhel8_64Guest\",\n  oops\n}".to_vec(),
    );
    let err = parse(&file).unwrap_err();
    assert_eq!(err.kind.category(), "malformed");
    assert_eq!(err.location.line, Some(3));
    assert!(err.location.column.is_some());
    assert!(!err.to_string().contains(" at line "), "{err}");
}

#[test]
fn concatenated_documents_each_yield_their_vms() {
    let text = r#"{"_typeName": "VirtualMachineConfigInfo", "name": "a", "hardware": {"numCPU": 1, "memoryMB": 1024}}
{"_typeName": "VirtualMachineConfigInfo", "name": "b", "hardware": {"numCPU": 4, "memoryMB": 2048}}"#;
    let vms = parse_str("stream.json", text);
    let names: Vec<&str> = vms.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, vec!["a", "b"]);
    assert_eq!(vms[1].source.index, Some(1));
    assert_eq!(vms[1].cpu.vcpus(), Some(4));
}

#[test]
fn json_without_vms_is_refused() {
    let file = SourceFile::from_bytes("x.json", br#"{"VirtualMachines": []}"#.to_vec());
    let err = parse(&file).unwrap_err();
    assert_eq!(err.kind.category(), "invalid");
}

#[test]
fn wrong_types_never_panic() {
    let text = r#"{"_typeName": "VirtualMachineConfigInfo", "name": 5, "hardware": {"numCPU": "x",
       "numCoresPerSocket": -3, "memoryMB": 1024, "device": [1, "a", null, {"key": "k"},
       {"_typeName": "VirtualDisk", "capacityInKB": 9223372036854775807, "backing": []}]},
       "bootOptions": {"bootOrder": [{"deviceKey": "zz"}, 7]}}"#;
    let vms = parse_str("weird.json", text);
    assert_eq!(vms.len(), 1);
    assert_eq!(vms[0].name, "vsphere-vm");
    assert_eq!(vms[0].cpu.vcpus(), Some(1));
    assert_eq!(vms[0].disks.len(), 1);
    assert_eq!(vms[0].disks[0].capacity_bytes, None);
}

#[test]
fn hostile_property_paths_are_skipped() {
    let deep = format!("config{}", ".x".repeat(200_000));
    let text = format!(
        r#"[{{"Obj": {{"Type": "VirtualMachine", "Value": "vm-1"}}, "PropSet": [
            {{"Name": "{deep}", "Val": 1}},
            {{"Name": "config.name", "Val": "ok"}},
            {{"Name": "config.hardware", "Val": {{"numCPU": 1, "memoryMB": 512}}}}]}}]"#
    );
    let vms = parse_str("deep.json", &text);
    assert_eq!(vms[0].name, "ok");
    assert_eq!(vms[0].memory.bytes, 512 << 20);
}

#[test]
fn detection_claims_vsphere_and_not_other_json() {
    assert!(looks_like(
        r#"{"_typeName": "VirtualMachineConfigInfo", "name": "a"}"#
    ));
    assert!(looks_like(
        r#"{"VirtualMachines":[{"Config":{"Name":"a"}}]}"#
    ));
    assert!(looks_like(r#"{"virtualMachines":[]}"#));
    assert!(looks_like(
        r#"[{"Obj":{"Type":"VirtualMachine","Value":"vm-1"},"PropSet":[]}]"#
    ));
    assert!(!looks_like(
        r#"{"ems":{"Guid":"a"},"vms":[{"VirtualMachineState":"Running"}]}"#
    ));
    assert!(!looks_like(r#"{"status":"Up","vmId":"91bc","devices":[]}"#));
    let ovirt = SourceFile::from_bytes(
        "vm.json",
        br#"{"status":"Up","vmId":"x","devices":[]}"#.to_vec(),
    );
    let err = import::parse(&ovirt).unwrap_err();
    assert_eq!(err.kind.category(), "unknown-format");
}

#[test]
fn unusable_memory_sizes_refuse_the_file_instead_of_a_placeholder() {
    for (memory, expect) in [
        (
            "99999999999999999999",
            "not a whole number of MB that fits in 64 bits",
        ),
        ("9223372036854775807", "does not fit in 64 bits"),
        ("-7", "is negative"),
    ] {
        let text = format!(
            r#"{{"VirtualMachines":[{{"Name":"a","Config":{{"Name":"a","Hardware":{{"NumCPU":2,"MemoryMB":{memory},"Device":[]}}}}}}]}}"#
        );
        let err = parse(&SourceFile::from_bytes("big.json", text)).unwrap_err();
        assert_eq!(err.kind.category(), "invalid", "{err}");
        assert!(err.to_string().starts_with("big.json: "), "{err}");
        assert!(err.to_string().contains(expect), "{memory}: {err}");
    }
    let text = r#"{"VirtualMachines":[{"Name":"a","Config":{"Name":"a","Hardware":{"NumCPU":99999999999,"MemoryMB":1024}}}]}"#;
    let err = parse(&SourceFile::from_bytes("cpu.json", text)).unwrap_err();
    assert!(
        err.to_string().contains("not a plausible CPU count"),
        "{err}"
    );
}

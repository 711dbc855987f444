//! Unit tests of the OVF importer: dialects, deployment options, vendor extensions and refusals.

use super::*;
#[allow(unused_imports)]
use crate::guest::{Arch, OsFamily};
use crate::model::NicModel;

const NS: &str = r#"xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:vmw="http://www.vmware.com/schema/ovf" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData""#;

fn import(name: &str, text: &str) -> Result<Vec<VmSpec>, ImportError> {
    parse(&SourceFile::from_bytes(name, text.as_bytes().to_vec()))
}

fn one(text: &str) -> VmSpec {
    let mut vms = import("test.ovf", text).unwrap();
    assert_eq!(vms.len(), 1);
    vms.remove(0)
}

fn has_warning(vm: &VmSpec, needle: &str) -> bool {
    vm.warnings.iter().any(|w| w.contains(needle))
}

fn windows_2019() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope {NS}>
  <References>
<File ovf:id="file1" ovf:href="win2019-disk1.vmdk" ovf:size="9876543210"/>
<File ovf:id="file2" ovf:href="win2019.nvram" ovf:size="270840"/>
  </References>
  <DiskSection>
<Info>Virtual disks</Info>
<Disk ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:capacity="60" ovf:capacityAllocationUnits="byte * 2^30"
      ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
  </DiskSection>
  <NetworkSection>
<Info>Networks</Info>
<Network ovf:name="Prod-VLAN20"><Description>production</Description></Network>
  </NetworkSection>
  <VirtualSystem ovf:id="win2019-dc01">
<Info>A virtual machine</Info>
<Name>WIN2019-DC01</Name>
<AnnotationSection><Info>note</Info><Annotation>Domain controller, site A</Annotation></AnnotationSection>
<OperatingSystemSection ovf:id="112" vmw:osType="windows2019srv_64Guest">
  <Info>OS</Info>
  <Description>Microsoft Windows Server 2019 (64-bit)</Description>
</OperatingSystemSection>
<VirtualHardwareSection>
  <Info>Virtual hardware requirements</Info>
  <System>
    <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
    <vssd:InstanceID>0</vssd:InstanceID>
    <vssd:VirtualSystemType>vmx-19</vssd:VirtualSystemType>
  </System>
  <Item>
    <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
    <rasd:ElementName>4 virtual CPU(s)</rasd:ElementName>
    <rasd:InstanceID>1</rasd:InstanceID>
    <rasd:ResourceType>3</rasd:ResourceType>
    <rasd:VirtualQuantity>4</rasd:VirtualQuantity>
    <vmw:CoresPerSocket ovf:required="false">2</vmw:CoresPerSocket>
  </Item>
  <Item>
    <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
    <rasd:ElementName>8192MB of memory</rasd:ElementName>
    <rasd:InstanceID>2</rasd:InstanceID>
    <rasd:ResourceType>4</rasd:ResourceType>
    <rasd:VirtualQuantity>8192</rasd:VirtualQuantity>
  </Item>
  <Item>
    <rasd:Address>0</rasd:Address>
    <rasd:ElementName>SCSI Controller 0</rasd:ElementName>
    <rasd:InstanceID>3</rasd:InstanceID>
    <rasd:ResourceSubType>VirtualSCSI</rasd:ResourceSubType>
    <rasd:ResourceType>6</rasd:ResourceType>
  </Item>
  <Item>
    <rasd:Address>0</rasd:Address>
    <rasd:ElementName>SATA Controller 0</rasd:ElementName>
    <rasd:InstanceID>4</rasd:InstanceID>
    <rasd:ResourceSubType>vmware.sata.ahci</rasd:ResourceSubType>
    <rasd:ResourceType>20</rasd:ResourceType>
  </Item>
  <Item>
    <rasd:AddressOnParent>0</rasd:AddressOnParent>
    <rasd:ElementName>Hard disk 1</rasd:ElementName>
    <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>
    <rasd:InstanceID>5</rasd:InstanceID>
    <rasd:Parent>3</rasd:Parent>
    <rasd:ResourceType>17</rasd:ResourceType>
  </Item>
  <Item>
    <rasd:AddressOnParent>0</rasd:AddressOnParent>
    <rasd:AutomaticAllocation>false</rasd:AutomaticAllocation>
    <rasd:ElementName>CD/DVD drive 1</rasd:ElementName>
    <rasd:InstanceID>6</rasd:InstanceID>
    <rasd:Parent>4</rasd:Parent>
    <rasd:ResourceSubType>vmware.cdrom.remotepassthrough</rasd:ResourceSubType>
    <rasd:ResourceType>15</rasd:ResourceType>
  </Item>
  <Item>
    <rasd:Address>00:50:56:9A:0B:1C</rasd:Address>
    <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>
    <rasd:Connection>Prod-VLAN20</rasd:Connection>
    <rasd:ElementName>Network adapter 1</rasd:ElementName>
    <rasd:InstanceID>7</rasd:InstanceID>
    <rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>
    <rasd:ResourceType>10</rasd:ResourceType>
  </Item>
  <Item ovf:required="false">
    <rasd:AutomaticAllocation>false</rasd:AutomaticAllocation>
    <rasd:ElementName>Virtual TPM</rasd:ElementName>
    <rasd:InstanceID>8</rasd:InstanceID>
    <rasd:ResourceSubType>vmware.vtpm</rasd:ResourceSubType>
    <rasd:ResourceType>1</rasd:ResourceType>
  </Item>
  <Item ovf:required="false">
    <rasd:ElementName>Video card</rasd:ElementName>
    <rasd:InstanceID>9</rasd:InstanceID>
    <rasd:ResourceType>24</rasd:ResourceType>
  </Item>
  <vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="efi"/>
  <vmw:Config ovf:required="false" vmw:key="bootOptions.efiSecureBootEnabled" vmw:value="true"/>
  <vmw:Config ovf:required="false" vmw:key="cpuHotAddEnabled" vmw:value="true"/>
  <vmw:Config ovf:required="false" vmw:key="memoryHotAddEnabled" vmw:value="false"/>
  <vmw:Config ovf:required="false" vmw:key="uuid" vmw:value="4234f1a2-1b2c-3d4e-5f60-718293a4b5c6"/>
  <vmw:ExtraConfig ovf:required="false" vmw:key="nvram" vmw:value="ovf:/file/file2"/>
</VirtualHardwareSection>
  </VirtualSystem>
</Envelope>"#
    )
}

#[test]
fn disk_enable_uuid_in_extra_config_is_recorded() {
    assert!(!one(&windows_2019()).disk_uuid);
    let text = windows_2019().replace(
        "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
        "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"disk.EnableUUID\" vmw:value=\"TRUE\"/>\n      \
         <vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
    );
    let vm = one(&text);
    assert!(vm.disk_uuid);
    assert!(!vm.warnings.iter().any(|w| w.contains("EnableUUID")));
}

#[test]
fn cpu_and_numa_affinity_in_extra_config_are_recorded() {
    let text = windows_2019().replace(
        "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
        "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"sched.cpu.affinity\" vmw:value=\"2,3\"/>\n      \
         <vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"numa.nodeAffinity\" vmw:value=\"0\"/>\n      \
         <vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
    );
    let vm = one(&text);
    assert_eq!(vm.cpu_affinity.as_deref(), Some("2,3"));
    assert_eq!(vm.numa_affinity.as_deref(), Some("0"));
    let unpinned = one(&windows_2019().replace(
        "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
        "<vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"sched.cpu.affinity\" vmw:value=\"all\"/>\n      \
         <vmw:ExtraConfig ovf:required=\"false\" vmw:key=\"nvram\"",
    ));
    assert_eq!(unpinned.cpu_affinity, None);
    assert!(!unpinned.warnings.iter().any(|w| w.contains("affinity")));
}

#[test]
fn windows_2019_with_efi_secure_boot_and_vtpm() {
    let vm = one(&windows_2019());
    assert_eq!(vm.name, "WIN2019-DC01");
    assert_eq!(vm.source.format, SourceFormat::Ovf);
    assert_eq!(vm.source.index, None);
    assert_eq!(vm.description.as_deref(), Some("Domain controller, site A"));
    assert_eq!(
        vm.uuid.as_deref(),
        Some("4234f1a2-1b2c-3d4e-5f60-718293a4b5c6")
    );
    assert_eq!(vm.machine_type.as_deref(), Some("vmx-19"));
    assert_eq!(vm.guest_os.family, OsFamily::Windows);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("2019"));
    assert_eq!(vm.guest_os.arch, Arch::X86_64);
    assert_eq!(
        vm.guest_os.source_id.as_deref(),
        Some("windows2019srv_64Guest")
    );
    assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
    assert!(vm.firmware.secure_boot);
    assert_eq!(
        vm.tpm,
        Some(Tpm {
            version: Some("2.0".into()),
            passthrough: false
        })
    );
    assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (2, 2, 1));
    assert!(vm.cpu.hotplug);
    assert_eq!(vm.memory.bytes, 8 << 30);
    assert!(!vm.memory.hotplug);

    assert_eq!(vm.disks.len(), 1);
    let disk = &vm.disks[0];
    assert_eq!(disk.id, "Hard disk 1");
    assert_eq!(disk.bus, DiskBus::Scsi);
    assert_eq!(disk.controller.as_deref(), Some("pvscsi"));
    assert_eq!(disk.capacity_bytes, Some(60 << 30));
    assert_eq!(disk.format, Some(DiskFormat::Vmdk));
    assert_eq!(disk.source_path.as_deref(), Some("win2019-disk1.vmdk"));

    assert_eq!(vm.cdroms.len(), 1);
    assert_eq!(vm.cdroms[0].bus, DiskBus::Sata);
    assert_eq!(vm.cdroms[0].image, None);

    assert_eq!(vm.nics.len(), 1);
    let nic = &vm.nics[0];
    assert_eq!(nic.model, Some(NicModel::Vmxnet3));
    assert_eq!(nic.mac.as_deref(), Some("00:50:56:9a:0b:1c"));
    assert_eq!(nic.network.as_deref(), Some("Prod-VLAN20"));
    assert_eq!(nic.attachment, NicAttachment::Network);
    assert!(nic.connected);

    assert!(vm.devices.is_empty(), "{:?}", vm.devices);
    assert!(has_warning(&vm, "win2019.nvram"), "{:?}", vm.warnings);
}

fn linux_multi_disk() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope {NS}>
  <References>
<File ovf:id="f-os" ovf:href="app01-os.vmdk"/>
<File ovf:id="f-data" ovf:href="app01-data.vmdk"/>
<File ovf:id="f-logs" ovf:href="app01-logs.vmdk"/>
<File ovf:id="iso" ovf:href="tools.iso"/>
  </References>
  <DiskSection>
<Info>disks</Info>
<Disk ovf:diskId="os" ovf:fileRef="f-os" ovf:capacity="17179869184"/>
<Disk ovf:diskId="data" ovf:fileRef="f-data" ovf:capacity="512" ovf:capacityAllocationUnits="byte * 2^20"/>
<Disk ovf:diskId="logs" ovf:fileRef="f-logs" ovf:capacity="2" ovf:capacityAllocationUnits="byte * 2^40"/>
<Disk ovf:diskId="scratch" ovf:capacity="${{scratch_gb}}" ovf:capacityAllocationUnits="byte * 2^30"/>
  </DiskSection>
  <NetworkSection>
<Info>nets</Info>
<Network ovf:name="frontend"/>
<Network ovf:name="backend"/>
  </NetworkSection>
  <VirtualSystem ovf:id="app01">
<Info>vm</Info>
<Name>app01.example.com</Name>
<ProductSection>
  <Info>props</Info>
  <Property ovf:key="scratch_gb" ovf:type="int" ovf:value="20"/>
</ProductSection>
<OperatingSystemSection ovf:id="80" vmw:osType="rhel8_64Guest">
  <Info>OS</Info>
  <Description>Red Hat Enterprise Linux 8 (64-bit)</Description>
</OperatingSystemSection>
<VirtualHardwareSection>
  <Info>hw</Info>
  <System><vssd:VirtualSystemType>vmx-15</vssd:VirtualSystemType></System>
  <Item><rasd:ElementName>2 vCPU</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>
  <Item><rasd:AllocationUnits>MegaBytes</rasd:AllocationUnits><rasd:ElementName>2048 MB</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>2048</rasd:VirtualQuantity></Item>
  <Item><rasd:ElementName>SCSI Controller 0</rasd:ElementName><rasd:InstanceID>10</rasd:InstanceID><rasd:ResourceSubType>lsilogic</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
  <Item><rasd:ElementName>SATA Controller 0</rasd:ElementName><rasd:InstanceID>11</rasd:InstanceID><rasd:ResourceSubType>AHCI</rasd:ResourceSubType><rasd:ResourceType>20</rasd:ResourceType></Item>
  <Item><rasd:ElementName>IDE 0</rasd:ElementName><rasd:InstanceID>12</rasd:InstanceID><rasd:ResourceType>5</rasd:ResourceType></Item>
  <Item><rasd:ElementName>os disk</rasd:ElementName><rasd:HostResource>ovf:/disk/os</rasd:HostResource><rasd:InstanceID>20</rasd:InstanceID><rasd:Parent>10</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
  <Item><rasd:ElementName>data disk</rasd:ElementName><rasd:HostResource>ovf:/disk/data</rasd:HostResource><rasd:InstanceID>21</rasd:InstanceID><rasd:Parent>11</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
  <Item><rasd:ElementName>log disk</rasd:ElementName><rasd:HostResource>/disk/logs</rasd:HostResource><rasd:InstanceID>22</rasd:InstanceID><rasd:Parent>12</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
  <Item><rasd:ElementName>scratch disk</rasd:ElementName><rasd:HostResource>ovf:/disk/scratch</rasd:HostResource><rasd:InstanceID>23</rasd:InstanceID><rasd:Parent>10</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
  <Item><rasd:ElementName>cdrom</rasd:ElementName><rasd:HostResource>ovf:/file/iso</rasd:HostResource><rasd:InstanceID>24</rasd:InstanceID><rasd:Parent>12</rasd:Parent><rasd:ResourceType>15</rasd:ResourceType></Item>
  <Item><rasd:Address>00-50-56-AA-BB-01</rasd:Address><rasd:Connection>frontend</rasd:Connection><rasd:ElementName>eth0</rasd:ElementName><rasd:InstanceID>30</rasd:InstanceID><rasd:ResourceSubType>E1000</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
  <Item><rasd:AutomaticAllocation>false</rasd:AutomaticAllocation><rasd:Connection>backend</rasd:Connection><rasd:ElementName>eth1</rasd:ElementName><rasd:InstanceID>31</rasd:InstanceID><rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
  <Item><rasd:Address>not-a-mac</rasd:Address><rasd:Connection>backend</rasd:Connection><rasd:ElementName>eth2</rasd:ElementName><rasd:InstanceID>32</rasd:InstanceID><rasd:ResourceSubType>PCNet32</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
  <Item><rasd:ElementName>floppy0</rasd:ElementName><rasd:InstanceID>40</rasd:InstanceID><rasd:ResourceType>14</rasd:ResourceType></Item>
  <Item><rasd:ElementName>serial0</rasd:ElementName><rasd:InstanceID>41</rasd:InstanceID><rasd:ResourceType>21</rasd:ResourceType></Item>
  <Item><rasd:ElementName>usb</rasd:ElementName><rasd:InstanceID>42</rasd:InstanceID><rasd:ResourceSubType>vmware.usb.ehci</rasd:ResourceSubType><rasd:ResourceType>23</rasd:ResourceType></Item>
  <Item><rasd:ElementName>tape0</rasd:ElementName><rasd:InstanceID>43</rasd:InstanceID><rasd:ResourceType>18</rasd:ResourceType></Item>
</VirtualHardwareSection>
<vmw:BootOrderSection vmw:type="disk" vmw:instanceId="21"><Info>boot</Info></vmw:BootOrderSection>
<vmw:BootOrderSection vmw:type="cdrom" vmw:instanceId="24"><Info>boot</Info></vmw:BootOrderSection>
  </VirtualSystem>
</Envelope>"#
    )
}

#[test]
fn linux_with_scsi_sata_ide_disks_and_three_nics() {
    let vm = one(&linux_multi_disk());
    assert_eq!(vm.name, "app01.example.com");
    assert_eq!(vm.guest_os.family, OsFamily::Linux);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("8"));
    assert_eq!(vm.guest_os.arch, Arch::X86_64);
    assert_eq!(vm.firmware.kind, FirmwareKind::Bios);
    assert_eq!(vm.cpu.vcpus(), Some(2));
    assert_eq!(vm.memory.bytes, 2048 << 20);

    let disks: Vec<(&str, &DiskBus, Option<u64>, Option<&str>)> = vm
        .disks
        .iter()
        .map(|d| {
            (
                d.id.as_str(),
                &d.bus,
                d.capacity_bytes,
                d.source_path.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        disks,
        vec![
            (
                "os disk",
                &DiskBus::Scsi,
                Some(16 << 30),
                Some("app01-os.vmdk")
            ),
            (
                "data disk",
                &DiskBus::Sata,
                Some(512 << 20),
                Some("app01-data.vmdk")
            ),
            (
                "log disk",
                &DiskBus::Ide,
                Some(2 << 40),
                Some("app01-logs.vmdk")
            ),
            ("scratch disk", &DiskBus::Scsi, Some(20 << 30), None),
        ]
    );
    assert_eq!(vm.disks[0].controller.as_deref(), Some("lsilogic"));
    assert_eq!(vm.disks[1].controller.as_deref(), Some("ahci"));
    assert_eq!(vm.disks[1].boot_order, Some(1));
    assert_eq!(vm.disks[0].boot_order, None);

    assert_eq!(vm.cdroms.len(), 1);
    assert_eq!(vm.cdroms[0].bus, DiskBus::Ide);
    assert_eq!(vm.cdroms[0].image.as_deref(), Some("tools.iso"));
    assert_eq!(vm.cdroms[0].boot_order, Some(2));

    assert_eq!(vm.nics.len(), 3);
    assert_eq!(vm.nics[0].id, "eth0");
    assert_eq!(vm.nics[0].model, Some(NicModel::E1000));
    assert_eq!(vm.nics[0].mac.as_deref(), Some("00:50:56:aa:bb:01"));
    assert_eq!(vm.nics[0].network.as_deref(), Some("frontend"));
    assert!(vm.nics[0].connected);
    assert_eq!(vm.nics[1].model, Some(NicModel::Vmxnet3));
    assert!(!vm.nics[1].connected);
    assert_eq!(vm.nics[2].model, Some(NicModel::Pcnet));
    assert_eq!(vm.nics[2].mac, None);
    assert!(has_warning(&vm, "'eth2' (item 32) has an invalid MAC"));

    let kinds: Vec<DeviceKind> = vm.devices.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        vec![
            DeviceKind::Floppy,
            DeviceKind::Serial,
            DeviceKind::UsbController
        ]
    );
    assert!(has_warning(&vm, "'tape0' (item 43) has ResourceType 18"));
}

#[test]
fn collection_of_three_vms_nested_one_level() {
    let vm_xml = |id: &str, mem: u32, os: &str| {
        format!(
            r#"<VirtualSystem ovf:id="{id}"><Info>vm</Info><Name>{id}</Name>
  <OperatingSystemSection ovf:id="1" vmw:osType="{os}"><Info>os</Info></OperatingSystemSection>
  <VirtualHardwareSection><Info>hw</Info>
<Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
<Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:ElementName>mem</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>{mem}</rasd:VirtualQuantity></Item>
  </VirtualHardwareSection></VirtualSystem>"#
        )
    };
    let text = format!(
        r#"<Envelope {NS}><References/>
<VirtualSystemCollection ovf:id="shop"><Info>vApp</Info><Name>shop</Name>
  {}
  <VirtualSystemCollection ovf:id="backend"><Info>tier</Info>
{}
{}
  </VirtualSystemCollection>
</VirtualSystemCollection></Envelope>"#,
        vm_xml("web", 1024, "ubuntu64Guest"),
        vm_xml("app", 2048, "centos7_64Guest"),
        vm_xml("db", 4096, "windows9Server64Guest"),
    );
    let vms = import("shop.ovf", &text).unwrap();
    let summary: Vec<(&str, Option<usize>, u64)> = vms
        .iter()
        .map(|vm| (vm.name.as_str(), vm.source.index, vm.memory.bytes))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("web", Some(0), 1 << 30),
            ("app", Some(1), 2 << 30),
            ("db", Some(2), 4 << 30),
        ]
    );
    assert_eq!(vms[1].guest_os.version_text().as_deref(), Some("7"));
    assert_eq!(vms[2].guest_os.family, OsFamily::Windows);
    assert_eq!(vms[2].guest_os.version_text().as_deref(), Some("2016"));
    assert!(vms.iter().all(|vm| vm.source.file == "shop.ovf"));
}

#[test]
fn ovf_09_sections_written_with_xsi_type() {
    let text = r#"<?xml version="1.0"?>
<ovf:Envelope xmlns:ovf="http://www.vmware.com/schema/ovf/1/envelope" xmlns="http://www.vmware.com/schema/ovf/1/envelope" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ovf:version="0.9">
  <References><File ovf:href="system.vmdk" ovf:id="system_id"/></References>
  <Section xsi:type="ovf:DiskSection_Type"><Info>d</Info>
<Disk ovf:diskId="system" ovf:fileRef="system_id" ovf:format="http://www.vmware.com/specifications/vmdk.html#sparse" ovf:capacity="2147483648"/>
  </Section>
  <Content ovf:id="jeos" xsi:type="ovf:VirtualSystem_Type"><Info>vm</Info>
<Section ovf:id="101" xsi:type="ovf:OperatingSystemSection_Type"><Info>os</Info><Description>Ubuntu Linux 8.04.1</Description></Section>
<Section xsi:type="ovf:VirtualHardwareSection_Type"><Info>hw</Info>
  <Item><rasd:Caption>1 virtual CPU</rasd:Caption><rasd:InstanceId>1</rasd:InstanceId><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
  <Item><rasd:Caption>256 MB</rasd:Caption><rasd:InstanceId>2</rasd:InstanceId><rasd:ResourceType>4</rasd:ResourceType><rasd:AllocationUnits>MegaBytes</rasd:AllocationUnits><rasd:VirtualQuantity>256</rasd:VirtualQuantity></Item>
  <Item><rasd:Caption>SCSI 0</rasd:Caption><rasd:InstanceId>3</rasd:InstanceId><rasd:ResourceType>6</rasd:ResourceType><rasd:ResourceSubType>buslogic</rasd:ResourceSubType></Item>
  <Item><rasd:Caption>Harddisk 1</rasd:Caption><rasd:InstanceId>4</rasd:InstanceId><rasd:ResourceType>17</rasd:ResourceType><rasd:HostResource>/disk/system</rasd:HostResource><rasd:Parent>3</rasd:Parent></Item>
</Section>
  </Content>
</ovf:Envelope>"#;
    let vm = one(text);
    assert_eq!(vm.name, "jeos");
    assert_eq!(vm.memory.bytes, 256 << 20);
    assert_eq!(vm.guest_os.family, OsFamily::Linux);
    assert_eq!(vm.guest_os.arch, Arch::X86_64);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("8.04"));
    assert_eq!(vm.disks.len(), 1);
    assert_eq!(vm.disks[0].id, "Harddisk 1");
    assert_eq!(vm.disks[0].capacity_bytes, Some(2 << 30));
    assert_eq!(vm.disks[0].controller.as_deref(), Some("buslogic"));
    assert_eq!(vm.disks[0].source_path.as_deref(), Some("system.vmdk"));
}

fn with_disks(disks: &str, product: &str, items: &str) -> String {
    format!(
        r#"<Envelope {NS}><References><File ovf:id="f1" ovf:href="a.vmdk" ovf:size="-42"/></References>
<DiskSection><Info>d</Info>{disks}</DiskSection>
<VirtualSystem ovf:id="vm"><Info>vm</Info>{product}
<VirtualHardwareSection><Info>hw</Info>
<Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
<Item><rasd:ElementName>scsi</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>6</rasd:ResourceType></Item>
{items}</VirtualHardwareSection></VirtualSystem></Envelope>"#
    )
}

fn disk_item(id: u32, disk: &str) -> String {
    format!(
        "<Item><rasd:ElementName>disk {disk}</rasd:ElementName><rasd:InstanceID>{id}</rasd:InstanceID><rasd:HostResource>ovf:/disk/{disk}</rasd:HostResource><rasd:Parent>2</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>"
    )
}

#[test]
fn unusable_capacities_leave_the_size_unknown_with_a_warning() {
    let disks = r#"<Disk ovf:diskId="neg" ovf:fileRef="f1" ovf:capacity="-1073741824"/>
<Disk ovf:diskId="zero" ovf:capacity="0"/>
<Disk ovf:diskId="huge" ovf:capacity="9223372036854775808"/>
<Disk ovf:diskId="overflow" ovf:capacity="99999999" ovf:capacityAllocationUnits="byte * 2^40"/>
<Disk ovf:diskId="unset" ovf:capacity="${unset}"/>
<Disk ovf:diskId="missing" ovf:capacity="${nowhere}"/>"#;
    let product = r#"<ProductSection><Info>p</Info><Property ovf:key="unset" ovf:type="int"/></ProductSection>"#;
    let items: String = ["neg", "zero", "huge", "overflow", "unset", "missing"]
        .iter()
        .enumerate()
        .map(|(i, d)| disk_item(10 + i as u32, d))
        .collect();
    let vm = one(&with_disks(disks, product, &items));
    assert_eq!(vm.disks.len(), 6);
    assert!(vm.disks.iter().all(|d| d.capacity_bytes.is_none()));
    for (id, needle) in [
        ("neg", "negative capacity"),
        ("zero", "capacity of 0"),
        ("huge", "out-of-range capacity"),
        ("overflow", "unusable capacity"),
        ("unset", "property unset, which has no value"),
        ("missing", "property nowhere, which has no value"),
    ] {
        assert!(
            has_warning(&vm, &format!("disk {id} ('disk {id}'")) && has_warning(&vm, needle),
            "{id}: {:?}",
            vm.warnings
        );
    }
    assert!(has_warning(
        &vm,
        "file a.vmdk of 'disk neg' (item 10) has an invalid size \"-42\""
    ));
}

#[test]
fn the_default_deployment_option_is_imported() {
    let text = format!(
        r#"<Envelope {NS}><References/>
<DiskSection><Info>d</Info><Disk ovf:diskId="small" ovf:capacity="1" ovf:capacityAllocationUnits="byte * 2^30"/><Disk ovf:diskId="large" ovf:capacity="8" ovf:capacityAllocationUnits="byte * 2^30"/></DiskSection>
<DeploymentOptionSection><Info>o</Info>
  <Configuration ovf:id="small"><Label>S</Label><Description>s</Description></Configuration>
  <Configuration ovf:id="large" ovf:default="true"><Label>L</Label><Description>l</Description></Configuration>
</DeploymentOptionSection>
<VirtualSystem ovf:id="vm"><Info>vm</Info><VirtualHardwareSection><Info>hw</Info>
<Item ovf:configuration="small"><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
<Item ovf:configuration="large"><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>8</rasd:VirtualQuantity></Item>
<Item><rasd:ElementName>mem</rasd:ElementName><rasd:AllocationUnits>byte * 2^30</rasd:AllocationUnits><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>16</rasd:VirtualQuantity></Item>
<Item><rasd:ElementName>scsi</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceType>6</rasd:ResourceType></Item>
<Item ovf:configuration="small"><rasd:ElementName>disk</rasd:ElementName><rasd:InstanceID>4</rasd:InstanceID><rasd:HostResource>ovf:/disk/small</rasd:HostResource><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
<Item ovf:configuration="medium large"><rasd:ElementName>disk</rasd:ElementName><rasd:InstanceID>4</rasd:InstanceID><rasd:HostResource>ovf:/disk/large</rasd:HostResource><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
</VirtualHardwareSection></VirtualSystem></Envelope>"#
    );
    let vm = one(&text);
    assert_eq!(vm.cpu.vcpus(), Some(8));
    assert_eq!(vm.memory.bytes, 16 << 30);
    assert_eq!(vm.disks.len(), 1);
    assert_eq!(vm.disks[0].capacity_bytes, Some(8 << 30));
    assert!(has_warning(&vm, "'large' (the default) was imported"));
    assert!(!has_warning(&vm, "DiskSection disk small"));
}

#[test]
fn ovf2_storage_and_ethernet_port_items() {
    let text = r#"<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/2" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/2" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:epasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_EthernetPortAllocationSettingData" xmlns:sasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_StorageAllocationSettingData">
<References/>
<VirtualSystem ovf:id="web"><Info>vm</Info><Name>web</Name>
<VirtualHardwareSection><Info>hw</Info>
  <Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>
  <Item><rasd:AllocationUnits>byte*2^30</rasd:AllocationUnits><rasd:ElementName>mem</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>4</rasd:VirtualQuantity></Item>
  <Item><rasd:ElementName>NVMe Controller</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceSubType>vmware.nvme.controller</rasd:ResourceSubType><rasd:ResourceType>20</rasd:ResourceType></Item>
  <EthernetPortItem><epasd:Address>00-16-8B-DB-00-5E</epasd:Address><epasd:Connection>VS Network</epasd:Connection><epasd:ElementName>Ethernet Port</epasd:ElementName><epasd:InstanceID>4</epasd:InstanceID><epasd:ResourceSubType>VirtioNet</epasd:ResourceSubType><epasd:ResourceType>10</epasd:ResourceType></EthernetPortItem>
  <StorageItem><sasd:AllocationUnits>byte*2^30</sasd:AllocationUnits><sasd:ElementName>Data</sasd:ElementName><sasd:InstanceID>5</sasd:InstanceID><sasd:Parent>3</sasd:Parent><sasd:ResourceType>31</sasd:ResourceType><sasd:VirtualQuantity>100</sasd:VirtualQuantity></StorageItem>
</VirtualHardwareSection></VirtualSystem></Envelope>"#;
    let vm = one(text);
    assert_eq!(vm.cpu.vcpus(), Some(2));
    assert_eq!(vm.memory.bytes, 4 << 30);
    assert_eq!(vm.nics.len(), 1);
    assert_eq!(vm.nics[0].model, Some(NicModel::Virtio));
    assert_eq!(vm.nics[0].mac.as_deref(), Some("00:16:8b:db:00:5e"));
    assert_eq!(vm.disks.len(), 1);
    assert_eq!(vm.disks[0].bus, DiskBus::Nvme);
    assert_eq!(vm.disks[0].capacity_bytes, Some(100 << 30));
    assert_eq!(vm.disks[0].source_path, None);
}

#[test]
fn passthrough_vgpu_and_sriov_become_devices_and_passthrough_nics() {
    let items = r#"
<Item><rasd:ElementName>PCI device 0</rasd:ElementName><rasd:InstanceID>9</rasd:InstanceID><rasd:ResourceSubType>vmware.pci.passthrough</rasd:ResourceSubType><rasd:ResourceType>1</rasd:ResourceType><vmw:Config ovf:required="false" vmw:key="backing.id" vmw:value="0000:3b:00.0"/></Item>
<Item><rasd:ElementName>PCI device 1</rasd:ElementName><rasd:InstanceID>10</rasd:InstanceID><rasd:ResourceSubType>vmware.pci.passthrough-vmiop</rasd:ResourceSubType><rasd:ResourceType>1</rasd:ResourceType><vmw:Config ovf:required="false" vmw:key="backing.vgpu" vmw:value="grid_a100-8c"/></Item>
<Item><rasd:Connection>sriov-net</rasd:Connection><rasd:ElementName>SR-IOV adapter</rasd:ElementName><rasd:InstanceID>11</rasd:InstanceID><rasd:ResourceSubType>SriovEthernetCard</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
<Item><rasd:ElementName>vmci</rasd:ElementName><rasd:InstanceID>12</rasd:InstanceID><rasd:ResourceSubType>vmware.vmci</rasd:ResourceSubType><rasd:ResourceType>1</rasd:ResourceType></Item>
<Item><rasd:ElementName>mystery</rasd:ElementName><rasd:InstanceID>13</rasd:InstanceID><rasd:ResourceSubType>acme.widget</rasd:ResourceSubType><rasd:ResourceType>1</rasd:ResourceType></Item>"#;
    let vm = one(&with_disks("", "", items));
    let devices: Vec<(DeviceKind, &str)> = vm
        .devices
        .iter()
        .map(|d| (d.kind, d.description.as_str()))
        .collect();
    assert_eq!(
        devices,
        vec![
            (
                DeviceKind::PciPassthrough,
                "'PCI device 0' (item 9): PCI passthrough 0000:3b:00.0"
            ),
            (
                DeviceKind::Gpu,
                "'PCI device 1' (item 10): vGPU grid_a100-8c"
            ),
        ]
    );
    assert_eq!(vm.nics.len(), 1);
    assert_eq!(vm.nics[0].attachment, NicAttachment::Passthrough);
    assert!(has_warning(
        &vm,
        "'mystery' (item 13) has ResourceType 1 (other) with subtype acme.widget"
    ));
    assert!(!has_warning(&vm, "vmci"));
}

#[test]
fn ovirt_export_reads_disk_interface_sizes_and_nic_types() {
    let text = r#"<?xml version='1.0' encoding='utf-8'?>
<ovf:Envelope xmlns:rasd='http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData' xmlns:vssd='http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns:ovf='http://schemas.dmtf.org/ovf/envelope/1/' ovf:version='4.4'>
  <References><File ovf:href='grp/img' ovf:id='img'/></References>
  <Section xsi:type='ovf:DiskSection_Type'><Info>disks</Info>
<Disk ovf:diskId='img' ovf:size='40' ovf:fileRef='grp/img' ovf:volume-format='COW' ovf:format='http://www.gnome.org/~markmc/qcow-image-format.html' ovf:disk-interface='VirtIO_SCSI' ovf:boot='true'/>
  </Section>
  <Content ovf:id='out' xsi:type='ovf:VirtualSystem_Type'>
<Name>rhel9-app</Name><BiosType>4</BiosType>
<Section ovf:id='0a1b' xsi:type='ovf:OperatingSystemSection_Type'><Info>os</Info><Description>rhel_9x64</Description></Section>
<Section xsi:type='ovf:VirtualHardwareSection_Type'><Info>hw</Info>
  <Item><rasd:Caption>4 virtual cpu</rasd:Caption><rasd:InstanceId>1</rasd:InstanceId><rasd:ResourceType>3</rasd:ResourceType><rasd:num_of_sockets>2</rasd:num_of_sockets><rasd:cpu_per_socket>2</rasd:cpu_per_socket></Item>
  <Item><rasd:Caption>mem</rasd:Caption><rasd:InstanceId>2</rasd:InstanceId><rasd:ResourceType>4</rasd:ResourceType><rasd:AllocationUnits>MegaBytes</rasd:AllocationUnits><rasd:VirtualQuantity>4096</rasd:VirtualQuantity></Item>
  <Item><rasd:Caption>Drive 1</rasd:Caption><rasd:InstanceId>img</rasd:InstanceId><rasd:ResourceType>17</rasd:ResourceType><Type>disk</Type><rasd:HostResource>grp/img</rasd:HostResource><rasd:Parent>00000000-0000-0000-0000-000000000000</rasd:Parent><BootOrder>1</BootOrder></Item>
  <Item><rasd:Caption>nic</rasd:Caption><rasd:InstanceId>n1</rasd:InstanceId><rasd:ResourceType>10</rasd:ResourceType><rasd:ResourceSubType>3</rasd:ResourceSubType><Type>interface</Type><rasd:Connection>ovirtmgmt</rasd:Connection><rasd:MACAddress>56:6f:1a:2b:3c:4d</rasd:MACAddress></Item>
  <Item><rasd:Caption>rng</rasd:Caption><rasd:InstanceId>r1</rasd:InstanceId><rasd:ResourceType>0</rasd:ResourceType><Type>rng</Type><Device>virtio</Device></Item>
  <Item><rasd:Caption>CDROM</rasd:Caption><rasd:InstanceId>cd1</rasd:InstanceId><rasd:ResourceType>15</rasd:ResourceType><Type>disk</Type><Device>cdrom</Device><BootOrder>0</BootOrder><IsPlugged>true</IsPlugged><IsReadOnly>true</IsReadOnly><Alias>ide0-1-0</Alias><SpecParams><path></path></SpecParams></Item>
  <Item><rasd:Caption>CDROM 2</rasd:Caption><rasd:InstanceId>cd2</rasd:InstanceId><rasd:ResourceType>0</rasd:ResourceType><Type>disk</Type><Device>cdrom</Device><IsReadOnly>true</IsReadOnly></Item>
</Section>
  </Content>
</ovf:Envelope>"#;
    let vm = one(text);
    assert_eq!(vm.name, "rhel9-app");
    assert_eq!((vm.cpu.sockets, vm.cpu.cores), (2, 2));
    assert_eq!(vm.memory.bytes, 4 << 30);
    assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
    assert!(vm.firmware.secure_boot);
    assert_eq!(vm.guest_os.family, OsFamily::Linux);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("9"));
    assert_eq!(vm.guest_os.source_id.as_deref(), Some("rhel_9x64"));
    let disk = &vm.disks[0];
    assert_eq!(disk.bus, DiskBus::Scsi);
    assert_eq!(disk.capacity_bytes, Some(40 << 30));
    assert_eq!(disk.format, Some(DiskFormat::Qcow2));
    assert_eq!(disk.source_path.as_deref(), Some("grp/img"));
    assert_eq!(disk.boot_order, Some(1));
    // oVirt's CD-ROM drives (Type disk, Device cdrom, by ResourceType 15 or by Device
    // alone) are empty drives, not read-only data disks with a placeholder size.
    assert_eq!(vm.disks.len(), 1, "{:?}", vm.disks);
    assert_eq!(vm.cdroms.len(), 2, "{:?}", vm.cdroms);
    assert!(vm
        .cdroms
        .iter()
        .all(|c| c.image.is_none() && c.boot_order.is_none()));
    assert_eq!(vm.nics[0].model, Some(NicModel::Virtio));
    assert_eq!(vm.nics[0].mac.as_deref(), Some("56:6f:1a:2b:3c:4d"));
    assert!(has_warning(
        &vm,
        "oVirt device 'rng' (item r1) of type 'rng'"
    ));
}

#[test]
fn broken_and_foreign_files_are_refused_clearly() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE Envelope [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Envelope>&b;</Envelope>"#;
    let err = import("bomb.ovf", bomb).unwrap_err();
    assert_eq!(err.kind.category(), "unsupported");
    assert!(err.to_string().contains("DTD"), "{err}");
    assert_eq!(err.location.line, Some(2));

    let err = import("descriptor.ovf", "<HTML><BODY>Error 404</BODY></HTML>").unwrap_err();
    assert!(err.to_string().contains("HTML page"), "{err}");

    // A mangled quote in the XML declaration once made the encoding sniffer panic.
    let err = import(
        "quote.ovf",
        "<?xml version=\"1.0\" encoding=\u{fffd}UTF-8\"?>\n<Envelope/>",
    )
    .unwrap_err();
    assert_eq!(err.kind.category(), "malformed");
    assert_eq!(err.location.line, Some(1));

    let err = import("empty.ovf", "  \n").unwrap_err();
    assert_eq!(err.kind.category(), "invalid");

    let err = import(
        "junk.ovf",
        "\u{fffd}\u{fffd}'\n<?xml version=\"1.0\"?><Envelope/>",
    )
    .unwrap_err();
    assert_eq!(err.kind.category(), "malformed");
    assert_eq!(err.location.line, Some(1));

    let err = import(
        "none.ovf",
        &format!("<Envelope {NS}><References/></Envelope>"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no VirtualSystem"), "{err}");

    let err = import(
        "cut.ovf",
        &format!("<Envelope {NS}>\n<VirtualSystem ovf:id='a'>\n</Envelope>"),
    )
    .unwrap_err();
    assert_eq!(err.kind.category(), "malformed");
    assert_eq!(err.location.line, Some(3));

    let gz = SourceFile::from_bytes("sample.ovf", vec![0x1f, 0x8b, 8, 0, 0, 0]);
    let err = parse(&gz).unwrap_err();
    assert_eq!(err.kind.category(), "unsupported");
    assert!(err.to_string().contains("gunzip"), "{err}");

    let template = format!(
        r#"<Envelope {NS}><VirtualSystem ovf:id="x"><Info>i</Info><VirtualHardwareSection><Info>h</Info>
<Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>{{ovf_cpu_count}}</rasd:VirtualQuantity></Item>
</VirtualHardwareSection></VirtualSystem></Envelope>"#
    );
    let err = import("template.ovf", &template).unwrap_err();
    assert_eq!(err.kind.category(), "unsupported");
    assert!(err.to_string().contains("{ovf_cpu_count}"), "{err}");
}

#[test]
fn envelope_heads_are_recognised() {
    assert!(looks_like("<?xml version='1.0'?>\n<Envelope xmlns="));
    assert!(looks_like("<ovf:Envelope xmlns:ovf="));
    assert!(!looks_like("<domain type='kvm'>"));
}

/// An appliance in VMware's style: untagged 1 vCPU / 1 GiB items, and `medium` (the default)
/// and `large` items with the same InstanceIDs; a NIC and a disk exist only in `large`.
fn sized_appliance() -> String {
    let cpu = |config: &str, n: u32| {
        format!(
            r#"<Item{config}><rasd:ElementName>{n} vCPU</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>{n}</rasd:VirtualQuantity></Item>"#
        )
    };
    let mem = |config: &str, gib: u32| {
        format!(
            r#"<Item{config}><rasd:AllocationUnits>byte * 2^30</rasd:AllocationUnits><rasd:ElementName>{gib} GiB</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>{gib}</rasd:VirtualQuantity></Item>"#
        )
    };
    format!(
        r#"<Envelope {NS}><References/>
<DiskSection><Info>d</Info><Disk ovf:diskId="root" ovf:capacity="10" ovf:capacityAllocationUnits="byte * 2^30"/><Disk ovf:diskId="logs" ovf:capacity="50" ovf:capacityAllocationUnits="byte * 2^30"/></DiskSection>
<NetworkSection><Info>n</Info><Network ovf:name="mgmt"><Description>m</Description></Network><Network ovf:name="data"><Description>d</Description></Network></NetworkSection>
<DeploymentOptionSection><Info>o</Info>
  <Configuration ovf:id="small"><Label>S</Label><Description>s</Description></Configuration>
  <Configuration ovf:id="medium" ovf:default="true"><Label>M</Label><Description>m</Description></Configuration>
  <Configuration ovf:id="large"><Label>L</Label><Description>l</Description></Configuration>
</DeploymentOptionSection>
<VirtualSystem ovf:id="appliance"><Info>vm</Info><VirtualHardwareSection><Info>hw</Info>
{}{}{}{}{}{}
<Item><rasd:ElementName>scsi</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceSubType>lsilogic</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
<Item><rasd:ElementName>root</rasd:ElementName><rasd:HostResource>ovf:/disk/root</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
<Item ovf:configuration="large"><rasd:ElementName>logs</rasd:ElementName><rasd:HostResource>ovf:/disk/logs</rasd:HostResource><rasd:InstanceID>5</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
<Item><rasd:AutomaticAllocation>true</rasd:AutomaticAllocation><rasd:Connection>mgmt</rasd:Connection><rasd:ElementName>eth0</rasd:ElementName><rasd:InstanceID>6</rasd:InstanceID><rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
<Item ovf:configuration="large"><rasd:AutomaticAllocation>true</rasd:AutomaticAllocation><rasd:Connection>data</rasd:Connection><rasd:ElementName>eth1</rasd:ElementName><rasd:InstanceID>7</rasd:InstanceID><rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
</VirtualHardwareSection></VirtualSystem></Envelope>"#,
        cpu("", 1),
        mem("", 1),
        cpu(r#" ovf:configuration="medium""#, 4),
        mem(r#" ovf:configuration="medium""#, 6),
        cpu(r#" ovf:configuration="large""#, 8),
        mem(r#" ovf:configuration="large""#, 16),
    )
}

fn import_option(text: &str, option: Option<&str>) -> Result<Vec<VmSpec>, ImportError> {
    let options = ImportOptions {
        ovf_deployment_option: option.map(str::to_string),
        ..ImportOptions::default()
    };
    parse_with(
        &SourceFile::from_bytes("appliance.ovf", text.as_bytes().to_vec()),
        &options,
    )
}

#[test]
fn a_tagged_item_replaces_the_untagged_item_with_its_instance_id() {
    let vm = one(&sized_appliance());
    assert_eq!(vm.cpu.vcpus(), Some(4), "{:?}", vm.warnings);
    assert_eq!(vm.memory.bytes, 6 << 30);
    assert_eq!(vm.deployment_option.as_deref(), Some("medium"));
    assert!(!has_warning(&vm, "more than one"), "{:?}", vm.warnings);
    // The NIC and the disk of `large` only are not imported, and not reported as orphans.
    assert_eq!(vm.disks.len(), 1);
    assert_eq!(vm.nics.len(), 1);
    assert!(
        !has_warning(&vm, "DiskSection disk logs"),
        "{:?}",
        vm.warnings
    );
    assert!(has_warning(&vm, "'medium' (the default) was imported"));
}

#[test]
fn a_requested_deployment_option_is_imported() {
    let mut vms = import_option(&sized_appliance(), Some("large")).unwrap();
    let vm = vms.remove(0);
    assert_eq!(vm.cpu.vcpus(), Some(8));
    assert_eq!(vm.memory.bytes, 16 << 30);
    assert_eq!(vm.disks.len(), 2);
    assert_eq!(vm.nics.len(), 2);
    assert_eq!(vm.deployment_option.as_deref(), Some("large"));
    // Asked for: no warning that "the default" was imported.
    assert!(!has_warning(&vm, "the default"), "{:?}", vm.warnings);

    let vm = import_option(&sized_appliance(), Some("small"))
        .unwrap()
        .remove(0);
    // `small` has no items of its own: the untagged ones apply.
    assert_eq!(vm.cpu.vcpus(), Some(1));
    assert_eq!(vm.memory.bytes, 1 << 30);
    assert_eq!(vm.deployment_option.as_deref(), Some("small"));
}

#[test]
fn an_unknown_deployment_option_is_refused_with_the_offered_ones() {
    let err = import_option(&sized_appliance(), Some("huge")).unwrap_err();
    assert!(err.kind.is_usage());
    assert_eq!(err.kind.category(), "unknown-option");
    let message = err.to_string();
    assert!(message.contains("\"huge\""), "{message}");
    assert!(message.contains("small, medium, large"), "{message}");
    // A descriptor without options imports, with a warning that the option does not apply.
    let vm = import_option(&windows_2019(), Some("huge"))
        .unwrap()
        .remove(0);
    assert_eq!(vm.deployment_option, None);
    assert!(
        has_warning(&vm, "offers no deployment options"),
        "{:?}",
        vm.warnings
    );
}

#[test]
fn placeholders_only_in_unread_vendor_blocks_do_not_refuse() {
    let text = format!(
        r#"<Envelope {NS} xmlns:vbox="http://www.virtualbox.org/ovf/machine"><References/>
<VirtualSystem ovf:id="box"><Info>i</Info><VirtualHardwareSection><Info>h</Info>
<Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>
<Item><rasd:AllocationUnits>MegaBytes</rasd:AllocationUnits><rasd:ElementName>mem</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>2048</rasd:VirtualQuantity></Item>
</VirtualHardwareSection>
<vbox:Machine ovf:required="false" version="1.16-linux" uuid="{{UUID}}" name="box"><ovf:Info>vbox</ovf:Info>
<Hardware><Network><Adapter slot="0" enabled="true" MACAddress="{{MAC}}"/></Network><Description>{{build_host}}</Description></Hardware>
</vbox:Machine></VirtualSystem></Envelope>"#
    );
    let vm = one(&text);
    assert_eq!(vm.cpu.vcpus(), Some(2));
    // The placeholder is not taken for the machine's identity.
    assert_eq!(vm.uuid, None);
    // The same marker where the import reads it still refuses.
    let read = text.replace(
        "<rasd:VirtualQuantity>2</rasd:VirtualQuantity>",
        "<rasd:VirtualQuantity>{UUID}</rasd:VirtualQuantity>",
    );
    let err = import("box.ovf", &read).unwrap_err();
    assert_eq!(err.kind.category(), "unsupported");
    assert!(err.to_string().contains("{UUID}"), "{err}");
}

#[test]
fn a_descriptor_without_any_hardware_is_refused() {
    for hardware in [
        "",
        "<VirtualHardwareSection><Info>h</Info></VirtualHardwareSection>",
        // A controller alone is no hardware to run.
        "<VirtualHardwareSection><Info>h</Info><Item><rasd:ElementName>ide</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>5</rasd:ResourceType></Item></VirtualHardwareSection>",
    ] {
        let text = format!(
            r#"<Envelope {NS}><References/><VirtualSystem ovf:id="shell"><Info>i</Info>{hardware}</VirtualSystem></Envelope>"#
        );
        let err = import("shell.ovf", &text).unwrap_err();
        assert_eq!(err.kind.category(), "invalid", "{hardware}");
        assert!(err.to_string().contains("no hardware at all"), "{err}");
    }
    // One CPU item is enough to be a VM.
    let text = format!(
        r#"<Envelope {NS}><References/><VirtualSystem ovf:id="cpu"><Info>i</Info><VirtualHardwareSection><Info>h</Info><Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item></VirtualHardwareSection></VirtualSystem></Envelope>"#
    );
    assert_eq!(one(&text).cpu.vcpus(), Some(2));
}

#[test]
fn deployment_options_of_a_collection_apply_to_its_systems() {
    // DSP0243 places the section in the outermost VirtualSystemCollection; tagged items of
    // every system inside follow the configuration chosen there.
    let system = |id: &str| {
        format!(
            r#"<VirtualSystem ovf:id="{id}"><Info>vm</Info><VirtualHardwareSection><Info>hw</Info>
<Item><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
<Item ovf:configuration="ha big"><rasd:ElementName>cpu</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>
</VirtualHardwareSection></VirtualSystem>"#
        )
    };
    let text = format!(
        r#"<Envelope {NS}><References/><VirtualSystemCollection ovf:id="vapp"><Info>c</Info>
<DeploymentOptionSection><Info>o</Info>
  <Configuration ovf:id="single"><Label>1</Label><Description>1</Description></Configuration>
  <Configuration ovf:id="ha" ovf:default="true"><Label>2</Label><Description>2</Description></Configuration>
</DeploymentOptionSection>
{}{}</VirtualSystemCollection></Envelope>"#,
        system("a"),
        system("b")
    );
    let vms = import("vapp.ovf", &text).unwrap();
    let vcpus: Vec<Option<u32>> = vms.iter().map(|vm| vm.cpu.vcpus()).collect();
    assert_eq!(vcpus, [Some(2), Some(2)]);
    assert!(vms
        .iter()
        .all(|vm| vm.deployment_option.as_deref() == Some("ha")));
    let vms = import_option(&text, Some("single")).unwrap();
    let vcpus: Vec<Option<u32>> = vms.iter().map(|vm| vm.cpu.vcpus()).collect();
    assert_eq!(vcpus, [Some(1), Some(1)]);
}

/// DSP0243 combination, unit level: a later item's children replace every like-named child
/// of the earlier items (two HostResources become the later one), the other children stay,
/// and a message about the combined item still names the item's line in the file.
#[test]
fn partial_items_combine_child_by_child_and_keep_their_line() {
    let items = r#"
      <Item>
        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
        <rasd:ElementName>memory</rasd:ElementName>
        <rasd:InstanceID>7</rasd:InstanceID>
        <rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>1024</rasd:VirtualQuantity>
      </Item>
      <Item ovf:configuration="big">
        <rasd:InstanceID>7</rasd:InstanceID>
        <rasd:VirtualQuantity>99999999999999999999999</rasd:VirtualQuantity>
      </Item>"#;
    let text = with_disks("", "", items).replace(
        "<VirtualSystem",
        "<DeploymentOptionSection><Info>o</Info><Configuration ovf:id=\"big\"><Label>b</Label></Configuration></DeploymentOptionSection><VirtualSystem",
    );
    let line = text
        .lines()
        .position(|l| l.contains("ovf:configuration=\"big\""))
        .map(|i| i + 1);
    let err = import("t.ovf", &text).expect_err("an unusable memory size refuses the file");
    // Combined: the untagged ResourceType made it a memory item, the tagged quantity won.
    assert!(err.to_string().contains("memory size"), "{err}");
    assert_eq!(err.location.line, line, "{err}");

    let doc = roxmltree::Document::parse(
        "<r xmlns:a='u'><a:Item><a:InstanceID>1</a:InstanceID><a:HostResource>x</a:HostResource>\
         <a:HostResource>y</a:HostResource><a:Parent>3</a:Parent></a:Item>\
         <a:Item><a:HostResource>z</a:HostResource><a:InstanceID>1</a:InstanceID></a:Item></r>",
    )
    .expect("parses");
    let group: Vec<Node> = doc
        .root_element()
        .children()
        .filter(|n| n.is_element())
        .collect();
    let names: Vec<String> = combine_children(&group)
        .iter()
        .map(|n| format!("{}={}", n.tag_name().name(), n.text().unwrap_or("")))
        .collect();
    assert_eq!(names, ["InstanceID=1", "HostResource=z", "Parent=3"]);
}

//! Unit tests of the libvirt importer.

use super::*;
#[allow(unused_imports)]
use crate::guest::{Arch, OsFamily};
use crate::model::FirmwareKind;

fn import(text: &str) -> VmSpec {
    let file = SourceFile::from_bytes("test.xml", text.as_bytes().to_vec());
    let mut vms = parse(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vms.len(), 1);
    vms.remove(0)
}

fn refuse(text: &str) -> ImportError {
    let file = SourceFile::from_bytes("test.xml", text.as_bytes().to_vec());
    parse(&file).expect_err("the file should be refused")
}

fn has_warning(vm: &VmSpec, needle: &str) -> bool {
    vm.warnings.iter().any(|w| w.contains(needle))
}

#[test]
fn vcpu_pinning_and_numa_placement_are_recorded() {
    let vm = import(
        "<domain type='kvm'><name>pinned</name><memory unit='MiB'>1024</memory>\
         <vcpu placement='static'>2</vcpu>\
         <cputune><vcpupin vcpu='0' cpuset='2'/><vcpupin vcpu='1' cpuset='3'/></cputune>\
         <numatune><memory mode='strict' nodeset='0-1'/></numatune>\
         <os><type arch='x86_64'>hvm</type></os></domain>",
    );
    assert_eq!(vm.cpu_affinity.as_deref(), Some("2;3"));
    assert_eq!(vm.numa_affinity.as_deref(), Some("0-1"));
    let vm = import(
        "<domain type='kvm'><name>set</name><memory unit='MiB'>1024</memory>\
         <vcpu placement='static' cpuset='4-7'>2</vcpu><os><type arch='x86_64'>hvm</type></os></domain>",
    );
    assert_eq!(vm.cpu_affinity.as_deref(), Some("4-7"));
    assert_eq!(vm.numa_affinity, None);
}

const WINDOWS: &str = r#"<domain type='kvm'>
  <name>win2k19-dc</name>
  <uuid>5C1D2F2E-8A8B-4B5C-9F3E-0123456789AB</uuid>
  <title>Domain controller</title>
  <description>Primary DC for corp.example</description>
  <metadata>
<libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
  <libosinfo:os id="http://microsoft.com/win/2k19"/>
</libosinfo:libosinfo>
  </metadata>
  <memory unit='GiB'>8</memory>
  <currentMemory unit='GiB'>8</currentMemory>
  <vcpu placement='static'>4</vcpu>
  <os firmware='efi'>
<type arch='x86_64' machine='pc-q35-8.2'>hvm</type>
<firmware>
  <feature enabled='yes' name='enrolled-keys'/>
  <feature enabled='yes' name='secure-boot'/>
</firmware>
<loader readonly='yes' secure='yes' type='pflash'>/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd</loader>
<nvram template='/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd'>/var/lib/libvirt/qemu/nvram/win2k19-dc_VARS.fd</nvram>
  </os>
  <features>
<acpi/><apic/>
<hyperv mode='custom'>
  <relaxed state='on'/>
  <vapic state='on'/>
  <spinlocks state='on' retries='8191'/>
</hyperv>
<smm state='on'/>
  </features>
  <cpu mode='host-passthrough' check='none' migratable='on'>
<topology sockets='1' dies='1' cores='2' threads='2'/>
  </cpu>
  <clock offset='localtime'>
<timer name='hypervclock' present='yes'/>
  </clock>
  <devices>
<emulator>/usr/bin/qemu-system-x86_64</emulator>
<disk type='file' device='disk'>
  <driver name='qemu' type='qcow2'/>
  <source file='/var/lib/libvirt/images/win2k19-dc.qcow2'/>
  <target dev='sda' bus='sata'/>
  <boot order='1'/>
</disk>
<controller type='sata' index='0'/>
<interface type='network'>
  <mac address='52:54:00:AA:BB:CC'/>
  <source network='default'/>
  <model type='e1000e'/>
</interface>
<tpm model='tpm-crb'>
  <backend type='emulator' version='2.0'/>
</tpm>
<graphics type='spice' autoport='yes'/>
<video><model type='qxl'/></video>
  </devices>
</domain>"#;

#[test]
fn windows_with_uefi_secure_boot_and_tpm() {
    let vm = import(WINDOWS);
    assert_eq!(vm.name, "win2k19-dc");
    assert_eq!(
        vm.uuid.as_deref(),
        Some("5c1d2f2e-8a8b-4b5c-9f3e-0123456789ab")
    );
    assert_eq!(
        vm.description.as_deref(),
        Some("Domain controller\n\nPrimary DC for corp.example")
    );
    assert_eq!(vm.guest_os.family, OsFamily::Windows);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("2019"));
    assert_eq!(
        vm.guest_os.source_id.as_deref(),
        Some("http://microsoft.com/win/2k19")
    );
    assert_eq!(vm.guest_os.arch, Arch::X86_64);
    assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
    assert!(vm.firmware.secure_boot);
    assert_eq!(vm.machine_type.as_deref(), Some("pc-q35-8.2"));
    assert_eq!(vm.memory.bytes, 8 << 30);
    assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (1, 2, 2));
    assert_eq!(
        vm.tpm,
        Some(Tpm {
            version: Some("2.0".into()),
            passthrough: false
        })
    );
    assert_eq!(vm.disks.len(), 1);
    assert_eq!(vm.disks[0].bus, DiskBus::Sata);
    assert_eq!(vm.disks[0].format, Some(DiskFormat::Qcow2));
    assert_eq!(vm.disks[0].boot_order, Some(1));
    assert_eq!(vm.nics[0].mac.as_deref(), Some("52:54:00:aa:bb:cc"));
    assert_eq!(vm.nics[0].model, Some(NicModel::E1000e));
    assert_eq!(vm.nics[0].attachment, NicAttachment::Network);
    assert!(has_warning(&vm, "win2k19-dc_VARS.fd"));
    // Hyper-V enlightenments are carried in the model, not warned about.
    assert_eq!(vm.hyperv.relaxed, Some(true));
    assert_eq!(vm.hyperv.vapic, Some(true));
    assert_eq!(
        (vm.hyperv.spinlocks, vm.hyperv.spinlock_retries),
        (Some(true), Some(8191))
    );
    assert!(!has_warning(&vm, "Hyper-V"));
    assert!(has_warning(&vm, "localtime"));
    assert!(has_warning(&vm, "host-passthrough"));
}

const LINUX: &str = r#"<domain type='kvm'>
  <name>web01</name>
  <metadata>
<libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
  <libosinfo:os id="http://redhat.com/rhel/9.2"/>
</libosinfo:libosinfo>
  </metadata>
  <memory unit='MiB'>4096</memory>
  <currentMemory unit='MiB'>2048</currentMemory>
  <vcpu current='2'>4</vcpu>
  <os>
<type arch='x86_64' machine='pc-i440fx-rhel7.6.0'>hvm</type>
<boot dev='cdrom'/>
<boot dev='hd'/>
  </os>
  <devices>
<disk type='file' device='disk'>
  <driver name='qemu' type='qcow2'/>
  <source file='/var/lib/libvirt/images/web01.qcow2'/>
  <backingStore type='file'>
    <format type='qcow2'/>
    <source file='/var/lib/libvirt/images/rhel9-base.qcow2'/>
    <backingStore/>
  </backingStore>
  <target dev='vda' bus='virtio'/>
</disk>
<disk type='volume' device='disk'>
  <driver name='qemu' type='raw'/>
  <source pool='fast-ssd' volume='web01-data'/>
  <target dev='sdb' bus='scsi'/>
  <shareable/>
  <address type='drive' controller='1' bus='0' target='0' unit='1'/>
</disk>
<disk type='network' device='disk'>
  <driver name='qemu' type='raw'/>
  <source protocol='rbd' name='vms/web01-logs'>
    <host name='mon1.example' port='6789'/>
  </source>
  <target dev='vdc' bus='virtio'/>
</disk>
<disk type='file' device='cdrom'>
  <driver name='qemu' type='raw'/>
  <source file='/isos/rhel-9.2-x86_64-dvd.iso'/>
  <target dev='sda' bus='sata'/>
  <readonly/>
</disk>
<controller type='scsi' index='0' model='lsilogic'/>
<controller type='scsi' index='1' model='virtio-scsi'/>
<interface type='bridge'>
  <mac address='52:54:00:12:34:56'/>
  <source bridge='br-prod'/>
  <vlan><tag id='120'/></vlan>
  <model type='virtio'/>
  <target dev='vnet3'/>
</interface>
<interface type='network'>
  <mac address='52-54-00-65-43-21'/>
  <source network='backup' portgroup='nightly'/>
  <model type='rtl8139'/>
  <link state='down'/>
</interface>
<serial type='pty'><target port='0'/></serial>
<console type='pty'><target type='serial' port='0'/></console>
<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
  </devices>
</domain>"#;

#[test]
fn linux_with_mixed_disks_cdrom_and_two_nics() {
    let vm = import(LINUX);
    assert_eq!(vm.guest_os.family, OsFamily::Linux);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("9.2"));
    assert_eq!(vm.firmware.kind, FirmwareKind::Bios);
    assert_eq!(vm.memory.bytes, 4096 << 20);
    assert!(has_warning(&vm, "ballooned down to 2 GiB"));
    assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (4, 1, 1));
    assert!(vm.cpu.hotplug);

    assert_eq!(vm.disks.len(), 3);
    let vda = &vm.disks[0];
    assert_eq!(vda.id, "vda");
    assert_eq!(vda.bus, DiskBus::Virtio);
    assert_eq!(vda.format, Some(DiskFormat::Qcow2));
    assert_eq!(
        vda.source_path.as_deref(),
        Some("/var/lib/libvirt/images/web01.qcow2")
    );
    assert_eq!(vda.capacity_bytes, None);
    // Legacy <boot dev> order: cdrom first, then the first disk.
    assert_eq!(vda.boot_order, Some(2));
    assert!(has_warning(&vm, "rhel9-base.qcow2"));
    assert!(has_warning(&vm, "disk vda: libvirt XML does not record"));

    let sdb = &vm.disks[1];
    assert_eq!(sdb.bus, DiskBus::Scsi);
    assert_eq!(sdb.controller.as_deref(), Some("virtio-scsi"));
    assert_eq!(sdb.storage.as_deref(), Some("fast-ssd"));
    assert_eq!(sdb.source_path.as_deref(), Some("web01-data"));
    assert!(sdb.shared);

    let vdc = &vm.disks[2];
    assert_eq!(vdc.backing, DiskBacking::Network);
    assert_eq!(vdc.source_path.as_deref(), Some("rbd://vms/web01-logs"));
    assert_eq!(vdc.storage.as_deref(), Some("vms"));

    assert_eq!(vm.cdroms.len(), 1);
    assert_eq!(vm.cdroms[0].id, "sda");
    assert_eq!(vm.cdroms[0].bus, DiskBus::Sata);
    assert_eq!(
        vm.cdroms[0].image.as_deref(),
        Some("/isos/rhel-9.2-x86_64-dvd.iso")
    );
    assert_eq!(vm.cdroms[0].boot_order, Some(1));

    assert_eq!(vm.nics.len(), 2);
    let bridge = &vm.nics[0];
    assert_eq!(bridge.id, "vnet3");
    assert_eq!(bridge.attachment, NicAttachment::Bridged);
    assert_eq!(bridge.network.as_deref(), Some("br-prod"));
    assert_eq!(bridge.vlan, Some(120));
    assert_eq!(bridge.model, Some(NicModel::Virtio));
    let backup = &vm.nics[1];
    assert_eq!(backup.id, "net1");
    assert_eq!(backup.attachment, NicAttachment::Network);
    assert_eq!(backup.network.as_deref(), Some("backup"));
    assert_eq!(backup.mac.as_deref(), Some("52:54:00:65:43:21"));
    assert_eq!(backup.model, Some(NicModel::Rtl8139));
    assert!(!backup.connected);
    assert!(has_warning(&vm, "port group 'nightly'"));

    // The console is serial0 seen again: one serial device, not two.
    assert_eq!(vm.devices.len(), 1);
    assert_eq!(vm.devices[0].kind, DeviceKind::Serial);
}

#[test]
fn memory_units_follow_libvirt() {
    let with = |memory: &str| {
        import(&format!(
            "<domain type='qemu'><name>m</name>{memory}<vcpu>1</vcpu></domain>"
        ))
        .memory
        .bytes
    };
    assert_eq!(with("<memory>1048576</memory>"), 1 << 30);
    assert_eq!(with("<memory unit='KiB'>524288</memory>"), 512 << 20);
    assert_eq!(with("<memory unit='k'>1024</memory>"), 1 << 20);
    assert_eq!(with("<memory unit='MB'>1000</memory>"), 1_000_000_000);
    assert_eq!(with("<memory unit='M'>2048</memory>"), 2 << 30);
    assert_eq!(with("<memory unit='GiB'>16</memory>"), 16 << 30);
    assert_eq!(with("<memory unit='G'>2</memory>"), 2 << 30);
    assert_eq!(with("<memory unit='GB'>2</memory>"), 2_000_000_000);
    assert_eq!(with("<memory unit='TiB'>1</memory>"), 1 << 40);
    assert_eq!(with("<memory unit='bytes'>4096</memory>"), 4096);
    assert_eq!(with("<memory unit='b'>4096</memory>"), 4096);

    let err = refuse(
        "<domain type='qemu'><name>m</name>\n<memory unit='TiB'>99999999999</memory></domain>",
    );
    assert_eq!(err.kind.category(), "invalid");
    assert_eq!(err.location.line, Some(2));
    let err =
        refuse("<domain type='qemu'><name>m</name><memory unit='furlong'>1</memory></domain>");
    assert!(err.to_string().contains("furlong"), "{err}");
}

#[test]
fn topology_dies_fold_into_sockets_and_mismatch_falls_back() {
    let vm = import(
        "<domain type='kvm'><name>t</name><memory>1024</memory><vcpu>16</vcpu>\
         <cpu><topology sockets='2' dies='2' cores='2' threads='2'/></cpu></domain>",
    );
    assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (4, 2, 2));
    let vm = import(
        "<domain type='kvm'><name>t</name><memory>1024</memory><vcpu>6</vcpu>\
         <cpu><topology sockets='1' cores='4' threads='1'/></cpu></domain>",
    );
    assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (6, 1, 1));
    assert!(has_warning(&vm, "does not match the 6 vCPUs"));
}

#[test]
fn containers_are_refused() {
    let err = refuse(
        "<domain type='lxc'><name>c1</name><memory>500000</memory>\
         <os><type>exe</type><init>/sbin/init</init></os></domain>",
    );
    assert_eq!(err.kind.category(), "unsupported");
    assert!(err.to_string().contains("container"), "{err}");
}

#[test]
fn templates_are_refused() {
    let err = refuse(
        "<domain type='test'><name>w</name><memory>1024</memory><devices>\n\
         <disk type='file' device='disk'><source file='@abs_top_builddir@/w.img'/>\
         <target dev='vda'/></disk></devices></domain>",
    );
    assert_eq!(err.kind.category(), "unsupported");
    assert!(err.to_string().contains("@abs_top_builddir@"), "{err}");
    assert_eq!(err.location.line, Some(2));
    let err = refuse("<domain type='kvm'><name>a</name><uuid>{vm_uuid}</uuid></domain>");
    assert!(err.to_string().contains("{vm_uuid}"), "{err}");
    // Braces in free-text metadata are not placeholders.
    let vm = import(
        "<domain type='kvm'><name>a</name><memory>1024</memory>\
         <description>see {notes}</description></domain>",
    );
    assert_eq!(vm.description.as_deref(), Some("see {notes}"));
    // Non-ASCII names and paths are not placeholders either.
    let vm = import(
        "<domain type='kvm'><name>虚拟机-café</name><memory>1024</memory><devices>\
         <disk type='file' device='disk'><source file='/données/vm@é.qcow2'/>\
         <target dev='vda' bus='virtio'/></disk></devices></domain>",
    );
    assert_eq!(vm.name, "虚拟机-café");
    assert_eq!(
        vm.disks[0].source_path.as_deref(),
        Some("/données/vm@é.qcow2")
    );
}

#[test]
fn multidoc_files_import_the_last_document() {
    let text = r#"<domain type="kvm">
  <name>f38</name>
  <description>a &lt;domain type="x"&gt; in text, and <![CDATA[<domain>]]></description>
  <memory>2097152</memory>
  <os><type arch="x86_64">hvm</type><kernel>/tmp/vmlinuz</kernel></os>
  <devices>
<disk type="file" device="cdrom"><source file="/isos/f38.iso"/><target dev="sda" bus="sata"/></disk>
<interface type="network"><source network="x/>default"/></interface>
  </devices>
</domain>
<!-- second phase -->
<domain type="kvm">
  <name>f38</name>
  <memory>2097152</memory>
  <os><type arch="x86_64">hvm</type><boot dev="hd"/></os>
  <devices>
<disk type="file" device="disk"><driver type="qcow2"/><source file="/img/f38.qcow2"/><target dev="vda" bus="virtio"/></disk>
<disk type="file" device="cdrom"><target dev="sda" bus="sata"/></disk>
  </devices>
</domain>
"#;
    let vm = import(text);
    assert_eq!(vm.name, "f38");
    assert!(
        vm.warnings[0].contains("2 <domain> documents"),
        "{:?}",
        vm.warnings
    );
    assert_eq!(vm.disks.len(), 1);
    assert_eq!(vm.disks[0].boot_order, Some(1));
    assert_eq!(vm.cdroms[0].image, None);
    assert!(vm.nics.is_empty());
    assert!(!has_warning(&vm, "kernel"));

    // Errors in the last document point at its real line.
    let broken = text.replace("<boot dev=\"hd\"/>", "<boot dev=\"hd\" dev=\"cdrom\"/>");
    let err = refuse(&broken);
    assert_eq!(err.kind.category(), "malformed");
    assert_eq!(err.location.line, Some(15));
    // An unbalanced last document is still refused, with the parser's own error.
    let broken = text.replace("<boot dev=\"hd\"/>", "<boot dev=\"hd\">");
    assert_eq!(refuse(&broken).kind.category(), "malformed");
}

#[test]
fn entity_bombs_are_refused() {
    let err = refuse(
        r#"<?xml version="1.0"?>
<!DOCTYPE domain [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<domain type="kvm"><name>&b;</name></domain>"#,
    );
    assert_eq!(err.kind.category(), "unsupported");
    assert!(err.to_string().contains("DTD"), "{err}");
}

#[test]
fn passthrough_devices_and_floppies_are_accounted_for() {
    let vm = import(
        r#"<domain type='kvm'><name>gpu</name><memory>1048576</memory>
  <devices>
<disk type='block' device='lun'><source dev='/dev/sdx'/><target dev='sdc' bus='scsi'/></disk>
<disk type='file' device='floppy'><source file='/img/drivers.vfd'/><target dev='fda' bus='fdc'/></disk>
<hostdev mode='subsystem' type='pci' managed='yes'>
  <source><address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/></source>
</hostdev>
<hostdev mode='subsystem' type='usb'><source><vendor id='0x1050'/><product id='0x0407'/></source></hostdev>
<hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address uuid='c2177883-f1bb-47f0-914d-32a22e3a8804'/></source></hostdev>
<interface type='hostdev'><mac address='00:11:22:33:44:55'/>
  <source><address type='pci' domain='0' bus='5' slot='16' function='1'/></source></interface>
<interface type='vhostuser'><source type='unix' path='/run/vhost.sock' mode='server'/></interface>
<tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>
  </devices></domain>"#,
    );
    assert_eq!(vm.disks[0].backing, DiskBacking::Passthrough);
    assert_eq!(vm.disks[0].source_path.as_deref(), Some("/dev/sdx"));
    let kinds: Vec<DeviceKind> = vm.devices.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        vec![
            DeviceKind::Floppy,
            DeviceKind::PciPassthrough,
            DeviceKind::UsbPassthrough,
            DeviceKind::Gpu,
            DeviceKind::PciPassthrough
        ]
    );
    assert_eq!(vm.devices[1].description, "host PCI device 0000:3b:00.0");
    assert_eq!(vm.devices[2].description, "host USB device 1050:0407");
    assert!(vm.devices[4].description.contains("0000:05:10.1"));
    assert!(has_warning(&vm, "floppy fda"));
    assert_eq!(vm.nics[0].attachment, NicAttachment::Passthrough);
    assert_eq!(vm.nics[1].attachment, NicAttachment::Other);
    assert!(has_warning(&vm, "interface net1"));
    assert_eq!(
        vm.tpm,
        Some(Tpm {
            version: None,
            passthrough: true
        })
    );
}

#[test]
fn vmware_domains_keep_their_datastore() {
    let vm = import(
        r#"<domain type='vmware'><name>esx1</name><memory unit='KiB'>1048576</memory>
  <vcpu>2</vcpu><os><type arch='x86_64'>hvm</type></os>
  <devices>
<disk type='file' device='disk'>
  <source file='[datastore1] esx1/esx1.vmdk'/>
  <target dev='sda' bus='scsi'/>
  <address type='drive' controller='0' bus='0' target='0' unit='0'/>
</disk>
<controller type='scsi' index='0' model='vmpvscsi'/>
<interface type='bridge'><mac address='00:50:56:aa:bb:01'/>
  <source bridge='VM Network'/><model type='vmxnet3'/></interface>
  </devices></domain>"#,
    );
    let disk = &vm.disks[0];
    assert_eq!(disk.storage.as_deref(), Some("datastore1"));
    assert_eq!(disk.format, Some(DiskFormat::Vmdk));
    assert_eq!(disk.controller.as_deref(), Some("vmpvscsi"));
    assert_eq!((vm.cpu.sockets, vm.cpu.cores), (2, 1));
    assert_eq!(vm.nics[0].network.as_deref(), Some("VM Network"));
    assert_eq!(vm.nics[0].model, Some(NicModel::Vmxnet3));
}

#[test]
fn hostile_input_stays_linear_and_refused() {
    let braces = "{".repeat(200_000);
    let vm = import(&format!(
        "<domain type='kvm'><name>a</name><memory>1024</memory><on_crash>{braces}</on_crash></domain>"
    ));
    assert_eq!(vm.name, "a");
    let many = "<domain type='kvm'><name>a</name></domain>".repeat(5_000);
    assert_eq!(refuse(&many).kind.category(), "malformed");
    let deep = format!("<domain type='kvm'><name>a</name>{}", "<x>".repeat(100_000));
    assert_eq!(refuse(&deep).kind.category(), "malformed");
}

#[test]
fn test_driver_node_files_yield_one_vm_per_domain() {
    let file = SourceFile::from_bytes(
        "node.xml",
        r#"<node>
  <domain type='test'><name>a</name><memory>1048576</memory><vcpu>2</vcpu></domain>
  <network><name>default</name></network>
  <domain type='test'><name>b</name><memory unit='GiB'>2</memory></domain>
</node>"#
            .as_bytes()
            .to_vec(),
    );
    let vms = parse(&file).unwrap_or_else(|e| panic!("{e}"));
    let summary: Vec<(&str, Option<usize>, u64, Option<u32>)> = vms
        .iter()
        .map(|vm| {
            (
                vm.name.as_str(),
                vm.source.index,
                vm.memory.bytes,
                vm.cpu.vcpus(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("a", Some(0), 1 << 30, Some(2)),
            ("b", Some(1), 2 << 30, Some(1))
        ]
    );
}

#[test]
fn looks_like_wants_a_domain_root() {
    assert!(looks_like(
        "<?xml version='1.0'?>\n<!-- x -->\n<domain type='kvm'>"
    ));
    assert!(looks_like("<domain>"));
    assert!(!looks_like("<domainx>"));
    assert!(!looks_like("<Envelope><domain/>"));
}

#[test]
fn nameless_domains_and_other_roots_are_refused() {
    let err = refuse("<domain type='kvm'><memory>1</memory></domain>");
    assert_eq!(err.kind.category(), "invalid");
    let err = refuse("<network><name>default</name></network>");
    assert!(err.to_string().contains("<network>"), "{err}");
}

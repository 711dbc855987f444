//! Unit tests of the vmx importer.

use super::*;
#[allow(unused_imports)]
use crate::guest::{Arch, OsFamily};
use crate::model::{DiskBacking, FirmwareKind};

fn parse_str(name: &str, text: &str) -> VmSpec {
    parse_bytes(name, text.as_bytes())
}

fn parse_bytes(name: &str, bytes: &[u8]) -> VmSpec {
    let mut vms = parse(&SourceFile::from_bytes(name, bytes.to_vec())).unwrap();
    assert_eq!(vms.len(), 1);
    vms.remove(0)
}

fn warned(vm: &VmSpec, needle: &str) -> bool {
    vm.warnings.iter().any(|w| w.contains(needle))
}

const WIN2019: &str = r#".encoding = "UTF-8"
config.version = "8"
virtualHW.version = "19"
displayName = "web01"
guestOS = "windows2019srv-64"
firmware = "efi"
uefi.secureBoot.enabled = "TRUE"
vtpm.present = "TRUE"
numvcpus = "4"
cpuid.coresPerSocket = "2"
memSize = "8192"
vcpu.hotadd = "TRUE"
mem.hotadd = "FALSE"
uuid.bios = "42 1e 6f 0a 3b 5c 9d 11-8a 2b 00 50 56 9e 01 02"
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.present = "TRUE"
scsi0:0.deviceType = "scsi-hardDisk"
scsi0:0.fileName = "/vmfs/volumes/datastore1/web01/web01.vmdk"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "Prod-VLAN20"
ethernet0.addressType = "vpx"
ethernet0.generatedAddress = "00:50:56:9E:01:02"
sched.swap.derivedName = "/vmfs/volumes/datastore1/web01/web01-1a2b.vswp"
"#;

#[test]
fn windows_server_2019_with_efi_secure_boot_vtpm_and_sized_pvscsi_disk() {
    let dir = tempfile::tempdir().unwrap();
    let vmx_path = dir.path().join("web01.vmx");
    std::fs::write(&vmx_path, WIN2019).unwrap();
    std::fs::write(
        dir.path().join("web01.vmdk"),
        "# Disk DescriptorFile\nversion=1\ncreateType=\"vmfs\"\n\nRW 83886080 VMFS \"web01-flat.vmdk\"\n",
    )
    .unwrap();
    let file = SourceFile::read(&vmx_path).unwrap();
    let vm = parse(&file).unwrap().remove(0);

    assert_eq!(vm.name, "web01");
    assert_eq!(
        vm.uuid.as_deref(),
        Some("421e6f0a-3b5c-9d11-8a2b-0050569e0102")
    );
    assert_eq!(vm.guest_os.family, OsFamily::Windows);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("2019"));
    assert_eq!(vm.guest_os.arch, Arch::X86_64);
    assert_eq!(vm.guest_os.source_id.as_deref(), Some("windows2019srv-64"));
    assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
    assert!(vm.firmware.secure_boot);
    assert_eq!(
        vm.tpm.as_ref().and_then(|t| t.version.as_deref()),
        Some("2.0")
    );
    assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (2, 2, 1));
    assert!(vm.cpu.hotplug);
    assert_eq!(vm.memory.bytes, 8 << 30);
    assert!(!vm.memory.hotplug);
    assert_eq!(vm.machine_type.as_deref(), Some("vmx-19"));

    assert_eq!(vm.disks.len(), 1);
    let disk = &vm.disks[0];
    assert_eq!(disk.id, "scsi0:0");
    assert_eq!(disk.bus, DiskBus::Scsi);
    assert_eq!(disk.controller.as_deref(), Some("pvscsi"));
    assert_eq!(disk.capacity_bytes, Some(40 << 30));
    assert_eq!(disk.storage.as_deref(), Some("datastore1"));
    assert_eq!(disk.format, Some(DiskFormat::Vmdk));
    assert_eq!(disk.backing, DiskBacking::File);

    assert_eq!(vm.nics.len(), 1);
    let nic = &vm.nics[0];
    assert_eq!(nic.model, Some(NicModel::Vmxnet3));
    assert_eq!(nic.mac.as_deref(), Some("00:50:56:9e:01:02"));
    assert_eq!(nic.network.as_deref(), Some("Prod-VLAN20"));
    assert_eq!(nic.attachment, NicAttachment::Bridged);
    assert!(vm.warnings.is_empty(), "{:?}", vm.warnings);
}

#[test]
fn linux_bios_vm_with_several_disks_and_nics() {
    let text = "config.version = \"8\"\r\n\
virtualHW.version = \"13\"\r\n\
displayName = \"db02\"\r\n\
guestOS = \"rhel9-64\"\r\n\
numvcpus = \"6\"\r\n\
cpuid.coresPerSocket = \"4\"\r\n\
memsize = \"16384\"\r\n\
bios.bootOrder = \"cdrom,hdd\"\r\n\
scsi0.present = \"TRUE\"\r\n\
scsi0.virtualDev = \"lsilogic\"\r\n\
scsi0:0.present = \"TRUE\"\r\n\
scsi0:0.fileName = \"db02.vmdk\"\r\n\
scsi0:1.present = \"TRUE\"\r\n\
scsi0:1.fileName = \"[san-ds2] db02/db02_1.vmdk\"\r\n\
scsi0:1.mode = \"independent-nonpersistent\"\r\n\
scsi1.present = \"TRUE\"\r\n\
scsi1.virtualDev = \"lsisas1068\"\r\n\
scsi1.sharedBus = \"physical\"\r\n\
scsi1:0.present = \"TRUE\"\r\n\
scsi1:0.deviceType = \"scsi-hardDisk\"\r\n\
scsi1:0.fileName = \"/vmfs/volumes/quorum/db02/quorum.vmdk\"\r\n\
scsi1:0.mode = \"independent-persistent\"\r\n\
sata0.present = \"TRUE\"\r\n\
sata0:0.present = \"TRUE\"\r\n\
sata0:0.deviceType = \"cdrom-image\"\r\n\
sata0:0.fileName = \"/vmfs/volumes/isos/rhel-9.3-x86_64-dvd.iso\"\r\n\
ide1:0.present = \"TRUE\"\r\n\
ide1:0.deviceType = \"cdrom-raw\"\r\n\
ide1:0.fileName = \"auto detect\"\r\n\
ethernet0.present = \"TRUE\"\r\n\
ethernet0.virtualDev = \"e1000\"\r\n\
ethernet0.connectionType = \"bridged\"\r\n\
ethernet0.addressType = \"static\"\r\n\
ethernet0.address = \"00:50:56:3F:00:10\"\r\n\
ethernet1.present = \"TRUE\"\r\n\
ethernet1.connectionType = \"custom\"\r\n\
ethernet1.vnet = \"vmnet3\"\r\n\
ethernet1.addressType = \"generated\"\r\n\
ethernet1.generatedAddress = \"00:0c:29:aa:bb:cd\"\r\n\
ethernet1.startConnected = \"FALSE\"\r\n\
ethernet2.present = \"TRUE\"\r\n\
ethernet2.virtualDev = \"e1000e\"\r\n\
ethernet2.connectionType = \"nat\"\r\n\
ethernet2.addressType = \"generated\"\r\n\
ethernet2.generatedAddress = \"00:0c:29:aa:bb:d7\"\r\n";
    let vm = parse_str("db02.vmx", text);
    assert_eq!(vm.firmware.kind, FirmwareKind::Bios);
    assert_eq!(vm.guest_os.family, OsFamily::Linux);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("9"));
    assert_eq!((vm.cpu.sockets, vm.cpu.cores), (1, 6));
    assert!(warned(&vm, "not a multiple of cpuid.coresPerSocket"));
    assert_eq!(vm.memory.bytes, 16 << 30);

    let ids: Vec<&str> = vm.disks.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["scsi0:0", "scsi0:1", "scsi1:0"]);
    let [d0, d1, d2] = [&vm.disks[0], &vm.disks[1], &vm.disks[2]];
    assert_eq!(d0.controller.as_deref(), Some("lsilogic"));
    assert_eq!(d0.storage, None);
    assert_eq!(d0.boot_order, Some(2));
    assert_eq!(d1.mode, DiskMode::IndependentNonpersistent);
    assert_eq!(d1.storage.as_deref(), Some("san-ds2"));
    assert_eq!(d2.controller.as_deref(), Some("lsisas1068"));
    assert!(d2.shared);
    assert!(!d0.shared);
    assert_eq!(d2.mode, DiskMode::IndependentPersistent);
    assert_eq!(d2.storage.as_deref(), Some("quorum"));
    assert!(vm.disks.iter().all(|d| d.capacity_bytes.is_none()));
    assert!(warned(
        &vm,
        "Disk capacity unknown for scsi0:0, scsi0:1, scsi1:0"
    ));

    assert_eq!(vm.cdroms.len(), 2);
    assert_eq!(vm.cdroms[0].id, "sata0:0");
    assert_eq!(vm.cdroms[0].bus, DiskBus::Sata);
    assert_eq!(
        vm.cdroms[0].image.as_deref(),
        Some("/vmfs/volumes/isos/rhel-9.3-x86_64-dvd.iso")
    );
    assert_eq!(vm.cdroms[0].boot_order, Some(1));
    assert_eq!(vm.cdroms[1].id, "ide1:0");
    assert_eq!(vm.cdroms[1].image, None);
    assert!(warned(&vm, "ide1:0 is the host's CD/DVD drive"));

    assert_eq!(vm.nics.len(), 3);
    let [n0, n1, n2] = [&vm.nics[0], &vm.nics[1], &vm.nics[2]];
    assert_eq!(n0.model, Some(NicModel::E1000));
    assert_eq!(n0.mac.as_deref(), Some("00:50:56:3f:00:10"));
    assert_eq!(n0.attachment, NicAttachment::Bridged);
    assert!(n0.connected);
    assert_eq!(n1.model, Some(NicModel::Pcnet));
    assert_eq!(n1.network.as_deref(), Some("vmnet3"));
    assert_eq!(n1.attachment, NicAttachment::Network);
    assert_eq!(n1.mac.as_deref(), Some("00:0c:29:aa:bb:cd"));
    assert!(!n1.connected);
    assert_eq!(n2.model, Some(NicModel::E1000e));
    assert_eq!(n2.attachment, NicAttachment::Nat);
    assert_eq!(n2.vlan, None);
}

#[test]
fn hex_escapes_are_decoded_in_values() {
    let vm = parse_str(
        "a.vmx",
        "config.version = \"8\"\n\
displayName = \"build |2342 |7C nightly\"\n\
annotation = \"Owner: ops|0AUses |22blue|22 pool|0Abad |ZZ stays\"\n",
    );
    assert_eq!(vm.name, "build #42 | nightly");
    assert_eq!(
        vm.description.as_deref(),
        Some("Owner: ops\nUses \"blue\" pool\nbad |ZZ stays")
    );
}

#[test]
fn declared_code_pages_decode_names() {
    let mut cp1252 =
        b".encoding = \"windows-1252\"\nconfig.version = \"8\"\ndisplayName = \"Caf".to_vec();
    cp1252.extend_from_slice(b"\xe9 \xc0 la carte\"\n");
    let vm = parse_bytes("cafe.vmx", &cp1252);
    assert_eq!(vm.name, "Café À la carte");
    assert!(!warned(&vm, "encoding"), "{:?}", vm.warnings);

    let mut gbk = b".encoding = \"GBK\"\r\nconfig.version = \"8\"\r\ndisplayName = \"".to_vec();
    gbk.extend_from_slice(b"\xd0\xe9\xc4\xe2\xbb\xfa 1\"\r\n");
    let vm = parse_bytes("vm.vmx", &gbk);
    assert_eq!(vm.name, "虚拟机 1");

    let mut korean =
        b".encoding = \"windows-949-2000\"\nguestOS = \"centos7-64\"\ndisplayName = \"".to_vec();
    korean.extend_from_slice(b"\xbd\xc7\xc7\xe0\"\n");
    let vm = parse_bytes("k.vmx", &korean);
    assert_eq!(vm.name, "실행");
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("7"));
}

#[test]
fn undeclared_non_utf8_falls_back_to_windows_1252() {
    let vm = parse_bytes(
        "old.vmx",
        b"config.version = \"8\"\ndisplayName = \"M\xfcller\"\n",
    );
    assert_eq!(vm.name, "Müller");
    assert!(warned(&vm, "read as windows-1252"));
}

#[test]
fn declared_utf8_that_is_not_is_repaired_with_a_warning_naming_the_line() {
    let vm = parse_bytes(
        "lie.vmx",
        b".encoding = \"UTF-8\"\nconfig.version = \"8\"\ndisplayName = \"ok\"\nsharedFolder0.present = \"TRUE\"\nsharedFolder0.hostPath = \"D:\\\xe5\xa4?\n",
    );
    assert_eq!(vm.name, "ok");
    assert!(warned(&vm, "line(s) 5 are not valid UTF-8"));
    assert!(warned(
        &vm,
        "Line 5: the value of sharedFolder0.hostPath has no closing quote"
    ));
    assert_eq!(vm.devices.len(), 1);
    assert!(vm.devices[0].description.contains('\u{fffd}'));
}

#[test]
fn devices_with_present_false_are_ignored_without_warnings() {
    let vm = parse_str(
        "off.vmx",
        "config.version = \"8\"\n\
displayName = \"off\"\n\
memsize = \"1024\"\n\
scsi0.present = \"TRUE\"\n\
scsi0:0.present = \"TRUE\"\n\
scsi0:0.fileName = \"off.vmdk\"\n\
scsi0:1.present = \"false\"\n\
scsi0:1.fileName = \"gone.vmdk\"\n\
ide1:0.present = \"FALSE\"\n\
ide1:0.deviceType = \"cdrom-raw\"\n\
ethernet0.present = \"False\"\n\
ethernet0.address = \"00:50:56:00:00:01\"\n\
floppy0.present = \"FALSE\"\n\
floppy0.fileName = \"/dev/fd0\"\n\
serial0.present = \"FALSE\"\n\
serial0.fileName = \"/dev/ttyS0\"\n\
sound.present = \"FALSE\"\n\
usb.present = \"FALSE\"\n\
sharedFolder0.present = \"FALSE\"\n\
sharedFolder0.hostPath = \"/home\"\n",
    );
    assert_eq!(vm.disks.len(), 1);
    assert_eq!(vm.disks[0].id, "scsi0:0");
    assert!(vm.cdroms.is_empty());
    assert!(vm.nics.is_empty());
    assert!(vm.devices.is_empty());
    for id in [
        "scsi0:1",
        "ide1:0",
        "ethernet0",
        "floppy0",
        "serial0",
        "sharedFolder0",
    ] {
        assert!(!warned(&vm, id), "{id} warned: {:?}", vm.warnings);
    }
}

#[test]
fn malformed_lines_are_errors_naming_the_line() {
    let file = SourceFile::from_bytes(
        "bad.vmx",
        b"config.version = \"8\"\n# comment\nmemsize 1024\n".to_vec(),
    );
    let err = parse(&file).unwrap_err();
    assert_eq!(err.kind.category(), "malformed");
    assert_eq!(err.location.line, Some(3));
    assert!(err.to_string().starts_with("bad.vmx:3: "), "{err}");

    let file = SourceFile::from_bytes(
        "bad.vmx",
        b"config.version = \"8\"\r\ndisplayName = \"a\" junk\r\n".to_vec(),
    );
    let err = parse(&file).unwrap_err();
    assert_eq!(err.location.line, Some(2));

    let file = SourceFile::from_bytes(
        "bad.vmx",
        b"config.version = \"8\"\nmemsize = \"lots\"\n".to_vec(),
    );
    let err = parse(&file).unwrap_err();
    assert_eq!(err.kind.category(), "invalid");
    assert_eq!(err.location.line, Some(2));

    let file = SourceFile::from_bytes(
        "huge.vmx",
        b"config.version = \"8\"\nmemsize = \"18446744073709551615\"\n".to_vec(),
    );
    assert_eq!(parse(&file).unwrap_err().location.line, Some(2));
}

#[test]
fn keys_are_case_insensitive_and_values_may_be_unquoted() {
    let vm = parse_str(
        "UPPER.VMX",
        "CONFIG.VERSION = \"8\"\nDISPLAYNAME = \"FEDORA11\"\nMEMSIZE = 1024\nNUMVCPUS = 2 # two\n\
SCSI0.PRESENT = \"TRUE\"\nSCSI0.VIRTUALDEV = \"LSILOGIC\"\nSCSI0:0.PRESENT = \"TRUE\"\n\
SCSI0:0.FILENAME = \"FEDORA11.VMDK\"\nETHERNET0.PRESENT = \"TRUE\"\n\
ETHERNET0.ADDRESSTYPE = \"VPX\"\nETHERNET0.GENERATEDADDRESS = \"00:50:56:91:48:C7\"\n",
    );
    assert_eq!(vm.name, "FEDORA11");
    assert_eq!(vm.memory.bytes, 1 << 30);
    assert_eq!(vm.cpu.vcpus(), Some(2));
    assert_eq!(vm.disks[0].controller.as_deref(), Some("lsilogic"));
    assert_eq!(vm.disks[0].format, Some(DiskFormat::Vmdk));
    assert_eq!(vm.nics[0].mac.as_deref(), Some("00:50:56:91:48:c7"));
}

#[test]
fn pinning_numa_disk_uuid_and_hot_remove_are_recorded() {
    let vm = parse_str(
        "pinned.vmx",
        "displayName = \"pinned\"\nguestOS = \"rhel8-64\"\nnumvcpus = \"2\"\nmemSize = \"1024\"\n\
         sched.cpu.affinity = \"0,1\"\nnuma.nodeAffinity = \"1\"\ndisk.EnableUUID = \"TRUE\"\n\
         vcpu.hotremove = \"TRUE\"\n",
    );
    assert_eq!(vm.cpu_affinity.as_deref(), Some("0,1"));
    assert_eq!(vm.numa_affinity.as_deref(), Some("1"));
    assert!(vm.disk_uuid);
    assert!(vm.cpu.hotplug);
    assert!(vm.warnings.iter().any(|w| w.contains("numa.nodeAffinity")));

    let free = parse_str(
        "free.vmx",
        "displayName = \"free\"\nnumvcpus = \"2\"\nmemSize = \"1024\"\nsched.cpu.affinity = \"all\"\n\
         sched.mem.affinity = \"all\"\n",
    );
    assert_eq!(
        (free.cpu_affinity, free.numa_affinity, free.disk_uuid),
        (None, None, false)
    );
}

#[test]
fn raw_disks_stay_disks_and_scsi_passthrough_becomes_a_device() {
    let vm = parse_str(
        "mac.vmx",
        "config.version = \"8\"\nguestOS = \"darwin19-64\"\nfirmware = \"efi\"\nsmc.present = \"TRUE\"\n\
sata0.present = \"TRUE\"\nsata0:0.present = \"TRUE\"\nsata0:0.deviceType = \"rawDisk\"\n\
sata0:0.fileName = \"macOS.vmdk\"\nscsi0.present = \"TRUE\"\nscsi0:3.present = \"TRUE\"\n\
scsi0:3.deviceType = \"scsi-passthru\"\nscsi0:3.fileName = \"/vmfs/devices/genscsi/tape0\"\n\
scsi1:0.present = \"TRUE\"\nscsi1:0.fileName = \"orphan.vmdk\"\n",
    );
    assert_eq!(vm.guest_os.family, OsFamily::MacOs);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("10.15"));
    assert!(warned(&vm, "smc.present"));
    assert_eq!(vm.disks.len(), 1);
    assert_eq!(vm.disks[0].id, "sata0:0");
    assert_eq!(vm.disks[0].backing, DiskBacking::Passthrough);
    assert_eq!(vm.disks[0].controller.as_deref(), Some("ahci"));
    assert_eq!(vm.devices.len(), 1);
    assert_eq!(vm.devices[0].kind, DeviceKind::ScsiPassthrough);
    assert!(vm.devices[0].description.starts_with("scsi0:3 "));
    assert!(warned(
        &vm,
        "scsi1:0 sits on controller scsi1, which is not present"
    ));
}

#[test]
fn ports_floppies_usb_sound_folders_and_passthrough_become_devices() {
    let vm = parse_str(
        "dev.vmx",
        "config.version = \"8\"\nfloppy0.present = \"TRUE\"\nfloppy0.fileType = \"file\"\n\
floppy0.fileName = \"boot.flp\"\nserial0.present = \"TRUE\"\nserial0.fileType = \"network\"\n\
serial0.fileName = \"tcp://10.0.0.5:7001\"\nserial0.network.endPoint = \"server\"\n\
parallel0.present = \"TRUE\"\nparallel0.fileType = \"device\"\nparallel0.fileName = \"/dev/parport0\"\n\
usb.present = \"TRUE\"\nehci.present = \"TRUE\"\nsound.present = \"TRUE\"\nsound.virtualDev = \"hdaudio\"\n\
sharedFolder0.present = \"TRUE\"\nsharedFolder0.hostPath = \"/srv/share\"\nsharedFolder0.guestName = \"share\"\n\
pciPassthru0.present = \"TRUE\"\npciPassthru0.id = \"0000:3b:00.0\"\n\
pciPassthru1.present = \"TRUE\"\npciPassthru1.vgpu = \"grid_t4-2q\"\n",
    );
    let kinds: Vec<DeviceKind> = vm.devices.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DeviceKind::Floppy,
            DeviceKind::Serial,
            DeviceKind::Parallel,
            DeviceKind::UsbController,
            DeviceKind::UsbController,
            DeviceKind::Sound,
            DeviceKind::SharedFolder,
            DeviceKind::PciPassthrough,
            DeviceKind::Gpu,
        ]
    );
    assert_eq!(
        vm.devices[1].description,
        "serial0 (serial port, network, tcp://10.0.0.5:7001, server end)"
    );
    assert_eq!(vm.devices[7].description, "pciPassthru0 0000:3b:00.0");
    assert!(vm.devices[6].description.contains("/srv/share"));
}

#[test]
fn fully_encrypted_configurations_are_refused() {
    let file = SourceFile::from_bytes(
        "enc.vmx",
        b".encoding = \"UTF-8\"\ndisplayName = \"secret\"\nencryption.keySafe = \"vmware:key/list\"\nencryption.data = \"n0C3+Fton\"\n".to_vec(),
    );
    let err = parse(&file).unwrap_err();
    assert_eq!(err.kind.category(), "unsupported");
    assert!(err.to_string().contains("encrypted"));

    let file = SourceFile::from_bytes("x.vmx", b"# nothing\nfoo = \"bar\"\n".to_vec());
    assert_eq!(parse(&file).unwrap_err().kind.category(), "invalid");

    let file = SourceFile::from_bytes(
        "t.vmx",
        b"config.version = \"8\"\ndisplayName = \"box\"\nscsi0:0.fileName = \"${disk_image}\"\n"
            .to_vec(),
    );
    let err = parse(&file).unwrap_err();
    assert_eq!(err.kind.category(), "unsupported");
    assert_eq!(err.location.line, Some(3));
    assert!(err.to_string().contains("${disk_image}"), "{err}");
    let file = SourceFile::from_bytes(
        "t.vmx",
        b"config.version = \"8\"\nmemsize = \"@MEMORY@\"\n".to_vec(),
    );
    assert_eq!(parse(&file).unwrap_err().location.line, Some(2));
    assert_eq!(find_placeholder("Ubuntu 64 {0CF7ED36-2DAC-4762}"), None);
    assert_eq!(find_placeholder("me@example.com"), None);
}

#[test]
fn detection_accepts_vmx_heads_and_rejects_xen_configs() {
    assert!(looks_like("#!/usr/bin/vmware\n.encoding = \"UTF-8\"\n"));
    assert!(looks_like(
        "config.version = \"8\"\nvirtualHW.version = \"4\"\n"
    ));
    assert!(looks_like("SCSI0.PRESENT = \"TRUE\"\n"));
    assert!(!looks_like(
        "name = \"xen-hvm\"\nbuilder = \"hvm\"\nmemory = 1024\nvcpus = 2\n"
    ));
    assert!(!looks_like("boot: order=scsi0\ncores: 2\n"));
}

#[test]
fn missing_name_falls_back_to_the_file_stem() {
    let vm = parse_str(
        "/tmp/vms/legacy box.vmx",
        "config.version = \"8\"\nmemsize = \"512\"\n",
    );
    assert_eq!(vm.name, "legacy box");
    assert!(warned(&vm, "no displayName"));
    assert_eq!((vm.cpu.sockets, vm.cpu.cores), (1, 1));
}

/// A disk named by a bare file name is the descriptor beside the `.vmx` that gave its size:
/// it counts as compared with its image (`images::read_sizes` does not read it again, and
/// the size's origin is `spec`, as that second read made it). A datastore path is not the
/// file read beside the `.vmx`: its image is still looked for.
#[test]
fn a_descriptor_beside_the_vmx_is_the_image_a_bare_file_name_names() {
    let dir = tempfile::tempdir().unwrap();
    let descriptor = "# Disk DescriptorFile\nversion=1\ncreateType=\"vmfs\"\n\nRW 2097152 VMFS \"d-flat.vmdk\"\n";
    for name in ["d.vmdk", "e.vmdk"] {
        std::fs::write(dir.path().join(name), descriptor).unwrap();
    }
    let vmx_path = dir.path().join("vm.vmx");
    std::fs::write(
        &vmx_path,
        "config.version = \"8\"\nvirtualHW.version = \"19\"\ndisplayName = \"vm\"\n\
         guestOS = \"ubuntu-64\"\nmemSize = \"1024\"\nscsi0.present = \"TRUE\"\n\
         scsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"d.vmdk\"\n\
         scsi0:1.present = \"TRUE\"\nscsi0:1.fileName = \"/vmfs/volumes/ds1/vm/e.vmdk\"\n",
    )
    .unwrap();
    let vm = parse(&SourceFile::read(&vmx_path).unwrap())
        .unwrap()
        .remove(0);
    let disks: Vec<_> = vm
        .disks
        .iter()
        .map(|d| (d.id.as_str(), d.capacity_bytes, d.size_source))
        .collect();
    assert_eq!(
        disks,
        [
            ("scsi0:0", Some(1 << 30), Some(SizeSource::Spec)),
            ("scsi0:1", Some(1 << 30), None),
        ]
    );
}

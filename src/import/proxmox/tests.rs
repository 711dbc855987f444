//! Unit tests of the proxmox importer.

use super::*;
#[allow(unused_imports)]
use crate::guest::{Arch, OsFamily};

fn import(name: &str, text: &str) -> VmSpec {
    let file = SourceFile::from_bytes(name, text.as_bytes().to_vec());
    let mut vms = parse(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vms.len(), 1);
    vms.remove(0)
}

fn warned(vm: &VmSpec, needle: &str) -> bool {
    vm.warnings.iter().any(|w| w.contains(needle))
}

const WIN11: &str = "\
#Windows 11 desk%3A finance team
bios: ovmf
boot: order=scsi0;ide2;net0
cores: 4
cpu: host
efidisk0: local-lvm:vm-101-disk-0,efitype=4m,pre-enrolled-keys=1,size=4M
ide2: local:iso/Win11_23H2_English_x64.iso,media=cdrom,size=6653034K
machine: pc-q35-8.1
memory: 16384
name: win11-desk
net0: virtio=BC:24:11:AA:BB:01,bridge=vmbr0,firewall=1,tag=20
net1: e1000=bc:24:11:aa:bb:02,bridge=vmbr1,tag=30,link_down=1
numa: 0
ostype: win11
sata0: nas:101/vm-101-disk-2.qcow2,backup=0,size=200G
scsi0: local-lvm:vm-101-disk-1,cache=writeback,discard=on,iothread=1,size=128G,ssd=1
scsihw: virtio-scsi-single
smbios1: uuid=5a1c2f3e-8d4b-4c6a-9e2f-1b3c4d5e6f70
sockets: 2
tpmstate0: local-lvm:vm-101-disk-3,size=4M,version=v2.0
vmgenid: 0d3b2a4c-1e5f-4a6b-8c7d-9e0f1a2b3c4d
";

#[test]
fn windows_11_with_secure_boot_tpm_disks_cdrom_and_vlans() {
    let vm = import("101.conf", WIN11);
    assert_eq!(vm.name, "win11-desk");
    assert_eq!(
        vm.uuid.as_deref(),
        Some("5a1c2f3e-8d4b-4c6a-9e2f-1b3c4d5e6f70")
    );
    assert_eq!(
        vm.description.as_deref(),
        Some("Windows 11 desk: finance team")
    );
    assert_eq!(vm.guest_os.family, OsFamily::Windows);
    assert_eq!(vm.guest_os.version_text().as_deref(), Some("11"));
    assert_eq!(vm.guest_os.source_id.as_deref(), Some("win11"));
    assert_eq!(vm.guest_os.arch, Arch::X86_64);
    assert_eq!(vm.firmware.kind, FirmwareKind::Uefi);
    assert!(vm.firmware.secure_boot);
    assert_eq!(vm.machine_type.as_deref(), Some("pc-q35-8.1"));
    assert_eq!(
        vm.tpm.as_ref().and_then(|t| t.version.as_deref()),
        Some("2.0")
    );
    assert_eq!((vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads), (2, 4, 1));
    assert_eq!(vm.memory.bytes, 16384 << 20);

    // Proxmox order: ide, sata, scsi, virtio; the efidisk and TPM state are not disks.
    let ids: Vec<&str> = vm.disks.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["sata0", "scsi0"]);
    let sata = &vm.disks[0];
    assert_eq!(sata.bus, DiskBus::Sata);
    assert_eq!(sata.capacity_bytes, Some(200 << 30));
    assert_eq!(sata.format, Some(DiskFormat::Qcow2));
    assert_eq!(sata.storage.as_deref(), Some("nas"));
    assert_eq!(sata.boot_order, None);
    let scsi = &vm.disks[1];
    assert_eq!(scsi.bus, DiskBus::Scsi);
    assert_eq!(scsi.controller.as_deref(), Some("virtio-scsi-single"));
    assert_eq!(scsi.capacity_bytes, Some(128 << 30));
    assert_eq!(scsi.source_path.as_deref(), Some("local-lvm:vm-101-disk-1"));
    assert_eq!(scsi.boot_order, Some(1));

    assert_eq!(vm.cdroms.len(), 1);
    assert_eq!(vm.cdroms[0].id, "ide2");
    assert_eq!(vm.cdroms[0].bus, DiskBus::Ide);
    assert_eq!(
        vm.cdroms[0].image.as_deref(),
        Some("local:iso/Win11_23H2_English_x64.iso")
    );
    assert_eq!(vm.cdroms[0].boot_order, Some(2));

    assert_eq!(vm.nics.len(), 2);
    let net0 = &vm.nics[0];
    assert_eq!(net0.model, Some(NicModel::Virtio));
    assert_eq!(net0.mac.as_deref(), Some("bc:24:11:aa:bb:01"));
    assert_eq!(net0.network.as_deref(), Some("vmbr0"));
    assert_eq!(net0.vlan, Some(20));
    assert!(net0.connected);
    let net1 = &vm.nics[1];
    assert_eq!(net1.model, Some(NicModel::E1000));
    assert_eq!(net1.network.as_deref(), Some("vmbr1"));
    assert_eq!(net1.vlan, Some(30));
    assert!(!net1.connected);

    assert!(warned(&vm, "net0 is in the boot order"));
    assert!(warned(&vm, "efidisk0"));
    assert!(warned(&vm, "tpmstate0"));
    assert!(warned(&vm, "sata0 is excluded from Proxmox backups"));
    assert!(warned(&vm, "CPU model `host`"));
    assert!(!warned(&vm, "Unrecognised"));
}

#[test]
fn snapshot_sections_never_override_the_current_config() {
    let vm = import(
        "105.conf",
        "\
bootdisk: virtio0
cores: 2
memory: 2048
name: db01
net0: virtio=52:54:00:12:34:56,bridge=vmbr0
ostype: l26
parent: before-upgrade
virtio0: local-zfs:vm-105-disk-0,size=64G

[before-upgrade]
#pre upgrade state
bootdisk: virtio0
cores: 8
memory: 65536
name: db01-old
net0: e1000=52:54:00:12:34:57,bridge=vmbr9
virtio0: local-zfs:vm-105-disk-0,size=32G
virtio1: local-zfs:vm-105-disk-1,size=500G
snaptime: 1700000000
",
    );
    assert_eq!(vm.name, "db01");
    assert_eq!(vm.cpu.cores, 2);
    assert_eq!(vm.memory.bytes, 2048 << 20);
    assert_eq!(vm.disks.len(), 1);
    assert_eq!(vm.disks[0].capacity_bytes, Some(64 << 30));
    assert_eq!(vm.disks[0].boot_order, Some(1));
    assert_eq!(vm.nics[0].network.as_deref(), Some("vmbr0"));
    assert_eq!(vm.nics[0].mac.as_deref(), Some("52:54:00:12:34:56"));
    assert_eq!(vm.snapshots, ["before-upgrade"]);
    assert_eq!(vm.description, None);
    assert!(warned(&vm, "before-upgrade"));
}

#[test]
fn pending_changes_are_reported_and_not_applied() {
    let vm = import(
        "120.conf",
        "\
boot: order=scsi0
cores: 2
ide2: lvm:vm-120-cloudinit,media=cdrom
ipconfig0: ip=dhcp
memory: current=4096
name: deb12
net0: vmxnet3=BC:24:11:2C:69:EC,bridge=vnet0
scsi0: nfs:120/vm-120-disk-0.qcow2,iothread=1,size=4G
unused0: rbd:vm-120-disk-9

[PENDING]
bios: ovmf
memory: 8192

[special:cloudinit]
ipconfig0: ip=dhcp
name: deb12
",
    );
    assert_eq!(vm.firmware.kind, FirmwareKind::Bios);
    assert_eq!(vm.memory.bytes, 4096 << 20);
    assert!(vm.snapshots.is_empty());
    assert!(vm.cdroms.is_empty(), "a cloud-init drive is not a CD-ROM");
    assert_eq!(vm.nics[0].model, Some(NicModel::Vmxnet3));
    assert_eq!(vm.disks[0].controller.as_deref(), Some("lsi"));
    assert!(warned(&vm, "pending changes (bios, memory)"));
    assert!(warned(
        &vm,
        "ide2 (lvm:vm-120-cloudinit) is the Proxmox cloud-init drive"
    ));
    assert!(warned(&vm, "ipconfig0"));
    assert!(warned(&vm, "unused0 (rbd:vm-120-disk-9)"));
}

#[test]
fn legacy_boot_letters_and_defaults() {
    let vm = import(
        "qemu-server/300.conf",
        "\
boot: dcn
bootdisk: virtio1
ide2: none,media=cdrom
net0: virtio=A2:C0:43:77:08:A0,bridge=vmbr0
virtio0: local:300/vm-300-disk-0.qcow2,size=10G
virtio1: local:300/vm-300-disk-1.raw,size=1536M
vcpus: 1
sockets: 2
hotplug: cpu,memory
",
    );
    assert_eq!(vm.name, "vm300");
    assert!(warned(&vm, "named `vm300`"));
    assert_eq!(vm.memory.bytes, 512 << 20);
    assert!(vm.memory.hotplug);
    assert!(vm.cpu.hotplug);
    assert_eq!(vm.cpu.vcpus(), Some(2));
    assert!(warned(&vm, "starts with 1 of its 2 vCPUs"));
    assert_eq!(vm.cdroms[0].image, None);
    assert_eq!(vm.cdroms[0].boot_order, Some(1));
    assert_eq!(vm.disks[0].boot_order, None);
    assert_eq!(vm.disks[1].boot_order, Some(2));
    assert_eq!(vm.disks[1].capacity_bytes, Some(1536 << 20));
    assert_eq!(vm.disks[1].format, Some(DiskFormat::Raw));
    assert!(warned(&vm, "net0 is in the boot order"));
}

#[test]
fn passthrough_devices_and_raw_args_are_kept_in_view() {
    let vm = import(
        "100.conf",
        "\
args: -device isa-applesmc,osk=\"x\" -smbios type=2
hostpci0: 0000:03:00,pcie=1,x-vga=1
hostpci1: 04:00.0,pcie=1
usb0: host=05ac:828d
usb1: spice,usb3=1
serial0: socket
audio0: device=ich9-intel-hda,driver=spice
hookscript: local:snippets/reset-gpu.pl
hugepages: 1024
affinity: 0-7
scsi0: /dev/disk/by-id/ata-SAMSUNG_1,size=500G
scsi1: /dev/sdg,scsiblock=1
frobnicate: 7
ostype: l26
",
    );
    let kinds: Vec<DeviceKind> = vm.devices.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DeviceKind::Sound,
            DeviceKind::Gpu,
            DeviceKind::PciPassthrough,
            DeviceKind::Serial,
            DeviceKind::UsbPassthrough,
            DeviceKind::Other,
        ]
    );
    assert_eq!(
        vm.devices[1].description,
        "hostpci0: 0000:03:00,pcie=1,x-vga=1"
    );
    assert_eq!(vm.disks[0].backing, DiskBacking::Block);
    assert_eq!(vm.disks[0].storage, None);
    assert_eq!(vm.disks[1].backing, DiskBacking::Passthrough);
    assert!(warned(&vm, "args: -device isa-applesmc"));
    assert!(warned(&vm, "local:snippets/reset-gpu.pl"));
    assert!(warned(&vm, "hugepages: 1024"));
    assert!(warned(&vm, "affinity: 0-7"));
    assert_eq!(vm.cpu_affinity.as_deref(), Some("0-7"));
    assert!(warned(&vm, "No size= is recorded for scsi1"));
    assert!(warned(&vm, "Unrecognised settings ignored: frobnicate."));
}

#[test]
fn malformed_lines_in_the_current_section_name_their_line() {
    // Without a key only Proxmox writes, a line that is no setting refuses the file (with
    // one, it is skipped: see lines_without_a_value_are_skipped...).
    let file = SourceFile::from_bytes(
        "bad.conf",
        b"name: ok\nmemory: 512\nthis line is not a setting\n".to_vec(),
    );
    let err = parse(&file).unwrap_err();
    assert_eq!(err.kind.category(), "malformed");
    assert_eq!(err.location.line, Some(3));

    let file = SourceFile::from_bytes("bad.conf", b"name: ok\ncores: many\n".to_vec());
    let err = parse(&file).unwrap_err();
    assert_eq!(err.kind.category(), "invalid");
    assert_eq!(err.location.line, Some(2));
}

#[test]
fn duplicate_sections_warn_and_lxc_configs_are_refused() {
    let vm = import(
        "1.conf",
        "name: a\nostype: l26\n\n[PENDING]\nbios: ovmf\n\n[PENDING]\nvga: qxl\n\n[snap]\nname: b\n\n[snap]\nname: c\n\n[:3]\ncat: nya\n",
    );
    assert_eq!(vm.name, "a");
    assert_eq!(vm.snapshots, ["snap"]);
    assert!(warned(&vm, "Section [PENDING] appears more than once"));
    assert!(warned(&vm, "Section [snap] appears more than once"));
    assert!(warned(&vm, "`[:3]` is not a valid section header"));
    assert!(warned(&vm, "pending changes (bios, vga)"));

    let lxc = SourceFile::from_bytes(
        "200.conf",
        b"arch: amd64\nhostname: web\nostype: debian\nrootfs: local-lvm:vm-200-disk-0,size=8G\nlxc.apparmor.profile: unconfined\n".to_vec(),
    );
    let err = parse(&lxc).unwrap_err();
    assert_eq!(err.kind.category(), "unsupported");
    assert!(err.to_string().contains("LXC container"));
}

#[test]
fn detection_needs_proxmox_keys() {
    assert!(looks_like("bootdisk: scsi0\ncores: 3\nname: simple\n"));
    assert!(looks_like(
        "# TEST: x\nsmbios1: uuid=7b10d7af\nbios: ovmf\n"
    ));
    assert!(!looks_like(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"
    ));
    assert!(!looks_like("displayName = \"a\"\nmemsize = \"4\"\n"));
    assert!(!looks_like("name = \"XenGuest1\"\nmemory = 512\n"));
}

#[test]
fn lines_without_a_value_are_skipped_with_a_warning_naming_file_and_line() {
    let text = "name: lab\nostype: l26\nide2\nmemory: 2048\njust some words\nsockets: 1\n";
    let vm = import("100.conf", text);
    assert_eq!(vm.name, "lab");
    assert_eq!(vm.memory.bytes, 2048 << 20);
    assert!(
        warned(
            &vm,
            "100.conf:3: `ide2` is not `key: value`; the line was skipped"
        ),
        "{:?}",
        vm.warnings
    );
    assert!(
        warned(&vm, "100.conf:5: `just some words`"),
        "{:?}",
        vm.warnings
    );
    // Text with no key only Proxmox writes is still refused at its first bad line: a
    // folder's nginx.conf never becomes an empty VM.
    let file = SourceFile::from_bytes(
        "nginx.conf",
        b"user: www\nworker_processes auto;\n".to_vec(),
    );
    let err = parse(&file).expect_err("refused");
    assert_eq!(err.location.line, Some(2));
    assert!(err.to_string().contains("expected `key: value`"), "{err}");
}

#!/usr/bin/env python3
"""Writes N synthetic VM specs, cycling through every format the importer reads.

Deterministic (fixed seed): the same N gives the same bytes, so runs compare. Each VM has
2-4 disks, 2-3 NICs, a CD-ROM where the format has one, and realistic names and sizes;
VMware VMs get a .vmdk descriptor per disk beside the .vmx, OVAs are real tar archives.

usage: gen_specs.py N OUT_DIR [--seed S]
"""
import argparse
import io
import json
import os
import random
import tarfile

FORMATS = ["vmx", "ovf", "ova", "libvirt", "proxmox", "vbox", "xen", "vsphere"]
GIB = 1 << 30


class Vm:
    def __init__(self, rng, i):
        self.index = i
        role = rng.choice(["web", "db", "app", "cache", "mq", "build", "ldap", "file"])
        self.name = f"{role}-{rng.choice(['prod', 'stage', 'dev'])}-{i:05d}"
        self.linux = rng.random() < 0.7
        self.cpus = rng.choice([1, 2, 4, 8, 16])
        self.cores = 2 if self.cpus % 2 == 0 and self.cpus > 1 else 1
        self.mem_mib = rng.choice([1024, 2048, 4096, 8192, 16384, 32768])
        self.disks = [rng.choice([16, 20, 40, 60, 100, 250, 500]) * GIB
                      for _ in range(rng.randint(2, 4))]
        self.macs = ["00:50:56:%02x:%02x:%02x" % (rng.randrange(0x40), (i >> 8) & 0xff, (i + n) & 0xff)
                     for n in range(rng.randint(2, 3))]
        self.nets = [rng.choice(["VM Network", "Backend", "Storage", "DMZ-VLAN30", "Mgmt"])
                     for _ in self.macs]
        self.uuid = "%08x-%04x-4%03x-8%03x-%012x" % (
            rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
            rng.getrandbits(12), rng.getrandbits(48))
        self.efi = rng.random() < 0.5
        self.note = f"{role} server owned by team-{rng.randint(1, 40)}; synthetic benchmark VM"


def vmx(vm, out):
    lines = ['.encoding = "UTF-8"', 'config.version = "8"', 'virtualHW.version = "19"',
             f'displayName = "{vm.name}"', f'annotation = "{vm.note}"',
             f'guestOS = "{"ubuntu-64" if vm.linux else "windows2019srv-64"}"',
             f'firmware = "{"efi" if vm.efi else "bios"}"',
             f'numvcpus = "{vm.cpus}"', f'cpuid.coresPerSocket = "{vm.cores}"',
             f'memSize = "{vm.mem_mib}"', 'scsi0.present = "TRUE"', 'scsi0.virtualDev = "pvscsi"']
    for n, size in enumerate(vm.disks):
        disk = f"{vm.name}_{n}.vmdk"
        lines += [f'scsi0:{n}.present = "TRUE"', f'scsi0:{n}.fileName = "{disk}"']
        with open(os.path.join(out, disk), "w") as f:
            f.write('# Disk DescriptorFile\nversion=1\nencoding="UTF-8"\nCID=fffffffe\n'
                    'parentCID=ffffffff\ncreateType="vmfs"\n\n# Extent description\n'
                    f'RW {size // 512} VMFS "{vm.name}_{n}-flat.vmdk"\n\n# The Disk Data Base\n'
                    '#DDB\n\nddb.adapterType = "lsilogic"\nddb.virtualHWVersion = "19"\n')
    lines += ['sata0.present = "TRUE"', 'sata0:0.present = "TRUE"',
              'sata0:0.deviceType = "cdrom-image"', 'sata0:0.fileName = "[iso] tools.iso"',
              'sata0:0.startConnected = "FALSE"']
    for n, (mac, net) in enumerate(zip(vm.macs, vm.nets)):
        lines += [f'ethernet{n}.present = "TRUE"', f'ethernet{n}.virtualDev = "vmxnet3"',
                  f'ethernet{n}.networkName = "{net}"', f'ethernet{n}.addressType = "static"',
                  f'ethernet{n}.address = "{mac}"']
    return vm.name + ".vmx", "\n".join(lines) + "\n"


def ovf_text(vm):
    refs = "".join(f'    <File ovf:href="{vm.name}-disk{n}.vmdk" ovf:id="file{n}" ovf:size="{s // 10}"/>\n'
                   for n, s in enumerate(vm.disks))
    disks = "".join(f'    <Disk ovf:capacity="{s >> 20}" ovf:capacityAllocationUnits="byte * 2^20" '
                    f'ovf:diskId="vmdisk{n}" ovf:fileRef="file{n}" '
                    'ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>\n'
                    for n, s in enumerate(vm.disks))
    nets = "".join(f'    <Network ovf:name="{n}"><Description>{n}</Description></Network>\n'
                   for n in sorted(set(vm.nets)))
    items = [f"""      <Item>
        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
        <rasd:ElementName>{vm.cpus} virtual CPU(s)</rasd:ElementName>
        <rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>3</rasd:ResourceType>
        <rasd:VirtualQuantity>{vm.cpus}</rasd:VirtualQuantity>
        <vmw:CoresPerSocket ovf:required="false">{vm.cores}</vmw:CoresPerSocket>
      </Item>
      <Item>
        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
        <rasd:ElementName>{vm.mem_mib}MB of memory</rasd:ElementName>
        <rasd:InstanceID>2</rasd:InstanceID>
        <rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>{vm.mem_mib}</rasd:VirtualQuantity>
      </Item>
      <Item>
        <rasd:Address>0</rasd:Address>
        <rasd:ElementName>SCSI controller 0</rasd:ElementName>
        <rasd:InstanceID>3</rasd:InstanceID>
        <rasd:ResourceSubType>lsilogic</rasd:ResourceSubType>
        <rasd:ResourceType>6</rasd:ResourceType>
      </Item>
"""]
    iid = 4
    for n in range(len(vm.disks)):
        items.append(f"""      <Item>
        <rasd:AddressOnParent>{n}</rasd:AddressOnParent>
        <rasd:ElementName>Hard disk {n + 1}</rasd:ElementName>
        <rasd:HostResource>ovf:/disk/vmdisk{n}</rasd:HostResource>
        <rasd:InstanceID>{iid}</rasd:InstanceID>
        <rasd:Parent>3</rasd:Parent>
        <rasd:ResourceType>17</rasd:ResourceType>
      </Item>
""")
        iid += 1
    for n, (mac, net) in enumerate(zip(vm.macs, vm.nets)):
        items.append(f"""      <Item>
        <rasd:AddressOnParent>{7 + n}</rasd:AddressOnParent>
        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>
        <rasd:Address>{mac}</rasd:Address>
        <rasd:Connection>{net}</rasd:Connection>
        <rasd:ElementName>Network adapter {n + 1}</rasd:ElementName>
        <rasd:InstanceID>{iid}</rasd:InstanceID>
        <rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>
        <rasd:ResourceType>10</rasd:ResourceType>
      </Item>
""")
        iid += 1
    os_type = "ubuntu64Guest" if vm.linux else "windows2019srv_64Guest"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
          xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
          xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
          xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData"
          xmlns:vmw="http://www.vmware.com/schema/ovf">
  <References>
{refs}  </References>
  <DiskSection>
    <Info>Virtual disk information</Info>
{disks}  </DiskSection>
  <NetworkSection>
    <Info>The list of logical networks</Info>
{nets}  </NetworkSection>
  <VirtualSystem ovf:id="{vm.name}">
    <Info>A virtual machine</Info>
    <Name>{vm.name}</Name>
    <AnnotationSection><Info>Annotation</Info><Annotation>{vm.note}</Annotation></AnnotationSection>
    <OperatingSystemSection ovf:id="94" vmw:osType="{os_type}"><Info>Guest OS</Info></OperatingSystemSection>
    <VirtualHardwareSection>
      <Info>Virtual hardware requirements</Info>
      <System>
        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
        <vssd:InstanceID>0</vssd:InstanceID>
        <vssd:VirtualSystemIdentifier>{vm.name}</vssd:VirtualSystemIdentifier>
        <vssd:VirtualSystemType>vmx-19</vssd:VirtualSystemType>
      </System>
{"".join(items)}    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
"""


def ovf(vm, out):
    return vm.name + ".ovf", ovf_text(vm)


def ova(vm, out):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        data = ovf_text(vm).encode()
        info = tarfile.TarInfo(vm.name + ".ovf")
        info.size, info.mtime, info.mode = len(data), 1700000000, 0o644
        tar.addfile(info, io.BytesIO(data))
        for n in range(len(vm.disks)):
            # Disk images are only listed by the importer; a tiny stand-in keeps N=10,000 small.
            info = tarfile.TarInfo(f"{vm.name}-disk{n}.vmdk")
            info.size, info.mtime, info.mode = 512, 1700000000, 0o644
            tar.addfile(info, io.BytesIO(b"\0" * 512))
    return vm.name + ".ova", buf.getvalue()


def libvirt(vm, out):
    disks = "".join(f"""    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/{vm.name}-{n}.qcow2'/>
      <target dev='vd{chr(97 + n)}' bus='virtio'/>
      <capacity unit='bytes'>{s}</capacity>
    </disk>
""" for n, s in enumerate(vm.disks))
    nics = "".join(f"""    <interface type='bridge'>
      <mac address='{mac.replace("00:50:56", "52:54:00")}'/>
      <source bridge='br-{net.lower().replace(" ", "-")}'/>
      <model type='virtio'/>
    </interface>
""" for mac, net in zip(vm.macs, vm.nets))
    loader = "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>" if vm.efi else ""
    return vm.name + ".xml", f"""<domain type='kvm'>
  <name>{vm.name}</name>
  <uuid>{vm.uuid}</uuid>
  <description>{vm.note}</description>
  <memory unit='MiB'>{vm.mem_mib}</memory>
  <vcpu placement='static'>{vm.cpus}</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type>{loader}<boot dev='hd'/></os>
  <cpu mode='host-model'><topology sockets='{vm.cpus // vm.cores}' cores='{vm.cores}' threads='1'/></cpu>
  <devices>
{disks}    <disk type='file' device='cdrom'>
      <source file='/var/lib/libvirt/images/install.iso'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
{nics}  </devices>
</domain>
"""


def proxmox(vm, out):
    lines = [f"#{vm.note.replace(':', '%3A')}", "agent: 1", "boot: order=scsi0;net0",
             f"cores: {vm.cores}", f"memory: {vm.mem_mib}", f"name: {vm.name}",
             "ide2: local:iso/install.iso,media=cdrom,size=2083390K",
             f"ostype: {'l26' if vm.linux else 'win10'}",
             f"bios: {'ovmf' if vm.efi else 'seabios'}", "scsihw: virtio-scsi-single",
             f"smbios1: uuid={vm.uuid}", f"sockets: {vm.cpus // vm.cores}"]
    for n, s in enumerate(vm.disks):
        lines.append(f"scsi{n}: local-lvm:vm-{100 + vm.index % 900}-disk-{n},iothread=1,size={s >> 30}G")
    for n, (mac, net) in enumerate(zip(vm.macs, vm.nets)):
        lines.append(f"net{n}: virtio={mac.upper().replace('00:50:56', 'BC:24:11')},bridge=vmbr{n},tag={30 + n}")
    return vm.name + ".conf", "\n".join(lines) + "\n"


def vbox(vm, out):
    media = "".join(f'        <HardDisk uuid="{{{vm.uuid[:-3]}{n:03x}}}" location="{vm.name}-{n}.vdi" format="VDI" type="Normal"/>\n'
                    for n in range(len(vm.disks)))
    attached = "".join(f"""        <AttachedDevice type="HardDisk" hotpluggable="false" port="{n}" device="0">
          <Image uuid="{{{vm.uuid[:-3]}{n:03x}}}"/>
        </AttachedDevice>
""" for n in range(len(vm.disks)))
    adapters = "".join(f"""        <Adapter slot="{n}" enabled="true" MACAddress="{mac.replace(':', '').upper()}" type="virtio">
          <BridgedInterface name="{net}"/>
        </Adapter>
""" for n, (mac, net) in enumerate(zip(vm.macs, vm.nets)))
    return vm.name + ".vbox", f"""<?xml version="1.0"?>
<VirtualBox xmlns="http://www.virtualbox.org/" version="1.19-linux">
  <Machine uuid="{{{vm.uuid}}}" name="{vm.name}" OSType="{'Ubuntu_64' if vm.linux else 'Windows2019_64'}" snapshotFolder="Snapshots">
    <Description>{vm.note}</Description>
    <MediaRegistry>
      <HardDisks>
{media}      </HardDisks>
    </MediaRegistry>
    <Hardware>
      <CPU count="{vm.cpus}"/>
      <Memory RAMSize="{vm.mem_mib}"/>
      <Firmware type="{'EFI' if vm.efi else 'BIOS'}"/>
      <Network>
{adapters}      </Network>
    </Hardware>
    <StorageControllers>
      <StorageController name="SATA" type="AHCI" PortCount="{len(vm.disks)}" useHostIOCache="false" Bootable="true">
{attached}      </StorageController>
    </StorageControllers>
  </Machine>
</VirtualBox>
"""


def xen(vm, out):
    disks = ",\n         ".join(f"'format=qcow2, vdev=xvd{chr(97 + n)}, access=rw, target=/srv/xen/{vm.name}-{n}.qcow2'"
                               for n in range(len(vm.disks)))
    vifs = ",\n        ".join(f"'mac={mac.replace('00:50:56', '00:16:3e')}, bridge=xenbr{n}'"
                              for n, mac in enumerate(vm.macs))
    return vm.name + ".cfg", f"""# {vm.note}
name = "{vm.name}"
uuid = "{vm.uuid}"
type = "hvm"
memory = {vm.mem_mib}
vcpus = {vm.cpus}
firmware = "{'ovmf' if vm.efi else 'bios'}"
disk = [ {disks} ]
vif = [ {vifs} ]
boot = "c"
"""


def vsphere(vm, out):
    devices = [{"_typeName": "ParaVirtualSCSIController", "Key": 1000, "BusNumber": 0}]
    for n, s in enumerate(vm.disks):
        devices.append({"_typeName": "VirtualDisk", "Key": 2000 + n, "ControllerKey": 1000, "UnitNumber": n,
                        "CapacityInBytes": s,
                        "Backing": {"_typeName": "VirtualDiskFlatVer2BackingInfo",
                                    "FileName": f"[ds-01] {vm.name}/{vm.name}_{n}.vmdk", "DiskMode": "persistent"}})
    for n, (mac, net) in enumerate(zip(vm.macs, vm.nets)):
        devices.append({"_typeName": "VirtualVmxnet3", "Key": 4000 + n, "MacAddress": mac, "AddressType": "assigned",
                        "Backing": {"_typeName": "VirtualEthernetCardNetworkBackingInfo", "DeviceName": net}})
    doc = {"VirtualMachines": [{
        "Self": {"Type": "VirtualMachine", "Value": f"vm-{vm.name}"}, "Name": vm.name,
        "Config": {"Name": vm.name, "Uuid": vm.uuid,
                   "GuestId": "ubuntu64Guest" if vm.linux else "windows2019srv_64Guest",
                   "Annotation": vm.note, "Firmware": "efi" if vm.efi else "bios",
                   "Hardware": {"NumCPU": vm.cpus, "NumCoresPerSocket": vm.cores,
                                "MemoryMB": vm.mem_mib, "Device": devices}}}]}
    return vm.name + ".json", json.dumps(doc, indent=2) + "\n"


WRITERS = {"vmx": vmx, "ovf": ovf, "ova": ova, "libvirt": libvirt, "proxmox": proxmox,
           "vbox": vbox, "xen": xen, "vsphere": vsphere}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=9)
    args = p.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for i in range(args.n):
        fmt = FORMATS[i % len(FORMATS)]
        vm = Vm(rng, i)
        sub = os.path.join(args.out, fmt, f"{i // 500:03d}")
        os.makedirs(sub, exist_ok=True)
        name, content = WRITERS[fmt](vm, sub)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(sub, name), mode) as f:
            f.write(content)


if __name__ == "__main__":
    main()

//! Drives: the `ideN`/`sataN`/`scsiN`/`virtioN` entries (and the old `cdrom` alias) as disks and
//! CD-ROMs, their volumes, formats and sizes, cloud-init drives and detached `unusedN` volumes.

use super::*;

/// A disk or CD-ROM that may take part in the boot order.
pub(super) enum BootTarget {
    Disk(usize),
    Cdrom(usize),
}

/// Reads every drive key, in Proxmox's own order; returns the boot targets by id.
pub(super) fn drives(config: &Config, vm: &mut VmSpec) -> BTreeMap<String, BootTarget> {
    let keys = drive_keys(config, vm);

    let scsihw = config.get("scsihw").unwrap_or("lsi");
    let mut targets = BTreeMap::new();
    let mut cloud_init_drives = Vec::new();
    let mut no_size = Vec::new();
    let mut backup_excluded = Vec::new();
    for (_, _, id, entry) in keys {
        let (prefix, _) = split_index(&id);
        let Some((_, bus)) = drive_bus(prefix) else {
            continue;
        };
        let props = Props::parse(entry.value);
        let volume = props.get_or_first("file").unwrap_or_default();
        let media = props.get("media").unwrap_or("disk");
        if volume.is_empty() {
            vm.warn(format!(
                "{id} names no volume (`{}`); it is skipped.",
                quote(entry.value)
            ));
            continue;
        }
        if is_cloud_init_volume(volume) {
            cloud_init_drives.push(format!("{id} ({volume})"));
            continue;
        }
        if media == "cdrom" {
            let image = match volume {
                "none" => None,
                "cdrom" => {
                    vm.warn(format!(
                        "{id} is the host's physical CD-ROM drive; attach an ISO image instead."
                    ));
                    Some("cdrom".to_string())
                }
                other => Some(other.to_string()),
            };
            targets.insert(id.clone(), BootTarget::Cdrom(vm.cdroms.len()));
            vm.cdroms.push(Cdrom {
                id,
                bus,
                image,
                boot_order: None,
            });
            continue;
        }
        if media != "disk" {
            vm.warn(format!(
                "{id} has an unknown media `{}`; it is imported as a disk.",
                quote(media)
            ));
        }
        let Some(disk) = proxmox_disk(
            &id,
            bus,
            volume,
            &props,
            scsihw,
            vm,
            &mut no_size,
            &mut backup_excluded,
        ) else {
            continue;
        };
        targets.insert(id, BootTarget::Disk(vm.disks.len()));
        vm.disks.push(disk);
    }
    if !cloud_init_drives.is_empty() {
        vm.warn(format!(
            "{} is the Proxmox cloud-init drive; it is not carried: supply the cloud-init configuration again (e.g. a KubeVirt cloudInitNoCloud volume).",
            join(&cloud_init_drives)
        ));
    }
    if !no_size.is_empty() {
        vm.warn(format!(
            "No size= is recorded for {}; capacity is unknown.",
            join(&no_size)
        ));
    }
    if !backup_excluded.is_empty() {
        vm.warn(format!(
            "{} is excluded from Proxmox backups (backup=0); a backup-based migration will not contain it.",
            join(&backup_excluded)
        ));
    }
    warn_unused_volumes(config, vm);
    targets
}

/// The drive entries (and the old `cdrom` alias of ide2), in bus and index order.
pub(super) fn drive_keys<'c>(
    config: &Config<'c>,
    vm: &mut VmSpec,
) -> Vec<(u8, u32, String, Entry<'c>)> {
    let mut keys: Vec<(u8, u32, String, Entry)> = Vec::new();
    for entry in config.entries.values() {
        let (prefix, index) = split_index(entry.key);
        if let (Some((order, _)), Some(index)) = (drive_bus(prefix), index) {
            keys.push((order, index, entry.key.to_string(), *entry));
        }
    }
    if let Some(cdrom) = config.entry("cdrom") {
        if config.get("ide2").is_some() {
            vm.warn(format!(
                "`cdrom: {}` is an old alias of ide2, which is also set; ide2 is used.",
                quote(cdrom.value)
            ));
        } else {
            keys.push((0, 2, "ide2".to_string(), cdrom));
        }
    }
    keys.sort_by_key(|k| (k.0, k.1));

    keys
}

/// One disk drive as a model disk; `None` when the drive has no volume. Drives without a size
/// and drives excluded from backups are collected, so that each is named in one warning.
#[allow(clippy::too_many_arguments)]
pub(super) fn proxmox_disk(
    id: &str,
    bus: DiskBus,
    volume: &str,
    props: &Props,
    scsihw: &str,
    vm: &mut VmSpec,
    no_size: &mut Vec<String>,
    backup_excluded: &mut Vec<String>,
) -> Option<Disk> {
    let mut disk = Disk::new(id.to_string(), bus.clone());
    disk.controller = match bus {
        DiskBus::Scsi => Some(scsihw.to_string()),
        DiskBus::Sata => Some("ahci".to_string()),
        _ => None,
    };
    disk.source_path = Some(volume.to_string());
    if volume.starts_with('/') {
        if volume.starts_with("/dev/") {
            disk.backing = DiskBacking::Block;
        }
    } else if let Some((storage, _)) = volume.split_once(':') {
        disk.storage = Some(storage.to_string());
        if props.get("media").is_none() && is_iso_volume(volume) {
            vm.warn(format!(
                "{id} attaches the ISO image {volume} without `media=cdrom`; Proxmox refuses to start such a VM. It is imported as a disk: make it a CD-ROM if that was meant."
            ));
        }
    } else if volume == "none" {
        vm.warn(format!(
            "{id} is a disk drive with no volume (`none`); it is skipped."
        ));
        return None;
    } else {
        vm.warn(format!(
            "{id}: `{}` is neither a storage volume (`storage:volume`) nor an absolute path.",
            quote(volume)
        ));
    }
    if props.flag("scsiblock") {
        disk.backing = DiskBacking::Passthrough;
    }
    disk.format = props
        .get("format")
        .map(disk_format)
        .or_else(|| format_from_extension(volume));
    match props.get("size") {
        Some(size) => match units::suffixed_to_bytes(size, "b") {
            Ok(bytes) => disk.capacity_bytes = Some(bytes),
            Err(err) => vm.warn(format!(
                "{id}: size `{}` is unreadable ({err}); its capacity is unknown.",
                quote(size)
            )),
        },
        None => no_size.push(id.to_string()),
    }
    disk.read_only = props.flag("ro");
    if props.flag("shared") {
        vm.warn(format!(
            "{id} is marked shared=1 (its volume is reachable from every Proxmox node); this is not a multi-writer disk and is imported as a normal one."
        ));
    }
    if props.flag("snapshot") {
        disk.mode = DiskMode::IndependentNonpersistent;
    }
    if props.get("backup").is_some_and(|v| !is_true(v)) {
        backup_excluded.push(id.to_string());
    }
    if let Some(source) = props.get("import-from") {
        vm.warn(format!(
            "{id} is to be imported from {} when the VM is created; that import is not carried.",
            quote(source)
        ));
    }
    Some(disk)
}

/// Names detached (`unusedN`) volumes, which are not imported.
pub(super) fn warn_unused_volumes(config: &Config, vm: &mut VmSpec) {
    let mut unused: Vec<String> = config
        .entries
        .values()
        .filter(|e| split_index(e.key).0 == "unused" && split_index(e.key).1.is_some())
        .map(|e| {
            let volume = Props::parse(e.value)
                .get_or_first("file")
                .unwrap_or_default()
                .to_string();
            format!("{} ({})", e.key, quote(&volume))
        })
        .collect();
    unused.sort();
    if !unused.is_empty() {
        vm.warn(format!(
            "{} is a detached disk, not attached to the VM; it is not imported.",
            join(&unused)
        ));
    }
}

/// Proxmox's own test: `[:/](vm-<id>-)?cloudinit(.<format>)?` at the end of the volume.
pub(super) fn is_cloud_init_volume(volume: &str) -> bool {
    let last = volume.rsplit([':', '/']).next().unwrap_or_default();
    let base = match last.rsplit_once('.') {
        Some((base, "raw" | "qcow2" | "vmdk")) => base,
        _ => last,
    };
    if !volume.contains([':', '/']) {
        return false;
    }
    if base == "cloudinit" {
        return true;
    }
    base.strip_prefix("vm-")
        .and_then(|rest| rest.strip_suffix("-cloudinit"))
        .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
}

pub(super) fn is_iso_volume(volume: &str) -> bool {
    let lower = volume.to_ascii_lowercase();
    lower.contains(":iso/") || lower.ends_with(".iso")
}

pub(super) fn disk_format(name: &str) -> DiskFormat {
    match name.to_ascii_lowercase().as_str() {
        "raw" => DiskFormat::Raw,
        "qcow2" => DiskFormat::Qcow2,
        "vmdk" => DiskFormat::Vmdk,
        "vhd" | "vpc" => DiskFormat::Vhd,
        "vhdx" => DiskFormat::Vhdx,
        "vdi" => DiskFormat::Vdi,
        other => DiskFormat::Other(other.to_string()),
    }
}

pub(super) fn format_from_extension(volume: &str) -> Option<DiskFormat> {
    let last = volume.rsplit([':', '/']).next()?;
    let (_, ext) = last.rsplit_once('.')?;
    match ext.to_ascii_lowercase().as_str() {
        "raw" | "img" | "iso" => Some(DiskFormat::Raw),
        "qcow2" => Some(DiskFormat::Qcow2),
        "vmdk" => Some(DiskFormat::Vmdk),
        _ => None,
    }
}

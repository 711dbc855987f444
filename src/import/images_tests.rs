//! Finding the images a spec names and filling in sizes, on real files in a scratch folder.

use super::*;
use crate::import::image_header::tests as headers;
use crate::model::{DiskBus, SourceFormat, SourceRef};
use std::time::{Duration, Instant};

const GIB: u64 = 1 << 30;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vmmigrate-images-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn vm_with(disks: Vec<Disk>) -> VmSpec {
    let source = SourceRef {
        format: SourceFormat::Libvirt,
        file: "vm.xml".into(),
        index: None,
    };
    let mut vm = VmSpec::new(source, "vm");
    vm.disks = disks;
    vm
}

fn disk(id: &str, path: &str, format: Option<DiskFormat>) -> Disk {
    let mut d = Disk::new(id, DiskBus::Virtio);
    d.source_path = Some(path.into());
    d.format = format;
    d
}

#[test]
fn images_are_found_by_absolute_path_beside_the_spec_and_under_roots() {
    let dir = scratch("find");
    std::fs::create_dir_all(dir.join("specs")).unwrap();
    std::fs::create_dir_all(dir.join("store/deep")).unwrap();
    std::fs::write(dir.join("abs.qcow2"), headers::qcow2(3, 20 * GIB)).unwrap();
    std::fs::write(dir.join("specs/rel.vdi"), headers::vdi(7 * GIB)).unwrap();
    std::fs::write(dir.join("store/deep/moved.vhdx"), headers::vhdx(30 * GIB)).unwrap();
    let spec = dir.join("specs/vm.xml");
    let abs = dir.join("abs.qcow2").display().to_string();
    let mut vms = [vm_with(vec![
        disk("vda", &abs, Some(DiskFormat::Qcow2)),
        disk("vdb", "rel.vdi", None),
        disk("vdc", "/var/lib/libvirt/images/moved.vhdx", None),
        disk("vdd", "/nowhere/missing.qcow2", Some(DiskFormat::Qcow2)),
    ])];
    read_sizes(
        &mut vms,
        Some(&spec),
        &ImageSearch::new(vec![dir.join("store")]),
    );
    let got: Vec<_> = vms[0]
        .disks
        .iter()
        .map(|d| (d.capacity_bytes, d.size_source.map(|s| s.to_string())))
        .collect();
    assert_eq!(
        got,
        [
            (Some(20 * GIB), Some("image-header:qcow2".into())),
            (Some(7 * GIB), Some("image-header:vdi".into())),
            (Some(30 * GIB), Some("image-header:vhdx".into())),
            (None, None),
        ]
    );
    assert!(vms[0].warnings.is_empty(), "{:?}", vms[0].warnings);
    // Without the root, the moved image is not found: the size stays unknown.
    let mut again = [vm_with(vec![disk("vdc", "/x/moved.vhdx", None)])];
    read_sizes(&mut again, Some(&spec), &ImageSearch::default());
    assert_eq!(again[0].disks[0].capacity_bytes, None);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_stated_size_is_kept_and_a_disagreeing_image_is_warned_about() {
    let dir = scratch("stated");
    std::fs::write(dir.join("d.qcow2"), headers::qcow2(2, 50 * GIB)).unwrap();
    let spec = dir.join("vm.cfg");
    let mut same = disk("a", "d.qcow2", Some(DiskFormat::Qcow2));
    same.capacity_bytes = Some(50 * GIB);
    let mut differs = disk("b", "d.qcow2", Some(DiskFormat::Qcow2));
    differs.capacity_bytes = Some(40 * GIB);
    let mut vms = [vm_with(vec![same, differs])];
    read_sizes(&mut vms, Some(&spec), &ImageSearch::default());
    let disks = &vms[0].disks;
    assert_eq!(disks[0].capacity_bytes, Some(50 * GIB));
    assert_eq!(
        disks[1].capacity_bytes,
        Some(40 * GIB),
        "the spec's size is kept"
    );
    assert_eq!(disks[1].size_source, Some(SizeSource::Spec));
    assert_eq!(vms[0].warnings.len(), 1, "{:?}", vms[0].warnings);
    assert!(vms[0].warnings[0].contains("disk b: the spec states 42949672960 bytes"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unreadable_or_foreign_images_keep_the_size_unknown() {
    let dir = scratch("foreign");
    std::fs::write(dir.join("broken.qcow2"), &headers::qcow2(3, GIB)[..10]).unwrap();
    std::fs::write(dir.join("data.img"), [1u8; 4096]).unwrap();
    let spec = dir.join("vm.xml");
    let mut block = disk("blk", "data.img", None);
    block.backing = DiskBacking::Block;
    let mut vms = [vm_with(vec![
        disk("bad", "broken.qcow2", Some(DiskFormat::Qcow2)),
        // A format we do not read is never taken for raw.
        disk("qed", "data.img", Some(DiskFormat::Other("qed".into()))),
        // Declared qcow2, but the file holds no qcow2 header: no size from its length.
        disk("liar", "data.img", Some(DiskFormat::Qcow2)),
        block,
        disk("dev", "/dev/zero", None),
    ])];
    read_sizes(&mut vms, Some(&spec), &ImageSearch::default());
    assert!(vms[0].disks.iter().all(|d| d.capacity_bytes.is_none()));
    assert!(vms[0].disks.iter().all(|d| d.size_source.is_none()));
    let warnings = vms[0].warnings.join("\n");
    assert!(warnings.contains("disk bad: image"), "{warnings}");
    assert!(warnings.contains("qcow2 header is truncated"), "{warnings}");
    assert!(warnings.contains("disk liar: image"), "{warnings}");
    assert_eq!(vms[0].warnings.len(), 2, "{warnings}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_sparse_500_gb_raw_image_costs_milliseconds() {
    let dir = scratch("sparse");
    let file = std::fs::File::create(dir.join("big.img")).unwrap();
    file.set_len(500 * 1000 * 1000 * 1000).unwrap();
    let spec = dir.join("vm.cfg");
    let mut vms = [vm_with(vec![
        disk("raw", "big.img", Some(DiskFormat::Raw)),
        disk("probed", "big.img", None),
    ])];
    let started = Instant::now();
    read_sizes(&mut vms, Some(&spec), &ImageSearch::default());
    // A guard against reading the data (500 GB of zeros: a minute or more even from the page
    // cache), not a speed check: far above a header read on a loaded machine (issue 25).
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    for d in &vms[0].disks {
        assert_eq!(d.capacity_bytes, Some(500 * 1000 * 1000 * 1000));
        assert_eq!(
            d.size_source,
            Some(SizeSource::ImageHeader(ImageFormat::Raw))
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn hints_to_read_sizes_elsewhere_go_once_an_image_gave_the_size() {
    let dir = scratch("hints");
    std::fs::write(dir.join("a.qcow2"), headers::qcow2(3, GIB)).unwrap();
    let spec = dir.join("vm.cfg");
    let mut vm = vm_with(vec![
        disk("xvda", "a.qcow2", None),
        disk("xvdb", "missing.qcow2", None),
        disk("vdc", "a.qcow2", None),
    ]);
    let unrecorded = crate::model::WarningKind::DiskSizeUnrecorded;
    vm.warn_about(unrecorded, "disk vdc: libvirt XML does not record disk sizes; read it with qemu-img info on the image and supply it");
    vm.warn_about(
        unrecorded,
        "disk xvdb (missing.qcow2): the .vbox file does not record disk sizes; read it",
    );
    vm.warn_about(
        unrecorded,
        xen_sizes_unknown(&["xvda".into(), "xvdb".into(), "vdc".into()]),
    );
    // The hint is known by its kind, not its words: a general warning that happens to say
    // the same stays.
    vm.warn("disk xvda: a note that says the format does not record disk sizes");
    vm.warn("disk vdc: something else entirely");
    let mut vms = [vm];
    read_sizes(&mut vms, Some(&spec), &ImageSearch::default());
    assert_eq!(
        vms[0].warnings,
        [
            "disk xvdb (missing.qcow2): the .vbox file does not record disk sizes; read it",
            "xl.cfg does not record disk sizes: the capacity of xvdb is unknown; read it from the images.",
            "disk xvda: a note that says the format does not record disk sizes",
            "disk vdc: something else entirely",
        ]
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_disk_the_importer_already_compared_with_its_image_is_not_read_again() {
    let dir = scratch("compared");
    // An image that would disagree with the stated size, were it read.
    std::fs::write(dir.join("d.qcow2"), headers::qcow2(3, 20 * GIB)).unwrap();
    let mut compared = disk("vda", "d.qcow2", Some(DiskFormat::Qcow2));
    compared.capacity_bytes = Some(GIB);
    compared.size_source = Some(SizeSource::Spec);
    let mut unread = disk("vdb", "d.qcow2", Some(DiskFormat::Qcow2));
    unread.capacity_bytes = Some(GIB);
    let mut vms = [vm_with(vec![compared, unread])];
    read_sizes(&mut vms, Some(&dir.join("vm.vmx")), &ImageSearch::default());
    let sizes: Vec<_> = vms[0].disks.iter().map(|d| d.capacity_bytes).collect();
    assert_eq!(sizes, [Some(GIB), Some(GIB)]);
    // Only the disk not yet compared is read, and warned about.
    let warned: Vec<_> = vms[0].warnings.iter().map(|w| w.message.clone()).collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].starts_with("disk vdb:"), "{warned:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

//! Descriptors with split, sparse, flat and zero extents made by the real qemu-img, streamed
//! by the plugin and compared byte for byte with `qemu-img convert -O raw` of the same
//! descriptor; and the shapes refused before a byte is sent. Without qemu-img and qemu-io
//! the qemu tests say SKIPPED on stderr, and fail when CI is set.

use super::*;
use crate::images::sparse::tests::build;
use crate::images::sparse::Kind;
use crate::images::{locate, DiskError, Source};
use std::path::Path;
use std::process::Command;

/// Whether qemu-img and qemu-io run here; a visible skip otherwise (a failure under CI).
fn qemu_tools() -> bool {
    let runs = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let ok = runs("qemu-img") && runs("qemu-io");
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "qemu-img or qemu-io is missing and CI is set: install qemu-utils"
        );
        eprintln!("SKIPPED: qemu-img or qemu-io not found (install qemu-utils)");
    }
    ok
}

fn run(tool: &str, args: &[&str]) {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `qemu-img create -f vmdk -o OPTIONS path size`, then each `qemu-io -c` command.
fn qemu_vmdk(path: &Path, options: &str, size: &str, writes: &[&str]) {
    run(
        "qemu-img",
        &["create", "-q", "-f", "vmdk", "-o", options, s(path), size],
    );
    for w in writes {
        run("qemu-io", &["-f", "vmdk", "-c", w, s(path)]);
    }
}

/// Streams `found` and the file qemu-img converts `image` to, 1 MiB at a time, and says
/// where they first differ.
fn assert_same_as_qemu(found: &DiskData, image: &Path) {
    let dir = image.parent().unwrap();
    let raw = dir.join(format!(
        "{}.qemu.raw",
        image.file_name().unwrap().to_str().unwrap()
    ));
    run(
        "qemu-img",
        &["convert", "-f", "vmdk", "-O", "raw", s(image), s(&raw)],
    );
    let raw_len = crate::files::size(&raw).unwrap();
    assert_eq!(found.len, raw_len, "length of {}", found.shown);
    let mut ours = found.open().unwrap();
    let mut theirs = crate::files::open_for_streaming(&raw).unwrap();
    let (mut a, mut b) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    let mut at = 0u64;
    loop {
        let n = read_full(&mut ours, &mut a);
        let m = read_full(&mut theirs, &mut b);
        assert_eq!(n, m, "lengths differ after {at} bytes");
        if n == 0 {
            break;
        }
        if a[..n] != b[..n] {
            let i = (0..n).find(|&i| a[i] != b[i]).unwrap();
            panic!(
                "{}: byte {} is {:#x}, qemu-img says {:#x}",
                found.shown,
                at + i as u64,
                a[i],
                b[i]
            );
        }
        at += n as u64;
    }
    assert_eq!(at, raw_len);
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut filled = 0;
    while filled < buf.len() {
        let n = r.read(&mut buf[filled..]).unwrap();
        if n == 0 {
            break;
        }
        filled += n;
    }
    filled
}

fn find(dir: &Path, name: &str) -> Result<DiskData, DiskError> {
    locate(&dir.join("vm.vmx"), name, &ImageSearch::default())
}

#[test]
fn a_split_sparse_disk_streams_as_qemu_img_converts_it() {
    if !qemu_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("ws.vmdk");
    // Workstation's default shape: 2 GiB sparse extents; the second write crosses from the
    // first extent into the second, the zero write leaves zeroed grains (GT entry 1).
    qemu_vmdk(
        &disk,
        "subformat=twoGbMaxExtentSparse,zeroed_grain=on",
        "2049M",
        &[
            "write -P 0xab 1M 64k",
            "write -P 0xcd 2047M 1536k",
            "write -P 0xee 8M 128k",
            "write -z 8M 64k",
        ],
    );
    let found = find(dir.path(), "ws.vmdk").unwrap();
    let Source::Extents(pieces) = &found.source else {
        panic!("{:?}", found.source)
    };
    assert_eq!(pieces.len(), 2);
    assert!(pieces.iter().all(|p| matches!(p, Piece::Sparse { .. })));
    assert_eq!((found.len, found.format), (2049 << 20, ImageFormat::Raw));
    assert_eq!(found.virtual_size, 2049 << 20);
    assert!(found.shown.ends_with("ws.vmdk"), "{}", found.shown);
    assert_same_as_qemu(&found, &disk);
    // The request check sees the raw size.
    assert!(found.check_fits(2049 << 20).is_ok());
    assert!(matches!(
        found.check_fits(2 << 30),
        Err(DiskError::TooLarge { .. })
    ));
}

#[test]
fn a_split_flat_disk_streams_as_qemu_img_converts_it() {
    if !qemu_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("flat.vmdk");
    qemu_vmdk(
        &disk,
        "subformat=twoGbMaxExtentFlat",
        "2049M",
        &["write -P 0xab 1M 64k", "write -P 0x5a 2048M 4k"],
    );
    let found = find(dir.path(), "flat.vmdk").unwrap();
    let Source::Extents(pieces) = &found.source else {
        panic!("{:?}", found.source)
    };
    assert!(pieces.iter().all(|p| matches!(p, Piece::Flat { .. })));
    assert_same_as_qemu(&found, &disk);
}

#[test]
fn a_monolithic_sparse_extent_behind_its_own_descriptor_streams_as_its_contents() {
    if !qemu_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let extent = dir.path().join("m-sparse.vmdk");
    qemu_vmdk(
        &extent,
        "subformat=monolithicSparse",
        "8M",
        &["write -P 0xab 1M 64k", "write -P 0x01 8128k 64k"],
    );
    std::fs::write(
        dir.path().join("m.vmdk"),
        "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType=\"monolithicSparse\"\n# Extent description\nRW 16384 SPARSE \"m-sparse.vmdk\"\n",
    )
    .unwrap();
    let found = find(dir.path(), "m.vmdk").unwrap();
    assert!(matches!(found.source, Source::Extents(_)));
    // qemu-img opens no text descriptor of createType monolithicSparse: compare with the
    // extent file itself, whose contents the descriptor maps one to one.
    assert_same_as_qemu(&found, &extent);
}

#[test]
fn sparse_and_flat_extents_joined_by_hand_stream_as_qemu_img_converts_them() {
    if !qemu_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    qemu_vmdk(
        &dir.path().join("a.vmdk"),
        "subformat=twoGbMaxExtentSparse",
        "3M",
        &["write -P 0xab 1M 64k"],
    );
    qemu_vmdk(
        &dir.path().join("b.vmdk"),
        "subformat=twoGbMaxExtentFlat",
        "2M",
        &["write -P 0xcd 0 4k"],
    );
    // An ESX sparse (COWD) extent, as VMFSSPARSE, built by hand: qemu reads it too.
    let (cowd, _) = build(
        Kind::Cowd,
        8200,
        1,
        4096,
        &[(3, Some(7)), (8199, Some(8))],
        0,
    );
    std::fs::write(dir.path().join("c-delta.vmdk"), cowd).unwrap();
    let joined = dir.path().join("joined.vmdk");
    std::fs::write(
        &joined,
        "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType=\"twoGbMaxExtentSparse\"\n# Extent description (no blank line before an extent: qemu-img reads it twice)\nRW 6144 SPARSE \"a-s001.vmdk\"\nRW 4096 FLAT \"b-f001.vmdk\" 0\nRW 8200 VMFSSPARSE \"c-delta.vmdk\"\n",
    )
    .unwrap();
    let found = find(dir.path(), "joined.vmdk").unwrap();
    assert_eq!(found.len, (6144 + 4096 + 8200) * 512);
    assert_same_as_qemu(&found, &joined);
}

#[test]
fn zero_extents_read_as_zeros_between_the_others() {
    // qemu-img skips ZERO extent lines, so this one is checked against the bytes built.
    let dir = tempfile::tempdir().unwrap();
    let (sparse, sparse_raw) = build(Kind::Hosted, 64, 8, 4, &[(2, Some(0x42))], 0);
    std::fs::write(dir.path().join("d-s001.vmdk"), sparse).unwrap();
    std::fs::write(dir.path().join("d-f001.vmdk"), vec![0x99u8; 2048]).unwrap();
    std::fs::write(
        dir.path().join("d.vmdk"),
        "# Disk DescriptorFile\ncreateType=\"twoGbMaxExtentSparse\"\nRW 4 FLAT \"d-f001.vmdk\" 0\nRW 3 ZERO\nRW 64 SPARSE \"d-s001.vmdk\"\n",
    )
    .unwrap();
    let found = find(dir.path(), "d.vmdk").unwrap();
    let mut expected = vec![0x99u8; 2048];
    expected.extend(vec![0u8; 1536]);
    expected.extend(sparse_raw);
    assert_eq!(found.len, expected.len() as u64);
    let mut got = Vec::new();
    found.open().unwrap().read_to_end(&mut got).unwrap();
    assert_eq!(got, expected);
}

#[test]
fn a_flat_extent_that_shrinks_after_the_check_fails_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e-f001.vmdk"), vec![1u8; 4096]).unwrap();
    std::fs::write(
        dir.path().join("e.vmdk"),
        "# Disk DescriptorFile\nRW 8 FLAT \"e-f001.vmdk\" 0\nRW 8 ZERO\n",
    )
    .unwrap();
    let found = find(dir.path(), "e.vmdk").unwrap();
    std::fs::write(dir.path().join("e-f001.vmdk"), vec![1u8; 1000]).unwrap();
    let err = found
        .open()
        .unwrap()
        .read_to_end(&mut Vec::new())
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("e-f001.vmdk: ended 3096 bytes early"),
        "{err}"
    );
}

fn descriptor_with(dir: &Path, name: &str, lines: &str) -> Result<DiskData, DiskError> {
    std::fs::write(
        dir.join(name),
        format!("# Disk DescriptorFile\nversion=1\n{lines}"),
    )
    .unwrap();
    find(dir, name)
}

#[test]
fn shapes_the_plugin_cannot_stream_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (sparse, _) = build(Kind::Hosted, 64, 8, 4, &[(1, Some(1))], 0);
    std::fs::write(d.join("x-s001.vmdk"), &sparse).unwrap();
    let err = descriptor_with(
        d,
        "delta.vmdk",
        "parentFileNameHint=\"base.vmdk\"\nRW 64 SPARSE \"x-s001.vmdk\"\n",
    )
    .unwrap_err();
    assert!(matches!(err, DiskError::Unsupported { .. }), "{err:?}");
    assert!(err
        .to_string()
        .contains("snapshot delta on top of base.vmdk"));
    assert!(
        err.to_string().contains("qemu-img convert -O qcow2"),
        "{err}"
    );
    let err = descriptor_with(d, "rdm.vmdk", "RW 64 VMFSRDM \"lun-rdm.vmdk\"\n").unwrap_err();
    assert!(err.to_string().contains("raw device mapping"), "{err}");
    let err = descriptor_with(d, "se.vmdk", "RW 64 SESPARSE \"x-s001.vmdk\"\n").unwrap_err();
    assert!(err.to_string().contains("SESPARSE is not one"), "{err}");
    let err = descriptor_with(d, "gone.vmdk", "RW 64 SPARSE \"gone-s001.vmdk\"\n").unwrap_err();
    assert!(matches!(err, DiskError::MissingExtent { .. }), "{err:?}");
    assert!(
        err.to_string().contains("gone-s001.vmdk is missing"),
        "{err}"
    );
    // The descriptor says 128 sectors, the extent's header 64.
    let err = descriptor_with(d, "size.vmdk", "RW 128 SPARSE \"x-s001.vmdk\"\n").unwrap_err();
    assert!(
        err.to_string().contains(
            "x-s001.vmdk: the header says 64 sectors but the descriptor's extent line says 128"
        ),
        "{err}"
    );
    // A sparse extent cut inside its grains.
    std::fs::write(d.join("cut-s001.vmdk"), &sparse[..sparse.len() - 100]).unwrap();
    let err = descriptor_with(d, "cut.vmdk", "RW 64 SPARSE \"cut-s001.vmdk\"\n").unwrap_err();
    assert!(matches!(err, DiskError::BadExtent { .. }), "{err:?}");
    assert!(err.to_string().contains("cut-s001.vmdk: grain 1"), "{err}");
    // A sparse extent outside the descriptor's folder.
    let inner = d.join("vm");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(
        inner.join("up.vmdk"),
        "# Disk DescriptorFile\nRW 64 SPARSE \"../x-s001.vmdk\"\n",
    )
    .unwrap();
    let err = find(&inner, "up.vmdk").unwrap_err();
    assert!(matches!(err, DiskError::OutsideRoots { .. }), "{err:?}");
    // ... unless its folder is an --images root.
    let search = ImageSearch::new(vec![d.to_path_buf()]);
    assert!(locate(&inner.join("vm.vmx"), "up.vmdk", &search).is_ok());
}

#[test]
fn a_stream_optimized_extent_behind_a_descriptor_is_refused_with_the_qemu_img_command() {
    if !qemu_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    qemu_vmdk(
        &dir.path().join("so.vmdk"),
        "subformat=streamOptimized",
        "4M",
        &[],
    );
    let err = descriptor_with(dir.path(), "d.vmdk", "RW 8192 SPARSE \"so.vmdk\"\n").unwrap_err();
    assert!(matches!(err, DiskError::BadExtent { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("so.vmdk: its grains are compressed (streamOptimized)"),
        "{err}"
    );
    // The same file named directly is CDI's own format and goes as it is.
    let found = find(dir.path(), "so.vmdk").unwrap();
    assert_eq!(found.format, ImageFormat::Vmdk);
    assert!(matches!(found.source, Source::Window { offset: 0, .. }));
}

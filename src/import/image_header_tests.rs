//! Header parsers against headers written here byte by byte, plus truncated and hostile
//! variants: none may panic, read past a fixed cap, or report a size the header does not.

use super::*;
use std::io::Cursor;

const GIB: u64 = 1 << 30;

pub(crate) fn qcow2(version: u32, size: u64) -> Vec<u8> {
    let mut h = vec![0u8; if version == 3 { 104 } else { 72 }];
    h[..4].copy_from_slice(b"QFI\xfb");
    h[4..8].copy_from_slice(&version.to_be_bytes());
    // A backing file named in the header is never opened.
    h[8..16].copy_from_slice(&(1u64 << 40).to_be_bytes());
    h[16..20].copy_from_slice(&64u32.to_be_bytes());
    h[20..24].copy_from_slice(&16u32.to_be_bytes());
    h[24..32].copy_from_slice(&size.to_be_bytes());
    h
}

pub(crate) fn vmdk_sparse(sectors: u64, stream_optimized: bool) -> Vec<u8> {
    let mut h = vec![0u8; 512 + 20 * 512];
    h[..4].copy_from_slice(b"KDMV");
    h[4..8].copy_from_slice(&(if stream_optimized { 3u32 } else { 1 }).to_le_bytes());
    h[12..20].copy_from_slice(&sectors.to_le_bytes());
    h[28..36].copy_from_slice(&1u64.to_le_bytes());
    h[36..44].copy_from_slice(&20u64.to_le_bytes());
    let kind = if stream_optimized {
        "streamOptimized"
    } else {
        "monolithicSparse"
    };
    let text = format!(
        "# Disk DescriptorFile\nversion=1\ncreateType=\"{kind}\"\nRW {sectors} SPARSE \"d.vmdk\"\n"
    );
    h[512..512 + text.len()].copy_from_slice(text.as_bytes());
    h
}

pub(crate) fn vdi(size: u64) -> Vec<u8> {
    let mut h = vec![0u8; 512];
    let text = b"<<< Oracle VM VirtualBox Disk Image >>>\n";
    h[..text.len()].copy_from_slice(text);
    h[0x40..0x44].copy_from_slice(&VDI_SIGNATURE.to_le_bytes());
    h[0x44..0x48].copy_from_slice(&0x0001_0001u32.to_le_bytes());
    h[0x48..0x4C].copy_from_slice(&400u32.to_le_bytes());
    h[0x170..0x178].copy_from_slice(&size.to_le_bytes());
    h
}

pub(crate) fn vhd_footer(size: u64, dynamic: bool) -> Vec<u8> {
    let mut f = vec![0u8; 512];
    f[..8].copy_from_slice(b"conectix");
    f[40..48].copy_from_slice(&size.to_be_bytes());
    f[48..56].copy_from_slice(&size.to_be_bytes());
    f[60..64].copy_from_slice(&(if dynamic { 3u32 } else { 2 }).to_be_bytes());
    f
}

/// A fixed VHD: `data` bytes of disk, then the footer.
pub(crate) fn vhd_fixed(size: u64, data: usize) -> Vec<u8> {
    let mut image = vec![0u8; data];
    image.extend(vhd_footer(size, false));
    image
}

/// A dynamic VHD: footer copy first, then (here) nothing more we read.
pub(crate) fn vhd_dynamic(size: u64) -> Vec<u8> {
    let mut image = vhd_footer(size, true);
    image.extend(vec![0u8; 1024]);
    image.extend(vhd_footer(size, true));
    image
}

pub(crate) fn vhdx(size: u64) -> Vec<u8> {
    let metadata: usize = 1 << 20;
    let mut image = vec![0u8; metadata + 64 * 1024 + 8];
    image[..8].copy_from_slice(b"vhdxfile");
    let table = VHDX_REGION_TABLE as usize;
    image[table..table + 4].copy_from_slice(b"regi");
    image[table + 8..table + 12].copy_from_slice(&2u32.to_le_bytes());
    // First entry: some other region (the BAT), then the metadata region.
    let bat = table + 16;
    image[bat..bat + 16].copy_from_slice(&[0x66; 16]);
    let entry = table + 48;
    image[entry..entry + 16].copy_from_slice(&VHDX_METADATA_REGION);
    image[entry + 16..entry + 24].copy_from_slice(&(metadata as u64).to_le_bytes());
    image[entry + 24..entry + 28].copy_from_slice(&(1u32 << 20).to_le_bytes());
    image[metadata..metadata + 8].copy_from_slice(b"metadata");
    image[metadata + 10..metadata + 12].copy_from_slice(&2u16.to_le_bytes());
    let first = metadata + 32;
    image[first..first + 16].copy_from_slice(&[0x77; 16]);
    let item = metadata + 64;
    image[item..item + 16].copy_from_slice(&VHDX_VIRTUAL_DISK_SIZE);
    image[item + 16..item + 20].copy_from_slice(&(64u32 * 1024).to_le_bytes());
    image[item + 20..item + 24].copy_from_slice(&8u32.to_le_bytes());
    let value = metadata + 64 * 1024;
    image[value..value + 8].copy_from_slice(&size.to_le_bytes());
    image
}

fn read(bytes: &[u8], declared: Option<ImageFormat>) -> Result<VirtualSize, HeaderError> {
    read_virtual_size(&mut Cursor::new(bytes), bytes.len() as u64, declared)
}

fn size(bytes: &[u8]) -> (ImageFormat, u64) {
    let sized = read(bytes, None).expect("a size");
    (sized.format, sized.bytes)
}

#[test]
fn every_format_gives_the_virtual_size_its_header_states() {
    use ImageFormat::*;
    assert_eq!(size(&qcow2(2, 20 * GIB)), (Qcow2, 20 * GIB));
    assert_eq!(size(&qcow2(3, 1 << 50)), (Qcow2, 1 << 50));
    assert_eq!(size(&vmdk_sparse(2 * GIB / 512, false)), (Vmdk, 2 * GIB));
    assert_eq!(size(&vmdk_sparse(3 * GIB / 512, true)), (Vmdk, 3 * GIB));
    assert_eq!(size(&vdi(7 * GIB)), (Vdi, 7 * GIB));
    assert_eq!(size(&vhd_fixed(4096, 4096)), (Vhd, 4096));
    assert_eq!(size(&vhd_dynamic(40 * GIB)), (Vhd, 40 * GIB));
    assert_eq!(size(&vhdx(127 * GIB)), (Vhdx, 127 * GIB));
    assert_eq!(size(&[7u8; 3000]), (Raw, 3000));
}

#[test]
fn a_vmdk_descriptor_sums_its_flat_extents() {
    let text = "# Disk DescriptorFile\nversion=1\ncreateType=\"monolithicFlat\"\n\
                RW 2097152 FLAT \"d-f001.vmdk\" 0\nRW 1024 FLAT \"d-f002.vmdk\" 0\n";
    assert_eq!(
        size(text.as_bytes()),
        (ImageFormat::Vmdk, (2_097_152 + 1024) * 512)
    );
    // Declared as vmdk, a descriptor whose extent cannot be summed is an error, not a guess.
    let bad = "# Disk DescriptorFile\nRW 99999999999999999999999 FLAT \"x\" 0\n";
    assert!(read(bad.as_bytes(), Some(ImageFormat::Vmdk)).is_err());
}

#[test]
fn a_declared_format_is_trusted_for_raw_and_checked_for_the_others() {
    // Declared raw: the guest's first sector may hold a qcow2 magic; it is not probed.
    let q = qcow2(3, 20 * GIB);
    let raw = read(&q, Some(ImageFormat::Raw)).unwrap();
    assert_eq!((raw.format, raw.bytes), (ImageFormat::Raw, q.len() as u64));
    // Declared qcow2 but no header we know: no size, never the file's length.
    assert!(matches!(
        read(&[0u8; 4096], Some(ImageFormat::Qcow2)),
        Err(HeaderError::NotThatFormat(ImageFormat::Qcow2))
    ));
    // Declared vmdk but really qcow2: the header's format wins (the caller warns).
    assert_eq!(
        read(&q, Some(ImageFormat::Vmdk)).unwrap().format,
        ImageFormat::Qcow2
    );
}

#[test]
fn truncated_and_hostile_headers_are_errors_without_panics() {
    let q = qcow2(3, 20 * GIB);
    for cut in [4, 8, 20, 31] {
        assert!(read(&q[..cut], None).is_err(), "qcow2 cut at {cut}");
    }
    assert!(read(&qcow2(9, GIB), None).is_err(), "unknown qcow2 version");
    assert!(read(&qcow2(3, 0), None).is_err(), "zero size");
    assert!(
        read(&vmdk_sparse(u64::MAX, false), None).is_err(),
        "overflow"
    );
    assert!(read(&vmdk_sparse(1, false)[..16], None).is_err());
    let v = vdi(GIB);
    assert!(read(&v[..0x100], None).is_err(), "vdi cut before the size");
    let mut wrong = v.clone();
    wrong[0x44..0x48].copy_from_slice(&0x0009_0000u32.to_le_bytes());
    assert!(read(&wrong, None).is_err());
    assert!(read(&vhd_footer(GIB, true)[..40], None).is_err());
    // VHDX: a cut anywhere, a metadata offset past the file, absurd counts.
    let x = vhdx(GIB);
    for cut in [8, 1000, 200 * 1024, (1 << 20) + 40, x.len() - 4] {
        assert!(read(&x[..cut], None).is_err(), "vhdx cut at {cut}");
    }
    let mut far = x.clone();
    let entry = VHDX_REGION_TABLE as usize + 48 + 16;
    far[entry..entry + 8].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(read(&far, None).is_err());
    let mut item_far = x.clone();
    let item = (1 << 20) + 64 + 16;
    item_far[item..item + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(read(&item_far, None).is_err());
    let mut many = x.clone();
    let count = VHDX_REGION_TABLE as usize + 8;
    many[count..count + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    many[VHDX_REGION_TABLE as usize + 48..VHDX_REGION_TABLE as usize + 64].fill(0);
    assert!(
        read(&many, None).is_err(),
        "no metadata region among 2047 entries"
    );
    assert!(read(&[], None).is_err(), "an empty file has no size");
}

/// Reads from a file that claims to be huge count how much was asked for.
struct Counting {
    inner: Cursor<Vec<u8>>,
    read: u64,
}
impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}
impl Seek for Counting {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

#[test]
fn only_bounded_header_regions_are_read() {
    let mut image = vhdx(500 * GIB);
    image.extend(vec![0u8; 8 << 20]);
    let len = image.len() as u64;
    let mut file = Counting {
        inner: Cursor::new(image),
        read: 0,
    };
    let sized = read_virtual_size(&mut file, len, None).unwrap();
    assert_eq!(sized.bytes, 500 * GIB);
    assert!(file.read <= 4 * 64 * 1024, "read {} bytes", file.read);
}

#[test]
fn vhd_sizes_follow_qemus_creator_rule() {
    // QEMU's old creator: the CHS geometry (here 1000 x 16 x 63 sectors), not current size.
    let mut footer = vhd_footer(GIB, true);
    footer[28..32].copy_from_slice(b"qemu");
    footer[56..58].copy_from_slice(&1000u16.to_be_bytes());
    footer[58] = 16;
    footer[59] = 63;
    assert_eq!(size(&footer).1, 1000 * 16 * 63 * 512);
    // Hyper-V: the current size.
    footer[28..32].copy_from_slice(b"win ");
    assert_eq!(size(&footer).1, GIB);
    // A maximal geometry cannot hold the size: current size even for `vpc `.
    footer[28..32].copy_from_slice(b"vpc ");
    footer[56..58].copy_from_slice(&65535u16.to_be_bytes());
    footer[58] = 16;
    footer[59] = 255;
    assert_eq!(size(&footer).1, GIB);
}

mod mutated {
    use super::*;
    use proptest::prelude::*;

    /// Valid headers of every format, to be corrupted byte by byte and cut anywhere.
    fn seeds() -> Vec<Vec<u8>> {
        vec![
            qcow2(3, 20 * GIB),
            vmdk_sparse(1 << 21, true),
            vdi(GIB),
            vhd_dynamic(GIB),
            vhdx(GIB),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// No corruption of a real header panics; whatever size comes back, the format
        /// named is one of ours and the size is not zero.
        #[test]
        fn corrupted_headers_never_panic(
            seed in 0usize..5,
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
            cut in any::<prop::sample::Index>(),
            declared in proptest::option::of(prop_oneof![
                Just(ImageFormat::Qcow2), Just(ImageFormat::Vmdk), Just(ImageFormat::Vdi),
                Just(ImageFormat::Vhd), Just(ImageFormat::Vhdx),
            ]),
        ) {
            let mut bytes = seeds().swap_remove(seed);
            // Corrupt the first 300 KiB only: that is where every header lives.
            let span = bytes.len().min(300 * 1024);
            for (at, value) in edits {
                let i = at.index(span);
                bytes[i] = value;
            }
            bytes.truncate(cut.index(bytes.len() + 1));
            if let Ok(sized) = read(&bytes, declared) {
                prop_assert!(sized.bytes > 0);
            }
        }
    }
}

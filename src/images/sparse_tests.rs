//! Tests of the sparse extent reader on extents built by hand (the layout qemu-img writes),
//! so that they run without qemu: reading grains and zeros, and hostile headers and tables
//! refused without a panic. The comparison with qemu-img's own conversion is in
//! `images::extents_tests`.

use super::*;
use std::io::Cursor;

/// One grain's content in a built extent: `Some(byte)` fills it, `None` marks it zeroed
/// (GT entry 1).
pub(crate) type Grain = (u64, Option<u8>);

/// A sparse extent built by hand: header in sector 0, GD from sector 1, one grain table per
/// GD entry that covers a listed grain (the others left 0), then the grains. Returns the
/// file and the raw bytes it holds.
pub(crate) fn build(
    kind: Kind,
    capacity: u64,
    grain: u64,
    gtes: u64,
    grains: &[Grain],
    flags: u32,
) -> (Vec<u8>, Vec<u8>) {
    let gd_entries = capacity.div_ceil(grain * gtes);
    let sectors = |bytes: u64| bytes.div_ceil(512);
    let gd_sectors = sectors(gd_entries * 4).max(1);
    let gt_sectors = sectors(gtes * 4);
    let mut tables_used: Vec<u64> = grains.iter().map(|(g, _)| g / gtes).collect();
    tables_used.sort_unstable();
    tables_used.dedup();
    let first_gt = 1 + gd_sectors;
    let first_grain = first_gt + gt_sectors * tables_used.len() as u64;
    let mut file = vec![0u8; (first_grain * 512) as usize];
    match kind {
        Kind::Hosted => {
            file[..4].copy_from_slice(b"KDMV");
            file[4..8].copy_from_slice(&1u32.to_le_bytes());
            file[8..12].copy_from_slice(&flags.to_le_bytes());
            file[12..20].copy_from_slice(&capacity.to_le_bytes());
            file[20..28].copy_from_slice(&grain.to_le_bytes());
            file[44..48].copy_from_slice(&(gtes as u32).to_le_bytes());
            file[56..64].copy_from_slice(&1u64.to_le_bytes());
            file[64..72].copy_from_slice(&first_grain.to_le_bytes());
        }
        Kind::Cowd => {
            file[..4].copy_from_slice(b"COWD");
            file[4..8].copy_from_slice(&1u32.to_le_bytes());
            file[8..12].copy_from_slice(&flags.to_le_bytes());
            file[12..16].copy_from_slice(&(capacity as u32).to_le_bytes());
            file[16..20].copy_from_slice(&(grain as u32).to_le_bytes());
            file[20..24].copy_from_slice(&1u32.to_le_bytes());
            file[24..28].copy_from_slice(&(gd_entries as u32).to_le_bytes());
        }
    }
    for (i, gt) in tables_used.iter().enumerate() {
        let at = first_gt + gt_sectors * i as u64;
        let gde = (512 + gt * 4) as usize;
        file[gde..gde + 4].copy_from_slice(&(at as u32).to_le_bytes());
    }
    let mut raw = vec![0u8; (capacity * 512) as usize];
    let grain_bytes = (grain * 512) as usize;
    for (g, content) in grains {
        let table = tables_used.iter().position(|t| *t == g / gtes).unwrap() as u64;
        let gte = ((first_gt + gt_sectors * table) * 512 + (g % gtes) * 4) as usize;
        let sector = match content {
            None => 1u32,
            Some(byte) => {
                let at = file.len() as u64 / 512;
                file.extend(std::iter::repeat_n(*byte, grain_bytes));
                let start = *g as usize * grain_bytes;
                let end = (start + grain_bytes).min(raw.len());
                raw[start..end].fill(*byte);
                at as u32
            }
        };
        file[gte..gte + 4].copy_from_slice(&sector.to_le_bytes());
    }
    (file, raw)
}

/// Header, tables and the whole stream, read with `chunk`-byte buffers.
pub(crate) fn stream(file: &[u8], chunk: usize) -> Result<Vec<u8>, String> {
    let len = file.len() as u64;
    let mut cursor = Cursor::new(file);
    let header = Header::read(&mut cursor, len).map_err(|e| e.to_string())?;
    check_tables(&mut cursor, &header, len).map_err(|e| e.to_string())?;
    let mut reader = Reader::new(cursor, header, len, "x-s001.vmdk".into());
    let mut out = Vec::new();
    let mut buf = vec![0u8; chunk];
    loop {
        let n = reader.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

#[test]
fn grains_unallocated_grains_and_a_partial_last_grain_read_as_the_disk() {
    // 300 sectors in 8-sector grains, 4 grains a table: 10 tables, the last grain half used.
    let grains = [
        (0, Some(0xab)),
        (5, Some(0x11)),
        (6, None),
        (37, Some(0xcd)),
    ];
    let (file, raw) = build(Kind::Hosted, 300, 8, 4, &grains, FLAG_ZERO_GRAIN);
    for chunk in [1 << 20, 4096, 1000, 7] {
        assert_eq!(stream(&file, chunk).unwrap(), raw, "chunk {chunk}");
    }
    let header = Header::parse(file[..512].try_into().unwrap(), file.len() as u64).unwrap();
    assert_eq!((header.gd_entries, header.len()), (10, 300 * 512));
    let found = check_tables(&mut Cursor::new(&file), &header, file.len() as u64).unwrap();
    assert_eq!(found.grains, 3, "the zeroed grain holds no data");
}

#[test]
fn without_the_zeroed_grain_flag_entry_1_is_a_grain_at_sector_1() {
    let (file, _) = build(Kind::Hosted, 64, 8, 4, &[(2, None), (3, Some(5))], 0);
    let out = stream(&file, 4096).unwrap();
    // Sector 1 is the grain directory, as qemu would read it too.
    assert_eq!(&out[2 * 4096..3 * 4096], &file[512..512 + 4096]);
}

#[test]
fn cowd_extents_read_with_4096_entry_tables() {
    let grains = [(0, Some(1)), (4097, Some(2))];
    let (file, raw) = build(Kind::Cowd, 8200, 1, 4096, &grains, 3);
    assert_eq!(stream(&file, 65536).unwrap(), raw);
    let mut short = file.clone();
    short[24..28].copy_from_slice(&1u32.to_le_bytes());
    let err = stream(&short, 4096).unwrap_err();
    assert!(
        err.contains("grain directory has 1 entries but the capacity needs 3"),
        "{err}"
    );
}

fn set(file: &mut [u8], at: usize, bytes: &[u8]) {
    file[at..at + bytes.len()].copy_from_slice(bytes);
}

#[test]
fn hostile_headers_are_refused_with_what_is_wrong() {
    let (good, _) = build(Kind::Hosted, 64, 8, 4, &[(1, Some(9))], 0);
    let refused = |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut f = good.clone();
        edit(&mut f);
        stream(&f, 4096).unwrap_err()
    };
    assert!(refused(&|f| f.truncate(100)).contains("shorter than the 512-byte"));
    assert!(refused(&|f| set(f, 0, b"XXXX")).contains("no sparse extent header"));
    assert!(refused(&|f| set(f, 4, &4u32.to_le_bytes())).contains("version 4"));
    assert!(refused(&|f| set(f, 77, &1u16.to_le_bytes())).contains("streamOptimized"));
    assert!(refused(&|f| set(f, 8, &(1u32 << 16).to_le_bytes())).contains("compressed"));
    assert!(refused(&|f| set(f, 56, &u64::MAX.to_le_bytes())).contains("compressed"));
    assert!(refused(&|f| set(f, 20, &0u64.to_le_bytes())).contains("grain size 0"));
    // The newline check: a text-mode copy turned "\n" into "\r\n" somewhere.
    let ascii = refused(&|f| set(f, 8, &FLAG_NEWLINE_CHECK.to_le_bytes()));
    assert!(ascii.contains("text-mode transfer"), "{ascii}");
    let mut checked = good.clone();
    set(&mut checked, 8, &FLAG_NEWLINE_CHECK.to_le_bytes());
    set(&mut checked, 73, &NEWLINE_CHECK);
    assert!(stream(&checked, 4096).is_ok());
    assert!(refused(&|f| set(f, 20, &(1u64 << 40).to_le_bytes())).contains("grain size"));
    assert!(refused(&|f| set(f, 44, &0u32.to_le_bytes())).contains("0 grain table entries"));
    assert!(refused(&|f| set(f, 44, &4096u32.to_le_bytes())).contains("4096 grain table"));
    // Capacity whose byte count overflows, and one whose grain count needs a GD far larger
    // than the file.
    assert!(refused(&|f| set(f, 12, &(1u64 << 60).to_le_bytes())).contains("overflows"));
    let huge = refused(&|f| set(f, 12, &(1u64 << 50).to_le_bytes()));
    assert!(
        huge.contains("the grain directory") && huge.contains("past the end"),
        "{huge}"
    );
    assert!(refused(&|f| set(f, 56, &(1u64 << 40).to_le_bytes())).contains("past the end"));
    assert!(refused(&|f| set(f, 56, &(u64::MAX / 256).to_le_bytes())).contains("overflows"));
    assert!(refused(&|f| set(f, 64, &(1u64 << 30).to_le_bytes())).contains("overHead"));
    let rgd = refused(&|f| {
        set(f, 8, &FLAG_RGD.to_le_bytes());
        set(f, 48, &(1u64 << 20).to_le_bytes());
    });
    assert!(rgd.contains("redundant grain directory"), "{rgd}");
    let desc = refused(&|f| {
        set(f, 28, &1u64.to_le_bytes());
        set(f, 36, &(1u64 << 20).to_le_bytes());
    });
    assert!(desc.contains("embedded descriptor"), "{desc}");
}

#[test]
fn hostile_tables_are_refused_before_a_byte_is_read() {
    // GD at sector 1, its one table at sector 2, the grain at sector 3.
    let (good, _) = build(Kind::Hosted, 32, 8, 4, &[(1, Some(9))], 0);
    assert_eq!(u32::from_le_bytes(good[512..516].try_into().unwrap()), 2);
    let refused = |edit: &dyn Fn(&mut Vec<u8>)| {
        let mut f = good.clone();
        edit(&mut f);
        stream(&f, 4096).unwrap_err()
    };
    // A grain table cut short by the end of the file.
    let (mut cut, _) = build(Kind::Hosted, 32, 8, 256, &[], 0);
    set(&mut cut, 512, &2u32.to_le_bytes());
    cut.resize(1024 + 100, 0);
    set(&mut cut, 64, &0u64.to_le_bytes());
    let err = stream(&cut, 4096).unwrap_err();
    assert!(
        err.contains("grain table 0") && err.contains("past the end"),
        "{err}"
    );
    // A GD entry past the end, a grain past the end, a grain entry at u32::MAX.
    let err = refused(&|f| set(f, 512, &0x00ff_ffffu32.to_le_bytes()));
    assert!(
        err.contains("grain table 0") && err.contains("past the end"),
        "{err}"
    );
    let err = refused(&|f| set(f, 1024 + 4, &1000u32.to_le_bytes()));
    assert!(
        err.contains("grain 1 ") && err.contains("past the end"),
        "{err}"
    );
    let err = refused(&|f| set(f, 1024 + 4, &u32::MAX.to_le_bytes()));
    assert!(
        err.contains("grain 1 ") && err.contains("past the end"),
        "{err}"
    );
    // A grain cut short: its data runs past the end.
    let err = refused(&|f| f.truncate(f.len() - 1));
    assert!(err.contains("grain 1 "), "{err}");
}

#[test]
fn a_file_that_shrinks_after_the_check_fails_the_stream_instead_of_shortening_it() {
    let (file, _) = build(Kind::Hosted, 32, 8, 4, &[(3, Some(7))], 0);
    let len = file.len() as u64;
    let header = Header::parse(file[..512].try_into().unwrap(), len).unwrap();
    let shrunk = file[..file.len() - 2048].to_vec();
    let mut reader = Reader::new(Cursor::new(shrunk), header, len, "d-s001.vmdk".into());
    let err = std::io::copy(&mut reader, &mut std::io::sink()).unwrap_err();
    assert!(err.to_string().starts_with("d-s001.vmdk: grain 3"), "{err}");
}

/// Every byte of the header, GD and GT set to values that stress bounds: no input panics,
/// and an extent the checks accept streams to its end (or its first MiB) without an error,
/// so what passed the check before sending cannot fail the upload midway.
#[test]
fn mutated_extents_never_panic_and_what_passes_the_check_streams() {
    let (good, _) = build(
        Kind::Hosted,
        96,
        8,
        4,
        &[(0, Some(1)), (5, Some(2)), (6, None)],
        FLAG_ZERO_GRAIN,
    );
    let (cowd, _) = build(Kind::Cowd, 4100, 1, 4096, &[(4099, Some(3))], 0);
    let values: [&[u8]; 8] = [
        &[0],
        &[1],
        &[0x7f],
        &[0x80],
        &[0xff],
        &[0xff, 0xff, 0xff, 0xff],
        &[0, 0, 0, 0x80],
        &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
    ];
    let mut accepted = 0;
    for base in [&good, &cowd] {
        let metadata_end = 512 * 4;
        for at in 0..metadata_end.min(base.len()) {
            for v in values {
                let mut f = base.clone();
                let end = (at + v.len()).min(f.len());
                f[at..end].copy_from_slice(&v[..end - at]);
                let len = f.len() as u64;
                let mut cursor = Cursor::new(&f);
                let Ok(header) = Header::read(&mut cursor, len) else {
                    continue;
                };
                if check_tables(&mut cursor, &header, len).is_err() {
                    continue;
                }
                accepted += 1;
                let mut reader = Reader::new(cursor, header, len, "m".into()).take(1 << 20);
                std::io::copy(&mut reader, &mut std::io::sink())
                    .unwrap_or_else(|e| panic!("byte {at} = {v:?}: checked but failed: {e}"));
            }
        }
    }
    assert!(accepted > 100, "only {accepted} mutations passed the check");
}

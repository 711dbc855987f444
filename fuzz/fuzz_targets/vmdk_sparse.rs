//! Fuzzes the sparse VMDK extent reader that `upload` streams split and sparse disks with
//! (`images::sparse`: KDMV and COWD headers, grain directory and grain tables): no input may
//! panic, and an extent the checks accept must stream (its first MiB) without an error, since
//! those checks are what stands between a damaged file and a half-sent disk.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Read};
use vmmigrate::images::sparse::{check_tables, Header, Reader};

fuzz_target!(|data: &[u8]| {
    let len = data.len() as u64;
    let mut cursor = Cursor::new(data);
    let Ok(header) = Header::read(&mut cursor, len) else {
        return;
    };
    if check_tables(&mut cursor, &header, len).is_err() {
        return;
    }
    let mut reader = Reader::new(cursor, header, len, "fuzz".into()).take(1 << 20);
    std::io::copy(&mut reader, &mut std::io::sink()).expect("a checked extent streams");
});

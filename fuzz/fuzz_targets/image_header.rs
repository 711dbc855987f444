//! Fuzzes the disk image header reader (qcow2, VMDK, VDI, VHD, VHDX, raw) with every
//! declared format: no input may panic or read past the bounded header regions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Cursor;
use vmmigrate::import::image_header::read_virtual_size;
use vmmigrate::model::ImageFormat;

fuzz_target!(|data: &[u8]| {
    let declared = [
        None,
        Some(ImageFormat::Qcow2),
        Some(ImageFormat::Vmdk),
        Some(ImageFormat::Vdi),
        Some(ImageFormat::Vhd),
        Some(ImageFormat::Vhdx),
        Some(ImageFormat::Raw),
    ];
    for format in declared {
        let _ = read_virtual_size(&mut Cursor::new(data), data.len() as u64, format);
    }
});

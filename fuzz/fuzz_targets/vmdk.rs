//! Fuzzes the VMDK descriptor reader (text descriptors and sparse-image headers).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(descriptor) = vmmigrate::import::vmdk::parse(data) {
        let _ = descriptor.is_raw_mapping();
    }
});

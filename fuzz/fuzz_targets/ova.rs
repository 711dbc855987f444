//! Fuzzes the ova importer, then the generator and YAML writer on whatever it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmmigrate::import::{ova, SourceFile};

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes("fuzz-input", data);
    if let Ok(vms) = ova::parse(&file) {
        let generated = vmmigrate::generate::generate(&vms, &Default::default());
        let _ = vmmigrate::output::yaml_stream(&generated);
    }
});

//! Fuzzes format detection plus whichever importer it picks, the path every input file takes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmmigrate::import::{parse, SourceFile};

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes("fuzz-input", data);
    if let Ok(vms) = parse(&file) {
        let generated = vmmigrate::generate::generate(&vms, &Default::default());
        let _ = vmmigrate::output::json_list(&generated);
    }
});

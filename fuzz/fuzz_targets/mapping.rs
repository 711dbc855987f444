//! Fuzzes the mapping-file parser, then generates the bundled CentOS OVF example with every
//! mapping it accepts, so rules no real file holds cannot panic the generator either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmmigrate::generate::{try_generate, GenerateOptions};
use vmmigrate::import::{ovf, SourceFile};
use vmmigrate::mapping::Mapping;

const EXAMPLE: &[u8] = include_bytes!("../../examples/ovf/centos7-web.ovf");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // No base folder: a mapping that names a user-data file is refused, never read.
    let Ok(mapping) = Mapping::parse(&text, "fuzz-mapping.yaml", None) else {
        return;
    };
    let Ok(vms) = ovf::parse(&SourceFile::from_bytes("centos7-web.ovf", EXAMPLE.to_vec())) else {
        return;
    };
    let options = GenerateOptions {
        mapping: Some(mapping),
        ..Default::default()
    };
    if let Ok(generated) = try_generate(&vms, &options) {
        let _ = vmmigrate::output::yaml_stream(&generated);
    }
});

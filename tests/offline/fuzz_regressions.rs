//! Replays every input kept under `tests/fuzz_regressions/<target>/` through the importer the
//! fuzz target of that name exercises (then the generator and the YAML writer, as the fuzz
//! targets do). Each file once crashed an importer or was found by the hostile-input work;
//! the test fails on a panic and on an input that no longer reaches its importer.
//!
//! Add a crasher from `fuzz/artifacts/<target>/crash-*` by copying it into the folder of the
//! same target name, with a name that says what it exercised.

use std::path::{Path, PathBuf};
use vmmigrate::import::{self, SourceFile};

fn regressions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions")
}

/// What the fuzz target called `target` does with `bytes`. Returns whether the importer
/// accepted the input (so the caller can check the outcome recorded in the file name).
fn replay(target: &str, name: &str, bytes: Vec<u8>) -> bool {
    let file = SourceFile::from_bytes(name, bytes.clone());
    let parsed = match target {
        "vmdk" => return import::vmdk::parse(&bytes).is_some(),
        "vmdk_sparse" => return replay_sparse(&bytes),
        "vmx" => import::vmx::parse(&file),
        "ovf" => import::ovf::parse(&file),
        "ova" => import::ova::parse(&file),
        "libvirt" => import::libvirt::parse(&file),
        "proxmox" => import::proxmox::parse(&file),
        "vbox" => import::vbox::parse(&file),
        "xen" => import::xen::parse(&file),
        "vsphere_json" => import::vsphere_json::parse(&file),
        "detect" => import::parse(&file),
        "mapping" => {
            let text = String::from_utf8_lossy(&bytes);
            return match vmmigrate::mapping::Mapping::parse(&text, name, None) {
                Ok(_) => true,
                Err(err) => {
                    assert!(err.to_string().starts_with(name), "{name}: {err}");
                    false
                }
            };
        }
        other => panic!("tests/fuzz_regressions/{other}: no fuzz target of that name"),
    };
    match parsed {
        Ok(vms) => {
            let generated = vmmigrate::generate::generate(&vms, &Default::default());
            let _ = vmmigrate::output::yaml_stream(&generated);
            let _ = vmmigrate::output::json_list(&generated);
            true
        }
        Err(err) => {
            // The error must name the file, like every import error.
            assert!(err.to_string().starts_with(name), "{name}: {err}");
            false
        }
    }
}

/// As fuzz target `vmdk_sparse`: whether the sparse extent reader accepts the bytes, and an
/// accepted extent streams its first MiB without an error.
fn replay_sparse(bytes: &[u8]) -> bool {
    use std::io::{Cursor, Read};
    use vmmigrate::images::sparse::{check_tables, Header, Reader};
    let len = bytes.len() as u64;
    let mut cursor = Cursor::new(bytes);
    let Ok(header) = Header::read(&mut cursor, len) else {
        return false;
    };
    if check_tables(&mut cursor, &header, len).is_err() {
        return false;
    }
    let mut reader = Reader::new(cursor, header, len, "replay".into()).take(1 << 20);
    std::io::copy(&mut reader, &mut std::io::sink()).expect("a checked extent streams");
    true
}

#[test]
fn every_kept_fuzz_input_is_handled_without_a_panic() {
    let mut replayed = 0;
    let mut targets: Vec<_> = std::fs::read_dir(regressions())
        .expect("tests/fuzz_regressions exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    targets.sort();
    for dir in targets {
        let target = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("utf-8 name")
            .to_string();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8")
                .to_string();
            let bytes = std::fs::read(&path).expect("readable input");
            eprintln!("replaying {target}/{name}");
            let accepted = replay(&target, &name, bytes);
            // Inputs named `refused-*` must stay refused; `ok-*` must stay accepted.
            if name.starts_with("refused-") {
                assert!(!accepted, "{target}/{name} is accepted again");
            } else if name.starts_with("ok-") {
                assert!(accepted, "{target}/{name} is refused now");
            }
            replayed += 1;
        }
    }
    assert!(
        replayed > 0,
        "no regression inputs found under {:?}",
        regressions()
    );
}

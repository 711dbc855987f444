//! Benchmark (not a test): `kubectl vmmigrate lint` over 1,000 generated VMs (each with its
//! DataVolumes and Secrets, as `import` writes them), the whole binary as a pre-commit hook
//! would run it, and the engine alone. Issue 23.5 asks for under one second.
//!
//! `cargo bench --bench lint` (env LINT_N, default 1000).

use std::process::Command;
use std::time::Instant;
use vmmigrate::generate::{generate, GenerateOptions};
use vmmigrate::import::{parse, SourceFile};

fn main() {
    let n: usize = std::env::var("LINT_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let mut specs = Vec::new();
    for i in 0..n {
        let vmx = format!(
            "displayName = \"web{i:04}\"\nmemSize = \"4096\"\nnumvcpus = \"2\"\nfirmware = \"efi\"\n\
             scsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"web{i:04}.vmdk\"\n\
             ethernet0.present = \"TRUE\"\nethernet0.virtualDev = \"vmxnet3\"\nethernet0.networkName = \"VM Network\"\n"
        );
        specs.extend(parse(&SourceFile::from_bytes(format!("web{i:04}.vmx"), vmx)).expect("vmx"));
    }
    let vms = generate(&specs, &GenerateOptions::default());
    let objects: Vec<serde_json::Value> = vms.iter().flat_map(|vm| vm.objects.clone()).collect();
    let yaml = vmmigrate::output::yaml_stream(&vms);
    let dir = std::env::temp_dir().join(format!("vmmigrate-lint-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("vms.yaml");
    std::fs::write(&file, &yaml).expect("write");

    let start = Instant::now();
    let findings = vmmigrate::lint::lint(&objects, &vmmigrate::lint::Settings::default());
    let engine = start.elapsed();
    assert!(
        findings.is_empty(),
        "generated VMs must lint clean: {:?}",
        findings.first()
    );

    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_kubectl-vmmigrate"))
        .arg("lint")
        .arg(&file)
        .output()
        .expect("running lint");
    let binary = start.elapsed();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "lint: {n} VMs ({} objects, {} KiB of YAML): binary {:.3} s (parse + schema + admission), engine alone {:.3} s",
        objects.len(),
        yaml.len() / 1024,
        binary.as_secs_f64(),
        engine.as_secs_f64()
    );
}

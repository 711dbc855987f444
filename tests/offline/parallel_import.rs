//! Import on every core (issue 24.1): files are read and parsed on several threads, and the
//! output is still byte-identical to a run on one thread, in the same order, with the same
//! warnings and errors.

use crate::support::{generated_specs, run_plugin};
use std::process::Output;

fn run_with_threads(threads: usize, args: &[&str]) -> Output {
    run_plugin(args, &[("VMMIGRATE_THREADS", &threads.to_string())])
}

#[test]
fn output_on_many_threads_is_the_same_bytes_as_on_one() {
    let (dir, specs) = generated_specs(120);
    // A file that fails in the middle of the walk keeps its place among the others.
    std::fs::write(
        dir.path().join("m-broken.vmx"),
        "config.version = \"8\"\nmemsize = \"x\n",
    )
    .expect("write a broken spec");
    for args in [
        // -v=1 says "I imported FILE" per file: those lines keep their place among the VMs'
        // warnings, which are written after the VMs are checked on other threads.
        vec!["import", specs.as_str(), "--warnings=all", "-v=1"],
        vec!["import", specs.as_str(), "-o", "json"],
        vec!["preview", specs.as_str(), "-o", "wide"],
        vec!["assess", specs.as_str(), "-o", "json"],
    ] {
        let one = run_with_threads(1, &args);
        assert!(!one.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&one.stderr).contains("m-broken.vmx"),
            "{args:?}: the broken file is reported"
        );
        for threads in [2, 4, 7] {
            let many = run_with_threads(threads, &args);
            assert_eq!(
                many.status.code(),
                one.status.code(),
                "{args:?} on {threads}"
            );
            assert!(
                many.stdout == one.stdout,
                "{args:?}: stdout differs on {threads} threads"
            );
            assert!(
                many.stderr == one.stderr,
                "{args:?}: stderr differs on {threads} threads"
            );
        }
    }
}

/// A folder's files are written on the pool's threads; every file, `kustomization.yaml`
/// and what is said on stderr are still the same bytes as one thread writes.
#[test]
fn a_folder_written_on_many_threads_is_the_same_as_on_one() {
    let (_specs_dir, specs) = generated_specs(80);
    let out = tempfile::tempdir().expect("a temporary folder");
    let read_folder = |threads: usize| {
        let dir = out.path().join(format!("t{threads}"));
        let dir_arg = dir.to_str().expect("a UTF-8 path").to_string();
        let run = run_with_threads(
            threads,
            &["import", specs.as_str(), "--output-dir", &dir_arg],
        );
        assert_eq!(run.status.code(), Some(0), "{threads} threads");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .expect("the output folder")
            .map(|entry| {
                let path = entry.expect("a folder entry").path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&path).expect("an output file"))
            })
            .collect();
        files.sort();
        // Only the folder's own name differs on stderr ("wrote N manifest file(s) ... to DIR").
        let stderr = String::from_utf8_lossy(&run.stderr).replace(&dir_arg, "DIR");
        (files, stderr)
    };
    let (one, said_on_one) = read_folder(1);
    // 80 VMs and kustomization.yaml.
    assert_eq!(
        one.len(),
        81,
        "{:?}",
        one.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for threads in [2, 5] {
        let (many, said) = read_folder(threads);
        assert!(many == one, "the folder differs on {threads} threads");
        assert_eq!(said, said_on_one, "stderr on {threads} threads");
    }
}

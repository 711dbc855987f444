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

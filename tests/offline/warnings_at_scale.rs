//! Warnings at scale (issue 24.2): above a handful of VMs, `import`, `preview` and `apply`
//! print one line per kind of warning instead of one per warning, and no warning is lost:
//! the grouped counts, `--warnings=all` and `assess -o json` all add up to the same total.
//!
//! The specs come from `bench/gen_specs.py` (deterministic, every format), written to a
//! scratch folder, so the test sees the same mix of warnings as the benchmark's 2,000 VMs.

use crate::support::{generated_specs, run_plugin};
use serde_json::Value;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    run_plugin(args, &[])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The warning count one grouped line stands for: `[N like this on ...]`, else 1.
fn count_of(line: &str) -> usize {
    line.rsplit_once(" [")
        .and_then(|(_, tail)| tail.split_once(" like this on "))
        .map_or(1, |(n, _)| n.replace(',', "").parse().expect("a count"))
}

fn warning_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("Warning: "))
        .collect()
}

#[test]
fn many_vms_get_one_line_per_kind_and_every_warning_is_still_counted() {
    let (_guard, specs) = generated_specs(48);

    let all = run(&["import", &specs, "--warnings=all"]);
    assert!(all.status.success(), "{}", text(&all.stderr));
    let every = warning_lines(&text(&all.stderr)).len();
    assert!(
        every > 200,
        "the generated specs give many warnings: {every}"
    );

    // -v=1 means all, as kubectl's verbosity shows more.
    let verbose = run(&["import", &specs, "-v=1"]);
    assert_eq!(warning_lines(&text(&verbose.stderr)).len(), every);

    let grouped = run(&["import", &specs]);
    assert!(grouped.status.success(), "{}", text(&grouped.stderr));
    assert_eq!(
        grouped.stdout, all.stdout,
        "the manifests do not depend on --warnings"
    );
    let stderr = text(&grouped.stderr);
    let lines = warning_lines(&stderr);
    let (footer, kinds) = lines
        .split_last()
        .expect("grouped warnings end with a footer");
    assert!(
        kinds.len() * 5 < every,
        "{} grouped lines for {every} warnings:\n{stderr}",
        kinds.len()
    );
    assert_eq!(
        kinds.iter().map(|l| count_of(l)).sum::<usize>(),
        every,
        "{stderr}"
    );
    assert!(
        footer.starts_with(&format!("Warning: {every} warning(s) on 48 VM(s)"))
            && footer.contains("--warnings=all"),
        "{footer}"
    );
    // Each kind once: no two grouped lines with the same example.
    let mut examples: Vec<&str> = kinds
        .iter()
        .map(|l| l.rsplit_once(" [").map_or(*l, |(e, _)| e))
        .collect();
    examples.sort_unstable();
    examples.dedup();
    assert_eq!(examples.len(), kinds.len());

    // assess -o json keeps each warning, per VM.
    let assess = run(&["assess", &specs, "-o", "json"]);
    let report: Value = serde_json::from_slice(&assess.stdout).expect("assess -o json");
    let per_vm: usize = report["vms"]
        .as_array()
        .expect("vms")
        .iter()
        .map(|vm| vm["warnings"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(per_vm, every);

    // preview groups the warnings section of its summary the same way.
    let preview = run(&["preview", &specs]);
    let stdout = text(&preview.stdout);
    let section = stdout
        .split_once("\nWarnings:\n")
        .expect("a warnings section")
        .1;
    let grouped_lines: Vec<&str> = section.lines().collect();
    assert_eq!(grouped_lines.len(), lines.len(), "{section}");
    assert_eq!(
        grouped_lines[..grouped_lines.len() - 1]
            .iter()
            .map(|l| count_of(l))
            .sum::<usize>(),
        every
    );
}

#[test]
fn a_handful_of_vms_keeps_every_warning_on_its_own_line() {
    let (_guard, specs) = generated_specs(5);
    let auto = run(&["import", &specs]);
    let all = run(&["import", &specs, "--warnings=all"]);
    assert_eq!(text(&auto.stderr), text(&all.stderr));
    assert!(!warning_lines(&text(&auto.stderr)).is_empty());
    // ... unless grouping is asked for.
    let grouped = run(&["import", &specs, "--warnings=grouped"]);
    let stderr = text(&grouped.stderr);
    assert!(
        stderr
            .lines()
            .last()
            .is_some_and(|l| l.contains("one line per kind")),
        "{stderr}"
    );
}

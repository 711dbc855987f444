//! Benchmark (not a test), issue 22.1: what `--where` costs. Writes N VMware specs (default
//! 10,000; varied guests, sizes and networks), then times the real binary's
//! `import DIR -o yaml` with and without a `--where` that keeps every VM (so both runs
//! generate and write the same objects and the difference is the selection alone), in
//! alternating runs, and prints the medians and the ratios. The bound: under 1.10.
//! CPU time (user + system, from `/usr/bin/time`) is the figure that holds on a shared
//! machine: wall time there swings by tens of percent between identical runs.
//!
//! `cargo bench --bench where` (env WHERE_N, WHERE_REPS; needs /usr/bin/time).

use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");
/// Every test reads a field; the regex and the list glob are the dearest operators.
const EXPR: &str = "(guest-family in (linux, windows) and memory >= 512Mi and cpus >= 1 \
                    and networks like 'net-*') or source-name ~= '^vm-[0-9]+$' or not tpm";

fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn write_specs(dir: &std::path::Path, n: usize) {
    let guests = [
        "ubuntu-64",
        "rhel8-64",
        "windows2019srv-64",
        "debian11-64",
        "centos7-64",
    ];
    for i in 0..n {
        let text = format!(
            "displayName = \"vm-{i}\"\nguestOS = \"{}\"\nmemSize = \"{}\"\nnumvcpus = \"{}\"\n\
             scsi0.present = \"TRUE\"\nscsi0:0.present = \"TRUE\"\nscsi0:0.fileName = \"vm-{i}.vmdk\"\n\
             ethernet0.present = \"TRUE\"\nethernet0.networkName = \"net-{}\"\n\
             ethernet0.addressType = \"static\"\nethernet0.address = \"00:50:56:{:02x}:{:02x}:{:02x}\"\n",
            guests[i % guests.len()],
            1024 << (i % 4),
            1 + i % 8,
            i % 7,
            (i >> 16) & 0x3f,
            (i >> 8) & 0xff,
            i & 0xff,
        );
        std::fs::write(dir.join(format!("vm-{i:05}.vmx")), text).expect("write spec");
    }
}

/// Wall time and CPU time (user + system) of one import.
fn time_import(dir: &std::path::Path, filter: Option<&str>) -> (f64, f64) {
    let times = tempfile::NamedTempFile::new().expect("temp file");
    let mut command = Command::new("/usr/bin/time");
    command
        .arg("-o")
        .arg(times.path())
        .args(["-f", "%e %U %S", BIN, "import"])
        .arg(dir)
        .args(["-o", "yaml"]);
    if let Some(expr) = filter {
        command.args(["--where", expr]);
    }
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run /usr/bin/time kubectl-vmmigrate");
    assert!(status.success(), "import failed: {status}");
    let text = std::fs::read_to_string(times.path()).expect("read times");
    let numbers: Vec<f64> = text
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers[..] {
        [wall, user, system] => (wall, user + system),
        _ => panic!("unexpected /usr/bin/time output: {text}"),
    }
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let n = env_usize("WHERE_N", 10_000);
    let reps = env_usize("WHERE_REPS", 7);
    let dir = tempfile::tempdir().expect("temp dir");
    write_specs(dir.path(), n);
    // The expression keeps every VM: both runs write the same bytes.
    let plain = Command::new(BIN)
        .arg("import")
        .arg(dir.path())
        .args(["-o", "name"])
        .output()
        .expect("run");
    let filtered = Command::new(BIN)
        .arg("import")
        .arg(dir.path())
        .args(["-o", "name", "--where", EXPR])
        .output()
        .expect("run");
    assert_eq!(
        plain.stdout, filtered.stdout,
        "the expression must keep every VM"
    );
    time_import(dir.path(), None); // warm the page cache
    let (mut without, mut with) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        without.push(time_import(dir.path(), None));
        with.push(time_import(dir.path(), Some(EXPR)));
    }
    let wall = |runs: &[(f64, f64)]| median(runs.iter().map(|r| r.0).collect());
    let cpu = |runs: &[(f64, f64)]| median(runs.iter().map(|r| r.1).collect());
    println!("import of {n} VMs -o yaml, medians of {reps} alternating runs:");
    println!("  --where {EXPR}");
    println!("                   wall      CPU");
    println!(
        "  without --where  {:.3} s  {:.3} s",
        wall(&without),
        cpu(&without)
    );
    println!(
        "  with --where     {:.3} s  {:.3} s",
        wall(&with),
        cpu(&with)
    );
    let ratio = cpu(&with) / cpu(&without);
    println!(
        "  ratio            {:.3}    {ratio:.3} (CPU {:+.1}%; bound 1.10)",
        wall(&with) / wall(&without),
        (ratio - 1.0) * 100.0
    );
}

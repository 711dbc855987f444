//! `--where`, `--order-by`, `--limit`, `--vm` and `preview --columns` on the real binary
//! (issue 22.1): selection over the typed model on every verb that reads specs, errors
//! with a caret under the fault and exit 2.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

/// Four VMware VMs: (name, guestOS, memory MiB, vCPUs, network).
const VMS: [(&str, &str, u32, u32, &str); 4] = [
    ("web01", "ubuntu-64", 4096, 2, "prod"),
    ("db01", "rhel8-64", 16384, 8, "prod"),
    ("app01", "windows2019srv-64", 8192, 4, "backup"),
    ("cache01", "debian11-64", 8192, 2, "dmz"),
];

fn fleet() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, guest, mem, cpus, net) in VMS {
        std::fs::write(
            dir.path().join(format!("{name}.vmx")),
            format!(
                "displayName = \"{name}\"\nguestOS = \"{guest}\"\nmemSize = \"{mem}\"\nnumvcpus = \"{cpus}\"\n\
                 ethernet0.present = \"TRUE\"\nethernet0.networkName = \"{net}\"\n"
            ),
        )
        .unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg(dir)
        .output()
        .expect("run kubectl-vmmigrate")
}

fn names(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("virtualmachine.kubevirt.io/"))
        .map(str::to_string)
        .collect()
}

#[test]
fn where_selects_over_typed_fields_on_import_and_preview() {
    let dir = fleet();
    let out = run(
        dir.path(),
        &[
            "import",
            "-o",
            "name",
            "--where",
            "guest-family = linux and memory >= 8Gi",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Files are read in name order.
    assert_eq!(names(&out), ["cache01", "db01"]);
    let out = run(
        dir.path(),
        &[
            "preview",
            "-o",
            "name",
            "--where",
            "networks in (dmz, backup) or cpus > 4",
        ],
    );
    assert_eq!(names(&out), ["app01", "cache01", "db01"]);
    let out = run(
        dir.path(),
        &[
            "preview",
            "-o",
            "name",
            "--where",
            "not (name like '*01' and guest-distro ~= '^(rhel|ubuntu)$')",
        ],
    );
    assert_eq!(names(&out), ["app01", "cache01"]);
}

#[test]
fn order_by_limit_and_vm_choose_and_order_the_wave() {
    let dir = fleet();
    let out = run(
        dir.path(),
        &[
            "import",
            "-o",
            "name",
            "--order-by",
            "memory desc, name",
            "--limit",
            "3",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(names(&out), ["db01", "app01", "cache01"]);
    let out = run(
        dir.path(),
        &["preview", "-o", "name", "--vm", "web01", "--vm", "app01"],
    );
    assert_eq!(names(&out), ["app01", "web01"]);
}

#[test]
fn assess_reports_only_the_selected_vms() {
    let dir = fleet();
    let out = run(
        dir.path(),
        &[
            "assess",
            "-o",
            "json",
            "--where",
            "guest-family = windows",
            "--allow-critical",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let vms: Vec<&str> = report["vms"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|vm| vm["name"].as_str())
        .collect();
    assert_eq!(vms, ["app01"]);
}

#[test]
fn columns_show_any_field() {
    let dir = fleet();
    let out = run(
        dir.path(),
        &[
            "preview",
            "-o",
            "wide",
            "--columns",
            "name,guest-family,memory,cpus,networks",
            "--where",
            "cpus >= 4",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["NAME", "GUEST-FAMILY", "MEMORY", "CPUS", "NETWORKS"],
            vec!["app01", "windows", "8Gi", "4", "backup"],
            vec!["db01", "linux", "16Gi", "8", "prod"],
        ]
    );
    let out = run(dir.path(), &["preview", "--columns", "name,size"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown field 'size'"));
}

#[test]
fn a_bad_expression_points_at_its_column_and_exits_2_on_every_verb() {
    let dir = fleet();
    for verb in ["import", "preview", "assess", "apply"] {
        let out = run(dir.path(), &[verb, "--where", "cpus >> 4"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{verb}: {stderr}");
        assert!(
            stderr.contains("expected a value after '>', found '>'\n  cpus >> 4\n        ^\n"),
            "{verb}: {stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = run(dir.path(), &["preview", "--where", "memory >= 8 GiB"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains(
            "expected 'and', 'or' or the end, found 'GiB'\n  memory >= 8 GiB\n              ^"
        ),
        "{stderr}"
    );
    let out = run(dir.path(), &["import", "--order-by", "memory downwards"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_selection_that_keeps_nothing_says_so() {
    let dir = fleet();
    let out = run(dir.path(), &["import", "--where", "cpus > 64"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("none of the 4 VM(s) read matches the selection"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_readme_lists_every_field_with_its_type() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("## Choosing VMs")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README section \"Choosing VMs\"");
    for (name, kind, _) in vmmigrate::query::field_list() {
        let row = format!("| `{name}` | {}", kind.as_str());
        assert!(
            section.contains(&row),
            "README lacks the row for {name}: {row}"
        );
    }
}

#[test]
fn import_stops_reading_once_the_limit_is_written() {
    let dir = fleet();
    // Read last (files go in name order): never reached with --limit 2.
    std::fs::write(dir.path().join("zz-broken.vmx"), "this is not a VM spec\n").unwrap();
    let out = run(dir.path(), &["import", "-o", "name", "--limit", "2"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(names(&out), ["app01", "cache01"]);
    let out = run(dir.path(), &["import", "-o", "name"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the broken file fails a full import"
    );
}

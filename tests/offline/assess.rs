//! End-to-end tests of `kubectl vmmigrate assess` (and the CONCERNS column of `preview`):
//! real binary, real spec files in scratch folders, exit codes, and the README's concern
//! table checked against the catalogue in the code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use vmmigrate::assess::catalogue;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("KUBECONFIG")
        .env("NO_COLOR", "1")
        .output()
        .expect("the built binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A Proxmox config with nothing to worry about: Linux, sized disk, one NIC.
fn proxmox(name: &str, mac: &str, disk: &str) -> String {
    format!(
        "name: {name}\nostype: l26\nmemory: 2048\ncores: 2\nscsihw: virtio-scsi-pci\n\
         scsi0: {disk}\nnet0: virtio={mac},bridge=vmbr0\n"
    )
}

fn scratch(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

#[test]
fn clean_specs_are_ready_and_exit_zero() {
    let dir = scratch(&[
        (
            "web01.conf",
            proxmox(
                "web01",
                "52:54:00:12:34:56",
                "local-lvm:vm-100-disk-0,size=20G",
            ),
        ),
        (
            "db01.conf",
            proxmox(
                "db01",
                "52:54:00:12:34:57",
                "local-lvm:vm-101-disk-0,size=40G",
            ),
        ),
    ]);
    let out = run_in(dir.path(), &["assess", "."]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert_eq!(
        text,
        "NAME    SOURCE    STATUS   CRITICAL   WARNING   INFO\n\
         db01    proxmox   Ready    0          0         0\n\
         web01   proxmox   Ready    0          0         0\n"
    );
    let report = json(&run_in(dir.path(), &["assess", ".", "-o", "json"]));
    assert_eq!(report["summary"]["ready"], 2);
    assert_eq!(report["vms"][0]["concerns"], serde_json::json!([]));
}

#[test]
fn a_critical_concern_fails_the_run_unless_allowed() {
    let dir = scratch(&[
        (
            "web01.conf",
            proxmox(
                "web01",
                "52:54:00:12:34:56",
                "local-lvm:vm-100-disk-0,size=20G",
            ),
        ),
        // No size= : the capacity is unknown.
        (
            "app01.conf",
            proxmox("app01", "52:54:00:12:34:58", "local-lvm:vm-102-disk-0"),
        ),
    ]);
    let out = run_in(dir.path(), &["assess", "."]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 of 2 VM(s) blocked") && stderr.contains("--allow-critical"));
    let text = stdout(&out);
    assert!(text.contains("app01   proxmox   Blocked   1 "), "{text}");
    assert!(text.contains("\nConcerns:\nID "), "{text}");
    assert!(
        text.contains("disk-capacity-unknown   Critical   app01   scsi0: "),
        "{text}"
    );

    let allowed = run_in(dir.path(), &["assess", ".", "--allow-critical"]);
    assert_eq!(allowed.status.code(), Some(0));
    assert_eq!(
        stdout(&allowed),
        text,
        "the report does not depend on the flag"
    );
}

#[test]
fn a_mac_shared_by_two_input_files_blocks_both_vms() {
    let dir = scratch(&[
        (
            "web01.conf",
            proxmox(
                "web01",
                "52:54:00:12:34:56",
                "local-lvm:vm-100-disk-0,size=20G",
            ),
        ),
        (
            "web02.conf",
            proxmox(
                "web02",
                "52:54:00:12:34:56",
                "local-lvm:vm-101-disk-0,size=20G",
            ),
        ),
    ]);
    let out = run_in(dir.path(), &["assess", ".", "-o", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["apiVersion"], "vmmigrate.io/v1alpha1");
    assert_eq!(report["kind"], "AssessmentReport");
    assert_eq!(report["summary"]["blocked"], 2);
    for (vm, other) in [(0, "web02"), (1, "web01")] {
        let concern = &report["vms"][vm]["concerns"][0];
        assert_eq!(concern["id"], "mac-duplicated");
        assert_eq!(concern["category"], "Critical");
        assert_eq!(concern["subject"], "net0");
        assert!(concern["message"].as_str().unwrap_or("").contains(other));
    }
}

#[test]
fn the_bundled_examples_report_their_concerns_in_every_format() {
    let out = run_in(&repo(), &["assess", "examples/"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    for line in [
        "win2019-app01                 vmx      Warnings   0          4         0",
        "independent-disk               Warning       win2019-app01                 scsi0:1: ",
        "tpm-data-lost ",
        "uefi-nvram ",
        "guest-os-upgrade-recommended   Information   centos7-legacy-do-not-touch ",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    let wide = stdout(&run_in(&repo(), &["assess", "examples/", "-o", "wide"]));
    assert!(wide.starts_with(
        "NAME                          SOURCE   STATUS     CRITICAL   WARNING   INFO   SOURCE-NAME "
    ));
    assert!(wide.contains("centos7 legacy (do not touch)"));

    // JSON and YAML carry the same data as the table.
    let report = json(&run_in(&repo(), &["assess", "examples/", "-o", "json"]));
    let vms = report["vms"].as_array().cloned().unwrap_or_default();
    assert_eq!(vms.len(), 2);
    let rows = text
        .lines()
        .filter(|l| l.contains("   Warning   ") || l.contains("   Information   "))
        .count();
    let concerns: usize = vms
        .iter()
        .map(|vm| vm["concerns"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(rows, concerns);
    let yaml = stdout(&run_in(&repo(), &["assess", "examples/", "-o", "yaml"]));
    assert!(yaml.contains("kind: AssessmentReport"), "{yaml}");
    assert!(yaml.contains("id: tpm-data-lost"), "{yaml}");
}

#[test]
fn preview_shows_the_concern_count_and_keeps_object_output() {
    let dir = scratch(&[(
        "app01.conf",
        proxmox("app01", "52:54:00:12:34:58", "local-lvm:vm-102-disk-0"),
    )]);
    let out = run_in(dir.path(), &["preview", "."]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "preview never fails on concerns"
    );
    let text = stdout(&out);
    let header = text.lines().next().unwrap_or_default();
    assert!(header.ends_with("WARNINGS   CONCERNS"), "{header}");
    assert!(
        text.lines()
            .nth(1)
            .unwrap_or_default()
            .ends_with("1 (1 critical)"),
        "{text}"
    );
    let yaml = stdout(&run_in(dir.path(), &["preview", ".", "-o", "yaml"]));
    assert!(yaml.contains("kind: VirtualMachine") && !yaml.contains("concern"));
}

#[test]
fn an_unreadable_input_fails_the_run_but_the_others_are_still_assessed() {
    let dir = scratch(&[
        (
            "web01.conf",
            proxmox(
                "web01",
                "52:54:00:12:34:56",
                "local-lvm:vm-100-disk-0,size=20G",
            ),
        ),
        ("broken.vmx", "this is not a VM spec\n".to_string()),
    ]);
    let out = run_in(dir.path(), &["assess", ".", "--allow-critical"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad input fails even with --allow-critical"
    );
    assert!(
        stdout(&out).contains("web01   proxmox   Ready "),
        "{}",
        stdout(&out)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.vmx"));
}

#[test]
fn a_spec_on_stdin_is_assessed() {
    let mut child = Command::new(BIN)
        .args(["assess", "-", "-o", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin
            .write_all(
                proxmox("App_01", "52:54:00:12:34:56", "local:vm-1-disk-0,size=8G").as_bytes(),
            )
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = json(&out);
    assert_eq!(report["vms"][0]["name"], "app-01");
    assert_eq!(report["vms"][0]["status"], "Warnings");
    assert_eq!(report["vms"][0]["concerns"][0]["id"], "name-changed");
}

/// The README's concern table is exactly the catalogue: ids, categories, triggers and
/// Forklift rules cannot drift apart. `UPDATE_GOLDEN=1` rewrites the README's rows.
#[test]
fn readme_lists_exactly_the_catalogue() {
    let path = repo().join("README.md");
    let mut readme = std::fs::read_to_string(&path).unwrap();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        for (heading, rows) in [
            ("#### Concern ids", readme_rows()),
            (
                "#### Forklift rules not judged from a spec file",
                readme_not_judgeable_rows(),
            ),
        ] {
            readme = replace_table_rows(&readme, heading, &rows);
        }
        std::fs::write(&path, &readme).unwrap();
    }
    let rows_after = |heading: &str| -> Vec<String> {
        readme
            .lines()
            .skip_while(|l| !l.starts_with(heading))
            .skip(1)
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .skip(2)
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        rows_after("#### Concern ids"),
        readme_rows(),
        "README's concern table differs from src/assess/catalogue.rs"
    );
    assert_eq!(
        rows_after("#### Forklift rules not judged from a spec file"),
        readme_not_judgeable_rows(),
        "README's list of Forklift rules not judged differs from src/assess/catalogue.rs"
    );
}

/// The README rows for the catalogue, exactly as the README must contain them.
fn readme_rows() -> Vec<String> {
    catalogue::CATALOGUE
        .iter()
        .map(|k| {
            format!(
                "| `{}` | {} | {} | {} |",
                k.id,
                k.category.as_str(),
                k.trigger,
                k.forklift
            )
        })
        .collect()
}

/// The README rows for the Forklift rules that cannot be judged from a spec file.
fn readme_not_judgeable_rows() -> Vec<String> {
    catalogue::NOT_JUDGEABLE
        .iter()
        .map(|(rule, reason)| format!("| {rule} | {reason} |"))
        .collect()
}

/// The README with the body rows of the table under `heading` replaced by `rows`.
fn replace_table_rows(readme: &str, heading: &str, rows: &[String]) -> String {
    let lines: Vec<&str> = readme.lines().collect();
    let Some(at) = lines.iter().position(|l| l.starts_with(heading)) else {
        panic!("README has no {heading:?} section");
    };
    let Some(table) = (at..lines.len()).find(|&i| lines[i].starts_with('|')) else {
        panic!("no table under {heading:?}");
    };
    let body = table + 2;
    let end = (body..lines.len())
        .find(|&i| !lines[i].starts_with('|'))
        .unwrap_or(lines.len());
    let mut out: Vec<String> = lines[..body].iter().map(|l| l.to_string()).collect();
    out.extend(rows.iter().cloned());
    out.extend(lines[end..].iter().map(|l| l.to_string()));
    out.join("\n") + "\n"
}

//! The per-VM plan file on the real binary (issue 22.2): `preview -o plan` then `--plan`
//! gives byte-identical manifests over the whole shared corpus; edits win per field; an
//! entry or a NIC the inputs lack is an error at `file:line:column`; a changed source is
//! refused unless `--allow-stale-plan`.

use crate::support;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run kubectl-vmmigrate")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The examples copied into a fresh folder (so that a test may change a source file).
fn examples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    // Specs under specs/, the mapping and the cloud-init data it names beside them.
    for (sub, to) in [
        ("vmware", "specs/vmware"),
        ("ovf", "specs/ovf"),
        ("cloud-init", "cloud-init"),
    ] {
        std::fs::create_dir_all(dir.path().join(to)).unwrap();
        for file in std::fs::read_dir(root.join(sub)).unwrap() {
            let file = file.unwrap().path();
            std::fs::copy(&file, dir.path().join(to).join(file.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(root.join("mapping.yaml"), dir.path().join("mapping.yaml")).unwrap();
    dir
}

fn write_plan(dir: &Path, extra: &[&str]) -> std::path::PathBuf {
    let inputs = dir.join("specs").display().to_string();
    let map = dir.join("mapping.yaml").display().to_string();
    let mut args = vec![
        "preview",
        inputs.as_str(),
        "--map",
        map.as_str(),
        "-o",
        "plan",
    ];
    args.extend(extra);
    let out = run(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = dir.join("wave1.yaml");
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

fn preview(dir: &Path, plan: Option<&Path>, extra: &[&str]) -> Output {
    let inputs = dir.join("specs").display().to_string();
    let map = dir.join("mapping.yaml").display().to_string();
    let plan = plan.map(|p| p.display().to_string());
    let mut args = vec![
        "preview",
        inputs.as_str(),
        "--map",
        map.as_str(),
        "-o",
        "yaml",
    ];
    if let Some(plan) = &plan {
        args.extend(["--plan", plan.as_str()]);
    }
    args.extend(extra);
    run(&args)
}

#[test]
fn a_plan_written_and_read_back_unedited_changes_nothing_over_the_corpus() {
    let Some(shared) = support::require_shared("plan round trip over the corpus") else {
        return;
    };
    let corpus = shared.join("corpus").display().to_string();
    let plain = run(&["preview", &corpus, "-o", "yaml"]);
    let plan = run(&["preview", &corpus, "-o", "plan"]);
    let dir = tempfile::tempdir().unwrap();
    let plan_file = dir.path().join("corpus-plan.yaml");
    std::fs::write(&plan_file, &plan.stdout).unwrap();
    let entries = text(&plan.stdout).matches("\n- source: ").count();
    assert!(entries > 1000, "the corpus plan has only {entries} entries");
    let planned = run(&[
        "preview",
        &corpus,
        "-o",
        "yaml",
        "--plan",
        &plan_file.display().to_string(),
    ]);
    // Some corpus files are refused (exit 1) in all three runs alike; the plan adds no error.
    assert_eq!(
        plain.status.code(),
        planned.status.code(),
        "{}",
        text(&planned.stderr)
    );
    assert!(
        !text(&planned.stderr).contains(&plan_file.display().to_string()),
        "{}",
        text(&planned.stderr)
    );
    assert!(plain.stdout.len() > 1_000_000);
    assert!(
        plain.stdout == planned.stdout,
        "manifests differ after an unedited plan round trip"
    );
}

#[test]
fn edits_win_per_field_and_the_rest_is_unchanged() {
    let dir = examples();
    let plan = write_plan(dir.path(), &[]);
    let written = std::fs::read_to_string(&plan).unwrap();
    assert!(
        written.contains("  runStrategy: Halted\n")
            && written.contains("  - name: ethernet1\n    network: migrated/backup\n"),
        "{written}"
    );
    let edited = written
        .replacen("storageClass: ceph-rbd", "storageClass: gold", 1)
        .replace("mac: 00:50:56:9c:44:7e", "mac: 02:00:00:00:00:01")
        .replace("name: win2019-app01", "name: app01");
    std::fs::write(&plan, edited).unwrap();
    let before = preview(dir.path(), None, &[]);
    let after = preview(dir.path(), Some(&plan), &[]);
    assert!(after.status.success(), "{}", text(&after.stderr));
    let (before, after) = (text(&before.stdout), text(&after.stdout));
    let changed: Vec<(String, String)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        changed,
        [
            pair("name: win2019-app01", "name: app01"),
            pair("storageClassName: ceph-rbd", "storageClassName: gold"),
            pair(
                "kubevirt.io/domain: win2019-app01",
                "kubevirt.io/domain: app01"
            ),
            // Quoted: YAML 1.1 reads 02:00:... as a base-60 number.
            pair(
                "macAddress: 00:50:56:9c:44:7e",
                "macAddress: \"02:00:00:00:00:01\""
            ),
        ]
    );
}

#[test]
fn the_plan_takes_only_its_vms_and_where_narrows_it_further() {
    let dir = examples();
    let plan = write_plan(dir.path(), &["--where", "guest-family = windows"]);
    let out = preview(dir.path(), Some(&plan), &[]);
    let stdout = text(&out.stdout);
    let names: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("kind: "))
        .collect::<Vec<_>>();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        names,
        ["kind: NetworkAttachmentDefinition", "kind: VirtualMachine"]
    );
    assert!(!stdout.contains("centos7"));
}

#[test]
fn entries_and_fields_the_inputs_lack_are_errors_at_their_place() {
    let dir = examples();
    let plan = write_plan(dir.path(), &[]);
    let written = std::fs::read_to_string(&plan).unwrap();
    let line_of = |needle: &str| written.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let nic_line = line_of("- name: ethernet1");
    let vm_line = line_of("sourceName: WIN2019_App01") - 1;
    let edited = written
        .replace("- name: ethernet1", "- name: ethernet9")
        .replace("sourceName: WIN2019_App01", "sourceName: WIN2019_App02")
        .replace("kind: Plan", "kind: Plan\nextra: 1");
    std::fs::write(&plan, &edited).unwrap();
    let out = preview(dir.path(), Some(&plan), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let file = plan.display().to_string();
    assert!(
        stderr.contains(&format!("{file}:6:1: unknown field `extra`")),
        "{stderr}"
    );
    // Without the unknown key: the entry for a VM not in the inputs.
    std::fs::write(&plan, edited.replace("kind: Plan\nextra: 1", "kind: Plan")).unwrap();
    let stderr = text(&preview(dir.path(), Some(&plan), &[]).stderr);
    assert!(
        stderr.contains(&format!(
            "{file}:{vm_line}:11: no VM \"WIN2019_App02\" from "
        )),
        "{stderr}"
    );
    // Back to the real VM: its NIC ethernet9 does not exist.
    std::fs::write(
        &plan,
        written.replace("- name: ethernet1", "- name: ethernet9"),
    )
    .unwrap();
    let out = preview(dir.path(), Some(&plan), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains(&format!("{file}:{nic_line}:11: the VM has no NIC \"ethernet9\" (its NICs: ethernet0, ethernet1)")),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_changed_source_is_refused_unless_allowed() {
    let dir = examples();
    let plan = write_plan(dir.path(), &[]);
    let vmx = dir.path().join("specs/vmware/WIN2019_App01.vmx");
    let mut source = std::fs::read_to_string(&vmx).unwrap();
    source.push_str("annotation = \"changed after the plan\"\n");
    std::fs::write(&vmx, source).unwrap();
    let out = preview(dir.path(), Some(&plan), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("1 source file(s) changed since the plan was written"),
        "{stderr}"
    );
    assert!(stderr.contains("WIN2019_App01.vmx"), "{stderr}");
    assert!(stderr.contains("--allow-stale-plan"), "{stderr}");
    let out = preview(dir.path(), Some(&plan), &["--allow-stale-plan"]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("Warning: ")
            && stderr.contains("source changed since the plan was written"),
        "{stderr}"
    );
    // apply refuses before touching any cluster.
    let out = run(&[
        "apply",
        &dir.path().join("specs").display().to_string(),
        "--map",
        &dir.path().join("mapping.yaml").display().to_string(),
        "--plan",
        &plan.display().to_string(),
        "--kubeconfig",
        "/nonexistent",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("changed since the plan was written"),
        "{}",
        text(&out.stderr)
    );
}

//! `kubectl vmmigrate lint` on the real binary: exit codes, `file:line` reports, stdin, folders,
//! JSON output, feature-gate flags; and the vendored schema copies against `../shared/schemas`.

use crate::support;

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn lint(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .arg("lint")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawning the plugin");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin.unwrap_or("").as_bytes())
        .expect("writing stdin");
    drop(pipe);
    child.wait_with_output().expect("waiting for the plugin")
}

const BAD: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: skipped
---
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: web01
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        firmware:
          bootloader:
            efi: {}
        devices:
          disks:
          - name: root
            disk: {}
          - name: data
            disk: {}
      volumes:
      - name: root
        containerDisk:
          image: quay.io/containerdisks/fedora:41
---
apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata:
  name: tiny
spec:
  source:
    blank: {}
  storage:
    resources:
      requests:
        storage: 512Ki
";

#[test]
fn reports_each_refusal_at_its_file_and_line_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sub = dir.path().join("apps");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::write(sub.join("vm.yaml"), BAD).expect("write");
    std::fs::write(sub.join("notes.txt"), "not a manifest").expect("write");
    let out = lint(&[dir.path().to_str().expect("utf-8 path")], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let file = sub.join("vm.yaml").display().to_string();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(&format!("{file}:22: VirtualMachine/web01: spec.template.spec.domain.devices.disks[1].name: spec.template.spec.domain.devices.disks[1].Name 'data' not found.")), "{stdout}");
    assert!(stdout.contains(&format!("{file}:14: VirtualMachine/web01: spec.template.spec.domain: has EFI SecureBoot enabled. SecureBoot requires SMM, which is currently disabled.")), "{stdout}");
    assert!(stdout.contains(&format!("{file}:38: DataVolume/tiny: spec.Storage.resources.requests.size: Storage size should be at least 1MiB")), "{stdout}");
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 problem(s) in 2 of 2"));
}

#[test]
fn stdin_json_output_and_a_clean_input() {
    let out = lint(&["-", "-o", "json"], Some(BAD));
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["objects"], 2);
    let problems = report["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 3);
    assert_eq!(problems[0]["file"], "<stdin>");
    assert_eq!(problems[0]["kind"], "VirtualMachine");
    assert_eq!(problems[0]["stage"], "admission");

    let fixed = BAD
        .replace(
            "            efi: {}\n",
            "            efi: {secureBoot: false}\n",
        )
        .replace("          - name: data\n            disk: {}\n", "")
        .replace("storage: 512Ki", "storage: 1Gi");
    let out = lint(&["-"], Some(&fixed));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn unknown_fields_and_wrong_types_are_schema_errors() {
    let text = "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: a\nspec:\n  running: yes-please\n  template:\n    spec:\n      domain:\n        devices: {}\n        foo: 1\n";
    let out = lint(&["-"], Some(text));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("<stdin>:11: VirtualMachine/a: .spec.template.spec.domain.foo: field not declared in schema"), "{stdout}");
    assert!(stdout.contains("<stdin>:6: VirtualMachine/a: spec.running: Invalid value: \"string\": spec.running in body must be of type boolean: \"string\""), "{stdout}");
}

#[test]
fn feature_gates_change_the_verdict() {
    let text = "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: a\nspec:\n  runStrategy: Halted\n  template:\n    spec:\n      domain:\n        devices:\n          disks:\n          - name: host\n            disk: {}\n      volumes:\n      - name: host\n        hostDisk:\n          path: /var/disk.img\n          type: DiskOrCreate\n          capacity: 1Gi\n";
    let out = lint(&["-"], Some(text));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("HostDisk feature gate is not enabled"));
    let out = lint(&["-", "--feature-gates", "Sidecar,HostDisk"], Some(text));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = lint(
        &["-", "--default-architecture", "arm64"],
        Some(&text.replace("hostDisk", "x")),
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2_and_missing_paths_exit_1() {
    assert_eq!(lint(&["-", "-o", "yaml"], Some("")).status.code(), Some(2));
    assert_eq!(
        lint(&["--default-architecture", "mips", "-"], Some(""))
            .status
            .code(),
        Some(2)
    );
    assert_eq!(lint(&[], None).status.code(), Some(2));
    let out = lint(&["/nonexistent/manifests"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("/nonexistent/manifests: the path does not exist"));
    let out = lint(&["-"], Some("a: [\n"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:1: cannot parse YAML"));
}

#[test]
fn names_from_the_input_cannot_drive_the_terminal() {
    let text = "apiVersion: cdi.kubevirt.io/v1beta1\nkind: DataVolume\nmetadata:\n  name: \"dv\\n\\e[31m\"\nspec:\n  source:\n    blank: {}\n  storage:\n    resources:\n      requests:\n        storage: 1Gi\n";
    let out = lint(&["-"], Some(text));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a name ending in a newline is refused"
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("metadata.name: Invalid value"), "{stdout}");
}

/// The schemas and bundles embedded in the binary are byte-identical to `../shared/schemas`.
#[test]
fn vendored_schemas_match_the_shared_copies() {
    let Some(shared) = support::require_shared("lint vendored schemas") else {
        return;
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lint/schemas");
    let pairs = [
        (
            "kubevirt-v1.9.0/virtualmachine.yaml",
            "kubevirt-v1.9.0/crd-validation/virtualmachine.yaml",
        ),
        (
            "kubevirt-v1.9.0/virtualmachineinstance.yaml",
            "kubevirt-v1.9.0/crd-validation/virtualmachineinstance.yaml",
        ),
        (
            "kubevirt-v1.9.0/virtualmachinepool.yaml",
            "kubevirt-v1.9.0/crd-validation/virtualmachinepool.yaml",
        ),
        (
            "kubevirt-v1.9.0/virtualmachineinstancetype.yaml",
            "kubevirt-v1.9.0/crd-validation/virtualmachineinstancetype.yaml",
        ),
        (
            "kubevirt-v1.9.0/virtualmachineclusterinstancetype.yaml",
            "kubevirt-v1.9.0/crd-validation/virtualmachineclusterinstancetype.yaml",
        ),
        (
            "kubevirt-v1.9.0/virtualmachinepreference.yaml",
            "kubevirt-v1.9.0/crd-validation/virtualmachinepreference.yaml",
        ),
        (
            "kubevirt-v1.9.0/virtualmachineclusterpreference.yaml",
            "kubevirt-v1.9.0/crd-validation/virtualmachineclusterpreference.yaml",
        ),
        ("kubevirt-v1.9.0/LICENSE", "kubevirt-v1.9.0/LICENSE"),
        (
            "cdi-v1.66.0/datavolume.yaml",
            "cdi-v1.66.0/crd/datavolume.yaml",
        ),
        ("cdi-v1.66.0/LICENSE", "cdi-v1.66.0/LICENSE"),
        (
            "common-instancetypes-v1.7.0/common-clusterinstancetypes-bundle-v1.7.0.yaml",
            "common-instancetypes-v1.7.0/common-clusterinstancetypes-bundle-v1.7.0.yaml",
        ),
        (
            "common-instancetypes-v1.7.0/common-clusterpreferences-bundle-v1.7.0.yaml",
            "common-instancetypes-v1.7.0/common-clusterpreferences-bundle-v1.7.0.yaml",
        ),
        (
            "common-instancetypes-v1.7.0/LICENSE",
            "common-instancetypes-v1.7.0/LICENSE",
        ),
    ];
    for (ours, theirs) in pairs {
        let a = std::fs::read(root.join(ours)).unwrap_or_else(|e| panic!("{ours}: {e}"));
        let b = std::fs::read(shared.join("schemas").join(theirs))
            .unwrap_or_else(|e| panic!("{theirs}: {e}"));
        assert!(
            a == b,
            "src/lint/schemas/{ours} differs from ../shared/schemas/{theirs}: copy it again"
        );
    }
    // And the binary embeds exactly these files (that its JSON holds their documents is
    // `lint::tests::the_embedded_json_is_the_vendored_yaml`, which needs no ../shared).
    let embedded = vmmigrate::lint::embedded_files();
    assert_eq!(embedded.len(), 10);
    for (name, _) in embedded {
        let ours = format!("{name}.yaml");
        assert!(
            pairs.iter().any(|(o, _)| *o == ours),
            "{ours} is not vendored"
        );
    }
}

//! End-to-end tests of the real binary: run it as a user would, in scratch folders, and
//! through kubectl's plugin discovery.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(repo())
        .env_remove("KUBECONFIG")
        .output()
        .expect("the built binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder on PATH holding only our plugin, as `cargo install` or krew would leave it.
fn plugin_path(dir: &Path) -> String {
    let link = dir.join("kubectl-vmmigrate");
    std::fs::copy(BIN, &link).expect("copy plugin binary");
    format!("{}:/usr/bin:/bin", dir.display())
}

fn kubectl_available() -> bool {
    let found = Path::new("/usr/bin/kubectl").exists();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "/usr/bin/kubectl is required under CI"
        );
        eprintln!("SKIPPED: /usr/bin/kubectl not installed");
    }
    found
}

#[test]
fn kubectl_discovers_the_plugin_and_runs_its_help() {
    if !kubectl_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = plugin_path(dir.path());
    let list = Command::new("/usr/bin/kubectl")
        .args(["plugin", "list"])
        .env("PATH", &path)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    let listed = stdout(&list);
    assert!(
        listed.contains("kubectl-vmmigrate"),
        "plugin list: {listed}\n{}",
        stderr(&list)
    );
    assert!(
        !stderr(&list).contains("warning"),
        "plugin list warned: {}",
        stderr(&list)
    );

    let help = Command::new("/usr/bin/kubectl")
        .args(["vmmigrate", "--help"])
        .env("PATH", &path)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(help.status.success(), "{}", stderr(&help));
    let text = stdout(&help);
    assert!(text.contains("Usage: kubectl vmmigrate"), "{text}");
    assert!(
        text.contains("import") && text.contains("preview"),
        "{text}"
    );
}

#[test]
fn preview_through_kubectl_reads_the_bundled_examples() {
    if !kubectl_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("/usr/bin/kubectl")
        .args(["vmmigrate", "preview", "examples/vmware/WIN2019_App01.vmx"])
        .current_dir(repo())
        .env("PATH", plugin_path(dir.path()))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let row = text
        .lines()
        .find(|l| l.starts_with("win2019-app01 "))
        .unwrap_or_else(|| panic!("no row for win2019-app01 in:\n{text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells[..7],
        [
            "win2019-app01",
            "vmx",
            "4",
            "8Gi",
            "2+1cd",
            "2",
            "efi+secureboot+tpm"
        ]
    );
}

#[test]
fn usage_errors_exit_2_and_runtime_failures_exit_1() {
    let out = run(&["import"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["import", "does/not/exist.vmx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("does/not/exist.vmx"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_bad_file_is_reported_with_its_line_and_good_files_still_print() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.vmx"),
        "displayName = \"ok\"\nthis line is not a vmx setting\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.xml"),
        "<domain type='kvm'>\n  <name>x</name>\n  <vcpu>2</vcpu>\n",
    )
    .unwrap();
    let good = repo().join("examples/vmware/WIN2019_App01.vmx");
    let out = Command::new(BIN)
        .args(["import"])
        .arg(dir.path().join("broken.vmx"))
        .arg(dir.path().join("broken.xml"))
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("broken.vmx:2"), "{err}");
    assert!(err.contains("broken.xml:"), "{err}");
    let text = stdout(&out);
    assert!(text.contains("name: win2019-app01"), "{text}");
    assert!(
        !text.contains("name: ok"),
        "objects of a bad file leaked:\n{text}"
    );
}

#[test]
fn import_is_deterministic_and_output_dir_is_kustomize_ready() {
    let first = run(&["import", "examples"]);
    let second = run(&["import", "examples"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(first.stdout, second.stdout);

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("manifests");
    let out = Command::new(BIN)
        .args(["import", "examples", "-n", "migrated", "--output-dir"])
        .arg(&target)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let kustomization = std::fs::read_to_string(target.join("kustomization.yaml")).unwrap();
    assert!(
        kustomization.contains("- win2019-app01.yaml"),
        "{kustomization}"
    );
    let vm = std::fs::read_to_string(target.join("win2019-app01.yaml")).unwrap();
    assert!(vm.contains("namespace: migrated"), "{vm}");
}

#[test]
fn json_output_is_one_list_and_name_output_is_kind_group_name() {
    let out = run(&["import", "examples/vmware", "-o", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"][0]["kind"], "VirtualMachine");

    let out = run(&["preview", "examples/vmware", "-o", "name"]);
    assert_eq!(stdout(&out), "virtualmachine.kubevirt.io/win2019-app01\n");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(BIN)
        .args(["import", "examples", "examples", "examples", "examples"])
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end of stdout at once, as `| head -0` would.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let spec = std::fs::read(repo().join("examples/ovf/centos7-web.ovf")).unwrap();
    let mut child = Command::new(BIN)
        .args(["preview", "-", "-o", "name"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&spec).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        stdout(&out),
        "virtualmachine.kubevirt.io/centos7-legacy-do-not-touch\n"
    );
}

/// Real OVAs carry their disk images: far over the spec size limit. They are streamed,
/// seeking past the images, and a truncated one is still refused.
#[test]
fn a_large_ova_with_its_disk_image_imports_and_a_truncated_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ova = dir.path().join("big.ova");
    let descriptor = std::fs::read(repo().join("examples/ovf/centos7-web.ovf")).unwrap();
    {
        let mut builder = tar::Builder::new(std::fs::File::create(&ova).unwrap());
        let mut header = tar::Header::new_ustar();
        header.set_size(descriptor.len() as u64);
        header.set_mode(0o644);
        builder
            .append_data(&mut header, "centos7-web.ovf", descriptor.as_slice())
            .unwrap();
        let disk_size: u64 = 40 << 20;
        let mut header = tar::Header::new_ustar();
        header.set_size(disk_size);
        header.set_mode(0o644);
        builder
            .append_data(
                &mut header,
                "centos7-web-disk1.vmdk",
                std::io::repeat(0).take(disk_size),
            )
            .unwrap();
        builder.finish().unwrap();
    }
    use std::io::Read;
    let out = Command::new(BIN)
        .args(["preview", "-o", "name"])
        .arg(&ova)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "virtualmachine.kubevirt.io/centos7-legacy-do-not-touch\n"
    );

    let bytes = std::fs::read(&ova).unwrap();
    let cut = dir.path().join("cut.ova");
    std::fs::write(&cut, &bytes[..bytes.len() - 4096]).unwrap();
    let out = Command::new(BIN)
        .args(["preview"])
        .arg(&cut)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("truncated"), "{}", stderr(&out));
}

#[test]
fn run_strategy_takes_kubevirts_spelling_and_the_flag_style_one() {
    let example = repo().join("examples/ovf/centos7-web.ovf");
    let example = example.to_str().unwrap();
    for spelling in ["RerunOnFailure", "rerun-on-failure"] {
        let out = run(&["import", example, "--run-strategy", spelling]);
        assert!(out.status.success(), "{spelling}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("runStrategy: RerunOnFailure"),
            "{spelling}"
        );
    }
    let out = run(&["import", example, "--run-strategy", "Sometimes"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_proxmox_line_without_a_value_is_skipped_with_a_warning_not_a_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("100.conf");
    std::fs::write(
        &conf,
        "name: lab\nostype: l26\nmemory: 2048\nide2\nsockets: 1\ncores: 2\n",
    )
    .unwrap();
    let conf = conf.display().to_string();
    let out = run(&["import", &conf]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("kind: VirtualMachine"));
    let warning = format!("{conf}:4: `ide2` is not `key: value`; the line was skipped");
    assert!(stderr(&out).contains(&warning), "{}", stderr(&out));
}

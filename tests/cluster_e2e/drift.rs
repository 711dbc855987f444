//! GitOps drift (issue 18 item 2): a folder written by `import --output-dir`, applied by the
//! real kubectl with server-side apply to the test cluster (KubeVirt v1.9.0's VM webhook on,
//! the virt-controller/CDI simulator running), settles and stays settled:
//! - `kubectl diff --server-side -k DIR` and `kubectl vmmigrate preview --diff DIR` report
//!   nothing;
//! - Argo CD's three-way diff (no server-side diff: JSON merge patch of the Git object onto
//!   the live one, maps key by key, lists and scalars whole) finds no field of the Git file
//!   whose live value differs;
//! - the only values the cluster added that Git does not hold are the cluster-dependent
//!   fields `vmmigrate::gitops::CLUSTER_DEPENDENT_VM_FIELDS` (besides empty objects, which are
//!   encoding artefacts, and controller bookkeeping in `metadata`/`status`);
//! - a VM deleted and re-created from the folder gets the same firmware UUID and serial.
//!
//! Before the generator wrote firmware uuid/serial and the PCI topology annotation, the last
//! two failed: the webhook added random ones, different on every create.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};
use vmmigrate::gitops::CLUSTER_DEPENDENT_VM_FIELDS;
use vmmigrate_testcluster::TestCluster;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");
const KUBECTL: &str = "/usr/bin/kubectl";
/// The manager a GitOps tool applies with (Argo CD's), for kubectl's apply and diff alike.
const MANAGER: &str = "--field-manager=argocd-controller";
/// One VM whose source has a UUID, one whose source has none.
const SOURCES: [&str; 2] = [
    "tests/fixtures/libvirt/win2k22-uefi-tpm.xml",
    "tests/fixtures/ovf/sized-appliance.ovf",
];
const VMS: [&str; 2] = ["win2k22-dc01", "sized-appliance"];

struct Env {
    cluster: TestCluster,
    dir: tempfile::TempDir,
    kubeconfig: PathBuf,
}

impl Env {
    fn kubectl(&self, args: &[&str]) -> Output {
        std::process::Command::new(KUBECTL)
            .args(args)
            .arg("--kubeconfig")
            .arg(&self.kubeconfig)
            .env_remove("KUBECONFIG")
            .env_remove("KUBECTL_EXTERNAL_DIFF")
            .output()
            .expect("kubectl runs")
    }

    fn plugin(&self, args: &[&str]) -> Output {
        std::process::Command::new(BIN)
            .args(args)
            .arg("--kubeconfig")
            .arg(&self.kubeconfig)
            .env_remove("KUBECONFIG")
            .env_remove("KUBECTL_EXTERNAL_DIFF")
            .env("NO_COLOR", "1")
            .output()
            .expect("plugin runs")
    }

    fn vm(&self, name: &str) -> Option<Value> {
        self.cluster
            .object("kubevirt.io", "virtualmachines", "default", name)
    }

    /// Waits until virt-controller (the simulator) has synced every VM: its annotations are
    /// the last thing it adds on the first sync.
    async fn settled(&self) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let live: Vec<Option<Value>> = VMS.iter().map(|n| self.vm(n)).collect();
            let synced = live.iter().all(|vm| {
                vm.as_ref().is_some_and(|vm| {
                    vm["metadata"]["annotations"]["kubevirt.io/latest-observed-api-version"]
                        .is_string()
                })
            });
            if synced {
                return live.into_iter().flatten().collect();
            }
            assert!(Instant::now() < deadline, "VMs never synced: {live:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Fields the Git object sets whose live value differs, as Argo CD's three-way diff finds
/// them with the Git object as the last applied configuration (`TwoWayDiff` in gitops-engine:
/// a JSON merge patch, so maps merge key by key and lists compare whole).
fn three_way_drift(git: &Value, live: &Value, path: &str, out: &mut Vec<String>) {
    match (git, live) {
        (Value::Object(g), Value::Object(l)) => {
            for (key, gv) in g {
                let p = format!("{path}/{}", escape(key));
                match l.get(key) {
                    Some(lv) => three_way_drift(gv, lv, &p, out),
                    None if gv.is_null() => {}
                    None => out.push(p),
                }
            }
        }
        _ if git != live => out.push(path.to_string()),
        _ => {}
    }
}

/// Leaves the live object has under `path` that the Git object does not, skipping empty
/// objects (KubeVirt's re-encoding writes `resources: {}` and the like).
fn server_added(git: Option<&Value>, live: &Value, path: &str, out: &mut Vec<String>) {
    match (git, live) {
        (Some(Value::Object(g)), Value::Object(l)) => {
            for (key, lv) in l {
                server_added(g.get(key), lv, &format!("{path}/{}", escape(key)), out);
            }
        }
        (None, Value::Object(l)) => {
            for (key, lv) in l {
                server_added(None, lv, &format!("{path}/{}", escape(key)), out);
            }
        }
        (None, _) => out.push(path.to_string()),
        // Present on both sides: a different value is the three-way diff's business.
        (Some(_), _) => {}
    }
}

/// The VirtualMachine of one generated file.
fn git_vm(dir: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(format!("{name}.yaml"))).expect("VM file");
    let docs: Vec<Value> = serde_saphyr::from_multiple(&text).expect("YAML");
    docs.into_iter()
        .find(|d| d["kind"] == "VirtualMachine")
        .expect("a VirtualMachine in the file")
}

fn firmware(vm: &Value) -> Value {
    vm["spec"]["template"]["spec"]["domain"]["firmware"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_folder_settles_with_no_drift_and_keeps_its_identity_when_recreated() {
    if !Path::new(KUBECTL).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "/usr/bin/kubectl is required under CI"
        );
        eprintln!("SKIPPED: /usr/bin/kubectl not installed");
        return;
    }
    let cluster = TestCluster::start().await.expect("emulator starts");
    cluster.install_kubevirt_crds().expect("CRDs install");
    let dir = tempfile::tempdir().expect("temp dir");
    let kubeconfig = dir.path().join("kubeconfig");
    cluster.write_kubeconfig(&kubeconfig).expect("kubeconfig");
    let e = Env {
        cluster,
        dir,
        kubeconfig,
    };
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(
        e.cluster.client(),
        vmmigrate_testcluster::simulator::SimConfig {
            boot_time: Duration::from_millis(300),
            import_time: Duration::from_millis(600),
            ..Default::default()
        },
    );

    let repo = e.dir.path().join("repo");
    let root = env!("CARGO_MANIFEST_DIR");
    let sources: Vec<String> = SOURCES.iter().map(|s| format!("{root}/{s}")).collect();
    let mut import: Vec<&str> = vec!["import"];
    import.extend(sources.iter().map(String::as_str));
    import.extend(["--output-dir", repo.to_str().unwrap()]);
    let out = e.plugin(&import);
    assert!(out.status.success(), "{}", text(&out));
    let r = repo.to_str().unwrap();

    let applied = e.kubectl(&["apply", "--server-side", MANAGER, "-k", r]);
    assert!(applied.status.success(), "{}", text(&applied));
    let live = e.settled().await;

    // Both server-side diffs: nothing.
    let diff = e.kubectl(&["diff", "--server-side", MANAGER, "-k", r]);
    assert_eq!(diff.status.code(), Some(0), "{}", text(&diff));
    assert!(diff.stdout.is_empty(), "{}", text(&diff));
    let preview = e.plugin(&["preview", "--diff", r]);
    assert_eq!(preview.status.code(), Some(0), "{}", text(&preview));
    assert!(preview.stdout.is_empty(), "{}", text(&preview));

    let mut expected: Vec<String> = CLUSTER_DEPENDENT_VM_FIELDS
        .iter()
        .map(|f| f.to_string())
        .collect();
    expected.sort();
    for (name, live) in VMS.iter().zip(&live) {
        let git = git_vm(&repo, name);
        let mut drift = Vec::new();
        three_way_drift(&git, live, "", &mut drift);
        assert!(drift.is_empty(), "{name}: three-way drift on {drift:?}");
        // The comparison does see what a GitOps user would: a value Git sets that the live
        // object lacks, and a quantity Git spells otherwise than KubeVirt stores it.
        let mut spelled = git.clone();
        spelled["spec"]["template"]["metadata"]["labels"]["x"] = "y".into();
        spelled["spec"]["template"]["spec"]["domain"]["memory"]["guest"] = "6144Mi".into();
        let mut caught = Vec::new();
        three_way_drift(&spelled, live, "", &mut caught);
        assert!(
            caught.contains(&"/spec/template/metadata/labels/x".to_string())
                && caught.contains(&"/spec/template/spec/domain/memory/guest".to_string()),
            "{caught:?}"
        );
        // What the cluster holds that Git does not: only the fields Git must leave to the
        // cluster (and the GitOps tool must ignore).
        let mut added = Vec::new();
        server_added(Some(&git["spec"]), &live["spec"], "/spec", &mut added);
        added.sort();
        assert_eq!(
            added, expected,
            "{name}: the cluster filled in more than its own settings"
        );
        assert_eq!(firmware(live), firmware(&git), "{name}");
    }

    // Re-created from the folder (disaster recovery, a Replace sync): the same identity.
    let mut args = vec!["delete", "virtualmachines", "--wait=true"];
    args.extend(VMS);
    let deleted = e.kubectl(&args);
    assert!(deleted.status.success(), "{}", text(&deleted));
    assert!(VMS.iter().all(|n| e.vm(n).is_none()));
    let again = e.kubectl(&["apply", "--server-side", MANAGER, "-k", r]);
    assert!(again.status.success(), "{}", text(&again));
    let recreated = e.settled().await;
    for ((name, before), after) in VMS.iter().zip(&live).zip(&recreated) {
        assert_ne!(
            before["metadata"]["uid"], after["metadata"]["uid"],
            "{name} was not re-created"
        );
        assert_eq!(
            firmware(after),
            firmware(before),
            "{name}: identity changed"
        );
        let pci = |vm: &Value| {
            vm["spec"]["template"]["metadata"]["annotations"]["kubevirt.io/pci-topology-version"]
                .clone()
        };
        assert_eq!(pci(after), pci(before), "{name}");
    }
}

//! The `roll` tests' fleet: the API emulator with the KubeVirt CRDs, the simulator, `n`
//! VMs labelled `app=web` on `quay.io/demo/web:1`, and the real binary run against them.
//! Shared by the `roll` and `roll_field` modules of this binary.

#![allow(dead_code)]

use kube::api::{Api, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use vmmigrate_testcluster::simulator::{SimConfig, Simulator};
use vmmigrate_testcluster::TestCluster;

pub const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

pub fn vm_api(c: &TestCluster) -> Api<DynamicObject> {
    default_api(
        c,
        ("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"),
    )
}

/// The objects of one kind in the `default` namespace: (group, version, kind, plural).
pub fn default_api(
    c: &TestCluster,
    (group, version, kind, plural): (&str, &str, &str, &str),
) -> Api<DynamicObject> {
    Api::namespaced_with(
        c.client(),
        "default",
        &ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural),
    )
}

pub fn vm(name: &str, extra_ann: &[(&str, &str)]) -> DynamicObject {
    let mut annotations = json!({});
    for (k, v) in extra_ann {
        annotations[*k] = json!(v);
    }
    serde_json::from_value(json!({
        "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": "web"}, "annotations": annotations},
        "spec": {"runStrategy": "Always", "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
            "domain": {"cpu": {"sockets": 1}, "memory": {"guest": "1Gi"},
                "devices": {"disks": [{"name": "root", "disk": {"bus": "virtio"}}]}},
            "volumes": [{"name": "root", "containerDisk": {"image": "quay.io/demo/web:1"}}]}}},
    }))
    .expect("VM object")
}

pub struct Env {
    pub cluster: TestCluster,
    pub sim: Simulator,
    pub _dir: tempfile::TempDir,
    pub kubeconfig: PathBuf,
}

pub async fn fleet(n: usize, boot_ms: u64, special: &[(&str, &str, &str)]) -> Env {
    fleet_with(n, boot_ms, special, true).await
}

/// [`fleet`], with or without KubeVirt's virt-api (`subresources.kubevirt.io`).
pub async fn fleet_with(
    n: usize,
    boot_ms: u64,
    special: &[(&str, &str, &str)],
    virt_api: bool,
) -> Env {
    let cfg = SimConfig {
        boot_time: Duration::from_millis(boot_ms),
        tick: Duration::from_millis(20),
        ..SimConfig::default()
    };
    fleet_on(n, special, virt_api, cfg).await
}

/// [`fleet_with`] on a simulator configured by the caller.
pub async fn fleet_on(
    n: usize,
    special: &[(&str, &str, &str)],
    virt_api: bool,
    cfg: SimConfig,
) -> Env {
    let cluster = TestCluster::start().await.expect("cluster");
    cluster.install_kubevirt_crds_with(virt_api).expect("CRDs");
    let sim = Simulator::start(cluster.client(), cfg);
    let api = vm_api(&cluster);
    for i in 0..n {
        let name = format!("web-{i}");
        api.create(&PostParams::default(), &vm(&name, &[]))
            .await
            .expect("create VM");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let kubeconfig = dir.path().join("kubeconfig");
    cluster.write_kubeconfig(&kubeconfig).expect("kubeconfig");
    let env = Env {
        cluster,
        sim,
        _dir: dir,
        kubeconfig,
    };
    wait_ready(&env, n).await;
    // Behaviour annotations reach only VMIs created from now on (after a restart).
    for (name, k, v) in special {
        vm_api(&env.cluster)
            .patch(
                name,
                &kube::api::PatchParams::default(),
                &kube::api::Patch::Merge(json!({"metadata": {"annotations": {*k: v}}})),
            )
            .await
            .expect("annotate");
    }
    env
}

/// How long a harness wait gives a condition before it fails the test: generous, because CI
/// runs on 2 shared cores and the stress script runs two suites at once. A wait returns as
/// soon as its condition holds, so the deadline costs nothing when all goes well.
pub const WAIT_DEADLINE: Duration = Duration::from_secs(60);

/// Poll `probe` every 20 ms until it returns `Ok`, at most [`WAIT_DEADLINE`]; on timeout fail
/// with `what` and the last thing the probe saw (its `Err`), so that a failure shows the
/// state it waited on rather than a bare timeout.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let started = std::time::Instant::now();
    loop {
        let seen = match probe().await {
            Ok(v) => return v,
            Err(seen) => seen,
        };
        if started.elapsed() > WAIT_DEADLINE {
            panic!("{what}: not within {WAIT_DEADLINE:?}; last seen: {seen}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Wait until `n` VMs are Ready both in the API (`status.ready`, what the client reads) and
/// in the simulator's own samples (what the budget assertions read). The simulator records a
/// sample at the end of its pass, after its status writes: a test that waited on the API
/// alone could take its `t0` between the write and the sample, and then see a VM not Ready
/// "after" `t0` that was Ready before it (issue 25). Waiting on the samples too makes every
/// `t0 = env.sim.elapsed()` taken after this return lie after a sample with `n` Ready, and
/// every timeline read after it complete up to this state.
pub async fn wait_ready(env: &Env, n: usize) {
    eventually(&format!("{n} VMs Ready"), || async {
        let vms = vm_api(&env.cluster)
            .list(&ListParams::default())
            .await
            .map_err(|e| format!("list: {e}"))?;
        let in_api = vms
            .items
            .iter()
            .filter(|v| v.data.pointer("/status/ready") == Some(&json!(true)))
            .count();
        let sampled = env
            .sim
            .ready_timeline("")
            .last()
            .map_or(0, |(_, ready)| *ready);
        if in_api >= n && sampled >= n {
            Ok(())
        } else {
            Err(format!(
                "{in_api} Ready in the API, {sampled} in the simulator's samples; \
                 ready timeline {:?}",
                env.sim.ready_timeline("")
            ))
        }
    })
    .await
}

/// What a running child has written to its piped stderr so far, read by a thread, so that a
/// test can wait for a message instead of sleeping and then reading.
pub struct StderrTail {
    text: std::sync::Arc<std::sync::Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl StderrTail {
    /// Take the child's stderr (it must be piped) and start reading it.
    pub fn start(child: &mut std::process::Child) -> Self {
        let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let reader = child.stderr.take().map(|mut stderr| {
            let sink = text.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = std::io::Read::read(&mut stderr, &mut buf) {
                    if n == 0 {
                        break;
                    }
                    if let Ok(mut s) = sink.lock() {
                        s.push_str(&String::from_utf8_lossy(buf.get(..n).unwrap_or_default()));
                    }
                }
            })
        });
        StderrTail { text, reader }
    }

    /// Everything read so far.
    pub fn text(&self) -> String {
        self.text.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Wait until the child has written `needle` (failing with what it wrote so far).
    pub async fn wait_for(&self, what: &str, needle: &str) {
        eventually(what, || async {
            let text = self.text();
            if text.contains(needle) {
                Ok(())
            } else {
                Err(format!("stderr so far: {text:?}"))
            }
        })
        .await
    }

    /// Everything the child wrote, once it has exited (the reader then meets end of file).
    pub fn finish(mut self) -> String {
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.text()
    }
}

/// After a rollout: wait until the simulator has sampled all `n` VMs Ready again, so that the
/// availability timeline a test asserts on is complete up to the end of the rollout (instead
/// of sleeping and hoping the simulator's pass came by).
pub async fn settled(env: &Env, n: usize) {
    wait_ready(env, n).await
}

pub fn args(kc: &Path, extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = vec![
        "--kubeconfig".into(),
        kc.display().to_string(),
        "-n".into(),
        "default".into(),
        "roll".into(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

/// Start the binary with `a`, its stderr read as it comes (stdout and stdin closed).
pub fn spawn_tailed(a: &[String]) -> (std::process::Child, StderrTail) {
    let mut child = Command::new(BIN)
        .args(a)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = StderrTail::start(&mut child);
    (child, stderr)
}

/// Start the binary with every stream closed, to be killed.
pub fn spawn_quiet(a: &[String]) -> std::process::Child {
    Command::new(BIN)
        .args(a)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

pub async fn run(kc: &Path, extra: &[&str]) -> Output {
    let a = args(kc, extra);
    tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(&a)
            .stdin(Stdio::null())
            .output()
            .expect("run binary")
    })
    .await
    .expect("join")
}

pub async fn vms(env: &Env) -> Vec<DynamicObject> {
    vm_api(&env.cluster)
        .list(&ListParams::default())
        .await
        .expect("list")
        .items
}

pub fn image(v: &DynamicObject) -> &str {
    v.data
        .pointer("/spec/template/spec/volumes/0/containerDisk/image")
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub fn phase(v: &DynamicObject) -> String {
    v.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("vmmigrate.io/rollout-phase"))
        .cloned()
        .unwrap_or_default()
}

/// The fleet's VM names, sorted, after checking that every VM runs `want_image`.
pub async fn names_all_on(env: &Env, want_image: &str) -> Vec<String> {
    let mut names: Vec<String> = vms(env)
        .await
        .iter()
        .map(|v| {
            assert_eq!(image(v), want_image);
            v.metadata.name.clone().unwrap_or_default()
        })
        .collect();
    names.sort();
    names
}

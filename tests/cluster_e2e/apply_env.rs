//! The `apply` tests' environment, shared with the other tests that apply generated VMs
//! (`argocd_health`): the API emulator with a kubeconfig in a temp dir, Proxmox specs to
//! import, the plugin run against it, and generated manifests with simulator annotations.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;
use vmmigrate_testcluster::TestCluster;

pub use crate::roll_env::BIN;

pub struct Env {
    pub cluster: TestCluster,
    pub dir: tempfile::TempDir,
    pub kubeconfig: PathBuf,
}

pub async fn env(kubevirt: bool) -> Env {
    let cluster = TestCluster::start().await.expect("emulator starts");
    if kubevirt {
        cluster.install_kubevirt_crds().expect("CRDs install");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let kubeconfig = dir.path().join("kubeconfig");
    cluster.write_kubeconfig(&kubeconfig).expect("kubeconfig");
    Env {
        cluster,
        dir,
        kubeconfig,
    }
}

/// A Proxmox VE config with one NIC on the pod network and one disk.
pub fn pve(name: &str, index: u32, cores: u32) -> String {
    format!(
        "name: {name}\ncores: {cores}\nsockets: 1\nmemory: 2048\nostype: l26\nnet0: virtio=BC:24:11:00:{:02X}:{:02X},bridge=vmbr0\nscsi0: local-lvm:vm-{index}-disk-0,size=8G\n",
        index / 256,
        index % 256
    )
}

impl Env {
    pub fn specs(&self) -> PathBuf {
        let d = self.dir.path().join("specs");
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    pub fn write_spec(&self, id: u32, text: &str) -> PathBuf {
        let path = self.specs().join(format!("{id}.conf"));
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Runs the plugin (blocking: the emulator serves from the runtime's worker threads).
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(&self.kubeconfig, args)
    }

    pub fn run_with(&self, kubeconfig: &Path, args: &[&str]) -> Output {
        std::process::Command::new(BIN)
            .args(args)
            .arg("--kubeconfig")
            .arg(kubeconfig)
            .env_remove("KUBECONFIG")
            .env("NO_COLOR", "1")
            .output()
            .expect("plugin runs")
    }

    pub fn vm(&self, name: &str) -> Option<serde_json::Value> {
        self.cluster
            .object("kubevirt.io", "virtualmachines", "default", name)
    }

    pub fn vmi(&self, name: &str) -> Option<serde_json::Value> {
        self.cluster
            .object("kubevirt.io", "virtualmachineinstances", "default", name)
    }

    /// The VM's (first) DataVolume, by its template's name.
    pub fn dv_of(&self, vm: &str) -> Option<serde_json::Value> {
        let vm = self.vm(vm)?;
        let dv = vm["spec"]["dataVolumeTemplates"][0]["metadata"]["name"].as_str()?;
        self.cluster
            .object("cdi.kubevirt.io", "datavolumes", "default", dv)
    }

    /// Polls (every 50 ms, up to `limit`) until `f` gives something.
    pub async fn until<T>(
        &self,
        limit: std::time::Duration,
        what: &str,
        f: impl Fn(&Env) -> Option<T>,
    ) -> T {
        let start = std::time::Instant::now();
        loop {
            if let Some(t) = f(self) {
                return t;
            }
            assert!(
                start.elapsed() < limit,
                "timed out after {limit:?} waiting for {what}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    pub fn writes(&self) -> Vec<String> {
        self.cluster
            .requests()
            .into_iter()
            .filter(|r| r.is_write() && r.query_param("dryRun").is_none())
            .filter(|r| r.resource.as_deref() != Some("selfsubjectaccessreviews"))
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn fast_sim() -> vmmigrate_testcluster::simulator::SimConfig {
    vmmigrate_testcluster::simulator::SimConfig {
        boot_time: std::time::Duration::from_millis(300),
        import_time: std::time::Duration::from_millis(600),
        ..Default::default()
    }
}

/// Writes the manifests of one generated VM with extra VM annotations.
/// `import SPEC --output-dir DIR`, the GitOps half of the flow.
pub fn import_to_dir(spec: &Path, dir: &Path) {
    let import = std::process::Command::new(BIN)
        .args([
            "import",
            spec.to_str().unwrap(),
            "--output-dir",
            dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
}

pub fn manifests_with(e: &Env, id: u32, name: &str, annotations: &[(&str, &str)]) -> PathBuf {
    manifests_run(e, id, name, "Always", annotations)
}

/// [`manifests_with`], the VM with run strategy `strategy` instead of the generated
/// `Always`.
pub fn manifests_run(
    e: &Env,
    id: u32,
    name: &str,
    strategy: &str,
    annotations: &[(&str, &str)],
) -> PathBuf {
    let spec = e.write_spec(id, &pve(name, id, 1));
    let dir = e.dir.path().join(format!("m-{name}"));
    import_to_dir(&spec, &dir);
    std::fs::remove_file(&spec).unwrap();
    let file = dir.join(format!("{name}.yaml"));
    let mut text = std::fs::read_to_string(&file).unwrap();
    let extra: String = annotations
        .iter()
        .map(|(k, v)| format!("    {k}: \"{v}\"\n"))
        .collect();
    text = text.replacen("  annotations:\n", &format!("  annotations:\n{extra}"), 1);
    if strategy != "Always" {
        assert!(text.contains("runStrategy: Always"), "{text}");
        text = text.replace("runStrategy: Always", &format!("runStrategy: {strategy}"));
    }
    std::fs::write(&file, text).unwrap();
    dir
}

//! `apply` and `preview --diff` as the four users a cluster usually has, with rights from real
//! RBAC objects created through the API of the emulator: cluster-admin (ClusterRoleBinding),
//! and in namespace "tenant" a namespace `admin`, `edit` and `view` (RoleBindings to the
//! default roles, which aggregate KubeVirt's and CDI's). Admin and edit apply in their
//! namespace although they may not read storage classes or list VMs cluster-wide (those
//! checks are skipped with one warning line); view fails before any write, listing every
//! missing permission; `--strict-preflight` turns skipped checks into errors.

use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind, PostParams};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Output;
use vmmigrate_testcluster::TestCluster;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");
const TENANT: &str = "tenant";

struct Env {
    cluster: TestCluster,
    dir: tempfile::TempDir,
}

fn resource(group: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, "v1", kind), plural)
}

/// Creates `obj` through the API as the cluster's admin.
async fn create(c: &TestCluster, group: &str, kind: &str, plural: &str, obj: Value) {
    let r = resource(group, kind, plural);
    let api: Api<DynamicObject> = match obj["metadata"]["namespace"].as_str() {
        Some(ns) => Api::namespaced_with(c.client(), ns, &r),
        None => Api::all_with(c.client(), &r),
    };
    let obj: DynamicObject = serde_json::from_value(obj).expect("object");
    api.create(&PostParams::default(), &obj)
        .await
        .unwrap_or_else(|e| panic!("create {kind}: {e}"));
}

fn subject(user: &str) -> Value {
    json!([{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": user}])
}

/// The cluster: namespaces "tenant" and "other", storage class "fast", a VM in "other", and
/// tokens for root (cluster-admin), alice (admin), bob (edit) and carol (view).
async fn env() -> Env {
    let c = TestCluster::start().await.expect("emulator starts");
    c.install_kubevirt_crds().expect("CRDs install");
    for ns in [TENANT, "other"] {
        create(
            &c,
            "",
            "Namespace",
            "namespaces",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}),
        )
        .await;
    }
    create(&c, "storage.k8s.io", "StorageClass", "storageclasses",
        json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast"}, "provisioner": "example.com/fast"})).await;
    create(&c, "rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings",
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "root-admin"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
            "subjects": subject("root")})).await;
    c.add_token("root-t", "root", &[]);
    for (user, role) in [("alice", "admin"), ("bob", "edit"), ("carol", "view")] {
        create(&c, "rbac.authorization.k8s.io", "RoleBinding", "rolebindings",
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": format!("{user}-{role}"), "namespace": TENANT},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                "subjects": subject(user)})).await;
        c.add_token(&format!("{user}-t"), user, &[]);
    }
    // Another tenant's VM owns MAC 02:00:00:00:00:99.
    c.create_object(vm("elsewhere", "other", "02:00:00:00:00:99"))
        .expect("VM in other");
    Env {
        cluster: c,
        dir: tempfile::tempdir().expect("temp dir"),
    }
}

/// A VM manifest with a disk on storage class "fast" and a fixed MAC.
fn vm(name: &str, ns: &str, mac: &str) -> Value {
    json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"runStrategy": "Halted",
            "dataVolumeTemplates": [{"metadata": {"name": format!("{name}-root")},
                "spec": {"source": {"blank": {}}, "storage": {"storageClassName": "fast", "resources": {"requests": {"storage": "1Gi"}}}}}],
            "template": {"spec": {"domain": {"devices": {
                "disks": [{"name": "root", "disk": {"bus": "virtio"}}],
                "interfaces": [{"name": "default", "masquerade": {}, "macAddress": mac}]}},
                "networks": [{"name": "default", "pod": {}}],
                "volumes": [{"name": "root", "dataVolume": {"name": format!("{name}-root")}}]}}}})
}

impl Env {
    fn manifest(&self, name: &str, mac: &str) -> PathBuf {
        let path = self.dir.path().join(format!("{name}.yaml"));
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&vm(name, TENANT, mac)).unwrap(),
        )
        .unwrap();
        path
    }

    fn kubeconfig(&self, token: &str) -> PathBuf {
        let path = self.dir.path().join(format!("kc-{token}"));
        std::fs::write(&path, self.cluster.kubeconfig_yaml_for(token)).unwrap();
        path
    }

    /// Runs the plugin as the user of `token` (blocking, like the other e2e tests).
    fn run_as(&self, token: &str, args: &[&str]) -> Output {
        let kc = self.kubeconfig(token);
        tokio::task::block_in_place(|| {
            std::process::Command::new(BIN)
                .args(args)
                .arg("--kubeconfig")
                .arg(&kc)
                .env_remove("KUBECONFIG")
                .env_remove("KUBECTL_EXTERNAL_DIFF")
                .env("NO_COLOR", "1")
                .output()
                .expect("plugin runs")
        })
    }

    /// Write requests (dry runs included) a user sent, access reviews aside.
    fn writes_by(&self, user: &str) -> Vec<String> {
        self.cluster
            .requests()
            .into_iter()
            .filter(|r| r.user.as_deref() == Some(user) && r.is_write())
            .filter(|r| r.resource.as_deref() != Some("selfsubjectaccessreviews"))
            .map(|r| format!("{} {}?{}", r.method, r.path, r.query))
            .collect()
    }

    fn vm_stored(&self, name: &str) -> bool {
        self.cluster
            .object("kubevirt.io", "virtualmachines", TENANT, name)
            .is_some()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const SKIPPED_LINE: &str = "Warning: preflight could not check, not allowed to read: MAC addresses against VMs outside namespace(s) \"tenant\" (needs list virtualmachines.kubevirt.io at the cluster scope), storage class \"fast\" (needs get storageclasses.storage.k8s.io at the cluster scope); pass --strict-preflight to make this an error\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespace_admin_and_edit_apply_in_their_namespace() {
    let e = env().await;
    for (token, name, mac) in [
        ("alice-t", "web-a", "02:00:00:00:00:01"),
        ("bob-t", "web-b", "02:00:00:00:00:02"),
    ] {
        let spec = e.manifest(name, mac);
        let out = e.run_as(token, &["apply", spec.to_str().unwrap(), "-y"]);
        assert!(out.status.success(), "{token}: {}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            format!("virtualmachine.kubevirt.io/{name} created\n")
        );
        assert_eq!(
            text(&out.stderr),
            SKIPPED_LINE,
            "{token}: one line says what was not checked"
        );
        assert!(e.vm_stored(name));
        // Applying again reads the live object from the namespace list: unchanged.
        let again = e.run_as(token, &["apply", spec.to_str().unwrap(), "-y"]);
        assert!(again.status.success(), "{}", text(&again.stderr));
        assert_eq!(
            text(&again.stdout),
            format!("virtualmachine.kubevirt.io/{name} unchanged\n")
        );
    }
    // What can be checked still is: a MAC used by a VM of the same namespace blocks.
    let clash = e.manifest("web-c", "02:00:00:00:00:01");
    let out = e.run_as("alice-t", &["apply", clash.to_str().unwrap(), "-y"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("MAC address 02:00:00:00:00:01 of virtualmachine.kubevirt.io/web-c is already used by the VM tenant/web-a"), "{}", text(&out.stderr));
    assert!(!e.vm_stored("web-c"));
}

/// `--wait` watches the VMs, VMIs and DataVolumes of the namespace only: a namespace admin
/// follows its VM until it is Ready.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespace_admin_applies_and_waits_until_ready() {
    let e = env().await;
    let config = vmmigrate_testcluster::simulator::SimConfig {
        boot_time: std::time::Duration::from_millis(300),
        import_time: std::time::Duration::from_millis(600),
        ..Default::default()
    };
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), config);
    let mut running = vm("web-w", TENANT, "02:00:00:00:00:07");
    running["spec"]["runStrategy"] = json!("Always");
    let spec = e.dir.path().join("web-w.yaml");
    std::fs::write(&spec, serde_json::to_string(&running).unwrap()).unwrap();
    let out = e.run_as(
        "alice-t",
        &[
            "apply",
            spec.to_str().unwrap(),
            "-y",
            "--wait",
            "--timeout",
            "60s",
        ],
    );
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.starts_with(SKIPPED_LINE), "{err}");
    assert!(err.contains("tenant/web-w: Ready 100%"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespace_admin_and_edit_preview_the_diff() {
    let e = env().await;
    let spec = e.manifest("web-d", "02:00:00:00:00:03");
    for token in ["alice-t", "bob-t"] {
        let out = e.run_as(token, &["preview", "--diff", spec.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{token}: differs: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).contains("+  name: web-d"),
            "{}",
            text(&out.stdout)
        );
        assert_eq!(text(&out.stderr), SKIPPED_LINE);
    }
    assert!(!e.vm_stored("web-d"), "a diff writes nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn view_fails_before_any_write_listing_every_missing_permission() {
    let e = env().await;
    let spec = e.manifest("web-v", "02:00:00:00:00:04");
    let out = e.run_as("carol-t", &["apply", spec.to_str().unwrap(), "-y"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: preflight checks failed, nothing was applied:\n  - missing permissions (ask a cluster admin for a Role granting them): create virtualmachines.kubevirt.io in namespace \"tenant\", patch virtualmachines.kubevirt.io in namespace \"tenant\"\nnot checked, not allowed to read: MAC addresses against VMs outside namespace(s) \"tenant\" (needs list virtualmachines.kubevirt.io at the cluster scope), storage class \"fast\" (needs get storageclasses.storage.k8s.io at the cluster scope)\n"
    );
    let diff = e.run_as("carol-t", &["preview", "--diff", spec.to_str().unwrap()]);
    assert_eq!(diff.status.code(), Some(2), "{}", text(&diff.stderr));
    assert!(text(&diff.stderr).contains("missing permissions (ask a cluster admin for a Role granting them): patch virtualmachines.kubevirt.io in namespace \"tenant\"\nnot checked"), "{}", text(&diff.stderr));
    assert_eq!(e.writes_by("carol"), Vec::<String>::new());
    assert!(!e.vm_stored("web-v"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_admin_checks_everything_even_strictly() {
    let e = env().await;
    // The cluster-wide VM list finds the other tenant's MAC.
    let clash = e.manifest("web-x", "02:00:00:00:00:99");
    let out = e.run_as(
        "root-t",
        &["apply", clash.to_str().unwrap(), "-y", "--strict-preflight"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("MAC address 02:00:00:00:00:99 of virtualmachine.kubevirt.io/web-x is already used by the VM other/elsewhere"), "{}", text(&out.stderr));
    assert_eq!(e.writes_by("root"), Vec::<String>::new());
    let spec = e.manifest("web-r", "02:00:00:00:00:05");
    let out = e.run_as(
        "root-t",
        &["apply", spec.to_str().unwrap(), "-y", "--strict-preflight"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "nothing skipped for cluster-admin");
    let diff = e.run_as(
        "root-t",
        &[
            "preview",
            "--diff",
            "--strict-preflight",
            spec.to_str().unwrap(),
        ],
    );
    assert_eq!(diff.status.code(), Some(0), "{}", text(&diff.stderr));
    assert!(e.vm_stored("web-r"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_preflight_makes_skipped_checks_errors() {
    let e = env().await;
    let spec = e.manifest("web-s", "02:00:00:00:00:06");
    let out = e.run_as(
        "alice-t",
        &["apply", spec.to_str().unwrap(), "-y", "--strict-preflight"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: preflight checks failed, nothing was applied:\n  - not allowed to check (--strict-preflight): MAC addresses against VMs outside namespace(s) \"tenant\" (needs list virtualmachines.kubevirt.io at the cluster scope), storage class \"fast\" (needs get storageclasses.storage.k8s.io at the cluster scope)\n"
    );
    let diff = e.run_as(
        "alice-t",
        &[
            "preview",
            "--diff",
            "--strict-preflight",
            spec.to_str().unwrap(),
        ],
    );
    assert_eq!(diff.status.code(), Some(2));
    assert!(
        text(&diff.stderr).contains("not allowed to check (--strict-preflight)"),
        "{}",
        text(&diff.stderr)
    );
    assert_eq!(e.writes_by("alice"), Vec::<String>::new());
    assert!(!e.vm_stored("web-s"));
}

//! End-to-end tests of `kubectl vmmigrate apply` (and `preview --diff`): the real binary
//! against the in-repo API emulator, with the KubeVirt/CDI simulator where VMs must run.

use crate::apply_env::*;
use std::path::Path;
use vmmigrate_testcluster::{FaultAction, Rule};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_creates_then_is_unchanged_then_configured() {
    let e = env(true).await;
    let spec = e.write_spec(101, &pve("web01", 1, 2));
    let spec = spec.to_str().unwrap();

    let first = e.run(&["apply", spec]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(stdout(&first), "virtualmachine.kubevirt.io/web01 created\n");
    let vm = e.vm("web01").expect("VM stored");
    assert_eq!(vm["spec"]["template"]["spec"]["domain"]["cpu"]["cores"], 2);
    let managers: Vec<&str> = vm["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["manager"].as_str())
        .collect();
    assert!(managers.contains(&"kubectl-vmmigrate"), "{managers:?}");

    let second = e.run(&["apply", spec]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        stdout(&second),
        "virtualmachine.kubevirt.io/web01 unchanged\n"
    );
    assert_eq!(
        e.vm("web01").unwrap()["metadata"]["resourceVersion"],
        vm["metadata"]["resourceVersion"]
    );

    e.write_spec(101, &pve("web01", 1, 4));
    let third = e.run(&["apply", spec]);
    assert!(third.status.success(), "{}", stderr(&third));
    assert_eq!(
        stdout(&third),
        "virtualmachine.kubevirt.io/web01 configured\n"
    );
    assert_eq!(
        e.vm("web01").unwrap()["spec"]["template"]["spec"]["domain"]["cpu"]["cores"],
        4
    );

    // -o name and -o json print the applied objects.
    let named = e.run(&["apply", spec, "-o", "name"]);
    assert_eq!(stdout(&named), "virtualmachine.kubevirt.io/web01\n");
    let json = e.run(&["apply", spec, "-o", "json"]);
    let object: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(object["metadata"]["name"], "web01");
    assert!(object["metadata"]["uid"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manifests_from_import_output_dir_apply_like_specs() {
    let e = env(true).await;
    let spec = e.write_spec(102, &pve("db01", 2, 2));
    let out_dir = e.dir.path().join("manifests");
    import_to_dir(&spec, &out_dir);
    // The GitOps flow (manifests) and the one-shot flow (specs) converge on the same object.
    let from_manifests = e.run(&["apply", out_dir.to_str().unwrap()]);
    assert!(
        from_manifests.status.success(),
        "{}",
        stderr(&from_manifests)
    );
    assert_eq!(
        stdout(&from_manifests),
        "virtualmachine.kubevirt.io/db01 created\n"
    );
    let from_spec = e.run(&["apply", spec.to_str().unwrap()]);
    assert_eq!(
        stdout(&from_spec),
        "virtualmachine.kubevirt.io/db01 unchanged\n"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_dry_run_writes_nothing_and_create_namespace_creates_it() {
    let e = env(true).await;
    let spec = e.write_spec(103, &pve("app01", 3, 2));
    let spec = spec.to_str().unwrap();
    let dry = e.run(&[
        "apply",
        spec,
        "--dry-run=server",
        "-n",
        "migrated",
        "--create-namespace",
    ]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(
        stdout(&dry),
        "namespace/migrated created (server dry run)\nvirtualmachine.kubevirt.io/app01 created (server dry run)\n"
    );
    assert!(e.writes().is_empty(), "{:?}", e.writes());
    let dry_patches = e
        .cluster
        .requests()
        .into_iter()
        .filter(|r| r.method == "PATCH" && r.query_param("dryRun").as_deref() == Some("All"))
        .count();
    assert_eq!(dry_patches, 1, "the namespace is dry-run on the server");

    let client = e.run(&["apply", spec, "--dry-run=client"]);
    assert_eq!(
        stdout(&client),
        "virtualmachine.kubevirt.io/app01 created (dry run)\n"
    );
    assert!(e.writes().is_empty(), "{:?}", e.writes());

    let real = e.run(&["apply", spec, "-n", "migrated", "--create-namespace"]);
    assert!(real.status.success(), "{}", stderr(&real));
    assert_eq!(
        stdout(&real),
        "namespace/migrated created\nvirtualmachine.kubevirt.io/app01 created\n"
    );
    assert!(e
        .cluster
        .object("kubevirt.io", "virtualmachines", "migrated", "app01")
        .is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_dry_run_value_is_refused_like_kubectl() {
    let e = env(false).await;
    let spec = e.write_spec(104, &pve("x", 4, 1));
    let out = e.run(&["apply", spec.to_str().unwrap(), "--dry-run=foo"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: Invalid dry-run value (foo). Must be \"none\", \"server\", or \"client\".\n"
    );
    assert!(e.cluster.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_kubevirt_is_reported_before_any_write() {
    let e = env(false).await;
    let spec = e.write_spec(105, &pve("web02", 5, 2));
    let out = e.run(&["apply", spec.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("KubeVirt is not installed"), "{err}");
    assert!(err.contains("nothing was applied"), "{err}");
    assert!(e.writes().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forbidden_verbs_are_listed_before_any_write() {
    let e = env(true).await;
    // May read everything and create VMs, but not patch them (SSA needs patch).
    e.cluster.add_user(
        "limited-token",
        "limited",
        vec![
            Rule::new(&["get", "list", "watch"], &["*"], &["*"]),
            Rule::new(
                &["create"],
                &["kubevirt.io", "authorization.k8s.io"],
                &["*"],
            ),
        ],
    );
    let kc = e.dir.path().join("limited");
    std::fs::write(&kc, e.cluster.kubeconfig_yaml_for("limited-token")).unwrap();
    let spec = e.write_spec(106, &pve("web03", 6, 2));
    let out = e.run_with(&kc, &["apply", spec.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("missing permissions")
            && err.contains("patch virtualmachines.kubevirt.io in namespace \"default\""),
        "{err}"
    );
    assert!(!err.contains("create virtualmachines"), "{err}");
    assert!(e.writes().is_empty(), "{:?}", e.writes());
    assert!(e.vm("web03").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mac_address_used_by_another_vm_is_refused() {
    let e = env(true).await;
    let first = e.write_spec(107, &pve("owner", 7, 1));
    assert!(e
        .run(&["apply", first.to_str().unwrap(), "-y"])
        .status
        .success());
    std::fs::remove_file(&first).unwrap();
    let clash = e.write_spec(108, &pve("intruder", 7, 1));
    let out = e.run(&["apply", clash.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("MAC address bc:24:11:00:00:07") && err.contains("default/owner"),
        "{err}"
    );
    assert!(e.vm("intruder").is_none());
}

/// The MAC check reads the cluster's VMs in pages of 500 (as kubectl does), following the
/// continue tokens: a clash with a VM on the last page is found all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mac_check_pages_through_every_vm_of_the_cluster() {
    let e = env(true).await;
    for i in 0..510 {
        e.cluster
            .create_object(serde_json::json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
                "metadata": {"name": format!("filler-{i:03}"), "namespace": "default"},
                "spec": {"runStrategy": "Halted", "template": {"spec": {"domain": {"devices": {}}}}}}))
            .expect("filler VM");
    }
    // Sorted last of all: the owner of the MAC sits on the second page.
    e.cluster
        .create_object(
            serde_json::json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
            "metadata": {"name": "zz-owner", "namespace": "default"},
            "spec": {"runStrategy": "Halted", "template": {"spec": {"domain": {"devices": {
                "interfaces": [{"name": "default", "macAddress": "BC:24:11:00:00:09"}]}}}}}}),
        )
        .expect("owner VM");
    e.cluster.clear_requests();
    let clash = e.write_spec(109, &pve("intruder", 9, 1));
    let out = e.run(&["apply", clash.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("MAC address bc:24:11:00:00:09") && err.contains("default/zz-owner"),
        "{err}"
    );
    let pages: Vec<String> = e
        .cluster
        .requests()
        .into_iter()
        .filter(|r| r.path == "/apis/kubevirt.io/v1/virtualmachines" && r.method == "GET")
        .map(|r| r.query)
        .collect();
    assert!(
        pages.len() >= 2
            && pages.iter().all(|q| q.contains("limit=500"))
            && pages.iter().any(|q| q.contains("continue=")),
        "{pages:?}"
    );
    assert!(e.vm("intruder").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_input_applies_nothing() {
    let e = env(true).await;
    e.write_spec(109, &pve("good", 9, 1));
    e.write_spec(110, "this is not a VM spec at all\n");
    let out = e.run(&["apply", e.specs().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing was applied"),
        "{}",
        stderr(&out)
    );
    assert!(e.cluster.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_during_fifty_vms_still_converge() {
    let e = env(true).await;
    for i in 0..50 {
        e.write_spec(200 + i, &pve(&format!("vm{i:02}"), 100 + i, 1));
    }
    e.cluster.fail_next(
        Some("patch"),
        Some("virtualmachines"),
        3,
        FaultAction::ServerError,
    );
    e.cluster.fail_next(
        Some("patch"),
        Some("virtualmachines"),
        2,
        FaultAction::TooManyRequests {
            retry_after_secs: 1,
        },
    );
    e.cluster
        .fail_next(Some("patch"), Some("virtualmachines"), 1, FaultAction::Hang);
    let specs = e.specs();
    let out = e.run(&[
        "apply",
        specs.to_str().unwrap(),
        "--request-timeout",
        "3s",
        "--concurrency",
        "8",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 50, "{lines:?}");
    assert!(lines.iter().all(|l| l.ends_with(" created")), "{lines:?}");
    for i in 0..50 {
        assert!(e.vm(&format!("vm{i:02}")).is_some(), "vm{i:02} missing");
    }
    let status_codes: Vec<u16> = e.cluster.requests().iter().map(|r| r.status).collect();
    assert!(
        status_codes.contains(&500) && status_codes.contains(&429) && status_codes.contains(&0),
        "faults were served: {status_codes:?}"
    );

    // One VM keeps failing: it is named, the others are reported applied, a re-run converges.
    e.write_spec(200, &pve("vm00", 100, 2));
    e.write_spec(201, &pve("vm01", 101, 2));
    e.cluster.fail_next_named(
        Some("patch"),
        Some("virtualmachines"),
        "vm01",
        10,
        FaultAction::ServerError,
    );
    let partial = e.run(&["apply", specs.to_str().unwrap()]);
    assert_eq!(partial.status.code(), Some(1));
    let err = stderr(&partial);
    assert!(
        err.contains("1 of 50 object(s) not applied: virtualmachine.kubevirt.io/vm01"),
        "{err}"
    );
    assert!(stdout(&partial).contains("virtualmachine.kubevirt.io/vm00 configured"));
    e.cluster.clear_faults();
    let rerun = e.run(&["apply", specs.to_str().unwrap()]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let out = stdout(&rerun);
    assert!(
        out.contains("virtualmachine.kubevirt.io/vm01 configured"),
        "{out}"
    );
    assert_eq!(out.matches(" unchanged").count(), 49, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diff_shows_only_changed_fields_masks_secrets_and_exits_like_kubectl() {
    let e = env(true).await;
    let dir = e.dir.path().join("gitops");
    std::fs::create_dir_all(&dir).unwrap();
    let spec = e.write_spec(111, &pve("web04", 11, 2));
    import_to_dir(&spec, &dir);
    let secret = |value: &str| {
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: web04-creds\n  namespace: default\ndata:\n  password: {value}\n  user: YWRtaW4=\n")
    };
    std::fs::write(dir.join("secret.yaml"), secret("czNjcmV0")).unwrap();
    let d = dir.to_str().unwrap();

    // Nothing live yet: everything differs.
    let before = e.run(&["preview", "--diff", d]);
    assert_eq!(before.status.code(), Some(1), "{}", stderr(&before));
    assert!(
        !stdout(&before).contains("czNjcmV0"),
        "secret leaked: {}",
        stdout(&before)
    );

    assert!(e.run(&["apply", d]).status.success());
    let same = e.run(&["preview", "--diff", d]);
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}{}",
        stdout(&same),
        stderr(&same)
    );
    assert_eq!(stdout(&same), "");

    // Change one field of the VM and the secret's password.
    let vm_file = dir.join("web04.yaml");
    let text = std::fs::read_to_string(&vm_file)
        .unwrap()
        .replace("runStrategy: Always", "runStrategy: Halted");
    std::fs::write(&vm_file, text).unwrap();
    std::fs::write(dir.join("secret.yaml"), secret("bjN3")).unwrap();
    let changed = e.run(&["preview", "--diff", d]);
    assert_eq!(changed.status.code(), Some(1), "{}", stderr(&changed));
    let out = stdout(&changed);
    let changes: Vec<&str> = out
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        changes,
        [
            "-  password: \"*** (before)\"",
            "+  password: \"*** (after)\"",
            "-  runStrategy: Always",
            "+  runStrategy: Halted"
        ],
        "{out}"
    );
    assert!(!out.contains("bjN3") && !out.contains("czNjcmV0"), "{out}");
    assert!(
        out.contains(
            "diff -u -N LIVE/v1.Secret.default.web04-creds MERGED/v1.Secret.default.web04-creds"
        ),
        "{out}"
    );

    // KUBECTL_EXTERNAL_DIFF gets the two folders, as with kubectl.
    let external = std::process::Command::new(BIN)
        .args(["preview", "--diff", d, "--kubeconfig"])
        .arg(&e.kubeconfig)
        .env("KUBECTL_EXTERNAL_DIFF", "diff -r -q")
        .output()
        .unwrap();
    assert_eq!(external.status.code(), Some(1));
    assert!(
        stdout(&external).contains("kubevirt.io.v1.VirtualMachine.default.web04 differ"),
        "{}",
        stdout(&external)
    );

    // The reference client agrees on the exit status for the same manifests.
    if std::path::Path::new("/usr/bin/kubectl").exists() {
        let kubectl = |args: &[&str]| {
            std::process::Command::new("/usr/bin/kubectl")
                .args(args)
                .arg("--kubeconfig")
                .arg(&e.kubeconfig)
                .env("KUBECTL_EXTERNAL_DIFF", "diff -r -q")
                .output()
                .unwrap()
        };
        let vm_only = vm_file.to_str().unwrap();
        let theirs = kubectl(&[
            "diff",
            "--server-side",
            "--field-manager=kubectl-vmmigrate",
            "-f",
            vm_only,
        ]);
        let ours = e.run(&["preview", "--diff", vm_only]);
        assert_eq!(theirs.status.code(), Some(1), "{}", stderr(&theirs));
        assert_eq!(ours.status.code(), theirs.status.code());
        assert!(e.run(&["apply", d]).status.success());
        let theirs = kubectl(&[
            "diff",
            "--server-side",
            "--field-manager=kubectl-vmmigrate",
            "-f",
            vm_only,
        ]);
        let ours = e.run(&["preview", "--diff", vm_only]);
        assert_eq!(
            theirs.status.code(),
            Some(0),
            "{}{}",
            stdout(&theirs),
            stderr(&theirs)
        );
        assert_eq!(ours.status.code(), Some(0));
    } else {
        eprintln!("SKIP kubectl comparison: /usr/bin/kubectl missing");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_follows_imports_until_vms_are_ready() {
    let e = env(true).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), fast_sim());
    e.write_spec(120, &pve("ready01", 120, 1));
    e.write_spec(121, &pve("ready02", 121, 1));
    let out = e.run(&[
        "apply",
        e.specs().to_str().unwrap(),
        "--wait",
        "--timeout",
        "60s",
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for vm in ["ready01", "ready02"] {
        assert!(
            err.contains(&format!("default/{vm}: importing disks")),
            "{err}"
        );
        assert!(err.contains(&format!("default/{vm}: Ready 100%")), "{err}");
        assert_eq!(e.vm(vm).unwrap()["status"]["ready"], true);
        let dv = e
            .cluster
            .object(
                "cdi.kubevirt.io",
                "datavolumes",
                "default",
                &format!("{vm}-scsi0"),
            )
            .or_else(|| {
                let vm = e.vm(vm).unwrap();
                let dv = vm["spec"]["dataVolumeTemplates"][0]["metadata"]["name"]
                    .as_str()
                    .unwrap()
                    .to_string();
                e.cluster
                    .object("cdi.kubevirt.io", "datavolumes", "default", &dv)
            })
            .expect("DataVolume");
        assert_eq!(dv["status"]["phase"], "Succeeded");
    }
    // Plain lines are timestamped (stderr is a pipe here).
    let first = err.lines().find(|l| l.contains("default/ready01")).unwrap();
    assert!(
        first.len() > 21 && first.as_bytes()[10] == b'T' && first.as_bytes()[19] == b'Z',
        "{first}"
    );
    assert!(err.ends_with("\n2 VMs ready\n"), "{err}");
}

/// The VM's `DataVolumeError` and the DataVolume's failure come on different watches, in
/// either order: the reason printed is the DataVolume's, whichever arrives first. (Here both
/// exist before the wait starts, so the VM's initial event usually comes first.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_disk_is_named_even_when_the_vm_reports_it_first() {
    let e = env(true).await;
    let dir = manifests_with(&e, 132, "early", &[]);
    let out = e.run(&["apply", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let vm = e.vm("early").expect("VM applied");
    let dv_name = vm["spec"]["dataVolumeTemplates"][0]["metadata"]["name"]
        .as_str()
        .expect("a DataVolume template")
        .to_string();
    e.cluster
        .create_object(serde_json::json!({"apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "DataVolume",
            "metadata": {"name": dv_name, "namespace": "default"},
            "spec": {"source": {"blank": {}}, "storage": {"resources": {"requests": {"storage": "1Gi"}}}}}))
        .expect("DataVolume");
    let api = |group: &str, version: &str, kind: &str, plural: &str| {
        kube::Api::<kube::api::DynamicObject>::namespaced_with(
            e.cluster.client(),
            "default",
            &kube::api::ApiResource::from_gvk_with_plural(
                &kube::core::GroupVersionKind::gvk(group, version, kind),
                plural,
            ),
        )
    };
    api("cdi.kubevirt.io", "v1beta1", "DataVolume", "datavolumes")
        .patch_status(
            &dv_name,
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(serde_json::json!({"status": {"phase": "Failed", "progress": "N/A", "conditions": [
                {"type": "Running", "status": "False", "reason": "Error", "message": "Unable to connect to http data source"}]}})),
        )
        .await
        .expect("DataVolume status");
    let vms = api("kubevirt.io", "v1", "VirtualMachine", "virtualmachines");
    vms.patch_status(
        "early",
        &kube::api::PatchParams::default(),
        &kube::api::Patch::Merge(
            serde_json::json!({"status": {"printableStatus": "DataVolumeError",
            "conditions": [{"type": "Ready", "status": "False", "reason": "VMINotExists"}]}}),
        ),
    )
    .await
    .expect("VM status");
    let out = e.run(&["apply", dir.to_str().unwrap(), "--wait", "--timeout", "30s"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "virtualmachine.kubevirt.io/early failed: DataVolume {dv_name} import failed: Running Error: Unable to connect to http data source"
        )),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_fails_with_the_reason_from_status() {
    let e = env(true).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), fast_sim());
    let broken_disk = manifests_with(
        &e,
        130,
        "baddisk",
        &[("sim.vmmigrate.io/import-fail", "true")],
    );
    let out = e.run(&[
        "apply",
        broken_disk.to_str().unwrap(),
        "--wait",
        "--timeout",
        "60s",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error: virtualmachine.kubevirt.io/baddisk failed: DataVolume baddisk-")
            && err.contains("import failed: ")
            && err.contains("Error"),
        "{err}"
    );

    let crashing = manifests_with(&e, 131, "crashy", &[("sim.vmmigrate.io/fail-boot", "true")]);
    let out = e.run(&[
        "apply",
        crashing.to_str().unwrap(),
        "--wait",
        "--timeout",
        "60s",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("virtualmachine.kubevirt.io/crashy failed: CrashLoopBackOff"),
        "{err}"
    );

    let slow = manifests_with(
        &e,
        132,
        "neverready",
        &[("sim.vmmigrate.io/never-ready", "true")],
    );
    let out = e.run(&["apply", slow.to_str().unwrap(), "--wait", "--timeout", "3s"]);
    // A timeout is exit 3 (issue 20.4), not a failure.
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("timed out after 3s waiting for: default/neverready"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbosity_six_and_eight_log_requests_headers_and_bodies_like_kubectl() {
    let e = env(true).await;
    let spec = e.write_spec(140, &pve("chatty", 140, 1));
    let quiet = e.run(&["apply", spec.to_str().unwrap(), "--dry-run=server"]);
    assert!(!stderr(&quiet).contains(" OK in "), "{}", stderr(&quiet));
    let out = e.run(&["apply", spec.to_str().unwrap(), "-v=6"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let patch = err
        .lines()
        .find(|l| {
            l.contains("PATCH ")
                && l.contains("/apis/kubevirt.io/v1/namespaces/default/virtualmachines/chatty?")
        })
        .unwrap_or_else(|| panic!("no PATCH line: {err}"));
    assert!(
        patch.contains(e.cluster.url())
            && patch.contains(" 201 Created in ")
            && patch.ends_with(" milliseconds"),
        "{patch}"
    );
    assert!(
        !err.contains(vmmigrate_testcluster::ADMIN_TOKEN),
        "token leaked: {err}"
    );
    // At 8, headers and bodies too (the token still masked); the client still gets every
    // body it asked for (the objects it prints come from them).
    let out = e.run(&["apply", spec.to_str().unwrap(), "-v=8", "-o", "name"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("I Request Headers:"), "{err}");
    assert!(
        !err.contains(vmmigrate_testcluster::ADMIN_TOKEN),
        "token leaked: {err}"
    );
    let request_body = err
        .lines()
        .find(|l| l.starts_with("I Request Body: ") && l.contains("\"name\":\"chatty\""))
        .unwrap_or_else(|| panic!("no request body naming the VM: {err}"));
    assert!(
        request_body.contains("\"kind\":\"VirtualMachine\""),
        "{request_body}"
    );
    assert!(
        err.lines().any(|l| l.starts_with("I Response Body: {")),
        "{err}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("virtualmachine.kubevirt.io/chatty"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespaces_and_vm_names_complete_live_from_the_cluster_through_kubectl() {
    if !Path::new("/usr/bin/kubectl").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "/usr/bin/kubectl is required under CI"
        );
        eprintln!("SKIPPED: /usr/bin/kubectl not installed");
        return;
    }
    let e = env(true).await;
    let spec = e.write_spec(150, &pve("comp01", 150, 1));
    let made = e.run(&[
        "apply",
        spec.to_str().unwrap(),
        "-n",
        "shop-east",
        "--create-namespace",
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    let bin_dir = e.dir.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    std::fs::copy(BIN, bin_dir.join("kubectl-vmmigrate")).unwrap();
    let helper =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/kubectl_complete-vmmigrate");
    std::fs::copy(helper, bin_dir.join("kubectl_complete-vmmigrate")).unwrap();
    let out = std::process::Command::new("/usr/bin/kubectl")
        .args(["__complete", "vmmigrate", "apply", "-n", "shop"])
        .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
        .env("HOME", e.dir.path())
        .env("KUBECONFIG", &e.kubeconfig)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().next(), Some("shop-east"), "{text}");

    // VM names for `roll NAME...`, from the namespace given on the line, beside the
    // subcommands that start with the same letters.
    let out = std::process::Command::new("/usr/bin/kubectl")
        .args(["__complete", "vmmigrate", "roll", "-n", "shop-east", "c"])
        .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
        .env("HOME", e.dir.path())
        .env("KUBECONFIG", &e.kubeconfig)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let candidates: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(l))
        .collect();
    assert_eq!(candidates, ["comp01", ":4"], "{text}");
    let out = std::process::Command::new("/usr/bin/kubectl")
        .args([
            "__complete",
            "vmmigrate",
            "roll",
            "status",
            "-n",
            "default",
            "",
        ])
        .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
        .env("HOME", e.dir.path())
        .env("KUBECONFIG", &e.kubeconfig)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [":4"],
        "no VM in default: {text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubeconfig_list_and_context_are_taken_like_kubectl() {
    let e = env(true).await;
    let spec = e.write_spec(160, &pve("ctx01", 160, 1));
    // First file: a dead cluster as the current context. Second: the emulator's context.
    // A missing entry in KUBECONFIG is skipped, as kubectl skips it.
    let dead = e.dir.path().join("dead");
    std::fs::write(
        &dead,
        "apiVersion: v1\nkind: Config\ncurrent-context: dead\ncontexts:\n- name: dead\n  context:\n    cluster: dead\n    user: nobody\nclusters:\n- name: dead\n  cluster:\n    server: http://127.0.0.1:9\nusers:\n- name: nobody\n  user:\n    token: x\n",
    )
    .unwrap();
    let list = format!(
        "{}:{}:{}",
        e.dir.path().join("missing").display(),
        dead.display(),
        e.kubeconfig.display()
    );
    let run = |extra: &[&str]| {
        std::process::Command::new(BIN)
            .args(["apply", spec.to_str().unwrap()])
            .args(extra)
            .env("KUBECONFIG", &list)
            .output()
            .unwrap()
    };
    let dead_run = run(&["--request-timeout", "2s"]);
    assert_eq!(dead_run.status.code(), Some(1));
    let err = stderr(&dead_run);
    assert!(
        err.contains("http://127.0.0.1:9") && err.contains("is not reachable"),
        "{err}"
    );
    let live = run(&["--context", "testcluster"]);
    assert!(live.status.success(), "{}", stderr(&live));
    assert_eq!(stdout(&live), "virtualmachine.kubevirt.io/ctx01 created\n");
    let unknown = run(&["--context", "nope"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("context \"nope\" does not exist"),
        "{}",
        stderr(&unknown)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicts_fail_until_force_conflicts_takes_ownership() {
    let e = env(true).await;
    let spec = e.write_spec(170, &pve("owned", 170, 1));
    let spec = spec.to_str().unwrap();
    assert!(e.run(&["apply", spec]).status.success());
    // Another manager takes runStrategy with a different value.
    let api: kube::Api<kube::api::DynamicObject> = kube::Api::namespaced_with(
        e.cluster.client(),
        "default",
        &kube::discovery::ApiResource::from_gvk_with_plural(
            &kube::api::GroupVersionKind::gvk("kubevirt.io", "v1", "VirtualMachine"),
            "virtualmachines",
        ),
    );
    let theirs = serde_json::json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
        "metadata": {"name": "owned", "namespace": "default"}, "spec": {"runStrategy": "Halted"}});
    api.patch(
        "owned",
        &kube::api::PatchParams::apply("ops-team").force(),
        &kube::api::Patch::Apply(&theirs),
    )
    .await
    .expect("other manager applies");
    let conflict = e.run(&["apply", spec]);
    assert_eq!(conflict.status.code(), Some(1));
    let err = stderr(&conflict);
    assert!(
        err.contains("conflict with \"ops-team\"")
            && err.contains(".spec.runStrategy")
            && err.contains("--force-conflicts"),
        "{err}"
    );
    assert!(
        err.contains("1 of 1 object(s) not applied: virtualmachine.kubevirt.io/owned"),
        "{err}"
    );
    let forced = e.run(&["apply", spec, "--force-conflicts"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(
        stdout(&forced),
        "virtualmachine.kubevirt.io/owned configured\n"
    );
    assert_eq!(e.vm("owned").unwrap()["spec"]["runStrategy"], "Always");
}

/// A real API server lists Secrets, ConfigMaps and Services without `apiVersion`/`kind` on
/// their items: an unchanged object must still be `unchanged` in a server dry run and make no
/// diff (issue 14, defect A).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_builtin_objects_are_unchanged_in_a_server_dry_run_and_the_diff() {
    let e = env(true).await;
    let dir = e.dir.path().join("builtins");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("objects.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: default\ndata:\n  password: czNjcmV0\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  mode: fast\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\nspec:\n  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let first = e.run(&["apply", d]);
    assert!(first.status.success(), "{}", stderr(&first));
    let dry = e.run(&["apply", d, "--dry-run=server"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(
        stdout(&dry),
        "secret/creds unchanged (server dry run)\nconfigmap/settings unchanged (server dry run)\nservice/web unchanged (server dry run)\n"
    );
    let diff = e.run(&["preview", "--diff", d]);
    assert_eq!(
        diff.status.code(),
        Some(0),
        "{}{}",
        stdout(&diff),
        stderr(&diff)
    );
    assert_eq!(stdout(&diff), "");
}

/// `apply -n tenant --map examples/mapping.yaml` and `preview --diff` with the same arguments
/// plan the same objects (issue 14, defect C): the mapping's Multus network lives in its own
/// namespace (`migrated/backup`), which apply refused as a namespace mismatch while the diff
/// showed it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_and_diff_plan_the_same_objects_with_a_namespace_and_a_mapping() {
    let e = env(true).await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mapping = root.join("examples/mapping.yaml");
    let examples = root.join("examples");
    let args = [
        "-n",
        "tenant",
        "--map",
        mapping.to_str().unwrap(),
        examples.to_str().unwrap(),
    ];
    // What the mapping's VMs refer to.
    for class in ["ceph-rbd", "standard"] {
        e.cluster
            .create_object(serde_json::json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": class}, "provisioner": "example.com/csi"}))
            .unwrap();
    }
    for (name, cpu, memory) in [("u1.2xmedium", 2, "4Gi"), ("u1.xlarge", 4, "16Gi")] {
        e.cluster
            .create_object(serde_json::json!({"apiVersion": "instancetype.kubevirt.io/v1beta1", "kind": "VirtualMachineClusterInstancetype", "metadata": {"name": name}, "spec": {"cpu": {"guest": cpu}, "memory": {"guest": memory}}}))
            .unwrap();
    }
    for name in ["linux", "windows.2k19"] {
        e.cluster
            .create_object(serde_json::json!({"apiVersion": "instancetype.kubevirt.io/v1beta1", "kind": "VirtualMachineClusterPreference", "metadata": {"name": name}, "spec": {}}))
            .unwrap();
    }
    let run = |command: &[&str]| e.run(&[command, &args[..]].concat());
    let applied = run(&["apply", "--create-namespace", "--yes"]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    let out = stdout(&applied);
    assert!(
        out.contains("networkattachmentdefinition.k8s.cni.cncf.io/backup created"),
        "{out}"
    );
    assert!(e
        .cluster
        .object(
            "k8s.cni.cncf.io",
            "network-attachment-definitions",
            "migrated",
            "backup"
        )
        .is_some());
    let vms_in_tenant = e
        .cluster
        .requests()
        .iter()
        .filter(|r| {
            r.method == "PATCH"
                && r.path
                    .starts_with("/apis/kubevirt.io/v1/namespaces/tenant/virtualmachines/")
        })
        .count();
    assert_eq!(vms_in_tenant, 2);
    let diff = run(&["preview", "--diff"]);
    assert_eq!(
        diff.status.code(),
        Some(0),
        "{}{}",
        stdout(&diff),
        stderr(&diff)
    );
    // A manifest file in another namespace than -n is still refused, by both, as kubectl does.
    let dir = e.dir.path().join("other-ns");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: prod\n",
    )
    .unwrap();
    let message = "the namespace from the provided object \"prod\" does not match the namespace \"tenant\". You must pass '--namespace=prod' to perform this operation.";
    let refused = e.run(&["apply", "-n", "tenant", dir.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(stderr(&refused), format!("error: {message}\n"));
    let refused = e.run(&["preview", "--diff", "-n", "tenant", dir.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(stderr(&refused), format!("error: no diff: {message}\n"));
}

/// `apply --wait` tells ready VMs from VMs a Halted run strategy keeps stopped (issue 14,
/// defect D: both were counted as "2 VM(s) ready").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_counts_ready_and_halted_vms_apart() {
    let e = env(true).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), fast_sim());
    let running = manifests_with(&e, 130, "run01", &[]);
    let halted = manifests_run(&e, 131, "halt01", "Halted", &[]);
    let out = e.run(&[
        "apply",
        running.to_str().unwrap(),
        halted.to_str().unwrap(),
        "--wait",
        "--timeout",
        "60s",
    ]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.ends_with("\n1 VM ready, 1 VM stopped by its run strategy (disks imported)\n"),
        "{err}"
    );
    assert_eq!(e.vm("run01").unwrap()["status"]["ready"], true);
    assert_eq!(
        e.vm("halt01").unwrap()["status"]["printableStatus"],
        "Stopped"
    );
}

/// A real server answers a server-side apply naming a field the schema does not declare with
/// a 500 (the typed conversion's error is not a Status): not an outage, so it is reported at
/// once, not retried.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undeclared_field_is_reported_once_not_retried() {
    let e = env(true).await;
    let dir = e.dir.path().join("typo");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndatta:\n  mode: fast\n",
    )
    .unwrap();
    let out = e.run(&["apply", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error applying configmap/settings: failed to create typed patch object (default/settings; /v1, Kind=ConfigMap): .datta: field not declared in schema"),
        "{}",
        stderr(&out)
    );
    let patches = e
        .cluster
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH" && r.path.ends_with("/configmaps/settings"))
        .count();
    assert_eq!(patches, 1, "retried a request that cannot succeed");
}

/// How long a run may take before the FIFO test calls it a hang.
const WATCHDOG: std::time::Duration = std::time::Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fifo_named_like_a_manifest_in_a_folder_is_skipped_not_read() {
    let e = env(true).await;
    let spec = e.write_spec(130, &pve("piped01", 130, 1));
    let dir = e.dir.path().join("m-fifo");
    import_to_dir(&spec, &dir);
    // Opening a FIFO for reading blocks until a writer comes: reading every `*.yaml` of the
    // folder used to hang here, while `import DIR` skipped it.
    let fifo = dir.join("x.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let mut child = std::process::Command::new(BIN)
        .args(["apply", dir.to_str().unwrap(), "--dry-run=client"])
        .arg("--kubeconfig")
        .arg(&e.kubeconfig)
        .env_remove("KUBECONFIG")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("plugin starts");
    let started = std::time::Instant::now();
    let finished = loop {
        if child.try_wait().expect("wait for the plugin").is_some() {
            break true;
        }
        if started.elapsed() > WATCHDOG {
            child.kill().ok();
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let out = child.wait_with_output().expect("plugin output");
    assert!(
        finished,
        "apply hung on the FIFO {} (killed after {WATCHDOG:?})",
        fifo.display()
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "virtualmachine.kubevirt.io/piped01 created (dry run)\n"
    );
    assert!(e.writes().is_empty(), "{:?}", e.writes());
}

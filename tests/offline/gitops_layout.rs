//! `import --output-dir DIR --overlay NAME [--gitops argocd|flux]` (issue 18 items 3 and 4),
//! on the real binary: the overlays render with the real `kubectl kustomize` into objects
//! that pass the upstream schemas and KubeVirt's admission rules; a re-run on a changed
//! source updates the base and keeps an overlay file a person edited; the Argo CD and Flux
//! objects validate against the upstream CRDs (Argo CD v3.5.1, Flux source-controller
//! v1.9.1, kustomize-controller v1.9.4) with unknown fields refused.

use crate::support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");
const KUBECTL: &str = "/usr/bin/kubectl";
const SOURCES: [&str; 2] = [
    "tests/fixtures/libvirt/win2k22-uefi-tpm.xml",
    "tests/fixtures/ovf/sized-appliance.ovf",
];
const PROD: &str = "prod:namespace=vms-prod,storage-class=ceph-rbd,label.env=prod";
const DEV: &str = "dev:run-strategy=Halted,instancetype=u1.medium,label.env=dev";

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

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn import(sources: &[&str], dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import"];
    args.extend_from_slice(sources);
    args.extend(["--output-dir", dir.to_str().unwrap()]);
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "{}", text(&out));
    out
}

fn kustomize(dir: &Path) -> Vec<Value> {
    let out = Command::new(KUBECTL)
        .arg("kustomize")
        .arg(dir)
        .output()
        .expect("kubectl runs");
    assert!(out.status.success(), "{}", text(&out));
    serde_saphyr::from_multiple(&String::from_utf8_lossy(&out.stdout)).expect("YAML")
}

fn kubectl_present(test: &str) -> bool {
    if Path::new(KUBECTL).exists() {
        return true;
    }
    support::skip_or_fail(test, "/usr/bin/kubectl not installed");
    false
}

fn vm<'a>(objects: &'a [Value], name: &str) -> &'a Value {
    objects
        .iter()
        .find(|o| o["kind"] == "VirtualMachine" && o["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no VirtualMachine {name}"))
}

#[test]
fn overlays_render_with_the_real_kubectl_kustomize_into_objects_that_pass_schemas_and_admission() {
    if !kubectl_present("gitops_layout") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vms");
    import(&SOURCES, &dir, &["--overlay", PROD, "--overlay", DEV]);

    // The base is exactly what `import --output-dir` writes without overlays.
    let plain = tmp.path().join("plain");
    import(&SOURCES, &plain, &[]);
    for file in support::files_under(&plain) {
        let name = file.file_name().unwrap();
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(dir.join("base").join(name)).unwrap(),
            "{name:?}"
        );
    }

    let prod = kustomize(&dir.join("overlays/prod"));
    let dev = kustomize(&dir.join("overlays/dev"));
    for (name, objects) in [("prod", &prod), ("dev", &dev)] {
        if let Some(errors) = support::check_objects("gitops_layout", objects) {
            assert!(errors.is_empty(), "{name}: {errors:#?}");
        }
    }
    for name in ["win2k22-dc01", "sized-appliance"] {
        let p = vm(&prod, name);
        assert_eq!(p["metadata"]["namespace"], "vms-prod");
        assert_eq!(p["metadata"]["labels"]["env"], "prod");
        for t in p["spec"]["dataVolumeTemplates"].as_array().unwrap() {
            assert_eq!(t["spec"]["storage"]["storageClassName"], "ceph-rbd", "{t}");
        }
        // Labels on the VM only: selectors and the template are left alone.
        assert!(p["spec"]["template"]["metadata"]["labels"]["env"].is_null());
        let d = vm(&dev, name);
        assert_eq!(d["spec"]["runStrategy"], "Halted");
        assert_eq!(d["spec"]["instancetype"]["name"], "u1.medium");
        assert!(d["spec"]["template"]["spec"]["domain"]["cpu"].is_null());
        assert!(d["spec"]["template"]["spec"]["domain"]["memory"].is_null());
        assert!(d["metadata"]["namespace"].is_null());
    }
}

/// A Proxmox VM whose memory a test changes between runs.
fn pve(memory_mib: u32) -> String {
    format!("name: web01\ncores: 1\nsockets: 1\nmemory: {memory_mib}\nostype: l26\nnet0: virtio=BC:24:11:00:00:01,bridge=vmbr0\nscsi0: local-lvm:vm-1-disk-0,size=8G\n")
}

#[test]
fn a_rerun_on_a_changed_source_updates_the_base_and_never_touches_an_edited_overlay_file() {
    if !kubectl_present("gitops_layout") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("101.conf");
    std::fs::write(&spec, pve(2048)).unwrap();
    let dir = tmp.path().join("vms");
    let s = spec.to_str().unwrap();
    let first = import(&[s], &dir, &["--overlay", PROD, "--overlay", DEV]);
    assert!(
        String::from_utf8_lossy(&first.stderr).contains("4 file(s) created"),
        "{}",
        text(&first)
    );

    // A person edits prod's kustomization (adds an annotation) and one of dev's patches.
    let prod_k = dir.join("overlays/prod/kustomization.yaml");
    let edited_k = std::fs::read_to_string(&prod_k).unwrap()
        + "commonAnnotations:\n  example.com/owner: team-a\n";
    std::fs::write(&prod_k, &edited_k).unwrap();
    let dev_patch = dir.join("overlays/dev/patches/web01.yaml");
    let edited_patch = std::fs::read_to_string(&dev_patch)
        .unwrap()
        .replace("u1.medium", "u1.large");
    std::fs::write(&dev_patch, &edited_patch).unwrap();
    let dev_k = dir.join("overlays/dev/kustomization.yaml");
    let dev_k_before = std::fs::read_to_string(&dev_k).unwrap();

    // The source changes, and dev gets a new setting.
    std::fs::write(&spec, pve(4096)).unwrap();
    let dev2 = "dev:run-strategy=Halted,instancetype=u1.medium,label.env=dev,label.tier=web";
    let second = import(&[s], &dir, &["--overlay", PROD, "--overlay", dev2]);
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains(&format!(
            "{}: edited since import wrote it; left as it is",
            prod_k.display()
        )) && err.contains(&format!("{}: edited since", dev_patch.display())),
        "{err}"
    );
    assert!(err.contains("1 updated"), "{err}");
    assert_eq!(std::fs::read_to_string(&prod_k).unwrap(), edited_k);
    assert_eq!(std::fs::read_to_string(&dev_patch).unwrap(), edited_patch);
    let dev_k_after = std::fs::read_to_string(&dev_k).unwrap();
    assert_ne!(dev_k_after, dev_k_before, "the unedited file is rewritten");
    assert!(dev_k_after.contains("tier: web"), "{dev_k_after}");

    // The base carries the new memory, and both overlays render it with the edits.
    let base = std::fs::read_to_string(dir.join("base/web01.yaml")).unwrap();
    assert!(base.contains("guest: 4Gi"), "{base}");
    let prod = kustomize(&dir.join("overlays/prod"));
    let p = vm(&prod, "web01");
    assert_eq!(
        p["spec"]["template"]["spec"]["domain"]["memory"]["guest"],
        "4Gi"
    );
    assert_eq!(p["metadata"]["annotations"]["example.com/owner"], "team-a");
    let dev = kustomize(&dir.join("overlays/dev"));
    assert_eq!(
        vm(&dev, "web01")["spec"]["instancetype"]["name"],
        "u1.large"
    );
    assert_eq!(vm(&dev, "web01")["metadata"]["labels"]["tier"], "web");
}

#[test]
fn overlay_flags_are_checked_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vms");
    let d = dir.to_str().unwrap();
    for (args, says) in [
        (vec!["--overlay", "Prod"], "must be a DNS label"),
        (
            vec!["--overlay", "p:color=red"],
            "unknown setting \"color\"",
        ),
        (
            vec!["--overlay", "p", "--overlay", "p"],
            "--overlay p is given twice",
        ),
        (vec!["--overlay", "p", "--gitops", "flux"], "--repo-url"),
        (vec!["--overlay", "p", "--path", "vms"], "--gitops"),
    ] {
        let mut all = vec!["import", SOURCES[1], "--output-dir", d];
        all.extend(&args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(says), "{args:?}: {}", text(&out));
        assert!(!dir.exists(), "{args:?} wrote {d}");
    }
}

/// The `openAPIV3Schema` of `version` in an upstream CRD file.
fn crd_schema(rel: &str, version: &str) -> Value {
    let shared = support::shared_dir().expect("../shared");
    let text = std::fs::read_to_string(shared.join("schemas").join(rel)).expect(rel);
    let crd: Value = serde_saphyr::from_str(&text).expect("CRD YAML");
    crd["spec"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == version)
        .map(|v| v["schema"]["openAPIV3Schema"].clone())
        .unwrap_or_else(|| panic!("{rel}: no version {version}"))
}

/// Problems of `object` against the CRD of its kind: unknown fields (which the API server
/// would prune, and refuse under `fieldValidation=Strict`) and invalid values.
fn crd_problems(object: &Value) -> Vec<String> {
    let (file, version) = match object["kind"].as_str() {
        Some("Application") => ("argo-cd-v3.5.1/manifests/crds/application-crd.yaml", "v1alpha1"),
        Some("GitRepository") => (
            "flux-source-controller-v1.9.1/config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml",
            "v1",
        ),
        Some("Kustomization") => (
            "flux-kustomize-controller-v1.9.4/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml",
            "v1",
        ),
        other => panic!("unexpected kind {other:?}"),
    };
    assert_eq!(
        object["apiVersion"].as_str().unwrap().rsplit('/').next(),
        Some(version)
    );
    let mut copy = object.clone();
    let report = vmmigrate_testcluster::schema::check(&mut copy, &crd_schema(file, version));
    let mut problems: Vec<String> = report
        .unknown
        .iter()
        .map(|u| format!("unknown field {u}"))
        .collect();
    problems.extend(report.invalid.iter().map(|(p, m)| format!("{p}: {m}")));
    problems
}

fn objects_in(dir: &Path) -> Vec<Value> {
    support::files_under(dir)
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            serde_saphyr::from_multiple::<Value>(&text).expect("YAML")
        })
        .collect()
}

#[test]
fn argo_cd_and_flux_objects_validate_against_the_upstream_crds() {
    if support::require_shared("gitops_layout").is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let wiring = |tool: &str, dir: &Path| {
        import(
            &SOURCES,
            dir,
            &[
                "--overlay",
                PROD,
                "--overlay",
                DEV,
                "--gitops",
                tool,
                "--repo-url",
                "https://git.example.com/estate/vms.git",
                "--path",
                "clusters/vms",
            ],
        );
    };
    let argo = tmp.path().join("argo");
    wiring("argocd", &argo);
    let flux = tmp.path().join("flux");
    wiring("flux", &flux);

    let apps = objects_in(&argo.join("argocd"));
    assert_eq!(apps.len(), 2);
    let fluxes = objects_in(&flux.join("flux"));
    assert_eq!(
        fluxes
            .iter()
            .map(|o| o["kind"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["Kustomization", "Kustomization", "GitRepository"]
    );
    for object in apps.iter().chain(&fluxes) {
        let problems = crd_problems(object);
        assert!(problems.is_empty(), "{object}: {problems:#?}");
    }
    let prod = apps
        .iter()
        .find(|a| a["metadata"]["name"] == "vms-prod")
        .unwrap();
    assert_eq!(prod["spec"]["source"]["path"], "clusters/vms/overlays/prod");
    assert_eq!(
        prod["spec"]["ignoreDifferences"][0]["jsonPointers"],
        serde_json::json!(vmmigrate::gitops::CLUSTER_DEPENDENT_VM_FIELDS)
    );
    // No sync wave and no hook anywhere: a Halted VM (Suspended in Argo CD v3.5.1) can then
    // hold no later wave (argo-cd#29663).
    for object in objects_in(&argo.join("overlays")) {
        let text = object.to_string();
        assert!(
            !text.contains("argocd.argoproj.io/sync-wave")
                && !text.contains("argocd.argoproj.io/hook")
        );
    }
    let k = fluxes
        .iter()
        .find(|o| o["metadata"]["name"] == "vms-dev")
        .unwrap();
    assert_eq!(k["spec"]["path"], "./clusters/vms/overlays/dev");
    assert_eq!(k["spec"]["wait"], true);
    assert_eq!(k["spec"]["healthCheckExprs"][0]["kind"], "VirtualMachine");

    // The check bites: a misspelt field and a wrong type are reported.
    let mut wrong = prod.clone();
    wrong["spec"]["syncPolicy"]["syncOption"] = serde_json::json!(["x"]);
    wrong["spec"]["source"]["path"] = serde_json::json!(3);
    let problems = crd_problems(&wrong);
    assert!(
        problems.iter().any(|p| p.contains("syncOption")) && problems.len() == 2,
        "{problems:#?}"
    );
}

#[test]
fn roll_k_says_which_folder_kustomize_could_not_render() {
    if !kubectl_present("gitops_layout") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("overlays/nope");
    let out = Command::new(BIN)
        .args([
            "roll",
            "-k",
            missing.to_str().unwrap(),
            "-l",
            "env=prod",
            "--yes",
        ])
        .env("KUBECTL", KUBECTL)
        .env("KUBECONFIG", tmp.path().join("no-kubeconfig"))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        err.contains(&format!(
            "-k {}: `kubectl kustomize` failed:",
            missing.display()
        )),
        "{err}"
    );
}

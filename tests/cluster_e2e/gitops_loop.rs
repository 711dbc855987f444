//! The GitOps loop end to end (issue 18 items 3 to 5), with the real `kubectl kustomize` and
//! `kubectl apply --server-side` standing in for the GitOps tool (field manager
//! `argocd-controller`, Argo CD's), KubeVirt's VM webhook on and the simulator running:
//!
//! 1. `import --overlay` writes base and overlay; the rendered overlay, applied, settles with
//!    no drift by `kubectl diff --server-side` and `preview --diff`;
//! 2. day 2: the source changes (memory beyond what KubeVirt can hot-plug), `import` updates
//!    the base, the GitOps manager applies the re-rendered overlay, KubeVirt marks the VM
//!    `RestartRequired`; `roll -k overlays/prod` restarts exactly that VM, one at a time;
//! 3. afterwards a server-side dry-run apply by the GitOps manager conflicts with nothing and
//!    the server-side diff is still empty: the roll's writes do not fight the GitOps tool.
//!
//! Also: the Argo CD and Flux objects `--gitops` writes pass a server-side dry run through
//! the real kubectl against the upstream CRDs installed in the test cluster (unknown fields
//! refused: kubectl's default `--validate=strict`).

use crate::apply_env::{env, fast_sim, pve, stderr, stdout, Env};
use serde_json::Value;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

const KUBECTL: &str = "/usr/bin/kubectl";
const MANAGER: &str = "--field-manager=argocd-controller";
const PROD: &str = "prod:namespace=default,label.env=prod,run-strategy=Always";

fn kubectl(e: &Env, args: &[&str]) -> Output {
    std::process::Command::new(KUBECTL)
        .args(args)
        .arg("--kubeconfig")
        .arg(&e.kubeconfig)
        .env_remove("KUBECONFIG")
        .env_remove("KUBECTL_EXTERNAL_DIFF")
        .output()
        .expect("kubectl runs")
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    )
}

fn kubectl_present() -> bool {
    if Path::new(KUBECTL).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "/usr/bin/kubectl is required under CI"
    );
    eprintln!("SKIPPED: /usr/bin/kubectl not installed");
    false
}

/// `import SPECS --output-dir repo --overlay ...`, then the overlay rendered to a file, as
/// the GitOps tool renders it.
fn import_and_render(e: &Env, repo: &Path, extra: &[&str]) -> std::path::PathBuf {
    let specs = e.specs();
    let mut args = vec![
        "import",
        specs.to_str().unwrap(),
        "--output-dir",
        repo.to_str().unwrap(),
        "--overlay",
        PROD,
    ];
    args.extend_from_slice(extra);
    let out = e.run(&args);
    assert!(out.status.success(), "{}", text(&out));
    show(
        "kubectl vmmigrate import specs/ --output-dir repo --overlay ...",
        &out,
    );
    let overlay = repo.join("overlays/prod");
    let rendered = kubectl(e, &["kustomize", overlay.to_str().unwrap()]);
    assert!(rendered.status.success(), "{}", text(&rendered));
    let file = e.dir.path().join("rendered.yaml");
    std::fs::write(&file, &rendered.stdout).unwrap();
    file
}

fn gitops_apply(e: &Env, file: &Path) {
    let out = kubectl(
        e,
        &[
            "apply",
            "--server-side",
            MANAGER,
            "-f",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    show(
        "kubectl apply --server-side --field-manager=argocd-controller",
        &out,
    );
}

/// A command's output in the test log (`--nocapture`): the README's day-2 loop is copied
/// from it.
fn show(command: &str, o: &Output) {
    eprintln!("$ {command}\n{}{}", stdout(o), stderr(o));
}

/// Both diffs report nothing for the rendered overlay.
fn assert_no_drift(e: &Env, file: &Path, when: &str) {
    let f = file.to_str().unwrap();
    let diff = kubectl(e, &["diff", "--server-side", MANAGER, "-f", f]);
    assert_eq!(diff.status.code(), Some(0), "{when}: {}", text(&diff));
    assert!(diff.stdout.is_empty(), "{when}: {}", text(&diff));
    let preview = e.run(&["preview", "--diff", f]);
    assert_eq!(preview.status.code(), Some(0), "{when}: {}", text(&preview));
    assert!(preview.stdout.is_empty(), "{when}: {}", text(&preview));
}

fn restart_required(vm: &Value) -> bool {
    vm["status"]["conditions"].as_array().is_some_and(|c| {
        c.iter()
            .any(|c| c["type"] == "RestartRequired" && c["status"] == "True")
    })
}

fn vmi_uid(e: &Env, name: &str) -> Option<String> {
    e.vmi(name)
        .and_then(|v| v["metadata"]["uid"].as_str().map(String::from))
}

async fn ready(e: &Env, names: &[&str]) {
    e.until(Duration::from_secs(60), "VMs Ready", |e| {
        names
            .iter()
            .all(|n| e.vm(n).is_some_and(|vm| vm["status"]["ready"] == true))
            .then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overlay_applied_by_the_gitops_tool_settles_and_rolls_from_git_without_fighting_it() {
    if !kubectl_present() {
        return;
    }
    let e = env(true).await;
    let _sim = vmmigrate_testcluster::simulator::Simulator::start(e.cluster.client(), fast_sim());
    e.write_spec(101, &pve("web01", 101, 1));
    e.write_spec(102, &pve("web02", 102, 1));
    let repo = e.dir.path().join("repo");

    // 1. Render, apply as the GitOps tool, settle: no drift.
    let rendered = import_and_render(&e, &repo, &[]);
    gitops_apply(&e, &rendered);
    ready(&e, &["web01", "web02"]).await;
    e.until(Duration::from_secs(30), "virt-controller's sync", |e| {
        ["web01", "web02"]
            .iter()
            .all(|n| {
                e.vm(n).is_some_and(|vm| {
                    vm["metadata"]["annotations"]["kubevirt.io/latest-observed-api-version"]
                        .is_string()
                })
            })
            .then_some(())
    })
    .await;
    assert_eq!(e.vm("web01").unwrap()["metadata"]["labels"]["env"], "prod");
    assert_no_drift(&e, &rendered, "after the first sync");

    // 2. Day 2: 2 GiB -> 16 GiB (beyond the 4x KubeVirt can hot-plug) in the source.
    let before = (vmi_uid(&e, "web01").unwrap(), vmi_uid(&e, "web02").unwrap());
    e.write_spec(
        101,
        &pve("web01", 101, 1).replace("memory: 2048", "memory: 16384"),
    );
    let rendered = import_and_render(&e, &repo, &[]);
    assert!(std::fs::read_to_string(repo.join("base/web01.yaml"))
        .unwrap()
        .contains("guest: 16Gi"));
    gitops_apply(&e, &rendered);
    e.until(Duration::from_secs(30), "web01 RestartRequired", |e| {
        e.vm("web01").filter(restart_required).map(|_| ())
    })
    .await;
    assert!(!restart_required(&e.vm("web02").unwrap()));

    let overlay = repo.join("overlays/prod");
    // Rolled against another namespace, prod's manifests would land on same-named VMs there.
    let elsewhere = e.run(&[
        "-n",
        "staging",
        "roll",
        "-k",
        overlay.to_str().unwrap(),
        "-l",
        "env=prod",
        "--yes",
    ]);
    assert_eq!(elsewhere.status.code(), Some(2), "{}", text(&elsewhere));
    assert!(
        stderr(&elsewhere).contains(
            "the manifests are for namespace default, the rollout is in staging: run with -n default"
        ),
        "{}",
        text(&elsewhere)
    );
    let started = std::time::Instant::now();
    let roll = tokio::task::spawn_blocking({
        let kubeconfig = e.kubeconfig.clone();
        let overlay = overlay.clone();
        move || {
            std::process::Command::new(crate::apply_env::BIN)
                .args([
                    "--kubeconfig",
                    kubeconfig.to_str().unwrap(),
                    "-n",
                    "default",
                ])
                .args(["roll", "-k", overlay.to_str().unwrap(), "-l", "env=prod"])
                .args([
                    "--max-unavailable",
                    "1",
                    "--yes",
                    "--progress-deadline",
                    "60",
                ])
                .env("KUBECTL", KUBECTL)
                .env_remove("KUBECONFIG")
                .env("NO_COLOR", "1")
                .output()
                .expect("roll runs")
        }
    })
    .await
    .unwrap();
    assert!(roll.status.success(), "{}", text(&roll));
    show(
        "kubectl vmmigrate roll -k repo/overlays/prod -l env=prod --yes",
        &roll,
    );
    eprintln!("(the roll took {:?})", started.elapsed());
    let status = e.run(&["-n", "default", "roll", "status", "-l", "env=prod"]);
    assert!(status.status.success(), "{}", text(&status));
    show("kubectl vmmigrate roll status -l env=prod", &status);
    // The same overlay through a pipe (`kubectl kustomize DIR | roll -f -`): nothing is left
    // to do, and the VMs this rollout restarted are not restarted again.
    let piped = tokio::task::spawn_blocking({
        let kubeconfig = e.kubeconfig.clone();
        let rendered = rendered.clone();
        move || {
            std::process::Command::new(crate::apply_env::BIN)
                .args([
                    "--kubeconfig",
                    kubeconfig.to_str().unwrap(),
                    "-n",
                    "default",
                ])
                .args(["roll", "-f", "-", "-l", "env=prod", "--yes"])
                .stdin(std::fs::File::open(rendered).unwrap())
                .env_remove("KUBECONFIG")
                .output()
                .expect("roll runs")
        }
    })
    .await
    .unwrap();
    assert!(piped.status.success(), "{}", text(&piped));
    assert!(
        stderr(&piped).contains("all 2 VM(s) are already up to date"),
        "{}",
        text(&piped)
    );
    show(
        "kubectl kustomize repo/overlays/prod | kubectl vmmigrate roll -f - -l env=prod --yes",
        &piped,
    );
    ready(&e, &["web01", "web02"]).await;
    let after = (vmi_uid(&e, "web01").unwrap(), vmi_uid(&e, "web02").unwrap());
    assert_ne!(after.0, before.0, "web01 was restarted: {}", text(&roll));
    assert_eq!(
        after.1,
        before.1,
        "web02 had nothing to restart: {}",
        text(&roll)
    );
    let web01 = e.vm("web01").unwrap();
    assert!(!restart_required(&web01), "{web01}");
    assert_eq!(
        e.vmi("web01").unwrap()["spec"]["domain"]["memory"]["guest"],
        "16Gi"
    );

    // 3. The GitOps tool's next sync: no conflict, no drift.
    let f = rendered.to_str().unwrap();
    let dry = kubectl(
        &e,
        &[
            "apply",
            "--server-side",
            MANAGER,
            "--dry-run=server",
            "-f",
            f,
        ],
    );
    assert!(dry.status.success(), "{}", text(&dry));
    assert_no_drift(&e, &rendered, "after the roll");
    // Who owns what: the GitOps manager keeps the template; the roll's writes are its own
    // annotations (manager kubectl-vmmigrate) and its PUT of the same spec.
    let managers: Vec<String> = web01["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{} {}", m["manager"], m["operation"]))
        .collect();
    eprintln!("web01 managedFields after the roll: {managers:?}");
    let memory_owner = web01["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m.pointer("/fieldsV1/f:spec/f:template/f:spec/f:domain/f:memory/f:guest")
                .is_some()
        })
        .map(|m| m["manager"].clone());
    assert_eq!(
        memory_owner,
        Some("argocd-controller".into()),
        "{managers:?}"
    );
    // Every write has a named manager: the roll's PUT and patches are `kubectl-vmmigrate`'s.
    assert!(
        managers
            .iter()
            .any(|m| m.starts_with("\"kubectl-vmmigrate\" \"Update\""))
            && !managers.iter().any(|m| m.contains("unknown")),
        "{managers:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_argo_cd_and_flux_objects_pass_a_server_side_dry_run_against_the_upstream_crds() {
    if !kubectl_present() {
        return;
    }
    let e = env(true).await;
    let schemas = vmmigrate_testcluster::crds::schemas_dir();
    for rel in [
        "argo-cd-v3.5.1/manifests/crds/application-crd.yaml",
        "flux-source-controller-v1.9.1/config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml",
        "flux-kustomize-controller-v1.9.4/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml",
    ] {
        let out = kubectl(&e, &["apply", "-f", schemas.join(rel).to_str().unwrap()]);
        assert!(out.status.success(), "{rel}: {}", text(&out));
    }
    for ns in ["argocd", "flux-system"] {
        let out = kubectl(&e, &["create", "namespace", ns]);
        assert!(out.status.success(), "{}", text(&out));
    }
    e.write_spec(101, &pve("web01", 101, 1));
    for tool in ["argocd", "flux"] {
        let repo = e.dir.path().join(format!("repo-{tool}"));
        let common = [
            "--gitops",
            tool,
            "--repo-url",
            "https://git.example.com/vms.git",
        ];
        import_and_render(&e, &repo, &common);
        let dir = repo.join(tool);
        let dry = kubectl(
            &e,
            &["apply", "--dry-run=server", "-f", dir.to_str().unwrap()],
        );
        assert!(dry.status.success(), "{tool}: {}", text(&dry));
        assert!(stdout(&dry).contains("(server dry run)"), "{}", text(&dry));
        // A misspelt field is refused, so the check above can fail.
        let file = std::fs::read_dir(&dir)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let broken = e.dir.path().join("broken.yaml");
        let body = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &broken,
            body.replacen("\nspec:\n", "\nspec:\n  intervall: 1m\n", 1),
        )
        .unwrap();
        let refused = kubectl(
            &e,
            &["apply", "--dry-run=server", "-f", broken.to_str().unwrap()],
        );
        assert!(!refused.status.success(), "{tool}: {}", text(&refused));
        assert!(stderr(&refused).contains("intervall"), "{}", text(&refused));
    }
}

//! The exit-code contract of the verbs that change a cluster (issue 20.4) on the real binary:
//! a `--timeout` that runs out exits 3, a rollout aborted by the user or Ctrl-C while waiting
//! exits 4, for `apply --wait` and `roll` alike; the rollout left by a timeout or an interrupt
//! is taken up by `roll resume`.

use crate::roll_env::{args, eventually, fleet, run, settled, BIN};
use std::process::{Command, Stdio};

/// Three VMs that boot in 1.5 s each, one at a time: a rollout takes several seconds.
const SLOW_ROLL: &[&str] = &[
    "-l",
    "app=web",
    "--set-image",
    "quay.io/demo/web:2",
    "--max-unavailable",
    "1",
    "--lease-duration",
    "1",
    "--yes",
];

fn code(out: &std::process::Output) -> Option<i32> {
    out.status.code()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_roll_whose_timeout_runs_out_exits_3_and_resumes() {
    let env = fleet(3, 1500, &[]).await;
    let mut a = SLOW_ROLL.to_vec();
    a.extend(["--timeout", "1s"]);
    let out = run(&env.kubeconfig, &a).await;
    assert_eq!(code(&out), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("timed out after 1s"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("roll resume"), "{}", stderr(&out));
    // The rollout stands as it was left; `roll resume` finishes it.
    let out = run(&env.kubeconfig, &["resume", "-l", "app=web"]).await;
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    settled(&env, 3).await;
    let status = run(&env.kubeconfig, &["status", "-l", "app=web"]).await;
    assert_eq!(code(&status), Some(0), "{}", stderr(&status));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollout_aborted_by_the_user_exits_4_for_the_driver_and_for_status() {
    let env = fleet(3, 1500, &[]).await;
    let a = args(&env.kubeconfig, SLOW_ROLL);
    let driver = tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(&a)
            .stdin(Stdio::null())
            .output()
            .expect("run binary")
    });
    eventually("the rollout to start", || async {
        let out = run(&env.kubeconfig, &["status", "-l", "app=web"]).await;
        (code(&out) == Some(0)).then_some(()).ok_or(stderr(&out))
    })
    .await;
    let abort = run(&env.kubeconfig, &["abort", "-l", "app=web"]).await;
    assert_eq!(
        code(&abort),
        Some(0),
        "abort itself succeeds: {}",
        stderr(&abort)
    );
    let out = driver.await.expect("join");
    assert_eq!(code(&out), Some(4), "the driving roll: {}", stderr(&out));
    let status = run(&env.kubeconfig, &["status", "-l", "app=web"]).await;
    assert_eq!(
        code(&status),
        Some(4),
        "roll status of an aborted rollout: {}",
        stderr(&status)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_while_a_roll_waits_exits_4_and_leaves_it_for_resume() {
    let env = fleet(3, 1500, &[]).await;
    let a = args(&env.kubeconfig, SLOW_ROLL);
    let child = Command::new(BIN)
        .args(&a)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    eventually("the rollout to start", || async {
        let out = run(&env.kubeconfig, &["status", "-l", "app=web"]).await;
        (code(&out) == Some(0)).then_some(()).ok_or(stderr(&out))
    })
    .await;
    let pid = child.id().to_string();
    let kill = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(kill.success());
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().expect("wait"))
        .await
        .expect("join");
    assert_eq!(code(&out), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("interrupted: rollout"),
        "{}",
        stderr(&out)
    );
    let out = run(&env.kubeconfig, &["resume", "-l", "app=web"]).await;
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_wait_whose_timeout_runs_out_exits_3() {
    let env = fleet(0, 200, &[]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("vm.yaml");
    std::fs::write(
        &file,
        "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: slow\n  namespace: default\n  annotations:\n    sim.vmmigrate.io/never-ready: \"true\"\nspec:\n  runStrategy: Always\n  template:\n    spec:\n      domain:\n        devices: {}\n        memory:\n          guest: 1Gi\n",
    )
    .expect("write");
    let path = file.display().to_string();
    let kc = env.kubeconfig.display().to_string();
    let a = [
        "--kubeconfig",
        &kc,
        "apply",
        &path,
        "--yes",
        "--wait",
        "--timeout",
        "2s",
    ];
    let a: Vec<String> = a.iter().map(|s| s.to_string()).collect();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(&a)
            .stdin(Stdio::null())
            .output()
            .expect("run")
    })
    .await
    .expect("join");
    assert_eq!(code(&out), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("timed out after 2s waiting for"),
        "{}",
        stderr(&out)
    );
}

/// Runs the binary on a pseudo-terminal (util-linux `script`), answering `answer` to its
/// prompt; None when `script` is missing.
fn on_terminal(a: &[String], answer: &str) -> Option<std::process::Output> {
    if !std::path::Path::new("/usr/bin/script").exists() {
        eprintln!("skipped: /usr/bin/script is missing");
        return None;
    }
    let mut line = BIN.to_string();
    for arg in a {
        line.push(' ');
        line.push_str(arg);
    }
    let mut child = Command::new("/usr/bin/script")
        .args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn script");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(answer.as_bytes());
    }
    Some(child.wait_with_output().expect("wait"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_confirmation_exits_4_for_apply_and_roll() {
    let env = fleet(2, 200, &[]).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("vm.yaml");
    std::fs::write(
        &file,
        "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: asked\n  namespace: default\nspec:\n  runStrategy: Halted\n  template:\n    spec:\n      domain:\n        devices: {}\n        memory:\n          guest: 1Gi\n",
    )
    .expect("write");
    let kc = env.kubeconfig.display().to_string();
    let apply: Vec<String> = ["--kubeconfig", &kc, "apply", &file.display().to_string()]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let Some(out) = tokio::task::spawn_blocking(move || on_terminal(&apply, "n\n"))
        .await
        .expect("join")
    else {
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(code(&out), Some(4), "{text}");
    assert!(text.contains("aborted: nothing was applied"), "{text}");

    let roll: Vec<String> = args(
        &env.kubeconfig,
        &["-l", "app=web", "--set-image", "quay.io/demo/web:2"],
    );
    let out = tokio::task::spawn_blocking(move || on_terminal(&roll, "n\n"))
        .await
        .expect("join")
        .expect("script exists");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(code(&out), Some(4), "{text}");
    assert!(text.contains("cancelled"), "{text}");
}

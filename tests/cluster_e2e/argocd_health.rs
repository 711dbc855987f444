//! Argo CD's own health checks for VirtualMachine, VirtualMachineInstance and DataVolume
//! (`../shared/schemas/argo-cd-v3.5.1/resource_customizations/*/health.lua`), run in a real
//! Lua interpreter: first over their upstream test cases (the harness is faithful), then over
//! the statuses the test cluster's simulator produces, next to what `apply --wait` says about
//! the same VMs (issue 18 item 4: what the plugin calls Ready, stopped, importing or failed
//! must agree with what Argo CD shows, and a VM stopped on purpose must never leave a sync
//! waiting).
//!
//! The harness mirrors Argo CD's `util/lua` runner: the object (YAML parsed to JSON) becomes
//! the global `obj` the way gopher-lua's `decodeValue` builds it (maps and arrays as tables,
//! every number a Lua number, JSON `null` as `nil`, so an absent and a null field read alike);
//! the script's returned table is read as `{status, message}`, a missing message is "" (Go's
//! omitempty), and a status outside Argo CD's set becomes `Unknown` with Argo CD's wording.
//! Lua 5.1 because gopher-lua implements 5.1.

use crate::support;

use crate::apply_env::{env, fast_sim, manifests_run, stderr, Env};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vmmigrate_testcluster::simulator::conditions::IMPORT_ERROR_MESSAGE;
use vmmigrate_testcluster::simulator::{SimConfig, Simulator};
const CUSTOMIZATIONS: &str = "schemas/argo-cd-v3.5.1/resource_customizations";
const VM: &str = "kubevirt.io/VirtualMachine";
const VMI: &str = "kubevirt.io/VirtualMachineInstance";
const DV: &str = "cdi.kubevirt.io/DataVolume";
/// gitops-engine's `HealthStatusCode`s; anything else is reported as Unknown.
const STATUSES: &[&str] = &[
    "Unknown",
    "Progressing",
    "Suspended",
    "Healthy",
    "Degraded",
    "Missing",
];

/// One verdict, as Argo CD shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Health {
    status: String,
    message: String,
}

fn health(status: &str, message: &str) -> Health {
    Health {
        status: status.into(),
        message: message.into(),
    }
}

/// What a sync that spans more than one wave or phase (or has a hook) does with a managed
/// resource's verdict. gitops-engine (`pkg/sync/sync_context.go`) resolves an applied task only
/// on Healthy (succeeded) or Degraded (failed); any other verdict, Suspended included, keeps the
/// operation Running. A single-wave sync without hooks does not wait on health at all.
/// DataVolumes from `dataVolumeTemplates` and VMIs are the VM's children, not sync tasks: only
/// the VM's own verdict counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SyncTask {
    Succeeded,
    Failed,
    Waits,
}

fn sync_task(h: &Health) -> SyncTask {
    match h.status.as_str() {
        "Healthy" => SyncTask::Succeeded,
        "Degraded" => SyncTask::Failed,
        _ => SyncTask::Waits,
    }
}

/// The three scripts, read from `../shared` (None, after SKIPPED, when it is missing outside CI).
struct Scripts {
    dir: PathBuf,
}

impl Scripts {
    fn load(test: &str) -> Option<Self> {
        let dir = support::require_shared(test)?.join(CUSTOMIZATIONS);
        if !dir.join(VM).join("health.lua").is_file() {
            support::skip_or_fail(test, &format!("{} has no {VM}/health.lua", dir.display()));
            return None;
        }
        Some(Scripts { dir })
    }

    fn script(&self, key: &str) -> String {
        let path = self.dir.join(key).join("health.lua");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Argo CD's verdict on `obj` by the script for `key` (e.g. [`VM`]).
    fn verdict(&self, key: &str, obj: &Value) -> Health {
        run_health_lua(&self.script(key), obj).unwrap_or_else(|e| panic!("{key} health.lua: {e}"))
    }
}

/// JSON to Lua as gopher-lua's `decodeValue` in Argo CD does it.
fn to_lua(lua: &mlua::Lua, v: &Value) -> mlua::Result<mlua::Value> {
    Ok(match v {
        Value::Null => mlua::Value::Nil,
        Value::Bool(b) => mlua::Value::Boolean(*b),
        // LNumber is a float64 in gopher-lua: integers too.
        Value::Number(n) => mlua::Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => mlua::Value::String(lua.create_string(s)?),
        Value::Array(items) => {
            let t = lua.create_table_with_capacity(items.len(), 0)?;
            // LTable.Append ignores nil, so a null item is skipped, not a hole.
            for item in items.iter().filter(|i| !i.is_null()) {
                t.raw_push(to_lua(lua, item)?)?;
            }
            mlua::Value::Table(t)
        }
        Value::Object(map) => {
            let t = lua.create_table_with_capacity(0, map.len())?;
            for (k, item) in map {
                t.raw_set(k.as_str(), to_lua(lua, item)?)?;
            }
            mlua::Value::Table(t)
        }
    })
}

/// Runs one health script on one object as Argo CD's `ExecuteHealthLua` does.
fn run_health_lua(script: &str, obj: &Value) -> Result<Health, String> {
    let lua = mlua::Lua::new();
    let value = to_lua(&lua, obj).map_err(|e| e.to_string())?;
    lua.globals().set("obj", value).map_err(|e| e.to_string())?;
    let out: mlua::Value = lua
        .load(script)
        .set_name("health.lua")
        .eval()
        .map_err(|e| e.to_string())?;
    let mlua::Value::Table(t) = out else {
        return Err(format!(
            "expect table output from Lua script, not {}",
            out.type_name()
        ));
    };
    let field = |name: &str| -> Result<String, String> {
        match t.raw_get::<mlua::Value>(name).map_err(|e| e.to_string())? {
            mlua::Value::Nil => Ok(String::new()),
            mlua::Value::String(s) => Ok(s.to_str().map_err(|e| e.to_string())?.to_string()),
            other => Err(format!("{name} is a {}, not a string", other.type_name())),
        }
    };
    let status = field("status")?;
    if !STATUSES.contains(&status.as_str()) {
        return Ok(health("Unknown", "Lua returned an invalid health status"));
    }
    Ok(Health {
        status,
        message: field("message")?,
    })
}

fn yaml_file(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every upstream case of the three scripts gives the status and message its
/// `health_test.yaml` expects, as in Argo CD's `TestLuaHealthScript`.
#[test]
fn upstream_test_cases_pass_in_this_harness() {
    let Some(scripts) = Scripts::load("upstream_test_cases_pass_in_this_harness") else {
        return;
    };
    let mut ran = 0;
    for key in [VM, VMI, DV] {
        let dir = scripts.dir.join(key);
        let cases = yaml_file(&dir.join("health_test.yaml"));
        let cases = cases["tests"].as_array().expect("a tests list");
        assert!(!cases.is_empty(), "{key}: no test cases");
        for case in cases {
            let input = case["inputPath"].as_str().expect("inputPath");
            let want = &case["healthStatus"];
            let want = health(
                want["status"].as_str().unwrap_or(""),
                want["message"].as_str().unwrap_or(""),
            );
            let got = scripts.verdict(key, &yaml_file(&dir.join(input)));
            assert_eq!(got, want, "{key} {input}");
            ran += 1;
        }
    }
    // 5 cases each in v3.5.1: a silently shorter list would hide a missing file.
    assert_eq!(ran, 15);
    // gopher-lua turns a JSON null into nil: `status: null` is "no status", not a crash on
    // indexing a null userdata.
    let null_status = json!({"kind": "VirtualMachine", "status": null});
    assert_eq!(
        scripts.verdict(VM, &null_status),
        health("Progressing", "No status available")
    );
    // A status outside Argo CD's set is Unknown, as in ExecuteHealthLua.
    assert_eq!(
        run_health_lua("return {status='Sleeping'}", &json!({})),
        Ok(health("Unknown", "Lua returned an invalid health status"))
    );
}

// --- Against the test cluster -------------------------------------------------------------

/// The apply tests' environment with the KubeVirt CRDs and a simulator configured by `sim`.
async fn env_with(sim: SimConfig) -> (Env, Simulator) {
    let e = env(true).await;
    let sim = Simulator::start(e.cluster.client(), sim);
    (e, sim)
}

fn phase(o: &Value) -> &str {
    o["status"]["phase"].as_str().unwrap_or("")
}
fn printable(o: &Value) -> &str {
    o["status"]["printableStatus"].as_str().unwrap_or("")
}

/// A running Ready VM and a VM stopped on purpose (`runStrategy: Halted`): the plugin says
/// "ready" and "stopped", Argo CD v3.5.1 Healthy and Suspended. Suspended does NOT end a sync
/// task: with the bundled v3.5.1 script a Halted VM holds a multi-wave or hooked sync open
/// forever (upstream argo-cd#29663; the fix, reading the run strategy, is not in v3.5.1's
/// script). Asserted here so that the wiring of `--gitops argocd` cannot miss it: it must
/// keep such Applications to one wave without hooks, or ship a health override.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_and_halted_vms_read_alike_in_argo_cd() {
    let Some(scripts) = Scripts::load("ready_and_halted_vms_read_alike_in_argo_cd") else {
        return;
    };
    let (e, _sim) = env_with(fast_sim()).await;
    let running = manifests_run(&e, 140, "run01", "Always", &[]);
    let halted = manifests_run(&e, 141, "halt01", "Halted", &[]);
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

    let vm = e.vm("run01").expect("run01");
    assert_eq!(
        scripts.verdict(VM, &vm),
        health("Healthy", "Running"),
        "{vm:#}"
    );
    let vmi = e.vmi("run01").expect("run01's VMI");
    assert_eq!(
        scripts.verdict(VMI, &vmi),
        health("Healthy", "Running"),
        "{vmi:#}"
    );
    let halt = e.vm("halt01").expect("halt01");
    assert_eq!(
        scripts.verdict(VM, &halt),
        health("Suspended", "Stopped"),
        "{halt:#}"
    );
    assert_eq!(sync_task(&scripts.verdict(VM, &vm)), SyncTask::Succeeded);
    // The plugin is done with this VM; a multi-wave sync is not (see above).
    assert_eq!(sync_task(&scripts.verdict(VM, &halt)), SyncTask::Waits);
    assert!(e.vmi("halt01").is_none(), "a Halted VM has no VMI");
    for name in ["run01", "halt01"] {
        let dv = e.dv_of(name).expect("DataVolume");
        assert_eq!(
            scripts.verdict(DV, &dv),
            health("Healthy", "Succeeded"),
            "{dv:#}"
        );
    }
}

/// A VMI through its boot: Pending, Scheduling, Scheduled (Argo CD: Progressing with the
/// phase) and Running with Ready (Healthy). Every status the simulator writes on the way is
/// judged, not only the last.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vmi_phases_read_as_argo_cd_expects() {
    let Some(scripts) = Scripts::load("vmi_phases_read_as_argo_cd_expects") else {
        return;
    };
    let (e, _sim) = env_with(SimConfig {
        boot_time: Duration::from_secs(3),
        import_time: Duration::from_millis(100),
        ..Default::default()
    })
    .await;
    let dir = manifests_run(&e, 142, "boot01", "Always", &[]);
    let out = e.run(&["apply", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut seen: Vec<(String, Health)> = vec![];
    let start = Instant::now();
    while seen.last().map(|(p, _)| p.as_str()) != Some("Running") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "VMI phases seen: {seen:?}"
        );
        if let Some(vmi) = e.vmi("boot01").filter(|v| !phase(v).is_empty()) {
            let p = phase(&vmi).to_string();
            if seen.last().map(|(s, _)| s) != Some(&p) {
                seen.push((p, scripts.verdict(VMI, &vmi)));
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for (p, verdict) in &seen {
        let want = if p == "Running" {
            health("Healthy", "Running")
        } else {
            health("Progressing", p)
        };
        assert_eq!(verdict, &want, "phase {p}; all: {seen:?}");
    }
    // The boot's steps were observed, not only its end (3 s of boot, polled every 20 ms).
    let phases: Vec<&str> = seen.iter().map(|(p, _)| p.as_str()).collect();
    for p in ["Scheduling", "Scheduled", "Running"] {
        assert!(phases.contains(&p), "{phases:?}");
    }
    // virt-controller writes the VM's status after the VMI's (in a later pass, as in
    // KubeVirt): the VM reads Progressing until then, Healthy once it follows.
    let mut verdicts = vec![];
    loop {
        let verdict = scripts.verdict(VM, &e.vm("boot01").expect("boot01"));
        if verdict == health("Healthy", "Running") {
            break;
        }
        assert_eq!(verdict.status, "Progressing", "VM verdicts: {verdicts:?}");
        verdicts.push(verdict);
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the VM never read Healthy; verdicts: {verdicts:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A disk importing and a disk whose import fails: the plugin says "importing disks" and
/// "import failed", Argo CD Progressing and Degraded on the DataVolume (with CDI's message).
/// The VM itself, the only managed resource (the DataVolume is its child), reads Suspended
/// in Argo CD both times (no VMI yet; printableStatus Provisioning, then DataVolumeError): so
/// the Application shows Suspended, not Progressing and then Degraded, and a multi-wave sync
/// waits on the failed import forever where the plugin fails at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importing_and_failed_disks_read_alike_in_argo_cd() {
    let Some(scripts) = Scripts::load("importing_and_failed_disks_read_alike_in_argo_cd") else {
        return;
    };
    let (e, _sim) = env_with(fast_sim()).await;
    let slow = manifests_run(
        &e,
        143,
        "slow01",
        "Always",
        &[("sim.vmmigrate.io/import-seconds", "20")],
    );
    // The plugin: still importing when its wait ends (which import phase it last saw depends
    // on the machine's load; Argo CD's verdict on each is checked below and upstream).
    let out = e.run(&["apply", slow.to_str().unwrap(), "--wait", "--timeout", "3s"]);
    let err = stderr(&out);
    // A timeout is exit 3 (issue 20.4).
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("default/slow01: importing disks ("), "{err}");
    assert!(
        err.contains("timed out after 3s waiting for: default/slow01 (importing disks ("),
        "{err}"
    );
    let dv = e
        .until(Duration::from_secs(30), "slow01's import", |e| {
            e.dv_of("slow01").filter(|d| phase(d) == "ImportInProgress")
        })
        .await;
    assert_eq!(
        scripts.verdict(DV, &dv),
        health("Progressing", "ImportInProgress"),
        "{dv:#}"
    );
    let vm = e.vm("slow01").expect("slow01");
    assert_eq!(printable(&vm), "Provisioning", "{vm:#}");
    assert_eq!(
        scripts.verdict(VM, &vm),
        health("Suspended", "Provisioning")
    );
    assert_eq!(sync_task(&scripts.verdict(VM, &vm)), SyncTask::Waits);

    // Stopped on purpose but its disk still importing: the plugin is not done with it
    // (importing), and KubeVirt says Provisioning, not Stopped, whatever the run strategy.
    let halted = manifests_run(
        &e,
        147,
        "halt02",
        "Halted",
        &[("sim.vmmigrate.io/import-seconds", "20")],
    );
    let out = e.run(&[
        "apply",
        halted.to_str().unwrap(),
        "--wait",
        "--timeout",
        "3s",
    ]);
    let err = stderr(&out);
    // A timeout is exit 3 (issue 20.4).
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("timed out after 3s waiting for: default/halt02 (importing disks ("),
        "{err}"
    );
    let vm = e
        .until(Duration::from_secs(30), "halt02's import", |e| {
            let importing = e
                .dv_of("halt02")
                .is_some_and(|d| phase(&d) == "ImportInProgress");
            e.vm("halt02")
                .filter(|v| importing && printable(v) == "Provisioning")
        })
        .await;
    assert_eq!(
        scripts.verdict(VM, &vm),
        health("Suspended", "Provisioning"),
        "{vm:#}"
    );

    let bad = manifests_run(
        &e,
        144,
        "bad01",
        "Always",
        &[("sim.vmmigrate.io/import-fail", "true")],
    );
    let out = e.run(&["apply", bad.to_str().unwrap(), "--wait", "--timeout", "60s"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let dv = e.dv_of("bad01").expect("bad01's DataVolume");
    let dv_name = dv["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // CDI keeps the phase and says why in the Running condition: Argo CD shows that message,
    // and the plugin's failure names the same disk with the same message.
    assert_eq!(phase(&dv), "ImportInProgress", "{dv:#}");
    assert_eq!(
        scripts.verdict(DV, &dv),
        health("Degraded", IMPORT_ERROR_MESSAGE),
        "{dv:#}"
    );
    assert!(
        err.contains(&format!(
            "virtualmachine.kubevirt.io/bad01 failed: DataVolume {dv_name} import failed: Running Error: {IMPORT_ERROR_MESSAGE}\n"
        )),
        "{err}"
    );
    let vm = e
        .until(Duration::from_secs(10), "bad01's DataVolumeError", |e| {
            e.vm("bad01").filter(|v| printable(v) == "DataVolumeError")
        })
        .await;
    assert_eq!(
        scripts.verdict(VM, &vm),
        health("Suspended", "DataVolumeError")
    );
    // The plugin failed; Argo CD's sync does not (the DataVolume's Degraded is not a task's).
    assert_eq!(sync_task(&scripts.verdict(VM, &vm)), SyncTask::Waits);
}

/// A VM whose boot fails and one that runs but is never Ready: the plugin fails the first
/// (CrashLoopBackOff) and waits out the second; Argo CD shows the failed VMI Degraded, the
/// never-Ready VMI Degraded with the pod's readiness message, and both VMs Progressing
/// (its VM script has no Degraded verdict at all): a multi-wave sync waits on both, which
/// for the crash loop is forever where the plugin fails at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_and_never_ready_boots_read_alike_in_argo_cd() {
    let Some(scripts) = Scripts::load("failed_and_never_ready_boots_read_alike_in_argo_cd") else {
        return;
    };
    let (e, _sim) = env_with(fast_sim()).await;
    let crashy = manifests_run(
        &e,
        145,
        "crashy",
        "Always",
        &[("sim.vmmigrate.io/fail-boot", "true")],
    );
    let out = e.run(&[
        "apply",
        crashy.to_str().unwrap(),
        "--wait",
        "--timeout",
        "60s",
    ]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("virtualmachine.kubevirt.io/crashy failed: CrashLoopBackOff"),
        "{err}"
    );
    // The boot fails again every cycle (the VMI is recreated): each state is awaited on its
    // own, not both in one snapshot, which a pass may never store together.
    let vmi = e
        .until(Duration::from_secs(20), "crashy's failed VMI", |e| {
            e.vmi("crashy").filter(|v| phase(v) == "Failed")
        })
        .await;
    let vm = e
        .until(Duration::from_secs(20), "crashy's CrashLoopBackOff", |e| {
            e.vm("crashy")
                .filter(|v| printable(v) == "CrashLoopBackOff")
        })
        .await;
    assert_eq!(
        scripts.verdict(VMI, &vmi),
        health("Degraded", "Failed"),
        "{vmi:#}"
    );
    assert_eq!(
        scripts.verdict(VM, &vm),
        health("Progressing", "CrashLoopBackOff"),
        "{vm:#}"
    );
    assert_eq!(sync_task(&scripts.verdict(VM, &vm)), SyncTask::Waits);

    let slow = manifests_run(
        &e,
        146,
        "neverready",
        "Always",
        &[("sim.vmmigrate.io/never-ready", "true")],
    );
    let out = e.run(&["apply", slow.to_str().unwrap(), "--wait", "--timeout", "3s"]);
    let err = stderr(&out);
    // A timeout is exit 3 (issue 20.4).
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains("timed out after 3s waiting for: default/neverready"),
        "{err}"
    );
    let vmi = e
        .until(Duration::from_secs(20), "neverready's VMI running", |e| {
            e.vmi("neverready").filter(|v| phase(v) == "Running")
        })
        .await;
    assert_eq!(
        scripts.verdict(VMI, &vmi),
        health("Degraded", "containers with unready status: [compute]"),
        "{vmi:#}"
    );
    let vm = e.vm("neverready").expect("neverready");
    assert_eq!(
        scripts.verdict(VM, &vm),
        health("Progressing", "Running"),
        "{vm:#}"
    );
    // Both wait (the plugin until its --timeout).
    assert_eq!(sync_task(&scripts.verdict(VM, &vm)), SyncTask::Waits);
}

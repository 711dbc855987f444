//! virt-api's VirtualMachine subresources (`PUT /apis/subresources.kubevirt.io/v1/
//! namespaces/NS/virtualmachines/NAME/{start,stop,restart,migrate}`), played as KubeVirt
//! v1.9's `pkg/virt-api/rest/lifecycle.go` plays them: per run strategy, a subresource either
//! switches `spec.runStrategy` (Halted <-> Always), or appends state change requests to
//! `status.stateChangeRequests` for virt-controller (the simulator, `simulator::lifecycle`)
//! to carry out, or refuses with KubeVirt's own words (409 Conflict `Operation cannot be
//! fulfilled on virtualmachine.kubevirt.io "NAME": ...`). The bodies are virtctl's:
//! StartOptions, StopOptions (`gracePeriod`), RestartOptions (`gracePeriodSeconds`),
//! MigrateOptions. `migrate` creates a VirtualMachineInstanceMigration, refused as
//! KubeVirt's `migration-create-validator` webhook refuses it for a VMI whose
//! `LiveMigratable` condition is False.

use crate::registry::ResourceInfo;
use crate::store::{State as Store, WriteCtx};
use crate::util::PointerAt;
use crate::util::{ApiError, ApiResult};
use serde_json::{json, Value};

fn conflict(name: &str, why: &str) -> ApiError {
    ApiError::new(
        409,
        "Conflict",
        format!("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"{name}\": {why}"),
    )
}

fn internal(why: &str) -> ApiError {
    ApiError::new(
        500,
        "InternalError",
        format!("Internal error occurred: {why}"),
    )
}

fn ri(s: &Store, plural: &str) -> ApiResult<ResourceInfo> {
    s.find("kubevirt.io", "v1", plural)
        .cloned()
        .ok_or_else(|| ApiError::not_found(&format!("{plural}.kubevirt.io"), ""))
}

/// KubeVirt's `vm.RunStrategy()`: `spec.runStrategy`, else the legacy `running`.
fn run_strategy(vm: &Value) -> String {
    match (
        vm.pointer_at("/spec/runStrategy").and_then(Value::as_str),
        vm.pointer_at("/spec/running").and_then(Value::as_bool),
    ) {
        (Some(s), _) => s.to_string(),
        (None, Some(true)) => "Always".into(),
        _ => "Halted".into(),
    }
}

/// KubeVirt's `vmi.IsFinal()`.
fn is_final(vmi: &Value) -> bool {
    matches!(
        vmi.pointer_at("/status/phase").and_then(Value::as_str),
        Some("Succeeded" | "Failed")
    )
}

/// The request's options (an empty body is no options; a body that is not JSON is refused
/// as go-restful refuses it).
fn options(body: &[u8]) -> ApiResult<Value> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!(
            "Can not unmarshal Request body to struct, error: {e}"
        ))
    })
}

/// Run one subresource action (the server has authorized `update` on
/// `virtualmachines/<action>` in `subresources.kubevirt.io`).
pub fn act(s: &mut Store, ns: &str, name: &str, action: &str, body: &[u8]) -> ApiResult<()> {
    let opts = options(body)?;
    let vm_ri = ri(s, "virtualmachines")?;
    let vmi_ri = ri(s, "virtualmachineinstances")?;
    let vm = s.get(&vm_ri, Some(ns), name)?;
    let vmi = s.get(&vmi_ri, Some(ns), name).ok();
    let mut ctx = WriteCtx {
        default_manager: "virt-api".into(),
        ..WriteCtx::default()
    };
    match action {
        "start" => start(s, &vm, vmi.as_ref(), name, &mut ctx),
        "stop" => stop(s, &vm, vmi.as_ref(), name, &opts, &mut ctx),
        "restart" => restart(s, &vm, vmi.as_ref(), name, &opts, &mut ctx),
        "migrate" => migrate(s, ns, vmi.as_ref(), name, &opts, &mut ctx),
        _ => Err(ApiError::not_found("virtualmachines/action", action)),
    }
}

/// `spec.runStrategy` (or the legacy `spec.running`) to Always/Halted.
fn set_running(
    s: &mut Store,
    vm: &Value,
    name: &str,
    running: bool,
    ctx: &mut WriteCtx,
) -> ApiResult<()> {
    let vm_ri = ri(s, "virtualmachines")?;
    let ns = vm.pointer_at("/metadata/namespace").and_then(Value::as_str);
    let body = if vm.pointer_at("/spec/runStrategy").is_some() {
        json!({"spec": {"runStrategy": if running { "Always" } else { "Halted" }}})
    } else {
        json!({"spec": {"running": running}})
    };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    s.patch(
        &vm_ri,
        ns,
        name,
        "application/merge-patch+json",
        &bytes,
        None,
        false,
        ctx,
    )?;
    Ok(())
}

/// Append state change requests for virt-controller, as `getChangeRequestJson` does: onto
/// an empty list, or a lone stop replaces what is there; anything else is refused.
fn change_requests(
    s: &mut Store,
    vm: &Value,
    name: &str,
    changes: Vec<Value>,
    ctx: &mut WriteCtx,
) -> ApiResult<()> {
    let existing = vm
        .pointer_at("/status/stateChangeRequests")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let lone_stop = changes.len() == 1 && changes[0]["action"] == "Stop";
    if !existing.is_empty() && !lone_stop {
        return Err(internal(
            "unable to complete request: stop/start already underway",
        ));
    }
    let vm_ri = ri(s, "virtualmachines")?;
    let ns = vm.pointer_at("/metadata/namespace").and_then(Value::as_str);
    let body = json!({"status": {"stateChangeRequests": changes}});
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    s.patch(
        &vm_ri,
        ns,
        name,
        "application/merge-patch+json",
        &bytes,
        Some("status"),
        false,
        ctx,
    )?;
    Ok(())
}

fn stop_request(vmi: &Value) -> Value {
    json!({"action": "Stop", "uid": vmi.pointer_at("/metadata/uid").cloned().unwrap_or(Value::Null)})
}

fn start(
    s: &mut Store,
    vm: &Value,
    vmi: Option<&Value>,
    name: &str,
    ctx: &mut WriteCtx,
) -> ApiResult<()> {
    let phase = vmi
        .and_then(|i| i.pointer_at("/status/phase"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if vmi.is_some_and(|i| !is_final(i)) && !phase.is_empty() && phase != "Unknown" {
        return Err(conflict(name, "VM is already running"));
    }
    match run_strategy(vm).as_str() {
        "Halted" => set_running(s, vm, name, true, ctx),
        strategy @ ("RerunOnFailure" | "Manual") => {
            if strategy == "RerunOnFailure" && phase == "Failed" {
                return Err(conflict(
                    name,
                    "RerunOnFailure does not support starting VM from failed state",
                ));
            }
            let needs_restart = match vmi {
                Some(i) if strategy == "RerunOnFailure" => phase == "Succeeded" && !i.is_null(),
                Some(i) => is_final(i),
                None => false,
            };
            let mut changes = vec![];
            if let (true, Some(i)) = (needs_restart, vmi) {
                changes.push(stop_request(i));
            }
            changes.push(json!({"action": "Start"}));
            change_requests(s, vm, name, changes, ctx)
        }
        other => Err(conflict(
            name,
            &format!("{other} does not support manual start requests"),
        )),
    }
}

fn stop(
    s: &mut Store,
    vm: &Value,
    vmi: Option<&Value>,
    name: &str,
    opts: &Value,
    ctx: &mut WriteCtx,
) -> ApiResult<()> {
    let grace = opts.get("gracePeriod").and_then(Value::as_i64);
    let alive = vmi.filter(|i| !is_final(i));
    let old_grace = alive
        .and_then(|i| i.pointer_at("/spec/terminationGracePeriodSeconds"))
        .and_then(Value::as_i64);
    if let (Some(i), Some(g)) = (alive, grace) {
        // The shorter grace period reaches the running instance first.
        let vmi_ri = ri(s, "virtualmachineinstances")?;
        let ns = i.pointer_at("/metadata/namespace").and_then(Value::as_str);
        let bytes = serde_json::to_vec(&json!({"spec": {"terminationGracePeriodSeconds": g}}))
            .unwrap_or_default();
        s.patch(
            &vmi_ri,
            ns,
            name,
            "application/merge-patch+json",
            &bytes,
            None,
            false,
            ctx,
        )?;
    }
    match run_strategy(vm).as_str() {
        "Halted" => {
            let Some(i) = alive else {
                return Err(conflict(name, "VM is not running"));
            };
            if grace.is_none() || (old_grace.is_some() && grace >= old_grace) {
                return Err(conflict(
                    name,
                    "Halted only supports manual stop requests with a shorter graceperiod",
                ));
            }
            change_requests(s, vm, name, vec![stop_request(i)], ctx)
        }
        "RerunOnFailure" | "Manual" => {
            let Some(i) = alive else {
                return Err(conflict(name, "VM is not running"));
            };
            change_requests(s, vm, name, vec![stop_request(i)], ctx)
        }
        _ => set_running(s, vm, name, false, ctx),
    }
}

fn restart(
    s: &mut Store,
    vm: &Value,
    vmi: Option<&Value>,
    name: &str,
    opts: &Value,
    ctx: &mut WriteCtx,
) -> ApiResult<()> {
    match opts.get("gracePeriodSeconds").and_then(Value::as_i64) {
        Some(g) if g > 0 => {
            return Err(ApiError::bad_request(
                "For force restart, only gracePeriod=0 is supported for now",
            ))
        }
        Some(g) if g < 0 => {
            return Err(ApiError::bad_request(
                "gracePeriod has to be greater or equal to 0",
            ))
        }
        _ => {}
    }
    let strategy = run_strategy(vm);
    if strategy == "Halted" || strategy == "Once" {
        // (sic: KubeVirt's message spells it "RunStategy".)
        return Err(conflict(
            name,
            &format!("RunStategy {strategy} does not support manual restart requests"),
        ));
    }
    let Some(i) = vmi else {
        return Err(conflict(name, "VM is not running: Halted"));
    };
    change_requests(
        s,
        vm,
        name,
        vec![stop_request(i), json!({"action": "Start"})],
        ctx,
    )
}

fn migrate(
    s: &mut Store,
    ns: &str,
    vmi: Option<&Value>,
    name: &str,
    opts: &Value,
    ctx: &mut WriteCtx,
) -> ApiResult<()> {
    let Some(i) = vmi else {
        return Err(ApiError::not_found(
            "virtualmachineinstances.kubevirt.io",
            name,
        ));
    };
    if i.pointer_at("/status/phase").and_then(Value::as_str) != Some("Running") {
        return Err(conflict(name, "VM is not running"));
    }
    // migration-create-validator.kubevirt.io, reached through virt-api's client.
    let refused = i
        .pointer_at("/status/conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|c| c["type"] == "LiveMigratable" && c["status"] == "False");
    if let Some(c) = refused {
        return Err(internal(&format!(
            "admission webhook \"migration-create-validator.kubevirt.io\" denied the request: Cannot migrate VMI, Reason: {}, Message: {}",
            c["reason"].as_str().unwrap_or(""),
            c["message"].as_str().unwrap_or("")
        )));
    }
    let ms = i.pointer_at("/status/migrationState");
    let flag = |k: &str| ms.and_then(|m| m.get(k)).and_then(Value::as_bool) == Some(true);
    if ms.is_some_and(|m| m.get("migrationUid").is_some()) && !flag("completed") && !flag("failed")
    {
        return Err(internal(&format!(
            "admission webhook \"migration-create-validator.kubevirt.io\" denied the request: in-flight migration detected. Active migration job ({}) is currently already in progress for VMI {name}.",
            ms.and_then(|m| m.get("migrationUid")).and_then(Value::as_str).unwrap_or("")
        )));
    }
    let vmim_ri = ri(s, "virtualmachineinstancemigrations")?;
    let mut spec = json!({"vmiName": name});
    if let Some(sel) = opts.get("addedNodeSelector") {
        spec["addedNodeSelector"] = sel.clone();
    }
    let m = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstanceMigration",
        "metadata": {"generateName": "kubevirt-migrate-vm-", "labels": {"kubevirt.io/vmi-name": name}},
        "spec": spec});
    s.create(&vmim_ri, Some(ns), m, ctx).map(|_| ())
}

//! The disruption ladder: the least disruptive action that brings one VM from its current
//! object to its target object, decided from the diff alone (as GCE managed instance groups
//! decide between refresh, restart and replace).
//!
//! `none` < `live` < `restart` < `replace`. `live` is what KubeVirt's LiveUpdate rollout
//! strategy applies to a running VM: CPU sockets up to `maxSockets`, guest memory up to
//! `maxGuest`, and hot-pluggable volumes and interfaces. Any other template change needs a
//! restart. `replace` is never needed by a diff; it is chosen with `--min-action replace`.

use serde_json::Value;
use std::fmt;
use std::str::FromStr;

/// One rung of the ladder, ordered from least to most disruptive.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Labels and annotations only: nothing restarts.
    None,
    /// Applied to the running VM (hot-plug) by KubeVirt.
    Live,
    /// New template, then the VM restarts.
    Restart,
    /// A new VM from the new template; the old one is deleted once the new one is healthy.
    Replace,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Live => "live",
            Level::Restart => "restart",
            Level::Replace => "replace",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "none" => Ok(Level::None),
            "live" => Ok(Level::Live),
            "restart" => Ok(Level::Restart),
            "replace" => Ok(Level::Replace),
            _ => Err(format!(
                "{s:?} is not an action; use none, live, restart or replace"
            )),
        }
    }
}

/// Annotations this tool writes for itself; a difference in them is never a change.
pub const OWN_PREFIX: &str = "vmmigrate.io/rollout-";

/// The level needed to go from `current` to `target` (whole VirtualMachine objects), or
/// `None` when nothing differs. `running` says whether the VM has a running instance: a
/// stopped VM takes any template change without disruption.
pub fn decide(current: &Value, target: &Value, running: bool) -> Option<Level> {
    let meta = |v: &Value, key: &str| {
        let mut m = v
            .pointer(&format!("/metadata/{key}"))
            .cloned()
            .unwrap_or(Value::Null);
        if let Some(o) = m.as_object_mut() {
            o.retain(|k, _| !k.starts_with(OWN_PREFIX));
            if o.is_empty() {
                m = Value::Null;
            }
        }
        m
    };
    let spec_cur = current.get("spec").cloned().unwrap_or(Value::Null);
    let spec_tgt = target.get("spec").cloned().unwrap_or(Value::Null);
    let meta_changed = meta(current, "labels") != meta(target, "labels")
        || meta(current, "annotations") != meta(target, "annotations");
    if spec_cur == spec_tgt {
        return meta_changed.then_some(Level::None);
    }
    // runStrategy and the like live outside the template; changing only those is not a
    // template change, KubeVirt acts on it by itself.
    let tpl = |s: &Value| s.get("template").cloned().unwrap_or(Value::Null);
    let refs = |s: &Value| {
        (
            s.get("instancetype").cloned(),
            s.get("preference").cloned(),
            s.get("dataVolumeTemplates").cloned(),
        )
    };
    if tpl(&spec_cur) == tpl(&spec_tgt) && refs(&spec_cur) == refs(&spec_tgt) {
        return Some(Level::None);
    }
    if !running {
        return Some(Level::None);
    }
    if refs(&spec_cur) != refs(&spec_tgt) {
        return Some(Level::Restart);
    }
    let (a, b) = (tpl(&spec_cur), tpl(&spec_tgt));
    if a.get("metadata") != b.get("metadata") {
        // Template labels and annotations reach the VMI only when it is created.
        return Some(Level::Restart);
    }
    if live_updatable(
        a.get("spec").unwrap_or(&Value::Null),
        b.get("spec").unwrap_or(&Value::Null),
    ) {
        Some(Level::Live)
    } else {
        Some(Level::Restart)
    }
}

/// Whether KubeVirt's LiveUpdate can bring template spec `a` to `b` on a running VM.
fn live_updatable(a: &Value, b: &Value) -> bool {
    // Sockets and guest memory: within the maxima the running VM was started with (KubeVirt
    // defaults them to 4x the boot value), and the maxima themselves must not change.
    let sockets = |s: &Value| s.pointer("/domain/cpu/sockets").and_then(Value::as_u64);
    let max_sockets = |s: &Value| {
        s.pointer("/domain/cpu/maxSockets")
            .and_then(Value::as_u64)
            .or_else(|| sockets(s).map(|n| n.saturating_mul(4)))
    };
    if sockets(a) != sockets(b) {
        match (sockets(b), max_sockets(a)) {
            (Some(want), Some(max)) if want <= max => {}
            _ => return false,
        }
    }
    let guest = |s: &Value| {
        s.pointer("/domain/memory/guest")
            .and_then(Value::as_str)
            .and_then(quantity_bytes)
    };
    let max_guest = |s: &Value| {
        s.pointer("/domain/memory/maxGuest")
            .and_then(Value::as_str)
            .and_then(quantity_bytes)
            .or_else(|| guest(s).map(|g| g.saturating_mul(4)))
    };
    if guest(a) != guest(b) {
        match (guest(b), max_guest(a)) {
            (Some(want), Some(max)) if want <= max => {}
            _ => return false,
        }
    }
    // Hot-plug: volumes and interfaces may be added or removed when everything else about
    // the domain stays the same; anything else that differs needs a restart.
    strip_live(a) == strip_live(b)
}

/// The template spec without what LiveUpdate changes in place.
fn strip_live(spec: &Value) -> Value {
    let mut s = spec.clone();
    if let Some(cpu) = s.pointer_mut("/domain/cpu").and_then(Value::as_object_mut) {
        cpu.remove("sockets");
    }
    if let Some(mem) = s
        .pointer_mut("/domain/memory")
        .and_then(Value::as_object_mut)
    {
        mem.remove("guest");
    }
    // Hot-plugged volumes carry their disk with them; the set of other volumes must stay.
    let hotplug_disks: Vec<String> = s
        .get("volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|v| is_hotpluggable_volume(v))
        .filter_map(|v| v.get("name").and_then(Value::as_str).map(str::to_string))
        .collect();
    if let Some(vols) = s.get_mut("volumes").and_then(Value::as_array_mut) {
        vols.retain(|v| !is_hotpluggable_volume(v));
    }
    if let Some(disks) = s
        .pointer_mut("/domain/devices/disks")
        .and_then(Value::as_array_mut)
    {
        disks.retain(|d| {
            !d.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| hotplug_disks.iter().any(|h| h == n))
        });
    }
    // Bridge interfaces on Multus networks are hot-pluggable (KubeVirt >= 1.1).
    let hot_nics: Vec<String> = s
        .get("networks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|n| n.get("multus").is_some())
        .filter_map(|n| n.get("name").and_then(Value::as_str).map(str::to_string))
        .collect();
    let is_hot_nic = |i: &Value| {
        i.get("bridge").is_some()
            && i.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| hot_nics.iter().any(|h| h == n))
    };
    if let Some(ifs) = s
        .pointer_mut("/domain/devices/interfaces")
        .and_then(Value::as_array_mut)
    {
        ifs.retain(|i| !is_hot_nic(i));
    }
    if let Some(nets) = s.get_mut("networks").and_then(Value::as_array_mut) {
        nets.retain(|n| {
            !n.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| hot_nics.iter().any(|h| h == n))
        });
    }
    // An emptied list and a missing one mean the same.
    for p in ["/domain/devices/interfaces", "/domain/devices/disks"] {
        if s.pointer(p)
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            if let Some(d) = s
                .pointer_mut("/domain/devices")
                .and_then(Value::as_object_mut)
            {
                d.remove(&p[16..]);
            }
        }
    }
    for k in ["networks", "volumes"] {
        if s.get(k)
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            if let Some(o) = s.as_object_mut() {
                o.remove(k);
            }
        }
    }
    s
}

fn is_hotpluggable_volume(v: &Value) -> bool {
    v.pointer("/dataVolume/hotpluggable") == Some(&Value::Bool(true))
        || v.pointer("/persistentVolumeClaim/hotpluggable") == Some(&Value::Bool(true))
}

/// Kubernetes quantity to bytes (binary and decimal suffixes); None when unparsable.
pub fn quantity_bytes(q: &str) -> Option<u128> {
    let q = q.trim();
    let split = q.find(|c: char| !c.is_ascii_digit()).unwrap_or(q.len());
    let (num, suf) = q.split_at(split);
    let n: u128 = num.parse().ok()?;
    let mult: u128 = match suf {
        "" => 1,
        "Ki" => 1 << 10,
        "Mi" => 1 << 20,
        "Gi" => 1 << 30,
        "Ti" => 1 << 40,
        "k" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        _ => return None,
    };
    n.checked_mul(mult)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vm(spec: Value) -> Value {
        json!({"metadata": {"name": "a", "labels": {"app": "web"}}, "spec": {"runStrategy": "Always", "template": {"spec": spec}}})
    }
    fn base() -> Value {
        json!({"domain": {"cpu": {"sockets": 2, "cores": 1}, "memory": {"guest": "2Gi"}, "devices": {"disks": [{"name": "root", "disk": {"bus": "virtio"}}]}},
               "volumes": [{"name": "root", "containerDisk": {"image": "quay.io/a:1"}}]})
    }

    #[test]
    fn unchanged_is_none_and_own_annotations_are_ignored() {
        let a = vm(base());
        let mut b = a.clone();
        b["metadata"]["annotations"] = json!({"vmmigrate.io/rollout-revision": "3"});
        assert_eq!(decide(&a, &b, true), None);
    }

    #[test]
    fn metadata_only_is_none() {
        let a = vm(base());
        let mut b = a.clone();
        b["metadata"]["labels"]["tier"] = json!("gold");
        assert_eq!(decide(&a, &b, true), Some(Level::None));
    }

    #[test]
    fn memory_and_sockets_within_maxima_are_live() {
        let a = vm(base());
        let mut b = a.clone();
        b["spec"]["template"]["spec"]["domain"]["memory"]["guest"] = json!("4Gi");
        b["spec"]["template"]["spec"]["domain"]["cpu"]["sockets"] = json!(4);
        assert_eq!(decide(&a, &b, true), Some(Level::Live));
        // Beyond the default 4x maximum: restart.
        b["spec"]["template"]["spec"]["domain"]["memory"]["guest"] = json!("16Gi");
        assert_eq!(decide(&a, &b, true), Some(Level::Restart));
        // Explicit maxima win over the default.
        let mut a2 = a.clone();
        a2["spec"]["template"]["spec"]["domain"]["memory"]["maxGuest"] = json!("32Gi");
        b["spec"]["template"]["spec"]["domain"]["memory"]["maxGuest"] = json!("32Gi");
        assert_eq!(decide(&a2, &b, true), Some(Level::Live));
    }

    #[test]
    fn cores_and_images_need_restart_unless_stopped() {
        let a = vm(base());
        let mut b = a.clone();
        b["spec"]["template"]["spec"]["domain"]["cpu"]["cores"] = json!(2);
        assert_eq!(decide(&a, &b, true), Some(Level::Restart));
        assert_eq!(decide(&a, &b, false), Some(Level::None));
        let mut c = a.clone();
        c["spec"]["template"]["spec"]["volumes"][0]["containerDisk"]["image"] =
            json!("quay.io/a:2");
        assert_eq!(decide(&a, &c, true), Some(Level::Restart));
        let mut d = a.clone();
        d["spec"]["template"]["metadata"] = json!({"labels": {"x": "y"}});
        assert_eq!(decide(&a, &d, true), Some(Level::Restart));
    }

    #[test]
    fn hotplug_volume_and_bridge_nic_are_live() {
        let a = vm(base());
        let mut b = a.clone();
        b["spec"]["template"]["spec"]["volumes"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "data", "dataVolume": {"name": "data", "hotpluggable": true}}));
        b["spec"]["template"]["spec"]["domain"]["devices"]["disks"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "data", "disk": {"bus": "scsi"}}));
        assert_eq!(decide(&a, &b, true), Some(Level::Live));
        let mut c = a.clone();
        c["spec"]["template"]["spec"]["networks"] =
            json!([{"name": "vlan", "multus": {"networkName": "vlan10"}}]);
        c["spec"]["template"]["spec"]["domain"]["devices"]["interfaces"] =
            json!([{"name": "vlan", "bridge": {}}]);
        assert_eq!(decide(&a, &c, true), Some(Level::Live));
    }

    #[test]
    fn run_strategy_alone_is_not_a_template_change() {
        let a = vm(base());
        let mut b = a.clone();
        b["spec"]["runStrategy"] = json!("Manual");
        assert_eq!(decide(&a, &b, true), Some(Level::None));
    }

    #[test]
    fn levels_parse_and_order() {
        assert!(Level::None < Level::Live && Level::Live < Level::Restart);
        assert!(Level::Restart < Level::Replace);
        assert_eq!("replace".parse(), Ok(Level::Replace));
        assert!("reboot".parse::<Level>().is_err());
        assert_eq!(quantity_bytes("2Gi"), Some(2 << 30));
        assert_eq!(quantity_bytes("1.5Gi"), None);
    }
}

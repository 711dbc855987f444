//! ResourceQuota as kube-apiserver's quota admission plugin and kube-controller-manager's quota
//! controller handle it: `status.hard` is `spec.hard`, `status.used` is recomputed after every
//! write from the objects in the namespace, and a create (or a server-side apply that creates)
//! that would take any tracked resource above its hard limit is refused with 403 and the real
//! text: `<resource> "<name>" is forbidden: exceeded quota: <quota>, requested: <r>=<n>, used:
//! <r>=<n>, limited: <r>=<n>` (resource names sorted, joined with `,`).
//!
//! Tracked: object counts `count/<resource>[.<group>]` for every kind, the legacy counts
//! `pods`, `services`, `secrets`, `configmaps`, `persistentvolumeclaims`,
//! `replicationcontrollers`, `resourcequotas`, and PVC storage `requests.storage`,
//! `<class>.storageclass.storage.k8s.io/requests.storage` and
//! `<class>.storageclass.storage.k8s.io/persistentvolumeclaims`. Not tracked: pod
//! cpu/memory, quota scopes and scope selectors, updates that grow a PVC.

use crate::registry::ResourceInfo;
use crate::store::{State, WriteCtx};
use crate::util::ApiError;
use crate::util::PointerAt;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const LEGACY_COUNTS: &[&str] = &[
    "configmaps",
    "persistentvolumeclaims",
    "pods",
    "replicationcontrollers",
    "resourcequotas",
    "secrets",
    "services",
];

/// A quantity in thousandths of its unit (`"10Gi"`, `"5"`, `"500m"`, `"1e3"`).
pub fn parse_quantity(s: &str) -> Option<i128> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (number, suffix) = s.split_at(split);
    let (int_part, frac_part) = number.split_once('.').unwrap_or((number, ""));
    let int: i128 = if int_part.is_empty() || int_part == "+" {
        0
    } else {
        int_part.parse().ok()?
    };
    // Thousandths of the number itself (fractions beyond them are dropped).
    let mut frac_milli: i128 = 0;
    for (i, c) in frac_part.chars().take(3).enumerate() {
        let d = i128::from(c.to_digit(10)?);
        frac_milli = frac_milli.checked_add(d.checked_mul(10i128.pow(2 - i as u32))?)?;
    }
    let base = int.checked_mul(1000)?.checked_add(frac_milli)?;
    let (num, den): (i128, i128) = match suffix {
        "" => (1, 1),
        "m" => (1, 1000),
        "k" => (1_000, 1),
        "M" => (1_000_000, 1),
        "G" => (1_000_000_000, 1),
        "T" => (1_000_000_000_000, 1),
        "P" => (1_000_000_000_000_000, 1),
        "E" => (1_000_000_000_000_000_000, 1),
        "Ki" => (1 << 10, 1),
        "Mi" => (1 << 20, 1),
        "Gi" => (1 << 30, 1),
        "Ti" => (1 << 40, 1),
        "Pi" => (1 << 50, 1),
        "Ei" => (1 << 60, 1),
        e if e.starts_with(['e', 'E']) => {
            let exp: u32 = e[1..].parse().ok()?;
            (10i128.checked_pow(exp)?, 1)
        }
        _ => return None,
    };
    base.checked_mul(num).map(|v| v / den)
}

/// A quantity as the quota controller prints it: whole numbers plainly, byte counts with the
/// largest binary suffix that divides them, fractions in `m`.
pub fn format_quantity(milli: i128) -> String {
    if milli % 1000 != 0 {
        return format!("{milli}m");
    }
    let v = milli / 1000;
    if v == 0 {
        return "0".into();
    }
    for (shift, suffix) in [
        (60, "Ei"),
        (50, "Pi"),
        (40, "Ti"),
        (30, "Gi"),
        (20, "Mi"),
        (10, "Ki"),
    ] {
        let unit = 1i128 << shift;
        if v % unit == 0 && v.abs() >= unit {
            return format!("{}{suffix}", v / unit);
        }
    }
    v.to_string()
}

/// Counted usage is printed as a plain number, storage as a quantity.
fn show(name: &str, milli: i128) -> String {
    if name.ends_with("storage") {
        format_quantity(milli)
    } else {
        (milli / 1000).to_string()
    }
}

/// What one object adds to each quota resource name (thousandths).
fn usage(group: &str, plural: &str, obj: &Value) -> Vec<(String, i128)> {
    if group.is_empty() && plural == "pods" {
        let phase = obj.pointer_at("/status/phase").and_then(Value::as_str);
        if matches!(phase, Some("Succeeded" | "Failed")) {
            return vec![];
        }
    }
    let count = if group.is_empty() {
        format!("count/{plural}")
    } else {
        format!("count/{plural}.{group}")
    };
    let mut out = vec![(count, 1000)];
    if group.is_empty() && LEGACY_COUNTS.contains(&plural) {
        out.push((plural.to_string(), 1000));
    }
    if group.is_empty() && plural == "persistentvolumeclaims" {
        let storage = obj
            .pointer_at("/spec/resources/requests/storage")
            .and_then(Value::as_str)
            .and_then(parse_quantity)
            .unwrap_or(0);
        out.push(("requests.storage".into(), storage));
        if let Some(class) = obj
            .pointer_at("/spec/storageClassName")
            .and_then(Value::as_str)
        {
            let prefix = format!("{class}.storageclass.storage.k8s.io/");
            out.push((format!("{prefix}requests.storage"), storage));
            out.push((format!("{prefix}persistentvolumeclaims"), 1000));
        }
    }
    out
}

fn quotas_in(state: &State, ns: &str) -> Vec<Value> {
    state
        .objects
        .get(&(String::new(), "resourcequotas".to_string()))
        .map(|m| {
            m.iter()
                .filter(|((n, _), _)| n == ns)
                .map(|(_, q)| q.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Total usage of every quota resource name in a namespace.
fn namespace_usage(state: &State, ns: &str) -> BTreeMap<String, i128> {
    let mut total: BTreeMap<String, i128> = BTreeMap::new();
    for ((group, plural), objects) in &state.objects {
        for ((ons, _), obj) in objects {
            if ons != ns {
                continue;
            }
            for (name, n) in usage(group, plural, obj) {
                let e = total.entry(name).or_insert(0);
                *e = e.saturating_add(n);
            }
        }
    }
    total
}

fn hard(quota: &Value) -> BTreeMap<String, i128> {
    quota
        .pointer_at("/spec/hard")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| {
            let q = match v {
                Value::String(s) => parse_quantity(s),
                Value::Number(n) => n.as_i64().map(|n| i128::from(n) * 1000),
                _ => None,
            };
            q.map(|q| (k.clone(), q))
        })
        .collect()
}

fn join(items: &[(String, i128)]) -> String {
    items
        .iter()
        .map(|(k, v)| format!("{k}={}", show(k, *v)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Quota admission for creating `obj` in `ns`: the first quota it would exceed, as a 403.
pub fn admit(
    state: &State,
    ri: &ResourceInfo,
    ns: Option<&str>,
    obj: &Value,
) -> Result<(), ApiError> {
    let Some(ns) = ns.filter(|_| ri.namespaced) else {
        return Ok(());
    };
    let quotas = quotas_in(state, ns);
    if quotas.is_empty() {
        return Ok(());
    }
    let requested = usage(&ri.group, &ri.plural, obj);
    let used = namespace_usage(state, ns);
    for quota in &quotas {
        let limits = hard(quota);
        let mut failed_requested = vec![];
        let mut failed_used = vec![];
        let mut failed_hard = vec![];
        let mut names: Vec<&(String, i128)> = requested
            .iter()
            .filter(|(n, _)| limits.contains_key(n))
            .collect();
        names.sort();
        for (name, n) in names {
            let now = used.get(name).copied().unwrap_or(0);
            let limit = limits.get(name).copied().unwrap_or(0);
            if now.saturating_add(*n) > limit {
                failed_requested.push((name.clone(), *n));
                failed_used.push((name.clone(), now));
                failed_hard.push((name.clone(), limit));
            }
        }
        if failed_requested.is_empty() {
            continue;
        }
        let quota_name = quota
            .pointer_at("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("");
        let obj_name = obj
            .pointer_at("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("");
        let subject = if obj_name.is_empty() {
            format!("{} is forbidden", ri.qualified())
        } else {
            format!("{} \"{obj_name}\" is forbidden", ri.qualified())
        };
        let mut e = ApiError::new(
            403,
            "Forbidden",
            format!(
                "{subject}: exceeded quota: {quota_name}, requested: {}, used: {}, limited: {}",
                join(&failed_requested),
                join(&failed_used),
                join(&failed_hard)
            ),
        );
        e.details = Some(json!({"name": obj_name, "group": ri.group, "kind": ri.plural}));
        return Err(e);
    }
    Ok(())
}

/// The quota controller's pass, run after every write: every quota's `status.hard` and
/// `status.used` brought up to date (written only when they changed).
pub fn after_write(state: &mut State) {
    let Some(ri) = state.find("", "v1", "resourcequotas").cloned() else {
        return;
    };
    let quotas: Vec<Value> = state
        .objects
        .get(&(String::new(), "resourcequotas".to_string()))
        .map(|m| m.values().cloned().collect())
        .unwrap_or_default();
    let mut usage_by_ns: BTreeMap<String, BTreeMap<String, i128>> = BTreeMap::new();
    for quota in quotas {
        let ns = quota
            .pointer_at("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let total = usage_by_ns
            .entry(ns.clone())
            .or_insert_with(|| namespace_usage(state, &ns))
            .clone();
        let spec_hard = quota.pointer_at("/spec/hard").cloned().unwrap_or(json!({}));
        let mut used = Map::new();
        for name in hard(&quota).keys() {
            let n = total.get(name).copied().unwrap_or(0);
            used.insert(name.clone(), json!(show(name, n)));
        }
        let status = json!({"hard": spec_hard, "used": used});
        if quota.get("status") == Some(&status) {
            continue;
        }
        let name = quota
            .pointer_at("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let mut updated = quota.clone();
        updated["status"] = status;
        let mut ctx = WriteCtx {
            untracked: true,
            default_manager: "kube-controller-manager".into(),
            ..Default::default()
        };
        let _ = state.update(&ri, Some(&ns), &name, updated, Some("status"), &mut ctx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_and_print_like_kubernetes() {
        assert_eq!(parse_quantity("10Gi"), Some(10 * (1 << 30) * 1000));
        assert_eq!(parse_quantity("5"), Some(5000));
        assert_eq!(parse_quantity("500m"), Some(500));
        assert_eq!(parse_quantity("1.5k"), Some(1_500_000));
        assert_eq!(parse_quantity("1e3"), Some(1_000_000));
        assert_eq!(parse_quantity("x"), None);
        assert_eq!(format_quantity(15 * (1 << 30) * 1000), "15Gi");
        assert_eq!(format_quantity(0), "0");
        assert_eq!(format_quantity(1_500_000), "1500");
    }

    #[test]
    fn a_pvc_counts_as_object_claim_and_storage() {
        let pvc = json!({"spec": {"storageClassName": "fast", "resources": {"requests": {"storage": "1Gi"}}}});
        let u = usage("", "persistentvolumeclaims", &pvc);
        let names: Vec<&str> = u.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "count/persistentvolumeclaims",
                "persistentvolumeclaims",
                "requests.storage",
                "fast.storageclass.storage.k8s.io/requests.storage",
                "fast.storageclass.storage.k8s.io/persistentvolumeclaims"
            ]
        );
        let vm = usage("kubevirt.io", "virtualmachines", &json!({}));
        assert_eq!(
            vm,
            [("count/virtualmachines.kubevirt.io".to_string(), 1000)]
        );
    }
}

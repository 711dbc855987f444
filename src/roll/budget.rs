//! Rollout budgets: `--max-unavailable` / `--max-surge` as a count or a percentage of the
//! group, resolved the way Deployments resolve them (unavailable rounds down, surge rounds
//! up, and both zero would deadlock so unavailable becomes 1).

use std::fmt;
use std::str::FromStr;

/// A count or a percentage of the group size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IntOrPercent {
    Count(u32),
    Percent(u32),
}

impl IntOrPercent {
    /// The absolute value for a group of `total`; percentages round up or down.
    pub fn resolve(self, total: u32, round_up: bool) -> u32 {
        match self {
            IntOrPercent::Count(n) => n,
            IntOrPercent::Percent(p) => {
                let scaled = u64::from(p) * u64::from(total);
                let v = if round_up {
                    scaled.div_ceil(100)
                } else {
                    scaled / 100
                };
                u32::try_from(v).unwrap_or(u32::MAX)
            }
        }
    }
}

impl fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrPercent::Count(n) => write!(f, "{n}"),
            IntOrPercent::Percent(p) => write!(f, "{p}%"),
        }
    }
}

impl FromStr for IntOrPercent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a count (e.g. 2) or a percentage (e.g. 25%)");
        match s.strip_suffix('%') {
            Some(p) => {
                let p: u32 = p.parse().map_err(|_| bad())?;
                if p > 100 {
                    return Err(format!("{s:?}: a percentage cannot exceed 100%"));
                }
                Ok(IntOrPercent::Percent(p))
            }
            None => s.parse().map(IntOrPercent::Count).map_err(|_| bad()),
        }
    }
}

/// Both budgets resolved for one group size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub max_unavailable: u32,
    pub max_surge: u32,
}

impl Budget {
    pub fn resolve(max_unavailable: IntOrPercent, max_surge: IntOrPercent, total: u32) -> Self {
        let mut u = max_unavailable.resolve(total, false);
        let s = max_surge.resolve(total, true);
        if u == 0 && s == 0 {
            u = 1;
        }
        Budget {
            max_unavailable: u,
            max_surge: s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_counts_and_percentages() {
        assert_eq!("3".parse(), Ok(IntOrPercent::Count(3)));
        assert_eq!("25%".parse(), Ok(IntOrPercent::Percent(25)));
        assert!("x%".parse::<IntOrPercent>().is_err());
        assert!("101%".parse::<IntOrPercent>().is_err());
        assert!("-1".parse::<IntOrPercent>().is_err());
    }

    #[test]
    fn percentages_round_like_deployments() {
        let b = Budget::resolve(IntOrPercent::Percent(25), IntOrPercent::Percent(25), 10);
        assert_eq!(b.max_unavailable, 2);
        assert_eq!(b.max_surge, 3);
        let b = Budget::resolve(IntOrPercent::Percent(10), IntOrPercent::Count(0), 5);
        assert_eq!(b.max_unavailable, 1, "0 and 0 would never progress");
        let b = Budget::resolve(IntOrPercent::Count(0), IntOrPercent::Count(1), 5);
        assert_eq!((b.max_unavailable, b.max_surge), (0, 1));
    }
}

/// Room a namespace's ResourceQuotas (`status.hard` / `status.used`, as the quota controller
/// writes them) leave for `vms` more VirtualMachines of `memory_bytes` guest memory each:
/// None when there is room, else a sentence saying which quota is short.
pub fn quota_shortfall(
    quotas: &[serde_json::Value],
    vms: u64,
    memory_bytes: u128,
) -> Option<String> {
    use serde_json::Value;
    for q in quotas {
        let name = q
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("?");
        let hard = q
            .pointer("/status/hard")
            .or_else(|| q.pointer("/spec/hard"));
        let Some(hard) = hard.and_then(Value::as_object) else {
            continue;
        };
        let used = q.pointer("/status/used").and_then(Value::as_object);
        let get = |m: Option<&serde_json::Map<String, Value>>, k: &str| {
            m.and_then(|m| m.get(k))
                .and_then(Value::as_str)
                .and_then(super::ladder::quantity_bytes)
        };
        for (key, need, what) in [
            (
                "count/virtualmachines.kubevirt.io",
                u128::from(vms),
                "VirtualMachines",
            ),
            (
                "requests.memory",
                memory_bytes * u128::from(vms),
                "bytes of memory requests",
            ),
            (
                "limits.memory",
                memory_bytes * u128::from(vms),
                "bytes of memory limits",
            ),
        ] {
            if need == 0 {
                continue;
            }
            if let Some(h) = get(Some(hard), key) {
                let u = get(used, key).unwrap_or(0);
                let room = h.saturating_sub(u);
                if room < need {
                    return Some(format!(
                        "ResourceQuota {name} leaves room for {room} more {what} ({key}: {u} used of {h}); the surge needs {need}"
                    ));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod quota_tests {
    use super::quota_shortfall;
    use serde_json::json;

    #[test]
    fn quota_counts_and_memory() {
        let q = json!({"metadata": {"name": "vms"}, "status": {"hard": {"count/virtualmachines.kubevirt.io": "10", "requests.memory": "8Gi"}, "used": {"count/virtualmachines.kubevirt.io": "9", "requests.memory": "6Gi"}}});
        assert_eq!(quota_shortfall(std::slice::from_ref(&q), 1, 1 << 30), None);
        let m = quota_shortfall(std::slice::from_ref(&q), 2, 1 << 30).unwrap_or_default();
        assert!(
            m.starts_with("ResourceQuota vms leaves room for 1 more VirtualMachines"),
            "{m}"
        );
        let m = quota_shortfall(&[q], 1, 4 << 30).unwrap_or_default();
        assert!(m.contains("requests.memory"), "{m}");
    }
}

//! Small helpers shared by the emulator: timestamps, uids, `Status` error bodies and JSON
//! navigation. Kept dependency-free so the emulator's wire format is fully under our control.

use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// RFC 3339 UTC timestamp with second precision, as the API server writes `creationTimestamp`.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format_rfc3339(secs)
}

pub fn format_rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil-from-days: avoids a date crate for one format.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        y,
        m,
        d,
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

static UID_COUNTER: AtomicU64 = AtomicU64::new(1);

/// A fresh UUID-shaped uid; unique within the process, which is all tests need.
pub fn new_uid() -> String {
    let n = UID_COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let a = t ^ n.rotate_left(32);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (n >> 12) & 0xfff,
        n & 0xfff,
        (t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ n) & 0xffff_ffff_ffff
    )
}

/// An API error: HTTP code plus the `Status` body the real server would send.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: u16,
    pub reason: &'static str,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            reason,
            message: message.into(),
            details: None,
            retry_after: None,
        }
    }
    pub fn not_found(qualified: &str, name: &str) -> Self {
        let mut e = Self::new(404, "NotFound", format!("{qualified} \"{name}\" not found"));
        e.details = Some(json!({"name": name, "kind": qualified.split('.').next().unwrap_or("")}));
        e
    }
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", msg)
    }
    pub fn invalid(kind: &str, name: &str, causes: Vec<(String, String)>) -> Self {
        let msgs: Vec<String> = causes.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        let message = if msgs.len() == 1 {
            format!("{kind} \"{name}\" is invalid: {}", msgs[0])
        } else {
            format!("{kind} \"{name}\" is invalid: [{}]", msgs.join(", "))
        };
        let mut e = Self::new(422, "Invalid", message);
        // The message names `Kind.group`; the details, like the real server's, name the kind
        // and the group apart (kubectl prints `The <kind> "<name>" is invalid: ...` from them).
        let (bare, group) = kind.split_once('.').unwrap_or((kind, ""));
        e.details = Some(json!({
            "name": name,
            "group": group,
            "kind": bare,
            "causes": causes.iter().map(|(f, m)| json!({"reason": "FieldValueInvalid", "message": m, "field": f})).collect::<Vec<_>>()
        }));
        e
    }
    pub fn status_body(&self) -> Value {
        let mut s = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        });
        if let Some(d) = &self.details {
            s["details"] = d.clone();
        }
        if self.reason.is_empty() {
            if let Some(m) = s.as_object_mut() {
                m.remove("reason");
            }
        }
        s
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// `Status` body for a successful immediate delete of a builtin kind.
pub fn success_status(name: &str, group: &str, kind: &str, uid: &str) -> Value {
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": {"name": name, "group": group, "kind": kind, "uid": uid}
    })
}

pub fn meta(obj: &Value) -> Option<&Map<String, Value>> {
    obj.get("metadata").and_then(Value::as_object)
}

pub fn meta_str<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    meta(obj).and_then(|m| m.get(key)).and_then(Value::as_str)
}

pub fn meta_mut(obj: &mut Value) -> &mut Map<String, Value> {
    if !obj.get("metadata").is_some_and(Value::is_object) {
        obj["metadata"] = json!({});
    }
    match obj.get_mut("metadata").and_then(Value::as_object_mut) {
        Some(m) => m,
        None => unreachable!("metadata was just made an object"),
    }
}

pub fn obj_mut(v: &mut Value) -> Option<&mut Map<String, Value>> {
    v.as_object_mut()
}

/// Parse a YAML or JSON document into JSON.
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    serde_saphyr::from_str::<Value>(text).map_err(|e| e.to_string())
}

/// `Value::pointer` without its allocations: serde_json unescapes every token of the path
/// into two new `String`s, and the simulator and the store look up a few dozen paths in each
/// of the fleet's objects on every pass and write (a tenth of the roll benchmark's
/// test-cluster CPU, which shares the client's two cores). A path with an escape (`~0`,
/// `~1`) goes to `Value::pointer` itself, so the answers are the same.
pub trait PointerAt {
    fn pointer_at(&self, pointer: &str) -> Option<&Value>;
}

impl PointerAt for Value {
    fn pointer_at(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        if pointer.contains('~') {
            return self.pointer(pointer);
        }
        pointer
            .strip_prefix('/')?
            .split('/')
            .try_fold(self, |target, token| match target {
                Value::Object(map) => map.get(token),
                Value::Array(list) => array_index(token).and_then(|i| list.get(i)),
                _ => None,
            })
    }
}

/// An array index in a JSON pointer as RFC 6901 (and serde_json) read it: digits only,
/// without a sign or a leading zero.
fn array_index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every path, found or not, well-formed or not, reads what `Value::pointer` reads.
    #[test]
    fn pointer_at_reads_what_pointer_reads() {
        let doc = json!({
            "metadata": {"name": "vm", "annotations": {"kubevirt.io/latest-observed-api-version": "v1", "a~b": 1}},
            "spec": {"list": [{"x": 1}, {"x": 2}], "": {"empty": true}},
            "status": null
        });
        let paths = [
            "",
            "/",
            "/metadata",
            "/metadata/name",
            "/metadata/name/more",
            "/metadata/annotations/kubevirt.io~1latest-observed-api-version",
            "/metadata/annotations/a~0b",
            "/metadata/annotations/a~b",
            "/spec/list/0/x",
            "/spec/list/1",
            "/spec/list/2",
            "/spec/list/01",
            "/spec/list/+1",
            "/spec/list/-1",
            "/spec/list/x",
            "/spec//empty",
            "/status",
            "/status/phase",
            "metadata",
            "/nope",
        ];
        for path in paths {
            assert_eq!(doc.pointer_at(path), doc.pointer(path), "{path:?}");
        }
        assert_eq!(doc.pointer_at("/spec/list/1/x"), Some(&json!(2)));
    }
}

//! Reads of untrusted JSON values the way the admission rules need them: a missing key, a
//! JSON `null` and a value of the wrong type all read as "absent" (Go's nil pointer / zero
//! value), so a rule never has to match on shapes the schema check already reported.

use serde_json::{Map, Value};

pub(crate) static NULL: Value = Value::Null;

/// Up to this many keys, [`Read::at`] scans a map instead of hashing the key.
const SCANNED_MAP_LEN: usize = 12;

/// Python-like accessors over `serde_json::Value`.
pub(crate) trait Read {
    /// `obj[key]`, or `null` when absent or when `self` is not an object.
    fn at(&self, key: &str) -> &Value;
    /// Nested [`Read::at`].
    fn path(&self, keys: &[&str]) -> &Value;
    /// Present and not `null` (Go: a non-nil pointer).
    fn set(&self) -> bool;
    /// The elements of an array, or none.
    fn items(&self) -> &[Value];
    /// The string, or "" for anything else.
    fn text(&self) -> &str;
    /// A JSON number as f64 (booleans and other types: 0).
    fn num(&self) -> f64;
    /// Exactly `true`.
    fn is_true(&self) -> bool;
    /// Truthiness: a non-empty string, array or object, a non-zero number, `true`.
    fn truthy(&self) -> bool;
    /// The object's entries, or none.
    fn entries(&self) -> Option<&Map<String, Value>>;
    /// How the value reads in a message: strings bare, absent as "None" is never shown.
    fn shown(&self) -> String;
}

impl Read for Value {
    fn at(&self, key: &str) -> &Value {
        match self {
            // A Kubernetes object's maps hold a handful of keys: comparing them in order
            // beats hashing the key (the map's own lookup, SipHash), which was a visible
            // share of the self-check's CPU. Large maps keep the hashed lookup.
            Value::Object(map) if map.len() <= SCANNED_MAP_LEN => map
                .iter()
                .find_map(|(k, v)| (k == key).then_some(v))
                .unwrap_or(&NULL),
            _ => self.get(key).unwrap_or(&NULL),
        }
    }
    fn path(&self, keys: &[&str]) -> &Value {
        keys.iter().fold(self, |v, k| v.at(k))
    }
    fn set(&self) -> bool {
        !self.is_null()
    }
    fn items(&self) -> &[Value] {
        self.as_array().map(Vec::as_slice).unwrap_or(&[])
    }
    fn text(&self) -> &str {
        self.as_str().unwrap_or("")
    }
    fn num(&self) -> f64 {
        match self {
            Value::Number(n) => n.as_f64().unwrap_or(0.0),
            _ => 0.0,
        }
    }
    fn is_true(&self) -> bool {
        self.as_bool() == Some(true)
    }
    fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
        }
    }
    fn entries(&self) -> Option<&Map<String, Value>> {
        self.as_object()
    }
    fn shown(&self) -> String {
        match self {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            other => other.to_string(),
        }
    }
}

/// A value as a set or map key that compares as its JSON text did: a string by its text
/// (no quoted, escaped copy to build: names are compared for every device of every VM
/// checked), anything else by its JSON. A string's JSON starts with a quote and no other
/// value's does, so the two kinds never met as equal text either.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) enum Key<'a> {
    Text(&'a str),
    Json(String),
}

/// [`Key`] of `v`.
pub(crate) fn key(v: &Value) -> Key<'_> {
    match v {
        Value::String(text) => Key::Text(text),
        other => Key::Json(other.to_string()),
    }
}

/// `parent[key]`, made an object when it is anything else (the webhooks work on Go structs,
/// where a wrong-typed field would never have decoded). `parent` becomes an object too.
pub(crate) fn obj_mut<'a>(parent: &'a mut Value, key: &str) -> &'a mut Value {
    if !parent.is_object() {
        *parent = Value::Object(Map::new());
    }
    // Indexing an object by a missing key inserts `null`; it never panics on an object.
    let slot = &mut parent[key];
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot
}

/// Sets `parent[key] = value` when `parent` is an object.
pub(crate) fn put(parent: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = parent {
        map.insert(key.to_string(), value);
    }
}

/// Python's `{x!r}` for the values the messages quote.
pub(crate) fn repr(v: &Value) -> String {
    match v {
        Value::String(s) => format!("'{s}'"),
        other => other.shown(),
    }
}

#[cfg(test)]
mod tests {
    use super::{key, Key};
    use serde_json::json;

    #[test]
    fn keys_are_equal_exactly_when_the_values_json_texts_are() {
        let values = [
            json!("1"),
            json!(1),
            json!("a\"b"),
            json!(null),
            json!("null"),
            json!({"a": 1}),
            json!(["a"]),
            json!(true),
            json!("true"),
        ];
        for a in &values {
            for b in &values {
                let (text_a, text_b) = (a.to_string(), b.to_string());
                assert_eq!(key(a) == key(b), text_a == text_b, "{a} / {b}");
            }
        }
        assert_eq!(key(&json!("vda")), Key::Text("vda"));
    }
}

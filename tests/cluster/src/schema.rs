//! Structural-schema checking of custom resources, as the API server does for CRDs:
//! unknown fields are pruned (and reported, so `fieldValidation=Strict` can refuse them and
//! `Warn` can warn), wrong types, missing required fields and values outside an `enum` are
//! `Invalid`. Honours `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-int-or-string`,
//! `x-kubernetes-embedded-resource` and `nullable`.

use serde_json::{Map, Value};

#[derive(Debug, Default)]
pub struct Report {
    /// Dotted paths of pruned unknown fields, e.g. `spec.foo`.
    pub unknown: Vec<String>,
    /// (field path, message) pairs for a 422 Invalid.
    pub invalid: Vec<(String, String)>,
}

/// Prune `obj` in place against `schema` (the root `openAPIV3Schema`).
pub fn check(obj: &mut Value, schema: &Value) -> Report {
    let mut r = Report::default();
    if let Some(map) = obj.as_object_mut() {
        walk_object(map, schema, "", true, &mut r);
    }
    r
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool) == Some(true)
}

fn walk_object(
    map: &mut Map<String, Value>,
    schema: &Value,
    path: &str,
    root: bool,
    r: &mut Report,
) {
    let props = schema.get("properties").and_then(Value::as_object);
    let additional = schema.get("additionalProperties");
    let preserve = flag(schema, "x-kubernetes-preserve-unknown-fields");
    let embedded = flag(schema, "x-kubernetes-embedded-resource");
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        let child_path = join(path, &key);
        if (root || embedded) && (key == "apiVersion" || key == "kind") {
            if let Some(v) = map.get(&key) {
                if !v.is_string() {
                    r.invalid.push((child_path.clone(), format!("Invalid value: \"{}\": {child_path} in body must be of type string: \"{}\"", type_name(v), type_name(v))));
                }
            }
            continue;
        }
        if (root || embedded) && key == "metadata" {
            if embedded {
                if let Some(Value::Object(m)) = map.get_mut("metadata") {
                    let allowed = [
                        "name",
                        "namespace",
                        "labels",
                        "annotations",
                        "generateName",
                        "finalizers",
                    ];
                    let drop: Vec<String> = m
                        .keys()
                        .filter(|k| !allowed.contains(&k.as_str()))
                        .cloned()
                        .collect();
                    for k in drop {
                        m.remove(&k);
                    }
                }
            }
            continue;
        }
        let sub = props.and_then(|p| p.get(&key)).or(match additional {
            Some(Value::Object(_)) => additional,
            _ => None,
        });
        match sub {
            Some(s) => {
                let remove = match map.get_mut(&key) {
                    Some(v) => walk_value(v, s, &child_path, r),
                    None => false,
                };
                if remove {
                    map.remove(&key);
                }
            }
            None => {
                if preserve || additional == Some(&Value::Bool(true)) {
                    continue;
                }
                r.unknown.push(child_path);
                map.remove(&key);
            }
        }
    }
    if let Some(req) = schema.get("required").and_then(Value::as_array) {
        for k in req.iter().filter_map(Value::as_str) {
            if !map.contains_key(k) {
                let p = join(path, k);
                r.invalid.push((p, "Required value".into()));
            }
        }
    }
}

/// Returns true when the value should be dropped (a null for a non-nullable field).
fn walk_value(v: &mut Value, schema: &Value, path: &str, r: &mut Report) -> bool {
    if v.is_null() {
        return !flag(schema, "nullable");
    }
    if flag(schema, "x-kubernetes-int-or-string") {
        if !(v.is_string() || v.is_i64() || v.is_u64()) {
            let t = type_name(v);
            r.invalid.push((path.into(), format!("Invalid value: \"{t}\": {path} in body must be of type integer,string: \"{t}\"")));
        }
        return false;
    }
    let want = schema.get("type").and_then(Value::as_str);
    let got = type_name(v);
    let ok = match want {
        None => true,
        Some("number") => got == "number" || got == "integer",
        Some(t) => t == got,
    };
    if !ok {
        let t = want.unwrap_or("");
        r.invalid.push((
            path.into(),
            format!("Invalid value: \"{got}\": {path} in body must be of type {t}: \"{got}\""),
        ));
        return false;
    }
    if let Some(en) = schema.get("enum").and_then(Value::as_array) {
        if !en.contains(v) {
            let supported: Vec<String> = en.iter().map(|e| e.to_string()).collect();
            r.invalid.push((
                path.into(),
                format!(
                    "Unsupported value: {}: supported values: {}",
                    v,
                    supported.join(", ")
                ),
            ));
        }
    }
    match v {
        Value::Object(m) => {
            if want.is_none()
                && schema.get("properties").is_none()
                && schema.get("additionalProperties").is_none()
            {
                // Untyped schema node without structure: nothing to prune against.
                return false;
            }
            walk_object(m, schema, path, false, r);
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                let mut drop = vec![];
                for (i, it) in items.iter_mut().enumerate() {
                    if walk_value(it, item_schema, &format!("{path}[{i}]"), r) {
                        drop.push(i);
                    }
                }
                for i in drop.into_iter().rev() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
    false
}

/// Schema of the node at a dotted field path (map keys only; list items step through `items`).
pub fn list_semantics(schema: Option<&Value>, path: &[String]) -> ListKind {
    let mut cur = match schema {
        Some(s) => s,
        None => return ListKind::Unknown,
    };
    for seg in path {
        if let Some(k) = seg.strip_prefix("f:") {
            let next = cur
                .get("properties")
                .and_then(|p| p.get(k))
                .or_else(|| cur.get("additionalProperties").filter(|a| a.is_object()));
            match next {
                Some(n) => cur = n,
                None => return ListKind::Unknown,
            }
        } else {
            match cur.get("items") {
                Some(n) => cur = n,
                None => return ListKind::Unknown,
            }
        }
    }
    match cur.get("x-kubernetes-list-type").and_then(Value::as_str) {
        Some("map") => ListKind::Map(
            cur.get("x-kubernetes-list-map-keys")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
        ),
        Some("set") => ListKind::Set,
        _ => ListKind::Atomic,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ListKind {
    /// No schema known: lists of objects that all carry `name` are keyed by it (the
    /// strategic-merge key of most builtin lists), everything else is atomic.
    Unknown,
    Atomic,
    Set,
    Map(Vec<String>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prunes_unknown_keeps_preserved_and_checks_types() {
        let schema = json!({"type": "object", "properties": {"spec": {"type": "object", "required": ["size"], "properties": {
            "size": {"x-kubernetes-int-or-string": true},
            "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
            "mode": {"type": "string", "enum": ["a", "b"]},
            "tpl": {"type": "object", "x-kubernetes-embedded-resource": true, "properties": {"spec": {"type": "object"}}}
        }}}});
        let mut o = json!({"apiVersion": "x/v1", "kind": "X", "metadata": {"name": "n"}, "spec": {
            "size": "10Gi", "bogus": 1, "free": {"any": {"thing": 1}}, "mode": "a",
            "tpl": {"apiVersion": "v1", "kind": "Y", "metadata": {"name": "m", "uid": "drop-me"}, "spec": {}}
        }});
        let r = check(&mut o, &schema);
        assert_eq!(r.unknown, vec!["spec.bogus"]);
        assert!(r.invalid.is_empty(), "{:?}", r.invalid);
        assert!(o["spec"].get("bogus").is_none());
        assert_eq!(o["spec"]["free"]["any"]["thing"], 1);
        assert!(o["spec"]["tpl"]["metadata"].get("uid").is_none());
        let mut bad = json!({"spec": {"size": true, "mode": "c"}});
        let r = check(&mut bad, &schema);
        assert_eq!(r.invalid.len(), 2, "{:?}", r.invalid);
        assert_eq!(r.invalid[0].1, "Invalid value: \"boolean\": spec.size in body must be of type integer,string: \"boolean\"");
        assert_eq!(
            r.invalid[1],
            (
                "spec.mode".to_string(),
                "Unsupported value: \"c\": supported values: \"a\", \"b\"".to_string()
            )
        );
        let mut missing = json!({"spec": {}});
        assert_eq!(
            check(&mut missing, &schema).invalid,
            vec![("spec.size".to_string(), "Required value".to_string())]
        );
    }
}

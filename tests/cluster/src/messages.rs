//! Error wordings of kube-apiserver 1.32 that come from somewhere other than validation, kept
//! in one place (and tabled in tests/cluster/README.md):
//!
//! - Server-side apply first converts the apply configuration to a typed object
//!   (structured-merge-diff); a field the schema does not declare, or a scalar of the wrong
//!   type, fails that conversion with `failed to create typed patch object (<ns>/<name>;
//!   <group>/<version>, Kind=<Kind>): .spec.x: field not declared in schema`. The error is
//!   not a `Status`, so the server answers 500 with no reason (kubernetes#122480,
//!   kubernetes#139253), whatever `fieldValidation` says.
//! - A JSON patch that does not apply (a missing path, a failed `test`) is 422 `Invalid` with
//!   the generic `the server rejected our request due to an error in our request` and empty
//!   details: the json-patch library's own message is not passed on.

use crate::registry::ResourceInfo;
use crate::util::ApiError;
use serde_json::{json, Value};

/// The typed-conversion errors of an apply configuration: one line per field, in path order.
/// `schema` is the CRD's structural schema; for builtin kinds without one, `builtin_fields`
/// lists the top-level fields (nested builtin fields are not checked).
pub fn typed_errors(
    obj: &Value,
    schema: Option<&Value>,
    builtin_fields: Option<&[&str]>,
) -> Vec<String> {
    let mut errors = Vec::new();
    let Some(map) = obj.as_object() else {
        return errors;
    };
    for (key, value) in map {
        if matches!(key.as_str(), "apiVersion" | "kind" | "metadata") {
            continue;
        }
        let path = format!(".{key}");
        match (schema, builtin_fields) {
            (Some(s), _) => match field_schema(s, key) {
                Some(sub) => walk(value, sub, &path, &mut errors),
                None => errors.push(undeclared(&path)),
            },
            (None, Some(fields)) if !fields.contains(&key.as_str()) => {
                errors.push(undeclared(&path))
            }
            _ => {}
        }
    }
    errors.sort();
    errors
}

/// Checks an apply configuration as the typed conversion does: the 500 when it does not
/// convert.
pub fn check_apply(
    ri: &ResourceInfo,
    ns: &str,
    name: &str,
    applied: &Value,
    builtin_fields: Option<&[&str]>,
) -> Result<(), ApiError> {
    let errors = typed_errors(applied, ri.schema.as_deref(), builtin_fields);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(typed_patch_error(ri, ns, name, &errors))
    }
}

/// The 500 a real server answers for an apply configuration that does not convert.
pub fn typed_patch_error(ri: &ResourceInfo, ns: &str, name: &str, errors: &[String]) -> ApiError {
    let detail = match errors {
        [one] => one.clone(),
        many => {
            let lines: Vec<String> = many.iter().map(|e| format!("  {e}")).collect();
            format!("errors:\n{}", lines.join("\n"))
        }
    };
    let gv = if ri.group.is_empty() {
        format!("/{}", ri.version)
    } else {
        format!("{}/{}", ri.group, ri.version)
    };
    ApiError::new(
        500,
        "",
        format!(
            "failed to create typed patch object ({ns}/{name}; {gv}, Kind={}): {detail}",
            ri.kind
        ),
    )
}

/// The 422 a real server answers for a JSON patch that does not apply.
pub fn json_patch_rejected() -> ApiError {
    let mut e = ApiError::new(
        422,
        "Invalid",
        "the server rejected our request due to an error in our request",
    );
    e.details = Some(json!({}));
    e
}

/// The 400 for a field selector on a field the kind cannot select by: custom resources
/// (without `selectableFields`) say `field label not supported: <f>`; builtin kinds without
/// field label conversions name the two generic fields. (kubectl prefixes either with
/// `Unable to find "<resource>" that match label selector ...` itself.)
pub fn field_selector_error(ri: &ResourceInfo, err: &str) -> ApiError {
    match err.strip_prefix("field label not supported: ") {
        Some(field) if !ri.from_crd => ApiError::bad_request(format!(
            "\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
        )),
        _ => ApiError::bad_request(err),
    }
}

fn undeclared(path: &str) -> String {
    format!("{path}: field not declared in schema")
}

fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool) == Some(true)
}

/// The schema of `key` in an object schema; `None` when the field is not declared.
fn field_schema<'a>(schema: &'a Value, key: &str) -> Option<&'a Value> {
    if let Some(p) = schema.get("properties").and_then(|p| p.get(key)) {
        return Some(p);
    }
    match schema.get("additionalProperties") {
        Some(a @ Value::Object(_)) => Some(a),
        Some(Value::Bool(true)) => Some(&Value::Null),
        _ if flag(schema, "x-kubernetes-preserve-unknown-fields") => Some(&Value::Null),
        _ => None,
    }
}

fn walk(value: &Value, schema: &Value, path: &str, errors: &mut Vec<String>) {
    if value.is_null() || schema.is_null() || flag(schema, "x-kubernetes-int-or-string") {
        return;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") if !value.is_string() => errors.push(format!(
            "{path}: expected string, got &value.valueUnstructured{{Value:{}}}",
            go_sharp(value)
        )),
        Some("integer" | "number") if !value.is_number() => errors.push(format!(
            "{path}: expected numeric (int or float), got {}",
            go_type(value)
        )),
        Some("boolean") if !value.is_boolean() => errors.push(format!(
            "{path}: expected boolean, got &{{{}}}",
            go_plain(value)
        )),
        _ => match value {
            Value::Object(map) => {
                // An object whose schema has no structure (or preserves unknown fields) is
                // one untyped leaf.
                if schema.get("properties").is_none()
                    && schema.get("additionalProperties").is_none()
                {
                    return;
                }
                for (key, v) in map {
                    let p = format!("{path}.{key}");
                    match field_schema(schema, key) {
                        Some(sub) => walk(v, sub, &p, errors),
                        None => errors.push(undeclared(&p)),
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, it) in items.iter().enumerate() {
                        let p = format!("{path}{}", element(schema, it, i));
                        walk(it, item_schema, &p, errors);
                    }
                }
            }
            _ => {}
        },
    }
}

/// A list element's path as structured-merge-diff prints it: `[name="root"]` in a map list,
/// `[="v"]` in a set, `[0]` in an atomic list (the CRD default).
fn element(list_schema: &Value, item: &Value, index: usize) -> String {
    match list_schema
        .get("x-kubernetes-list-type")
        .and_then(Value::as_str)
    {
        Some("map") => {
            let keys: Vec<String> = list_schema
                .get("x-kubernetes-list-map-keys")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter_map(|k| item.get(k).map(|v| format!("{k}={v}")))
                .collect();
            format!("[{}]", keys.join(","))
        }
        Some("set") => format!("[={item}]"),
        _ => format!("[{index}]"),
    }
}

/// Go's `%T` of a decoded JSON value.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// Go's `%#v` of a decoded JSON value.
fn go_sharp(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".into(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(go_sharp).collect();
            format!("[]interface {{}}{{{}}}", inner.join(", "))
        }
        Value::Object(map) => {
            let mut inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k:?}:{}", go_sharp(v)))
                .collect();
            inner.sort();
            format!("map[string]interface {{}}{{{}}}", inner.join(", "))
        }
        other => other.to_string(),
    }
}

/// Go's `%v` of a decoded JSON value.
fn go_plain(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(go_plain).collect();
            format!("[{}]", inner.join(" "))
        }
        Value::Object(map) => {
            let mut inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}:{}", go_plain(v)))
                .collect();
            inner.sort();
            format!("map[{}]", inner.join(" "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Value {
        json!({"type": "object", "properties": {
            "spec": {"type": "object", "properties": {
                "runStrategy": {"type": "string"},
                "replicas": {"type": "integer"},
                "paused": {"type": "boolean"},
                "port": {"x-kubernetes-int-or-string": true},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "disks": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                    "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
                "tags": {"type": "array", "items": {"type": "string"}}
            }}
        }})
    }

    #[test]
    fn unknown_fields_and_wrong_scalars_are_worded_as_structured_merge_diff() {
        let obj = json!({"apiVersion": "x/v1", "kind": "X", "metadata": {"name": "a", "bogus": 1},
            "spec": {"runStrategy": 7, "replicas": "3", "paused": "yes", "port": "http", "free": {"any": 1},
                "disks": [{"name": "root", "bus": "virtio"}], "tags": ["a", 2], "x": true},
            "extra": {}});
        assert_eq!(
            typed_errors(&obj, Some(&schema()), None),
            vec![
                ".extra: field not declared in schema",
                ".spec.disks[name=\"root\"].bus: field not declared in schema",
                ".spec.paused: expected boolean, got &{yes}",
                ".spec.replicas: expected numeric (int or float), got string",
                ".spec.runStrategy: expected string, got &value.valueUnstructured{Value:7}",
                ".spec.tags[1]: expected string, got &value.valueUnstructured{Value:2}",
                ".spec.x: field not declared in schema",
            ]
        );
        let secret = json!({"apiVersion": "v1", "kind": "Secret", "stringdata": {}});
        assert_eq!(
            typed_errors(&secret, None, Some(&["data", "stringData", "type"])),
            vec![".stringdata: field not declared in schema"]
        );
    }
}

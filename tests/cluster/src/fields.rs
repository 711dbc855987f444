//! Field ownership and patching: `managedFields` (FieldsV1) bookkeeping at leaf granularity,
//! server-side apply (merge, ownership conflicts, `force`, removal of fields a manager stopped
//! applying), JSON merge patch (RFC 7386) and JSON patch (RFC 6902).
//!
//! Lists follow the schema (`x-kubernetes-list-type` map/set/atomic, CRD default atomic); kinds
//! without a schema key lists of objects by `name` (their usual strategic-merge key).
//! Strategic merge patch is applied as a JSON merge patch (documented simplification).

use crate::schema::{list_semantics, ListKind};
use crate::util::PointerAt;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

pub type Path = Vec<String>;
pub type FieldSet = BTreeSet<Path>;

#[derive(Debug, Clone)]
pub struct Entry {
    pub manager: String,
    pub operation: String,
    pub api_version: String,
    pub time: String,
    pub subresource: Option<String>,
    pub fields: FieldSet,
}

const SKIP_META: &[&str] = &["labels", "annotations", "finalizers", "ownerReferences"];

/// Leaf field paths of an object, as a manager owning all of it would have them.
pub fn field_set(obj: &Value, schema: Option<&Value>) -> FieldSet {
    let mut set = FieldSet::new();
    if let Some(m) = obj.as_object() {
        for (k, v) in m {
            if k == "apiVersion" || k == "kind" {
                continue;
            }
            if k == "metadata" {
                if let Some(mm) = v.as_object() {
                    for (mk, mv) in mm {
                        if SKIP_META.contains(&mk.as_str()) {
                            walk(
                                mv,
                                &mut vec!["f:metadata".into(), format!("f:{mk}")],
                                schema,
                                &mut set,
                            );
                        }
                    }
                }
                continue;
            }
            walk(v, &mut vec![format!("f:{k}")], schema, &mut set);
        }
    }
    set
}

fn list_kind(items: &[Value], schema: Option<&Value>, path: &Path) -> ListKind {
    let meta_kind = match path.as_slice() {
        [a, b] if a == "f:metadata" && b == "f:finalizers" => Some(ListKind::Set),
        [a, b] if a == "f:metadata" && b == "f:ownerReferences" => {
            Some(ListKind::Map(vec!["uid".into()]))
        }
        _ => None,
    };
    let k = meta_kind.unwrap_or_else(|| list_semantics(schema, path));
    match k {
        ListKind::Unknown => {
            if schema.is_some() && path.first().is_none_or(|p| p != "f:metadata") {
                return ListKind::Atomic;
            }
            if !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.get("name").is_some_and(Value::is_string))
            {
                ListKind::Map(vec!["name".into()])
            } else {
                ListKind::Atomic
            }
        }
        ListKind::Map(keys) => {
            if keys.is_empty()
                || !items
                    .iter()
                    .all(|i| keys.iter().all(|k| i.get(k).is_some()))
            {
                ListKind::Atomic
            } else {
                ListKind::Map(keys)
            }
        }
        other => other,
    }
}

fn key_elem(item: &Value, keys: &[String]) -> String {
    let mut m = Map::new();
    for k in keys {
        m.insert(k.clone(), item.get(k).cloned().unwrap_or(Value::Null));
    }
    format!("k:{}", Value::Object(m))
}

fn walk(v: &Value, path: &mut Path, schema: Option<&Value>, set: &mut FieldSet) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, c) in m {
                path.push(format!("f:{k}"));
                walk(c, path, schema, set);
                path.pop();
            }
        }
        Value::Array(items) if !items.is_empty() => match list_kind(items, schema, path) {
            ListKind::Set => {
                for it in items {
                    let mut p = path.clone();
                    p.push(format!("v:{it}"));
                    set.insert(p);
                }
            }
            ListKind::Map(keys) => {
                for it in items {
                    path.push(key_elem(it, &keys));
                    path.push(".".into());
                    set.insert(path.clone());
                    path.pop();
                    walk(it, path, schema, set);
                    path.pop();
                }
            }
            _ => {
                set.insert(path.clone());
            }
        },
        _ => {
            set.insert(path.clone());
        }
    }
}

/// FieldsV1 JSON of a set.
pub fn to_fields_v1(set: &FieldSet) -> Value {
    let mut root = Value::Object(Map::new());
    for p in set {
        let mut cur = &mut root;
        for seg in p {
            let Some(m) = cur.as_object_mut() else { break };
            cur = m.entry(seg.clone()).or_insert_with(|| json!({}));
        }
    }
    root
}

pub fn from_fields_v1(v: &Value) -> FieldSet {
    fn rec(v: &Value, path: &mut Path, out: &mut FieldSet) {
        if let Some(m) = v.as_object() {
            for (k, c) in m {
                path.push(k.clone());
                if k == "." || c.as_object().is_none_or(|o| o.is_empty()) {
                    out.insert(path.clone());
                } else {
                    rec(c, path, out);
                }
                path.pop();
            }
        }
    }
    let mut out = FieldSet::new();
    rec(v, &mut vec![], &mut out);
    out
}

pub fn parse_entries(obj: &Value) -> Vec<Entry> {
    let Some(list) = obj
        .pointer_at("/metadata/managedFields")
        .and_then(Value::as_array)
    else {
        return vec![];
    };
    list.iter()
        .filter_map(|e| {
            Some(Entry {
                manager: e.get("manager")?.as_str()?.to_string(),
                operation: e
                    .get("operation")
                    .and_then(Value::as_str)
                    .unwrap_or("Update")
                    .to_string(),
                api_version: e
                    .get("apiVersion")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                time: e
                    .get("time")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                subresource: e
                    .get("subresource")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                fields: e.get("fieldsV1").map(from_fields_v1).unwrap_or_default(),
            })
        })
        .collect()
}

pub fn write_entries(obj: &mut Value, entries: &[Entry]) {
    let list: Vec<Value> = entries
        .iter()
        .filter(|e| !e.fields.is_empty())
        .map(|e| {
            let mut v = json!({
                "manager": e.manager,
                "operation": e.operation,
                "apiVersion": e.api_version,
                "time": e.time,
                "fieldsType": "FieldsV1",
                "fieldsV1": to_fields_v1(&e.fields),
            });
            if let Some(s) = &e.subresource {
                v["subresource"] = json!(s);
            }
            v
        })
        .collect();
    let m = crate::util::meta_mut(obj);
    if list.is_empty() {
        m.remove("managedFields");
    } else {
        m.insert("managedFields".into(), Value::Array(list));
    }
}

fn find_item(items: &[Value], seg: &str) -> Option<usize> {
    if let Some(k) = seg.strip_prefix("k:") {
        let keys: Value = serde_json::from_str(k).ok()?;
        let km = keys.as_object()?;
        items
            .iter()
            .position(|it| km.iter().all(|(kk, kv)| it.get(kk) == Some(kv)))
    } else if let Some(v) = seg.strip_prefix("v:") {
        let want: Value = serde_json::from_str(v).ok()?;
        items.iter().position(|it| *it == want)
    } else if let Some(i) = seg.strip_prefix("i:") {
        i.parse().ok().filter(|i: &usize| *i < items.len())
    } else {
        None
    }
}

pub fn get_path<'a>(obj: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut cur = obj;
    for seg in path {
        if seg == "." {
            continue;
        }
        cur = if let Some(k) = seg.strip_prefix("f:") {
            cur.get(k)?
        } else {
            let items = cur.as_array()?;
            &items[find_item(items, seg)?]
        };
    }
    Some(cur)
}

fn get_path_mut<'a>(obj: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut cur = obj;
    for seg in path {
        if seg == "." {
            continue;
        }
        cur = if let Some(k) = seg.strip_prefix("f:") {
            cur.get_mut(k)?
        } else {
            let idx = find_item(cur.as_array()?, seg)?;
            cur.as_array_mut()?.get_mut(idx)?
        };
    }
    Some(cur)
}

fn is_empty_container(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Remove the field (or list item, for a path ending in `.`) at `path`, then drop ancestors
/// below the top level that the removal left empty.
pub fn remove_path(obj: &mut Value, path: &[String]) {
    let mut p: Vec<String> = path.to_vec();
    if p.last().is_some_and(|s| s == ".") {
        p.pop();
    }
    let Some((last, parent)) = p.split_last() else {
        return;
    };
    let Some(container) = get_path_mut(obj, parent) else {
        return;
    };
    if let Some(k) = last.strip_prefix("f:") {
        if let Some(m) = container.as_object_mut() {
            m.remove(k);
        }
    } else if let Some(items) = container.as_array_mut() {
        if let Some(i) = find_item(items, last) {
            items.remove(i);
        }
    }
    // Prune emptied ancestors (depth >= 2 so `spec`/`metadata` stay).
    let mut anc: Vec<String> = parent.to_vec();
    while anc.len() >= 2 {
        let empty = get_path(obj, &anc).is_some_and(is_empty_container);
        if !empty {
            break;
        }
        let Some((l, par)) = anc.split_last() else {
            break;
        };
        let (l, par) = (l.clone(), par.to_vec());
        if let Some(c) = get_path_mut(obj, &par) {
            if let Some(k) = l.strip_prefix("f:") {
                if let Some(m) = c.as_object_mut() {
                    m.remove(k);
                }
            } else if let Some(items) = c.as_array_mut() {
                if let Some(i) = find_item(items, &l) {
                    items.remove(i);
                }
            }
        }
        anc = par;
    }
}

/// Merge an applied configuration into the live object, list by list per schema semantics.
pub fn apply_merge(cur: &mut Value, applied: &Value, schema: Option<&Value>, path: &mut Path) {
    if let (Some(cm), Some(am)) = (cur.as_object_mut(), applied.as_object()) {
        for (k, av) in am {
            path.push(format!("f:{k}"));
            match cm.get_mut(k) {
                Some(cv) => apply_merge(cv, av, schema, path),
                None => {
                    cm.insert(k.clone(), av.clone());
                }
            }
            path.pop();
        }
        return;
    }
    if let (Some(ci), Some(ai)) = (cur.as_array(), applied.as_array()) {
        let mut all: Vec<Value> = ci.clone();
        all.extend(ai.iter().cloned());
        match list_kind(&all, schema, path) {
            ListKind::Set => {
                let mut out = ci.clone();
                for it in ai {
                    if !out.contains(it) {
                        out.push(it.clone());
                    }
                }
                *cur = Value::Array(out);
            }
            ListKind::Map(keys) => {
                let mut out = ci.clone();
                for it in ai {
                    let ke = key_elem(it, &keys);
                    match find_item(&out, &ke) {
                        Some(i) => {
                            path.push(ke);
                            apply_merge(&mut out[i], it, schema, path);
                            path.pop();
                        }
                        None => out.push(it.clone()),
                    }
                }
                *cur = Value::Array(out);
            }
            _ => *cur = applied.clone(),
        }
        return;
    }
    *cur = applied.clone();
}

pub fn path_string(p: &Path) -> String {
    let mut s = String::new();
    for seg in p {
        if let Some(k) = seg.strip_prefix("f:") {
            s.push('.');
            s.push_str(k);
        } else if let Some(k) = seg.strip_prefix("k:") {
            if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(k) {
                let parts: Vec<String> = m.iter().map(|(a, b)| format!("{a}={b}")).collect();
                s.push_str(&format!("[{}]", parts.join(",")));
            }
        } else if let Some(v) = seg.strip_prefix("v:") {
            s.push_str(&format!("[={v}]"));
        }
    }
    s
}

/// Ownership bookkeeping for a non-apply write (create, update, patch): the writer takes the
/// fields whose value it changed, removed fields leave every manager.
#[allow(clippy::too_many_arguments)]
pub fn track_update(
    entries: &mut Vec<Entry>,
    old: Option<&Value>,
    new: &Value,
    schema: Option<&Value>,
    manager: &str,
    api_version: &str,
    subresource: Option<&str>,
    now: &str,
) {
    let new_set = field_set(new, schema);
    let old_set = old.map(|o| field_set(o, schema)).unwrap_or_default();
    let changed: FieldSet = new_set
        .iter()
        .filter(|p| {
            if !old_set.contains(*p) {
                return true;
            }
            if p.last().is_some_and(|s| s == ".") {
                return false;
            }
            old.and_then(|o| get_path(o, p)) != get_path(new, p)
        })
        .cloned()
        .collect();
    let removed: FieldSet = old_set.difference(&new_set).cloned().collect();
    let sub = subresource.map(str::to_string);
    for e in entries.iter_mut() {
        // A path stays owned while it exists: an empty object a manager wrote (`devices: {}`)
        // that something else filled in since (a mutating webhook) is no leaf any more, and
        // the real field manager still lists it.
        e.fields.retain(|p| {
            !removed.contains(p) && (new_set.contains(p) || get_path(new, p).is_some())
        });
        let is_self = e.manager == manager && e.operation == "Update" && e.subresource == sub;
        if !is_self {
            e.fields.retain(|p| !changed.contains(p));
        }
    }
    if !changed.is_empty() {
        match entries
            .iter_mut()
            .find(|e| e.manager == manager && e.operation == "Update" && e.subresource == sub)
        {
            Some(e) => {
                e.fields.extend(changed);
                e.time = now.to_string();
                e.api_version = api_version.to_string();
            }
            None => entries.push(Entry {
                manager: manager.to_string(),
                operation: "Update".into(),
                api_version: api_version.to_string(),
                time: now.to_string(),
                subresource: sub,
                fields: changed,
            }),
        }
    }
    entries.retain(|e| !e.fields.is_empty());
}

/// Outcome of server-side apply on the live object.
pub enum ApplyOutcome {
    Ok(Value),
    Conflicts(Vec<(String, String, Path)>),
}

/// Server-side apply of `applied` by `manager` onto `live` (None: the object is created).
#[allow(clippy::too_many_arguments)]
pub fn server_side_apply(
    live: Option<&Value>,
    applied: &Value,
    schema: Option<&Value>,
    manager: &str,
    force: bool,
    api_version: &str,
    subresource: Option<&str>,
    now: &str,
) -> ApplyOutcome {
    let new_fields = field_set(applied, schema);
    let sub = subresource.map(str::to_string);
    let is_self =
        |e: &Entry| e.manager == manager && e.operation == "Apply" && e.subresource == sub;
    let Some(live) = live else {
        let mut obj = applied.clone();
        let entries = vec![Entry {
            manager: manager.into(),
            operation: "Apply".into(),
            api_version: api_version.into(),
            time: now.into(),
            subresource: sub,
            fields: new_fields,
        }];
        write_entries(&mut obj, &entries);
        return ApplyOutcome::Ok(obj);
    };
    let mut entries = parse_entries(live);
    let mut conflicts = vec![];
    for e in entries.iter().filter(|e| !is_self(e)) {
        for p in e.fields.intersection(&new_fields) {
            if p.last().is_some_and(|s| s == ".") {
                continue;
            }
            if get_path(live, p) != get_path(applied, p) {
                // The real server names Update managers with the apiVersion they wrote.
                let using = if e.operation == "Apply" {
                    String::new()
                } else {
                    format!("using {}", e.api_version)
                };
                conflicts.push((e.manager.clone(), using, p.clone()));
            }
        }
    }
    if !conflicts.is_empty() && !force {
        return ApplyOutcome::Conflicts(conflicts);
    }
    let old_fields: FieldSet = entries
        .iter()
        .filter(|e| is_self(e))
        .flat_map(|e| e.fields.clone())
        .collect();
    let others: FieldSet = entries
        .iter()
        .filter(|e| !is_self(e))
        .flat_map(|e| e.fields.clone())
        .collect();
    let mut obj = live.clone();
    let mut drop: Vec<&Path> = old_fields
        .iter()
        .filter(|p| !new_fields.contains(*p) && !others.contains(*p))
        .collect();
    drop.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in drop {
        remove_path(&mut obj, p);
    }
    apply_merge(&mut obj, applied, schema, &mut vec![]);
    // Taken fields leave their previous owners (on force, conflicts included).
    for e in entries.iter_mut().filter(|e| !is_self(e)) {
        e.fields.retain(|p| {
            !new_fields.contains(p)
                || p.last().is_some_and(|s| s == ".")
                || get_path(live, p) == get_path(applied, p)
        });
    }
    match entries.iter_mut().find(|e| is_self(e)) {
        Some(e) => {
            e.fields = new_fields;
            e.time = now.into();
            e.api_version = api_version.into();
        }
        None => entries.push(Entry {
            manager: manager.into(),
            operation: "Apply".into(),
            api_version: api_version.into(),
            time: now.into(),
            subresource: sub,
            fields: new_fields,
        }),
    }
    // Fields nobody manages any more that are no longer in the object leave all sets.
    let present = field_set(&obj, schema);
    for e in entries.iter_mut() {
        e.fields.retain(|p| present.contains(p));
    }
    entries.retain(|e| !e.fields.is_empty());
    write_entries(&mut obj, &entries);
    ApplyOutcome::Ok(obj)
}

/// The real server's message for apply conflicts.
pub fn conflict_message(conflicts: &[(String, String, Path)]) -> String {
    let who = |m: &str, using: &str| {
        if using.is_empty() {
            format!("\"{m}\"")
        } else {
            format!("\"{m}\" {using}")
        }
    };
    if conflicts.len() == 1 {
        let (m, u, p) = &conflicts[0];
        return format!(
            "Apply failed with 1 conflict: conflict with {}: {}",
            who(m, u),
            path_string(p)
        );
    }
    let mut managers: Vec<(String, String)> = vec![];
    for (m, u, _) in conflicts {
        if !managers.iter().any(|(a, _)| a == m) {
            managers.push((m.clone(), u.clone()));
        }
    }
    let mut lines = vec![];
    for (m, u) in &managers {
        lines.push(format!("conflicts with {}:", who(m, u)));
        for (_, _, p) in conflicts.iter().filter(|c| &c.0 == m) {
            lines.push(format!("- {}", path_string(p)));
        }
    }
    format!(
        "Apply failed with {} conflicts: {}",
        conflicts.len(),
        lines.join("\n")
    )
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(pm) => {
            if !target.is_object() {
                *target = json!({});
            }
            if let Some(tm) = target.as_object_mut() {
                for (k, v) in pm {
                    if v.is_null() {
                        tm.remove(k);
                    } else {
                        merge_patch(tm.entry(k.clone()).or_insert(Value::Null), v);
                    }
                }
            }
        }
        _ => *target = patch.clone(),
    }
}

fn unescape(s: &str) -> String {
    s.replace("~1", "/").replace("~0", "~")
}

fn split_pointer(p: &str) -> Result<Vec<String>, String> {
    if p.is_empty() {
        return Ok(vec![]);
    }
    if !p.starts_with('/') {
        return Err(format!("invalid JSON pointer {p:?}"));
    }
    Ok(p[1..].split('/').map(unescape).collect())
}

fn pointer_parent<'a>(doc: &'a mut Value, parts: &[String]) -> Result<&'a mut Value, String> {
    let mut cur = doc;
    for seg in parts {
        cur = match cur {
            Value::Object(m) => m
                .get_mut(seg)
                .ok_or_else(|| format!("path segment {seg:?} not found"))?,
            Value::Array(a) => {
                let i: usize = seg.parse().map_err(|_| format!("invalid index {seg:?}"))?;
                a.get_mut(i)
                    .ok_or_else(|| format!("index {i} out of range"))?
            }
            _ => return Err(format!("cannot traverse into {seg:?}")),
        };
    }
    Ok(cur)
}

fn ptr_add(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let parts = split_pointer(path)?;
    let Some((last, parent)) = parts.split_last() else {
        *doc = value;
        return Ok(());
    };
    match pointer_parent(doc, parent)? {
        Value::Object(m) => {
            m.insert(last.clone(), value);
            Ok(())
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
                return Ok(());
            }
            let i: usize = last
                .parse()
                .map_err(|_| format!("invalid index {last:?}"))?;
            if i > a.len() {
                return Err(format!("index {i} out of range"));
            }
            a.insert(i, value);
            Ok(())
        }
        _ => Err(format!("cannot add at {path}")),
    }
}

fn ptr_remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let parts = split_pointer(path)?;
    let Some((last, parent)) = parts.split_last() else {
        return Err("cannot remove the root".into());
    };
    match pointer_parent(doc, parent)? {
        Value::Object(m) => m
            .remove(last)
            .ok_or_else(|| format!("unable to remove nonexistent key: {last}")),
        Value::Array(a) => {
            let i: usize = last
                .parse()
                .map_err(|_| format!("invalid index {last:?}"))?;
            if i >= a.len() {
                return Err(format!("index {i} out of range"));
            }
            Ok(a.remove(i))
        }
        _ => Err(format!("cannot remove {path}")),
    }
}

/// RFC 6902 JSON patch.
pub fn json_patch(doc: &mut Value, ops: &Value) -> Result<(), String> {
    let ops = ops
        .as_array()
        .ok_or("a JSON patch must be an array of operations")?;
    for op in ops {
        let kind = op
            .get("op")
            .and_then(Value::as_str)
            .ok_or("operation without \"op\"")?;
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or("operation without \"path\"")?;
        match kind {
            "add" => ptr_add(
                doc,
                path,
                op.get("value").cloned().ok_or("add without value")?,
            )?,
            "remove" => {
                ptr_remove(doc, path)?;
            }
            "replace" => {
                ptr_remove(doc, path)?;
                ptr_add(
                    doc,
                    path,
                    op.get("value").cloned().ok_or("replace without value")?,
                )?;
            }
            "move" | "copy" => {
                let from = op
                    .get("from")
                    .and_then(Value::as_str)
                    .ok_or("move/copy without from")?;
                let v = if kind == "move" {
                    ptr_remove(doc, from)?
                } else {
                    doc.pointer_at(from)
                        .cloned()
                        .ok_or_else(|| format!("missing value at {from}"))?
                };
                ptr_add(doc, path, v)?;
            }
            "test" => {
                let want = op.get("value").ok_or("test without value")?;
                if doc.pointer_at(path) != Some(want) {
                    return Err(format!("testing value {path} failed"));
                }
            }
            other => return Err(format!("unexpected kind {other:?}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &[&str]) -> Path {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn field_sets_key_named_lists_without_schema_and_round_trip_fields_v1() {
        let pod = json!({"metadata": {"name": "x", "labels": {"a": "b"}}, "spec": {"containers": [{"name": "c1", "image": "i"}], "args": ["x", "y"]}});
        let set = field_set(&pod, None);
        assert!(set.contains(&p(&["f:metadata", "f:labels", "f:a"])));
        assert!(set.contains(&p(&["f:spec", "f:containers", "k:{\"name\":\"c1\"}", "."])));
        assert!(set.contains(&p(&[
            "f:spec",
            "f:containers",
            "k:{\"name\":\"c1\"}",
            "f:image"
        ])));
        assert!(
            set.contains(&p(&["f:spec", "f:args"])),
            "lists of scalars are atomic"
        );
        assert!(
            !set.iter()
                .any(|x| x.contains(&"f:name".to_string()) && x.len() == 2),
            "metadata.name is not tracked"
        );
        assert_eq!(from_fields_v1(&to_fields_v1(&set)), set);
        assert_eq!(
            path_string(&p(&[
                "f:spec",
                "f:containers",
                "k:{\"name\":\"c1\"}",
                "f:image"
            ])),
            ".spec.containers[name=\"c1\"].image"
        );
    }

    #[test]
    fn apply_conflicts_only_on_different_values_and_force_transfers() {
        let live0 = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "1"}});
        let ApplyOutcome::Ok(live) =
            server_side_apply(None, &live0, None, "one", false, "v1", None, "t")
        else {
            panic!("create")
        };
        let same = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "1", "b": "2"}});
        let ApplyOutcome::Ok(live) =
            server_side_apply(Some(&live), &same, None, "two", false, "v1", None, "t")
        else {
            panic!("co-own")
        };
        let diff = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "9"}});
        match server_side_apply(Some(&live), &diff, None, "three", false, "v1", None, "t") {
            ApplyOutcome::Conflicts(c) => {
                let msg = conflict_message(&c);
                assert!(msg.starts_with("Apply failed with 2 conflicts: conflicts with \"one\":\n- .data.a\nconflicts with \"two\":\n- .data.a"), "{msg}");
            }
            ApplyOutcome::Ok(_) => panic!("expected a conflict"),
        }
        let ApplyOutcome::Ok(forced) =
            server_side_apply(Some(&live), &diff, None, "three", true, "v1", None, "t")
        else {
            panic!("force")
        };
        assert_eq!(forced["data"], json!({"a": "9", "b": "2"}));
        let owners: Vec<(String, bool)> = parse_entries(&forced)
            .iter()
            .map(|e| (e.manager.clone(), e.fields.contains(&p(&["f:data", "f:a"]))))
            .collect();
        assert_eq!(
            owners,
            vec![("two".to_string(), false), ("three".to_string(), true)]
        );
    }

    #[test]
    fn schema_list_types_drive_merging() {
        let schema = json!({"type": "object", "properties": {"spec": {"type": "object", "properties": {
            "ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], "items": {"type": "object"}},
            "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
            "args": {"type": "array", "items": {"type": "string"}}
        }}}});
        let mut live =
            json!({"spec": {"ports": [{"name": "a", "port": 1}], "tags": ["x"], "args": ["1"]}});
        let applied = json!({"spec": {"ports": [{"name": "b", "port": 2}, {"name": "a", "port": 3}], "tags": ["y"], "args": ["2"]}});
        apply_merge(&mut live, &applied, Some(&schema), &mut vec![]);
        assert_eq!(
            live,
            json!({"spec": {"ports": [{"name": "a", "port": 3}, {"name": "b", "port": 2}], "tags": ["x", "y"], "args": ["2"]}})
        );
    }

    #[test]
    fn json_patch_and_merge_patch() {
        let mut d = json!({"a": {"b": [1, 2]}, "c": 1});
        json_patch(&mut d, &json!([{"op": "add", "path": "/a/b/-", "value": 3}, {"op": "remove", "path": "/c"}, {"op": "test", "path": "/a/b/0", "value": 1}])).expect("patch");
        assert_eq!(d, json!({"a": {"b": [1, 2, 3]}}));
        assert!(json_patch(
            &mut d,
            &json!([{"op": "test", "path": "/a/b/0", "value": 9}])
        )
        .is_err());
        merge_patch(&mut d, &json!({"a": {"b": null, "z": true}}));
        assert_eq!(d, json!({"a": {"z": true}}));
    }
}

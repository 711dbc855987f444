//! The object store and its write semantics: resourceVersions from one global counter, watch
//! history with compaction, create/update/patch/delete with optimistic concurrency, status
//! subresource rules, `generation`, managedFields and finalizers; after every write, namespace
//! termination and garbage collection through ownerReferences (`crate::gc`).

use crate::control::{FaultRule, Latency, LogEntry};
use crate::fields::{self, ApplyOutcome};
use crate::registry::{self, ResourceInfo};
use crate::schema;
use crate::selector::{FieldSelector, LabelSelector};
use crate::util::PointerAt;
use crate::util::{meta_mut, meta_str, new_uid, now_rfc3339, ApiError, ApiResult};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// Key of a stored kind: (group, plural). All served versions share the storage.
pub type Gr = (String, String);

#[derive(Debug, Clone)]
pub struct Event {
    pub rv: u64,
    pub gr: Gr,
    pub namespace: String,
    pub etype: &'static str,
    pub object: Value,
    /// Previous state for MODIFIED, so selector watches can turn it into ADDED/DELETED.
    pub old: Option<Value>,
    /// When the write happened (watch latency counts from here).
    pub at: tokio::time::Instant,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Validation {
    Strict,
    Warn,
    Ignore,
}

/// Per-request write options.
#[derive(Debug, Clone)]
pub struct WriteCtx {
    pub dry_run: bool,
    pub field_manager: Option<String>,
    pub validation: Validation,
    /// Manager name used when the request names none (derived from the User-Agent).
    pub default_manager: String,
    pub warnings: Vec<String>,
    /// Skip managedFields bookkeeping (objects seeded by the test harness, e.g. the large
    /// KubeVirt CRDs, where it would only cost time).
    pub untracked: bool,
}

impl Default for WriteCtx {
    fn default() -> Self {
        WriteCtx {
            dry_run: false,
            field_manager: None,
            validation: Validation::Warn,
            default_manager: "unknown".into(),
            warnings: vec![],
            untracked: false,
        }
    }
}

impl WriteCtx {
    fn manager(&self) -> String {
        self.field_manager
            .clone()
            .unwrap_or_else(|| self.default_manager.clone())
    }
}

pub struct State {
    pub resources: Vec<ResourceInfo>,
    pub objects: BTreeMap<Gr, BTreeMap<(String, String), Value>>,
    pub rv: u64,
    pub history: VecDeque<Arc<Event>>,
    /// Events at or below this resourceVersion are gone: watching from there is 410 Gone.
    pub compacted_rv: u64,
    pub history_limit: usize,
    pub events: broadcast::Sender<Arc<Event>>,
    /// Bearer token -> user and groups (see `crate::rbac`).
    pub users: BTreeMap<String, crate::rbac::Identity>,
    pub faults: Vec<FaultRule>,
    pub latency: Latency,
    pub log: Vec<LogEntry>,
    pub bookmark_interval: Duration,
    /// KubeVirt's VM mutating webhook runs (where virt-api is installed); see `admission`.
    pub kubevirt_defaulting: bool,
    /// Uids and owners of the stored objects, and the garbage collector's work (`crate::gc`):
    /// `objects` changes only through `put_object` and `take_object`, which keep it.
    pub(crate) owners: crate::gc::OwnerIndex,
}

fn gr(ri: &ResourceInfo) -> Gr {
    (ri.group.clone(), ri.plural.clone())
}

fn ns_key(ri: &ResourceInfo, ns: Option<&str>) -> String {
    if ri.namespaced {
        ns.unwrap_or("").to_string()
    } else {
        String::new()
    }
}

/// How the values under one key are compared instead of with `==`.
type SameUnder<'a> = (&'a str, &'a dyn Fn(&Value, &Value) -> bool);

/// Whether two objects are the same apart from `skip`'s keys (at the top level), and with
/// `same` judging the values under `special`'s key: the comparisons a write makes between
/// the object stored and the one written, without copying either (a write copied each object
/// twice for them, a share of every write's time on a fleet's large VM objects).
fn same_but(a: &Value, b: &Value, skip: &[&str], special: Option<SameUnder<'_>>) -> bool {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return a == b;
    };
    let kept = |m: &serde_json::Map<String, Value>| {
        m.keys().filter(|k| !skip.contains(&k.as_str())).count()
    };
    kept(a) == kept(b)
        && a.iter()
            .filter(|(k, _)| !skip.contains(&k.as_str()))
            .all(|(k, va)| match (b.get(k), special) {
                (None, _) => false,
                (Some(vb), Some((key, same))) if k == key => same(va, vb),
                (Some(vb), _) => va == vb,
            })
}

/// Whether a write changes the object's generation: anything but its metadata, status,
/// apiVersion and kind changed.
fn same_for_generation(a: &Value, b: &Value) -> bool {
    same_but(a, b, &["metadata", "status", "apiVersion", "kind"], None)
}

pub enum DeleteResult {
    Gone(Value),
    Pending(Value),
}

impl State {
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(4096);
        let mut s = State {
            resources: registry::builtins(),
            objects: BTreeMap::new(),
            rv: 1,
            history: VecDeque::new(),
            compacted_rv: 0,
            history_limit: 10_000,
            events: tx,
            users: BTreeMap::new(),
            faults: vec![],
            latency: Latency::default(),
            log: vec![],
            bookmark_interval: Duration::from_secs(1),
            kubevirt_defaulting: true,
            owners: crate::gc::OwnerIndex::default(),
        };
        for ns in ["default", "kube-system", "kube-public"] {
            let ri = s.find("", "v1", "namespaces").cloned();
            if let Some(ri) = ri {
                let _ = s.create(
                    &ri,
                    None,
                    json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}),
                    &mut WriteCtx::default(),
                );
            }
        }
        // Authentication, RBAC kinds and the bootstrap roles (crate::rbac).
        crate::rbac::install(&mut s);
        s
    }

    pub fn find(&self, group: &str, version: &str, plural: &str) -> Option<&ResourceInfo> {
        self.resources
            .iter()
            .find(|r| r.group == group && r.version == version && r.plural == plural)
    }

    /// First (preferred) registered version of a kind, for internal lookups.
    pub fn find_kind(&self, api_version: &str, kind: &str) -> Option<&ResourceInfo> {
        let (g, v) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        self.resources
            .iter()
            .find(|r| r.group == g && r.version == v && r.kind == kind)
    }

    pub(crate) fn next_rv(&mut self) -> u64 {
        self.rv += 1;
        self.rv
    }

    pub(crate) fn emit(
        &mut self,
        etype: &'static str,
        gr: Gr,
        ns: String,
        object: Value,
        old: Option<Value>,
        rv: u64,
    ) {
        let ev = Arc::new(Event {
            rv,
            gr,
            namespace: ns,
            etype,
            object,
            old,
            at: tokio::time::Instant::now(),
        });
        self.history.push_back(ev.clone());
        while self.history.len() > self.history_limit {
            if let Some(e) = self.history.pop_front() {
                self.compacted_rv = e.rv;
            }
        }
        let _ = self.events.send(ev);
    }

    /// Forget all watch history: watches from any earlier resourceVersion get 410 Gone.
    pub fn compact(&mut self) {
        self.history.clear();
        self.compacted_rv = self.rv;
    }

    pub fn get(&self, ri: &ResourceInfo, ns: Option<&str>, name: &str) -> ApiResult<Value> {
        self.objects
            .get(&gr(ri))
            .and_then(|m| m.get(&(ns_key(ri, ns), name.to_string())))
            .map(|o| self.present(ri, o))
            .ok_or_else(|| ApiError::not_found(&ri.qualified(), name))
    }

    /// The stored object as served at the request's version.
    pub fn present(&self, ri: &ResourceInfo, o: &Value) -> Value {
        let mut o = o.clone();
        o["apiVersion"] = json!(ri.api_version());
        o["kind"] = json!(ri.kind);
        o
    }

    pub fn list(
        &self,
        ri: &ResourceInfo,
        ns: Option<&str>,
        labels: &LabelSelector,
        fields: &FieldSelector,
    ) -> Vec<Value> {
        let Some(m) = self.objects.get(&gr(ri)) else {
            return vec![];
        };
        m.iter()
            .filter(|((ons, _), _)| ns.is_none_or(|n| !ri.namespaced || n == ons))
            .filter(|(_, o)| labels.matches(o) && fields.matches(o))
            .map(|(_, o)| self.present(ri, o))
            .collect()
    }

    fn namespace_check(&self, ri: &ResourceInfo, ns: Option<&str>) -> ApiResult<()> {
        if !ri.namespaced {
            return Ok(());
        }
        let ns = ns.unwrap_or("");
        let nsobj = self
            .objects
            .get(&(String::new(), "namespaces".to_string()))
            .and_then(|m| m.get(&(String::new(), ns.to_string())));
        match nsobj {
            None => Err(ApiError::not_found("namespaces", ns)),
            Some(n) if n.pointer_at("/metadata/deletionTimestamp").is_some() => Err(ApiError::new(
                403,
                "Forbidden",
                format!("{} \"{}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", ri.qualified(), "")
                    .replace(" \"\"", ""),
            )),
            _ => Ok(()),
        }
    }

    /// Schema check of a CR body (prunes in place).
    fn validate(&self, ri: &ResourceInfo, obj: &mut Value, ctx: &mut WriteCtx) -> ApiResult<()> {
        self.validate_opt(ri, obj, ctx, false)
    }

    /// `partial`: an apply configuration, which need not carry required fields (the merged
    /// result is validated in full afterwards).
    fn validate_opt(
        &self,
        ri: &ResourceInfo,
        obj: &mut Value,
        ctx: &mut WriteCtx,
        partial: bool,
    ) -> ApiResult<()> {
        let name = meta_str(obj, "name").unwrap_or("").to_string();
        let builtin_report = builtin_top_level(ri).map(|allowed| {
            let mut rep = schema::Report::default();
            if let Some(m) = obj.as_object_mut() {
                let unknown: Vec<String> = m
                    .keys()
                    .filter(|k| !allowed.contains(&k.as_str()))
                    .cloned()
                    .collect();
                for k in unknown {
                    m.remove(&k);
                    rep.unknown.push(k);
                }
            }
            rep
        });
        let checked = match (&ri.schema, builtin_report) {
            (Some(schema), _) => Some(schema::check(obj, schema)),
            (None, r) => r,
        };
        if let Some(mut rep) = checked {
            if partial {
                rep.invalid.retain(|(_, m)| m != "Required value");
            }
            if !rep.invalid.is_empty() {
                return Err(ApiError::invalid(
                    &format!("{}.{}", ri.kind, ri.group),
                    &name,
                    rep.invalid,
                ));
            }
            if !rep.unknown.is_empty() {
                match ctx.validation {
                    Validation::Strict => {
                        let parts: Vec<String> = rep
                            .unknown
                            .iter()
                            .map(|f| format!("unknown field \"{f}\""))
                            .collect();
                        return Err(ApiError::bad_request(format!(
                            "strict decoding error: {}",
                            parts.join(", ")
                        )));
                    }
                    Validation::Warn => {
                        for f in rep.unknown {
                            ctx.warnings.push(format!("unknown field \"{f}\""));
                        }
                    }
                    Validation::Ignore => {}
                }
            }
        }
        if ri.plural == "horizontalpodautoscalers" && !partial {
            let errors = crate::hpa::validate(obj);
            if !errors.is_empty() {
                return Err(ApiError::invalid(
                    "HorizontalPodAutoscaler.autoscaling",
                    &name,
                    errors,
                ));
            }
        }
        if ri.plural == "customresourcedefinitions" {
            registry::from_crd(obj).map_err(|m| {
                ApiError::invalid(
                    "CustomResourceDefinition.apiextensions.k8s.io",
                    &name,
                    vec![("spec".into(), m)],
                )
            })?;
        }
        Ok(())
    }

    fn check_type(&self, ri: &ResourceInfo, obj: &Value) -> ApiResult<()> {
        let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
        let av = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        if (!kind.is_empty() && kind != ri.kind) || (!av.is_empty() && av != ri.api_version()) {
            return Err(ApiError::bad_request(format!(
                "the API version in the data ({av}) does not match the expected API version ({})",
                ri.api_version()
            ))
            .with_kind_message(kind, &ri.kind));
        }
        Ok(())
    }

    pub fn create(
        &mut self,
        ri: &ResourceInfo,
        ns: Option<&str>,
        mut obj: Value,
        ctx: &mut WriteCtx,
    ) -> ApiResult<Value> {
        if !obj.is_object() {
            return Err(ApiError::bad_request(
                "the body of the request was not a JSON object",
            ));
        }
        self.check_type(ri, &obj)?;
        let nsk = ns_key(ri, ns);
        {
            let m = meta_mut(&mut obj);
            if m.get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .is_empty()
            {
                if let Some(g) = m.get("generateName").and_then(Value::as_str) {
                    let suffix = new_uid().replace('-', "");
                    let name = format!("{g}{}", &suffix[suffix.len() - 5..]);
                    m.insert("name".into(), json!(name));
                }
            }
            if let Some(bns) = m.get("namespace").and_then(Value::as_str) {
                if ri.namespaced && bns != nsk {
                    return Err(ApiError::bad_request(
                        "the namespace of the provided object does not match the namespace sent on the request",
                    ));
                }
            }
        }
        let name = meta_str(&obj, "name").unwrap_or("").to_string();
        if name.is_empty() {
            return Err(ApiError::invalid(
                &ri.kind,
                "",
                vec![(
                    "metadata.name".into(),
                    "Required value: name or generateName is required".into(),
                )],
            ));
        }
        self.namespace_check(ri, Some(&nsk))?;
        self.validate(ri, &mut obj, ctx)?;
        if self
            .objects
            .get(&gr(ri))
            .is_some_and(|m| m.contains_key(&(nsk.clone(), name.clone())))
        {
            let mut e = ApiError::new(
                409,
                "AlreadyExists",
                format!("{} \"{name}\" already exists", ri.qualified()),
            );
            e.details = Some(json!({"name": name, "group": ri.group, "kind": ri.plural}));
            return Err(e);
        }
        if ri.status_subresource && ri.from_crd {
            if let Some(m) = obj.as_object_mut() {
                m.remove("status");
            }
        }
        self.prepare_new(ri, &mut obj, &nsk, &name);
        let now = now_rfc3339();
        if !ctx.untracked {
            let mut entries = fields::parse_entries(&Value::Null);
            fields::track_update(
                &mut entries,
                None,
                &obj,
                ri.schema.as_deref(),
                &ctx.manager(),
                &ri.api_version(),
                None,
                &now,
            );
            fields::write_entries(&mut obj, &entries);
        }
        crate::admission::mutating_admission(self, ri, None, &mut obj, None);
        self.commit(ri, &nsk, &name, None, obj, ctx)
    }

    fn prepare_new(&self, ri: &ResourceInfo, obj: &mut Value, nsk: &str, name: &str) {
        obj["apiVersion"] = json!(ri.api_version());
        obj["kind"] = json!(ri.kind);
        let m = meta_mut(obj);
        m.insert("name".into(), json!(name));
        if ri.namespaced {
            m.insert("namespace".into(), json!(nsk));
        } else {
            m.remove("namespace");
        }
        m.insert("uid".into(), json!(new_uid()));
        m.insert("creationTimestamp".into(), json!(now_rfc3339()));
        m.remove("deletionTimestamp");
        m.remove("resourceVersion");
        if ri.has_generation {
            m.insert("generation".into(), json!(1));
        }
        if ri.plural == "namespaces" {
            obj["status"] = json!({"phase": "Active"});
            obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = json!(name);
        }
        if ri.plural == "customresourcedefinitions" {
            let names = obj.pointer_at("/spec/names").cloned().unwrap_or(json!({}));
            obj["status"] = json!({
                "acceptedNames": names,
                "conditions": [
                    {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found", "lastTransitionTime": now_rfc3339()},
                    {"type": "Established", "status": "True", "reason": "InitialNamesAccepted", "message": "the initial names have been accepted", "lastTransitionTime": now_rfc3339()}
                ],
                "storedVersions": obj.pointer_at("/spec/versions").and_then(Value::as_array).map(|a| a.iter().filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true)).filter_map(|v| v.get("name").cloned()).collect::<Vec<_>>()).unwrap_or_default(),
            });
        }
    }

    /// Persist (unless dry run), emit the watch event, then let finalizers and GC act.
    pub(crate) fn commit(
        &mut self,
        ri: &ResourceInfo,
        nsk: &str,
        name: &str,
        old: Option<Value>,
        mut obj: Value,
        ctx: &WriteCtx,
    ) -> ApiResult<Value> {
        normalize_builtin(ri, &mut obj);
        if ctx.dry_run {
            if old.is_none() {
                meta_mut(&mut obj).remove("resourceVersion");
            }
            return Ok(self.present(ri, &obj));
        }
        let deleting = obj.pointer_at("/metadata/deletionTimestamp").is_some();
        let no_finalizers = obj
            .pointer_at("/metadata/finalizers")
            .and_then(Value::as_array)
            .is_none_or(|a| a.is_empty());
        let rv = self.next_rv();
        meta_mut(&mut obj).insert("resourceVersion".into(), json!(rv.to_string()));
        let key = (gr(ri), (nsk.to_string(), name.to_string()));
        // Namespaces are removed by the namespace controller (gc) once empty.
        let answer =
            if deleting && no_finalizers && !(ri.plural == "namespaces" && ri.group.is_empty()) {
                self.take_object(&key);
                self.emit("DELETED", gr(ri), nsk.into(), obj.clone(), None, rv);
                self.after_remove(ri, &obj);
                self.present(ri, &obj)
            } else {
                // (Two copies, not three: the stored object and the answer; the event takes the
                // object itself. A roll of 200 VMs makes thousands of writes.)
                let answer = self.present(ri, &obj);
                self.put_object(key, obj.clone());
                if ri.plural == "customresourcedefinitions" {
                    self.register_crd(&obj);
                }
                let et = if old.is_some() { "MODIFIED" } else { "ADDED" };
                self.emit(et, gr(ri), nsk.into(), obj, old, rv);
                answer
            };
        // (Cheap when the collector has nothing noted: see `crate::gc`.)
        self.gc();
        Ok(answer)
    }

    fn register_crd(&mut self, crd: &Value) {
        if let Ok(infos) = registry::from_crd(crd) {
            for i in infos {
                self.resources.retain(|r| {
                    !(r.group == i.group && r.version == i.version && r.plural == i.plural)
                });
                self.resources.push(i);
            }
        }
    }

    fn after_remove(&mut self, ri: &ResourceInfo, obj: &Value) {
        if ri.plural == "customresourcedefinitions" {
            let g = obj
                .pointer_at("/spec/group")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let p = obj
                .pointer_at("/spec/names/plural")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            self.resources.retain(|r| !(r.group == g && r.plural == p));
            for ((ns, _), o) in self.take_kind(&(g.clone(), p.clone())) {
                let rv = self.next_rv();
                self.emit("DELETED", (g.clone(), p.clone()), ns, o, None, rv);
            }
        }
    }

    /// Carry server-owned metadata over, apply status-subresource and generation rules.
    fn carry_over(
        &self,
        ri: &ResourceInfo,
        old: &Value,
        new: &mut Value,
        subresource: Option<&str>,
    ) {
        if subresource == Some("status") {
            let status = new.get("status").cloned();
            let mut merged = old.clone();
            match status {
                Some(s) => merged["status"] = s,
                None => {
                    if let Some(m) = merged.as_object_mut() {
                        m.remove("status");
                    }
                }
            }
            if let Some(mf) = new.pointer_at("/metadata/managedFields").cloned() {
                meta_mut(&mut merged).insert("managedFields".into(), mf);
            }
            *new = merged;
        } else if ri.status_subresource {
            match old.get("status") {
                Some(s) => new["status"] = s.clone(),
                None => {
                    if let Some(m) = new.as_object_mut() {
                        m.remove("status");
                    }
                }
            }
        }
        new["apiVersion"] = json!(ri.api_version());
        new["kind"] = json!(ri.kind);
        for k in [
            "name",
            "namespace",
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
        ] {
            let m = meta_mut(new);
            match old.pointer_at(&format!("/metadata/{k}")) {
                Some(v) => {
                    m.insert(k.into(), v.clone());
                }
                None => {
                    m.remove(k);
                }
            }
        }
        if ri.has_generation && !same_for_generation(old, new) {
            let g = old
                .pointer_at("/metadata/generation")
                .and_then(Value::as_i64)
                .unwrap_or(0)
                + 1;
            meta_mut(new).insert("generation".into(), json!(g));
        }
    }

    fn lookup(&self, ri: &ResourceInfo, nsk: &str, name: &str) -> ApiResult<Value> {
        self.objects
            .get(&gr(ri))
            .and_then(|m| m.get(&(nsk.to_string(), name.to_string())))
            .cloned()
            .ok_or_else(|| ApiError::not_found(&ri.qualified(), name))
    }

    fn conflict(ri: &ResourceInfo, name: &str) -> ApiError {
        let mut e = ApiError::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
                ri.qualified()
            ),
        );
        e.details = Some(json!({"name": name, "group": ri.group, "kind": ri.plural}));
        e
    }

    /// PUT.
    pub fn update(
        &mut self,
        ri: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
        mut obj: Value,
        subresource: Option<&str>,
        ctx: &mut WriteCtx,
    ) -> ApiResult<Value> {
        if !obj.is_object() {
            return Err(ApiError::bad_request(
                "the body of the request was not a JSON object",
            ));
        }
        self.check_type(ri, &obj)?;
        let nsk = ns_key(ri, ns);
        if let Some(bn) = meta_str(&obj, "name") {
            if bn != name {
                return Err(ApiError::bad_request(
                    "the name of the object (".to_string()
                        + bn
                        + ") does not match the name on the URL ("
                        + name
                        + ")",
                ));
            }
        }
        let old = self.lookup(ri, &nsk, name)?;
        match meta_str(&obj, "resourceVersion") {
            Some(rv) if Some(rv) != meta_str(&old, "resourceVersion") => {
                return Err(Self::conflict(ri, name))
            }
            None if ri.from_crd => {
                return Err(ApiError::invalid(
                    &format!("{}.{}", ri.kind, ri.group),
                    name,
                    vec![(
                        "metadata.resourceVersion".into(),
                        "Invalid value: 0x0: must be specified for an update".into(),
                    )],
                ))
            }
            _ => {}
        }
        self.validate(ri, &mut obj, ctx)?;
        self.finish_write(ri, &nsk, name, old, obj, subresource, ctx, None)
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_write(
        &mut self,
        ri: &ResourceInfo,
        nsk: &str,
        name: &str,
        old: Value,
        mut obj: Value,
        subresource: Option<&str>,
        ctx: &mut WriteCtx,
        applied_entries: Option<()>,
    ) -> ApiResult<Value> {
        self.carry_over(ri, &old, &mut obj, subresource);
        if applied_entries.is_none() {
            let mut entries = fields::parse_entries(&old);
            if let Some(mf) = obj.pointer_at("/metadata/managedFields") {
                // A client replacing managedFields (e.g. clearing them) is honoured as sent.
                if Some(mf) != old.pointer_at("/metadata/managedFields") {
                    entries = fields::parse_entries(&obj);
                }
            }
            fields::track_update(
                &mut entries,
                Some(&old),
                &obj,
                ri.schema.as_deref(),
                &ctx.manager(),
                &ri.api_version(),
                subresource,
                &now_rfc3339(),
            );
            fields::write_entries(&mut obj, &entries);
        }
        crate::admission::mutating_admission(self, ri, Some(&old), &mut obj, subresource);
        if ri.plural == "namespaces" && subresource.is_none() {
            obj["status"] = old
                .get("status")
                .cloned()
                .unwrap_or(json!({"phase": "Active"}));
        }
        if same_but_for_noop(&obj, &old) && !ctx.dry_run {
            // No-op writes do not bump the resourceVersion, as on the real server.
            return Ok(self.present(ri, &old));
        }
        self.commit(ri, nsk, name, Some(old), obj, ctx)
    }

    /// PATCH (merge, JSON, strategic-as-merge, apply).
    #[allow(clippy::too_many_arguments)]
    pub fn patch(
        &mut self,
        ri: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
        content_type: &str,
        body: &[u8],
        subresource: Option<&str>,
        force: bool,
        ctx: &mut WriteCtx,
    ) -> ApiResult<(u16, Value)> {
        let nsk = ns_key(ri, ns);
        let ct = content_type.split(';').next().unwrap_or("").trim();
        if ct == "application/apply-patch+yaml" || ct == "application/apply-patch+cbor" {
            return self.apply(ri, &nsk, name, body, subresource, force, ctx);
        }
        let patch: Value = serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
        let old = self.lookup(ri, &nsk, name)?;
        let mut obj = old.clone();
        match ct {
            "application/merge-patch+json" | "application/strategic-merge-patch+json" => {
                fields::merge_patch(&mut obj, &patch)
            }
            "application/json-patch+json" => fields::json_patch(&mut obj, &patch)
                .map_err(|_| crate::messages::json_patch_rejected())?,
            other => {
                return Err(ApiError::new(415, "UnsupportedMediaType", format!("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {other})")));
            }
        }
        if let Some(rv) = patch
            .pointer_at("/metadata/resourceVersion")
            .and_then(Value::as_str)
        {
            if Some(rv) != meta_str(&old, "resourceVersion") {
                return Err(Self::conflict(ri, name));
            }
        }
        self.validate(ri, &mut obj, ctx)?;
        self.finish_write(ri, &nsk, name, old, obj, subresource, ctx, None)
            .map(|v| (200, v))
    }

    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        ri: &ResourceInfo,
        nsk: &str,
        name: &str,
        body: &[u8],
        subresource: Option<&str>,
        force: bool,
        ctx: &mut WriteCtx,
    ) -> ApiResult<(u16, Value)> {
        let manager = ctx.field_manager.clone().ok_or_else(|| {
            ApiError::bad_request("PATCH /apply requires a fieldManager query parameter")
        })?;
        let text = std::str::from_utf8(body)
            .map_err(|_| ApiError::bad_request("apply body is not UTF-8"))?;
        let mut applied: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(_) => crate::util::parse_yaml(text)
                .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?,
        };
        if !applied.is_object() {
            return Err(ApiError::bad_request("apply body must be an object"));
        }
        if applied
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("")
            .is_empty()
            || applied
                .get("apiVersion")
                .and_then(Value::as_str)
                .unwrap_or("")
                .is_empty()
        {
            return Err(ApiError::bad_request("invalid object type: /, Kind="));
        }
        self.check_type(ri, &applied)?;
        if let Some(bn) = meta_str(&applied, "name") {
            if bn != name {
                return Err(ApiError::bad_request(format!(
                    "the name of the object ({bn}) does not match the name on the URL ({name})"
                )));
            }
        }
        if let Some(bns) = meta_str(&applied, "namespace") {
            if ri.namespaced && bns != nsk {
                return Err(ApiError::bad_request("the namespace of the provided object does not match the namespace sent on the request"));
            }
        }
        {
            let m = meta_mut(&mut applied);
            m.insert("name".into(), json!(name));
            for k in [
                "uid",
                "resourceVersion",
                "creationTimestamp",
                "generation",
                "managedFields",
                "deletionTimestamp",
            ] {
                m.remove(k);
            }
            if ri.namespaced {
                m.insert("namespace".into(), json!(nsk));
            }
        }
        // As structured-merge-diff's typed conversion, before anything else looks at it.
        crate::messages::check_apply(ri, nsk, name, &applied, builtin_top_level(ri))?;
        self.validate_opt(ri, &mut applied, ctx, true)?;
        // Only the part of the object this endpoint writes takes part in ownership.
        let mut scoped = applied.clone();
        if let Some(m) = scoped.as_object_mut() {
            if subresource == Some("status") {
                let keep_status = m.get("status").cloned();
                let meta = m.get("metadata").cloned();
                m.clear();
                m.insert("apiVersion".into(), applied["apiVersion"].clone());
                m.insert("kind".into(), applied["kind"].clone());
                if let Some(mm) = meta {
                    m.insert(
                        "metadata".into(),
                        json!({"name": mm.get("name"), "namespace": mm.get("namespace")}),
                    );
                }
                if let Some(s) = keep_status {
                    m.insert("status".into(), s);
                }
            } else if ri.status_subresource {
                m.remove("status");
            }
        }
        if let Some(mm) = scoped.get_mut("metadata").and_then(Value::as_object_mut) {
            if mm.get("namespace").is_some_and(Value::is_null) {
                mm.remove("namespace");
            }
        }
        let old = self
            .objects
            .get(&gr(ri))
            .and_then(|m| m.get(&(nsk.to_string(), name.to_string())))
            .cloned();
        let now = now_rfc3339();
        match fields::server_side_apply(
            old.as_ref(),
            &scoped,
            ri.schema.as_deref(),
            &manager,
            force,
            &ri.api_version(),
            subresource,
            &now,
        ) {
            ApplyOutcome::Conflicts(c) => {
                let msg = fields::conflict_message(&c);
                let causes: Vec<Value> = c
                    .iter()
                    .map(|(m, u, p)| {
                        let who = if u.is_empty() { format!("\"{m}\"") } else { format!("\"{m}\" {u}") };
                        json!({"reason": "FieldManagerConflict", "message": format!("conflict with {who}"), "field": fields::path_string(p)})
                    })
                    .collect();
                let mut e = ApiError::new(409, "Conflict", msg);
                e.details = Some(json!({"causes": causes}));
                Err(e)
            }
            ApplyOutcome::Ok(mut obj) => {
                if subresource.is_none() {
                    let mut quiet = WriteCtx {
                        validation: Validation::Ignore,
                        ..ctx.clone()
                    };
                    self.validate(ri, &mut obj, &mut quiet)?;
                }
                match old {
                    None => {
                        if subresource.is_some() {
                            return Err(ApiError::not_found(&ri.qualified(), name));
                        }
                        self.namespace_check(ri, Some(nsk))?;
                        let mut obj = obj;
                        if ri.status_subresource && ri.from_crd {
                            if let Some(m) = obj.as_object_mut() {
                                m.remove("status");
                            }
                        }
                        self.prepare_new(ri, &mut obj, nsk, name);
                        crate::admission::mutating_admission(self, ri, None, &mut obj, None);
                        self.commit(ri, nsk, name, None, obj, ctx).map(|v| (201, v))
                    }
                    Some(old) => {
                        let mut obj = obj;
                        if subresource == Some("status") {
                            // Status applies leave everything but status (and managedFields) untouched.
                            let mut merged = old.clone();
                            if let Some(s) = obj.get("status") {
                                merged["status"] = s.clone();
                            }
                            if let Some(mf) = obj.pointer_at("/metadata/managedFields") {
                                meta_mut(&mut merged).insert("managedFields".into(), mf.clone());
                            }
                            obj = merged;
                        }
                        self.finish_write(ri, nsk, name, old, obj, subresource, ctx, Some(()))
                            .map(|v| (200, v))
                    }
                }
            }
        }
    }

    /// DELETE. `propagation`: Background (default), Foreground or Orphan.
    pub fn delete(
        &mut self,
        ri: &ResourceInfo,
        ns: Option<&str>,
        name: &str,
        propagation: Option<&str>,
        preconditions: &Value,
        ctx: &mut WriteCtx,
    ) -> ApiResult<DeleteResult> {
        let nsk = ns_key(ri, ns);
        let old = self.lookup(ri, &nsk, name)?;
        if let Some(uid) = preconditions.get("uid").and_then(Value::as_str) {
            if Some(uid) != meta_str(&old, "uid") {
                let mut e = Self::conflict(ri, name);
                e.message = format!("Operation cannot be fulfilled on {} \"{name}\": Precondition failed: UID in precondition: {uid}, UID in object meta: {}", ri.qualified(), meta_str(&old, "uid").unwrap_or(""));
                return Err(e);
            }
        }
        if let Some(rv) = preconditions.get("resourceVersion").and_then(Value::as_str) {
            if Some(rv) != meta_str(&old, "resourceVersion") {
                return Err(Self::conflict(ri, name));
            }
        }
        let mut obj = old.clone();
        let uid = meta_str(&old, "uid").unwrap_or("").to_string();
        if !ctx.dry_run && propagation == Some("Orphan") {
            self.orphan_dependents(&uid);
        }
        {
            let m = meta_mut(&mut obj);
            if propagation == Some("Foreground") && self.has_dependents(&uid) {
                let fins = m.entry("finalizers").or_insert(json!([]));
                if let Some(a) = fins.as_array_mut() {
                    if !a.contains(&json!("foregroundDeletion")) {
                        a.push(json!("foregroundDeletion"));
                    }
                }
            }
            if !m.contains_key("deletionTimestamp") {
                if ri.plural == "namespaces" && ri.group.is_empty() {
                    obj["status"] = json!({"phase": "Terminating"});
                }
                let m = meta_mut(&mut obj);
                m.insert("deletionTimestamp".into(), json!(now_rfc3339()));
                m.insert("deletionGracePeriodSeconds".into(), json!(0));
            }
        }
        let pending = obj
            .pointer_at("/metadata/finalizers")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty());
        if pending && obj == old {
            return Ok(DeleteResult::Pending(self.present(ri, &old)));
        }
        let out = self.commit(ri, &nsk, name, Some(old), obj, ctx)?;
        if ri.plural == "namespaces" && !ctx.dry_run {
            self.gc();
            let still = self
                .objects
                .get(&gr(ri))
                .is_some_and(|m| m.contains_key(&(nsk.clone(), name.to_string())));
            if still {
                return Ok(DeleteResult::Pending(out));
            }
        }
        Ok(if pending {
            DeleteResult::Pending(out)
        } else {
            DeleteResult::Gone(out)
        })
    }

    pub(crate) fn info_for(&self, g: &Gr) -> Option<ResourceInfo> {
        self.resources
            .iter()
            .find(|r| r.group == g.0 && r.plural == g.1)
            .cloned()
    }
}

impl Default for State {
    fn default() -> Self {
        Self::new()
    }
}

/// Top-level fields of the builtin kinds the plugin writes, so that `fieldValidation=Strict`
/// catches misspelt top-level fields there too (nested builtin fields are not checked).
fn builtin_top_level(ri: &ResourceInfo) -> Option<&'static [&'static str]> {
    if !ri.group.is_empty() && ri.group != "coordination.k8s.io" && ri.group != "storage.k8s.io" {
        return None;
    }
    Some(match (ri.group.as_str(), ri.plural.as_str()) {
        ("", "secrets") => &[
            "apiVersion",
            "kind",
            "metadata",
            "data",
            "stringData",
            "type",
            "immutable",
        ],
        ("", "configmaps") => &[
            "apiVersion",
            "kind",
            "metadata",
            "data",
            "binaryData",
            "immutable",
        ],
        ("", "services" | "namespaces" | "persistentvolumeclaims" | "resourcequotas" | "pods") => {
            &["apiVersion", "kind", "metadata", "spec", "status"]
        }
        ("coordination.k8s.io", "leases") => &["apiVersion", "kind", "metadata", "spec"],
        ("storage.k8s.io", "storageclasses") => &[
            "apiVersion",
            "kind",
            "metadata",
            "provisioner",
            "parameters",
            "reclaimPolicy",
            "mountOptions",
            "allowVolumeExpansion",
            "volumeBindingMode",
            "allowedTopologies",
        ],
        _ => return None,
    })
}

/// Server-side defaulting of builtin kinds that clients rely on: Secret `stringData` is
/// folded into base64 `data` and `type` defaults to Opaque; Service `type` to ClusterIP.
fn normalize_builtin(ri: &ResourceInfo, obj: &mut Value) {
    if !ri.group.is_empty() {
        return;
    }
    match ri.plural.as_str() {
        "secrets" => {
            if let Some(Value::Object(sd)) =
                obj.as_object_mut().and_then(|m| m.remove("stringData"))
            {
                if !obj.get("data").is_some_and(Value::is_object) {
                    obj["data"] = json!({});
                }
                for (k, v) in sd {
                    let text = v
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string());
                    obj["data"][k] = json!(base64(text.as_bytes()));
                }
            }
            if obj.get("type").is_none_or(|t| t == "") {
                obj["type"] = json!("Opaque");
            }
        }
        "services" => {
            if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) {
                spec.entry("type").or_insert(json!("ClusterIP"));
            }
        }
        _ => {}
    }
}

pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Whether two objects differ at most in what a no-op write may still touch: the
/// resourceVersion and the managedFields entries' times.
fn same_but_for_noop(a: &Value, b: &Value) -> bool {
    let same_entries = |a: &Value, b: &Value| match (a, b) {
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| same_but(x, y, &["time"], None))
        }
        _ => a == b,
    };
    let same_metadata = |a: &Value, b: &Value| {
        same_but(
            a,
            b,
            &["resourceVersion"],
            Some(("managedFields", &same_entries)),
        )
    };
    same_but(a, b, &[], Some(("metadata", &same_metadata)))
}

impl ApiError {
    fn with_kind_message(mut self, got: &str, want: &str) -> Self {
        if !got.is_empty() && got != want {
            self.message =
                format!("the kind in the data ({got}) does not match the expected kind ({want})");
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> WriteCtx {
        WriteCtx::default()
    }

    /// The comparisons without copies answer as the copies compared did: the object with
    /// the keys removed (the generation's view), or with its resourceVersion and
    /// managedFields times removed (the no-op view).
    #[test]
    fn comparing_in_place_answers_as_comparing_stripped_copies() {
        fn generation_view(v: &Value) -> Value {
            let mut c = v.clone();
            if let Some(m) = c.as_object_mut() {
                for k in ["metadata", "status", "apiVersion", "kind"] {
                    m.remove(k);
                }
            }
            c
        }
        fn noop_view(v: &Value) -> Value {
            let mut c = v.clone();
            if let Some(m) = c.get_mut("metadata").and_then(Value::as_object_mut) {
                m.remove("resourceVersion");
                if let Some(Value::Array(a)) = m.get_mut("managedFields") {
                    for e in a.iter_mut().filter_map(Value::as_object_mut) {
                        e.remove("time");
                    }
                }
            }
            c
        }
        let base = json!({"apiVersion": "v1", "kind": "X",
            "metadata": {"name": "a", "resourceVersion": "1", "generation": 1,
                "managedFields": [{"manager": "m", "time": "t1"}, "odd"]},
            "spec": {"x": [1, 2]}, "status": {"s": 1}});
        let variants = [
            base.clone(),
            json!({"apiVersion": "v1", "kind": "X",
                "metadata": {"name": "a", "resourceVersion": "2", "generation": 1,
                    "managedFields": [{"manager": "m", "time": "t2"}, "odd"]},
                "spec": {"x": [1, 2]}, "status": {"s": 1}}),
            json!({"apiVersion": "v1", "kind": "X",
                "metadata": {"name": "a", "generation": 1,
                    "managedFields": [{"manager": "m"}, "odd"]},
                "spec": {"x": [1, 2]}, "status": {"s": 2}}),
            json!({"apiVersion": "v1", "kind": "Y",
                "metadata": {"name": "b", "resourceVersion": "1",
                    "managedFields": [{"manager": "n", "time": "t1"}]},
                "spec": {"x": [1, 2]}}),
            json!({"apiVersion": "v1", "kind": "X",
                "metadata": {"name": "a", "resourceVersion": "1", "generation": 1,
                    "managedFields": [{"manager": "m", "time": "t1"}, "odd"]},
                "spec": {"x": [2, 1]}, "status": {"s": 1}}),
            json!({"metadata": "not a map", "spec": {"x": [1, 2]}}),
            json!({"metadata": {"managedFields": "not a list"}, "spec": {"x": [1, 2]}, "extra": 1}),
            json!([1, 2]),
            json!(null),
        ];
        for a in &variants {
            for b in &variants {
                assert_eq!(
                    same_for_generation(a, b),
                    generation_view(a) == generation_view(b),
                    "generation: {a} vs {b}"
                );
                assert_eq!(
                    same_but_for_noop(a, b),
                    noop_view(a) == noop_view(b),
                    "no-op: {a} vs {b}"
                );
            }
        }
        assert!(same_but_for_noop(&variants[0], &variants[1]));
        assert!(!same_but_for_noop(&variants[0], &variants[2]));
        assert!(same_for_generation(&variants[0], &variants[3]));
        assert!(!same_for_generation(&variants[0], &variants[4]));
    }

    #[test]
    fn secret_string_data_becomes_base64_data() {
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64(b"ab"), "YWI=");
        let mut s = State::new();
        let ri = s.find("", "v1", "secrets").cloned().expect("secrets");
        let o = s
            .create(&ri, Some("default"), json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "cloud-init"}, "stringData": {"userdata": "#cloud-config\n"}}), &mut ctx())
            .expect("create");
        assert_eq!(o["data"]["userdata"], "I2Nsb3VkLWNvbmZpZwo=");
        assert_eq!(o["type"], "Opaque");
        assert!(o.get("stringData").is_none());
    }

    #[test]
    fn strict_validation_catches_misspelt_top_level_fields_of_builtins() {
        let mut s = State::new();
        let ri = s.find("", "v1", "secrets").cloned().expect("secrets");
        let body = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "x"}, "stringdata": {"a": "b"}});
        let mut strict = WriteCtx {
            validation: Validation::Strict,
            ..WriteCtx::default()
        };
        let e = s
            .create(&ri, Some("default"), body.clone(), &mut strict)
            .expect_err("strict");
        assert_eq!(
            (e.code, e.message.as_str()),
            (400, "strict decoding error: unknown field \"stringdata\"")
        );
        let mut warn = ctx();
        let o = s
            .create(&ri, Some("default"), body, &mut warn)
            .expect("warn");
        assert!(o.get("stringdata").is_none());
        assert_eq!(
            warn.warnings,
            vec!["unknown field \"stringdata\"".to_string()]
        );
    }

    #[test]
    fn resource_versions_increase_and_noop_updates_keep_them() {
        let mut s = State::new();
        let ri = s.find("", "v1", "configmaps").cloned().expect("configmaps");
        let a = s.create(&ri, Some("default"), json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "v"}}), &mut ctx()).expect("create");
        let rv_a: u64 = a["metadata"]["resourceVersion"]
            .as_str()
            .and_then(|r| r.parse().ok())
            .expect("rv");
        let same = s
            .update(&ri, Some("default"), "a", a.clone(), None, &mut ctx())
            .expect("noop update");
        assert_eq!(
            same["metadata"]["resourceVersion"],
            a["metadata"]["resourceVersion"]
        );
        let mut changed = a.clone();
        changed["data"]["k"] = json!("w");
        let b = s
            .update(&ri, Some("default"), "a", changed, None, &mut ctx())
            .expect("update");
        let rv_b: u64 = b["metadata"]["resourceVersion"]
            .as_str()
            .and_then(|r| r.parse().ok())
            .expect("rv");
        assert!(rv_b > rv_a);
        assert_eq!(
            s.history.back().map(|e| (e.etype, e.rv)),
            Some(("MODIFIED", rv_b))
        );
    }
}

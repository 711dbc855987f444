//! Server-side apply of generated objects, in dependency order, with bounded parallelism and
//! retries, reporting kubectl's verbs (`created`, `configured`, `unchanged`).
//!
//! The verb comes from what existed before: objects are listed once per kind and namespace
//! up front (cheaper than one GET per object with hundreds of VMs, and it makes the verb
//! right even when a retried request had already been applied).

use super::error::{self, ClusterError};
use futures_util::stream::{self, StreamExt};
use kube::api::{Api, DynamicObject, ListParams, Patch, PatchParams};
use kube::discovery::{ApiCapabilities, ApiResource, Discovery, Scope};
use kube::Client;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

/// kubectl's `--dry-run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DryRun {
    #[default]
    None,
    Client,
    Server,
}

impl DryRun {
    /// The suffix kubectl prints after the verb.
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ApplyOptions {
    pub field_manager: String,
    pub force_conflicts: bool,
    pub dry_run: DryRun,
    /// Requests in flight at once within one dependency stage.
    pub concurrency: usize,
    /// Timeout of one request before it is retried.
    pub request_timeout: Duration,
    /// Attempts for one object on 5xx and timeouts (kube itself retries 429/503/504).
    pub attempts: u32,
    /// Namespaces that a server dry run creates only in appearance: the server cannot
    /// dry-run objects inside them, so those are reported `created` without a request.
    pub pending_namespaces: std::collections::BTreeSet<String>,
}

/// Server-side applies in flight at once by default. Each waits out the server's write
/// (admission and the etcd transaction: ~35 ms for a VM on a kube-apiserver 1.32 with etcd
/// on a 2-core machine), so the requests in flight set the pace: 500 VMs are 16 round trips
/// at 32, 32 at 16. Within what a user's requests get of a real server's default
/// max-mutating-requests-inflight (200, shared by API Priority and Fairness).
pub const DEFAULT_CONCURRENCY: usize = 32;

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            field_manager: "kubectl-vmmigrate".into(),
            force_conflicts: false,
            dry_run: DryRun::None,
            concurrency: DEFAULT_CONCURRENCY,
            request_timeout: Duration::from_secs(30),
            attempts: 5,
            pending_namespaces: Default::default(),
        }
    }
}

/// What happened to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Created,
    Configured,
    Unchanged,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Created => "created",
            Verb::Configured => "configured",
            Verb::Unchanged => "unchanged",
        }
    }
}

/// One object and where it goes.
#[derive(Debug, Clone)]
pub struct Target {
    pub object: Value,
    pub resource: ApiResource,
    pub namespaced: bool,
    /// `virtualmachine.kubevirt.io/web01`.
    pub reference: String,
}

impl Target {
    pub fn name(&self) -> &str {
        self.object["metadata"]["name"].as_str().unwrap_or_default()
    }
    pub fn namespace(&self) -> Option<&str> {
        self.object["metadata"]["namespace"].as_str()
    }
}

/// Result of one object's apply.
#[derive(Debug)]
pub struct Outcome {
    pub reference: String,
    pub result: Result<(Verb, Value), ClusterError>,
}

/// The whole run: outcomes in input order, and the references never attempted because an
/// earlier stage failed.
#[derive(Debug, Default)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub skipped: Vec<String>,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.result.is_err()).count()
    }
}

/// Stage of an object in dependency order: namespaces, then what VMs refer to, then VMs.
pub fn stage(object: &Value) -> u8 {
    match object["kind"].as_str().unwrap_or_default() {
        "Namespace" => 0,
        "Secret" | "ConfigMap" | "NetworkAttachmentDefinition" | "StorageClass" => 1,
        "DataVolume" | "PersistentVolumeClaim" => 2,
        "VirtualMachine" => 3,
        _ => 4,
    }
}

/// Discovers the API resource of every object and fills in the default namespace.
/// Kinds the server does not serve are collected, not failed one by one, so preflight can
/// report them together.
pub async fn resolve(
    client: &Client,
    objects: Vec<Value>,
    default_namespace: &str,
) -> Result<(Vec<Target>, Vec<String>), ClusterError> {
    let mut groups: Vec<String> = objects
        .iter()
        .map(|o| group_of(o["apiVersion"].as_str().unwrap_or_default()).to_string())
        .collect();
    groups.sort();
    groups.dedup();
    let filter: Vec<&str> = groups.iter().map(String::as_str).collect();
    let discovery = Discovery::new(client.clone())
        .filter(&filter)
        .run()
        .await
        .map_err(|e| ClusterError::api("cannot discover the server's APIs", &e))?;
    let mut targets = Vec::new();
    let mut missing = Vec::new();
    for mut object in objects {
        let api_version = object["apiVersion"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let kind = object["kind"].as_str().unwrap_or_default().to_string();
        let gvk = gvk_of(&api_version, &kind);
        let Some((resource, caps)) = discovery.resolve_gvk(&gvk) else {
            let entry = format!("{kind} ({api_version})");
            if !missing.contains(&entry) {
                missing.push(entry);
            }
            continue;
        };
        let namespaced = caps_namespaced(&caps);
        if namespaced && object["metadata"]["namespace"].as_str().is_none() {
            if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.insert("namespace".into(), Value::String(default_namespace.into()));
            }
        }
        let reference = reference(
            &resource,
            object["metadata"]["name"].as_str().unwrap_or_default(),
        );
        targets.push(Target {
            object,
            resource,
            namespaced,
            reference,
        });
    }
    Ok((targets, missing))
}

fn caps_namespaced(caps: &ApiCapabilities) -> bool {
    caps.scope == Scope::Namespaced
}

pub fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map(|(g, _)| g).unwrap_or("")
}

fn gvk_of(api_version: &str, kind: &str) -> kube::api::GroupVersionKind {
    let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
    kube::api::GroupVersionKind::gvk(group, version, kind)
}

/// kubectl's object reference: `kind.group/name`, lower-case kind, no group for core.
pub fn reference(resource: &ApiResource, name: &str) -> String {
    let kind = resource.kind.to_ascii_lowercase();
    if resource.group.is_empty() {
        format!("{kind}/{name}")
    } else {
        format!("{kind}.{}/{name}", resource.group)
    }
}

pub fn api_for(
    client: &Client,
    resource: &ApiResource,
    namespace: Option<&str>,
) -> Api<DynamicObject> {
    match namespace {
        Some(ns) => Api::namespaced_with(client.clone(), ns, resource),
        None => Api::all_with(client.clone(), resource),
    }
}

/// Live objects by (plural, group, namespace) -> name -> object, listed once per kind and
/// namespace.
pub type Live = HashMap<(String, String, String), BTreeMap<String, Value>>;

pub fn live_key(target: &Target) -> (String, String, String) {
    (
        target.resource.plural.clone(),
        target.resource.group.clone(),
        target.namespace().unwrap_or_default().to_string(),
    )
}

/// Lists the live objects of every kind and namespace among the targets that `live` does
/// not hold yet. A namespace that does not exist yet simply has no objects.
pub async fn list_live(
    client: &Client,
    targets: &[Target],
    mut live: Live,
) -> Result<Live, ClusterError> {
    for target in targets {
        let key = live_key(target);
        if live.contains_key(&key) {
            continue;
        }
        let api = api_for(
            client,
            &target.resource,
            target.namespaced.then_some(key.2.as_str()),
        );
        let mut objects = BTreeMap::new();
        let mut params = ListParams::default().limit(500);
        loop {
            let list = with_retry(5, Duration::from_secs(30), || api.list(&params))
                .await
                .map_err(|e| {
                    ClusterError::api(format!("cannot list {}", target.resource.plural), &e)
                })?;
            for item in list.items {
                let name = item.metadata.name.clone().unwrap_or_default();
                objects.insert(name, typed(&target.resource, item));
            }
            match list.metadata.continue_ {
                Some(token) if !token.is_empty() => params = params.continue_token(&token),
                _ => break,
            }
        }
        live.insert(key, objects);
    }
    Ok(live)
}

/// A listed object as JSON with its `apiVersion` and `kind`. A real API server leaves them out
/// of the items of builtin kinds (Secret, ConfigMap, Service...); without them every live
/// object would differ from what an apply returns. Without its managedFields: the verb and
/// the diff never read them, and they are the largest part of a VM written by several
/// managers (500 listed VMs kept with them held half of apply's memory).
fn typed(resource: &ApiResource, mut item: DynamicObject) -> Value {
    item.metadata.managed_fields = None;
    let Value::Object(fields) = serde_json::to_value(&item).unwrap_or(Value::Null) else {
        return Value::Null;
    };
    // First, as the server writes them, so a diff of two objects lines up.
    let mut object = serde_json::Map::new();
    object.insert("apiVersion".into(), resource.api_version.clone().into());
    object.insert("kind".into(), resource.kind.clone().into());
    object.extend(fields);
    Value::Object(object)
}

/// Namespace objects for the targets' namespaces that do not exist yet (`--create-namespace`).
pub async fn absent_namespaces(
    client: &Client,
    targets: &[Target],
) -> Result<Vec<Target>, ClusterError> {
    use k8s_openapi::api::core::v1::Namespace;
    let api: Api<Namespace> = Api::all(client.clone());
    let resource = ApiResource::erase::<Namespace>(&());
    let mut names: Vec<&str> = targets.iter().filter_map(Target::namespace).collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        if targets
            .iter()
            .any(|t| t.object["kind"] == "Namespace" && t.name() == name)
        {
            continue;
        }
        let found = with_retry(5, Duration::from_secs(30), || api.get_opt(name))
            .await
            .map_err(|e| ClusterError::api(format!("cannot read namespace {name}"), &e))?;
        if found.is_none() {
            out.push(Target {
                object: serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}),
                reference: reference(&resource, name),
                resource: resource.clone(),
                namespaced: false,
            });
        }
    }
    Ok(out)
}

/// Applies every target, stage by stage. Within a stage up to `concurrency` requests run at
/// once; a stage with a failure stops the later stages (a VM must not be applied before the
/// objects it refers to), and those objects are reported as not applied.
pub async fn apply_all(
    client: &Client,
    targets: &[Target],
    live: &Live,
    options: &ApplyOptions,
) -> Report {
    let mut report = Report::default();
    let mut stages: BTreeMap<u8, Vec<&Target>> = BTreeMap::new();
    for target in targets {
        stages
            .entry(stage(&target.object))
            .or_default()
            .push(target);
    }
    let mut stopped = false;
    for (_, members) in stages {
        if stopped {
            report
                .skipped
                .extend(members.iter().map(|t| t.reference.clone()));
            continue;
        }
        // Unordered: a slow answer must not hold its slot until the ones before it are
        // done (with `buffered`, one request waiting out a retry kept up to `concurrency`
        // finished ones queued behind it, and nothing new started). The report is put back
        // in input order afterwards.
        let mut results: Vec<(usize, Outcome)> =
            stream::iter(members.into_iter().enumerate().map(|(i, target)| {
                let before = live
                    .get(&live_key(target))
                    .and_then(|m| m.get(target.name()));
                async move { (i, apply_one(client, target, before, options).await) }
            }))
            .buffer_unordered(options.concurrency.max(1))
            .collect()
            .await;
        results.sort_by_key(|(i, _)| *i);
        stopped = results.iter().any(|(_, o)| o.result.is_err());
        report
            .outcomes
            .extend(results.into_iter().map(|(_, outcome)| outcome));
    }
    report
}

async fn apply_one(
    client: &Client,
    target: &Target,
    before: Option<&Value>,
    options: &ApplyOptions,
) -> Outcome {
    let reference = target.reference.clone();
    if options.dry_run == DryRun::Client {
        let verb = if before.is_some() {
            Verb::Configured
        } else {
            Verb::Created
        };
        return Outcome {
            reference,
            result: Ok((verb, target.object.clone())),
        };
    }
    if options.dry_run == DryRun::Server
        && target
            .namespace()
            .is_some_and(|ns| options.pending_namespaces.contains(ns))
    {
        return Outcome {
            reference,
            result: Ok((Verb::Created, target.object.clone())),
        };
    }
    let api = api_for(client, &target.resource, target.namespace());
    let mut params = PatchParams::apply(&options.field_manager);
    if options.force_conflicts {
        params = params.force();
    }
    if options.dry_run == DryRun::Server {
        params = params.dry_run();
    }
    params.field_validation = Some(kube::api::ValidationDirective::Strict);
    let name = target.name().to_string();
    let patch = Patch::Apply(&target.object);
    let result = with_retry(options.attempts, options.request_timeout, || {
        api.patch(&name, &params, &patch)
    })
    .await;
    let result = match result {
        Ok(applied) => {
            let after = serde_json::to_value(&applied).unwrap_or(Value::Null);
            let verb = match before {
                None => Verb::Created,
                Some(live) if options.dry_run == DryRun::Server => {
                    if comparable(live) == comparable(&after) {
                        Verb::Unchanged
                    } else {
                        Verb::Configured
                    }
                }
                Some(live) => {
                    if live["metadata"]["resourceVersion"] == after["metadata"]["resourceVersion"] {
                        Verb::Unchanged
                    } else {
                        Verb::Configured
                    }
                }
            };
            Ok((verb, after))
        }
        Err(err) => {
            let mut e = ClusterError::api(format!("error applying {reference}"), &err);
            if error::status_code(&err) == Some(409) {
                if let ClusterError::Api { message, .. } = &mut e {
                    message.push_str(
                        " (another manager owns these fields: change them there, or pass --force-conflicts to take them over)",
                    );
                }
            }
            Err(e)
        }
    };
    Outcome { reference, result }
}

/// An object without the fields that change on every write (as `kubectl diff` strips them).
pub fn comparable(object: &Value) -> Value {
    let mut object = object.clone();
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        for key in [
            "managedFields",
            "resourceVersion",
            "generation",
            "uid",
            "creationTimestamp",
        ] {
            meta.remove(key);
        }
    }
    object
}

/// Runs a request with a per-attempt timeout, retrying server errors (500, 502) and
/// timeouts with exponential backoff. 429, 503 and 504 are already retried by kube's client
/// (honouring Retry-After), so they are not retried twice here.
pub async fn with_retry<T, F, Fut>(
    attempts: u32,
    timeout: Duration,
    mut request: F,
) -> Result<T, kube::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, kube::Error>>,
{
    let mut delay = Duration::from_millis(100);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = match tokio::time::timeout(timeout, request()).await {
            Ok(result) => result,
            Err(_) => Err(kube::Error::Service(
                format!("request timed out after {}s", timeout.as_secs_f32()).into(),
            )),
        };
        match result {
            Err(err) if attempt < attempts && retryable(&err) => {
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
            other => return other,
        }
    }
}

fn retryable(err: &kube::Error) -> bool {
    match err {
        // A server-side apply whose object does not fit the schema (an undeclared field, a
        // wrong scalar type) fails the server's typed conversion, which kube-apiserver
        // answers with a 500: the same request fails the same way every time.
        kube::Error::Api(status) if status.message.starts_with(TYPED_PATCH_FAILURE) => false,
        _ => match error::status_code(err) {
            Some(code) => matches!(code, 500 | 502),
            None => matches!(err, kube::Error::Service(_) | kube::Error::HyperError(_)),
        },
    }
}

/// How kube-apiserver's message for an apply configuration that does not fit the schema
/// begins.
const TYPED_PATCH_FAILURE: &str = "failed to create typed patch object";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_failures_are_not_retried_other_server_errors_are() {
        let api = |code: u16, message: &str| {
            kube::Error::Api(
                kube::core::Status::failure(message, "")
                    .with_code(code)
                    .boxed(),
            )
        };
        assert!(!retryable(&api(
            500,
            "failed to create typed patch object (d/x; /v1, Kind=ConfigMap): .datta: field not declared in schema"
        )));
        assert!(retryable(&api(500, "etcdserver: leader changed")));
        assert!(!retryable(&api(422, "invalid")));
    }

    #[test]
    fn stages_put_dependencies_first() {
        let ns = json!({"kind": "Namespace"});
        let secret = json!({"kind": "Secret"});
        let vm = json!({"kind": "VirtualMachine"});
        assert!(stage(&ns) < stage(&secret) && stage(&secret) < stage(&vm));
    }

    #[test]
    fn references_follow_kubectl() {
        let vm = ApiResource {
            group: "kubevirt.io".into(),
            version: "v1".into(),
            api_version: "kubevirt.io/v1".into(),
            kind: "VirtualMachine".into(),
            plural: "virtualmachines".into(),
        };
        assert_eq!(reference(&vm, "web01"), "virtualmachine.kubevirt.io/web01");
    }
}

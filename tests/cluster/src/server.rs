//! The HTTP front of the emulator: routing of `/api`, `/apis` and resource paths, discovery
//! documents, authentication and authorization (through `crate::rbac`), fault injection, the
//! request log, and the watch stream (newline-delimited JSON events, bookmarks, 410 Gone as
//! an ERROR event).

use crate::control::{FaultAction, LogEntry};
use crate::rbac::Attributes;
use crate::registry::ResourceInfo;
use crate::selector::{FieldSelector, LabelSelector};
use crate::store::{DeleteResult, Event, State, Validation, WriteCtx};
use crate::util::PointerAt;
use crate::util::{success_status, ApiError};
use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response};
use serde_json::{json, Value};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};

pub type Body = BoxBody<Bytes, Infallible>;

/// Everything the HTTP handlers share.
pub struct Shared {
    pub state: Mutex<State>,
    /// Bumped to make every open watch stream end.
    pub drop_watches: watch::Sender<u64>,
    pub addr: String,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }
}

fn pct_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let h = b
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match h {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (pct_decode(k), pct_decode(v))
        })
        .collect()
}

fn json_response(code: u16, v: &Value) -> Response<Body> {
    let body = serde_json::to_vec(v).unwrap_or_default();
    let mut r = Response::new(Full::new(Bytes::from(body)).boxed());
    *r.status_mut() =
        hyper::StatusCode::from_u16(code).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        "content-type",
        hyper::header::HeaderValue::from_static("application/json"),
    );
    r
}

fn error_response(e: &ApiError) -> Response<Body> {
    let mut r = json_response(e.code, &e.status_body());
    if let Some(s) = e.retry_after {
        if let Ok(v) = hyper::header::HeaderValue::from_str(&s.to_string()) {
            r.headers_mut().insert("retry-after", v);
        }
    }
    r
}

enum Target {
    Version,
    Api,
    Apis,
    Group(String),
    Resources(String, String),
    OpenApiRoot,
    OpenApiGv(String, String),
    Obj {
        ri: ResourceInfo,
        ns: Option<String>,
        name: Option<String>,
        sub: Option<String>,
    },
    NotFound,
}

fn route(state: &State, path: &str) -> Target {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (group, version, rest): (&str, &str, &[&str]) = match segs.as_slice() {
        ["version"] => return Target::Version,
        ["api"] => return Target::Api,
        ["apis"] => return Target::Apis,
        ["apis", g] => return Target::Group(g.to_string()),
        ["openapi", "v3"] => return Target::OpenApiRoot,
        ["openapi", "v3", "api", v] => return Target::OpenApiGv(String::new(), v.to_string()),
        ["openapi", "v3", "apis", g, v] => return Target::OpenApiGv(g.to_string(), v.to_string()),
        ["api", v, rest @ ..] => ("", v, rest),
        ["apis", g, v, rest @ ..] => (g, v, rest),
        _ => return Target::NotFound,
    };
    if rest.is_empty() {
        if state
            .resources
            .iter()
            .any(|r| r.group == group && r.version == version)
        {
            return Target::Resources(group.into(), version.into());
        }
        return Target::NotFound;
    }
    if rest.len() >= 3 && rest[0] == "namespaces" {
        if let Some(ri) = state.find(group, version, rest[2]).filter(|r| r.namespaced) {
            if rest.len() > 5 {
                return Target::NotFound;
            }
            return Target::Obj {
                ri: ri.clone(),
                ns: Some(rest[1].to_string()),
                name: rest.get(3).map(|s| s.to_string()),
                sub: rest.get(4).map(|s| s.to_string()),
            };
        }
    }
    match state.find(group, version, rest[0]) {
        Some(ri) if rest.len() <= 3 => {
            if ri.namespaced && rest.len() > 1 {
                return Target::NotFound;
            }
            Target::Obj {
                ri: ri.clone(),
                ns: None,
                name: rest.get(1).map(|s| s.to_string()),
                sub: rest.get(2).map(|s| s.to_string()),
            }
        }
        _ => Target::NotFound,
    }
}

fn not_found_path() -> ApiError {
    ApiError::new(
        404,
        "NotFound",
        "the server could not find the requested resource",
    )
}

fn discovery_groups(state: &State) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = vec![];
    for r in &state.resources {
        if r.group.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(g, _)| *g == r.group) {
            Some((_, vs)) => {
                if !vs.contains(&r.version) {
                    vs.push(r.version.clone());
                }
            }
            None => groups.push((r.group.clone(), vec![r.version.clone()])),
        }
    }
    groups
}

fn group_doc(g: &str, vs: &[String]) -> Value {
    let versions: Vec<Value> = vs
        .iter()
        .map(|v| json!({"groupVersion": format!("{g}/{v}"), "version": v}))
        .collect();
    json!({"name": g, "versions": versions, "preferredVersion": versions.first().cloned().unwrap_or(Value::Null)})
}

/// Whether `path` is one of the review resources of authorization.k8s.io and
/// authentication.k8s.io (created, answered, never stored).
fn is_review(path: &str) -> bool {
    [
        "/apis/authorization.k8s.io/",
        "/apis/authentication.k8s.io/",
    ]
    .iter()
    .any(|group| path.starts_with(group))
        && path.ends_with("reviews")
}

fn verb_of(method: &str, has_name: bool, watch: bool) -> &'static str {
    match (method, has_name) {
        ("GET", true) => "get",
        ("GET", false) if watch => "watch",
        ("GET", false) => "list",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", true) => "delete",
        ("DELETE", false) => "deletecollection",
        _ => "unknown",
    }
}

struct Req {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    content_type: String,
    accept: String,
    body: Bytes,
    user_agent: String,
}

impl Req {
    fn q(&self, k: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
    fn flag(&self, k: &str) -> bool {
        matches!(self.q(k), Some("true") | Some("1"))
    }
}

/// Entry point for every request.
pub async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let hdr = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let auth = hdr("authorization");
    let mut r = Req {
        method: req.method().as_str().to_string(),
        path: req.uri().path().to_string(),
        query: parse_query(req.uri().query().unwrap_or("")),
        content_type: hdr("content-type").unwrap_or_default(),
        accept: hdr("accept").unwrap_or_default(),
        body: Bytes::new(),
        user_agent: hdr("user-agent").unwrap_or_default(),
    };
    let raw_query = req.uri().query().unwrap_or("").to_string();
    r.body = match req.into_body().collect().await {
        Ok(c) => c.to_bytes(),
        Err(_) => Bytes::new(),
    };
    // The lock is let go before the sleep: the latency is per request, and requests in
    // flight wait out theirs at the same time, as on a real server.
    let latency = {
        let configured = &shared.lock().latency;
        // A write's latency is etcd's: reviews (SelfSubjectAccessReview, TokenReview...) are
        // POSTs that kube-apiserver answers without storing anything.
        let write =
            matches!(r.method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE") && !is_review(&r.path);
        configured.all
            + if write {
                configured.writes
            } else {
                Duration::ZERO
            }
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut entry = LogEntry {
        method: r.method.clone(),
        path: r.path.clone(),
        query: raw_query,
        content_type: if r.content_type.is_empty() {
            None
        } else {
            Some(r.content_type.clone())
        },
        user: None,
        user_agent: if r.user_agent.is_empty() {
            None
        } else {
            Some(r.user_agent.clone())
        },
        field_manager: r.q("fieldManager").map(str::to_string),
        verb: None,
        resource: None,
        status: 0,
    };
    let resp = serve(&shared, &r, auth.as_deref(), &mut entry).await;
    entry.status = resp.status().as_u16();
    shared.lock().log.push(entry);
    Ok(resp)
}

async fn serve(
    shared: &Arc<Shared>,
    r: &Req,
    auth: Option<&str>,
    entry: &mut LogEntry,
) -> Response<Body> {
    // Authentication and, for non-resource paths, authorization (crate::rbac).
    let (target, user) = {
        let st = shared.lock();
        let user = match crate::rbac::authenticate(&st, auth) {
            Ok(u) => u,
            Err(e) => return error_response(&e),
        };
        let target = route(&st, &r.path);
        if !matches!(target, Target::Obj { .. }) {
            let a = Attributes::non_resource(&r.method.to_ascii_lowercase(), &r.path);
            if crate::rbac::authorize(&st, &user, &a).is_none() {
                entry.user = Some(user.name.clone());
                return error_response(&crate::rbac::forbidden(&user, &a));
            }
        }
        (target, user)
    };
    entry.user = Some(user.name.clone());
    let st = || shared.lock();
    match target {
        Target::NotFound => error_response(&not_found_path()),
        Target::Version => json_response(
            200,
            &json!({"major": "1", "minor": "34", "emulationMajor": "1", "emulationMinor": "34", "gitVersion": "v1.34.0-vmmigrate-testcluster", "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.24.0", "compiler": "gc", "platform": "linux/amd64"}),
        ),
        Target::Api => json_response(
            200,
            &json!({"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": shared.addr}]}),
        ),
        Target::Apis => {
            let groups: Vec<Value> = discovery_groups(&st())
                .iter()
                .map(|(g, vs)| group_doc(g, vs))
                .collect();
            json_response(
                200,
                &json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}),
            )
        }
        Target::Group(g) => match discovery_groups(&st()).iter().find(|(n, _)| *n == g) {
            Some((n, vs)) => {
                let mut d = group_doc(n, vs);
                d["kind"] = json!("APIGroup");
                d["apiVersion"] = json!("v1");
                json_response(200, &d)
            }
            None => error_response(&not_found_path()),
        },
        Target::OpenApiRoot => {
            let s = st();
            let mut paths = serde_json::Map::new();
            let mut gvs: Vec<(String, String)> = vec![];
            for r in &s.resources {
                if !gvs.contains(&(r.group.clone(), r.version.clone())) {
                    gvs.push((r.group.clone(), r.version.clone()));
                }
            }
            for (g, v) in gvs {
                let p = if g.is_empty() {
                    format!("api/{v}")
                } else {
                    format!("apis/{g}/{v}")
                };
                paths.insert(
                    p.clone(),
                    json!({"serverRelativeURL": format!("/openapi/v3/{p}?hash={}", s.rv)}),
                );
            }
            json_response(200, &json!({"paths": paths}))
        }
        Target::OpenApiGv(g, v) => json_response(200, &openapi_gv(&st(), &g, &v)),
        Target::Resources(g, v) => {
            let s = st();
            let resources: Vec<Value> = s
                .resources
                .iter()
                .filter(|r| r.group == g && r.version == v)
                .flat_map(|r| r.discovery_entries())
                .collect();
            let gv = if g.is_empty() {
                v.clone()
            } else {
                format!("{g}/{v}")
            };
            json_response(
                200,
                &json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}),
            )
        }
        Target::Obj { ri, ns, name, sub } => {
            let verb = verb_of(&r.method, name.is_some(), r.flag("watch"));
            let res = match &sub {
                Some(s) => format!("{}/{s}", ri.plural),
                None => ri.plural.clone(),
            };
            entry.verb = Some(verb.to_string());
            entry.resource = Some(res.clone());
            if ri.kubevirt_actions {
                let action = sub.clone().unwrap_or_default();
                if r.method != "PUT"
                    || !crate::registry::KUBEVIRT_ACTIONS.contains(&action.as_str())
                    || name.is_none()
                {
                    return error_response(&not_found_path());
                }
                entry.verb = Some("update".into());
                let a = Attributes::resource(
                    "update",
                    &ri.group,
                    &ri.plural,
                    Some(&action),
                    ns.as_deref(),
                    name.as_deref(),
                );
                if crate::rbac::authorize(&st(), &user, &a).is_none() {
                    return error_response(&crate::rbac::forbidden(&user, &a));
                }
                let result = {
                    let mut s = st();
                    let result = crate::subresources::act(
                        &mut s,
                        ns.as_deref().unwrap_or(""),
                        name.as_deref().unwrap_or(""),
                        &action,
                        &r.body,
                    );
                    crate::quota::after_write(&mut s);
                    result
                };
                return match result {
                    Ok(()) => {
                        let mut resp = Response::new(Full::new(Bytes::new()).boxed());
                        *resp.status_mut() = hyper::StatusCode::ACCEPTED;
                        resp
                    }
                    Err(e) => error_response(&e),
                };
            }
            if let Some(s) = &sub {
                let served = (s == "status" && ri.status_subresource)
                    || (s == "scale" && ri.scale.is_some());
                if !served {
                    return error_response(&not_found_path());
                }
            }
            if verb == "unknown" || (ri.virtual_create_only && verb != "create") {
                return error_response(&ApiError::new(
                    405,
                    "MethodNotAllowed",
                    "the server does not allow this method on the requested resource".to_string(),
                ));
            }
            // Fault injection.
            let fault = {
                let mut s = st();
                let hit = s
                    .faults
                    .iter_mut()
                    .find(|f| f.matches(verb, &res, name.as_deref()));
                hit.map(|f| {
                    f.remaining -= 1;
                    f.action.clone()
                })
            };
            if let Some(a) = fault {
                match a {
                    FaultAction::ServerError => {
                        return error_response(&ApiError::new(
                            500,
                            "InternalError",
                            "Internal error occurred: injected fault",
                        ))
                    }
                    FaultAction::TooManyRequests { retry_after_secs } => {
                        let mut e = ApiError::new(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later");
                        e.retry_after = Some(retry_after_secs);
                        e.details = Some(json!({"retryAfterSeconds": retry_after_secs}));
                        return error_response(&e);
                    }
                    FaultAction::Conflict => {
                        let n = name.clone().unwrap_or_default();
                        let e = ApiError::new(409, "Conflict", format!("Operation cannot be fulfilled on {} \"{n}\": the object has been modified; please apply your changes to the latest version and try again", ri.qualified()));
                        return error_response(&e);
                    }
                    FaultAction::Hang => {
                        // Logged now: the response never comes.
                        let mut e = entry.clone();
                        e.status = 0;
                        st().log.push(e);
                        std::future::pending::<()>().await;
                    }
                }
            }
            let a = Attributes::resource(
                verb,
                &ri.group,
                &ri.plural,
                sub.as_deref(),
                ns.as_deref(),
                name.as_deref(),
            );
            if crate::rbac::authorize(&st(), &user, &a).is_none() {
                return error_response(&crate::rbac::forbidden(&user, &a));
            }
            if ri.virtual_create_only && ri.plural == "uploadtokenrequests" {
                return match crate::upload_proxy::token_request(
                    &r.body,
                    ns.as_deref().unwrap_or(""),
                ) {
                    Ok(v) => json_response(200, &v),
                    Err(e) => error_response(&e),
                };
            }
            if ri.virtual_create_only {
                return self_subject_review(&st(), r, &ri, &user);
            }
            if sub.as_deref() == Some("scale") {
                let scaled = write_ctx(r).and_then(|mut ctx| {
                    let (name, ns) = (name.as_deref().unwrap_or(""), ns.as_deref());
                    let (ct, body) = (&r.content_type, &r.body);
                    crate::scale::serve(&mut st(), &ri, ns, name, verb, ct, body, &mut ctx)
                });
                return scaled.map_or_else(|e| error_response(&e), |v| json_response(200, &v));
            }
            let result = serve_obj(
                shared,
                r,
                &ri,
                ns.as_deref(),
                name.as_deref(),
                sub.as_deref(),
                verb,
            );
            if result.is_ok() && !matches!(verb, "get" | "list" | "watch") {
                // What controllers do after a write: aggregation, quota usage.
                let mut s = st();
                crate::rbac::after_write(&mut s, &ri);
                crate::quota::after_write(&mut s);
            }
            match result {
                Ok(resp) => resp,
                Err(e) => error_response(&e),
            }
        }
    }
}

/// Minimal OpenAPI v3 document of a group/version: enough for kubectl to see that the server
/// validates fields itself (`fieldValidation` on PATCH), so it skips client-side validation.
fn openapi_gv(s: &State, g: &str, v: &str) -> Value {
    let mut paths = serde_json::Map::new();
    let params = json!([
        {"name": "dryRun", "in": "query", "schema": {"type": "string"}},
        {"name": "fieldManager", "in": "query", "schema": {"type": "string"}},
        {"name": "fieldValidation", "in": "query", "schema": {"type": "string"}},
        {"name": "force", "in": "query", "schema": {"type": "boolean"}}
    ]);
    for r in s
        .resources
        .iter()
        .filter(|r| r.group == g && r.version == v)
    {
        let prefix = if g.is_empty() {
            format!("/api/{v}")
        } else {
            format!("/apis/{g}/{v}")
        };
        let path = if r.namespaced {
            format!("{prefix}/namespaces/{{namespace}}/{}/{{name}}", r.plural)
        } else {
            format!("{prefix}/{}/{{name}}", r.plural)
        };
        let gvk = json!({"group": g, "version": v, "kind": r.kind});
        paths.insert(path, json!({
            "get": {"operationId": format!("read{}", r.kind), "x-kubernetes-group-version-kind": gvk, "responses": {"200": {"description": "OK"}}},
            "patch": {"operationId": format!("patch{}", r.kind), "x-kubernetes-group-version-kind": gvk, "parameters": params, "responses": {"200": {"description": "OK"}}}
        }));
    }
    json!({"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.34.0"}, "paths": paths, "components": {"schemas": {}}})
}

/// SelfSubjectAccessReview and SelfSubjectRulesReview, answered from the RBAC objects.
fn self_subject_review(
    state: &State,
    r: &Req,
    ri: &ResourceInfo,
    user: &crate::rbac::Identity,
) -> Response<Body> {
    let body = match body_json(r) {
        Ok(v) if v.is_object() => v,
        Ok(_) => {
            return error_response(&ApiError::bad_request(format!(
                "a {} body is required",
                ri.kind
            )))
        }
        Err(e) => return error_response(&e),
    };
    let answer = if ri.plural == "selfsubjectrulesreviews" {
        crate::rbac::rules_review(state, user, body)
    } else {
        crate::rbac::access_review(state, user, body)
    };
    json_response(201, &answer)
}

fn write_ctx(r: &Req) -> Result<WriteCtx, ApiError> {
    let validation = match r.q("fieldValidation") {
        Some("Strict") => Validation::Strict,
        Some("Ignore") => Validation::Ignore,
        Some("Warn") | None | Some("") => Validation::Warn,
        Some(o) => {
            return Err(ApiError::bad_request(format!(
                "fieldValidation must be one of Ignore, Warn, Strict, got {o}"
            )))
        }
    };
    let dry_run = match r.q("dryRun") {
        Some("All") => true,
        None | Some("") => false,
        Some(o) => {
            return Err(ApiError::bad_request(format!(
                "dryRun: Unsupported value: \"{o}\": supported values: \"All\""
            )))
        }
    };
    let agent = r.user_agent.split('/').next().unwrap_or("").to_string();
    Ok(WriteCtx {
        dry_run,
        field_manager: r
            .q("fieldManager")
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        validation,
        default_manager: if agent.is_empty() {
            "unknown".into()
        } else {
            agent
        },
        warnings: vec![],
        untracked: false,
    })
}

fn body_json(r: &Req) -> Result<Value, ApiError> {
    if r.body.is_empty() {
        return Ok(Value::Null);
    }
    if crate::protobuf::is_protobuf(&r.content_type) {
        return crate::protobuf::decode(&r.body);
    }
    if r.content_type.contains("protobuf") || r.content_type.contains("cbor") {
        return Err(ApiError::new(
            415,
            "UnsupportedMediaType",
            format!("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got {})", r.content_type),
        ));
    }
    match serde_json::from_slice(&r.body) {
        Ok(v) => Ok(v),
        Err(e) => {
            let text = std::str::from_utf8(&r.body)
                .map_err(|_| ApiError::bad_request(format!("error decoding body: {e}")))?;
            crate::util::parse_yaml(text)
                .map_err(|e| ApiError::bad_request(format!("error decoding body: {e}")))
        }
    }
}

fn with_warnings(mut resp: Response<Body>, ctx: &WriteCtx) -> Response<Body> {
    for w in &ctx.warnings {
        let v = format!("299 - \"{}\"", w.replace('"', "\\\""));
        if let Ok(h) = hyper::header::HeaderValue::from_str(&v) {
            resp.headers_mut().append("warning", h);
        }
    }
    resp
}

fn serve_obj(
    shared: &Arc<Shared>,
    r: &Req,
    ri: &ResourceInfo,
    ns: Option<&str>,
    name: Option<&str>,
    sub: Option<&str>,
    verb: &str,
) -> Result<Response<Body>, ApiError> {
    let labels =
        LabelSelector::parse(r.q("labelSelector").unwrap_or("")).map_err(ApiError::bad_request)?;
    let fields = FieldSelector::parse(r.q("fieldSelector").unwrap_or(""))
        .map_err(|e| crate::messages::field_selector_error(ri, &e))?;
    let name_s = name.unwrap_or("");
    match verb {
        "get" => {
            let o = shared.lock().get(ri, ns, name_s)?;
            Ok(table_or_json(r, ri, vec![o], false, None))
        }
        "list" => {
            let (items, rv) = {
                let s = shared.lock();
                (s.list(ri, ns, &labels, &fields), s.rv)
            };
            let offset: usize = r.q("continue").and_then(|c| c.parse().ok()).unwrap_or(0);
            let limit: usize = r
                .q("limit")
                .and_then(|l| l.parse().ok())
                .filter(|l| *l > 0)
                .unwrap_or(usize::MAX);
            let total = items.len();
            let page: Vec<Value> = items
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|o| list_item(ri, o))
                .collect();
            let next = offset.saturating_add(page.len());
            let cont = if next < total {
                Some(next.to_string())
            } else {
                None
            };
            Ok(table_or_json(r, ri, page, true, Some((rv, cont))))
        }
        "watch" => Ok(watch_stream(shared, r, ri, ns, labels, fields)),
        "create" => {
            if name.is_some() {
                return Err(ApiError::new(
                    405,
                    "MethodNotAllowed",
                    "the server does not allow this method on the requested resource",
                ));
            }
            let mut ctx = write_ctx(r)?;
            let body = body_json(r)?;
            let mut s = shared.lock();
            crate::quota::admit(&s, ri, ns, &body)?;
            let o = s.create(ri, ns, body, &mut ctx)?;
            Ok(with_warnings(json_response(201, &o), &ctx))
        }
        "update" => {
            let mut ctx = write_ctx(r)?;
            let body = body_json(r)?;
            let o = shared.lock().update(ri, ns, name_s, body, sub, &mut ctx)?;
            Ok(with_warnings(json_response(200, &o), &ctx))
        }
        "patch" => {
            let mut ctx = write_ctx(r)?;
            let force = r.flag("force");
            let mut s = shared.lock();
            // A server-side apply that creates the object passes quota admission first.
            if r.content_type.starts_with("application/apply-patch")
                && sub.is_none()
                && s.get(ri, ns, name_s).is_err()
            {
                if let Ok(body) = body_json(r) {
                    crate::quota::admit(&s, ri, ns, &body)?;
                }
            }
            let (code, o) = s.patch(
                ri,
                ns,
                name_s,
                &r.content_type,
                &r.body,
                sub,
                force,
                &mut ctx,
            )?;
            Ok(with_warnings(json_response(code, &o), &ctx))
        }
        "delete" => {
            let mut ctx = write_ctx(r)?;
            let opts = body_json(r)?;
            if opts
                .get("dryRun")
                .and_then(Value::as_array)
                .is_some_and(|a| a.contains(&json!("All")))
            {
                ctx.dry_run = true;
            }
            let prop = r
                .q("propagationPolicy")
                .map(str::to_string)
                .or_else(|| {
                    opts.get("propagationPolicy")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .or_else(
                    || match opts.get("orphanDependents").and_then(Value::as_bool) {
                        Some(true) => Some("Orphan".to_string()),
                        _ => None,
                    },
                );
            let pre = opts.get("preconditions").cloned().unwrap_or(Value::Null);
            let res = shared
                .lock()
                .delete(ri, ns, name_s, prop.as_deref(), &pre, &mut ctx)?;
            Ok(match res {
                DeleteResult::Pending(o) => json_response(200, &o),
                DeleteResult::Gone(o) => {
                    if ri.from_crd {
                        json_response(200, &o)
                    } else {
                        let uid = o
                            .pointer_at("/metadata/uid")
                            .and_then(Value::as_str)
                            .unwrap_or("");
                        json_response(200, &success_status(name_s, &ri.group, &ri.plural, uid))
                    }
                }
            })
        }
        "deletecollection" => {
            let mut ctx = write_ctx(r)?;
            let mut s = shared.lock();
            let items = s.list(ri, ns, &labels, &fields);
            let mut out = vec![];
            for it in items {
                let n = it
                    .pointer_at("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let ons = it
                    .pointer_at("/metadata/namespace")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                if let Ok(DeleteResult::Gone(o) | DeleteResult::Pending(o)) =
                    s.delete(ri, ons.as_deref(), &n, None, &Value::Null, &mut ctx)
                {
                    out.push(list_item(ri, o));
                }
            }
            let rv = s.rv;
            Ok(json_response(
                200,
                &json!({"kind": format!("{}List", ri.kind), "apiVersion": ri.api_version(), "metadata": {"resourceVersion": rv.to_string()}, "items": out}),
            ))
        }
        _ => Err(ApiError::new(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
        )),
    }
}

/// An item of a list response. A real server encodes the items of builtin kinds as typed
/// objects without `apiVersion`/`kind` (kubernetes#3030); custom resources are stored
/// unstructured and keep them.
fn list_item(ri: &ResourceInfo, mut o: Value) -> Value {
    if !ri.from_crd {
        if let Some(m) = o.as_object_mut() {
            m.remove("apiVersion");
            m.remove("kind");
        }
    }
    o
}

fn age(ts: Option<&str>) -> String {
    let Some(ts) = ts else {
        return "<unknown>".into();
    };
    let now = crate::util::now_rfc3339();
    // Both are our own fixed-width RFC 3339 strings: compare as seconds of the day is enough
    // for tests; show the coarse age.
    let secs = |s: &str| -> Option<i64> {
        let d: i64 = s.get(8..10)?.parse().ok()?;
        let h: i64 = s.get(11..13)?.parse().ok()?;
        let m: i64 = s.get(14..16)?.parse().ok()?;
        let x: i64 = s.get(17..19)?.parse().ok()?;
        Some(((d * 24 + h) * 60 + m) * 60 + x)
    };
    match (secs(&now), secs(ts)) {
        (Some(a), Some(b)) if a >= b => {
            let s = a - b;
            if s < 120 {
                format!("{s}s")
            } else if s < 7200 {
                format!("{}m", s / 60)
            } else {
                format!("{}h", s / 3600)
            }
        }
        _ => "<unknown>".into(),
    }
}

/// Evaluate the simple JSONPath forms printer columns use (`.a.b`, `.a[?(@.k=='v')].f`).
fn simple_jsonpath(obj: &Value, path: &str) -> Option<Value> {
    let mut cur = obj.clone();
    let mut rest = path.trim_start_matches('.');
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[?(@.") {
            let end = r.find(")]")?;
            let cond = &r[..end];
            let (k, v) = cond.split_once("==")?;
            let v = v.trim_matches(|c| c == '\'' || c == '"');
            cur = cur
                .as_array()?
                .iter()
                .find(|i| i.get(k).and_then(Value::as_str) == Some(v))?
                .clone();
            rest = r[end + 2..].trim_start_matches('.');
            continue;
        }
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let i: usize = r[..end].parse().ok()?;
            cur = cur.as_array()?.get(i)?.clone();
            rest = r[end + 1..].trim_start_matches('.');
            continue;
        }
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        cur = cur.get(&rest[..end])?.clone();
        rest = rest[end..].trim_start_matches('.');
    }
    Some(cur)
}

/// A `meta.k8s.io/v1` Table of `items` with the kind's printer columns (kubectl's default
/// output asks for it on get, list and watch).
fn table(
    ri: &ResourceInfo,
    items: &[Value],
    include_object: bool,
    with_columns: bool,
    lm: Value,
) -> Value {
    let mut cols = vec![
        json!({"name": "Name", "type": "string", "format": "name", "description": "Name", "priority": 0}),
    ];
    for c in &ri.printer_columns {
        if c.get("name").and_then(Value::as_str) == Some("Age") {
            continue;
        }
        cols.push(json!({"name": c.get("name"), "type": c.get("type").cloned().unwrap_or(json!("string")), "format": "", "description": c.get("description").cloned().unwrap_or(json!("")), "priority": c.get("priority").cloned().unwrap_or(json!(0))}));
    }
    cols.push(
        json!({"name": "Age", "type": "date", "format": "", "description": "Age", "priority": 0}),
    );
    let rows: Vec<Value> = items
        .iter()
        .map(|o| {
            let mut cells = vec![o.pointer_at("/metadata/name").cloned().unwrap_or(Value::Null)];
            for c in &ri.printer_columns {
                if c.get("name").and_then(Value::as_str) == Some("Age") {
                    continue;
                }
                let p = c.get("jsonPath").and_then(Value::as_str).unwrap_or("");
                cells.push(simple_jsonpath(o, p).unwrap_or(Value::Null));
            }
            cells.push(json!(age(o.pointer_at("/metadata/creationTimestamp").and_then(Value::as_str))));
            let mut pom = json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": o.get("metadata").cloned().unwrap_or(json!({}))});
            if include_object {
                pom = o.clone();
            }
            json!({"cells": cells, "object": pom})
        })
        .collect();
    let mut t =
        json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": lm, "rows": rows});
    if with_columns {
        t["columnDefinitions"] = json!(cols);
    }
    t
}

fn table_or_json(
    r: &Req,
    ri: &ResourceInfo,
    items: Vec<Value>,
    list: bool,
    list_meta: Option<(u64, Option<String>)>,
) -> Response<Body> {
    let (rv, cont) = list_meta.unwrap_or((0, None));
    let mut lm = json!({"resourceVersion": rv.to_string()});
    if let Some(c) = cont {
        lm["continue"] = json!(c);
    }
    if !r.accept.contains("as=Table") {
        if list {
            return json_response(
                200,
                &json!({"kind": format!("{}List", ri.kind), "apiVersion": ri.api_version(), "metadata": lm, "items": items}),
            );
        }
        return json_response(200, items.first().unwrap_or(&Value::Null));
    }
    let t = table(ri, &items, r.q("includeObject") == Some("Object"), true, lm);
    let mut resp = json_response(200, &t);
    resp.headers_mut().insert(
        "content-type",
        hyper::header::HeaderValue::from_static("application/json;as=Table;v=v1;g=meta.k8s.io"),
    );
    resp
}

fn watch_line(etype: &str, obj: &Value) -> Bytes {
    // Written around the object rather than by `json!` (which deep-copies it first): every
    // write sends a line to every watch of its kind.
    #[derive(serde::Serialize)]
    struct Line<'a> {
        #[serde(rename = "type")]
        etype: &'a str,
        object: &'a Value,
    }
    let mut v = serde_json::to_vec(&Line { etype, object: obj }).unwrap_or_default();
    v.push(b'\n');
    Bytes::from(v)
}

/// A watch line for an object event, as a one-row Table when the client asked for tables.
fn event_line(
    ri: &ResourceInfo,
    etype: &str,
    obj: &Value,
    as_table: Option<bool>,
    first: &mut bool,
) -> Bytes {
    match as_table {
        Some(include_object) => {
            let lm = json!({"resourceVersion": obj.pointer_at("/metadata/resourceVersion").cloned().unwrap_or(Value::Null)});
            let t = table(ri, std::slice::from_ref(obj), include_object, *first, lm);
            *first = false;
            watch_line(etype, &t)
        }
        None => watch_line(etype, obj),
    }
}

fn expired(rv: u64, oldest: u64) -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": format!("too old resource version: {rv} ({oldest})"), "reason": "Expired", "code": 410})
}

fn bookmark(ri: &ResourceInfo, rv: u64, initial_end: bool) -> Value {
    let mut m = json!({"resourceVersion": rv.to_string()});
    if initial_end {
        m["annotations"] = json!({"k8s.io/initial-events-end": "true"});
    }
    json!({"kind": ri.kind, "apiVersion": ri.api_version(), "metadata": m})
}

struct Filter {
    gr: (String, String),
    ns: Option<String>,
    labels: LabelSelector,
    fields: FieldSelector,
}

impl Filter {
    fn select(&self, ev: &Event) -> Option<&'static str> {
        if ev.gr != self.gr {
            return None;
        }
        if let Some(ns) = &self.ns {
            if ev.namespace != *ns {
                return None;
            }
        }
        let m = |o: &Value| self.labels.matches(o) && self.fields.matches(o);
        match (ev.etype, &ev.old) {
            ("MODIFIED", Some(old)) => match (m(old), m(&ev.object)) {
                (true, true) => Some("MODIFIED"),
                (false, true) => Some("ADDED"),
                (true, false) => Some("DELETED"),
                (false, false) => None,
            },
            (t, _) => m(&ev.object).then_some(t),
        }
    }
}

fn watch_stream(
    shared: &Arc<Shared>,
    r: &Req,
    ri: &ResourceInfo,
    ns: Option<&str>,
    labels: LabelSelector,
    fields: FieldSelector,
) -> Response<Body> {
    let filter = Filter {
        gr: (ri.group.clone(), ri.plural.clone()),
        ns: ns.filter(|_| ri.namespaced).map(str::to_string),
        labels,
        fields,
    };
    let bookmarks = r.flag("allowWatchBookmarks");
    let send_initial = r.flag("sendInitialEvents");
    let as_table = r
        .accept
        .contains("as=Table")
        .then(|| r.q("includeObject") == Some("Object"));
    let mut first = true;
    let timeout = r
        .q("timeoutSeconds")
        .and_then(|t| t.parse::<u64>().ok())
        .map(Duration::from_secs);
    let mut initial: Vec<Bytes> = vec![];
    let mut close_after_initial = false;
    let (rx, interval) = {
        let s = shared.lock();
        let rx = s.events.subscribe();
        let from: Option<u64> = r
            .q("resourceVersion")
            .filter(|v| !v.is_empty())
            .and_then(|v| v.parse().ok());
        match from {
            Some(n) if n != 0 && !send_initial => {
                if n < s.compacted_rv {
                    initial.push(watch_line("ERROR", &expired(n, s.compacted_rv + 1)));
                    close_after_initial = true;
                } else {
                    for ev in s.history.iter().filter(|e| e.rv > n) {
                        if let Some(t) = filter.select(ev) {
                            initial.push(event_line(
                                ri,
                                t,
                                &s.present(ri, &ev.object),
                                as_table,
                                &mut first,
                            ));
                        }
                    }
                }
            }
            _ => {
                for o in s.list(ri, filter.ns.as_deref(), &filter.labels, &filter.fields) {
                    initial.push(event_line(ri, "ADDED", &o, as_table, &mut first));
                }
                if send_initial && bookmarks {
                    initial.push(watch_line("BOOKMARK", &bookmark(ri, s.rv, true)));
                }
            }
        }
        (rx, s.bookmark_interval)
    };
    let (tx, out_rx) = mpsc::channel::<Bytes>(256);
    let mut drop_rx = shared.drop_watches.subscribe();
    let shared2 = shared.clone();
    let ri2 = ri.clone();
    tokio::spawn(async move {
        let mut rx: broadcast::Receiver<Arc<Event>> = rx;
        for b in initial {
            if tx.send(b).await.is_err() {
                return;
            }
        }
        if close_after_initial {
            return;
        }
        let deadline = tokio::time::sleep(timeout.unwrap_or(Duration::from_secs(3600)));
        tokio::pin!(deadline);
        let mut tick = tokio::time::interval(interval);
        tick.tick().await;
        loop {
            tokio::select! {
                ev = rx.recv() => match ev {
                    Ok(ev) => {
                        if let Some(t) = filter.select(&ev) {
                            let delay = shared2.lock().latency.watch;
                            if !delay.is_zero() {
                                tokio::time::sleep_until(ev.at + delay).await;
                            }
                            let obj = shared2.lock().present(&ri2, &ev.object);
                            if tx.send(event_line(&ri2, t, &obj, as_table, &mut first)).await.is_err() { return; }
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        let rv = shared2.lock().rv;
                        let _ = tx.send(watch_line("ERROR", &expired(0, rv))).await;
                        return;
                    }
                    Err(_) => return,
                },
                _ = tick.tick(), if bookmarks => {
                    let rv = shared2.lock().rv;
                    if tx.send(watch_line("BOOKMARK", &bookmark(&ri2, rv, false))).await.is_err() { return; }
                }
                _ = drop_rx.changed() => return,
                _ = &mut deadline => return,
                _ = tx.closed() => return,
            }
        }
    });
    let stream = futures_util::stream::unfold(out_rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|b| (Ok::<_, Infallible>(Frame::data(b)), rx))
    });
    let mut resp = Response::new(StreamBody::new(stream).boxed());
    resp.headers_mut().insert(
        "content-type",
        hyper::header::HeaderValue::from_static("application/json"),
    );
    resp.headers_mut().insert(
        "transfer-encoding",
        hyper::header::HeaderValue::from_static("chunked"),
    );
    resp
}

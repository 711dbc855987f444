//! Authentication and authorization as kube-apiserver does them with `--authorization-mode=RBAC`:
//! a bearer token names a user and its groups (every request without a known token is 401);
//! every request is then allowed only by a rule of a Role or ClusterRole bound to the user,
//! one of its groups (`system:authenticated` always, `system:masters` for the admin token) or
//! its service account, read from the Role, ClusterRole, RoleBinding and ClusterRoleBinding
//! objects stored in the emulator. Verbs, API groups, resources with subresources
//! (`virtualmachines/start`, `pods/log`, `*/scale`), resourceNames and nonResourceURLs match as
//! in the RBAC authorizer. ClusterRoles with an `aggregationRule` get the rules of the
//! ClusterRoles their label selectors pick, re-computed whenever a ClusterRole changes (the
//! aggregation controller). SelfSubjectAccessReview and SelfSubjectRulesReview are answered
//! from the same rules. The bootstrap roles themselves are data in [`crate::rbac_policy`].

use crate::registry::ResourceInfo;
use crate::store::{State, WriteCtx};
use crate::util::ApiError;
use crate::util::PointerAt;
use serde_json::{json, Value};

pub const GROUP: &str = "rbac.authorization.k8s.io";
/// The group kube-apiserver binds to `cluster-admin`.
pub const MASTERS: &str = "system:masters";
/// The group of every authenticated user.
pub const AUTHENTICATED: &str = "system:authenticated";

/// Who sent a request: the user a token maps to and its groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub name: String,
    pub groups: Vec<String>,
}

impl Identity {
    /// `groups` plus `system:authenticated`, as the token authenticator adds it.
    pub fn new(name: &str, groups: &[&str]) -> Self {
        let mut groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        if !groups.iter().any(|g| g == AUTHENTICATED) {
            groups.push(AUTHENTICATED.into());
        }
        Identity {
            name: name.into(),
            groups,
        }
    }
}

/// What a request asks to do, as the authorizer sees it. `resource` is empty for a
/// non-resource request (`path`); `namespace` is empty at the cluster scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes {
    pub verb: String,
    pub group: String,
    pub resource: String,
    pub subresource: String,
    pub namespace: String,
    pub name: String,
    pub path: String,
}

impl Attributes {
    pub fn resource(
        verb: &str,
        group: &str,
        resource: &str,
        subresource: Option<&str>,
        namespace: Option<&str>,
        name: Option<&str>,
    ) -> Self {
        // A namespace object is authorized in its own namespace, as the API server's request
        // info has it: a RoleBinding in "tenant" may grant `get namespaces` on "tenant".
        let namespace = match (group, resource, name) {
            ("", "namespaces", Some(n)) => n,
            _ => namespace.unwrap_or(""),
        };
        Attributes {
            verb: verb.into(),
            group: group.into(),
            resource: resource.into(),
            subresource: subresource.unwrap_or("").into(),
            namespace: namespace.into(),
            name: name.unwrap_or("").into(),
            path: String::new(),
        }
    }

    pub fn non_resource(verb: &str, path: &str) -> Self {
        Attributes {
            verb: verb.into(),
            path: path.into(),
            ..Default::default()
        }
    }

    fn is_resource(&self) -> bool {
        !self.resource.is_empty()
    }

    /// `resource` or `resource/subresource`, as messages and rules name it.
    pub fn full_resource(&self) -> String {
        if self.subresource.is_empty() {
            self.resource.clone()
        } else {
            format!("{}/{}", self.resource, self.subresource)
        }
    }
}

fn info(plural: &str, kind: &str, group: &str, namespaced: bool) -> ResourceInfo {
    ResourceInfo {
        group: group.into(),
        version: "v1".into(),
        plural: plural.into(),
        singular: kind.to_lowercase(),
        kind: kind.into(),
        namespaced,
        short_names: vec![],
        categories: vec![],
        status_subresource: false,
        schema: None,
        virtual_create_only: false,
        has_generation: false,
        from_crd: false,
        printer_columns: vec![],
        kubevirt_actions: false,
        scale: None,
    }
}

/// The RBAC kinds and SelfSubjectRulesReview (SelfSubjectAccessReview is in the registry).
pub fn resources() -> Vec<ResourceInfo> {
    let mut rules_review = info(
        "selfsubjectrulesreviews",
        "SelfSubjectRulesReview",
        "authorization.k8s.io",
        false,
    );
    rules_review.virtual_create_only = true;
    vec![
        info("roles", "Role", GROUP, true),
        info("rolebindings", "RoleBinding", GROUP, true),
        info("clusterroles", "ClusterRole", GROUP, false),
        info("clusterrolebindings", "ClusterRoleBinding", GROUP, false),
        rules_review,
    ]
}

/// Registers the RBAC kinds, the admin token (group `system:masters`) and the bootstrap
/// roles and bindings. Called once by `State::new`.
pub fn install(state: &mut State) {
    state.resources.extend(resources());
    state.users.insert(
        crate::ADMIN_TOKEN.into(),
        Identity::new("admin", &[MASTERS]),
    );
    create_all(state, crate::rbac_policy::bootstrap());
}

/// Stores objects as the cluster's installers do (no field manager bookkeeping), then
/// re-aggregates. Objects that exist already are left as they are.
pub fn create_all(state: &mut State, objects: Vec<Value>) {
    for obj in objects {
        let kind = obj["kind"].as_str().unwrap_or_default().to_string();
        let av = obj["apiVersion"].as_str().unwrap_or_default().to_string();
        let Some(ri) = state.find_kind(&av, &kind).cloned() else {
            continue;
        };
        let ns = obj
            .pointer_at("/metadata/namespace")
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut ctx = WriteCtx {
            untracked: true,
            default_manager: "kube-apiserver".into(),
            ..Default::default()
        };
        let _ = state.create(&ri, ns.as_deref(), obj, &mut ctx);
    }
    aggregate(state);
}

/// `TOKEN=USER[:GROUP,...]` (the example's `--token`) as `(token, user, groups)`.
pub fn parse_token_spec(spec: &str) -> Result<(String, String, Vec<String>), String> {
    let usage = || format!("--token {spec}: expected TOKEN=USER[:GROUP,...]");
    let (token, who) = spec.split_once('=').ok_or_else(usage)?;
    let (user, groups) = who.split_once(':').unwrap_or((who, ""));
    if token.is_empty() || user.is_empty() {
        return Err(usage());
    }
    let groups = groups
        .split(',')
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect();
    Ok((token.to_string(), user.to_string(), groups))
}

/// The user a request's `Authorization` header names, or 401 as kube-apiserver words it.
pub fn authenticate(state: &State, authorization: Option<&str>) -> Result<Identity, ApiError> {
    let token = authorization
        .and_then(|a| a.strip_prefix("Bearer "))
        .map(str::trim);
    token
        .and_then(|t| state.users.get(t))
        .cloned()
        .ok_or_else(|| ApiError::new(401, "Unauthorized", "Unauthorized"))
}

fn stored<'a>(state: &'a State, plural: &str) -> impl Iterator<Item = &'a Value> + 'a {
    state
        .objects
        .get(&(GROUP.to_string(), plural.to_string()))
        .into_iter()
        .flat_map(|m| m.values())
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn name_of(o: &Value) -> &str {
    o.pointer_at("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The subject of a binding the identity is, described as the RBAC authorizer does.
fn matching_subject(binding: &Value, who: &Identity, binding_ns: &str) -> Option<String> {
    for s in binding["subjects"].as_array().into_iter().flatten() {
        let name = s["name"].as_str().unwrap_or("");
        match s["kind"].as_str() {
            Some("User") if name == who.name => return Some(format!("User \"{name}\"")),
            Some("Group") if who.groups.iter().any(|g| g == name) => {
                return Some(format!("Group \"{name}\""))
            }
            Some("ServiceAccount") => {
                let ns = s["namespace"]
                    .as_str()
                    .filter(|n| !n.is_empty())
                    .unwrap_or(binding_ns);
                if who.name == format!("system:serviceaccount:{ns}:{name}") {
                    return Some(format!("ServiceAccount \"{name}/{ns}\""));
                }
            }
            _ => {}
        }
    }
    None
}

/// The rules of a binding's roleRef (a Role in the binding's namespace, or a ClusterRole),
/// borrowed: this runs for every binding on every request.
fn role_rules<'a>(state: &'a State, role_ref: &Value, binding_ns: &str) -> &'a [Value] {
    let name = role_ref["name"].as_str().unwrap_or("");
    let (plural, ns) = match role_ref["kind"].as_str() {
        Some("Role") => ("roles", binding_ns),
        _ => ("clusterroles", ""),
    };
    state
        .objects
        .get(&(GROUP.to_string(), plural.to_string()))
        .and_then(|m| m.get(&(ns.to_string(), name.to_string())))
        .and_then(|r| r["rules"].as_array())
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Calls `visit(source, rule)` for every rule that applies to `who` in `namespace` (cluster
/// bindings first, then the namespace's RoleBindings) until it returns true.
fn visit_rules(
    state: &State,
    who: &Identity,
    namespace: &str,
    visit: &mut dyn FnMut(&str, &Value) -> bool,
) {
    for b in stored(state, "clusterrolebindings") {
        let Some(subject) = matching_subject(b, who, "") else {
            continue;
        };
        let role = &b["roleRef"];
        let source = format!(
            "ClusterRoleBinding \"{}\" of ClusterRole \"{}\" to {subject}",
            name_of(b),
            role["name"].as_str().unwrap_or("")
        );
        for r in role_rules(state, role, "") {
            if visit(&source, r) {
                return;
            }
        }
    }
    if namespace.is_empty() {
        return;
    }
    for b in stored(state, "rolebindings")
        .filter(|b| b.pointer_at("/metadata/namespace").and_then(Value::as_str) == Some(namespace))
    {
        let Some(subject) = matching_subject(b, who, namespace) else {
            continue;
        };
        let role = &b["roleRef"];
        let source = format!(
            "RoleBinding \"{}/{namespace}\" of {} \"{}\" to {subject}",
            name_of(b),
            role["kind"].as_str().unwrap_or("ClusterRole"),
            role["name"].as_str().unwrap_or("")
        );
        for r in role_rules(state, role, namespace) {
            if visit(&source, r) {
                return;
            }
        }
    }
}

/// Whether one PolicyRule allows the request (the RBAC authorizer's `RuleAllows`).
pub fn rule_allows(rule: &Value, a: &Attributes) -> bool {
    let verbs = strs(&rule["verbs"]);
    if !verbs.iter().any(|v| *v == "*" || *v == a.verb) {
        return false;
    }
    if !a.is_resource() {
        return strs(&rule["nonResourceURLs"]).iter().any(|u| {
            *u == "*"
                || *u == a.path
                || u.strip_suffix('*')
                    .is_some_and(|prefix| a.path.starts_with(prefix))
        });
    }
    let groups = strs(&rule["apiGroups"]);
    if !groups.iter().any(|g| *g == "*" || *g == a.group) {
        return false;
    }
    let full = a.full_resource();
    let resource_ok = strs(&rule["resources"]).iter().any(|r| {
        *r == "*"
            || *r == full
            || (!a.subresource.is_empty() && *r == format!("*/{}", a.subresource))
    });
    if !resource_ok {
        return false;
    }
    let names = strs(&rule["resourceNames"]);
    names.is_empty() || names.contains(&a.name.as_str())
}

/// `Some(reason)` when a rule bound to `who` allows the request, as the RBAC authorizer
/// explains it (`RBAC: allowed by ClusterRoleBinding "..." of ClusterRole "..." to User "..."`).
pub fn authorize(state: &State, who: &Identity, a: &Attributes) -> Option<String> {
    let mut reason = None;
    visit_rules(state, who, &a.namespace, &mut |source, rule| {
        if rule_allows(rule, a) {
            reason = Some(format!("RBAC: allowed by {source}"));
            true
        } else {
            false
        }
    });
    reason
}

/// 403 Forbidden with kube-apiserver 1.32's message, e.g. `virtualmachines.kubevirt.io "a"
/// is forbidden: User "u" cannot patch resource "virtualmachines" in API group "kubevirt.io"
/// in the namespace "default"`.
pub fn forbidden(who: &Identity, a: &Attributes) -> ApiError {
    let mut msg = format!("User \"{}\" cannot {}", who.name, a.verb);
    if !a.is_resource() {
        msg = format!("{msg} path \"{}\"", a.path);
        let mut e = ApiError::new(403, "Forbidden", format!("forbidden: {msg}"));
        e.details = Some(json!({}));
        return e;
    }
    msg = format!(
        "{msg} resource \"{}\" in API group \"{}\"",
        a.full_resource(),
        a.group
    );
    if a.namespace.is_empty() {
        msg.push_str(" at the cluster scope");
    } else {
        msg = format!("{msg} in the namespace \"{}\"", a.namespace);
    }
    let qualified = if a.group.is_empty() {
        a.resource.clone()
    } else {
        format!("{}.{}", a.resource, a.group)
    };
    let subject = if a.name.is_empty() {
        format!("{qualified} is forbidden")
    } else {
        format!("{qualified} \"{}\" is forbidden", a.name)
    };
    let mut e = ApiError::new(403, "Forbidden", format!("{subject}: {msg}"));
    e.details = Some(json!({"name": a.name, "group": a.group, "kind": a.resource}));
    e
}

/// The response to a SelfSubjectAccessReview body.
pub fn access_review(state: &State, who: &Identity, mut body: Value) -> Value {
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    let attrs = if let Some(r) = body.pointer_at("/spec/resourceAttributes") {
        let sub = s(r, "subresource");
        let name = s(r, "name");
        let ns = s(r, "namespace");
        Attributes::resource(
            &s(r, "verb"),
            &s(r, "group"),
            &s(r, "resource"),
            (!sub.is_empty()).then_some(sub.as_str()),
            (!ns.is_empty()).then_some(ns.as_str()),
            (!name.is_empty()).then_some(name.as_str()),
        )
    } else {
        let r = body
            .pointer_at("/spec/nonResourceAttributes")
            .cloned()
            .unwrap_or(json!({}));
        Attributes::non_resource(&s(&r, "verb"), &s(&r, "path"))
    };
    body["status"] = match authorize(state, who, &attrs) {
        Some(reason) => json!({"allowed": true, "reason": reason}),
        None => json!({"allowed": false}),
    };
    body["metadata"] = json!({"creationTimestamp": null});
    body
}

/// The response to a SelfSubjectRulesReview body: every rule that applies in
/// `spec.namespace`, resource and non-resource rules apart.
pub fn rules_review(state: &State, who: &Identity, mut body: Value) -> Value {
    let ns = body
        .pointer_at("/spec/namespace")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut resource_rules: Vec<Value> = vec![];
    let mut non_resource_rules: Vec<Value> = vec![];
    visit_rules(state, who, &ns, &mut |_, rule| {
        if rule["resources"].as_array().is_some_and(|a| !a.is_empty()) {
            let mut r = json!({"verbs": rule["verbs"], "apiGroups": rule["apiGroups"], "resources": rule["resources"]});
            if rule["resourceNames"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
            {
                r["resourceNames"] = rule["resourceNames"].clone();
            }
            if !resource_rules.contains(&r) {
                resource_rules.push(r);
            }
        } else if rule["nonResourceURLs"].is_array() {
            let r = json!({"verbs": rule["verbs"], "nonResourceURLs": rule["nonResourceURLs"]});
            if !non_resource_rules.contains(&r) {
                non_resource_rules.push(r);
            }
        }
        false
    });
    body["status"] = json!({"resourceRules": resource_rules, "nonResourceRules": non_resource_rules, "incomplete": false});
    body["metadata"] = json!({"creationTimestamp": null});
    body
}

/// Whether a ClusterRole's labels satisfy one `metav1.LabelSelector`.
fn selector_matches(selector: &Value, role: &Value) -> bool {
    let labels = role.pointer_at("/metadata/labels");
    let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
    let labels_ok = selector["matchLabels"]
        .as_object()
        .into_iter()
        .flatten()
        .all(|(k, v)| get(k) == v.as_str());
    let exprs_ok = selector["matchExpressions"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|e| {
            let key = e["key"].as_str().unwrap_or("");
            let values = strs(&e["values"]);
            match e["operator"].as_str() {
                Some("In") => get(key).is_some_and(|v| values.contains(&v)),
                Some("NotIn") => !get(key).is_some_and(|v| values.contains(&v)),
                Some("Exists") => get(key).is_some(),
                Some("DoesNotExist") => get(key).is_none(),
                _ => false,
            }
        });
    // An empty selector selects nothing for aggregation (the controller skips it).
    let empty = selector["matchLabels"]
        .as_object()
        .is_none_or(|m| m.is_empty())
        && selector["matchExpressions"]
            .as_array()
            .is_none_or(|a| a.is_empty());
    !empty && labels_ok && exprs_ok
}

/// One pass of the ClusterRole aggregation controller; true when a role changed.
fn aggregate_once(state: &mut State) -> bool {
    let roles: Vec<Value> = stored(state, "clusterroles").cloned().collect();
    let Some(ri) = state.find(GROUP, "v1", "clusterroles").cloned() else {
        return false;
    };
    let mut changed = false;
    for role in &roles {
        let Some(selectors) = role
            .pointer_at("/aggregationRule/clusterRoleSelectors")
            .and_then(Value::as_array)
        else {
            continue;
        };
        let mut rules: Vec<Value> = vec![];
        for sel in selectors {
            for other in roles.iter().filter(|o| name_of(o) != name_of(role)) {
                if !selector_matches(sel, other) {
                    continue;
                }
                for r in other["rules"].as_array().into_iter().flatten() {
                    if !rules.contains(r) {
                        rules.push(r.clone());
                    }
                }
            }
        }
        if role["rules"].as_array().map(Vec::as_slice).unwrap_or(&[]) == rules.as_slice() {
            continue;
        }
        let mut updated = role.clone();
        updated["rules"] = Value::Array(rules);
        let mut ctx = WriteCtx {
            untracked: true,
            default_manager: "clusterrole-aggregation-controller".into(),
            ..Default::default()
        };
        if state
            .update(&ri, None, name_of(role), updated, None, &mut ctx)
            .is_ok()
        {
            changed = true;
        }
    }
    changed
}

/// Brings every aggregated ClusterRole up to date (nested aggregation, such as `edit` into
/// `admin`, settles within a few passes).
pub fn aggregate(state: &mut State) {
    for _ in 0..8 {
        if !aggregate_once(state) {
            return;
        }
    }
}

/// To be called after every successful write: ClusterRole changes re-run aggregation.
pub fn after_write(state: &mut State, ri: &ResourceInfo) {
    if ri.group == GROUP && ri.plural == "clusterroles" {
        aggregate(state);
    }
}

/// `add_user`'s rules as a ClusterRole and its ClusterRoleBinding to the user.
pub fn user_role_objects(user: &str, rules: &[crate::control::Rule]) -> Vec<Value> {
    let name = format!("testcluster:user:{user}");
    let rules: Vec<Value> = rules
        .iter()
        .map(|r| json!({"verbs": r.verbs, "apiGroups": r.groups, "resources": r.resources}))
        .collect();
    vec![
        json!({"apiVersion": format!("{GROUP}/v1"), "kind": "ClusterRole",
            "metadata": {"name": name}, "rules": rules}),
        json!({"apiVersion": format!("{GROUP}/v1"), "kind": "ClusterRoleBinding",
            "metadata": {"name": name},
            "roleRef": {"apiGroup": GROUP, "kind": "ClusterRole", "name": name},
            "subjects": [{"kind": "User", "apiGroup": GROUP, "name": user}]}),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State::new()
    }

    #[test]
    fn admin_token_is_cluster_admin_through_system_masters() {
        let s = state();
        let who = authenticate(&s, Some(&format!("Bearer {}", crate::ADMIN_TOKEN))).unwrap();
        let a = Attributes::resource(
            "delete",
            "kubevirt.io",
            "virtualmachines",
            None,
            Some("x"),
            Some("vm"),
        );
        assert_eq!(
            authorize(&s, &who, &a).as_deref(),
            Some("RBAC: allowed by ClusterRoleBinding \"cluster-admin\" of ClusterRole \"cluster-admin\" to Group \"system:masters\"")
        );
        assert_eq!(authenticate(&s, None).unwrap_err().code, 401);
        assert_eq!(authenticate(&s, Some("Bearer nope")).unwrap_err().code, 401);
    }

    #[test]
    fn token_specs_name_user_and_groups() {
        assert_eq!(
            parse_token_spec("t1=alice:ops,system:masters"),
            Ok((
                "t1".into(),
                "alice".into(),
                vec!["ops".into(), "system:masters".into()]
            ))
        );
        assert_eq!(
            parse_token_spec("t2=bob"),
            Ok(("t2".into(), "bob".into(), vec![]))
        );
        assert!(parse_token_spec("t3").is_err());
        assert!(parse_token_spec("=carol").is_err());
        assert!(parse_token_spec("t4=:ops").is_err());
    }

    #[test]
    fn rules_match_subresources_and_resource_names() {
        let rule = json!({"verbs": ["update"], "apiGroups": ["subresources.kubevirt.io"],
            "resources": ["virtualmachines/start"], "resourceNames": ["web"]});
        let a = |sub: Option<&str>, name: &str| {
            Attributes::resource(
                "update",
                "subresources.kubevirt.io",
                "virtualmachines",
                sub,
                Some("d"),
                Some(name),
            )
        };
        assert!(rule_allows(&rule, &a(Some("start"), "web")));
        assert!(!rule_allows(&rule, &a(Some("start"), "db")));
        assert!(!rule_allows(&rule, &a(Some("stop"), "web")));
        assert!(!rule_allows(&rule, &a(None, "web")));
        let any_scale = json!({"verbs": ["get"], "apiGroups": ["apps"], "resources": ["*/scale"]});
        let scale = Attributes::resource(
            "get",
            "apps",
            "deployments",
            Some("scale"),
            Some("d"),
            Some("x"),
        );
        assert!(rule_allows(&any_scale, &scale));
    }

    #[test]
    fn admin_edit_and_view_aggregate_the_system_roles() {
        let s = state();
        let rules = |name: &str| {
            s.objects[&(GROUP.to_string(), "clusterroles".to_string())]
                [&(String::new(), name.to_string())]["rules"]
                .as_array()
                .cloned()
                .unwrap()
        };
        let (admin, edit, view) = (rules("admin"), rules("edit"), rules("view"));
        assert!(view.len() < edit.len() && edit.len() < admin.len());
        assert!(view.iter().all(|r| edit.contains(r)) && edit.iter().all(|r| admin.contains(r)));
    }
}

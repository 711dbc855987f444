//! The resource registry: which kinds the emulator serves, under which group/version/plural,
//! with which verbs and subresources, plus the structural schema of CRD-defined kinds.
//! Discovery documents are generated from it, so whatever is registered is discoverable.

use crate::util::PointerAt;
use serde_json::{json, Value};

/// One served resource (one group/version/plural).
#[derive(Debug, Clone)]
pub struct ResourceInfo {
    pub group: String,
    pub version: String,
    pub plural: String,
    pub singular: String,
    pub kind: String,
    pub namespaced: bool,
    pub short_names: Vec<String>,
    pub categories: Vec<String>,
    pub status_subresource: bool,
    /// `openAPIV3Schema` of the version (CRDs only).
    pub schema: Option<std::sync::Arc<Value>>,
    /// Create-only virtual resources (SelfSubjectAccessReview) are not stored.
    pub virtual_create_only: bool,
    /// Whether the object carries `metadata.generation`.
    pub has_generation: bool,
    pub from_crd: bool,
    pub printer_columns: Vec<Value>,
    /// virt-api's `subresources.kubevirt.io` actions (start/stop/restart/migrate) on this
    /// plural; nothing is stored under it.
    pub kubevirt_actions: bool,
    /// `subresources.scale` of a CRD version (`crate::scale`).
    pub scale: Option<crate::scale::ScalePaths>,
}

impl ResourceInfo {
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
    /// `virtualmachines.kubevirt.io` or `secrets` as the server names resources in messages.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.clone()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
    pub fn verbs(&self) -> Vec<&'static str> {
        if self.virtual_create_only {
            vec!["create"]
        } else {
            vec![
                "create",
                "delete",
                "deletecollection",
                "get",
                "list",
                "patch",
                "update",
                "watch",
            ]
        }
    }
    pub fn discovery_entries(&self) -> Vec<Value> {
        if self.kubevirt_actions {
            return KUBEVIRT_ACTIONS
                .iter()
                .map(|a| json!({"name": format!("{}/{a}", self.plural), "singularName": "", "namespaced": true, "kind": "", "verbs": ["update"]}))
                .collect();
        }
        let mut main = json!({
            "name": self.plural,
            "singularName": self.singular,
            "namespaced": self.namespaced,
            "kind": self.kind,
            "verbs": self.verbs(),
        });
        if !self.short_names.is_empty() {
            main["shortNames"] = json!(self.short_names);
        }
        if !self.categories.is_empty() {
            main["categories"] = json!(self.categories);
        }
        let mut out = vec![main];
        if self.status_subresource {
            out.push(json!({
                "name": format!("{}/status", self.plural),
                "singularName": "",
                "namespaced": self.namespaced,
                "kind": self.kind,
                "verbs": ["get", "patch", "update"],
            }));
        }
        if self.scale.is_some() {
            out.push(json!({
                "name": format!("{}/scale", self.plural),
                "singularName": "",
                "namespaced": self.namespaced,
                "group": "autoscaling",
                "version": "v1",
                "kind": "Scale",
                "verbs": ["get", "patch", "update"],
            }));
        }
        out
    }
}

/// Actions virt-api serves on VirtualMachines.
pub const KUBEVIRT_ACTIONS: &[&str] = &["start", "stop", "restart", "migrate"];

/// The `subresources.kubevirt.io/v1` resource (virt-api) for VirtualMachine actions.
pub fn kubevirt_actions() -> ResourceInfo {
    let mut r = builtin(
        "subresources.kubevirt.io",
        "v1",
        "virtualmachines",
        "VirtualMachine",
        true,
        &[],
        false,
        false,
    );
    r.kubevirt_actions = true;
    r
}

#[allow(clippy::too_many_arguments)]
fn builtin(
    group: &str,
    version: &str,
    plural: &str,
    kind: &str,
    namespaced: bool,
    short: &[&str],
    status: bool,
    generation: bool,
) -> ResourceInfo {
    ResourceInfo {
        group: group.into(),
        version: version.into(),
        plural: plural.into(),
        singular: kind.to_lowercase(),
        kind: kind.into(),
        namespaced,
        short_names: short.iter().map(|s| s.to_string()).collect(),
        categories: vec![],
        status_subresource: status,
        schema: None,
        virtual_create_only: false,
        has_generation: generation,
        from_crd: false,
        printer_columns: vec![],
        kubevirt_actions: false,
        scale: None,
    }
}

/// The builtin kinds the plugin (and the simulator) touch.
pub fn builtins() -> Vec<ResourceInfo> {
    let mut v = vec![
        builtin(
            "",
            "v1",
            "namespaces",
            "Namespace",
            false,
            &["ns"],
            true,
            false,
        ),
        builtin("", "v1", "secrets", "Secret", true, &[], false, false),
        builtin(
            "",
            "v1",
            "configmaps",
            "ConfigMap",
            true,
            &["cm"],
            false,
            false,
        ),
        builtin("", "v1", "services", "Service", true, &["svc"], true, false),
        builtin(
            "",
            "v1",
            "persistentvolumeclaims",
            "PersistentVolumeClaim",
            true,
            &["pvc"],
            true,
            false,
        ),
        builtin("", "v1", "events", "Event", true, &["ev"], false, false),
        builtin(
            "",
            "v1",
            "resourcequotas",
            "ResourceQuota",
            true,
            &["quota"],
            true,
            false,
        ),
        builtin("", "v1", "pods", "Pod", true, &["po"], true, false),
        builtin("", "v1", "nodes", "Node", false, &["no"], true, false),
        builtin(
            "events.k8s.io",
            "v1",
            "events",
            "Event",
            true,
            &["ev"],
            false,
            false,
        ),
        builtin(
            "coordination.k8s.io",
            "v1",
            "leases",
            "Lease",
            true,
            &[],
            false,
            false,
        ),
        builtin(
            "apps",
            "v1",
            "controllerrevisions",
            "ControllerRevision",
            true,
            &[],
            false,
            false,
        ),
        // Stored only: no HPA controller runs (`pool create --autoscale` writes one).
        builtin(
            "autoscaling",
            "v2",
            "horizontalpodautoscalers",
            "HorizontalPodAutoscaler",
            true,
            &["hpa"],
            true,
            true,
        ),
        builtin(
            "storage.k8s.io",
            "v1",
            "storageclasses",
            "StorageClass",
            false,
            &["sc"],
            false,
            false,
        ),
        builtin(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "CustomResourceDefinition",
            false,
            &["crd", "crds"],
            true,
            true,
        ),
    ];
    let mut ssar = builtin(
        "authorization.k8s.io",
        "v1",
        "selfsubjectaccessreviews",
        "SelfSubjectAccessReview",
        false,
        &[],
        false,
        false,
    );
    ssar.virtual_create_only = true;
    v.push(ssar);
    for r in &mut v {
        if r.plural == "services" || r.plural == "pods" {
            r.categories = vec!["all".into()];
        }
    }
    v
}

/// Resources declared by a CRD object (one per served version). Errors are messages for a 422.
pub fn from_crd(crd: &Value) -> Result<Vec<ResourceInfo>, String> {
    let spec = crd.get("spec").ok_or("spec: Required value")?;
    let group = spec
        .get("group")
        .and_then(Value::as_str)
        .ok_or("spec.group: Required value")?;
    let names = spec.get("names").ok_or("spec.names: Required value")?;
    let plural = names
        .get("plural")
        .and_then(Value::as_str)
        .ok_or("spec.names.plural: Required value")?;
    let kind = names
        .get("kind")
        .and_then(Value::as_str)
        .ok_or("spec.names.kind: Required value")?;
    let singular = names
        .get("singular")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| kind.to_lowercase());
    let strs = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let short_names = strs(names.get("shortNames"));
    let categories = strs(names.get("categories"));
    let namespaced = spec.get("scope").and_then(Value::as_str) != Some("Cluster");
    let versions = spec
        .get("versions")
        .and_then(Value::as_array)
        .ok_or("spec.versions: Required value")?;
    let mut out = vec![];
    for v in versions {
        if v.get("served").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        let name = v
            .get("name")
            .and_then(Value::as_str)
            .ok_or("spec.versions[].name: Required value")?;
        out.push(ResourceInfo {
            group: group.into(),
            version: name.into(),
            plural: plural.into(),
            singular: singular.clone(),
            kind: kind.into(),
            namespaced,
            short_names: short_names.clone(),
            categories: categories.clone(),
            status_subresource: v.pointer_at("/subresources/status").is_some(),
            schema: v
                .pointer_at("/schema/openAPIV3Schema")
                .cloned()
                .map(std::sync::Arc::new),
            virtual_create_only: false,
            has_generation: true,
            from_crd: true,
            printer_columns: v
                .get("additionalPrinterColumns")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            kubevirt_actions: false,
            scale: crate::scale::ScalePaths::of_version(v),
        });
    }
    if out.is_empty() {
        return Err("spec.versions: Invalid value: must have at least one served version".into());
    }
    Ok(out)
}

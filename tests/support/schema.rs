//! Strict OpenAPI validation of generated objects, as an API server with `fieldValidation=Strict`
//! would apply it.
//!
//! Sources:
//! - `VirtualMachine` (`kubevirt.io/v1`): `kubevirt-v1.9.0/crd-validation/virtualmachine.yaml`.
//! - `DataVolume` (`cdi.kubevirt.io/v1beta1`): the `v1beta1` version of `cdi-v1.66.0/crd/datavolume.yaml`.
//! - `VirtualMachinePool` (`pool.kubevirt.io/v1beta1`): `kubevirt-v1.9.0/crd-validation/virtualmachinepool.yaml`;
//!   `DataSource` (`cdi.kubevirt.io/v1beta1`): `cdi-v1.66.0/crd/datasource.yaml`.
//! - `NetworkAttachmentDefinition` (`k8s.cni.cncf.io/v1`): the Multus CRD.
//! - `Namespace`, `Secret`, `ConfigMap`, `Service` (`v1`): no upstream schema for core types is in
//!   `../shared`, so these are small hand-written strict schemas restating the core/v1 Go types
//!   (Kubernetes 1.32) for the fields a migration tool can plausibly emit, plus the API server's
//!   own checks that a schema can express (names, data keys, base64, port ranges, enums).
//!   A field missing from them is reported as unknown: add it here when the generator needs it.
//!
//! The CRD schemas are rewritten before compiling so that a generic JSON-Schema validator
//! behaves like the API server's structural-schema validation in strict mode:
//! - every object schema without `additionalProperties` and without
//!   `x-kubernetes-preserve-unknown-fields: true` gets `additionalProperties: false` (an object
//!   with no `properties` at all then accepts only `{}`: the API server would prune its fields);
//! - `nullable: true` admits `null`; elsewhere `null` is reported (the API server would silently
//!   drop it, but a generator that emits `null` has a bug);
//! - `x-kubernetes-int-or-string: true` admits integer or string;
//! - `x-kubernetes-embedded-resource: true` admits `apiVersion`, `kind` and `metadata`;
//! - `x-kubernetes-list-type: set` demands unique items, `x-kubernetes-list-map-keys` unique keys;
//! - `format: int32` / `int64` become range checks (other formats are not checked);
//! - `metadata` declared as a bare object (the CRD root, and the preserve-unknown-fields
//!   `metadata` of `spec.template` and `spec.dataVolumeTemplates[*]`) is replaced by a strict
//!   ObjectMeta: name, generateName, namespace, labels, annotations, ownerReferences, finalizers,
//!   with the API server's name, label and annotation-key formats. At the root `name` is required
//!   (the generator always names its objects) and its format depends on the kind.
//!
//! Not checked: `x-kubernetes-validations` (CEL; two rules in the VM schema, on virtiofs paths),
//! `default`s, string formats such as `date-time`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::paths::Location;
use jsonschema::{Draft, Keyword, PatternOptions, ValidationError, Validator};
use serde_json::{json, Map, Value};

const DNS1123_LABEL: &str = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
const DNS1123_SUBDOMAIN: &str =
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const DNS1035_LABEL: &str = r"^[a-z]([-a-z0-9]*[a-z0-9])?$";
/// Label and annotation keys: optional DNS-subdomain prefix and `/`, then a name of at most 63.
const QUALIFIED_NAME: &str = r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
const LABEL_VALUE: &str = r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$";
const CONFIG_KEY: &str = r"^[-._a-zA-Z0-9]+$";
const BASE64: &str = r"^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$";

/// How the API server checks `metadata.name` of a kind.
#[derive(Clone, Copy)]
enum NameRule {
    /// DNS-1123 subdomain, at most 253 characters (custom resources, Secret, ConfigMap).
    Subdomain,
    /// DNS-1123 label, at most 63 (Namespace).
    Label,
    /// DNS-1035 label: starts with a letter, at most 63 (Service).
    Dns1035,
}

fn name_schema(rule: NameRule) -> Value {
    match rule {
        NameRule::Subdomain => {
            json!({"type": "string", "maxLength": 253, "pattern": DNS1123_SUBDOMAIN})
        }
        NameRule::Label => json!({"type": "string", "maxLength": 63, "pattern": DNS1123_LABEL}),
        NameRule::Dns1035 => json!({"type": "string", "maxLength": 63, "pattern": DNS1035_LABEL}),
    }
}

/// Strict ObjectMeta for the fields a generator sets. `root`: the object's own metadata (name
/// required); otherwise embedded metadata such as a VM's `spec.template.metadata`.
fn object_meta(rule: NameRule, namespaced: bool, root: bool) -> Value {
    let mut props = json!({
        "name": name_schema(rule),
        "generateName": {"type": "string"},
        "labels": {
            "type": "object",
            "propertyNames": {"maxLength": 317, "pattern": QUALIFIED_NAME},
            "additionalProperties": {"type": "string", "pattern": LABEL_VALUE}
        },
        "annotations": {
            "type": "object",
            "propertyNames": {"maxLength": 317, "pattern": QUALIFIED_NAME},
            "additionalProperties": {"type": "string"}
        },
        "ownerReferences": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["apiVersion", "kind", "name", "uid"],
                "properties": {
                    "apiVersion": {"type": "string"},
                    "kind": {"type": "string"},
                    "name": {"type": "string"},
                    "uid": {"type": "string"},
                    "controller": {"type": "boolean"},
                    "blockOwnerDeletion": {"type": "boolean"}
                }
            }
        },
        "finalizers": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}
    });
    if namespaced {
        props["namespace"] = json!({"type": "string", "maxLength": 63, "pattern": DNS1123_LABEL});
    }
    let mut meta = json!({"type": "object", "properties": props});
    if root {
        meta["required"] = json!(["name"]);
    }
    meta
}

/// A string-to-string map with the API server's ConfigMap/Secret key rule.
fn config_map_data(value: Value) -> Value {
    json!({
        "type": "object",
        "propertyNames": {"maxLength": 253, "pattern": CONFIG_KEY},
        "additionalProperties": value
    })
}

fn string_map() -> Value {
    json!({"type": "object", "additionalProperties": {"type": "string"}})
}

fn string_list() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn core_namespace() -> Value {
    json!({
        "type": "object",
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {},
            "spec": {"type": "object", "properties": {"finalizers": string_list()}}
        }
    })
}

fn core_secret() -> Value {
    json!({
        "type": "object",
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {},
            "type": {"type": "string"},
            "immutable": {"type": "boolean"},
            "data": config_map_data(json!({"type": "string", "pattern": BASE64})),
            "stringData": config_map_data(json!({"type": "string"}))
        }
    })
}

fn core_config_map() -> Value {
    json!({
        "type": "object",
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {},
            "immutable": {"type": "boolean"},
            "data": config_map_data(json!({"type": "string"})),
            "binaryData": config_map_data(json!({"type": "string", "pattern": BASE64}))
        }
    })
}

fn core_service() -> Value {
    let port = json!({"type": "integer", "minimum": 1, "maximum": 65535});
    json!({
        "type": "object",
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {},
            "spec": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]},
                    "selector": {
                        "type": "object",
                        "propertyNames": {"maxLength": 317, "pattern": QUALIFIED_NAME},
                        "additionalProperties": {"type": "string", "pattern": LABEL_VALUE}
                    },
                    "ports": {
                        "type": "array",
                        "x-kubernetes-list-map-keys": ["port", "protocol"],
                        "items": {
                            "type": "object",
                            "required": ["port"],
                            "properties": {
                                "name": {"type": "string", "maxLength": 63, "pattern": DNS1123_LABEL},
                                "protocol": {"type": "string", "enum": ["TCP", "UDP", "SCTP"]},
                                "appProtocol": {"type": "string"},
                                "port": port.clone(),
                                "targetPort": {"anyOf": [
                                    port.clone(),
                                    {"type": "string", "maxLength": 15, "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"}
                                ]},
                                "nodePort": port.clone()
                            }
                        }
                    },
                    "clusterIP": {"type": "string"},
                    "clusterIPs": string_list(),
                    "externalIPs": string_list(),
                    "externalName": {"type": "string"},
                    "externalTrafficPolicy": {"type": "string", "enum": ["Cluster", "Local"]},
                    "internalTrafficPolicy": {"type": "string", "enum": ["Cluster", "Local"]},
                    "healthCheckNodePort": port,
                    "ipFamilies": {"type": "array", "items": {"type": "string", "enum": ["IPv4", "IPv6"]}},
                    "ipFamilyPolicy": {"type": "string", "enum": ["SingleStack", "PreferDualStack", "RequireDualStack"]},
                    "loadBalancerIP": {"type": "string"},
                    "loadBalancerClass": {"type": "string"},
                    "loadBalancerSourceRanges": string_list(),
                    "allocateLoadBalancerNodePorts": {"type": "boolean"},
                    "publishNotReadyAddresses": {"type": "boolean"},
                    "sessionAffinity": {"type": "string", "enum": ["None", "ClientIP"]},
                    "sessionAffinityConfig": {
                        "type": "object",
                        "properties": {"clientIP": {"type": "object", "properties": {
                            "timeoutSeconds": {"type": "integer", "minimum": 1, "maximum": 86400}
                        }}}
                    },
                    "trafficDistribution": {"type": "string"}
                }
            }
        }
    })
}

/// Rewrites a structural CRD schema (in place) into a strict JSON-Schema; see the module doc.
/// Public so tests can inspect what the harness enforces.
pub fn strictify(node: &mut Value) {
    let Some(obj) = node.as_object_mut() else {
        return;
    };
    let preserve = obj.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true));
    let is_object = obj.get("type").and_then(Value::as_str) == Some("object")
        || (obj.contains_key("properties") && !obj.contains_key("type"));
    if is_object && !preserve && !obj.contains_key("additionalProperties") {
        obj.insert("additionalProperties".into(), Value::Bool(false));
        // Without `properties` the validator reports "False schema does not allow <value>" at
        // the parent; with an empty one it names the unexpected fields.
        obj.entry("properties").or_insert_with(|| json!({}));
    }
    if obj.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
        obj.remove("type");
        obj.entry("anyOf")
            .or_insert_with(|| json!([{"type": "integer"}, {"type": "string"}]));
    }
    if obj.get("x-kubernetes-embedded-resource") == Some(&Value::Bool(true)) {
        if let Some(props) = obj
            .entry("properties")
            .or_insert_with(|| json!({}))
            .as_object_mut()
        {
            props
                .entry("apiVersion")
                .or_insert_with(|| json!({"type": "string"}));
            props
                .entry("kind")
                .or_insert_with(|| json!({"type": "string"}));
            props
                .entry("metadata")
                .or_insert_with(|| json!({"type": "object"}));
        }
    }
    if obj.get("x-kubernetes-list-type").and_then(Value::as_str) == Some("set") {
        obj.insert("uniqueItems".into(), Value::Bool(true));
    }
    let range = match obj.get("format").and_then(Value::as_str) {
        Some("int32") => Some((json!(i32::MIN), json!(i32::MAX))),
        Some("int64") => Some((json!(i64::MIN), json!(i64::MAX))),
        _ => None,
    };
    if let Some((lo, hi)) = range {
        if obj.get("type").and_then(Value::as_str) == Some("integer") {
            obj.entry("minimum").or_insert(lo);
            obj.entry("maximum").or_insert(hi);
        }
    }
    if obj.remove("nullable") == Some(Value::Bool(true)) {
        allow_null(obj);
    }

    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        if let Some(meta) = props.get_mut("metadata") {
            if is_bare_object(meta) {
                let nullable = meta.get("nullable") == Some(&Value::Bool(true));
                let mut strict = object_meta(NameRule::Subdomain, true, false);
                strictify(&mut strict);
                if nullable {
                    strict["type"] = json!(["object", "null"]);
                }
                *meta = strict;
            }
        }
        for (_, sub) in props.iter_mut() {
            strictify(sub);
        }
    }
    for key in ["additionalProperties", "items", "not", "propertyNames"] {
        if let Some(sub) = obj.get_mut(key) {
            match sub {
                Value::Array(list) => list.iter_mut().for_each(strictify),
                other => strictify(other),
            }
        }
    }
    for key in ["anyOf", "allOf", "oneOf"] {
        if let Some(Value::Array(list)) = obj.get_mut(key) {
            list.iter_mut().for_each(strictify);
        }
    }
    if let Some(Value::Object(map)) = obj.get_mut("patternProperties") {
        map.values_mut().for_each(strictify);
    }
}

/// An object schema that says nothing about its fields (`metadata` in CRDs).
fn is_bare_object(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        && schema.get("properties").is_none()
        && schema.get("additionalProperties").is_none()
}

fn allow_null(obj: &mut Map<String, Value>) {
    match obj.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            obj.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::Array(types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
        }
        _ => {
            if let Some(Value::Array(alts)) = obj.get_mut("anyOf") {
                alts.push(json!({"type": "null"}));
            }
        }
    }
    if let Some(Value::Array(options)) = obj.get_mut("enum") {
        options.push(Value::Null);
    }
}

/// `x-kubernetes-list-map-keys`: no two items may share the same key tuple.
struct ListMapKeys {
    keys: Vec<String>,
}

impl ListMapKeys {
    fn duplicate(&self, instance: &Value) -> Option<String> {
        let items = instance.as_array()?;
        let mut seen = HashSet::new();
        for item in items {
            let tuple: Vec<String> = self
                .keys
                .iter()
                .map(|k| format!("{k}={}", item.get(k).unwrap_or(&Value::Null)))
                .collect();
            let tuple = tuple.join(",");
            if !seen.insert(tuple.clone()) {
                return Some(format!(
                    "Duplicate value: list entries with the same key {{{tuple}}}"
                ));
            }
        }
        None
    }
}

impl<'i> Keyword<'i> for ListMapKeys {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        match self.duplicate(instance) {
            Some(msg) => Err(ValidationError::custom(msg)),
            None => Ok(()),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.duplicate(instance).is_none()
    }
}

fn compile(schema: &Value, what: &str) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(false)
        .with_pattern_options(PatternOptions::regex())
        .with_keyword(
            "x-kubernetes-list-map-keys",
            |_parent: &Map<String, Value>, value: &Value, _path: Location| {
                let keys = value
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Box::new(ListMapKeys { keys }) as Box<dyn for<'i> Keyword<'i>>)
            },
        )
        .build(schema)
        .unwrap_or_else(|e| panic!("compiling the {what} schema: {e}"))
}

struct Entry {
    api_version: &'static str,
    kind: &'static str,
    source: String,
    validator: Validator,
}

/// Compiled strict validators for every kind the generator emits.
pub struct SchemaSet {
    entries: Vec<Entry>,
}

fn read_yaml(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// `spec.versions[name=version].schema.openAPIV3Schema` of a CRD document.
fn crd_version_schema(crd: &Value, version: &str, path: &Path) -> Value {
    crd.pointer("/spec/versions")
        .and_then(Value::as_array)
        .and_then(|vs| {
            vs.iter()
                .find(|v| v.get("name").and_then(Value::as_str) == Some(version))
        })
        .and_then(|v| v.pointer("/schema/openAPIV3Schema"))
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "{}: no version {version} with an openAPIV3Schema",
                path.display()
            )
        })
}

impl SchemaSet {
    /// Reads and compiles all schemas from the `shared` folder. Panics (with the file name) if a
    /// file is missing or does not compile: that is a broken test setup, not a skip.
    /// Costs about a second; use [`SchemaSet::get`] to share one set across tests.
    pub fn load(shared: &Path) -> SchemaSet {
        let schemas = shared.join("schemas");
        let vm_path = schemas.join("kubevirt-v1.9.0/crd-validation/virtualmachine.yaml");
        let vm = read_yaml(&vm_path)
            .get("openAPIV3Schema")
            .cloned()
            .unwrap_or_else(|| panic!("{}: no openAPIV3Schema", vm_path.display()));
        let dv_path = schemas.join("cdi-v1.66.0/crd/datavolume.yaml");
        let dv = crd_version_schema(&read_yaml(&dv_path), "v1beta1", &dv_path);
        let nad_path =
            schemas.join("network-attachment-definition-client-v1.7.7/networks-crd.yaml");
        let nad = crd_version_schema(&read_yaml(&nad_path), "v1", &nad_path);

        let pool_path = schemas.join("kubevirt-v1.9.0/crd-validation/virtualmachinepool.yaml");
        let pool = read_yaml(&pool_path)
            .get("openAPIV3Schema")
            .cloned()
            .unwrap_or_else(|| panic!("{}: no openAPIV3Schema", pool_path.display()));
        let ds_path = schemas.join("cdi-v1.66.0/crd/datasource.yaml");
        let ds = crd_version_schema(&read_yaml(&ds_path), "v1beta1", &ds_path);
        let hand = "hand-written core/v1 schema (tests/support/schema.rs)";
        let kinds: Vec<(&str, &str, NameRule, bool, Value, String)> = vec![
            (
                "kubevirt.io/v1",
                "VirtualMachine",
                NameRule::Subdomain,
                true,
                vm,
                vm_path.display().to_string(),
            ),
            (
                "pool.kubevirt.io/v1beta1",
                "VirtualMachinePool",
                NameRule::Subdomain,
                true,
                pool,
                pool_path.display().to_string(),
            ),
            (
                "cdi.kubevirt.io/v1beta1",
                "DataSource",
                NameRule::Subdomain,
                true,
                ds,
                ds_path.display().to_string(),
            ),
            (
                "cdi.kubevirt.io/v1beta1",
                "DataVolume",
                NameRule::Subdomain,
                true,
                dv,
                dv_path.display().to_string(),
            ),
            (
                "k8s.cni.cncf.io/v1",
                "NetworkAttachmentDefinition",
                NameRule::Subdomain,
                true,
                nad,
                nad_path.display().to_string(),
            ),
            (
                "v1",
                "Namespace",
                NameRule::Label,
                false,
                core_namespace(),
                hand.into(),
            ),
            (
                "v1",
                "Secret",
                NameRule::Subdomain,
                true,
                core_secret(),
                hand.into(),
            ),
            (
                "v1",
                "ConfigMap",
                NameRule::Subdomain,
                true,
                core_config_map(),
                hand.into(),
            ),
            (
                "v1",
                "Service",
                NameRule::Dns1035,
                true,
                core_service(),
                hand.into(),
            ),
        ];
        let entries = kinds
            .into_iter()
            .map(
                |(api_version, kind, rule, namespaced, mut schema, source)| {
                    strictify(&mut schema);
                    schema["properties"]["metadata"] = {
                        let mut m = object_meta(rule, namespaced, true);
                        strictify(&mut m);
                        m
                    };
                    schema["properties"]["apiVersion"] =
                        json!({"type": "string", "enum": [api_version]});
                    schema["properties"]["kind"] = json!({"type": "string", "enum": [kind]});
                    schema["required"] = json!(["apiVersion", "kind", "metadata"]);
                    schema["type"] = json!("object");
                    let validator = compile(&schema, kind);
                    Entry {
                        api_version,
                        kind,
                        source,
                        validator,
                    }
                },
            )
            .collect();
        SchemaSet { entries }
    }

    /// The process-wide set, loaded from `shared` on first use.
    pub fn get(shared: &Path) -> &'static SchemaSet {
        static SET: OnceLock<SchemaSet> = OnceLock::new();
        SET.get_or_init(|| SchemaSet::load(shared))
    }

    /// `(apiVersion, kind, schema source)` of every kind this set knows.
    pub fn kinds(&self) -> Vec<(&'static str, &'static str, &str)> {
        self.entries
            .iter()
            .map(|e| (e.api_version, e.kind, e.source.as_str()))
            .collect()
    }

    /// Validates one object. Returns `Kind/name: <json pointer>: <message>` lines; empty when
    /// valid. An unknown `apiVersion`/`kind` pair is an error.
    pub fn validate(&self, obj: &Value) -> Vec<String> {
        let api_version = obj.get("apiVersion").and_then(Value::as_str);
        let kind = obj.get("kind").and_then(Value::as_str);
        let label = object_label(obj);
        let (Some(api_version), Some(kind)) = (api_version, kind) else {
            return vec![format!(
                "{label}: /: apiVersion and kind must both be strings"
            )];
        };
        let Some(entry) = self
            .entries
            .iter()
            .find(|e| e.api_version == api_version && e.kind == kind)
        else {
            let known: Vec<String> = self
                .entries
                .iter()
                .map(|e| format!("{} {}", e.api_version, e.kind))
                .collect();
            return vec![format!(
                "{label}: /: unknown apiVersion/kind {api_version} {kind} (known: {})",
                known.join(", ")
            )];
        };
        entry
            .validator
            .iter_errors(obj)
            .flat_map(|e| render(&label, &e))
            .collect()
    }
}

/// `Kind/name` for messages.
pub fn object_label(obj: &Value) -> String {
    let kind = obj
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("<no kind>");
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("<no name>");
    format!("{kind}/{name}")
}

fn escape_pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn render(label: &str, err: &ValidationError<'_>) -> Vec<String> {
    let path = err.instance_path().as_str();
    let shown = if path.is_empty() { "/" } else { path };
    match err.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|u| {
                format!(
                    "{label}: {path}/{}: unknown field \"{u}\"",
                    escape_pointer_token(u)
                )
            })
            .collect(),
        ValidationErrorKind::Custom { message, .. } => vec![format!("{label}: {shown}: {message}")],
        ValidationErrorKind::PropertyNames { error } => {
            vec![format!("{label}: {shown}: invalid key: {error}")]
        }
        _ => {
            let mut msg = err.to_string();
            if msg.len() > 300 {
                msg = err.masked().to_string();
            }
            vec![format!("{label}: {shown}: {msg}")]
        }
    }
}

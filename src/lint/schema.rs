//! The KubeVirt v1.9.0 and CDI v1.66.0 CRD schemas, embedded, and the API server's structural
//! schema validation over them in strict field-validation mode: an unknown field is an error
//! (`.spec.foo: field not declared in schema`), a wrong type, value outside an enum, missing
//! required field, quantity that does not match the pattern... is reported in the API server's
//! wording (`spec.running: Invalid value: "string": spec.running in body must be of type
//! boolean: "string"`).
//!
//! The schemas are vendored copies under `schemas/` (Apache-2.0, see `schemas/README.md`);
//! `tests/offline/lint.rs` compares them with `../shared/schemas` so they never drift.
//! `null` values are accepted where the API server would prune them. CEL rules
//! (`x-kubernetes-validations`) are checked for the two rules these CRDs carry; string patterns
//! for the two patterns they use.

use super::quantity::matches_schema_pattern;
use super::value::{key, Key, Read};
use super::Problem;
use foldhash::HashMap;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::OnceLock;

/// A kind the linter validates, with its embedded schema.
struct Source {
    kind: &'static str,
    groups: &'static [&'static str],
    file: super::Vendored,
    /// A full CustomResourceDefinition (CDI) rather than a `CustomResourceValidation` document.
    full_crd: bool,
}

const KV: &[&str] = &["kubevirt.io/v1", "kubevirt.io/v1alpha3"];
const IT: &[&str] = &["instancetype.kubevirt.io/v1beta1"];

const SOURCES: &[Source] = &[
    Source {
        kind: "VirtualMachine",
        groups: KV,
        file: vendored!("kubevirt-v1.9.0/virtualmachine"),
        full_crd: false,
    },
    Source {
        kind: "VirtualMachineInstance",
        groups: KV,
        file: vendored!("kubevirt-v1.9.0/virtualmachineinstance"),
        full_crd: false,
    },
    Source {
        kind: "VirtualMachinePool",
        groups: &["pool.kubevirt.io/v1beta1", "pool.kubevirt.io/v1alpha1"],
        file: vendored!("kubevirt-v1.9.0/virtualmachinepool"),
        full_crd: false,
    },
    Source {
        kind: "VirtualMachineInstancetype",
        groups: IT,
        file: vendored!("kubevirt-v1.9.0/virtualmachineinstancetype"),
        full_crd: false,
    },
    Source {
        kind: "VirtualMachineClusterInstancetype",
        groups: IT,
        file: vendored!("kubevirt-v1.9.0/virtualmachineclusterinstancetype"),
        full_crd: false,
    },
    Source {
        kind: "VirtualMachinePreference",
        groups: IT,
        file: vendored!("kubevirt-v1.9.0/virtualmachinepreference"),
        full_crd: false,
    },
    Source {
        kind: "VirtualMachineClusterPreference",
        groups: IT,
        file: vendored!("kubevirt-v1.9.0/virtualmachineclusterpreference"),
        full_crd: false,
    },
    Source {
        kind: "DataVolume",
        groups: &["cdi.kubevirt.io/v1beta1"],
        file: vendored!("cdi-v1.66.0/datavolume"),
        full_crd: true,
    },
];

/// The embedded files: each vendored file's name under `src/lint/schemas/` (without
/// `.yaml`) and the JSON the binary parses, for the drift test.
pub fn embedded_files() -> Vec<(&'static str, &'static str)> {
    SOURCES
        .iter()
        .map(|s| (s.file.name, s.file.json))
        .chain(super::catalog::embedded_files())
        .collect()
}

/// Whether `apiVersion`/`kind` is one the linter checks.
pub(crate) fn knows(api_version: &str, kind: &str) -> bool {
    SOURCES
        .iter()
        .any(|s| s.kind == kind && s.groups.contains(&api_version))
}

fn parsed(index: usize) -> &'static Value {
    static CACHE: [OnceLock<Value>; 8] = [const { OnceLock::new() }; 8];
    CACHE[index].get_or_init(|| {
        let src = &SOURCES[index];
        let doc = src
            .file
            .documents()
            .into_iter()
            .next()
            .unwrap_or(Value::Null);
        let schema = if src.full_crd {
            doc.at("spec")
                .at("versions")
                .items()
                .iter()
                .find(|v| v.at("name").text() == "v1beta1")
                .map(|v| v.path(&["schema", "openAPIV3Schema"]).clone())
                .unwrap_or(Value::Null)
        } else {
            doc.at("openAPIV3Schema").clone()
        };
        // A vendored file that does not parse is a build defect, caught by the unit test below.
        schema
    })
}

/// Validates one object of a known kind against its CRD schema.
pub(crate) fn validate(obj: &Value) -> Vec<Problem> {
    let kind = obj.at("kind").text();
    let Some(index) = SOURCES.iter().position(|s| s.kind == kind) else {
        return Vec::new();
    };
    let mut w = Walker { out: Vec::new() };
    w.root(obj, compiled(index));
    w.out
}

/// A kind's schema compiled once into [`Node`]s, so the walk over every generated object
/// reads struct fields instead of looking up a dozen keys per value in the schema's JSON
/// (those hashed lookups were most of the walk's time in `perf`).
fn compiled(index: usize) -> &'static Node {
    static CACHE: [OnceLock<Node>; 8] = [const { OnceLock::new() }; 8];
    CACHE[index].get_or_init(|| Node::compile(parsed(index)))
}

/// One schema node: what [`Walker`] checks of a value, read out of the OpenAPI schema.
/// A missing schema (`Value::Null`) compiles to the default node, which the walk treats as
/// it treated the missing schema: any type, and no declared fields.
#[derive(Default)]
struct Node {
    /// `type`, as the schema spells it ("" for none), for messages.
    want: Box<str>,
    /// `type` as the walk compares it: an enum, not the string, since every value visited
    /// is checked against it.
    accepts: Accepts,
    int_or_string: bool,
    allowed: Option<Vec<Value>>,
    /// Hashed with foldhash: one hash and one comparison per field. An ordered map took
    /// about five string comparisons per field, each a `memcmp` call; with std's SipHash,
    /// hashing had been dearer still.
    properties: Option<HashMap<Box<str>, Node>>,
    additional: Additional,
    preserve_unknown: bool,
    embedded: bool,
    /// `type: object` without `properties`: a field named `metadata` is then ObjectMeta.
    plain_object: bool,
    required: Vec<Box<str>>,
    max_items: Option<u64>,
    items: Option<Box<Node>>,
    list: ListType,
    max_length: Option<u64>,
    pattern: Pattern,
    /// `format: int32`.
    int32: bool,
    minimum: Option<f64>,
    rules: Vec<(Rule, Box<str>)>,
}

/// The JSON types a schema's `type` admits.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Accepts {
    /// No `type`: anything.
    #[default]
    Any,
    Null,
    Boolean,
    Integer,
    /// `number`: integers too.
    Number,
    String,
    Array,
    Object,
    /// A `type` these CRDs do not use: nothing matches it, as no value's type is named so.
    Unknown,
}

impl Accepts {
    fn of_schema(want: &str) -> Accepts {
        match want {
            "" => Accepts::Any,
            "null" => Accepts::Null,
            "boolean" => Accepts::Boolean,
            "integer" => Accepts::Integer,
            "number" => Accepts::Number,
            "string" => Accepts::String,
            "array" => Accepts::Array,
            "object" => Accepts::Object,
            _ => Accepts::Unknown,
        }
    }

    fn admits(self, v: &Value) -> bool {
        match (self, v) {
            (Accepts::Any, _) => true,
            (Accepts::Null, Value::Null) => true,
            (Accepts::Boolean, Value::Bool(_)) => true,
            (Accepts::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Accepts::Number, Value::Number(_)) => true,
            (Accepts::String, Value::String(_)) => true,
            (Accepts::Array, Value::Array(_)) => true,
            (Accepts::Object, Value::Object(_)) => true,
            _ => false,
        }
    }
}

#[derive(Default)]
enum Additional {
    #[default]
    Forbidden,
    Any,
    Schema(Box<Node>),
}

#[derive(Default)]
enum ListType {
    #[default]
    Atomic,
    Set,
    Map(Vec<Box<str>>),
}

/// The string patterns these CRDs use (`string_rules`).
#[derive(Default)]
enum Pattern {
    #[default]
    None,
    Quantity(Box<str>),
    Ratio(Box<str>),
    /// Another pattern would come with a schema update: the drift test shows it.
    Unchecked,
}

/// The CEL rules these CRDs carry (`x-kubernetes-validations`).
enum Rule {
    StartsWithSlash,
    NoDotDot,
    IsTrue,
}

impl Node {
    fn compile(schema: &Value) -> Node {
        let text = |key: &str| schema.at(key).text();
        let additional = schema.at("additionalProperties");
        let pattern = match text("pattern") {
            "" => Pattern::None,
            p if p.starts_with("^(\\+|-)?(([0-9]+(\\.[0-9]*)?)") => Pattern::Quantity(p.into()),
            p @ r"^(0(?:\.\d{1,3})?|1)$" => Pattern::Ratio(p.into()),
            _ => Pattern::Unchecked,
        };
        Node {
            want: text("type").into(),
            accepts: Accepts::of_schema(text("type")),
            int_or_string: schema.at("x-kubernetes-int-or-string").is_true(),
            allowed: schema.at("enum").as_array().cloned(),
            properties: schema.at("properties").as_object().map(|props| {
                props
                    .iter()
                    .map(|(key, s)| (key.as_str().into(), Node::compile(s)))
                    .collect()
            }),
            additional: if additional.is_object() {
                Additional::Schema(Box::new(Node::compile(additional)))
            } else if additional.is_true() {
                Additional::Any
            } else {
                Additional::Forbidden
            },
            preserve_unknown: schema.at("x-kubernetes-preserve-unknown-fields").is_true(),
            embedded: schema.at("x-kubernetes-embedded-resource").is_true(),
            plain_object: text("type") == "object" && schema.at("properties").is_null(),
            required: schema
                .at("required")
                .items()
                .iter()
                .map(|r| r.text().into())
                .collect(),
            max_items: schema.at("maxItems").as_u64(),
            items: schema
                .get("items")
                .map(|items| Box::new(Node::compile(items))),
            list: match text("x-kubernetes-list-type") {
                "set" => ListType::Set,
                "map" => ListType::Map(
                    schema
                        .at("x-kubernetes-list-map-keys")
                        .items()
                        .iter()
                        .map(|k| k.text().into())
                        .collect(),
                ),
                _ => ListType::Atomic,
            },
            max_length: schema.at("maxLength").as_u64(),
            pattern,
            int32: text("format") == "int32",
            minimum: schema.at("minimum").as_f64(),
            rules: schema
                .at("x-kubernetes-validations")
                .items()
                .iter()
                .filter_map(|rule| {
                    let kind = match rule.at("rule").text() {
                        "self.startsWith('/')" => Rule::StartsWithSlash,
                        "!self.contains('..')" => Rule::NoDotDot,
                        "self == true" => Rule::IsTrue,
                        _ => return None,
                    };
                    Some((kind, rule.at("message").text().into()))
                })
                .collect(),
        }
    }

    fn property(&self, key: &str) -> Option<&Node> {
        self.properties.as_ref()?.get(key)
    }
}

/// The schema of a list's items: the default node (any type, no fields) when it has none.
static NO_SCHEMA: OnceLock<Node> = OnceLock::new();

const OBJECT_META: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "managedFields",
    "selfLink",
];

struct Walker {
    out: Vec<Problem>,
}

/// Where a value is in the object, as the API server writes it (`spec.template.spec.disks[0]`).
/// Built only when a problem is reported: allocating every visited field's dotted path was most
/// of the walk's cost, and the plugin walks every object it generates (`check_generated`).
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
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

impl Walker {
    fn add(&mut self, path: &Path, message: String) {
        self.out.push(Problem::new(&path.to_string(), message));
    }

    fn unknown(&mut self, path: &Path) {
        self.out.push(Problem {
            path: format!(".{path}"),
            message: "field not declared in schema".into(),
        });
    }

    fn root(&mut self, obj: &Value, schema: &Node) {
        let Some(map) = obj.as_object() else {
            return;
        };
        for (key, v) in map {
            match key.as_str() {
                "apiVersion" | "kind" => {}
                "metadata" => self.metadata(v, &Path::Key(&Path::Root, "metadata")),
                _ => {
                    let p = Path::Key(&Path::Root, key);
                    match schema.property(key) {
                        Some(s) => self.value(v, s, &p),
                        None => self.unknown(&p),
                    }
                }
            }
        }
    }

    /// ObjectMeta: the fields the API server knows, with their types.
    fn metadata(&mut self, v: &Value, path: &Path) {
        let Some(map) = v.as_object() else {
            if v.set() {
                self.type_error(path, v, "object");
            }
            return;
        };
        for (key, field) in map {
            let p = Path::Key(path, key);
            if !OBJECT_META.contains(&key.as_str()) {
                self.unknown(&p);
                continue;
            }
            match key.as_str() {
                "labels" | "annotations" => match field.as_object() {
                    Some(m) => {
                        for (k, x) in m {
                            if !x.is_string() && x.set() {
                                self.type_error(&Path::Key(&p, k), x, "string");
                            }
                        }
                    }
                    None if field.set() => self.type_error(&p, field, "object"),
                    None => {}
                },
                "name" | "generateName" | "namespace" if !field.is_string() && field.set() => {
                    self.type_error(&p, field, "string")
                }
                _ => {}
            }
        }
    }

    fn type_error(&mut self, path: &Path, v: &Value, want: &str) {
        let got = type_name(v);
        self.add(
            path,
            format!("Invalid value: \"{got}\": {path} in body must be of type {want}: \"{got}\""),
        );
    }

    fn value(&mut self, v: &Value, schema: &Node, path: &Path) {
        if v.is_null() {
            // The API server prunes nulls of non-nullable fields; nullable ones are kept.
            return;
        }
        if schema.int_or_string {
            match v {
                Value::String(s) => self.string_rules(s, schema, path),
                Value::Number(n) if n.is_i64() || n.is_u64() => {}
                _ => self.type_error(path, v, "integer,string"),
            }
            return;
        }
        if !schema.accepts.admits(v) {
            self.type_error(path, v, &schema.want);
            return;
        }
        if let Some(allowed) = &schema.allowed {
            if !allowed.contains(v) {
                let list: Vec<String> = allowed.iter().map(Value::to_string).collect();
                self.add(
                    path,
                    format!(
                        "Unsupported value: {v}: supported values: {}",
                        list.join(", ")
                    ),
                );
            }
        }
        match v {
            Value::Object(map) => self.object(map, schema, path),
            Value::Array(items) => self.array(items, schema, path),
            Value::String(s) => self.string_rules(s, schema, path),
            Value::Number(_) => self.number_rules(v, schema, path),
            _ => {}
        }
        self.cel(v, schema, path);
    }

    fn object(&mut self, map: &serde_json::Map<String, Value>, schema: &Node, path: &Path) {
        for (key, v) in map {
            let p = Path::Key(path, key);
            if let Some(s) = schema.property(key) {
                if key == "metadata" && s.plain_object {
                    self.metadata(v, &p);
                } else {
                    self.value(v, s, &p);
                }
            } else if schema.embedded && (key == "apiVersion" || key == "kind") {
                if !v.is_string() && v.set() {
                    self.type_error(&p, v, "string");
                }
            } else if schema.embedded && key == "metadata" {
                self.metadata(v, &p);
            } else if let Additional::Schema(additional) = &schema.additional {
                self.value(v, additional, &p);
            } else if !(schema.preserve_unknown || matches!(schema.additional, Additional::Any)) {
                self.unknown(&p);
            }
        }
        for key in &schema.required {
            if map.get(&**key).is_none_or(Value::is_null) {
                self.add(&Path::Key(path, key), "Required value".into());
            }
        }
    }

    fn array(&mut self, items: &[Value], schema: &Node, path: &Path) {
        if let Some(max) = schema.max_items {
            if items.len() as u64 > max {
                self.add(
                    path,
                    format!("Too many: {}: must have at most {max} items", items.len()),
                );
            }
        }
        let item_schema = schema
            .items
            .as_deref()
            .unwrap_or_else(|| NO_SCHEMA.get_or_init(Node::default));
        for (i, it) in items.iter().enumerate() {
            self.value(it, item_schema, &Path::Index(path, i));
        }
        match &schema.list {
            ListType::Set => {
                let mut seen = HashSet::new();
                for (i, it) in items.iter().enumerate() {
                    if !seen.insert(key(it)) {
                        self.add(&Path::Index(path, i), format!("Duplicate value: {it}"));
                    }
                }
            }
            ListType::Map(keys) => {
                let mut seen = HashSet::new();
                for (i, it) in items.iter().enumerate() {
                    let identity: Vec<Key> = keys.iter().map(|k| key(it.at(k))).collect();
                    if !seen.insert(identity) {
                        let shown: Vec<String> = keys
                            .iter()
                            .map(|k| format!("\"{k}\":{}", it.at(k)))
                            .collect();
                        self.add(
                            &Path::Index(path, i),
                            format!(
                                "Duplicate value: map[string]interface {{}}{{{}}}",
                                shown.join(", ")
                            ),
                        );
                    }
                }
            }
            ListType::Atomic => {}
        }
    }

    fn string_rules(&mut self, s: &str, schema: &Node, path: &Path) {
        if let Some(max) = schema.max_length {
            if s.chars().count() as u64 > max {
                self.add(path, format!("Too long: may not be more than {max} bytes"));
            }
        }
        let failed = match &schema.pattern {
            Pattern::Quantity(pattern) if !matches_schema_pattern(s) => Some(pattern),
            Pattern::Ratio(pattern) if !ratio_pattern(s) => Some(pattern),
            _ => None,
        };
        if let Some(pattern) = failed {
            self.add(
                path,
                format!("Invalid value: \"{s}\": {path} in body should match '{pattern}'"),
            );
        }
    }

    fn number_rules(&mut self, v: &Value, schema: &Node, path: &Path) {
        let n = v.num();
        let (lo, hi) = if schema.int32 {
            (f64::from(i32::MIN), f64::from(i32::MAX))
        } else {
            (f64::MIN, f64::MAX)
        };
        let lo = schema.minimum.map_or(lo, |m| m.max(lo));
        if n < lo {
            self.add(
                path,
                format!(
                    "Invalid value: {v}: {path} in body should be greater than or equal to {lo}"
                ),
            );
        }
        if n > hi {
            self.add(
                path,
                format!("Invalid value: {v}: {path} in body should be less than or equal to {hi}"),
            );
        }
    }

    /// The CEL rules these CRDs carry (containerPath volumes).
    fn cel(&mut self, v: &Value, schema: &Node, path: &Path) {
        for (rule, message) in &schema.rules {
            let ok = match rule {
                Rule::StartsWithSlash => v.text().starts_with('/'),
                Rule::NoDotDot => !v.text().contains(".."),
                Rule::IsTrue => v.is_true(),
            };
            if !ok {
                self.add(path, format!("Invalid value: {v}: {message}"));
            }
        }
    }
}

/// `^(0(?:\.\d{1,3})?|1)$`
fn ratio_pattern(s: &str) -> bool {
    if s == "0" || s == "1" {
        return true;
    }
    match s.strip_prefix("0.") {
        Some(d) => (1..=3).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_embedded_schema_parses() {
        for (i, s) in SOURCES.iter().enumerate() {
            assert!(
                parsed(i).at("properties").is_object(),
                "{}: embedded schema did not parse",
                s.kind
            );
        }
    }

    #[test]
    fn reports_unknown_fields_types_and_required_in_api_server_words() {
        let vm = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
            "metadata": {"name": "a", "bogus": 1},
            "spec": {"running": "yes", "template": {"spec": {"domain": {"foo": 1, "devices": {},
                "resources": {"requests": {"memory": "1x"}}}}}}});
        let got: Vec<String> = validate(&vm).iter().map(Problem::to_string).collect();
        assert!(
            got.contains(&".metadata.bogus: field not declared in schema".to_string()),
            "{got:?}"
        );
        assert!(
            got.contains(
                &".spec.template.spec.domain.foo: field not declared in schema".to_string()
            ),
            "{got:?}"
        );
        assert!(got.contains(&"spec.running: Invalid value: \"string\": spec.running in body must be of type boolean: \"string\"".to_string()), "{got:?}");
        assert!(
            got.iter().any(|p| p.starts_with(
                "spec.template.spec.domain.resources.requests.memory: Invalid value: \"1x\""
            )),
            "{got:?}"
        );
        // Paths through lists, as the API server writes them.
        let listed = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
            "metadata": {"name": "a"},
            "spec": {"template": {"spec": {"domain": {"devices": {"disks": [{"name": "a"}, {"name": 1}]}}}}}});
        let got: Vec<String> = validate(&listed).iter().map(Problem::to_string).collect();
        assert_eq!(
            got,
            ["spec.template.spec.domain.devices.disks[1].name: Invalid value: \"integer\": spec.template.spec.domain.devices.disks[1].name in body must be of type string: \"integer\""]
        );
        let ok = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "a"},
            "spec": {"runStrategy": "Always", "template": {"metadata": {"labels": {"a": "b"}},
                "spec": {"domain": {"devices": {}, "memory": {"guest": "1Gi"}}}}}});
        assert_eq!(validate(&ok), Vec::<Problem>::new());
    }
}

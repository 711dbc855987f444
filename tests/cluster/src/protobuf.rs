//! Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), decoded to the
//! JSON the rest of the emulator works on. kubectl sends protobuf for builtin kinds on its
//! imperative commands (`create namespace`, `create secret`, `create configmap`, `create
//! rolebinding`, `run`); a real kube-apiserver accepts it, so the emulator must too.
//!
//! The envelope is the 4-byte magic `k8s\0` followed by a `runtime.Unknown` message whose
//! `typeMeta` names the kind and whose `raw` is the object's own message. The object is decoded
//! with the `k8s-pb` message of that kind, chosen by `apiVersion` + `kind` from every GA kind the
//! crate knows (so a kind the emulator starts serving later decodes without a change here).
//!
//! `k8s-pb` has no JSON mapping, and writing one per message would be thousands of lines; the
//! generic bridge here reads the message's `Debug` form (prost derives it from the proto
//! field list: `Name { field: Some(..), map: {"k": ..}, list: [..] }`) and turns it into the
//! Kubernetes JSON shape: field names to lowerCamelCase with Kubernetes' initialisms (`podIP`,
//! `hostPID`, `providerID`), `None` and empty lists/maps omitted (the builtin types' `omitempty`),
//! `Time`/`MicroTime` to RFC 3339, `Quantity` and `IntOrString` to scalars, `FieldsV1` and
//! `RawExtension` to the JSON they carry, and `bytes` fields to base64 as in JSON.

use crate::util::ApiError;
use k8s_pb::Resource;
use prost::Message;
use serde_json::{Map, Number, Value};

/// The magic prefix of every Kubernetes protobuf body.
const MAGIC: &[u8] = b"k8s\0";

/// Whether a request's content type is Kubernetes protobuf.
pub fn is_protobuf(content_type: &str) -> bool {
    content_type.contains("application/vnd.kubernetes.protobuf")
}

/// Decodes a protobuf request body into the object's JSON, `apiVersion` and `kind` included.
pub fn decode(body: &[u8]) -> Result<Value, ApiError> {
    let raw = body.strip_prefix(MAGIC).ok_or_else(|| {
        ApiError::bad_request(
            "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]",
        )
    })?;
    let unknown = k8s_pb::apimachinery::pkg::runtime::Unknown::decode(raw)
        .map_err(|e| ApiError::bad_request(format!("error decoding body: {e}")))?;
    let meta = unknown.type_meta.unwrap_or_default();
    let api_version = meta.api_version.unwrap_or_default();
    let kind = meta.kind.unwrap_or_default();
    let inner = unknown.raw.unwrap_or_default();
    let debug = debug_of(&api_version, &kind, &inner)?.ok_or_else(|| {
        ApiError::new(
            415,
            "UnsupportedMediaType",
            format!("the body of the request was in an unknown format - no protobuf message for {kind} in {api_version}"),
        )
    })?;
    let tree = DebugParser::new(&debug)
        .value()
        .ok_or_else(|| ApiError::bad_request(format!("error decoding body: cannot read {kind}")))?;
    let mut object = match to_json(&tree, "") {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    // `apiVersion` and `kind` first, as in any JSON body.
    let mut out = Map::new();
    out.insert("apiVersion".into(), Value::String(api_version));
    out.insert("kind".into(), Value::String(kind));
    out.append(&mut object);
    Ok(Value::Object(out))
}

/// Decodes `raw` with the message of `api_version`/`kind`; `None` for a kind with no message.
fn debug_of(api_version: &str, kind: &str, raw: &[u8]) -> Result<Option<String>, ApiError> {
    macro_rules! kinds {
        ($($t:ty),* $(,)?) => {
            $(
                if api_version == <$t as Resource>::API_VERSION && kind == <$t as Resource>::KIND {
                    let m = <$t>::decode(raw)
                        .map_err(|e| ApiError::bad_request(format!("error decoding body: {e}")))?;
                    return Ok(Some(format!("{m:?}")));
                }
            )*
        };
    }
    use k8s_pb::api;
    kinds!(
        api::core::v1::Binding,
        api::core::v1::ConfigMap,
        api::core::v1::Endpoints,
        api::core::v1::Event,
        api::core::v1::LimitRange,
        api::core::v1::Namespace,
        api::core::v1::Node,
        api::core::v1::PersistentVolume,
        api::core::v1::PersistentVolumeClaim,
        api::core::v1::Pod,
        api::core::v1::PodTemplate,
        api::core::v1::ReplicationController,
        api::core::v1::ResourceQuota,
        api::core::v1::Secret,
        api::core::v1::Service,
        api::core::v1::ServiceAccount,
        api::apps::v1::ControllerRevision,
        api::apps::v1::DaemonSet,
        api::apps::v1::Deployment,
        api::apps::v1::ReplicaSet,
        api::apps::v1::StatefulSet,
        api::batch::v1::CronJob,
        api::batch::v1::Job,
        api::rbac::v1::ClusterRole,
        api::rbac::v1::ClusterRoleBinding,
        api::rbac::v1::Role,
        api::rbac::v1::RoleBinding,
        api::authorization::v1::LocalSubjectAccessReview,
        api::authorization::v1::SelfSubjectAccessReview,
        api::authorization::v1::SelfSubjectRulesReview,
        api::authorization::v1::SubjectAccessReview,
        api::authentication::v1::SelfSubjectReview,
        api::authentication::v1::TokenReview,
        api::coordination::v1::Lease,
        api::events::v1::Event,
        api::storage::v1::CSIDriver,
        api::storage::v1::CSINode,
        api::storage::v1::StorageClass,
        api::storage::v1::VolumeAttachment,
        api::networking::v1::Ingress,
        api::networking::v1::IngressClass,
        api::networking::v1::NetworkPolicy,
        api::policy::v1::PodDisruptionBudget,
        api::scheduling::v1::PriorityClass,
        api::node::v1::RuntimeClass,
        api::discovery::v1::EndpointSlice,
        api::autoscaling::v2::HorizontalPodAutoscaler,
        api::certificates::v1::CertificateSigningRequest,
        api::admissionregistration::v1::MutatingWebhookConfiguration,
        api::admissionregistration::v1::ValidatingWebhookConfiguration,
        k8s_pb::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition,
    );
    Ok(None)
}

/// A value of prost's `Debug` output.
#[derive(Debug, Clone, PartialEq)]
enum Dbg {
    None,
    /// `Name { field: value, ... }` (a unit `Name` has no fields).
    Struct(String, Vec<(String, Dbg)>),
    List(Vec<Dbg>),
    Map(Vec<(Dbg, Dbg)>),
    Str(String),
    /// A number or `true`/`false`, as printed.
    Atom(String),
}

/// A recursive-descent reader of the `Debug` forms prost derives (`Some(x)` is read as `x`).
struct DebugParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> DebugParser<'a> {
    fn new(s: &'a str) -> Self {
        Self {
            s: s.as_bytes(),
            i: 0,
        }
    }

    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self) -> String {
        self.ws();
        let start = self.i;
        while self.s.get(self.i).is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'_' | b'#' | b'.' | b'-' | b'+')
        }) {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    fn value(&mut self) -> Option<Dbg> {
        match self.peek()? {
            b'"' => self.string().map(Dbg::Str),
            b'[' => {
                self.i += 1;
                let mut items = vec![];
                while !self.eat(b']') {
                    items.push(self.value()?);
                    self.eat(b',');
                }
                Some(Dbg::List(items))
            }
            b'{' => {
                self.i += 1;
                let mut entries = vec![];
                while !self.eat(b'}') {
                    let k = self.value()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    entries.push((k, self.value()?));
                    self.eat(b',');
                }
                Some(Dbg::Map(entries))
            }
            _ => {
                let w = self.word();
                if w.is_empty() {
                    return None;
                }
                match w.as_str() {
                    "None" => Some(Dbg::None),
                    "Some" => {
                        if !self.eat(b'(') {
                            return None;
                        }
                        let v = self.value()?;
                        self.eat(b')').then_some(v)
                    }
                    _ if w.starts_with(|c: char| c.is_ascii_uppercase()) => self.strukt(w),
                    _ => Some(Dbg::Atom(w)),
                }
            }
        }
    }

    fn strukt(&mut self, name: String) -> Option<Dbg> {
        let mut fields = vec![];
        if self.eat(b'{') {
            while !self.eat(b'}') {
                let f = self.word();
                if f.is_empty() || !self.eat(b':') {
                    return None;
                }
                fields.push((f.trim_start_matches("r#").to_string(), self.value()?));
                self.eat(b',');
            }
        }
        Some(Dbg::Struct(name, fields))
    }

    /// A Rust string literal as `Debug` escapes it.
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.i)?;
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let ch = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'0' => '\0',
                        b'u' => {
                            let rest = self.s.get(self.i..)?;
                            let end = rest.iter().position(|&b| b == b'}')?;
                            let hex = std::str::from_utf8(rest.get(1..end)?).ok()?;
                            self.i += end + 1;
                            char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                        }
                        other => other as char,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                other => out.push(other),
            }
        }
    }
}

/// Fields whose proto type is `bytes` (a `Debug` list of integers): base64 in JSON.
const BYTES_FIELDS: &[&str] = &["data", "binaryData", "caBundle", "request", "certificate"];

/// Words Kubernetes' JSON names spell as initialisms when not first (`podIP`, `hostPID`).
const INITIALISMS: &[(&str, &str)] = &[
    ("ip", "IP"),
    ("ips", "IPs"),
    ("cidr", "CIDR"),
    ("cidrs", "CIDRs"),
    ("id", "ID"),
    ("pid", "PID"),
    ("ipc", "IPC"),
    ("tls", "TLS"),
    ("uri", "URI"),
    ("url", "URL"),
    ("wwns", "WWNs"),
];

/// `snake_case` proto field name to Kubernetes' JSON name.
fn json_name(field: &str) -> String {
    let mut out = String::new();
    for (i, word) in field.split('_').enumerate() {
        if i == 0 {
            out.push_str(word);
        } else if let Some((_, up)) = INITIALISMS.iter().find(|(w, _)| *w == word) {
            out.push_str(up);
        } else {
            let mut cs = word.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        }
    }
    out
}

fn field<'a>(fields: &'a [(String, Dbg)], name: &str) -> Option<&'a Dbg> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

fn atom_i64(v: Option<&Dbg>) -> i64 {
    match v {
        Some(Dbg::Atom(a)) => a.parse().unwrap_or(0),
        _ => 0,
    }
}

fn bytes_of(v: &Dbg) -> Option<Vec<u8>> {
    match v {
        Dbg::List(items) => items
            .iter()
            .map(|i| match i {
                Dbg::Atom(a) => a.parse::<u8>().ok(),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// RFC 3339 in UTC of seconds since the epoch (`micros`: with microseconds, as MicroTime).
fn rfc3339(secs: i64, nanos: i64, micros: bool) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let (h, mi, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    if micros {
        format!(
            "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:06}Z",
            nanos / 1000
        )
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

/// A `Debug` value as Kubernetes JSON; `key` is the JSON name of the field holding it.
fn to_json(v: &Dbg, key: &str) -> Value {
    match v {
        Dbg::None => Value::Null,
        Dbg::Str(s) => Value::String(s.clone()),
        Dbg::Atom(a) => match a.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => a
                .parse::<i64>()
                .ok()
                .map(Number::from)
                .or_else(|| a.parse::<f64>().ok().and_then(Number::from_f64))
                .map(Value::Number)
                .unwrap_or_else(|| Value::String(a.clone())),
        },
        Dbg::List(items) => {
            if BYTES_FIELDS.contains(&key) {
                if let Some(b) = bytes_of(v) {
                    return Value::String(crate::store::base64(&b));
                }
            }
            Value::Array(items.iter().map(|i| to_json(i, "")).collect())
        }
        Dbg::Map(entries) => {
            let mut m = Map::new();
            for (k, val) in entries {
                let k = match k {
                    Dbg::Str(s) => s.clone(),
                    Dbg::Atom(a) => a.clone(),
                    _ => continue,
                };
                m.insert(k, to_json(val, key));
            }
            Value::Object(m)
        }
        Dbg::Struct(name, fields) => struct_json(name, fields),
    }
}

fn struct_json(name: &str, fields: &[(String, Dbg)]) -> Value {
    match name {
        // Go writes a zero Time as an empty message: absent, as in JSON.
        "Time" | "MicroTime" if field(fields, "seconds").is_none() => Value::Null,
        "Time" | "MicroTime" => Value::String(rfc3339(
            atom_i64(field(fields, "seconds")),
            atom_i64(field(fields, "nanos")),
            name == "MicroTime",
        )),
        "Quantity" => match field(fields, "string") {
            Some(Dbg::Str(s)) => Value::String(s.clone()),
            _ => Value::String("0".into()),
        },
        "IntOrString" => match (atom_i64(field(fields, "type")), field(fields, "str_val")) {
            (1, Some(Dbg::Str(s))) => Value::String(s.clone()),
            _ => Value::from(atom_i64(field(fields, "int_val"))),
        },
        "FieldsV1" | "RawExtension" => field(fields, "raw")
            .and_then(bytes_of)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(Value::Object(Map::new())),
        name => {
            let mut m = Map::new();
            for (f, val) in fields {
                let key = json_name(f);
                let j = to_json(val, &key);
                // Go writes every non-pointer string, empty ones too; JSON omits them
                // (`omitempty`), and the server reads "" and absent alike.
                let empty = match &j {
                    Value::Null => true,
                    Value::String(s) => s.is_empty(),
                    // ObjectMeta's numbers (`generation`) are all `omitempty` too.
                    Value::Number(n) => name == "ObjectMeta" && n.as_i64() == Some(0),
                    Value::Array(a) => a.is_empty(),
                    // Maps (not messages) are omitempty; an empty message stays as `{}`.
                    Value::Object(o) => o.is_empty() && matches!(val, Dbg::Map(_)),
                    _ => false,
                };
                if !empty {
                    m.insert(key, j);
                }
            }
            Value::Object(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_pb::api::core::v1 as core;
    use k8s_pb::apimachinery::pkg::apis::meta::v1 as meta;

    fn envelope<T: Message + Resource>(m: &T) -> Vec<u8> {
        let unknown = k8s_pb::apimachinery::pkg::runtime::Unknown {
            type_meta: Some(k8s_pb::apimachinery::pkg::runtime::TypeMeta {
                api_version: Some(T::API_VERSION.into()),
                kind: Some(T::KIND.into()),
            }),
            raw: Some(m.encode_to_vec()),
            content_encoding: Some(String::new()),
            content_type: Some(String::new()),
        };
        let mut out = MAGIC.to_vec();
        out.extend(unknown.encode_to_vec());
        out
    }

    #[test]
    fn a_secret_decodes_to_its_json_with_base64_data() {
        let s = core::Secret {
            metadata: Some(meta::ObjectMeta {
                name: Some("db \"pw\"\n".into()),
                labels: [("app".to_string(), "x".to_string())].into(),
                creation_timestamp: Some(meta::Time {
                    seconds: Some(1_700_000_000),
                    nanos: Some(0),
                }),
                ..Default::default()
            }),
            data: [("pw".to_string(), b"hi".to_vec())].into(),
            r#type: Some("Opaque".into()),
            ..Default::default()
        };
        let v = decode(&envelope(&s)).unwrap_or(Value::Null);
        assert_eq!(
            v,
            serde_json::json!({"apiVersion": "v1", "kind": "Secret",
                "metadata": {"name": "db \"pw\"\n", "labels": {"app": "x"}, "creationTimestamp": "2023-11-14T22:13:20Z"},
                "data": {"pw": "aGk="}, "type": "Opaque"})
        );
    }

    #[test]
    fn pod_fields_take_kubernetes_json_names_and_scalars() {
        let pod = core::Pod {
            metadata: Some(meta::ObjectMeta {
                name: Some("p".into()),
                ..Default::default()
            }),
            spec: Some(core::PodSpec {
                containers: vec![core::Container {
                    name: Some("c".into()),
                    image: Some("busybox".into()),
                    resources: Some(core::ResourceRequirements {
                        limits: [(
                            "cpu".to_string(),
                            k8s_pb::apimachinery::pkg::api::resource::Quantity {
                                string: Some("500m".into()),
                            },
                        )]
                        .into(),
                        ..Default::default()
                    }),
                    ports: vec![core::ContainerPort {
                        container_port: Some(80),
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                host_pid: Some(true),
                restart_policy: Some("Always".into()),
                ..Default::default()
            }),
            status: Some(Default::default()),
        };
        let v = decode(&envelope(&pod)).unwrap_or(Value::Null);
        assert_eq!(
            v["spec"],
            serde_json::json!({"containers": [{"name": "c", "image": "busybox", "ports": [{"containerPort": 80}], "resources": {"limits": {"cpu": "500m"}}}], "restartPolicy": "Always", "hostPID": true})
        );
        assert_eq!(v["status"], serde_json::json!({}));
    }

    #[test]
    fn bodies_without_the_magic_or_of_unknown_kinds_are_refused() {
        assert_eq!(decode(b"{}").map_err(|e| e.code).err(), Some(400));
        let unknown = k8s_pb::apimachinery::pkg::runtime::Unknown {
            type_meta: Some(k8s_pb::apimachinery::pkg::runtime::TypeMeta {
                api_version: Some("kubevirt.io/v1".into()),
                kind: Some("VirtualMachine".into()),
            }),
            raw: Some(vec![]),
            ..Default::default()
        };
        let mut body = MAGIC.to_vec();
        body.extend(unknown.encode_to_vec());
        assert_eq!(decode(&body).map_err(|e| e.code).err(), Some(415));
    }

    #[test]
    fn a_rolebinding_decodes_though_the_emulator_may_not_serve_it() {
        use k8s_pb::api::rbac::v1 as rbac;
        let rb = rbac::RoleBinding {
            metadata: Some(meta::ObjectMeta {
                name: Some("ops".into()),
                namespace: Some(String::new()),
                generation: Some(0),
                ..Default::default()
            }),
            subjects: vec![rbac::Subject {
                kind: Some("User".into()),
                api_group: Some("rbac.authorization.k8s.io".into()),
                name: Some("alice".into()),
                namespace: Some(String::new()),
            }],
            role_ref: Some(rbac::RoleRef {
                api_group: Some("rbac.authorization.k8s.io".into()),
                kind: Some("Role".into()),
                name: Some("vm-admin".into()),
            }),
        };
        let v = decode(&envelope(&rb)).unwrap_or(Value::Null);
        assert_eq!(
            v,
            serde_json::json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": "ops"},
                "subjects": [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "alice"}],
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "vm-admin"}})
        );
    }

    #[test]
    fn json_names_keep_kubernetes_initialisms() {
        assert_eq!(json_name("pod_ips"), "podIPs");
        assert_eq!(json_name("ip_families"), "ipFamilies");
        assert_eq!(json_name("provider_id"), "providerID");
        assert_eq!(json_name("generate_name"), "generateName");
    }
}

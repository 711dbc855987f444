//! What tests control and observe besides the API itself: `add_user` rules (stored as RBAC
//! objects by `crate::rbac`), fault injection (errors, throttling, hangs, latency, dropped
//! watches) and the request log.

use std::time::Duration;

/// One allow rule for `TestCluster::add_user`, stored as a PolicyRule of a ClusterRole: `*`
/// in any list matches everything. Resources may name a subresource
/// (`virtualmachines/status`).
#[derive(Debug, Clone)]
pub struct Rule {
    pub verbs: Vec<String>,
    pub groups: Vec<String>,
    pub resources: Vec<String>,
}

impl Rule {
    pub fn new(verbs: &[&str], groups: &[&str], resources: &[&str]) -> Self {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
        Rule {
            verbs: v(verbs),
            groups: v(groups),
            resources: v(resources),
        }
    }
    /// Everything, like cluster-admin.
    pub fn all() -> Self {
        Rule::new(&["*"], &["*"], &["*"])
    }
}

/// What a matching request gets instead of being served.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultAction {
    /// 500 InternalError.
    ServerError,
    /// 429 TooManyRequests with `Retry-After: secs`.
    TooManyRequests { retry_after_secs: u64 },
    /// 409 Conflict (as if the object changed under the client).
    Conflict,
    /// Never answer: the client has to time out.
    Hang,
}

/// Fail the next `remaining` requests matching verb and resource (`None` matches any).
#[derive(Debug, Clone)]
pub struct FaultRule {
    /// get, list, watch, create, update, patch, delete, deletecollection.
    pub verb: Option<String>,
    /// Plural, optionally with `/status`.
    pub resource: Option<String>,
    /// Object name (`None` matches any, including collection requests).
    pub name: Option<String>,
    pub remaining: u32,
    pub action: FaultAction,
}

impl FaultRule {
    pub fn matches(&self, verb: &str, resource: &str, name: Option<&str>) -> bool {
        self.remaining > 0
            && self.name.as_deref().is_none_or(|n| Some(n) == name)
            && self.verb.as_deref().is_none_or(|v| v == verb)
            && self
                .resource
                .as_deref()
                .is_none_or(|r| r == resource || resource.split('/').next() == Some(r))
    }
}

/// One served request as tests see it.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub method: String,
    pub path: String,
    /// Raw query string (without `?`).
    pub query: String,
    pub content_type: Option<String>,
    pub user: Option<String>,
    pub user_agent: Option<String>,
    pub field_manager: Option<String>,
    /// Kubernetes verb when the path is a resource path.
    pub verb: Option<String>,
    /// Plural (with `/subresource`) when the path is a resource path.
    pub resource: Option<String>,
    pub status: u16,
}

impl LogEntry {
    pub fn query_param(&self, key: &str) -> Option<String> {
        crate::server::parse_query(&self.query)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
    pub fn is_write(&self) -> bool {
        matches!(self.method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE")
    }
}

/// Time added before answering, to make the emulator as slow as a real kube-apiserver with
/// etcd (which answers in milliseconds where this answers in microseconds): a benchmark
/// that runs against a fast emulator hides what parallel requests are worth.
#[derive(Debug, Clone, Default)]
pub struct Latency {
    /// Before every request.
    pub all: Duration,
    /// Also before every write (POST, PUT, PATCH, DELETE): a real server's writes go
    /// through admission and an etcd transaction, its reads come from the watch cache.
    pub writes: Duration,
    /// Between a write and its watch event reaching a watcher: a real server's events go
    /// through etcd's watch and the watch cache, so a client (or a controller's informer)
    /// can see its own write's response well before the event, and must not act on a
    /// cache that is behind its own writes.
    pub watch: Duration,
}

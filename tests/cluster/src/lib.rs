//! `vmmigrate-testcluster`: test infrastructure for kubectl-vmmigrate (issue 5), never shipped
//! in the plugin. A Kubernetes API emulator serving real HTTPS on 127.0.0.1 ([`TestCluster`]),
//! the KubeVirt/CDI/Multus CRDs built from the real upstream schemas ([`crds`]), and a
//! KubeVirt + CDI simulator that talks to any cluster only through the API ([`simulator`]).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use vmmigrate_testcluster::{simulator, FaultAction, TestCluster};
//! let cluster = TestCluster::start().await?;          // https://127.0.0.1:<free port>
//! cluster.install_kubevirt_crds()?;                    // VM, VMI, VMIM, instancetypes, DV, NAD
//! let _sim = simulator::Simulator::start(cluster.client(), Default::default());
//! std::fs::write("/tmp/kc", cluster.kubeconfig_yaml())?; // for /usr/bin/kubectl
//! let client: kube::Client = cluster.client();         // or kube::Config via kube_config()
//! cluster.fail_next(Some("patch"), Some("virtualmachines"), 2, FaultAction::ServerError);
//! // ... run the code under test ...
//! for r in cluster.requests() {
//!     assert_eq!(r.field_manager.as_deref(), Some("kubectl-vmmigrate"));
//! }
//! # drop(client); Ok(()) }
//! ```
//!
//! What the emulator does like the real API server (and what it simplifies) is listed in
//! `tests/cluster/README.md`.

// Errors carry the full `Status` body; size is irrelevant in test infrastructure.
#![allow(clippy::result_large_err, clippy::large_enum_variant)]

pub mod admission;
pub mod control;
pub mod crds;
pub mod fields;
pub mod gc;
pub mod hpa;
pub mod kubevirt_webhook;
pub mod messages;
pub mod protobuf;
pub mod quota;
pub mod rbac;
pub mod rbac_policy;
pub mod registry;
pub mod scale;
pub mod schema;
pub mod selector;
pub mod server;
pub mod simulator;
pub mod store;
pub mod subresources;
pub mod tls;
pub mod upload_proxy;
pub mod util;

pub use control::{FaultAction, FaultRule, LogEntry, Rule};
pub use rbac::Identity;

use crate::util::PointerAt;
use server::Shared;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};

/// Token of the admin user written into [`TestCluster::kubeconfig_yaml`].
pub const ADMIN_TOKEN: &str = "testcluster-admin-token";

/// A running API emulator. Dropping it stops the listener.
pub struct TestCluster {
    url: String,
    shared: Arc<Shared>,
    accept: tokio::task::JoinHandle<()>,
    /// Building a kube client loads the TLS roots (slow in debug builds): build it once.
    client: std::sync::OnceLock<kube::Client>,
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Accepts a connection as a Go server does: Go's `net` package turns Nagle's algorithm off
/// on every TCP connection (`SetNoDelay(true)` is its default), so kube-apiserver, virt-api
/// and CDI's upload proxy all answer without it. With it on, a watch event written while the
/// previous one waited for its ACK stayed in the kernel until the client's delayed ACK
/// (~40 ms): the roll benchmark saw bursts of VMIs turn Ready 25-43 ms late, which it
/// charged to the client.
pub(crate) async fn accept_like_go(listener: &TcpListener) -> std::io::Result<TcpStream> {
    let (stream, _) = listener.accept().await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

impl TestCluster {
    /// Start on a free loopback port. Must be called inside a tokio runtime.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on("127.0.0.1:0").await
    }

    /// Start on a given address (`127.0.0.1:0` picks a free port).
    pub async fn start_on(addr: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        let (drop_tx, _) = tokio::sync::watch::channel(0u64);
        let shared = Arc::new(Shared {
            state: Mutex::new(store::State::new()),
            drop_watches: drop_tx,
            addr: local.to_string(),
        });
        let s2 = shared.clone();
        let tls = tls::acceptor()?;
        let accept = tokio::spawn(async move {
            loop {
                let Ok(stream) = accept_like_go(&listener).await else {
                    continue;
                };
                let s3 = s2.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    let Ok(stream) = tls.accept(stream).await else {
                        return;
                    };
                    let svc =
                        hyper::service::service_fn(move |req| server::handle(s3.clone(), req));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        Ok(TestCluster {
            url: format!("https://{local}"),
            shared,
            accept,
            client: std::sync::OnceLock::new(),
        })
    }

    /// Base URL, e.g. `https://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A kubeconfig for kubectl (and kube) with the admin token user.
    pub fn kubeconfig_yaml(&self) -> String {
        self.kubeconfig_yaml_for(ADMIN_TOKEN)
    }

    /// A kubeconfig authenticating with `token` (see [`TestCluster::add_user`]).
    pub fn kubeconfig_yaml_for(&self, token: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: testcluster\n  cluster:\n    server: {url}\n    certificate-authority-data: {ca}\ncontexts:\n- name: testcluster\n  context:\n    cluster: testcluster\n    user: testcluster-user\n    namespace: default\ncurrent-context: testcluster\nusers:\n- name: testcluster-user\n  user:\n    token: {token}\n",
            url = self.url,
            ca = tls::ca_pem_base64()
        )
    }

    pub fn write_kubeconfig(&self, path: &std::path::Path) -> std::io::Result<()> {
        std::fs::write(path, self.kubeconfig_yaml())
    }

    /// A `kube::Config` pointing at the emulator (admin token).
    pub fn kube_config(&self) -> kube::Config {
        self.kube_config_for(Some(ADMIN_TOKEN))
    }

    pub fn kube_config_for(&self, token: Option<&str>) -> kube::Config {
        let uri: http::Uri = match self.url.parse() {
            Ok(u) => u,
            Err(_) => unreachable!("our own URL parses"),
        };
        let mut c = kube::Config::new(uri);
        c.default_namespace = "default".into();
        c.auth_info.token = token.map(|t| t.to_string().into());
        c.root_cert = Some(vec![tls::CA_DER.to_vec()]);
        c.connect_timeout = Some(Duration::from_secs(5));
        c.read_timeout = Some(Duration::from_secs(30));
        c
    }

    /// A `kube::Client` for the admin user (one shared client; clones are cheap). Must first be
    /// called inside the tokio runtime that will use it.
    pub fn client(&self) -> kube::Client {
        self.client
            .get_or_init(|| match kube::Client::try_from(self.kube_config()) {
                Ok(c) => c,
                Err(e) => panic!("kube client for the test cluster: {e}"),
            })
            .clone()
    }

    /// A user for `token` whose rights are `rules`, stored as real RBAC objects: a ClusterRole
    /// `testcluster:user:<name>` and a ClusterRoleBinding of it to the user (so the user's
    /// rights show in `kubectl get clusterroles` and answer SelfSubjectRulesReviews). Every
    /// user also has what `system:authenticated` is bound to (discovery, access reviews).
    pub fn add_user(&self, token: &str, name: &str, rules: Vec<Rule>) {
        let mut s = self.shared.lock();
        s.users.insert(token.into(), rbac::Identity::new(name, &[]));
        rbac::create_all(&mut s, rbac::user_role_objects(name, &rules));
    }

    /// Authentication only: `token` names `user` in `groups` (plus `system:authenticated`).
    /// Rights come from RBAC objects bound to the user or a group, created through the API
    /// like on a real cluster (`kubectl create rolebinding ... --clusterrole=admin`).
    pub fn add_token(&self, token: &str, user: &str, groups: &[&str]) {
        self.shared
            .lock()
            .users
            .insert(token.into(), rbac::Identity::new(user, groups));
    }

    /// Fail the next `times` requests matching `verb`/`resource` (None = any) with `action`.
    pub fn fail_next(
        &self,
        verb: Option<&str>,
        resource: Option<&str>,
        times: u32,
        action: FaultAction,
    ) {
        self.shared.lock().faults.push(FaultRule {
            verb: verb.map(str::to_string),
            resource: resource.map(str::to_string),
            name: None,
            remaining: times,
            action,
        });
    }

    /// Like [`TestCluster::fail_next`], only for requests on the object named `name`.
    pub fn fail_next_named(
        &self,
        verb: Option<&str>,
        resource: Option<&str>,
        name: &str,
        times: u32,
        action: FaultAction,
    ) {
        self.shared.lock().faults.push(FaultRule {
            verb: verb.map(str::to_string),
            resource: resource.map(str::to_string),
            name: Some(name.to_string()),
            remaining: times,
            action,
        });
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Delay every request by `d` before it is served.
    pub fn set_latency(&self, d: Duration) {
        self.shared.lock().latency.all = d;
    }

    /// Adds `d` before every write (POST, PUT, PATCH, DELETE; reviews excepted: they are not
    /// stored), on top of `set_latency`. Per request: writes in flight wait at the same time.
    pub fn set_write_latency(&self, d: Duration) {
        self.shared.lock().latency.writes = d;
    }

    /// Delay every watch event by `d` from the write that caused it (see
    /// [`control::Latency::watch`]); the order of events is kept.
    pub fn set_watch_latency(&self, d: Duration) {
        self.shared.lock().latency.watch = d;
    }

    /// End every open watch stream (clients must reconnect).
    pub fn drop_watches(&self) {
        self.shared.drop_watches.send_modify(|g| *g += 1);
    }

    /// Forget watch history: watches from an older resourceVersion get 410 Gone.
    pub fn compact(&self) {
        self.shared.lock().compact();
    }

    /// Interval of BOOKMARK events on watches that allow them.
    pub fn set_bookmark_interval(&self, d: Duration) {
        self.shared.lock().bookmark_interval = d;
    }

    /// Current global resourceVersion.
    pub fn resource_version(&self) -> u64 {
        self.shared.lock().rv
    }

    /// Snapshot of the request log.
    pub fn requests(&self) -> Vec<LogEntry> {
        self.shared.lock().log.clone()
    }

    pub fn clear_requests(&self) {
        self.shared.lock().log.clear();
    }

    /// Create a CRD (or any object) directly in the store, bypassing HTTP.
    pub fn create_object(
        &self,
        obj: serde_json::Value,
    ) -> Result<serde_json::Value, util::ApiError> {
        let mut s = self.shared.lock();
        let av = obj
            .get("apiVersion")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let kind = obj
            .get("kind")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let ri = s
            .find_kind(&av, &kind)
            .cloned()
            .ok_or_else(|| util::ApiError::not_found("kinds", &format!("{av}/{kind}")))?;
        let ns = obj
            .pointer_at("/metadata/namespace")
            .and_then(|v| v.as_str())
            .unwrap_or("default")
            .to_string();
        let mut ctx = store::WriteCtx {
            untracked: true,
            default_manager: "testcluster".into(),
            ..Default::default()
        };
        let created = s.create(&ri, Some(&ns), obj, &mut ctx)?;
        // What the API path runs after a write: aggregation, quota usage.
        rbac::after_write(&mut s, &ri);
        quota::after_write(&mut s);
        Ok(created)
    }

    /// Install the KubeVirt, CDI and Multus CRDs built from the upstream schemas, and
    /// virt-api's `subresources.kubevirt.io` actions.
    pub fn install_kubevirt_crds(&self) -> Result<(), String> {
        self.install_kubevirt_crds_with(true)
    }

    /// Like [`TestCluster::install_kubevirt_crds`]; `virt_api: false` leaves
    /// `subresources.kubevirt.io` unserved and out of discovery, as on a cluster whose
    /// virt-api is down or absent (the CRDs are served by the API server itself).
    pub fn install_kubevirt_crds_with(&self, virt_api: bool) -> Result<(), String> {
        for crd in crds::all_crds()? {
            self.create_object(crd.clone()).map_err(|e| e.message)?;
        }
        if !virt_api {
            return Ok(());
        }
        // virt-api's aggregated `subresources.kubevirt.io` actions come with KubeVirt.
        let mut s = self.shared.lock();
        if !s.resources.iter().any(|r| r.kubevirt_actions) {
            s.resources.push(registry::kubevirt_actions());
        }
        // cdi-apiserver's aggregated `upload.cdi.kubevirt.io` comes with CDI.
        if !s
            .resources
            .iter()
            .any(|r| r.plural == "uploadtokenrequests")
        {
            s.resources.push(upload_proxy::token_request_resource());
        }
        // virt-operator's and cdi-operator's ClusterRoles, aggregated into admin/edit/view.
        let mut roles = rbac_policy::kubevirt();
        roles.extend(rbac_policy::cdi());
        rbac::create_all(&mut s, roles);
        Ok(())
    }

    /// CDI's upload path (`upload_proxy`): starts the upload proxy and advertises it in
    /// CDIConfig `config`'s `status.uploadProxyURL`, as cdi-operator does.
    pub async fn start_upload_proxy(&self) -> Result<upload_proxy::UploadProxy, String> {
        let proxy = upload_proxy::UploadProxy::start(self.client())
            .await
            .map_err(|e| e.to_string())?;
        self.advertise_upload_proxy(proxy)
    }

    /// As [`Self::start_upload_proxy`], with a self-signed certificate the kubeconfig does not
    /// trust (clients need `--insecure`).
    pub async fn start_self_signed_upload_proxy(
        &self,
    ) -> Result<upload_proxy::UploadProxy, String> {
        let proxy = upload_proxy::UploadProxy::start_self_signed(self.client())
            .await
            .map_err(|e| e.to_string())?;
        self.advertise_upload_proxy(proxy)
    }

    fn advertise_upload_proxy(
        &self,
        proxy: upload_proxy::UploadProxy,
    ) -> Result<upload_proxy::UploadProxy, String> {
        let (crd, config) = upload_proxy::cdi_config_objects(proxy.url());
        self.create_object(crd).map_err(|e| e.message)?;
        self.create_object(config).map_err(|e| e.message)?;
        Ok(proxy)
    }

    /// Switch KubeVirt's VirtualMachine mutating webhook (defaults, firmware UUID and serial,
    /// canonical quantities, ...: see [`kubevirt_webhook`]) on or off. On by default wherever
    /// virt-api is installed, as on a real cluster; off only for a test that needs the VM
    /// exactly as sent.
    pub fn set_kubevirt_defaulting(&self, on: bool) {
        self.shared.lock().kubevirt_defaulting = on;
    }

    /// Read-only look at a stored object (group, plural, namespace, name).
    pub fn object(
        &self,
        group: &str,
        plural: &str,
        ns: &str,
        name: &str,
    ) -> Option<serde_json::Value> {
        let s = self.shared.lock();
        s.objects
            .get(&(group.to_string(), plural.to_string()))
            .and_then(|m| m.get(&(ns.to_string(), name.to_string())))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn connections_are_accepted_without_nagles_algorithm() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let client = tokio::spawn(async move { TcpStream::connect(addr).await });
        let accepted = accept_like_go(&listener).await.expect("accept");
        assert!(accepted.nodelay().expect("read TCP_NODELAY"));
        // A plain accept leaves Nagle on (the default this replaces).
        let plain_client = TcpStream::connect(addr);
        let (plain, _) = tokio::join!(listener.accept(), plain_client);
        let (plain, _) = plain.expect("plain accept");
        assert!(!plain.nodelay().expect("read TCP_NODELAY"));
        client.await.expect("join").expect("connect");
    }
}

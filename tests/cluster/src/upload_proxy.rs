//! CDI's upload path, played from CDI v1.66.0's code: the `upload.cdi.kubevirt.io/v1beta1`
//! `UploadTokenRequest` (served by the emulator, see [`token_request`]) and a separate HTTPS
//! listener that plays `cdi-uploadproxy` in front of the per-PVC `cdi-upload-server` pods
//! ([`UploadProxy`]).
//!
//! What CDI does and this restates:
//! - `pkg/apiserver`: a POST of an UploadTokenRequest in a namespace is authorized as
//!   `create uploadtokenrequests.upload.cdi.kubevirt.io` there (a SubjectAccessReview; here the
//!   emulator's RBAC) and answered 200 with the request and `status.token`. The PVC is not
//!   looked at. The token is a signed, short-lived statement "upload to PVC ns/name"
//!   (a JWT in CDI; here an HMAC-like SHA-1 over the payload with a per-process secret).
//! - `pkg/uploadproxy`: `/v1beta1/upload`, `/v1beta1/upload-async` (and the `v1alpha1`
//!   paths); no `Authorization` header or not `Bearer <token>`: 400; a token that does not
//!   verify: 401; the PVC missing: 503 `rejecting Upload Request for PVC x that doesn't
//!   exist`; its `cdi.kubevirt.io/storage.pod.phase` Succeeded: 503 `... that already finished
//!   uploading`; `cdi.kubevirt.io/storage.pod.ready` not true within 10 s: 503 `timed out
//!   waiting for the condition`. Then the request goes to the upload server.
//! - `pkg/uploadserver`: only POST (else 404; HEAD on an async path is 200); one upload at a
//!   time (a second concurrent one: 503); after a completed upload every new one is 409. An
//!   upload that fails midway leaves the server ready for a new one from byte 0: there is no
//!   resume. On success the upload pod exits and CDI's upload controller records
//!   `storage.pod.phase: Succeeded` on the PVC, which the DataVolume controller turns into
//!   phase Succeeded (here: the proxy writes the annotation, `simulator/upload.rs` the phase).
//!
//! Simplified: the multipart `upload-form` paths are not served (404); the bytes are kept as
//! received (CDI would convert qcow2/VMDK/VDI/VHD(X) to raw), so tests compare them with the
//! file sent; the sync and async paths behave alike (no processing to wait for).

use crate::registry::ResourceInfo;
use crate::util::ApiError;
use crate::util::PointerAt;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use kube::api::{Api, Patch, PatchParams};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The PVC annotation CDI's upload controller keeps with the upload pod's phase.
pub const ANN_POD_PHASE: &str = "cdi.kubevirt.io/storage.pod.phase";
/// The PVC annotation saying the upload pod is ready to receive.
pub const ANN_POD_READY: &str = "cdi.kubevirt.io/storage.pod.ready";
/// How long a token is valid (CDI: 5 minutes).
const TOKEN_LIFETIME: Duration = Duration::from_secs(300);
/// How long the proxy waits for the PVC to be ready (CDI: `waitReadyTime`).
const WAIT_READY: Duration = Duration::from_secs(10);

/// The `upload.cdi.kubevirt.io/v1beta1` resource: create-only, nothing stored.
pub fn token_request_resource() -> ResourceInfo {
    ResourceInfo {
        group: "upload.cdi.kubevirt.io".into(),
        version: "v1beta1".into(),
        plural: "uploadtokenrequests".into(),
        singular: "uploadtokenrequest".into(),
        kind: "UploadTokenRequest".into(),
        namespaced: true,
        short_names: vec!["utr".into(), "utrs".into()],
        categories: vec![],
        status_subresource: false,
        schema: None,
        virtual_create_only: true,
        has_generation: false,
        from_crd: false,
        printer_columns: vec![],
        kubevirt_actions: false,
        scale: None,
    }
}

/// Answers a POST of an UploadTokenRequest in `namespace` (already authorized).
pub fn token_request(body: &[u8], namespace: &str) -> Result<Value, ApiError> {
    let mut request: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("cannot decode the UploadTokenRequest: {e}")))?;
    let pvc = request
        .pointer_at("/spec/pvcName")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let token = issue(namespace, &pvc, SystemTime::now());
    request["status"] = json!({"token": token});
    Ok(request)
}

fn secret() -> &'static [u8; 16] {
    static SECRET: OnceLock<[u8; 16]> = OnceLock::new();
    SECRET.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let mut out = [0u8; 16];
        for half in out.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(now_secs(SystemTime::now()) as u128);
            half.copy_from_slice(&h.finish().to_le_bytes());
        }
        out
    })
}

fn now_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn sign(payload: &[u8]) -> String {
    use sha1::Digest;
    let mut h = sha1::Sha1::new();
    h.update(secret());
    h.update(payload);
    h.update(secret());
    hex(&h.finalize())
}

/// A token for an upload to PVC `namespace/pvc`, valid for [`TOKEN_LIFETIME`].
pub fn issue(namespace: &str, pvc: &str, now: SystemTime) -> String {
    let payload = json!({"operation": "Upload", "namespace": namespace, "name": pvc,
        "resource": "persistentvolumeclaims",
        "exp": now_secs(now) + TOKEN_LIFETIME.as_secs()})
    .to_string();
    format!("{}.{}", hex(payload.as_bytes()), sign(payload.as_bytes()))
}

/// Why a token was refused, as the proxy's status code.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Signature or expiry: 401.
    Invalid,
    /// Verifies but is not an upload to a named PVC: 400.
    Bad,
}

/// The `(namespace, pvc)` a token allows an upload to.
pub fn validate(token: &str, now: SystemTime) -> Result<(String, String), TokenError> {
    let (payload, signature) = token.split_once('.').ok_or(TokenError::Invalid)?;
    let payload = unhex(payload).ok_or(TokenError::Invalid)?;
    if sign(&payload) != signature {
        return Err(TokenError::Invalid);
    }
    let v: Value = serde_json::from_slice(&payload).map_err(|_| TokenError::Invalid)?;
    if v["exp"].as_u64().unwrap_or(0) < now_secs(now) {
        return Err(TokenError::Invalid);
    }
    let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
    if s("operation") != "Upload"
        || s("name").is_empty()
        || s("namespace").is_empty()
        || s("resource") != "persistentvolumeclaims"
    {
        return Err(TokenError::Bad);
    }
    Ok((s("namespace"), s("name")))
}

/// One upload request the proxy answered (for tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub namespace: String,
    pub pvc: String,
    pub path: String,
    pub status: u16,
    /// Bytes of the body read before the answer (or the dropped connection).
    pub bytes: u64,
    /// The connection was cut by an injected drop.
    pub dropped: bool,
}

#[derive(Default)]
struct ProxyState {
    /// Completed uploads: (namespace, pvc) -> the bytes received.
    received: HashMap<(String, String), Vec<u8>>,
    /// Uploads in progress (the upload server takes one at a time).
    uploading: std::collections::HashSet<(String, String)>,
    /// Injected drops: cut the connection of the next uploads after this many bytes.
    drops: Vec<(u64, u32)>,
    attempts: Vec<Attempt>,
    /// Throttle: bytes per second the proxy reads at most (0: no limit).
    rate: u64,
}

/// A running upload proxy; dropping it stops the listener.
pub struct UploadProxy {
    url: String,
    state: Arc<Mutex<ProxyState>>,
    accept: tokio::task::JoinHandle<()>,
}

impl Drop for UploadProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

struct Ctx {
    client: kube::Client,
    state: Arc<Mutex<ProxyState>>,
}

fn lock(state: &Mutex<ProxyState>) -> MutexGuard<'_, ProxyState> {
    match state.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

impl UploadProxy {
    /// Starts on a free loopback port with the emulator's TLS certificate (so clients trust
    /// it through the test CA). `client` reads and annotates PVCs, as the proxy's and the
    /// upload controller's service accounts do.
    pub async fn start(client: kube::Client) -> std::io::Result<Self> {
        Self::start_with(client, crate::tls::acceptor()?).await
    }

    /// Starts with a self-signed certificate that the kubeconfig's CA does not vouch for, as
    /// a proxy behind CDI's own cluster-internal certificate looks to a client outside: only
    /// `--insecure` gets through.
    pub async fn start_self_signed(client: kube::Client) -> std::io::Result<Self> {
        Self::start_with(client, crate::tls::self_signed_acceptor()?).await
    }

    async fn start_with(
        client: kube::Client,
        tls: tokio_rustls::TlsAcceptor,
    ) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("https://{}", listener.local_addr()?);
        let state = Arc::new(Mutex::new(ProxyState::default()));
        let ctx = Arc::new(Ctx {
            client,
            state: state.clone(),
        });
        let accept = tokio::spawn(async move {
            loop {
                let Ok(stream) = crate::accept_like_go(&listener).await else {
                    continue;
                };
                let (tls, ctx) = (tls.clone(), ctx.clone());
                tokio::spawn(async move {
                    let Ok(stream) = tls.accept(stream).await else {
                        return;
                    };
                    let svc = hyper::service::service_fn(move |req| handle(ctx.clone(), req));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        Ok(UploadProxy { url, state, accept })
    }

    /// `https://127.0.0.1:<port>`, what CDIConfig's `status.uploadProxyURL` advertises.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The bytes a completed upload to PVC `namespace/pvc` delivered.
    pub fn received(&self, namespace: &str, pvc: &str) -> Option<Vec<u8>> {
        lock(&self.state)
            .received
            .get(&(namespace.to_string(), pvc.to_string()))
            .cloned()
    }

    /// Cut the connection of the next `times` uploads once `after_bytes` were read.
    pub fn drop_after(&self, after_bytes: u64, times: u32) {
        lock(&self.state).drops.push((after_bytes, times));
    }

    /// Read at most `bytes_per_sec` per upload (0: unlimited), so that tests can interrupt a
    /// run midway.
    pub fn throttle(&self, bytes_per_sec: u64) {
        lock(&self.state).rate = bytes_per_sec;
    }

    /// Every upload request answered so far, in order.
    pub fn attempts(&self) -> Vec<Attempt> {
        lock(&self.state).attempts.clone()
    }
}

/// The cluster-scoped `CDIConfig` CRD (schema preserving unknown fields: CDI's own is not
/// among the shared schemas) and its `config` object with `status.uploadProxyURL`, as
/// cdi-operator writes it.
pub fn cdi_config_objects(upload_proxy_url: &str) -> (Value, Value) {
    let crd = json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "cdiconfigs.cdi.kubevirt.io"},
        "spec": {"group": "cdi.kubevirt.io", "scope": "Cluster",
            "names": {"kind": "CDIConfig", "plural": "cdiconfigs", "singular": "cdiconfig", "listKind": "CDIConfigList"},
            "versions": [{"name": "v1beta1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}
    });
    let config = json!({
        "apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "CDIConfig",
        "metadata": {"name": "config"},
        "spec": {},
        "status": {"uploadProxyURL": upload_proxy_url, "scratchSpaceStorageClass": ""}
    });
    (crd, config)
}

type Body = Full<Bytes>;

fn answer(status: StatusCode, text: &str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(text.to_string())));
    *r.status_mut() = status;
    r
}

const SYNC_PATHS: &[&str] = &["/v1alpha1/upload", "/v1beta1/upload"];
const ASYNC_PATHS: &[&str] = &["/v1alpha1/upload-async", "/v1beta1/upload-async"];

async fn handle(ctx: Arc<Ctx>, req: Request<Incoming>) -> Result<Response<Body>, std::io::Error> {
    let path = req.uri().path().to_string();
    if path == "/healthz" {
        return Ok(answer(StatusCode::OK, "OK"));
    }
    let is_async = ASYNC_PATHS.contains(&path.as_str());
    if !is_async && !SYNC_PATHS.contains(&path.as_str()) {
        return Ok(answer(StatusCode::NOT_FOUND, "404 page not found\n"));
    }
    let (namespace, pvc) = match check_token(&req) {
        Ok(target) => target,
        Err(status) => return Ok(answer(status, "")),
    };
    if let Err(message) = upload_ready(&ctx.client, &namespace, &pvc).await {
        return Ok(answer(StatusCode::SERVICE_UNAVAILABLE, &message));
    }
    if req.method() == hyper::Method::HEAD && is_async {
        return Ok(answer(StatusCode::OK, ""));
    }
    if req.method() != hyper::Method::POST {
        return Ok(answer(StatusCode::NOT_FOUND, ""));
    }
    let key = (namespace.clone(), pvc.clone());
    {
        let mut s = lock(&ctx.state);
        if s.received.contains_key(&key) {
            return Ok(answer(StatusCode::CONFLICT, ""));
        }
        if !s.uploading.insert(key.clone()) {
            return Ok(answer(StatusCode::SERVICE_UNAVAILABLE, ""));
        }
    }
    let mut attempt = Attempt {
        namespace,
        pvc,
        path,
        status: 0,
        bytes: 0,
        dropped: false,
    };
    // hyper drops this future when the client's connection closes mid-body: the guard
    // frees the upload server for the next upload then too.
    let guard = Uploading {
        state: ctx.state.clone(),
        key: key.clone(),
    };
    let outcome = receive(&ctx, req.into_body(), &mut attempt).await;
    drop(guard);
    let ok = outcome.is_ok();
    let result = {
        let mut s = lock(&ctx.state);
        match outcome {
            Ok(bytes) => {
                s.received.insert(key.clone(), bytes);
                attempt.status = 200;
                s.attempts.push(attempt);
                Ok(answer(StatusCode::OK, ""))
            }
            Err(e) => {
                attempt.status = if attempt.dropped { 0 } else { 500 };
                s.attempts.push(attempt);
                // An error from the service makes hyper close the connection without an
                // answer: what the client of a dropped connection sees.
                Err(e)
            }
        }
    };
    if ok {
        mark_succeeded(&ctx.client, &key.0, &key.1).await;
    }
    result
}

/// An upload in progress; dropping it (the upload ended, or its future was dropped) frees
/// the upload server.
struct Uploading {
    state: Arc<Mutex<ProxyState>>,
    key: (String, String),
}

impl Drop for Uploading {
    fn drop(&mut self) {
        lock(&self.state).uploading.remove(&self.key);
    }
}

fn check_token(req: &Request<Incoming>) -> Result<(String, String), StatusCode> {
    let header = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or(StatusCode::BAD_REQUEST)?;
    let (scheme, token) = header
        .trim()
        .split_once(char::is_whitespace)
        .ok_or(StatusCode::BAD_REQUEST)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer")
        || token.is_empty()
        || !token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~+/".contains(c))
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    validate(token, SystemTime::now()).map_err(|e| match e {
        TokenError::Invalid => StatusCode::UNAUTHORIZED,
        TokenError::Bad => StatusCode::BAD_REQUEST,
    })
}

/// CDI's `uploadReady`: polls the PVC's annotations once a second for up to 10 s.
async fn upload_ready(client: &kube::Client, namespace: &str, pvc: &str) -> Result<(), String> {
    let api: Api<k8s_openapi::api::core::v1::PersistentVolumeClaim> =
        Api::namespaced(client.clone(), namespace);
    let started = std::time::Instant::now();
    loop {
        let claim = match api.get_opt(pvc).await {
            Ok(Some(c)) => c,
            Ok(None) => {
                return Err(format!(
                    "rejecting Upload Request for PVC {pvc} that doesn't exist"
                ))
            }
            Err(e) => return Err(e.to_string()),
        };
        let annotations = claim.metadata.annotations.unwrap_or_default();
        if annotations.get(ANN_POD_PHASE).map(String::as_str) == Some("Succeeded") {
            return Err(format!(
                "rejecting Upload Request for PVC {pvc} that already finished uploading"
            ));
        }
        if annotations.get(ANN_POD_READY).map(String::as_str) == Some("true") {
            return Ok(());
        }
        if started.elapsed() >= WAIT_READY {
            return Err("timed out waiting for the condition".into());
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Reads the body, cutting it where an injected drop says, throttled when asked.
async fn receive(
    ctx: &Ctx,
    mut body: Incoming,
    attempt: &mut Attempt,
) -> Result<Vec<u8>, std::io::Error> {
    let (drop_at, rate) = {
        let mut s = lock(&ctx.state);
        let drop_at = s.drops.iter_mut().find(|d| d.1 > 0).map(|d| {
            d.1 -= 1;
            d.0
        });
        (drop_at, s.rate)
    };
    let started = std::time::Instant::now();
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(std::io::Error::other)?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        bytes.extend_from_slice(&data);
        attempt.bytes = bytes.len() as u64;
        if drop_at.is_some_and(|at| attempt.bytes >= at) {
            attempt.dropped = true;
            return Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "injected drop",
            ));
        }
        if rate > 0 {
            let due = Duration::from_secs_f64(attempt.bytes as f64 / rate as f64);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                tokio::time::sleep(wait).await;
            }
        }
    }
    Ok(bytes)
}

/// What CDI's upload controller records once the upload pod exited successfully.
async fn mark_succeeded(client: &kube::Client, namespace: &str, pvc: &str) {
    let api: Api<k8s_openapi::api::core::v1::PersistentVolumeClaim> =
        Api::namespaced(client.clone(), namespace);
    let body =
        json!({"metadata": {"annotations": {ANN_POD_PHASE: "Succeeded", ANN_POD_READY: "false"}}});
    let pp = PatchParams {
        field_manager: Some("cdi-upload-controller".into()),
        ..Default::default()
    };
    let _ = api.patch(pvc, &pp, &Patch::Merge(&body)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_expire_and_resist_tampering() {
        let now = SystemTime::now();
        let t = issue("vms", "web01-disk0", now);
        assert_eq!(
            validate(&t, now),
            Ok(("vms".to_string(), "web01-disk0".to_string()))
        );
        assert_eq!(
            validate(&t, now + Duration::from_secs(301)),
            Err(TokenError::Invalid)
        );
        let other = issue("vms", "other", now);
        let forged = format!(
            "{}.{}",
            other.split('.').next().unwrap(),
            t.split('.').nth(1).unwrap()
        );
        assert_eq!(validate(&forged, now), Err(TokenError::Invalid));
        assert_eq!(validate("garbage", now), Err(TokenError::Invalid));
        let empty = issue("vms", "", now);
        assert_eq!(validate(&empty, now), Err(TokenError::Bad));
    }
}

//! One upload over HTTPS to CDI's upload proxy: the disk's bytes streamed from a reader
//! thread (1 MiB chunks, never the whole disk in memory), hashed on the way (SHA-256 for the
//! DataVolume's annotation, and the manifest's algorithm when it states one), with progress
//! counted as the bytes leave.
//!
//! The client is hyper-util's, over hyper-rustls, both already built for kube: reqwest would
//! add a second HTTP stack for one POST. It trusts the kubeconfig's CA and the system roots
//! (CDI's proxy is usually served by CDI's own CA behind an ingress with a public one);
//! `--insecure` turns verification off, and only when asked.

use crate::images::DiskData;
use bytes::Bytes;
use futures_util::StreamExt;
use http_body::Frame;
use http_body_util::{BodyExt, StreamBody};
use hyper_util::client::legacy::connect::HttpConnector;
use sha2::Digest as _;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

type Chunk = Result<Frame<Bytes>, std::io::Error>;
type UploadBody = StreamBody<futures_util::stream::BoxStream<'static, Chunk>>;

/// The HTTPS client for the upload proxy.
#[derive(Clone)]
pub struct Https(
    hyper_util::client::legacy::Client<hyper_rustls::HttpsConnector<HttpConnector>, UploadBody>,
);

/// Why the client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up TLS for the upload proxy: {0}")]
pub struct TlsSetupError(String);

impl Https {
    /// Trusts the kubeconfig's CA (`config.root_cert`) and the system's roots; with
    /// `insecure`, nothing is verified.
    pub fn new(config: &kube::Config, insecure: bool) -> Result<Self, TlsSetupError> {
        let connector = if insecure {
            use kube::client::ConfigExt;
            let mut config = config.clone();
            config.accept_invalid_certs = true;
            config.tls_server_name = None;
            config
                .rustls_https_connector()
                .map_err(|e| TlsSetupError(e.to_string()))?
        } else {
            let mut roots = rustls::RootCertStore::empty();
            for der in config.root_cert.iter().flatten() {
                roots
                    .add(rustls::pki_types::CertificateDer::from(der.clone()))
                    .map_err(|e| TlsSetupError(e.to_string()))?;
            }
            // A system without readable roots still has the kubeconfig's CA.
            let native = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(native.certs);
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let tls = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| TlsSetupError(e.to_string()))?
                .with_root_certificates(roots)
                .with_no_client_auth();
            hyper_rustls::HttpsConnectorBuilder::new()
                .with_tls_config(tls)
                .https_or_http()
                .enable_http1()
                .build()
        };
        Ok(Https(
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build(connector),
        ))
    }
}

/// What went over the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub bytes: u64,
    pub sha256: String,
    /// The digest in the manifest's algorithm (`SHA1`/`SHA256`), when it states one.
    pub manifest_algorithm_hex: Option<String>,
}

/// Why an upload did not complete.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The connection dropped or the server is busy: worth another try from byte 0.
    #[error("{0}")]
    Retry(String),
    /// The server refused the upload for good.
    #[error("{0}")]
    Refused(String),
    #[error("{shown}: cannot read: {message}")]
    Read { shown: String, message: String },
}

/// Streams `data` to `url` (the proxy's `/v1beta1/upload-async`) with `token`; `sent`
/// counts the bytes as they leave.
pub async fn send(
    client: &Https,
    url: &str,
    token: &str,
    data: &DiskData,
    sent: Arc<AtomicU64>,
) -> Result<Sent, SendError> {
    let reader = data.open().map_err(|e| SendError::Read {
        shown: data.shown.clone(),
        message: e.to_string(),
    })?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Chunk>(4);
    let algorithm = data.digest.as_ref().map(|d| d.algorithm.clone());
    let hashing = tokio::task::spawn_blocking(move || pump(reader, tx, sent, algorithm.as_deref()));
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    })
    .boxed();
    let request = http::Request::post(url)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/octet-stream")
        .header("content-length", data.len)
        .body(StreamBody::new(stream))
        .map_err(|e| SendError::Refused(e.to_string()))?;
    let answer = client.0.request(request).await;
    let digests = hashing.await.map_err(|e| SendError::Retry(e.to_string()))?;
    let response = answer.map_err(|e| match certificate_error(&e) {
        Some(why) => SendError::Refused(format!(
            "the upload proxy's certificate was refused ({why}): no CA in the kubeconfig or the system's roots vouches for it; add its CA to the system's roots, or pass --insecure if you trust the network to the proxy"
        )),
        None => SendError::Retry(connection_error(&e)),
    })?;
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map(|b| String::from_utf8_lossy(&b.to_bytes()).trim().to_string())
        .unwrap_or_default();
    let (bytes, sha256, manifest_algorithm_hex) = digests.map_err(|e| SendError::Read {
        shown: data.shown.clone(),
        message: e.to_string(),
    })?;
    if status.is_success() {
        return Ok(Sent {
            bytes,
            sha256,
            manifest_algorithm_hex,
        });
    }
    let what = format!(
        "the upload proxy answered {status}{}",
        if body.is_empty() {
            String::new()
        } else {
            format!(": {body}")
        }
    );
    // 503: the upload pod is not ready (or busy with a dropped upload's leftovers).
    if status == http::StatusCode::SERVICE_UNAVAILABLE && !body.contains("already finished") {
        Err(SendError::Retry(what))
    } else {
        Err(SendError::Refused(what))
    }
}

/// The innermost cause of a client error ("connection reset by peer"...).
fn connection_error(e: &hyper_util::client::legacy::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = s.to_string();
        source = s.source();
    }
    text
}

/// The TLS verification failure behind a client error, if that is what it is: another try
/// would fail the same way, so it is not retried.
fn certificate_error(e: &hyper_util::client::legacy::Error) -> Option<String> {
    match std::error::Error::source(e).and_then(tls_error)? {
        tls @ (rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented) => {
            Some(tls.to_string())
        }
        _ => None,
    }
}

/// rustls's error in a chain. hyper-rustls hands it on inside io::Errors (sometimes one in
/// another), whose `source()` skips the error they wrap, so each is opened with `get_ref`.
fn tls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = e.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    let wrapped = e
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
        .and_then(|inner| tls_error(inner));
    wrapped.or_else(|| e.source().and_then(tls_error))
}

type Digests = (u64, String, Option<String>);

/// Reads the disk in 1 MiB chunks into the channel, hashing as it goes.
fn pump(
    mut reader: impl Read,
    tx: tokio::sync::mpsc::Sender<Chunk>,
    sent: Arc<AtomicU64>,
    manifest_algorithm: Option<&str>,
) -> std::io::Result<Digests> {
    let mut sha256 = sha2::Sha256::new();
    let mut sha1 = (manifest_algorithm == Some("SHA1")).then(sha1::Sha1::new);
    let mut total = 0u64;
    loop {
        let mut buf = vec![0u8; 1 << 20];
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        buf.truncate(n);
        sha256.update(&buf);
        if let Some(h) = sha1.as_mut() {
            h.update(&buf);
        }
        total = total.saturating_add(n as u64);
        if tx.blocking_send(Ok(Frame::data(Bytes::from(buf)))).is_err() {
            // The request ended (dropped connection): stop reading.
            break;
        }
        sent.store(total, Ordering::Relaxed);
    }
    let hex = crate::hex::encode;
    let sha256 = hex(&sha256.finalize());
    let manifest = match manifest_algorithm {
        Some("SHA256") => Some(sha256.clone()),
        Some("SHA1") => sha1.map(|h| hex(&h.finalize())),
        _ => None,
    };
    Ok((total, sha256, manifest))
}

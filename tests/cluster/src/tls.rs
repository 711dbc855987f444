//! The emulator serves HTTPS, like every real API server: kubectl (client-go) sends a
//! kubeconfig's bearer token, client certificate or impersonation headers only over TLS, so
//! over plain HTTP every kubectl request would be anonymous and no kubectl test could act as
//! a given user. The certificate (IP SAN 127.0.0.1, DNS localhost) is issued by a test-only CA
//! whose key was discarded after signing; kubeconfigs carry the CA as
//! `certificate-authority-data` and `kube::Config` as `root_cert`.

use std::sync::Arc;

/// The test CA certificate (DER).
pub const CA_DER: &[u8] = include_bytes!("tls/ca.der");
const CA_PEM: &str = include_str!("tls/ca.pem");
const SERVER_DER: &[u8] = include_bytes!("tls/server.der");
const SERVER_KEY_DER: &[u8] = include_bytes!("tls/server-key.der");
/// A self-signed certificate (IP SAN 127.0.0.1) that no kubeconfig trusts: what an upload
/// proxy behind a cluster-internal certificate looks like to a client (`--insecure` tests).
const SELF_SIGNED_DER: &[u8] = include_bytes!("tls/self-signed.der");
const SELF_SIGNED_KEY_DER: &[u8] = include_bytes!("tls/self-signed-key.der");

/// The CA certificate as kubeconfig's `certificate-authority-data` wants it.
pub fn ca_pem_base64() -> String {
    crate::store::base64(CA_PEM.as_bytes())
}

/// The TLS acceptor for the listener (HTTP/1.1 only).
pub fn acceptor() -> std::io::Result<tokio_rustls::TlsAcceptor> {
    acceptor_with(SERVER_DER, SERVER_KEY_DER)
}

/// An acceptor with the self-signed certificate no test CA vouches for.
pub fn self_signed_acceptor() -> std::io::Result<tokio_rustls::TlsAcceptor> {
    acceptor_with(SELF_SIGNED_DER, SELF_SIGNED_KEY_DER)
}

fn acceptor_with(cert: &[u8], key: &[u8]) -> std::io::Result<tokio_rustls::TlsAcceptor> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let cert = rustls::pki_types::CertificateDer::from(cert.to_vec());
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(rustls::pki_types::PrivatePkcs8KeyDer::from(
        key.to_vec(),
    ));
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(vec![cert], key))
        .map_err(std::io::Error::other)?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

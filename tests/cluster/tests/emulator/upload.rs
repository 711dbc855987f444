//! CDI's upload path (`vmmigrate_testcluster::upload_proxy`, `simulator/upload.rs`): the
//! UploadTokenRequest, the DataVolume phases UploadScheduled -> UploadReady -> Succeeded, the
//! proxy's token checks and answers, an injected drop that makes the next upload start again
//! from byte 0, and CDIConfig's `status.uploadProxyURL`.

use crate::common::*;
use kube::api::{Api, DynamicObject, PostParams};
use serde_json::{json, Value};
use std::time::Duration;
use vmmigrate_testcluster::simulator::{SimConfig, Simulator};
use vmmigrate_testcluster::{Rule, TestCluster};

fn dvs(c: &TestCluster) -> Api<DynamicObject> {
    Api::namespaced_with(
        c.client(),
        "default",
        &ar("cdi.kubevirt.io", "v1beta1", "DataVolume", "datavolumes"),
    )
}

async fn phase_becomes(c: &TestCluster, name: &str, want: &str) {
    for _ in 0..400 {
        if let Ok(dv) = dvs(c).get(name).await {
            if dv.data.pointer("/status/phase").and_then(Value::as_str) == Some(want) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("DataVolume {name} never reached {want}");
}

type Https = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    http_body_util::Full<bytes::Bytes>,
>;

/// A client for the proxy trusting the test CA (not kube's: it retries 503 answers).
fn proxy_client() -> Https {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(
            vmmigrate_testcluster::tls::CA_DER.to_vec(),
        ))
        .expect("test CA");
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("tls")
    .with_root_certificates(roots)
    .with_no_client_auth();
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_only()
        .enable_http1()
        .build();
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(https)
}

/// (status, body text), or None when the connection was cut.
async fn post(
    client: &Https,
    base: &str,
    path: &str,
    auth: Option<&str>,
    body: Vec<u8>,
) -> Option<(u16, String)> {
    let mut req = http::Request::builder()
        .method("POST")
        .uri(format!("{base}{path}"));
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    let req = req
        .body(http_body_util::Full::new(bytes::Bytes::from(body)))
        .expect("request");
    let resp = client.request(req).await.ok()?;
    let status = resp.status().as_u16();
    let bytes = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .ok()?
        .to_bytes();
    Some((status, String::from_utf8_lossy(&bytes).into_owned()))
}

#[tokio::test]
async fn upload_path_plays_cdi() {
    bounded(async {
        let c = cluster().await;
        let _sim = Simulator::start(c.client(), SimConfig { import_time: Duration::from_millis(400), cdi_upload: true, ..Default::default() });
        let proxy = c.start_upload_proxy().await.expect("proxy");
        let dv: DynamicObject = dyn_obj(json!({"apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "DataVolume",
            "metadata": {"name": "disk0", "namespace": "default"},
            "spec": {"source": {"upload": {}}, "storage": {"resources": {"requests": {"storage": "1Mi"}}}}}));
        dvs(&c).create(&PostParams::default(), &dv).await.expect("create dv");

        // The token: RBAC-checked as create uploadtokenrequests.upload.cdi.kubevirt.io.
        let path = "/apis/upload.cdi.kubevirt.io/v1beta1/namespaces/default/uploadtokenrequests";
        let request = json!({"apiVersion": "upload.cdi.kubevirt.io/v1beta1", "kind": "UploadTokenRequest",
            "metadata": {"name": "disk0"}, "spec": {"pvcName": "disk0"}});
        let (status, _, answer) = raw(&c, "POST", path, "application/json", &request).await;
        assert_eq!(status, 200, "{answer}");
        let token = answer["status"]["token"].as_str().expect("token").to_string();
        c.add_user("reader-token", "reader", vec![Rule::new(&["get"], &["cdi.kubevirt.io"], &["datavolumes"])]);
        let reader = kube::Client::try_from(c.kube_config_for(Some("reader-token"))).expect("client");
        let denied = reader.request::<Value>(http::Request::post(path).header("content-type", "application/json")
            .body(serde_json::to_vec(&request).unwrap()).unwrap()).await;
        let (code, _, message) = api_err(denied.expect_err("forbidden"));
        assert_eq!(code, 403);
        assert!(message.contains("cannot create resource \"uploadtokenrequests\" in API group \"upload.cdi.kubevirt.io\""), "{message}");
        phase_becomes(&c, "disk0", "UploadReady").await;
        let client = proxy_client();
        let base = proxy.url();
        let bearer = format!("Bearer {token}");
        let data: Vec<u8> = (0..64 * 1024u32).map(|i| (i % 251) as u8).collect();
        assert_eq!(post(&client, base, "/v1beta1/upload-async", None, vec![1]).await.map(|a| a.0), Some(400));
        assert_eq!(post(&client, base, "/v1beta1/upload-async", Some("Bearer x.y"), vec![1]).await.map(|a| a.0), Some(401));
        assert_eq!(post(&client, base, "/v1beta1/upload-form", Some(&bearer), vec![1]).await.map(|a| a.0), Some(404));

        // A drop after 16 KiB: the connection is cut, nothing is kept, the next upload
        // starts from byte 0 and completes.
        proxy.drop_after(16 * 1024, 1);
        assert_eq!(post(&client, base, "/v1beta1/upload-async", Some(&bearer), data.clone()).await, None);
        assert!(proxy.received("default", "disk0").is_none());
        let second = post(&client, base, "/v1beta1/upload", Some(&bearer), data.clone()).await;
        assert_eq!(second.map(|a| a.0), Some(200));
        assert_eq!(proxy.received("default", "disk0").as_deref(), Some(&data[..]));
        let attempts = proxy.attempts();
        assert_eq!(attempts.len(), 2, "{attempts:?}");
        assert!(attempts[0].dropped && attempts[0].bytes >= 16 * 1024 && attempts[0].bytes < data.len() as u64);
        phase_becomes(&c, "disk0", "Succeeded").await;
        let again = post(&client, base, "/v1beta1/upload", Some(&bearer), data.clone()).await.expect("answer");
        assert_eq!(again, (503, "rejecting Upload Request for PVC disk0 that already finished uploading".into()));

        let configs: Api<DynamicObject> = Api::all_with(c.client(), &ar("cdi.kubevirt.io", "v1beta1", "CDIConfig", "cdiconfigs"));
        let config = configs.get("config").await.expect("CDIConfig");
        assert_eq!(config.data["status"]["uploadProxyURL"], json!(proxy.url()));
    })
    .await;
}

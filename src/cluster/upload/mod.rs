//! Uploading disk data into DataVolumes with an `upload` source, as `virtctl image-upload`
//! does against CDI: per disk, wait until the DataVolume is `UploadReady` (CDI's upload pod
//! runs), ask `upload.cdi.kubevirt.io/v1beta1` for an `UploadTokenRequest` token, and POST
//! the bytes to the upload proxy's `/v1beta1/upload-async` with `Authorization: Bearer`.
//! The proxy is `--uploadproxy-url`, else CDIConfig `config`'s `status.uploadProxyURL`.
//!
//! Resuming, and why per disk: CDI's upload server takes one whole upload; one that breaks
//! midway leaves it ready for a new upload from byte 0, and there is no range or offset in
//! its protocol. So a dropped connection is retried with backoff, restarting that disk (and
//! saying so), and a rerun skips DataVolumes already `Succeeded`. Several disks go at once
//! (`parallel`). After a completed upload the SHA-256 of the bytes sent is recorded on the
//! DataVolume (`vmmigrate.io/uploaded-sha256`) and, for an OVA member, checked against the
//! archive manifest's digest.

pub mod transfer;

use super::ClusterError;
use crate::images::DiskData;
use futures_util::StreamExt;
use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind, Patch, PatchParams};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use transfer::{Https, SendError, Sent};

/// The API connection of an upload run: the client `cluster::connect` made, wrapped so that
/// the command layer hands it on without naming kube (only `src/cluster` talks to servers).
#[derive(Clone)]
pub struct Connection(kube::Client);

impl Connection {
    pub fn new(client: kube::Client) -> Self {
        Connection(client)
    }

    /// The namespace of the kubeconfig context (or `-n`).
    pub fn default_namespace(&self) -> &str {
        self.0.default_namespace()
    }
}

/// The DataVolume annotation with the SHA-256 of the bytes uploaded.
pub const SHA256_ANNOTATION: &str = "vmmigrate.io/uploaded-sha256";

/// One disk to upload.
#[derive(Debug, Clone)]
pub struct Job {
    pub namespace: String,
    pub datavolume: String,
    pub data: DiskData,
}

impl Job {
    fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.datavolume)
    }
}

/// How to run the uploads.
#[derive(Debug, Clone)]
pub struct Options {
    pub proxy_url: String,
    pub parallel: usize,
    /// How long to wait for a DataVolume to be UploadReady.
    pub ready_timeout: Duration,
    /// Further tries of a disk after a dropped connection.
    pub retries: u32,
    /// First retry delay; doubled each time.
    pub backoff: Duration,
    pub progress_bars: bool,
}

/// What became of one disk.
#[derive(Debug)]
pub enum Outcome {
    Uploaded(Sent),
    /// The DataVolume had its data already (`Succeeded`).
    Skipped,
    Failed(String),
}

fn dv_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("cdi.kubevirt.io", "v1beta1", "DataVolume"),
        "datavolumes",
    )
}

/// The upload proxy's base URL: `given`, else CDIConfig's `status.uploadProxyURL` (a bare
/// host gets `https://`, as virtctl does).
pub async fn proxy_url(conn: &Connection, given: Option<&str>) -> Result<String, ClusterError> {
    let url = match given {
        Some(u) => u.to_string(),
        None => {
            let r = ApiResource::from_gvk_with_plural(
                &GroupVersionKind::gvk("cdi.kubevirt.io", "v1beta1", "CDIConfig"),
                "cdiconfigs",
            );
            let api: Api<DynamicObject> = Api::all_with(conn.0.clone(), &r);
            let config = api
                .get("config")
                .await
                .map_err(|e| ClusterError::api("cannot read CDIConfig config for the upload proxy URL (pass --uploadproxy-url)", &e))?;
            config.data["status"]["uploadProxyURL"]
                .as_str()
                .filter(|u| !u.is_empty())
                .ok_or_else(|| ClusterError::Preflight("CDIConfig config advertises no status.uploadProxyURL: pass --uploadproxy-url".into()))?
                .to_string()
        }
    };
    Ok(normalize_url(&url))
}

/// A bare host (`cdi-uploadproxy.example.com`, as CDIConfig often holds it) gets `https://`;
/// a trailing slash goes, so that paths join cleanly.
fn normalize_url(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    if url.contains("://") {
        url.to_string()
    } else {
        format!("https://{url}")
    }
}

/// The DataVolume's phase (`""` before CDI set one); `None` while it does not exist (KubeVirt
/// creates a VM's DataVolumes from its templates just after `apply`).
async fn phase(client: &kube::Client, job: &Job) -> Result<Option<String>, ClusterError> {
    let api: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), &job.namespace, &dv_resource());
    let dv = api
        .get_opt(&job.datavolume)
        .await
        .map_err(|e| ClusterError::api(format!("datavolume {}", job.key()), &e))?;
    Ok(dv.map(|dv| {
        dv.data["status"]["phase"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }))
}

enum Ready {
    Now,
    AlreadyDone,
}

/// Polls the DataVolume until CDI's upload pod is ready for data.
async fn wait_ready(client: &kube::Client, job: &Job, timeout: Duration) -> Result<Ready, String> {
    let started = Instant::now();
    loop {
        let phase = phase(client, job).await.map_err(|e| e.to_string())?;
        match phase.as_deref().unwrap_or("(not created yet)") {
            "UploadReady" => return Ok(Ready::Now),
            "Succeeded" => return Ok(Ready::AlreadyDone),
            "Failed" => {
                return Err(format!(
                    "datavolume {} is Failed: nothing was uploaded",
                    job.key()
                ))
            }
            other => {
                if started.elapsed() >= timeout {
                    return Err(format!(
                        "datavolume {} is still {} after {}s: CDI's upload pod did not become ready (kubectl describe datavolume {} -n {})",
                        job.key(),
                        if other.is_empty() { "without a phase" } else { other },
                        timeout.as_secs(),
                        job.datavolume,
                        job.namespace
                    ));
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// A fresh upload token for the DataVolume's PVC (same name), through CDI's aggregated API.
async fn token(client: &kube::Client, job: &Job) -> Result<String, ClusterError> {
    let path = format!(
        "/apis/upload.cdi.kubevirt.io/v1beta1/namespaces/{}/uploadtokenrequests",
        job.namespace
    );
    let body = json!({"apiVersion": "upload.cdi.kubevirt.io/v1beta1", "kind": "UploadTokenRequest",
        "metadata": {"name": job.datavolume, "namespace": job.namespace},
        "spec": {"pvcName": job.datavolume}});
    let request = http::Request::post(path)
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&body).unwrap_or_default())
        .map_err(|e| ClusterError::Preflight(e.to_string()))?;
    let answer: Value = client
        .request(request)
        .await
        .map_err(|e| ClusterError::api(format!("upload token for {}", job.key()), &e))?;
    answer["status"]["token"]
        .as_str()
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .ok_or_else(|| {
            ClusterError::Preflight(format!(
                "the UploadTokenRequest for {} came back without a token",
                job.key()
            ))
        })
}

async fn annotate(client: &kube::Client, job: &Job, sha256: &str) -> Result<(), ClusterError> {
    let api: Api<DynamicObject> =
        Api::namespaced_with(client.clone(), &job.namespace, &dv_resource());
    let body = json!({"metadata": {"annotations": {SHA256_ANNOTATION: sha256}}});
    api.patch(
        &job.datavolume,
        &PatchParams::default(),
        &Patch::Merge(&body),
    )
    .await
    .map(|_| ())
    .map_err(|e| ClusterError::api(format!("annotate datavolume {}", job.key()), &e))
}

/// Uploads every job, `parallel` at a time; outcomes in the jobs' order.
pub async fn upload_all(
    conn: &Connection,
    https: &Https,
    jobs: &[Job],
    options: &Options,
) -> Vec<Outcome> {
    let client = &conn.0;
    let progress = Progress::new(options.progress_bars);
    let outcomes = futures_util::stream::iter(jobs)
        .map(|job| upload_one(client, https, job, options, &progress))
        .buffered(options.parallel.max(1))
        .collect()
        .await;
    progress.finish();
    outcomes
}

async fn upload_one(
    client: &kube::Client,
    https: &Https,
    job: &Job,
    options: &Options,
    progress: &Progress,
) -> Outcome {
    let line = progress.line(job);
    let url = format!("{}/v1beta1/upload-async", options.proxy_url);
    let mut delay = options.backoff;
    for attempt in 0..=options.retries {
        match wait_ready(client, job, options.ready_timeout).await {
            Ok(Ready::AlreadyDone) if attempt == 0 => {
                line.done("already Succeeded: skipped");
                return Outcome::Skipped;
            }
            Ok(Ready::AlreadyDone) => {
                return line.fail(format!(
                    "datavolume {} turned Succeeded while its upload was retried; check its data",
                    job.key()
                ));
            }
            Ok(Ready::Now) => {}
            Err(e) => return line.fail(e),
        }
        let token = match token(client, job).await {
            Ok(t) => t,
            Err(e) => return line.fail(e.to_string()),
        };
        let sent = Arc::new(AtomicU64::new(0));
        let watcher = line.watch(sent.clone(), job.data.len);
        let result = transfer::send(https, &url, &token, &job.data, sent.clone()).await;
        watcher.abort();
        match result {
            Ok(done) => return finish(client, job, done, &line).await,
            Err(SendError::Retry(why)) if attempt < options.retries => {
                line.note(&format!(
                    "{why} after {} of {} bytes; CDI's upload server cannot resume a broken upload: restarting {} from byte 0 in {}s (try {} of {})",
                    sent.load(Ordering::Relaxed),
                    job.data.len,
                    job.data.shown,
                    delay.as_secs_f32(),
                    attempt + 2,
                    options.retries + 1
                ));
                tokio::time::sleep(delay).await;
                delay = delay.saturating_mul(2);
            }
            Err(e) => return line.fail(e.to_string()),
        }
    }
    line.fail("no tries left".into())
}

/// Checks the manifest's digest and records the SHA-256 on the DataVolume.
async fn finish(client: &kube::Client, job: &Job, sent: Sent, line: &Line<'_>) -> Outcome {
    if let (Some(expected), Some(actual)) = (&job.data.digest, &sent.manifest_algorithm_hex) {
        if &expected.hex != actual {
            return line.fail(format!(
                "{}: the {} of the bytes sent is {actual}, but {} lists {}: the archive's disk is not what its manifest says; the DataVolume was not marked as verified",
                job.data.shown, expected.algorithm, expected.from, expected.hex
            ));
        }
    }
    if let Err(e) = annotate(client, job, &sent.sha256).await {
        return line.fail(e.to_string());
    }
    let checked = match &job.data.digest {
        Some(d) => format!(", {} matches {}", d.algorithm, d.from),
        None => String::new(),
    };
    line.done(&format!(
        "uploaded {} bytes (sha256 {}{checked})",
        sent.bytes, sent.sha256
    ));
    Outcome::Uploaded(sent)
}

/// Progress bars on a terminal, timestamped lines elsewhere (stderr either way).
struct Progress {
    multi: Option<indicatif::MultiProgress>,
}

impl Progress {
    fn new(bars: bool) -> Self {
        Progress {
            multi: bars.then(|| {
                indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::stderr())
            }),
        }
    }

    fn line(&self, job: &Job) -> Line<'_> {
        let bar = self.multi.as_ref().map(|m| {
            let bar = m.add(indicatif::ProgressBar::new(job.data.len));
            let style = indicatif::ProgressStyle::with_template(
                "{prefix:<30} [{bar:25}] {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} ETA {eta:>4} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(job.key());
            bar
        });
        Line {
            key: job.key(),
            bar,
            _progress: self,
        }
    }

    fn finish(&self) {
        if let Some(m) = &self.multi {
            let _ = m.clear();
        }
    }
}

struct Line<'a> {
    key: String,
    bar: Option<indicatif::ProgressBar>,
    _progress: &'a Progress,
}

fn timestamp() -> String {
    format!("{:.0}", k8s_openapi::jiff::Timestamp::now())
}

impl Line<'_> {
    fn note(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(format!("{}: {text}", self.key)),
            None => eprintln!("{} {}: {text}", timestamp(), self.key),
        }
    }

    fn done(&self, text: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_with_message(text.to_string());
        }
        self.note(text);
    }

    fn fail(&self, text: String) -> Outcome {
        if let Some(bar) = &self.bar {
            bar.abandon_with_message("failed");
        }
        self.note(&format!("error: {text}"));
        Outcome::Failed(text)
    }

    /// Follows `sent` until aborted: the bar's position, or a line per 10% off a terminal.
    fn watch(&self, sent: Arc<AtomicU64>, total: u64) -> tokio::task::JoinHandle<()> {
        let bar = self.bar.clone();
        let key = self.key.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let mut last_decile = u64::MAX;
            loop {
                let n = sent.load(Ordering::Relaxed);
                match &bar {
                    Some(bar) => bar.set_position(n),
                    None => {
                        let decile = n.saturating_mul(10).checked_div(total).unwrap_or(10);
                        if decile != last_decile {
                            let rate = n as f64 / started.elapsed().as_secs_f64().max(0.001);
                            eprintln!(
                                "{} {key}: {}% ({n} of {total} bytes, {:.1} MiB/s)",
                                timestamp(),
                                decile * 10,
                                rate / (1024.0 * 1024.0)
                            );
                            last_decile = decile;
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_url;

    #[test]
    fn proxy_urls_get_a_scheme_and_lose_a_trailing_slash() {
        assert_eq!(
            normalize_url("cdi-uploadproxy.example.com"),
            "https://cdi-uploadproxy.example.com"
        );
        assert_eq!(
            normalize_url("https://127.0.0.1:8443/"),
            "https://127.0.0.1:8443"
        );
        assert_eq!(normalize_url("http://proxy:80"), "http://proxy:80");
    }
}

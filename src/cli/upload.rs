//! `kubectl vmmigrate upload PATH...` (and `apply --upload`): the source's own disk images
//! into the DataVolumes `apply` created with an `upload` source. PATH is read as `apply`
//! reads it (VM specs converted on the fly, or manifests written by `import --output-dir`),
//! so the DataVolume names are the same; each disk's image is found from the provenance
//! annotations the generator writes (`vmmigrate.io/source-file` on the VM,
//! `vmmigrate.io/source-disk` on the DataVolume template) and the `--images` folders. Every
//! image is found and checked before the first byte goes out; the transfer itself is
//! `crate::cluster::upload`.

use super::common::{self, ExitStatus, GenerateArgs};
use super::GlobalArgs;
use crate::cluster::upload::{self, Job, Outcome};
use crate::cluster::{self, ClusterError};
use crate::images::{self, DiskError};
use crate::import::images::ImageSearch;
use serde_json::Value;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

/// With `--wait`: a VM whose disks and boot show no progress for this long is reported as
/// stuck, as `apply --stuck-after`'s default.
const UPLOAD_STUCK_AFTER: Duration = Duration::from_secs(600);

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  # Upload the disks of an OVA into the DataVolumes apply created\n  kubectl vmmigrate upload exports/web01.ova -n vms\n\n  # Images that do not sit beside their specs\n  kubectl vmmigrate upload libvirt/ --images /var/lib/libvirt/images"
)]
pub struct UploadArgs {
    #[command(flatten)]
    pub generate: GenerateArgs,
    #[command(flatten)]
    pub upload: UploadFlags,
    #[command(flatten)]
    pub waiting: super::waiting::WaitArgs,
}

/// The flags `upload` and `apply --upload` share.
#[derive(Debug, Clone, clap::Args)]
pub struct UploadFlags {
    /// Disks uploaded at once.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub parallel: u16,
    /// CDI's upload proxy (default: the URL CDIConfig advertises in status.uploadProxyURL).
    #[arg(long = "uploadproxy-url", value_name = "URL")]
    pub uploadproxy_url: Option<String>,
    /// Do not verify the upload proxy's TLS certificate.
    #[arg(long)]
    pub insecure: bool,
    /// How long to wait for a DataVolume to be UploadReady.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = crate::cluster::config::parse_request_timeout)]
    pub upload_ready_timeout: Duration,
    /// Further tries of a disk whose connection dropped (each starts the disk again).
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub upload_retries: u32,
}

impl Default for UploadFlags {
    /// The flags' own defaults, read from their clap definitions (one place for them), for
    /// callers that apply without uploading (`pool create`).
    fn default() -> Self {
        #[derive(clap::Parser)]
        struct Defaults {
            #[command(flatten)]
            flags: UploadFlags,
        }
        <Defaults as clap::Parser>::parse_from(["kubectl-vmmigrate"]).flags
    }
}

/// The DataVolumes with an upload source among `objects` and their disks' data; problems
/// name the DataVolume and the file.
pub fn jobs_for(
    objects: &[Value],
    default_namespace: &str,
    search: &ImageSearch,
) -> (Vec<Job>, Vec<String>) {
    let mut jobs = Vec::new();
    let mut problems = Vec::new();
    for vm in objects.iter().filter(|o| o["kind"] == "VirtualMachine") {
        let namespace = vm["metadata"]["namespace"]
            .as_str()
            .unwrap_or(default_namespace)
            .to_string();
        let spec = vm["metadata"]["annotations"]["vmmigrate.io/source-file"].as_str();
        let templates = vm["spec"]["dataVolumeTemplates"].as_array();
        for template in templates.into_iter().flatten() {
            if template["spec"]["source"].get("upload").is_none() {
                continue;
            }
            let name = template["metadata"]["name"]
                .as_str()
                .unwrap_or("")
                .to_string();
            let disk = template["metadata"]["annotations"]["vmmigrate.io/source-disk"].as_str();
            let (Some(spec), Some(disk)) = (spec, disk) else {
                problems.push(format!("datavolume {namespace}/{name}: no vmmigrate.io/source-file or source-disk annotation says where its image is; upload it with virtctl image-upload"));
                continue;
            };
            let request = template["spec"]["storage"]["resources"]["requests"]["storage"]
                .as_str()
                .or(template["spec"]["pvc"]["resources"]["requests"]["storage"].as_str())
                .and_then(|q| common::parse_quantity(q).ok());
            let found =
                images::locate(Path::new(spec), disk, search).and_then(|data| match request {
                    Some(r) => data.check_fits(r).map(|()| data),
                    None => Ok(data),
                });
            match found {
                Ok(data) => jobs.push(Job {
                    namespace: namespace.clone(),
                    datavolume: name,
                    data,
                }),
                Err(e) => problems.push(format!("datavolume {namespace}/{name}: {}", describe(&e))),
            }
        }
    }
    (jobs, problems)
}

fn describe(e: &DiskError) -> String {
    format!("{e}; nothing was sent for it")
}

pub fn run(global: &GlobalArgs, mut args: UploadArgs) -> ExitStatus {
    let search = args.generate.image_search();
    let objects = match super::apply::plan_objects(global, &mut args.generate) {
        Ok(objects) => objects,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitStatus::Failure;
        }
    };
    let runtime = match cluster::runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitStatus::Failure;
        }
    };
    runtime.block_on(async {
        let client = match cluster::connect(&global.connect_options()).await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitStatus::Failure;
            }
        };
        let conn = upload::Connection::new(client.clone());
        let uploaded = upload_objects(global, &conn, &objects, &search, &args.upload).await;
        if uploaded != ExitStatus::Success || !args.waiting.wait {
            return uploaded;
        }
        // As `apply --upload --wait`: the VMs whose disks these are, until Ready.
        super::apply::wait_for_applied(&client, &objects, &args.waiting, UPLOAD_STUCK_AFTER).await
    })
}

/// Uploads the disks of the VMs among `objects` (used by `upload` and `apply --upload`).
pub async fn upload_objects(
    global: &GlobalArgs,
    conn: &upload::Connection,
    objects: &[Value],
    search: &ImageSearch,
    flags: &UploadFlags,
) -> ExitStatus {
    let (jobs, problems) = jobs_for(objects, conn.default_namespace(), search);
    for p in &problems {
        eprintln!("error: {p}");
    }
    if jobs.is_empty() {
        if problems.is_empty() {
            eprintln!("no DataVolume with an upload source among the given VMs: nothing to upload");
            return ExitStatus::Success;
        }
        return ExitStatus::Failure;
    }
    let status = tokio::select! {
        status = transfer(global, conn, &jobs, flags) => status,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("aborted: uploads in progress were stopped; run the same command again to continue (disks already Succeeded are skipped, the others start again)");
            return ExitStatus::Aborted;
        }
    };
    if problems.is_empty() {
        status
    } else {
        ExitStatus::Failure
    }
}

async fn transfer(
    global: &GlobalArgs,
    conn: &upload::Connection,
    jobs: &[Job],
    flags: &UploadFlags,
) -> ExitStatus {
    let fail = |e: ClusterError| {
        eprintln!("error: {e}");
        ExitStatus::Failure
    };
    let proxy_url = match upload::proxy_url(conn, flags.uploadproxy_url.as_deref()).await {
        Ok(u) => u,
        Err(e) => return fail(e),
    };
    let config = match cluster::config::kube_config(&global.connect_options()).await {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let https = match upload::transfer::Https::new(&config, flags.insecure) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitStatus::Failure;
        }
    };
    let options = upload::Options {
        proxy_url,
        parallel: usize::from(flags.parallel),
        ready_timeout: flags.upload_ready_timeout,
        retries: flags.upload_retries,
        backoff: Duration::from_secs(1),
        progress_bars: std::io::stderr().is_terminal(),
    };
    let outcomes = upload::upload_all(conn, &https, jobs, &options).await;
    let mut out = String::new();
    let mut failed = 0;
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let verb = match outcome {
            Outcome::Uploaded(_) => "uploaded",
            Outcome::Skipped => "unchanged (already Succeeded)",
            Outcome::Failed(_) => {
                failed += 1;
                continue;
            }
        };
        out.push_str(&format!(
            "datavolume.cdi.kubevirt.io/{} {verb}\n",
            job.datavolume
        ));
    }
    if let Err(status) = common::write_stdout(&out) {
        return status;
    }
    if failed > 0 {
        eprintln!(
            "error: {failed} of {} disk(s) not uploaded; run the same command again to continue (disks already Succeeded are skipped)",
            jobs.len()
        );
        return ExitStatus::Failure;
    }
    ExitStatus::Success
}

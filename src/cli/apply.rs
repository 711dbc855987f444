//! `kubectl vmmigrate apply`: server-side apply of VM specs (converted on the fly) or of
//! manifests written by `import --output-dir`, so a one-shot flow and a GitOps flow share one
//! command. Everything is read, generated and checked before the first write; the cluster
//! work itself lives in `crate::cluster`.

use super::common::{self, ExitStatus, GenerateArgs};
use super::waiting::Ended;
use super::{GlobalArgs, OutputArg};
use crate::cluster::apply::{self as cluster_apply, ApplyOptions, DryRun, Target};
use crate::cluster::preflight::{self, PreflightOptions};
use crate::cluster::wait::Watched;
use crate::cluster::{self, ClusterError};
use crate::files::manifest;
use crate::generate::quantity;
use crate::output::yaml;
use serde_json::Value;
use std::io::IsTerminal;
use std::time::Duration;

#[derive(Debug, clap::Args)]
#[command(
    after_help = concat!("Examples:\n  # Convert and apply a folder of VMware VMs into namespace vms, creating it\n  kubectl vmmigrate apply exports/ -n vms --create-namespace\n\n  # Apply manifests written earlier by `import --output-dir`\n  kubectl vmmigrate apply manifests/\n\n  # Check what the server would do, writing nothing\n  kubectl vmmigrate apply exports/ --dry-run=server\n\n", crate::exit_codes_help!())
)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub generate: GenerateArgs,
    /// Must be "none", "server", or "client": server sends a dry-run request, client only
    /// prints what would be sent.
    #[arg(long, value_name = "MODE", default_value = "none", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: String,
    /// Name of the manager that owns the applied fields.
    #[arg(long, value_name = "NAME", default_value = "kubectl-vmmigrate")]
    pub field_manager: String,
    /// Take ownership of fields another manager owns instead of failing on the conflict.
    #[arg(long)]
    pub force_conflicts: bool,
    /// Accepted for kubectl compatibility: apply is always server-side.
    #[arg(long, default_value_t = true, num_args = 0..=1, default_missing_value = "true", action = clap::ArgAction::Set, value_name = "BOOL")]
    pub server_side: bool,
    /// Create the target namespaces when they do not exist.
    #[arg(long)]
    pub create_namespace: bool,
    /// Do not ask for confirmation on a terminal.
    #[arg(short = 'y', long)]
    pub yes: bool,
    #[command(flatten)]
    pub waiting: super::waiting::WaitArgs,
    /// With --wait: fail when a VM's disks make no progress for this long.
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = crate::cluster::config::parse_request_timeout)]
    pub stuck_after: Duration,
    /// Fail when a preflight check cannot be made for lack of read rights (storage classes,
    /// VMs of other namespaces...) instead of warning and going on.
    #[arg(long)]
    pub strict_preflight: bool,
    /// Objects applied at once (within one dependency stage).
    #[arg(long, value_name = "N", default_value_t = crate::cluster::apply::DEFAULT_CONCURRENCY as u16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// After applying, upload the source's disk images into the DataVolumes with an upload
    /// source (as `kubectl vmmigrate upload`), before --wait.
    #[arg(long)]
    pub upload: bool,
    #[command(flatten)]
    pub upload_flags: super::upload::UploadFlags,
}

/// A `--dry-run` value kubectl refuses, in kubectl's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid dry-run value ({value}). Must be \"none\", \"server\", or \"client\".")]
pub struct InvalidDryRun {
    pub value: String,
}

/// Why the confirmation prompt could not be answered.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the answer: {0}")]
pub struct PromptFailed(#[from] dialoguer::Error);

/// kubectl's `--dry-run` values, with kubectl's message for anything else.
pub fn parse_dry_run(value: &str) -> Result<DryRun, InvalidDryRun> {
    match value {
        "none" | "" | "unchanged" => Ok(DryRun::None),
        "client" => Ok(DryRun::Client),
        "server" => Ok(DryRun::Server),
        other => Err(InvalidDryRun {
            value: other.to_string(),
        }),
    }
}

/// Objects read and generated from the command line, before anything touches the cluster.
pub struct Inputs {
    pub objects: Vec<Value>,
    /// How many of `objects` come first from manifest files (the rest were generated).
    pub from_files: usize,
    /// Source specs and manifest files that could not be read.
    pub failed: usize,
}

/// Why a command line gives nothing to apply or diff.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PlanError {
    #[error("{0} input(s) could not be read")]
    Unreadable(usize),
    #[error("no VM specs or manifests found in the given paths")]
    Empty,
    /// kubectl's refusal of a manifest whose namespace is not the one passed with `-n`.
    #[error("the namespace from the provided object \"{own}\" does not match the namespace \"{ns}\". You must pass '--namespace={own}' to perform this operation.")]
    NamespaceMismatch { own: String, ns: String },
}

/// The objects `apply` applies and `preview --diff` compares: one planning path for both, so
/// the two never disagree about what a command line means. As kubectl, a manifest file's
/// object in another namespace than `-n` is refused; generated objects are not checked: the
/// generator put them in `-n` except where the mapping names a namespace on purpose (a
/// Multus network `ns/name` lives in its own namespace).
pub fn plan_objects(
    global: &GlobalArgs,
    generate: &mut GenerateArgs,
) -> Result<Vec<Value>, PlanError> {
    let inputs = read_inputs(global, generate);
    if inputs.failed > 0 {
        return Err(PlanError::Unreadable(inputs.failed));
    }
    if inputs.objects.is_empty() {
        return Err(PlanError::Empty);
    }
    if let Some(ns) = &global.namespace {
        let own = inputs
            .objects
            .iter()
            .take(inputs.from_files)
            .filter_map(|o| o["metadata"]["namespace"].as_str())
            .find(|own| own != ns);
        if let Some(own) = own {
            return Err(PlanError::NamespaceMismatch {
                own: own.to_string(),
                ns: ns.clone(),
            });
        }
    }
    Ok(inputs.objects)
}

/// Reads every PATH: YAML/JSON files holding Kubernetes objects (and folders of them, like
/// those `import --output-dir` writes) are taken as they are; everything else goes through
/// the importers and the generator with the generation flags.
pub fn read_inputs(global: &GlobalArgs, generate: &mut GenerateArgs) -> Inputs {
    let mut objects = Vec::new();
    let mut failed = 0;
    let mut spec_paths = Vec::new();
    for path in std::mem::take(&mut generate.paths) {
        let manifests = if path.as_os_str() == "-" {
            Vec::new()
        } else {
            manifest::manifest_files(&path)
        };
        if manifests.is_empty() {
            spec_paths.push(path);
            continue;
        }
        for (file, docs) in manifests {
            match manifest::objects_of(docs) {
                Ok(Some(found)) => objects.extend(found),
                Ok(None) => {}
                Err(message) => {
                    failed += 1;
                    eprintln!("error: {}: {message}", file.display());
                }
            }
        }
    }
    let from_files = objects.len();
    if !spec_paths.is_empty() {
        generate.paths = spec_paths;
        match common::plan(global, generate) {
            Ok((vms, spec_failed)) => {
                common::print_warnings(&vms, generate.warnings_mode(global));
                failed += spec_failed;
                objects.extend(vms.into_iter().flat_map(|vm| vm.objects));
            }
            // The mapping could not be read or does not cover the inputs: already reported,
            // and nothing may be applied.
            Err(_) => failed += 1,
        }
    }
    Inputs {
        objects,
        from_files,
        failed,
    }
}

pub fn run(global: &GlobalArgs, mut args: ApplyArgs) -> ExitStatus {
    let dry_run = match parse_dry_run(&args.dry_run) {
        Ok(d) => d,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitStatus::Usage;
        }
    };
    if !args.server_side {
        eprintln!("error: client-side apply is not supported: kubectl vmmigrate apply is always server-side (drop --server-side=false)");
        return ExitStatus::Usage;
    }
    if matches!(global.output, Some(OutputArg::Wide | OutputArg::Plan)) {
        eprintln!("error: apply supports -o yaml, json or name");
        return ExitStatus::Usage;
    }
    let objects = match plan_objects(global, &mut args.generate) {
        Ok(objects) => objects,
        Err(e @ PlanError::Unreadable(_)) => {
            eprintln!("error: {e}; nothing was applied");
            if common::usage_error_seen() {
                return ExitStatus::Usage;
            }
            return ExitStatus::Failure;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitStatus::Failure;
        }
    };
    apply_objects(global, &args, objects, dry_run)
}

/// Applies objects already read and generated, with `apply`'s checks, prompt, report and
/// `--wait`; `pool create` shares it.
pub(super) fn apply_objects(
    global: &GlobalArgs,
    args: &ApplyArgs,
    objects: Vec<Value>,
    dry_run: DryRun,
) -> ExitStatus {
    let runtime = match cluster::runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitStatus::Failure;
        }
    };
    let options = ApplyOptions {
        field_manager: args.field_manager.clone(),
        force_conflicts: args.force_conflicts,
        dry_run,
        concurrency: usize::from(args.concurrency),
        request_timeout: global
            .request_timeout
            .filter(|t| !t.is_zero())
            .unwrap_or(Duration::from_secs(30)),
        ..ApplyOptions::default()
    };
    runtime.block_on(run_async(global, args, objects, options))
}

async fn run_async(
    global: &GlobalArgs,
    args: &ApplyArgs,
    objects: Vec<Value>,
    mut options: ApplyOptions,
) -> ExitStatus {
    let fail = |e: ClusterError| {
        eprintln!("error: {e}");
        ExitStatus::Failure
    };
    let client = match cluster::connect(&global.connect_options()).await {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let default_ns = client.default_namespace().to_string();
    let (mut targets, missing) = match cluster_apply::resolve(&client, objects, &default_ns).await {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let preflight_options = PreflightOptions {
        create_namespace: args.create_namespace,
        read_only: options.dry_run != DryRun::None,
        strict: args.strict_preflight,
    };
    let seen = match preflight::check(&client, &targets, &missing, &preflight_options).await {
        Ok(checked) => warn_skipped(checked),
        Err(e) => return fail(e),
    };
    if args.create_namespace {
        match cluster_apply::absent_namespaces(&client, &targets).await {
            Ok(absent) => {
                if options.dry_run == DryRun::Server && !absent.is_empty() {
                    let names: Vec<String> = absent.iter().map(|t| t.name().to_string()).collect();
                    eprintln!("Warning: namespace(s) {} do not exist yet: the server cannot dry-run the objects inside them", names.join(", "));
                    options.pending_namespaces.extend(names);
                }
                let mut with_ns = absent;
                with_ns.append(&mut targets);
                targets = with_ns;
            }
            Err(e) => return fail(e),
        }
    }
    if options.dry_run == DryRun::None
        && !args.yes
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
    {
        match confirm(global, &default_ns, &targets) {
            Ok(true) => {}
            Ok(false) => {
                eprintln!("aborted: nothing was applied");
                return ExitStatus::Aborted;
            }
            Err(message) => {
                eprintln!("error: {message}");
                return ExitStatus::Failure;
            }
        }
    }
    let live = match cluster_apply::list_live(&client, &targets, seen).await {
        Ok(l) => l,
        Err(e) => return fail(e),
    };
    let report = cluster_apply::apply_all(&client, &targets, &live, &options).await;
    let status = print_report(global, &report, options.dry_run);
    let applied: Vec<Value> = report
        .outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok())
        .map(|(_, object)| object.clone())
        .collect();
    if status == ExitStatus::Success && args.upload && options.dry_run == DryRun::None {
        let search = args.generate.image_search();
        let conn = cluster::upload::Connection::new(client.clone());
        let uploaded =
            super::upload::upload_objects(global, &conn, &applied, &search, &args.upload_flags)
                .await;
        if uploaded != ExitStatus::Success {
            return uploaded;
        }
    }
    if status != ExitStatus::Success || !args.waiting.wait || options.dry_run != DryRun::None {
        return status;
    }
    wait_for_applied(&client, &applied, &args.waiting, args.stuck_after).await
}

/// `--wait`: follows the VMs among `applied` (a pool's replicas by the names its controller
/// gives them) until each is Ready or stopped by its run strategy with its disks imported.
/// Ctrl-C ends the wait (exit 4), `--timeout` too (exit 3); what was applied stays.
pub(super) async fn wait_for_applied(
    client: &cluster::Client,
    applied: &[Value],
    waiting: &super::waiting::WaitArgs,
    stuck_after: Duration,
) -> ExitStatus {
    let watched: Vec<Watched> = applied
        .iter()
        // A pool's replicas are followed by the names its controller gives them.
        .flat_map(|object| {
            let replicas = crate::kubevirt::pool::replica_vms(object);
            let vms = if replicas.is_empty() {
                vec![object.clone()]
            } else {
                replicas
            };
            vms.iter().filter_map(Watched::from_vm).collect::<Vec<_>>()
        })
        .collect();
    let timeout = if waiting.timeout.is_zero() {
        Duration::from_secs(u64::from(u32::MAX))
    } else {
        waiting.timeout
    };
    let waited = cluster::wait::wait(
        client,
        &watched,
        timeout,
        stuck_after,
        std::io::stderr().is_terminal(),
    );
    // Ctrl-C while waiting: what was applied stays, only the wait ends (exit 4).
    match super::waiting::until_done(waited, None).await {
        Ended::Done(Ok(settled)) => {
            if !watched.is_empty() {
                eprintln!("{settled}");
            }
            ExitStatus::Success
        }
        Ended::Done(Err(e @ ClusterError::TimedOut(_))) => {
            eprintln!("error: {e}");
            ExitStatus::TimedOut
        }
        Ended::Done(Err(e)) => {
            eprintln!("error: {e}");
            ExitStatus::Failure
        }
        Ended::TimedOut(_) => ExitStatus::TimedOut,
        Ended::Interrupted => super::waiting::interrupted_status(
            "stopped waiting; the applied objects stay (see them with kubectl vmmigrate status)",
        ),
    }
}

/// Says in one line on stderr which checks preflight could not make, and hands on the live
/// objects it read.
fn warn_skipped(checked: preflight::Checked) -> cluster_apply::Live {
    let line = preflight::skipped_line(&checked.skipped);
    if !line.is_empty() {
        eprintln!("{line}");
    }
    checked.live
}

/// `preview --diff`: exit 0 when nothing differs, 1 when something does, and (unlike the
/// other commands, as kubectl diff does) 2 or more on errors. `strict_preflight` makes checks
/// the user may not make errors.
pub fn run_diff(
    global: &GlobalArgs,
    generate: &mut GenerateArgs,
    strict_preflight: bool,
) -> ExitStatus {
    let objects = match plan_objects(global, generate) {
        Ok(objects) => objects,
        Err(e) => {
            eprintln!("error: no diff: {e}");
            return ExitStatus::Usage;
        }
    };
    let runtime = match cluster::runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitStatus::Usage;
        }
    };
    runtime.block_on(async {
        let fail = |e: ClusterError| {
            eprintln!("error: {e}");
            ExitStatus::Usage
        };
        let client = match cluster::connect(&global.connect_options()).await {
            Ok(c) => c,
            Err(e) => return fail(e),
        };
        let default_ns = client.default_namespace().to_string();
        let (targets, missing) = match cluster_apply::resolve(&client, objects, &default_ns).await {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
        let checks = PreflightOptions {
            create_namespace: false,
            read_only: true,
            strict: strict_preflight,
        };
        let seen = match preflight::check(&client, &targets, &missing, &checks).await {
            Ok(checked) => warn_skipped(checked),
            Err(e) => return fail(e),
        };
        let live = match cluster_apply::list_live(&client, &targets, seen).await {
            Ok(l) => l,
            Err(e) => return fail(e),
        };
        let diffs =
            match cluster::diff::compute(&client, &targets, &live, "kubectl-vmmigrate").await {
                Ok(d) => d,
                Err(e) => return fail(e),
            };
        if let Some(command) = std::env::var("KUBECTL_EXTERNAL_DIFF")
            .ok()
            .filter(|c| !c.trim().is_empty())
        {
            return match cluster::diff::external(&command, &diffs) {
                Ok(0) => ExitStatus::Success,
                Ok(1) => ExitStatus::Failure,
                Ok(_) => ExitStatus::Usage,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitStatus::Usage
                }
            };
        }
        let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let text = cluster::diff::render(&diffs, colour);
        if text.is_empty() {
            return ExitStatus::Success;
        }
        match common::write_stdout(&text) {
            Ok(()) | Err(ExitStatus::Success) => ExitStatus::Failure,
            Err(_) => ExitStatus::Usage,
        }
    })
}

/// Prints kubectl's lines (or the applied objects with `-o`) and the failure summary.
fn print_report(
    global: &GlobalArgs,
    report: &cluster_apply::Report,
    dry_run: DryRun,
) -> ExitStatus {
    let mut out = String::new();
    let mut applied_objects = Vec::new();
    for outcome in &report.outcomes {
        match &outcome.result {
            Ok((verb, object)) => match global.output {
                None => out.push_str(&format!(
                    "{} {}{}\n",
                    outcome.reference,
                    verb.as_str(),
                    dry_run.suffix()
                )),
                Some(OutputArg::Name) => out.push_str(&format!("{}\n", outcome.reference)),
                Some(_) => applied_objects.push(object.clone()),
            },
            Err(e) => eprintln!("error: {e}"),
        }
    }
    match global.output {
        Some(OutputArg::Yaml) => out = yaml::to_yaml_stream(applied_objects.iter()),
        Some(OutputArg::Json) => {
            let value = if applied_objects.len() == 1 {
                applied_objects.remove(0)
            } else {
                serde_json::json!({"apiVersion": "v1", "kind": "List", "items": applied_objects, "metadata": {"resourceVersion": ""}})
            };
            out = serde_json::to_string_pretty(&value).unwrap_or_default();
            out.push('\n');
        }
        _ => {}
    }
    if let Err(status) = common::write_stdout(&out) {
        return status;
    }
    let failed = report.failed();
    if failed == 0 && report.skipped.is_empty() {
        return ExitStatus::Success;
    }
    let applied: Vec<&str> = report
        .outcomes
        .iter()
        .filter(|o| o.result.is_ok())
        .map(|o| o.reference.as_str())
        .collect();
    let mut not_applied: Vec<&str> = report
        .outcomes
        .iter()
        .filter(|o| o.result.is_err())
        .map(|o| o.reference.as_str())
        .collect();
    not_applied.extend(report.skipped.iter().map(String::as_str));
    eprintln!(
        "error: {} of {} object(s) not applied: {}",
        not_applied.len(),
        applied.len() + not_applied.len(),
        not_applied.join(", ")
    );
    if !applied.is_empty() {
        eprintln!("applied: {}", applied.join(", "));
    }
    eprintln!("Run the same command again to converge: apply is idempotent.");
    ExitStatus::Failure
}

/// The totals a user should see before writing to a cluster.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub vms: usize,
    pub vcpus: u64,
    pub memory: u64,
    pub disk: u64,
}

pub fn totals<'a>(objects: impl IntoIterator<Item = &'a Value>) -> Totals {
    let mut t = Totals::default();
    for object in objects
        .into_iter()
        .filter(|o| o["kind"] == "VirtualMachine")
    {
        let spec = &object["spec"];
        let domain = &spec["template"]["spec"]["domain"];
        t.vms += 1;
        // A VM sized by a common instancetype sets no CPU or memory of its own: its size is
        // the instancetype's (the same table `--map` chooses from).
        let sized_by = spec["instancetype"]["name"]
            .as_str()
            .and_then(crate::mapping::instancetypes::instancetype);
        // Manifests are user input: totals saturate rather than wrap, so an absurd object
        // makes the quota check fail loudly instead of passing with a wrapped small number.
        if let Some(it) = sized_by {
            t.vcpus = t.vcpus.saturating_add(u64::from(it.cpus));
            t.memory = t.memory.saturating_add(it.memory_bytes);
        } else {
            let cpu = &domain["cpu"];
            let n = |v: &Value| v.as_u64().unwrap_or(1);
            let vcpus = n(&cpu["sockets"])
                .saturating_mul(n(&cpu["cores"]))
                .saturating_mul(n(&cpu["threads"]));
            t.vcpus = t.vcpus.saturating_add(vcpus);
            let memory = domain["memory"]["guest"]
                .as_str()
                .or(domain["resources"]["requests"]["memory"].as_str());
            t.memory = t.memory.saturating_add(
                memory
                    .and_then(|m| common::parse_quantity(m).ok())
                    .unwrap_or(0),
            );
        }
        for dv in spec["dataVolumeTemplates"].as_array().into_iter().flatten() {
            let size = dv["spec"]["storage"]["resources"]["requests"]["storage"]
                .as_str()
                .or(dv["spec"]["pvc"]["resources"]["requests"]["storage"].as_str());
            t.disk = t.disk.saturating_add(
                size.and_then(|s| common::parse_quantity(s).ok())
                    .unwrap_or(0),
            );
        }
    }
    t
}

fn confirm(
    global: &GlobalArgs,
    default_namespace: &str,
    targets: &[Target],
) -> Result<bool, PromptFailed> {
    let t = totals(targets.iter().map(|t| &t.object));
    let context = global
        .context
        .clone()
        .unwrap_or_else(|| "(current context)".into());
    let mut namespaces: Vec<&str> = targets.iter().filter_map(|t| t.namespace()).collect();
    namespaces.sort();
    namespaces.dedup();
    if namespaces.is_empty() {
        namespaces.push(default_namespace);
    }
    let prompt = format!(
        "Apply {} object(s) to context {context}, namespace {}: {} VM(s), {} vCPU(s), {} memory, {} disk?",
        targets.len(),
        namespaces.join(","),
        t.vms,
        t.vcpus,
        quantity(t.memory),
        quantity(t.disk),
    );
    dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(false)
        .interact()
        .map_err(PromptFailed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dry_run_values_follow_kubectl() {
        assert_eq!(parse_dry_run("server"), Ok(DryRun::Server));
        assert_eq!(parse_dry_run("client"), Ok(DryRun::Client));
        assert_eq!(parse_dry_run("none"), Ok(DryRun::None));
        assert_eq!(
            parse_dry_run("foo").unwrap_err().to_string(),
            "Invalid dry-run value (foo). Must be \"none\", \"server\", or \"client\"."
        );
    }

    #[test]
    fn totals_add_up_vms_vcpus_memory_and_disks() {
        let vm = serde_json::json!({"kind": "VirtualMachine", "spec": {
            "dataVolumeTemplates": [
                {"spec": {"storage": {"resources": {"requests": {"storage": "20Gi"}}}}},
                {"spec": {"pvc": {"resources": {"requests": {"storage": "10Gi"}}}}}],
            "template": {"spec": {"domain": {"cpu": {"sockets": 2, "cores": 2, "threads": 1}, "memory": {"guest": "4Gi"}}}}}});
        let t = totals([&vm, &vm]);
        assert_eq!(
            t,
            Totals {
                vms: 2,
                vcpus: 8,
                memory: 8 << 30,
                disk: 60 << 30
            }
        );
        // Sized by a common instancetype (u1.xlarge: 4 vCPUs, 16Gi): no domain CPU/memory.
        let mut sized = vm;
        sized["spec"]["instancetype"] = serde_json::json!({"name": "u1.xlarge"});
        sized["spec"]["template"]["spec"]["domain"] = serde_json::json!({});
        let t = totals([&sized]);
        assert_eq!((t.vcpus, t.memory), (4, 16 << 30));
    }

    #[test]
    fn totals_of_absurd_manifests_saturate_instead_of_wrapping() {
        // 2^32 x 2^32 x 1 wraps to 0 in u64: a quota check would then pass.
        let vm = serde_json::json!({"kind": "VirtualMachine", "spec": {"template": {"spec":
            {"domain": {"cpu": {"sockets": 4294967296u64, "cores": 4294967296u64, "threads": 1}}}}}});
        let t = totals([&vm, &vm]);
        assert_eq!(t.vcpus, u64::MAX);
    }
}

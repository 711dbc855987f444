//! `kubectl vmmigrate pool create NAME --from SPEC --replicas N`: cattle mode. One golden VM
//! (a source spec through the importers and the generator) becomes a KubeVirt
//! VirtualMachinePool (`generate::pool`), written like `import` (`-o yaml|json|name` with
//! `--dry-run=client`, `--output-dir`) or applied like `apply` (its checks, prompt, report).

use super::apply::{self, ApplyArgs};
use super::common::{self, ExitStatus, GenerateArgs, RunStrategyArg};
use super::{GlobalArgs, OutputArg};
use crate::cluster::apply::DryRun;
use crate::generate::pool::{pool_from_vm, Autoscale, PodMetric, PoolOptions, ScaleIn};
use crate::generate::GeneratedVm;
use crate::kubevirt::pool::IntOrPercent;
use crate::output::StreamSink;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct PoolArgs {
    #[command(subcommand)]
    pub command: PoolCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum PoolCommand {
    /// Make a VirtualMachinePool of identical replicas from one golden VM spec.
    Create(Box<CreateArgs>),
}

/// Which replicas a scale-in removes first (the pool's `scaleInStrategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScaleInArg {
    Random,
    Newest,
    Oldest,
    /// Replicas labelled with --scale-in-label first.
    Selector,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  # Five web servers from one golden VM, disks kept on scale-in, failing replicas healed\n  kubectl vmmigrate pool create web --from web01.vmx --replicas 5 -n web --keep-disks --heal-after 5m\n\n  # Write the objects for Git instead of applying them\n  kubectl vmmigrate pool create web --from web01.vmx --replicas 5 -n web --output-dir manifests/\n\n  # Scale between 2 and 10 replicas on virt-launcher CPU\n  kubectl vmmigrate pool create web --from web01.vmx --autoscale 2:10 --cpu-utilization 70"
)]
pub struct CreateArgs {
    /// Name of the pool; replicas are NAME-0, NAME-1, ...
    #[arg(value_name = "NAME", value_parser = parse_pool_name)]
    pub name: String,
    /// The golden VM: one VM spec file (.vmx, .ovf, .ova, libvirt XML, Proxmox .conf, ...),
    /// or `vm/NAME`, a VirtualMachine of the cluster whose disks the replicas clone.
    #[arg(long, value_name = "SPEC|vm/NAME")]
    pub from: PathBuf,
    /// Number of replicas (at most 10000: a Secret is written per replica index).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_REPLICAS)))]
    pub replicas: u32,
    /// Which replicas a scale-in removes first.
    #[arg(long, value_enum, value_name = "POLICY", default_value = "random")]
    pub scale_in: ScaleInArg,
    /// With --scale-in selector: the KEY=VALUE label (on the VMI template) of the replicas
    /// removed first.
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_label, required_if_eq("scale_in", "selector"))]
    pub scale_in_label: Option<(String, String)>,
    /// Keep a removed replica's disks for a later scale-out (statePreservation: Offline).
    #[arg(long)]
    pub keep_disks: bool,
    /// Replace a replica whose VM has been failing to start for this long (autohealing).
    #[arg(long, value_name = "DURATION", value_parser = crate::cluster::config::parse_request_timeout)]
    pub heal_after: Option<Duration>,
    /// Replace a replica after this many start failures in a row (autohealing).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub heal_start_failures: Option<u32>,
    /// Replicas KubeVirt may restart at once when the template changes (a count or a
    /// percentage; KubeVirt's own default, 100%, restarts them all).
    #[arg(long, value_name = "N|P%", default_value = "1", value_parser = parse_int_or_percent)]
    pub max_unavailable: IntOrPercent,
    /// Also write a HorizontalPodAutoscaler scaling the pool between MIN and MAX replicas.
    #[arg(long, value_name = "MIN:MAX", value_parser = parse_autoscale)]
    pub autoscale: Option<(u32, u32)>,
    /// With --autoscale: target average CPU utilisation of the replicas' virt-launcher pods,
    /// in percent of their CPU requests [default: 80, unless only --metric is given].
    #[arg(long, value_name = "PERCENT", requires = "autoscale", value_parser = clap::value_parser!(u32).range(1..))]
    pub cpu_utilization: Option<u32>,
    /// With --autoscale: also scale on a per-pod custom metric, keeping its average over
    /// the replicas' virt-launcher pods at TARGET (a quantity: 100, 500m); the metric must be
    /// served by a custom-metrics adapter (repeatable).
    #[arg(long, value_name = "NAME=TARGET", requires = "autoscale", value_parser = parse_metric)]
    pub metric: Vec<PodMetric>,
    /// Write <NAME>.yaml and a kustomization.yaml into this folder instead of applying.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Must be "none", "server", or "client": client prints the objects (-o yaml by default)
    /// without contacting the cluster, server sends a dry-run request.
    #[arg(long, value_name = "MODE", default_value = "none", num_args = 0..=1, default_missing_value = "client")]
    pub dry_run: String,
    /// KubeVirt runStrategy of the replicas [default: Always, or the mapping's].
    #[arg(long, value_enum)]
    pub run_strategy: Option<RunStrategyArg>,
    /// Mapping file: target networks, storage classes, disk sources (see examples/mapping.yaml).
    #[arg(long = "map", value_name = "PATH")]
    pub map: Option<PathBuf>,
    /// Folder to look for the golden VM's disk images in (repeatable).
    #[arg(long = "images", value_name = "DIR")]
    pub images: Vec<PathBuf>,
    /// Size requested for disks whose capacity the source does not state (e.g. 20Gi).
    #[arg(long, value_name = "QUANTITY", default_value = "10Gi", value_parser = common::parse_quantity)]
    pub default_disk_size: u64,
    /// Name of the manager that owns the applied fields.
    #[arg(long, value_name = "NAME", default_value = "kubectl-vmmigrate")]
    pub field_manager: String,
    /// Take ownership of fields another manager owns instead of failing on the conflict.
    #[arg(long)]
    pub force_conflicts: bool,
    /// Create the target namespace when it does not exist.
    #[arg(long)]
    pub create_namespace: bool,
    /// Do not ask for confirmation on a terminal.
    #[arg(short = 'y', long)]
    pub yes: bool,
    #[command(flatten)]
    pub waiting: super::waiting::WaitArgs,
}

/// The most replicas `--replicas` and `--autoscale` take: cloud-init Secrets are written per
/// replica index, so the count bounds the output.
const MAX_REPLICAS: u32 = 10_000;

/// A pool name: the replicas' names (`NAME-<index>`) must stay DNS-1123 labels.
fn parse_pool_name(text: &str) -> Result<String, String> {
    // Room for "-" and a five-digit index within 63 characters.
    if text.len() > 57 || !crate::generate::naming::is_dns_label(text) {
        return Err(format!("{text:?}: must be a DNS-1123 label of at most 57 characters (lower-case letters, digits, '-'), so that replica names NAME-<index> are valid"));
    }
    Ok(text.to_string())
}

fn parse_label(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("{text:?}: expected KEY=VALUE")),
    }
}

fn parse_int_or_percent(text: &str) -> Result<IntOrPercent, String> {
    let bad = || format!("{text:?}: expected a count (2) or a percentage (25%)");
    match text.strip_suffix('%') {
        Some(p) => match p.parse::<u32>() {
            Ok(n) if n <= 100 => Ok(IntOrPercent::Percent(text.to_string())),
            _ => Err(bad()),
        },
        None => text
            .parse::<u32>()
            .map(IntOrPercent::Count)
            .map_err(|_| bad()),
    }
}

/// `--cpu-utilization` when neither it nor `--metric` is given.
const DEFAULT_CPU_UTILIZATION: u32 = 80;

/// `--metric NAME=TARGET`: a metric name as Prometheus and custom-metrics adapters spell it
/// (never `/` or `%`: the API server refuses them, the name becomes a URL path segment), and a
/// positive Kubernetes quantity (what the API server accepts in `averageValue`).
fn parse_metric(text: &str) -> Result<PodMetric, String> {
    let bad = |why: &str| {
        format!("{text:?}: {why} (expected NAME=TARGET, e.g. http_requests_per_second=100)")
    };
    let (name, target) = text.split_once('=').ok_or_else(|| bad("no '='"))?;
    let name_ok = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-'));
    if !name_ok {
        return Err(bad("the metric name has characters metric names do not"));
    }
    if !is_positive_quantity(target) {
        return Err(bad("the target is not a positive quantity"));
    }
    Ok(PodMetric {
        name: name.to_string(),
        average_value: target.to_string(),
    })
}

/// A Kubernetes quantity (`resource.Quantity`'s grammar: a decimal number and an optional
/// suffix: `m`, `k`, `M`, `G`..., `Ki`, `Mi`..., or an exponent) greater than zero.
fn is_positive_quantity(text: &str) -> bool {
    let suffixes = [
        "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E",
    ];
    let number = suffixes
        .iter()
        .find_map(|s| text.strip_suffix(s))
        .or_else(|| {
            text.rsplit_once(['e', 'E'])
                .filter(|(_, exp)| {
                    let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
                    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
                })
                .map(|(n, _)| n)
        })
        .unwrap_or(text);
    let number = number.strip_prefix('+').unwrap_or(number);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    !(whole.is_empty() && fraction.is_empty())
        && digits_only(whole)
        && digits_only(fraction)
        && number.chars().any(|c| c.is_ascii_digit() && c != '0')
}

fn parse_autoscale(text: &str) -> Result<(u32, u32), String> {
    let bad =
        || format!("{text:?}: expected MIN:MAX with 1 <= MIN <= MAX <= {MAX_REPLICAS} (2:10)");
    let (min, max) = text.split_once(':').ok_or_else(bad)?;
    let (min, max) = (
        min.parse::<u32>().map_err(|_| bad())?,
        max.parse::<u32>().map_err(|_| bad())?,
    );
    if min == 0 || min > max || max > MAX_REPLICAS {
        return Err(bad());
    }
    Ok((min, max))
}

pub fn run(global: &GlobalArgs, args: PoolArgs) -> ExitStatus {
    match args.command {
        PoolCommand::Create(create) => run_create(global, *create),
    }
}

fn run_create(global: &GlobalArgs, args: CreateArgs) -> ExitStatus {
    let dry_run = match apply::parse_dry_run(&args.dry_run) {
        Ok(d) => d,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitStatus::Usage;
        }
    };
    if global.output == Some(OutputArg::Wide) {
        eprintln!("error: pool create supports -o yaml, json or name");
        return ExitStatus::Usage;
    }
    let offline = args.output_dir.is_some() || dry_run == DryRun::Client;
    let generate = GenerateArgs {
        paths: vec![args.from.clone()],
        run_strategy: args.run_strategy,
        default_disk_size: args.default_disk_size,
        map: args.map.clone(),
        images: args.images.clone(),
        ovf_deployment_option: None,
        filter: None,
        order_by: None,
        limit: None,
        vm: Vec::new(),
        plan: None,
        allow_stale_plan: false,
        warnings: crate::output::warnings::WarningsMode::Auto,
    };
    let mut global_ns = GlobalArgs {
        kubeconfig: global.kubeconfig.clone(),
        context: global.context.clone(),
        cluster: global.cluster.clone(),
        user: global.user.clone(),
        request_timeout: global.request_timeout,
        namespace: global.namespace.clone(),
        output: global.output,
        verbosity: global.verbosity,
    };
    // Without -n, the mapping's namespace (the generator's choice) or, when the pool is
    // applied, the kubeconfig context's; offline output must name one (-n).
    if global_ns.namespace.is_none() && !offline && !mapping_names_namespace(&generate, global) {
        match crate::cluster::pool::default_namespace(&global.connect_options()) {
            Ok(ns) => global_ns.namespace = Some(ns),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitStatus::Failure;
            }
        }
    }
    let live = args
        .from
        .to_str()
        .and_then(|f| f.strip_prefix("vm/"))
        .map(String::from);
    if live.is_some() && offline {
        eprintln!("error: --from vm/NAME reads the VM from the cluster and applies the pool; use --dry-run=server to check it without writing");
        return ExitStatus::Usage;
    }
    let golden = match &live {
        Some(name) => match live_golden(&global_ns, name) {
            Ok(vm) => vm,
            Err(status) => return status,
        },
        None => match golden_vm(&global_ns, &generate, &args) {
            Ok(vm) => vm,
            Err(status) => return status,
        },
    };
    let mut options = pool_options(&args);
    options.disks_exist = live.is_some();
    let pool = match pool_from_vm(&golden, &options) {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitStatus::Usage;
        }
    };
    let mut objects = pool.objects;
    if let Some(autoscale) = pool_options(&args).autoscale {
        // In the pool's namespace, wherever that came from (-n, the mapping, the context).
        let namespace = objects
            .iter()
            .find(|o| o["kind"] == "VirtualMachinePool")
            .and_then(|p| p["metadata"]["namespace"].as_str())
            .map(String::from);
        objects.push(crate::cluster::pool::autoscaler(
            &args.name, namespace, &autoscale,
        ));
    }
    let generated = GeneratedVm {
        name: args.name.clone(),
        objects,
        warnings: pool.warnings,
        ..golden
    };
    common::print_warnings(
        std::slice::from_ref(&generated),
        crate::output::warnings::WarningsMode::All,
    );
    if offline {
        return write(global, &args, &generated);
    }
    let apply_args = ApplyArgs {
        generate,
        dry_run: args.dry_run.clone(),
        field_manager: args.field_manager.clone(),
        force_conflicts: args.force_conflicts,
        server_side: true,
        create_namespace: args.create_namespace,
        yes: args.yes,
        waiting: args.waiting.clone(),
        upload: false,
        upload_flags: super::upload::UploadFlags::default(),
        stuck_after: Duration::from_secs(600),
        strict_preflight: false,
        concurrency: crate::cluster::apply::DEFAULT_CONCURRENCY as u16,
    };
    apply::apply_objects(global, &apply_args, generated.objects, dry_run)
}

fn mapping_names_namespace(generate: &GenerateArgs, global: &GlobalArgs) -> bool {
    generate
        .options(global)
        .ok()
        .and_then(|o| o.mapping)
        .is_some_and(|m| m.spec.namespace.is_some())
}

/// `--from vm/NAME`: the live VM as the golden VM.
fn live_golden(global: &GlobalArgs, name: &str) -> Result<GeneratedVm, ExitStatus> {
    let vm =
        crate::cluster::pool::live_vm(&global.connect_options(), global.namespace.as_deref(), name)
            .map_err(|e| {
                eprintln!("{e}");
                ExitStatus::Failure
            })?;
    let source = crate::model::SourceRef {
        format: crate::model::SourceFormat::Vmx,
        file: format!("vm/{name}"),
        index: None,
    };
    Ok(GeneratedVm {
        name: name.to_string(),
        // The model is not read for a pool; the live VM has no source spec to import.
        spec: crate::model::VmSpec::new(source, name),
        objects: vec![vm],
        warnings: Vec::new(),
        resources: Default::default(),
    })
}

/// The one VM of `--from`, generated as `import` would.
fn golden_vm(
    global: &GlobalArgs,
    generate: &GenerateArgs,
    args: &CreateArgs,
) -> Result<GeneratedVm, ExitStatus> {
    let (mut vms, failed) = common::plan(global, generate)?;
    if failed > 0 {
        return Err(ExitStatus::Failure);
    }
    if vms.len() != 1 {
        eprintln!(
            "error: {}: holds {} VMs: a pool is made from one golden VM (pass one spec file)",
            args.from.display(),
            vms.len()
        );
        return Err(ExitStatus::Usage);
    }
    Ok(vms.remove(0))
}

fn pool_options(args: &CreateArgs) -> PoolOptions {
    let scale_in = match (args.scale_in, &args.scale_in_label) {
        (ScaleInArg::Newest, _) => ScaleIn::Newest,
        (ScaleInArg::Oldest, _) => ScaleIn::Oldest,
        (ScaleInArg::Selector, Some((key, value))) => ScaleIn::Selector {
            key: key.clone(),
            value: value.clone(),
        },
        (ScaleInArg::Random | ScaleInArg::Selector, _) => ScaleIn::Random,
    };
    PoolOptions {
        name: args.name.clone(),
        replicas: args.replicas,
        scale_in,
        keep_disks: args.keep_disks,
        heal_after: args.heal_after.map(|d| format!("{}s", d.as_secs())),
        heal_start_failures: args.heal_start_failures,
        max_unavailable: args.max_unavailable.clone(),
        autoscale: args.autoscale.map(|(min, max)| Autoscale {
            min,
            max,
            // CPU unless the user asked for custom metrics only.
            cpu_utilization: args
                .cpu_utilization
                .or(args.metric.is_empty().then_some(DEFAULT_CPU_UTILIZATION)),
            pod_metrics: args.metric.clone(),
        }),
        disks_exist: false,
    }
}

/// `--output-dir` or `--dry-run=client`: the objects, as `import` writes them.
fn write(global: &GlobalArgs, args: &CreateArgs, pool: &GeneratedVm) -> ExitStatus {
    let stdout = std::io::stdout();
    let sink = match (&args.output_dir, global.output) {
        (Some(dir), _) => StreamSink::dir(dir),
        (None, Some(OutputArg::Json)) => Ok(StreamSink::Json {
            out: stdout.lock(),
            items: 0,
        }),
        (None, Some(OutputArg::Name)) => Ok(StreamSink::Name { out: stdout.lock() }),
        (None, _) => Ok(StreamSink::Yaml {
            out: stdout.lock(),
            objects: 0,
        }),
    };
    let written = sink.and_then(|mut sink| {
        sink.write(std::slice::from_ref(pool))?;
        sink.finish()
    });
    match written {
        Ok(files) => {
            if let Some(dir) = &args.output_dir {
                eprintln!("wrote {} file(s) to {}", files.len() + 1, dir.display());
            }
            ExitStatus::Success
        }
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(e) => {
            eprintln!("error: cannot write the pool: {e}");
            ExitStatus::Failure
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_values_are_checked_with_their_meaning_in_the_message() {
        assert_eq!(parse_autoscale("2:10"), Ok((2, 10)));
        assert_eq!(
            parse_metric("http_requests_per_second=500m"),
            Ok(PodMetric {
                name: "http_requests_per_second".into(),
                average_value: "500m".into()
            })
        );
        for good in ["a=1", "a=0.5", "a=1.5Gi", "a=2e3", "a=.5", "a=+3k"] {
            assert!(parse_metric(good).is_ok(), "{good}");
        }
        for bad in [
            "a", "=1", "a=0", "a=-1", "a=x", "a=1x", "a=", "a=.", "9a=1", "a b=1", "a=1e", "a/b=1",
            "a%b=1",
        ] {
            assert!(parse_metric(bad).is_err(), "{bad}");
        }
        assert!(parse_autoscale("0:3").is_err() && parse_autoscale("5:3").is_err());
        assert!(parse_autoscale("3").is_err());
        assert!(parse_autoscale("2:10001").is_err());
        assert_eq!(parse_int_or_percent("2"), Ok(IntOrPercent::Count(2)));
        assert_eq!(
            parse_int_or_percent("25%"),
            Ok(IntOrPercent::Percent("25%".into()))
        );
        assert!(parse_int_or_percent("120%").is_err() && parse_int_or_percent("x").is_err());
        assert!(parse_pool_name("web").is_ok());
        assert!(parse_pool_name("Web_1").is_err());
        assert!(parse_pool_name(&"a".repeat(58)).is_err());
        assert_eq!(
            parse_label("tier=canary"),
            Ok(("tier".into(), "canary".into()))
        );
        assert!(parse_label("=x").is_err());
    }
}

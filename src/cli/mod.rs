//! Command-line front end: turns raw arguments into validated options, one file per
//! subcommand, and maps outcomes to kubectl's exit codes.
//!
//! kubectl forwards none of its own flags to plugins, so the kubectl-style global flags are
//! declared here and implemented by the plugin itself.

mod apply;
mod assess;
mod common;
mod completion;
mod evacuate;
mod help_json;
mod import;
mod interactive;
mod lifecycle;
mod lint;
mod pool;
mod preview;
mod roll;
mod status;
mod upload;
mod version;
mod waiting;

use crate::roll::lifecycle::Verb;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub use common::ExitStatus;
pub use completion::{script as completion_script, ShellArg};
pub use waiting::{CHANGES_CLUSTER, EXIT_CODES, READ_ONLY};

const ABOUT: &str =
    "Turn VMware, OVF/OVA, libvirt, Proxmox, VirtualBox and Xen VM specs into KubeVirt objects";

/// `kubectl vmmigrate`: the parsed command line.
#[derive(Debug, Parser)]
#[command(
    name = "kubectl vmmigrate",
    bin_name = "kubectl vmmigrate",
    version,
    about = ABOUT,
    long_about = None,
    propagate_version = true,
    after_help = concat!("Examples:\n  # Show the KubeVirt objects for a VMware VM, offline\n  kubectl vmmigrate preview examples/vmware/web01.vmx\n\n  # Write manifests for a folder of exported VMs, one file per VM, ready for Git\n  kubectl vmmigrate import exports/ --output-dir manifests/\n\n", crate::exit_codes_help!())
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The kubectl flags every subcommand accepts.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Path to the kubeconfig file to use for CLI requests.
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,
    /// The name of the kubeconfig context to use.
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,
    /// The name of the kubeconfig cluster to use.
    #[arg(long, global = true, value_name = "NAME")]
    pub cluster: Option<String>,
    /// The name of the kubeconfig user to use.
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// Time to wait for one server request (0: no limit; 1s, 2m, 3h).
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::cluster::config::parse_request_timeout)]
    pub request_timeout: Option<std::time::Duration>,
    /// Namespace written into generated objects (and used for cluster requests).
    #[arg(short = 'n', long, global = true, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
    /// Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file).
    #[arg(short = 'o', long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputArg>,
    /// Log level, as kubectl's -v (0 prints warnings and errors only).
    #[arg(
        short = 'v',
        long = "v",
        visible_alias = "verbosity",
        global = true,
        value_name = "LEVEL",
        default_value_t = 0
    )]
    pub verbosity: u8,
}

impl GlobalArgs {
    /// The connection settings for `cluster::connect`.
    pub fn connect_options(&self) -> crate::cluster::ConnectOptions {
        crate::cluster::ConnectOptions {
            kubeconfig: self.kubeconfig.clone(),
            context: self.context.clone(),
            cluster: self.cluster.clone(),
            user: self.user.clone(),
            namespace: self.namespace.clone(),
            request_timeout: self.request_timeout,
            verbosity: self.verbosity,
        }
    }
}

/// Values of `-o/--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputArg {
    Yaml,
    Json,
    Name,
    Wide,
    /// The per-VM plan file (`preview -o plan`; see `--plan`).
    Plan,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert VM specs into KubeVirt manifests (YAML on stdout, or a folder with --output-dir).
    Import(import::ImportArgs),
    /// Show what would be created for VM specs: a summary table and warnings, or the objects.
    Preview(preview::PreviewArgs),
    /// Judge migration readiness: a per-VM table of Critical / Warning / Information concerns.
    Assess(assess::AssessArgs),
    /// Server-side apply VM specs (converted on the fly) or generated manifests to the cluster.
    Apply(apply::ApplyArgs),
    /// Upload the source's disk images into the DataVolumes apply created (CDI upload).
    Upload(upload::UploadArgs),
    /// Would KubeVirt admit these manifests? Offline schema and admission check (exit 1 if not).
    Lint(lint::LintArgs),
    /// Roll a change out over running VMs within a disruption budget; steer it with subcommands.
    Roll(Box<roll::RollArgs>),
    /// Why VMs are not Ready: status, node, disks and the ranked reasons, with the chain behind them.
    Status(status::StatusArgs),
    /// Cattle mode: a VirtualMachinePool of identical replicas from one golden VM.
    Pool(pool::PoolArgs),
    /// Start VMs (by selector or name) through KubeVirt, within a budget.
    Start(Box<lifecycle::LifecycleArgs>),
    /// Stop VMs as KubeVirt's run strategies expect, within a budget.
    Stop(Box<lifecycle::LifecycleArgs>),
    /// Restart VMs within a budget.
    Restart(Box<lifecycle::LifecycleArgs>),
    /// Live-migrate VMs within a budget; those that cannot migrate are reported.
    Migrate(Box<lifecycle::LifecycleArgs>),
    /// Move every VM off a node within a budget (migrate, or restart with --allow-restart).
    Evacuate(Box<evacuate::EvacuateArgs>),
    /// Print a shell completion script (bash, zsh, fish or powershell).
    Completion(completion::CompletionArgs),
    /// Print the plugin version.
    Version(version::VersionArgs),
}

/// The whole program: answers kubectl's completion protocol (`__complete WORDS...`, handled
/// before clap so that words like `-n` are never taken for flags), else parses the command
/// line (clap exits with 2 on usage errors) and runs it.
pub fn main_with_args(args: Vec<std::ffi::OsString>) -> ExitStatus {
    if args.get(1).is_some_and(|a| a == "__complete") {
        let words: Vec<String> = args[2..]
            .iter()
            .map(|w| w.to_string_lossy().into_owned())
            .collect();
        return completion::run_protocol(&words);
    }
    if let Some(status) = help_json::intercept(&args) {
        return status;
    }
    run(Cli::parse_from(args))
}

/// Runs the parsed command and returns the process exit status.
pub fn run(cli: Cli) -> ExitStatus {
    match cli.command {
        Command::Import(args) => import::run(&cli.global, args),
        Command::Preview(args) => preview::run(&cli.global, args),
        Command::Assess(args) => assess::run(&cli.global, args),
        Command::Apply(args) => apply::run(&cli.global, args),
        Command::Lint(args) => lint::run(&cli.global, args),
        Command::Roll(args) => roll::run(&cli.global, *args),
        Command::Status(args) => status::run(&cli.global, args),
        Command::Pool(args) => pool::run(&cli.global, args),
        Command::Upload(args) => upload::run(&cli.global, args),
        Command::Start(args) => lifecycle::run(&cli.global, Verb::Start, *args),
        Command::Stop(args) => lifecycle::run(&cli.global, Verb::Stop, *args),
        Command::Restart(args) => lifecycle::run(&cli.global, Verb::Restart, *args),
        Command::Migrate(args) => lifecycle::run(&cli.global, Verb::Migrate, *args),
        Command::Evacuate(args) => evacuate::run(&cli.global, *args),
        Command::Completion(args) => completion::run(args),
        Command::Version(args) => version::run(&cli.global, args),
    }
}

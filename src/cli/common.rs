//! What the subcommands share: the generation flags, reading inputs, reporting errors and
//! warnings, writing to stdout, and exit codes.

use super::GlobalArgs;
use crate::generate::{self, GenerateOptions, GeneratedVm};
use crate::import::images::ImageSearch;
use crate::import::{self, units, ImportOptions};
use crate::kubevirt::RunStrategy;
use crate::mapping::{Mapping, MappingError};
use crate::model::VmSpec;
use crate::output::warnings::{self, WarningTally, WarningsMode};
use crate::plan;
use crate::query::{OrderBy, Query, Selection};
use crate::waveplan::WavePlan;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when an input failed because of the command line rather than its content (an OVF
/// deployment option the file does not offer): the run then exits 2, as for any other
/// usage error, after the other inputs were processed.
static USAGE_ERROR: AtomicBool = AtomicBool::new(false);

/// How many VMs were read when `--where`, `--vm` or `--limit` then kept none of them, so that
/// the run's end says so instead of "no VM specs found".
static UNSELECTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Notes that the selection kept none of the `read` VMs (see [`UNSELECTED`]).
pub fn note_unselected(read: usize, kept: usize) {
    if kept == 0 && read > 0 {
        UNSELECTED.store(read, Ordering::Relaxed);
    }
}

/// Whether an input failed because of the command line (see [`USAGE_ERROR`]).
pub fn usage_error_seen() -> bool {
    USAGE_ERROR.load(Ordering::Relaxed)
}

/// Exit codes, as kubectl uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success = 0,
    /// Something failed at run time (a bad input file, a cluster error).
    Failure = 1,
    /// The command line itself was wrong (clap also exits with 2).
    Usage = 2,
    /// A `--timeout` or `--progress-deadline` ran out before the work was done (issue 20.4:
    /// one code for every verb that waits, so scripts can retry rather than roll back).
    TimedOut = 3,
    /// The user stopped the work: declined the confirmation, aborted the operation, or
    /// pressed Ctrl-C (issue 20.4: the same for every verb).
    Aborted = 4,
}

/// Flags that shape generated objects, shared by `import` and `preview`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// VM spec files or folders (searched recursively); `-` reads one spec from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// KubeVirt runStrategy of the generated VMs [default: Always, or the mapping's].
    #[arg(long, value_enum)]
    pub run_strategy: Option<RunStrategyArg>,
    /// Size requested for disks whose capacity the source does not state (e.g. 20Gi).
    #[arg(long, value_name = "QUANTITY", default_value = "10Gi", value_parser = parse_quantity)]
    pub default_disk_size: u64,
    /// Mapping file: target networks, storage classes, disk sources, instancetypes (see
    /// examples/mapping.yaml).
    #[arg(long = "map", value_name = "PATH")]
    pub map: Option<PathBuf>,
    /// Folder to look for disk images in, by file name, when a spec names an image that is
    /// not at its own path (repeatable). Sizes the spec leaves out are read from the
    /// images' headers (qcow2, VMDK, VDI, VHD, VHDX, raw).
    #[arg(long = "images", value_name = "DIR", value_parser = parse_images_dir)]
    pub images: Vec<PathBuf>,
    /// OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to
    /// import instead of the descriptor's default; a name the file does not offer is an error
    /// that lists the offered ones.
    #[arg(long, value_name = "NAME", value_parser = parse_deployment_option)]
    pub ovf_deployment_option: Option<String>,
    /// Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and
    /// datastores = ds-gold" (fields and operators: README "Choosing VMs").
    #[arg(long = "where", value_name = "EXPR", value_parser = Query::parse)]
    pub filter: Option<Query>,
    /// Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas).
    #[arg(long, value_name = "FIELD [asc|desc]", value_parser = OrderBy::parse)]
    pub order_by: Option<OrderBy>,
    /// Take at most N VMs (after --where and --order-by).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Only the VM with this source or Kubernetes name (repeatable).
    #[arg(long = "vm", value_name = "NAME")]
    pub vm: Vec<String>,
    /// Per-VM choices written by `preview -o plan` and edited: they win over the mapping's,
    /// field by field; only the VMs the plan names are taken.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Use the --plan even when a source file changed since it was written (warns instead).
    #[arg(long, requires = "plan")]
    pub allow_stale_plan: bool,
    /// How warnings are printed: auto (each one when up to 5 VMs have any, else one line
    /// per kind with its count and example VMs), all, or grouped. -v=1 means all.
    #[arg(long, value_enum, value_name = "MODE", default_value_t = WarningsMode::Auto)]
    pub warnings: WarningsMode,
}

impl GenerateArgs {
    /// `--warnings`, with `-v=1` or more asking for every warning when not said otherwise.
    pub fn warnings_mode(&self, global: &GlobalArgs) -> WarningsMode {
        if self.warnings == WarningsMode::Auto && global.verbosity >= 1 {
            WarningsMode::All
        } else {
            self.warnings
        }
    }
}

/// A configuration id as OVF writes it: `ovf:configuration` is a space-separated list of
/// ids, so an id holding white space (or nothing) could never match an item.
fn parse_deployment_option(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("must not be empty".into());
    }
    if text.chars().any(char::is_whitespace) {
        return Err(format!(
            "{text:?}: OVF configuration ids cannot hold white space"
        ));
    }
    Ok(text.to_string())
}

/// `--images` takes folders only: a file or a typo would silently find nothing.
fn parse_images_dir(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    if crate::files::is_dir(&path) {
        Ok(path)
    } else {
        Err(format!("{text}: not a folder"))
    }
}

/// KubeVirt's run strategies; KubeVirt's own spelling (`RerunOnFailure`) is accepted too,
/// since that is what users copy from manifests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunStrategyArg {
    #[value(alias = "Always")]
    Always,
    #[value(alias = "RerunOnFailure")]
    RerunOnFailure,
    #[value(alias = "Manual")]
    Manual,
    #[value(alias = "Halted")]
    Halted,
    #[value(alias = "Once")]
    Once,
}

impl From<RunStrategyArg> for RunStrategy {
    fn from(arg: RunStrategyArg) -> Self {
        match arg {
            RunStrategyArg::Always => RunStrategy::Always,
            RunStrategyArg::RerunOnFailure => RunStrategy::RerunOnFailure,
            RunStrategyArg::Manual => RunStrategy::Manual,
            RunStrategyArg::Halted => RunStrategy::Halted,
            RunStrategyArg::Once => RunStrategy::Once,
        }
    }
}

/// A disk size that is not a usable Kubernetes quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("unknown quantity suffix {0:?} (use Mi, Gi, Ti...)")]
    UnknownSuffix(String),
    #[error(transparent)]
    Size(#[from] units::SizeError),
    #[error("must be at least 1Mi (CDI refuses smaller disks)")]
    TooSmall,
}

/// Parses a Kubernetes quantity of bytes (`20Gi`, `512Mi`, `1T`, `1073741824`).
pub fn parse_quantity(text: &str) -> Result<u64, QuantityError> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, suffix) = trimmed.split_at(split);
    let unit = match suffix {
        "" => "b",
        "Ki" => "KiB",
        "Mi" => "MiB",
        "Gi" => "GiB",
        "Ti" => "TiB",
        "Pi" => "PiB",
        "k" => "kB",
        "M" => "MB",
        "G" => "GB",
        "T" => "TB",
        other => return Err(QuantityError::UnknownSuffix(other.to_string())),
    };
    let bytes = units::to_bytes(number, unit)?;
    if bytes < 1 << 20 {
        return Err(QuantityError::TooSmall);
    }
    Ok(bytes)
}

impl GenerateArgs {
    /// What the importers are asked to read differently from their defaults.
    pub fn import_options(&self) -> ImportOptions {
        ImportOptions {
            ovf_deployment_option: self.ovf_deployment_option.clone(),
            threads: crate::parallel::threads(),
        }
    }

    /// Where disk images are looked for beyond the paths the specs write.
    pub fn image_search(&self) -> ImageSearch {
        ImageSearch::new(self.images.clone())
    }

    /// Which VMs the run takes (`--where`, `--order-by`, `--limit`, `--vm`).
    pub fn selection(&self) -> Selection {
        Selection {
            filter: self.filter.clone(),
            order: self.order_by.clone().map(|o| o.0).unwrap_or_default(),
            limit: self.limit,
            names: self.vm.clone(),
        }
    }

    /// The selected VMs of a run. A VM's `name` in expressions is the Kubernetes name it
    /// asks for: the mapping's `names` entry, else the one made from its source name.
    pub fn select(&self, vms: Vec<VmSpec>, mapping: Option<&Mapping>) -> Vec<VmSpec> {
        let read = vms.len();
        let selected = self
            .selection()
            .apply(vms, |vm| requested_name(vm, mapping));
        note_unselected(read, selected.len());
        selected
    }

    /// The options for a run, with the mapping file loaded (command-line flags win over it).
    pub fn options(&self, global: &GlobalArgs) -> Result<GenerateOptions, MappingError> {
        let mapping = self.map.as_deref().map(Mapping::load).transpose()?;
        Ok(self.options_with(global, mapping))
    }

    /// The options for a run with an already loaded mapping.
    pub fn options_with(&self, global: &GlobalArgs, mapping: Option<Mapping>) -> GenerateOptions {
        let run_strategy = self
            .run_strategy
            .map(RunStrategy::from)
            .or_else(|| mapping.as_ref().and_then(|m| m.spec.run_strategy))
            .unwrap_or_default();
        GenerateOptions {
            namespace: global.namespace.clone(),
            run_strategy,
            placeholder_disk_bytes: self.default_disk_size,
            mapping,
        }
    }
}

/// The Kubernetes name a VM asks for, before run-wide uniqueness (as the generator picks it).
pub fn requested_name(vm: &VmSpec, mapping: Option<&Mapping>) -> String {
    mapping
        .and_then(|m| m.spec.names.get(&vm.name))
        .map(|label| label.0.clone())
        .unwrap_or_else(|| generate::naming::dns_label(&vm.name, "vm"))
}

/// Imports every input, reports each bad file on stderr, and returns the selected VMs of
/// the good ones with the number of files that failed.
pub fn import_all(global: &GlobalArgs, args: &GenerateArgs) -> (Vec<VmSpec>, usize) {
    let imported = plan::import_all(
        &args.paths,
        &args.image_search(),
        &args.import_options(),
        reporter(global, args),
    );
    (args.select(imported.vms, None), imported.failed)
}

/// Shows what happened to each input file: errors always, successes with `-v`. An OVF-only
/// flag met by another format is a warning, once per run, not an error: a folder mixing
/// formats is normal, and kubectl too ignores flags that do not apply to some of the objects.
pub fn reporter<'g>(global: &'g GlobalArgs, args: &GenerateArgs) -> impl FnMut(plan::Event) + 'g {
    let mut describe = describer(global, args);
    move |event| eprint!("{}", describe(event))
}

/// What [`reporter`] prints for each event, as text (lines ending in a newline; empty when
/// nothing is said), for a caller that prints it later in order with the VMs' own output.
pub fn describer<'g>(
    global: &'g GlobalArgs,
    args: &GenerateArgs,
) -> impl FnMut(plan::Event) -> String + 'g {
    let mut ovf_only = args.ovf_deployment_option.is_some();
    move |event| match event {
        plan::Event::Imported { file, vms, ovf } => {
            let mut text = String::new();
            if global.verbosity >= 1 {
                text.push_str(&format!("I imported {file}: {vms} VM(s)\n"));
            }
            if ovf_only && !ovf {
                ovf_only = false;
                text.push_str(&format!(
                    "Warning: --ovf-deployment-option applies to OVF and OVA files only; {} and \
                     any other non-OVF input ignore it\n",
                    import::text::printable(file)
                ));
            }
            text
        }
        plan::Event::Failed(err) => import_error_text(err),
    }
}

/// An input file's error as a line for stderr; a usage error sets the exit status now.
/// Errors quote file content and names: never let them drive the terminal.
fn import_error_text(err: &import::ImportError) -> String {
    if err.kind.is_usage() {
        USAGE_ERROR.store(true, Ordering::Relaxed);
    }
    format!("error: {}\n", import::text::printable(&err.to_string()))
}

/// Imports and generates; the shared first half of `import` and `preview`. A mapping
/// problem (unreadable file, unmapped networks...) is printed and returned as the failure.
pub fn plan(
    global: &GlobalArgs,
    args: &GenerateArgs,
) -> Result<(Vec<GeneratedVm>, usize), ExitStatus> {
    let options = args.options(global).map_err(|err| {
        eprintln!("error: {err}");
        ExitStatus::Failure
    })?;
    let (vms, failed, wave) = read_selected(global, args, &options)?;
    let mut generated = generate::try_generate(&vms, &options).map_err(|err| {
        eprintln!("error: {err}");
        ExitStatus::Failure
    })?;
    apply_plan(wave.as_ref(), &mut generated)?;
    // Never output a VM KubeVirt would refuse (issue 23.4): it is reported, dropped and
    // counted with the inputs that failed; the others still go out.
    let (generated, refused) = super::lint::admissible_only(generated);
    Ok((generated, failed + refused))
}

/// Imports every input and keeps the VMs of the selection (`--where`...) and of the
/// `--plan`, which is loaded and checked against every VM read (stale sources are refused
/// unless `--allow-stale-plan`). Returns the VMs, how many inputs failed, and the plan.
pub fn read_selected(
    global: &GlobalArgs,
    args: &GenerateArgs,
    options: &GenerateOptions,
) -> Result<(Vec<VmSpec>, usize, Option<WavePlan>), ExitStatus> {
    let fail = |err: crate::waveplan::PlanError| {
        eprintln!("error: {err}");
        ExitStatus::Failure
    };
    let wave = args
        .plan
        .as_deref()
        .map(WavePlan::load)
        .transpose()
        .map_err(fail)?;
    let imported = plan::import_all(
        &args.paths,
        &args.image_search(),
        &args.import_options(),
        reporter(global, args),
    );
    let mut vms = imported.vms;
    if let Some(wave) = &wave {
        for warning in wave.check(&vms, args.allow_stale_plan).map_err(fail)? {
            eprintln!("Warning: {warning}");
        }
        vms = wave.retain(vms);
    }
    let vms = args.select(vms, options.mapping.as_ref());
    Ok((vms, imported.failed, wave))
}

/// Writes the `--plan`'s choices into the generated objects; problems are printed.
pub fn apply_plan(
    wave: Option<&WavePlan>,
    generated: &mut [GeneratedVm],
) -> Result<(), ExitStatus> {
    match wave.map(|w| w.apply(generated)) {
        Some(Err(err)) => {
            eprintln!("error: {err}");
            Err(ExitStatus::Failure)
        }
        _ => Ok(()),
    }
}

/// Generates with the mapping's checks; problems are printed.
pub fn plan_with(
    vms: &[VmSpec],
    options: &GenerateOptions,
) -> Result<Vec<GeneratedVm>, ExitStatus> {
    let generated = generate::try_generate(vms, options).map_err(|err| {
        eprintln!("error: {err}");
        ExitStatus::Failure
    })?;
    match super::lint::admissible_only(generated) {
        (vms, 0) => Ok(vms),
        _ => Err(ExitStatus::Failure),
    }
}

/// Prints warnings to stderr the way kubectl prints server warnings: each one, or one line
/// per kind when many VMs have some (see [`crate::output::warnings`]).
pub fn print_warnings(vms: &[GeneratedVm], mode: WarningsMode) {
    let mut printer = WarningPrinter::new(mode);
    printer.add(vms);
    printer.finish();
}

/// A run's warnings on stderr as its VMs are generated. `--warnings=all` prints each at
/// once; otherwise they are counted by kind ([`WarningTally`]) and the first VMs' held
/// until the run shows whether few VMs have warnings (then printed as they are, at the end)
/// or many (one line per kind). What is held is bounded by the handful of VMs, so a
/// streamed import stays flat in memory.
pub struct WarningPrinter {
    mode: WarningsMode,
    held: Vec<(String, Vec<String>)>,
    tally: WarningTally,
    grouping: bool,
}

impl WarningPrinter {
    pub fn new(mode: WarningsMode) -> Self {
        WarningPrinter {
            mode,
            held: Vec::new(),
            tally: WarningTally::default(),
            grouping: mode.groups(0),
        }
    }

    /// Takes the next VMs' warnings.
    pub fn add(&mut self, vms: &[GeneratedVm]) {
        for vm in vms {
            self.add_one(&vm.name, &vm.warnings);
        }
    }

    /// Takes the warnings of the next VM, `name`.
    pub fn add_one(&mut self, name: &str, warnings: &[String]) {
        if warnings.is_empty() {
            return;
        }
        if self.mode == WarningsMode::All {
            print_each(name, warnings);
            return;
        }
        self.tally.add(name, warnings);
        if self.grouping {
            return;
        }
        if self.mode.groups(self.tally.vms_with_warnings()) {
            self.grouping = true;
            self.held = Vec::new();
        } else {
            self.held.push((name.to_string(), warnings.to_vec()));
        }
    }

    /// Prints what was held: the few VMs' warnings, or the groups.
    pub fn finish(self) {
        if self.grouping {
            if self.tally.total() == 0 {
                return;
            }
            let with_warnings = self.tally.vms_with_warnings();
            let total = self.tally.total();
            let text = render_groups(self.tally.groups(), "Warning: ", total, with_warnings);
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        } else {
            for (vm, warnings) in &self.held {
                print_each(vm, warnings);
            }
        }
    }
}

fn print_each(vm: &str, warnings: &[String]) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for warning in warnings {
        let _ = writeln!(err, "Warning: {vm}: {}", import::text::printable(warning));
    }
}

/// The run's warnings one line per kind, each line after `prefix`, made printable.
pub fn grouped_warnings(vms: &[GeneratedVm], prefix: &str) -> String {
    let mut tally = WarningTally::default();
    for vm in vms {
        tally.add(&vm.name, &vm.warnings);
    }
    let (total, with_warnings) = (tally.total(), tally.vms_with_warnings());
    render_groups(tally.groups(), prefix, total, with_warnings)
}

fn render_groups(
    mut groups: Vec<warnings::WarningGroup>,
    prefix: &str,
    total: usize,
    with_warnings: usize,
) -> String {
    for group in &mut groups {
        group.example = import::text::printable(&group.example);
    }
    warnings::render_grouped(&groups, prefix, total, with_warnings)
}

/// Writes to stdout. A closed pipe (`| head`) is not an error: we just stop.
pub fn write_stdout(text: &str) -> Result<(), ExitStatus> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Err(ExitStatus::Success),
        Err(err) => {
            eprintln!("error: cannot write output: {err}");
            Err(ExitStatus::Failure)
        }
    }
}

/// The exit status after a run in which `failed` input files could not be imported.
pub fn finish(failed: usize, total_vms: usize) -> ExitStatus {
    if failed > 0 {
        eprintln!(
            "error: {failed} input file(s) could not be imported; {total_vms} VM(s) from the other files were processed"
        );
        if usage_error_seen() {
            return ExitStatus::Usage;
        }
        return ExitStatus::Failure;
    }
    let unselected = UNSELECTED.load(Ordering::Relaxed);
    if total_vms == 0 && unselected > 0 {
        eprintln!(
            "error: none of the {unselected} VM(s) read matches the selection (--where, --vm, --limit)"
        );
        return ExitStatus::Failure;
    }
    if total_vms == 0 {
        eprintln!("error: no VM specs found in the given paths");
        return ExitStatus::Failure;
    }
    ExitStatus::Success
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_like_kubernetes() {
        assert_eq!(parse_quantity("20Gi"), Ok(20 << 30));
        assert_eq!(parse_quantity("512Mi"), Ok(512 << 20));
        assert_eq!(parse_quantity("2G"), Ok(2_000_000_000));
        assert!(parse_quantity("1Ki").is_err());
        assert!(parse_quantity("10 furlongs").is_err());
        assert!(parse_quantity("99999999999999999999Gi").is_err());
    }
}

//! What the subcommands share: the generation flags, reading inputs, reporting errors and
//! warnings, writing to stdout, and exit codes.

use super::GlobalArgs;
use crate::generate::{self, GenerateOptions, GeneratedVm};
use crate::import::images::ImageSearch;
use crate::import::{self, units, ImportOptions};
use crate::kubevirt::RunStrategy;
use crate::mapping::{Mapping, MappingError};
use crate::model::VmSpec;
use crate::plan;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when an input failed because of the command line rather than its content (an OVF
/// deployment option the file does not offer): the run then exits 2, as for any other
/// usage error, after the other inputs were processed.
static USAGE_ERROR: AtomicBool = AtomicBool::new(false);

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
        }
    }

    /// Where disk images are looked for beyond the paths the specs write.
    pub fn image_search(&self) -> ImageSearch {
        ImageSearch::new(self.images.clone())
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

/// Imports every input, reports each bad file on stderr, and returns the VMs of the good
/// ones with the number of files that failed.
pub fn import_all(global: &GlobalArgs, args: &GenerateArgs) -> (Vec<VmSpec>, usize) {
    let imported = plan::import_all(
        &args.paths,
        &args.image_search(),
        &args.import_options(),
        reporter(global, args),
    );
    (imported.vms, imported.failed)
}

/// Shows what happened to each input file: errors always, successes with `-v`. An OVF-only
/// flag met by another format is a warning, once per run, not an error: a folder mixing
/// formats is normal, and kubectl too ignores flags that do not apply to some of the objects.
pub fn reporter<'g>(global: &'g GlobalArgs, args: &GenerateArgs) -> impl FnMut(plan::Event) + 'g {
    let mut ovf_only = args.ovf_deployment_option.is_some();
    move |event| match event {
        plan::Event::Imported { file, vms, ovf } => {
            if global.verbosity >= 1 {
                eprintln!("I imported {file}: {vms} VM(s)");
            }
            if ovf_only && !ovf {
                ovf_only = false;
                eprintln!(
                    "Warning: --ovf-deployment-option applies to OVF and OVA files only; {} and \
                     any other non-OVF input ignore it",
                    import::text::printable(file)
                );
            }
        }
        plan::Event::Failed(err) => report_import_error(err),
    }
}

/// Prints an input file's error. Errors quote file content and names: never let them
/// drive the terminal.
pub fn report_import_error(err: &import::ImportError) {
    if err.kind.is_usage() {
        USAGE_ERROR.store(true, Ordering::Relaxed);
    }
    eprintln!("error: {}", import::text::printable(&err.to_string()));
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
    plan::plan(
        &args.paths,
        &args.image_search(),
        &args.import_options(),
        &options,
        reporter(global, args),
    )
    .map(|plan| {
        let (vms, refused) = super::lint::admissible_only(plan.vms);
        (vms, plan.failed + refused)
    })
    .map_err(|err| {
        eprintln!("error: {err}");
        ExitStatus::Failure
    })
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

/// Prints warnings to stderr the way kubectl prints server warnings.
pub fn print_warnings(vms: &[GeneratedVm]) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for vm in vms {
        for warning in &vm.warnings {
            let _ = writeln!(
                err,
                "Warning: {}: {}",
                vm.name,
                import::text::printable(warning)
            );
        }
    }
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

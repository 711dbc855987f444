//! `kubectl vmmigrate import`: VM specs in, KubeVirt manifests out.

use super::common::{self, ExitStatus, GenerateArgs};
use super::interactive;
use super::{GlobalArgs, OutputArg};
use crate::generate::GeneratedVm;
use crate::mapping::Mapping;
use crate::output;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  # Print the manifests for one VMware VM as YAML\n  kubectl vmmigrate import web01.vmx\n\n  # A folder of mixed specs into one file per VM plus kustomization.yaml\n  kubectl vmmigrate import exports/ --output-dir manifests/ -n migrated\n\n  # One JSON List for scripts\n  kubectl vmmigrate import vm.ovf -o json\n\n  # Target networks, storage classes and disk sources from a mapping file, asking for\n  # anything it does not cover\n  kubectl vmmigrate import exports/ --map mapping.yaml --interactive"
)]
pub struct ImportArgs {
    #[command(flatten)]
    pub generate: GenerateArgs,
    /// Write one <vm>.yaml per VM and a kustomization.yaml into this folder instead of stdout.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Ask where unmapped networks and datastores go and save the answers to the --map file
    /// (created if missing). Prompts only on a terminal.
    #[arg(long, requires = "map")]
    pub interactive: bool,
}

pub fn run(global: &GlobalArgs, args: ImportArgs) -> ExitStatus {
    if global.output == Some(OutputArg::Wide) {
        eprintln!("error: import supports -o yaml, json or name; use preview -o wide for a table");
        return ExitStatus::Usage;
    }
    let (vms, failed) = match plan(global, &args) {
        Ok(planned) => planned,
        Err(status) => return status,
    };
    common::print_warnings(&vms);
    if let Some(dir) = &args.output_dir {
        match output::write_dir(dir, &vms) {
            Ok(files) => {
                eprintln!(
                    "wrote {} manifest file(s) and kustomization.yaml to {}",
                    files.len(),
                    dir.display()
                );
            }
            Err(err) => {
                eprintln!("error: cannot write to {}: {err}", dir.display());
                return ExitStatus::Failure;
            }
        }
    } else {
        let text = match global.output.unwrap_or(OutputArg::Yaml) {
            OutputArg::Json => output::json_list(&vms),
            OutputArg::Name => output::names(&vms),
            OutputArg::Yaml | OutputArg::Wide => output::yaml_stream(&vms),
        };
        if let Err(status) = common::write_stdout(&text) {
            return status;
        }
    }
    common::finish(failed, vms.len())
}

/// Imports and generates; with `--interactive` on a terminal, unmapped networks and
/// datastores are asked for and saved to the mapping file first.
fn plan(global: &GlobalArgs, args: &ImportArgs) -> Result<(Vec<GeneratedVm>, usize), ExitStatus> {
    let path = match (&args.generate.map, args.interactive) {
        (Some(path), true) => path,
        _ => return common::plan(global, &args.generate),
    };
    let loaded = if path.exists() {
        Mapping::load(path)
    } else {
        // The assistant creates the file.
        Mapping::parse("", &path.display().to_string(), path.parent())
    };
    let mut mapping = loaded.map_err(|err| {
        eprintln!("error: {err}");
        ExitStatus::Failure
    })?;
    let (vms, failed) = common::import_all(global, &args.generate);
    let unmapped = mapping.unmapped(&vms);
    if !unmapped.is_empty() && interactive::can_prompt() {
        match interactive::assist(path, &unmapped) {
            Ok(Some(updated)) => mapping = updated,
            Ok(None) => {}
            Err(err) => {
                eprintln!("error: {err}");
                return Err(ExitStatus::Failure);
            }
        }
    }
    let options = args.generate.options_with(global, Some(mapping));
    common::plan_with(&vms, &options).map(|generated| (generated, failed))
}

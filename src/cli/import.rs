//! `kubectl vmmigrate import`: VM specs in, KubeVirt manifests out.

use super::common::{self, ExitStatus, GenerateArgs};
use super::interactive;
use super::{GlobalArgs, OutputArg};
use crate::generate::{GenerateError, GeneratedVm, Generator};

use crate::mapping::{Mapping, MappingError};
use crate::output::StreamSink;
use std::io::{BufWriter, Stdout};
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
    // Streaming reads the inputs twice when a mapping must be checked first; stdin cannot
    // be read twice, and the interactive assistant needs every VM before it asks.
    let reads_stdin = args.generate.paths.iter().any(|p| p.as_os_str() == "-");
    let collect = args.generate.map.is_some() && (args.interactive || reads_stdin);
    if !collect {
        return stream(global, &args);
    }
    let (vms, failed) = match plan(global, &args) {
        Ok(planned) => planned,
        Err(status) => return status,
    };
    common::print_warnings(&vms);
    let mut sink = match open_sink(global, &args) {
        Ok(sink) => sink,
        Err(status) => return status,
    };
    if let Err(err) = sink.write(&vms) {
        return write_failed(&args, err);
    }
    close_sink(&args, sink, failed, vms.len())
}

/// Imports, generates and writes one input file at a time, so memory stays flat however
/// many files there are: only the unique names, the shared objects already emitted and
/// (for `--output-dir`) the file names are kept between files. The output is byte for
/// byte what generating the whole run at once gives (the generator's run state carries
/// over), and a Namespace or NetworkAttachmentDefinition still comes with the first VM
/// that needs it, before that VM. With a mapping, a first pass checks every VM against it
/// (nothing is written when it does not cover them all, as before).
fn stream(global: &GlobalArgs, args: &ImportArgs) -> ExitStatus {
    let options = match args.generate.options(global) {
        Ok(options) => options,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitStatus::Failure;
        }
    };
    let mut errors_reported = false;
    if options.mapping.is_some() {
        if let Err(status) = check_mapping(global, args, &options) {
            return status;
        }
        errors_reported = true;
    }
    let mut sink = match open_sink(global, args) {
        Ok(sink) => sink,
        Err(status) => return status,
    };
    let mut generator = Generator::new(&options);
    let mut total = 0;
    let mut stopped = None;
    let mut bugs = 0;
    // With a mapping, the first pass already reported every file.
    let mut report = common::reporter(global, &args.generate);
    let on = |event: crate::plan::Event<'_>| {
        if !errors_reported {
            report(event)
        }
    };
    let failed = crate::plan::for_each_file(
        &args.generate.paths,
        &args.generate.image_search(),
        &args.generate.import_options(),
        on,
        |found: Vec<crate::model::VmSpec>| {
            let (vms, refused) = super::lint::admissible_only(generator.next_batch(&found));
            bugs += refused;
            drop(found);
            common::print_warnings(&vms);
            total += vms.len();
            match sink.write(&vms) {
                Ok(()) => true,
                Err(err) => {
                    stopped = Some(write_failed(args, err));
                    false
                }
            }
        },
    );
    if let Some(status) = stopped {
        return status;
    }
    close_sink(args, sink, failed + bugs, total)
}

/// The first pass of a mapping run: every VM checked against the mapping and generated
/// without keeping the objects, so that a mapping which does not cover the run fails
/// before anything is written. Import errors are reported here, once.
fn check_mapping(
    global: &GlobalArgs,
    args: &ImportArgs,
    options: &crate::generate::GenerateOptions,
) -> Result<(), ExitStatus> {
    let Some(mapping) = &options.mapping else {
        return Ok(());
    };
    let mut unmapped = Vec::new();
    let mut generator = Generator::new(options);
    crate::plan::for_each_file(
        &args.generate.paths,
        &args.generate.image_search(),
        &args.generate.import_options(),
        common::reporter(global, &args.generate),
        |found| {
            unmapped.extend(mapping.unmapped(&found));
            if unmapped.is_empty() {
                generator.next_batch(&found);
            }
            true
        },
    );
    let failure = if !unmapped.is_empty() {
        Some(GenerateError::from(MappingError::Unmapped {
            file: mapping.file.clone(),
            items: unmapped,
        }))
    } else if !generator.problems().is_empty() {
        Some(GenerateError::Rules {
            file: mapping.file.clone(),
            problems: generator.into_problems(),
        })
    } else {
        None
    };
    match failure {
        Some(err) => {
            eprintln!("error: {err}");
            Err(ExitStatus::Failure)
        }
        None => Ok(()),
    }
}

fn open_sink(
    global: &GlobalArgs,
    args: &ImportArgs,
) -> Result<StreamSink<BufWriter<Stdout>>, ExitStatus> {
    if let Some(dir) = &args.output_dir {
        return StreamSink::dir(dir).map_err(|err| write_failed(args, err));
    }
    let out = BufWriter::new(std::io::stdout());
    Ok(match global.output.unwrap_or(OutputArg::Yaml) {
        OutputArg::Json => StreamSink::Json { out, items: 0 },
        OutputArg::Name => StreamSink::Name { out },
        OutputArg::Yaml | OutputArg::Wide => StreamSink::Yaml { out, objects: 0 },
    })
}

fn close_sink(
    args: &ImportArgs,
    sink: StreamSink<BufWriter<Stdout>>,
    failed: usize,
    total: usize,
) -> ExitStatus {
    match sink.finish() {
        Ok(files) => {
            if let Some(dir) = &args.output_dir {
                eprintln!(
                    "wrote {} manifest file(s) and kustomization.yaml to {}",
                    files.len(),
                    dir.display()
                );
            }
            common::finish(failed, total)
        }
        Err(err) => write_failed(args, err),
    }
}

/// A closed pipe (`| head`) is not an error: we just stop.
fn write_failed(args: &ImportArgs, err: std::io::Error) -> ExitStatus {
    match &args.output_dir {
        Some(dir) => eprintln!("error: cannot write to {}: {err}", dir.display()),
        None if err.kind() == std::io::ErrorKind::BrokenPipe => return ExitStatus::Success,
        None => eprintln!("error: cannot write output: {err}"),
    }
    ExitStatus::Failure
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

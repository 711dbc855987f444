//! `kubectl vmmigrate import`: VM specs in, KubeVirt manifests out.

use super::common::{self, ExitStatus, GenerateArgs};
use super::interactive;
use super::{GlobalArgs, OutputArg};
use crate::generate::{GenerateError, GeneratedVm, Generator};
use crate::gitops::layout::{self, Overlay, Tool, VmFacts, Wiring};
use crate::gitops::seal::Outcome;

use crate::mapping::{Mapping, MappingError};
use crate::output::{Rendered, SinkFormat, StreamSink};
use crate::parallel::Turns;
use std::io::{BufWriter, Stdout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Write the VMs to DIR/base and a Kustomize overlay (patches only) to
    /// DIR/overlays/NAME (repeatable). Settings after a colon, comma-separated: namespace=NS,
    /// run-strategy=STRATEGY, storage-class=CLASS, instancetype=NAME, label.KEY=VALUE. An
    /// overlay file edited since import wrote it is never overwritten.
    #[arg(
        long = "overlay",
        value_name = "NAME[:KEY=VALUE,...]",
        requires = "output_dir"
    )]
    pub overlays: Vec<Overlay>,
    /// Also write, for each overlay, an Argo CD Application (DIR/argocd/) or a Flux
    /// Kustomization and GitRepository (DIR/flux/).
    #[arg(long, value_enum, requires_all = ["overlays", "repo_url"])]
    pub gitops: Option<GitopsArg>,
    /// Git repository URL the GitOps tool reads (with --gitops).
    #[arg(long, value_name = "URL", requires = "gitops")]
    pub repo_url: Option<String>,
    /// Path of --output-dir inside that repository (with --gitops).
    #[arg(
        long = "path",
        id = "repo_path",
        value_name = "PATH",
        default_value = ".",
        requires = "gitops"
    )]
    pub repo_path: String,
    /// Branch (Flux) or target revision (Argo CD) to deploy (with --gitops).
    #[arg(
        long,
        value_name = "REVISION",
        default_value = "main",
        requires = "gitops"
    )]
    pub revision: String,
    /// Prefix of the Application / Kustomization names, NAME-OVERLAY (with --gitops).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "vms",
        value_parser = parse_app_name,
        requires = "gitops"
    )]
    pub app_name: String,
}

/// The GitOps tools `--gitops` writes objects for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GitopsArg {
    Argocd,
    Flux,
}

/// `--app-name` becomes part of object names with the overlay's: a DNS label.
fn parse_app_name(text: &str) -> Result<String, String> {
    if crate::generate::naming::is_dns_label(text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "{text:?}: must be a DNS label (lower-case letters, digits, '-')"
        ))
    }
}

impl ImportArgs {
    /// Where the VM files go: DIR, or DIR/base with overlays.
    fn base_dir(&self) -> Option<PathBuf> {
        let dir = self.output_dir.as_ref()?;
        Some(if self.overlays.is_empty() {
            dir.clone()
        } else {
            dir.join("base")
        })
    }

    fn wiring(&self) -> Option<Wiring> {
        Some(Wiring {
            tool: match self.gitops? {
                GitopsArg::Argocd => Tool::ArgoCd,
                GitopsArg::Flux => Tool::Flux,
            },
            repo_url: self.repo_url.clone()?,
            path: self.repo_path.clone(),
            revision: self.revision.clone(),
            name: self.app_name.clone(),
        })
    }
}

pub fn run(global: &GlobalArgs, args: ImportArgs) -> ExitStatus {
    if matches!(global.output, Some(OutputArg::Wide | OutputArg::Plan)) {
        eprintln!("error: import supports -o yaml, json or name; use preview -o wide for a table");
        return ExitStatus::Usage;
    }
    let mut names: Vec<&str> = args.overlays.iter().map(|o| o.name.as_str()).collect();
    names.sort_unstable();
    if let Some(twice) = names.windows(2).find(|w| w[0] == w[1]) {
        eprintln!("error: --overlay {} is given twice", twice[0]);
        return ExitStatus::Usage;
    }
    // Streaming reads the inputs twice when a mapping must be checked first; stdin cannot
    // be read twice, and the interactive assistant needs every VM before it asks.
    let reads_stdin = args.generate.paths.iter().any(|p| p.as_os_str() == "-");
    // An --order-by (or a --where on the assessment) needs every VM before the first.
    let collect = (args.generate.map.is_some() && (args.interactive || reads_stdin))
        || args.generate.selection().needs_whole_run()
        || args.generate.plan.is_some();
    if args.interactive && args.generate.plan.is_some() {
        eprintln!("error: --interactive and --plan cannot be used together: write the mapping first, then the plan");
        return ExitStatus::Usage;
    }
    if !collect {
        return stream(global, &args);
    }
    let (vms, failed) = match plan(global, &args) {
        Ok(planned) => planned,
        Err(status) => return status,
    };
    common::print_warnings(&vms, args.generate.warnings_mode(global));
    let mut sink = match open_sink(global, &args) {
        Ok(sink) => sink,
        Err(status) => return status,
    };
    if let Err(err) = sink.write(&vms) {
        return write_failed(&args, err);
    }
    let facts = facts_of(&args, &vms);
    close_sink(&args, sink, failed, vms.len(), &facts)
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
    let sink = match open_sink(global, args) {
        Ok(sink) => sink,
        Err(status) => return status,
    };
    let format = sink.format();
    let mut out = Output {
        args,
        warnings: common::WarningPrinter::new(args.generate.warnings_mode(global)),
        sink,
        total: 0,
        bugs: 0,
        facts: Vec::new(),
        stopped: None,
    };
    let turns = Turns::new(InOrder {
        generator: Generator::new(&options),
        selection: args.generate.selection(),
        mapping: options.mapping.as_ref(),
        describe: common::describer(global, &args.generate),
        errors_reported,
        taken: 0,
        read: 0,
        failed: 0,
        enough: false,
    });
    // Once --limit VMs are taken, the files after need not be read.
    let enough = AtomicBool::new(false);
    // Each job of a few files is read, parsed, generated, checked and rendered on one thread
    // (a folder's files are written there too), and only the rendered bytes come back here
    // to be written in order: moving each VM from thread to thread between the steps cost
    // more CPU than it saved. Generating takes turns in input order (`Turns`): the generator
    // holds the run's unique names and shared objects. What is said about a file comes back
    // in its place among the VMs, so stderr is the same bytes on every thread count.
    crate::import::for_each_job(
        &args.generate.paths,
        &args.generate.image_search(),
        &args.generate.import_options(),
        |job| {
            let ticket = turns.ticket(job.number);
            let outcomes = if enough.load(Ordering::Relaxed) {
                Vec::new()
            } else {
                job.read()
            };
            let (said, last) = ticket.step(|in_order| {
                let said = in_order.take(outcomes);
                if in_order.enough {
                    enough.store(true, Ordering::Relaxed);
                }
                (said, in_order.enough)
            });
            let done: Vec<Done> = said
                .into_iter()
                .map(|said| match said {
                    Said::Vm(vm) => Done::Vm(Box::new(Checked::new(*vm, &format, args))),
                    Said::Text(text) => Done::Say(text),
                })
                .collect();
            (done, last)
        },
        // Not `enough` itself: a later job may have set it before this one is written.
        |(done, last): (Vec<Done>, bool)| done.into_iter().all(|done| out.take(done)) && !last,
    );
    out.warnings.finish();
    if let Some(status) = out.stopped {
        return status;
    }
    let in_order = turns.into_state();
    common::note_unselected(in_order.read, out.total);
    close_sink(
        args,
        out.sink,
        in_order.failed + out.bugs,
        out.total,
        &out.facts,
    )
}

/// What a streamed import does in input order, one job at a time (see [`Turns`]): what is
/// said about each file, the selection, and the generator with the run's unique names.
struct InOrder<'a, D> {
    generator: Generator<'a>,
    selection: crate::query::Selection,
    mapping: Option<&'a Mapping>,
    describe: D,
    /// With a mapping, the first pass already reported every file.
    errors_reported: bool,
    /// VMs taken by the selection, and read, so far.
    taken: usize,
    read: usize,
    /// Inputs that could not be imported.
    failed: usize,
    /// --limit VMs are taken: nothing more is.
    enough: bool,
}

/// A VM generated, or what to say about a file, in the order they come. Boxed: a VM is
/// large beside a line of text.
enum Said {
    Vm(Box<GeneratedVm>),
    Text(String),
}

impl<D: FnMut(crate::plan::Event) -> String> InOrder<'_, D> {
    /// The next job's files: what is said about each, and its VMs generated.
    fn take(&mut self, outcomes: Vec<crate::import::FileOutcome>) -> Vec<Said> {
        let mut said = Vec::new();
        for outcome in outcomes {
            if self.enough {
                break;
            }
            let text = (self.describe)(crate::plan::event(&outcome));
            if !self.errors_reported && !text.is_empty() {
                said.push(Said::Text(text));
            }
            let found = match outcome.result {
                Ok(found) => found,
                Err(_) => {
                    self.failed += 1;
                    continue;
                }
            };
            self.read += found.len();
            let mapping = self.mapping;
            let found = self.selection.apply_batch(
                found,
                |vm| common::requested_name(vm, mapping),
                &mut self.taken,
            );
            let generated = self.generator.next_owned(found);
            said.extend(generated.into_iter().map(|vm| Said::Vm(Box::new(vm))));
            self.enough = self
                .selection
                .limit
                .is_some_and(|limit| self.taken >= limit);
        }
        said
    }
}

/// What comes back from a job: a VM checked and rendered, or what to say about a file.
/// Boxed: a VM is large beside a line of text.
enum Done {
    Vm(Box<Checked>),
    Say(String),
}

/// A generated VM after the self-check (`lint::check_generated`), rendered for the sink
/// (for a folder, written to its file) when it passed, with what the writing end needs of
/// it. Made on the thread that generated the VM, which also drops the VM's objects.
struct Checked {
    name: String,
    warnings: Vec<String>,
    /// Why KubeVirt or CDI would refuse the objects (a plugin bug); empty when they pass.
    problems: Vec<String>,
    rendered: Option<Rendered>,
    facts: Vec<VmFacts>,
}

impl Checked {
    fn new(vm: GeneratedVm, format: &SinkFormat, args: &ImportArgs) -> Self {
        let facts = facts_of(args, std::slice::from_ref(&vm));
        let (problems, rendered) = if matches!(format, SinkFormat::Dir(_)) {
            // Rendering writes the VM's file: only once the objects passed.
            let problems = crate::lint::check_generated(&vm.objects);
            let rendered = problems
                .is_empty()
                .then(|| crate::output::render(format, &vm));
            (problems, rendered)
        } else {
            // Rendered first, the objects are then checked without a copy of the VM's
            // template (`check_generated_owned`); the text is dropped if they fail.
            let rendered = crate::output::render(format, &vm);
            let problems = crate::lint::check_generated_owned(vm.objects);
            let rendered = problems.is_empty().then_some(rendered);
            (problems, rendered)
        };
        Checked {
            name: vm.name,
            warnings: vm.warnings,
            problems,
            rendered,
            facts,
        }
    }
}

/// The writing end of a streamed import: VMs in the order read, checked and rendered.
/// Between VMs it keeps only counts, the warnings tally and (with overlays) each VM's facts.
struct Output<'a> {
    args: &'a ImportArgs,
    warnings: common::WarningPrinter,
    sink: StreamSink<BufWriter<Stdout>>,
    total: usize,
    /// VMs whose generated objects failed the self-check.
    bugs: usize,
    facts: Vec<VmFacts>,
    /// Writing failed: the exit status to stop with.
    stopped: Option<ExitStatus>,
}

impl Output<'_> {
    /// Writes one VM, or reports it refused, or says what was said about a file; false
    /// once writing failed.
    fn take(&mut self, done: Done) -> bool {
        let checked = match done {
            Done::Vm(checked) => checked,
            Done::Say(text) => {
                eprint!("{text}");
                return true;
            }
        };
        let Checked {
            name,
            warnings,
            problems,
            rendered,
            facts,
        } = *checked;
        let Some(rendered) = rendered else {
            self.bugs += 1;
            super::lint::report_refused(&name, &problems);
            return true;
        };
        self.warnings.add_one(&name, &warnings);
        self.total += 1;
        self.facts.extend(facts);
        match self.sink.write_rendered(rendered) {
            Ok(()) => true,
            Err(err) => {
                self.stopped = Some(write_failed(self.args, err));
                false
            }
        }
    }
}

/// What the overlays need of these VMs (nothing without `--overlay`).
fn facts_of(args: &ImportArgs, vms: &[GeneratedVm]) -> Vec<VmFacts> {
    if args.overlays.is_empty() {
        return Vec::new();
    }
    vms.iter()
        .flat_map(|vm| layout::vm_facts(&vm.objects))
        .collect()
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
    let selection = args.generate.selection();
    let mut taken = 0;
    crate::plan::for_each_file(
        &args.generate.paths,
        &args.generate.image_search(),
        &args.generate.import_options(),
        common::reporter(global, &args.generate),
        |found| {
            let found = selection.apply_batch(
                found,
                |vm| common::requested_name(vm, Some(mapping)),
                &mut taken,
            );
            unmapped.extend(mapping.unmapped(&found));
            if unmapped.is_empty() {
                generator.next_owned(found);
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
    if let Some(dir) = args.base_dir() {
        return StreamSink::dir(&dir).map_err(|err| write_failed(args, err));
    }
    // As large as `cat` writes: thousands of VMs are megabytes, and 8 KiB writes made the
    // system calls a visible share of writing them to a file.
    let out = BufWriter::with_capacity(128 * 1024, std::io::stdout());
    Ok(match global.output.unwrap_or(OutputArg::Yaml) {
        OutputArg::Json => StreamSink::Json { out, items: 0 },
        OutputArg::Name => StreamSink::Name { out },
        OutputArg::Yaml | OutputArg::Wide | OutputArg::Plan => StreamSink::Yaml { out, objects: 0 },
    })
}

fn close_sink(
    args: &ImportArgs,
    sink: StreamSink<BufWriter<Stdout>>,
    failed: usize,
    total: usize,
    facts: &[VmFacts],
) -> ExitStatus {
    match sink.finish() {
        Ok(files) => {
            if let Some(dir) = args.base_dir() {
                eprintln!(
                    "wrote {} manifest file(s) and kustomization.yaml to {}",
                    files.len(),
                    dir.display()
                );
            }
            if let Err(err) = write_overlays(args, facts) {
                return write_failed(args, err);
            }
            common::finish(failed, total)
        }
        Err(err) => write_failed(args, err),
    }
}

/// The overlays and wiring, after the base; says on stderr what changed and what was kept.
fn write_overlays(args: &ImportArgs, facts: &[VmFacts]) -> std::io::Result<()> {
    let Some(dir) = args
        .output_dir
        .as_ref()
        .filter(|_| !args.overlays.is_empty())
    else {
        return Ok(());
    };
    let written = layout::write(dir, &args.overlays, facts, args.wiring().as_ref())?;
    let count = |o: Outcome| written.iter().filter(|w| w.outcome == o).count();
    for w in written.iter().filter(|w| w.outcome == Outcome::KeptEdited) {
        eprintln!(
            "{}: edited since import wrote it; left as it is (delete it to have it written again)",
            dir.join(&w.path).display()
        );
    }
    eprintln!(
        "overlays {} in {}: {} file(s) created, {} updated, {} unchanged, {} kept as edited",
        args.overlays
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        dir.display(),
        count(Outcome::Created),
        count(Outcome::Updated),
        count(Outcome::Unchanged),
        count(Outcome::KeptEdited),
    );
    Ok(())
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

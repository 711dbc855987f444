//! `kubectl vmmigrate lint PATH...`: would KubeVirt and CDI admit these manifests? An offline
//! admission check (schema, then webhooks; see [`crate::lint`]) for any repository of KubeVirt
//! manifests, e.g. `kubectl kustomize overlays/prod | kubectl vmmigrate lint -`.
//!
//! Problems go to stdout, one per line (`file:line: Kind/name: field: message`) or as JSON
//! with `-o json`; the count to stderr. Exit 1 when anything would be refused (or a file
//! cannot be read or parsed), 0 when clean, 2 on a usage error.

use super::common::{self, ExitStatus};
use super::{GlobalArgs, OutputArg};
use crate::files::{self, MAX_FILE_BYTES};
use crate::generate::GeneratedVm;
use crate::lint::{self, input, Settings, Stage};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  # Every manifest under a folder\n  kubectl vmmigrate lint manifests/\n\n  # A Kustomize overlay, as Argo CD or Flux would render it\n  kubectl kustomize overlays/prod | kubectl vmmigrate lint -\n\n  # For a cluster with extra feature gates enabled, as JSON\n  kubectl vmmigrate lint vms/ --feature-gates HostDisk,Sidecar -o json"
)]
pub struct LintArgs {
    /// Manifest files or folders (searched recursively for .yaml, .yml, .json); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Feature gates the cluster enables beyond KubeVirt's defaults (the KubeVirt CR's
    /// developerConfiguration.featureGates), comma-separated.
    #[arg(long, value_name = "GATE,...", value_delimiter = ',')]
    pub feature_gates: Vec<String>,
    /// Beta feature gates the cluster disables (developerConfiguration.disabledFeatureGates).
    #[arg(long, value_name = "GATE,...", value_delimiter = ',')]
    pub disabled_feature_gates: Vec<String>,
    /// Architecture of VMs that do not set one (the cluster's default architecture).
    #[arg(long, value_name = "ARCH", default_value = "amd64", value_parser = clap::builder::PossibleValuesParser::new(lint::ARCHITECTURES))]
    pub default_architecture: String,
    /// The cluster's vmRolloutStrategy.
    #[arg(
        long,
        value_enum,
        value_name = "STRATEGY",
        default_value = "live-update"
    )]
    pub vm_rollout_strategy: RolloutArg,
}

/// Values of `--vm-rollout-strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RolloutArg {
    LiveUpdate,
    Stage,
}

/// One input file's objects (or why it could not be used).
struct Source {
    name: String,
    objects: Vec<input::Object>,
    errors: Vec<String>,
}

fn read_source(path: &Path) -> Source {
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = if path == Path::new("-") {
        files::read_stdin_limited(MAX_FILE_BYTES)
    } else {
        files::read_limited(path, MAX_FILE_BYTES)
    };
    let text = match bytes.map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => return failed(name, "not UTF-8 text".into()),
        Err(e) => return failed(name, e.to_string()),
    };
    let (objects, errors) = input::parse(&text);
    Source {
        errors: errors
            .iter()
            .map(|e| format!("{name}:{}: cannot parse YAML: {}", e.line, e.message))
            .collect(),
        name,
        objects,
    }
}

fn failed(name: String, why: String) -> Source {
    Source {
        errors: vec![format!("{name}: {why}")],
        name,
        objects: Vec::new(),
    }
}

/// Every file named, folders expanded (sorted, as the importers walk them).
fn sources(paths: &[PathBuf]) -> Vec<Source> {
    let mut out = Vec::new();
    for path in paths {
        if path != Path::new("-") && files::is_dir(path) {
            match files::walk(path, &files::manifest::is_yaml_or_json) {
                Ok(found) => out.extend(found.iter().map(|p| read_source(p))),
                Err(e) => out.push(failed(path.display().to_string(), e.to_string())),
            }
        } else if path != Path::new("-") && !path.exists() {
            out.push(failed(
                path.display().to_string(),
                "the path does not exist".into(),
            ));
        } else {
            out.push(read_source(path));
        }
    }
    out
}

pub fn run(global: &GlobalArgs, args: LintArgs) -> ExitStatus {
    if matches!(
        global.output,
        Some(OutputArg::Yaml | OutputArg::Name | OutputArg::Wide)
    ) {
        eprintln!("error: lint prints text or JSON: use -o json or no -o");
        return ExitStatus::Usage;
    }
    let settings = Settings {
        feature_gates: args.feature_gates,
        disabled_feature_gates: args.disabled_feature_gates,
        default_architecture: args.default_architecture,
        live_update: args.vm_rollout_strategy == RolloutArg::LiveUpdate,
        ..Settings::default()
    };
    let sources = sources(&args.paths);
    // One run over all objects: instancetypes defined in one file serve VMs in another.
    let all: Vec<(&Source, &input::Object)> = sources
        .iter()
        .flat_map(|s| s.objects.iter().map(move |o| (s, o)))
        .collect();
    let values: Vec<Value> = all.iter().map(|(_, o)| o.value.clone()).collect();
    let findings = lint::lint(&values, &settings);
    let checked = values.iter().filter(|v| lint::is_checked(v)).count();
    let errors: Vec<&String> = sources.iter().flat_map(|s| &s.errors).collect();

    let rows: Vec<Value> = findings
        .iter()
        .filter_map(|f| {
            let (source, obj) = all.get(f.index)?;
            let v = &obj.value;
            let md = v.get("metadata").unwrap_or(&Value::Null);
            Some(json!({
                "file": source.name,
                "line": obj.line_of(&f.problem.path),
                "apiVersion": v.get("apiVersion"),
                "kind": v.get("kind"),
                "namespace": md.get("namespace"),
                "name": md.get("name"),
                "stage": f.stage,
                "field": f.problem.path,
                "message": f.problem.message,
            }))
        })
        .collect();
    let text = if global.output == Some(OutputArg::Json) {
        let doc = json!({"objects": checked, "problems": rows, "errors": errors});
        format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )
    } else {
        rows.iter().map(render_row).collect()
    };
    for e in &errors {
        eprintln!("error: {}", crate::import::text::printable(e));
    }
    if let Err(status) = common::write_stdout(&text) {
        return status;
    }
    let refused: std::collections::BTreeSet<usize> = findings.iter().map(|f| f.index).collect();
    eprintln!(
        "{} problem(s) in {} of {checked} KubeVirt/CDI object(s) ({} schema, {} admission)",
        findings.len(),
        refused.len(),
        findings.iter().filter(|f| f.stage == Stage::Schema).count(),
        findings
            .iter()
            .filter(|f| f.stage == Stage::Admission)
            .count(),
    );
    if findings.is_empty() && errors.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}

fn render_row(row: &Value) -> String {
    let s = |k: &str| row.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let ns = s("namespace");
    let object = if ns.is_empty() {
        format!("{}/{}", s("kind"), s("name"))
    } else {
        format!("{}/{} -n {ns}", s("kind"), s("name"))
    };
    let field = s("field");
    let problem = if field.is_empty() {
        s("message")
    } else {
        format!("{field}: {}", s("message"))
    };
    // Names and values come from the input: never let them drive the terminal.
    let line = format!(
        "{}:{}: {object}: {problem}",
        s("file"),
        row.get("line").and_then(Value::as_u64).unwrap_or(0)
    );
    format!("{}\n", crate::import::text::printable(&line))
}

/// The plugin checks itself (issue 23.4): `import`, `preview` and `apply` keep only the VMs
/// whose generated objects KubeVirt and CDI would admit. A refused VM is a plugin bug: it is
/// reported with its name and never output. Returns the admitted VMs and how many were not.
///
/// The check reads each VM's objects alone, so it runs on every core
/// (`crate::parallel::ordered_map`): it is a large part of an import's CPU (its schema walk
/// is among the top symbols in `perf`), and run serially it held a streamed import to one core.
pub(super) fn admissible_only(vms: Vec<GeneratedVm>) -> (Vec<GeneratedVm>, usize) {
    let mut verdicts = Vec::with_capacity(vms.len());
    crate::parallel::ordered_map(
        &vms,
        crate::parallel::threads(),
        CHECK_WINDOW,
        |vm| lint::check_generated(&vm.objects),
        |problems| {
            verdicts.push(problems);
            true
        },
    );
    let mut refused = 0;
    let kept = vms
        .into_iter()
        .zip(verdicts)
        .filter(|(vm, problems)| {
            if problems.is_empty() {
                return true;
            }
            refused += 1;
            report_refused(&vm.name, problems);
            false
        })
        .map(|(vm, _)| vm)
        .collect();
    (kept, refused)
}

/// Says on stderr that the self-check refused a VM's objects (a plugin bug) and why.
pub(super) fn report_refused(vm: &str, problems: &[String]) {
    eprintln!(
        "error: BUG: the objects generated for VM {vm:?} would be refused by KubeVirt/CDI, \
         so they are not output: {}; please report this at {}/issues with the source file",
        crate::import::text::printable(&problems.join("; ")),
        env!("CARGO_PKG_REPOSITORY")
    );
}

/// VMs checked ahead of the one handed on (the batch is in memory already: this only bounds
/// the verdicts waiting).
const CHECK_WINDOW: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};
    use crate::import::{parse, SourceFile};

    #[test]
    fn a_generated_vm_that_would_be_refused_is_dropped_and_counted() {
        let vmx = "displayName = \"web\"\nmemSize = \"1024\"\nnumvcpus = \"2\"\n";
        let specs = parse(&SourceFile::from_bytes("web.vmx", vmx)).expect("vmx parses");
        let mut vms = generate(&specs, &GenerateOptions::default());
        vms.extend(generate(&specs, &GenerateOptions::default()));
        let (kept, refused) = admissible_only(vms.clone());
        assert_eq!((kept.len(), refused), (2, 0));
        // The second VM gets a field the VirtualMachine schema does not declare.
        let bad = vms[1]
            .objects
            .iter_mut()
            .find(|o| o["kind"] == "VirtualMachine")
            .expect("a VirtualMachine");
        bad["spec"]["template"]["spec"]["domain"]["bogus"] = serde_json::json!(1);
        let (kept, refused) = admissible_only(vms);
        assert_eq!((kept.len(), refused), (1, 1));
    }
}

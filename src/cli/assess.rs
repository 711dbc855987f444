//! `kubectl vmmigrate assess`: per-VM migration readiness, with every concern by stable id.

use super::common::{self, ExitStatus, GenerateArgs};
use super::{GlobalArgs, OutputArg};
use crate::assess::{self, Report};
use crate::output::{self, table, yaml};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 1 when any VM has a Critical concern (unless --allow-critical) or an input could not be read.\n\nExamples:\n  # Readiness table and concerns for every spec in a folder\n  kubectl vmmigrate assess exports/\n\n  # The same data for a pipeline\n  kubectl vmmigrate assess exports/ -o json | jq '.vms[] | select(.status == \"Blocked\") | .name'"
)]
pub struct AssessArgs {
    #[command(flatten)]
    pub generate: GenerateArgs,
    /// Exit 0 even when a VM has a Critical concern (the report is the same).
    #[arg(long)]
    pub allow_critical: bool,
    /// Also judge each VM as the golden VM of a pool (`pool create`): what replicas cannot
    /// share (host devices, host disks, a fixed IP in cloud-init) is Critical.
    #[arg(long)]
    pub as_pool: bool,
}

pub fn run(global: &GlobalArgs, args: AssessArgs) -> ExitStatus {
    if global.output == Some(OutputArg::Plan) {
        eprintln!("error: -o plan is preview's; assess supports -o yaml, json, name or wide");
        return ExitStatus::Usage;
    }
    let options = match args.generate.options(global) {
        Ok(options) => options,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitStatus::Failure;
        }
    };
    // Lenient: gaps in the mapping are concerns here, not a failure.
    let (vms, failed, wave) = match common::read_selected(global, &args.generate, &options) {
        Ok(read) => read,
        Err(status) => return status,
    };
    let mut generated = crate::generate::generate(&vms, &options);
    if let Err(status) = common::apply_plan(wave.as_ref(), &mut generated) {
        return status;
    }
    let findings = options
        .mapping
        .as_ref()
        .map(|mapping| assess::mapping_findings(mapping, &vms, &generated))
        .unwrap_or_default();
    let mut assessed = assess::assess(&vms, &generated, &findings);
    if args.as_pool {
        assess::pool::add_pool_concerns(&mut assessed, &vms, &generated);
    }
    let report = assess::report(assessed);
    let text = match global.output {
        Some(OutputArg::Json) => {
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
            text.push('\n');
            text
        }
        Some(OutputArg::Yaml) => yaml::to_yaml(&serde_json::to_value(&report).unwrap_or_default()),
        Some(OutputArg::Name) => output::names(&generated),
        Some(OutputArg::Wide | OutputArg::Plan) => render(&report, true),
        None => render(&report, false),
    };
    if let Err(status) = common::write_stdout(&text) {
        return status;
    }
    let status = common::finish(failed, vms.len());
    if status != ExitStatus::Success {
        return status;
    }
    if report.summary.blocked > 0 && !args.allow_critical {
        eprintln!(
            "error: {} of {} VM(s) blocked by Critical concerns; fix them, or pass --allow-critical to accept them",
            report.summary.blocked, report.summary.vms
        );
        return ExitStatus::Failure;
    }
    ExitStatus::Success
}

/// The readiness table, then every concern in a second table.
pub fn render(report: &Report, wide: bool) -> String {
    let mut headers = vec!["name", "source", "status", "critical", "warning", "info"];
    if wide {
        headers.extend(["source-name", "file"]);
    }
    let rows: Vec<Vec<String>> = report
        .vms
        .iter()
        .map(|vm| {
            let mut row = vec![
                vm.name.clone(),
                vm.source.format.to_string(),
                vm.status.as_str().to_string(),
                vm.counts.critical.to_string(),
                vm.counts.warning.to_string(),
                vm.counts.information.to_string(),
            ];
            if wide {
                row.push(vm.source_name.clone());
                row.push(vm.source.file.clone());
            }
            row
        })
        .collect();
    let mut out = table::render(&headers, &rows);
    let concerns: Vec<Vec<String>> = report
        .vms
        .iter()
        .flat_map(|vm| {
            vm.concerns.iter().map(move |c| {
                vec![
                    c.id.to_string(),
                    c.category.as_str().to_string(),
                    vm.name.clone(),
                    match &c.subject {
                        Some(subject) => format!("{subject}: {}", c.message),
                        None => c.message.clone(),
                    },
                ]
            })
        })
        .collect();
    if !concerns.is_empty() {
        out.push_str("\nConcerns:\n");
        out.push_str(&table::render(
            &["id", "category", "vm", "message"],
            &concerns,
        ));
    }
    out
}

//! `kubectl vmmigrate preview`: a reviewable summary of what would be created.

use super::common::{self, ExitStatus, GenerateArgs};
use super::{GlobalArgs, OutputArg};
use crate::assess::{self, VmAssessment};
use crate::generate::summary::summarize;
use crate::generate::{quantity, GeneratedVm};
use crate::model::{FirmwareKind, VmSpec};
use crate::output::warnings::WarningsMode;
use crate::output::{self, table};
use crate::query::fields::{Field, Subject};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  # Summary table and warnings for every spec in a folder\n  kubectl vmmigrate preview exports/\n\n  # More columns: topology, disk sizes, networks\n  kubectl vmmigrate preview exports/ -o wide\n\n  # The exact objects, as YAML\n  kubectl vmmigrate preview web01.vmx -o yaml"
)]
pub struct PreviewArgs {
    #[command(flatten)]
    pub generate: GenerateArgs,
    /// Print the plan's totals (vCPUs, memory, disk per storage class, VMs per namespace)
    /// under the table, or alone as JSON with -o json.
    #[arg(long)]
    pub summary: bool,
    /// Diff the objects against the live cluster (exit 1 when something differs, like
    /// kubectl diff); honours KUBECTL_EXTERNAL_DIFF.
    #[arg(long, conflicts_with = "summary")]
    pub diff: bool,
    /// With --diff: fail when a preflight check cannot be made for lack of read rights
    /// instead of warning and going on.
    #[arg(long, requires = "diff")]
    pub strict_preflight: bool,
    /// The table's columns, chosen among the --where fields (e.g. name,cpus,memory,networks,
    /// status); with the default or -o wide output.
    #[arg(long, value_name = "FIELD,...", value_delimiter = ',', value_parser = parse_column)]
    pub columns: Vec<Field>,
}

fn parse_column(text: &str) -> Result<Field, String> {
    Field::lookup(text.trim()).ok_or_else(|| {
        let names: Vec<&str> = crate::query::fields::ALL.iter().map(|f| f.name()).collect();
        format!("unknown field '{text}'; fields: {}", names.join(", "))
    })
}

pub fn run(global: &GlobalArgs, mut args: PreviewArgs) -> ExitStatus {
    if args.diff {
        return super::apply::run_diff(global, &mut args.generate, args.strict_preflight);
    }
    let (vms, failed) = match common::plan(global, &args.generate) {
        Ok(planned) => planned,
        Err(status) => return status,
    };
    // Preview shows what would be applied, never the user's secret data.
    let vms = output::mask_secrets(&vms);
    if args.summary && global.output == Some(OutputArg::Json) {
        let totals = summarize(&vms);
        let mut text = serde_json::to_string_pretty(&totals).unwrap_or_default();
        text.push('\n');
        if let Err(status) = common::write_stdout(&text) {
            return status;
        }
        return common::finish(failed, vms.len());
    }
    let mut text = match global.output {
        Some(OutputArg::Yaml) => output::yaml_stream(&vms),
        Some(OutputArg::Json) => output::json_list(&vms),
        Some(OutputArg::Name) => output::names(&vms),
        Some(OutputArg::Wide) | None if !args.columns.is_empty() => columns(&vms, &args.columns),
        Some(OutputArg::Wide) => summary(&vms, true, args.generate.warnings_mode(global)),
        Some(OutputArg::Plan) => crate::waveplan::write(&vms),
        None => summary(&vms, false, args.generate.warnings_mode(global)),
    };
    if args.summary && matches!(global.output, None | Some(OutputArg::Wide)) {
        text.push('\n');
        text.push_str(&summarize(&vms).render());
    }
    if global.output.is_some_and(|o| o != OutputArg::Wide) {
        common::print_warnings(&vms, args.generate.warnings_mode(global));
    }
    if let Err(status) = common::write_stdout(&text) {
        return status;
    }
    common::finish(failed, vms.len())
}

/// The summary table followed by each VM's warnings (one line per kind when many VMs have
/// some: `--warnings`).
fn summary(vms: &[GeneratedVm], wide: bool, warnings: WarningsMode) -> String {
    let mut headers = vec![
        "name", "source", "cpu", "memory", "disks", "nics", "firmware", "warnings", "concerns",
    ];
    if wide {
        headers.extend(["topology", "disk-size", "networks", "file"]);
    }
    let specs: Vec<VmSpec> = vms.iter().map(|vm| vm.spec.clone()).collect();
    let assessments = assess::assess(&specs, vms, &[]);
    let rows: Vec<Vec<String>> = vms
        .iter()
        .zip(&assessments)
        .map(|(vm, assessment)| {
            let mut cells = row(vm, wide);
            cells.insert(8, concerns_cell(assessment));
            cells
        })
        .collect();
    let mut out = table::render(&headers, &rows);
    let with_warnings: Vec<&GeneratedVm> =
        vms.iter().filter(|vm| !vm.warnings.is_empty()).collect();
    if warnings.groups(with_warnings.len()) {
        out.push_str("\nWarnings:\n");
        out.push_str(&common::grouped_warnings(vms, "  "));
    } else if !with_warnings.is_empty() {
        out.push_str("\nWarnings:\n");
        for vm in with_warnings {
            for warning in &vm.warnings {
                out.push_str(&format!("  {}: {warning}\n", vm.name));
            }
        }
    }
    out
}

/// A table of the chosen fields, one row per VM, read as `--where` reads them.
fn columns(vms: &[GeneratedVm], fields: &[Field]) -> String {
    let headers: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    let specs: Vec<VmSpec> = vms.iter().map(|vm| vm.spec.clone()).collect();
    let assessments = assess::assess(&specs, vms, &[]);
    let rows: Vec<Vec<String>> = vms
        .iter()
        .zip(&assessments)
        .map(|(vm, assessment)| {
            let subject = Subject {
                spec: &vm.spec,
                name: &vm.name,
                assessment: Some(assessment),
            };
            fields.iter().map(|f| f.value(&subject).display()).collect()
        })
        .collect();
    table::render(&headers, &rows)
}

/// `3`, or `3 (1 critical)` when some block the migration (`kubectl vmmigrate assess` lists them).
fn concerns_cell(assessment: &VmAssessment) -> String {
    let counts = assessment.counts;
    if counts.critical > 0 {
        format!("{} ({} critical)", counts.total(), counts.critical)
    } else {
        counts.total().to_string()
    }
}

fn row(vm: &GeneratedVm, wide: bool) -> Vec<String> {
    let spec = &vm.spec;
    let file = spec
        .source
        .file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let mut firmware = match spec.firmware.kind {
        FirmwareKind::Bios => "bios".to_string(),
        FirmwareKind::Uefi if spec.firmware.secure_boot => "efi+secureboot".to_string(),
        FirmwareKind::Uefi => "efi".to_string(),
    };
    if spec.tpm.is_some() {
        firmware.push_str("+tpm");
    }
    let memory = if spec.memory.bytes == 0 {
        "<unknown>".to_string()
    } else {
        quantity(spec.memory.bytes)
    };
    let mut cells = vec![
        vm.name.clone(),
        spec.source.format.to_string(),
        // `None` only for a hand-built spec: the importers refuse an overflowing topology.
        spec.cpu
            .vcpus()
            .map_or_else(|| "<overflow>".to_string(), |n| n.to_string()),
        memory,
        format!(
            "{}{}",
            spec.disks.len(),
            if spec.cdroms.is_empty() {
                String::new()
            } else {
                format!("+{}cd", spec.cdroms.len())
            }
        ),
        spec.nics.len().to_string(),
        firmware,
        vm.warnings.len().to_string(),
    ];
    if wide {
        let known: u64 = spec
            .disks
            .iter()
            .filter_map(|d| d.capacity_bytes)
            .fold(0u64, u64::saturating_add);
        let unknown = spec
            .disks
            .iter()
            .filter(|d| d.capacity_bytes.is_none())
            .count();
        let size = match (known, unknown) {
            (_, 0) => quantity(known),
            (0, n) => format!("{n} unknown"),
            (k, n) => format!("{}+{n} unknown", quantity(k)),
        };
        let networks: Vec<&str> = spec
            .nics
            .iter()
            .map(|n| n.network.as_deref().unwrap_or("-"))
            .collect();
        cells.push(format!(
            "{}s/{}c/{}t",
            spec.cpu.sockets, spec.cpu.cores, spec.cpu.threads
        ));
        cells.push(size);
        cells.push(if networks.is_empty() {
            "<none>".into()
        } else {
            networks.join(",")
        });
        cells.push(file.to_string());
    }
    cells
}

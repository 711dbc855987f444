//! Migration readiness: judges each VM of a run against the catalogue of concerns
//! (`catalogue.rs`) and says whether it is Ready, has Warnings, or is Blocked.
//!
//! Pure functions over the model and the generator's result: assess never reads files nor
//! talks to a cluster. Per-VM rules look at one `VmSpec` (and the name the generator gave
//! it); cross-input rules (duplicated MACs) look at the whole run; concerns that depend on
//! a mapping file arrive as [`MappingFinding`]s from whoever reads that file.

pub mod catalogue;
pub mod pool;
mod rules;

use crate::generate::GeneratedVm;
use crate::model::{SourceFormat, VmSpec};
pub use catalogue::{Category, ConcernId, ConcernKind, CATALOGUE};
use serde::Serialize;

/// `apiVersion` of the structured report (`-o json|yaml`).
pub const REPORT_API_VERSION: &str = "vmmigrate.io/v1alpha1";
/// `kind` of the structured report.
pub const REPORT_KIND: &str = "AssessmentReport";

/// One thing about a VM that a reviewer must know before migrating it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Concern {
    /// Stable id from the catalogue.
    pub id: ConcernId,
    pub category: Category,
    /// The disk, NIC, device or network concerned, by the source's own id; `None` for the
    /// whole VM.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub message: String,
}

impl Concern {
    /// A concern of catalogue id `id`, with the id's category.
    fn new(id: ConcernId, subject: Option<String>, message: String) -> Self {
        Concern {
            id,
            category: id.category(),
            subject,
            message,
        }
    }
}

/// Overall readiness of a VM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Status {
    /// No Critical or Warning concern (Information only, or nothing).
    Ready,
    /// At least one Warning, no Critical.
    Warnings,
    /// At least one Critical concern.
    Blocked,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ready => "Ready",
            Status::Warnings => "Warnings",
            Status::Blocked => "Blocked",
        }
    }
}

/// Where the VM came from, in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceInfo {
    pub format: SourceFormat,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

/// Concern counts per category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub critical: usize,
    pub warning: usize,
    pub information: usize,
}

impl Counts {
    fn of(concerns: &[Concern]) -> Counts {
        let mut counts = Counts::default();
        for concern in concerns {
            match concern.category {
                Category::Critical => counts.critical += 1,
                Category::Warning => counts.warning += 1,
                Category::Information => counts.information += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.critical + self.warning + self.information
    }
}

/// The verdict on one VM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VmAssessment {
    /// The Kubernetes name the generator chose.
    pub name: String,
    /// The source's own name, exactly.
    pub source_name: String,
    pub source: SourceInfo,
    pub status: Status,
    pub counts: Counts,
    /// Most severe first, then in catalogue order.
    pub concerns: Vec<Concern>,
    /// The conversion's warnings for this VM, every one (the terminal groups them by kind
    /// at scale; this is where scripts find each).
    pub warnings: Vec<String>,
}

/// What a mapping file reader found about one VM; `assess` turns each into a concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingFinding {
    /// The VM's Kubernetes name (the generator's, unique within a run).
    pub vm: String,
    pub kind: MappingFindingKind,
    /// The source network or storage that has no entry, or the NICs sent to the pod network.
    pub subject: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingFindingKind {
    UnmappedNetwork,
    UnmappedStorage,
    MultiplePodNics,
}

/// The mapping's gaps as findings: unmapped networks and storage (once per distinct source
/// name per VM) and NICs sent to the pod network together. `generated[i]` is the result for
/// `vms[i]`, whose name the findings carry.
pub fn mapping_findings(
    mapping: &crate::mapping::Mapping,
    vms: &[VmSpec],
    generated: &[GeneratedVm],
) -> Vec<MappingFinding> {
    use crate::mapping::Unmapped;
    let mut findings: Vec<MappingFinding> = Vec::new();
    for (index, vm) in vms.iter().enumerate() {
        let name = generated
            .get(index)
            .map_or_else(|| vm.name.clone(), |g| g.name.clone());
        for item in crate::mapping::unmapped_vm(mapping, vm) {
            let (kind, subject) = match item {
                Unmapped::Network { network, vlan, .. } => {
                    let mut subject = network.unwrap_or_else(|| "(unnamed)".to_string());
                    if let Some(vlan) = vlan {
                        subject.push_str(&format!(" VLAN {vlan}"));
                    }
                    (MappingFindingKind::UnmappedNetwork, subject)
                }
                Unmapped::Storage {
                    storage,
                    controller,
                    ..
                } => {
                    let subject = match (storage, controller) {
                        (Some(ds), _) => ds,
                        (None, Some(c)) => format!("controller {c}"),
                        (None, None) => "(unnamed)".to_string(),
                    };
                    (MappingFindingKind::UnmappedStorage, subject)
                }
                Unmapped::MultiplePodNics { nics, .. } => {
                    (MappingFindingKind::MultiplePodNics, nics.join(", "))
                }
            };
            let finding = MappingFinding {
                vm: name.clone(),
                kind,
                subject,
            };
            if !findings.contains(&finding) {
                findings.push(finding);
            }
        }
    }
    findings
}

/// Judges every VM of a run. `generated[i]` must be the generator's result for `vms[i]`
/// (as `generate::generate` returns them); `mapping` holds the mapping file's findings
/// (empty without a mapping file).
pub fn assess(
    vms: &[VmSpec],
    generated: &[GeneratedVm],
    mapping: &[MappingFinding],
) -> Vec<VmAssessment> {
    let duplicated_macs = rules::duplicated_macs(vms);
    vms.iter()
        .enumerate()
        .map(|(index, vm)| {
            let name = generated
                .get(index)
                .map_or_else(|| vm.name.clone(), |g| g.name.clone());
            let mut concerns = rules::per_vm(vm, &name);
            concerns.extend(rules::mac_concerns(index, vms, &duplicated_macs));
            concerns.extend(
                mapping
                    .iter()
                    .filter(|f| f.vm == name)
                    .map(rules::mapping_concern),
            );
            // Ids are declared in catalogue order.
            let order = |c: &Concern| (c.category, c.id);
            concerns.sort_by_key(order);
            let counts = Counts::of(&concerns);
            let status = status_of(&counts);
            VmAssessment {
                name,
                source_name: vm.name.clone(),
                source: SourceInfo {
                    format: vm.source.format,
                    file: vm.source.file.clone(),
                    index: vm.source.index,
                },
                status,
                counts,
                concerns,
                warnings: generated
                    .get(index)
                    .map(|g| g.warnings.clone())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// Blocked by any Critical concern, Warnings by any Warning, else Ready.
fn status_of(counts: &Counts) -> Status {
    if counts.critical > 0 {
        Status::Blocked
    } else if counts.warning > 0 {
        Status::Warnings
    } else {
        Status::Ready
    }
}

/// Totals over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub vms: usize,
    pub ready: usize,
    pub warnings: usize,
    pub blocked: usize,
    pub critical: usize,
    pub warning: usize,
    pub information: usize,
}

/// The structured report printed by `assess -o json|yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub summary: Summary,
    pub vms: Vec<VmAssessment>,
}

/// Wraps assessments in the report, with totals.
pub fn report(vms: Vec<VmAssessment>) -> Report {
    let mut summary = Summary {
        vms: vms.len(),
        ..Summary::default()
    };
    for vm in &vms {
        match vm.status {
            Status::Ready => summary.ready += 1,
            Status::Warnings => summary.warnings += 1,
            Status::Blocked => summary.blocked += 1,
        }
        summary.critical += vm.counts.critical;
        summary.warning += vm.counts.warning;
        summary.information += vm.counts.information;
    }
    Report {
        api_version: REPORT_API_VERSION,
        kind: REPORT_KIND,
        summary,
        vms,
    }
}

#[cfg(test)]
mod tests;

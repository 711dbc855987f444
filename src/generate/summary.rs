//! Totals of a whole plan, so an operator can check quota before applying: vCPUs, memory,
//! disk capacity per storage class and VMs per namespace.

use super::{quantity, GeneratedVm};
use serde::Serialize;
use std::collections::BTreeMap;

/// What one VM asks of the cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VmResources {
    /// Namespace written into the objects; `None`: the one `kubectl apply` uses.
    pub namespace: Option<String>,
    /// Guest vCPUs (from the instancetype when one is set).
    pub vcpus: u32,
    /// Guest memory in bytes (from the instancetype when one is set).
    pub memory_bytes: u64,
    pub disks: Vec<DiskRequest>,
}

/// One DataVolume's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiskRequest {
    /// `None`: the cluster's default storage class.
    pub storage_class: Option<String>,
    pub bytes: u64,
}

/// Name used for "no namespace / default storage class" in tables and JSON.
pub const DEFAULT_KEY: &str = "(default)";

/// Totals of a plan. Sums saturate rather than wrap on absurd input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    pub vms: usize,
    pub vcpus: u64,
    pub memory_bytes: u64,
    /// `memory_bytes` as a Kubernetes quantity.
    pub memory: String,
    /// Storage class (or `(default)`) -> requested bytes.
    pub disk_bytes_by_storage_class: BTreeMap<String, u64>,
    pub disk_count_by_storage_class: BTreeMap<String, usize>,
    /// Namespace (or `(default)`) -> VM count.
    pub vms_by_namespace: BTreeMap<String, usize>,
}

/// Adds up every VM of a plan.
pub fn summarize(vms: &[GeneratedVm]) -> PlanSummary {
    let mut summary = PlanSummary::default();
    for vm in vms {
        let r = &vm.resources;
        summary.vms += 1;
        summary.vcpus = summary.vcpus.saturating_add(u64::from(r.vcpus));
        summary.memory_bytes = summary.memory_bytes.saturating_add(r.memory_bytes);
        let ns = r
            .namespace
            .clone()
            .unwrap_or_else(|| DEFAULT_KEY.to_string());
        *summary.vms_by_namespace.entry(ns).or_default() += 1;
        for disk in &r.disks {
            let class = disk
                .storage_class
                .clone()
                .unwrap_or_else(|| DEFAULT_KEY.to_string());
            let total = summary
                .disk_bytes_by_storage_class
                .entry(class.clone())
                .or_default();
            *total = total.saturating_add(disk.bytes);
            *summary
                .disk_count_by_storage_class
                .entry(class)
                .or_default() += 1;
        }
    }
    summary.memory = quantity(summary.memory_bytes);
    summary
}

impl PlanSummary {
    /// Plain-text totals, one line each, as printed under the preview table.
    pub fn render(&self) -> String {
        let mut out = format!(
            "Totals: {} VM(s), {} vCPU(s), {} memory\n",
            self.vms, self.vcpus, self.memory
        );
        for (class, bytes) in &self.disk_bytes_by_storage_class {
            let count = self
                .disk_count_by_storage_class
                .get(class)
                .copied()
                .unwrap_or(0);
            out.push_str(&format!(
                "  storage class {class}: {} in {count} disk(s)\n",
                quantity(*bytes)
            ));
        }
        for (ns, count) in &self.vms_by_namespace {
            out.push_str(&format!("  namespace {ns}: {count} VM(s)\n"));
        }
        out
    }
}

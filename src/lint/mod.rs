//! `kubectl vmmigrate lint`'s engine: would KubeVirt v1.9.0 and CDI v1.66.0, in their default
//! configuration, admit these objects on CREATE? First the CRD schema (strict), then the
//! admission webhooks' rules, each problem with its field path and the API server's wording.
//!
//! The rules restate `../shared/tools/kubevirt_admission.py` (itself a restatement of the
//! upstream webhook code); `tests/offline/lint_oracle.rs` holds the two to the same verdicts.
//! Kinds: VirtualMachine, VirtualMachineInstance, VirtualMachinePool, DataVolume, the four
//! instancetype/preference kinds (schema only); anything else is skipped. Instancetypes and
//! preferences named by VMs resolve against the common-instancetypes bundles and the input.
//!
//! The plugin runs the same checks on what it generates ([`check_generated`]).

/// A vendored upstream file, `src/lint/schemas/{name}.yaml` (byte for byte what upstream
/// ships; the drift test compares it), as the JSON array of its documents that `build.rs`
/// wrote from it: the binary parses JSON ten times faster than YAML, and carries only the JSON.
#[derive(Clone, Copy)]
pub(crate) struct Vendored {
    name: &'static str,
    json: &'static str,
}

impl Vendored {
    /// The file's documents (none if the embedded JSON did not parse: a build defect the
    /// unit tests catch).
    fn documents(self) -> Vec<Value> {
        serde_json::from_str(self.json).unwrap_or_default()
    }
}

/// [`Vendored`] of `src/lint/schemas/$name.yaml`.
macro_rules! vendored {
    ($name:literal) => {
        crate::lint::Vendored {
            name: $name,
            json: include_str!(concat!(env!("OUT_DIR"), "/", $name, ".json")),
        }
    };
}

mod catalog;
mod cdi;
pub mod input;
mod names;
mod network;
mod quantity;
mod schema;
mod value;
mod vm;
mod vmi;
mod volumes;

pub use catalog::Catalog;
pub use schema::embedded_files;

use serde_json::Value;
use std::collections::BTreeSet;
use value::Read;

/// One problem with an object: the field (API server path wording) and the message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl Problem {
    pub(crate) fn new(path: &str, message: String) -> Problem {
        Problem {
            path: path.to_string(),
            message,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Where a problem comes from: the schema or an admission webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Schema,
    Admission,
}

/// A problem of the object at `index` in the linted input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub index: usize,
    pub stage: Stage,
    #[serde(flatten)]
    pub problem: Problem,
}

/// The cluster configuration that changes verdicts; `Default` is KubeVirt's default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `developerConfiguration.featureGates`.
    pub feature_gates: Vec<String>,
    /// `developerConfiguration.disabledFeatureGates`.
    pub disabled_feature_gates: Vec<String>,
    /// The architecture a VM without `spec.template.spec.architecture` gets.
    pub default_architecture: String,
    /// `vmRolloutStrategy: LiveUpdate` (the default) rather than `Stage`.
    pub live_update: bool,
    /// `network.permitBridgeInterfaceOnPodNetwork` (default true).
    pub permit_bridge_on_pod_network: bool,
    /// Resolve instancetypes/preferences against the common-instancetypes bundles too.
    pub common_instancetypes: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            feature_gates: Vec::new(),
            disabled_feature_gates: Vec::new(),
            default_architecture: "amd64".into(),
            live_update: true,
            permit_bridge_on_pod_network: true,
            common_instancetypes: true,
        }
    }
}

/// The architectures KubeVirt v1.9.0 knows, for flag validation.
pub const ARCHITECTURES: [&str; 3] = ["amd64", "arm64", "s390x"];

pub(crate) fn default_machine_type(arch: &str) -> &'static str {
    match arch {
        "arm64" => "virt",
        "s390x" => "s390-ccw-virtio",
        _ => "q35",
    }
}

pub(crate) fn emulated_machines(arch: &str) -> &'static [&'static str] {
    match arch {
        "arm64" => &["virt*"],
        "s390x" => &["s390-ccw-virtio*"],
        _ => &["q35*", "pc-q35*"],
    }
}

// Feature gates at v1.9.0 (pkg/virt-config/featuregate): GA ones are always on, Beta ones on
// unless disabled, the rest (Alpha, deprecated) off unless enabled.
const GA_GATES: &[&str] = &[
    "LiveMigration",
    "SRIOVLiveMigration",
    "NonRoot",
    "PSA",
    "CPUNodeDiscovery",
    "NUMA",
    "CommonInstancetypesDeploymentGate",
    "GPU",
    "HotplugNICs",
    "VMLiveUpdateFeatures",
    "NetworkBindingPlugins",
    "VolumesUpdateStrategy",
    "VolumeMigration",
    "VMPersistentState",
    "VMExport",
    "PersistentReservation",
    "ExpandDisks",
    "PanicDevices",
    "VideoConfig",
];
const BETA_GATES: &[&str] = &[
    "LibvirtHooksServerAndClient",
    "ImageVolume",
    "Snapshot",
    "WorkloadEncryptionSEV",
    "KubevirtSeccompProfile",
    "NodeRestriction",
    "GPUsWithDRA",
    "HostDevicesWithDRA",
    "DeclarativeHotplugVolumes",
    "PasstBinding",
    "PodSecondaryInterfaceNamingUpgrade",
    "ExternalNetResourceInjection",
    "RebootPolicy",
    "Template",
    "VmiMemoryOverheadReport",
    "OptOutRoleAggregation",
];

pub(crate) struct Gates<'a> {
    enabled: &'a [String],
    disabled: &'a [String],
}

impl Gates<'_> {
    pub(crate) fn on(&self, gate: &str) -> bool {
        if GA_GATES.contains(&gate) || self.listed(gate) {
            return true;
        }
        if self.disabled.iter().any(|g| g == gate) {
            return false;
        }
        BETA_GATES.contains(&gate)
    }

    /// Only the explicit list (`PersistentReservationEnabled()` reads nothing else).
    pub(crate) fn listed(&self, gate: &str) -> bool {
        self.enabled.iter().any(|g| g == gate)
    }
}

/// The rules' state while checking one object: settings, the catalogue, the problems found,
/// and a path prefix (a pool's VM template, a VM's dataVolumeTemplates).
pub(crate) struct Checker<'a> {
    settings: &'a Settings,
    gates: Gates<'a>,
    catalog: &'a Catalog,
    prefix: String,
    out: Vec<Problem>,
}

impl<'a> Checker<'a> {
    fn new(settings: &'a Settings, catalog: &'a Catalog) -> Checker<'a> {
        Checker {
            settings,
            gates: Gates {
                enabled: &settings.feature_gates,
                disabled: &settings.disabled_feature_gates,
            },
            catalog,
            prefix: String::new(),
            out: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, path: &str, message: String) {
        let path = if path.is_empty() {
            self.prefix.trim_end_matches('.').to_string()
        } else {
            format!("{}{path}", self.prefix)
        };
        self.out.push(Problem { path, message });
    }

    /// What this checker found, as `obj`'s (the `index`-th object's) admission findings.
    fn admission_findings(self, index: usize) -> impl Iterator<Item = Finding> {
        self.out.into_iter().map(move |problem| Finding {
            index,
            stage: Stage::Admission,
            problem,
        })
    }

    fn admit(&mut self, obj: &Value) {
        match obj.at("kind").text() {
            "VirtualMachine" => self.vm(obj),
            "DataVolume" => self.dv(obj),
            "VirtualMachineInstance" => self.vmi(obj),
            "VirtualMachinePool" => self.pool(obj),
            // Instancetypes and preferences: their webhooks only re-check the schema.
            _ => {}
        }
    }

    /// A VirtualMachineInstance: ObjectMeta, the mutator's defaults, then the spec rules.
    fn vmi(&mut self, obj: &Value) {
        self.object_meta(obj.at("metadata"));
        let mut spec = obj.at("spec").clone();
        if !spec.is_object() {
            spec = Value::Object(Default::default());
        }
        value::obj_mut(&mut spec, "domain");
        self.set_defaults(&mut spec);
        self.vmi_spec("spec", &spec);
    }

    /// The rules on `obj`'s ObjectMeta; its namespace (`default` when it names none), which
    /// the rules on its spec resolve namespaced references in.
    fn meta_and_namespace(&mut self, obj: &Value) -> String {
        let md = obj.at("metadata");
        self.object_meta(md);
        Some(md.at("namespace").text())
            .filter(|n| !n.is_empty())
            .unwrap_or("default")
            .to_string()
    }

    /// A VirtualMachinePool: ObjectMeta, then its VM template's spec as a VM's.
    fn pool(&mut self, obj: &Value) {
        let ns = self.meta_and_namespace(obj);
        let template = obj.path(&["spec", "virtualMachineTemplate"]);
        if template.is_object() {
            self.prefix = "spec.virtualMachineTemplate.".into();
            self.vm_spec(template.at("spec"), &ns);
            self.prefix.clear();
        }
    }
}

/// Whether the linter checks objects of this `apiVersion` and `kind`.
pub fn is_checked(obj: &Value) -> bool {
    schema::knows(obj.at("apiVersion").text(), obj.at("kind").text())
}

/// Lints every object of `objects` (others are skipped): the findings in input order. An
/// object with schema problems is not run through admission (the API server stops there).
pub fn lint(objects: &[Value], settings: &Settings) -> Vec<Finding> {
    let catalog = catalog_for(objects, settings);
    let mut findings = Vec::new();
    for (index, obj) in objects.iter().enumerate() {
        if let Some(mut checker) = admissible(index, obj, settings, &catalog, &mut findings) {
            checker.admit(obj);
            findings.extend(checker.admission_findings(index));
        }
    }
    findings
}

/// [`lint`] of objects the caller no longer needs: a VM's template is defaulted where it is,
/// as the webhook does, instead of in a copy. The findings are the same; the objects are
/// left as defaulted, half-taken apart.
fn lint_owned(objects: &mut [Value], settings: &Settings) -> Vec<Finding> {
    let catalog = catalog_for(objects, settings);
    let mut findings = Vec::new();
    for (index, obj) in objects.iter_mut().enumerate() {
        if let Some(mut checker) = admissible(index, obj, settings, &catalog, &mut findings) {
            if obj.at("kind").text() == "VirtualMachine" {
                checker.vm_owned(obj);
            } else {
                checker.admit(obj);
            }
            findings.extend(checker.admission_findings(index));
        }
    }
    findings
}

fn catalog_for(objects: &[Value], settings: &Settings) -> Catalog {
    if settings.common_instancetypes {
        Catalog::with_bundles(objects)
    } else {
        Catalog::without_bundles(objects)
    }
}

/// A checker for `obj`'s admission, when it is a kind the linter checks and its schema
/// passed; its schema problems go into `findings` otherwise.
fn admissible<'a>(
    index: usize,
    obj: &Value,
    settings: &'a Settings,
    catalog: &'a Catalog,
    findings: &mut Vec<Finding>,
) -> Option<Checker<'a>> {
    if !is_checked(obj) {
        return None;
    }
    let schema_problems = schema::validate(obj);
    if !schema_problems.is_empty() {
        findings.extend(schema_problems.into_iter().map(|problem| Finding {
            index,
            stage: Stage::Schema,
            problem,
        }));
        return None;
    }
    Some(Checker::new(settings, catalog))
}

/// The problems KubeVirt or CDI would refuse generated objects for, as
/// `Kind/name: field: message` lines; empty when all would be admitted. The plugin calls this
/// on everything it generates before printing or writing it: a line here is a plugin bug.
pub fn check_generated(objects: &[Value]) -> Vec<String> {
    problem_lines(objects, lint(objects, &Settings::default()))
}

/// [`check_generated`] of objects that are not needed afterwards (already rendered): the
/// same lines, without copying each VM's template to default it.
pub fn check_generated_owned(mut objects: Vec<Value>) -> Vec<String> {
    let findings = lint_owned(&mut objects, &Settings::default());
    problem_lines(&objects, findings)
}

fn problem_lines(objects: &[Value], findings: Vec<Finding>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    findings
        .into_iter()
        .filter_map(|f| {
            let obj = objects.get(f.index)?;
            let line = format!(
                "{}/{}: {}",
                obj.at("kind").text(),
                obj.path(&["metadata", "name"]).text(),
                f.problem
            );
            seen.insert(line.clone()).then_some(line)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What build.rs embeds is the vendored YAML in another notation: the same documents,
    /// one per schema and many per bundle. (The drift test in tests/offline/lint.rs checks
    /// the YAML against ../shared; this needs nothing outside the repository.)
    #[test]
    fn the_embedded_json_is_the_vendored_yaml() {
        let embedded = embedded_files();
        assert_eq!(embedded.len(), 10);
        for (name, json) in embedded {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src/lint/schemas")
                .join(format!("{name}.yaml"));
            let yaml = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let from_yaml: Vec<Value> =
                serde_saphyr::from_multiple(&yaml).unwrap_or_else(|e| panic!("{name}: {e}"));
            let from_json: Vec<Value> = serde_json::from_str(json).expect("embedded JSON");
            assert!(from_json == from_yaml, "{name}: JSON and YAML differ");
            if name.starts_with("common-instancetypes") {
                assert!(
                    from_json.len() > 10,
                    "{name}: {} documents",
                    from_json.len()
                );
            } else {
                assert_eq!(from_json.len(), 1, "{name}: one document");
            }
        }
    }
    use serde_json::json;

    fn fields(objs: &[Value]) -> Vec<String> {
        lint(objs, &Settings::default())
            .into_iter()
            .map(|f| f.problem.to_string())
            .collect()
    }

    #[test]
    fn vmis_pools_and_input_instancetypes_are_checked() {
        let spec = json!({"domain": {"devices": {"disks": [{"name": "a", "disk": {}}]}}});
        let vmi = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
            "metadata": {"name": "i"}, "spec": spec});
        assert_eq!(
            fields(&[vmi]),
            ["spec.domain.devices.disks[0].name: spec.domain.devices.disks[0].Name 'a' not found."]
        );
        let pool = json!({"apiVersion": "pool.kubevirt.io/v1beta1", "kind": "VirtualMachinePool",
            "metadata": {"name": "p"}, "spec": {"selector": {}, "virtualMachineTemplate": {
                "spec": {"runStrategy": "Always", "template": {"spec": spec}}}}});
        assert_eq!(
            fields(&[pool]),
            ["spec.virtualMachineTemplate.spec.template.spec.domain.devices.disks[0].name: spec.template.spec.domain.devices.disks[0].Name 'a' not found."]
        );
        // An instancetype defined in the input sets the CPU, so the VM may not.
        let it = json!({"apiVersion": "instancetype.kubevirt.io/v1beta1", "kind": "VirtualMachineInstancetype",
            "metadata": {"name": "small", "namespace": "ns"}, "spec": {"cpu": {"guest": 2}, "memory": {"guest": "1Gi"}}});
        let vm = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
            "metadata": {"name": "v", "namespace": "ns"}, "spec": {"runStrategy": "Halted",
                "instancetype": {"name": "small", "kind": "VirtualMachineInstancetype"},
                "template": {"spec": {"domain": {"cpu": {"cores": 2}, "devices": {}}}}}});
        assert_eq!(
            fields(&[it.clone(), vm.clone()]),
            ["spec.template.spec.domain.cpu.cores: VM field(s) spec.template.spec.domain.cpu.cores conflicts with selected instance type"]
        );
        assert!(
            fields(&[vm]).is_empty(),
            "unknown instancetype: only logged by the webhook"
        );
        let mut bad_it = it;
        bad_it["spec"]["cpu"]["bogus"] = json!(1);
        assert_eq!(
            fields(&[bad_it]),
            [".spec.cpu.bogus: field not declared in schema"]
        );
    }

    /// The owned check defaults each VM's template where it is instead of in a copy: it must
    /// find exactly what the copying one finds, on VMs wrong before, during and after the
    /// defaults (a missing template, a volume without its disk, a DataVolumeTemplate no
    /// volume names, a conflicting instancetype, a malformed quantity) and on a good one.
    #[test]
    fn the_owned_check_finds_what_the_copying_one_finds() {
        let vm = |name: &str, spec: Value| {
            json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
                "metadata": {"name": name, "namespace": "ns"}, "spec": spec})
        };
        let dv: Value = json!({"metadata": {"name": "orphan"}, "spec": {"source": {"blank": {}},
            "storage": {"resources": {"requests": {"storage": "1Gi"}}}}});
        let it = json!({"apiVersion": "instancetype.kubevirt.io/v1beta1",
            "kind": "VirtualMachineInstancetype", "metadata": {"name": "small", "namespace": "ns"},
            "spec": {"cpu": {"guest": 2}, "memory": {"guest": "1Gi"}}});
        let objects = vec![
            it,
            vm("no-template", json!({"runStrategy": "Halted"})),
            vm(
                "good",
                json!({"runStrategy": "Halted", "template": {"spec": {
                "domain": {"devices": {"disks": [{"name": "root", "disk": {}}]}},
                "volumes": [{"name": "root", "containerDisk": {"image": "x"}}]}}}),
            ),
            vm(
                "volume-only",
                json!({"runStrategy": "Halted", "template": {"spec": {
                "domain": {"devices": {"disks": [{"name": "a", "disk": {}}]}},
                "volumes": [{"name": "b", "containerDisk": {"image": "x"}}]}}}),
            ),
            vm(
                "orphan-dv",
                json!({"runStrategy": "Halted", "dataVolumeTemplates": [dv],
                "template": {"spec": {"domain": {"devices": {}}}}}),
            ),
            // Read after the template is taken apart: its volumes must still be seen.
            vm(
                "referenced-dv",
                json!({"runStrategy": "Halted",
                "dataVolumeTemplates": [{"metadata": {"name": "root"}, "spec": dv["spec"].clone()}],
                "template": {"spec": {
                    "domain": {"devices": {"disks": [{"name": "root", "disk": {}}]}},
                    "volumes": [{"name": "root", "dataVolume": {"name": "root"}}]}}}),
            ),
            vm(
                "conflict",
                json!({"runStrategy": "Halted",
                "instancetype": {"name": "small", "kind": "VirtualMachineInstancetype"},
                "template": {"spec": {"domain": {"cpu": {"cores": 2}, "devices": {}}}}}),
            ),
            vm(
                "bad-quantity",
                json!({"runStrategy": "Halted", "template": {"spec": {
                "domain": {"memory": {"guest": "lots"}, "devices": {}}}}}),
            ),
        ];
        let copied = check_generated(&objects);
        assert!(copied.len() >= 5, "{copied:#?}");
        for name in ["no-template", "volume-only", "orphan-dv", "conflict"] {
            let prefix = format!("VirtualMachine/{name}: ");
            assert!(
                copied.iter().any(|l| l.starts_with(&prefix)),
                "{name}: {copied:#?}"
            );
        }
        for name in ["good", "referenced-dv"] {
            let prefix = format!("VirtualMachine/{name}: ");
            assert!(
                !copied.iter().any(|l| l.starts_with(&prefix)),
                "{name}: {copied:#?}"
            );
        }
        assert_eq!(check_generated_owned(objects), copied);
    }
}

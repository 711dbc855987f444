//! VirtualMachine admission (KubeVirt v1.9.0, CREATE): the API server's ObjectMeta checks, the
//! VM mutating webhook's instancetype/preference matcher checks, then the validating webhook:
//! instancetype and preference applied to a copy of the template (conflicts reported),
//! defaults, preference requirements, the VMI spec rules ([`super::vmi`]), dataVolumeTemplates,
//! runStrategy and the live-update limits; finally what CDI would say about the DataVolumes
//! virt-controller creates from the templates.

use super::quantity::{self, Qty};
use super::value::{obj_mut, put, repr, Read};
use super::{names, Checker};
use serde_json::{json, Map, Value};

const P: &str = "spec.template.spec";

/// A JSON number for a count the rules computed (integral counts stay integers).
pub(crate) fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        json!(f as i64)
    } else {
        json!(f)
    }
}

fn empty() -> Value {
    Value::Object(Map::new())
}

impl Checker<'_> {
    /// ObjectMeta of a namespaced custom resource (apiextensions-apiserver).
    pub(crate) fn object_meta(&mut self, md: &Value) {
        let name = md.at("name").shown();
        let generate = md.at("generateName").shown();
        if name.is_empty() && generate.is_empty() {
            self.add(
                "metadata.name",
                "Required value: name or generateName is required".into(),
            );
        } else if !name.is_empty() {
            for e in names::dns1123_subdomain(&name) {
                self.add("metadata.name", format!("Invalid value: \"{name}\": {e}"));
            }
        }
        let ns = md.at("namespace");
        if ns.truthy() {
            let ns = ns.shown();
            for e in names::dns1123_label(&ns) {
                self.add(
                    "metadata.namespace",
                    format!("Invalid value: \"{ns}\": {e}"),
                );
            }
        }
        for (k, v) in md.at("labels").entries().into_iter().flatten() {
            for e in names::qualified_name(k) {
                self.add("metadata.labels", format!("Invalid value: \"{k}\": {e}"));
            }
            let v = v.shown();
            if !names::label_value_ok(&v) {
                self.add("metadata.labels", format!("Invalid value: \"{v}\": a valid label value must be 63 characters or less, empty or begin and end with an alphanumeric character"));
            }
        }
        let mut total = 0usize;
        for (k, v) in md.at("annotations").entries().into_iter().flatten() {
            for e in names::qualified_name(&k.to_lowercase()) {
                self.add(
                    "metadata.annotations",
                    format!("Invalid value: \"{k}\": {e}"),
                );
            }
            total = total
                .saturating_add(k.len())
                .saturating_add(v.shown().len());
        }
        if total > 256 * 1024 {
            self.add(
                "metadata.annotations",
                "Too long: must have at most 262144 bytes".into(),
            );
        }
    }

    /// A whole VirtualMachine object.
    pub(crate) fn vm(&mut self, vm: &Value) {
        let ns = self.meta_and_namespace(vm);
        self.vm_spec(vm.at("spec"), &ns);
    }

    /// [`Checker::vm`] of a VM the caller no longer needs: its template is defaulted where it
    /// is instead of in a copy (the copy was a twentieth of an import's CPU).
    pub(crate) fn vm_owned(&mut self, vm: &mut Value) {
        let ns = self.meta_and_namespace(vm);
        let Some(spec) = vm.get_mut("spec") else {
            return self.vm_spec(&Value::Null, &ns);
        };
        if !self.vm_spec_admissible(spec) {
            return;
        }
        let (tspec, tmeta) = match spec.get_mut("template") {
            Some(template) => (
                template.get_mut("spec").map(Value::take),
                template.get_mut("metadata").map(Value::take),
            ),
            None => (None, None),
        };
        self.vm_spec_defaulted(spec, &ns, tspec, tmeta);
    }

    /// The rules on a VM's `spec` (also a pool's VM template).
    pub(crate) fn vm_spec(&mut self, spec: &Value, ns: &str) {
        if !self.vm_spec_admissible(spec) {
            return;
        }
        let tmpl = spec.at("template");
        let (tspec, tmeta) = (tmpl.at("spec").clone(), tmpl.at("metadata").clone());
        self.vm_spec_defaulted(spec, ns, Some(tspec), Some(tmeta));
    }

    /// The rules before the webhook defaults a VM's template: false when it stops there.
    fn vm_spec_admissible(&mut self, spec: &Value) -> bool {
        self.matchers(spec);
        let tmpl = spec.at("template");
        if !tmpl.is_object() {
            self.add("spec.template", "missing virtual machine template.".into());
            return false;
        }
        // A malformed quantity or an integer that overflows its Go type fails json.Unmarshal
        // before any rule runs.
        let bad_q = self.bad_vm_quantities(spec);
        let bad_i = self.bad_go_ints(spec);
        !(bad_q || bad_i)
    }

    /// The rest of [`Checker::vm_spec`], on the template's `spec` and `metadata` taken out of
    /// `spec` (copied, or moved by [`Checker::vm_owned`]): nothing here reads them from
    /// `spec` itself.
    fn vm_spec_defaulted(
        &mut self,
        spec: &Value,
        ns: &str,
        tspec: Option<Value>,
        tmeta: Option<Value>,
    ) {
        let mut tspec = tspec.filter(Value::is_object).unwrap_or_else(empty);
        let mut tmeta = tmeta.filter(Value::is_object).unwrap_or_else(empty);
        obj_mut(&mut tspec, "domain");

        let it = self.catalog.instancetype(spec, ns);
        let pref = self.catalog.preference(spec, ns);
        self.apply_matched(it.as_ref(), pref.as_ref(), &mut tspec, &mut tmeta);
        self.set_defaults(&mut tspec);
        if let Some(p) = &pref {
            if p.at("requirements").is_object() {
                for msg in self.preference_requirements(it.as_ref(), p, &tspec) {
                    self.add(
                        "",
                        format!("failure checking preference requirements: {msg}"),
                    );
                }
            }
        }
        for (i, iface) in tspec
            .path(&["domain", "devices", "interfaces"])
            .items()
            .iter()
            .enumerate()
        {
            for (key, msg) in [
                (
                    "slirp",
                    "Slirp interface support has been discontinued since v1.3",
                ),
                (
                    "passt",
                    "Passt network binding has been discontinued since v1.3",
                ),
                (
                    "macvtap",
                    "Macvtap network binding has been discontinued since v1.3",
                ),
            ] {
                if iface.at(key).set() {
                    self.add(
                        &format!("{P}.domain.devices.interfaces[{i}].{key}"),
                        msg.into(),
                    );
                }
            }
        }
        self.template_metadata(&tmeta);
        self.vmi_spec(P, &tspec);
        // The defaults never touch `volumes`: the template's own.
        self.dv_templates(spec, tspec.at("volumes").items());
        self.run_strategy(spec);
        if self.settings.live_update {
            self.live_update(&tspec);
        }
        for (i, t) in spec.at("dataVolumeTemplates").items().iter().enumerate() {
            let tns = t.path(&["metadata", "namespace"]);
            if tns.truthy() && tns.text() != ns {
                self.add(
                    &format!("spec.dataVolumeTemplates[{i}]"),
                    format!(
                        "Embedded DataVolume namespace {} differs from VM namespace {ns}",
                        tns.shown()
                    ),
                );
            }
        }
        for (i, t) in spec.at("dataVolumeTemplates").items().iter().enumerate() {
            let mut md = Some(t.at("metadata").clone())
                .filter(Value::is_object)
                .unwrap_or_else(empty);
            if !md.at("namespace").set() {
                put(&mut md, "namespace", json!(ns));
            }
            let outer = std::mem::take(&mut self.prefix);
            self.prefix = format!("{outer}spec.dataVolumeTemplates[{i}].");
            self.object_meta(&md);
            self.dv_spec(t.at("spec"));
            self.prefix = outer;
        }
    }

    fn matchers(&mut self, spec: &Value) {
        for (which, label) in [
            ("instancetype", "InstancetypeMatcher"),
            ("preference", "PreferenceMatcher"),
        ] {
            let m = spec.at(which);
            if !m.is_object() {
                continue;
            }
            if !m.at("name").truthy() && !m.at("inferFromVolume").truthy() {
                self.add(
                    &format!("spec.{which}"),
                    format!("Either Name or InferFromVolume should be provided within the {label}"),
                );
            }
            if m.at("inferFromVolume").truthy() {
                if m.at("name").truthy() {
                    self.add(
                        &format!("spec.{which}.name"),
                        "Name already set, should be cleared before setting inferFromVolume".into(),
                    );
                }
                if m.at("kind").truthy() {
                    self.add(
                        &format!("spec.{which}.kind"),
                        "Kind already set, should be cleared before setting inferFromVolume".into(),
                    );
                }
            }
            let fp = m.at("inferFromVolumeFailurePolicy");
            if fp.set() && !matches!(fp.as_str(), Some("Ignore" | "Reject")) {
                self.add(
                    &format!("spec.{which}.inferFromVolumeFailurePolicy"),
                    format!(
                        "Invalid value '{}' for InferFromVolumeFailurePolicy",
                        fp.shown()
                    ),
                );
            }
        }
    }

    /// The mutator's architecture/machine defaults from the preference, then ApplyToVM.
    fn apply_matched(
        &mut self,
        it: Option<&Value>,
        pref: Option<&Value>,
        tspec: &mut Value,
        tmeta: &mut Value,
    ) {
        if let Some(p) = pref {
            if p.at("preferredArchitecture").truthy() && !tspec.at("architecture").truthy() {
                put(tspec, "architecture", p.at("preferredArchitecture").clone());
            }
            let mt = p.path(&["machine", "preferredMachineType"]);
            if mt.truthy() && !tspec.path(&["domain", "machine", "type"]).truthy() {
                let machine = obj_mut(obj_mut(tspec, "domain"), "machine");
                put(machine, "type", mt.clone());
            }
        }
        if it.is_none() && pref.is_none() {
            return;
        }
        if let Some(bad) = spread_conflict(it, pref) {
            self.add(&bad.0, bad.1);
        } else if let Some(it) = it {
            for c in apply_instancetype(it, pref, tspec, tmeta) {
                self.add(
                    &c,
                    format!("VM field(s) {c} conflicts with selected instance type"),
                );
            }
        }
        if let Some(p) = pref {
            apply_preference(p, tspec);
        }
    }

    /// Every resource.Quantity field a VM may carry.
    fn bad_vm_quantities(&mut self, spec: &Value) -> bool {
        let mut found = false;
        let ts = spec.path(&["template", "spec"]);
        found |= self.bad_resources(
            &|| format!("{P}.domain.resources"),
            ts.path(&["domain", "resources"]),
        );
        // An absent quantity is no quantity (`Qty::of(null)`): its path is not spelled out,
        // which for every volume of every generated VM was a visible share of the check.
        for k in ["guest", "maxGuest"] {
            let memory = ts.path(&["domain", "memory", k]);
            if !memory.is_null() {
                found |= self.bad_quantity(&|| format!("{P}.domain.memory.{k}"), false, memory);
            }
        }
        for (i, v) in ts.at("volumes").items().iter().enumerate() {
            for src in ["emptyDisk", "hostDisk"] {
                let capacity = v.path(&[src, "capacity"]);
                if !capacity.is_null() {
                    let path = || format!("{P}.volumes[{i}].{src}.capacity");
                    found |= self.bad_quantity(&path, false, capacity);
                }
            }
        }
        for (i, t) in spec.at("dataVolumeTemplates").items().iter().enumerate() {
            for k in ["pvc", "storage"] {
                found |= self.bad_resources(
                    &|| format!("spec.dataVolumeTemplates[{i}].spec.{k}.resources"),
                    t.path(&["spec", k, "resources"]),
                );
            }
        }
        found
    }

    /// `path` is spelled out only for a problem: every VM and DataVolume has resources,
    /// and formatting their paths up front was a visible share of the self-check.
    pub(crate) fn bad_resources(&mut self, path: &dyn Fn() -> String, r: &Value) -> bool {
        let mut found = false;
        for part in ["requests", "limits"] {
            for (k, v) in r.at(part).entries().into_iter().flatten() {
                let quantity_path = || format!("{}.{part}.{k}", path());
                found |= self.bad_quantity(&quantity_path, k == "cpu", v);
            }
        }
        found
    }

    /// `cpu`: the quantity is a CPU count, compared in millicores.
    fn bad_quantity(&mut self, path: &dyn Fn() -> String, cpu: bool, v: &Value) -> bool {
        match Qty::of(v) {
            Ok(None) => false,
            Err(_) => {
                self.add(&path(), format!("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got {})", repr(v)));
                true
            }
            Ok(Some(q)) => {
                // Beyond int64 the Go code computes wrapped values: no real size is that big.
                let scale = if cpu { 1000 } else { 1 };
                if q.beyond_int64(scale) {
                    self.add(
                        &path(),
                        format!(
                            "quantity {} is out of the int64 range that KubeVirt/CDI compute with",
                            repr(v)
                        ),
                    );
                }
                q.beyond_int64(scale)
            }
        }
    }

    /// Integers whose Go type is narrower than the schema's `integer`.
    fn bad_go_ints<'v>(&mut self, spec: &'v Value) -> bool {
        const U32: (f64, f64) = (0.0, 4_294_967_295.0);
        const U64: (f64, f64) = (0.0, 18_446_744_073_709_551_615.0);
        const I32: (f64, f64) = (-2_147_483_648.0, 2_147_483_647.0);
        let mut bad: Vec<(String, &'v Value, (f64, f64))> = Vec::new();
        // Null and booleans read as absent; only a bad number's path is spelled out (`check`
        // takes it as a closure): formatting every field's path was a visible share of
        // checking each generated VM.
        let mut check = |path: &dyn Fn() -> String, value: &'v Value, (lo, hi): (f64, f64)| {
            if value.is_null() || value.is_boolean() {
                return;
            }
            let ok = value
                .as_f64()
                .is_some_and(|f| f.fract() == 0.0 && f >= lo && f <= hi);
            if !ok {
                bad.push((path(), value, (lo, hi)));
            }
        };
        let ts = spec.path(&["template", "spec"]);
        for k in ["cores", "sockets", "threads", "maxSockets"] {
            check(
                &|| format!("{P}.domain.cpu.{k}"),
                ts.path(&["domain", "cpu", k]),
                U32,
            );
        }
        check(
            &|| format!("{P}.domain.ioThreads.supplementalPoolThreadCount"),
            ts.path(&["domain", "ioThreads", "supplementalPoolThreadCount"]),
            U32,
        );
        for (i, d) in ts
            .path(&["domain", "devices", "disks"])
            .items()
            .iter()
            .enumerate()
        {
            check(
                &|| format!("{P}.domain.devices.disks[{i}].bootOrder"),
                d.at("bootOrder"),
                U64,
            );
            for k in ["logical", "physical", "discardGranularity"] {
                check(
                    &|| format!("{P}.domain.devices.disks[{i}].blockSize.custom.{k}"),
                    d.path(&["blockSize", "custom", k]),
                    U64,
                );
            }
        }
        for (i, it) in ts
            .path(&["domain", "devices", "interfaces"])
            .items()
            .iter()
            .enumerate()
        {
            check(
                &|| format!("{P}.domain.devices.interfaces[{i}].bootOrder"),
                it.at("bootOrder"),
                U64,
            );
            for (j, pt) in it.at("ports").items().iter().enumerate() {
                check(
                    &|| format!("{P}.domain.devices.interfaces[{i}].ports[{j}].port"),
                    pt.at("port"),
                    I32,
                );
            }
            for (j, pr) in it.at("portRanges").items().iter().enumerate() {
                for k in ["start", "end"] {
                    check(
                        &|| format!("{P}.domain.devices.interfaces[{i}].portRanges[{j}].{k}"),
                        pr.at(k),
                        I32,
                    );
                }
            }
        }
        let found = !bad.is_empty();
        for (path, v, (lo, hi)) in bad {
            self.add(&path, format!("json: cannot unmarshal number {} into a Go integer field of range ({lo}, {hi})", v.shown()));
        }
        found
    }

    /// defaults.SetDefaultVirtualMachineInstanceSpec (+ the mutator's VM defaults).
    pub(crate) fn set_defaults(&self, tspec: &mut Value) {
        if !tspec.at("architecture").truthy() {
            put(
                tspec,
                "architecture",
                json!(self.settings.default_architecture),
            );
        }
        let arch = tspec.at("architecture").shown();
        let mt = super::default_machine_type(&arch);
        let dom = obj_mut(tspec, "domain");
        if !dom.path(&["machine", "type"]).truthy() {
            put(obj_mut(dom, "machine"), "type", json!(mt));
        }
        let res = obj_mut(dom, "resources");
        let lim = res.at("limits").clone();
        let lim = if lim.is_object() { lim } else { empty() };
        let req_snapshot = res.at("requests").clone();
        if !quantity::exact(lim.at("cpu")).is_zero()
            && quantity::exact(req_snapshot.at("cpu")).is_zero()
        {
            put(obj_mut(res, "requests"), "cpu", lim.at("cpu").clone());
        }
        let req = res.at("requests").clone();
        let mem = obj_mut(dom, "memory");
        if !mem.at("guest").set() {
            if !quantity::exact(req.at("memory")).is_zero() {
                put(mem, "guest", req.at("memory").clone());
            } else if !quantity::exact(lim.at("memory")).is_zero() {
                put(mem, "guest", lim.at("memory").clone());
            } else if mem.at("hugepages").set() {
                let ps = mem.path(&["hugepages", "pageSize"]).shown();
                if Qty::parse(&ps).is_ok() {
                    put(mem, "guest", json!(ps));
                }
            }
        }
        let cpu = dom.at("cpu");
        if !cpu.is_object()
            || (cpu.at("cores").num() == 0.0
                && cpu.at("sockets").num() == 0.0
                && cpu.at("threads").num() == 0.0)
        {
            let sockets = if lim.at("cpu").set() || lim.get("cpu").is_some() {
                quantity::value(lim.at("cpu"))
            } else if req.get("cpu").is_some() {
                quantity::value(req.at("cpu"))
            } else {
                1
            };
            let cpu = obj_mut(dom, "cpu");
            put(
                cpu,
                "sockets",
                json!(i64::try_from(sockets).unwrap_or(i64::MAX)),
            );
            put(cpu, "cores", json!(1));
            put(cpu, "threads", json!(1));
        }
        let devs_auto = dom.path(&["devices", "autoattachPodInterface"]).as_bool();
        let no_ifaces = dom.path(&["devices", "interfaces"]).items().is_empty();
        let disk_names: Vec<Value> = dom
            .path(&["devices", "disks"])
            .items()
            .iter()
            .chain(dom.path(&["devices", "filesystems"]).items())
            .filter(|d| d.is_object())
            .map(|d| d.at("name").clone())
            .collect();
        let no_nets = tspec.at("networks").items().is_empty();
        let missing: Vec<Value> = tspec
            .at("volumes")
            .items()
            .iter()
            .filter(|v| v.is_object() && !disk_names.contains(v.at("name")))
            .map(|v| json!({"name": v.at("name").clone()}))
            .collect();
        if devs_auto != Some(false) && no_nets && no_ifaces {
            put(tspec, "networks", json!([{"name": "default", "pod": {}}]));
            let devs = obj_mut(obj_mut(tspec, "domain"), "devices");
            put(
                devs,
                "interfaces",
                json!([{"name": "default", "bridge": {}}]),
            );
        }
        if !missing.is_empty() {
            let devs = obj_mut(obj_mut(tspec, "domain"), "devices");
            let mut disks = devs.at("disks").items().to_vec();
            disks.extend(missing);
            put(devs, "disks", Value::Array(disks));
        }
    }

    fn template_metadata(&mut self, md: &Value) {
        const RESTRICTED: [&str; 6] = [
            "kubevirt.io/created-by",
            "kubevirt.io/migrationJobUID",
            "kubevirt.io/nodeName",
            "kubevirt.io/migrationTargetNodeName",
            "kubevirt.io/schedulable",
            "kubevirt.io/install-strategy",
        ];
        const F: &str = "spec.template.metadata";
        if md
            .at("labels")
            .entries()
            .is_some_and(|l| l.keys().any(|k| RESTRICTED.contains(&k.as_str())))
        {
            self.add(&format!("{F}.labels"), "creation of the following reserved kubevirt.io/ labels on a VMI object is prohibited".into());
        }
        let ann = md.at("annotations");
        if ann.at("kubevirt.io/ignitiondata").truthy()
            && !self.gates.on("ExperimentalIgnitionSupport")
        {
            self.add(
                &format!("{F}.annotations"),
                "ExperimentalIgnitionSupport feature gate is not enabled in kubevirt-config".into(),
            );
        }
        if ann.at("hooks.kubevirt.io/hookSidecars").truthy() && !self.gates.on("Sidecar") {
            self.add(
                &format!("{F}.annotations"),
                "sidecar feature gate is not enabled in kubevirt-config".into(),
            );
        }
    }

    /// storageadmitters.ValidateDataVolumeTemplate (KubeVirt's own, lighter than CDI's).
    fn dv_templates(&mut self, spec: &Value, vols: &[Value]) {
        for (i, t) in spec.at("dataVolumeTemplates").items().iter().enumerate() {
            let tp = format!("spec.dataVolumeTemplate[{i}]");
            let name = t.path(&["metadata", "name"]);
            let ts = t.at("spec");
            let (pvc, st) = (ts.at("pvc"), ts.at("storage"));
            let err: Option<(String, &str)> = if !name.truthy() {
                Some((
                    format!("{tp}.name"),
                    "'name' field must not be empty for DataVolumeTemplate entry",
                ))
            } else if !pvc.set() && !st.set() {
                Some((
                    format!("{tp}.PVC.Storage"),
                    "Missing Data volume PVC or Storage",
                ))
            } else if pvc.set() && st.set() {
                Some((
                    format!("{tp}.PVC.Storage"),
                    "Duplicate storage definition, both target storage and target pvc defined",
                ))
            } else {
                let tgt = if pvc.set() { pvc } else { st };
                let ext = tgt.at("dataSourceRef").set() || tgt.at("dataSource").set();
                let src = ts.at("source").set() || ts.at("sourceRef").set();
                if ext && src {
                    Some((
                        format!("{tp}.source"),
                        "External population is incompatible with Source and SourceRef",
                    ))
                } else if !ext && !src {
                    Some((format!("{tp}.source.sourceRef"), "Data volume should have either Source, SourceRef, or be externally populated"))
                } else if ts.at("source").set() {
                    let n = super::cdi::DV_SOURCES
                        .iter()
                        .filter(|k| ts.at("source").at(k).set())
                        .count();
                    match n {
                        0 => Some((format!("{tp}.source"), "Missing dataVolume valid source")),
                        1 => None,
                        _ => Some((format!("{tp}.source"), "Multiple dataVolume sources")),
                    }
                } else {
                    None
                }
            };
            if let Some((path, msg)) = err {
                self.add(&path, msg.into());
                continue;
            }
            let referenced = vols.iter().any(|v| {
                (v.at("persistentVolumeClaim").set()
                    && v.path(&["persistentVolumeClaim", "claimName"]) == name)
                    || (v.at("dataVolume").set() && v.path(&["dataVolume", "name"]) == name)
            });
            if !referenced {
                self.add(&tp, format!("DataVolumeTemplate entry {tp} must be referenced in the VMI template's 'volumes' list"));
            }
        }
    }

    fn run_strategy(&mut self, spec: &Value) {
        let (running, rs) = (spec.at("running"), spec.at("runStrategy"));
        if running.set() && rs.set() {
            self.add("spec.running", "Running and RunStrategy are mutually exclusive. Note that Running is deprecated, please use RunStrategy instead".into());
        }
        if !running.set() && !rs.set() {
            self.add("spec.running", "RunStrategy must be specified".into());
        }
        if rs.set() {
            let r = rs.shown();
            if r == "WaitAsReceiver" {
                if !self.gates.on("DecentralizedLiveMigration") {
                    self.add("spec.runStrategy", format!("Invalid RunStrategy ({r}), DecentralizedLiveMigration feature gate is not enabled in kubevirt resource"));
                }
            } else if rs
                .as_str()
                .and_then(crate::kubevirt::terms::RunStrategy::parse)
                .is_none()
            {
                self.add("spec.runStrategy", format!("Invalid RunStrategy ({r})"));
            }
        }
    }

    fn live_update(&mut self, tspec: &Value) {
        let cpu = tspec.path(&["domain", "cpu"]);
        let (sockets, max) = (cpu.at("sockets").num(), cpu.at("maxSockets").num());
        if sockets != 0.0 && max != 0.0 && sockets > max {
            self.add(
                &format!("{P}.domain.cpu.sockets"),
                "Number of sockets in CPU topology is greater than the maximum sockets allowed"
                    .into(),
            );
        }
        let max_guest = tspec.path(&["domain", "memory", "maxGuest"]);
        if max_guest.set() {
            if let Some(err) = live_update_memory(tspec, max_guest) {
                self.add(&format!("{P}.domain.memory.guest"), err.into());
            }
        }
    }

    /// preference/requirements checker.Check (after defaults).
    fn preference_requirements(
        &self,
        it: Option<&Value>,
        pref: &Value,
        tspec: &Value,
    ) -> Vec<String> {
        let r = pref.at("requirements");
        if r.at("cpu").is_object() {
            let need = r.path(&["cpu", "guest"]).num();
            if let Some(it) = it {
                let have = it.path(&["cpu", "guest"]).num();
                if have < need {
                    return vec![format!("insufficient CPU resources of {} vCPU provided by instance type, preference requires {} vCPU", number(have), number(need))];
                }
            } else {
                let cpu = tspec.path(&["domain", "cpu"]);
                let (s, c, t) = (
                    cpu.at("sockets").num(),
                    cpu.at("cores").num(),
                    cpu.at("threads").num(),
                );
                let (have, what): (Option<f64>, String) = match preferred_topology(Some(pref)) {
                    "preferThreads" | "threads" => (Some(t), "threads".into()),
                    "preferCores" | "cores" => (Some(c), "cores".into()),
                    "preferSockets" | "sockets" => (Some(s), "sockets".into()),
                    "preferSpread" | "spread" => {
                        let across = spread_options(Some(pref)).1;
                        let have = match across.as_str() {
                            "SocketsCores" => s * c,
                            "CoresThreads" => c * t,
                            "SocketsCoresThreads" => s * c * t,
                            _ => 0.0,
                        };
                        (Some(have), across)
                    }
                    "preferAny" | "any" => (Some(c * s * t), "cores, sockets and threads".into()),
                    _ => (None, String::new()),
                };
                if let Some(have) = have.filter(|h| *h < need) {
                    return vec![format!("insufficient CPU resources of {} vCPU provided by VirtualMachine, preference requires {} vCPU provided as {what}", number(have), number(need))];
                }
            }
        }
        if r.at("memory").is_object() {
            let need = quantity::exact(r.path(&["memory", "guest"]));
            let mut have = Qty::Exact { num: 0, den: 1 };
            let mut src = "VirtualMachine";
            if let Some(it) = it {
                have = quantity::exact(it.path(&["memory", "guest"]));
                src = "instance type";
            }
            let guest = tspec.path(&["domain", "memory", "guest"]);
            if guest.set() {
                have = quantity::exact(guest);
            }
            if have.cmp_q(need).is_lt() {
                return vec![format!(
                    "insufficient Memory resources of {} provided by {src}, preference requires {}",
                    have.ceil(),
                    r.path(&["memory", "guest"]).shown()
                )];
            }
        }
        let arch = r.at("architecture");
        if arch.set() && tspec.at("architecture") != arch {
            return vec![format!(
                "preference requires architecture {} but {} is being requested",
                arch.shown(),
                tspec.at("architecture").shown()
            )];
        }
        Vec::new()
    }
}

pub(crate) fn preferred_topology(pref: Option<&Value>) -> &str {
    pref.map(|p| p.path(&["cpu", "preferredCPUTopology"]))
        .filter(|t| t.truthy())
        .and_then(Value::as_str)
        .unwrap_or("preferSockets")
}

pub(crate) fn spread_options(pref: Option<&Value>) -> (f64, String) {
    let Some(pref) = pref else {
        return (2.0, "SocketsCores".into());
    };
    let mut ratio = pref.at("preferSpreadSocketToCoreRatio").num();
    if ratio == 0.0 {
        ratio = 2.0;
    }
    let mut across = "SocketsCores".to_string();
    let so = pref.path(&["cpu", "spreadOptions"]);
    if so.is_object() {
        if so.at("across").set() {
            across = so.at("across").shown();
        }
        if so.at("ratio").set() {
            ratio = so.at("ratio").num();
        }
    }
    (ratio, across)
}

/// preference/validation.CheckSpreadCPUTopology.
fn spread_conflict(it: Option<&Value>, pref: Option<&Value>) -> Option<(String, String)> {
    let it = it?;
    if !matches!(preferred_topology(pref), "spread" | "preferSpread") {
        return None;
    }
    let (ratio, across) = spread_options(pref);
    let vcpus = it.path(&["cpu", "guest"]).num();
    let path = "instancetype.spec.cpu.guest".to_string();
    if ratio == 0.0 {
        return Some((path, "spread ratio of 0".into()));
    }
    if matches!(across.as_str(), "SocketsCores" | "CoresThreads") && vcpus % ratio != 0.0 {
        return Some((path, format!("{} vCPUs provided by the instance type are not divisible by the spread ratio {} provided by the preference", number(vcpus), number(ratio))));
    }
    if across == "SocketsCoresThreads"
        && (vcpus % 2.0 != 0.0 || (vcpus / 2.0).floor() % ratio != 0.0)
    {
        return Some((path, format!("{} vCPUs provided by the instance type are not divisible by the number of threads per core 2 and ratio {}", number(vcpus), number(ratio))));
    }
    None
}

/// instancetype/apply: the fields that conflict, and the instancetype applied to `tspec`.
fn apply_instancetype(
    it: &Value,
    pref: Option<&Value>,
    tspec: &mut Value,
    tmeta: &mut Value,
) -> Vec<String> {
    let mut conf = Vec::new();
    if it.at("nodeSelector").set() {
        if tspec.at("nodeSelector").set() {
            conf.push(format!("{P}.nodeSelector"));
        } else {
            put(tspec, "nodeSelector", it.at("nodeSelector").clone());
        }
    }
    if it.at("schedulerName").truthy() {
        if tspec.at("schedulerName").truthy() {
            conf.push(format!("{P}.schedulerName"));
        } else {
            put(tspec, "schedulerName", it.at("schedulerName").clone());
        }
    }
    let dom = obj_mut(tspec, "domain");
    conf.extend(apply_cpu(it, pref, dom));
    conf.extend(apply_memory(it, dom));
    if it.path(&["ioThreads", "supplementalPoolThreadCount"]).set() {
        if dom
            .path(&["ioThreads", "supplementalPoolThreadCount"])
            .set()
        {
            conf.push(format!("{P}.domain.ioThreads.supplementalPoolThreadCount"));
        } else {
            let count = it
                .path(&["ioThreads", "supplementalPoolThreadCount"])
                .clone();
            put(
                obj_mut(dom, "ioThreads"),
                "supplementalPoolThreadCount",
                count,
            );
        }
    }
    for key in ["ioThreadsPolicy", "launchSecurity"] {
        if it.at(key).set() {
            if dom.at(key).set() {
                conf.push(format!("{P}.domain.{key}"));
            } else {
                put(dom, key, it.at(key).clone());
            }
        }
    }
    let devs = obj_mut(dom, "devices");
    for key in ["gpus", "hostDevices"] {
        if !it.at(key).items().is_empty() {
            if !devs.at(key).items().is_empty() {
                conf.push(format!("{P}.domain.devices.{key}"));
            } else {
                put(devs, key, it.at(key).clone());
            }
        }
    }
    let ann = obj_mut(tmeta, "annotations");
    for (k, v) in it.at("annotations").entries().into_iter().flatten() {
        match ann.get(k) {
            Some(existing) if existing != v => conf.push(format!("annotations.{k}")),
            Some(_) => {}
            None => put(ann, k, v.clone()),
        }
    }
    conf
}

fn apply_cpu(it: &Value, pref: Option<&Value>, dom: &mut Value) -> Vec<String> {
    let icpu = it.at("cpu");
    let res = dom.at("resources");
    let mut cc = Vec::new();
    if res
        .at("requests")
        .entries()
        .is_some_and(|m| m.contains_key("cpu"))
    {
        cc.push(format!("{P}.domain.resources.requests.cpu"));
    }
    if res
        .at("limits")
        .entries()
        .is_some_and(|m| m.contains_key("cpu"))
    {
        cc.push(format!("{P}.domain.resources.limits.cpu"));
    }
    let cpu = obj_mut(dom, "cpu");
    for k in ["sockets", "cores", "threads"] {
        if cpu.at(k).num() != 0.0 {
            cc.push(format!("{P}.domain.cpu.{k}"));
        }
    }
    if cpu.at("model").truthy() && icpu.at("model").set() {
        cc.push(format!("{P}.domain.cpu.model"));
    }
    if cpu.at("dedicatedCpuPlacement").is_true() && icpu.at("dedicatedCPUPlacement").set() {
        cc.push(format!("{P}.domain.cpu.dedicatedCPUPlacement"));
    }
    if cpu.at("isolateEmulatorThread").is_true() && icpu.at("isolateEmulatorThread").set() {
        cc.push(format!("{P}.domain.cpu.isolateEmulatorThread"));
    }
    for k in ["numa", "realtime"] {
        if cpu.at(k).set() && icpu.at(k).set() {
            cc.push(format!("{P}.domain.cpu.{k}"));
        }
    }
    if !cc.is_empty() {
        return cc;
    }
    for (src, dst) in [
        ("model", "model"),
        ("dedicatedCPUPlacement", "dedicatedCpuPlacement"),
        ("isolateEmulatorThread", "isolateEmulatorThread"),
        ("numa", "numa"),
        ("realtime", "realtime"),
        ("maxSockets", "maxSockets"),
    ] {
        if icpu.at(src).set() {
            put(cpu, dst, icpu.at(src).clone());
        }
    }
    let v = icpu.at("guest").num();
    let (mut sockets, mut cores, mut threads) = (1.0, 1.0, 1.0);
    if v != 1.0 {
        match preferred_topology(pref) {
            "preferCores" | "cores" => cores = v,
            "preferSockets" | "preferAny" | "sockets" | "any" => sockets = v,
            "preferThreads" | "threads" => threads = v,
            "preferSpread" | "spread" => {
                let (ratio, across) = spread_options(pref);
                match across.as_str() {
                    "SocketsCores" => (cores, sockets) = (ratio, (v / ratio).floor()),
                    "CoresThreads" => (threads, cores) = (ratio, (v / ratio).floor()),
                    "SocketsCoresThreads" => {
                        (threads, cores, sockets) =
                            (2.0, ratio, ((v / 2.0).floor() / ratio).floor())
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    put(cpu, "sockets", number(sockets));
    put(cpu, "cores", number(cores));
    put(cpu, "threads", number(threads));
    Vec::new()
}

fn apply_memory(it: &Value, dom: &mut Value) -> Vec<String> {
    let imem = it.at("memory");
    let res = dom.at("resources").clone();
    let has = |part: &str| {
        res.at(part)
            .entries()
            .is_some_and(|m| m.contains_key("memory"))
    };
    let mem = obj_mut(dom, "memory");
    let conflict = if mem.at("guest").set() {
        Some("guest")
    } else if mem.at("hugepages").set() && imem.at("hugepages").set() {
        Some("hugepages")
    } else if mem.at("maxGuest").set() && imem.at("maxGuest").set() {
        Some("maxGuest")
    } else {
        None
    };
    if let Some(c) = conflict {
        return vec![format!("{P}.domain.memory.{c}")];
    }
    if has("requests") {
        return vec![format!("{P}.domain.resources.requests.memory")];
    }
    if has("limits") {
        return vec![format!("{P}.domain.resources.limits.memory")];
    }
    put(mem, "guest", imem.at("guest").clone());
    for key in ["hugepages", "maxGuest"] {
        if imem.at(key).set() {
            put(mem, key, imem.at(key).clone());
        }
    }
    let oc = imem.at("overcommitPercent").num();
    if oc > 0.0 {
        let guest = quantity::value(imem.at("guest")) as f64;
        let request = (guest * (1.0 - oc / 100.0)).trunc();
        put(
            obj_mut(obj_mut(dom, "resources"), "requests"),
            "memory",
            number(request),
        );
    }
    Vec::new()
}

/// preference/apply: only the parts that can change a verdict.
fn apply_preference(pref: &Value, tspec: &mut Value) {
    let networks = tspec.at("networks").clone();
    let dom = obj_mut(tspec, "domain");
    let pd = pref.at("devices");
    let devs = obj_mut(dom, "devices");
    for (pk, vk) in [
        (
            "preferredAutoattachGraphicsDevice",
            "autoattachGraphicsDevice",
        ),
        ("preferredAutoattachPodInterface", "autoattachPodInterface"),
        ("preferredAutoattachMemBalloon", "autoattachMemBalloon"),
        (
            "preferredAutoattachSerialConsole",
            "autoattachSerialConsole",
        ),
        ("preferredAutoattachInputDevice", "autoattachInputDevice"),
    ] {
        if pd.at(pk).set() && !devs.at(vk).set() {
            put(devs, vk, pd.at(pk).clone());
        }
    }
    if pd.at("preferredVideoType").set() {
        let video = obj_mut(devs, "video");
        if !video.at("type").truthy() {
            put(video, "type", pd.at("preferredVideoType").clone());
        }
    }
    if pd.at("preferredTPM").set() && !devs.at("tpm").set() {
        put(devs, "tpm", pd.at("preferredTPM").clone());
    }
    if pd.at("preferredSoundModel").truthy()
        && devs.at("sound").is_object()
        && !devs.path(&["sound", "model"]).truthy()
    {
        put(
            obj_mut(devs, "sound"),
            "model",
            pd.at("preferredSoundModel").clone(),
        );
    }
    if pref.at("devices").set() {
        prefer_devices(pd, devs, &networks);
    }
    let pf = pref.at("features");
    if pf.entries().is_some_and(|m| !m.is_empty()) {
        let features = obj_mut(dom, "features");
        if pf.at("preferredSmm").set() && !features.at("smm").set() {
            put(features, "smm", pf.at("preferredSmm").clone());
        }
    }
    let fw = pref.at("firmware");
    if fw.entries().is_some_and(|m| !m.is_empty()) {
        let bl = obj_mut(obj_mut(dom, "firmware"), "bootloader");
        if fw.at("preferredUseBios").is_true() && !bl.at("bios").set() && !bl.at("efi").set() {
            put(bl, "bios", empty());
        }
        if !bl.at("efi").set() && !bl.at("bios").set() && fw.at("preferredEfi").set() {
            put(bl, "efi", fw.at("preferredEfi").clone());
        } else {
            if fw.at("preferredUseEfi").is_true() && !bl.at("efi").set() && !bl.at("bios").set() {
                put(bl, "efi", empty());
            }
            if fw.at("preferredUseSecureBoot").set()
                && bl.at("efi").is_object()
                && !bl.path(&["efi", "secureBoot"]).set()
            {
                put(
                    obj_mut(bl, "efi"),
                    "secureBoot",
                    fw.at("preferredUseSecureBoot").clone(),
                );
            }
        }
    }
    if pref.at("preferredLaunchSecurity").set() && !dom.at("launchSecurity").set() {
        put(
            dom,
            "launchSecurity",
            pref.at("preferredLaunchSecurity").clone(),
        );
    }
    if pref.at("preferredSubdomain").truthy() && !tspec.at("subdomain").truthy() {
        put(tspec, "subdomain", pref.at("preferredSubdomain").clone());
    }
    if pref.at("preferredArchitecture").truthy() && !tspec.at("architecture").truthy() {
        put(
            tspec,
            "architecture",
            pref.at("preferredArchitecture").clone(),
        );
    }
}

fn set_if(target: &mut Value, key: &str, pd: &Value, pk: &str) {
    if pd.at(pk).truthy() && !target.at(key).truthy() {
        put(target, key, pd.at(pk).clone());
    }
}

fn prefer_devices(pd: &Value, devs: &mut Value, networks: &Value) {
    let mut disks = devs.at("disks").items().to_vec();
    for disk in disks.iter_mut().filter(|d| d.is_object()) {
        if !disk.at("disk").set() && !disk.at("cdrom").set() && !disk.at("lun").set() {
            put(disk, "disk", empty());
        }
        if disk.at("disk").set() {
            let bus_before = {
                let t = obj_mut(disk, "disk");
                set_if(t, "bus", pd, "preferredDiskBus");
                t.at("bus").clone()
            };
            if pd.at("preferredDiskBlockSize").set() && !disk.at("blockSize").set() {
                put(disk, "blockSize", pd.at("preferredDiskBlockSize").clone());
            }
            set_if(disk, "cache", pd, "preferredDiskCache");
            set_if(disk, "io", pd, "preferredDiskIO");
            if pd.at("preferredDiskDedicatedIoThread").set()
                && !disk.at("dedicatedIOThread").set()
                && bus_before == "virtio"
            {
                put(
                    disk,
                    "dedicatedIOThread",
                    pd.at("preferredDiskDedicatedIoThread").clone(),
                );
            }
        } else if disk.at("cdrom").set() {
            set_if(obj_mut(disk, "cdrom"), "bus", pd, "preferredCdromBus");
        } else if disk.at("lun").set() {
            set_if(obj_mut(disk, "lun"), "bus", pd, "preferredLunBus");
        }
    }
    if devs.at("disks").is_array() {
        put(devs, "disks", Value::Array(disks));
    }
    let pods: Vec<&Value> = networks
        .items()
        .iter()
        .filter(|n| n.is_object() && n.at("pod").set())
        .map(|n| n.at("name"))
        .collect();
    let mut ifaces = devs.at("interfaces").items().to_vec();
    for iface in ifaces.iter_mut().filter(|i| i.is_object()) {
        set_if(iface, "model", pd, "preferredInterfaceModel");
        let unbound = [
            "bridge",
            "masquerade",
            "sriov",
            "passtBinding",
            "binding",
            "slirp",
            "macvtap",
            "passt",
        ]
        .iter()
        .all(|b| !iface.at(b).set());
        if pd.at("preferredInterfaceMasquerade").set()
            && pods.contains(&iface.at("name"))
            && unbound
        {
            put(
                iface,
                "masquerade",
                pd.at("preferredInterfaceMasquerade").clone(),
            );
        }
    }
    if devs.at("interfaces").is_array() {
        put(devs, "interfaces", Value::Array(ifaces));
    }
    let mut inputs = devs.at("inputs").items().to_vec();
    for inp in inputs.iter_mut().filter(|i| i.is_object()) {
        set_if(inp, "bus", pd, "preferredInputBus");
        set_if(inp, "type", pd, "preferredInputType");
    }
    if devs.at("inputs").is_array() {
        put(devs, "inputs", Value::Array(inputs));
    }
}

/// liveupdate/memory.ValidateLiveUpdateMemory.
fn live_update_memory(tspec: &Value, max_guest: &Value) -> Option<&'static str> {
    let dom = tspec.at("domain");
    let cpu = dom.at("cpu");
    if cpu.at("realtime").set() {
        return Some("Memory hotplug is not compatible with realtime VMs");
    }
    if cpu.path(&["numa", "guestMappingPassthrough"]).set() {
        return Some("Memory hotplug is not compatible with guest mapping passthrough");
    }
    if dom.at("launchSecurity").set() {
        return Some("Memory hotplug is not compatible with encrypted VMs");
    }
    let gib = dom.path(&["memory", "hugepages", "pageSize"]).as_str() == Some("1Gi");
    let align: i128 = if gib { 0x4000_0000 } else { 0x20_0000 };
    let guest = dom.path(&["memory", "guest"]);
    if !guest.set() {
        return Some("Guest memory must be configured when memory hotplug is enabled");
    }
    if quantity::exact(guest)
        .cmp_q(quantity::exact(max_guest))
        .is_gt()
    {
        return Some("Guest memory is greater than the configured maxGuest memory");
    }
    if quantity::value(guest) % align != 0 {
        return Some(if gib {
            "Guest memory must be 1Gi aligned"
        } else {
            "Guest memory must be 2Mi aligned"
        });
    }
    if quantity::value(max_guest) % align != 0 {
        return Some(if gib {
            "MaxGuest must be 1Gi aligned"
        } else {
            "MaxGuest must be 2Mi aligned"
        });
    }
    if tspec.at("architecture").as_str() != Some("amd64") {
        return Some("Memory hotplug is only available for x86_64 VMs");
    }
    if quantity::value(guest) < 0x4000_0000 {
        return Some("Memory hotplug is only available for VMs with at least 1Gi of guest memory");
    }
    None
}

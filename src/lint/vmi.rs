//! ValidateVirtualMachineInstanceSpec (KubeVirt v1.9.0): resources, CPU pinning, disks and
//! volumes, firmware, probes, access credentials, DNS, devices and their feature gates. Run on
//! a VM's defaulted template and on a VirtualMachineInstance's spec. Network rules are in
//! [`super::network`].

use super::quantity::{self, Qty};
use super::value::{key, repr, Key, Read};
use super::{names, Checker};
use foldhash::{HashMap, HashMapExt};
use serde_json::Value;

/// fnmatch with `*` only: the emulated-machine patterns use nothing else.
fn glob_match(pattern: &str, text: &str) -> bool {
    fn go(p: &[u8], t: &[u8]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some((b'*', rest)) => (0..=t.len()).any(|i| go(rest, &t[i..])),
            Some((c, rest)) => t.first() == Some(c) && go(rest, &t[1..]),
        }
    }
    go(pattern.as_bytes(), text.as_bytes())
}

impl Checker<'_> {
    fn at_f(&mut self, f: &str, path: &str, msg: String) {
        if path.is_empty() {
            self.add(f, msg);
        } else {
            self.add(&format!("{f}.{path}"), msg);
        }
    }

    /// The whole VMI spec; `f` is its path (`spec.template.spec` or `spec`).
    pub(crate) fn vmi_spec(&mut self, f: &str, spec: &Value) {
        let dom = spec.at("domain");
        let arch = Some(spec.at("architecture").text())
            .filter(|a| !a.is_empty())
            .unwrap_or(&self.settings.default_architecture)
            .to_string();
        for (key, rule) in [("hostname", "DNS_LABEL"), ("subdomain", "DNS_SUBDOMAIN")] {
            if spec.at(key).truthy() {
                let v = spec.at(key).shown();
                let e = if key == "hostname" {
                    names::dns1123_label(&v)
                } else {
                    names::dns1123_subdomain(&v)
                };
                if !e.is_empty() {
                    self.at_f(
                        f,
                        key,
                        format!(
                            "does not conform to the kubernetes {rule} rules : {}",
                            e.join(", ")
                        ),
                    );
                }
            }
        }
        self.memory_rules(f, dom);
        self.machine_and_acpi(f, spec, &arch);
        self.cpu_rules(f, spec, &arch);
        self.networks(f, spec);
        self.dra(f, spec);
        self.disks_and_boot(f, spec);
        self.probes(f, spec);
        self.domain(f, dom);
        self.volumes(f, spec.at("volumes").items());
        for (i, v) in spec
            .at("volumes")
            .items()
            .iter()
            .filter(|v| v.is_object())
            .enumerate()
        {
            let p = v.path(&["containerDisk", "path"]);
            if v.at("containerDisk").set() && p.truthy() {
                if let Some(e) =
                    names::validate_path(&format!("{f}.volumes[{i}].containerDisk"), &p.shown())
                {
                    self.at_f(f, &format!("volumes[{i}].containerDisk"), e);
                }
            }
        }
        if spec.at("utilityVolumes").set() {
            self.at_f(f, "utilityVolumes", "cannot create VMI with utility volumes in spec, utility volumes can only be added via hotplug".into());
        }
        self.access_credentials(f, spec);
        let dp = spec.at("dnsPolicy");
        if dp.truthy()
            && !matches!(
                dp.as_str(),
                Some("ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None")
            )
        {
            self.at_f(
                f,
                "dnsPolicy",
                format!("DNSPolicy: {} is not supported", dp.shown()),
            );
        }
        self.dns_config(f, spec.at("dnsConfig"), dp);
        let ev = spec.at("evictionStrategy");
        if ev.set()
            && !matches!(
                ev.as_str(),
                Some("LiveMigrate" | "LiveMigrateIfPossible" | "None" | "External")
            )
        {
            self.at_f(
                f,
                "evictionStrategy",
                format!("is set with an unrecognized option: {}", ev.shown()),
            );
        }
        self.device_gates(f, spec, &arch);
        self.service_account(f, spec);
    }

    fn memory_rules(&mut self, f: &str, dom: &Value) {
        let (req, lim) = (
            dom.path(&["resources", "requests"]),
            dom.path(&["resources", "limits"]),
        );
        let mem = dom.at("memory");
        let (rm, lm) = (
            quantity::value(req.at("memory")),
            quantity::value(lim.at("memory")),
        );
        if rm < 0 {
            self.at_f(
                f,
                "domain.resources.requests.memory",
                "must be greater than or equal to 0.".into(),
            );
        } else if rm > 0 && quantity::exact(req.at("memory")).cmp_int(1_000_000).is_lt() {
            self.at_f(
                f,
                "domain.resources.requests.memory",
                "must be greater than or equal to 1M.".into(),
            );
        }
        if lm < 0 {
            self.at_f(
                f,
                "domain.resources.limits.memory",
                "must be greater than or equal to 0.".into(),
            );
        }
        if lm > 0 && rm > lm {
            self.at_f(
                f,
                "domain.resources.requests.memory",
                format!(
                    "'{}' is greater than {f}.domain.resources.limits.memory '{}'",
                    req.at("memory").shown(),
                    lim.at("memory").shown()
                ),
            );
        }
        if mem.is_object() && mem.at("hugepages").set() {
            let ps = mem.path(&["hugepages", "pageSize"]);
            let parsed = match ps {
                Value::Null => None,
                other => Qty::parse(&other.shown()).ok(),
            };
            match parsed {
                None => self.at_f(
                    f,
                    "domain.memory.hugepages.pageSize",
                    format!(
                        "'{}': quantities must match the regular expression",
                        ps.shown()
                    ),
                ),
                Some(q) => {
                    let psv = q.ceil();
                    let vmm = [rm, quantity::value(mem.at("guest")), lm]
                        .into_iter()
                        .find(|v| *v != 0)
                        .unwrap_or(0);
                    if vmm != 0 && vmm < psv {
                        self.at_f(f, "domain.resources.requests.memory", format!("must be equal to or larger than page size {f}.domain.memory.hugepages.pageSize {}", repr(ps)));
                    } else if psv != 0 && vmm % psv != 0 {
                        self.at_f(f, "domain.resources.requests.memory", format!("is not a multiple of the page size {f}.domain.memory.hugepages.pageSize {}", repr(ps)));
                    }
                }
            }
        }
        if !self.settings.live_update && mem.is_object() && mem.at("guest").set() {
            let gm = quantity::value(mem.at("guest"));
            if lm != 0 && lm < gm {
                self.at_f(f, "domain.memory.guest", format!("'{}' must be equal to or less than the memory limit {f}.domain.resources.limits.memory '{}'", mem.at("guest").shown(), lim.at("memory").shown()));
            }
        }
    }

    fn machine_and_acpi(&mut self, f: &str, spec: &Value, arch: &str) {
        let dom = spec.at("domain");
        let mt = dom.path(&["machine", "type"]);
        if mt.truthy() {
            let pats = super::emulated_machines(arch);
            let mt = mt.shown();
            if !pats.iter().any(|p| glob_match(p, &mt)) {
                let shown: Vec<String> = pats.iter().map(|p| format!("'{p}'")).collect();
                self.at_f(
                    f,
                    "domain.machine.type",
                    format!(
                        "is not supported: {mt} (allowed values: [{}])",
                        shown.join(", ")
                    ),
                );
            }
        }
        let acpi = dom.path(&["firmware", "acpi"]);
        if acpi.is_object() {
            if !acpi.at("slicNameRef").truthy() && !acpi.at("msdmNameRef").truthy() {
                self.at_f(
                    f,
                    "acpi",
                    "ACPI was set but no SLIC nor MSDM volume reference was set".into(),
                );
            } else {
                for r in ["slicNameRef", "msdmNameRef"] {
                    let n = acpi.at(r);
                    if !n.truthy() {
                        continue;
                    }
                    let vol = spec
                        .at("volumes")
                        .items()
                        .iter()
                        .find(|v| v.is_object() && v.at("name") == n);
                    match vol {
                        None => self.at_f(
                            f,
                            &format!("acpi.{r}"),
                            format!("{f}.acpi does not have a matching Volume."),
                        ),
                        Some(v) if !v.at("secret").set() => self.at_f(
                            f,
                            &format!("acpi.{r}"),
                            format!("{f}.acpi refers to Volume of unsupported type."),
                        ),
                        Some(_) => {}
                    }
                }
            }
        }
    }

    fn cpu_rules(&mut self, f: &str, spec: &Value, arch: &str) {
        let dom = spec.at("domain");
        let (req, lim) = (
            dom.path(&["resources", "requests"]),
            dom.path(&["resources", "limits"]),
        );
        let (rc, lc) = (
            quantity::milli(req.at("cpu")),
            quantity::milli(lim.at("cpu")),
        );
        if rc < 0 {
            self.at_f(
                f,
                "domain.resources.requests.cpu",
                "must be greater than or equal to 0.".into(),
            );
        }
        if lc < 0 {
            self.at_f(
                f,
                "domain.resources.limits.cpu",
                "must be greater than or equal to 0.".into(),
            );
        }
        if lc > 0 && rc > lc {
            self.at_f(
                f,
                "domain.resources.requests.cpu",
                format!(
                    "'{}' is greater than {f}.domain.resources.limits.cpu '{}'",
                    req.at("cpu").shown(),
                    lim.at("cpu").shown()
                ),
            );
        }
        let cpu = dom.at("cpu");
        let mem = dom.at("memory");
        if cpu.is_object() && cpu.at("dedicatedCpuPlacement").is_true() {
            self.cpu_pinning(f, cpu, req, lim, mem, arch);
        }
        let dedicated = cpu.at("dedicatedCpuPlacement").is_true();
        if cpu.is_object()
            && cpu.at("numa").set()
            && cpu.path(&["numa", "guestMappingPassthrough"]).set()
        {
            const G: &str = "domain.cpu.numa.guestMappingPassthrough";
            if !self.gates.on("NUMA") {
                self.at_f(
                    f,
                    G,
                    "NUMA feature gate is not enabled in kubevirt-config".into(),
                );
            }
            if !dedicated {
                self.at_f(f, G, format!("{f}.domain.cpu.dedicatedCpuPlacement must be set to true when NUMA topology strategy is set"));
            }
            if !mem.is_object() || !mem.at("hugepages").set() {
                self.at_f(f, G, format!("{f}.domain.memory.hugepages must be requested when NUMA topology strategy is set"));
            }
        }
        if cpu.is_object() && cpu.at("isolateEmulatorThread").is_true() && !dedicated {
            self.at_f(f, "domain.cpu.isolateEmulatorThread", "IsolateEmulatorThread should be only set in combination with DedicatedCPUPlacement".into());
        }
        if cpu.is_object() {
            for (i, feat) in cpu.at("features").items().iter().enumerate() {
                let pol = feat.at("policy").shown();
                if !matches!(
                    pol.as_str(),
                    "" | "force" | "require" | "optional" | "disable" | "forbid"
                ) {
                    self.at_f(
                        f,
                        &format!("domain.cpu.features[{i}].policy"),
                        format!(
                            "CPU feature {} uses policy {pol} that is not supported.",
                            feat.at("name").shown()
                        ),
                    );
                }
            }
            let max = cpu.at("maxSockets").num();
            if max != 0.0 && cpu.at("sockets").num() > max {
                self.at_f(
                    f,
                    "domain.cpu.sockets",
                    "Number of sockets in CPU topology is greater than the maximum sockets allowed"
                        .into(),
                );
            }
        }
        let ss = spec.at("startStrategy");
        if ss.set() {
            if ss.as_str() != Some("Paused") {
                self.at_f(
                    f,
                    "startStrategy",
                    format!("is set with an unrecognized option: {}", ss.shown()),
                );
            } else if spec.at("livenessProbe").set() {
                self.at_f(
                    f,
                    "startStrategy",
                    "Pausing VMI with LivenessProbe is not supported".into(),
                );
            }
        }
        if cpu.is_object() && cpu.at("realtime").set() {
            if !dedicated {
                self.at_f(
                    f,
                    "domain.cpu.dedicatedCpuPlacement",
                    format!("must be set to true when {f}.domain.cpu.realtime is used"),
                );
            }
            if !cpu.path(&["numa", "guestMappingPassthrough"]).set() {
                self.at_f(
                    f,
                    "domain.cpu.numa.guestMappingPassthrough",
                    format!("must be defined when {f}.domain.cpu.realtime is used"),
                );
            }
        }
    }

    fn cpu_pinning(
        &mut self,
        f: &str,
        cpu: &Value,
        req: &Value,
        lim: &Value,
        mem: &Value,
        arch: &str,
    ) {
        let (rcv, lcv) = (
            quantity::value(req.at("cpu")),
            quantity::value(lim.at("cpu")),
        );
        let (c, so, t) = (
            cpu.at("cores").num(),
            cpu.at("sockets").num(),
            cpu.at("threads").num(),
        );
        let mut vcpus = c;
        if so != 0.0 {
            vcpus = if vcpus == 0.0 { so } else { vcpus * so };
        }
        if t != 0.0 {
            vcpus = if vcpus == 0.0 { t } else { vcpus * t };
        }
        if quantity::exact(lim.at("memory")).is_zero()
            && quantity::exact(req.at("memory")).is_zero()
            && (!mem.is_object()
                || (!mem.at("hugepages").set() && quantity::exact(mem.at("guest")).is_zero()))
        {
            self.at_f(f, "domain.resources.limits.memory", "requests.memory, limits.memory, memory.hugepages or memory.guest should be provided".into());
        }
        if rcv > 0 && rcv.saturating_mul(1000) != quantity::milli(req.at("cpu")) {
            self.at_f(
                f,
                "domain.resources.requests.cpu",
                "provided resources CPU requests must be an interger".into(),
            );
        }
        if lcv > 0 && lcv.saturating_mul(1000) != quantity::milli(lim.at("cpu")) {
            self.at_f(
                f,
                "domain.resources.limits.cpu",
                "provided resources CPU limits must be an interger".into(),
            );
        }
        let (rmv, lmv) = (
            quantity::value(req.at("memory")),
            quantity::value(lim.at("memory")),
        );
        if rmv > 0 && lmv > 0 && rmv != lmv {
            self.at_f(
                f,
                "domain.resources.requests.memory",
                format!("must be equal to {f}.domain.resources.limits.memory"),
            );
        }
        const D: &str = "domain.cpu.dedicatedCpuPlacement";
        if rcv == 0 && lcv == 0 && vcpus == 0.0 {
            self.at_f(f, D, "either requests.cpu or limits.cpu or cpu.cores must be provided when DedicatedCPUPlacement is true".into());
        }
        if rcv > 0 && lcv > 0 && rcv != lcv {
            self.at_f(
                f,
                D,
                "requests.cpu or limits.cpu must be equal when DedicatedCPUPlacement is true"
                    .into(),
            );
        }
        if (rcv > 0 || lcv > 0) && vcpus > 0.0 && rcv as f64 != vcpus && lcv as f64 != vcpus {
            self.at_f(f, D, "requests.cpu or limits.cpu must not be provided at the same time with cpu.cores when DedicatedCPUPlacement is true".into());
        }
        if t > 1.0 && arch == "arm64" {
            self.at_f(f, "architecture", format!("threads must not be greater than 1 at {f}.domain.cpu.threads (got {t}) when {f}.architecture is arm64"));
        }
        if t > 2.0 {
            self.at_f(f, D, format!("Not more than two threads must be provided at {f}.domain.cpu.threads (got {t}) when DedicatedCPUPlacement is true"));
        }
    }

    fn disks_and_boot(&mut self, f: &str, spec: &Value) {
        let mut volmap: HashMap<Key, &Value> = HashMap::new();
        for v in spec.at("volumes").items().iter().filter(|v| v.is_object()) {
            volmap.entry(key(v.at("name"))).or_insert(v);
        }
        let mut orders: Vec<f64> = Vec::new();
        let disks = spec.path(&["domain", "devices", "disks"]).items();
        for (i, d) in disks.iter().enumerate() {
            let v = volmap.get(&key(d.at("name"))).copied();
            let dp = format!("domain.devices.disks[{i}]");
            if v.is_none() {
                if !d.at("cdrom").set() {
                    self.at_f(
                        f,
                        &format!("{dp}.name"),
                        format!(
                            "{f}.domain.devices.disks[{i}].Name '{}' not found.",
                            d.at("name").shown()
                        ),
                    );
                } else if !self.gates.on("DeclarativeHotplugVolumes") {
                    self.at_f(f, &format!("{dp}.name"), "DeclarativeHotplugVolumes feature gate not enabled, cannot define an empty CD-ROM disk".into());
                }
            }
            if let Some(v) = v {
                if d.at("lun").set()
                    && !v.at("persistentVolumeClaim").set()
                    && !v.at("dataVolume").set()
                {
                    self.at_f(
                        f,
                        &format!("{dp}.lun"),
                        "can only be mapped to a DataVolume or PersistentVolumeClaim volume."
                            .into(),
                    );
                }
                if v.at("downwardMetrics").set() {
                    if !d.at("disk").set() {
                        self.at_f(
                            f,
                            &format!("{dp}.disk"),
                            "DownwardMetrics volume must be mapped to a disk".into(),
                        );
                    } else if !matches!(d.path(&["disk", "bus"]).shown().as_str(), "" | "virtio") {
                        self.at_f(
                            f,
                            &format!("{dp}.disk.bus"),
                            "DownwardMetrics volume must be mapped to virtio bus".into(),
                        );
                    }
                }
            }
            let bo = d.at("bootOrder");
            if bo.set() {
                if orders.contains(&bo.num()) {
                    self.at_f(
                        f,
                        &format!("{dp}.bootOrder"),
                        "Boot order already set for a different device.".into(),
                    );
                }
                orders.push(bo.num());
            }
        }
        for (i, iface) in spec
            .path(&["domain", "devices", "interfaces"])
            .items()
            .iter()
            .enumerate()
        {
            let bo = iface.at("bootOrder");
            if bo.set() {
                let p = format!("domain.devices.interfaces[{i}].bootOrder");
                if bo.num() < 1.0 {
                    self.at_f(f, &p, "must have a boot order > 0, if supplied".into());
                } else {
                    if orders.contains(&bo.num()) {
                        self.at_f(
                            f,
                            &p,
                            "Boot order already set for a different device.".into(),
                        );
                    }
                    orders.push(bo.num());
                }
            }
        }
        let devs = spec.path(&["domain", "devices"]);
        for (i, inp) in devs.at("inputs").items().iter().enumerate() {
            if !matches!(inp.at("bus").shown().as_str(), "" | "virtio" | "usb") {
                self.at_f(
                    f,
                    &format!("domain.devices.inputs[{i}].bus"),
                    "Input device can have only virtio or usb bus.".into(),
                );
            }
            if inp.at("type").as_str() != Some("tablet") {
                self.at_f(
                    f,
                    &format!("domain.devices.inputs[{i}].type"),
                    "Input device can have only tablet type.".into(),
                );
            }
        }
        let dom = spec.at("domain");
        let itp = dom.at("ioThreadsPolicy");
        if itp.set() {
            if !matches!(itp.as_str(), Some("shared" | "auto" | "supplementalPool")) {
                self.at_f(
                    f,
                    "domain.ioThreadsPolicy",
                    format!("Invalid IOThreadsPolicy ({})", itp.shown()),
                );
            }
            if itp.as_str() == Some("supplementalPool")
                && dom
                    .path(&["ioThreads", "supplementalPoolThreadCount"])
                    .num()
                    < 1.0
            {
                self.at_f(
                    f,
                    "domain.ioThreads.count",
                    "the number of iothreads needs to be set and positive for the dedicated policy"
                        .into(),
                );
            }
        }
    }

    fn probes(&mut self, f: &str, spec: &Value) {
        let has_pod = spec
            .at("networks")
            .items()
            .iter()
            .any(|n| n.at("pod").set());
        for pk in ["readinessProbe", "livenessProbe"] {
            let pr = spec.at(pk);
            if !pr.is_object() {
                continue;
            }
            let n = ["httpGet", "tcpSocket", "exec", "guestAgentPing"]
                .iter()
                .filter(|h| pr.at(h).set())
                .count();
            if n > 1 {
                self.at_f(f, pk, "must have exactly one probe type set".into());
            }
            if n < 1 {
                self.at_f(f, pk, format!("either {f}.{pk}.tcpSocket, {f}.{pk}.exec or {f}.{pk}.httpGet must be set if a {f}.{pk} is specified"));
            }
            if !has_pod {
                for h in ["httpGet", "tcpSocket"] {
                    if pr.at(h).set() {
                        self.at_f(
                            f,
                            &format!("{pk}.{h}"),
                            "is only allowed if the Pod Network is attached".into(),
                        );
                    }
                }
            }
        }
    }

    fn device_gates(&mut self, f: &str, spec: &Value, arch: &str) {
        let dom = spec.at("domain");
        let devs = dom.at("devices");
        let mut ramfb = 0;
        for gpu in devs.at("gpus").items() {
            let disp = gpu.path(&["virtualGPUOptions", "display"]);
            if disp.is_object()
                && disp.at("enabled").as_bool() != Some(false)
                && (!disp.at("ramFB").set() || disp.path(&["ramFB", "enabled"]).is_true())
            {
                ramfb += 1;
            }
        }
        if ramfb > 1 {
            self.at_f(
                f,
                "GPUs",
                "configuring multiple displays with ramfb is not valid".into(),
            );
        }
        if devs.at("hostDevices").set() && !self.gates.on("HostDevices") {
            self.at_f(
                f,
                "HostDevices",
                "Host Devices feature gate is not enabled in kubevirt-config".into(),
            );
        }
        let snd = devs.at("sound");
        if snd.is_object() {
            if !matches!(snd.at("model").shown().as_str(), "" | "ich9" | "ac97") {
                self.at_f(
                    f,
                    "Sound",
                    "Sound device type is not supported. Options: 'ich9' or 'ac97'".into(),
                );
            }
            if !snd.at("name").truthy() {
                self.at_f(f, "Sound", "Sound device requires a name field.".into());
            }
        }
        let ls = dom.at("launchSecurity");
        if ls.is_object() {
            self.launch_security(f, dom, ls, arch, spec.at("startStrategy"));
        }
        if devs.at("autoattachVSOCK").is_true() && !self.gates.on("VSOCK") {
            self.at_f(
                f,
                "domain.devices.autoattachVSOCK",
                "VSOCK feature gate is not enabled in kubevirt-config".into(),
            );
        }
        let disks = devs.at("disks").items();
        if disks
            .iter()
            .any(|d| d.path(&["lun", "reservation"]).is_true())
            && !self.gates.listed("PersistentReservation")
        {
            self.at_f(
                f,
                "domain.devices.disks.luns.reservation",
                "persistent reservation is not enabled in kubevirt config".into(),
            );
        }
        if devs.at("downwardMetrics").set() && !self.gates.on("DownwardMetrics") {
            self.at_f(f, "domain.devices.downwardMetrics", "downwardMetrics virtio serial is not allowed: DownwardMetrics feature gate is not enabled".into());
        }
        let vols = spec.at("volumes").items();
        for fs in devs.at("filesystems").items() {
            let v = vols
                .iter()
                .filter(|v| v.is_object())
                .find(|v| v.at("name") == fs.at("name"));
            if let Some(v) = v {
                if (v.at("persistentVolumeClaim").set() || v.at("dataVolume").set())
                    && !self.gates.on("EnableVirtioFsStorageVolumes")
                {
                    self.at_f(
                        f,
                        "domain.devices.filesystems",
                        "virtiofs is not allowed: virtiofs feature gate is not enabled for PVC"
                            .into(),
                    );
                }
            }
        }
        if devs.at("video").set() && devs.at("autoattachGraphicsDevice").as_bool() == Some(false) {
            self.at_f(
                f,
                "video",
                "Video configuration is not allowed when autoattachGraphicsDevice is set to false"
                    .into(),
            );
        }
        let pds = devs.at("panicDevices").items();
        if !pds.is_empty() {
            if arch == "s390x" {
                self.at_f(
                    f,
                    "domain.devices.panicDevices",
                    format!("custom panic devices are not supported on {arch} architecture"),
                );
            }
            for (i, pd) in pds.iter().enumerate() {
                let m = pd.at("model");
                if m.set() && !matches!(m.as_str(), Some("hyperv" | "isa" | "pvpanic")) {
                    self.at_f(
                        f,
                        &format!("domain.devices.panicDevices[{i}].model"),
                        format!("invalid PanicDeviceModel({})", m.shown()),
                    );
                }
            }
        }
        if dom.at("rebootPolicy").set() && !self.gates.on("RebootPolicy") {
            self.at_f(
                f,
                "domain.rebootPolicy",
                "RebootPolicy is specified but the RebootPolicy feature gate is not enabled".into(),
            );
        }
        if dom.path(&["memory", "reservedOverhead"]).set()
            && dom.at("memory").is_object()
            && !self.gates.on("ReservedOverheadMemlock")
        {
            self.at_f(
                f,
                "domain.memory.reservedOverhead",
                "Reserved overhead memlock feature gate is not enabled in kubevirt-config".into(),
            );
        }
    }

    fn service_account(&mut self, f: &str, spec: &Value) {
        let san = spec.at("serviceAccountName");
        if !san.truthy() {
            return;
        }
        let e = names::dns1123_subdomain(&san.shown());
        if !e.is_empty() {
            self.at_f(
                f,
                "serviceAccountName",
                format!("is not a valid service account name: {}", e.join("; ")),
            );
        }
        let mismatch = spec
            .at("volumes")
            .items()
            .iter()
            .filter(|v| v.is_object())
            .any(|v| {
                v.at("serviceAccount").set()
                    && v.path(&["serviceAccount", "serviceAccountName"]) != san
            });
        if mismatch {
            self.at_f(f, "serviceAccountName", "spec.serviceAccountName and serviceAccount volume must reference the same service account".into());
        }
    }

    /// Disks (names, targets, buses, serials, block sizes) and firmware.
    fn domain(&mut self, f: &str, dom: &Value) {
        let disks = dom.path(&["devices", "disks"]).items();
        for (i, d) in disks.iter().enumerate() {
            let dp = format!("domain.devices.disks[{i}]");
            if disks[..i].iter().any(|o| o.at("name") == d.at("name")) {
                self.at_f(f, &format!("{dp}.name"), format!("{f}.domain.devices.disks[{i}] must not have the same Name as an earlier disk."));
            }
            let targets: Vec<&str> = ["disk", "lun", "cdrom"]
                .into_iter()
                .filter(|t| d.at(t).set())
                .collect();
            if targets.len() > 1 {
                self.at_f(f, &dp, "can only have a single target type defined".into());
            }
            let dt = d.at("disk");
            if dt.path(&["pciAddress"]).truthy() {
                if dt.at("bus").as_str() != Some("virtio") {
                    self.at_f(
                        f,
                        &format!("{dp}.disk.pciAddress"),
                        "setting a PCI address is only possible with bus type virtio.".into(),
                    );
                }
                if !names::pci_address_ok(&dt.at("pciAddress").shown()) {
                    self.at_f(
                        f,
                        &format!("{dp}.disk.pciAddress"),
                        format!("malformed PCI address ({}).", dt.at("pciAddress").shown()),
                    );
                }
            }
            if d.at("bootOrder").set() && d.at("bootOrder").num() < 1.0 {
                self.at_f(
                    f,
                    &format!("{dp}.bootOrder"),
                    "must have a boot order > 0, if supplied".into(),
                );
            }
            let kind = targets.first().copied().unwrap_or("");
            let bus = if kind.is_empty() {
                String::new()
            } else {
                d.path(&[kind, "bus"]).shown()
            };
            match bus.as_str() {
                "" | "scsi" | "usb" => {}
                "ide" => self.at_f(f, &format!("{dp}.{kind}.bus"), "IDE bus is not supported".into()),
                "virtio" => {
                    if kind == "cdrom" {
                        self.at_f(f, &format!("{dp}.cdrom.bus"), "Bus type virtio is invalid for CD-ROM device".into());
                    }
                }
                "sata" => {
                    if d.at("disk").set() && d.path(&["disk", "readonly"]).is_true() {
                        self.at_f(f, &format!("{dp}.disk.bus"), "sata hard-disks do not support read-only.".into());
                    }
                }
                other => self.at_f(f, &format!("{dp}.{kind}.bus"), format!("is set with an unrecognized bus {other}, must be one of: [virtio scsi sata usb]")),
            }
            if d.at("dedicatedIOThread").is_true() && bus != "virtio" {
                self.at_f(
                    f,
                    &dp,
                    format!("IOThreads are not supported for disks on a {bus} bus"),
                );
            }
            let ser = d.at("serial");
            if ser.truthy() {
                let s = ser.shown();
                if !s
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'+' | b'-'))
                {
                    self.at_f(
                        f,
                        &format!("{dp}.serial"),
                        "must be made up of the following characters [A-Za-z0-9_.+-], if specified"
                            .into(),
                    );
                }
                if s.chars().count() > 256 {
                    self.at_f(
                        f,
                        &format!("{dp}.serial"),
                        "must be less than or equal to 256 in length, if specified".into(),
                    );
                }
            }
            let cache = d.at("cache");
            if cache.truthy()
                && !matches!(cache.as_str(), Some("none" | "writethrough" | "writeback"))
            {
                self.at_f(
                    f,
                    &format!("{dp}.cache"),
                    format!("has invalid value {}", cache.shown()),
                );
            }
            let io = d.at("io");
            if io.truthy() && !matches!(io.as_str(), Some("native" | "threads")) {
                self.at_f(
                    f,
                    &format!("{dp}.io"),
                    "Disk IO mode is not supported. Supported modes are: native, threads.".into(),
                );
            }
            let ep = d.at("errorPolicy");
            if ep.set() && !matches!(ep.as_str(), Some("stop" | "ignore" | "report" | "enospace")) {
                self.at_f(
                    f,
                    &format!("{dp}.errorPolicy"),
                    format!("has invalid value \"{}\"", ep.shown()),
                );
            }
            for e in names::dns1123_label(&d.at("name").shown()) {
                self.at_f(f, &format!("{dp}.name"), e);
            }
            let bs = d.at("blockSize");
            if bs.at("custom").is_object() {
                self.block_size(f, &dp, bs, &bus);
            }
        }
        self.firmware(f, dom);
    }

    fn firmware(&mut self, f: &str, dom: &Value) {
        let fw = dom.at("firmware");
        let bl = fw.at("bootloader");
        if bl.at("efi").set() && bl.at("bios").set() {
            self.at_f(
                f,
                "domain.firmware.bootloader",
                "has both EFI and BIOS configured, but they are mutually exclusive.".into(),
            );
        }
        let kb = fw.at("kernelBoot");
        if kb.is_object() {
            let c = kb.at("container");
            if !c.is_object() {
                if kb.at("kernelArgs").truthy() {
                    self.at_f(
                        f,
                        "domain.firmware.kernelBoot.kernelArgs",
                        "kernel arguments cannot be provided without an external kernel".into(),
                    );
                }
            } else {
                if !c.at("image").truthy() {
                    self.at_f(
                        f,
                        "domain.firmware.kernelBoot.container.image",
                        "must be defined with an image".into(),
                    );
                }
                if !c.at("initrdPath").truthy() && !c.at("kernelPath").truthy() {
                    self.at_f(f, "domain.firmware.kernelBoot.container", "must be defined with at least one of the following: kernelPath, initrdPath".into());
                }
                for k in ["kernelPath", "initrdPath"] {
                    if c.at(k).truthy() {
                        let p = format!("domain.firmware.kernelBoot.container.{k}");
                        if let Some(e) = names::validate_path(&format!("{f}.{p}"), &c.at(k).shown())
                        {
                            self.at_f(f, &p, e);
                        }
                    }
                }
            }
        }
        let efi = bl.at("efi");
        let secure = efi.set() && efi.at("secureBoot").as_bool() != Some(false);
        let smm = dom.path(&["features", "smm"]);
        let smm_on = smm.set() && smm.at("enabled").as_bool() != Some(false);
        let tdx = dom.path(&["launchSecurity", "tdx"]).set();
        if secure && !smm_on && !tdx {
            self.at_f(
                f,
                "domain",
                "has EFI SecureBoot enabled. SecureBoot requires SMM, which is currently disabled."
                    .into(),
            );
        }
    }

    fn block_size(&mut self, f: &str, dp: &str, bs: &Value, bus: &str) {
        let mv = bs.at("matchVolume");
        if mv.set() && mv.at("enabled").as_bool() != Some(false) {
            self.at_f(
                f,
                &format!("{dp}.blockSize"),
                "Block size matching can't be enabled together with a custom value".into(),
            );
            return;
        }
        let c = bs.at("custom");
        let (lg, ph, dg) = (
            c.at("logical").num(),
            c.at("physical").num(),
            c.at("discardGranularity"),
        );
        let (lgv, phv) = (super::vm::number(lg), super::vm::number(ph));
        if lg > ph {
            self.at_f(
                f,
                &format!("{dp}.blockSize.custom.logical"),
                format!(
                    "Logical size {lgv} must be the same or less than the physical size of {phv}"
                ),
            );
        } else if bus == "sata" && lg != 512.0 {
            self.at_f(
                f,
                &format!("{dp}.blockSize.custom.logical"),
                format!("Logical size {lgv} must be 512 for SATA devices"),
            );
        } else if dg.set() && lg != 0.0 && dg.num() % lg != 0.0 {
            self.at_f(
                f,
                &format!("{dp}.blockSize.custom.discardGranularity"),
                format!(
                    "Discard granularity {} must be multiples of logical size {lgv}",
                    dg.shown()
                ),
            );
        } else {
            for (name, v) in [("logical", lg), ("physical", ph)] {
                let p = format!("{dp}.blockSize.custom.{name}");
                let shown = super::vm::number(v);
                if v < 512.0 {
                    self.at_f(f, &p, format!("Provided size of {shown} is less than the supported minimum size of 512"));
                } else if v > 2_097_152.0 {
                    self.at_f(f, &p, format!("Provided size of {shown} is greater than the supported maximum size of 2097152"));
                } else if (v as u64) & (v as u64).saturating_sub(1) != 0 {
                    self.at_f(
                        f,
                        &p,
                        format!("Provided size of {shown} is not a power of 2"),
                    );
                }
            }
        }
    }

    fn launch_security(&mut self, f: &str, dom: &Value, ls: &Value, arch: &str, start: &Value) {
        if arch == "s390x" {
            return;
        }
        if arch != "amd64" {
            self.at_f(
                f,
                "architecture",
                format!("No launchSecurity support for architecture: {arch}"),
            );
            return;
        }
        let types: Vec<&str> = ["sev", "snp", "tdx"]
            .into_iter()
            .filter(|t| ls.at(t).set())
            .collect();
        let [t] = types.as_slice() else {
            self.at_f(
                f,
                "launchSecurity",
                "One and only one launchSecurity type can be set".into(),
            );
            return;
        };
        let upper = t.to_uppercase();
        let gate = if *t == "tdx" {
            "WorkloadEncryptionTDX"
        } else {
            "WorkloadEncryptionSEV"
        };
        if !self.gates.on(gate) {
            self.at_f(
                f,
                "launchSecurity",
                format!("{gate} feature gate is not enabled in kubevirt-config"),
            );
            return;
        }
        let smm = dom.path(&["features", "smm"]);
        if *t == "tdx" && smm.set() && smm.at("enabled").as_bool() != Some(false) {
            self.at_f(
                f,
                "launchSecurity",
                "TDX does not work along with SMM".into(),
            );
        }
        let efi = dom.path(&["firmware", "bootloader", "efi"]);
        if !efi.set() {
            self.at_f(f, "launchSecurity", format!("{upper} requires OVMF (UEFI)"));
        } else {
            if matches!(*t, "sev" | "snp") && efi.at("secureBoot").as_bool() != Some(false) {
                self.at_f(
                    f,
                    "launchSecurity",
                    format!("{upper} does not work along with SecureBoot"),
                );
            }
            if matches!(*t, "snp" | "tdx") && efi.at("persistent").is_true() {
                self.at_f(
                    f,
                    "launchSecurity",
                    format!("{upper} does not work along with Persistent EFI variables"),
                );
            }
        }
        if *t == "sev" && start.as_str() != Some("Paused") && ls.path(&["sev", "attestation"]).set()
        {
            self.at_f(
                f,
                "launchSecurity",
                "SEV attestation requires VMI StartStrategy 'Paused'".into(),
            );
        }
        for iface in dom.path(&["devices", "interfaces"]).items() {
            if iface.at("bootOrder").set() {
                self.at_f(
                    f,
                    "launchSecurity",
                    format!(
                        "{upper} does not work with bootable NICs: {}",
                        iface.at("name").shown()
                    ),
                );
            }
        }
    }
}

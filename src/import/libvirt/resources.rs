//! Memory, CPU (topology, pinning, NUMA), hypervisor features and tuning.

use super::*;

/// Bytes of a libvirt scaled integer element (`<memory unit='GiB'>4</memory>`, KiB when no
/// unit is given).
pub(super) fn scaled_bytes(
    file: &SourceFile,
    node: Node,
    default_unit: &str,
) -> Result<u64, ImportError> {
    let value = node.text().unwrap_or("").trim();
    let unit = xml::attr(node, "unit").unwrap_or(default_unit);
    units::to_bytes(value, unit).map_err(|err| {
        ImportError::invalid(
            xml::location(file, node),
            format!("<{}>: {err}", node.tag_name().name()),
        )
    })
}

pub(super) fn mib(bytes: u64) -> String {
    if bytes.is_multiple_of(1 << 30) && bytes > 0 {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

pub(super) fn convert_memory(
    file: &SourceFile,
    domain: Node,
    vm: &mut VmSpec,
) -> Result<(), ImportError> {
    match xml::child(domain, "memory") {
        Some(memory) => vm.memory.bytes = scaled_bytes(file, memory, "KiB")?,
        None => vm.warn("the domain has no <memory>; set the guest memory by hand"),
    }
    if let Some(current) = xml::child(domain, "currentMemory") {
        let current = scaled_bytes(file, current, "KiB")?;
        if current < vm.memory.bytes {
            vm.warn(format!(
                "the guest runs ballooned down to {} (currentMemory) of its {}; the import gives it the full {}",
                mib(current),
                mib(vm.memory.bytes),
                mib(vm.memory.bytes)
            ));
        }
    }
    if let Some(max) = xml::child(domain, "maxMemory") {
        let max_bytes = scaled_bytes(file, max, "KiB")?;
        let slots = xml::attr(max, "slots").and_then(parse_u32).unwrap_or(0);
        vm.memory.hotplug = true;
        vm.warn(format!(
            "memory hotplug is enabled up to {} in {slots} slots (maxMemory); the import keeps only the hotplug flag",
            mib(max_bytes)
        ));
    }
    if let Some(backing) = xml::child(domain, "memoryBacking") {
        let mut parts = Vec::new();
        for setting in backing.children().filter(|c| c.is_element()) {
            let name = setting.tag_name().name();
            if name == "hugepages" {
                let sizes: Vec<String> = xml::children(setting, "page")
                    .filter_map(|p| {
                        let size = xml::attr(p, "size")?;
                        let unit = xml::attr(p, "unit").unwrap_or("KiB");
                        Some(format!("{size} {unit}"))
                    })
                    .collect();
                if sizes.is_empty() {
                    parts.push("hugepages".to_string());
                } else {
                    parts.push(format!("hugepages of {}", sizes.join(", ")));
                }
            } else {
                parts.push(name.to_string());
            }
        }
        if !parts.is_empty() {
            vm.warn(format!(
                "memory backing settings are not carried: {} (memoryBacking)",
                parts.join(", ")
            ));
        }
    }
    Ok(())
}

pub(super) fn convert_cpu(
    file: &SourceFile,
    domain: Node,
    vm: &mut VmSpec,
) -> Result<(), ImportError> {
    let vcpu = xml::child(domain, "vcpu");
    let max = match vcpu {
        Some(node) => {
            let raw = node.text().unwrap_or("").trim();
            match parse_u32(raw) {
                Some(n) if n > 0 => n,
                _ => {
                    return Err(ImportError::invalid(
                        xml::location(file, node),
                        format!("<vcpu> {raw:?} is not a positive whole number"),
                    ))
                }
            }
        }
        None => 1,
    };
    if let Some(node) = vcpu {
        if let Some(current) = xml::attr(node, "current").and_then(parse_u32) {
            if current < max {
                vm.cpu.hotplug = true;
                vm.warn(format!(
                    "the guest boots with {current} of its {max} vCPUs online (vcpu current); the import gives it all {max}, with CPU hotplug on"
                ));
            }
        }
        if let Some(cpuset) = xml::attr(node, "cpuset") {
            vm.warn(format!(
                "the vCPUs are restricted to host CPUs {cpuset} (vcpu cpuset); CPU pinning is not carried"
            ));
            vm.cpu_affinity = Some(cpuset.to_string());
        }
    }

    vm.cpu.sockets = max;
    vm.cpu.cores = 1;
    vm.cpu.threads = 1;
    let cpu = xml::child(domain, "cpu");
    if let Some(topology) = cpu.and_then(|c| xml::child(c, "topology")) {
        let get = |name: &str| -> Result<u32, ImportError> {
            match xml::attr(topology, name) {
                None => Ok(1),
                Some(raw) => match parse_u32(raw) {
                    Some(n) if n > 0 => Ok(n),
                    _ => Err(ImportError::invalid(
                        xml::location(file, topology),
                        format!("<topology {name}={raw:?}> is not a positive whole number"),
                    )),
                },
            }
        };
        let sockets = get("sockets")?
            .saturating_mul(get("dies")?)
            .saturating_mul(get("clusters")?);
        let cores = get("cores")?;
        let threads = get("threads")?;
        let total = sockets.saturating_mul(cores).saturating_mul(threads);
        if total == max {
            vm.cpu.sockets = sockets;
            vm.cpu.cores = cores;
            vm.cpu.threads = threads;
        } else {
            vm.warn(format!(
                "the CPU topology ({sockets} sockets x {cores} cores x {threads} threads = {total}) does not match the {max} vCPUs; the import uses {max} sockets of one core"
            ));
        }
    }
    if let Some(cpu) = cpu {
        let mode = xml::attr(cpu, "mode").map(str::trim).unwrap_or("custom");
        let model = xml::child_text(cpu, "model");
        let features = xml::children(cpu, "feature").count();
        let extra = if features > 0 {
            format!(" with {features} CPU feature settings")
        } else {
            String::new()
        };
        match (mode, model) {
            ("custom", Some(model)) => vm.warn(format!(
                "the CPU model '{model}'{extra} is not carried; the target cluster's default CPU model applies"
            )),
            ("custom", None) if features > 0 => vm.warn(format!(
                "{features} CPU feature settings are not carried; the target cluster's default CPU model applies"
            )),
            ("custom", None) => {}
            (mode, _) => vm.warn(format!(
                "the CPU mode '{mode}'{extra} is not carried; set the KubeVirt CPU model if the guest needs it"
            )),
        }
        if let Some(numa) = xml::child(cpu, "numa") {
            let cells = xml::children(numa, "cell").count();
            vm.warn(format!(
                "the guest NUMA topology ({cells} cells, cpu/numa) is not carried"
            ));
        }
    }
    Ok(())
}

/// Hypervisor features that change how a guest behaves after the move.
pub(super) fn convert_features(domain: Node, vm: &mut VmSpec) {
    let Some(features) = xml::child(domain, "features") else {
        return;
    };
    if let Some(hyperv) = xml::child(features, "hyperv") {
        convert_hyperv(hyperv, vm);
    }
    let hidden = xml::child(features, "kvm")
        .and_then(|k| xml::child(k, "hidden"))
        .and_then(|h| xml::attr(h, "state"));
    vm.kvm_hidden = hidden.map(str::trim) == Some("on");
}

/// Host-side tuning and other domain-level settings that have no place in the model.
pub(super) fn convert_tuning(domain: Node, vm: &mut VmSpec) {
    if let Some(cputune) = xml::child(domain, "cputune") {
        let mut names: Vec<&str> = Vec::new();
        for child in cputune.children().filter(|c| c.is_element()) {
            let name = child.tag_name().name();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if !names.is_empty() {
            vm.warn(format!(
                "CPU tuning is not carried (cputune: {})",
                names.join(", ")
            ));
        }
        let pins: Vec<&str> = cputune
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "vcpupin")
            .filter_map(|c| xml::attr(c, "cpuset"))
            .collect();
        if !pins.is_empty() && vm.cpu_affinity.is_none() {
            vm.cpu_affinity = Some(pins.join(";"));
        }
    }
    if let Some(numatune) = xml::child(domain, "numatune") {
        vm.warn("NUMA memory placement (numatune) is not carried");
        let nodeset = xml::child(numatune, "memory").and_then(|m| xml::attr(m, "nodeset"));
        vm.numa_affinity = Some(nodeset.unwrap_or("numatune").to_string());
    }
    for name in ["memtune", "blkiotune"] {
        if xml::child(domain, name).is_some_and(|n| n.children().any(|c| c.is_element())) {
            vm.warn(format!("resource limits ({name}) are not carried"));
        }
    }
    if let Some(count) = xml::child_text(domain, "iothreads").and_then(parse_u32) {
        if count > 0 {
            vm.warn(format!("{count} I/O threads (iothreads) are not carried"));
        }
    }
    if let Some(sec) = xml::child(domain, "launchSecurity") {
        let kind = xml::attr(sec, "type").unwrap_or("unknown");
        vm.warn(format!(
            "the guest uses confidential computing (launchSecurity type '{kind}'); it needs matching hosts and attestation on the target"
        ));
    }
    if xml::child(domain, "sysinfo").is_some() {
        vm.warn("custom SMBIOS data (sysinfo) is not carried; guests that license against it may need it set again");
    }
    if let Some(clock) = xml::child(domain, "clock") {
        match xml::attr(clock, "offset").map(str::trim) {
            Some("localtime") => vm.warn(
                "the guest's real-time clock runs in host local time (clock offset 'localtime'), as Windows expects; set the VM's clock timezone on the target",
            ),
            Some("timezone") => vm.warn(format!(
                "the guest's real-time clock runs in timezone {} (clock offset 'timezone'); set the VM's clock timezone on the target",
                xml::attr(clock, "timezone").unwrap_or("(unnamed)")
            )),
            Some("variable") if xml::attr(clock, "basis") == Some("localtime") => vm.warn(
                "the guest's real-time clock runs in host local time (clock basis 'localtime'), as Windows expects; set the VM's clock timezone on the target",
            ),
            _ => {}
        }
    }
    for commandline in xml::children(domain, "commandline") {
        let args: Vec<&str> = xml::children(commandline, "arg")
            .filter_map(|a| xml::attr(a, "value"))
            .collect();
        let envs = xml::children(commandline, "env").count();
        let cpu = crate::import::qemu_cpu::read_cpu_args(args.iter().copied(), vm);
        let shown: Vec<&str> = args.iter().take(6).copied().collect();
        let more = if args.len() > shown.len() { " ..." } else { "" };
        let env_note = if envs > 0 {
            format!(" and {envs} environment variables")
        } else {
            String::new()
        };
        vm.warn(format!(
            "raw QEMU arguments (qemu:commandline: {}{more}){env_note} are not carried{}",
            shown.join(" "),
            cpu.note()
        ));
    }
    if xml::children(domain, "capabilities").any(|c| c.children().any(|d| d.is_element())) {
        vm.warn("QEMU capability overrides (qemu:capabilities) are not carried");
    }
}

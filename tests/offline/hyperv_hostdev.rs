//! End-to-end tests of issue 17.5 on the real binary: Hyper-V enlightenments carried as
//! KubeVirt `domain.features.hyperv` / `hypervPassthrough` (libvirt `<hyperv>`, Proxmox
//! `cpu: flags=+hv-...`, QEMU `-cpu` properties in Proxmox `args:` and libvirt
//! `<qemu:commandline>`) and libvirt `kvm/hidden` as `features.kvm.hidden`, KubeVirt's dependencies between them, and the host-block-device
//! concern raised alike for every format (libvirt, Proxmox, Xen, VMware). Fixtures written for
//! these tests: tests/fixtures/{libvirt,proxmox,vmx,xen}/.

use crate::support;

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .env_remove("KUBECONFIG")
        .output()
        .expect("the built binary runs")
}

/// `domain.features` of the one VM `import -o json` makes of `spec`, after checking every
/// object against the schemas and admission rules, and the warnings on stderr.
fn features(spec: &str) -> (Value, String) {
    let out = run(&["import", "-o", "json", spec]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let list: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let items = list["items"].as_array().cloned().unwrap_or_default();
    if let Some(errors) = support::check_objects("hyperv_hostdev", &items) {
        assert!(errors.is_empty(), "{errors:#?}");
    }
    let vm = items
        .iter()
        .find(|o| o["kind"] == "VirtualMachine")
        .expect("a VirtualMachine");
    let features = vm["spec"]["template"]["spec"]["domain"]["features"].clone();
    assert_kubevirt_accepts_hyperv(&features);
    (features, stderr)
}

/// KubeVirt's validating webhook for Hyper-V (ValidateVirtualMachineInstanceHyperv), which
/// ../shared/tools/kubevirt_admission.py does not restate: an enlightenment enabled
/// explicitly needs its requirement enabled explicitly, `hyperv` and `hypervPassthrough`
/// never come together, and spinlock retries are at least 4096.
fn assert_kubevirt_accepts_hyperv(features: &Value) {
    let hyperv = &features["hyperv"];
    assert!(
        hyperv.is_null() || features["hypervPassthrough"].is_null(),
        "hyperv with hypervPassthrough: {features}"
    );
    let enabled = |name: &str| hyperv[name]["enabled"] == json!(true);
    for (feature, requirement) in [
        ("synic", "vpindex"),
        ("synictimer", "synic"),
        ("ipi", "vpindex"),
        ("tlbflush", "vpindex"),
        ("evmcs", "vapic"),
    ] {
        assert!(
            !enabled(feature) || enabled(requirement),
            "'{feature}' requires '{requirement}', which was disabled: {hyperv}"
        );
    }
    if let Some(retries) = hyperv["spinlocks"]["spinlocks"].as_u64() {
        assert!(retries >= 4096, "{hyperv}");
    }
}

#[test]
fn libvirt_enlightenments_become_kubevirt_features_with_their_values() {
    let (features, stderr) = features("tests/fixtures/libvirt/win-hyperv-custom.xml");
    let on = json!({"enabled": true});
    let off = json!({"enabled": false});
    assert_eq!(
        features["hyperv"],
        json!({
            "relaxed": on, "vapic": on,
            "spinlocks": {"enabled": true, "spinlocks": 8191},
            "vpindex": on, "runtime": on, "synic": on,
            "synictimer": {"enabled": true, "direct": on},
            "reset": off,
            "vendorid": {"enabled": true, "vendorid": "KVM Hv"},
            "frequencies": on, "reenlightenment": off,
            "tlbflush": {"enabled": true, "direct": on, "extended": on},
            "ipi": on, "evmcs": off,
        })
    );
    // libvirt kvm/hidden is KubeVirt's features.kvm.hidden.
    assert_eq!(features["kvm"], json!({"hidden": true}));
    assert!(!stderr.contains("kvm/hidden"), "{stderr}");
    // Only what KubeVirt cannot express stays a warning, by name.
    assert!(
        stderr.contains("Hyper-V enlightenments avic have no KubeVirt setting"),
        "{stderr}"
    );
    assert!(!stderr.contains("are not carried; set them"), "{stderr}");
}

#[test]
fn a_switched_off_requirement_switches_off_what_needs_it_with_a_warning() {
    let (features, stderr) = features("tests/fixtures/libvirt/linux-hyperv-conflict.xml");
    let hyperv = &features["hyperv"];
    for name in ["vpindex", "synic", "synictimer", "ipi", "tlbflush"] {
        assert_eq!(hyperv[name]["enabled"], json!(false), "{name}: {hyperv}");
    }
    assert_eq!(hyperv["spinlocks"]["spinlocks"], json!(4096));
    for name in ["synic", "stimer (synictimer)", "ipi", "tlbflush"] {
        assert!(
            stderr.contains(&format!("Hyper-V {name} needs")),
            "{name}: {stderr}"
        );
    }
    assert!(stderr.contains("retries 4095"), "{stderr}");
}

#[test]
fn passthrough_mode_becomes_hyperv_passthrough_without_explicit_features() {
    let (features, stderr) = features("tests/fixtures/libvirt/win-hyperv-passthrough.xml");
    assert_eq!(features["hypervPassthrough"], json!({"enabled": true}));
    // The Windows defaults would make KubeVirt refuse the VM.
    assert!(features["hyperv"].is_null(), "{features}");
    assert!(stderr.contains("never live-migrates"), "{stderr}");
}

#[test]
fn proxmox_hv_cpu_flags_are_carried_over_the_windows_defaults() {
    let (features, stderr) = features("tests/fixtures/proxmox/210.conf");
    let hyperv = &features["hyperv"];
    assert_eq!(hyperv["tlbflush"], json!({"enabled": true}));
    // tlbflush needs vpindex: added, as KubeVirt's webhook would.
    assert_eq!(hyperv["vpindex"], json!({"enabled": true}));
    assert_eq!(hyperv["evmcs"], json!({"enabled": false}));
    assert_eq!(hyperv["relaxed"], json!({}));
    // The flags are carried, so the default CPU model with them is not reported.
    assert!(!stderr.contains("CPU model"), "{stderr}");
}

#[test]
fn cpu_properties_in_raw_qemu_arguments_are_carried_in_both_formats_that_pass_them() {
    // Proxmox `args:` in the spelling GPU-passthrough guides use.
    let (proxmox, stderr) = features("tests/fixtures/proxmox/220.conf");
    let on = json!({"enabled": true});
    assert_eq!(proxmox["hyperv"]["relaxed"], on);
    assert_eq!(proxmox["hyperv"]["vapic"], on);
    assert_eq!(
        proxmox["hyperv"]["spinlocks"],
        json!({"enabled": true, "spinlocks": 8191})
    );
    assert_eq!(
        proxmox["hyperv"]["vendorid"],
        json!({"enabled": true, "vendorid": "proxmox"})
    );
    assert_eq!(proxmox["kvm"], json!({"hidden": true}));
    assert!(
        stderr.contains("the Hyper-V enlightenments hv-time are not carried"),
        "{stderr}"
    );
    // libvirt `<qemu:commandline>`: the same reading, dependencies added as for `<hyperv>`.
    let (libvirt, stderr) = features("tests/fixtures/libvirt/qemu-cpu-args.xml");
    let hyperv = &libvirt["hyperv"];
    for name in ["synictimer", "synic", "vpindex"] {
        assert_eq!(hyperv[name]["enabled"], json!(true), "{name}: {hyperv}");
    }
    assert_eq!(hyperv["vendorid"]["vendorid"], json!("KVMKVMKVM"));
    assert_eq!(libvirt["kvm"], json!({"hidden": true}));
    assert!(
        stderr.contains("hv-vendor-id, kvm, hv-stimer are carried"),
        "{stderr}"
    );
}

/// (subject, concern id) of every disk concern `assess -o json` reports for `spec`.
fn disk_concerns(spec: &str) -> Vec<(String, String)> {
    let out = run(&["assess", "-o", "json", "--allow-critical", spec]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("assess -o json is JSON");
    report["vms"][0]["concerns"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|c| c["id"] == "disk-not-file-backed" || c["id"] == "rdm-disk")
        .map(|c| {
            (
                c["subject"].as_str().unwrap_or_default().to_string(),
                c["id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_host_block_device_raises_the_same_concern_in_every_format() {
    let block = |id: &str| (id.to_string(), "disk-not-file-backed".to_string());
    // libvirt: type='block', and a /dev path in a type='file' disk (the one rule in import).
    assert_eq!(
        disk_concerns("tests/fixtures/libvirt/win-hyperv-custom.xml"),
        vec![block("sdb"), block("sdc")]
    );
    assert_eq!(
        disk_concerns("tests/fixtures/proxmox/210.conf"),
        vec![block("scsi1"), block("scsi2")]
    );
    assert_eq!(
        disk_concerns("tests/fixtures/xen/phy-disk.cfg"),
        vec![block("xvdb")]
    );
    // VMware's rawDisk is a raw mapping: its own, stronger concern.
    assert_eq!(
        disk_concerns("tests/fixtures/vmx/host-disks.vmx"),
        vec![("scsi0:1".to_string(), "rdm-disk".to_string())]
    );
}

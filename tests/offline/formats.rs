//! End-to-end tests on the real binary over spec files written for them (tests/formats/):
//!
//! - `guests/<os>/`: the same guest OS named in each format's own vocabulary (VMware guest
//!   ids in `.vmx` and vSphere JSON, CIM numbers and `vmw:osType` in OVF, libosinfo ids in
//!   libvirt, VirtualBox `OSType`, Proxmox `ostype`), on otherwise equal hardware (2 vCPU,
//!   4 GiB, one 40 GiB SATA disk, one e1000 NIC). Every format must give the same preference,
//!   the same concerns, the same buses and NIC models, and the same Windows features.
//! - `buses/`: one spec per row of README "Disk buses and NIC models".

use crate::support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(repo())
        .env_remove("KUBECONFIG")
        .output()
        .expect("the built binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The one VirtualMachine `import -o json` makes of `spec`, its objects checked against the
/// schemas and the admission rules.
fn imported_vm(spec: &str, extra: &[&str]) -> Value {
    let mut args = vec!["import", "-o", "json"];
    args.extend_from_slice(extra);
    args.push(spec);
    let out = run(&args);
    assert!(out.status.success(), "{spec}: {}", stderr(&out));
    let list: Value = serde_json::from_slice(&out.stdout).expect("import -o json is JSON");
    let items = list["items"].as_array().cloned().unwrap_or_default();
    if let Some(errors) = support::check_objects("formats", &items) {
        assert!(errors.is_empty(), "{spec}: {errors:#?}");
    }
    let vms: Vec<Value> = items
        .into_iter()
        .filter(|o| o["kind"] == "VirtualMachine")
        .collect();
    assert_eq!(vms.len(), 1, "{spec}");
    vms.into_iter().next().unwrap_or_default()
}

/// (disk buses, NIC models) of a VirtualMachine.
fn devices(vm: &Value) -> (Vec<String>, Vec<String>) {
    let devices = &vm["spec"]["template"]["spec"]["domain"]["devices"];
    let list = |key: &str, field: &str| -> Vec<String> {
        devices[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| field.split('.').try_fold(d, |v, k| v.get(k)))
            .map(|v| v.as_str().unwrap_or("?").to_string())
            .collect()
    };
    (list("disks", "disk.bus"), list("interfaces", "model"))
}

/// What the guest OS decides in a VM, as one comparable value.
#[derive(Debug, PartialEq)]
struct Treatment {
    preference: Option<String>,
    disk_buses: Vec<String>,
    nic_models: Vec<String>,
    hyperv: bool,
    windows_clock: bool,
    concerns: Vec<String>,
}

fn treatment(spec: &str) -> Treatment {
    let vm = imported_vm(spec, &["--map", "tests/formats/guests/mapping.yaml"]);
    let (disk_buses, nic_models) = devices(&vm);
    let domain = &vm["spec"]["template"]["spec"]["domain"];
    let out = run(&["assess", "-o", "json", spec]);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{spec}: assess -o json: {e}: {}", stderr(&out)));
    let concerns = report["vms"][0]["concerns"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["id"].as_str().unwrap_or("?").to_string())
        .collect();
    Treatment {
        preference: vm["spec"]["preference"]["name"]
            .as_str()
            .map(str::to_string),
        disk_buses,
        nic_models,
        hyperv: domain["features"]["hyperv"].is_object(),
        windows_clock: domain["clock"]["timer"]["hyperv"].is_object(),
        concerns,
    }
}

/// The spec files of one OS folder (images and disk descriptors are not specs).
fn specs(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(repo().join(dir))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                    !matches!(ext, "vmdk" | "qcow2")
                })
                .filter_map(|p| p.strip_prefix(repo()).ok().map(|r| r.display().to_string()))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn the_same_guest_os_in_every_vocabulary_is_treated_alike() {
    let windows = |preference: &str| Treatment {
        preference: Some(preference.into()),
        disk_buses: vec!["sata".into()],
        nic_models: vec!["e1000".into()],
        hyperv: true,
        windows_clock: true,
        concerns: vec![],
    };
    let linux = |preference: &str, concerns: &[&str]| Treatment {
        preference: Some(preference.into()),
        disk_buses: vec!["virtio".into()],
        nic_models: vec!["e1000".into()],
        hyperv: false,
        windows_clock: false,
        concerns: concerns.iter().map(|c| c.to_string()).collect(),
    };
    // (folder, formats that can name this OS, what every one of them must give)
    let cases = [
        // Proxmox names no Server release (its win7 is "7/2008r2").
        (
            "w2k8r2",
            &["json", "ovf", "vbox", "vmx", "xml"][..],
            windows("windows.2k8"),
        ),
        (
            "win10",
            &["conf", "json", "ovf", "vbox", "vmx", "xml"][..],
            windows("windows.10"),
        ),
        // Proxmox's l26 names no distribution; VirtualBox has no CentOS type.
        (
            "rhel8",
            &["json", "ovf", "vbox", "vmx", "xml"][..],
            linux("rhel.8", &[]),
        ),
        (
            "centos7",
            &["json", "ovf", "vmx", "xml"][..],
            linux("linux", &["guest-os-upgrade-recommended"]),
        ),
        (
            "ubuntu2204",
            &["json", "ovf", "vbox", "vmx", "xml"][..],
            linux("ubuntu", &[]),
        ),
        (
            "debian12",
            &["json", "ovf", "vbox", "vmx", "xml"][..],
            linux("debian", &[]),
        ),
    ];
    for (os, formats, expected) in cases {
        let files = specs(&Path::new("tests/formats/guests").join(os));
        let extensions: Vec<&str> = files
            .iter()
            .filter_map(|f| Path::new(f).extension().and_then(|e| e.to_str()))
            .collect();
        assert_eq!(extensions, formats, "{os}: one spec per format");
        for spec in &files {
            assert_eq!(treatment(spec), expected, "{spec}");
        }
    }
}

#[test]
fn disk_buses_and_nic_models_follow_the_readme_table() {
    let dir = "tests/formats/buses";
    // (spec, disk buses, NIC models): one per row of README "Disk buses and NIC models".
    let cases = [
        // virtio-scsi controller: KubeVirt's scsi bus is virtio-scsi (was SATA for Windows).
        ("win-virtio-scsi.xml", &["scsi"][..], &["virtio"][..]),
        ("win-virtio-scsi-pci.conf", &["scsi"], &["e1000"]),
        // A SATA disk of a guest that shows vioscsi in use moves to scsi too.
        ("win-virtio-scsi-single.conf", &["scsi", "scsi"], &["e1000"]),
        ("win-virtioscsi.vbox", &["scsi"], &["e1000"]),
        // Other SCSI controllers prove no virtio driver; VMware's pvscsi is not virtio.
        ("win-lsi-scsi.xml", &["sata"], &["e1000e"]),
        ("win-pvscsi.vmx", &["sata"], &["e1000e"]),
        // A virtio NIC (any spelling) is virtio, and it never moves a disk off SATA/IDE.
        ("win-sata-virtio-nic.xml", &["sata"], &["virtio"]),
        ("win-lsi.conf", &["sata"], &["virtio"]),
        ("xen-virtio-net.cfg", &["sata"], &["virtio"]),
        // A virtio disk proves the storage driver for every disk.
        (
            "win-virtio-boot-ide-data.xml",
            &["virtio", "virtio"],
            &["virtio"],
        ),
        ("win-ide.xml", &["sata"], &["rtl8139"]),
        // USB stays USB; pcnet, which KubeVirt emulates, stays.
        ("win-usb.xml", &["sata", "usb"], &["pcnet"]),
        (
            "linux-ide-sata-lsi.xml",
            &["virtio", "virtio", "scsi"],
            &["virtio"],
        ),
    ];
    for (file, buses, models) in cases {
        let spec = format!("{dir}/{file}");
        let (got_buses, got_models) = devices(&imported_vm(&spec, &[]));
        assert_eq!(
            (got_buses, got_models),
            (
                buses.iter().map(|b| b.to_string()).collect::<Vec<_>>(),
                models.iter().map(|m| m.to_string()).collect::<Vec<_>>()
            ),
            "{spec}"
        );
    }
    // `compatibility: legacy` overrides the evidence: SATA and e1000e for everything.
    let legacy = imported_vm(
        &format!("{dir}/win-virtio-scsi.xml"),
        &["--map", "tests/mappings/legacy.yaml"],
    );
    assert_eq!(
        devices(&legacy),
        (vec!["sata".to_string()], vec!["e1000e".to_string()])
    );
}

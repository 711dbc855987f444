//! End-to-end tests of OVF deployment options on the real binary: `--ovf-deployment-option`
//! on `import`, `preview`, `assess` and `apply`, the default configuration, items replaced
//! per configuration (CPU, memory) and items of one configuration only (a disk, a NIC), the
//! refusal of a name the descriptor does not offer (exit 2), an OVA, and the warning for
//! inputs the flag does not apply to. Fixtures: tests/fixtures/ovf/.

use crate::support;

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");
const APPLIANCE: &str = "tests/fixtures/ovf/sized-appliance.ovf";

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

/// The VirtualMachines `import -o json` writes for `args`.
fn imported_vms(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["import", "-o", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: Value = serde_json::from_slice(&out.stdout).expect("import -o json is JSON");
    let items = list["items"].as_array().cloned().unwrap_or_default();
    if let Some(errors) = support::check_objects("ovf_options", &items) {
        assert!(errors.is_empty(), "{errors:#?}");
    }
    items
        .into_iter()
        .filter(|o| o["kind"] == "VirtualMachine")
        .collect()
}

/// (vCPUs, guest memory, disks, interfaces, recorded deployment option) of a VM.
fn shape(vm: &Value) -> (u64, String, usize, usize, Option<String>) {
    let domain = &vm["spec"]["template"]["spec"]["domain"];
    let cpu = &domain["cpu"];
    let vcpus = ["sockets", "cores", "threads"]
        .iter()
        .map(|k| cpu[k].as_u64().unwrap_or(1))
        .product();
    let memory = domain["memory"]["guest"].as_str().unwrap_or("").to_string();
    let count = |key: &str| domain["devices"][key].as_array().map_or(0, Vec::len);
    let option = vm["metadata"]["annotations"]["vmmigrate.io/ovf-deployment-option"]
        .as_str()
        .map(str::to_string);
    (vcpus, memory, count("disks"), count("interfaces"), option)
}

#[test]
fn the_default_configuration_replaces_the_untagged_cpu_and_memory() {
    let vms = imported_vms(&[APPLIANCE]);
    assert_eq!(vms.len(), 1);
    // Before the fix the untagged 1 vCPU / 1 GiB items won and the default's were dropped.
    assert_eq!(
        shape(&vms[0]),
        (4, "6Gi".into(), 1, 1, Some("medium".into()))
    );
    let out = run(&["import", APPLIANCE]);
    let err = stderr(&out);
    assert!(!err.contains("more than one CPU item"), "{err}");
    assert!(err.contains("'medium' (the default) was imported"), "{err}");
}

#[test]
fn a_chosen_configuration_brings_its_own_disk_and_nic() {
    let vms = imported_vms(&["--ovf-deployment-option", "large", APPLIANCE]);
    assert_eq!(
        shape(&vms[0]),
        (8, "16Gi".into(), 2, 2, Some("large".into()))
    );
    // `small` tags nothing: the untagged items apply, and the large-only devices do not.
    let vms = imported_vms(&["--ovf-deployment-option=small", APPLIANCE]);
    assert_eq!(
        shape(&vms[0]),
        (1, "1Gi".into(), 1, 1, Some("small".into()))
    );
}

#[test]
fn a_partial_item_is_combined_with_the_items_of_its_instance_id() {
    // DSP0243: the large items state only VirtualQuantity (CPU, memory) or Connection (NIC);
    // ResourceType, AllocationUnits and the adapter model come from the untagged items.
    // Before, the partial item replaced the whole item: no ResourceType, so 1 vCPU, no
    // memory and no NIC.
    let partial = "tests/fixtures/ovf/partial-options.ovf";
    let vms = imported_vms(&[partial]);
    assert_eq!(
        shape(&vms[0]),
        (8, "16Gi".into(), 1, 1, Some("large".into()))
    );
    let out = run(&["preview", "-o", "wide", partial]);
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(table.contains("backend"), "{table}");
    assert!(
        !stderr(&out).contains("no valid ResourceType"),
        "{}",
        stderr(&out)
    );
    // Untagged items alone for a configuration that tags nothing.
    let vms = imported_vms(&["--ovf-deployment-option", "small", partial]);
    assert_eq!(
        shape(&vms[0]),
        (2, "2Gi".into(), 1, 1, Some("small".into()))
    );
    let out = run(&[
        "preview",
        "-o",
        "wide",
        "--ovf-deployment-option",
        "small",
        partial,
    ]);
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        table.contains("frontend") && !table.contains("backend"),
        "{table}"
    );
}

#[test]
fn an_unknown_configuration_exits_2_listing_the_offered_ones_on_every_command() {
    for command in ["import", "preview", "assess", "apply"] {
        let out = run(&[command, "--ovf-deployment-option", "huge", APPLIANCE]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("offers no deployment option \"huge\"; it offers: small, medium, large"),
            "{command}: {err}"
        );
        assert!(out.stdout.is_empty() || command == "assess", "{command}");
    }
    // Checked once, on the command line: white space can never name a configuration.
    let out = run(&["import", "--ovf-deployment-option", "two words", APPLIANCE]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot hold white space"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn preview_and_assess_take_the_flag() {
    let out = run(&[
        "preview",
        "-o",
        "yaml",
        "--ovf-deployment-option",
        "large",
        APPLIANCE,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("vmmigrate.io/ovf-deployment-option: large"),
        "{text}"
    );
    let out = run(&[
        "assess",
        "-o",
        "json",
        "--ovf-deployment-option",
        "large",
        APPLIANCE,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("assess -o json is JSON");
    assert_eq!(report["summary"]["vms"], 1);
}

#[test]
fn a_non_ovf_input_warns_once_that_the_flag_does_not_apply() {
    let out = run(&[
        "import",
        "--ovf-deployment-option",
        "large",
        APPLIANCE,
        "tests/fixtures/xen/web-hvm.cfg",
        "tests/fixtures/proxmox/101.conf",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let warned = err
        .lines()
        .filter(|l| l.contains("--ovf-deployment-option applies to OVF and OVA files only"))
        .count();
    assert_eq!(warned, 1, "{err}");
}

#[test]
fn an_ova_honours_the_option_too() {
    let dir = std::env::temp_dir().join(format!("vmmigrate-ovf-options-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let ova = dir.join("sized-appliance.ova");
    let descriptor = std::fs::read(repo().join(APPLIANCE)).expect("fixture");
    let mut builder = tar::Builder::new(std::fs::File::create(&ova).expect("create ova"));
    let mut header = tar::Header::new_ustar();
    header.set_size(descriptor.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder
        .append_data(&mut header, "sized-appliance.ovf", descriptor.as_slice())
        .expect("append descriptor");
    builder.finish().expect("finish ova");
    drop(builder);
    let path = ova.display().to_string();
    let vms = imported_vms(&["--ovf-deployment-option", "large", &path]);
    assert_eq!(
        shape(&vms[0]),
        (8, "16Gi".into(), 2, 2, Some("large".into()))
    );
    let out = run(&["import", "--ovf-deployment-option", "huge", &path]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A scratch folder holding `name` with `text`, for inputs written by the test itself.
fn scratch_file(test: &str, name: &str, text: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("vmmigrate-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write input");
    (dir, path.display().to_string())
}

const OVF_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vbox="http://www.virtualbox.org/ovf/machine">
  <References/>
"#;

#[test]
fn an_ovf_without_any_hardware_is_refused_with_that_reason() {
    let text = format!(
        "{OVF_HEAD}  <VirtualSystem ovf:id=\"shell\"><Info>i</Info><Name>shell</Name>\n    <VirtualHardwareSection><Info>h</Info>\n      <Item><rasd:ElementName>IDE 0</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>5</rasd:ResourceType></Item>\n    </VirtualHardwareSection>\n  </VirtualSystem>\n</Envelope>\n"
    );
    let (dir, path) = scratch_file("shell", "shell.ovf", &text);
    let out = run(&["import", &path]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("describes no hardware at all"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_placeholder_in_an_embedded_virtualbox_block_does_not_refuse() {
    let text = format!(
        "{OVF_HEAD}  <VirtualSystem ovf:id=\"box\"><Info>i</Info><Name>box</Name>\n    <VirtualHardwareSection><Info>h</Info>\n      <Item><rasd:ElementName>1 CPU</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>\n      <Item><rasd:AllocationUnits>MegaBytes</rasd:AllocationUnits><rasd:ElementName>2048 MB</rasd:ElementName><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>2048</rasd:VirtualQuantity></Item>\n    </VirtualHardwareSection>\n    <vbox:Machine ovf:required=\"false\" version=\"1.16-linux\" uuid=\"{{UUID}}\" name=\"box\"><ovf:Info>VirtualBox</ovf:Info><Hardware><Network><Adapter slot=\"0\" enabled=\"false\" MACAddress=\"{{MAC}}\"/></Network></Hardware></vbox:Machine>\n  </VirtualSystem>\n</Envelope>\n"
    );
    let (dir, path) = scratch_file("vbox-placeholder", "box.ovf", &text);
    let vms = imported_vms(&[&path]);
    assert_eq!(vms.len(), 1);
    assert_eq!(shape(&vms[0]).0, 2);
    assert_eq!(shape(&vms[0]).1, "2Gi");
    // The same marker in a value the import reads still refuses the template.
    let read = text.replace(
        "<rasd:VirtualQuantity>2</rasd:VirtualQuantity>",
        "<rasd:VirtualQuantity>{UUID}</rasd:VirtualQuantity>",
    );
    std::fs::write(&path, read).expect("rewrite input");
    let out = run(&["import", &path]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unfilled placeholders ({UUID})"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn xen_short_empty_cdrom_form_gives_an_empty_cdrom() {
    let text = "name = \"iso\"\nbuilder = \"hvm\"\nmemory = 1024\nvcpus = 1\ndisk = [ \"/srv/xen/iso-root.img,raw,xvda,w\", \",hdc:cdrom,r\" ]\n";
    let (dir, path) = scratch_file("xen-cdrom", "iso.cfg", text);
    let vms = imported_vms(&[&path]);
    let disks = vms[0]["spec"]["template"]["spec"]["domain"]["devices"]["disks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let cdroms: Vec<&Value> = disks.iter().filter(|d| d.get("cdrom").is_some()).collect();
    assert_eq!(cdroms.len(), 1, "{disks:#?}");
    assert_eq!(cdroms[0]["name"], "hdc");
    let out = run(&["import", &path]);
    assert!(
        !stderr(&out).contains("names no target"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(dir);
}

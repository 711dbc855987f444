//! Unit tests of the golden VM -> pool generator.

use super::*;
use crate::generate::{generate, GenerateOptions};
use crate::model::*;

fn golden() -> GeneratedVm {
    let source = SourceRef {
        format: SourceFormat::Vmx,
        file: "web.vmx".into(),
        index: None,
    };
    let mut spec = VmSpec::new(source, "web01");
    spec.uuid = Some("6f0e8d4c-7a2b-4c1d-9e3f-1a2b3c4d5e6f".into());
    let mut disk = Disk::new("scsi0:0", DiskBus::Scsi);
    disk.capacity_bytes = Some(20 << 30);
    spec.disks.push(disk);
    let mut nic = Nic::new("ethernet0");
    nic.mac = Some("00:50:56:aa:bb:cc".into());
    spec.nics.push(nic);
    let options = GenerateOptions {
        namespace: Some("cattle".into()),
        ..Default::default()
    };
    let mut vm = generate(&[spec], &options).remove(0);
    // A cloud-init Secret as the generator writes it for a mapping's cloudInit rule.
    let user_data = "#cloud-config\nhostname: web01\nfqdn: web01.example.com\nusers: []\n";
    vm.objects.insert(
        0,
        json!({"apiVersion": "v1", "kind": "Secret",
               "metadata": {"name": "web01-cloudinit", "namespace": "cattle"},
               "type": "Opaque", "data": {"userdata": base64(user_data.as_bytes())}}),
    );
    let vm_object = vm
        .objects
        .iter_mut()
        .find(|o| o["kind"] == "VirtualMachine")
        .unwrap();
    vm_object["spec"]["template"]["spec"]["volumes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "cloudinitdisk", "cloudInitNoCloud": {"secretRef": {"name": "web01-cloudinit"}}}));
    vm
}

fn options() -> PoolOptions {
    PoolOptions {
        name: "web".into(),
        replicas: 3,
        scale_in: ScaleIn::Oldest,
        keep_disks: true,
        heal_after: Some("2m".into()),
        heal_start_failures: Some(2),
        max_unavailable: IntOrPercent::Count(1),
        autoscale: None,
        disks_exist: false,
    }
}

fn of_kind<'a>(objects: &'a [Value], kind: &str) -> Vec<&'a Value> {
    objects.iter().filter(|o| o["kind"] == kind).collect()
}

#[test]
fn the_golden_disk_is_imported_once_and_replicas_clone_it_through_a_data_source() {
    let out = pool_from_vm(&golden(), &options()).unwrap();
    let dvs = of_kind(&out.objects, "DataVolume");
    assert_eq!(dvs.len(), 1, "one golden DataVolume, not one per replica");
    assert_eq!(dvs[0]["metadata"]["name"], "web-scsi0-0-golden");
    assert_eq!(dvs[0]["spec"]["source"], json!({"upload": {}}));
    let sources = of_kind(&out.objects, "DataSource");
    assert_eq!(
        sources[0]["spec"]["source"]["pvc"],
        json!({"namespace": "cattle", "name": "web-scsi0-0-golden"})
    );
    let pool = of_kind(&out.objects, "VirtualMachinePool")[0];
    let vm = &pool["spec"]["virtualMachineTemplate"]["spec"];
    assert_eq!(
        vm["dataVolumeTemplates"][0]["spec"]["sourceRef"],
        json!({"kind": "DataSource", "name": "web-scsi0-0"})
    );
    assert_eq!(
        vm["dataVolumeTemplates"][0]["metadata"]["name"],
        "web-scsi0-0"
    );
    let volumes = vm["template"]["spec"]["volumes"].as_array().unwrap();
    assert!(
        volumes
            .iter()
            .any(|v| v["dataVolume"]["name"] == "web-scsi0-0"),
        "{volumes:?}"
    );
}

#[test]
fn per_replica_identity_is_left_to_kubevirt() {
    let vm = golden();
    let source = vm
        .objects
        .iter()
        .find(|o| o["kind"] == "VirtualMachine")
        .unwrap();
    assert!(source
        .pointer("/spec/template/spec/domain/firmware/uuid")
        .is_some());
    let out = pool_from_vm(&vm, &options()).unwrap();
    let pool = of_kind(&out.objects, "VirtualMachinePool")[0];
    let template = &pool["spec"]["virtualMachineTemplate"]["spec"]["template"];
    let firmware = &template["spec"]["domain"]["firmware"];
    assert!(
        firmware.get("uuid").is_none() && firmware.get("serial").is_none(),
        "{firmware}"
    );
    assert!(firmware.get("bootloader").is_some());
    for nic in template["spec"]["domain"]["devices"]["interfaces"]
        .as_array()
        .unwrap()
    {
        assert!(nic.get("macAddress").is_none(), "{nic}");
    }
    assert!(template["metadata"]["labels"]
        .get("kubevirt.io/domain")
        .is_none());
    assert_eq!(template["metadata"]["labels"][POOL_LABEL], "web");
    assert_eq!(pool["spec"]["selector"]["matchLabels"][POOL_LABEL], "web");
    assert_eq!(
        pool["spec"]["virtualMachineTemplate"]["metadata"]["labels"][POOL_LABEL],
        "web"
    );
}

#[test]
fn cloud_init_secrets_are_written_per_replica_with_the_replica_host_name() {
    let out = pool_from_vm(&golden(), &options()).unwrap();
    let secrets = of_kind(&out.objects, "Secret");
    let names: Vec<&str> = secrets
        .iter()
        .map(|s| s["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["web-cloudinit-0", "web-cloudinit-1", "web-cloudinit-2"]
    );
    let second = decode_base64(secrets[1]["data"]["userdata"].as_str().unwrap()).unwrap();
    assert_eq!(second, "#cloud-config\nhostname: web-1\nusers: []\n");
    let pool = of_kind(&out.objects, "VirtualMachinePool")[0];
    assert_eq!(
        pool["spec"]["nameGeneration"],
        json!({"appendIndexToSecretRefs": true})
    );
    let volumes = pool["spec"]["virtualMachineTemplate"]["spec"]["template"]["spec"]["volumes"]
        .as_array()
        .unwrap();
    assert!(volumes
        .iter()
        .any(|v| v["cloudInitNoCloud"]["secretRef"]["name"] == "web-cloudinit"));
    assert!(
        out.warnings.iter().any(|w| w.contains("fqdn")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn autoscaling_writes_secrets_up_to_the_maximum() {
    let mut options = options();
    options.autoscale = Some(Autoscale {
        min: 2,
        max: 5,
        cpu_utilization: Some(70),
        pod_metrics: vec![],
    });
    let out = pool_from_vm(&golden(), &options).unwrap();
    assert_eq!(of_kind(&out.objects, "Secret").len(), 5);
    options.autoscale = Some(Autoscale {
        min: 6,
        max: 5,
        cpu_utilization: Some(70),
        pod_metrics: vec![],
    });
    assert!(matches!(
        pool_from_vm(&golden(), &options),
        Err(PoolError::BadAutoscale { .. })
    ));
}

#[test]
fn scale_in_healing_and_budget_map_onto_the_pool_spec() {
    let out = pool_from_vm(&golden(), &options()).unwrap();
    let spec = &of_kind(&out.objects, "VirtualMachinePool")[0]["spec"];
    assert_eq!(
        spec["scaleInStrategy"],
        json!({"proactive": {"selectionPolicy": {"sortPolicy": "Oldest"}, "statePreservation": "Offline"}})
    );
    assert_eq!(
        spec["autohealing"],
        json!({"minFailingToStartDuration": "2m", "startUpFailureThreshold": 2})
    );
    assert_eq!(spec["maxUnavailable"], 1);
    assert_eq!(spec["replicas"], 3);
    let mut plain = options();
    plain.scale_in = ScaleIn::Random;
    plain.keep_disks = false;
    plain.heal_after = None;
    plain.heal_start_failures = None;
    let out = pool_from_vm(&golden(), &plain).unwrap();
    let spec = &of_kind(&out.objects, "VirtualMachinePool")[0]["spec"];
    assert!(
        spec.get("scaleInStrategy").is_none() && spec.get("autohealing").is_none(),
        "{spec}"
    );
}

#[test]
fn a_disk_with_data_needs_a_namespace_for_its_data_source() {
    let mut vm = golden();
    for o in &mut vm.objects {
        o["metadata"].as_object_mut().unwrap().remove("namespace");
    }
    assert_eq!(
        pool_from_vm(&vm, &options()).unwrap_err(),
        PoolError::NoNamespace { pool: "web".into() }
    );
}

#[test]
fn base64_round_trips() {
    for text in ["", "a", "ab", "abc", "#cloud-config\nhostname: x\n"] {
        assert_eq!(
            decode_base64(&base64(text.as_bytes())).as_deref(),
            Some(text)
        );
    }
    assert_eq!(decode_base64("!!"), None);
}

#[test]
fn a_live_golden_vm_lends_its_own_disks_to_the_data_sources() {
    let mut options = options();
    options.disks_exist = true;
    let out = pool_from_vm(&golden(), &options).unwrap();
    assert!(
        of_kind(&out.objects, "DataVolume").is_empty(),
        "no new golden disk"
    );
    let sources = of_kind(&out.objects, "DataSource");
    assert_eq!(
        sources[0]["spec"]["source"]["pvc"],
        json!({"namespace": "cattle", "name": "web01-scsi0-0"})
    );
    assert!(
        out.warnings.iter().any(|w| w.contains("stop it first")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn a_claim_mounted_directly_cannot_be_shared_by_replicas() {
    let mut vm = golden();
    let object = vm
        .objects
        .iter_mut()
        .find(|o| o["kind"] == "VirtualMachine")
        .unwrap();
    object["spec"]["template"]["spec"]["volumes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "data", "persistentVolumeClaim": {"claimName": "shared-data"}}));
    assert_eq!(
        pool_from_vm(&vm, &options()).unwrap_err(),
        PoolError::SharedClaim {
            pool: "web".into(),
            volume: "data".into(),
            claim: "shared-data".into()
        }
    );
}

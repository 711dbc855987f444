//! Proves the test harness in `tests/support` catches what it is meant to catch: each check
//! accepts a known-good object and rejects a known-bad one for the right reason.

use crate::support;

use serde_json::{json, Value};

/// A small VirtualMachine KubeVirt and CDI admit: one uploaded disk, one masqueraded pod NIC.
fn valid_vm() -> Value {
    json!({
        "apiVersion": "kubevirt.io/v1",
        "kind": "VirtualMachine",
        "metadata": {
            "name": "web01",
            "namespace": "migrated",
            "labels": {"app.kubernetes.io/managed-by": "kubectl-vmmigrate"},
            "annotations": {"vmmigrate.io/source": "web01.vmx"}
        },
        "spec": {
            "runStrategy": "Always",
            "dataVolumeTemplates": [{
                "metadata": {"name": "web01-disk0"},
                "spec": {
                    "storage": {"resources": {"requests": {"storage": "20Gi"}}},
                    "source": {"upload": {}}
                }
            }],
            "template": {
                "metadata": {"labels": {"kubevirt.io/vm": "web01"}},
                "spec": {
                    "domain": {
                        "cpu": {"sockets": 1, "cores": 2, "threads": 1},
                        "memory": {"guest": "4Gi"},
                        "devices": {
                            "disks": [{"name": "disk0", "disk": {"bus": "virtio"}, "bootOrder": 1}],
                            "interfaces": [{"name": "default", "masquerade": {}}]
                        }
                    },
                    "networks": [{"name": "default", "pod": {}}],
                    "volumes": [{"name": "disk0", "dataVolume": {"name": "web01-disk0"}}]
                }
            }
        }
    })
}

fn valid_dv() -> Value {
    json!({
        "apiVersion": "cdi.kubevirt.io/v1beta1",
        "kind": "DataVolume",
        "metadata": {"name": "data1", "namespace": "migrated"},
        "spec": {
            "source": {"upload": {}},
            "storage": {"resources": {"requests": {"storage": "10Gi"}}}
        }
    })
}

fn valid_core_objects() -> Vec<Value> {
    vec![
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "migrated"}}),
        json!({
            "apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "web01-cloudinit", "namespace": "migrated"},
            "type": "Opaque",
            "stringData": {"userdata": "#cloud-config\n"},
            "data": {"password": "c2VjcmV0"}
        }),
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web01-ssh", "namespace": "migrated"},
            "spec": {
                "type": "ClusterIP",
                "selector": {"kubevirt.io/vm": "web01"},
                "ports": [{"name": "ssh", "protocol": "TCP", "port": 22, "targetPort": 22}]
            }
        }),
        json!({
            "apiVersion": "k8s.cni.cncf.io/v1", "kind": "NetworkAttachmentDefinition",
            "metadata": {"name": "vlan100", "namespace": "migrated"},
            "spec": {"config": "{\"cniVersion\":\"0.3.1\",\"type\":\"bridge\",\"bridge\":\"br0\",\"vlan\":100}"}
        }),
    ]
}

fn has(errs: &[String], needles: &[&str]) -> bool {
    errs.iter().any(|e| needles.iter().all(|n| e.contains(n)))
}

#[test]
fn valid_vm_passes_schema_and_admission() {
    let Some(errs) = support::check_objects("valid_vm_passes_schema_and_admission", &[valid_vm()])
    else {
        return;
    };
    assert_eq!(errs, Vec::<String>::new());
}

#[test]
fn valid_dv_and_core_kinds_pass_both_checks() {
    let mut objs = valid_core_objects();
    objs.push(valid_dv());
    let Some(errs) = support::check_objects("valid_dv_and_core_kinds_pass_both_checks", &objs)
    else {
        return;
    };
    assert_eq!(errs, Vec::<String>::new());
}

#[test]
fn unknown_field_fails_schema_naming_the_path() {
    let Some(schemas) = support::schemas("unknown_field_fails_schema_naming_the_path") else {
        return;
    };
    let mut vm = valid_vm();
    vm["spec"]["template"]["spec"]["domain"]["foo"] = json!("bar");
    let errs = schemas.validate(&vm);
    assert_eq!(
        errs,
        vec![
            "VirtualMachine/web01: /spec/template/spec/domain/foo: unknown field \"foo\""
                .to_string()
        ]
    );
}

#[test]
fn unknown_fields_in_embedded_metadata_and_bare_objects_fail() {
    let Some(schemas) =
        support::schemas("unknown_fields_in_embedded_metadata_and_bare_objects_fail")
    else {
        return;
    };
    let mut vm = valid_vm();
    // Both are declared `x-kubernetes-preserve-unknown-fields` upstream, but are ObjectMeta in Go.
    vm["spec"]["template"]["metadata"]["lables"] = json!({"a": "b"});
    vm["spec"]["dataVolumeTemplates"][0]["metadata"]["nmae"] = json!("x");
    // A bare `type: object` with no properties: the API server would prune the field.
    vm["spec"]["dataVolumeTemplates"][0]["status"] = json!({"phase": "Succeeded"});
    let errs = schemas.validate(&vm);
    assert!(
        has(&errs, &["/spec/template/metadata/lables: unknown field"]),
        "{errs:#?}"
    );
    assert!(
        has(
            &errs,
            &["/spec/dataVolumeTemplates/0/metadata/nmae: unknown field"]
        ),
        "{errs:#?}"
    );
    assert!(
        has(
            &errs,
            &["/spec/dataVolumeTemplates/0/status/phase: unknown field"]
        ),
        "{errs:#?}"
    );
    assert_eq!(errs.len(), 3, "{errs:#?}");
}

#[test]
fn run_strategy_number_fails_schema() {
    let Some(schemas) = support::schemas("run_strategy_number_fails_schema") else {
        return;
    };
    let mut vm = valid_vm();
    vm["spec"]["runStrategy"] = json!(5);
    let errs = schemas.validate(&vm);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        has(
            &errs,
            &["VirtualMachine/web01: /spec/runStrategy: ", "string"]
        ),
        "{errs:#?}"
    );
}

#[test]
fn int_or_string_quantities_and_int32_ranges() {
    let Some(schemas) = support::schemas("int_or_string_quantities_and_int32_ranges") else {
        return;
    };
    let mut vm = valid_vm();
    vm["spec"]["template"]["spec"]["domain"]["memory"]["guest"] = json!(4294967296_u64);
    assert_eq!(schemas.validate(&vm), Vec::<String>::new());
    vm["spec"]["template"]["spec"]["domain"]["memory"]["guest"] = json!("4 GiB");
    assert!(has(
        &schemas.validate(&vm),
        &["/spec/template/spec/domain/memory/guest: "]
    ));
    vm["spec"]["template"]["spec"]["domain"]["memory"]["guest"] = json!(true);
    assert!(has(
        &schemas.validate(&vm),
        &["/spec/template/spec/domain/memory/guest: "]
    ));

    let mut vm = valid_vm();
    vm["spec"]["template"]["spec"]["domain"]["cpu"]["cores"] = json!(5_000_000_000_u64);
    assert!(has(
        &schemas.validate(&vm),
        &["/spec/template/spec/domain/cpu/cores: ", "maximum"]
    ));
}

#[test]
fn null_where_not_nullable_fails_schema() {
    let Some(schemas) = support::schemas("null_where_not_nullable_fails_schema") else {
        return;
    };
    let mut vm = valid_vm();
    // `spec.template.metadata` is nullable upstream; `domain.cpu` is not.
    vm["spec"]["template"]["metadata"] = Value::Null;
    assert_eq!(schemas.validate(&vm), Vec::<String>::new());
    vm["spec"]["template"]["spec"]["domain"]["cpu"] = Value::Null;
    assert!(has(
        &schemas.validate(&vm),
        &["/spec/template/spec/domain/cpu: null is not of type"]
    ));
}

#[test]
fn duplicate_list_map_keys_fail_schema() {
    let Some(schemas) = support::schemas("duplicate_list_map_keys_fail_schema") else {
        return;
    };
    // `resourceClaims` is `x-kubernetes-list-type: map` keyed by `name` upstream.
    let mut vm = valid_vm();
    vm["spec"]["template"]["spec"]["resourceClaims"] = json!([
        {"name": "gpu", "resourceClaimName": "a"},
        {"name": "gpu", "resourceClaimName": "b"}
    ]);
    let errs = schemas.validate(&vm);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(
        has(
            &errs,
            &[
                "/spec/template/spec/resourceClaims: Duplicate value",
                "name=\"gpu\""
            ]
        ),
        "{errs:#?}"
    );
    vm["spec"]["template"]["spec"]["resourceClaims"][1]["name"] = json!("gpu2");
    assert_eq!(schemas.validate(&vm), Vec::<String>::new());
}

#[test]
fn metadata_formats_are_checked() {
    let Some(schemas) = support::schemas("metadata_formats_are_checked") else {
        return;
    };
    let mut vm = valid_vm();
    vm["metadata"]["name"] = json!("Web_01");
    vm["metadata"]["labels"]["os"] = json!(true);
    vm["metadata"]["labels"]["bad key!"] = json!("x");
    vm["metadata"]["labels"]["long"] = json!("x".repeat(64));
    vm["metadata"]["uid"] = json!("1234");
    let errs = schemas.validate(&vm);
    assert!(
        has(&errs, &["VirtualMachine/Web_01: /metadata/name: "]),
        "{errs:#?}"
    );
    assert!(
        has(
            &errs,
            &["/metadata/labels/os: true is not of type \"string\""]
        ),
        "{errs:#?}"
    );
    assert!(
        has(&errs, &["/metadata/labels: invalid key: ", "bad key!"]),
        "{errs:#?}"
    );
    assert!(has(&errs, &["/metadata/labels/long: "]), "{errs:#?}");
    assert!(
        has(&errs, &["/metadata/uid: unknown field \"uid\""]),
        "{errs:#?}"
    );
    assert_eq!(errs.len(), 5, "{errs:#?}");

    let mut vm = valid_vm();
    vm["metadata"].as_object_mut().map(|m| m.remove("name"));
    let errs = schemas.validate(&vm);
    assert!(
        has(
            &errs,
            &[
                "VirtualMachine/<no name>: /metadata: ",
                "\"name\" is a required property"
            ]
        ),
        "{errs:#?}"
    );

    // A Namespace is cluster-scoped; a Service name must start with a letter.
    let ns = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "namespace": "b"}});
    assert!(has(
        &schemas.validate(&ns),
        &["Namespace/a: /metadata/namespace: unknown field"]
    ));
    let svc =
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "1web"}, "spec": {}});
    assert!(has(
        &schemas.validate(&svc),
        &["Service/1web: /metadata/name: "]
    ));
}

#[test]
fn core_kind_mistakes_fail_schema() {
    let Some(schemas) = support::schemas("core_kind_mistakes_fail_schema") else {
        return;
    };
    let objs = valid_core_objects();
    let mut secret = objs[1].clone();
    secret["data"]["password"] = json!("not base64!");
    secret["stringdata"] = json!({});
    let errs = schemas.validate(&secret);
    assert!(
        has(&errs, &["Secret/web01-cloudinit: /data/password: "]),
        "{errs:#?}"
    );
    assert!(
        has(
            &errs,
            &["Secret/web01-cloudinit: /stringdata: unknown field"]
        ),
        "{errs:#?}"
    );

    let mut svc = objs[2].clone();
    svc["spec"]["ports"][0]["port"] = json!(70000);
    svc["spec"]["ports"][0]["protocol"] = json!("tcp");
    let errs = schemas.validate(&svc);
    assert!(has(&errs, &["/spec/ports/0/port: "]), "{errs:#?}");
    assert!(has(&errs, &["/spec/ports/0/protocol: "]), "{errs:#?}");

    let mut nad = objs[3].clone();
    nad["spec"]["config"] = json!({"cniVersion": "0.3.1"});
    assert!(has(&schemas.validate(&nad), &["/spec/config: "]));
}

#[test]
fn unknown_kind_fails_schema() {
    let Some(schemas) = support::schemas("unknown_kind_fails_schema") else {
        return;
    };
    let obj = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineFoo", "metadata": {"name": "x"}});
    let errs = schemas.validate(&obj);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with(
        "VirtualMachineFoo/x: /: unknown apiVersion/kind kubevirt.io/v1 VirtualMachineFoo"
    ));
    // Right kind, wrong version is just as unknown.
    let mut vm = valid_vm();
    vm["apiVersion"] = json!("kubevirt.io/v1alpha3");
    assert!(has(
        &schemas.validate(&vm),
        &["unknown apiVersion/kind kubevirt.io/v1alpha3 VirtualMachine"]
    ));
    assert_eq!(schemas.validate(&json!({"kind": "Secret"})).len(), 1);
}

#[test]
fn disk_without_volume_fails_admission() {
    let test = "disk_without_volume_fails_admission";
    let Some(schemas) = support::schemas(test) else {
        return;
    };
    if !support::require_admission(test) {
        return;
    }
    let mut vm = valid_vm();
    vm["spec"]["template"]["spec"]["domain"]["devices"]["disks"] = json!([
        {"name": "disk0", "disk": {"bus": "virtio"}, "bootOrder": 1},
        {"name": "disk1", "disk": {"bus": "virtio"}}
    ]);
    // Schema-valid: only admission knows disks need volumes.
    assert_eq!(schemas.validate(&vm), Vec::<String>::new());
    let errs = support::admission_check(&[vm]);
    assert!(has(&errs, &["web01", "disk1"]), "{errs:#?}");
}

#[test]
fn tiny_datavolume_fails_admission() {
    let test = "tiny_datavolume_fails_admission";
    let Some(schemas) = support::schemas(test) else {
        return;
    };
    if !support::require_admission(test) {
        return;
    }
    let mut dv = valid_dv();
    dv["spec"]["storage"]["resources"]["requests"]["storage"] = json!("1Ki");
    assert_eq!(schemas.validate(&dv), Vec::<String>::new());
    let errs = support::admission_check(&[dv]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(has(&errs, &["data1"]), "{errs:#?}");
}

#[test]
fn admission_handles_large_batches_in_one_call() {
    if !support::require_admission("admission_handles_large_batches_in_one_call") {
        return;
    }
    let mut objs = Vec::new();
    for i in 0..1500 {
        let mut vm = valid_vm();
        vm["metadata"]["name"] = json!(format!("vm-{i}"));
        objs.push(vm);
        let mut dv = valid_dv();
        dv["metadata"]["name"] = json!(format!("dv-{i}"));
        if i == 1234 {
            dv["spec"]["storage"]["resources"]["requests"]["storage"] = json!("1Ki");
        }
        objs.push(dv);
    }
    let errs = support::admission_check(&objs);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].contains("dv-1234"), "{errs:#?}");
}

const VM_YAML: &str = r#"apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: web01
  labels:
    power: "on"
spec:
  runStrategy: Always
"#;

#[test]
fn quoted_yaml11_boolean_words_survive_kubectl() {
    if !support::require_kubectl("quoted_yaml11_boolean_words_survive_kubectl") {
        return;
    }
    let got =
        support::kubectl_roundtrip(VM_YAML).unwrap_or_else(|e| panic!("kubectl rejected: {e}"));
    // Also shows the sentinel namespace kubectl fills in is taken out again.
    assert_eq!(
        got,
        json!({
            "apiVersion": "kubevirt.io/v1",
            "kind": "VirtualMachine",
            "metadata": {"name": "web01", "labels": {"power": "on"}},
            "spec": {"runStrategy": "Always"}
        })
    );
}

#[test]
fn unquoted_yaml11_boolean_words_break_in_kubectl() {
    if !support::require_kubectl("unquoted_yaml11_boolean_words_break_in_kubectl") {
        return;
    }
    // A label value must be a string: kubectl refuses the object outright.
    let err = support::kubectl_roundtrip(&VM_YAML.replace("\"on\"", "on"))
        .expect_err("an unquoted `on` label must not be accepted");
    assert!(
        err.contains(
            "cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string"
        ),
        "{err}"
    );
    // Where the field is untyped to kubectl, the word silently becomes a boolean instead, and a
    // `y` key becomes the key "true".
    let yaml = format!(
        "{VM_YAML}  template:\n    metadata:\n      annotations:\n        note: no\n  y: off\n"
    );
    let got = support::kubectl_roundtrip(&yaml).unwrap_or_else(|e| panic!("kubectl rejected: {e}"));
    assert_eq!(
        got["spec"]["template"]["metadata"]["annotations"]["note"],
        json!(false)
    );
    assert_eq!(got["spec"]["true"], json!(false));
}

#[test]
fn kubectl_reads_multi_document_streams() {
    if !support::require_kubectl("kubectl_reads_multi_document_streams") {
        return;
    }
    let yaml =
        format!("{VM_YAML}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: migrated\n");
    let objs =
        support::kubectl_roundtrip_all(&yaml).unwrap_or_else(|e| panic!("kubectl rejected: {e}"));
    assert_eq!(objs.len(), 2);
    assert_eq!(
        objs[1],
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "migrated"}})
    );
    let list =
        support::kubectl_roundtrip(&yaml).unwrap_or_else(|e| panic!("kubectl rejected: {e}"));
    assert_eq!(list["kind"], json!("List"));
    assert_eq!(list["items"][0]["metadata"]["labels"]["power"], json!("on"));
}

#[test]
fn schemas_know_every_emitted_kind() {
    let Some(schemas) = support::schemas("schemas_know_every_emitted_kind") else {
        return;
    };
    let kinds: Vec<String> = schemas
        .kinds()
        .iter()
        .map(|(api, kind, _)| format!("{api} {kind}"))
        .collect();
    for want in [
        "kubevirt.io/v1 VirtualMachine",
        "cdi.kubevirt.io/v1beta1 DataVolume",
        "k8s.cni.cncf.io/v1 NetworkAttachmentDefinition",
        "v1 Namespace",
        "v1 Secret",
        "v1 Service",
    ] {
        assert!(
            kinds.iter().any(|k| k == want),
            "{want} missing from {kinds:?}"
        );
    }
}

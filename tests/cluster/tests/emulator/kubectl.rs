//! The real client: `/usr/bin/kubectl` against the emulator with a kubeconfig written to a
//! temp dir: `api-resources`, `apply --server-side` of a KubeVirt VirtualMachine (with strict
//! validation), `get -o json`, table output, `delete`. Skipped (with a note) without kubectl.

use crate::common::kubectl::*;
use crate::common::*;
use std::time::Duration;

const VM_YAML: &str = "apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: demo
  labels:
    app: demo
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        cpu: {sockets: 2}
        memory: {guest: 2Gi}
        devices:
          disks:
          - name: root
            disk: {bus: virtio}
      volumes:
      - name: root
        containerDisk: {image: quay.io/containerdisks/fedora:40}
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_api_resources_lists_kubevirt_kinds() {
    bounded(async {
        let Some((_c, _d, kc)) = setup().await else {
            return;
        };
        let o = kubectl(&kc, &["api-resources"], None).await;
        assert!(o.ok, "{}", o.stderr);
        let vm_line = o
            .stdout
            .lines()
            .find(|l| l.starts_with("virtualmachines "))
            .expect("virtualmachines listed");
        assert!(
            vm_line.contains("vm,vms")
                && vm_line.contains("kubevirt.io/v1")
                && vm_line.contains("VirtualMachine"),
            "{vm_line}"
        );
        assert!(o
            .stdout
            .lines()
            .any(|l| l.starts_with("datavolumes ") && l.contains("cdi.kubevirt.io/v1beta1")));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_server_side_apply_get_delete_vm() {
    bounded(async {
        let Some((c, _d, kc)) = setup().await else { return };
        let o = kubectl(&kc, &["apply", "--server-side", "-f", "-"], Some(VM_YAML)).await;
        assert!(o.ok, "{}", o.stderr);
        assert_eq!(o.stdout.trim(), "virtualmachine.kubevirt.io/demo serverside-applied");
        let applies: Vec<_> = c.requests().into_iter().filter(|r| r.method == "PATCH").collect();
        assert_eq!(applies.len(), 1);
        assert_eq!(applies[0].content_type.as_deref(), Some("application/apply-patch+yaml"));
        assert_eq!(applies[0].field_manager.as_deref(), Some("kubectl"));
        assert_eq!(applies[0].query_param("fieldValidation").as_deref(), Some("Strict"));
        // get -o json returns the stored object.
        let o = kubectl(&kc, &["get", "vm", "demo", "-o", "json"], None).await;
        assert!(o.ok, "{}", o.stderr);
        let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
        assert_eq!(v["spec"]["template"]["spec"]["domain"]["cpu"]["sockets"], 2);
        assert_eq!(v["metadata"]["generation"], 1);
        // Table output with the CRD's printer columns.
        let o = kubectl(&kc, &["get", "vms"], None).await;
        assert!(o.ok, "{}", o.stderr);
        let header = o.stdout.lines().next().unwrap_or("");
        assert!(header.starts_with("NAME") && header.contains("STATUS") && header.contains("READY") && header.contains("AGE"), "{header}");
        assert!(o.stdout.lines().nth(1).unwrap_or("").starts_with("demo"));
        // An unknown field fails server-side apply's typed conversion, as on kube-apiserver 1.32.
        let bad = VM_YAML.replace("  runStrategy: Always", "  runStrategy: Always\n  runStartegy: Halted");
        let o = kubectl(&kc, &["apply", "--server-side", "-f", "-"], Some(&bad)).await;
        assert!(!o.ok);
        assert_eq!(o.stderr.trim(), "Error from server: failed to create typed patch object (default/demo; kubevirt.io/v1, Kind=VirtualMachine): .spec.runStartegy: field not declared in schema");
        // A conflicting manager: kubectl prints the server's conflict.
        let changed = VM_YAML.replace("sockets: 2", "sockets: 4");
        let o = kubectl(&kc, &["apply", "--server-side", "--field-manager", "other", "-f", "-"], Some(&changed)).await;
        assert!(!o.ok);
        assert!(o.stderr.contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.template.spec.domain.cpu.sockets"), "{}", o.stderr);
        let o = kubectl(&kc, &["apply", "--server-side", "--force-conflicts", "--field-manager", "other", "-f", "-"], Some(&changed)).await;
        assert!(o.ok, "{}", o.stderr);
        let o = kubectl(&kc, &["delete", "vm", "demo"], None).await;
        assert!(o.ok, "{}", o.stderr);
        assert_eq!(o.stdout.trim(), "virtualmachine.kubevirt.io \"demo\" deleted");
        let o = kubectl(&kc, &["get", "vm", "demo"], None).await;
        assert!(!o.ok);
        assert!(o.stderr.contains("virtualmachines.kubevirt.io \"demo\" not found"), "{}", o.stderr);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_waits_for_a_simulated_vm_and_watches_it_as_a_table() {
    bounded(async {
        let Some((c, _d, kc)) = setup().await else {
            return;
        };
        let cfg = vmmigrate_testcluster::simulator::SimConfig {
            boot_time: Duration::from_millis(500),
            tick: Duration::from_millis(20),
            ..Default::default()
        };
        let _sim = vmmigrate_testcluster::simulator::Simulator::start(c.client(), cfg);
        let kc2 = kc.clone();
        let watch = tokio::spawn(async move {
            kubectl(&kc2, &["get", "vm", "-w", "--request-timeout=8s"], None).await
        });
        // The watch open before the VM exists, so that it sees every change; its timeout
        // leaves room for a loaded machine (the test waits for it to end).
        watch_opened(&c, "virtualmachines").await;
        let o = kubectl(&kc, &["apply", "--server-side", "-f", "-"], Some(VM_YAML)).await;
        assert!(o.ok, "{}", o.stderr);
        let o = kubectl(
            &kc,
            &["wait", "--for=condition=Ready", "vm/demo", "--timeout=30s"],
            None,
        )
        .await;
        assert!(o.ok, "{}", o.stderr);
        assert_eq!(
            o.stdout.trim(),
            "virtualmachine.kubevirt.io/demo condition met"
        );
        let o = kubectl(
            &kc,
            &[
                "get",
                "vmi",
                "demo",
                "-o",
                "jsonpath={.status.phase} {.status.nodeName}",
            ],
            None,
        )
        .await;
        assert_eq!(o.stdout, "Running sim-node-1");
        let w = watch.await.expect("join");
        // Watch events are printed as table rows with the CRD's columns.
        assert!(
            w.stdout
                .lines()
                .any(|l| l.starts_with("demo") && l.contains("Running") && l.contains("True")),
            "{}",
            w.stdout
        );
        let o = kubectl(&kc, &["delete", "vm", "demo", "--timeout=30s"], None).await;
        assert!(o.ok, "{}", o.stderr);
        // The VMI is collected once the simulated virt-handler released its finalizer.
        for _ in 0..1_000 {
            if c.object("kubevirt.io", "virtualmachineinstances", "default", "demo")
                .is_none()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("VMI not collected");
    })
    .await;
}

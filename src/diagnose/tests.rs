//! The ranked reasons on objects written as KubeVirt v1.9.0, CDI v1.66.0, kube-scheduler and
//! the PersistentVolume controller write them.

use super::*;
use serde_json::json;

const NOW: i64 = 1_796_317_717; // 2026-12-03T17:08:37Z

fn vm(name: &str, strategy: &str, status: Value) -> Value {
    json!({"metadata": {"name": name, "namespace": "default",
            "creationTimestamp": "2026-12-03T17:00:00Z"},
        "spec": {"runStrategy": strategy,
            "dataVolumeTemplates": [{"metadata": {"name": format!("{name}-root")}}],
            "template": {"spec": {"volumes": [
                {"name": "root", "dataVolume": {"name": format!("{name}-root")}},
                {"name": "data", "persistentVolumeClaim": {"claimName": "shared"}}]}}},
        "status": status})
}

fn event(kind: &str, name: &str, ty: &str, reason: &str, message: &str, at: &str) -> Value {
    json!({"involvedObject": {"kind": kind, "name": name}, "type": ty, "reason": reason,
        "message": message, "lastTimestamp": at, "count": 1,
        "source": {"component": "persistentvolume-controller"}})
}

fn pvc(name: &str, class: &str, phase: &str) -> Value {
    json!({"metadata": {"name": name}, "spec": {"storageClassName": class,
        "accessModes": ["ReadWriteMany"]}, "status": {"phase": phase}})
}

fn class(name: &str, provisioner: &str) -> Value {
    json!({"metadata": {"name": name}, "provisioner": provisioner})
}

fn kinds(d: &Diagnosis) -> Vec<ReasonKind> {
    d.reasons.iter().map(|r| r.kind).collect()
}

fn provisioning() -> Value {
    json!({"printableStatus": "Provisioning"})
}

#[test]
fn a_claim_of_a_class_without_provisioner_is_not_bound() {
    let ns = Namespace {
        datavolumes: vec![json!({"metadata": {"name": "web-root"},
            "status": {"phase": "Pending", "progress": "N/A", "conditions": [
                {"type": "Bound", "status": "False", "reason": "Pending", "message": "PVC web-root Pending"}]}})],
        pvcs: vec![
            pvc("web-root", "local", "Pending"),
            pvc("shared", "fast", "Bound"),
        ],
        events: vec![event(
            "PersistentVolumeClaim",
            "web-root",
            "Warning",
            "ProvisioningFailed",
            "no volume plugin matched name: kubernetes.io/no-provisioner",
            "2026-12-03T17:08:00Z",
        )],
        ..Namespace::default()
    };
    let classes = [
        class("local", NO_PROVISIONER),
        class("fast", "csi.example.com"),
    ];
    let d = diagnose(&vm("web", "Always", provisioning()), &ns, &classes, NOW);
    assert_eq!(kinds(&d), [ReasonKind::VolumeNotBound]);
    let r = &d.reasons[0];
    assert_eq!(r.volume_cause, Some(VolumeCause::NoProvisioner));
    assert_eq!(r.object, "PersistentVolumeClaim/web-root");
    assert_eq!(
        r.message,
        "no volume plugin matched name: kubernetes.io/no-provisioner"
    );
    assert_eq!(
        d.disks,
        Some(Disks {
            total: 1,
            imported: 0,
            percent: 0
        })
    );
    let claim = d
        .chain
        .iter()
        .find(|l| l.object == "PersistentVolumeClaim/web-root")
        .expect("claim");
    assert!(
        claim
            .summary
            .contains("provisioner kubernetes.io/no-provisioner"),
        "{}",
        claim.summary
    );
    assert_eq!(claim.events[0].age, "37s");
}

#[test]
fn a_provisioner_that_never_provisions_and_a_wrong_access_mode_are_told_apart() {
    let waiting = "Waiting for a volume to be created either by the external provisioner 'csi.example.com' \
                   or manually by the system administrator. If volume creation is delayed, please verify \
                   that the provisioner is running and correctly registered.";
    let classes = [class("slow", "csi.example.com")];
    let mut ns = Namespace {
        pvcs: vec![pvc("web-root", "slow", "Pending")],
        events: vec![event(
            "PersistentVolumeClaim",
            "web-root",
            "Normal",
            "ExternalProvisioning",
            waiting,
            "2026-12-03T17:08:00Z",
        )],
        ..Namespace::default()
    };
    let d = diagnose(&vm("web", "Always", provisioning()), &ns, &classes, NOW);
    assert_eq!(
        d.reasons[0].volume_cause,
        Some(VolumeCause::ProvisionerNotProvisioning)
    );
    assert_eq!(d.reasons[0].message, waiting);
    assert!(d.reasons[0].hint.contains("csi.example.com"));

    // A Warning outranks the older Normal event, and names the access mode.
    ns.events.push(event("PersistentVolumeClaim", "web-root", "Warning", "ProvisioningFailed",
        "failed to provision volume with StorageClass \"slow\": rpc error: code = InvalidArgument desc = access mode ReadWriteMany is not supported",
        "2026-12-03T17:07:00Z"));
    let d = diagnose(&vm("web", "Always", provisioning()), &ns, &classes, NOW);
    assert_eq!(d.reasons[0].volume_cause, Some(VolumeCause::AccessMode));
    assert!(
        d.reasons[0].hint.contains("ReadWriteMany"),
        "{}",
        d.reasons[0].hint
    );
}

#[test]
fn cdi_refusing_the_claim_is_a_volume_reason() {
    let ns = Namespace {
        datavolumes: vec![json!({"metadata": {"name": "web-root"}, "status": {"phase": "Pending"}})],
        events: vec![event("DataVolume", "web-root", "Warning", "ErrClaimNotValid",
            "DataVolume.storage spec is missing accessMode and volumeMode, cannot get access mode from StorageProfile slow",
            "2026-12-03T17:08:00Z")],
        ..Namespace::default()
    };
    let d = diagnose(&vm("web", "Always", provisioning()), &ns, &[], NOW);
    assert_eq!(kinds(&d), [ReasonKind::VolumeNotBound]);
    assert_eq!(d.reasons[0].object, "DataVolume/web-root");
    assert!(d.reasons[0].message.contains("cannot get access mode"));
}

#[test]
fn a_failed_import_gives_cdis_message() {
    let msg = "Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found";
    let ns = Namespace {
        datavolumes: vec![json!({"metadata": {"name": "web-root"}, "status": {
            "phase": "ImportInProgress", "progress": "N/A", "restartCount": 1, "conditions": [
                {"type": "Ready", "status": "False"},
                {"type": "Running", "status": "False", "reason": "Error", "message": msg}]}})],
        pvcs: vec![pvc("web-root", "fast", "Bound")],
        ..Namespace::default()
    };
    let d = diagnose(
        &vm(
            "web",
            "Always",
            json!({"printableStatus": "DataVolumeError"}),
        ),
        &ns,
        &[],
        NOW,
    );
    assert_eq!(kinds(&d), [ReasonKind::ImportFailed]);
    assert_eq!(d.reasons[0].message, msg);
}

fn with_vmi(vmi_status: Value, pods: Vec<Value>, events: Vec<Value>) -> Namespace {
    Namespace {
        vmis: vec![json!({"metadata": {"name": "web"}, "spec": {}, "status": vmi_status})],
        datavolumes: vec![
            json!({"metadata": {"name": "web-root"}, "status": {"phase": "Succeeded", "progress": "100.0%"}}),
        ],
        pvcs: vec![
            pvc("web-root", "fast", "Bound"),
            pvc("shared", "fast", "Bound"),
        ],
        pods,
        events,
    }
}

#[test]
fn an_unschedulable_vmi_gives_the_schedulers_message() {
    let msg = "0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.";
    let ns = with_vmi(
        json!({"phase": "Scheduling", "conditions": [
            {"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": msg}]}),
        vec![],
        vec![
            event(
                "Pod",
                "virt-launcher-web-abcde",
                "Warning",
                "FailedScheduling",
                msg,
                "2026-12-03T17:08:30Z",
            ),
            event(
                "Pod",
                "virt-launcher-web-1-abcde",
                "Warning",
                "FailedScheduling",
                "other VM",
                "2026-12-03T17:08:30Z",
            ),
        ],
    );
    let d = diagnose(
        &vm(
            "web",
            "Always",
            json!({"printableStatus": "ErrorUnschedulable"}),
        ),
        &ns,
        &[],
        NOW,
    );
    assert_eq!(kinds(&d), [ReasonKind::Unschedulable]);
    assert_eq!(d.reasons[0].message, msg);
    let pods = d
        .chain
        .iter()
        .find(|l| l.object == "Pod/virt-launcher")
        .expect("pod link");
    assert_eq!(pods.events.len(), 1, "another VM's launcher is not ours");
    assert_eq!(
        d.disks,
        Some(Disks {
            total: 1,
            imported: 1,
            percent: 100
        })
    );
}

#[test]
fn an_image_pull_backoff_is_read_from_the_vmi_or_the_pod() {
    let msg = "Back-off pulling image \"quay.io/demo/missing:1\"";
    let ns = with_vmi(
        json!({"phase": "Scheduled", "conditions": [
            {"type": "Synchronized", "status": "False", "reason": "ImagePullBackOff", "message": msg}]}),
        vec![],
        vec![],
    );
    let d = diagnose(
        &vm(
            "web",
            "Always",
            json!({"printableStatus": "ImagePullBackOff"}),
        ),
        &ns,
        &[],
        NOW,
    );
    assert_eq!(kinds(&d), [ReasonKind::ImagePullBackOff]);
    assert_eq!(d.reasons[0].message, msg);

    let pod = json!({"metadata": {"name": "virt-launcher-web-x1y2z", "labels": {"vm.kubevirt.io/name": "web"}},
        "status": {"containerStatuses": [{"name": "volumerootdisk", "state": {"waiting": {"reason": "ErrImagePull", "message": "not found"}}}]}});
    let ns = with_vmi(json!({"phase": "Scheduled"}), vec![pod], vec![]);
    let d = diagnose(&vm("web", "Always", json!({})), &ns, &[], NOW);
    assert_eq!(kinds(&d), [ReasonKind::ImagePullBackOff]);
    assert_eq!(d.reasons[0].message, "not found");
}

#[test]
fn a_crash_loop_a_paused_vmi_and_a_pending_restart() {
    let ns = with_vmi(
        json!({"phase": "Failed", "conditions": [{"type": "Ready", "status": "False", "reason": "Failed"}]}),
        vec![],
        vec![],
    );
    let d = diagnose(
        &vm(
            "web",
            "Always",
            json!({"printableStatus": "CrashLoopBackOff",
        "startFailure": {"consecutiveFailCount": 3}}),
        ),
        &ns,
        &[],
        NOW,
    );
    assert_eq!(kinds(&d), [ReasonKind::CrashLoop]);
    assert!(
        d.reasons[0].message.contains("3 time(s)"),
        "{}",
        d.reasons[0].message
    );

    let ns = with_vmi(
        json!({"phase": "Running", "nodeName": "n1", "conditions": [
        {"type": "Paused", "status": "True", "reason": "PausedByUser", "message": "VMI was paused by user"}]}),
        vec![],
        vec![],
    );
    let d = diagnose(
        &vm(
            "web",
            "Always",
            json!({"printableStatus": "Paused", "conditions": [
        {"type": "RestartRequired", "status": "True", "message": "a non-live-updatable field was changed in the template spec"}]}),
        ),
        &ns,
        &[],
        NOW,
    );
    assert_eq!(
        kinds(&d),
        [ReasonKind::Paused, ReasonKind::RestartRequired],
        "ranked"
    );
    assert_eq!(d.reasons[0].message, "VMI was paused by user");
    assert_eq!(d.node.as_deref(), Some("n1"));
}

#[test]
fn a_probe_that_needs_the_guest_agent() {
    let mut ns = with_vmi(
        json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "False"}]}),
        vec![],
        vec![],
    );
    ns.vmis[0]["spec"]["readinessProbe"] = json!({"guestAgentPing": {}, "initialDelaySeconds": 10});
    let d = diagnose(
        &vm("web", "Always", json!({"printableStatus": "Running"})),
        &ns,
        &[],
        NOW,
    );
    assert_eq!(kinds(&d), [ReasonKind::GuestAgentMissing]);
    ns.vmis[0]["status"]["conditions"] = json!([{"type": "AgentConnected", "status": "True"}]);
    assert!(diagnose(&vm("web", "Always", json!({})), &ns, &[], NOW)
        .reasons
        .is_empty());
    // A tcp probe needs no agent.
    ns.vmis[0]["spec"]["readinessProbe"] = json!({"tcpSocket": {"port": 22}});
    ns.vmis[0]["status"]["conditions"] = json!([]);
    assert!(diagnose(&vm("web", "Always", json!({})), &ns, &[], NOW)
        .reasons
        .is_empty());
}

#[test]
fn a_vm_stopped_by_its_run_strategy() {
    let ns = with_vmi(json!({}), vec![], vec![]);
    let ns = Namespace { vmis: vec![], ..ns };
    let d = diagnose(
        &vm("web", "Halted", json!({"printableStatus": "Stopped"})),
        &ns,
        &[],
        NOW,
    );
    assert_eq!(kinds(&d), [ReasonKind::StoppedByRunStrategy]);
    assert!(d.reasons[0].message.contains("Halted"));
    // An Always VM without an instance is starting, not stopped on purpose.
    assert!(diagnose(&vm("web", "Always", json!({})), &ns, &[], NOW)
        .reasons
        .is_empty());
}

#[test]
fn reasons_rank_the_blocking_cause_first() {
    let mut ns = with_vmi(
        json!({"phase": "Scheduling", "conditions": [
        {"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "m"}]}),
        vec![],
        vec![],
    );
    ns.pvcs = vec![pvc("web-root", "gone", "Pending")];
    let d = diagnose(
        &vm(
            "web",
            "Always",
            json!({"conditions": [
        {"type": "RestartRequired", "status": "True"}]}),
        ),
        &ns,
        &[],
        NOW,
    );
    assert_eq!(
        kinds(&d),
        [
            ReasonKind::VolumeNotBound,
            ReasonKind::Unschedulable,
            ReasonKind::RestartRequired
        ]
    );
    assert_eq!(d.reasons[0].volume_cause, Some(VolumeCause::NoStorageClass));
}

#[test]
fn events_rank_warnings_then_the_newest() {
    let events = vec![
        event(
            "DataVolume",
            "d",
            "Normal",
            "ImportScheduled",
            "a",
            "2026-12-03T17:08:30Z",
        ),
        event(
            "DataVolume",
            "d",
            "Warning",
            "Error",
            "b",
            "2026-12-03T17:00:00Z",
        ),
        event(
            "DataVolume",
            "d",
            "Normal",
            "Pending",
            "c",
            "2026-12-03T17:08:35Z",
        ),
        event(
            "DataVolume",
            "other",
            "Warning",
            "Error",
            "x",
            "2026-12-03T17:08:35Z",
        ),
    ];
    let reasons: Vec<String> = events::of_object(&events, "DataVolume", "d")
        .into_iter()
        .map(|e| e.reason)
        .collect();
    assert_eq!(reasons, ["Error", "Pending", "ImportScheduled"]);
    assert!(events::is_launcher_of("virt-launcher-web-a1b2c", "web"));
    assert!(!events::is_launcher_of("virt-launcher-web-1-a1b2c", "web"));
}

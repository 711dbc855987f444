//! The RBAC objects a cluster comes with, as data: kube-apiserver's bootstrap policy
//! (`cluster-admin`, the aggregated `admin`/`edit`/`view` roles and the
//! `system:aggregate-to-*` roles that fill them, `system:basic-user`, `system:discovery`), and
//! the ClusterRoles virt-operator and cdi-operator install (`kubevirt.io:admin|edit|view`,
//! `cdi.kubevirt.io:admin|edit|view`, which join `admin`/`edit`/`view` through the
//! `rbac.authorization.k8s.io/aggregate-to-*` labels). Rule contents restate upstream
//! (kubernetes `plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go`, kubevirt
//! `pkg/virt-operator/resource/generate/rbac/cluster.go`, CDI
//! `pkg/operator/resources/cluster/rbac.go`), limited to rules naming API groups this
//! emulator serves or that tests name.

use serde_json::{json, Value};

const READ: &[&str] = &["get", "list", "watch"];
const WRITE: &[&str] = &["create", "delete", "deletecollection", "patch", "update"];
const READ_WRITE: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "delete",
    "deletecollection",
    "patch",
    "update",
];
const RBAC: &str = "rbac.authorization.k8s.io";

fn rule(verbs: &[&str], groups: &[&str], resources: &[&str]) -> Value {
    json!({"verbs": verbs, "apiGroups": groups, "resources": resources})
}

fn cluster_role(name: &str, labels: Value, rules: Vec<Value>) -> Value {
    json!({"apiVersion": format!("{RBAC}/v1"), "kind": "ClusterRole",
        "metadata": {"name": name, "labels": labels}, "rules": rules})
}

fn aggregated(name: &str, labels: Value, selector_label: &str) -> Value {
    json!({"apiVersion": format!("{RBAC}/v1"), "kind": "ClusterRole",
        "metadata": {"name": name, "labels": labels},
        "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {selector_label: "true"}}]},
        "rules": []})
}

/// A ClusterRoleBinding of `role` to groups.
pub fn cluster_binding_to_groups(name: &str, role: &str, groups: &[&str]) -> Value {
    let subjects: Vec<Value> = groups
        .iter()
        .map(|g| json!({"kind": "Group", "apiGroup": RBAC, "name": g}))
        .collect();
    json!({"apiVersion": format!("{RBAC}/v1"), "kind": "ClusterRoleBinding",
        "metadata": {"name": name},
        "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": role},
        "subjects": subjects})
}

/// kube-apiserver's bootstrap ClusterRoles and ClusterRoleBindings (the part that matters to
/// users of the emulated API).
pub fn bootstrap() -> Vec<Value> {
    let defaults = json!({"kubernetes.io/bootstrapping": "rbac-defaults"});
    let with = |extra: &str| {
        let mut l = defaults.clone();
        l[extra] = json!("true");
        l
    };
    vec![
        json!({"apiVersion": format!("{RBAC}/v1"), "kind": "ClusterRole",
            "metadata": {"name": "cluster-admin", "labels": defaults},
            "rules": [rule(&["*"], &["*"], &["*"]), {"verbs": ["*"], "nonResourceURLs": ["*"]}]}),
        json!({"apiVersion": format!("{RBAC}/v1"), "kind": "ClusterRole",
            "metadata": {"name": "system:discovery", "labels": defaults},
            "rules": [{"verbs": ["get"], "nonResourceURLs": ["/api", "/api/*", "/apis", "/apis/*",
                "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]}]}),
        json!({"apiVersion": format!("{RBAC}/v1"), "kind": "ClusterRole",
            "metadata": {"name": "system:basic-user", "labels": defaults},
            "rules": [rule(&["create"], &["authorization.k8s.io"],
                &["selfsubjectaccessreviews", "selfsubjectrulesreviews"])]}),
        aggregated(
            "admin",
            defaults.clone(),
            "rbac.authorization.k8s.io/aggregate-to-admin",
        ),
        aggregated(
            "edit",
            with("rbac.authorization.k8s.io/aggregate-to-admin"),
            "rbac.authorization.k8s.io/aggregate-to-edit",
        ),
        aggregated(
            "view",
            with("rbac.authorization.k8s.io/aggregate-to-edit"),
            "rbac.authorization.k8s.io/aggregate-to-view",
        ),
        cluster_role(
            "system:aggregate-to-admin",
            with("rbac.authorization.k8s.io/aggregate-to-admin"),
            vec![
                rule(
                    &["create"],
                    &["authorization.k8s.io"],
                    &["localsubjectaccessreviews"],
                ),
                rule(READ_WRITE, &[RBAC], &["rolebindings", "roles"]),
            ],
        ),
        cluster_role(
            "system:aggregate-to-edit",
            with("rbac.authorization.k8s.io/aggregate-to-edit"),
            aggregate_to_edit(),
        ),
        cluster_role(
            "system:aggregate-to-view",
            with("rbac.authorization.k8s.io/aggregate-to-view"),
            aggregate_to_view(),
        ),
        cluster_binding_to_groups("cluster-admin", "cluster-admin", &["system:masters"]),
        cluster_binding_to_groups(
            "system:discovery",
            "system:discovery",
            &["system:authenticated"],
        ),
        cluster_binding_to_groups(
            "system:basic-user",
            "system:basic-user",
            &["system:authenticated"],
        ),
    ]
}

fn aggregate_to_edit() -> Vec<Value> {
    vec![
        rule(
            READ,
            &[""],
            &[
                "pods/attach",
                "pods/exec",
                "pods/portforward",
                "pods/proxy",
                "secrets",
                "services/proxy",
            ],
        ),
        rule(&["impersonate"], &[""], &["serviceaccounts"]),
        rule(
            WRITE,
            &[""],
            &[
                "pods",
                "pods/attach",
                "pods/exec",
                "pods/portforward",
                "pods/proxy",
            ],
        ),
        rule(&["create"], &[""], &["pods/eviction"]),
        rule(
            WRITE,
            &[""],
            &[
                "configmaps",
                "persistentvolumeclaims",
                "replicationcontrollers",
                "replicationcontrollers/scale",
                "secrets",
                "serviceaccounts",
                "services",
                "services/proxy",
            ],
        ),
        rule(&["create"], &[""], &["serviceaccounts/token"]),
        rule(
            WRITE,
            &["apps"],
            &[
                "daemonsets",
                "deployments",
                "deployments/rollback",
                "deployments/scale",
                "replicasets",
                "replicasets/scale",
                "statefulsets",
                "statefulsets/scale",
            ],
        ),
        rule(WRITE, &["autoscaling"], &["horizontalpodautoscalers"]),
        rule(WRITE, &["batch"], &["cronjobs", "jobs"]),
        rule(WRITE, &["policy"], &["poddisruptionbudgets"]),
        rule(
            WRITE,
            &["networking.k8s.io"],
            &["ingresses", "networkpolicies"],
        ),
    ]
}

fn aggregate_to_view() -> Vec<Value> {
    vec![
        rule(
            READ,
            &[""],
            &[
                "configmaps",
                "endpoints",
                "persistentvolumeclaims",
                "persistentvolumeclaims/status",
                "pods",
                "replicationcontrollers",
                "replicationcontrollers/scale",
                "serviceaccounts",
                "services",
                "services/status",
            ],
        ),
        rule(
            READ,
            &[""],
            &[
                "bindings",
                "events",
                "limitranges",
                "namespaces/status",
                "pods/log",
                "pods/status",
                "replicationcontrollers/status",
                "resourcequotas",
                "resourcequotas/status",
            ],
        ),
        rule(READ, &[""], &["namespaces"]),
        rule(READ, &["discovery.k8s.io"], &["endpointslices"]),
        rule(
            READ,
            &["apps"],
            &[
                "controllerrevisions",
                "daemonsets",
                "daemonsets/status",
                "deployments",
                "deployments/scale",
                "deployments/status",
                "replicasets",
                "replicasets/scale",
                "replicasets/status",
                "statefulsets",
                "statefulsets/scale",
                "statefulsets/status",
            ],
        ),
        rule(
            READ,
            &["autoscaling"],
            &[
                "horizontalpodautoscalers",
                "horizontalpodautoscalers/status",
            ],
        ),
        rule(
            READ,
            &["batch"],
            &["cronjobs", "cronjobs/status", "jobs", "jobs/status"],
        ),
        rule(
            READ,
            &["policy"],
            &["poddisruptionbudgets", "poddisruptionbudgets/status"],
        ),
        rule(
            READ,
            &["networking.k8s.io"],
            &["ingresses", "ingresses/status", "networkpolicies"],
        ),
    ]
}

const KUBEVIRT_CORE: &[&str] = &[
    "virtualmachineinstancemigrations",
    "virtualmachineinstancepresets",
    "virtualmachineinstancereplicasets",
    "virtualmachineinstances",
    "virtualmachines",
];
const INSTANCETYPES: &[&str] = &[
    "virtualmachineclusterinstancetypes",
    "virtualmachineclusterpreferences",
    "virtualmachineinstancetypes",
    "virtualmachinepreferences",
];
const VM_ACTIONS: &[&str] = &[
    "virtualmachines/addvolume",
    "virtualmachines/memorydump",
    "virtualmachines/migrate",
    "virtualmachines/removevolume",
    "virtualmachines/restart",
    "virtualmachines/start",
    "virtualmachines/stop",
];

/// virt-operator's `kubevirt.io:*` ClusterRoles (and `kubevirt.io:default` with its binding).
pub fn kubevirt() -> Vec<Value> {
    let label = |to: &str| json!({"kubevirt.io": "", format!("rbac.authorization.k8s.io/aggregate-to-{to}"): "true"});
    let sub = "subresources.kubevirt.io";
    let edit_verbs: Vec<&str> = READ_WRITE
        .iter()
        .copied()
        .filter(|v| *v != "deletecollection")
        .collect();
    let writer = |verbs: &[&str]| {
        vec![
            rule(
                &["get"],
                &[sub],
                &[
                    "virtualmachineinstances/console",
                    "virtualmachineinstances/filesystemlist",
                    "virtualmachineinstances/guestosinfo",
                    "virtualmachineinstances/portforward",
                    "virtualmachineinstances/userlist",
                    "virtualmachineinstances/vnc",
                    "virtualmachineinstances/vnc/screenshot",
                ],
            ),
            rule(
                &["update"],
                &[sub],
                &[
                    "virtualmachineinstances/addvolume",
                    "virtualmachineinstances/freeze",
                    "virtualmachineinstances/pause",
                    "virtualmachineinstances/removevolume",
                    "virtualmachineinstances/softreboot",
                    "virtualmachineinstances/unfreeze",
                    "virtualmachineinstances/unpause",
                ],
            ),
            rule(
                &["get"],
                &[sub],
                &["virtualmachines/expand-spec", "virtualmachines/portforward"],
            ),
            rule(&["update"], &[sub], VM_ACTIONS),
            rule(&["update"], &[sub], &["expand-vm-spec"]),
            rule(verbs, &["kubevirt.io"], KUBEVIRT_CORE),
            rule(
                verbs,
                &["snapshot.kubevirt.io"],
                &[
                    "virtualmachinerestores",
                    "virtualmachinesnapshotcontents",
                    "virtualmachinesnapshots",
                ],
            ),
            rule(verbs, &["export.kubevirt.io"], &["virtualmachineexports"]),
            rule(verbs, &["clone.kubevirt.io"], &["virtualmachineclones"]),
            rule(verbs, &["instancetype.kubevirt.io"], INSTANCETYPES),
            rule(verbs, &["pool.kubevirt.io"], &["virtualmachinepools"]),
            rule(READ, &["migrations.kubevirt.io"], &["migrationpolicies"]),
        ]
    };
    let mut edit = writer(&edit_verbs);
    edit.push(rule(&["get", "list"], &["kubevirt.io"], &["kubevirts"]));
    vec![
        cluster_role("kubevirt.io:admin", label("admin"), writer(READ_WRITE)),
        cluster_role("kubevirt.io:edit", label("edit"), edit),
        cluster_role(
            "kubevirt.io:view",
            label("view"),
            vec![
                rule(
                    &["get"],
                    &[sub],
                    &[
                        "virtualmachineinstances/filesystemlist",
                        "virtualmachineinstances/guestosinfo",
                        "virtualmachineinstances/userlist",
                        "virtualmachines/expand-spec",
                    ],
                ),
                rule(&["update"], &[sub], &["expand-vm-spec"]),
                rule(READ, &["kubevirt.io"], KUBEVIRT_CORE),
                rule(
                    READ,
                    &["snapshot.kubevirt.io"],
                    &[
                        "virtualmachinerestores",
                        "virtualmachinesnapshotcontents",
                        "virtualmachinesnapshots",
                    ],
                ),
                rule(READ, &["export.kubevirt.io"], &["virtualmachineexports"]),
                rule(READ, &["clone.kubevirt.io"], &["virtualmachineclones"]),
                rule(READ, &["instancetype.kubevirt.io"], INSTANCETYPES),
                rule(READ, &["pool.kubevirt.io"], &["virtualmachinepools"]),
                rule(READ, &["migrations.kubevirt.io"], &["migrationpolicies"]),
            ],
        ),
        cluster_role(
            "kubevirt.io:default",
            json!({"kubevirt.io": "", "kubernetes.io/bootstrapping": "rbac-defaults"}),
            vec![rule(&["get", "list"], &[sub], &["guestfs", "version"])],
        ),
        cluster_binding_to_groups(
            "kubevirt.io:default",
            "kubevirt.io:default",
            &["system:authenticated", "system:unauthenticated"],
        ),
    ]
}

/// cdi-operator's `cdi.kubevirt.io:*` ClusterRoles (edit has the same rules as admin).
pub fn cdi() -> Vec<Value> {
    let label = |to: &str| json!({"cdi.kubevirt.io": "", format!("rbac.authorization.k8s.io/aggregate-to-{to}"): "true"});
    let writer = || {
        vec![
            rule(
                &["*"],
                &["cdi.kubevirt.io"],
                &[
                    "dataimportcrons",
                    "datasources",
                    "datavolumes",
                    "volumeclonesources",
                    "volumeimportsources",
                    "volumeuploadsources",
                ],
            ),
            rule(&["create"], &["cdi.kubevirt.io"], &["datavolumes/source"]),
            rule(
                &["*"],
                &["upload.cdi.kubevirt.io"],
                &["uploadtokenrequests"],
            ),
            rule(
                &["*"],
                &["forklift.cdi.kubevirt.io"],
                &["openstackvolumepopulators", "ovirtvolumepopulators"],
            ),
        ]
    };
    vec![
        cluster_role("cdi.kubevirt.io:admin", label("admin"), writer()),
        cluster_role("cdi.kubevirt.io:edit", label("edit"), writer()),
        cluster_role(
            "cdi.kubevirt.io:view",
            label("view"),
            vec![
                rule(
                    READ,
                    &["cdi.kubevirt.io"],
                    &[
                        "cdiconfigs",
                        "dataimportcrons",
                        "datasources",
                        "datavolumes",
                        "objecttransfers",
                        "storageprofiles",
                        "volumeclonesources",
                        "volumeimportsources",
                        "volumeuploadsources",
                    ],
                ),
                rule(
                    READ,
                    &["forklift.cdi.kubevirt.io"],
                    &["openstackvolumepopulators", "ovirtvolumepopulators"],
                ),
                rule(&["create"], &["cdi.kubevirt.io"], &["datavolumes/source"]),
            ],
        ),
        cluster_role(
            "cdi.kubevirt.io:config-reader",
            json!({"cdi.kubevirt.io": ""}),
            vec![rule(
                READ,
                &["cdi.kubevirt.io"],
                &["cdiconfigs", "storageprofiles"],
            )],
        ),
        cluster_binding_to_groups(
            "cdi.kubevirt.io:config-reader",
            "cdi.kubevirt.io:config-reader",
            &["system:authenticated", "system:serviceaccount"],
        ),
    ]
}

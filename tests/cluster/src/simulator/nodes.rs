//! Nodes: the simulator creates a Node object for each of `SimConfig::nodes` (Ready, as a
//! kubelet registers it) and schedules as kube-scheduler would for these VMs: onto the first
//! node, in the configured order, that is not cordoned (`spec.unschedulable`, what
//! `kubectl cordon` and `evacuate --cordon` set) and not excluded (a migration's source). On
//! a cluster without the Node kind (or where listing fails) the configured names are used.

use super::*;
use crate::util::PointerAt;

fn node_ar() -> ApiResource {
    ar("", "v1", "Node", "nodes")
}

/// Create the configured nodes that do not exist yet (a conflict is one that does).
pub(super) async fn register(client: &kube::Client, names: &[String]) {
    let api: Api<DynamicObject> = Api::all_with(client.clone(), &node_ar());
    for n in names {
        let node = json!({"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": n, "labels": {"kubernetes.io/hostname": n}},
            "spec": {},
            "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                "message": "kubelet is posting ready status"}]}});
        if let Ok(o) = serde_json::from_value::<DynamicObject>(node) {
            let _ = api.create(&PostParams::default(), &o).await;
        }
    }
}

impl Reconciler<'_> {
    /// The node a new or migrating instance goes to: the first configured node that is
    /// schedulable and is not `exclude`; None when there is none.
    pub(super) async fn pick_node(&self, exclude: &str) -> Option<String> {
        let api: Api<DynamicObject> = Api::all_with(self.apis.client.clone(), &node_ar());
        let cordoned: Vec<String> = match api.list(&ListParams::default()).await {
            Ok(l) => l
                .items
                .iter()
                .filter(|n| n.data.pointer_at("/spec/unschedulable") == Some(&json!(true)))
                .map(name)
                .collect(),
            Err(_) => vec![],
        };
        self.cfg
            .nodes
            .iter()
            .find(|n| n.as_str() != exclude && !cordoned.contains(n))
            .cloned()
    }
}

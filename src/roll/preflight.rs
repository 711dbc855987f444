//! What a rollout checks before its first write, all of it reported together (issue 15):
//! that the user may do everything the rollout will do (the rights a command's [`Needs`]
//! come to, asked by SelfSubjectAccessReview as `apply` asks), and that KubeVirt's virt-api
//! serves the restart action when a VM may need one. A rollout refused half way used to leave
//! its revision `Progressing`, blocking every later roll, or its VMs changed but never
//! restarted. The checks themselves run in `cluster::rollout::preflight`.

use super::ladder::Level;
use super::state::Change;
use std::collections::BTreeSet;

/// One right: (verb, API group, resource, namespace), as a SelfSubjectAccessReview asks it
/// (the same tuple as `cluster::preflight::Access`).
pub type Access = (String, String, String, String);

/// The group and version virt-api serves its VM actions under.
pub const VIRT_API: &str = "subresources.kubevirt.io/v1";

/// What a command will do, for the checks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Needs {
    /// It creates the rollout Lease (a new rollout) rather than taking an existing one.
    pub create_lease: bool,
    /// It changes VMs (not only the rollout's state, as pause and abort do).
    pub changes_vms: bool,
    /// Some VM may be restarted (virt-api's restart action).
    pub restart: bool,
    /// Some VM may be replaced (create, delete, quota reads).
    pub replace: bool,
    /// A pool roll: the VirtualMachinePool's template, strategy and size are written.
    pub pool: bool,
}

impl Needs {
    /// What a rollout whose VMs take the actions `levels` needs.
    pub fn for_levels(levels: impl IntoIterator<Item = Level>, create_lease: bool) -> Self {
        let levels: Vec<Level> = levels.into_iter().collect();
        Needs {
            create_lease,
            changes_vms: true,
            restart: levels.contains(&Level::Restart),
            replace: levels.contains(&Level::Replace),
            pool: false,
        }
    }

    /// The same, for a pool roll when `pool` (its VirtualMachinePool is read and written).
    pub fn with_pool(self, pool: bool) -> Self {
        Needs { pool, ..self }
    }

    /// What resuming or rolling back a recorded rollout may need: any action from its
    /// --min-action to its --max-action (a rollback undoes a change whose VM-by-VM levels
    /// are not known before the VMs are read), only `none` for a change of labels and
    /// annotations going forward.
    pub fn for_spec(min: Level, max: Level, change: Option<&Change>) -> Self {
        let metadata_only = change.is_some_and(|c| {
            c.memory.is_none()
                && c.cpu_sockets.is_none()
                && c.instancetype.is_none()
                && c.image.is_none()
                && c.template_patch.is_none()
                && c.manifests.is_empty()
        });
        let levels = [Level::None, Level::Live, Level::Restart, Level::Replace]
            .into_iter()
            .filter(|l| (min..=max).contains(l))
            .filter(|l| !metadata_only || *l == min);
        Self::for_levels(levels, false)
    }

    /// Every permission, as (verb, group, resource, namespace).
    pub fn accesses(&self, ns: &str) -> BTreeSet<Access> {
        let mut out = BTreeSet::new();
        let mut add = |verbs: &[&str], group: &str, resource: &str| {
            for v in verbs {
                out.insert((v.to_string(), group.into(), resource.into(), ns.into()));
            }
        };
        add(&["get", "patch"], "coordination.k8s.io", "leases");
        if self.create_lease {
            add(&["create"], "coordination.k8s.io", "leases");
        }
        if !self.changes_vms {
            return out;
        }
        add(&["create", "list", "delete"], "apps", "controllerrevisions");
        add(
            &["get", "list", "watch", "update", "patch"],
            "kubevirt.io",
            "virtualmachines",
        );
        add(
            &["get", "list", "watch"],
            "kubevirt.io",
            "virtualmachineinstances",
        );
        if self.restart {
            add(
                &["update"],
                "subresources.kubevirt.io",
                "virtualmachines/restart",
            );
        }
        if self.replace {
            add(&["create", "delete"], "kubevirt.io", "virtualmachines");
            add(&["list"], "", "resourcequotas");
        }
        if self.pool {
            add(&["get", "patch"], "pool.kubevirt.io", "virtualmachinepools");
            // A new golden disk (`--set-image`), and replicas' disks of an older template.
            add(
                &["get", "create", "delete"],
                "cdi.kubevirt.io",
                "datavolumes",
            );
            add(&["create"], "cdi.kubevirt.io", "datasources");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_follow_the_actions() {
        let n = Needs::for_levels([Level::None, Level::Live], true);
        let a = n.accesses("ns");
        assert!(a.contains(&(
            "create".into(),
            "coordination.k8s.io".into(),
            "leases".into(),
            "ns".into()
        )));
        assert!(!a.iter().any(|x| x.2 == "virtualmachines/restart"));
        let n = Needs::for_spec(Level::None, Level::Restart, None);
        assert!(n.restart && !n.replace);
        let labels = Change {
            labels: [("a".to_string(), "b".to_string())].into(),
            ..Change::default()
        };
        let n = Needs::for_spec(Level::None, Level::Replace, Some(&labels));
        assert!(!n.restart && !n.replace, "a label change restarts nothing");
        let pause = Needs::default().accesses("ns");
        assert_eq!(pause.len(), 2, "{pause:?}");
        let pool = Needs::for_spec(Level::None, Level::Restart, None)
            .with_pool(true)
            .accesses("ns");
        assert!(pool.contains(&(
            "patch".into(),
            "pool.kubevirt.io".into(),
            "virtualmachinepools".into(),
            "ns".into()
        )));
    }
}

//! virt-controller's VM generation bookkeeping (KubeVirt v1.9.0, `pkg/virt-controller/watch/
//! vm`): each VMI the VM controller starts carries `kubevirt.io/vm-generation`, the VM's
//! `metadata.generation` it was made from; the annotation is bumped to the VM's generation
//! later only when the VM's template is still the one the VMI started from
//! (`conditionallyBumpGenerationAnnotationOnVmi`, which deep-compares the template with the
//! start revision's). Here it is also bumped when the only changes are live-updatable ones the
//! simulator carried to the VMI. The VM's `status.observedGeneration` is the running VMI's
//! value and `desiredGeneration` the VM's generation.
//!
//! This is what tells a client that a VMI runs an older template than the VM: an instance the
//! controller started from a VM it read just before someone updated it.

use super::*;

/// KubeVirt's `VirtualMachineGenerationAnnotation`.
pub const VM_GENERATION: &str = "kubevirt.io/vm-generation";

/// The VMI's annotation, when set and a number.
fn stamped(vmi: &DynamicObject) -> Option<i64> {
    vmi.metadata
        .annotations
        .as_ref()?
        .get(VM_GENERATION)?
        .parse()
        .ok()
}

/// Put the VM's generation on a VMI about to be created (`annotations`: its metadata's).
pub(super) fn stamp(vm: &DynamicObject, annotations: &mut Value) {
    annotations[VM_GENERATION] = json!(vm.metadata.generation.unwrap_or(0).to_string());
}

impl Reconciler<'_> {
    /// Bump the running VMI's generation when the VM's template is what it started from (or
    /// differs from it in live-updatable fields only, which `live_update` applied:
    /// `restart_required` is false); the VM generation the VMI reflects, for
    /// `status.observedGeneration`.
    pub(super) async fn sync_generation(
        &self,
        vm: &DynamicObject,
        vmi: &DynamicObject,
        template: &Value,
        restart_required: bool,
    ) -> i64 {
        let generation = vm.metadata.generation.unwrap_or(0);
        let have = stamped(vmi);
        if have == Some(generation) {
            return generation;
        }
        let start = self.lock().start_templates.get(&uid(vmi)).cloned();
        let same = start.is_some_and(|s| {
            s == *template
                || (!restart_required
                    && s.get("metadata") == template.get("metadata")
                    && without_live_fields(s.get("spec").unwrap_or(&Value::Null))
                        == without_live_fields(template.get("spec").unwrap_or(&Value::Null)))
        });
        if !same {
            // A VMI KubeVirt did not stamp (started before v1.0) reads as up to date.
            return have.unwrap_or(generation);
        }
        let body = json!({"metadata": {
            "annotations": {VM_GENERATION: generation.to_string()},
            "resourceVersion": vmi.metadata.resource_version,
        }});
        self.patch_meta(&self.apis.vmi, vmi, body).await;
        generation
    }
}

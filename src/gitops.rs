//! What a GitOps tool must be told to ignore on the VirtualMachines this plugin writes.
//!
//! The generator writes every field whose KubeVirt default follows from the VM's own content
//! (firmware UUID and serial, the PCI topology annotation: `generate::identity`), so Git and
//! the cluster agree on them. What is left are the fields KubeVirt's VM webhook fills from the
//! *cluster's* configuration (the KubeVirt CR's default architecture and its per-architecture
//! machine type): writing them would pin a VM to one cluster's settings, so the generator
//! leaves them out and the GitOps wiring (Argo CD `ignoreDifferences`) names them here, once.
//!
//! Neither `kubectl diff --server-side` nor Argo CD's default three-way diff reports them
//! (the manifest never writes them, and fields only the server wrote are not drift); they are
//! listed for whatever compares the whole live object with the file (a two-way diff, the e2e
//! test `cluster_e2e drift::`) and for Argo CD's `ignoreDifferences`, which with
//! `RespectIgnoreDifferences=true` also keeps a sync from touching them. Other fields KubeVirt
//! adds with no value of their own (`domain.resources: {}`, `spec.template.metadata: {}`, the
//! controller's annotations and finalizer) are not listed: they are encoding artefacts or
//! controller bookkeeping, not settings a repository could hold.

/// JSON pointers (RFC 6901, the form of Argo CD's `ignoreDifferences[].jsonPointers`) into a
/// `kubevirt.io/v1` VirtualMachine, of the fields whose value comes from the cluster.
pub const CLUSTER_DEPENDENT_VM_FIELDS: &[&str] = &[
    // `setDefaultArchitecture`: the KubeVirt CR's `spec.configuration.architectureConfiguration.defaultArchitecture`.
    "/spec/template/spec/architecture",
    // `setVMDefaultMachineType`: that architecture's `machineType` in the same configuration.
    "/spec/template/spec/domain/machine/type",
];

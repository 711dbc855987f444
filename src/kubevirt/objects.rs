//! Typed KubeVirt and CDI objects, limited to the fields this tool sets.
//!
//! No maintained crate covers KubeVirt for kube 5, and a full kopium dump would be
//! thousands of lines we never use. These structs carry exactly what the generator writes;
//! tests hold their JSON to the upstream CRD schemas with unknown fields counted as errors,
//! so a misspelled field here fails CI instead of being pruned by a real API server.
//!
//! Field order in the structs is the order in the output, so keep it readable
//! (`apiVersion`, `kind`, `metadata`, `spec`, and within specs the most important first).

use super::terms::{
    AccessMode, DiskBus, InterfaceModel, InterfaceState, RunStrategy, TickPolicy, VolumeMode,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// `metadata` of an object we create.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ObjectMeta {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

/// `metadata` of an embedded template (no name).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct TemplateMeta {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VirtualMachine {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: ObjectMeta,
    pub spec: VirtualMachineSpec,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VirtualMachineSpec {
    pub run_strategy: RunStrategy,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instancetype: Option<InstancetypeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preference: Option<InstancetypeRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_volume_templates: Vec<DataVolumeTemplate>,
    pub template: VmiTemplate,
}

/// `spec.instancetype` / `spec.preference` of a VM.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InstancetypeRef {
    pub kind: &'static str,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VmiTemplate {
    pub metadata: TemplateMeta,
    pub spec: VmiSpec,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VmiSpec {
    pub domain: Domain,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub networks: Vec<Network>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    /// `None` when an instancetype provides the CPUs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<CpuTopology>,
    /// `None` when an instancetype provides the memory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<GuestMemory>,
    pub firmware: DomainFirmware,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<Features>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    pub devices: Devices,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CpuTopology {
    pub sockets: u32,
    pub cores: u32,
    pub threads: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GuestMemory {
    pub guest: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DomainFirmware {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// The SMBIOS serial; KubeVirt fills a random one on create when empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    pub bootloader: Bootloader,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub enum Bootloader {
    #[serde(rename = "bios")]
    Bios(Empty),
    #[serde(rename = "efi")]
    Efi(Efi),
}

/// Serialises as `{}`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Empty {}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Efi {
    pub secure_boot: bool,
    /// Keep NVRAM (boot entries, secure-boot keys) across restarts, as the source host did.
    pub persistent: bool,
}

/// `domain.features`: SMM (secure boot needs it), the Windows enlightenments and the ones a
/// source sets. KubeVirt refuses `hyperv` and `hypervPassthrough` together.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Features {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smm: Option<FeatureState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acpi: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apic: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hyperv: Option<HyperV>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hyperv_passthrough: Option<FeatureState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kvm: Option<FeatureKvm>,
}

/// `domain.features.kvm`: hide the KVM signature from the guest.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FeatureKvm {
    pub hidden: bool,
}

impl Features {
    pub fn is_empty(&self) -> bool {
        *self == Features::default()
    }
}

/// A feature switched on or off (`{enabled: true}`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FeatureState {
    pub enabled: bool,
}

/// A Hyper-V enlightenment: `{}` is on (KubeVirt's default), `{enabled: false}` off.
/// KubeVirt checks the dependencies between enlightenments only on an explicit
/// `enabled: true`, so values carried from a source spell it out.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Toggle {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

impl Toggle {
    /// On: `{}` with no value, or `enabled: true`.
    pub fn is_on(&self) -> bool {
        self.enabled != Some(false)
    }
}

/// `domain.features.hyperv`, with KubeVirt's field names (`synictimer`, `vendorid`).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct HyperV {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relaxed: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vapic: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spinlocks: Option<Spinlocks>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpindex: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synic: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synictimer: Option<SynicTimer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendorid: Option<VendorId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequencies: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reenlightenment: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tlbflush: Option<TlbFlush>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipi: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evmcs: Option<Toggle>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Spinlocks {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Retries; KubeVirt requires at least 4096.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spinlocks: Option<u32>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SynicTimer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct: Option<Toggle>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VendorId {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Up to 12 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendorid: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TlbFlush {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct: Option<Toggle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended: Option<Toggle>,
}

/// `domain.clock`: UTC with the timers a Windows guest wants.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Clock {
    pub utc: Empty,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timer: Option<Timers>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Timers {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hpet: Option<TimerPresence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pit: Option<TimerTicks>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rtc: Option<TimerTicks>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hyperv: Option<Empty>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimerPresence {
    pub present: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TimerTicks {
    pub tick_policy: TickPolicy,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Devices {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autoattach_pod_interface: Option<bool>,
    pub disks: Vec<DiskDevice>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<Interface>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tpm: Option<TpmDevice>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DiskDevice {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boot_order: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk: Option<DiskTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cdrom: Option<CdromTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shareable: Option<bool>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiskTarget {
    pub bus: DiskBus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readonly: Option<bool>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CdromTarget {
    pub bus: DiskBus,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Interface {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masquerade: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bridge: Option<Empty>,
    pub model: InterfaceModel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mac_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<InterfaceState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boot_order: Option<u32>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TpmDevice {
    pub persistent: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Network {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multus: Option<MultusNetwork>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MultusNetwork {
    pub network_name: String,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_volume: Option<DataVolumeRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_init_no_cloud: Option<CloudInitNoCloud>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sysprep: Option<SysprepSource>,
}

/// cloud-init NoCloud data from Secrets.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CloudInitNoCloud {
    /// `UserDataSecretRef` in KubeVirt's Go types, `secretRef` on the wire.
    pub secret_ref: LocalObjectRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_data_secret_ref: Option<LocalObjectRef>,
}

/// A sysprep answer file from a Secret.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SysprepSource {
    pub secret: LocalObjectRef,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LocalObjectRef {
    pub name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataVolumeRef {
    pub name: String,
}

/// An entry of `spec.dataVolumeTemplates` (a CDI DataVolume owned by the VM).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataVolumeTemplate {
    pub metadata: ObjectMeta,
    pub spec: DataVolumeSpec,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataVolumeSpec {
    pub source: DataVolumeSource,
    pub storage: StorageSpec,
}

/// Where CDI gets the disk's bytes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub enum DataVolumeSource {
    /// Wait for `virtctl image-upload`: never an empty disk that the VM would boot from.
    #[serde(rename = "upload")]
    Upload(Empty),
    /// An empty disk, only when the mapping says so.
    #[serde(rename = "blank")]
    Blank(Empty),
    #[serde(rename = "http")]
    Http(UrlSourceSpec),
    #[serde(rename = "s3")]
    S3(UrlSourceSpec),
    #[serde(rename = "registry")]
    Registry(UrlSourceSpec),
    #[serde(rename = "pvc")]
    Pvc(PvcSourceSpec),
    #[serde(rename = "vddk")]
    Vddk(VddkSourceSpec),
}

/// `http`, `s3` and `registry` sources.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UrlSourceSpec {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_ref: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert_config_map: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PvcSourceSpec {
    pub namespace: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VddkSourceSpec {
    pub url: String,
    pub uuid: String,
    pub backing_file: String,
    pub thumbprint: String,
    pub secret_ref: String,
    #[serde(rename = "initImageURL", skip_serializing_if = "Option::is_none")]
    pub init_image_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StorageSpec {
    pub resources: StorageResources,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<AccessMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<VolumeMode>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StorageResources {
    pub requests: BTreeMap<String, String>,
}

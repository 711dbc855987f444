//! Generator: neutral `VmSpec`s in, KubeVirt objects out.
//!
//! Knows nothing of source file formats: everything it needs is in the model. Every choice
//! the source does not dictate (bus for a Windows guest, where disk data comes from, which
//! NIC gets the pod network) is made here, once, and explained in a warning when it changes
//! what the guest will see.

mod buses;
mod extras;
mod hyperv;
pub mod identity;
pub mod naming;
pub mod pool;
pub mod summary;
mod topology;

use crate::kubevirt::objects::*;
use crate::kubevirt::RunStrategy;
use crate::kubevirt::{DiskBus as Bus, InterfaceState, TickPolicy};
use crate::mapping::{
    instancetypes, Choice, DiskSource, Mapping, MappingError, MultusRef, NetworkTarget,
    TemplateError, TemplateValues, UrlSource,
};
use crate::model::{
    DiskBacking, DiskMode, FirmwareKind, NicAttachment, OsFamily, VmSpec, WarningKind,
};
use buses::{disk_bus, nic_model, DeviceChoice};
use extras::{nad_object, namespace_object, service_object, user_data_objects};
use foldhash::{HashMap, HashMapExt};
use naming::{dns_label, truncate_label, UniqueNames};
use std::collections::BTreeMap;

/// Label that marks every object this tool creates.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
/// Value of [`MANAGED_BY_LABEL`], also the server-side apply field manager.
pub const MANAGER: &str = "kubectl-vmmigrate";
/// Annotation prefix for provenance.
pub const ANNOTATION_PREFIX: &str = "vmmigrate.io/";

/// Size requested for a disk whose capacity the source does not state.
pub const DEFAULT_PLACEHOLDER_DISK_BYTES: u64 = 10 << 30;
/// Memory given to a VM whose source states none.
pub const DEFAULT_PLACEHOLDER_MEMORY_BYTES: u64 = 1 << 30;
/// CDI refuses DataVolumes under 1 MiB.
const MIN_DISK_BYTES: u64 = 1 << 20;

/// Choices the user makes for a whole run.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Namespace written into each object; `None` leaves it to `kubectl apply -n`.
    pub namespace: Option<String>,
    pub run_strategy: RunStrategy,
    /// Size requested for disks of unknown capacity.
    pub placeholder_disk_bytes: u64,
    /// Where networks, storage and disk data go; `None` keeps the built-in choices.
    pub mapping: Option<Mapping>,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            namespace: None,
            run_strategy: RunStrategy::default(),
            placeholder_disk_bytes: DEFAULT_PLACEHOLDER_DISK_BYTES,
            mapping: None,
        }
    }
}

/// The objects generated for one source VM, with what a reviewer must know about them.
#[derive(Debug, Clone)]
pub struct GeneratedVm {
    /// The Kubernetes name chosen for the VM.
    pub name: String,
    pub spec: VmSpec,
    /// Objects in apply (dependency) order: the Namespace and NetworkAttachmentDefinitions
    /// the run shares (with the first VM that needs them), Secrets, the VirtualMachine, then
    /// a Service.
    pub objects: Vec<serde_json::Value>,
    /// Importer warnings followed by the generator's own.
    pub warnings: Vec<String>,
    /// What the VM asks of the cluster, for quota checks ([`summary::summarize`]).
    pub resources: summary::VmResources,
}

/// Why a run could not be generated as the mapping asks.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// Mapping rules that cannot be applied to some VM (a placeholder without a value...).
    #[error("{}: cannot apply the mapping:{}", .file, .problems.iter().map(|p| format!("\n  {p}")).collect::<String>())]
    Rules { file: String, problems: Vec<String> },
}

/// Like [`generate`], but with a mapping every NIC and disk must be covered and every rule
/// must apply: problems are returned together instead of falling back with a warning.
pub fn try_generate(
    vms: &[VmSpec],
    options: &GenerateOptions,
) -> Result<Vec<GeneratedVm>, GenerateError> {
    if let Some(mapping) = &options.mapping {
        mapping.check(vms)?;
    }
    let (generated, problems) = generate_all(vms, options);
    match (&options.mapping, problems.is_empty()) {
        (Some(mapping), false) => Err(GenerateError::Rules {
            file: mapping.file.clone(),
            problems,
        }),
        _ => Ok(generated),
    }
}

/// Generates objects for every VM; names are unique across the whole run. Mapping rules
/// that cannot apply fall back to the built-in choice with a warning (see [`try_generate`]).
pub fn generate(vms: &[VmSpec], options: &GenerateOptions) -> Vec<GeneratedVm> {
    let (mut generated, problems) = generate_all(vms, options);
    if let Some(first) = generated.first_mut() {
        first.warnings.extend(problems);
    }
    generated
}

/// Per-run state shared by the VMs of a run.
#[derive(Default)]
struct RunState {
    vm_names: UniqueNames,
    dv_names: UniqueNames,
    /// NetworkAttachmentDefinitions already emitted, with their bridge and VLAN.
    nads: BTreeMap<MultusRef, (String, Option<u16>)>,
    namespace_emitted: bool,
    /// Firmware UUIDs given so far, with the VM that has each: a second VM with the same
    /// source UUID (a VMware copy that kept `uuid.bios`) gets a name-derived one instead.
    firmware_uuids: BTreeMap<String, String>,
    /// Mapping rules that could not apply, in words.
    problems: Vec<String>,
}

fn generate_all(vms: &[VmSpec], options: &GenerateOptions) -> (Vec<GeneratedVm>, Vec<String>) {
    let mut generator = Generator::new(options);
    let generated = generator.next_batch(vms);
    (generated, generator.into_problems())
}

/// A run generated a batch (one input file) at a time, for streaming output: the per-run
/// state (unique names, NetworkAttachmentDefinitions and Namespace already emitted) is kept
/// between batches, so the concatenated batches are exactly what [`generate`] gives for
/// all VMs at once, and each batch can be written and dropped before the next is read.
pub struct Generator<'a> {
    options: &'a GenerateOptions,
    state: RunState,
}

impl<'a> Generator<'a> {
    pub fn new(options: &'a GenerateOptions) -> Self {
        Generator {
            options,
            state: RunState::default(),
        }
    }

    /// Generates the next VMs of the run, in order.
    pub fn next_batch(&mut self, vms: &[VmSpec]) -> Vec<GeneratedVm> {
        vms.iter()
            .map(|vm| generate_one(vm.clone(), self.options, &mut self.state))
            .collect()
    }

    /// [`Generator::next_batch`] of VMs the caller gives up: each moves into its
    /// [`GeneratedVm`] instead of being copied there.
    pub fn next_owned(&mut self, vms: Vec<VmSpec>) -> Vec<GeneratedVm> {
        vms.into_iter()
            .map(|vm| generate_one(vm, self.options, &mut self.state))
            .collect()
    }

    /// Mapping rules that could not apply so far (see [`try_generate`]).
    pub fn problems(&self) -> &[String] {
        &self.state.problems
    }

    pub fn into_problems(self) -> Vec<String> {
        self.state.problems
    }
}

fn generate_one(spec: VmSpec, options: &GenerateOptions, state: &mut RunState) -> GeneratedVm {
    let vm = &spec;
    let mapping = options.mapping.as_ref();
    let mut warnings: Vec<String> = vm.warnings.iter().map(|w| w.message.clone()).collect();
    let name = state.vm_names.claim(&requested_name(vm, mapping));
    let namespace = options
        .namespace
        .clone()
        .or_else(|| mapping.and_then(|m| m.spec.namespace.as_ref().map(|n| n.0.clone())));
    let devices = device_choice(vm, mapping);
    let mut objects = Vec::new();
    let mut resources = summary::VmResources {
        namespace: namespace.clone(),
        ..Default::default()
    };
    let (labels, annotations) = vm_metadata(vm, mapping);

    // Disks and CD-ROMs share one name space and one boot order sequence.
    let mut device_names = UniqueNames::default();
    let boot_orders = renumber_boot_orders(vm);
    let context = DiskContext {
        vm,
        name: &name,
        namespace: namespace.as_deref(),
        devices,
        mapping,
        options,
        boot_orders: &boot_orders,
    };
    let StoragePlan {
        mut disks,
        mut volumes,
        templates,
    } = StoragePlan::build(
        &context,
        &mut device_names,
        state,
        &mut warnings,
        &mut resources,
    );

    let network_plan =
        interfaces_and_networks(vm, devices, mapping, &mut warnings, &mut state.problems);
    let (interfaces, networks) = (network_plan.interfaces, network_plan.networks);
    let firmware = firmware_plan(vm, &name, &mut state.firmware_uuids, &mut warnings);
    let memory_bytes = guest_memory_bytes(vm, &mut warnings);
    let tpm = tpm_device(vm, &mut warnings);
    warn_what_is_not_carried_over(vm, &mut warnings);

    let vcpus = topology::vcpu_count(vm, &mut warnings);
    let sizing = mapping
        .map(|m| {
            choose_sizing(
                m,
                vm,
                vcpus,
                memory_bytes,
                devices.virtio_disks(),
                &mut warnings,
            )
        })
        .unwrap_or_default();
    (resources.vcpus, resources.memory_bytes) =
        sizing.instancetype_size.unwrap_or((vcpus, memory_bytes));
    if let Some((rule, data)) = mapping.and_then(|m| m.vm_rule(vm)) {
        user_data_objects(
            &name,
            namespace.as_ref(),
            rule,
            data,
            devices,
            &mut device_names,
            &mut disks,
            &mut volumes,
            &mut objects,
        );
    }
    if let Some(mapping) = mapping {
        emit_shared_objects(
            mapping,
            vm,
            namespace.as_ref(),
            network_plan.nads,
            state,
            &mut objects,
        );
    }

    let domain = domain(
        vm,
        &sizing,
        memory_bytes,
        firmware,
        Devices {
            autoattach_pod_interface: interfaces.is_empty().then_some(false),
            disks,
            interfaces,
            tpm,
        },
    );
    let machine = VirtualMachine {
        api_version: "kubevirt.io/v1",
        kind: "VirtualMachine",
        metadata: ObjectMeta {
            name: name.clone(),
            namespace: namespace.clone(),
            labels,
            annotations,
        },
        spec: VirtualMachineSpec {
            run_strategy: options.run_strategy,
            instancetype: sizing.instancetype.map(|name| InstancetypeRef {
                kind: "VirtualMachineClusterInstancetype",
                name,
            }),
            preference: sizing.preference.map(|name| InstancetypeRef {
                kind: "VirtualMachineClusterPreference",
                name,
            }),
            data_volume_templates: templates,
            template: VmiTemplate {
                metadata: TemplateMeta {
                    labels: BTreeMap::from([
                        ("kubevirt.io/domain".to_string(), name.clone()),
                        (MANAGED_BY_LABEL.to_string(), MANAGER.to_string()),
                    ]),
                    annotations: BTreeMap::from([(
                        identity::PCI_TOPOLOGY_ANNOTATION.to_string(),
                        identity::PCI_TOPOLOGY_VERSION.to_string(),
                    )]),
                },
                spec: VmiSpec {
                    domain,
                    networks,
                    volumes,
                },
            },
        },
    };
    objects.push(to_object(&machine));
    if let Some(mapping) = mapping {
        expose_service(
            mapping,
            vm,
            &name,
            namespace.as_ref(),
            network_plan.has_pod_nic,
            &mut objects,
            &mut warnings,
        );
    }
    let warnings = merge_repeats(warnings);
    GeneratedVm {
        name,
        spec,
        objects,
        warnings,
        resources,
    }
}

/// The VirtualMachine as a JSON object.
fn to_object(machine: &VirtualMachine) -> serde_json::Value {
    serde_json::to_value(machine).unwrap_or_else(|err| {
        // Serialising plain structs of strings and numbers cannot fail; if it ever does,
        // it is a bug in this module, not bad input.
        panic!("BUG: VirtualMachine did not serialise: {err}")
    })
}

/// The VMI's domain: CPU and memory unless an instancetype owns them, firmware, devices.
fn domain(
    vm: &VmSpec,
    sizing: &Sizing,
    memory_bytes: u64,
    firmware: FirmwarePlan,
    devices: Devices,
) -> Domain {
    Domain {
        // An instancetype owns CPU and memory; KubeVirt refuses both at once.
        cpu: sizing.instancetype_size.is_none().then_some(CpuTopology {
            sockets: vm.cpu.sockets.max(1),
            cores: vm.cpu.cores.max(1),
            threads: vm.cpu.threads.max(1),
        }),
        memory: sizing.instancetype_size.is_none().then(|| GuestMemory {
            guest: quantity(memory_bytes),
        }),
        firmware: DomainFirmware {
            uuid: Some(firmware.identity.uuid),
            serial: Some(firmware.identity.serial),
            bootloader: firmware.bootloader,
        },
        features: (!firmware.features.is_empty()).then_some(firmware.features),
        clock: firmware.clock,
        devices,
    }
}

/// The Service a mapping rule's `expose` asks for, after the VirtualMachine.
fn expose_service(
    mapping: &Mapping,
    vm: &VmSpec,
    name: &str,
    namespace: Option<&String>,
    has_pod_nic: bool,
    objects: &mut Vec<serde_json::Value>,
    warnings: &mut Vec<String>,
) {
    let Some((rule, _)) = mapping.vm_rule(vm) else {
        return;
    };
    if let Some(expose) = &rule.expose {
        if !has_pod_nic {
            warnings.push(
                "ports are exposed with a Service, but no NIC is on the pod network; the Service will not reach the VM"
                    .to_string(),
            );
        }
        objects.push(service_object(name, namespace, expose));
    }
}

/// The name the mapping gives the VM, or one made from the source's.
fn requested_name(vm: &VmSpec, mapping: Option<&Mapping>) -> String {
    mapping
        .and_then(|m| m.spec.names.get(&vm.name))
        .map(|label| label.0.clone())
        .unwrap_or_else(|| dns_label(&vm.name, "vm"))
}

/// Which devices the guest gets, from the mapping's `compatibility` and the guest's drivers.
fn device_choice(vm: &VmSpec, mapping: Option<&Mapping>) -> DeviceChoice {
    let compatibility = mapping.map(|m| m.spec.compatibility).unwrap_or_default();
    DeviceChoice::new(
        vm,
        compatibility,
        mapping.is_some_and(|m| m.spec.keep_source_devices),
    )
}

/// The VirtualMachine's labels and annotations: the mapping's, then ours (provenance).
fn vm_metadata(
    vm: &VmSpec,
    mapping: Option<&Mapping>,
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut labels = BTreeMap::new();
    let mut annotations = BTreeMap::new();
    if let Some(mapping) = mapping {
        labels.extend(mapping.spec.labels.clone());
        annotations.extend(mapping.spec.annotations.clone());
    }
    labels.insert(MANAGED_BY_LABEL.to_string(), MANAGER.to_string());
    annotations.insert(annotation("source-file"), vm.source.file.clone());
    annotations.insert(annotation("source-format"), vm.source.format.to_string());
    annotations.insert(annotation("source-name"), vm.name.clone());
    if let Some(description) = vm.description.as_ref().filter(|d| !d.trim().is_empty()) {
        annotations.insert(annotation("description"), description.clone());
    }
    if let Some(os) = &vm.guest_os.source_id {
        annotations.insert(annotation("guest-os"), os.clone());
    }
    if let Some(option) = &vm.deployment_option {
        annotations.insert(annotation("ovf-deployment-option"), option.clone());
    }
    (labels, annotations)
}

/// What every disk of one VM needs to know about the VM.
struct DiskContext<'c> {
    vm: &'c VmSpec,
    /// The VM's Kubernetes name.
    name: &'c str,
    namespace: Option<&'c str>,
    devices: DeviceChoice,
    mapping: Option<&'c Mapping>,
    options: &'c GenerateOptions,
    boot_orders: &'c BootOrders,
}

/// The VM's disks so far: devices, volumes and DataVolume templates, in disk order.
#[derive(Default)]
struct StoragePlan {
    disks: Vec<DiskDevice>,
    volumes: Vec<Volume>,
    templates: Vec<DataVolumeTemplate>,
}

impl StoragePlan {
    /// Every disk, then every CD-ROM drive, of the VM.
    fn build(
        context: &DiskContext,
        device_names: &mut UniqueNames,
        state: &mut RunState,
        warnings: &mut Vec<String>,
        resources: &mut summary::VmResources,
    ) -> StoragePlan {
        let mut storage = StoragePlan::default();
        for (index, disk) in context.vm.disks.iter().enumerate() {
            storage.add_disk(
                context,
                index,
                disk,
                device_names,
                state,
                warnings,
                resources,
            );
        }
        storage.disks.extend(cdrom_devices(
            context.vm,
            context.boot_orders,
            device_names,
            warnings,
        ));
        storage
    }

    /// Adds one source disk: its device, its volume and the DataVolume that holds its data.
    #[allow(clippy::too_many_arguments)]
    fn add_disk(
        &mut self,
        context: &DiskContext,
        index: usize,
        disk: &crate::model::Disk,
        device_names: &mut UniqueNames,
        state: &mut RunState,
        warnings: &mut Vec<String>,
        resources: &mut summary::VmResources,
    ) {
        let disk_name = device_names.claim(&dns_label(&disk.id, "disk"));
        let dv_base = format!(
            "{}-{}",
            truncate_label(context.name, 62usize.saturating_sub(disk_name.len())),
            disk_name
        );
        let dv_name = state
            .dv_names
            .claim(&truncate_label(&dv_base, naming::MAX_LABEL));
        let bus = disk_bus(disk, context.devices);
        warn_disk_bus_change(disk, bus, context.devices, warnings);
        let capacity = disk_capacity(disk, context.options, warnings);
        warn_disk_semantics(disk, warnings);
        let mut dv_annotations = BTreeMap::new();
        if let Some(path) = &disk.source_path {
            dv_annotations.insert(annotation("source-disk"), path.clone());
        }
        if let Some(origin) = disk.size_source {
            dv_annotations.insert(annotation("disk-size-source"), origin.to_string());
        }
        let storage_rule = context.mapping.and_then(|m| m.storage_rule(disk));
        let source = mapped_disk_source(context, index, disk, &disk_name, state, warnings);
        resources.disks.push(summary::DiskRequest {
            storage_class: storage_rule.and_then(|r| r.storage_class.clone()),
            bytes: capacity,
        });
        self.templates.push(DataVolumeTemplate {
            metadata: ObjectMeta {
                name: dv_name.clone(),
                namespace: None,
                labels: BTreeMap::new(),
                annotations: dv_annotations,
            },
            spec: DataVolumeSpec {
                source,
                storage: StorageSpec {
                    resources: StorageResources {
                        requests: BTreeMap::from([("storage".to_string(), quantity(capacity))]),
                    },
                    storage_class_name: storage_rule.and_then(|r| r.storage_class.clone()),
                    access_modes: storage_rule
                        .and_then(|r| r.access_mode)
                        .map(|m| vec![m])
                        .unwrap_or_default(),
                    volume_mode: storage_rule.and_then(|r| r.volume_mode),
                },
            },
        });
        // KubeVirt cannot make a SATA hard disk read-only.
        let read_only = disk.read_only && bus != Bus::Sata;
        if disk.read_only && !read_only {
            warnings.push(format!(
                "disk {}: was read-only, but KubeVirt SATA disks cannot be; it is attached writable",
                disk.id
            ));
        }
        self.disks.push(DiskDevice {
            name: disk_name.clone(),
            boot_order: context.boot_orders.disks.get(index).copied().flatten(),
            disk: Some(DiskTarget {
                bus,
                readonly: read_only.then_some(true),
            }),
            cdrom: None,
            shareable: disk.shared.then_some(true),
        });
        self.volumes.push(Volume {
            name: disk_name,
            data_volume: Some(DataVolumeRef { name: dv_name }),
            ..Volume::default()
        });
    }
}

/// Says when the disk's bus changes, and why.
fn warn_disk_bus_change(
    disk: &crate::model::Disk,
    bus: Bus,
    devices: DeviceChoice,
    warnings: &mut Vec<String>,
) {
    let bus = bus.as_str();
    if bus != disk.bus.as_str() {
        warnings.push(format!(
            "disk {}: bus {} becomes {bus}{}",
            disk.id,
            disk.bus.as_str(),
            if bus == "sata" && devices.legacy {
                " (compatibility: legacy)"
            } else if bus == "sata" && !devices.virtio_blk {
                " (the guest may lack virtio drivers; install virtio-win and switch to virtio for speed)"
            } else {
                ""
            }
        ));
    }
}

/// Bytes requested for a disk: its capacity (at least CDI's minimum), or the placeholder.
fn disk_capacity(
    disk: &crate::model::Disk,
    options: &GenerateOptions,
    warnings: &mut Vec<String>,
) -> u64 {
    match disk.capacity_bytes {
        Some(bytes) if bytes > 0 => bytes.max(MIN_DISK_BYTES),
        _ => {
            warnings.push(format!(
                "disk {}: capacity unknown, requested {} as a placeholder; set the real size before applying",
                disk.id,
                quantity(options.placeholder_disk_bytes)
            ));
            options.placeholder_disk_bytes.max(MIN_DISK_BYTES)
        }
    }
}

/// Warns about source disk semantics a DataVolume does not keep (passthrough, nonpersistent,
/// shared).
fn warn_disk_semantics(disk: &crate::model::Disk, warnings: &mut Vec<String>) {
    match disk.backing {
        DiskBacking::Passthrough => warnings.push(format!(
            "disk {}: was a raw device or LUN passed through; its data is copied into a DataVolume",
            disk.id
        )),
        DiskBacking::Block | DiskBacking::Network | DiskBacking::File => {}
    }
    if disk.mode == DiskMode::IndependentNonpersistent {
        warnings.push(format!(
            "disk {}: was independent-nonpersistent (changes discarded at power off); KubeVirt keeps changes",
            disk.id
        ));
    }
    if disk.shared {
        warnings.push(format!(
            "disk {}: was shared between VMs; the DataVolume needs ReadWriteMany storage to share it",
            disk.id
        ));
    }
}

/// Where a disk's data comes from: the mapping's source, or an upload by default. A mapping
/// rule that cannot apply is recorded as a run problem and falls back to an upload.
fn mapped_disk_source(
    context: &DiskContext,
    index: usize,
    disk: &crate::model::Disk,
    disk_name: &str,
    state: &mut RunState,
    warnings: &mut Vec<String>,
) -> DataVolumeSource {
    let Some(mapping) = context.mapping else {
        return DataVolumeSource::Upload(Empty {});
    };
    let vm = context.vm;
    let values = TemplateValues {
        vm: context.name,
        source_vm: &vm.name,
        disk: disk_name,
        path: disk.source_path.as_deref(),
        uuid: vm.uuid.as_deref(),
    };
    let boot_orders = context.boot_orders;
    let is_boot_disk = match boot_orders.disks.get(index).copied().flatten() {
        Some(order) => order == 1,
        None => index == 0 && boot_orders.disks.iter().all(Option::is_none),
    };
    match disk_source(
        mapping.disk_source(vm, disk),
        &disk.id,
        &values,
        context.namespace,
        is_boot_disk,
        warnings,
    ) {
        Ok(source) => source,
        Err(problem) => {
            state
                .problems
                .push(format!("VM {:?} disk {}: {problem}", vm.name, disk.id));
            DataVolumeSource::Upload(Empty {})
        }
    }
}

/// The VM's CD-ROM drives, created empty (images are not carried over).
fn cdrom_devices(
    vm: &VmSpec,
    boot_orders: &BootOrders,
    device_names: &mut UniqueNames,
    warnings: &mut Vec<String>,
) -> Vec<DiskDevice> {
    let mut drives = Vec::new();
    for (index, cdrom) in vm.cdroms.iter().enumerate() {
        let cd_name = device_names.claim(&dns_label(&cdrom.id, "cdrom"));
        if let Some(image) = &cdrom.image {
            warnings.push(format!(
                "CD-ROM {}: image {image} is not carried over; the drive is created empty (insert an image with virtctl addvolume)",
                cdrom.id
            ));
        }
        drives.push(DiskDevice {
            name: cd_name,
            boot_order: boot_orders.cdroms.get(index).copied().flatten(),
            disk: None,
            // KubeVirt refuses virtio CD-ROMs; SATA works for every guest.
            cdrom: Some(CdromTarget { bus: Bus::Sata }),
            shareable: None,
        });
    }
    drives
}

/// Firmware, the features it needs and the Windows clock.
struct FirmwarePlan {
    identity: identity::FirmwareIdentity,
    bootloader: Bootloader,
    features: Features,
    clock: Option<Clock>,
}

fn firmware_plan(
    vm: &VmSpec,
    name: &str,
    given: &mut BTreeMap<String, String>,
    warnings: &mut Vec<String>,
) -> FirmwarePlan {
    let mut uuid = vm.uuid.as_deref().and_then(normalize_uuid);
    if vm.uuid.is_some() && uuid.is_none() {
        warnings.push(format!(
            "source UUID {:?} is not a valid UUID; the VM gets one derived from its name",
            vm.uuid.as_deref().unwrap_or_default()
        ));
    }
    // Two VMs with one SMBIOS UUID and serial confuse whatever keys on them in the guest
    // (cloud-init's instance id, licensing, management agents): the first keeps the source's,
    // a copy gets a name-derived one, which is as stable across runs.
    if let Some(first) = uuid.as_ref().and_then(|u| given.get(u)) {
        warnings.push(format!(
            "source UUID {} is also {first}'s (a copied VM?); this VM gets one derived from its name",
            uuid.as_deref().unwrap_or_default()
        ));
        uuid = None;
    }
    let identity = identity::firmware_identity(uuid, name);
    given
        .entry(identity.uuid.clone())
        .or_insert_with(|| name.to_string());
    let secure_boot = vm.firmware.kind == FirmwareKind::Uefi && vm.firmware.secure_boot;
    if vm.firmware.secure_boot && vm.firmware.kind != FirmwareKind::Uefi {
        warnings.push("secure boot was set without UEFI firmware; it is ignored".to_string());
    }
    let bootloader = match vm.firmware.kind {
        FirmwareKind::Bios => Bootloader::Bios(Empty {}),
        FirmwareKind::Uefi => Bootloader::Efi(Efi {
            secure_boot,
            persistent: true,
        }),
    };
    let mut features = Features {
        // KubeVirt requires SMM for secure boot.
        smm: secure_boot.then_some(FeatureState { enabled: true }),
        ..Features::default()
    };
    let windows = vm.guest_os.family == OsFamily::Windows;
    (features.hyperv, features.hyperv_passthrough) =
        hyperv::hyperv_features(&vm.hyperv, windows, warnings);
    features.kvm = vm.kvm_hidden.then_some(FeatureKvm { hidden: true });
    let clock = if windows {
        // The timers KubeVirt's own Windows templates use (with the enlightenments above);
        // without them Windows guests run slowly and their clocks drift.
        features.acpi = Some(Empty {});
        features.apic = Some(Empty {});
        Some(Clock {
            utc: Empty {},
            timer: Some(Timers {
                hpet: Some(TimerPresence { present: false }),
                pit: Some(TimerTicks {
                    tick_policy: TickPolicy::Delay,
                }),
                rtc: Some(TimerTicks {
                    tick_policy: TickPolicy::Catchup,
                }),
                hyperv: Some(Empty {}),
            }),
        })
    } else {
        None
    };
    FirmwarePlan {
        identity,
        bootloader,
        features,
        clock,
    }
}

/// Guest memory in bytes: the source's (at least 1 MiB), or the placeholder.
fn guest_memory_bytes(vm: &VmSpec, warnings: &mut Vec<String>) -> u64 {
    if vm.memory.bytes == 0 {
        warnings.push(format!(
            "memory size not stated in the source; requested {} as a placeholder",
            quantity(DEFAULT_PLACEHOLDER_MEMORY_BYTES)
        ));
        DEFAULT_PLACEHOLDER_MEMORY_BYTES
    } else {
        // KubeVirt rejects guests under 1 MiB.
        vm.memory.bytes.max(MIN_DISK_BYTES)
    }
}

/// An emulated persistent TPM for a source TPM, with what does not come along.
fn tpm_device(vm: &VmSpec, warnings: &mut Vec<String>) -> Option<TpmDevice> {
    let tpm = vm.tpm.as_ref()?;
    if tpm.passthrough {
        warnings.push(
            "the host TPM was passed through; an emulated persistent TPM replaces it (keys sealed to the old TPM are lost)"
                .to_string(),
        );
    } else {
        warnings.push(
            "vTPM contents (e.g. BitLocker keys) are not carried over; suspend BitLocker before migrating"
                .to_string(),
        );
    }
    Some(TpmDevice { persistent: true })
}

/// Names devices, snapshots and hot-plug settings that do not come along.
fn warn_what_is_not_carried_over(vm: &VmSpec, warnings: &mut Vec<String>) {
    for device in &vm.devices {
        warnings.push(format!(
            "{} {} is not carried over",
            device_kind_words(device.kind),
            device.description
        ));
    }
    // Importers that found snapshots usually explain them already; say it once.
    let snapshots_explained = vm.warnings.iter().any(|w| w.kind == WarningKind::Snapshots);
    if !vm.snapshots.is_empty() && !snapshots_explained {
        warnings.push(format!(
            "{} snapshot(s) not carried over, only the current state: {}",
            vm.snapshots.len(),
            vm.snapshots.join(", ")
        ));
    }
    if vm.cpu.hotplug || vm.memory.hotplug {
        warnings.push(
            "CPU or memory hot-plug was enabled; KubeVirt hot-plugs sockets and memory within maxSockets/maxGuest by default"
                .to_string(),
        );
    }
}

/// Objects the whole run shares go with the first VM that needs them, so that a stream or a
/// kustomize folder applies them before anything that refers to them.
fn emit_shared_objects(
    mapping: &Mapping,
    vm: &VmSpec,
    namespace: Option<&String>,
    nads: Vec<(MultusRef, String, Option<u16>)>,
    state: &mut RunState,
    objects: &mut Vec<serde_json::Value>,
) {
    if mapping.spec.create_namespace && !state.namespace_emitted {
        if let Some(ns) = namespace {
            objects.insert(0, namespace_object(ns));
            state.namespace_emitted = true;
        }
    }
    if !mapping.spec.create_network_attachment_definitions {
        return;
    }
    for (nad, bridge, vlan) in nads {
        match state.nads.get(&nad) {
            None => {
                objects.push(nad_object(&nad, &bridge, vlan));
                state.nads.insert(nad, (bridge, vlan));
            }
            Some(first) if *first != (bridge.clone(), vlan) => {
                state.problems.push(format!(
                    "network {nad} is wanted on bridge {bridge} VLAN {} for VM {:?}, but was already created on bridge {} VLAN {}; give the rules different networks",
                    vlan.map_or("none".to_string(), |v| v.to_string()),
                    vm.name,
                    first.0,
                    first.1.map_or("none".to_string(), |v| v.to_string()),
                ));
            }
            Some(_) => {}
        }
    }
}

fn annotation(key: &str) -> String {
    format!("{ANNOTATION_PREFIX}{key}")
}

/// The VM's interfaces and networks, and the Multus networks to create.
struct NetworkPlan {
    interfaces: Vec<Interface>,
    networks: Vec<Network>,
    /// `(network, host bridge, VLAN)` for each Multus network a NIC lands on.
    nads: Vec<(MultusRef, String, Option<u16>)>,
    has_pod_nic: bool,
}

fn interfaces_and_networks(
    vm: &VmSpec,
    devices: DeviceChoice,
    mapping: Option<&Mapping>,
    warnings: &mut Vec<String>,
    problems: &mut Vec<String>,
) -> NetworkPlan {
    let mut names = UniqueNames::default();
    let mut plan = NetworkPlan {
        interfaces: Vec::new(),
        networks: Vec::new(),
        nads: Vec::new(),
        has_pod_nic: false,
    };
    for (index, nic) in vm.nics.iter().enumerate() {
        let rule = mapping.and_then(|m| m.network_rule(nic));
        if let (Some(mapping), None) = (mapping, rule) {
            problems.push(format!(
                "VM {:?} NIC {}: network {:?} is not mapped in {}",
                vm.name,
                nic.id,
                nic.network.as_deref().unwrap_or("(unnamed)"),
                mapping.file
            ));
        }
        if rule.is_some_and(|r| r.to == NetworkTarget::Ignore) {
            warnings.push(format!(
                "NIC {}: not carried over (the mapping ignores network {:?})",
                nic.id,
                nic.network.as_deref().unwrap_or("(unnamed)")
            ));
            continue;
        }
        let name = names.claim(&dns_label(&nic.id, "nic"));
        let model = nic_model(nic.model.as_ref(), devices);
        if let Some(source_model) = &nic.model {
            if source_model.as_str() != model.as_str() {
                warnings.push(format!(
                    "NIC {}: model {} becomes {model}",
                    nic.id,
                    source_model.as_str()
                ));
            }
        }
        let creates_nad = mapping.is_some_and(|m| m.spec.create_network_attachment_definitions);
        if let Some(vlan) = nic.vlan {
            let carried =
                creates_nad && matches!(rule, Some(r) if matches!(r.to, NetworkTarget::Multus(_)));
            if !carried {
                warnings.push(format!(
                    "NIC {}: VLAN {vlan} is not set on the VM; the network it lands on must carry that VLAN",
                    nic.id
                ));
            }
        }
        if nic.attachment == NicAttachment::Passthrough {
            warnings.push(format!(
                "NIC {}: was a passed-through host NIC (SR-IOV); it becomes a bridged NIC on a Multus network",
                nic.id
            ));
        }
        let multus = match rule.map(|r| &r.to) {
            Some(NetworkTarget::Pod) if plan.has_pod_nic => {
                problems.push(format!(
                    "VM {:?} NIC {}: a second NIC on the pod network (KubeVirt allows one)",
                    vm.name, nic.id
                ));
                continue;
            }
            Some(NetworkTarget::Pod) => None,
            Some(NetworkTarget::Multus(target)) => {
                if creates_nad {
                    let bridge = rule
                        .and_then(|r| r.bridge.clone())
                        .unwrap_or_else(|| target.name.clone());
                    plan.nads.push((
                        target.clone(),
                        bridge,
                        rule.and_then(|r| r.vlan).or(nic.vlan),
                    ));
                }
                Some(target.to_string())
            }
            // Without a mapping (or an unmapped NIC): the first NIC on the pod network.
            Some(NetworkTarget::Ignore) | None if index == 0 && !plan.has_pod_nic => None,
            Some(NetworkTarget::Ignore) | None => {
                let source_network = nic.network.as_deref().unwrap_or(&nic.id);
                let network_name = dns_label(source_network, "net");
                warnings.push(format!(
                    "NIC {}: attached to Multus network {network_name:?} (from source network {source_network:?}); it must exist in the namespace",
                    nic.id
                ));
                Some(network_name)
            }
        };
        let on_pod_network = multus.is_none();
        plan.has_pod_nic |= on_pod_network;
        plan.interfaces.push(Interface {
            name: name.clone(),
            masquerade: on_pod_network.then_some(Empty {}),
            bridge: (!on_pod_network).then_some(Empty {}),
            model,
            mac_address: nic.mac.clone(),
            state: (!nic.connected).then_some(InterfaceState::Down),
            boot_order: None,
        });
        plan.networks.push(Network {
            name,
            pod: on_pod_network.then_some(Empty {}),
            multus: multus.map(|network_name| MultusNetwork { network_name }),
        });
    }
    plan
}

/// Why a disk's mapped source cannot be built (reported as a mapping problem).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiskSourceError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("{kind} URL {url:?} must start with http:// or https://")]
    NotWeb { kind: &'static str, url: String },
    #[error("registry URL {url:?} must start with docker:// or oci-archive://")]
    NotRegistry { url: String },
    #[error("a pvc source needs a namespace (in the rule, the mapping or -n)")]
    PvcNamespace,
    #[error("vddk needs the VM's UUID and the source states none; set uuid in the rule")]
    VddkUuid,
    #[error("vddk needs the disk's backing file and the source states none; set backingFile in the rule")]
    VddkBackingFile,
}

/// The CDI source for one disk, as the mapping asks (default: upload).
fn disk_source(
    rule: Option<&DiskSource>,
    disk_id: &str,
    values: &TemplateValues<'_>,
    namespace: Option<&str>,
    is_boot_disk: bool,
    warnings: &mut Vec<String>,
) -> Result<DataVolumeSource, DiskSourceError> {
    let url = |u: &UrlSource| -> Result<UrlSourceSpec, DiskSourceError> {
        Ok(UrlSourceSpec {
            url: u.url.expand(values)?,
            secret_ref: u.secret_ref.clone(),
            cert_config_map: u.cert_config_map.clone(),
        })
    };
    Ok(match rule {
        None | Some(DiskSource::Upload) => DataVolumeSource::Upload(Empty {}),
        Some(DiskSource::Blank) => {
            warnings.push(format!(
                "disk {disk_id}: starts blank, as the mapping asks{}",
                if is_boot_disk {
                    "; it is the boot disk, so the VM has nothing to boot from"
                } else {
                    ""
                }
            ));
            DataVolumeSource::Blank(Empty {})
        }
        Some(DiskSource::Http(u)) => DataVolumeSource::Http(web_url(url(u)?, "http")?),
        // CDI talks to S3 through its HTTP endpoint (https://s3.region.amazonaws.com/b/k).
        Some(DiskSource::S3(u)) => DataVolumeSource::S3(web_url(url(u)?, "s3")?),
        Some(DiskSource::Registry(u)) => {
            let spec = url(u)?;
            if !(spec.url.starts_with("docker://") || spec.url.starts_with("oci-archive://")) {
                return Err(DiskSourceError::NotRegistry { url: spec.url });
            }
            DataVolumeSource::Registry(spec)
        }
        Some(DiskSource::Pvc(p)) => {
            let namespace = match &p.namespace {
                Some(t) => t.expand(values)?,
                None => namespace.ok_or(DiskSourceError::PvcNamespace)?.to_string(),
            };
            DataVolumeSource::Pvc(PvcSourceSpec {
                namespace,
                name: p.name.expand(values)?,
            })
        }
        Some(DiskSource::Vddk(v)) => {
            let uuid = match &v.uuid {
                Some(t) => t.expand(values)?,
                None => values.uuid.ok_or(DiskSourceError::VddkUuid)?.to_string(),
            };
            let backing_file = match &v.backing_file {
                Some(t) => t.expand(values)?,
                None => values
                    .path
                    .ok_or(DiskSourceError::VddkBackingFile)?
                    .to_string(),
            };
            DataVolumeSource::Vddk(VddkSourceSpec {
                url: v.url.expand(values)?,
                uuid,
                backing_file,
                thumbprint: v.thumbprint.clone(),
                secret_ref: v.secret_ref.clone(),
                init_image_url: v.init_image_url.clone(),
            })
        }
    })
}

/// CDI fetches `http` and `s3` sources over HTTP(S) only.
fn web_url(spec: UrlSourceSpec, kind: &'static str) -> Result<UrlSourceSpec, DiskSourceError> {
    if spec.url.starts_with("http://") || spec.url.starts_with("https://") {
        Ok(spec)
    } else {
        Err(DiskSourceError::NotWeb {
            kind,
            url: spec.url,
        })
    }
}

/// Instancetype and preference chosen for a VM.
#[derive(Debug, Default)]
struct Sizing {
    instancetype: Option<String>,
    /// vCPUs and memory of the instancetype, when it is a known one (or any is set).
    instancetype_size: Option<(u32, u64)>,
    preference: Option<String>,
}

fn choose_sizing(
    mapping: &Mapping,
    vm: &VmSpec,
    vcpus: u32,
    memory_bytes: u64,
    virtio: bool,
    warnings: &mut Vec<String>,
) -> Sizing {
    let preference: Option<&'static instancetypes::Preference> = match mapping.preference(vm) {
        None => None,
        Some(Choice::Named(name)) => match instancetypes::preference(name) {
            Some(p) => Some(p),
            None => {
                warnings.push(format!(
                    "preference {name:?} is not a common-instancetypes {} preference; it must exist in the cluster",
                    instancetypes::COMMON_INSTANCETYPES_VERSION
                ));
                return Sizing {
                    preference: Some(name.to_string()),
                    ..choose_instancetype(mapping, vm, vcpus, memory_bytes, None, warnings)
                };
            }
        },
        Some(Choice::Auto) => match instancetypes::preference_for(&vm.guest_os, virtio) {
            Some(name) => instancetypes::preference(name),
            None => {
                warnings.push(
                    "no common preference matches the guest OS; none is set (name one in the mapping)"
                        .to_string(),
                );
                None
            }
        },
    };
    let mut sizing = choose_instancetype(mapping, vm, vcpus, memory_bytes, preference, warnings);
    if let Some(p) = preference {
        let (cpus, memory) = sizing.instancetype_size.unwrap_or((vcpus, memory_bytes));
        // A distribution's own preference may ask for more than a small VM has (`ubuntu`
        // wants 2Gi); one the plugin chose falls back to the generic preference of the
        // family when that fits, rather than to none.
        let generic = match (mapping.preference(vm), vm.guest_os.family) {
            (Some(Choice::Auto), OsFamily::Linux) => instancetypes::preference("linux")
                .filter(|g| g.name != p.name && cpus >= g.min_cpus && memory >= g.min_memory_bytes),
            _ => None,
        };
        if cpus < p.min_cpus || memory < p.min_memory_bytes {
            let instead = match generic {
                Some(g) => {
                    sizing.preference = Some(g.name.to_string());
                    format!("the generic {} preference is set", g.name)
                }
                None => "no preference is set".to_string(),
            };
            warnings.push(format!(
                "preference {} needs at least {} vCPU(s) and {}; the VM has {cpus} and {}, so {instead}",
                p.name,
                p.min_cpus,
                quantity(p.min_memory_bytes),
                quantity(memory)
            ));
        } else {
            sizing.preference = Some(p.name.to_string());
        }
    }
    sizing
}

fn choose_instancetype(
    mapping: &Mapping,
    vm: &VmSpec,
    vcpus: u32,
    memory_bytes: u64,
    preference: Option<&instancetypes::Preference>,
    warnings: &mut Vec<String>,
) -> Sizing {
    let chosen = match mapping.instancetype(vm) {
        None => return Sizing::default(),
        Some(Choice::Named(name)) => match instancetypes::instancetype(name) {
            Some(it) => it,
            None => {
                warnings.push(format!(
                    "instancetype {name:?} is not a common-instancetypes {} one; it must exist in the cluster, and CPU and memory come from it",
                    instancetypes::COMMON_INSTANCETYPES_VERSION
                ));
                return Sizing {
                    instancetype: Some(name.to_string()),
                    instancetype_size: Some((vcpus, memory_bytes)),
                    preference: None,
                };
            }
        },
        Some(Choice::Auto) => {
            let cpus = vcpus.max(preference.map_or(0, |p| p.min_cpus));
            let memory = memory_bytes.max(preference.map_or(0, |p| p.min_memory_bytes));
            match instancetypes::smallest_covering(cpus, memory) {
                Some(it) => it,
                None => {
                    warnings.push(format!(
                        "no {} instancetype has {vcpus} vCPUs and {}; CPU and memory are set on the VM instead",
                        instancetypes::AUTO_SERIES,
                        quantity(memory_bytes)
                    ));
                    return Sizing::default();
                }
            }
        }
    };
    if chosen.cpus < vcpus || chosen.memory_bytes < memory_bytes {
        warnings.push(format!(
            "instancetype {} gives {} vCPU(s) and {}, less than the source's {vcpus} and {}",
            chosen.name,
            chosen.cpus,
            quantity(chosen.memory_bytes),
            quantity(memory_bytes)
        ));
    } else if chosen.cpus > vcpus || chosen.memory_bytes > memory_bytes {
        warnings.push(format!(
            "instancetype {} gives {} vCPU(s) and {} (the source had {vcpus} and {})",
            chosen.name,
            chosen.cpus,
            quantity(chosen.memory_bytes),
            quantity(memory_bytes)
        ));
    }
    if vm.cpu.cores > 1 || vm.cpu.threads > 1 {
        warnings.push(format!(
            "CPU topology {}s/{}c/{}t is not kept: the instancetype and preference decide it",
            vm.cpu.sockets, vm.cpu.cores, vm.cpu.threads
        ));
    }
    Sizing {
        instancetype: Some(chosen.name.to_string()),
        instancetype_size: Some((chosen.cpus, chosen.memory_bytes)),
        preference: None,
    }
}

struct BootOrders {
    disks: Vec<Option<u32>>,
    cdroms: Vec<Option<u32>>,
}

/// KubeVirt wants unique boot orders from 1; sources may skip numbers or repeat them.
/// Keeps the source's relative order (ties broken by device order, disks first).
fn renumber_boot_orders(vm: &VmSpec) -> BootOrders {
    let mut entries: Vec<(u32, usize, bool)> = Vec::new();
    for (i, d) in vm.disks.iter().enumerate() {
        if let Some(order) = d.boot_order {
            entries.push((order, i, false));
        }
    }
    for (i, c) in vm.cdroms.iter().enumerate() {
        if let Some(order) = c.boot_order {
            entries.push((order, i, true));
        }
    }
    entries.sort_by_key(|&(order, index, is_cdrom)| (order, is_cdrom, index));
    let mut orders = BootOrders {
        disks: vec![None; vm.disks.len()],
        cdroms: vec![None; vm.cdroms.len()],
    };
    for (rank, (_, index, is_cdrom)) in entries.into_iter().enumerate() {
        let slot = if is_cdrom {
            &mut orders.cdroms[index]
        } else {
            &mut orders.disks[index]
        };
        *slot = u32::try_from(rank + 1).ok();
    }
    orders
}

/// Lower-case hyphenated UUID, or `None` when the text is not 32 hex digits.
/// VMware writes `56 4d 9c 1a ...-...`; libvirt and others the usual form.
fn normalize_uuid(raw: &str) -> Option<String> {
    let hex: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '{' | '}'))
        .collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let h = hex.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

fn device_kind_words(kind: crate::model::DeviceKind) -> &'static str {
    use crate::model::DeviceKind::*;
    match kind {
        PciPassthrough => "PCI passthrough device",
        UsbPassthrough => "USB passthrough device",
        ScsiPassthrough => "SCSI passthrough device",
        Gpu => "GPU",
        UsbController => "USB controller",
        Serial => "serial port",
        Parallel => "parallel port",
        Floppy => "floppy drive",
        Sound => "sound card",
        SharedFolder => "shared folder",
        Other => "device",
    }
}

/// A Kubernetes quantity for a byte count: the largest binary unit that divides it exactly.
pub fn quantity(bytes: u64) -> String {
    const UNITS: [(&str, u32); 5] = [("Ei", 60), ("Pi", 50), ("Ti", 40), ("Gi", 30), ("Mi", 20)];
    for (suffix, shift) in UNITS {
        let unit = 1u64 << shift;
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{}{suffix}", bytes / unit);
        }
    }
    if bytes >= 1024 && bytes.is_multiple_of(1024) {
        return format!("{}Ki", bytes / 1024);
    }
    bytes.to_string()
}

/// The same warning many times (a source with thousands of identical devices) becomes one
/// warning with its count, in the place it first appeared: a user reads it once, and a
/// hostile file cannot flood the terminal.
fn merge_repeats(warnings: Vec<String>) -> Vec<String> {
    // One pass over the texts: each is hashed once, and the first of each keeps its place
    // and counts the rest; no text is copied.
    let mut counts = vec![0usize; warnings.len()];
    let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(warnings.len());
    for (index, warning) in warnings.iter().enumerate() {
        let first = *first_of.entry(warning.as_str()).or_insert(index);
        if let Some(count) = counts.get_mut(first) {
            *count += 1;
        }
    }
    drop(first_of);
    warnings
        .into_iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .map(|(warning, count)| match count {
            1 => warning,
            n => format!("{warning} ({n} times)"),
        })
        .collect()
}
#[cfg(test)]
mod merge_repeats_tests {
    use super::merge_repeats;

    #[test]
    fn repeated_warnings_become_one_with_a_count_in_first_place() {
        let w = |s: &str| s.to_string();
        assert_eq!(
            merge_repeats(vec![w("a"), w("b"), w("a"), w("c"), w("a")]),
            [w("a (3 times)"), w("b"), w("c")]
        );
        assert_eq!(merge_repeats(vec![w("x")]), [w("x")]);
    }
}

#[cfg(test)]
mod tests;

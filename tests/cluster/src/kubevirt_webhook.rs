//! KubeVirt v1.9.0's VirtualMachine mutating webhook (virt-api,
//! `pkg/virt-api/webhooks/mutating-webhook/mutators/vm-mutator.go`), as the emulator's
//! admission layer runs it on create and update of `virtualmachines.kubevirt.io` when virt-api
//! is installed. A GitOps repository that holds a VM sees exactly these fields appear in the
//! cluster, so tests of "no drift" need them (issue 18). What the real webhook does, in order:
//!
//! - returns early for a VM being deleted;
//! - on CREATE only: `domain.firmware.uuid` and `.serial` when empty, each a random UUID
//!   (`setFirmwareDefaultsIfEmpty`, `uuid.New()`: not derived from the name);
//! - `pkg/defaults` `SetVirtualMachineDefaults`: `spec.template.spec.architecture` (the
//!   cluster default, `amd64` here), `domain.machine.type` (the cluster's per-architecture
//!   default: `q35` on amd64, `virt` on arm64, `s390-ccw-virtio` on s390x; a preference's
//!   `preferredMachineType` is no longer written into the VM in v1.9, only applied to the VMI),
//!   and the default pod network when the template names no interface and no network
//!   (`pkg/network/vmispec.SetDefaultNetworkInterface`: `bridge`, KubeVirt's default
//!   `defaultNetworkInterface`, on the `pod` network, both named `default`), unless
//!   `autoattachPodInterface: false`;
//! - on CREATE: the template annotation `kubevirt.io/pci-topology-version: v3`
//!   (`SetDefaultPciTopologyVersion`, "used by both VMI and VM mutating webhooks on CREATE");
//!   the VMI webhook calls it where the machine supports PCIe hotplug (q35 on amd64, virt on
//!   arm64), the same condition is applied to the VM here;
//! - answers with JSON patches that *replace* `/spec` and `/metadata` with the VM re-encoded
//!   through its Go types: every `resource.Quantity` comes back in canonical form
//!   ([`canonical_quantity`]: `2048Mi` -> `2Gi`), and struct fields without `omitempty`
//!   effect appear empty: `spec.template.metadata: {}`, `domain.resources: {}`,
//!   `domain.devices: {}`, `features.acpi: {}` (when `features` is set),
//!   `resources: {}` in a dataVolumeTemplate's `storage`/`pvc`.
//!
//! Not modelled: architecture from a DataSource's label (`setDefaultArchitectureFromDataSource`
//! needs the DataSource), instancetype/preference inference from volumes, Go's dropping of
//! empty `omitempty` maps/lists/strings, a cluster configuration other than the default.
//!
//! The mutation runs after the request's managedFields were computed, as in kube-apiserver
//! (`handlers/create.go`, `update.go`, `patch.go` run the field manager before mutating
//! admission, kubernetes#87672): the fields the webhook adds are owned by no manager, so a later
//! server-side apply that leaves them out keeps them.

use crate::util::PointerAt;
use serde_json::{json, Map, Value};

pub const PCI_TOPOLOGY_ANNOTATION: &str = "kubevirt.io/pci-topology-version";

/// Whether the webhook sees a create or an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Create,
    Update,
}

/// Mutates a VirtualMachine as virt-api's webhook answers a `CREATE`/`UPDATE` review.
/// `old` is the stored object on update: `metadata.generation` is decided after admission (the
/// registry strategy runs last), so a spec the webhook brings back to the stored one does not
/// count as a change.
pub fn mutate_vm(vm: &mut Value, old: Option<&Value>, op: Operation) {
    if vm.pointer_at("/metadata/deletionTimestamp").is_some() {
        return;
    }
    let Some(spec) = vm.get_mut("spec").and_then(Value::as_object_mut) else {
        return;
    };
    if spec.get("template").and_then(Value::as_object).is_some() {
        let template = obj_entry(spec, "template");
        let tspec = obj_entry(template, "spec");
        if op == Operation::Create {
            firmware_defaults(tspec);
        }
        let machine = architecture_and_machine(tspec);
        default_network(tspec);
        reencode_template(tspec);
        if op == Operation::Create && supports_pcie_hotplug(&machine) {
            let meta = obj_entry(template, "metadata");
            let ann = obj_entry(meta, "annotations");
            ann.entry(PCI_TOPOLOGY_ANNOTATION)
                .or_insert_with(|| json!("v3"));
        }
        // The template's ObjectMeta is a struct field: always encoded.
        obj_entry(template, "metadata");
    }
    reencode_dv_templates(spec);
    if let Some(spec) = vm.get_mut("spec") {
        canonical_quantities(spec, "");
    }
    if let Some(old) = old {
        regenerate(vm, old);
    }
}

/// The object at `key` of `m`, inserted empty (or replacing a non-object).
fn obj_entry<'a>(m: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let slot = m.entry(key).or_insert_with(|| json!({}));
    if !slot.is_object() {
        *slot = json!({});
    }
    match slot.as_object_mut() {
        Some(o) => o,
        None => unreachable!("just made an object"),
    }
}

fn empty_str(v: Option<&Value>) -> bool {
    v.and_then(Value::as_str).is_none_or(str::is_empty)
}

fn firmware_defaults(tspec: &mut Map<String, Value>) {
    let fw = obj_entry(obj_entry(tspec, "domain"), "firmware");
    for key in ["uuid", "serial"] {
        if empty_str(fw.get(key)) {
            fw.insert(key.into(), json!(random_uuid()));
        }
    }
}

/// A random (version 4) UUID, as Go's `uuid.New()`. Uniqueness within the process is what
/// the tests need; `new_uid` already provides it in UUID form.
fn random_uuid() -> String {
    crate::util::new_uid()
}

/// Sets architecture and machine type where empty (cluster defaults); returns both.
fn architecture_and_machine(tspec: &mut Map<String, Value>) -> (String, String) {
    if empty_str(tspec.get("architecture")) {
        tspec.insert("architecture".into(), json!("amd64"));
    }
    let arch = tspec
        .get("architecture")
        .and_then(Value::as_str)
        .unwrap_or("amd64")
        .to_string();
    let machine = obj_entry(obj_entry(tspec, "domain"), "machine");
    if empty_str(machine.get("type")) {
        let t = match arch.as_str() {
            "arm64" => "virt",
            "s390x" => "s390-ccw-virtio",
            _ => "q35",
        };
        machine.insert("type".into(), json!(t));
    }
    let t = machine
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    (arch, t)
}

/// `SupportsPCIeHotplug`: q35 machines on amd64, virt machines on arm64.
fn supports_pcie_hotplug((arch, machine): &(String, String)) -> bool {
    match arch.as_str() {
        "amd64" => machine.starts_with("q35") || machine.starts_with("pc-q35"),
        "arm64" => machine.starts_with("virt"),
        _ => false,
    }
}

fn default_network(tspec: &mut Map<String, Value>) {
    let nonempty = |v: Option<&Value>| v.and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    let devices = tspec.get("domain").and_then(|d| d.get("devices"));
    let autoattach_off =
        devices.and_then(|d| d.get("autoattachPodInterface")) == Some(&json!(false));
    let has_ifaces = nonempty(devices.and_then(|d| d.get("interfaces")));
    if autoattach_off || has_ifaces || nonempty(tspec.get("networks")) {
        return;
    }
    let devices = obj_entry(obj_entry(tspec, "domain"), "devices");
    devices.insert(
        "interfaces".into(),
        json!([{"name": "default", "bridge": {}}]),
    );
    tspec.insert("networks".into(), json!([{"name": "default", "pod": {}}]));
}

/// Struct fields without `omitempty` effect that Go's encoder writes out empty.
fn reencode_template(tspec: &mut Map<String, Value>) {
    let domain = obj_entry(tspec, "domain");
    obj_entry(domain, "resources");
    obj_entry(domain, "devices");
    if domain.get("features").is_some_and(Value::is_object) {
        obj_entry(obj_entry(domain, "features"), "acpi");
    }
}

fn reencode_dv_templates(spec: &mut Map<String, Value>) {
    let Some(templates) = spec
        .get_mut("dataVolumeTemplates")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for t in templates.iter_mut().filter_map(Value::as_object_mut) {
        let dvspec = obj_entry(t, "spec");
        for key in ["storage", "pvc"] {
            if let Some(s) = dvspec.get_mut(key).and_then(Value::as_object_mut) {
                obj_entry(s, "resources");
            }
        }
    }
}

/// Rewrites the quantities of a VM spec in canonical form: every value of a `ResourceList`
/// (`requests`, `limits`) and `memory.guest`/`maxGuest`, disks' `capacity`.
fn canonical_quantities(v: &mut Value, key: &str) {
    match v {
        Value::Object(m) => {
            let list = key == "requests" || key == "limits";
            for (k, child) in m.iter_mut() {
                if list || matches!(k.as_str(), "guest" | "maxGuest" | "capacity") {
                    if let Some(c) = quantity_text(child).and_then(|t| canonical_quantity(&t)) {
                        *child = json!(c);
                        continue;
                    }
                }
                canonical_quantities(child, k);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| canonical_quantities(c, key)),
        _ => {}
    }
}

/// A quantity as text: Go's Quantity also decodes JSON numbers.
fn quantity_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The stored generation stands unless the spec the webhook answered differs from the stored
/// one (the emulator bumped it from the request's spec, before admission).
fn regenerate(vm: &mut Value, old: &Value) {
    let Some(g) = old
        .pointer_at("/metadata/generation")
        .and_then(Value::as_i64)
    else {
        return;
    };
    let g = if vm.get("spec") == old.get("spec") {
        g
    } else {
        g.saturating_add(1)
    };
    if let Some(m) = vm.get_mut("metadata").and_then(Value::as_object_mut) {
        m.insert("generation".into(), json!(g));
    }
}

/// How a quantity was written, which decides how Go's `resource.Quantity` prints it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    BinarySi,
    DecimalSi,
    DecimalExponent,
}

const BINARY: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/// `resource.Quantity`'s canonical form (`CanonicalizeBytes`), or None when `s` does not
/// parse. Binary input stays binary with the largest exact suffix (`2048Mi` -> `2Gi`,
/// `1536Mi` stays), unless it is below 1024 or not a whole number (then decimal: `0.5Ki` ->
/// `512`); decimal input takes the largest exact suffix whose exponent is a multiple of 3
/// (`1000k` -> `1M`, `0.5` -> `500m`, `1.5G` -> `1500M`); exponent input stays in `eN` form;
/// precision below nano rounds up, as the parser does.
pub fn canonical_quantity(s: &str) -> Option<String> {
    let (negative, digits, frac_len, format, dec_exp, bin_pow) = parse_quantity(s)?;
    if digits == 0 {
        return Some("0".into());
    }
    let sign = if negative { "-" } else { "" };
    if format == Format::BinarySi {
        if let Some(text) = binary_form(digits, frac_len, bin_pow) {
            return Some(format!("{sign}{text}"));
        }
    }
    // Decimal value: mantissa * 10^exp (exact; binary factors folded into the mantissa).
    let factor = 1024u128.checked_pow(bin_pow)?;
    let mantissa = digits.checked_mul(factor)?;
    let exp = dec_exp.checked_sub(i32::try_from(frac_len).ok()?)?;
    let (m, e) = decimal_canonical(mantissa, exp)?;
    let out_format = if format == Format::DecimalExponent {
        Format::DecimalExponent
    } else {
        Format::DecimalSi
    };
    Some(format!("{sign}{m}{}", decimal_suffix(e, out_format)))
}

/// (negative, digits without the dot, digits after the dot, format, decimal exponent,
/// power of 1024).
fn parse_quantity(s: &str) -> Option<(bool, u128, u32, Format, i32, u32)> {
    let s = s.trim();
    let (negative, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let num_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (num, suffix) = rest.split_at(num_end);
    let (whole, frac) = num.split_once('.').unwrap_or((num, ""));
    if (whole.is_empty() && frac.is_empty()) || frac.contains('.') {
        return None;
    }
    let digits: u128 = format!("{whole}{frac}").parse().ok()?;
    let frac_len = u32::try_from(frac.len()).ok()?;
    let (format, dec_exp, bin_pow) = match suffix {
        "" => (Format::DecimalSi, 0, 0),
        "n" => (Format::DecimalSi, -9, 0),
        "u" => (Format::DecimalSi, -6, 0),
        "m" => (Format::DecimalSi, -3, 0),
        "k" => (Format::DecimalSi, 3, 0),
        "M" => (Format::DecimalSi, 6, 0),
        "G" => (Format::DecimalSi, 9, 0),
        "T" => (Format::DecimalSi, 12, 0),
        "P" => (Format::DecimalSi, 15, 0),
        "E" => (Format::DecimalSi, 18, 0),
        b if BINARY[1..].contains(&b) => {
            let pow = BINARY.iter().position(|x| *x == b)?;
            (Format::BinarySi, 0, u32::try_from(pow).ok()?)
        }
        e if e.starts_with(['e', 'E']) => {
            let n: i32 = e[1..].parse().ok()?;
            (Format::DecimalExponent, n, 0)
        }
        _ => return None,
    };
    Some((negative, digits, frac_len, format, dec_exp, bin_pow))
}

/// Binary canonical text when the value is a whole number of at least 1024.
fn binary_form(digits: u128, frac_len: u32, bin_pow: u32) -> Option<String> {
    let scaled = digits.checked_mul(1024u128.checked_pow(bin_pow)?)?;
    let div = 10u128.checked_pow(frac_len)?;
    if !scaled.is_multiple_of(div) {
        return None;
    }
    let mut value = scaled / div;
    if value < 1024 {
        return None;
    }
    let mut pow = 0;
    while value.is_multiple_of(1024) && pow < 6 {
        value /= 1024;
        pow += 1;
    }
    Some(format!("{value}{}", BINARY[pow]))
}

/// Mantissa and exponent (a multiple of 3, at least -9) of `m * 10^e`, rounding up below
/// nano; trailing zeros move into the exponent first, as `AsCanonicalBytes` does.
fn decimal_canonical(mut m: u128, mut e: i32) -> Option<(u128, i32)> {
    if e < -9 {
        let div = 10u128.checked_pow(u32::try_from(-9 - i64::from(e)).ok()?)?;
        m = m.div_ceil(div);
        e = -9;
    }
    while m != 0 && m.is_multiple_of(10) {
        m /= 10;
        e = e.checked_add(1)?;
    }
    let shift = e.rem_euclid(3);
    m = m.checked_mul(10u128.checked_pow(u32::try_from(shift).ok()?)?)?;
    Some((m, e - shift))
}

fn decimal_suffix(e: i32, format: Format) -> String {
    if format == Format::DecimalExponent {
        return if e == 0 {
            String::new()
        } else {
            format!("e{e}")
        };
    }
    match e {
        -9 => "n",
        -6 => "u",
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        18 => "E",
        _ => return format!("e{e}"),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_come_back_in_canonical_form() {
        let table = [
            ("2048Mi", "2Gi"),
            ("1024Ki", "1Mi"),
            ("1536Mi", "1536Mi"),
            ("0.5Gi", "512Mi"),
            ("1.5Gi", "1536Mi"),
            ("2Ki", "2Ki"),
            ("0.5Ki", "512"),
            ("1.5Ki", "1536"),
            ("1023Ki", "1023Ki"),
            ("1048576Ki", "1Gi"),
            ("2Gi", "2Gi"),
            ("0Mi", "0"),
            ("1000k", "1M"),
            ("1000M", "1G"),
            ("1500M", "1500M"),
            ("1.5G", "1500M"),
            ("2048", "2048"),
            ("1000", "1k"),
            ("0.5", "500m"),
            ("100m", "100m"),
            ("2000m", "2"),
            ("0.1n", "1n"),
            ("1e3", "1e3"),
            ("1E3", "1e3"),
            ("1000e0", "1e3"),
            ("1.5e3", "1500"),
            ("12e6", "12e6"),
            ("-2048Mi", "-2Gi"),
            ("+1Gi", "1Gi"),
        ];
        for (input, want) in table {
            assert_eq!(canonical_quantity(input).as_deref(), Some(want), "{input}");
        }
        // At the edges of the arithmetic: the same value in canonical form, or left as written
        // (None), never a panic.
        assert_eq!(
            canonical_quantity("1e2147483647").as_deref(),
            Some("10e2147483646")
        );
        for extreme in [
            "1e-2147483648",
            "99999999999999999999999999999999999999999Ei",
        ] {
            assert_eq!(canonical_quantity(extreme), None, "{extreme}");
        }
        for bad in ["", "Gi", "1.2.3", "1Xi", "1e", "abc"] {
            assert_eq!(canonical_quantity(bad), None, "{bad:?}");
        }
    }

    fn vm() -> Value {
        json!({
            "metadata": {"name": "a", "namespace": "default"},
            "spec": {"template": {"spec": {"domain": {
                "memory": {"guest": "2048Mi"},
                "resources": {"requests": {"memory": "1024Mi", "cpu": 2}},
            }}}}
        })
    }

    #[test]
    fn create_fills_in_defaults_and_reencodes() {
        let mut v = vm();
        mutate_vm(&mut v, None, Operation::Create);
        let t = &v["spec"]["template"];
        assert_eq!(t["spec"]["architecture"], "amd64");
        assert_eq!(t["spec"]["domain"]["machine"]["type"], "q35");
        assert_eq!(t["spec"]["domain"]["memory"]["guest"], "2Gi");
        assert_eq!(
            t["spec"]["domain"]["resources"]["requests"]["memory"],
            "1Gi"
        );
        assert_eq!(t["spec"]["domain"]["resources"]["requests"]["cpu"], "2");
        assert_eq!(t["metadata"]["annotations"][PCI_TOPOLOGY_ANNOTATION], "v3");
        assert_eq!(
            t["spec"]["domain"]["devices"]["interfaces"][0]["bridge"],
            json!({})
        );
        assert_eq!(t["spec"]["networks"][0]["pod"], json!({}));
        let fw = &t["spec"]["domain"]["firmware"];
        assert_eq!(fw["uuid"].as_str().map(str::len), Some(36));
        assert_ne!(fw["uuid"], fw["serial"]);
    }

    #[test]
    fn update_keeps_firmware_and_adds_no_annotation() {
        let mut v = vm();
        v["metadata"]["generation"] = json!(3);
        let old = v.clone();
        mutate_vm(&mut v, Some(&old), Operation::Update);
        let t = &v["spec"]["template"];
        assert_eq!(t["spec"]["domain"].get("firmware"), None);
        assert_eq!(t["metadata"], json!({}));
        assert_eq!(t["spec"]["domain"]["machine"]["type"], "q35");
        // The spec changed (defaults), so the generation moves on; re-running changes nothing.
        assert_eq!(v["metadata"]["generation"], 4);
        let again_old = v.clone();
        mutate_vm(&mut v, Some(&again_old), Operation::Update);
        assert_eq!(v, again_old);
    }

    #[test]
    fn explicit_values_win_and_arm_gets_virt() {
        let mut arm = vm();
        arm["spec"]["template"]["spec"]["architecture"] = json!("arm64");
        mutate_vm(&mut arm, None, Operation::Create);
        let t = &arm["spec"]["template"];
        assert_eq!(t["spec"]["domain"]["machine"]["type"], "virt");
        assert_eq!(t["metadata"]["annotations"][PCI_TOPOLOGY_ANNOTATION], "v3");
        let mut own = vm();
        let d = &mut own["spec"]["template"]["spec"]["domain"];
        d["machine"] = json!({"type": "pc-i440fx-rhel7.6.0"});
        d["firmware"] = json!({"uuid": "u", "serial": "s"});
        d["devices"] = json!({"autoattachPodInterface": false});
        mutate_vm(&mut own, None, Operation::Create);
        let t = &own["spec"]["template"];
        assert_eq!(
            t["spec"]["domain"]["machine"]["type"],
            "pc-i440fx-rhel7.6.0"
        );
        assert_eq!(
            t["spec"]["domain"]["firmware"],
            json!({"uuid": "u", "serial": "s"})
        );
        assert_eq!(t["spec"].get("networks"), None);
        // i440fx has no PCIe hotplug: no topology annotation.
        assert_eq!(t["metadata"], json!({}));
    }
}

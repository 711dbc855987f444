//! Hyper-V enlightenments and the KVM signature switch in a raw QEMU `-cpu` argument, for
//! the formats that pass QEMU arguments through (Proxmox `args:`, libvirt
//! `<qemu:commandline>`): one reading of QEMU's own option syntax for both.
//!
//! QEMU writes them as properties of the CPU (`-cpu host,hv-relaxed,hv-spinlocks=0x1fff,
//! hv-vendor-id=proxmox,kvm=off`): a bare name or `+name` is on, `-name` is off, `name=on|off`
//! (also `true|false|yes|no`); the older `hv_relaxed` spelling is the same property. The
//! other arguments stay the caller's warning.

use crate::model::VmSpec;

/// What a `-cpu` argument set in the model.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CpuArgs {
    /// Names of the properties carried (`hv-relaxed`, `kvm`), as QEMU spells them.
    pub carried: Vec<String>,
    /// `hv-*` properties switched on that the model does not carry (`hv-crash`, `hv-time`).
    pub not_carried: Vec<String>,
}

impl CpuArgs {
    /// What a warning about the raw arguments adds about their `-cpu` properties (empty when
    /// there are none), so that it does not claim they are all dropped.
    pub fn note(&self) -> String {
        let mut note = String::new();
        if !self.carried.is_empty() {
            note.push_str(&format!(
                "; the CPU properties {} are carried",
                self.carried.join(", ")
            ));
        }
        if !self.not_carried.is_empty() {
            note.push_str(&format!(
                "; the Hyper-V enlightenments {} are not carried",
                self.not_carried.join(", ")
            ));
        }
        note
    }
}

/// Reads every `-cpu VALUE` in `args` (a command line split into words) into `vm.hyperv` and
/// `vm.kvm_hidden`.
pub fn read_cpu_args<'s>(args: impl IntoIterator<Item = &'s str>, vm: &mut VmSpec) -> CpuArgs {
    let mut found = CpuArgs::default();
    let mut words = args.into_iter();
    while let Some(word) = words.next() {
        if word.trim() != "-cpu" {
            continue;
        }
        let Some(value) = words.next() else {
            break;
        };
        // The first element is always the CPU model (`host`, `max`, `Skylake-Server`).
        for property in value.split(',').skip(1) {
            read_property(property.trim(), vm, &mut found);
        }
    }
    found
}

fn read_property(property: &str, vm: &mut VmSpec, found: &mut CpuArgs) {
    if property.is_empty() {
        return;
    }
    let (sign, rest) = match property.split_at_checked(1) {
        Some(("+", rest)) => (Some(true), rest),
        Some(("-", rest)) => (Some(false), rest),
        _ => (None, property),
    };
    let (name, value) = match rest.split_once('=') {
        Some((name, value)) => (name.trim(), Some(value.trim())),
        None => (rest.trim(), None),
    };
    let name = name.replace('_', "-").to_ascii_lowercase();
    let on = sign.unwrap_or_else(|| value.is_none_or(|v| !is_off(v)));
    let h = &mut vm.hyperv;
    let slot = match name.as_str() {
        "kvm" => {
            // `kvm=off` hides the KVM signature.
            vm.kvm_hidden = !on;
            found.carried.push(name);
            return;
        }
        "hv-spinlocks" => {
            h.spinlocks = Some(true);
            h.spinlock_retries = value.and_then(parse_number);
            found.carried.push(name);
            return;
        }
        "hv-vendor-id" => {
            h.vendor_id = Some(true);
            h.vendor_id_value = value.map(str::to_string);
            found.carried.push(name);
            return;
        }
        "hv-passthrough" => {
            h.passthrough = on;
            found.carried.push(name);
            return;
        }
        "hv-relaxed" => &mut h.relaxed,
        "hv-vapic" => &mut h.vapic,
        "hv-vpindex" => &mut h.vpindex,
        "hv-runtime" => &mut h.runtime,
        "hv-synic" => &mut h.synic,
        "hv-stimer" => &mut h.stimer,
        "hv-stimer-direct" => &mut h.stimer_direct,
        "hv-reset" => &mut h.reset,
        "hv-frequencies" => &mut h.frequencies,
        "hv-reenlightenment" => &mut h.reenlightenment,
        "hv-tlbflush" => &mut h.tlbflush,
        "hv-tlbflush-direct" => &mut h.tlbflush_direct,
        "hv-tlbflush-ext" => &mut h.tlbflush_extended,
        "hv-ipi" => &mut h.ipi,
        "hv-evmcs" => &mut h.evmcs,
        other if other.starts_with("hv-") => {
            if on {
                found.not_carried.push(name);
            }
            return;
        }
        _ => return,
    };
    *slot = Some(on);
    found.carried.push(name);
}

fn is_off(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "off" | "false" | "no" | "0"
    )
}

/// QEMU's integer properties: decimal or `0x` hexadecimal.
fn parse_number(value: &str) -> Option<u64> {
    match value
        .strip_prefix("0x")
        .or_else(|| value.strip_prefix("0X"))
    {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => value.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SourceFormat, SourceRef};

    fn vm() -> VmSpec {
        VmSpec::new(
            SourceRef {
                format: SourceFormat::Proxmox,
                file: "t".into(),
                index: None,
            },
            "t",
        )
    }

    #[test]
    fn every_spelling_of_a_cpu_property_is_read() {
        let mut vm = vm();
        let line = "-machine q35 -cpu host,hv_relaxed,+hv-vapic,hv-vpindex=on,hv-synic=off,\
                    -hv-ipi,hv-spinlocks=0x1fff,hv-vendor-id=proxmox,kvm=off,hv-crash,hv-time=off";
        let found = read_cpu_args(line.split_whitespace(), &mut vm);
        let h = &vm.hyperv;
        assert_eq!(
            (h.relaxed, h.vapic, h.vpindex),
            (Some(true), Some(true), Some(true))
        );
        assert_eq!((h.synic, h.ipi), (Some(false), Some(false)));
        assert_eq!(
            (h.spinlocks, h.spinlock_retries),
            (Some(true), Some(0x1fff))
        );
        assert_eq!(h.vendor_id_value.as_deref(), Some("proxmox"));
        assert!(vm.kvm_hidden);
        // Off properties without a KubeVirt setting are not worth a warning.
        assert_eq!(found.not_carried, vec!["hv-crash"]);
        assert_eq!(found.carried.len(), 8);
    }

    #[test]
    fn nothing_but_cpu_properties_is_read() {
        let mut vm = vm();
        let found = read_cpu_args(["-smp", "4", "-device", "hv-relaxed"], &mut vm);
        assert_eq!(found, CpuArgs::default());
        assert!(vm.hyperv.is_empty());
        // A lone `-cpu` at the end; the model is never a property.
        let found = read_cpu_args(
            ["-cpu", "hv-relaxed,hv-passthrough,kvm=off", "-cpu"],
            &mut vm,
        );
        assert!(vm.hyperv.passthrough && vm.kvm_hidden);
        assert_eq!(vm.hyperv.relaxed, None);
        assert_eq!(found.carried, vec!["hv-passthrough", "kvm"]);
    }
}

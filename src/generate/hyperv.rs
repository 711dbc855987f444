//! The model's Hyper-V enlightenments as KubeVirt's `domain.features.hyperv` (or
//! `hypervPassthrough`), on top of the defaults KubeVirt's Windows templates set.
//!
//! What the source states wins over a default, on or off. KubeVirt's dependencies between
//! enlightenments (its mutating webhook `SetHypervFeatureDependencies` and the validating
//! webhook behind it: `synic` needs `vpindex`, `synictimer` needs `synic`, `ipi` and `tlbflush`
//! need `vpindex`, `evmcs` needs `vapic`) are resolved here the way KubeVirt resolves them, so
//! the output shows what the VM gets: a requirement the source leaves unset is switched on
//! (the webhook would do the same), and a feature whose requirement the source switches off
//! is switched off with a warning (the webhook would refuse the VM). `hypervPassthrough`
//! excludes every explicit enlightenment (KubeVirt refuses both together), so it replaces the
//! Windows defaults.

use crate::kubevirt::objects::{
    FeatureState, HyperV, Spinlocks, SynicTimer, TlbFlush, Toggle, VendorId,
};
use crate::model;

/// KubeVirt's smallest spinlock retry count (its API: "must be greater or equal 4096").
const MIN_SPINLOCK_RETRIES: u64 = 4096;
/// The longest vendor id libvirt and KubeVirt accept.
const MAX_VENDOR_ID_CHARS: usize = 12;

/// `features.hyperv` and `features.hypervPassthrough` for a VM; `windows` adds the defaults
/// KubeVirt's Windows templates use.
pub(super) fn hyperv_features(
    source: &model::HyperV,
    windows: bool,
    warnings: &mut Vec<String>,
) -> (Option<HyperV>, Option<FeatureState>) {
    if source.passthrough {
        warnings.push(
            "the source passes every Hyper-V enlightenment of its host through; carried as hypervPassthrough, which KubeVirt never live-migrates"
                .to_string(),
        );
        return (None, Some(FeatureState { enabled: true }));
    }
    let mut hyperv = if windows {
        windows_defaults()
    } else {
        HyperV::default()
    };
    overlay(&mut hyperv, source, warnings);
    resolve_dependencies(&mut hyperv, warnings);
    if hyperv.evmcs.as_ref().is_some_and(Toggle::is_on) {
        warnings.push(
            "Hyper-V evmcs is carried; KubeVirt then requires the vmx CPU feature, so the VM runs only on nodes that offer nested virtualization"
                .to_string(),
        );
    }
    let empty = hyperv == HyperV::default();
    (if empty { None } else { Some(hyperv) }, None)
}

/// The enlightenments KubeVirt's own Windows templates set; without them Windows guests run
/// slowly.
fn windows_defaults() -> HyperV {
    HyperV {
        relaxed: Some(Toggle::default()),
        vapic: Some(Toggle::default()),
        spinlocks: Some(Spinlocks {
            enabled: None,
            spinlocks: Some(8191),
        }),
        ..HyperV::default()
    }
}

fn toggle(state: Option<bool>) -> Option<Toggle> {
    state.map(|on| Toggle { enabled: Some(on) })
}

/// Sets every enlightenment the source states, over the defaults.
fn overlay(hyperv: &mut HyperV, source: &model::HyperV, warnings: &mut Vec<String>) {
    let simple = [
        (&mut hyperv.relaxed, source.relaxed),
        (&mut hyperv.vapic, source.vapic),
        (&mut hyperv.vpindex, source.vpindex),
        (&mut hyperv.runtime, source.runtime),
        (&mut hyperv.synic, source.synic),
        (&mut hyperv.reset, source.reset),
        (&mut hyperv.frequencies, source.frequencies),
        (&mut hyperv.reenlightenment, source.reenlightenment),
        (&mut hyperv.ipi, source.ipi),
        (&mut hyperv.evmcs, source.evmcs),
    ];
    for (field, state) in simple {
        if state.is_some() {
            *field = toggle(state);
        }
    }
    if let Some(on) = source.spinlocks {
        hyperv.spinlocks = Some(Spinlocks {
            enabled: Some(on),
            spinlocks: source
                .spinlock_retries
                .map(|r| spinlock_retries(r, warnings)),
        });
    }
    if let Some(on) = source.stimer {
        hyperv.synictimer = Some(SynicTimer {
            enabled: Some(on),
            direct: toggle(source.stimer_direct),
        });
    }
    if let Some(on) = source.tlbflush {
        hyperv.tlbflush = Some(TlbFlush {
            enabled: Some(on),
            direct: toggle(source.tlbflush_direct),
            extended: toggle(source.tlbflush_extended),
        });
    }
    if let Some(on) = source.vendor_id {
        hyperv.vendorid = vendor_id(on, source.vendor_id_value.as_deref(), warnings);
    }
}

/// KubeVirt's retry count: at least 4096, at most what its 32-bit field holds.
fn spinlock_retries(retries: u64, warnings: &mut Vec<String>) -> u32 {
    if retries < MIN_SPINLOCK_RETRIES {
        warnings.push(format!(
            "Hyper-V spinlock retries {retries} are below KubeVirt's minimum; {MIN_SPINLOCK_RETRIES} is set"
        ));
        return MIN_SPINLOCK_RETRIES as u32;
    }
    u32::try_from(retries).unwrap_or_else(|_| {
        warnings.push(format!(
            "Hyper-V spinlock retries {retries} exceed what KubeVirt holds; {} is set",
            u32::MAX
        ));
        u32::MAX
    })
}

fn vendor_id(on: bool, value: Option<&str>, warnings: &mut Vec<String>) -> Option<VendorId> {
    match value {
        Some(value) if value.chars().count() > MAX_VENDOR_ID_CHARS => {
            warnings.push(format!(
                "Hyper-V vendor id {value:?} is longer than the {MAX_VENDOR_ID_CHARS} characters KubeVirt accepts; it is not carried"
            ));
            None
        }
        value => Some(VendorId {
            enabled: Some(on),
            vendorid: value.map(str::to_string),
        }),
    }
}

/// Which enlightenment needs which, roots first so that a feature switched off here also
/// switches off what needs it.
#[derive(Clone, Copy)]
enum Name {
    Vpindex,
    Synic,
    Synictimer,
    Ipi,
    Tlbflush,
    Vapic,
    Evmcs,
}

const DEPENDENCIES: [(Name, Name); 5] = [
    (Name::Synic, Name::Vpindex),
    (Name::Synictimer, Name::Synic),
    (Name::Ipi, Name::Vpindex),
    (Name::Tlbflush, Name::Vpindex),
    (Name::Evmcs, Name::Vapic),
];

impl Name {
    fn label(self) -> &'static str {
        match self {
            Name::Vpindex => "vpindex",
            Name::Synic => "synic",
            Name::Synictimer => "stimer (synictimer)",
            Name::Ipi => "ipi",
            Name::Tlbflush => "tlbflush",
            Name::Vapic => "vapic",
            Name::Evmcs => "evmcs",
        }
    }

    /// The feature's `enabled`: `None` when unset, `Some(None)` for `{}` (on).
    fn state(self, h: &HyperV) -> Option<Option<bool>> {
        match self {
            Name::Vpindex => h.vpindex.as_ref().map(|t| t.enabled),
            Name::Synic => h.synic.as_ref().map(|t| t.enabled),
            Name::Ipi => h.ipi.as_ref().map(|t| t.enabled),
            Name::Vapic => h.vapic.as_ref().map(|t| t.enabled),
            Name::Evmcs => h.evmcs.as_ref().map(|t| t.enabled),
            Name::Synictimer => h.synictimer.as_ref().map(|t| t.enabled),
            Name::Tlbflush => h.tlbflush.as_ref().map(|t| t.enabled),
        }
    }

    fn set(self, h: &mut HyperV, on: bool) {
        let enabled = Some(on);
        match self {
            Name::Vpindex => h.vpindex = Some(Toggle { enabled }),
            Name::Synic => h.synic = Some(Toggle { enabled }),
            Name::Ipi => h.ipi = Some(Toggle { enabled }),
            Name::Vapic => h.vapic = Some(Toggle { enabled }),
            Name::Evmcs => h.evmcs = Some(Toggle { enabled }),
            Name::Synictimer => {
                if let Some(timer) = h.synictimer.as_mut() {
                    timer.enabled = enabled;
                } else {
                    h.synictimer = Some(SynicTimer {
                        enabled,
                        direct: None,
                    });
                }
            }
            Name::Tlbflush => {
                if let Some(flush) = h.tlbflush.as_mut() {
                    flush.enabled = enabled;
                } else {
                    h.tlbflush = Some(TlbFlush {
                        enabled,
                        direct: None,
                        extended: None,
                    });
                }
            }
        }
    }
}

/// Applies [`DEPENDENCIES`] until nothing changes: an added requirement may need one of its
/// own (`synictimer` adds `synic`, which adds `vpindex`), and a feature switched off may
/// switch off what needs it. Each step only adds an unset feature or switches an enabled one
/// off, so it ends within a few rounds.
fn resolve_dependencies(hyperv: &mut HyperV, warnings: &mut Vec<String>) {
    for _ in 0..=DEPENDENCIES.len() {
        if !resolve_once(hyperv, warnings) {
            return;
        }
    }
}

/// One pass over [`DEPENDENCIES`]; true when it changed something.
fn resolve_once(hyperv: &mut HyperV, warnings: &mut Vec<String>) -> bool {
    let mut changed = false;
    for (feature, requirement) in DEPENDENCIES {
        let on = feature.state(hyperv).is_some_and(|e| e != Some(false));
        if !on {
            continue;
        }
        match requirement.state(hyperv) {
            None => {
                requirement.set(hyperv, true);
                changed = true;
            }
            Some(Some(false)) => {
                changed = true;
                feature.set(hyperv, false);
                warnings.push(format!(
                    "Hyper-V {} needs {}, which the source switches off; {} is switched off too (KubeVirt refuses it alone)",
                    feature.label(),
                    requirement.label(),
                    feature.label()
                ));
            }
            Some(_) => {}
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &model::HyperV, windows: bool) -> (serde_json::Value, Vec<String>) {
        let mut warnings = Vec::new();
        let (hyperv, passthrough) = hyperv_features(source, windows, &mut warnings);
        let value = serde_json::json!({
            "hyperv": hyperv,
            "hypervPassthrough": passthrough,
        });
        (value, warnings)
    }

    #[test]
    fn source_values_win_over_windows_defaults_and_off_stays_off() {
        let source = model::HyperV {
            relaxed: Some(false),
            spinlocks: Some(true),
            spinlock_retries: Some(4095),
            vendor_id: Some(true),
            vendor_id_value: Some("KVM Hv".into()),
            ..model::HyperV::default()
        };
        let (value, warnings) = run(&source, true);
        assert_eq!(
            value["hyperv"],
            serde_json::json!({
                "relaxed": {"enabled": false},
                "vapic": {},
                "spinlocks": {"enabled": true, "spinlocks": 4096},
                "vendorid": {"enabled": true, "vendorid": "KVM Hv"},
            })
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("4095"), "{warnings:?}");
    }

    #[test]
    fn unset_requirements_are_added_and_switched_off_ones_switch_off_the_dependent() {
        // synictimer needs synic needs vpindex: both added, as KubeVirt's webhook does.
        let source = model::HyperV {
            stimer: Some(true),
            stimer_direct: Some(true),
            ..model::HyperV::default()
        };
        let (value, warnings) = run(&source, false);
        assert_eq!(
            value["hyperv"],
            serde_json::json!({
                "vpindex": {"enabled": true},
                "synic": {"enabled": true},
                "synictimer": {"enabled": true, "direct": {"enabled": true}},
            })
        );
        assert!(warnings.is_empty(), "{warnings:?}");

        // vpindex off: synic cannot be on, and so neither can the timers nor ipi.
        let source = model::HyperV {
            vpindex: Some(false),
            synic: Some(true),
            stimer: Some(true),
            ipi: Some(true),
            ..model::HyperV::default()
        };
        let (value, warnings) = run(&source, false);
        assert_eq!(
            value["hyperv"]["synic"],
            serde_json::json!({"enabled": false})
        );
        assert_eq!(
            value["hyperv"]["synictimer"],
            serde_json::json!({"enabled": false})
        );
        assert_eq!(
            value["hyperv"]["ipi"],
            serde_json::json!({"enabled": false})
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
    }

    #[test]
    fn passthrough_replaces_every_explicit_enlightenment() {
        let source = model::HyperV {
            passthrough: true,
            ..model::HyperV::default()
        };
        let (value, warnings) = run(&source, true);
        assert_eq!(value["hyperv"], serde_json::Value::Null);
        assert_eq!(
            value["hypervPassthrough"],
            serde_json::json!({"enabled": true})
        );
        assert!(warnings[0].contains("never live-migrates"));
    }

    #[test]
    fn nothing_stated_and_not_windows_gives_no_block() {
        let (value, warnings) = run(&model::HyperV::default(), false);
        assert_eq!(value["hyperv"], serde_json::Value::Null);
        assert!(warnings.is_empty());
    }
}

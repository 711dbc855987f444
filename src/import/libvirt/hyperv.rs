//! `<features><hyperv>`: the Hyper-V enlightenments a libvirt domain gives its guest, read
//! into the model's [`HyperV`](crate::model::HyperV) (libvirt's "Hypervisor features" in formatdomain).
//!
//! libvirt writes each enlightenment as an element with `state='on'|'off'`; a few carry more
//! (`spinlocks retries`, `vendor_id value`, `stimer/direct`, `tlbflush/direct|extended`).
//! `mode='passthrough'` hands the guest every enlightenment the host has. Elements the model
//! has no field for stay a warning that names them.

use super::*;

/// Reads `<hyperv>` into `vm.hyperv`, warning about what the model does not carry.
pub(super) fn convert_hyperv(hyperv: Node, vm: &mut VmSpec) {
    match xml::attr(hyperv, "mode").map(str::trim) {
        None | Some("custom") => {}
        Some("passthrough") => {
            vm.hyperv.passthrough = true;
            return;
        }
        Some(other) => {
            // `host-model` (libvirt 11) and anything newer: the host's list expanded at
            // start-up, which a file does not record.
            vm.warn(format!(
                "Hyper-V enlightenments in mode '{}' are not carried; set them on the KubeVirt VM (features.hyperv) for Windows guests",
                crate::import::text::quote(other)
            ));
            return;
        }
    }
    let mut unknown: Vec<String> = Vec::new();
    for element in hyperv.children().filter(|c| c.is_element()) {
        let name = element.tag_name().name();
        let state = state_of(element);
        let model = &mut vm.hyperv;
        match name {
            "relaxed" => model.relaxed = Some(state),
            "vapic" => model.vapic = Some(state),
            "vpindex" => model.vpindex = Some(state),
            "runtime" => model.runtime = Some(state),
            "synic" => model.synic = Some(state),
            "reset" => model.reset = Some(state),
            "frequencies" => model.frequencies = Some(state),
            "reenlightenment" => model.reenlightenment = Some(state),
            "ipi" => model.ipi = Some(state),
            "evmcs" => model.evmcs = Some(state),
            "spinlocks" => {
                model.spinlocks = Some(state);
                model.spinlock_retries =
                    xml::attr(element, "retries").and_then(|r| r.trim().parse::<u64>().ok());
            }
            "vendor_id" => {
                model.vendor_id = Some(state);
                model.vendor_id_value = xml::attr(element, "value").map(str::to_string);
            }
            "stimer" => {
                model.stimer = Some(state);
                model.stimer_direct = xml::child(element, "direct").map(state_of);
            }
            "tlbflush" => {
                model.tlbflush = Some(state);
                model.tlbflush_direct = xml::child(element, "direct").map(state_of);
                model.tlbflush_extended = xml::child(element, "extended").map(state_of);
            }
            // avic, emsr_bitmap, xmm_input and whatever libvirt adds next.
            other if state => unknown.push(other.to_string()),
            _ => {}
        }
    }
    if !unknown.is_empty() {
        vm.warn(format!(
            "Hyper-V enlightenments {} have no KubeVirt setting and are not carried",
            unknown.join(", ")
        ));
    }
}

/// libvirt's `state` attribute: `on` unless it says `off` (libvirt requires it on most
/// elements; older files leave it out where the element alone means on).
fn state_of(element: Node) -> bool {
    xml::attr(element, "state").is_none_or(|s| s.trim() != "off")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(features: &str) -> VmSpec {
        let xml = format!("<hyperv mode='custom'>{features}</hyperv>");
        let doc = roxmltree::Document::parse(&xml).expect("test XML parses");
        let mut vm = VmSpec::new(
            crate::model::SourceRef {
                format: crate::model::SourceFormat::Libvirt,
                file: "t.xml".into(),
                index: None,
            },
            "t",
        );
        convert_hyperv(doc.root_element(), &mut vm);
        vm
    }

    #[test]
    fn every_enlightenment_kubevirt_has_is_read_with_its_state_and_values() {
        let vm = read(
            "<relaxed state='on'/><vapic state='off'/><spinlocks state='on' retries='8191'/>\
             <vpindex state='on'/><runtime state='on'/><synic state='on'/>\
             <stimer state='on'><direct state='on'/></stimer><reset state='off'/>\
             <vendor_id state='on' value='KVM Hv'/><frequencies state='on'/>\
             <reenlightenment state='off'/><tlbflush state='on'><direct state='on'/>\
             <extended state='off'/></tlbflush><ipi state='on'/><evmcs state='off'/>",
        );
        let h = &vm.hyperv;
        assert_eq!(h.relaxed, Some(true));
        assert_eq!(h.vapic, Some(false));
        assert_eq!((h.spinlocks, h.spinlock_retries), (Some(true), Some(8191)));
        assert_eq!(
            (h.vpindex, h.runtime, h.synic),
            (Some(true), Some(true), Some(true))
        );
        assert_eq!((h.stimer, h.stimer_direct), (Some(true), Some(true)));
        assert_eq!(h.reset, Some(false));
        assert_eq!(h.vendor_id_value.as_deref(), Some("KVM Hv"));
        assert_eq!(
            (h.frequencies, h.reenlightenment),
            (Some(true), Some(false))
        );
        assert_eq!(
            (h.tlbflush, h.tlbflush_direct, h.tlbflush_extended),
            (Some(true), Some(true), Some(false))
        );
        assert_eq!((h.ipi, h.evmcs), (Some(true), Some(false)));
        assert!(!h.passthrough);
        assert!(vm.warnings.is_empty(), "{:?}", vm.warnings);
    }

    #[test]
    fn passthrough_mode_and_unknown_enlightenments() {
        let xml = "<hyperv mode='passthrough'/>";
        let doc = roxmltree::Document::parse(xml).expect("parses");
        let mut vm = read("");
        convert_hyperv(doc.root_element(), &mut vm);
        assert!(vm.hyperv.passthrough);

        let vm = read("<avic state='on'/><xmm_input state='off'/><relaxed/>");
        assert_eq!(vm.hyperv.relaxed, Some(true));
        let text: Vec<String> = vm.warnings.iter().map(|w| w.message.clone()).collect();
        assert_eq!(
            text,
            vec!["Hyper-V enlightenments avic have no KubeVirt setting and are not carried"]
        );
    }
}

//! The vCPU count the generator sizes a VM with, from its CPU topology, with checked
//! arithmetic: a product that overflows is never wrapped (65536 x 65536 is 0 in u32) nor
//! saturated into a count nobody stated.
//!
//! The importers refuse such a topology with the file's name (`import::check_limits`), so
//! the overflow case is reached only by a `VmSpec` built by hand through the library; it is
//! then named in a warning and counted as no vCPUs in the plan's totals.

use crate::model::VmSpec;

/// vCPUs as generated: sockets x cores x threads, each at least 1 (a level the source left
/// at 0 is one, as the generated `cpu` stanza writes it).
pub(super) fn vcpu_count(vm: &VmSpec, warnings: &mut Vec<String>) -> u32 {
    let (sockets, cores, threads) = (
        vm.cpu.sockets.max(1),
        vm.cpu.cores.max(1),
        vm.cpu.threads.max(1),
    );
    match sockets
        .checked_mul(cores)
        .and_then(|n| n.checked_mul(threads))
    {
        Some(total) => total,
        None => {
            warnings.push(format!(
                "the CPU topology ({sockets} sockets x {cores} cores x {threads} threads) has more vCPUs than a 32-bit count holds; no vCPUs are counted for this VM in the totals: fix the topology"
            ));
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cpu, SourceFormat, SourceRef};

    fn vm(sockets: u32, cores: u32, threads: u32) -> VmSpec {
        let source = SourceRef {
            format: SourceFormat::Vmx,
            file: "a.vmx".into(),
            index: None,
        };
        let mut vm = VmSpec::new(source, "a");
        vm.cpu = Cpu {
            sockets,
            cores,
            threads,
            hotplug: false,
        };
        vm
    }

    #[test]
    fn counts_are_checked_and_an_overflow_is_named() {
        let mut warnings = Vec::new();
        assert_eq!(vcpu_count(&vm(2, 4, 2), &mut warnings), 16);
        assert_eq!(vcpu_count(&vm(0, 4, 0), &mut warnings), 4);
        assert!(warnings.is_empty());
        // Unchecked, 65536 x 65536 is 0 (release) or a panic (debug).
        assert_eq!(vcpu_count(&vm(65536, 65536, 1), &mut warnings), 0);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("65536 sockets x 65536 cores"));
    }
}

//! Kubernetes names from source names: valid DNS-1123 labels, stable, unique within a run.
//!
//! VM names become label values (`kubevirt.io/domain`) and guest host names, so they must
//! be DNS-1123 labels (63 characters), not just subdomains. The same input always gives the
//! same name; clashes within one run are resolved by a numeric suffix in input order.

use foldhash::HashSet;

/// Longest DNS-1123 label.
pub const MAX_LABEL: usize = 63;

/// Converts any text into a DNS-1123 label: lower-case ASCII letters, digits and `-`,
/// starting and ending with an alphanumeric. Runs of other characters become one `-`.
/// Text with no ASCII alphanumerics at all (`虚拟机`, `***`) gets `fallback` plus a short
/// hash of the original, so distinct names stay distinct and stable.
pub fn dns_label(raw: &str, fallback: &str) -> String {
    let mut out = String::with_capacity(raw.len().min(MAX_LABEL));
    let mut pending_dash = false;
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        out = format!("{fallback}-{:08x}", fnv1a(raw) as u32);
    }
    truncate_label(&out, MAX_LABEL)
}

/// Cuts a label to `max` characters without leaving a trailing `-`.
pub fn truncate_label(label: &str, max: usize) -> String {
    // Sliced at the byte where character `max` starts, not collected a character at a
    // time: every disk and DataVolume name passes through here.
    let end = label
        .char_indices()
        .nth(max)
        .map_or(label.len(), |(at, _)| at);
    label[..end].trim_end_matches('-').to_string()
}

/// A stable 64-bit FNV-1a hash; used only to make fallback names distinct.
fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash
}

/// Hands out names that are unique among those already given.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

impl UniqueNames {
    /// Returns `base` if free, else `base-2`, `base-3`... (shortening `base` to fit 63).
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        for n in 2u64.. {
            let suffix = format!("-{n}");
            let stem = truncate_label(base, MAX_LABEL - suffix.len());
            let candidate = format!("{stem}{suffix}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("u64 suffixes cannot run out before memory does")
    }
}

/// True for a valid DNS-1123 label (what `dns_label` must always produce).
pub fn is_dns_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_LABEL
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.last().is_some_and(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_names_become_readable_labels() {
        assert_eq!(dns_label("WIN2019_App01", "vm"), "win2019-app01");
        assert_eq!(
            dns_label("centos7 legacy (do not touch)", "vm"),
            "centos7-legacy-do-not-touch"
        );
        assert_eq!(dns_label("--Web..01--", "vm"), "web-01");
        assert_eq!(dns_label("Ubuntu 64 位", "vm"), "ubuntu-64");
    }

    #[test]
    fn names_without_ascii_get_a_stable_distinct_fallback() {
        let a = dns_label("虚拟机", "vm");
        let b = dns_label("仮想マシン", "vm");
        assert!(a.starts_with("vm-") && is_dns_label(&a));
        assert_ne!(a, b);
        assert_eq!(a, dns_label("虚拟机", "vm"));
    }

    #[test]
    fn long_names_are_cut_to_63_without_a_trailing_dash() {
        let long = format!("{}-{}", "a".repeat(62), "b".repeat(10));
        let label = dns_label(&long, "vm");
        assert_eq!(label, "a".repeat(62));
        assert!(is_dns_label(&label));
    }

    #[test]
    fn clashes_get_numeric_suffixes_that_still_fit() {
        let mut names = UniqueNames::default();
        assert_eq!(names.claim("web"), "web");
        assert_eq!(names.claim("web"), "web-2");
        assert_eq!(names.claim("web"), "web-3");
        let long = "x".repeat(63);
        assert_eq!(names.claim(&long), long);
        let second = names.claim(&long);
        assert_eq!(second.len(), 63);
        assert!(second.ends_with("-2") && is_dns_label(&second));
    }

    #[test]
    fn every_printable_ascii_soup_gives_a_valid_label() {
        // A cheap exhaustive-ish check; the property test in tests/ goes further.
        for a in 32u8..127 {
            for b in 32u8..127 {
                let raw = format!("{}{}x{}", a as char, b as char, a as char);
                let label = dns_label(&raw, "vm");
                assert!(is_dns_label(&label), "{raw:?} -> {label:?}");
            }
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Source names as they come: any Unicode, symbols only, very long, empty.
        fn raw_name() -> impl Strategy<Value = String> {
            prop_oneof![
                "\\PC{0,80}",
                "[-_. !@#$%^&*()+=~`|/\\\\]{0,70}",
                "[a-zA-Z0-9_ .-]{0,120}",
                "[a-z]{1,3}(-[0-9]{1,2})?",
            ]
        }

        proptest! {
            /// Whatever the source name, the result is a DNS-1123 label.
            #[test]
            fn every_name_becomes_a_valid_label(raw in raw_name()) {
                let label = dns_label(&raw, "vm");
                prop_assert!(is_dns_label(&label), "{:?} -> {:?}", raw, label);
            }

            /// The same names in the same order give the same labels, run after run.
            #[test]
            fn naming_is_stable_across_runs(raws in proptest::collection::vec(raw_name(), 0..40)) {
                let run = |raws: &[String]| {
                    let mut names = UniqueNames::default();
                    raws.iter().map(|r| names.claim(&dns_label(r, "vm"))).collect::<Vec<_>>()
                };
                prop_assert_eq!(run(&raws), run(&raws));
            }

            /// Within one run no two VMs share a name, even when sources collide after
            /// sanitising or already use the `-2` suffixes the clash rule hands out.
            #[test]
            fn names_are_unique_and_valid_within_a_run(
                raws in proptest::collection::vec(raw_name(), 0..60),
                repeats in 1usize..4,
            ) {
                let mut names = UniqueNames::default();
                let mut seen = std::collections::HashSet::new();
                for raw in raws.iter().cycle().take(raws.len() * repeats) {
                    let name = names.claim(&dns_label(raw, "vm"));
                    prop_assert!(is_dns_label(&name), "{:?} -> {:?}", raw, name);
                    prop_assert!(seen.insert(name.clone()), "{:?} handed out twice", name);
                }
            }
        }
    }
}

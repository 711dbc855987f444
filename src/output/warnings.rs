//! Warnings that stay readable at 10,000 VMs: one line per kind of warning, with its count
//! and a few example VMs, instead of one line per warning.
//!
//! A conversion of 2,000 typical VMs produces about 14,000 warnings, most of them the same
//! few remarks about different disks and NICs ("model vmxnet3 becomes virtio"). Printed one
//! by one they bury the rare warning that matters. Above [`GROUP_ABOVE_VMS`] VMs with
//! warnings, each *kind* is printed once. Nothing is lost: the count says how many lines a
//! kind stands for, `--warnings=all` (or `-v=1`) prints every one, and `assess -o json`
//! keeps them per VM.
//!
//! Warnings are free text written where the fact is known (355 places in the importers and
//! the generator), so a kind is the text's shape: the device a remark is about and every
//! number and quoted value are blanked out (`write_kind`). Two remarks that differ only in
//! which disk, which size or which network they name are one kind; the printed example is
//! the first real warning of the kind, never the blanked shape.

use foldhash::HashMap;
use std::fmt::Write as _;

/// Up to this many VMs with warnings, every warning is printed as it is: a handful of VMs
/// reads fine line by line, and small runs (and their tests) keep the exact wording.
pub const GROUP_ABOVE_VMS: usize = 5;

/// How many example VM names a grouped line shows.
const EXAMPLE_VMS: usize = 3;

/// How warnings are printed (`--warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum WarningsMode {
    /// Each warning when few VMs have any, else grouped by kind.
    #[default]
    Auto,
    /// Every warning, one line each.
    All,
    /// One line per kind of warning.
    Grouped,
}

impl WarningsMode {
    /// Whether `vms_with_warnings` VMs' warnings are printed grouped.
    pub fn groups(self, vms_with_warnings: usize) -> bool {
        match self {
            WarningsMode::All => false,
            WarningsMode::Grouped => true,
            WarningsMode::Auto => vms_with_warnings > GROUP_ABOVE_VMS,
        }
    }
}

/// One kind of warning over a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningGroup {
    /// The first warning of the kind, as written.
    pub example: String,
    /// How many warnings are of this kind.
    pub count: usize,
    /// How many VMs have at least one of them.
    pub vms: usize,
    /// The first few of those VMs, in input order.
    pub example_vms: Vec<String>,
}

/// Warnings grouped by kind as a run goes: memory grows with the kinds seen (and a few
/// example names each), not with the VMs, so a streamed import of 10,000 VMs stays flat.
#[derive(Debug, Default)]
pub struct WarningTally {
    groups: Vec<WarningGroup>,
    index_of: HashMap<String, usize>,
    total: usize,
    vms_with_warnings: usize,
}

impl WarningTally {
    /// Counts one VM's warnings.
    pub fn add(&mut self, vm: &str, warnings: &[String]) {
        if warnings.is_empty() {
            return;
        }
        self.vms_with_warnings += 1;
        self.total += warnings.len();
        // A VM counts once per kind however many of its disks the kind names.
        let mut seen_here: Vec<usize> = Vec::new();
        let mut kind = String::new();
        for warning in warnings {
            write_kind(warning, &mut kind);
            let next = self.groups.len();
            // Looked up by reference: a kind's text is copied only the first time it is seen.
            let index = match self.index_of.get(kind.as_str()) {
                Some(index) => *index,
                None => {
                    self.index_of.insert(kind.clone(), next);
                    next
                }
            };
            if index == next {
                self.groups.push(WarningGroup {
                    example: warning.clone(),
                    count: 0,
                    vms: 0,
                    example_vms: Vec::new(),
                });
            }
            let group = &mut self.groups[index];
            group.count += 1;
            if !seen_here.contains(&index) {
                seen_here.push(index);
                group.vms += 1;
                if group.example_vms.len() < EXAMPLE_VMS {
                    group.example_vms.push(vm.to_string());
                }
            }
        }
    }

    /// How many warnings were counted.
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many VMs had at least one.
    pub fn vms_with_warnings(&self) -> usize {
        self.vms_with_warnings
    }

    /// The groups: most frequent first, ties in order of first appearance, so the output
    /// is deterministic.
    pub fn groups(mut self) -> Vec<WarningGroup> {
        // Stable: equal counts keep their first-appearance order.
        self.groups.sort_by_key(|g| std::cmp::Reverse(g.count));
        self.groups
    }
}

/// The warnings of a run (VM name, its warnings) grouped by kind ([`WarningTally`]).
pub fn group<'a>(vms: impl IntoIterator<Item = (&'a str, &'a [String])>) -> Vec<WarningGroup> {
    let mut tally = WarningTally::default();
    for (vm, warnings) in vms {
        tally.add(vm, warnings);
    }
    tally.groups()
}

/// The shape of a warning: what it says, without which device, number or quoted value it
/// says it of. `NIC ethernet0: model vmxnet3 becomes virtio` and `NIC ethernet1: model
/// vmxnet3 becomes virtio` are one kind; so are two disks' placeholders of 10Gi and 20Gi.
///
/// Written into `kind` (cleared first), so a tally reuses one buffer for every warning.
/// Byte by byte: every character it blanks (digits, `"` and `` ` ``) is ASCII, so the text
/// between two of them is copied as one slice instead of one character at a time.
fn write_kind(warning: &str, kind: &mut String) {
    kind.clear();
    let (subject, rest) = split_subject(warning);
    if let Some(device) = subject {
        kind.push_str(device);
        kind.push_str(" _: ");
    }
    let bytes = rest.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'0'..=b'9' => {
                kind.push_str(&rest[copied..at]);
                at += bytes[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                kind.push('#');
                copied = at;
            }
            b'"' | b'`' => {
                kind.push_str(&rest[copied..at]);
                // A quoted value: blank it up to the closing quote (or the end).
                let after = at + 1;
                at = match bytes[after..].iter().position(|b| *b == byte) {
                    Some(close) => after + close + 1,
                    None => bytes.len(),
                };
                let quote = char::from(byte);
                kind.push(quote);
                kind.push('_');
                kind.push(quote);
                copied = at;
            }
            _ => at += 1,
        }
    }
    kind.push_str(&rest[copied..]);
}

/// The device words a warning may open with, before the device's own name and a colon
/// (`disk scsi0:0: ...`, `NIC Network adapter 2: ...`, `CD-ROM ide2: ...`).
const DEVICE_WORDS: &[&str] = &[
    "disk",
    "NIC",
    "CD-ROM",
    "controller",
    "device",
    "serial port",
];

/// Splits `disk scsi0:1: bus scsi becomes sata` into (`disk`, `bus scsi becomes sata`).
/// The device name may hold colons itself (`SATA:0:1`), so the remark starts after the
/// last `": "` of the first clause rather than the first colon.
fn split_subject(warning: &str) -> (Option<&str>, &str) {
    for word in DEVICE_WORDS {
        let Some(after) = warning.strip_prefix(word).and_then(|r| r.strip_prefix(' ')) else {
            continue;
        };
        if let Some(at) = after.find(": ") {
            let rest = &after[at + 2..];
            return (Some(word), rest);
        }
    }
    (None, warning)
}

/// The grouped lines, each after `prefix` (`Warning: ` on stderr, kubectl-style; an indent in
/// `preview`'s summary), then one line saying how to see them all.
pub fn render_grouped(
    groups: &[WarningGroup],
    prefix: &str,
    total: usize,
    vms_with_warnings: usize,
) -> String {
    let mut out = String::new();
    for group in groups {
        let _ = write!(out, "{prefix}{}", group.example);
        if group.count > 1 {
            let more = group.vms.saturating_sub(group.example_vms.len());
            let _ = write!(
                out,
                " [{} like this on {} VM(s): {}{}]",
                thousands(group.count),
                thousands(group.vms),
                group.example_vms.join(", "),
                if more > 0 {
                    format!(", {} more", thousands(more))
                } else {
                    String::new()
                }
            );
        } else if let Some(vm) = group.example_vms.first() {
            let _ = write!(out, " [{vm}]");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{prefix}{} warning(s) on {} VM(s), one line per kind above; --warnings=all (or -v=1) prints each, `assess -o json` lists them per VM",
        thousands(total),
        thousands(vms_with_warnings)
    );
    out
}

/// `13698` as `13,698`: counts at 10,000 VMs are read, not parsed.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`write_kind`] into a new String.
    fn kind_of(warning: &str) -> String {
        let mut kind = String::new();
        write_kind(warning, &mut kind);
        kind
    }

    fn w(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn the_same_remark_about_other_devices_numbers_and_names_is_one_kind() {
        let same = [
            ("NIC ethernet0: model vmxnet3 becomes virtio", "NIC ethernet1: model vmxnet3 becomes virtio"),
            (
                "disk SATA:0:1: capacity unknown, requested 10Gi as a placeholder",
                "disk scsi0:0: capacity unknown, requested 20Gi as a placeholder",
            ),
            (
                "NIC net0: attached to Multus network \"vlan10\" (from source network \"VM Network\")",
                "NIC Network adapter 2: attached to Multus network \"prod\" (from source network \"x\")",
            ),
        ];
        for (a, b) in same {
            assert_eq!(kind_of(a), kind_of(b), "{a} / {b}");
        }
        let different = [
            (
                "NIC ethernet0: model vmxnet3 becomes virtio",
                "disk ethernet0: model vmxnet3 becomes virtio",
            ),
            (
                "disk vda: bus sata becomes virtio",
                "disk vda: bus scsi becomes sata",
            ),
            (
                "the CPU mode 'host-model' is not carried",
                "secure boot was set without UEFI firmware",
            ),
        ];
        for (a, b) in different {
            assert_ne!(kind_of(a), kind_of(b), "{a} / {b}");
        }
    }

    #[test]
    fn an_unclosed_quote_or_a_bare_subject_does_not_panic() {
        assert_eq!(kind_of("disk \"vda"), "disk \"_\"");
        assert_eq!(kind_of("disk vda"), "disk vda");
        assert_eq!(kind_of(""), "");
        assert_eq!(kind_of("NIC x: "), "NIC _: ");
    }

    #[test]
    fn kinds_are_the_text_with_numbers_and_quoted_values_blanked_character_by_character() {
        // The rule as first written, one character at a time: the slice-copying
        // write_kind must give the same shape for any text, non-ASCII included.
        fn by_character(rest: &str) -> String {
            let mut kind = String::new();
            let mut chars = rest.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '0'..='9' => {
                        while chars.peek().is_some_and(char::is_ascii_digit) {
                            chars.next();
                        }
                        kind.push('#');
                    }
                    '"' | '`' => {
                        for inner in chars.by_ref() {
                            if inner == c {
                                break;
                            }
                        }
                        kind.push(c);
                        kind.push('_');
                        kind.push(c);
                    }
                    _ => kind.push(c),
                }
            }
            kind
        }
        let texts = [
            "model vmxnet3 becomes virtio on 2 NICs",
            "size \"10 GiB\" rounded to `10Gi` (3 times)",
            "größe 12 «quoted» \u{0663}4 ünd `ç9",
            "\"",
            "``",
            "9",
            "a\"b`c\"d`e",
            "trailing digits 0123456789",
            "émoji 🚀 7\"🚀\"x",
        ];
        for text in texts {
            assert_eq!(kind_of(text), by_character(text), "{text}");
        }
    }

    #[test]
    fn groups_count_warnings_and_vms_and_keep_the_first_example() {
        let a = [
            w("NIC e0: model vmxnet3 becomes virtio"),
            w("NIC e1: model vmxnet3 becomes virtio"),
            w("rare"),
        ];
        let b = [w("NIC e7: model vmxnet3 becomes virtio")];
        let c = [w("other"), w("other")];
        let groups = group([("a", &a[..]), ("b", &b[..]), ("c", &c[..])]);
        assert_eq!(
            groups,
            [
                WarningGroup {
                    example: a[0].clone(),
                    count: 3,
                    vms: 2,
                    example_vms: vec![w("a"), w("b")]
                },
                WarningGroup {
                    example: w("other"),
                    count: 2,
                    vms: 1,
                    example_vms: vec![w("c")]
                },
                WarningGroup {
                    example: w("rare"),
                    count: 1,
                    vms: 1,
                    example_vms: vec![w("a")]
                },
            ]
        );
        // Every warning is in exactly one group.
        assert_eq!(
            groups.iter().map(|g| g.count).sum::<usize>(),
            a.len() + b.len() + c.len()
        );
    }

    #[test]
    fn grouped_lines_name_examples_counts_and_how_to_see_all() {
        let names: Vec<String> = (0..6).map(|i| format!("vm-{i}")).collect();
        let warnings = [w("NIC e0: model vmxnet3 becomes virtio")];
        let groups = group(names.iter().map(|n| (n.as_str(), &warnings[..])));
        assert_eq!(
            render_grouped(&groups, "Warning: ", 1234, 6),
            "Warning: NIC e0: model vmxnet3 becomes virtio [6 like this on 6 VM(s): vm-0, vm-1, vm-2, 3 more]\n\
             Warning: 1,234 warning(s) on 6 VM(s), one line per kind above; --warnings=all (or -v=1) prints each, `assess -o json` lists them per VM\n"
        );
    }

    #[test]
    fn auto_groups_only_above_a_handful_of_vms() {
        assert!(!WarningsMode::Auto.groups(GROUP_ABOVE_VMS));
        assert!(WarningsMode::Auto.groups(GROUP_ABOVE_VMS + 1));
        assert!(!WarningsMode::All.groups(10_000));
        assert!(WarningsMode::Grouped.groups(1));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(13698), "13,698");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}

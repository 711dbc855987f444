//! TAB completion for the selection flags (issue 22.3): the next word of a `--where`
//! expression (a field, an operator, a known value, `and`/`or`), `--order-by` and
//! `--columns` fields, and the source VM names in the PATH arguments already typed for
//! `--vm`, read within the live-completion budget.

use super::fields::{Field, ALL};
use super::CmpOp;
use crate::import::{self, ImportOptions};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Inputs larger than this are not parsed for completion (an OVA carrying its disks).
pub const MAX_COMPLETION_INPUT_BYTES: u64 = 4 << 20;

/// Splits an expression being typed into what is done and the word under the cursor.
fn split_word(partial: &str) -> (&str, &str) {
    let at = partial
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .map_or(0, |i| i + 1);
    partial.split_at(at)
}

/// What the word under the cursor can be, from the words before it.
enum Expecting {
    Field,
    Operator(Field),
    /// After `FIELD not`: `in` or `like`.
    NegatedOperator,
    Value(Field),
    Joiner,
}

fn expecting(head: &str) -> Expecting {
    let words: Vec<&str> = head
        .split(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.last().copied().unwrap_or("");
    let lower = last.to_ascii_lowercase();
    if words.is_empty() || ["and", "or", "not"].contains(&lower.as_str()) && !is_after_field(&words)
    {
        return Expecting::Field;
    }
    if let Some(field) = Field::lookup(last) {
        return Expecting::Operator(field);
    }
    if lower == "not" {
        return Expecting::NegatedOperator;
    }
    let is_op = CmpOp::SYMBOLS.iter().any(|(s, _)| *s == lower);
    if is_op {
        // The field is the word before the operator (or before `not in`/`not like`).
        let field = words.iter().rev().skip(1).find_map(|w| Field::lookup(w));
        if let Some(field) = field {
            return Expecting::Value(field);
        }
    }
    Expecting::Joiner
}

/// Whether the last word (`not`) follows a field, as in `name not like`.
fn is_after_field(words: &[&str]) -> bool {
    words.len() >= 2 && Field::lookup(words[words.len() - 2]).is_some()
}

/// Candidates for the `--where` value typed so far, each the whole value (the shell replaces
/// the word), with its description after a TAB.
pub fn expression(partial: &str) -> Vec<String> {
    let (head, word) = split_word(partial);
    let lower = word.to_ascii_lowercase();
    let offer = |value: &str, help: &str, space: bool| {
        value.to_ascii_lowercase().starts_with(&lower).then(|| {
            let tail = if space { " " } else { "" };
            format!("{head}{value}{tail}\t{help}")
        })
    };
    match expecting(head) {
        Expecting::Field => ALL
            .iter()
            .filter_map(|f| offer(f.name(), f.help(), true))
            .chain(offer("not", "negate the next test", true))
            .collect(),
        Expecting::Operator(field) => {
            let mut out: Vec<String> = CmpOp::SYMBOLS
                .iter()
                .filter(|(symbol, _)| operator_fits(field, symbol))
                .filter_map(|(symbol, help)| offer(symbol, help, true))
                .collect();
            if field.kind() == super::FieldType::Bool {
                out.extend(offer("and", "both hold", true));
                out.extend(offer("or", "either holds", true));
            }
            out
        }
        Expecting::NegatedOperator => [
            ("in", "none of a list"),
            ("like", "does not match the glob"),
        ]
        .iter()
        .filter_map(|(v, help)| offer(v, help, true))
        .collect(),
        Expecting::Value(field) => field
            .known_values()
            .iter()
            .filter_map(|v| offer(v, field.name(), true))
            .collect(),
        Expecting::Joiner => [("and", "both hold"), ("or", "either holds")]
            .iter()
            .filter_map(|(v, help)| offer(v, help, true))
            .collect(),
    }
}

fn operator_fits(field: Field, symbol: &str) -> bool {
    match symbol {
        "<" | "<=" | ">" | ">=" => field.kind().is_ordered(),
        "like" | "~=" => field.kind().is_textual(),
        _ => true,
    }
}

/// Candidates for a comma-separated field list (`--columns`) or `--order-by` keys.
pub fn field_list(partial: &str, order: bool) -> Vec<String> {
    let at = partial.rfind(',').map_or(0, |i| i + 1);
    let (head, word) = partial.split_at(at);
    if order {
        if let Some((field, dir)) = word.trim_start().split_once(' ') {
            if Field::lookup(field).is_some() {
                return ["asc", "desc"]
                    .iter()
                    .filter(|d| d.starts_with(dir.trim()))
                    .map(|d| format!("{head}{field} {d}"))
                    .collect();
            }
        }
    }
    let word = word.trim_start();
    ALL.iter()
        .filter(|f| f.name().starts_with(word))
        .map(|f| format!("{head}{}\t{}", f.name(), f.help()))
        .collect()
}

/// The source VM names in `paths` (files, folders walked), parsed for at most `budget`;
/// inputs over [`MAX_COMPLETION_INPUT_BYTES`] are skipped, smallest read first. The notes
/// say what was skipped.
pub fn source_names(paths: &[PathBuf], budget: Duration) -> (Vec<String>, Vec<String>) {
    let started = Instant::now();
    let mut files: Vec<(u64, PathBuf)> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .flat_map(|p| crate::files::walk(p, &import::is_candidate_spec).unwrap_or_default())
        .map(|p| (crate::files::size(&p).unwrap_or(u64::MAX), p))
        .collect();
    files.sort();
    let mut notes = Vec::new();
    let large: Vec<&PathBuf> = files
        .iter()
        .filter(|(size, _)| *size > MAX_COMPLETION_INPUT_BYTES)
        .map(|(_, p)| p)
        .collect();
    if let Some(first) = large.first() {
        notes.push(format!(
            "{} input(s) over {} MiB not read for completion (e.g. {})",
            large.len(),
            MAX_COMPLETION_INPUT_BYTES >> 20,
            first.display()
        ));
    }
    files.retain(|(size, _)| *size <= MAX_COMPLETION_INPUT_BYTES);
    let total = files.len();
    let (tx, rx) = mpsc::channel();
    // Parsing runs on its own thread so that the budget holds even inside one slow file;
    // the process exits after answering, taking the thread with it.
    std::thread::spawn(move || {
        for (_, path) in files {
            let names: Vec<String> = import::import_file_with(&path, &ImportOptions::default())
                .map(|vms| vms.into_iter().map(|vm| vm.name).collect())
                .unwrap_or_default();
            if tx.send(names).is_err() {
                return;
            }
        }
    });
    let mut names = Vec::new();
    let mut read = 0;
    while read < total {
        let left = budget.saturating_sub(started.elapsed());
        match rx.recv_timeout(left) {
            Ok(found) => {
                names.extend(found);
                read += 1;
            }
            Err(_) => break,
        }
    }
    if read < total {
        notes.push(format!(
            "{} of {total} input(s) not read within {} ms",
            total - read,
            budget.as_millis()
        ));
    }
    names.sort();
    names.dedup();
    (names, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(partial: &str) -> Vec<String> {
        expression(partial)
            .into_iter()
            .map(|c| c.split('\t').next().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn fields_then_operators_then_values_then_joiners() {
        assert!(values("").contains(&"guest-family ".to_string()));
        assert_eq!(values("guest-f"), ["guest-family "]);
        assert_eq!(
            values("cpus < 4 and gue"),
            [
                "cpus < 4 and guest-family ",
                "cpus < 4 and guest-distro ",
                "cpus < 4 and guest-version ",
                "cpus < 4 and guest-id "
            ]
        );
        assert_eq!(values("(me"), ["(memory "]);
        let ops = values("name ");
        assert!(ops.contains(&"name like ".to_string()) && ops.contains(&"name ~= ".to_string()));
        assert!(!ops.contains(&"name < ".to_string()), "{ops:?}");
        assert!(values("memory ").contains(&"memory >= ".to_string()));
        assert!(!values("memory ").contains(&"memory like ".to_string()));
        assert_eq!(values("guest-family = l"), ["guest-family = linux "]);
        assert_eq!(
            values("status != "),
            [
                "status != ready ",
                "status != warnings ",
                "status != blocked "
            ]
        );
        assert_eq!(values("cpus = 4 "), ["cpus = 4 and ", "cpus = 4 or "]);
        assert_eq!(values("tpm a"), ["tpm and "]);
        assert_eq!(values("name not l"), ["name not like "]);
    }

    #[test]
    fn field_lists_and_order_keys() {
        assert_eq!(
            field_list("name,mem", false)
                .iter()
                .map(|c| c.split('\t').next().unwrap_or_default())
                .collect::<Vec<_>>(),
            ["name,memory"]
        );
        assert_eq!(field_list("memory d", true), ["memory desc"]);
    }

    #[test]
    fn source_names_come_from_the_typed_inputs_and_large_ones_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.vmx"), "displayName = \"alpha\"\n").unwrap();
        std::fs::write(dir.path().join("b.vmx"), "displayName = \"beta\"\n").unwrap();
        let mut big = String::from("displayName = \"huge\"\n");
        big.push_str(&"#\n".repeat(usize::try_from(MAX_COMPLETION_INPUT_BYTES).unwrap_or(0)));
        std::fs::write(dir.path().join("c.vmx"), big).unwrap();
        let (names, notes) = source_names(&[dir.path().to_path_buf()], Duration::from_secs(5));
        assert_eq!(names, ["alpha", "beta"]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].starts_with("1 input(s) over 4 MiB not read"),
            "{notes:?}"
        );
    }
}

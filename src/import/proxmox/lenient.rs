//! Lines of a Proxmox config's current section that are not `key: value` (a bare `ide2`, a
//! stray word): Proxmox's qemu-server skips such a line with a warning ("unable to parse
//! config") and reads the rest, so a VM that runs on Proxmox is not refused here either.
//!
//! The leniency needs evidence that the file is a Proxmox config: at least one key only
//! Proxmox writes (`ostype`, `sockets`, `scsihw`...). Without one (a folder's `nginx.conf`,
//! any text named `.conf`), the first such line is a syntax error as before, so arbitrary
//! text never becomes an empty VM.

use super::{is_signature_key, quote, Entry};
use crate::import::{ImportError, SourceFile};
use std::collections::BTreeMap;

/// Warnings for the skipped lines, naming `file:line`, or the first line's syntax error when
/// nothing else marks the file as Proxmox's.
pub(super) fn skipped_lines(
    file: &SourceFile,
    entries: &BTreeMap<&str, Entry>,
    unparsed: &[(usize, &str)],
) -> Result<Vec<String>, ImportError> {
    let Some(&(first_line, first)) = unparsed.first() else {
        return Ok(Vec::new());
    };
    let proxmox = entries.values().any(|e| is_signature_key(e.key, e.value));
    if !proxmox {
        return Err(ImportError::syntax(
            file.at_line(first_line),
            format!(
                "expected `key: value`, found `{}` (keys are lower-case letters, digits, `_` and `-`)",
                quote(first)
            ),
        ));
    }
    Ok(unparsed
        .iter()
        .map(|(line, text)| {
            format!(
                "{}:{line}: `{}` is not `key: value`; the line was skipped, as Proxmox itself skips it",
                file.name,
                quote(text)
            )
        })
        .collect())
}

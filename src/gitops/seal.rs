//! How a file the plugin wrote is told from one a person edited since: every overlay and
//! wiring file carries, in a comment, the SHA-256 of its own text (without that line). A
//! re-run rewrites a file whose digest still matches (nobody touched it) and leaves any
//! other file alone, saying so on stderr. Deleting a file hands it back to the plugin.
//!
//! A digest rather than a timestamp or a list kept elsewhere: it travels with the file
//! through Git (clones, rebases, checkouts change no content), and a file copied from
//! another overlay or typed by hand simply has none, so it is never overwritten.

use crate::files::{self, ReadError};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The comment line holding the digest; the hex digest follows it.
pub const DIGEST_PREFIX: &str = "# vmmigrate-digest: sha256:";

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It did not exist.
    Created,
    /// It was as the plugin wrote it, and its content changed.
    Updated,
    /// It already held exactly this content.
    Unchanged,
    /// A person edited it (or wrote it): left as it is.
    KeptEdited,
}

fn hex_digest(text: &str) -> String {
    crate::hex::encode(&Sha256::digest(text.as_bytes()))
}

/// `header` (comment lines, each ending in a newline) and `body`, with the digest line after
/// the header: the digest covers the header and the body.
pub fn seal(header: &str, body: &str) -> String {
    let digest = hex_digest(&format!("{header}{body}"));
    format!("{header}{DIGEST_PREFIX}{digest}\n{body}")
}

/// Whether `text` is exactly as [`seal`] wrote it: its digest line is there and matches the
/// rest. A file without one (written or copied by hand) counts as edited.
pub fn is_as_written(text: &str) -> bool {
    let mut rest = String::with_capacity(text.len());
    let mut recorded = None;
    for line in text.split_inclusive('\n') {
        match line.strip_prefix(DIGEST_PREFIX) {
            Some(digest) if recorded.is_none() => recorded = Some(digest.trim_end().to_string()),
            _ => rest.push_str(line),
        }
    }
    recorded.is_some_and(|d| d == hex_digest(&rest))
}

/// Writes `content` to `path` unless a person edited the file there. The file is read through
/// `files` (its size limit and error wording), written whole.
pub fn place(path: &Path, content: &str) -> std::io::Result<Outcome> {
    let outcome = match files::read_limited(path, files::MAX_FILE_BYTES) {
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Outcome::Created,
        Err(ReadError::Io(e)) => return Err(e),
        // Far larger than anything we write: not ours.
        Err(ReadError::TooLarge { .. }) => return Ok(Outcome::KeptEdited),
        Ok(bytes) if bytes == content.as_bytes() => return Ok(Outcome::Unchanged),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(old) if is_as_written(&old) => Outcome::Updated,
            _ => return Ok(Outcome::KeptEdited),
        },
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, content)?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's text, read as the crate reads files (through `files`).
    fn read_text(path: &std::path::Path) -> String {
        let bytes = crate::files::read_limited(path, crate::files::MAX_FILE_BYTES).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn a_sealed_text_is_as_written_until_any_byte_changes() {
        let text = seal("# header\n", "a: 1\nb: [x]\n");
        assert!(text.starts_with("# header\n# vmmigrate-digest: sha256:"));
        assert!(is_as_written(&text));
        // An edit anywhere (body, header, a trailing comment) is seen.
        assert!(!is_as_written(&text.replace("a: 1", "a: 2")));
        assert!(!is_as_written(&text.replace("# header", "# headers")));
        assert!(!is_as_written(&format!("{text}# mine\n")));
        // No digest line at all: a file someone wrote.
        assert!(!is_as_written("a: 1\n"));
        // A wrong digest.
        let forged = format!("{DIGEST_PREFIX}{}\na: 1\n", "0".repeat(64));
        assert!(!is_as_written(&forged));
    }

    #[test]
    fn place_creates_updates_and_keeps_edited_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/k.yaml");
        let first = seal("# h\n", "a: 1\n");
        assert_eq!(place(&path, &first).unwrap(), Outcome::Created);
        assert_eq!(place(&path, &first).unwrap(), Outcome::Unchanged);
        let second = seal("# h\n", "a: 2\n");
        assert_eq!(place(&path, &second).unwrap(), Outcome::Updated);
        assert_eq!(read_text(&path), second);
        let edited = second.replace("a: 2", "a: 3");
        std::fs::write(&path, &edited).unwrap();
        assert_eq!(place(&path, &first).unwrap(), Outcome::KeptEdited);
        assert_eq!(read_text(&path), edited);
    }
}

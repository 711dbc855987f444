//! Text decoding shared by the importers: byte-order marks, declared encodings, and
//! positions of byte offsets as line numbers.

use super::{ImportError, SourceFile};
use std::borrow::Cow;

/// A lossy UTF-8 view of the first `limit` bytes, for format sniffing only.
///
/// Borrowed when the prefix is valid UTF-8 (nearly always): `str::from_utf8` checks ASCII
/// a word at a time, where `from_utf8_lossy` walks byte by byte even on valid text, and
/// every imported file is sniffed two or three times.
pub fn sniff_prefix(bytes: &[u8], limit: usize) -> Cow<'_, str> {
    let end = bytes.len().min(limit);
    let bytes = strip_bom(&bytes[..end]);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Removes a UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Decodes bytes as UTF-8 (after a BOM), or as the named encoding when one is given
/// (a WHATWG label such as `windows-1252`, `GBK`, `Shift_JIS`).
///
/// Invalid UTF-8 is an error that names the line, not a silent replacement: a mangled
/// name would end up in annotations and be hard to trace back.
pub fn decode<'a>(
    file: &SourceFile,
    bytes: &'a [u8],
    declared: Option<&str>,
) -> Result<Cow<'a, str>, ImportError> {
    let bytes = strip_bom(bytes);
    let label = declared.map(|l| l.trim().to_ascii_lowercase());
    match label.as_deref() {
        None | Some("utf-8") | Some("utf8") => match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(err) => {
                let line = line_of_offset(bytes, err.valid_up_to());
                Err(ImportError::syntax(
                    file.at_line(line),
                    "the file is not valid UTF-8; if it uses another encoding, say so in the file (e.g. `.encoding = \"windows-1252\"`) or convert it with iconv",
                ))
            }
        },
        Some(other) => {
            // VMware writes some Windows code pages with suffixes WHATWG does not know.
            let normalised = other.trim_end_matches("-2000");
            let Some(encoding) = encoding_rs::Encoding::for_label(normalised.as_bytes()) else {
                return Err(ImportError::unsupported(
                    file.at(),
                    format!("unknown text encoding {other:?}"),
                ));
            };
            let (text, _, had_errors) = encoding.decode(bytes);
            if had_errors {
                return Err(ImportError::syntax(
                    file.at(),
                    format!("the file is not valid {}", encoding.name()),
                ));
            }
            Ok(text)
        }
    }
}

/// Longest source value quoted in a warning.
pub const QUOTE_LIMIT: usize = 160;

/// A source value cut to a length fit for a warning: a hostile file must not be able to
/// fill the terminal through one.
pub fn quote(value: &str) -> String {
    if value.chars().count() <= QUOTE_LIMIT {
        return value.to_string();
    }
    let cut: String = value.chars().take(QUOTE_LIMIT).collect();
    format!("{cut}...")
}

/// Text safe to print on a terminal: control characters (escape sequences, carriage
/// returns, NULs from a binary file) are shown escaped (`\u{1b}`) instead of being
/// interpreted by the terminal. Line feeds are escaped too, so one message stays one line.
pub fn printable(value: &str) -> String {
    if !value.chars().any(char::is_control) {
        return value.to_string();
    }
    value
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Items joined with `, ` for a warning.
pub fn join<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// 1-based line number of a byte offset.
pub fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    let end = offset.min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_line() {
        let file = SourceFile::from_bytes("x.vmx", Vec::new());
        let err = decode(&file, b"a = 1\nb = \xff\n", None).unwrap_err();
        assert_eq!(err.location.line, Some(2));
    }

    #[test]
    fn declared_code_pages_decode() {
        let file = SourceFile::from_bytes("x.vmx", Vec::new());
        let text = decode(&file, b"caf\xe9", Some("windows-1252")).unwrap();
        assert_eq!(text, "café");
        let text = decode(&file, b"\xef\xbb\xbfabc", None).unwrap();
        assert_eq!(text, "abc");
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(printable("plain é"), "plain é");
        assert_eq!(printable("a\u{1b}[2Jb\r\n\0"), "a\\u{1b}[2Jb\\r\\n\\u{0}");
    }
}

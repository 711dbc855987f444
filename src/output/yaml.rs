//! A YAML emitter for JSON values that kubectl reads back unchanged.
//!
//! kubectl and the API server decode YAML 1.1, where `on`, `no`, `y`, `0777`, `1e3` and
//! `12:30` are not strings. YAML 1.2 emitters leave several of these bare. This emitter
//! quotes every string that a YAML 1.1 or 1.2 reader could take for anything but that same
//! string, and writes keys in the order the value holds them, so output is byte-for-byte
//! deterministic. It is small on purpose: we only ever emit JSON-shaped data.

use serde_json::Value;
use std::fmt::Write;

/// Renders one value as a YAML document (no leading `---`), ending with a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        scalar => {
            push_scalar(&mut out, scalar);
            out.push('\n');
        }
    }
    out
}

/// Renders values as a multi-document stream separated by `---`.
pub fn to_yaml_stream<'a>(values: impl IntoIterator<Item = &'a Value>) -> String {
    let mut out = String::new();
    for (i, value) in values.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_yaml(value));
    }
    out
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, level: usize) {
    for (key, value) in map {
        indent(out, level);
        write_entry(out, key, value, level);
    }
}

/// Writes `key: value` whose first line is already indented.
fn write_entry(out: &mut String, key: &str, value: &Value, level: usize) {
    push_quoted_if_needed(out, key);
    out.push(':');
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, level + 1);
        }
        Value::Array(items) if !items.is_empty() => {
            // kubectl style: sequence items at the same indentation as the key.
            out.push('\n');
            write_seq(out, items, level);
        }
        Value::String(text) if text.contains('\n') => {
            write_block_string(out, text, level + 1);
        }
        scalar => {
            out.push(' ');
            push_scalar(out, scalar);
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, items: &[Value], level: usize) {
    for item in items {
        indent(out, level);
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => {
                // First entry on the dash line, the rest indented under it.
                for (i, (key, value)) in map.iter().enumerate() {
                    if i > 0 {
                        indent(out, level + 1);
                    }
                    write_entry(out, key, value, level + 1);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, level + 1);
            }
            Value::String(text) if text.contains('\n') => {
                // A block scalar cannot follow "- " on the same line with our indent rule.
                push_double_quoted(out, text);
                out.push('\n');
            }
            scalar => {
                push_scalar(out, scalar);
                out.push('\n');
            }
        }
    }
}

/// A literal block (`|`), used for multi-line strings such as descriptions.
fn write_block_string(out: &mut String, text: &str, level: usize) {
    // Block scalars cannot represent trailing spaces on lines reliably, leading spaces on
    // the first line, tabs or control characters: fall back to a quoted string for those.
    let plain_lines = text.lines().all(|line| line == line.trim_end())
        && !text.starts_with(' ')
        && !text.chars().any(|c| c.is_control() && c != '\n');
    if !plain_lines {
        out.push(' ');
        push_double_quoted(out, text);
        out.push('\n');
        return;
    }
    let chomp = if text.ends_with("\n\n") {
        "+"
    } else if text.ends_with('\n') {
        ""
    } else {
        "-"
    };
    let _ = writeln!(out, " |{chomp}");
    for line in text.trim_end_matches('\n').split('\n') {
        if line.is_empty() {
            out.push('\n');
        } else {
            indent(out, level);
            out.push_str(line);
            out.push('\n');
        }
    }
    if chomp == "+" {
        for _ in 0..(text.len() - text.trim_end_matches('\n').len() - 1) {
            out.push('\n');
        }
    }
}

/// Appends a scalar (or an empty map or list) as YAML. Everything here appends to one
/// buffer instead of returning strings: rendering is a large part of an import's CPU, and
/// a `String` per key and value was most of its allocations.
fn push_scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => push_quoted_if_needed(out, s),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

/// Returns the string bare when every YAML reader takes it as that same string.
pub fn quote_if_needed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_quoted_if_needed(&mut out, text);
    out
}

fn push_quoted_if_needed(out: &mut String, text: &str) {
    if needs_quotes(text) {
        push_double_quoted(out, text);
    } else {
        out.push_str(text);
    }
}

/// YAML 1.1 booleans and nulls, and YAML 1.2 specials, in any case.
const RESERVED: [&str; 17] = [
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".nan", ".inf", "-.inf",
    "+.inf", "=", "<<", "-",
];

/// The longest word of [`RESERVED`].
const RESERVED_MAX_LEN: usize = 5;

fn needs_quotes(text: &str) -> bool {
    plain_word_needs_quotes(text).unwrap_or_else(|| needs_quotes_by_every_rule(text))
}

/// Most keys and values (`name`, `virtio`, `app-dev-00042-disk0`) start with a letter and
/// hold only letters, digits and `-_./`: no rule of [`needs_quotes_by_every_rule`] but a
/// reserved word can match them, so one pass over the bytes decides (rendering checked
/// every rule for each). `None` for any other text.
fn plain_word_needs_quotes(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    let plain = bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.iter().all(|&b| PLAIN_WORD_BYTE[usize::from(b)]);
    plain.then(|| text.len() <= RESERVED_MAX_LEN && is_reserved(text))
}

/// The bytes a plain word holds (letters, digits and `-_./`) as a table: every byte of every
/// scalar rendered is looked up here, and one load per byte is a third of what the chain
/// of comparisons took.
const PLAIN_WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0u8;
    loop {
        table[byte as usize] =
            byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'/');
        if byte == u8::MAX {
            break table;
        }
        byte += 1;
    }
};

fn needs_quotes_by_every_rule(text: &str) -> bool {
    if text.is_empty() || text != text.trim() {
        return true;
    }
    if is_reserved(text) {
        return true;
    }
    // Anything that starts like a number (ints, floats, octal, hex, sexagesimal, dates).
    let first = text.chars().next().unwrap_or(' ');
    if first == '-' || first == '+' || first == '.' {
        return true;
    }
    if first.is_ascii_digit() {
        // YAML 1.1 ints (with `_`, `0x`, `0o`, `0b`), floats, sexagesimals and timestamps
        // use only these characters; `8Gi` or `2k19-web` cannot be read as anything else.
        let prefix = text.get(..2).unwrap_or("");
        if ["0x", "0o", "0b"]
            .iter()
            .any(|radix| radix.eq_ignore_ascii_case(prefix))
            || text
                .chars()
                .all(|c| c.is_ascii_digit() || "+-._:eE ".contains(c))
        {
            return true;
        }
    }
    // Indicators that change meaning at the start of a plain scalar.
    if matches!(
        first,
        '!' | '&'
            | '*'
            | '['
            | ']'
            | '{'
            | '}'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
            | '#'
            | ','
            | '?'
            | ':'
    ) {
        return true;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return true;
    }
    text.chars()
        .any(|c| c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}')
}

fn is_reserved(text: &str) -> bool {
    RESERVED.iter().any(|word| word.eq_ignore_ascii_case(text))
}

/// Appends a double-quoted YAML string with JSON-compatible escapes.
fn push_double_quoted(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    proptest::proptest! {
        /// The one-pass answer for plain words is the answer of every rule, for words built
        /// from the plain alphabet and the letters of every reserved word in any case.
        #[test]
        fn plain_words_are_decided_as_every_rule_decides(text in "[a-zA-Z][a-zA-Z0-9_./-]{0,12}|[yYnNoOfFtTuUeElLsSaArR]{1,5}") {
            let fast = plain_word_needs_quotes(&text);
            proptest::prop_assert_eq!(fast, Some(needs_quotes_by_every_rule(&text)), "{:?}", text);
        }
    }

    #[test]
    fn every_reserved_word_in_every_case_is_quoted() {
        for word in RESERVED {
            for text in [word.to_string(), word.to_uppercase(), capitalised(word)] {
                assert!(needs_quotes(&text), "{text:?}");
            }
        }
        assert!(!needs_quotes("yes-please") && !needs_quotes("nulls") && !needs_quotes("o"));
        let longest = RESERVED.iter().map(|word| word.len()).max();
        assert_eq!(longest, Some(RESERVED_MAX_LEN));
    }

    fn capitalised(word: &str) -> String {
        let mut chars = word.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    }

    #[test]
    fn yaml_11_lookalikes_are_quoted() {
        for text in [
            "on",
            "No",
            "y",
            "0777",
            "1e3",
            "12:30",
            "",
            " lead",
            "-",
            "~",
            "null",
            "0x1F",
            "1_000",
            "2024-01-01",
            "-1",
        ] {
            assert!(quote_if_needed(text).starts_with('"'), "{text:?}");
        }
        for text in [
            "web01",
            "kubevirt.io/v1",
            "Always",
            "a-b",
            "8Gi",
            "2k19-web",
        ] {
            assert_eq!(quote_if_needed(text), text);
        }
    }

    #[test]
    fn nested_maps_and_lists_render_like_kubectl() {
        let value = json!({
            "apiVersion": "v1",
            "metadata": {"name": "x", "labels": {"a": "on"}},
            "items": [{"name": "d", "disk": {"bus": "virtio"}}, {"name": "e"}],
            "empty": {},
            "nums": [1, 2],
        });
        let expected = "\
apiVersion: v1
metadata:
  name: x
  labels:
    a: \"on\"
items:
- name: d
  disk:
    bus: virtio
- name: e
empty: {}
nums:
- 1
- 2
";
        assert_eq!(to_yaml(&value), expected);
    }

    #[test]
    fn multi_line_strings_use_literal_blocks() {
        let value = json!({"d": "line one\nline two"});
        assert_eq!(to_yaml(&value), "d: |-\n  line one\n  line two\n");
        let value = json!({"d": "ends\n"});
        assert_eq!(to_yaml(&value), "d: |\n  ends\n");
        let value = json!({"d": "trailing \nspace"});
        assert_eq!(to_yaml(&value), "d: \"trailing \\nspace\"\n");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(quote_if_needed("a\u{7}b"), "\"a\\u0007b\"");
    }
}

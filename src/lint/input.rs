//! Manifests as `lint` reads them: a text split into YAML/JSON documents, `List`s expanded,
//! and for each object the line where each of its fields sits, so a problem can be reported at
//! `file:line`.
//!
//! Lines come from a light index of the document's block-style YAML (keys and `- ` items by
//! indentation), not from the parser: it knows every field a linted manifest uses, and a field
//! it cannot place (flow style, JSON arrays) falls back to its nearest placed parent, then to
//! the document's first line.

use super::value::Read;
use serde_json::Value;
use std::collections::HashMap;

/// One object of the input.
#[derive(Debug, Clone)]
pub struct Object {
    pub value: Value,
    /// The document's first line (1-based) in its file.
    pub line: usize,
    /// Where the object sits inside its document (`items[3].` in a List), for [`Object::line_of`].
    prefix: String,
    lines: std::sync::Arc<HashMap<String, usize>>,
}

impl Object {
    /// The line of the field at `path` (`spec.template.spec.domain.devices.disks[1].name`, a
    /// leading `.` allowed), or of its nearest placed parent, or of the document.
    pub fn line_of(&self, path: &str) -> usize {
        let mut p = format!("{}{}", self.prefix, path.trim_start_matches('.')).to_lowercase();
        loop {
            if let Some(line) = self.lines.get(&p) {
                return *line;
            }
            let cut = match (p.rfind('.'), p.rfind('[')) {
                (Some(d), Some(b)) => d.max(b),
                (Some(d), None) => d,
                (None, Some(b)) => b,
                (None, None) => break,
            };
            p.truncate(cut);
        }
        let own = self.prefix.trim_end_matches('.').to_lowercase();
        self.lines.get(&own).copied().unwrap_or(self.line)
    }
}

/// A document that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// Splits a text into documents (`---` lines) and parses each; `List` documents give their
/// items. Empty documents are skipped.
pub fn parse(text: &str) -> (Vec<Object>, Vec<ParseError>) {
    let mut objects = Vec::new();
    let mut errors = Vec::new();
    for (start, doc) in split_documents(text) {
        if doc.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        }) {
            continue;
        }
        let value: Value = match serde_saphyr::from_str(&doc) {
            Ok(v) => v,
            Err(e) => {
                errors.push(ParseError {
                    line: start,
                    message: e.to_string().lines().next().unwrap_or("").to_string(),
                });
                continue;
            }
        };
        let lines = std::sync::Arc::new(index_lines(&doc, start));
        let is_list = value.at("kind").text().ends_with("List") && value.at("items").is_array();
        if is_list {
            for (i, item) in value.at("items").items().iter().enumerate() {
                objects.push(Object {
                    value: item.clone(),
                    line: start,
                    prefix: format!("items[{i}]."),
                    lines: lines.clone(),
                });
            }
        } else if value.is_object() {
            objects.push(Object {
                value,
                line: start,
                prefix: String::new(),
                lines,
            });
        }
    }
    (objects, errors)
}

/// The documents of a YAML stream with the line (1-based) each starts on.
fn split_documents(text: &str) -> Vec<(usize, String)> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    for (n, line) in text.lines().enumerate() {
        let is_marker = line == "---" || line.starts_with("--- ") || line.starts_with("---\t");
        if is_marker {
            docs.push((start, std::mem::take(&mut current)));
            start = n + 2;
            // Content after the marker (`--- {a: 1}`) belongs to the new document.
            let rest = line[3..].trim_start();
            if !rest.is_empty() && !rest.starts_with('#') {
                current.push_str(rest);
                current.push('\n');
                start = n + 1;
            }
            continue;
        }
        if current.is_empty() && line.trim().is_empty() {
            start = n + 2;
            continue;
        }
        current.push_str(line);
        current.push('\n');
    }
    docs.push((start, current));
    docs
}

/// A key of a block mapping line (`key: ...`, `"key": ...`), with whether a block scalar
/// (`|`, `>`) follows.
fn mapping_key(content: &str) -> Option<(String, bool)> {
    let (key, after) = if let Some(q) = content.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = content[1..].find(q)? + 1;
        (content[1..end].to_string(), content[end + 1..].trim_start())
    } else {
        let colon = content
            .find(": ")
            .or_else(|| content.strip_suffix(':').map(str::len))?;
        let key = &content[..colon];
        if key.starts_with(['{', '[', '#', '&', '*', '!', '|', '>']) || key.contains(" #") {
            return None;
        }
        (key.trim_end().to_string(), &content[colon..])
    };
    let value = after.strip_prefix(':')?.trim_start();
    let block = value.starts_with('|') || value.starts_with('>');
    Some((key, block))
}

/// `path -> line` for every key and sequence item of a block-style YAML document (paths
/// lower-cased so that the webhooks' `PVC` finds `pvc`).
fn index_lines(doc: &str, first_line: usize) -> HashMap<String, usize> {
    struct Frame {
        col: usize,
        path: String,
        item: bool,
        next_index: usize,
    }
    let mut map = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_next = 0usize;
    let mut block_scalar_col: Option<usize> = None;
    for (n, line) in doc.lines().enumerate() {
        let line_no = first_line + n;
        let trimmed = line.trim_start_matches(' ');
        let mut col = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(c) = block_scalar_col {
            if col > c {
                continue;
            }
            block_scalar_col = None;
        }
        let mut content = trimmed;
        // Leading `- ` items, possibly several on one line (`- - a`).
        while content == "-" || content.starts_with("- ") {
            while stack
                .last()
                .is_some_and(|f| f.col > col || (f.col == col && f.item))
            {
                stack.pop();
            }
            let index = match stack.last_mut() {
                Some(parent) => {
                    parent.next_index += 1;
                    parent.next_index - 1
                }
                None => {
                    root_next += 1;
                    root_next - 1
                }
            };
            let parent = stack.last().map_or(String::new(), |f| f.path.clone());
            let path = format!("{parent}[{index}]");
            map.entry(path.clone()).or_insert(line_no);
            stack.push(Frame {
                col,
                path,
                item: true,
                next_index: 0,
            });
            let rest = content[1..].trim_start_matches(' ');
            col += content.len() - rest.len();
            content = rest;
            if content.is_empty() {
                break;
            }
        }
        if content.is_empty() {
            continue;
        }
        let Some((key, block)) = mapping_key(content) else {
            continue;
        };
        while stack.last().is_some_and(|f| f.col >= col) {
            stack.pop();
        }
        let parent = stack.last().map_or(String::new(), |f| f.path.clone());
        let path = if parent.is_empty() {
            key.to_lowercase()
        } else {
            format!("{parent}.{}", key.to_lowercase())
        };
        map.entry(path.clone()).or_insert(line_no);
        stack.push(Frame {
            col,
            path,
            item: false,
            next_index: 0,
        });
        if block {
            block_scalar_col = Some(col);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# leading comment\n---\napiVersion: v1\nkind: List\nitems:\n- kind: VirtualMachine\n  metadata:\n    name: a\n  spec:\n    template:\n      spec:\n        domain:\n          devices:\n            disks:\n            - name: root\n              disk: {}\n            - name: data\n              serial: x\n        volumes:\n          - name: root\n            cloudInitNoCloud:\n              userData: |\n                name: not-a-key\n                disks: []\n          - name: data\n---\nkind: DataVolume\nmetadata:\n  name: dv\nspec:\n  pvc:\n    accessModes: [a]\n";

    #[test]
    fn places_fields_items_and_documents() {
        let (objs, errors) = parse(TEXT);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(objs.len(), 2);
        let vm = &objs[0];
        assert_eq!(vm.line_of("metadata.name"), 8);
        assert_eq!(
            vm.line_of("spec.template.spec.domain.devices.disks[1].serial"),
            18
        );
        assert_eq!(
            vm.line_of("spec.template.spec.domain.devices.disks[1].nope"),
            17
        );
        assert_eq!(vm.line_of("spec.template.spec.volumes[1]"), 25);
        assert_eq!(
            vm.line_of(".spec.template.spec.volumes[0].cloudInitNoCloud.userData"),
            22
        );
        let dv = &objs[1];
        assert_eq!(dv.line, 27);
        assert_eq!(dv.line_of("spec.PVC.accessModes"), 32);
        assert_eq!(dv.line_of("spec.source"), 30);
        let (_, errors) = parse("a: [\n");
        assert_eq!(errors.len(), 1);
    }
}

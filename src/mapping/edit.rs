//! Adding rules to a mapping file without disturbing what the user wrote: the new rules are
//! inserted as text at the end of their section (comments, order and formatting are kept),
//! and the result is parsed again before anything is written.

use super::{Mapping, MappingError, MultusRef, NetworkTarget};
use crate::kubevirt::AccessMode;
use std::path::Path;

/// A rule the assistant adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewRule {
    Network {
        source: String,
        vlan: Option<u16>,
        to: NetworkTarget,
    },
    /// Disks on a datastore (or, when it has none, on a controller model; with neither, every
    /// remaining disk).
    Storage {
        datastore: Option<String>,
        controller: Option<String>,
        storage_class: Option<String>,
        access_mode: Option<AccessMode>,
    },
}

/// A YAML double-quoted scalar (JSON string escapes are valid YAML ones).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// Glob metacharacters in a literal name must not match other names.
fn literal_glob(name: &str) -> Option<String> {
    // The glob syntax has no escape; a name with `*` or `?` matches itself and more, which
    // is the closest a rule can say.
    (!name.is_empty()).then(|| name.to_string())
}

impl NewRule {
    /// The section this rule goes to.
    pub fn section(&self) -> &'static str {
        match self {
            NewRule::Network { .. } => "networks",
            NewRule::Storage { .. } => "storage",
        }
    }

    /// The rule as block-sequence YAML lines, indented by `indent`.
    pub fn to_yaml(&self, indent: &str) -> String {
        let mut lines: Vec<String> = Vec::new();
        match self {
            NewRule::Network { source, vlan, to } => {
                let pattern = literal_glob(source).unwrap_or_else(|| "*".to_string());
                lines.push(format!("source: {}", quoted(&pattern)));
                if let Some(vlan) = vlan {
                    lines.push(format!("vlan: {vlan}"));
                }
                lines.push(match to {
                    NetworkTarget::Pod => "to: pod".to_string(),
                    NetworkTarget::Ignore => "to: ignore".to_string(),
                    NetworkTarget::Multus(MultusRef { namespace, name }) => {
                        format!("to: {{multus: {namespace}/{name}}}")
                    }
                });
            }
            NewRule::Storage {
                datastore,
                controller,
                storage_class,
                access_mode,
            } => {
                if let Some(ds) = datastore {
                    lines.push(format!("datastore: {}", quoted(ds)));
                }
                if let Some(c) = controller {
                    lines.push(format!("controller: {}", quoted(c)));
                }
                if let Some(class) = storage_class {
                    lines.push(format!("storageClass: {}", quoted(class)));
                }
                if let Some(mode) = access_mode {
                    lines.push(format!("accessMode: {}", mode.as_str()));
                }
                if lines.is_empty() {
                    lines.push(
                        "# every remaining disk, on the cluster's default storage class".into(),
                    );
                    lines.push("storageClass: null".into());
                }
            }
        }
        let mut out = String::new();
        for (i, line) in lines.iter().enumerate() {
            out.push_str(indent);
            out.push_str(if i == 0 { "- " } else { "  " });
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// `text` with `rules` added at the end of their sections (sections are created at the end
/// of the file when missing).
pub fn add_rules(text: &str, rules: &[NewRule]) -> String {
    let mut text = text.to_string();
    for section in ["networks", "storage"] {
        let chosen: Vec<&NewRule> = rules.iter().filter(|r| r.section() == section).collect();
        if !chosen.is_empty() {
            text = add_to_section(&text, section, &chosen);
        }
    }
    text
}

fn add_to_section(text: &str, section: &str, rules: &[&NewRule]) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let header = lines.iter().position(|line| {
        line.strip_prefix(section)
            .and_then(|rest| rest.strip_prefix(':'))
            .is_some_and(|rest| {
                let rest = rest.trim();
                rest.is_empty() || rest.starts_with('#') || rest == "[]"
            })
    });
    let Some(header) = header else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("{section}:\n"));
        for rule in rules {
            out.push_str(&rule.to_yaml("  "));
        }
        return out;
    };
    if lines[header].contains("[]") {
        lines[header] = format!("{section}:");
    }
    // The section's block: indented lines, `- ` items at column 0, comments and blank lines,
    // up to the next top-level key. New rules go after its last content line.
    let mut last = header;
    let mut indent = None;
    for (i, line) in lines.iter().enumerate().skip(header + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let is_item_or_nested = line.starts_with(' ')
            || line.starts_with('\t')
            || line.starts_with("- ")
            || line == "-";
        if !is_item_or_nested {
            break;
        }
        if indent.is_none() && trimmed.starts_with('-') {
            indent = Some(line[..line.len() - trimmed.len()].to_string());
        }
        last = i;
    }
    let indent = indent.unwrap_or_else(|| "  ".to_string());
    let mut insert: Vec<String> = Vec::new();
    for rule in rules {
        insert.extend(rule.to_yaml(&indent).lines().map(String::from));
    }
    lines.splice(last + 1..last + 1, insert);
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Adds the rules to the mapping file at `path` (created when missing), after checking that
/// the result still parses. Returns the new mapping.
pub fn save_rules(path: &Path, rules: &[NewRule]) -> Result<Mapping, MappingError> {
    let file = path.display().to_string();
    let old = match crate::files::read_limited(path, super::MAX_FILE_BYTES) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| MappingError::Io {
            file: file.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            ),
        })?,
        Err(crate::files::ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => {
            String::new()
        }
        Err(crate::files::ReadError::Io(source)) => return Err(MappingError::Io { file, source }),
        Err(crate::files::ReadError::TooLarge { .. }) => {
            return Err(MappingError::Invalid {
                file,
                message: format!("larger than {} MiB", super::MAX_FILE_BYTES >> 20),
            })
        }
    };
    let new = add_rules(&old, rules);
    let base = path.parent().unwrap_or(Path::new("."));
    let mapping = Mapping::parse(&new, &file, Some(base))?;
    std::fs::write(path, &new).map_err(|source| MappingError::Io { file, source })?;
    Ok(mapping)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(source: &str) -> NewRule {
        NewRule::Network {
            source: source.into(),
            vlan: None,
            to: NetworkTarget::Pod,
        }
    }

    #[test]
    fn rules_go_at_the_end_of_their_section_keeping_comments() {
        let text = "# my mapping\nnetworks:\n  # the LAN\n  - source: lan\n    to: pod\n\n# storage next\nstorage:\n- datastore: ds1\n  storageClass: fast\nnamespace: x\n";
        let rules = [
            NewRule::Network {
                source: "DMZ \"1\"".into(),
                vlan: Some(20),
                to: NetworkTarget::Multus(MultusRef {
                    namespace: "nets".into(),
                    name: "dmz".into(),
                }),
            },
            NewRule::Storage {
                datastore: Some("ds2".into()),
                controller: None,
                storage_class: Some("slow".into()),
                access_mode: Some(AccessMode::ReadWriteMany),
            },
        ];
        let out = add_rules(text, &rules);
        assert_eq!(
            out,
            "# my mapping\nnetworks:\n  # the LAN\n  - source: lan\n    to: pod\n  - source: \"DMZ \\\"1\\\"\"\n    vlan: 20\n    to: {multus: nets/dmz}\n\n# storage next\nstorage:\n- datastore: ds1\n  storageClass: fast\n- datastore: \"ds2\"\n  storageClass: \"slow\"\n  accessMode: ReadWriteMany\nnamespace: x\n"
        );
        let mapping = Mapping::parse(&out, "m.yaml", None).unwrap();
        assert_eq!(mapping.spec.networks.len(), 2);
        assert_eq!(mapping.spec.networks[1].source.as_str(), "DMZ \"1\"");
        assert_eq!(mapping.spec.storage.len(), 2);
    }

    #[test]
    fn missing_and_empty_sections_are_created() {
        let out = add_rules("namespace: a", &[pod("lan")]);
        assert_eq!(
            out,
            "namespace: a\nnetworks:\n  - source: \"lan\"\n    to: pod\n"
        );
        let out = add_rules("networks: []\nnamespace: a\n", &[pod("lan")]);
        assert_eq!(
            out,
            "networks:\n  - source: \"lan\"\n    to: pod\nnamespace: a\n"
        );
        let out = add_rules(
            "",
            &[NewRule::Storage {
                datastore: None,
                controller: None,
                storage_class: None,
                access_mode: None,
            }],
        );
        let mapping = Mapping::parse(&out, "m.yaml", None).unwrap();
        assert_eq!(mapping.spec.storage.len(), 1);
        assert!(mapping.spec.storage[0].storage_class.is_none());
    }
}

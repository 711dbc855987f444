//! The mapping assistant behind `import --interactive`: for every source network and
//! datastore the mapping does not cover, ask (on the terminal) where it goes, show the rules
//! that will be written, and save them to the mapping file.
//!
//! It prompts only when stdin and stderr are terminals; otherwise the caller reports the
//! unmapped items as one error, exactly as without `--interactive`.

use crate::kubevirt::AccessMode;
use crate::mapping::edit::{save_rules, NewRule};
use crate::mapping::{is_dns_label, Mapping, MappingError, MultusRef, NetworkTarget, Unmapped};
use dialoguer::console::Term;
use dialoguer::{Confirm, Input, Select};
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::Path;

/// Whether prompts can be shown (a person is at a terminal).
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Why the assistant stopped.
#[derive(Debug, thiserror::Error)]
pub enum AssistError {
    #[error("prompt failed: {0}")]
    Prompt(#[from] dialoguer::Error),
    #[error(transparent)]
    Save(#[from] MappingError),
    #[error(transparent)]
    Multus(#[from] NotMultusRef),
}

/// An answer that is not a NetworkAttachmentDefinition reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("write namespace/name, two DNS-1123 labels (e.g. vlans/dmz)")]
pub struct NotMultusRef;

/// Asks for a rule for each unmapped network and datastore, then saves them to `path`.
/// `Ok(None)`: nothing to ask, or the user declined to save.
pub fn assist(path: &Path, unmapped: &[Unmapped]) -> Result<Option<Mapping>, AssistError> {
    let term = Term::stderr();
    let networks: BTreeSet<(Option<String>, Option<u16>)> = unmapped
        .iter()
        .filter_map(|u| match u {
            Unmapped::Network { network, vlan, .. } => Some((network.clone(), *vlan)),
            _ => None,
        })
        .collect();
    let storage: BTreeSet<(Option<String>, Option<String>)> = unmapped
        .iter()
        .filter_map(|u| match u {
            Unmapped::Storage {
                storage,
                controller,
                ..
            } => Some(match storage {
                Some(ds) => (Some(ds.clone()), None),
                None => (None, controller.clone()),
            }),
            _ => None,
        })
        .collect();
    if networks.is_empty() && storage.is_empty() {
        return Ok(None);
    }
    let io = AssistError::Prompt;
    let _ = term.write_line(&format!(
        "{} network(s) and {} datastore(s) are not in {}; choose where they go.",
        networks.len(),
        storage.len(),
        path.display()
    ));
    let mut rules = Vec::new();
    // Unnamed networks become a "*" rule, which must come after the named ones.
    let mut ordered: Vec<_> = networks.into_iter().collect();
    ordered.sort_by_key(|(name, vlan)| (name.is_none(), name.clone(), *vlan));
    for (network, vlan) in ordered {
        let what = match (&network, vlan) {
            (Some(n), Some(v)) => format!("Source network {n:?} (VLAN {v})"),
            (Some(n), None) => format!("Source network {n:?}"),
            (None, _) => {
                "NICs without a network name (the rule matches every network not matched above)"
                    .to_string()
            }
        };
        let choice = Select::new()
            .with_prompt(what)
            .items([
                "pod network (masquerade)",
                "Multus network (namespace/name)",
                "ignore (not carried over)",
            ])
            .default(0)
            .interact_on(&term)
            .map_err(io)?;
        let to = match choice {
            0 => NetworkTarget::Pod,
            1 => {
                let text: String = Input::new()
                    .with_prompt("Multus network (namespace/name)")
                    .validate_with(|input: &String| -> Result<(), NotMultusRef> {
                        parse_multus(input).map(|_| ())
                    })
                    .interact_text_on(&term)
                    .map_err(io)?;
                NetworkTarget::Multus(parse_multus(&text)?)
            }
            _ => NetworkTarget::Ignore,
        };
        rules.push(NewRule::Network {
            source: network.unwrap_or_default(),
            vlan,
            to,
        });
    }
    let mut ordered: Vec<_> = storage.into_iter().collect();
    ordered.sort_by_key(|(ds, controller)| {
        (
            ds.is_none(),
            controller.is_none(),
            ds.clone(),
            controller.clone(),
        )
    });
    for (datastore, controller) in ordered {
        let what = match (&datastore, &controller) {
            (Some(ds), _) => format!("Storage class for datastore {ds:?} (empty: cluster default)"),
            (None, Some(c)) => format!(
                "Storage class for disks on controller {c:?} without a datastore (empty: cluster default)"
            ),
            (None, None) => "Storage class for every remaining disk (empty: cluster default)".to_string(),
        };
        let class: String = Input::new()
            .with_prompt(what)
            .allow_empty(true)
            .validate_with(|input: &String| -> Result<(), String> {
                if input.is_empty() || input.split('.').all(is_dns_label) {
                    Ok(())
                } else {
                    Err("a storage class name is a DNS-1123 subdomain".into())
                }
            })
            .interact_text_on(&term)
            .map_err(io)?;
        let mode = Select::new()
            .with_prompt("Access mode")
            .items([
                "storage class default",
                "ReadWriteOnce",
                "ReadWriteMany (live migration)",
            ])
            .default(0)
            .interact_on(&term)
            .map_err(io)?;
        rules.push(NewRule::Storage {
            datastore,
            controller,
            storage_class: (!class.is_empty()).then_some(class),
            access_mode: match mode {
                1 => Some(AccessMode::ReadWriteOnce),
                2 => Some(AccessMode::ReadWriteMany),
                _ => None,
            },
        });
    }
    let _ = term.write_line(&format!("Rules to add to {}:", path.display()));
    for rule in &rules {
        let _ = term.write_str(&rule.to_yaml("  "));
    }
    let save = Confirm::new()
        .with_prompt(format!("Save them to {}?", path.display()))
        .default(true)
        .interact_on(&term)
        .map_err(io)?;
    if !save {
        return Ok(None);
    }
    let mapping = save_rules(path, &rules)?;
    let _ = term.write_line(&format!(
        "saved {} rule(s) to {}",
        rules.len(),
        path.display()
    ));
    Ok(Some(mapping))
}

fn parse_multus(text: &str) -> Result<MultusRef, NotMultusRef> {
    match text.trim().split_once('/') {
        Some((ns, name)) if is_dns_label(ns) && is_dns_label(name) => Ok(MultusRef {
            namespace: ns.to_string(),
            name: name.to_string(),
        }),
        _ => Err(NotMultusRef),
    }
}

//! Small XML helpers that match elements and attributes by local name across OVF
//! dialects (0.9 `xsi:type` sections, 1.x and 2.0 namespaces).

use super::*;

pub(super) fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

pub(super) fn is_named(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

pub(super) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    elements(node).find(|n| n.tag_name().name() == name)
}

/// The section type named by `xsi:type` (`ovf:DiskSection_Type` → `DiskSection`).
pub(super) fn xsi_type<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    let value = node
        .attributes()
        .find(|a| {
            a.name() == "type"
                && a.namespace()
                    .is_some_and(|ns| ns.contains("XMLSchema-instance"))
        })
        .map(|a| a.value())?;
    let local = value.rsplit(':').next().unwrap_or(value);
    Some(local.strip_suffix("_Type").unwrap_or(local))
}

/// Whether `node` is section `name`, written as its own element (OVF 1.x/2.x) or as
/// `<Section xsi:type="ovf:NAME_Type">` / `<Content xsi:type=...>` (OVF 0.9, oVirt).
pub(super) fn is_section(node: Node, name: &str) -> bool {
    if !node.is_element() {
        return false;
    }
    let local = node.tag_name().name();
    if local == name {
        return true;
    }
    (local == "Section" || local == "Content") && xsi_type(node) == Some(name)
}

pub(super) fn sections<'a, 'i>(
    node: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    elements(node).filter(move |n| is_section(*n, name))
}

/// An OVF attribute (`ovf:id`) by local name, preferring the OVF namespace over vendor ones
/// that reuse the same local name (`vmw:id`).
pub(super) fn ovf_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    let mut fallback = None;
    for attr in node.attributes() {
        if attr.name() != name {
            continue;
        }
        match attr.namespace() {
            Some(ns) if ns.contains("envelope") => return Some(attr.value()),
            None => return Some(attr.value()),
            _ => {
                if fallback.is_none() {
                    fallback = Some(attr.value());
                }
            }
        }
    }
    fallback
}

/// A RASD field of an item (`rasd:ResourceType`, `sasd:...`, `epasd:...`), trimmed.
pub(super) fn field<'a>(item: Node<'a, '_>, name: &str) -> Option<&'a str> {
    xml::child_text(item, name)
}

/// A `vmw:Config` value on an item.
pub(super) fn config_value<'a>(item: Node<'a, '_>, key: &str) -> Option<&'a str> {
    elements(item)
        .filter(|n| n.tag_name().name() == "Config" || n.tag_name().name() == "ExtraConfig")
        .find(|n| xml::attr(*n, "key") == Some(key))
        .and_then(|n| xml::attr(n, "value"))
}

pub(super) fn element_name<'a>(item: Node<'a, '_>) -> Option<&'a str> {
    field(item, "ElementName").or_else(|| field(item, "Caption"))
}

pub(super) fn instance_label(item: Node) -> String {
    match field(item, "InstanceID") {
        Some(id) => format!("item {id}"),
        None => "item ?".to_string(),
    }
}

/// How warnings name an item: its ElementName and InstanceID.
pub(super) fn item_label(item: Node) -> String {
    match (element_name(item), field(item, "InstanceID")) {
        (Some(name), Some(id)) => format!("'{name}' (item {id})"),
        (Some(name), None) => format!("'{name}'"),
        (None, _) => instance_label(item),
    }
}

pub(super) fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}

pub(super) fn is_true(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "true" | "1" | "yes"
    )
}

pub(super) fn all_text(node: Node) -> String {
    let mut out = String::new();
    for text in node.descendants().filter(Node::is_text) {
        out.push_str(text.text().unwrap_or(""));
    }
    out.trim().to_string()
}

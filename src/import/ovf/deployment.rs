//! `ProductSection` properties and `DeploymentOptionSection`: which configuration is
//! imported and what the appliance expects to be told at boot.

use super::*;

/// The properties of one scope: keys in document order, and their values.
#[derive(Default)]
pub(super) struct Properties<'a> {
    pub(super) keys: Vec<String>,
    pub(super) values: HashMap<String, Option<&'a str>>,
}

impl<'a> Properties<'a> {
    pub(super) fn add(&mut self, key: String, value: Option<&'a str>) {
        if !self.values.contains_key(&key) {
            self.keys.push(key.clone());
            self.values.insert(key, value);
        }
    }
}

impl<'a, 'i> Package<'a, 'i> {
    /// Indexes every ProductSection property once, by the system or collection holding it.
    pub(super) fn read_properties(&mut self) {
        let config = self.config;
        for section in self
            .root
            .descendants()
            .filter(|n| is_section(*n, "ProductSection"))
        {
            let owner = section.parent_element().map(|p| p.id());
            for property in elements(section).filter(|n| is_named(*n, "Property")) {
                if !in_config(property, config) {
                    continue;
                }
                let Some(key) = property_key(section, property) else {
                    continue;
                };
                let mut value = ovf_attr(property, "value");
                for alternative in elements(property).filter(|n| is_named(*n, "Value")) {
                    if ovf_attr(alternative, "configuration").is_some()
                        && in_config(alternative, config)
                    {
                        value = ovf_attr(alternative, "value");
                    }
                }
                let value = value.map(str::trim).filter(|v| !v.is_empty());
                if let Some(owner) = owner {
                    self.properties
                        .entry(owner)
                        .or_default()
                        .add(key.clone(), value);
                }
                self.all_properties.add(key, value);
            }
        }
    }

    /// Chooses the configuration to import: the one the user asked for, else the one marked
    /// `ovf:default="true"`, else the first. VMware writes the section in the Envelope,
    /// DSP0243 allows it in the outermost VirtualSystem or VirtualSystemCollection: the first
    /// one in the document is read.
    pub(super) fn read_deployment_options(&mut self, requested: Option<&str>) {
        let Some(section) = self
            .root
            .descendants()
            .find(|n| is_section(*n, "DeploymentOptionSection"))
        else {
            if let Some(requested) = requested {
                self.warnings.push(format!(
                    "the descriptor offers no deployment options; the deployment option \
                     '{requested}' that was asked for does not apply to it"
                ));
            }
            return;
        };
        let configs: Vec<(&str, bool)> = elements(section)
            .filter(|n| is_named(*n, "Configuration"))
            .filter_map(|c| {
                let id = ovf_attr(c, "id")?;
                let default = ovf_attr(c, "default").is_some_and(is_true);
                Some((id, default))
            })
            .collect();
        self.offered = configs.iter().map(|(id, _)| *id).collect();
        let default = configs
            .iter()
            .find(|(_, default)| *default)
            .or(configs.first())
            .map(|(id, _)| *id);
        let chosen = match requested {
            Some(requested) => self.offered.iter().copied().find(|id| *id == requested),
            None => default,
        };
        self.config = chosen;
        if configs.len() > 1 && requested.is_none() {
            if let Some(chosen) = chosen {
                self.warnings.push(format!(
                    "the descriptor offers deployment options {}; '{chosen}' (the default) was \
                     imported, and the hardware of the other options was not (choose another \
                     with --ovf-deployment-option)",
                    self.offered.join(", ")
                ));
            }
        }
    }
}

/// Whether an element applies to the chosen deployment option.
pub(super) fn in_config(node: Node, config: Option<&str>) -> bool {
    match (ovf_attr(node, "configuration"), config) {
        (Some(list), Some(chosen)) => list.split_whitespace().any(|c| c == chosen),
        _ => true,
    }
}

/// The items of one VirtualHardwareSection that apply to the configuration `config`:
/// untagged or tagged with it, and not an `ovf:bound` minimum or maximum.
pub(super) fn applicable_items<'a, 'i>(
    hardware: Node<'a, 'i>,
    config: Option<&str>,
) -> Vec<Node<'a, 'i>> {
    elements(hardware)
        .filter(|n| is_item(*n))
        .filter(|n| in_config(*n, config))
        .filter(|n| ovf_attr(*n, "bound").is_none_or(|b| b == "normal"))
        .collect()
}

/// Blank lines written before all combined items of one file together, at most: they keep
/// line numbers in messages right, and must not let a hostile file multiply its size.
const MAX_COMBINED_PADDING: usize = 1 << 20;

/// DSP0243 (1.1.0 section 9.5, ISO/IEC 17203): items of one VirtualHardwareSection may share
/// an `InstanceID`, and the item for that `InstanceID` is then combined from all of them in
/// document order, a child element of a later item replacing every like-named child of the
/// earlier ones; children only earlier items have are kept. A configuration-tagged item may
/// so state only what differs (`VirtualQuantity` 8 for `large`) and keep the untagged item's
/// `ResourceType` and `AllocationUnits`.
///
/// For each group with a tagged item that applies, where the combination is not simply the
/// last tagged item (the one [`resolve_instances`] places), returns that item's id and the
/// combined item as XML text: the item's own start tag with every namespace in scope of the
/// group declared on it, the combined children, and blank lines before it so that positions
/// still match the file. `text` is the text `root`'s document was parsed from.
pub(super) fn combined_items(
    text: &str,
    root: Node,
    config: Option<&str>,
) -> Vec<(NodeId, String)> {
    let mut out = Vec::new();
    let mut padding = MAX_COMBINED_PADDING;
    for hardware in root
        .descendants()
        .filter(|n| is_section(*n, "VirtualHardwareSection"))
    {
        let mut groups: Vec<Vec<Node>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for item in applicable_items(hardware, config) {
            let Some(id) = field(item, "InstanceID") else {
                continue;
            };
            match index.get(id) {
                Some(&i) => groups[i].push(item),
                None => {
                    index.insert(id, groups.len());
                    groups.push(vec![item]);
                }
            }
        }
        for group in groups.iter().filter(|g| g.len() > 1) {
            let Some(head) = group
                .iter()
                .rev()
                .find(|n| ovf_attr(**n, "configuration").is_some())
                .copied()
            else {
                continue;
            };
            let children = combine_children(group);
            if children == elements(head).collect::<Vec<_>>() {
                continue;
            }
            let combined = combined_text(text, group, head, &children, &mut padding);
            out.push((head.id(), combined));
        }
    }
    out
}

/// The children of the combined item: for each child name (namespace and local name), the
/// children of the last item that has that name, in the order the names first appear.
pub(super) fn combine_children<'a, 'i>(group: &[Node<'a, 'i>]) -> Vec<Node<'a, 'i>> {
    type Key<'k> = (Option<&'k str>, &'k str);
    let mut order: Vec<Key> = Vec::new();
    let mut by_key: HashMap<Key, Vec<Node<'a, 'i>>> = HashMap::new();
    for item in group {
        let mut in_this_item: HashSet<Key> = HashSet::new();
        for child in elements(*item) {
            let key = (child.tag_name().namespace(), child.tag_name().name());
            if in_this_item.insert(key) && by_key.insert(key, Vec::new()).is_none() {
                order.push(key);
            }
            by_key.entry(key).or_default().push(child);
        }
    }
    order
        .iter()
        .flat_map(|key| by_key.remove(key).unwrap_or_default())
        .collect()
}

/// The combined item as XML text (see [`combined_items`]).
fn combined_text(
    text: &str,
    group: &[Node],
    head: Node,
    children: &[Node],
    padding: &mut usize,
) -> String {
    let mut out = String::new();
    let start = head.range().start;
    let line = head.document().text_pos_at(start).row as usize;
    let pad = line.saturating_sub(1);
    if pad <= *padding {
        *padding -= pad;
        out.extend(std::iter::repeat_n('\n', pad));
    }
    let name: String = text
        .get(start.saturating_add(1)..)
        .unwrap_or_default()
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
        .collect();
    out.push('<');
    out.push_str(&name);
    let mut declared: HashSet<Option<&str>> = HashSet::new();
    for item in std::iter::once(&head).chain(group) {
        for ns in item.namespaces() {
            if ns.name() == Some("xml") || !declared.insert(ns.name()) {
                continue;
            }
            let uri = ns
                .uri()
                .replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('<', "&lt;");
            match ns.name() {
                Some(prefix) => out.push_str(&format!(" xmlns:{prefix}=\"{uri}\"")),
                None => out.push_str(&format!(" xmlns=\"{uri}\"")),
            }
        }
    }
    for attr in head.attributes() {
        out.push(' ');
        out.push_str(text.get(attr.range()).unwrap_or_default());
    }
    out.push('>');
    for child in children {
        out.push_str(text.get(child.range()).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("</");
    out.push_str(&name);
    out.push('>');
    out
}

/// The items of the chosen configuration, one per `InstanceID` where a tagged item applies
/// (the caller swaps in the combination from [`combined_items`] where it differs). DSP0243 lets several items share an `InstanceID`
/// and has the configuration-specific one override the untagged one (a VMware appliance
/// lists `1 vCPU` untagged and `4 vCPU` for its `medium` option): an item tagged with
/// `ovf:configuration` replaces the untagged items of its `InstanceID`, and of several tagged
/// ones that apply, the last wins. It takes the place of the first item of its `InstanceID`,
/// so device order does not move. Untagged items that share an `InstanceID` with no tagged
/// one are left as they are (the builder warns about those). `items` must already hold only
/// items that apply to the chosen configuration.
pub(super) fn resolve_instances<'a, 'i>(items: Vec<Node<'a, 'i>>) -> Vec<Node<'a, 'i>> {
    // InstanceID → the last tagged item with it.
    let mut tagged: HashMap<&str, Node<'a, 'i>> = HashMap::new();
    for item in &items {
        if ovf_attr(*item, "configuration").is_none() {
            continue;
        }
        if let Some(id) = field(*item, "InstanceID") {
            tagged.insert(id, *item);
        }
    }
    let mut placed: HashSet<&str> = HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match field(item, "InstanceID").and_then(|id| tagged.get(id).map(|t| (id, *t))) {
            None => out.push(item),
            Some((id, chosen)) => {
                if placed.insert(id) {
                    out.push(chosen);
                }
            }
        }
    }
    out
}

impl<'p, 'a, 'i> VmBuilder<'p, 'a, 'i> {
    /// Warns when the appliance expects OVF properties at boot, which KubeVirt does not deliver.
    pub(super) fn note_properties(&mut self, hardware: Node) {
        let transport = ovf_attr(hardware, "transport")
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let Some(transport) = transport else {
            return;
        };
        let scoped: Vec<&Properties> = self
            .scopes
            .iter()
            .filter_map(|scope| self.pkg.properties.get(&scope.id()))
            .collect();
        let count: usize = scoped.iter().map(|p| p.keys.len()).sum();
        if count == 0 {
            return;
        }
        let shown: Vec<&str> = scoped
            .iter()
            .flat_map(|p| p.keys.iter())
            .take(5)
            .map(String::as_str)
            .collect();
        self.vm.warn(format!(
            "the appliance reads {count} OVF properties ({}{}) at boot through the '{transport}' \
             transport, which KubeVirt does not provide; pass them another way (e.g. cloud-init)",
            shown.join(", "),
            if count > shown.len() { ", ..." } else { "" }
        ));
    }

    /// The value of a ProductSection property, searched from the system outwards and then
    /// anywhere in the file.
    pub(super) fn property(&self, key: &str) -> Option<&'a str> {
        self.scopes
            .iter()
            .filter_map(|scope| self.pkg.properties.get(&scope.id()))
            .chain(std::iter::once(&self.pkg.all_properties))
            .find_map(|props| props.values.get(key).copied())
            .flatten()
    }
}

/// A property's full key: `class.key.instance` when the ProductSection sets them.
pub(super) fn property_key(section: Node, property: Node) -> Option<String> {
    let key = ovf_attr(property, "key")?;
    let class = ovf_attr(section, "class").filter(|c| !c.is_empty());
    let instance = ovf_attr(section, "instance").filter(|i| !i.is_empty());
    let mut full = String::new();
    if let Some(class) = class {
        full.push_str(class);
        full.push('.');
    }
    full.push_str(key);
    if let Some(instance) = instance {
        full.push('.');
        full.push_str(instance);
    }
    Some(full)
}

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

    pub(super) fn read_deployment_options(&mut self) {
        let Some(section) = elements(self.root).find(|n| is_section(*n, "DeploymentOptionSection"))
        else {
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
        let chosen = configs
            .iter()
            .find(|(_, default)| *default)
            .or(configs.first())
            .map(|(id, _)| *id);
        self.config = chosen;
        if configs.len() > 1 {
            if let Some(chosen) = chosen {
                let all: Vec<&str> = configs.iter().map(|(id, _)| *id).collect();
                self.warnings.push(format!(
                    "the descriptor offers deployment options {}; '{chosen}' (the default) was \
                     imported, and the hardware of the other options was not",
                    all.join(", ")
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

//! The network admitter (pkg/network/admitter, KubeVirt v1.9.0): pod and Multus networks,
//! interface bindings and states, names, models, MAC/PCI addresses, ports, port ranges, DHCP
//! options; and the DRA admitter's device rules for GPUs and host devices.

use super::value::{key, Key, Read};
use super::{names, Checker};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::IpAddr;

const BINDINGS: [&str; 5] = ["bridge", "masquerade", "sriov", "passtBinding", "binding"];
const MODELS: [&str; 7] = [
    "e1000", "e1000e", "igb", "ne2k_pci", "pcnet", "rtl8139", "virtio",
];

impl Checker<'_> {
    pub(crate) fn networks(&mut self, f: &str, spec: &Value) {
        let nets = spec.at("networks").items();
        let ifaces = spec.path(&["domain", "devices", "interfaces"]).items();
        let pods = nets.iter().filter(|n| n.at("pod").set()).count();
        let mdef = nets
            .iter()
            .filter(|n| n.at("multus").is_object() && n.path(&["multus", "default"]).is_true())
            .count();
        let add = |c: &mut Self, path: &str, msg: String| c.add(&join(f, path), msg);
        if pods > 1 {
            add(
                self,
                "interfaces",
                format!("more than one interface is connected to a pod network in {f}.interfaces"),
            );
        }
        if mdef > 1 {
            add(
                self,
                "networks",
                "Multus CNI should only have one default network".into(),
            );
        }
        if pods > 0 && mdef > 0 {
            add(
                self,
                "networks",
                "Pod network cannot be defined when Multus default network is defined".into(),
            );
        }
        for (i, n) in nets.iter().enumerate() {
            let cnt = ["pod", "multus", "resourceClaim"]
                .iter()
                .filter(|k| n.at(k).set())
                .count();
            match cnt {
                0 => add(
                    self,
                    &format!("networks[{i}]"),
                    "should have a network type".into(),
                ),
                1 => {}
                _ => add(
                    self,
                    &format!("networks[{i}]"),
                    "should have only one network type".into(),
                ),
            }
        }
        if let Some(i) = nets
            .iter()
            .position(|n| n.at("multus").set() && !n.path(&["multus", "networkName"]).truthy())
        {
            add(
                self,
                &format!("networks[{i}]"),
                "CNI delegating plugin must have a networkName".into(),
            );
        }
        let mut by_net: HashMap<Key, &Value> = HashMap::new();
        for n in nets {
            by_net.insert(key(n.at("name")), n);
        }
        let default_net = nets
            .iter()
            .find(|n| n.at("pod").set() || n.path(&["multus", "default"]).is_true());
        for (i, it) in ifaces.iter().enumerate() {
            let st = it.at("state");
            let ip = format!("domain.devices.interfaces[{i}]");
            let sts = st.shown();
            if st.set() && !matches!(st.as_str(), Some("" | "absent" | "down" | "up")) {
                add(
                    self,
                    &format!("{ip}.state"),
                    format!(
                        "logical {} interface state value is unsupported: {sts}",
                        it.at("name").shown()
                    ),
                );
            }
            if it.at("sriov").set() && matches!(st.as_str(), Some("down" | "up")) {
                add(
                    self,
                    &format!("{ip}.state"),
                    format!("interface's state '{sts}' is not supported for SR-IOV NICs"),
                );
            }
            if st.as_str() == Some("absent") && !it.at("bridge").set() {
                add(
                    self,
                    &format!("{ip}.state"),
                    format!("interface's state '{sts}' is supported only for bridge binding"),
                );
            }
            if st.as_str() == Some("absent")
                && default_net.is_some_and(|d| d.at("name") == it.at("name"))
            {
                add(
                    self,
                    &format!("{ip}.state"),
                    format!("interface's state '{sts}' is not supported on default networks"),
                );
            }
        }
        for (i, it) in ifaces.iter().enumerate() {
            let ip = format!("domain.devices.interfaces[{i}]");
            let net = by_net
                .get(&key(it.at("name")))
                .copied()
                .unwrap_or(&super::value::NULL);
            let cnt = BINDINGS.iter().filter(|b| it.at(b).set()).count();
            if cnt != 1 {
                add(self, &ip, format!("logical {} interface must have exactly one binding method or binding plugin", it.at("name").shown()));
            }
            if it.at("masquerade").set() && !net.at("pod").set() {
                add(
                    self,
                    &format!("{ip}.name"),
                    "Masquerade interface only implemented with pod network".into(),
                );
            }
            if it.at("masquerade").set()
                && it.at("macAddress").as_str() == Some("02:00:00:00:00:00")
            {
                add(self, &format!("{ip}.macAddress"), "The requested MAC address is reserved for the in-pod bridge. Please choose another one.".into());
            }
            if it.at("bridge").set()
                && net.at("pod").set()
                && !self.settings.permit_bridge_on_pod_network
            {
                add(
                    self,
                    &format!("{ip}.name"),
                    "Bridge on pod network configuration is not enabled under kubevirt-config"
                        .into(),
                );
            }
            if it.at("passtBinding").set() && !self.gates.on("PasstBinding") {
                add(
                    self,
                    &format!("{ip}.name"),
                    "PasstBinding feature gate is not enabled".into(),
                );
            }
            if it.at("passtBinding").set() && !net.at("pod").set() {
                add(
                    self,
                    &format!("{ip}.name"),
                    "PasstBinding interface only implemented with pod network".into(),
                );
            }
        }
        let mut seen = HashSet::new();
        for (i, n) in nets.iter().enumerate() {
            if !seen.insert(key(n.at("name"))) {
                add(self, &format!("networks[{i}].name"), format!("Network with name '{}' already exists, every network must have a unique name", n.at("name").shown()));
            }
        }
        if nets.iter().any(|n| n.at("resourceClaim").set()) {
            if !self.gates.on("NetworkDevicesWithDRA") {
                add(self, "networks", "vmi.spec.networks contains DRA networks but NetworkDevicesWithDRA feature gate is not enabled".into());
            } else if nets.iter().any(|n| n.at("multus").set()) {
                add(
                    self,
                    "networks",
                    "mixing Multus and DRA resourceClaim networks in the same VMI is not supported"
                        .into(),
                );
            }
        }
        let inames: HashSet<Key> = ifaces.iter().map(|it| key(it.at("name"))).collect();
        for (i, n) in nets.iter().enumerate() {
            if !inames.contains(&key(n.at("name"))) {
                add(
                    self,
                    &format!("networks[{i}].name"),
                    format!(
                        "{f}.networks[{i}].name '{}' not found.",
                        n.at("name").shown()
                    ),
                );
            }
        }
        let mut seen = HashSet::new();
        for (i, it) in ifaces.iter().enumerate() {
            if !seen.insert(key(it.at("name"))) {
                add(
                    self,
                    &format!("domain.devices.interfaces[{i}].name"),
                    "Only one interface can be connected to one specific network".into(),
                );
            }
        }
        for (i, it) in ifaces.iter().enumerate() {
            if !by_net.contains_key(&key(it.at("name"))) {
                add(
                    self,
                    &format!("domain.devices.interfaces[{i}].name"),
                    format!(
                        "{f}.domain.devices.interfaces[{i}].name '{}' not found.",
                        it.at("name").shown()
                    ),
                );
            }
        }
        for (i, it) in ifaces.iter().enumerate() {
            let net = by_net
                .get(&key(it.at("name")))
                .copied()
                .unwrap_or(&super::value::NULL);
            self.interface(f, i, it, net);
        }
    }

    fn interface(&mut self, f: &str, i: usize, it: &Value, net: &Value) {
        let ip = format!("domain.devices.interfaces[{i}]");
        let add = |c: &mut Self, path: &str, msg: String| c.add(&join(f, path), msg);
        let name = it.at("name").shown();
        if name.is_empty()
            || !name
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        {
            add(self, &format!("{ip}.name"), "Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)".into());
        }
        let model = it.at("model");
        if model.truthy() && !model.as_str().is_some_and(|m| MODELS.contains(&m)) {
            add(
                self,
                &format!("{ip}.model"),
                format!(
                    "interface {f}.{ip}.name uses model {} that is not supported.",
                    model.shown()
                ),
            );
        }
        let mac = it.at("macAddress");
        if mac.truthy() {
            match names::parse_mac_len(&mac.shown()) {
                None => add(
                    self,
                    &format!("{ip}.macAddress"),
                    format!(
                        "interface {f}.{ip}.name has malformed MAC address ({}).",
                        mac.shown()
                    ),
                ),
                Some(n) if n > 6 => add(
                    self,
                    &format!("{ip}.macAddress"),
                    format!(
                        "interface {f}.{ip}.name has too long MAC address ({}).",
                        mac.shown()
                    ),
                ),
                Some(_) => {}
            }
        }
        let pci = it.at("pciAddress");
        if pci.truthy() && !names::pci_address_ok(&pci.shown()) {
            add(
                self,
                &format!("{ip}.pciAddress"),
                format!(
                    "interface {f}.{ip}.name has malformed PCI address ({}).",
                    pci.shown()
                ),
            );
        }
        if net.at("pod").set() && it.at("ports").set() {
            let mut seen = HashSet::new();
            for (j, p) in it.at("ports").items().iter().enumerate() {
                let pn = p.at("name");
                if pn.truthy() {
                    let pns = pn.shown();
                    if seen.contains(&pns) {
                        add(
                            self,
                            &format!("{ip}.ports[{j}].name"),
                            format!("Duplicate name of the port: {pns}"),
                        );
                    }
                    if !names::valid_port_name(&pns) {
                        add(
                            self,
                            &format!("{ip}.ports[{j}].name"),
                            format!("Invalid name of the port: {pns}"),
                        );
                    }
                    seen.insert(pns);
                }
            }
            for (j, p) in it.at("ports").items().iter().enumerate() {
                let port = p.at("port").num();
                if port == 0.0 {
                    add(
                        self,
                        &format!("{ip}.ports[{j}].port"),
                        "Port field is mandatory.".into(),
                    );
                }
                if !(0.0..65536.0).contains(&port) {
                    add(
                        self,
                        &format!("{ip}.ports[{j}].port"),
                        "Port field must be in range 0 < x < 65536.".into(),
                    );
                }
                if p.at("protocol").set()
                    && !matches!(p.at("protocol").as_str(), Some("" | "TCP" | "UDP"))
                {
                    add(
                        self,
                        &format!("{ip}.ports[{j}].protocol"),
                        "Unknown protocol, only TCP or UDP allowed".into(),
                    );
                }
            }
        }
        if it.at("portRanges").set() {
            if !self.gates.on("PortRangesSpec") {
                add(self, &format!("{ip}.name"), "portRanges is specified on interface but the PortRangesSpec feature gate is not enabled".into());
            } else if net.at("pod").set() {
                if it.at("ports").set() {
                    add(
                        self,
                        &format!("{ip}.name"),
                        "Cannot define both ports and portRanges on interface".into(),
                    );
                }
                if !it.at("masquerade").set() {
                    add(
                        self,
                        &format!("{ip}.name"),
                        "portRanges are only supported on masquerade interfaces".into(),
                    );
                }
                self.port_ranges(f, &ip, it.at("portRanges").items());
            }
        }
        let dh = it.at("dhcpOptions");
        if dh.is_object() {
            let po = dh.at("privateOptions").items();
            let distinct: HashSet<Key> = po.iter().map(|x| key(x.at("option"))).collect();
            if distinct.len() < po.len() {
                self.add(
                    f,
                    "Found Duplicates: you have provided duplicate DHCPPrivateOptions".into(),
                );
            }
            for x in po {
                if !(224.0..=254.0).contains(&x.at("option").num()) {
                    self.add(
                        f,
                        "provided DHCPPrivateOptions are out of range, must be in range 224 to 254"
                            .into(),
                    );
                }
            }
            for (j, ntp) in dh.at("ntpServers").items().iter().enumerate() {
                let ok = match ntp.shown().parse::<IpAddr>() {
                    Ok(IpAddr::V4(_)) => true,
                    Ok(IpAddr::V6(v6)) => v6.to_ipv4_mapped().is_some(),
                    Err(_) => false,
                };
                if !ok {
                    add(
                        self,
                        &format!("{ip}.dhcpOptions.ntpServers[{j}]"),
                        "NTP servers must be a list of valid IPv4 addresses.".into(),
                    );
                }
            }
        }
    }

    fn port_ranges(&mut self, f: &str, ip: &str, prs: &[Value]) {
        let add = |c: &mut Self, path: &str, msg: String| c.add(&join(f, path), msg);
        if prs.len() > 10 {
            add(
                self,
                &format!("{ip}.portRanges"),
                "No more than 10 portRanges are allowed".into(),
            );
            return;
        }
        let mut by: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        for (j, pr) in prs.iter().enumerate() {
            let proto = pr.at("protocol");
            let (st, en) = (pr.at("start").num(), pr.at("end").num());
            let p = format!("{ip}.portRanges[{j}]");
            if !matches!(proto.as_str(), Some("TCP" | "UDP")) {
                add(
                    self,
                    &format!("{p}.protocol"),
                    "Unknown protocol, only TCP or UDP allowed".into(),
                );
            } else if st <= 0.0 || st >= 65536.0 {
                add(
                    self,
                    &format!("{p}.start"),
                    "Start must be a valid port number, 0 < x < 65536".into(),
                );
            } else if en <= 0.0 || en >= 65536.0 {
                add(
                    self,
                    &format!("{p}.end"),
                    "End must be a valid port number, 0 < x < 65536".into(),
                );
            } else if st > en {
                add(
                    self,
                    &format!("{p}.start"),
                    "Start must be less than or equal to end".into(),
                );
            } else {
                by.entry(proto.shown()).or_default().push((st, en));
            }
        }
        for (proto, mut iv) in by {
            iv.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
            for w in iv.windows(2) {
                if w[1].0 <= w[0].1 {
                    add(
                        self,
                        &format!("{ip}.portRanges"),
                        format!(
                            "{proto} portRanges [{}-{}] and [{}-{}] overlap",
                            w[0].0, w[0].1, w[1].0, w[1].1
                        ),
                    );
                }
            }
        }
    }

    /// dra/admitter: resource claims and the deviceName-or-claim rules for GPUs / hostDevices.
    pub(crate) fn dra(&mut self, f: &str, spec: &Value) {
        let add = |c: &mut Self, path: &str, msg: String| c.add(&join(f, path), msg);
        let mut seen = HashSet::new();
        for (i, rc) in spec.at("resourceClaims").items().iter().enumerate() {
            let n = rc.at("name");
            let p = format!("resourceClaims[{i}]");
            if !n.truthy() {
                add(self, &format!("{p}.name"), "is a required field".into());
            } else if seen.contains(&n.shown()) {
                add(
                    self,
                    &format!("{p}.name"),
                    format!("duplicate resourceClaims name '{}'", n.shown()),
                );
            } else {
                if !names::dns1123_label(&n.shown()).is_empty() {
                    add(
                        self,
                        &format!("{p}.name"),
                        "does not conform to the kubernetes DNS_LABEL rules".into(),
                    );
                }
                seen.insert(n.shown());
            }
            let (a, b) = (
                rc.at("resourceClaimName").set(),
                rc.at("resourceClaimTemplateName").set(),
            );
            if a && b {
                add(self, &p, "at most one of resourceClaimName or resourceClaimTemplateName may be specified".into());
            }
            if !a && !b {
                add(
                    self,
                    &p,
                    "must specify one of: resourceClaimName, resourceClaimTemplateName".into(),
                );
            }
        }
        let devs = spec.path(&["domain", "devices"]);
        for (key, tn, gate) in [
            ("gpus", "GPU", "GPUsWithDRA"),
            ("hostDevices", "HostDevice", "HostDevicesWithDRA"),
        ] {
            let items = devs.at(key).items();
            let is_dra = |x: &Value| !x.at("deviceName").truthy() && x.at("claimRequest").set();
            let dra = items.iter().filter(|x| is_dra(x)).count();
            let non: Vec<&Value> = items.iter().filter(|x| !is_dra(x)).collect();
            let p = format!("domain.devices.{key}");
            if dra > 0 && !non.is_empty() {
                add(self, &p, format!("contains both DRA and non-DRA {tn}s"));
                continue;
            }
            for x in non {
                if !x.at("deviceName").truthy() {
                    add(
                        self,
                        &p,
                        format!("contains {tn}s without deviceName or claimRequest"),
                    );
                } else if x.at("claimRequest").set() {
                    add(
                        self,
                        &p,
                        format!("contains {tn}s with both deviceName and claimRequest"),
                    );
                }
            }
            if dra > 0 && !self.gates.on(gate) {
                add(
                    self,
                    &p,
                    format!("contains DRA enabled {tn}s but feature gate is not enabled"),
                );
            }
        }
    }
}

fn join(f: &str, path: &str) -> String {
    if path.is_empty() {
        f.to_string()
    } else {
        format!("{f}.{path}")
    }
}

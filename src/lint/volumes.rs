//! Volume rules of ValidateVirtualMachineInstanceSpec: one source per volume, unique names,
//! cloud-init data sources and sizes, host disks, config maps / secrets / service accounts;
//! plus access credentials and DNS configuration, which are checked against the volumes.

use super::quantity;
use super::value::{key, Key, Read};
use super::{names, Checker};
use foldhash::{HashMap, HashMapExt};
use serde_json::Value;
use std::net::IpAddr;

const SOURCES: [&str; 16] = [
    "persistentVolumeClaim",
    "sysprep",
    "cloudInitNoCloud",
    "cloudInitConfigDrive",
    "containerDisk",
    "ephemeral",
    "emptyDisk",
    "hostDisk",
    "dataVolume",
    "configMap",
    "secret",
    "downwardAPI",
    "serviceAccount",
    "downwardMetrics",
    "memoryDump",
    "containerPath",
];

/// The decoded length of Go `base64.StdEncoding` text (which ignores `\r` and `\n` and needs
/// padding), or `None` when it would not decode.
fn base64_len(text: &str) -> Option<usize> {
    let b: Vec<u8> = text
        .bytes()
        .filter(|c| *c != b'\r' && *c != b'\n')
        .collect();
    if !b.len().is_multiple_of(4) {
        return None;
    }
    let pad = b.iter().rev().take_while(|c| **c == b'=').count();
    if pad > 2 {
        return None;
    }
    let body = &b[..b.len() - pad];
    if !body
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
    {
        return None;
    }
    Some(b.len() / 4 * 3 - pad)
}

impl Checker<'_> {
    fn vol_add(&mut self, f: &str, path: &str, msg: String) {
        self.add(&format!("{f}.{path}"), msg);
    }

    pub(crate) fn volumes(&mut self, f: &str, all: &[Value]) {
        let mut names_seen: HashMap<Key, usize> = HashMap::new();
        let (mut sa, mut dm, mut md) = (0, 0, 0);
        for (i, v) in all.iter().filter(|v| v.is_object()).enumerate() {
            let vp = format!("volumes[{i}]");
            let key = key(v.at("name"));
            match names_seen.get(&key) {
                Some(first) => self.vol_add(
                    f,
                    &format!("{vp}.name"),
                    format!("{f}.{vp} and {f}.volumes[{first}] must not have the same Name."),
                ),
                None => {
                    names_seen.insert(key, i);
                }
            }
            if v.at("dataVolume").set() && !v.path(&["dataVolume", "name"]).truthy() {
                self.vol_add(
                    f,
                    &format!("{vp}.name"),
                    "DataVolume 'name' must be set".into(),
                );
            }
            let cnt = SOURCES.iter().filter(|k| v.at(k).set()).count();
            sa += usize::from(v.at("serviceAccount").set());
            dm += usize::from(v.at("downwardMetrics").set());
            md += usize::from(v.at("memoryDump").set());
            if cnt != 1 {
                self.vol_add(f, &vp, "must have exactly one source type set".into());
            }
            self.cloud_init(f, &vp, v);
            if v.at("downwardMetrics").set() && !self.gates.on("DownwardMetrics") {
                self.vol_add(f, &vp, "downwardMetrics disks are not allowed: DownwardMetrics feature gate is not enabled.".into());
            }
            let hd = v.at("hostDisk");
            if hd.set() {
                if !self.gates.on("HostDisk") {
                    self.vol_add(f, &vp, "HostDisk feature gate is not enabled".into());
                }
                if !hd.at("path").truthy() {
                    self.vol_add(
                        f,
                        &format!("{vp}.hostDisk.path"),
                        "is required for hostDisk volume".into(),
                    );
                }
                let t = hd.at("type");
                if !matches!(t.as_str(), Some("Disk" | "DiskOrCreate")) {
                    self.vol_add(
                        f,
                        &format!("{vp}.hostDisk.type"),
                        format!(
                            "has invalid value '{}', allowed are 'Disk' or 'DiskOrCreate'",
                            t.shown()
                        ),
                    );
                }
                if t.as_str() == Some("Disk") && !quantity::exact(hd.at("capacity")).is_zero() {
                    self.vol_add(
                        f,
                        &format!("{vp}.hostDisk.capacity"),
                        "is allowed to pass only with type equal to 'DiskOrCreate'".into(),
                    );
                }
            }
            for (src, field) in [
                ("configMap", "name"),
                ("secret", "secretName"),
                ("serviceAccount", "serviceAccountName"),
            ] {
                if v.at(src).set() && !v.path(&[src, field]).truthy() {
                    self.vol_add(
                        f,
                        &format!("{vp}.{src}.{field}"),
                        "is a required field".into(),
                    );
                }
            }
        }
        if sa > 1 {
            self.vol_add(
                f,
                "volumes",
                "must have max one serviceAccount volume set".into(),
            );
        }
        if dm > 1 {
            self.vol_add(
                f,
                "volumes",
                "must have max one downwardMetric volume set".into(),
            );
        }
        if md > 1 {
            self.vol_add(
                f,
                "volumes",
                "must have max one memory dump volume set".into(),
            );
        }
    }

    /// Go only looks at NoCloud when both cloud-init kinds are set.
    fn cloud_init(&mut self, f: &str, vp: &str, v: &Value) {
        let Some(kind) = ["cloudInitNoCloud", "cloudInitConfigDrive"]
            .into_iter()
            .find(|k| v.at(k).set())
        else {
            return;
        };
        let ci = v.at(kind);
        let cp = format!("{vp}.{kind}");
        let mut counts = [0usize; 2];
        for (slot, (what, sref, b64, plain)) in [
            ("userdata", "secretRef", "userDataBase64", "userData"),
            (
                "networkdata",
                "networkDataSecretRef",
                "networkDataBase64",
                "networkData",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let (mut n, mut length) = (0, 0usize);
            if ci.at(sref).is_object() && ci.path(&[sref, "name"]).truthy() {
                n += 1;
            }
            if ci.at(b64).truthy() {
                n += 1;
                match base64_len(&ci.at(b64).shown()) {
                    Some(l) => length = l,
                    None => {
                        self.vol_add(
                            f,
                            &format!("{cp}.{b64}"),
                            "is not a valid base64 value.".into(),
                        );
                        length = 0;
                    }
                }
            }
            if ci.at(plain).truthy() {
                n += 1;
                length = ci.at(plain).shown().len();
            }
            if n > 1 {
                self.vol_add(f, &cp, format!("must have only one {what} source set."));
            }
            if length > 2048 {
                self.vol_add(
                    f,
                    &cp,
                    format!(
                        "{what} exceeds 2048 byte limit. Should use a SecretRef for larger data."
                    ),
                );
            }
            counts[slot] = n;
        }
        if counts == [0, 0] {
            self.vol_add(
                f,
                &cp,
                "must have at least one userdatasource or one networkdatasource set.".into(),
            );
        }
    }

    pub(crate) fn access_credentials(&mut self, f: &str, spec: &Value) {
        let volumes = spec.at("volumes").items();
        let nocloud = volumes.iter().any(|v| v.at("cloudInitNoCloud").set());
        let cdrive = volumes.iter().any(|v| v.at("cloudInitConfigDrive").set());
        for (i, c) in spec.at("accessCredentials").items().iter().enumerate() {
            let cp = format!("accessCredentials[{i}]");
            let mut count = 0;
            let key = c.at("sshPublicKey");
            if key.set() {
                count += 1;
                let pm = key.at("propagationMethod");
                let mut methods = 0;
                let pmp = format!("{cp}.sshPublicKey.propagationMethod");
                if pm.at("noCloud").set() {
                    methods += 1;
                    if !nocloud {
                        self.vol_add(f, &pmp, "requires a noCloud volume to exist when the noCloud propagationMethod is in use.".into());
                    }
                }
                if pm.at("configDrive").set() {
                    methods += 1;
                    if !cdrive {
                        self.vol_add(f, &pmp, "requires a configDrive volume to exist when the configDrive propagationMethod is in use.".into());
                    }
                }
                if pm.at("qemuGuestAgent").set() {
                    if pm.path(&["qemuGuestAgent", "users"]).items().is_empty() {
                        self.vol_add(
                            f,
                            &format!("{pmp}.qemuGuestAgent.users"),
                            "requires at least one user to be present in the users list".into(),
                        );
                    }
                    methods += 1;
                }
                if !key.path(&["source", "secret"]).set() {
                    self.vol_add(
                        f,
                        &format!("{cp}.sshPublicKey.source"),
                        "must have exactly one source set".into(),
                    );
                }
                if methods != 1 {
                    self.vol_add(
                        f,
                        &pmp,
                        "must have exactly one propagationMethod set".into(),
                    );
                }
            }
            let pw = c.at("userPassword");
            if pw.set() {
                count += 1;
                if !pw.path(&["source", "secret"]).set() {
                    self.vol_add(
                        f,
                        &format!("{cp}.userPassword.source"),
                        "must have exactly one source set".into(),
                    );
                }
                if !pw.path(&["propagationMethod", "qemuGuestAgent"]).set() {
                    self.vol_add(
                        f,
                        &format!("{cp}.userPassword.propagationMethod"),
                        "must have exactly one propagationMethod set".into(),
                    );
                }
            }
            if count != 1 {
                self.vol_add(
                    f,
                    &cp,
                    "must have exactly one access credential type set".into(),
                );
            }
        }
    }

    pub(crate) fn dns_config(&mut self, f: &str, cfg: &Value, policy: &Value) {
        if policy.as_str() == Some("None") {
            if !cfg.is_object() {
                return self.vol_add(
                    f,
                    "dnsConfig",
                    "must provide `dnsConfig` when `dnsPolicy` is None".into(),
                );
            }
            if cfg.at("nameservers").items().is_empty() {
                return self.vol_add(
                    f,
                    "dnsConfig.nameservers",
                    "must provide at least one DNS nameserver when `dnsPolicy` is None".into(),
                );
            }
        }
        if !cfg.is_object() {
            return;
        }
        let ns = cfg.at("nameservers").items();
        if ns.len() > 3 {
            self.vol_add(
                f,
                "dnsConfig.nameservers",
                "must not have more than 3 nameservers".into(),
            );
        }
        for n in ns {
            if n.shown().parse::<IpAddr>().is_err() {
                self.vol_add(
                    f,
                    "dnsConfig.nameservers",
                    format!("must be valid IP address: {}", n.shown()),
                );
            }
        }
        let se: Vec<String> = cfg.at("searches").items().iter().map(Read::shown).collect();
        if se.len() > 6 {
            self.vol_add(
                f,
                "dnsConfig.searchDomains",
                "must not have more than 6 search paths".into(),
            );
        }
        if se.join(" ").len() > 256 {
            self.vol_add(
                f,
                "dnsConfig.searchDomains",
                "must not have more than 256 characters (including spaces) in the search list"
                    .into(),
            );
        }
        for x in &se {
            for e in names::dns1123_subdomain(x) {
                self.vol_add(f, "dnsConfig.searchDomains", e);
            }
        }
        for o in cfg.at("options").items() {
            if !o.at("name").truthy() {
                self.vol_add(
                    f,
                    "dnsConfig.options",
                    "Option.Name must not be empty".into(),
                );
            }
        }
    }
}

//! CDI v1.66.0's DataVolume validating webhook (pkg/apiserver/webhooks/datavolume-validate.go
//! `validateDataVolumeSpec`, which stops at the first error of most kinds): storage target,
//! size, access modes, external population, sources and their URLs (Go 1.24 net/url rules),
//! checksums.

use super::quantity::Qty;
use super::value::{repr, Read};
use super::Checker;
use serde_json::Value;

/// The DataVolume source kinds.
pub(crate) const DV_SOURCES: [&str; 10] = [
    "http", "s3", "gcs", "registry", "pvc", "upload", "blank", "imageio", "vddk", "snapshot",
];

/// A PersistentVolume access mode Kubernetes knows (the terms' one home: `kubevirt::terms`).
fn known_mode(v: &Value) -> bool {
    serde_json::from_value::<crate::kubevirt::terms::AccessMode>(v.clone()).is_ok()
}

impl Checker<'_> {
    /// A whole DataVolume object.
    pub(crate) fn dv(&mut self, dv: &Value) {
        let md = dv.at("metadata");
        self.object_meta(md);
        if md.at("name").shown().len() > 253 {
            self.add("", "Name cannot be longer than 253 characters".into());
        }
        let spec = dv.at("spec");
        let mut bad = false;
        for t in ["pvc", "storage"] {
            bad |= self.bad_resources(
                &|| format!("spec.{t}.resources"),
                spec.path(&[t, "resources"]),
            );
        }
        if !bad {
            self.dv_spec(spec);
        }
    }

    fn bad(&mut self, field: &str, msg: String) {
        if field.is_empty() {
            self.add("", msg);
        } else {
            self.add(&format!("spec.{field}"), msg);
        }
    }

    /// validateDataVolumeSpec; also run on a VM's dataVolumeTemplates.
    pub(crate) fn dv_spec(&mut self, spec: &Value) {
        let (pvc, st) = (spec.at("pvc"), spec.at("storage"));
        if !pvc.set() && !st.set() {
            return self.bad("PVC", "Missing Data volume PVC".into());
        }
        if pvc.set() && st.set() {
            return self.bad(
                "PVC.Storage",
                "Duplicate storage definition, both target storage and target pvc defined".into(),
            );
        }
        let (tgt, name) = if pvc.set() {
            (pvc, "PVC")
        } else {
            (st, "Storage")
        };
        let (src, sref) = (spec.at("source"), spec.at("sourceRef"));
        let is_clone = sref.set() || src.at("pvc").set() || src.at("snapshot").set();
        let reqs = tgt.path(&["resources", "requests"]);
        let size_path = format!("{name}.resources.requests.size");
        match reqs.entries().and_then(|m| m.get("storage")) {
            Some(size) => match Qty::of(size) {
                Err(_) => return self.bad(&size_path, format!("invalid quantity {}", repr(size))),
                Ok(q) => {
                    let positive = q.is_some_and(|q| q.cmp_int(0).is_gt() && q.ceil() > 0);
                    if !positive {
                        return self.bad(
                            &size_path,
                            format!("{name} size can't be equal or less than zero"),
                        );
                    }
                    if q.is_some_and(|q| q.ceil() < 1024 * 1024) {
                        return self
                            .bad(&size_path, format!("{name} size should be at least 1MiB"));
                    }
                }
            },
            None if !st.set() || !is_clone => {
                return self.bad(&size_path, format!("{name} size is missing"));
            }
            None => {}
        }
        let sc = tgt.at("storageClassName");
        if sc.truthy() && sc.shown().len() > 253 {
            return self.bad("", "Name cannot be longer than 253 characters".into());
        }
        let am = tgt.at("accessModes").items();
        if pvc.set() {
            let Some(first) = am.first() else {
                return self.bad(
                    "PVC.accessModes",
                    "Required value: at least 1 access mode is required".into(),
                );
            };
            if am.len() > 1 {
                return self.bad("PVC.accessModes", "PVC multiple accessModes".into());
            }
            if !known_mode(first) {
                return self.bad(
                    "PVC.accessModes",
                    format!("Unsupported value: \"{}\"", first.shown()),
                );
            }
        } else if let Some(first) = am.first() {
            if am.iter().any(|m| !known_mode(m)) {
                return self.bad(
                    "PVC.accessModes",
                    format!("Unsupported value: \"{}\"", first.shown()),
                );
            }
        }
        let (ds, dsr) = (tgt.at("dataSource"), tgt.at("dataSourceRef"));
        if ds.set() || dsr.set() {
            return self.external_population(src, sref, ds, dsr);
        }
        if src.set() == sref.set() {
            return self.bad(
                "source",
                "Data volume should have either Source or SourceRef, or be externally populated"
                    .into(),
            );
        }
        if sref.set() {
            let kind = sref.at("kind");
            if !kind.truthy() {
                return self.bad("sourceRef.Kind", "Missing sourceRef kind".into());
            }
            if kind.as_str() != Some("DataSource") {
                return self.bad(
                    "sourceRef.Kind",
                    format!(
                        "Unsupported sourceRef kind {}, currently only DataSource is supported",
                        kind.shown()
                    ),
                );
            }
            if !sref.at("name").truthy() {
                return self.bad("sourceRef.Name", "Missing sourceRef name".into());
            }
            return;
        }
        self.source(spec, src);
    }

    fn external_population(&mut self, src: &Value, sref: &Value, ds: &Value, dsr: &Value) {
        if src.set() || sref.set() {
            self.bad(
                "source",
                "External population is incompatible with Source and SourceRef".into(),
            );
        }
        if ds.set() && dsr.set() {
            // CDI compares a *TypedLocalObjectReference with a *TypedObjectReference through
            // apiequality.Semantic.DeepEqual: different types, so setting both is always refused.
            self.bad("", "DataSourceRef and DataSource must match".into());
        }
        for (label, r, shown) in [
            ("dataSource", ds, "DataSource"),
            ("dataSourceRef", dsr, "DataSourceRef"),
        ] {
            if !r.set() {
                continue;
            }
            if label == "dataSourceRef" && r.at("namespace").truthy() {
                self.bad(
                    &format!("{label}.namespace"),
                    "Invalid value: DataSourceRef namespace not supported".into(),
                );
            }
            if !r.at("name").truthy() {
                self.bad(
                    &format!("{label}.name"),
                    format!("Required value: {shown} name"),
                );
            }
            if !r.at("kind").truthy() {
                self.bad(
                    &format!("{label}.kind"),
                    format!("Required value: {shown} kind"),
                );
            }
            if !r.at("apiGroup").truthy() && r.at("kind").as_str() != Some("PersistentVolumeClaim")
            {
                self.bad(
                    &format!("{label}.apiGroup"),
                    format!(
                        "Required value: {shown} apiGroup when kind is not 'PersistentVolumeClaim'"
                    ),
                );
            }
        }
    }

    fn url_ok(&mut self, u: &Value, label: &str) {
        let path = format!("source.{label}.url");
        if !u.truthy() {
            return self.bad(&path, "spec.source source URL is empty".into());
        }
        let text = u.shown();
        let (err, scheme) = go_url_error(&text, true);
        if err {
            return self.bad(&path, format!("spec.source Invalid source URL: {text}"));
        }
        if !matches!(scheme.as_str(), "http" | "https" | "gs") {
            self.bad(
                &path,
                format!("spec.source Invalid source URL scheme: {text}"),
            );
        }
    }

    fn source(&mut self, spec: &Value, src: &Value) {
        let kinds: Vec<&str> = DV_SOURCES.into_iter().filter(|k| src.at(k).set()).collect();
        let k = match kinds.as_slice() {
            [] => return self.bad("source", "Missing Data volume source".into()),
            [k] => *k,
            _ => return self.bad("source", "Multiple Data volume sources".into()),
        };
        let ct = spec.at("contentType").shown();
        if !matches!(ct.as_str(), "" | "kubevirt" | "archive") {
            return self.bad(
                "contentType",
                "ContentType not one of: kubevirt, archive".into(),
            );
        }
        let x = src.at(k);
        match k {
            "http" => {
                self.url_ok(x.at("url"), "HTTP");
                let cs = x.at("checksum");
                if cs.truthy() {
                    if let Some(e) = checksum_error(&cs.shown()) {
                        self.bad(
                            "source.HTTP.checksum",
                            format!("Invalid checksum format: {e}"),
                        );
                    }
                }
            }
            "s3" => self.url_ok(x.at("url"), "S3"),
            "gcs" => self.url_ok(x.at("url"), "GCS"),
            "blank" if ct == "archive" => self.bad(
                "contentType",
                "SourceType cannot be blank and the contentType be archive".into(),
            ),
            "registry" => self.registry(x, &ct),
            "imageio" => {
                if !x.at("secretRef").truthy() || !x.at("diskId").truthy() {
                    return self.bad(
                        "source.Imageio",
                        "spec.source.Imageio source Imageio is not valid".into(),
                    );
                }
                if !x.at("certConfigMap").truthy() && !x.at("insecureSkipVerify").is_true() {
                    return self.bad("source.Imageio", "spec.source.Imageio source Imageio requires CertConfigMap or InsecureSkipVerify".into());
                }
                self.url_ok(x.at("url"), "ImageIO");
            }
            "vddk" => {
                if !["secretRef", "uuid", "backingFile", "thumbprint"]
                    .iter()
                    .all(|f| x.at(f).truthy())
                {
                    return self.bad(
                        "source.VDDK",
                        "spec.source.VDDK source VDDK is not valid".into(),
                    );
                }
                self.url_ok(x.at("url"), "VDDK");
            }
            "pvc" if !x.at("namespace").truthy() || !x.at("name").truthy() => self.bad(
                "source.PVC",
                "spec.source.PVC source PVC is not valid".into(),
            ),
            "snapshot" if !x.at("namespace").truthy() || !x.at("name").truthy() => self.bad(
                "source.Snapshot",
                "spec.source.Snapshot source snapshot is not valid".into(),
            ),
            _ => {}
        }
    }

    fn registry(&mut self, x: &Value, ct: &str) {
        if !matches!(ct, "" | "kubevirt") {
            return self.bad(
                "contentType",
                "ContentType must be kubevirt when Source is Registry".into(),
            );
        }
        let (u, isn) = (x.at("url"), x.at("imageStream"));
        if u.set() == isn.set() {
            return self.bad(
                "source.Registry",
                "Source registry should have either URL or ImageStream".into(),
            );
        }
        if u.set() {
            let text = u.shown();
            let (err, scheme) = go_url_error(&text, false);
            if err {
                return self.bad(
                    "source.Registry.URL",
                    format!("Illegal registry source URL {text}"),
                );
            }
            if !matches!(scheme.as_str(), "docker" | "oci-archive") {
                return self.bad(
                    "source.Registry.URL",
                    format!("Illegal registry source URL scheme {text}"),
                );
            }
        }
        let pm = x.at("pullMethod");
        if pm.set() && !matches!(pm.as_str(), Some("pod" | "node")) {
            return self.bad(
                "source.Registry.importMethod",
                format!("ImportMethod {} is neither pod, node or \"\"", pm.shown()),
            );
        }
        if isn.as_str() == Some("") {
            return self.bad(
                "source.Registry.importMethod",
                "Source registry ImageStream is not valid".into(),
            );
        }
        if isn.set() && pm.as_str() != Some("node") {
            self.bad(
                "source.Registry.importMethod",
                "Source registry ImageStream is supported only with node pull import method".into(),
            );
        }
    }
}

/// CDI pkg/util/checksum.ParseAndValidate.
fn checksum_error(cs: &str) -> Option<String> {
    let Some((alg, h)) = cs.split_once(':') else {
        return Some(format!(
            "invalid checksum format: expected 'algorithm:hash', got '{cs}'"
        ));
    };
    let (alg, h) = (alg.trim().to_lowercase(), h.trim().to_lowercase());
    if h.is_empty() {
        return Some("checksum hash value cannot be empty".into());
    }
    let want = match alg.as_str() {
        "md5" => 32,
        "sha1" => 40,
        "sha256" => 64,
        "sha512" => 128,
        _ => return Some(format!("unsupported hash algorithm '{alg}': supported algorithms are: md5, sha1, sha256, sha512")),
    };
    if h.chars().count() != want {
        return Some(format!(
            "invalid {alg} hash length: expected {want} hex characters, got {}",
            h.chars().count()
        ));
    }
    if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Some("checksum hash is not valid hexadecimal".into());
    }
    None
}

const HOST_OK: &[u8] = b"!$&'()*+,;=:[]<>\"-_.~";
const USERINFO_OK: &[u8] = b"-._:~!$&'()*+,;=%@";

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Host,
    Zone,
    Other,
}

/// net/url `unescape`'s error check (Go 1.24).
fn unescape_ok(x: &str, mode: Mode) -> bool {
    let b = x.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            let (Some(h1), Some(h2)) = (b.get(i + 1), b.get(i + 2)) else {
                return false;
            };
            if !h1.is_ascii_hexdigit() || !h2.is_ascii_hexdigit() {
                return false;
            }
            let v = (hex(*h1) << 4) | hex(*h2);
            let is_25 = &b[i..i + 3] == b"%25";
            if mode == Mode::Host && hex(*h1) < 8 && !is_25 {
                return false;
            }
            if mode == Mode::Zone
                && !is_25
                && v != 0x20
                && v < 0x80
                && !v.is_ascii_alphanumeric()
                && !HOST_OK.contains(&v)
            {
                return false;
            }
            i += 3;
            continue;
        }
        if matches!(mode, Mode::Host | Mode::Zone)
            && c < 0x80
            && !c.is_ascii_alphanumeric()
            && !HOST_OK.contains(&c)
        {
            return false;
        }
        i += 1;
    }
    true
}

fn hex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

fn valid_port(p: &str) -> bool {
    p.is_empty() || (p.starts_with(':') && p[1..].bytes().all(|c| c.is_ascii_digit()))
}

fn parse_host(host: &str) -> bool {
    if let Some(ob) = host.rfind('[') {
        let Some(cb) = host.rfind(']') else {
            return false;
        };
        let port = host.get(cb + 1..).unwrap_or("");
        if !valid_port(port) || !unescape_ok(port, Mode::Host) {
            return false;
        }
        let name = host.get(ob + 1..cb).unwrap_or("");
        let name = match name.find("%25") {
            Some(z) => {
                if !unescape_ok(&name[..z], Mode::Host) || !unescape_ok(&name[z..], Mode::Zone) {
                    return false;
                }
                format!("{}%{}", &name[..z], &name[z + 3..])
            }
            None => {
                if !unescape_ok(name, Mode::Host) {
                    return false;
                }
                name.to_string()
            }
        };
        // netip.ParseAddr: an IPv4 address inside brackets is refused; a zone is allowed.
        let addr = name.split_once('%').map_or(name.as_str(), |(a, _)| a);
        return addr.parse::<std::net::Ipv6Addr>().is_ok();
    }
    if let Some(i) = host.rfind(':') {
        if !valid_port(&host[i..]) {
            return false;
        }
    }
    unescape_ok(host, Mode::Host)
}

/// net/url `Parse` (`request_uri` false) or `ParseRequestURI` (true), Go 1.24: whether it
/// fails, and the lower-cased scheme.
fn go_url_error(u: &str, request_uri: bool) -> (bool, String) {
    let mut u = u;
    if !request_uri {
        if let Some((head, frag)) = u.split_once('#') {
            if !frag.is_empty() && !unescape_ok(frag, Mode::Other) {
                return (true, String::new());
            }
            u = head;
        }
    }
    if u.chars().any(|c| (c as u32) < 0x20 || c as u32 == 0x7f) {
        return (true, String::new());
    }
    if u.is_empty() && request_uri {
        return (true, String::new());
    }
    if u == "*" {
        return (false, String::new());
    }
    let mut scheme = String::new();
    let mut rest = u;
    for (i, c) in u.char_indices() {
        if c.is_ascii_alphabetic() {
            continue;
        }
        if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') {
            if i == 0 {
                break;
            }
            continue;
        }
        if c == ':' {
            if i == 0 {
                return (true, String::new());
            }
            scheme = u[..i].to_lowercase();
            rest = &u[i + 1..];
        }
        break;
    }
    let rest_owned: String = if rest.ends_with('?') && rest.matches('?').count() == 1 {
        rest[..rest.len() - 1].to_string()
    } else {
        rest.split('?').next().unwrap_or("").to_string()
    };
    let mut rest = rest_owned.as_str();
    if !rest.starts_with('/') {
        if !scheme.is_empty() {
            return (false, scheme);
        }
        if request_uri {
            return (true, String::new());
        }
        if rest.split('/').next().unwrap_or("").contains(':') {
            return (true, String::new());
        }
    }
    let tail_owned;
    if (!scheme.is_empty() || (!request_uri && !rest.starts_with("///"))) && rest.starts_with("//")
    {
        let (auth, tail) = match rest[2..].find('/') {
            Some(i) => (&rest[2..2 + i], &rest[2 + i..]),
            None => (&rest[2..], ""),
        };
        let (userinfo, host) = match auth.rfind('@') {
            Some(at) => (Some(&auth[..at]), &auth[at + 1..]),
            None => (None, auth),
        };
        if !parse_host(host) {
            return (true, scheme);
        }
        if let Some(ui) = userinfo {
            if ui
                .bytes()
                .any(|c| !c.is_ascii_alphanumeric() && !USERINFO_OK.contains(&c))
            {
                return (true, scheme);
            }
            if !unescape_ok(ui, Mode::Other) {
                return (true, scheme);
            }
        }
        tail_owned = tail.to_string();
        rest = &tail_owned;
    }
    if !unescape_ok(rest, Mode::Other) {
        return (true, scheme);
    }
    (false, scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_as_go_parses_them() {
        assert_eq!(
            go_url_error("https://example.com/disk.img", true),
            (false, "https".into())
        );
        assert_eq!(
            go_url_error("docker://quay.io/x/y:1", false),
            (false, "docker".into())
        );
        assert!(go_url_error("example.com/disk.img", true).0);
        assert!(go_url_error("http://[::1", true).0);
        assert!(go_url_error("http://a b/", true).0);
        assert!(!go_url_error("http://[::1]:80/x", true).0);
        assert!(go_url_error("http://%zz/", true).0);
        assert_eq!(
            checksum_error("sha256:abc").map(|e| e.starts_with("invalid sha256")),
            Some(true)
        );
        assert_eq!(checksum_error(&format!("md5:{}", "a".repeat(32))), None);
    }
}

//! The Kubernetes name and label formats (k8s.io/apimachinery/pkg/util/validation) and the
//! small Go parsers the webhooks rely on (MAC and PCI addresses, paths, port names).

const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => ok(f) && ok(l) && b.iter().all(|c| ok(c) || *c == b'-'),
        _ => false,
    }
}

/// `IsDNS1123Label`: the messages, none when valid.
pub(crate) fn dns1123_label(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    if v.len() > 63 {
        out.push("must be no more than 63 characters".to_string());
    }
    if !is_label(v) {
        out.push(LABEL_MSG.to_string());
    }
    out
}

/// `IsDNS1123Subdomain`.
pub(crate) fn dns1123_subdomain(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    if v.len() > 253 {
        out.push("must be no more than 253 characters".to_string());
    }
    if v.is_empty() || !v.split('.').all(is_label) {
        out.push(SUBDOMAIN_MSG.to_string());
    }
    out
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn is_qualified_part(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// `IsQualifiedName` (label and annotation keys).
pub(crate) fn qualified_name(v: &str) -> Vec<String> {
    let parts: Vec<&str> = v.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                return vec!["prefix part must be non-empty".into()];
            }
            let e = dns1123_subdomain(prefix);
            if !e.is_empty() {
                return vec![format!("prefix part {}", e.join("; "))];
            }
            name
        }
        _ => return vec!["a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'".into()],
    };
    if name.is_empty() {
        return vec!["name part must be non-empty".into()];
    }
    let mut out = Vec::new();
    if name.len() > 63 {
        out.push("name part must be no more than 63 characters".into());
    }
    if !is_qualified_part(name) {
        out.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character".into());
    }
    out
}

/// A valid label value: at most 63 characters, empty or a qualified part.
pub(crate) fn label_value_ok(v: &str) -> bool {
    v.len() <= 63 && (v.is_empty() || is_qualified_part(v))
}

/// `net.ParseMAC` as in Go 1.26: the number of bytes, or `None` when malformed (Go 1.26 also
/// accepts bare hex digits without separators).
pub(crate) fn parse_mac_len(a: &str) -> Option<usize> {
    let b = a.as_bytes();
    if b.len() < 12 {
        return None;
    }
    let hex = |s: &[u8]| s.iter().all(u8::is_ascii_hexdigit);
    let n_ok = |n: usize| matches!(n, 6 | 8 | 20);
    if b[2] == b':' || b[2] == b'-' {
        if !(b.len() + 1).is_multiple_of(3) {
            return None;
        }
        let n = (b.len() + 1) / 3;
        if !n_ok(n) {
            return None;
        }
        for i in 0..n {
            let chunk = b.get(3 * i..3 * i + 2)?;
            if !hex(chunk) || (i < n - 1 && b.get(3 * i + 2) != Some(&b[2])) {
                return None;
            }
        }
        return Some(n);
    }
    if b[4] == b'.' {
        if !(b.len() + 1).is_multiple_of(5) {
            return None;
        }
        let n = 2 * (b.len() + 1) / 5;
        if !n_ok(n) {
            return None;
        }
        for i in 0..n / 2 {
            let chunk = b.get(5 * i..5 * i + 4)?;
            if !hex(chunk) || (i < n / 2 - 1 && b.get(5 * i + 4) != Some(&b'.')) {
                return None;
            }
        }
        return Some(n);
    }
    if !b.len().is_multiple_of(2) || !n_ok(b.len() / 2) || !hex(b) {
        return None;
    }
    Some(b.len() / 2)
}

/// `^([\da-fA-F]{4}):([\da-fA-F]{2}):([\da-fA-F]{2})\.([0-7]{1})$`
pub(crate) fn pci_address_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 12
        && b[..4].iter().all(u8::is_ascii_hexdigit)
        && b[4] == b':'
        && b[5..7].iter().all(u8::is_ascii_hexdigit)
        && b[7] == b':'
        && b[8..10].iter().all(u8::is_ascii_hexdigit)
        && b[10] == b'.'
        && (b'0'..=b'7').contains(&b[11])
}

/// `validation.IsValidPortName`.
pub(crate) fn valid_port_name(p: &str) -> bool {
    !(p.len() > 15
        || p.is_empty()
        || !p
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        || !p.bytes().any(|c| c.is_ascii_lowercase())
        || p.starts_with('-')
        || p.ends_with('-')
        || p.contains("--"))
}

/// `storageadmitters.ValidatePath`.
pub(crate) fn validate_path(what: &str, path: &str) -> Option<String> {
    if path == "/" {
        return Some(format!("{what} must not point to root"));
    }
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let clean = format!("/{}", parts.join("/"));
    (clean != path.trim_end_matches('/'))
        .then(|| format!("{what} must be an absolute path to a file without relative components"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses() {
        assert!(dns1123_label("web-01").is_empty());
        assert_eq!(dns1123_label("Web").len(), 1);
        assert!(dns1123_subdomain("a.b-c").is_empty());
        assert!(!dns1123_subdomain("a..b").is_empty());
        assert!(qualified_name("kubevirt.io/size").is_empty());
        assert!(!qualified_name("/x").is_empty());
        assert_eq!(parse_mac_len("02:00:00:aa:bb:cc"), Some(6));
        assert_eq!(parse_mac_len("0200.00aa.bbcc"), Some(6));
        assert_eq!(parse_mac_len("005056aabbcc"), Some(6));
        assert_eq!(parse_mac_len("02:00:00:aa:bb"), None);
        assert!(pci_address_ok("0000:01:02.7"));
        assert!(!pci_address_ok("0000:01:02.8"));
        assert!(valid_port_name("http"));
        assert!(!valid_port_name("80"));
        assert_eq!(validate_path("p", "/a/b"), None);
        assert!(validate_path("p", "/a/../b").is_some());
        assert!(validate_path("p", "a").is_some());
    }
}

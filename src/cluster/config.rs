//! Connection settings the way kubectl takes them: `--kubeconfig`, else every file of
//! `KUBECONFIG` (colon-separated, merged with kubectl's first-wins rules, missing files
//! skipped), else `~/.kube/config`; then `--context`, `--cluster`, `--user`, `-n` and
//! `--request-timeout` on top.

use super::error::ClusterError;
use kube::config::{KubeConfigOptions, Kubeconfig};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Everything needed to reach the API server, filled from the global flags.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    pub cluster: Option<String>,
    pub user: Option<String>,
    pub namespace: Option<String>,
    /// kubectl's `--request-timeout`; `None` or zero means no timeout.
    pub request_timeout: Option<Duration>,
    /// kubectl's `-v` level (6: request lines, 7: headers, 8: bodies).
    pub verbosity: u8,
}

/// Reads and merges the kubeconfig files that kubectl would read.
pub fn load_kubeconfig(
    explicit: Option<&Path>,
) -> Result<(Kubeconfig, Option<PathBuf>), ClusterError> {
    if let Some(path) = explicit {
        return Ok((read(path)?, Some(path.to_path_buf())));
    }
    if let Some(value) = std::env::var_os("KUBECONFIG") {
        let paths: Vec<PathBuf> = std::env::split_paths(&value)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        if !paths.is_empty() {
            let mut merged: Option<Kubeconfig> = None;
            let mut first = None;
            for path in paths {
                // kubectl skips KUBECONFIG entries that do not exist.
                if !path.exists() {
                    continue;
                }
                let next = read(&path)?;
                first.get_or_insert_with(|| path.clone());
                merged = Some(match merged {
                    None => next,
                    Some(m) => m.merge(next).map_err(|e| ClusterError::KubeconfigInvalid {
                        from: Some(path.clone()),
                        message: e.to_string(),
                    })?,
                });
            }
            return merged.map(|m| (m, first)).ok_or(ClusterError::NoKubeconfig);
        }
    }
    let home = std::env::var_os("HOME").ok_or(ClusterError::NoKubeconfig)?;
    let path = PathBuf::from(home).join(".kube").join("config");
    if !path.exists() {
        return Err(ClusterError::NoKubeconfig);
    }
    Ok((read(&path)?, Some(path)))
}

fn read(path: &Path) -> Result<Kubeconfig, ClusterError> {
    Kubeconfig::read_from(path).map_err(|source| ClusterError::KubeconfigRead {
        path: path.to_path_buf(),
        source,
    })
}

/// Builds the `kube::Config` for the chosen context, cluster, user and namespace.
pub async fn kube_config(options: &ConnectOptions) -> Result<kube::Config, ClusterError> {
    let (kubeconfig, from) = load_kubeconfig(options.kubeconfig.as_deref())?;
    if let Some(context) = &options.context {
        if !kubeconfig.contexts.iter().any(|c| &c.name == context) {
            return Err(ClusterError::KubeconfigInvalid {
                from,
                message: format!("context \"{context}\" does not exist"),
            });
        }
    }
    let kube_options = KubeConfigOptions {
        context: options.context.clone(),
        cluster: options.cluster.clone(),
        user: options.user.clone(),
    };
    let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &kube_options)
        .await
        .map_err(|e| ClusterError::KubeconfigInvalid {
            from,
            message: e.to_string(),
        })?;
    if let Some(namespace) = &options.namespace {
        config.default_namespace = namespace.clone();
    }
    match options.request_timeout {
        Some(t) if !t.is_zero() => {
            config.connect_timeout = Some(t);
            config.read_timeout = Some(t);
            config.write_timeout = Some(t);
        }
        _ => {}
    }
    Ok(config)
}

/// A `--request-timeout` (or `--timeout`) value kubectl would refuse, in kubectl's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid timeout value {text:?}. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)")]
pub struct InvalidTimeout {
    pub text: String,
}

/// Parses kubectl's `--request-timeout` value: `0` (none), a bare number of seconds, or a
/// duration with units (`1s`, `2m`, `1h`, `500ms`, `1m30s`).
pub fn parse_request_timeout(text: &str) -> Result<Duration, InvalidTimeout> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let invalid = || InvalidTimeout {
        text: text.to_string(),
    };
    let mut total = Duration::ZERO;
    let mut rest = text;
    if rest.is_empty() {
        return Err(invalid());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(invalid)?;
        if digits == 0 {
            return Err(invalid());
        }
        let number: u64 = rest[..digits].parse().map_err(|_| invalid())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let part = match unit {
            "ms" => Duration::from_millis(number),
            "s" => Duration::from_secs(number),
            "m" => Duration::from_secs(number.saturating_mul(60)),
            "h" => Duration::from_secs(number.saturating_mul(3600)),
            _ => return Err(invalid()),
        };
        total = total.saturating_add(part);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_timeouts_parse_like_kubectl() {
        assert_eq!(parse_request_timeout("0"), Ok(Duration::ZERO));
        assert_eq!(parse_request_timeout("5"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_request_timeout("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_request_timeout("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(
            parse_request_timeout("250ms"),
            Ok(Duration::from_millis(250))
        );
        assert!(parse_request_timeout("soon").is_err());
        assert!(parse_request_timeout("5x").is_err());
        assert_eq!(
            parse_request_timeout("5x").unwrap_err().to_string(),
            "invalid timeout value \"5x\". Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)"
        );
        assert!(parse_request_timeout("").is_err());
    }

    #[test]
    fn kubeconfig_list_merges_first_wins_and_skips_missing() {
        let dir = std::env::temp_dir().join(format!("vmmigrate-kc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a");
        let b = dir.join("b");
        std::fs::write(&a, "apiVersion: v1\nkind: Config\ncurrent-context: one\ncontexts:\n- name: one\n  context:\n    cluster: c1\n    user: u\nclusters:\n- name: c1\n  cluster:\n    server: http://127.0.0.1:1\nusers:\n- name: u\n  user:\n    token: t\n").unwrap();
        std::fs::write(&b, "apiVersion: v1\nkind: Config\ncurrent-context: two\ncontexts:\n- name: two\n  context:\n    cluster: c2\n    user: u\nclusters:\n- name: c2\n  cluster:\n    server: http://127.0.0.1:2\n").unwrap();
        // Exercise the merge directly (the environment is process-wide in tests).
        let merged = read(&a).unwrap().merge(read(&b).unwrap()).unwrap();
        assert_eq!(merged.current_context.as_deref(), Some("one"));
        assert_eq!(merged.contexts.len(), 2);
        let err = read(&dir.join("missing")).unwrap_err().to_string();
        assert!(err.contains("missing"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}

//! `preview --diff`: each object against the live cluster, like `kubectl diff
//! --server-side`. The "after" side is the result of a server-side dry-run apply (so server
//! defaults, other managers' fields and pruning show exactly as they would), both sides are
//! YAML without managedFields and the fields every write changes, and Secret data is masked
//! as kubectl masks it. `KUBECTL_EXTERNAL_DIFF` is honoured like kubectl does.

use super::apply::{api_for, comparable, with_retry, Live, Target};
use super::error::ClusterError;
use crate::output::yaml;
use kube::api::{Patch, PatchParams};
use kube::Client;
use serde_json::Value;
use std::time::Duration;

/// One object's two sides.
#[derive(Debug)]
pub struct ObjectDiff {
    /// kubectl's file name: `group.version.Kind.namespace.name`.
    pub file: String,
    pub live: String,
    pub merged: String,
}

/// Computes both sides for every target, with a server-side dry-run apply.
pub async fn compute(
    client: &Client,
    targets: &[Target],
    live: &Live,
    field_manager: &str,
) -> Result<Vec<ObjectDiff>, ClusterError> {
    let mut out = Vec::new();
    for target in targets {
        let before = live
            .get(&super::apply::live_key(target))
            .and_then(|m| m.get(target.name()))
            .cloned();
        let api = api_for(client, &target.resource, target.namespace());
        let mut params = PatchParams::apply(field_manager).dry_run().force();
        params.field_validation = Some(kube::api::ValidationDirective::Strict);
        let patch = Patch::Apply(&target.object);
        let name = target.name().to_string();
        let after = with_retry(5, Duration::from_secs(30), || {
            api.patch(&name, &params, &patch)
        })
        .await
        .map_err(|e| {
            ClusterError::api(
                format!("error computing the diff of {}", target.reference),
                &e,
            )
        })?;
        let after = serde_json::to_value(&after).unwrap_or(Value::Null);
        // An apply never writes status (a subresource): a status difference can only be a
        // controller writing between the list and the dry run, so both sides share it.
        let before = before.map(|mut b| {
            if let Some(map) = b.as_object_mut() {
                match after.get("status") {
                    Some(status) => map.insert("status".into(), status.clone()),
                    None => map.remove("status"),
                };
            }
            b
        });
        let (before, after) = mask_secret(before.map(|b| clean(&b)), clean(&after));
        let file = if target.resource.group.is_empty() {
            format!(
                "{}.{}.{}.{name}",
                target.resource.version,
                target.resource.kind,
                target.namespace().unwrap_or_default()
            )
        } else {
            format!(
                "{}.{}.{}.{}.{name}",
                target.resource.group,
                target.resource.version,
                target.resource.kind,
                target.namespace().unwrap_or_default()
            )
        };
        out.push(ObjectDiff {
            file,
            live: before.map(|b| yaml::to_yaml(&b)).unwrap_or_default(),
            merged: yaml::to_yaml(&after),
        });
    }
    Ok(out)
}

fn clean(object: &Value) -> Value {
    let mut object = comparable(object);
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    sorted(object)
}

/// Keys in sorted order at every level, as kubectl diff writes both sides (Go sorts map
/// keys): a real server's field order differs between a listed object and an apply's answer.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// kubectl's masking: equal values become `***`, different ones `*** (before)` and
/// `*** (after)`, so a diff shows that a secret changes without showing it.
pub fn mask_secret(before: Option<Value>, after: Value) -> (Option<Value>, Value) {
    if after["kind"] != "Secret" {
        return (before, after);
    }
    let mut before = before;
    let mut after = after;
    for field in ["data", "stringData"] {
        let old = before
            .as_ref()
            .and_then(|b| b[field].as_object().cloned())
            .unwrap_or_default();
        let new = after[field].as_object().cloned().unwrap_or_default();
        if let Some(map) = after.get_mut(field).and_then(Value::as_object_mut) {
            for (key, value) in map.iter_mut() {
                *value = Value::String(match old.get(key) {
                    Some(o) if o == &new[key] => "***".into(),
                    Some(_) => "*** (after)".into(),
                    None => "***".into(),
                });
            }
        }
        if let Some(map) = before
            .as_mut()
            .and_then(|b| b.get_mut(field))
            .and_then(Value::as_object_mut)
        {
            for (key, value) in map.iter_mut() {
                *value = Value::String(match new.get(key) {
                    Some(n) if n == &old[key] => "***".into(),
                    Some(_) => "*** (before)".into(),
                    None => "***".into(),
                });
            }
        }
    }
    (before, after)
}

/// A unified diff of all objects in the shape `diff -u -N` prints, coloured when asked.
/// Empty when nothing differs.
pub fn render(diffs: &[ObjectDiff], colour: bool) -> String {
    let mut out = String::new();
    for d in diffs {
        if d.live == d.merged {
            continue;
        }
        let text = similar::TextDiff::from_lines(&d.live, &d.merged);
        let unified = text
            .unified_diff()
            .context_radius(3)
            .header(&format!("LIVE/{}", d.file), &format!("MERGED/{}", d.file))
            .to_string();
        out.push_str(&format!("diff -u -N LIVE/{0} MERGED/{0}\n", d.file));
        for line in unified.lines() {
            let painted = if !colour {
                line.to_string()
            } else if line.starts_with("+++") || line.starts_with("---") {
                format!("\x1b[1m{line}\x1b[0m")
            } else if line.starts_with('+') {
                format!("\x1b[32m{line}\x1b[0m")
            } else if line.starts_with('-') {
                format!("\x1b[31m{line}\x1b[0m")
            } else if line.starts_with("@@") {
                format!("\x1b[36m{line}\x1b[0m")
            } else {
                line.to_string()
            };
            out.push_str(&painted);
            out.push('\n');
        }
    }
    out
}

/// Why `KUBECTL_EXTERNAL_DIFF` could not run (kubectl's own wording where it has one).
#[derive(Debug, thiserror::Error)]
pub enum ExternalDiffError {
    #[error("cannot write the diff files under {}: {source}", dir.display())]
    Write {
        dir: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("KUBECTL_EXTERNAL_DIFF is empty")]
    Empty,
    #[error("cannot run KUBECTL_EXTERNAL_DIFF ({program}): {source}")]
    Run {
        program: String,
        #[source]
        source: std::io::Error,
    },
}

/// Writes both sides into `LIVE-*` and `MERGED-*` folders and runs `KUBECTL_EXTERNAL_DIFF`
/// on them, as kubectl does (the command is split on spaces; its exit status is passed on).
pub fn external(command: &str, diffs: &[ObjectDiff]) -> Result<i32, ExternalDiffError> {
    let base = std::env::temp_dir().join(format!("vmmigrate-diff-{}", std::process::id()));
    let live_dir = base.join("LIVE");
    let merged_dir = base.join("MERGED");
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&live_dir)?;
        std::fs::create_dir_all(&merged_dir)?;
        for d in diffs {
            if !d.live.is_empty() {
                std::fs::write(live_dir.join(&d.file), &d.live)?;
            }
            std::fs::write(merged_dir.join(&d.file), &d.merged)?;
        }
        Ok(())
    };
    write().map_err(|source| ExternalDiffError::Write {
        dir: base.clone(),
        source,
    })?;
    let mut words = command.split_whitespace();
    let program = words.next().ok_or(ExternalDiffError::Empty)?;
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&live_dir)
        .arg(&merged_dir)
        .status()
        .map_err(|source| ExternalDiffError::Run {
            program: program.to_string(),
            source,
        });
    let _ = std::fs::remove_dir_all(&base);
    Ok(status?.code().unwrap_or(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_external_diff_that_cannot_run_says_why() {
        assert!(matches!(
            external("   ", &[]),
            Err(ExternalDiffError::Empty)
        ));
        let e = external("/nonexistent/vmmigrate-differ -u", &[]).unwrap_err();
        assert!(matches!(e, ExternalDiffError::Run { .. }), "{e:?}");
        assert!(
            e.to_string()
                .starts_with("cannot run KUBECTL_EXTERNAL_DIFF (/nonexistent/vmmigrate-differ): "),
            "{e}"
        );
    }

    #[test]
    fn secrets_are_masked_like_kubectl() {
        let before =
            json!({"kind": "Secret", "data": {"same": "YQ==", "changed": "Yg==", "gone": "Yw=="}});
        let after =
            json!({"kind": "Secret", "data": {"same": "YQ==", "changed": "ZA==", "new": "ZQ=="}});
        let (b, a) = mask_secret(Some(before), after);
        let b = b.unwrap();
        assert_eq!(b["data"]["same"], "***");
        assert_eq!(b["data"]["changed"], "*** (before)");
        assert_eq!(a["data"]["changed"], "*** (after)");
        assert_eq!(a["data"]["new"], "***");
        assert!(!serde_json::to_string(&a).unwrap().contains("ZA=="));
    }

    #[test]
    fn only_differing_objects_are_rendered() {
        let same = ObjectDiff {
            file: "a".into(),
            live: "x: 1\n".into(),
            merged: "x: 1\n".into(),
        };
        let changed = ObjectDiff {
            file: "b".into(),
            live: "x: 1\ny: 2\n".into(),
            merged: "x: 1\ny: 3\n".into(),
        };
        let text = render(&[same, changed], false);
        assert!(text.starts_with("diff -u -N LIVE/b MERGED/b\n"), "{text}");
        assert!(text.contains("-y: 2\n+y: 3\n"), "{text}");
        assert!(!text.contains("LIVE/a"));
    }
}

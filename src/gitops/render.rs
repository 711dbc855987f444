//! A rendered overlay read back, for `roll -k DIR` and `roll -f -`: the day-2 loop rolls
//! exactly what the GitOps tool applies. `-k` runs `kubectl kustomize DIR`, as kubectl's own
//! `-k` does (the plugin runs under kubectl, so kubectl is there; its kustomize is the one
//! the person's `kubectl apply -k` uses), rather than a second kustomize of our own that
//! could render differently. The output is read with the size limit of every other read.

use crate::files::{self, manifest};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why a rendered overlay cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("-k {}: cannot run `{kubectl} kustomize`: {source} (is kubectl on PATH? set KUBECTL to its path)", .dir.display())]
    Spawn {
        dir: PathBuf,
        kubectl: String,
        source: std::io::Error,
    },
    #[error("-k {}: `kubectl kustomize` failed: {stderr}", .dir.display())]
    Failed { dir: PathBuf, stderr: String },
    #[error("{what}: output larger than {} bytes", files::MAX_FILE_BYTES)]
    TooLarge { what: String },
    #[error("{what}: {message}")]
    NotYaml { what: String, message: String },
    #[error("-f -: cannot read standard input: {0}")]
    Stdin(#[from] files::ReadError),
}

/// The kubectl to run: `$KUBECTL` (tests, odd installs), else `kubectl` on PATH.
fn kubectl() -> String {
    std::env::var("KUBECTL").unwrap_or_else(|_| "kubectl".into())
}

fn parse(bytes: Vec<u8>, what: &str) -> Result<Vec<Value>, RenderError> {
    let text = String::from_utf8(bytes).map_err(|_| RenderError::NotYaml {
        what: what.to_string(),
        message: "not UTF-8 text".into(),
    })?;
    let docs: Vec<Value> =
        serde_saphyr::from_multiple(&text).map_err(|e| RenderError::NotYaml {
            what: what.to_string(),
            message: e.to_string(),
        })?;
    Ok(manifest::expand_lists(docs))
}

/// The objects `kubectl kustomize dir` renders.
pub fn kustomize(dir: &Path) -> Result<Vec<Value>, RenderError> {
    let kubectl = kubectl();
    let mut child = Command::new(&kubectl)
        .arg("kustomize")
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| RenderError::Spawn {
            dir: dir.to_path_buf(),
            kubectl: kubectl.clone(),
            source,
        })?;
    let mut out = Vec::new();
    let read = child.stdout.take().map(|stdout| {
        stdout
            .take(files::MAX_FILE_BYTES.saturating_add(1))
            .read_to_end(&mut out)
    });
    let what = format!("-k {}", dir.display());
    if out.len() as u64 > files::MAX_FILE_BYTES {
        // Stop kubectl before reading its stderr: it is blocked writing the rest.
        let _ = child.kill();
        let _ = child.wait();
        return Err(RenderError::TooLarge { what });
    }
    let mut err = Vec::new();
    if let Some(stderr) = child.stderr.take() {
        // kubectl's error text is short; cap it anyway.
        let _ = stderr.take(64 * 1024).read_to_end(&mut err);
    }
    let status = child.wait().map_err(|source| RenderError::Spawn {
        dir: dir.to_path_buf(),
        kubectl,
        source,
    })?;
    if !status.success() || read.is_some_and(|r| r.is_err()) {
        return Err(RenderError::Failed {
            dir: dir.to_path_buf(),
            stderr: String::from_utf8_lossy(&err).trim().to_string(),
        });
    }
    parse(out, &what)
}

/// The objects of a stream on standard input (`kubectl kustomize DIR | ... roll -f -`).
pub fn stdin() -> Result<Vec<Value>, RenderError> {
    let bytes = files::read_stdin_limited(files::MAX_FILE_BYTES)?;
    parse(bytes, "-f -")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_is_read_with_lists_expanded_and_bad_yaml_named() {
        let docs = parse(
            b"kind: VirtualMachine\nmetadata: {name: a}\n---\nkind: List\nitems:\n- kind: VirtualMachine\n  metadata: {name: b}\n".to_vec(),
            "-f -",
        )
        .unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1]["metadata"]["name"], "b");
        let err = parse(b"a: [".to_vec(), "-k x").unwrap_err();
        assert!(err.to_string().starts_with("-k x: "), "{err}");
    }
}

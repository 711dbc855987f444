//! The krew manifest, checked the way krew's `validate-krew-manifest` would check it (krew
//! itself cannot run here), and the release archive it points at.

use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

fn is_semver_with_v(version: &str) -> bool {
    let Some(rest) = version.strip_prefix('v') else {
        return false;
    };
    let core = rest.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// krew's manifest rules; returns every problem found.
fn validate(manifest: &Value, file_stem: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: &str| {
        if !ok {
            problems.push(what.to_string());
        }
    };
    check(
        manifest["apiVersion"] == "krew.googlecontainertools.github.com/v1alpha2",
        "apiVersion",
    );
    check(manifest["kind"] == "Plugin", "kind must be Plugin");
    let name = manifest["metadata"]["name"].as_str().unwrap_or_default();
    check(name == file_stem, "metadata.name must match the file name");
    check(
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "plugin name must be lower-case letters, digits and dashes",
    );
    let spec = &manifest["spec"];
    check(
        is_semver_with_v(spec["version"].as_str().unwrap_or_default()),
        "spec.version must be semver with a leading v",
    );
    check(
        spec["homepage"]
            .as_str()
            .is_some_and(|h| h.starts_with("https://")),
        "spec.homepage",
    );
    let short = spec["shortDescription"].as_str().unwrap_or_default();
    check(
        !short.is_empty() && short.len() <= 50,
        "shortDescription must be 1..50 characters",
    );
    let description = spec["description"].as_str().unwrap_or_default();
    check(!description.is_empty(), "description is required");
    check(
        description.lines().all(|l| l.len() <= 80),
        "description must be wrapped at 80 columns",
    );
    let caveats = spec["caveats"].as_str().unwrap_or_default();
    check(
        caveats.contains("kubectl_complete-vmmigrate"),
        "caveats must explain the completion helper",
    );
    check(
        caveats.contains("KubeVirt") && caveats.contains("CDI"),
        "caveats must say KubeVirt and CDI are needed",
    );
    let platforms = spec["platforms"].as_array().cloned().unwrap_or_default();
    check(!platforms.is_empty(), "at least one platform");
    let mut selectors = HashSet::new();
    for platform in &platforms {
        let labels = &platform["selector"]["matchLabels"];
        let key = format!(
            "{}/{}",
            labels["os"].as_str().unwrap_or("?"),
            labels["arch"].as_str().unwrap_or("?")
        );
        check(
            selectors.insert(key.clone()),
            &format!("{key}: duplicate platform selector"),
        );
        check(
            platform["uri"]
                .as_str()
                .is_some_and(|u| u.starts_with("https://")),
            &format!("{key}: uri"),
        );
        let sha = platform["sha256"].as_str().unwrap_or_default();
        check(
            sha.len() == 64
                && sha
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
            &format!("{key}: sha256 must be 64 lower-case hex digits"),
        );
        let bin = platform["bin"].as_str().unwrap_or_default();
        let files: Vec<&str> = platform["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["from"].as_str())
            .collect();
        check(
            files.contains(&bin),
            &format!("{key}: bin must be one of the files"),
        );
        check(
            files.contains(&"LICENSE"),
            &format!("{key}: the LICENSE must be installed"),
        );
        check(
            files.contains(&"kubectl_complete-vmmigrate"),
            &format!("{key}: the completion helper must be installed"),
        );
    }
    problems
}

#[test]
fn the_release_archive_and_its_manifest_pass_krews_checks() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new("bash")
        .arg(repo().join("scripts/release.sh"))
        .args(["--binary", BIN, "--out"])
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    let manifest = load(&out.path().join("vmmigrate.yaml"));
    let problems = validate(&manifest, "vmmigrate");
    assert!(problems.is_empty(), "{problems:?}");

    let platform = &manifest["spec"]["platforms"][0];
    let uri = platform["uri"].as_str().unwrap();
    let archive = out.path().join(uri.rsplit('/').next().unwrap());
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .unwrap();
    let members = String::from_utf8_lossy(&listing.stdout).to_string();
    for file in platform["files"].as_array().unwrap() {
        let from = file["from"].as_str().unwrap();
        assert!(
            members.lines().any(|m| m == from),
            "{from} missing from the archive: {members}"
        );
    }
    let digest = Command::new("sha256sum").arg(&archive).output().unwrap();
    let digest = String::from_utf8_lossy(&digest.stdout);
    assert_eq!(
        Some(platform["sha256"].as_str().unwrap()),
        digest.split_whitespace().next()
    );
}

#[test]
fn the_release_bot_template_covers_every_platform_once() {
    let text = std::fs::read_to_string(repo().join(".krew.yaml")).unwrap();
    // Render the release bot's template calls the way it would, with a dummy digest.
    let mut rendered = String::new();
    for line in text.replace("{{ .TagName }}", "v1.2.3").lines() {
        if let Some(start) = line.find("{{addURIAndSha \"") {
            let uri = &line[start + 16..line.rfind("\" .TagName").unwrap()];
            let indent = &line[..start];
            rendered.push_str(&format!(
                "{indent}uri: {uri}\n{indent}sha256: {}\n",
                "a".repeat(64)
            ));
        } else {
            rendered.push_str(line);
            rendered.push('\n');
        }
    }
    let manifest: Value = serde_saphyr::from_str(&rendered).unwrap();
    assert!(
        validate(&manifest, "vmmigrate").is_empty(),
        "{:?}",
        validate(&manifest, "vmmigrate")
    );
    let platforms: HashSet<String> = manifest["spec"]["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p["selector"]["matchLabels"]["os"].as_str().unwrap(),
                p["selector"]["matchLabels"]["arch"].as_str().unwrap()
            )
        })
        .collect();
    let expected: HashSet<String> = [
        "linux/amd64",
        "linux/arm64",
        "darwin/amd64",
        "darwin/arm64",
        "windows/amd64",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(platforms, expected);
}

#[test]
fn the_committed_manifest_passes_krews_checks() {
    let manifest = load(&repo().join("krew/vmmigrate.yaml"));
    let problems = validate(&manifest, "vmmigrate");
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn without_home_or_kubeconfig_the_binary_explains_instead_of_panicking() {
    let out = Command::new(BIN)
        .args(["preview", "/nonexistent/spec.vmx"])
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/nonexistent/spec.vmx") && !err.contains("panicked"),
        "{err}"
    );
}

//! The krew manifest, checked the way krew's `validate-krew-manifest` would check it (krew
//! itself cannot run here), and the release archive it points at.

use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

/// The platforms every release ships, as `os/arch` (krew's selector labels).
const PLATFORMS: [&str; 5] = [
    "linux/amd64",
    "linux/arm64",
    "darwin/amd64",
    "darwin/arm64",
    "windows/amd64",
];
const RELEASES: &str = "https://github.com/kubectl-vmmigrate/kubectl-vmmigrate/releases/download";

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
    let version = spec["version"].as_str().unwrap_or_default();
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
        let (os, arch) = key.split_once('/').unwrap_or_default();
        let windows = os == "windows";
        // One archive per platform, named like the release script names it; Windows gets a zip.
        let extension = if windows { "zip" } else { "tar.gz" };
        check(
            platform["uri"].as_str()
                == Some(&format!(
                    "{RELEASES}/{version}/kubectl-vmmigrate_{version}_{os}_{arch}.{extension}"
                )),
            &format!("{key}: uri must be the release archive for {key} of {version}"),
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
        // krew runs `bin` as the plugin; on Windows only an .exe is found by kubectl.
        let expected_bin = if windows {
            "kubectl-vmmigrate.exe"
        } else {
            "kubectl-vmmigrate"
        };
        check(
            bin == expected_bin,
            &format!("{key}: bin must be {expected_bin}"),
        );
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

/// `os/arch` of every platform of a manifest, in order.
fn selectors(manifest: &Value) -> Vec<String> {
    manifest["spec"]["platforms"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let labels = &p["selector"]["matchLabels"];
            format!(
                "{}/{}",
                labels["os"].as_str().unwrap_or("?"),
                labels["arch"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

/// Renders `.krew.yaml` the way krew-release-bot does: the tag for `{{ .TagName }}` and, for
/// each `addURIAndSha` call, the uri and the digest `sha_of(uri)`.
fn render_template(version: &str, sha_of: impl Fn(&str) -> String) -> Value {
    let text = std::fs::read_to_string(repo().join(".krew.yaml")).unwrap();
    let mut rendered = String::new();
    for line in text.replace("{{ .TagName }}", version).lines() {
        if let Some(start) = line.find("{{addURIAndSha \"") {
            let uri = &line[start + 16..line.rfind("\" .TagName").unwrap()];
            let indent = &line[..start];
            rendered.push_str(&format!(
                "{indent}uri: {uri}\n{indent}sha256: {}\n",
                sha_of(uri)
            ));
        } else {
            rendered.push_str(line);
            rendered.push('\n');
        }
    }
    serde_saphyr::from_str(&rendered).unwrap()
}

/// Runs the release script in packaging mode (no build) for one target into `out`.
fn package(target: &str, binary: &Path, out: &Path) -> Value {
    let status = Command::new("bash")
        .arg(repo().join("scripts/release.sh"))
        .args(["--target", target, "--binary"])
        .arg(binary)
        .arg("--out")
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success(), "release.sh --target {target} failed");
    load(&out.join("vmmigrate.yaml"))
}

/// A small file standing for a cross-built binary: packaging does not look inside it, and
/// the host's debug binary (tens of MB) would make gzip the slowest part of the tests.
fn stand_in(dir: &Path) -> PathBuf {
    let path = dir.join("stand-in-binary");
    std::fs::write(&path, b"MZ not really a program\n").unwrap();
    path
}

fn sha256_of(path: &Path) -> String {
    let digest = Command::new("sha256sum").arg(path).output().unwrap();
    assert!(digest.status.success());
    String::from_utf8_lossy(&digest.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// Checks that every file the platform installs is in the archive and that the digest is the
/// archive's; `members` lists the archive.
fn check_archive(platform: &Value, archive: &Path, members: &str) {
    for file in platform["files"].as_array().unwrap() {
        let from = file["from"].as_str().unwrap();
        assert!(
            members.lines().any(|m| m == from),
            "{from} missing from the archive: {members}"
        );
    }
    assert_eq!(platform["sha256"].as_str().unwrap(), sha256_of(archive));
}

#[test]
fn the_release_archive_and_its_manifest_pass_krews_checks() {
    let out = tempfile::tempdir().unwrap();
    let manifest = package("x86_64-unknown-linux-musl", Path::new(BIN), out.path());
    let problems = validate(&manifest, "vmmigrate");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(selectors(&manifest), ["linux/amd64"]);

    let platform = &manifest["spec"]["platforms"][0];
    let uri = platform["uri"].as_str().unwrap();
    let archive = out.path().join(uri.rsplit('/').next().unwrap());
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(listing.status.success());
    check_archive(
        platform,
        &archive,
        &String::from_utf8_lossy(&listing.stdout),
    );
}

#[test]
fn the_windows_archive_is_a_zip_with_the_exe() {
    // The binary inside is a stand-in (cross builds are too slow for tests): this checks the
    // packaging, the naming and the manifest entry krew reads on Windows.
    let out = tempfile::tempdir().unwrap();
    let manifest = package("x86_64-pc-windows-gnu", &stand_in(out.path()), out.path());
    let problems = validate(&manifest, "vmmigrate");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(selectors(&manifest), ["windows/amd64"]);

    let platform = &manifest["spec"]["platforms"][0];
    assert_eq!(platform["bin"], "kubectl-vmmigrate.exe");
    let uri = platform["uri"].as_str().unwrap();
    let archive = out.path().join(uri.rsplit('/').next().unwrap());
    // krew picks its extractor from the first bytes, not the name: a zip starts with PK\3\4.
    let bytes = std::fs::read(&archive).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    let listing = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        ])
        .arg(&archive)
        .output()
        .unwrap();
    assert!(listing.status.success());
    check_archive(
        platform,
        &archive,
        &String::from_utf8_lossy(&listing.stdout),
    );
}

#[test]
fn packaging_twice_gives_the_same_bytes() {
    // The maintainer refreshes krew/vmmigrate.yaml with `release.sh --all`: the same binaries
    // must give the same archives and the same manifest, whatever the time or the folder.
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let binaries = tempfile::tempdir().unwrap();
    let binary = stand_in(binaries.path());
    for target in ["x86_64-unknown-linux-musl", "x86_64-pc-windows-gnu"] {
        package(target, &binary, first.path());
        std::thread::sleep(std::time::Duration::from_millis(1100)); // a new mtime second
        package(target, &binary, second.path());
    }
    let files = |dir: &Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    assert_eq!(files(first.path()), files(second.path()));
    for name in files(first.path()) {
        assert_eq!(
            std::fs::read(first.path().join(&name)).unwrap(),
            std::fs::read(second.path().join(&name)).unwrap(),
            "{name:?} differs between two runs"
        );
    }
    // Both archives were present for the last run, so its manifest lists both, in the
    // template's order.
    let manifest = load(&second.path().join("vmmigrate.yaml"));
    assert_eq!(selectors(&manifest), ["linux/amd64", "windows/amd64"]);
}

#[test]
fn the_release_bot_template_covers_every_platform_once() {
    let manifest = render_template("v1.2.3", |_| "a".repeat(64));
    let problems = validate(&manifest, "vmmigrate");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(selectors(&manifest), PLATFORMS);
}

#[test]
fn the_committed_manifest_passes_krews_checks_for_all_five_platforms() {
    let manifest = load(&repo().join("krew/vmmigrate.yaml"));
    let problems = validate(&manifest, "vmmigrate");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(selectors(&manifest), PLATFORMS);
    let digests: HashSet<&str> = manifest["spec"]["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["sha256"].as_str())
        .collect();
    assert_eq!(
        digests.len(),
        PLATFORMS.len(),
        "each archive has its own digest"
    );
}

#[test]
fn the_committed_manifest_is_the_template_rendered_for_this_version() {
    // Anything edited by hand in krew/vmmigrate.yaml, or a template change not re-rendered
    // with `scripts/release.sh --all`, shows up here.
    let committed = load(&repo().join("krew/vmmigrate.yaml"));
    let version = format!("v{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        committed["spec"]["version"], version,
        "krew/vmmigrate.yaml is for another version: run scripts/release.sh --all"
    );
    let rendered = render_template(&version, |uri| {
        committed["spec"]["platforms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["uri"] == uri)
            .and_then(|p| p["sha256"].as_str())
            .unwrap_or_else(|| panic!("{uri} is not in krew/vmmigrate.yaml"))
            .to_string()
    });
    assert_eq!(rendered, committed);
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

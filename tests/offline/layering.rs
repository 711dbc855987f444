//! ARCHITECTURE.md's layering rules, enforced on the source: every file under `src/` is read
//! and the paths it names (in `use` lines and in code) are checked against the rules below.
//! A rule names the files it governs and the paths they must never name; an allow-list entry
//! says which file may break which rule, and why, until the issue that removes it lands.
//!
//! Comments are ignored (prose may say "kube"), code and tests inside the files are not:
//! a test module that needs a cluster client belongs under `src/cluster` or `tests/`.

use std::path::{Path, PathBuf};

/// One rule: files whose path (relative to `src/`, `/`-separated) starts with one of
/// `governs` never name any of `forbidden`.
struct Rule {
    name: &'static str,
    governs: &'static [&'static str],
    /// Paths as written in code: `kube` matches `kube::...`, `use kube;` and `kube::{...}`;
    /// `crate::generate` also matches `crate::{generate, ...}`.
    forbidden: &'static [&'static str],
}

const CLIENT: &[&str] = &["kube", "k8s_openapi"];

const RULES: &[Rule] = &[
    Rule {
        name: "importers know nothing of Kubernetes, the generator or the output",
        governs: &["import/"],
        forbidden: &[
            "kube",
            "k8s_openapi",
            "crate::generate",
            "crate::output",
            "crate::cluster",
            "crate::kubevirt",
            "crate::gitops",
        ],
    },
    Rule {
        name: "the generator never looks at source formats",
        governs: &["generate/"],
        forbidden: &["crate::import", "super::import", "crate::gitops"],
    },
    Rule {
        name: "the mapping knows no source format and no generator (no import cycle)",
        governs: &["mapping/"],
        forbidden: &["crate::import", "crate::generate"],
    },
    Rule {
        name: "KubeVirt's terms are the bottom layer: plain JSON, no client, no upper layer",
        governs: &["kubevirt/"],
        forbidden: &[
            "kube",
            "k8s_openapi",
            "crate::generate",
            "crate::mapping",
            "crate::import",
            "crate::cluster",
            "crate::roll",
            "crate::cli",
        ],
    },
    Rule {
        name: "file reading is a bottom layer that knows no format and no cluster",
        governs: &["files/"],
        forbidden: &[
            "kube",
            "k8s_openapi",
            "crate::import",
            "crate::generate",
            "crate::cluster",
            "crate::cli",
        ],
    },
    Rule {
        name: "only src/cluster talks to the API server",
        governs: &[
            "main.rs",
            "lib.rs",
            "model.rs",
            "guest.rs",
            "device_models.rs",
            "plan.rs",
            "cli/",
            "import/",
            "generate/",
            "mapping/",
            "assess/",
            "output/",
            "roll/",
            "kubevirt/",
            "files/",
            "gitops/",
            "diagnose/",
            "images/",
        ],
        forbidden: CLIENT,
    },
    Rule {
        name: "only src/files reads the user's file system",
        governs: &[
            "main.rs",
            "lib.rs",
            "model.rs",
            "guest.rs",
            "device_models.rs",
            "plan.rs",
            "cli/",
            "cluster/",
            "import/",
            "generate/",
            "mapping/",
            "assess/",
            "output/",
            "roll/",
            "kubevirt/",
            "gitops/",
            "images/",
        ],
        forbidden: &[
            "fs::read",
            "fs::read_to_string",
            "fs::read_dir",
            "fs::metadata",
            "fs::symlink_metadata",
            "File::open",
        ],
    },
    Rule {
        name:
            "roll's planner, observe and transition are pure: no I/O runtime, no client, no clock",
        governs: &[
            "roll/planner.rs",
            "roll/ladder.rs",
            "roll/budget.rs",
            "roll/observe",
            "roll/transition",
        ],
        forbidden: &["tokio", "kube", "k8s_openapi", "SystemTime", "Instant::now"],
    },
    Rule {
        name: "roll's rules sit above no layer that uses them: the driver (cluster) calls roll, never the reverse",
        governs: &["roll/"],
        forbidden: &["crate::cluster", "crate::cli", "super::cluster"],
    },
    Rule {
        name: "status's diagnosis is pure: objects in, ranked reasons out (issue 20.3)",
        governs: &["diagnose/"],
        forbidden: &[
            "tokio",
            "kube",
            "k8s_openapi",
            "SystemTime",
            "Instant::now",
            "crate::cluster",
            "crate::cli",
            "fs::read",
            "File::open",
        ],
    },
    Rule {
        name: "disk data for uploads (images/) knows formats but no Kubernetes, generator or output",
        governs: &["images/"],
        forbidden: &[
            "kube",
            "k8s_openapi",
            "crate::generate",
            "crate::output",
            "crate::cluster",
            "crate::kubevirt",
            "crate::cli",
        ],
    },
];

/// An allow-list entry: a file let through one rule, and why (naming the issue that ends it).
type Allowed = (&'static str, &'static str, &'static str);

/// Files allowed to break a rule. Empty since issue 16.1 moved the roll driver's API calls
/// under `src/cluster/rollout`; an entry added here must say why and until when.
const ALLOWED: &[Allowed] = &[];

/// Source text without comments (line comments, doc comments and block comments), string
/// literals kept: a path inside a string is not a dependency, but none of ours look like one.
fn strip_comments(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let (mut in_string, mut block_depth) = (false, 0usize);
    while let Some(c) = chars.next() {
        if block_depth > 0 {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                block_depth -= 1;
            } else if c == '/' && chars.peek() == Some(&'*') {
                chars.next();
                block_depth += 1;
            } else if c == '\n' {
                out.push('\n');
            }
            continue;
        }
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                block_depth = 1;
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `code` names `path` as whole identifiers (so `kube` matches `kube::Api` but not
/// `kubevirt` or `kube_config`), or, for `crate::x`, inside a `crate::{..}` group.
fn names(code: &str, path: &str) -> bool {
    let mut from = 0;
    while let Some(at) = code[from..].find(path) {
        let start = from + at;
        let end = start + path.len();
        from = end;
        let prefix = &code[..start];
        // A crate (`kube`) counts at the start of a path (`kube::`, `::kube::`), not as the
        // last segment of another (`ours::kube`); a type (`SystemTime`) counts however it is
        // qualified (`std::time::SystemTime`).
        let is_crate = !path.contains("::") && path.starts_with(|c: char| c.is_ascii_lowercase());
        let before_ok = match prefix.strip_suffix("::") {
            Some(qualifier) => {
                !is_crate || qualifier.chars().next_back().is_none_or(|c| !is_ident(c))
            }
            None => prefix.chars().next_back().is_none_or(|c| !is_ident(c)),
        };
        let after_ok = code[end..].chars().next().is_none_or(|c| !is_ident(c));
        if before_ok && after_ok {
            return true;
        }
    }
    // `use crate::{generate, model::VmSpec};`
    if let Some(item) = path.strip_prefix("crate::") {
        let mut rest = code;
        while let Some(at) = rest.find("crate::{") {
            let group = &rest[at + "crate::{".len()..];
            let inside = &group[..group.find('}').unwrap_or(group.len())];
            if inside
                .split(',')
                .any(|part| part.trim().split("::").next() == Some(item))
            {
                return true;
            }
            rest = group;
        }
    }
    false
}

/// The violations in one file: `(rule, forbidden path)`.
fn violations(relative: &str, source: &str) -> Vec<(&'static str, &'static str)> {
    violations_allowing(relative, source, ALLOWED)
}

/// [`violations`] with another allow-list.
fn violations_allowing(
    relative: &str,
    source: &str,
    allowed: &[Allowed],
) -> Vec<(&'static str, &'static str)> {
    let code = strip_comments(source);
    let mut found = Vec::new();
    for rule in RULES {
        if !rule.governs.iter().any(|g| relative.starts_with(g)) {
            continue;
        }
        if allowed
            .iter()
            .any(|(file, name, _)| *file == relative && *name == rule.name)
        {
            continue;
        }
        for path in rule.forbidden {
            if names(&code, path) {
                found.push((rule.name, *path));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_source_keeps_architecture_md_layering() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(file).unwrap();
        for (rule, path) in violations(&relative, &source) {
            problems.push(format!("src/{relative} names `{path}`: {rule}"));
        }
    }
    assert!(
        problems.is_empty(),
        "layering broken (see ARCHITECTURE.md, Invariants):\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_allow_list_entry_is_still_needed() {
    // An entry whose file no longer breaks the rule must go, so the list only shrinks.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (file, rule_name, why) in ALLOWED {
        let source = std::fs::read_to_string(src.join(file)).unwrap_or_default();
        let code = strip_comments(&source);
        let rule = RULES
            .iter()
            .find(|r| r.name == *rule_name)
            .expect("allow-list entries name a rule");
        assert!(
            rule.forbidden.iter().any(|p| names(&code, p)),
            "src/{file} no longer breaks \"{rule_name}\"; drop its allow-list entry ({why})"
        );
    }
}

#[test]
fn the_checker_fails_on_deliberate_violations() {
    // An importer that builds a client.
    let importer = "//! An importer.\nuse kube::Api;\nfn parse() {}\n";
    assert_eq!(
        violations("import/vmx/mod.rs", importer),
        [
            (RULES[0].name, "kube"),
            ("only src/cluster talks to the API server", "kube")
        ]
    );
    // The generator reaching for an importer through a grouped `use`.
    let generator = "use crate::{import::text, model::VmSpec};\n";
    assert_eq!(
        violations("generate/mod.rs", generator),
        [(RULES[1].name, "crate::import")]
    );
    // The mapping importing the generator again (the old cycle).
    assert_eq!(
        violations("mapping/mod.rs", "use crate::generate::RunStrategy;\n"),
        [(RULES[2].name, "crate::generate")]
    );
    // A planner reading the clock, or a runtime in a future transition module.
    let planner = "fn plan() { let t = std::time::SystemTime::now(); }\n";
    assert_eq!(
        violations("roll/planner.rs", planner),
        [(RULES[7].name, "SystemTime")]
    );
    assert_eq!(
        violations(
            "roll/transition.rs",
            "async fn t() { tokio::time::sleep(d).await; }\n"
        ),
        [(RULES[7].name, "tokio")]
    );
    assert_eq!(
        violations("roll/ladder.rs", "let now = Instant::now();\n"),
        [(RULES[7].name, "Instant::now")]
    );
    // The observation rules reading the clock or reaching for the client themselves.
    assert_eq!(
        violations(
            "roll/observe.rs",
            "let now = std::time::SystemTime::now();\nuse kube::api::DynamicObject;\n"
        ),
        [
            ("only src/cluster talks to the API server", "kube"),
            (RULES[7].name, "kube"),
            (RULES[7].name, "SystemTime")
        ]
    );
    // Reading a file around the walker and its limits.
    assert_eq!(
        violations("import/xen.rs", "let t = std::fs::read_to_string(p)?;\n"),
        [(RULES[6].name, "fs::read_to_string")]
    );
    assert!(violations("files/mod.rs", "let f = std::fs::File::open(p)?;\n").is_empty());
    assert!(violations("output/mod.rs", "std::fs::write(p, b)?;\n").is_empty());
    // The kubevirt terms reaching for k8s-openapi.
    assert_eq!(
        violations(
            "kubevirt/observed.rs",
            "use k8s_openapi::api::core::v1::Pod;\n"
        ),
        [
            (RULES[3].name, "k8s_openapi"),
            ("only src/cluster talks to the API server", "k8s_openapi")
        ]
    );
    // Fine: src/cluster names kube; comments and longer identifiers do not count.
    assert!(violations("cluster/names.rs", "use kube::Api;\n").is_empty());
    let prose = "//! This never names kube or tokio.\n/* crate::generate */\nuse crate::kubevirt::RunStrategy;\nlet kube_config = 1;\n";
    assert!(violations(
        "import/ovf/mod.rs",
        &prose.replace("crate::kubevirt::RunStrategy", "crate::model::VmSpec")
    )
    .is_empty());
    assert!(violations("mapping/mod.rs", prose).is_empty());
    // The roll rules reaching back up to the driver that calls them.
    assert_eq!(
        violations(
            "roll/preflight.rs",
            "use crate::cluster::preflight::Access;\n"
        ),
        [(RULES[8].name, "crate::cluster")]
    );
    // status's diagnosis reaching for a client or the clock (issue 20.3).
    assert_eq!(
        violations(
            "diagnose/mod.rs",
            "use kube::Api;\nlet t = SystemTime::now();\n"
        ),
        [
            ("only src/cluster talks to the API server", "kube"),
            (RULES[9].name, "kube"),
            (RULES[9].name, "SystemTime")
        ]
    );
    // A roll driver back under src/roll is caught; an allow-list entry lets one file through
    // for its one rule, and names a file, not a folder.
    assert_eq!(
        violations("roll/driver.rs", "use kube::Api;\n"),
        [("only src/cluster talks to the API server", "kube")]
    );
    let entry: &[Allowed] = &[(
        "roll/driver.rs",
        "only src/cluster talks to the API server",
        "a test",
    )];
    assert!(violations_allowing("roll/driver.rs", "use kube::Api;\n", entry).is_empty());
    assert_eq!(
        violations_allowing("roll/planner.rs", "use kube::Api;\n", entry).len(),
        2
    );
    assert!(violations("import/vmx/mod.rs", "use ours::kube::Thing;\n").is_empty());
    assert_eq!(
        violations("import/vmx/mod.rs", "use ::kube::Api;\n").len(),
        2
    );
}

#[test]
fn upload_disk_data_knows_no_cluster_and_reads_files_through_src_files() {
    let v = violations(
        "images/mod.rs",
        "use crate::cluster::upload;\nfn f() { let _ = std::fs::read(\"x\"); }\n",
    );
    assert!(
        v.iter()
            .any(|(r, p)| r.starts_with("disk data") && *p == "crate::cluster"),
        "{v:?}"
    );
    assert!(
        v.iter()
            .any(|(r, p)| *r == "only src/files reads the user's file system" && *p == "fs::read"),
        "{v:?}"
    );
}

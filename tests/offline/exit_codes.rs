//! One contract for waiting and exit codes (issue 20.4), checked against the real parser and
//! the real binary: every subcommand is classified as changing a cluster or not, each that
//! does takes `--wait` and `--timeout`, and the exit codes are the same in `--help`, in the
//! README table and in what the binary returns.

use clap::CommandFactory;
use std::process::Command;
use vmmigrate::cli::{Cli, CHANGES_CLUSTER, EXIT_CODES, READ_ONLY};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

/// Every subcommand path under the root (`roll`, `roll pause`...), clap's generated `help`
/// left out.
fn subcommand_paths(command: &clap::Command, prefix: &str, out: &mut Vec<String>) {
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let path = if prefix.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{prefix} {}", sub.get_name())
        };
        out.push(path.clone());
        subcommand_paths(sub, &path, out);
    }
}

fn find<'a>(root: &'a clap::Command, path: &str) -> &'a clap::Command {
    path.split(' ').fold(root, |c, name| {
        c.find_subcommand(name)
            .unwrap_or_else(|| panic!("no subcommand {path}"))
    })
}

#[test]
fn every_verb_is_classified_and_every_cluster_changing_verb_takes_wait_and_timeout() {
    let root = Cli::command();
    let mut paths = vec![];
    subcommand_paths(&root, "", &mut paths);
    for path in &paths {
        let listed = CHANGES_CLUSTER.contains(&path.as_str()) as u8
            + READ_ONLY.contains(&path.as_str()) as u8;
        assert_eq!(
            listed, 1,
            "`{path}` must be listed once, in src/cli/waiting.rs CHANGES_CLUSTER (then it takes \
             --wait and --timeout) or READ_ONLY"
        );
    }
    for listed in CHANGES_CLUSTER.iter().chain(READ_ONLY) {
        assert!(
            *listed == "help" || paths.iter().any(|p| p == listed),
            "{listed} is classified but is no subcommand"
        );
    }
    for path in CHANGES_CLUSTER {
        let command = find(&root, path);
        let arg = |long: &str| {
            command
                .get_arguments()
                .find(|a| a.get_long() == Some(long))
                .unwrap_or_else(|| panic!("`{path}` changes a cluster but has no --{long}"))
        };
        let wait = arg("wait");
        assert_eq!(
            wait.get_value_names().map(|v| v.to_vec()),
            Some(vec!["BOOL".into()]),
            "{path} --wait[=BOOL]"
        );
        assert!(
            wait.is_require_equals_set(),
            "{path} --wait=BOOL, never --wait BOOL"
        );
        let timeout = arg("timeout");
        assert_eq!(
            timeout.get_value_names().map(|v| v.to_vec()),
            Some(vec!["DURATION".into()]),
            "{path} --timeout DURATION"
        );
    }
}

#[test]
fn the_same_durations_parse_for_every_timeout() {
    let cases = [
        vec!["apply", "x.yaml", "--wait", "--timeout", "90s"],
        vec![
            "roll",
            "-l",
            "app=web",
            "--set-memory",
            "2Gi",
            "--timeout",
            "90s",
        ],
        vec!["roll", "resume", "-l", "app=web", "--timeout", "90s"],
        vec![
            "roll",
            "pause",
            "-l",
            "app=web",
            "--wait=false",
            "--timeout",
            "90s",
        ],
        vec!["roll", "abort", "-l", "app=web", "--timeout", "1m30s"],
        vec![
            "roll",
            "undo",
            "-l",
            "app=web",
            "--wait=true",
            "--timeout",
            "0",
        ],
    ];
    for case in cases {
        let mut argv = vec!["kubectl vmmigrate"];
        argv.extend(&case);
        assert!(Cli::try_parse_from_args(&argv).is_ok(), "{case:?}");
        let mut bad = argv.clone();
        bad.pop();
        bad.push("soon");
        assert!(Cli::try_parse_from_args(&bad).is_err(), "{bad:?}");
    }
}

trait ParseArgs {
    fn try_parse_from_args(argv: &[&str]) -> Result<Cli, clap::Error>;
}

impl ParseArgs for Cli {
    fn try_parse_from_args(argv: &[&str]) -> Result<Cli, clap::Error> {
        <Cli as clap::Parser>::try_parse_from(argv)
    }
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .output()
        .expect("run binary")
}

#[test]
fn help_and_the_readme_list_every_exit_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    for args in [
        vec!["--help"],
        vec!["apply", "--help"],
        vec!["roll", "--help"],
    ] {
        let out = run(&args);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Exit status:"), "{args:?}: {help}");
        for (code, _, meaning) in EXIT_CODES {
            assert!(
                help.contains(&format!("  {code}  {meaning}")),
                "{args:?}: {code} {meaning}"
            );
        }
    }
    for (code, name, meaning) in EXIT_CODES {
        let row = format!("| {code} | {name} | {meaning} |");
        assert!(readme.contains(&row), "README exit-code table lacks: {row}");
    }
}

#[test]
fn the_binary_returns_the_documented_codes_offline() {
    assert_eq!(run(&["version"]).status.code(), Some(0));
    assert_eq!(
        run(&["import", "/nonexistent/vm.vmx"]).status.code(),
        Some(1)
    );
    assert_eq!(run(&["--bogus"]).status.code(), Some(2));
    // A rollout is driven by this client: --wait=false is refused before any I/O.
    let out = run(&[
        "roll",
        "-l",
        "app=web",
        "--set-memory",
        "2Gi",
        "--wait=false",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--wait=false"));
    // ... but a dry run or a pause, which drive nothing, take it.
    let out = run(&["roll", "pause", "-l", "app=web", "--wait=false"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "no cluster here: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `status` takes names or a selector, not both.
    assert_eq!(
        run(&["status", "web-1", "-l", "app=web"]).status.code(),
        Some(2)
    );
}

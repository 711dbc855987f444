//! `kubectl vmmigrate help --output json` (issue 20.5) kept in step with the real parser: the
//! binary's description is compared with a walk of the clap tree (every command and flag,
//! both ways), every described command and flag is accepted by the binary itself, and the
//! whole description is a golden file for review (`tests/golden/cli/help.json`; regenerate with
//! `UPDATE_GOLDEN=1 cargo test --test offline help_json::`).

use clap::CommandFactory;
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;
use vmmigrate::cli::Cli;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().expect("run binary")
}

fn described() -> Value {
    let out = run(&["help", "--output", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// (command path, flag long names) for every command of the description.
fn described_flags(commands: &Value, out: &mut Vec<(String, BTreeSet<String>)>) {
    for c in commands.as_array().into_iter().flatten() {
        let flags = c["flags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["long"].as_str().map(str::to_string))
            .collect();
        out.push((c["path"].as_str().unwrap_or_default().to_string(), flags));
        described_flags(&c["commands"], out);
    }
}

/// The same, from the parser: each subcommand's own long flags (globals and clap's
/// --help/--version left out), clap's generated `help` added as the binary answers it.
fn parser_flags(command: &clap::Command, prefix: &str, out: &mut Vec<(String, BTreeSet<String>)>) {
    for sub in command.get_subcommands() {
        let path = if prefix.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{prefix} {}", sub.get_name())
        };
        let flags = sub
            .get_arguments()
            .filter(|a| !a.is_positional() && !a.is_global_set())
            .filter_map(|a| a.get_long())
            .filter(|l| *l != "help" && *l != "version")
            .map(str::to_string)
            .collect();
        out.push((path.clone(), flags));
        parser_flags(sub, &path, out);
    }
}

#[test]
fn the_description_lists_exactly_the_parsers_commands_and_flags() {
    let doc = described();
    let mut from_json = vec![];
    described_flags(&doc["commands"], &mut from_json);
    let mut from_parser = vec![];
    parser_flags(&Cli::command(), "", &mut from_parser);
    from_parser.push(("help".into(), BTreeSet::from(["output".to_string()])));
    from_json.sort();
    from_parser.sort();
    assert_eq!(from_json, from_parser);
    let globals: BTreeSet<&str> = doc["globalFlags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["long"].as_str())
        .collect();
    let root = Cli::command();
    let parser_globals: BTreeSet<&str> = root
        .get_arguments()
        .filter(|a| a.is_global_set())
        .filter_map(|a| a.get_long())
        .collect();
    assert_eq!(globals, parser_globals);
}

#[test]
fn every_described_command_and_flag_is_accepted_by_the_binary() {
    let doc = described();
    let mut commands = vec![];
    described_flags(&doc["commands"], &mut commands);
    for (path, flags) in commands {
        let mut argv: Vec<&str> = path.split(' ').collect();
        if path != "help" {
            argv.push("--help");
        }
        let out = run(&argv);
        assert!(
            out.status.success(),
            "{path} --help: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let help = String::from_utf8_lossy(&out.stdout);
        for flag in flags.iter().filter(|_| path != "help") {
            assert!(
                help.contains(&format!("--{flag}")),
                "{path} --help lacks --{flag}"
            );
        }
    }
    // Enum values, defaults and types as the parser sees them, e.g. roll's --order.
    let roll = doc["commands"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["path"] == "roll"))
        .expect("roll");
    let order = roll["flags"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["long"] == "order"))
        .expect("--order");
    let parser = Cli::command();
    let parser_order = parser
        .find_subcommand("roll")
        .and_then(|r| r.get_arguments().find(|a| a.get_long() == Some("order")))
        .expect("parser --order");
    let values: Vec<String> = parser_order
        .get_possible_values()
        .iter()
        .map(|v| v.get_name().to_string())
        .collect();
    assert_eq!(order["values"], serde_json::json!(values));
    assert_eq!(order["type"], "enum");
}

#[test]
fn help_still_prints_a_commands_help_and_the_golden_is_current() {
    let import = run(&["help", "import"]);
    assert!(import.status.success());
    assert_eq!(
        import.stdout,
        run(&["import", "--help"]).stdout,
        "help import = import --help"
    );
    assert_eq!(
        run(&["help", "nosuch", "-o", "json"]).status.code(),
        Some(2)
    );
    let yaml = run(&["help", "-o", "yaml", "roll", "pause"]);
    assert!(String::from_utf8_lossy(&yaml.stdout).starts_with("path: roll pause\n"));

    let golden =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/cli/help.json");
    let now = run(&["help", "--output", "json"]).stdout;
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().expect("parent")).expect("mkdir");
        std::fs::write(&golden, &now).expect("write golden");
    }
    let committed = std::fs::read(&golden).unwrap_or_default();
    assert!(
        committed == now,
        "tests/golden/cli/help.json is stale: run `UPDATE_GOLDEN=1 cargo test --test offline help_json::` and review the diff"
    );
}

//! `kubectl vmmigrate help [COMMAND...]` (issue 20.5): clap's help for a command, as clap's own
//! `help` subcommand printed it, and with `-o json` (or yaml) a machine-readable description of
//! the whole CLI: every command, flag (type, default, enum values, repeatable, global),
//! argument and exit code, generated at run time from the parser itself (`CommandFactory`),
//! so it can never drift from what the parser accepts.

use super::{Cli, ExitStatus};
use clap::builder::ArgAction;
use clap::CommandFactory;
use serde_json::{json, Value};
use std::any::TypeId;

/// `help [COMMAND...] -o json|yaml` (the flag anywhere after `help`): the description, and
/// the exit status; None for anything else, which clap's own `help` subcommand answers as
/// before (`help import`, `roll help pause`).
pub fn intercept(args: &[std::ffi::OsString]) -> Option<ExitStatus> {
    let words: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if words.first().map(String::as_str) != Some("help") {
        return None;
    }
    let mut format = None;
    let mut path = vec![];
    let mut rest = words.iter().skip(1);
    while let Some(w) = rest.next() {
        let value = match w.as_str() {
            "-o" | "--output" => rest.next().cloned(),
            other => other
                .strip_prefix("--output=")
                .or_else(|| other.strip_prefix("-o="))
                .or_else(|| other.strip_prefix("-o").filter(|v| !v.is_empty()))
                .map(str::to_string),
        };
        match value {
            Some(v) => format = Some(v),
            None => path.push(w.clone()),
        }
    }
    let json = match format.as_deref() {
        Some("json") => true,
        Some("yaml") => false,
        _ => return None,
    };
    Some(print(&path, json))
}

fn print(path: &[String], json: bool) -> ExitStatus {
    let root = Cli::command();
    let doc = if path.is_empty() {
        describe_cli(&root)
    } else {
        match find(&root, path) {
            Some(command) => describe_command(command, &path.join(" ")),
            None => {
                eprintln!(
                    "error: unrecognized subcommand '{}'\n\nFor more information, try 'kubectl vmmigrate help -o json'.",
                    path.join(" ")
                );
                return ExitStatus::Usage;
            }
        }
    };
    let text = if json {
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    } else {
        crate::output::yaml::to_yaml(&doc)
    };
    super::common::write_stdout(&text)
        .err()
        .unwrap_or(ExitStatus::Success)
}

fn find<'a>(root: &'a clap::Command, path: &[String]) -> Option<&'a clap::Command> {
    path.iter()
        .try_fold(root, |c, name| c.find_subcommand(name.as_str()))
}

/// The whole CLI.
pub fn describe_cli(root: &clap::Command) -> Value {
    let globals: Vec<Value> = root
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(flag)
        .collect();
    let exit_codes: Vec<Value> = super::EXIT_CODES
        .iter()
        .map(|(code, name, meaning)| json!({"code": code, "name": name, "meaning": meaning}))
        .collect();
    json!({
        "name": root.get_name(),
        "version": root.get_version().unwrap_or_default(),
        "about": text(root.get_about()),
        "exitCodes": exit_codes,
        "globalFlags": globals,
        "commands": with_help(subcommands(root, "")),
    })
}

/// clap generates the `help` subcommand when it builds the parser; it is listed as the
/// user meets it, with the one flag this file adds to it.
fn with_help(mut commands: Vec<Value>) -> Vec<Value> {
    commands.push(json!({
        "path": "help",
        "name": "help",
        "about": "Print this message or the help of the given subcommand(s)",
        "changesCluster": false,
        "flags": [{"long": "output", "short": "o", "type": "enum", "valueName": "FORMAT",
            "default": [], "values": ["json", "yaml"], "repeatable": false, "required": false,
            "global": false, "help": "Describe the CLI (or the COMMAND) as JSON or YAML."}],
        "arguments": [{"name": "COMMAND", "type": "string", "values": [], "repeatable": true,
            "required": false, "help": "The command to describe (e.g. `roll status`); none: the whole CLI."}],
        "commands": [],
    }));
    commands
}

fn subcommands(command: &clap::Command, prefix: &str) -> Vec<Value> {
    command
        .get_subcommands()
        .map(|sub| {
            let path = if prefix.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{prefix} {}", sub.get_name())
            };
            describe_command(sub, &path)
        })
        .collect()
}

/// One command: its own flags and arguments (globals are listed once, at the top), and its
/// subcommands.
pub fn describe_command(command: &clap::Command, path: &str) -> Value {
    let flags: Vec<Value> = command
        .get_arguments()
        .filter(|a| !a.is_positional() && !a.is_global_set() && !is_builtin(a))
        .map(flag)
        .collect();
    let arguments: Vec<Value> = command.get_positionals().map(argument).collect();
    let changes = super::CHANGES_CLUSTER.contains(&path);
    json!({
        "path": path,
        "name": command.get_name(),
        "about": text(command.get_about()),
        "changesCluster": changes,
        "flags": flags,
        "arguments": arguments,
        "commands": subcommands(command, path),
    })
}

/// clap's own `--help` and `--version`.
fn is_builtin(arg: &clap::Arg) -> bool {
    matches!(
        arg.get_action(),
        ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
    )
}

fn text(s: Option<&clap::builder::StyledStr>) -> String {
    s.map(|s| s.to_string()).unwrap_or_default()
}

/// The type of an argument's values, from its action and value parser.
pub fn value_type(arg: &clap::Arg) -> &'static str {
    match arg.get_action() {
        ArgAction::SetTrue | ArgAction::SetFalse => return "bool",
        ArgAction::Count => return "count",
        _ => {}
    }
    if !arg.get_possible_values().is_empty() {
        let id = arg.get_value_parser().type_id();
        return if id == TypeId::of::<bool>() {
            "bool"
        } else {
            "enum"
        };
    }
    let id = arg.get_value_parser().type_id();
    let is = |t: TypeId| id == t;
    if is(TypeId::of::<bool>()) {
        "bool"
    } else if [
        TypeId::of::<u8>(),
        TypeId::of::<u16>(),
        TypeId::of::<u32>(),
        TypeId::of::<u64>(),
        TypeId::of::<i64>(),
        TypeId::of::<usize>(),
    ]
    .into_iter()
    .any(is)
    {
        "integer"
    } else if is(TypeId::of::<f64>()) {
        "number"
    } else if is(TypeId::of::<std::time::Duration>()) {
        "duration"
    } else if is(TypeId::of::<std::path::PathBuf>()) {
        "path"
    } else {
        "string"
    }
}

fn strings<'a>(items: impl Iterator<Item = &'a std::ffi::OsStr>) -> Vec<String> {
    items.map(|s| s.to_string_lossy().into_owned()).collect()
}

fn possible(arg: &clap::Arg) -> Vec<String> {
    arg.get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect()
}

fn repeatable(arg: &clap::Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Append | ArgAction::Count)
        || arg.get_num_args().is_some_and(|n| n.max_values() > 1)
}

fn flag(arg: &clap::Arg) -> Value {
    let mut f = json!({
        "long": arg.get_long(),
        "short": arg.get_short().map(|c| c.to_string()),
        "type": value_type(arg),
        "valueName": arg.get_value_names().and_then(|v| v.first()).map(|v| v.to_string()),
        "default": strings(arg.get_default_values().iter().map(|v| v.as_os_str())),
        "values": possible(arg),
        "repeatable": repeatable(arg),
        "required": arg.is_required_set(),
        "global": arg.is_global_set(),
        "help": text(arg.get_help()),
    });
    if arg
        .get_num_args()
        .is_some_and(|n| n.min_values() == 0 && n.max_values() == 1)
    {
        // `--wait` alone, or `--wait=false`: the value may be left out.
        f["valueOptional"] = json!(true);
    }
    let aliases: Vec<&str> = arg.get_visible_aliases().unwrap_or_default();
    if !aliases.is_empty() {
        f["aliases"] = json!(aliases);
    }
    f
}

fn argument(arg: &clap::Arg) -> Value {
    json!({
        "name": arg.get_value_names().and_then(|v| v.first()).map(|v| v.to_string())
            .unwrap_or_else(|| arg.get_id().to_string()),
        "type": value_type(arg),
        "values": possible(arg),
        "repeatable": repeatable(arg),
        "required": arg.is_required_set(),
        "help": text(arg.get_help()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_say_their_type_default_values_and_repetition() {
        let root = Cli::command();
        let doc = describe_cli(&root);
        let command = |path: &str| {
            fn walk<'a>(cs: &'a Value, path: &str) -> Option<&'a Value> {
                cs.as_array()?.iter().find_map(|c| {
                    if c["path"] == path {
                        Some(c)
                    } else {
                        walk(&c["commands"], path)
                    }
                })
            }
            walk(&doc["commands"], path).unwrap_or_else(|| panic!("{path}"))
        };
        let flag = |path: &str, long: &str| {
            command(path)["flags"]
                .as_array()
                .and_then(|f| f.iter().find(|f| f["long"] == long))
                .cloned()
                .unwrap_or_else(|| panic!("{path} --{long}"))
        };
        let strategy = flag("import", "run-strategy");
        assert_eq!(strategy["type"], "enum");
        assert_eq!(strategy["values"][0], "always");
        assert_eq!(flag("import", "images")["repeatable"], true);
        assert_eq!(flag("import", "images")["type"], "path");
        assert_eq!(flag("apply", "timeout")["type"], "duration");
        assert_eq!(flag("apply", "timeout")["default"], json!(["30m"]));
        assert_eq!(flag("apply", "wait")["type"], "bool");
        assert_eq!(flag("apply", "wait")["valueOptional"], true);
        assert_eq!(flag("apply", "yes")["short"], "y");
        assert_eq!(flag("roll", "min-ready")["type"], "number");
        assert_eq!(command("roll pause")["changesCluster"], true);
        assert_eq!(command("status")["changesCluster"], false);
        assert_eq!(command("status")["arguments"][0]["name"], "NAME");
        let output = doc["globalFlags"]
            .as_array()
            .and_then(|g| g.iter().find(|f| f["long"] == "output"))
            .expect("-o");
        assert_eq!(
            output["values"],
            json!(["yaml", "json", "name", "wide", "plan"])
        );
        assert_eq!(doc["exitCodes"][3]["name"], "TimedOut");
    }
}

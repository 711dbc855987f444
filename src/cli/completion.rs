//! Shell completion: `completion SHELL` prints a static script, and the hidden `__complete`
//! answers kubectl's plugin completion protocol (kubectl >= 1.26 runs
//! `kubectl_complete-vmmigrate ARGS...`, which calls `kubectl-vmmigrate __complete ARGS...`).
//!
//! `__complete` prints one candidate per line (`value<TAB>description`) and a last line
//! `:<directive>` with cobra's directive bits, because kubectl passes the output straight to
//! its own cobra-generated shell scripts.

use super::common::{self, ExitStatus};
use super::Cli;
use crate::cluster::names::{self, Listed};
use crate::query::complete as query_complete;
use clap::{Command, CommandFactory};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  # bash, for the current shell\n  source <(kubectl-vmmigrate completion bash)\n\n  # Completion after `kubectl vmmigrate` (kubectl >= 1.26): put the shipped\n  # completions/kubectl_complete-vmmigrate on PATH next to kubectl-vmmigrate"
)]
pub struct CompletionArgs {
    /// The shell to print a completion script for.
    #[arg(value_enum)]
    pub shell: ShellArg,
}

/// The static script for a shell, as committed under `completions/`.
pub fn script(shell: ShellArg) -> String {
    let mut command = Cli::command();
    let mut buffer = Vec::new();
    let generator = match shell {
        ShellArg::Bash => clap_complete::Shell::Bash,
        ShellArg::Zsh => clap_complete::Shell::Zsh,
        ShellArg::Fish => clap_complete::Shell::Fish,
        ShellArg::Powershell => clap_complete::Shell::PowerShell,
    };
    clap_complete::generate(generator, &mut command, "kubectl-vmmigrate", &mut buffer);
    String::from_utf8_lossy(&buffer).into_owned()
}

pub fn run(args: CompletionArgs) -> ExitStatus {
    match common::write_stdout(&script(args.shell)) {
        Ok(()) => ExitStatus::Success,
        Err(status) => status,
    }
}

/// Cobra's ShellCompDirective bits.
const DIRECTIVE_DEFAULT: u32 = 0;
const DIRECTIVE_NO_FILE_COMP: u32 = 4;
const DIRECTIVE_NO_SPACE: u32 = 2;
/// Cobra's prefix for a line shown as help rather than offered as a value.
const ACTIVE_HELP: &str = "_activeHelp_ ";

/// Answers one completion request. `words` are the arguments after `vmmigrate`; the last
/// one is the word being completed (empty when the cursor follows a space).
pub fn complete(words: &[String]) -> (Vec<String>, u32) {
    let mut root = Cli::command();
    // Building fills in derived settings (such as how many values a flag takes).
    root.build();
    let (partial, done) = match words.split_last() {
        Some((last, rest)) => (last.as_str(), rest),
        None => ("", &[][..]),
    };
    // Walk the subcommand path, remembering whether the previous word was a flag awaiting
    // a value.
    let mut command = &root;
    let mut pending_flag: Option<&clap::Arg> = None;
    // Positional words already typed (PATHs), for `--vm` names.
    let mut typed: Vec<PathBuf> = Vec::new();
    for word in done {
        if pending_flag.take().is_some() {
            continue;
        }
        if let Some(arg) = find_flag(&root, command, word) {
            if takes_value(arg) && !word.contains('=') {
                pending_flag = Some(arg);
            }
            continue;
        }
        if let Some(sub) = command.find_subcommand(word) {
            command = sub;
        } else {
            typed.push(PathBuf::from(word));
        }
    }
    if let Some(flag) = pending_flag {
        return flag_values(flag, partial, words, &typed);
    }
    if let Some((flag_word, value)) = partial.split_once('=') {
        if let Some(flag) = find_flag(&root, command, flag_word) {
            let (values, directive) = flag_values(flag, value, words, &typed);
            return (
                values
                    .into_iter()
                    .map(|v| format!("{flag_word}={v}"))
                    .collect(),
                directive,
            );
        }
    }
    if partial.starts_with('-') {
        let mut out: Vec<String> = Vec::new();
        for arg in command
            .get_arguments()
            .chain(root.get_arguments().filter(|a| a.is_global_set()))
        {
            if arg.is_hide_set() {
                continue;
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            if let Some(long) = arg.get_long() {
                let flag = format!("--{long}");
                if flag.starts_with(partial)
                    && !out.iter().any(|o| o.starts_with(&format!("{flag}\t")))
                {
                    out.push(candidate(&flag, &help));
                }
            }
        }
        return (out, DIRECTIVE_NO_FILE_COMP);
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help" && s.get_name().starts_with(partial))
        .map(|s| {
            candidate(
                s.get_name(),
                &s.get_about().map(|a| a.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    // Positionals that name VMs (`roll NAME...`) complete from the cluster, beside any
    // subcommands (`roll <TAB>` offers both `status` and the VMs of the namespace).
    let names_vms = command.get_positionals().next().is_some_and(|p| {
        p.get_value_names()
            .is_some_and(|v| v.iter().any(|n| n == "NAME"))
    });
    if names_vms {
        let mut out = subcommands;
        out.extend(
            cluster_names(words, true)
                .into_iter()
                .filter(|n| n.starts_with(partial)),
        );
        return (out, DIRECTIVE_NO_FILE_COMP);
    }
    if command.has_subcommands() {
        return (subcommands, DIRECTIVE_NO_FILE_COMP);
    }
    // Positional arguments: enumerated values if any, else files (the shell completes them).
    if let Some(positional) = command.get_positionals().next() {
        let values = possible_values(positional, partial);
        if !values.is_empty() {
            return (values, DIRECTIVE_NO_FILE_COMP);
        }
    }
    (Vec::new(), DIRECTIVE_DEFAULT)
}

fn candidate(value: &str, help: &str) -> String {
    let first_line = help
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('.');
    if first_line.is_empty() {
        value.to_string()
    } else {
        format!("{value}\t{first_line}")
    }
}

fn find_flag<'a>(root: &'a Command, command: &'a Command, word: &str) -> Option<&'a clap::Arg> {
    let name = word.split_once('=').map_or(word, |(n, _)| n);
    let matches = |arg: &&clap::Arg| {
        if let Some(long) = name.strip_prefix("--") {
            arg.get_long() == Some(long) || arg.get_all_aliases().is_some_and(|a| a.contains(&long))
        } else if let Some(short) = name.strip_prefix('-') {
            let mut chars = short.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if arg.get_short() == Some(c))
        } else {
            false
        }
    };
    command
        .get_arguments()
        .find(matches)
        .or_else(|| root.get_arguments().find(matches))
}

fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.takes_values())
}

fn possible_values(arg: &clap::Arg, partial: &str) -> Vec<String> {
    arg.get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set() && v.get_name().starts_with(partial))
        .map(|v| {
            candidate(
                v.get_name(),
                &v.get_help().map(|h| h.to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

fn flag_values(
    flag: &clap::Arg,
    partial: &str,
    words: &[String],
    typed: &[PathBuf],
) -> (Vec<String>, u32) {
    let values = possible_values(flag, partial);
    if !values.is_empty() {
        return (values, DIRECTIVE_NO_FILE_COMP);
    }
    // The selection flags (issue 22.3): expressions and field lists go on being typed.
    let typing = DIRECTIVE_NO_SPACE | DIRECTIVE_NO_FILE_COMP;
    match flag.get_long() {
        Some("where") => return (query_complete::expression(partial), typing),
        Some("order-by") => return (query_complete::field_list(partial, true), typing),
        Some("columns") => return (query_complete::field_list(partial, false), typing),
        Some("vm") => return (source_vm_names(partial, typed), DIRECTIVE_NO_FILE_COMP),
        Some("plan") => return (Vec::new(), DIRECTIVE_DEFAULT),
        _ => {}
    }
    match flag.get_long() {
        Some("context") => (
            names::kubeconfig_contexts()
                .into_iter()
                .filter(|c| c.starts_with(partial))
                .collect(),
            DIRECTIVE_NO_FILE_COMP,
        ),
        Some("namespace") => (
            cluster_names(words, false)
                .into_iter()
                .filter(|n| n.starts_with(partial))
                .collect(),
            DIRECTIVE_NO_FILE_COMP,
        ),
        Some("kubeconfig") | Some("output-dir") => (Vec::new(), DIRECTIVE_DEFAULT),
        _ => (Vec::new(), DIRECTIVE_NO_FILE_COMP),
    }
}

/// The source VM names in the PATHs already typed, read within the live-completion budget;
/// what was skipped is said as cobra ActiveHelp.
fn source_vm_names(partial: &str, typed: &[PathBuf]) -> Vec<String> {
    let (names, notes) = query_complete::source_names(typed, std::time::Duration::from_secs(1));
    let mut out: Vec<String> = names
        .into_iter()
        .filter(|n| n.starts_with(partial))
        .collect();
    out.extend(notes.into_iter().map(|note| format!("{ACTIVE_HELP}{note}")));
    out
}

/// Names from the cluster, asked with a short timeout (a slow or absent cluster must not
/// hang the shell), honouring `--kubeconfig`, `--context` and `-n` already on the line.
fn cluster_names(words: &[String], vms: bool) -> Vec<String> {
    let flag = |names: &[&str]| {
        words.iter().enumerate().find_map(|(i, w)| {
            names.iter().find_map(|name| {
                if w == name {
                    words.get(i + 1).cloned()
                } else {
                    w.strip_prefix(&format!("{name}=")).map(str::to_string)
                }
            })
        })
    };
    let options = crate::cluster::ConnectOptions {
        kubeconfig: flag(&["--kubeconfig"]).map(PathBuf::from),
        context: flag(&["--context"]),
        request_timeout: Some(std::time::Duration::from_secs(1)),
        ..Default::default()
    };
    let listed = if vms {
        Listed::VirtualMachines {
            namespace: flag(&["-n", "--namespace"]),
        }
    } else {
        Listed::Namespaces
    };
    names::list_quickly(&options, listed, std::time::Duration::from_secs(1))
}

/// Runs `__complete`: prints candidates and the directive line.
pub fn run_protocol(words: &[String]) -> ExitStatus {
    let (candidates, directive) = complete(words);
    let mut text = String::new();
    for c in candidates {
        text.push_str(&c);
        text.push('\n');
    }
    text.push_str(&format!(":{directive}\n"));
    match common::write_stdout(&text) {
        Ok(()) => ExitStatus::Success,
        Err(status) => status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn values(list: &[&str]) -> Vec<String> {
        complete(&words(list))
            .0
            .into_iter()
            .map(|c| c.split('\t').next().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn subcommands_complete_by_prefix() {
        assert_eq!(values(&["pre"]), ["preview"]);
        let all = values(&[""]);
        assert!(all.contains(&"import".to_string()) && all.contains(&"completion".to_string()));
        assert!(!all.iter().any(|c| c.starts_with("__")), "{all:?}");
    }

    #[test]
    fn flags_and_their_values_complete() {
        assert!(values(&["import", "--out"]).contains(&"--output-dir".to_string()));
        assert!(values(&["import", "--out"]).contains(&"--output".to_string()));
        assert_eq!(values(&["preview", "-o", "w"]), ["wide"]);
        assert_eq!(values(&["preview", "--output=j"]), ["--output=json"]);
        assert_eq!(
            values(&["import", "--run-strategy", "Ha"]),
            Vec::<String>::new()
        );
        assert_eq!(values(&["import", "--run-strategy", "ha"]), ["halted"]);
        assert_eq!(values(&["completion", "z"]), ["zsh"]);
    }

    #[test]
    fn spec_paths_fall_back_to_file_completion() {
        let (found, directive) = complete(&words(&["import", "exa"]));
        assert!(found.is_empty());
        assert_eq!(directive, DIRECTIVE_DEFAULT);
    }
}

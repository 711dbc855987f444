//! `kubectl vmmigrate status`: why a VM is not Ready (issue 20.3). A kubectl-style table per
//! VM, `-o wide` and the one-VM view add the chain behind the reason (DataVolume, claim and
//! storage class, VMI, conditions, events); `-o json|yaml` for scripts. The reads are in
//! `cluster::status`, the judgement in `crate::diagnose`; this file only prints.

use super::common::{self, ExitStatus};
use super::{GlobalArgs, OutputArg};
use crate::cluster;
use crate::cluster::status::{Read, Which};
use crate::diagnose::{self, Diagnosis, Link};
use crate::output::table;
use serde_json::{json, Value};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  # Why are the VMs labelled app=web not Ready?\n  kubectl vmmigrate status -l app=web\n\n  # The chain behind one VM's status: disks, claims, instance, conditions, events\n  kubectl vmmigrate status web-1\n\n  # Every VM of the cluster, for a script\n  kubectl vmmigrate status -A -o json"
)]
pub struct StatusArgs {
    /// VM names (one name also prints the chain behind its status).
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Label selector of the VMs (e.g. app=web,tier!=db).
    #[arg(short = 'l', long, value_name = "SELECTOR", conflicts_with = "names")]
    pub selector: Option<String>,
    /// VMs of every namespace.
    #[arg(short = 'A', long, conflicts_with = "names")]
    pub all_namespaces: bool,
}

/// Exit status: 0 when every VM asked for was read (whatever its state: `status` reports,
/// it does not judge), 1 when a named VM does not exist or the cluster could not be read.
pub fn run(global: &GlobalArgs, args: StatusArgs) -> ExitStatus {
    let runtime = match cluster::runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitStatus::Failure;
        }
    };
    let which = if args.names.is_empty() {
        Which::Selector(args.selector.clone())
    } else {
        Which::Names(args.names.clone())
    };
    let read = runtime.block_on(async {
        let client = cluster::connect(&global.connect_options()).await?;
        let namespace = global
            .namespace
            .clone()
            .unwrap_or_else(|| client.default_namespace().to_string());
        let read = cluster::status::read(&client, &namespace, args.all_namespaces, &which).await?;
        Ok::<_, cluster::ClusterError>((namespace, read))
    });
    let (namespace, read) = match read {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitStatus::Failure;
        }
    };
    for note in &read.skipped {
        eprintln!("Warning: not shown, the list was refused: {note}");
    }
    let now = now_seconds();
    let found = diagnoses(&read, now);
    let printed = print(global.output, &args, &namespace, &found, now);
    for line in &read.not_found {
        eprintln!("{line}");
    }
    match printed {
        Err(status) => status,
        Ok(()) if !read.not_found.is_empty() => ExitStatus::Failure,
        Ok(()) => ExitStatus::Success,
    }
}

fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn diagnoses(read: &Read, now: i64) -> Vec<Diagnosis> {
    let empty = diagnose::Namespace::default();
    read.vms
        .iter()
        .map(|vm| {
            let ns = vm
                .pointer("/metadata/namespace")
                .and_then(Value::as_str)
                .and_then(|n| read.namespaces.get(n))
                .unwrap_or(&empty);
            diagnose::diagnose(vm, ns, &read.classes, now)
        })
        .collect()
}

fn print(
    output: Option<OutputArg>,
    args: &StatusArgs,
    namespace: &str,
    found: &[Diagnosis],
    now: i64,
) -> Result<(), ExitStatus> {
    let text = match output {
        Some(OutputArg::Json) => {
            let mut s = serde_json::to_string_pretty(&json!({"items": found})).unwrap_or_default();
            s.push('\n');
            s
        }
        Some(OutputArg::Yaml) => crate::output::yaml::to_yaml(&json!({"items": found})),
        Some(OutputArg::Name) => found
            .iter()
            .map(|d| format!("virtualmachine.kubevirt.io/{}\n", d.name))
            .collect(),
        wide => {
            if found.is_empty() {
                if args.names.is_empty() {
                    if args.all_namespaces {
                        eprintln!("No resources found");
                    } else {
                        eprintln!("No resources found in {namespace} namespace.");
                    }
                }
                return Ok(());
            }
            let wide = wide == Some(OutputArg::Wide);
            let mut text = summary_table(found, args.all_namespaces, wide, now);
            if wide || (args.names.len() == 1 && found.len() == 1) {
                for d in found {
                    text.push('\n');
                    text.push_str(&describe(d));
                }
            }
            text
        }
    };
    common::write_stdout(&text)
}

fn summary_table(found: &[Diagnosis], all_namespaces: bool, wide: bool, now: i64) -> String {
    let mut headers = vec![];
    if all_namespaces {
        headers.push("namespace");
    }
    headers.extend(["name", "status", "ready", "node", "age", "disks", "reason"]);
    if wide {
        headers.push("message");
    }
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|d| {
            let mut row = vec![];
            if all_namespaces {
                row.push(d.namespace.clone());
            }
            row.push(d.name.clone());
            row.push(or_dash(&d.status));
            row.push(if d.ready { "True" } else { "False" }.into());
            row.push(d.node.clone().unwrap_or_else(|| "<none>".into()));
            row.push(
                d.created
                    .as_deref()
                    .and_then(diagnose::epoch_seconds)
                    .map(|t| diagnose::human_age(now.saturating_sub(t)))
                    .unwrap_or_else(|| "<unknown>".into()),
            );
            row.push(match &d.disks {
                None => "-".into(),
                Some(k) if k.imported == k.total => format!("{}/{}", k.imported, k.total),
                Some(k) => format!("{}/{} {}%", k.imported, k.total, k.percent),
            });
            row.push(match d.reasons.as_slice() {
                [] => "-".into(),
                [one] => format!("{:?}", one.kind),
                [first, rest @ ..] => format!("{:?} (+{})", first.kind, rest.len()),
            });
            if wide {
                row.push(
                    d.reasons
                        .first()
                        .map(|r| crate::import::text::printable(&r.message))
                        .unwrap_or_else(|| "-".into()),
                );
            }
            row
        })
        .collect();
    table::render(&headers, &rows)
}

fn or_dash(s: &str) -> String {
    if s.is_empty() {
        "-".into()
    } else {
        s.to_string()
    }
}

/// The describe-like view of one VM: its reasons, most relevant first, then the chain.
pub fn describe(d: &Diagnosis) -> String {
    let clean = |s: &str| crate::import::text::printable(s);
    let mut out = format!(
        "Name:        {}\nNamespace:   {}\nStatus:      {}\nReady:       {}\n",
        d.name,
        d.namespace,
        or_dash(&d.status),
        if d.ready { "True" } else { "False" }
    );
    if d.reasons.is_empty() {
        out.push_str("Reasons:     <none>\n");
    } else {
        out.push_str("Reasons (most relevant first):\n");
        for (i, r) in d.reasons.iter().enumerate() {
            let cause = r
                .volume_cause
                .map(|c| format!(" ({c:?})"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {}. {:?}{cause} on {}\n     {}\n     What to do: {}\n",
                i + 1,
                r.kind,
                r.object,
                clean(&r.message),
                clean(&r.hint)
            ));
        }
    }
    out.push_str("Chain:\n");
    for link in &d.chain {
        out.push_str(&link_text(link));
    }
    out
}

fn link_text(link: &Link) -> String {
    let clean = |s: &str| crate::import::text::printable(s);
    let mut out = format!("  {}: {}\n", link.object, clean(&link.summary));
    if !link.conditions.is_empty() {
        out.push_str("    Conditions:\n");
        for c in &link.conditions {
            out.push_str(&format!("      {}\n", clean(c)));
        }
    }
    if !link.events.is_empty() {
        out.push_str("    Events:\n");
        let rows: Vec<Vec<String>> = link
            .events
            .iter()
            .map(|e| {
                let age = if e.count > 1 {
                    format!("{} (x{})", e.age, e.count)
                } else {
                    e.age.clone()
                };
                vec![
                    e.kind.clone(),
                    e.reason.clone(),
                    age,
                    e.from.clone(),
                    clean(&e.message),
                ]
            })
            .collect();
        for line in table::render(&["type", "reason", "age", "from", "message"], &rows).lines() {
            out.push_str(&format!("      {line}\n"));
        }
    }
    out
}

//! `kubectl vmmigrate version`: the plugin's version, as text or JSON like `kubectl version`.

use super::common::{self, ExitStatus};
use super::{GlobalArgs, OutputArg};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  kubectl vmmigrate version\n  kubectl vmmigrate version -o json"
)]
pub struct VersionArgs {}

pub fn run(global: &GlobalArgs, _args: VersionArgs) -> ExitStatus {
    let version = env!("CARGO_PKG_VERSION");
    let text = match global.output {
        Some(OutputArg::Json) => format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({
                "clientVersion": {
                    "gitVersion": format!("v{version}"),
                    "platform": format!("{}/{}", std::env::consts::OS, std::env::consts::ARCH),
                }
            }))
            .unwrap_or_default()
        ),
        Some(OutputArg::Yaml) => format!(
            "clientVersion:\n  gitVersion: v{version}\n  platform: {}/{}\n",
            std::env::consts::OS,
            std::env::consts::ARCH
        ),
        _ => format!("kubectl-vmmigrate v{version}\n"),
    };
    match common::write_stdout(&text) {
        Ok(()) => ExitStatus::Success,
        Err(status) => status,
    }
}

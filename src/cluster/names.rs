//! Names for shell completion: namespaces and VirtualMachines listed from the cluster with a
//! short timeout, and context names from the kubeconfig files kubectl would read.
//!
//! Completion must never hang the shell nor fail loudly, so every error here reads as "no
//! names".

use super::ConnectOptions;
use std::path::PathBuf;
use std::time::Duration;

/// What to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    Namespaces,
    /// In the namespace given, or the kubeconfig context's.
    VirtualMachines {
        namespace: Option<String>,
    },
}

/// The names of `listed`, or none when the cluster does not answer within `within`.
pub fn list_quickly(options: &ConnectOptions, listed: Listed, within: Duration) -> Vec<String> {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return Vec::new();
    };
    runtime.block_on(async {
        let found = tokio::time::timeout(within, async {
            let client = super::connect(options).await.ok()?;
            let params = kube::api::ListParams::default();
            let names: Vec<String> = match listed {
                Listed::Namespaces => {
                    let api: kube::Api<k8s_openapi::api::core::v1::Namespace> =
                        kube::Api::all(client);
                    let list = api.list(&params).await.ok()?;
                    list.items
                        .into_iter()
                        .filter_map(|n| n.metadata.name)
                        .collect()
                }
                Listed::VirtualMachines { namespace } => {
                    let namespace =
                        namespace.unwrap_or_else(|| client.default_namespace().to_string());
                    let resource = kube::api::ApiResource::from_gvk_with_plural(
                        &kube::api::GroupVersionKind::gvk("kubevirt.io", "v1", "VirtualMachine"),
                        "virtualmachines",
                    );
                    let api: kube::Api<kube::api::DynamicObject> =
                        kube::Api::namespaced_with(client, &namespace, &resource);
                    let list = api.list(&params).await.ok()?;
                    list.items
                        .into_iter()
                        .filter_map(|o| o.metadata.name)
                        .collect()
                }
            };
            Some(names)
        })
        .await;
        found.ok().flatten().unwrap_or_default()
    })
}

/// Context names from the kubeconfig files kubectl would read (`KUBECONFIG`, a
/// colon-separated list, else `~/.kube/config`). Unreadable files are skipped.
pub fn kubeconfig_contexts() -> Vec<String> {
    let paths: Vec<PathBuf> = match std::env::var_os("KUBECONFIG") {
        Some(value) if !value.is_empty() => std::env::split_paths(&value).collect(),
        _ => std::env::var_os("HOME")
            .map(|home| vec![PathBuf::from(home).join(".kube").join("config")])
            .unwrap_or_default(),
    };
    let mut names = Vec::new();
    for path in paths {
        let Ok(bytes) = crate::files::read_limited(&path, crate::files::MAX_FILE_BYTES) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let Ok(config) = serde_saphyr::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        for context in config["contexts"].as_array().into_iter().flatten() {
            if let Some(name) = context["name"].as_str() {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

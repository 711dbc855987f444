//! Runnable test cluster: the API emulator on a loopback port with the KubeVirt, CDI and
//! Multus CRDs installed, plus the KubeVirt/CDI simulator, until Ctrl-C.
//!
//! ```text
//! cargo run -p vmmigrate-testcluster --example test-cluster -- --kubeconfig-out /tmp/kc
//! cargo run -p vmmigrate-testcluster --example test-cluster -- --simulator-only --kubeconfig ~/.kube/config
//! ```
//! Options: `--port N` (default: a free port), `--no-simulator`, `--no-virt-api` (leave
//! `subresources.kubevirt.io` unserved, as when virt-api is down), `--boot-secs S` (default 2),
//! `--upload-proxy` (CDI's upload proxy, advertised in CDIConfig),
//! `--token TOKEN=USER[:GROUP,...]` (repeatable: a bearer token for a user in those groups;
//! its rights come from RBAC objects, e.g. `kubectl create rolebinding ... --user USER`).

use std::time::Duration;
use vmmigrate_testcluster::{simulator, TestCluster};

fn arg_value(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("test-cluster [--kubeconfig-out PATH] [--port N] [--no-simulator] [--no-virt-api] [--boot-secs S] [--upload-proxy] [--token TOKEN=USER[:GROUP,...]]... [--latency-ms N] [--write-latency-ms N]\ntest-cluster --simulator-only --kubeconfig PATH [--boot-secs S]");
        return Ok(());
    }
    let boot = arg_value(&args, "--boot-secs")
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(2.0);
    let cfg = simulator::SimConfig {
        boot_time: Duration::from_secs_f64(boot),
        cdi_upload: args.iter().any(|a| a == "--upload-proxy"),
        ..Default::default()
    };
    if args.iter().any(|a| a == "--simulator-only") {
        let path =
            arg_value(&args, "--kubeconfig").ok_or("--simulator-only needs --kubeconfig PATH")?;
        let kc = kube::config::Kubeconfig::read_from(&path)?;
        let config = kube::Config::from_custom_kubeconfig(kc, &Default::default()).await?;
        let client = kube::Client::try_from(config)?;
        eprintln!("simulating KubeVirt and CDI against {path}; Ctrl-C to stop");
        let sim = simulator::Simulator::start(client, cfg);
        tokio::signal::ctrl_c().await?;
        drop(sim);
        return Ok(());
    }
    let addr = match arg_value(&args, "--port") {
        Some(p) => format!("127.0.0.1:{p}"),
        None => "127.0.0.1:0".into(),
    };
    let tokens = args
        .iter()
        .enumerate()
        .filter(|(_, a)| *a == "--token")
        .map(|(i, _)| {
            args.get(i + 1)
                .ok_or_else(|| "--token needs TOKEN=USER[:GROUP,...]".to_string())
                .and_then(|s| vmmigrate_testcluster::rbac::parse_token_spec(s))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let cluster = TestCluster::start_on(&addr).await?;
    cluster.install_kubevirt_crds_with(!args.iter().any(|a| a == "--no-virt-api"))?;
    // A real kube-apiserver's answer times, for benchmarks (bench/apply.sh).
    let millis = |flag: &str| {
        arg_value(&args, flag)
            .and_then(|s| s.parse::<u64>().ok())
            .map(Duration::from_millis)
    };
    if let Some(d) = millis("--latency-ms") {
        cluster.set_latency(d);
    }
    if let Some(d) = millis("--write-latency-ms") {
        cluster.set_write_latency(d);
    }
    for (token, user, groups) in &tokens {
        let groups: Vec<&str> = groups.iter().map(String::as_str).collect();
        cluster.add_token(token, user, &groups);
    }
    let sim = if args.iter().any(|a| a == "--no-simulator") {
        None
    } else {
        Some(simulator::Simulator::start(cluster.client(), cfg))
    };
    // CDI's upload path (issue 21): the proxy, advertised in CDIConfig.
    let proxy = if args.iter().any(|a| a == "--upload-proxy") {
        let proxy = cluster.start_upload_proxy().await?;
        eprintln!("upload proxy at {}", proxy.url());
        Some(proxy)
    } else {
        None
    };
    match arg_value(&args, "--kubeconfig-out") {
        Some(p) => {
            cluster.write_kubeconfig(std::path::Path::new(&p))?;
            eprintln!(
                "test cluster at {}; kubeconfig written to {p}; Ctrl-C to stop",
                cluster.url()
            );
        }
        None => {
            println!("{}", cluster.kubeconfig_yaml());
            eprintln!("test cluster at {}; Ctrl-C to stop", cluster.url());
        }
    }
    tokio::signal::ctrl_c().await?;
    drop(proxy);
    drop(sim);
    Ok(())
}

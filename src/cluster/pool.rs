//! The cluster side of `pool create`: the namespace a pool goes to when neither `-n` nor the
//! mapping names one (the kubeconfig context's, as kubectl would use), read before the
//! generator runs because the golden disks' DataSources must spell it out; and the pool's
//! HorizontalPodAutoscaler, built from k8s-openapi's typed struct (the one layer that names
//! the client crates). Applying the pool's objects is `apply`'s job (`cluster::apply`).

use super::config::{kube_config, ConnectOptions};
use super::error::ClusterError;
use crate::generate::pool::Autoscale;
use crate::generate::{MANAGED_BY_LABEL, MANAGER};
use crate::kubevirt::pool::{POOL_API_VERSION, POOL_KIND};
use k8s_openapi::api::autoscaling::v2 as hpa;
use serde_json::{json, Value};

/// Why the kubeconfig's namespace could not be read.
#[derive(Debug, thiserror::Error)]
pub enum NamespaceError {
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[from] std::io::Error),
    #[error(transparent)]
    Cluster(#[from] ClusterError),
}

/// Annotations a live VM carries that are the cluster's, not the VM's: not copied into a pool.
const LIVE_ONLY_ANNOTATIONS: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    "kubevirt.io/latest-observed-api-version",
    "kubevirt.io/storage-observed-api-version",
];

/// The live VirtualMachine `name` (`--from vm/NAME`) in `namespace` (or the context's), as a
/// golden VM: apiVersion, kind, name, namespace, labels, annotations and spec, nothing the
/// cluster wrote into metadata or status.
pub fn live_vm(
    options: &ConnectOptions,
    namespace: Option<&str>,
    name: &str,
) -> Result<Value, NamespaceError> {
    let runtime = super::runtime()?;
    runtime.block_on(async {
        let client = super::connect(options).await?;
        let namespace = namespace
            .map(String::from)
            .unwrap_or_else(|| client.default_namespace().to_string());
        let resource = kube::api::ApiResource::from_gvk_with_plural(
            &kube::core::GroupVersionKind::gvk("kubevirt.io", "v1", "VirtualMachine"),
            "virtualmachines",
        );
        let api: kube::Api<kube::api::DynamicObject> =
            kube::Api::namespaced_with(client, &namespace, &resource);
        let vm = api.get(name).await.map_err(|e| {
            let reason = match &e {
                kube::Error::Api(status) => status.reason.clone(),
                _ => String::new(),
            };
            ClusterError::api(format!("Error from server ({reason})"), &e)
        })?;
        let annotations: serde_json::Map<String, Value> = vm
            .metadata
            .annotations
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, _)| !LIVE_ONLY_ANNOTATIONS.contains(&k.as_str()))
            .map(|(k, v)| (k, json!(v)))
            .collect();
        Ok(json!({
            "apiVersion": "kubevirt.io/v1",
            "kind": "VirtualMachine",
            "metadata": {
                "name": name,
                "namespace": namespace,
                "labels": vm.metadata.labels.unwrap_or_default(),
                "annotations": annotations,
            },
            "spec": vm.data.get("spec").cloned().unwrap_or(json!({})),
        }))
    })
}

/// The kubeconfig context's namespace (`default` when the context names none).
pub fn default_namespace(options: &ConnectOptions) -> Result<String, NamespaceError> {
    let runtime = super::runtime()?;
    let config = runtime.block_on(kube_config(options))?;
    Ok(config.default_namespace)
}

/// An autoscaling/v2 HorizontalPodAutoscaler on the pool's scale subresource. The HPA reads
/// the replicas' pods through the pool's `status.labelSelector`: the pool label is also on
/// the VMI template, so virt-launcher pods carry it and their CPU (metrics-server) counts.
/// A custom metric is a `Pods` metric: the HPA asks custom.metrics.k8s.io for it on those
/// same pods, so an adapter must serve it per virt-launcher pod.
pub fn autoscaler(pool: &str, namespace: Option<String>, a: &Autoscale) -> Value {
    let cpu = a.cpu_utilization.map(|percent| hpa::MetricSpec {
        type_: "Resource".into(),
        resource: Some(hpa::ResourceMetricSource {
            name: "cpu".into(),
            target: hpa::MetricTarget {
                type_: "Utilization".into(),
                average_utilization: i32::try_from(percent).ok(),
                ..Default::default()
            },
        }),
        ..Default::default()
    });
    let custom = a.pod_metrics.iter().map(|m| hpa::MetricSpec {
        type_: "Pods".into(),
        pods: Some(hpa::PodsMetricSource {
            metric: hpa::MetricIdentifier {
                name: m.name.clone(),
                selector: None,
            },
            target: hpa::MetricTarget {
                type_: "AverageValue".into(),
                average_value: Some(k8s_openapi::apimachinery::pkg::api::resource::Quantity(
                    m.average_value.clone(),
                )),
                ..Default::default()
            },
        }),
        ..Default::default()
    });
    let object = hpa::HorizontalPodAutoscaler {
        metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: Some(pool.to_string()),
            namespace,
            labels: Some([(MANAGED_BY_LABEL.to_string(), MANAGER.to_string())].into()),
            ..Default::default()
        },
        spec: hpa::HorizontalPodAutoscalerSpec {
            scale_target_ref: hpa::CrossVersionObjectReference {
                api_version: Some(POOL_API_VERSION.into()),
                kind: POOL_KIND.into(),
                name: pool.into(),
            },
            min_replicas: i32::try_from(a.min).ok(),
            max_replicas: i32::try_from(a.max).unwrap_or(i32::MAX),
            metrics: Some(cpu.into_iter().chain(custom).collect()),
            behavior: None,
        },
        status: None,
    };
    let mut value = serde_json::to_value(&object)
        .unwrap_or_else(|err| panic!("BUG: HorizontalPodAutoscaler did not serialise: {err}"));
    // k8s-openapi's struct has no apiVersion/kind fields of its own: its Serialize writes
    // them; make sure they lead, as in every other object.
    value["apiVersion"] = json!("autoscaling/v2");
    value["kind"] = json!("HorizontalPodAutoscaler");
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::pool::PodMetric;

    #[test]
    fn the_autoscaler_targets_the_pools_scale_subresource_on_cpu_utilisation() {
        let a = Autoscale {
            min: 2,
            max: 5,
            cpu_utilization: Some(70),
            pod_metrics: vec![],
        };
        let hpa = autoscaler("web", Some("cattle".into()), &a);
        assert_eq!(hpa["apiVersion"], "autoscaling/v2");
        assert_eq!(hpa["kind"], "HorizontalPodAutoscaler");
        assert_eq!(hpa["metadata"]["namespace"], "cattle");
        assert_eq!(
            hpa["spec"]["scaleTargetRef"],
            json!({"apiVersion": POOL_API_VERSION, "kind": POOL_KIND, "name": "web"})
        );
        assert_eq!(hpa["spec"]["minReplicas"], 2);
        assert_eq!(hpa["spec"]["maxReplicas"], 5);
        assert_eq!(
            hpa["spec"]["metrics"],
            json!([{"type": "Resource", "resource": {"name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 70}}}])
        );
    }

    #[test]
    fn a_custom_metric_is_a_pods_metric_with_an_average_value() {
        let a = Autoscale {
            min: 1,
            max: 3,
            cpu_utilization: None,
            pod_metrics: vec![PodMetric {
                name: "kubevirt_vmi_network_receive_packets".into(),
                average_value: "500m".into(),
            }],
        };
        let hpa = autoscaler("web", None, &a);
        assert_eq!(
            hpa["spec"]["metrics"],
            json!([{"type": "Pods", "pods": {
                "metric": {"name": "kubevirt_vmi_network_receive_packets"},
                "target": {"type": "AverageValue", "averageValue": "500m"}}}])
        );
    }
}

//! kube-apiserver's validation of an `autoscaling/v2` HorizontalPodAutoscaler spec
//! (`pkg/apis/autoscaling/validation`: `validateHorizontalPodAutoscalerSpec`,
//! `ValidateCrossVersionObjectReference`, `validateMetricSpec`, `validatePodsSource`,
//! `validateResourceSource`, `validateMetricTarget`, `validateMetricIdentifier`), with its
//! field paths and words, so a client's HPA the real server refuses is refused here too.
//! Object, External and ContainerResource sources are checked for their presence only.

use serde_json::Value;

/// Each problem as (field path, kube-apiserver's message).
pub fn validate(hpa: &Value) -> Vec<(String, String)> {
    let mut errors = vec![];
    let spec = &hpa["spec"];
    let min = spec.get("minReplicas").and_then(Value::as_i64);
    let max = spec.get("maxReplicas").and_then(Value::as_i64).unwrap_or(0);
    if let Some(min) = min.filter(|m| *m < 1) {
        errors.push((
            "spec.minReplicas".into(),
            format!("Invalid value: {min}: must be greater than or equal to 1"),
        ));
    }
    if max < 1 {
        errors.push((
            "spec.maxReplicas".into(),
            format!("Invalid value: {max}: must be greater than 0"),
        ));
    }
    if min.is_some_and(|m| max < m) {
        errors.push((
            "spec.maxReplicas".into(),
            format!("Invalid value: {max}: must be greater than or equal to `minReplicas`"),
        ));
    }
    for field in ["kind", "name"] {
        let path = format!("spec.scaleTargetRef.{field}");
        match spec["scaleTargetRef"][field].as_str().unwrap_or("") {
            "" => errors.push((path, "Required value".into())),
            value => path_segment(&path, value, &mut errors),
        }
    }
    for (i, metric) in spec["metrics"].as_array().into_iter().flatten().enumerate() {
        metric_spec(&format!("spec.metrics[{i}]"), metric, &mut errors);
    }
    errors
}

/// `IsValidPathSegmentName`: names that become a URL path segment.
fn path_segment(path: &str, value: &str, errors: &mut Vec<(String, String)>) {
    if value == "." || value == ".." {
        errors.push((
            path.into(),
            format!("Invalid value: \"{value}\": may not be '{value}'"),
        ));
    }
    for c in ['/', '%'] {
        if value.contains(c) {
            errors.push((
                path.into(),
                format!("Invalid value: \"{value}\": may not contain '{c}'"),
            ));
        }
    }
}

const SOURCE_TYPES: [(&str, &str); 5] = [
    ("ContainerResource", "containerResource"),
    ("External", "external"),
    ("Object", "object"),
    ("Pods", "pods"),
    ("Resource", "resource"),
];

fn metric_spec(path: &str, metric: &Value, errors: &mut Vec<(String, String)>) {
    let kind = metric["type"].as_str().unwrap_or("");
    let supported = SOURCE_TYPES
        .iter()
        .map(|(t, _)| format!("\"{t}\""))
        .collect::<Vec<_>>();
    if kind.is_empty() {
        errors.push((
            format!("{path}.type"),
            "Required value: must specify a metric source type".into(),
        ));
    }
    let Some((_, field)) = SOURCE_TYPES.iter().find(|(t, _)| *t == kind) else {
        errors.push((
            format!("{path}.type"),
            format!(
                "Unsupported value: \"{kind}\": supported values: {}",
                supported.join(", ")
            ),
        ));
        return;
    };
    let source = &metric[*field];
    if source.is_null() {
        errors.push((
            format!("{path}.{field}"),
            "Required value: must populate information for the given metric source".into(),
        ));
        return;
    }
    for (_, other) in SOURCE_TYPES.iter().filter(|(_, f)| f != field) {
        if !metric[*other].is_null() {
            errors.push((
                format!("{path}.{other}"),
                "Forbidden: must populate the given metric source only".into(),
            ));
        }
    }
    let target_path = format!("{path}.{field}.target");
    match kind {
        "Pods" => {
            let name_path = format!("{path}.pods.metric.name");
            match source["metric"]["name"].as_str().unwrap_or("") {
                "" => errors.push((
                    name_path,
                    "Required value: must specify a metric name".into(),
                )),
                name => path_segment(&name_path, name, errors),
            }
            metric_target(&target_path, &source["target"], errors);
            if source["target"].get("averageValue").is_none() {
                errors.push((
                    format!("{target_path}.averageValue"),
                    "Required value: must specify a positive target averageValue".into(),
                ));
            }
        }
        "Resource" => {
            if source["name"].as_str().unwrap_or("").is_empty() {
                errors.push((
                    format!("{path}.resource.name"),
                    "Required value: must specify a resource name".into(),
                ));
            }
            let target = &source["target"];
            metric_target(&target_path, target, errors);
            let (utilization, average) = (
                target.get("averageUtilization").is_some(),
                target.get("averageValue").is_some(),
            );
            if !utilization && !average {
                errors.push((
                    format!("{target_path}.averageUtilization"),
                    "Required value: must set either a target raw value or a target utilization"
                        .into(),
                ));
            }
            if utilization && average {
                errors.push((
                    format!("{target_path}.averageValue"),
                    "Forbidden: may not set both a target raw value and a target utilization"
                        .into(),
                ));
            }
        }
        _ => {}
    }
}

fn metric_target(path: &str, target: &Value, errors: &mut Vec<(String, String)>) {
    let kind = target["type"].as_str().unwrap_or("");
    if kind.is_empty() {
        errors.push((
            format!("{path}.type"),
            "Required value: must specify a metric target type".into(),
        ));
    }
    if !matches!(kind, "Utilization" | "Value" | "AverageValue") {
        errors.push((
            format!("{path}.type"),
            format!(
                "Invalid value: \"{kind}\": must be either Utilization, Value, or AverageValue"
            ),
        ));
    }
    for field in ["value", "averageValue"] {
        if let Some(q) = target.get(field) {
            let text = q
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| q.to_string());
            if !quantity_is_positive(&text) {
                errors.push((
                    format!("{path}.{field}"),
                    format!("Invalid value: \"{text}\": must be positive"),
                ));
            }
        }
    }
    if let Some(u) = target.get("averageUtilization").and_then(Value::as_i64) {
        if u < 1 {
            errors.push((
                format!("{path}.averageUtilization"),
                format!("Invalid value: {u}: must be greater than 0"),
            ));
        }
    }
}

/// The sign of a quantity is its number's: positive when it has a non-zero digit before its
/// suffix or exponent and no minus sign.
fn quantity_is_positive(text: &str) -> bool {
    let number: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '+' | '-'))
        .collect();
    !number.starts_with('-') && number.chars().any(|c| ('1'..='9').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hpa(metrics: Value) -> Value {
        json!({"spec": {"scaleTargetRef": {"apiVersion": "pool.kubevirt.io/v1beta1",
            "kind": "VirtualMachinePool", "name": "web"},
            "minReplicas": 2, "maxReplicas": 5, "metrics": metrics}})
    }

    #[test]
    fn what_the_plugin_writes_is_valid() {
        let ok = hpa(json!([
            {"type": "Resource", "resource": {"name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 70}}},
            {"type": "Pods", "pods": {"metric": {"name": "requests_per_second"},
                "target": {"type": "AverageValue", "averageValue": "500m"}}},
        ]));
        assert_eq!(validate(&ok), vec![]);
    }

    #[test]
    fn the_servers_refusals_with_its_words() {
        let bad = hpa(json!([
            {"type": "Pods", "pods": {"metric": {"name": "a/b"},
                "target": {"type": "Value", "value": "0"}}},
            {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization"}}},
            {"type": "Bogus"},
        ]));
        let errors = validate(&bad);
        let has =
            |field: &str, words: &str| errors.iter().any(|(f, m)| f == field && m.contains(words));
        assert!(
            has("spec.metrics[0].pods.metric.name", "may not contain '/'"),
            "{errors:?}"
        );
        assert!(
            has("spec.metrics[0].pods.target.value", "must be positive"),
            "{errors:?}"
        );
        assert!(
            has(
                "spec.metrics[0].pods.target.averageValue",
                "must specify a positive target averageValue"
            ),
            "{errors:?}"
        );
        assert!(
            has(
                "spec.metrics[1].resource.target.averageUtilization",
                "must set either a target raw value or a target utilization"
            ),
            "{errors:?}"
        );
        assert!(
            has("spec.metrics[2].type", "Unsupported value: \"Bogus\""),
            "{errors:?}"
        );
        let mut replicas = hpa(json!([]));
        replicas["spec"]["minReplicas"] = json!(6);
        assert_eq!(
            validate(&replicas),
            vec![(
                "spec.maxReplicas".to_string(),
                "Invalid value: 5: must be greater than or equal to `minReplicas`".to_string()
            )]
        );
    }
}

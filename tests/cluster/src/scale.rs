//! The `/scale` subresource of custom resources, as kube-apiserver serves it for a CRD version
//! that declares `subresources.scale`: an `autoscaling/v1` Scale whose `spec.replicas` is read
//! from and written to `specReplicasPath`, `status.replicas` read from `statusReplicasPath`
//! and `status.selector` from `labelSelectorPath` (kube-apiserver's
//! `apiextensions-apiserver/pkg/registry/customresource` scale storage). GET, PUT and PATCH
//! (merge and JSON patch) are served; a write changes only the replicas of the main object,
//! with its resourceVersion as the Scale's (a stale one is a 409, as on the object).
//!
//! What `kubectl scale` and the HorizontalPodAutoscaler use on a VirtualMachinePool.

use crate::fields;
use crate::registry::ResourceInfo;
use crate::store::{State, WriteCtx};
use crate::util::PointerAt;
use crate::util::{ApiError, ApiResult};
use serde_json::{json, Value};

/// `subresources.scale` of a CRD version, as JSON pointers.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalePaths {
    pub spec_replicas: String,
    pub status_replicas: String,
    pub label_selector: Option<String>,
}

/// `.spec.replicas` -> `/spec/replicas`.
fn pointer(path: &str) -> String {
    path.split('.')
        .filter(|p| !p.is_empty())
        .fold(String::new(), |acc, p| format!("{acc}/{p}"))
}

impl ScalePaths {
    /// From a CRD version's `subresources.scale` (`None` when it declares none).
    pub fn of_version(version: &Value) -> Option<ScalePaths> {
        let scale = version.pointer_at("/subresources/scale")?;
        Some(ScalePaths {
            spec_replicas: pointer(scale.get("specReplicasPath")?.as_str()?),
            status_replicas: pointer(scale.get("statusReplicasPath")?.as_str()?),
            label_selector: scale
                .get("labelSelectorPath")
                .and_then(Value::as_str)
                .map(pointer),
        })
    }
}

/// The Scale of an object.
pub fn scale_of(obj: &Value, paths: &ScalePaths) -> Value {
    let meta = &obj["metadata"];
    let mut status = json!({
        "replicas": obj.pointer_at(&paths.status_replicas).and_then(Value::as_i64).unwrap_or(0),
    });
    if let Some(selector) = paths
        .label_selector
        .as_deref()
        .and_then(|p| obj.pointer_at(p))
        .and_then(Value::as_str)
    {
        status["selector"] = json!(selector);
    }
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": meta["name"],
            "namespace": meta["namespace"],
            "uid": meta["uid"],
            "resourceVersion": meta["resourceVersion"],
            "creationTimestamp": meta["creationTimestamp"],
        },
        "spec": {"replicas": obj.pointer_at(&paths.spec_replicas).and_then(Value::as_i64).unwrap_or(0)},
        "status": status,
    })
}

/// GET, PUT or PATCH of `/scale`; returns the Scale after the request.
#[allow(clippy::too_many_arguments)]
pub fn serve(
    s: &mut State,
    ri: &ResourceInfo,
    ns: Option<&str>,
    name: &str,
    verb: &str,
    content_type: &str,
    body: &[u8],
    ctx: &mut WriteCtx,
) -> ApiResult<Value> {
    let Some(paths) = ri.scale.clone() else {
        return Err(ApiError::new(
            404,
            "NotFound",
            "the server could not find the requested resource",
        ));
    };
    let obj = s.get(ri, ns, name)?;
    let current = scale_of(&obj, &paths);
    let wanted = match verb {
        "get" => return Ok(current),
        "update" => serde_json::from_slice::<Value>(body)
            .map_err(|e| ApiError::bad_request(format!("error decoding Scale: {e}")))?,
        "patch" => {
            let patch: Value = serde_json::from_slice(body)
                .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
            let mut scale = current.clone();
            match content_type.split(';').next().unwrap_or("").trim() {
                "application/merge-patch+json" => fields::merge_patch(&mut scale, &patch),
                "application/json-patch+json" => fields::json_patch(&mut scale, &patch)
                    .map_err(|_| crate::messages::json_patch_rejected())?,
                other => {
                    return Err(ApiError::new(415, "UnsupportedMediaType", format!("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got {other})")));
                }
            }
            scale
        }
        _ => {
            return Err(ApiError::new(
                405,
                "MethodNotAllowed",
                "the server does not allow this method on the requested resource",
            ))
        }
    };
    let replicas = wanted
        .pointer_at("/spec/replicas")
        .and_then(Value::as_i64)
        .filter(|r| (0..=i64::from(i32::MAX)).contains(r))
        .ok_or_else(|| {
            ApiError::invalid(
                "Scale",
                name,
                vec![(
                    "spec.replicas".into(),
                    format!(
                        "Invalid value: {}: must be greater than or equal to 0",
                        wanted.pointer_at("/spec/replicas").unwrap_or(&Value::Null)
                    ),
                )],
            )
        })?;
    let mut updated = obj.clone();
    if let Some(rv) = wanted
        .pointer_at("/metadata/resourceVersion")
        .and_then(Value::as_str)
    {
        updated["metadata"]["resourceVersion"] = json!(rv);
    }
    set_pointer(&mut updated, &paths.spec_replicas, json!(replicas));
    let written = s.update(ri, ns, name, updated, None, ctx)?;
    Ok(scale_of(&written, &paths))
}

/// Sets the value at a JSON pointer, creating the objects on the way.
fn set_pointer(doc: &mut Value, pointer: &str, value: Value) {
    let mut node = doc;
    let keys: Vec<&str> = pointer.split('/').skip(1).collect();
    for (i, key) in keys.iter().enumerate() {
        if !node.is_object() {
            *node = json!({});
        }
        let Some(map) = node.as_object_mut() else {
            return;
        };
        if i + 1 == keys.len() {
            map.insert((*key).to_string(), value);
            return;
        }
        node = map.entry((*key).to_string()).or_insert_with(|| json!({}));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_the_scale_of_an_object() {
        let paths = ScalePaths::of_version(&json!({"subresources": {"scale": {
            "specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas",
            "labelSelectorPath": ".status.labelSelector"}}}))
        .unwrap();
        assert_eq!(paths.spec_replicas, "/spec/replicas");
        let obj = json!({"metadata": {"name": "web", "namespace": "ns", "resourceVersion": "7"},
            "spec": {"replicas": 5}, "status": {"replicas": 3, "labelSelector": "kubevirt.io/vmpool=web"}});
        let scale = scale_of(&obj, &paths);
        assert_eq!(scale["spec"]["replicas"], 5);
        assert_eq!(
            scale["status"],
            json!({"replicas": 3, "selector": "kubevirt.io/vmpool=web"})
        );
        assert_eq!(scale["metadata"]["resourceVersion"], "7");
        assert_eq!(
            ScalePaths::of_version(&json!({"subresources": {"status": {}}})),
            None
        );
        let mut doc = json!({});
        set_pointer(&mut doc, "/spec/replicas", json!(2));
        assert_eq!(doc, json!({"spec": {"replicas": 2}}));
    }
}

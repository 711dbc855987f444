//! Watch semantics (resumption from a resourceVersion, 410 Gone after compaction, bookmarks,
//! selector transitions, dropped streams with `kube::runtime::watcher`), authentication and RBAC (401/403),
//! fault injection and the request log.

use crate::common::*;
use futures_util::{StreamExt, TryStreamExt};
use kube::api::{Patch, PatchParams, PostParams, WatchEvent, WatchParams};
use kube::runtime::watcher;
use serde_json::json;
use std::time::Duration;
use vmmigrate_testcluster::{FaultAction, Rule};

#[tokio::test]
async fn watch_resumes_from_resource_version() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        let a = api
            .create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .unwrap();
        let rv = a.metadata.resource_version.clone().unwrap();
        api.patch(
            "a",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"runStrategy": "Halted"}})),
        )
        .await
        .unwrap();
        api.create(&PostParams::default(), &dyn_obj(vm("b")))
            .await
            .unwrap();
        api.delete("b", &Default::default()).await.unwrap();
        let mut s = api
            .watch(&WatchParams::default().timeout(3), &rv)
            .await
            .unwrap()
            .boxed();
        let mut seen = vec![];
        while let Some(ev) = s.try_next().await.unwrap() {
            match ev {
                WatchEvent::Added(o) => {
                    seen.push(format!("ADDED {}", o.metadata.name.unwrap_or_default()))
                }
                WatchEvent::Modified(o) => {
                    seen.push(format!("MODIFIED {}", o.metadata.name.unwrap_or_default()))
                }
                WatchEvent::Deleted(o) => {
                    seen.push(format!("DELETED {}", o.metadata.name.unwrap_or_default()))
                }
                WatchEvent::Bookmark(_) => {}
                WatchEvent::Error(e) => panic!("{e:?}"),
            }
            if seen.len() == 3 {
                break;
            }
        }
        assert_eq!(seen, vec!["MODIFIED a", "ADDED b", "DELETED b"]);
    })
    .await;
}

#[tokio::test]
async fn watch_from_compacted_version_is_gone() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        let a = api
            .create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .unwrap();
        let rv = a.metadata.resource_version.clone().unwrap();
        api.patch(
            "a",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"runStrategy": "Halted"}})),
        )
        .await
        .unwrap();
        c.compact();
        let mut s = api
            .watch(&WatchParams::default().timeout(3), &rv)
            .await
            .unwrap()
            .boxed();
        match s.try_next().await.unwrap() {
            Some(WatchEvent::Error(e)) => {
                assert_eq!(e.code, 410);
                assert_eq!(e.reason, "Expired");
                assert!(
                    e.message
                        .starts_with(&format!("too old resource version: {rv} (")),
                    "{}",
                    e.message
                );
            }
            other => panic!("expected 410, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn bookmarks_and_label_transitions() {
    bounded(async {
        let c = cluster().await;
        c.set_bookmark_interval(Duration::from_millis(100));
        let api = vms(&c);
        let a = api
            .create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .unwrap();
        let rv = a.metadata.resource_version.clone().unwrap();
        let mut s = api
            .watch(&WatchParams::default().labels("app=db").timeout(5), &rv)
            .await
            .unwrap()
            .boxed();
        // Relabel out of the selector: the watcher sees DELETED, back in: ADDED.
        api.patch(
            "a",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"labels": {"app": "web"}}})),
        )
        .await
        .unwrap();
        api.patch(
            "a",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"labels": {"app": "db"}}})),
        )
        .await
        .unwrap();
        let mut seen = vec![];
        let mut bookmark_rv = None;
        while let Some(ev) = s.try_next().await.unwrap() {
            match ev {
                WatchEvent::Added(_) => seen.push("ADDED"),
                WatchEvent::Modified(_) => seen.push("MODIFIED"),
                WatchEvent::Deleted(_) => seen.push("DELETED"),
                WatchEvent::Bookmark(b) => bookmark_rv = Some(b.metadata.resource_version),
                WatchEvent::Error(e) => panic!("{e:?}"),
            }
            if seen.len() >= 2 && bookmark_rv.is_some() {
                break;
            }
        }
        assert_eq!(seen, vec!["DELETED", "ADDED"]);
        assert_eq!(bookmark_rv, Some(c.resource_version().to_string()));
    })
    .await;
}

type Events = futures_util::stream::BoxStream<
    'static,
    Result<watcher::Event<kube::api::DynamicObject>, watcher::Error>,
>;

async fn wait_for(name: &str, s: &mut Events) -> bool {
    while let Some(ev) = s.next().await {
        if let Ok(watcher::Event::Apply(o)) | Ok(watcher::Event::InitApply(o)) = &ev {
            if o.metadata.name.as_deref() == Some(name) {
                return true;
            }
        }
    }
    false
}

#[tokio::test]
async fn runtime_watcher_survives_dropped_streams() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        api.create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .unwrap();
        let mut s = watcher(api.clone(), watcher::Config::default()).boxed();
        let mut names = vec![];
        // Initial list.
        while let Some(ev) = s.try_next().await.unwrap() {
            if let watcher::Event::InitApply(o) = &ev {
                names.push(o.metadata.name.clone().unwrap_or_default());
            }
            if matches!(ev, watcher::Event::InitDone) {
                break;
            }
        }
        assert_eq!(names, vec!["a"]);
        // Polling the stream opens the watch; b arrives through it.
        let (seen_b, _) = tokio::join!(wait_for("b", &mut s), async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            api.create(&PostParams::default(), &dyn_obj(vm("b")))
                .await
                .unwrap();
        });
        assert!(seen_b);
        c.drop_watches();
        api.create(&PostParams::default(), &dyn_obj(vm("c")))
            .await
            .unwrap();
        assert!(
            wait_for("c", &mut s).await,
            "c seen after the stream was dropped"
        );
        assert!(
            c.requests()
                .iter()
                .filter(|r| r.verb.as_deref() == Some("watch"))
                .count()
                >= 2
        );
    })
    .await;
}

#[tokio::test]
async fn runtime_watcher_with_streaming_lists() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        api.create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .unwrap();
        let mut s: Events =
            watcher(api.clone(), watcher::Config::default().streaming_lists()).boxed();
        let mut init = vec![];
        while let Some(ev) = s.try_next().await.unwrap() {
            match ev {
                watcher::Event::InitApply(o) => init.push(o.metadata.name.unwrap_or_default()),
                watcher::Event::InitDone => break,
                _ => {}
            }
        }
        assert_eq!(init, vec!["a"]);
        let (seen, _) = tokio::join!(wait_for("b", &mut s), async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            api.create(&PostParams::default(), &dyn_obj(vm("b")))
                .await
                .unwrap();
        });
        assert!(seen);
        let w = c
            .requests()
            .into_iter()
            .find(|r| r.verb.as_deref() == Some("watch"))
            .expect("a watch");
        assert_eq!(w.query_param("sendInitialEvents").as_deref(), Some("true"));
        assert!(
            c.requests()
                .iter()
                .all(|r| r.verb.as_deref() != Some("list")),
            "no list with streaming lists"
        );
    })
    .await;
}

#[tokio::test]
async fn rbac_unauthorized_and_forbidden() {
    bounded(async {
        let c = cluster().await;
        c.add_user("viewer-token", "viewer", vec![Rule::new(&["get", "list", "watch"], &["kubevirt.io"], &["virtualmachines"])]);
        let anon = kube::Client::try_from(c.kube_config_for(None)).unwrap();
        let anon_vms = kube::Api::<kube::api::DynamicObject>::namespaced_with(anon, "default", &ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"));
        let (code, reason, _) = api_err(anon_vms.list(&Default::default()).await.unwrap_err());
        assert_eq!((code, reason.as_str()), (401, "Unauthorized"));
        let viewer = kube::Client::try_from(c.kube_config_for(Some("viewer-token"))).unwrap();
        let v_vms = kube::Api::<kube::api::DynamicObject>::namespaced_with(viewer, "default", &ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"));
        assert!(v_vms.list(&Default::default()).await.is_ok());
        let (code, reason, msg) = api_err(v_vms.patch("a", &PatchParams::apply("kubectl-vmmigrate"), &Patch::Apply(vm("a"))).await.unwrap_err());
        assert_eq!((code, reason.as_str()), (403, "Forbidden"));
        assert_eq!(msg, "virtualmachines.kubevirt.io \"a\" is forbidden: User \"viewer\" cannot patch resource \"virtualmachines\" in API group \"kubevirt.io\" in the namespace \"default\"");
        // The admin kubeconfig still has every right.
        assert!(vms(&c).patch("a", &PatchParams::apply("kubectl-vmmigrate"), &Patch::Apply(vm("a"))).await.is_ok());
        // SelfSubjectAccessReview answers from the same rules.
        let (code, _, body) = raw_as(&c, "viewer-token", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", &json!({"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "spec": {"resourceAttributes": {"verb": "patch", "group": "kubevirt.io", "resource": "virtualmachines", "namespace": "default"}}})).await;
        assert_eq!(code, 201);
        assert_eq!(body["status"]["allowed"], false);
        let log = c.requests();
        assert!(log.iter().any(|r| r.status == 403 && r.user.as_deref() == Some("viewer")));
    })
    .await;
}

async fn raw_as(
    c: &vmmigrate_testcluster::TestCluster,
    token: &str,
    path: &str,
    body: &serde_json::Value,
) -> (u16, (), serde_json::Value) {
    let client = kube::Client::try_from(c.kube_config_for(Some(token))).unwrap();
    let req = http::Request::post(path)
        .header("content-type", "application/json")
        .body(kube::client::Body::from(serde_json::to_vec(body).unwrap()))
        .unwrap();
    let resp = client.send(req).await.unwrap();
    let code = resp.status().as_u16();
    let bytes = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    (code, (), serde_json::from_slice(&bytes).unwrap_or_default())
}

#[tokio::test]
async fn injected_faults_and_request_log() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        c.fail_next(
            Some("patch"),
            Some("virtualmachines"),
            1,
            FaultAction::ServerError,
        );
        let (code, reason, _) = api_err(
            api.patch(
                "a",
                &PatchParams::apply("kubectl-vmmigrate"),
                &Patch::Apply(vm("a")),
            )
            .await
            .unwrap_err(),
        );
        assert_eq!((code, reason.as_str()), (500, "InternalError"));
        c.fail_next(
            Some("patch"),
            None,
            1,
            FaultAction::TooManyRequests {
                retry_after_secs: 3,
            },
        );
        let mut no_retry = c.kube_config();
        no_retry.default_retry = false;
        let nr = kube::Api::<kube::api::DynamicObject>::namespaced_with(
            kube::Client::try_from(no_retry).unwrap(),
            "default",
            &ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"),
        );
        let e = nr
            .patch(
                "a",
                &PatchParams::apply("kubectl-vmmigrate"),
                &Patch::Apply(vm("a")),
            )
            .await
            .unwrap_err();
        match e {
            kube::Error::Api(s) => {
                assert_eq!((s.code, s.reason.as_str()), (429, "TooManyRequests"));
                assert_eq!(s.details.map(|d| d.retry_after_seconds), Some(3));
            }
            other => panic!("{other}"),
        }
        c.fail_next(
            Some("get"),
            Some("virtualmachines"),
            1,
            FaultAction::Conflict,
        );
        // Faults are consumed: the patch now works.
        api.patch(
            "a",
            &PatchParams::apply("kubectl-vmmigrate"),
            &Patch::Apply(vm("a")),
        )
        .await
        .expect("after faults");
        assert_eq!(api_err(api.get("a").await.unwrap_err()).0, 409);
        assert!(api.get("a").await.is_ok());
        // Faults can target one object.
        c.fail_next_named(
            Some("get"),
            Some("virtualmachines"),
            "other",
            1,
            FaultAction::ServerError,
        );
        assert!(api.get("a").await.is_ok());
        assert_eq!(api_err(api.get("other").await.unwrap_err()).0, 500);
        // A hang makes the client time out.
        c.fail_next(Some("get"), None, 1, FaultAction::Hang);
        let mut cfg = c.kube_config();
        cfg.read_timeout = Some(Duration::from_millis(300));
        let short = kube::Api::<kube::api::DynamicObject>::namespaced_with(
            kube::Client::try_from(cfg).unwrap(),
            "default",
            &ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"),
        );
        let t0 = std::time::Instant::now();
        assert!(short.get("a").await.is_err());
        // A hang lasts forever: any bound shows the read timeout ended it; a generous one,
        // because a loaded machine stretches the TLS handshake before the 300 ms start.
        assert!(t0.elapsed() < Duration::from_secs(20), "{:?}", t0.elapsed());
        // Latency.
        c.set_latency(Duration::from_millis(200));
        let t0 = std::time::Instant::now();
        api.get("a").await.unwrap();
        assert!(t0.elapsed() >= Duration::from_millis(200));
        c.set_latency(Duration::ZERO);
        // The log: every successful write was a server-side apply by our manager.
        let writes: Vec<_> = c
            .requests()
            .into_iter()
            .filter(|r| r.is_write() && r.status < 300)
            .collect();
        assert!(!writes.is_empty());
        for w in &writes {
            assert_eq!(
                w.content_type.as_deref(),
                Some("application/apply-patch+yaml")
            );
            assert_eq!(w.field_manager.as_deref(), Some("kubectl-vmmigrate"));
            assert_eq!(
                w.query_param("fieldManager").as_deref(),
                Some("kubectl-vmmigrate")
            );
        }
        let codes: Vec<u16> = c
            .requests()
            .iter()
            .filter(|r| r.resource.as_deref() == Some("virtualmachines"))
            .map(|r| r.status)
            .collect();
        assert_eq!(&codes[..3], &[500, 429, 201]);
        assert!(codes.contains(&500) && codes.iter().filter(|c| **c == 500).count() == 2);
        assert!(
            codes.contains(&0),
            "the hung request is logged with status 0"
        );
    })
    .await;
}

/// Write latency (a real server's admission and etcd transaction, for bench/apply.sh) is
/// added before writes and not before reads: a write waits at least as long as set.
#[tokio::test]
async fn write_latency_slows_writes() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        api.create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .unwrap();
        c.set_write_latency(Duration::from_millis(300));
        let t0 = std::time::Instant::now();
        api.patch(
            "a",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"runStrategy": "Halted"}})),
        )
        .await
        .unwrap();
        assert!(
            t0.elapsed() >= Duration::from_millis(300),
            "{:?}",
            t0.elapsed()
        );
        // Reads skip it: the request log's timing is not exposed, so check the one
        // thing a loaded machine cannot blur, that 10 reads do not take 10 writes' delay.
        let t0 = std::time::Instant::now();
        for _ in 0..10 {
            api.get("a").await.unwrap();
        }
        assert!(
            t0.elapsed() < Duration::from_millis(3000),
            "{:?}",
            t0.elapsed()
        );
    })
    .await;
}

/// The write latency is per request: writes in flight wait out theirs at the same time (a
/// lock held across the sleep would serialise them and hide what a client's parallel
/// requests are worth), and reviews, which a real server never stores, get none. Not a speed
/// check: with a 2 s latency, 8 serialised writes could not take under 16 s whatever the
/// load, and an SSAR delayed by the 120 s latency could not finish within the 60 s bound.
#[tokio::test]
async fn write_latency_is_per_request_and_spares_reviews() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        for i in 0..8 {
            api.create(&PostParams::default(), &dyn_obj(vm(&format!("p{i}"))))
                .await
                .unwrap();
        }
        c.set_write_latency(Duration::from_secs(2));
        let t0 = std::time::Instant::now();
        let patches = (0..8).map(|i| {
            let api = api.clone();
            async move {
                api.patch(
                    &format!("p{i}"),
                    &PatchParams::default(),
                    &Patch::Merge(json!({"spec": {"runStrategy": "Halted"}})),
                )
                .await
                .unwrap();
            }
        });
        futures_util::future::join_all(patches).await;
        let took = t0.elapsed();
        assert!(took >= Duration::from_secs(2), "{took:?}");
        assert!(took < Duration::from_secs(12), "serialised: {took:?}");
        c.add_user("viewer-token", "viewer", vec![Rule::new(&["get"], &["kubevirt.io"], &["virtualmachines"])]);
        c.set_write_latency(Duration::from_secs(120));
        let (code, _, body) = raw_as(&c, "viewer-token", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", &json!({"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "spec": {"resourceAttributes": {"verb": "get", "group": "kubevirt.io", "resource": "virtualmachines", "namespace": "default"}}})).await;
        assert_eq!(code, 201, "{body}");
        c.set_write_latency(Duration::ZERO);
    })
    .await;
}

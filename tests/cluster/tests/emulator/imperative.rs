//! kubectl's imperative commands against the emulator. `create namespace`, `create secret` and
//! `create configmap` send Kubernetes protobuf bodies (not JSON), which a real kube-apiserver
//! 1.32 accepts: the emulator must store the same objects as JSON (`run` sends JSON).

use crate::common::kubectl::*;
use crate::common::*;

/// The stored object of `plural`/`name` (core group), or a panic naming it.
fn stored(
    c: &vmmigrate_testcluster::TestCluster,
    plural: &str,
    ns: &str,
    name: &str,
) -> serde_json::Value {
    c.object("", plural, ns, name)
        .unwrap_or_else(|| panic!("{plural}/{name} not stored"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imperative_creates_send_protobuf_and_store_the_objects() {
    bounded(async {
        let Some((c, _d, kc)) = setup().await else {
            return;
        };
        let o = kubectl(&kc, &["create", "namespace", "tenant"], None).await;
        assert!(o.ok, "{}", o.stderr);
        assert_eq!(o.stdout.trim(), "namespace/tenant created");
        let o = kubectl(
            &kc,
            &[
                "create",
                "secret",
                "generic",
                "db",
                "-n",
                "tenant",
                "--from-literal=password=s3cr=t",
            ],
            None,
        )
        .await;
        assert!(o.ok, "{}", o.stderr);
        assert_eq!(o.stdout.trim(), "secret/db created");
        let o = kubectl(
            &kc,
            &[
                "create",
                "configmap",
                "cfg",
                "-n",
                "tenant",
                "--from-literal=mode=fast",
            ],
            None,
        )
        .await;
        assert!(o.ok, "{}", o.stderr);
        assert_eq!(o.stdout.trim(), "configmap/cfg created");
        let o = kubectl(
            &kc,
            &[
                "run",
                "web",
                "-n",
                "tenant",
                "--image=nginx:1.27",
                "--labels=app=web",
                "--port=8080",
            ],
            None,
        )
        .await;
        assert!(o.ok, "{}", o.stderr);
        assert_eq!(o.stdout.trim(), "pod/web created");
        // The three `create` commands send protobuf (`run` sends JSON); all are created.
        let creates: Vec<_> = c
            .requests()
            .into_iter()
            .filter(|r| r.method == "POST")
            .collect();
        let types: Vec<_> = creates
            .iter()
            .map(|r| {
                (
                    r.resource.clone().unwrap_or_default(),
                    r.content_type.clone().unwrap_or_default(),
                    r.status,
                )
            })
            .collect();
        let pb = "application/vnd.kubernetes.protobuf".to_string();
        assert_eq!(
            types,
            [
                ("namespaces".to_string(), pb.clone(), 201),
                ("secrets".to_string(), pb.clone(), 201),
                ("configmaps".to_string(), pb, 201),
                ("pods".to_string(), "application/json".to_string(), 201),
            ]
        );
        let ns = stored(&c, "namespaces", "", "tenant");
        assert_eq!(ns["metadata"]["name"], "tenant");
        // Go's zero values travel in protobuf; JSON leaves them out.
        assert_eq!(ns["metadata"].get("generation"), None, "{ns}");
        assert_eq!(ns["metadata"].get("namespace"), None, "{ns}");
        let secret = stored(&c, "secrets", "tenant", "db");
        assert_eq!(secret["type"], "Opaque");
        // base64("s3cr=t")
        assert_eq!(secret["data"]["password"], "czNjcj10");
        assert_eq!(
            stored(&c, "configmaps", "tenant", "cfg")["data"]["mode"],
            "fast"
        );
        let pod = stored(&c, "pods", "tenant", "web");
        assert_eq!(pod["metadata"]["labels"]["app"], "web");
        let container = &pod["spec"]["containers"][0];
        assert_eq!(container["name"], "web");
        assert_eq!(container["image"], "nginx:1.27");
        assert_eq!(container["ports"][0]["containerPort"], 8080);
        assert_eq!(pod["spec"]["restartPolicy"], "Always");
        // kubectl reads them back as usual.
        let o = kubectl(
            &kc,
            &[
                "get",
                "secret",
                "db",
                "-n",
                "tenant",
                "-o",
                "jsonpath={.data.password}",
            ],
            None,
        )
        .await;
        assert_eq!(o.stdout, "czNjcj10", "{}", o.stderr);
        // `auth can-i` posts a SelfSubjectAccessReview as protobuf too.
        let o = kubectl(
            &kc,
            &[
                "auth",
                "can-i",
                "create",
                "virtualmachines.kubevirt.io",
                "-n",
                "tenant",
            ],
            None,
        )
        .await;
        assert_eq!(o.stdout.trim(), "yes", "{}", o.stderr);
        let review = c
            .requests()
            .into_iter()
            .find(|r| r.resource.as_deref() == Some("selfsubjectaccessreviews"))
            .expect("a review was posted");
        assert_eq!(
            (review.content_type.as_deref(), review.status),
            (Some("application/vnd.kubernetes.protobuf"), 201)
        );
        // A second create of the same name: the real server's AlreadyExists wording.
        let o = kubectl(&kc, &["create", "namespace", "tenant"], None).await;
        assert!(!o.ok);
        assert_eq!(
            o.stderr.trim(),
            "Error from server (AlreadyExists): namespaces \"tenant\" already exists"
        );
    })
    .await;
}

/// `kubectl create rolebinding` sends protobuf too; the binding it stores is real RBAC: the
/// tenant it names gets the aggregated `admin` role in that namespace and nothing elsewhere,
/// as `kubectl auth can-i` (protobuf access reviews) run as the tenant shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imperative_rolebinding_grants_a_tenant_its_namespace_only() {
    bounded(async {
        let Some((c, dir, kc)) = setup().await else {
            return;
        };
        c.add_token("alice-token", "alice", &[]);
        let tenant_kc = dir.path().join("alice");
        std::fs::write(&tenant_kc, c.kubeconfig_yaml_for("alice-token")).expect("kubeconfig");
        let can_i = |args: &'static [&'static str]| {
            let tenant_kc = tenant_kc.clone();
            async move {
                let mut full = vec!["auth", "can-i"];
                full.extend_from_slice(args);
                kubectl(&tenant_kc, &full, None)
                    .await
                    .stdout
                    .trim()
                    .to_string()
            }
        };
        let o = kubectl(&kc, &["create", "namespace", "tenant"], None).await;
        assert!(o.ok, "{}", o.stderr);
        // Before the binding the tenant may do nothing there.
        assert_eq!(
            can_i(&["create", "virtualmachines.kubevirt.io", "-n", "tenant"]).await,
            "no"
        );
        let o = kubectl(
            &kc,
            &[
                "create",
                "rolebinding",
                "alice-admin",
                "--clusterrole=admin",
                "--user=alice",
                "-n",
                "tenant",
            ],
            None,
        )
        .await;
        assert!(o.ok, "{}", o.stderr);
        assert_eq!(
            o.stdout.trim(),
            "rolebinding.rbac.authorization.k8s.io/alice-admin created"
        );
        let post = c
            .requests()
            .into_iter()
            .find(|r| r.method == "POST" && r.resource.as_deref() == Some("rolebindings"))
            .expect("the binding was posted");
        assert_eq!(
            (post.content_type.as_deref(), post.status),
            (Some("application/vnd.kubernetes.protobuf"), 201)
        );
        let binding = c
            .object(
                "rbac.authorization.k8s.io",
                "rolebindings",
                "tenant",
                "alice-admin",
            )
            .expect("binding stored");
        assert_eq!(binding["roleRef"]["kind"], "ClusterRole");
        assert_eq!(binding["roleRef"]["name"], "admin");
        assert_eq!(binding["subjects"][0]["kind"], "User");
        assert_eq!(binding["subjects"][0]["name"], "alice");
        // KubeVirt's roles aggregate into admin: VMs, VMIs and DataVolumes in the namespace; nothing cluster-wide or in another namespace.
        assert_eq!(
            can_i(&["create", "virtualmachines.kubevirt.io", "-n", "tenant"]).await,
            "yes"
        );
        assert_eq!(
            can_i(&[
                "delete",
                "virtualmachineinstances.kubevirt.io",
                "-n",
                "tenant"
            ])
            .await,
            "yes"
        );
        assert_eq!(
            can_i(&["create", "datavolumes.cdi.kubevirt.io", "-n", "tenant"]).await,
            "yes"
        );
        assert_eq!(
            can_i(&["create", "virtualmachines.kubevirt.io", "-n", "default"]).await,
            "no"
        );
        assert_eq!(can_i(&["list", "storageclasses"]).await, "no");
    })
    .await;
}

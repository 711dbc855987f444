//! Seeded, deterministic mutations of valid VirtualMachines and DataVolumes for the oracle
//! agreement test (lint_oracle.rs): each object is a base plus one to three edits drawn from a
//! catalogue of fields and values that the schema or an admission rule cares about (valid and
//! invalid alike), so both verdicts and the rules' interactions get exercised.

use serde_json::{json, Value};

/// xorshift64*: small, seeded, the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// Sets (or with `None` removes) the value at a dotted path with `[i]` indices, creating
/// objects on the way; an index one past the end appends.
fn set(obj: &mut Value, path: &str, value: Option<Value>) {
    let segments: Vec<String> = path
        .replace('[', ".[")
        .split('.')
        .map(str::to_string)
        .collect();
    let mut cur = obj;
    for (n, seg) in segments.iter().enumerate() {
        let last = n + 1 == segments.len();
        if let Some(idx) = seg.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            let i: usize = idx.parse().expect("index");
            if !cur.is_array() {
                *cur = json!([]);
            }
            let arr = cur.as_array_mut().expect("array");
            if last {
                match value {
                    Some(v) if i < arr.len() => arr[i] = v,
                    Some(v) => arr.push(v),
                    None if i < arr.len() => {
                        arr.remove(i);
                    }
                    None => {}
                }
                return;
            }
            if i >= arr.len() {
                arr.push(json!({}));
            }
            let at = i.min(arr.len() - 1);
            cur = &mut arr[at];
        } else {
            if !cur.is_object() {
                *cur = json!({});
            }
            let map = cur.as_object_mut().expect("object");
            if last {
                match value {
                    Some(v) => {
                        map.insert(seg.clone(), v);
                    }
                    None => {
                        map.remove(seg);
                    }
                }
                return;
            }
            cur = map.entry(seg.clone()).or_insert_with(|| json!({}));
        }
    }
}

fn base_vms() -> Vec<Value> {
    let simple = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
        "metadata": {"name": "vm", "namespace": "ns"},
        "spec": {"runStrategy": "Always", "template": {"metadata": {"labels": {"app": "vm"}}, "spec": {
            "domain": {"cpu": {"cores": 2}, "memory": {"guest": "2Gi"},
                "devices": {"disks": [{"name": "root", "disk": {"bus": "virtio"}, "bootOrder": 1}],
                    "interfaces": [{"name": "default", "masquerade": {}}]}},
            "networks": [{"name": "default", "pod": {}}],
            "volumes": [{"name": "root", "containerDisk": {"image": "quay.io/containerdisks/fedora:41"}}]}}}});
    let with_dv = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
        "metadata": {"name": "vm-dv"},
        "spec": {"runStrategy": "Halted",
            "dataVolumeTemplates": [{"metadata": {"name": "vm-dv-root"}, "spec": {
                "source": {"http": {"url": "https://example.com/disk.qcow2"}},
                "storage": {"resources": {"requests": {"storage": "20Gi"}}}}}],
            "template": {"spec": {
            "domain": {"firmware": {"bootloader": {"efi": {"secureBoot": true}}}, "features": {"smm": {}},
                "resources": {"requests": {"memory": "4Gi", "cpu": "2"}},
                "devices": {"disks": [{"name": "root", "disk": {"bus": "sata"}},
                                      {"name": "cd", "cdrom": {"bus": "sata", "readonly": true}}],
                    "interfaces": [{"name": "default", "bridge": {}, "macAddress": "02:00:00:aa:bb:cc"}]}},
            "networks": [{"name": "default", "pod": {}}],
            "volumes": [{"name": "root", "dataVolume": {"name": "vm-dv-root"}},
                        {"name": "cd", "cloudInitNoCloud": {"userData": "#cloud-config\n"}}]}}}});
    let with_it = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
        "metadata": {"name": "vm-it"},
        "spec": {"runStrategy": "Always", "instancetype": {"name": "u1.medium"}, "preference": {"name": "fedora"},
            "template": {"spec": {"domain": {"devices": {}},
            "volumes": [{"name": "root", "containerDisk": {"image": "quay.io/containerdisks/fedora:41"}}]}}}});
    vec![simple, with_dv, with_it]
}

fn base_dvs() -> Vec<Value> {
    vec![
        json!({"apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "DataVolume", "metadata": {"name": "dv"},
            "spec": {"source": {"http": {"url": "https://example.com/a.img"}},
                "storage": {"resources": {"requests": {"storage": "10Gi"}}}}}),
        json!({"apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "DataVolume", "metadata": {"name": "dv-pvc"},
            "spec": {"source": {"blank": {}},
                "pvc": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}}),
    ]
}

const T: &str = "spec.template.spec";

/// (path, candidate values; `null` removes the field).
fn vm_edits() -> Vec<(String, Vec<Value>)> {
    let d = format!("{T}.domain");
    let dev = format!("{d}.devices");
    let e = |p: &str, v: Vec<Value>| (p.to_string(), v);
    vec![
        e(
            "metadata.name",
            vec![
                json!("ok-name"),
                json!("Bad_Name"),
                json!("a.b"),
                json!("-x"),
            ],
        ),
        e(
            "metadata.labels",
            vec![
                json!({"a": "b"}),
                json!({"bad key!": "x"}),
                json!({"a": "bad value!"}),
            ],
        ),
        e(
            "metadata.annotations",
            vec![json!({"example.com/x": "y"}), json!({"/x": "y"})],
        ),
        e(
            "spec.runStrategy",
            vec![
                json!("Always"),
                json!("Halted"),
                json!("Manual"),
                json!("RerunOnFailure"),
                json!("Once"),
                json!("Bogus"),
                json!("WaitAsReceiver"),
                Value::Null,
            ],
        ),
        e(
            "spec.running",
            vec![json!(true), json!(false), json!("yes")],
        ),
        e(
            "spec.instancetype",
            vec![
                json!({"name": "u1.medium"}),
                json!({"name": "cx1.large", "kind": "VirtualMachineClusterInstancetype"}),
                json!({"name": "none-such"}),
                json!({"inferFromVolume": "root"}),
                json!({"name": "u1.small", "inferFromVolume": "root"}),
                json!({"name": "u1.large", "kind": "Bogus"}),
                Value::Null,
            ],
        ),
        e(
            "spec.preference",
            vec![
                json!({"name": "fedora"}),
                json!({"name": "windows.11"}),
                json!({"name": "rhel.9"}),
                json!({"name": "windows.2k3"}),
                json!({"name": "alpine"}),
                json!({"name": "fedora", "inferFromVolumeFailurePolicy": "Bogus"}),
                Value::Null,
            ],
        ),
        e(
            &format!("{T}.architecture"),
            vec![json!("amd64"), json!("arm64"), json!("s390x")],
        ),
        e(
            &format!("{T}.hostname"),
            vec![json!("host"), json!("Bad_Host")],
        ),
        e(
            &format!("{T}.subdomain"),
            vec![json!("sub.domain"), json!("bad..sub")],
        ),
        e(
            &format!("{T}.dnsPolicy"),
            vec![json!("None"), json!("Default"), json!("Bogus")],
        ),
        e(
            &format!("{T}.dnsConfig"),
            vec![
                json!({"nameservers": ["1.1.1.1"]}),
                json!({"nameservers": ["x"]}),
                json!({"searches": ["Bad_Domain"]}),
                json!({"nameservers": ["1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4"]}),
            ],
        ),
        e(
            &format!("{T}.evictionStrategy"),
            vec![json!("LiveMigrate"), json!("None"), json!("Bogus")],
        ),
        e(
            &format!("{T}.startStrategy"),
            vec![json!("Paused"), json!("Bogus")],
        ),
        e(
            &format!("{T}.livenessProbe"),
            vec![
                json!({"tcpSocket": {"port": 22}}),
                json!({"initialDelaySeconds": 5}),
                json!({"httpGet": {"port": 80}, "tcpSocket": {"port": 22}}),
                json!({"guestAgentPing": {}}),
            ],
        ),
        e(
            &format!("{T}.serviceAccountName"),
            vec![json!("sa"), json!("Bad_SA")],
        ),
        e(
            &format!("{T}.accessCredentials"),
            vec![
                json!([{"sshPublicKey": {"source": {"secret": {"secretName": "k"}}, "propagationMethod": {"noCloud": {}}}}]),
                json!([{"sshPublicKey": {"source": {"secret": {"secretName": "k"}}, "propagationMethod": {"qemuGuestAgent": {"users": ["root"]}}}}]),
                json!([{"userPassword": {"source": {"secret": {"secretName": "p"}}, "propagationMethod": {"qemuGuestAgent": {}}}}]),
                json!([{"sshPublicKey": {"source": {"secret": {"secretName": "k"}}, "propagationMethod": {}}}]),
            ],
        ),
        e(
            &format!("{T}.utilityVolumes"),
            vec![json!([{"name": "u", "persistentVolumeClaim": {"claimName": "c"}}])],
        ),
        e(&format!("{d}.foo"), vec![json!(1)]),
        e(
            &format!("{d}.cpu"),
            vec![
                json!({"cores": 4}),
                json!({"sockets": 4, "maxSockets": 2}),
                json!({"dedicatedCpuPlacement": true}),
                json!({"dedicatedCpuPlacement": true, "cores": 2, "threads": 3}),
                json!({"isolateEmulatorThread": true}),
                json!({"realtime": {}}),
                json!({"numa": {"guestMappingPassthrough": {}}}),
                json!({"features": [{"name": "x", "policy": "bogus"}]}),
                json!({"model": "host-passthrough"}),
                json!({"cores": -1}),
                Value::Null,
            ],
        ),
        e(
            &format!("{d}.memory"),
            vec![
                json!({"guest": "2Gi"}),
                json!({"guest": "1.5Gi"}),
                json!({"guest": "2Gi", "maxGuest": "8Gi"}),
                json!({"guest": "4Gi", "maxGuest": "2Gi"}),
                json!({"guest": "1001Mi", "maxGuest": "4Gi"}),
                json!({"hugepages": {"pageSize": "2Mi"}}),
                json!({"hugepages": {"pageSize": "1Gi"}, "guest": "1536Mi"}),
                json!({"guest": "1x"}),
                Value::Null,
            ],
        ),
        e(
            &format!("{d}.resources"),
            vec![
                json!({"requests": {"memory": "1Gi"}}),
                json!({"requests": {"memory": "512Ki"}}),
                json!({"requests": {"memory": "2Gi"}, "limits": {"memory": "1Gi"}}),
                json!({"requests": {"cpu": "500m"}, "limits": {"cpu": "250m"}}),
                json!({"limits": {"cpu": "2", "memory": "2Gi"}}),
                json!({"requests": {"cpu": "1.5", "memory": "1Gi"}}),
                Value::Null,
            ],
        ),
        e(
            &format!("{d}.machine"),
            vec![
                json!({"type": "q35"}),
                json!({"type": "pc-q35-rhel9.4.0"}),
                json!({"type": "pc-i440fx-2.12"}),
                json!({"type": "virt"}),
            ],
        ),
        e(
            &format!("{d}.firmware"),
            vec![
                json!({"bootloader": {"efi": {}}}),
                json!({"bootloader": {"efi": {"secureBoot": false}}}),
                json!({"bootloader": {"bios": {}}}),
                json!({"bootloader": {"efi": {}, "bios": {}}}),
                json!({"kernelBoot": {"kernelArgs": "console=ttyS0"}}),
                json!({"acpi": {}}),
                json!({"serial": "abc", "uuid": "5d307ca9-b3ef-428c-8861-06e72d69f223"}),
            ],
        ),
        e(
            &format!("{d}.features"),
            vec![
                json!({"smm": {}}),
                json!({"smm": {"enabled": false}}),
                json!({"acpi": {}}),
                Value::Null,
            ],
        ),
        e(
            &format!("{d}.ioThreadsPolicy"),
            vec![json!("shared"), json!("auto"), json!("supplementalPool")],
        ),
        e(
            &format!("{d}.launchSecurity"),
            vec![
                json!({"sev": {}}),
                json!({"tdx": {}}),
                json!({"snp": {}}),
                json!({}),
            ],
        ),
        e(
            &format!("{dev}.disks[0].disk"),
            vec![
                json!({"bus": "virtio"}),
                json!({"bus": "sata", "readonly": true}),
                json!({"bus": "scsi"}),
                json!({"bus": "usb"}),
                json!({"bus": "ide"}),
                json!({"bus": "bogus"}),
                json!({"bus": "virtio", "pciAddress": "0000:00:05.0"}),
                json!({"bus": "sata", "pciAddress": "0000:00:05.0"}),
            ],
        ),
        e(
            &format!("{dev}.disks[0].cdrom"),
            vec![json!({}), json!({"bus": "virtio"}), json!({"bus": "sata"})],
        ),
        e(
            &format!("{dev}.disks[0].lun"),
            vec![json!({}), json!({"reservation": true})],
        ),
        e(
            &format!("{dev}.disks[0].bootOrder"),
            vec![json!(0), json!(1), json!(2), Value::Null],
        ),
        e(
            &format!("{dev}.disks[0].serial"),
            vec![json!("abc-123"), json!("bad serial!")],
        ),
        e(
            &format!("{dev}.disks[0].cache"),
            vec![json!("none"), json!("writeback"), json!("bogus")],
        ),
        e(
            &format!("{dev}.disks[0].io"),
            vec![json!("native"), json!("threads"), json!("bogus")],
        ),
        e(
            &format!("{dev}.disks[0].errorPolicy"),
            vec![json!("stop"), json!("bogus")],
        ),
        e(
            &format!("{dev}.disks[0].dedicatedIOThread"),
            vec![json!(true)],
        ),
        e(
            &format!("{dev}.disks[0].blockSize"),
            vec![
                json!({"custom": {"logical": 512, "physical": 4096}}),
                json!({"custom": {"logical": 4096, "physical": 512}}),
                json!({"custom": {"logical": 1000, "physical": 1000}}),
                json!({"matchVolume": {"enabled": true}, "custom": {"logical": 512, "physical": 512}}),
                json!({"custom": {"logical": 4096, "physical": 4096, "discardGranularity": 1000}}),
            ],
        ),
        e(
            &format!("{dev}.disks[0].name"),
            vec![json!("Root"), json!("other")],
        ),
        e(
            &format!("{dev}.disks[5]"),
            vec![
                json!({"name": "extra", "disk": {}}),
                json!({"name": "root", "disk": {}}),
                json!({"name": "cd2", "cdrom": {"bus": "sata"}}),
                json!({"name": "twin", "disk": {}, "cdrom": {}}),
            ],
        ),
        e(
            &format!("{dev}.interfaces[0]"),
            vec![
                json!({"name": "default", "masquerade": {}}),
                json!({"name": "default", "bridge": {}}),
                json!({"name": "default"}),
                json!({"name": "default", "masquerade": {}, "bridge": {}}),
                json!({"name": "other", "masquerade": {}}),
                json!({"name": "default", "masquerade": {}, "macAddress": "02:00:00:00:00:00"}),
                json!({"name": "default", "masquerade": {}, "macAddress": "zz:00"}),
                json!({"name": "default", "masquerade": {}, "model": "bogus"}),
                json!({"name": "default", "sriov": {}}),
                json!({"name": "default", "passtBinding": {}}),
                json!({"name": "default", "slirp": {}}),
                json!({"name": "default", "masquerade": {}, "ports": [{"port": 80, "name": "http"}, {"port": 80, "name": "http"}]}),
                json!({"name": "default", "masquerade": {}, "state": "absent"}),
                json!({"name": "default", "bridge": {}, "bootOrder": 1}),
                json!({"name": "default", "masquerade": {}, "pciAddress": "bad"}),
                json!({"name": "default", "masquerade": {}, "dhcpOptions": {"ntpServers": ["::1"]}}),
                json!({"name": "bad name", "masquerade": {}}),
            ],
        ),
        e(
            &format!("{dev}.interfaces[1]"),
            vec![
                json!({"name": "default", "bridge": {}}),
                json!({"name": "second", "bridge": {}}),
            ],
        ),
        e(
            &format!("{T}.networks"),
            vec![
                json!([{"name": "default", "pod": {}}]),
                json!([{"name": "default", "pod": {}}, {"name": "second", "pod": {}}]),
                json!([{"name": "default", "multus": {"networkName": "ns/br"}}]),
                json!([{"name": "default", "multus": {"networkName": "br", "default": true}}]),
                json!([{"name": "default"}]),
                json!([{"name": "default", "pod": {}}, {"name": "default", "multus": {"networkName": "x"}}]),
                json!([]),
                Value::Null,
            ],
        ),
        e(
            &format!("{dev}.inputs"),
            vec![
                json!([{"type": "tablet", "bus": "usb", "name": "t"}]),
                json!([{"type": "tablet", "bus": "ps2", "name": "t"}]),
            ],
        ),
        e(
            &format!("{dev}.sound"),
            vec![
                json!({"name": "s"}),
                json!({"name": "s", "model": "bogus"}),
                json!({"model": "ich9"}),
            ],
        ),
        e(&format!("{dev}.video"), vec![json!({"type": "vga"})]),
        e(
            &format!("{dev}.autoattachGraphicsDevice"),
            vec![json!(false), json!(true)],
        ),
        e(&format!("{dev}.autoattachPodInterface"), vec![json!(false)]),
        e(&format!("{dev}.autoattachVSOCK"), vec![json!(true)]),
        e(&format!("{dev}.downwardMetrics"), vec![json!({})]),
        e(
            &format!("{dev}.panicDevices"),
            vec![json!([{"model": "isa"}]), json!([{"model": "bogus"}])],
        ),
        e(
            &format!("{dev}.hostDevices"),
            vec![
                json!([{"name": "h", "deviceName": "vendor.com/dev"}]),
                json!([{"name": "h"}]),
            ],
        ),
        e(
            &format!("{dev}.gpus"),
            vec![json!([{"name": "g", "deviceName": "nvidia.com/gpu"}])],
        ),
        e(
            &format!("{dev}.tpm"),
            vec![json!({}), json!({"persistent": true})],
        ),
        e(
            &format!("{T}.volumes[0]"),
            vec![
                json!({"name": "root", "containerDisk": {"image": "x", "path": "/disk/../x"}}),
                json!({"name": "root", "cloudInitNoCloud": {"userData": "#cloud-config"}}),
                json!({"name": "root", "cloudInitNoCloud": {}}),
                json!({"name": "root", "cloudInitNoCloud": {"userDataBase64": "not base64!"}}),
                json!({"name": "root", "hostDisk": {"path": "/x", "type": "Disk"}}),
                json!({"name": "root", "emptyDisk": {"capacity": "1Gi"}}),
                json!({"name": "root", "dataVolume": {"name": ""}}),
                json!({"name": "root", "persistentVolumeClaim": {"claimName": "c"}}),
                json!({"name": "root", "secret": {"secretName": "s"}}),
                json!({"name": "root"}),
                json!({"name": "root", "downwardMetrics": {}}),
                json!({"name": "root", "serviceAccount": {"serviceAccountName": "other"}}),
            ],
        ),
        e(
            &format!("{T}.volumes[4]"),
            vec![
                json!({"name": "root", "emptyDisk": {"capacity": "1Gi"}}),
                json!({"name": "cfg", "configMap": {"name": "c"}}),
                json!({"name": "ci", "cloudInitConfigDrive": {"userData": "x"}}),
            ],
        ),
        e(
            "spec.template.metadata.labels",
            vec![json!({"kubevirt.io/nodeName": "n1"}), json!({"app": "x"})],
        ),
        e(
            "spec.template.metadata.annotations",
            vec![
                json!({"hooks.kubevirt.io/hookSidecars": "[]"}),
                json!({"kubevirt.io/ignitiondata": "{}"}),
            ],
        ),
        e(
            "spec.dataVolumeTemplates[0].spec.storage.resources.requests.storage",
            vec![json!("512Ki"), json!("1Mi"), json!("0"), json!(1073741824)],
        ),
        e(
            "spec.dataVolumeTemplates[0].spec.source",
            vec![
                json!({"http": {"url": "ftp://x/y"}}),
                json!({"registry": {"url": "docker://quay.io/x"}}),
                json!({"pvc": {"name": "p"}}),
                json!({"blank": {}, "upload": {}}),
                json!({}),
                Value::Null,
            ],
        ),
        e(
            "spec.dataVolumeTemplates[0].spec.sourceRef",
            vec![json!({"kind": "DataSource", "name": "fedora"})],
        ),
        e(
            "spec.dataVolumeTemplates[0].metadata",
            vec![
                json!({"name": "other"}),
                json!({"name": "vm-dv-root", "namespace": "elsewhere"}),
                json!({}),
            ],
        ),
        e(
            "spec.dataVolumeTemplates[0].spec.pvc",
            vec![
                json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}),
            ],
        ),
    ]
}

fn dv_edits() -> Vec<(String, Vec<Value>)> {
    let e = |p: &str, v: Vec<Value>| (p.to_string(), v);
    vec![
        e("metadata.name", vec![json!("ok"), json!("Bad_Name")]),
        e(
            "spec.source",
            vec![
                json!({"http": {"url": "https://example.com/a.img"}}),
                json!({"http": {"url": "ftp://x/y"}}),
                json!({"http": {"url": ""}}),
                json!({"http": {"url": "example.com/a"}}),
                json!({"http": {"url": "https://x/a", "checksum": "sha256:abc"}}),
                json!({"http": {"url": "https://x/a", "checksum": "md5:0123456789abcdef0123456789abcdef"}}),
                json!({"registry": {"url": "docker://quay.io/x"}}),
                json!({"registry": {"url": "http://quay.io/x"}}),
                json!({"registry": {"imageStream": "is"}}),
                json!({"registry": {"imageStream": "is", "pullMethod": "node"}}),
                json!({"registry": {}}),
                json!({"pvc": {"name": "p", "namespace": "n"}}),
                json!({"pvc": {"name": "p"}}),
                json!({"blank": {}}),
                json!({"upload": {}}),
                json!({"s3": {"url": "https://s3/x"}}),
                json!({"gcs": {"url": "gs://b/x"}}),
                json!({"imageio": {"url": "https://e/ovirt", "secretRef": "s", "diskId": "d"}}),
                json!({"imageio": {"url": "https://e/ovirt", "secretRef": "s", "diskId": "d", "certConfigMap": "c"}}),
                json!({"vddk": {"url": "https://vc", "secretRef": "s", "uuid": "u", "backingFile": "[ds] x.vmdk", "thumbprint": "t"}}),
                json!({"vddk": {"url": "https://vc"}}),
                json!({"snapshot": {"name": "s", "namespace": "n"}}),
                json!({}),
                json!({"http": {"url": "https://x"}, "blank": {}}),
                Value::Null,
            ],
        ),
        e(
            "spec.sourceRef",
            vec![
                json!({"kind": "DataSource", "name": "x"}),
                json!({"kind": "Other", "name": "x"}),
                json!({"kind": "DataSource"}),
            ],
        ),
        e(
            "spec.storage.resources.requests.storage",
            vec![
                json!("10Gi"),
                json!("512Ki"),
                json!("0"),
                json!("1Mi"),
                json!("1048575"),
                json!("-1Gi"),
                json!("10x"),
            ],
        ),
        e(
            "spec.storage.accessModes",
            vec![
                json!(["ReadWriteOnce"]),
                json!(["Bogus"]),
                json!(["ReadWriteMany", "ReadOnlyMany"]),
            ],
        ),
        e(
            "spec.storage.dataSourceRef",
            vec![
                json!({"kind": "VolumeSnapshot", "name": "s", "apiGroup": "snapshot.storage.k8s.io"}),
                json!({"kind": "Thing", "name": "t"}),
            ],
        ),
        e(
            "spec.storage.dataSource",
            vec![json!({"kind": "PersistentVolumeClaim", "name": "p"})],
        ),
        e("spec.storage.storageClassName", vec![json!("fast")]),
        e("spec.storage", vec![Value::Null]),
        e(
            "spec.pvc",
            vec![
                json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}),
                json!({"resources": {"requests": {"storage": "1Gi"}}}),
                json!({"accessModes": ["ReadWriteOnce", "ReadOnlyMany"], "resources": {"requests": {"storage": "1Gi"}}}),
                Value::Null,
            ],
        ),
        e(
            "spec.contentType",
            vec![json!("kubevirt"), json!("archive"), json!("bogus")],
        ),
        e("spec.bogus", vec![json!(1)]),
    ]
}

fn mutate(rng: &mut Rng, base: &Value, edits: &[(String, Vec<Value>)], n: usize) -> Value {
    let mut obj = base.clone();
    for _ in 0..n {
        let (path, values) = rng.pick(edits);
        let v = rng.pick(values).clone();
        set(&mut obj, path, (!v.is_null()).then_some(v));
    }
    obj
}

/// `vms` mutated VMs and `dvs` mutated DataVolumes from `seed`, always the same for a seed.
pub fn mutations(seed: u64, vms: usize, dvs: usize) -> Vec<Value> {
    let mut rng = Rng(seed.max(1));
    let (vm_bases, dv_bases) = (base_vms(), base_dvs());
    let (vm_edits, dv_edits) = (vm_edits(), dv_edits());
    let mut out = Vec::with_capacity(vms + dvs);
    for _ in 0..vms {
        let base = rng.pick(&vm_bases).clone();
        let n = 1 + (rng.next() % 3) as usize;
        out.push(mutate(&mut rng, &base, &vm_edits, n));
    }
    for _ in 0..dvs {
        let base = rng.pick(&dv_bases).clone();
        let n = 1 + (rng.next() % 3) as usize;
        out.push(mutate(&mut rng, &base, &dv_edits, n));
    }
    out
}

#[test]
fn the_bases_are_valid_and_mutations_are_deterministic() {
    let a = mutations(7, 50, 20);
    assert_eq!(a, mutations(7, 50, 20));
    assert_ne!(a, mutations(8, 50, 20));
    let bases: Vec<Value> = base_vms().into_iter().chain(base_dvs()).collect();
    let findings = vmmigrate::lint::lint(&bases, &vmmigrate::lint::Settings::default());
    assert!(findings.is_empty(), "{findings:?}");
}

//! KubeVirt's (and CDI's) own terms, the bottom layer that `mapping`, `generate` and (later)
//! `roll`/`cluster` share: the enums KubeVirt spells in its API (`terms`), the typed
//! objects we write (`objects`) and typed read views of live objects (`observed`).
//!
//! Nothing here knows a source format, a mapping file or a cluster connection, and nothing
//! here names `kube` or `k8s-openapi`: live objects are read from plain `serde_json::Value`s
//! (what watch caches and `DynamicObject.data` hold), so this layer builds without the
//! client stack and every rule is unit-tested on JSON literals. `tests/offline/layering.rs` holds
//! it to that.

pub mod objects;
pub mod observed;
pub mod pool;
pub mod terms;

pub use terms::*;

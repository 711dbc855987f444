//! Rolling updates of KubeVirt VMs (`kubectl vmmigrate roll`): a pure planner decides, per
//! VM, the least disruptive action (the [`ladder`]) within the [`budget`]s; [`state`]
//! encodes the rollout on cluster objects so any client can resume or watch it.

pub mod budget;
pub mod ladder;
pub mod planner;
pub mod state;

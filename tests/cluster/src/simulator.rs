//! KubeVirt + CDI simulator (work in progress: not yet functional).
use std::time::Duration;
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub boot_time: Duration,
    pub tick: Duration,
}
impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            boot_time: Duration::from_secs(2),
            tick: Duration::from_millis(50),
        }
    }
}
pub struct Simulator;
impl Simulator {
    pub fn start(_c: kube::Client, _cfg: SimConfig) -> Self {
        Simulator
    }
}
impl Drop for Simulator {
    fn drop(&mut self) {}
}

//! End-to-end tests that need no cluster: the real binary on specs, golden files, the shared
//! corpus, hostile input, packaging, completions, the layering rules, and the test harness's
//! own self-test.
//!
//! One test binary instead of one per file: each binary links the library with kube, tokio and
//! rustls, so every extra one cost a link step and hundreds of MB of `target/` (README
//! "Tests"). Each former `tests/<name>.rs` is a module here; filter with
//! `cargo test --test offline <name>::`.
//!
//! Nothing here changes process-wide state (environment, current directory, signal handlers):
//! the tests run in parallel threads of one process, and every memory bound (hostile.rs) is
//! measured on the child plugin process, never on this one.

#[path = "../support/mod.rs"]
mod support;

mod allocator;
mod assess;
mod cli;
mod completions;
mod corpus;
mod corpus_assess;
mod exit_codes;
mod formats;
mod fuzz_regressions;
mod gitops_layout;
mod golden;
mod harness_selftest;
mod help_json;
mod hostile;
mod hyperv_hostdev;
mod images;
mod instancetypes;
mod interactive;
mod krew;
mod layering;
mod lint;
mod lint_mutations;
mod lint_oracle;
mod mapping;
mod ovf_options;
mod parallel_import;
mod pool;
mod query;
mod query_completion;
mod warnings_at_scale;
mod waveplan;

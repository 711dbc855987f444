//! Choosing VMs from the inputs: `--where EXPR`, `--order-by FIELD [asc|desc]`, `--limit N`
//! and `--vm NAME`, shared by `import`, `preview`, `assess` and `apply`.
//!
//! Expressions are evaluated over the typed model (`VmSpec`, see [`fields`]) rather than over
//! any text, so `memory >= 8Gi` means the same whatever format the VM came from. The
//! selection happens before generation: a wave's manifests are generated for the wave alone
//! (its names, its NetworkAttachmentDefinitions), exactly as if only its files had been
//! given.

pub mod complete;
pub mod fields;
mod parse;
#[cfg(test)]
mod tests;

use crate::assess::{self, VmAssessment};
use crate::guest::Version;
use crate::mapping::glob_match;
use crate::model::VmSpec;
use fields::{Field, FieldType, Subject, Value};
pub use parse::{parse_size, QueryError};
use std::cmp::Ordering;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    /// Every operator a completion may offer after a field, with what it does.
    pub const SYMBOLS: [(&'static str, &'static str); 9] = [
        ("=", "equals (any element, for lists)"),
        ("!=", "differs (no element equals, for lists)"),
        ("<", "less than (numbers, sizes, versions)"),
        ("<=", "at most"),
        (">", "greater than"),
        (">=", "at least"),
        ("in", "one of a list: in (a, b)"),
        ("like", "glob: * any text, ? one character"),
        ("~=", "regular expression, found anywhere"),
    ];

    fn from_symbol(symbol: &str) -> Option<CmpOp> {
        Some(match symbol {
            "=" => CmpOp::Eq,
            "!=" => CmpOp::Ne,
            "<" => CmpOp::Lt,
            "<=" => CmpOp::Le,
            ">" => CmpOp::Gt,
            ">=" => CmpOp::Ge,
            _ => return None,
        })
    }

    fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    fn is_ordering(self) -> bool {
        !matches!(self, CmpOp::Eq | CmpOp::Ne)
    }

    fn holds(self, ordering: Ordering) -> bool {
        match self {
            CmpOp::Eq => ordering == Ordering::Equal,
            CmpOp::Ne => ordering != Ordering::Equal,
            CmpOp::Lt => ordering == Ordering::Less,
            CmpOp::Le => ordering != Ordering::Greater,
            CmpOp::Gt => ordering == Ordering::Greater,
            CmpOp::Ge => ordering != Ordering::Less,
        }
    }
}

/// A literal, already typed against its field by the parser.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Text(String),
    /// A count or a number of bytes.
    Number(u64),
    Version(Version),
    Bool(bool),
}

/// What a field is tested for.
#[derive(Debug, Clone)]
pub enum Test {
    Cmp(CmpOp, Literal),
    In(Vec<Literal>),
    /// A glob, lowercased for keyword fields.
    Like(String),
    Regex(regex::Regex),
}

/// A parsed `--where` expression.
#[derive(Debug, Clone)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Test(Field, Test),
}

/// A `--where` expression with its text (for messages).
#[derive(Debug, Clone)]
pub struct Query {
    pub text: String,
    expr: Expr,
}

impl Query {
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        Ok(Query {
            text: text.to_string(),
            expr: parse::parse_expr(text)?,
        })
    }

    /// Whether the expression reads `concerns` or `status`.
    pub fn needs_assessment(&self) -> bool {
        fn walk(expr: &Expr) -> bool {
            match expr {
                Expr::And(a, b) | Expr::Or(a, b) => walk(a) || walk(b),
                Expr::Not(inner) => walk(inner),
                Expr::Test(field, _) => field.needs_assessment(),
            }
        }
        walk(&self.expr)
    }

    /// Whether the VM is selected.
    pub fn matches(&self, vm: &Subject) -> bool {
        eval(&self.expr, vm)
    }
}

fn eval(expr: &Expr, vm: &Subject) -> bool {
    match expr {
        Expr::And(a, b) => eval(a, vm) && eval(b, vm),
        Expr::Or(a, b) => eval(a, vm) || eval(b, vm),
        Expr::Not(inner) => !eval(inner, vm),
        Expr::Test(field, test) => {
            let value = field.value(vm);
            match test {
                // On a list, `!=` holds when no element equals: `not (networks = x)`.
                Test::Cmp(CmpOp::Ne, literal) if matches!(value, Value::List(_)) => {
                    !any(&value, |v| compare(v, literal) == Some(Ordering::Equal))
                }
                Test::Cmp(op, literal) => {
                    any(&value, |v| compare(v, literal).is_some_and(|o| op.holds(o)))
                        || (*op == CmpOp::Ne && compare(&value, literal).is_none())
                }
                Test::In(literals) => any(&value, |v| {
                    literals
                        .iter()
                        .any(|l| compare(v, l) == Some(Ordering::Equal))
                }),
                Test::Like(glob) => any(&value, |v| match v {
                    Value::Text(text) => glob_match(glob.as_bytes(), text.as_bytes()),
                    _ => false,
                }),
                Test::Regex(regex) => any(&value, |v| match v {
                    Value::Text(text) => regex.is_match(text),
                    _ => false,
                }),
            }
        }
    }
}

/// Whether `test` holds for the value, or for any element of a list.
fn any(value: &Value, test: impl Fn(&Value) -> bool) -> bool {
    match value {
        Value::List(items) => items.iter().any(|item| test(&Value::Text(item.clone()))),
        scalar => test(scalar),
    }
}

/// The value against a literal; `None` when the source does not say (an unknown version
/// is neither older nor newer than 9).
fn compare(value: &Value, literal: &Literal) -> Option<Ordering> {
    match (value, literal) {
        (Value::Text(a), Literal::Text(b)) => Some(a.as_str().cmp(b.as_str())),
        (Value::Int(Some(a)) | Value::Size(Some(a)), Literal::Number(b)) => Some(a.cmp(b)),
        (Value::Version(Some(a)), Literal::Version(b)) => Some(version_cmp(a, b)),
        (Value::Bool(a), Literal::Bool(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

fn version_cmp(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor.unwrap_or(0)).cmp(&(b.major, b.minor.unwrap_or(0)))
}

/// One `--order-by` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderKey {
    pub field: Field,
    pub descending: bool,
}

/// An `--order-by` value: its keys, in order of precedence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderBy(pub Vec<OrderKey>);

impl OrderBy {
    pub fn parse(text: &str) -> Result<OrderBy, QueryError> {
        parse::parse_order(text).map(OrderBy)
    }
}

/// Orders values of one field; unknown values come first, as the smallest.
fn value_cmp(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Text(a), Value::Text(b)) => a.cmp(b),
        (Value::Int(a), Value::Int(b)) | (Value::Size(a), Value::Size(b)) => a.cmp(b),
        (Value::Version(a), Value::Version(b)) => match (a, b) {
            (Some(a), Some(b)) => version_cmp(a, b),
            (a, b) => a.is_some().cmp(&b.is_some()),
        },
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Value::List(a), Value::List(b)) => a.cmp(b),
        _ => Ordering::Equal,
    }
}

/// Which VMs of the inputs a run takes, and in which order.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub filter: Option<Query>,
    pub order: Vec<OrderKey>,
    pub limit: Option<usize>,
    /// `--vm`: exact source or Kubernetes names.
    pub names: Vec<String>,
}

impl Selection {
    /// Whether every VM is taken, in input order.
    pub fn is_all(&self) -> bool {
        self.filter.is_none()
            && self.order.is_empty()
            && self.limit.is_none()
            && self.names.is_empty()
    }

    fn needs_assessment(&self) -> bool {
        self.filter.as_ref().is_some_and(Query::needs_assessment)
            || self.order.iter().any(|k| k.field.needs_assessment())
    }

    /// Whether the selection can only be made over the whole run: an order, or an
    /// assessment (a MAC is duplicated across files).
    pub fn needs_whole_run(&self) -> bool {
        !self.order.is_empty() || self.needs_assessment()
    }

    fn keeps(&self, subject: &Subject) -> bool {
        (self.names.is_empty()
            || self
                .names
                .iter()
                .any(|n| *n == subject.spec.name || n == subject.name))
            && self.filter.as_ref().is_none_or(|q| q.matches(subject))
    }

    /// The selected VMs, in order. `name_of` gives the Kubernetes name a VM asks for.
    /// `concerns` and `status` judge the sources as `assess` does without a mapping.
    pub fn apply(&self, vms: Vec<VmSpec>, name_of: impl Fn(&VmSpec) -> String) -> Vec<VmSpec> {
        if self.is_all() {
            return vms;
        }
        let assessments: Vec<VmAssessment> = if self.needs_assessment() {
            assess::assess(&vms, &[], &[])
        } else {
            Vec::new()
        };
        let names: Vec<String> = vms.iter().map(&name_of).collect();
        let subject = |i: usize| Subject {
            spec: &vms[i],
            name: &names[i],
            assessment: assessments.get(i),
        };
        let mut chosen: Vec<usize> = (0..vms.len())
            .filter(|&i| self.keeps(&subject(i)))
            .collect();
        if !self.order.is_empty() {
            let keys: Vec<Vec<Value>> = (0..vms.len())
                .map(|i| {
                    let s = subject(i);
                    self.order.iter().map(|k| k.field.value(&s)).collect()
                })
                .collect();
            // Stable: VMs that tie keep their input order.
            chosen.sort_by(|&a, &b| {
                self.order
                    .iter()
                    .enumerate()
                    .map(|(k, key)| {
                        let o = value_cmp(&keys[a][k], &keys[b][k]);
                        if key.descending {
                            o.reverse()
                        } else {
                            o
                        }
                    })
                    .find(|o| *o != Ordering::Equal)
                    .unwrap_or(Ordering::Equal)
            });
        }
        if let Some(limit) = self.limit {
            chosen.truncate(limit);
        }
        let mut slots: Vec<Option<VmSpec>> = vms.into_iter().map(Some).collect();
        chosen
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take))
            .collect()
    }

    /// One batch of a streamed run (see [`Selection::needs_whole_run`]): the VMs kept,
    /// counting down `taken` against the limit.
    pub fn apply_batch(
        &self,
        vms: Vec<VmSpec>,
        name_of: impl Fn(&VmSpec) -> String,
        taken: &mut usize,
    ) -> Vec<VmSpec> {
        if self.is_all() {
            return vms;
        }
        let mut out = Vec::new();
        for vm in vms {
            if self.limit.is_some_and(|limit| *taken >= limit) {
                break;
            }
            let name = name_of(&vm);
            let subject = Subject {
                spec: &vm,
                name: &name,
                assessment: None,
            };
            if self.keeps(&subject) {
                *taken = taken.saturating_add(1);
                out.push(vm);
            }
        }
        out
    }
}

/// Field names for messages and completion, with their types.
pub fn field_list() -> impl Iterator<Item = (&'static str, FieldType, &'static str)> {
    fields::ALL
        .into_iter()
        .map(|f| (f.name(), f.kind(), f.help()))
}

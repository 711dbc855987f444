//! `resource.Quantity` (k8s.io/apimachinery/pkg/api/resource) as exact rationals: the
//! webhooks compare, round up (`Value()`, `MilliValue()`) and test quantities for zero, and
//! binary and decimal suffixes must compare exactly ("1Gi" vs "1073741824").

use serde_json::Value;
use std::cmp::Ordering;

/// An exact quantity `num / den` (den > 0), or one too large or too fine to compute with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Qty {
    Exact {
        num: i128,
        den: i128,
    },
    /// Beyond i128 arithmetic: far outside the int64 range KubeVirt and CDI compute with.
    Huge,
}

/// The text is not a quantity (the API server's quantity regular expression would refuse it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BadQuantity;

const BINARY: [(&str, u32); 6] = [
    ("Ki", 1),
    ("Mi", 2),
    ("Gi", 3),
    ("Ti", 4),
    ("Pi", 5),
    ("Ei", 6),
];

fn decimal_exponent(suffix: &str) -> Option<i32> {
    Some(match suffix {
        "n" => -9,
        "u" => -6,
        "m" => -3,
        "k" => 3,
        "M" => 6,
        "G" => 9,
        "T" => 12,
        "P" => 15,
        "E" => 18,
        _ => return None,
    })
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i128::try_from(a).unwrap_or(1).max(1)
}

impl Qty {
    fn exact(num: Option<i128>, den: Option<i128>) -> Qty {
        match (num, den) {
            (Some(n), Some(d)) if d > 0 => {
                let g = gcd(n, d);
                Qty::Exact {
                    num: n / g,
                    den: d / g,
                }
            }
            _ => Qty::Huge,
        }
    }

    /// Parses a quantity string: sign, digits, optional fraction, optional suffix.
    pub(crate) fn parse(text: &str) -> Result<Qty, BadQuantity> {
        let (negative, rest) = match text.as_bytes().first() {
            Some(b'+') => (false, &text[1..]),
            Some(b'-') => (true, &text[1..]),
            _ => (false, text),
        };
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, suffix) = rest.split_at(number_end);
        let (whole, frac) = match number.split_once('.') {
            Some((w, f)) if !f.contains('.') => (w, f),
            Some(_) => return Err(BadQuantity),
            None => (number, ""),
        };
        if whole.is_empty() && frac.is_empty() {
            return Err(BadQuantity);
        }
        // The digits around the point as one integer; None past i128, as parsing the joined
        // digits gave (without the String that joining them cost, for every quantity checked).
        let mut num = whole
            .bytes()
            .chain(frac.bytes())
            .try_fold(0i128, |n, digit| {
                n.checked_mul(10)?
                    .checked_add(i128::from(digit.wrapping_sub(b'0')))
            });
        let mut den = u32::try_from(frac.len())
            .ok()
            .and_then(|n| 10i128.checked_pow(n));
        if let Some((_, power)) = BINARY.iter().find(|(s, _)| *s == suffix) {
            num = num.and_then(|n| n.checked_mul(1024i128.checked_pow(*power)?));
        } else if let Some(e) = decimal_exponent(suffix) {
            (num, den) = scale10(num, den, e);
        } else if let Some(exp) = suffix.strip_prefix(['e', 'E']) {
            let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(BadQuantity);
            }
            let e = exp.parse::<i32>().unwrap_or(i32::MAX);
            (num, den) = scale10(num, den, e);
        } else if !suffix.is_empty() {
            return Err(BadQuantity);
        }
        let q = Qty::exact(num, den);
        Ok(match q {
            Qty::Exact { num, den } if negative => Qty::Exact { num: -num, den },
            other => other,
        })
    }

    /// A JSON value as a quantity: numbers exactly, strings parsed, `null` absent.
    pub(crate) fn of(v: &Value) -> Result<Option<Qty>, BadQuantity> {
        match v {
            Value::Null => Ok(None),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Ok(Some(Qty::Exact {
                    num: i128::from(i),
                    den: 1,
                })),
                None => match n.as_u64() {
                    Some(u) => Ok(Some(Qty::Exact {
                        num: i128::from(u),
                        den: 1,
                    })),
                    None => Qty::parse(&n.to_string()).map(Some),
                },
            },
            Value::String(s) => Qty::parse(s).map(Some),
            _ => Err(BadQuantity),
        }
    }

    /// Rounded away from zero to an integer (`Quantity.Value()`); Huge saturates.
    pub(crate) fn ceil(self) -> i128 {
        match self {
            Qty::Exact { num, den } => {
                let q = num / den;
                if num % den != 0 {
                    if num > 0 {
                        q + 1
                    } else {
                        q - 1
                    }
                } else {
                    q
                }
            }
            Qty::Huge => i128::MAX,
        }
    }

    /// `MilliValue()`.
    pub(crate) fn milli(self) -> i128 {
        match self {
            Qty::Exact { num, den } => Qty::exact(num.checked_mul(1000), Some(den)).ceil(),
            Qty::Huge => i128::MAX,
        }
    }

    pub(crate) fn is_zero(self) -> bool {
        matches!(self, Qty::Exact { num: 0, .. })
    }

    pub(crate) fn cmp_int(self, other: i128) -> Ordering {
        self.cmp_q(Qty::Exact { num: other, den: 1 })
    }

    pub(crate) fn cmp_q(self, other: Qty) -> Ordering {
        match (self, other) {
            (Qty::Exact { num: a, den: b }, Qty::Exact { num: c, den: d }) => {
                match (a.checked_mul(d), c.checked_mul(b)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    _ => (a as f64 / b as f64)
                        .partial_cmp(&(c as f64 / d as f64))
                        .unwrap_or(Ordering::Equal),
                }
            }
            (Qty::Huge, Qty::Huge) => Ordering::Equal,
            (Qty::Huge, _) => Ordering::Greater,
            (_, Qty::Huge) => Ordering::Less,
        }
    }

    /// |q| * scale >= 2^63: outside the int64 range the Go code computes with.
    pub(crate) fn beyond_int64(self, scale: i128) -> bool {
        match self {
            Qty::Exact { num, den } => num
                .checked_abs()
                .and_then(|n| n.checked_mul(scale))
                .is_none_or(|n| n >= (1i128 << 63).saturating_mul(den)),
            Qty::Huge => true,
        }
    }
}

fn scale10(num: Option<i128>, den: Option<i128>, e: i32) -> (Option<i128>, Option<i128>) {
    let power = 10i128.checked_pow(e.unsigned_abs());
    if e >= 0 {
        (num.and_then(|n| n.checked_mul(power?)), den)
    } else {
        (num, den.and_then(|d| d.checked_mul(power?)))
    }
}

/// `Value()` of a JSON quantity; absent or malformed: 0.
pub(crate) fn value(v: &Value) -> i128 {
    Qty::of(v).ok().flatten().map_or(0, Qty::ceil)
}

/// `MilliValue()` of a JSON quantity; absent or malformed: 0.
pub(crate) fn milli(v: &Value) -> i128 {
    Qty::of(v).ok().flatten().map_or(0, Qty::milli)
}

/// The exact quantity; absent or malformed: 0.
pub(crate) fn exact(v: &Value) -> Qty {
    Qty::of(v)
        .ok()
        .flatten()
        .unwrap_or(Qty::Exact { num: 0, den: 1 })
}

/// Whether a string matches the CRD schemas' quantity pattern
/// `^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`.
pub(crate) fn matches_schema_pattern(s: &str) -> bool {
    fn number(s: &str) -> Option<&str> {
        // ([0-9]+(\.[0-9]*)?)|(\.[0-9]+) ; returns the rest
        let int_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        if int_end > 0 {
            let rest = &s[int_end..];
            return Some(match rest.strip_prefix('.') {
                Some(f) => &f[f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len())..],
                None => rest,
            });
        }
        let f = s.strip_prefix('.')?;
        let end = f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len());
        (end > 0).then(|| &f[end..])
    }
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let Some(suffix) = number(s) else {
        return false;
    };
    if suffix.is_empty() || BINARY.iter().any(|(b, _)| *b == suffix) {
        return true;
    }
    if suffix.len() == 1 && "numkMGTPE".contains(suffix) {
        return true;
    }
    match suffix.strip_prefix(['e', 'E']) {
        Some(exp) => number(exp.strip_prefix(['+', '-']).unwrap_or(exp)) == Some(""),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_suffixes_exactly_and_rounds_up() {
        assert_eq!(value(&json!("1Gi")), 1 << 30);
        assert_eq!(value(&json!("1G")), 1_000_000_000);
        assert_eq!(value(&json!("1.5")), 2);
        assert_eq!(milli(&json!("100m")), 100);
        assert_eq!(value(&json!("1e3")), 1000);
        assert_eq!(value(&json!(".5Ki")), 512);
        assert_eq!(value(&json!(2048)), 2048);
        assert_eq!(Qty::parse("1x"), Err(BadQuantity));
        assert_eq!(Qty::parse("."), Err(BadQuantity));
        assert_eq!(Qty::parse("1e"), Err(BadQuantity));
        assert!(exact(&json!("1Mi")).cmp_q(exact(&json!("1048576"))).is_eq());
        assert!(exact(&json!("9Ei")).beyond_int64(1));
        assert!(!exact(&json!("1Ei")).beyond_int64(1));
        assert!(exact(&json!("10P")).beyond_int64(1000));
    }

    #[test]
    fn schema_pattern_accepts_quantities_only() {
        for ok in ["1", "1.", ".5", "+1Gi", "-2e-3", "1E", "3e1.5", "1m"] {
            assert!(matches_schema_pattern(ok), "{ok}");
        }
        for bad in ["", ".", "1x", "1Gix", "e3", "1e", "1ki", "--1"] {
            assert!(!matches_schema_pattern(bad), "{bad}");
        }
    }
}

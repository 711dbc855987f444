//! Rollout budgets: `--max-unavailable` / `--max-surge` as a count or a percentage of the
//! group, resolved the way Deployments resolve them (unavailable rounds down, surge rounds
//! up, and both zero would deadlock so unavailable becomes 1).

use std::fmt;
use std::str::FromStr;

/// A count or a percentage of the group size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IntOrPercent {
    Count(u32),
    Percent(u32),
}

impl IntOrPercent {
    /// The absolute value for a group of `total`; percentages round up or down.
    pub fn resolve(self, total: u32, round_up: bool) -> u32 {
        match self {
            IntOrPercent::Count(n) => n,
            IntOrPercent::Percent(p) => {
                let scaled = u64::from(p) * u64::from(total);
                let v = if round_up {
                    scaled.div_ceil(100)
                } else {
                    scaled / 100
                };
                u32::try_from(v).unwrap_or(u32::MAX)
            }
        }
    }
}

impl fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntOrPercent::Count(n) => write!(f, "{n}"),
            IntOrPercent::Percent(p) => write!(f, "{p}%"),
        }
    }
}

impl FromStr for IntOrPercent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a count (e.g. 2) or a percentage (e.g. 25%)");
        match s.strip_suffix('%') {
            Some(p) => {
                let p: u32 = p.parse().map_err(|_| bad())?;
                if p > 100 {
                    return Err(format!("{s:?}: a percentage cannot exceed 100%"));
                }
                Ok(IntOrPercent::Percent(p))
            }
            None => s.parse().map(IntOrPercent::Count).map_err(|_| bad()),
        }
    }
}

/// Both budgets resolved for one group size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub max_unavailable: u32,
    pub max_surge: u32,
}

impl Budget {
    pub fn resolve(max_unavailable: IntOrPercent, max_surge: IntOrPercent, total: u32) -> Self {
        let mut u = max_unavailable.resolve(total, false);
        let s = max_surge.resolve(total, true);
        if u == 0 && s == 0 {
            u = 1;
        }
        Budget {
            max_unavailable: u,
            max_surge: s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_counts_and_percentages() {
        assert_eq!("3".parse(), Ok(IntOrPercent::Count(3)));
        assert_eq!("25%".parse(), Ok(IntOrPercent::Percent(25)));
        assert!("x%".parse::<IntOrPercent>().is_err());
        assert!("101%".parse::<IntOrPercent>().is_err());
        assert!("-1".parse::<IntOrPercent>().is_err());
    }

    #[test]
    fn percentages_round_like_deployments() {
        let b = Budget::resolve(IntOrPercent::Percent(25), IntOrPercent::Percent(25), 10);
        assert_eq!(b.max_unavailable, 2);
        assert_eq!(b.max_surge, 3);
        let b = Budget::resolve(IntOrPercent::Percent(10), IntOrPercent::Count(0), 5);
        assert_eq!(b.max_unavailable, 1, "0 and 0 would never progress");
        let b = Budget::resolve(IntOrPercent::Count(0), IntOrPercent::Count(1), 5);
        assert_eq!((b.max_unavailable, b.max_surge), (0, 1));
    }
}

//! Size units as the source formats write them, converted to bytes without overflow.

/// Multiplier for a unit name. Accepts the spellings found in libvirt (`KiB`, `k`, `MB`),
/// Proxmox (`K`, `M`, `G`, `T`), OVF (`byte`, `KiloBytes`, `MegaBytes`, `GigaBytes`) and
/// plain IEC/SI names. Single letters are binary, as libvirt and Proxmox define them.
pub fn unit_multiplier(unit: &str) -> Option<u64> {
    let u = unit.trim();
    let lower = u.to_ascii_lowercase();
    let m = match lower.as_str() {
        "" | "b" | "byte" | "bytes" => 1,
        "k" | "kib" | "kilobytes" | "kilobyte" => 1 << 10,
        "m" | "mib" | "megabytes" | "megabyte" => 1 << 20,
        "g" | "gib" | "gigabytes" | "gigabyte" => 1 << 30,
        "t" | "tib" | "terabytes" | "terabyte" => 1 << 40,
        "p" | "pib" => 1 << 50,
        "e" | "eib" => 1 << 60,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        "pb" => 1_000_000_000_000_000,
        "eb" => 1_000_000_000_000_000_000,
        _ => return parse_programmatic_unit(&lower),
    };
    Some(m)
}

/// DMTF programmatic units as OVF uses them: `byte * 2^30`, `byte*2^20`, `2^10 * byte`,
/// `KiloBytes * 1024`. Returns `None` for anything else.
fn parse_programmatic_unit(unit: &str) -> Option<u64> {
    let compact: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
    let mut factor: u64 = 1;
    let mut saw_base = false;
    for part in compact.split('*') {
        if let Some(base) = unit_multiplier_simple(part) {
            factor = factor.checked_mul(base)?;
            saw_base = true;
        } else if let Some((b, e)) = part.split_once('^') {
            let b: u64 = b.parse().ok()?;
            let e: u32 = e.parse().ok()?;
            factor = factor.checked_mul(b.checked_pow(e)?)?;
        } else {
            factor = factor.checked_mul(part.parse::<u64>().ok()?)?;
        }
    }
    saw_base.then_some(factor)
}

fn unit_multiplier_simple(part: &str) -> Option<u64> {
    match part {
        "byte" | "bytes" => Some(1),
        "kilobyte" | "kilobytes" => Some(1 << 10),
        "megabyte" | "megabytes" => Some(1 << 20),
        "gigabyte" | "gigabytes" => Some(1 << 30),
        "terabyte" | "terabytes" => Some(1 << 40),
        _ => None,
    }
}

/// Why a size could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error("{0:?} is not a whole number")]
    NotANumber(String),
    #[error("unknown size unit {0:?}")]
    UnknownUnit(String),
    #[error("{0} {1} does not fit in 64 bits")]
    Overflow(String, String),
}

/// Whether `text` is a whole number, possibly negative, of any length: a value that is a
/// number but not a usable size (negative or past 64 bits) is corruption, while other text
/// (`${memory}` placeholders in templates) is merely unreadable.
pub fn is_integer_text(text: &str) -> bool {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `value` in `unit` as bytes, e.g. `to_bytes("4", "GiB") == Ok(4 << 30)`.
pub fn to_bytes(value: &str, unit: &str) -> Result<u64, SizeError> {
    let value = value.trim();
    let m = unit_multiplier(unit).ok_or_else(|| SizeError::UnknownUnit(unit.to_string()))?;
    let n: u64 = value.parse().map_err(|_| {
        // All digits but unparsable means too many digits: say so, not "not a number".
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            SizeError::Overflow(value.to_string(), unit.to_string())
        } else {
            SizeError::NotANumber(value.to_string())
        }
    })?;
    n.checked_mul(m)
        .ok_or_else(|| SizeError::Overflow(value.to_string(), unit.to_string()))
}

/// A number with an optional unit suffix (`32G`, `512M`, `1024`), as Proxmox and Xen
/// write sizes; `default_unit` applies when there is no suffix.
pub fn suffixed_to_bytes(text: &str, default_unit: &str) -> Result<u64, SizeError> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    if number.is_empty() {
        return Err(SizeError::NotANumber(text.to_string()));
    }
    let unit = if unit.is_empty() { default_unit } else { unit };
    to_bytes(number, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_unit_spelling_converts() {
        assert_eq!(to_bytes("4", "GiB"), Ok(4 << 30));
        assert_eq!(to_bytes("1024", "KiB"), Ok(1 << 20));
        assert_eq!(to_bytes("2", "byte * 2^30"), Ok(2 << 30));
        assert_eq!(to_bytes("512", "MegaBytes"), Ok(512 << 20));
        assert_eq!(to_bytes("1", "GB"), Ok(1_000_000_000));
        assert_eq!(suffixed_to_bytes("32G", "b"), Ok(32 << 30));
        assert_eq!(suffixed_to_bytes("2048", "M"), Ok(2048 << 20));
    }

    #[test]
    fn overflow_and_garbage_are_errors_not_wraps() {
        assert!(matches!(
            to_bytes("99999999999999999999", "MiB"),
            Err(SizeError::Overflow(..))
        ));
        assert_eq!(
            to_bytes("99999999999999999999", "MiB")
                .unwrap_err()
                .to_string(),
            "99999999999999999999 MiB does not fit in 64 bits"
        );
        assert!(matches!(
            to_bytes("99999999999999", "TiB"),
            Err(SizeError::Overflow(..))
        ));
        assert!(matches!(
            to_bytes("-5", "GiB"),
            Err(SizeError::NotANumber(_))
        ));
        assert!(matches!(
            to_bytes("5", "furlongs"),
            Err(SizeError::UnknownUnit(_))
        ));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        const UNITS: &[&str] = &[
            "",
            "b",
            "KiB",
            "k",
            "M",
            "MiB",
            "G",
            "GiB",
            "T",
            "TiB",
            "P",
            "E",
            "KB",
            "MB",
            "GB",
            "TB",
            "PB",
            "EB",
            "MegaBytes",
            "byte * 2^20",
            "byte * 2^30",
            "2^10 * byte",
            "KiloBytes * 1024",
        ];

        proptest! {
            /// Any u64 in any known unit is exactly value * multiplier, or an overflow error.
            #[test]
            fn known_units_multiply_exactly_or_report_overflow(
                n in any::<u64>(),
                unit in proptest::sample::select(UNITS),
            ) {
                let m = unit_multiplier(unit).expect("listed units are known");
                match to_bytes(&n.to_string(), unit) {
                    Ok(bytes) => prop_assert_eq!(Some(bytes), n.checked_mul(m)),
                    Err(SizeError::Overflow(..)) => prop_assert!(n.checked_mul(m).is_none()),
                    Err(other) => prop_assert!(false, "unexpected {other}"),
                }
            }

            /// Digit strings longer than any u64 are overflow errors in every unit, never a
            /// wrap or a truncated value.
            #[test]
            fn numbers_past_u64_are_overflow_errors(
                digits in "[1-9][0-9]{20,40}",
                unit in proptest::sample::select(UNITS),
            ) {
                prop_assert!(matches!(to_bytes(&digits, unit), Err(SizeError::Overflow(..))));
                let suffixed = format!("{digits}{}", unit.trim());
                prop_assert!(suffixed_to_bytes(&suffixed, "M").is_err());
            }

            /// Arbitrary text never panics and never yields a size unless it is digits plus a
            /// known unit.
            #[test]
            fn arbitrary_text_is_an_error_or_a_checked_product(text in "\\PC{0,24}") {
                if let Ok(bytes) = suffixed_to_bytes(&text, "M") {
                    let t = text.trim();
                    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
                    let (digits, unit) = t.split_at(split);
                    let n: u64 = digits.parse().expect("accepted sizes start with digits");
                    let unit = if unit.is_empty() { "M" } else { unit };
                    prop_assert_eq!(Some(bytes), unit_multiplier(unit).and_then(|m| n.checked_mul(m)));
                }
            }
        }
    }
}

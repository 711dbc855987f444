//! Lower-case hexadecimal text of bytes: digests (`sha256:...`, OVA manifests, plan seals)
//! and name-based UUIDs.
//!
//! One home for it, and a table rather than `format!("{b:02x}")` per byte: a name-based
//! firmware UUID is made for most imported VMs, and sixteen formatter calls each were a
//! visible share of generating one.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// `bytes` as lower-case hex, two digits per byte.
pub fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_byte_is_two_lower_case_digits_as_the_formatter_writes_them() {
        let all: Vec<u8> = (0..=255).collect();
        let expected: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(super::encode(&all), expected);
        assert_eq!(super::encode(&[]), "");
    }
}

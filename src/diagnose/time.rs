//! Kubernetes times without a clock: RFC 3339 to seconds since the epoch, and ages written
//! the way kubectl writes them (`duration.HumanDuration`: `45s`, `3m12s`, `5h`, `12d`).

/// Seconds since the epoch of an RFC 3339 UTC time as the API server writes it
/// (`2026-12-03T17:08:37Z`, fractions allowed, `+00:00` allowed); None otherwise.
pub fn epoch_seconds(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(10) != Some(&b'T') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> { text.get(from..to)?.parse().ok() };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, min, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let zone = text
        .get(19..)?
        .trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    if zone != "Z" && zone != "+00:00" {
        return None;
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm), March-based years.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hour * 3_600 + min * 60 + sec)
}

/// An age as kubectl prints it (k8s.io/apimachinery `duration.HumanDuration`).
pub fn human_age(seconds: i64) -> String {
    let s = seconds.max(0);
    let (m, h, d) = (s / 60, s / 3_600, s / 86_400);
    let y = d / 365;
    if s < 120 {
        format!("{s}s")
    } else if m < 10 {
        match s % 60 {
            0 => format!("{m}m"),
            r => format!("{m}m{r}s"),
        }
    } else if m < 180 {
        format!("{m}m")
    } else if h < 8 {
        match m % 60 {
            0 => format!("{h}h"),
            r => format!("{h}h{r}m"),
        }
    } else if h < 48 {
        format!("{h}h")
    } else if h < 192 {
        match h % 24 {
            0 => format!("{d}d"),
            r => format!("{d}d{r}h"),
        }
    } else if y < 2 {
        format!("{d}d")
    } else if y < 8 {
        match d % 365 {
            0 => format!("{y}y"),
            r => format!("{y}y{r}d"),
        }
    } else {
        format!("{y}y")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_to_epoch_seconds() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch_seconds("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(
            epoch_seconds("2026-12-03T17:08:37.123456Z"),
            Some(1_796_317_717)
        );
        assert_eq!(
            epoch_seconds("2026-12-03T17:08:37+00:00"),
            Some(1_796_317_717)
        );
        assert_eq!(epoch_seconds("2026-12-03T17:08:37+02:00"), None);
        assert_eq!(epoch_seconds("2026-13-03T17:08:37Z"), None);
        assert_eq!(epoch_seconds("yesterday"), None);
    }

    #[test]
    fn ages_read_like_kubectl() {
        let cases = [
            (5, "5s"),
            (119, "119s"),
            (120, "2m"),
            (192, "3m12s"),
            (11 * 60, "11m"),
            (5 * 3_600 + 60, "5h1m"),
            (30 * 3_600, "30h"),
            (3 * 86_400 + 3_600, "3d1h"),
            (40 * 86_400, "40d"),
            (3 * 365 * 86_400 + 86_400, "3y1d"),
            (-4, "0s"),
        ];
        for (s, want) in cases {
            assert_eq!(human_age(s), want, "{s}s");
        }
    }
}

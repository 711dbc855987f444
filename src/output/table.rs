//! kubectl-style tables: upper-case headers, columns three spaces apart, no trailing spaces.
//!
//! tabled does the width arithmetic (including double-width CJK characters, which real VM
//! names contain); we only set kubectl's spacing and strip the padding after the last column.

use tabled::builder::Builder;
use tabled::settings::{Padding, Style};

/// Renders rows under upper-case headers. Returns an empty string when there are no rows,
/// so callers can print kubectl's "No resources found" instead.
pub fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut builder = Builder::default();
    builder.push_record(headers.iter().map(|h| h.to_ascii_uppercase()));
    for row in rows {
        builder.push_record(row.iter().map(|cell| cell.replace('\n', " ")));
    }
    let mut table = builder.build();
    table.with(Style::empty()).with(Padding::new(0, 3, 0, 0));
    let mut out = String::new();
    for line in table.to_string().lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_three_spaces_apart_without_trailing_space() {
        let rows = vec![
            vec!["web01".to_string(), "2".to_string()],
            vec!["database-primary".to_string(), "16".to_string()],
        ];
        let text = render(&["name", "cpu"], &rows);
        assert_eq!(
            text,
            "NAME               CPU\nweb01              2\ndatabase-primary   16\n"
        );
    }

    #[test]
    fn wide_characters_keep_columns_aligned() {
        let rows = vec![
            vec!["虚拟机".to_string(), "x".to_string()],
            vec!["abcdef".to_string(), "y".to_string()],
        ];
        let text = render(&["name", "v"], &rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "虚拟机   x");
        assert_eq!(lines[2], "abcdef   y");
    }
}

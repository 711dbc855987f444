//! Safe XML parsing shared by the XML importers (OVF, libvirt, VirtualBox).
//!
//! roxmltree refuses documents with a DTD unless told otherwise, so entity expansion
//! ("billion laughs") and external entities never happen: such files are refused at once.
//! Errors carry the line and column roxmltree reports.

use super::{text, ImportError, Location, SourceFile};
use std::borrow::Cow;

/// Decodes a file's bytes for XML parsing: strips a BOM, honours an `encoding=` other than
/// UTF-8 in the declaration, and rejects UTF-16 content we cannot hold in a `str`.
pub fn decode(file: &SourceFile) -> Result<Cow<'_, str>, ImportError> {
    let bytes = text::strip_bom(&file.bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ImportError::unsupported(
            file.at(),
            "UTF-16 encoded XML; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)",
        ));
    }
    let head = text::sniff_prefix(bytes, 200);
    let declared = declared_encoding(&head);
    match declared.as_deref() {
        // A declaration of UTF-16 on single-byte content is a known lie (Hyper-V exports):
        // the bytes are what count, and they have no UTF-16 BOM.
        Some("utf-16") | Some("utf16") | None | Some("utf-8") | Some("utf8") | Some("us-ascii")
        | Some("ascii") => text::decode(file, bytes, None),
        Some(other) => text::decode(file, bytes, Some(other)),
    }
}

fn declared_encoding(head: &str) -> Option<String> {
    let decl_end = head.find("?>")?;
    let decl = &head[..decl_end];
    if !decl.trim_start().starts_with("<?xml") {
        return None;
    }
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next()?;
    let rest = &rest[quote.len_utf8()..];
    let end = rest.find(quote)?;
    Some(rest[..end].trim().to_ascii_lowercase())
}

/// Parses XML text with DTDs refused.
pub fn parse<'a>(file: &SourceFile, text: &'a str) -> Result<roxmltree::Document<'a>, ImportError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|err| {
        let pos = err.pos();
        let (line, column) = (pos.row as usize, pos.col as usize);
        match err {
            roxmltree::Error::DtdDetected => {
                // roxmltree reports the document start; point at the DOCTYPE itself.
                let line = text
                    .find("<!DOCTYPE")
                    .map(|offset| text::line_of_offset(text.as_bytes(), offset))
                    .unwrap_or(line);
                ImportError::unsupported(
                    Location {
                        file: file.name.clone(),
                        line: Some(line),
                        column: None,
                    },
                    "the document has a DTD; DTDs and entity declarations are refused for safety (VM specs never need them)",
                )
            }
            other => ImportError::syntax(
                Location {
                    file: file.name.clone(),
                    line: Some(line),
                    column: Some(column),
                },
                other.to_string(),
            ),
        }
    })
}

/// The location of a node, for error messages.
pub fn location(file: &SourceFile, node: roxmltree::Node) -> Location {
    let pos = node.document().text_pos_at(node.range().start);
    Location {
        file: file.name.clone(),
        line: Some(pos.row as usize),
        column: Some(pos.col as usize),
    }
}

/// First child element with the given local name (namespaces ignored: sources disagree on them).
pub fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
}

/// All child elements with the given local name.
pub fn children<'a, 'i: 'a>(
    node: roxmltree::Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name().eq_ignore_ascii_case(name))
}

/// Trimmed text of the first child element with the given local name.
pub fn child_text<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name)
        .and_then(|c| c.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// An attribute by local name, whatever its namespace.
pub fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_bombs_and_external_entities_are_refused() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<domain>&lol2;</domain>"#;
        let file = SourceFile::from_bytes("bomb.xml", bomb.as_bytes().to_vec());
        let err = parse(&file, bomb).unwrap_err();
        assert!(err.to_string().contains("DTD"), "{err}");
        assert_eq!(err.location.line, Some(2));

        let xxe = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>"#;
        let file = SourceFile::from_bytes("xxe.xml", xxe.as_bytes().to_vec());
        let err = parse(&file, xxe).unwrap_err();
        assert!(!err.to_string().contains("root:"));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let text = "<a>\n  <b>\n</a>";
        let file = SourceFile::from_bytes("bad.xml", text.as_bytes().to_vec());
        let err = parse(&file, text).unwrap_err();
        assert_eq!(err.location.line, Some(3));
        assert!(err.location.column.is_some());
    }

    #[test]
    fn a_false_utf16_declaration_on_ascii_content_still_decodes() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><configuration/>";
        let file = SourceFile::from_bytes("h.xml", text.as_bytes().to_vec());
        assert_eq!(decode(&file).unwrap(), text);
    }
}

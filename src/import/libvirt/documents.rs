//! What a file holds before it is a domain: several `<domain>` documents back to back
//! (`virt-install --print-xml`), found by a small tokenizer, and unfilled template placeholders,
//! which are refused.

use super::*;

/// When `text` is several `<domain>` documents back to back, returns a copy in which
/// everything but the XML declaration and the last document is blanked (newlines kept, so
/// that line numbers in errors stay true), and the number of documents.
pub(super) fn last_document_view(text: &str) -> Option<(String, usize)> {
    let elements = top_level_elements(text)?;
    if elements.len() < 2 || elements.iter().any(|e| e.name != "domain") {
        return None;
    }
    let last = elements.last()?;
    let decl_end = if text.starts_with("<?xml") {
        text.find("?>").map_or(0, |end| end + 2)
    } else {
        0
    };
    let view: String = text
        .char_indices()
        .map(|(at, c)| {
            let keep = at < decl_end || (at >= last.start && at < last.end);
            if keep || c == '\n' || c == '\r' {
                c
            } else {
                ' '
            }
        })
        .collect();
    Some((view, elements.len()))
}

pub(super) struct TopElement<'a> {
    pub(super) name: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Byte ranges of the top-level elements of `text`. Returns `None` whenever the text is
/// not a clean sequence of elements (stray text, a DOCTYPE, unbalanced tags, too many
/// documents): the real parser then reports the problem.
pub(super) fn top_level_elements(text: &str) -> Option<Vec<TopElement<'_>>> {
    let mut found = Vec::new();
    let mut depth: usize = 0;
    let mut open_start = 0;
    let mut open_name = "";
    let mut at = 0;
    while at < text.len() {
        let rest = text.get(at..)?;
        if !rest.starts_with('<') {
            let next = rest.find('<').unwrap_or(rest.len());
            if depth == 0 && !rest[..next].trim().is_empty() {
                return None;
            }
            at += next;
            continue;
        }
        if rest.starts_with("<!--") {
            at += rest.find("-->")? + 3;
        } else if rest.starts_with("<![CDATA[") {
            if depth == 0 {
                return None;
            }
            at += rest.find("]]>")? + 3;
        } else if rest.starts_with("<!") {
            return None;
        } else if rest.starts_with("<?") {
            at += rest.find("?>")? + 2;
        } else if rest.starts_with("</") {
            at += rest.find('>')? + 1;
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                found.push(TopElement {
                    name: open_name,
                    start: open_start,
                    end: at,
                });
            }
        } else {
            let tag_len = tag_length(rest)?;
            let name_end = rest[1..]
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .map_or(tag_len, |n| n + 1);
            let name = &rest[1..name_end];
            let self_closing = rest[..tag_len].ends_with("/>");
            if depth == 0 {
                open_start = at;
                open_name = name;
            }
            at += tag_len;
            if self_closing {
                if depth == 0 {
                    found.push(TopElement {
                        name,
                        start: open_start,
                        end: at,
                    });
                }
            } else {
                depth += 1;
            }
        }
        if found.len() > MAX_DOCUMENTS {
            return None;
        }
    }
    (depth == 0).then_some(found)
}

/// Length of the start tag at the beginning of `rest`, quotes respected.
pub(super) fn tag_length(rest: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices().skip(1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return Some(i + 1),
            None if c == '<' => return None,
            None => {}
        }
    }
    None
}

/// Refuses documents with unfilled placeholders in attribute values or text. Metadata,
/// titles and descriptions are free text owned by other tools and are not searched.
pub(super) fn refuse_templates(file: &SourceFile, root: Node) -> Result<(), ImportError> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_element() {
            let name = node.tag_name().name();
            if matches!(name, "metadata" | "description" | "title") {
                continue;
            }
            for attr in node.attributes() {
                if let Some(placeholder) = find_placeholder(attr.value()) {
                    return Err(template_error(file, node, placeholder));
                }
            }
            stack.extend(node.children());
        } else if node.is_text() {
            if let Some(placeholder) = node.text().and_then(find_placeholder) {
                return Err(template_error(file, node, placeholder));
            }
        }
    }
    Ok(())
}

pub(super) fn template_error(file: &SourceFile, node: Node, placeholder: &str) -> ImportError {
    ImportError::unsupported(
        xml::location(file, node),
        format!(
            "this is a template with unfilled placeholders ({placeholder}); fill them in \
             (or use the file the template generates) before importing"
        ),
    )
}

/// The first `@NAME@`, `{name}` or `{{ name }}` placeholder in `value`.
///
/// Each candidate is scanned only over the characters a placeholder may hold, which stop at
/// the next `@` or `{`, so the whole search stays linear on hostile input.
pub(super) fn find_placeholder(value: &str) -> Option<&str> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for (i, c) in value.char_indices() {
        let rest = &value[i + c.len_utf8()..];
        let (body_len, closer, open_len) = match c {
            '@' => (rest.find(|c: char| !ident(c)).unwrap_or(rest.len()), "@", 1),
            '{' if rest.starts_with('{') => {
                let inner = &rest[1..];
                let len = inner
                    .find(|c: char| !(ident(c) || c == '.' || c == ' '))
                    .unwrap_or(inner.len());
                (len, "}}", 2)
            }
            '{' => (rest.find(|c: char| !ident(c)).unwrap_or(rest.len()), "}", 1),
            _ => continue,
        };
        let body_start = i + open_len;
        let body = &value[body_start..body_start + body_len];
        let trimmed = body.trim();
        let starts_well = trimmed
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if starts_well && value[body_start + body_len..].starts_with(closer) {
            return Some(&value[i..body_start + body_len + closer.len()]);
        }
    }
    None
}

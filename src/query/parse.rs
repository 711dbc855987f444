//! The `--where` and `--order-by` grammars: a lexer that remembers each token's column and
//! a recursive-descent parser that types every literal against its field, so that
//! `cpus >> 4` or `memory >= lots` is refused with a caret under the fault before any file
//! is read.
//!
//! ```text
//! expr    := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | "(" expr ")" | test
//! test    := FIELD op VALUE | FIELD ["not"] "in" "(" VALUE ("," VALUE)* ")"
//!          | FIELD ["not"] "like" VALUE | FIELD "~=" VALUE | BOOLEAN-FIELD
//! op      := "=" | "!=" | "<" | "<=" | ">" | ">="
//! ```

use super::fields::{Field, FieldType, ALL};
use super::{CmpOp, Expr, Literal, OrderKey, Test};
use crate::guest::Version;

/// A `--where` or `--order-by` text that does not parse, with the 1-based column (in
/// characters) of the fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}\n  {text}\n  {caret}^", caret = " ".repeat(.column.saturating_sub(1)))]
pub struct QueryError {
    pub text: String,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// A bare word: a field, a keyword (`and`, `in`...) or an unquoted value.
    Word(String),
    /// A quoted value.
    Quoted(String),
    Op(&'static str),
    Open,
    Close,
    Comma,
    End,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    column: usize,
}

impl Token {
    fn shown(&self) -> String {
        match &self.kind {
            Kind::Word(w) => format!("'{w}'"),
            Kind::Quoted(q) => format!("'{q}'"),
            Kind::Op(op) => format!("'{op}'"),
            Kind::Open => "'('".into(),
            Kind::Close => "')'".into(),
            Kind::Comma => "','".into(),
            Kind::End => "the end".into(),
        }
    }

    fn is_word(&self, keyword: &str) -> bool {
        matches!(&self.kind, Kind::Word(w) if w.eq_ignore_ascii_case(keyword))
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || "_-.:/*?@+[]".contains(c)
}

fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let fail = |column: usize, message: String| QueryError {
        text: text.to_string(),
        column,
        message,
    };
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        let next = chars.get(i + 1).copied();
        let (kind, width) = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => (Kind::Open, 1),
            ')' => (Kind::Close, 1),
            ',' => (Kind::Comma, 1),
            '=' if next == Some('=') => (Kind::Op("="), 2),
            '=' => (Kind::Op("="), 1),
            '!' if next == Some('=') => (Kind::Op("!="), 2),
            '~' if next == Some('=') => (Kind::Op("~="), 2),
            '<' if next == Some('=') => (Kind::Op("<="), 2),
            '>' if next == Some('=') => (Kind::Op(">="), 2),
            '<' => (Kind::Op("<"), 1),
            '>' => (Kind::Op(">"), 1),
            '\'' | '"' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .ok_or_else(|| fail(column, format!("unterminated {c}quote{c}")))?;
                let inner: String = chars[i + 1..i + 1 + close].iter().collect();
                (Kind::Quoted(inner), close + 2)
            }
            c if is_word_char(c) => {
                let len = chars[i..].iter().take_while(|&&w| is_word_char(w)).count();
                (Kind::Word(chars[i..i + len].iter().collect()), len)
            }
            other => return Err(fail(column, format!("unexpected character '{other}'"))),
        };
        tokens.push(Token { kind, column });
        i += width;
    }
    tokens.push(Token {
        kind: Kind::End,
        column: chars.len() + 1,
    });
    Ok(tokens)
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        // `lex` always ends with `End`, and `next` never steps past it.
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let token = self.peek().clone();
        if token.kind != Kind::End {
            self.at += 1;
        }
        token
    }

    fn error(&self, column: usize, message: impl Into<String>) -> QueryError {
        QueryError {
            text: self.text.to_string(),
            column,
            message: message.into(),
        }
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.and()?;
        while self.peek().is_word("or") {
            self.next();
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.unary()?;
        while self.peek().is_word("and") {
            self.next();
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        let token = self.next();
        match &token.kind {
            Kind::Word(w) if w.eq_ignore_ascii_case("not") => {
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Kind::Open => {
                let inner = self.or()?;
                let close = self.next();
                if close.kind != Kind::Close {
                    return Err(self.error(
                        close.column,
                        format!(
                            "expected ')' to close the '(' at column {}, found {}",
                            token.column,
                            close.shown()
                        ),
                    ));
                }
                Ok(inner)
            }
            Kind::Word(w) => match Field::lookup(w) {
                Some(field) => self.test(field),
                None => Err(self.error(
                    token.column,
                    format!("unknown field '{w}'; fields: {}", field_names()),
                )),
            },
            _ => Err(self.error(
                token.column,
                format!("expected a field name, found {}", token.shown()),
            )),
        }
    }

    /// What follows a field name.
    fn test(&mut self, field: Field) -> Result<Expr, QueryError> {
        let next = self.peek();
        let operator = matches!(next.kind, Kind::Op(_))
            || ["in", "like", "not"].iter().any(|k| next.is_word(k));
        if field.kind() == FieldType::Bool && !operator {
            // `tpm` alone means `tpm = true`.
            return Ok(Expr::Test(field, Test::Cmp(CmpOp::Eq, Literal::Bool(true))));
        }
        let negated = self.peek().is_word("not");
        if negated {
            self.next();
        }
        let token = self.next();
        let test = match &token.kind {
            Kind::Word(w) if w.eq_ignore_ascii_case("in") => self.in_list(field)?,
            Kind::Word(w) if w.eq_ignore_ascii_case("like") => {
                self.require_textual(field, &token)?;
                let (text, _) = self.raw_value(&token)?;
                let text = fold(field, text);
                Test::Like(text)
            }
            Kind::Op("~=") if !negated => {
                self.require_textual(field, &token)?;
                let (text, at) = self.raw_value(&token)?;
                let regex = regex::RegexBuilder::new(&text)
                    .case_insensitive(field.kind().folds_case())
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|err| {
                        self.error(
                            at,
                            format!("not a regular expression: {}", first_line(&err)),
                        )
                    })?;
                Test::Regex(regex)
            }
            Kind::Op(op) if !negated => {
                let op = CmpOp::from_symbol(op).unwrap_or(CmpOp::Eq);
                if op.is_ordering() && !field.kind().is_ordered() {
                    return Err(self.error(
                        token.column,
                        format!(
                            "'{}' compares numbers, sizes and versions; {} is {}",
                            op.symbol(),
                            field.name(),
                            field.kind().as_str()
                        ),
                    ));
                }
                Test::Cmp(op, self.value(field, &token)?)
            }
            _ => {
                return Err(self.error(
                    token.column,
                    format!(
                        "expected an operator ({}) after {}, found {}",
                        if negated {
                            "in, like"
                        } else {
                            "= != < <= > >= in like ~="
                        },
                        if negated { "'not'" } else { field.name() },
                        token.shown()
                    ),
                ))
            }
        };
        let test = Expr::Test(field, test);
        Ok(if negated {
            Expr::Not(Box::new(test))
        } else {
            test
        })
    }

    fn in_list(&mut self, field: Field) -> Result<Test, QueryError> {
        let open = self.next();
        if open.kind != Kind::Open {
            return Err(self.error(
                open.column,
                format!("expected '(' after 'in', found {}", open.shown()),
            ));
        }
        let mut values = Vec::new();
        let mut after = open;
        loop {
            values.push(self.value(field, &after)?);
            let sep = self.next();
            match sep.kind {
                Kind::Comma => after = sep,
                Kind::Close => break,
                _ => {
                    return Err(self.error(
                        sep.column,
                        format!("expected ',' or ')' in the list, found {}", sep.shown()),
                    ))
                }
            }
        }
        Ok(Test::In(values))
    }

    fn require_textual(&self, field: Field, op: &Token) -> Result<(), QueryError> {
        if field.kind().is_textual() {
            return Ok(());
        }
        Err(self.error(
            op.column,
            format!(
                "{} matches text; {} is {}",
                op.shown(),
                field.name(),
                field.kind().as_str()
            ),
        ))
    }

    /// The next token as a value's text, with its column.
    fn raw_value(&mut self, after: &Token) -> Result<(String, usize), QueryError> {
        let token = self.next();
        match token.kind {
            Kind::Word(w) => Ok((w, token.column)),
            Kind::Quoted(q) => Ok((q, token.column)),
            _ => Err(self.error(
                token.column,
                format!(
                    "expected a value after {}, found {}",
                    after.shown(),
                    token.shown()
                ),
            )),
        }
    }

    /// The next token as a literal of the field's type.
    fn value(&mut self, field: Field, after: &Token) -> Result<Literal, QueryError> {
        let (text, column) = self.raw_value(after)?;
        literal(field, &text).map_err(|message| self.error(column, message))
    }
}

fn first_line(err: &regex::Error) -> String {
    let text = err.to_string();
    text.lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map(|l| l.trim_start_matches("error:").trim().to_string())
        .unwrap_or(text)
}

fn fold(field: Field, text: String) -> String {
    if field.kind().folds_case() {
        text.to_ascii_lowercase()
    } else {
        text
    }
}

/// Types a literal against its field.
fn literal(field: Field, text: &str) -> Result<Literal, String> {
    match field.kind() {
        FieldType::Text | FieldType::TextList => Ok(Literal::Text(text.to_string())),
        FieldType::Keyword | FieldType::KeywordList => Ok(Literal::Text(text.to_ascii_lowercase())),
        FieldType::Int => text
            .parse::<u64>()
            .map(Literal::Number)
            .map_err(|_| format!("{} is a whole number; '{text}' is not", field.name())),
        FieldType::Size => parse_size(text).map(Literal::Number).ok_or_else(|| {
            format!(
                "{} is a size; '{text}' is not one (write 8Gi, 512Mi, 2T or a number of bytes)",
                field.name()
            )
        }),
        FieldType::Version => Version::parse(text).map(Literal::Version).ok_or_else(|| {
            format!(
                "{} is a version; '{text}' is not one (write 22.04, 9 or 2019)",
                field.name()
            )
        }),
        FieldType::Bool => match text.to_ascii_lowercase().as_str() {
            "true" | "yes" => Ok(Literal::Bool(true)),
            "false" | "no" => Ok(Literal::Bool(false)),
            _ => Err(format!(
                "{} is true or false; '{text}' is neither",
                field.name()
            )),
        },
    }
}

/// A Kubernetes quantity of bytes: a whole number with an optional binary (`Ki`...`Ei`) or
/// decimal (`k`...`E`) suffix.
pub fn parse_size(text: &str) -> Option<u64> {
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(split);
    let number: u64 = digits.parse().ok()?;
    let multiplier: u64 = match suffix {
        "" => 1,
        "Ki" => 1 << 10,
        "Mi" => 1 << 20,
        "Gi" => 1 << 30,
        "Ti" => 1 << 40,
        "Pi" => 1 << 50,
        "Ei" => 1 << 60,
        "k" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        "P" => 1_000_000_000_000_000,
        "E" => 1_000_000_000_000_000_000,
        _ => return None,
    };
    number.checked_mul(multiplier)
}

fn field_names() -> String {
    ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
}

/// Parses a `--where` expression.
pub fn parse_expr(text: &str) -> Result<Expr, QueryError> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        text,
        tokens,
        at: 0,
    };
    if parser.peek().kind == Kind::End {
        return Err(parser.error(1, "empty expression"));
    }
    let expr = parser.or()?;
    let rest = parser.next();
    if rest.kind != Kind::End {
        return Err(parser.error(
            rest.column,
            format!("expected 'and', 'or' or the end, found {}", rest.shown()),
        ));
    }
    Ok(expr)
}

/// Parses an `--order-by` value: `FIELD [asc|desc]`, several separated by commas.
pub fn parse_order(text: &str) -> Result<Vec<OrderKey>, QueryError> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        text,
        tokens,
        at: 0,
    };
    let mut keys = Vec::new();
    loop {
        let token = parser.next();
        let field = match &token.kind {
            Kind::Word(w) => Field::lookup(w).ok_or_else(|| {
                parser.error(
                    token.column,
                    format!("unknown field '{w}'; fields: {}", field_names()),
                )
            })?,
            _ => {
                return Err(parser.error(
                    token.column,
                    format!("expected a field name, found {}", token.shown()),
                ))
            }
        };
        let mut descending = false;
        if parser.peek().is_word("desc") || parser.peek().is_word("asc") {
            descending = parser.next().is_word("desc");
        }
        keys.push(OrderKey { field, descending });
        let sep = parser.next();
        match sep.kind {
            Kind::Comma => continue,
            Kind::End => return Ok(keys),
            _ => {
                return Err(parser.error(
                    sep.column,
                    format!(
                        "expected 'asc', 'desc', ',' or the end, found {}",
                        sep.shown()
                    ),
                ))
            }
        }
    }
}

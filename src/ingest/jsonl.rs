//! JSON lines: one article object per line (`text` required; `title`, `url`, `published`, `id`
//! optional; other fields ignored; blank lines skipped).

use super::{location, parse_date, text, Article, IngestOptions, SourceFormat};
use crate::{Error, Result};
use serde_json::{Map, Value};

pub(crate) fn read(content: &str, source: &str, opts: &IngestOptions) -> Result<Vec<Article>> {
    let mut articles = Vec::new();
    for (index, line) in content.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = index + 1;
        let at = format!("{}:{n}", location(source));
        let record = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(record)) => record,
            Ok(other) => {
                return Err(Error::input_hint(
                    at,
                    format!("expected a JSON object, found {}", kind(&other)),
                    "JSON lines hold one article object per line; convert an array with `jq -c '.[]' FILE`",
                ))
            }
            Err(e) => return Err(syntax_error(at, &e)),
        };
        articles.push(article(&record, &at, format!("{source}:{n}"), opts)?);
    }
    Ok(articles)
}

fn article(
    record: &Map<String, Value>,
    at: &str,
    source: String,
    opts: &IngestOptions,
) -> Result<Article> {
    let field_at = |name: &str| format!("{at}: field `{name}`");
    let string = |name: &str| -> Result<Option<String>> {
        match record.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) if name == "id" => Ok(Some(n.to_string())),
            Some(other) => Err(Error::input(
                field_at(name),
                format!("expected a string, found {}", kind(other)),
            )),
        }
    };
    let Some(raw_text) = string("text")? else {
        return Err(Error::input_hint(
            at,
            "missing `text` field",
            "each line needs the article's story in a \"text\" field",
        ));
    };
    let text = text::clean(&raw_text, false).text;
    if text.is_empty() {
        return Err(Error::input(field_at("text"), "is empty"));
    }
    let published = match string("published")? {
        None => opts.published,
        Some(s) => Some(parse_date(&s).ok_or_else(|| {
            Error::input_hint(
                field_at("published"),
                format!("cannot read the date {s:?}"),
                "write dates like 2013-05-16, 16 May 2013, May 16, 2013 or an RFC 3339/2822 datetime",
            )
        })?),
    };
    Ok(Article {
        source,
        url: string("url")?.or_else(|| opts.url.clone()).unwrap_or_default(),
        title: string("title")?.or_else(|| opts.title.clone()).unwrap_or_default(),
        published,
        text,
        format: SourceFormat::Jsonl,
        id: string("id")?.unwrap_or_default(),
    })
}

/// serde_json reports positions within the one line it was given ("at line 1 column 7");
/// the line is already in the location, so keep only the column.
fn syntax_error(at: String, e: &serde_json::Error) -> Error {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    let message = format!("invalid JSON: {message} (column {})", e.column());
    if e.classify() == serde_json::error::Category::Eof {
        Error::input_hint(at, message, "each article must be one JSON object on a single line")
    } else {
        Error::input(at, message)
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const GOOD: &str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ingest/articles.jsonl"));
    const BAD_LINE_3: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ingest/bad-line-3.jsonl"
    ));

    fn read_str(content: &str, source: &str) -> Result<Vec<Article>> {
        read(content, source, &IngestOptions::default())
    }

    #[test]
    fn one_article_per_line_with_optional_fields() {
        let articles = read_str(GOOD, "wire.jsonl").unwrap();
        assert_eq!(articles.len(), 3, "the blank line is skipped");
        let a = &articles[0];
        assert_eq!(a.source, "wire.jsonl:1");
        assert_eq!(a.id, "w-1041");
        assert_eq!(a.title, "Checkpoint attack kills three soldiers");
        assert_eq!(a.url, "https://wire.example.com/w-1041");
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2018, 4, 22));
        assert!(a.text.starts_with("Gunmen opened fire"));
        assert_eq!(articles[1].published, NaiveDate::from_ymd_opt(2018, 4, 23), "RFC 2822 date");
        assert_eq!(articles[2].source, "wire.jsonl:4");
        assert_eq!(articles[2].id, "1043", "numeric id");
        assert_eq!((articles[2].title.as_str(), articles[2].published), ("", None));
        assert!(!articles[2].text.contains("Sign up"), "boilerplate cut: {}", articles[2].text);
    }

    #[test]
    fn a_bad_line_names_its_number_and_the_parser_error() {
        let e = read_str(BAD_LINE_3, "bad.jsonl").unwrap_err().to_string();
        assert!(e.starts_with("bad.jsonl:3: invalid JSON: "), "{e}");
        assert!(e.contains("column"), "{e}");
        assert!(!e.contains("line 1"), "{e}");
    }

    #[test]
    fn missing_text_field() {
        let e = read_str("{\"text\": \"A story.\"}\n{\"title\": \"No body\"}\n", "x.jsonl")
            .unwrap_err();
        assert_eq!(e.to_string().lines().next(), Some("x.jsonl:2: missing `text` field"));
    }

    #[test]
    fn field_errors_name_the_field() {
        let e = read_str("{\"text\": 5}", "x.jsonl").unwrap_err().to_string();
        assert_eq!(e, "x.jsonl:1: field `text`: expected a string, found a number");
        let e = read_str("{\"text\": \"A story.\", \"published\": \"soon\"}", "x.jsonl")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("x.jsonl:1: field `published`: cannot read the date \"soon\""),
            "{e}"
        );
    }

    #[test]
    fn arrays_and_multi_line_objects_get_hints() {
        let e = read_str("[{\"text\": \"a\"}]", "x.json").unwrap_err().to_string();
        assert!(e.contains("found an array") && e.contains("jq -c"), "{e}");
        let e = read_str("{\n  \"text\": \"a\"\n}", "x.jsonl").unwrap_err().to_string();
        assert!(e.starts_with("x.jsonl:1: invalid JSON") && e.contains("single line"), "{e}");
    }

    #[test]
    fn options_fill_in_missing_fields_only() {
        let opts = IngestOptions {
            published: NaiveDate::from_ymd_opt(2020, 1, 1),
            url: Some("https://example.org/default".into()),
            ..Default::default()
        };
        let articles = read(GOOD, "wire.jsonl", &opts).unwrap();
        assert_eq!(articles[0].published, NaiveDate::from_ymd_opt(2018, 4, 22));
        assert_eq!(articles[2].published, opts.published);
        assert_eq!(articles[2].url, "https://example.org/default");
    }
}

//! Open311 GeoReport v2's two formats: each document is named with its format (`services.json`,
//! `requests.xml`), and every answer, errors included, is written in it. XML is the spec's required
//! format; JSON has the same fields. A list is a JSON array, or an XML root of one element per item.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use serde_json::{Map, Value};

/// What a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// Splits `services.json` into `services` and its format; `None` for any other extension.
    pub fn split(document: &str) -> Option<(&str, Format)> {
        let (name, extension) = document.rsplit_once('.')?;
        let format = match extension {
            "json" => Format::Json,
            "xml" => Format::Xml,
            _ => return None,
        };
        (!name.is_empty()).then_some((name, format))
    }
}

/// One item of a document: its fields in the spec's order. A value is text, a whole number, a flag, a list
/// of items under an element's name, or nothing (written as an empty element, or `null`).
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Text(String),
    Integer(i64),
    Flag(bool),
    Items { element: &'static str, items: Vec<Item> },
    Nothing,
}

pub type Item = Vec<(&'static str, Field)>;

impl From<String> for Field {
    fn from(text: String) -> Self {
        Field::Text(text)
    }
}

impl From<&str> for Field {
    fn from(text: &str) -> Self {
        Field::Text(text.to_owned())
    }
}

impl<T: Into<Field>> From<Option<T>> for Field {
    fn from(value: Option<T>) -> Self {
        value.map_or(Field::Nothing, Into::into)
    }
}

/// A list of items: `[{...}, ...]`, or `<root><element>...</element>...</root>`.
pub struct Document {
    pub root: &'static str,
    pub element: &'static str,
    pub items: Vec<Item>,
}

impl Document {
    pub fn respond(&self, format: Format, status: StatusCode) -> Response {
        let (body, content_type) = match format {
            Format::Json => (Value::Array(self.items.iter().map(json_item).collect()).to_string(), "application/json"),
            Format::Xml => (self.xml(), "text/xml; charset=utf-8"),
        };
        let mut response = (status, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        response.extensions_mut().insert(crate::middleware::OwnErrorShape);
        response
    }

    /// One object rather than a list (a service's definition): `{...}`, or `<root>...</root>`.
    pub fn respond_one(root: &'static str, item: Item, format: Format) -> Response {
        let (body, content_type) = match format {
            Format::Json => (json_item(&item).to_string(), "application/json"),
            Format::Xml => {
                let mut writer = Writer::new(Vec::new());
                let _ = writer.write_event(Event::Decl(quick_xml::events::BytesDecl::new("1.0", Some("utf-8"), None)));
                write_fields(&mut writer, root, &item);
                (String::from_utf8(writer.into_inner()).unwrap_or_default(), "text/xml; charset=utf-8")
            }
        };
        let mut response = (StatusCode::OK, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        response
    }

    fn xml(&self) -> String {
        let mut writer = Writer::new(Vec::new());
        // Writing to memory cannot fail.
        let _ = writer.write_event(Event::Decl(quick_xml::events::BytesDecl::new("1.0", Some("utf-8"), None)));
        write_list(&mut writer, self.root, self.element, &self.items);
        String::from_utf8(writer.into_inner()).unwrap_or_default()
    }
}

fn json_item(item: &Item) -> Value {
    let mut object = Map::new();
    for (name, field) in item {
        let value = match field {
            Field::Text(text) => Value::String(text.clone()),
            Field::Integer(number) => Value::from(*number),
            Field::Flag(flag) => Value::Bool(*flag),
            Field::Items { items, .. } => Value::Array(items.iter().map(json_item).collect()),
            Field::Nothing => Value::Null,
        };
        object.insert((*name).to_owned(), value);
    }
    Value::Object(object)
}

fn write_list(writer: &mut Writer<Vec<u8>>, root: &str, element: &str, items: &[Item]) {
    let _ = writer.write_event(Event::Start(BytesStart::new(root)));
    for item in items {
        write_fields(writer, element, item);
    }
    let _ = writer.write_event(Event::End(BytesEnd::new(root)));
}

/// `<element>` with one child element per field.
fn write_fields(writer: &mut Writer<Vec<u8>>, element: &str, item: &Item) {
    let _ = writer.write_event(Event::Start(BytesStart::new(element)));
    for (name, field) in item {
        let text = match field {
            Field::Items { element: inner, items } => {
                write_list(writer, name, inner, items);
                continue;
            }
            Field::Nothing => {
                let _ = writer.write_event(Event::Empty(BytesStart::new(*name)));
                continue;
            }
            Field::Text(text) => text.clone(),
            Field::Integer(number) => number.to_string(),
            Field::Flag(flag) => flag.to_string(),
        };
        let _ = writer.write_event(Event::Start(BytesStart::new(*name)));
        // Escaped: what a citizen or an app sent is text, never markup.
        let _ = writer.write_event(Event::Text(BytesText::new(&text)));
        let _ = writer.write_event(Event::End(BytesEnd::new(*name)));
    }
    let _ = writer.write_event(Event::End(BytesEnd::new(element)));
}

/// An error as the spec writes them: a list of `{code, description}`, the code being the HTTP status.
#[derive(Debug)]
pub struct Open311Error {
    pub status: StatusCode,
    pub description: String,
    pub format: Format,
}

impl Open311Error {
    pub fn new(status: StatusCode, format: Format, description: impl Into<String>) -> Self {
        Self { status, description: description.into(), format }
    }
}

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        let item = vec![
            ("code", Field::Integer(i64::from(self.status.as_u16()))),
            ("description", Field::Text(self.description)),
        ];
        Document { root: "errors", element: "error", items: vec![item] }.respond(self.format, self.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_names_its_format() {
        assert_eq!(Format::split("services.json"), Some(("services", Format::Json)));
        assert_eq!(Format::split("01JDGZ6Q8X4T3N2M1K0H9G8F7E.xml"), Some(("01JDGZ6Q8X4T3N2M1K0H9G8F7E", Format::Xml)));
        assert_eq!(Format::split("services.html"), None);
        assert_eq!(Format::split(".json"), None);
        assert_eq!(Format::split("services"), None);
    }

    #[test]
    fn xml_escapes_text_and_writes_nothing_as_an_empty_element() {
        let item = vec![("description", Field::from("<b>pohon</b> & jalan")), ("media_url", Field::Nothing)];
        let xml = Document { root: "service_requests", element: "request", items: vec![item] }.xml();
        assert!(xml.contains("<description>&lt;b&gt;pohon&lt;/b&gt; &amp; jalan</description>"), "{xml}");
        assert!(xml.contains("<media_url/>"), "{xml}");
    }
}

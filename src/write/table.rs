//! Columnar tables with a declared schema. The same [`TableSpec`] drives the Parquet
//! writer, the JSONL writer and the schema documentation (`dyad schema`), so the three
//! cannot drift apart.

use polars::prelude::*;
use serde_json::{Map, Value};

/// Column types, as they appear in Parquet/Arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Str,
    Int64,
    Int32,
    Float32,
    Bool,
    /// Microseconds since the epoch, UTC.
    Datetime,
    /// Days since the epoch.
    Date,
}

impl ColType {
    /// The Arrow type name users see in pyarrow.
    pub fn arrow_name(&self) -> &'static str {
        match self {
            ColType::Str => "string",
            ColType::Int64 => "int64",
            ColType::Int32 => "int32",
            ColType::Float32 => "float32",
            ColType::Bool => "bool",
            ColType::Datetime => "timestamp[us, tz=UTC]",
            ColType::Date => "date32",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub ty: ColType,
    pub doc: &'static str,
}

#[derive(Debug)]
pub struct TableSpec {
    pub name: &'static str,
    pub doc: &'static str,
    pub columns: Vec<ColumnSpec>,
}

/// One value of a row, borrowed from the Doc.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Str(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Microseconds since the epoch.
    Datetime(i64),
    /// Days since the epoch.
    Date(i32),
}

impl<'a> From<Option<&'a str>> for Cell<'a> {
    fn from(v: Option<&'a str>) -> Self {
        v.map_or(Cell::Null, Cell::Str)
    }
}

impl From<usize> for Cell<'_> {
    fn from(v: usize) -> Self {
        Cell::Int(v as i64)
    }
}

impl From<Option<usize>> for Cell<'_> {
    fn from(v: Option<usize>) -> Self {
        v.map_or(Cell::Null, |v| Cell::Int(v as i64))
    }
}

enum Buf {
    Str(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Bool(Vec<Option<bool>>),
}

/// Rows of one table, stored by column.
pub struct TableBuilder {
    spec: &'static TableSpec,
    cols: Vec<Buf>,
    rows: usize,
}

impl TableBuilder {
    pub fn new(spec: &'static TableSpec) -> TableBuilder {
        let cols = spec
            .columns
            .iter()
            .map(|c| match c.ty {
                ColType::Str => Buf::Str(Vec::new()),
                ColType::Int64 | ColType::Int32 | ColType::Datetime | ColType::Date => Buf::Int(Vec::new()),
                ColType::Float32 => Buf::Float(Vec::new()),
                ColType::Bool => Buf::Bool(Vec::new()),
            })
            .collect();
        TableBuilder { spec, cols, rows: 0 }
    }

    pub fn spec(&self) -> &'static TableSpec {
        self.spec
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends one row; `cells` follow the spec's column order. A cell of the wrong
    /// kind for its column is a programming error and panics in every build.
    pub fn push(&mut self, cells: &[Cell]) {
        assert_eq!(cells.len(), self.cols.len(), "table {}: row has {} cells for {} columns", self.spec.name, cells.len(), self.cols.len());
        for (i, (buf, cell)) in self.cols.iter_mut().zip(cells).enumerate() {
            match (buf, *cell) {
                (Buf::Str(v), Cell::Str(x)) => v.push(Some(x.to_string())),
                (Buf::Str(v), Cell::Null) => v.push(None),
                (Buf::Int(v), Cell::Int(x) | Cell::Datetime(x)) => v.push(Some(x)),
                (Buf::Int(v), Cell::Date(d)) => v.push(Some(d as i64)),
                (Buf::Int(v), Cell::Null) => v.push(None),
                (Buf::Float(v), Cell::Float(x)) => v.push(Some(x)),
                (Buf::Float(v), Cell::Null) => v.push(None),
                (Buf::Bool(v), Cell::Bool(x)) => v.push(Some(x)),
                (Buf::Bool(v), Cell::Null) => v.push(None),
                (_, other) => panic!("table {}: column {} got {other:?}", self.spec.name, self.spec.columns[i].name),
            }
        }
        self.rows += 1;
    }

    /// The rows as a polars DataFrame with the declared types.
    pub fn to_dataframe(&self) -> PolarsResult<DataFrame> {
        let mut columns = Vec::with_capacity(self.cols.len());
        for (spec, buf) in self.spec.columns.iter().zip(&self.cols) {
            let name: PlSmallStr = spec.name.into();
            let series = match (spec.ty, buf) {
                (ColType::Str, Buf::Str(v)) => StringChunked::from_iter_options(name, v.iter().map(|s| s.as_deref())).into_series(),
                (ColType::Int64, Buf::Int(v)) => Int64Chunked::from_iter_options(name, v.iter().copied()).into_series(),
                (ColType::Int32, Buf::Int(v)) => Int32Chunked::from_iter_options(name, v.iter().map(|x| x.map(|x| x as i32))).into_series(),
                (ColType::Datetime, Buf::Int(v)) => Int64Chunked::from_iter_options(name, v.iter().copied())
                    .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
                    .into_series(),
                (ColType::Date, Buf::Int(v)) => Int32Chunked::from_iter_options(name, v.iter().map(|x| x.map(|x| x as i32))).into_date().into_series(),
                (ColType::Float32, Buf::Float(v)) => Float32Chunked::from_iter_options(name, v.iter().map(|x| x.map(|x| x as f32))).into_series(),
                (ColType::Bool, Buf::Bool(v)) => BooleanChunked::from_iter_options(name, v.iter().copied()).into_series(),
                _ => unreachable!("buffer kinds follow the spec"),
            };
            columns.push(series.into_column());
        }
        DataFrame::new(self.rows, columns)
    }

    /// The rows as JSON objects, dates and times in ISO 8601.
    pub fn json_rows(&self) -> impl Iterator<Item = Map<String, Value>> + '_ {
        (0..self.rows).map(move |r| {
            let mut row = Map::with_capacity(self.cols.len());
            for (spec, buf) in self.spec.columns.iter().zip(&self.cols) {
                let v = match buf {
                    Buf::Str(v) => v[r].as_ref().map_or(Value::Null, |s| Value::String(s.clone())),
                    Buf::Int(v) => match (spec.ty, v[r]) {
                        (_, None) => Value::Null,
                        (ColType::Datetime, Some(us)) => chrono::DateTime::from_timestamp_micros(us).map_or(Value::Null, |d| Value::String(d.to_rfc3339())),
                        (ColType::Date, Some(d)) => chrono::NaiveDate::from_num_days_from_ce_opt(d as i32 + 719_163).map_or(Value::Null, |d| Value::String(d.to_string())),
                        (_, Some(x)) => Value::from(x),
                    },
                    Buf::Float(v) => v[r].map_or(Value::Null, |x| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)),
                    Buf::Bool(v) => v[r].map_or(Value::Null, Value::Bool),
                };
                row.insert(spec.name.to_string(), v);
            }
            row
        })
    }
}

/// The schema as Markdown, for docs/SCHEMA.md and `dyad schema`.
pub fn schema_markdown(tables: &[&TableSpec]) -> String {
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("## `{}/`\n\n{}\n\n| column | type | meaning |\n|---|---|---|\n", t.name, t.doc));
        for c in &t.columns {
            out.push_str(&format!("| `{}` | {} | {} |\n", c.name, c.ty.arrow_name(), c.doc));
        }
        out.push('\n');
    }
    out
}

/// The schema as JSON: `{table: [{name, type, doc}]}`, types as in [`ColType::arrow_name`].
pub fn schema_json(tables: &[&TableSpec]) -> String {
    let map: serde_json::Map<String, Value> = tables
        .iter()
        .map(|t| {
            let cols = t.columns.iter().map(|c| serde_json::json!({"name": c.name, "type": c.ty.arrow_name(), "doc": c.doc})).collect();
            (t.name.to_string(), Value::Array(cols))
        })
        .collect();
    serde_json::to_string_pretty(&map).unwrap_or_default()
}

//! medsent sources.
//!
//! Readers turn inputs into [`Item`]s, each either a validated [`Record`] or a
//! [`DeadLetter`] carrying a reason code: [`JsonlReader`] (JSON Lines of
//! medsent records or FHIR R4 `DocumentReference`/`DiagnosticReport`
//! resources, i.e. FHIR bulk-data NDJSON), [`CsvReader`] and
//! [`ParquetReader`] (columns mapped onto record fields by [`ColumnMap`]).
//! [`Format::detect`] and [`decompress`] pick the reader and undo gzip/zstd
//! from a file name. Nothing here ever copies record content into an error message:
//! reasons name fields, kinds and positions only, so dead letters are safe to
//! store and log.

mod fhir;
mod jsonl;
pub mod kafka;
mod record;
mod tabular;

pub use jsonl::{JsonlReader, ReaderConfig};
pub use record::{Demographics, Record, parse_event_time};
pub use tabular::{ColumnMap, CsvReader, ParquetReader};

use serde::Serialize;
use std::sync::Arc;

/// Where an item came from: a source (input file or topic), a partition
/// (file chunk or Kafka partition) and an offset (1-based line number or
/// Kafka offset). Positions carry no record content.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Position {
    pub source: Arc<str>,
    pub partition: u32,
    pub offset: u64,
}

/// Machine-readable reason a record could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// The bytes are not valid UTF-8.
    InvalidUtf8,
    /// The line is not valid JSON, or not a JSON object.
    InvalidJson,
    /// A required field is absent or null.
    MissingField,
    /// A field has the wrong JSON type.
    WrongType,
    /// A field has the right type but an unusable value (empty id, bad date).
    InvalidValue,
    /// The record exceeds the configured size limit.
    Oversized,
    /// A CSV or Parquet row that is malformed for its format (wrong field count).
    InvalidRow,
    /// A later stage failed on this record (the message says which).
    StageFailed,
}

impl ReasonCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::InvalidUtf8 => "invalid_utf8",
            ReasonCode::InvalidJson => "invalid_json",
            ReasonCode::MissingField => "missing_field",
            ReasonCode::WrongType => "wrong_type",
            ReasonCode::InvalidValue => "invalid_value",
            ReasonCode::Oversized => "oversized",
            ReasonCode::InvalidRow => "invalid_row",
            ReasonCode::StageFailed => "stage_failed",
        }
    }
}

/// Why a record was rejected. `message` is built only from field names,
/// expected types, sizes and positions: never from record content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", code.as_str())]
pub struct Rejection {
    pub code: ReasonCode,
    pub message: String,
}

impl Rejection {
    pub fn new(code: ReasonCode, message: impl Into<String>) -> Self {
        Rejection {
            code,
            message: message.into(),
        }
    }
}

/// A record that could not be processed, with where it was and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadLetter {
    #[serde(flatten)]
    pub position: Position,
    /// Pipeline stage that rejected it: "ingest", "deid", "infer", "sink".
    pub stage: &'static str,
    pub reason: ReasonCode,
    pub message: String,
}

impl DeadLetter {
    pub fn new(position: Position, stage: &'static str, rejection: Rejection) -> Self {
        DeadLetter {
            position,
            stage,
            reason: rejection.code,
            message: rejection.message,
        }
    }
}

/// One unit read from a source.
#[derive(Debug, Clone)]
pub enum Item {
    Record(Position, Box<Record>),
    Dead(DeadLetter),
}

impl Item {
    pub fn position(&self) -> &Position {
        match self {
            Item::Record(p, _) => p,
            Item::Dead(d) => &d.position,
        }
    }
}

/// I/O failures of a source (not record problems: those become dead letters).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("reading input failed at {source_name} line {line}: {err}")]
    Io {
        source_name: String,
        line: u64,
        err: std::io::Error,
    },
    /// The input as a whole cannot be read as its format (a CSV without a
    /// required column, a file that is not Parquet).
    #[error("reading {source_name}: {msg}")]
    Format { source_name: String, msg: String },
}

/// Input formats. FHIR bulk-data NDJSON is read as JSON Lines: a line whose
/// object has a `resourceType` is parsed as a FHIR resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Parquet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Format {
    /// Format and compression from a file name: `.csv`, `.parquet`/`.pq`,
    /// anything else JSON Lines; `.gz`/`.gzip` or `.zst`/`.zstd` on top.
    pub fn detect(name: &str) -> (Format, Compression) {
        let lower = name.to_ascii_lowercase();
        let (stem, c) = if let Some(s) = lower
            .strip_suffix(".gz")
            .or_else(|| lower.strip_suffix(".gzip"))
        {
            (s, Compression::Gzip)
        } else if let Some(s) = lower
            .strip_suffix(".zst")
            .or_else(|| lower.strip_suffix(".zstd"))
        {
            (s, Compression::Zstd)
        } else {
            (lower.as_str(), Compression::None)
        };
        let f = if stem.ends_with(".csv") {
            Format::Csv
        } else if stem.ends_with(".parquet") || stem.ends_with(".pq") {
            Format::Parquet
        } else {
            Format::Jsonl
        };
        (f, c)
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "jsonl" | "ndjson" | "json" | "fhir" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// Wraps a byte stream so that it yields the decompressed bytes.
pub fn decompress(
    c: Compression,
    input: Box<dyn std::io::Read + Send>,
) -> std::io::Result<Box<dyn std::io::BufRead + Send>> {
    use std::io::BufReader;
    const BUF: usize = 1 << 20;
    Ok(match c {
        Compression::None => Box::new(BufReader::with_capacity(BUF, input)),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            BUF,
            flate2::read::MultiGzDecoder::new(BufReader::new(input)),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            BUF,
            zstd::stream::read::Decoder::new(input)?,
        )),
    })
}

/// A line- or row-oriented reader over a byte stream (JSON Lines or CSV).
pub fn stream_reader(
    format: Format,
    input: Box<dyn std::io::BufRead + Send>,
    source: Arc<str>,
    cfg: ReaderConfig,
    columns: &ColumnMap,
) -> Result<Box<dyn Iterator<Item = Result<Item, SourceError>> + Send>, SourceError> {
    match format {
        Format::Jsonl => Ok(Box::new(JsonlReader::new(input, source, cfg))),
        Format::Csv => Ok(Box::new(CsvReader::new(
            input,
            source,
            cfg,
            columns.clone(),
        ))),
        Format::Parquet => Err(SourceError::Format {
            source_name: source.to_string(),
            msg: "Parquet needs a seekable file (use ParquetReader)".into(),
        }),
    }
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn detects_format_and_compression() {
        assert_eq!(
            Format::detect("a/b.jsonl"),
            (Format::Jsonl, Compression::None)
        );
        assert_eq!(
            Format::detect("x.ndjson.gz"),
            (Format::Jsonl, Compression::Gzip)
        );
        assert_eq!(
            Format::detect("X.CSV.zst"),
            (Format::Csv, Compression::Zstd)
        );
        assert_eq!(
            Format::detect("p.parquet"),
            (Format::Parquet, Compression::None)
        );
    }

    #[test]
    fn decompresses_gzip_and_zstd_streams() {
        use std::io::{Read, Write};
        let text = b"{\"a\":1}\n".repeat(1000);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&text).unwrap();
        let gz = gz.finish().unwrap();
        let zs = zstd::encode_all(&text[..], 3).unwrap();
        for (c, bytes) in [(Compression::Gzip, gz), (Compression::Zstd, zs)] {
            let mut out = Vec::new();
            decompress(c, Box::new(std::io::Cursor::new(bytes)))
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, text);
        }
    }
}

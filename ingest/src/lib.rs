//! medsent sources.
//!
//! The entry type is [`JsonlReader`]: it turns a byte stream of JSON Lines into
//! [`Item`]s, each either a validated [`Record`] or a [`DeadLetter`] carrying a
//! reason code. Nothing here ever copies record content into an error message:
//! reasons name fields, kinds and positions only, so dead letters are safe to
//! store and log.

mod jsonl;
mod record;

pub use jsonl::{JsonlReader, ReaderConfig};
pub use record::{Demographics, Record, parse_event_time};

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
}

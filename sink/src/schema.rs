use crate::SinkError;
use arrow_array::builder::{Int32Builder, StructBuilder};
use arrow_array::{
    ArrayRef, Date32Array, Float32Array, Int32Array, RecordBatch, StringArray,
    TimestampMicrosecondArray, UInt64Array,
};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// One output row. Contains no PHI: keys are HMAC pseudonyms, the date is
/// shifted, the text (if kept) is de-identified.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub record_key: String,
    pub patient_key: String,
    pub note_type: String,
    /// Event date after the patient's date shift.
    pub event_date: NaiveDate,
    pub label: Arc<str>,
    pub score: f32,
    pub score_positive: f32,
    pub windows: u32,
    pub model_name: Arc<str>,
    pub model_version: Arc<str>,
    /// PHI counts, in the order of `LakeConfig::phi_kinds`.
    pub phi: Vec<u32>,
    pub processed_at: DateTime<Utc>,
    pub source_offset: u64,
    pub text: Option<String>,
}

impl Row {
    /// Uncompressed size estimate used for byte-based rotation. It depends
    /// only on the row's content, so rotation points are deterministic.
    pub fn approx_bytes(&self) -> usize {
        96 + self.record_key.len()
            + self.patient_key.len()
            + self.note_type.len()
            + self.label.len()
            + self.model_name.len()
            + self.model_version.len()
            + 4 * self.phi.len()
            + self.text.as_ref().map_or(0, String::len)
    }
}

fn phi_fields(kinds: &[&str]) -> Fields {
    kinds
        .iter()
        .map(|k| Field::new(*k, DataType::Int32, false))
        .collect()
}

/// The lake's schema. Column names are stable: analysts' queries depend on them.
pub fn lake_schema(phi_kinds: &[&str], include_text: bool) -> SchemaRef {
    let mut f = vec![
        Field::new("record_key", DataType::Utf8, false),
        Field::new("patient_key", DataType::Utf8, false),
        Field::new("note_type", DataType::Utf8, false),
        Field::new("event_date", DataType::Date32, false),
        Field::new("sentiment_label", DataType::Utf8, false),
        Field::new("sentiment_score", DataType::Float32, false),
        Field::new("score_positive", DataType::Float32, false),
        Field::new("windows", DataType::Int32, false),
        Field::new("model_name", DataType::Utf8, false),
        Field::new("model_version", DataType::Utf8, false),
        Field::new("phi_counts", DataType::Struct(phi_fields(phi_kinds)), false),
        Field::new("phi_total", DataType::Int32, false),
        Field::new(
            "processed_at",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            false,
        ),
        Field::new("source_offset", DataType::UInt64, false),
    ];
    if include_text {
        f.push(Field::new("text", DataType::Utf8, false));
    }
    Arc::new(Schema::new(f))
}

pub(crate) fn to_batch(
    schema: &SchemaRef,
    rows: &[Row],
    kinds: &[&str],
    include_text: bool,
) -> Result<RecordBatch, SinkError> {
    let s = |f: fn(&Row) -> &str| -> ArrayRef {
        Arc::new(rows.iter().map(f).map(Some).collect::<StringArray>())
    };
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let mut phi = StructBuilder::from_fields(phi_fields(kinds), rows.len());
    for r in rows {
        for k in 0..kinds.len() {
            let b = phi
                .field_builder::<Int32Builder>(k)
                .ok_or_else(|| SinkError::Encode("phi builder".into()))?;
            b.append_value(r.phi.get(k).copied().unwrap_or(0) as i32);
        }
        phi.append(true);
    }
    let mut cols: Vec<ArrayRef> = vec![
        s(|r| &r.record_key),
        s(|r| &r.patient_key),
        s(|r| &r.note_type),
        Arc::new(Date32Array::from_iter_values(
            rows.iter()
                .map(|r| (r.event_date - epoch).num_days() as i32),
        )),
        s(|r| &r.label),
        Arc::new(Float32Array::from_iter_values(rows.iter().map(|r| r.score))),
        Arc::new(Float32Array::from_iter_values(
            rows.iter().map(|r| r.score_positive),
        )),
        Arc::new(Int32Array::from_iter_values(
            rows.iter().map(|r| r.windows as i32),
        )),
        s(|r| &r.model_name),
        s(|r| &r.model_version),
        Arc::new(phi.finish()),
        Arc::new(Int32Array::from_iter_values(
            rows.iter().map(|r| r.phi.iter().sum::<u32>() as i32),
        )),
        Arc::new(
            TimestampMicrosecondArray::from_iter_values(
                rows.iter().map(|r| r.processed_at.timestamp_micros()),
            )
            .with_timezone("UTC"),
        ),
        Arc::new(UInt64Array::from_iter_values(
            rows.iter().map(|r| r.source_offset),
        )),
    ];
    if include_text {
        cols.push(s(|r| r.text.as_deref().unwrap_or("")));
    }
    RecordBatch::try_new(schema.clone(), cols).map_err(|e| SinkError::Encode(e.to_string()))
}

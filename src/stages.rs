//! Stage code shared by the commands: record → de-identified note.

use chrono::Datelike;
use deid::{Deidentifier, PhiKind, Redacted, Seed, Subject};
use ingest::Record;

/// A record after de-identification: nothing here is PHI.
#[derive(Debug, Clone)]
pub struct Clean {
    pub record_key: String,
    pub patient_key: String,
    pub note_type: String,
    pub event_date: chrono::NaiveDate,
    pub text: String,
    pub counts: deid::PhiCounts,
}

pub fn seeds(r: &Record) -> Vec<Seed> {
    seeds_of(r.demographics.as_ref())
}

/// Structured identifiers as seeds for the text detectors.
pub fn seeds_of(d: Option<&ingest::Demographics>) -> Vec<Seed> {
    let Some(d) = d else {
        return Vec::new();
    };
    let fields = [
        (PhiKind::Name, &d.name),
        (PhiKind::Date, &d.birth_date),
        (PhiKind::Address, &d.address),
        (PhiKind::Location, &d.city),
        (PhiKind::Zip, &d.zip),
        (PhiKind::Phone, &d.phone),
        (PhiKind::Email, &d.email),
        (PhiKind::Mrn, &d.mrn),
        (PhiKind::Ssn, &d.ssn),
    ];
    fields
        .into_iter()
        .filter_map(|(kind, v)| {
            v.as_ref().map(|v| Seed {
                kind,
                value: v.clone(),
            })
        })
        .collect()
}

/// De-identifies one record. Returns the clean note and the detector output
/// (spans index into the original text, for the audit command only).
pub fn deidentify(engine: &Deidentifier, r: &Record) -> (Clean, Redacted) {
    let seeds = seeds(r);
    let subject = Subject {
        patient_id: &r.patient_id,
        reference_year: r.event_time.year(),
        seeds: &seeds,
    };
    let red = engine.redact(&r.text, &subject);
    // note_type is free text from the source: it goes through the same rules.
    let note_type = engine.redact(&r.note_type, &subject).text;
    let clean = Clean {
        record_key: engine.record_key(&r.id),
        patient_key: engine.patient_key(&r.patient_id),
        note_type,
        event_date: engine.shift_date(&r.patient_id, r.event_time.date_naive()),
        text: red.text.clone(),
        counts: red.counts.clone(),
    };
    (clean, red)
}

/// The lake row of a scored note: one constructor for the backfill and the stream.
pub fn lake_row(
    c: Clean,
    pred: infer::Prediction,
    model_name: std::sync::Arc<str>,
    source_offset: u64,
    include_text: bool,
) -> sink::Row {
    sink::Row {
        phi: PhiKind::ALL.iter().map(|k| c.counts.get(*k)).collect(),
        record_key: c.record_key,
        patient_key: c.patient_key,
        note_type: c.note_type,
        event_date: c.event_date,
        label: pred.label,
        score: pred.score,
        score_positive: pred.positive,
        windows: pred.windows,
        model_name,
        model_version: pred.model_version,
        processed_at: chrono::Utc::now(),
        source_offset,
        text: include_text.then_some(c.text),
    }
}

/// The record's structured identifiers, de-identified with the same operators
/// as the text (the state is kept: Safe Harbor allows it). None without any.
pub fn deidentify_demographics(engine: &Deidentifier, r: &Record) -> Option<serde_json::Value> {
    let d = r.demographics.as_ref()?;
    let subject = Subject {
        patient_id: &r.patient_id,
        reference_year: r.event_time.year(),
        seeds: &[],
    };
    let fields = [
        ("name", PhiKind::Name, &d.name),
        ("birth_date", PhiKind::Date, &d.birth_date),
        ("address", PhiKind::Address, &d.address),
        ("city", PhiKind::Location, &d.city),
        ("zip", PhiKind::Zip, &d.zip),
        ("phone", PhiKind::Phone, &d.phone),
        ("email", PhiKind::Email, &d.email),
        ("mrn", PhiKind::Mrn, &d.mrn),
        ("ssn", PhiKind::Ssn, &d.ssn),
    ];
    let mut out = serde_json::Map::new();
    for (field, kind, v) in fields {
        if let Some(v) = v {
            out.insert(field.into(), engine.replace_field(kind, v, &subject).into());
        }
    }
    if let Some(state) = &d.state {
        out.insert("state".into(), state.clone().into());
    }
    Some(out.into())
}

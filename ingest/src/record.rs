use crate::{ReasonCode, Rejection};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A clinical record as medsent receives it. Everything here may be PHI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub patient_id: String,
    pub note_type: String,
    pub event_time: DateTime<Utc>,
    pub text: String,
    pub demographics: Option<Demographics>,
}

/// Structured identifiers that may accompany a note. All optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demographics {
    pub name: Option<String>,
    pub birth_date: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub mrn: Option<String>,
    pub ssn: Option<String>,
}

pub(crate) const DEMOGRAPHIC_FIELDS: [&str; 10] = [
    "name",
    "birth_date",
    "address",
    "city",
    "state",
    "zip",
    "phone",
    "email",
    "mrn",
    "ssn",
];

/// Parses an event time: RFC 3339, `YYYY-MM-DDTHH:MM:SS[.f]` or
/// `YYYY-MM-DD HH:MM:SS` (taken as UTC), or a bare `YYYY-MM-DD` (midnight UTC).
pub fn parse_event_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

impl Record {
    /// Validates one JSON document. Errors name the field and the problem,
    /// never the value.
    pub fn from_json(doc: &str) -> Result<Record, Rejection> {
        let value: Value = serde_json::from_str(doc).map_err(|e| {
            // serde_json's Display can quote input; keep only category and position.
            Rejection::new(
                ReasonCode::InvalidJson,
                format!("{:?} error at column {}", e.classify(), e.column()),
            )
        })?;
        let Value::Object(obj) = value else {
            return Err(Rejection::new(
                ReasonCode::InvalidJson,
                "expected a JSON object",
            ));
        };
        Self::from_object(&obj)
    }

    /// Validates a record object: medsent's own shape, or a FHIR R4
    /// `DocumentReference`/`DiagnosticReport` (recognised by `resourceType`).
    pub fn from_object(obj: &Map<String, Value>) -> Result<Record, Rejection> {
        if obj.contains_key("resourceType") {
            return crate::fhir::from_resource(obj);
        }
        let id = id_field(obj, "id")?;
        let patient_id = id_field(obj, "patient_id")?;
        let note_type = match obj.get("note_type") {
            None | Some(Value::Null) => "unspecified".to_owned(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(wrong_type("note_type", "string")),
        };
        let event_time = match obj.get("event_time") {
            None | Some(Value::Null) => return Err(missing("event_time")),
            Some(Value::String(s)) => parse_event_time(s).ok_or_else(|| {
                Rejection::new(
                    ReasonCode::InvalidValue,
                    "field `event_time` is not an RFC 3339 timestamp or YYYY-MM-DD date",
                )
            })?,
            Some(_) => return Err(wrong_type("event_time", "string")),
        };
        let text = match obj.get("text") {
            None | Some(Value::Null) => return Err(missing("text")),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(wrong_type("text", "string")),
        };
        let demographics = match obj.get("demographics") {
            None | Some(Value::Null) => None,
            Some(Value::Object(d)) => Some(demographics(d)?),
            Some(_) => return Err(wrong_type("demographics", "object")),
        };
        Ok(Record {
            id,
            patient_id,
            note_type,
            event_time,
            text,
            demographics,
        })
    }
}

fn demographics(d: &Map<String, Value>) -> Result<Demographics, Rejection> {
    let mut out = Demographics::default();
    for field in DEMOGRAPHIC_FIELDS {
        let v = match d.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            // Numbers are accepted for identifiers people often type as numbers.
            Some(Value::Number(n)) if matches!(field, "zip" | "mrn" | "ssn" | "phone") => {
                Some(n.to_string())
            }
            Some(_) => return Err(wrong_type(&format!("demographics.{field}"), "string")),
        };
        let slot = match field {
            "name" => &mut out.name,
            "birth_date" => &mut out.birth_date,
            "address" => &mut out.address,
            "city" => &mut out.city,
            "state" => &mut out.state,
            "zip" => &mut out.zip,
            "phone" => &mut out.phone,
            "email" => &mut out.email,
            "mrn" => &mut out.mrn,
            _ => &mut out.ssn,
        };
        *slot = v;
    }
    Ok(out)
}

fn id_field(obj: &Map<String, Value>, field: &str) -> Result<String, Rejection> {
    match obj.get(field) {
        None | Some(Value::Null) => Err(missing(field)),
        Some(Value::String(s)) if s.trim().is_empty() => Err(Rejection::new(
            ReasonCode::InvalidValue,
            format!("field `{field}` is empty"),
        )),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) if n.is_u64() || n.is_i64() => Ok(n.to_string()),
        Some(_) => Err(wrong_type(field, "string or integer")),
    }
}

fn missing(field: &str) -> Rejection {
    Rejection::new(
        ReasonCode::MissingField,
        format!("required field `{field}` is missing or null"),
    )
}

fn wrong_type(field: &str, expected: &str) -> Rejection {
    Rejection::new(
        ReasonCode::WrongType,
        format!("field `{field}` must be a {expected}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"id":"n1","patient_id":42,"note_type":"progress","event_time":"2024-03-05T10:00:00Z","text":"ok","demographics":{"name":"Ann Lee","zip":"02139"}}"#;

    #[test]
    fn parses_a_full_record() {
        let r = Record::from_json(GOOD).unwrap();
        assert_eq!(r.patient_id, "42");
        assert_eq!(r.demographics.unwrap().name.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn accepts_date_only_event_time() {
        let t = parse_event_time("2024-03-05").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-03-05T00:00:00+00:00");
        assert!(parse_event_time("2024-03-05 10:11:12").is_some());
        assert!(parse_event_time("05/03/2024").is_none());
    }

    #[test]
    fn rejections_never_quote_values() {
        let secret = "Johnathan Secretname";
        let cases = [
            format!(
                r#"{{"id":"1","patient_id":"p","event_time":"2024-01-01","text":{{"x":"{secret}"}}}}"#
            ),
            format!(r#"{{"id":"1","patient_id":"p","event_time":"{secret}","text":"t"}}"#),
            format!(
                r#"{{"id":"1","patient_id":"p","event_time":"2024-01-01","text":"t","demographics":{{"name":["{secret}"]}}}}"#
            ),
            format!(r#"{{"id":"1","patient_id":"p","event_time":"2024-01-01","text":"{secret}"#),
            format!(r#"["{secret}"]"#),
        ];
        for c in cases {
            let e = Record::from_json(&c).unwrap_err();
            assert!(!e.to_string().contains("Secretname"), "{e}");
        }
    }

    #[test]
    fn reason_codes() {
        let code = |s: &str| Record::from_json(s).unwrap_err().code;
        assert_eq!(code("{"), ReasonCode::InvalidJson);
        assert_eq!(code("3"), ReasonCode::InvalidJson);
        assert_eq!(
            code(r#"{"id":"1","patient_id":"p","event_time":"2024-01-01"}"#),
            ReasonCode::MissingField
        );
        assert_eq!(
            code(r#"{"id":"1","patient_id":"p","event_time":"2024-01-01","text":5}"#),
            ReasonCode::WrongType
        );
        assert_eq!(
            code(r#"{"id":"","patient_id":"p","event_time":"2024-01-01","text":""}"#),
            ReasonCode::InvalidValue
        );
        assert_eq!(
            code(r#"{"id":1.5,"patient_id":"p","event_time":"2024-01-01","text":""}"#),
            ReasonCode::WrongType
        );
    }
}

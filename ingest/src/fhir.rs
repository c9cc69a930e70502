//! FHIR R4 resources as records: `DocumentReference` (the note in
//! `content[].attachment`, inline `data` as base64) and `DiagnosticReport`
//! (`presentedForm[]` attachments, else `conclusion`, else the narrative
//! `text.div`). A `Patient` in `contained` supplies the demographics used as
//! de-identification seeds. Rejections name FHIR elements, never values.

use crate::record::{Demographics, Record, parse_event_time};
use crate::{ReasonCode, Rejection};
use base64::Engine as _;
use serde_json::{Map, Value};

pub(crate) fn from_resource(obj: &Map<String, Value>) -> Result<Record, Rejection> {
    let rt = obj
        .get("resourceType")
        .and_then(Value::as_str)
        .ok_or_else(|| wrong("resourceType", "string"))?;
    let (type_el, time_els, text) = match rt {
        "DocumentReference" => (
            "type",
            &["date", "context.period.start", "meta.lastUpdated"][..],
            match attachments(obj.get("content"), Some("attachment"))? {
                Some(t) => Some(t),
                None => narrative(obj),
            },
        ),
        "DiagnosticReport" => (
            "code",
            &["effectiveDateTime", "effectivePeriod.start", "issued"][..],
            match attachments(obj.get("presentedForm"), None)? {
                Some(t) => Some(t),
                None => obj
                    .get("conclusion")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| narrative(obj)),
            },
        ),
        // The resource type is a schema name, not content: safe to report.
        other => {
            let shown: String = other
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(40)
                .collect();
            return Err(Rejection::new(
                ReasonCode::InvalidValue,
                format!(
                    "FHIR resourceType `{shown}` is not supported (DocumentReference, DiagnosticReport)"
                ),
            ));
        }
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Err(missing(&format!("{rt}.id")));
        }
        Some(_) => return Err(wrong(&format!("{rt}.id"), "string")),
    };
    let patient_id = path(obj, "subject.reference")
        .and_then(Value::as_str)
        .map(|r| r.rsplit('/').next().unwrap_or(r).to_owned())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| missing(&format!("{rt}.subject.reference")))?;
    let note_type = path(obj, &format!("{type_el}.coding"))
        .and_then(Value::as_array)
        .and_then(|c| c.first())
        .and_then(|c| c.get("display").or_else(|| c.get("code")))
        .or_else(|| path(obj, &format!("{type_el}.text")))
        .and_then(Value::as_str)
        .unwrap_or("unspecified")
        .to_owned();
    let event_time = time_els
        .iter()
        .find_map(|p| path(obj, p).and_then(Value::as_str))
        .ok_or_else(|| missing(&format!("{rt}.{}", time_els[0])))
        .and_then(|s| {
            parse_event_time(s).ok_or_else(|| {
                Rejection::new(
                    ReasonCode::InvalidValue,
                    format!("{rt} date is not a FHIR dateTime with a day"),
                )
            })
        })?;
    let text = text.ok_or_else(|| {
        Rejection::new(
            ReasonCode::MissingField,
            format!("{rt} has no inline text/plain attachment (data), conclusion or narrative"),
        )
    })?;
    let demographics = obj
        .get("contained")
        .and_then(Value::as_array)
        .and_then(|c| {
            c.iter()
                .find(|r| r.get("resourceType").and_then(Value::as_str) == Some("Patient"))
        })
        .and_then(Value::as_object)
        .map(patient);
    Ok(Record {
        id,
        patient_id,
        note_type,
        event_time,
        text,
        demographics,
    })
}

fn path<'a>(obj: &'a Map<String, Value>, p: &str) -> Option<&'a Value> {
    let mut parts = p.split('.');
    let mut v = obj.get(parts.next()?)?;
    for k in parts {
        v = v.get(k)?;
    }
    Some(v)
}

/// The text of the first inline text attachment (joined if several).
fn attachments(list: Option<&Value>, field: Option<&str>) -> Result<Option<String>, Rejection> {
    let Some(list) = list else { return Ok(None) };
    let Some(items) = list.as_array() else {
        return Err(wrong("content/presentedForm", "array"));
    };
    let mut texts = Vec::new();
    for item in items {
        let a = match field {
            Some(f) => item.get(f),
            None => Some(item),
        };
        let Some(a) = a else { continue };
        let ct = a.get("contentType").and_then(Value::as_str).unwrap_or("");
        if !(ct.is_empty() || ct.starts_with("text/plain")) {
            continue;
        }
        let Some(data) = a.get("data").and_then(Value::as_str) else {
            continue;
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|_| {
                Rejection::new(
                    ReasonCode::InvalidValue,
                    "attachment.data is not valid base64",
                )
            })?;
        let s = String::from_utf8(bytes).map_err(|e| {
            Rejection::new(
                ReasonCode::InvalidUtf8,
                format!(
                    "attachment.data is not UTF-8 at byte {}",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        texts.push(s);
    }
    Ok((!texts.is_empty()).then(|| texts.join("\n\n")))
}

/// The narrative `text.div` with its XHTML tags removed.
fn narrative(obj: &Map<String, Value>) -> Option<String> {
    let div = path(obj, "text.div")?.as_str()?;
    let mut out = String::with_capacity(div.len());
    let mut in_tag = false;
    for c in div.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty()).then_some(out)
}

fn patient(p: &Map<String, Value>) -> Demographics {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let name = p
        .get("name")
        .and_then(Value::as_array)
        .and_then(|n| n.first())
        .and_then(|n| {
            n.get("text")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| {
                    let mut parts: Vec<&str> = n
                        .get("given")
                        .and_then(Value::as_array)
                        .map(|g| g.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    parts.extend(n.get("family").and_then(Value::as_str));
                    (!parts.is_empty()).then(|| parts.join(" "))
                })
        });
    let addr = p
        .get("address")
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    let telecom = |system: &str| {
        p.get("telecom")
            .and_then(Value::as_array)
            .and_then(|t| {
                t.iter()
                    .find(|c| c.get("system").and_then(Value::as_str) == Some(system))
            })
            .and_then(|c| s(c.get("value")))
    };
    let identifier = |code: &str, system_hint: &str| {
        p.get("identifier")
            .and_then(Value::as_array)
            .and_then(|ids| {
                ids.iter().find(|i| {
                    let by_code = i
                        .pointer("/type/coding/0/code")
                        .and_then(Value::as_str)
                        .is_some_and(|c| c == code);
                    let by_system = i
                        .get("system")
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.contains(system_hint));
                    by_code || by_system
                })
            })
            .and_then(|i| s(i.get("value")))
    };
    Demographics {
        name,
        birth_date: s(p.get("birthDate")),
        address: addr
            .and_then(|a| a.get("line"))
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .filter(|l| !l.is_empty()),
        city: addr.and_then(|a| s(a.get("city"))),
        state: addr.and_then(|a| s(a.get("state"))),
        zip: addr.and_then(|a| s(a.get("postalCode"))),
        phone: telecom("phone"),
        email: telecom("email"),
        mrn: identifier("MR", "mrn"),
        ssn: identifier("SS", "us-ssn"),
    }
}

fn missing(el: &str) -> Rejection {
    Rejection::new(
        ReasonCode::MissingField,
        format!("required FHIR element `{el}` is missing"),
    )
}

fn wrong(el: &str, expected: &str) -> Rejection {
    Rejection::new(
        ReasonCode::WrongType,
        format!("FHIR element `{el}` must be a {expected}"),
    )
}

#[cfg(test)]
mod tests {
    use crate::Record;
    use base64::Engine as _;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(s)
    }

    #[test]
    fn document_reference_with_contained_patient() {
        let doc = serde_json::json!({
            "resourceType": "DocumentReference",
            "id": "doc-1",
            "status": "current",
            "type": {"coding": [{"system": "http://loinc.org", "code": "11506-3", "display": "Progress note"}]},
            "subject": {"reference": "Patient/p-9"},
            "date": "2024-03-05T10:00:00Z",
            "contained": [{
                "resourceType": "Patient", "id": "p-9",
                "name": [{"given": ["Ann"], "family": "Lee"}],
                "birthDate": "1950-01-02",
                "address": [{"line": ["1 Main St"], "city": "Boston", "state": "MA", "postalCode": "02139"}],
                "telecom": [{"system": "phone", "value": "617-555-0100"}],
                "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": "MRN123"}]
            }],
            "content": [{"attachment": {"contentType": "text/plain; charset=utf-8", "data": b64("Ann Lee feels better.")}}]
        });
        let r = Record::from_json(&doc.to_string()).unwrap();
        assert_eq!(r.id, "doc-1");
        assert_eq!(r.patient_id, "p-9");
        assert_eq!(r.note_type, "Progress note");
        assert_eq!(r.text, "Ann Lee feels better.");
        let d = r.demographics.unwrap();
        assert_eq!(d.name.as_deref(), Some("Ann Lee"));
        assert_eq!(d.zip.as_deref(), Some("02139"));
        assert_eq!(d.mrn.as_deref(), Some("MRN123"));
        assert_eq!(d.phone.as_deref(), Some("617-555-0100"));
        // Without an inline attachment, the narrative is the text.
        let mut v = doc.clone();
        v["content"] =
            serde_json::json!([{"attachment": {"contentType": "text/plain", "url": "Binary/1"}}]);
        v["text"] =
            serde_json::json!({"status": "generated", "div": "<div><p>Doing well.</p></div>"});
        assert_eq!(
            Record::from_json(&v.to_string()).unwrap().text,
            "Doing well."
        );
    }

    #[test]
    fn diagnostic_report_forms_conclusion_and_narrative() {
        let base = |extra: serde_json::Value| {
            let mut v = serde_json::json!({
                "resourceType": "DiagnosticReport", "id": "r1",
                "code": {"text": "Radiology"},
                "subject": {"reference": "Patient/7"},
                "effectiveDateTime": "2023-11-01"
            });
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            Record::from_json(&v.to_string())
        };
        let r = base(serde_json::json!({"presentedForm": [{"contentType": "text/plain", "data": b64("No acute findings.")}]})).unwrap();
        assert_eq!(r.text, "No acute findings.");
        assert_eq!(r.note_type, "Radiology");
        let r = base(serde_json::json!({"conclusion": "Stable."})).unwrap();
        assert_eq!(r.text, "Stable.");
        let r = base(serde_json::json!({"text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Mild &amp; stable</p></div>"}})).unwrap();
        assert_eq!(r.text, "Mild & stable");
        let e = base(serde_json::json!({})).unwrap_err();
        assert_eq!(e.code, crate::ReasonCode::MissingField);
    }

    #[test]
    fn rejections_name_elements_not_values() {
        let secret = "Zanzibar Quill";
        let cases = [
            serde_json::json!({"resourceType": "Patient", "id": "x", "name": [{"text": secret}]}),
            serde_json::json!({"resourceType": "DocumentReference", "id": "d", "subject": {"reference": "Patient/1"}, "date": secret, "content": []}),
            serde_json::json!({"resourceType": "DocumentReference", "id": "d", "subject": {"reference": "Patient/1"}, "date": "2024-01-01", "content": [{"attachment": {"data": secret}}]}),
            serde_json::json!({"resourceType": "DocumentReference", "id": "d", "date": "2024-01-01", "content": [{"attachment": {"data": b64(secret)}}]}),
        ];
        for c in cases {
            let e = Record::from_json(&c.to_string()).unwrap_err();
            assert!(
                !e.to_string().contains("Zanzibar") && !e.to_string().contains("Quill"),
                "{e}"
            );
        }
    }
}

//! Backfill inputs beyond JSON Lines: CSV with a column mapping, FHIR R4
//! NDJSON (DocumentReference and DiagnosticReport), gzip/zstd, directories
//! and globs. Every format lands the same rows for the same notes.

mod common;
use base64::Engine as _;
use common::*;
use std::io::Write;
use std::path::Path;

fn sample() -> Vec<serde_json::Value> {
    std::fs::read_to_string(root().join("fixtures/sample/notes.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn backfill(out: &Path) -> std::process::Command {
    let mut c = medsent();
    c.args(["backfill", "--include-text", "--model-dir"])
        .arg(tiny_model())
        .arg("--out")
        .arg(out);
    c
}

/// (record_key, text) of every row, sorted.
fn rows(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for p in files(out) {
        if p.extension().is_some_and(|e| e == "parquet") {
            for b in read_parquet(&p) {
                let cells = strings(&b);
                let keys: Vec<_> = cells.iter().filter(|c| c.0 == "record_key").collect();
                let texts: Vec<_> = cells.iter().filter(|c| c.0 == "text").collect();
                for (k, t) in keys.iter().zip(texts) {
                    v.push((k.1.clone(), t.1.clone()));
                }
            }
        }
    }
    v.sort();
    v
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[test]
fn csv_and_fhir_give_the_same_rows_as_jsonl() {
    let notes = sample();
    let dir = tempfile::tempdir().unwrap();
    let jsonl_out = dir.path().join("lake-jsonl");
    run_ok(backfill(&jsonl_out).arg(root().join("fixtures/sample/notes.jsonl")));
    let expected = rows(&jsonl_out);
    assert_eq!(expected.len(), notes.len());

    // CSV with its own column names, mapped; quoted multi-line text.
    let csv = dir.path().join("notes.csv");
    let mut f = std::fs::File::create(&csv).unwrap();
    writeln!(f, "note_id,pid,kind,charted_at,body,patient_name,mrn,ssn,phone,birth_date,address,city,state,zip,email").unwrap();
    for n in &notes {
        let d = &n["demographics"];
        let s = |v: &serde_json::Value| csv_field(v.as_str().unwrap_or(""));
        writeln!(
            f,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            s(&n["id"]),
            s(&n["patient_id"]),
            s(&n["note_type"]),
            s(&n["event_time"]),
            s(&n["text"]),
            s(&d["name"]),
            s(&d["mrn"]),
            s(&d["ssn"]),
            s(&d["phone"]),
            s(&d["birth_date"]),
            s(&d["address"]),
            s(&d["city"]),
            s(&d["state"]),
            s(&d["zip"]),
            s(&d["email"]),
        )
        .unwrap();
    }
    drop(f);
    let csv_out = dir.path().join("lake-csv");
    let out = run_ok(
        backfill(&csv_out)
            .arg(
                "--column=id=note_id,patient_id=pid,note_type=kind,event_time=charted_at,text=body",
            )
            .arg(&csv),
    );
    assert_eq!(summary(&out), (300, 300, 0));
    assert_eq!(rows(&csv_out), expected, "CSV rows = JSONL rows");

    // FHIR R4 NDJSON, gzip-compressed: half DocumentReference, half
    // DiagnosticReport, demographics in a contained Patient.
    let fhir = dir.path().join("DocumentReference.ndjson.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&fhir).unwrap(),
        flate2::Compression::fast(),
    );
    for (i, n) in notes.iter().enumerate() {
        let d = &n["demographics"];
        let name = d["name"].as_str().unwrap_or("");
        let (given, family) = name.rsplit_once(' ').unwrap_or(("", name));
        let patient = serde_json::json!({
            "resourceType": "Patient", "id": n["patient_id"],
            "name": [{"given": given.split(' ').collect::<Vec<_>>(), "family": family}],
            "birthDate": d["birth_date"],
            "address": [{"line": [d["address"]], "city": d["city"], "state": d["state"], "postalCode": d["zip"]}],
            "telecom": [{"system": "phone", "value": d["phone"]}, {"system": "email", "value": d["email"]}],
            "identifier": [
                {"type": {"coding": [{"code": "MR"}]}, "value": d["mrn"]},
                {"system": "http://hl7.org/fhir/sid/us-ssn", "value": d["ssn"]}
            ]
        });
        let contained = if d.is_object() { vec![patient] } else { vec![] };
        let data = base64::engine::general_purpose::STANDARD.encode(n["text"].as_str().unwrap());
        let r = if i % 2 == 0 {
            serde_json::json!({
                "resourceType": "DocumentReference", "id": n["id"], "status": "current",
                "type": {"text": n["note_type"]},
                "subject": {"reference": format!("Patient/{}", n["patient_id"].as_str().unwrap())},
                "date": n["event_time"], "contained": contained,
                "content": [{"attachment": {"contentType": "text/plain", "data": data}}]
            })
        } else {
            serde_json::json!({
                "resourceType": "DiagnosticReport", "id": n["id"], "status": "final",
                "code": {"text": n["note_type"]},
                "subject": {"reference": format!("Patient/{}", n["patient_id"].as_str().unwrap())},
                "effectiveDateTime": n["event_time"], "contained": contained,
                "presentedForm": [{"contentType": "text/plain", "data": data}]
            })
        };
        writeln!(gz, "{r}").unwrap();
    }
    // And a resource type medsent does not read: a dead letter, not a failure.
    writeln!(gz, r#"{{"resourceType":"Observation","id":"o1"}}"#).unwrap();
    gz.finish().unwrap();
    let fhir_out = dir.path().join("lake-fhir");
    let out = run_ok(backfill(&fhir_out).arg(&fhir));
    assert_eq!(summary(&out), (301, 300, 1));
    assert_eq!(rows(&fhir_out), expected, "FHIR rows = JSONL rows");
}

#[test]
fn directories_globs_and_zstd() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read(root().join("fixtures/sample/notes.jsonl")).unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(inputs.join("2024/01")).unwrap();
    std::fs::write(inputs.join("2024/01/a.jsonl"), &src).unwrap();
    std::fs::write(
        inputs.join("2024/01/b.jsonl.zst"),
        zstd::encode_all(&src[..], 3).unwrap(),
    )
    .unwrap();
    std::fs::write(inputs.join("2024/_SUCCESS"), b"").unwrap();
    std::fs::write(inputs.join(".hidden.jsonl"), b"garbage\n").unwrap();

    let out = run_ok(backfill(&dir.path().join("lake-dir")).arg(&inputs));
    assert_eq!(summary(&out), (600, 600, 0));
    let glob = format!("{}/*/*/*.zst", inputs.display());
    let out = run_ok(backfill(&dir.path().join("lake-glob")).arg(&glob));
    assert_eq!(summary(&out), (300, 300, 0));

    let o = medsent()
        .args(["backfill", "--out"])
        .arg(dir.path().join("x"))
        .arg(format!("{}/*.csv", inputs.display()))
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no input files match"));
}

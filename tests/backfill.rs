//! End-to-end: the committed sample through the real binary and the real
//! bundled model, read back with the `parquet` crate.

mod common;
use arrow_array::{Array, Int32Array, StructArray, UInt64Array};
use common::*;
use std::collections::HashMap;

#[test]
fn golden_sample_to_parquet_without_phi() {
    let out_dir = tempfile::tempdir().unwrap();
    let sample = root().join("fixtures/sample/notes.jsonl");
    let out = run_ok(
        medsent()
            .args(["backfill", "--include-text", "--out"])
            .arg(out_dir.path())
            .arg(&sample),
    );
    let n_in = std::fs::read_to_string(&sample).unwrap().lines().count() as u64;
    assert_eq!(summary(&out), (n_in, n_in, 0));

    // Planted PHI per line number, and structured PHI of every record.
    let labels = sample_labels();
    let mut structured: Vec<String> = Vec::new();
    for l in &labels {
        structured.extend(
            l["structured"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned()),
        );
    }

    let files = files(out_dir.path());
    let parquet: Vec<_> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .collect();
    assert!(!parquet.is_empty());
    assert!(
        files
            .iter()
            .all(|p| !p.to_string_lossy().contains("_dead_letter")),
        "no dead letters expected"
    );
    let mut rows = 0u64;
    let mut seen_offsets = HashMap::new();
    for p in &parquet {
        let rel = p
            .strip_prefix(out_dir.path())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // dt=YYYY-MM-DD/<source>+<partition>+<first-offset:020>.parquet
        let (dt, name) = rel.split_once('/').unwrap();
        assert!(dt.starts_with("dt=") && dt.len() == 13, "{rel}");
        let parts: Vec<&str> = name.trim_end_matches(".parquet").split('+').collect();
        assert_eq!(parts.len(), 3, "{rel}");
        assert_eq!(parts[2].len(), 20, "{rel}");
        for s in &structured {
            assert!(!contains_word(&rel, s), "PHI in an object name");
        }
        for b in read_parquet(p) {
            let schema = b.schema();
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            for col in [
                "record_key",
                "patient_key",
                "note_type",
                "event_date",
                "sentiment_label",
                "sentiment_score",
                "score_positive",
                "windows",
                "model_name",
                "model_version",
                "phi_counts",
                "phi_total",
                "processed_at",
                "source_offset",
                "text",
            ] {
                assert!(names.contains(&col), "missing column {col}");
            }
            rows += b.num_rows() as u64;
            let offsets = b
                .column_by_name("source_offset")
                .unwrap()
                .as_any()
                .downcast_ref::<UInt64Array>()
                .unwrap();
            let texts = b
                .column_by_name("text")
                .unwrap()
                .as_any()
                .downcast_ref::<arrow_array::StringArray>()
                .unwrap();
            let totals = b
                .column_by_name("phi_total")
                .unwrap()
                .as_any()
                .downcast_ref::<Int32Array>()
                .unwrap();
            let phi = b
                .column_by_name("phi_counts")
                .unwrap()
                .as_any()
                .downcast_ref::<StructArray>()
                .unwrap();
            assert!(phi.column_names().contains(&"name") && phi.column_names().contains(&"ssn"));
            for r in 0..b.num_rows() {
                let line = offsets.value(r);
                assert!(
                    seen_offsets.insert(line, ()).is_none(),
                    "line {line} written twice"
                );
                let text = texts.value(r);
                let planted = labels[(line - 1) as usize]["labels"].as_array().unwrap();
                assert!(
                    totals.value(r) as usize >= planted.len() / 2,
                    "PHI counts look wrong for line {line}"
                );
                for lab in planted {
                    let v = lab["value"].as_str().unwrap();
                    assert!(
                        !contains_word(text, v),
                        "planted {} survived on line {line}",
                        lab["kind"]
                    );
                }
            }
            for (col, cell) in strings(&b) {
                for s in &structured {
                    assert!(!contains_word(&cell, s), "structured PHI in column {col}");
                }
            }
        }
    }
    assert_eq!(rows, n_in);
    assert_eq!(seen_offsets.len() as u64, n_in);
}

#[test]
fn every_malformed_kind_is_dead_lettered_with_reason_and_no_content() {
    let out_dir = tempfile::tempdir().unwrap();
    let input = root().join("fixtures/sample/malformed.jsonl");
    let out = run_ok(
        medsent()
            .args(["backfill", "--max-record-bytes", "8192", "--model-dir"])
            .arg(tiny_model())
            .arg("--out")
            .arg(out_dir.path())
            .arg(&input),
    );
    assert_eq!(summary(&out), (11, 3, 8));
    let dl: Vec<_> = files(out_dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("_dead_letter/"))
        .collect();
    assert_eq!(dl.len(), 1);
    let body = std::fs::read_to_string(&dl[0]).unwrap();
    assert!(
        !body.to_lowercase().contains("maria") && !body.contains("lopez"),
        "dead letters must not carry content"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Maria"));
    let got: Vec<(u64, String, String)> = body
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["stage"], "ingest");
            assert!(
                v["source"]
                    .as_str()
                    .unwrap()
                    .starts_with("malformed.jsonl-")
            );
            (
                v["offset"].as_u64().unwrap(),
                v["reason"].as_str().unwrap().to_owned(),
                v["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want = [
        (2, "invalid_json"),
        (3, "missing_field"),
        (4, "wrong_type"),
        (5, "invalid_utf8"),
        (6, "invalid_value"),
        (7, "invalid_json"),
        (8, "oversized"),
        (11, "wrong_type"),
    ];
    assert_eq!(got.len(), want.len());
    for ((line, reason, msg), (wl, wr)) in got.iter().zip(want) {
        assert_eq!((*line, reason.as_str()), (wl, wr), "{msg}");
        assert!(!msg.is_empty());
    }
    assert!(got[1].2.contains("`text`") && got[7].2.contains("`patient_id`"));
}

#[test]
fn rerun_rewrites_the_same_objects() {
    let out_dir = tempfile::tempdir().unwrap();
    let input = root().join("fixtures/sample/malformed.jsonl");
    let run = || {
        run_ok(
            medsent()
                .args(["backfill", "--max-record-bytes", "8192", "--model-dir"])
                .arg(tiny_model())
                .arg("--out")
                .arg(out_dir.path())
                .arg(&input),
        );
        files(out_dir.path())
    };
    let first = run();
    let second = run();
    assert_eq!(
        first, second,
        "deterministic names: a rerun replaces, never adds"
    );
}

#[test]
fn missing_secret_and_missing_input_are_clear_errors() {
    let out_dir = tempfile::tempdir().unwrap();
    let o = medsent()
        .env_remove("MEDSENT_HMAC_KEY")
        .args(["backfill", "--out"])
        .arg(out_dir.path())
        .arg("x.jsonl")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("MEDSENT_HMAC_KEY_FILE"));
    let o = medsent()
        .args(["backfill", "--model-dir"])
        .arg(tiny_model())
        .arg("--out")
        .arg(out_dir.path())
        .arg("/nonexistent/x.jsonl")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/x.jsonl"));
}

#[test]
fn help_lists_env_vars_for_every_flag() {
    let o = run_ok(medsent().args(["backfill", "--help"]));
    let help = String::from_utf8_lossy(&o.stdout);
    for flag in [
        "--out",
        "--model-dir",
        "--ort-lib",
        "--device",
        "--max-batch-size",
        "--hmac-key-file",
        "--include-text",
        "--chunk-lines",
    ] {
        let line_idx = help
            .find(flag)
            .unwrap_or_else(|| panic!("{flag} missing from --help"));
        let tail = &help[line_idx..];
        let block = &tail[..tail[2..].find("\n  -").map_or(tail.len(), |i| i + 2)];
        let flat = block.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("[env: MEDSENT_"),
            "{flag} has no env var:\n{block}"
        );
    }
}

#[test]
fn deid_command_writes_text_counts_spans_and_applies_operators() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deid.jsonl");
    let input = root().join("fixtures/sample/notes.jsonl");
    run_ok(
        medsent()
            .args(["deid", "--spans", "--operator", "name=hmac", "--out"])
            .arg(&out)
            .arg(&input),
    );
    let labels = sample_labels();
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), labels.len());
    // Structured fields go through the same operators.
    let raw: Vec<serde_json::Value> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (mut with_demo, mut old_births) = (0, 0);
    for (o, r) in lines.iter().zip(&raw) {
        let Some(d) = r.get("demographics") else {
            assert!(o.get("demographics").is_none());
            continue;
        };
        with_demo += 1;
        let out = &o["demographics"];
        assert!(
            out["name"].as_str().unwrap().starts_with("[NAME:"),
            "name → keyed pseudonym"
        );
        assert_eq!(
            out["zip"].as_str().unwrap(),
            format!("[ZIP {}]", &d["zip"].as_str().unwrap()[..3])
        );
        assert_eq!(out["state"], d["state"], "the state is not PHI");
        let (bd, bd_out) = (
            d["birth_date"].as_str().unwrap(),
            out["birth_date"].as_str().unwrap(),
        );
        let event_year: i32 = r["event_time"].as_str().unwrap()[..4].parse().unwrap();
        if bd[..4].parse::<i32>().unwrap() <= event_year - 90 {
            assert_eq!(
                bd_out, "[DATE]",
                "a birth date that may tell an age over 89"
            );
            old_births += 1;
        } else {
            assert!(bd_out.len() == 10 && bd_out != bd, "birth date shifted");
        }
        for f in ["address", "city", "phone", "email", "mrn", "ssn"] {
            assert!(out[f].as_str().unwrap().starts_with('['), "{f} replaced");
        }
        let all = out.to_string().to_lowercase();
        for f in ["name", "address", "phone", "email", "mrn", "ssn"] {
            assert!(
                !all.contains(&d[f].as_str().unwrap().to_lowercase()),
                "{f} leaked"
            );
        }
    }
    assert!(with_demo > 100);
    assert!(old_births > 0, "the generator plants births 90+ years back");
    for (o, l) in lines.iter().zip(&labels) {
        assert_eq!(o["id"], l["id"]);
        let text = o["text"].as_str().unwrap();
        assert!(text.contains("[NAME:"), "names become keyed pseudonyms");
        assert!(o["phi_counts"]["name"].as_u64().unwrap() >= 1);
        // Every planted span lies inside a reported span (char offsets).
        let spans: Vec<(u64, u64)> = o["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()))
            .collect();
        for p in l["labels"].as_array().unwrap() {
            let (a, b) = (p["start"].as_u64().unwrap(), p["end"].as_u64().unwrap());
            assert!(
                spans.iter().any(|&(s, e)| s <= a && b <= e),
                "planted {} at {a}..{b} not covered",
                p["kind"]
            );
        }
    }
}

#[test]
fn deid_eval_scores_the_template_bank_and_prints_misses_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    for half in [None, Some("--holdout")] {
        let json = dir.path().join("eval.json");
        let out = run_ok(
            medsent()
                .args([
                    "deid-eval",
                    "--set",
                    "phrasings",
                    "--records",
                    "200",
                    "--json",
                ])
                .arg(&json)
                .args(half),
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let which = if half.is_some() { "hold-out" } else { "dev" };
        assert!(
            stdout.contains(&format!("template bank, {which} half")),
            "{stdout}"
        );
        // Without --show-misses nothing of the texts is printed.
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("missed ") && !stderr.contains("not an identifier"),
            "{stderr}"
        );
        let res: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let gold = res["overall"]["gold_tokens"].as_u64().unwrap();
        let caught = res["overall"]["caught"].as_u64().unwrap();
        assert!(gold > 1000 && caught <= gold, "{res}");
    }
    // Asked for, at most that many a kind.
    let out = run_ok(medsent().args([
        "deid-eval",
        "--set",
        "phrasings",
        "--records",
        "200",
        "--show-misses",
        "1",
    ]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut per_kind: HashMap<String, usize> = HashMap::new();
    for l in stderr.lines().filter(|l| l.starts_with("missed ")) {
        let kind = l["missed ".len()..].split(':').next().unwrap().to_owned();
        *per_kind.entry(kind).or_default() += 1;
    }
    assert!(per_kind.values().all(|&n| n <= 1), "{stderr}");
}

//! Helpers for tests that run the real `medsent` binary.
#![allow(dead_code)]

use arrow_array::{Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const KEY: &str = "medsent-test-key-0123456789abcdef";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn medsent() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_medsent"));
    c.env("MEDSENT_HMAC_KEY", KEY)
        .env("MEDSENT_LOG", "warn")
        .env_remove("MEDSENT_HMAC_KEY_FILE");
    c
}

pub fn tiny_model() -> PathBuf {
    root().join("fixtures/models/tiny-distilbert")
}

pub fn run_ok(c: &mut Command) -> Output {
    let out = c.output().expect("run medsent");
    assert!(
        out.status.success(),
        "medsent failed: {}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every file under `dir`, recursively.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p)
            } else {
                out.push(p)
            }
        }
    }
    out.sort();
    out
}

pub fn read_parquet(p: &Path) -> Vec<RecordBatch> {
    let f = std::fs::File::open(p).unwrap();
    ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

/// All string cells of a batch, with the column name.
pub fn strings(b: &RecordBatch) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, f) in b.schema().fields().iter().enumerate() {
        if let Some(a) = b.column(i).as_any().downcast_ref::<StringArray>() {
            for r in 0..a.len() {
                out.push((f.name().clone(), a.value(r).to_owned()));
            }
        }
    }
    out
}

/// The summary line's counters.
pub fn summary(out: &Output) -> (u64, u64, u64) {
    let s = String::from_utf8_lossy(&out.stdout);
    let line = s
        .lines()
        .find(|l| l.starts_with("medsent backfill:"))
        .expect("summary line");
    let get = |k: &str| -> u64 {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("{k}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {k} in {line}"))
    };
    (get("read"), get("written"), get("dead_lettered"))
}

/// Whole-word, case-insensitive containment.
pub fn contains_word(hay: &str, needle: &str) -> bool {
    let h = hay.to_lowercase();
    let n = needle.to_lowercase();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut from = 0;
    while let Some(i) = h[from..].find(&n) {
        let s = from + i;
        let e = s + n.len();
        if !word(h[..s].chars().next_back()) && !word(h[e..].chars().next()) {
            return true;
        }
        from = s + n.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The planted-PHI labels of the committed sample, one per input line.
pub fn sample_labels() -> Vec<serde_json::Value> {
    std::fs::read_to_string(root().join("fixtures/sample/labels.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

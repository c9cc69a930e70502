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

pub const S3_KEY_ID: &str = "medsent-test";
pub const S3_SECRET: &str = "medsent-test-secret-0123456789";

/// A real S3-compatible server (SeaweedFS) on loopback, started by the
/// project's own script; stopped when dropped.
pub struct S3Server {
    pub dir: tempfile::TempDir,
    pub base: u16,
    pub endpoint: String,
}

fn ports_free(base: u16) -> bool {
    (base..base + 10).all(|p| std::net::TcpListener::bind(("127.0.0.1", p)).is_ok())
}

impl S3Server {
    pub fn start(buckets: &[&str]) -> S3Server {
        let dir = tempfile::tempdir().unwrap();
        // Spread concurrent tests over the range; skip busy ports.
        let seed = (std::process::id() as u64 * 7919
            + std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos() as u64)
            % 1500;
        // Tests of one binary run on threads of one process: a base handed
        // out here is never handed out again, so two servers started at the
        // same moment cannot both find the same free ports and race for them.
        static TAKEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
        let mut taken = TAKEN.lock().unwrap_or_else(|e| e.into_inner());
        let mut base = 0;
        for i in 0..1500u64 {
            let b = 20000 + ((seed + i * 7) % 1500) as u16 * 10;
            if !taken.contains(&b) && ports_free(b) {
                base = b;
                taken.push(b);
                break;
            }
        }
        drop(taken);
        assert!(base > 0, "no free ports for the S3 server");
        let mut s = S3Server {
            dir,
            base,
            endpoint: String::new(),
        };
        s.endpoint = s.run_start(buckets);
        s
    }

    fn run_start(&self, buckets: &[&str]) -> String {
        let out = Command::new("bash")
            .arg(root().join("scripts/s3-server.sh"))
            .arg("start")
            .arg(self.dir.path())
            .arg(self.base.to_string())
            .args(buckets)
            .env("AWS_ACCESS_KEY_ID", S3_KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", S3_SECRET)
            .output()
            .expect("run scripts/s3-server.sh");
        assert!(
            out.status.success(),
            "S3 server did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Stops the server (its data stays in `dir`).
    pub fn stop(&self) {
        let _ = Command::new("bash")
            .arg(root().join("scripts/s3-server.sh"))
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }

    /// Starts it again on the same ports and data.
    pub fn restart(&self) {
        let e = self.run_start(&[]);
        assert_eq!(e, self.endpoint);
    }

    /// Environment for a medsent command that talks to this server.
    pub fn env<'a>(&self, c: &'a mut Command) -> &'a mut Command {
        c.env("AWS_ACCESS_KEY_ID", S3_KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", S3_SECRET)
            .env("AWS_REGION", "us-east-1")
            .env("MEDSENT_S3_ENDPOINT", &self.endpoint)
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_SESSION_TOKEN")
    }

    pub fn options(&self) -> sink::S3Options {
        let mut o = sink::S3Options::with_defaults();
        o.endpoint = Some(self.endpoint.clone());
        o.region = Some("us-east-1".into());
        o.access_key_id = Some(S3_KEY_ID.into());
        o.secret_access_key = Some(S3_SECRET.into());
        o.max_retries = 2;
        o.retry_timeout = std::time::Duration::from_secs(5);
        o
    }

    /// Every object under `url` (s3://bucket/prefix): key → bytes.
    pub fn objects(&self, url: &str) -> Vec<(String, bytes::Bytes)> {
        use futures::StreamExt;
        use object_store::ObjectStoreExt;
        let loc = sink::store::open(url, &self.options(), false).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let mut out = Vec::new();
            let mut l = loc.store.list(None);
            while let Some(m) = l.next().await {
                let m = m.unwrap();
                let b = loc
                    .store
                    .get(&m.location)
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                out.push((m.location.to_string(), b));
            }
            out.sort();
            out
        })
    }

    pub fn put(&self, url: &str, key: &str, body: Vec<u8>) {
        use object_store::ObjectStoreExt;
        let loc = sink::store::open(url, &self.options(), false).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(
            loc.store
                .put(&object_store::path::Path::from(key), body.into()),
        )
        .unwrap();
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Rows of Parquet objects: (source_offset per row) for every row.
pub fn parquet_offsets(body: bytes::Bytes) -> Vec<u64> {
    use arrow_array::UInt64Array;
    let r = ParquetRecordBatchReaderBuilder::try_new(body)
        .unwrap()
        .build()
        .unwrap();
    let mut out = Vec::new();
    for b in r {
        let b = b.unwrap();
        let a = b
            .column_by_name("source_offset")
            .unwrap()
            .as_any()
            .downcast_ref::<UInt64Array>()
            .unwrap()
            .clone();
        out.extend(a.values().iter().copied());
    }
    out
}

pub fn duckdb_httpfs() -> PathBuf {
    let site = root().join(".venv/lib");
    for py in std::fs::read_dir(&site).unwrap() {
        let ext = py
            .unwrap()
            .path()
            .join("site-packages/duckdb_extension_httpfs/extensions");
        if let Ok(versions) = std::fs::read_dir(&ext) {
            for v in versions {
                let p = v.unwrap().path().join("httpfs.duckdb_extension");
                if p.exists() {
                    return p;
                }
            }
        }
    }
    panic!("DuckDB's httpfs extension is missing: run scripts/setup.sh");
}

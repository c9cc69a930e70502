//! The lake on a real S3-compatible server (SeaweedFS on loopback, started by
//! scripts/s3-server.sh): backfill into a bucket, resume from the bucket's
//! manifest, DuckDB reads it over S3, `s3://` inputs in several formats, clear
//! errors for bad credentials and missing buckets, and a server that stops
//! mid-run (retries; nothing acknowledged that is not durable; exactly once).

mod common;
use common::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn backfill(s3: &S3Server, out: &str) -> std::process::Command {
    let mut c = medsent();
    s3.env(&mut c);
    c.args(["backfill", "--model-dir"])
        .arg(tiny_model())
        .args(["--out", out]);
    c
}

/// offset → rows, over every Parquet object under `url`.
fn lake_offsets(s3: &S3Server, url: &str) -> BTreeMap<u64, usize> {
    let mut m = BTreeMap::new();
    for (k, body) in s3.objects(url) {
        if k.ends_with(".parquet") {
            for o in parquet_offsets(body) {
                *m.entry(o).or_insert(0) += 1;
            }
        }
    }
    m
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn backfill_into_s3_resumes_and_duckdb_reads_it() {
    let s3 = S3Server::start(&["lake"]);
    let input = root().join("fixtures/sample/notes.jsonl");
    let n_in = std::fs::read_to_string(&input).unwrap().lines().count();
    let out = run_ok(backfill(&s3, "s3://lake/notes").arg(&input));
    assert_eq!(summary(&out), (n_in as u64, n_in as u64, 0));

    let objects = s3.objects("s3://lake/notes");
    assert!(objects.iter().any(|(k, _)| k.starts_with("_manifest/")));
    assert!(
        objects
            .iter()
            .filter(|(k, _)| k.ends_with(".parquet"))
            .all(|(k, _)| k.starts_with("dt=")),
        "Hive layout"
    );
    let offsets = lake_offsets(&s3, "s3://lake/notes");
    assert_eq!(offsets.len(), n_in);
    assert!(offsets.values().all(|&c| c == 1));

    // A rerun finds the manifest in the bucket and skips everything.
    let again = run_ok(backfill(&s3, "s3://lake/notes").arg(&input));
    assert!(
        String::from_utf8_lossy(&again.stdout).contains(&format!("skipped={n_in}")),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert_eq!(lake_offsets(&s3, "s3://lake/notes"), offsets);

    // DuckDB over S3 (httpfs from PyPI), with Hive partitioning.
    let script = r#"
import duckdb, json, sys
ext, endpoint, key, secret = sys.argv[1:5]
con = duckdb.connect()
con.execute(f"LOAD '{ext}'")
con.execute(f"""CREATE SECRET lake (TYPE s3, KEY_ID '{key}', SECRET '{secret}', REGION 'us-east-1',
  ENDPOINT '{endpoint.removeprefix("http://")}', URL_STYLE 'path', USE_SSL false)""")
rel = "read_parquet('s3://lake/notes/dt=*/*.parquet', hive_partitioning=true)"
n, bad_dt = con.execute(f"select count(*), count(*) filter (where cast(dt as date) <> event_date) from {rel}").fetchone()
cols = dict(con.execute(f"select column_name, column_type from (describe select * from {rel})").fetchall())
print(json.dumps({"n": n, "bad_dt": bad_dt, "cols": cols}))
"#;
    let o = std::process::Command::new(root().join(".venv/bin/python"))
        .arg("-c")
        .arg(script)
        .arg(duckdb_httpfs())
        .arg(&s3.endpoint)
        .arg(S3_KEY_ID)
        .arg(S3_SECRET)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["n"], n_in);
    assert_eq!(v["bad_dt"], 0);
    assert_eq!(v["cols"]["event_date"], "DATE");
    assert_eq!(v["cols"]["patient_key"], "VARCHAR");
    assert!(
        v["cols"]["phi_counts"]
            .as_str()
            .unwrap()
            .starts_with("STRUCT")
    );
}

#[test]
fn s3_inputs_by_prefix_and_glob_in_several_formats() {
    let s3 = S3Server::start(&["inbox", "lake"]);
    let sample = std::fs::read(root().join("fixtures/sample/notes.jsonl")).unwrap();
    let lines: Vec<&[u8]> = sample
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let (a, b) = lines.split_at(100);
    let join = |ls: &[&[u8]]| {
        ls.iter()
            .flat_map(|l| l.iter().copied().chain([b'\n']))
            .collect::<Vec<u8>>()
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&join(a)).unwrap();
    s3.put("s3://inbox", "batch/part-1.jsonl.gz", gz.finish().unwrap());
    s3.put(
        "s3://inbox",
        "batch/part-2.jsonl.zst",
        zstd::encode_all(&join(b)[..], 3).unwrap(),
    );
    s3.put("s3://inbox", "batch/_SUCCESS", Vec::new());
    s3.put("s3://inbox", "other/ignored.jsonl", join(a));

    // The whole prefix: both parts, the marker file skipped.
    let out = run_ok(backfill(&s3, "s3://lake/all").arg("s3://inbox/batch/"));
    assert_eq!(summary(&out), (300, 300, 0));
    // A glob on the last part.
    let out = run_ok(backfill(&s3, "s3://lake/glob").arg("s3://inbox/batch/*.gz"));
    assert_eq!(summary(&out), (100, 100, 0));
    // A single object, as Parquet (streamed to a temporary file first).
    let local = tempfile::tempdir().unwrap();
    run_ok(
        backfill(&s3, local.path().join("pq").to_str().unwrap())
            .arg("--include-text")
            .arg("s3://inbox/batch/part-2.jsonl.zst"),
    );
    let pq = files(&local.path().join("pq"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "parquet"))
        .unwrap();
    s3.put(
        "s3://inbox",
        "pq/notes.parquet",
        rewrite_as_input_parquet(&std::fs::read(pq).unwrap()),
    );
    let out = run_ok(backfill(&s3, "s3://lake/pq").arg("s3://inbox/pq/notes.parquet"));
    let (read, written, _) = summary(&out);
    assert!(read > 0 && read == written);
}

/// A Parquet input with the columns a record needs, built from a lake file
/// (record_key → id, patient_key → patient_id, event_date, text).
fn rewrite_as_input_parquet(lake_file: &[u8]) -> Vec<u8> {
    use arrow_array::RecordBatch;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let batches: Vec<RecordBatch> =
        ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(lake_file.to_vec()))
            .unwrap()
            .build()
            .unwrap()
            .map(|b| b.unwrap())
            .collect();
    let b = &batches[0];
    let cols = ["record_key", "patient_key", "event_date", "text"];
    let renamed = ["id", "patient_id", "event_time", "text"];
    let fields: Vec<arrow_schema::Field> = cols
        .iter()
        .zip(renamed)
        .map(|(c, r)| {
            let f = b.schema().field_with_name(c).unwrap().clone();
            f.with_name(r)
        })
        .collect();
    let schema = std::sync::Arc::new(arrow_schema::Schema::new(fields));
    let arrays = cols
        .iter()
        .map(|c| b.column_by_name(c).unwrap().clone())
        .collect();
    let out = RecordBatch::try_new(schema.clone(), arrays).unwrap();
    let mut buf = Vec::new();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut buf, schema, None).unwrap();
    w.write(&out).unwrap();
    w.close().unwrap();
    buf
}

#[test]
fn bad_credentials_and_missing_bucket_fail_clearly() {
    let s3 = S3Server::start(&["lake"]);
    let input = root().join("fixtures/sample/notes.jsonl");
    let started = Instant::now();
    let o = backfill(&s3, "s3://lake/x")
        .env("AWS_SECRET_ACCESS_KEY", "wrong-secret-wrong-secret")
        .arg(&input)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("credentials"), "{e}");
    assert!(!e.contains("wrong-secret") && !e.contains(S3_SECRET), "{e}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "4xx is not retried"
    );

    let o = backfill(&s3, "s3://no-such-bucket/x")
        .arg(&input)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("bucket"), "{e}");
}

#[test]
fn server_stopped_mid_run_retries_or_fails_cleanly_then_resumes() {
    let s3 = S3Server::start(&["lake"]);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("notes.jsonl");
    let mut g = synth::Generator::new(5, synth::Split::Dev);
    let records: Vec<String> = (0..1200).map(|_| g.note().record.to_string()).collect();
    std::fs::write(&input, records.join("\n") + "\n").unwrap();

    // 1. Records arrive on stdin; after the first half is durable the server
    //    stops, the second half arrives, and the server comes back 3 s later.
    //    Uploads retry with backoff and the run completes exactly once.
    let mut child = backfill(&s3, "s3://lake/retry")
        .args(["--chunk-lines", "100", "--segment-rows", "50", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for r in &records[..600] {
        writeln!(stdin, "{r}").unwrap();
    }
    stdin.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while lake_offsets(&s3, "s3://lake/retry").len() < 100 {
        assert!(Instant::now() < deadline, "no segments written");
        std::thread::sleep(Duration::from_millis(100));
    }
    s3.stop();
    for r in &records[600..] {
        writeln!(stdin, "{r}").unwrap();
    }
    drop(stdin);
    std::thread::sleep(Duration::from_secs(3));
    if child.try_wait().unwrap().is_some() {
        let out = child.wait_with_output().unwrap();
        panic!(
            "the run must wait for the server, not finish or fail: {}",
            stderr(&out)
        );
    }
    s3.restart();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(summary(&out), (1200, 1200, 0));
    let offsets = lake_offsets(&s3, "s3://lake/retry");
    assert_eq!(offsets.len(), 1200);
    assert!(offsets.values().all(|&c| c == 1));

    // 2. The server is gone for longer than the retry budget: the run fails
    //    with a clear error and marks nothing done that is not durable; with
    //    the server back, a rerun completes the lake exactly once.
    let mut c = backfill(&s3, "s3://lake/resume");
    c.args([
        "--chunk-lines",
        "100",
        "--segment-rows",
        "50",
        "--s3-max-retries",
        "3",
        "--s3-retry-timeout-seconds",
        "2",
    ])
    .arg(&input)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let child = c.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while s3
        .objects("s3://lake/resume")
        .iter()
        .filter(|(k, _)| k.starts_with("_manifest/"))
        .count()
        < 2
    {
        assert!(Instant::now() < deadline, "no chunk finished");
        std::thread::sleep(Duration::from_millis(50));
    }
    s3.stop();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        // It finished before the server went away: nothing to resume.
        eprintln!("note: the run finished before the server stopped");
    } else {
        let e = stderr(&out);
        assert!(e.contains("uploading") || e.contains("reached"), "{e}");
    }
    s3.restart();
    let mut c = backfill(&s3, "s3://lake/resume");
    c.args(["--chunk-lines", "100", "--segment-rows", "50"])
        .arg(&input);
    run_ok(&mut c);
    let offsets = lake_offsets(&s3, "s3://lake/resume");
    assert_eq!(offsets.len(), 1200);
    assert!(
        offsets.values().all(|&c| c == 1),
        "every record exactly once after the failed run and the rerun"
    );
}

#[test]
fn large_segments_go_up_in_parts_and_read_back_whole() {
    let s3 = S3Server::start(&["lake"]);
    let lake = sink::Lake::open(sink::LakeConfig {
        s3: s3.options(),
        include_text: true,
        phi_kinds: vec!["name"],
        multipart_bytes: 5 << 20,
        ..sink::LakeConfig::new("s3://lake/big")
    })
    .unwrap();
    // ~12 MB of text that ZSTD cannot shrink much: several 5 MiB parts.
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let rows: Vec<sink::Row> = (0..1200u64)
        .map(|i| {
            let text: String = (0..10_000)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    char::from(b'!' + (x % 90) as u8)
                })
                .collect();
            sink::Row {
                record_key: format!("r{i}"),
                patient_key: "p".into(),
                note_type: "n".into(),
                event_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                label: "POSITIVE".into(),
                score: 0.5,
                score_positive: 0.5,
                windows: 1,
                model_name: "m".into(),
                model_version: "1".into(),
                phi: vec![0],
                processed_at: chrono::Utc::now(),
                source_offset: i,
                text: Some(text),
            }
        })
        .collect();
    let seg = sink::Segment {
        key: sink::SegmentKey {
            dt: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            source: "big".into(),
            partition: 0,
            first_offset: 0,
        },
        approx_bytes: rows.iter().map(sink::Row::approx_bytes).sum(),
        last_offset: 1199,
        rows,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let receipt = rt.block_on(lake.write_segment(&seg)).unwrap();
    assert!(receipt.bytes > 6 << 20, "{} bytes", receipt.bytes);
    let objects = s3.objects("s3://lake/big");
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0].1.len(), receipt.bytes);
    assert_eq!(
        parquet_offsets(objects[0].1.clone()),
        (0..1200).collect::<Vec<_>>()
    );
}

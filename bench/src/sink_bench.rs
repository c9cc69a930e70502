//! `medsent-sink-bench [--rows N] [--text-bytes B] [--segment-rows R] [--out DIR|s3://bucket/prefix]...`
//!
//! Write throughput of the lake alone: N synthetic rows (de-identified text of B bytes kept in the
//! `text` column, the realistic worst case) encoded as ZSTD Parquet segments of R rows and uploaded
//! one after another, as the backfill sink does. Prints rows/s, MB/s of Parquet written and MB/s of
//! row data (uncompressed estimate) for each `--out`. S3 settings come from the usual variables
//! (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, MEDSENT_S3_ENDPOINT); `bench/sink_bench.sh` starts a
//! local SeaweedFS and runs local and S3 side by side.

use sink::{Lake, LakeConfig, Row, Segmenter};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let (mut rows, mut text_bytes, mut seg_rows) = (200_000usize, 1000usize, 50_000usize);
    let mut outs: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut v = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--rows" => rows = v().parse().unwrap(),
            "--text-bytes" => text_bytes = v().parse().unwrap(),
            "--segment-rows" => seg_rows = v().parse().unwrap(),
            "--out" => outs.push(v()),
            _ => panic!("unknown argument {a}"),
        }
    }
    if outs.is_empty() {
        outs.push(
            std::env::temp_dir()
                .join("medsent-sink-bench")
                .display()
                .to_string(),
        );
    }
    let words = [
        "patient", "reports", "improved", "sleep", "and", "appetite", "denies", "pain", "[NAME]",
        "follow", "up", "in", "two", "weeks", "mood", "stable", "anxious", "about", "[DATE]",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let label: Arc<str> = "positive".into();
    let model: Arc<str> = "minilm-sentiment".into();
    let version: Arc<str> = "1".into();
    let base = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let make = |i: usize, r: u64| -> Row {
        let mut text = String::with_capacity(text_bytes + 16);
        let mut x = r;
        while text.len() < text_bytes {
            text.push_str(words[(x % words.len() as u64) as usize]);
            text.push(' ');
            x = x.rotate_left(7) ^ 0x5bd1e995;
        }
        Row {
            record_key: format!("{:064x}", r as u128 * 31 + i as u128),
            patient_key: format!("{:064x}", r % 5000),
            note_type: "progress".into(),
            // A month of dates: several open segments, as real data has.
            event_date: base + chrono::Days::new(r % 30),
            label: label.clone(),
            score: 0.5 + (r % 50) as f32 / 100.0,
            score_positive: 0.5,
            windows: 1,
            model_name: model.clone(),
            model_version: version.clone(),
            phi: vec![(r % 3) as u32; 19],
            processed_at: chrono::Utc::now(),
            source_offset: i as u64,
            text: Some(text),
        }
    };
    let data: Vec<Row> = (0..rows).map(|i| make(i, next())).collect();
    let raw: usize = data.iter().map(Row::approx_bytes).sum();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "| target | rows | segments | Parquet MB | seconds | rows/s | Parquet MB/s | row data MB/s |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for out in &outs {
        let mut s3 = sink::S3Options::with_defaults();
        s3.endpoint = std::env::var("MEDSENT_S3_ENDPOINT").ok();
        let lake = Lake::open(LakeConfig {
            s3,
            phi_kinds: deid::PhiKind::ALL.iter().map(|k| k.name()).collect(),
            include_text: true,
            ..LakeConfig::new(out.clone())
        })
        .expect("open the lake");
        let t = Instant::now();
        let mut seg = Segmenter::with_limits("bench", seg_rows, usize::MAX);
        let (mut bytes, mut n) = (0usize, 0usize);
        let mut write = |s: &sink::Segment| {
            let r = rt.block_on(lake.write_segment(s)).expect("write");
            bytes += r.bytes;
            n += 1;
        };
        for (i, r) in data.iter().enumerate() {
            if let Some(full) = seg.push((i / seg_rows) as u32, i as u64, r.clone()) {
                write(&full);
            }
        }
        for s in seg.finish() {
            write(&s);
        }
        let secs = t.elapsed().as_secs_f64();
        let kind = if out.starts_with("s3://") {
            "S3 (SeaweedFS, loopback)"
        } else {
            "local disk"
        };
        println!(
            "| {kind} | {rows} | {n} | {:.1} | {secs:.2} | {:.0} | {:.1} | {:.1} |",
            bytes as f64 / 1e6,
            rows as f64 / secs,
            bytes as f64 / 1e6 / secs,
            raw as f64 / 1e6 / secs
        );
    }
}

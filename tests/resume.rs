//! Crash safety of the backfill: kill -9 at several points, rerun, and the
//! lake holds every record exactly once (rows and dead letters), identical
//! to an uninterrupted run.

mod common;
use arrow_array::{Array, UInt64Array};
use common::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const CHUNK: &str = "200";

fn make_input(dir: &Path) -> (std::path::PathBuf, usize) {
    let p = dir.join("notes.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    let mut g = synth::Generator::new(11, synth::Split::Dev);
    let n = 2400;
    for i in 0..n {
        if i % 97 == 5 {
            writeln!(f, "{{\"id\": \"broken-{i}\", \"text\": ").unwrap();
        } else {
            writeln!(f, "{}", g.note().record).unwrap();
        }
    }
    f.flush().unwrap();
    (p, n)
}

fn backfill(input: &Path, out: &Path) -> std::process::Command {
    let mut c = medsent();
    c.args([
        "backfill",
        "--chunk-lines",
        CHUNK,
        "--segment-rows",
        "64",
        "--model-dir",
    ])
    .arg(tiny_model())
    .arg("--out")
    .arg(out)
    .arg(input);
    c
}

/// (line → number of rows with it, line → number of dead letters with it)
fn lake(out: &Path) -> (BTreeMap<u64, usize>, BTreeMap<u64, usize>) {
    let (mut rows, mut dead) = (BTreeMap::new(), BTreeMap::new());
    for p in files(out) {
        let name = p.to_string_lossy().into_owned();
        if p.extension().is_some_and(|e| e == "parquet") {
            for b in read_parquet(&p) {
                let offs = b
                    .column_by_name("source_offset")
                    .unwrap()
                    .as_any()
                    .downcast_ref::<UInt64Array>()
                    .unwrap();
                for i in 0..offs.len() {
                    *rows.entry(offs.value(i)).or_default() += 1;
                }
            }
        } else if name.contains("_dead_letter/") && name.ends_with(".jsonl") {
            for l in std::fs::read_to_string(&p).unwrap().lines() {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                *dead.entry(v["offset"].as_u64().unwrap()).or_default() += 1;
            }
        }
    }
    (rows, dead)
}

fn manifests(out: &Path) -> usize {
    let dir = out.join("_manifest");
    if !dir.exists() {
        return 0;
    }
    files(&dir)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .count()
}

#[test]
fn kill_9_at_several_points_then_rerun_gives_each_record_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, n) = make_input(tmp.path());
    let reference = tmp.path().join("reference");
    let out = run_ok(&mut backfill(&input, &reference));
    let (r, w, d) = summary(&out);
    assert_eq!((r, w + d), (n as u64, n as u64));
    let (ref_rows, ref_dead) = lake(&reference);
    assert!(ref_rows.values().all(|&c| c == 1) && ref_dead.values().all(|&c| c == 1));
    assert_eq!(ref_rows.len() + ref_dead.len(), n);

    // Kill after 0 (mid first chunk), 3 and 9 finished chunks.
    for kill_after in [0usize, 3, 9] {
        let out_dir = tmp.path().join(format!("killed-{kill_after}"));
        let mut child = backfill(&input, &out_dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let t = Instant::now();
        loop {
            let done = manifests(&out_dir);
            if (kill_after == 0 && out_dir.join("_dead_letter").exists()
                || kill_after > 0 && done >= kill_after)
                || t.elapsed() > Duration::from_secs(60)
            {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        let _ = child.wait();
        let finished_before = manifests(&out_dir);
        assert!(
            finished_before < 12,
            "the kill at {kill_after} came too late to test anything"
        );
        let out = run_ok(&mut backfill(&input, &out_dir));
        let (read, written, dead) = summary(&out);
        let skipped: u64 = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .find_map(|w| w.strip_prefix("skipped=").and_then(|v| v.parse().ok()))
            .unwrap();
        assert_eq!(read, written + dead);
        assert_eq!(
            read + skipped,
            n as u64,
            "every record read once across the runs"
        );
        assert_eq!(
            skipped as usize,
            finished_before * 200,
            "finished chunks are skipped"
        );
        let (rows, dl) = lake(&out_dir);
        assert_eq!(
            rows, ref_rows,
            "kill at {kill_after}: rows must match an uninterrupted run, each once"
        );
        assert_eq!(dl, ref_dead, "kill at {kill_after}: dead letters too");
    }
}

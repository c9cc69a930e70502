//! medsent benchmarks (not tests: nothing here asserts a speed).
//!
//! `medsent-bench [--records N] [--batch B] [--threads T] [--append]`
//!   1. generates N synthetic notes (fixtures/synth, seed 42),
//!   2. de-identification MB/s on one core (the `deid` crate directly),
//!   3. bare model throughput at batch B (the `infer` engine on the de-identified texts),
//!   4. the whole `medsent backfill` (release binary) on the same file, with its per-stage report,
//!
//! then prints a Markdown table and, with --append, adds it to bench/RESULTS.md.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Args {
    records: usize,
    batch: usize,
    threads: usize,
    append: bool,
    deid_only: bool,
}

fn parse() -> Args {
    let mut a = Args {
        records: 2000,
        batch: 32,
        threads: 0,
        append: false,
        deid_only: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut num = || {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{x} needs a number"))
        };
        match x.as_str() {
            "--records" => a.records = num(),
            "--batch" => a.batch = num(),
            "--threads" => a.threads = num(),
            "--append" => a.append = true,
            "--deid-only" => a.deid_only = true,
            _ => panic!("unknown argument {x}"),
        }
    }
    if a.threads == 0 {
        a.threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
    }
    a
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn sh(cmd: &str) -> String {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn main() {
    let a = parse();
    let dir = root().join("bench/out");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join(format!("notes-{}.jsonl", a.records));
    let key = "bench-secret-0123456789abcdef";

    // 1. corpus
    let mut g = synth::Generator::new(42, synth::Split::Dev);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    let mut records = Vec::with_capacity(a.records);
    for _ in 0..a.records {
        let n = g.note();
        serde_json::to_writer(&mut f, &n.record).unwrap();
        f.write_all(b"\n").unwrap();
        records.push(ingest::Record::from_json(&n.record.to_string()).unwrap());
    }
    f.flush().unwrap();
    let text_bytes: usize = records.iter().map(|r| r.text.len()).sum();

    // 2. de-identification, one thread
    let engine = deid::Deidentifier::new(&deid::DeidConfig {
        secret: key.as_bytes().to_vec(),
        max_shift_days: 365,
        lone_names: true,
        operators: Default::default(),
    })
    .unwrap();
    let seeds: Vec<Vec<deid::Seed>> = records.iter().map(seeds_of).collect();
    // Best of three passes: one core of a shared VM wanders by ±30%.
    let mut deid_s = f64::INFINITY;
    let mut clean = Vec::with_capacity(records.len());
    for _ in 0..3 {
        clean.clear();
        let t = Instant::now();
        for (r, s) in records.iter().zip(&seeds) {
            let sub = deid::Subject {
                patient_id: &r.patient_id,
                reference_year: 2024,
                seeds: s,
            };
            clean.push(engine.redact(&r.text, &sub).text);
        }
        deid_s = deid_s.min(t.elapsed().as_secs_f64());
    }
    let deid_mbs = text_bytes as f64 / 1e6 / deid_s;

    if a.deid_only {
        println!(
            "de-identification, 1 thread (best of 3 passes): {:.1} MB/s ({:.0} records/s, {} records, {:.2} MB)",
            deid_mbs,
            records.len() as f64 / deid_s,
            records.len(),
            text_bytes as f64 / 1e6
        );
        return;
    }

    // 3. bare model at the same batch size
    let ort = std::fs::read_to_string(root().join(".medsent/ort-lib-path"))
        .expect("run scripts/setup.sh");
    let eng = infer::Engine::load(infer::EngineConfig {
        model_dir: root().join("models/minilm-sentiment"),
        ort_lib: PathBuf::from(ort.trim()),
        device: infer::Device::Cpu,
        instances: 1,
        intra_threads: a.threads,
        batch: infer::BatchConfig {
            max_batch_size: a.batch,
            max_batch_tokens: a.batch * 256,
            max_queue_windows: 4096,
            max_queue_delay: None,
        },
    })
    .unwrap();
    let encoded: Vec<infer::Encoded> = clean.iter().map(|t| eng.encode(t).unwrap()).collect();
    let windows: usize = encoded.iter().map(|e| e.windows.len()).sum();
    let t = Instant::now();
    let pend: Vec<_> = encoded
        .into_iter()
        .map(|e| eng.submit(e, infer::Priority::Bulk).unwrap())
        .collect();
    for p in pend {
        p.wait().unwrap();
    }
    let model_s = t.elapsed().as_secs_f64();
    let st = eng.stats();
    let padded = st.padded_tokens.load(std::sync::atomic::Ordering::Relaxed);
    let real = st.tokens.load(std::sync::atomic::Ordering::Relaxed);
    drop(eng);

    // 4. the whole backfill through the release binary
    let bin = root().join("target/release/medsent");
    assert!(
        bin.exists(),
        "build it first: cargo build --release --bin medsent"
    );
    let out = dir.join("lake");
    let _ = std::fs::remove_dir_all(&out);
    let report = dir.join("report.json");
    let st = std::process::Command::new(&bin)
        .args([
            "backfill",
            "--no-progress",
            "--max-batch-size",
            &a.batch.to_string(),
        ])
        .args([
            "--intra-threads",
            &a.threads.to_string(),
            "--deid-threads",
            &a.threads.to_string(),
        ])
        .arg("--out")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg(&input)
        .env("MEDSENT_HMAC_KEY", key)
        .env("MEDSENT_LOG", "warn")
        .status()
        .unwrap();
    assert!(st.success());
    let rep: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();

    let cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2");
    let commit = sh("git rev-parse --short HEAD");
    let f2 = |v: &serde_json::Value| v.as_f64().unwrap_or(0.0);
    let ss = &rep["stage_seconds"];
    let table = format!(
        "\n### {date} · commit {commit} · {cpu} · {cores} cores · {threads} threads\n\n\
         Command: `cargo run --release -p medsent-bench -- --records {n} --batch {b} --threads {threads}`\n\n\
         | measure | value |\n|---|---|\n\
         | records (synthetic, seed 42) | {n} ({mb:.2} MB of note text, {windows} windows of ≤128 tokens) |\n\
         | de-identification, 1 thread | {deid_mbs:.1} MB/s ({drs:.0} records/s) |\n\
         | bare model, batch {b} | {mrs:.1} records/s, {mws:.1} windows/s (padding {pad:.0}% of tokens) |\n\
         | `medsent backfill` end to end | {brs:.1} records/s in {bs:.1} s ({dead} dead letters) |\n\
         | backfill stage busy seconds | read {r:.2} · deid {d:.2} · tokenize {tk:.2} · model {m:.2} · write {w:.2} |\n\
         | backfill / bare model | {ratio:.2} |\n",
        date = chrono::Utc::now().format("%Y-%m-%d"),
        cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        threads = a.threads,
        n = a.records,
        b = a.batch,
        mb = text_bytes as f64 / 1e6,
        drs = records.len() as f64 / deid_s,
        mrs = records.len() as f64 / model_s,
        mws = windows as f64 / model_s,
        pad = 100.0 * (padded - real) as f64 / padded.max(1) as f64,
        brs = f2(&rep["records_per_second"]),
        bs = f2(&rep["seconds"]),
        dead = rep["dead_lettered"],
        r = f2(&ss["read"]),
        d = f2(&ss["deid"]),
        tk = f2(&ss["tokenize"]),
        m = f2(&ss["model"]),
        w = f2(&ss["write"]),
        ratio = f2(&rep["records_per_second"]) / (records.len() as f64 / model_s),
    );
    println!("{table}");
    if a.append {
        let p = root().join("bench/RESULTS.md");
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&p)
            .unwrap();
        f.write_all(table.as_bytes()).unwrap();
        eprintln!("appended to {}", p.display());
    }
    let _ = remove(&input);
}

fn remove(p: &Path) -> std::io::Result<()> {
    std::fs::remove_file(p)
}

fn seeds_of(r: &ingest::Record) -> Vec<deid::Seed> {
    let Some(d) = &r.demographics else {
        return Vec::new();
    };
    use deid::PhiKind::*;
    [
        (Name, &d.name),
        (Address, &d.address),
        (Location, &d.city),
        (Zip, &d.zip),
        (Phone, &d.phone),
        (Email, &d.email),
        (Mrn, &d.mrn),
        (Ssn, &d.ssn),
    ]
    .into_iter()
    .filter_map(|(kind, v)| {
        v.as_ref().map(|v| deid::Seed {
            kind,
            value: v.clone(),
        })
    })
    .collect()
}

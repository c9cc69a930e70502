//! `medsent-engine-bench --model-dir DIR --ort-lib LIB [--device cpu|cuda:0] [--seq 64,128,256,512]
//!                       [--caps 16,32,64,128,256] [--requests N] [--instances I] [--intra-threads T]`
//!
//! Throughput and latency of the inference engine alone (batcher + ONNX Runtime), on fixed-length windows
//! of random token ids, so runs are comparable across devices and with the Python reference
//! (`bench/gpu_reference.py`). For each sequence length and batch cap: all N requests are submitted at
//! once (queue depth N), and the table gives sequences/s and the per-request latency percentiles (which
//! include queueing); then a batch-1 latency row (one request at a time).

use infer::{BatchConfig, Device, Encoded, Engine, EngineConfig, Priority, Window};
use std::path::PathBuf;
use std::time::Instant;

fn list(s: &str) -> Vec<usize> {
    s.split(',')
        .map(|x| x.trim().parse().expect("number list"))
        .collect()
}

fn pct(v: &[f64], p: f64) -> f64 {
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let mut model = PathBuf::from("models/minilm-sentiment");
    let mut ort = None;
    let mut device = "cpu".to_owned();
    let (mut seqs, mut caps) = (vec![64, 128, 256, 512], vec![16, 32, 64, 128, 256]);
    let (mut requests, mut instances, mut threads) = (0usize, 1usize, 0usize);
    let mut depths: Vec<usize> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut v = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--model-dir" => model = v().into(),
            "--ort-lib" => ort = Some(PathBuf::from(v())),
            "--device" => device = v(),
            "--seq" => seqs = list(&v()),
            "--caps" => caps = list(&v()),
            "--requests" => requests = v().parse().unwrap(),
            "--instances" => instances = v().parse().unwrap(),
            "--intra-threads" => threads = v().parse().unwrap(),
            "--depths" => depths = list(&v()),
            _ => panic!("unknown argument {a}"),
        }
    }
    let ort = ort
        .or_else(|| std::env::var_os("ORT_DYLIB_PATH").map(PathBuf::from))
        .expect("--ort-lib or ORT_DYLIB_PATH");
    let device: Device = device.parse().unwrap();
    if threads == 0 {
        threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
    }
    if !depths.is_empty() {
        return depth_sweep(
            &model,
            &ort,
            device,
            instances,
            threads,
            seqs[0],
            caps[0],
            requests.max(64),
            &depths,
        );
    }
    println!(
        "| device | seq | batch cap | requests | seq/s | p50 ms | p95 ms | p99 ms | batch-1 p50 ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut rng = 0x1234_5678_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for &seq in &seqs {
        // Random ids from the ordinary vocabulary range, [CLS] … [SEP].
        let window =
            |next: &mut dyn FnMut() -> u64| fixed_window(seq, |_| 1000 + (next() % 28000) as i64);
        for &cap in &caps {
            let e = load(&model, &ort, device, instances, threads, seq, cap);
            let n = if requests > 0 {
                requests
            } else {
                (cap * 8).max(256)
            };
            // Warm-up: one full batch.
            let warm: Vec<_> = (0..cap)
                .map(|_| e.submit(window(&mut next), Priority::Bulk).unwrap())
                .collect();
            warm.into_iter().for_each(|p| drop(p.wait().unwrap()));
            let inputs: Vec<Encoded> = (0..n).map(|_| window(&mut next)).collect();
            let t0 = Instant::now();
            let pend: Vec<_> = inputs
                .into_iter()
                .map(|w| (Instant::now(), e.submit(w, Priority::Bulk).unwrap()))
                .collect();
            let mut lat: Vec<f64> = pend
                .into_iter()
                .map(|(t, p)| {
                    p.wait().unwrap();
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            let secs = t0.elapsed().as_secs_f64();
            lat.sort_by(|a, b| a.total_cmp(b));
            let mut one: Vec<f64> = (0..50)
                .map(|_| {
                    let t = Instant::now();
                    e.submit(window(&mut next), Priority::Interactive)
                        .unwrap()
                        .wait()
                        .unwrap();
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            one.sort_by(|a, b| a.total_cmp(b));
            println!(
                "| {} | {seq} | {cap} | {n} | {:.0} | {:.1} | {:.1} | {:.1} | {:.2} |",
                e.device(),
                n as f64 / secs,
                pct(&lat, 0.5),
                pct(&lat, 0.95),
                pct(&lat, 0.99),
                pct(&one, 0.5)
            );
        }
    }
}

/// Throughput against queue depth: at most `depth` requests outstanding
/// (closed loop), fixed sequence length and batch cap.
#[allow(clippy::too_many_arguments)]
fn depth_sweep(
    model: &std::path::Path,
    ort: &std::path::Path,
    device: Device,
    instances: usize,
    threads: usize,
    seq: usize,
    cap: usize,
    n: usize,
    depths: &[usize],
) {
    let e = load(model, ort, device, instances, threads, seq, cap);
    let window = |i: usize| fixed_window(seq, |j| 1000 + ((i * 7919 + j * 104_729) % 28000) as i64);
    println!(
        "| device | seq | batch cap | queue depth | requests | seq/s | mean windows a run | p50 ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for &d in depths {
        let runs0 = e.stats().runs.load(std::sync::atomic::Ordering::Relaxed);
        let t0 = Instant::now();
        let mut inflight = std::collections::VecDeque::new();
        let mut lat = Vec::with_capacity(n);
        for i in 0..n {
            if inflight.len() >= d {
                let (t, p): (Instant, infer::Pending) = inflight.pop_front().unwrap();
                p.wait().unwrap();
                lat.push(t.elapsed().as_secs_f64() * 1e3);
            }
            inflight.push_back((Instant::now(), e.submit(window(i), Priority::Bulk).unwrap()));
        }
        for (t, p) in inflight {
            p.wait().unwrap();
            lat.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let secs = t0.elapsed().as_secs_f64();
        let runs = e.stats().runs.load(std::sync::atomic::Ordering::Relaxed) - runs0;
        lat.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| {} | {seq} | {cap} | {d} | {n} | {:.1} | {:.1} | {:.1} |",
            e.device(),
            n as f64 / secs,
            n as f64 / runs.max(1) as f64,
            pct(&lat, 0.5)
        );
    }
}

/// An engine whose batches hold `cap` windows of `seq` tokens, with an unbounded queue.
fn load(
    model: &std::path::Path,
    ort: &std::path::Path,
    device: Device,
    instances: usize,
    threads: usize,
    seq: usize,
    cap: usize,
) -> Engine {
    Engine::load(EngineConfig {
        model_dir: model.to_owned(),
        ort_lib: ort.to_owned(),
        device,
        instances,
        intra_threads: threads,
        batch: BatchConfig {
            max_batch_size: cap,
            max_batch_tokens: cap * seq,
            max_queue_windows: 1 << 20,
            max_queue_delay: None,
        },
    })
    .expect("engine")
}

/// One window of exactly `seq` tokens: [CLS], `seq - 2` ids from `id(position)`, [SEP].
fn fixed_window(seq: usize, mut id: impl FnMut(usize) -> i64) -> Encoded {
    let mut ids = vec![101i64];
    ids.extend((0..seq - 2).map(&mut id));
    ids.push(102);
    Encoded {
        windows: vec![Window {
            ids,
            weight: (seq - 2) as u32,
        }],
        tokens: seq - 2,
        generation: 0,
    }
}

//! `medsent-load URL [--concurrency 1,16,64] [--seconds 10] [--warmup 2] [--label NAME] [--token T]`
//!
//! A closed-loop HTTP load generator: C workers each send `POST URL` with a
//! `{"text": …}` body (short synthetic clinical notes) back to back. Prints
//! one Markdown row per concurrency: requests/s, p50/p95/p99 latency, errors.

use std::time::{Duration, Instant};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let url = args.next().expect("usage: medsent-load URL [options]");
    let (mut conc, mut secs, mut warm, mut label, mut token) = (
        vec![1usize, 16, 64],
        10u64,
        2u64,
        String::from("target"),
        None,
    );
    while let Some(a) = args.next() {
        let mut v = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--concurrency" => conc = v().split(',').map(|x| x.parse().unwrap()).collect(),
            "--seconds" => secs = v().parse().unwrap(),
            "--warmup" => warm = v().parse().unwrap(),
            "--label" => label = v(),
            "--token" => token = Some(v()),
            _ => panic!("unknown argument {a}"),
        }
    }
    // Short notes: the paper's workload is sentence-level sentiment.
    let mut g = synth::Generator::new(99, synth::Split::Dev);
    let texts: Vec<String> = (0..256)
        .map(|_| {
            let t = g.note().text;
            let cut = t.char_indices().nth(200).map_or(t.len(), |(i, _)| i);
            t[..cut].to_owned()
        })
        .collect();
    // reqwest has rustls without a bundled provider in this workspace (the S3 client's
    // feature); plain-HTTP load needs none, but the client builder wants one installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    for &c in &conc {
        let deadline_warm = Instant::now() + Duration::from_secs(warm);
        let deadline = deadline_warm + Duration::from_secs(secs);
        let mut tasks = Vec::new();
        for w in 0..c {
            let (client, url, texts, token) =
                (client.clone(), url.clone(), texts.clone(), token.clone());
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                let mut errors = 0u64;
                let mut i = w;
                while Instant::now() < deadline {
                    let body = serde_json::json!({ "text": texts[i % texts.len()] });
                    i += 7;
                    let t = Instant::now();
                    let mut req = client.post(&url).json(&body);
                    if let Some(tok) = &token {
                        req = req.bearer_auth(tok);
                    }
                    let ok = match req.send().await {
                        Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                        Err(_) => false,
                    };
                    if t >= deadline_warm {
                        if ok {
                            lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        } else {
                            errors += 1;
                        }
                    }
                }
                (lat, errors)
            }));
        }
        let mut all = Vec::new();
        let mut errors = 0;
        for t in tasks {
            let (l, e) = t.await.unwrap();
            all.extend(l);
            errors += e;
        }
        all.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| {label} | {c} | {:.1} | {:.1} | {:.1} | {:.1} | {errors} |",
            all.len() as f64 / secs as f64,
            percentile(&all, 0.5),
            percentile(&all, 0.95),
            percentile(&all, 0.99)
        );
    }
}

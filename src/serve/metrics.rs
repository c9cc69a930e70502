//! Prometheus text exposition, by hand: request counters and latency
//! histograms per route, plus gauges and counters read from the engine.
//! Labels are route templates and status codes only: never request content.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Default)]
struct Hist {
    buckets: [u64; LATENCY_BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Hist>>,
    pub rejected_queue_full: AtomicU64,
    pub phi: Mutex<BTreeMap<&'static str, u64>>,
}

impl Metrics {
    pub fn observe(&self, route: &str, status: u16, seconds: f64) {
        let mut r = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        *r.entry((route.to_owned(), status)).or_default() += 1;
        drop(r);
        let mut l = self.latency.lock().unwrap_or_else(|p| p.into_inner());
        let h = l.entry(route.to_owned()).or_default();
        for (i, b) in LATENCY_BUCKETS.iter().enumerate() {
            if seconds <= *b {
                h.buckets[i] += 1;
            }
        }
        h.count += 1;
        h.sum += seconds;
    }

    pub fn add_phi(&self, counts: &deid::PhiCounts) {
        let mut m = self.phi.lock().unwrap_or_else(|p| p.into_inner());
        for (k, n) in counts.iter().filter(|(_, n)| *n > 0) {
            *m.entry(k.name()).or_default() += u64::from(n);
        }
    }

    pub fn render(&self, engine: Option<&infer::Engine>, ready: bool) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# HELP medsent_http_requests_total HTTP requests by route template and status."
        );
        let _ = writeln!(s, "# TYPE medsent_http_requests_total counter");
        for ((route, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let _ = writeln!(
                s,
                "medsent_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        let _ = writeln!(
            s,
            "# HELP medsent_http_request_duration_seconds Request latency by route template."
        );
        let _ = writeln!(s, "# TYPE medsent_http_request_duration_seconds histogram");
        for (route, h) in self
            .latency
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            for (i, b) in LATENCY_BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "medsent_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}",
                    h.buckets[i]
                );
            }
            let _ = writeln!(
                s,
                "medsent_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                s,
                "medsent_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                s,
                "medsent_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        let _ = writeln!(
            s,
            "# HELP medsent_rejected_queue_full_total Requests refused with 429 because the inference queue was full."
        );
        let _ = writeln!(s, "# TYPE medsent_rejected_queue_full_total counter");
        let _ = writeln!(
            s,
            "medsent_rejected_queue_full_total {}",
            self.rejected_queue_full.load(Relaxed)
        );
        let _ = writeln!(
            s,
            "# HELP medsent_phi_detected_total PHI spans removed, by kind."
        );
        let _ = writeln!(s, "# TYPE medsent_phi_detected_total counter");
        for (k, n) in self.phi.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let _ = writeln!(s, "medsent_phi_detected_total{{kind=\"{k}\"}} {n}");
        }
        let _ = writeln!(
            s,
            "# HELP medsent_model_ready 1 when the model is loaded and serving."
        );
        let _ = writeln!(s, "# TYPE medsent_model_ready gauge");
        let _ = writeln!(s, "medsent_model_ready {}", u8::from(ready));
        if let Some(e) = engine {
            let q = e.queue_stats();
            let st = e.stats();
            let _ = writeln!(
                s,
                "# HELP medsent_queue_windows Windows waiting in the inference queue."
            );
            let _ = writeln!(s, "# TYPE medsent_queue_windows gauge");
            let _ = writeln!(s, "medsent_queue_windows {}", q.queued_windows);
            let _ = writeln!(
                s,
                "# HELP medsent_queue_requests Requests waiting in the inference queue."
            );
            let _ = writeln!(s, "# TYPE medsent_queue_requests gauge");
            let _ = writeln!(s, "medsent_queue_requests {}", q.queued_requests);
            let _ = writeln!(s, "# HELP medsent_batch_size Windows per model run.");
            let _ = writeln!(s, "# TYPE medsent_batch_size histogram");
            let mut cum = 0;
            for (i, b) in infer::BATCH_BUCKETS.iter().enumerate() {
                cum += st.batch_sizes[i].load(Relaxed);
                let _ = writeln!(s, "medsent_batch_size_bucket{{le=\"{b}\"}} {cum}");
            }
            cum += st.batch_sizes[infer::BATCH_BUCKETS.len()].load(Relaxed);
            let _ = writeln!(s, "medsent_batch_size_bucket{{le=\"+Inf\"}} {cum}");
            let _ = writeln!(s, "medsent_batch_size_sum {}", st.windows.load(Relaxed));
            let _ = writeln!(s, "medsent_batch_size_count {}", st.runs.load(Relaxed));
            let _ = writeln!(
                s,
                "# HELP medsent_model_seconds_total Time spent in model runs."
            );
            let _ = writeln!(s, "# TYPE medsent_model_seconds_total counter");
            let _ = writeln!(
                s,
                "medsent_model_seconds_total {}",
                st.model_nanos.load(Relaxed) as f64 / 1e9
            );
            let _ = writeln!(
                s,
                "# HELP medsent_padded_tokens_total Tokens fed to the model including padding."
            );
            let _ = writeln!(s, "# TYPE medsent_padded_tokens_total counter");
            let _ = writeln!(
                s,
                "medsent_padded_tokens_total {}",
                st.padded_tokens.load(Relaxed)
            );
        }
        s
    }
}

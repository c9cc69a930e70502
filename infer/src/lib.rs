//! medsent inference.
//!
//! [`Engine`] loads a model directory (`model.onnx`, `tokenizer.json`,
//! `model.toml`), starts one worker thread per model instance, and serves
//! predictions through a shared queue-depth batcher: whenever an instance is
//! free it takes everything waiting (interactive first) up to the batch caps,
//! sorts the windows by length and runs them in as few padded runs as the
//! token cap allows. Notes longer than the model's window are split into
//! overlapping windows whose probabilities are averaged, weighted by each
//! window's content tokens.
//!
//! Inputs are de-identified text; still, no text is ever logged or put into
//! an error.

mod batcher;
mod model;
mod runtime;
mod tokenize;

pub use batcher::{BatchConfig, Priority, QueueStats};
pub use model::{ModelDir, ModelSpec};
pub use runtime::Device;
pub use tokenize::{Encoded, Encoder, Window};

use batcher::{Job, Queue};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::Instant;
use tokio::sync::oneshot;

#[derive(Debug, Clone, thiserror::Error)]
pub enum InferError {
    #[error("model: {0}")]
    Model(String),
    #[error("runtime: {0}")]
    Runtime(String),
    #[error("text could not be tokenised")]
    Tokenize,
    #[error("inference queue is full")]
    QueueFull,
    #[error("inference engine is shut down")]
    Closed,
    #[error("the model was reloaded after this input was encoded; encode it again")]
    Stale,
}

#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub model_dir: PathBuf,
    /// Path of the ONNX Runtime shared library (`libonnxruntime.so.*`).
    pub ort_lib: PathBuf,
    pub device: Device,
    /// Model instances (sessions), each with its own worker thread.
    pub instances: usize,
    /// ONNX Runtime intra-op threads per instance.
    pub intra_threads: usize,
    pub batch: BatchConfig,
}

/// A sentiment prediction for one note.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub label: Arc<str>,
    /// Probability of `label`.
    pub score: f32,
    /// Probability of the model's positive label.
    pub positive: f32,
    /// Class probabilities in label order.
    pub probs: Vec<f32>,
    /// Windows the note was split into.
    pub windows: u32,
    /// Version of the model that made this prediction.
    pub model_version: Arc<str>,
}

/// Cumulative work counters, for metrics and benchmarks.
#[derive(Debug, Default)]
pub struct EngineStats {
    pub runs: AtomicU64,
    pub windows: AtomicU64,
    pub tokens: AtomicU64,
    pub padded_tokens: AtomicU64,
    pub model_nanos: AtomicU64,
    /// Model runs by batch size (windows): counts for sizes ≤ 1, 2, 4, … 512, and above.
    pub batch_sizes: [AtomicU64; BATCH_BUCKETS.len() + 1],
}

/// Upper bounds of the batch-size histogram buckets.
pub const BATCH_BUCKETS: [u64; 10] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

/// One loaded model version: its tokeniser, its queue and the worker
/// threads (one session each) that serve the queue. Dropping the last
/// handle closes the queue; the workers finish what is queued, then exit.
struct Loaded {
    generation: u64,
    queue: Arc<Queue>,
    encoder: Encoder,
    spec: Arc<ModelSpec>,
    device: Device,
}

impl Drop for Loaded {
    fn drop(&mut self) {
        self.queue.close();
    }
}

/// The inference engine. `reload` swaps in a new model version without
/// dropping requests: work already queued finishes on the version it was
/// queued for, and every [`Prediction`] says which version made it.
pub struct Engine {
    cfg: EngineConfig,
    current: std::sync::RwLock<Arc<Loaded>>,
    stats: Arc<EngineStats>,
    generations: AtomicU64,
    reloading: std::sync::Mutex<()>,
    /// Worker threads of every version loaded so far (joined on drop).
    workers: std::sync::Mutex<Vec<JoinHandle<()>>>,
}

/// A submitted request. `wait()` blocks; `.await` suspends.
pub struct Pending(oneshot::Receiver<Result<Prediction, InferError>>);

impl Pending {
    pub fn wait(self) -> Result<Prediction, InferError> {
        self.0.blocking_recv().unwrap_or(Err(InferError::Closed))
    }
}

impl Future for Pending {
    type Output = Result<Prediction, InferError>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0)
            .poll(cx)
            .map(|r| r.unwrap_or(Err(InferError::Closed)))
    }
}

impl Engine {
    pub fn load(cfg: EngineConfig) -> Result<Engine, InferError> {
        let stats = Arc::new(EngineStats::default());
        let mut workers = Vec::new();
        let loaded = Self::build(&cfg, &cfg.model_dir, 1, &stats, &mut workers)?;
        Ok(Engine {
            cfg,
            current: std::sync::RwLock::new(Arc::new(loaded)),
            stats,
            generations: AtomicU64::new(1),
            reloading: std::sync::Mutex::new(()),
            workers: std::sync::Mutex::new(workers),
        })
    }

    fn build(
        cfg: &EngineConfig,
        model_dir: &std::path::Path,
        generation: u64,
        stats: &Arc<EngineStats>,
        workers: &mut Vec<JoinHandle<()>>,
    ) -> Result<Loaded, InferError> {
        let dir = ModelDir::open(model_dir)?;
        let encoder = Encoder::new(&dir.path.join("tokenizer.json"), &dir.spec)?;
        let env = runtime::environment(&cfg.ort_lib)?;
        let queue = Queue::new(cfg.batch.clone());
        let mut device = cfg.device;
        let mut sessions = Vec::new();
        // Build every session before starting any worker: a failure leaves nothing behind.
        for _ in 0..cfg.instances.max(1) {
            let (session, used) =
                runtime::session(env, &dir.path.join("model.onnx"), device, cfg.intra_threads)?;
            // Once auto has chosen, every instance uses the same device.
            device = used;
            let names: Vec<String> = session
                .inputs()
                .iter()
                .map(|o| o.name().to_owned())
                .collect();
            for want in dir.spec.inputs.iter().take(2) {
                if !names.contains(want) {
                    return Err(InferError::Model(format!(
                        "model has no input `{want}` (has {names:?})"
                    )));
                }
            }
            sessions.push((session, names.iter().any(|n| n == "token_type_ids")));
        }
        let n = sessions.len();
        for (i, (session, token_types)) in sessions.into_iter().enumerate() {
            let w = Worker {
                session,
                queue: queue.clone(),
                spec: dir.spec.clone(),
                version: dir.spec.version.as_str().into(),
                stats: stats.clone(),
                token_types,
            };
            workers.push(
                std::thread::Builder::new()
                    .name(format!("infer-{generation}-{i}"))
                    .spawn(move || w.run())
                    .map_err(|e| InferError::Runtime(format!("cannot start worker: {e}")))?,
            );
        }
        tracing::info!(model = %dir.spec.name, version = %dir.spec.version, %device, instances = n, "model loaded");
        Ok(Loaded {
            generation,
            queue,
            encoder,
            spec: dir.spec,
            device,
        })
    }

    fn current(&self) -> Arc<Loaded> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Loads the model directory again (or `dir`, if given) and swaps it in.
    /// Requests queued before the swap finish on the old version; new ones
    /// go to the new version. On error the old version keeps serving.
    pub fn reload(&self, dir: Option<&std::path::Path>) -> Result<Arc<ModelSpec>, InferError> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|p| p.into_inner());
        let generation = self.generations.fetch_add(1, Ordering::Relaxed) + 1;
        let mut started = Vec::new();
        let loaded = Self::build(
            &self.cfg,
            dir.unwrap_or(&self.cfg.model_dir),
            generation,
            &self.stats,
            &mut started,
        )?;
        let spec = loaded.spec.clone();
        let old = std::mem::replace(
            &mut *self.current.write().unwrap_or_else(|p| p.into_inner()),
            Arc::new(loaded),
        );
        tracing::info!(from = %old.spec.version, to = %spec.version, "model reloaded");
        drop(old);
        let mut w = self.workers.lock().unwrap_or_else(|p| p.into_inner());
        w.retain(|h| !h.is_finished());
        w.extend(started);
        Ok(spec)
    }

    /// The current model's description.
    pub fn spec(&self) -> Arc<ModelSpec> {
        self.current().spec.clone()
    }

    pub fn device(&self) -> Device {
        self.current().device
    }

    pub fn stats(&self) -> &EngineStats {
        &self.stats
    }

    pub fn queue_stats(&self) -> QueueStats {
        self.current().queue.stats()
    }

    /// Tokenises a note into windows (CPU work: call it off async threads).
    pub fn encode(&self, text: &str) -> Result<Encoded, InferError> {
        let cur = self.current();
        let mut e = cur.encoder.encode(text)?;
        e.generation = cur.generation;
        Ok(e)
    }

    /// Queues an encoded note. Bulk work blocks while the queue is full;
    /// interactive work gets `QueueFull` instead.
    /// `Stale` means the model was reloaded since `enc` was made: encode again.
    pub fn submit(&self, enc: Encoded, priority: Priority) -> Result<Pending, InferError> {
        let cur = self.current();
        if enc.generation != 0 && enc.generation != cur.generation {
            return Err(InferError::Stale);
        }
        cur.queue.push(enc, priority).map(Pending)
    }

    /// Encodes, submits and waits for several notes (convenience for tests
    /// and tools; pipelines submit and wait separately to keep the queue full).
    pub fn predict(
        &self,
        texts: &[&str],
        priority: Priority,
    ) -> Result<Vec<Prediction>, InferError> {
        let pending: Vec<Pending> = texts
            .iter()
            .map(|t| self.submit(self.encode(t)?, priority))
            .collect::<Result<_, _>>()?;
        pending.into_iter().map(Pending::wait).collect()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .queue
            .close();
        let workers = std::mem::take(&mut *self.workers.lock().unwrap_or_else(|p| p.into_inner()));
        for w in workers {
            let _ = w.join();
        }
    }
}

struct Worker {
    session: ort::session::Session,
    queue: Arc<Queue>,
    spec: Arc<ModelSpec>,
    version: Arc<str>,
    stats: Arc<EngineStats>,
    token_types: bool,
}

impl Worker {
    fn run(mut self) {
        while let Some(jobs) = self.queue.take() {
            self.serve(jobs);
        }
    }

    fn serve(&mut self, jobs: Vec<Job>) {
        let mut refs: Vec<(usize, &Window)> = jobs
            .iter()
            .enumerate()
            .flat_map(|(j, job)| job.windows.iter().map(move |w| (j, w)))
            .collect();
        refs.sort_by_key(|(_, w)| w.ids.len());
        let lens: Vec<usize> = refs.iter().map(|(_, w)| w.ids.len()).collect();
        let labels = self.spec.labels.len();
        let mut probs = vec![0f32; refs.len() * labels];
        let mut failure = None;
        for run in batcher::plan_runs(&lens, &self.queue.cfg) {
            let windows: Vec<&Window> = refs[run.clone()].iter().map(|(_, w)| *w).collect();
            match self.run_model(&windows) {
                Ok(p) => probs[run.start * labels..run.end * labels].copy_from_slice(&p),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        // Aggregate per job: token-weighted mean of window probabilities.
        let mut sums = vec![vec![0f64; labels]; jobs.len()];
        let mut weights = vec![0f64; jobs.len()];
        for (i, (j, w)) in refs.iter().enumerate() {
            let wt = f64::from(w.weight);
            weights[*j] += wt;
            for (k, s) in sums[*j].iter_mut().enumerate() {
                *s += wt * f64::from(probs[i * labels + k]);
            }
        }
        let pos = self
            .spec
            .labels
            .iter()
            .position(|l| *l == self.spec.positive_label)
            .unwrap_or(1);
        for (j, job) in jobs.into_iter().enumerate() {
            let out = match &failure {
                Some(e) => Err(e.clone()),
                None => {
                    let p: Vec<f32> = sums[j]
                        .iter()
                        .map(|s| (s / weights[j].max(1e-9)) as f32)
                        .collect();
                    let (best, score) = p
                        .iter()
                        .copied()
                        .enumerate()
                        .fold((0, f32::MIN), |a, (i, v)| if v > a.1 { (i, v) } else { a });
                    Ok(Prediction {
                        label: self.spec.labels[best].as_str().into(),
                        score,
                        positive: p[pos],
                        windows: job.windows.len() as u32,
                        model_version: self.version.clone(),
                        probs: p,
                    })
                }
            };
            // The requester may have gone away (timeout); that is fine.
            let _ = job.reply.send(out);
        }
    }

    fn run_model(&mut self, windows: &[&Window]) -> Result<Vec<f32>, InferError> {
        let n = windows.len();
        let len = windows.iter().map(|w| w.ids.len()).max().unwrap_or(0);
        let mut ids = vec![0i64; n * len];
        let mut mask = vec![0i64; n * len];
        let mut real = 0u64;
        for (r, w) in windows.iter().enumerate() {
            ids[r * len..r * len + w.ids.len()].copy_from_slice(&w.ids);
            mask[r * len..r * len + w.ids.len()].fill(1);
            real += w.ids.len() as u64;
        }
        let rt = |e: ort::Error| InferError::Runtime(e.to_string());
        let shape = [n as i64, len as i64];
        let started = Instant::now();
        let mut inputs = vec![
            (
                self.spec.inputs[0].clone(),
                ort::value::Tensor::from_array((shape, ids))
                    .map_err(rt)?
                    .into_dyn(),
            ),
            (
                self.spec.inputs[1].clone(),
                ort::value::Tensor::from_array((shape, mask))
                    .map_err(rt)?
                    .into_dyn(),
            ),
        ];
        if self.token_types {
            let zeros = vec![0i64; n * len];
            inputs.push((
                "token_type_ids".into(),
                ort::value::Tensor::from_array((shape, zeros))
                    .map_err(rt)?
                    .into_dyn(),
            ));
        }
        let outputs = self.session.run(inputs).map_err(rt)?;
        let out = outputs.get(self.spec.output.as_str()).ok_or_else(|| {
            InferError::Model(format!("model has no output `{}`", self.spec.output))
        })?;
        let (oshape, logits) = out.try_extract_tensor::<f32>().map_err(rt)?;
        let labels = self.spec.labels.len();
        if oshape.len() != 2 || oshape[0] as usize != n || oshape[1] as usize != labels {
            return Err(InferError::Model(format!(
                "output shape {oshape:?}, expected [{n}, {labels}]"
            )));
        }
        let mut probs = Vec::with_capacity(n * labels);
        for row in logits.chunks_exact(labels) {
            let m = row.iter().copied().fold(f32::MIN, f32::max);
            let e: Vec<f32> = row.iter().map(|x| (x - m).exp()).collect();
            let s: f32 = e.iter().sum();
            probs.extend(e.iter().map(|x| x / s));
        }
        let st = &self.stats;
        st.runs.fetch_add(1, Ordering::Relaxed);
        st.windows.fetch_add(n as u64, Ordering::Relaxed);
        st.tokens.fetch_add(real, Ordering::Relaxed);
        st.padded_tokens
            .fetch_add((n * len) as u64, Ordering::Relaxed);
        st.model_nanos
            .fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        Ok(probs)
    }
}

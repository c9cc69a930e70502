//! Queue-depth dynamic batching, in the style of text-embeddings-inference
//! and Triton's dynamic batcher: requests queue while the model is busy; a
//! free model instance takes everything waiting up to `max_batch_size`
//! windows and `max_batch_tokens` padded tokens, interactive work first.

use crate::tokenize::{Encoded, Window};
use crate::{InferError, Prediction};
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Backfill and stream work: waits for room in the queue.
    Bulk,
    /// HTTP requests: served first; refused when the queue is full.
    Interactive,
}

#[derive(Debug, Clone)]
pub struct BatchConfig {
    /// Most windows in one model run.
    pub max_batch_size: usize,
    /// Most padded tokens (longest window × windows) in one model run.
    pub max_batch_tokens: usize,
    /// Most windows waiting in the queue.
    pub max_queue_windows: usize,
    /// If set, a free instance waits up to this long for a fuller batch.
    pub max_queue_delay: Option<Duration>,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig {
            max_batch_size: 32,
            max_batch_tokens: 32 * 128,
            max_queue_windows: 1024,
            max_queue_delay: None,
        }
    }
}

pub(crate) struct Job {
    pub windows: Vec<Window>,
    pub reply: oneshot::Sender<Result<Prediction, InferError>>,
    pub enqueued: Instant,
}

#[derive(Default)]
struct Queues {
    interactive: VecDeque<Job>,
    bulk: VecDeque<Job>,
    windows: usize,
    closed: bool,
}

pub(crate) struct Queue {
    q: Mutex<Queues>,
    work: Condvar,
    room: Condvar,
    pub cfg: BatchConfig,
}

/// Counters for metrics. Read with [`crate::Engine::stats`].
#[derive(Debug, Default, Clone, Copy)]
pub struct QueueStats {
    pub queued_windows: usize,
    pub queued_requests: usize,
}

impl Queue {
    pub fn new(cfg: BatchConfig) -> Arc<Queue> {
        Arc::new(Queue {
            q: Mutex::new(Queues::default()),
            work: Condvar::new(),
            room: Condvar::new(),
            cfg,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queues> {
        // A panic while holding this lock leaves only plain queue data behind.
        self.q.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn stats(&self) -> QueueStats {
        let q = self.lock();
        QueueStats {
            queued_windows: q.windows,
            queued_requests: q.interactive.len() + q.bulk.len(),
        }
    }

    pub fn push(
        &self,
        enc: Encoded,
        prio: Priority,
    ) -> Result<oneshot::Receiver<Result<Prediction, InferError>>, InferError> {
        let (tx, rx) = oneshot::channel();
        let n = enc.windows.len();
        let mut q = self.lock();
        loop {
            if q.closed {
                return Err(InferError::Closed);
            }
            // A request larger than the whole queue still gets in when the queue is empty.
            if q.windows + n <= self.cfg.max_queue_windows || q.windows == 0 {
                break;
            }
            match prio {
                Priority::Interactive => return Err(InferError::QueueFull),
                Priority::Bulk => q = self.room.wait(q).unwrap_or_else(|p| p.into_inner()),
            }
        }
        q.windows += n;
        let job = Job {
            windows: enc.windows,
            reply: tx,
            enqueued: Instant::now(),
        };
        match prio {
            Priority::Interactive => q.interactive.push_back(job),
            Priority::Bulk => q.bulk.push_back(job),
        }
        drop(q);
        self.work.notify_one();
        Ok(rx)
    }

    /// Blocks until there is work; returns None once closed and drained.
    pub fn take(&self) -> Option<Vec<Job>> {
        let mut q = self.lock();
        while q.interactive.is_empty() && q.bulk.is_empty() {
            if q.closed {
                return None;
            }
            q = self.work.wait(q).unwrap_or_else(|p| p.into_inner());
        }
        if let Some(delay) = self.cfg.max_queue_delay {
            let oldest = q
                .interactive
                .front()
                .or(q.bulk.front())
                .map(|j| j.enqueued)
                .unwrap_or_else(Instant::now);
            let deadline = oldest + delay;
            while q.windows < self.cfg.max_batch_size && !q.closed {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                q = self
                    .work
                    .wait_timeout(q, deadline - now)
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
        }
        let mut jobs = Vec::new();
        let (mut count, mut longest) = (0usize, 0usize);
        loop {
            let next = q.interactive.front().or(q.bulk.front());
            let Some(job) = next else { break };
            let n = job.windows.len();
            let l = job
                .windows
                .iter()
                .map(|w| w.ids.len())
                .max()
                .unwrap_or(0)
                .max(longest);
            let fits = count + n <= self.cfg.max_batch_size
                && l * (count + n) <= self.cfg.max_batch_tokens;
            if !jobs.is_empty() && !fits {
                break;
            }
            let job = if q.interactive.is_empty() {
                q.bulk.pop_front()
            } else {
                q.interactive.pop_front()
            };
            let Some(job) = job else { break };
            q.windows -= n;
            count += n;
            longest = l;
            jobs.push(job);
        }
        drop(q);
        self.room.notify_all();
        Some(jobs)
    }

    pub fn close(&self) {
        self.lock().closed = true;
        self.work.notify_all();
        self.room.notify_all();
    }
}

/// Splits windows (sorted by length) into runs that respect both caps.
/// Returns index ranges into `order`.
pub(crate) fn plan_runs(lens: &[usize], cfg: &BatchConfig) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for (i, &len) in lens.iter().enumerate() {
        let count = i - start + 1;
        if i > start && (count > cfg.max_batch_size || len * count > cfg.max_batch_tokens) {
            runs.push(start..i);
            start = i;
        }
    }
    if start < lens.len() {
        runs.push(start..lens.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(windows: usize, len: usize) -> Encoded {
        Encoded {
            windows: (0..windows)
                .map(|_| Window {
                    ids: vec![1; len],
                    weight: len as u32,
                })
                .collect(),
            tokens: windows * len,
            generation: 0,
        }
    }

    fn cfg(size: usize, tokens: usize, queue: usize) -> BatchConfig {
        BatchConfig {
            max_batch_size: size,
            max_batch_tokens: tokens,
            max_queue_windows: queue,
            max_queue_delay: None,
        }
    }

    #[test]
    fn interactive_goes_first_and_caps_hold() {
        let q = Queue::new(cfg(3, 1000, 100));
        let _b1 = q.push(enc(1, 10), Priority::Bulk).unwrap();
        let _b2 = q.push(enc(1, 10), Priority::Bulk).unwrap();
        let _i1 = q.push(enc(1, 20), Priority::Interactive).unwrap();
        let _b3 = q.push(enc(1, 10), Priority::Bulk).unwrap();
        let jobs = q.take().unwrap();
        let lens: Vec<usize> = jobs.iter().map(|j| j.windows[0].ids.len()).collect();
        assert_eq!(
            lens,
            vec![20, 10, 10],
            "interactive first, then bulk in order, at most 3"
        );
        assert_eq!(q.stats().queued_requests, 1);
    }

    #[test]
    fn token_cap_limits_a_batch_but_one_job_always_runs() {
        let q = Queue::new(cfg(64, 100, 1000));
        let _a = q.push(enc(2, 60), Priority::Bulk).unwrap(); // 120 padded tokens > cap
        let _b = q.push(enc(1, 10), Priority::Bulk).unwrap();
        assert_eq!(q.take().unwrap().len(), 1);
        assert_eq!(q.take().unwrap().len(), 1);
    }

    #[test]
    fn full_queue_refuses_interactive_and_blocks_bulk() {
        let q = Queue::new(cfg(8, 1000, 2));
        let _a = q.push(enc(2, 5), Priority::Bulk).unwrap();
        assert!(matches!(
            q.push(enc(1, 5), Priority::Interactive),
            Err(InferError::QueueFull)
        ));
        let q2 = q.clone();
        let t = std::thread::spawn(move || q2.push(enc(1, 5), Priority::Bulk).map(|_| ()));
        std::thread::sleep(Duration::from_millis(50));
        assert!(!t.is_finished(), "bulk push must wait for room");
        let _ = q.take().unwrap();
        assert!(t.join().unwrap().is_ok());
    }

    #[test]
    fn close_wakes_everyone() {
        let q = Queue::new(cfg(8, 1000, 8));
        let q2 = q.clone();
        let t = std::thread::spawn(move || q2.take().is_none());
        std::thread::sleep(Duration::from_millis(20));
        q.close();
        assert!(t.join().unwrap());
        assert!(matches!(
            q.push(enc(1, 5), Priority::Bulk),
            Err(InferError::Closed)
        ));
    }

    #[test]
    fn runs_respect_both_caps() {
        let lens = [5, 5, 5, 10, 10, 40];
        let runs = plan_runs(&lens, &cfg(3, 30, 0));
        assert_eq!(runs, vec![0..3, 3..5, 5..6]);
    }
}

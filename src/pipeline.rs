//! `medsent backfill`: files → read → de-identify → tokenise + batch + model
//! → Parquet segments. Stages are threads joined by bounded channels, so a
//! slow stage slows the ones before it and memory stays bounded.

use crate::cli::BackfillArgs;
use crate::config;
use crate::inputs::{self, Input, ReadSpec};
use crate::stages::{self, Clean};
use anyhow::{Context, Result, anyhow};
use infer::{Engine, Pending, Priority};
use ingest::{DeadLetter, Item, Position, ReasonCode, Rejection};
use rayon::prelude::*;
use serde::Serialize;
use sink::{DeadLetterRow, Lake, LakeConfig, Row, Segmenter};
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Instant;

/// Items per message between stages.
const CHUNK: usize = 256;
/// Messages buffered between two stages.
const DEPTH: usize = 4;

enum Staged {
    /// De-identified and tokenised (tokenising here spreads it over the pool:
    /// on a GPU a single tokenising thread starves the model).
    Clean(
        Position,
        Box<Clean>,
        Result<infer::Encoded, infer::InferError>,
    ),
    Dead(DeadLetter),
}

enum Out {
    Row(Position, Box<Row>),
    Dead(DeadLetter),
}

#[derive(Default)]
struct Timers {
    read: AtomicU64,
    deid: AtomicU64,
    tokenize: AtomicU64,
    write: AtomicU64,
}

fn add(t: &AtomicU64, since: Instant) {
    t.fetch_add(since.elapsed().as_nanos() as u64, Relaxed);
}

#[derive(Debug, Serialize)]
pub struct Report {
    /// Records processed by this run.
    pub read: u64,
    /// Records in input chunks an earlier run into this output had finished.
    pub skipped: u64,
    pub written: u64,
    pub dead_lettered: u64,
    pub seconds: f64,
    pub records_per_second: f64,
    pub input_bytes: u64,
    pub files: usize,
    pub output_bytes: u64,
    pub out: String,
    pub model: String,
    pub device: String,
    /// Busy seconds per stage (stages overlap, so these add up to more than `seconds`).
    pub stage_seconds: StageSeconds,
    pub windows: u64,
    pub padded_tokens: u64,
    pub real_tokens: u64,
    pub model_runs: u64,
}

#[derive(Debug, Serialize)]
pub struct StageSeconds {
    pub read: f64,
    pub deid: f64,
    pub tokenize: f64,
    pub model: f64,
    pub write: f64,
}

pub fn backfill(args: BackfillArgs) -> Result<()> {
    let started = Instant::now();
    let deid = Arc::new(config::deid_engine(&args.deid)?);
    let m = &args.model;
    let queue = (m.max_batch_size * m.instances.max(1) * 8).max(64);
    let engine = Arc::new(Engine::load(config::engine_config(m, queue, None)?)?);
    let s3 = args.s3.options();
    let lake = Lake::open(LakeConfig {
        s3: s3.clone(),
        phi_kinds: deid::PhiKind::ALL.iter().map(|k| k.name()).collect(),
        include_text: args.include_text,
        ..LakeConfig::new(args.out.clone())
    })?;
    // One runtime for all object-store I/O (the sink, s3:// inputs). Worker
    // threads drive the HTTP connections, so a pooled connection made for one
    // stage keeps working while another stage's thread waits on it.
    let rt = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("medsent-io")
            .enable_all()
            .build()?,
    );
    let timers = Arc::new(Timers::default());
    let spec = ReadSpec::from_opts(&args.input)?;
    let inputs = Arc::new(inputs::expand(&args.inputs, &spec, &s3, &rt)?);

    // Resume: chunks a previous run into this output finished are skipped.
    let plan = resume_plan(&rt, &lake, &inputs, args.input.chunk_lines)?;
    let skipped_chunks: usize = plan.values().map(|s| s.done.len()).sum();
    if skipped_chunks > 0 {
        tracing::info!(
            chunks = skipped_chunks,
            "resuming: skipping input chunks already in the output"
        );
    }
    let input_bytes: u64 = plan.values().map(|s| s.input_bytes).sum();
    let plan = Arc::new(plan);

    let (tx_read, rx_read) = sync_channel::<Vec<Item>>(DEPTH);
    let (tx_clean, rx_clean) = sync_channel::<Vec<Staged>>(DEPTH);
    let (tx_out, rx_out) = sync_channel::<Vec<Out>>(DEPTH);

    let reader = {
        let inputs = inputs.clone();
        let t = timers.clone();
        let plan = plan.clone();
        let rt = rt.clone();
        std::thread::Builder::new()
            .name("read".into())
            .spawn(move || read_stage(&inputs, &spec, &plan, tx_read, &t, &rt))?
    };
    let deid_stage = {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(config::threads(args.deid_threads))
            .thread_name(|i| format!("deid-{i}"))
            .build()?;
        let (d, e, t) = (deid.clone(), engine.clone(), timers.clone());
        std::thread::Builder::new()
            .name("deid".into())
            .spawn(move || deid_stage(&pool, &d, &e, rx_read, tx_clean, &t))?
    };
    let infer_stage = {
        let e = engine.clone();
        let include_text = args.include_text;
        let limit = (args.model.max_batch_size * args.model.instances.max(1) * 4).max(CHUNK);
        std::thread::Builder::new()
            .name("infer".into())
            .spawn(move || infer_stage(&e, rx_clean, tx_out, include_text, limit))?
    };

    let progress = (!args.no_progress && std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .then(|| {
            let pb = indicatif::ProgressBar::new_spinner();
            pb.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} {pos} records ({per_sec}) {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            pb
        });
    let sunk = sink_stage(
        &rt,
        &lake,
        rx_out,
        &timers,
        (args.segment_rows, args.segment_bytes),
        &plan,
        args.input.chunk_lines,
        progress.as_ref(),
    );
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    // Join every stage; the first error wins. A failed sink drops its
    // receiver, which unblocks and ends the stages before it.
    let read_res = reader.join().map_err(|_| anyhow!("read stage panicked"))?;
    let deid_res = deid_stage
        .join()
        .map_err(|_| anyhow!("deid stage panicked"));
    let infer_res = infer_stage
        .join()
        .map_err(|_| anyhow!("infer stage panicked"));
    let (written, dead, output_bytes) = sunk?;
    let (read, skipped) = read_res?;
    deid_res?;
    infer_res?;
    anyhow::ensure!(
        read == written + dead,
        "record accounting mismatch: read {read}, written {written}, dead-lettered {dead}"
    );

    let secs = started.elapsed().as_secs_f64();
    let s = engine.stats();
    let ns = |a: &AtomicU64| a.load(Relaxed) as f64 / 1e9;
    let report = Report {
        read,
        skipped,
        written,
        dead_lettered: dead,
        seconds: secs,
        records_per_second: read as f64 / secs.max(1e-9),
        input_bytes,
        files: inputs.len(),
        output_bytes,
        out: lake.location.clone(),
        model: format!("{} {}", engine.spec().name, engine.spec().version),
        device: engine.device().to_string(),
        stage_seconds: StageSeconds {
            read: ns(&timers.read),
            deid: ns(&timers.deid),
            tokenize: ns(&timers.tokenize),
            model: ns(&s.model_nanos),
            write: ns(&timers.write),
        },
        windows: s.windows.load(Relaxed),
        padded_tokens: s.padded_tokens.load(Relaxed),
        real_tokens: s.tokens.load(Relaxed),
        model_runs: s.runs.load(Relaxed),
    };
    if let Some(p) = &args.report {
        std::fs::write(p, serde_json::to_vec_pretty(&report)?)
            .with_context(|| format!("writing {}", p.display()))?;
    }
    println!(
        "medsent backfill: read={} written={} dead_lettered={} skipped={} seconds={:.2} records_per_second={:.1} out={}",
        report.read,
        report.written,
        report.dead_lettered,
        report.skipped,
        report.seconds,
        report.records_per_second,
        report.out
    );
    Ok(())
}

/// What a rerun into the same output may skip, per source.
struct SourcePlan {
    input_bytes: u64,
    done: std::collections::HashSet<u32>,
}

fn resume_plan(
    rt: &tokio::runtime::Runtime,
    lake: &Lake,
    inputs: &[Input],
    chunk_lines: u64,
) -> Result<std::collections::HashMap<String, SourcePlan>> {
    let mut plan = std::collections::HashMap::new();
    for p in inputs {
        let source = p.source.clone();
        let input_bytes = p.size;
        let mut done = std::collections::HashSet::new();
        if !p.is_stdin() {
            for c in rt.block_on(lake.finished_chunks(&source))? {
                anyhow::ensure!(
                    c.chunk_lines == chunk_lines && c.input_bytes == input_bytes,
                    "{} was written into this output with different input or chunking \
                     (chunk_lines {} vs {chunk_lines}, input bytes {} vs {input_bytes}): use a new --out",
                    p.display,
                    c.chunk_lines,
                    c.input_bytes
                );
                done.insert(c.partition);
            }
        }
        plan.insert(source, SourcePlan { input_bytes, done });
    }
    Ok(plan)
}

/// Reads every input in order; returns (records passed on, records skipped
/// because their chunk is already in the output).
fn read_stage(
    inputs: &[Input],
    spec: &ReadSpec,
    plan: &std::collections::HashMap<String, SourcePlan>,
    tx: SyncSender<Vec<Item>>,
    t: &Timers,
    rt: &Arc<tokio::runtime::Runtime>,
) -> Result<(u64, u64)> {
    let (mut n, mut skipped) = (0u64, 0u64);
    for p in inputs {
        let done = plan.get(&p.source).map(|s| &s.done);
        let reader = p.open(spec, rt)?;
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut busy = Instant::now();
        for item in reader {
            let item = item.with_context(|| format!("reading {}", p.display))?;
            if done.is_some_and(|d| d.contains(&item.position().partition)) {
                skipped += 1;
                continue;
            }
            chunk.push(item);
            if chunk.len() == CHUNK {
                n += chunk.len() as u64;
                add(&t.read, busy);
                if tx
                    .send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))
                    .is_err()
                {
                    return Ok((n, skipped)); // downstream failed; its error is reported
                }
                busy = Instant::now();
            }
        }
        n += chunk.len() as u64;
        add(&t.read, busy);
        if !chunk.is_empty() && tx.send(chunk).is_err() {
            return Ok((n, skipped));
        }
    }
    Ok((n, skipped))
}

fn deid_stage(
    pool: &rayon::ThreadPool,
    engine: &deid::Deidentifier,
    model: &Engine,
    rx: Receiver<Vec<Item>>,
    tx: SyncSender<Vec<Staged>>,
    t: &Timers,
) {
    for chunk in rx {
        let busy = Instant::now();
        let tokenize = AtomicU64::new(0);
        let staged: Vec<Staged> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|item| match item {
                    Item::Dead(d) => Staged::Dead(d),
                    Item::Record(pos, r) => {
                        let clean = stages::deidentify(engine, &r).0;
                        let t0 = Instant::now();
                        let enc = model.encode(&clean.text);
                        add(&tokenize, t0);
                        Staged::Clean(pos, Box::new(clean), enc)
                    }
                })
                .collect()
        });
        // Busy time of the pool, split between the two kinds of work it did.
        let total = busy.elapsed().as_nanos() as u64;
        let tok =
            tokenize.load(Relaxed) / config::threads(pool.current_num_threads()).max(1) as u64;
        t.tokenize.fetch_add(tok.min(total), Relaxed);
        t.deid.fetch_add(total.saturating_sub(tok), Relaxed);
        if tx.send(staged).is_err() {
            return;
        }
    }
}

enum InFlight {
    Waiting(Position, Box<Clean>, Pending),
    Done(Out),
}

fn infer_stage(
    engine: &Engine,
    rx: Receiver<Vec<Staged>>,
    tx: SyncSender<Vec<Out>>,
    include_text: bool,
    limit: usize,
) {
    let model_name: Arc<str> = engine.spec().name.as_str().into();
    let failed = |pos: Position, e: infer::InferError| {
        Out::Dead(DeadLetter::new(
            pos,
            "infer",
            Rejection::new(ReasonCode::StageFailed, e.to_string()),
        ))
    };
    let resolve = |f: InFlight| -> Out {
        match f {
            InFlight::Done(o) => o,
            InFlight::Waiting(pos, c, p) => match p.wait() {
                Err(e) => failed(pos, e),
                Ok(pred) => {
                    let offset = pos.offset;
                    let row = stages::lake_row(*c, pred, model_name.clone(), offset, include_text);
                    Out::Row(pos, Box::new(row))
                }
            },
        }
    };
    let mut fifo: VecDeque<InFlight> = VecDeque::new();
    for chunk in rx {
        for s in chunk {
            fifo.push_back(match s {
                Staged::Dead(d) => InFlight::Done(Out::Dead(d)),
                Staged::Clean(pos, c, enc) => {
                    // Submitting blocks while the batcher's queue is full (backpressure).
                    let submitted = match enc.and_then(|e| engine.submit(e, Priority::Bulk)) {
                        // The model was reloaded since tokenising: tokenise for the new one.
                        Err(infer::InferError::Stale) => engine
                            .encode(&c.text)
                            .and_then(|e| engine.submit(e, Priority::Bulk)),
                        other => other,
                    };
                    match submitted {
                        Ok(p) => InFlight::Waiting(pos, c, p),
                        Err(e) => InFlight::Done(failed(pos, e)),
                    }
                }
            });
        }
        let mut out = Vec::new();
        while fifo.len() > limit {
            out.extend(fifo.pop_front().map(resolve));
        }
        if !out.is_empty() && tx.send(out).is_err() {
            return;
        }
    }
    let out: Vec<Out> = fifo.into_iter().map(resolve).collect();
    let _ = tx.send(out);
}

/// Sink-side state: the open segments of the current source and the dead
/// letters of the current partition.
struct SinkState<'a> {
    rt: &'a tokio::runtime::Runtime,
    lake: &'a Lake,
    t: &'a Timers,
    plan: &'a std::collections::HashMap<String, SourcePlan>,
    chunk_lines: u64,
    /// Rows written so far for the partition being filled.
    part_rows: u64,
    seg: Option<Segmenter>,
    dls: Vec<DeadLetter>,
    written: u64,
    dead: u64,
    bytes: u64,
}

impl SinkState<'_> {
    fn write(&mut self, sg: &sink::Segment) -> Result<()> {
        let busy = Instant::now();
        let r = self.rt.block_on(self.lake.write_segment(sg))?;
        self.written += r.rows as u64;
        self.part_rows += r.rows as u64;
        self.bytes += r.bytes as u64;
        add(&self.t.write, busy);
        Ok(())
    }

    /// Closes the partition's segments (all open ones if `all`), writes its
    /// dead letters, then records the chunk as done (the resume manifest).
    fn flush(&mut self, part: Option<&(Arc<str>, u32)>, all: bool) -> Result<()> {
        let Some((source, partition)) = part else {
            return Ok(());
        };
        let segments = match self.seg.as_mut() {
            Some(s) if all => s.finish(),
            Some(s) => s.finish_partition(*partition),
            None => Vec::new(),
        };
        for sg in &segments {
            self.write(sg)?;
        }
        if !self.dls.is_empty() {
            let busy = Instant::now();
            let rows: Vec<DeadLetterRow> = self
                .dls
                .iter()
                .map(|d| DeadLetterRow {
                    source: &d.position.source,
                    partition: d.position.partition,
                    offset: d.position.offset,
                    stage: d.stage,
                    reason: d.reason.as_str(),
                    message: &d.message,
                })
                .collect();
            let r = self
                .rt
                .block_on(self.lake.write_dead_letters(source, *partition, &rows))?;
            self.dead += rows.len() as u64;
            self.bytes += r.map_or(0, |r| r.bytes as u64);
            add(&self.t.write, busy);
        }
        // Only now is every row of the chunk durable: mark it done. Stdin has
        // no stable identity to resume from.
        if let Some(p) = self
            .plan
            .get(source.as_ref())
            .filter(|_| source.as_ref() != "stdin")
        {
            let done = sink::ChunkDone {
                partition: *partition,
                rows: self.part_rows,
                dead_letters: self.dls.len() as u64,
                chunk_lines: self.chunk_lines,
                input_bytes: p.input_bytes,
            };
            self.rt.block_on(self.lake.mark_chunk_done(source, &done))?;
        }
        self.dls.clear();
        self.part_rows = 0;
        Ok(())
    }
}

/// Writes rows and dead letters; returns (rows written, dead letters, bytes).
#[allow(clippy::too_many_arguments)]
fn sink_stage(
    rt: &tokio::runtime::Runtime,
    lake: &Lake,
    rx: Receiver<Vec<Out>>,
    t: &Timers,
    (segment_rows, segment_bytes): (usize, usize),
    plan: &std::collections::HashMap<String, SourcePlan>,
    chunk_lines: u64,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<(u64, u64, u64)> {
    let mut st = SinkState {
        rt,
        lake,
        t,
        plan,
        chunk_lines,
        part_rows: 0,
        seg: None,
        dls: Vec::new(),
        written: 0,
        dead: 0,
        bytes: 0,
    };
    // (source, partition) being filled; rows arrive in input order.
    let mut current: Option<(Arc<str>, u32)> = None;
    for batch in rx {
        let n = batch.len() as u64;
        for o in batch {
            let pos = match &o {
                Out::Row(p, _) => p,
                Out::Dead(d) => &d.position,
            };
            let key = (pos.source.clone(), pos.partition);
            if current.as_ref() != Some(&key) {
                let source_changed = current.as_ref().is_none_or(|c| c.0 != key.0);
                st.flush(current.as_ref(), source_changed)?;
                if source_changed {
                    st.seg = Some(Segmenter::with_limits(
                        key.0.to_string(),
                        segment_rows,
                        segment_bytes,
                    ));
                }
                current = Some(key);
            }
            match o {
                Out::Row(p, row) => {
                    if let Some(full) = st
                        .seg
                        .as_mut()
                        .and_then(|s| s.push(p.partition, p.offset, *row))
                    {
                        st.write(&full)?;
                    }
                }
                Out::Dead(d) => st.dls.push(d),
            }
        }
        if let Some(pb) = progress {
            pb.inc(n);
        }
    }
    st.flush(current.as_ref(), true)?;
    Ok((st.written, st.dead, st.bytes))
}

//! `medsent stream`: a consumer-group worker on a Kafka feed.
//!
//! `--stage deid` reads raw records (PHI), de-identifies them and produces
//! clean records to a PHI-free topic in Kafka transactions that also commit
//! the consumed offsets (exactly once into the topic). `--stage infer` reads
//! that topic (read-committed) and writes the lake. `--stage all` does both
//! in one process, without the middle topic.
//!
//! Lake exactly-once: rows of a partition are buffered in open segments (one
//! per shifted date) and written as a *flush group*: all of the partition's
//! open segments at once, when the group reaches `--flush-rows` rows,
//! `--flush-bytes` or `--flush-seconds` age; no segment closes on its own
//! inside a group. Only after every object of the group is durable is the
//! offset after the group committed. After a crash or a rebalance,
//! consumption restarts at W, the start of the unfinished group. Each object
//! the unfinished group had uploaded is the group's only file for its date,
//! named by the first row of that date at or after W; the replay's first file
//! for that date starts at the same row and so has the same name, whatever
//! the replay's group boundaries (they may differ: time is one trigger). The
//! old object is overwritten, never left beside a new one: no duplicates.
//! Revoked partitions drop their unflushed rows (the new owner redoes them).

use crate::cli::StreamArgs;
use crate::config;
use crate::stages::{self, Clean};
use anyhow::{Context, Result, anyhow, bail};
use infer::{Engine, Priority};
use ingest::kafka::rdkafka::ClientContext;
use ingest::kafka::rdkafka::message::{Header, OwnedHeaders};
use ingest::kafka::rdkafka::producer::{BaseRecord, Producer, ProducerContext, ThreadedProducer};
use ingest::kafka::{KafkaConfig, KafkaSource, Message, parse_message};
use ingest::{DeadLetter, Item, Position, ReasonCode, Rejection};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sink::{CommitTracker, Lake, LakeConfig, Segmenter};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    All,
    Deid,
    Infer,
}

impl std::str::FromStr for Stage {
    type Err = String;
    fn from_str(s: &str) -> Result<Stage, String> {
        match s {
            "all" => Ok(Stage::All),
            "deid" => Ok(Stage::Deid),
            "infer" => Ok(Stage::Infer),
            _ => Err(format!("unknown stage `{s}` (all, deid, infer)")),
        }
    }
}

/// A record on the PHI-free topic: everything here is de-identified.
#[derive(Debug, Serialize, Deserialize)]
struct CleanMsg {
    record_key: String,
    patient_key: String,
    note_type: String,
    event_date: chrono::NaiveDate,
    text: String,
    phi_counts: BTreeMap<String, u32>,
}

impl CleanMsg {
    fn from_clean(c: &Clean) -> CleanMsg {
        CleanMsg {
            record_key: c.record_key.clone(),
            patient_key: c.patient_key.clone(),
            note_type: c.note_type.clone(),
            event_date: c.event_date,
            text: c.text.clone(),
            phi_counts: c
                .counts
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| (k.name().to_owned(), n))
                .collect(),
        }
    }

    fn into_clean(self) -> Clean {
        let mut counts = deid::PhiCounts::default();
        for (name, n) in &self.phi_counts {
            if let Some(k) = deid::PhiKind::from_name(name) {
                counts.add_n(k, *n);
            }
        }
        Clean {
            record_key: self.record_key,
            patient_key: self.patient_key,
            note_type: self.note_type,
            event_date: self.event_date,
            text: self.text,
            counts,
        }
    }
}

/// Counters for /metrics.
#[derive(Default)]
pub struct StreamStats {
    pub consumed: AtomicU64,
    pub rows_written: AtomicU64,
    pub dead_lettered: AtomicU64,
    pub produced: AtomicU64,
    pub commits: AtomicU64,
    pub segments: AtomicU64,
    pub lag: std::sync::Mutex<BTreeMap<i32, i64>>,
    pub ready: AtomicBool,
}

struct ProdCtx {
    failed: Arc<AtomicU64>,
}

impl ClientContext for ProdCtx {}

impl ProducerContext for ProdCtx {
    type DeliveryOpaque = ();
    fn delivery(
        &self,
        r: &ingest::kafka::rdkafka::message::DeliveryResult<'_>,
        _: Self::DeliveryOpaque,
    ) {
        if let Err((e, _)) = r {
            // The message itself may be PHI: log the error only.
            tracing::warn!(error = %e, "kafka delivery failed");
            self.failed.fetch_add(1, Relaxed);
        }
    }
}

struct Out {
    producer: ThreadedProducer<ProdCtx>,
    failed: Arc<AtomicU64>,
    transactional: bool,
}

impl Out {
    fn new(cfg: &KafkaConfig, transactional_id: Option<String>) -> Result<Out> {
        let failed = Arc::new(AtomicU64::new(0));
        let mut c = cfg.client();
        c.set("enable.idempotence", "true")
            .set("acks", "all")
            .set("linger.ms", "5")
            .set("compression.type", "lz4");
        if let Some(id) = &transactional_id {
            c.set("transactional.id", id);
        }
        for (k, v) in &cfg.extra {
            c.set(k, v);
        }
        let producer: ThreadedProducer<ProdCtx> = c
            .create_with_context(ProdCtx {
                failed: failed.clone(),
            })
            .context("creating the Kafka producer")?;
        if transactional_id.is_some() {
            producer
                .init_transactions(Duration::from_secs(30))
                .context("initialising Kafka transactions")?;
        }
        Ok(Out {
            producer,
            failed,
            transactional: transactional_id.is_some(),
        })
    }

    fn send(&self, topic: &str, key: &[u8], payload: &[u8], headers: OwnedHeaders) -> Result<()> {
        let mut rec = BaseRecord::to(topic)
            .key(key)
            .payload(payload)
            .headers(headers);
        loop {
            match self.producer.send(rec) {
                Ok(()) => return Ok(()),
                Err((e, r)) => {
                    if matches!(
                        e.rdkafka_error_code(),
                        Some(ingest::kafka::rdkafka::types::RDKafkaErrorCode::QueueFull)
                    ) {
                        std::thread::sleep(Duration::from_millis(5));
                        rec = r;
                    } else {
                        bail!("producing to {topic}: {e}");
                    }
                }
            }
        }
    }

    /// Waits until everything sent is delivered; fails if anything was not.
    fn flush(&self) -> Result<()> {
        self.producer
            .flush(Duration::from_secs(60))
            .context("waiting for Kafka deliveries")?;
        let f = self.failed.swap(0, Relaxed);
        if f > 0 {
            bail!("{f} messages were not delivered to Kafka");
        }
        Ok(())
    }
}

fn dead_letter_headers(d: &DeadLetter, source_topic: &str) -> OwnedHeaders {
    OwnedHeaders::new()
        .insert(Header {
            key: "medsent.reason",
            value: Some(d.reason.as_str()),
        })
        .insert(Header {
            key: "medsent.stage",
            value: Some(d.stage),
        })
        .insert(Header {
            key: "medsent.message",
            value: Some(d.message.as_str()),
        })
        .insert(Header {
            key: "medsent.source",
            value: Some(&format!(
                "{source_topic}/{}/{}",
                d.position.partition, d.position.offset
            )),
        })
}

pub fn run(args: StreamArgs) -> Result<()> {
    let stage = args.stage;
    let stats = Arc::new(StreamStats::default());
    let stop = Arc::new(AtomicBool::new(false));
    let io = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("medsent-io")
            .enable_all()
            .build()?,
    );
    {
        let stop = stop.clone();
        io.spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
            let mut int = signal(SignalKind::interrupt()).expect("SIGINT handler");
            tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
            tracing::info!("stopping: finishing the batch, flushing and committing");
            stop.store(true, Relaxed);
        });
    }
    if let Some(addr) = &args.metrics_listen {
        let l = io
            .block_on(tokio::net::TcpListener::bind(addr))
            .with_context(|| format!("listening on {addr}"))?;
        eprintln!("medsent stream: metrics on http://{}", l.local_addr()?);
        let st = stats.clone();
        let name = format!("{stage:?}").to_lowercase();
        io.spawn(async move {
            let _ = axum::serve(l, metrics_router(st, name)).await;
        });
    }
    let input_topic = match stage {
        Stage::Infer => args.clean_topic.clone(),
        _ => args.topic.clone(),
    };
    let kcfg = KafkaConfig {
        brokers: args.brokers.clone(),
        group_id: args.group.clone(),
        instance_id: args.instance_id.clone(),
        topic: input_topic.clone(),
        session_timeout_ms: args.session_timeout_ms,
        extra: args
            .kafka_option
            .iter()
            .map(|kv| {
                kv.split_once('=')
                    .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                    .ok_or_else(|| anyhow!("--kafka-option `{kv}` is not key=value"))
            })
            .collect::<Result<_>>()?,
    };
    let dlq_topic = args
        .dead_letter_topic
        .clone()
        .unwrap_or_else(|| format!("{input_topic}.dlq"));
    let tx_id = (stage == Stage::Deid && !args.no_transactions).then(|| {
        let who = args
            .instance_id
            .clone()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .unwrap_or_else(|| "worker".into());
        format!("medsent-deid-{}-{who}", args.group)
    });
    let out = Out::new(&kcfg, tx_id)?;
    // The infer tier never sees PHI and holds no de-identification secret.
    let deid = match stage {
        Stage::Infer => None,
        _ => Some(Arc::new(config::deid_engine(&args.deid)?)),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config::threads(args.deid_threads))
        .thread_name(|i| format!("deid-{i}"))
        .build()?;
    let mut w = Worker {
        args: &args,
        stats: stats.clone(),
        out,
        dlq_topic,
        source: input_topic.as_str().into(),
        pool,
        deid,
        engine: None,
        lake: None,
        io: io.clone(),
        seg: None,
        tracker: CommitTracker::new(),
        groups: HashMap::new(),
    };
    if stage != Stage::Deid {
        let m = &args.model;
        let queue = (m.max_batch_size * m.instances.max(1) * 8).max(64);
        w.engine = Some(Arc::new(Engine::load(config::engine_config(
            m, queue, None,
        )?)?));
        let out = args
            .out
            .clone()
            .ok_or_else(|| anyhow!("--out is required for --stage {stage:?}"))?;
        w.lake = Some(Lake::open(LakeConfig {
            s3: args.s3.options(),
            phi_kinds: deid::PhiKind::ALL.iter().map(|k| k.name()).collect(),
            include_text: args.include_text,
            ..LakeConfig::new(out)
        })?);
        // No size-based closes inside a group: every file of an unfinished
        // group then starts at the first row of its date after the committed
        // offset, which is what makes a replay overwrite it (module docs).
        w.seg = Some(Segmenter::with_limits(
            input_topic.clone(),
            usize::MAX,
            usize::MAX,
        ));
    }
    let src = KafkaSource::new(&kcfg).context("joining the consumer group")?;
    stats.ready.store(true, Relaxed);
    tracing::info!(stage = ?stage, topic = %input_topic, group = %args.group, "consuming");
    let mut idle_since = Instant::now();
    let mut last_lag = Instant::now();
    let mut owned: HashSet<i32> = HashSet::new();
    loop {
        if stop.load(Relaxed) {
            break;
        }
        let msgs = src
            .poll_batch(args.batch, Duration::from_millis(200))
            .unwrap_or_default();
        let revoked: HashSet<i32> = src.take_revoked().into_iter().collect();
        for p in &revoked {
            w.drop_partition(*p as u32);
        }
        let assigned = src.take_assigned();
        if !assigned.is_empty() || !revoked.is_empty() {
            tracing::info!(?assigned, ?revoked, "rebalance");
            owned.extend(assigned);
            owned.retain(|p| !revoked.contains(p));
            idle_since = Instant::now();
        }
        let msgs: Vec<Message> = msgs
            .into_iter()
            .filter(|m| !revoked.contains(&m.partition))
            .collect();
        if last_lag.elapsed() > Duration::from_secs(1) {
            *stats.lag.lock().expect("lag") = src.lag();
            last_lag = Instant::now();
        }
        if msgs.is_empty() {
            w.flush_due(&src, false)?;
            // Idle means: partitions to read and nothing on them (a worker
            // waiting for an assignment is not idle).
            if args.exit_when_idle_seconds > 0
                && !owned.is_empty()
                && idle_since.elapsed() > Duration::from_secs(args.exit_when_idle_seconds)
            {
                tracing::info!("idle: exiting");
                break;
            }
            continue;
        }
        idle_since = Instant::now();
        stats.consumed.fetch_add(msgs.len() as u64, Relaxed);
        match stage {
            Stage::Deid => w.deid_batch(&src, &msgs)?,
            _ => {
                w.lake_batch(&msgs)?;
                w.flush_due(&src, false)?;
            }
        }
    }
    if stage != Stage::Deid {
        w.flush_due(&src, true)?;
    }
    w.out.flush()?;
    src.close();
    eprintln!(
        "medsent stream: consumed={} written={} dead_lettered={} produced={}",
        stats.consumed.load(Relaxed),
        stats.rows_written.load(Relaxed),
        stats.dead_lettered.load(Relaxed),
        stats.produced.load(Relaxed)
    );
    Ok(())
}

/// A partition's open flush group.
struct Group {
    started: Instant,
    rows: usize,
    bytes: usize,
}

struct Worker<'a> {
    args: &'a StreamArgs,
    stats: Arc<StreamStats>,
    out: Out,
    dlq_topic: String,
    source: Arc<str>,
    pool: rayon::ThreadPool,
    deid: Option<Arc<deid::Deidentifier>>,
    engine: Option<Arc<Engine>>,
    lake: Option<Lake>,
    io: Arc<tokio::runtime::Runtime>,
    seg: Option<Segmenter>,
    tracker: CommitTracker,
    groups: HashMap<u32, Group>,
}

/// A de-identified note on its way to the model.
struct Note {
    pos: Position,
    msg: CleanMsg,
}

impl Worker<'_> {
    fn drop_partition(&mut self, p: u32) {
        if let Some(s) = self.seg.as_mut() {
            let dropped: usize = s.finish_partition(p).iter().map(|s| s.rows.len()).sum();
            if dropped > 0 {
                tracing::info!(
                    partition = p,
                    rows = dropped,
                    "partition revoked: dropping unflushed rows (the new owner redoes them)"
                );
            }
        }
        self.tracker.revoke(p);
        self.groups.remove(&p);
    }

    /// Parses (and in `all`, de-identifies) a batch; dead letters separate.
    fn clean(&self, msgs: &[Message]) -> (Vec<Note>, Vec<(DeadLetter, Vec<u8>)>) {
        let max = self.args.input.max_record_bytes;
        let stage = self.args.stage;
        let results: Vec<Result<Note, (DeadLetter, Vec<u8>)>> = self.pool.install(|| {
            msgs.par_iter()
                .map(|m| {
                    let raw = || m.payload.clone().unwrap_or_default();
                    if stage == Stage::Infer {
                        let pos = Position {
                            source: self.source.clone(),
                            partition: m.partition.max(0) as u32,
                            offset: m.offset.max(0) as u64,
                        };
                        return serde_json::from_slice::<CleanMsg>(
                            m.payload.as_deref().unwrap_or_default(),
                        )
                        .map(|msg| Note {
                            pos: pos.clone(),
                            msg,
                        })
                        .map_err(|e| {
                            (
                                DeadLetter::new(
                                    pos,
                                    "ingest",
                                    Rejection::new(
                                        ReasonCode::InvalidJson,
                                        format!(
                                            "not a de-identified record: {:?} error at column {}",
                                            e.classify(),
                                            e.column()
                                        ),
                                    ),
                                ),
                                raw(),
                            )
                        });
                    }
                    match parse_message(&self.source, m, max) {
                        Item::Dead(d) => Err((d, raw())),
                        Item::Record(pos, r) => {
                            let engine = self.deid.as_ref().expect("deid engine in deid/all");
                            let c = stages::deidentify(engine, &r).0;
                            Ok(Note {
                                pos,
                                msg: CleanMsg::from_clean(&c),
                            })
                        }
                    }
                })
                .collect()
        });
        let mut notes = Vec::with_capacity(results.len());
        let mut dead = Vec::new();
        for r in results {
            match r {
                Ok(n) => notes.push(n),
                Err(d) => dead.push(d),
            }
        }
        (notes, dead)
    }

    fn send_dead(&self, dead: &[(DeadLetter, Vec<u8>)]) -> Result<()> {
        for (d, raw) in dead {
            // The original bytes go to the dead-letter topic (same PHI zone as
            // the input topic) so they can be fixed and replayed; never to logs.
            self.out.send(
                &self.dlq_topic,
                format!("{}", d.position.offset).as_bytes(),
                raw,
                dead_letter_headers(d, &self.source),
            )?;
        }
        self.stats
            .dead_lettered
            .fetch_add(dead.len() as u64, Relaxed);
        Ok(())
    }

    /// deid stage: de-identify a batch and produce it to the PHI-free topic,
    /// with the consumed offsets, in one transaction.
    fn deid_batch(&mut self, src: &KafkaSource, msgs: &[Message]) -> Result<()> {
        let (notes, dead) = self.clean(msgs);
        let mut next: BTreeMap<i32, i64> = BTreeMap::new();
        for m in msgs {
            let e = next.entry(m.partition).or_insert(0);
            *e = (*e).max(m.offset + 1);
        }
        let attempt = || -> Result<()> {
            if self.out.transactional {
                self.out.producer.begin_transaction()?;
            }
            for n in &notes {
                let body = serde_json::to_vec(&n.msg)?;
                // Keyed by patient: a patient's notes stay in order on one partition.
                self.out.send(
                    &self.args.clean_topic,
                    n.msg.patient_key.as_bytes(),
                    &body,
                    OwnedHeaders::new(),
                )?;
            }
            self.send_dead(&dead)?;
            if self.out.transactional {
                let mut tpl = ingest::kafka::rdkafka::TopicPartitionList::new();
                for (p, o) in &next {
                    tpl.add_partition_offset(
                        &src.topic,
                        *p,
                        ingest::kafka::rdkafka::Offset::Offset(*o),
                    )?;
                }
                let meta = src
                    .group_metadata()
                    .ok_or_else(|| anyhow!("no consumer group metadata"))?;
                self.out.producer.send_offsets_to_transaction(
                    &tpl,
                    &meta,
                    Duration::from_secs(30),
                )?;
                self.out
                    .producer
                    .commit_transaction(Duration::from_secs(60))?;
                if self.out.failed.swap(0, Relaxed) > 0 {
                    bail!("a message of the committed transaction was not delivered");
                }
            } else {
                // At least once: deliver, then commit the consumed offsets.
                self.out.flush()?;
                src.commit(&next.iter().map(|(p, o)| (*p, *o)).collect::<Vec<_>>())?;
            }
            Ok(())
        };
        match attempt() {
            Ok(()) => {
                self.stats.produced.fetch_add(notes.len() as u64, Relaxed);
                self.stats.commits.fetch_add(1, Relaxed);
                Ok(())
            }
            Err(e) if self.out.transactional => {
                tracing::warn!(error = %e, "transaction failed: aborting and reading the batch again");
                let _ = self.out.producer.abort_transaction(Duration::from_secs(30));
                self.out.failed.store(0, Relaxed);
                src.rewind_to_committed()?;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// all/infer: score a batch and buffer its rows in the open segments.
    fn lake_batch(&mut self, msgs: &[Message]) -> Result<()> {
        let (notes, dead) = self.clean(msgs);
        let engine = self.engine.clone().expect("engine in all/infer");
        // Tokenise on the pool, then submit everything so the batcher sees the queue depth.
        let encoded: Vec<_> = self.pool.install(|| {
            notes
                .par_iter()
                .map(|n| engine.encode(&n.msg.text))
                .collect()
        });
        let pending: Vec<_> = encoded
            .into_iter()
            .map(|e| e.and_then(|e| engine.submit(e, Priority::Bulk)))
            .collect();
        let model_name: Arc<str> = engine.spec().name.as_str().into();
        let mut dead = dead;
        for (n, p) in notes.into_iter().zip(pending) {
            let pred = match p.and_then(|p| p.wait()) {
                Ok(pred) => pred,
                Err(e) => {
                    dead.push((
                        DeadLetter::new(
                            n.pos,
                            "infer",
                            Rejection::new(ReasonCode::StageFailed, e.to_string()),
                        ),
                        Vec::new(),
                    ));
                    continue;
                }
            };
            let row = stages::lake_row(
                n.msg.into_clean(),
                pred,
                model_name.clone(),
                n.pos.offset,
                self.args.include_text,
            );
            let (p, off) = (n.pos.partition, n.pos.offset);
            self.tracker.seen(p, off);
            let g = self.groups.entry(p).or_insert_with(|| Group {
                started: Instant::now(),
                rows: 0,
                bytes: 0,
            });
            g.rows += 1;
            g.bytes += row.approx_bytes();
            let full = self.seg.as_mut().expect("segmenter").push(p, off, row);
            debug_assert!(
                full.is_none(),
                "streaming segments close only with their group"
            );
        }
        if !dead.is_empty() {
            for (d, _) in &dead {
                self.tracker.seen(d.position.partition, d.position.offset);
                self.groups
                    .entry(d.position.partition)
                    .or_insert_with(|| Group {
                        started: Instant::now(),
                        rows: 0,
                        bytes: 0,
                    });
            }
            self.send_dead(&dead)?;
            self.out.flush()?;
            for (d, _) in &dead {
                self.tracker
                    .durable(d.position.partition, [d.position.offset]);
            }
        }
        Ok(())
    }

    fn write(&mut self, s: &sink::Segment) -> Result<()> {
        let lake = self.lake.as_ref().expect("lake");
        self.io.block_on(lake.write_segment(s))?;
        self.tracker
            .durable(s.key.partition, s.rows.iter().map(|r| r.source_offset));
        self.stats
            .rows_written
            .fetch_add(s.rows.len() as u64, Relaxed);
        self.stats.segments.fetch_add(1, Relaxed);
        Ok(())
    }

    /// Writes the flush groups that are full or old enough (all of them with
    /// `all`), then commits the offset after each.
    fn flush_due(&mut self, src: &KafkaSource, all: bool) -> Result<()> {
        let max_age = Duration::from_secs(self.args.flush_seconds);
        let due: Vec<u32> = self
            .groups
            .iter()
            .filter(|(_, g)| {
                all || g.rows >= self.args.flush_rows || g.started.elapsed() >= max_age
            })
            .map(|(p, _)| *p)
            .collect();
        let mut commits = Vec::new();
        for p in due {
            let segs = self.seg.as_mut().expect("segmenter").finish_partition(p);
            for s in &segs {
                self.write(s)?;
            }
            self.groups.remove(&p);
            if let Some(w) = self.tracker.committable(p) {
                commits.push((p as i32, w as i64));
            }
        }
        if !commits.is_empty() {
            tracing::debug!(?commits, "committing");
            src.commit(&commits).context("committing offsets")?;
            self.stats.commits.fetch_add(1, Relaxed);
        }
        Ok(())
    }
}

fn metrics_router(st: Arc<StreamStats>, stage: String) -> axum::Router {
    use axum::routing::get;
    let st2 = st.clone();
    axum::Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/readyz",
            get(move || {
                let ready = st2.ready.load(Relaxed);
                async move {
                    if ready {
                        (axum::http::StatusCode::OK, "ready")
                    } else {
                        (axum::http::StatusCode::SERVICE_UNAVAILABLE, "starting")
                    }
                }
            }),
        )
        .route(
            "/metrics",
            get(move || {
                let st = st.clone();
                let stage = stage.clone();
                async move {
                    let mut s = String::new();
                    let c = |s: &mut String, name: &str, help: &str, v: u64| {
                        s.push_str(&format!(
                            "# HELP {name} {help}\n# TYPE {name} counter\n{name}{{stage=\"{stage}\"}} {v}\n"
                        ));
                    };
                    c(&mut s, "medsent_stream_consumed_total", "Messages consumed.", st.consumed.load(Relaxed));
                    c(&mut s, "medsent_stream_rows_written_total", "Rows durable in the lake.", st.rows_written.load(Relaxed));
                    c(&mut s, "medsent_stream_dead_lettered_total", "Messages sent to the dead-letter topic.", st.dead_lettered.load(Relaxed));
                    c(&mut s, "medsent_stream_produced_total", "De-identified records produced.", st.produced.load(Relaxed));
                    c(&mut s, "medsent_stream_commits_total", "Offset commits.", st.commits.load(Relaxed));
                    c(&mut s, "medsent_stream_segments_total", "Parquet objects written.", st.segments.load(Relaxed));
                    s.push_str("# HELP medsent_consumer_lag Messages behind the partition's end.\n# TYPE medsent_consumer_lag gauge\n");
                    for (p, l) in st.lag.lock().expect("lag").iter() {
                        s.push_str(&format!(
                            "medsent_consumer_lag{{stage=\"{stage}\",partition=\"{p}\"}} {l}\n"
                        ));
                    }
                    ([("content-type", "text/plain; version=0.0.4")], s)
                }
            }),
        )
}

//! Kafka source: a consumer-group member (rdkafka, librdkafka bundled) with
//! manual offset commits, cooperative-sticky assignment, optional static
//! membership (`group.instance.id`), read-committed isolation, and consumer
//! lag from librdkafka's statistics. Broker-agnostic: only standard client
//! settings are used, and any librdkafka property can be passed through.
//!
//! Messages become [`Item`]s through the same validation as files
//! ([`parse_message`]); rejections never carry the payload.

use crate::{DeadLetter, Item, Position, ReasonCode, Record, Rejection};
use rdkafka::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::KafkaResult;
use rdkafka::message::Message as _;
use rdkafka::statistics::Statistics;
use rdkafka::topic_partition_list::{Offset, TopicPartitionList};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use rdkafka;

/// How to join the group.
#[derive(Debug, Clone)]
pub struct KafkaConfig {
    pub brokers: String,
    pub group_id: String,
    /// Static membership: a restarted worker with the same id takes its
    /// partitions back at once (a StatefulSet pod name is a good value).
    pub instance_id: Option<String>,
    pub topic: String,
    pub session_timeout_ms: u32,
    /// Extra librdkafka properties (security.protocol, sasl.*, ...).
    pub extra: Vec<(String, String)>,
}

impl KafkaConfig {
    /// Base client settings shared by consumers and producers.
    pub fn client(&self) -> ClientConfig {
        let mut c = ClientConfig::new();
        c.set("bootstrap.servers", &self.brokers)
            .set("client.id", "medsent");
        for (k, v) in &self.extra {
            c.set(k, v);
        }
        c
    }
}

/// Rebalance events and lag, shared between librdkafka's callbacks and the
/// worker loop.
#[derive(Default)]
pub struct Shared {
    revoked: Mutex<Vec<i32>>,
    assigned: Mutex<Vec<i32>>,
    lag: Mutex<BTreeMap<i32, i64>>,
}

pub struct Ctx {
    shared: Arc<Shared>,
    topic: String,
}

impl ClientContext for Ctx {
    fn stats(&self, s: Statistics) {
        if let Some(t) = s.topics.get(&self.topic) {
            let mut lag = self.shared.lag.lock().expect("lag lock");
            for (p, st) in &t.partitions {
                if *p >= 0 && st.consumer_lag >= 0 {
                    lag.insert(*p, st.consumer_lag);
                }
            }
        }
    }
}

impl ConsumerContext for Ctx {
    fn pre_rebalance(&self, _c: &BaseConsumer<Self>, r: &Rebalance<'_>) {
        if let Rebalance::Revoke(tpl) = r {
            let mut v = self.shared.revoked.lock().expect("revoked lock");
            let mut lag = self.shared.lag.lock().expect("lag lock");
            for e in tpl.elements() {
                v.push(e.partition());
                lag.remove(&e.partition());
            }
        }
    }

    fn post_rebalance(&self, _c: &BaseConsumer<Self>, r: &Rebalance<'_>) {
        if let Rebalance::Assign(tpl) = r {
            let mut v = self.shared.assigned.lock().expect("assigned lock");
            v.extend(tpl.elements().iter().map(|e| e.partition()));
        }
    }
}

/// One consumed message: where it was and its bytes (which may be PHI).
#[derive(Debug, Clone)]
pub struct Message {
    pub partition: i32,
    pub offset: i64,
    pub payload: Option<Vec<u8>>,
    pub key: Option<Vec<u8>>,
}

pub struct KafkaSource {
    consumer: BaseConsumer<Ctx>,
    shared: Arc<Shared>,
    pub topic: String,
}

impl KafkaSource {
    pub fn new(cfg: &KafkaConfig) -> KafkaResult<KafkaSource> {
        let shared = Arc::new(Shared::default());
        let mut c = cfg.client();
        c.set("group.id", &cfg.group_id)
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set("auto.offset.reset", "earliest")
            .set("isolation.level", "read_committed")
            .set("partition.assignment.strategy", "cooperative-sticky")
            .set("session.timeout.ms", cfg.session_timeout_ms.to_string())
            .set("statistics.interval.ms", "5000")
            // Bounds what librdkafka prefetches while the worker is busy (backpressure:
            // a slow stage stops polling, the fetch queue fills to this and stops fetching).
            .set("queued.max.messages.kbytes", "16384");
        if let Some(id) = &cfg.instance_id {
            c.set("group.instance.id", id);
        }
        // The user's extra settings win over the defaults above.
        for (k, v) in &cfg.extra {
            c.set(k, v);
        }
        let consumer: BaseConsumer<Ctx> = c.create_with_context(Ctx {
            shared: shared.clone(),
            topic: cfg.topic.clone(),
        })?;
        consumer.subscribe(&[&cfg.topic])?;
        Ok(KafkaSource {
            consumer,
            shared,
            topic: cfg.topic.clone(),
        })
    }

    /// Up to `max` messages, waiting at most `wait` for the first ones.
    pub fn poll_batch(&self, max: usize, wait: Duration) -> KafkaResult<Vec<Message>> {
        let deadline = Instant::now() + wait;
        let mut out = Vec::new();
        while out.len() < max {
            let left = deadline.saturating_duration_since(Instant::now());
            let timeout = if out.is_empty() { left } else { Duration::ZERO };
            match self.consumer.poll(timeout) {
                None => {
                    if !out.is_empty() || left.is_zero() {
                        break;
                    }
                }
                Some(Err(e)) => {
                    // Transient broker errors are retried by librdkafka; report and go on.
                    if out.is_empty() && left.is_zero() {
                        return Err(e);
                    }
                    tracing::warn!(error = %e, "kafka consumer error");
                    if left.is_zero() {
                        break;
                    }
                }
                Some(Ok(m)) => out.push(Message {
                    partition: m.partition(),
                    offset: m.offset(),
                    payload: m.payload().map(<[u8]>::to_vec),
                    key: m.key().map(<[u8]>::to_vec),
                }),
            }
        }
        Ok(out)
    }

    /// Partitions revoked (or lost) since the last call.
    pub fn take_revoked(&self) -> Vec<i32> {
        std::mem::take(&mut *self.shared.revoked.lock().expect("revoked lock"))
    }

    /// Partitions assigned since the last call.
    pub fn take_assigned(&self) -> Vec<i32> {
        std::mem::take(&mut *self.shared.assigned.lock().expect("assigned lock"))
    }

    /// Consumer lag per partition, from the latest statistics.
    pub fn lag(&self) -> BTreeMap<i32, i64> {
        self.shared.lag.lock().expect("lag lock").clone()
    }

    /// Commits `next offset to read` per partition, synchronously.
    pub fn commit(&self, offsets: &[(i32, i64)]) -> KafkaResult<()> {
        if offsets.is_empty() {
            return Ok(());
        }
        let mut tpl = TopicPartitionList::new();
        for (p, o) in offsets {
            tpl.add_partition_offset(&self.topic, *p, Offset::Offset(*o))?;
        }
        self.consumer
            .commit(&tpl, rdkafka::consumer::CommitMode::Sync)
    }

    /// Where consumption of each assigned partition stands (for transactions).
    pub fn position(&self) -> KafkaResult<TopicPartitionList> {
        self.consumer.position()
    }

    pub fn group_metadata(&self) -> Option<rdkafka::consumer::ConsumerGroupMetadata> {
        self.consumer.group_metadata()
    }

    /// Rewinds the assigned partitions to their committed offsets (after an
    /// aborted transaction, so the batch is read again).
    pub fn rewind_to_committed(&self) -> KafkaResult<()> {
        let committed = self.consumer.committed(Duration::from_secs(10))?;
        for e in committed.elements() {
            let off = match e.offset() {
                Offset::Offset(o) => Offset::Offset(o),
                _ => Offset::Beginning,
            };
            self.consumer
                .seek(e.topic(), e.partition(), off, Duration::from_secs(10))?;
        }
        Ok(())
    }

    /// Leaves the group cleanly (so partitions move at once).
    pub fn close(self) {
        self.consumer.unsubscribe();
    }
}

/// Validates one message as a record (medsent JSON or a FHIR resource).
pub fn parse_message(source: &Arc<str>, m: &Message, max_bytes: usize) -> Item {
    let pos = Position {
        source: source.clone(),
        partition: m.partition.max(0) as u32,
        offset: m.offset.max(0) as u64,
    };
    let dead = |code, msg: String| {
        Item::Dead(DeadLetter::new(
            pos.clone(),
            "ingest",
            Rejection::new(code, msg),
        ))
    };
    let Some(bytes) = &m.payload else {
        return dead(
            ReasonCode::MissingField,
            "message has no value (tombstone)".into(),
        );
    };
    if bytes.len() > max_bytes {
        return dead(
            ReasonCode::Oversized,
            format!("message exceeds {max_bytes} bytes"),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            return dead(
                ReasonCode::InvalidUtf8,
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            );
        }
    };
    match Record::from_json(text) {
        Ok(r) => Item::Record(pos, Box::new(r)),
        Err(rej) => Item::Dead(DeadLetter::new(pos, "ingest", rej)),
    }
}

//! `medsent stream` against a real Kafka-protocol broker (Tansu on loopback,
//! started by scripts/kafka-broker.sh): two workers in one group with a
//! kill -9 and a restart, a worker that dies for good, the deid → PHI-free
//! topic → infer tiers with no planted PHI past the deid tier, poison
//! messages in the dead-letter topic, and the lake exactly once each time.

mod common;
use common::*;
use ingest::kafka::rdkafka;
use rdkafka::Message as _;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Broker {
    dir: tempfile::TempDir,
    addr: String,
}

impl Broker {
    fn start() -> Broker {
        Broker::start_on(None)
    }

    /// With `s3`, topics are stored in a bucket of that server and survive a
    /// broker restart.
    fn start_on(s3: Option<&S3Server>) -> Broker {
        for _ in 0..20 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let b = Broker {
                dir: tempfile::tempdir().unwrap(),
                addr: format!("127.0.0.1:{port}"),
            };
            if b.launch(s3) {
                return b;
            }
        }
        panic!("the broker did not start");
    }

    fn launch(&self, s3: Option<&S3Server>) -> bool {
        let port = self.addr.rsplit(':').next().unwrap();
        let mut c = Command::new("bash");
        c.arg(root().join("scripts/kafka-broker.sh"))
            .arg("start")
            .arg(self.dir.path())
            .arg(port);
        if let Some(s3) = s3 {
            c.arg("s3://tansu/")
                .env("AWS_ENDPOINT", &s3.endpoint)
                .env("AWS_ACCESS_KEY_ID", S3_KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", S3_SECRET)
                .env("AWS_DEFAULT_REGION", "us-east-1")
                .env("AWS_ALLOW_HTTP", "true");
        }
        c.output().unwrap().status.success()
    }

    fn stop(&self) {
        let _ = Command::new("bash")
            .arg(root().join("scripts/kafka-broker.sh"))
            .arg("stop")
            .arg(self.dir.path())
            .status();
    }

    fn client(&self) -> ClientConfig {
        let mut c = ClientConfig::new();
        c.set("bootstrap.servers", &self.addr);
        c
    }

    fn create_topic(&self, name: &str, partitions: i32) {
        let admin: AdminClient<DefaultClientContext> = self.client().create().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let r = rt.block_on(admin.create_topics(
                &[NewTopic::new(name, partitions, TopicReplication::Fixed(1))],
                &AdminOptions::new().operation_timeout(Some(Duration::from_secs(10))),
            ));
            match r {
                Ok(v) if v.iter().all(|x| x.is_ok()) => return,
                other => {
                    assert!(Instant::now() < deadline, "creating {name}: {other:?}");
                    std::thread::sleep(Duration::from_millis(200));
                }
            }
        }
    }

    fn produce(&self, topic: &str, msgs: &[(String, Vec<u8>)]) {
        let p: ThreadedProducer<DefaultProducerContext> = self
            .client()
            .set("enable.idempotence", "true")
            .create()
            .unwrap();
        for (k, v) in msgs {
            let mut rec = BaseRecord::to(topic).key(k.as_bytes()).payload(&v[..]);
            loop {
                match p.send(rec) {
                    Ok(()) => break,
                    Err((_, r)) => {
                        rec = r;
                        std::thread::sleep(Duration::from_millis(5));
                    }
                }
            }
        }
        p.flush(Duration::from_secs(30)).unwrap();
    }

    /// Every message of a topic: (payload, headers as name → value).
    fn read_all(&self, topic: &str, expect: usize) -> Vec<(Vec<u8>, BTreeMap<String, String>)> {
        let c: BaseConsumer = self
            .client()
            .set("group.id", format!("reader-{}", std::process::id()))
            .set("auto.offset.reset", "earliest")
            .set("enable.auto.commit", "false")
            .set("isolation.level", "read_committed")
            .create()
            .unwrap();
        c.subscribe(&[topic]).unwrap();
        let mut out = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut quiet = Instant::now();
        while Instant::now() < deadline {
            match c.poll(Duration::from_millis(200)) {
                Some(Ok(m)) => {
                    let mut h = BTreeMap::new();
                    if let Some(hs) = m.headers() {
                        use rdkafka::message::Headers;
                        for x in hs.iter() {
                            h.insert(
                                x.key.to_owned(),
                                String::from_utf8_lossy(x.value.unwrap_or_default()).into_owned(),
                            );
                        }
                    }
                    out.push((m.payload().unwrap_or_default().to_vec(), h));
                    quiet = Instant::now();
                }
                _ => {
                    if out.len() >= expect && quiet.elapsed() > Duration::from_secs(2) {
                        break;
                    }
                }
            }
        }
        out
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Records with planted PHI (keyed by patient) and some poison messages.
/// (key, value) messages, and per good record the planted values.
type Corpus = (Vec<(String, Vec<u8>)>, Vec<Vec<String>>);

fn corpus(n: usize, poison: usize, seed: u64) -> Corpus {
    let mut g = synth::Generator::new(seed, synth::Split::Holdout);
    let mut msgs = Vec::new();
    let mut labels = Vec::new();
    for i in 0..n {
        let note = g.note();
        let key = note.record["patient_id"].as_str().unwrap().to_owned();
        msgs.push((key, note.record.to_string().into_bytes()));
        // Dates are shifted, not removed: a shifted date can equal another
        // note's real one, so this cross-note check leaves dates out (the
        // de-id tests check shifts note by note).
        let is_date = |v: &str| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok();
        let mut planted: Vec<String> = note
            .labels
            .iter()
            .filter(|l| l.kind != "date")
            .map(|l| l.value.clone())
            .collect();
        planted.extend(note.structured.iter().filter(|v| !is_date(v)).cloned());
        labels.push(planted);
        if i % (n / poison.max(1)).max(1) == 0 && msgs.len() < n + poison && poison > 0 {
            let bad = match msgs.len() % 3 {
                0 => b"{\"id\": \"x\", \"text\": ".to_vec(),
                1 => vec![0xff, 0xfe, b'{'],
                _ => br#"{"id":"p","patient_id":"q","text":"no time"}"#.to_vec(),
            };
            msgs.push((format!("poison-{i}"), bad));
        }
    }
    (msgs, labels)
}

fn worker(b: &Broker, out: &Path, stage: &str, group: &str, instance: Option<&str>) -> Command {
    let mut c = medsent();
    if let Ok(level) = std::env::var("MEDSENT_TEST_LOG") {
        c.env("MEDSENT_LOG", level);
    }
    c.args([
        "stream",
        "--stage",
        stage,
        "--brokers",
        &b.addr,
        "--group",
        group,
    ])
    .args(["--topic", "raw", "--clean-topic", "clean"])
    .args(["--session-timeout-ms", "6000", "--batch", "64"])
    // Through the environment, so that a test can change them (flags win over it).
    .env("MEDSENT_FLUSH_ROWS", "60")
    .env("MEDSENT_FLUSH_SECONDS", "1")
    .env("MEDSENT_EXIT_WHEN_IDLE_SECONDS", "12")
    .args(["--include-text", "--model-dir"])
    .arg(tiny_model())
    .arg("--out")
    .arg(out)
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    if let Some(i) = instance {
        c.args(["--instance-id", i]);
    }
    c
}

/// (partition, offset) → copies, and the texts, over the lake's Parquet files.
fn lake(out: &Path) -> (BTreeMap<(u32, u64), usize>, Vec<String>) {
    let mut m = BTreeMap::new();
    let mut texts = Vec::new();
    if !out.exists() {
        return (m, texts);
    }
    for p in files(out) {
        if p.extension().is_none_or(|e| e != "parquet") {
            continue;
        }
        // <topic>+<partition>+<first offset>.parquet
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let part: u32 = name.split('+').nth(1).unwrap().parse().unwrap();
        let body = bytes::Bytes::from(std::fs::read(&p).unwrap());
        for o in parquet_offsets(body) {
            *m.entry((part, o)).or_insert(0) += 1;
        }
        for b in read_parquet(&p) {
            texts.extend(
                strings(&b)
                    .into_iter()
                    .filter(|c| c.0 == "text")
                    .map(|c| c.1),
            );
        }
    }
    (m, texts)
}

fn wait_ok(c: Child, what: &str) {
    let o = c.wait_with_output().unwrap();
    if std::env::var_os("MEDSENT_TEST_SHOW_LOGS").is_some() {
        eprintln!("--- {what}:\n{}", String::from_utf8_lossy(&o.stderr));
    }
    assert!(
        o.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn wait_for_rows(out: &Path, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while lake(out).0.len() < n {
        assert!(Instant::now() < deadline, "fewer than {n} rows after 90 s");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn assert_exactly_once(out: &Path, good: usize) {
    let (m, _) = lake(out);
    let dup: Vec<_> = m.iter().filter(|(_, c)| **c > 1).collect();
    assert!(
        dup.is_empty(),
        "duplicated rows: {:?}",
        &dup[..dup.len().min(5)]
    );
    assert_eq!(m.len(), good, "every good record once");
}

#[test]
fn two_workers_one_killed_and_restarted_exactly_once_with_dead_letters() {
    let b = Broker::start();
    b.create_topic("raw", 4);
    let (msgs, _) = corpus(400, 12, 3);
    let poison = msgs.len() - 400;
    b.produce("raw", &msgs);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lake");
    let w1 = worker(&b, &out, "all", "g1", Some("w1")).spawn().unwrap();
    let mut w2 = worker(&b, &out, "all", "g1", Some("w2")).spawn().unwrap();
    wait_for_rows(&out, 60);
    w2.kill().unwrap(); // SIGKILL: no flush, no commit
    w2.wait().unwrap();
    let w2 = worker(&b, &out, "all", "g1", Some("w2")).spawn().unwrap();
    wait_ok(w1, "worker 1");
    wait_ok(w2, "restarted worker 2");
    assert_exactly_once(&out, 400);
    let dlq = b.read_all("raw.dlq", poison);
    assert!(
        dlq.len() >= poison,
        "{} dead letters of {poison}",
        dlq.len()
    );
    assert!(dlq.iter().all(|(_, h)| h.contains_key("medsent.reason")));
    let reasons: std::collections::BTreeSet<_> = dlq
        .iter()
        .map(|(_, h)| h["medsent.reason"].clone())
        .collect();
    assert!(
        reasons.contains("invalid_json") && reasons.contains("invalid_utf8"),
        "{reasons:?}"
    );
}

#[test]
fn a_worker_that_dies_for_good_is_replaced_by_the_survivor() {
    let b = Broker::start();
    b.create_topic("raw", 4);
    let (msgs, _) = corpus(400, 0, 4);
    b.produce("raw", &msgs);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lake");
    // Dynamic membership: the broker must expire the dead member itself.
    let survivor = worker(&b, &out, "all", "g2", None).spawn().unwrap();
    let mut doomed = worker(&b, &out, "all", "g2", None).spawn().unwrap();
    wait_for_rows(&out, 40);
    doomed.kill().unwrap();
    doomed.wait().unwrap();
    wait_ok(survivor, "survivor");
    assert_exactly_once(&out, 400);
}

#[test]
fn deid_and_infer_tiers_keep_planted_phi_out_of_the_clean_topic_and_the_lake() {
    let b = Broker::start();
    b.create_topic("raw", 2);
    b.create_topic("clean", 2);
    let (msgs, labels) = corpus(200, 0, 5);
    b.produce("raw", &msgs);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lake");
    let d = worker(&b, &out, "deid", "deid-tier", Some("d1"))
        .spawn()
        .unwrap();
    let i = worker(&b, &out, "infer", "infer-tier", Some("i1"))
        .spawn()
        .unwrap();
    wait_ok(d, "deid tier");
    wait_ok(i, "infer tier");
    assert_exactly_once(&out, 200);

    // Everything the infer tier consumed: the PHI-free topic.
    let clean = b.read_all("clean", 200);
    assert_eq!(clean.len(), 200, "each record once on the PHI-free topic");
    let (_, lake_texts) = lake(&out);
    let mut planted = 0;
    for values in &labels {
        for v in values {
            if v.chars().filter(|c| c.is_alphanumeric()).count() < 4 {
                continue; // "3rd" and the like also occur as plain words
            }
            planted += 1;
            for (body, _) in &clean {
                let body = String::from_utf8_lossy(body);
                assert!(
                    !contains_word(&body, v),
                    "planted PHI (synthetic) on the clean topic: {v:?} in {body}"
                );
            }
            for t in &lake_texts {
                assert!(
                    !contains_word(t, v),
                    "planted PHI (synthetic) in the lake: {v:?}"
                );
            }
        }
    }
    assert!(planted > 500, "{planted} planted values checked");
}

#[test]
fn broker_restart_mid_run_loses_nothing() {
    let s3 = S3Server::start(&["tansu"]);
    let b = Broker::start_on(Some(&s3));
    b.create_topic("raw", 2);
    let (msgs, _) = corpus(300, 0, 6);
    b.produce("raw", &msgs);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lake");
    let w = worker(&b, &out, "all", "g4", Some("w1")).spawn().unwrap();
    wait_for_rows(&out, 60);
    b.stop();
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        b.launch(Some(&s3)),
        "the broker restarts on its stored topics"
    );
    wait_ok(w, "worker across the broker restart");
    assert_exactly_once(&out, 300);
}

fn http_get(addr: &str, path: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    let code = body.split_whitespace().nth(1)?.parse().ok()?;
    Some((code, body))
}

fn counter(metrics: &str, name: &str) -> u64 {
    metrics
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[test]
fn sigterm_flushes_and_commits_and_metrics_are_served() {
    let b = Broker::start();
    b.create_topic("raw", 2);
    let (msgs, _) = corpus(150, 0, 7);
    b.produce("raw", &msgs);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lake");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    // Groups never fill or age during the test: only SIGTERM writes them.
    let w = worker(&b, &out, "all", "g5", Some("w1"))
        .env("MEDSENT_FLUSH_ROWS", "100000")
        .env("MEDSENT_FLUSH_SECONDS", "600")
        .env("MEDSENT_EXIT_WHEN_IDLE_SECONDS", "0")
        .args(["--metrics-listen", &addr])
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Some((200, m)) = http_get(&addr, "/metrics")
            && counter(&m, "medsent_stream_consumed_total") >= 150
        {
            assert!(m.contains("# TYPE medsent_consumer_lag gauge"), "{m}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the worker did not consume the topic"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(http_get(&addr, "/readyz").map(|r| r.0), Some(200));
    assert!(
        lake(&out).0.is_empty(),
        "nothing is written before its group closes"
    );
    let pid = w.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    wait_ok(w, "worker stopped by SIGTERM");
    assert_exactly_once(&out, 150);
    // Its offsets were committed: a new worker in the group finds nothing to redo.
    let mut again = worker(&b, &out, "all", "g5", Some("w1"));
    again.env("MEDSENT_EXIT_WHEN_IDLE_SECONDS", "5");
    wait_ok(again.spawn().unwrap(), "second worker");
    assert_exactly_once(&out, 150);
}

//! `medsent-stream-bench --brokers HOST:PORT [--records N] [--partitions P] [--medsent BIN] [-- medsent flags]`
//!
//! Records/s through `medsent stream --stage all` from a pre-filled topic, next to `medsent backfill`
//! on the same records from a file, same model, same machine, same run. Creates topic `bench.raw.<pid>`,
//! fills it with N generated notes (planted PHI), runs the worker until the topic is drained (it exits
//! when idle; the idle wait is subtracted), then the backfill. Flags after `--` go to both runs
//! (e.g. `--model-dir`, `--device`). `bench/stream_bench.sh` starts a local broker and runs it.

use ingest::kafka::rdkafka;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

const IDLE_SECONDS: u64 = 3;

fn main() {
    let (mut brokers, mut n, mut parts) = ("127.0.0.1:9092".to_owned(), 2000usize, 2i32);
    let mut bin = "target/release/medsent".to_owned();
    let mut rest: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--" {
            rest = args.by_ref().collect();
            break;
        }
        let mut v = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--brokers" => brokers = v(),
            "--records" => n = v().parse().unwrap(),
            "--partitions" => parts = v().parse().unwrap(),
            "--medsent" => bin = v(),
            _ => panic!("unknown argument {a}"),
        }
    }
    let topic = format!("bench.raw.{}", std::process::id());
    let mut cfg = ClientConfig::new();
    cfg.set("bootstrap.servers", &brokers);
    let admin: AdminClient<DefaultClientContext> = cfg.create().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(admin.create_topics(
        &[NewTopic::new(&topic, parts, TopicReplication::Fixed(1))],
        &AdminOptions::new(),
    ))
    .unwrap()
    .into_iter()
    .for_each(|r| {
        r.unwrap();
    });
    let dir = std::env::temp_dir().join(format!("medsent-stream-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notes.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
    let p: ThreadedProducer<DefaultProducerContext> =
        cfg.clone().set("linger.ms", "20").create().unwrap();
    let mut g = synth::Generator::new(42, synth::Split::Dev);
    let mut bytes = 0usize;
    for _ in 0..n {
        let rec = g.note().record;
        let body = rec.to_string();
        bytes += body.len();
        writeln!(f, "{body}").unwrap();
        let key = rec["patient_id"].as_str().unwrap_or("").to_owned();
        let mut r = BaseRecord::to(&topic).key(&key).payload(&body);
        loop {
            match p.send(r) {
                Ok(()) => break,
                Err((_, back)) => {
                    r = back;
                    std::thread::sleep(Duration::from_millis(2));
                }
            }
        }
    }
    f.flush().unwrap();
    p.flush(Duration::from_secs(60)).unwrap();

    let run = |args: Vec<String>| -> f64 {
        let t = Instant::now();
        let st = Command::new(&bin)
            .args(&args)
            .args(&rest)
            .env("MEDSENT_LOG", "warn")
            .status()
            .expect("run medsent");
        assert!(st.success(), "medsent {args:?} failed");
        t.elapsed().as_secs_f64()
    };
    let s = |x: &str| x.to_owned();
    let stream_secs = run(vec![
        s("stream"),
        s("--stage"),
        s("all"),
        s("--brokers"),
        brokers.clone(),
        s("--group"),
        format!("bench-{}", std::process::id()),
        s("--topic"),
        topic.clone(),
        s("--exit-when-idle-seconds"),
        IDLE_SECONDS.to_string(),
        s("--out"),
        dir.join("lake-stream").display().to_string(),
    ]) - IDLE_SECONDS as f64;
    let backfill_secs = run(vec![
        s("backfill"),
        s("--no-progress"),
        s("--out"),
        dir.join("lake-backfill").display().to_string(),
        file.display().to_string(),
    ]);
    println!(
        "medsent-stream-bench: {n} records ({:.1} MB), {parts} partitions, {} cores",
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |p| p.get())
    );
    println!("| path | seconds | records/s | MB/s |");
    println!("|---|---:|---:|---:|");
    for (name, secs) in [
        ("stream --stage all (Kafka → lake)", stream_secs),
        ("backfill (file → lake)", backfill_secs),
    ] {
        println!(
            "| {name} | {secs:.2} | {:.1} | {:.2} |",
            n as f64 / secs,
            bytes as f64 / 1e6 / secs
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

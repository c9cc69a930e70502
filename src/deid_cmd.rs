//! `medsent deid`: de-identification only, one JSON line per record.

use crate::cli::DeidArgs;
use crate::{config, stages};
use anyhow::{Context, Result};
use ingest::Item;
use rayon::prelude::*;
use std::io::{BufWriter, Write};

/// Records per chunk handed to the de-identification pool.
const CHUNK: usize = 2048;

pub fn run(args: DeidArgs) -> Result<()> {
    let engine = config::deid_engine(&args.deid)?;
    let spec = crate::inputs::ReadSpec::from_opts(&args.input_opts)?;
    let rt = std::sync::Arc::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?,
    );
    let inputs = crate::inputs::expand(
        std::slice::from_ref(&args.input),
        &spec,
        &sink::S3Options::with_defaults(),
        &rt,
    )?;
    let mut out: Box<dyn Write> = if args.out.as_os_str() == "-" {
        Box::new(BufWriter::new(std::io::stdout()))
    } else {
        let f = std::fs::File::create(&args.out)
            .with_context(|| format!("creating {}", args.out.display()))?;
        Box::new(BufWriter::with_capacity(1 << 20, f))
    };
    let dl_path = args.dead_letter.clone().unwrap_or_else(|| {
        let mut p = args.out.clone().into_os_string();
        p.push(".dead_letter.jsonl");
        p.into()
    });
    let mut dead: Option<BufWriter<std::fs::File>> = None;
    let readers = inputs
        .iter()
        .map(|i| i.open(&spec, &rt))
        .collect::<Result<Vec<_>>>()?;
    let (mut n_in, mut n_out, mut n_dead) = (0u64, 0u64, 0u64);
    // One thread reads and parses the next chunks while the pool
    // de-identifies this one; the bounded channel holds at most two chunks
    // ahead (backpressure: memory stays at a few chunks whatever the input).
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Item>>>(2);
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(move || {
            let mut reader = readers.into_iter().flatten();
            loop {
                let mut chunk = Vec::with_capacity(CHUNK);
                let mut failed = None;
                while chunk.len() < CHUNK {
                    match reader.next() {
                        Some(Ok(item)) => chunk.push(item),
                        Some(Err(e)) => {
                            failed = Some(e);
                            break;
                        }
                        None => break,
                    }
                }
                // A short chunk is the last one.
                let full = chunk.len() == CHUNK;
                if !chunk.is_empty() && tx.send(Ok(chunk)).is_err() {
                    return;
                }
                if let Some(e) = failed {
                    let _ = tx.send(Err(e.into()));
                    return;
                }
                if !full {
                    return;
                }
            }
        });
        for chunk in rx {
            let chunk = chunk?;
            n_in += chunk.len() as u64;
            let lines: Vec<Result<String, ingest::DeadLetter>> = chunk
            .into_par_iter()
            .map(|item| match item {
                Item::Dead(d) => Err(d),
                Item::Record(_, r) => {
                    let (_, red) = stages::deidentify(&engine, &r);
                    let mut v = serde_json::json!({ "id": r.id, "text": red.text, "phi_counts": red.counts });
                    if let Some(d) = stages::deidentify_demographics(&engine, &r) {
                        v["demographics"] = d;
                    }
                    if args.spans {
                        v["spans"] = red
                            .spans
                            .iter()
                            .map(|s| {
                                serde_json::json!({
                                    "start": deid::char_offset(&r.text, s.start),
                                    "end": deid::char_offset(&r.text, s.end),
                                    "kind": s.kind.name(),
                                })
                            })
                            .collect();
                    }
                    Ok(v.to_string())
                }
            })
            .collect();
            for l in lines {
                match l {
                    Ok(line) => {
                        writeln!(out, "{line}")?;
                        n_out += 1;
                    }
                    Err(d) => {
                        let w = match &mut dead {
                            Some(w) => w,
                            None => dead.insert(BufWriter::new(
                                std::fs::File::create(&dl_path)
                                    .with_context(|| format!("creating {}", dl_path.display()))?,
                            )),
                        };
                        serde_json::to_writer(&mut *w, &d)?;
                        writeln!(w)?;
                        n_dead += 1;
                    }
                }
            }
        }
        Ok(())
    })?;
    out.flush()?;
    if let Some(mut w) = dead {
        w.flush()?;
    }
    eprintln!("medsent deid: read={n_in} written={n_out} dead_lettered={n_dead}");
    anyhow::ensure!(n_in == n_out + n_dead, "record accounting mismatch");
    Ok(())
}

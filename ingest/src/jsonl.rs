use crate::{DeadLetter, Item, Position, ReasonCode, Record, Rejection, SourceError};
use std::io::BufRead;
use std::sync::Arc;

/// Limits for reading line-delimited input.
#[derive(Debug, Clone)]
pub struct ReaderConfig {
    /// Lines longer than this become `oversized` dead letters; the reader
    /// never buffers more than this many bytes of one line.
    pub max_record_bytes: usize,
    /// Lines per partition (input chunk). Chunks are the unit of output
    /// segments and of backfill resume, so this must stay fixed for a given
    /// output location.
    pub chunk_lines: u64,
}

impl Default for ReaderConfig {
    fn default() -> Self {
        ReaderConfig {
            max_record_bytes: 1 << 20,
            chunk_lines: 100_000,
        }
    }
}

/// Streams JSON Lines from any reader as [`Item`]s, in input order, with
/// memory bounded by `max_record_bytes`. Blank lines are skipped (they are
/// not records) but still count towards line numbers.
pub struct JsonlReader<R> {
    input: R,
    source: Arc<str>,
    cfg: ReaderConfig,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(input: R, source: impl Into<Arc<str>>, cfg: ReaderConfig) -> Self {
        JsonlReader {
            input,
            source: source.into(),
            cfg,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Number of lines consumed so far.
    pub fn lines_read(&self) -> u64 {
        self.line
    }

    fn pos(&self) -> Position {
        Position {
            source: self.source.clone(),
            partition: ((self.line - 1) / self.cfg.chunk_lines.max(1)) as u32,
            offset: self.line,
        }
    }

    /// Reads one line into `self.buf` (without the terminator). Returns
    /// `Ok(None)` at end of input and `Ok(Some(true))` if the line was longer
    /// than the limit (its bytes were discarded).
    fn read_line(&mut self) -> std::io::Result<Option<bool>> {
        self.buf.clear();
        let mut oversized = false;
        let mut any = false;
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(if any { Some(oversized) } else { None });
            }
            any = true;
            let (take, end) = match memchr(chunk) {
                Some(i) => (i, true),
                None => (chunk.len(), false),
            };
            if !oversized {
                if self.buf.len() + take > self.cfg.max_record_bytes {
                    oversized = true;
                    self.buf.clear();
                } else {
                    self.buf.extend_from_slice(&chunk[..take]);
                }
            }
            self.input.consume(if end { take + 1 } else { take });
            if end {
                return Ok(Some(oversized));
            }
        }
    }
}

fn memchr(s: &[u8]) -> Option<usize> {
    s.iter().position(|&b| b == b'\n')
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Item, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let oversized = match self.read_line() {
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Ok(Some(o)) => o,
                Err(err) => {
                    self.done = true;
                    return Some(Err(SourceError::Io {
                        source_name: self.source.to_string(),
                        line: self.line + 1,
                        err,
                    }));
                }
            };
            self.line += 1;
            let dead = |this: &Self, code, msg: String| {
                Some(Ok(Item::Dead(DeadLetter::new(
                    this.pos(),
                    "ingest",
                    Rejection::new(code, msg),
                ))))
            };
            if oversized {
                let max = self.cfg.max_record_bytes;
                return dead(
                    self,
                    ReasonCode::Oversized,
                    format!("line exceeds {max} bytes"),
                );
            }
            let line = match std::str::from_utf8(&self.buf) {
                Ok(s) => s.trim_end_matches('\r'),
                Err(e) => {
                    let at = e.valid_up_to();
                    return dead(
                        self,
                        ReasonCode::InvalidUtf8,
                        format!("invalid UTF-8 at byte {at}"),
                    );
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let pos = self.pos();
            return Some(Ok(match Record::from_json(line) {
                Ok(r) => Item::Record(pos, Box::new(r)),
                Err(rej) => Item::Dead(DeadLetter::new(pos, "ingest", rej)),
            }));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(input: &[u8], cfg: ReaderConfig) -> Vec<Item> {
        JsonlReader::new(input, "t", cfg)
            .map(|r| r.unwrap())
            .collect()
    }

    #[test]
    fn lines_positions_and_reasons() {
        let good = r#"{"id":"a","patient_id":"p","event_time":"2024-01-01","text":"hi"}"#;
        let mut input = Vec::new();
        input.extend_from_slice(good.as_bytes());
        input.extend_from_slice(b"\r\n\n   \n{bad json\n");
        input.extend_from_slice(&[0xff, 0xfe, b'\n']);
        input.extend_from_slice(format!("{{\"x\":\"{}\"}}\n", "y".repeat(200)).as_bytes());
        input.extend_from_slice(good.as_bytes()); // no trailing newline
        let items = read(
            &input,
            ReaderConfig {
                max_record_bytes: 100,
                chunk_lines: 5,
            },
        );
        let summary: Vec<_> = items
            .iter()
            .map(|i| match i {
                Item::Record(p, _) => (p.offset, p.partition, None),
                Item::Dead(d) => (d.position.offset, d.position.partition, Some(d.reason)),
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (1, 0, None),
                (4, 0, Some(ReasonCode::InvalidJson)),
                (5, 0, Some(ReasonCode::InvalidUtf8)),
                (6, 1, Some(ReasonCode::Oversized)),
                (7, 1, None),
            ]
        );
    }

    proptest! {
        // Any bytes: the reader never panics, never loses a non-blank line and
        // never echoes input into a message.
        #[test]
        fn never_panics_and_accounts_for_every_line(lines in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..80), 0..20)) {
            let mut input = Vec::new();
            for l in &lines {
                input.extend(l.iter().copied().filter(|&b| b != b'\n'));
                input.push(b'\n');
            }
            let items = read(&input, ReaderConfig { max_record_bytes: 64, chunk_lines: 3 });
            let nonblank = lines.iter().filter(|l| {
                let l: Vec<u8> = l.iter().copied().filter(|&b| b != b'\n').collect();
                !std::str::from_utf8(&l).map(|s| s.trim().is_empty()).unwrap_or(false) || l.len() > 64
            }).count();
            prop_assert_eq!(items.len(), nonblank);
            for i in &items {
                if let Item::Dead(d) = i { prop_assert!(d.message.len() < 80); }
            }
        }
    }
}

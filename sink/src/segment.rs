use crate::Row;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Identifies a segment; its object name follows from it alone.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SegmentKey {
    pub dt: NaiveDate,
    pub source: String,
    pub partition: u32,
    pub first_offset: u64,
}

impl SegmentKey {
    pub fn object_path(&self) -> String {
        format!(
            "dt={}/{}+{}+{:020}.parquet",
            self.dt.format("%Y-%m-%d"),
            sanitize(&self.source),
            self.partition,
            self.first_offset
        )
    }
}

/// Source names become part of object keys: keep them to a safe alphabet.
pub(crate) fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[derive(Debug)]
pub struct Segment {
    pub key: SegmentKey,
    pub rows: Vec<Row>,
    pub last_offset: u64,
}

/// Groups rows of one source into segments per (partition, dt), in arrival
/// order. Boundaries depend only on the input (offsets, row counts), so a
/// rerun over the same input produces the same segments and names.
pub struct Segmenter {
    source: String,
    max_rows: usize,
    open: BTreeMap<(u32, NaiveDate), Segment>,
}

impl Segmenter {
    pub fn new(source: impl Into<String>, max_rows: usize) -> Segmenter {
        Segmenter {
            source: source.into(),
            max_rows: max_rows.max(1),
            open: BTreeMap::new(),
        }
    }

    /// Adds a row; returns a segment if this row filled one.
    pub fn push(&mut self, partition: u32, offset: u64, row: Row) -> Option<Segment> {
        let dt = row.event_date;
        let seg = self.open.entry((partition, dt)).or_insert_with(|| Segment {
            key: SegmentKey {
                dt,
                source: self.source.clone(),
                partition,
                first_offset: offset,
            },
            rows: Vec::new(),
            last_offset: offset,
        });
        seg.rows.push(row);
        seg.last_offset = offset;
        if seg.rows.len() >= self.max_rows {
            return self.open.remove(&(partition, dt));
        }
        None
    }

    /// Closes every open segment of `partition` (at the end of an input chunk).
    pub fn finish_partition(&mut self, partition: u32) -> Vec<Segment> {
        let keys: Vec<_> = self
            .open
            .keys()
            .filter(|(p, _)| *p == partition)
            .copied()
            .collect();
        keys.into_iter()
            .filter_map(|k| self.open.remove(&k))
            .collect()
    }

    /// Closes everything.
    pub fn finish(&mut self) -> Vec<Segment> {
        std::mem::take(&mut self.open).into_values().collect()
    }
}

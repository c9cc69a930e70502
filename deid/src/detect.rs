//! Detectors: compiled patterns, context rules and per-record seeds. Each
//! produces byte spans with a kind; `resolve` merges overlaps.

use crate::PhiKind;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

/// A detected identifier: byte offsets into the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: PhiKind,
}

/// A name-like token: Capitalised, ALL CAPS, Mc/O'/hyphenated, or an initial.
const TOK: &str = r"(?:[A-Z][a-zA-Z]*(?:['\-][A-Za-z]+)*\.?)";

const STATES: &str = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|\
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico";

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// Words that are capitalised in notes but are not names: they end a name
/// sequence found by a context rule. Compared case-insensitively.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "came",
    "can",
    "came",
    "did",
    "do",
    "does",
    "done",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "may",
    "me",
    "more",
    "most",
    "my",
    "no",
    "not",
    "now",
    "of",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "per",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "today",
    "tonight",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "yesterday",
    "you",
    "your",
    "tomorrow",
    "who",
    "reports",
    "reported",
    "states",
    "stated",
    "says",
    "said",
    "denies",
    "denied",
    "presents",
    "presented",
    "notes",
    "noted",
    "called",
    "calls",
    "visited",
    "visits",
    "arrived",
    "present",
    "bedside",
    "phone",
    "patient",
    "pt",
    "mr",
    "mrs",
    "ms",
    "dr",
    "md",
    "rn",
    "np",
    "pa",
    "do",
    "note",
    "notes",
    "history",
    "hx",
    "plan",
    "assessment",
    "impression",
    "exam",
    "vitals",
    "medications",
    "allergies",
    "follow",
    "followup",
    "discharge",
    "admission",
    "admitted",
    "diagnosis",
    "daughter",
    "son",
    "wife",
    "husband",
    "mother",
    "father",
    "sister",
    "brother",
    "also",
    "home",
    "clinic",
    "hospital",
    "er",
    "ed",
    "icu",
    "emergency",
    "contact",
    "number",
    "is",
    "well",
    "feels",
    "feeling",
    "doing",
    "seen",
    "see",
    "saw",
    "agrees",
    "agreed",
    "understands",
    "year",
    "years",
    "old",
    "yo",
    "male",
    "female",
    "man",
    "woman",
    "his",
    "her",
    "spoke",
    "discussed",
    "present",
    "available",
    "aware",
    "informed",
    "here",
    "at",
    "name",
    "last",
    "first",
    "next",
    "week",
    "month",
    "day",
    "days",
    "signed",
    "electronically",
    "by",
    "cc",
    "unable",
    "able",
    "lives",
    "living",
    "alone",
    "visit",
    "new",
    "old",
    "pain",
    "none",
    "nka",
    "nkda",
    "yes",
    "ok",
    "okay",
    "hpi",
    "ros",
    "pmh",
    "psh",
    "fh",
    "sh",
    "a&o",
    "x3",
];

pub(crate) fn is_stopword(tok: &str) -> bool {
    let t = tok.trim_end_matches(['.', ',', ':', ';']);
    STOPWORDS.iter().any(|s| s.eq_ignore_ascii_case(t))
}

#[derive(Clone, Copy)]
enum Take {
    /// The whole match.
    All,
    /// One capture group.
    Group(usize),
    /// A capture group holding name tokens: keep the leading tokens before
    /// the first stopword.
    NamesForward(usize),
    /// A capture group holding name tokens: keep the trailing tokens after
    /// the last stopword.
    NamesBackward(usize),
    /// A facility: name tokens in the group (trimmed as `NamesBackward`)
    /// through the end of the whole match (the facility word).
    Facility(usize),
}

struct Rule {
    re: Regex,
    kind: PhiKind,
    take: Take,
    /// Extra groups that also hold PHI (e.g. the ZIP after "City, ST").
    also: &'static [(usize, PhiKind)],
    /// Extra check on the matched text (for shapes a regex states poorly).
    filter: Option<fn(&str) -> bool>,
}

/// The compiled, record-independent detectors. Build once, share freely.
pub struct Patterns {
    rules: Vec<Rule>,
    fax_ctx: Regex,
    names: crate::names::NameDict,
}

fn rule(re: &str, kind: PhiKind, take: Take) -> Rule {
    // ASCII word boundaries: a Unicode `\b` makes the regex crate leave its
    // fast DFA on any non-ASCII byte (curly quotes, accents), ~100x slower.
    let re = re.replace(r"\b", r"(?-u:\b)");
    Rule {
        re: Regex::new(&re).unwrap_or_else(|e| panic!("bad built-in pattern: {e}")),
        kind,
        take,
        also: &[],
        filter: None,
    }
}

impl Patterns {
    pub fn new() -> Patterns {
        use PhiKind::*;
        use Take::*;
        let id_tail = r"[\s:#.]*(?i:is\s+|number\s+|no\.?\s+|num\s+)?#?\s*([A-Za-z0-9][A-Za-z0-9\-]{3,}\d[A-Za-z0-9\-]*|[A-Za-z0-9\-]*\d[A-Za-z0-9\-]{3,})";
        let ctx_id =
            |words: &str, kind| rule(&format!(r"(?i:\b(?:{words}))\b{id_tail}"), kind, Group(1));
        let titles = r"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sr|Sister|Nurse|DR|MR|MRS|MS|MISS|PROF)\.?\s+";
        let relations = r"(?i:\b(?:patient|pt|name|wife|husband|son|daughter|mother|mom|father|dad|sister|brother|spouse|partner|friend|neighbou?r|caregiver|guardian|aunt|uncle|niece|nephew|cousin|grandmother|grandfather|grandson|granddaughter|grandma|grandpa|fianc[eé]e?|boyfriend|girlfriend|roommate|contact|attending|resident|intern|fellow|nurse|physician|surgeon|therapist|pcp|provider|signed|seen by|referred by|dictated by|cc|by|sw|social worker|case manager|chaplain|pharmacist))";
        let rules = vec![
            // Contact and network identifiers.
            rule(
                r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b",
                Email,
                All,
            ),
            rule(
                r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"'()\[\]]+[^\s<>"'()\[\].,;:!?]"#,
                Url,
                All,
            ),
            rule(
                r"\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b",
                Ip,
                All,
            ),
            rule(
                r"\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b|\b(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?\b",
                Ip,
                All,
            ),
            rule(r"\b\d{3}-\d{2}-\d{4}\b", Ssn, All),
            rule(
                r"(?i:\b(?:ssn|social security(?:\s+(?:number|no\.?|#))?))[\s:#]*(\d{3}[\s\-]?\d{2}[\s\-]?\d{4})\b",
                Ssn,
                Group(1),
            ),
            rule(
                r"(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.\-])\d{3}[\s.\-]\d{4}\b(?:\s*(?:x|ext\.?)\s*\d{1,5})?",
                Phone,
                All,
            ),
            // Record, account, plan, licence, vehicle and device numbers by context.
            ctx_id(
                r"mrn|medical record(?:\s+(?:number|no\.?|#))?|mr\s?#|record\s?#|chart(?:\s+(?:number|no\.?|#))?|hospital\s+(?:number|no\.?|#)|patient\s+id",
                Mrn,
            ),
            ctx_id(
                r"member(?:\s+id)?|subscriber(?:\s+id)?|policy|plan\s+id|group(?:\s+(?:number|no\.?|#))|insurance(?:\s+id)?|medicaid(?:\s+id)?|medicare(?:\s+id)?|beneficiary(?:\s+id)?|health\s+plan(?:\s+id)?",
                HealthPlan,
            ),
            ctx_id(
                r"account|acct|billing(?:\s+(?:number|no\.?|#))?|invoice|claim",
                Account,
            ),
            ctx_id(
                r"licen[cs]e|lic\.?|dea|npi|certificate|cert\.?|registration|passport|driver'?s\s+licen[cs]e",
                License,
            ),
            ctx_id(r"vin|license\s+plate|plate|vehicle(?:\s+id)?|tag", Vehicle),
            ctx_id(
                r"serial|s/n|sn|device(?:\s+id)?|udi|implant(?:\s+id)?|model\s+(?:number|no\.?|#)|lot",
                Device,
            ),
            Rule {
                filter: Some(vin_like),
                ..rule(r"(?i)\b[A-HJ-NPR-Z0-9]{17}\b", Vehicle, All)
            },
            // Ages over 89.
            rule(
                r"(?i)\b((?:9\d|1[0-2]\d))\s*(?:-|\s)?(?:years?|yrs?|y/?o|yo)\b(?:[\s\-]*old)?",
                Age,
                Group(1),
            ),
            rule(r"(?i)\bage[d]?\s*:?\s*((?:9\d|1[0-2]\d))\b", Age, Group(1)),
            // Dates (all elements but the year are PHI).
            rule(r"\b\d{4}-\d{1,2}-\d{1,2}\b", Date, All),
            rule(r"\b\d{1,2}[/\-.]\d{1,2}[/\-.](?:\d{4}|\d{2})\b", Date, All),
            rule(
                r"\b(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])\b",
                Date,
                All,
            ),
            rule(
                &format!(r"(?i)\b\d{{1,2}}[\-\s]{MONTH}\.?[\-\s,]+(?:\d{{4}}|\d{{2}})\b"),
                Date,
                All,
            ),
            rule(
                &format!(r"(?i)\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"),
                Date,
                All,
            ),
            rule(
                &format!(
                    r"(?i)\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b\.?(?:,?\s+\d{{4}}\b)?"
                ),
                Date,
                All,
            ),
            rule(&format!(r"(?i)\b{MONTH}\.?,?\s+\d{{4}}\b"), Date, All),
            rule(r"(?i)\bthe\s+(\d{1,2}(?:st|nd|rd|th))\b", Date, Group(1)),
            // Street addresses and PO boxes.
            rule(
                &format!(
                    r"\b\d{{1,6}}\s+(?:{TOK}\s+){{0,3}}{TOK}\s+(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|row|alley|plaza|loop)\b\.?(?:,?\s+(?i:apt|apartment|suite|ste|unit|room|rm|#)\.?\s*#?\s*[A-Za-z0-9\-]+)?"
                ),
                Address,
                All,
            ),
            rule(r"(?i)\bp\.?\s?o\.?\s+box\s+\d+\b", Address, All),
            // City, State ZIP.
            Rule {
                also: &[(2, Zip)],
                ..rule(
                    &format!(
                        r"\b({TOK}(?:\s+{TOK}){{0,2}}),\s+(?:{STATES})\b(?:\.?,?\s+(\d{{5}}(?:-\d{{4}})?))?"
                    ),
                    Location,
                    NamesBackward(1),
                )
            },
            rule(
                r"(?i:\bzip(?:\s*code)?)[\s:#]*(\d{5}(?:-\d{4})?)\b",
                Zip,
                Group(1),
            ),
            // Named facilities.
            rule(
                &format!(
                    r"\b((?:{TOK}\s+){{1,4}})(?i:hospital|medical cent(?:er|re)|clinic|health cent(?:er|re)|health system|healthcare|infirmary|rehabilitation cent(?:er|re)|rehab cent(?:er|re)|nursing home|hospice|urgent care|surgical cent(?:er|re)|cancer cent(?:er|re)|care cent(?:er|re)|senior living|assisted living)\b"
                ),
                Location,
                Facility(1),
            ),
            // Names by title, relation or role, and by credential suffix.
            rule(
                &format!(r"{titles}({TOK}(?:\s+{TOK}){{0,2}})"),
                Name,
                NamesForward(1),
            ),
            rule(
                &format!(
                    r"{relations}[\s:,\-]+(?:(?i:is|was|named)\s+)?({TOK}(?:\s+{TOK}){{0,2}})"
                ),
                Name,
                NamesForward(1),
            ),
            rule(
                &format!(
                    r"\b({TOK}(?:\s+{TOK}){{0,2}}),?\s+(?:MD|M\.D\.|DO|RN|NP|PA-C|PA|PhD|DDS|DMD|LPN|CNA|LCSW|MSW|PharmD|DPM|APRN|CRNA|FNP|DNP)\b"
                ),
                Name,
                NamesBackward(1),
            ),
            // International and loosely grouped phone numbers (8–15 digits, not a date).
            Rule {
                filter: Some(phone_like),
                ..rule(
                    r"(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\b\d{2,5}(?:[\s.\-]\d{2,4}){1,4}\b",
                    Phone,
                    All,
                )
            },
            // Apartment and suite numbers on their own.
            rule(
                r"(?i)\b(?:apt|apartment|suite|ste|unit)\.?\s*#?\s*\d+[A-Za-z]?\b",
                Address,
                All,
            ),
            // Payment card and IBAN-shaped account numbers.
            rule(r"\b(?:\d{4}[\s\-]){3}\d{1,7}\b", Account, All),
            Rule {
                filter: Some(many_digits),
                ..rule(r"(?i)\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b", Account, All)
            },
            // Letter-prefixed codes (licences, member ids) and 3/4-2-4 digit groups.
            rule(r"\b[A-Za-z]{1,3}\d{6,}\b", Id, All),
            rule(r"\b\d{3,4}-\d{2}-\d{4}\b", Id, All),
            // Any other long number (record numbers without context, etc.).
            rule(r"\b\d{7,}\b", Id, All),
        ];
        Patterns {
            rules,
            fax_ctx: Regex::new(r"(?i)\bfax\b").expect("fax pattern"),
            names: crate::names::NameDict::new(),
        }
    }

    pub(crate) fn detect(&self, text: &str, out: &mut Vec<Span>) {
        for r in &self.rules {
            match r.take {
                Take::All => {
                    for m in r.re.find_iter(text) {
                        if r.filter.is_some_and(|f| !f(m.as_str())) {
                            continue;
                        }
                        push(out, m.start(), m.end(), r.kind);
                    }
                }
                Take::NamesForward(g) => {
                    // Resume right after the kept names (or the trigger), not after
                    // the whole match: a dropped tail may hold the next trigger.
                    let mut pos = 0;
                    while let Some(c) = r.re.captures_at(text, pos) {
                        let (Some(m), Some(whole)) = (c.get(g), c.get(0)) else {
                            break;
                        };
                        let (s, e) = names_forward(text, m.start(), m.end());
                        push(out, s, e, r.kind);
                        pos = if e > s {
                            e
                        } else {
                            m.start().max(whole.start() + 1)
                        };
                        pos = ceil_char(text, pos);
                    }
                }
                take => {
                    for c in r.re.captures_iter(text) {
                        let g = match take {
                            Take::Group(g)
                            | Take::NamesForward(g)
                            | Take::NamesBackward(g)
                            | Take::Facility(g) => g,
                            Take::All => 0,
                        };
                        if let Some(m) = c.get(g) {
                            let (s, e) = match take {
                                Take::NamesForward(_) => names_forward(text, m.start(), m.end()),
                                Take::NamesBackward(_) => names_backward(text, m.start(), m.end()),
                                Take::Facility(_) => {
                                    let (s, e) = names_backward(text, m.start(), m.end());
                                    let whole = c.get(0).map_or(e, |w| w.end());
                                    if s == e { (s, s) } else { (s, whole) }
                                }
                                _ => (m.start(), m.end()),
                            };
                            push(out, s, e, r.kind);
                        }
                        for &(g, kind) in r.also {
                            if let Some(m) = c.get(g) {
                                push(out, m.start(), m.end(), kind);
                            }
                        }
                    }
                }
            }
        }
        self.names.detect(text, out);
        // Phone numbers introduced by "fax" are fax numbers.
        for s in out.iter_mut().filter(|s| s.kind == PhiKind::Phone) {
            let from = floor_char(text, s.start.saturating_sub(24));
            if self.fax_ctx.is_match(&text[from..s.start]) {
                s.kind = PhiKind::Fax;
            }
        }
    }
}

impl Default for Patterns {
    fn default() -> Self {
        Patterns::new()
    }
}

/// 8–15 digits and not shaped like a date.
fn phone_like(s: &str) -> bool {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let groups: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let date_like = groups.len() == 3
        && ((groups[0].len() == 4 && groups[1].len() <= 2 && groups[2].len() <= 2)
            || (groups[0].len() <= 2 && groups[1].len() <= 2 && matches!(groups[2].len(), 2 | 4)));
    (8..=15).contains(&digits) && !date_like
}

fn many_digits(s: &str) -> bool {
    s.bytes().filter(u8::is_ascii_digit).count() >= 8
}

/// A VIN has both letters and digits.
fn vin_like(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit()) && s.bytes().any(|b| b.is_ascii_alphabetic())
}

fn push(out: &mut Vec<Span>, start: usize, end: usize, kind: PhiKind) {
    if end > start {
        out.push(Span { start, end, kind });
    }
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Token boundaries (start, end) of whitespace-separated tokens in text[s..e].
fn tokens(text: &str, s: usize, e: usize) -> impl DoubleEndedIterator<Item = (usize, usize)> + '_ {
    let sub = &text[s..e];
    sub.split_whitespace().map(move |t| {
        let off = t.as_ptr() as usize - sub.as_ptr() as usize;
        (s + off, s + off + t.len())
    })
}

fn names_forward(text: &str, s: usize, e: usize) -> (usize, usize) {
    let mut end = s;
    for (a, b) in tokens(text, s, e) {
        if is_stopword(&text[a..b]) {
            break;
        }
        end = b;
    }
    (s, end)
}

fn names_backward(text: &str, s: usize, e: usize) -> (usize, usize) {
    let mut start = e;
    for (a, b) in tokens(text, s, e).rev() {
        if is_stopword(&text[a..b]) {
            break;
        }
        start = a;
    }
    (start, e)
}

/// Per-record identifiers from structured fields, found wherever they recur
/// in the text (case-insensitive, on word boundaries).
pub(crate) struct Seeds {
    ac: AhoCorasick,
    kinds: Vec<PhiKind>,
}

impl Seeds {
    pub(crate) fn build(seeds: &[(PhiKind, String)]) -> Option<Seeds> {
        if seeds.is_empty() {
            return None;
        }
        // Built per record: a non-contiguous NFA builds in microseconds, where
        // the default (a DFA for few patterns) costs more than the search.
        let ac = AhoCorasickBuilder::new()
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(seeds.iter().map(|(_, v)| v.as_str()))
            .ok()?;
        Some(Seeds {
            ac,
            kinds: seeds.iter().map(|(k, _)| *k).collect(),
        })
    }

    pub(crate) fn detect(&self, text: &str, out: &mut Vec<Span>) {
        let b = text.as_bytes();
        let word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
        for m in self.ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let starts_word = s == 0 || !word(s - 1) || !word(s);
            let ends_word = e == b.len() || !word(e) || !word(e - 1);
            if starts_word && ends_word {
                push(out, s, e, self.kinds[m.pattern().as_usize()]);
            }
        }
    }
}

/// Sorts spans and merges overlapping or touching ones into their union; the
/// union takes the kind of its longest member (the earliest on ties).
pub(crate) fn resolve(spans: &mut Vec<Span>) {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut out: Vec<(Span, usize)> = Vec::with_capacity(spans.len());
    for s in spans.drain(..) {
        match out.last_mut() {
            Some((cur, best)) if s.start < cur.end => {
                if s.end - s.start > *best {
                    *best = s.end - s.start;
                    cur.kind = s.kind;
                }
                cur.end = cur.end.max(s.end);
            }
            _ => out.push((s, s.end - s.start)),
        }
    }
    spans.extend(out.into_iter().map(|(s, _)| s));
}

#[cfg(test)]
mod profile {
    /// Per-rule time on a synthetic-looking corpus: `cargo test --release -p deid profile -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn per_rule_time() {
        let base = "Patient John Smith is a 64-year-old seen at Mercy General Hospital on 3/13. He is angry and reports nausea. \
                    MRN: L3790226. DOB: 4-Feb-1937. Seen by Dr. Rossi today. Vital signs reviewed. Lungs clear to auscultation bilaterally. \
                    Call back at (617) 555-0134; fax results to 617.555.0199. Lives at 12 Oak Street, Springfield, MA 01103. \
                    Continue current medications and monitor blood glucose twice daily. Labs pending; will reassess in the morning. ";
        let text = base.repeat(2000);
        let p = super::Patterns::new();
        let mut total = 0.0;
        for (i, r) in p.rules.iter().enumerate() {
            let t = std::time::Instant::now();
            let n = r.re.captures_iter(&text).count();
            let s = t.elapsed().as_secs_f64();
            total += s;
            println!(
                "rule {i:2} {:?} {n:6} matches {:7.1} MB/s  {}",
                r.kind,
                text.len() as f64 / 1e6 / s,
                &r.re.as_str()[..r.re.as_str().len().min(60)]
            );
        }
        println!("all rules: {:.1} MB/s", text.len() as f64 / 1e6 / total);
    }
}

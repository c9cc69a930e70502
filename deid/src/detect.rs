//! Detectors: compiled patterns, context rules and per-record seeds. Each
//! produces byte spans with a kind; `resolve` merges overlaps.

use crate::PhiKind;
use crate::names::FastMap;
use regex::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, Match, meta};

/// A detected identifier: byte offsets into the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: PhiKind,
}

/// A name-like token: Capitalised, ALL CAPS, Mc/O'/hyphenated, or an initial.
/// Any script's letters ("Åsa", "Marín", "Chocholová").
const TOK: &str = r"(?:\p{Lu}[\p{L}\p{M}]*(?:['\-][\p{L}\p{M}]+)*\.?)";

pub(crate) const STATES: &str = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|\
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico";

/// Days of the month in words ("fourteenth", "twenty-first").
const ORDINAL_WORDS: &str = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[\s\-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|thirty[\s\-]first)";

/// Ages over 89 in words: ninety to ninety-nine, one hundred to one hundred
/// and twenty-nine.
const AGE_WORDS: &str = r"ninety(?:[\s\-]+(?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|a)[\s\-]+hundred(?:(?:\s+and)?[\s\-]+(?:(?:twenty[\s\-]+)?(?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?";

/// Lower-case particles inside surnames besides those of street and place
/// names ([`crate::streets::PARTICLES`]): "Mr. bin Hassan", "Dr. ter Horst".
const NAME_PARTICLES: &[&str] = &["bin", "ibn", "al", "el", "ter"];

/// A lower-case particle inside a surname ("van", "de", "bin").
pub(crate) fn name_particle(w: &str) -> bool {
    crate::streets::particle(w) || NAME_PARTICLES.contains(&w)
}

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// Words that are capitalised in notes but are not names: they end a name
/// sequence found by a context rule. Compared case-insensitively.
pub(crate) const STOPWORDS: &[&str] = &[
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
    // Prepositions of place: a street or facility's name stops at them in
    // capitals ("LEFT AT THE SHELL STATION ONTO MAPLE STREET").
    "onto",
    "near",
    "around",
    "upon",
    "toward",
    "towards",
    "across",
    "behind",
    "beside",
    "past",
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
    "appt",
    "appts",
    "tmax",
    "tmin",
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
    // Every stopword is ASCII and short: anything else is not one. The
    // lexicon holds the list (its `STOP` bit), as tokens see it.
    t.is_ascii() && crate::lexicon::flags(t) & crate::lexicon::STOP != 0
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

/// Where a rule can match, so that the engine runs it only there. Every
/// gate is a necessary condition of the rule's regex: a gated rule finds
/// everything a scan of the whole text would (the `fast_path_covers_reference`
/// test checks this against [`Patterns::detect_reference`]).
#[derive(Clone, Copy)]
enum Gate {
    /// Scanned over the whole text on its own (rules whose literal, e.g. `@`,
    /// makes the regex engine skip most of the text).
    Scan,
    /// Part of the one combined scan of shape rules (digits and codes).
    Shapes,
    /// Every match begins with one of the rule's trigger words.
    Starts,
    /// Every match holds a trigger word that is at most `back` words after
    /// the match's first word (and 200 bytes), and ends at most `fwd` bytes
    /// after the trigger word.
    Around { back: usize, fwd: usize },
    /// Scanned over the whole text, only if a trigger word occurs in it.
    ScanIf,
}

struct Rule {
    re: meta::Regex,
    /// For a rule with Unicode letter classes: the same pattern with ASCII
    /// letter classes, which finds the same matches and groups in ASCII text
    /// from automata many times smaller (the capture engine's cost grows with
    /// the NFA's size; a reverse lazy-DFA state over `\p{L}` costs ~100k
    /// instructions to build).
    ascii: Option<meta::Regex>,
    /// The pattern as compiled (for the combined shape scan).
    src: String,
    kind: PhiKind,
    take: Take,
    /// Extra groups that also hold PHI (e.g. the ZIP after "City, ST").
    also: &'static [(usize, PhiKind)],
    /// Extra check on the matched text (for shapes a regex states poorly).
    /// Called with the whole text and the match's byte range.
    filter: Option<fn(&str, usize, usize) -> bool>,
    gate: Gate,
    /// Trigger words of `Starts`, `Around` and `ScanIf` gates: whole words,
    /// compared in lower case, or exactly (case-sensitive) if `exact`.
    words: &'static [&'static str],
    exact: bool,
    /// The trigger words are word endings (a capitalised word at least two
    /// letters longer that ends with one triggers the rule).
    suffix: bool,
    /// A cheap necessary condition checked at a trigger word before the regex runs.
    pre: Pre,
}

/// Cheap checks around a trigger word (byte offsets of the word).
#[derive(Clone, Copy)]
enum Pre {
    None,
    /// A digit within this many bytes after the word.
    DigitAfter(usize),
    /// A capital letter within this many bytes before the word.
    UpperBefore(usize),
    /// A comma before the word, with only spaces between.
    CommaBefore,
    /// A capital letter begins one of the next four words (names after a
    /// title: "Dr. Ann", "Dr. van der Berg" — the period is a word here).
    NameSoon,
    /// One of the next five words holds a digit (an identifier after
    /// "medical record number:").
    IdSoon,
    /// The first of the next three words that is not one of these (compared
    /// in ASCII lower case) begins with a capital letter: a name right after
    /// a relation ("wife: Ann", "seen by Dr", "sister is named Ann").
    NameNext(&'static [&'static str]),
    /// The word before this one, with only spaces between, holds a capital
    /// letter (the last word of a name before "Hospital").
    UpperWordBefore,
    /// An opening bracket within this many bytes before the word ("Ann
    /// (pt's daughter)").
    ParenBefore(usize),
    /// The word itself begins with a capital letter.
    Capital,
    /// The word after the next begins with a lower-case letter ("lives on
    /// maple avenue").
    LowerSecond,
    /// Spaces, a bracket or a period, then an ASCII lower-case letter ("son
    /// david", "son (david)", "dr. adeyemi").
    LowerNext,
    /// A month and day joined by a hyphen follow ("on 5-14", "D: 10-18").
    MonthDayAfter,
    /// A comma within this many bytes before the word ("Ann Lee, pt's
    /// daughter").
    CommaWithin(usize),
    /// An opening bracket follows, after spaces ("urology (Brown)").
    ParenAfter,
    /// "from" within this many bytes before the word ("Ann from case
    /// management").
    FromWithin(usize),
    /// A colon right after the word, after spaces ("Charge RN: Ann").
    ColonAfter,
    /// Every one of these holds.
    All(&'static [Pre]),
}

impl Pre {
    fn holds(self, text: &str, start: usize, end: usize) -> bool {
        let b = text.as_bytes();
        let after = |n: usize| &b[end..(end + n).min(b.len())];
        let before = |n: usize| &b[start.saturating_sub(n)..start];
        // Non-ASCII bytes may be capitals (É): let the regex decide.
        let upper = |c: &u8| c.is_ascii_uppercase() || !c.is_ascii();
        match self {
            Pre::None => true,
            Pre::DigitAfter(n) => after(n).iter().any(u8::is_ascii_digit),
            Pre::UpperBefore(n) => before(n).iter().any(upper),
            Pre::ParenBefore(n) => before(n).contains(&b'('),
            Pre::CommaWithin(n) => before(n).contains(&b','),
            Pre::Capital => b.get(start).is_some_and(upper),
            Pre::LowerSecond => words_after(b, end, 2)
                .nth(1)
                .is_some_and(|w| w[0].is_ascii_lowercase() || !w[0].is_ascii()),
            Pre::LowerNext => {
                let n = run_at(b, end, |&c| matches!(c, b' ' | b'\t' | b'(' | b'.'));
                n > 0 && b.get(end + n).is_some_and(u8::is_ascii_lowercase)
            }
            Pre::MonthDayAfter => {
                let mut i = end;
                while i < b.len() && i < end + 8 && matches!(b[i], b' ' | b'\t' | b':') {
                    i += 1;
                }
                let d = run_at(b, i, u8::is_ascii_digit);
                (1..=2).contains(&d)
                    && b.get(i + d) == Some(&b'-')
                    && b.get(i + d + 1).is_some_and(u8::is_ascii_digit)
            }
            Pre::ParenAfter => b[end..].iter().find(|&&c| c != b' ') == Some(&b'('),
            Pre::FromWithin(n) => before(n).windows(4).any(|w| w == b"from"),
            Pre::All(all) => all.iter().all(|p| p.holds(text, start, end)),
            Pre::NameSoon => words_after(b, end, 4).any(|w| w.first().is_some_and(&upper)),
            Pre::IdSoon => words_after(b, end, 5).any(|w| w.iter().any(u8::is_ascii_digit)),
            // As the regex's `\s*:` sees it (a vertical tab is a space there,
            // which `is_ascii_whitespace` leaves out); a byte outside ASCII
            // may be a space there: let the regex decide.
            Pre::ColonAfter => b[end..]
                .iter()
                .find(|&&c| !(c.is_ascii_whitespace() || c == 0x0B))
                .is_some_and(|&c| c == b':' || !c.is_ascii()),
            Pre::NameNext(skip) => {
                for w in words_after(b, end, 3) {
                    // A space outside ASCII does not split `words_after`'s
                    // words but does the regex's: let the regex decide.
                    if upper(&w[0]) || !w.is_ascii() {
                        return true;
                    }
                    if !skip.iter().any(|s| w.eq_ignore_ascii_case(s.as_bytes())) {
                        return false;
                    }
                }
                false
            }
            Pre::UpperWordBefore => {
                let head = &b[..start];
                let word_end = head
                    .iter()
                    .rposition(|&c| !is_space(c))
                    .map_or(0, |i| i + 1);
                if word_end == start {
                    // No ASCII space before: a non-ASCII one may be there.
                    return head.last().is_some_and(|c| !c.is_ascii());
                }
                head[..word_end]
                    .iter()
                    .rev()
                    .take_while(|&&c| !is_space(c))
                    .any(upper)
            }
            Pre::CommaBefore => before(start)
                .iter()
                .rev()
                .find(|&&c| !is_space(c))
                // A space outside ASCII (no-break) ends in a non-ASCII byte.
                .is_some_and(|&c| c == b',' || !c.is_ascii()),
        }
    }
}

/// The word before a state (and its ZIP) is a town: the gazetteer has it, or no
/// list of English words or names does.
fn town_before_state(text: &str, start: usize, end: usize) -> bool {
    use crate::lexicon::{ENGLISH, KNOWN, NAME, PLACE, STOP, flags};
    let head = text[start..end].trim_end_matches(|c: char| c.is_ascii_digit() || c == '-');
    let town = head
        .split_whitespace()
        .rev()
        .nth(1)
        .unwrap_or("")
        .trim_end_matches('.');
    let f = flags(town);
    f & PLACE != 0 || f & (ENGLISH | STOP | KNOWN | NAME) == 0
}

/// A state code "ID" at `end` is a label where a number that is no ZIP code
/// follows it ("(MEDICAL INTERPRETER, ID 097183)", "ID: 4421"); "Boise, ID."
/// and "Boise, ID 83702" stay places.
fn no_id_label(text: &str, end: usize) -> bool {
    let head = text[..end].trim_end_matches(|c: char| c.is_ascii_digit() || c == '-');
    let head = head.trim_end();
    if !head.ends_with("ID") && !head.ends_with("Id") {
        return true;
    }
    let after = text[head.len()..].trim_start_matches([' ', ':', '#']);
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    digits == 0 || digits == 5
}

/// The words before the match's first comma do not end with a generation
/// ("Mark Stone III, PA" is a person and a credential, not a town and a state).
fn no_generation_before_comma(text: &str, start: usize, end: usize) -> bool {
    let m = &text[start..end];
    let head = m.split(',').next().unwrap_or(m);
    let last = head.rsplit(' ').next().unwrap_or("").trim_end_matches('.');
    !matches!(last, "Jr" | "Sr" | "II" | "III" | "IV" | "JR" | "SR")
}

/// A street after a leading street word is named by words, not only by
/// acronyms of a note ("Admitted 02-22-2023 via ED. BP 142/88" is no street).
fn street_not_acronyms(text: &str, start: usize, end: usize) -> bool {
    let words: Vec<&str> = text[start..end].split_whitespace().collect();
    let [_, name @ .., _] = &words[..] else {
        return true;
    };
    !name.iter().all(|w| {
        let w = w.trim_end_matches('.');
        (2..=3).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_uppercase())
    })
}

/// The words before a month-day end with a count and its unit ("1 unit",
/// "2 doses").
fn counted_dose(before: &[&str]) -> bool {
    let [.., n, u] = before else {
        return false;
    };
    n.bytes().all(|c| c.is_ascii_digit()) && unit_word(&u.to_ascii_lowercase())
}

/// "Unit" and a number alone are a home's only where no count or ward is
/// meant: not a dose or a blood product after a number ("Transfused 1 unit
/// 3-1", "2 units 4-5"), nor a ward after a word of moving or place ("moved
/// to unit 4", "on unit 5", "back to the unit 3").
fn no_ward_or_dose(text: &str, start: usize, _end: usize) -> bool {
    if !text[start..]
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("unit"))
    {
        return true;
    }
    let before = text[..start].trim_end_matches([' ', '\t']);
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let counted = !word.is_empty() && word.bytes().all(|c| c.is_ascii_digit());
    let ward = [
        "to", "on", "from", "the", "same", "our", "this", "that", "floor", "off",
    ]
    .iter()
    .any(|w| w.eq_ignore_ascii_case(word));
    !(counted || ward)
}

/// The patient is no named person right after a relation word, in capitals
/// as in any case ("CONSENT SIGNED BY PT'S GUARDIAN"): the word after it is
/// not the patient's (`pt's`, `patient's`) nor `patient` ("seen by Shah PT"
/// stays: physical therapy after a name).
fn not_the_patient(text: &str, start: usize, end: usize) -> bool {
    let second = text[start..end]
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '(' | ')' | '-'))
        .filter(|w| !w.is_empty())
        .nth(1)
        .unwrap_or("");
    let possessive = crate::context::clitic(second) == Some("'s");
    let base = if possessive {
        &second[..second.len() - 2]
    } else {
        second
    };
    !(base.eq_ignore_ascii_case("patient") || possessive && base.eq_ignore_ascii_case("pt"))
}

/// A credential is the name's, not the first word of the next sentence
/// ("advanced Parkinson's. RN John notified"): no word of three letters or
/// more ends with a period right before it ("J. Lee, M.D.", "Ann Lee Jr. MD").
fn credential_in_sentence(text: &str, start: usize, end: usize) -> bool {
    let m = &text[start..end];
    // A role before a colon is a label: "Charge RN: Ann", "Primary RN:" (one
    // English word that is no name, starting its sentence, right before the
    // credential; "Ann Lee RN: seen" and "Seen by Hill RN:" stay).
    if text[end..].trim_start_matches(' ').starts_with(':') {
        let head =
            m[..m.trim_end().rfind(char::is_whitespace).unwrap_or(0)].trim_end_matches([' ', ',']);
        let before = head.rsplit(char::is_whitespace).next().unwrap_or("");
        let f = crate::lexicon::flags(before);
        let starts = crate::context::starts_sentence(text, start + head.len() - before.len());
        if starts
            && f & crate::lexicon::ENGLISH != 0
            && f & (crate::lexicon::NAME | crate::lexicon::WEAK_NAME) == 0
        {
            return false;
        }
    }
    let head = m
        .trim_end()
        .rsplit_once(char::is_whitespace)
        .map_or("", |(h, _)| h)
        .trim_end_matches([' ', ',']);
    let Some(word) = head.strip_suffix('.') else {
        return true;
    };
    let last = word.rsplit([' ', '.']).next().unwrap_or(word);
    last.chars().count() < 3 || matches!(last, "Jr" | "Sr" | "JR" | "SR")
}

/// Words before a number (up to five, in its sentence) that make it a
/// measurement, not an age: vital signs and tests (and `MEASURED`).
#[rustfmt::skip]
const TESTS: &[&str] = &[
    // Vital signs.
    "hr", "pulse", "rate", "rates", "bp", "bps", "sbp", "dbp", "sbps", "map", "maps", "rr",
    "resp", "spo2", "sao2", "sat", "sats", "satting", "saturation", "o2", "temp", "temps", "t",
    "tmax", "tmin", "tc", "temperature", "febrile", "fever", "fevers", "glucose", "glucoses",
    "bg", "bgs", "fsbg", "fs", "fingerstick", "fingersticks", "cbg", "bs", "sugar", "sugars",
    "weight", "wt", "weighs", "weighed", "height", "ht", "bmi", "vitals", "vital", "systolic",
    "diastolic", "hypotensive", "hypertensive", "tachycardic", "bradycardic", "tachy", "tach",
    "rvr", "hypoxic",
    // Laboratory values and tests.
    "na", "sodium", "k", "potassium", "cl", "chloride", "co2", "bicarb", "hco3", "bun", "cr",
    "creat", "creatinine", "gfr", "egfr", "clearance", "hgb", "hb", "hemoglobin",
    "haemoglobin", "hct", "hematocrit", "plt", "plts", "platelet", "platelets", "wbc", "inr",
    "ptt", "ldl", "hdl", "tg", "tgs", "triglycerides", "cholesterol", "a1c", "hba1c", "tsh",
    "t4", "psa", "ck", "cpk", "ast", "alt", "alk", "phos", "bili", "bilirubin", "lipase",
    "amylase", "bnp", "troponin", "trop", "ferritin", "b12", "folate", "iron", "lactate",
    "albumin", "protein", "calcium", "ca", "magnesium", "ammonia", "cd4", "load", "ef", "lvef",
    "fev1", "fvc", "dlco", "qtc", "qrs", "pr", "interval", "iq", "labs", "lab", "level",
    "levels", "value", "values", "result", "results", "eos", "eosinophils", "lymphs",
    "lymphocytes", "monos", "monocytes", "neutrophils", "anc", "retic", "esr", "crp", "ldh",
    "ox", "oximetry", "phosphorus", "pth", "calprotectin", "elastase", "lactoferrin",
    "procalcitonin", "fibrinogen", "haptoglobin", "cortisol", "prolactin", "hcg", "afp", "cea",
    "tacro", "tacrolimus", "ceruloplasmin", "urate", "ca-125", "ca-19-9", "ca19-9", "ph",
    "kt/v",
];

/// More words before a number that make it a measurement, a score or a
/// count, not an age (besides `TESTS` and `NUMBERED`), and a measurement's
/// changes.
#[rustfmt::skip]
const MEASURED: &[&str] = &[
    // Scores, counts and places with numbers.
    "score", "scores", "scored", "index", "mmse", "moca", "barthel", "braden", "gcs", "apgar",
    "phq", "count", "counts", "grade", "stage", "class", "pod", "hd", "cycle", "dose", "doses",
    "step", "lead", "item", "question", "trial", "trials", "reps", "lap", "laps", "dispense",
    "disp", "qty", "quantity", "refills", "supply", "copay",
    "pain", "rated", "apgars", "reflexes", "mmt", "strength", "assist", "ratio", "ratios",
    // Changes, ranges and comparisons of a measurement.
    "measured", "measuring", "measures", "reads", "reading", "readings", "ran", "running",
    "ranged", "range", "ranging", "averaging", "avg", "average", "peak", "peaked", "max",
    "min", "nadir", "baseline", "goal", "target", "titrated", "titrate", "increased",
    "increase", "decreased", "decrease", "dropped", "drop", "down", "up", "rose", "fell",
    "desatted", "desaturated", "desat", "spiked", "spike", "improved", "worsened", "trended",
    "trending",
];

/// Words before a number that make it a place's or a record's number, not an
/// age; their number follows them right after ("room 12", "code 4521"):
/// another word after one names something else ("Code blue", "bed bath").
#[rustfmt::skip]
const NUMBERED: &[&str] = &[
    "room", "rm", "bed", "floor", "suite", "apt", "ste", "ext", "extension", "page", "pages",
    "exit", "route", "rte", "highway", "hwy", "interstate", "bus", "flight", "gate", "channel",
    "lot", "no", "number", "id", "code", "cpt", "icd", "drg", "model", "serial", "version",
];

/// A word of `TESTS` (any case).
fn tested(w: &str) -> bool {
    TESTS.iter().any(|t| t.eq_ignore_ascii_case(w))
}

/// A word of `TESTS`, `MEASURED` or `NUMBERED` (any case).
fn measured(w: &str) -> bool {
    TESTS
        .iter()
        .chain(MEASURED)
        .chain(NUMBERED)
        .any(|m| m.eq_ignore_ascii_case(w))
}

/// A word of `TESTS`, `MEASURED` or `NUMBERED` (any case) or a drug's name.
fn measurement_word(w: &str) -> bool {
    measured(w) || is_drug(w)
}

/// A drug's name (the lexicon's `DRUG` flag).
fn is_drug(w: &str) -> bool {
    crate::lexicon::flags(w) & crate::lexicon::DRUG != 0
}

/// Words right before a number that make it one end of a comparison, a
/// range or a ratio ("dropped to 91", "score of 96", "more than 100").
const MEASURED_NEXT: &[&str] = &[
    "to", "from", "than", "over", "under", "above", "below", "between", "of", "x", "times", "per",
    "and", "or",
];

/// A facility named by a department alone is none ("follow up in Genetics
/// Clinic", "SEEN IN CARDIOLOGY CLINIC"); "Mercy Cardiology Clinic" is one.
fn no_department(text: &str, start: usize, end: usize) -> bool {
    let words: Vec<&str> = text[start..end].split_whitespace().collect();
    let Some(k) = words
        .iter()
        .position(|w| FACILITY_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w)))
    else {
        return true;
    };
    // A name before the department's word, in its sentence.
    let named = k >= 2 && !is_stopword(words[k - 2]) && !words[k - 2].ends_with(['.', ',', ';']);
    k == 0 || !crate::context::department(words[k - 1]) || named
}

/// No word of the match is a drug: a clinic named for one is a service
/// ("Coumadin clinic"), not a place.
fn no_drug_named(text: &str, start: usize, end: usize) -> bool {
    !text[start..end]
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && is_drug(w))
}

/// Where the sentence (or clause) holding byte `at` starts: after the last
/// newline, semicolon, or period and space before it.
fn sentence_start(text: &str, at: usize) -> usize {
    text[..at]
        .rfind(['\n', ';'])
        .map_or(0, |i| i + 1)
        .max(text[..at].rfind(". ").map_or(0, |i| i + 2))
}

/// Where that sentence ends, from byte `at` on: at the next newline,
/// semicolon, or period and space.
fn sentence_end(text: &str, at: usize) -> usize {
    text[at..]
        .find(['\n', ';'])
        .map_or(text.len(), |i| at + i)
        .min(text[at..].find(". ").map_or(text.len(), |i| at + i))
}

/// The word after `end` counts things ("2-3 pillows", "3-4 staples"): a
/// lower-case plural of four letters or more, not a verb ("was", "has").
fn plural_after(text: &str, end: usize) -> bool {
    let w = text[end..].trim_start_matches([' ', '\t']);
    let n = w.bytes().take_while(u8::is_ascii_lowercase).count();
    let w = &w[..n];
    ends_as_plural(w)
        && !matches!(
            w,
            "does" | "goes" | "always" | "perhaps" | "hers" | "yours" | "ours"
        )
        // Verbs of a reading ("5-14 to 5-20 averages 150s").
        && !matches!(w, "averages" | "ranges" | "varies" | "measures" | "reads" | "seems" | "appears")
        // A study's findings, said with a verb ("MRI 5-14 shows").
        && !FINDING_VERBS.contains(&w)
}

/// A lower-case word of four letters or more ending as an English plural
/// does: in -s, not -ss, -us or -is ("pillows"; not "glass", "status").
fn ends_as_plural(w: &str) -> bool {
    w.len() >= 4
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
}

/// Verbs a study's findings are said with; they end as plurals do.
const FINDING_VERBS: &[&str] = &[
    "shows",
    "reveals",
    "demonstrates",
    "suggests",
    "confirms",
    "indicates",
    "remains",
    "recommends",
    "describes",
];

/// A month and day joined by a hyphen that counts nothing: no unit, range
/// or plural after it ("on 5-14", not "on 2-3 pillows").
fn not_a_count(text: &str, start: usize, end: usize) -> bool {
    not_a_range(text, start, end) && !plural_after(text, end) && !qualified_plural_after(text, end)
}

/// A word after byte `end` that qualifies the plural after it ("5-6 loose
/// stools", "2-3 small clots"); not a quantifier ("5-14 several times").
fn qualified_plural_after(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let n = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    let w = &rest[..n];
    n >= 3
        && rest[n..].starts_with(' ')
        && !w.ends_with("ly")
        && !NO_NOUN.contains(&w)
        && !AMOUNT_BEFORE.contains(&w)
        && !NUMBER_AFTER.contains(&w)
        && !["several", "multiple", "numerous", "various", "other"].contains(&w)
        && plural_after(rest, n)
}

/// Words among the three before a hyphenated month and day that make it a
/// date: events, tests and words of time ("Wound check 5-14", "CT head
/// 5-14", "next cycle due 5-14").
#[rustfmt::skip]
const DATE_CONTEXT: &[&str] = &[
    "seen", "visit", "appt", "appointment", "check", "session", "surgery",
    "procedure", "op", "board", "clinic", "ed", "er", "ct", "cta", "mri", "xr", "cxr", "us",
    "echo", "tte", "tee", "ekg", "ecg", "egd", "colonoscopy", "biopsy", "labs", "drawn", "due",
    "done", "since", "on", "from", "until", "till", "through", "thru", "by", "dated", "date",
    "before", "after", "prior", "following", "beginning",
    "dos", "dob", "lmp", "edd", "fu", "follow", "followup", "scheduled", "again", "last", "next",
    "admission", "discharge", "began", "begun", "given", "held", "made", "sent", "onset",
    "fall", "injury", "accident", "mvc", "admit", "transfer", "hospital", "office", "rehab",
    // Specimens and cultures are dated by when they were taken.
    "bcx", "ucx", "cx", "culture", "cultures", "swab", "specimen", "sample", "trough", "pcr",
    "test", "study", "scan", "h&p",
    // Bites and stings are dated injuries ("Dog bite 1-6 L hand").
    "bite", "sting", "pft", "pfts", "died",
    // Holidays ("Christmas 12-25 with family").
    "christmas", "thanksgiving", "easter", "halloween", "hanukkah", "passover", "ramadan",
    "holiday", "holidays",
    // Documents are dated ("PA note 2-6 co-signed", "Verbal order 11-12").
    "note", "report", "letter", "entry", "addendum", "read", "attestation", "order",
    // Results and discharges ("Repeat labs 5-14 pending", "Tentative d/c 5-14").
    "lab", "results", "result", "d/c", "dc", "f/u", "rtc",
    // Events of a life and a course, and verbs of their start and end
    // ("Her birthday is 5-14", "Taper ends 5-14", "Son arrives 5-14").
    "birthday", "anniversary", "wedding", "funeral", "vacation", "trip", "period", "starts",
    "begins", "ends", "expires", "returns", "resumes", "restarts", "finishes", "arrives", "leaves",
];

/// Endings of procedures' and imaging studies' names ("cystoscopy",
/// "appendectomy", "thoracentesis", "angiogram", "arthroplasty").
const PROCEDURE_ENDINGS: &[&str] = &[
    "oscopy", "ectomy", "otomy", "ostomy", "plasty", "centesis", "gram", "graphy", "opsy",
];

/// A test's reported results.
#[rustfmt::skip]
const RESULTS: &[&str] = &[
    "negative", "positive", "neg", "pos", "pending", "ngtd", "nondiagnostic", "unremarkable",
    "unchanged", "resulted", "equivocal", "indeterminate", "detected", "nonreactive", "reactive",
    "normal", "abnormal", "wnl",
];

/// A test's reported result, ending its clause right after a hyphenated
/// month and day (`COVID swab 9-11 negative.`, `BCx 3-4 NGTD;`): the pair
/// dates the test. Not before a noun (`2-3 positive nodes` counts).
fn result_after(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let n = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = rest[..n].to_ascii_lowercase();
    RESULTS.contains(&word.as_str())
        && (clause_ends(&rest[n..])
            // "positive for cocaine", "negative for DVT".
            || rest[n..].starts_with(" for "))
}

/// A doctor named right before the pair, the clause ending after it ("Last
/// visit with Dr. Williams 5-14.", "Seen by Dr. Ng 3-4,").
fn after_a_doctor(text: &str, start: usize, end: usize) -> bool {
    // The sentence's words stop at "Dr.": the text is read instead.
    let head = text[..start].trim_end_matches([' ', '\t']);
    let name = last_ascii_word(head);
    let title = head[..head.len() - name.len()].trim_end_matches(' ');
    let title = title.strip_suffix('.').unwrap_or(title);
    name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.bytes().skip(1).all(|c| c.is_ascii_lowercase())
        && ["dr", "drs", "doctor"]
            .iter()
            .any(|t| t.eq_ignore_ascii_case(last_ascii_word(title)))
        && clause_ends(&text[end..])
}

/// Verbs of what was done for a condition or came of it, said right after
/// the day it began ("UTI 4-6 tx w/ Macrobid", "CHF exacerbation 6-8 req
/// BiPAP", "Afib 7-12 converted on dilt").
#[rustfmt::skip]
const TREATED: &[&str] = &[
    "tx", "treated", "req", "required", "requiring", "resolved", "complicated", "managed",
    "converted", "admitted", "hospitalized", "diagnosed", "dx", "s/p",
];

/// A condition or an event named in the singular right before the pair and
/// a verb of `TREATED` after it (a dash between allowed): the day it began.
/// Not after a plural ("Lesions 2-3 treated with cryo" counts them), a
/// number, a drug or a measurement's word.
fn treated_after(text: &str, start: usize, end: usize, before: &[&str]) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let rest = rest
        .strip_prefix("- ")
        .map_or(rest, |r| r.trim_start_matches([' ', '\t']));
    let n = rest
        .bytes()
        .take_while(|c| c.is_ascii_alphabetic() || *c == b'/')
        .count();
    let verb = rest[..n].to_ascii_lowercase();
    text[end..].starts_with([' ', '\t'])
        && TREATED.contains(&verb.as_str())
        && rest[n..].starts_with([' ', '\t', ',', '.'])
        && !text[..start]
            .trim_end_matches([' ', '\t'])
            .ends_with([':', '(', '#'])
        && before.last().is_some_and(|w| {
            let plural = w.len() > 3 && w.ends_with('s') && !w.ends_with("ss");
            w.len() >= 2
                && w.starts_with(|c: char| c.is_ascii_alphabetic())
                && !plural
                && !measurement_word(w)
                && !AMOUNT_BEFORE.iter().any(|a| a.eq_ignore_ascii_case(w))
                && !QUANTIFIERS.iter().any(|q| q.eq_ignore_ascii_case(w))
        })
}

/// Nothing but spaces before the clause's end (or the text's).
fn clause_ends(rest: &str) -> bool {
    rest.trim_start_matches([' ', '\t'])
        .chars()
        .next()
        .is_none_or(|c| matches!(c, '.' | ',' | ';' | ')' | '\n' | '\r'))
}

/// An event of that day after the pair, the pair after an article, a
/// possessive or a preposition ("missed the 5-14 visit", "during 3-2
/// admission"): a date, where a count would be a plural without one ("2-3
/// visits").
fn event_after_a_determiner(text: &str, start: usize, end: usize, next: &str) -> bool {
    let event = (DAY_EVENTS.contains(&next)
        || PROCEDURE_ENDINGS
            .iter()
            .any(|e| next.len() > e.len() + 2 && next.ends_with(e)))
        && {
            let rest = text[end..].trim_start_matches([' ', '\t']);
            rest.get(..next.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(next))
                && rest
                    .as_bytes()
                    .get(next.len())
                    .is_none_or(|c| !c.is_ascii_alphanumeric())
                // What the event counts is no event of a day ("the 2-3 CT
                // slices", "the 1-2 lab draws").
                && !plural_after(rest, next.len())
        };
    // ... after an article, a possessive or a preposition, as a count never
    // is ("the 5-14 visit"; "2-3 visits").
    let determined = text[..start]
        .trim_end_matches([' ', '\t'])
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .is_some_and(|w| {
            [
                "the", "during", "her", "his", "their", "your", "my", "our", "this", "that", "at",
                "since", "after", "before", "from", "per", "vs", "prior", "previous", "last",
            ]
            .iter()
            .any(|d| d.eq_ignore_ascii_case(w))
        });
    event && determined
}

/// A sentence opened by a preposition of time and the pair, its subject a
/// plural and its verb after ("By 3-7 pressors were weaned", "Since 5-14
/// headaches have improved"): the plural is no count of the pair's.
fn time_clause_opened(text: &str, start: usize, end: usize) -> bool {
    let head = text[sentence_start(text, start)..start].trim_matches([' ', '\t', '\n']);
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let n = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    ["by", "on", "since", "after", "before", "until", "from"]
        .iter()
        .any(|p| p.eq_ignore_ascii_case(head))
        && text[end..].starts_with(' ')
        && ends_as_plural(&rest[..n])
        && [
            "were", "was", "had", "have", "are", "is", "remained", "resolved", "improved",
        ]
        .contains(&next_word(rest, n).as_str())
}

/// The pair in brackets after a word of the day it names ("Yesterday (8-9)
/// pt had syncope", "This AM (10-11) T 101", "Earlier this week (11-12)").
fn bracketed_after_a_day(text: &str, start: usize, end: usize) -> bool {
    let Some(head) = text[..start].strip_suffix('(') else {
        return false;
    };
    let word = last_ascii_word(head.trim_end_matches([' ', '\t']));
    text[end..].starts_with(')') && DAY_WORDS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// Words that name a day, or a part of one, relative to the note's.
#[rustfmt::skip]
const DAY_WORDS: &[&str] = &[
    "yesterday", "today", "tonight", "tomorrow", "am", "pm", "morning", "evening", "afternoon",
    "night", "week", "weekend",
];

/// A year named after the pair with "of" ("quit around 3-7 of last year",
/// "5-14 of this year"): a day of that year.
fn of_a_year_after(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    after_word(rest, "of").is_some_and(|r| {
        let r = r.trim_start_matches([' ', '\t']);
        ["last", "this", "that", "next", "the same", "the previous"]
            .iter()
            .filter_map(|w| after_word(r, w))
            .any(|y| {
                let y = y.trim_start_matches([' ', '\t']).as_bytes();
                y.len() >= 4
                    && y[..4].eq_ignore_ascii_case(b"year")
                    && y.get(4).is_none_or(|c| !c.is_ascii_alphanumeric())
            })
    })
}

/// Plurals whose members are numbered: a range right after one numbers them
/// ("days 1-21", "cycles 1-6", "ribs 4-9", "cores 1-6"); and a day or a
/// week numbered in the singular ("extubated on day 4-5").
#[rustfmt::skip]
const NUMBERED_ITEMS: &[&str] = &[
    "days", "weeks", "months", "years", "hours", "cycles", "courses", "fractions", "rounds",
    "sessions", "phases", "stages", "grades", "steps", "items", "questions", "sections",
    "pages", "chapters", "lessons", "modules", "parts", "sets", "reps", "levels", "segments",
    "ribs", "teeth", "digits", "toes", "fingers", "vertebrae", "leads", "zones", "quadrants",
    "rooms", "beds", "bays", "floors", "lines", "cores", "slides", "blocks", "specimens",
    "jars", "tubes", "tiers", "classes", "day", "week",
];

/// Events and studies of one day, named after the pair that dates them
/// ("the 5-14 visit", "before 5-20 transfer", "the 4-25 EKG"); a count
/// would name them in the plural ("2-3 visits").
#[rustfmt::skip]
const DAY_EVENTS: &[&str] = &[
    "visit", "admission", "appointment", "appt", "hospitalization", "encounter", "surgery",
    "procedure", "discharge", "note", "transfer", "draw", "eval", "evaluation", "consult",
    "call", "ct", "cta", "mri", "xr", "cxr", "xray", "film", "films", "imaging", "echo", "tte",
    "tee", "ekg", "ecg", "eeg", "egd", "us", "ultrasound", "cath", "labs", "lab", "culture",
    "cultures", "swab", "specimen", "biopsy", "scan", "study", "test", "infusion",
    "transfusion", "exam", "session", "episode", "event", "fall", "admit", "op", "delivery",
    "stroke", "seizure", "injury", "accident", "birth", "death", "move", "trip",
];

/// An amount after the pair, not a date: a unit or a plural it counts (not
/// "in" a place), a measure or a range's word after it, a plural in
/// capitals ("2-3 pillows", "2-4 L", "3-11 shift", "3-12 BMs"); a visit's
/// length is no count ("5-14 x 30 min").
fn amount_after(text: &str, start: usize, end: usize, next: &str) -> bool {
    // "Seen 5-14 in clinic": "in" before a word is no inch.
    let in_a_place = in_before_a_word(text, end);
    // A plural in capitals counts too ("3-12 BMs", "4-9 PVCs").
    let acronyms = {
        let r = text[end..].trim_start_matches([' ', '\t']).as_bytes();
        let caps = r.iter().take_while(|c| c.is_ascii_uppercase()).count();
        caps >= 2
            && r.get(caps) == Some(&b's')
            && r.get(caps + 1).is_none_or(|c| !c.is_ascii_alphanumeric())
    };
    let lasted = lasted(text, end);
    !(in_a_place || lasted || not_a_count(text, start, end))
        || (crate::context::is_measure(next) && !lasted && !glued_times(text, end))
        || RANGE_AFTER.contains(&next)
        // A rate ("1-2 per week", "2-3 per day").
        || (next == "per" && how_often_after(text, end))
        || acronyms
}

/// A value after the pair is the result of that day ("Procalcitonin 9-25
/// 0.08, repeat in AM"): a number with a decimal point, then no unit or word
/// glued to it.
fn decimal_value_after(text: &str, end: usize) -> bool {
    let r = text[end..].trim_start_matches([' ', '\t']).as_bytes();
    let int = r.iter().take_while(|c| c.is_ascii_digit()).count();
    let frac = r
        .get(int + 1..)
        .map_or(0, |f| f.iter().take_while(|c| c.is_ascii_digit()).count());
    int >= 1
        && r.get(int) == Some(&b'.')
        && frac >= 1
        && match r.get(int + 1 + frac) {
            None => true,
            Some(b'.') => r
                .get(int + 2 + frac)
                .is_none_or(|c| !c.is_ascii_alphanumeric()),
            // A word after the value that is no unit ("INR 5-14 2.6 on
            // warfarin"; not "2.5 mg").
            Some(b' ') => {
                let w = next_word(text, end + (text.len() - end - r.len()) + int + 1 + frac);
                !w.is_empty() && !unit_word(&w) && !crate::context::is_measure(&w)
            }
            // A percentage ("A1c 5-16 8.2%").
            Some(c) => matches!(c, b',' | b';' | b'\n' | b')' | b'%'),
        }
}

/// A test's name right before the pair and a value after it: the value of
/// that day's test ("Lipase 5-14 212,", "Weight 5-14 61.2 kg", "Pt weighed
/// 5-14 at 88 kg"); a range of the test's values stands after its value,
/// in brackets.
fn value_after_test(text: &str, end: usize, before: &[&str]) -> bool {
    // The test's name, or its name and a verb of its change or its level
    // ("Creatinine peaked 12-6 at 3.1", "K was high 12-11 at 6.0").
    let changed = before
        .last()
        .is_some_and(|v| CHANGED.iter().any(|c| c.eq_ignore_ascii_case(v)));
    // ... a vitamin named by its letter ("Vitamin D 3-4 18").
    let vitamin = matches!(before, [.., v, l] if v.eq_ignore_ascii_case("vitamin") && l.len() == 1);
    let named = before.last().is_some_and(|t| tested(t))
        || vitamin
        || changed && before.iter().rev().skip(1).take(2).any(|t| tested(t));
    // A panel's name, then a test of it and its value ("VBG 2-6 pH 7.31",
    // "BMP 5-14 K 5.9").
    let panel = before
        .last()
        .is_some_and(|t| PANELS.iter().any(|p| p.eq_ignore_ascii_case(t)));
    // The pair in brackets ("Her last PSA (9-20) was 0.2").
    let after = text[end..].strip_prefix(')').unwrap_or(&text[end..]);
    (named || panel) && after.starts_with([' ', '\t']) && {
        let r = after.trim_start_matches([' ', '\t']);
        let r = if panel {
            let w = next_word(r, 0);
            match after_word(r, &r[..w.len().min(r.len())]) {
                Some(v) if tested(&w) => v,
                _ => return false,
            }
        } else {
            r
        };
        // The value said with a verb or a sign ("INR 3-14 = 1.9", "TSH 1-7
        // - 8.4"), or the end of the change ("Hgb dropped 11-14 to 7.0").
        let r = ["at", "was", "is", "of", "=", "-", "->"]
            .iter()
            .find_map(|w| after_word(r, w))
            .or_else(|| after_word(r, "to").filter(|_| changed))
            .unwrap_or(r);
        // ... or below or above a limit ("Haptoglobin 12-13 <10").
        let r = r
            .strip_prefix(['<', '>'])
            .map_or(r, |r| r.strip_prefix('=').unwrap_or(r));
        value_then_boundary(r)
    }
}

/// Panels of tests, whose members' values follow them ("BMP 5-14 K 5.9").
const PANELS: &[&str] = &[
    "abg", "vbg", "bmp", "cmp", "cbc", "chem", "chem7", "lytes", "coags", "lfts", "panel",
];

/// A test's qualitative result after the pair, a count of samples allowed
/// before or after it, then the clause's end ("Troponin 6-7 negative.",
/// "AFB smear 5-10 neg x3", "O&P 12-16 x3 neg"): no range is negative. A
/// reference range may be called normal, so "normal" is not one of these.
fn qualitative_result_after(text: &str, start: usize, end: usize) -> bool {
    let times = |r: &str| -> usize {
        let b = r.as_bytes();
        let n = b.iter().skip(1).take_while(|c| c.is_ascii_digit()).count();
        if matches!(b.first(), Some(b'x' | b'X')) && n >= 1 {
            let after = &r[1 + n..];
            after.len() - after.trim_start_matches([' ', '\t']).len() + 1 + n
        } else {
            0
        }
    };
    if !text[end..].starts_with([' ', '\t']) {
        return false;
    }
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let rest = &rest[times(rest)..];
    let n = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = rest[..n].to_ascii_lowercase();
    let tail = rest[n..].trim_start_matches([' ', '\t']);
    // A drug's level ("Keppra level 5-14 therapeutic"), not its range's
    // ("therapeutic range 10-20", "goal 2-3 therapeutic").
    let level = LEVELS.contains(&word.as_str())
        && !text[sentence_start(text, start)..start]
            .split_whitespace()
            .rev()
            .take(3)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .any(|w| {
                ["goal", "target", "range", "therapeutic", "ref", "normal"]
                    .iter()
                    .any(|g| g.eq_ignore_ascii_case(w))
            });
    (QUALITATIVE.contains(&word.as_str()) || level)
        && rest[n..].starts_with(|c: char| !c.is_ascii_alphanumeric())
        && (clause_ends(&rest[n..]) || clause_ends(&tail[times(tail)..]))
}

/// A score's verdicts.
#[rustfmt::skip]
const VERDICTS: &[&str] = &[
    "high", "low", "moderate", "intermediate", "positive", "negative", "elevated",
];

/// A test's qualitative results: no range is said to be one.
#[rustfmt::skip]
const QUALITATIVE: &[&str] = &[
    "negative", "positive", "neg", "pos", "pending", "ngtd", "nondiagnostic", "equivocal",
    "indeterminate", "detected", "nonreactive", "reactive",
];

/// A screen's verdict right after the pair ("Suicide risk screen 5-14
/// low.", "Depression screening 3-4 negative"): the day of the screen.
fn screened_verdict(text: &str, start: usize, end: usize) -> bool {
    let head = text[..start].trim_end_matches([' ', '\t']);
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let n = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    ["screen", "screening"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(last_ascii_word(head)))
        && text[end..].starts_with([' ', '\t'])
        && VERDICTS.iter().any(|v| v.eq_ignore_ascii_case(&rest[..n]))
        && clause_ends(&rest[n..])
}

/// A drug's level against its range.
#[rustfmt::skip]
const LEVELS: &[&str] = &[
    "therapeutic", "subtherapeutic", "supratherapeutic", "undetectable", "toxic",
];

/// Verbs of a test's change, and its levels, between its name and a date
/// ("peaked", "rose", "high").
#[rustfmt::skip]
const CHANGED: &[&str] = &[
    "peaked", "rose", "fell", "dropped", "increased", "decreased", "improved", "worsened",
    "trended", "normalized", "recovered", "corrected", "climbed", "high", "low", "elevated",
    "reset", "set", "changed", "adjusted", "lowered", "raised", "reduced",
];

/// `r` starts with a number (a decimal point allowed, not before a dose's
/// unit) and then a space, a punctuation mark or a per cent sign.
fn value_then_boundary(r: &str) -> bool {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let n = digits(r);
    let m = match r[n..].strip_prefix(['.', '/']) {
        // A decimal value, or a blood pressure ("130/80").
        Some(f) if n >= 1 && digits(f) >= 1 => n + 1 + digits(f),
        _ => n,
    };
    // The unit, glued to the value ("101.2F", "2.5mg") or after a space.
    let glued = r[m..].bytes().take_while(u8::is_ascii_alphabetic).count();
    let unit = next_word(r, m);
    let m = if glued <= 3 { m + glued } else { m };
    // A decimal value in a dose's unit is a dose ("Hgb 7-8 2.5 mg").
    let dose = r[n..].starts_with('.')
        && [
            "mg", "mcg", "ml", "units", "unit", "meq", "tab", "tabs", "mmol", "gm",
        ]
        .contains(&unit.as_str());
    n >= 1
        && !dose
        && r[m..].bytes().next().is_none_or(|c| {
            matches!(c, b' ' | b',' | b';' | b'\n' | b')' | b'%')
                || c == b'.' && !r[m + 1..].starts_with(|d: char| d.is_ascii_digit())
        })
}

/// A month and day joined by a hyphen with nothing after it that counts
/// (`not_a_count`) and something that says date: a word of `DATE_CONTEXT`
/// among the three words before it or a past tense right before it
/// ("Foley removed 5-14"), nearer than any word
/// that makes it a measurement (`MEASURED`, a drug: "INR goal 2-3",
/// "grade 2-3"), a colon or a time after it ("CT 5-14:", "5-14 at 3:30"),
/// or another date beside it ("changed 10/13 and 10-28"). With none of
/// these, a word right before it that an amount never follows (`event_head`:
/// "Code blue 5-14,") with no frequency or noun after it still dates it: a
/// range is an amount of something, and says so.
fn dated_month_day(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    if start > 0
        && !matches!(
            b[start - 1],
            b' ' | b'\t' | b'\n' | b'(' | b'[' | b'"' | b',' | b':' | b'~'
        )
    {
        return false;
    }
    let next = next_word(text, end);
    if event_after_a_determiner(text, start, end, &next)
        || of_a_year_after(text, end)
        || bracketed_after_a_day(text, start, end)
    {
        return true;
    }
    // The items a range numbers, named right before it ("days 1-21 of each
    // cycle", "Ribs 4-9 fractured", "Rooms 1-24", "leads 1-7"); not a span
    // of dates ("sessions 5-14 to 5-20 missed").
    let item = last_ascii_word(text[..start].trim_end_matches([' ', '\t']));
    if NUMBERED_ITEMS.iter().any(|w| w.eq_ignore_ascii_case(item))
        && date_to_date(text, end).is_none_or(|(a, b)| counts_after(text, a, b))
    {
        return false;
    }
    // From that day on ("Off all sedation 3-4 onward").
    if time_clause_opened(text, start, end)
        || ["onward", "onwards", "forward"].contains(&next.as_str())
    {
        return true;
    }
    if amount_after(text, start, end, &next) {
        return false;
    }
    if qualitative_result_after(text, start, end) || screened_verdict(text, start, end) {
        return true;
    }
    let pair = bracketed_pair(text, start, end);
    if pair.is_some_and(|p| trend_date(text, start, end, p)) || listed_event_date(text, start, end)
    {
        return true;
    }
    let before: Vec<&str> = text[sentence_start(text, start)..start]
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '/' | '-' | '&')))
        .filter(|w| !w.is_empty())
        .collect();
    let date_shaped = |w: &str| month_day_shaped(w, false);
    // A value's range repeated ("WBC 7 (4-11), 8 (4-11)") is no pair of dates.
    let bracketed = pair.is_some();
    let value_after = decimal_value_after(text, end);
    let test_value = value_after_test(text, end, &before);
    // A study's findings said after the pair date it, after any test's name
    // ("Outpatient labs 5-14 showed K 5.9", "Holter 5-14 revealed"); not
    // after a word that takes an amount ("Needs 2-3 shows of support").
    let found = FINDING_VERBS.contains(&next.as_str())
        || [
            "showed",
            "revealed",
            "demonstrated",
            "suggested",
            "confirmed",
            "indicated",
            "grew",
        ]
        .contains(&next.as_str());
    if found
        && before
            .last()
            .is_some_and(|w| measured(w) || event_head(w, before.len() == 1))
    {
        return true;
    }
    // ... even after a test's name that measures ("Lactate 7-19 2.3"), unless
    // a goal or a reference range is meant ("INR goal 2-3 2.5").
    if (value_after || test_value)
        && !before.iter().rev().take(2).any(|w| {
            ["goal", "target", "range", "ref", "normal", "nl"]
                .iter()
                .any(|g| g.eq_ignore_ascii_case(w))
        })
    {
        return true;
    }
    // A clock time after the pair ("found on floor 5-14 at 0300", "5-14 @
    // 0900"): the day of that hour, whatever word is before it; not after a
    // drug's name (a dose given at an hour: "Percocet 1-2 at 2100").
    // A test's name that a drug list holds too is the test's ("Ferritin 8
    // 1-4").
    let dosed = before.iter().any(|w| is_drug(w) && !tested(w));
    if clock_after(text, end) && !dosed {
        return true;
    }
    // A span of days, the pair then another date ("missed doses 5-14 to
    // 5-20 while traveling"), with no count after its end ("from 1-2 to 3-4
    // tabs"): a date, whatever measured word is before it.
    if let Some((a, b)) = date_to_date(text, end) {
        if counts_after(text, a, b) {
            // ... or the two ends of two ranges ("from 1-2 to 3-4 tabs"),
            // unless the first reads as no range: then the second is what
            // a change that day came to ("reduced 5-14 to 1-2 per week"),
            // and the words before decide.
            if !unlike_a_range(text, start, end) {
                return false;
            }
        } else if !noun_after(text, b) {
            return true;
        }
    }
    let around = Around {
        text,
        start,
        end,
        before: &before,
        next: &next,
        bracketed,
    };
    let near = match nearest_reading(&around) {
        Reading::Amount => return false,
        Reading::Date => true,
        Reading::Neither => false,
    };
    let rest = text[end..].trim_start_matches([' ', '\t']);
    // In any case: notes in capitals ("HEPARIN GTT 3-7 TO 8-26").
    let word_then = |w: &str| after_word(rest, w);
    // Another pair after "and" that counts makes both ranges ("Between
    // 3-4 and 5-6 drinks").
    let second_counts = |r: &str| {
        let from = text.len() - r.len();
        let len = r
            .bytes()
            .take_while(|c| c.is_ascii_digit() || *c == b'-')
            .count();
        counts_after(text, from, from + len)
    };
    let after = rest.starts_with(':')
        || (!dosed && word_then("at").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())))
        || ["and", "to", "through", "thru", "until", "vs", "versus"]
            .iter()
            .find_map(|w| word_then(w))
            .is_some_and(|r| {
                date_shaped(r.split([' ', '.', ',', ';', ')']).next().unwrap_or(""))
                    && !second_counts(r)
            });
    near || after
        || result_after(text, end)
        || treated_after(text, start, end, &before)
        || after_a_doctor(text, start, end)
        // An event of one day named after the pair in the singular, which
        // no count takes ("Pt reports 3-4 onset of pain", "3-4 admission
        // for CHF").
        || (!bracketed
            && [
                "onset", "admission", "hospitalization", "encounter", "surgery", "discharge",
                "visit", "appointment", "appt", "consult", "transfer",
            ]
            .contains(&next.as_str())
            && rest[next.len()..].starts_with(|c: char| !c.is_ascii_alphanumeric()))
        || (!bracketed
            && unlike_a_range(text, start, end)
            && !reference_range(text, start, end, &before))
        || (!bracketed
            && ((before.last().is_some_and(|w| event_head(w, before.len() == 1))
                // A label's value after its colon ("Chemo: 4-6 planned").
                && !text[..start].trim_end_matches([' ', '\t']).ends_with(':'))
                // Opening its sentence or line ("5-14 Pt called, ...").
                || before.is_empty()
                // A numbered day of a stay, a course or a cycle ("POD 3
                // 5-14", "Cycle 2 day 1 5-14", "C2D1 5-14").
                || after_day_count(&text[..start])
                || before.last().is_some_and(|w| cycle_day(w))
                // What was given, after its dose ("EMS gave 324 mg ASA 5-14").
                || given_after_its_dose(&before)
                || (!dosed && after_a_value(text, start, end, &before)))
            && !how_often_after(text, end)
            && !noun_after(text, end))
}

/// Quantifiers: right before a pair they make it an amount ("Cultures x
/// 2-3", "each 1-2").
#[rustfmt::skip]
const QUANTIFIERS: &[&str] = &[
    "x", "q", "every", "each", "another", "additional", "extra", "nearly", "almost", "only",
];

/// Events an ordinal counts, of one day each ("2nd dose 5-14", "first
/// infusion 5-14"), though the noun may measure.
#[rustfmt::skip]
const ORDINAL_EVENTS: &[&str] = &[
    "dose", "cycle", "session", "infusion", "injection", "shot", "round", "visit", "admission",
    "treatment", "fraction", "trial", "bm", "void",
];

/// What the nearest word that decides, among the five before a pair, makes
/// of it.
enum Reading {
    /// A measurement, a score or a count ("INR goal 2-3", "Cultures x 2-3").
    Amount,
    /// A date ("INR check 10-7", "Foley removed 5-14").
    Date,
    /// No word decides.
    Neither,
}

/// A hyphenated month and day being read, with what stands around it.
#[derive(Clone, Copy)]
struct Around<'a> {
    text: &'a str,
    /// Where the pair starts and ends in `text`.
    start: usize,
    end: usize,
    /// The sentence's words before the pair.
    before: &'a [&'a str],
    /// The word after the pair, in lower case.
    next: &'a str,
    /// The pair stands in brackets.
    bracketed: bool,
}

/// The nearest word among the five before the pair that says amount or
/// date.
fn nearest_reading(around: &Around) -> Reading {
    let Around {
        text,
        start,
        end,
        before,
        ..
    } = *around;
    // A drug's name is a measurement's word only where a dose may follow
    // ("metformin 5-10"); a word of time before it, or a date after, still
    // dates it ("Stopped metformin 5-14 due to AKI", "heparin gtt 5-14 to
    // 5-18"): the words before it are read on, one further.
    let mut drug = 0;
    // A test whose result is said before the pair has its value: the pair
    // after it dates it ("Troponin negative x2 (1-15 and 3-11)").
    let mut resulted = false;
    // A measurement word with a number of its own after it ("RM 12 OT eval
    // 11-8:") measures that number.
    let mut own_number = false;
    for (k, w) in before.iter().rev().take(5).enumerate() {
        // ... a value in any form ("12", "140s", "190/100", "8/10"), but
        // not a range of its own: the measurement ranges both ("Pain 2-3 at
        // rest, 6-7 with activity").
        let ranged = w.contains('-') && month_day_pair(w).is_some_and(|(m, d)| m <= d);
        if w.starts_with(|c: char| c.is_ascii_digit()) && !ranged {
            own_number = true;
        }
        if RESULTS.iter().any(|r| r.eq_ignore_ascii_case(w)) {
            resulted = true;
        }
        if dated_right_there(text, end, before, w, k, drug) {
            return Reading::Date;
        }
        // A quantifier right before the pair makes it an amount ("Cultures
        // x 2-3", "each 1-2").
        if k == 0 && QUANTIFIERS.iter().any(|q| q.eq_ignore_ascii_case(w)) {
            return Reading::Amount;
        }
        // The word before this one, in the sentence.
        let prev = (before.len() - k).checked_sub(2).map(|i| before[i]);
        // An event counted by an ordinal ("2nd dose 5-14", "first infusion
        // 5-14") is that day's, though its noun may measure.
        // ... a dose of a drug ("Last dose of ceftriaxone 3-21").
        let dose_of_drug =
            k == 2 && drug == 1 && before[before.len() - 2].eq_ignore_ascii_case("of");
        // A test planned again ("next INR 2-11", "repeat K 3-4").
        if k == 0
            && tested(w)
            && prev
                .is_some_and(|p| p.eq_ignore_ascii_case("next") || p.eq_ignore_ascii_case("repeat"))
        {
            return Reading::Date;
        }
        let ordinal_event = (k == 0 || dose_of_drug)
            && prev.is_some_and(|p| {
                ordinal(p)
                    || ["last", "next", "latest", "previous", "prior", "recent"]
                        .iter()
                        .any(|o| o.eq_ignore_ascii_case(p))
            })
            && ORDINAL_EVENTS.iter().any(|e| e.eq_ignore_ascii_case(w));
        // ... or by its number ("Hep B vaccine #2 6-6", "Shingrix dose 1
        // 8-10").
        let numbered_event = k == 0
            && w.len() == 1
            && w.bytes().all(|c| (b'1'..=b'9').contains(&c))
            && prev.is_some_and(|p| {
                ORDINAL_EVENTS.iter().any(|e| e.eq_ignore_ascii_case(p))
                    || ["vaccine", "vaccination", "booster"]
                        .iter()
                        .any(|e| e.eq_ignore_ascii_case(p))
            });
        if ordinal_event || numbered_event {
            return Reading::Date;
        }
        // A measurement ranges upwards: a pair that falls or stays ("SCS
        // trial 3-1 was positive", "Hgb 9-9 low") is no range of it, but a
        // score's or a ratio's may be ("Apgars 9-8", "ratio 3-1").
        let falls = month_day_pair(&text[start..end]).is_some_and(|(m, d)| m >= d)
            && ![
                "apgar", "apgars", "score", "scores", "ratio", "ratios", "split", "vote", "record",
                "strength", "mmt", "reflexes",
            ]
            .iter()
            .any(|x| {
                before
                    .iter()
                    .rev()
                    .take(3)
                    .any(|b| b.eq_ignore_ascii_case(x))
            });
        if !falls && measures_the_pair(before, w, k, prev, own_number || resulted) {
            return Reading::Amount;
        }
        if is_drug(w) {
            drug = 1;
            continue;
        }
        if says_date(around, w, k - drug, own_number) {
            return Reading::Date;
        }
    }
    Reading::Neither
}

/// The word `w`, `k` words before the pair (a drug's name passed over if
/// `drug`), dates it with what stands right after the pair: a fever's, a
/// test's results after a colon, a person who fell.
fn dated_right_there(
    text: &str,
    end: usize,
    before: &[&str],
    w: &str,
    k: usize,
    drug: usize,
) -> bool {
    // A fever is an event: no temperature is a month and day ("pt had a
    // fever 5-5."); a count after it has turned it away already.
    if k < 3
        && drug == 0
        && ["fever", "fevers"]
            .iter()
            .any(|f| f.eq_ignore_ascii_case(w))
    {
        return true;
    }
    // Results listed after a colon are that day's ("Labs 5-14: Hgb 8.2"),
    // as is a test's value after one ("TSH 5-14: 6.2", "Weight 5-14: 71
    // kg") or a finding named in capitals after a test's name ("Pre-op
    // clearance 5-14: RCRI 1"; not a pain score's scale, "Pain 4-6:
    // Norco", nor an order, "K 3-4: give").
    let after_colon = text[end..]
        .strip_prefix(':')
        .map(|r| r.trim_start_matches(' '));
    if k == 0
        && after_colon.is_some()
        && (["labs", "lab", "results"]
            .iter()
            .any(|r| r.eq_ignore_ascii_case(w))
            || measured(w)
                && after_colon.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            || tested(w)
                && after_colon.is_some_and(|r| {
                    let caps = r.bytes().take_while(u8::is_ascii_uppercase).count();
                    caps >= 2
                        && r.as_bytes()
                            .get(caps)
                            .is_none_or(|c| !c.is_ascii_alphabetic())
                }))
    {
        return true;
    }
    // A score said with its verdict after a colon ("Readmission risk
    // scored 8-4: high"); a rubric's line names the score, not the scoring
    // ("Score 0-4: low").
    if k == 0
        && ["scored", "screened", "rated"]
            .iter()
            .any(|v| v.eq_ignore_ascii_case(w))
        && after_colon.is_some_and(|r| {
            let n = r.bytes().take_while(u8::is_ascii_alphabetic).count();
            VERDICTS.iter().any(|v| v.eq_ignore_ascii_case(&r[..n])) && clause_ends(&r[n..])
        })
    {
        return true;
    }
    // A person who fell that day ("Pt fell 5-14 at home"; a value that
    // fell is measured: "Hgb fell 2-3 points").
    // ... the place between ("Fell at home 7-10 while", "Pt fell in the
    // shower 5-14"), the note's subject left out or said.
    let somewhere = k == 2
        && ["at", "in", "on"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(before[before.len() - 2]))
        && placed(before[before.len() - 1])
        && !how_often_after(text, end)
        && !noun_after(text, end);
    if (k == 0 || somewhere)
        && w.eq_ignore_ascii_case("fell")
        && (before.len() == k + 1
            || before.len() >= k + 2
                && ["pt", "patient", "he", "she", "they", "i"]
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(before[before.len() - k - 2])))
    {
        return true;
    }
    false
}

/// The word `w`, `k` words before the pair (`prev` before it), measures the
/// pair: a word of `TESTS`, `MEASURED` or `NUMBERED` that is not something
/// else here (`valued`: a value stands between it and the pair, or a result
/// before it).
fn measures_the_pair(before: &[&str], w: &str, k: usize, prev: Option<&str>, valued: bool) -> bool {
    // Infectious disease named as a service ("Seen by ID 5-14", "per ID").
    let service = w == "ID"
        && prev.is_some_and(|p| {
            ["by", "per", "with", "to"]
                .iter()
                .any(|b| b.eq_ignore_ascii_case(p))
        });
    // A measurement word after a count is that count's unit ("Ambulated
    // 3-4 laps of the unit 5-3", "x2 doses"), and a change after a drug's
    // name is its dose's ("Keppra increased 4-24"): neither measures the
    // pair.
    let unit_of_count = prev.is_some_and(counted);
    let dose_change = ["increased", "increase", "decreased", "decrease", "titrated"]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(w))
        && prev.is_some_and(|p| {
            is_drug(p)
                || ["dose", "doses", "dosage"]
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(p))
        });
    // "Follow up 5-14 with PCP", "Transport set up 5-14" are no rise:
    // "up" is the verb's particle.
    let follow_up = w.eq_ignore_ascii_case("up")
        && prev.is_some_and(|p| {
            [
                "follow", "set", "put", "picked", "hooked", "signed", "followed", "moved",
            ]
            .iter()
            .any(|v| v.eq_ignore_ascii_case(p))
        });
    // A place's or a record's number follows its word ("room 5-14" is
    // none, "Code blue 5-14" a date).
    // ... nor one gone to or come from ("Fall from bed 11-12",
    // "Transferred to floor 11-14").
    let moved = prev.is_some_and(|p| {
        ["from", "to", "into", "onto", "of"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(p))
    });
    let numbered = (k > 0 || moved) && NUMBERED.iter().any(|m| m.eq_ignore_ascii_case(w));
    // Labs and results are dated, never an amount themselves ("K 5.9 on
    // labs 5-14", "Results 5-14 discussed").
    let reported = ["labs", "lab", "results", "result"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(w));
    // A measurement's word before a noun names the noun's kind ("O2
    // requirement 5-14,", "Pain crisis 5-14,"): the noun stands before
    // the pair, not the measurement ("pain at rest 3-4", "INR goal 2-3").
    let modifier = k > 0 && {
        let nearer = before[before.len() - k].to_ascii_lowercase();
        nearer.len() >= 3
            && nearer.bytes().all(|c| c.is_ascii_lowercase())
            && !nearer.ends_with("ly")
            && !measured(&nearer)
            && !AMOUNT_BEFORE.contains(&nearer.as_str())
            && !is_drug(&nearer)
    };
    !valued
        && !service
        && !unit_of_count
        && !dose_change
        && !follow_up
        && !numbered
        && !modifier
        && !reported
        && measured(w)
}

/// The word `w`, `k` words before the pair (drugs' names not counted), says
/// date: a word of `DATE_CONTEXT` or one of the phrasings below (`own_number`:
/// a value stands between it and the pair).
fn says_date(around: &Around, w: &str, k: usize, own_number: bool) -> bool {
    let Around {
        text,
        start,
        end,
        before,
        next,
        bracketed,
    } = *around;
    let date_shaped = |w: &str| month_day_shaped(w, false);
    let l = w.to_ascii_lowercase();
    // A preposition of time with a number of its own between it and the
    // pair opens a range of values ("went from 14 to 8-9").
    let valued = own_number
        && [
            "from", "since", "until", "till", "through", "thru", "by", "on",
        ]
        .contains(&l.as_str());
    k < 3
        && !valued
        && (DATE_CONTEXT.contains(&l.as_str())
            // The time of a day or week ("Night of 5-14", "as of 5-14").
            || (k == 0
                && l == "of"
                && before.len() >= 2
                && [
                    "week", "weekend", "morning", "evening", "afternoon", "night", "day", "as",
                    "end", "start", "beginning", "middle", "date",
                ]
                .iter()
                .any(|t| t.eq_ignore_ascii_case(before[before.len() - 2])))
            || (k == 0 && l == "in" && brought_in(before))
            // Something taken out or off that day, the clause ending
            // after the pair ("Stitches out 5-14, steri-strips applied").
            || (k == 0
                && (l == "out" || l == "off")
                && text[end..].bytes().next().is_none_or(|c| matches!(c, b',' | b'.' | b';' | b'\n')))
            // "Seen in urgent care 2-20", "Rapid response 2-20 for".
            || (k == 0
                && (l == "care" || l == "response")
                && before.len() >= 2
                && (before[before.len() - 2].eq_ignore_ascii_case("urgent")
                    || before[before.len() - 2].eq_ignore_ascii_case("rapid")))
            // A procedure named by its ending, right before the pair
            // ("Cystoscopy 5-14 normal", "Paracentesis 5-14").
            || (k == 0 && PROCEDURE_ENDINGS.iter().any(|e| l.len() > e.len() + 2 && l.ends_with(e)))
            || (k == 0
                && l.len() >= 5
                && l.ends_with("ed")
                && l.bytes().all(|c| c.is_ascii_lowercase()))
            // ... hyphenated ("Self-extubated 5-14", "re-admitted").
            || (k == 0
                && l.rsplit_once('-').is_some_and(|(head, past)| {
                    !head.is_empty()
                        && head.bytes().all(|c| c.is_ascii_lowercase())
                        && past.len() >= 5
                        && past.ends_with("ed")
                        && past.bytes().all(|c| c.is_ascii_lowercase())
                }))
            // A past tense shortened with an apostrophe ("d/c'd 5-14",
            // "f/u'd").
            || (k == 0 && l == "d" && past_abbreviated(&text[..start]))
            // A past tense and its particle ("signed off 5-14",
            // "checked out 5-14", "set up 5-14").
            || (k == 1
                && (l.len() >= 5 && l.ends_with("ed") || l == "set" || l == "put")
                && before.last().is_some_and(|p| {
                    ["off", "out", "up"].iter().any(|o| o.eq_ignore_ascii_case(p))
                }))
            // About when something began, a clause's subject after the
            // pair ("Around 5-14 pt became confused", "About 5-14 she
            // noticed"; not "around 2-3 beers").
            || (k == 0
                && [
                    "around", "about", "approximately", "approx", "roughly", "mid", "early",
                    "late", "overnight",
                ]
                .contains(&l.as_str())
                && ["pt", "patient", "she", "he", "they", "we", "i", "when", "while"]
                    .contains(&next))
            // A day of the week ("Seen Tues 5-6", "Sat 2-3 ED visit"); "Sat"
            // and "Sun" capitalised, not a saturation.
            || (k == 0
                && (WEEKDAYS.contains(&l.as_str())
                    || w == "Sat"
                    || w == "Sun"
                    || w == "SAT"
                    || w == "SUN"))
            // ... or after what happened, told in the past ("Statin stopped
            // around 5-14 due to cramps", "Knee gave out approximately 6-9
            // on the stairs"), with no amount after ("Gets around 5-6
            // hours", "Lost about 2-3 lbs").
            || (k == 0
                && APPROXIMATELY.contains(&l.as_str())
                && happened_before(&before[..before.len() - 1])
                && !how_often_after(text, end)
                && !noun_after(text, end))
            // What happened somewhere, the place between ("Fell at home 7-10
            // while", "Transferred to floor 11-14.").
            || (k == 2
                && happened_before(&before[..before.len() - 2])
                && ["to", "at", "in", "into", "from", "for"]
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(before[before.len() - 2]))
                && placed(before[before.len() - 1])
                && !how_often_after(text, end)
                && !noun_after(text, end))
            // Someone told, seen or met that day ("Told her 5-14 about",
            // "Met family 5-14 in"), with no amount after ("Gave him 1-2
            // tabs").
            || (k == 1
                && (l.len() >= 5 && l.ends_with("ed")
                    || ["told", "saw", "met", "gave", "sent", "took", "brought", "heard", "left"]
                        .contains(&l.as_str()))
                && before.last().is_some_and(|o| {
                    ["her", "him", "them", "pt", "patient", "family", "son", "daughter", "wife", "husband"]
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(o))
                })
                && !how_often_after(text, end)
                && !noun_after(text, end))
            // What was planned or moved, to or for a day ("Booked for
            // 5-14 with", "pushed to 5-14", "Hoping for 5-14"), with no
            // amount after ("Planned for 2-3 days", "for 1-2 more").
            || (k == 1
                && (l.len() >= 5 && (l.ends_with("ed") || l.ends_with("ing")) || l == "set")
                && before
                    .last()
                    .is_some_and(|p| p.eq_ignore_ascii_case("for") || p.eq_ignore_ascii_case("to"))
                && !how_often_after(text, end)
                && !noun_after(text, end))
            // A past tense and what was given ("Transfused 1 unit 7-11",
            // "Received 2 doses 4-5").
            || (k == 2
                && l.len() >= 5
                && l.ends_with("ed")
                && counted_dose(before))
            || (k == 1 && date_shaped(w) && !(w == &text[start..end] && bracketed)))
}

/// Days of the week, in full and shortened ("Tues", "Thurs"); "sat" and
/// "sun" are left to the caller.
#[rustfmt::skip]
const WEEKDAYS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri",
];

/// Words of an approximate time or amount ("around 5-14", "about 2-3").
const APPROXIMATELY: &[&str] = &[
    "around",
    "about",
    "approximately",
    "approx",
    "roughly",
    "near",
    "circa",
];

/// The words end with what happened, told in the past: a past tense of
/// five letters or more in -ed, or a common irregular one, alone or with
/// its particle ("stopped", "became confused", "gave out"). Not a change
/// of an amount ("gained", "increased", "lost"), which takes an amount.
fn happened_before(words: &[&str]) -> bool {
    let past = |w: &str| {
        // A past tense after a hyphen ("Self-discontinued").
        let w = w.rsplit_once('-').map_or(w, |(_, p)| p);
        let l = w.to_ascii_lowercase();
        (l.len() >= 5 && l.ends_with("ed") && l.bytes().all(|c| c.is_ascii_lowercase())
            || [
                "fell", "became", "began", "quit", "went", "came", "broke", "ran", "gave",
            ]
            .contains(&l.as_str()))
            && (!CHANGED.contains(&l.as_str()) || l == "fell")
            && ![
                "gained", "lost", "weighed", "measured", "scored", "rated", "titrated",
            ]
            .contains(&l.as_str())
    };
    match words {
        [.., v, p]
            if ["out", "up", "off", "down"]
                .iter()
                .any(|o| o.eq_ignore_ascii_case(p)) =>
        {
            past(v)
        }
        // A past tense and the state it led to ("became confused").
        [.., v, s] if past(v) && v.eq_ignore_ascii_case("became") => {
            s.bytes().all(|c| c.is_ascii_alphabetic())
        }
        // A past tense and what it was done to ("Self-discontinued statin
        // around 5-8"), no measurement's word.
        [.., v, o] if past(v) && !past(o) => {
            o.len() >= 3 && o.bytes().all(|c| c.is_ascii_alphabetic()) && !measured(o)
        }
        // A symptom's state, no measurement's word before ("Wheezing worse
        // around 4-6 after the fires"; not "Pain worse around 7-8").
        [.., s, w]
            if ["worse", "better", "worsening"]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w)) =>
        {
            s.bytes().all(|c| c.is_ascii_alphabetic()) && !measured(s)
        }
        [.., v] => past(v),
        [] => false,
    }
}

/// A word that names where something happened, after a preposition: a
/// lower-case or capitalised word that measures, counts and doses nothing
/// ("home", "floor", "ICU"; not "max", "NC", "rest").
fn placed(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    l.len() >= 2
        && w.bytes().all(|c| c.is_ascii_alphabetic())
        && (!measured(w) || NUMBERED.iter().any(|m| m.eq_ignore_ascii_case(w)))
        && !is_drug(w)
        && !AMOUNT_BEFORE.contains(&l.as_str())
        && !NUMBER_AFTER.contains(&l.as_str())
        && ![
            "rest", "nc", "ra", "bipap", "cpap", "vent", "room", "bed", "level", "goal",
        ]
        .contains(&l.as_str())
}

/// The words before a pair end with a dose, its unit and what was given
/// ("324 mg ASA", "4 mg Zofran"): the dose is said, so the pair is no dose.
fn given_after_its_dose(before: &[&str]) -> bool {
    let [.., n, u, w] = before else {
        return false;
    };
    n.starts_with(|c: char| c.is_ascii_digit())
        && n.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && ["mg", "mcg", "g", "gm", "ml", "meq", "units", "mmol"]
            .iter()
            .any(|d| d.eq_ignore_ascii_case(u))
        && w.len() >= 3
        && w.bytes().all(|c| c.is_ascii_alphabetic())
}

/// A pair right after a test's value ("K 6.1 5-14 with peaked T waves",
/// "Weight 82 kg 5-14,", "HR 140s 5-14"): the test has its value, so the
/// pair dates it; not a reference range around the value ("K 4 3-5", "INR
/// 2.5 2-3"); the caller rules out a drug's dose ("Oxycodone 5 mg 1-2").
fn after_a_value(text: &str, start: usize, end: usize, before: &[&str]) -> bool {
    after_a_test_value(before) && !around_the_value(text, start, end, before)
        || after_a_score(text, start, before)
}

/// Scores and scales whose value is written before a pair: no reference
/// range follows a score's value, so the pair dates it ("GCS 9 6-10 at
/// scene", "PHQ-9 18 8-12", "MMSE 22/30 9-13").
#[rustfmt::skip]
const SCORES: &[&str] = &[
    "gcs", "nihss", "phq", "phq-9", "phq9", "gad-7", "gad7", "mmse", "moca", "braden", "morse",
    "cows", "ciwa", "audit-c", "slums", "epds", "ess", "rass", "cam", "qsofa", "curb-65",
];

/// The words before a pair end with a score's name and its value, written
/// alone, out of a total or in per cent ("GCS 9", "MMSE 22/30", "Pain
/// 8/10"), and the pair is in no brackets.
fn after_a_score(text: &str, start: usize, before: &[&str]) -> bool {
    let [.., s, v] = before else {
        return false;
    };
    let value = v
        .split_once('/')
        .map_or(*v, |(a, _)| a)
        .bytes()
        .all(|c| c.is_ascii_digit());
    // Pain out of ten only: a pain's score and its range are written
    // side by side ("Pain 3 2-4 with activity").
    let pain = s.eq_ignore_ascii_case("pain") && v.ends_with("/10");
    !text[..start].ends_with('(')
        && value
        && v.starts_with(|c: char| c.is_ascii_digit())
        && (pain || SCORES.iter().any(|x| x.eq_ignore_ascii_case(s)))
}

/// A reference range right after a test's value, the value in its middle
/// half ("WBC 7 4-11", "Eos 3 1-6"): no date, however unlike a range it
/// reads; a value near one end of a pair that reads as a date is that day's
/// ("K 6.1 5-14").
fn reference_range(text: &str, start: usize, end: usize, before: &[&str]) -> bool {
    // A known test's reference range is written like it ("Hgb 9.1 3-14"
    // is none).
    let unlike_known = known_range(before)
        .zip(month_day_pair(&text[start..end]))
        .is_some_and(|(known, p)| !like_the_range(p, known));
    if unlike_known {
        return false;
    }
    after_a_test_value(before)
        && value_before(text, start)
            .zip(month_day_pair(&text[start..end]))
            .is_some_and(|(v, (m, d))| {
                let (m, d) = (f64::from(m), f64::from(d));
                let quarter = (d - m) / 4.0;
                // Around the value and of its size (`around_the_value`), the
                // value in the middle half.
                m <= v && v <= d && d <= 3.0 * v && m + quarter <= v && v <= d - quarter
            })
}

/// The words before a pair end with a value, maybe with its unit after it,
/// of a test named among the four words before the value.
fn after_a_test_value(before: &[&str]) -> bool {
    let n = before.len();
    let value_at = match before.last() {
        Some(w) if w.starts_with(|c: char| c.is_ascii_digit()) => n - 1,
        Some(w) if n >= 2 && unit_word(&w.to_ascii_lowercase()) => n - 2,
        _ => return false,
    };
    before[value_at].starts_with(|c: char| c.is_ascii_digit())
        && before[value_at.saturating_sub(4)..value_at]
            .iter()
            .any(|w| tested(w))
}

/// The pair at `start..end` is a range around the number written right
/// before it, and of its size.
fn around_the_value(text: &str, start: usize, end: usize, before: &[&str]) -> bool {
    let value = value_before(text, start);
    let Some((m, d)) = month_day_pair(&text[start..end]) else {
        return true;
    };
    // A test whose reference range is known has one written like it
    // ("Hgb 9.1 3-14" is no haemoglobin's range).
    if known_range(before).is_some_and(|known| !like_the_range((m, d), known)) {
        return false;
    }
    // A reference range holds the value and is of its size ("K 4 3-5", "WBC
    // 7 4-11"); one whose top is more than three times the value is none
    // ("PSA 6.1 6-30", "Hgb 7.2 4-30").
    value.is_some_and(|v| f64::from(m) <= v && v <= f64::from(d) && f64::from(d) <= 3.0 * v)
}

/// Adult reference ranges of common tests, in their usual units (a
/// haemoglobin in g/dL, a potassium in mmol/L), and an INR's therapeutic
/// range; only those a month and day could be written like.
#[rustfmt::skip]
const REFERENCE_RANGES: &[(&str, f64, f64)] = &[
    ("hgb", 12.0, 17.5), ("hb", 12.0, 17.5), ("hemoglobin", 12.0, 17.5),
    ("haemoglobin", 12.0, 17.5), ("wbc", 4.0, 11.0), ("k", 3.5, 5.0), ("potassium", 3.5, 5.0),
    ("phos", 2.5, 4.5), ("phosphorus", 2.5, 4.5), ("magnesium", 1.7, 2.4), ("ca", 8.5, 10.5),
    ("calcium", 8.5, 10.5), ("cr", 0.6, 1.3), ("creatinine", 0.6, 1.3), ("bun", 7.0, 20.0),
    ("inr", 2.0, 3.0), ("tsh", 0.4, 4.5), ("a1c", 4.0, 5.6), ("hba1c", 4.0, 5.6),
    ("albumin", 3.5, 5.0), ("lactate", 0.5, 2.2), ("eos", 1.0, 6.0), ("bili", 0.2, 1.2),
    ("bilirubin", 0.2, 1.2), ("psa", 0.0, 4.0), ("esr", 0.0, 20.0), ("crp", 0.0, 10.0),
];

/// The reference range of the test named among the four words before its
/// value, if it is known.
fn known_range(before: &[&str]) -> Option<(f64, f64)> {
    let n = before.len();
    let value_at = match before.last() {
        Some(w) if w.starts_with(|c: char| c.is_ascii_digit()) => n - 1,
        Some(w) if n >= 2 && unit_word(&w.to_ascii_lowercase()) => n - 2,
        _ => return None,
    };
    before[value_at.saturating_sub(4)..value_at]
        .iter()
        .rev()
        .find(|w| tested(w))
        .and_then(|w| {
            REFERENCE_RANGES
                .iter()
                .find(|(t, ..)| t.eq_ignore_ascii_case(w))
                .map(|&(_, lo, hi)| (lo, hi))
        })
}

/// A pair written like a reference range: each end within a third of the
/// range's width (and one unit) of the range's end.
fn like_the_range((m, d): (u32, u32), (lo, hi): (f64, f64)) -> bool {
    let slack = (hi - lo) / 3.0 + 1.0;
    (f64::from(m) - lo).abs() <= slack && (f64::from(d) - hi).abs() <= slack
}

/// The number written right before byte `start` (a decimal point kept; a
/// unit or a per cent sign after it skipped).
fn value_before(text: &str, start: usize) -> Option<f64> {
    let head = text[..start].trim_end_matches([' ', '\t']);
    let head = head.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%');
    let head = head.trim_end_matches([' ', '\t']);
    let digits = head.len()
        - head
            .bytes()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == b'.')
            .count();
    head[digits..].parse().ok()
}

/// A lower-case word after the pair that it may count or qualify ("4-5 toe
/// syndactyly", "2-3 glass"): not a function word, a verb's participle or
/// a past tense ("5-14 lasting 2 min", "5-14 grew E. coli", "5-14 in the
/// ED").
fn noun_after(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    // In capitals where the word before the pair is too ("REVIEW 3-4 NEW
    // MEDS"); elsewhere a word in capitals after it is a test ("5-14 CT").
    let word_before = last_ascii_word(
        text[..end]
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')
            .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_ascii_whitespace()),
    );
    let capitals = !word_before.is_empty() && word_before.bytes().all(|c| c.is_ascii_uppercase());
    let n = rest
        .bytes()
        .take_while(|c| c.is_ascii_lowercase() || capitals && c.is_ascii_uppercase())
        .count();
    let w = rest[..n].to_ascii_lowercase();
    if n < 2
        || !text[end..].starts_with([' ', '\t'])
        || rest[n..].starts_with(|c: char| c.is_alphanumeric())
    {
        return false;
    }
    // A label and its own number ("Trauma activation 5-14 level 2", "5-14
    // grade 3 tear") name no counted thing.
    // ... the clause ending after the number ("5-14 grade 2 lesions"
    // counts them).
    let labelled = rest[n..].strip_prefix(' ').is_some_and(|r| {
        let k = r.bytes().take_while(u8::is_ascii_alphanumeric).count();
        (r.starts_with(|c: char| c.is_ascii_digit())
            || ["i", "ii", "iii", "iv"].contains(&r[..k].to_ascii_lowercase().as_str()))
            && clause_ends(&r[k..])
    });
    if labelled
        && [
            "level", "grade", "class", "stage", "type", "phase", "tier", "zone", "category",
        ]
        .contains(&w.as_str())
    {
        return false;
    }
    // A finding's adjective before its preposition ("EMG 8-25 consistent
    // with", "CT 3-4 concerning for") qualifies no count.
    let then = next_word(rest, n);
    if FINDING_ADJECTIVES.contains(&w.as_str()) && ["with", "of", "for"].contains(&then.as_str()) {
        return false;
    }
    // A participle before a plural qualifies what is counted ("1-2
    // standing breaks", "2-3 formed stools").
    if w.ends_with("ing") || w.ends_with("ed") {
        return plural_after(&rest[n..].to_ascii_lowercase(), 0);
    }
    !NO_NOUN.contains(&w.as_str())
}

/// Adjectives a study's finding is said with, before "with", "of" or "for".
const FINDING_ADJECTIVES: &[&str] = &[
    "consistent",
    "compatible",
    "suggestive",
    "concerning",
    "notable",
    "significant",
    "remarkable",
    "worrisome",
    "diagnostic",
    "positive",
    "negative",
];

/// Lower-case words after a pair that are no noun it counts: function
/// words, past tenses and participles without -ed, words of time.
#[rustfmt::skip]
const NO_NOUN: &[&str] = &[
    "with", "after", "before", "during", "since", "until", "till", "while", "when", "overnight",
    "then", "but", "due", "secondary", "without", "via", "in", "at", "on", "by", "for", "from",
    "per", "as", "because", "so", "is", "was", "were", "are", "has", "had", "have", "will",
    "would", "grew", "showed", "shows", "found", "came", "went", "broke", "began", "left", "ran",
    "got", "gave", "saw", "told", "said", "tonight", "today", "yesterday", "now", "here", "there",
    "not", "no", "also", "again", "only", "still", "into", "about", "around", "near", "where",
    "which", "who", "that", "this", "the", "his", "her", "their", "pt", "patient", "took", "re",
    "if", "unless", "once", "pending", "sent", "kept", "done", "seen", "given", "taken", "made",
    "drawn", "put", "set", "held", "brought", "felt", "midnight", "noon", "to", "and", "en",
];

/// A frequency or a comparison after the pair, which makes it an amount
/// ("2-3 a day", "1-2 q6h", "1-2 daily", "2-3 or more").
fn how_often_after(text: &str, end: usize) -> bool {
    let w = next_word(text, end);
    let rest = text[end..].trim_start();
    match w.as_str() {
        "x" => !lasted(text, end),
        "a" | "an" | "every" | "each" | "daily" | "weekly" | "monthly" | "nightly" | "bid"
        | "tid" | "qid" | "qd" | "qhs" | "qam" | "qpm" | "qod" | "prn" | "times" | "more"
        | "less" | "or" | "of" | "than" | "over" | "out" | "po" | "iv" | "sl" | "pr" | "im"
        | "sq" | "subq" | "sc" => true,
        // "2-3 to 4-5", "1-2 and a half"; not "5-14 to discuss", "5-14 and
        // recommended".
        "to" | "and" => {
            let r = rest[w.len()..].trim_start();
            r.starts_with(|c: char| c.is_ascii_digit())
                || NUMBER_AFTER.contains(&next_word(r, 0).as_str())
        }
        // "2-3 per day", "1-2 per dose"; not "5-14 per ID".
        "per" => {
            let after = next_word(rest, 3);
            unit_word(&after)
                || RANGE_AFTER.contains(&after.as_str())
                || matches!(
                    after.as_str(),
                    "night"
                        | "shift"
                        | "session"
                        | "visit"
                        | "dose"
                        | "hr"
                        | "h"
                        | "wk"
                        | "min"
                        | "kg"
                )
        }
        _ => rest.starts_with(['q', 'Q']) && rest[1..].starts_with(|c: char| c.is_ascii_digit()),
    }
}

/// Words of number after "to" or "and" that make the pair before them one
/// end of a range or an amount ("2-3 to several", "1-2 and a half").
#[rustfmt::skip]
const NUMBER_AFTER: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "fifteen", "twenty", "thirty", "few", "several", "many", "more", "most",
    "max", "maximum", "min", "minimum", "less", "fewer", "half",
];

/// "at" or "@" and a clock time after byte `end` ("at 0300", "@ 9:30",
/// "at 14:00"), or a time of four digits alone before a colon or a comma
/// ("Vitals 5-14 0400: BP 101/60").
fn clock_after(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let Some(r) = rest.strip_prefix('@').or_else(|| after_word(rest, "at")) else {
        let b = rest.as_bytes();
        return text[end..].starts_with(' ')
            && b.len() >= 5
            && b[..4].iter().all(u8::is_ascii_digit)
            && matches!(b[4], b':' | b',')
            && rest[..2].parse::<u32>().is_ok_and(|h| h <= 23)
            && rest[2..4].parse::<u32>().is_ok_and(|m| m <= 59);
    };
    let r = r.trim_start_matches([' ', '\t']).as_bytes();
    let n = r.iter().take_while(|c| c.is_ascii_digit()).count();
    let boundary = |i: usize| r.get(i).is_none_or(|c| !c.is_ascii_alphanumeric());
    (n == 4 && boundary(4))
        || ((1..=2).contains(&n)
            && r.get(n) == Some(&b':')
            && r.get(n + 1..n + 3)
                .is_some_and(|m| m.iter().all(u8::is_ascii_digit))
            && boundary(n + 3))
}

/// How long the event of the day after byte `end` lasted: "x", a number
/// and minutes or hours ("seen 5-14 x 30 min"). After a plural or a verb
/// of exercise it is a frequency ("walks 2-3 x 30 min"), which the word
/// before the pair decides elsewhere.
fn lasted(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let Some(r) = rest.strip_prefix(['x', 'X']) else {
        return false;
    };
    let r = r.trim_start_matches([' ', '\t']);
    let n = r.bytes().take_while(u8::is_ascii_digit).count();
    n >= 1
        && matches!(
            next_word(r, n).as_str(),
            "min" | "mins" | "minute" | "minutes" | "hr" | "hrs" | "hour" | "hours"
        )
}

/// A count or a frequency after the pair at `a..b` ("3-4 tabs", "4-5 times").
fn counts_after(text: &str, a: usize, b: usize) -> bool {
    !not_a_count(text, a, b) || how_often_after(text, b)
}

/// `not_a_count`, and not the first of two ranges ("from 1-2 to 3-4 tabs").
fn not_a_count_nor_ranges(text: &str, start: usize, end: usize) -> bool {
    not_a_count(text, start, end)
        && !date_to_date(text, end).is_some_and(|(a, b)| counts_after(text, a, b))
}

/// Where the month and day after `end` lies, joined to it by "to",
/// "through", "thru", "until" or a dash ("5-14 to 5-20"), with a hyphen.
fn date_to_date(text: &str, end: usize) -> Option<(usize, usize)> {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    // ... or a dash between spaces ("(1-4 - 1-11)").
    let second = ["to", "through", "thru", "until", "-"]
        .into_iter()
        .find_map(|w| after_word(rest, w))?;
    let from = text.len() - second.len();
    let len = text[from..]
        .bytes()
        .take_while(|c| c.is_ascii_digit() || *c == b'-')
        .count();
    let second = &text[from..from + len];
    (second.contains('-') && month_day_shaped(second, false)).then_some((from, from + len))
}

/// An ordinal ("2nd", "3rd", "10th", "first", "final").
fn ordinal(w: &str) -> bool {
    let n = w.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = w[n..].to_ascii_lowercase();
    (n >= 1 && ["st", "nd", "rd", "th"].contains(&suffix.as_str()))
        || [
            "first", "second", "third", "fourth", "fifth", "sixth", "final", "initial",
        ]
        .iter()
        .any(|o| o.eq_ignore_ascii_case(w))
}

/// A cycle's day as oncology writes it ("C2D1", "c3d8").
fn cycle_day(w: &str) -> bool {
    let b = w.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    if b.first().is_none_or(|c| !c.eq_ignore_ascii_case(&b'c')) {
        return false;
    }
    let n = digits(1);
    n >= 1
        && b.get(1 + n).is_some_and(|c| c.eq_ignore_ascii_case(&b'd'))
        && digits(2 + n) >= 1
        && 2 + n + digits(2 + n) == b.len()
}

/// A count: a number, a range or a multiple ("3", "3-4", "x3").
fn counted(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
        || w.strip_prefix(['x', 'X'])
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
}

/// A word a date can follow and a range cannot: an event, a treatment or
/// who was there ("Code blue 5-14,", "Trach change 5-14,", "SVT 5-14,",
/// "reviewed with family 5-14."), or a count of the events ("Vomited x3
/// 5-14 after dinner"). Not a function word, a measurement (`MEASURED`, a
/// drug, a grading scale), a plural (what a count counts: "stools 2-3"; a
/// capitalised word not `first` in its sentence is a name: "Williams"), nor
/// a verb that takes an amount ("takes 1-2").
fn event_head(w: &str, first: bool) -> bool {
    if counted(w) {
        return w.starts_with(['x', 'X']);
    }
    // A plural in capitals ("BMs", "PVCs").
    if w.len() >= 3 && w.ends_with('s') && w[..w.len() - 1].bytes().all(|c| c.is_ascii_uppercase())
    {
        return false;
    }
    let l = w.to_ascii_lowercase();
    // A capitalised word inside a sentence is a name, not a plural ("PCP
    // Aisha Williams 5-14,").
    let proper = !first
        && w.starts_with(|c: char| c.is_ascii_uppercase())
        && w.len() >= 3
        && w[1..].bytes().all(|c| c.is_ascii_lowercase());
    // A vaccine is given on a day, never in a range of doses ("Pneumovax
    // 5-14"), though the drug list holds it.
    if VACCINES.contains(&l.as_str()) {
        return true;
    }
    l.len() >= 2
        && l.bytes().all(|c| c.is_ascii_lowercase())
        && (proper || !ends_as_plural(&l))
        && !measured(&l)
        && !is_drug(&l)
        && !AMOUNT_BEFORE.contains(&l.as_str())
}

/// Vaccines and words for one.
#[rustfmt::skip]
const VACCINES: &[&str] = &[
    "vaccine", "vaccines", "vaccination", "vaccinated", "immunization", "booster", "shot",
    "pneumovax", "prevnar", "shingrix", "zostavax", "tdap", "dtap", "td", "gardasil", "fluzone",
    "flumist", "mmr", "varivax", "havrix", "engerix", "heplisav", "twinrix", "comirnaty",
    "spikevax", "novavax", "moderna", "pfizer", "menactra", "menveo", "bexsero", "trumenba",
    "ipv", "hib", "rotateq", "arexvy", "abrysvo", "beyfortus",
];

/// Words an amount or a grade follows: quantifiers, prepositions of amount,
/// verbs that take one, and scales graded in ranges ("about 2-3", "takes
/// 1-2", "Tanner 2-3", "size 6-7").
#[rustfmt::skip]
const AMOUNT_BEFORE: &[&str] = &[
    "about", "approx", "approximately", "around", "roughly", "nearly", "almost", "only", "just",
    "over", "under", "every", "each", "q", "x", "of", "between", "for", "in", "within", "last",
    "past", "next", "than", "by", "to", "from", "and", "or", "another", "additional", "extra",
    "some", "maybe", "perhaps", "take", "taking", "took", "use", "using", "need", "needing",
    "require", "requiring", "get", "getting", "got", "had", "have", "having", "give", "giving",
    "gave", "drink", "drank", "smoke", "eat", "ate", "lose", "lost", "gain", "sleep", "slept",
    "walk", "climb", "wait", "waiting", "size", "gauge", "fr", "french", "setting", "zone",
    "phase", "type", "tier", "layer", "segment", "rib", "digit", "tanner", "mallampati", "asa", "nyha", "gleason", "ecog",
    "killip", "hunt", "hess", "rankin", "bristol", "timi", "wells", "salter", "harris", "hoehn",
    "yahr", "karnofsky", "fitzpatrick", "ballard", "beighton", "mrc", "ashworth", "borg",
    "ciwa", "cows", "rass", "nihss", "gad", "gad7", "phq", "phq9", "audit", "morse", "sofa",
    "qsofa", "curb", "curb65", "chads", "cha2ds2", "hasbled", "meld", "apache", "caprini",
    "padua", "bishop", "centor", "hestia", "perc", "kps", "ranson", "alvarado", "epds", "ctcae",
    "fazekas", "meyerding", "modic", "outerbridge", "hinchey", "breslow", "binet", "forrest",
    "bethesda", "gustilo", "schatzker", "pfirrmann", "kellgren", "tscherne", "neer", "frankel",
    "brunnstrom", "medsger", "savary", "lugano", "bbps", "kl", "birads", "tirads", "lirads",
    "pirads",
    "age", "aged", "ages", "gravida", "para", "g", "p", "ratio", "rate", "cm", "mm", "mg", "kg",
    // Days counted ("Line day 5-6").
    "day", "week", "month",
    // Plurals without an s.
    "teeth", "feet", "children", "people", "men", "women", "vertebrae", "bacteria", "data",
    // Words of time and degree ("pain today 3-4", "pain worse 3-4").
    "today", "now", "currently", "yesterday", "tonight", "overnight", "still", "again", "usually",
    "worse", "better", "severe", "mild", "moderate", "low", "high", "stable", "same", "similar",
    "intermittent", "constant", "persistent", "average", "least", "most", "max", "min", "dull",
    "sharp", "aching",
    // Function words.
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "my", "our",
    "your", "its", "he", "she", "it", "they", "we", "i", "you", "is", "was", "are", "were", "be",
    "been", "am", "will", "would", "can", "could", "may", "might", "should", "must", "do",
    "does", "did", "not", "no", "with", "at", "as", "if", "so", "but", "nor", "per", "via",
    "into", "onto", "up", "down", "out", "off", "near", "above", "below", "pm",
];

/// A month's name that is no given name before a surname ("April Lee",
/// "JUNE SMITH"): a capitalised word after it that the name lists hold.
fn month_alone(text: &str, _start: usize, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    let next = &rest[..rest
        .find(|c: char| !c.is_alphabetic() && c != '\'')
        .unwrap_or(rest.len())];
    use crate::lexicon::{NAME, WEAK_NAME, flags};
    !(next.starts_with(|c: char| c.is_uppercase())
        && text[end..].starts_with([' ', '\t'])
        && flags(next) & (NAME | WEAK_NAME) != 0)
}

/// A month and day with a hyphen that no range is written as: the day below
/// or at the month ("12-4", "9-9": a range rises), or more than four above it and neither
/// a multiple of five nor its double ("4-28"; not "2-3", "5-10", "6-12",
/// "1-10"). A count, a measurement or a word of `RANGE_AFTER` around it
/// has already turned it away (`dated_month_day`).
fn unlike_a_range(text: &str, start: usize, end: usize) -> bool {
    let Some((m, d)) = month_day_pair(&text[start..end]) else {
        return false;
    };
    // ... nor from a number to itself ("Hgb 9-9 low"), save a score's
    // ("Apgars 9-9"), which its word measures first.
    m >= d || !(d - m <= 4 || d % 5 == 0 || d == 2 * m)
}

/// Words after two numbers joined by a hyphen that make them a range, a
/// shift, a score or an age ("3-11 shift", "a 1-10 scale", "a 2-4 week
/// course", "5-9 yo").
const RANGE_AFTER: &[&str] = &[
    "shift", "shifts", "scale", "split", "ratio", "score", "block", "lead", "count", "vote",
    "record", "win", "loss", "odds", "rule", "day", "week", "month", "year", "hour", "minute",
    "point", "yo", "item", "person", "word", "step", "unit", "pack", "vessel",
];

/// Whether `before` ends with a past tense shortened with an apostrophe
/// after a lower-case abbreviation ("d/c'd", "f/u'd", "tx'd"), then spaces
/// or a tilde.
fn past_abbreviated(before: &str) -> bool {
    let b = before.trim_end_matches([' ', '\t', '~']);
    // In capitals too ("D/C'D 5-14"), but no pronoun's contraction ("he'd").
    let pronoun = |w: &str| {
        ["he", "she", "i", "we", "you", "they", "who", "it"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(last_ascii_word(w)))
    };
    b.strip_suffix("'d")
        .is_some_and(|w| w.ends_with(|c: char| c.is_ascii_lowercase()) && !pronoun(w))
        || b.strip_suffix("'D")
            .is_some_and(|w| w.ends_with(|c: char| c.is_ascii_uppercase()) && !pronoun(w))
}

/// Whether the words before a date end with someone or something brought
/// or coming in ("bring him in 5-14", "come back in 6-2"; not "pain in 4-5").
fn brought_in(before: &[&str]) -> bool {
    let n = before.len();
    n >= 2
        && before[n - 1].eq_ignore_ascii_case("in")
        && [
            "him", "her", "them", "me", "us", "come", "comes", "coming", "back",
        ]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(before[n - 2]))
}

/// A month and day in brackets after a value, the value's date in a trend
/// ("Hgb 9.8 (12-4), 10.2 (12-5)") or a count of days ("POD#2 (8-13)",
/// "HD 4 (1-17)"): a pair no range can be (it falls: `12-4`), one after a
/// count of days, or one beside another value's bracket with no word
/// between, holding a month and day with a slash, or another pair with a
/// hyphen (`(11-3) -> 1.1 (11-5)`). A reference range reads the same but
/// rises, and ranges in a panel have their tests' names between them ("K 4
/// (3-5), Phos 3 (3-4)"); one test's values have the same range.
fn trend_date(text: &str, start: usize, end: usize, (m, d): (u32, u32)) -> bool {
    if m > d || after_day_count(&text[..start - 1]) {
        return true;
    }
    let sibling = |from: usize, to: usize| {
        text[from..to].match_indices('(').any(|(k, _)| {
            let a = from + k + 1;
            let e = a + text.as_bytes()[a..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || matches!(c, b'-' | b'/'))
                .count();
            let inner = &text[a..e];
            if inner.contains('/') {
                return bracketed_pair(text, a, e).is_some()
                    && !scale_score(text, a, e)
                    && !graded(text, a, e);
            }
            bracketed_pair(text, a, e).is_some_and(|pair| pair != (m, d))
        })
    };
    let no_word = |c: char| c.is_alphabetic() || c == '\n';
    let after = end + 1;
    let to = text[after..]
        .find(no_word)
        .map_or(text.len(), |k| after + k);
    let head = &text[..start - 1];
    let from = head.rfind(no_word).map_or(0, |k| {
        k + head[k..].chars().next().map_or(1, char::len_utf8)
    });
    sibling(after, to) || sibling(from, start - 1)
}

/// The ASCII letters `s` ends with (a slice at a character boundary: they
/// are single bytes).
fn last_ascii_word(s: &str) -> &str {
    &s[s.len() - s.bytes().rev().take_while(u8::is_ascii_alphabetic).count()..]
}

/// Whether `head` ends with a count of days: "POD#2", "HD 4", "day 3",
/// "DOL 5" (spaces after it allowed).
fn after_day_count(head: &str) -> bool {
    const DAY_COUNTS: &[&str] = &["pod", "hd", "day", "dol", "pd"];
    // The count and a comma maybe ("Foley day 3, 5-14"); a count word with
    // no number is none ("Line day 5-6" numbers days).
    let h = head.trim_end_matches([' ', '\t']);
    let h = h.strip_suffix(',').unwrap_or(h);
    let n = h.bytes().rev().take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return false;
    }
    let h = h[..h.len() - n].trim_end_matches([' ', '\t', '#']);
    let w = last_ascii_word(h);
    DAY_COUNTS.iter().any(|d| d.eq_ignore_ascii_case(w))
}

/// A month and day that ends a clause of a list of dated events, after the
/// clause's past tense, where the clause before it ends with a date too
/// ("Admitted 2/10, extubated 9-21, transferred to floor 7-12."): the list
/// says date, nearer than a place or measurement word in the clause.
fn listed_event_date(text: &str, start: usize, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    if !(rest.is_empty() || rest.starts_with([',', ';', '.', '\n'])) {
        return false;
    }
    let head = &text[sentence_start(text, start)..start];
    let Some(comma) = head.rfind(',') else {
        return false;
    };
    let clause = &head[comma + 1..];
    let mut words = clause.split_whitespace();
    let first = words.next().unwrap_or("");
    // In lower case after its first letter, or in capitals ("TRANSFERRED").
    let past = first.len() >= 5
        && (first.ends_with("ed") && first.bytes().skip(1).all(|c| c.is_ascii_lowercase())
            || first.ends_with("ED") && first.bytes().all(|c| c.is_ascii_uppercase()))
        && first.bytes().all(|c| c.is_ascii_alphabetic());
    if !past || words.count() > 3 {
        return false;
    }
    let last = head[..comma].split_whitespace().next_back().unwrap_or("");
    month_day_shaped(last, true)
}

/// A word that is a month and day in digits with `/` or `-` ("5-14",
/// "03/28"), and with `year`, maybe a year of two or four digits after them
/// ("3/28/24").
fn month_day_shaped(w: &str, year: bool) -> bool {
    let mut parts = w.split(['/', '-']);
    let month_day = matches!((parts.next(), parts.next()), (Some(m), Some(d))
        if (1..=2).contains(&m.len()) && (1..=2).contains(&d.len())
            && m.bytes().chain(d.bytes()).all(|c| c.is_ascii_digit()));
    month_day
        && match parts.next() {
            None => true,
            Some(y) => year && matches!(y.len(), 2 | 4) && y.bytes().all(|c| c.is_ascii_digit()),
        }
}

/// The month and day of `start..end` ("12-4", "3/28", "3/28/24") where it
/// stands in brackets right after a number ("9.8 (12-4)").
fn bracketed_pair(text: &str, start: usize, end: usize) -> Option<(u32, u32)> {
    let b = text.as_bytes();
    if start < 3 || b[start - 1] != b'(' || b.get(end) != Some(&b')') {
        return None;
    }
    let head = text[..start - 1].trim_end_matches([' ', '\t']);
    if !head.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    month_day_pair(&text[start..end])
}

/// The month and day of "12-4", "3/28" or "3/28/24", if they can be one.
fn month_day_pair(s: &str) -> Option<(u32, u32)> {
    let (m, rest) = s.split_once(['-', '/'])?;
    let d = rest.split('/').next()?;
    let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((m, d))
}

/// Words an age follows with only a space between ("is 95", "now 95",
/// "alive at 92"), besides words for a person or for age.
const AGE_BEFORE: &[&str] = &[
    "is",
    "was",
    "be",
    "being",
    "been",
    "are",
    "were",
    "am",
    "at",
    "now",
    "also",
    "still",
    "nearly",
    "almost",
    "about",
    "around",
    "approximately",
    "approx",
    "reached",
    "reach",
    "just",
    "only",
    "already",
    "soon",
    "until",
    "till",
    "he's",
    "she's",
    "who's",
    "reportedly",
    "stated",
    "states",
    "says",
    "said",
    "as",
];

/// Words that make a number in their sentence a person's age: the person
/// ("pt", "widow", "her father"), or age itself ("alive", "birthday").
fn person_or_age_word(w: &str) -> bool {
    const MORE: &[&str] = &[
        "her",
        "his",
        "him",
        "hers",
        "i",
        "i'm",
        "im",
        "me",
        "my",
        "pt's",
        "patient's",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "age",
        "aged",
        "ages",
        "old",
        "older",
        "oldest",
        "elderly",
        "birthday",
        "born",
        "turned",
        "turns",
        "turn",
        "alive",
        "lived",
        "living",
        "outlived",
        "widowed",
        "grandma",
        "grandpa",
        "resident",
        "residents",
        "y",
        "yo",
        "yrs",
        "years",
    ];
    PERSON_NOUNS
        .iter()
        .chain(KIN_IN_BRACKETS)
        .chain(MORE)
        .any(|p| p.eq_ignore_ascii_case(w))
}

/// A number from 90 to 129 (`start..end` also holding a sex letter, "95F")
/// that is a person's age: no unit, ratio, decimal, range or hyphenated word
/// after it ("90-day supply"), and its sentence says age (`age_in_sentence`);
/// with a sex letter, not after a temperature word.
fn bare_age(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let digits = run_at(b, start, u8::is_ascii_digit);
    let sex = end > start + digits;
    if !age_in_sentence(text, start, end, sex) {
        return false;
    }
    if sex {
        return not_a_temperature(text, start, end);
    }
    let rest = &b[end..];
    let joined = rest
        .first()
        .is_some_and(|&c| matches!(c, b'/' | b'.' | b',' | b'-' | b':'))
        && rest.get(1).is_some_and(|c| c.is_ascii_alphanumeric());
    // "died at 97 of MI": after "at", "of" gives a cause, not a share.
    let ends_ci = |s: &str, w: &str| {
        s.len() >= w.len()
            && s.is_char_boundary(s.len() - w.len())
            && s[s.len() - w.len()..].eq_ignore_ascii_case(w)
    };
    let cause = ends_ci(&text[..start], "at ")
        && text[end..]
            .get(..4)
            .is_some_and(|h| h.eq_ignore_ascii_case(" of "))
        && !text[end + 4..].starts_with(|c: char| c.is_ascii_digit());
    !joined
        && (cause || (not_a_range(text, start, end) && no_unit_after(text, start, end)))
        && !crate::context::is_measure(&next_word(text, end))
}

/// An age over 89 in words with no unit after it ("Pt turned ninety-two on
/// May 6", "says she is \"ninety\""): its sentence says age.
fn spelled_age(text: &str, start: usize, end: usize) -> bool {
    let rest = text[end..].trim_start();
    let next = next_word(text, end);
    !rest.starts_with(['%', '-'])
        && !unit_word(&next)
        && !crate::context::is_measure(&next)
        && !matches!(next.as_str(), "percent" | "thousand" | "degrees")
        && age_in_sentence(text, start, end, false)
}

/// What makes a number at `start..end` a person's age in its sentence:
/// nothing but a space, a bracket or a quote right before it, no number
/// right before it (nor after it, unless `sex`: "95M, HR 118"), no
/// measurement word or drug among the five words before it, and a word for a
/// person or for age in the sentence (unless `sex`: a sex letter says person).
fn age_in_sentence(text: &str, start: usize, end: usize, sex: bool) -> bool {
    let b = text.as_bytes();
    if start > 0 && !matches!(b[start - 1], b' ' | b'\t' | b'\n' | b'(' | b'"' | b'[') {
        return false;
    }
    let (from, to) = (sentence_start(text, start), sentence_end(text, end));
    fn words(r: &str) -> Vec<&str> {
        r.split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .collect()
    }
    let (before, after) = (words(&text[from..start]), words(&text[end..to]));
    let number = |w: &&str| w.starts_with(|c: char| c.is_ascii_digit());
    if before.last().is_some_and(number) || (!sex && after.first().is_some_and(number)) {
        return false;
    }
    // Right after a word, with only spaces between, an age follows a verb,
    // an adverb of time or a word for a person ("is 95", "now 95", "alive
    // at 92"), not a noun it numbers ("immunodeficiency 112", "exit 102").
    if let Some(w) = before.last()
        && text[..start].ends_with([' ', '\t'])
        && text[..start].trim_end_matches([' ', '\t']).ends_with(*w)
        && !(AGE_BEFORE.iter().any(|a| a.eq_ignore_ascii_case(w))
            || person_or_age_word(w)
            || (sex && (w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an"))))
    {
        return false;
    }
    // A measurement word measures the first number after it: one with a
    // number of its own after it ("RM 12 Pt turned ninety-seven") is not
    // this number's.
    let own = before.iter().rposition(number).map_or(0, |k| k + 1);
    let measured = before[own..]
        .iter()
        .rev()
        .take(5)
        .any(|w| measurement_word(w))
        || before
            .last()
            .is_some_and(|w| MEASURED_NEXT.iter().any(|m| m.eq_ignore_ascii_case(w)));
    !measured && (sex || before.iter().chain(&after).any(|w| person_or_age_word(w)))
}

/// The match's last two words are a given name (as `lower_given_name`) and
/// a surname: a word no list knows or a dictionary name (English words too:
/// "smith") after a given name, and only one no English word after a given
/// name that is an English word ("son john o'brien"; not "daughter rose
/// early").
fn lower_full_name(text: &str, start: usize, end: usize) -> bool {
    let m = &text[start..end];
    let mut words = m.rsplit([' ', '\t']).filter(|w| !w.is_empty());
    let (Some(last), Some(first)) = (words.next(), words.next()) else {
        return false;
    };
    use crate::lexicon::{DRUG, ENGLISH, NAME, STOP, WEAK_NAME, flags};
    let (f, g) = (flags(last), flags(first));
    if f & STOP != 0 || is_relation(last) {
        return false;
    }
    // A surname no English word, or one that is ("smith", "brown") after a
    // given name; a given name that is an English word ("john", "mark")
    // before a surname no English word is.
    let plain_surname = f & (ENGLISH | DRUG) == 0;
    let named_surname = f & (NAME | WEAK_NAME) != 0;
    let weak_given = g & WEAK_NAME != 0 && g & STOP == 0;
    (given_name_word(first) && (plain_surname || named_surname)) || (weak_given && plain_surname)
}

/// The match's last word is a dictionary name that is no English word
/// ("hannah"), or a name that is one but no stopword ("smith", after a title).
fn lower_name_after_title(text: &str, start: usize, end: usize) -> bool {
    use crate::lexicon::{STOP, WEAK_NAME, flags, plain_name};
    let m = &text[start..end];
    let w = m.rsplit([' ', '\t']).next().unwrap_or(m);
    let f = flags(w);
    plain_name(f) || (f & WEAK_NAME != 0 && f & STOP == 0) || unlisted_given_name(w)
}

/// A lower-case word no list holds that reads as a given name: four letters
/// or more, two vowels (no abbreviation: "recs", "hcp"), no English ending,
/// no relation ("kwame", "priya").
fn unlisted_given_name(w: &str) -> bool {
    w.len() >= 4
        && w.bytes().all(|c| c.is_ascii_lowercase())
        && crate::lexicon::flags(w) == 0
        && w.bytes().filter(|c| b"aeiou".contains(c)).count() >= 2
        && !crate::context::english_ending(w)
        && !is_relation(w)
}

/// The words before the match's bracket: two that make a name
/// (`lower_full_name`), or one dictionary name that is no English word, or
/// one no list holds that reads as a given name (`unlisted_given_name`).
fn lower_names_before_bracket(text: &str, start: usize, end: usize) -> bool {
    let m = &text[start..end];
    let names = m[..m.find('(').unwrap_or(m.len())].trim_end();
    if names.contains([' ', '\t']) {
        return lower_full_name(names, 0, names.len());
    }
    (crate::lexicon::plain_name(crate::lexicon::flags(names)) || unlisted_given_name(names))
        && !is_relation(names)
}

/// The match's last word is a dictionary given name that is no English word,
/// a word no list knows that is no relation, or a given name that is an
/// English word where a person's words follow it (`weak_given_name_alone`).
fn lower_given_name(text: &str, start: usize, end: usize) -> bool {
    let m = &text[start..end];
    let w = m.rsplit([' ', '\t']).next().unwrap_or(m);
    // Kin after kin is none ("sister (daughter of a neighbor)").
    !is_relation(w.trim_start_matches(['(', ' ', '\t']))
        && (given_name_word(w) || weak_given_name_alone(text, w, end))
}

/// A given name that is also an English word ("son mark at bedside",
/// "daughter grace called"), where what follows reads as after a person and
/// not as the English word's sentence ("daughter rose to leave").
fn weak_given_name_alone(text: &str, w: &str, end: usize) -> bool {
    use crate::lexicon::{STOP, WEAK_NAME, flags};
    let f = flags(w);
    if f & WEAK_NAME == 0 || f & STOP != 0 {
        return false;
    }
    let rest = text[end..].trim_start_matches([' ', '\t']);
    if rest.is_empty() || rest.starts_with([',', '.', ';', ':', ')', '(', '\n']) {
        return true;
    }
    let next = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    // A past tense after it makes it the subject ("wife maria arrived",
    // "son john came"): the English word would be a verb or a noun there.
    let past = next.len() >= 5 && next.ends_with("ed");
    past || [
        "is", "was", "at", "and", "called", "calls", "says", "said", "states", "stated", "reports",
        "reported", "will", "has", "had", "who", "visited", "visits", "here", "present", "aware",
        "updated", "agrees", "agreed", "lives", "brought", "requests", "in", "came", "went",
        "left", "drove", "spoke", "took", "gave", "wants", "wanted", "can", "would", "could",
    ]
    .contains(&next)
}

/// A dictionary given name that is no English word, or a word no list knows
/// ("dtr kwame") that is no relation ("son hcp").
fn given_name_word(w: &str) -> bool {
    let f = crate::lexicon::flags(w);
    crate::lexicon::plain_name(f) || (f == 0 && !is_relation(w))
}

/// No unit, percent, ratio or decimal follows a number ("is 93 and", not "is
/// 95%", "is 100 kg", "is 100/60", "is 98.6").
fn no_unit_after(text: &str, _start: usize, end: usize) -> bool {
    let rest = &text.as_bytes()[end..];
    let ratio = rest
        .first()
        .is_some_and(|&c| matches!(c, b'/' | b'.' | b',' | b'-'))
        && rest.get(1).is_some_and(u8::is_ascii_digit);
    if ratio || rest.first() == Some(&b'%') {
        return false;
    }
    let next = next_word(text, end);
    // "95 on RA" is a saturation, "92 on October 1" an age and its day.
    let on_a_day = next == "on" && {
        let rest = text[end..].trim_start();
        let day = next_word(rest, 2);
        day.len() >= 3 && crate::dates::month_from(&day).is_some()
    };
    !(unit_word(&next)
        || (matches!(
            next.as_str(),
            "percent" | "bpm" | "mmhg" | "degrees" | "f" | "c" | "over" | "on"
        ) && !on_a_day))
}

/// The word after a match is not one a temperature takes ("a 99 F fever").
fn not_a_temperature(text: &str, _start: usize, end: usize) -> bool {
    let next = text[end..]
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    ![
        "fever",
        "temp",
        "temperature",
        "degrees",
        "deg",
        "tmax",
        "orally",
        "oral",
    ]
    .iter()
    .any(|w| next.eq_ignore_ascii_case(w))
}

/// An age with its unit after byte `end`: spaces, an optional article, one
/// to three digits, an optional space or hyphen, then a unit's first letter
/// ("is a 45 yo", "was 91-year-old", "IS A 90 YO").
pub(crate) fn age_after(text: &str, end: usize) -> bool {
    let b = text.as_bytes();
    let mut i = end;
    let skip = |i: &mut usize| {
        while b.get(*i).is_some_and(|&c| is_space(c)) {
            *i += 1;
        }
    };
    skip(&mut i);
    if b.get(i).is_some_and(|c| c.eq_ignore_ascii_case(&b'a')) {
        let n = usize::from(b.get(i + 1).is_some_and(|c| c.eq_ignore_ascii_case(&b'n')));
        if b.get(i + 1 + n).is_some_and(|&c| is_space(c)) {
            i += 1 + n;
            skip(&mut i);
        }
    }
    let d = run_at(b, i, u8::is_ascii_digit);
    i += d;
    if b.get(i).is_some_and(|&c| c == b'-' || is_space(c)) {
        i += 1;
    }
    // A unit's first letter, not a month's ("DOB is 26 May 2024", "3 Dec").
    let word = run_at(b, i, u8::is_ascii_alphabetic);
    (1..=3).contains(&d)
        && b.get(i).is_some_and(|c| b"ymwdYMWD".contains(c))
        && crate::dates::month_from(&text[i..i + word]).is_none()
}

/// How many bytes from `i` on hold `f` (0 past the end).
fn run_at(b: &[u8], i: usize, f: fn(&u8) -> bool) -> usize {
    b.get(i..)
        .map_or(0, |r| r.iter().take_while(|c| f(c)).count())
}

/// Calls `f` at every place in ASCII text where a shape (a `Gate::Shapes`
/// rule) may start, in order: a superset of where their matches start. Every
/// shape begins at a '+' or '(' before a digit (phone prefixes), at a '1' that
/// ends a word (a phone's country code needs no word boundary before it, but
/// the number after it does), or where an ASCII word starts with a digit, or
/// with a letter and is a letter-prefixed code (seven characters or more, a
/// digit among them), a VIN (17 characters) or up to four hex digits before
/// ':' or '-' (IPv6, MAC). `shapes_start_where_said` checks this against
/// the patterns.
fn shape_starts(b: &[u8], mut f: impl FnMut(usize)) {
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !word(&c) {
            if (c == b'+' || c == b'(') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                f(i);
            }
            i += 1;
            continue;
        }
        let end = i + run_at(b, i, word);
        let w = &b[i..end];
        let may = c.is_ascii_digit()
            || c.is_ascii_alphabetic()
                && (w.len() >= 7 && w.iter().any(u8::is_ascii_digit)
                    || w.len() == 17
                    || (w.len() <= 4
                        && w.iter().all(u8::is_ascii_hexdigit)
                        && matches!(b.get(end), Some(b':' | b'-'))));
        if may {
            f(i);
        }
        // Inside a word, a country code is its last character.
        if end - i > 1 && b[end - 1] == b'1' {
            f(end - 1);
        }
        i = end;
    }
}

/// Whether an ASCII byte is a space to the regex engine's `\s` (the vertical
/// tab too, which `u8::is_ascii_whitespace` leaves out).
fn is_space(c: u8) -> bool {
    c.is_ascii_whitespace() || c == 0x0b
}

/// The next `n` words after `at`: runs of bytes between whitespace and the
/// separators `:,;-#()`.
fn words_after(b: &[u8], at: usize, n: usize) -> impl Iterator<Item = &[u8]> {
    b[at.min(b.len())..]
        .split(|&c| is_space(c) || b":,;-#()".contains(&c))
        .filter(|w| !w.is_empty())
        .take(n)
}

/// Where a text's bytes outside ASCII lie (the first and the last), so that a
/// rule can tell cheaply whether the span it searches is ASCII.
#[derive(Clone, Copy)]
struct NonAscii {
    first: usize,
    last: usize,
}

impl NonAscii {
    /// Never clear: every search uses the Unicode pattern.
    #[cfg(test)]
    const ALWAYS: NonAscii = NonAscii {
        first: 0,
        last: usize::MAX,
    };

    fn of(text: &str) -> NonAscii {
        let b = text.as_bytes();
        match b.iter().position(|c| !c.is_ascii()) {
            None => NonAscii {
                first: usize::MAX,
                last: 0,
            },
            Some(first) => NonAscii {
                first,
                last: b.iter().rposition(|c| !c.is_ascii()).unwrap_or(first),
            },
        }
    }

    /// Whether the whole text is ASCII.
    fn none(self) -> bool {
        self.first == usize::MAX
    }

    /// Whether `hay[span]` is ASCII. Between the first and the last non-ASCII
    /// byte only short spans are looked at (long ones count as not ASCII), so
    /// that a scan stays linear in the text.
    fn clear(self, hay: &[u8], span: std::ops::Range<usize>) -> bool {
        if span.end <= self.first || span.start > self.last {
            return true;
        }
        self.last != usize::MAX && span.len() <= 256 && hay[span].is_ascii()
    }
}

/// The compiled, record-independent detectors. Build once, share freely.
pub struct Patterns {
    rules: Vec<Rule>,
    /// All `Gate::Shapes` rules as one multi-pattern regex: pattern i is rule
    /// `shape_rules[i]`. Leftmost-first finds where the next shape starts;
    /// `shapes_longest` (the same patterns, all-matches semantics, anchored
    /// there) finds the longest shape that starts there.
    shapes: meta::Regex,
    shapes_longest: meta::Regex,
    shape_rules: Vec<usize>,
    /// Trigger words (lower case) → the rules they gate; `exact_triggers` for
    /// case-sensitive words (state and credential abbreviations).
    triggers: FastMap<&'static str, Vec<usize>>,
    /// The trigger words of up to eight ASCII bytes again, looked up without
    /// lower-casing or hashing a string (most words a note's trigger filter
    /// lets through are short: "and", "the", "is").
    short_triggers: ShortWords,
    exact_triggers: FastMap<&'static str, Vec<usize>>,
    /// Which (length, first byte, last byte) the trigger words have: most
    /// words are turned away before they are lower-cased and hashed.
    trigger_filter: WordFilter,
    exact_filter: WordFilter,
    /// Rules triggered by word endings, and the last three bytes of those
    /// endings.
    suffix_rules: Vec<usize>,
    suffix_tails: Tails,
    fax_ctx: Regex,
    names: crate::names::NameDict,
    places: crate::places::PlaceDict,
    /// Capture slots for every rule, reused across calls (one set a thread).
    scratch: Pool<Vec<Captures>, MakeCaps>,
    /// Whether lone proper nouns are names ([`crate::DeidConfig::lone_names`]).
    lone_names: bool,
}

/// A filter with no false negatives over a set of words of up to 32 bytes:
/// for each length, the set of first bytes and of last bytes (each folded
/// to 6 bits).
struct WordFilter {
    first: [u64; 33],
    last: [u64; 33],
}

impl WordFilter {
    fn new<'a>(words: impl Iterator<Item = &'a str>) -> WordFilter {
        let mut f = WordFilter {
            first: [0; 33],
            last: [0; 33],
        };
        for w in words
            .map(str::as_bytes)
            .filter(|w| !w.is_empty() && w.len() <= 32)
        {
            f.first[w.len()] |= 1 << (w[0] & 63);
            f.last[w.len()] |= 1 << (w[w.len() - 1] & 63);
        }
        f
    }

    /// Whether `w`, with ASCII letters lower-cased when `fold`, may be in the set.
    #[inline]
    fn may_hold(&self, w: &[u8], fold: bool) -> bool {
        let n = w.len();
        if n == 0 || n > 32 {
            return false;
        }
        let (mut a, mut z) = (w[0], w[n - 1]);
        if fold {
            // Lower-casing outside ASCII may change a word's bytes: no filter there.
            if !w.is_ascii() {
                return true;
            }
            a = a.to_ascii_lowercase();
            z = z.to_ascii_lowercase();
        }
        self.first[n] & (1 << (a & 63)) != 0 && self.last[n] & (1 << (z & 63)) != 0
    }
}

/// Words of up to eight ASCII bytes, lower-cased and packed into a number,
/// each with a list: an open-addressing table probed after one multiply.
struct ShortWords {
    /// Keys (0: empty) apart from their lists, so that probes stay in cache.
    keys: Vec<u64>,
    lists: Vec<Vec<usize>>,
    shift: u32,
}

impl ShortWords {
    fn new<'a>(words: impl Iterator<Item = (&'a str, &'a Vec<usize>)>) -> ShortWords {
        let words: Vec<(u64, &Vec<usize>)> = words
            .filter_map(|(w, rules)| Some((ShortWords::key(w.as_bytes())?, rules)))
            .collect();
        // At most half full.
        let n = (words.len() * 2).next_power_of_two().max(2);
        let mut t = ShortWords {
            keys: vec![0; n],
            lists: vec![Vec::new(); n],
            shift: 64 - n.trailing_zeros(),
        };
        for (k, rules) in words {
            let mut i = t.slot(k);
            while t.keys[i] != 0 {
                i = (i + 1) & (n - 1);
            }
            t.keys[i] = k;
            t.lists[i] = rules.clone();
        }
        t
    }

    /// The word's bytes, ASCII lower case, as one number (no word holds a
    /// zero byte, so the length is in it too); None for longer or non-ASCII
    /// words. The eight bytes are tested and lower-cased at once.
    #[inline]
    fn key(w: &[u8]) -> Option<u64> {
        if w.is_empty() || w.len() > 8 {
            return None;
        }
        let mut b = [0u8; 8];
        b[..w.len()].copy_from_slice(w);
        let x = u64::from_le_bytes(b);
        // None outside ASCII; then 'A'..='Z' (and only they) get 0x20: adding
        // 0x80 - 'A' sets a byte's top bit from 'A' up, 0x80 - 'Z' - 1 from
        // past 'Z' (no carry crosses a byte below 0x80).
        const ONES: u64 = 0x0101_0101_0101_0101;
        if x & (0x80 * ONES) != 0 {
            return None;
        }
        let upper =
            (x + (0x80 - u64::from(b'A')) * ONES) & !(x + (0x80 - u64::from(b'Z') - 1) * ONES);
        Some(x | ((upper & (0x80 * ONES)) >> 2))
    }

    #[inline]
    fn slot(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, k: u64) -> Option<&Vec<usize>> {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(k);
        loop {
            match self.keys[i] {
                key if key == k => return Some(&self.lists[i]),
                0 => return None,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// The last three bytes (ASCII lower case) of a set of word endings: most
/// words are turned away before they are lower-cased and compared.
struct Tails(Vec<[u8; 3]>);

impl Tails {
    fn new<'a>(words: impl Iterator<Item = &'a str>) -> Tails {
        let mut t: Vec<[u8; 3]> = words
            .map(|w| {
                let b = w.as_bytes();
                assert!(b.len() >= 3, "word endings are three bytes or more");
                [b[b.len() - 3], b[b.len() - 2], b[b.len() - 1]]
            })
            .collect();
        t.sort_unstable();
        t.dedup();
        Tails(t)
    }

    /// Whether `w`, lower-cased, may end with one of the endings. Bytes
    /// outside ASCII change when lower-cased: no filter there.
    #[inline]
    fn may_end(&self, w: &[u8]) -> bool {
        let Some(&[a, b, c]) = w.last_chunk::<3>() else {
            return false;
        };
        if !(a.is_ascii() && b.is_ascii() && c.is_ascii()) {
            return true;
        }
        let key = [a, b, c].map(|x| x.to_ascii_lowercase());
        self.0.binary_search(&key).is_ok()
    }
}

type MakeCaps = Box<
    dyn Fn() -> Vec<Captures> + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe,
>;

fn rule(re: &str, kind: PhiKind, take: Take) -> Rule {
    // ASCII word boundaries: a Unicode `\b` makes the regex engine leave its
    // fast DFA on any non-ASCII byte (curly quotes, accents), ~100x slower.
    let src = re.replace(r"\b", r"(?-u:\b)");
    let ascii = src.contains(r"\p{").then(|| {
        let twin = src
            .replace(r"\p{L}\p{M}", "A-Za-z")
            .replace(r"\p{L}", "A-Za-z")
            .replace(r"\p{Lu}", "[A-Z]");
        meta::Regex::new(&twin).unwrap_or_else(|e| panic!("bad ASCII twin pattern: {e}"))
    });
    Rule {
        re: meta::Regex::new(&src).unwrap_or_else(|e| panic!("bad built-in pattern: {e}")),
        ascii,
        src,
        kind,
        take,
        also: &[],
        filter: None,
        gate: Gate::Shapes,
        words: &[],
        exact: false,
        suffix: false,
        pre: Pre::None,
    }
}

impl Rule {
    fn starts(self, words: &'static [&'static str]) -> Rule {
        Rule {
            gate: Gate::Starts,
            words,
            ..self
        }
    }
    fn around(self, back: usize, fwd: usize, words: &'static [&'static str], exact: bool) -> Rule {
        Rule {
            gate: Gate::Around { back, fwd },
            words,
            exact,
            ..self
        }
    }
    fn scan_if(self, words: &'static [&'static str]) -> Rule {
        Rule {
            gate: Gate::ScanIf,
            words,
            ..self
        }
    }
    fn gate(self, gate: Gate) -> Rule {
        Rule { gate, ..self }
    }
    fn pre(self, pre: Pre) -> Rule {
        Rule { pre, ..self }
    }
    fn filter(self, f: fn(&str, usize, usize) -> bool) -> Rule {
        Rule {
            filter: Some(f),
            ..self
        }
    }
}

/// A word of a street's name: a period only after an initial ("N. Main"), so
/// that a street never runs across a sentence's end.
const STREET_TOK: &str = r"(?:[A-Z]\.|[A-Z][a-zA-Z]*(?:['\-][A-Za-z]+)*)";

/// Street words after the name and house number (US Postal Service street
/// suffixes, Publication 28 appendix C1, without those that are also
/// clinical words after a number: "course", "tunnel", "spur", "neck", "port"…).
const STREET_SUFFIX: &str = "street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|row|alley|aly|plaza|plz|loop|close|crescent|cres|creek|crk|cliffs?|clf|prairie|grove|grv|heights|hts|hills?|hl|park|parks|point|pts|ridge|rdg|springs?|spg|view|vw|village|vlg|ville|vista|vis|walk|mews|meadows?|mdws?|manor|mnr|estates?|gardens?|gdns?|glen|gln|green|grn|harbou?r|hbr|haven|hvn|hollow|holw|island|junction|jct|knoll|knl|lakes?|landing|lndg|lodge|ldg|mall|mill|orchard|orch|oval|pike|pines|pnes|plains?|pln|ranch|rnch|river|riv|route|rte|shores?|shr|summit|smt|trace|trce|turnpike|tpke|valley|vly|expressway|expy|freeway|fwy|causeway|cswy|bypass|byp|brooks?|brk|branch|canyon|cyn|center|centre|ctr|corners?|cove|cv|crossing|xing|dale|falls|fls|ferry|fry|fields?|fld|flats?|flt|ford|frd|forest|frst|fort|gateway|gtwy|keys|mountain|mtn|rapids|rpds|shoal|shl|skyway|skwy|throughway|trwy|viaduct|wy";

/// Street words that name a street without a house number ("Elm Street"):
/// the rule's regex alternation and its trigger words.
const STREET_WORDS_ALONE: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "highway",
    "hwy",
    "parkway",
    "pkwy",
    "terrace",
];

/// Street words by suffix, in languages that write the house number after the
/// street name (Finnish, Icelandic, Scandinavian, German, Dutch, Hungarian,
/// Polish, Turkish): the rule's regex alternation and its trigger endings.
const INTL_STREET_SUFFIXES: &[&str] = &[
    "katu", "kuja", "tie", "polku", "kaari", "vegur", "gata", "gade", "vej", "vænget", "stræde",
    "allé", "gatan", "vägen", "gränd", "veien", "vegen", "straße", "strasse", "gasse", "weg",
    "allee", "platz", "ring", "damm", "straat", "laan", "plein", "gracht", "utca", "ulica",
    "caddesi", "sokak", "sokagi",
];

// Trigger words: every word a gated rule's match can begin with (`Starts`)
// or must contain (`Around`), as whole words.
const MONTH_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];
const STATE_WORDS: &[&str] = &[
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "PR",
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New",
    "North",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode",
    "South",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West",
    "Wisconsin",
    "Wyoming",
    "Puerto",
];
pub(crate) const CREDENTIAL_WORDS: &[&str] = &[
    "MD", "M", "DO", "RN", "NP", "PA", "PA-C", "PhD", "DDS", "DMD", "LPN", "CNA", "LCSW", "MSW",
    "PharmD", "DPM", "APRN", "CRNA", "FNP", "DNP", "Esq", "JD", "DPT", "PsyD", "RPh", "MSN", "BSN",
    "LMFT", "LPC", "CNM",
];
/// The facility rule's trigger words: [`FACILITY_WORDS`], then "surgery" (a
/// surgery center, "Riverside Surgery Center"), which is no facility word
/// alone ("had knee surgery").
const FACILITY_TRIGGERS: &[&str] = &[
    "hospital",
    "medical",
    "clinic",
    "health",
    "healthcare",
    "infirmary",
    "rehabilitation",
    "rehab",
    "nursing",
    "hospice",
    "urgent",
    "surgical",
    "cancer",
    "care",
    "senior",
    "assisted",
    "surgery",
];
/// Words that make a facility's name (all of [`FACILITY_TRIGGERS`] but the last).
pub(crate) const FACILITY_WORDS: &[&str] =
    FACILITY_TRIGGERS.split_at(FACILITY_TRIGGERS.len() - 1).0;
/// First words of residences' and schools' kinds (capitalised in a name).
const RESIDENCE_WORDS: &[&str] = &[
    "manor",
    "retirement",
    "group",
    "care",
    "skilled",
    "elementary",
    "middle",
    "high",
    "primary",
    "preschool",
    "day",
    "daycare",
];
/// Roles in a hospital's care team that follow a name in brackets, after an
/// optional word for the service ("ortho resident", "GI fellow").
const CARE_ROLES: &[&str] = &[
    "resident",
    "intern",
    "fellow",
    "attending",
    "student",
    "hospitalist",
    "chaplain",
    "interpreter",
    "social worker",
    "case manager",
    "pharmacist",
    "dietitian",
    "therapist",
    "nurse",
];
/// Services and specialties that consult ("urology (Brown) to see").
pub(crate) const SPECIALTIES: &[&str] = &[
    "cardiology",
    "cards",
    "urology",
    "uro",
    "neurology",
    "neuro",
    "nephrology",
    "renal",
    "gi",
    "gastroenterology",
    "hepatology",
    "pulmonary",
    "pulm",
    "pulmonology",
    "oncology",
    "onc",
    "heme/onc",
    "heme",
    "hematology",
    "id",
    "infectious disease",
    "endocrinology",
    "endocrine",
    "endo",
    "rheumatology",
    "rheum",
    "dermatology",
    "derm",
    "ent",
    "ortho",
    "orthopedics",
    "surgery",
    "general surgery",
    "neurosurgery",
    "vascular",
    "psychiatry",
    "psych",
    "palliative",
    "ob",
    "gyn",
    "ob/gyn",
    "ophthalmology",
    "radiology",
    "ir",
    "anesthesia",
    "geriatrics",
    "transplant",
    "hospice",
    "sw",
    "cm",
    "pt",
    "ot",
    "slp",
    "nutrition",
    "pharmacy",
];
/// The first word of each of [`SPECIALTIES`]: the rule's triggers.
static SPECIALTY_TRIGGERS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| {
        let mut v: Vec<&str> = SPECIALTIES
            .iter()
            .map(|s| s.split([' ', '/']).next().unwrap_or(s))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    });

/// The words in the last brackets of the match hold a proper word ("(Brown)",
/// not "(ED)" or "(Outpatient)").
fn name_in_brackets(text: &str, a: usize, b: usize) -> bool {
    let m = &text[a..b];
    let inside = &m[m.rfind('(').map_or(0, |i| i + 1)..];
    proper_word_in(inside)
}

/// The word before the house number is no English word that merely ends
/// like a street word ("since Spring 2022": "-ring", a German street).
fn suffixed_street_word(text: &str, a: usize, b: usize) -> bool {
    let m = text[a..b].trim_end_matches(|c: char| c.is_ascii_alphanumeric());
    let w = m
        .trim_end()
        .trim_end_matches('.')
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let f = crate::lexicon::flags(w);
    f & crate::lexicon::ENGLISH == 0 || f & crate::lexicon::NAME != 0
}

/// The match's last word reads as a user name: a letter, and a digit, a dot
/// or an underscore ("jdoe1950", "j.doe"; not "issues", "2024").
fn user_name_like(text: &str, a: usize, b: usize) -> bool {
    let w = text[a..b]
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .next()
        .unwrap_or("");
    w.bytes().any(|c| c.is_ascii_alphabetic())
        && w.bytes()
            .any(|c| c.is_ascii_digit() || c == b'.' || c == b'_')
}

/// Hospital services and outside agencies a person calls from ("Karen from
/// hospice"), longest first where one begins another; lower case (the rule
/// ignores case).
const SERVICES: &[&str] = &[
    "case management",
    "care management",
    "social work",
    "home health",
    "home care",
    "palliative care",
    "palliative",
    "pharmacy",
    "hospice",
    "nutrition",
    "physical therapy",
    "occupational therapy",
    "speech therapy",
    "pt",
    "ot",
    "slp",
    "cm",
    "sw",
    "vna",
    "agency",
    "insurance",
    "billing",
    "admissions",
    "registration",
    "transport",
    "rehab",
    "dialysis",
    "infusion",
    "lab",
    "radiology",
    "wound care",
    "interpreter services",
    "front desk",
    "scheduling",
    "medical records",
];
/// The last word of each of [`SERVICES`]: the rule's triggers.
static SERVICE_TRIGGERS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    SERVICES
        .iter()
        .map(|s| s.rsplit(' ').next().unwrap_or(s))
        .collect()
});
/// Relations that follow a name in brackets.
const KIN_IN_BRACKETS: &[&str] = &[
    "son",
    "daughter",
    "dtr",
    "dau",
    "bro",
    "sis",
    "wife",
    "husband",
    "mother",
    "father",
    "sister",
    "brother",
    "spouse",
    "partner",
    "friend",
    "neighbor",
    "neighbour",
    "caregiver",
    "guardian",
    "aunt",
    "uncle",
    "niece",
    "nephew",
    "cousin",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "fiance",
    "fiancee",
    "boyfriend",
    "girlfriend",
    "roommate",
    "hcp",
    "poa",
    "proxy",
    "surrogate",
    "landlord",
    "sponsor",
    "stepson",
    "stepdaughter",
    "stepmother",
    "stepfather",
];

/// First words of the kinds of practice a town or founder names.
const PRACTICE_WORDS: &[&str] = &[
    "family",
    "internal",
    "pediatrics",
    "primary",
    "behavioral",
    "physical",
    "dialysis",
    // A hospital by its town ("Albany General"); not "Attorney General".
    "general",
];
const RELATION_WORDS: &[&str] = &[
    "tech",
    "technician",
    "phlebotomist",
    "transporter",
    "float",
    "hospitalist",
    "moonlighter",
    "dtr",
    "dau",
    "bro",
    "sis",
    "patient",
    "pt",
    "name",
    "wife",
    "husband",
    "son",
    "daughter",
    "mother",
    "mom",
    "father",
    "dad",
    "sister",
    "brother",
    "spouse",
    "partner",
    "stepson",
    "stepdaughter",
    "stepmother",
    "stepfather",
    "stepmom",
    "stepdad",
    "stepbrother",
    "stepsister",
    "stepchild",
    "stepchildren",
    "half",
    "sitter",
    "rep",
    "friend",
    "neighbor",
    "neighbour",
    "caregiver",
    "guardian",
    "aunt",
    "uncle",
    "niece",
    "nephew",
    "cousin",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "grandma",
    "grandpa",
    "fiance",
    "fiancee",
    "fiancé",
    "fiancée",
    "boyfriend",
    "girlfriend",
    "roommate",
    // Others around a patient ("boss Sue", "AA sponsor Dan").
    "boss",
    "supervisor",
    "coworker",
    "co-worker",
    "colleague",
    "landlord",
    "landlady",
    "employer",
    "babysitter",
    "nanny",
    "housekeeper",
    "aide",
    "sponsor",
    "son-in-law",
    "daughter-in-law",
    "mother-in-law",
    "father-in-law",
    "brother-in-law",
    "sister-in-law",
    // Plurals: a list of names follows ("children Anna and Max").
    "parent",
    "parents",
    "sons",
    "daughters",
    "children",
    "kids",
    "sisters",
    "brothers",
    "siblings",
    "friends",
    "cousins",
    "grandchildren",
    "grandsons",
    "granddaughters",
    "grandparents",
    "nieces",
    "nephews",
    "caregivers",
    "neighbors",
    "neighbours",
    "contact",
    "caller",
    "attending",
    "resident",
    "intern",
    "fellow",
    "nurse",
    "physician",
    "surgeon",
    "therapist",
    "pcp",
    "provider",
    "signed",
    "seen",
    "referred",
    "dictated",
    "cc",
    "by",
    "sw",
    "social",
    "case",
    "caseworker",
    // Who decides for a patient: health care proxy, power of attorney,
    // surrogate, next of kin.
    "hcp",
    "poa",
    "proxy",
    "surrogate",
    "kin",
    "nok",
    // A child by what it is called before its name ("baby John").
    "baby",
    "chaplain",
    "pharmacist",
    // A handoff's label, and who left a message ("Message from Ann:").
    "handoff",
    "message",
    "voicemail",
    "vm",
    "kid",
    "sibling",
    "godson",
    "goddaughter",
    "godmother",
    "godfather",
    "godchild",
    "grandchild",
    "grandkids",
    "grandkid",
    "granddad",
    "grandmom",
    "hubby",
    "companion",
    "housemate",
];
/// Words for a person (and their relations) that an age may be said of
/// ("wife is 92", "gentleman, 95,", "mother (101)", "she was 93").
const PERSON_NOUNS: &[&str] = &[
    "she",
    "he",
    "who",
    "pt",
    "patient",
    "man",
    "woman",
    "gentleman",
    "lady",
    "male",
    "female",
    "widow",
    "widower",
    "veteran",
    "wife",
    "husband",
    "spouse",
    "mother",
    "father",
    "mom",
    "dad",
    "sister",
    "brother",
    "aunt",
    "uncle",
    "grandmother",
    "grandfather",
];
const TITLE_WORDS: &[&str] = &[
    "dr",
    "drs",
    "doctor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "sr",
    "sister",
    "nurse",
    "rev",
    "reverend",
    "fr",
    "rabbi",
    "pastor",
    "imam",
    "sgt",
    "officer",
    "det",
    "capt",
    "lt",
    "judge",
    "coach",
    "chaplain",
];

/// Relations and roles a name follows ("wife Ann", "seen by Ann Lee"), in the
/// order the rule prefers them (a longer form before a shorter one that
/// begins it only where the longer must win: "son-in-law" before "son").
/// The rule runs at `RELATION_WORDS`, the phrases' first words (a test checks
/// that the two lists agree).
const RELATIONS: &[&str] = &[
    "son-in-law",
    "daughter-in-law",
    "mother-in-law",
    "father-in-law",
    "brother-in-law",
    "sister-in-law",
    "patient",
    "pt",
    "name",
    "wife",
    "husband",
    "son",
    "daughter",
    "dtr",
    "dau",
    "mother",
    "mom",
    "father",
    "dad",
    "sister",
    "brother",
    "bro",
    "sis",
    "spouse",
    "partner",
    "friend",
    "neighbour",
    "neighbor",
    "caregiver",
    "guardian",
    "aunt",
    "uncle",
    "niece",
    "nephew",
    "cousin",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "grandma",
    "grandpa",
    "fiancee",
    "fiance",
    "fiancée",
    "fiancé",
    "boyfriend",
    "girlfriend",
    "roommate",
    "stepson",
    "stepdaughter",
    "stepmother",
    "stepfather",
    "stepmom",
    "stepdad",
    "stepbrother",
    "stepsister",
    "stepchild",
    "stepchildren",
    "half-brother",
    "half-sister",
    "contact",
    "caller",
    "parent",
    "parents",
    "sons",
    "daughters",
    "children",
    "kids",
    "sisters",
    "brothers",
    "siblings",
    "friends",
    "cousins",
    "grandchildren",
    "grandsons",
    "granddaughters",
    "grandparents",
    "nieces",
    "nephews",
    "caregivers",
    "neighbours",
    "neighbors",
    "boss",
    "supervisor",
    "co-worker",
    "coworker",
    "colleague",
    "landlord",
    "landlady",
    "employer",
    "babysitter",
    "sitter",
    "nanny",
    "housekeeper",
    "aide",
    "rep",
    "sponsor",
    "attending",
    "resident",
    "intern",
    "fellow",
    "nurse",
    "physician",
    "surgeon",
    "therapist",
    "pcp",
    "provider",
    "signed",
    "seen by",
    "referred by",
    "dictated by",
    "cc",
    "by",
    "sw",
    "social worker",
    "case manager",
    "case worker",
    "caseworker",
    "hcp",
    "poa",
    "proxy",
    "surrogate",
    "kin",
    "nok",
    "baby",
    "chaplain",
    "pharmacist",
    "handoff",
    "message from",
    "voicemail from",
    "vm from",
    "tech",
    "technician",
    "phlebotomist",
    "transporter",
    "float",
    "hospitalist",
    "moonlighter",
    // Kin and household words of session 19.
    "kid",
    "sibling",
    "godson",
    "goddaughter",
    "godmother",
    "godfather",
    "godchild",
    "grandchild",
    "grandkids",
    "grandkid",
    "granddad",
    "grandmom",
    "hubby",
    "companion",
    "housemate",
];

/// `words` as one regex alternation factored into a trie ("s(?:on|ister)"),
/// matching what the plain alternation matches with the same preferences.
/// Case-insensitive alternations are no literals to the regex compiler, so it
/// builds no trie itself, and a capture engine then tries every word in
/// turn. Words that begin differently (ASCII case folded) never both match
/// where one does, so only an empty rest (a word ending where others go on)
/// keeps its place among its siblings.
fn trie(words: &[&str]) -> String {
    fn node(words: &[&str]) -> String {
        let mut alts: Vec<String> = Vec::new();
        // Runs between empty rests are grouped by first character.
        for run in words
            .split(|w| w.is_empty())
            .enumerate()
            .flat_map(|(i, run)| {
                let empty = (i > 0).then_some(None);
                empty.into_iter().chain(std::iter::once(Some(run)))
            })
        {
            let Some(run) = run else {
                alts.push(String::new());
                continue;
            };
            let first = |w: &str| w.chars().next().map(|c| c.to_ascii_lowercase());
            let mut firsts: Vec<char> = Vec::new();
            for c in run.iter().filter_map(|w| first(w)) {
                if !firsts.contains(&c) {
                    firsts.push(c);
                }
            }
            for c in firsts {
                let group: Vec<&str> = run
                    .iter()
                    .copied()
                    .filter(|w| first(w) == Some(c))
                    .collect();
                let n = c.len_utf8();
                let rests: Vec<&str> = group.iter().map(|w| &w[n..]).collect();
                let rest = match rests[..] {
                    [one] => regex::escape(one),
                    _ => format!("(?:{})", node(&rests)),
                };
                alts.push(format!("{}{rest}", regex::escape(&group[0][..n])));
            }
        }
        alts.join("|")
    }
    format!("(?:{})", node(words))
}

impl Patterns {
    pub fn new() -> Patterns {
        use PhiKind::*;
        use Take::*;
        let id_tail = r"[\s:#.]*(?i:is\s+|number\s+|no\.?\s+|num\s+|id\b[\s:]*)?#?\s*([A-Za-z0-9][A-Za-z0-9\-]{3,}\d[A-Za-z0-9\-]*|[A-Za-z0-9\-]*\d[A-Za-z0-9\-]{3,})";
        let ctx_id = |words: &str, kind, triggers: &'static [&'static str]| {
            rule(&format!(r"(?i:\b(?:{words}))\b{id_tail}"), kind, Group(1))
                .starts(triggers)
                .pre(Pre::IdSoon)
        };
        let titles = r"\b(?:Dr|Drs|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sr|Sister|Nurse|Rev|Reverend|Fr|Rabbi|Pastor|Imam|Sgt|Officer|Det|Capt|Lt|Judge|Coach|Chaplain|DR|DRS|MR|MRS|MS|MISS|PROF|REV|REVEREND|FR|RABBI|PASTOR|IMAM|SGT|OFFICER|DET|CAPT|LT|JUDGE|COACH|CHAPLAIN|dr\.|drs\.|mr\.|mrs\.|ms\.)\.?[ \t]+";
        let relations = format!(r"(?i:\b{})", trie(RELATIONS));
        // Lower-case words before a relation in brackets, the relation's
        // word up to `back` words after the first (two rules, so that a
        // two-word match that is no name leaves the one-word one its turn).
        let lower_before_kin = |words: &str, back: usize| {
            rule(
                &format!(
                    r"\b({words})[ \t]*\([ \t]*(?:(?i:pt|patient|her|his|their)'?s?\s+)?(?i:{})\b",
                    KIN_IN_BRACKETS.join("|")
                ),
                Name,
                Group(1),
            )
            .around(back, 2, KIN_IN_BRACKETS, false)
            .pre(Pre::ParenBefore(12))
            .filter(lower_names_before_bracket)
        };
        // Order matters within the shape scan: at one start position the
        // earlier rule wins, so specific shapes come first and filtered ones last.
        let rules = vec![
            // Contact and network identifiers.
            rule(
                r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}\b",
                Email,
                All,
            )
            .gate(Gate::Scan),
            rule(
                r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"'()\[\]]+[^\s<>"'()\[\].,;:!?]"#,
                Url,
                All,
            )
            .gate(Gate::Scan),
            // Handles ("@janedoe88"), addresses written to dodge filters ("jdoe
            // at gmail dot com") and web addresses without a scheme
            // ("mychart.partners.org/user/jdoe"; a bare "partners.org" names
            // an organisation, not a person, and stays).
            rule(r"(?:^|[\s(\[,;:])(@[A-Za-z][A-Za-z0-9_]{2,29})\b", Id, Group(1)).gate(Gate::Scan),
            // A user name by its label ("portal user jdoe1950", "username:
            // j.doe_88"): letters with a digit, a dot or an underscore.
            rule(
                r"(?i:\b(?:user\s?name|user\s?id|login|log-in|portal\s+(?:user|id|account)|screen\s?name)\b)\s*(?:is\s+)?[:#]?\s*([A-Za-z0-9][A-Za-z0-9._\-]{2,31})\b",
                Id,
                Group(1),
            )
            .starts(&["username", "user", "userid", "login", "log", "portal", "screen", "screenname"])
            .filter(user_name_like),
            rule(
                r"(?i)\b[a-z0-9._%+\-]+\s+(?:at|\[at\]|\(at\))\s+[a-z0-9\-]+(?:\s+(?:dot|\[dot\]|\(dot\))\s+[a-z0-9\-]+)*\s+(?:dot|\[dot\]|\(dot\))\s+(?:com|org|net|edu|gov|us|uk|ca)\b",
                Email,
                All,
            )
            .around(6, 8, &["dot"], false),
            rule(
                r"(?i)\b(?:[a-z0-9\-]+\.){2,}(?:com|org|net|edu|gov|health|io)\b(?:/[^\s<>\x22'()\[\]]*[^\s<>\x22'()\[\].,;:!?])?|\b[a-z0-9\-]+\.(?:com|org|net|edu|gov|health|io)/[^\s<>\x22'()\[\]]*[^\s<>\x22'()\[\].,;:!?]",
                Url,
                All,
            )
            .around(12, 200, &["com", "org", "net", "edu", "gov", "health", "io"], false),
            // Street addresses (before the digit shapes they start with).
            rule(
                &format!(
                    r"\b\d{{1,6}}\s+(?:{STREET_TOK}\s+){{0,3}}{STREET_TOK}\s+(?i:{STREET_SUFFIX})\b\.?(?:,?\s+(?i:apt|apartment|suite|ste|unit|room|rm|#)\.?\s*#?\s*[A-Za-z0-9\-]+)?"
                ),
                Address,
                All,
            )
            .filter(street_after_number),
            // A street named without its number ("lives on Elm Street", "CVS
            // on Main St."): the name, trimmed of leading stopwords, and the
            // street word. Only street words no English phrase ends with.
            rule(
                &format!(
                    r"\b((?:{TOK}\s+){{1,3}})(?i:{})\b",
                    STREET_WORDS_ALONE.join("|")
                ),
                Address,
                Facility(1),
            )
            .around(3, 2, STREET_WORDS_ALONE, false)
            .pre(Pre::UpperWordBefore)
            .filter(street_alone),
            // A street typed in lower case after "lives on" ("she lives on
            // maple avenue"); not "lives on the same street".
            rule(
                r"(?i:\b(?:lives|living|resides|residing|moved)\s+(?:on|at|off|to)\s+)((?:[\p{L}'\-]+\s+){1,3}(?:street|avenue|road|lane|drive|boulevard|court|place|terrace|st|ave|rd|ln|blvd))\b",
                Address,
                Group(1),
            )
            .starts(&["lives", "living", "resides", "residing", "moved"])
            .pre(Pre::LowerSecond)
            .filter(no_stopword_before_street),
            rule(r"(?i)\bp\.?\s?o\.?\s+box\s+\d+\b", Address, All)
                .scan_if(&["box"]),
            // Street name then house number, as much of Europe writes it:
            // a street word by its suffix ("Koskikatu 25", "Hammarvägen 15")...
            Rule {
                suffix: true,
                ..rule(
                    &format!(r"(?:^|[\s,:;(])((?:\p{{Lu}}[\p{{L}}'\-]*\s+){{0,2}}\p{{Lu}}[\p{{L}}'\-]*(?i:{})\.?\s+\d{{1,5}}[A-Za-z]?)\b", INTL_STREET_SUFFIXES.join("|")),
                    Address,
                    Group(1),
                )
                .around(2, 12, INTL_STREET_SUFFIXES, false)
                .pre(Pre::DigitAfter(8))
                .filter(suffixed_street_word)
            },
            // ... or by a leading street word ("Rua do Arenque 1634", "ul. Miła 53").
            rule(
                &format!(
                    r"(?i:\b(?:rua|rue|via|viale|calle|avenida|avda|av|piazza|largo|travessa|strada|carrer|paseo|ulica|ul)\b)\.?(?:\s+(?:\p{{Lu}}[\p{{L}}'\-\.]*|{}))+\s+\d{{1,5}}[A-Za-z]?\b",
                    crate::streets::PARTICLES.join("|")
                ),
                Address,
                All,
            )
            .starts(&[
                "rua", "rue", "via", "viale", "calle", "avenida", "avda", "av", "piazza", "largo",
                "travessa", "strada", "carrer", "paseo", "ulica", "ul",
            ])
            .pre(Pre::DigitAfter(64))
            .filter(street_not_acronyms),
            // ... or Hungarian "Király u. 15".
            rule(r"(\p{Lu}[\p{L}'\-]*\s+u\.\s+\d{1,4}[A-Za-z]?)\b", Address, Group(1))
                .around(1, 10, &["u"], true),
            // US military mail: "PSC 0413, Box 8144 APO AA 42323", "USNS Ship FPO AE 12345"
            // (in capitals and in lower case too).
            rule(
                r"(?i)\b(?:PSC|CMR|Unit|USNS|USNV|USS|USCGC)\s+[\w\-]+(?:,?\s+Box\s+\d+)?\s+(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b",
                Address,
                All,
            )
            .around(3, 12, &["apo", "fpo", "dpo"], false),
            // Ages over 89.
            rule(
                // A bare "y" only closed by a bracket or a comma or before
                // a sex ("Patient (99 y) with", "94 y F").
                r"(?i)\b((?:9\d|1[0-2]\d))\s*(?:-|\s)?(?:(?:years?|yrs?|y/?o|yo|y\.\s?o)\b(?:[\s\-]*old)?|y\s*[),;]|y\s+[MF]\b)",
                Age,
                Group(1),
            ),
            rule(r"(?i)\bage[d]?\s*:?\s*((?:9\d|1[0-2]\d))\b", Age, Group(1))
                .starts(&["age", "aged"])
                .pre(Pre::DigitAfter(8)),
            // An age over 89 said of a person with no unit: "She is 93 and
            // still drives", "he was 91 when he retired", "she will be 92
            // on the 1st" (not "is 95%", "is
            // 100 kg", "is 100/60").
            rule(
                &format!(
                    r"(?i:\b(?:{})\s+(?:is|was|turns|turned|will\s+be|becomes|became)\s+)((?:9\d|1[0-2]\d))\b",
                    PERSON_NOUNS.join("|")
                ),
                Age,
                Group(1),
            )
            .starts(PERSON_NOUNS)
            .pre(Pre::DigitAfter(12))
            .filter(no_unit_after),
            // ... between commas or in brackets after a word for a person
            // ("Elderly gentleman, 95, with", "his wife (92)").
            rule(
                &format!(
                    r"(?i:\b(?:{})(?:\s*,\s*|\s*\(\s*))((?:9\d|1[0-2]\d))\s*[,)]",
                    PERSON_NOUNS.join("|")
                ),
                Age,
                Group(1),
            )
            .starts(PERSON_NOUNS)
            .pre(Pre::DigitAfter(6)),
            // ... in brackets before one ("Very elderly (94) woman").
            rule(
                &format!(
                    r"\(\s*((?:9\d|1[0-2]\d))\s*\)\s*(?i:{})\b",
                    PERSON_NOUNS.join("|")
                ),
                Age,
                Group(1),
            )
            .around(1, 0, PERSON_NOUNS, false)
            .pre(Pre::ParenBefore(8)),
            // ... as how long a person lived ("her mother lived to 97").
            rule(
                r"(?i:\blived\s+(?:to|until|till|into)\s+(?:be\s+|age\s+|the\s+age\s+of\s+)?)((?:9\d|1[0-2]\d))\b",
                Age,
                Group(1),
            )
            .starts(&["lived"])
            .pre(Pre::DigitAfter(24))
            .filter(no_unit_after),
            // ... in words ("Mother lived to ninety-six").
            rule(
                &format!(
                    r"(?i:\blived\s+(?:to|until|till|into)\s+(?:be\s+|age\s+|the\s+age\s+of\s+)?)((?i:{AGE_WORDS}))\b"
                ),
                Age,
                Group(1),
            )
            .starts(&["lived"]),
            // A birthday: "turned 95 last week", "at age 91", "the age of 90".
            rule(
                r"(?i)\b(?:turned|turns|turning|turn|at\s+age|the\s+age\s+of)\s+((?:9\d|1[0-2]\d))\b",
                Age,
                Group(1),
            )
            .around(2, 12, &["turned", "turns", "turning", "turn", "age"], false)
            .pre(Pre::DigitAfter(12)),
            // ... in words: "a ninety-two-year-old", "one hundred and one y/o",
            // "aged ninety".
            rule(
                &format!(
                    r"(?i)\b({AGE_WORDS})[\s\-]+(?:(?:years?|yrs?)(?:[\s\-]+old|\s+of\s+age)|y/?o|y\.\s?o)\b"
                ),
                Age,
                Group(1),
            )
            .around(2, 40, &["ninety", "hundred"], false),
            rule(&format!(r"(?i)\bage[d]?\s*:?\s*({AGE_WORDS})\b"), Age, Group(1))
                .starts(&["age", "aged"]),
            // ... and without a unit where the sentence says age ("Pt turned
            // ninety-two on May 6").
            rule(&format!(r"(?i)\b({AGE_WORDS})\b"), Age, Group(1))
                .around(2, 40, &["ninety", "hundred"], false)
                .filter(spelled_age),
            // A decade over 89 of a person's life ("in her late 90s", "in his
            // nineties"; not "sats in the 90s").
            rule(
                r"(?i)\bin\s+(?:his|her|their)\s+((?:(?:early|mid|late)[\s\-]*)?9\d\s?'?s)\b",
                Age,
                Group(1),
            )
            .around(1, 16, &["his", "her", "their"], false)
            .pre(Pre::DigitAfter(12)),
            rule(
                r"(?i)\bin\s+(?:his|her|their)\s+((?:(?:early|mid|late)[\s\-]*)?nineties)\b",
                Age,
                Group(1),
            )
            .around(3, 0, &["nineties"], false),
            // Words that name an age over 89 ("a nonagenarian").
            rule(
                r"(?i)\b((?:super)?centenarians?|nonagenarians?)\b",
                Age,
                Group(1),
            )
            .starts(&["nonagenarian", "centenarian", "supercentenarian", "nonagenarians", "centenarians"]),
            // A decade of life past the ninth ("in her 10th decade", "tenth
            // decade of life": 90 or more).
            rule(
                r"(?i)\b((?:1[0-2])th|tenth|eleventh|twelfth)\s+decade\b",
                Age,
                Group(1),
            )
            .around(2, 8, &["decade"], false),
            // A birthday over 89 ("her 92nd birthday", "his ninetieth birthday").
            rule(
                r"(?i)\b((?:9\d|1[0-2]\d)(?:st|nd|rd|th)|ninetieth|ninety[\s\-]+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|(?:one\s+)?hundredth)\s+birthday\b",
                Age,
                Group(1),
            )
            .around(3, 10, &["birthday"], false),
            // Age and sex in shorthand after an article ("a 93F with", "an 91 M").
            rule(r"(?i:\ban?)\s+((?:9\d|1[0-2]\d))\s?[MF]\b", Age, Group(1))
                .starts(&["a", "an"])
                .pre(Pre::DigitAfter(3))
                .filter(not_a_temperature),
            // A year of birth alone ("born in 1931", "b. 1931", "YOB: 1931"): a
            // date element that may tell an age over 89 (the operators keep
            // the year unless it is 90 years or more before the record's).
            rule(
                r"(?i)\b(?:born(?:\s+in)?|b\.|dob|yob|year\s+of\s+birth)\s*:?\s*((?:1[89]|20)\d{2})\b",
                Date,
                Group(1),
            )
            .starts(&["born", "b", "dob", "yob", "year"])
            .pre(Pre::DigitAfter(24)),
            // Dates (all elements but the year are PHI).
            rule(
                &format!(r"(?i)\b\d{{1,2}}[\-\s]{MONTH}\.?[\-\s,]+(?:\d{{4}}|\d{{2}})\b"),
                Date,
                All,
            ),
            rule(
                &format!(
                    r"(?i)\b\d{{1,2}}(?:(?:st|nd|rd|th)?\s+(?:of\s+)?|-){MONTH}\b\.?(?:,?\s+\d{{4}}\b)?"
                ),
                Date,
                All,
            ),
            rule(
                &format!(r"(?i)\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"),
                Date,
                All,
            )
            .starts(MONTH_WORDS)
            .pre(Pre::DigitAfter(8)),
            // Month and year ("March 2019", "Mar of 2019"), the year also
            // as two digits after an apostrophe ("Mar '19", "March’19").
            rule(
                &format!(r"(?i)\b{MONTH}\.?,?(?:\s+(?:of\s+)?\d{{4}}|\s*['’]\d{{2}})\b"),
                Date,
                All,
            )
            .starts(MONTH_WORDS)
            .pre(Pre::DigitAfter(12)),
            // A month alone is a date element too, where a word of time puts
            // it in a date ("in March", "since April", "early June"); the
            // capital keeps "may" and "march" the words.
            rule(
                r"(?i:\b(?:in|on|since|until|till|by|during|from|through|thru|early|late|mid|last|next|this|of|before|after|around|between|and|to|is|was|it's|it’s)[\s\-]+)((?:January|February|March|April|May|June|July|August|September|October|November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\b)",
                Date,
                Group(1),
            )
            .around(1, 0, MONTH_WORDS, false),
            // A month that is no English word, alone, capitalised ("seen
            // every October", "the July admission"): a date element wherever
            // it stands. "May" and "March" need a word of time (above); so
            // do the months people are named for, which are the names' rules'
            // where a surname follows ("June Lee").
            rule(
                r"\b(?:January|February|July|September|October|November|December|JANUARY|FEBRUARY|JULY|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|April|June|August|APRIL|JUNE|AUGUST)\b",
                Date,
                All,
            )
            .starts(&[
                "january", "february", "july", "september", "october", "november", "december",
                "april", "june", "august",
            ])
            .filter(month_alone),
            // A month and day with a hyphen ("on 5-14", "D: 10-18") after a
            // word that introduces a date; elsewhere it is a range ("2-4 L").
            rule(
                r"(?i:\b(?:on|since|from|until|till|by|dated|seen|drawn|collected|obtained|received|monday|tuesday|wednesday|thursday|friday|saturday|sunday|cxr|ct|cta|mri|echo|tte|tee|ekg|ecg|egd|xr|(?:d|t|dd|dt|date|dos)[ \t]*:))[ \t]*((?:1[0-2]|0?[1-9])-(?:3[01]|[12]\d|0?[1-9]))\b",
                Date,
                Group(1),
            )
            .starts(&[
                "on", "since", "from", "until", "till", "by", "dated", "seen", "drawn", "collected",
                "obtained", "received", "monday", "tuesday", "wednesday", "thursday", "friday",
                "saturday", "sunday", "d", "t", "dd", "dt", "date", "dos", "cxr", "ct", "cta",
                "mri", "echo", "tte", "tee", "ekg", "ecg", "egd", "xr",
            ])
            .pre(Pre::MonthDayAfter)
            .filter(not_a_count_nor_ranges),
            // The end of a span of dates: "moved from 10/07 to 5-16".
            rule(
                r"(?i:\bfrom\s+(?:1[0-2]|0?[1-9])[/\-](?:3[01]|[12]\d|0?[1-9])\s+(?:to|until|till|through|thru)\s+)((?:1[0-2]|0?[1-9])-(?:3[01]|[12]\d|0?[1-9]))\b",
                Date,
                Group(1),
            )
            .starts(&["from"])
            .pre(Pre::DigitAfter(4))
            .filter(not_a_range),
            // A month before its day in words ("the fourteenth of March",
            // "March the fourteenth"), and holidays, which name a day.
            rule(
                &format!(
                    r"(?i)\b(?:(?:the\s+)?{ORDINAL_WORDS}\s+of\s+{MONTH}|{MONTH}\.?\s+(?:the\s+)?{ORDINAL_WORDS}|{MONTH}\.?\s+the\s+\d{{1,2}}(?:st|nd|rd|th))\b"
                ),
                Date,
                All,
            )
            .around(3, 24, MONTH_WORDS, false),
            rule(
                r"(?i)\b(?:christmas(?:\s+(?:day|eve))?|thanksgiving(?:\s+day)?|easter(?:\s+(?:sunday|monday))?|new\s+year'?s(?:\s+(?:day|eve))?|independence\s+day|labou?r\s+day|memorial\s+day|veterans'?\s+day|halloween|valentine'?s\s+day|mother'?s\s+day|father'?s\s+day|juneteenth|hanukkah|yom\s+kippur|rosh\s+hashanah|diwali)\b",
                Date,
                All,
            )
            .starts(&[
                "christmas", "thanksgiving", "easter", "new", "independence", "labor", "labour",
                "memorial", "veterans", "halloween", "valentine", "valentines", "mother",
                "mothers", "father", "fathers", "juneteenth", "hanukkah", "yom", "rosh",
                "diwali",
            ]),
            // Month and year without a day ("since 03/2023"), and a date
            // written without separators ("14MAR2024").
            rule(r"\b(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}\b", Date, All),
            rule(
                &format!(r"(?i)\b\d{{1,2}}{MONTH}(?:\d{{4}}|\d{{2}})\b"),
                Date,
                All,
            ),
            rule(r"(?i)\bthe\s+(\d{1,2}(?:st|nd|rd|th))\b", Date, Group(1))
                .starts(&["the"])
                .pre(Pre::DigitAfter(4))
                .filter(not_an_ordinal),
            rule(r"\b\d{4}-\d{1,2}-\d{1,2}\b", Date, All),
            // Year first with slashes or periods ("2021/06/12", "2021.06.12").
            rule(
                r"\b(?:19|20)\d{2}(?:/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])|\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01]))\b",
                Date,
                All,
            ),
            // The date of an ISO 8601 timestamp ("2019-03-04T10:00"; the time stays).
            rule(r"\b(\d{4}-\d{1,2}-\d{1,2})T\d", Date, Group(1)),
            rule(r"\b\d{1,2}[/\-.]\d{1,2}[/\-.](?:\d{4}|\d{2})\b", Date, All)
                .filter(month_and_day_first),
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
            // Network hardware (MAC) addresses: a device identifier.
            rule(r"\b(?:[0-9A-Fa-f]{2}[:\-]){5}[0-9A-Fa-f]{2}\b", Device, All),
            // Payment card numbers.
            rule(r"\b(?:\d{4}[\s\-]){3}\d{1,7}\b", Account, All),
            rule(r"\b\d{3}-\d{2}-\d{4}\b", Ssn, All),
            rule(
                r"(?i:\b(?:ssn|social security(?:\s+(?:number|no\.?|#))?))[\s:#]*(\d{3}[\s\-]?\d{2}[\s\-]?\d{4})\b",
                Ssn,
                Group(1),
            )
            .starts(&["ssn", "social"])
            .pre(Pre::DigitAfter(48)),
            // Its last four digits ("SSN on file ends in 1234", "last 4 of SSN: 1234").
            rule(
                r"(?i:\b(?:ssn|social security(?:\s+(?:number|no\.?|#))?)\b[^.\n\d]{0,24}?\b(?:ends?|ending)\s+(?:in|with)|\blast\s+(?:four|4)(?:\s+digits)?\s+of\s+(?:(?:the|his|her|their|pt'?s|patient'?s)\s+)?(?:ssn|social security(?:\s+number)?))[\s:#\-]*(?:(?:is|are|of)\s+)?(\d{4})\b",
                Ssn,
                Group(1),
            )
            .starts(&["ssn", "social", "last"])
            .pre(Pre::DigitAfter(64)),
            rule(r"\b\d{3,4}-\d{2}-\d{4}\b", Id, All),
            rule(
                r"(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.\-])\d{3}[\s.\-]\d{4}(?:\s*(?i:x|ext\.?)\s*\d{1,5})?\b",
                Phone,
                All,
            ),
            // Ten digits run together with an extension: a phone number.
            rule(r"\b1?\d{10}\s*(?i:x|ext\.?)\s*\d{1,5}\b", Phone, All),
            rule(
                r"\b(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])\b",
                Date,
                All,
            )
            .filter(not_a_fraction),
            // Any number after a phone word ("Phone: 358 0594", "Desk: (898)666-3621x0135").
            rule(
                r"(?i:\b(?:phone|tel|telephone|cell|mobile|fax|office|desk|pager|beeper|home|work)\b)[\s:#.\-]*(?:(?i:no|number|num)\.?\s*)?[:#]?\s*(\+?[\d(][\d\s().\-]{5,22}\d(?:\s*(?i:x|ext\.?)\s*\d{1,5})?)\b",
                Phone,
                Group(1),
            )
            .starts(&[
                "phone", "tel", "telephone", "cell", "mobile", "fax", "office", "desk", "pager",
                "beeper", "home", "work",
            ])
            .pre(Pre::DigitAfter(12))
            .filter(seven_digits),
            // Record, account, plan, licence, vehicle and device numbers by context.
            ctx_id(
                r"mrn|medical record(?:\s+(?:number|no\.?|#))?|mr\s?#|record\s?#|chart(?:\s+(?:number|no\.?|#))?|hospital\s+(?:number|no\.?|#)|patient\s+id",
                Mrn,
                &["mrn", "mr", "medical", "record", "chart", "hospital", "patient"],
            ),
            ctx_id(
                r"member(?:\s+id)?|subscriber(?:\s+id)?|policy|plan\s+id|group(?:\s+(?:number|no\.?|#|id))?|insurance(?:\s+id)?|medicaid(?:\s+id)?|medicare(?:\s+id)?|beneficiary(?:\s+id)?|health\s+plan(?:\s+id)?",
                HealthPlan,
                &[
                    "member", "subscriber", "policy", "plan", "group", "insurance", "medicaid",
                    "medicare", "beneficiary", "health",
                ],
            ),
            ctx_id(
                r"account|acct|billing(?:\s+(?:number|no\.?|#))?|invoice|claim",
                Account,
                &["account", "acct", "billing", "invoice", "claim"],
            ),
            ctx_id(
                r"licen[cs]e|lic\.?|dea|npi|certificate|cert\.?|registration|passport|driver'?s\s+licen[cs]e",
                License,
                &[
                    "license", "licence", "lic", "dea", "npi", "certificate", "cert",
                    "registration", "passport", "driver", "driver's", "drivers",
                ],
            ),
            ctx_id(
                r"vin|license\s+plate|plate|vehicle(?:\s+id)?|tag",
                Vehicle,
                &["vin", "license", "plate", "vehicle", "tag"],
            ),
            ctx_id(
                r"serial|s/n|sn|device(?:\s+id)?|udi|implant(?:\s+id)?|model\s+(?:number|no\.?|#)|lot",
                Device,
                &["serial", "s", "sn", "device", "udi", "implant", "model", "lot"],
            ),
            // Any other record number by its label: specimens, accessions,
            // encounters, orders, cases, staff ("Accession number S24-12345").
            ctx_id(
                r"accession|specimen|sample|requisition|encounter|visit|order|case|study|subject|badge|employee|emp|staff|reference|ref|confirmation|ticket|tracking|voucher|enrollment|enrolment|id|identifier",
                Id,
                &[
                    "accession", "specimen", "sample", "requisition", "encounter", "visit",
                    "order", "case", "study", "subject", "badge", "employee", "emp", "staff",
                    "reference", "ref", "confirmation", "ticket", "tracking", "voucher",
                    "enrollment", "enrolment", "id", "identifier",
                ],
            )
            .filter(not_idaho),
            // City, State ZIP.
            Rule {
                also: &[(2, Zip)],
                ..rule(
                    &format!(
                        r"\b({TOK}(?:\s+{TOK}){{0,2}}),\s+(?:{STATES})\b(?:\.?,?\s+(\d{{5}}(?:-\d{{4}})?)\b)?"
                    ),
                    Location,
                    NamesBackward(1),
                )
                .around(3, 40, STATE_WORDS, true)
                .pre(Pre::CommaBefore)
                .filter(|t, a, b| no_generation_before_comma(t, a, b) && no_id_label(t, b))
            },
            // City State ZIP without the comma ("Lives in Boise ID 83702"): the
            // town is no English word unless the gazetteer has it ("Patient ID
            // 83702" is a label and a number).
            Rule {
                also: &[(2, Zip)],
                ..rule(
                    &format!(r"\b({TOK}(?:\s+{TOK}){{0,2}})\s+(?:{STATES})\.?\s+(\d{{5}}(?:-\d{{4}})?)\b"),
                    Location,
                    NamesBackward(1),
                )
                .around(3, 16, STATE_WORDS, true)
                .pre(Pre::All(&[Pre::DigitAfter(8), Pre::UpperWordBefore]))
                .filter(town_before_state)
            },
            // A ZIP after its state, with or without the city's comma ("Boise ID 83702").
            rule(
                &format!(r"\b(?:{STATES})\.?,?\s+(\d{{5}}(?:-\d{{4}})?)\b"),
                Zip,
                Group(1),
            )
            .around(0, 24, STATE_WORDS, true)
            .pre(Pre::DigitAfter(8)),
            // A postal code after its label, in any country's shape: "ZIP: 394 13",
            // "my zip code is 2371", "postcode 7412 SL", "Postal code: K1A 0B1".
            rule(
                r"(?i:\b(?:zip(?:\s*code)?|postal(?:\s*code)?|post\s*code|postcode))(?:\s+(?i:is))?[\s:#]*(\d{3,6}(?:[ \-]\d{2,4})?(?:\s[A-Z]{2}\b)?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b",
                Zip,
                Group(1),
            )
            .starts(&["zip", "postal", "post", "postcode"])
            .pre(Pre::DigitAfter(20)),
            // A phone number after "call me on", "reach us at", "registered".
            rule(
                r"(?i:\b(?:call|reach|text|contact|dial|ring)(?:\s+(?:me|us|him|her|them))?\s+(?:on|at)|\banswering\s+(?:on|at)|\bregistered|\bnumber\s+is)[\s:]+(\+?[\d(][\d\s().\-]{5,22}\d(?:\s*(?i:x|ext\.?)\s*\d{1,5})?)\b",
                Phone,
                Group(1),
            )
            .starts(&["call", "reach", "text", "contact", "dial", "ring", "answering", "registered", "number"])
            .pre(Pre::DigitAfter(32))
            .filter(seven_digits),
            // Named facilities.
            rule(
                &format!(
                    r"\b((?:{TOK}\s+){{1,4}})(?i:hospital|medical cent(?:er|re)|clinic|health cent(?:er|re)|health system|healthcare|infirmary|rehabilitation cent(?:er|re)|rehab cent(?:er|re)|nursing home|hospice|urgent care|surgical cent(?:er|re)|surgery cent(?:er|re)|cancer cent(?:er|re)|care cent(?:er|re)|senior living|assisted living)\b"
                ),
                Location,
                Facility(1),
            )
            .around(4, 16, FACILITY_TRIGGERS, false)
            .pre(Pre::UpperWordBefore)
            .filter(|t, a, b| no_drug_named(t, a, b) && no_department(t, a, b)),
            // Residences and schools by name ("Okafor Manor", "Lincoln
            // Elementary School"): a rule of their own, so that the hospital
            // rule's automaton stays small.
            rule(
                &format!(
                    r"\b((?:{TOK}\s+){{1,4}})(?i:manor|retirement (?:home|community)|group home|care home|skilled nursing(?: facility)?|elementary school|middle school|high school|primary school|preschool|day care|daycare)\b"
                ),
                Location,
                Facility(1),
            )
            .around(4, 16, RESIDENCE_WORDS, false)
            .pre(Pre::All(&[Pre::Capital, Pre::UpperWordBefore])),
            // Practices named for their town or founder ("Burlington Family
            // Medicine", "Okafor Pediatrics"); not a service ("Consult
            // Internal Medicine").
            rule(
                &format!(
                    r"\b((?:{TOK}\s+){{1,3}})(?i:family medicine|family practice|internal medicine|pediatrics|primary care|behavioral health|physical therapy|dialysis|general)\b"
                ),
                Location,
                Facility(1),
            )
            .around(3, 20, PRACTICE_WORDS, false)
            .pre(Pre::All(&[Pre::Capital, Pre::UpperWordBefore]))
            .filter(named_practice),
            // Names by title, relation or role, and by credential suffix.
            rule(
                &format!(
                    r"{titles}((?:(?:{})\s+){{0,2}}{TOK}(?:\s+{TOK}){{0,2}})",
                    crate::streets::PARTICLES
                        .iter()
                        .chain(NAME_PARTICLES)
                        .copied()
                        .collect::<Vec<_>>()
                        .join("|")
                ),
                Name,
                NamesForward(1),
            )
            .starts(TITLE_WORDS)
            .pre(Pre::NameSoon)
            .filter(title_not_an_acronym),
            rule(
                &format!(
                    r"{relations}(?:[\s:,\-(]|\)[\s:,\-])+(?:(?i:is|was|named)\s+)?({TOK}(?:\s+{TOK}){{0,2}})"
                ),
                Name,
                NamesForward(1),
            )
            .starts(RELATION_WORDS)
            .pre(Pre::NameNext(&[
                "by", "worker", "manager", "is", "was", "named", "in", "law", "from",
            ]))
            .filter(|t, a, b| no_adjective_after_is(t, a, b) && not_the_patient(t, a, b)),
            // A nursing role's letters as a label: "Charge RN: Akit", "LPN:
            // Ann Lee" (not "Ann Lee, RN, CWOCN").
            rule(
                &format!(r"(?i:\b(?:rn|lpn|cna))\s*:\s*({TOK}(?:\s+{TOK}){{0,2}})"),
                Name,
                NamesForward(1),
            )
            .starts(&["rn", "lpn", "cna"])
            .pre(Pre::ColonAfter),
            // A lower-case given name after a relation ("pt's son david at
            // bedside", "lives w/ dtr sarah", "son (david) will stay").
            rule(
                &format!(
                    r"(?i:\b(?:{}))(?:[ \t]+|[ \t]*\([ \t]*)([a-z][a-z'\-]{{2,}})\b",
                    KIN_IN_BRACKETS.join("|")
                ),
                Name,
                Group(1),
            )
            .starts(KIN_IN_BRACKETS)
            .pre(Pre::LowerNext)
            .filter(lower_given_name),
            // ... and a lower-case surname after it ("lives with son priya patel").
            rule(
                &format!(
                    r"(?i:\b(?:{}))[ \t]+([a-z][a-z'\-]{{2,}}[ \t]+[a-z][a-z'\-]{{2,}})\b",
                    KIN_IN_BRACKETS.join("|")
                ),
                Name,
                Group(1),
            )
            .starts(KIN_IN_BRACKETS)
            .pre(Pre::LowerNext)
            .filter(lower_full_name),
            // A dictionary name in lower case after a title typed so ("f/u
            // w/ dr smith", "chaplain hannah prayed").
            rule(
                r"(?i:\b(?:dr|drs|chaplain|pastor|rev|fr|rabbi|imam|pharmacist|interpreter|therapist|dietitian|aide|nurse))\.?[ \t]+([a-z][a-z'\-]{2,})\b",
                Name,
                Group(1),
            )
            .starts(&[
                "dr", "drs", "chaplain", "pastor", "rev", "fr", "rabbi", "imam", "pharmacist",
                "interpreter", "therapist", "dietitian", "aide", "nurse",
            ])
            .pre(Pre::LowerNext)
            .filter(lower_name_after_title),
            // Lower-case names before a relation in brackets: "the patient
            // and fatima haddad (HCP)", "hannah (daughter)".
            lower_before_kin(r"[a-z][a-z'\-]{2,}[ \t]+[a-z][a-z'\-]{2,}", 5),
            lower_before_kin(r"[a-z][a-z'\-]{2,}", 3),
            // A spouse by the years of a marriage: "wife of 60 years, Ann,".
            rule(
                &format!(
                    r"(?i:\b(?:wife|husband|spouse|partner)\s+of\s+\d{{1,2}}\s+(?:years|yrs)\s*,?\s+)({TOK}(?:\s+{TOK})?)"
                ),
                Name,
                NamesForward(1),
            )
            .starts(&["wife", "husband", "spouse", "partner"])
            .pre(Pre::DigitAfter(6)),
            // A name before its relation in brackets: "Kwame Miller (pt's
            // daughter and POA)", "Ann (wife)".
            rule(
                &format!(
                    r"\b({TOK}(?:\s+{TOK}){{0,2}})\s*\(\s*(?:(?i:pt|patient|her|his|their)'?s?\s+)?(?i:{})\b",
                    KIN_IN_BRACKETS.join("|")
                ),
                Name,
                NamesBackward(1),
            )
            .around(5, 2, KIN_IN_BRACKETS, false)
            .pre(Pre::ParenBefore(12))
            .filter(has_proper_word),
            // A name before its relation in apposition: "Dmitri Smith, pt's
            // longtime neighbor", "Ann Lee, the patient's daughter".
            rule(
                &format!(
                    r"\b({TOK}(?:\s+{TOK}){{0,2}}),\s+(?:the\s+)?(?i:pt|patient|her|his|their)(?:'s|’s)?\s+(?:[a-z\-]+\s+)?(?i:{})\b",
                    KIN_IN_BRACKETS.join("|")
                ),
                Name,
                NamesBackward(1),
            )
            .around(8, 2, KIN_IN_BRACKETS, false)
            .pre(Pre::All(&[Pre::CommaWithin(24), Pre::UpperBefore(64)]))
            .filter(has_proper_word),
            // A pharmacy named for its owner: "O'Brien's Pharmacy", "Patel's Drugs".
            rule(
                r"\b(\p{Lu}[\p{L}\p{M}]*(?:['\-][\p{L}\p{M}]+)*?)(?:'s|’s)\s+(?:Pharmacy|PHARMACY|Drugs?|DRUGS?|Drugstore|Apothecary)\b",
                Name,
                Group(1),
            )
            .around(2, 0, &["pharmacy", "drug", "drugs", "drugstore", "apothecary"], false)
            .pre(Pre::All(&[Pre::Capital, Pre::UpperWordBefore]))
            .filter(has_proper_word),
            // A name before a care role in brackets: "Handoff from Ann (day
            // RN)", "Seen with Ann (MS3) and Bo (PGY-1)", "Paged Ann Lee
            // (ortho resident)".
            rule(
                &format!(
                    r"\b({TOK}(?:\s+{TOK}){{0,2}})\s*\(\s*(?:(?:(?i:day|night|evening|charge|primary|float|bedside)\s+)?(?:RN|LPN|CNA|NP|MD|SW|PA|PA-C|LCSW|PharmD|RD|DPT|PT|OT|SLP|RT)|(?i:pgy|ms)-?[1-7]|(?:[A-Za-z]+\s+)?(?i:{})){}\s*\)",
                    CARE_ROLES.join("|"),
                    r"(?:\s*,\s*[A-Za-z0-9\-]+)?"
                ),
                Name,
                NamesBackward(1),
            )
            .around(
                6,
                16,
                &[
                    "rn", "lpn", "cna", "np", "md", "sw", "pa", "lcsw", "pharmd", "rd", "dpt", "pt",
                    "ot", "slp", "rt", "pgy", "ms", "resident", "intern", "fellow", "attending",
                    "student", "hospitalist", "chaplain", "interpreter", "worker", "manager",
                    "pharmacist", "dietitian", "therapist", "nurse",
                ],
                false,
            )
            .pre(Pre::ParenBefore(24))
            .filter(has_proper_word),
            // A consultant named in brackets after the service: "urology
            // (Brown) to see", "Cardiology (Dr. Page) following".
            rule(
                &format!(
                    r"(?i:\b{})\s*\(\s*(?:(?:Dr|DR)\.?\s+)?({TOK}(?:\s+{TOK}){{0,2}})\s*\)",
                    trie(SPECIALTIES)
                ),
                Name,
                NamesForward(1),
            )
            .starts(&SPECIALTY_TRIGGERS)
            .pre(Pre::ParenAfter)
            .filter(name_in_brackets),
            // A person from a service or agency: "Per John from case
            // management", "spoke with Karen from hospice".
            rule(
                &format!(
                    r"\b({TOK}(?:\s+{TOK})?)[ \t]{{1,3}}from[ \t]{{1,3}}(?:the[ \t]{{1,3}})?(?i:{})\b",
                    SERVICES.join("|")
                ),
                Name,
                NamesBackward(1),
            )
            .around(6, 12, &SERVICE_TRIGGERS, false)
            .pre(Pre::All(&[Pre::FromWithin(32), Pre::UpperBefore(48)]))
            .filter(from_a_service),
            rule(
                &format!(
                    r"\b({TOK}(?:\s+{TOK}){{0,2}}),?\s+(?:MD|M\.D\.|DO|RN|NP|PA-C|PA|PhD|DDS|DMD|LPN|CNA|LCSW|MSW|PharmD|DPM|APRN|CRNA|FNP|DNP|Esq|JD|DPT|PsyD|RPh|MSN|BSN|LMFT|LPC|CNM)\b"
                ),
                Name,
                NamesBackward(1),
            )
            .around(3, 8, CREDENTIAL_WORDS, true)
            .pre(Pre::UpperBefore(48))
            .filter(credential_in_sentence),
            // Apartment and suite numbers on their own.
            rule(
                r"(?i)\b(?:apt|apartment|suite|ste|unit)\.?\s*#?\s*\d+[A-Za-z]?\b",
                Address,
                All,
            )
            .starts(&["apt", "apartment", "suite", "ste", "unit"])
            .pre(Pre::DigitAfter(12))
            .filter(no_ward_or_dose),
            // The street line before them, in any case and script: a house
            // number, up to five words, the number on the street ("7878 Rahu
            // 37 Apt. 405", "5670 r josé a madeira 1 suite 696", "0605
            // πεντέλης 210 apt. 999").
            rule(
                r"(?i)\b\d{1,6}[ \t]+(?:[\p{L}][\p{L}\p{M}'\-]*\.?[ \t]+){1,5}\d{1,5}[a-z]?,?[ \t]+(?:apt|apartment|suite|ste)\b\.?[ \t]*#?[ \t]*\d{1,5}\b",
                Address,
                All,
            )
            .around(8, 16, &["apt", "apartment", "suite", "ste"], false)
            .pre(Pre::DigitAfter(12))
            .filter(no_measure_after_number),
            // A street line right above an apartment or suite line, its
            // number anywhere in it ("Fuglie 41 Popović Dam\n Suite 860").
            rule(
                r"(?m)^[ \t]*((?:\p{Lu}[\p{L}\p{M}'\-]*\.?[ \t]+){0,4}\d{1,5}[a-z]?(?:[ \t]+[\p{L}][\p{L}\p{M}'\-]*\.?){0,4})[ \t]*\n[ \t]*(?i:apt|apartment|suite|ste)\b\.?[ \t]*#?[ \t]*\d{1,5}\b",
                Address,
                Group(1),
            )
            .around(10, 16, &["apt", "apartment", "suite", "ste"], false)
            .pre(Pre::DigitAfter(12))
            .filter(no_measure_after_number),
            // Letter-prefixed codes (licences, member ids), any other long number.
            rule(r"\b[A-Za-z]{1,3}\d{6,}\b", Id, All),
            rule(r"\b\d{7,}\b", Id, All),
            // Filtered shapes last: VINs, IBAN-shaped account numbers, and
            // international or loosely grouped phone numbers (8–15 digits, not a date).
            rule(r"(?i)\b[A-HJ-NPR-Z0-9]{17}\b", Vehicle, All).filter(vin_like),
            rule(r"(?i)\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b", Account, All).filter(many_digits),
            rule(
                r"(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?\b\d{1,6}(?:[\s.\-]\d{2,4}){1,4}\b",
                Phone,
                All,
            )
            .filter(phone_like),
            // Any other number from 90 to 129 said of a person, unless what
            // is around it makes it a measurement, a dose, a count or a
            // place's number ("Her father is still alive at 92", "Widow, 95,
            // referred"; not "HR 102", "room 104", "walked 100 feet").
            rule(r"\b((?:9\d|1[0-2]\d))(?:\s?[MF])?\b", Age, Group(1)).filter(bare_age),
            // A month and day with a hyphen where the sentence says date
            // ("Foley removed 5-14", "CT head 5-14:"); not a range ("2-3
            // pillows", "grade 2-3").
            rule(
                r"\b(?:1[0-2]|0?[1-9])-(?:3[01]|[12]\d|0?[1-9])\b",
                Date,
                All,
            )
            .filter(dated_month_day),
        ];
        let shape_rules: Vec<usize> = (0..rules.len())
            .filter(|&i| matches!(rules[i].gate, Gate::Shapes))
            .collect();
        let shape_src: Vec<&str> = shape_rules.iter().map(|&i| rules[i].src.as_str()).collect();
        // A larger lazy-DFA cache: the combined shapes have many states.
        let big = || meta::Regex::config().hybrid_cache_capacity(8 << 20);
        let shapes = meta::Regex::builder()
            .configure(big())
            .build_many(&shape_src)
            .unwrap_or_else(|e| panic!("bad built-in shape patterns: {e}"));
        let shapes_longest = meta::Regex::builder()
            .configure(big().match_kind(regex_automata::MatchKind::All))
            .build_many(&shape_src)
            .unwrap_or_else(|e| panic!("bad built-in shape patterns: {e}"));
        let mut triggers: FastMap<&'static str, Vec<usize>> = FastMap::default();
        let mut exact_triggers: FastMap<&'static str, Vec<usize>> = FastMap::default();
        let suffix_rules: Vec<usize> = (0..rules.len()).filter(|&i| rules[i].suffix).collect();
        for (i, r) in rules.iter().enumerate().filter(|(_, r)| !r.suffix) {
            for &w in r.words {
                let map = if r.exact {
                    &mut exact_triggers
                } else {
                    debug_assert_eq!(w, w.to_lowercase(), "trigger words are lower case");
                    &mut triggers
                };
                map.entry(w).or_default().push(i);
            }
        }
        let suffix_tails = Tails::new(
            suffix_rules
                .iter()
                .flat_map(|&i| rules[i].words.iter().copied()),
        );
        let regexes: Vec<meta::Regex> = rules.iter().map(|r| r.re.clone()).collect();
        let make: MakeCaps =
            Box::new(move || regexes.iter().map(|r| r.create_captures()).collect());
        Patterns {
            scratch: Pool::new(make),
            lone_names: true,
            rules,
            shapes,
            shapes_longest,
            shape_rules,
            trigger_filter: WordFilter::new(triggers.keys().copied()),
            short_triggers: ShortWords::new(triggers.iter().map(|(w, r)| (*w, r))),
            exact_filter: WordFilter::new(exact_triggers.keys().copied()),
            triggers,
            exact_triggers,
            suffix_tails,
            suffix_rules,
            fax_ctx: Regex::new(r"(?i)\bfax\b").expect("fax pattern"),
            names: crate::names::NameDict::new(),
            places: crate::places::PlaceDict::new(),
        }
    }

    pub(crate) fn with_lone_names(self, lone_names: bool) -> Patterns {
        Patterns { lone_names, ..self }
    }

    /// Finds the first match of `r` in `input`: with its capture groups in
    /// `caps` where the rule takes a group, by the lazy DFA alone otherwise.
    fn find(r: &Rule, input: &Input<'_>, caps: &mut Captures, na: NonAscii) -> Option<Match> {
        // On ASCII text the twin finds what the Unicode pattern would.
        let twin =
            (r.ascii.as_ref()).filter(|_| na.clear(input.haystack(), input.get_span().range()));
        let re = twin.unwrap_or(&r.re);
        if matches!(r.take, Take::All) && r.also.is_empty() {
            return re.search(input);
        }
        // Where one regex serves the whole search (the twin on ASCII text,
        // or a rule without a twin), its own capture search finds the match
        // with the lazy DFA and runs a capture engine on the match alone.
        if twin.is_some() || r.ascii.is_none() {
            let pid = re.search_slots(input, caps.slots_mut());
            caps.set_pattern(pid);
            return caps.get_match();
        }
        // Otherwise the Unicode pattern finds the match, and the capture
        // engine runs on the ASCII twin where the match is ASCII.
        let m = re.search(input)?;
        let narrow = input.clone().span(m.range()).anchored(Anchored::Yes);
        match &r.ascii {
            Some(twin) if na.clear(input.haystack(), m.range()) => {
                let pid = twin.search_slots(&narrow, caps.slots_mut());
                caps.set_pattern(pid);
            }
            _ => r.re.search_captures(&narrow, caps),
        }
        caps.get_match()
    }

    /// Applies one match of `r` (`whole`, its groups in `caps` as `find` left
    /// them): pushes the spans it yields and returns the main one, or None if
    /// the rule's filter refused it.
    fn apply(
        r: &Rule,
        text: &str,
        whole: Match,
        caps: &Captures,
        out: &mut Vec<Span>,
    ) -> Option<(usize, usize)> {
        if r.filter
            .is_some_and(|f| !f(text, whole.start(), whole.end()))
        {
            return None;
        }
        let group = |g: usize| caps.get_group(g);
        let (s, e) = match r.take {
            Take::All => (whole.start(), whole.end()),
            Take::Group(g) => group(g).map(|m| (m.start, m.end))?,
            Take::NamesForward(g) => group(g).map(|m| names_forward(text, m.start, m.end))?,
            Take::NamesBackward(g) => {
                group(g).map(|m| names_backward(text, m.start, m.end, true))?
            }
            Take::Facility(g) => {
                let m = group(g)?;
                let (s, e) = names_backward(text, m.start, m.end, false);
                if s == e { (s, s) } else { (s, whole.end()) }
            }
        };
        push(out, s, e, r.kind);
        for &(g, kind) in r.also {
            if let Some(m) = group(g) {
                push(out, m.start, m.end, kind);
            }
        }
        Some((s, e))
    }

    /// Runs `r` over `span` of the text, as a scan of that span alone would
    /// (look-around sees the text outside it), pushing what it finds.
    fn scan(
        r: &Rule,
        text: &str,
        span: std::ops::Range<usize>,
        caps: &mut Captures,
        na: NonAscii,
        out: &mut Vec<Span>,
    ) {
        let mut pos = span.start;
        while pos <= span.end {
            let input = Input::new(text).span(pos..span.end);
            let Some(whole) = Self::find(r, &input, caps, na) else {
                break;
            };
            let kept = Self::apply(r, text, whole, caps, out);
            // Forward names resume after the names kept (or at the group), not
            // after the whole match: a dropped tail may hold the next trigger.
            pos = match (r.take, kept) {
                (Take::NamesForward(_), Some((s, e))) if e > s => e,
                (Take::NamesForward(g), _) => caps
                    .get_group(g)
                    .map_or(whole.end(), |m| m.start)
                    .max(whole.start() + 1),
                _ => whole.end().max(whole.start() + 1),
            };
            pos = ceil_char(text, pos);
        }
    }

    /// Runs `r` anchored at `at` (up to `end`) and applies its match, if any.
    fn apply_at(
        r: &Rule,
        text: &str,
        at: usize,
        end: usize,
        caps: &mut Captures,
        na: NonAscii,
        out: &mut Vec<Span>,
    ) -> Option<(usize, usize)> {
        let input = Input::new(text).span(at..end).anchored(Anchored::Yes);
        let whole = Self::find(r, &input, caps, na)?;
        Self::apply(r, text, whole, caps, out)
    }

    /// The reference semantics: every rule scanned over the whole text. The
    /// fast path ([`Patterns::detect`]) must find at least this.
    #[cfg(test)]
    pub(crate) fn detect_reference(&self, text: &str, out: &mut Vec<Span>) {
        self.reference_one(text, out);
        if let Some(cased) = crate::context::truecase(text, &self.places) {
            self.reference_one(&cased, out);
        } else if let Some(cased) = Self::recased_capitals(text, &self.places) {
            self.reference_one(&cased, out);
        } else {
            self.caseless_sentences(text, Self::reference_one, out);
        }
    }

    #[cfg(test)]
    fn reference_one(&self, text: &str, out: &mut Vec<Span>) {
        for r in &self.rules {
            let mut caps = r.re.create_captures();
            // The Unicode patterns alone: the fast path's twins are checked against them.
            Self::scan(r, text, 0..text.len(), &mut caps, NonAscii::ALWAYS, out);
        }
        self.finish(text, &crate::names::tokens(text), out);
    }

    pub(crate) fn detect(&self, text: &str, out: &mut Vec<Span>) {
        self.detect_one(text, out);
        // A text without capitals is read twice: as written, and with the
        // words that only names and places are capitalised (same byte
        // offsets), so that the rules keyed to capitals see them. A text in
        // capitals is read again the same way from its lower-case copy:
        // capitals tell as little as their absence.
        if let Some(cased) = crate::context::truecase(text, &self.places) {
            self.detect_one(&cased, out);
        } else if let Some(cased) = Self::recased_capitals(text, &self.places) {
            self.detect_recased(&cased, out);
        } else {
            self.caseless_sentences(text, Self::detect_one, out);
        }
    }

    /// A text with no lower-case ASCII letter and some capitals ("PER KWAME,
    /// SYMPTOMS BEGAN"): its ASCII letters in lower case (same byte offsets),
    /// re-cased as a text typed without capitals is ([`crate::context::truecase`]).
    fn recased_capitals(text: &str, places: &crate::places::PlaceDict) -> Option<String> {
        let b = text.as_bytes();
        if b.iter().any(u8::is_ascii_lowercase) || !b.iter().any(u8::is_ascii_uppercase) {
            return None;
        }
        crate::context::truecase_with(&text.to_ascii_lowercase(), places, false)
    }

    /// A note with capitals may hold sentences typed without them ("pt and
    /// husband ann agree with the plan"): each is read again on its own as a
    /// caseless text is, re-cased, with `read`.
    fn caseless_sentences(
        &self,
        text: &str,
        read: fn(&Self, &str, &mut Vec<Span>),
        out: &mut Vec<Span>,
    ) {
        for (a, b) in crate::context::caseless_sentences(text) {
            let Some(cased) = crate::context::truecase(&text[a..b], &self.places) else {
                continue;
            };
            let mut found = Vec::new();
            read(self, &cased, &mut found);
            out.extend(found.into_iter().map(|s| Span {
                start: s.start + a,
                end: s.end + a,
                ..s
            }));
        }
    }

    fn detect_one(&self, text: &str, out: &mut Vec<Span>) {
        let toks = crate::names::tokens(text);
        let mut caps = self.scratch.get();
        let na = NonAscii::of(text);
        self.detect_scanned(text, &mut caps, na, out);
        self.detect_shapes(text, &mut caps, na, out);
        self.detect_triggered(text, &toks, &mut caps, na, out);
        self.finish(text, &toks, out);
    }

    /// A note in capitals re-cased: the rules gated by words and the passes
    /// that read words. The scanned and shape rules (numbers, codes,
    /// addresses by their shape) found what they find in the note as
    /// written: case does not change them.
    fn detect_recased(&self, text: &str, out: &mut Vec<Span>) {
        let toks = crate::names::tokens(text);
        let mut caps = self.scratch.get();
        let na = NonAscii::of(text);
        self.detect_triggered(text, &toks, &mut caps, na, out);
        self.finish(text, &toks, out);
    }

    /// What every detection pass ends with, the reference one included:
    /// dictionaries, fax context, address blocks.
    fn finish(&self, text: &str, toks: &[crate::names::Tok], out: &mut Vec<Span>) {
        for (_, pass) in FINISH {
            pass(self, text, toks, out);
        }
    }

    /// Rules with a literal the regex engine skips to, over the whole text.
    fn detect_scanned(&self, text: &str, caps: &mut [Captures], na: NonAscii, out: &mut Vec<Span>) {
        for (i, r) in self.rules.iter().enumerate() {
            if matches!(r.gate, Gate::Scan) {
                Self::scan(r, text, 0..text.len(), &mut caps[i], na, out);
            }
        }
    }

    fn detect_shapes(&self, text: &str, caps: &mut [Captures], na: NonAscii, out: &mut Vec<Span>) {
        let len = text.len();
        let longest_at = |at: usize| {
            self.shapes_longest
                .search(&Input::new(text).span(at..len).anchored(Anchored::Yes))
        };
        if na.none() {
            // ASCII text: the longest shape at each place one may start.
            shape_starts(text.as_bytes(), |at| {
                if let Some(m) = longest_at(at) {
                    self.take_shape(text, at, m, caps, na, out);
                }
            });
            return;
        }
        // One scan for every shape rule: at each place a shape starts, the
        // longest shape starting there.
        let mut pos = 0;
        while pos < len {
            let Some(first) = self.shapes.search(&Input::new(text).span(pos..len)) else {
                break;
            };
            let at = first.start();
            self.take_shape(text, at, longest_at(at).unwrap_or(first), caps, na, out);
            // Shapes may overlap (a number inside an address): the next one
            // can start inside this one.
            pos = ceil_char(text, at + 1);
        }
    }

    /// Applies the longest shape starting at `at` (`m`) or, if its filter
    /// refuses it, every shape rule there on its own.
    fn take_shape(
        &self,
        text: &str,
        at: usize,
        m: Match,
        caps: &mut [Captures],
        na: NonAscii,
        out: &mut Vec<Span>,
    ) {
        let len = text.len();
        let ri = self.shape_rules[m.pattern().as_usize()];
        let r = &self.rules[ri];
        let kept = match (r.take, r.filter) {
            (Take::All, None) => {
                push(out, at, m.end(), r.kind);
                true
            }
            _ => Self::apply_at(r, text, at, len, &mut caps[ri], na, out).is_some(),
        };
        if !kept {
            // Every shape rule that matches here, on its own, in order.
            let mut here = regex_automata::PatternSet::new(self.shape_rules.len());
            let input = Input::new(text).span(at..len).anchored(Anchored::Yes);
            self.shapes_longest
                .which_overlapping_matches(&input, &mut here);
            for p in here.iter() {
                let i = self.shape_rules[p.as_usize()];
                Self::apply_at(&self.rules[i], text, at, len, &mut caps[i], na, out);
            }
        }
    }

    /// Rules gated by trigger words, run where their words are.
    fn detect_triggered(
        &self,
        text: &str,
        toks: &[crate::names::Tok],
        caps: &mut [Captures],
        na: NonAscii,
        out: &mut Vec<Span>,
    ) {
        let b = text.as_bytes();
        let mut scanned: Vec<usize> = Vec::new();
        let (mut buf, mut owned) = ([0u8; 32], String::new());
        let mut run = |i: usize, start: usize, end: usize| {
            self.run_triggered(
                i,
                text,
                toks,
                start,
                end,
                &mut caps[i],
                na,
                &mut scanned,
                out,
            )
        };
        for t in toks {
            let word_end = t.start + t.word(text).len();
            // The word, and the parts of a word an ASCII `\b` splits
            // (hyphens, apostrophes, non-ASCII letters: "PA-C" and "PA").
            let mut piece = Some((t.start, word_end));
            let mut i = t.start;
            let split = !b[t.start..word_end].iter().all(u8::is_ascii_alphabetic);
            while let Some((start, end)) = piece.take() {
                let w = &text[start..end];
                let exact = if self.exact_filter.may_hold(w.as_bytes(), false) {
                    self.exact_triggers.get(w)
                } else {
                    None
                };
                // Capitalised words may end with a street word ("Koskikatu").
                let capitalised = w.len() >= 5
                    && w.chars().next().is_some_and(char::is_uppercase)
                    && self.suffix_tails.may_end(w.as_bytes());
                // No trigger word is longer than 32 bytes.
                let may = w.len() <= 32
                    && (capitalised || self.trigger_filter.may_hold(w.as_bytes(), true));
                let folded = if !may {
                    None
                } else if let Some(k) = ShortWords::key(w.as_bytes()) {
                    self.short_triggers.get(k)
                } else {
                    self.triggers
                        .get(crate::names::lower(w, &mut buf, &mut owned))
                };
                for &r in exact.into_iter().flatten() {
                    run(r, start, end);
                }
                for &r in folded.into_iter().flatten() {
                    run(r, start, end);
                }
                if capitalised && w.len() <= 32 {
                    let l = crate::names::lower(w, &mut buf, &mut owned);
                    if l.len() >= 5 {
                        for &r in &self.suffix_rules {
                            let ends = |s: &&str| l.len() >= s.len() + 2 && l.ends_with(*s);
                            if self.rules[r].words.iter().any(ends) {
                                run(r, start, end);
                            }
                        }
                    }
                }
                // The next run of ASCII letters and digits inside the word.
                if split {
                    let s = (i + run_at(b, i, |c| !c.is_ascii_alphanumeric())).min(word_end);
                    let e = s + run_at(b, s, u8::is_ascii_alphanumeric).min(word_end - s);
                    i = e;
                    if e > s {
                        piece = Some((s, e));
                    }
                }
            }
        }
    }

    /// Runs triggered rule `i` for the trigger word at `start..end`, if its
    /// precondition holds there.
    #[allow(clippy::too_many_arguments)]
    fn run_triggered(
        &self,
        i: usize,
        text: &str,
        toks: &[crate::names::Tok],
        start: usize,
        end: usize,
        caps: &mut Captures,
        na: NonAscii,
        scanned: &mut Vec<usize>,
        out: &mut Vec<Span>,
    ) {
        let len = text.len();
        let r = &self.rules[i];
        if !r.pre.holds(text, start, end) {
            return;
        }
        match r.gate {
            Gate::Starts => {
                let stop = ceil_char(text, (start + 256).min(len));
                Self::apply_at(r, text, start, stop, caps, na, out);
            }
            Gate::Around { back, fwd } => {
                // The trigger's word, `back` words before it, and what stands
                // before the first of them back to the word before that, or
                // to the text's start (a number is no word: "+1 Dr. 12 Apt
                // 12" starts its street line before its first word).
                let at = toks.partition_point(|w| w.end <= start);
                let first = at.checked_sub(back + 1).map_or(0, |k| toks[k].end);
                // Both are character boundaries, so the larger one is.
                let from = first
                    .min(start)
                    .max(floor_char(text, start.saturating_sub(200)));
                let to = ceil_char(text, (end + fwd).min(len));
                Self::scan(r, text, from..to, caps, na, out);
            }
            Gate::ScanIf if !scanned.contains(&i) => {
                scanned.push(i);
                Self::scan(r, text, 0..len, caps, na, out);
            }
            Gate::ScanIf | Gate::Scan | Gate::Shapes => {}
        }
    }

    /// Phone numbers introduced by "fax" are fax numbers.
    fn mark_fax(&self, text: &str, out: &mut [Span]) {
        for s in out.iter_mut().filter(|s| s.kind == PhiKind::Phone) {
            let from = floor_char(text, s.start.saturating_sub(24));
            if self.fax_ctx.is_match(&text[from..s.start]) {
                s.kind = PhiKind::Fax;
            }
        }
    }
}

/// A pass over a text's tokens and the spans found so far.
type Pass = fn(&Patterns, &str, &[crate::names::Tok], &mut Vec<Span>);

/// The passes every detection ends with, in order (each sees what the ones
/// before it found): dictionaries, context, fax, address blocks. Named for
/// the profile, which times each.
const FINISH: &[(&str, Pass)] = &[
    ("names", |p, text, toks, out| {
        p.names.detect_tokens(text, toks, out)
    }),
    ("places", |p, text, toks, out| {
        p.places.detect_tokens(text, toks, out)
    }),
    ("names_in_context", |p, text, toks, out| {
        crate::context::names_in_context(&p.names, text, toks, out)
    }),
    ("names_before_descriptors", |_, text, toks, out| {
        crate::context::names_before_descriptors(text, toks, out)
    }),
    ("businesses_named_for_people", |_, text, toks, out| {
        crate::context::businesses_named_for_people(text, toks, out)
    }),
    ("lone_proper_nouns", |p, text, toks, out| {
        if p.lone_names {
            crate::context::lone_proper_nouns(text, toks, out);
        }
    }),
    ("names_after_cues_in_capitals", |_, text, toks, out| {
        crate::context::names_after_cues_in_capitals(text, toks, out)
    }),
    ("names_beside_names", |_, text, toks, out| {
        crate::context::names_beside_names(text, toks, out)
    }),
    ("weak_names_mid_sentence", |_, text, toks, out| {
        crate::context::weak_names_mid_sentence(text, toks, out)
    }),
    ("numbered_streets", |_, text, toks, out| {
        crate::context::numbered_streets(text, toks, out)
    }),
    ("streets", |_, text, toks, out| {
        crate::streets::detect(text, toks, out)
    }),
    ("postal_after_places", |_, text, toks, out| {
        crate::context::postal_after_places(text, toks, out)
    }),
    ("mark_fax", |p, text, _, out| p.mark_fax(text, out)),
    ("extend_addresses", |_, text, _, out| {
        extend_addresses(text, out)
    }),
    ("surnames_of_families", |_, text, toks, out| {
        crate::context::surnames_of_families(text, toks, out)
    }),
    ("speakers", |_, text, toks, out| {
        crate::context::speakers(text, toks, out)
    }),
    ("names_across_particles", |_, text, toks, out| {
        crate::context::names_across_particles(text, toks, out)
    }),
    ("names_above_addresses", |p, text, toks, out| {
        crate::context::names_above_addresses(&p.names, text, toks, out)
    }),
    ("names_in_lower_case_text", |_, text, toks, out| {
        if crate::context::caseless(text) {
            crate::context::names_in_lower_case_text(text, toks, out);
        }
    }),
    ("given_names_in_lower_case", |_, text, toks, out| {
        if !crate::context::caseless(text) {
            crate::context::given_names_in_lower_case(text, toks, out);
        }
    }),
    ("lower_case_names_after_kin", |_, text, toks, out| {
        if !crate::context::caseless(text) {
            crate::context::lower_case_names_after_kin(text, toks, out);
        }
    }),
    ("lower_case_names_before_roles", |_, text, toks, out| {
        if !crate::context::caseless(text) {
            crate::context::lower_case_names_before_roles(text, toks, out);
        }
    }),
    ("recurring_names", |_, text, toks, out| {
        crate::context::recurring_names(text, toks, out)
    }),
    ("ages_after_names", |_, text, _, out| {
        crate::context::ages_after_names(text, out)
    }),
];

impl Default for Patterns {
    fn default() -> Self {
        Patterns::new()
    }
}

/// Words that belong to an address block: units and boxes.
pub(crate) fn is_unit_word(w: &str) -> bool {
    const UNITS: &[&str] = &[
        "suite",
        "ste",
        "apt",
        "apartment",
        "unit",
        "box",
        "floor",
        "fl",
        "room",
        "rm",
        "bldg",
        "building",
        "po",
        "p.o",
        "#",
    ];
    let w = w.trim_end_matches('.');
    UNITS.iter().any(|u| u.eq_ignore_ascii_case(w))
}

/// Abbreviations whose period does not end a sentence.
fn is_abbreviation(w: &str) -> bool {
    const ABBR: &[&str] = &[
        "st", "ave", "av", "rd", "dr", "blvd", "ln", "ct", "apt", "ste", "u", "ul", "no", "pl",
        "hwy", "pkwy", "str", "p.o", "po", "mt", "ft",
    ];
    ABBR.iter()
        .any(|a| a.eq_ignore_ascii_case(w.trim_end_matches('.')))
}

/// An address runs on: the building number before the street ("6750
/// Koskikatu 25") and the rest of its block after it: units, city, region,
/// country and postal code, over up to four line breaks ("Apt. 864\nOULU\n
/// Finland 80896"). The block ends at a lower-case word, a stopword, a
/// sentence's end or a blank line.
fn extend_addresses(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    numbered_names(text, out);
    for i in 0..out.len() {
        let s = out[i];
        if s.kind != PhiKind::Address {
            continue;
        }
        let before = text[..s.start].trim_end_matches(' ');
        let digits = digits_at_end(before);
        let mut start = s.start;
        if (1..=6).contains(&digits) {
            let n = before.len() - digits;
            if n == 0 || !b[n - 1].is_ascii_alphanumeric() {
                start = n;
            }
        }
        let mut seg = (start, s.end);
        for part in block(text, s.end) {
            match part {
                Part::Token(a, e) => {
                    if seg.0 == seg.1 {
                        seg.0 = a;
                    }
                    seg.1 = e;
                }
                // A US state may stay (Safe Harbor keeps states): the block
                // goes on after it.
                Part::State(e) => {
                    push(out, seg.0, seg.1, PhiKind::Address);
                    seg = (e, e);
                }
            }
        }
        push(out, seg.0, seg.1, PhiKind::Address);
    }
}

/// A street's name between two numbers, as European addresses write it:
/// "4241 Steinfelden 73", "78321 Ombù 9091" (a postal or house number, the
/// name the dictionaries found, its house number). The whole is an address.
fn numbered_names(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let alnum = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    for i in 0..out.len() {
        let s = out[i];
        if !matches!(s.kind, PhiKind::Name | PhiKind::Location) || s.start < 2 {
            continue;
        }
        // "24 Jun 2020" is a date ("Jun" is a given name too).
        if crate::dates::month_from(&text[s.start..s.end]).is_some() {
            continue;
        }
        let Some(before) = text[..s.start].strip_suffix(' ') else {
            continue;
        };
        let lead = digits_at_end(before);
        let from = before.len() - lead;
        if !(1..=6).contains(&lead) || (from > 0 && (alnum(from - 1) || b[from - 1] == b'.')) {
            continue;
        }
        let Some(after) = text[s.end..].strip_prefix(' ') else {
            continue;
        };
        let house = after.bytes().take_while(u8::is_ascii_digit).count();
        let to = s.end + 1 + house;
        // "… 73." may end a sentence; "73.5" is no house number.
        let decimal = b.get(to) == Some(&b'.') && alnum(to + 1);
        if (1..=4).contains(&house) && !alnum(to) && !decimal {
            push(out, from, to, PhiKind::Address);
        }
    }
}

/// How many ASCII digits end `s` (a house or postal number before a span).
pub(crate) fn digits_at_end(s: &str) -> usize {
    s.bytes().rev().take_while(u8::is_ascii_digit).count()
}

/// A token of an address block (start, end), or a state (its end).
enum Part {
    Token(usize, usize),
    State(usize),
}

/// A US state's abbreviation or one-word name, in its usual case ("MA", "Texas").
pub(crate) fn is_state(w: &str) -> bool {
    static SET: std::sync::OnceLock<crate::names::FastSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STATE_WORDS.iter().copied().collect())
        .contains(w)
        && !matches!(w, "New" | "North" | "South" | "West" | "Rhode" | "Puerto")
}

/// The tokens of an address block after `from`.
fn block(text: &str, from: usize) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut pos = from;
    let mut breaks = 0;
    // A state's or region's code was the last token: a postal code after it
    // ends the address.
    let mut coded = false;
    if text[..from].ends_with('.')
        && !is_abbreviation(text[..from].rsplit(' ').next().unwrap_or(""))
    {
        return parts; // the sentence ended with the address
    }
    // After an abbreviation's period ("Oak St."), a new sentence may begin:
    // its first word goes on the address only as a town would ("Oak St.
    // Springfield, MA"), not as an English word or a short code ("Oak St.
    // Tolerating PO", "Oak St. BP 142/88").
    let after_period = text[..from].ends_with('.');
    for _ in 0..12 {
        let rest = &text[pos..];
        let sep = rest
            .find(|c: char| !matches!(c, ' ' | '\t' | '\r' | '\n' | ','))
            .unwrap_or(rest.len());
        let lines = rest[..sep].matches('\n').count();
        breaks += lines;
        if lines > 1 || breaks > 4 {
            break;
        }
        let p = pos + sep;
        let tok_end = text[p..]
            .find(|c: char| c.is_whitespace() || c == ',')
            .map_or(text.len(), |k| p + k);
        if tok_end == p {
            break;
        }
        let tok = &text[p..tok_end];
        let core = tok.trim_end_matches(['.', ';', ':', '?', '!', ')']);
        let number = !core.is_empty()
            && core.len() <= 10
            && core.bytes().any(|c| c.is_ascii_digit())
            && core.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
            && core.bytes().filter(u8::is_ascii_alphabetic).count() <= 2;
        let unit = is_unit_word(core);
        let name = core.chars().next().is_some_and(char::is_uppercase)
            && core
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
            && !is_stopword(core);
        // Other bare words (no trailing punctuation) may still belong:
        let other = !(number || unit || name) && tok == core;
        // a region's short code in any case ("AT", "mp", "dpo ap") before a
        // postal code: part of the address, which goes on to the code
        // ("Dusino San Michele, AT 31295"). Only US states stay.
        // (A US state in lower case, "nm 87501", is left to the ZIP rules.)
        let region = other
            && short_code(core)
            && !is_state(&core.to_ascii_uppercase())
            && postal_follows(text, tok_end);
        // A particle inside a place's name, before its next capitalised
        // word: "Caxias do Sul", "Torroella de Montgrí".
        let inner = other
            && !region
            && crate::streets::particle(core)
            && text[tok_end..]
                .strip_prefix(' ')
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase);
        if !(number || unit || name || region || inner) {
            break;
        }
        if after_period && parts.is_empty() && name && !text[tok_end..].starts_with(',') {
            let f = crate::lexicon::flags(core);
            let short = core.len() <= 3 && core.bytes().all(|c| c.is_ascii_uppercase());
            if f & crate::lexicon::PLACE == 0 && (f & crate::lexicon::ENGLISH != 0 || short) {
                break;
            }
        }
        parts.push(if is_state(core) {
            Part::State(p + core.len())
        } else {
            Part::Token(p, p + core.len())
        });
        if coded && number {
            break;
        }
        coded = region || is_state(core);
        let trail = &tok[core.len()..];
        if trail.contains(['?', '!', ';', ':'])
            || (trail.contains('.') && !is_abbreviation(core) && !unit)
        {
            break;
        }
        pos = tok_end;
    }
    parts
}

/// A postal code (4 to 6 digits, or one more short code before one, as in
/// "dpo ap 40902") after `at`, past spaces, commas and at most one line break,
/// then the line's or the text's end, punctuation or a capitalised word.
fn postal_follows(text: &str, at: usize) -> bool {
    postal_after(text, at, 1)
}

fn postal_after(text: &str, at: usize, codes_left: u8) -> bool {
    let rest = &text[at..];
    let sep = rest
        .find(|c: char| !matches!(c, ' ' | '\t' | '\r' | '\n' | ','))
        .unwrap_or(rest.len());
    if rest[..sep].matches('\n').count() > 1 {
        return false;
    }
    let rest = &rest[sep..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ')'))
        .unwrap_or(rest.len());
    let word = &rest[..end];
    if (4..=6).contains(&word.len()) && word.bytes().all(|c| c.is_ascii_digit()) {
        // Four digits may be a time or a year: then the line ends, or
        // punctuation, or a capitalised word (the country) — not "at 0930
        // today". Five or six are a postal code unless a unit follows.
        let after = rest[end..].trim_start_matches([' ', '\t']);
        return if word.len() == 4 {
            after
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() || c.is_uppercase())
        } else {
            !crate::context::measure_after(text, at + sep + end)
        };
    }
    codes_left > 0
        && short_code(word)
        && rest.len() > end
        && postal_after(text, at + sep + end, codes_left - 1)
}

/// One to three ASCII letters, in capitals or no English word or stopword:
/// a region's code ("AT", "RS", "mp"), not "at" or "on".
fn short_code(w: &str) -> bool {
    (1..=3).contains(&w.len())
        && w.bytes().all(|c| c.is_ascii_alphabetic())
        && (w.bytes().all(|c| c.is_ascii_uppercase())
            || crate::lexicon::flags(w) & (crate::lexicon::STOP | crate::lexicon::ENGLISH) == 0)
}

/// "the 4th finger", "the 2nd metacarpal", "the 5th percentile": an ordinal
/// before a noun, not a day of the month. A day is followed by a stopword,
/// "of", punctuation or nothing ("on the 22nd.", "the 22nd of June", "the 3rd
/// at noon").
/// The first two numbers of a numeric date are a month and a day, in
/// either order ("05/14/21", "14.05.2021"); not a visual acuity's
/// fractions ("20/40-20/50") nor a range on a scale of ten ("3-4/10").
fn month_and_day_first(text: &str, a: usize, b: usize) -> bool {
    let mut seps = text[a..b]
        .bytes()
        .filter(|c| matches!(c, b'/' | b'-' | b'.'));
    // Mixed separators: no scale's score ("20/40-20/50", "8/10") and no
    // decimal range's dose ("Metoprolol 12.5-25 mg").
    if seps.next() != seps.next() && (text[a..b].ends_with("/10") || unit_word(&next_word(text, b)))
    {
        return false;
    }
    let mut n = text[a..b]
        .split(['/', '-', '.'])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (x, y) = (n.next().unwrap_or(0), n.next().unwrap_or(0));
    let date = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
    date(x, y) || date(y, x)
}

fn not_an_ordinal(text: &str, _a: usize, b: usize) -> bool {
    let rest = &text[b..];
    let Some(rest) = rest.strip_prefix(' ') else {
        return true;
    };
    let w = &rest[..rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len())];
    // In capitals, an English word that is no stopword ("THE 4TH FINGER").
    let noun = w.len() >= 2
        && w.bytes().all(|c| c.is_ascii_uppercase())
        && crate::lexicon::english_only(crate::lexicon::flags(w));
    w.is_empty() || (!w.as_bytes()[0].is_ascii_lowercase() && !noun) || is_stopword(w)
}

/// "1/2 tab", "1 1/2 cups", "3/4 strength": a fraction, not a month and day.
/// Words after a number that make it an amount ("1/2 tab", "2-3 L").
const QUANTITY: &[&str] = &[
    "tab",
    "tabs",
    "tablet",
    "tablets",
    "cap",
    "caps",
    "capsule",
    "capsules",
    "pill",
    "pills",
    "dose",
    "doses",
    "cup",
    "cups",
    "tsp",
    "teaspoon",
    "tbsp",
    "tablespoon",
    "inch",
    "inches",
    "in",
    "cm",
    "mm",
    "mg",
    "ml",
    "mcg",
    "of",
    "strength",
    "hour",
    "hr",
    "hrs",
    "mile",
    "miles",
    "block",
    "blocks",
    "flight",
    "flights",
    "times",
];

/// A word (in lower case) that counts or measures what a number before it
/// gives: a `QUANTITY` or a `RANGE_UNITS` word.
fn unit_word(w: &str) -> bool {
    QUANTITY.contains(&w) || RANGE_UNITS.contains(&w)
}

/// More units a range of two numbers is given in ("2-4 L", "3-5 days").
const RANGE_UNITS: &[&str] = &[
    "l",
    "lpm",
    "liter",
    "liters",
    "litre",
    "litres",
    "unit",
    "units",
    "fr",
    "french",
    "gauge",
    "u",
    "puff",
    "puffs",
    "drop",
    "drops",
    "day",
    "days",
    "d",
    "week",
    "weeks",
    "wk",
    "wks",
    "month",
    "months",
    "mo",
    "year",
    "years",
    "yr",
    "yrs",
    "h",
    "minute",
    "minutes",
    "min",
    "mins",
    "second",
    "seconds",
    "sec",
    "secs",
    "kg",
    "g",
    "lb",
    "lbs",
    "pound",
    "pounds",
    "oz",
    "ft",
    "foot",
    "feet",
    "beats",
    "bpm",
    "breaths",
    "episode",
    "episodes",
    "occasion",
    "occasions",
    "serving",
    "servings",
    "drink",
    "drinks",
    "cigarette",
    "cigarettes",
    "pack",
    "packs",
    "ppd",
    "glass",
    "glasses",
    "night",
    "nights",
    "visit",
    "visits",
    "x",
    "am",
    "pm",
    "people",
    "patients",
    "hz",
    "khz",
    "ms",
    "msec",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
];

/// The lower-case letters of the word after byte `b` (spaces skipped).
fn next_word(text: &str, b: usize) -> String {
    text[b..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// A score out of ten after a pain or scale word ("pain 4/10", "rates it
/// 7/10"), or before "pain".
fn scale_score(text: &str, a: usize, b: usize) -> bool {
    const SCALE: &[&str] = &[
        "pain",
        "score",
        "rated",
        "rates",
        "rate",
        "rating",
        "scale",
        "severity",
        "intensity",
        "level",
        "nrs",
        "vas",
        "it",
    ];
    if !text[a..b].ends_with("/10") {
        return false;
    }
    let before = &text[floor_char(text, a.saturating_sub(32))..a];
    let near = before
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .any(|w| SCALE.iter().any(|s| s.eq_ignore_ascii_case(w)));
    near || next_word(text, b) == "pain"
}

/// "Boise, ID 83702" is Idaho and a ZIP code, not an identifier's label.
fn not_idaho(text: &str, a: usize, b: usize) -> bool {
    let m = &text[a..b];
    if !m.get(..2).is_some_and(|l| l.eq_ignore_ascii_case("id")) {
        return true;
    }
    let num = m[2..].trim_start();
    let zip = num.len() == 5 || (num.len() == 10 && num.as_bytes()[5] == b'-');
    // After a town: capitalised, in the gazetteer, or before a comma.
    let head = text[..a].trim_end();
    let comma = head.ends_with(',');
    let town = head
        .trim_end_matches(',')
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .is_some_and(|w| {
            w.starts_with(char::is_uppercase)
                || crate::lexicon::flags(w) & crate::lexicon::PLACE != 0
        });
    !(zip && (town || comma) && num.bytes().all(|c| c.is_ascii_digit() || c == b'-'))
}

/// A street line's house number is no quantity: the word after it is no
/// unit or count ("2 units of prbc and 1 ...", "3 tabs ...").
fn no_measure_after_number(text: &str, a: usize, _b: usize) -> bool {
    let rest = text[a..].trim_start_matches(|c: char| c.is_ascii_digit());
    let word = rest
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    !crate::context::is_measure(word)
}

/// In capitals, an English word after "IS"/"WAS" that a stopword other than
/// "AND" follows describes ("PT WAS SHARP UNTIL AGE 93"), though the lists
/// know it as a surname too ("SON IS JOHN." and "SON IS JOHN AND ..." name).
fn no_adjective_after_is(text: &str, a: usize, _b: usize) -> bool {
    // The relation, then "IS" or "WAS" right after it.
    let mut words = text[a..]
        .split(|c: char| !c.is_ascii_alphabetic() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty());
    let _relation = words.next();
    if !matches!(words.next(), Some("IS" | "WAS")) {
        return true;
    }
    let (w, next) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let at = text[a..].find(w).map_or(a, |i| a + i);
    let spaced = text[at + w.len()..].starts_with(' ');
    !(w.len() >= 2
        && w.bytes().all(|c| c.is_ascii_uppercase())
        && crate::lexicon::flags(w) & crate::lexicon::ENGLISH != 0
        && spaced
        && next != "AND"
        && is_stopword(next))
}

/// A street's first word after its number is no stopword: "GIVEN 9 APR 2024
/// AT LAKESHORE REHABILITATION CENTER" is a year and a place in capitals
/// ("KUUSIKU 7 AND ALEXANDER FLAT" is a corner).
fn street_after_number(text: &str, a: usize, b: usize) -> bool {
    let m = &text[a..b];
    let rest = m
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    let first = rest.split(char::is_whitespace).next().unwrap_or("");
    // "en route" is on the way, no street ("GAVE ASA 1-3 EN ROUTE").
    (!is_stopword(first) || first.eq_ignore_ascii_case("and")) && !first.eq_ignore_ascii_case("en")
}

/// The words of a street named after "lives on" are no stopwords.
fn no_stopword_before_street(text: &str, a: usize, b: usize) -> bool {
    let words: Vec<&str> = text[a..b].split_whitespace().collect();
    // The verb, the preposition, the street's words, the street word.
    words.len() >= 4 && words[2..words.len() - 1].iter().all(|w| !is_stopword(w))
}

/// Whether a capitalised word of `s` is a place, a name or no English word.
fn proper_word_in(s: &str) -> bool {
    use crate::lexicon::{ENGLISH, NAME, PLACE, STOP, WEAK_NAME, flags};
    s.split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| w.len() >= 2 && w.starts_with(char::is_uppercase))
        .any(|w| {
            let f = flags(w);
            f & STOP == 0
                && !is_relation(w)
                && (f & (PLACE | NAME | WEAK_NAME) != 0 || f & ENGLISH == 0)
        })
}

/// The words before a bracket hold a proper word ("Ann (wife)", not
/// "Hospice (son at bedside)").
fn has_proper_word(text: &str, a: usize, b: usize) -> bool {
    let m = &text[a..b];
    proper_word_in(&m[..m.find('(').unwrap_or(m.len())])
}

/// A person from a service (`has_proper_word`), where the service word is no
/// person's possessive: "Collateral from pt's sister" is from the patient,
/// not from physical therapy.
fn from_a_service(text: &str, a: usize, b: usize) -> bool {
    !text[b..].starts_with(['\'', '’']) && has_proper_word(text, a, b)
}

/// A practice's name holds a place, a name or a word that is no English
/// word before its kind ("Burlington Family Medicine", not "Consult Internal
/// Medicine").
fn named_practice(text: &str, a: usize, b: usize) -> bool {
    let m = &text[a..b];
    let cut = PRACTICE_WORDS
        .iter()
        .filter_map(|w| {
            m.char_indices()
                .find(|&(i, _)| {
                    // `get`: the end may fall inside a character ("Abcdeé").
                    m.get(i..i + w.len())
                        .is_some_and(|p| p.eq_ignore_ascii_case(w))
                })
                .map(|(i, _)| i)
        })
        .min()
        .unwrap_or(m.len());
    proper_word_in(&m[..cut])
}

/// A month and day joined by a hyphen, not a range of amounts ("on 2-4 L")
/// nor part of a longer number ("5-14-2020", "5-14.5").
fn not_a_range(text: &str, a: usize, b: usize) -> bool {
    let rest = &text.as_bytes()[b..];
    if rest.len() >= 2 && matches!(rest[0], b'-' | b'/' | b'.') && rest[1].is_ascii_digit() {
        return false;
    }
    if text[b..].trim_start().starts_with(['%', '+']) {
        return false;
    }
    let next = next_word(text, b);
    // No hour of a clock is past twelve before "AM" or "PM" ("Next trough
    // 3-28 AM"; "9-11 AM" may be hours).
    let day_of_clock = matches!(next.as_str(), "am" | "pm")
        && month_day_pair(&text[a..b]).is_some_and(|(_, d)| d > 12);
    !unit_word(&next)
        || day_of_clock
        || glued_times(text, b)
        || of_something(text, b)
        || died_of(text, a, b)
}

/// A death's cause after "of" ("Her brother died 7-7 of a heart attack"):
/// no part of a whole.
fn died_of(text: &str, a: usize, b: usize) -> bool {
    let before = last_ascii_word(text[..a].trim_end_matches([' ', '\t']));
    ["died", "passed", "expired"]
        .iter()
        .any(|d| d.eq_ignore_ascii_case(before))
        && after_word(text[b..].trim_start(), "of").is_some()
}

/// "of" after byte `b` before no determiner, pronoun, quantifier or number:
/// a cause or a thing of that day ("died 8-27 of COVID"), not a part of a
/// whole ("2-3 of them", "1-2 of the tabs", "4-5 of 5").
fn of_something(text: &str, b: usize) -> bool {
    let rest = text[b..].trim_start();
    let Some(r) = after_word(rest, "of") else {
        return false;
    };
    let r = r.trim_start();
    let w = next_word(r, 0);
    !w.is_empty()
        && !r.starts_with(|c: char| c.is_ascii_digit())
        && ![
            "the", "a", "an", "this", "that", "these", "those", "them", "his", "her", "their",
            "my", "our", "your", "its", "each", "every", "all", "any", "some", "which", "what",
            "one", "two", "three", "four", "five", "six", "ten", "several", "many", "few",
        ]
        .contains(&w.as_str())
}

/// A count glued to its "x" after byte `b` ("given 5-14 x1"): how often
/// that day's dose or event was, which the callers weigh, no unit.
fn glued_times(text: &str, b: usize) -> bool {
    let r = text[b..].trim_start().as_bytes();
    matches!(r.first(), Some(b'x' | b'X')) && r.get(1).is_some_and(u8::is_ascii_digit)
}

/// Whether "in" follows byte `end` before a word, not a number or "x": a
/// place or a time ("4/5 in clinic", "5-14 in clinic"), no inch ("1/2 in",
/// "2 in x 3 in").
fn in_before_a_word(text: &str, end: usize) -> bool {
    // In capitals too ("5-14 IN THE ED").
    after_word(text[end..].trim_start(), "in").is_some_and(|r| {
        r.starts_with(|c: char| c.is_ascii_alphabetic())
            && !r.starts_with("x ")
            && !r.starts_with("X ")
    })
}

/// What follows `word` (ASCII, in any case) and one space at the start of
/// `rest` ("at 0300" → "0300"), if `rest` starts so.
fn after_word<'a>(rest: &'a str, word: &str) -> Option<&'a str> {
    let b = rest.as_bytes();
    (b.len() > word.len()
        && b[..word.len()].eq_ignore_ascii_case(word.as_bytes())
        && b[word.len()] == b' ')
        .then(|| &rest[word.len() + 1..])
}

fn not_a_fraction(text: &str, a: usize, b: usize) -> bool {
    let next = next_word(text, b);
    let mixed = text[..a]
        .trim_end_matches(' ')
        .ends_with(|c: char| c.is_ascii_digit())
        && text[..a].ends_with(' ');
    // "1/2 in" is inches; "4/5 in clinic" a date.
    let quantity = QUANTITY.contains(&next.as_str()) && !in_before_a_word(text, b);
    !(quantity || mixed || scale_score(text, a, b) || graded(text, a, b))
}

/// Words a score is given after, as "x/y" ("grade 2/6", "strength 4/5",
/// "reflexes 2/4", "GCS 3/15", "recalled 2/3"), with the muscles strength is
/// graded in.
const GRADED_BEFORE: &[&str] = &[
    "murmur",
    "murmurs",
    "grade",
    "graded",
    "strength",
    "reflex",
    "reflexes",
    "dtr",
    "dtrs",
    "pulse",
    "pulses",
    "apgar",
    "apgars",
    "gcs",
    "score",
    "scores",
    "scored",
    "motor",
    "power",
    "sensation",
    "recall",
    "recalled",
    "mmse",
    "moca",
    "braden",
    "mmt",
    "grip",
    "tone",
    "flexion",
    "extension",
    "abduction",
    "adduction",
    "dorsiflexion",
    "plantarflexion",
    "biceps",
    "triceps",
    "deltoid",
    "deltoids",
    "quads",
    "quadriceps",
    "hamstrings",
    "iliopsoas",
];

/// Words a score or a share is given before ("2/6 holosystolic murmur", "4/5
/// strength", "2/3 blood cultures", "in 2/4 quadrants", "2/3 words").
const GRADED_AFTER: &[&str] = &[
    "murmur",
    "strength",
    "systolic",
    "diastolic",
    "holosystolic",
    "pansystolic",
    "quadrant",
    "quadrants",
    "culture",
    "cultures",
    "bottle",
    "bottles",
    "set",
    "sets",
    "trial",
    "trials",
    "word",
    "words",
    "object",
    "objects",
    "cycle",
    "cycles",
];

/// A month and day with a slash that is a score or a share: a word of
/// [`GRADED_BEFORE`] among the three words before it with no word of
/// [`DATE_CONTEXT`] nearer ("murmur, grade 3/6"; not "murmur heard on 3/6"),
/// or one of [`GRADED_AFTER`] right after it, or after one more word, with
/// only spaces between ("2/3 blood cultures"; not "(3/12), cultures").
fn graded(text: &str, a: usize, b: usize) -> bool {
    let is = |w: &str, list: &[&str]| list.iter().any(|g| g.eq_ignore_ascii_case(w));
    let before = &text[floor_char(text, a.saturating_sub(48))..a];
    for w in before
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
    {
        if is(w, DATE_CONTEXT) {
            break;
        }
        if is(w, GRADED_BEFORE) {
            return true;
        }
    }
    let mut rest = &text[b..];
    for _ in 0..2 {
        let Some(r) = rest.strip_prefix(' ') else {
            return false;
        };
        let n = r.bytes().take_while(u8::is_ascii_alphabetic).count();
        if is(&r[..n], GRADED_AFTER) {
            return true;
        }
        if n == 0 || !r.starts_with(|c: char| c.is_ascii_lowercase()) {
            return false;
        }
        rest = &r[n..];
    }
    false
}

/// 8–15 digits and not shaped like a date.
/// A street named alone, not a clinical abbreviation: "ST" and "RD" in
/// capitals after a word that is not ("Abnormal ST segment", "Jane Doe RD")
/// are the ECG segment and a dietitian; "MAIN ST" in a capitals note stays a
/// street, unless an ECG word follows.
fn street_alone(text: &str, a: usize, b: usize) -> bool {
    let m = &text[a..b];
    let Some((head, last)) = m.trim_end().rsplit_once(char::is_whitespace) else {
        return true;
    };
    let short_caps = last.len() == 2 && last.bytes().all(|c| c.is_ascii_uppercase());
    if !short_caps {
        return true;
    }
    let word_before = head.split_whitespace().next_back().unwrap_or("");
    let ecg = text[b..].trim_start().get(..4).is_some_and(|w| {
        ["segm", "elev", "depr", "wave", "chan", "abno"]
            .iter()
            .any(|e| w.eq_ignore_ascii_case(e))
    });
    word_before.chars().all(|c| !c.is_lowercase()) && !ecg
}

fn phone_like(text: &str, a: usize, b: usize) -> bool {
    let s = &text[a..b];
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let groups: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let date_like = groups.len() == 3
        && ((groups[0].len() == 4 && groups[1].len() <= 2 && groups[2].len() <= 2)
            || (groups[0].len() <= 2 && groups[1].len() <= 2 && matches!(groups[2].len(), 2 | 4)));
    // "06-24-2020 14:32": a date and a time.
    let time_after = text.as_bytes().get(b) == Some(&b':')
        && text.as_bytes().get(b + 1).is_some_and(u8::is_ascii_digit);
    // A test's value and its reference range ("Plt 250 150-400").
    let test_value = tested(last_ascii_word(
        text[..a].trim_end_matches([' ', '\t', ':']),
    ));
    (8..=15).contains(&digits)
        && !date_like
        && !time_after
        && !test_value
        && !zip_plus_four(text, a, s)
}

/// "78701-1234" after a state or a ZIP label: a ZIP+4, which the address
/// rules take as a ZIP (generalised to its first three digits).
fn zip_plus_four(text: &str, a: usize, s: &str) -> bool {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[5] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 5 || c.is_ascii_digit());
    if !shape {
        return false;
    }
    let head = text[..a]
        .trim_end()
        .trim_end_matches([',', '.', ':', '#'])
        .trim_end();
    let word = head
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    is_state(word)
        || ["zip", "zipcode", "code", "postal", "postcode"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w))
}

/// At least seven digits (a local number without its area code).
fn seven_digits(text: &str, a: usize, b: usize) -> bool {
    text[a..b].bytes().filter(u8::is_ascii_digit).count() >= 7
}

fn many_digits(text: &str, a: usize, b: usize) -> bool {
    let s = &text[a..b];
    s.bytes().filter(u8::is_ascii_digit).count() >= 8
}

/// A VIN has both letters and digits.
fn vin_like(text: &str, a: usize, b: usize) -> bool {
    let s = &text[a..b];
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

/// A stopword ends a run of names, but an initial ("A.") never does, nor a
/// capitalised stopword that is a given name where no word follows it to make
/// it the stopword ("son Will and his wife", "made by Will, RN"; not "Will
/// call", "Ann Lee will").
fn ends_names_at(text: &str, a: usize, b: usize) -> bool {
    let t = &text[a..b];
    if !ends_names(t) {
        return false;
    }
    let w = t.trim_end_matches(['.', ',', ':', ';', ')']);
    let mut c = w.bytes();
    let capitalised = c.next().is_some_and(|c| c.is_ascii_uppercase())
        && c.len() >= 2
        && c.all(|c| c.is_ascii_lowercase());
    // In capitals only right after a word for kin ("CALLED SON WILL, NO
    // ANSWER"; not "PATIENT WILL, IF NEEDED,").
    let capitals = w.len() >= 3 && w.bytes().all(|c| c.is_ascii_uppercase()) && after_kin(text, a);
    use crate::lexicon::{NAME, WEAK_NAME, flags};
    if !(capitalised || capitals) || flags(w) & (NAME | WEAK_NAME) == 0 {
        return true;
    }
    // Capitalised right after a word for kin ("grandson Will is in the
    // Army", "brother Will died").
    if capitalised && after_kin(text, a) {
        return false;
    }
    let after = text[a + w.len()..].trim_start_matches([' ', '\t']);
    let alone = after.is_empty()
        || after.starts_with([',', ';', ':', '.', ')', '(', '\n'])
        || ["and ", "or ", "& "].iter().any(|x| {
            after.starts_with(x) || (capitals && after.starts_with(&x.to_ascii_uppercase()))
        });
    !alone
}

/// Whether the word before `at` (one space or tab between) is a word for
/// kin ("son", "DTR").
fn after_kin(text: &str, at: usize) -> bool {
    let Some(head) = text[..at].strip_suffix([' ', '\t']) else {
        return false;
    };
    let w = last_ascii_word(head);
    // An in-law is kin too ("daughter-in-law Will").
    let in_law = w.eq_ignore_ascii_case("law") && {
        let h = &head[..head.len() - w.len()];
        h.len() > 4 && h[h.len() - 4..].eq_ignore_ascii_case("-in-")
    };
    in_law || KIN_IN_BRACKETS.iter().any(|k| k.eq_ignore_ascii_case(w))
}

/// A stopword that is no initial: the word alone, without what follows it.
fn ends_names(t: &str) -> bool {
    let b = t.as_bytes();
    let initial = b.len() == 2 && b[0].is_ascii_uppercase() && b[1] == b'.';
    !initial && is_stopword(t)
}

/// A title in capitals before a word that is not ("moderate MR. Wound
/// dressing changed", "MS. Holding"): in a note written in capitals the name
/// is in capitals too ("MR. SMITH"), so here the capitals are most likely an
/// acronym (mitral regurgitation, multiple sclerosis) ending its sentence.
/// A name only if the word is a dictionary name that is no stopword, or the
/// word after it is capitalised and a dictionary name or a word no list
/// knows ("DR. Will Smith").
fn title_not_an_acronym(text: &str, start: usize, end: usize) -> bool {
    use crate::lexicon::{NAME, STOP, WEAK_NAME, flags};
    let m = &text[start..end];
    let title = &m[..m.bytes().take_while(u8::is_ascii_alphabetic).count()];
    if title.len() < 2 || !title.bytes().all(|c| c.is_ascii_uppercase()) {
        return true;
    }
    let mut words = text[start + title.len()..]
        .trim_start_matches(['.', ' ', '\t'])
        .split([' ', '\t'])
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphabetic()));
    let w = words.next().unwrap_or("");
    let letters = || w.chars().filter(|c| c.is_alphabetic());
    if letters().count() < 2 {
        return true;
    }
    if letters().all(char::is_uppercase) {
        // "moderate MR. BP 142/88": after a lower-case word, capitals before
        // a number are a measurement's acronym.
        let lower_before = text[..start]
            .trim_end_matches([' ', '\t'])
            .rsplit([' ', '\t', '\n'])
            .next()
            .is_some_and(|p| p.len() >= 2 && p.bytes().all(|c| c.is_ascii_lowercase()));
        let digit_next = text[start + title.len()..]
            .trim_start_matches(['.', ' ', '\t'])
            .split([' ', '\t'])
            .nth(1)
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        return !(lower_before && digit_next && flags(w) & (NAME | WEAK_NAME) == 0);
    }
    let f = flags(w);
    if f & NAME != 0 && f & STOP == 0 {
        return true;
    }
    words.next().is_some_and(|n| {
        let mut c = n.chars();
        let f = flags(n);
        c.next().is_some_and(char::is_uppercase)
            && c.next().is_some_and(char::is_lowercase)
            && (f & (WEAK_NAME | NAME) != 0 || f == 0)
    })
}

fn english_in_capitals(t: &str) -> bool {
    let core = t.trim_matches(|c: char| !c.is_ascii_alphabetic());
    if core.len() < 2 || !core.bytes().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    crate::lexicon::english_only(crate::lexicon::flags(core))
}

/// A relation's word in capitals ("EMERGENCY CONTACT (FRIEND): ..."), though
/// the lists know it as a surname too.
fn relation_in_capitals(t: &str) -> bool {
    let core = t.trim_matches(|c: char| !c.is_ascii_alphabetic());
    core.len() >= 2 && core.bytes().all(|c| c.is_ascii_uppercase()) && is_relation(core)
}

/// A title before a name ("Dr", "Drs", "Mrs").
pub(crate) fn is_title(w: &str) -> bool {
    TITLE_WORDS.iter().any(|t| t.eq_ignore_ascii_case(w))
}

/// A relation or role word ("Son", "Patient"): never part of a name.
pub(crate) fn is_relation(w: &str) -> bool {
    static SET: std::sync::OnceLock<crate::names::FastSet<&'static str>> =
        std::sync::OnceLock::new();
    let set = SET.get_or_init(|| RELATION_WORDS.iter().copied().collect());
    // A former one and a great one too ("ex-wife", "GREAT-NIECE").
    let mut w = w;
    for prefix in ["ex-", "great-"] {
        if w.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            w = &w[prefix.len()..];
        }
    }
    // Every relation word is lower-case ASCII and short.
    let mut buf = [0u8; 32];
    crate::names::ascii_lower(w, &mut buf).is_some_and(|l| set.contains(l))
}

/// A clinical role, service or test in capitals (`a..b`) on a line that has
/// lower-case letters: no name ("given by RT Sarah", "confirmed by KUB");
/// other capitals may be a person's initials ("Dictated by JMK").
fn acronym_in_lower_case_line(text: &str, a: usize, b: usize) -> bool {
    #[rustfmt::skip]
    const ACRONYMS: &[&str] = &[
        "RT", "PT", "OT", "ST", "SW", "CM", "RN", "LPN", "CNA", "NP", "PA", "MD", "DO", "ED",
        "ER", "GI", "IR", "ICU", "CCU", "PACU", "OR", "EMS", "KUB", "CT", "CTA", "MRI", "MRA",
        "CXR", "XR", "US", "EKG", "ECG", "EEG", "EGD", "TTE", "TEE", "PICC", "NGT", "ENT", "OB",
    ];
    let w = text[a..b].trim_end_matches('.');
    if !ACRONYMS.contains(&w) {
        return false;
    }
    crate::names::line_has_lower(text, a)
}

/// The names after a title or relation. In capitals an English word that is
/// no dictionary name ends them too: "MS. THOMAS TOLERATED", "PATIENT
/// PORTAL" (capitals say nothing there).
fn names_forward(text: &str, s: usize, e: usize) -> (usize, usize) {
    let (mut start, mut end, mut lead) = (s, s, true);
    for (a, b) in tokens(text, s, e) {
        // A title before the name ("by Chaplain Okafor", "by Nurse Ann") is
        // no part of it.
        if lead && is_title(text[a..b].trim_end_matches('.')) {
            (start, end) = (b, b);
            continue;
        }
        // Nor a service, language or payer ("by SLP Ann Lee", "pt, Ortho
        // will see her"), which ends a name that it follows.
        // (One that is a dictionary name is a name here: "Dr. French".)
        let word = text[a..b].trim_end_matches(['.', ',', ':', ';', ')']);
        let service = crate::context::not_a_person(word)
            && crate::lexicon::flags(word) & (crate::lexicon::NAME | crate::lexicon::WEAK_NAME)
                == 0;
        if lead && service {
            (start, end) = (b, b);
            continue;
        }
        // Nor a short acronym before it in a line with lower case ("given by
        // RT Sarah", "confirmed by KUB"), unless a dictionary name.
        if lead && acronym_in_lower_case_line(text, a, b) {
            (start, end) = (b, b);
            // "confirmed by KUB. Coumadin clinic": the sentence ends there.
            if text[..b].ends_with('.') {
                break;
            }
            continue;
        }
        if lead {
            if start != s {
                // Not past a line's end after the title ("by MRS.\nWorkup").
                if text[end..a].contains('\n') {
                    break;
                }
                (start, end) = (a, a);
            }
            lead = false;
        }
        // A name does not go on past a line's end ("Name: Anna Josefsen\nAddress:").
        let new_line = end > s && text[end..a].contains('\n');
        // A particle is kept only where a name follows it ("van der Berg").
        if !new_line && name_particle(&text[a..b]) {
            continue;
        }
        // A label ends it too ("Dr. K. O'Neil   Resulted: Nov 5").
        if new_line
            || ends_names_at(text, a, b)
            || service
            || english_in_capitals(&text[a..b])
            || relation_in_capitals(&text[a..b])
            || (end > start && (text[a..b].ends_with(':') || text[b..].starts_with(':')))
        {
            break;
        }
        // A capital inside a code ("Pt is G2P1") is no name.
        if text[b..].chars().next().is_some_and(char::is_alphanumeric) {
            break;
        }
        // "Dr. Anderson's practice": the name without its possessive.
        if let Some(stem) = ["'s", "’s", "'S", "’S"]
            .iter()
            .find_map(|p| text[a..b].strip_suffix(p))
        {
            end = a + stem.len();
            break;
        }
        // A word of two letters or more with a period ends the sentence, and
        // the names ("guardian: Olga Nguyen. DCF"), unless it is a suffix.
        if ends_sentence(&text[a..b]) {
            end = b - 1;
            break;
        }
        end = b;
    }
    (start, end)
}

fn ends_sentence(t: &str) -> bool {
    const SUFFIXES: &[&str] = &["jr.", "sr.", "st.", "mt.", "ft."];
    let letters = t.bytes().filter(u8::is_ascii_alphabetic).count();
    t.ends_with('.')
        && letters >= 2
        && !t[..t.len() - 1].contains('.')
        && !SUFFIXES.iter().any(|x| x.eq_ignore_ascii_case(t))
}

/// The trailing tokens of `s..e` back to a stopword or a sentence's end; with
/// `people`, not back to an English word that starts a sentence.
fn names_backward(text: &str, s: usize, e: usize, people: bool) -> (usize, usize) {
    let mut start = e;
    for (a, b) in tokens(text, s, e).rev() {
        // Nor back to a contraction ("I'm Priya, his caregiver"), nor past
        // the end of a sentence ("Public Schools. JOSEPH"), nor, for a
        // person's name, to a word that starts one and is capitalised only
        // for that ("Paged Ann Lee (ortho resident)"; a facility's name may
        // begin with one: "Mercy General Hospital").
        let contraction = crate::context::clitic(&text[a..b]).is_some_and(|c| c != "'s");
        if ends_names_at(text, a, b)
            || contraction
            || (start < e && ends_sentence(&text[a..b]))
            || (people && start < e && at_sentence_start(text, a) && english_word(&text[a..b]))
            // In capitals an English word is no one's name ("BY WOUND RN").
            || (people && english_in_capitals(&text[a..b]))
        {
            break;
        }
        start = a;
    }
    (start, e)
}

/// A message's sign-off word at a sentence's start, before its comma ("Love,
/// Mary", "Best, Tom", "Yours truly,").
pub(crate) fn sign_off(text: &str, a: usize, b: usize) -> bool {
    const SIGN_OFFS: &[&str] = &[
        "love",
        "best",
        "cheers",
        "regards",
        "sincerely",
        "thanks",
        "warmly",
        "yours",
    ];
    SIGN_OFFS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(&text[a..b]))
        && (text[b..].starts_with(',') || text[b..].starts_with(" truly,"))
        && at_sentence_start(text, a)
}

/// Whether only spaces lie between `at` and [`sentence_start`] (found
/// looking back over the spaces alone, not the text).
fn at_sentence_start(text: &str, at: usize) -> bool {
    let head = &text[..at];
    let kept = head.trim_end();
    let gap = &head[kept.len()..];
    kept.is_empty()
        || gap.contains('\n')
        || kept.ends_with(';')
        || (kept.ends_with('.') && gap.starts_with(' '))
}

/// An English word no list of names holds, capitalised or not ("Paged").
fn english_word(t: &str) -> bool {
    let w = t.trim_matches(|c: char| !c.is_alphabetic());
    w.len() >= 2
        && w.bytes().skip(1).all(|c| c.is_ascii_lowercase())
        && crate::lexicon::english_only(crate::lexicon::flags(w))
}

/// Per-record identifiers from structured fields, found wherever they recur
/// in the text (ASCII case-insensitive, on word boundaries). A record has a
/// handful of seeds, so each is a substring search over the lower-cased text
/// (no automaton to build per record).
pub(crate) struct Seeds {
    seeds: Vec<(PhiKind, String)>,
}

impl Seeds {
    pub(crate) fn build(seeds: &[(PhiKind, String)]) -> Option<Seeds> {
        if seeds.is_empty() {
            return None;
        }
        Some(Seeds {
            seeds: seeds
                .iter()
                .map(|(k, v)| (*k, v.to_ascii_lowercase()))
                .collect(),
        })
    }

    pub(crate) fn detect(&self, text: &str, out: &mut Vec<Span>) {
        // ASCII lower-casing keeps every byte offset.
        let lower = text.to_ascii_lowercase();
        let b = lower.as_bytes();
        let word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
        for (kind, seed) in &self.seeds {
            for s in memchr::memmem::find_iter(b, seed.as_bytes()) {
                let e = s + seed.len();
                let starts_word = s == 0 || !word(s - 1) || !word(s);
                let ends_word = e == b.len() || !word(e) || !word(e - 1);
                if starts_word && ends_word {
                    push(out, s, e, *kind);
                }
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
                // The longest detection names the kind; at equal length a
                // context kind (MRN, account, licence…) beats the generic
                // long-number `id`, so per-kind operators see the right kind.
                // A ZIP yields to an identifier: its operator keeps three
                // digits, which must not be the head of a record number ("Emp
                // ID 55123" is no Idaho ZIP).
                use PhiKind::*;
                let identifier = |k| {
                    matches!(
                        k,
                        Id | Mrn | Account | HealthPlan | License | Device | Vehicle | Ssn
                    )
                };
                let len = s.end - s.start;
                let wins = match (cur.kind, s.kind) {
                    (Zip, k) => identifier(k),
                    (Id, k) => k != Zip,
                    _ => false,
                };
                if len > *best || (len == *best && wins) {
                    *best = len;
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
mod fast_path {
    use super::*;
    use proptest::prelude::*;

    fn covered(text: &str, mut spans: Vec<Span>) -> Vec<bool> {
        resolve(&mut spans);
        let mut c = vec![false; text.len()];
        for s in spans {
            c[s.start..s.end].iter_mut().for_each(|b| *b = true);
        }
        c
    }

    /// Bytes the reference covers that the fast path misses, and the reverse.
    fn diff(p: &Patterns, text: &str) -> (Vec<String>, usize) {
        let (mut fast, mut reference) = (Vec::new(), Vec::new());
        p.detect(text, &mut fast);
        p.detect_reference(text, &mut reference);
        let (f, r) = (covered(text, fast), covered(text, reference));
        let mut missed = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if r[i] && !f[i] {
                let s = i;
                while i < text.len() && r[i] && !f[i] {
                    i += 1;
                }
                // Spaces alone are no identifier: where a scan resumes decides
                // whether two names side by side join ("MRN MD-member ID Jan
                // MD": the reference takes "MRN" and "ID Jan", the fast path
                // "MRN" and "MD-member ID Jan", without the space between).
                if text[s..i].bytes().all(|c| c.is_ascii_whitespace()) {
                    continue;
                }
                let (a, b) = (
                    floor_char(text, s.saturating_sub(30)),
                    ceil_char(text, (i + 30).min(text.len())),
                );
                missed.push(format!(
                    "{:?} in {:?}",
                    &text[floor_char(text, s)..ceil_char(text, i)],
                    &text[a..b]
                ));
            }
            i += 1;
        }
        let extra = (0..text.len()).filter(|&i| f[i] && !r[i]).count();
        (missed, extra)
    }

    type Ranges = Vec<(usize, usize)>;

    /// Matches and groups of a relation alternation before a name, written
    /// plainly and as a trie, over `text`, for `words` in the rule's order and
    /// reversed (shorter words first).
    fn trie_and_plain(text: &str) -> [(Ranges, Ranges); 2] {
        let reversed: Vec<&str> = RELATIONS.iter().rev().copied().collect();
        [RELATIONS, &reversed[..]].map(|words| {
            let plain = words
                .iter()
                .map(|w| regex::escape(w))
                .collect::<Vec<_>>()
                .join("|");
            let tail = r"(?:[\s:,\-(]|\)[\s:,\-])+((?:[A-Z][a-z\-]*\s*){1,2})";
            let caps = |re: String| {
                Regex::new(&re)
                    .unwrap()
                    .captures_iter(text)
                    .map(|c| {
                        let (m, g) = (c.get(0).unwrap(), c.get(1).unwrap());
                        ((m.start(), m.end()), (g.start(), g.end()))
                    })
                    .unzip()
            };
            let (a, b): (Vec<_>, Vec<_>) = caps(format!(r"(?i:\b(?:{plain})){tail}"));
            let (c, d): (Vec<_>, Vec<_>) = caps(format!(r"(?i:\b{}){tail}", trie(words)));
            assert_eq!((&a, &b), (&c, &d), "{text:?}");
            (a, b)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The factored alternation prefers what the plain one does.
        #[test]
        fn trie_matches_like_the_plain_alternation(
            idx in proptest::collection::vec(0..RELATIONS.len() + 12, 1..8),
        ) {
            const MORE: [&str; 12] =
                ["-in-law", "s", " ", "-", "Ann", "In-Law", " by", "Bob", "ren", "e", ": ", "(Al)"];
            let text: String = idx
                .iter()
                .map(|&i| RELATIONS.get(i).copied().unwrap_or_else(|| MORE[i - RELATIONS.len()]))
                .collect();
            trie_and_plain(&text);
        }
    }

    #[test]
    fn trie_keeps_the_preferred_word_where_both_fit() {
        // "son-in-law" first: the relation is the whole word; "son" first: the
        // name begins at "In-Law".
        let [first, reversed] = trie_and_plain("son-In-Law Bob");
        assert_eq!(first.1, [(11, 14)]);
        assert_eq!(reversed.1, [(4, 11)]);
        trie_and_plain("Seen By Ann, case Worker Bo, sons Al, stepchildren: Ed, fiancee Jo");
    }

    #[test]
    fn relation_phrases_and_their_trigger_words_agree() {
        // The rule runs where a trigger word starts: every phrase must begin
        // with one, and every trigger word must begin a phrase.
        let first = |p: &'static str| {
            let w = p.split(' ').next().unwrap_or(p);
            [w, w.split('-').next().unwrap_or(w)]
        };
        for p in RELATIONS {
            assert!(first(p).iter().any(|w| RELATION_WORDS.contains(w)), "{p}");
        }
        for w in RELATION_WORDS {
            assert!(RELATIONS.iter().any(|p| first(p).contains(w)), "{w}");
        }
    }

    #[test]
    fn at_sentence_start_agrees_with_sentence_start() {
        for text in [
            "Paged Ann",
            "ok. Paged Ann",
            "ok.  Paged",
            "ok.\tPaged",
            "a;Paged",
            "a; Paged",
            "x\n Paged",
            "x \n\tPaged",
            "Dr. Paged",
            "e.g.Paged",
            " Paged",
            "ok .Paged",
        ] {
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(
                    super::at_sentence_start(text, at),
                    text[super::sentence_start(text, at)..at].trim().is_empty(),
                    "{text:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn trie_factors_words() {
        assert_eq!(
            trie(&["son", "sons", "sister", "by"]),
            "(?:s(?:o(?:n(?:|s))|ister)|by)"
        );
        assert_eq!(
            trie(&["sons", "son", "son-in-law"]),
            "(?:s(?:o(?:n(?:s||\\-in\\-law))))"
        );
    }

    proptest! {
        /// The packed key is the word's ASCII lower case, byte by byte.
        #[test]
        fn short_word_keys_are_lower_case_bytes(w in proptest::collection::vec(1u8..=255, 1..=8)) {
            let naive = w.is_ascii().then(|| {
                w.iter()
                    .enumerate()
                    .map(|(i, c)| u64::from(c.to_ascii_lowercase()) << (8 * i))
                    .sum::<u64>()
            });
            prop_assert_eq!(ShortWords::key(&w), naive);
        }
    }

    #[test]
    fn short_triggers_hold_every_short_trigger_word() {
        let p = Patterns::new_cached();
        let mut short = 0;
        for (w, rules) in &p.triggers {
            match ShortWords::key(w.as_bytes()) {
                Some(k) => {
                    short += 1;
                    assert_eq!(p.short_triggers.get(k), Some(rules), "{w}");
                    let upper = ShortWords::key(w.to_ascii_uppercase().as_bytes());
                    assert_eq!(upper, Some(k), "{w}");
                }
                None => assert!(w.len() > 8 || !w.is_ascii(), "{w}"),
            }
        }
        assert!(short > 100, "{short}");
        for w in ["xyzzy", "patients", "q", "zzzzzzzz", "and"] {
            let k = ShortWords::key(w.as_bytes()).unwrap();
            assert_eq!(p.short_triggers.get(k), p.triggers.get(w), "{w}");
        }
        assert_eq!(ShortWords::key(b"PA-C`@Z["), ShortWords::key(b"pa-c`@z["));
        assert_eq!(
            ShortWords::key(b"@[`{"),
            Some(u64::from_le_bytes(*b"@[`{\0\0\0\0"))
        );
        assert_eq!(ShortWords::key(b"abcdefghi"), None);
        assert_eq!(ShortWords::key("n\u{e9}".as_bytes()), None);
        assert_eq!(ShortWords::key(b""), None);
    }

    #[test]
    fn triggers_inside_words_count() {
        // Each ASCII part of a word is a trigger word of its own, the later
        // parts too ("acct" after "CA" and a non-ASCII letter).
        for text in [
            "CAéacct JH4KA7660PC",
            "CA-acct JH4KA7660PC",
            "Rossi-MD, Ann Lee MD",
        ] {
            let (missed, _) = diff(Patterns::new_cached(), text);
            assert!(missed.is_empty(), "{missed:?}");
        }
        let mut fast = Vec::new();
        Patterns::new_cached().detect("CAéacct JH4KA7660PC", &mut fast);
        assert!(fast.iter().any(|s| s.kind == PhiKind::Account), "{fast:?}");
    }

    #[test]
    fn windows_reach_numbers_before_their_first_word() {
        // A rule's window of words before its trigger starts after the word
        // before them, or at the text's start: the house number before a
        // street line's first word is inside it.
        for text in ["+1 Dr. 12 Apt 12", "Pt moved. 1 Dr. 12 Apt 12"] {
            let (missed, _) = diff(Patterns::new_cached(), text);
            assert!(missed.is_empty(), "{missed:?}");
        }
    }

    #[test]
    fn names_side_by_side_need_not_join() {
        let text = "MRN MD-member ID Jan MD";
        let (missed, _) = diff(Patterns::new_cached(), text);
        assert!(missed.is_empty(), "{missed:?}");
        let mut fast = Vec::new();
        Patterns::new_cached().detect(text, &mut fast);
        resolve(&mut fast);
        let words: Vec<_> = fast.iter().map(|s| &text[s.start..s.end]).collect();
        // "MD-member ID" is no name: in capitals an English word ends the
        // walk back from a credential.
        assert_eq!(words, ["MRN", "Jan"]);
    }

    #[test]
    fn fast_path_covers_reference_on_generated_notes() {
        let p = Patterns::new();
        let mut extra = 0;
        let mut bytes = 0;
        for split in [synth::Split::Dev, synth::Split::Holdout] {
            let mut g = synth::Generator::new(11, split);
            for _ in 0..1500 {
                let t = g.note().text;
                let (missed, x) = diff(&p, &t);
                assert!(missed.is_empty(), "fast path missed {missed:?}");
                extra += x;
                bytes += t.len();
            }
        }
        // Extra coverage comes only from matches a whole-text scan steps over.
        assert!(
            extra * 1000 < bytes,
            "fast path covers {extra} more bytes of {bytes}"
        );
    }

    #[test]
    fn cheap_checks_see_every_space_the_regex_sees() {
        // `\s` holds the vertical tab and the no-break and em spaces: where
        // a rule's regex matches across them, the check at its trigger word
        // must let it run.
        let p = Patterns::new();

        for sep in ["\u{b}", "\u{a0}", " \u{a0}", "\u{2003}"] {
            for (kind, text, word) in [
                (PhiKind::Location, format!("Boise,{sep}ID 83702"), "ID"),
                (PhiKind::Name, format!("wife{sep}Ann Lee"), "wife"),
                (PhiKind::Name, format!("sister is{sep}Ann Lee"), "sister"),
                (PhiKind::Name, format!("seen by{sep}Dr{sep}Lee"), "seen"),
                (PhiKind::Location, format!("Mercy{sep}Hospital"), "hospital"),
            ] {
                let at = text.to_lowercase().find(&word.to_lowercase()).unwrap();
                let matching: Vec<&Rule> = p
                    .rules
                    .iter()
                    .filter(|r| r.kind == kind && r.words.contains(&word))
                    .filter(|r| r.re.is_match(&text))
                    .collect();
                assert!(
                    !matching.is_empty(),
                    "no {kind:?} rule on {word} matches {text:?}"
                );
                for r in matching {
                    assert!(r.pre.holds(&text, at, at + word.len()), "{text:?}");
                }
            }
        }
    }

    /// Every match of each rule with an ASCII twin, with its groups, as the
    /// Unicode pattern alone finds them (`search_captures` over the text).
    fn twins_agree(p: &Patterns, text: &str) {
        for r in p.rules.iter().filter(|r| r.ascii.is_some()) {
            let (mut want, mut got) = (r.re.create_captures(), r.re.create_captures());
            let mut pos = 0;
            while pos <= text.len() {
                let input = Input::new(text).span(pos..text.len());
                r.re.search_captures(&input, &mut want);
                let m = Patterns::find(r, &input, &mut got, NonAscii::of(text));
                assert_eq!(want.get_match(), m, "{} in {text:?}", r.src);
                let Some(m) = m else { break };
                // `find` fills the groups only where the rule takes one (a
                // rule that takes its whole match runs the lazy DFA alone).
                let groups = if matches!(r.take, Take::All) && r.also.is_empty() {
                    0
                } else {
                    want.group_len()
                };
                for g in 0..groups {
                    assert_eq!(want.get_group(g), got.get_group(g), "{} in {text:?}", r.src);
                }
                pos = ceil_char(text, m.end().max(m.start() + 1));
            }
        }
    }

    #[test]
    fn context_kinds_beat_the_generic_id() {
        let p = Patterns::new();
        for (t, k) in [
            ("MRN: 12345678 today", PhiKind::Mrn),
            ("Account # 99887766 closed", PhiKind::Account),
            ("Licence no. 4455667788 on file", PhiKind::License),
        ] {
            let mut out = Vec::new();
            p.detect(t, &mut out);
            resolve(&mut out);
            assert!(out.iter().any(|s| s.kind == k), "{t}: {out:?}");
            assert!(!out.iter().any(|s| s.kind == PhiKind::Id), "{t}: {out:?}");
        }
    }

    #[test]
    fn ascii_twins_capture_what_unicode_rules_do() {
        let p = Patterns::new();
        for split in [synth::Split::Dev, synth::Split::Holdout] {
            let mut g = synth::Generator::new(5, split);
            for _ in 0..300 {
                twins_agree(&p, &g.note().text);
            }
        }
        assert!(p.rules.iter().filter(|r| r.ascii.is_some()).count() >= 5);
        twins_agree(
            &p,
            "Dr. Émile Zola and Dr. Ann Lee; wife MARÍA, Boston, MA 02115; Åsa Berg, MD",
        );
    }

    const PIECES: &[&str] = &[
        " ",
        " ",
        ", ",
        ". ",
        "-",
        "/",
        ".",
        ":",
        "#",
        "(",
        ")",
        "+1 ",
        "\n",
        "\u{b}",
        "\u{a0}",
        "é",
        "’",
        "12",
        "3",
        "617",
        "555",
        "0134",
        "2019",
        "07",
        "22",
        "192.168.1.",
        "1234 ",
        "99",
        "101",
        "Dr. ",
        "Mr ",
        "MRN ",
        "ssn ",
        "member ID ",
        "acct ",
        "license ",
        "plate ",
        "serial ",
        "zip ",
        "age ",
        "the 22nd ",
        "Jan ",
        "July ",
        "Sept. ",
        "MD",
        "RN",
        "PA-C",
        "MA ",
        "CA",
        "New York",
        "Hospital",
        "Medical Center",
        "clinic",
        "Street",
        "Ave",
        "Apt ",
        "suite ",
        "P.O. Box ",
        "wife ",
        "son: ",
        "by ",
        "seen by ",
        "social worker",
        "is ",
        "named",
        "urgent care",
        "Élodie",
        "contact ",
        "pt ",
        "John",
        "SMITH",
        "Maria",
        "O'Neil",
        "de la Cruz",
        "x",
        "ext",
        "fax ",
        "www.",
        "https://",
        "@",
        "a.b",
        "yo",
        " years old",
        "ABCDEFGH",
        "JH4KA7660PC",
        "GB82WEST",
        "0000",
        "IN ",
        "OR ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn fast_path_covers_reference_on_mixed_pieces(idx in proptest::collection::vec(0..PIECES.len(), 0..40)) {
            let text: String = idx.iter().map(|&i| PIECES[i]).collect();
            let (missed, _) = diff(Patterns::new_cached(), &text);
            prop_assert!(missed.is_empty(), "fast path missed {missed:?}");
            twins_agree(Patterns::new_cached(), &text);
        }
    }

    /// Whole shapes, and pieces that glue them to words and to each other.
    const SHAPE_PIECES: &[&str] = &[
        "617-555-0134",
        "(617) 555-0134",
        "+44 20 7946 0958",
        "1-800-555-0199",
        "1 617 555 0134",
        "6175550134 x12",
        "fe80::1",
        "ab:cd:ef:01:02:03",
        "ab-cd-ef-01-02-03",
        "1HGCM82633A004352",
        "GB82WEST12345698765432",
        "123-45-6789",
        "2019-03-04",
        "03/04/2019",
        "3 Jan 2019",
        "92 yo",
        "192.168.0.1",
        "A1234567",
        "4111 1111 1111 1111",
        "7/22",
        "x",
        "Ab",
        "_",
        "1",
        "9",
        "+",
        "(",
        ")",
        "-",
        ".",
        ":",
        " ",
        "\n",
        ",",
        "#",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Every place a shape matches is one `shape_starts` names.
        #[test]
        fn shapes_start_where_said(
            idx in proptest::collection::vec(0..SHAPE_PIECES.len(), 0..40),
            vin in 0..3usize,
        ) {
            let mut text: String = idx.iter().map(|&i| SHAPE_PIECES[i]).collect();
            // Long letter runs (VINs have no other mark).
            if vin > 0 {
                text.insert_str(text.len() / 2, &"ABCDEFGHJKLMNPRSTUVWXYZ"[..15 + vin]);
            }
            let p = Patterns::new_cached();
            let mut said = Vec::new();
            shape_starts(text.as_bytes(), |at| said.push(at));
            prop_assert!(said.windows(2).all(|w| w[0] < w[1]));
            for at in 0..text.len() {
                let input = Input::new(&text).span(at..text.len()).anchored(Anchored::Yes);
                if p.shapes_longest.search(&input).is_some() {
                    prop_assert!(said.contains(&at), "a shape starts at {} in {:?}", at, text);
                }
                // The rules the fallback asks are those that match here.
                let mut here = regex_automata::PatternSet::new(p.shape_rules.len());
                p.shapes_longest.which_overlapping_matches(&input, &mut here);
                for (k, &i) in p.shape_rules.iter().enumerate() {
                    let own = p.rules[i].re.search(&input).is_some();
                    prop_assert_eq!(own, here.contains(regex_automata::PatternID::new_unchecked(k)), "rule {} at {} in {:?}", i, at, text);
                }
            }
        }
    }

    #[test]
    fn shape_starts_cover_each_kind() {
        let text = "call +1 (617) 555-0134 or x1 617.555.0199, ip fe80::1 mac ab:cd:ef:01:02:03 vin 1HGCM82633A004352 ABCDEFGHJKLMNPRST";
        let p = Patterns::new_cached();
        let mut said = Vec::new();
        shape_starts(text.as_bytes(), |at| said.push(at));
        let mut seen = 0;
        for at in 0..text.len() {
            let input = Input::new(text)
                .span(at..text.len())
                .anchored(Anchored::Yes);
            if p.shapes_longest.search(&input).is_some() {
                assert!(
                    said.contains(&at),
                    "a shape starts at {at}: {:?}",
                    &text[at..]
                );
                seen += 1;
            }
        }
        assert!(seen >= 8, "{seen}");
    }

    impl Patterns {
        fn new_cached() -> &'static Patterns {
            static P: std::sync::OnceLock<Patterns> = std::sync::OnceLock::new();
            P.get_or_init(Patterns::new)
        }
    }
}

#[cfg(test)]
mod profile {
    /// Per-rule time over distinct generated notes (call overhead included), and
    /// the whole detector against the reference scan:
    /// `cargo test --release -p deid per_rule_notes -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn per_rule_notes() {
        let mut g = synth::Generator::new(3, synth::Split::Dev);
        let notes: Vec<String> = (0..3000).map(|_| g.note().text).collect();
        let bytes: usize = notes.iter().map(String::len).sum();
        let mb = bytes as f64 / 1e6;
        let p = super::Patterns::new();
        let mut total = 0.0;
        for (i, r) in p.rules.iter().enumerate() {
            let t = std::time::Instant::now();
            let mut n = 0;
            for t in &notes {
                n += r.re.find_iter(t).count();
            }
            let s = t.elapsed().as_secs_f64();
            total += s;
            println!(
                "rule {i:2} {:?} {n:6} matches {:8.1} MB/s  {}",
                r.kind,
                mb / s,
                &r.src[..super::floor_char(&r.src, r.src.len().min(60))]
            );
        }
        println!("all rules, one after another: {:.1} MB/s", mb / total);
        // Best of three: these machines' timings wander.
        let time = |f: &dyn Fn(&str, &mut Vec<super::Span>)| {
            (0..3)
                .map(|_| {
                    let t = std::time::Instant::now();
                    let mut out = Vec::new();
                    for n in &notes {
                        out.clear();
                        f(n, &mut out);
                    }
                    mb / t.elapsed().as_secs_f64()
                })
                .fold(0.0, f64::max)
        };
        println!("names: {:.1} MB/s", time(&|n, o| p.names.detect(n, o)));
        println!(
            "reference detect: {:.1} MB/s",
            time(&|n, o| p.detect_reference(n, o))
        );
        println!("fast detect: {:.1} MB/s", time(&|n, o| p.detect(n, o)));
        println!(
            "  scanned rules: {:.1} MB/s",
            time(&|n, o| p.detect_scanned(n, &mut p.scratch.get(), super::NonAscii::of(n), o))
        );
        println!(
            "  shapes: {:.1} MB/s",
            time(&|n, o| p.detect_shapes(n, &mut p.scratch.get(), super::NonAscii::of(n), o))
        );
        println!(
            "  tokens: {:.1} MB/s",
            time(&|n, _| {
                std::hint::black_box(crate::names::tokens(n));
            })
        );
        println!(
            "  triggered rules (with tokens): {:.1} MB/s",
            time(&|n, o| {
                let toks = crate::names::tokens(n);
                p.detect_triggered(n, &toks, &mut p.scratch.get(), super::NonAscii::of(n), o)
            })
        );
        // The passes of `finish`, each on the spans the passes before it
        // left (so that each sees what it sees in `detect`), timed alone.
        let toks: Vec<Vec<crate::names::Tok>> =
            notes.iter().map(|n| crate::names::tokens(n)).collect();
        let mut state: Vec<Vec<super::Span>> = notes
            .iter()
            .zip(&toks)
            .map(|(n, t)| {
                let mut out = Vec::new();
                let mut caps = p.scratch.get();
                let na = super::NonAscii::of(n);
                p.detect_scanned(n, &mut caps, na, &mut out);
                p.detect_shapes(n, &mut caps, na, &mut out);
                p.detect_triggered(n, t, &mut caps, na, &mut out);
                out
            })
            .collect();
        for (name, f) in super::FINISH {
            let mut best = f64::MAX;
            let mut next = Vec::new();
            for _ in 0..3 {
                next = state.clone();
                let t = std::time::Instant::now();
                for ((n, t), out) in notes.iter().zip(&toks).zip(next.iter_mut()) {
                    f(&p, n, t, out);
                }
                best = best.min(t.elapsed().as_secs_f64());
            }
            println!("  finish/{name}: {:.1} MB/s", mb / best);
            state = next;
        }
    }
}

#[cfg(test)]
mod profile_fast {
    /// For instruction counts, which do not wander with the machine:
    /// `valgrind --tool=callgrind --toggle-collect='*Patterns::detect' <test binary> fast_only --ignored`
    /// (not `*Patterns::detect*`: entering `detect_shapes` and the other
    /// `detect_*` helpers would toggle collection off again)
    /// (`DEID_PROFILE_NOTES`, default 3000; `DEID_PROFILE_REPS`, default 10).
    #[test]
    #[ignore]
    fn fast_only() {
        let env = |k: &str, d: usize| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(d)
        };
        let mut g = synth::Generator::new(3, synth::Split::Dev);
        let notes: Vec<String> = (0..env("DEID_PROFILE_NOTES", 3000))
            .map(|_| g.note().text)
            .collect();
        let p = super::Patterns::new();
        // Build the lazily built word tables before the measured calls.
        crate::lexicon::flags("warm");
        crate::lexicon::is_country("warm");
        let mut out = Vec::new();
        for _ in 0..env("DEID_PROFILE_REPS", 10) {
            for n in &notes {
                out.clear();
                p.detect(n, &mut out);
            }
        }
    }
}

#[cfg(test)]
mod explain {
    /// Which rule or pass finds what in a text, for writing rules:
    /// `DEID_EXPLAIN='text' cargo test --release -p deid explain -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn explain() {
        let Ok(text) = std::env::var("DEID_EXPLAIN") else {
            return;
        };
        let p = super::Patterns::new();
        // The text as written and, where it is read again re-cased, the copy.
        let recased = crate::context::truecase(&text, &p.places)
            .or_else(|| super::Patterns::recased_capitals(&text, &p.places));
        if let Some(c) = &recased {
            println!("re-cased: {c}");
        }
        for (tag, text) in
            std::iter::once(("", text.as_str())).chain(recased.as_deref().map(|c| ("re-cased ", c)))
        {
            let show = |who: &str, s: &super::Span| {
                println!("{tag}{who}: {:?} {:?}", s.kind, &text[s.start..s.end]);
            };
            for (i, r) in p.rules.iter().enumerate() {
                let mut caps = r.re.create_captures();
                let mut out = Vec::new();
                super::Patterns::scan(
                    r,
                    text,
                    0..text.len(),
                    &mut caps,
                    super::NonAscii::ALWAYS,
                    &mut out,
                );
                for s in &out {
                    show(
                        &format!(
                            "rule {i} {}",
                            &r.src[..super::floor_char(&r.src, r.src.len().min(50))]
                        ),
                        s,
                    );
                }
            }
            let toks = crate::names::tokens(text);
            let mut out = Vec::new();
            let mut caps = p.scratch.get();
            let na = super::NonAscii::of(text);
            p.detect_scanned(text, &mut caps, na, &mut out);
            p.detect_shapes(text, &mut caps, na, &mut out);
            p.detect_triggered(text, &toks, &mut caps, na, &mut out);
            for (name, f) in super::FINISH {
                let before = out.clone();
                f(&p, text, &toks, &mut out);
                for s in out.iter().filter(|s| !before.contains(s)) {
                    show(&format!("pass {name}"), s);
                }
            }
        }
        let show = |who: &str, s: &super::Span| {
            println!("{who}: {:?} {:?}", s.kind, &text[s.start..s.end]);
        };
        let mut all = Vec::new();
        p.detect(&text, &mut all);
        for s in &all {
            show("detect", s);
        }
    }
}

#[cfg(test)]
mod facility_lists {
    /// The facility words are the facility rule's triggers but "surgery".
    #[test]
    fn triggers_are_facility_words_and_surgery() {
        assert_eq!(super::FACILITY_TRIGGERS.last(), Some(&"surgery"));
        assert!(!super::FACILITY_WORDS.contains(&"surgery"));
        assert_eq!(super::FACILITY_WORDS.len(), 16);
    }
}

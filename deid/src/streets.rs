//! Street forms the rules leave out, found word by word after them:
//! - intersections: "the corner of 159 Venizelou str and Rennie Union",
//!   "at the intersection of Main and Elm";
//! - a place word joined to a detected street ("Maarit and Hersnapvej 75");
//! - a house number before a leading street word, in any case ("26 rue des
//!   Lilas", "33 avenue de Provence");
//! - lower-case street lines ("3911 fourth avenue").
//!
//! Words here are what spaces separate on one line (numbers included, unlike
//! [`crate::names::tokens`]), with their trailing punctuation noted.

use crate::PhiKind;
use crate::detect::Span;
use crate::lexicon::{self, ENGLISH, STOP};
use crate::names::{Case, Tok};

/// A space-separated word: its byte range without trailing punctuation, and
/// whether punctuation that ends a phrase (`,;:?!)`) followed it.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    stops: bool,
}

/// Up to `n` words from `at` on the same line.
fn words_from(text: &str, at: usize, n: usize) -> Vec<Word> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(n);
    let mut i = at;
    while out.len() < n {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i == start {
            break;
        }
        let raw = &text[start..i];
        let core = raw.trim_end_matches([',', ';', ':', '?', '!', ')', '"', '.']);
        // Keep an abbreviation's or a number's period ("ul.", "39."): only
        // the phrase marks end the street.
        let tail = &raw[core.len()..];
        let keep_dot = tail.starts_with('.') && tail.len() == 1;
        let end = start + core.len() + usize::from(keep_dot);
        out.push(Word {
            start,
            end,
            stops: tail.contains([',', ';', ':', '?', '!', ')', '"']),
        });
        if core.is_empty() {
            break;
        }
    }
    out
}

/// The word without a final period.
fn bare<'a>(text: &'a str, w: &Word) -> &'a str {
    text[w.start..w.end].trim_end_matches('.')
}

/// Where a street ending with `w` ends: without a sentence's period.
fn last_end(text: &str, w: &Word) -> usize {
    w.start + bare(text, w).len()
}

fn is_number(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    (1..=6).contains(&digits)
        && w.len() - digits <= 1
        && w.bytes().skip(digits).all(|c| c.is_ascii_alphabetic())
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\''))
}

/// Lower-case street words that are English words too.
const LOWER_STREET_WORDS: &[&str] = &[
    "street",
    "st",
    "str",
    "road",
    "rd",
    "avenue",
    "ave",
    "lane",
    "drive",
    "boulevard",
    "blvd",
    "place",
    "court",
    "square",
    "ul",
];

/// Full street words a lower-case street line ends with ("fourth avenue").
const LOWER_SUFFIXES: &[&str] = &[
    "street",
    "avenue",
    "road",
    "boulevard",
    "drive",
    "lane",
    "court",
    "terrace",
    "crescent",
    "parkway",
    "highway",
];

/// Particles inside the names of streets, places and people ("Rua Vinte e
/// Cinco de Setembro", "Caxias do Sul", "Ludwig van Beethoven").
pub(crate) const PARTICLES: &[&str] = &[
    "de", "da", "do", "dos", "das", "del", "dei", "degli", "della", "delle", "di", "du", "des",
    "la", "le", "les", "e", "y", "von", "van", "der", "den",
];

pub(crate) fn particle(w: &str) -> bool {
    PARTICLES.contains(&w)
}

/// A lower-case word that is no English word or stopword ("kapu", "tachkent").
fn foreign(w: &str) -> bool {
    w.chars().all(char::is_lowercase) && lexicon::flags(w) & (STOP | ENGLISH) == 0
}

/// Can this word be part of a street's name in an intersection?
fn street_word(w: &str) -> bool {
    is_number(w)
        || (capitalised(w) && lexicon::flags(w) & STOP == 0)
        || foreign(w)
        || LOWER_STREET_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w))
}

/// Street words from `ws[0]`, up to `max`, stopping after phrase
/// punctuation; the count taken, if one of them is a capitalised word.
fn street_run(text: &str, ws: &[Word], max: usize) -> usize {
    let mut n = 0;
    let mut named = false;
    for w in ws.iter().take(max) {
        let s = bare(text, w);
        if s.is_empty() || s == "and" || !street_word(s) {
            break;
        }
        named |= capitalised(s);
        n += 1;
        if w.stops {
            break;
        }
    }
    if named { n } else { 0 }
}

/// Runs every street pass, pushing addresses: one walk over the words finds
/// where a pass can start (a cue, a leading street word after a number, a
/// lower-case street word); the pass then reads the words around it.
pub(crate) fn detect(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for (i, t) in toks.iter().enumerate() {
        let w = &b[t.start..t.end];
        if matches!(w, b"on" | b"at")
            && i > 0
            && residence_verb(&b[toks[i - 1].start..toks[i - 1].end])
        {
            name_then_number(text, toks, i + 1, out);
        }
        if t.start >= 2 && b[t.start - 1] == b' ' && b[t.start - 2].is_ascii_digit() {
            leading_street_word(text, t.start, out);
        }
        // Cheap test first: every cue and lower-case street word is 4 to 12 letters.
        if !(4..=12).contains(&w.len()) {
            continue;
        }
        let same = |x: &&str| x.len() == w.len() && x.as_bytes().eq_ignore_ascii_case(w);
        if t.case != Case::Upper && INTERSECTION_CUES.iter().any(same) {
            intersection(text, t.end, out);
        }
        if t.case == Case::Other && LOWER_SUFFIXES.iter().any(same) {
            lower_case_street(text, t.start, t.end, out);
        }
    }
    joined_to_streets(text, out);
    with_their_cue(text, out);
}

/// The words that introduce an intersection ("the corner of A and B").
const INTERSECTION_CUES: &[&str] = &["corner", "intersection", "junction"];

/// An intersection is given with its cue ("the corner of A and B", as the
/// address a reader would point to): the address takes the cue and its
/// article.
fn with_their_cue(text: &str, out: &mut [Span]) {
    // `s` (ASCII) ends right before byte `at`, in any case.
    let b = text.as_bytes();
    let ends_at = |at: usize, s: &str| {
        at >= s.len() && b[at - s.len()..at].eq_ignore_ascii_case(s.as_bytes())
    };
    for s in out.iter_mut().filter(|s| s.kind == PhiKind::Address) {
        if !ends_at(s.start, " of ") {
            continue;
        }
        let at = s.start - " of ".len();
        let Some(cue) = INTERSECTION_CUES.iter().find(|c| ends_at(at, c)) else {
            continue;
        };
        let mut start = at - cue.len();
        // Not inside a longer word ("Cornercorner of").
        if text[..start].ends_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        if ends_at(start, "the ") {
            start -= "the ".len();
        }
        s.start = start;
    }
}

/// A verb that places a person or an entrance at an address ("lives on").
fn residence_verb(w: &[u8]) -> bool {
    // No allocation: most words are longer or shorter than every verb here.
    if !(4..=8).contains(&w.len()) {
        return false;
    }
    let mut buf = [0u8; 8];
    buf[..w.len()].copy_from_slice(w);
    buf.make_ascii_lowercase();
    matches!(
        &buf[..w.len()],
        b"lives"
            | b"live"
            | b"living"
            | b"lived"
            | b"resides"
            | b"residing"
            | b"located"
            | b"enter"
            | b"staying"
            | b"stays"
    )
}

/// "lives on Hoge Wei 32", "enter on Grössgstötten 50": after a residence
/// verb and its preposition, one to three capitalised words (token `k` on)
/// and a house number.
fn name_then_number(text: &str, toks: &[Tok], k: usize, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let Some(first) = toks.get(k) else {
        return;
    };
    let mut last = k;
    loop {
        let t = &toks[last];
        if t.case == Case::Other || t.flags & STOP != 0 {
            return;
        }
        // Spaces, then the number?
        let rest = &text[t.end..];
        let gap = rest.len() - rest.trim_start_matches(' ').len();
        let d = b[t.end + gap..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if gap > 0 && (1..=5).contains(&d) {
            let mut e = t.end + gap + d;
            if b.get(e).is_some_and(u8::is_ascii_alphabetic)
                && b.get(e + 1).is_none_or(|c| !c.is_ascii_alphanumeric())
            {
                e += 1;
            }
            if b.get(e)
                .is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'/' && *c != b':')
                && !crate::context::measure_after(text, e)
            {
                push(out, first.start, e);
            }
            return;
        }
        let Some(n) = toks.get(last + 1) else {
            return;
        };
        if last >= k + 2 || gap == 0 || t.end + gap != n.start {
            return;
        }
        last += 1;
    }
}

fn push(out: &mut Vec<Span>, start: usize, end: usize) {
    if start < end {
        out.push(Span {
            start,
            end,
            kind: PhiKind::Address,
        });
    }
}

/// "corner of A and B", "intersection of A and B", "junction of A and B":
/// the words after the cue word, which ends at `at`.
fn intersection(text: &str, at: usize, out: &mut Vec<Span>) {
    let ws = words_from(text, at, 14);
    if ws.first().is_none_or(|w| &text[w.start..w.end] != "of") || ws[0].stops {
        return;
    }
    let first = street_run(text, &ws[1..], 6);
    let Some(and) = ws.get(1 + first) else {
        return;
    };
    if first == 0 || ws[first].stops || &text[and.start..and.end] != "and" {
        return;
    }
    let second = street_run(text, &ws[2 + first..], 4);
    if second > 0 {
        push(out, ws[1].start, last_end(text, &ws[1 + first + second]));
    }
}

/// "Maarit and Hersnapvej 75": a single proper noun joined by "and" to a
/// detected street is the street's cross street.
fn joined_to_streets(text: &str, out: &mut Vec<Span>) {
    for k in 0..out.len() {
        let Span { start, end, kind } = out[k];
        if kind != PhiKind::Address {
            continue;
        }
        let Some(head) = text[..start].strip_suffix(" and ") else {
            continue;
        };
        let w = head.rsplit([' ', '\n', '\t']).next().unwrap_or("");
        let before = head[..head.len() - w.len()].trim_end_matches(' ');
        // Only one word: "John Smith and 5 Main St" is a person and a street.
        let lone = before.is_empty()
            || before.ends_with(['\n', ',', ':', '(', '.'])
            || before
                .rsplit(' ')
                .next()
                .is_some_and(|p| p.chars().next().is_some_and(char::is_lowercase));
        if lone
            && w.chars().count() >= 2
            && capitalised(w)
            && lexicon::flags(w) & (STOP | ENGLISH) == 0
        {
            push(out, start - 5 - w.len(), end);
        }
    }
}

/// Street words that lead a street's name, in languages that put them first.
fn leading_word(w: &str) -> bool {
    let (mut buf, mut owned) = ([0u8; 32], String::new());
    matches!(
        crate::names::lower(w, &mut buf, &mut owned),
        "rua"
            | "rue"
            | "via"
            | "viale"
            | "calle"
            | "avenida"
            | "avenue"
            | "av"
            | "avda"
            | "piazza"
            | "largo"
            | "travessa"
            | "strada"
            | "carrer"
            | "paseo"
            | "ulica"
            | "ul"
            | "boulevard"
            | "bd"
            | "chemin"
            | "allée"
            | "impasse"
            | "praça"
            | "plaza"
    )
}

/// "26 rue des lieutemants Thomazo", "31 Rue tachkent", "63 Avenue du Golf
/// Arabe": a house number, a leading street word (at `at`), then its name's
/// words.
fn leading_street_word(text: &str, at: usize, out: &mut Vec<Span>) {
    let head = &text[..at - 1];
    let digits = crate::detect::digits_at_end(head);
    let num = head.len() - digits;
    if digits > 6 || (num > 0 && head.as_bytes()[num - 1].is_ascii_alphanumeric()) {
        return;
    }
    // The leading word first, before the words are gathered (most numbers
    // are followed by no street word: "2 tabs").
    let first_end = text[at..]
        .find([' ', '\t', '\n', '\r'])
        .map_or(text.len(), |k| at + k);
    let first = text[at..first_end].trim_end_matches([',', ';', ':', '?', '!', ')', '"', '.']);
    if !leading_word(first) {
        return;
    }
    let ws = words_from(text, at, 6);
    let [lead, rest @ ..] = ws.as_slice() else {
        return;
    };
    // "via" is a route in notes ("2 via PEG"): only capitalised.
    let l = bare(text, lead);
    if lead.stops || !leading_word(l) || l == "via" {
        return;
    }
    let mut n = 0;
    let mut named = false;
    for w in rest.iter().take(5) {
        let s = bare(text, w);
        // Title case, not ALL CAPS ("2 Via NG tube").
        let title = capitalised(s) && s.chars().skip(1).any(char::is_lowercase);
        // A unit ("Suite 9") follows the street; the address pass takes it.
        let ok = !crate::detect::is_unit_word(s)
            && (particle(s) || (title && lexicon::flags(s) & STOP == 0) || foreign(s));
        if !ok {
            break;
        }
        named |= !particle(s);
        n += 1;
        if w.stops {
            break;
        }
    }
    // A name ending in a particle is cut back to its last name word.
    while n > 0 && particle(bare(text, &rest[n - 1])) {
        n -= 1;
    }
    if named && n > 0 {
        push(out, num, last_end(text, &rest[n - 1]));
    }
}

/// "3911 fourth avenue": a house number, up to three lower-case words that
/// are no stopwords, and a full street word (at `at`..`end`).
fn lower_case_street(text: &str, at: usize, end: usize, out: &mut Vec<Span>) {
    if at == 0 || text.as_bytes()[at - 1] != b' ' {
        return;
    }
    // Walk back over up to three lower-case words to a number.
    let head = &text[..at - 1];
    let mut start = head.len();
    for _ in 0..4 {
        let w = head[..start].rsplit(' ').next().unwrap_or("");
        if w.is_empty() {
            return;
        }
        let ws = start - w.len();
        if is_number(w) {
            // At least one word between the number and the street word.
            if ws + w.len() < head.len() {
                push(out, ws, end);
            }
            return;
        }
        let lower = w.bytes().all(|c| c.is_ascii_lowercase());
        if !lower || ws == 0 || lexicon::flags(w) & STOP != 0 || crate::context::is_measure(w) {
            return;
        }
        start = ws - 1;
    }
}

#[cfg(test)]
mod tests {
    fn run(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        super::detect(t, &crate::names::tokens(t), &mut out);
        crate::detect::resolve(&mut out);
        out.iter().map(|s| t[s.start..s.end].to_owned()).collect()
    }

    #[test]
    fn intersections() {
        assert_eq!(
            run("Meet me at the corner of Harlan Road and Mirabeau Way tomorrow."),
            vec!["the corner of Harlan Road and Mirabeau Way"]
        );
        assert_eq!(
            run("found at the intersection of 12 Ostrava str and Kelby Loop."),
            vec!["the intersection of 12 Ostrava str and Kelby Loop"]
        );
        // Not streets.
        assert!(run("pain in the corner of the eye and the cheek").is_empty());
        assert!(run("the corner of his mouth and Tylenol").is_empty());
    }

    #[test]
    fn leading_street_words() {
        assert_eq!(
            run("lives at 12 rue des Glycines."),
            vec!["12 rue des Glycines"]
        );
        assert_eq!(
            run("at 40 Avenue du Parc Vert Suite 9"),
            vec!["40 Avenue du Parc Vert"]
        );
        assert!(run("took 2 via oral route").is_empty());
    }

    #[test]
    fn names_then_numbers() {
        assert_eq!(
            run("Kaito lives on Hoge Wei 32 with his aunt."),
            vec!["Hoge Wei 32"]
        );
        assert!(run("She lives on Lisinopril 20 mg daily").is_empty());
        assert!(run("arrived at Bay 4 entrance").len() <= 1);
    }

    #[test]
    fn lower_case_streets() {
        assert_eq!(
            run("moved to 4120 ninth avenue last year"),
            vec!["4120 ninth avenue"]
        );
        assert!(run("walked 2 blocks down the street").is_empty());
        assert!(run("crossed 3 times across the road").is_empty());
    }
}

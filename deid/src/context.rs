//! Token-level context passes that run after the rules and dictionaries:
//! proper nouns taken as names where the context says person, house-number
//! address lines, and postal codes written after a place or a country.
//!
//! A *proper noun* here is a capitalised word that is neither an ordinary
//! English word (`data/english.txt`, from Debian's `wamerican`), a stopword
//! nor a title. On its own that is no evidence of a person (drugs, brands and
//! organisations are proper nouns too), so each pass asks for more:
//! - beside a detected name ("Matheus" in "Matheus Araujo" once "Araujo" is
//!   taken), up to two words to the left;
//! - a given name, a middle initial and a surname ("Valida M. Ibragimov");
//! - after a person cue ("says Bergqvist", "my name is borna jerković",
//!   "follow up with Satsita Umkhayev"); after "my name is", "call me" and
//!   "named" lower-case words that are not English words count too.

use crate::PhiKind;
use crate::detect::Span;
use crate::lexicon::{self, COUNTRY_END, DRUG, ENGLISH, KNOWN, NAME, PLACE, STOP, WEAK_NAME};
use crate::names::{Case, NameDict, Tok};

/// A cue word: alone ("says", "named") or after one of `after` ("name is",
/// "spoke with"); `strong` when lower-case words after it may be names too.
struct Cue {
    after: &'static [&'static str],
    strong: bool,
}

const ALONE: Cue = Cue {
    after: &[],
    strong: false,
};

/// The cue these bytes spell in any case, if any: a switch on the length,
/// then a few case-blind compares (no hashing, no copy).
fn cue(w: &[u8]) -> Option<Cue> {
    // Every cue starts with one of these letters.
    if !w
        .first()
        .is_some_and(|c| b"abcdfhimnstw".contains(&(c | 0x20)))
    {
        return None;
    }
    let is = |c: &str| c.as_bytes().eq_ignore_ascii_case(w);
    match w.len() {
        2 if is("is") => Some(Cue {
            after: &["name"],
            strong: true,
        }),
        2 if is("me") => Some(Cue {
            after: &["call", "calls"],
            strong: true,
        }),
        // Nicknames: "goes by Bobby", "known as Liz", "aka Bud".
        2 if is("by") => Some(Cue {
            after: &["goes", "go", "went"],
            strong: false,
        }),
        2 if is("as") => Some(Cue {
            after: &["known"],
            strong: false,
        }),
        3 if is("aka") => Some(ALONE),
        // Told or reached: "notified Ann", "contacted Dmitri".
        8 if is("notified") || is("informed") || is("messaged") => Some(ALONE),
        6 if is("texted") => Some(ALONE),
        9 if is("contacted") => Some(ALONE),
        9 if is("nicknamed") => Some(ALONE),
        2 if is("am") => Some(Cue {
            after: &["i"],
            strong: false,
        }),
        2 if is("to") => Some(Cue {
            after: &[
                "spoke",
                "speak",
                "talk",
                "talked",
                "assistant",
                "tribute",
                "married",
                "marriage",
                "engaged",
            ],
            strong: false,
        }),
        4 if is("with") => Some(Cue {
            after: &[
                "up",
                "spoke",
                "speak",
                "met",
                "message",
                "discussed",
                "talked",
                "spoken",
                "seen",
                "appointment",
                "appt",
                "visit",
            ],
            strong: false,
        }),
        5 if is("named") => Some(Cue {
            after: &[],
            strong: true,
        }),
        2..=9
            if [
                "says",
                "said",
                "asked",
                "told",
                "starring",
                "featuring",
                "hi",
                "hello",
                "dear",
                "thanks",
                "called",
                "i'm",
            ]
            .iter()
            .any(|c| c.len() == w.len() && is(c)) =>
        {
            Some(ALONE)
        }
        _ => None,
    }
}

/// Words after a number that make it a quantity, not a house number or a code.
const MEASURES: &[&str] = &[
    "mg", "mcg", "g", "kg", "ml", "l", "cc", "units", "unit", "u", "iu", "tab", "tabs", "tablet",
    "tablets", "cap", "caps", "capsule", "capsules", "puff", "puffs", "drops", "mmhg", "bpm",
    "times", "x", "days", "weeks", "months", "years", "hours", "minutes", "patients", "people",
    "cases", "beds", "percent", "mm", "cm", "meq", "mmol", "db", "ms", "hz",
];

fn word_lower(text: &str, t: &Tok) -> String {
    t.word(text).to_lowercase()
}

/// A capitalised word that is not English, a stopword or an initial.
fn proper(text: &str, t: &Tok) -> bool {
    if t.case == Case::Other || t.initial {
        return false;
    }
    let w = &text[t.start..t.end];
    let base = without_clitic(w);
    let flags = if base.len() == w.len() {
        t.flags
    } else {
        lexicon::flags(base)
    };
    // A language, payer or service is none, unless it is a name too ("Dr.
    // French").
    base.len() >= 2
        && flags & (STOP | ENGLISH | DRUG) == 0
        && (flags & (NAME | WEAK_NAME) != 0 || !not_a_person(base))
}

/// A word without an English clitic ("Amanda's", "I'm" → "Amanda", "I").
fn without_clitic(w: &str) -> &str {
    clitic(w).map_or(w, |c| &w[..w.len() - c.len()])
}

/// The English clitic `w` ends with, in lower or upper case ("Amanda's",
/// "I'm", "DON'T"): the possessive first, then the contractions.
pub(crate) fn clitic(w: &str) -> Option<&'static str> {
    const CLITICS: &[(&str, &str)] = &[
        ("'s", "'S"),
        ("'m", "'M"),
        ("'ll", "'LL"),
        ("'d", "'D"),
        ("'re", "'RE"),
        ("'ve", "'VE"),
        ("n't", "N'T"),
    ];
    // Every clitic has its apostrophe in the word's last three bytes.
    let b = w.as_bytes();
    if !b[b.len().saturating_sub(3)..].contains(&b'\'') {
        return None;
    }
    CLITICS
        .iter()
        .find(|(l, u)| w.ends_with(l) || w.ends_with(u))
        .map(|(l, _)| *l)
}

/// The end of a name ending at `end`, without a possessive "'s".
pub(crate) fn name_end(text: &str, end: usize) -> usize {
    if text[..end].ends_with("'s") || text[..end].ends_with("'S") {
        end - 2
    } else {
        end
    }
}

/// A lower-case word that could be a name after a strong cue.
fn lower_name(text: &str, t: &Tok) -> bool {
    let w = &text[t.start..t.end];
    let flags = lexicon::flags(w);
    t.case == Case::Other
        && w.chars().count() >= 3
        && flags & STOP == 0
        && (flags & ENGLISH == 0 || flags & (NAME | WEAK_NAME) != 0)
}

/// A single letter, with or without its period.
#[inline]
fn initial(text: &str, t: &Tok) -> bool {
    let n = t.end - t.start;
    (t.initial || n == 1 || (n <= 4 && text[t.start..t.end].chars().nth(1).is_none()))
        // Not the end of a code ("Q6H. KAREN JONES").
        && (t.start == 0 || !text.as_bytes()[t.start - 1].is_ascii_digit())
}

/// Only spaces (one or two) between two tokens.
pub(crate) fn spaced(text: &str, a: &Tok, b: &Tok) -> bool {
    let gap = &text[a.end..b.start];
    !gap.is_empty() && gap.len() <= 2 && gap.bytes().all(|c| c == b' ')
}

pub(crate) fn names_in_context(names: &NameDict, text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    // A pronoun in capitals is none, though the name lists hold it ("DISCUSSED
    // WITH HER GRANDDAUGHTER").
    let pronoun = |t: &Tok| {
        t.case == Case::Upper
            && t.flags & STOP != 0
            && matches!(
                t.word(text),
                "HER"
                    | "HIS"
                    | "HIM"
                    | "ITS"
                    | "OUR"
                    | "YOUR"
                    | "THEIR"
                    | "THEM"
                    | "MY"
                    | "ME"
                    | "US"
            )
    };
    let person =
        |t: &Tok| proper(text, t) || (t.case != Case::Other && names.known_tok(t) && !pronoun(t));
    let push = |out: &mut Vec<Span>, a: &Tok, b: &Tok| {
        out.push(Span {
            start: a.start,
            end: name_end(text, b.end),
            kind: PhiKind::Name,
        })
    };
    // Given name, middle initial, surname.
    for w in toks.windows(3) {
        let (a, m, c) = (&w[0], &w[1], &w[2]);
        if !(initial(text, m) && spaced(text, a, m) && spaced(text, m, c)) {
            continue;
        }
        let m_letter = text[m.start..].chars().next().unwrap_or(' ');
        let capitalised = a.case != Case::Other
            && m_letter.is_uppercase()
            && c.case != Case::Other
            && person(a)
            && person(c);
        let lower_case = a.case == Case::Other
            && c.case == Case::Other
            && m_letter.is_lowercase()
            && !matches!(m_letter, 'a' | 'i' | 'o')
            && [a, c].iter().all(|t| {
                let w = &text[t.start..t.end];
                w.chars().count() >= 3 && lexicon::flags(w) & (STOP | ENGLISH) == 0
            });
        if capitalised || lower_case {
            push(out, a, c);
        }
    }
    // After a person cue.
    for (i, t) in toks.iter().enumerate() {
        let Some(cue) = cue(&text.as_bytes()[t.start..t.end]) else {
            continue;
        };
        let after_ok = cue.after.is_empty()
            || (i > 0
                && spaced(text, &toks[i - 1], t)
                && cue.after.iter().any(|x| {
                    x.as_bytes()
                        .eq_ignore_ascii_case(&text.as_bytes()[toks[i - 1].start..toks[i - 1].end])
                }));
        if !after_ok {
            continue;
        }
        let strong = cue.strong;
        let Some(first) = toks.get(i + 1) else {
            continue;
        };
        // A title after the cue ("discussed with Drs. Lee") is the title rule's,
        // and an agency's acronym before a role ("spoke with VNA nurse Ann
        // Lee") no name.
        if crate::detect::is_title(first.word(text)) || acronym_before_role(text, toks, i + 1) {
            continue;
        }
        // A space or colon, and a nickname's quotes ("goes by 'Bobby'").
        let gap = &text[t.end..first.start];
        if gap.is_empty()
            || gap.len() > 4
            || !gap.contains([' ', ':'])
            || !gap
                .chars()
                .all(|c| matches!(c, ' ' | ':' | '\'' | '"' | '‘' | '“'))
        {
            continue;
        }
        // A lower-case dictionary given name after any cue ("follow up with
        // patricia desrosiers") lets the lower-case surname follow.
        let lower_given =
            first.case == Case::Other && lexicon::plain_name(lexicon::flags(first.word(text)));
        let strong = strong || lower_given;
        // A lower-case name that is an English word too, right after "with"
        // or "to" and ending a clause ("discussed with smith, covering";
        // not "I am fine.").
        let with_to = matches!(t.word(text), "with" | "With" | "to" | "To");
        let weak_alone = |u: &Tok| {
            let f = lexicon::flags(u.word(text));
            with_to
                && u.start == first.start
                && u.case == Case::Other
                && f & WEAK_NAME != 0
                && f & STOP == 0
                && text[u.end..].starts_with([',', '.', ';', ')'])
        };
        let ok = |u: &Tok| {
            (person(u) && !crate::detect::is_relation(without_clitic(u.word(text))))
                || (strong && lower_name(text, u))
                || weak_alone(u)
        };
        let mut end: Option<usize> = None;
        let mut j = i + 1;
        while j < toks.len() && j <= i + 3 {
            let u = &toks[j];
            if j > i + 1 && !spaced(text, &toks[j - 1], u) {
                break;
            }
            if ok(u) {
                end = Some(j);
            } else if !(j > i + 1 && initial(text, u) && u.case != Case::Other) {
                break;
            }
            j += 1;
        }
        if let Some(e) = end {
            push(out, first, &toks[e]);
        }
    }
    // Before a verb only people do: "Cendrillon Coudert lives at", "Mourik
    // began writing", "Jouko is from". Weak names ("Royal", "Will") are
    // English words: not enough here.
    // Public payers act too ("Medicaid denied it").
    let payer = |t: &Tok| {
        [
            "medicaid",
            "medicare",
            "tricare",
            "champva",
            "masshealth",
            "medi-cal",
        ]
        .iter()
        .any(|p| p.eq_ignore_ascii_case(t.word(text)))
    };
    let strong = |t: &Tok| {
        (proper(text, t) || (t.case != Case::Other && t.flags & NAME != 0))
            && !crate::detect::is_relation(&text[t.start..t.end])
            && !payer(t)
    };
    for (i, t) in toks.iter().enumerate() {
        if i == 0 || t.case != Case::Other || toks[i - 1].case == Case::Other {
            continue;
        }
        // A name that is an English word, alone at a clause's start before a
        // verb of saying (the walk back below, stopped by the clause's start,
        // would find no more than this word).
        if weak_name_speaks(text, toks, i) {
            push(out, &toks[i - 1], &toks[i - 1]);
            continue;
        }
        if !person_verb(text, toks, i) {
            continue;
        }
        let mut first = i;
        while first > 0 && i - first < 3 {
            let p = &toks[first - 1];
            if spaced(text, p, &toks[first]) && (strong(p) || (first < i && initial(text, p))) {
                first -= 1;
            } else {
                break;
            }
        }
        // An initial it walked back to leads nowhere ("q6h. Priya wrote").
        while first + 1 < i && initial(text, &toks[first]) {
            first += 1;
        }
        if first < i && strong(&toks[first]) {
            push(out, &toks[first], &toks[i - 1]);
        }
    }
    // The opening of a history: "DMITRI IVANOVA IS A 90 YO M", "Kwame
    // Okafor is a 45-year-old" (not "Pt is a 45 yo", "She was 3 days").
    for (i, t) in toks.iter().enumerate().skip(1) {
        let w = &text.as_bytes()[t.start..t.end];
        if !(w.eq_ignore_ascii_case(b"is") || w.eq_ignore_ascii_case(b"was"))
            || !crate::detect::age_after(text, t.end)
        {
            continue;
        }
        let mut first = i;
        while first > 0 && i - first < 3 {
            let p = &toks[first - 1];
            let word = p.word(text);
            if p.case == Case::Other
                || !spaced(text, p, &toks[first])
                || p.flags & STOP != 0
                || crate::detect::is_relation(word)
                || crate::detect::is_title(word)
            {
                break;
            }
            first -= 1;
        }
        if first < i && toks[first..i].iter().any(&person) {
            push(out, &toks[first], &toks[i - 1]);
        }
    }
    // Words to the left of a detected name: "Matheus" in "Matheus Araujo".
    let found: Vec<(usize, usize)> = out
        .iter()
        .filter(|s| s.kind == PhiKind::Name)
        .map(|s| (s.start, s.end))
        .collect();
    for (start, end) in found {
        let k = toks.partition_point(|t| t.start < start);
        if toks.get(k).is_none_or(|t| t.start != start) {
            continue;
        }
        let mut first = k;
        while first > 0 && k - first < 2 {
            let p = &toks[first - 1];
            let same_case = p.case == toks[k].case || p.case == Case::Title || p.initial;
            if spaced(text, p, &toks[first])
                && (person(p) || initial(text, p))
                && same_case
                && !crate::detect::is_relation(&text[p.start..p.end])
            {
                first -= 1;
            } else {
                break;
            }
        }
        // An initial alone is no evidence: it must lead to a proper noun. A
        // capital with its period right before the name found is its
        // initial ("- K. Garcia"); a bare letter may be an article ("A").
        while first < k
            && initial(text, &toks[first])
            && !(first + 1 == k
                && toks[first].initial
                && toks[first].case == Case::Upper
                && !lettered_initial(text, toks, first))
        {
            first += 1;
        }
        if first < k {
            out.push(Span {
                start: toks[first].start,
                end,
                kind: PhiKind::Name,
            });
        }
    }
    siblings(text, toks, out);
    lower_case_lists(text, toks, out);
    vocatives(text, toks, out);
    possessors(text, toks, out);
    known_words_as_people(text, toks, out);
    capitals_before_a_verb(text, toks, out);
    addressed_and_signed(text, toks, out);
    initials_after(text, out);
}

/// Whether `toks[i]` is an acronym in capitals on a line with lower-case
/// letters, right before a lower-case word for a carer's role or a team
/// ("VNA nurse", "HHA aide", "PACT team"): it names an agency or service
/// (unless a dictionary name: "SMITH team").
fn acronym_before_role(text: &str, toks: &[Tok], i: usize) -> bool {
    const ROLES: &[&str] = &[
        "nurse",
        "nurses",
        "aide",
        "aides",
        "team",
        "staff",
        "office",
        "worker",
        "rep",
        "liaison",
        "coordinator",
        "agency",
        "services",
        "therapist",
        "pharmacist",
        "caseworker",
        "case",
        "social",
        "program",
        "clinic",
    ];
    let (Some(t), Some(n)) = (toks.get(i), toks.get(i + 1)) else {
        return false;
    };
    let w = t.word(text);
    if t.case != Case::Upper
        || !(2..=5).contains(&w.len())
        || text[t.end..n.start] != *" "
        || lexicon::flags(w) & (NAME | WEAK_NAME) != 0
    {
        return false;
    }
    ROLES.contains(&n.word(text)) && crate::names::line_has_lower(text, t.start)
}

/// "Jones, Robert A. (MRN …)": a middle initial after a name found, where no
/// capitalised word follows it (which the rules above judge).
fn initials_after(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for k in 0..out.len() {
        let Span { end, kind, .. } = out[k];
        if kind != PhiKind::Name {
            continue;
        }
        let i = end + 1;
        if !(b.get(end) == Some(&b' ') && b.get(i).is_some_and(u8::is_ascii_uppercase)) {
            continue;
        }
        // Without its period only at the end of a line ("DOE, JOHN Q").
        if b.get(i + 1) != Some(&b'.') {
            if matches!(b.get(i + 1), None | Some(b'\n' | b'\r' | b',' | b';')) {
                out.push(Span {
                    start: i,
                    end: i + 1,
                    kind: PhiKind::Name,
                });
            }
            continue;
        }
        let next = b[i + 2..].iter().find(|c| **c != b' ');
        // Not "A.M." or "U.S.", nor before a capitalised word.
        let abbreviation = b.get(i + 2).is_some_and(u8::is_ascii_alphanumeric);
        if !abbreviation && next.is_none_or(|c| !c.is_ascii_uppercase() && c.is_ascii()) {
            out.push(Span {
                start: i,
                end: i + 2,
                kind: PhiKind::Name,
            });
        }
    }
}

fn is_kin(w: &str) -> bool {
    static SET: std::sync::OnceLock<crate::names::FastSet<&'static str>> =
        std::sync::OnceLock::new();
    // Every word of the list is lower-case ASCII.
    let mut buf = [0u8; 32];
    crate::names::ascii_lower(w, &mut buf).is_some_and(|l| {
        SET.get_or_init(|| KIN.iter().copied().collect())
            .contains(l)
    })
}

/// Family and household: the relations a person has (a disease has
/// patients and nurses too: "Parkinson's patient", "Parkinson's nurse").
const KIN: &[&str] = &[
    "dtr",
    "dau",
    "bro",
    "sis",
    "wife",
    "husband",
    "spouse",
    "partner",
    "son",
    "sons",
    "daughter",
    "daughters",
    "child",
    "children",
    "kids",
    "mother",
    "mom",
    "father",
    "dad",
    "parents",
    "sister",
    "sisters",
    "brother",
    "brothers",
    "siblings",
    "aunt",
    "uncle",
    "niece",
    "nieces",
    "nephew",
    "nephews",
    "cousin",
    "cousins",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "grandma",
    "grandpa",
    "grandchildren",
    "grandparents",
    "fiance",
    "fiancee",
    "boyfriend",
    "girlfriend",
    "roommate",
    "friend",
    "friends",
    "neighbor",
    "neighbour",
    "caregiver",
    "guardian",
];

/// A note written in capitals: "KWAME SMITH CALLED AGAIN ABOUT THE BILL". Two
/// words in capitals that start a sentence before a verb only people do,
/// each a dictionary name or a word no list knows (not an English word, an
/// organisation's, a place's, a stopword, a relation or a title), are a
/// person's name (capitals say nothing there, so one word alone is not
/// enough: "PHARMACY CALLED").
fn capitals_before_a_verb(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let sentence_start = |t: &Tok| starts_sentence(text, t.start);
    for i in 1..toks.len() {
        let (b, v) = (&toks[i - 1], &toks[i]);
        if v.case != Case::Upper
            || b.case != Case::Upper
            || !spaced(text, b, v)
            || !verb_in_capitals(text, toks, i)
        {
            continue;
        }
        // Two words: each a dictionary name or a word no list knows.
        let word_ok = |t: &Tok| {
            let w = t.word(text);
            t.case == Case::Upper
                && w.len() >= 3
                && t.flags & (STOP | DRUG) == 0
                && (t.flags & (NAME | WEAK_NAME) != 0
                    || t.flags & (ENGLISH | KNOWN | PLACE | COUNTRY_END) == 0)
                && !crate::detect::is_relation(w)
                && !crate::detect::is_title(w)
        };
        if let Some(a) = i.checked_sub(2).map(|k| &toks[k])
            && a.case == Case::Upper
            && spaced(text, a, b)
            && word_ok(a)
            && word_ok(b)
            && sentence_start(a)
        {
            out.push(Span {
                start: a.start,
                end: b.end,
                kind: PhiKind::Name,
            });
        }
        // One word alone ("KWAME IS ASKING FOR A CALL BACK", "SHOVDA IS FROM
        // ..."): four letters or more with a vowel, that no list knows but as
        // a name (organisations call and state too; "NCHS REPORTS" is an
        // acronym).
        let w = b.word(text);
        let unlisted = b.flags & (ENGLISH | KNOWN | PLACE | COUNTRY_END | STOP | DRUG) == 0;
        if w.len() >= 4
            && w.bytes().all(|c| c.is_ascii_uppercase())
            && w.bytes().any(|c| b"AEIOUY".contains(&c))
            && (unlisted || b.flags & NAME != 0 && b.flags & ENGLISH == 0)
            && !crate::detect::is_relation(w)
            && sentence_start(b)
        {
            out.push(Span {
                start: b.start,
                end: b.end,
                kind: PhiKind::Name,
            });
        }
    }
}

/// Whether byte `at` begins a sentence or clause: only spaces and tabs after
/// the text's start, or after `.`, `;`, `:`, a line's end, `!` or `?`.
#[inline]
pub(crate) fn starts_sentence(text: &str, at: usize) -> bool {
    let head = text[..at].trim_end_matches([' ', '\t']);
    head.is_empty() || head.ends_with(['.', ';', ':', '\n', '!', '?'])
}

/// A verb only people do, in capitals, at token `i` ([`person_verb`]'s, and
/// what callers do: "AGREES", "IS ASKING", "WOULD LIKE").
fn verb_in_capitals(text: &str, toks: &[Tok], i: usize) -> bool {
    // Every such verb has two to eleven letters ("IS", "UNDERSTANDS").
    if !(2..=11).contains(&(toks[i].end - toks[i].start)) {
        return false;
    }
    let (mut vb, mut nb) = ([0u8; 32], [0u8; 32]);
    let Some(v) = crate::names::ascii_lower(toks[i].word(text), &mut vb) else {
        return false;
    };
    let next = toks
        .get(i + 1)
        .filter(|n| spaced(text, &toks[i], n))
        .and_then(|n| crate::names::ascii_lower(n.word(text), &mut nb));
    person_verb_word(v.as_bytes(), next.map(str::as_bytes))
        || matches!(
            (v, next),
            ("agrees", _) | ("is" | "was", Some("asking" | "requesting")) | ("would", Some("like"))
        )
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Where a message names the person it is to or from: after a greeting
/// ("Hi Dmitri,", "Thanks so much, Dmitri!", "Dear Ann Lee,"), a sign-off
/// with its comma ("Regards,\nDmitri Smith", "Thanks, John"), or a caller
/// saying who they are ("this is Dmitri again", "Hi, this is John Miller's
/// husband", "I'm Priya, his caregiver"). The capitalised words there are
/// the name, whatever the lists say of them (a given name that is an
/// English word, a famous person's), up to a clause's end, a possessive or
/// a lower-case word; not a title (the title rule's), a relation, a
/// stopword, a drug, an English word that is no name, or an eponym.
fn addressed_and_signed(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    #[derive(PartialEq)]
    enum Slot {
        Greet,
        GreetOrSign,
        GoodGreet,
        Sign,
        Is,
        Am,
        SelfId,
    }
    // A switch on the length and first letter, then a compare or two: this
    // runs on every word.
    let slot = |t: &Tok| {
        let b = &text.as_bytes()[t.start..t.end];
        let is = |w: &[u8]| b.eq_ignore_ascii_case(w);
        Some(match (b.len(), b.first()? | 0x20) {
            (2, b'h') if is(b"hi") => Slot::Greet,
            (2, b'i') if is(b"is") => Slot::Is,
            (2, b'i') if is(b"im") => Slot::SelfId,
            (2, b'a') if is(b"am") => Slot::Am,
            (3, b'h') if is(b"hey") => Slot::Greet,
            (3, b't') if is(b"thx") => Slot::Greet,
            (3, b'i') if is(b"i'm") => Slot::SelfId,
            (4, b'd') if is(b"dear") => Slot::Greet,
            (4, b'i') if is(b"it's") => Slot::SelfId,
            (4, b'b') if is(b"best") => Slot::Sign,
            (4, b'l') if is(b"love") => Slot::Sign,
            (5, b'h') if is(b"hello") => Slot::Greet,
            (5, b't') if is(b"thank") => Slot::Greet,
            (6, b't') if is(b"thanks") => Slot::GreetOrSign,
            (6, b'c') if is(b"cheers") => Slot::Sign,
            (7, b'm') if is(b"morning") => Slot::GoodGreet,
            (7, b'e') if is(b"evening") => Slot::GoodGreet,
            (7, b'r') if is(b"regards") => Slot::Sign,
            (9, b'a') if is(b"afternoon") => Slot::GoodGreet,
            (9, b's') if is(b"sincerely") => Slot::Sign,
            (12, b'r') if is(b"respectfully") => Slot::Sign,
            _ => return None,
        })
    };
    const FILL: &[&str] = &["you", "so", "much", "again", "very"];
    let word = |k: usize| toks[k].word(text);
    let comma_gap = |g: Option<&str>| matches!(g, Some(", " | ",\n" | ",\r\n" | ", \n"));
    for i in 0..toks.len() {
        let Some(s) = slot(&toks[i]) else {
            continue;
        };
        let prev_is = |w: &str| {
            i > 0
                && toks[i - 1].end - toks[i - 1].start == w.len()
                && word(i - 1).eq_ignore_ascii_case(w)
                && spaced(text, &toks[i - 1], &toks[i])
        };
        let signs_off = matches!(s, Slot::Sign | Slot::GreetOrSign)
            && text[toks[i].end..].starts_with(',')
            && comma_gap(toks.get(i + 1).map(|n| &text[toks[i].end..n.start]));
        let start_of_run = if signs_off {
            i + 1
        } else if matches!(s, Slot::Greet | Slot::GreetOrSign)
            || (s == Slot::GoodGreet && prev_is("good"))
        {
            let mut k = i + 1;
            while k < toks.len()
                && FILL.iter().any(|f| f.eq_ignore_ascii_case(word(k)))
                && spaced(text, &toks[k - 1], &toks[k])
            {
                k += 1;
            }
            // Only a space, or a comma and a space, before the name.
            let gap = toks.get(k).map(|n| &text[toks[k - 1].end..n.start]);
            if !(gap == Some(" ") || comma_gap(gap)) {
                continue;
            }
            k
        } else if (s == Slot::Is && prev_is("this"))
            || (s == Slot::Am && prev_is("i"))
            || s == Slot::SelfId
        {
            if toks
                .get(i + 1)
                .is_none_or(|n| &text[toks[i].end..n.start] != " ")
            {
                continue;
            }
            i + 1
        } else {
            continue;
        };
        let mut end = None;
        let mut k = start_of_run;
        while k < toks.len() && k < start_of_run + 3 {
            let t = &toks[k];
            if k > start_of_run && !spaced(text, &toks[k - 1], t) {
                break;
            }
            let tw = without_clitic(t.word(text));
            let f = lexicon::flags(tw);
            // In lower case a dictionary given name that is no English word,
            // then a word no list knows ("hey its nancy", "it's priya
            // okafor").
            let unlisted_pair = || {
                toks.get(k + 1).is_some_and(|n| {
                    n.case == Case::Other
                        && spaced(text, t, n)
                        && n.end - n.start >= 3
                        && lexicon::flags(n.word(text)) & !NAME == 0
                })
            };
            let lower = t.case == Case::Other
                && tw.len() >= 3
                && if k == start_of_run {
                    lexicon::plain_name(f) || (f == 0 && unlisted_pair())
                } else {
                    end.is_some() && (f == 0 || lexicon::plain_name(f))
                };
            let person_word = (t.case != Case::Other || lower)
                && !t.initial
                && tw.chars().count() >= 2
                && f & (STOP | DRUG) == 0
                && (f & (NAME | WEAK_NAME) != 0 || f & ENGLISH == 0)
                && !crate::detect::is_relation(tw)
                && !crate::detect::is_title(tw)
                && crate::dates::month_from(tw).is_none()
                && !WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(tw));
            if !person_word {
                break;
            }
            end = Some(k);
            // A possessive ends the name ("John Miller's husband").
            if tw.len() < t.word(text).len() {
                break;
            }
            k += 1;
        }
        let Some(e) = end else {
            continue;
        };
        // The name ends a clause or a lower-case word follows; no eponym.
        let after = text[name_end(text, toks[e].end)..].trim_start_matches([' ', '\t']);
        let next = after
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        let closes = after.is_empty()
            || after.starts_with(['.', ',', '!', '?', ';', ':', '\n', '\r', '\''])
            || (next.chars().next().is_some_and(char::is_lowercase) && !is_eponym_head(next));
        if closes {
            out.push(Span {
                start: toks[start_of_run].start,
                end: name_end(text, toks[e].end),
                kind: PhiKind::Name,
            });
        }
    }
}

/// A capitalised word the large dictionary knows but no list of names has
/// ("Dmitri", "Anya": famous people and rare words are there too), where
/// only a person can stand: right after a carer's credential in capitals,
/// ending a clause or before a verb ("RN Dmitri notified", "by wound RN
/// Dmitri."; not "NP Callback number"), or before a word for kin
/// in brackets ("per family (Dmitri, daughter)"). Unknown words there are
/// the lone proper nouns' pass's; this one is for words it leaves alone.
fn known_words_as_people(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    const CREDENTIALS: &[&str] = &["RN", "LPN", "NP", "RT", "CNA", "PA", "MD", "APRN"];
    for (i, t) in toks.iter().enumerate() {
        // A known word that is no name, or a name that is an English word
        // ("John", "Will"): the places below say person for both.
        let known = t.flags & KNOWN != 0
            && t.flags & (NAME | WEAK_NAME | ENGLISH | STOP | DRUG | PLACE | COUNTRY_END) == 0;
        let weak = t.flags & WEAK_NAME != 0 && t.flags & DRUG == 0;
        if t.case != Case::Title || !(known || weak) || i == 0 {
            continue;
        }
        // Before a word for kin in brackets: "home with Will (daughter)",
        // a name even where it is a stopword too.
        // A word for kin and a closing bracket at the start of `r`.
        let kin_closed = |r: &str| {
            let w = &r[..r.bytes().take_while(u8::is_ascii_alphabetic).count()];
            KIN.iter().any(|k| k.eq_ignore_ascii_case(w)) && r[w.len()..].starts_with(')')
        };
        let kin_after = text[t.end..].strip_prefix(" (").is_some_and(kin_closed);
        if t.flags & STOP != 0 && !kin_after {
            continue;
        }
        let p = &toks[i - 1];
        // After the credential, the name ends a clause or is the subject of
        // a verb ("RN Dmitri notified"; not "NP Callback number").
        let rest = text[t.end..].trim_start_matches([' ', '\t']);
        let next = rest
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        let ends_or_acts = rest.is_empty()
            || rest.starts_with(['.', ',', ';', ':', ')', '\n'])
            || (next.len() >= 4
                && next.bytes().all(|c| c.is_ascii_lowercase())
                && (next.ends_with("ed") || next.ends_with('s')));
        let after_credential =
            text[p.end..t.start] == *" " && CREDENTIALS.contains(&p.word(text)) && ends_or_acts;
        // In brackets before a word for kin or an age ("(Dmitri, daughter)",
        // "(Will, 94)").
        let kin_in_brackets = text[..t.start].ends_with('(')
            && text[t.end..].strip_prefix(", ").is_some_and(|r| {
                let age = r.bytes().take_while(u8::is_ascii_digit).count();
                kin_closed(r) || ((1..=3).contains(&age) && r[age..].starts_with(')'))
            });
        // The subject of a verb a person does, after a lower-case word and
        // a space or a comma ("Pt states Dmitri has POA", "Per voicemail,
        // Dmitri is out of her meds", "Hi all, John will cover"): not a
        // language, a payer or a service ("states Spanish is", "Ortho will").
        let gap = &text[p.end..t.start];
        let subject = p.case == Case::Other
            && (gap == ", " || (gap == " " && known))
            && !matches!(
                p.word(text),
                "the" | "a" | "an" | "in" | "at" | "to" | "of" | "for" | "on" | "by" | "and" | "or"
            )
            && rest.len() > next.len()
            && rest.as_bytes()[next.len()] == b' '
            && SUBJECT_VERBS.contains(&next)
            && !not_a_person(t.word(text));
        if after_credential || kin_in_brackets || kin_after || subject {
            out.push(Span {
                start: t.start,
                end: t.end,
                kind: PhiKind::Name,
            });
        }
    }
}

/// Verbs after a known word that make it a person ([`known_words_as_people`]).
const SUBJECT_VERBS: &[&str] = &[
    "is", "was", "has", "had", "will", "would", "can", "could", "did", "does", "should", "says",
    "said", "told", "asked", "wants", "wanted", "called", "lives", "lived", "states", "stated",
    "reports", "reported", "agrees", "agreed", "declined", "declines",
];

/// Capitalised words no list calls English that act as subjects but are no
/// people: languages, public payers, services.
pub(crate) fn not_a_person(w: &str) -> bool {
    static SET: std::sync::OnceLock<crate::names::FastSet<&'static str>> =
        std::sync::OnceLock::new();
    let set = SET.get_or_init(|| {
        OTHER
            .iter()
            .chain(crate::detect::SPECIALTIES)
            .copied()
            .collect()
    });
    let mut buf = [0u8; 32];
    crate::names::ascii_lower(w, &mut buf).is_some_and(|l| set.contains(l))
}

const OTHER: &[&str] = &[
    "english",
    "spanish",
    "french",
    "german",
    "italian",
    "portuguese",
    "russian",
    "chinese",
    "mandarin",
    "cantonese",
    "vietnamese",
    "korean",
    "japanese",
    "arabic",
    "hindi",
    "urdu",
    "bengali",
    "punjabi",
    "gujarati",
    "tamil",
    "nepali",
    "polish",
    "ukrainian",
    "haitian",
    "creole",
    "tagalog",
    "somali",
    "amharic",
    "swahili",
    "farsi",
    "persian",
    "greek",
    "hebrew",
    "yiddish",
    "turkish",
    "asl",
    "medicare",
    "medicaid",
    "tricare",
    "masshealth",
    "medi-cal",
    "champva",
    "god",
    "jesus",
];

/// What only a person has, after a possessive: "per Mei's wishes", "at
/// John's request" (a disease's possessive is before a disease word).
const PERSONAL: &[&str] = &[
    "wishes",
    "wish",
    "request",
    "requests",
    "preference",
    "preferences",
    "consent",
    "permission",
    "decision",
    "choice",
    "behalf",
    "recollection",
];

/// "Bob's wife", "Kowalski's daughters", "per Mei's wishes": a capitalised
/// dictionary name or proper noun in the possessive before a family relation
/// or what only a person has is a person, though it is an English word too
/// ("Bob"). Stopwords ("Patient's"), relations ("Mother's sister") and drugs
/// stay.
fn possessors(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    for w in toks.windows(2) {
        let (t, r) = (&w[0], &w[1]);
        if t.case == Case::Other || !spaced(text, t, r) {
            continue;
        }
        let word = &text[t.start..t.end];
        let Some(base) = word.strip_suffix("'s").or_else(|| word.strip_suffix("'S")) else {
            continue;
        };
        let flags = lexicon::flags(base);
        // In capitals only a dictionary name that is no English word.
        let person = match t.case {
            Case::Title => flags & (NAME | WEAK_NAME) != 0 || proper(text, t),
            _ => flags & NAME != 0,
        };
        if person
            && flags & (STOP | DRUG) == 0
            && !crate::detect::is_relation(base)
            && KIN
                .iter()
                .chain(PERSONAL)
                .any(|k| k.eq_ignore_ascii_case(&text[r.start..r.end]))
        {
            out.push(Span {
                start: t.start,
                end: t.start + base.len(),
                kind: PhiKind::Name,
            });
        }
    }
}

/// Where the sentence holding byte `at` starts: after the last `.`, `!`,
/// `?`, `;` or newline before it.
fn sentence_start_of(text: &str, at: usize) -> usize {
    text[..at]
        .rfind(['.', '!', '?', '\n', ';'])
        .map_or(0, |i| i + 1)
}

/// A dictionary name called out at the end of a clause: "Remember me,
/// Maria?", "Don't go to town, Mark!". After a comma and before `?` or `!`
/// a capitalised word mid-sentence is someone addressed; English words that
/// are no names ("Yes", "Doctor") and drugs stay. Before a period only in a
/// clause with "you" ("Hope you are well, Dmitri.").
fn vocatives(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for (i, t) in toks.iter().enumerate() {
        if t.case != Case::Title
            || t.flags & (STOP | DRUG) != 0
            || !matches!(b.get(t.end), Some(b'?' | b'!' | b'.'))
            || !text[..t.start].ends_with(", ")
            || i == 0
            || toks[i - 1].end + 2 != t.start
        {
            continue;
        }
        // Before a period, only where the clause speaks to someone ("Hope you
        // are well, Dmitri."): then a proper noun no list has counts too.
        let addressed = b[t.end] != b'.' || {
            let clause = &text[sentence_start_of(text, t.start)..t.start];
            clause
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.eq_ignore_ascii_case("you") || w.eq_ignore_ascii_case("your"))
        };
        let named = t.flags & (NAME | WEAK_NAME) != 0 || (b[t.end] == b'.' && proper(text, t));
        if !(addressed && named) {
            continue;
        }
        out.push(Span {
            start: t.start,
            end: t.end,
            kind: PhiKind::Name,
        });
    }
}

/// Endings of medical terms and drug stems: words with them are no names
/// ("Pulmonology", "Telemetry" aside, "Cholecystectomy", "Lisinopril").
const MEDICAL_ENDINGS: &[&str] = &[
    "ology", "ologist", "ologic", "itis", "ectomy", "otomy", "ostomy", "osis", "emia", "aemia",
    "plasty", "scopy", "graphy", "gram", "pathy", "algia", "cillin", "mycin", "azole", "pril",
    "olol", "statin", "sartan", "parin", "mab", "tinib", "vir", "dipine", "prazole", "tidine",
    "health", "care", "med", "pap",
];

/// Greek and Latin stems that begin medical terms ("Hypotaurinemic",
/// "Oculocutaneous", "Pontocerebellar"); with nine letters or more a word
/// beginning with one is no one's name.
const MEDICAL_STEMS: &[&str] = &[
    "hypo", "hyper", "pseudo", "neuro", "oculo", "osteo", "chondro", "cardio", "myelo", "encephal",
    "gastro", "hepat", "nephr", "hemat", "haemat", "leuko", "leuco", "erythro", "thrombo", "angio",
    "arthro", "cranio", "spondyl", "oligo", "brady", "tachy", "terato", "ponto", "cerebell",
    "mesomel", "rhizomel", "acromel", "micro", "macro", "megalo", "lympho", "onycho", "ophthalm",
    "pneumo", "broncho", "laryng", "pharyng", "esophag", "oesophag", "entero", "hystero", "immuno",
    "glyco", "hydroxy", "methyl", "kypho", "scolio", "dolicho", "brachy", "campto", "ankylo",
    "blepharo", "cysto", "dermato", "fibro", "histio", "keratin", "kerato", "myo", "neph",
    "retino", "sclero", "steato",
];

/// Endings of medical terms beyond [`MEDICAL_ENDINGS`], for words of nine
/// letters or more ("Hypochondroplasia", "Bilirubinuria", "Omphalocele").
const LONG_MEDICAL_ENDINGS: &[&str] = &[
    "plasia",
    "plastic",
    "pathic",
    "phagia",
    "phasia",
    "trophy",
    "trophic",
    "genesis",
    "uria",
    "emic",
    "aemic",
    "cele",
    "carcinoma",
    "blastoma",
    "sarcoma",
    "adenoma",
    "lymphoma",
    "melanoma",
    "ectasia",
    "stomia",
    "melia",
    "cephaly",
    "cephalic",
    "dactyly",
    "phonia",
    "lepsy",
    "kinesia",
    "taxia",
    "clonus",
    "clonic",
    "philia",
    "phobia",
    "penia",
    "cytosis",
    "megaly",
    "rrhea",
    "rrhoea",
    "rrhage",
    "ptosis",
    "lysis",
    "lytic",
    "iasis",
    "ectomy",
    "schisis",
    "ismus",
    "otic",
];

/// Whether `w` ends (ASCII case aside) with one of `endings` after at least
/// `stem` more bytes.
fn ends_in(w: &str, endings: &[&str], stem: usize) -> bool {
    let b = w.as_bytes();
    endings.iter().any(|e| {
        b.len() >= e.len() + stem && b[b.len() - e.len()..].eq_ignore_ascii_case(e.as_bytes())
    })
}

/// A word built like a medical term: a medical stem at its start or a
/// medical ending, nine letters or more (names are rarely that long and
/// never built so).
fn medical_word(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() < 9 {
        return false;
    }
    let starts = |p: &&str| b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    MEDICAL_STEMS
        .iter()
        .filter(|p| p.len() < b.len())
        .any(starts)
        || ends_in(w, LONG_MEDICAL_ENDINGS, 1)
}

/// A hyphenated word whose parts are all words or terms ("Short-Rib",
/// "Infantile-onset", "Anti-beta-2-Glycoprotein", "Ataxia-hypogonadism"),
/// none of them a name that is no English word ("Garcia-Short" stays).
fn medical_compound(w: &str) -> bool {
    // A term's prefix before a hyphen ("Anti-Gephyrin", "Non-ketotic").
    let prefixed = w.split_once('-').is_some_and(|(p, _)| {
        [
            "anti", "non", "pre", "post", "pseudo", "semi", "sub", "super", "hyper", "hypo",
        ]
        .iter()
        .any(|x| x.eq_ignore_ascii_case(p))
    });
    prefixed
        || w.contains('-')
            && w.split('-').all(|p| {
                let f = lexicon::flags(p);
                p.bytes().any(|c| c.is_ascii_digit())
                    || (f & NAME == 0 && f & (ENGLISH | KNOWN | DRUG | STOP) != 0)
                    || medical_word(p)
                    || ends_in(p, MEDICAL_ENDINGS, 1)
            })
}

/// The genus of an organism's binomial name ("Bartonella henselae",
/// "Neisseria gonorrhoeae", "Serratia marcescens"): the next word is lower
/// case, on no word list, and ends as Latin species names do.
fn genus(text: &str, toks: &[Tok], i: usize) -> bool {
    let Some(n) = toks.get(i + 1).filter(|n| spaced(text, &toks[i], n)) else {
        return false;
    };
    let w = &text[n.start..n.end];
    n.case == Case::Other
        && w.len() >= 4
        // (Lower-case tokens carry no flags: look the word up.)
        && lexicon::flags(w) & (ENGLISH | NAME | WEAK_NAME | STOP | KNOWN | DRUG) == 0
        && [
            "ae", "ii", "is", "us", "um", "ens", "ans", "ensis", "oides", "osa", "ica", "ata",
            "iae", "ella", "ium",
        ]
        .iter()
        .any(|e| w.ends_with(e))
}

/// A disease or sign named after someone ("Crohn's disease", "Babinski
/// sign"): the word ending at `end` is an eponym, not a person in the note.
pub(crate) fn eponym(text: &str, end: usize) -> bool {
    // An optional possessive ("Crohn's", "Graves'"), then spaces. (Trimming
    // the characters one by one would eat the `s` of "syndrome" and "sign".)
    let after = &text[end..];
    let possessive = ["'s", "'S", "’s", "'", "’"]
        .iter()
        .find_map(|p| after.strip_prefix(p));
    let rest = possessive.unwrap_or(after).trim_start_matches(' ');
    let word = |r: &str| -> usize { r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len()) };
    let next = &rest[..word(rest)];
    if EPONYM_HEADS.iter().any(|h| h.eq_ignore_ascii_case(next)) {
        return true;
    }
    // A disease the possessive alone names ("advanced Parkinson's", "hx of
    // Crohn's."), unless a word for a person follows ("Parkinson's wife").
    // (A token may hold its possessive: "Parkinson's" ends after the `s`.)
    let inside = ["'s", "’s", "'S"]
        .iter()
        .find_map(|p| text[..end].strip_suffix(p));
    if (possessive.is_some() || inside.is_some()) && !next.starts_with(|c: char| c.is_uppercase()) {
        let before = inside.unwrap_or(&text[..end]);
        let w = &before[before
            .char_indices()
            .rfind(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(k, c)| k + c.len_utf8())..];
        if DISEASE_POSSESSIVES
            .iter()
            .any(|d| d.eq_ignore_ascii_case(w))
            && !is_kin(next)
        {
            return true;
        }
    }
    // A score named after its author, then its value: "Apgar 9 at 5
    // minutes", "Gleason 3+4", "Mallampati 2".
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let before = &text[..end];
        let w = &before[before
            .char_indices()
            .rfind(|(_, c)| !c.is_ascii_alphabetic())
            .map_or(0, |(k, c)| k + c.len_utf8())..];
        let w = w.strip_suffix('s').filter(|_| w.len() > 5).unwrap_or(w);
        if SCORE_EPONYMS.iter().any(|h| h.eq_ignore_ascii_case(w)) {
            return true;
        }
    }
    // Or one or two lower-case modifiers, then a disease's head noun ("Leber
    // congenital amaurosis", "Thiel-Behnke corneal dystrophy"); no stopword
    // between ("Ann has the disease" is a person).
    let mut r = rest;
    for _ in 0..2 {
        let n = word(r);
        let w = &r[..n];
        if n < 3
            || !w.starts_with(|c: char| c.is_ascii_lowercase())
            || crate::detect::is_stopword(w)
        {
            return false;
        }
        r = r[n..].strip_prefix(' ').unwrap_or("");
        let head = &r[..word(r)];
        if MODIFIED_HEADS.iter().any(|h| h.eq_ignore_ascii_case(head)) {
            return true;
        }
    }
    false
}

/// Words at a sentence's start (`start..end`) that something was done to,
/// in a note's shorthand: a participle of an action on an object, then a
/// stop or a preposition ("Bair Hugger applied; temp 35.9", "Tegaderm
/// applied over the site"); not what people undergo ("Smith placed on
/// BiPAP", "Jones transferred to floor").
pub(crate) fn object_first(text: &str, start: usize, end: usize) -> bool {
    const DONE: &[&str] = &[
        "applied",
        "placed",
        "removed",
        "inserted",
        "drained",
        "flushed",
        "reinforced",
        "replaced",
        "changed",
        "emptied",
        "documented",
        "ordered",
        "checked",
        "used",
        "obtained",
        "wrapped",
    ];
    const THEN: &[&str] = &["by", "per", "over", "at", "and", "x1", "with"];
    let before = text[..start].trim_end_matches([' ', '\t']);
    if !(before.is_empty() || before.ends_with(['.', ';', '\n', ':'])) {
        return false;
    }
    let rest = text[end..].trim_start_matches(' ');
    let n = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    if !DONE.contains(&&rest[..n]) {
        return false;
    }
    let after = rest[n..].trim_start_matches(' ');
    let m = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
    after.is_empty() || after.starts_with(['.', ';', ',']) || (m > 0 && THEN.contains(&&after[..m]))
}

/// A device named for its inventor, alone and not after a title ("Foley
/// removed", "the Foley is draining"; not "Dr. Foley", "Ann Foley").
pub(crate) fn device_eponym(text: &str, start: usize, end: usize) -> bool {
    const DEVICES: &[&str] = &["foley", "hickman", "groshong", "penrose"];
    let w = &text[start..end];
    // A warming blanket: the pair is the device ("Bair Hugger applied").
    if w.eq_ignore_ascii_case("bair hugger")
        || (w.eq_ignore_ascii_case("bair")
            && text[end..]
                .get(..7)
                .is_some_and(|n| n.eq_ignore_ascii_case(" hugger")))
    {
        return true;
    }
    if !DEVICES.iter().any(|d| d.eq_ignore_ascii_case(w)) {
        return false;
    }
    let before = text[..start].trim_end();
    let prev = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let next = text[end..].trim_start_matches(' ');
    // A capitalised word after it makes a name ("Foley Smith"), unless the
    // text is in capitals and that word is an English one ("FOLEY CATHETER").
    let next_word = next
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    let english_caps = next_word.len() >= 2
        && next_word.bytes().all(|c| c.is_ascii_uppercase())
        && lexicon::english_only(lexicon::flags(next_word));
    !crate::detect::is_title(prev)
        && (!next.starts_with(|c: char| c.is_uppercase()) || english_caps)
}

/// Eponyms that name a disease by the possessive alone ("Parkinson's",
/// "Alzheimer's"); not those as common as surnames of people ("Wilson's",
/// "Graves'", "Bell's").
const DISEASE_POSSESSIVES: &[&str] = &[
    "parkinson",
    "alzheimer",
    "crohn",
    "hodgkin",
    "huntington",
    "addison",
    "cushing",
    "raynaud",
    "tourette",
    "asperger",
    "hashimoto",
    "sjogren",
    "sjögren",
    "meniere",
    "ménière",
    "kaposi",
    "paget",
];

/// Clinical scores and grades written as their author's name and a number.
/// Only names that are rare as people's surnames: "Hunt 2", "Wells 4",
/// "Clark 3" or "Fisher 2" may be a person and a count, and stay names.
const SCORE_EPONYMS: &[&str] = &[
    "apgar",
    "gleason",
    "mallampati",
    "karnofsky",
    "breslow",
    "killip",
    "glasgow",
    "braden",
    "ranson",
    "centor",
    "cormack",
    "lehane",
    "spetzler",
    "lown",
];

/// Head nouns of diseases that an eponym may stand apart from by a modifier or two.
const MODIFIED_HEADS: &[&str] = &[
    "syndrome",
    "disease",
    "dystrophy",
    "dysplasia",
    "myopathy",
    "neuropathy",
    "malformation",
    "anomaly",
    "amaurosis",
    "atrophy",
    "retardation",
    "deficiency",
    "membrane",
    "layer",
    "nodules",
    "rosette",
];

/// An eponym after "of" ("tetralogy of Fallot", "circle of Willis", "vein of
/// Galen", "sphincter of Oddi"): the word starting at `start` follows "of"
/// and an anatomical or clinical noun.
pub(crate) fn eponym_of(text: &str, start: usize) -> bool {
    let Some(head) = text[..start].strip_suffix(" of ") else {
        return false;
    };
    let noun = head
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    OF_HEADS.iter().any(|h| h.eq_ignore_ascii_case(noun))
}

/// Nouns before "of" and a person's name in anatomy and pathology.
const OF_HEADS: &[&str] = &[
    "tetralogy",
    "pentalogy",
    "circle",
    "ampulla",
    "islets",
    "islet",
    "loop",
    "sphincter",
    "canal",
    "pouch",
    "nevus",
    "naevus",
    "vein",
    "aqueduct",
    "bundle",
    "foramen",
    "ligament",
    "triangle",
    "crypts",
    "column",
    "columns",
    "organ",
    "gland",
    "glands",
    "node",
    "nodes",
    "tubercle",
    "fossa",
    "recess",
    "duct",
    "ducts",
    "valve",
    "spots",
    "bodies",
    "cells",
    "disease",
    "syndrome",
    "sign",
    "anomaly",
    "dystrophy",
];

/// A noun of [`EPONYM_HEADS`] (any case).
pub(crate) fn is_eponym_head(w: &str) -> bool {
    EPONYM_HEADS.iter().any(|h| h.eq_ignore_ascii_case(w))
}

/// Nouns that follow a person's name in the name of a disease, sign, test,
/// structure or device ("Noonan syndrome", "Babinski sign", "Schmid type",
/// "Stensen duct", "Foley catheter", "Glasgow coma scale").
const EPONYM_HEADS: &[&str] = &[
    "disease",
    "diseases",
    "syndrome",
    "syndromes",
    "sign",
    "signs",
    "palsy",
    "test",
    "criteria",
    "score",
    "scores",
    "scale",
    "index",
    "class",
    "grade",
    "stage",
    "maneuver",
    "manoeuvre",
    "reflex",
    "procedure",
    "operation",
    "classification",
    "fracture",
    "tumor",
    "tumour",
    "ulcer",
    "phenomenon",
    "law",
    "catheter",
    "monitor",
    "lift",
    "drain",
    "pump",
    "coma",
    "type",
    "disorder",
    "anomaly",
    "malformation",
    "sequence",
    "dystrophy",
    "dysplasia",
    "myopathy",
    "neuropathy",
    "encephalopathy",
    "ataxia",
    "anemia",
    "anaemia",
    "lymphoma",
    "sarcoma",
    "carcinoma",
    "macroglobulinemia",
    "aneurysm",
    "hernia",
    "contracture",
    "deformity",
    "cyst",
    "duct",
    "node",
    "nodes",
    "cell",
    "cells",
    "body",
    "bodies",
    "triad",
    "ratio",
    "position",
    "aphasia",
    "thyroiditis",
    "chorea",
    "esophagus",
    "oesophagus",
    "factor",
];

/// Words after which a sentence's first word is a person's name ("Shovda is
/// very reliable", "Mehrudin shouted"); a term's first word is followed by a
/// noun or an adjective ("Troponin negative", "Dexa scan ordered").
fn subject_verb(w: &[u8]) -> bool {
    matches!(
        w.to_ascii_lowercase().as_slice(),
        b"is"
            | b"was"
            | b"has"
            | b"had"
            | b"will"
            | b"would"
            | b"can"
            | b"could"
            | b"did"
            | b"does"
            | b"should"
            | b"shouted"
            | b"says"
            | b"said"
            | b"asked"
            | b"told"
            | b"wants"
            | b"wanted"
            | b"went"
            | b"came"
            | b"called"
            | b"lives"
            | b"lived"
            | b"and"
    )
}

/// A given name or surname that is also an English word ("Holly", "Brown",
/// "Page"), capitalised in the middle of a sentence right after a lower-case
/// word ("left a message for Holly", "seen by Brown today"): in a sentence
/// written in lower case a capital there makes a proper noun. Not after an
/// article ("left at the Shell station": a brand), nor where the next word
/// is capitalised and no name or a place ("Rose Garden", "South Africa"),
/// a code or number follows ("Ward 4B"), the word is a stopword, a drug or a
/// possessive, or an eponym ("Bell palsy", "Foley catheter").
pub(crate) fn weak_names_mid_sentence(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for (i, t) in toks.iter().enumerate().skip(1) {
        if t.case != Case::Title {
            continue;
        }
        // A possessive is read by its name ("worried about John's weight").
        let w = t.word(text);
        let possessive = w.ends_with("'s");
        let (w, flags) = if possessive {
            let base = &w[..w.len() - 2];
            (base, lexicon::flags(base))
        } else {
            (w, t.flags)
        };
        // (A dictionary name's possessive is a name's too; a disease's,
        // "Parkinson's", is an eponym, below.)
        let named = if possessive {
            NAME | WEAK_NAME
        } else {
            WEAK_NAME
        };
        if flags & named == 0 || flags & (STOP | DRUG) != 0 || w.len() < 3 {
            continue;
        }
        let p = &toks[i - 1];
        // After a lower-case word, or after "per" ("Per John, she"), or an
        // initial ("- D. Miller"; not "Vitamin D. Brown sputum").
        let per = p.word(text).eq_ignore_ascii_case("per");
        let initial = p.initial && p.case == Case::Upper && !lettered_initial(text, toks, i - 1);
        if (p.case != Case::Other && !per && !initial)
            || (p.initial && !initial)
            || &text[p.end..t.start] != " "
            || matches!(&b[p.start..p.end], b"the" | b"a" | b"an")
            || w.contains(['\'', '’', '-'])
            || crate::detect::is_relation(w)
        {
            continue;
        }
        // What follows: a capitalised word that is no name makes a phrase,
        // a digit a code.
        let after = &b[t.end..];
        if after
            .first()
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'\'')
            || after
                .strip_prefix(b" ")
                .is_some_and(|r| r.first().is_some_and(u8::is_ascii_digit))
        {
            continue;
        }
        // The next word, where it is capitalised: a name goes with this one
        // (and an eponym of two names, "Miller Fisher syndrome", with both).
        let next = toks
            .get(i + 1)
            .filter(|n| spaced(text, t, n) && n.case != Case::Other);
        if next.is_some_and(|n| {
            n.flags & (NAME | WEAK_NAME) == 0 || n.flags & (PLACE | COUNTRY_END) != 0
        }) {
            continue;
        }
        if eponym(text, t.end)
            || next.is_some_and(|n| eponym(text, n.end))
            || eponym_of(text, t.start)
            || !crate::names::line_has_lower(text, t.start)
        {
            continue;
        }
        out.push(Span {
            start: if initial { p.start } else { t.start },
            end: t.start + w.len(),
            kind: PhiKind::Name,
        });
    }
}

/// Whether `toks[j]` is a letter labelling the noun before it ("Vitamin D.",
/// "Hepatitis B.", one of [`LETTERED`]), not an initial.
fn lettered_initial(text: &str, toks: &[Tok], j: usize) -> bool {
    j > 0
        && spaced(text, &toks[j - 1], &toks[j])
        && LETTERED
            .iter()
            .any(|w| w.eq_ignore_ascii_case(toks[j - 1].word(text)))
}

/// Nouns a single capital letter labels ("Vitamin D", "Hepatitis B", "Type
/// A"): that letter and a period end a sentence, no initial.
const LETTERED: &[&str] = &[
    "vitamin",
    "hepatitis",
    "hep",
    "type",
    "stage",
    "grade",
    "class",
    "factor",
    "group",
    "zone",
    "plan",
    "part",
    "section",
    "schedule",
    "appendix",
    "option",
    "level",
    "ward",
    "wing",
    "unit",
    "building",
    "bldg",
    "lot",
    "gate",
    "tier",
    "category",
    "phase",
    "cohort",
    "arm",
    "apo",
    "protein",
    "complex",
    "influenza",
    "strep",
    "lead",
    "pod",
    "bay",
    "room",
    "bed",
];

/// A proper noun with no context at all ("This song by ex-Zombie Ogasahara",
/// "Shovda is very reliable"): a Title-case word of four letters or more that
/// no word list knows — not English, a stopword, a drug, a place, a country,
/// nor a word of the large dictionary (rare words, brands, organisations) —
/// with no medical ending, that a digit does not follow ("SpO2"). At a
/// sentence's start the next word must be a verb a person does ("Mehrudin
/// shouted"): notes start sentences with terms ("Dexa scan ordered"). What
/// else passes (unlisted jargon) costs precision, not privacy.
pub(crate) fn lone_proper_nouns(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for (i, t) in toks.iter().enumerate() {
        // Dictionary names are the dictionary pass's; the rest are known words.
        if t.case != Case::Title
            || t.flags & (NAME | WEAK_NAME | PLACE | COUNTRY_END | KNOWN) != 0
            || b.get(t.end).is_some_and(u8::is_ascii_digit)
            || !proper(text, t)
        {
            continue;
        }
        let end = name_end(text, t.end);
        let w = &text[t.start..end];
        // Not "E-mail" or "C'mon": every part of a hyphenated word has two
        // letters or more, and a capital follows an inner apostrophe ("O'Hara").
        let parts_ok = w.split('-').all(|p| p.chars().count() >= 2)
            && w.split('\'')
                .skip(1)
                .all(|p| p.chars().next().is_some_and(char::is_uppercase));
        if !parts_ok || w.chars().count() < 4 {
            continue;
        }
        if ends_in(w, MEDICAL_ENDINGS, 0)
            || eponym(text, t.end)
            || eponym_of(text, t.start)
            || medical_word(w)
            || medical_compound(w)
            || genus(text, toks, i)
        {
            continue;
        }
        // Inner capitals make a product ("MyChart"), unless a surname prefix
        // ("McDowell", "MacLeod", "DeShawn") explains them.
        let inner_caps = w
            .char_indices()
            .skip(1)
            .any(|(k, c)| c.is_uppercase() && !w[..k].ends_with(['-', '\'']));
        let prefix = ["Mc", "Mac", "De", "Di", "Da", "La", "Le", "Van", "Von"]
            .iter()
            .any(|p| w.starts_with(p));
        if inner_caps && !prefix {
            continue;
        }
        // A list member beside a drug is a drug ("Penicillin, Keflex and Bactrim").
        let beside_drug = [i.wrapping_sub(2), i.wrapping_sub(1), i + 1, i + 2]
            .iter()
            .filter_map(|&k| toks.get(k))
            .any(|u| {
                let (a, z) = if u.start < t.start {
                    (u.end, t.start)
                } else {
                    (end, u.start)
                };
                let gap = &text[a.min(z)..z.max(a)];
                matches!(gap, ", " | " and " | ", and " | " or " | "/")
                    && lexicon::flags(&text[u.start..u.end]) & DRUG != 0
            });
        if beside_drug {
            continue;
        }
        // After a place preposition an unknown proper noun is a place ("based
        // in Acquapendente"): a geographic unit, removed as a location.
        let prev = i
            .checked_sub(1)
            .map(|k| &toks[k])
            .filter(|p| spaced(text, p, t));
        if prev.is_some_and(|p| matches!(&b[p.start..p.end], b"in" | b"near" | b"In" | b"Near")) {
            out.push(Span {
                start: t.start,
                end,
                kind: PhiKind::Location,
            });
            continue;
        }
        let head = text[..t.start].trim_end_matches([' ', '"', '(', '\'', '*', '-', '>']);
        // An initial before it is no sentence's end ("(K. Oduya)"): it goes
        // with the name.
        let initial = i > 0
            && toks[i - 1].initial
            && toks[i - 1].case == Case::Upper
            && toks[i - 1].end == head.len()
            && spaced(text, &toks[i - 1], t)
            && !lettered_initial(text, toks, i - 1);
        if initial {
            out.push(Span {
                start: toks[i - 1].start,
                end,
                kind: PhiKind::Name,
            });
            continue;
        }
        let sentence_start = head.is_empty() || head.ends_with(['.', '!', '?', '\n', ':', ';']);
        if sentence_start {
            let next = toks
                .get(i + 1)
                .filter(|n| spaced(text, t, n) || end < t.end);
            // Or a surname follows ("Shintarou Hamaguchi will speak"): a
            // Title-case word no list knows but the names list, itself no
            // term.
            let surname = |n: &Tok| {
                n.case == Case::Title
                    && n.flags & (ENGLISH | KNOWN | DRUG | STOP | PLACE | COUNTRY_END) == 0
                    && end == t.end
                    && !medical_word(&text[n.start..n.end])
                    && !eponym(text, n.end)
            };
            // A verb of the kind only people do ("Burug confirmed the prior auth").
            let verb = |n: &Tok| {
                let mut buf = [0u8; 32];
                crate::names::ascii_lower(n.word(text), &mut buf)
                    .is_some_and(|v| person_verb_word(v.as_bytes(), None))
            };
            if !next.is_some_and(|n| subject_verb(&b[n.start..n.end]) || verb(n) || surname(n)) {
                continue;
            }
        }
        out.push(Span {
            start: t.start,
            end,
            kind: PhiKind::Name,
        });
    }
}

/// Capitalised words no list knows, placed as names are (what
/// `deid-eval --unknown-names` showed the passes before miss):
/// - beside a name found already, with one space between ("tennis player
///   Baf Dakik", "Kuka Gug will speak"), where the lone-word rule wants four
///   letters;
/// - at a sentence's start with a comma and a name found already after it: a
///   surname first or a list's first member ("Azoda, Magip is a pleasant
///   gentleman", "founders: Setudafa, Fatire and Nukelu");
/// - at a sentence's start, addressed ("Mirevu, can I please speak to ...");
/// - at a line's start before a colon and a quotation (`Revasam: "Who are
///   you?"`), or before a word for kin after a possessive ("I'm Timibu's
///   daughter");
/// - after "name?" ("What's your last name? Selepatug").
///
/// Never a word any list holds (English, stopwords, drugs, places, rare
/// words), a title or a relation.
pub(crate) fn names_beside_names(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    // Cheap tests first: capitalised, three letters or more, letters (and
    // inner apostrophes and hyphens, each part in no list: not
    // "MD-member"); then what the lists say of it.
    let listed_as = |u: &Tok| -> Option<u8> {
        if u.case == Case::Other || u.initial || u.end - u.start < 3 {
            return None;
        }
        let w = without_clitic(&text[u.start..u.end]);
        let flags = if w.len() == u.end - u.start {
            u.flags
        } else {
            lexicon::flags(w)
        };
        let shaped = w
            .bytes()
            .all(|c| c.is_ascii_alphabetic() || c >= 0x80 || c == b'\'' || c == b'-')
            && (!w.contains('-') || w.split('-').all(|p| lexicon::flags(p) == 0));
        shaped.then_some(flags)
    };
    // In no list at all.
    let unlisted = |u: &Tok| listed_as(u) == Some(0);
    // Beside a name found already, a rare word's or a famous person's name
    // ("Dmitri"), or a given name that is an English word too ("John"), is
    // also one; never a stopword, drug or place.
    let beside_ok = |u: &Tok| {
        listed_as(u).is_some_and(|f| {
            f & (STOP | DRUG | PLACE | COUNTRY_END) == 0 && (f & ENGLISH == 0 || f & WEAK_NAME != 0)
        })
    };
    // Then, for a word in a name's place: no title or relation, and no term
    // named for people ("Tessadori-van Haaften syndrome").
    // Token `k`: a word for a disease or sign among the next three words,
    // with only spaces, hyphens and names between ("Tessadori-van Haaften
    // neurodevelopmental syndrome", "Meb and Dif syndrome"); "Morbus" heads
    // an eponym ("Morbus Kienboeck").
    let no_term = |k: usize| {
        let u = &toks[k];
        !disease_ahead(text, toks, k)
            && !text[u.start..u.end].eq_ignore_ascii_case("morbus")
            && !crate::detect::is_title(u.word(text))
            && !crate::detect::is_relation(u.word(text))
            && !term_like(text, u)
    };
    // The names found so far, gathered at the first word that needs them.
    let mut names: Option<Vec<(usize, usize)>> = None;
    let mut named = |u: &Tok| {
        names
            .get_or_insert_with(|| {
                (out.iter())
                    .filter(|s| s.kind == PhiKind::Name)
                    .map(|s| (s.start, s.end))
                    .collect()
            })
            .iter()
            .any(|n| n.0 <= u.start && u.start < n.1)
    };
    let mut found = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.case == Case::Other || !beside_ok(t) {
            continue;
        }
        let strict = unlisted(t);
        let end = name_end(text, t.end);
        let prev = i.checked_sub(1).map(|k| &toks[k]);
        let next = toks.get(i + 1);
        let gap_after = next.map(|n| &text[end.min(n.start)..n.start]);
        // A listed word can only be beside a capitalised word, one space apart.
        let capital_beside =
            (end == t.end && gap_after == Some(" ") && next.is_some_and(|n| n.case != Case::Other))
                || prev.is_some_and(|p| p.case != Case::Other && &text[p.end..t.start] == " ");
        if !strict && !capital_beside {
            continue;
        }
        let head = text[..t.start].trim_end_matches([' ', '\t']);
        let sentence_start = starts_sentence(text, t.start);
        let line_start = head.is_empty() || head.ends_with('\n');
        let rest = &b[end..];
        let addressed = sentence_start
            && end == t.end
            && rest.starts_with(b", ")
            && next.is_some_and(|n| {
                let mut buf = [0u8; 32];
                crate::names::ascii_lower(n.word(text), &mut buf).is_some_and(|w| {
                    matches!(
                        w,
                        "can"
                            | "could"
                            | "would"
                            | "will"
                            | "please"
                            | "do"
                            | "did"
                            | "are"
                            | "have"
                            | "thank"
                            | "thanks"
                            | "how"
                            | "where"
                            | "when"
                            | "what"
                            | "why"
                    )
                })
            });
        let speaker = line_start && end == t.end && {
            let after = text[t.end..]
                .strip_prefix(':')
                .map(|r| r.trim_start_matches(' '));
            after.is_some_and(|r| r.starts_with(['"', '\u{201c}']))
        };
        // Before a word for kin: after a possessive ("Timibu's daughter") or
        // a comma or bracket ("(Zum, daughter)", "Gem (daughter)").
        let kin = next.is_some_and(|n| {
            let gap = &text[end.min(n.start)..n.start];
            ((end < t.end && gap.is_empty() && &text[t.end..n.start] == " ")
                || (end == t.end && matches!(gap, ", " | " (" | " - ")))
                && crate::detect::is_relation(n.word(text))
        });
        let asked = head.strip_suffix('?').is_some_and(|h| {
            h.len() >= 4 && h.as_bytes()[h.len() - 4..].eq_ignore_ascii_case(b"name")
        });
        // Beside a name, or first of a pair or list before one.
        let next_capital = next.filter(|n| n.case != Case::Other);
        let beside_next = end == t.end && gap_after == Some(" ") && next_capital.is_some();
        // Not after a possessive, which ends a name ("SISTER ANN'S HOUSE").
        let beside_prev = prev.is_some_and(|p| {
            p.case != Case::Other
                && &text[p.end..t.start] == " "
                && without_clitic(&text[p.start..p.end]).len() == p.end - p.start
        });
        let pair =
            sentence_start && end == t.end && gap_after == Some(", ") && next_capital.is_some();
        // After "and" after a name ("PARENTS IBOTITE AND MODAK", "Hi Nodofab
        // and Ris").
        let before_and = i
            .checked_sub(2)
            .map(|k| (&toks[k], &toks[k + 1]))
            .filter(|(p, a)| {
                p.case != Case::Other
                    && a.word(text).eq_ignore_ascii_case("and")
                    && &text[p.end..a.start] == " "
                    && &text[a.end..t.start] == " "
            })
            .map(|(p, _)| p);
        // A surname-first pair, neither in a list, before a verb or a label:
        // "Olemokel, Iti is a pleasant gentleman", "Feget, Uve, DOB ...".
        let second = next_capital.filter(|n| {
            pair && unlisted(n) && {
                let after = toks
                    .get(i + 2)
                    .filter(|v| &text[n.end..v.start] == " " || &text[n.end..v.start] == ", ");
                after.is_some_and(|v| {
                    let w = &text.as_bytes()[v.start..v.end];
                    subject_verb(w)
                        || [&b"dob"[..], b"mrn", b"age"]
                            .iter()
                            .any(|l| w.eq_ignore_ascii_case(l))
                })
            }
        });
        let by_place = strict && (addressed || speaker || kin || asked || second.is_some());
        let pair = strict && pair;
        let before_and = before_and.filter(|_| strict);
        if !(by_place || beside_next || beside_prev || pair || before_and.is_some()) {
            continue;
        }
        let by_name = ((beside_next || pair) && next_capital.is_some_and(&mut named))
            || (beside_prev && prev.is_some_and(&mut named))
            || before_and.is_some_and(&mut named);
        if (by_place || by_name) && !named(t) && no_term(i) {
            found.push(Span {
                start: t.start,
                end,
                kind: PhiKind::Name,
            });
            if let Some(n) = second.filter(|_| no_term(i + 1)) {
                found.push(Span {
                    start: n.start,
                    end: name_end(text, n.end),
                    kind: PhiKind::Name,
                });
            }
        }
    }
    out.extend(found);
}

/// A word built like a medical term or named for people: a medical ending or
/// stem, or an eponym's place ("Noonan syndrome", "tetralogy of Fallot").
#[inline]
fn term_like(text: &str, u: &Tok) -> bool {
    let w = &text[u.start..u.end];
    ends_in(w, MEDICAL_ENDINGS, 0)
        || medical_word(w)
        || eponym(text, u.end)
        || eponym_of(text, u.start)
}

/// A word for a disease or sign among token `i` and the three after it, with
/// only spaces and hyphens between ("ADENOSINE DEAMINASE DEFICIENCY").
fn disease_ahead(text: &str, toks: &[Tok], i: usize) -> bool {
    let mut last = toks[i].start;
    toks[i..]
        .iter()
        .take(4)
        .take_while(|v| {
            let joined = text[last..v.start].bytes().all(|c| c == b' ' || c == b'-');
            last = v.end;
            joined
        })
        .any(|v| {
            EPONYM_HEADS
                .iter()
                .any(|h| h.eq_ignore_ascii_case(v.word(text)))
        })
}

/// A note written in capitals: five words or more in capitals, and at most
/// one word with a lower-case letter for every ten of them (units: "mg").
/// Stops at the first words of a note in mixed case.
fn in_capitals(toks: &[Tok]) -> bool {
    let (mut upper, mut other) = (0usize, 0usize);
    for t in toks {
        match t.case {
            Case::Upper => upper += 1,
            _ => other += 1,
        }
        if other > 2 && other * 10 > upper {
            return false;
        }
    }
    upper >= 5 && other * 10 <= upper
}

/// In a note written in capitals, where a capital says nothing: a word no
/// list holds right after a word for kin, a role or a title, and a second
/// such word after it ("PT'S MOTHER, VEZAKUM METEK", "BY CHAPLAIN OFABO"), as
/// [`truecase`] does for notes without capitals.
pub(crate) fn names_after_cues_in_capitals(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    if !in_capitals(toks) {
        return;
    }
    let unlisted = |t: &Tok| {
        // Without a possessive ("SISTER AISHA'S HOUSE": the name is "AISHA").
        let w = without_clitic(&text[t.start..t.end]);
        t.case == Case::Upper
            && lexicon::flags(w) & !KNOWN == 0
            && !t.initial
            && w.len() >= 4
            && w.bytes()
                .all(|c| c.is_ascii_uppercase() || c == b'-' || c == b'\'')
            && w.bytes().any(|c| b"AEIOUY".contains(&c))
            && !t.glued_to_digit(text)
    };
    // No term built like a medical one or named for people ("FROM
    // EPIDERMOLYSIS BULLOSA", "TO FALLOT TETRALOGY").
    let no_term =
        |u: &Tok| !term_like(text, u) && !ends_in(&text[u.start..u.end], LONG_MEDICAL_ENDINGS, 1);
    let mut buf = [0u8; 32];
    for i in 1..toks.len() {
        let (c, t) = (&toks[i - 1], &toks[i]);
        // Cheap tests first.
        if t.case != Case::Upper || t.end - t.start < 4 || !cue_gap(&text[c.end..t.start]) {
            continue;
        }
        let Some(cue) = crate::names::ascii_lower(c.word(text), &mut buf) else {
            continue;
        };
        // After a preposition only a full name: two such words ("CALL FROM
        // BUKUD TOGINUL", "PER ILAGO GETUL"; not "TO PACU").
        let preposition = matches!(cue, "from" | "per" | "by" | "referring")
            && !disease_ahead(text, toks, i)
            && !crate::names::ascii_lower(
                i.checked_sub(2).map_or("", |k| toks[k].word(text)),
                &mut [0u8; 32],
            )
            .is_some_and(|w| {
                matches!(
                    w,
                    "caused"
                        | "induced"
                        | "mediated"
                        | "derived"
                        | "resulting"
                        | "suffers"
                        | "suffering"
                        | "secondary"
                        | "due"
                        | "related"
                )
            });
        if !(lower_cue(cue) || preposition) || !unlisted(t) {
            continue;
        }
        let possessive = without_clitic(&text[t.start..t.end]).len() < t.end - t.start;
        let second = toks
            .get(i + 1)
            .filter(|n| !possessive && spaced(text, t, n) && unlisted(n) && no_term(n));
        if preposition && (second.is_none() || &text[c.end..t.start] != " " || !no_term(t)) {
            continue;
        }
        if cue_before_abbreviations(cue) && t.end - t.start < 5 && second.is_none() {
            continue;
        }
        let last = second.unwrap_or(t);
        out.push(Span {
            start: t.start,
            end: last.start + without_clitic(&text[last.start..last.end]).len(),
            kind: PhiKind::Name,
        });
    }
}

/// A name on a census or bed-board line: one or two capitalised words that
/// no list knows as a word, title or relation (a comma or a space between
/// them), right before the patient's age and sex, room or bed ("ROZOPO,
/// FUPUFOZU (90 YO M) - BED 112", "VEVUS OVEBOB - ROOM 412", "Azoda Magip
/// 98 F RM 12"). A name the dictionary knows is the dictionary pass's; this
/// finds the ones it does not ("Tmax 102 F" is no such line: no room follows).
pub(crate) fn names_before_descriptors(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let name_like = |u: &Tok| {
        u.case != Case::Other
            && !u.initial
            && u.end - u.start >= 2
            && u.flags & (ENGLISH | STOP | DRUG | COUNTRY_END) == 0
            && !crate::detect::is_title(u.word(text))
            && !crate::detect::is_relation(u.word(text))
    };
    for (i, t) in toks.iter().enumerate() {
        // Cheap test first: a space, comma or bracket and then a digit, a
        // bracket or a dash within three bytes.
        if t.case == Case::Other {
            continue;
        }
        let near = b.get(t.end..(t.end + 4).min(b.len())).unwrap_or(&[]);
        if !matches!(near.first(), Some(b' ' | b',' | b'('))
            || !near
                .iter()
                .any(|c| c.is_ascii_digit() || matches!(c, b'(' | b'-' | 0xe2))
            || !name_like(t)
            || !descriptor_after(b, t.end)
        {
            continue;
        }
        let mut first = i;
        if let Some(p) = i.checked_sub(1).map(|k| &toks[k])
            && matches!(&text[p.end..t.start], " " | ", ")
            && name_like(p)
        {
            first = i - 1;
        }
        for u in &toks[first..=i] {
            out.push(Span {
                start: u.start,
                end: u.end,
                kind: PhiKind::Name,
            });
        }
    }
}

/// Businesses that carry their owner's surname ("Miller Pharmacy", "Brown
/// Dental", "Lopez Chiropractic").
#[rustfmt::skip]
const NAMED_BUSINESSES: &[&str] = &[
    "Pharmacy", "Drug", "Drugs", "Dental", "Dentistry", "Orthodontics", "Chiropractic",
    "Optometry", "Funeral",
];

/// A surname of the name lists (an English word or a town's name too:
/// "Miller", "Brown"; no stopword, drug or country) right
/// before a business word of [`NAMED_BUSINESSES`] ("Pt's pharmacy is Miller
/// Pharmacy on Elm Avenue", "Dentist (Brown Dental, Hartford)"): the owner's
/// name, which the place's name gives away.
pub(crate) fn businesses_named_for_people(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    for (k, n) in toks.iter().enumerate().skip(1) {
        if !NAMED_BUSINESSES.contains(&n.word(text)) {
            continue;
        }
        // The owner's name right before it, or in the possessive ("Smith's
        // Pharmacy").
        let owner = if text[..n.start].ends_with("'s ") {
            toks[..k].iter().rev().find(|t| t.end + 3 == n.start)
        } else {
            Some(&toks[k - 1]).filter(|t| spaced(text, t, n))
        };
        let Some(t) = owner else {
            continue;
        };
        if t.case == Case::Other
            || t.end - t.start < 2
            || t.flags & (NAME | WEAK_NAME) == 0
            || t.flags & (STOP | DRUG | COUNTRY_END) != 0
            || t.initial
        {
            continue;
        }
        out.push(Span {
            start: t.start,
            end: t.end,
            kind: PhiKind::Name,
        });
    }
}

/// The patient's age and sex, room or bed from byte `at` on: " (90 YO M)",
/// ", 98 yo F", " 102 F RM 12", " - ROOM 412".
fn descriptor_after(b: &[u8], at: usize) -> bool {
    let mut i = at;
    let spaces = |i: &mut usize| {
        while b.get(*i) == Some(&b' ') {
            *i += 1;
        }
    };
    // A word, in any case, ending where no letter follows.
    let word = |i: &mut usize, words: &[&[u8]]| {
        for w in words {
            let end = *i + w.len();
            if b.get(*i..end).is_some_and(|s| s.eq_ignore_ascii_case(w))
                && b.get(end).is_none_or(|c| !c.is_ascii_alphabetic())
            {
                *i = end;
                return true;
            }
        }
        false
    };
    const ROOMS: &[&[u8]] = &[b"rm", b"room", b"bed"];
    spaces(&mut i);
    // " - ROOM 412"
    let dash = if b.get(i) == Some(&b'-') {
        Some(i + 1)
    } else if b.get(i..i + 3) == Some("\u{2013}".as_bytes()) {
        Some(i + 3)
    } else {
        None
    };
    if let Some(mut j) = dash {
        spaces(&mut j);
        if word(&mut j, ROOMS) {
            spaces(&mut j);
            if b.get(j) == Some(&b'#') {
                j += 1;
            }
            return b.get(j).is_some_and(u8::is_ascii_digit);
        }
        return false;
    }
    if b.get(i) == Some(&b',') {
        i += 1;
        spaces(&mut i);
    }
    let paren = b.get(i) == Some(&b'(');
    if paren {
        i += 1;
        spaces(&mut i);
    }
    let digits = b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if !(1..=3).contains(&digits) {
        return false;
    }
    i += digits;
    spaces(&mut i);
    let unit = word(&mut i, &[b"y/o", b"y.o.", b"yo", b"yrs", b"yr", b"y"]);
    spaces(&mut i);
    if b.get(i) == Some(&b',') {
        i += 1;
        spaces(&mut i);
    }
    if !word(&mut i, &[b"male", b"female", b"m", b"f"]) {
        return false;
    }
    spaces(&mut i);
    if paren {
        return b.get(i) == Some(&b')');
    }
    unit || word(&mut i, ROOMS)
}

/// "they had 6: silvana, adam, christopher, kristina, chad and caleb": a
/// list of three or more lower-case words, at least half of them dictionary
/// names that are no English words: its members that are no stopwords and
/// either names or no English words are names.
fn lower_case_lists(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let next = |j: usize| next_member(text, toks, j);
    let mut list = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // Cheap test first: a list starts where a lower-case word has a comma after it.
        if toks[i].case != Case::Other || b.get(toks[i].end) != Some(&b',') {
            i += 1;
            continue;
        }
        list.clear();
        list.push(i);
        let mut j = i;
        while let Some(k) = next(j) {
            if toks[k].case != Case::Other {
                break;
            }
            list.push(k);
            j = k;
        }
        if list.len() < 3 {
            i = j + 1;
            continue;
        }
        let flags: Vec<u8> = list
            .iter()
            .map(|&k| lexicon::flags(&text[toks[k].start..toks[k].end]))
            .collect();
        let names = flags.iter().filter(|&&f| lexicon::plain_name(f)).count();
        if names * 2 >= list.len() {
            for (&k, &f) in list.iter().zip(&flags) {
                if f & STOP == 0 && (f & (NAME | WEAK_NAME) != 0 || f & ENGLISH == 0) {
                    out.push(Span {
                        start: toks[k].start,
                        end: toks[k].end,
                        kind: PhiKind::Name,
                    });
                }
            }
        }
        i = j + 1;
    }
}

/// The sorted byte ranges of the spans of one kind.
fn ranges(out: &[Span], kind: PhiKind) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = out
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| (s.start, s.end))
        .collect();
    v.sort_unstable();
    v
}

/// Whether token `t` lies inside one of the sorted ranges.
fn within(ranges: &[(usize, usize)], t: &Tok) -> bool {
    let k = ranges.partition_point(|r| r.1 <= t.start);
    ranges
        .get(k)
        .is_some_and(|r| r.0 <= t.start && t.end <= r.1)
}

/// What may stand between a cue word and the name after it: a space, a comma,
/// a colon or a bracket ("mother, ann", "guardian: ann", "sister (ann)").
fn cue_gap(gap: &str) -> bool {
    matches!(gap, " " | ", " | ": " | " (" | " - ")
}

/// Cue words after which an abbreviation may stand ("pt eval by"): the word
/// after them is a name only with five letters or a surname after it.
fn cue_before_abbreviations(cue: &str) -> bool {
    matches!(cue, "pt" | "patient" | "contact")
}

/// Words for kin and roles, and titles, that a person's name follows in
/// notes typed without capitals ([`truecase`]).
fn lower_cue(w: &str) -> bool {
    static SET: std::sync::OnceLock<crate::names::FastSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| LOWER_CUES.iter().copied().collect())
        .contains(w)
}

/// The words of [`lower_cue`].
const LOWER_CUES: &[&str] = &[
    "mother",
    "father",
    "mom",
    "dad",
    "son",
    "daughter",
    "wife",
    "husband",
    "sister",
    "brother",
    "aunt",
    "uncle",
    "niece",
    "nephew",
    "cousin",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "guardian",
    "partner",
    "fiance",
    "fiancee",
    "boyfriend",
    "girlfriend",
    "friend",
    "neighbor",
    "neighbour",
    "caregiver",
    "roommate",
    "spouse",
    "stepson",
    "stepdaughter",
    "stepmother",
    "stepfather",
    "worker",
    "manager",
    "walker",
    "defender",
    "attorney",
    "lawyer",
    "pharmacist",
    "chaplain",
    "rev",
    "pastor",
    "interpreter",
    "ex",
    "dr",
    "drs",
    "mr",
    "mrs",
    "ms",
    "miss",
    "name",
    "patient",
    "pt",
    "contact",
];

/// A word for kin, a role or a title, in lower case, that a name typed
/// without capitals follows ([`named_after_kin`]): [`KIN`], [`LOWER_CUES`]
/// and a few roles and godkin, not the patient's own words ("pt", "name"). A table of
/// the words' lengths and first letters turns away nearly every other word
/// before the set is asked.
fn kin_cue(w: &[u8]) -> bool {
    struct Cues {
        /// Per length, a bit per first letter.
        firsts: [u32; 16],
        set: crate::names::FastSet<&'static [u8]>,
    }
    static CUES: std::sync::OnceLock<Cues> = std::sync::OnceLock::new();
    let cues = CUES.get_or_init(|| {
        let mut c = Cues {
            firsts: [0; 16],
            set: Default::default(),
        };
        for w in KIN
            .iter()
            .chain(LOWER_CUES)
            .chain(&[
                "tech",
                "rn",
                "sw",
                "pcp",
                "nurse",
                "aide",
                "sponsor",
                "godson",
                "goddaughter",
                "godmother",
                "godfather",
                "godchild",
            ])
            .filter(|w| !matches!(**w, "patient" | "pt" | "name" | "contact" | "ex"))
        {
            c.firsts[w.len()] |= 1 << (w.as_bytes()[0] - b'a');
            c.set.insert(w.as_bytes());
        }
        c
    });
    w.len() < 16
        && w.first().is_some_and(|c| {
            c.is_ascii_lowercase() && cues.firsts[w.len()] & (1 << (c - b'a')) != 0
        })
        && cues.set.contains(w)
}

/// A copy of a text that has no capital letter at all ("notes typed without
/// capitals"), with capitals where case would have told a reader: the first
/// letter of a dictionary name that is no English word, stopword, drug or
/// known word, or of such a place (known words too: "albany"); of the word
/// after such a word or a title unless that is an English word, stopword or
/// drug ("naomi krylova", "san diego", "dr. okafor"); of a surname that is an
/// English word after a title or a given name ("dr. brown", "karen smith,");
/// of the unlisted word before a dictionary name ("kwame rossi"); of an
/// initial and its surname ("a. smith"); of a street after its number, a
/// place of several words after a preposition, a month, and the words before
/// a facility or practice; and both letters of a state code after a comma
/// ("boston, ma"). Only ASCII letters change, and letters outside it whose
/// capitals are as long ("č" → "Č"), so every byte offset holds.
/// None when the text has a capital or nothing changes.
pub(crate) fn truecase(text: &str, places: &crate::places::PlaceDict) -> Option<String> {
    truecase_with(text, places, true)
}

/// [`truecase`], where `lone` says whether any word no list holds may be
/// capitalised for its letters alone ("kuba"); without it, not one with a
/// Latin ending: the lower-case copy of a note in capitals, where clinical
/// Latin is as capitalised as names are ("EPIDERMOLYSIS BULLOSA", "BORDETELLA
/// PERTUSSIS", "ALOPECIA AREATA").
pub(crate) fn truecase_with(
    text: &str,
    places: &crate::places::PlaceDict,
    lone: bool,
) -> Option<String> {
    if !caseless(text) {
        return None;
    }
    let toks = crate::names::tokens(text);
    // A two-letter state code after a comma ("boston, ma").
    let is_state = |t: &Tok| {
        t.end - t.start == 2 && crate::detect::is_state(&text[t.start..t.end].to_ascii_uppercase())
    };
    // A state code before a ZIP code without a comma ("burlington tx 05401");
    // not "in" or "or".
    let before_zip = |t: &Tok| {
        let zip = text.as_bytes()[t.end..]
            .strip_prefix(b" ")
            .is_some_and(|r| {
                r.len() >= 5
                    && r[..5].iter().all(u8::is_ascii_digit)
                    && r.get(5).is_none_or(|c| !c.is_ascii_alphanumeric())
            });
        zip && text[..t.start].ends_with(' ')
            && !matches!(&text[t.start..t.end], "in" | "or")
            && is_state(t)
    };
    let state_code = |t: &Tok| (text[..t.start].ends_with(", ") || before_zip(t)) && is_state(t);
    let mut b = text.as_bytes().to_vec();
    let mut changed = false;
    let mut prev_cased = false;
    // Which tokens are dictionary names taken for names here, for the word
    // before them.
    let mut named = vec![false; toks.len()];
    for (i, t) in toks.iter().enumerate() {
        let w = &text[t.start..t.end];
        // "william's wife": a name's possessive.
        let f = match w.strip_suffix("'s").map(lexicon::flags) {
            Some(f) if f & NAME != 0 => f,
            _ => lexicon::flags(w),
        };
        let joined = i > 0 && spaced(text, &toks[i - 1], t);
        let after = joined || text[..t.start].ends_with(". ");
        let title_before = i > 0
            && matches!(
                &text[toks[i - 1].start..toks[i - 1].end],
                "dr" | "drs" | "mr" | "mrs" | "ms" | "miss"
            );
        let plain = f & (ENGLISH | STOP | DRUG) == 0;
        // A word no list holds right after a word for kin or a role that
        // names a person ("pt's mother, vezakum metek", "legal guardian:
        // ...", "by chaplain ..."): a name no list knows.
        let cue_before = f & !KNOWN == 0
            && w.len() >= 3
            // A name has a vowel; an abbreviation may not ("sister, hcp").
            && vowel_groups(w) >= 1
            && w.bytes()
                .all(|c| c.is_ascii_lowercase() || c == b'-' || c == b'\'')
            && i > 0
            && lower_cue(&text[toks[i - 1].start..toks[i - 1].end])
            && cue_gap(&text[toks[i - 1].end..t.start])
            && (!cue_before_abbreviations(&text[toks[i - 1].start..toks[i - 1].end])
                || w.len() >= 5
                || toks.get(i + 1).is_some_and(|n| {
                    spaced(text, t, n)
                        && lexicon::flags(&text[n.start..n.end]) & (ENGLISH | STOP | DRUG) == 0
                }));
        // A known word alone is no person's name, but may be a town ("albany").
        let name_like =
            plain && (f & (NAME | COUNTRY_END) != 0 && f & KNOWN == 0 || f & PLACE != 0);
        // A name that is an English word too ("brown") after a title, or
        // right after a name and before a phrase's end ("signed by karen
        // smith, rn"; not "a german place downtown"); never a stopword ("will").
        let weak = f & WEAK_NAME != 0 && f & STOP == 0;
        // Four letters for a word alone: lab and unit abbreviations ("ana",
        // "bun") are shorter.
        let unlisted = f == 0
            && (lone || !latin_ending(w))
            && w.len() >= 4
            && w.bytes().all(|c| c.is_ascii_lowercase())
            && vowel_groups(w) >= 2
            && !english_ending(w)
            && !term_like(text, t)
            && (crate::namelike::name_score(w).is_some_and(|s| s > 0.0) || surname_ending(w));
        // A word with a letter outside English and on no list ("vladimír
        // jára", "hülya"): a person or a place, as capitalised.
        let foreign = f == 0 && crate::names::foreign_lower_word(w) && !term_like(text, t);
        let cased = unlisted
            || foreign
            || (w.len() >= 4 && name_like)
            || (w.len() >= 3 && plain && ((prev_cased && after) || title_before))
            || cue_before
            || (w.len() >= 3
                && weak
                && ((i > 0 && named[i - 1] && joined && phrase_ends_after(text, &toks, i))
                    || title_before))
            || month(&toks, text, i);
        named[i] = w.len() >= 4 && name_like && f & NAME != 0 && f & KNOWN == 0;
        if state_code(t) {
            b[t.start..t.end].make_ascii_uppercase();
            changed = true;
        }
        if cased {
            changed |= capitalise(&mut b, t.start);
        }
        prev_cased = cased;
    }
    // The word right before a dictionary name, if it is no English word,
    // stopword or drug: a given name no list holds ("kwame rossi").
    for i in 1..toks.len() {
        let (p, t) = (&toks[i - 1], &toks[i]);
        let pw = &text[p.start..p.end];
        if named[i]
            && spaced(text, p, t)
            && pw.len() >= 3
            && pw.bytes().all(|c| c.is_ascii_lowercase())
            && !english_ending(pw)
            && lexicon::flags(pw) & (ENGLISH | STOP | DRUG) == 0
        {
            changed |= capitalise(&mut b, p.start);
        }
    }
    // An initial before a surname ("seen by a. smith", "dr. e. brown"); not
    // an organism ("e. coli": no dictionary name).
    for i in 1..toks.len() {
        let (p, t) = (&toks[i - 1], &toks[i]);
        if !p.initial {
            continue;
        }
        let w = &text[t.start..t.end];
        let f = lexicon::flags(w);
        let surname = f & NAME != 0 && f & KNOWN == 0 || f & WEAK_NAME != 0 && f & STOP == 0;
        // Not a letter glued to a code ("q6h. bell rang") or ending an
        // abbreviation's letters ("p.o. daily", "b.i.d. dosing").
        let tb = text.as_bytes();
        let glued = p.start > 0 && tb[p.start - 1].is_ascii_alphanumeric()
            || p.start > 1 && tb[p.start - 1] == b'.' && tb[p.start - 2].is_ascii_alphabetic();
        if !glued && text[p.end..t.start] == *" " && w.len() >= 3 && surname {
            for k in [p.start, t.start] {
                changed |= capitalise(&mut b, k);
            }
        }
    }
    changed |= street_words(text, &toks, &mut b);
    changed |= sex_after_age(text, &toks, &mut b);
    changed |= credential_names(text, &toks, &mut b);
    changed |= names_after_kin(text, &toks, &mut b);
    changed |= names_beside_cased(text, &toks, &mut b);
    changed |= towns_after_residence(text, &toks, places, &mut b);
    for (i, j) in places.lower_case_places(text, &toks) {
        for t in &toks[i..=j] {
            changed |= capitalise(&mut b, t.start);
        }
    }
    // The words before a facility word ("seen at mercy general hospital") and
    // before a comma and a state code ("3508 park rd, providence, ri"): up to
    // three, back to a stopword, a digit or a line's end.
    for (i, t) in toks.iter().enumerate() {
        let before_state = state_code(t);
        let w = &text[t.start..t.end];
        let next = toks.get(i + 1).map(|n| &text[n.start..n.end]);
        // A practice by its town ("burlington internal medicine").
        // A hospital by its town ("transferred from albany general").
        let town_general = w == "general"
            && i > 0
            && spaced(text, &toks[i - 1], t)
            && places.is_town(&text[toks[i - 1].start..toks[i - 1].end]);
        let practice = w == "pediatrics"
            || town_general
            || matches!(
                (w, next),
                ("family" | "internal", Some("medicine" | "practice")) | ("primary", Some("care"))
            );
        // Residences and schools by name ("lopez manor", "hartford high school").
        let residence = w == "manor"
            || matches!(
                (w, next),
                ("high" | "middle" | "elementary" | "primary", Some("school"))
                    | ("group" | "retirement", Some("home"))
            );
        if !before_state && !practice && !residence && !crate::detect::FACILITY_WORDS.contains(&w) {
            continue;
        }
        // "Care" names a facility only as a care centre or home, or urgent
        // care ("such good care", "wound care").
        if w == "care"
            && !matches!(next, Some("center" | "centre" | "home" | "facility"))
            && !(i > 0 && &text[toks[i - 1].start..toks[i - 1].end] == "urgent")
        {
            continue;
        }
        let mut k = i;
        for _ in 0..3 {
            let Some(p) = k.checked_sub(1).map(|j| &toks[j]) else {
                break;
            };
            let gap = &text[p.end..toks[k].start];
            let joined = if k == i && before_state {
                gap == ", " || gap == " " && before_zip(t)
            } else {
                gap == " "
            };
            let pw = &text[p.start..p.end];
            // A saint's name ("st. luke's medical center").
            if gap == ". " && pw == "st" && k < i {
                changed |= capitalise(&mut b, p.start);
                break;
            }
            if !joined || pw.len() < 3 || crate::detect::is_stopword(pw) {
                break;
            }
            // A department is no name ("genetics clinic", "cardiology clinic").
            if department(pw) {
                break;
            }
            // A school's or residence's name is a name or a place, not a verb
            // ("granddaughter attends hartford high school").
            if residence && {
                let f = lexicon::flags(pw);
                f & ENGLISH != 0 && f & (NAME | WEAK_NAME | PLACE) == 0
            } {
                break;
            }
            if !crate::detect::FACILITY_WORDS.contains(&pw) {
                changed |= capitalise(&mut b, p.start);
            }
            k -= 1;
        }
        // A residence's or school's kind is its name's ("Lopez Manor",
        // "Hartford High School").
        if residence && k < i {
            let words = if w == "manor" { 1 } else { 2 };
            for t in &toks[i..(i + words).min(toks.len())] {
                changed |= capitalise(&mut b, t.start);
            }
        }
        // A practice's words after its town are its name's ("Springfield
        // Internal Medicine"), which the practice rule reads in capitals.
        if practice && k < i {
            let words = if w == "pediatrics" || town_general {
                1
            } else {
                2
            };
            for t in &toks[i..(i + words).min(toks.len())] {
                changed |= capitalise(&mut b, t.start);
            }
        }
    }
    changed |= given_names_before_initials(text, &toks, &mut b);
    changed.then(|| String::from_utf8(b).expect("case changes of equal length keep UTF-8"))
}

/// Capitalises a given name and its middle initial before a surname the
/// re-casing capitalised ("sari j. paavolainen", "hanne i. kreutzmann"): a
/// word of three letters or more that is no English word, stopword or drug
/// (or a dictionary name), then one letter and its period. Whether anything
/// changed.
fn given_names_before_initials(text: &str, toks: &[Tok], b: &mut [u8]) -> bool {
    let mut changed = false;
    for k in 2..toks.len() {
        let (q, p, t) = (&toks[k - 2], &toks[k - 1], &toks[k]);
        if !p.initial
            || text[p.end..t.start] != *" "
            || text[q.end..p.start] != *" "
            || !b[t.start].is_ascii_uppercase()
        {
            continue;
        }
        let w = &text[q.start..q.end];
        let f = lexicon::flags(w);
        let given = b[q.start].is_ascii_uppercase()
            || w.len() >= 3
                && w.bytes().all(|c| c.is_ascii_lowercase())
                && f & STOP == 0
                && (f & (ENGLISH | DRUG) == 0 || f & NAME != 0);
        if given {
            changed |= capitalise(b, q.start);
            changed |= capitalise(b, p.start);
        }
    }
    changed
}

/// Capitalises the letter at `at` of a caseless text's copy (an ASCII one, or
/// one outside ASCII whose capital is as long: [`capitalise_wide`]); whether
/// it was a lower-case letter (whether the copy changed).
fn capitalise(b: &mut [u8], at: usize) -> bool {
    if b[at] >= 0x80 {
        return capitalise_wide(b, at);
    }
    let lower = b[at].is_ascii_lowercase();
    b[at] = b[at].to_ascii_uppercase();
    lower
}

/// Capitalises the letter outside ASCII at byte `at` where its capital is
/// as many bytes long ("č" → "Č", "å" → "Å"), so that every offset holds.
fn capitalise_wide(b: &mut [u8], at: usize) -> bool {
    let n = match b[at] {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return false,
    };
    let Some(c) = b
        .get(at..at + n)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.chars().next())
    else {
        return false;
    };
    match crate::names::capital_as_long(c) {
        Some(u) if c.is_lowercase() => {
            u.encode_utf8(&mut b[at..at + n]);
            true
        }
        _ => false,
    }
}

/// A hospital department or service, which names no place ("genetics",
/// "cardiology", "wound", "pain"), in any case.
pub(crate) fn department(w: &str) -> bool {
    let (mut buf, mut owned) = ([0u8; 32], String::new());
    let w = crate::names::lower(w, &mut buf, &mut owned);
    ends_in(w, MEDICAL_ENDINGS, 0)
        || w.ends_with("ics")
        || matches!(
            w,
            "pain"
                | "wound"
                | "sleep"
                | "diabetes"
                | "primary"
                | "family"
                | "walk"
                | "mental"
                | "behavioral"
                | "dialysis"
                | "infusion"
                | "cancer"
                | "medicine"
                | "surgery"
                | "transplant"
                | "trauma"
                | "podiatry"
                | "psychiatry"
                | "dental"
                | "eye"
                | "travel"
                | "lab"
                | "sports"
                | "spine"
                | "vein"
                | "heart"
                | "kidney"
                | "breast"
                | "skin"
        )
}

/// Whether token `i` of a caseless text is a month's name where a date would
/// name it: always for the months that are no English word, "may" and
/// "march" only after a word of time ("in may", "early march").
fn month(toks: &[Tok], text: &str, i: usize) -> bool {
    let w = &text[toks[i].start..toks[i].end];
    match w {
        "january" | "february" | "april" | "june" | "july" | "august" | "september" | "october"
        | "november" | "december" => true,
        "may" | "march" => {
            i > 0 && {
                let p = &text[toks[i - 1].start..toks[i - 1].end];
                spaced(text, &toks[i - 1], &toks[i])
                    && (matches!(
                        p,
                        "in" | "early" | "late" | "mid" | "since" | "until" | "till" | "during"
                    ) || matches!(p, "last" | "next" | "past")
                        && clause_goes_on(text, &toks[i]))
            }
        }
        _ => false,
    }
}

/// Whether the clause ends after token `t`, or a preposition or conjunction
/// follows it, as after a month ("passed away last may and she", "returned
/// last march after"), not a verb as after the modal ("the last may be").
fn clause_goes_on(text: &str, t: &Tok) -> bool {
    let rest = &text[t.end..];
    if rest.is_empty() || rest.starts_with(['.', ',', ';', ':', ')', '\n']) {
        return true;
    }
    let Some(r) = rest.strip_prefix(' ') else {
        return false;
    };
    let w = &r[..r.bytes().take_while(u8::is_ascii_lowercase).count()];
    matches!(
        w,
        "and"
            | "after"
            | "when"
            | "while"
            | "before"
            | "at"
            | "in"
            | "on"
            | "for"
            | "with"
            | "to"
            | "from"
            | "but"
            | "because"
            | "or"
            | "until"
    )
}

/// Whether a lower-case word five letters or longer ends as Slavic, Greek,
/// Romanian or Nordic surnames do ("vassiliev", "yefremova", "kovalenko",
/// "petrovich", "ionescu", "papadopoulos", "karlsson"), which the letter
/// model, trained on names spelled the English way, scores low.
fn surname_ending(w: &str) -> bool {
    w.len() >= 5
        && [
            "ov", "ova", "ev", "eva", "enko", "vich", "ovic", "evic", "wicz", "escu", "poulos",
            "sson",
        ]
        .iter()
        .any(|e| w.ends_with(e))
}

/// The runs of vowels in a word ("kuba" 2, "copd" 1, "cpeo" 1).
fn vowel_groups(w: &str) -> usize {
    let v = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let b = w.as_bytes();
    (0..b.len())
        .filter(|&i| v(b[i]) && (i == 0 || !v(b[i - 1])))
        .count()
}

/// Whether a word no list holds ends like an English noun, verb or
/// adjective ("commenter", "trending"), where a given name seldom does.
pub(crate) fn english_ending(w: &str) -> bool {
    [
        "er", "ing", "ed", "ly", "tion", "ist", "ment", "ness", "ous", "ive", "able",
    ]
    .iter()
    .any(|e| w.len() > e.len() + 2 && w.ends_with(e))
}

/// Whether a phrase ends after token `k`: punctuation or the text's end right
/// after it, or a stopword after one space ("karen smith, rn", "on maple
/// street has a bed").
fn phrase_ends_after(text: &str, toks: &[Tok], k: usize) -> bool {
    let t = &toks[k];
    text[t.end..]
        .bytes()
        .next()
        .is_none_or(|c| matches!(c, b',' | b'.' | b';' | b':' | b'(' | b')' | b'\n'))
        || toks.get(k + 1).is_some_and(|n| {
            spaced(text, t, n) && lexicon::flags(&text[n.start..n.end]) & STOP != 0
        })
}

/// Capitalises a name before its credential, and the credential as it is
/// written ("june hill, rn, assisted" → "June Hill, RN, assisted"; "verified
/// by kwame, rn."): one or two words that are dictionary names or no list's
/// words, a comma, a credential and then punctuation. Whether anything
/// changed.
fn credential_names(text: &str, toks: &[Tok], b: &mut [u8]) -> bool {
    let mut changed = false;
    for (k, c) in toks.iter().enumerate().skip(1) {
        let cw = &text[c.start..c.end];
        let Some(cred) = crate::detect::CREDENTIAL_WORDS
            .iter()
            .find(|w| w.len() >= 2 && !matches!(**w, "DO" | "PA") && w.eq_ignore_ascii_case(cw))
        else {
            continue;
        };
        let punct = text[c.end..]
            .bytes()
            .next()
            .is_none_or(|x| matches!(x, b',' | b'.' | b';' | b')' | b'\n'));
        if !punct || &text[toks[k - 1].end..c.start] != ", " {
            continue;
        }
        let name_ish = |t: &Tok| {
            let w = &text[t.start..t.end];
            let f = lexicon::flags(w);
            w.len() >= 3
                && w.bytes().all(|x| x.is_ascii_lowercase() || x == b'\'')
                && f & (STOP | DRUG) == 0
                && (f & (NAME | WEAK_NAME) != 0 || f & (ENGLISH | KNOWN) == 0)
        };
        let last = &toks[k - 1];
        if !name_ish(last) {
            continue;
        }
        let mut first = k - 1;
        if k >= 2 && spaced(text, &toks[k - 2], last) && name_ish(&toks[k - 2]) {
            first = k - 2;
        }
        for t in &toks[first..k] {
            capitalise(b, t.start);
        }
        b[c.start..c.end].copy_from_slice(cred.as_bytes());
        changed = true;
    }
    changed
}

/// Verbs and words of being that follow a person named after a word for kin
/// or a role ("sister faith reports", "brother iris died").
fn after_a_person(w: &str) -> bool {
    matches!(
        w,
        "is" | "was"
            | "reports"
            | "reported"
            | "states"
            | "stated"
            | "says"
            | "said"
            | "called"
            | "calls"
            | "died"
            | "passed"
            | "visited"
            | "visiting"
            | "visits"
            | "lives"
            | "lived"
            | "helps"
            | "brought"
            | "found"
            | "has"
            | "had"
            | "who"
            | "will"
            | "would"
            | "prayed"
            | "asked"
            | "asks"
            | "agreed"
            | "agrees"
            | "wants"
            | "wanted"
            | "requests"
            | "requested"
            | "signed"
            | "drove"
            | "helped"
            | "spoke"
            | "prefers"
    )
}

/// Capitalises a name that a word for kin, a role or a title comes before in a
/// text without capitals, where the name is an English word too or on no list
/// but the given names' ("sister ruby wise is a nurse", "pt's husband, pat,
/// was updated", "daughter hope page is the hcp", "by tech art."): a given
/// name or a dictionary name (no stopword, drug, month or day) right after
/// the cue, then a surname (a dictionary name or a word on no list), the
/// phrase's end or a verb a person does. A word alone is not enough ("mother
/// rose from her chair", "father long history of"). Whether anything changed.
fn names_after_kin(text: &str, toks: &[Tok], b: &mut [u8]) -> bool {
    let mut changed = false;
    for (i, surname) in named_after_kin(text, toks) {
        changed |= capitalise(b, toks[i].start);
        if let Some(n) = surname {
            changed |= capitalise(b, toks[n].start);
        }
    }
    changed
}

/// A note with capitals may still hold a name typed without them after a
/// word for kin, a role or a title ("Mom (dmitri) and dad (john) at
/// bedside", "Pt's sister-in-law hiroshi helps"), as [`names_after_kin`]
/// finds them in notes typed without capitals.
pub(crate) fn lower_case_names_after_kin(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    for (i, surname) in named_after_kin(text, toks) {
        let end = surname.map_or(toks[i].end, |n| toks[n].end);
        out.push(Span {
            start: toks[i].start,
            end: name_end(text, end),
            kind: PhiKind::Name,
        });
    }
}

/// A word for kin or a credential of two letters or more, in any case
/// ("daughter", "rn", "MD"): a role a name in brackets stands before.
fn kin_or_credential(w: &str) -> bool {
    is_kin(w)
        || crate::detect::CREDENTIAL_WORDS
            .iter()
            .any(|c| c.len() >= 2 && c.eq_ignore_ascii_case(w))
}

/// Roles in brackets after a name, read in lower case: kin, a credential or
/// a carer's letters, after a possessive or a shift ("(niece)", "(pt's
/// daughter)", "(OT)", "(day rn)").
fn role_in_brackets(text: &str, end: usize) -> bool {
    let Some(inner) = text[end..]
        .strip_prefix(" (")
        .and_then(|r| r.get(..r.find(')')?))
    else {
        return false;
    };
    if inner.len() > 24 {
        return false;
    }
    let mut words: Vec<&str> = inner.split(' ').collect();
    let Some(role) = words.pop() else {
        return false;
    };
    let carer = [
        "ot",
        "pt",
        "slp",
        "sw",
        "cm",
        "hcp",
        "poa",
        "aide",
        "caregiver",
    ]
    .iter()
    .any(|c| c.eq_ignore_ascii_case(role));
    (kin_or_credential(role) || carer)
        && words.iter().all(|w| {
            ["pt's", "patient's", "her", "his", "their", "day", "night"]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
        })
}

/// A note with capitals may still hold a name typed without them before its
/// role in brackets ("Spoke with john (pt's daughter)", "dmitri (OT) to
/// follow", "NOK is dmitri yamamoto (wife)"): a given or dictionary name, or
/// a word no list holds but the rare words' that reads as one, right before
/// the bracket ([`role_in_brackets`]), with the given name before a surname.
pub(crate) fn lower_case_names_before_roles(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let lower = |w: &str| w.bytes().all(|c| c.is_ascii_lowercase());
    let name_word = |t: &Tok| {
        let w = &text[t.start..t.end];
        let f = lexicon::flags(w);
        t.case == Case::Other
            && lower(w)
            && (lower_given(w, f)
                || f & !KNOWN == 0
                    && w.len() >= 4
                    && vowel_groups(w) >= 2
                    && !english_ending(w)
                    && !term_like(text, t))
            && !is_kin(w)
    };
    for (k, t) in toks.iter().enumerate() {
        if !text[t.end..].starts_with(" (") || !name_word(t) || !role_in_brackets(text, t.end) {
            continue;
        }
        let start = match k.checked_sub(1).map(|j| &toks[j]) {
            Some(p) if spaced(text, p, t) && name_word(p) => p.start,
            _ => t.start,
        };
        out.push(Span {
            start,
            end: t.end,
            kind: PhiKind::Name,
        });
    }
}

/// The lower-case names after a word for kin, a role or a title (the cue in
/// any case), each a token index with its surname's: a given or dictionary
/// name (no stopword, drug, month or day), or a word on no list but the rare
/// words' of two vowel groups ("dmitri"), right after the cue ("sister ",
/// "husband, ", "mom (", "dr. "), then a surname (a dictionary name or a word
/// on no list), the phrase's end or a verb a person does; a given name that
/// is no English word needs nothing after it. An English word alone is not
/// enough ("mother rose from her chair", "father long history of").
fn named_after_kin(text: &str, toks: &[Tok]) -> Vec<(usize, Option<usize>)> {
    let lower = |w: &str| w.bytes().all(|c| c.is_ascii_lowercase());
    // A word no list holds but the rare words' ("dmitri", "hiroshi").
    let unlisted = |w: &str, f: u8| {
        f & !KNOWN == 0 && w.len() >= 4 && lower(w) && vowel_groups(w) >= 2 && !english_ending(w)
    };
    // An Irish or Italian surname keeps its apostrophe ("o'brien", "d'angelo").
    let surname_shaped = |w: &str| {
        lower(w)
            || w.split_once('\'')
                .is_some_and(|(a, b)| a.len() == 1 && b.len() >= 3 && lower(a) && lower(b))
    };
    let surname = |w: &str, f: u8| {
        w.len() >= 3
            && surname_shaped(w)
            && f & (STOP | DRUG) == 0
            && (f & (NAME | WEAK_NAME) != 0
                || f & (ENGLISH | KNOWN | PLACE | COUNTRY_END) == 0 && !english_ending(w))
    };
    let mut found = Vec::new();
    let mut buf = [0u8; 16];
    for i in 1..toks.len() {
        let (p, t) = (&toks[i - 1], &toks[i]);
        // The cheap tests first: a lower-case word after a cue's gap.
        if t.case != Case::Other || t.end - t.start < 3 {
            continue;
        }
        let gap = &text[p.end..t.start];
        let pw = &text[p.start..p.end];
        if !(cue_gap(gap) || gap == ". ") || pw.len() > buf.len() || !pw.is_ascii() {
            continue;
        }
        let pl = &mut buf[..pw.len()];
        pl.copy_from_slice(pw.as_bytes());
        pl.make_ascii_lowercase();
        // "sister-in-law": the kin word before the hyphens.
        let pl: &[u8] = pl.strip_suffix(b"-in-law").unwrap_or(pl);
        let title = matches!(
            pl,
            b"dr" | b"drs" | b"mr" | b"mrs" | b"ms" | b"miss" | b"rev"
        );
        if !(cue_gap(gap) || title && gap == ". ") || !kin_cue(pl) {
            continue;
        }
        let w = &text[t.start..t.end];
        let f = lexicon::flags(w);
        let next = toks.get(i + 1).filter(|n| spaced(text, t, n));
        // "will" is a given name too where what follows cannot follow the
        // modal: a clause's end, a past tense or "is", "and" ("husband, will,
        // was", "brother will died", "grandson will is"; not "son will
        // call"), or a surname and such a verb ("caregiver will price reports").
        let no_modal = |k: usize| {
            toks.get(k).is_some_and(|n| {
                let nw = &text[n.start..n.end];
                spaced(text, &toks[k - 1], n)
                    && (nw == "and"
                        || after_a_person(nw) && !matches!(nw, "will" | "would")
                        || nw.len() >= 4
                            && nw.ends_with("ed")
                            && !nw.ends_with("eed")
                            && nw.bytes().all(|c| c.is_ascii_lowercase()))
            })
        };
        let modal_name = w == "will"
            && (text[t.end..].starts_with([',', ';', ')'])
                || no_modal(i + 1)
                || next.is_some_and(|n| {
                    let nw = &text[n.start..n.end];
                    surname(nw, lexicon::flags(nw)) && no_modal(i + 2)
                }));
        let listed = lower_given(w, f) || modal_name;
        // Not a term ("sister chromatid exchange").
        if !(listed || unlisted(w, f) && !term_like(text, t)) || eponym(text, t.end) {
            continue;
        }
        let with_surname = next.filter(|n| {
            let nw = &text[n.start..n.end];
            surname(nw, lexicon::flags(nw))
                && !eponym(text, n.end)
                && (w != "will" || no_modal(i + 2))
        });
        // A word alone is enough unless it is an English word, or a rare word
        // no name list holds ("sister chromatid exchange").
        let ends = f & ENGLISH == 0 && (listed || f & KNOWN == 0)
            || text[t.end..]
                .bytes()
                .next()
                .is_none_or(|c| matches!(c, b',' | b';' | b':' | b'(' | b')' | b'\n'))
            || text[t.end..].starts_with(". ")
            || text[t.end..].starts_with(" (")
            || text[t.end..] == *"."
            || modal_name
            || next.is_some_and(|n| after_a_person(&text[n.start..n.end]))
            // "sisters violet and penny".
            || next.is_some_and(|n| {
                &text[n.start..n.end] == "and"
                    && toks.get(i + 2).is_some_and(|m| {
                        let mw = &text[m.start..m.end];
                        spaced(text, n, m) && lower_given(mw, lexicon::flags(mw))
                    })
            });
        // After a title the word is a surname unless it is a given name
        // ("mr. white rose from the chair"; "dr. iris young"); a preposition
        // after the pair says the second word is a verb ("mr. ward rose from
        // the chair").
        let with_surname = with_surname.filter(|n| {
            let verb_like = toks.get(i + 2).is_some_and(|m| {
                spaced(text, n, m)
                    && matches!(
                        &text[m.start..m.end],
                        "from" | "to" | "in" | "on" | "at" | "up" | "out" | "with" | "into" | "off"
                    )
            });
            !title || lexicon::is_given(w.as_bytes()) && !verb_like
        });
        // The surname is the next token (`next`).
        if with_surname.is_some() {
            found.push((i, Some(i + 1)));
        } else if ends {
            found.push((i, None));
        }
    }
    found
}

/// Capitalises a name before a word for kin or a credential in parentheses
/// ("home with grace (daughter)", "grace white (son)", "handoff from mei
/// (day rn)"), a surname and the given name before it, each a given or
/// dictionary name (no stopword or drug); a name after a name and "and"
/// ("hi barbara and mei", "daughters violet and penny"); a generation after
/// a name ("robert patel jr."); and an Irish surname ("o'brien": not
/// "o'clock"). Whether anything changed.
fn names_beside_cased(text: &str, toks: &[Tok], b: &mut [u8]) -> bool {
    let given = |t: &Tok| {
        let w = &text[t.start..t.end];
        lower_given(w, lexicon::flags(w))
    };
    let mut changed = false;
    for (k, t) in toks.iter().enumerate() {
        let w = &text[t.start..t.end];
        // "(daughter)", "(day rn)": the word before the parenthesis.
        if text[t.end..].starts_with(')') && kin_or_credential(w) {
            let open = match k.checked_sub(1).map(|j| &toks[j]) {
                Some(p) if matches!(&text[p.start..p.end], "day" | "night") => k - 1,
                _ => k,
            };
            if let Some(j) = open
                .checked_sub(1)
                .filter(|&j| &text[toks[j].end..toks[open].start] == " (" && given(&toks[j]))
            {
                changed |= capitalise(b, toks[j].start);
                if j > 0 && spaced(text, &toks[j - 1], &toks[j]) && given(&toks[j - 1]) {
                    changed |= capitalise(b, toks[j - 1].start);
                }
            }
        }
        if k == 0 {
            continue;
        }
        let p = &toks[k - 1];
        let cased_before = b[p.start].is_ascii_uppercase();
        // "barbara and mei".
        if k >= 2
            && &text[p.start..p.end] == "and"
            && spaced(text, p, t)
            && spaced(text, &toks[k - 2], p)
            && b[toks[k - 2].start].is_ascii_uppercase()
            && given(&toks[k - 2])
            // Not a place that is a given name too ("in florida and summers").
            && !(k >= 3
                && matches!(
                    &text[toks[k - 3].start..toks[k - 3].end],
                    "in" | "from" | "near" | "at" | "between" | "across" | "around" | "outside"
                ))
            && given(t)
        {
            changed |= capitalise(b, t.start);
        }
        if matches!(w, "jr" | "sr") && cased_before && matches!(&text[p.end..t.start], " " | ", ") {
            changed |= capitalise(b, t.start);
        }
    }
    for t in toks {
        let w = &text[t.start..t.end];
        if let Some(rest) = w.strip_prefix("o'")
            && rest.len() >= 4
            && rest.bytes().all(|c| c.is_ascii_lowercase())
            && rest != "clock"
        {
            changed |= capitalise(b, t.start);
            changed |= capitalise(b, t.start + 2);
        }
    }
    changed
}

/// Capitalises a town of one word that is an English word too after words of
/// living, moving or travelling and a place preposition ("lives in
/// providence", "visiting from savannah", "a farm outside providence", "a po
/// box in savannah"): the cue pair says a place follows, where "near" or "in"
/// alone do not ("near normal", "in reading"). Whether anything changed.
fn towns_after_residence(
    text: &str,
    toks: &[Tok],
    places: &crate::places::PlaceDict,
    b: &mut [u8],
) -> bool {
    let mut changed = false;
    for k in 2..toks.len() {
        let (c, p, t) = (&toks[k - 2], &toks[k - 1], &toks[k]);
        if !spaced(text, c, p) || !spaced(text, p, t) {
            continue;
        }
        let preposition = matches!(
            &text[p.start..p.end],
            "in" | "from" | "to" | "near" | "outside" | "around"
        );
        let living = matches!(
            &text[c.start..c.end],
            "lives"
                | "live"
                | "lived"
                | "living"
                | "resides"
                | "reside"
                | "residing"
                | "moved"
                | "moving"
                | "relocated"
                | "born"
                | "raised"
                | "visiting"
                | "visit"
                | "home"
                | "farm"
                | "box"
                | "bus"
                | "drove"
                | "flew"
                | "arrived"
                | "returned"
        );
        let w = &text[t.start..t.end];
        if preposition
            && living
            && w.len() >= 4
            && w.bytes().all(|x| x.is_ascii_lowercase())
            && lexicon::flags(w) & STOP == 0
            && places.is_town(w)
            && text[t.end..]
                .bytes()
                .next()
                .is_none_or(|x| !x.is_ascii_alphanumeric() && x != b'-')
        {
            changed |= capitalise(b, t.start);
        }
    }
    changed
}

/// Whether a word ends like a Latin term of medicine or biology ("bullosa",
/// "congenita", "bordetella", "burgdorferi", "areata", "pertussis").
fn latin_ending(w: &str) -> bool {
    [
        "osa", "ita", "ella", "eri", "ata", "ae", "ii", "um", "us", "is", "ia", "ica", "ans",
        "ens", "oides", "alis", "aris",
    ]
    .iter()
    .any(|e| w.len() > e.len() + 2 && w.ends_with(e))
}

/// A month's or a weekday's name in lower case.
fn month_or_day(w: &str) -> bool {
    crate::dates::MONTHS.contains(&w) || WEEKDAYS.contains(&w)
}

/// A lower-case word that a name typed without capitals may be: a given or
/// dictionary name of three letters or more (flags `f`), no stopword, drug,
/// month or day ([`named_after_kin`], [`names_beside_cased`]).
fn lower_given(w: &str, f: u8) -> bool {
    w.len() >= 3
        && w.bytes().all(|c| c.is_ascii_lowercase())
        && f & (STOP | DRUG) == 0
        && (f & (NAME | WEAK_NAME) != 0 || lexicon::is_given(w.as_bytes()))
        && !month_or_day(w)
}

/// Capitalises the sex after an age ("94f presenting", "lopez, karen 95 f
/// rm 12", "92m"): an "f" right after a number or after it and one space,
/// an "m" only right after one ("95 m walk" is a distance). Whether anything
/// changed.
fn sex_after_age(text: &str, toks: &[Tok], b: &mut [u8]) -> bool {
    let mut changed = false;
    for t in toks {
        let before = &text.as_bytes()[..t.start];
        let spaced = before.strip_suffix(b" ");
        let number = spaced.unwrap_or(before);
        let sex = match &text[t.start..t.end] {
            "f" => true,
            "m" => spaced.is_none(),
            _ => false,
        };
        if sex && number.last().is_some_and(u8::is_ascii_digit) {
            changed |= capitalise(b, t.start);
        }
    }
    changed
}

/// Street words that end a street's name after its house number (lower case).
pub(crate) const STREET_SUFFIXES: &[&str] = &[
    "st",
    "street",
    "rd",
    "road",
    "ave",
    "avenue",
    "blvd",
    "boulevard",
    "ln",
    "lane",
    "dr",
    "drive",
    "ct",
    "court",
    "way",
    "pl",
    "place",
    "ter",
    "terrace",
    "cir",
    "circle",
    "pkwy",
    "parkway",
    "hwy",
    "highway",
];

/// Whether token `k` is a street word ending a street after its house
/// number: one to three words after a number of one to six digits, single
/// spaces between ("703 elm road").
pub(crate) fn street_ends_at(text: &str, toks: &[Tok], k: usize) -> bool {
    if !STREET_SUFFIXES.contains(&&text[toks[k].start..toks[k].end]) {
        return false;
    }
    (k.saturating_sub(3)..k).rev().any(|j| {
        (j..k).all(|m| spaced(text, &toks[m], &toks[m + 1])) && after_house_number(text, &toks[j])
    })
}

/// Whether a house number of one to six digits, alone, and one space stand
/// right before token `t` ("703 elm").
fn after_house_number(text: &str, t: &Tok) -> bool {
    let Some(rest) = text.as_bytes()[..t.start].strip_suffix(b" ") else {
        return false;
    };
    let digits = rest.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    (1..=6).contains(&digits)
        && rest
            .len()
            .checked_sub(digits + 1)
            .is_none_or(|m| !rest[m].is_ascii_alphanumeric())
}

/// Capitalises the words of a street after its house number, up to its
/// street word ("3471 maple st" → "3471 Maple St"): one to three words, no
/// stopword among them. Whether anything changed.
fn street_words(text: &str, toks: &[Tok], b: &mut [u8]) -> bool {
    // A street named without its number after "on", "onto", "off" ...
    // ("turned onto maple street"): one to three words before a full street
    // word that ends a phrase or comes before a stopword ("on maple street
    // has"; not "on a road trip").
    const FULL: &[&str] = &["street", "avenue", "road", "boulevard", "lane", "drive"];
    let mut changed = false;
    for (k, t) in toks.iter().enumerate() {
        if !FULL.contains(&&text[t.start..t.end]) {
            continue;
        }
        if !phrase_ends_after(text, toks, k) {
            continue;
        }
        for n in 1..=3.min(k) {
            let first = k - n;
            let joined = (first..k).all(|j| spaced(text, &toks[j], &toks[j + 1]));
            let words_ok = (first..k).all(|j| {
                let w = &text[toks[j].start..toks[j].end];
                !FULL.contains(&w) && lexicon::flags(w) & STOP == 0
            });
            if !joined || !words_ok {
                break;
            }
            let cue = first > 0
                && spaced(text, &toks[first - 1], &toks[first])
                && matches!(
                    &text[toks[first - 1].start..toks[first - 1].end],
                    "on" | "onto" | "off" | "along" | "near"
                );
            if cue {
                for w in &toks[first..=k] {
                    changed |= capitalise(b, w.start);
                }
                break;
            }
        }
    }
    for (i, t) in toks.iter().enumerate() {
        if !after_house_number(text, t) {
            continue;
        }
        for k in i + 1..(i + 4).min(toks.len()) {
            if !spaced(text, &toks[k - 1], &toks[k]) {
                break;
            }
            if STREET_SUFFIXES.contains(&&text[toks[k].start..toks[k].end]) {
                let words = &toks[i..k];
                if words
                    .iter()
                    .all(|w| lexicon::flags(&text[w.start..w.end]) & STOP == 0)
                {
                    for w in &toks[i..=k] {
                        changed |= capitalise(b, w.start);
                    }
                }
                break;
            }
        }
    }
    changed
}

/// The sentences of a text with capitals that have none, of four words or
/// more (byte ranges): a sentence ends at `.`, `!` or `?` before a space or
/// a line's end, or at a line's end; not at the period of a word of three
/// letters or fewer before a lower-case word ("dr. adeyemi", "a. smith").
/// (A clause after a semicolon is in lower case by grammar, not because its
/// writer types without capitals.)
pub(crate) fn caseless_sentences(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let abbreviation = |i: usize| {
        let letters = b[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let next = b[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
        (1..=3).contains(&letters) && next.is_some_and(u8::is_ascii_lowercase)
    };
    // From one sentence's end to the next; a sentence with a capital (most
    // begin with one) is passed over at its first.
    let mut out = Vec::new();
    let (mut start, mut from) = (0, 0);
    loop {
        let i = b[from..]
            .iter()
            .position(|&c| matches!(c, b'\n' | b'.' | b'!' | b'?'))
            .map_or(b.len(), |k| from + k);
        let end = i == b.len()
            || b[i] == b'\n'
            || (b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
                && !(b[i] == b'.' && abbreviation(i)));
        if !end {
            from = i + 1;
            continue;
        }
        let s = &b[start..i];
        if !s.iter().any(u8::is_ascii_uppercase) {
            let words = s
                .split(|c| !(c.is_ascii_alphabetic() || *c >= 0x80))
                .filter(|w| !w.is_empty())
                .count();
            let wide = !s.is_ascii() && text[start..i].chars().any(char::is_uppercase);
            if words >= 4 && !wide {
                out.push((start, i));
            }
        }
        if i == b.len() {
            return out;
        }
        (start, from) = (i + 1, i + 1);
    }
}

/// Whether a text has no (ASCII) capital letter at all: case tells nothing.
pub(crate) fn caseless(text: &str) -> bool {
    !text.bytes().any(|c| c.is_ascii_uppercase())
}

/// A text with no capital letter at all ("hi, this is nina from accounts")
/// gives case no say: a dictionary name that is no English word or stopword
/// of four letters or more (not a drug) is a name, with the word after it if
/// that is a name too or on no list ("naomi ryan", "olga krylova").
pub(crate) fn names_in_lower_case_text(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let flags: Vec<u8> = toks
        .iter()
        .map(|t| lexicon::flags(&text[t.start..t.end]))
        .collect();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // Four letters or more: lab and unit abbreviations ("ana", "bun") are shorter.
        if t.end - t.start < 4 || !lexicon::plain_name(flags[i]) || flags[i] & (DRUG | KNOWN) != 0 {
            i += 1;
            continue;
        }
        let mut end = t.end;
        if let Some(n) = toks.get(i + 1).filter(|n| spaced(text, t, n)) {
            let f = flags[i + 1];
            let unknown = f & (ENGLISH | STOP | KNOWN | DRUG | PLACE | COUNTRY_END) == 0;
            if n.end - n.start >= 3 && (lexicon::plain_name(f) || unknown) {
                end = n.end;
                i += 1;
            }
        }
        out.push(Span {
            start: t.start,
            end: name_end(text, end),
            kind: PhiKind::Name,
        });
        i += 1;
    }
}

/// Speakers in a transcript ("Ubul: What a wife.", "Destiny: Remember me",
/// "Heather:\"I'm Daniel's daughter\""): a capitalised word alone at a
/// line's start before a colon and a capital or a quote, that is a given or
/// dictionary name or a word on no list shaped like a name. A word that is an
/// English word too ("Destiny", "John") only where another line has a
/// speaker (a dialogue, not a heading: "Plan:", "Diet:"); never a word for
/// kin, a title or a role ("Mother:", "Patient:").
pub(crate) fn speakers(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    // (token, whether an English word too).
    let mut found: Vec<(usize, bool)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        // The cheap tests first: a capitalised word, a colon right after it,
        // at a line's start.
        if t.case != Case::Title || b.get(t.end) != Some(&b':') {
            continue;
        }
        if t.start > 0 && b[t.start - 1] != b'\n' {
            continue;
        }
        let after = text[t.end + 1..].trim_start_matches(' ');
        if !after.starts_with(|c: char| c.is_uppercase() || c == '"') {
            continue;
        }
        let w = t.word(text);
        let f = t.flags;
        let mut lower = [0u8; 24];
        if w.len() > lower.len() || !w.is_ascii() {
            continue;
        }
        let l = &mut lower[..w.len()];
        l.copy_from_slice(w.as_bytes());
        l.make_ascii_lowercase();
        let listed = f & (NAME | WEAK_NAME) != 0 || lexicon::is_given(l);
        let unlisted = f == 0
            && w.len() >= 4
            && vowel_groups(w) >= 2
            && !english_ending(w)
            && std::str::from_utf8(l)
                .ok()
                .and_then(crate::namelike::name_score)
                .is_some_and(|s| s > 0.0);
        // A place only where no name list holds it ("John", "Austin").
        let place = f & (PLACE | COUNTRY_END) != 0 && f & (NAME | WEAK_NAME) == 0;
        if f & (STOP | DRUG) != 0
            || place
            || !(listed || unlisted)
            // Every word for kin is a cue too.
            || kin_cue(l)
            || not_a_person(w)
            || department(w)
        {
            continue;
        }
        found.push((i, f & (ENGLISH | KNOWN) != 0));
    }
    let dialogue = found.len() >= 2;
    for (i, english) in found {
        if english && !dialogue {
            continue;
        }
        out.push(Span {
            start: toks[i].start,
            end: toks[i].end,
            kind: PhiKind::Name,
        });
    }
}

/// A name written with one or two particles ("Dyan van Gijn", "Maika van de
/// Noort", "Pieter van der Berg"): the capitalised words on both sides are
/// one name with the particles where either side is a name found already,
/// unless a place or address found holds the particles ("Rio de Janeiro")
/// or an eponym's head follows ("Cornelia de Lange syndrome").
pub(crate) fn names_across_particles(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    // Cheap tests first: a capitalised word, then a short lower-case word
    // that is a particle, then a capitalised word. The found spans are
    // gathered only where that shape is.
    let particle = |u: &Tok| {
        u.case == Case::Other && u.end - u.start <= 5 && crate::detect::name_particle(u.word(text))
    };
    type Ranges = Vec<(usize, usize)>;
    let mut lists: Option<(Ranges, Ranges)> = None;
    let mut found = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if t.case != Case::Title || t.initial {
            continue;
        }
        let mut j = i + 1;
        while j < toks.len()
            && j <= i + 2
            && particle(&toks[j])
            && spaced(text, &toks[j - 1], &toks[j])
        {
            j += 1;
        }
        let Some(u) = toks.get(j) else { continue };
        if j == i + 1 || u.case != Case::Title || !spaced(text, &toks[j - 1], u) {
            continue;
        }
        let (names, places) = lists.get_or_insert_with(|| {
            let mut places = ranges(out, PhiKind::Location);
            places.extend(ranges(out, PhiKind::Address));
            places.sort_unstable();
            (ranges(out, PhiKind::Name), places)
        });
        // A place of several words holds the particles ("Rio de Janeiro").
        let across = |v: &[(usize, usize)]| {
            v.iter()
                .any(|&(s, e)| s < toks[i + 1].start && toks[j - 1].end <= e)
        };
        if !(within(names, t) || within(names, u)) || across(places) || eponym(text, u.end) {
            continue;
        }
        // A side that is no name found must be no English word or stopword.
        let plain =
            |v: &Tok| within(names, v) || lexicon::flags(v.word(text)) & (ENGLISH | STOP) == 0;
        if plain(t) && plain(u) {
            found.push(Span {
                start: t.start,
                end: name_end(text, u.end),
                kind: PhiKind::Name,
            });
        }
    }
    out.extend(found);
}

/// A family named by its surname ("The Banks family requests a chaplain",
/// "the Nguyen family's wishes"): a capitalised dictionary name between "the"
/// and "family", even one that is an English word, unless it is a language,
/// faith, service or stopword ("the Spanish family", "the Medicine family
/// meeting").
pub(crate) fn surnames_of_families(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    for w in toks.windows(3) {
        let [the, name, family] = w else { continue };
        if name.case != Case::Title
            || !the.word(text).eq_ignore_ascii_case("the")
            || !spaced(text, the, name)
            || !spaced(text, name, family)
        {
            continue;
        }
        let f = family.word(text);
        if !matches!(f, "family" | "family's" | "families") {
            continue;
        }
        let flags = name.flags;
        if flags & (NAME | WEAK_NAME) == 0
            || flags & (STOP | DRUG) != 0
            || not_a_person(name.word(text))
        {
            continue;
        }
        out.push(Span {
            start: name.start,
            end: name.end,
            kind: PhiKind::Name,
        });
    }
}

/// Given names that are words of clinical Latin too ("polycythemia vera",
/// "vena cava", "linea alba", "ora serrata", "oral candida"): never taken
/// in lower case by [`given_names_in_lower_case`].
const LATIN_GIVEN: &[&str] = &["alba", "candida", "ora", "vena", "vera"];

/// A note typed with capitals may still hold a name typed without them ("Per
/// ravi at the front desk", "spoke with daniel khoury, the pt's daughter",
/// "pastor, mark macdonald"): a given name of `data/given.txt` in lower case
/// that is no English word, stopword, drug, rare word, country, language or
/// service, four letters or more, with the name-like word after it (past a
/// middle initial: "benjamin a seiler"); and a given name that is an
/// English word too ("mark", "paul") where a surname that is none follows
/// it. A surname alone is not taken: too many are clinical words in lower
/// case ("purpura", "cava"). Words glued to others ("ravi@", "/ravi",
/// "ravi-based", "B4"), eponyms ("leigh syndrome") and words after a particle
/// ("Stocco dos santos") are not names.
pub(crate) fn given_names_in_lower_case(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let lower =
        |t: &Tok| t.case == Case::Other && b[t.start..t.end].iter().all(u8::is_ascii_lowercase);
    // A surname may hold an apostrophe ("o'connor", "d'angelo").
    let surname_shaped = |t: &Tok| {
        let w = &b[t.start..t.end];
        t.case == Case::Other
            && w[0].is_ascii_lowercase()
            && w.iter().all(|&c| c.is_ascii_lowercase() || c == b'\'')
            && !w.ends_with(b"'")
    };
    let free = |t: &Tok| {
        let before = t.start.checked_sub(1).map(|i| b[i]);
        let after = b.get(t.end).copied();
        let next = b.get(t.end + 1).copied();
        let glued_before = before
            .is_some_and(|c| matches!(c, b'@' | b'.' | b'/' | b'-' | b'_' | b'#' | b'=' | b'&'));
        let glued_after = after.is_some_and(|c| c == b'@' || c == b'_' || c.is_ascii_digit())
            || (matches!(after, Some(b'.' | b'/' | b'-'))
                && next.is_some_and(|c| c.is_ascii_alphanumeric()));
        !(glued_before || glued_after)
    };
    let name_like = |f: u8| f & (NAME | WEAK_NAME) != 0 && f & (STOP | DRUG) == 0;
    let surname = |f: u8| lexicon::plain_name(f) && f & (DRUG | KNOWN) == 0;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // The list's bitmap first: it turns away most words (capitalised ones
        // too: the list is in lower case).
        if t.case != Case::Other
            || t.end - t.start < 4
            || !lexicon::is_given(&b[t.start..t.end])
            || !lower(t)
        {
            i += 1;
            continue;
        }
        let f = lexicon::flags(t.word(text));
        // A 2020 given name no other list holds ("ravi") is as good as one
        // the name dictionary holds.
        let strong = f & (WEAK_NAME | ENGLISH | STOP | DRUG | KNOWN) == 0;
        let weak = f & WEAK_NAME != 0 && f & (STOP | DRUG) == 0;
        if !(strong || weak)
            || LATIN_GIVEN.contains(&t.word(text))
            || lexicon::is_country(t.word(text))
            // After a particle it ends a capitalised name the other rules
            // have judged ("Stocco dos santos syndrome").
            || (i > 0 && spaced(text, &toks[i - 1], t) && crate::detect::name_particle(toks[i - 1].word(text)))
            || not_a_person(t.word(text))
            || !free(t)
            || eponym(text, t.end)
        {
            i += 1;
            continue;
        }
        // A middle initial may stand between ("benjamin a seiler").
        let initial = toks.get(i + 1).filter(|m| {
            let w = &b[m.start..m.end];
            (w.len() == 1 || (w.len() == 2 && w[1] == b'.'))
                && w[0].is_ascii_lowercase()
                && spaced(text, t, m)
        });
        let (k, before) = match initial {
            Some(m) => (i + 2, m),
            None => (i + 1, t),
        };
        let next = toks
            .get(k)
            .filter(|n| {
                (spaced(text, before, n)
                    || (initial.is_some() && &text[before.end..n.start] == ". "))
                    && surname_shaped(n)
                    && n.end - n.start >= 3
                    && free(n)
            })
            .map(|n| (n, lexicon::flags(n.word(text))))
            .filter(|(n, _)| !eponym(text, n.end));
        let taken = if strong {
            // The word after it joins it when it is a name or no word at all.
            let end = match next {
                Some((n, g)) if name_like(g) || g == 0 => n.end,
                _ => t.end,
            };
            Some(end)
        } else if weak {
            next.filter(|&(_, g)| surname(g)).map(|(n, _)| n.end)
        } else {
            None
        };
        if let Some(end) = taken {
            out.push(Span {
                start: t.start,
                end: name_end(text, end),
                kind: PhiKind::Name,
            });
            i = if end > t.end { k + 1 } else { i + 1 };
            continue;
        }
        i += 1;
    }
}

/// A name found once is a name wherever the text repeats it ("Mr. Tanaka
/// ... Tanaka tolerated the procedure"): capitalised proper nouns of the
/// names found, in any case where they recur capitalised.
pub(crate) fn recurring_names(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let found = ranges(out, PhiKind::Name);
    if found.is_empty() {
        return;
    }
    let mut words: Vec<&str> = Vec::new();
    // Tokens inside a found name, a possessive's too ("Mei" of "Mei's").
    let inside = found.iter().flat_map(|&(s, e)| {
        let k = toks.partition_point(|t| t.start < s);
        toks[k..]
            .iter()
            .take_while(move |t| t.start < e)
            .filter(move |t| t.start + without_clitic(t.word(text)).len() <= e)
    });
    // Weak dictionary names ("John", "Will") recur too, but not where a
    // sentence starts ("Will follow up").
    let mut weak: Vec<&str> = Vec::new();
    for t in inside {
        let w = without_clitic(t.word(text));
        if words.contains(&w) {
            continue;
        }
        if proper(text, t) {
            words.push(w);
        } else if t.case == Case::Title && w.len() >= 3 && lexicon::flags(w) & WEAK_NAME != 0 {
            words.push(w);
            weak.push(w);
        }
    }
    if words.is_empty() {
        return;
    }
    // The found words' first bytes (ASCII lower case): most tokens are
    // turned away by one bit test.
    let mut firsts = [0u64; 4];
    for w in &words {
        match w.as_bytes().first() {
            Some(c) => {
                let c = c.to_ascii_lowercase();
                firsts[usize::from(c >> 6)] |= 1 << (c & 63);
            }
            // "N'T" without its clitic: it starts every word.
            None => firsts = [!0; 4],
        }
    }
    for t in toks {
        if t.case == Case::Other || t.initial {
            continue;
        }
        let b = &text.as_bytes()[t.start..t.end];
        let c = b[0].to_ascii_lowercase();
        if firsts[usize::from(c >> 6)] & (1 << (c & 63)) == 0 {
            continue;
        }
        // Cheap test next: a found word starts this one.
        let starts =
            |x: &&str| b.len() >= x.len() && b[..x.len()].eq_ignore_ascii_case(x.as_bytes());
        if !words.iter().any(starts) || within(&found, t) {
            continue;
        }
        let w = without_clitic(t.word(text));
        let sentence_start = || {
            text[..t.start]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '"' | '\n'))
        };
        if words.iter().any(|x| x.eq_ignore_ascii_case(w))
            && !(weak.iter().any(|x| x.eq_ignore_ascii_case(w)) && sentence_start())
        {
            out.push(Span {
                start: t.start,
                end: t.start + w.len(),
                kind: PhiKind::Name,
            });
        }
    }
}

/// "Satu Elomo\n\n45818 P.O. Box 242": a line of two to four capitalised
/// proper nouns or dictionary names, within two lines above an address that
/// starts its line, is the addressee's name.
pub(crate) fn names_above_addresses(
    names: &NameDict,
    text: &str,
    toks: &[Tok],
    out: &mut Vec<Span>,
) {
    let margin = |c: char| c.is_whitespace() || matches!(c, '>' | '*' | '-' | '|');
    for k in 0..out.len() {
        if out[k].kind != PhiKind::Address {
            continue;
        }
        let s = out[k].start;
        let line_start = text[..s].rfind('\n').map_or(0, |k| k + 1);
        if line_start == 0 || !text[line_start..s].chars().all(margin) {
            continue;
        }
        let (mut end, mut lines, mut blanks) = (line_start - 1, 0, 0);
        while lines < 2 {
            let start = text[..end].rfind('\n').map_or(0, |k| k + 1);
            let line = &text[start..end];
            let content = line.trim_matches(margin);
            if content.is_empty() {
                blanks += 1;
            } else {
                lines += 1;
                let from = start + (line.len() - line.trim_start_matches(margin).len());
                let a = toks.partition_point(|t| t.start < from);
                let b = toks.partition_point(|t| t.start < from + content.len());
                let line_toks = &toks[a..b];
                let whole = line_toks.first().is_some_and(|t| t.start == from)
                    && line_toks
                        .last()
                        .is_some_and(|t| t.end == from + content.len())
                    && line_toks.windows(2).all(|w| spaced(text, &w[0], &w[1]));
                // Capitalised words, all but at most one of them proper
                // nouns or dictionary names ("Verity Quenneville", not
                // "Google Public Data Explorer" or "Discharge Summary").
                let words: Vec<&Tok> = line_toks.iter().filter(|t| !initial(text, t)).collect();
                let named = words
                    .iter()
                    .filter(|t| proper(text, t) || names.known_tok(t))
                    .count();
                let people = line_toks
                    .iter()
                    .all(|t| t.case != Case::Other && t.flags & STOP == 0)
                    && named >= 1
                    && named + 1 >= words.len();
                if whole && people && words.len() >= 2 && line_toks.len() <= 4 {
                    out.push(Span {
                        start: from,
                        end: from + content.len(),
                        kind: PhiKind::Name,
                    });
                    break;
                }
            }
            if start == 0 || blanks > 1 {
                break;
            }
            end = start - 1;
        }
    }
}

/// "Morrison, Rogers and Torres": a list of capitalised words joined by
/// commas and "and", at least half of them names already found: the others
/// are names too when they are proper nouns or dictionary names.
fn siblings(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let mut names: Vec<(usize, usize)> = out
        .iter()
        .filter(|s| s.kind == PhiKind::Name)
        .map(|s| (s.start, s.end))
        .collect();
    if names.is_empty() {
        return;
    }
    names.sort_unstable();
    let found = |t: &Tok| {
        let k = names.partition_point(|n| n.1 <= t.start);
        names.get(k).is_some_and(|n| n.0 <= t.start && t.end <= n.1)
    };
    // In capitals only dictionary names count (every word is capitalised).
    // A credential after a name ("Hernandez, Esq.") is no member.
    let member = |t: &Tok| {
        if crate::detect::sign_off(text, t.start, t.end) {
            return false;
        }
        let m = match t.case {
            Case::Other => false,
            _ if crate::detect::CREDENTIAL_WORDS.contains(&t.word(text)) => false,
            Case::Title => proper(text, t) || t.flags & (NAME | WEAK_NAME) != 0,
            Case::Upper => t.flags & (NAME | WEAK_NAME) != 0 && t.flags & STOP == 0,
        };
        // Not a town's state or country ("Springfield, Tennessee").
        m && (t.flags & NAME != 0 || !crate::names::region_word(text, t))
    };
    let next = |j: usize| next_member(text, toks, j);
    let mut list = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A list has a second member: look for its joint (cheap) before
        // asking whether this word is a member (dictionaries).
        if toks[i].case == Case::Other || next(i).is_none() || !member(&toks[i]) {
            i += 1;
            continue;
        }
        list.clear();
        list.push(i);
        let mut j = i;
        while member(&toks[j]) {
            match next(j) {
                Some(k) => {
                    list.push(k);
                    j = k;
                }
                None => break,
            }
        }
        if list.len() > 1 && member(&toks[j]) {
            let hits = list.iter().filter(|&&k| found(&toks[k])).count();
            // Right after a relation ("Siblings: Rose, Will and Grace") the
            // whole list is people.
            let after_relation = i > 0 && {
                let r = &toks[i - 1];
                let gap = &text[r.end..toks[i].start];
                (1..=3).contains(&gap.len())
                    && gap.bytes().all(|c| matches!(c, b' ' | b':' | b'-'))
                    && crate::detect::is_relation(&text[r.start..r.end])
            };
            if hits > 0 && (hits * 2 >= list.len() || (after_relation && found(&toks[i]))) {
                for t in list.iter().map(|&k| &toks[k]).filter(|t| !found(t)) {
                    out.push(Span {
                        start: t.start,
                        end: name_end(text, t.end),
                        kind: PhiKind::Name,
                    });
                }
            }
        }
        i = j + 1;
    }
}

/// The list member after token `j`: ", X", " and X" or ", and X".
fn next_member(text: &str, toks: &[Tok], j: usize) -> Option<usize> {
    let b = text.as_bytes();
    let n = toks.get(j + 1)?;
    let gap = &b[toks[j].end..n.start];
    let and = b[n.start..n.end].eq_ignore_ascii_case(b"and");
    if gap == b", " && !and {
        return Some(j + 1);
    }
    let x = toks.get(j + 2)?;
    (matches!(gap, b" " | b", ") && and && &b[n.end..x.start] == b" ").then_some(j + 2)
}

/// A given name that is an English word ("Grace", "Bill", "Page"), alone at
/// the start of a clause, before a verb of saying ("Called pharmacy; Grace
/// confirmed the prior auth", "Bill states he fell"): the English word is
/// no one who speaks, and every verb here is inflected, so a modal before it
/// ("will", "may") would be no English either ("Will confirmed").
fn weak_name_speaks(text: &str, toks: &[Tok], i: usize) -> bool {
    let p = &toks[i - 1];
    let verb = &text.as_bytes()[toks[i].start..toks[i].end];
    if p.case != Case::Title
        || p.flags & WEAK_NAME == 0
        || !spaced(text, p, &toks[i])
        || !matches!(
            verb,
            b"says"
                | b"said"
                | b"told"
                | b"asked"
                | b"explained"
                | b"reports"
                | b"reported"
                | b"states"
                | b"stated"
                | b"confirmed"
                | b"confirms"
                | b"verified"
                | b"agrees"
                | b"agreed"
                | b"called"
                | b"requested"
                | b"requests"
                | b"declined"
                | b"wrote"
                | b"writes"
                | b"messaged"
                | b"emailed"
                | b"texted"
                | b"phoned"
        )
        || crate::detect::is_relation(p.word(text))
    {
        return false;
    }
    let head = text[..p.start].trim_end_matches([' ', '\t']);
    head.is_empty() || head.ends_with(['.', ';', ':', '\n', '(']) || head.ends_with(" and")
}

/// "lives", "spent", "is from", "was born": a verb (or verb and
/// preposition) at token `i` that takes a person as its subject.
fn person_verb(text: &str, toks: &[Tok], i: usize) -> bool {
    let w = &text.as_bytes()[toks[i].start..toks[i].end];
    let next = toks.get(i + 1).map(|n| &text.as_bytes()[n.start..n.end]);
    person_verb_word(w, next)
}

/// [`person_verb`] on a lower-case word and the word after it.
fn person_verb_word(w: &[u8], next: Option<&[u8]>) -> bool {
    // A `match` on bytes: a switch on the length, then a few compares.
    if matches!(
        w,
        b"lives"
            | b"lived"
            | b"spent"
            | b"began"
            | b"explained"
            | b"says"
            | b"said"
            | b"told"
            | b"asked"
            | b"works"
            | b"worked"
            | b"wrote"
            | b"died"
            | b"married"
            | b"moved"
            | b"reports"
            | b"reported"
            | b"states"
            | b"stated"
            | b"denies"
            | b"denied"
            | b"complains"
            | b"presented"
            | b"returned"
            | b"visited"
            | b"arrived"
            | b"agreed"
            | b"declined"
            | b"refused"
            | b"understands"
            | b"speaks"
            | b"spoke"
            | b"called"
            | b"thinks"
            | b"believes"
            | b"confirmed"
            | b"confirms"
            | b"requested"
            | b"requests"
            | b"recommended"
            | b"recommends"
            | b"prefers"
            | b"preferred"
            | b"wants"
            | b"wanted"
            | b"accepted"
            | b"approved"
            | b"phoned"
            | b"texted"
            | b"emailed"
            | b"mentioned"
            | b"insisted"
            | b"promised"
            | b"apologized"
            | b"apologised"
    ) {
        return true;
    }
    // "is from", "was born", "is very reliable" is too loose: only these.
    matches!(
        (w, next),
        (b"is" | b"was", Some(b"from" | b"born")) | (b"has" | b"had", Some(b"given" | b"been"))
    )
}

/// English words of two letters, in capitals.
const TWO_LETTER_WORDS: &[&[u8]] = &[
    b"AM", b"AN", b"AS", b"AT", b"BE", b"BY", b"DO", b"GO", b"HE", b"IF", b"IN", b"IS", b"IT",
    b"ME", b"MY", b"NO", b"OF", b"OK", b"ON", b"OR", b"SO", b"TO", b"UP", b"US", b"WE",
];

/// The postal-code shape at `at` (after spaces): 3–6 digits, an optional
/// second group ("394 13", "3610-114") or, after four digits, two capitals
/// ("7412 SL"); not a quantity. Returns its byte range.
fn postal_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = at;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let start = i;
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let n = digits(i);
    if !(3..=6).contains(&n) || i == at {
        return None;
    }
    i += n;
    let mut grouped = false;
    if i + 1 < b.len() && (b[i] == b'-' || b[i] == b' ') {
        let m = digits(i + 1);
        if (2..=4).contains(&m) {
            i += 1 + m;
            grouped = true;
        }
    }
    // The two letters of a Dutch code follow four digits; a word of two
    // capitals is none ("NETHERLANDS 62971 IN CASE OF").
    if n == 4
        && !grouped
        && i + 3 <= b.len()
        && b[i] == b' '
        && b[i + 1].is_ascii_uppercase()
        && b[i + 2].is_ascii_uppercase()
        && b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric())
        && !TWO_LETTER_WORDS.contains(&&b[i + 1..i + 3])
    {
        i += 3;
    }
    if b.get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'%')
        || (b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    (!measure_after(text, i)).then_some((start, i))
}

/// A unit or a count word ("mg", "patients"), in any case.
pub(crate) fn is_measure(w: &str) -> bool {
    MEASURES.contains(&w.to_lowercase().as_str())
}

/// The word after `at` (past spaces) is a unit or a count ("mg", "patients"):
/// the number before it is a quantity.
pub(crate) fn measure_after(text: &str, at: usize) -> bool {
    let rest = text[at..].trim_start_matches(' ');
    let n = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(k, _)| k);
    is_measure(&rest[..n])
}

/// Postal codes after a detected place or a country ("Acquapendente 1021",
/// "Estonia 62488", "Cyprus (Greek) 78891").
pub(crate) fn postal_after_places(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    // (end, whether a year after it is a year: after a place name it is,
    // "born in Boston 1985"; inside an address or after a country, a code).
    let mut ends: Vec<(usize, bool)> = out
        .iter()
        .filter(|s| matches!(s.kind, PhiKind::Location | PhiKind::Address))
        .map(|s| (s.end, s.kind == PhiKind::Location))
        .collect();
    // Countries of up to four words, found backwards from a token that a
    // number (or a parenthesis) follows.
    let b = text.as_bytes();
    let mut name = String::new();
    // On a line typed without capitals ("belgium 97466") a country is in
    // lower case too.
    let caseless_line = |at: usize| {
        !crate::names::line_around(text, at)
            .iter()
            .any(u8::is_ascii_uppercase)
    };
    for (j, t) in toks.iter().enumerate() {
        let next = b.get(t.end + 1);
        if b.get(t.end) != Some(&b' ') || !next.is_some_and(|c| c.is_ascii_digit() || *c == b'(') {
            continue;
        }
        let lower = t.case == Case::Other;
        let flags = if lower {
            lexicon::flags(t.word(text))
        } else {
            t.flags
        };
        if flags & COUNTRY_END == 0 || (lower && !caseless_line(t.start)) {
            continue;
        }
        let mut country = false;
        for i in (j.saturating_sub(3)..=j).rev() {
            if i < j && !spaced(text, &toks[i], &toks[i + 1]) {
                break;
            }
            if toks[i].case == Case::Other && !lower {
                continue;
            }
            name.clear();
            for (k, u) in toks[i..=j].iter().enumerate() {
                if k > 0 {
                    name.push(' ');
                }
                name.push_str(&word_lower(text, u));
            }
            country |= lexicon::is_country(&name);
        }
        if country {
            let mut end = toks[j].end;
            // "Cyprus (Greek) 78891"
            if let Some(rest) = text[end..].strip_prefix(" (")
                && let Some(close) = rest.find(')')
                && close < 24
            {
                end += 2 + close + 1;
            }
            ends.push((end, false));
        }
    }
    // "in Acquapendente 1021", "in Quinta de São Tiago 3610-114": a place
    // the gazetteer lacks, after a place preposition, then a postal code that
    // is not a year.
    for (i, t) in toks.iter().enumerate() {
        let w = &text.as_bytes()[t.start..t.end];
        if !matches!(w, b"in" | b"from" | b"near" | b"In" | b"From" | b"Near") {
            continue;
        }
        if !toks
            .get(i + 1)
            .is_some_and(|f| spaced(text, t, f) && proper(text, f))
        {
            continue;
        };
        let mut j = i + 1;
        while j + 1 < toks.len() && j < i + 5 && spaced(text, &toks[j], &toks[j + 1]) {
            let n = &toks[j + 1];
            let particle = crate::streets::particle(&text[n.start..n.end]);
            if particle || proper(text, n) {
                j += 1;
            } else {
                break;
            }
        }
        if let Some((s, e)) = postal_at(text, toks[j].end)
            && !is_year(&text[s..e])
        {
            out.push(Span {
                start: s,
                end: e,
                kind: PhiKind::Zip,
            });
        }
    }
    for (end, years) in ends {
        if let Some((s, e)) = postal_at(text, end)
            && !(years && is_year(&text[s..e]))
        {
            out.push(Span {
                start: s,
                end: e,
                kind: PhiKind::Zip,
            });
        }
    }
}

/// Four digits from 1900 to 2099.
fn is_year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1900..=2099).contains(&y))
}

/// Cue words before a house number that starts an address line.
const ADDRESS_CUES: &[&str] = &["at", "in", "to", "is", "on", "address", "of", "from"];

/// "20789 Allika 46", "233 Erzsébet tér 19.", "lives at 172 Maneeži 75": a
/// house number, one to three words starting with a proper noun, and a
/// number, at the start of a line or after an address cue.
pub(crate) fn numbered_streets(text: &str, toks: &[Tok], out: &mut Vec<Span>) {
    let b = text.as_bytes();
    for (i, t) in toks.iter().enumerate() {
        // The house number before (cheap tests first); in capitals a word of
        // four letters or more with a vowel ("172 MANEEŽI 75"; not "120 SYS 80").
        if t.case == Case::Other
            || t.start < 2
            || b[t.start - 1] != b' '
            || !b[t.start - 2].is_ascii_digit()
        {
            continue;
        }
        if t.case == Case::Upper && {
            let w = t.word(text);
            w.chars().count() < 4 || !w.chars().any(|c| "AEIOUYÁÉÍÓÚÄÖÜÅ".contains(c))
        } {
            continue;
        }
        let lead = &text[..t.start - 1];
        let n = crate::detect::digits_at_end(lead);
        // "24 June 2020" is a date, not a house, street and number.
        if !(1..=6).contains(&n)
            || !proper(text, t)
            || crate::dates::month_from(t.word(text)).is_some()
        {
            continue;
        }
        let num_start = lead.len() - n;
        let head = text[..num_start].trim_end_matches([' ', '\t']);
        let cue = head.is_empty()
            || head.ends_with(['\n', ':', '>', ','])
            || ADDRESS_CUES.iter().any(|c| {
                let (h, c) = (head.as_bytes(), c.as_bytes());
                h.len() >= c.len()
                    && h[h.len() - c.len()..].eq_ignore_ascii_case(c)
                    && h[..h.len() - c.len()]
                        .last()
                        .is_none_or(|x| !x.is_ascii_alphanumeric() && *x < 0x80)
            });
        if !cue {
            continue;
        }
        // Up to two more words, then the number.
        let mut last = i;
        while last + 1 < toks.len() && last < i + 2 && spaced(text, &toks[last], &toks[last + 1]) {
            last += 1;
        }
        for k in (i..=last).rev() {
            let after = toks[k].end;
            let rest = &text[after..];
            let gap = rest.len() - rest.trim_start_matches(['.', ' ']).len();
            let s = after + gap;
            let d = b[s..].iter().take_while(|c| c.is_ascii_digit()).count();
            if gap == 0 || !(1..=5).contains(&d) {
                continue;
            }
            let mut e = s + d;
            if b.get(e).is_some_and(u8::is_ascii_alphabetic)
                && b.get(e + 1).is_none_or(|c| !c.is_ascii_alphanumeric())
            {
                e += 1;
            }
            if b.get(e).is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            if measure_after(text, e) {
                continue;
            }
            // A time is no house number ("12 Oak Rd around 6:57"), and a
            // lower-case English word is no part of a street's name ("3668
            // Texas around 6", "12 Boston and 6"; "Erzsébet tér 19" is one).
            let time = b.get(e) == Some(&b':') && b.get(e + 1).is_some_and(u8::is_ascii_digit);
            let english = toks[i + 1..=k]
                .iter()
                .any(|w| w.case == Case::Other && w.flags & (ENGLISH | STOP) != 0);
            if time || english {
                continue;
            }
            out.push(Span {
                start: num_start,
                end: e,
                kind: PhiKind::Address,
            });
            break;
        }
    }
}

/// An age over 89 right after a person's name: in brackets ("Mr Mensah
/// (96)") or before a sex letter ("WILLIAMS, MEI 104 F", "Ann Lee 93M"), or
/// after a comma with the sex letter glued to it ("Sarah Anderson, 98F,").
pub(crate) fn ages_after_names(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut found = Vec::new();
    for s in out.iter().filter(|s| s.kind == PhiKind::Name) {
        let mut i = s.end;
        // "Sarah Anderson, 98F, CHF": a comma may come first.
        let comma = b.get(i) == Some(&b',');
        i += usize::from(comma);
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        let bracket = !comma && b.get(i) == Some(&b'(');
        i += usize::from(bracket);
        let d = b[i.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if !(2..=3).contains(&d)
            || !(90..=129).contains(&text[i..i + d].parse::<u32>().unwrap_or(0))
        {
            continue;
        }
        let mut j = i + d;
        let age = if bracket {
            b.get(j) == Some(&b')')
        } else {
            // After a comma the sex letter is glued to the age ("98F,").
            j += usize::from(!comma && b.get(j) == Some(&b' '));
            matches!(b.get(j), Some(b'M' | b'F'))
                && !b.get(j + 1).is_some_and(|c| c.is_ascii_alphanumeric())
        };
        if age {
            found.push(Span {
                start: i,
                end: i + d,
                kind: PhiKind::Age,
            });
        }
    }
    out.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> Vec<String> {
        let toks = crate::names::tokens(t);
        let names = NameDict::new();
        let mut out = Vec::new();
        names.detect_tokens(t, &toks, &mut out);
        names_in_context(&names, t, &toks, &mut out);
        lone_proper_nouns(t, &toks, &mut out);
        numbered_streets(t, &toks, &mut out);
        postal_after_places(t, &toks, &mut out);
        crate::detect::resolve(&mut out);
        out.iter().map(|s| t[s.start..s.end].to_owned()).collect()
    }

    #[test]
    fn proper_nouns_need_a_person_context() {
        assert_eq!(
            run("Seen with Valida M. Ibragimov today."),
            vec!["Valida M. Ibragimov"]
        );
        assert_eq!(run("signed: emidio p lombardo"), vec!["emidio p lombardo"]);
        assert_eq!(run("\"It works,\" says Hartvigsson."), vec!["Hartvigsson"]);
        assert_eq!(run("my name is borna jerković"), vec!["borna jerković"]);
        assert_eq!(
            run("Follow up with Satsita Umkhayev soon."),
            vec!["Satsita Umkhayev"]
        );
        // Beside a dictionary name.
        assert_eq!(run("Tomomi Anderson called."), vec!["Tomomi Anderson"]);
        // Before a verb only people do; lists with names in them.
        assert_eq!(
            run("Cendrillon Coudert lives at home."),
            vec!["Cendrillon Coudert"]
        );
        assert!(run("The Princess Royal arrived.").is_empty());
        assert_eq!(
            run("Founders: Morrison, Anderson and Torpy."),
            vec!["Morrison", "Anderson", "Torpy"]
        );
        assert!(run("Allergies: Penicillin, Keflex and Bactrim.").is_empty());
        // Not a person: drugs, English words, no cue.
        assert!(run("Started Metoprolol 25 mg and Lasix.").is_empty());
        assert!(run("Vitamin D Deficiency noted. Type A Streptococcus.").is_empty());
        assert!(run("Hi there, I am fine. He said that. take a walk").is_empty());
    }

    #[test]
    fn postal_codes_and_house_numbers() {
        assert_eq!(run("Riisa\n Estonia 62488"), vec!["62488"]);
        assert!(run("Nicosia, Cyprus (Greek) 78891").contains(&"78891".to_owned()));
        assert_eq!(
            run("based in Acquapendente 1021 since"),
            vec!["Acquapendente", "1021"]
        );
        // The place is taken, the year is no postal code.
        assert_eq!(run("born in Bogotazz 1985 and"), vec!["Bogotazz"]);
        assert_eq!(
            run("lives at 172 Maneeži 75, Saareküla")[0],
            "172 Maneeži 75"
        );
        assert_eq!(run("\n233 Erzsébet tér 19.\n"), vec!["233 Erzsébet tér 19"]);
        // Quantities are not addresses or postal codes.
        assert!(run("Given at 2 Tylenol 500 mg. Estonia 500 patients.").is_empty());
    }
}

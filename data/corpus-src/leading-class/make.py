#!/usr/bin/env python3
"""Writes data/corpus-src/leading-class/titles.jsonl: titles that open with the filter class
and name the maker after it, as shop listings do (`KF94 Certified Maker Premium Face Masks`,
`KN95 Face Mask - Maker M-95`, `FFP2 Mask by Maker`). The corpus had 19 such titles, so a
word after an opening class and `Certified` was read as part of the class. Labels follow
data/README.md: the class, and `Certified` right after it, filter_type; the maker brand, its
code model, descriptions and pack counts misc. Makers, codes and classes are those of every
second maker whose corpus titles open `Maker Code Class` (data/corpus-src/parts.py, its first
such title), one title each,
the maker upper-cased in a quarter of them as listings often write it. Seeded. Usage (from
the checkout, before the part is appended): python3 data/corpus-src/leading-class/make.py"""
import os, random, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from parts import TOKEN, pairs, write_part

CLASSES = {"KN95", "KF94", "KF80", "FFP1", "FFP2", "FFP3", "N95", "N99", "KN100", "P100"}
DESCRIPTIVE = ["Premium", "Protective", "Disposable", "Breathable", "5-Ply", "4 Layer", "Safety",
               "Premium Protective", "Disposable Protective", "Comfort Fit", "Lightweight"]
OPENERS = [("", []), ("Certified", ["filter_type"]), ("Mask", ["misc"]), ("Face Mask", ["misc", "misc"]),
           ("Respirator", ["misc"]), ("Certified Face Mask", ["filter_type", "misc", "misc"])]
TAILS = [("", []), ("Face Mask", ["misc", "misc"]), ("Masks", ["misc"]), ("Mask, 20 Pack", ["misc", "misc", "misc"]),
         ("Safety Masks", ["misc", "misc"]), ("Black", ["color"]), ("Large", ["size"]),
         ("for Kids", ["misc", "size"]), ("Individually Wrapped", ["misc", "misc"]), ("White, 50 Pcs", ["color", "misc", "misc"])]
rng = random.Random(20261204)

def piece(text, labels):
    assert len(TOKEN.findall(text)) == len(labels), (text, labels)
    return text, labels

def title_for(maker, code, cls):
    if rng.random() < 0.25:
        maker = maker.upper()
    brand = piece(maker, ["brand"] * len(TOKEN.findall(maker)))
    model = piece(code, ["model"] * len(TOKEN.findall(code)))
    opener = piece(*rng.choice(OPENERS))
    tail = piece(*rng.choice(TAILS))
    desc = rng.choice(DESCRIPTIVE)
    desc = piece(desc, ["misc"] * len(TOKEN.findall(desc)))
    head = [piece(cls, ["filter_type"]), opener]
    form = rng.randrange(5)
    if form == 0:
        parts = head + [brand, model, tail]
    elif form == 1:
        parts = head + [brand, desc, tail]
    elif form == 2:
        parts = head + [piece("-", []), brand, model, tail]
    elif form == 3:
        parts = head + [piece(",", []), brand, desc, tail]
    else:
        parts = head + [piece("by", ["misc"]), brand, model]
    return join(parts)

def join(parts):
    text, labels = "", []
    for words, word_labels in parts:
        if words:
            text += ("" if words == "," or not text else " ") + words
            labels += word_labels
    return text, labels

def main():
    candidates = [title_for(maker, code, cls) for maker, code, cls in pairs("data/corpus.jsonl", CLASSES)[1::2]]
    kept, near = write_part("data/corpus-src/leading-class/titles.jsonl", candidates)
    print(kept, "titles;", near, "near a reference name left out")

main()

#!/usr/bin/env python3
"""Assembles data/corpus.jsonl and data/brands.txt from the team's parts.

Usage (from the checkout): python3 data/corpus-src/merge.py OLD_CORPUS PART... 
  writes data/corpus.jsonl and data/brands.txt.
Steps: the conventions amended in data/README.md are applied to OLD_CORPUS (`Style`/`Type`
after a shape word -> misc; `3D`/`2D` right after the brand -> model); titles that nearly
copy a reference name (scripts/corpus_overlap, ratio >= 0.8) are dropped; duplicates
(case-insensitive) keep their first occurrence. brands.txt: every brand run of a mixed-case
corpus title, the parts' *_brands.txt and gazetteer_extra.txt, less single words the
corpus labels mostly otherwise (Blue, Mission): a gazetteer must not call a colour a maker."""
import collections, json, os, re, sys

from parts import near_copies  # this script's folder is on the import path when run by path

SPLIT = re.compile(r"[\s\-—,\[\]()]+")
old, parts = sys.argv[1], sys.argv[2:]

def tokens(title):
    return [t for t in SPLIT.split(title) if t]

def amend(record):
    toks, labels = tokens(record["title"]), list(record["labels"])
    for i, t in enumerate(toks):
        low = t.lower()
        if low in ("style", "type") and labels[i] == "style" and i > 0 and labels[i - 1] == "style":
            labels[i] = "misc"
        if low in ("3d", "2d") and labels[i] == "style" and i > 0 and labels[i - 1] == "brand":
            labels[i] = "model"
    return {"title": record["title"], "labels": labels}

records, seen, dropped = [], set(), 0
for path in [old] + parts:
    bad = near_copies(path)
    dropped += len(bad)
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        record = json.loads(line)
        if path == old:
            record = amend(record)
        if number in bad or record["title"].lower() in seen:
            continue
        seen.add(record["title"].lower())
        records.append({"title": record["title"], "labels": record["labels"]})
with open("data/corpus.jsonl", "w", encoding="utf-8") as f:
    for record in records:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")

word_labels = collections.defaultdict(collections.Counter)
names = {}
def add(name):
    name = " ".join(name.split())
    if name and name.lower() not in names:
        names[name.lower()] = name
for record in records:
    run = []
    for token, label in zip(tokens(record["title"]), record["labels"]):
        word_labels[token.lower()][label] += 1
        if label == "brand":
            run.append(token)
        elif run:
            break
    title = record["title"]
    if run and not title.islower() and not title.isupper():
        add(" ".join(run))
here = os.path.dirname(os.path.abspath(__file__))
for name in sorted(os.listdir(here)):
    if name.endswith("_brands.txt") or name == "gazetteer_extra.txt":
        for line in open(os.path.join(here, name), encoding="utf-8"):
            add(line.strip())
def mostly_other(name):
    toks = tokens(name)
    if len(toks) != 1:
        return False
    counts = word_labels[toks[0].lower()]
    return sum(counts.values()) > 0 and counts["brand"] * 2 < sum(counts.values())
kept = sorted((n for n in names.values() if not mostly_other(n)), key=lambda s: (s.lower(), s))
with open("data/brands.txt", "w", encoding="utf-8") as f:
    f.write("# Maker and brand names, one a line, as makers write them: the built-in model's gazetteer\n")
    f.write("# (masktag train --gazetteer). Team-written; see data/README.md, \"Provenance\".\n")
    f.write("\n".join(kept) + "\n")
print(f"{len(records)} titles ({dropped} near-copies of reference names dropped); "
      f"{len(kept)} brand names ({len(names) - len(kept)} left out as mostly another label)", file=sys.stderr)

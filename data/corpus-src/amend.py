#!/usr/bin/env python3
"""Applies the conventions amended after the corpus was assembled to data/corpus.jsonl, in place.

Usage (from the checkout): python3 data/corpus-src/amend.py
Idempotent: a second run changes nothing. Prints how many tokens each amendment relabelled.

Amendments (data/README.md, "Conventions compared with the reference data"):
- `NIOSH` names the certifying body, as `FDA`, `KFDA` and `MFDS` do, so it is misc; a following
  `Approved`, `Approval` or `Certified` is misc with it. Right before an approval number
  (`NIOSH TC-84A-1234`, `NIOSH 84A-1234`) it is part of the number's designation, so model, as
  the number is; with a class between them (`NIOSH N95 TC-84A-1234`) it is misc.
- An age-group size word is size wherever it stands, as "Sizes" says: the named part's generator
  had labelled `Kids` model when it followed a repeated maker (`Flo Flo Kids`), and one title
  had `Adult` model in `Adult Size Small`.
- An FDA clearance is designated as a NIOSH approval is: `510(k)` (two tokens) and a clearance
  number (`K201423`) are model, and so is `FDA` right before `510(k)`, as `NIOSH` right before
  its approval number (the reference labels `FDA 510(k)` model); `FDA` elsewhere, and `Cleared`,
  stay misc."""
import collections, json, os, re

SPLIT = re.compile(r"[\s\-—,\[\]()]+")
# The first token of a NIOSH approval number: `TC`, or a schedule such as `84A`, `21C`, `23C`.
APPROVAL_START = re.compile(r"^(tc|\d\d[a-z])$", re.IGNORECASE)
BODY_REMARKS = {"approved", "approval", "certified"}
AGE_SIZES = {"kids", "kid", "adult", "adults", "youth", "toddler", "child", "children"}

def tokens(title):
    return [t for t in SPLIT.split(title) if t]

def starts_approval(toks, labels, i):
    """True when an approval number, labelled model, starts at i."""
    return i < len(toks) and APPROVAL_START.match(toks[i]) and labels[i] == "model"

def amend_niosh(toks, labels, changed):
    for i, token in enumerate(toks):
        if token.lower() != "niosh":
            continue
        wanted = "model" if starts_approval(toks, labels, i + 1) else "misc"
        if labels[i] != wanted:
            changed["NIOSH -> " + wanted] += 1
            labels[i] = wanted
        after = i + 1
        if after < len(toks) and toks[after].lower() in BODY_REMARKS and labels[after] != "misc":
            changed[toks[after].lower() + " after NIOSH -> misc"] += 1
            labels[after] = "misc"

CLEARANCE_NUMBER = re.compile(r"^K\d{6}$")

def is_510k(toks, i):
    return i + 1 < len(toks) and toks[i] == "510" and toks[i + 1].lower() == "k"

def amend_clearances(toks, labels, changed):
    def relabel(i, what):
        if labels[i] != "model":
            changed[what + " -> model"] += 1
            labels[i] = "model"
    for i in range(len(toks)):
        if is_510k(toks, i):
            relabel(i, "510(k)")
            relabel(i + 1, "510(k)")
            if i > 0 and toks[i - 1].upper() == "FDA":
                relabel(i - 1, "FDA before 510(k)")
        elif CLEARANCE_NUMBER.match(toks[i]):
            relabel(i, "clearance number")

def amend_age_sizes(toks, labels, changed):
    for i, token in enumerate(toks):
        if token.lower() in AGE_SIZES and labels[i] == "model":
            changed[token.lower() + " model -> size"] += 1
            labels[i] = "size"

def main():
    path = "data/corpus.jsonl"
    changed = collections.Counter()
    records = [json.loads(line) for line in open(path, encoding="utf-8")]
    for record in records:
        toks = tokens(record["title"])
        assert len(toks) == len(record["labels"]), record["title"]
        amend_niosh(toks, record["labels"], changed)
        amend_age_sizes(toks, record["labels"], changed)
        amend_clearances(toks, record["labels"], changed)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(path + ".tmp", path)
    for what, n in sorted(changed.items()):
        print(f"{n:5d}  {what}")
    print(f"{sum(changed.values()):5d}  tokens relabelled in {len(records)} titles")

main()

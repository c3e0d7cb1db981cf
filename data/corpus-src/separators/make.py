#!/usr/bin/env python3
"""Writes data/corpus-src/separators/titles.jsonl: corpus titles whose parts an em dash
separates, rewritten with an en dash (every 5th such title) or a vertical bar (every 11th)
between the parts, as shop listings write them. The tokenizer splits an em dash away but
keeps an en dash or a bar as a token of its own, which is misc: a separator names nothing.
Usage (from the checkout, before the part is appended): python3 data/corpus-src/separators/make.py"""
import json, re

SPLIT = re.compile(r"[\s\-—,\[\]()]+")

def tokens(text):
    return [t for t in SPLIT.split(text) if t]

out = []
with open("data/corpus.jsonl", encoding="utf-8") as f:
    dashed = [json.loads(line) for line in f if " — " in line]
for number, record in enumerate(dashed):
    separator = "–" if number % 5 == 0 else "|" if number % 11 == 3 else None
    if separator is None:
        continue
    parts, labels, at = record["title"].split(" — "), [], 0
    for k, part in enumerate(parts):
        count = len(tokens(part))
        if k > 0:
            labels.append("misc")
        labels.extend(record["labels"][at:at + count])
        at += count
    title = f" {separator} ".join(parts)
    assert at == len(record["labels"]) and len(tokens(title)) == len(labels), title
    out.append({"title": title, "labels": labels})
with open("data/corpus-src/separators/titles.jsonl", "w", encoding="utf-8") as f:
    for record in out:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
print(len(out), "titles")

#!/usr/bin/env python3
"""Writes data/corpus-src/descriptive/titles.jsonl: titles where a descriptive word stands
between the maker and the class, as shop listings of KN95 and KF94 masks write them
("Maker Protective KN95 Face Mask", "Maker 5-Ply Disposable KF94 Masks"). The corpus had
almost none (8 titles with a misc word there), so a word after a maker the lexicon does not
know was read as part of the maker's name. The makers are those of corpus titles with a
KN95, KF94 or KF80 class (the corpus's own brand runs), each with a class its titles
name; the descriptive words and the rest
come from the lists below; every descriptive word is misc, as "Marketing words" says.
Seeded. Usage (from the checkout, before the part is appended):
python3 data/corpus-src/descriptive/make.py"""
import json, random, re

SPLIT = re.compile(r"[\s\-—,\[\]()]+")
CLASSES = ["KN95", "KF94", "KF80"]
DESCRIPTIVE = ["Protective", "Disposable", "Premium", "Breathable", "Comfortable", "Reusable",
               "Washable", "Lightweight", "Non-Medical", "Professional", "Soft", "Ultra Light",
               "5-Ply", "4 Ply", "4-Layer", "5 Layer", "Individually Wrapped", "Protective Breathable",
               "Disposable Protective", "Premium Disposable", "Comfort", "Daily", "Anti-Dust"]
TAILS = [("Face Mask", "misc misc"), ("Mask", "misc"), ("Masks", "misc"), ("Face Masks", "misc misc"),
         ("Respirator", "misc"), ("Face Mask 20 Pack", "misc misc misc misc"), ("", ""),
         ("Mask Black", "misc color"), ("Mask White", "misc color"), ("Masks for Adults", "misc misc size"),
         ("Face Mask Kids", "misc misc size"), ("Mask Large", "misc size"), ("Masks 50 Pcs", "misc misc misc")]

def tokens(text):
    return [t for t in SPLIT.split(text) if t]

def maker_of(record):
    run = []
    for token, label in zip(tokens(record["title"]), record["labels"]):
        if label == "brand":
            run.append(token)
        elif run:
            break
    return " ".join(run)

with open("data/corpus.jsonl", encoding="utf-8") as f:
    records = [json.loads(line) for line in f]
classes_of = {}  # maker -> the classes its titles name, in order of first mention
for record in records:
    toks = tokens(record["title"])
    maker = maker_of(record)
    if maker and toks and record["labels"][0] == "brand" and not record["title"].islower():
        for t in toks:
            if t.upper() in CLASSES and t.upper() not in classes_of.setdefault(maker, []):
                classes_of[maker].append(t.upper())
makers = [m for m, classes in classes_of.items() if classes]
rng = random.Random(20261202)
seen = {r["title"].lower() for r in records}
out = []
for maker in makers[::2]:
    for _ in range(2 if rng.random() < 0.3 else 1):
        desc = rng.choice(DESCRIPTIVE)
        cls = rng.choice(classes_of[maker])
        tail, tail_labels = rng.choice(TAILS)
        title = " ".join(x for x in (maker, desc, cls, tail) if x)
        labels = (["brand"] * len(tokens(maker)) + ["misc"] * len(tokens(desc)) + ["filter_type"]
                  + tail_labels.split())
        assert len(tokens(title)) == len(labels), title
        if title.lower() in seen:
            continue
        seen.add(title.lower())
        out.append({"title": title, "labels": labels})
with open("data/corpus-src/descriptive/titles.jsonl", "w", encoding="utf-8") as f:
    for record in out:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
print(len(out), "titles from", len(makers[::2]), "makers")

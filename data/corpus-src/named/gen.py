#!/usr/bin/env python3
"""Titles where the product is named after its maker, as fit-testing lists write reusable
masks: "Maker MakerProduct Line Size for Nose nose" -> the first maker word is brand, the
repeated one starts the product's name and is model. Team-written lists; seeded."""
import json, random
random.seed(20261201)
# (maker as written, product lines): reusable elastomeric and cloth mask makers whose
# product carries the maker's name.
MAKERS = [
    ("Envo", ["Pro", "Classic", "Mask", "Core"]), ("Flo", ["Pro", "Kids", "Mask", "Classic"]),
    ("Elastomask", ["Pro", "Kids", "2"]), ("Omnimask", ["", "Pro", "Lite"]),
    ("AirBoss", ["", "Pro", "Half Mask"]), ("Vogmask", ["", "Organic", "VMC"]),
    ("Airinum", ["Urban Air", "Lite Air", ""]), ("Totobobo", ["", "Kids", "Plus"]),
    ("Respro", ["Techno", "City", "Cinqro"]), ("Narwal", ["", "Pro"]),
    ("Halomask", ["", "V2"]),
    ("Airpop", ["Active", "Light", "Pro"]),
    ("Cleanspace", ["Halo", "Ultra", "EX"]),
    ("Sundstrom", ["SR 100", "SR 900"]), 
    ("Filti", ["", "Kids"]), 
    
]
SIZES = ["S", "M", "L", "XL", "Small", "Medium", "Large", "Regular", "One Size", "S/M", "M/L",
         "Small/Medium", "Medium/Large", "Kids", "Petite", "Standard"]
NOSES = ["Low", "Medium", "High", "Low/Med", "Med/High", "Med/Low", "Narrow", "Wide"]
SPLIT_LABELS = {"brand", "model", "size", "misc"}

def words(text, label):
    return [(w, label) for w in text.split()]

def title_of(parts):
    return " ".join(w for w, _ in parts), [l for _, l in parts]

out, seen = [], set()
for maker, lines in MAKERS:
    for line in lines:
        for _ in range(3):
            parts = words(maker, "brand") + words(maker, "model") + words(line, "size" if line == "Kids" else "model")
            shape = random.random()
            if shape < 0.5:
                parts += words(random.choice(SIZES), "size") + [("for", "misc")] + words(random.choice(NOSES), "size") + [("nose", "size")]
            elif shape < 0.8:
                parts += words(random.choice(SIZES), "size")
            title, labels = title_of(parts)
            if random.random() < 0.08:
                title = title.lower()
            if title.lower() in seen:
                continue
            seen.add(title.lower())
            out.append({"title": title, "labels": labels})
with open("/work/corpus_work/named.jsonl", "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(out))

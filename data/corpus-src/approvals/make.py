#!/usr/bin/env python3
"""Writes data/corpus-src/approvals/titles.jsonl: titles that carry an approval or clearance
number where listings and tested-mask lists put one, after the product and a comma, in
brackets or between bars (`Maker 2400 N95, NIOSH TC-84A-1234, FDA 510(k) Cleared`). Of the
corpus's 115 titles with an approval number, 2 had it after a comma and 14 had `NIOSH` right
before it, so a `NIOSH` after a comma was read as the remark it is elsewhere. Labels follow "Certifications" and the amendments in
data/README.md: the number and a `NIOSH` right before it are model, as are `510(k)`, an `FDA`
right before it and a clearance number (`K201423`); `NIOSH`, `FDA`, `Approved`, `Cleared`
elsewhere are misc. Makers and codes are those of corpus titles that open `Maker Code Class`
with a NIOSH class (data/corpus-src/parts.py), one title each; numbers are random in their
real formats, so a product's number here is not the one its other corpus titles give (the
model learns the number's shape, not its digits); the Surgical and FDA forms are drawn for
every class, P100 too. 25 titles name NIOSH or FDA with no number at all, and a third of the
FDA mentions have none: there both are misc. Seeded. Usage (from the checkout, before the part is appended):
python3 data/corpus-src/approvals/make.py"""
import os, random, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from parts import TOKEN, pairs, write_part

NIOSH_CLASSES = {"N95", "N99", "N100", "R95", "P95", "P99", "P100"}
rng = random.Random(20261203)

def approval():
    """A NIOSH approval number, its tokens all model."""
    digits = f"{rng.randrange(10000):04d}"
    return rng.choice([f"TC-84A-{digits}", f"84A-{digits}", f"TC-84A-{digits}", f"TC 84A-{digits}"])

def seg(text, label):
    """A piece of a title, every token of it labelled `label` (a list: one label a token)."""
    n = len(TOKEN.findall(text))
    labels = label if isinstance(label, list) else [label] * n
    assert len(labels) == n, (text, labels)
    return text, labels

SIZES = [("M/L Size", "size"), ("Small", "size"), ("Regular", "size"), ("Size S/M", "size"),
         ("Medium/Large", "size"), ("One Size", "size")]
TAILS = [("Box of 20", "misc"), ("20/Box", "misc"), ("Made in USA", "misc"), ("Lot 210514", "misc"),
         ("Individually Packed", "misc"), ("240/Case", "misc"), ("Headband", "strap"),
         ("White", "color")]

def niosh_number():
    """`NIOSH` with its number (all model), or a remark before it (misc) and the number."""
    number = approval()
    form = rng.randrange(4)
    if form == 0:
        return [seg("NIOSH " + number, "model")]
    if form == 1:
        return [seg("NIOSH Approved", "misc"), seg(number, "model")]
    if form == 2:
        return [seg("NIOSH Approval No.", "misc"), seg(number, "model")]
    return [seg(number, "model")]

def clearance():
    number = f"K{rng.randrange(150000, 240000):06d}"
    form = rng.randrange(6)
    if form >= 4:  # a remark without a number: misc, as "Certifications" says
        return [seg(rng.choice(["FDA Cleared", "FDA Registered", "FDA Listed", "FDA Approved"]), "misc")]
    if form == 0:
        return [seg("FDA 510(k)", "model"), seg(rng.choice(["Cleared", "cleared"]), "misc")]
    if form == 1:
        return [seg("FDA 510(k) " + number, "model")]
    if form == 2:
        return [seg("FDA Cleared", "misc"), seg("510(k) " + number, "model")]
    return [seg("FDA 510(k)", "model"), seg("cleared for surgical use", ["misc", "misc", "misc", "misc"])]

def title_for(maker, code, cls):
    product = [seg(maker, "brand"), seg(code, "model")]
    cls_seg = seg(cls, "filter_type")
    form = rng.randrange(10)
    if form == 0:
        parts = product + [cls_seg, (",", [])] + niosh_number()
    elif form == 1:
        parts = product + [cls_seg, seg("Respirator", "misc"), (",", [])] + niosh_number() + [(",", []), seg(*rng.choice(SIZES))]
    elif form == 2:
        parts = product + [cls_seg, ("(", [])] + niosh_number() + [(")", [])]
    elif form == 3:
        parts = product + [seg("Surgical", "style"), cls_seg, seg("Respirator", "misc"), (",", [])] + niosh_number() + [(",", [])] + clearance()
    elif form == 4:
        parts = product + [cls_seg, (",", [])] + clearance() + [(",", [])] + niosh_number()
    elif form == 5:
        parts = product + [cls_seg, seg("|", "misc")] + niosh_number() + [seg("|", "misc"), seg(*rng.choice(SIZES))]
    elif form == 6:
        parts = product + [seg("Surgical", "style"), cls_seg, (",", [])] + clearance()
    elif form == 7:
        parts = product + [seg("NIOSH", "misc"), cls_seg, seg("Respirator", "misc"), (",", [])] + clearance()
    elif form == 8:
        parts = product + [seg("Surgical", "style"), cls_seg, seg("Respirator", "misc"),
                           seg("NIOSH Approved", "misc")] + clearance()
    else:
        parts = product + [cls_seg, ("-", [])] + niosh_number() + [("-", []), seg(*rng.choice(TAILS))]
    return join(parts)

def join(parts):
    text, labels = "", []
    for piece, piece_labels in parts:
        glue = "" if piece in (",", ")") or text.endswith("(") or not text else " "
        text += glue + piece
        labels += piece_labels
    return text, labels

def main():
    candidates = [title_for(maker, code, cls) for maker, code, cls in pairs("data/corpus.jsonl", NIOSH_CLASSES)]
    kept, near = write_part("data/corpus-src/approvals/titles.jsonl", candidates)
    print(kept, "titles;", near, "near a reference name left out")

main()

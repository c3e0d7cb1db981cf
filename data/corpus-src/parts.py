"""What the corpus parts made from the corpus share (run from the checkout).

pairs(path) reads a corpus and returns, in order of first appearance, one (maker, code, class)
triple for each maker whose titles open `Maker Code Class` (brand run, model run, a filter
class): the maker and code as written in the title (`DemeTech`, `DT-N95-F`), the class
upper-cased. Titles written all in lower or upper case are skipped: a part made from them
would carry their case into titles of another shape.

write_part(path, candidates) writes a part's titles: each (title, labels) whose title neither
the corpus nor an earlier candidate has (ignoring case), less the titles scripts/corpus_overlap
finds within 0.80 of a reference name."""
import json, re, subprocess

TOKEN = re.compile(r"[^\s\-—,\[\]()]+")

def runs(labels):
    """[(label, first, last)] for each run of equal labels."""
    out = []
    for i, label in enumerate(labels):
        if out and out[-1][0] == label:
            out[-1][2] = i
        else:
            out.append([label, i, i])
    return out

def pairs(path, classes):
    seen, out = set(), []
    for line in open(path, encoding="utf-8"):
        record = json.loads(line)
        title, labels = record["title"], record["labels"]
        if title.islower() or title.isupper():
            continue
        spans = [m.span() for m in TOKEN.finditer(title)]
        assert len(spans) == len(labels), title
        r = runs(labels)
        if len(r) < 3 or [x[0] for x in r[:3]] != ["brand", "model", "filter_type"]:
            continue
        (_, b0, b1), (_, m0, m1), (_, c0, c1) = r[:3]
        cls = title[spans[c0][0]:spans[c0][1]].upper()
        if c0 != c1 or cls not in classes or m1 - m0 > 2:
            continue
        maker = title[spans[b0][0]:spans[b1][1]]
        code = title[spans[m0][0]:spans[m1][1]]
        if maker.lower() in seen or "," in maker or "," in code:
            continue
        seen.add(maker.lower())
        out.append((maker, code, cls))
    return out

def near_copies(path):
    """Line numbers of the titles in `path` that scripts/corpus_overlap reports."""
    r = subprocess.run(["scripts/corpus_overlap", path], capture_output=True, text=True)
    return {int(line.split(":")[1]) for line in r.stdout.splitlines()}

def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")

def write_part(path, candidates, corpus="data/corpus.jsonl"):
    """Writes the new titles among `candidates` to `path`; returns (kept, near copies left out)."""
    seen = {json.loads(line)["title"].lower() for line in open(corpus, encoding="utf-8")}
    out = []
    for title, labels in candidates:
        assert len(TOKEN.findall(title)) == len(labels), (title, labels)
        if title.lower() not in seen:
            seen.add(title.lower())
            out.append({"title": title, "labels": labels})
    write_jsonl(path, out)
    near = near_copies(path)
    if near:
        write_jsonl(path, [r for number, r in enumerate(out, 1) if number not in near])
    return len(out) - len(near), len(near)

# Hand-written titles, one per line in hand*.txt: "title ## labels" (one letter per token:
# b brand, m model, z size, f filter_type, y style, t strap, v valved, c color, x misc)
import glob, os
HAND = []
for f in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hand*.txt"))):
    for line in open(f, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"): continue
        title, labs = line.rsplit(" ## ", 1)
        HAND.append((title.strip(), labs.strip()))

#!/usr/bin/env python3
"""Generator for the `west` corpus part. Every token is labelled by construction from the list it came from.
Letters: b brand, m model, z size, f filter_type, y style, t strap, v valved, c color, x misc."""
import json, random, re, sys
sys.path.insert(0, "/work/corpus_work/west")
from catalogue import MAKERS
from hand import HAND

SPLIT = re.compile(r"[\s\-—,\[\]()]+")
L = dict(b="brand", m="model", z="size", f="filter_type", y="style", t="strap", v="valved", c="color", x="misc")
def toks(s): return [t for t in SPLIT.split(s) if t]

R = random.Random(20261201)

def S(spec, default="x"):
    """'text|labs' -> (text, labels); labs is one letter for all tokens or one letter per token."""
    if "|" in spec:
        text, labs = spec.rsplit("|", 1)
    else:
        text, labs = spec, default
    n = len(toks(text))
    if len(labs) == 1: labs = labs * n
    assert len(labs) == n, (spec, toks(text), labs)
    return (text, list(labs))

def seg(text, lab): return S(text + "|" + lab) if text else None

def modelseg(text):
    raw = [t for t in SPLIT.split(text) if t]
    labs = ["f" if t.startswith("{") else "m" for t in raw]
    return (text.replace("{", "").replace("}", ""), labs)

def pick(lst, default="x"): return S(R.choice(lst), default)

# ---------------- parse catalogue ----------------
makers = []
for line in MAKERS.strip().split("\n"):
    if not line.strip(): continue
    names, region, prods = [p.strip() for p in line.split("::")]
    names = [n.strip() for n in names.split(" / ")]
    plist = []
    for p in prods.split(" ; "):
        model, cls, style, kind = [q.strip() for q in p.split("=")]
        plist.append(dict(model=model, cls=cls, style=style, kind=kind))
    makers.append(dict(names=names, region=region, prods=plist))

# ---------------- word lists ----------------
SIZES_US = ["Small", "Medium", "Large", "S", "M", "L", "Regular", "Small/Medium", "Medium/Large", "M/L", "S/M",
            "One Size", "Universal", "Standard", "Size M", "Size Small", "Regular Size", "X-Large", "XL", "Petite",
            "Narrow", "Sm", "Med", "Lg", "Standard Fit", "Universal Fit", "Adult", "Small Size", "Size L", "Reg"]
SIZES_EU = ["M/L", "S/M", "S", "M", "L", "Größe M/L", "Größe S/M", "Universal", "One Size", "Taille M", "Taille L",
            "Universalgröße", "Standard", "M/L (Standard)|zz", "Adult", "Medium", "Small"]
SIZES_HALF = ["Small", "Medium", "Large", "S", "M", "L", "S/M", "M/L", "L/XL", "Size M", "Size L", "Size S",
              "Medium/Large", "Small/Medium", "XL", "Universal", "One Size Fits Most", "Med", "Size Large"]
SIZES_KIDS = ["Kids", "Kids Small", "Youth", "Youth Size", "Child", "Children's", "Kids 3-12", "Ages 4-12", "2-6 years",
              "Kid's", "Toddler", "Junior", "Kids XS", "Youth/Small", "Kids S/M", "Ages 6-12"]
NOSE = ["for Medium nose|xzz", "for High nose|xzz", "for Low/Med nose|xzz", "for Med/High nose|xzz", "for Narrow nose|xzz",
        "High Nose|zz", "Low Nose|zz"]
COLORS = ["White", "Blue", "Black", "Grey", "Gray", "Navy", "Beige", "Orange", "Green", "Yellow", "Light Blue", "Dark Grey",
          "Charcoal", "Pink", "Teal", "White/Blue", "Black/Grey", "Tan", "Red", "Purple", "Sky Blue", "Navy Blue",
          "Olive", "Lavender", "Sage Green", "Cream", "Dark Blue", "Slate Grey", "Matte Black"]
COLORS_EU = ["Weiß", "Schwarz", "Blau", "Grau", "White", "Black", "Blue", "Blanc", "Noir", "Bianco", "Nero", "Rosa"]
STRAPS = ["Headband", "Headbands", "Head Straps", "Dual Headstraps", "Adjustable Headband", "Braided Headbands",
          "Earloops", "Ear Loops", "Adjustable Ear Loops", "Over the Head Straps", "Head Strap", "Headstraps",
          "Elastic Headbands", "Ear Loop", "Earloop", "Ties", "Dual Straps", "Latex Free Headbands|xxt", "Staple-free Straps|xxt",
          "Adjustable Straps", "Knit Headbands", "Headloops", "w/ Headband|xt", "with Head Straps|xtt", "w/Headstraps"]
STRAPS_EU = ["Kopfbänder", "Headband", "Head Straps", "Earloops", "Ohrschlaufen", "Kopfband", "Elastic Headbands",
             "Adjustable Headband", "Headbands"]
VALVES = ["Valve", "Valved", "Exhalation Valve", "with Exhalation Valve|xvv", "no Valve", "Unvalved", "Non-Valved",
          "w/ Valve|xv", "with Valve|xv", "Valve-Free", "without Valve", "w/o valve", "No Exhalation Valve",
          "Exhalation Valve|vv", "w/ Exhalation Valve|xvv", "Vented", "Non Vented"]
VALVES_EU = ["V", "mit Ventil|xv", "ohne Ventil", "Valved", "with Valve|xv", "no Valve", "avec soupape|xv",
             "sans soupape", "Ventil", "con valvola|xv", "senza valvola", "Unvalved", "NV"]
PACKS = ["20 Pack", "Box of 20", "Pack of 10", "20/Box", "50pcs", "Case of 240", "10 Count", "1 Each", "160/Case",
         "Pack of 3", "Box of 10", "20-Pack", "10ct", "35/Box", "Case of 8 Boxes", "5 Pack", "25 Count", "1 Box (20 Masks)",
         "120 per case", "Pack of 50", "10/bx", "2 Pack", "Qty 20", "400/cs", "Bag of 10", "Box/20", "Carton of 240", "1 Pair",
         "Pair", "6 per pack", "Single"]
PACKS_EU = ["20 Stück", "10 Stück", "5er Pack", "Box of 20", "20 pcs", "10er Set", "Pack of 10", "Lot de 10",
            "Confezione da 20", "25 St.", "20/Box", "Box/10", "3 Stück", "Karton 240"]
ORIGIN = ["Made in USA", "Made in Canada", "American Made", "Individually Wrapped", "Latex Free", "Fiberglass Free",
          "Bulk", "Hospital Grade", "NEW", "Made in the USA", "USA Made", "Canadian Made", "Factory Sealed",
          "Individually Packaged", "Non-Sterile", "Sterile", "Disposable", "Reusable"]
ORIGIN_EU = ["Made in Germany", "Made in EU", "Hergestellt in Deutschland", "Fabriqué en France", "Made in Italy",
             "Einzeln verpackt", "Individually Wrapped", "Made in France", "Made in Spain", "Made in UK",
             "Latexfrei", "Wiederverwendbar", "Einweg"]
DESC_DISP = ["Respirator", "Particulate Respirator", "Disposable Respirator", "Particulate Filtering Facepiece Respirator",
             "Health Care Particulate Respirator", "Dust Mask", "Face Mask", "Safety Mask", "Protective Mask",
             "Disposable Particulate Respirator", "Respirator Mask", "Surgical Respirator|yx", "Medical Respirator",
             "Particulate Respirator and Surgical Mask|xxxyx", "Filtering Facepiece Respirator", "Particulate Mask",
             "Dust/Mist Respirator", "Disposable Face Mask", "Mask", "Respirators", "Healthcare Respirator",
             "Sanding & Fiberglass Respirator", "Protective Face Mask", "Molded Respirator", "Disposable Dust Mask"]
DESC_EU = ["Atemschutzmaske", "Feinstaubmaske", "Masque", "Masque de protection respiratoire", "Mascherina",
           "Respirator", "Disposable Respirator", "Dust Mask", "Particle Respirator", "Mascarilla", "Filtering Half Mask|xyy",
           "Partikelfiltermaske", "Atemschutz", "Filtering Facepiece", "Particulate Respirator", "Face Mask",
           "Mascherina filtrante", "Masque FFP2|xf", "Schutzmaske", "Einwegmaske"]
DESC_HALF = ["Half Mask Respirator|yyx", "Half Facepiece Respirator|yyx", "Reusable Half Mask|xyy", "Elastomeric Half Mask|yyy",
             "Silicone Half Mask|xyy", "Half Mask|yy", "Elastomeric Respirator|yx", "Reusable Respirator", "Respirator",
             "Half Face Respirator|yyx", "Elastomeric Half Facepiece Respirator|yyyx", "Halbmaske|y", "Half Mask Body|yyx",
             "Facepiece", "Reusable Elastomeric Respirator|xyx", "Half Mask Kit|yyx", "Respirator Assembly", "Mask Body"]
DESC_FULL = ["Full Face Respirator|yyx", "Full Facepiece|yy", "Full Face Mask|yyx", "Full Facepiece Respirator|yyx",
             "Gas Mask", "Vollmaske|y", "Full Face|yy", "Full Face Respirator Assembly|yyxx", "Reusable Full Facepiece|xyy"]
DESC_PAPR = ["PAPR|y", "PAPR System|yx", "PAPR Kit|yx", "PAPR Blower Unit|yxx", "PAPR Turbo Unit|yxx", "Blower",
             "PAPR Starter Kit|yxx", "Turbo Unit", "Welding PAPR|xy", "PAPR Respirator|yx", "Gebläsefiltergerät",
             "Loose Fitting Hood PAPR|xxxy", "PAPR Belt Unit|yxx"]
DESC_FILT = ["Filter", "Filters", "Cartridge", "Cartridges", "Pancake Filter", "Filter Cartridge", "Replacement Filters",
             "Combination Cartridge", "Particulate Filter", "Filter Pads", "Replacement Filter Pack", "Particle Filter",
             "Filter Disks", "Cartridge Pair", "Bayonet Filter", "Filterpatrone", "Vorfilter", "Prefilter"]
DESC_SURG = ["Procedure Mask|yx", "Surgical Mask|yx", "Surgical Face Mask|yxx", "Isolation Mask", "Medical Face Mask",
             "Procedure Face Mask|yxx", "Dental Mask", "Face Mask", "Medical Mask", "OP-Maske", "Mundschutz",
             "Masque chirurgical|xy", "Surgical|y"]
SURG_CLASS = ["ASTM Level 3|fff", "ASTM Level 2|fff", "ASTM Level 1|fff", "Level 3|xx", "Level 2|xx", "Type IIR|ff",
              "EN 14683|ff", "Type II|ff", "ASTM F2100 Level 3|ffff", "Typ IIR|ff", "Type IIR EN 14683|ffff"]
DESC_CLOTH = ["Face Mask", "Reusable Mask", "Mask", "Sport Mask", "Cloth Mask", "Reusable Face Mask", "Filter Mask",
              "Pollution Mask", "Washable Mask", "Cycling Mask"]
VARIANTS = ["Plus", "Pro", "Mini", "Lite", "II", "V2", "2.0", "Max", "Ultra", "Air", "Plus II|mm", "Pro V2|mm", "Mini Lite|mm", "Flex", "Evo", "Gen 2|mm", "III", "XT"]
NIOSH = ["NIOSH", "NIOSH Approved", "NIOSH Certified", "NIOSH-Approved", "NIOSH APPROVED", "NIOSH approved", "NIOSH Approval"]
CE = ["CE", "CE 0194", "CE0194", "CE 2163", "CE 0086", "CE 0598", "CE 0121", "CE 0370", "CE 2797", "CE 0158", "CE 1437",
      "CE 2233", "CE Certified", "CE0086", "CE 0082"]
EN = ["EN 149:2001+A1:2009", "EN149:2001+A1:2009", "EN 149", "EN149", "EN 149:2001", "EN 149+A1", "EN149:2001+A1"]
EN_REUSE = ["EN 140", "EN 14387", "EN 143", "EN 136", "EN 12941", "EN 12942", "EN140", "EN 14387:2004"]
MARKS = ["NR", "NR D", "R D", "NR|f", "R", "D", "NR D|ff"]
NONCERT = ["PPE", "FDA Cleared", "FDA", "EUA", "FDA EUA", "510(k)|xx", "Health Canada Approved", "Health Canada Licensed",
           "FDA Listed", "PPE Category III", "PSA Kat. III", "EPI", "DPI Cat. III", "Medical Device Class I", "FDA Registered"]
GASCLS = ["P100", "OV/P100", "OV/AG/P100", "P95", "N95", "OV", "P3", "A1P3", "A2P3", "ABEK1", "ABEK1P3", "A2", "ABE1",
          "Multi Gas/P100|xf", "Organic Vapor/P100|xf", "R95", "P2", "A1", "OV/AG", "HEPA"]
NOTES = ["[submitted by a user]", "(tested 2022, medium nose)", "- runs small", "- runs large", "— runs small",
         "note: foam nose cushion", "[fit test passed]", "(fit tested 2021)", "per spec sheet", "see photo",
         "(discontinued)", "[user note: strong rubber smell]", "(orig. box)", "- older version", "[from hospital stock]",
         "note: straps replaced", "(tested with medium nose bridge)", "[fit factor 200+]", "- good seal", "(same as 8210 shell)",
         "[added by admin]", "(user submission)", "note: sizing per manufacturer", "- leaks at chin", "(tested 2023, small face)",
         "[needs review]", "(fits like a Large)", "- tight on bridge", "per fit test log", "see notes", "(QNFT pass)",
         "[duplicate?]", "— passed qualitative fit test", "(OSHA fit test 2020)", "note: headbands stretch", "[sample]",
         "- foam seal yellowed", "(tested w/ glasses)", "(submitted via form)", "- replaced by newer model", "[unverified]"]
MODEL_WORD = ["Model", "Mod.", "Model No.", "Style", "Item", "Item #", "Part No.", "P/N", "Art.-Nr.", "SKU"]

def lot():
    k = R.randrange(12)
    y, m, d = R.randint(2019, 2025), R.randint(1, 12), R.randint(1, 28)
    L_ = chr(65 + R.randrange(26))
    return [f"Lot {y % 100:02d}{m:02d}{d:02d}", f"Lot No. {L_}{y % 100}{m:02d}", f"LOT#: {y % 100}{m:02d}{L_}",
            f"Batch {y}-{m:02d}", f"exp {y + 3}/{m:02d}", f"Lot #{L_}{R.randint(10000, 99999)}",
            f"EXP {m:02d}/{y + 4}", f"Mfg {y}-{m:02d}", f"Exp. Date {y + 3}-{m:02d}", f"LOT {R.randint(1000000, 9999999)}",
            f"Ch.-B. {y % 100}{m:02d}{d:02d}", f"(Lot {L_}{R.randint(100, 999)})"][k] + "|x"

def tcnum(kind):
    series = "21C" if kind == "papr" else ("14G" if kind == "filt" and R.random() < .3 else "84A")
    n = R.randint(100, 9999) if series == "84A" else R.randint(100, 999)
    fmt = R.choice(["TC-{s}-{n:04d}", "TC-{s}-{n:04d}", "TC {s}-{n:04d}", "{s}-{n:04d}", "TC-{s}-{n}"])
    return fmt.format(s=series, n=n) + "|m"

def catno():
    w = R.choice(["REF", "Cat. No.", "Cat #", "REF:", "Item #", "SKU", "Art.-Nr.", "Catalog #", "Order No."])
    return w

# ---------------- builders ----------------
def brand(mk):
    n = mk["names"][0] if R.random() < .68 else R.choice(mk["names"])
    return S(n + "|b")

def is_eu(mk): return mk["region"] in ("eu",) or (mk["region"] == "euind" and R.random() < .8)

def cls_seg(mk, p, force=False):
    c = p["cls"]
    if "{" in p["model"]: return None
    if not c:
        if p["kind"] == "disp": c = "FFP2" if mk["region"].startswith("eu") else "N95"
        elif p["kind"] in ("half", "full", "filt") and force: c = R.choice(GASCLS)
        else: return None
    if c in ("HE", "TH3", "TH2") and R.random() < .5: return None
    return S(c + "|f") if "|" not in c else S(c)

def size_for(mk, p):
    k = p["kind"]
    if k in ("half", "full"): return pick(SIZES_HALF, "z")
    if k == "kids": return pick(SIZES_KIDS, "z")
    if mk["region"].startswith("eu"): return pick(SIZES_EU, "z")
    return pick(SIZES_US, "z")

def desc_for(mk, p):
    k = p["kind"]
    table = dict(half=DESC_HALF, full=DESC_FULL, papr=DESC_PAPR, filt=DESC_FILT, surg=DESC_SURG, cloth=DESC_CLOTH,
                 kids=DESC_CLOTH).get(k)
    if table is None: table = DESC_EU if mk["region"].startswith("eu") and R.random() < .6 else DESC_DISP
    return pick(table)

def style_for(p):
    st = p["style"] or ("Cup" if p["kind"] == "disp" else "")
    alts = {"Cup": ["Cup", "Cup Style|yx", "Moulded", "Molded", "Cup-Shaped|yx", "Cone", "Cup Shape|yx"],
            "Flat Fold": ["Flat Fold", "Flat-Fold", "Fold Flat", "Foldable", "Vertical Fold", "Tri-Fold", "Folding", "Trifold", "3-Panel|xx"],
            "Fold Flat": ["Fold Flat", "Flat Fold", "Foldable", "Folding", "Vertical Fold", "faltbar", "Flat-Fold"],
            "Duckbill": ["Duckbill", "Duck Bill", "Duckbill Style|yx"],
            "Pleated": ["Pleated", "Pleated", "Flat Pleated|yy"],
            "3D": ["3D", "3D Shape|yx"], "Vertical Fold": ["Vertical Fold"]}
    if not st: return None
    return pick(alts.get(st, [st]), "y")

def strap_for(mk, p):
    if p["kind"] == "surg": return pick(["Earloops", "Ear Loops", "Ties", "Tie-On|tt", "Earloop", "Ear Loop", "Elastic Earloops"], "t")
    return pick(STRAPS_EU if mk["region"].startswith("eu") and R.random() < .5 else STRAPS, "t")

def valve_for(mk, p):
    return pick(VALVES_EU if mk["region"].startswith("eu") else VALVES, "v")

def color(mk): return pick(COLORS_EU if mk["region"].startswith("eu") and R.random() < .4 else COLORS, "c")
def pack(mk): return pick(PACKS_EU if mk["region"].startswith("eu") and R.random() < .6 else PACKS)
def origin(mk): return pick(ORIGIN_EU if mk["region"].startswith("eu") else ORIGIN)
def variant(): return pick(VARIANTS, "m")
def model(p):
    m = p["model"]
    return modelseg(m)
def note(): return pick(NOTES)
def cert_us(): return pick(NIOSH, "f")
def cert_eu():
    r = R.random()
    if r < .4: return pick(EN, "f")
    if r < .8: return pick(CE, "f")
    return None
def mark(): return pick(MARKS, "f")

# ---------------- templates ----------------
# each template: (weight, kinds, function(mk, p) -> list of segments (None dropped))
T = []
def tpl(w, kinds="disp half full papr filt surg kids cloth"):
    def deco(f): T.append((w, set(kinds.split()), f)); return f
    return deco

@tpl(28)
def t_brand_code(mk, p): return [brand(mk), model(p)]
@tpl(6)
def t_brand_code_class(mk, p): return [brand(mk), model(p), cls_seg(mk, p, True)]
@tpl(3, "disp")
def t_brand_class_code(mk, p): return [brand(mk), cls_seg(mk, p), model(p)]
@tpl(5)
def t_code_class_size(mk, p): return [brand(mk), model(p), cls_seg(mk, p), size_for(mk, p)]
@tpl(3)
def t_code_size(mk, p): return [brand(mk), model(p), size_for(mk, p)]
@tpl(4)
def t_code_class_desc(mk, p): return [brand(mk), model(p), cls_seg(mk, p), desc_for(mk, p)]
@tpl(3)
def t_code_class_desc_size(mk, p): return [brand(mk), model(p), cls_seg(mk, p), desc_for(mk, p), size_for(mk, p)]
@tpl(3, "disp")
def t_style_strap(mk, p): return [brand(mk), model(p), cls_seg(mk, p), style_for(p), strap_for(mk, p)]
@tpl(3, "disp half")
def t_variant_class(mk, p): return [brand(mk), model(p), variant(), cls_seg(mk, p)]
@tpl(2, "disp half")
def t_variant(mk, p): return [brand(mk), model(p), variant()]
@tpl(1.5, "disp half")
def t_variant_desc_size(mk, p): return [brand(mk), model(p), variant(), desc_for(mk, p), size_for(mk, p)]
@tpl(3, "disp half full papr filt")
def t_tc(mk, p):
    if mk["region"] == "eu": return [brand(mk), model(p), cls_seg(mk, p), pick(CE, "f"), pick(EN, "f")]
    return [brand(mk), model(p), cls_seg(mk, p), cert_us(), S(tcnum(p["kind"]))]
@tpl(1.5, "disp half full papr filt")
def t_tc_only(mk, p):
    if mk["region"] == "eu": return [brand(mk), model(p), pick(CE, "f")]
    return [brand(mk), S(tcnum(p["kind"]))]
@tpl(2, "disp half full papr filt")
def t_db_row(mk, p):
    if mk["region"] == "eu": return [brand(mk), model(p), desc_for(mk, p), pick(CE, "f"), S(lot())]
    return [brand(mk), model(p), desc_for(mk, p), S(tcnum(p["kind"])), S(lot())]
@tpl(2, "disp")
def t_niosh_retail(mk, p): return [brand(mk), cert_us() if mk["region"] != "eu" else pick(CE, "f"), cls_seg(mk, p), desc_for(mk, p), model(p), size_for(mk, p), pack(mk)]
@tpl(3)
def t_lot(mk, p): return [brand(mk), model(p), cls_seg(mk, p), S(lot())]
@tpl(1.5)
def t_lot_size(mk, p): return [brand(mk), model(p), size_for(mk, p), S(lot()), S(lot())]
@tpl(3)
def t_note(mk, p): return [brand(mk), model(p), cls_seg(mk, p), size_for(mk, p), note()]
@tpl(2)
def t_note_short(mk, p): return [brand(mk), model(p), note()]
@tpl(2)
def t_color_size(mk, p): return [brand(mk), model(p), cls_seg(mk, p), color(mk), size_for(mk, p)]
@tpl(2, "disp kids")
def t_long_retail(mk, p): return [brand(mk), cls_seg(mk, p), desc_for(mk, p), style_for(p), strap_for(mk, p), color(mk), pack(mk), origin(mk)]
@tpl(2.5, "disp")
def t_valve(mk, p): return [brand(mk), model(p), cls_seg(mk, p), valve_for(mk, p)]
@tpl(1.5, "disp")
def t_valve_desc_size(mk, p): return [brand(mk), model(p), cls_seg(mk, p), desc_for(mk, p), valve_for(mk, p), size_for(mk, p), pack(mk)]
@tpl(2)
def t_catno(mk, p): return [brand(mk), desc_for(mk, p), S(catno()), model(p)]
@tpl(1.5)
def t_catno2(mk, p): return [brand(mk), model(p), cls_seg(mk, p), size_for(mk, p), S(catno()), S(str(R.randint(10000, 999999)) + "|m")]
@tpl(2)
def t_paren_size(mk, p):
    z = size_for(mk, p); return [brand(mk), model(p), cls_seg(mk, p), ("(" + z[0] + ")", z[1])]
@tpl(1.5)
def t_dashes(mk, p):
    segs = [brand(mk), model(p), S("-|x") if False else None, cls_seg(mk, p), size_for(mk, p), pack(mk)]
    segs = [s for s in segs if s]
    out = [segs[0], segs[1]]
    for s in segs[2:]: out.append(("- " + s[0], s[1]))
    return out
@tpl(2)
def t_commas(mk, p):
    segs = [s for s in [brand(mk), model(p), cls_seg(mk, p), size_for(mk, p), color(mk)] if s]
    out = [segs[0], (segs[1][0] + ",", segs[1][1])]
    for s in segs[2:-1]: out.append((s[0] + ",", s[1]))
    out.append(segs[-1]); return out
@tpl(2)
def t_noncert(mk, p): return [brand(mk), model(p), cls_seg(mk, p), desc_for(mk, p), pick(NONCERT)]
@tpl(1.5, "disp surg")
def t_noncert2(mk, p): return [brand(mk), cls_seg(mk, p), model(p), pick(NONCERT), pick(NONCERT), pack(mk)]
@tpl(2)
def t_model_word(mk, p): return [brand(mk), S(R.choice(MODEL_WORD) + "|x"), model(p), cls_seg(mk, p)]
@tpl(1)
def t_model_word_desc(mk, p): return [brand(mk), desc_for(mk, p), S(R.choice(MODEL_WORD) + "|x"), model(p), size_for(mk, p)]
@tpl(1.5)
def t_exp(mk, p): return [brand(mk), model(p), cls_seg(mk, p), size_for(mk, p), S(f"exp {R.randint(2023, 2029)}-{R.randint(1, 12):02d}|x")]
@tpl(4, "disp")
def t_eu_full(mk, p):
    if not mk["region"].startswith("eu"): return [brand(mk), model(p), cls_seg(mk, p), cert_us(), size_for(mk, p)]
    return [brand(mk), model(p), cls_seg(mk, p), mark(), cert_eu(), size_for(mk, p)]
@tpl(3, "disp")
def t_eu_valve(mk, p):
    if not mk["region"].startswith("eu"): return [brand(mk), model(p), cls_seg(mk, p), valve_for(mk, p), size_for(mk, p), pack(mk)]
    return [brand(mk), model(p), cls_seg(mk, p), mark(), valve_for(mk, p), size_for(mk, p), pack(mk)]
@tpl(2, "disp")
def t_eu_german(mk, p):
    if not mk["region"].startswith("eu"): return [brand(mk), model(p), cls_seg(mk, p), style_for(p), size_for(mk, p)]
    return [brand(mk), cls_seg(mk, p), pick(DESC_EU), model(p), valve_for(mk, p), pick(SIZES_EU, "z"), pick(PACKS_EU)]
@tpl(2, "disp")
def t_eu_std(mk, p):
    if not mk["region"].startswith("eu"): return [brand(mk), model(p), cls_seg(mk, p), pick(NONCERT), origin(mk)]
    return [brand(mk), model(p), cls_seg(mk, p), pick(EN, "f"), pick(CE, "f"), style_for(p)]
@tpl(4, "half full")
def t_half_desc_size(mk, p): return [brand(mk), model(p), desc_for(mk, p), size_for(mk, p)]
@tpl(3, "half full")
def t_half_with_filter(mk, p):
    return [brand(mk), model(p), desc_for(mk, p), size_for(mk, p), S(R.choice(["with", "w/", "+", "mit", "and"]) + "|x"),
            pick(GASCLS, "f"), pick(DESC_FILT)]
@tpl(2, "half full")
def t_half_std(mk, p):
    c = pick(EN_REUSE, "f") if mk["region"] == "eu" or (mk["region"] == "euind" and R.random() < .6) else cert_us()
    return [brand(mk), model(p), desc_for(mk, p), c, size_for(mk, p)]
@tpl(1.5, "half full")
def t_half_nose(mk, p): return [brand(mk), model(p), size_for(mk, p), pick(NOSE)]
@tpl(1.5, "half full papr")
def t_half_color(mk, p): return [brand(mk), model(p), desc_for(mk, p), color(mk), size_for(mk, p)]
@tpl(3, "papr")
def t_papr(mk, p): return [brand(mk), model(p), desc_for(mk, p), cls_seg(mk, p), pick(EN_REUSE + NIOSH, "f")]
@tpl(3, "filt")
def t_filter(mk, p): return [brand(mk), model(p), cls_seg(mk, p, True), desc_for(mk, p), pack(mk)]
@tpl(2, "filt")
def t_filter2(mk, p): return [brand(mk), cls_seg(mk, p, True), desc_for(mk, p), model(p), color(mk)]
@tpl(4, "surg")
def t_surg(mk, p): return [brand(mk), model(p), desc_for(mk, p), pick(SURG_CLASS), strap_for(mk, p), color(mk), pack(mk)]
@tpl(3, "surg")
def t_surg2(mk, p): return [brand(mk), pick(SURG_CLASS), desc_for(mk, p), model(p), strap_for(mk, p)]
@tpl(4, "kids cloth")
def t_kids(mk, p): return [brand(mk), model(p), size_for(mk, p), color(mk)]
@tpl(3, "kids cloth")
def t_kids2(mk, p): return [brand(mk), model(p), desc_for(mk, p), size_for(mk, p), strap_for(mk, p), color(mk)]
@tpl(2, "cloth kids")
def t_cloth3(mk, p): return [brand(mk), model(p), variant(), size_for(mk, p), color(mk)]
@tpl(2, "disp")
def t_nose(mk, p): return [brand(mk), model(p), cls_seg(mk, p), size_for(mk, p), pick(NOSE)]
@tpl(1.5, "disp")
def t_made(mk, p): return [brand(mk), model(p), cls_seg(mk, p), desc_for(mk, p), origin(mk), pack(mk)]
@tpl(1.5)
def t_series(mk, p): return [brand(mk), model(p), S("Series|x"), desc_for(mk, p)]
@tpl(1, "disp")
def t_line_only(mk, p): return [brand(mk), cls_seg(mk, p), style_for(p), color(mk), size_for(mk, p)]
@tpl(1.5, "disp")
def t_case(mk, p): return [brand(mk), model(p), cls_seg(mk, p), desc_for(mk, p), size_for(mk, p), S(R.choice(["Case of 240", "8 Boxes/Case", "Case of 400", "160/Case", "Case/120", "240/cs", "6 bx/cs"]) + "|x"), S(lot())]

@tpl(2.5, "disp surg")
def t_strap(mk, p): return [brand(mk), model(p), cls_seg(mk, p), strap_for(mk, p)]
@tpl(2, "disp surg kids cloth")
def t_strap_color(mk, p): return [brand(mk), model(p), strap_for(mk, p), color(mk), size_for(mk, p)]
@tpl(1.5, "disp")
def t_style_strap_size(mk, p): return [brand(mk), model(p), cls_seg(mk, p), style_for(p), S(R.choice(["with", "w/"]) + "|x"), pick(["Headband", "Headbands", "Head Straps", "Dual Headstraps", "Adjustable Headband", "Earloops", "Ear Loops", "Adjustable Ear Loops", "Elastic Headbands"], "t"), size_for(mk, p)]
@tpl(1.5, "disp half")
def t_color_first(mk, p): return [brand(mk), color(mk), model(p), cls_seg(mk, p), size_for(mk, p)]

TYPO = {"Respirator": ["Respirtor", "Resperator", "Respriator"], "Medium": ["Meduim", "Mediun"], "Large": ["Larg", "Lagre"],
        "Small": ["Smal", "Samll"], "Regular": ["Regualr", "Reguler"], "Headband": ["Headbnad", "Hedband"],
        "Valve": ["Vavle", "Valv"], "Particulate": ["Particlate", "Particualte"], "Disposable": ["Dispsable", "Disposible"],
        "Black": ["Blakc"], "White": ["Whte"], "Exhalation": ["Exhilation", "Exhalaton"], "Earloops": ["Earlops"],
        "Approved": ["Aproved"], "Filter": ["Fliter"], "Cartridge": ["Catridge"], "Mask": ["Msak"]}

def render(segs):
    segs = [s for s in segs if s]
    title = " ".join(s[0] for s in segs)
    labs = [l for s in segs for l in s[1]]
    assert len(toks(title)) == len(labs), (title, labs)
    return title, labs

def maybe_case(title, labs):
    r = R.random()
    if r < 0.065: title = title.lower()
    elif r < 0.085: title = title.upper()
    elif r < 0.105:
        spans = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\s\-—,\[\]()]+", title)]
        cands = [i for i, s in enumerate(spans) if s[2] in TYPO and labs[i] != "b"]
        if cands:
            i = R.choice(cands); a, b, w = spans[i]
            title = title[:a] + R.choice(TYPO[w]) + title[b:]
    return title, labs

def main(target):
    existing = set(json.loads(l)["title"].lower() for l in open("/work/main/data/corpus.jsonl", encoding="utf-8"))
    out, seen = [], set()
    brands_used = set()
    # hand-written titles first
    nh = 0
    for title, labs in HAND:
        lab = [L[c] for c in labs]
        tk = toks(title)
        assert len(tk) == len(lab), (title, tk, labs)
        if title.lower() in seen or title.lower() in existing:
            print("skip dup hand:", title, file=sys.stderr); continue
        seen.add(title.lower()); out.append((title, lab)); nh += 1
    # generated: spread over makers so each appears
    weights = [w for w, k, f in T]
    tries = 0
    while len(out) < target and tries < target * 50:
        tries += 1
        mk = makers[tries % len(makers)] if R.random() < .55 else R.choice(makers)
        p = R.choice(mk["prods"])
        cands = [(w, f) for w, ks, f in T if p["kind"] in ks]
        f = R.choices([c[1] for c in cands], [c[0] for c in cands])[0]
        segs = f(mk, p)
        title, labs = render(segs)
        title, labs = maybe_case(title, labs)
        if title.lower() in seen or title.lower() in existing: continue
        seen.add(title.lower()); out.append((title, [L[c] for c in labs]))
        for s in segs:
            if s and s[1] and all(l == "b" for l in s[1]): brands_used.add(s[0])
    # brand names from hand-written titles: contiguous brand tokens, as written
    tokre = re.compile(r"[^\s\-—,\[\]()]+")
    for title, labs in HAND:
        if title == title.lower() or (title == title.upper() and len(title.split()) > 2): continue
        spans = [(m.start(), m.end()) for m in tokre.finditer(title)]
        i = 0
        while i < len(labs):
            if labs[i] == "b":
                j = i
                while j + 1 < len(labs) and labs[j + 1] == "b": j += 1
                brands_used.add(title[spans[i][0]:spans[j][1]]); i = j + 1
            else: i += 1
    with open("/work/corpus_work/west_brands.txt", "w", encoding="utf-8", newline="\n") as fh:
        for b in sorted(brands_used): fh.write(b + "\n")
    with open("/work/corpus_work/west.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for title, lab in out:
            fh.write(json.dumps({"title": title, "labels": lab}, ensure_ascii=False) + "\n")
    print(f"{len(out)} titles, {nh} hand-written, {len(T)} templates, {len(makers)} makers", file=sys.stderr)
    return out, brands_used

if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)

#!/usr/bin/env python3
"""Generates east.jsonl: templated titles from catalogue.py + hand-written titles from hand*.txt.
Labels are assigned by construction from the list each piece came from. Seeded, reproducible."""
import json, random, re, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from catalogue import M, RETAILERS

random.seed(20261201)
SPLIT = re.compile(r"[\s\-—,\[\]()]+")
CODE = dict(b="brand", m="model", s="size", f="filter_type", y="style", t="strap", v="valved", c="color", x="misc")
TARGET = int(sys.argv[1]) if len(sys.argv) > 1 else 2000

def toks(t):
    return [x for x in SPLIT.split(t) if x]

def seg(spec, default="x"):
    """'text|codes' -> (text, [labels])"""
    if "|" in spec and not spec.endswith("|"):
        text, codes = spec.rsplit("|", 1)
    else:
        text, codes = spec, default
    n = len(toks(text))
    if len(codes) == 1:
        codes = codes * n
    assert len(codes) == n, (spec, toks(text))
    return (text, [CODE[c] for c in codes])

R = random.choice
def W(pairs):
    items, w = zip(*pairs)
    return random.choices(items, weights=w)[0]

# ---------------- hand-written lists ----------------
SIZES_KF = ["Large|s", "Medium|s", "Small|s", "XS|s", "L|s", "M|s", "S|s", "Kids|s", "Adult|s", "Petite|s", "Extra Small|s",
            "Large Size|s", "Medium Size|s", "Small Size|s", "Kids Size|s", "Adult Size|s", "Size L|s", "Size M|s", "Size S|s",
            "Regular|s", "Youth|s", "Toddler|s", "Kids XS|s", "Extra Large|s", "Junior|s", "Adult Large|s", "Adult Medium|s"]
SIZES_GEN = ["S/M|s", "M/L|s", "L/XL|s", "One Size|s", "One Size Fits Most|s", "Universal|s", "Standard|s", "Regular|s",
             "Small|s", "Medium|s", "Large|s", "X-Large|s", "XL|s", "XXL|s", "Medium/Large|s", "Small/Medium|s", "Adult|s",
             "Universal Fit|s", "Standard Fit|s", "Size M|s", "Size L|s", "Narrow|s", "Petite|s", "Regular Size|s", "Sm|s", "Med|s", "Lg|s"]
SIZES_KIDS = ["Kids|s", "Ages 2-6|s", "Ages 4-12|s", "3-8 years|s", "Toddler 2-4 Years|s", "Kids S|s", "Kids M|s", "Kids L|s", "XS|s",
              "Youth S|s", "Youth|s", "Children's|s", "Ages 6-12|s", "Kids 3-12|s", "Age 3-7|s", "XXS|s", "Kid's|s", "Youth Small|s",
              "Junior|s", "Toddler|s", "Kids Small|s", "Kids Medium|s", "Ages 8+|s", "2-5 Years|s", "5-9 years|s"]
SIZES_JP = ["Regular|s", "Small|s", "Large|s", "Petite|s", "Kids|s", "Regular Size|s", "Small Size|s", "Ladies|s",
            "Normal Size|s", "Children's|s", "Kids Size|s", "Size L|s", "Size S|s", "Size M|s"]
NOSE = ["for Med/High nose|xss", "for Low/Med nose|xss", "for High nose|xss", "for Narrow nose|xss", "for Medium nose|xss", "High Nose|ss"]
COLORS = ["White", "Black", "Blue", "Light Blue", "Navy", "Grey", "Gray", "Pink", "Beige", "Mint", "Lavender", "Charcoal",
          "Khaki", "Sky Blue", "Dark Grey", "Peach", "Yellow", "Ivory", "Coral", "Olive", "Sand", "Rose Pink", "Baby Pink",
          "Mint Green", "Multicolor", "Pastel", "Black/White", "White/Blue", "Heather Grey", "Navy Blue", "Light Gray", "Green",
          "Purple", "Red", "Teal", "Brown", "Cream", "Dusty Rose", "Slate Grey", "Powder Blue", "Midnight Navy", "Lilac",
          "Rainbow", "Colorful", "Gray/Black", "Orange", "Burgundy", "Sage", "Steel Grey", "Ocean Blue"]
STRAPS = ["Earloop|t", "Earloops|t", "Ear Loop|t", "Ear Loops|t", "Ear-Loop|t", "Adjustable Ear Loops|t", "Elastic Earloops|t",
          "Headband|t", "Head Straps|t", "Headstraps|t", "Head Strap|t", "Headloop|t", "Dual Headstraps|t",
          "Over the Head Straps|t", "Adjustable Headband|t", "w/ Headband|xt", "with Ear Loops|xtt", "w/ Earloops|xt",
          "Adjustable Earloops|t", "Soft Earloops|t", "Wide Ear Loops|t", "Head Loops|t", "w/Headstraps|t", "Elastic Headband|t"]
VALVES = ["Valve|v", "Valved|v", "with Valve|xv", "Exhalation Valve|v", "w/ Exhalation Valve|xvv", "No Valve|v", "without Valve|v",
          "Unvalved|v", "Non-Valved|v", "Valve-Free|v", "with Breathing Valve|xvv", "w/o valve|v", "no Exhalation Valve|v"]
STYLES = ["Fold Flat|y", "Flat Fold|y", "Foldable|y", "Folding|y", "Vertical Fold|y", "Tri-Fold|y", "Cup|y", "Duckbill|y",
          "Boat Shape|yx", "Fish Type|yx", "Willow Leaf|y", "Cup Shape|yx", "Pleated|y", "Moulded|y", "Surgical|y",
          "Low Profile|y", "3D|y", "2D|y", "Fish Shape|yx", "Cone|y", "Flat-Fold|y", "Boat|y"]
STYLES_KF = ["3D|y", "2D|y", "Fish Type|yx", "Willow Leaf|y", "Boat Shape|yx", "Foldable|y", "3D Fish Type|yyx", "Fish Shape|yx", "2D Flat|yy"]
DESC = ["Disposable Respirator", "Particulate Respirator", "Protective Mask", "Face Mask", "Dust Mask", "Safety Mask",
        "Disposable Face Mask", "Particulate Mask", "Protective", "Medical Mask", "Anti-Pollution Mask", "Respirator Mask",
        "Face Masks", "Mask", "Masks", "Respirator", "Disposable Mask", "Protective Respirator", "Dust Respirator",
        "Medical Protective Mask", "Civil Protective Mask", "Daily Protective Mask", "Particulate Filtering Respirator", "Protective Face Mask",
        "Non-Medical Mask", "Anti-Dust Mask", "Fine Dust Mask", "Health Mask"]
DESC_KF = ["Mask", "Face Mask", "Safety Mask", "Protective Mask", "Masks", "Disposable Face Masks", "Yellow Dust Mask",
           "Fine Dust Mask", "Health Mask", "Korean Mask", "Korean Face Mask", "Daily Mask", "Anti-Droplet Mask", "Mask Korea"]
DESC_FA = ["Face Mask", "Cloth Face Mask", "Triple-Layer Cloth Mask", "Non-Medical Face Mask", "Reusable Face Mask",
           "Washable Cotton Mask", "Sports Mask", "Cotton Face Mask", "Fabric Face Mask", "Face Covering", "Mask",
           "Reusable Mask", "2-Layer Cotton Mask", "Performance Mask", "Running Mask", "Washable Mask", "Face Masks"]
MAT = ["5-Ply", "4 Layer", "4-Layer", "3-Layer", "5 Layer", "Cotton", "Organic Cotton", "Nanofiber Filter", "Melt-blown",
       "Breathable", "Comfort Fit", "Latex Free", "Individually Wrapped", "Individually Packed", "Soft Inner Layer",
       "Adjustable Nose Clip", "Nose Wire", "Skin Friendly", "Anti-Fog", "Lightweight", "Washable", "Silk Lined",
       "Anti-Bacterial", "Copper Infused", "Cooling", "UPF 50+", "Moisture Wicking", "Filter Pocket", "Nose Foam"]
ORIGIN = dict(kf=["Made in Korea", "Korea", "Korean", "from Korea", "Made in South Korea"],
              kn=["Made in China", "China", "from China"], jp=["Made in Japan", "Japan", "Japanese"],
              tw=["Made in Taiwan", "Taiwan"], hk=["Made in Hong Kong", "Hong Kong", "Made in Philippines"],
              kids=["Made in USA", "Made in Canada", "Made in Korea"], fa=["Made in USA", "Made in Vietnam", "Made in Portugal"])
PACKS = ["20 Pack", "Pack of 10", "Box of 50", "50pcs", "10 pcs", "25 Count", "20/Box", "10ct", "Case of 240", "1 Box (20 Masks)",
         "30 per box", "5 Pack", "100 Count", "(pack of 10)", "3-Pack", "Set of 5", "2 Pack", "50 Pack", "10 Pack", "60 Pcs",
         "100pcs", "(20 Pack)", "[50 Pack]", "40 Count", "1 Each", "25pcs/box", "10 Masks", "3 Pack", "5pcs", "Bag of 10",
         "Box of 20", "1 Mask", "600/Case", "50/Box", "12 Pack", "200 Count", "Case of 400", "30 Masks", "1 Pc", "4-Pack"]
CERTS = ["NIOSH|f", "NIOSH Approved|f", "NIOSH Certified|f", "CE|f", "CE Certified|f", "CE 0194|f", "CE0194|f", "CE 2163|f",
         "CE 0598|f", "CE 2834|f", "EN 149|f", "EN149|f", "EN 149:2001+A1:2009|f", "GB2626-2019|f", "GB2626 2006|f",
         "GB2626-2006|f", "GB 2626-2019|f", "GB19083-2010|f", "GB 19083|f", "YY 0469|f", "EN 14683|f", "Type IIR|f",
         "ASTM Level 3|f", "ASTM F2100 Level 2|f", "FDA EUA|x", "FDA Registered|x", "FDA Listed|x", "PPE|x", "EUA|x", "FDA|x",
         "MFDS Approved|x", "KFDA Approved|x", "FDA EUA Listed|x", "CE FDA|fx", "Health Canada Approved|x"]
CERTS_CN = ["GB2626-2019|f", "GB2626 2006|f", "GB2626-2006|f", "GB 2626-2019|f", "GB19083-2010|f", "GB2626|f", "GB 2626|f",
            "GB2626-2019 KN95|f", "CE 0194|f", "CE 2163|f", "EN 149:2001+A1:2009|f", "FDA EUA|x", "NIOSH|f", "CE|f"]
CERTS_JP = ["JIS T 8151|f", "JIS T8151|f", "JIS T 9001|f", "DS2|f", "DS1|f", "RS2|f", "PM2.5|x", "99% BFE|xx", "VFE 99%|xx"]
CERTS_KF = ["MFDS Approved|x", "KFDA Approved|x", "KF94 Certified|ff", "MFDS|x", "KFDA|x", "FDA Registered|x",
            "Korea Filter|f", "MFDS Certified|x", "KFDA Certified|x"]
NOTES = ["[submitted by a user]", "(tested 2022, medium nose)", "- runs small", "- runs large", "note: nose wire is short",
         "(user submitted)", "[note: same mask as the KN95 version]", "— fits small faces", "(fit tested 2021, passed)",
         "(fit test failed, gaps at cheeks)", "note: smells of glue when new", "[from fit-testing log]", "- submitted by clinic",
         "(per seller listing)", "see also headband version", "(tested with large nose bridge)", "note: earloops very tight",
         "- good seal", "[duplicate entry?]", "(via group buy)", "- counterfeit warning", "(per NIOSH CEL)",
         "(packaging in Chinese)", "[sample from Korea]", "note: sizes run big", "(tested 2023, small face)", "- fits kids 8+",
         "(listing copy)", "[from spreadsheet]", "(donated batch)", "[submitted by J.]", "(tested 2021, narrow face)",
         "- passed qualitative fit test", "note: straps replaced", "(bought in Seoul)", "(bought in Tokyo, 2020)",
         "[user note: fogs glasses]", "- check approval number", "(per manufacturer site)", "note: kids version is smaller",
         "(tested by school nurse)", "[photo only]", "- old stock", "(submitted 2022-03)", "note: large fits medium faces",
         "(seal check ok)", "- too big for my 5 year old", "[see comments]", "(per packaging)", "- fit factor 180",
         "(tested 2022, high nose bridge)", "note: white and black colours differ in size", "[entry merged]",
         "(submitted by a parent)", "- listed as KN95 on box", "(fit factor 95, small face)", "note: from Costco box"]
MISC_END = ["Sanding & Painting|x", "for Construction|x", "for Wildfire Smoke|x", "for Travel|x", "for Pollen|x", "Home & Office|x",
            "Daily Use|x", "Outdoor|x", "for Running|x", "for School|x", "for Adults|xs", "for Women|x", "for Men|x", "Back to School|x",
            "for Kids|xs", "for Children|xs", "for Teens|xs", "for Flights|x"]

def rand_lot():
    y = random.randint(2019, 2024); mo = random.randint(1, 12); d = random.randint(1, 28)
    yy = y % 100
    L = random.choice("ABCDEFGHJKLMNPRSTWXYZ")
    return R([f"Lot {yy:02d}{mo:02d}{d:02d}", f"Lot No. {L}{yy:02d}{mo:02d}", f"Batch {y}-{mo:02d}", f"LOT#: {yy:02d}{mo:02d}{L}",
              f"exp {y+3}/{mo:02d}", f"EXP {y+3}-{mo:02d}", f"MFG {y}.{mo:02d}.{d:02d}", f"Lot: {y}{mo:02d}{d:02d}",
              f"Batch No. {random.randint(100000, 999999)}", f"Mfg. Date {y}/{mo:02d}/{d:02d}", f"Lot {L}{random.randint(10, 99)}-{random.randint(100, 999)}",
              f"LOT {y}{mo:02d}{d:02d}{random.randint(1, 9)}", f"Lot #{L}{L}{random.randint(1000, 9999)}", f"Batch {L}{yy}{mo:02d}",
              f"Expiry {mo:02d}/{y+5}", f"Prod. Date {y}-{mo:02d}-{d:02d}", f"(Lot {yy:02d}{mo:02d}{d:02d})", f"[Batch {y}{mo:02d}]"]) + "|x"

def rand_ref():
    n = random.randint(10000, 99999)
    L = random.choice("ABCDEFGHKMNPRSTWXZ")
    return R([f"REF {n}|xm", f"Cat. No. {L}{n}|xxm", f"Item # {n}|xxm", f"SKU {L}{random.randint(100, 999)}-{random.randint(10, 99)}|xmm",
              f"Item S-{n}|xmm", f"Part No. {n}-{random.randint(1, 9)}|xxmm", f"Art. {n}|xm", f"Cat# {L}{n}|xm", f"Ref. {n}|xm"])

def rand_tc():
    n = random.choice([random.randint(7000, 9999), random.randint(1, 999), random.randint(1000, 6999)])
    s = f"{n:04d}"
    return R([f"TC-84A-{s}|m", f"TC 84A-{s}|m", f"84A-{s}|m", f"Approval TC-84A-{s}|xmmm", f"NIOSH TC-84A-{s}|fmmm",
              f"(TC-84A-{s})|m", f"TC-84A-{s}|m"])

CUR = []
def B(m):
    ws = [1.0 if len(toks(x)) <= 3 else 0.35 for x in m["n"]]
    n = random.choices(m["n"], weights=ws)[0]; CUR.append(n)
    return seg(n + "|b")
def P(m): return seg(R(m["p"]), "m") if m["p"] else None
def C(m):
    if not m["cl"]: return None
    c = R(m["cl"])
    return seg(c, "f")
def SZ(m):
    k = m["k"]
    if k == "kf": return seg(W([(R(SIZES_KF), 6), (R(SIZES_KIDS), 1)]), "s")
    if k == "kids": return seg(W([(R(SIZES_KIDS), 5), (R(SIZES_GEN), 2)]), "s")
    if k == "jp": return seg(W([(R(SIZES_JP), 5), (R(SIZES_GEN), 1)]), "s")
    return seg(W([(R(SIZES_GEN), 5), (R(SIZES_KF), 2), (R(SIZES_KIDS), 1)]), "s")
def CO(): return seg(R(COLORS) + "|c")
def ST(): return seg(R(STRAPS))
def VA(): return seg(R(VALVES))
def SH(m): return seg(R(STYLES_KF) if m["k"] == "kf" else R(STYLES))
def DS(m):
    k = m["k"]
    if k == "kf": return seg(R(DESC_KF) + "|x")
    if k in ("fa",): return seg(R(DESC_FA) + "|x")
    if k == "kids": return seg(R(DESC_FA + DESC_KF) + "|x")
    return seg(R(DESC) + "|x")
def MA(): return seg(R(MAT) + "|x")
def OR(m): return seg(R(ORIGIN[m["k"]]) + "|x")
PACKS_FA = ["3-Pack", "3 Pack", "5-Pack", "2 Pack", "Pack of 3", "Set of 3", "1 Mask", "2-Pack", "(3 Pack)", "4 Pack", "Pack of 5", "2pk", "Set of 2", "1 Each", "Single"]
def PK(m=None):
    if m is not None and m["k"] in ("fa", "kids") and random.random() < 0.8: return seg(R(PACKS_FA) + "|x")
    return seg(R(PACKS) + "|x")
def LOT(): return seg(rand_lot())
def NOTE(): return seg(R(NOTES) + "|x")
def CE(m):
    k = m["k"]
    if k == "kn": return seg(R(CERTS_CN))
    if k == "jp": return seg(R(CERTS_JP))
    if k == "kf": return seg(R(CERTS_KF))
    return seg(R(CERTS))
def REF(): return seg(rand_ref())
def TC(): return seg(rand_tc())
def ME(): return seg(R(MISC_END))
def NO(m): return seg(R(NOSE))
def RET(): return seg(R(RETAILERS) + "|x")
def KIDS(): return seg(R(SIZES_KIDS), "s")
def VAR(): return seg(R(["Plus", "Pro", "Mini", "Lite", "V2", "II", "Max", "Ultra", "2.0", "S", "Air", "Plus II", "Pro 2"]) + "|m")
def WORD(w, c="x"): return seg(w + "|" + c)

def opt(x, p=0.5): return x if random.random() < p else None

# ---------------- templates: each returns a list of segments / literal separators ----------------
T = []
def tpl(w):
    def deco(f): T.append((f, w)); return f
    return deco

@tpl(6)
def t_brand_code(m): return [B(m), P(m)]
@tpl(3)
def t_brand_code_class(m): return [B(m), P(m), C(m)]
@tpl(2)
def t_brand_class_code(m): return [B(m), C(m), P(m)]
@tpl(2)
def t_brand_line(m): return [B(m), P(m), DS(m)]
@tpl(3)
def t_bl_cls_size(m): return [B(m), P(m), C(m), opt(SH(m), 0.4), SZ(m)]
@tpl(2)
def t_bl_cls_size_color(m): return [B(m), P(m), C(m), SZ(m), CO()]
@tpl(2)
def t_code_desc_pack(m): return [B(m), P(m), C(m), DS(m), opt(ST(), 0.4), ", ", PK()]
@tpl(2)
def t_code_valve(m): return [B(m), P(m), C(m), opt(DS(m)), VA()]
@tpl(2)
def t_code_strap_color(m): return [B(m), P(m), C(m), ST(), CO()]
@tpl(2)
def t_retail_long(m): return [B(m), P(m), C(m), DS(m), opt(MA()), ", ", CO(), ", ", SZ(m), ", ", PK()]
@tpl(1.5)
def t_dash_list(m): return [B(m), " — ", P(m), opt(C(m)), " — ", SZ(m), " — ", CO()]
@tpl(2)
def t_lot(m): return [B(m), P(m), C(m), opt(VA(), 0.25), LOT()]
@tpl(1.5)
def t_lot2(m): return [B(m), P(m), C(m), SZ(m), ", ", LOT()]
@tpl(1)
def t_lot3(m): return [B(m), C(m), DS(m), LOT(), opt(seg(rand_lot()), 0.3)]
@tpl(2)
def t_note(m): return [B(m), P(m), opt(C(m)), SZ(m), NOTE()]
@tpl(1.5)
def t_note2(m): return [B(m), P(m), NOTE()]
@tpl(1)
def t_note3(m): return [B(m), C(m), opt(CO()), SZ(m), NOTE()]
@tpl(2)
def t_variant(m):
    p = P(m)
    return [B(m), p, VAR() if p and p[1][-1] == "model" else None, opt(C(m))]
@tpl(1.5)
def t_variant2(m):
    p = P(m)
    return [B(m), p, VAR() if p and p[1][-1] == "model" else None, DS(m), opt(SZ(m))]
@tpl(2)
def t_cert(m): return [B(m), P(m), C(m), CE(m)]
@tpl(1.5)
def t_cert2(m): return [B(m), C(m), DS(m), CE(m), opt(CE(m), 0.3)]
@tpl(1)
def t_cert3(m): return [B(m), opt(P(m)), CE(m), C(m), SH(m), opt(PK())]
@tpl(1.5)
def t_tc(m): return [B(m), P(m), C(m), TC()]
@tpl(1)
def t_tc2(m): return [B(m), TC(), C(m), opt(DS(m))]
@tpl(1)
def t_ref(m): return [B(m), P(m), C(m), DS(m), REF()]
@tpl(0.8)
def t_ref2(m): return [B(m), REF(), opt(C(m)), SZ(m)]
@tpl(2)
def t_retailer(m): return [RET(), B(m), opt(P(m)), C(m), opt(SZ(m))]
@tpl(1)
def t_retailer2(m): return [B(m), opt(P(m)), C(m), opt(CO()), " (", RET(), ")"]
@tpl(0.8)
def t_retailer3(m): return [B(m), C(m), DS(m), opt(SZ(m)), WORD(R(["via", "sold by", "from", "at"])), RET()]
@tpl(2)
def t_kids(m): return [B(m), KIDS(), C(m), opt(SH(m), 0.3), opt(DS(m)), opt(CO()), opt(ST(), 0.3)]
@tpl(1.5)
def t_kids2(m): return [B(m), C(m), DS(m), WORD("for"), KIDS(), opt(PK())]
@tpl(1)
def t_kids3(m): return [B(m), P(m), KIDS(), opt(CO()), opt(PK(m))]
@tpl(1.5)
def t_style(m): return [B(m), C(m), SH(m), opt(DS(m)), SZ(m)]
@tpl(1.5)
def t_style2(m): return [B(m), P(m), opt(C(m)), SH(m), opt(ST()), opt(VA(), 0.3)]
@tpl(1.5)
def t_origin(m): return [B(m), C(m), opt(SH(m), 0.4), DS(m), OR(m), opt(PK())]
@tpl(1)
def t_mat(m): return [B(m), opt(P(m)), C(m), MA(), DS(m), opt(CO())]
@tpl(1)
def t_nose(m): return [B(m), P(m), opt(C(m)), SZ(m), NO(m)]
@tpl(1.5)
def t_color_first(m): return [B(m), CO(), C(m), opt(SH(m), 0.3), DS(m), SZ(m), opt(ST(), 0.3)]
@tpl(1)
def t_class_first(m): return [C(m), B(m), P(m), opt(SZ(m))]
@tpl(1)
def t_comma(m): return [B(m), ", ", P(m), ", ", C(m), ", ", SZ(m), opt(PK())]
@tpl(1)
def t_bracket_size(m): return [B(m), P(m), opt(C(m)), " (", SZ(m), ")", opt(CO())]
@tpl(1)
def t_purpose(m): return [B(m), opt(P(m)), C(m), DS(m), ME()]
@tpl(1)
def t_model_word(m): return [B(m), WORD(R(["Model", "Type", "Item", "Style No."])), P(m), C(m)]
@tpl(1)
def t_pack_front(m): return [PK(), B(m), opt(P(m)), C(m), DS(m)]
@tpl(1)
def t_strap_size(m): return [B(m), C(m), ST(), SZ(m), opt(PK())]
@tpl(0.8)
def t_long_all(m): return [B(m), P(m), C(m), SH(m), DS(m), opt(VA()), ", ", ST(), ", ", SZ(m), ", ", CO(), ", ", PK(), opt(LOT(), 0.3)]
@tpl(0.8)
def t_brand_only(m): return [B(m), C(m), opt(SH(m), 0.3), opt(CO()), opt(SZ(m)), opt(ST(), 0.3)]
@tpl(0.7)
def t_desc_code(m): return [B(m), DS(m), P(m), opt(SZ(m))]
@tpl(0.7)
def t_cert_front(m): return [CE(m), C(m), B(m), P(m)]

FASHION_T = []
def ftpl(w):
    def deco(f): FASHION_T.append((f, w)); return f
    return deco
@ftpl(3)
def f1(m): return [B(m), opt(P(m)), DS(m), opt(ST(), 0.3), opt(SZ(m)), opt(CO())]
@ftpl(2)
def f2(m): return [B(m), opt(P(m)), MA(), DS(m), ", ", PK(m)]
@ftpl(2)
def f3(m): return [B(m), KIDS(), DS(m), opt(seg(R(["Dino", "Stars", "Unicorn", "Floral", "Camo", "Plaid", "Stripes", "Rainbow Hearts", "Space", "Tie-Dye", "Leopard", "Dots", "Cars", "Princess"]) + "|x")), opt(PK(m))]
@ftpl(2)
def f4(m): return [B(m), P(m), opt(seg("Mask|x")), SZ(m), CO()]
@ftpl(1)
def f5(m): return [B(m), opt(P(m)), DS(m), opt(ST()), NOTE()]
@ftpl(1)
def f6(m): return [B(m), DS(m), seg(R(["with Filter Pocket", "w/ Nose Wire", "with Adjustable Nose Clip", "with PM2.5 Filter", "+ 10 Filters", "with 5 Filters"]) + "|x"), SZ(m)]
@ftpl(1)
def f7(m): return [B(m), P(m), opt(VA()), SZ(m), opt(CO()), opt(REF(), 0.3)]
@ftpl(1)
def f8(m): return [B(m), opt(P(m)), C(m), opt(DS(m)), opt(SZ(m)), opt(CO())]
@ftpl(1)
def f9(m): return [B(m), P(m)]
@ftpl(0.5)
def f10(m): return [RET(), B(m), opt(P(m)), DS(m), opt(SZ(m))]

USED = set()
REQUIRE_P = {t_variant, t_variant2, t_model_word, t_desc_code, t_note2, t_brand_line, t_code_valve, t_kids3, t_style2, t_nose, t_ref, t_tc, t_lot, t_bl_cls_size, t_bl_cls_size_color, t_comma, f9, f4, f7}

def render(parts):
    text, labels = "", []
    prev_seg = False
    for p in parts:
        if p is None: continue
        if isinstance(p, str):
            text += p; prev_seg = False; continue
        t, l = p
        if text and prev_seg:
            text += " "
        elif text and not text.endswith((" ", "(", "[")):
            text += " "
        text += t; labels += l; prev_seg = True
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(\s*,\s*){2,}", ", ", text)
    text = re.sub(r"(\s*—\s*){2,}", " — ", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"[\s,—(-]+$", "", text)
    text = text.replace(" )", ")").strip()
    return text, labels

def typo(title, labels):
    tk = toks(title)
    cand = [i for i, (t, l) in enumerate(zip(tk, labels)) if l in ("size", "color", "misc", "strap", "style", "valved") and t.isalpha() and len(t) >= 5]
    if not cand: return title
    i = R(cand); w = tk[i]; j = random.randint(1, len(w) - 3)
    nw = R([w[:j] + w[j + 1] + w[j] + w[j + 2:], w[:j] + w[j + 1:], w[:j] + w[j] + w[j:]])
    # replace i-th token occurrence
    out, k, pos = [], 0, 0
    for mt in re.finditer(r"[^\s\-—,\[\]()]+", title):
        if k == i:
            return title[:mt.start()] + nw + title[mt.end():]
        k += 1
    return title

def valid(text, labels):
    return len(toks(text)) == len(labels)

def main():
    existing = set(json.loads(l)["title"].lower() for l in open("/work/main/data/corpus.jsonl", encoding="utf-8"))
    # also avoid titles already written by the other corpus parts (if present), so merged parts stay unique
    import glob
    for f in sorted(glob.glob("/work/corpus_work/*.jsonl")):
        if os.path.basename(f) != "east.jsonl":
            existing |= set(json.loads(l)["title"].lower() for l in open(f, encoding="utf-8") if l.strip())
    out, seen = [], set()
    hand = []
    here = os.path.dirname(os.path.abspath(__file__))
    for fn in sorted(os.listdir(here)):
        if fn.startswith("hand") and fn.endswith(".txt"):
            for ln, line in enumerate(open(os.path.join(here, fn), encoding="utf-8"), 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"): continue
                title, codes = line.rsplit(" || ", 1)
                title = title.strip(); codes = codes.replace(" ", "")
                if len(toks(title)) != len(codes):
                    print(f"HAND MISMATCH {fn}:{ln}: {list(zip(toks(title), codes))} tokens {len(toks(title))} codes {len(codes)}", file=sys.stderr)
                    continue
                if title.lower() in seen or title.lower() in existing:
                    print(f"HAND DUP {fn}:{ln}: {title}", file=sys.stderr); continue
                seen.add(title.lower())
                hand.append({"title": title, "labels": [CODE[c] for c in codes]})
    out += hand
    # maker weights: makers with codes more often
    weights = [3 if m["p"] else 1.2 for m in M]
    weights = [w * (1.6 if m["k"] == "kn" else 1.0) for w, m in zip(weights, M)]
    coded = [m for m in M if m["p"] and any(("m" in (s.rsplit("|", 1)[1] if "|" in s else "m")) for s in m["p"])]
    n_bc = 0
    tries = 0
    while len(out) < TARGET and tries < 200000:
        tries += 1
        # keep >= 17% pure brand+code titles
        CUR.clear()
        if n_bc < 0.17 * (len(out) + 1):
            m = R(coded); parts = [B(m), P(m)]; isbc = True
        else:
            isbc = False
            m = random.choices(M, weights=weights)[0]
            if m["k"] == "fa" or (m["k"] == "kids" and random.random() < 0.5):
                f = random.choices([f for f, w in FASHION_T], weights=[w for f, w in FASHION_T])[0]
            else:
                f = random.choices([f for f, w in T], weights=[w for f, w in T])[0]
            parts = f(m)
            if f in REQUIRE_P and not m["p"]: continue
            # templates needing a product or class that the maker lacks: skip if required piece missing
            if any(p is None for p in parts[:2]) and f not in (t_class_first,):
                parts = [p for p in parts]
            if sum(1 for p in parts if p is not None and not isinstance(p, str)) < 2:
                continue
        if parts[1] is None and isbc: continue
        text, labels = render(parts)
        if not text or not valid(text, labels): continue
        r = random.random()
        if r < 0.068: text = text.lower()
        elif r < 0.092: text = text.upper()
        elif r < 0.107: text = typo(text, labels)
        if not valid(text, labels): continue
        if text.lower() in seen or text.lower() in existing: continue
        seen.add(text.lower())
        USED.update(CUR)
        out.append({"title": text, "labels": labels, "_gen": True, "_bc": isbc})
        if isbc: n_bc += 1
    ng = sum(1 for o in out if o.get("_gen"))
    with open("/work/corpus_work/east.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for o in out:
            fh.write(json.dumps({"title": o["title"], "labels": o["labels"]}, ensure_ascii=False) + "\n")
    # brands: catalogue names used + brand spans of hand-written titles
    used = set(USED)
    for o in hand:
        tk_spans = [(mt.start(), mt.end()) for mt in re.finditer(r"[^\s\-—,\[\]()]+", o["title"])]
        i = 0; L = o["labels"]
        while i < len(L):
            if L[i] == "brand":
                j = i
                while j + 1 < len(L) and L[j + 1] == "brand": j += 1
                used.add(o["title"][tk_spans[i][0]:tk_spans[j][1]])
                i = j + 1
            else: i += 1
    # drop pure-case duplicates where a mixed-case form exists
    byl = {}
    for u in used: byl.setdefault(u.lower(), []).append(u)
    final = set()
    for k, v in byl.items():
        mixed = [x for x in v if not (x.islower() or (x.isupper() and len(x) > 4))]
        final.update(mixed if mixed else v)
    # keep catalogue spellings even if all-caps (POWECOM etc.)
    for m in M:
        for n in m["n"]:
            if n in used: final.add(n)
    with open("/work/corpus_work/east_brands.txt", "w", encoding="utf-8", newline="\n") as fh:
        final.discard("Under Armour UA")
        for b in sorted(final): fh.write(b + "\n")
    bc = sum(1 for o in out if len(o["labels"]) >= 2 and set(o["labels"]) <= {"brand", "model"} and "model" in o["labels"])
    print(f"titles {len(out)} hand {len(hand)} generated {ng} brand+code-only {bc} brands {len(final)} makers-in-catalogue {len(M)}", file=sys.stderr)

if __name__ == "__main__":
    main()

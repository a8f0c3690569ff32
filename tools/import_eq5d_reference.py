#!/usr/bin/env python3
"""One-off importer: turns the published EQ-5D figures in ../shared/reference into the crate's
own data format (core/data/eq5d/*.json and core/data/eq5d/dsu/*.bin).

The crate never reads ../shared; it carries the files this script writes. They are checked in
and are the source of truth; the exhaustive tests in tests/ compare every state of every set
with the reference tables, so a re-import that changed a figure would fail there.

Usage: python3 tools/import_eq5d_reference.py [path/to/shared/reference]
"""
import csv
import json
import math
import re
import os
import struct
import sys

REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "reference")
OUT = os.path.join(os.path.dirname(__file__), "..", "core", "data", "eq5d")
E = os.path.join(REF, "eq5d")

FORMAT = "groupwell-value-set/1"

# reference column name -> (code, display country, ISO 3166-1 alpha-2 or None)
COUNTRY = {
    "Argentina": ("AR", "Argentina", "AR"), "Australia": ("AU", "Australia", "AU"),
    "Belgium": ("BE", "Belgium", "BE"), "Bermuda": ("BM", "Bermuda", "BM"),
    "Brazil": ("BR", "Brazil", "BR"), "Canada": ("CA", "Canada", "CA"),
    "Chile": ("CL", "Chile", "CL"), "China": ("CN", "China", "CN"),
    "Denmark": ("DK", "Denmark", "DK"), "Ecuador": ("EC", "Ecuador", "EC"),
    "Egypt": ("EG", "Egypt", "EG"), "England": ("ENG", "England", "GB"),
    "Ethiopia": ("ET", "Ethiopia", "ET"), "Europe": ("EU", "Europe", None),
    "Finland": ("FI", "Finland", "FI"), "France": ("FR", "France", "FR"),
    "Germany": ("DE", "Germany", "DE"), "Ghana": ("GH", "Ghana", "GH"),
    "HongKong": ("HK", "Hong Kong", "HK"), "Hungary": ("HU", "Hungary", "HU"),
    "India": ("IN", "India", "IN"), "Indonesia": ("ID", "Indonesia", "ID"),
    "Iran": ("IR", "Iran", "IR"), "Ireland": ("IE", "Ireland", "IE"),
    "Italy": ("IT", "Italy", "IT"), "Japan": ("JP", "Japan", "JP"),
    "Japan_cTTO": ("JP_cTTO", "Japan", "JP"), "Japan_DCE": ("JP_DCE", "Japan", "JP"),
    "Jordan": ("JO", "Jordan", "JO"), "Malaysia": ("MY", "Malaysia", "MY"),
    "Mexico": ("MX", "Mexico", "MX"), "Morocco": ("MA", "Morocco", "MA"),
    "Netherlands": ("NL", "Netherlands", "NL"),
    "Netherlands_2006": ("NL_2006", "Netherlands", "NL"),
    "Netherlands_2026": ("NL_2026", "Netherlands", "NL"),
    "NewZealand": ("NZ", "New Zealand", "NZ"), "Norway": ("NO", "Norway", "NO"),
    "Pakistan": ("PK", "Pakistan", "PK"),
    "Peru_cTTO": ("PE_cTTO", "Peru", "PE"), "Peru_DCE": ("PE_DCE", "Peru", "PE"),
    "Philippines": ("PH", "Philippines", "PH"), "Poland": ("PL", "Poland", "PL"),
    "Portugal": ("PT", "Portugal", "PT"), "Romania": ("RO", "Romania", "RO"),
    "Russia": ("RU", "Russia", "RU"), "SaudiArabia": ("SA", "Saudi Arabia", "SA"),
    "Singapore": ("SG", "Singapore", "SG"), "Slovenia": ("SI", "Slovenia", "SI"),
    "SouthKorea": ("KR", "South Korea", "KR"), "Spain": ("ES", "Spain", "ES"),
    "SriLanka": ("LK", "Sri Lanka", "LK"), "Sweden": ("SE", "Sweden", "SE"),
    "Sweden_2020": ("SE_2020", "Sweden", "SE"), "Sweden_2022": ("SE_2022", "Sweden", "SE"),
    "Taiwan": ("TW", "Taiwan", "TW"), "Thailand": ("TH", "Thailand", "TH"),
    "Trinidad_and_Tobago": ("TT", "Trinidad and Tobago", "TT"),
    "Tunisia": ("TN", "Tunisia", "TN"), "UAE": ("AE", "United Arab Emirates", "AE"),
    "Uganda": ("UG", "Uganda", "UG"), "UK": ("UK", "United Kingdom", "GB"),
    "Uruguay": ("UY", "Uruguay", "UY"), "USA": ("US", "United States", "US"),
    "Vietnam": ("VN", "Vietnam", "VN"), "WePP": ("WEPP", "WePP (pooled, not a country)", None),
    "Zimbabwe": ("ZW", "Zimbabwe", "ZW"),
}

# Extra names people type for a country (R users of eq5d / eq5dsuite, English usage).
EXTRA_NAMES = {
    "UK": ["United Kingdom", "GB"], "USA": ["United States", "US"], "SouthKorea": ["Korea", "South Korea"],
    "Trinidad_and_Tobago": ["Trinidad and Tobago"], "NewZealand": ["New Zealand"],
    "SriLanka": ["Sri Lanka"], "HongKong": ["Hong Kong"], "SaudiArabia": ["Saudi Arabia"],
    "UAE": ["United Arab Emirates"], "England": ["ENG"],
}

TERMS_3L = {"FullHealth": "FullHealth", "AtLeastOne2Or3": "Constant", "AtLeastOne3": "N3",
            "I2square": "I2sq", "I3square": "I3sq", "C2square": "C2sq", "C3square": "C3sq"}
TERMS_5L = {"StartValue": "FullHealth", "Intercept": "Constant"}
TERMS_Y = {"Intercept": "Constant", "A3": "All3"}

METHOD = {
    "TTO": "TTO", "VAS": "VAS", "experience-based (TTO scale)": "experience-based",
    "DCE with duration (DCE-TTO)": "DCE", "cTTO (EQ-VT)": "cTTO", "hybrid cTTO+DCE": "hybrid",
    "DCE (anchored)": "DCE", "DCE (PAPRIKA, 1000minds)": "DCE", "EQ-VT ?": "other",
    "EQ-VT ? (2026)": "other", "experience-based TTO": "experience-based",
    "composite/other (Olsen 2018) ?": "other", "DCE anchored with cTTO": "DCE",
    "hybrid DCE+cTTO": "hybrid",
}

PRECISION_NOTE = {
    "0": "conflict between sources resolved as documented here",
    "2": "the EuroQol eq5dsuite table differs slightly (coefficient precision)",
    "3": "the EuroQol eq5dsuite table for this set is known to be wrong; the published coefficients are used",
}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def num(s):
    s = s.strip()
    if s in ("", "NA"):
        return None
    v = float(s)
    assert math.isfinite(v)
    return v


def coefficient_columns(path, rename):
    rows = read_csv(path)
    header = [h.strip('"') for h in rows[0]]
    cols = {}
    for j, name in enumerate(header[1:], start=1):
        terms = {}
        power = None
        for r in rows[1:]:
            term = r[0].strip('"')
            v = num(r[j])
            if v is None:
                continue
            if term == "Power":
                power = v
                continue
            terms[rename.get(term, term)] = v
        cols[name] = (terms, power)
    return header[1:], cols


def catalogue():
    rows = read_csv(os.path.join(E, "coefficients", "catalogue.csv"))
    h = rows[0]
    return [dict(zip(h, r)) for r in rows[1:]]


def citations():
    rows = read_csv(os.path.join(E, "tables", "eq5dsuite_codes.csv"))
    h = rows[0]
    by_doi = {}
    for r in rows[1:]:
        d = dict(zip(h, r))
        cit = d["citation"].strip()
        if d["doi"] and not cit.startswith("doi:"):
            by_doi.setdefault(d["doi"].strip(), cit)
    return by_doi


def grades():
    rows = read_csv(os.path.join(E, "tables", "oracle_grades.csv"))
    h = rows[0]
    return {(d["family"], d["valueset"]): d for d in (dict(zip(h, r)) for r in rows[1:])}


CIT = citations()
GRADES = grades()


def link(doi_or_url):
    s = (doi_or_url or "").strip().rstrip(".")
    if not s or s == "-":
        return None, None
    if s.startswith("http"):
        return None, s
    return s, None


def entry(set_id, instrument, colname, country, iso, method, method_detail, year, source, aliases,
          notes, model, kind="value_set"):
    doi, url = link(source)
    cit = CIT.get(doi) if doi else None
    if cit is None and url and "eq-5dpublications" in url:
        cit = ("Szende A, Oppe M, Devlin N (eds). EQ-5D Value Sets: Inventory, Comparative Review "
               "and User Guide. Springer; 2007. ISBN 1-4020-5511-0.")
    seen = set()
    uniq = []
    for a in [set_id] + aliases:
        k = a.lower().replace(" ", "_").replace("-", "_")
        if k not in seen:
            seen.add(k)
            uniq.append(a)
    return {
        "format": FORMAT, "id": set_id, "kind": kind, "instrument": instrument,
        "name": colname, "country": country, "iso": iso, "method": method,
        "method_detail": method_detail, "year": int(year) if year else None,
        "doi": doi, "url": url, "citation": cit, "aliases": uniq[1:], "notes": notes,
        "model": model,
    }


def model_sets(family, csvname, rename, instrument, prefix):
    _, cols = coefficient_columns(os.path.join(E, "coefficients", csvname), rename)
    out = []
    for c in (c for c in catalogue() if c["family"] == family and c["source"] == "A"):
        name = c["name"]
        terms, power = cols[name]
        code, country, iso = COUNTRY[name]
        vas = family == "3L_VAS"
        set_code = code + ("_VAS" if vas else "")
        if vas and name == "Slovenia":
            set_code = "SI_VAS"
        if family == "3L_TTO" and name == "China":
            set_code = "CN_2014"
        set_id = f"{prefix}_{set_code}"
        aliases = []
        bcode = c["B_code"] if c["B_code"] != "-" else None
        if vas:
            aliases += [f"{name}_VAS", f"{code}_VAS", f"{country} VAS"]
            if bcode:
                aliases.append(bcode)
        else:
            aliases += [name, set_code]
            if bcode:
                aliases.append(bcode)
            # The bare country code and name: unique when the country has one set for this
            # instrument, otherwise an ambiguous name that makes the user choose (SE: 2020/2022).
            aliases += [code.split("_")[0], country] + EXTRA_NAMES.get(name, [])
            if family == "3L_TTO" and name == "China":
                aliases += ["China_2014"]
            if family == "3L_TTO" and iso and "_" not in code and iso != code:
                aliases.append(iso)
        notes = []
        g = GRADES.get((family, name))
        if g and g["grade"][0] in "23":
            detail = re.sub(r"\bB\b", "eq5dsuite", g["note"])
            detail = re.sub(r"\bA\b", "this set", detail).replace("ERROR: ", "")
            if g["grade"][0] == "2":
                notes.append("Computed from the published coefficients; the EuroQol eq5dsuite table differs "
                             f"slightly through coefficient precision ({detail}).")
            else:
                notes.append(f"The EuroQol eq5dsuite table for this set is wrong ({detail}); "
                             "the published coefficients are used here.")
        if name == "Sweden" and family == "3L_TTO":
            notes.append("Experience-based value set: full health (11111) is 0.9694, not 1.")
        if name in ("Argentina", "Australia") and family == "3L_TTO":
            notes.append("Computed from the published coefficients; the published rounded table "
                         f"differs by up to {'0.004' if name == 'Argentina' else '0.001'}.")
        if name == "Australia" and family == "3L_TTO":
            notes.append("22 logically implausible states take their published values instead of the model's.")
        if name == "Canada" and family == "5L_VT":
            notes.append("Full health (11111) is 0.9489: the model starts at 1.1351 with level-1 terms.")
        if name == "Sweden_2020":
            notes.append("Experience-based value set: full health (11111) is 0.9755, not 1.")
        if name == "China" and family == "Y3L":
            notes.append("The -0.158 term applies to state 33333 only.")
        if name == "China" and family == "3L_TTO":
            notes.append("Liu et al. 2014. The eq5dsuite table labelled CN holds the 2018 set instead; "
                         "that one ships as 3L_CN_2018.")
        if name == "Indonesia" and family == "Y3L":
            notes.append("Power model: 1 - (sum of the absolute decrements)^1.9013.")
        if name == "Germany" and family == "3L_VAS":
            notes.append("Multiplicative model: the index is the product of the applicable factors.")
        if family == "3L_VAS" and name == "Slovenia":
            notes.append("The VAS set of the 2007 EuroQol inventory; the 2019 Slovenian VAS set ships as 3L_SI_VAS_2019.")
        if power is not None:
            model = {"type": "power", "exponent": power, "terms": terms}
        elif c["terms"].startswith("MULTIPLICATIVE"):
            model = {"type": "multiplicative", "terms": terms}
        else:
            model = {"type": "additive", "terms": terms}
        ent = entry(set_id, instrument, name, country, iso, METHOD[c["method"]], c["method"],
                    c["year"], c["doi"], aliases, notes, model)
        if name == "Australia" and family == "3L_TTO":
            fixed = read_csv(os.path.join(E, "coefficients", "australia_3l_tto_fixed_states.csv"))
            ent["model"]["fixed_states"] = {r[0]: float(r[1]) for r in fixed[1:]}
        out.append(ent)
    return out


def table_column(path, col):
    rows = read_csv(path)
    header = [h.strip('"') for h in rows[0]]
    j = header.index(col)
    states = [r[0].strip('"') for r in rows[1:]]
    vals = [float(r[j]) for r in rows[1:]]
    return states, vals


def check_order(states, n):
    lv = 3 if n == 243 else 5
    expect = []
    for code in range(n):
        d = []
        c = code
        for _ in range(5):
            d.append(str(c % lv + 1))
            c //= lv
        expect.append("".join(reversed(d)))
    assert states == expect, "unexpected state order"


def tabulated_3l():
    path = os.path.join(E, "tables", "eq5dsuite_3L.csv")
    spec = [
        ("CN", "3L_CN_2018", "China", "CN", "TTO", "TTO (Zhuo et al. 2018)", 2018,
         None, ["China_2018", "CN_2018", "CN", "China"],
         ["Tabulated: taken from the EuroQol eq5dsuite table, which labels it with the DOI of Liu et al. 2014 "
          "although the values are the 2018 Chinese TTO set (Zhuo et al.)."]),
        ("IR", "3L_IR", "Iran", "IR", "other", "unconfirmed (eq5dsuite cites the Iranian VAS study)", 2016,
         "10.5812/ircmj.21584", ["Iran", "IR", "IR_TTO", "Iran_TTO"],
         ["Tabulated: taken from the EuroQol eq5dsuite table. It cites the DOI of the Iranian VAS study, "
          "but the values differ from that VAS model (3L_IR_VAS); the elicitation method is unconfirmed."]),
        ("SI_TTO", "3L_SI", "Slovenia", "SI", "TTO", "TTO", 2019, "10.2478/sjph-2020-0002",
         ["Slovenia", "SI", "SI_TTO", "Slovenia_TTO"],
         ["Tabulated: the published table (not an additive model), taken from the EuroQol eq5dsuite table."]),
        ("SI_VAS", "3L_SI_VAS_2019", "Slovenia", "SI", "VAS", "VAS", 2019, "10.2478/sjph-2020-0003",
         ["Slovenia_VAS_2019", "SI_VAS_2019", "SI_VAS", "Slovenia_VAS"],
         ["Tabulated: the published table (not an additive model), taken from the EuroQol eq5dsuite table."]),
        ("AR_VAS", "3L_AR_VAS", "Argentina", "AR", "VAS", "VAS", 2009, "10.1111/j.1524-4733.2008.00468.x",
         ["Argentina_VAS", "AR_VAS"],
         ["Tabulated: the published table (not an additive model), taken from the EuroQol eq5dsuite table."]),
    ]
    out = []
    for col, sid, country, iso, method, detail, year, doi, aliases, notes in spec:
        states, vals = table_column(path, col)
        check_order(states, 243)
        notes = notes + ["Values are stored exactly as in that table, including its float32 storage noise "
                         "(e.g. 0.84800005)."]
        ent = entry(sid, "EQ-5D-3L", col, country, iso, method, detail, year, doi, aliases, notes,
                    {"type": "table", "values": vals})
        if sid == "3L_CN_2018":
            ent["citation"] = ("Zhuo L, Xu L, Ye J, Sun S, Zhang Y, Burstrom K, Chen J. Time Trade-Off Value Set "
                               "for EQ-5D-3L Based on a Nationally Representative Chinese Population Survey. "
                               "Value in Health. 2018;21(11):1330-1337.")
            ent["notes"].append("No DOI is given here because none could be confirmed from the sources at hand.")
        out.append(ent)
    return out


def legacy_crosswalks():
    out = []
    path = os.path.join(E, "crosswalk", "legacy_crosswalk_5L_to_3L.csv")
    header = [h.strip('"') for h in read_csv(path)[0]]
    for col in header[1:]:
        states, vals = table_column(path, col)
        check_order(states, 3125)
        code, country, iso = COUNTRY[col]
        doi = {"Bermuda": "10.1007/s10198-024-01701-2", "Jordan": "10.1007/s10198-024-01712-z",
               "Russia": "10.1007/s11136-021-02804-6"}.get(col, "10.1016/j.jval.2012.02.008")
        notes = ["Published EuroQol crosswalk lookup table (van Hout et al. 2012 method): "
                 "EQ-5D-5L states scored with this country's EQ-5D-3L value set."]
        if col == "Zimbabwe":
            notes.append("This table gives 11111 the value 0.9.")
        if col in ("Jordan", "Russia"):
            notes.append("Built from another 3L table than the 3L set shipped here; values differ slightly "
                         "from crosswalk_5l_to_3l applied to 3L_" + code + ".")
        ent = entry(f"5L_CW_{code}", "EQ-5D-5L", col, country, iso, "crosswalk",
                    "crosswalk lookup table (van Hout 2012)", 2012 if doi.endswith("02.008") else None,
                    doi, [f"CW_{code}", f"{col}_CW", f"{code}_CW"], notes,
                    {"type": "table", "values": vals}, kind="crosswalk")
        out.append(ent)
    path = os.path.join(E, "crosswalk", "legacy_reverse_crosswalk_3L_to_5L.csv")
    header = [h.strip('"') for h in read_csv(path)[0]]
    for col in header[1:]:
        states, vals = table_column(path, col)
        check_order(states, 243)
        code, country, iso = COUNTRY[col]
        ent = entry(f"3L_RCW_{code}", "EQ-5D-3L", col, country, iso, "crosswalk",
                    "reverse crosswalk lookup table (EuroQol 2019 method, van Hout et al. 2021)", 2021,
                    "10.1016/j.jval.2021.03.009", [f"RCW_{code}", f"{col}_RCW", f"{code}_RCW"],
                    ["Published EuroQol reverse crosswalk lookup table: EQ-5D-3L states scored with this "
                     "country's EQ-5D-5L value set.",
                     "https://euroqol.org/support/analysis-tools/cross-walk/"],
                    {"type": "table", "values": vals}, kind="reverse_crosswalk")
        out.append(ent)
    return out


def vanhout2012():
    rows = read_csv(os.path.join(E, "crosswalk", "vanhout2012_probabilities.csv"))
    probs = {}
    for r in rows[1:]:
        probs.setdefault(r[0], [[0.0] * 3 for _ in range(5)])
        lvl3 = int(r[1])
        for l5 in range(5):
            probs[r[0]][l5][lvl3 - 1] = float(r[2 + l5])
    return {
        "format": "groupwell-crosswalk/1", "id": "vanhout2012",
        "citation": "van Hout B, Janssen MF, Feng YS, et al. Interim scoring for the EQ-5D-5L: mapping the "
                    "EQ-5D-5L to EQ-5D-3L value sets. Value in Health. 2012;15(5):708-715.",
        "doi": "10.1016/j.jval.2012.02.008",
        "description": "P(3L level | 5L level) per dimension; rows are 5L levels 1..5, columns 3L levels 1..3.",
        "probabilities": {d: probs[d] for d in ["MO", "SC", "UA", "PD", "AD"]},
    }


def vanhout2021():
    rows = read_csv(os.path.join(E, "crosswalk", "vanhout2021_model.csv"))
    h = rows[0]
    dims = h[1:]
    model = {d: {"cuts": [], "coefficients": {}} for d in dims}
    for r in rows[1:]:
        for j, d in enumerate(dims, start=1):
            if r[0].startswith("cut"):
                model[d]["cuts"].append(float(r[j]))
            else:
                model[d]["coefficients"][r[0].upper()] = float(r[j])
    return {
        "format": "groupwell-crosswalk/1", "id": "vanhout2021",
        "citation": "van Hout B, Shaw JW. Mapping EQ-5D-3L to EQ-5D-5L. Value in Health. 2021;24(9):1285-1293.",
        "doi": "10.1016/j.jval.2021.03.009",
        "description": "Ordered logit per dimension: P(5L level <= k | 3L state) = logistic(cut_k - xb), "
                       "xb = sum of the coefficients of the 3L state's level-2/3 dummies.",
        "model": model,
    }


def dsu():
    os.makedirs(os.path.join(OUT, "dsu"), exist_ok=True)
    countries = ["UK", "Japan", "SouthKorea", "Netherlands", "China", "Spain", "Germany"]
    ages = ["18-34", "35-44", "45-54", "55-64", "65+"]
    sexes = ["male", "female"]
    for fname, n, out in [("dsu_5L_to_3L.csv", 3125, "5L_to_3L.bin"), ("dsu_3L_to_5L.csv", 243, "3L_to_5L.bin")]:
        rows = read_csv(os.path.join(E, "mapping", fname))
        h = [x.strip('"') for x in rows[0]]
        si, ai, xi = h.index("State"), h.index("Age"), h.index("Sex")
        lv = 5 if n == 3125 else 3
        data = {}
        for r in rows[1:]:
            st = r[si].strip('"')
            code = 0
            for ch in st:
                code = code * lv + int(ch) - 1
            key = (ages.index(r[ai].strip('"')), sexes.index(r[xi].strip('"')), code)
            data[key] = r
        assert len(data) == n * 10
        blob = bytearray(b"GWDSU1\0\0")
        blob += struct.pack("<II", n, len(countries))
        for c in countries:
            jc, jk = h.index(c), h.index(c + "Copula")
            for a in range(5):
                for s in range(2):
                    for code in range(n):
                        v = float(data[(a, s, code)][jc])
                        t = round(v * 1000)
                        assert abs(t / 1000 - v) < 1e-12
                        blob += struct.pack("<h", t)
            for a in range(5):
                for s in range(2):
                    for code in range(n):
                        blob += struct.pack("<d", float(data[(a, s, code)][jk]))
        with open(os.path.join(OUT, "dsu", out), "wb") as f:
            f.write(bytes(blob))


def write(name, obj):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        text = json.dumps(obj, ensure_ascii=False, indent=1)
        # keep each numeric table on one line
        text = re.sub(r"\[\n\s*(-?[0-9][^\[\]{}]*?)\n\s*\]",
                      lambda m: "[" + ",".join(x.strip() for x in m.group(1).split(",")) + "]", text)
        f.write(text + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    three = model_sets("3L_TTO", "TTO.csv", TERMS_3L, "EQ-5D-3L", "3L") + \
        model_sets("3L_VAS", "VAS.csv", TERMS_3L, "EQ-5D-3L", "3L") + tabulated_3l()
    five = model_sets("5L_VT", "VT.csv", TERMS_5L, "EQ-5D-5L", "5L")
    y3 = model_sets("Y3L", "Y.csv", TERMS_Y, "EQ-5D-Y-3L", "Y3L")
    assert (len(three), len(five), len(y3)) == (49, 49, 13), (len(three), len(five), len(y3))
    write("value-sets-3l.json", three)
    write("value-sets-5l.json", five)
    write("value-sets-y3l.json", y3)
    write("crosswalk-tables.json", legacy_crosswalks())
    write("vanhout2012.json", vanhout2012())
    write("vanhout2021.json", vanhout2021())
    dsu()
    print("wrote", len(three) + len(five) + len(y3), "value sets")


if __name__ == "__main__":
    main()

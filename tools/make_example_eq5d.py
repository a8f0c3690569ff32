#!/usr/bin/env python3
"""Seeded generator of the bundled example: synthetic EQ-5D-5L + EQ VAS responses of
participants in peer-led self-help groups, at baseline and week 15.

Every value is invented by this script (fixed seed); no real person is described. A few rows
are deliberately invalid (a level of 7, a level of 2.5, an EQ VAS of 120) so that the main job
shows how bad rows are reported.

Usage: python3 tools/make_example_eq5d.py > examples/eq5d5l_responses.csv
"""
import random
import sys

rng = random.Random(20150901)
themes = ["stress", "living with pain", "chronic illness", "separation", "parenting (NPF)", "stress"]
units = ["Hede", "Funäsdalen", "Sveg", "Östersund"]
out = sys.stdout
out.write("participant,group,theme,unit,timepoint,MO,SC,UA,PD,AD,EQ_VAS\n")
pid = 0
for g in range(12):
    theme = themes[g % len(themes)]
    unit = units[g % len(units)]
    for _ in range(rng.randint(5, 8)):
        pid += 1
        burden = rng.random()
        base = [min(5, max(1, round(1 + burden * w * 3 + rng.gauss(0, 0.7)))) for w in (0.5, 0.2, 0.8, 1.0, 1.2)]
        vas = max(0, min(100, round(75 - burden * 35 + rng.gauss(0, 8))))
        rows = [("baseline", base, vas)]
        if rng.random() > 0.15:  # some have no week-15 follow-up
            change = rng.gauss(0.35, 0.6)
            follow = [min(5, max(1, round(l - change + rng.gauss(0, 0.4)))) for l in base]
            fvas = max(0, min(100, round(vas + change * 10 + rng.gauss(0, 6))))
            rows.append(("week15", follow, fvas))
        for tp, lv, v in rows:
            out.write(f"P{pid:03d},G{g + 1:02d},{theme},{unit},{tp},{','.join(map(str, lv))},{v}\n")
# Deliberately bad rows, to show the error report.
out.write("P900,G01,stress,Hede,baseline,1,7,2,2,1,70\n")
out.write("P901,G02,living with pain,Funäsdalen,baseline,2,2.5,2,3,2,55\n")
out.write("P902,G03,chronic illness,Sveg,baseline,1,1,2,2,2,120\n")
out.write("P903,G03,chronic illness,Sveg,week15,,,,,,\n")

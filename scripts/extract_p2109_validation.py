#!/usr/bin/env python3
"""Extracts ITU-R P.2109-1 building-entry-loss validation values into a small fixture.

The values are ITU-R Study Group 3's reference results (its "Clutter and BEL" validation
workbook), as republished in the file matlab/validate_p2109.m of the repository
eeveetza/p2109 (the reference MATLAB implementation approved by ITU-R WP 3K/3M).
Usage: extract_p2109_validation.py validate_p2109.m COMMIT > Tests/Fixtures/p2109_validation.json
Every 8th location percentage of each set is kept (the fixture stays small).
"""
import json, re, sys

text = open(sys.argv[1]).read()
commit = sys.argv[2]

def arrays(name):
    return [list(map(float, re.findall(r"[-0-9.E+]+", body)))
            for body in re.findall(name + r"\s*=\s*\[(.*?)\]", text, re.S)]

ps = arrays(r"\bp")
refs = arrays(r"L_ref")
fs = [float(x) for x in re.findall(r"^f = ([0-9.]+);", text, re.M)]
ths = [float(x) for x in re.findall(r"^th = ([0-9.]+);", text, re.M)]
cls = [int(x) for x in re.findall(r"^cl = ([0-9]+);", text, re.M)]
# Sets in file order: (28 GHz, 0°, class 1), (28, 0, 2), (2, 45, 1), (2, 45, 2).
sets = []
frequency = {0: fs[0], 1: fs[0], 2: fs[1], 3: fs[1]}
elevation = {0: ths[0], 1: ths[1], 2: ths[2], 3: ths[2]}
p_index = {0: 0, 1: 0, 2: 0, 3: 0}   # one list of location percentages serves every set
for i, ref in enumerate(refs):
    p = ps[p_index[i]]
    assert len(p) == len(ref), (i, len(p), len(ref))
    keep = list(range(0, len(p), 8))
    sets.append({"frequency_ghz": frequency[i], "elevation_deg": elevation[i],
                 "building": "traditional" if cls[i] == 1 else "thermally-efficient",
                 "p_percent": [p[k] for k in keep], "loss_db": [ref[k] for k in keep]})
json.dump({"source": "ITU-R SG3 P.2109-1 validation values, as republished in eeveetza/p2109 "
                     f"matlab/validate_p2109.m at commit {commit}",
           "tolerance_db": 0.01, "sets": sets}, sys.stdout, indent=1)
print()

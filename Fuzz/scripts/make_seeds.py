#!/usr/bin/env python3
"""Regenerates the fuzz seed corpora (Fuzz/corpus/<target>/) from Signals/ and Tests/Fixtures.

Seeds are small (metadata trimmed to a few annotations, data to a few KiB) so that the
committed corpus stays tiny. Run from anywhere: python3 Fuzz/scripts/make_seeds.py
"""
import glob, json, os, struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Fuzz", "corpus")

def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

def trimmed_meta(path, keep=3):
    doc = json.load(open(path))
    doc["annotations"] = doc.get("annotations", [])[:keep]
    for a in doc["annotations"]:
        a["core:sample_start"] = min(a.get("core:sample_start", 0), 100)
        a["core:sample_count"] = min(a.get("core:sample_count", 0), 200)
    return json.dumps(doc, separators=(",", ":"), sort_keys=True)

metas = sorted(glob.glob(os.path.join(ROOT, "Signals/recordings/*.sigmf-meta"))
               + glob.glob(os.path.join(ROOT, "Tests/Fixtures/*.sigmf-meta"))
               + glob.glob(os.path.join(ROOT, "Tests/Fixtures/real/*.sigmf-meta")))
for m in metas:
    name = os.path.basename(m).replace(".sigmf-meta", "")
    meta = trimmed_meta(m)
    put("sigmf-meta", name + ".json", meta)
    data = open(m.replace(".sigmf-meta", ".sigmf-data"), "rb").read(4096)
    blob = meta.encode()
    put("sigmf-data", name + ".bin", struct.pack("<H", len(blob)) + blob + data)

for y in sorted(glob.glob(os.path.join(ROOT, "Signals/scenes/*.yaml"))):
    target = "risk-scene" if y.endswith("-risk.yaml") else "scene"
    put(target, os.path.basename(y), open(y).read())

# Sweeps: the harness refuses any "/" (paths stay in its scratch folder, where c4.yaml is the
# built-in C4 scene), so the scene becomes c4.yaml or stays builtin:, and few calls per point.
import re
for y in sorted(glob.glob(os.path.join(ROOT, "Signals/sweeps/*.yaml"))):
    text = open(y).read()
    if "\nscene: builtin:" not in text:
        text = re.sub(r"(?m)^scene: .*$", "scene: c4.yaml", text)
    text = re.sub(r"(?m)^trials: .*$", "trials: 4", text)
    if "/" not in text:
        put("sweep", os.path.basename(y), text)

def bearing(az, e, n, sigma=2):
    return {"azimuth_deg": az, "sigma_deg": sigma, "snr_db": 20, "start_s": 0, "duration_s": 0.001,
            "frequency_hz": 9e8, "sensor": {"east_m": e, "north_m": n}}
put("bearings", "three.json", json.dumps({"bearings": [bearing(45, 0, 0), bearing(315, 1000, 0), bearing(0, 500, -400, 5)]}))
put("bearings", "two.json", json.dumps({"bearings": [bearing(10, -200, 0), bearing(350, 200, 0)]}))

det = {"start_s": 0.0001, "duration_s": 0.0005, "frequency_hz": 900000000, "bandwidth_hz": 200000, "snr_db": 12}
put("detections", "one.json", json.dumps({"detections": [det], "emissions": []}))
put("detections", "two.json", json.dumps({"detections": [det, dict(det, start_s=0.002, frequency_hz=900100000)]}))

put("rss", "four.csv", "east_m,north_m,level_dbm\n0,0,-60\n100,0,-65\n0,100,-70\n100,100,-72\n")
put("rss", "three.csv", "east_m,north_m,level_dbm\n-50,0,-80.5\n50,0,-81\n0,50,-79\n")

# SRTM: the first bytes of a tile (the harness pads with zeros), a ramp and a void.
ramp = b"".join(struct.pack(">h", (i * 7) % 3000) for i in range(2048))
put("hgt", "ramp.bin", b"\x00" + ramp[1:])
put("hgt", "void.bin", b"\x00\x00" + struct.pack(">h", -32768) * 600)

# CLI: first byte picks the subcommand (index into the harness's list), then one argument per line.
commands = ["info", "spectrum", "detect", "theory", "pathloss", "range", "jam", "powercontrol",
            "generate", "risk", "locate", "bearing", "presets", "homing"]
def cli(name, command, args):
    put("cli", name, bytes([commands.index(command)]) + "\n".join(args).encode())
cli("spectrum", "spectrum", ["rec.sigmf-meta", "--nfft", "64", "--json"])
cli("detect", "detect", ["rec.sigmf-meta", "--threads", "1", "--json"])
cli("theory", "theory", ["pd", "--snr-db", "3", "--method", "energy", "--time-bandwidth", "100"])
cli("pathloss", "pathloss", ["--model", "hata-urban", "--frequency-mhz", "900", "--distance-km", "2", "--json"])
cli("range", "range", ["--json"])
cli("jam", "jam", ["--json"])
cli("power", "powercontrol", ["--json"])
cli("info", "info", ["rec.sigmf-meta", "--json"])
cli("bearing", "bearing", ["array.sigmf-meta", "--json"])
cli("presets", "presets", [])
cli("homing", "homing", ["--json"])

#!/usr/bin/env python3
"""SigMF interoperability with the official Python `sigmf` library (run by .ci/run).

1. Recordings written by `sightline generate` (cf32_le, ci16_le multi-channel, cu8, ci8)
   pass sigmf's schema validation and read back in sigmf with the same shape and
   annotation count that `sightline info --json` reports.
2. Recordings written by the sigmf library (ci16_le two-channel with annotations, cf32_le,
   cu8) read in Sightline: `sightline info --json` agrees on datatype, rate, frequency,
   channels, samples and annotations, and `sightline spectrum --json` finds the tone the
   file holds at the right frequency.

Usage: python3 scripts/sigmf_interop.py path/to/sightline
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import sigmf
from sigmf import SigMFFile, sigmffile

ROOT = Path(__file__).resolve().parent.parent
SIGHTLINE = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/release/sightline")


def run(*args):
    out = subprocess.run([SIGHTLINE, *args], check=True, capture_output=True, text=True)
    return out.stdout


def check(condition, message):
    if not condition:
        print("FAIL:", message)
        sys.exit(1)
    print("ok:", message)


def sightline_to_sigmf(tmp):
    cases = [("c4-railway-station.yaml", "cf32_le", 1), ("c1-backpack-patrol.yaml", "ci16_le", 5),
             ("c6-border-jammer.yaml", "cu8", 1), ("c7-call-static.yaml", "ci8", 1)]
    for scene, datatype, channels in cases:
        out = tmp / f"{Path(scene).stem}-{datatype}.sigmf-meta"
        run("generate", str(ROOT / "Signals/scenes" / scene), "-o", str(out), "--datatype", datatype,
            "--duration-s", "0.02", "--json")
        info = json.loads(run("info", str(out), "--json"))
        handle = sigmffile.fromfile(str(out))
        handle.validate()
        check(True, f"{out.name} passes sigmf {sigmf.__version__} validation")
        check(handle.get_global_field("core:datatype") == datatype == info["datatype"], f"{out.name} datatype")
        check(handle.get_num_channels() == channels == info["channels"], f"{out.name} channels")
        samples = handle.read_samples()
        per_channel = samples.shape[0]
        check(per_channel == info["samples"], f"{out.name} samples per channel ({per_channel})")
        check(len(handle.get_annotations()) == info["annotations"], f"{out.name} annotations ({info['annotations']})")
        ext = [e["name"] for e in handle.get_global_field("core:extensions")]
        check("sightline" in ext, f"{out.name} declares the sightline extension")


def sigmf_to_sightline(tmp):
    fs, f0, tone = 1_000_000.0, 915e6, 125_000.0
    n = 65536
    t = np.arange(n) / fs
    rng = np.random.default_rng(1)
    x = 0.5 * np.exp(2j * np.pi * tone * t) + 0.01 * (rng.standard_normal(n) + 1j * rng.standard_normal(n))
    variants = {
        "ci16_le": (np.stack([x, 0.5 * x], axis=1).reshape(-1), 2),
        "cf32_le": (x, 1),
        "cu8": (x, 1),
    }
    for datatype, (data, channels) in variants.items():
        base = tmp / f"py-{datatype}"
        if datatype == "cf32_le":
            raw = data.astype(np.complex64)
        elif datatype == "ci16_le":
            iq = np.empty(2 * data.size, dtype=np.int16)
            iq[0::2] = np.round(data.real * 32767)
            iq[1::2] = np.round(data.imag * 32767)
            raw = iq
        else:
            iq = np.empty(2 * data.size, dtype=np.uint8)
            iq[0::2] = np.clip(np.round(data.real * 127.5 + 127.5), 0, 255)
            iq[1::2] = np.clip(np.round(data.imag * 127.5 + 127.5), 0, 255)
            raw = iq
        raw.tofile(str(base) + ".sigmf-data")
        meta = SigMFFile(data_file=str(base) + ".sigmf-data", global_info={
            "core:datatype": datatype, "core:sample_rate": fs,
            "core:num_channels": channels, "core:description": "written by sigmf-python",
        })
        meta.add_capture(0, metadata={"core:frequency": f0, "core:datetime": "2016-03-01T00:00:00Z"})
        meta.add_annotation(1000, 500, metadata={"core:label": "tone", "core:freq_lower_edge": f0 + tone - 1e3,
                                                  "core:freq_upper_edge": f0 + tone + 1e3})
        meta.add_annotation(9000, 100, metadata={"core:label": "tone"})
        meta.tofile(str(base) + ".sigmf-meta")
        info = json.loads(run("info", str(base) + ".sigmf-meta", "--json"))
        check(info["datatype"] == datatype and info["channels"] == channels, f"sigmf {datatype}: datatype/channels")
        check(info["samples"] == n and info["sample_rate_hz"] == fs and info["frequency_hz"] == f0,
              f"sigmf {datatype}: samples, rate, frequency")
        check(info["annotations"] == 2, f"sigmf {datatype}: annotations")
        spectrum = json.loads(run("spectrum", str(base) + ".sigmf-meta", "--json", "--nfft", "4096",
                                  "--channel", str(channels - 1)))
        check(abs(spectrum["peak_frequency_hz"] - (f0 + tone)) <= fs / 4096,
              f"sigmf {datatype}: tone found at {spectrum['peak_frequency_hz']:.0f} Hz")


def main():
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        sightline_to_sigmf(tmp)
        sigmf_to_sightline(tmp)
    print("SigMF interop: all checks passed")


if __name__ == "__main__":
    main()

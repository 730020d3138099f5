#!/usr/bin/env python3
"""Energy-detector reference values from scipy (independent of Sightline's own incomplete
gamma and Marcum Q code): threshold τ with Q(N, τ) = Pfa via scipy.special.gammainccinv,
and Pd = P(χ'²(2N, 2Nγ) > 2τ) via scipy.stats.ncx2.sf. Writes
Tests/Fixtures/detection_theory.json; run from the repository root and commit it.
"""
import json
from pathlib import Path

import numpy as np
import scipy
from scipy import special, stats

cases = []
for n in [1, 4, 16, 109, 1000]:
    for pfa in [1e-3, 1e-6, 1e-12]:
        tau = float(special.gammainccinv(n, pfa))
        for snr_db in [-10.0, -3.0, 0.0, 3.0, 10.0]:
            gamma = 10 ** (snr_db / 10)
            pd = float(stats.ncx2.sf(2 * tau, 2 * n, 2 * n * gamma))
            cases.append({"n": n, "pfa": pfa, "tau": tau, "snr_db": snr_db, "pd": pd})
out = {"cases": cases, "numpy": np.__version__, "scipy": scipy.__version__}
path = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "detection_theory.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(len(cases), "cases")

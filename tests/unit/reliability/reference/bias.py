#!/usr/bin/env python3
"""Independent figures for tests/unit/reliability/bias.test.ts, from numpy and scipy (not from our code).

Run:  python3 tests/unit/reliability/reference/bias.py
Needs Debian's python3-numpy and python3-scipy; prints JSON that the test pastes.
Per-coder bias: per clip, the coder's score minus the mean of the other coders' scores on that clip;
the mean of those differences with the 95% t interval (scipy.stats.t.interval).
"""
import json

import numpy as np
import scipy
from scipy import stats

# clip -> {coder: score}; EAS sensitivity, 1-7 in half points. ann scores about half a point high.
ratings = {
    "C01": {"ann": 5.5, "ben": 5.0, "cat": 5.0},
    "C02": {"ann": 4.0, "ben": 3.5},
    "C03": {"ann": 6.5, "cat": 6.0},
    "C04": {"ann": 3.0, "ben": 3.0, "cat": 2.0},
    "C05": {"ben": 4.5, "cat": 5.0},
    "C06": {"ann": 6.0, "ben": 5.5},
    "C07": {"ann": 2.5, "cat": 2.5},
    "C08": {"ann": 5.0, "ben": 4.0, "cat": 4.5},
    "C09": {"ben": 6.0},
}

out = {"numpy": np.__version__, "scipy": scipy.__version__, "bias": {}}
for coder in ["ann", "ben", "cat"]:
    d = []
    for clip in sorted(ratings):
        r = ratings[clip]
        if coder in r and len(r) > 1:
            others = [s for c, s in r.items() if c != coder]
            d.append(r[coder] - np.mean(others))
    d = np.array(d)
    n = len(d)
    lo, hi = stats.t.interval(0.95, n - 1, loc=d.mean(), scale=d.std(ddof=1) / np.sqrt(n))
    out["bias"][coder] = {"n": n, "mean": d.mean(), "ci95": [lo, hi]}

# Against a master: trainee minus master score per training clip.
trainee = np.array([2.0, 4.5, 6.0, 3.5, 5.0])
master = np.array([2.0, 4.5, 6.5, 3.0, 4.0])
d = trainee - master
lo, hi = stats.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=d.std(ddof=1) / np.sqrt(len(d)))
out["gold"] = {"n": len(d), "mean": d.mean(), "ci95": [lo, hi]}
print(json.dumps(out, indent=1, default=float))

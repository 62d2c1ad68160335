#!/usr/bin/env python3
"""Independent figures for the analysis tests, from statsmodels (not from our code).

Run:  python3 tests/unit/analysis/reference/independent.py
Needs Debian's python3-statsmodels (0.13.5) and python3-pandas; prints JSON that the tests paste.
"""
import json

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.formula.api as smf
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

out = {"statsmodels": statsmodels.__version__}

# Newcombe (1998) Table II examples: x1/n1 vs x2/n2.
examples = [(56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20), (0, 10, 0, 10), (10, 10, 0, 20), (10, 10, 0, 10), (3, 5, 1, 5), (9, 17, 3, 11)]
out["newcombe"] = []
for x1, n1, x2, n2 in examples:
    lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    wlo, whi = confint_proportions_2indep(x1, n1, x2, n2, method="wald", compare="diff")
    w1 = proportion_confint(x1, n1, method="wilson")
    out["newcombe"].append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "lower": lo, "upper": hi, "wald": [wlo, whi], "wilson1": list(w1)})

# ANCOVA, follow-up ~ arm + baseline, on a small EAS-like data set (arm 1 = intervention).
small = pd.DataFrame({
    "arm": [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
    "baseline": [3.5, 4.0, 5.0, 2.5, 4.5, 6.0, 3.0, 4.0, 5.5, 2.0, 4.5, 3.5],
    "follow": [5.0, 5.5, 6.0, 4.0, 6.5, 6.5, 3.5, 4.0, 5.5, 2.5, 5.0, 4.5],
})


def fit(frame, name):
    m = smf.ols("follow ~ arm + baseline", data=frame).fit()
    u = smf.ols("follow ~ arm", data=frame).fit()
    ci = m.conf_int(0.05).loc["arm"].tolist()
    uci = u.conf_int(0.05).loc["arm"].tolist()
    out[name] = {
        "n": int(m.nobs), "df": m.df_resid,
        "arm": m.params["arm"], "se": m.bse["arm"], "ci": ci,
        "baseline": m.params["baseline"], "residual_sd": float(np.sqrt(m.scale)),
        "unadjusted": u.params["arm"], "unadjusted_se": u.bse["arm"], "unadjusted_ci": uci,
    }


fit(small, "ancova_small")

# The published trial of tests/integration/closeout/publishedTrial.ts, rebuilt from its formulas:
# complete cases (a score at 'pre' and at the follow-up).
I = [f"PX-I{i:02d}" for i in range(1, 21)]
C = [f"PX-C{i:02d}" for i in range(1, 21)]
sens = lambda k: 1.5 + ((k * 7) % 11) * 0.5
qual = lambda k: 40 + ((k * 13) % 45)
S_POST_I = [5.5, 6, 6.5, 7, 5.5, 6, 5.5, 6, 6.5, 3, 3.5, 4, 4.5, 5, 4, 3.5, 5]
S_POST_C = [5.5, 6, 5.5, 2.5, 3, 3.5, 4, 4.5, 5, 3, 4]
Q_FU_I = [49, 50, 57, 58, 59, 62, 62, 63, 64, 66, 70, 71, 74, 74, 75, 77, 78, 80, 84]
Q_FU_C = [55, 61, 62, 66, 69, 72, 76, 77, 81, 83, 83, 84, 93]


def at(members, k0, s=None, q=None):
    return {p: {"sensitivity": (s[i] if s and i < len(s) else sens(k0 + i)), "quality": (q[i] if q and i < len(q) else qual(k0 + i))} for i, p in enumerate(members)}


pre = {**at(I, 0), **at(C, 20)}
post = {**at(I[:17], 40, s=S_POST_I), **at(C[:11], 60, s=S_POST_C)}
fu = {**at(I[:19], 80, q=Q_FU_I), **at(C[:13], 100, q=Q_FU_C)}
for name, later, dim in [("ancova_trial_sensitivity_post", post, "sensitivity"), ("ancova_trial_quality_followup", fu, "quality")]:
    rows = [{"arm": 1 if p.startswith("PX-I") else 0, "baseline": pre[p][dim], "follow": later[p][dim]} for p in later if p in pre]
    fit(pd.DataFrame(rows), name)

print(json.dumps(out, indent=1))

"""Reference for bench/trees.js: scikit-learn's HistGradientBoostingClassifier on the same data.

Usage: python3 trees_sklearn.py DATA_PREFIX   (reads DATA_PREFIX.json, .x.f32, .y.f64)
Prints one JSON line: training seconds, test accuracy, single-row predict latency (median us).
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

prefix = sys.argv[1]
meta = json.load(open(prefix + ".json"))
n, d, n_train = meta["rows"], meta["cols"], meta["train"]
X = np.fromfile(prefix + ".x.f32", dtype=np.float32).reshape(n, d)
y = np.fromfile(prefix + ".y.f64", dtype=np.float64).astype(np.int64)
Xtr, ytr, Xte, yte = X[:n_train], y[:n_train], X[n_train:], y[n_train:]

clf = HistGradientBoostingClassifier(
    max_iter=meta["rounds"], max_depth=meta["maxDepth"], learning_rate=meta["learningRate"],
    early_stopping=False, random_state=0,
)
t0 = time.perf_counter()
clf.fit(Xtr, ytr)
train_s = time.perf_counter() - t0
acc = float((clf.predict(Xte) == yte).mean())

times = []
for i in range(meta["latencyRows"]):
    row = Xte[i : i + 1]
    t = time.perf_counter()
    clf.predict(row)
    times.append((time.perf_counter() - t) * 1e6)
print(json.dumps({"trainS": train_s, "accuracy": acc, "latencyUs": float(np.median(times)),
                  "threads": len(os.sched_getaffinity(0))}))

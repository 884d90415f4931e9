#!/usr/bin/python3
"""Leave-one-out retrieval mAP with scikit-learn, the reference of bench/metrics (run it through `run`).

    reference.py generate DIRECTORY      seeded Gaussian clusters → DIRECTORY/features.f32, labels.i64, shape.json
    reference.py sklearn DIRECTORY       NearestNeighbors + average_precision_score, one query at a time; compares
                                         with DIRECTORY/fovea-<dtype>.json and fovea-<dtype>-ap.f64 (float32, and
                                         float64 when present) and prints the summary

Environment: BENCH_COUNT (items, default 10000), BENCH_DIMENSION (1024), BENCH_CLASSES (100),
BENCH_SKLEARN_QUERIES (how many queries scikit-learn answers, default all: its time is per query, scaled to all).
"""

import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score
from sklearn.neighbors import NearestNeighbors

COUNT = int(os.environ.get("BENCH_COUNT", 10000))
DIMENSION = int(os.environ.get("BENCH_DIMENSION", 1024))
CLASSES = int(os.environ.get("BENCH_CLASSES", 100))


def generate(directory):
    """COUNT points of CLASSES equal Gaussian clusters: 0.3 × a standard normal centre plus standard normal noise,
    close enough that neighbours of other classes interleave (mAP well below 1), shuffled."""
    rng = np.random.default_rng(5)
    centers = rng.normal(size=(CLASSES, DIMENSION))
    labels = rng.permutation(np.arange(COUNT) % CLASSES)
    features = (0.3 * centers[labels] + rng.normal(size=(COUNT, DIMENSION))).astype(np.float32)
    directory.mkdir(parents=True, exist_ok=True)
    features.tofile(directory / "features.f32")
    labels.astype(np.int64).tofile(directory / "labels.i64")
    (directory / "shape.json").write_text(json.dumps({"count": COUNT, "dimension": DIMENSION}))


def reference(directory):
    """scikit-learn's average precision of each query, and the seconds it took. The features go in as float64: given
    float32, scikit-learn computes distances in float64 but rounds them back to float32, which ties near-equal ones."""
    features = np.fromfile(directory / "features.f32", dtype=np.float32).reshape(-1, DIMENSION).astype(np.float64)
    labels = np.fromfile(directory / "labels.i64", dtype=np.int64)
    count = len(labels)
    queries = np.arange(int(os.environ.get("BENCH_SKLEARN_QUERIES", count)))
    start = time.perf_counter()
    search = NearestNeighbors(n_neighbors=count, algorithm="brute", metric="euclidean").fit(features)
    average_precisions = np.empty(len(queries))
    for first in range(0, len(queries), 256):
        batch = queries[first:first + 256]
        distances, indices = search.kneighbors(features[batch], n_neighbors=count)
        for row, query in enumerate(batch):
            others = indices[row] != query
            relevant = labels[indices[row][others]] == labels[query]
            average_precisions[first + row] = average_precision_score(relevant, -distances[row][others])
    seconds = time.perf_counter() - start
    return queries, average_precisions, seconds


def compare(directory):
    queries, sklearn_ap, seconds = reference(directory)
    count = len(np.fromfile(directory / "labels.i64", dtype=np.int64))
    sklearn_all = seconds * count / len(queries)
    subset = "all queries" if len(queries) == count else f"the first {len(queries)} queries, scaled to {count}"
    print(f"scikit-learn {sklearn.__version__}, NumPy {np.__version__}: NearestNeighbors(algorithm='brute') + "
          f"average_precision_score per query; timed on {subset}: {sklearn_all:.2f} s "
          f"({seconds / len(queries) * 1000:.2f} ms per query); mAP {sklearn_ap.mean():.12f} over {len(queries)} queries")
    for dtype in ["float32", "float64"]:
        if not (directory / f"fovea-{dtype}.json").exists():
            continue
        fovea = json.loads((directory / f"fovea-{dtype}.json").read_text())
        fovea_ap = np.fromfile(directory / f"fovea-{dtype}-ap.f64", dtype=np.float64)
        print(f"Fovea {dtype}: {fovea['seconds']:.2f} s for all {count} queries (best of {int(fovea['repeats'])}, "
              f"{int(fovea['threads'])} threads, chunks of {int(fovea['chunk_size'])}): "
              f"{sklearn_all / fovea['seconds']:.1f}x scikit-learn's speed")
        print(f"  mAP over the {len(queries)} queries both answered: Fovea {fovea_ap[queries].mean():.12f}, "
              f"scikit-learn {sklearn_ap.mean():.12f}, difference {fovea_ap[queries].mean() - sklearn_ap.mean():.3e}; "
              f"largest per-query difference {np.abs(fovea_ap[queries] - sklearn_ap).max():.3e}")
        print(f"  Fovea over all {count} queries: mAP {fovea['map']:.12f}, precision@1 {fovea['precision_at_1']:.6f}, "
              f"precision@10 {fovea['precision_at_10']:.6f}, recall@10 {fovea['recall_at_10']:.6f}")


if __name__ == "__main__":
    command, directory = sys.argv[1], Path(sys.argv[2])
    {"generate": generate, "sklearn": compare}[command](directory)

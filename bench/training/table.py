"""Assembles bench/training/run's JSON lines into a Markdown table.

Per case and side: the best (lowest) median over the rounds, and the fastest single iteration of any round,
whose ratio is a cross-check that background load disturbs less.
"""
import json
import sys

GOAL_CASE, GOAL_RATIO = "basenet-train", 0.8


def main(path):
    results = {}
    with open(path) as lines:
        for line in lines:
            result = json.loads(line)
            results.setdefault(result["case"], {}).setdefault(result["impl"], []).append(result)
    print("| case | Fovea ms | PyTorch ms | Fovea/PyTorch | same, fastest iterations | Fovea peak RSS MB | PyTorch peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ratios = {}
    for case, sides in results.items():
        if "fovea" not in sides or "pytorch" not in sides:
            continue
        fovea, torch = best(sides["fovea"]), best(sides["pytorch"])
        ratios[case] = fovea["median_ms"] / torch["median_ms"]
        fastest = min(r["min_ms"] for r in sides["fovea"]) / min(r["min_ms"] for r in sides["pytorch"])
        print(f"| {case} | {fovea['median_ms']:.2f} | {torch['median_ms']:.2f} | {ratios[case]:.2f} | {fastest:.2f} "
              f"| {megabytes(fovea)} | {megabytes(torch)} |")
    if GOAL_CASE in ratios:
        verdict = "met" if ratios[GOAL_CASE] <= GOAL_RATIO else "not met"
        print(f"\nGoal {GOAL_CASE} ≤ {GOAL_RATIO}× PyTorch: {verdict} ({ratios[GOAL_CASE]:.2f}×). "
              "Ratios below 1 favour Fovea.")


def best(runs):
    return min(runs, key=lambda run: run["median_ms"])


def megabytes(result):
    rss = result.get("peak_rss_kb")
    return "–" if rss is None else f"{rss / 1024:.0f}"


if __name__ == "__main__":
    main(sys.argv[1])

"""Prints bench/evaluate's result: both sides' best wall time, their ratio, and how far their metrics differ."""
import json
import sys

fovea = json.load(open(sys.argv[1]))
reference = json.load(open(sys.argv[2]))
fovea_times = [float(t) for t in sys.argv[3].split()]
reference_times = [float(t) for t in sys.argv[4].split()]

print(f"Fovea `fovea evaluate` wall seconds: {' '.join(f'{t:.2f}' for t in fovea_times)} (best {min(fovea_times):.2f})")
print(f"PyTorch + scikit-learn wall seconds: {' '.join(f'{t:.2f}' for t in reference_times)} "
      f"(best {min(reference_times):.2f})")
print(f"Fovea / reference: {min(fovea_times) / min(reference_times):.2f}")

differences = {
    name: abs(fovea[name] - reference[name])
    for name in ("accuracy", "balancedAccuracy", "cohenKappa", "loss", "rocAUC", "averagePrecision",
                 "expectedCalibrationError")
}
differences["top5"] = abs(fovea["topKAccuracy"]["top5"] - reference["topKAccuracy"]["top5"])
for key in ("precision", "recall", "f1"):
    differences[key] = max(abs(row[key] - value) for row, value in zip(fovea["perClass"], reference[key]))
print(f"accuracy {fovea['accuracy']:.4f} (reference {reference['accuracy']:.4f}); "
      f"same confusion matrix: {fovea['confusion'] == reference['confusion']}; "
      f"same top losses: {[s['index'] for s in fovea['topLosses']] == reference['topLosses']}")
print("largest metric differences: " + ", ".join(f"{k} {v:.1e}" for k, v in differences.items()))

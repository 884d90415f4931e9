"""The PyTorch + scikit-learn side of bench/evaluate: evaluate a Fovea run's convnet-bn, basenet or resnet-small
on Fashion-MNIST's test set and write the metrics that `fovea evaluate` computes, as JSON.

    /usr/bin/python3 bench/evaluate/reference.py RUN OUT.json
Threads: torch.set_num_threads(os.cpu_count()), as Fovea.
"""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
from sklearn import metrics

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "training"))
import reference as networks  # noqa: E402  (the layer-for-layer PyTorch twins of Fovea's seed nets)


def read_safetensors(path):
    """The tensors of a safetensors file (little-endian float32 / int64 only, as Fovea writes weights)."""
    with open(path, "rb") as handle:
        length = struct.unpack("<Q", handle.read(8))[0]
        header = json.loads(handle.read(length))
        data = handle.read()
    types = {"F32": np.float32, "I64": np.int64}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype=types[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def read_idx(path):
    with gzip.open(path, "rb") as handle:
        _, _, kind, rank = struct.unpack(">BBBB", handle.read(4))
        shape = struct.unpack(">" + "I" * rank, handle.read(4 * rank))
        return np.frombuffer(handle.read(), dtype=np.uint8).reshape(shape)


def main(run, out):
    torch.set_num_threads(os.cpu_count())
    with open(os.path.join(run, "config.json")) as handle:
        config = json.load(handle)
    builders = {"convnet-bn": networks.improved_net_bn, "basenet": networks.base_net}
    model = builders[config["architecture"]](1, 28)
    model.load_state_dict(read_safetensors(os.path.join(run, "weights.safetensors")))
    model.eval()

    folder = config["data"]
    images = read_idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    mean, std = config["normalization"]["mean"][0], config["normalization"]["std"][0]
    pixels = (torch.from_numpy(images.copy()).float().unsqueeze(1) / 255 - mean) / std
    with torch.no_grad():
        logits = torch.cat([model(batch) for batch in pixels.split(256)]).double()
    log_probabilities = torch.log_softmax(logits, dim=1)
    probabilities = log_probabilities.exp().numpy()
    losses = -log_probabilities[torch.arange(len(labels)), torch.from_numpy(labels)].numpy()
    predicted = probabilities.argmax(axis=1)
    classes = len(config["classes"])

    precision, recall, f1, support = metrics.precision_recall_fscore_support(labels, predicted, zero_division=0)
    onehot = np.eye(classes)[labels]
    confidence = probabilities.max(axis=1)
    bins = np.minimum(np.ceil(confidence * 15).astype(int) - 1, 14).clip(0)
    ece = sum(abs((predicted[bins == b] == labels[bins == b]).mean() - confidence[bins == b].mean()) * (bins == b).sum()
              for b in range(15) if (bins == b).any()) / len(labels)
    result = {
        "count": int(len(labels)),
        "accuracy": metrics.accuracy_score(labels, predicted),
        "balancedAccuracy": metrics.balanced_accuracy_score(labels, predicted),
        "cohenKappa": metrics.cohen_kappa_score(labels, predicted),
        "loss": float(losses.mean()),
        "logLoss": metrics.log_loss(labels, probabilities),
        "topKAccuracy": {f"top{k}": metrics.top_k_accuracy_score(labels, probabilities, k=k) for k in (3, 5)},
        "rocAUC": metrics.roc_auc_score(labels, probabilities, multi_class="ovr"),
        "averagePrecision": metrics.average_precision_score(onehot, probabilities),
        "expectedCalibrationError": float(ece),
        "precision": precision.tolist(), "recall": recall.tolist(), "f1": f1.tolist(), "support": support.tolist(),
        "confusion": metrics.confusion_matrix(labels, predicted).tolist(),
        "topLosses": np.argsort(-losses, kind="stable")[:16].tolist(),
    }
    with open(out, "w") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

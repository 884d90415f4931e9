"""The reference side of bench/serve/compare: a Flask + PyTorch server for a Fovea run, written the way a student's
deployment of a course model usually is, and a check that it answers as `fovea serve` does.

Serve (one model per gunicorn worker, each worker one torch thread):
    FOVEA_RUN=runs/bench-serve /usr/bin/python3 -m gunicorn --chdir bench/serve -w $(nproc) -b 127.0.0.1:18081 \
        flask_reference:app
Check that two servers agree (same top label, probabilities of the same labels within --tolerance):
    /usr/bin/python3 bench/serve/flask_reference.py check FOVEA_URL FLASK_URL IMAGE.png...

Endpoints: POST /v1/predict (body: the encoded image; ?k= as fovea, default 5) answers
{"labels": [{"label", "probability"}], "model"}; GET /healthz; GET /v1/setup describes this worker.

Decoding: PIL opens the upload, converts it to L or RGB as the run's input channels, resizes it to the input size
(PIL's default filter; an image already at the input size, as the Fashion-MNIST PNGs of the benchmark, is left as is),
then uint8 HWC -> float32 CHW in [0, 1] -> (x - mean) / std with the run's normalisation. One image per request,
under torch.no_grad(). Fovea scales the shorter side and centre-crops instead of resizing, so the two agree only on
images at the input size (the check uses such images).
"""
import importlib.util
import io
import json
import os
import struct
import sys
import urllib.request

import numpy as np
import torch
from flask import Flask, jsonify, request
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def load_networks():
    """bench/training/reference.py, the layer-for-layer PyTorch twins of Fovea's seed nets (loaded by path: the
    benches each have a module named `reference`)."""
    path = os.path.join(HERE, "..", "training", "reference.py")
    spec = importlib.util.spec_from_file_location("fovea_bench_networks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def safetensors_state(path):
    """A safetensors file as a state_dict (float32 and int64 entries, as Fovea writes them)."""
    with open(path, "rb") as handle:
        size = struct.unpack("<Q", handle.read(8))[0]
        header = json.loads(handle.read(size))
        payload = handle.read()
    dtypes = {"F32": np.dtype("<f4"), "I64": np.dtype("<i8")}
    state = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        first, last = entry["data_offsets"]
        values = np.frombuffer(payload, dtype=dtypes[entry["dtype"]], count=(last - first) // dtypes[entry["dtype"]].itemsize,
                               offset=first)
        state[name] = torch.from_numpy(values.reshape(entry["shape"]).copy())
    return state


class Classifier:
    """A run's model, normalisation and classes."""

    def __init__(self, run):
        with open(os.path.join(run, "config.json")) as handle:
            config = json.load(handle)
        networks = load_networks()
        networks.CLASSES = len(config["classes"])
        builders = {"basenet": networks.base_net, "convnet-bn": networks.improved_net_bn}
        if config["architecture"] not in builders:
            raise SystemExit(f"flask_reference: no PyTorch twin of architecture {config['architecture']!r}")
        spec = config["input"]
        self.channels, self.height, self.width = spec["channels"], spec["height"], spec["width"]
        if self.height != self.width:
            raise SystemExit("flask_reference: the seed nets take square inputs")
        self.model = builders[config["architecture"]](self.channels, self.height)
        self.model.load_state_dict(safetensors_state(os.path.join(run, "weights.safetensors")))
        self.model.eval()
        self.mean = torch.tensor(config["normalization"]["mean"], dtype=torch.float32).view(-1, 1, 1)
        self.std = torch.tensor(config["normalization"]["std"], dtype=torch.float32).view(-1, 1, 1)
        self.classes = config["classes"]
        self.name = os.path.basename(os.path.normpath(run))
        self.architecture = config["architecture"]

    def tensor(self, encoded):
        image = Image.open(io.BytesIO(encoded))
        image = image.convert("L" if self.channels == 1 else "RGB")
        if image.size != (self.width, self.height):
            image = image.resize((self.width, self.height))
        pixels = np.asarray(image, dtype=np.uint8).reshape(self.height, self.width, self.channels)
        chw = torch.from_numpy(pixels.copy()).permute(2, 0, 1).float() / 255
        return (chw - self.mean) / self.std

    def top(self, encoded, k):
        x = self.tensor(encoded).unsqueeze(0)
        with torch.no_grad():
            probabilities = torch.softmax(self.model(x), dim=1)[0]
        values, indices = probabilities.topk(min(k, len(self.classes)))
        return [{"label": self.classes[i], "probability": float(p)} for p, i in zip(values.tolist(), indices.tolist())]


def create_app(run):
    torch.set_num_threads(int(os.environ.get("FLASK_TORCH_THREADS", "1")))
    classifier = Classifier(run)
    app = Flask(__name__)
    print(f"flask_reference: worker {os.getpid()} loaded {run} ({classifier.architecture}), "
          f"torch {torch.__version__}, torch.get_num_threads() = {torch.get_num_threads()}", file=sys.stderr, flush=True)

    @app.get("/healthz")
    def healthz():
        return "ok\n"

    @app.get("/v1/setup")
    def setup():
        return jsonify(pid=os.getpid(), torch=torch.__version__, threads=torch.get_num_threads(),
                       interop_threads=torch.get_num_interop_threads(), model=classifier.name,
                       architecture=classifier.architecture)

    @app.post("/v1/predict")
    def predict():
        try:
            k = int(request.args.get("k", "5"))
            if k <= 0:
                raise ValueError
        except ValueError:
            return jsonify(error="k must be a positive whole number"), 400
        try:
            labels = classifier.top(request.get_data(), k)
        except Exception as error:  # PIL raises UnidentifiedImageError, OSError, ValueError, ...
            return jsonify(error=f"not a readable image: {error}"), 415
        return jsonify(labels=labels, model=classifier.name)

    return app


def post(url, path):
    with open(path, "rb") as handle:
        body = handle.read()
    request = urllib.request.Request(url.rstrip("/") + "/v1/predict", data=body, headers={"Content-Type": "image/png"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["labels"]


def check(fovea_url, flask_url, images, tolerance=1e-4):
    """Fails (exit 1) unless both servers give each image the same top label and the same probabilities (within
    `tolerance`) for the labels of their top 5."""
    worst = 0.0
    failures = []
    for path in images:
        ours, theirs = post(fovea_url, path), post(flask_url, path)
        a = {entry["label"]: entry["probability"] for entry in ours}
        b = {entry["label"]: entry["probability"] for entry in theirs}
        difference = max(abs(a[label] - b[label]) for label in a if label in b) if set(a) & set(b) else float("inf")
        same_top = ours[0]["label"] == theirs[0]["label"]
        same_set = set(a) == set(b)
        worst = max(worst, difference)
        print(f"  {os.path.basename(path)}: fovea {ours[0]['label']} {ours[0]['probability']:.6f}, "
              f"flask {theirs[0]['label']} {theirs[0]['probability']:.6f}, largest top-5 difference {difference:.2e}")
        if not same_set:
            print(f"    (top-5 label sets differ: {sorted(set(a) ^ set(b))})")
        if not same_top or difference > tolerance:
            failures.append(os.path.basename(path))
    if failures:
        print(f"MISMATCH: fovea serve and the Flask reference disagree on {', '.join(failures)} "
              f"(tolerance {tolerance:g})", file=sys.stderr)
        sys.exit(1)
    print(f"  agreement: same top label on all {len(images)} images, largest probability difference {worst:.2e} "
          f"(tolerance {tolerance:g})")


if __name__ == "__main__" and len(sys.argv) >= 2 and sys.argv[1] == "check":
    if len(sys.argv) < 5:
        raise SystemExit("usage: flask_reference.py check FOVEA_URL FLASK_URL IMAGE...")
    check(sys.argv[2], sys.argv[3], sys.argv[4:])
elif __name__ != "__main__":
    if "FOVEA_RUN" in os.environ:
        app = create_app(os.environ["FOVEA_RUN"])

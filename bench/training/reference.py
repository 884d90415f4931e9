"""PyTorch side of Fovea's benchmark: the same cases as fovea-bench, with the networks rebuilt layer for layer.

Run with Debian's interpreter, which has torch 1.13 over the same libtorch as Fovea:
    /usr/bin/python3 bench/training/reference.py CASE --threads N
Prints one JSON line. BENCH_WARMUP and BENCH_ITERATIONS set the counts, as for fovea-bench.
"""
import argparse
import json
import os
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F

CLASSES = 10


def base_net(channels, size):
    """SeedNets.baseNet: conv5(6)-pool-conv5(16)-pool-fc50-fc."""
    side = ((size - 4) // 2 - 4) // 2
    return nn.Sequential(
        nn.Conv2d(channels, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * side * side, 50), nn.ReLU(),
        nn.Linear(50, CLASSES))


def improved_net_bn(channels, size):
    """SeedNets.improvedNet with batch norm before each ReLU (convnet-bn)."""
    def convolution(inputs, outputs, same):
        return [nn.Conv2d(inputs, outputs, 3, padding=1 if same else 0, bias=False), nn.BatchNorm2d(outputs), nn.ReLU()]
    side = ((size - 2) // 2 - 2) // 2
    return nn.Sequential(
        *convolution(channels, 32, True), *convolution(32, 32, False), nn.MaxPool2d(2), nn.Dropout(0.25),
        *convolution(32, 64, True), *convolution(64, 64, False), nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
        nn.Linear(64 * side * side, 512), nn.ReLU(), nn.Dropout(0.5), nn.Linear(512, CLASSES))


class BasicBlock(nn.Module):
    """FoveaModels.BasicBlock: two 3×3 convolutions with batch norm, 1×1 shortcut when the shape changes."""

    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, outputs, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs)
        self.conv2 = nn.Conv2d(outputs, outputs, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs)
        self.downsample = None
        if stride != 1 or inputs != outputs:
            self.downsample = nn.Sequential(nn.Conv2d(inputs, outputs, 1, stride=stride, bias=False), nn.BatchNorm2d(outputs))

    def forward(self, x):
        residual = self.bn2(self.conv2(self.bn1(self.conv1(x)).relu()))
        shortcut = x if self.downsample is None else self.downsample(x)
        return (residual + shortcut).relu()


class SmallResNet(nn.Module):
    """FoveaModels.SmallResNet: 3×3 stem, stages of two basic blocks (32, 64, 128), global pooling, linear."""

    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.layer1 = nn.Sequential(BasicBlock(32, 32, 1), BasicBlock(32, 32, 1))
        self.layer2 = nn.Sequential(BasicBlock(32, 64, 2), BasicBlock(64, 64, 1))
        self.layer3 = nn.Sequential(BasicBlock(64, 128, 2), BasicBlock(128, 128, 1))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(128, CLASSES)
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        stem = self.bn1(self.conv1(x)).relu()
        features = self.layer3(self.layer2(self.layer1(stem)))
        return self.fc(self.pool(features).flatten(1))


# name: (builder, channels, size, batch), as Workload.all in fovea-bench.
WORKLOADS = {
    "basenet": (lambda: base_net(3, 32), 3, 32, 64),
    "convnet-bn": (lambda: improved_net_bn(1, 28), 1, 28, 128),
    "resnet-small": (lambda: SmallResNet(3), 3, 32, 64),
}


def workload(name):
    build, channels, size, batch = WORKLOADS[name]
    model = build()
    images = torch.randn(batch, channels, size, size)
    labels = torch.randint(0, CLASSES, (batch,))
    return model, images, labels


def training_step(name):
    """Forward, cross-entropy, zero_grad(set_to_none=True) as Fovea's zeroGrad, backward, Adam step."""
    model, images, labels = workload(name)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def body():
        loss = F.cross_entropy(model(images), labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return body


def inference(name):
    model, images, _ = workload(name)
    model.eval()

    def body():
        with torch.no_grad():
            model(images)
    return body


def dispatch():
    """1,000 additions of one-element tensors: the fixed cost of one operator call."""
    a, b = torch.zeros(1), torch.ones(1)

    def body():
        for _ in range(1000):
            a + b
    return body


def benchmark_body(name):
    torch.manual_seed(0)
    if name == "dispatch":
        return dispatch()
    for mode, make in (("train", training_step), ("infer", inference)):
        suffix = "-" + mode
        if name.endswith(suffix) and name[:-len(suffix)] in WORKLOADS:
            return make(name[:-len(suffix)])
    raise SystemExit(f"reference.py: unknown case '{name}'")


def peak_rss_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case")
    parser.add_argument("--threads", type=int, required=True, help="torch.set_num_threads, equal to Fovea's")
    options = parser.parse_args()
    torch.set_num_threads(options.threads)
    warmup = int(os.environ.get("BENCH_WARMUP", 5))
    iterations = max(1, int(os.environ.get("BENCH_ITERATIONS", 20)))
    body = benchmark_body(options.case)
    for _ in range(warmup):
        body()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1e3)
    print(json.dumps({
        "impl": "pytorch", "case": options.case, "threads": torch.get_num_threads(), "warmup": warmup,
        "iterations": iterations, "median_ms": statistics.median(times), "min_ms": min(times),
        "peak_rss_kb": peak_rss_kb(), "torch": torch.__version__,
    }, sort_keys=True))


if __name__ == "__main__":
    main()

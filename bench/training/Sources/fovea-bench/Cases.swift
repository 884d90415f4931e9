import FoveaModels
import FoveaNN
import FoveaOptim
import FoveaTensor

/// A network at the input size and batch it is benchmarked at.
struct Workload {
    let architecture: String
    let input: InputSpec
    let batch: Int
    let classes = 10

    static let all: [String: Workload] = [
        "basenet": Workload(architecture: "basenet", input: InputSpec(channels: 3, height: 32, width: 32), batch: 64),
        "convnet-bn": Workload(architecture: "convnet-bn", input: InputSpec(channels: 1, height: 28, width: 28), batch: 128),
        "resnet-small": Workload(architecture: "resnet-small", input: InputSpec(channels: 3, height: 32, width: 32), batch: 64),
    ]
}

/// The body timed for a case name: "<workload>-train", "<workload>-infer", or "dispatch".
/// Inputs and weights are drawn from libtorch's generator after seeding it with 0.
func benchmarkBody(for name: String) throws -> () throws -> Void {
    try Random.seed(0)
    if name == "dispatch" { return try dispatch() }
    for mode in ["train", "infer"] where name.hasSuffix("-\(mode)") {
        guard let workload = Workload.all[String(name.dropLast(mode.count + 1))] else { break }
        return mode == "train" ? try trainingStep(workload) : try inference(workload)
    }
    throw TorchError("unknown case '\(name)'; cases are dispatch and <\(Workload.all.keys.sorted().joined(separator: "|"))>-<train|infer>")
}

private func model(_ workload: Workload) throws -> (any Module, images: Tensor, labels: Tensor) {
    let model = try Architectures.named(workload.architecture).build(workload.input, workload.classes)
    let spec = workload.input
    let images = try Tensor.randomNormal([workload.batch, spec.channels, spec.height, spec.width])
    let labels = try Tensor.randomIntegers([workload.batch], high: workload.classes)
    return (model, images, labels)
}

/// Forward, cross-entropy, zero_grad (to None), backward, Adam step: one iteration of `Learner`'s loop.
private func trainingStep(_ workload: Workload) throws -> () throws -> Void {
    let (model, images, labels) = try model(workload)
    model.setTraining(true)
    let optimizer = try Adam(parameters: model.parameters, learningRate: 1e-3)
    return {
        let loss = try model(images).crossEntropy(target: labels)
        try optimizer.zeroGrad()
        try loss.backward()
        try optimizer.step()
    }
}

/// One forward pass in evaluation mode without autograd.
private func inference(_ workload: Workload) throws -> () throws -> Void {
    let (model, images, _) = try model(workload)
    model.setTraining(false)
    return { _ = try withNoGrad { try model(images) } }
}

/// The fixed cost of one operator call: 1,000 additions of one-element tensors.
private func dispatch() throws -> () throws -> Void {
    let a = try Tensor.zeros([1]), b = try Tensor.ones([1])
    return {
        for _ in 0..<1000 { _ = try a + b }
    }
}

import FoveaTensor

/// A 2-D convolution padded like TensorFlow's `padding="SAME"`: the output is ⌈input / stride⌉ pixels on each side,
/// and when the padding needed is odd the extra row and column go at the bottom and right.
///
/// PyTorch's `Conv2d` pads symmetrically, so a stride-2 convolution of an even-sized input lands half a pixel away
/// from the TensorFlow one; networks converted from TensorFlow (EfficientNet-Lite) need this layer instead.
/// The padding is worked out from each input's size. Parameters and their names are those of `nn.Conv2d`
/// (`weight` (out, in/groups, kH, kW) and `bias` (out)), with PyTorch's default initialisation.
public final class SamePaddedConv2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let kernelSize: Int
    public let stride: Int
    public let dilation: Int
    public let groups: Int

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, dilation: Int = 1, groups: Int = 1,
        bias: Bool = true
    ) throws {
        guard kernelSize > 0, stride > 0, dilation > 0 else {
            throw TorchError("SamePaddedConv2d: kernel \(kernelSize), stride \(stride), dilation \(dilation) must be positive")
        }
        let standard = try Conv2d(
            inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize, stride: stride,
            padding: 0, dilation: dilation, groups: groups, bias: bias)
        weight = standard.weight
        self.bias = standard.bias
        self.kernelSize = kernelSize
        self.stride = stride
        self.dilation = dilation
        self.groups = groups
    }

    /// The zeros added before and after one spatial dimension of `length` pixels.
    public func padding(forLength length: Int) -> (before: Int, after: Int) {
        let outputLength = (length + stride - 1) / stride
        let total = Swift.max((outputLength - 1) * stride + (kernelSize - 1) * dilation + 1 - length, 0)
        return (total / 2, total - total / 2)
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        guard input.rank == 4 else {
            throw TorchError("SamePaddedConv2d expects NCHW input, got shape \(input.shape)")
        }
        let vertical = padding(forLength: try input.size(2))
        let horizontal = padding(forLength: try input.size(3))
        let convolve = { (padded: Tensor, padding: [Int]) throws -> Tensor in
            try padded.conv2d(
                weight: self.weight, bias: self.bias, stride: [self.stride, self.stride], padding: padding,
                dilation: [self.dilation, self.dilation], groups: self.groups)
        }
        if vertical.before == vertical.after && horizontal.before == horizontal.after {
            return try convolve(input, [vertical.before, horizontal.before])
        }
        let padded = try Tensor.call1(
            "aten::constant_pad_nd",
            [.tensor(input), .ints([horizontal.before, horizontal.after, vertical.before, vertical.after]), .double(0)])
        return try convolve(padded, [0, 0])
    }

    public var localParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}

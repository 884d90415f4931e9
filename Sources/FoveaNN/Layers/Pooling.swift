import FoveaTensor

/// `nn.MaxPool2d`; the stride defaults to the kernel size.
public final class MaxPool2d: Module {
    public let kernelSize: Int, stride: Int, padding: Int, ceilMode: Bool

    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.ceilMode = ceilMode
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try input.maxPool2d(
            kernelSize: [kernelSize, kernelSize], stride: [stride, stride], padding: [padding, padding], ceilMode: ceilMode)
    }
}

/// `nn.AvgPool2d`; the stride defaults to the kernel size.
public final class AvgPool2d: Module {
    public let kernelSize: Int, stride: Int, padding: Int

    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try input.avgPool2d(kernelSize: [kernelSize, kernelSize], stride: [stride, stride], padding: [padding, padding])
    }
}

/// `nn.AdaptiveAvgPool2d`: averages each channel down to `outputSize` (1×1 is global average pooling).
public final class AdaptiveAvgPool2d: Module {
    public let outputSize: [Int]

    public init(outputSize: Int = 1) { self.outputSize = [outputSize, outputSize] }

    public func forward(_ input: Tensor) throws -> Tensor {
        try input.adaptiveAvgPool2d(outputSize: outputSize)
    }
}

/// `nn.AdaptiveMaxPool2d`.
public final class AdaptiveMaxPool2d: Module {
    public let outputSize: [Int]

    public init(outputSize: Int = 1) { self.outputSize = [outputSize, outputSize] }

    public func forward(_ input: Tensor) throws -> Tensor {
        try input.adaptiveMaxPool2d(outputSize: outputSize)
    }
}

/// Flattens dimensions `start...end` into one (`nn.Flatten`, default from 1).
public final class Flatten: Module {
    public let start: Int, end: Int

    public init(start: Int = 1, end: Int = -1) {
        self.start = start
        self.end = end
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try input.flattened(from: start, to: end)
    }
}

/// Passes its input through (`nn.Identity`), e.g. to remove a head.
public final class Identity: Module {
    public init() {}
    public func forward(_ input: Tensor) throws -> Tensor { input }
}

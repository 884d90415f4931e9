import Foundation
import FoveaImage

/// The 64-bit DCT perceptual hash, bit for bit as the Python package `imagehash` computes `phash(image)`:
/// PIL's 8-bit luma ("L", alpha ignored), resized to 32 × 32 with PIL's Lanczos filter, a 2-D DCT-II, its
/// top-left 8 × 8 block compared with that block's median. Bit 63 is the block's [0][0] entry, rows first, so
/// ``hexadecimal(_:)`` prints what `str(imagehash.phash(...))` prints.
///
/// Photos that look the same have hashes a few bits apart (``distance(_:_:)``); unrelated photos, about half
/// of the 64 bits.
public enum PerceptualHash {
    /// The side the image is resized to: hash size 8 times imagehash's high-frequency factor 4.
    static let side = 32

    /// The hash of a decoded image (1, 3 or 4 channels; a fourth channel, alpha, is ignored as PIL's `convert("L")`
    /// ignores it).
    public static func of(_ image: Image) -> UInt64 {
        of(luma: luma(of: image), width: image.width, height: image.height)
    }

    /// The hash of 8-bit luma samples, `width * height` of them, rows first.
    public static func of(luma: [UInt8], width: Int, height: Int) -> UInt64 {
        let small = LanczosResampler.resized(luma, width: width, height: height, to: side, side)
        // DCT-II (scipy.fftpack's, up to a constant factor that the median comparison ignores) of the 32 × 32
        // samples, only for the 8 × 8 lowest frequencies: first along columns (axis 0), then rows.
        var block = [Double](repeating: 0, count: 64)
        for u in 0..<8 {
            for v in 0..<8 {
                var sum = 0.0
                for y in 0..<side {
                    var row = 0.0
                    for x in 0..<side { row += Double(small[y * side + x]) * cosines[v * side + x] }
                    sum += row * cosines[u * side + y]
                }
                block[u * 8 + v] = sum
            }
        }
        let sorted = block.sorted()
        let median = (sorted[31] + sorted[32]) / 2
        var hash: UInt64 = 0
        for value in block { hash = hash << 1 | (value > median ? 1 : 0) }
        return hash
    }

    /// How many of the 64 bits differ: imagehash's `hash1 - hash2`.
    public static func distance(_ left: UInt64, _ right: UInt64) -> Int {
        (left ^ right).nonzeroBitCount
    }

    /// 16 lowercase hexadecimal digits, as `str()` of an imagehash hash.
    public static func hexadecimal(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// cos(π k (2n + 1) / 64) for k < 8, n < 32, at `k * 32 + n`.
    private static let cosines: [Double] = (0..<8).flatMap { k in
        (0..<side).map { n in cos(Double.pi * Double(k) * Double(2 * n + 1) / Double(2 * side)) }
    }

    /// PIL's `convert("L")`: ITU-R 601-2 luma in 16-bit fixed point, rounded; alpha ignored.
    static func luma(of image: Image) -> [UInt8] {
        guard image.channels >= 3 else { return image.pixels }
        let channels = image.channels
        let count = image.width * image.height
        return image.pixels.withUnsafeBufferPointer { pixels in
            [UInt8](unsafeUninitializedCapacity: count) { luma, initialized in
                for index in 0..<count {
                    let base = index * channels
                    let weighted =
                        UInt32(pixels[base]) * 19595 + UInt32(pixels[base + 1]) * 38470 + UInt32(pixels[base + 2]) * 7471
                    luma[index] = UInt8(truncatingIfNeeded: (weighted + 0x8000) >> 16)
                }
                initialized = count
            }
        }
    }
}

/// PIL's resampling of 8-bit single-channel images with its Lanczos filter (a = 3): a separable convolution,
/// horizontal pass first, weights normalised per output sample and held in fixed point with 22 fraction bits,
/// each pass rounded and clamped to 0...255. Matching it exactly is what makes the hashes equal imagehash's.
enum LanczosResampler {
    private static let precisionBits = 22

    static func resized(_ samples: [UInt8], width: Int, height: Int, to outputWidth: Int, _ outputHeight: Int)
        -> [UInt8]
    {
        var current = samples
        var currentWidth = width
        // PIL skips a pass whose size does not change.
        if outputWidth != width {
            current = pass(
                current, taps: weights(inputSize: width, outputSize: outputWidth), lines: height, lineStride: width,
                sampleStride: 1, outputLineStride: outputWidth, outputSampleStride: 1)
            currentWidth = outputWidth
        }
        if outputHeight != height {
            current = pass(
                current, taps: weights(inputSize: height, outputSize: outputHeight), lines: currentWidth, lineStride: 1,
                sampleStride: currentWidth, outputLineStride: 1, outputSampleStride: currentWidth)
        }
        return current
    }

    /// One output sample's first input sample and its fixed-point weights (32-bit, as PIL's: with 8-bit samples
    /// and 22 fraction bits no sum overflows).
    struct Taps {
        let first: Int
        let weights: [Int32]
    }

    /// Resamples `lines` lines of `input` along their length: rows, or columns with the strides swapped.
    private static func pass(
        _ input: [UInt8], taps: [Taps], lines: Int, lineStride: Int, sampleStride: Int, outputLineStride: Int,
        outputSampleStride: Int
    ) -> [UInt8] {
        let count = lines * taps.count
        return input.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
                for line in 0..<lines {
                    for (index, tap) in taps.enumerated() {
                        let start = line * lineStride + tap.first * sampleStride
                        let sum = tap.weights.withUnsafeBufferPointer { weights -> Int32 in
                            var sum: Int32 = 1 << (precisionBits - 1)
                            var offset = 0
                            // Contiguous samples (rows) eight at a time; integer sums are exact in any order.
                            if sampleStride == 1, let samples = input.baseAddress, let factors = weights.baseAddress {
                                var vector = SIMD8<Int32>()
                                while offset + 8 <= weights.count {
                                    let eight = UnsafeRawPointer(samples + start + offset)
                                        .loadUnaligned(as: SIMD8<UInt8>.self)
                                    let weight = UnsafeRawPointer(factors + offset).loadUnaligned(as: SIMD8<Int32>.self)
                                    vector &+= SIMD8<Int32>(truncatingIfNeeded: eight) &* weight
                                    offset += 8
                                }
                                sum &+= vector.wrappedSum()
                            }
                            while offset < weights.count {
                                sum &+= Int32(input[start + offset * sampleStride]) &* weights[offset]
                                offset += 1
                            }
                            return sum
                        }
                        let clamped = sum <= 0 ? 0 : min(255, sum >> Int32(precisionBits))
                        output[line * outputLineStride + index * outputSampleStride] = UInt8(clamped)
                    }
                }
                initialized = count
            }
        }
    }

    /// The taps of every output sample when `inputSize` samples become `outputSize`.
    static func weights(inputSize: Int, outputSize: Int) -> [Taps] {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)
        let support = 3 * filterScale
        let inverseScale = 1 / filterScale
        return (0..<outputSize).map { index in
            let center = (Double(index) + 0.5) * scale
            // Int() truncates toward zero, as C's (int) cast does.
            let first = max(Int(center - support + 0.5), 0)
            let end = min(Int(center + support + 0.5), inputSize)
            var raw = (first..<max(first, end)).map { lanczos((Double($0) - center + 0.5) * inverseScale) }
            let total = raw.reduce(0, +)
            if total != 0 { raw = raw.map { $0 / total } }
            let fixed = raw.map { weight in
                let scaled = weight * Double(1 << precisionBits)
                return Int32(scaled < 0 ? scaled - 0.5 : scaled + 0.5)
            }
            return Taps(first: first, weights: fixed)
        }
    }

    private static func lanczos(_ x: Double) -> Double {
        guard -3 <= x, x < 3 else { return 0 }
        return sinc(x) * sinc(x / 3)
    }

    private static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let angle = x * Double.pi
        return sin(angle) / angle
    }
}

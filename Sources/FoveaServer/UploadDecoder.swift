import Dispatch
import Foundation
import FoveaData
import FoveaImage
import FoveaTraining
import Hummingbird
import Synchronization

/// Decodes uploads as the run's training images were decoded, on threads of their own (libvips blocks), at most
/// `decodeConcurrency` at once, each answered within `decodeTimeout`. A decode past its time keeps its slot until
/// libvips returns, so runaway decodes cannot pile up behind the answered requests.
actor UploadDecoder {
    private let configuration: RunConfiguration
    private let options: ServerOptions
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(configuration: RunConfiguration, options: ServerOptions) {
        self.configuration = configuration
        self.options = options
        free = options.decodeConcurrency
    }

    /// CHW uint8 pixels at the run's input size.
    /// - Throws: `APIError` 413 (too many pixels), 415 (not an image), 422 (truncated, corrupt or too slow).
    func pixels(of bytes: [UInt8]) async throws -> [UInt8] {
        if let problem = TruncationCheck.problem(of: bytes) {
            throw APIError(.unprocessableContent, "undecodable image", detail: "upload: truncated image data (\(problem))")
        }
        await acquire()
        let input = configuration.input
        let limits = DecodeOptions.Limits(maxBytes: options.maxRequestBytes, maxPixels: options.maxImagePixels)
        let timeout = options.decodeTimeout
        let once = Mutex(false)
        let started = ContinuousClock.now
        let timedOut = APIError(
            .unprocessableContent, "decode timeout", detail: "decoding the image took longer than \(timeout.timeInterval) s")
        return try await withCheckedThrowingContinuation { continuation in
            // Whichever of the decode and the timer ends first answers; the decode always releases the slot.
            let resume: @Sendable (Result<[UInt8], any Error>) -> Void = { result in
                let first = once.withLock { answered in
                    defer { answered = true }
                    return !answered
                }
                if first { continuation.resume(with: result) }
            }
            DispatchQueue.global().async {
                let result = Result {
                    try ModelInput.pixels(
                        ofEncoded: bytes, size: input.height, channels: input.channels, limits: limits, name: "upload")
                }
                // A decode that ends after its time is a timeout even if the timer has not fired yet.
                resume(ContinuousClock.now - started > timeout ? .failure(timedOut) : result.mapError(Self.apiError))
                Task { await self.release() }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.timeInterval) { resume(.failure(timedOut)) }
        }
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            free += 1
        } else {
            // The slot passes straight to the next waiter.
            waiters.removeFirst().resume()
        }
    }

    /// The HTTP answer to a decoding failure.
    static func apiError(_ error: any Error) -> any Error {
        guard let error = error as? ImageError else { return error }
        switch error.problem {
        case .notAnImage:
            return APIError.unsupportedType("the body is not an image in a format libvips reads: \(error)")
        case .tooManyPixels, .tooLarge:
            return APIError.tooLarge("\(error)")
        case .truncated, .corrupt, .unsupported:
            return APIError(.unprocessableContent, "undecodable image", detail: "\(error)")
        case .unreadable, .invalidArgument, .unwritable:
            return error
        }
    }
}

extension Duration {
    /// Seconds, as Dispatch takes them.
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

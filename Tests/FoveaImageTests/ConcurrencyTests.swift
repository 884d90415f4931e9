import Foundation
import Testing

@testable import FoveaImage

extension FoveaImageTests {
    @Suite("Decoding from many threads")
    struct ConcurrencyTests {
        static let jobs: [(file: String, options: DecodeOptions)] = [
            ("large.jpg", DecodeOptions(size: .coverCrop(64))),
            ("large.jpg", DecodeOptions()),
            ("photo.png", DecodeOptions(colorMode: .gray)),
            ("alpha.png", DecodeOptions(size: .fitInside(30))),
            ("orientation6.jpg", DecodeOptions()),
            ("cmyk.jpg", DecodeOptions(size: .exact(width: 20, height: 30))),
            ("rgb16.png", DecodeOptions()),
        ]

        /// Results of all threads, guarded by a lock.
        final class Results: @unchecked Sendable {
            private let lock = NSLock()
            private var images: [Int: [Image]] = [:]
            private var errors: [String] = []

            func add(_ image: Image, job: Int) {
                lock.withLock { images[job, default: []].append(image) }
            }

            func add(problem: String) {
                lock.withLock { errors.append(problem) }
            }

            var snapshot: (images: [Int: [Image]], errors: [String]) {
                lock.withLock { (images, errors) }
            }
        }

        @Test func concurrentDecodesEqualSerialDecodes() throws {
            let urls = try Self.jobs.map { try Fixtures.url($0.file) }
            let serial = try Self.jobs.indices.map {
                try Image.decode(contentsOf: urls[$0], options: Self.jobs[$0].options)
            }
            let results = Results()
            let threadCount = 8
            let rounds = 4
            let group = DispatchGroup()
            for thread in 0..<threadCount {
                group.enter()
                Thread {
                    defer { group.leave() }
                    for round in 0..<rounds {
                        // Each thread walks the jobs from a different start.
                        for step in Self.jobs.indices {
                            let job = (step + thread + round) % Self.jobs.count
                            do {
                                let options = Self.jobs[job].options
                                results.add(try Image.decode(contentsOf: urls[job], options: options), job: job)
                            } catch {
                                results.add(problem: "\(error)")
                            }
                        }
                    }
                }.start()
            }
            #expect(group.wait(timeout: .now() + 120) == .success)
            let (images, errors) = results.snapshot
            #expect(errors.isEmpty, "\(errors)")
            for job in Self.jobs.indices {
                #expect(images[job]?.count == threadCount * rounds)
                #expect(images[job]?.allSatisfy { $0 == serial[job] } == true, "job \(job) differs across threads")
            }
        }

        @Test func concurrentFailuresEachNameTheirOwnFile() throws {
            let names = ["truncated.jpg", "not-an-image.txt", "huge-declared.png", "empty.png"]
            let urls = try names.map { try Fixtures.url($0) }
            let results = Results()
            let group = DispatchGroup()
            for thread in 0..<8 {
                group.enter()
                Thread {
                    defer { group.leave() }
                    for round in 0..<10 {
                        let url = urls[(thread + round) % urls.count]
                        do {
                            _ = try Image.decode(contentsOf: url)
                            results.add(problem: "\(url.lastPathComponent) decoded")
                        } catch let error as ImageError where error.source == url.path {
                            continue
                        } catch {
                            results.add(problem: "\(url.lastPathComponent): \(error)")
                        }
                    }
                }.start()
            }
            #expect(group.wait(timeout: .now() + 120) == .success)
            #expect(results.snapshot.errors.isEmpty, "\(results.snapshot.errors)")
        }

        @Test func decodingReleasesEverything() throws {
            let urls = try Self.jobs.map { try Fixtures.url($0.file) }
            let bad = try ["truncated-half.png", "truncated.jpg", "huge-declared.png"].map { try Fixtures.url($0) }
            func decodeAll() {
                for (index, url) in urls.enumerated() {
                    _ = try? Image.decode(contentsOf: url, options: Self.jobs[index].options)
                    _ = try? Image.decode(bytes: Data(contentsOf: url), options: Self.jobs[index].options)
                }
                for url in bad {
                    _ = try? Image.decode(contentsOf: url)
                }
            }
            decodeAll()
            let before = VipsResources.current()
            for _ in 0..<10 {
                decodeAll()
            }
            // A leaked image keeps its buffers and file open, so the counts
            // would grow with every round. Tests in other modules may be
            // decoding right now: give their transient use time to end.
            var after = VipsResources.current()
            for _ in 0..<100 where !after.isWithin(before) {
                Thread.sleep(forTimeInterval: 0.02)
                after = VipsResources.current()
            }
            #expect(after.isWithin(before), "before \(before), after \(after)")
        }
    }
}

extension VipsResources {
    /// Whether every count is at most `other`'s.
    func isWithin(_ other: VipsResources) -> Bool {
        bytes <= other.bytes && allocations <= other.allocations && files <= other.files
    }
}

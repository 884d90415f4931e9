import Foundation
import FoveaTensor

/// One epoch's results, as written to the run's history.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    public var learningRate: Double
    public var seconds: Double
}

extension EpochRecord {
    /// The names the logs use for the record's values, in column order.
    public static let fieldNames = [
        "epoch", "train_loss", "train_accuracy", "valid_loss", "valid_accuracy", "learning_rate", "seconds",
    ]

    /// The record's values in ``fieldNames`` order (nil: no validation set).
    public var fieldValues: [Double?] {
        [Double(epoch), trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate, seconds]
    }

    /// The record's finite values and `extra` as one JSON object with sorted keys.
    func jsonLine(extra: [String: Any] = [:]) -> String {
        var object = extra
        for (name, value) in zip(Self.fieldNames, fieldValues) {
            // JSON has no NaN or infinity: such a value is left out.
            guard let value, value.isFinite else { continue }
            object[name] = name == "epoch" ? epoch as Any : value as Any
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Loss and accuracy accumulated over batches.
struct RunningScore: Codable {
    var lossSum = 0.0
    var correct = 0
    var count = 0

    mutating func add(loss: Double, logits: Tensor, labels: Tensor) throws {
        let batch = labels.shape.first ?? 0
        lossSum += loss * Double(batch)
        correct += Int(try logits.argmax(dim: 1).equal(labels).sum().scalar(Int64.self))
        count += batch
    }

    var loss: Double { count > 0 ? lossSum / Double(count) : .nan }
    var accuracy: Double { count > 0 ? Double(correct) / Double(count) : .nan }
}

/// A model's results on a labelled set.
public struct Evaluation: Codable, Sendable {
    public var classes: [String]
    public var count: Int
    public var loss: Double
    public var accuracy: Double
    /// `confusion[true][predicted]` counts.
    public var confusion: [[Int]]

    /// Recall of each class (the diagonal over the row sums); nil for a class with no samples.
    public var perClassAccuracy: [Double?] {
        confusion.enumerated().map { index, row in
            let total = row.reduce(0, +)
            return total > 0 ? Double(row[index]) / Double(total) : nil
        }
    }

    /// The `limit` most frequent (true, predicted) confusions.
    public func mostConfused(limit: Int = 5) -> [(actual: String, predicted: String, count: Int)] {
        var pairs: [(String, String, Int)] = []
        for (actual, row) in confusion.enumerated() {
            for (predicted, count) in row.enumerated() where actual != predicted && count > 0 {
                pairs.append((classes[actual], classes[predicted], count))
            }
        }
        return Array(pairs.sorted { $0.2 > $1.2 }.prefix(limit))
    }
}

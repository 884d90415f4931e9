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

/// Loss and accuracy accumulated over batches.
struct RunningScore {
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

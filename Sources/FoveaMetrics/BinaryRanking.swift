/// The cumulative true- and false-positive counts of a binary problem at each distinct score, highest first
/// (scikit-learn's `_binary_clf_curve`): all samples of one score cross the threshold together.
struct BinaryRanking {
    /// Positives with a score at or above each distinct threshold.
    let truePositives: [Double]
    /// Negatives with a score at or above each distinct threshold.
    let falsePositives: [Double]
    /// The distinct scores, highest first.
    let thresholds: [Double]

    init(isPositive: [Bool], scores: [Double]) {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var truePositives: [Double] = [], falsePositives: [Double] = [], thresholds: [Double] = []
        var positives = 0.0, negatives = 0.0
        for (position, sample) in order.enumerated() {
            if isPositive[sample] { positives += 1 } else { negatives += 1 }
            let isLastOfScore = position == order.count - 1 || scores[order[position + 1]] != scores[sample]
            if isLastOfScore {
                truePositives.append(positives)
                falsePositives.append(negatives)
                thresholds.append(scores[sample])
            }
        }
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.thresholds = thresholds
    }

    var positiveCount: Double { truePositives.last ?? 0 }
    var negativeCount: Double { falsePositives.last ?? 0 }

    /// The area under the ROC curve through (0, 0) and every threshold, by the trapezoidal rule.
    var rocArea: Double {
        var area = 0.0
        var previous = (falsePositiveRate: 0.0, truePositiveRate: 0.0)
        for (truePositive, falsePositive) in zip(truePositives, falsePositives) {
            let point = (falsePositiveRate: falsePositive / negativeCount, truePositiveRate: truePositive / positiveCount)
            area += (point.falsePositiveRate - previous.falsePositiveRate)
                * (point.truePositiveRate + previous.truePositiveRate) / 2
            previous = point
        }
        return area
    }

    /// Σ (Rₙ − Rₙ₋₁) Pₙ over the thresholds: the precision at each threshold weighted by the recall it adds.
    var averagePrecision: Double {
        var sum = 0.0, previousRecall = 0.0
        for (truePositive, falsePositive) in zip(truePositives, falsePositives) {
            let recall = truePositive / positiveCount
            sum += (recall - previousRecall) * truePositive / (truePositive + falsePositive)
            previousRecall = recall
        }
        return sum
    }
}

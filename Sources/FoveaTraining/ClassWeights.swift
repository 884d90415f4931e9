import FoveaData

/// Per-class loss weights for skewed data.
public enum ClassWeights {
    /// scikit-learn's `compute_class_weight("balanced")`: `samples / (classes · count of the class)`, so that every
    /// class weighs as much in the loss as if the classes were equally frequent.
    /// - Parameter counts: the number of samples of each class.
    /// - Throws: ``RunError`` when a class has no sample (its weight would be infinite).
    public static func balanced(counts: [Int]) throws -> [Double] {
        let samples = counts.reduce(0, +)
        if let empty = counts.firstIndex(where: { $0 <= 0 }) {
            throw RunError("balanced class weights need a sample of every class; class \(empty) has none")
        }
        return counts.map { Double(samples) / (Double(counts.count) * Double($0)) }
    }

    /// Balanced weights for the classes of a labelled set.
    public static func balanced(for data: LabeledImages) throws -> [Double] {
        let counts = try data.classCounts()
        if let empty = counts.firstIndex(where: { $0 <= 0 }) {
            throw RunError("balanced class weights need a sample of every class; '\(data.classes[empty])' has none")
        }
        return try balanced(counts: counts)
    }
}

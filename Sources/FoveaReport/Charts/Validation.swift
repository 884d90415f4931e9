/// Checks shared by the charts' initialisers.
enum Validation {
    /// Throws unless every value is finite, naming the first that is not and where it is.
    static func requireFinite(_ values: [Double], _ name: String) throws(ChartError) {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw ChartError("\(name)[\(index)] is \(values[index]): every value must be finite")
        }
    }

    static func requireSameCount(_ first: Int, _ firstName: String, _ second: Int, _ secondName: String) throws(ChartError) {
        guard first == second else { throw ChartError("\(first) \(firstName) but \(second) \(secondName)") }
    }
}

import FoveaTestSupport
import FoveaTensor
import Testing

@Suite struct DTypeTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "dtypes") }

    /// Fixture case (`<source>_<target>`) and the target type.
    static let conversions: [(String, DType)] = [
        ("f32_f64", .float64), ("f32_f16", .float16), ("f32_bf16", .bfloat16), ("f32_i64", .int64),
        ("f32_i32", .int32), ("f32_u8", .uint8), ("f32_bool", .bool), ("f64_f32", .float32), ("f16_f32", .float32),
        ("bf16_f32", .float32), ("i64_f32", .float32), ("i64_i32", .int32), ("i64_bool", .bool),
        ("i32_f64", .float64), ("u8_f32", .float32), ("u8_i64", .int64), ("bool_f32", .float32), ("bool_i64", .int64),
    ]

    @Test("conversion matches PyTorch exactly", arguments: conversions)
    func conversionMatchesPyTorch(_ name: String, _ target: DType) throws {
        let source = try fixture.tensor("\(name).source")
        let converted = try source.converted(to: target)
        expectClose(converted, try fixture.tensor("\(name).out0"), rtol: 0, atol: 0, name)
        #expect(try converted.record().bytes == fixture.tensor("\(name).out0").record().bytes)
    }

    @Test func convertedTensorsKeepTheirShape() throws {
        let matrix = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        for dtype in DType.allCases {
            let converted = try matrix.converted(to: dtype)
            #expect(converted.dtype == dtype)
            #expect(converted.shape == [2, 3])
        }
    }

    @Test func everyElementTypeRoundTrips() throws {
        try expectRoundTrip([1.5, -2.25, .infinity] as [Float])
        try expectRoundTrip([1.0 / 3, -1e300] as [Double])
        try expectRoundTrip([Int64.min, 0, Int64.max])
        try expectRoundTrip([Int32.min, -1, Int32.max])
        try expectRoundTrip([Int16.min, 7, Int16.max])
        try expectRoundTrip([Int8.min, 0, Int8.max])
        try expectRoundTrip([0, 128, 255] as [UInt8])
        try expectRoundTrip([true, false, true])
        try expectRoundTrip([0.5, -65504, 0.000_061_035] as [Float16])
    }

    private func expectRoundTrip<Element: TensorElement & Equatable>(
        _ values: [Element], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let tensor = try Tensor(values, shape: [values.count])
        #expect(tensor.dtype == Element.dtype, sourceLocation: sourceLocation)
        #expect(try tensor.toArray(Element.self) == values, sourceLocation: sourceLocation)
        #expect(try Tensor(tensor.record()).toArray(Element.self) == values, sourceLocation: sourceLocation)
    }

    @Test func floatsSurviveWideningAndNarrowing() throws {
        let values: [Float] = [0.1, -3.7, 1e-30, 3.4e38]
        let tensor = try Tensor(values)
        #expect(try tensor.converted(to: .float64).converted(to: .float32).toArray(Float.self) == values)
        #expect(try tensor.toArray(Double.self) == values.map(Double.init))
    }

    @Test func bfloat16KeepsTheTopHalfOfAFloat() throws {
        let tensor = try Tensor([1, -2.5, 3.140625] as [Float]).converted(to: .bfloat16)
        let record = try tensor.record()
        #expect(record.bytes.count == 6)
        #expect(try Tensor(record).toArray(Float.self) == [1, -2.5, 3.140625])
        #expect(try Tensor(bytes: record.bytes, dtype: .bfloat16, shape: [3]).toArray(Float.self) == [1, -2.5, 3.140625])
    }

    @Test func scalarsReadAsAnyElementType() throws {
        let scalar = try Tensor(scalar: 2.75 as Double)
        #expect(scalar.shape == [])
        #expect(try scalar.scalar(Float.self) == 2.75)
        #expect(try scalar.scalar(Int64.self) == 2)
        #expect(try scalar.scalar(Bool.self))
    }

    @Test func wrongByteOrValueCountsThrow() throws {
        #expect(throws: TorchError.self) { try Tensor(bytes: [0, 0, 0], dtype: .float32, shape: [1]) }
        #expect(throws: TorchError.self) { try Tensor([1, 2, 3] as [Float], shape: [2, 2]) }
        #expect(throws: TorchError.self) { try Tensor([1] as [Float], shape: [-1]) }
    }

    @Test func emptyTensorsCanBeFilledInPlace() throws {
        let tensor = try Tensor.empty([2, 2], dtype: .int32)
        try tensor.withUnsafeMutableBytes { buffer in
            let integers = buffer.bindMemory(to: Int32.self)
            for index in integers.indices { integers[index] = Int32(index * 10) }
        }
        #expect(try tensor.toArray(Int32.self) == [0, 10, 20, 30])
    }
}

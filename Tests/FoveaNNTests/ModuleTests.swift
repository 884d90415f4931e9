import FoveaNN
import FoveaTensor
import Testing

@Suite struct ModuleTests {
    @Test func trainingModeReachesEveryModule() throws {
        let network = try withSeed(5) { try makeNetwork() }
        let switchable = network.namedModules.compactMap { $0.module as? BatchNorm }
        let dropouts = network.namedModules.compactMap { $0.module as? Dropout }
        #expect(switchable.count == 3 && dropouts.count == 1)
        #expect(switchable.allSatisfy { $0.isTraining } && dropouts.allSatisfy { $0.isTraining })
        network.setTraining(false)
        #expect(switchable.allSatisfy { !$0.isTraining } && dropouts.allSatisfy { !$0.isTraining })
    }

    @Test func namedModulesListParentsBeforeChildren() throws {
        let network = try withSeed(6) { try makeNetwork() }
        let names = network.namedModules.map(\.name)
        #expect(names.prefix(3) == ["", "features", "features.0"])
        #expect(names.contains("head.6"))
        #expect(names.count == 1 + 1 + 11 + 1 + 7)
    }

    @Test func requiresGradCanBeSwitchedForTheWholeTree() throws {
        let network = try withSeed(7) { try makeNetwork() }
        try network.setRequiresGrad(false)
        #expect(network.parameters.allSatisfy { !$0.requiresGrad })
        try network.setRequiresGrad(true)
        #expect(network.parameters.allSatisfy { $0.requiresGrad })
    }

    @Test func functionAndSequentialCompose() throws {
        let double = Function { try $0 * 2 }
        let model = Sequential(double, Activation.relu, Function { try $0 + 1 })
        #expect(model.count == 3)
        #expect(model[1] is Activation)
        #expect(model.stateDict.isEmpty)
        let output = try model(Tensor([-1, 3] as [Float]))
        #expect(try output.toArray(Float.self) == [1, 7])
    }

    @Test func convolutionWithTheWrongChannelCountThrows() throws {
        let convolution = try withSeed(8) { try Conv2d(inputChannels: 3, outputChannels: 4, kernelSize: 3) }
        #expect(throws: TorchError.self) { try convolution(Tensor.zeros([1, 2, 5, 5])) }
        #expect(throws: TorchError.self) { try Conv2d(inputChannels: 3, outputChannels: 4, kernelSize: 3, groups: 2) }
        #expect(throws: TorchError.self) {
            try ConvTranspose2d(inputChannels: 4, outputChannels: 3, kernelSize: 3, groups: 2)
        }
    }

    @Test func linearWithTheWrongFeatureCountThrows() throws {
        let linear = try withSeed(9) { try Linear(inputFeatures: 4, outputFeatures: 2) }
        #expect(throws: TorchError.self) { try linear(Tensor.zeros([3, 5])) }
    }

    @Test func batchNormRejectsTheWrongRankWithTheShape() throws {
        let layer = try BatchNorm.twoD(features: 3)
        do {
            _ = try layer(Tensor.zeros([2, 3]))
            Issue.record("a rank-2 input passed BatchNorm2d")
        } catch let error as TorchError {
            #expect(error.message.contains("[2, 3]"), "\(error.message)")
        }
        #expect(try layer.batchesTracked.scalar(Int64.self) == 0)
    }

    @Test func dropoutRejectsProbabilitiesOutsideTheUnitInterval() {
        #expect(throws: TorchError.self) { try Dropout(probability: 1.5) }
        #expect(throws: TorchError.self) { try Dropout(probability: -0.1) }
    }
}

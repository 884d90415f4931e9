import Foundation
import FoveaModels
import Testing

/// Whether the heavy cases run: `FOVEA_SLOW_TESTS=1`.
let slowTestsEnabled = ProcessInfo.processInfo.environment["FOVEA_SLOW_TESTS"] == "1"

/// Every torchvision architecture against torchvision 0.14 (`scripts/fixtures/torchvision.py`): `state_dict` names
/// and shapes, initial weights under a seed, and logits of seeded weights on a seeded 2×3×64×64 input.
/// Serialized: the large networks need hundreds of megabytes each.
@Suite(.serialized) struct TorchvisionParityTests {
    static let fast = ["resnet18", "mobilenet_v3_small", "efficientnet_b0", "vgg11"]
    static let slow = [
        "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "resnext101_32x8d", "wide_resnet50_2",
        "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn", "mobilenet_v2", "mobilenet_v3_large",
    ]

    @Test(arguments: fast)
    func matchesTorchvision(name: String) throws {
        try TorchvisionParity(name).check()
    }

    @Test(.enabled(if: slowTestsEnabled, "set FOVEA_SLOW_TESTS=1 to run"), arguments: slow)
    func largeNetworkMatchesTorchvision(name: String) throws {
        try TorchvisionParity(name).check()
    }

    @Test(arguments: fast + slow)
    func isRegisteredWithAFixture(name: String) throws {
        #expect(throws: Never.self) { try Architectures.named(name) }
        let fixture = Bundle.module.url(forResource: "torchvision_\(name)", withExtension: "safetensors", subdirectory: "Fixtures")
        #expect(fixture != nil, "no fixture for \(name)")
    }
}

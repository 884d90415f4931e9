import ArgumentParser
import Foundation
import FoveaData
import FoveaModels
import FoveaTraining
import Yams

/// Every `fovea train` option, each optional: as given on the command line, read from a `--config` YAML file
/// (keys are the long option names: `batch-size: 128`), or resolved with the defaults and saved as `run.yaml`.
struct TrainSettings: Codable, Equatable {
    var data: String?
    var arch: String?
    var epochs: Int?
    var batchSize: Int?
    var lr: Double?
    var optimizer: String?
    var schedule: String?
    var weightDecay: Double?
    var labelSmoothing: Double?
    var valid: Double?
    var size: Int?
    var channels: Int?
    var flip: Bool?
    var shift: Int?
    var seed: UInt64?
    var out: String?
    var earlyStopping: Int?
    var monitor: String?
    var clipGrad: Double?
    var accumulate: Int?
    var classWeights: String?
    var mixup: Double?
    var limit: Int?
    var pretrained: String?
    var head: String?
    /// "F,E": F epochs training the head on the frozen body, then E epochs of the whole network.
    var fineTune: String?
    var freeze: Bool?
    var cacheFeatures: Bool?
    var strict: Bool?
    var vflip: Bool?
    /// Random rotations in ± degrees, zoom in 1 ± zoom, x shear in ± degrees, moves of ± translate × the size.
    var rotate: Double?
    var zoom: Double?
    var shear: Double?
    var translate: Double?
    /// What rotations and moves show outside the image: constant (black), nearest or reflect.
    var fill: String?
    /// Random resized crops of at least this fraction of the area.
    var cropScale: Double?
    /// Brightness, contrast and saturation changes of ± jitter; hue turns of ± hue.
    var jitter: Double?
    var hue: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case data, arch, epochs, batchSize = "batch-size", lr, optimizer, schedule, weightDecay = "weight-decay"
        case labelSmoothing = "label-smoothing", valid, size, channels, flip, shift, seed, out
        case earlyStopping = "early-stopping", monitor, clipGrad = "clip-grad", accumulate
        case classWeights = "class-weights", mixup, limit, pretrained, head, fineTune = "fine-tune", freeze
        case cacheFeatures = "cache-features", strict
        case vflip, rotate, zoom, shear, translate, fill, cropScale = "crop-scale", jitter, hue
    }

    /// Reads a YAML mapping of option names to values.
    /// - Throws: `ValidationError` naming the file and the unknown key or the value of the wrong type.
    static func load(from file: URL) throws -> TrainSettings {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ValidationError("\(file.path): cannot be read")
        }
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw ValidationError("\(file.path): not valid YAML (\(error))")
        }
        guard node == nil || node is [String: Any] else {
            throw ValidationError("\(file.path): expected a mapping of train options, such as `epochs: 5`")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = (node as? [String: Any])?.keys.sorted().first(where: { !known.contains($0) }) {
            throw ValidationError("\(file.path): unknown option '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        guard node != nil else { return TrainSettings() }
        do {
            return try YAMLDecoder().decode(TrainSettings.self, from: text)
        } catch let DecodingError.typeMismatch(type, context) {
            throw ValidationError("\(file.path): '\(context.codingPath.last?.stringValue ?? "?")' must be \(Self.describe(type))")
        } catch let DecodingError.valueNotFound(type, context) {
            throw ValidationError("\(file.path): '\(context.codingPath.last?.stringValue ?? "?")' must be \(Self.describe(type))")
        } catch {
            throw ValidationError("\(file.path): \(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "text"
        }
    }

    /// One `name: value` line per option that is set, in the options' order. Numbers are written as Swift
    /// writes them (`0.003`, `1e-07`), which reads back exactly; text is quoted.
    func yaml() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var text = "# fovea train settings: `fovea train --config run.yaml` trains this run again\n"
        for field in Self.fields {
            guard let value = field.get(self) else { continue }
            // A JSON string is a valid YAML double-quoted scalar.
            let scalar = value is String ? String(decoding: try encoder.encode("\(value)"), as: UTF8.self) : "\(value)"
            text += "\(field.key.rawValue): \(scalar)\n"
        }
        return text
    }

    /// These settings with every option that `other` has replaced by its value.
    func overridden(by other: TrainSettings) -> TrainSettings {
        var result = self
        for field in Self.fields { field.take(&result, other) }
        return result
    }

    /// Each option given here whose value differs from `saved`'s, as "--name value (the run: value)".
    func conflicts(with saved: TrainSettings) -> [String] {
        var mine = self
        mine.data = data.map(Self.absolutePath)
        return Self.fields.compactMap { field in
            guard field.key != .out, let value = field.get(mine).map({ "\($0)" }) else { return nil }
            let theirs = field.get(saved).map { "\($0)" }
            return value == theirs ? nil : "--\(field.key.rawValue) \(value) (the run: \(theirs ?? "not set"))"
        }
    }

    /// One option: its name and access to its value.
    private struct Field {
        let key: CodingKeys
        let get: (TrainSettings) -> Any?
        let take: (inout TrainSettings, TrainSettings) -> Void

        init<Value>(_ key: CodingKeys, _ path: WritableKeyPath<TrainSettings, Value?>) {
            self.key = key
            get = { $0[keyPath: path] }
            take = { settings, other in
                if let value = other[keyPath: path] { settings[keyPath: path] = value }
            }
        }
    }

    private static var fields: [Field] {
        [
            Field(.data, \.data), Field(.arch, \.arch), Field(.epochs, \.epochs), Field(.batchSize, \.batchSize),
            Field(.lr, \.lr), Field(.optimizer, \.optimizer), Field(.schedule, \.schedule),
            Field(.weightDecay, \.weightDecay), Field(.labelSmoothing, \.labelSmoothing), Field(.valid, \.valid),
            Field(.size, \.size), Field(.channels, \.channels), Field(.flip, \.flip), Field(.shift, \.shift),
            Field(.seed, \.seed), Field(.out, \.out), Field(.earlyStopping, \.earlyStopping), Field(.monitor, \.monitor),
            Field(.clipGrad, \.clipGrad), Field(.accumulate, \.accumulate), Field(.classWeights, \.classWeights),
            Field(.mixup, \.mixup), Field(.limit, \.limit), Field(.pretrained, \.pretrained), Field(.head, \.head),
            Field(.fineTune, \.fineTune), Field(.freeze, \.freeze), Field(.cacheFeatures, \.cacheFeatures),
            Field(.strict, \.strict), Field(.vflip, \.vflip), Field(.rotate, \.rotate), Field(.zoom, \.zoom),
            Field(.shear, \.shear), Field(.translate, \.translate), Field(.fill, \.fill), Field(.cropScale, \.cropScale),
            Field(.jitter, \.jitter), Field(.hue, \.hue),
        ]
    }

    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Checks the options that are set; the messages name the command-line option.
    func validate() throws {
        if let epochs, epochs <= 0 { throw ValidationError("--epochs must be positive") }
        if let batchSize, batchSize <= 0 { throw ValidationError("--batch-size must be positive") }
        if let lr, !(lr.isFinite && lr > 0) { throw ValidationError("--lr must be a positive number") }
        if let channels, ![1, 3].contains(channels) { throw ValidationError("--channels must be 1 or 3") }
        if let valid, !(0..<1).contains(valid) { throw ValidationError("--valid must be in [0, 1)") }
        if let earlyStopping, earlyStopping < 1 { throw ValidationError("--early-stopping must be at least 1 epoch") }
        if let monitor, MonitoredMetric(rawValue: monitor) == nil {
            throw ValidationError("--monitor must be valid_loss or valid_accuracy")
        }
        if let clipGrad, !(clipGrad.isFinite && clipGrad > 0) { throw ValidationError("--clip-grad must be a positive number") }
        if let accumulate, accumulate < 1 { throw ValidationError("--accumulate must be at least 1") }
        if let classWeights, classWeights != "balanced" { throw ValidationError("--class-weights must be balanced") }
        if let mixup, !(mixup.isFinite && mixup > 0) { throw ValidationError("--mixup must be a positive number") }
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive") }
        if let arch {
            do { _ = try Architectures.named(arch) } catch { throw ValidationError("\(error)") }
        }
        if let head {
            do { _ = try HeadDesign(named: head) } catch { throw ValidationError("\(error)") }
        }
        if fineTune != nil, freeze == true { throw ValidationError("give either --fine-tune or --freeze, not both") }
        _ = try fineTuneEpochs()
        if (fineTune != nil || freeze == true), pretrained == nil, head == nil {
            throw ValidationError("--fine-tune and --freeze need --pretrained FILE (or a new --head)")
        }
        if cacheFeatures == true, fineTune == nil, freeze != true {
            throw ValidationError("--cache-features trains the head of a frozen body: add --freeze or --fine-tune")
        }
        if let fill, FillMode(rawValue: fill) == nil {
            throw ValidationError("--fill must be \(FillMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        do { try augmentation.validate() } catch { throw ValidationError("\(error)") }
        if strict != nil, pretrained == nil { throw ValidationError("--strict applies to --pretrained weights") }
        if let pretrained, !FileManager.default.fileExists(atPath: pretrained) {
            throw ValidationError("--pretrained \(pretrained): no such file")
        }
    }

    /// The augmentation options as the loader takes them.
    var augmentation: Augmentation {
        let geometric = [rotate, zoom, shear, translate].contains { ($0 ?? 0) != 0 }
        return Augmentation(
            horizontalFlip: flip ?? false, verticalFlip: vflip ?? false, maxShift: shift ?? 0,
            resizedCrop: cropScale.map { ResizedCrop(scale: $0...1) },
            affine: geometric
                ? RandomAffine(
                    degrees: rotate ?? 0, translate: translate ?? 0, scale: (1 - (zoom ?? 0))...(1 + (zoom ?? 0)),
                    shear: shear ?? 0, fill: fill.flatMap(FillMode.init(rawValue:)) ?? .constant)
                : nil,
            colorJitter: (jitter ?? 0) > 0 || (hue ?? 0) > 0
                ? ColorJitter(brightness: jitter ?? 0, contrast: jitter ?? 0, saturation: jitter ?? 0, hue: hue ?? 0) : nil)
    }

    /// `--fine-tune F,E` as (frozen, unfrozen) epochs.
    func fineTuneEpochs() throws -> (frozen: Int, unfrozen: Int)? {
        guard let fineTune else { return nil }
        let parts = fineTune.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let frozen = parts[0], let unfrozen = parts[1], frozen >= 0, unfrozen >= 0,
            frozen + unfrozen > 0
        else { throw ValidationError("--fine-tune takes FROZEN,UNFROZEN epochs, such as 1,4; got '\(fineTune)'") }
        return (frozen, unfrozen)
    }

    /// Every option with its default filled in (the switches that are off stay unset) and the data path made
    /// absolute, so the settings name the run completely.
    func resolved() throws -> TrainSettings {
        try validate()
        guard let data else {
            throw ValidationError("give the DATA folder (or `data:` in the --config file, or --resume RUN)")
        }
        let architecture = try Architectures.named(arch ?? "convnet-bn")
        var result = self
        result.data = Self.absolutePath(data)
        result.arch = architecture.name
        result.epochs = epochs ?? 3
        result.batchSize = batchSize ?? 64
        result.lr = lr ?? 3e-3
        result.optimizer = (optimizer ?? "adam").lowercased()
        result.schedule = (schedule ?? "onecycle").lowercased()
        result.weightDecay = weightDecay ?? 0
        result.labelSmoothing = labelSmoothing ?? 0
        result.valid = valid ?? 0.1
        result.size = size ?? architecture.defaultSize
        result.channels = channels ?? 3
        result.flip = flip ?? false
        result.shift = shift ?? 0
        result.seed = seed ?? 0
        if pretrained != nil { result.pretrained = Self.absolutePath(pretrained ?? "") }
        result.out = result.outputPath
        return result
    }

    /// The run folder: `out`, or runs/ARCH-SEED.
    var outputPath: String { out ?? "runs/\(arch ?? "convnet-bn")-\(seed ?? 0)" }

    /// The run configuration of resolved settings.
    func runConfiguration() throws -> RunConfiguration {
        let settings = try resolved()
        let side = settings.size ?? 0
        // --fine-tune F,E: F frozen then E unfrozen epochs; --freeze: all --epochs frozen.
        let phases: (frozen: Int?, unfrozen: Int)
        if let split = try settings.fineTuneEpochs() {
            phases = (split.frozen, split.unfrozen)
        } else if settings.freeze == true {
            phases = (settings.epochs ?? 0, 0)
        } else {
            phases = (nil, settings.epochs ?? 0)
        }
        return RunConfiguration(
            architecture: settings.arch ?? "", data: settings.data ?? "",
            input: InputSpec(channels: settings.channels ?? 3, height: side, width: side), classes: [],
            epochs: phases.unfrozen, batchSize: settings.batchSize ?? 0, learningRate: settings.lr ?? 0,
            optimizer: settings.optimizer ?? "", schedule: settings.schedule ?? "", weightDecay: settings.weightDecay ?? 0,
            labelSmoothing: settings.labelSmoothing ?? 0, validationFraction: settings.valid ?? 0, seed: settings.seed ?? 0,
            normalization: Normalization(mean: [], std: []),
            augmentation: settings.augmentation,
            limit: limit, earlyStoppingPatience: earlyStopping, monitor: monitor.flatMap(MonitoredMetric.init(rawValue:)),
            classWeights: classWeights, gradientClipNorm: clipGrad, accumulationSteps: accumulate, mixupAlpha: mixup,
            pretrained: settings.pretrained, head: head, frozenEpochs: phases.frozen,
            cacheFeatures: cacheFeatures == true ? true : nil, strictWeights: strict)
    }
}

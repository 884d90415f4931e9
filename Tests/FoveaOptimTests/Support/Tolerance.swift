/// How far Fovea may be from PyTorch.
enum Tolerance {
    /// float32 parameters: the same libtorch kernels, but scalar arguments may round differently.
    static let parameterRelative = 1e-5
    static let parameterAbsolute = 1e-6
    /// Learning rates and momentum are doubles; closed forms may differ from PyTorch's recursive ones by rounding.
    static let schedule = 1e-12
}

import NeuralNet

/// Why a weights file could not be used as a policy: NeuralNet's `WeightsFileError`, under the
/// name the policy API has always used.
public typealias PolicyFileError = WeightsFileError

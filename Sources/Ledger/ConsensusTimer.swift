/// A timer a `ConsensusNode` asked its host to fire.
public struct ConsensusTimer: Hashable, Sendable, Codable {
    /// What the timer is for.
    public enum Kind: Hashable, Sendable, Codable {
        /// The block interval has passed: the view-0 proposer builds its block.
        case propose
        /// The view has lasted too long without a final block: change view.
        case viewTimeout
    }

    public let kind: Kind
    public let height: UInt64
    public let view: UInt64

    public init(kind: Kind, height: UInt64, view: UInt64) {
        self.kind = kind
        self.height = height
        self.view = view
    }
}

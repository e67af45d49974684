/// A road is a pure function of its configuration: a checkpoint stores the configuration and
/// rebuilds the rest (entrance points), which is exactly what `init(config:)` computes.
extension Highway: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(config: try RoadConfig(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try self.config.encode(to: encoder)
    }
}

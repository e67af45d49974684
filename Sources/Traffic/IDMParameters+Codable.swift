extension IDMParameters: Codable {
    private enum CodingKeys: String, CodingKey {
        case desiredSpeed, timeHeadway, minimumGap, maxAcceleration, comfortableDeceleration, accelerationExponent
        case vehicleLength, maxDeceleration, coolness
    }

    /// Written by hand so that coolness is optional: plain IDM (coolness 0) writes none (JSON
    /// leaves the key out; the checkpoint's binary coder writes its absence byte, format 5).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        self.desiredSpeed = try c.decode(Double.self, forKey: .desiredSpeed)
        self.timeHeadway = try c.decode(Double.self, forKey: .timeHeadway)
        self.minimumGap = try c.decode(Double.self, forKey: .minimumGap)
        self.maxAcceleration = try c.decode(Double.self, forKey: .maxAcceleration)
        self.comfortableDeceleration = try c.decode(Double.self, forKey: .comfortableDeceleration)
        self.accelerationExponent = try c.decode(Double.self, forKey: .accelerationExponent)
        self.vehicleLength = try c.decode(Double.self, forKey: .vehicleLength)
        self.maxDeceleration = try c.decode(Double.self, forKey: .maxDeceleration)
        self.coolness = try c.decodeIfPresent(Double.self, forKey: .coolness) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.desiredSpeed, forKey: .desiredSpeed)
        try c.encode(self.timeHeadway, forKey: .timeHeadway)
        try c.encode(self.minimumGap, forKey: .minimumGap)
        try c.encode(self.maxAcceleration, forKey: .maxAcceleration)
        try c.encode(self.comfortableDeceleration, forKey: .comfortableDeceleration)
        try c.encode(self.accelerationExponent, forKey: .accelerationExponent)
        try c.encode(self.vehicleLength, forKey: .vehicleLength)
        try c.encode(self.maxDeceleration, forKey: .maxDeceleration)
        try c.encodeIfPresent(self.coolness == 0 ? nil : self.coolness, forKey: .coolness)
    }
}

import Traffic

extension IDMParameters {
    /// Decodes `traffic[i].idm`; absent keys keep `base` (the defaults of the group's type).
    static func decode(_ field: SourceField, base: IDMParameters = IDMParameters(), context: inout DecodeContext) -> IDMParameters {
        var idm = base
        guard var reader = MappingReader(field, context: &context) else { return idm }
        if let field = reader.optional("v0"),
            let v0 = context.quantity(field, .speed, .positive(max: 100, "100m/s (360km/h)"))
        {
            idm.desiredSpeed = v0
        }
        if let field = reader.optional("T"), let headway = context.time(field, .positive(max: .seconds(10))) {
            idm.timeHeadway = headway.seconds
        }
        if let field = reader.optional("s0"),
            let gap = context.quantity(field, .length, .nonNegative(max: 50, "50m"))
        {
            idm.minimumGap = gap
        }
        if let field = reader.optional("a"),
            let accel = context.quantity(field, .acceleration, .positive(max: 20, "20m/s2"))
        {
            idm.maxAcceleration = accel
        }
        if let field = reader.optional("b"),
            let decel = context.quantity(field, .acceleration, .positive(max: 20, "20m/s2"))
        {
            idm.comfortableDeceleration = decel
        }
        if let field = reader.optional("b_max"),
            let decel = context.quantity(field, .acceleration, .positive(max: 20, "20m/s2"))
        {
            idm.maxDeceleration = decel
        }
        if let field = reader.optional("delta"), let delta = context.plainNumber(field, .positive(max: 20, "20")) {
            idm.accelerationExponent = delta
        }
        if let field = reader.optional("length"),
            let length = context.quantity(field, .length, .positive(max: 30, "30m"))
        {
            idm.vehicleLength = length
        }
        if let field = reader.optional("coolness"), let c = context.plainNumber(field, .between(0, 0.999)) {
            idm.coolness = c
        }
        reader.finish(context: &context)
        return idm
    }
}

import SimKernel
import Traffic

extension IncidentConfig {
    /// Decodes `incidents`; an absent section keeps TTC 1.5 s and hard braking 4 m/s².
    static func decode(_ field: SourceField?, context: inout DecodeContext) -> IncidentConfig {
        var incidents = IncidentConfig()
        guard let field, var reader = MappingReader(field, context: &context) else { return incidents }
        if let field = reader.optional("near_miss_ttc"), let ttc = context.time(field, .positive(max: .seconds(10))) {
            incidents.nearMissTTC = ttc.seconds
        }
        if let field = reader.optional("hard_braking"),
            let decel = context.quantity(field, .acceleration, .positive(max: 20, "20m/s2"))
        {
            incidents.hardBraking = decel
        }
        reader.finish(context: &context)
        return incidents
    }
}

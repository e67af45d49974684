import Ledger
import Radio
import SimKernel
import Traffic
import V2X

extension Scenario {
    /// Decodes a scenario from the root mapping of the tree, filling defaults and reporting every
    /// problem to `context`. The result is meaningful only when `context` has no problems.
    static func decode(root: SourceField, context: inout DecodeContext) -> Scenario {
        var scenario = Scenario(name: "", duration: .zero, traffic: [])
        guard var reader = MappingReader(root, context: &context) else { return scenario }
        if let field = reader.required("name", context: &context), let name = context.string(field) {
            scenario.name = name
        }
        if let field = reader.optional("seed"), let seed = context.unsignedInteger(field) {
            scenario.seed = seed
        }
        if let field = reader.required("duration", context: &context),
            let duration = context.time(field, .positive())
        {
            scenario.duration = duration
        }
        if let field = reader.optional("step"), let step = context.time(field, .positive(max: .seconds(1))) {
            scenario.step = step
        }
        scenario.road = RoadConfig.decode(reader.optional("road"), context: &context)
        if let field = reader.required("traffic", context: &context) {
            scenario.traffic = TrafficGroup.decodeList(field, context: &context)
        }
        scenario.beacons = BeaconConfig.decode(reader.optional("beacons"), context: &context)
        scenario.radio = RadioConfig.decode(reader.optional("radio"), context: &context)
        scenario.security = SecurityConfig.decode(reader.optional("security"), context: &context)
        scenario.ledger = LedgerConfig.decode(
            rsus: reader.optional("rsus"), ledger: reader.optional("ledger"), context: &context)
        scenario.incidents = IncidentConfig.decode(reader.optional("incidents"), context: &context)
        scenario.attackers = AttackerConfig.decodeList(reader.optional("attackers"), context: &context)
        let record = reader.optional("record")
        scenario.record = RecordConfig.decode(record, step: scenario.step, context: &context)
        reader.finish(context: &context)
        return scenario
    }
}

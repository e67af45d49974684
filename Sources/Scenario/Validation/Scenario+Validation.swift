import SimKernel
import Traffic

/// Checks that relate several values. Each runs only when the values it needs decoded cleanly,
/// so one typo gives one issue, not a cascade.
extension Scenario {
    /// Reports every cross-field problem to `context`.
    ///
    /// - Parameter root: the origin of the root mapping, for problems whose values are all defaults.
    func validate(root: SourceOrigin, context: inout DecodeContext) {
        self.validateTiming(root: root, context: &context)
        self.validateRoadsideUnits(root: root, context: &context)
        self.validateTrafficFits(context: &context)
        self.validateRoadShape(context: &context)
        self.validateLedgerFaults(root: root, context: &context)
    }

    /// Per-lane limits name every lane; a ring has no entrance, so its vehicles are placed by count.
    private func validateRoadShape(context: inout DecodeContext) {
        let road = FieldPath.root.key("road")
        guard !context.hasProblem(under: road) else { return }
        let limitsPath = road.key("lane_speed_limits")
        let laneCount = Highway(config: self.road).laneCount
        if let limits = self.road.laneSpeedLimits, limits.count != laneCount, let origin = context.origin(of: limitsPath) {
            let lanes = self.road.onRamp == nil
                ? "\(laneCount) lanes (road.lanes)" : "\(laneCount) lanes (the acceleration lane and road.lanes)"
            context.report(
                .constraint("gives \(limits.count) speed limits for \(lanes); give one per lane"),
                at: origin, field: limitsPath)
        }
        for (index, hazard) in self.road.hazards.enumerated() {
            let path = road.key("hazards").index(index)
            guard let origin = context.origin(of: path) else { continue }
            if self.road.kind != .highway {
                context.report(.constraint("hazards need a highway"), at: origin, field: path)
            } else if hazard.lane >= laneCount {
                context.report(
                    .constraint("lane \(hazard.lane) does not exist; the road has lanes 0 to \(laneCount - 1)"),
                    at: origin, field: path)
            } else if hazard.position > self.road.length || hazard.rear < 0 {
                context.report(
                    .constraint("lies outside the road (0 to \(Scenario.metres(self.road.length)))"), at: origin, field: path)
            }
        }
        let offRampPath = road.key("off_ramp")
        if let exit = self.road.offRampPosition, let origin = context.origin(of: offRampPath) {
            if self.road.kind != .highway {
                context.report(.constraint("only a highway can have an off-ramp"), at: origin, field: offRampPath)
            } else if exit > self.road.length {
                context.report(
                    .constraint("lies beyond the end of the road (road.length \(Scenario.metres(self.road.length)))"),
                    at: origin, field: offRampPath)
            }
        }
        let rampPath = road.key("on_ramp")
        if let ramp = self.road.onRamp, let origin = context.origin(of: rampPath) {
            if self.road.kind != .highway {
                context.report(.constraint("only a highway can have an on-ramp"), at: origin, field: rampPath)
            } else if ramp.end > self.road.length {
                context.report(
                    .constraint(
                        "ends at \(Scenario.metres(ramp.end)), beyond the end of the road "
                            + "(road.length \(Scenario.metres(self.road.length)))"),
                    at: origin, field: rampPath)
            }
        }
        for (index, group) in self.traffic.enumerated() where group.entry == .onRamp {
            let entryPath = FieldPath.root.key("traffic").index(index).key("entry")
            guard let origin = context.origin(of: entryPath) else { continue }
            if self.road.onRamp == nil {
                context.report(.constraint("enters on the on-ramp, but road.on_ramp is not set"), at: origin, field: entryPath)
            } else if case .count = group.spawn {
                context.report(.constraint("on-ramp vehicles arrive by 'flow', not 'count'"), at: origin, field: entryPath)
            }
        }
        guard self.road.kind == .ring else { return }
        for (index, group) in self.traffic.enumerated() {
            let flowPath = FieldPath.root.key("traffic").index(index).key("flow")
            if case .flow = group.spawn, let origin = context.origin(of: flowPath) {
                context.report(
                    .constraint("a ring road has no entrance; place its vehicles with 'count'"),
                    at: origin, field: flowPath)
            }
            let inflowPath = FieldPath.root.key("traffic").index(index).key("inflow")
            if group.inflow > 0, let origin = context.origin(of: inflowPath) {
                context.report(.constraint("a ring road has no entrance; drop 'inflow'"), at: origin, field: inflowPath)
            }
        }
    }

    /// The duration holds at least one step, and FCD rows fall on steps.
    private func validateTiming(root: SourceOrigin, context: inout DecodeContext) {
        let durationPath = FieldPath.root.key("duration")
        let stepPath = FieldPath.root.key("step")
        guard !context.hasProblem(under: durationPath), !context.hasProblem(under: stepPath) else { return }
        if self.duration < self.step, let origin = context.origin(of: durationPath) {
            context.report(
                .outOfRange(
                    allowed: "at least one step (\(TimeText.format(self.step)))",
                    got: TimeText.format(self.duration)),
                at: origin, field: durationPath)
        }
        let fcdPath = FieldPath.root.key("record").key("fcd")
        if let origin = context.origin(of: fcdPath), self.record.fcdInterval.nanoseconds % self.step.nanoseconds != 0 {
            context.report(
                .constraint(
                    "must be a whole multiple of step (\(TimeText.format(self.step))), "
                        + "got \(TimeText.format(self.record.fcdInterval))"),
                at: origin, field: fcdPath)
        }
    }

    /// Every RSU stands on the road: the first at half the spacing, then one every `rsus.every`.
    private func validateRoadsideUnits(root: SourceOrigin, context: inout DecodeContext) {
        let rsus = FieldPath.root.key("rsus")
        let road = FieldPath.root.key("road")
        guard !context.hasProblem(under: rsus), !context.hasProblem(under: road.key("length")) else { return }
        let spacing = self.ledger.rsuSpacing
        let length = self.road.length
        if let count = self.ledger.rsuCount {
            let last = spacing * (Double(count) - 0.5)
            if last > length, let origin = context.origin(of: rsus.key("count")) {
                context.report(
                    .constraint(
                        "\(count) RSUs every \(Scenario.metres(spacing)) put the last at \(Scenario.metres(last)), "
                            + "beyond the end of the road (road.length \(Scenario.metres(length)))"),
                    at: origin, field: rsus.key("count"))
            }
        } else if (length / spacing).rounded(.down) < 1 {
            let everyPath = rsus.key("every")
            let origin = context.origin(of: everyPath) ?? context.origin(of: road.key("length")) ?? root
            context.report(
                .constraint(
                    "an RSU every \(Scenario.metres(spacing)) leaves no RSU on a road of \(Scenario.metres(length)); "
                        + "shorten rsus.every or set rsus.count"),
                at: origin, field: everyPath)
        }
    }

    /// The vehicles placed at the start fit on the road at jam spacing (length + s0 each).
    private func validateTrafficFits(context: inout DecodeContext) {
        let traffic = FieldPath.root.key("traffic")
        let road = FieldPath.root.key("road")
        guard !context.hasProblem(under: traffic), !context.hasProblem(under: road),
            let origin = context.origin(of: traffic)
        else { return }
        var needed = 0.0
        var vehicles = 0
        for group in self.traffic {
            if case .count(let count) = group.spawn {
                vehicles += count
                needed += Double(count) * (group.idm.vehicleLength + group.idm.minimumGap)
            }
        }
        let available = self.road.length * Double(self.road.lanes)
        if needed > available {
            context.report(
                .constraint(
                    "\(vehicles) vehicles need \(Scenario.metres(needed)) of lane at jam spacing (length + s0), "
                        + "but \(self.road.lanes) lanes of \(Scenario.metres(self.road.length)) "
                        + "offer \(Scenario.metres(available))"),
                at: origin, field: traffic)
        }
    }

    /// A length for messages: "5km", "450m", "2.5m".
    static func metres(_ value: Double) -> String {
        if value >= 1_000, value.truncatingRemainder(dividingBy: 100) == 0 {
            let km = value / 1_000
            return km == km.rounded() ? "\(Int(km))km" : "\(km)km"
        }
        return value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))m" : "\(value)m"
    }
}

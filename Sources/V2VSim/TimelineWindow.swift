import SimKernel
import Trace

/// The span and vehicles of an ``IncidentTimeline``, checked against the run before anything is read.
public struct TimelineWindow: Sendable, Equatable {
    /// First and last instant shown (both included).
    public let from: SimTime
    public let to: SimTime
    /// The vehicles shown, in the order asked (duplicates removed).
    public let vehicles: [UInt32]
    /// The incident the window is around, as numbered by `v2vsim incidents`, and its row.
    public let incidentIndex: Int?
    public let incident: IncidentRow?
    /// Why the window is shorter than asked (clamped at the run's start or end), for the header.
    public let clamped: String?

    /// Samples every 100 ms: the 10 Hz of 49 CFR 563 (2024 amendments) for pre-crash data.
    public static let sampleInterval: SimTime = .milliseconds(100)
    /// Default span around an incident: 20 s before it (49 CFR 563's pre-crash recording) and 5 s after.
    public static let defaultBefore: SimTime = .seconds(20)
    public static let defaultAfter: SimTime = .seconds(5)
    /// Bounds on what one timeline may ask for, so that memory stays small whatever the input
    /// (a sample holds every neighbour belief: vehicles × samples × neighbours).
    public static let maxVehicles = 8
    public static let maxSpan: SimTime = .seconds(120)

    /// The window around incident number `index`: `before` it to `after` it, clamped to the run.
    ///
    /// - Parameters:
    ///   - runEnd: the run's last instant (its `duration`).
    /// - Throws: ``TimelineWindowError`` for a negative or too long span.
    public static func around(
        incident row: IncidentRow, index: Int, before: SimTime, after: SimTime, runEnd: SimTime
    ) throws(TimelineWindowError) -> TimelineWindow {
        guard before >= .zero else { throw TimelineWindowError("--before: \(Self.text(before)) s is negative") }
        guard after >= .zero else { throw TimelineWindowError("--after: \(Self.text(after)) s is negative") }
        guard before + after <= Self.maxSpan else {
            throw TimelineWindowError(
                "--before + --after: \(Self.text(before + after)) s is longer than the \(Self.text(Self.maxSpan)) s a timeline may span")
        }
        let from = max(.zero, row.time - before)
        let to = min(runEnd, row.time + after)
        var clamped: [String] = []
        if row.time - before < .zero { clamped.append("starts at the run's start") }
        if row.time + after > runEnd { clamped.append("ends at the run's end (\(Self.text(runEnd)) s)") }
        var ids = [row.vehicleA]
        if let b = row.vehicleB, b != row.vehicleA { ids.append(b) }
        return TimelineWindow(
            from: from, to: max(from, to), vehicles: ids, incidentIndex: index, incident: row,
            clamped: clamped.isEmpty ? nil : clamped.joined(separator: " and "))
    }

    /// Any span [from, to] of the run for the named vehicles.
    ///
    /// - Parameters:
    ///   - known: which of `vehicles` the trace has rows for (the caller asks the trace).
    /// - Throws: ``TimelineWindowError`` naming the option: a negative or reversed span, one beyond the
    ///   run or longer than ``maxSpan``, no vehicles, more than ``maxVehicles``, an unknown vehicle.
    public static func span(
        from: SimTime, to: SimTime, vehicles: [UInt32], runEnd: SimTime, known: (([UInt32]) throws -> Set<UInt32>)
    ) throws -> TimelineWindow {
        guard from >= .zero else { throw TimelineWindowError("--from: \(Self.text(from)) s is negative") }
        guard to >= .zero else { throw TimelineWindowError("--to: \(Self.text(to)) s is negative") }
        guard to >= from else { throw TimelineWindowError("--to \(Self.text(to)) s is before --from \(Self.text(from)) s") }
        guard from <= runEnd else {
            throw TimelineWindowError("--from: \(Self.text(from)) s is beyond the run, which ends at \(Self.text(runEnd)) s")
        }
        guard to <= runEnd else {
            throw TimelineWindowError("--to: \(Self.text(to)) s is beyond the run, which ends at \(Self.text(runEnd)) s")
        }
        guard to - from <= Self.maxSpan else {
            throw TimelineWindowError(
                "--from/--to: \(Self.text(to - from)) s is longer than the \(Self.text(Self.maxSpan)) s a timeline may span")
        }
        var ids: [UInt32] = []
        for id in vehicles where !ids.contains(id) { ids.append(id) }
        guard !ids.isEmpty else { throw TimelineWindowError("--vehicles: name the vehicles to show (e.g. --vehicles 3,7)") }
        guard ids.count <= Self.maxVehicles else {
            throw TimelineWindowError("--vehicles: \(ids.count) vehicles, more than the \(Self.maxVehicles) a timeline shows")
        }
        let present = try known(ids)
        if let unknown = ids.first(where: { !present.contains($0) }) {
            throw TimelineWindowError("--vehicles: vehicle \(unknown) has no row in the trace's vehicles table")
        }
        return TimelineWindow(from: from, to: to, vehicles: ids, incidentIndex: nil, incident: nil, clamped: nil)
    }

    /// The sample instants: every multiple of ``sampleInterval`` in [from, to].
    public var sampleTimes: [SimTime] {
        let step = Self.sampleInterval.nanoseconds
        let first = (self.from.nanoseconds + step - 1) / step * step
        var times: [SimTime] = []
        var t = first
        while t <= self.to.nanoseconds {
            times.append(SimTime(nanoseconds: t))
            t += step
        }
        return times
    }

    static func text(_ t: SimTime) -> String { SimTime.format(t, decimals: 1) }
}

/// A window that cannot be shown, with the option at fault.
public struct TimelineWindowError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }
}

import Foundation
import Scenario
import SimKernel
import Trace
import V2X

/// Writes a trace in the layout of the VeReMi extension data set (Kamel et al., ICC 2020; F2MD's
/// `VeReMiPrintable`), so that published misbehaviour detectors and VeReMi tooling read v2vsim runs.
///
/// - `traceJSON-<vehicle>-<vehicle>-A<attack>-<start>-0.json` per vehicle: its own GPS (type 2, one line
///   per FCD sample) and every CAM the radio delivered to it (type 3, the values the message claims),
///   in time order. `<attack>` is the attack type number its messages carry (0 when honest).
/// - `traceGroundTruthJSON-0.json`: every CAM sent (type 4) with the sender's true state when it was
///   generated, and the sender's attack type number. Vehicles move in steps, so that state is the one of
///   the last step at or before generation: exact when FCD is recorded every step, interpolated linearly
///   between the FCD samples around that step otherwise.
///
/// The field mapping is in docs/trace.md ("VeReMi export"). Memory stays bounded: every table is read as
/// a stream sorted by SQLite, and one output file is open at a time.
public enum VeReMiExporter {
    /// What an export wrote.
    public struct Summary: Sendable, Equatable {
        /// Per-vehicle log files written.
        public var receiverFiles = 0
        /// Type 2 (own GPS), type 3 (received CAM) and type 4 (ground truth) lines.
        public var gpsLines = 0
        public var beaconLines = 0
        public var groundTruthLines = 0
        /// Delivered frames left out: DENMs (VeReMi logs beacons only) and bytes that do not decode.
        public var skippedNotCAM = 0
        public var skippedUndecodable = 0
    }

    /// Name of the ground-truth file.
    public static let groundTruthFile = "traceGroundTruthJSON-0.json"

    /// Exports the trace at `tracePath` into `directory`, which must not exist or be empty.
    ///
    /// The files are written into `<directory>.partial` and moved into place at the end, so an error
    /// leaves no half-written data set.
    /// - Throws: ``VeReMiExportError`` or `TraceError`, naming the file concerned.
    public static func export(tracePath: String, to directory: String) throws -> Summary {
        let reader = try TraceReader(path: tracePath)
        if let omitted = reader.meta["receptions_omitted"], omitted != "0" {
            let level = reader.meta["record_receptions"] ?? "?"
            throw VeReMiExportError(
                path: tracePath,
                problem: "recorded with record.receptions: \(level), so \(omitted) receptions are missing; "
                    + "a VeReMi export needs every reception (record.receptions: all)")
        }
        let files = FileManager.default
        if let existing = try? files.contentsOfDirectory(atPath: directory), !existing.isEmpty {
            throw VeReMiExportError(path: directory, problem: "exists and is not empty")
        }
        let staging = directory + ".partial"
        try? files.removeItem(atPath: staging)
        do {
            try files.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw VeReMiExportError(path: staging, problem: "cannot create: \(error.localizedDescription)")
        }
        do {
            let step = Self.step(reader)
            let attacks = try Self.attackTypes(reader)
            var summary = Summary()
            try reader.readSorted { tables in
                try Self.writeGroundTruth(tables, attacks: attacks, step: step, into: staging, summary: &summary)
                try Self.writeReceiverLogs(tables, attacks: attacks, into: staging, summary: &summary)
            }
            try? files.removeItem(atPath: directory)
            try files.moveItem(atPath: staging, toPath: directory)
            return summary
        } catch {
            try? files.removeItem(atPath: staging)
            throw error
        }
    }

    /// The recorded scenario's step; nil when its text no longer loads (a trace from another version).
    static func step(_ reader: TraceReader) -> SimTime? {
        guard let text = reader.meta["scenario_text"],
              let scenario = try? ScenarioLoader.load(text: text, path: reader.path + " (scenario_text)") else { return nil }
        return scenario.step
    }

    /// The start of the step `time` falls in; `time` itself without a step.
    static func stepStart(_ time: SimTime, step: SimTime?) -> SimTime {
        guard let step, step.nanoseconds > 0 else { return time }
        return SimTime(nanoseconds: time.nanoseconds - time.nanoseconds % step.nanoseconds)
    }

    /// Attack type number per vehicle: the attack named on its messages (`messages.attacker`).
    static func attackTypes(_ reader: TraceReader) throws -> [UInt32: Int] {
        let byName = Dictionary(uniqueKeysWithValues: AttackType.allCases.map { ($0.name, $0.rawValue) })
        var types: [UInt32: Int] = [:]
        try reader.forEachMessage { message in
            guard let name = message.attacker else { return }
            guard let number = byName[name] else {
                throw VeReMiExportError(
                    path: reader.path, problem: "message \(message.messageID) names unknown attack '\(name)'")
            }
            types[message.sender] = number
        }
        return types
    }

    private static func writeGroundTruth(
        _ tables: SortedTraceTables, attacks: [UInt32: Int], step: SimTime?, into directory: String,
        summary: inout Summary
    ) throws {
        let path = directory + "/" + Self.groundTruthFile
        let out = try VeReMiFile(path: path)
        let samples = PeekableStream(try tables.vehiclesByVehicle())
        let messages = try tables.messagesBySender(type: "cam")
        var track = TrackInterpolator()
        while let message = try messages.next() {
            let truthTime = Self.stepStart(message.tGenerated, step: step)
            try track.advance(samples, to: message.sender, time: truthTime)
            guard let state = track.state(at: truthTime) else {
                throw VeReMiExportError(
                    path: tables.path,
                    problem: "message \(message.messageID): its sender \(message.sender) has no vehicle sample; "
                        + "a VeReMi export needs the vehicles table (record.fcd)")
            }
            let cam = try? SensorBroadcast.decode(try SignedEnvelope.decode(message.envelope).payload)
            let line = VeReMiLine.encode(
                type: VeReMiLine.groundTruth, receiveTime: nil,
                sendTime: VeReMiLine.seconds(message.tGenerated.nanoseconds), sender: message.sender,
                senderPseudo: cam?.stationID, messageID: message.messageID, state: state,
                attackerType: attacks[message.sender] ?? 0)
            try out.write(line)
            summary.groundTruthLines += 1
        }
        try out.close()
    }

    private static func writeReceiverLogs(
        _ tables: SortedTraceTables, attacks: [UInt32: Int], into directory: String, summary: inout Summary
    ) throws {
        let samples = PeekableStream(try tables.vehiclesByVehicle())
        let receptions = PeekableStream(try tables.deliveredVehicleReceptionsByReceiver())
        while true {
            let nextSample = try samples.peek()?.vehicleID
            let nextReceiver = try receptions.peek()?.reception.receiverID
            guard let vehicle = [nextSample, nextReceiver].compactMap({ $0 }).min() else { break }
            var lines: [String] = []
            var start: SimTime?
            // Merge the vehicle's samples and receptions by time; a sample goes before a reception at the same instant.
            while true {
                let sample = try samples.peek().flatMap { $0.vehicleID == vehicle ? $0 : nil }
                let delivered = try receptions.peek().flatMap { $0.reception.receiverID == vehicle ? $0 : nil }
                if let sample, delivered.map({ sample.time <= $0.reception.tReceived }) ?? true {
                    _ = try samples.next()
                    start = start ?? sample.time
                    lines.append(VeReMiLine.encode(
                        type: VeReMiLine.gps, receiveTime: VeReMiLine.seconds(sample.time.nanoseconds),
                        sendTime: nil, sender: nil, senderPseudo: nil, messageID: nil,
                        state: .init(x: sample.x, y: sample.y, speed: sample.speed, acceleration: sample.accel,
                                     headingDeg: sample.angleDeg)))
                    summary.gpsLines += 1
                } else if let delivered {
                    _ = try receptions.next()
                    start = start ?? delivered.reception.tReceived
                    guard let line = Self.beaconLine(delivered, summary: &summary) else { continue }
                    lines.append(line)
                    summary.beaconLines += 1
                } else {
                    break
                }
                // Flush long logs as they grow, so memory does not grow with the run's length.
                if lines.count >= 4_096 { try Self.append(lines, vehicle: vehicle, start: start, attacks: attacks,
                                                          directory: directory, summary: &summary); lines = [] }
            }
            try Self.append(lines, vehicle: vehicle, start: start, attacks: attacks, directory: directory,
                            summary: &summary)
        }
    }

    /// The type 3 line of a delivered frame, or nil (counted) when it is not a decodable CAM.
    private static func beaconLine(_ delivered: DeliveredReception, summary: inout Summary) -> String? {
        guard let envelope = try? SignedEnvelope.decode(delivered.envelope) else {
            summary.skippedUndecodable += 1
            return nil
        }
        guard envelope.type == .cam else {
            summary.skippedNotCAM += 1
            return nil
        }
        guard let cam = try? SensorBroadcast.decode(envelope.payload) else {
            summary.skippedUndecodable += 1
            return nil
        }
        return VeReMiLine.encode(
            type: VeReMiLine.beacon, receiveTime: VeReMiLine.seconds(delivered.reception.tReceived.nanoseconds),
            sendTime: VeReMiLine.seconds(envelope.generationTime.nanoseconds), sender: delivered.sender,
            senderPseudo: cam.stationID, messageID: delivered.reception.messageID,
            state: .init(x: cam.x, y: cam.y, speed: cam.speed, acceleration: cam.acceleration, headingDeg: cam.heading))
    }

    /// Appends `lines` to the vehicle's log, creating it (named after its start time) on first use.
    private static func append(
        _ lines: [String], vehicle: UInt32, start: SimTime?, attacks: [UInt32: Int], directory: String,
        summary: inout Summary
    ) throws {
        guard let start, !lines.isEmpty else { return }
        let name = "traceJSON-\(vehicle)-\(vehicle)-A\(attacks[vehicle] ?? 0)-\(Self.startLabel(start))-0.json"
        let path = directory + "/" + name
        let isNew = !FileManager.default.fileExists(atPath: path)
        let out = try VeReMiFile(path: path, append: !isNew)
        for line in lines { try out.write(line) }
        try out.close()
        if isNew { summary.receiverFiles += 1 }
    }

    /// Seconds with up to three decimals and no trailing zeros, as F2MD prints simulation times.
    static func startLabel(_ time: SimTime) -> String {
        let millis = time.nanoseconds / 1_000_000
        let whole = millis / 1000
        let fraction = millis % 1000
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}

import Foundation
import Scenario
import SimKernel
import V2VCrypto

/// What the user asked for on the command line, before the grid is expanded and checked.
public struct SweepRequest: Sendable {
    /// The scenario file.
    public var scenario: String
    /// `--vary` arguments, unparsed.
    public var vary: [String]
    /// `--seeds N`.
    public var seedCount: Int?
    /// `--seed-list S1,S2,...`.
    public var seedList: [UInt64]?
    /// `--record KEY=VALUE` arguments (or `full`, which drops the sweep's defaults).
    public var record: [String]
    /// Fixed `--set FIELD=VALUE` overrides.
    public var sets: [String]

    /// Creates a request.
    public init(
        scenario: String, vary: [String], seedCount: Int? = nil, seedList: [UInt64]? = nil, record: [String] = [],
        sets: [String] = []
    ) {
        self.scenario = scenario
        self.vary = vary
        self.seedCount = seedCount
        self.seedList = seedList
        self.record = record
        self.sets = sets
    }
}

extension SweepPlan {
    /// Plans the sweep of `request`: parses the axes, picks the seeds and record keys, expands
    /// the grid, and loads the scenario under every grid point's overrides, so that a bad field
    /// or value is reported before anything runs, located like `--set` problems (with the
    /// `--vary` or `--record` argument named instead of `--set`).
    ///
    /// Seeds: `--seed-list` as given; `--seeds N` the scenario's seed (after `--set`) and the
    /// N − 1 following ones; neither: the scenario's seed alone.
    /// - Throws: `SweepError` with every problem found.
    public static func plan(_ request: SweepRequest) throws(SweepError) -> SweepPlan {
        guard let data = FileManager.default.contents(atPath: request.scenario) else {
            throw .invalidArgument("\(request.scenario): cannot read the scenario file")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard request.vary.count <= SweepLimits.axes else {
            throw .invalidArgument("\(request.vary.count) --vary arguments; at most \(SweepLimits.axes)")
        }
        var axes: [SweepAxis] = []
        var problems: [String] = []
        for argument in request.vary {
            do throws(SweepError) { axes.append(try SweepAxis.parse(argument)) } catch { problems.append(error.description) }
        }
        for (position, axis) in axes.enumerated() where axes[..<position].contains(where: { $0.field == axis.field }) {
            problems.append("--vary \(axis.field)=...: the field is varied twice; give all its values in one --vary")
        }
        guard problems.isEmpty else { throw .scenario(problems) }

        // The scenario as every run shares it: the base seed and the step come from here.
        let userRecord = request.record.filter { $0 != "full" }
        let fixed = userRecord.map { "record." + $0 } + request.sets
        let base: Scenario
        do throws(ScenarioErrors) { base = try ScenarioLoader.load(text: text, path: request.scenario, overrides: fixed) } catch {
            throw .scenario(SweepPlan.relabel(error.issues.map(\.description), record: userRecord, axes: []))
        }
        let record = (request.record.contains("full") ? [] : SweepPlan.defaultRecord(step: base.step)) + userRecord
        let seeds = try SweepPlan.seeds(request, base: base.seed)
        // Counted with a cap, so that 16 axes of 1000 values cannot overflow.
        var gridPoints = 1
        for axis in axes { gridPoints = min(gridPoints * axis.values.count, SweepLimits.runs + 1) }
        guard gridPoints * seeds.count <= SweepLimits.runs else {
            let points = gridPoints > SweepLimits.runs ? "more than \(SweepLimits.runs)" : String(gridPoints)
            throw .invalidArgument("the grid has \(points) points × \(seeds.count) seeds; at most \(SweepLimits.runs) runs")
        }
        let runs = SweepPlan.expand(axes: axes, seeds: seeds)
        let plan = SweepPlan(
            scenario: request.scenario, scenarioDigest: SHA256.hash(Array(data)).hex, axes: axes, seeds: seeds,
            record: record, sets: request.sets, runs: runs)
        try plan.validate(text: text)
        return plan
    }

    /// Loads the scenario once per grid point (the seed cannot make a scenario invalid) and
    /// collects the distinct problems, in grid order.
    func validate(text: String) throws(SweepError) {
        var seen: Set<String> = []
        var problems: [String] = []
        for run in self.runs where run.seed == self.seeds[0] {
            do throws(ScenarioErrors) {
                _ = try ScenarioLoader.load(text: text, path: self.scenario, overrides: self.overrides(for: run))
            } catch {
                let lines = SweepPlan.relabel(error.issues.map(\.description), record: self.record, axes: self.axes)
                for line in lines where seen.insert(line).inserted { problems.append(line) }
            }
        }
        guard problems.isEmpty else { throw .scenario(problems) }
    }

    /// Issue lines name the override that caused them as `--set FIELD=VALUE`; the sweep's user
    /// wrote `--vary FIELD=...` or `--record KEY=VALUE`, so say that.
    static func relabel(_ lines: [String], record: [String], axes: [SweepAxis]) -> [String] {
        lines.map { line in
            for entry in record where line.hasPrefix("--set record.\(entry): ") {
                return "--record \(entry): " + line.dropFirst("--set record.\(entry): ".count)
            }
            for axis in axes {
                for value in axis.values where line.hasPrefix("--set \(axis.field)=\(value): ") {
                    return "--vary \(axis.field)=\(value): " + line.dropFirst("--set \(axis.field)=\(value): ".count)
                }
            }
            return line
        }
    }

    /// The sweep's default recording: vehicle positions once a second (the largest multiple of
    /// the step up to 1 s) and no rows for frames lost on air, so that a thousand runs do not
    /// write a thousand full traces; the summary statistics are exact at any level.
    static func defaultRecord(step: SimTime) -> [String] {
        let second: Int64 = 1_000_000_000
        let interval = step.nanoseconds * max(1, second / max(step.nanoseconds, 1))
        let text = interval % 1_000_000 == 0 ? "\(interval / 1_000_000)ms" : "\(interval)ns"
        return ["fcd=\(text)", "radio_losses=false"]
    }

    static func seeds(_ request: SweepRequest, base: UInt64) throws(SweepError) -> [UInt64] {
        switch (request.seedCount, request.seedList) {
        case (.some, .some): throw .invalidArgument("give --seeds N or --seed-list S1,S2,..., not both")
        case (.some(let count), nil):
            guard count >= 1, count <= SweepLimits.seeds else {
                throw .invalidArgument("--seeds \(count): must be 1 … \(SweepLimits.seeds)")
            }
            return (0..<UInt64(count)).map { base &+ $0 }
        case (nil, .some(let list)):
            guard !list.isEmpty, list.count <= SweepLimits.seeds else {
                throw .invalidArgument("--seed-list: give 1 … \(SweepLimits.seeds) seeds")
            }
            guard Set(list).count == list.count else { throw .invalidArgument("--seed-list: a seed is given twice") }
            return list
        case (nil, nil): return [base]
        }
    }
}

extension SweepPlan {
    /// Why the runs cannot go ahead with the scenario file as it is now: it is gone, or its bytes
    /// differ from those the sweep was planned with; nil when it is unchanged.
    public func scenarioChange() -> String? {
        guard let data = FileManager.default.contents(atPath: self.scenario) else {
            return "\(self.scenario): cannot read the sweep's scenario file (from \(FileManager.default.currentDirectoryPath))"
        }
        let digest = SHA256.hash(Array(data)).hex
        guard digest == self.scenarioDigest else {
            return "\(self.scenario): the scenario file changed since the sweep was planned "
                + "(SHA-256 \(self.scenarioDigest.prefix(12))… then, \(digest.prefix(12))… now); start a new sweep"
        }
        return nil
    }
}

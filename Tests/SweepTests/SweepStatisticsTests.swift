import Testing

@testable import Sweep

@Suite("Sweep statistics and tables")
struct SweepStatisticsTests {
    @Test("mean and 95 % interval of known samples")
    func interval() throws {
        let e = try #require(IntervalEstimate([1, 2, 3]))
        #expect(e.mean == 2 && e.count == 3)
        // s = 1, t(0.975, 2) = 4.3027: half width 4.3027 / sqrt(3) = 2.48416.
        #expect(abs(try #require(e.high) - 4.48416) < 1e-4)
        #expect(abs(try #require(e.low) - (-0.48416)) < 1e-4)
        let one = try #require(IntervalEstimate([5]))
        #expect(one.mean == 5 && one.low == nil && one.high == nil)
        #expect(IntervalEstimate([]) == nil)
        let flat = try #require(IntervalEstimate([0.25, 0.25, 0.25, 0.25]))
        #expect(flat.low == 0.25 && flat.high == 0.25)
    }

    @Test("Student t quantiles: the table and the expansion beyond it agree with published values")
    func studentT() {
        #expect(IntervalEstimate.studentT975(degreesOfFreedom: 1) == 12.7062)
        #expect(IntervalEstimate.studentT975(degreesOfFreedom: 4) == 2.7764)
        #expect(abs(IntervalEstimate.studentT975(degreesOfFreedom: 40) - 2.0211) < 2e-4)
        #expect(abs(IntervalEstimate.studentT975(degreesOfFreedom: 120) - 1.9799) < 2e-4)
        #expect(abs(IntervalEstimate.studentT975(degreesOfFreedom: 31) - 2.0395) < 2e-4)
    }

    @Test("CSV round trip with commas, quotes and line breaks")
    func csv() {
        let rows = [["a", "b,c", "say \"hi\""], ["", "x\ny", "3"]]
        let text = rows.map(CSVText.line).joined()
        #expect(text == "a,\"b,c\",\"say \"\"hi\"\"\"\n,\"x\ny\",3\n")
        #expect(CSVText.parse(text) == rows)
        #expect(CSVText.parse("h1,h2\r\n1,\n") == [["h1", "h2"], ["1", ""]])
    }

    @Test("columns only some runs have go after the column that precedes them there")
    func mergeColumns() {
        var columns: [String] = []
        SweepResults.merge(["a", "latency", "fp", "hard"], into: &columns)
        SweepResults.merge(["a", "latency", "det_X_f1", "fp", "hard"], into: &columns)
        SweepResults.merge(["det_Y_f1", "a"], into: &columns)
        #expect(columns == ["det_Y_f1", "a", "latency", "det_X_f1", "fp", "hard"])
    }

    @Test("Slurm array specs and chunks of at most 1000 tasks")
    func arrays() {
        #expect(SlurmEngine.arraySpec([0, 1, 2, 3, 7, 9, 10]) == "0-3,7,9-10")
        #expect(SlurmEngine.arraySpec([5]) == "5")
        let chunks = SlurmEngine.chunks([2500, 3, 999, 1000, 1001])
        #expect(chunks.map(\.offset) == [0, 1000, 2000])
        #expect(chunks.map(\.tasks) == [[3, 999], [0, 1], [500]])
    }

    @Test("Slurm options that could inject script lines are refused")
    func slurmOptions() throws {
        try SlurmOptions(partition: "batch", time: "1-00:30:00", memory: "2G", cpusPerTask: 2).validate()
        #expect(throws: SweepError.self) { try SlurmOptions(partition: "a\n#SBATCH --x").validate() }
        #expect(throws: SweepError.self) { try SlurmOptions(time: "1 && rm").validate() }
        #expect(throws: SweepError.self) { try SlurmOptions(cpusPerTask: 0).validate() }
        let engine = SlurmEngine(
            layout: SweepLayout(directory: "/d/s"), executable: "/bin/v2v sim", workingDirectory: "/w",
            options: SlurmOptions(partition: "batch", time: "10", memory: "2G", cpusPerTask: 1))
        let plan = SweepPlan(scenario: "x.yaml", scenarioDigest: "", axes: [], seeds: [1], record: [], sets: [], runs: [])
        let script = engine.script(plan: plan)
        for line in ["#SBATCH --partition=batch", "#SBATCH --time=10", "#SBATCH --mem=2G", "#SBATCH --cpus-per-task=1",
                     "#SBATCH --chdir=/w", "#SBATCH --output=/d/s/slurm/%A_%a.out", "exec '/bin/v2v sim' sweep task '/d/s' \\"] {
            #expect(script.contains(line + "\n"), "script lacks \(line)")
        }
    }
}

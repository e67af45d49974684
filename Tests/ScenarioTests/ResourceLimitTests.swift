import Foundation
import Testing

@testable import Scenario

/// Hostile scenario texts get one located issue, quickly: the loader never builds what a text
/// only describes (issue 15, docs/limits.md).
@Suite("Resource limits of the scenario loader")
struct ResourceLimitTests {
    /// The issues for `text` and the processor time loading took on this thread (not wall-clock
    /// time, which other processes on a shared machine stretch).
    private func timedIssues(_ text: String, overrides: [String] = []) -> (issues: [String], seconds: Double) {
        let start = Self.threadCPUSeconds()
        let issues = ScenarioTestSupport.issues(text, overrides: overrides)
        return (issues, Self.threadCPUSeconds() - start)
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    @Test("a billion-laughs alias bomb stops at the alias that crosses the node limit, within a second")
    func aliasBomb() {
        // Running count: 21 nodes before l1, then l1 = 92, l2 = 821, l3 = 7382, l4 = 66431 with
        // their keys, 74 747 in all; l5's key and list make 74 749 and its first alias would add
        // l4's 66 430.
        let (issues, seconds) = self.timedIssues(HostileInputs.aliasBomb())
        #expect(issues == ["t.yaml:9:10: l5[0]: alias expansion exceeds 100000 nodes (alias *l4)"])
        #expect(seconds < 1)
    }

    @Test("a bomb used as a mapping key never reaches Yams' key comparison")
    func aliasBombAsKey() {
        let (issues, seconds) = self.timedIssues(HostileInputs.aliasBomb(levels: 12, fanOut: 9, asKey: true))
        #expect(issues == ["t.yaml:9:10: l5[0]: alias expansion exceeds 100000 nodes (alias *l4)"])
        #expect(seconds < 1)
        // Below the node limit the key is refused as a key, not expanded.
        let small = HostileInputs.aliasBomb(levels: 3, fanOut: 3, asKey: true)
        #expect(ScenarioTestSupport.issues(small).contains("t.yaml:7:3: must be a plain key, got a list as key"))
    }

    @Test("--set values are bounded like files")
    func overrideBomb() {
        var value = "[&a [x,x,x,x,x,x,x,x,x,x]"
        for level in 1..<8 {
            value += ", &\(Character(UnicodeScalar(97 + level)!)) ["
                + Array(repeating: "*\(Character(UnicodeScalar(96 + level)!))", count: 10).joined(separator: ",") + "]"
        }
        value += "]"
        let (issues, seconds) = self.timedIssues(ScenarioTestSupport.minimal, overrides: ["name=\(value)"])
        #expect(issues.count == 1)
        #expect(issues.first?.hasPrefix("--set name=[&a") == true)
        #expect(issues.first?.hasSuffix("alias expansion exceeds 100000 nodes (alias *d)") == true)
        #expect(seconds < 1)
    }

    @Test("nesting deeper than 64 levels is refused where it crosses, by the converter or by libyaml")
    func deepNesting() {
        #expect(ScenarioTestSupport.issues(HostileInputs.deepNesting(62)).first?.contains("nesting") != true)
        // The root mapping is level 1, so the 64th bracket (column 70) is level 65.
        #expect(self.timedIssues(HostileInputs.deepNesting(64)).issues == ["t.yaml:1:70: nesting exceeds 64 levels"])
        let (issues, seconds) = self.timedIssues(HostileInputs.deepNesting(100_000))
        // Past 1000 levels libyaml stops first and names the list it was parsing.
        #expect(issues == ["t.yaml:1:8: nesting exceeds 64 levels"])
        #expect(seconds < 1)
    }

    @Test("aliases cannot nest deeper than the limit either")
    func deepThroughAliases() {
        let inner = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let text = "name: t\nduration: 10s\ntraffic: [{ count: 1 }]\na: &a \(inner)\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
        #expect(ScenarioTestSupport.issues(text) == ["t.yaml:5:30: nesting exceeds 64 levels (alias *a)"])
    }

    @Test("a scalar longer than 4096 bytes is refused at its position")
    func hugeScalar() {
        #expect(ScenarioTestSupport.issues(HostileInputs.hugeScalar(4_096)).isEmpty)
        let (issues, seconds) = self.timedIssues(HostileInputs.hugeScalar(1_000_000))
        #expect(issues == ["t.yaml:1:7: name: a scalar of 1000000 bytes exceeds 4096 bytes"])
        #expect(seconds < 1)
    }

    @Test("a text over 1 MiB is refused before parsing; a file over 1 MiB before reading it all")
    func hugeFile() throws {
        let text = HostileInputs.hugeFile(1 << 20)
        let (issues, seconds) = self.timedIssues(text)
        #expect(issues == ["t.yaml: is \(text.utf8.count) bytes, more than the 1 MiB a scenario may have"])
        #expect(seconds < 1)
        #expect(ScenarioTestSupport.issues(HostileInputs.hugeFile((1 << 20) - 200)).isEmpty)

        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("limit-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.yaml").path
        try HostileInputs.hugeFile(64 << 20).write(toFile: path, atomically: false, encoding: .utf8)
        for file in [path, "/dev/zero"] {
            let start = Self.threadCPUSeconds()
            do {
                _ = try ScenarioLoader.load(path: file)
                Issue.record("\(file) loaded")
            } catch {
                #expect(error.issues.map(\.description) == ["\(file): is larger than the 1 MiB a scenario may have"])
            }
            #expect(Self.threadCPUSeconds() - start < 1)
        }
    }

    @Test("more than 1000 aliases are refused at the first one too many")
    func manyAliases() {
        #expect(ScenarioTestSupport.issues(HostileInputs.manyAliases(1_000)) == ["t.yaml:4:1: names: unknown key 'names'; did you mean 'name'?"])
        // "names: [" is 8 columns, each "*n, " 4 more: alias 1001 is at 9 + 4000.
        #expect(ScenarioTestSupport.issues(HostileInputs.manyAliases(1_001)) == ["t.yaml:4:4009: more than 1000 aliases"])
    }

    @Test("more than 100000 nodes without any alias are refused too")
    func manyNodes() {
        let (issues, seconds) = self.timedIssues(HostileInputs.manyNodes(100_000))
        // 10 nodes before `numbers`, its key and the list make 12: number k (column 11 + 2k) is node 13 + k.
        #expect(issues == ["t.yaml:4:199987: numbers[99988]: the document has more than 100000 nodes"])
        #expect(seconds < 1)
    }

    @Test("duplicate keys in a large text cost a bounded number of re-parses")
    func duplicatesInLargeText() {
        let duplicates = (0..<100).map { _ in "name: again\n" }.joined()
        let text = HostileInputs.hugeFile(900_000) + duplicates
        let (issues, seconds) = self.timedIssues(text)
        // 4 MiB / 900 kB allows 4 re-parses; the duplicate after them stops the search.
        #expect(issues.count == 1)
        #expect(issues.first?.hasSuffix("invalid YAML: duplicate key 'name'") == true)
        #expect(seconds < 2)
        // A small file gets every duplicate named.
        #expect(ScenarioTestSupport.issues(ScenarioTestSupport.minimal + duplicates).count == 100)
    }

    @Test("text that merely looks like an alias is kept verbatim; aliases of scalars work as keys")
    func aliasLookalikes() throws {
        let text = """
            name: "a *b and &c"   # a comment with *d
            duration: &d 10s
            traffic: [{ count: 2*3 }]
            security: { *v : none }
            x: &v verify

            """
        // `*v` is used before `&v` exists: undefined, as in YAML.
        #expect(ScenarioTestSupport.issues(text) == ["t.yaml:4:13: invalid YAML: found undefined alias"])
        let fixed = """
            name: "a *b and &c"   # a comment with *d
            step: &v 100ms
            duration: 10s
            traffic: [{ count: 2*3, idm: { v0: 'x*y' } }]

            """
        let issues = ScenarioTestSupport.issues(fixed)
        #expect(
            issues == [
                "t.yaml:4:20: traffic[0].count: must be an integer, got '2*3'",
                "t.yaml:4:36: traffic[0].idm.v0: must be a speed such as 120km/h, got 'x*y'",
            ])
        let scenario = try ScenarioTestSupport.load(
            "name: &k verify\nduration: 10s\ntraffic: [{ count: 1 }]\nsecurity: { *k : none }\n")
        #expect(scenario.name == "verify" && scenario.security.verify == .none)
        #expect(try ScenarioTestSupport.load("name: \"a *b\"  # *c\n" + ScenarioTestSupport.minimal.dropFirst(8)).name == "a *b")
    }

    @Test("a scenario whose overrides make its stored text too large to load again is refused")
    func storedTextTooLarge() {
        // 300 aliases of a group with a 4000-letter type: 5 kB in the file, 1.2 MB written out
        // with the aliases expanded.
        let group = "&g { count: 1, type: car\(String(repeating: "s", count: 4_000)) }"
        let text = "name: t\nduration: 10s\ntraffic: [\(group)" + String(repeating: ", *g", count: 299) + "]\n"
        #expect(ScenarioTestSupport.issues(text).isEmpty)
        let issues = ScenarioTestSupport.issues(text, overrides: ["seed=3"])
        #expect(issues.count == 1)
        #expect(issues.first?.hasPrefix("t.yaml: with overrides, the scenario is ") == true)
        #expect(issues.first?.hasSuffix("bytes written out (aliases expanded), more than the 1 MiB a scenario may have") == true)
    }

    @Test("private-use characters the loader reserves are refused at their position")
    func reservedCharacters() {
        #expect(ScenarioTestSupport.issues("name: a\u{E001}\n") == [
            "t.yaml:1:8: contains the private-use character U+E001, which scenario files may not use"
        ])
        #expect(ScenarioTestSupport.issues("name: t\nx: \u{F0000}\u{100000}\n") == [
            "t.yaml:2:4: contains the private-use character U+F0000, which scenario files may not use"
        ])
    }
}

import Testing

@testable import Sweep

@Suite("--vary parsing")
struct SweepAxisTests {
    @Test("values split at top-level commas; brackets, braces and quotes keep theirs")
    func splitting() throws {
        #expect(try SweepAxis.parse("security.verify=none,signature,full").values == ["none", "signature", "full"])
        #expect(try SweepAxis.parse("a.b = 1, 2 ,3").field == "a.b")
        #expect(try SweepAxis.parse("a.b=1, 2 ,3").values == ["1", "2", "3"])
        #expect(try SweepAxis.parse("road.lane_speed_limits=[30m/s,20m/s],[25m/s,25m/s]").values
            == ["[30m/s,20m/s]", "[25m/s,25m/s]"])
        #expect(try SweepAxis.parse("t[0].sensor={ range: 80m, fov: 60 },'a,b'").values == ["{ range: 80m, fov: 60 }", "'a,b'"])
    }

    @Test("malformed --vary arguments are named with what is wrong", arguments: [
        ("security.verify", "--vary security.verify: expected FIELD=V1,V2,..., e.g. --vary security.verify=none,full"),
        ("=1,2", "--vary =1,2: the field path is empty"),
        ("road.lanes=", "--vary road.lanes=: no values after '='"),
        ("road.lanes=1,,3", "--vary road.lanes=1,,3: value 2 is empty"),
        ("road.lanes=1,2,1", "--vary road.lanes=1,2,1: the value '1' is given twice"),
        ("seed=1,2", "--vary seed=1,2: vary the seed with --seeds N or --seed-list S1,S2,... instead"),
    ])
    func malformed(argument: String, message: String) {
        #expect(throws: SweepError.invalidVary(argument, String(message.dropFirst("--vary \(argument): ".count)))) {
            try SweepAxis.parse(argument)
        }
    }

    @Test("an axis with more values than the limit is refused")
    func limit() {
        let values = (0...SweepLimits.valuesPerAxis).map(String.init).joined(separator: ",")
        #expect(throws: SweepError.self) { try SweepAxis.parse("road.lanes=" + values) }
    }
}

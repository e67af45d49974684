import SimKernel

/// The overview JSON (`format: v2vsim-overview`, docs/visualizer.md): everything the page needs
/// that does not depend on the time shown: meta, layout, vehicles, blocks, incidents, charts.
enum VisualizerOverview {
    static let version = 1

    static func json(
        meta: [String: String], layout: VisualizerLayout, times: [Int64], vehicles: [VehicleInfo],
        blocks: [BlockRow], blockCount: Int, incidents: [IncidentRow], incidentCount: Int,
        charts: VisualizerCharts, density: SpaceTimeDensity, limits: VisualizerLimits
    ) -> String {
        var json = JSONText(capacity: 1 << 16)
        func seconds(_ ns: Int64) -> Double { Double(ns) / 1e9 }
        json.raw("{"); json.key("format"); json.string("v2vsim-overview")
        json.raw(","); json.key("version"); json.int(Self.version)
        json.raw(",\n"); json.key("meta"); json.raw("{")
        for (i, key) in meta.keys.sorted().filter({ $0 != "scenario_text" }).enumerated() {
            if i > 0 { json.raw(",") }
            json.key(key); json.string(meta[key]!)
        }
        json.raw("},\n"); json.key("scenario_text"); json.string(meta["scenario_text"] ?? "")
        json.raw(",\n"); json.key("start"); json.fixed(seconds(times.first ?? 0), 3)
        json.raw(","); json.key("end"); json.fixed(seconds(times.last ?? 0), 3)
        let step = times.count > 1 ? times[1] - times[0] : 0
        json.raw(","); json.key("fcd_step"); json.fixed(seconds(step), 3)
        json.raw(",\n"); json.key("layout"); layout.write(to: &json)
        json.raw(",\n"); json.key("vehicles"); json.raw("{")
        json.key("id"); json.ints(vehicles.map(\.id))
        json.raw(","); json.key("type"); json.strings(vehicles.map(\.type))
        json.raw(","); json.key("policy"); json.strings(vehicles.map(\.policy))
        json.raw(","); json.key("attacker"); json.strings(vehicles.map { $0.attacker ?? "" })
        json.raw(","); json.key("model_digest"); json.strings(vehicles.map { $0.models.sorted().joined(separator: " ") })
        json.raw(","); json.key("first_seen"); json.fixeds(vehicles.map { seconds($0.firstSeen) }, 3)
        json.raw(","); json.key("last_seen"); json.fixeds(vehicles.map { seconds($0.lastSeen) }, 3)
        json.raw("},\n"); json.key("blocks"); json.raw("{")
        json.key("count"); json.int(blockCount)
        json.raw(","); json.key("height"); json.ints(blocks.map(\.height))
        json.raw(","); json.key("t_proposed"); json.fixeds(blocks.map { seconds($0.tProposed.nanoseconds) }, 6)
        json.raw(","); json.key("t_final"); json.fixeds(blocks.map { seconds($0.tFinal.nanoseconds) }, 6)
        json.raw(","); json.key("leaves"); json.ints(blocks.map(\.leafCount))
        json.raw(","); json.key("proposer"); json.ints(blocks.map(\.proposer))
        json.raw("},\n"); json.key("incidents"); json.raw("{")
        json.key("count"); json.int(incidentCount)
        json.raw(","); json.key("list"); json.raw("[")
        for (i, incident) in incidents.enumerated() {
            if i > 0 { json.raw(",") }
            json.raw("{"); json.key("kind"); json.string(incident.kind)
            json.raw(","); json.key("t"); json.fixed(seconds(incident.time.nanoseconds), 6)
            json.raw(","); json.key("value"); json.fixed(incident.value, 3)
            json.raw(","); json.key("vehicles"); json.ints([incident.vehicleA] + (incident.vehicleB.map { [$0] } ?? []))
            json.raw(","); json.key("detail"); json.string(incident.detail); json.raw("}")
        }
        json.raw("]},\n"); json.key("charts"); charts.write(to: &json)
        json.raw(",\n"); json.key("density"); density.write(to: &json)
        json.raw(",\n"); json.key("limits"); json.raw("{")
        json.key("window_seconds"); json.fixed(limits.windowSeconds, 3)
        json.raw(","); json.key("window_receptions"); json.int(limits.windowReceptions)
        json.raw("}}\n")
        return json.text
    }
}

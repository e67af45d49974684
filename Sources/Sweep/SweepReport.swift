import Foundation

/// `report.html`: one chart per metric against the varied fields, mean over seeds with its 95 %
/// interval as a band, drawn by Chart.js (inlined, so the page is one file that opens anywhere).
///
/// The x axis is the first varied field, its values in the order given; every combination of
/// the other varied fields is one line. Without varied fields there is one point per metric.
public enum SweepReport {
    /// The page.
    ///
    /// - Parameters:
    ///   - aggregate: the per-grid-point estimates.
    ///   - metrics: the metrics to draw (nil: every numeric one), in this order.
    ///   - title: the page's heading.
    ///   - chartJS: the Chart.js UMD build's text.
    /// - Throws: `SweepError.invalidArgument` for a metric the results do not have.
    public static func html(
        aggregate: SweepAggregate, metrics: [String]?, title: String, chartJS: String
    ) throws(SweepError) -> String {
        let chosen = metrics ?? aggregate.metrics
        if let unknown = chosen.first(where: { !aggregate.metrics.contains($0) }) {
            throw .invalidArgument("--metrics: no numeric column '\(unknown)' in the results; they are: "
                + aggregate.metrics.joined(separator: ", "))
        }
        let xField = aggregate.fields.first ?? "all runs"
        var xValues: [String] = []
        var seriesKeys: [[String]] = []
        for point in aggregate.points {
            let x = point.values.first ?? "all"
            if !xValues.contains(x) { xValues.append(x) }
            let key = Array(point.values.dropFirst())
            if !seriesKeys.contains(key) { seriesKeys.append(key) }
        }
        let otherFields = Array(aggregate.fields.dropFirst())
        var charts: [[String: Any]] = []
        for metric in chosen {
            var series: [[String: Any]] = []
            for key in seriesKeys {
                var mean: [Any] = []
                var low: [Any] = []
                var high: [Any] = []
                var runs: [Any] = []
                for x in xValues {
                    let point = aggregate.points.first { ($0.values.first ?? "all") == x && Array($0.values.dropFirst()) == key }
                    let e = point?.estimates[metric]
                    mean.append(e.map { $0.mean as Any } ?? NSNull())
                    low.append(e.map { ($0.low ?? $0.mean) as Any } ?? NSNull())
                    high.append(e.map { ($0.high ?? $0.mean) as Any } ?? NSNull())
                    runs.append(e?.count ?? 0)
                }
                let label = key.isEmpty ? metric : zip(otherFields, key).map { "\($0)=\($1)" }.joined(separator: ", ")
                series.append(["label": label, "mean": mean, "low": low, "high": high, "runs": runs])
            }
            charts.append(["metric": metric, "series": series])
        }
        let payload: [String: Any] = ["title": title, "x": xField, "labels": xValues, "charts": charts]
        guard let json = try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]) else {
            throw .io("cannot encode the report data")
        }
        // `</` would end the script element early; JSON allows `<\/` for it.
        let data = String(decoding: json, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
        let safeChart = chartJS.replacingOccurrences(of: "</script", with: "<\\/script")
        return SweepReport.page(title: title, data: data, chartJS: safeChart)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func page(title: String, data: String, chartJS: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(SweepReport.escape(title))</title>
        <style>
        body { font-family: sans-serif; margin: 16px; color: #222; background: #fff; }
        h1 { font-size: 20px; margin: 0 0 4px 0; }
        p.note { margin: 0 0 12px 0; color: #555; font-size: 13px; }
        #charts { display: grid; grid-template-columns: repeat(2, 600px); gap: 12px; }
        .chart h2 { font-size: 14px; margin: 0 0 4px 0; font-family: monospace; }
        </style>
        <script>\(chartJS)</script>
        </head>
        <body>
        <h1>\(SweepReport.escape(title))</h1>
        <p class="note">Each line: mean over seeds; shaded band: 95 % confidence interval (Student t). Written by v2vsim sweep collect.</p>
        <div id="charts"></div>
        <script>
        const REPORT = \(data);
        const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"];
        function alpha(hex, a) {
          const n = parseInt(hex.slice(1), 16);
          return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
        }
        for (const chart of REPORT.charts) {
          const box = document.createElement("div");
          box.className = "chart";
          const heading = document.createElement("h2");
          heading.textContent = chart.metric;
          const canvas = document.createElement("canvas");
          canvas.width = 600; canvas.height = 320;
          box.append(heading, canvas);
          document.getElementById("charts").append(box);
          const datasets = [];
          chart.series.forEach((s, i) => {
            const color = COLORS[i % COLORS.length];
            datasets.push({ label: s.label + " low", data: s.low, borderWidth: 0, pointRadius: 0, fill: false, band: true, spanGaps: true });
            datasets.push({ label: s.label + " high", data: s.high, borderWidth: 0, pointRadius: 0, fill: "-1",
                            backgroundColor: alpha(color, 0.18), band: true, spanGaps: true });
            // Dashes tell apart lines that coincide (two modes with equal results).
            datasets.push({ label: s.label, data: s.mean, borderColor: color, backgroundColor: color, pointRadius: 3 + i % 3,
                            borderDash: [[], [8, 5], [2, 3]][i % 3], borderWidth: 2 + (i % 3 === 0 ? 1 : 0), fill: false, spanGaps: true });
          });
          new Chart(canvas, {
            type: "line",
            data: { labels: REPORT.labels, datasets },
            options: {
              responsive: false, animation: false,
              plugins: { legend: { labels: { filter: (item, data) => !data.datasets[item.datasetIndex].band } } },
              scales: { x: { title: { display: true, text: REPORT.x } }, y: { title: { display: true, text: chart.metric } } }
            }
          });
        }
        document.body.dataset.ready = "true";
        </script>
        </body>
        </html>

        """
    }
}

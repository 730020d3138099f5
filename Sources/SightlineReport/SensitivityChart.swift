import Foundation
import SightlineCore
import SightlineScenario

/// What `sightline sensitivity` writes besides its JSON: the tornado chart (the risk
/// report's, in the report's words) and a CSV row per assumption.
public enum SensitivityChart {
    /// The run as the report's tornado: its outcome, duration, nominal answer and swings.
    public static func tornado(_ doc: SensitivityDocument) -> ReportUncertainty.Tornado {
        .init(
            outcome: ReportUncertainty.Tornado.Outcome(rawValue: doc.outcome.rawValue) ?? .detected,
            durationSeconds: doc.durationSeconds,
            nominal: doc.pNominal,
            factors: doc.factors.map {
                .init(name: $0.name, low: $0.low, high: $0.high, pLow: $0.pLow, pHigh: $0.pHigh)
            }
        )
    }

    /// The tornado chart as a standalone SVG document, widest swing on top.
    public static func svg(
        _ doc: SensitivityDocument,
        scene: RiskScene,
        model: MeasurementModel,
        language: ReportLanguage = .en
    ) -> String {
        RiskReport(scene: scene, results: [], model: model, command: "", language: language)
            .tornadoPlot(tornado(doc))
    }

    /// One row per assumption, widest swing first; Sobol' columns empty for a one-at-a-time run.
    public static func csv(_ doc: SensitivityDocument) -> CSVTable {
        var table = CSVTable(header: [
            "name", "low", "high", "p_low", "p_high", "swing", "first_order", "first_order_lo", "first_order_hi",
            "total", "total_lo", "total_hi",
        ])
        for f in doc.factors {
            var row: [CSVTable.Cell] = [.text(f.name), .number(f.low), .number(f.high), .number(f.pLow)]
            row += [.number(f.pHigh), .number(f.swing)]
            for (x, ci) in [(f.firstOrder, f.firstOrderCI95), (f.total, f.totalCI95)] {
                if let x, let ci, ci.count == 2 {
                    row += [.number(x), .number(ci[0]), .number(ci[1])]
                } else {
                    row += [.text(""), .text(""), .text("")]
                }
            }
            table.append(row)
        }
        return table
    }
}

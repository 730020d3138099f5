import Foundation
import SightlineCore
import SightlineReport
import SightlineScenario
import Testing

/// The HTML risk report from a small run: a hand-written measurement model (Pd a ramp from
/// 0 at 0 dB to 1 at 10 dB, bearings 2° everywhere) so the test needs no IQ calibration.
@Suite struct RiskReportTests {
    static let model = try! JSONDecoder().decode(
        MeasurementModel.self,
        from: Data(
            """
            {"snrDB": [0, 10], "burstPd": [0, 1], "bearingSNRdB": [0, 10], "bearingRMSEDegrees": [2, 2],
             "seed": 1, "burstsPerPoint": 1, "bearingsPerPoint": 1}
            """.utf8
        )
    )

    @Test func selfContainedAndComplete() throws {
        let scene = try RiskSceneFile.parse(
            """
            name: "Test <scene> & co"
            description: "A phone & a post."
            call: {position: {east_m: 300, north_m: 400}, tx_dbm: 33}
            observers:
              - {name: "post <1>", kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}}
              - {name: walker, kind: homing, dispatched_by: "post <1>", reaction_s: 10}
            tactics:
              - {name: farther, set: {call.position.north_m: 4000}}
            """,
            path: "t.yaml"
        )
        let results = try ([(scene.name, scene)] + scene.tactics).map { v in
            var r = try RiskEngine.run(scene: v.1, model: Self.model, durations: [30, 480], trials: 100, seed: 1)
            r.name = v.0
            return r
        }
        let html = RiskReport(scene: scene, results: results, model: Self.model, command: "sightline report t.yaml")
            .render()
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        // No scripts, and the only URLs are the SVG namespace declarations.
        #expect(!html.contains("<script"))
        #expect(
            html.components(separatedBy: "http").count
                == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count
        )
        #expect(html.contains("Test &lt;scene&gt; &amp; co") && !html.contains("Test <scene>"))
        #expect(html.contains("The scene from above") && html.contains("post &lt;1&gt;"))
        #expect(html.components(separatedBy: "<svg").count - 1 >= 3)
        #expect(html.contains("class=\"mark\""), "the 8-minute row is marked")
        #expect(
            html.contains("farther") && html.contains("backpack") && html.contains("P.1411-12"),
            "tactics and preset sources"
        )
    }
}

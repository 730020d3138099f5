import Foundation
import SightlineCore
import SightlineRF
import SightlineScenario

/// The report educators hand out: one self-contained HTML file (inline SVG and CSS, no
/// scripts, no network) that says in plain language what the scene is, what was assumed —
/// every device number with its source — and what the risk curves say, with the 8-minute
/// mark of Eun-mi's call drawn on every plot. It prints on A4 without losing a figure.
public struct RiskReport: Sendable {
    public var scene: RiskScene
    public var results: [RiskEngine.Result]
    public var model: MeasurementModel
    /// The command that reproduces the numbers, printed in the report.
    public var command: String

    public init(scene: RiskScene, results: [RiskEngine.Result], model: MeasurementModel, command: String) {
        self.scene = scene
        self.results = results
        self.model = model
        self.command = command
    }

    static func percent(_ p: Double) -> String {
        if p >= 0.995 && p < 1 { return "over 99 %" }
        if p > 0 && p < 0.005 { return "under 1 %" }
        return String(format: "%.0f %%", 100 * p)
    }

    static func minutes(_ s: Double) -> String {
        s < 60
            ? String(format: "%.0f s", s)
            : s.truncatingRemainder(dividingBy: 60) == 0
                ? String(format: "%.0f min", s / 60) : String(format: "%.1f min", s / 60)
    }

    /// The point of a curve nearest 8 minutes.
    static func eightMinutes(_ r: RiskEngine.Result) -> RiskEngine.Point? {
        r.curve.min { abs($0.durationSeconds - 480) < abs($1.durationSeconds - 480) }
    }

    func curvesPlot(_ r: RiskEngine.Result) -> String {
        var plot = SVGPlot(
            title: "\(r.name): the odds against call length",
            xLabel: "call duration (minutes)",
            yLabel: "probability"
        )
        let x = r.curve.map { $0.durationSeconds / 60 }
        plot.series = [
            .init(
                label: "detected",
                points: zip(x, r.curve.map(\.pDetected)).map { (x: $0, y: $1) },
                colour: SVGPlot.palette[0]
            ),
            .init(
                label: "located within \(Int(scene.locatedWithinMeters)) m",
                points: zip(x, r.curve.map(\.pLocated)).map { (x: $0, y: $1) },
                colour: SVGPlot.palette[3]
            ),
            .init(
                label: "agent at the door",
                points: zip(x, r.curve.map(\.pAgentArrived)).map { (x: $0, y: $1) },
                colour: SVGPlot.palette[1]
            ),
        ]
        plot.markers = [
            .init(axis: .x, value: 8, label: "8 minutes (C4)"), .init(axis: .y, value: 0, label: ""),
            .init(axis: .y, value: 1, label: ""),
        ]
        return plot.render()
    }

    /// When the agent reached the door, over the calls where he did (in the longest call):
    /// a histogram in 30-second bins, with the median and the 10th and 90th percentiles.
    func doorTimesPlot(_ r: RiskEngine.Result) -> String? {
        let t = r.timesToArrivalSeconds
        guard t.count >= 10, let first = t.first, let last = t.last else { return nil }
        let bin = 30.0
        let lo = (first / bin).rounded(.down) * bin
        let bins = max(1, Int(((last - lo) / bin).rounded(.up)))
        var counts = [Int](repeating: 0, count: bins)
        for x in t { counts[min(bins - 1, Int((x - lo) / bin))] += 1 }
        var plot = SVGPlot(
            title: "\(r.name): when the agent reached the door (\(t.count) of \(r.trials) calls)",
            xLabel: "time from the start of the call (minutes)",
            yLabel: "share of calls per 30 s"
        )
        var points: [(x: Double, y: Double)] = []
        for (i, c) in counts.enumerated() {
            let a = (lo + Double(i) * bin) / 60
            let y = Double(c) / Double(r.trials)
            points += [(a, 0), (a, y), (a + bin / 60, y), (a + bin / 60, 0)]
        }
        plot.series = [.init(label: "agent at the door", points: points, colour: SVGPlot.palette[1])]
        for (q, name) in [(0.1, "p10"), (0.5, "median"), (0.9, "p90")] {
            if let v = Statistics.quantile(sorted: t, q) {
                plot.markers.append(.init(axis: .x, value: v / 60, label: "\(name) \(Self.minutes(v))"))
            }
        }
        return plot.render()
    }

    func tacticsPlot(_ pick: (RiskEngine.Point) -> Double, what: String) -> String {
        var plot = SVGPlot(title: "Each tactic: P(\(what))", xLabel: "call duration (minutes)", yLabel: "probability")
        plot.series = results.enumerated().map { i, r in
            .init(
                label: r.name,
                points: r.curve.map { (x: $0.durationSeconds / 60, y: pick($0)) },
                colour: SVGPlot.palette[i % SVGPlot.palette.count]
            )
        }
        plot.markers = [
            .init(axis: .x, value: 8, label: "8 minutes"), .init(axis: .y, value: 0, label: ""),
            .init(axis: .y, value: 1, label: ""),
        ]
        return plot.render()
    }

    /// The scene from above: the phone, every listening place, patrol loops, locator
    /// sensors and jammers (the serving mast is usually kilometres off and is named in the
    /// text instead).
    func planView() -> String {
        var map = SVGMap(title: "The scene from above")
        map.truth = (scene.call.position.eastMeters, scene.call.position.northMeters)
        map.truthLabel = "phone"
        for o in scene.observers {
            switch o.kind {
            case .stationary:
                map.sensors.append((o.position.eastMeters, o.position.northMeters))
                map.labels.append((o.position.eastMeters, o.position.northMeters, o.name))
            case .patrol:
                map.loops.append(o.path.map { ($0.eastMeters, $0.northMeters) })
                if let first = o.path.first {
                    map.labels.append((first.eastMeters, first.northMeters, "\(o.name) (loop)"))
                }
            case .multiSensor:
                for (i, p) in o.sensors.enumerated() {
                    map.sensors.append((p.eastMeters, p.northMeters))
                    map.labels.append((p.eastMeters, p.northMeters, "\(o.name) \(i + 1)"))
                }
            case .homing:
                if o.dispatchedBy == nil {
                    map.sensors.append((o.position.eastMeters, o.position.northMeters))
                    map.labels.append((o.position.eastMeters, o.position.northMeters, "\(o.name) (starts here)"))
                }
            }
        }
        for j in scene.jammers {
            map.sensors.append((j.position.eastMeters, j.position.northMeters))
            map.labels.append((j.position.eastMeters, j.position.northMeters, "jammer"))
        }
        return map.render()
    }

    func table(_ r: RiskEngine.Result) -> String {
        var t =
            "<table><thead><tr><th>call</th><th>P(detected)</th><th>95 % interval</th><th>P(located ≤ \(Int(scene.locatedWithinMeters)) m)</th><th>P(misled: a wrong fix declared)</th><th>P(agent at door)</th></tr></thead><tbody>\n"
        for p in r.curve {
            let mark = abs(p.durationSeconds - 480) < 1 ? " class=\"mark\"" : ""
            t +=
                "<tr\(mark)><td>\(Self.minutes(p.durationSeconds))</td><td>\(Self.percent(p.pDetected))</td><td>"
                + String(format: "%.3f – %.3f", p.pDetectedCI95.0, p.pDetectedCI95.1)
                + "</td><td>\(Self.percent(p.pLocated))</td><td>\(Self.percent(p.pMisled))</td><td>\(Self.percent(p.pAgentArrived))</td></tr>\n"
        }
        return t + "</tbody></table>\n"
    }

    func presetSection(_ p: DevicePreset, role: String) -> String {
        var s = "<li><b>\(Markup.escape(role))</b> — <i>\(Markup.escape(p.name))</i>: \(Markup.escape(p.summary)).<ul>"
        for n in p.notes { s += "<li>\(Markup.escape(n))</li>" }
        return s + "</ul></li>\n"
    }

    public func render() -> String {
        let base = results[0]
        let at8 = Self.eightMinutes(base)
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Markup.escape(scene.name)) — Sightline risk report</title>
            <style>
            body { font-family: Georgia, 'DejaVu Serif', serif; max-width: 860px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
            h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
            .lead { font-size: 1.15em; } .key { background: #fff4e5; border-left: 5px solid #d62728; padding: 0.6em 1em; margin: 1em 0; }
            table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.95em; } th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: right; }
            th { background: #f2f2f2; } td:first-child, th:first-child { text-align: left; } tr.mark td { background: #fde0e0; font-weight: bold; }
            figure { margin: 1em 0; page-break-inside: avoid; } svg { max-width: 100%; height: auto; }
            code { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.9em; background: #f5f5f5; padding: 0 0.2em; }
            .small { font-size: 0.85em; color: #555; }
            @media print { body { margin: 0; max-width: none; font-size: 10.5pt; } h2 { page-break-after: avoid; } .key { border-left-width: 3px; } }
            </style></head><body>
            <h1>\(Markup.escape(scene.name))</h1>
            <p class="lead">\(Markup.escape(scene.description))</p>

            """
        if !base.callPossible {
            h +=
                "<p class=\"key\">In this scene the jammers hold the Chinese downlink below what a handset needs (\(String(format: "%.1f", base.downlinkSINRdB ?? 0)) dB against 9 dB): the call cannot be made here at all, so there is nothing to detect.</p>\n"
        } else if let p = at8 {
            h +=
                "<div class=\"key\"><p><b>What the numbers say.</b> In \(Markup.escape(String(base.trials))) simulated calls of eight minutes, the phone was detected in \(Self.percent(p.pDetected)) of them"
            h +=
                p.pLocated > 0
                ? ", its position was fixed to within \(Int(scene.locatedWithinMeters)) m in \(Self.percent(p.pLocated))"
                : ""
            h +=
                p.pAgentArrived > 0
                ? ", and an agent following the signal reached the door in \(Self.percent(p.pAgentArrived))." : "."
            if let short = base.curve.first {
                h +=
                    " A call of \(Self.minutes(short.durationSeconds)) gives \(Self.percent(short.pDetected)), \(Self.percent(short.pLocated)) and \(Self.percent(short.pAgentArrived))."
            }
            h += "</p>"
            if !base.timesToFixSeconds.isEmpty {
                let t = base.timesToFixSeconds
                h +=
                    "<p>When a fix came, it came after \(Self.minutes(Statistics.median(sorted: t))) (median; 1 in 10 within \(Self.minutes(t[t.count / 10])))"
                if !base.timesToArrivalSeconds.isEmpty {
                    let a = base.timesToArrivalSeconds
                    h +=
                        "; an agent who got to the door took \(Self.minutes(Statistics.median(sorted: a))) from the start of the call (median)"
                }
                h += ".</p>"
            }
            h += "</div>\n"
        }
        h +=
            "<h2>How the odds grow with the length of the call</h2>\n<figure>\(curvesPlot(base))</figure>\n\(table(base))"
        if let door = doorTimesPlot(base) {
            h +=
                "<h2>When the agent reaches the door</h2>\n<p>The spread comes from what is not known: how soon the agent sets off, how fast he walks, the streets he must take and how long he needs to find the right door.</p>\n<figure>\(door)</figure>\n"
        }
        if results.count > 1 {
            h +=
                "<h2>What each precaution changes</h2>\n<p>The same scene, changed one way at a time. People on the border keep calls short, go up into the hills or behind them, move away from where the listeners are, and keep the phone switched off until they call (C9).</p>\n"
            h += "<figure>\(tacticsPlot({ $0.pDetected }, what: "detected"))</figure>\n"
            if results.contains(where: { $0.curve.contains { $0.pAgentArrived > 0 } }) {
                h += "<figure>\(tacticsPlot({ $0.pAgentArrived }, what: "agent at the door"))</figure>\n"
            }
            h +=
                "<table><thead><tr><th>at 8 minutes</th><th>handset power</th><th>P(detected)</th><th>P(located)</th><th>P(agent at door)</th></tr></thead><tbody>\n"
            for r in results {
                guard let p = Self.eightMinutes(r) else { continue }
                h +=
                    "<tr><td>\(Markup.escape(r.name))</td><td>"
                    + (r.callPossible ? String(format: "%.0f dBm", r.transmitPowerDBm) : "no call (jammed)")
                    + "</td><td>\(Self.percent(p.pDetected))</td><td>\(Self.percent(p.pLocated))</td><td>\(Self.percent(p.pAgentArrived))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        // Assumptions.
        let call = scene.call
        h += "<h2>What was assumed</h2>\n<figure>\(planView())</figure>\n<ul>\n"
        h +=
            "<li>The phone is at (\(Int(call.position.eastMeters)), \(Int(call.position.northMeters))) m east/north, \(String(format: "%.1f", call.heightMeters)) m up. "
        if let fixed = call.fixedPowerDBm {
            h += "It transmits at a fixed \(String(format: "%.0f", fixed)) dBm.</li>\n"
        } else {
            h += String(
                format:
                    "Its serving mast is %.1f km away across the border; GSM power control (2 dB steps, aimed at %.0f dBm at the mast, %@ path loss) sets it to %.0f dBm.</li>\n",
                call.position.distance(to: call.mast) / 1000,
                call.powerControlTargetDBm,
                call.mastPathLoss.rawValue,
                base.transmitPowerDBm
            )
        }
        h += "<li>During the call it sends one burst every 4.615 ms TDMA frame (3GPP TS 45.002). "
        h +=
            call.onBeforeCallSeconds > 0
            ? String(
                format:
                    "It is switched on %.0f min before the call: it registers at power-on and every %.0f min (location updates, %d bursts each).</li>\n",
                call.onBeforeCallSeconds / 60,
                call.locationUpdateIntervalSeconds / 60,
                call.signallingBursts
            )
            : "It is switched on only to make the call.</li>\n"
        let prop = scene.propagation
        let fading: String =
            switch prop.fading {
            case .none: "no fading"
            case .rayleigh: "Rayleigh fading"
            case .rician(let k): String(format: "Rician fading (K = %.0f dB)", k)
            }
        h += String(
            format:
                "<li>Every path has %.0f dB log-normal shadowing and %@ with %.1f Hz Doppler (a new fade every %.2f s).</li>\n",
            prop.shadowingDB,
            fading,
            prop.dopplerHz,
            prop.coherenceSeconds
        )
        if scene.terrain.ridgeHeightMeters > 0 {
            h += String(
                format:
                    "<li>A ridge rises %.0f m above the line of sight, %.0f m from the phone (knife-edge diffraction, ITU-R P.526).</li>\n",
                scene.terrain.ridgeHeightMeters,
                scene.terrain.ridgeDistanceFromPhoneMeters
            )
        }
        for o in scene.observers {
            var what = "<li><b>\(Markup.escape(o.name))</b>: "
            switch o.kind {
            case .stationary:
                what +=
                    "listens from (\(Int(o.position.eastMeters)), \(Int(o.position.northMeters))) m, \(String(format: "%.0f", o.heightMeters)) m up"
            case .patrol:
                what += "patrols a \(o.path.count)-point loop at \(String(format: "%.1f", o.speedMetersPerSecond)) m/s"
            case .homing:
                what +=
                    o.dispatchedBy.map {
                        "sets off from \(Markup.escape($0)) \(Int(o.reactionSeconds)) s after it first hears the phone, "
                    } ?? "listens and, once it hears the phone, "
                what +=
                    "takes a bearing every \(Int(o.lookIntervalSeconds)) s and walks along it at \(String(format: "%.1f", o.speedMetersPerSecond)) m/s; at the door within \(Int(o.stopMeters)) m"
            case .multiSensor:
                what += "\(o.sensors.count) direction-finding sensors whose bearings are fused into a fix"
            }
            if o.dwellSeconds < o.revisitSeconds {
                what += String(format: "; scans, listening %.1f s in every %.1f s", o.dwellSeconds, o.revisitSeconds)
            }
            if let snr = base.meanSNRdB[o.name], o.dispatchedBy == nil {
                what += String(format: " (median SNR of a burst %.1f dB)", snr)
            }
            h += what + ".</li>\n"
        }
        h += "</ul>\n<h3>Devices (every number and its source)</h3>\n<ul>\n"
        var seen = Set<String>()
        h += presetSection(call.handset, role: "the phone")
        for o in scene.observers where !seen.contains(o.device.name) {
            seen.insert(o.device.name)
            h += presetSection(o.device, role: o.name)
        }
        for j in scene.jammers where !seen.contains(j.device.name) {
            seen.insert(j.device.name)
            h += presetSection(j.device, role: "jammer")
        }
        h += "</ul>\n"
        // How it was computed.
        var lo = -10.0
        var hi = 30.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if model.pd(snrDB: mid) < 0.5 { lo = mid } else { hi = mid }
        }
        h +=
            "<h2>How this was computed</h2>\n<p>Each of the \(base.trials) calls is simulated with its own random shadowing, fading and (for patrols) starting point. Whether a burst is heard, and how far off a bearing is, are drawn from what Sightline's own detector and direction finder do on synthesized radio samples at that signal-to-noise ratio (the <i>\(base.fidelity.rawValue)</i> level): "
        h += String(
            format:
                "the detector hears half of the bursts at %.1f dB SNR; the hand-held direction finder's bearings are off by %.1f° (RMS) at 10 dB. ",
            lo,
            model.bearingSigmaDegrees(snrDB: 10)
        )
        h +=
            "Fixes use the maximum-likelihood intersection of all bearings so far. The ranges in brackets are 95 % (Wilson) intervals.</p>\n"
        h +=
            "<p class=\"small\">Reproduce: <code>\(Markup.escape(command))</code> (seed \(base.seed)). Sightline simulates and analyses only; it never transmits and never decodes communications. Testimony: Amnesty International, <i>Connection Denied</i> (2016).</p>\n"
        h += "</body></html>\n"
        return h
    }
}

import Foundation
import SightlineCore
import SightlineRF
import SightlineScenario

/// The report educators hand out: one self-contained HTML file (inline SVG and CSS, no
/// scripts, no network) that says in plain language what the scene is, what was assumed —
/// every device number with its source — and what the risk curves say, with the call length
/// the scene's story turns on marked on every plot. It prints on A4 without losing a figure.
///
/// Every scene-specific word comes from the scene's `story:` (neutral wording without one);
/// every other word from ``ReportString``, in English or Korean. When a run provides them,
/// assumption bands are drawn on the curves and a tornado chart shows what the answer
/// depends on most (``ReportUncertainty``).
public struct RiskReport: Sendable {
    public var scene: RiskScene
    public var results: [RiskEngine.Result]
    public var model: MeasurementModel
    /// The command that reproduces the numbers, printed in the report.
    public var command: String
    public var language: ReportLanguage
    /// Percentile bands across assumption sets, by result name (the scene's or a tactic's).
    public var bands: [String: ReportUncertainty.Bands]
    /// One-at-a-time sensitivities of the scene, drawn as a tornado chart.
    public var tornado: ReportUncertainty.Tornado?

    public init(
        scene: RiskScene,
        results: [RiskEngine.Result],
        model: MeasurementModel,
        command: String,
        language: ReportLanguage = .en,
        bands: [String: ReportUncertainty.Bands] = [:],
        tornado: ReportUncertainty.Tornado? = nil
    ) {
        self.scene = scene
        self.results = results
        self.model = model
        self.command = command
        self.language = language
        self.bands = bands
        self.tornado = tornado
    }

    func t(_ key: ReportString, _ args: String...) -> String { key.text(language, args: args) }
    func e(_ key: ReportString, _ args: String...) -> String { Markup.escape(key.text(language, args: args)) }

    /// The story's words in the report's language (empty without a story).
    var words: RiskStory.Text { scene.story?.text(language: language.rawValue) ?? .init() }

    func percent(_ p: Double) -> String {
        if p >= 0.995 && p < 1 { return t(.percentOver99) }
        if p > 0 && p < 0.005 { return t(.percentUnder1) }
        return String(format: "%.0f %%", 100 * p)
    }

    func minutes(_ s: Double) -> String {
        s < 60
            ? t(.seconds, String(format: "%.0f", s))
            : t(
                .minutes,
                s.truncatingRemainder(dividingBy: 60) == 0
                    ? String(format: "%.0f", s / 60) : String(format: "%.1f", s / 60)
            )
    }

    /// The call length the story turns on; without one, the longest call simulated.
    var keyDurationSeconds: Double {
        scene.story?.keyDurationSeconds ?? results.first?.curve.map(\.durationSeconds).max() ?? 480
    }

    /// "8 min (C4)": the key duration and the claim.
    var keyLabel: String { minutes(keyDurationSeconds) + (scene.story?.claim.map { " (\($0))" } ?? "") }

    /// The index of the curve point nearest the key duration.
    func keyIndex(_ r: RiskEngine.Result) -> Int? {
        r.curve.indices.min {
            abs(r.curve[$0].durationSeconds - keyDurationSeconds)
                < abs(r.curve[$1].durationSeconds - keyDurationSeconds)
        }
    }

    /// A result's name in the report's language: the story's title for the scene itself,
    /// the story's name for a tactic if it gives one.
    func displayName(_ r: RiskEngine.Result) -> String {
        if r.name == scene.name { return words.title ?? scene.name }
        return words.tactics[r.name] ?? r.name
    }

    /// The bands of a result if they match its curve point for point.
    func bands(
        _ r: RiskEngine.Result,
        _ pick: KeyPath<ReportUncertainty.Bands, [ReportUncertainty.Percentiles]>
    ) -> [ReportUncertainty.Percentiles]? {
        guard let b = bands[r.name]?[keyPath: pick], b.count == r.curve.count, !b.isEmpty else { return nil }
        return b
    }

    func band(_ r: RiskEngine.Result, _ b: [ReportUncertainty.Percentiles], colour: String) -> SVGPlot.Band {
        .init(points: zip(r.curve, b).map { (x: $0.durationSeconds / 60, low: $1.p05, high: $1.p95) }, colour: colour)
    }

    func curvesPlot(_ r: RiskEngine.Result) -> String {
        var plot = SVGPlot(
            title: t(.curvesTitle, displayName(r)),
            xLabel: t(.callDurationAxis),
            yLabel: t(.probabilityAxis)
        )
        let x = r.curve.map { $0.durationSeconds / 60 }
        let lines: [(String, [Double], KeyPath<ReportUncertainty.Bands, [ReportUncertainty.Percentiles]>, String)] = [
            (t(.seriesDetected), r.curve.map(\.pDetected), \.detected, SVGPlot.palette[0]),
            (
                t(.seriesLocated, String(Int(scene.locatedWithinMeters))), r.curve.map(\.pLocated), \.located,
                SVGPlot.palette[3]
            ),
            (t(.seriesAgent), r.curve.map(\.pAgentArrived), \.agentArrived, SVGPlot.palette[1]),
        ]
        for (label, ys, pick, colour) in lines {
            plot.series.append(.init(label: label, points: zip(x, ys).map { (x: $0, y: $1) }, colour: colour))
            if let b = bands(r, pick) { plot.bands.append(band(r, b, colour: colour)) }
        }
        plot.markers = [
            .init(axis: .x, value: keyDurationSeconds / 60, label: keyLabel), .init(axis: .y, value: 0, label: ""),
            .init(axis: .y, value: 1, label: ""),
        ]
        return plot.render()
    }

    /// When the agent reached the door, over the calls where he did (in the longest call):
    /// a histogram in 30-second bins, with the median and the 10th and 90th percentiles.
    func doorTimesPlot(_ r: RiskEngine.Result) -> String? {
        let times = r.timesToArrivalSeconds
        guard times.count >= 10, let first = times.first, let last = times.last else { return nil }
        let bin = 30.0
        let lo = (first / bin).rounded(.down) * bin
        let bins = max(1, Int(((last - lo) / bin).rounded(.up)))
        var counts = [Int](repeating: 0, count: bins)
        for x in times { counts[min(bins - 1, Int((x - lo) / bin))] += 1 }
        var plot = SVGPlot(
            title: t(.doorTitle, displayName(r), String(times.count), String(r.trials)),
            xLabel: t(.doorAxis),
            yLabel: t(.doorShareAxis)
        )
        var points: [(x: Double, y: Double)] = []
        for (i, c) in counts.enumerated() {
            let a = (lo + Double(i) * bin) / 60
            let y = Double(c) / Double(r.trials)
            points += [(a, 0), (a, y), (a + bin / 60, y), (a + bin / 60, 0)]
        }
        plot.series = [.init(label: t(.seriesAgent), points: points, colour: SVGPlot.palette[1])]
        for (q, key) in [(0.1, ReportString.p10), (0.5, .median), (0.9, .p90)] {
            if let v = Statistics.quantile(sorted: times, q) {
                plot.markers.append(.init(axis: .x, value: v / 60, label: t(key, minutes(v))))
            }
        }
        return plot.render()
    }

    func tacticsPlot(
        _ pick: (RiskEngine.Point) -> Double,
        band: KeyPath<ReportUncertainty.Bands, [ReportUncertainty.Percentiles]>,
        what: String
    ) -> String {
        var plot = SVGPlot(title: t(.tacticTitle, what), xLabel: t(.callDurationAxis), yLabel: t(.probabilityAxis))
        for (i, r) in results.enumerated() {
            let colour = SVGPlot.palette[i % SVGPlot.palette.count]
            plot.series.append(
                .init(
                    label: displayName(r),
                    points: r.curve.map { (x: $0.durationSeconds / 60, y: pick($0)) },
                    colour: colour
                )
            )
            if let b = bands(r, band) { plot.bands.append(self.band(r, b, colour: colour)) }
        }
        plot.markers = [
            .init(axis: .x, value: keyDurationSeconds / 60, label: minutes(keyDurationSeconds)),
            .init(axis: .y, value: 0, label: ""), .init(axis: .y, value: 1, label: ""),
        ]
        return plot.render()
    }

    /// The tornado chart, widest swing first, if a sensitivity run was given.
    public func tornadoPlot(_ tornado: ReportUncertainty.Tornado) -> String {
        let outcome = outcomeWord(tornado.outcome)
        let chart = SVGTornado(
            title: t(.tornadoTitle, outcome, minutes(tornado.durationSeconds)),
            xLabel: t(.probabilityAxis),
            nominal: tornado.nominal,
            nominalLabel: t(.tornadoNominal, percent(tornado.nominal)),
            lowLabel: t(.tornadoLow),
            highLabel: t(.tornadoHigh),
            bars: tornado.factors.map {
                .init(
                    label: "\($0.name) (\(String(format: "%.3g", $0.low)) – \(String(format: "%.3g", $0.high)))",
                    atLow: $0.pLow,
                    atHigh: $0.pHigh
                )
            }
        )
        return chart.render()
    }

    func outcomeWord(_ o: ReportUncertainty.Tornado.Outcome) -> String {
        switch o {
        case .detected: t(.outcomeDetected)
        case .located: t(.outcomeLocated)
        case .agentArrived: t(.outcomeAgent)
        }
    }

    /// The scene from above: the phone, every listening place, patrol loops, locator
    /// sensors and jammers (the serving mast is usually kilometres off and is named in the
    /// text instead).
    func planView() -> String {
        var map = SVGMap(title: t(.planTitle))
        map.truth = (scene.call.position.eastMeters, scene.call.position.northMeters)
        map.truthLabel = t(.phone)
        for o in scene.observers {
            switch o.kind {
            case .stationary:
                map.sensors.append((o.position.eastMeters, o.position.northMeters))
                map.labels.append((o.position.eastMeters, o.position.northMeters, o.name))
            case .patrol:
                map.loops.append(o.path.map { ($0.eastMeters, $0.northMeters) })
                if let first = o.path.first {
                    map.labels.append((first.eastMeters, first.northMeters, t(.loop, o.name)))
                }
            case .multiSensor:
                for (i, p) in o.sensors.enumerated() {
                    map.sensors.append((p.eastMeters, p.northMeters))
                    map.labels.append((p.eastMeters, p.northMeters, "\(o.name) \(i + 1)"))
                }
            case .homing:
                if o.dispatchedBy == nil {
                    map.sensors.append((o.position.eastMeters, o.position.northMeters))
                    map.labels.append((o.position.eastMeters, o.position.northMeters, t(.startsHere, o.name)))
                }
            }
        }
        for j in scene.jammers {
            map.sensors.append((j.position.eastMeters, j.position.northMeters))
            map.labels.append((j.position.eastMeters, j.position.northMeters, t(.jammer)))
        }
        return map.render()
    }

    func table(_ r: RiskEngine.Result) -> String {
        let within = String(Int(scene.locatedWithinMeters))
        var s = "<table><thead><tr>"
        for h in [
            t(.tableCall), t(.tableDetected), t(.tableInterval), t(.tableLocatedWithin, within), t(.tableMisled),
            t(.tableAgent),
        ] {
            s += "<th>\(Markup.escape(h))</th>"
        }
        s += "</tr></thead><tbody>\n"
        let key = keyIndex(r)
        for (i, p) in r.curve.enumerated() {
            let mark = i == key ? " class=\"mark\"" : ""
            s +=
                "<tr\(mark)><td>\(minutes(p.durationSeconds))</td><td>\(percent(p.pDetected))</td><td>"
                + String(format: "%.3f – %.3f", p.pDetectedCI95.0, p.pDetectedCI95.1)
                + "</td><td>\(percent(p.pLocated))</td><td>\(percent(p.pMisled))</td>"
                + "<td>\(percent(p.pAgentArrived))</td></tr>\n"
        }
        return s + "</tbody></table>\n"
    }

    func presetSection(_ p: DevicePreset, role: String) -> String {
        let text = PresetStrings.text(of: p, in: language)
        var s =
            "<li><b>\(Markup.escape(role))</b> — <i>\(Markup.escape(p.name))</i>: \(Markup.escape(text.summary)).<ul>"
        for n in text.notes { s += "<li>\(Markup.escape(n))</li>" }
        return s + "</ul></li>\n"
    }

    /// The assumptions the answer rests on, named from the scene file.
    func assumptionNames() -> [String] {
        let call = scene.call
        var presets = [call.handset.name]
        for d in scene.observers.map(\.device.name) + scene.jammers.map(\.device.name) where !presets.contains(d) {
            presets.append(d)
        }
        var names = [
            t(.assumeDevices, presets.joined(separator: ", ")),
            t(.assumePropagation, String(format: "%.0f", scene.propagation.shadowingDB), call.mastPathLoss.rawValue),
        ]
        if scene.observers.contains(where: \.directionFinding) {
            let env: ReportString =
                switch scene.environment {
                case .open: .envOpen
                case .suburban: .envSuburban
                case .dense: .envDense
                }
            names.append(t(.assumeSite, t(env)))
        }
        for o in scene.observers where !o.name.contains(" #") {
            if o.kind == .homing {
                names.append(
                    t(
                        .assumeAgent,
                        o.name,
                        String(format: "%.0f", o.reactionSeconds),
                        String(format: "%.1f", o.speedMetersPerSecond)
                    )
                )
                if let search = o.search {
                    names.append(t(.assumeSearch, String(format: "%.0f", search.medianSeconds)))
                }
            }
            if o.dwellSeconds < o.revisitSeconds {
                names.append(
                    t(.assumeScan, o.name, String(format: "%g", o.dwellSeconds), String(format: "%g", o.revisitSeconds))
                )
            }
        }
        return names
    }

    /// The plain-language summary: the answer at the key duration with its Monte Carlo
    /// interval, the assumptions it rests on, the band across them and the factors that
    /// matter most when a run gave them.
    func summary(_ base: RiskEngine.Result) -> String {
        guard let k = keyIndex(base) else { return "" }
        let p = base.curve[k]
        var s = "<h2 id=\"summary\">\(e(.summaryHeading))</h2>\n<p>"
        s += e(
            .summaryAt,
            minutes(p.durationSeconds),
            percent(p.pDetected),
            percent(p.pDetectedCI95.0),
            percent(p.pDetectedCI95.1),
            percent(p.pLocated),
            percent(p.pAgentArrived)
        )
        s += " " + e(.summaryInterval, assumptionNames().joined(separator: "; "))
        if let b = bands(base, \.detected) {
            s += " " + e(.summaryBand, minutes(p.durationSeconds), percent(b[k].p05), percent(b[k].p95))
        } else {
            s += " " + e(.summaryNoBand)
        }
        if let tornado, !tornado.factors.isEmpty {
            let top = tornado.factors.sorted { $0.swing > $1.swing }.prefix(2).map(\.name)
            s += " " + e(.summaryDepends, top.joined(separator: ", "))
        }
        return s + " " + e(.summaryRead) + "</p>\n"
    }

    /// The story section: the testimony, its source, the narrative, the people and places.
    func storySection() -> String {
        guard scene.story != nil else { return "" }
        let w = words
        var s = "<h2 id=\"story\">\(e(.storyHeading))</h2>\n"
        if let q = w.testimony {
            let claim = scene.story?.claim.map { " (\(Markup.escape($0)))" } ?? ""
            s += "<blockquote><p><b>\(e(.testimony))\(claim):</b> “\(Markup.escape(q))”</p>"
            if let src = w.source { s += "<p class=\"small\">\(e(.source, src))</p>" }
            s += "</blockquote>\n"
        }
        if let n = w.narrative { s += "<p>\(Markup.escape(n))</p>\n" }
        for (heading, items) in [(ReportString.people, w.people), (.places, w.places)] where !items.isEmpty {
            s += "<h3>\(e(heading))</h3>\n<ul>" + items.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul>\n"
        }
        return s
    }

    public func render() -> String {
        let base = results[0]
        let w = words
        var h = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(.documentTitle, w.title ?? scene.name))</title>
            <style>
            body { font-family: Georgia, 'DejaVu Serif', 'Noto Serif CJK KR', 'Noto Sans CJK KR', serif; max-width: \
            860px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
            h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; \
            margin-top: 1.6em; }
            .lead { font-size: 1.15em; } .key { background: #fff4e5; border-left: 5px solid #d62728; padding: 0.6em \
            1em; margin: 1em 0; }
            blockquote { margin: 1em 0; padding: 0.4em 1em; border-left: 4px solid #1f77b4; background: #f4f8fc; }
            table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.95em; } th, td { border: 1px solid #bbb; \
            padding: 0.25em 0.6em; text-align: right; }
            th { background: #f2f2f2; } td:first-child, th:first-child { text-align: left; } tr.mark td { background: \
            #fde0e0; font-weight: bold; }
            figure { margin: 1em 0; page-break-inside: avoid; } svg { max-width: 100%; height: auto; font-family: \
            'DejaVu Sans', 'Noto Sans CJK KR', sans-serif; }
            code { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.9em; background: #f5f5f5; padding: 0 \
            0.2em; }
            .small { font-size: 0.85em; color: #555; }
            @media print { body { margin: 0; max-width: none; font-size: 10.5pt; } h2 { page-break-after: avoid; } \
            .key { border-left-width: 3px; } }
            </style></head><body>
            <h1>\(Markup.escape(w.title ?? scene.name))</h1>
            <p class="lead">\(Markup.escape(w.description ?? scene.description))</p>

            """
        if !base.callPossible {
            h +=
                "<p class=\"key\" id=\"key\">"
                + e(.jammedKey, w.network.map { " (\($0))" } ?? "", String(format: "%.1f", base.downlinkSINRdB ?? 0))
                + "</p>\n"
        } else if let k = keyIndex(base) {
            let p = base.curve[k]
            var sentences = [t(.keyDetected, String(base.trials), minutes(p.durationSeconds), percent(p.pDetected))]
            if p.pLocated > 0 {
                sentences.append(t(.keyLocated, String(Int(scene.locatedWithinMeters)), percent(p.pLocated)))
            }
            if p.pAgentArrived > 0 { sentences.append(t(.keyAgent, percent(p.pAgentArrived))) }
            if let short = base.curve.first, short.durationSeconds < p.durationSeconds {
                sentences.append(
                    t(
                        .keyShort,
                        minutes(short.durationSeconds),
                        percent(short.pDetected),
                        percent(short.pLocated),
                        percent(short.pAgentArrived)
                    )
                )
            }
            h += "<div class=\"key\" id=\"key\"><p><b>\(e(.keyHeading))</b> "
            h += sentences.map(Markup.escape).joined(separator: " ") + "</p>"
            if !base.timesToFixSeconds.isEmpty {
                let fix = base.timesToFixSeconds
                var more = [t(.keyFix, minutes(Statistics.median(sorted: fix)), minutes(fix[fix.count / 10]))]
                if !base.timesToArrivalSeconds.isEmpty {
                    more.append(t(.keyArrival, minutes(Statistics.median(sorted: base.timesToArrivalSeconds))))
                }
                h += "<p>" + more.map(Markup.escape).joined(separator: " ") + "</p>"
            }
            h += "</div>\n"
        }
        h += storySection()
        h += summary(base)
        h += "<h2 id=\"curves\">\(e(.curvesHeading))</h2>\n<figure>\(curvesPlot(base))</figure>\n"
        if bands(base, \.detected) != nil { h += "<p class=\"small\">\(e(.bandNote))</p>\n" }
        h += table(base)
        if let door = doorTimesPlot(base) {
            h += "<h2 id=\"door\">\(e(.doorHeading))</h2>\n<p>\(e(.doorExplanation))</p>\n<figure>\(door)</figure>\n"
        }
        if let tornado, !tornado.factors.isEmpty {
            h += "<h2 id=\"tornado\">\(e(.tornadoHeading))</h2>\n"
            h += "<p>\(e(.tornadoNote, outcomeWord(tornado.outcome), minutes(tornado.durationSeconds)))</p>\n"
            h += "<figure>\(tornadoPlot(tornado))</figure>\n"
        }
        if results.count > 1 {
            let intro = (w.precautions.map { $0 + " " } ?? "") + t(.tacticsGeneric)
            h += "<h2 id=\"tactics\">\(e(.tacticsHeading))</h2>\n<p>\(Markup.escape(intro))</p>\n"
            h += "<figure>\(tacticsPlot({ $0.pDetected }, band: \.detected, what: t(.seriesDetected)))</figure>\n"
            if results.contains(where: { $0.curve.contains { $0.pAgentArrived > 0 } }) {
                let plot = tacticsPlot({ $0.pAgentArrived }, band: \.agentArrived, what: t(.seriesAgent))
                h += "<figure>\(plot)</figure>\n"
            }
            h += "<table><thead><tr>"
            for head in [
                t(.tacticsAt, minutes(keyDurationSeconds)), t(.tacticsPower), t(.tableDetected), t(.tableLocated),
                t(.tableAgent),
            ] {
                h += "<th>\(Markup.escape(head))</th>"
            }
            h += "</tr></thead><tbody>\n"
            for r in results {
                guard let k = keyIndex(r) else { continue }
                let p = r.curve[k]
                h +=
                    "<tr><td>\(Markup.escape(displayName(r)))</td><td>"
                    + (r.callPossible ? String(format: "%.0f dBm", r.transmitPowerDBm) : e(.tacticsJammed))
                    + "</td><td>\(percent(p.pDetected))</td><td>\(percent(p.pLocated))</td>"
                    + "<td>\(percent(p.pAgentArrived))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += assumptions(base)
        h += computation(base)
        h += "</body></html>\n"
        return h
    }

    /// "What was assumed": the plan view, the phone, propagation, terrain, every observer and
    /// every device with its sources.
    func assumptions(_ base: RiskEngine.Result) -> String {
        let call = scene.call
        var h = "<h2 id=\"assumed\">\(e(.assumedHeading))</h2>\n<figure>\(planView())</figure>\n<ul>\n"
        h += "<li>"
        h += e(
            .phoneAt,
            String(Int(call.position.eastMeters)),
            String(Int(call.position.northMeters)),
            String(format: "%.1f", call.heightMeters)
        )
        h += " "
        if let fixed = call.fixedPowerDBm {
            h += e(.fixedPower, String(format: "%.0f", fixed))
        } else {
            h += e(
                .powerControl,
                words.network.map { " (\($0))" } ?? "",
                String(format: "%.1f", call.position.distance(to: call.mast) / 1000),
                String(format: "%.0f", call.powerControlTargetDBm),
                call.mastPathLoss.rawValue,
                String(format: "%.0f", base.transmitPowerDBm)
            )
        }
        h += "</li>\n<li>" + e(.bursts) + " "
        h +=
            call.onBeforeCallSeconds > 0
            ? e(
                .onBefore,
                String(format: "%.0f", call.onBeforeCallSeconds / 60),
                String(format: "%.0f", call.locationUpdateIntervalSeconds / 60),
                String(call.signallingBursts)
            )
            : e(.onlyForCall)
        h += "</li>\n"
        let prop = scene.propagation
        let fading: String =
            switch prop.fading {
            case .none: t(.noFading)
            case .rayleigh: t(.rayleigh)
            case .rician(let k): t(.rician, String(format: "%.0f", k))
            }
        h +=
            "<li>"
            + e(
                .propagation,
                String(format: "%.0f", prop.shadowingDB),
                fading,
                String(format: "%.1f", prop.dopplerHz),
                String(format: "%.2f", prop.coherenceSeconds)
            ) + "</li>\n"
        if scene.terrain.ridgeHeightMeters > 0 {
            h +=
                "<li>"
                + e(
                    .ridge,
                    String(format: "%.0f", scene.terrain.ridgeHeightMeters),
                    String(format: "%.0f", scene.terrain.ridgeDistanceFromPhoneMeters)
                ) + "</li>\n"
        }
        for o in scene.observers {
            var what = ""
            switch o.kind {
            case .stationary:
                what += t(
                    .listensFrom,
                    String(Int(o.position.eastMeters)),
                    String(Int(o.position.northMeters)),
                    String(format: "%.0f", o.heightMeters)
                )
            case .patrol:
                what += t(.patrols, String(o.path.count), String(format: "%.1f", o.speedMetersPerSecond))
            case .homing:
                what += o.dispatchedBy.map { t(.setsOff, $0, String(Int(o.reactionSeconds))) } ?? t(.listensThen)
                what += t(
                    .homing,
                    String(Int(o.lookIntervalSeconds)),
                    String(format: "%.1f", o.speedMetersPerSecond),
                    String(Int(o.stopMeters))
                )
            case .multiSensor:
                what += t(.multiSensor, String(o.sensors.count))
            }
            if o.dwellSeconds < o.revisitSeconds {
                what += t(.scans, String(format: "%.1f", o.dwellSeconds), String(format: "%.1f", o.revisitSeconds))
            }
            if let snr = base.meanSNRdB[o.name], o.dispatchedBy == nil {
                what += t(.medianSNR, String(format: "%.1f", snr))
            }
            h += "<li><b>\(Markup.escape(o.name))</b>: \(Markup.escape(what)).</li>\n"
        }
        h += "</ul>\n<h3>\(e(.devicesHeading))</h3>\n"
        if language != .en { h += "<p class=\"small\">\(e(.devicesQuoted))</p>\n" }
        h += "<ul>\n"
        var seen = Set<String>()
        h += presetSection(call.handset, role: t(.thePhone))
        for o in scene.observers where !seen.contains(o.device.name) {
            seen.insert(o.device.name)
            h += presetSection(o.device, role: o.name)
        }
        for j in scene.jammers where !seen.contains(j.device.name) {
            seen.insert(j.device.name)
            h += presetSection(j.device, role: t(.jammer))
        }
        return h + "</ul>\n"
    }

    /// "How this was computed": the measurement level, the fix, the command and the source.
    func computation(_ base: RiskEngine.Result) -> String {
        var lo = -10.0
        var hi = 30.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if model.pd(snrDB: mid) < 0.5 { lo = mid } else { hi = mid }
        }
        var h = "<h2 id=\"computed\">\(e(.computedHeading))</h2>\n<p>"
        h += e(.computedIntro, String(base.trials), "<i>\(base.fidelity.rawValue)</i>")
            .replacingOccurrences(of: "&lt;i&gt;", with: "<i>").replacingOccurrences(of: "&lt;/i&gt;", with: "</i>")
        h += e(
            .computedModel,
            String(format: "%.1f", lo),
            String(format: "%.1f", model.bearingSigmaDegrees(snrDB: 10))
        )
        h += e(.computedFixes) + "</p>\n"
        h +=
            "<p class=\"small\">"
            + e(.reproduce, "\u{1}", String(base.seed))
            .replacingOccurrences(of: "\u{1}", with: "<code>\(Markup.escape(command))</code>")
        if let src = words.source { h += " " + e(.source, src) }
        return h + "</p>\n"
    }
}

import Foundation
import SightlineCore
import SightlineRF
import SightlineReport
import SightlineScenario
import Testing

/// The report's string table and what it does to a rendered report: every string has a
/// Korean form, a Korean report holds none of the English, and a scene without C4's story
/// gets none of C4's words.
@Suite struct ReportStringsTests {
    /// Hangul syllables (U+AC00–U+D7A3).
    static func hasHangul(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) }
    }

    /// The placeholders `{0}`, `{1}`, … of a form.
    static func placeholders(_ s: String) -> Set<String> {
        var out: Set<String> = []
        for i in 0..<10 where s.contains("{\(i)}") { out.insert("{\(i)}") }
        return out
    }

    /// Runs of three or more English words (letters only): what an untranslated phrase looks like.
    static func englishPhrases(_ s: String) -> [String] {
        var phrases: [String] = []
        var run: [Substring] = []
        for word in s.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let letters = word.trimmingCharacters(in: .punctuationCharacters)
            if !letters.isEmpty && letters.allSatisfy({ $0.isASCII && $0.isLetter }) {
                run.append(word)
            } else {
                if run.count >= 3 { phrases.append(run.joined(separator: " ")) }
                run = []
            }
        }
        if run.count >= 3 { phrases.append(run.joined(separator: " ")) }
        return phrases
    }

    @Test(arguments: ReportString.allCases)
    func everyStringHasAKoreanForm(_ key: ReportString) {
        let (en, ko) = key.entry
        #expect(!ko.isEmpty && !en.isEmpty)
        // A form that is only placeholders, numbers and units may stay as it is ("{0} %");
        // anything with words must be Korean.
        let words = en.replacingOccurrences(of: #"\{[0-9]\}"#, with: "", options: .regularExpression)
            .filter(\.isLetter)
        if words.count > 2 { #expect(Self.hasHangul(ko), "\(key): \(ko)") }
        #expect(Self.englishPhrases(ko).isEmpty, "\(key) keeps English: \(Self.englishPhrases(ko))")
        #expect(Self.placeholders(ko) == Self.placeholders(en), "\(key): the Korean form drops or adds a value")
    }

    @Test func englishPhrasesAreFound() {
        // The detector the tests above rely on must see an untranslated sentence.
        #expect(Self.englishPhrases("확률 the call was detected 입니다") == ["the call was detected"])
        #expect(Self.englishPhrases("통화 8분 (C4) hata-suburban").isEmpty)
    }

    static let scene = """
        name: neutral
        description: "A phone near a listening post."
        call: {position: {east_m: 300, north_m: 400}, tx_dbm: 33}
        observers:
          - {name: post, kind: stationary, device: backpack, position: {east_m: 0, north_m: 0}}
          - {name: walker, kind: homing, dispatched_by: post, reaction_s: 10}
        tactics:
          - {name: farther, set: {call.position.north_m: 4000}}
        """

    static let story = """
        story:
          claim: C99
          key_duration_s: 120
          title: "Mun-hee at the well"
          people: ["Mun-hee, who calls her brother"]
          ko:
            title: "우물가의 문희"
            people: ["오빠에게 전화하는 문희"]
            tactics: {farther: "더 멀리"}
        """

    func render(_ text: String, language: ReportLanguage) throws -> String {
        let scene = try RiskSceneFile.parse(text, path: "t.yaml")
        let results = try ([(scene.name, scene)] + scene.tactics).map { v in
            var r = try RiskEngine.run(
                scene: v.1,
                model: RiskReportTests.model,
                durations: [60, 120, 300],
                trials: 100,
                seed: 1
            )
            r.name = v.0
            return r
        }
        return RiskReport(
            scene: scene,
            results: results,
            model: RiskReportTests.model,
            command: "sightline report t.yaml",
            language: language
        ).render()
    }

    /// The text a reader sees: tags, styles and the command line removed.
    static func visibleText(_ html: String) -> String {
        var s = html.replacingOccurrences(of: #"(?s)<style.*?</style>"#, with: " ", options: .regularExpression)
        s = s.replacingOccurrences(of: #"(?s)<code>.*?</code>"#, with: " ", options: .regularExpression)
        s = s.replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression)
        return s
    }

    @Test func aSceneWithoutC4sStoryHasNoneOfC4sWords() throws {
        let html = try render(Self.scene, language: .en)
        // C4's story words (the device presets' own descriptions, such as the handset's "a
        // smuggled Chinese phone", are the devices', not the story's).
        for word in ["C4", "Eun-mi", "railway", "station", "Chinese downlink", "across the border", "eight", "8 min"] {
            let pattern = "\\b" + NSRegularExpression.escapedPattern(for: word) + "\\b"
            #expect(html.range(of: pattern, options: .regularExpression) == nil, "the neutral report says \(word)")
        }
        // Its own story's words do appear, and the key duration it names is marked.
        let told = try render(Self.scene + "\n" + Self.story, language: .en)
        #expect(told.contains("Mun-hee at the well") && told.contains("2 min (C99)"))
        #expect(!told.contains("C4") && !told.contains("Eun-mi"))
    }

    @Test func aKoreanReportHoldsNoEnglishFromTheTable() throws {
        let html = try render(Self.scene + "\n" + Self.story, language: .ko)
        #expect(html.contains("<html lang=\"ko\"") && html.contains("우물가의 문희") && html.contains("더 멀리"))
        let visible = Self.visibleText(html)
        // No English form of the table (its words between placeholders, where long enough to
        // be a phrase rather than a unit) appears in the Korean report.
        for key in ReportString.allCases {
            for piece in key.entry.en.components(separatedBy: #"{"#) {
                let fragment = piece.drop { $0.isNumber || $0 == "}" }.trimmingCharacters(in: .whitespaces)
                guard fragment.count >= 12, Self.englishPhrases(fragment).count > 0 else { continue }
                #expect(!visible.contains(fragment), "\(key) left in English: \(fragment)")
            }
        }
        // The English report does contain them, so the check above can fail.
        let english = Self.visibleText(try render(Self.scene + "\n" + Self.story, language: .en))
        #expect(english.contains(ReportString.curvesHeading.entry.en))
        // Every heading is Korean.
        let headings = html.matches(of: /<h[12][^>]*>(.*?)<\/h[12]>/).map { String($0.1) }
        #expect(headings.count >= 6)
        for h in headings { #expect(Self.hasHangul(h), "heading \(h)") }
    }

    /// The numbers of a text (integers, decimals, exponents; a unit's digits such as the 3 of
    /// 3GPP included), as a sorted list.
    static func numbers(_ s: String) -> [String] {
        s.matches(of: /[0-9]+(?:\.[0-9]+)*(?:e-?[0-9]+)?/).map { String($0.0) }.sorted()
    }

    /// Every device preset has a Korean summary and notes, in Hangul, one note per English
    /// note and with the same numbers (so a changed number cannot keep a stale translation).
    @Test(arguments: DevicePreset.all.map(\.name))
    func everyPresetHasKoreanNotes(_ name: String) throws {
        let preset = try #require(DevicePreset.all.first { $0.name == name })
        let k = try #require(PresetStrings.korean[name], "no Korean entry for the preset \(name)")
        #expect(Self.hasHangul(k.summary))
        #expect(Self.numbers(k.summary) == Self.numbers(preset.summary), "summary: \(k.summary)")
        try #require(k.notes.count == preset.notes.count, "\(name): \(k.notes.count) Korean notes")
        for (en, ko) in zip(preset.notes, k.notes) {
            #expect(Self.hasHangul(ko), "not Korean: \(ko)")
            #expect(Self.numbers(ko) == Self.numbers(en), "\(name): '\(ko)' against '\(en)'")
            #expect(Self.englishPhrases(ko).isEmpty, "English left: \(Self.englishPhrases(ko))")
        }
        let ko = PresetStrings.text(of: preset, in: .ko)
        #expect(ko.summary == k.summary && ko.notes == k.notes)
        #expect(PresetStrings.text(of: preset, in: .en).notes == preset.notes)
    }

    /// The Korean report's "what was assumed" section lists the devices in Korean.
    @Test func aKoreanReportListsItsDevicesInKorean() throws {
        let html = try render(Self.scene + "\n" + Self.story, language: .ko)
        let scene = try RiskSceneFile.parse(Self.scene, path: "s.yaml")
        let devices = Set(scene.observers.map(\.device.name) + [scene.call.handset.name])
        #expect(devices.count >= 2)
        for device in devices {
            // The first notes hold no character the report escapes.
            let preset = try #require(DevicePreset.all.first { $0.name == device })
            #expect(!html.contains(preset.notes[0]), "\(device) in English")
            #expect(html.contains(try #require(PresetStrings.korean[device]).notes[0]))
        }
    }
}

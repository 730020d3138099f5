import Foundation

/// What a timed scene stages, in words: the testimony, the claim it tests, the call length
/// that matters, who and where, and a short narrative. The report takes every scene-specific
/// word from here (a scene without one gets neutral wording), so any scene — a user's own
/// included — reads right. `RiskSceneFile` reads it from the scene's optional `story:`
/// section (format in `Signals/scenes/README.md`).
public struct RiskStory: Sendable, Equatable {
    /// The words of a story in one language. Every field is optional; a Korean field left
    /// out falls back to the English one.
    public struct Text: Sendable, Equatable {
        /// The report's heading (default: the scene's name).
        public var title: String?
        /// Shown first instead of the scene's description.
        public var description: String?
        /// The testimony the scene stages, quoted.
        public var testimony: String?
        /// Where the testimony comes from (a report, an interview).
        public var source: String?
        /// A few sentences on what happened or is asked.
        public var narrative: String?
        /// The people in the scene, one line each.
        public var people: [String]
        /// The places in the scene, one line each.
        public var places: [String]
        /// The network the phone uses, as a phrase ("the Chinese network across the border").
        public var network: String?
        /// One sentence before the tactics: what people actually do.
        public var precautions: String?
        /// Tactic names in this language, by the tactic's `name` in the scene.
        public var tactics: [String: String]

        public init(
            title: String? = nil,
            description: String? = nil,
            testimony: String? = nil,
            source: String? = nil,
            narrative: String? = nil,
            people: [String] = [],
            places: [String] = [],
            network: String? = nil,
            precautions: String? = nil,
            tactics: [String: String] = [:]
        ) {
            self.title = title
            self.description = description
            self.testimony = testimony
            self.source = source
            self.narrative = narrative
            self.people = people
            self.places = places
            self.network = network
            self.precautions = precautions
            self.tactics = tactics
        }

        /// This text with every missing field taken from `fallback`.
        public func filled(from fallback: Text) -> Text {
            .init(
                title: title ?? fallback.title,
                description: description ?? fallback.description,
                testimony: testimony ?? fallback.testimony,
                source: source ?? fallback.source,
                narrative: narrative ?? fallback.narrative,
                people: people.isEmpty ? fallback.people : people,
                places: places.isEmpty ? fallback.places : places,
                network: network ?? fallback.network,
                precautions: precautions ?? fallback.precautions,
                tactics: fallback.tactics.merging(tactics) { $1 }
            )
        }
    }

    /// The claim the scene tests ("C4"), if any.
    public var claim: String?
    /// The call length the story turns on, marked on every plot and table row.
    public var keyDurationSeconds: Double?
    /// The English words.
    public var english: Text
    /// The Korean words (`ko:`), if the scene gives them.
    public var korean: Text?

    public init(claim: String? = nil, keyDurationSeconds: Double? = nil, english: Text, korean: Text? = nil) {
        self.claim = claim
        self.keyDurationSeconds = keyDurationSeconds
        self.english = english
        self.korean = korean
    }

    /// The words for a language code ("en", "ko"): Korean fields fall back to English.
    public func text(language: String) -> Text {
        language == "ko" ? (korean ?? Text()).filled(from: english) : english
    }
}

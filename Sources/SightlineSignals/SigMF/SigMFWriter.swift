import Numerics
import Foundation
import SightlineCore

/// Writes single-channel `cf32_le` SigMF recordings (metadata and data), each file
/// atomically: a failed write leaves no partial recording behind.
public enum SigMFWriter {
    /// An annotation: a span of samples with a label and optional frequency edges.
    public struct Annotation: Sendable {
        public var sampleStart: Int
        public var sampleCount: Int
        public var label: String
        public var frequencyLowerEdgeHz: Double?
        public var frequencyUpperEdgeHz: Double?

        public init(sampleStart: Int, sampleCount: Int, label: String,
                    frequencyLowerEdgeHz: Double? = nil, frequencyUpperEdgeHz: Double? = nil) {
            self.sampleStart = sampleStart
            self.sampleCount = sampleCount
            self.label = label
            self.frequencyLowerEdgeHz = frequencyLowerEdgeHz
            self.frequencyUpperEdgeHz = frequencyUpperEdgeHz
        }
    }

    /// Writes `samples` to `path` (a `.sigmf-meta` path or base name).
    public static func write(
        _ samples: [Complex<Float>], to path: String, sampleRateHz: Double, frequencyHz: Double,
        description: String, annotations: [Annotation] = []
    ) throws {
        let (metaPath, dataPath) = SigMFMetadata.paths(for: path)
        try samples.withUnsafeBytes { raw in
            try AtomicFile.write(Data(raw), to: dataPath)
        }
        let annotationObjects: [[String: Any]] = annotations.map { a in
            var o: [String: Any] = ["core:sample_start": a.sampleStart, "core:sample_count": a.sampleCount,
                                    "core:label": a.label]
            if let lo = a.frequencyLowerEdgeHz { o["core:freq_lower_edge"] = lo }
            if let hi = a.frequencyUpperEdgeHz { o["core:freq_upper_edge"] = hi }
            return o
        }
        let root: [String: Any] = [
            "global": [
                "core:datatype": SigMFDatatype.cf32LE.rawValue,
                "core:sample_rate": sampleRateHz,
                "core:version": "1.0.0",
                "core:num_channels": 1,
                "core:description": description,
                "core:recorder": "sightline",
            ],
            "captures": [["core:sample_start": 0, "core:frequency": frequencyHz]],
            "annotations": annotationObjects,
        ]
        let json = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(json, to: metaPath)
    }
}

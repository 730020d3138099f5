import SightlineCore

/// `sightline sweep merge`: the parts of a sharded sweep back into the document the unsharded
/// run writes. The parts must come from one sweep (the same manifest, by its SHA-256, which
/// each part's own manifest must still match), from one cut into N shards, every shard 0…N−1
/// exactly once, each holding the points and rows its shard runs; anything else is a
/// one-line error naming the part at fault.
public enum SweepMerge {
    public static func merge(_ parts: [(path: String, part: SweepPartDocument)]) throws -> SweepDocument {
        guard let (firstPath, first) = parts.first else {
            throw SightlineError(
                .invalidValue,
                location: "command line",
                field: "PARTS",
                message: "no part files given",
                fix: "give every part (OUT.shard-K-of-N.json) of the sweep"
            )
        }
        let count = first.shard.count
        var seen: [Int: String] = [:]
        var rows: [SweepDocument.Row] = []
        for (path, part) in parts {
            guard try part.manifest.sha256() == part.manifestSHA256 else {
                throw SightlineError(
                    .malformedFile,
                    location: path,
                    field: "manifest_sha256",
                    message: "the manifest does not match its hash (the part was edited)",
                    fix: "run the shard again"
                )
            }
            guard part.manifestSHA256 == first.manifestSHA256 else {
                throw SightlineError(
                    .invalidValue,
                    location: path,
                    field: "manifest_sha256",
                    message: "belongs to another sweep than \(firstPath) (manifest "
                        + "\(part.manifestSHA256.prefix(12))… vs \(first.manifestSHA256.prefix(12))…)",
                    fix: "merge the parts of one sweep only (re-run this shard from the same sweep file)"
                )
            }
            guard part.shard.count == count else {
                throw SightlineError(
                    .invalidValue,
                    location: path,
                    field: "shard",
                    message: "is shard \(part.shard) but \(firstPath) is of a cut into \(count) shards",
                    fix: "merge the parts of one cut (the same N in every --shard K/N)"
                )
            }
            if let other = seen[part.shard.index] {
                throw SightlineError(
                    .invalidValue,
                    location: path,
                    field: "shard",
                    message: "shard \(part.shard) is given twice (also \(other))",
                    fix: "give each shard's part once"
                )
            }
            seen[part.shard.index] = path
            let expected = part.shard.points(of: part.manifest.points)
            let durations = part.manifest.durationsSeconds
            let expectedRows = expected.flatMap { p in durations.map { (p, $0) } }
            guard part.points == expected,
                part.rows.map({ ($0.point, $0.durationSeconds) }).elementsEqual(
                    expectedRows,
                    by: { $0 == $1 }
                )
            else {
                throw SightlineError(
                    .malformedFile,
                    location: path,
                    field: "rows",
                    message: "does not hold the rows of shard \(part.shard) (points \(expected.prefix(4))…)",
                    fix: "run the shard again"
                )
            }
            rows += part.rows
        }
        let missing = (0..<count).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            let listed = missing.prefix(8).map { "\($0)/\(count)" }.joined(separator: ", ")
            throw SightlineError(
                .invalidValue,
                location: "command line",
                field: "PARTS",
                message: "\(missing.count) of \(count) shards missing (\(listed)\(missing.count > 8 ? ", …" : ""))",
                fix: "run them (sightline sweep SWEEP.yaml --shard K/\(count) -o OUT) and give every part"
            )
        }
        rows.sort { ($0.point, $0.durationSeconds) < ($1.point, $1.durationSeconds) }
        return SweepDocument(manifest: first.manifest, manifestSHA256: first.manifestSHA256, rows: rows)
    }

    /// Reads the part files and merges them.
    public static func merge(paths: [String]) throws -> SweepDocument {
        try merge(paths.map { ($0, try SweepPartDocument.read(path: $0)) })
    }
}

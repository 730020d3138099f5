import Foundation
import Sightline

/// Reads the named list out of a result document another command wrote (bearings,
/// detections): a missing file or a document without the list is a one-line error that
/// says which command writes it.
enum ResultDocument {
    static func list(_ path: String, key: String, writtenBy command: String) throws -> [[String: Any]] {
        let data = try InputFile.contents(of: path, what: "\(key) file", limit: 256 << 20, fix: "write one with \(command)")
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = root[key] as? [[String: Any]] else {
            throw SightlineError(.malformedFile, location: path, field: key, message: "not a \(key) document",
                                 fix: "give the file written by \(command)")
        }
        return list
    }
}

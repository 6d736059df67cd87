import Foundation
import Yams

/// What the readers of `plugin.yaml`'s lists of entries (`packages:`, `user_fields:`) share: where a node is, the
/// errors found so far, the list's entries and each entry's values by known key.
struct ManifestListReader {
    let file: String
    /// The list's key in `plugin.yaml`, e.g. `packages`.
    let list: String
    /// The keys an entry may have.
    let keys: [String]
    /// What an entry holds, for the messages: e.g. `url, from and products`.
    let shape: String
    private(set) var problems: [Diagnostic] = []

    func place(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    mutating func error(_ message: String, at node: Node) {
        problems.append(.error(message, at: place(node)))
    }

    /// The entries of the list; none, with an error, when `node` is not a list.
    mutating func entries(of node: Node) -> [Node] {
        guard let sequence = node.sequence else {
            error("'\(list)' must be a list of entries, each with \(shape)", at: node)
            return []
        }
        return Array(sequence)
    }

    /// An entry's values by key; nil, with an error, when it is not a mapping. An unknown key is an error that names
    /// the nearest known one.
    mutating func members(of item: Node) -> [String: Node]? {
        guard let mapping = item.mapping else {
            error("a \(list) entry must be a mapping with \(shape)", at: item)
            return nil
        }
        var members: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard keys.contains(name) else {
                let hint = NearestName.suggestion(for: name, among: keys).map { "; did you mean '\($0)'?" }
                    ?? "; known keys: \(keys.joined(separator: ", "))"
                error("unknown key '\(name)' in \(list) entry\(hint)", at: key)
                continue
            }
            members[name] = value
        }
        return members
    }
}

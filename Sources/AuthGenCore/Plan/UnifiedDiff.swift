import Foundation

/// `diff -u` style text between two versions of a file, for `authgen generate --diff`.
package enum UnifiedDiff {
    /// The diff from `old` (nil: no file) to `new` (nil: no file) of `path`, with 3 lines of context;
    /// empty when they are equal. Binary files get one line saying they differ.
    package static func make(path: String, old: Data?, new: Data?, context: Int = 3) -> String {
        if old == new { return "" }
        let oldName = old == nil ? "/dev/null" : "a/" + path
        let newName = new == nil ? "/dev/null" : "b/" + path
        if ThreeWayMerge.isBinary(old ?? Data()) || ThreeWayMerge.isBinary(new ?? Data()) {
            return "Binary files \(oldName) and \(newName) differ\n"
        }
        let a = ThreeWayMerge.lines(of: old ?? Data()), b = ThreeWayMerge.lines(of: new ?? Data())
        var ids = LineIDs()
        let hunks = LineDiff.hunks(ids.map(a), ids.map(b))
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var index = 0
        while index < hunks.count {
            // Group hunks whose context overlaps.
            var last = index
            while last + 1 < hunks.count,
                  hunks[last + 1].i1 - (hunks[last].i1 + hunks[last].chg1) <= 2 * context { last += 1 }
            let first = hunks[index], final = hunks[last]
            let startA = max(0, first.i1 - context), startB = max(0, first.i2 - context)
            let endA = min(a.count, final.i1 + final.chg1 + context)
            let endB = min(b.count, final.i2 + final.chg2 + context)
            out += "@@ -\(range(startA, endA - startA)) +\(range(startB, endB - startB)) @@\n"
            var lineA = startA
            for hunk in hunks[index...last] {
                while lineA < hunk.i1 {
                    out += line(" ", a[lineA])
                    lineA += 1
                }
                for x in hunk.i1..<(hunk.i1 + hunk.chg1) { out += line("-", a[x]) }
                for y in hunk.i2..<(hunk.i2 + hunk.chg2) { out += line("+", b[y]) }
                lineA = hunk.i1 + hunk.chg1
            }
            while lineA < endA {
                out += line(" ", a[lineA])
                lineA += 1
            }
            index = last + 1
        }
        return out
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start + 1)" : "\(count == 0 ? start : start + 1),\(count)"
    }

    private static func line(_ prefix: String, _ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return bytes.last == 0x0A ? prefix + text : prefix + text + "\n\\ No newline at end of file\n"
    }
}

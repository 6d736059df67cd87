import Foundation

/// A diff3 line merge, written to give the same bytes as `git merge-file --diff3 -p -L yours
/// -L "generated before" -L "generated now"` (git's xdiff at its "eager" level): changes of one side that do not
/// overlap or touch changes of the other are taken; identical changes on both sides are taken once; anything else is
/// a conflict written between diff3 markers. Lines keep their own line endings (CRLF stays CRLF); a last line without
/// a newline is a line of its own. No git needed at run time.
package enum ThreeWayMerge {
    /// The labels of the three sides, as they appear on the markers.
    package static let oursLabel = "yours"
    package static let baseLabel = "generated before"
    package static let theirsLabel = "generated now"

    package struct Result: Sendable, Equatable {
        package var contents: Data
        /// Number of conflicting regions written between markers; 0 for a clean merge.
        package var conflicts: Int
        package var isClean: Bool { conflicts == 0 }
    }

    /// Merges `ours` (the file on disk) and `theirs` (the new rendering) against `base` (the last rendering).
    /// Nil when any side is binary (a NUL byte in its first 8000 bytes, git's test): such files are never merged.
    package static func merge(base: Data, ours: Data, theirs: Data) -> Result? {
        if isBinary(base) || isBinary(ours) || isBinary(theirs) { return nil }
        let baseLines = lines(of: base), oursLines = lines(of: ours), theirsLines = lines(of: theirs)
        var ids = LineIDs()
        let baseIDs = ids.map(baseLines), oursIDs = ids.map(oursLines), theirsIDs = ids.map(theirsLines)
        let toOurs = LineDiff.hunks(baseIDs, oursIDs)
        let toTheirs = LineDiff.hunks(baseIDs, theirsIDs)
        if toOurs.isEmpty { return Result(contents: theirs, conflicts: 0) }
        if toTheirs.isEmpty { return Result(contents: ours, conflicts: 0) }

        let changes = combine(toOurs, toTheirs, oursIDs: oursIDs, theirsIDs: theirsIDs,
                              baseCount: baseLines.count, oursCount: oursLines.count, theirsCount: theirsLines.count)
        var out: [UInt8] = []
        out.reserveCapacity(ours.count + theirs.count)
        var next = 0 // next line of ours not yet copied
        var conflicts = 0
        for change in changes {
            append(oursLines[next..<change.i1], to: &out)
            switch change.mode {
            case .ours:
                append(oursLines[change.i1..<(change.i1 + change.chg1)], to: &out)
            case .theirs:
                append(theirsLines[change.i2..<(change.i2 + change.chg2)], to: &out)
            case .conflict:
                conflicts += 1
                let cr = needsCR(change, base: baseLines, ours: oursLines, theirs: theirsLines)
                marker("<", oursLabel, cr: cr, to: &out)
                append(oursLines[change.i1..<(change.i1 + change.chg1)], to: &out, newlineAtEnd: true, cr: cr)
                marker("|", baseLabel, cr: cr, to: &out)
                append(baseLines[change.i0..<(change.i0 + change.chg0)], to: &out, newlineAtEnd: true, cr: cr)
                marker("=", nil, cr: cr, to: &out)
                append(theirsLines[change.i2..<(change.i2 + change.chg2)], to: &out, newlineAtEnd: true, cr: cr)
                marker(">", theirsLabel, cr: cr, to: &out)
            }
            next = change.i1 + change.chg1
        }
        append(oursLines[next...], to: &out)
        return Result(contents: Data(out), conflicts: conflicts)
    }

    /// git's binary test: a NUL byte among the first 8000 bytes.
    package static func isBinary(_ data: Data) -> Bool {
        data.prefix(8000).contains(0)
    }

    /// The lines of `data`, each with its `\n` (and `\r` before it); the last one may have no `\n`.
    /// Whether every line of `rendering` appears in `disk`, in order (line endings aside): a file the user merged by
    /// hand that lost nothing of the new rendering. Empty renderings and binary data never count.
    static func holdsEveryLine(of rendering: Data, in disk: Data) -> Bool {
        if rendering.isEmpty || isBinary(rendering) || isBinary(disk) { return false }
        func trimmed(_ line: [UInt8]) -> ArraySlice<UInt8> {
            var end = line.count
            while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
            return line[0..<end]
        }
        let wanted = lines(of: rendering).map(trimmed)
        var index = 0
        for line in lines(of: disk) where index < wanted.count && trimmed(line) == wanted[index] {
            index += 1
        }
        return index == wanted.count
    }

    static func lines(of data: Data) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in data {
            current.append(byte)
            if byte == 0x0A {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    // MARK: - Combining the two diffs (git's xdl_do_merge)

    enum Mode { case conflict, ours, theirs }

    struct Change {
        var mode: Mode
        /// Start and count in base (0), ours (1) and theirs (2).
        var i0: Int, chg0: Int, i1: Int, chg1: Int, i2: Int, chg2: Int
    }

    static func combine(_ s1: [LineDiff.Hunk], _ s2: [LineDiff.Hunk], oursIDs: [Int], theirsIDs: [Int],
                        baseCount: Int, oursCount: Int, theirsCount: Int) -> [Change] {
        var changes: [Change] = []
        func add(_ mode: Mode, _ i0: Int, _ chg0: Int, _ i1: Int, _ chg1: Int, _ i2: Int, _ chg2: Int) {
            if var last = changes.last, i1 <= last.i1 + last.chg1 || i2 <= last.i2 + last.chg2 {
                if mode != last.mode { last.mode = .conflict }
                last.chg0 = i0 + chg0 - last.i0
                last.chg1 = i1 + chg1 - last.i1
                last.chg2 = i2 + chg2 - last.i2
                changes[changes.count - 1] = last
            } else {
                changes.append(Change(mode: mode, i0: i0, chg0: chg0, i1: i1, chg1: chg1, i2: i2, chg2: chg2))
            }
        }
        var p1 = 0, p2 = 0
        while p1 < s1.count && p2 < s2.count {
            let x1 = s1[p1], x2 = s2[p2]
            if x1.i1 + x1.chg1 < x2.i1 {
                add(.ours, x1.i1, x1.chg1, x1.i2, x1.chg2, x2.i2 - x2.i1 + x1.i1, x1.chg1)
                p1 += 1
                continue
            }
            if x2.i1 + x2.chg1 < x1.i1 {
                add(.theirs, x2.i1, x2.chg1, x1.i2 - x1.i1 + x2.i1, x2.chg1, x2.i2, x2.chg2)
                p2 += 1
                continue
            }
            let identical = x1.i1 == x2.i1 && x1.chg1 == x2.chg1 && x1.chg2 == x2.chg2
                && oursIDs[x1.i2..<(x1.i2 + x1.chg2)].elementsEqual(theirsIDs[x2.i2..<(x2.i2 + x2.chg2)])
            if !identical {
                let off = x1.i1 - x2.i1
                let ffo = off + x1.chg1 - x2.chg1
                var i0 = x1.i1, i1 = x1.i2, i2 = x2.i2
                if off > 0 {
                    i0 -= off
                    i1 -= off
                } else {
                    i2 += off
                }
                var chg0 = x1.i1 + x1.chg1 - i0
                var chg1 = x1.i2 + x1.chg2 - i1
                var chg2 = x2.i2 + x2.chg2 - i2
                if ffo < 0 {
                    chg0 -= ffo
                    chg1 -= ffo
                } else {
                    chg2 += ffo
                }
                add(.conflict, i0, chg0, i1, chg1, i2, chg2)
            }
            let end1 = x1.i1 + x1.chg1, end2 = x2.i1 + x2.chg1
            if end1 >= end2 { p2 += 1 }
            if end2 >= end1 { p1 += 1 }
        }
        while p1 < s1.count {
            let x1 = s1[p1]
            add(.ours, x1.i1, x1.chg1, x1.i2, x1.chg2, x1.i1 + theirsCount - baseCount, x1.chg1)
            p1 += 1
        }
        while p2 < s2.count {
            let x2 = s2[p2]
            add(.theirs, x2.i1, x2.chg1, x2.i1 + oursCount - baseCount, x2.chg1, x2.i2, x2.chg2)
            p2 += 1
        }
        return changes
    }

    // MARK: - Output

    private static func append(_ lines: ArraySlice<[UInt8]>, to out: inout [UInt8], newlineAtEnd: Bool = false,
                               cr: Bool = false) {
        for line in lines { out.append(contentsOf: line) }
        if newlineAtEnd, let last = lines.last, last.last != 0x0A {
            if cr { out.append(0x0D) }
            out.append(0x0A)
        }
    }

    private static func marker(_ character: Character, _ label: String?, cr: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: Array(String(repeating: character, count: 7).utf8))
        if let label { out.append(contentsOf: Array((" " + label).utf8)) }
        if cr { out.append(0x0D) }
        out.append(0x0A)
    }

    /// Markers end in CRLF when the lines around the conflict do (git's is_cr_needed).
    private static func needsCR(_ change: Change, base: [[UInt8]], ours: [[UInt8]], theirs: [[UInt8]]) -> Bool {
        var needs = eolIsCRLF(ours, change.i1 > 0 ? change.i1 - 1 : 0)
        if needs != 0 { needs = eolIsCRLF(theirs, change.i2 > 0 ? change.i2 - 1 : 0) }
        if needs != 0 { needs = eolIsCRLF(base, 0) }
        return needs > 0
    }

    /// 1 when line `i` ends in CRLF (for a last line without newline: the line before), 0 for LF, -1 when unknown.
    private static func eolIsCRLF(_ lines: [[UInt8]], _ i: Int) -> Int {
        func crlf(_ line: [UInt8]) -> Int { line.count > 1 && line[line.count - 2] == 0x0D ? 1 : 0 }
        if i < lines.count - 1 { return crlf(lines[i]) }
        if lines.isEmpty { return -1 }
        if lines[i].last == 0x0A { return crlf(lines[i]) }
        if i == 0 { return -1 }
        return crlf(lines[i - 1])
    }
}

/// Numbers equal lines alike, so diffs compare integers.
struct LineIDs {
    private var table: [[UInt8]: Int] = [:]

    mutating func map(_ lines: [[UInt8]]) -> [Int] {
        lines.map { line in
            if let id = table[line] { return id }
            let id = table.count
            table[line] = id
            return id
        }
    }
}

/// A line diff: Myers' shortest edit script, then git's change compaction (each group of changed lines slid down as
/// far as it goes, unless it can line up with a change of the other file), so hunks land where git puts them.
enum LineDiff {
    /// A change: `chg1` lines of the old file from `i1` replaced by `chg2` lines of the new file from `i2`.
    struct Hunk: Equatable, Sendable {
        var i1: Int, chg1: Int, i2: Int, chg2: Int
    }

    /// Beyond this many differences the diff gives up on a minimal script and replaces the middle as a whole.
    static let maximumEditCost = 2000

    static func hunks(_ a: [Int], _ b: [Int]) -> [Hunk] {
        // Changed flags with a sentinel before and after (index + 1), as in xdiff.
        var changedA = [Bool](repeating: false, count: a.count + 2)
        var changedB = [Bool](repeating: false, count: b.count + 2)
        mark(a, b, &changedA, &changedB)
        compact(a, &changedA, &changedB)
        compact(b, &changedB, &changedA)
        var result: [Hunk] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if (i < a.count && changedA[i + 1]) || (j < b.count && changedB[j + 1]) {
                let startA = i, startB = j
                while i < a.count && changedA[i + 1] { i += 1 }
                while j < b.count && changedB[j + 1] { j += 1 }
                result.append(Hunk(i1: startA, chg1: i - startA, i2: startB, chg2: j - startB))
            } else {
                i += 1
                j += 1
            }
        }
        return result
    }

    /// Marks the lines of `a` deleted and of `b` inserted by a shortest edit script.
    private static func mark(_ a: [Int], _ b: [Int], _ changedA: inout [Bool], _ changedB: inout [Bool]) {
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix
            && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let n = a.count - prefix - suffix, m = b.count - prefix - suffix
        if n == 0 || m == 0 {
            for x in 0..<n { changedA[prefix + x + 1] = true }
            for y in 0..<m { changedB[prefix + y + 1] = true }
            return
        }
        let limit = min(n + m, maximumEditCost)
        let offset = n + m + 1
        var v = [Int](repeating: 0, count: 2 * offset + 1)
        var trace: [[Int]] = []
        var found = false
        search: for d in 0...limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[prefix + x] == b[prefix + y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    found = true
                    break search
                }
            }
        }
        guard found else {
            for x in 0..<n { changedA[prefix + x + 1] = true }
            for y in 0..<m { changedB[prefix + y + 1] = true }
            return
        }
        var x = n, y = m
        for d in stride(from: trace.count - 1, to: 0, by: -1) {
            let previous = trace[d] // v before step d, indexed k + d
            let k = x - y
            let down = k == -d || (k != d && previous[k - 1 + d] < previous[k + 1 + d])
            let previousK = down ? k + 1 : k - 1
            let previousX = previous[previousK + d]
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                x -= 1
                y -= 1
            }
            if down {
                changedB[prefix + previousY + 1] = true
            } else {
                changedA[prefix + previousX + 1] = true
            }
            x = previousX
            y = previousY
        }
    }

    /// git's xdl_change_compact, without the indent heuristic (git merge-file's default).
    private static func compact(_ lines: [Int], _ changed: inout [Bool], _ otherChanged: inout [Bool]) {
        struct Group { var start: Int, end: Int }
        let count = lines.count
        let otherCount = otherChanged.count - 2
        // Indices below are 0-based line numbers; flags are at index + 1.
        func isChanged(_ flags: [Bool], _ i: Int) -> Bool { flags[i + 1] }
        func initial(_ flags: [Bool]) -> Group {
            var end = 0
            while isChanged(flags, end) { end += 1 }
            return Group(start: 0, end: end)
        }
        func next(_ flags: [Bool], _ total: Int, _ g: inout Group) -> Bool {
            if g.end == total { return false }
            g.start = g.end + 1
            g.end = g.start
            while isChanged(flags, g.end) { g.end += 1 }
            return true
        }
        func previous(_ flags: [Bool], _ g: inout Group) -> Bool {
            if g.start == 0 { return false }
            g.end = g.start - 1
            g.start = g.end
            while isChanged(flags, g.start - 1) { g.start -= 1 }
            return true
        }
        func slideDown(_ g: inout Group) -> Bool {
            guard g.end < count, lines[g.start] == lines[g.end] else { return false }
            changed[g.start + 1] = false
            changed[g.end + 1] = true
            g.start += 1
            g.end += 1
            while isChanged(changed, g.end) { g.end += 1 }
            return true
        }
        func slideUp(_ g: inout Group) -> Bool {
            guard g.start > 0, lines[g.start - 1] == lines[g.end - 1] else { return false }
            g.start -= 1
            g.end -= 1
            changed[g.start + 1] = true
            changed[g.end + 1] = false
            while isChanged(changed, g.start - 1) { g.start -= 1 }
            return true
        }

        var g = initial(changed)
        var go = initial(otherChanged)
        while true {
            if g.end != g.start {
                var groupSize = 0
                var earliestEnd = 0
                var endMatchingOther = -1
                repeat {
                    groupSize = g.end - g.start
                    endMatchingOther = -1
                    while slideUp(&g) { _ = previous(otherChanged, &go) }
                    earliestEnd = g.end
                    if go.end > go.start { endMatchingOther = g.end }
                    while slideDown(&g) {
                        _ = next(otherChanged, otherCount, &go)
                        if go.end > go.start { endMatchingOther = g.end }
                    }
                } while groupSize != g.end - g.start
                if g.end != earliestEnd, endMatchingOther != -1 {
                    while go.end == go.start {
                        _ = slideUp(&g)
                        _ = previous(otherChanged, &go)
                    }
                }
            }
            if !next(changed, count, &g) { break }
            _ = next(otherChanged, otherCount, &go)
        }
    }
}

import Foundation

/// A plan, and after a run what was applied, as data: what `--format json` prints. Never file contents.
public struct PlanReport: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public var path: String
        public var action: String
        public var reason: String
        public var plugin: String?
        public var template: String?
        public var owner: String?
        public var conflictLines: [Int]?
        /// Where the new rendering of a binary file was put beside it.
        public var newRendering: String?
        /// A unified diff against the disk, when asked for (never of a secret file): what is written, or for a file
        /// not written (a conflict without a base copy, a kept edit) the new rendering against the disk.
        public var diff: String?
        /// Where `--force` saved your version before overwriting it.
        public var savedCopy: String?
    }

    public struct Applied: Encodable, Sendable {
        public var written: [String: [String]]
        public var deleted: [String]
        public var newRenderings: [String]
        public var manifestWritten: Bool
        public var savedCopies: [String]
        public var removedTemporaryFiles: [String]
        public var summary: String
    }

    public var outputDirectory: String
    public var files: [Entry]
    public var counts: [String: Int]
    public var summary: String
    /// Temporary files an interrupted run left: removed by the run.
    public var staleTemporaryFiles: [String]
    public var applied: Applied?

    /// `files`: the plan's files to list (all of them, or e.g. only the drift); `report`: what a run applied.
    public init(_ plan: GenerationPlan, files: [PlannedFile]? = nil, diffs: Bool = false, report: WriteReport? = nil) {
        outputDirectory = plan.outputDirectory.path
        self.files = (files ?? plan.files).map { file in
            Entry(
                path: file.path, action: file.action.rawValue, reason: file.reason,
                plugin: file.rendered?.plugin ?? file.previous?.plugin,
                template: file.rendered?.template ?? file.previous?.template,
                owner: (file.rendered?.owner ?? file.previous?.owner)?.rawValue,
                conflictLines: file.conflictLines.isEmpty ? nil : file.conflictLines,
                newRendering: file.newRenderingPath,
                diff: diffs && !file.diff.isEmpty ? file.diff : nil,
                savedCopy: file.savedCopyPath)
        }
        let counts = plan.counts
        self.counts = Dictionary(uniqueKeysWithValues: FileAction.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
        summary = plan.summary
        staleTemporaryFiles = plan.staleTemporaryFiles
        applied = report.map { report in
            Applied(written: Dictionary(uniqueKeysWithValues: report.written.map { ($0.key.rawValue, $0.value) }),
                    deleted: report.deleted, newRenderings: report.newRenderings,
                    manifestWritten: report.manifestWritten, savedCopies: report.savedCopies,
                    removedTemporaryFiles: report.removedTemporaryFiles, summary: report.summary)
        }
    }
}

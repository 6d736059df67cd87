import Foundation

/// A plan, and after a run what was applied, as data: what `--format json` prints. Never file contents.
package struct PlanReport: Encodable, Sendable {
    package struct Entry: Encodable, Sendable {
        package var path: String
        package var action: String
        package var reason: String
        package var plugin: String?
        package var template: String?
        package var owner: String?
        package var conflictLines: [Int]?
        /// Where the new rendering of a binary file was put beside it.
        package var newRendering: String?
        /// A unified diff against the disk, when asked for (never of a secret file): what is written, or for a file
        /// not written (a conflict without a base copy, a kept edit) the new rendering against the disk.
        package var diff: String?
        /// Where `--force` saved your version before overwriting it.
        package var savedCopy: String?
    }

    package struct Applied: Encodable, Sendable {
        package var written: [String: [String]]
        package var deleted: [String]
        package var newRenderings: [String]
        package var manifestWritten: Bool
        package var savedCopies: [String]
        package var removedTemporaryFiles: [String]
        package var summary: String
    }

    package var outputDirectory: String
    package var files: [Entry]
    package var counts: [String: Int]
    package var summary: String
    /// Temporary files an interrupted run left: removed by the run.
    package var staleTemporaryFiles: [String]
    package var applied: Applied?

    /// `files`: the plan's files to list (all of them, or e.g. only the drift); `report`: what a run applied.
    package init(_ plan: GenerationPlan, files: [PlannedFile]? = nil, diffs: Bool = false, report: WriteReport? = nil) {
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

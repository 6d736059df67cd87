import Foundation

/// What the last generation wrote into an output directory, stored at `<output>/.authgen/manifest.json`.
/// The next generation compares the disk with it to tell the user's edits from stale generated files.
package struct GenerationManifest: Codable, Sendable, Equatable {
    package struct Entry: Codable, Sendable, Equatable {
        package var plugin: String
        /// Relative to the plugin folder.
        package var template: String
        package var owner: FileOwner
        /// Lower-case hex SHA-256 of the bytes the generator rendered for this file (not of what is on disk);
        /// for a generator-owned, non-secret file also the hash of its base copy under `.authgen/base/`.
        package var sha256: String
        /// The user deleted this generator-owned file: it stays deleted until `--restore`.
        package var deleted: Bool
        /// No longer generated and left in place as an orphan (edited, or user-owned): when it is generated again
        /// and the user deleted it meanwhile (as the orphan report advises), it is created again.
        package var orphaned: Bool

        package init(plugin: String, template: String, owner: FileOwner, sha256: String, deleted: Bool = false,
                    orphaned: Bool = false) {
            self.plugin = plugin
            self.template = template
            self.owner = owner
            self.sha256 = sha256
            self.deleted = deleted
            self.orphaned = orphaned
        }

        private enum CodingKeys: String, CodingKey {
            case plugin, template, owner, sha256, deleted, orphaned
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            plugin = try container.decode(String.self, forKey: .plugin)
            template = try container.decode(String.self, forKey: .template)
            owner = try container.decode(FileOwner.self, forKey: .owner)
            sha256 = try container.decode(String.self, forKey: .sha256)
            deleted = try container.decodeIfPresent(Bool.self, forKey: .deleted) ?? false
            orphaned = try container.decodeIfPresent(Bool.self, forKey: .orphaned) ?? false
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(plugin, forKey: .plugin)
            try container.encode(template, forKey: .template)
            try container.encode(owner, forKey: .owner)
            try container.encode(sha256, forKey: .sha256)
            if deleted { try container.encode(deleted, forKey: .deleted) }
            if orphaned { try container.encode(orphaned, forKey: .orphaned) }
        }

        /// The entry recording `file` as rendered.
        package init(_ file: RenderedFile) {
            self.init(plugin: file.plugin, template: file.template, owner: file.owner,
                      sha256: SHA256.hexDigest(of: file.contents))
        }
    }

    package static let directoryName = OutputPath.reservedDirectory
    package static let fileName = "manifest.json"
    /// Relative to the output directory.
    package static let relativePath = "\(directoryName)/\(fileName)"

    package var generatorVersion: String
    /// Lower-case hex SHA-256 of the spec file's bytes.
    package var specHash: String
    /// Output-relative path → entry.
    package var files: [String: Entry]
    /// Folders the generator created (output-relative), so that deleting the last generated file in one can remove it.
    package var directories: Set<String>
    /// The resource migrations generated so far and the schema they produce; nil in manifests written before
    /// histories existed (the next generation then starts one from the spec, as a first generation would).
    package var migrations: MigrationHistory?

    package init(generatorVersion: String, specHash: String, files: [String: Entry] = [:], directories: Set<String> = [],
                migrations: MigrationHistory? = nil) {
        self.generatorVersion = generatorVersion
        self.specHash = specHash
        self.files = files
        self.directories = directories
        self.migrations = migrations
    }

    private enum CodingKeys: String, CodingKey {
        case generatorVersion, specHash, files, directories, migrations
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        generatorVersion = try container.decode(String.self, forKey: .generatorVersion)
        specHash = try container.decode(String.self, forKey: .specHash)
        files = try container.decode([String: Entry].self, forKey: .files)
        directories = Set(try container.decodeIfPresent([String].self, forKey: .directories) ?? [])
        migrations = try container.decodeIfPresent(MigrationHistory.self, forKey: .migrations)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(generatorVersion, forKey: .generatorVersion)
        try container.encode(specHash, forKey: .specHash)
        try container.encode(files, forKey: .files)
        if !directories.isEmpty { try container.encode(directories.sorted(), forKey: .directories) }
        try container.encodeIfPresent(migrations, forKey: .migrations)
    }

    package static func url(in outputDirectory: URL) -> URL {
        outputDirectory.appendingPathComponent(directoryName, isDirectory: true)
            .appendingPathComponent(fileName, isDirectory: false)
    }

    /// The manifest of `outputDirectory`, or nil when it has none (first generation).
    /// Throws a `DiagnosticsError` naming the file and the fix when it exists but cannot be used.
    package static func read(from outputDirectory: URL) throws(DiagnosticsError) -> GenerationManifest? {
        let url = url(in: outputDirectory)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw corrupt(url, "it cannot be read (\(error.localizedDescription))")
        }
        return try decode(data, from: url)
    }

    /// Decodes manifest bytes; `url` only names the file in errors.
    package static func decode(_ data: Data, from url: URL) throws(DiagnosticsError) -> GenerationManifest {
        let manifest: GenerationManifest
        do {
            manifest = try JSONDecoder().decode(GenerationManifest.self, from: data)
        } catch let error as DecodingError {
            throw corrupt(url, describe(error))
        } catch {
            throw corrupt(url, "it is not valid JSON (\(error.localizedDescription))")
        }
        for (path, entry) in manifest.files.sorted(by: { $0.key < $1.key }) {
            if let reason = OutputPath.lexicalProblem(path) {
                throw corrupt(url, "the entry '\(OutputPath.printable(path))' is not a valid output path: \(reason)")
            }
            if !isSHA256Hex(entry.sha256) {
                throw corrupt(url, "the entry '\(path)' has sha256 '\(entry.sha256)', not 64 lower-case hex digits")
            }
        }
        for directory in manifest.directories.sorted() {
            if let reason = OutputPath.lexicalProblem(directory) {
                throw corrupt(url, "the folder '\(OutputPath.printable(directory))' is not a valid output path: \(reason)")
            }
        }
        return manifest
    }

    /// Deterministic, diff-friendly JSON: two-space indentation, keys sorted, `/` not escaped,
    /// non-ASCII kept as UTF-8, trailing newline. Printed by `JSONValue` so that it is byte-identical on every platform.
    package func encoded() -> Data {
        var top: [String: JSONValue] = [
            "files": .object(files.mapValues { entry in
                var fields: [String: JSONValue] = [
                    "owner": .string(entry.owner.rawValue),
                    "plugin": .string(entry.plugin),
                    "sha256": .string(entry.sha256),
                    "template": .string(entry.template),
                ]
                if entry.deleted { fields["deleted"] = .bool(true) }
                if entry.orphaned { fields["orphaned"] = .bool(true) }
                return .object(fields)
            }),
            "generatorVersion": .string(generatorVersion),
            "specHash": .string(specHash),
        ]
        if !directories.isEmpty { top["directories"] = .array(directories.sorted().map { .string($0) }) }
        if let migrations { top["migrations"] = migrations.jsonValue }
        let document = JSONValue.object(top)
        return Data((document.rendered() + "\n").utf8)
    }

    // MARK: - Helpers

    static func isSHA256Hex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private static func corrupt(_ url: URL, _ detail: String) -> DiagnosticsError {
        DiagnosticsError(.error(
            "corrupt generation manifest '\(url.path)': \(detail). "
                + "Restore it from version control, or delete it and run with '--into-existing': the next generation then treats every existing file "
                + "that differs from its rendering as a conflict (resolve each by hand, then '--accept PATH'; or '--force PATH')"
        ))
    }

    private static func describe(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : " at '" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .dataCorrupted(let context):
            if !context.codingPath.isEmpty {
                return "invalid value\(at(context.codingPath)): \(context.debugDescription)"
            }
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let detail = underlying ?? context.debugDescription
            return "it is not valid JSON" + (detail.isEmpty ? "" : " (\(detail))")
        case .keyNotFound(let key, let context):
            return "the key '\(key.stringValue)' is missing\(at(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "a value has the wrong type\(at(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "it cannot be decoded (\(error.localizedDescription))"
        }
    }
}

/// The vocabulary for describing the keys of the spec once, so that the reader (which keys are known,
/// which are required, which values are allowed) and the JSON Schema come from the same table.
struct SpecKey: Sendable {
    let name: String
    let type: SpecKeyType
    let description: String
    /// The default shown in the JSON Schema; `nil` when the key has none or it derives from other keys.
    let defaultValue: JSONValue?
    let required: Bool

    init(_ name: String, _ type: SpecKeyType, _ description: String, default defaultValue: JSONValue? = nil, required: Bool = false) {
        self.name = name
        self.type = type
        self.description = description
        self.defaultValue = defaultValue
        self.required = required
    }
}

/// A string format: the regular expression (whole match) and how to explain it to a user.
struct SpecFormat: Sendable {
    let pattern: String
    /// What a valid value looks like, phrased to follow "use ...".
    let hint: String
    let maxLength: Int?

    init(pattern: String, hint: String, maxLength: Int? = nil) {
        self.pattern = pattern
        self.hint = hint
        self.maxLength = maxLength
    }
}

indirect enum SpecKeyType: Sendable {
    /// A string; `nonEmpty` rejects "" and blank strings.
    case string(format: SpecFormat?, nonEmpty: Bool)
    case integer(minimum: Int?, maximum: Int?)
    case boolean
    case choice([String])
    /// A list of scalars of the element type.
    case list(of: SpecKeyType, unique: Bool)
    case object(SpecShape)
    /// A nested mapping, or the word `off` to turn the feature off (e.g. `auth.lockout`).
    case objectOrOff(SpecShape)
    /// A list of objects (e.g. `resources`).
    case objectList(SpecShape)
    /// A mapping from user-chosen names to objects (e.g. a resource's `fields`).
    case namedObjects(names: SpecFormat, reserved: [String], value: SpecShape, minCount: Int)
    /// Who may do a resource action: one of the levels, or a list of principals (`authenticated`, `owner`,
    /// `superuser` and the spec's role names) any of whom may.
    case accessRule(levels: [String])
    /// Any scalar: string, integer, number or boolean (a field's `default`).
    case anyScalar
    /// The top-level `plugins`: plugin name → that plugin's options, whose shapes come from the plugins'
    /// manifests (`PluginOption`), not from this table; see `SpecPluginsDecoder`.
    case pluginOptions
}

/// The keys of one mapping of the spec.
struct SpecShape: Sendable {
    /// Where this mapping sits, for descriptions (e.g. "auth.jwt").
    let title: String
    let keys: [SpecKey]

    init(_ title: String, _ keys: [SpecKey]) {
        self.title = title
        self.keys = keys
    }

    var names: [String] { keys.map(\.name) }

    func key(_ name: String) -> SpecKey? {
        keys.first { $0.name == name }
    }
}

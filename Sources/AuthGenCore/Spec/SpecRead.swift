/// The outcome of reading one key: absent (take the default), invalid (already reported), or a value.
enum SpecRead<Value> {
    case absent
    case invalid
    case valid(Located<Value>)

    var located: Located<Value>? {
        if case .valid(let located) = self { return located }
        return nil
    }

    var isInvalid: Bool {
        if case .invalid = self { return true }
        return false
    }

    /// The value, the default when absent, nil when invalid.
    func value(or defaultValue: @autoclosure () -> Value) -> Value? {
        switch self {
        case .absent: defaultValue()
        case .invalid: nil
        case .valid(let located): located.value
        }
    }

    func map<Other>(_ transform: (Located<Value>) -> SpecRead<Other>) -> SpecRead<Other> {
        switch self {
        case .absent: .absent
        case .invalid: .invalid
        case .valid(let located): transform(located)
        }
    }
}

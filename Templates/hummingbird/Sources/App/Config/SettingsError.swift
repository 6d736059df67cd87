/// A setting the server cannot start with. The description is the one line printed before exiting.
struct SettingsError: Error, CustomStringConvertible, Equatable {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The users this application has registered since it started, counted by the `userRegistered` hook and answered by
/// `GET /greeting`: one per application (`ExtensionServices.shared`), however many extensions and routes ask for it.
actor GreetingNewcomers: SharedExtensionValue {
    private(set) var count = 0

    init(services: ExtensionServices) {}

    func welcome() {
        self.count += 1
    }
}

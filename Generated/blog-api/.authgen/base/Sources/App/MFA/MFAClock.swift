import Foundation

/// The time TOTP codes and login steps are checked at. Tests fix it (`MFAClock.$fixedNow.withValue(…)`) to check
/// the codes of RFC 6238's vectors; the server uses the system clock.
enum MFAClock {
    @TaskLocal static var fixedNow: Date?

    static var now: Date { self.fixedNow ?? Date() }
}

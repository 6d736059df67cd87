@testable import App

extension Settings {
    /// The values the server's own tests run with for plugin settings that declare one (`test_value:` in the plugin's
    /// `plugin.yaml`), where a feature's default would break what these tests rely on, e.g. a plugin that refuses
    /// logins; the plugin's own tests set the values they test.
    mutating func usePluginTestValues() {
        self.emailVerificationRequired = false
        self.mfaPolicy = "optional"
    }
}

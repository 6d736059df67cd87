/// Facts about authgen itself.
package enum AuthGen {
    package static let name = "authgen"
    package static let version = "0.1.0"
}

/// Facts about authgen itself.
public enum AuthGen {
    public static let name = "authgen"
    public static let version = "0.1.0"
}

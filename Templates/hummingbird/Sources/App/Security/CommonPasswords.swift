/// Frequent passwords from public breach lists, compared case-insensitively.
enum CommonPasswords {
    static func contains(_ password: String) -> Bool {
        list.contains(password.lowercased())
    }

    private static let list: Set<String> = [
        "123456", "123456789", "12345678", "password", "qwerty123", "qwerty1", "111111", "12345", "1234567890",
        "1234567", "qwerty", "abc123", "password1", "password123", "password1!", "password123!", "passw0rd",
        "passw0rd!", "p@ssw0rd", "p@ssw0rd1", "p@ssword1", "p@ssword123", "pa$$w0rd", "pa$$word1", "welcome1",
        "welcome1!", "welcome123", "welcome123!", "admin123", "admin123!", "admin@123", "administrator1",
        "letmein1", "letmein1!", "letmein123", "iloveyou1", "iloveyou!", "monkey123", "dragon123", "football1",
        "baseball1", "sunshine1", "sunshine1!", "princess1", "qwerty123!", "qwertyuiop", "qwerty@123",
        "1q2w3e4r", "1q2w3e4r!", "1qaz2wsx", "1qaz@wsx", "zaq12wsx", "zaq1@wsx", "changeme1", "changeme123",
        "trustno1", "trustno1!", "master123", "superman1", "batman123", "summer2024!", "summer2025!",
        "winter2024!", "winter2025!", "spring2025!", "autumn2025!", "secret123", "secret123!", "test1234",
        "test1234!", "test@123", "login123", "hello123", "hello123!", "abcd1234", "abcd@1234", "abc@1234",
        "aa123456", "asdf1234", "asdfghjkl", "zxcvbnm1", "computer1", "internet1", "mustang1", "shadow123",
        "michael1", "charlie1", "jordan23", "liverpool1", "chelsea1", "starwars1", "pokemon1", "whatever1",
        "freedom1", "killer123", "q1w2e3r4", "q1w2e3r4t5", "1234qwer", "qwer1234", "qwer1234!", "p4ssw0rd",
        "p4ssw0rd!", "passwort1", "motdepasse1", "contraseña1", "azerty123", "azerty123!", "Aa123456!",
    ].reduce(into: Set<String>()) { $0.insert($1.lowercased()) }
}

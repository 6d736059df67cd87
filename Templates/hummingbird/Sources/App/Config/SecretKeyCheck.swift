enum SecretKeyCheck {
    private static let placeholderMarkers = [
        "change-me", "changeme", "change_me", "change-in-production", "change-this",
        "your-secret", "your_secret", "your-super-secret", "placeholder", "example", "replace-me",
    ]

    static func isPlaceholder(_ secret: String) -> Bool {
        let lowered = secret.lowercased()
        if placeholderMarkers.contains(where: lowered.contains) { return true }
        // One character repeated ("xxxx…", "0000…") is not a secret either.
        return Set(secret).count <= 1
    }
}

/// A link's lifetime as a mail says it: "30 minutes", "1 hour", "7 days".
enum ExpiryText {
    static func of(seconds: Int) -> String {
        for (unit, length) in [("day", 86_400), ("hour", 3_600), ("minute", 60)] where seconds >= length && seconds % length == 0 {
            let count = seconds / length
            return count == 1 ? "1 \(unit)" : "\(count) \(unit)s"
        }
        return seconds == 1 ? "1 second" : "\(seconds) seconds"
    }
}

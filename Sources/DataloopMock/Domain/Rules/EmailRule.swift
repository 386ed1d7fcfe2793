/// Emails are compared exactly. SQLite reads bound text up to its first NUL, so an email with
/// control characters would be stored cut short (`eve\0x` becomes `eve`) or would match another
/// user (`ada@provider.example\0junk` logging in as Ada): such an email is refused (400)
/// wherever one comes in, before it reaches the store.
public enum EmailRule {
    public static func problem(with email: String) -> String? {
        guard ControlCharacters.contains(email) else { return nil }
        return "an email address cannot contain control characters (such as NUL or a newline); got \(escaped(email))"
    }

    public static func check(_ email: String) throws(DomainError) {
        if let problem = problem(with: email) { throw .badRequest(problem) }
    }

    /// The email quoted with its control characters visible (`'eve\u{0}x'`), at most 80 characters.
    static func escaped(_ email: String) -> String {
        "'" + String(email.prefix(80)).unicodeScalars.map { scalar in
            ControlCharacters.isControl(scalar) ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined() + "'"
    }

    /// Equal as SQLite's `COLLATE NOCASE` compares: ASCII letters fold, nothing else does.
    static func sameAddress(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8) { x, y in
            x == y || (x | 0x20 == y | 0x20 && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(x | 0x20))
        }
    }
}

import Foundation

/// Names of orgs, projects and integrations, trimmed first.
///
/// Orgs and projects follow the platform's documented rule, as dtlpy's own scenarios show it:
/// the platform accepts a name made of ASCII letters, digits, space and
/// `!@#$%^&*()_+-[]|.,` that is longer than 100 characters, and refuses one holding any other
/// character (`'`, `/`, `:`, `;`, `<`, `=`, `>`, `?`, `{`, `}`, `~`, accented letters, `€`, `…`,
/// control characters). The mock takes exactly that alphabet, up to 256 characters (a bound of
/// its own: the platform's limit is not documented). Integration names are free text without
/// control characters, up to 256 characters. Org-name uniqueness (case-insensitive) is checked
/// against the store by `OrganizationService`; a caller's project names by `ProjectService`.
public struct NameRule: Sendable {
    public let subject: String
    public let maxLength = 256
    /// The characters a name may hold besides ASCII letters and digits; nil: any character
    /// that is not a control character.
    let punctuation: Set<Character>?

    public static let platformPunctuation = " !@#$%^&*()_+-[]|.,"
    public static let org = NameRule(subject: "an organization name", punctuation: Set(platformPunctuation))
    public static let project = NameRule(subject: "a project name", punctuation: Set(platformPunctuation))
    public static let integration = NameRule(subject: "an integration name", punctuation: nil)

    public func problem(with name: String) -> String? {
        passesAsASCII(name) ? nil : problemByCharacters(with: name)
    }

    /// The rule itself, over the trimmed name's `Character`s.
    func problemByCharacters(with name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "\(subject) cannot be empty" }
        if trimmed.count > maxLength { return "\(subject) is at most \(maxLength) characters (got \(trimmed.count))" }
        if let bad = trimmed.first(where: { !allows($0) }) {
            let allowed = punctuation == nil ? "" : " (allowed: letters A-Z and a-z, digits, space and \(Self.platformPunctuation.dropFirst()))"
            return "\(subject) cannot contain \(Self.describe(bad))\(allowed)"
        }
        return nil
    }

    public func validated(_ name: String) throws(DomainError) -> String {
        if let problem = problem(with: name) { throw .badRequest(problem) }
        return name.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Nearly every name is ASCII the rule allows, with nothing to trim: such a name passes
    /// without the trimming and the walk over `Character`s, which were most of validating a
    /// 100k-user fixture's names. Anything else takes the full path (`NameRuleTests`).
    private func passesAsASCII(_ name: String) -> Bool {
        guard punctuation != nil, let first = name.utf8.first, let last = name.utf8.last,
              first != 0x20, last != 0x20, name.utf8.count <= maxLength else { return false }
        return name.utf8.allSatisfy { $0 < 0x80 && Self.platformASCII[Int($0)] }
    }

    /// ASCII letters, digits and the platform's punctuation, by byte.
    private static let platformASCII: [Bool] = (0..<128).map { byte in
        let character = Character(Unicode.Scalar(UInt8(byte)))
        return (character.isLetter || character.isNumber) || platformPunctuation.contains(character)
    }

    func allows(_ character: Character) -> Bool {
        guard let punctuation else { return !character.unicodeScalars.contains(where: ControlCharacters.isControl) }
        return (character.isASCII && (character.isLetter || character.isNumber)) || punctuation.contains(character)
    }

    /// A character as a message can show it: printable ones quoted, others as code points.
    static func describe(_ character: Character) -> String {
        if character.unicodeScalars.contains(where: ControlCharacters.isControl) {
            return character.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
        }
        return "'\(character)'"
    }
}

/// Control characters (C0, DEL, C1) are refused in names and emails: a NUL stored in SQLite
/// truncates the text a reader sees.
public enum ControlCharacters {
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }

    public static func contains(_ text: String) -> Bool {
        // ASCII text (nearly all of it): the control characters are the bytes below 0x20 and DEL.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.contains { $0 < 0x20 || $0 == 0x7F } }
        return text.unicodeScalars.contains(where: isControl)
    }
}

public enum EmailAddress {
    /// Deliberately simple: one '@' with text on both sides, no whitespace or control
    /// character, at most 254 characters.
    public static func isValid(_ email: String) -> Bool {
        guard email.utf8.allSatisfy({ $0 < 0x80 }) else { return isValidByCharacters(email) }
        // ASCII (a 100k-user fixture validates in a tenth of the time): whitespace and control
        // characters are the bytes up to 0x20 and DEL, and characters are bytes.
        guard email.utf8.count <= 254, !email.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return false }
        let bytes = email.utf8
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let domain = bytes[bytes.index(after: at)...]
        return at != bytes.startIndex && !domain.contains(UInt8(ascii: "@")) && domain.contains(UInt8(ascii: "."))
            && domain.first != UInt8(ascii: ".") && domain.last != UInt8(ascii: ".")
    }

    /// The rule over `Character`s, for any text (`NameRuleTests` checks the ASCII path against it).
    static func isValidByCharacters(_ email: String) -> Bool {
        if email.count > 254 || email.contains(where: { $0.isWhitespace || $0.isNewline }) || ControlCharacters.contains(email) {
            return false
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}

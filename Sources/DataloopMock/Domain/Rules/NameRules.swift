import Foundation

/// Names of orgs, projects and integrations: trimmed, 1 to 100 characters, and for projects
/// no slash (it would break `/projects/{name}/name`). Org-name uniqueness (case-insensitive)
/// is checked against the store by `OrganizationService`.
public struct NameRule: Sendable {
    public let subject: String
    public let maxLength = 100
    let forbidden: Character?

    public static let org = NameRule(subject: "an organization name", forbidden: nil)
    public static let project = NameRule(subject: "a project name", forbidden: "/")
    public static let integration = NameRule(subject: "an integration name", forbidden: nil)

    public func problem(with name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "\(subject) cannot be empty" }
        if trimmed.count > maxLength { return "\(subject) is at most \(maxLength) characters (got \(trimmed.count))" }
        if let forbidden, trimmed.contains(forbidden) { return "\(subject) cannot contain '\(forbidden)'" }
        return nil
    }

    public func validated(_ name: String) throws(DomainError) -> String {
        if let problem = problem(with: name) { throw .badRequest(problem) }
        return name.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public enum EmailAddress {
    /// Deliberately simple: one '@' with text on both sides, no whitespace, at most 254 characters.
    public static func isValid(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && email.count <= 254
            && !email.contains(where: { $0.isWhitespace || $0.isNewline })
    }
}

public enum IntegrationType: String, CaseIterable, Sendable {
    case s3, gcs, azureblob
    case keyValue = "key_value"
    case awsSts = "aws-sts"
    case awsCross = "aws-cross"
    case gcpCross = "gcp-cross"
    case gcpWorkloadIdentityFederation = "gcp-workload-identity-federation"
    case privateRegistry = "private-registry"
}

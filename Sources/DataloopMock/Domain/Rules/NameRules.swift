import Foundation

/// Org names: trimmed, 1 to 100 characters. Uniqueness (case-insensitive) is checked
/// against the store by `OrganizationService`.
public enum OrgNameRule {
    public static let maxLength = 100

    public static func problem(with name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "an organization name cannot be empty" }
        if trimmed.count > maxLength { return "an organization name is at most \(maxLength) characters (got \(trimmed.count))" }
        return nil
    }

    public static func validated(_ name: String) throws(DomainError) -> String {
        if let problem = problem(with: name) { throw .badRequest(problem) }
        return name.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Project names: trimmed, 1 to 100 characters, no slash (it would break `/projects/{name}/name`).
public enum ProjectNameRule {
    public static let maxLength = 100

    public static func problem(with name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "a project name cannot be empty" }
        if trimmed.count > maxLength { return "a project name is at most \(maxLength) characters (got \(trimmed.count))" }
        if trimmed.contains("/") { return "a project name cannot contain '/'" }
        return nil
    }

    public static func validated(_ name: String) throws(DomainError) -> String {
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

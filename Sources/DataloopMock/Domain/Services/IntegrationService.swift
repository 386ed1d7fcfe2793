import Foundation
import GRDB

/// Org integrations (cloud storage credentials and the like). Options hold secrets: they are
/// stored, never returned.
public struct IntegrationService: Sendable {
    public let clock: MockClock
    let orgs: OrganizationService
    public init(clock: MockClock) {
        self.clock = clock
        orgs = OrganizationService(clock: clock)
    }

    public func list(_ db: Database, caller: Caller, orgId: String) throws -> [IntegrationRecord] {
        let (org, _) = try orgs.authorize(db, caller, orgId: orgId, .manageIntegrations)
        return try IntegrationRecord.ofOrg(db, orgId: org.id)
    }

    public func get(_ db: Database, caller: Caller, orgId: String, integrationId: String) throws -> IntegrationRecord {
        let (org, _) = try orgs.authorize(db, caller, orgId: orgId, .manageIntegrations)
        guard let integration = try IntegrationRecord.fetchOne(db, key: integrationId), integration.orgId == org.id else {
            throw DomainError.notFound("integration '\(integrationId)' not found in organization '\(org.name)'")
        }
        return integration
    }

    public func create(_ db: Database, caller: Caller, orgId: String, type: String, name: String,
                       options: JSONValue, metadata: JSONValue?) throws -> IntegrationRecord {
        let (org, _) = try orgs.authorize(db, caller, orgId: orgId, .manageIntegrations)
        guard let integrationType = IntegrationType(rawValue: type) else {
            throw DomainError.badRequest("unknown integration type '\(type)'; expected one of: "
                + IntegrationType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let trimmed = try NameRule.integration.validated(name)
        guard options.objectValue != nil else { throw DomainError.badRequest("'options' must be a JSON object") }
        let id = UUIDs.random()
        let storedMetadata = try IntegrationMetadataRule.stored(type: integrationType, sent: metadata, integrationId: id)
        let now = clock.nowMs()
        let record = IntegrationRecord(
            id: id, orgId: org.id, type: type, name: trimmed, options: try JSONText.encode(options),
            metadata: try storedMetadata.map(JSONText.encode), creatorId: caller.id, createdAt: now, updatedAt: now)
        try record.insert(db)
        return record
    }

    public func update(_ db: Database, caller: Caller, orgId: String, integrationId: String,
                       name: String?, options: JSONValue?) throws -> IntegrationRecord {
        var record = try get(db, caller: caller, orgId: orgId, integrationId: integrationId)
        if let name { record.name = try NameRule.integration.validated(name) }
        if let options {
            guard options.objectValue != nil else { throw DomainError.badRequest("'credentials.options' must be a JSON object") }
            record.options = try JSONText.encode(options)
        }
        record.updatedAt = clock.nowMs()
        try record.update(db)
        return record
    }

    public func delete(_ db: Database, caller: Caller, orgId: String, integrationId: String) throws {
        try get(db, caller: caller, orgId: orgId, integrationId: integrationId).delete(db)
    }
}

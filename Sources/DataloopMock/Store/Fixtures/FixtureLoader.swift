import Foundation
import GRDB

/// Writes a validated fixture into an empty database. Absent ids and times are derived
/// from names and positions, so loading the same document twice gives identical state.
public enum FixtureLoader {
    public static func load(_ doc: FixtureDocument, into db: Database) throws {
        var clockTick: Int64 = 0
        func time(_ given: Int64?) -> Int64 {
            clockTick += 1
            return given ?? DeterministicID.fixtureEpochMs + clockTick * 1000
        }

        var usersByEmail: [String: UserRecord] = [:]
        for user in doc.users {
            let invited = user.invited ?? false
            let created = time(user.createdAt)
            let record = UserRecord(
                id: user.id ?? (invited ? DeterministicID.uuid("invited", user.email.lowercased()) : user.email),
                email: user.email, firstName: user.firstName, lastName: user.lastName, avatar: nil,
                passwordHash: user.passwordHash ?? user.password.map { PasswordHasher.hash(password: $0, email: user.email) },
                superuser: user.superuser ?? false, invited: invited, activeOrgId: nil,
                createdAt: created, updatedAt: created, lastLogin: nil)
            try record.insert(db)
            usersByEmail[user.email.lowercased()] = record
        }

        var orgIDs: [String: String] = [:]
        var accountIDs: [String: String] = [:]
        var firstOrgOfUser: [String: String] = [:]
        for org in doc.orgs {
            let id = org.id ?? DeterministicID.uuid("org", org.name.lowercased())
            orgIDs[org.name.lowercased()] = id
            accountIDs[org.name.lowercased()] = DeterministicID.uuid("account", id)
        }
        for org in doc.orgs {
            let id = orgIDs[org.name.lowercased()]!
            let ownerEmail = org.members.first { $0.role == OrgRole.owner.rawValue }!.email.lowercased()
            let created = time(org.createdAt)
            try OrgWriter.insertOrg(
                db, id: id, name: org.name, plan: OrgPlan(rawValue: org.plan ?? "freemium") ?? .freemium,
                providerId: nil, owner: usersByEmail[ownerEmail]!, createdAt: created)
            for (position, member) in org.members.enumerated() {
                let user = usersByEmail[member.email.lowercased()]!
                try OrgMemberRecord(orgId: id, userId: user.id, role: member.role, position: Int64(position),
                                    createdAt: created).insert(db)
                if firstOrgOfUser[user.id] == nil { firstOrgOfUser[user.id] = id }
            }
            for (index, group) in (org.groups ?? []).enumerated() {
                let groupID = group.id ?? DeterministicID.uuid("group", id, String(index))
                try GroupRecord(id: groupID, orgId: id, name: group.name, ownerId: usersByEmail[ownerEmail]!.id,
                                createdAt: created, updatedAt: created).insert(db)
                for email in group.members {
                    try GroupMemberRecord(groupId: groupID, userId: usersByEmail[email.lowercased()]!.id).insert(db)
                }
            }
            for (index, integration) in (org.integrations ?? []).enumerated() {
                try IntegrationRecord(
                    id: integration.id ?? DeterministicID.uuid("integration", id, String(index)), orgId: id,
                    type: integration.type, name: integration.name,
                    options: try JSONText.encode(integration.options ?? .object([:])),
                    metadata: try integration.metadata.map(JSONText.encode),
                    creatorId: usersByEmail[ownerEmail]!.id, createdAt: created, updatedAt: created).insert(db)
            }
        }
        // Providers are set once every org exists, so a client may precede its provider.
        for org in doc.orgs {
            if let provider = org.provider {
                try db.execute(sql: "UPDATE org SET providerId = ? WHERE id = ?",
                               arguments: [orgIDs[provider.lowercased()], orgIDs[org.name.lowercased()]])
            }
        }
        for user in doc.users {
            let record = usersByEmail[user.email.lowercased()]!
            let active: String?
            switch user.activeOrg {
            case .firstOrg: active = firstOrgOfUser[record.id]
            case .none: active = nil
            case .named(let name): active = orgIDs[name.lowercased()]
            }
            if let active {
                try db.execute(sql: "UPDATE user SET activeOrgId = ? WHERE id = ?", arguments: [active, record.id])
            }
        }

        for (index, project) in doc.projects.enumerated() {
            let orgID = orgIDs[project.org.lowercased()]!
            let id = project.id ?? DeterministicID.uuid("project", orgID, project.name, String(index))
            let created = time(project.createdAt)
            let owner = project.contributors.first { $0.role == ProjectRole.owner.rawValue }.flatMap { usersByEmail[$0.email.lowercased()] }
            try ProjectWriter.insertProject(db, ProjectRecord(
                id: id, name: project.name, orgId: orgID,
                accountId: accountIDs[(project.account ?? project.org).lowercased()]!,
                creatorId: owner?.id, systemProject: false, isBlocked: false, archived: false,
                createdAt: created, updatedAt: created))
            for (position, contributor) in project.contributors.enumerated() {
                try ProjectContributorRecord(
                    projectId: id, userId: usersByEmail[contributor.email.lowercased()]!.id, role: contributor.role,
                    position: Int64(position), createdAt: created).insert(db)
            }
            for (n, dataset) in (project.datasets ?? []).enumerated() {
                let datasetCreated = dataset.createdAt ?? created
                try DatasetRecord(id: dataset.id ?? FixtureDataset.derivedID(projectId: id, index: n), projectId: id, name: dataset.name,
                                  creatorId: dataset.creator.flatMap { usersByEmail[$0.lowercased()]?.id } ?? owner?.id,
                                  systemDataset: false, createdAt: datasetCreated, updatedAt: datasetCreated).insert(db)
            }
            for (n, name) in (project.tasks ?? []).enumerated() {
                try TaskRecord(id: DeterministicID.uuid("task", id, String(n)), projectId: id, name: name).insert(db)
            }
        }
    }
}

/// JSON stored as text columns (integration options and metadata).
public enum JSONText {
    public static func encode(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func decode(_ text: String) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null
    }
}

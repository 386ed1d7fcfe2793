/// The fixture file: the whole state of the emulated platform as one JSON document.
/// Entities refer to each other by email and org name; see README "Fixture format".
public struct FixtureDocument: Codable, Sendable, Equatable {
    public var users: [FixtureUser]
    public var orgs: [FixtureOrg]
    public var projects: [FixtureProject]

    public init(users: [FixtureUser] = [], orgs: [FixtureOrg] = [], projects: [FixtureProject] = []) {
        self.users = users
        self.orgs = orgs
        self.projects = projects
    }

    /// Decoding ignores keys it does not know, so `{"name": "x"}` would read as an empty
    /// document and wipe the state. A key it does not know is refused instead, and an empty
    /// state has to be asked for with the keys present (`{"users": [], "orgs": []}`).
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { CodingKeys(stringValue: $0) == nil }) {
            throw FixtureProblem(path: unknown, message: "unknown key; a fixture document has 'users', 'orgs' and 'projects'")
        }
        if keys.isEmpty {
            throw FixtureProblem(path: "", message: #"an empty document; to empty the state, send {"users": [], "orgs": [], "projects": []}"#)
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        users = try c.decodeIfPresent([FixtureUser].self, forKey: .users) ?? []
        orgs = try c.decodeIfPresent([FixtureOrg].self, forKey: .orgs) ?? []
        projects = try c.decodeIfPresent([FixtureProject].self, forKey: .projects) ?? []
    }
}

public struct FixtureUser: Codable, Sendable, Equatable {
    public var email: String
    /// Plain password, hashed on load. An export carries `passwordHash` instead.
    public var password: String?
    public var passwordHash: String?
    public var id: String?
    public var firstName: String?
    public var lastName: String?
    public var superuser: Bool?
    /// Invited users have not signed up: they get a UUID id and no password.
    public var invited: Bool?
    /// Absent: the user's first org. Explicit null: no active org.
    public var activeOrg: ActiveOrg
    public var createdAt: Int64?
    /// Exported so that a re-import answers every read the same (absent: `createdAt`).
    public var updatedAt: Int64?
    public var lastLogin: Int64?
    public var avatar: String?

    public enum ActiveOrg: Sendable, Equatable {
        case firstOrg
        case none
        case named(String)
    }

    enum CodingKeys: String, CodingKey {
        case email, password, passwordHash, id, firstName, lastName, superuser, invited, activeOrg, createdAt, updatedAt, lastLogin, avatar
    }

    public init(email: String, password: String? = nil, firstName: String? = nil, lastName: String? = nil,
                superuser: Bool? = nil, activeOrg: ActiveOrg = .firstOrg) {
        self.email = email
        self.password = password
        self.firstName = firstName
        self.lastName = lastName
        self.superuser = superuser
        self.activeOrg = activeOrg
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        email = try c.decode(String.self, forKey: .email)
        password = try c.decodeIfPresent(String.self, forKey: .password)
        passwordHash = try c.decodeIfPresent(String.self, forKey: .passwordHash)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        firstName = try c.decodeIfPresent(String.self, forKey: .firstName)
        lastName = try c.decodeIfPresent(String.self, forKey: .lastName)
        superuser = try c.decodeIfPresent(Bool.self, forKey: .superuser)
        invited = try c.decodeIfPresent(Bool.self, forKey: .invited)
        createdAt = try c.decodeIfPresent(Int64.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Int64.self, forKey: .updatedAt)
        lastLogin = try c.decodeIfPresent(Int64.self, forKey: .lastLogin)
        avatar = try c.decodeIfPresent(String.self, forKey: .avatar)
        if !c.contains(.activeOrg) {
            activeOrg = .firstOrg
        } else if let name = try c.decodeIfPresent(String.self, forKey: .activeOrg) {
            activeOrg = .named(name)
        } else {
            activeOrg = .none
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(email, forKey: .email)
        try c.encodeIfPresent(password, forKey: .password)
        try c.encodeIfPresent(passwordHash, forKey: .passwordHash)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(firstName, forKey: .firstName)
        try c.encodeIfPresent(lastName, forKey: .lastName)
        try c.encodeIfPresent(superuser, forKey: .superuser)
        try c.encodeIfPresent(invited, forKey: .invited)
        try c.encodeIfPresent(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(lastLogin, forKey: .lastLogin)
        try c.encodeIfPresent(avatar, forKey: .avatar)
        switch activeOrg {
        case .firstOrg: break
        case .none: try c.encodeNil(forKey: .activeOrg)
        case .named(let name): try c.encode(name, forKey: .activeOrg)
        }
    }
}

public struct FixtureOrg: Codable, Sendable, Equatable {
    public var id: String?
    public var name: String
    public var plan: String?
    public var provider: String?
    public var createdAt: Int64?
    public var members: [FixtureMember]
    public var groups: [FixtureGroup]?
    public var integrations: [FixtureIntegration]?
    // What an export carries besides, so that a re-import answers every read the same; each
    // is optional and derived when absent (creator: the first owner; times: `createdAt`).
    public var updatedAt: Int64?
    public var creator: String?
    public var logoUrl: String?
    public var cache: FixtureCache?
    public var account: FixtureAccount?
    public var systemProject: FixtureSystemProject?

    public init(name: String, plan: String? = nil, provider: String? = nil, members: [FixtureMember]) {
        self.name = name
        self.plan = plan
        self.provider = provider
        self.members = members
    }
}

public struct FixtureMember: Codable, Sendable, Equatable {
    public var email: String
    public var role: String
    /// When the membership began (absent: when its org or project was created); the org's
    /// owner is its longest-standing owner, so an export keeps it.
    public var createdAt: Int64?
    public init(email: String, role: String, createdAt: Int64? = nil) {
        self.email = email
        self.role = role
        self.createdAt = createdAt
    }
}

public struct FixtureGroup: Codable, Sendable, Equatable {
    public var id: String?
    public var name: String
    public var members: [String]
    /// Absent: the org's owner and the org's creation time.
    public var owner: String?
    public var createdAt: Int64?
    public var updatedAt: Int64?
}

/// An org's file-system cache (`dl.organizations.cache_action`): `NONE`, `PENDING` or `READY`.
public struct FixtureCache: Codable, Sendable, Equatable {
    public var state: String
    public var readyAt: Int64?
}

/// An org's account; its name is always the org's name and its owner the org's owner.
public struct FixtureAccount: Codable, Sendable, Equatable {
    public var id: String?
    public var creator: String?
    public var createdAt: Int64?
    public var updatedAt: Int64?
}

/// An org's system project (made with the org; its name follows the org's name).
public struct FixtureSystemProject: Codable, Sendable, Equatable {
    public var id: String?
    public var creator: String?
    public var createdAt: Int64?
    public var updatedAt: Int64?
    /// Absent: the org's first owner, as owner.
    public var contributors: [FixtureMember]?
    public var datasets: [FixtureDataset]?
}

public struct FixtureIntegration: Codable, Sendable, Equatable {
    public var id: String?
    public var type: String
    public var name: String
    public var options: JSONValue?
    public var metadata: JSONValue?
    /// Absent: the org's first owner and the org's creation time.
    public var creator: String?
    public var createdAt: Int64?
    public var updatedAt: Int64?
}

public struct FixtureProject: Codable, Sendable, Equatable {
    public var id: String?
    public var name: String
    public var org: String
    public var account: String?
    public var createdAt: Int64?
    public var contributors: [FixtureMember]
    public var datasets: [FixtureDataset]?
    public var tasks: [String]?
    /// Absent: the first owner among the contributors, and `createdAt`.
    public var creator: String?
    public var updatedAt: Int64?

    public init(name: String, org: String, account: String? = nil, contributors: [FixtureMember]) {
        self.name = name
        self.org = org
        self.account = account
        self.contributors = contributors
    }
}

/// A dataset of a fixture project: a name, or `{"name", "id"?, "createdAt"?, "creator"?}`
/// (creator: a user's email; absent: the project's owner). The `Binaries` system dataset is
/// never listed: every project gets it.
public struct FixtureDataset: Codable, Sendable, Equatable, ExpressibleByStringLiteral {
    public var id: String?
    public var name: String
    public var createdAt: Int64?
    public var creator: String?

    public init(name: String, id: String? = nil, createdAt: Int64? = nil, creator: String? = nil) {
        self.name = name
        self.id = id
        self.createdAt = createdAt
        self.creator = creator
    }

    public init(stringLiteral name: String) { self.init(name: name) }

    enum CodingKeys: String, CodingKey { case id, name, createdAt, creator }

    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self.init(name: name)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), id: try c.decodeIfPresent(String.self, forKey: .id),
                  createdAt: try c.decodeIfPresent(Int64.self, forKey: .createdAt), creator: try c.decodeIfPresent(String.self, forKey: .creator))
    }

    /// Written as a plain name when everything else is what loading the name would derive.
    public func encode(to encoder: any Encoder) throws {
        if id == nil && createdAt == nil && creator == nil {
            var c = encoder.singleValueContainer()
            try c.encode(name)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(createdAt, forKey: .createdAt)
        try c.encodeIfPresent(creator, forKey: .creator)
    }

    static func derivedID(projectId: String, index: Int) -> String { DeterministicID.uuid("dataset", projectId, String(index)) }
}

/// Any key: for reading which keys an object has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

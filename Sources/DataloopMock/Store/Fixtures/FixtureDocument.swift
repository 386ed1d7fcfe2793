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

    public init(from decoder: any Decoder) throws {
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

    public enum ActiveOrg: Sendable, Equatable {
        case firstOrg
        case none
        case named(String)
    }

    enum CodingKeys: String, CodingKey {
        case email, password, passwordHash, id, firstName, lastName, superuser, invited, activeOrg, createdAt
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
    public init(email: String, role: String) {
        self.email = email
        self.role = role
    }
}

public struct FixtureGroup: Codable, Sendable, Equatable {
    public var id: String?
    public var name: String
    public var members: [String]
}

public struct FixtureIntegration: Codable, Sendable, Equatable {
    public var id: String?
    public var type: String
    public var name: String
    public var options: JSONValue?
    public var metadata: JSONValue?
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

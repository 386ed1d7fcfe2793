/// A user as the platform renders one; `role` is present in member lists only.
struct UserJSON: FieldsView, Sendable {
    let user: UserRecord
    let role: String?

    init(_ user: UserRecord, role: String? = nil) {
        self.user = user
        self.role = role
    }

    init(_ member: Member) { self.init(member.user, role: member.role) }

    // The platform's rules for the fields a user record does not hold as such.
    static func type(_ user: UserRecord) -> String { user.invited ? "invited" : "human" }
    static func boarded(_ user: UserRecord) -> Bool { !user.invited }
    static func inviteStatus(_ user: UserRecord) -> String? { user.invited ? "pending" : nil }
    static let timezone = "UTC"

    var fields: Fields { Fields(self) }

    struct Fields: Encodable {
        var id: String
        var email: String
        var username: String
        @Nullable var firstName: String?
        @Nullable var lastName: String?
        @Nullable var avatar: String?
        var type: String
        @Nullable var org: String?
        var createdAt: Int64
        var updatedAt: Int64
        @Nullable var lastLogin: Int64?
        var boarded: Bool
        @Nullable var interest: String?
        var timezone: String
        var role: String?
        var inviteStatus: String?

        init(_ view: UserJSON) {
            let user = view.user
            id = user.id
            email = user.email
            username = user.email
            firstName = user.firstName
            lastName = user.lastName
            avatar = user.avatar
            type = UserJSON.type(user)
            org = user.activeOrgId
            createdAt = user.createdAt
            updatedAt = user.updatedAt
            lastLogin = user.lastLogin
            boarded = UserJSON.boarded(user)
            interest = nil
            timezone = UserJSON.timezone
            role = view.role
            inviteStatus = UserJSON.inviteStatus(user)
        }
    }
}

/// A user as the platform renders one; `role` is present in member lists only.
struct UserJSON: Encodable, Sendable {
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

    init(_ user: UserRecord, role: String? = nil) {
        id = user.id
        email = user.email
        username = user.email
        firstName = user.firstName
        lastName = user.lastName
        avatar = user.avatar
        type = user.invited ? "invited" : "human"
        org = user.activeOrgId
        createdAt = user.createdAt
        updatedAt = user.updatedAt
        lastLogin = user.lastLogin
        boarded = !user.invited
        interest = nil
        timezone = "UTC"
        self.role = role
        inviteStatus = user.invited ? "pending" : nil
    }

    init(_ member: Member) { self.init(member.user, role: member.role) }
}

// The views written directly (see `JSONWriter`), from the domain values they hold: keys in
// sorted order, every key their `Encodable` form has. `JSONWriterTests` checks each against
// `JSONEncoder` byte for byte. A list of members is written from the members themselves, not
// from a view made for each.

extension UserJSON: JSONWritable {
    func write(to json: inout JSONWriter) { Self.write(user, role: role, to: &json) }

    static func write(_ user: UserRecord, role: String?, to json: inout JSONWriter) {
        json.object { json in
            json.field("avatar", user.avatar)
            json.field("boarded", boarded(user))
            json.field("createdAt", user.createdAt)
            json.field("email", user.email)
            json.field("firstName", user.firstName)
            json.field("id", user.id)
            json.key("interest")
            json.null()
            if let inviteStatus = inviteStatus(user) { json.field("inviteStatus", inviteStatus) }
            json.field("lastLogin", user.lastLogin)
            json.field("lastName", user.lastName)
            json.field("org", user.activeOrgId)
            if let role { json.field("role", role) }
            json.field("timezone", timezone)
            json.field("type", type(user))
            json.field("updatedAt", user.updatedAt)
            json.field("username", user.email)
        }
    }

    /// Members as users with their roles.
    static func write(_ members: [Member], to json: inout JSONWriter) {
        json.array(members) { json, member in write(member.user, role: member.role, to: &json) }
    }
}

extension AccountJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("createdAt", account.createdAt)
            json.field("creator", account.creatorId)
            json.field("id", account.id)
            json.field("name", account.name)
            json.field("org", account.orgId)
            json.field("owner", account.ownerId)
            json.field("updatedAt", account.updatedAt)
        }
    }
}

extension GroupJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        let group = details.group
        json.object { json in
            json.field("createdAt", group.createdAt)
            json.field("id", group.id)
            json.field("members", details.memberIds)
            json.field("name", group.name)
            json.field("org", group.orgId)
            json.field("owner", group.ownerId)
            json.field("updatedAt", group.updatedAt)
        }
    }
}

extension OrgJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        let org = details.org
        json.object { json in
            json.field("account", AccountJSON(details.account))
            json.field("createdAt", org.createdAt)
            json.field("creator", org.creatorId)
            json.key("groups")
            json.array(details.groups) { json, group in GroupJSON(group).write(to: &json) }
            json.field("id", org.id)
            json.field("logoUrl", org.logoUrl)
            json.key("members")
            UserJSON.write(details.members, to: &json)
            json.field("name", org.name)
            json.field("owner", org.ownerId)
            json.field("plan", org.plan.rawValue)
            json.field("provider", org.providerId)
            json.field("updatedAt", org.updatedAt)
        }
    }
}

extension OrgSummaryJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", org.id)
            json.field("name", org.name)
            json.field("owner", org.ownerId)
            json.field("plan", org.plan.rawValue)
            json.field("provider", org.providerId)
        }
    }
}

extension ProjectJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        let project = details.project
        json.object { json in
            json.field("account", project.accountId)
            json.field("archived", project.archived)
            json.key("contributors")
            UserJSON.write(details.contributors, to: &json)
            json.field("createdAt", project.createdAt)
            json.field("creator", project.creatorId)
            json.key("featureConstraints")
            json.object { _ in }
            json.field("id", project.id)
            json.field("isBlocked", project.isBlocked)
            json.field("name", project.name)
            json.field("org", OrgSummaryJSON(details.org))
            json.field("role", details.callerRole)
            json.field("systemProject", project.systemProject)
            json.field("updatedAt", project.updatedAt)
        }
    }
}

// The hot views written directly (see `JSONWriter`): keys in sorted order, every key the
// `Encodable` form has. `JSONWriterTests` checks each against `JSONEncoder` byte for byte.

extension UserJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("avatar", avatar)
            json.field("boarded", boarded)
            json.field("createdAt", createdAt)
            json.field("email", email)
            json.field("firstName", firstName)
            json.field("id", id)
            json.field("interest", interest)
            if let inviteStatus { json.field("inviteStatus", inviteStatus) }
            json.field("lastLogin", lastLogin)
            json.field("lastName", lastName)
            json.field("org", org)
            if let role { json.field("role", role) }
            json.field("timezone", timezone)
            json.field("type", type)
            json.field("updatedAt", updatedAt)
            json.field("username", username)
        }
    }
}

extension AccountJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("createdAt", createdAt)
            json.field("creator", creator)
            json.field("id", id)
            json.field("name", name)
            json.field("org", org)
            json.field("owner", owner)
            json.field("updatedAt", updatedAt)
        }
    }
}

extension GroupJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("createdAt", createdAt)
            json.field("id", id)
            json.field("members", members)
            json.field("name", name)
            json.field("org", org)
            json.field("owner", owner)
            json.field("updatedAt", updatedAt)
        }
    }
}

extension OrgJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("account", account)
            json.field("createdAt", createdAt)
            json.field("creator", creator)
            json.field("groups", groups)
            json.field("id", id)
            json.field("logoUrl", logoUrl)
            json.field("members", members)
            json.field("name", name)
            json.field("owner", owner)
            json.field("plan", plan)
            json.field("provider", provider)
            json.field("updatedAt", updatedAt)
        }
    }
}

extension OrgSummaryJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("id", id)
            json.field("name", name)
            json.field("owner", owner)
            json.field("plan", plan)
            json.field("provider", provider)
        }
    }
}

extension ProjectJSON: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("account", account)
            json.field("archived", archived)
            json.field("contributors", contributors)
            json.field("createdAt", createdAt)
            json.field("creator", creator)
            json.key("featureConstraints")
            json.object { _ in }
            json.field("id", id)
            json.field("isBlocked", isBlocked)
            json.field("name", name)
            json.field("org", org)
            json.field("role", role)
            json.field("systemProject", systemProject)
            json.field("updatedAt", updatedAt)
        }
    }
}

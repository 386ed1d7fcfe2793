/// A project as the platform renders one: its org in short, its contributors as users with
/// their project roles, and the caller's own role.
struct ProjectJSON: FieldsView, Sendable {
    let details: ProjectDetails

    init(_ details: ProjectDetails) { self.details = details }

    var fields: Fields { Fields(details) }

    struct Fields: Encodable {
        var id: String
        var name: String
        var org: OrgSummaryJSON
        var account: String
        @Nullable var creator: String?
        var createdAt: Int64
        var updatedAt: Int64
        @Nullable var role: String?
        var contributors: [UserJSON]
        var isBlocked: Bool
        var archived: Bool
        var systemProject: Bool
        /// Always empty: the platform's feature constraints are not emulated.
        let featureConstraints: [String: String] = [:]

        init(_ details: ProjectDetails) {
            let project = details.project
            id = project.id
            name = project.name
            org = OrgSummaryJSON(details.org)
            account = project.accountId
            creator = project.creatorId
            createdAt = project.createdAt
            updatedAt = project.updatedAt
            role = details.callerRole
            contributors = details.contributors.map(UserJSON.init)
            isBlocked = project.isBlocked
            archived = project.archived
            systemProject = project.systemProject
        }
    }
}

import GRDB

/// The datasets of projects, as far as project ownership reaches: list and query, get,
/// create and delete, under the project's permissions.
public struct DatasetService: Sendable {
    public let clock: MockClock
    let projects: ProjectService
    public init(clock: MockClock) {
        self.clock = clock
        projects = ProjectService(clock: clock)
    }

    public func query(_ db: Database, caller: Caller, _ query: DatasetQuery) throws -> DatasetPage {
        var candidates: [ProjectRecord]
        if let ids = query.projectIds {
            candidates = try ids.map { try projects.visibleProject(db, caller: caller, projectId: $0) }
        } else if caller.isSuperuser {
            candidates = try ProjectRecord.fetchAll(db)
        } else {
            // The projects a caller may see are among those they contribute to and those of
            // their orgs; `ProjectAccessRule.canView` decides.
            candidates = try ProjectRecord.reachable(db, by: caller.id)
            candidates = try candidates.filter { try projects.canView(db, caller: caller, $0) }
        }
        var documents: [JSONValue] = []
        var details: [String: DatasetDetails] = [:]
        for project in candidates {
            var request = DatasetRecord.filter(DatasetRecord.Columns.projectId == project.id)
            if !query.systemSpace { request = request.filter(DatasetRecord.Columns.systemDataset == false) }
            for dataset in try request.fetchAll(db) {
                let detail = DatasetDetails(dataset)
                if query.matches(detail.document) {
                    documents.append(detail.document)
                    details[dataset.id] = detail
                }
            }
        }
        let ordered = query.sorted(documents)
        // A page far past the end (page * pageSize may not even fit in an Int) is an empty page.
        let (offset, overflow) = query.page.multipliedReportingOverflow(by: query.pageSize)
        let start = overflow ? ordered.count : min(offset, ordered.count)
        let end = min(start + query.pageSize, ordered.count)
        let items = ordered[start..<end].compactMap { doc -> DatasetDetails? in
            if case .string(let id)? = doc.objectValue?["id"] { return details[id] }
            return nil
        }
        return DatasetPage(items: items, totalItemsCount: ordered.count, page: query.page, pageSize: query.pageSize)
    }

    public func get(_ db: Database, caller: Caller, datasetId: String) throws -> DatasetDetails {
        DatasetDetails(try visibleDataset(db, caller: caller, datasetId: datasetId).dataset)
    }

    public func create(_ db: Database, caller: Caller, name: String, projectIds: [String]) throws -> DatasetDetails {
        guard projectIds.count == 1 else {
            throw DomainError.badRequest("'projects' must name exactly one project (got \(projectIds.count))")
        }
        let project = try projects.visibleProject(db, caller: caller, projectId: projectIds[0])
        try DatasetAccessRule.checkManage(projectRole: try ProjectContributorRecord.role(db, in: project.id, userId: caller.id),
                                          projectName: project.name, action: "create datasets in it")
        let datasetName = try NameRule.dataset.validated(name)
        let taken = try DatasetRecord.nameTaken(db, projectId: project.id, name: datasetName)
        try DatasetNameRule.checkUnique(datasetName, projectAlreadyHasIt: taken, projectName: project.name)
        let now = clock.nowMs()
        let dataset = DatasetRecord(id: UUIDs.random(), projectId: project.id, name: datasetName, creatorId: caller.id,
                                    systemDataset: false, createdAt: now, updatedAt: now)
        try dataset.insert(db)
        return DatasetDetails(dataset)
    }

    public func delete(_ db: Database, caller: Caller, datasetId: String) throws {
        let (dataset, project) = try visibleDataset(db, caller: caller, datasetId: datasetId)
        try DatasetAccessRule.checkDelete(dataset, projectRole: try ProjectContributorRecord.role(db, in: project.id, userId: caller.id),
                                          projectName: project.name)
        try dataset.delete(db)
    }

    /// The dataset, if the caller may see its project: 404 when it does not exist, 403 when the
    /// project is not theirs.
    func visibleDataset(_ db: Database, caller: Caller, datasetId: String) throws -> (dataset: DatasetRecord, project: ProjectRecord) {
        guard let dataset = try DatasetRecord.fetchOne(db, key: datasetId) else { throw DomainError.notFound("dataset '\(datasetId)' not found") }
        let project = try Lookups.project(db, id: dataset.projectId)
        guard try projects.canView(db, caller: caller, project) else {
            throw DomainError.forbidden("you are not a contributor of project '\(project.name)', which holds dataset '\(datasetId)', nor an owner or admin of the organization that owns it")
        }
        return (dataset, project)
    }
}

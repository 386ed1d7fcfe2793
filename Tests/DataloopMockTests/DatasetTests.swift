import GRDB
import Testing
@testable import DataloopMock

/// Datasets: the query language alone, the rules alone, then the service on the default fixture.
@Suite struct DatasetQueryTests {
    static func doc(_ name: String, creator: String = "ada@provider.example", projects: [String] = ["p1"], createdAt: Double = 1) -> JSONValue {
        .object(["name": .string(name), "creator": .string(creator), "projects": .array(projects.map(JSONValue.string)),
                 "createdAt": .number(createdAt), "id": .string(name), "metadata": .object(["system": .object(["scope": .string("system")])])])
    }

    static func parse(_ filter: JSONValue) throws -> DatasetQuery {
        try DatasetQuery.parse(filter: filter, page: nil, pageSize: nil, sort: nil, systemSpace: nil, projectIds: nil)
    }

    @Test func theShapesDtlpySendsMatchAsThePlatformDoes() throws {
        let byName = try Self.parse(.object(["$and": .array([.object(["name": .string("Binaries")])])]))
        #expect(byName.matches(Self.doc("Binaries")))
        #expect(!byName.matches(Self.doc("frames")))
        let byIn = try Self.parse(.object(["$and": .array([.object(["name": .object(["$in": .array([.string("a"), .string("b")])])])])]))
        #expect(byIn.matches(Self.doc("b")) && !byIn.matches(Self.doc("c")))
        let either = try Self.parse(.object(["$or": .array([.object(["name": .string("a")]), .object(["name": .string("b")])])]))
        #expect(either.matches(Self.doc("a")) && either.matches(Self.doc("b")) && !either.matches(Self.doc("c")))
        // Paths reach into nested fields; an array field matches by any element.
        #expect(try Self.parse(.object(["metadata.system.scope": .string("system")])).matches(Self.doc("x")))
        #expect(try Self.parse(.object(["projects": .string("p2")])).matches(Self.doc("x", projects: ["p1", "p2"])))
        #expect(try Self.parse(.object(["missing": .object(["$exists": .bool(false)])])).matches(Self.doc("x")))
        #expect(try Self.parse(.object(["createdAt": .object(["$gte": .number(2)])])).matches(Self.doc("x", createdAt: 2)))
        #expect(!(try Self.parse(.object(["createdAt": .object(["$gt": .number(2)])])).matches(Self.doc("x", createdAt: 2))))
        #expect(try Self.parse(.object(["name": .object(["$ne": .string("a")])])).matches(Self.doc("b")))
        #expect(try Self.parse(.object([:])).matches(Self.doc("anything")))
    }

    @Test func unsupportedShapesAreBadRequestsNamingThem() {
        #expect(throws: DomainError.badRequest("unsupported filter operator '$where' at 'filter' (supported: $and, $or)")) {
            try Self.parse(.object(["$where": .string("1")]))
        }
        #expect(throws: DomainError.badRequest("unsupported filter operator '$regex' at 'filter.name' (supported: \(DatasetQuery.operators.joined(separator: ", ")))")) {
            try Self.parse(.object(["name": .object(["$regex": .string("a")])]))
        }
        #expect(throws: DomainError.badRequest("'filter' must be a JSON object")) { try Self.parse(.array([])) }
        #expect(throws: DomainError.badRequest("'pageSize' must be 1 to 1000 (got 0)")) {
            try DatasetQuery.parse(filter: nil, page: nil, pageSize: 0, sort: nil, systemSpace: nil, projectIds: nil)
        }
        #expect(throws: DomainError.badRequest("'page' must be 0 or more (got -1)")) {
            try DatasetQuery.parse(filter: nil, page: -1, pageSize: nil, sort: nil, systemSpace: nil, projectIds: nil)
        }
        #expect(throws: DomainError.badRequest("'sort.name' must be \"ascending\" or \"descending\"")) {
            try DatasetQuery.parse(filter: nil, page: nil, pageSize: nil, sort: .object(["name": .string("up")]), systemSpace: nil, projectIds: nil)
        }
    }

    @Test func sortingFollowsTheSortFieldsThenCreationAndName() throws {
        let docs = [Self.doc("b", createdAt: 1), Self.doc("a", createdAt: 2), Self.doc("c", createdAt: 1)]
        let plain = try DatasetQuery.parse(filter: nil, page: nil, pageSize: nil, sort: nil, systemSpace: nil, projectIds: nil)
        #expect(plain.sorted(docs).map { $0.objectValue!["name"]! } == [.string("b"), .string("c"), .string("a")])
        let descending = try DatasetQuery.parse(filter: nil, page: nil, pageSize: nil, sort: .object(["name": .string("descending")]),
                                                systemSpace: nil, projectIds: nil)
        #expect(descending.sorted(docs).map { $0.objectValue!["name"]! } == [.string("c"), .string("b"), .string("a")])
    }
}

@Suite struct DatasetRuleTests {
    @Test func ownersAndEngineersManageDatasets() throws {
        try DatasetAccessRule.checkManage(projectRole: .owner, projectName: "P", action: "create datasets in it")
        try DatasetAccessRule.checkManage(projectRole: .engineer, projectName: "P", action: "create datasets in it")
        for role in [ProjectRole.annotator, .annotationManager, nil] {
            #expect(throws: DomainError.forbidden("only an owner or engineer of project 'P' can create datasets in it")) {
                try DatasetAccessRule.checkManage(projectRole: role, projectName: "P", action: "create datasets in it")
            }
        }
    }

    @Test func theSystemDatasetIsNeverDeleted() throws {
        let project = ProjectRecord(id: "p", name: "P", orgId: "o", accountId: "a", creatorId: "u", systemProject: false,
                                    isBlocked: false, archived: false, createdAt: 1, updatedAt: 1)
        let binaries = DatasetRecord.binaries(of: project)
        #expect(binaries.name == "Binaries" && binaries.systemDataset && binaries.id == DatasetRecord.binaries(of: project).id)
        #expect(throws: DomainError.forbidden("dataset 'Binaries' is the system dataset of project 'P' and cannot be deleted")) {
            try DatasetAccessRule.checkDelete(binaries, projectRole: .owner, projectName: "P")
        }
    }

    @Test func namesAreUniquePerProjectAndPerUser() {
        #expect(throws: DomainError.badRequest("Failed to create dataset: project 'P' already has a dataset named 'd' (dataset names are unique per project, ignoring case)")) {
            try DatasetNameRule.checkUnique("d", projectAlreadyHasIt: true, projectName: "P")
        }
        #expect(throws: Never.self) { try DatasetNameRule.checkUnique("d", projectAlreadyHasIt: false, projectName: "P") }
        #expect(throws: DomainError.badRequest("Failed to create project: you already have a project named 'X' (project names are unique per user, ignoring case)")) {
            try ProjectNameRule.checkUnique("X", callerAlreadyHasIt: true, action: .create)
        }
        #expect(throws: Never.self) { try ProjectNameRule.checkUnique("X", callerAlreadyHasIt: false, action: .update) }
    }

    @Test func integrationMetadataAsThePlatformKeepsIt() throws {
        let sent: JSONValue = .object(["team": .string("ml"), "purpose": .string("test")])
        #expect(try IntegrationMetadataRule.stored(type: .s3, sent: sent, integrationId: "i") == .array([
            .object(["name": .string("purpose"), "value": .string("test")]), .object(["name": .string("team"), "value": .string("ml")])]))
        #expect(try IntegrationMetadataRule.stored(type: .s3, sent: nil, integrationId: "i") == nil)
        #expect(try IntegrationMetadataRule.stored(type: .keyValue, sent: .object(["provider": .string("p"), "ref": .string("r")]), integrationId: "i") != nil)
        #expect(throws: DomainError.badRequest("Invalid metadata fields for key-value integration: hello, key (allowed: provider, ref)")) {
            try IntegrationMetadataRule.stored(type: .keyValue, sent: .object(["hello": .string("w"), "key": .string("k")]), integrationId: "i")
        }
        #expect(throws: DomainError.self) { try IntegrationMetadataRule.stored(type: .gcpCross, sent: .object([:]), integrationId: "i") }
        let gcp = try IntegrationMetadataRule.stored(type: .gcpCross, sent: nil, integrationId: "0A1B2C3D-4E5F-6789-abcd-ef0123456789")
        #expect(gcp == .array([.object(["name": .string("email"), "value": .string("dl-0a1b2c3d4e5f@dataloop-mock.iam.gserviceaccount.com")])]))
        #expect(throws: DomainError.self) { try IntegrationMetadataRule.stored(type: .s3, sent: .string("x"), integrationId: "i") }
    }
}

@Suite struct DatasetServiceTests {
    static let systemSpaceQuery = try! DatasetQuery.parse(filter: nil, page: nil, pageSize: nil, sort: nil, systemSpace: true, projectIds: nil)

    @Test func everyProjectHasBinariesAndTheFixtureDatasets() async throws {
        let p = try await makePlatform()
        let root = try await p.caller("root@dataloop.example")
        let page = try await p.read { db in try p.datasets.query(db, caller: root, Self.systemSpaceQuery) }
        let projectCount = try await p.read { db in try ProjectRecord.fetchCount(db) }
        #expect(page.items.filter { $0.dataset.systemDataset }.count == projectCount)
        #expect(page.items.filter { !$0.dataset.systemDataset }.map(\.dataset.name).sorted()
                == ["benchmarks", "frames", "night-frames", "pallets", "shelves"])
    }

    @Test func aPageFarPastTheEndIsEmptyNotAnOverflow() async throws {
        let p = try await makePlatform()
        let root = try await p.caller("root@dataloop.example")
        for (page, size) in [(Int.max, 1000), (Int.max / 2, 3), (1, 3), (0, 3)] {
            let query = try DatasetQuery.parse(filter: nil, page: page, pageSize: size, sort: nil, systemSpace: nil, projectIds: nil)
            let answer = try await p.read { db in try p.datasets.query(db, caller: root, query) }
            #expect(answer.totalItemsCount == 5 && answer.totalPagesCount == (5 + size - 1) / size)
            #expect(answer.items.count == (page == 0 ? 3 : page == 1 ? 2 : 0))
            #expect(answer.hasNextPage == (page == 0))
        }
    }

    @Test func aNewProjectGetsBinariesAndADuplicateNameChangesNothing() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let project = try await p.write { db in try p.projects.create(db, caller: ada, name: "New one") }
        let query = try DatasetQuery.parse(filter: nil, page: nil, pageSize: nil, sort: nil, systemSpace: true, projectIds: [project.project.id])
        #expect(try await p.read { db in try p.datasets.query(db, caller: ada, query) }.items.map(\.dataset.name) == ["Binaries"])
        let before = try await p.stateDigest()
        let error = await domainError { _ = try await p.write { db in try p.projects.create(db, caller: ada, name: "NEW ONE") } }
        #expect(error == .badRequest("Failed to create project: you already have a project named 'NEW ONE' (project names are unique per user, ignoring case)"))
        let dataset = await domainError { _ = try await p.write { db in try p.datasets.create(db, caller: ada, name: "binaries", projectIds: [project.project.id]) } }
        #expect(dataset == .badRequest("Failed to create dataset: project 'New one' already has a dataset named 'binaries' (dataset names are unique per project, ignoring case)"))
        #expect(try await p.stateDigest() == before)
    }

    @Test func anExportCarriesRuntimeDatasetsAndReimportsThem() async throws {
        let p = try await makePlatform()
        let ada = try await p.caller("ada@provider.example")
        let rnd = try await p.read { db in try String.fetchOne(db, sql: "SELECT id FROM project WHERE name = 'Provider R&D'")! }
        let made = try await p.write { db in try p.datasets.create(db, caller: ada, name: "made later", projectIds: [rnd]) }
        let exported = try await p.read { db in try FixtureExporter.export(db) }
        let entry = try #require(exported.projects.first { $0.name == "Provider R&D" }?.datasets?.last)
        #expect(entry.name == "made later" && entry.id == made.dataset.id && entry.createdAt == made.dataset.createdAt)
        #expect(exported.projects.first { $0.name == "Provider R&D" }?.datasets?.first?.name == "benchmarks")
    }
}

import Foundation
import Hummingbird
import Testing
@testable import DataloopMock

/// The OpenAPI document comes from the route registrations; `docs/openapi.json` is its copy.
@Suite struct OpenAPITests {
    static func built() async throws -> (Router<MockRequestContext>, RouteCatalog) {
        let platform = try await makePlatform()
        let registry = NamespaceRegistry(defaultPlatform: platform, maxNamespaces: 4, jwtSecret: nil)
        let catalog = RouteCatalog()
        return (ServerApp.router(registry: registry, options: ServerOptions(), catalog: catalog), catalog)
    }

    @Test func everyServedRouteIsInTheCatalogAndViceVersa() async throws {
        let (router, catalog) = try await Self.built()
        func normalized(_ path: String) -> String {
            "/" + path.split(separator: "/").map { $0.hasPrefix("{") || $0.hasPrefix(":") ? "{}" : String($0) }.joined(separator: "/")
        }
        let served = Set(router.routes.map { "\($0.method) \(normalized("\($0.path)"))" })
        let documented = Set(catalog.routes.map { "\($0.method) \(normalized($0.path))" })
        #expect(served.count > 50 && served.contains("PATCH /api/v1/projects/{}/account"))
        #expect(served.subtracting(documented).sorted() == [], "served but not in the catalog")
        #expect(documented.subtracting(served).sorted() == [], "in the catalog but not served")
    }

    @Test func docsFileIsWhatTheRouterDescribes() async throws {
        let (_, catalog) = try await Self.built()
        let file = try String(contentsOf: FixtureTests.repoRoot.appendingPathComponent("docs/openapi.json"), encoding: .utf8)
        #expect(file == catalog.openAPIText, "docs/openapi.json differs from the routes: run `dataloop-mock openapi > docs/openapi.json`")
    }

    @Test func everyReferenceResolvesAndEveryComponentIsUsed() async throws {
        let (_, catalog) = try await Self.built()
        let text = catalog.openAPIText
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let components = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let referenced = Set(text.components(separatedBy: "\"#/components/schemas/").dropFirst().map { $0.prefix { $0 != "\"" } }.map(String.init))
        #expect(referenced == Set(components.keys))
    }

    @Test func bodyFieldsAreTheSchemasProperties() {
        #expect(BodyDoc.json(.rename).allowedFields == ["name"])
        #expect(BodyDoc.json(.patchProject).allowedFields == nil)
        #expect(BodyDoc.json(.fixtures).allowedFields == nil)
        #expect(BodyDoc.json(.tokenRequest).allowedFields?.contains("client_id") == true)
    }
}

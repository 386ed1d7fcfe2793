import Foundation
import Testing
@testable import DataloopMock

/// What older dtlpy releases call (`POST /settings/resolve`, `/analytics/metric/pendo`,
/// `/sdk/check`) and the list of releases the server is tested with.
@Suite struct LegacyRoutesTests {
    @Test func theCompiledInReleaseListIsTheFile() throws {
        let file = try Data(contentsOf: FixtureTests.repoRoot.appendingPathComponent("dtlpy-versions.json"))
        #expect(Data(PackageResources.dtlpy_versions_json) == file)
        let tested = TestedDtlpy.current
        #expect(tested.range.contains(tested.pinned))
        #expect(tested.range.compactMap(DtlpyRelease.init).count == tested.range.count)
        #expect(tested.oldest?.description == tested.range.first && tested.newest?.description == tested.range.last)
    }

    @Test func releasesCompareByTheirNumbers() {
        #expect(DtlpyRelease("1.90.39")! < DtlpyRelease("1.100.5")!)
        #expect(DtlpyRelease("1.126.5")! > DtlpyRelease("1.126.4")!)
        #expect(DtlpyRelease("1.9")! == DtlpyRelease("1.9.0")!)
        for bad in ["", "1..2", "1.x", "latest", "1.2.-3", "v1.2"] { #expect(DtlpyRelease(bad) == nil, "\(bad)") }
    }

    @Test func settingsResolveToNoneForTheCallerOnly() async throws {
        try await HTTPTests().withServer { c, platform in
            let linus = try await c.token("linus@provider.example", "linus-pass")
            let rnd = try await platform.projectId("Provider R&D")
            let shelf = try await platform.projectId("Shelf audit")
            let own = try await c.send(.post, "/api/v1/settings/resolve", token: linus, json: ["userId": "linus@provider.example", "projectId": rnd])
            #expect(own.status == .ok && String(decoding: own.body, as: UTF8.self) == "[]")
            #expect(try await c.send(.post, "/api/v1/settings/resolve", token: linus, json: ["userId": "ada@provider.example"]).status == .forbidden)
            #expect(try await c.send(.post, "/api/v1/settings/resolve", token: linus,
                                     json: ["userId": "linus@provider.example", "projectId": shelf]).status == .forbidden)
            #expect(try await c.send(.post, "/api/v1/settings/resolve", json: ["userId": "linus@provider.example"]).status == .unauthorized)
        }
    }

    @Test func usageEventsAreAcceptedAndJournaled() async throws {
        try await HTTPTests().withServer { c, platform in
            let ada = try await c.token("ada@provider.example", "ada-pass")
            let events = #"[{"event":"dtlpy:login","properties":{"login_type":"m2m"}}]"#
            let reply = try await c.send(.post, "/api/v1/analytics/metric/pendo", token: ada, body: events, contentType: "application/json")
            #expect(reply.status == .ok && reply.json["accepted"] as? Int == 1)
            var filter = RequestJournal.Filter()
            filter.pathPrefix = "/api/v1/analytics/metric/pendo"
            #expect(platform.journal.entries(filter).map(\.status) == [200])
            let bad = try await c.send(.post, "/api/v1/analytics/metric/pendo", token: ada, body: #"{"event":"x"}"#, contentType: "application/json")
            #expect(bad.status == .badRequest)
        }
    }

    @Test func sdkCheckWarnsReleasesOlderThanTheTestedOnes() async throws {
        try await HTTPTests().withServer { c, _ in
            let ada = try await c.token("ada@provider.example", "ada-pass")
            let form = "application/x-www-form-urlencoded"
            let old = try await c.send(.post, "/api/v1/sdk/check", token: ada, body: "version=1.14.2&email=ada%40provider.example", contentType: form)
            #expect(old.status == .ok && old.json["level"] as? String == "warning")
            let pinned = try await c.send(.post, "/api/v1/sdk/check", token: ada, body: "version=\(TestedDtlpy.current.pinned)", contentType: form)
            #expect(pinned.status == .ok && pinned.json["level"] as? String == "debug")
            #expect(try await c.send(.post, "/api/v1/sdk/check", token: ada, body: "version=latest", contentType: form).status == .badRequest)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import DataloopMock

/// The HTTP layer's own rules: path parameters, bodies by their doc, errors in one shape.
@Suite struct RoutingTests {
    @Test func aParameterTheRouteDoesNotDeclareIsAServerBugNotAnEmptyString() async throws {
        let platform = try await makePlatform()
        let caller = try await platform.caller("ada@provider.example")
        let input = RouteInput(platform: platform, caller: caller, parameters: ["orgId": "o1"])
        #expect(try input.parameter("orgId") == "o1")
        #expect(throws: PlatformError.self) { try input.parameter("projectId") }
        do {
            _ = try input.parameter("projectId")
        } catch {
            #expect(error.status == .internalServerError && error.message.contains("{projectId}"))
        }
    }

    @Test func aBodyIsReadByItsSchemasFields() throws {
        struct Rename: Decodable { var name: String }
        let allowed = BodyDoc.json(.rename).allowedFields
        #expect(try BodyRules.json(Rename.self, from: Data(#"{"name":"x"}"#.utf8), allowed: allowed).name == "x")
        #expect(throws: DomainError.badRequest("unknown field 'color'; this endpoint accepts: name")) {
            try BodyRules.json(Rename.self, from: Data(#"{"name":"x","color":1}"#.utf8), allowed: allowed)
        }
        #expect(throws: DomainError.badRequest("expected a JSON object as the request body")) {
            try BodyRules.json(Rename.self, from: Data("[1]".utf8), allowed: allowed)
        }
        #expect(throws: DomainError.badRequest("request body is not valid UTF-8")) {
            try BodyRules.json(Rename.self, from: Data([0x7B, 0xFF, 0x7D]), allowed: allowed)
        }
    }

    /// Only a head without `Content-Length` and `Transfer-Encoding` (or with a length of 0)
    /// announces no body; every other request's body is read and journaled.
    @Test func aBodyIsSkippedOnlyWhenTheHeadAnnouncesNone() {
        #expect(BodyRules.announcesNoBody([:]))
        #expect(BodyRules.announcesNoBody([.contentLength: "0"]))
        #expect(BodyRules.announcesNoBody([.contentType: "application/json"]))
        #expect(!BodyRules.announcesNoBody([.contentLength: "2"]))
        #expect(!BodyRules.announcesNoBody([.contentLength: "00"]))
        #expect(!BodyRules.announcesNoBody([.transferEncoding: "chunked"]))
        #expect(!BodyRules.announcesNoBody([.contentLength: "0", .transferEncoding: "chunked"]))
        var twice: HTTPFields = [.contentLength: "0"]
        twice.append(HTTPField(name: .contentLength, value: "0"))
        #expect(!BodyRules.announcesNoBody(twice))
    }

    @Test func everyErrorIsOneShape() {
        #expect(PlatformError(DomainError.forbidden("no")).status == .forbidden)
        #expect(PlatformError(HTTPError(.contentTooLarge)).message == "request body is too large")
        struct Bug: Error {}
        #expect(PlatformError(Bug()).status == .internalServerError)
    }
}

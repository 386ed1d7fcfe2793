import Foundation
import Hummingbird

/// `GET /_mock/env`: how to point dtlpy at this server (and this namespace).
struct MockEnvironmentInfo: Encodable {
    struct AddEnvironment: Encodable {
        var environment: String
        var gate_url: String
        var alias: String
        var verify_ssl: Bool
        var audience: String
        var client_id: String
        var auth0_url: String
        /// The web console, where open_in_web (`dlp projects web`) goes: the dashboard.
        var url: String
    }

    var add_environment: AddEnvironment
    /// base64 JSON for `DTLPY_CUSTOM_ENV`, then `dl.setenv('custom')`.
    var DTLPY_CUSTOM_ENV: String
    var python: String
    /// The dtlpy releases this server was tested with (dtlpy-versions.json).
    var testedDtlpy: TestedDtlpy

    static func make(request: Request, namespace: String) -> MockEnvironmentInfo {
        let host = request.head.authority ?? "127.0.0.1"
        let base = "http://\(host)" + (namespace.isEmpty ? "" : "/ns/\(namespace)")
        let env = AddEnvironment(environment: base + "/api/v1", gate_url: base, alias: namespace.isEmpty ? "mock" : "mock-\(namespace)",
                                 verify_ssl: false, audience: "mock", client_id: "mock", auth0_url: base, url: base + "/")
        let custom: [String: String] = [
            "url": env.environment, "gate_url": env.gate_url, "alias": env.alias, "verify_ssl": "False",
            "audience": env.audience, "client_id": env.client_id, "auth0_url": env.auth0_url,
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let customJSON = (try? encoder.encode(custom)) ?? Data()
        // The Host header is the client's to write: every value goes into the snippet as a
        // quoted, escaped Python literal, never as code.
        let py = { (value: String) in pythonLiteral(value) }
        let python = """
            import dtlpy as dl
            dl.add_environment(environment=\(py(env.environment)), gate_url=\(py(env.gate_url)), alias=\(py(env.alias)), verify_ssl=False, audience="mock", client_id="mock", auth0_url=\(py(env.auth0_url)), url=\(py(env.url)))
            dl.setenv(\(py(env.alias)))
            """
        return MockEnvironmentInfo(add_environment: env, DTLPY_CUSTOM_ENV: customJSON.base64EncodedString(), python: python,
                                   testedDtlpy: .current)
    }

    /// A Python string literal for any text: a JSON string literal with every non-ASCII and
    /// control character as `\uXXXX`, which Python reads the same way.
    static func pythonLiteral(_ value: String) -> String {
        var out = "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x20..<0x7F: out += String(UnicodeScalar(UInt8(unit)))
            default: out += String(format: "\\u%04x", unit)
            }
        }
        return out + "\""
    }
}

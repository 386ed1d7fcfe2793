// The benchmark's ceiling: a bare Hummingbird server answering GET /api/v1/orgs/{id},
// /members and /api/v1/projects with constant JSON, no auth, no database. `scripts/bench` compares dataloop-mock
// against it on the same machine in the same run.
import Foundation
import Hummingbird

let port = Int(CommandLine.arguments.dropFirst().first ?? "0") ?? 0
let org = ByteBuffer(string: #"{"id":"c08cb12c-7bbd-567b-83c3-5383ccbdfade","name":"Provider Inc","plan":"premium"}"#)
let members = ByteBuffer(string: #"[{"id":"ada@provider.example","email":"ada@provider.example","role":"owner"}]"#)

let projects = ByteBuffer(string: #"[{"id":"5d1c2a0e-0f0e-5b7c-9a53-6f0f3d0c7a11","name":"Street scenes","account":"a"}]"#)

let router = Router()
router.get("/api/v1/orgs/{id}") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: org))
}
router.get("/api/v1/orgs/{id}/members") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: members))
}
router.get("/api/v1/projects") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: projects))
}
router.get("/_mock/health") { _, _ in Response(status: .ok) }
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        FileHandle.standardOutput.write(Data("bench-baseline listening on http://127.0.0.1:\(channel.localAddress?.port ?? port)\n".utf8))
    })
try await app.runService()

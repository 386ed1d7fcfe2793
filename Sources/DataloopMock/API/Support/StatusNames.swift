import HTTPTypes

extension HTTPResponse.Status {
    /// `Status(code:)` leaves the reason phrase empty; errors always name their status
    /// (`"error": "Internal Server Error"`), also for statuses a fault script makes up.
    var named: HTTPResponse.Status {
        guard reasonPhrase.isEmpty else { return self }
        let known: [HTTPResponse.Status] = [
            .ok, .created, .accepted, .noContent, .movedPermanently, .found, .seeOther, .notModified,
            .temporaryRedirect, .permanentRedirect, .badRequest, .unauthorized, .forbidden,
            .notFound, .methodNotAllowed, .notAcceptable, .requestTimeout, .conflict, .gone, .lengthRequired,
            .preconditionFailed, .contentTooLarge, .uriTooLong, .unsupportedMediaType, .rangeNotSatisfiable,
            .expectationFailed, .misdirectedRequest, .unprocessableContent, .tooEarly, .upgradeRequired,
            .preconditionRequired, .tooManyRequests, .requestHeaderFieldsTooLarge, .unavailableForLegalReasons,
            .internalServerError, .notImplemented, .badGateway, .serviceUnavailable, .gatewayTimeout,
            .httpVersionNotSupported, .networkAuthenticationRequired,
        ]
        if let match = known.first(where: { $0.code == code }) { return match }
        return HTTPResponse.Status(code: code, reasonPhrase: "Status \(code)")
    }
}

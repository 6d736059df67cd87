import Hummingbird

/// CORS for an exact list of origins; any other origin gets no CORS headers at all.
struct CORSAllowListMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowOrigins: Set<String>
    let allowCredentials: Bool
    let allowMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
    let allowHeaders = "Authorization, Content-Type, Accept, Origin"

    init(settings: CORSSettings) {
        self.allowOrigins = Set(settings.allowOrigins)
        self.allowCredentials = settings.allowCredentials
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let allowed = self.allowOrigins.contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard allowed else {
                return APIError.response(status: .forbidden, detail: "Origin not allowed", headers: [.vary: "Origin"])
            }
            var headers = self.headers(for: origin)
            headers[.accessControlAllowMethods] = self.allowMethods
            headers[.accessControlAllowHeaders] = self.allowHeaders
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[values: .vary].append("Origin")
        if allowed {
            response.headers.append(contentsOf: self.headers(for: origin))
        }
        return response
    }

    private func headers(for origin: String) -> HTTPFields {
        var headers: HTTPFields = [.accessControlAllowOrigin: origin, .vary: "Origin"]
        if self.allowCredentials {
            headers[.accessControlAllowCredentials] = "true"
        }
        return headers
    }
}

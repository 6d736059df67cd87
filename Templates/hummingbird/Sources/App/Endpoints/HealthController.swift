import Hummingbird

struct HealthController {
    let repository: any Database
    let shutdown: ShutdownState

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health", use: self.health)
        router.get("ready", use: self.ready)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) -> StatusResponse {
        StatusResponse(status: "ok")
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> StatusResponse {
        guard !self.shutdown.isDraining else {
            throw APIError(status: .serviceUnavailable, detail: "Shutting down")
        }
        do {
            try await self.repository.ping()
        } catch {
            context.logger.warning("Database not reachable", metadata: ["error.type": "\(type(of: error))"])
            throw APIError(status: .serviceUnavailable, detail: "Database unavailable")
        }
        return StatusResponse(status: "ready")
    }
}

struct StatusResponse: ResponseEncodable, Decodable {
    let status: String
}

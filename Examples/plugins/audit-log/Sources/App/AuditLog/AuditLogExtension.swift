import Hummingbird

/// The audit-log plugin: every login and failed login is recorded in `audit_log` (see `AuditLog`).
struct AuditLogExtension: ServerExtension {
    var migrations: [Migration] { [.auditLogCreateAuditLog] }

    func register(on router: Router<AppRequestContext>, settings: Settings, database: any ExtensionDatabase) {
        router.addMiddleware {
            AuditLogMiddleware(loginPath: "\(settings.apiPrefix)/auth/token", log: AuditLog(database: database, retentionDays: settings.auditLogRetentionDays))
        }
    }
}

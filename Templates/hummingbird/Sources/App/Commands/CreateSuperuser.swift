import ArgumentParser
import Foundation

struct CreateSuperuser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-superuser",
        abstract: "Create an administrator; the password comes from SUPERUSER_PASSWORD or a prompt."
    )

    @Option(help: "User name of the administrator.")
    var username: String

    @Option(help: "Email address of the administrator.")
    var email: String

    @Option(help: "Full name of the administrator.")
    var fullName: String?

    func run() async throws {
        let settings = try await loadSettingsOrExit()
        if let problem = RegistrationRules.usernameViolation(self.username) { throw ValidationError(problem) }
        guard RegistrationRules.isValidEmail(self.email) else { throw ValidationError("Invalid email address") }

        let password = try Self.readPassword()
        if let problem = settings.passwordPolicy.violation(in: password) { throw CommandFailure(problem) }
        let hash = try await PasswordHasher(cost: settings.bcryptCost).hash(password)
        let newUser = NewUser(
            email: self.email.lowercased(),
            username: self.username,
            fullName: self.fullName,
            passwordHash: hash,
            isSuperuser: true
        )
        try await withRepository(settings: settings) { repository in
            try await repository.migrate()
            if try await repository.user(username: newUser.username) != nil {
                throw CommandFailure("Username already registered")
            }
            do {
                let user = try await repository.createUser(newUser)
                print("Created superuser \(user.username) (id \(user.id)).")
            } catch RepositoryError.duplicateUsername {
                throw CommandFailure("Username already registered")
            } catch RepositoryError.duplicateEmail {
                throw CommandFailure("Email already registered")
            }
        }
    }

    private static func readPassword() throws -> String {
        if let password = ProcessInfo.processInfo.environment["SUPERUSER_PASSWORD"], !password.isEmpty {
            return password
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure("Set SUPERUSER_PASSWORD or run in a terminal to be asked for the password")
        }
        guard let first = PasswordPrompt.read("Password: "), let second = PasswordPrompt.read("Password (again): ") else {
            throw CommandFailure("No password given")
        }
        guard first == second else { throw CommandFailure("The passwords do not match") }
        return first
    }
}

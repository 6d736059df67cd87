import ArgumentParser

@main
struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: SpecDefaults.projectName,
        abstract: "The \(SpecDefaults.projectName) authentication server.",
        subcommands: [Serve.self, Migrate.self, CreateSuperuser.self, Healthcheck.self, Purge.self, Keys.self],
        defaultSubcommand: Serve.self
    )
}

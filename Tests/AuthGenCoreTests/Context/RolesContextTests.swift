@testable import AuthGenCore
import Foundation
import Testing

/// The context stage's part of roles: the `Access` expressions the controllers print, the role list, and the table
/// of expected statuses the generated access test checks the server against.
@Suite struct RolesContextTests {
    static func spec(owned: Bool = true, access: Spec.Resource.Access) -> Spec {
        var spec = Spec(
            project: .init(name: "blog-api"),
            resources: [.init(name: "post", fields: [.init(name: "title", type: .string)], owned: owned, access: access)]
        )
        spec.roles = [.init(name: "editor", description: "Edits \"any\" post"), .init(name: "content_reviewer", description: "Reviews")]
        return spec
    }

    @Test func accessExpressions() {
        #expect(ContextBuilder.accessSwift(.public) == ".public")
        #expect(ContextBuilder.accessSwift(.superuser) == ".superuser")
        #expect(ContextBuilder.accessSwift(.anyOf(["owner", "editor"])) == ".anyOf(.owner, .role(.editor))")
        #expect(ContextBuilder.accessSwift(.anyOf(["superuser", "content_reviewer", "authenticated"]))
            == ".anyOf(.superuser, .role(.contentReviewer), .authenticated)")
    }

    @Test func rolesInTheContext() {
        let context = fixedSecretBuilder.build(Self.spec(access: .init()))
        #expect(context.hasRoles)
        #expect(context.roles.map(\.name) == ["editor", "content_reviewer"])
        #expect(context.roles.map(\.propertyName) == ["editor", "contentReviewer"])
        #expect(context.roles[0].descriptionLiteral == #""Edits \"any\" post""#)
        #expect(context.roles.map(\.last) == [false, true])
        #expect(!fixedSecretBuilder.build(Spec(project: .init(name: "bare"))).hasRoles)
    }

    @Test func theTableFollowsTheSpec() throws {
        let access = Spec.Resource.Access(
            list: .public, read: .anyOf(["authenticated"]), create: .public,
            update: .anyOf(["owner", "editor"]), delete: .anyOf(["superuser", "content_reviewer"]))
        let post = try #require(fixedSecretBuilder.build(Self.spec(access: access)).resources.first)
        let rows = Dictionary(uniqueKeysWithValues: post.accessTable.map { ($0.actor, [$0.list, $0.create, $0.read, $0.update, $0.delete]) })
        #expect(post.accessTable.map(\.actor) == [".anonymous", ".user", ".owner", ".otherUser", ".superuser", ".holder(.editor)", ".holder(.contentReviewer)"])
        // create is public in the spec, but an owned item records its author: a login is needed.
        #expect(rows[".anonymous"] == ["ok", "unauthorized", "unauthorized", "unauthorized", "unauthorized"])
        #expect(rows[".user"] == ["ok", "created", "ok", "forbidden", "forbidden"])
        #expect(rows[".owner"] == ["ok", "created", "ok", "ok", "forbidden"])
        #expect(rows[".otherUser"] == ["ok", "created", "ok", "forbidden", "forbidden"])
        #expect(rows[".superuser"] == ["ok", "created", "ok", "ok", "noContent"])
        #expect(rows[".holder(.editor)"] == ["ok", "created", "ok", "ok", "forbidden"])
        #expect(rows[".holder(.contentReviewer)"] == ["ok", "created", "ok", "forbidden", "noContent"])
    }

    @Test func anUnownedResourceKeepsPublicCreate() throws {
        let access = Spec.Resource.Access(list: .superuser, read: .public, create: .public, update: .superuser, delete: .anyOf(["editor"]))
        let tag = try #require(fixedSecretBuilder.build(Self.spec(owned: false, access: access)).resources.first)
        let anonymous = try #require(tag.accessTable.first { $0.actor == ".anonymous" })
        #expect([anonymous.list, anonymous.create, anonymous.read] == ["unauthorized", "created", "ok"])
        let editor = try #require(tag.accessTable.first { $0.actor == ".holder(.editor)" })
        #expect([editor.list, editor.update, editor.delete] == ["forbidden", "forbidden", "noContent"])
    }
}

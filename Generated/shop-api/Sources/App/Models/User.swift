import Foundation

struct User: Sendable, Equatable {
    let id: Int64
    var email: String
    var username: String
    var fullName: String?
    var passwordHash: String
    var isActive: Bool
    var isSuperuser: Bool
    var createdAt: Date
}

struct NewUser: Sendable {
    var email: String
    var username: String
    var fullName: String?
    var passwordHash: String
    var isActive: Bool = true
    var isSuperuser: Bool = false
    var createdAt: Date = Date()
}

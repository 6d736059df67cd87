/// `MFA_POLICY` (the spec's `auth.mfa.totp`): who must turn TOTP on.
enum MFAPolicy: String, Sendable {
    case optional
    case requiredForSuperusers = "required_for_superusers"
    case required

    func requiresEnrolment(of user: User) -> Bool {
        switch self {
        case .optional: false
        case .requiredForSuperusers: user.isSuperuser
        case .required: true
        }
    }
}

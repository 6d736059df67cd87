import Crypto
import Foundation
import NIOSSL
import X509

/// A certificate authority made for one test run, and server certificates it signs: no key is ever committed, and
/// none expires while the tests wait.
struct TestCertificates: Sendable {
    struct Identity: Sendable {
        let certificate: NIOSSLCertificate
        let privateKey: NIOSSLPrivateKey
    }

    private let authorityKey: P256.Signing.PrivateKey
    private let authorityName: DistinguishedName
    /// The authority's certificate as a PEM file: what `EMAIL_SMTP_CA_FILE` names.
    let authorityFile: String

    init() throws {
        self.authorityKey = P256.Signing.PrivateKey()
        self.authorityName = try DistinguishedName { CommonName("authgen mail tests CA") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(self.authorityKey.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(86400),
            issuer: self.authorityName,
            subject: self.authorityName,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: Certificate.PrivateKey(self.authorityKey)
        )
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mail-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.authorityFile = folder.appendingPathComponent("ca.pem").path
        try certificate.serializeAsPEM().pemString.write(toFile: self.authorityFile, atomically: true, encoding: .utf8)
    }

    /// A server certificate for `hostName`, signed by this authority.
    func serverIdentity(for hostName: String = "localhost") throws -> Identity {
        let key = P256.Signing.PrivateKey()
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(86400),
            issuer: self.authorityName,
            subject: try DistinguishedName { CommonName(hostName) },
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                SubjectAlternativeNames([.dnsName(hostName)])
                try ExtendedKeyUsage([.serverAuth])
            },
            issuerPrivateKey: Certificate.PrivateKey(self.authorityKey)
        )
        return Identity(
            certificate: try NIOSSLCertificate(bytes: Array(certificate.serializeAsPEM().pemString.utf8), format: .pem),
            privateKey: try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)
        )
    }

    /// A certificate for `hostName` from an authority of its own, which no transport is told to trust.
    static func untrusted(for hostName: String = "localhost") throws -> Identity {
        try TestCertificates().serverIdentity(for: hostName)
    }
}

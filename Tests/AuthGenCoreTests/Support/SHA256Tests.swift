import Foundation
import Testing
@testable import AuthGenCore

@Suite("SHA256")
struct SHA256Tests {
    @Test("FIPS 180-4 / NIST test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func vector(message: String, expected: String) {
        #expect(SHA256.hexDigest(of: Data(message.utf8)) == expected)
    }

    @Test("one million 'a'")
    func millionA() {
        let data = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexDigest(of: data) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("incremental updates in any chunking equal the one-shot digest")
    func incremental() {
        let data = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let expected = SHA256.digest(of: data)
        for chunk in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var hasher = SHA256()
            var offset = 0
            while offset < data.count {
                let end = min(offset + chunk, data.count)
                hasher.update(data[offset..<end])
                offset = end
            }
            #expect(hasher.finalize() == expected, "chunk size \(chunk)")
            #expect(hasher.finalize() == expected, "finalize leaves the hasher as it was")
        }
    }

    @Test("hex is 64 lower-case digits")
    func hexShape() {
        let hex = SHA256.hexDigest(of: Data("x".utf8))
        #expect(hex.count == 64)
        let nonHex = hex.filter { !"0123456789abcdef".contains($0) }
        #expect(nonHex.isEmpty)
    }

    @Test("padding boundaries agree with sha256sum",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum")))
    func paddingBoundariesAgainstSystemTool() throws {
        for length in [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128] {
            let data = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) })
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(data)
            try input.fileHandleForWriting.close()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(SHA256.hexDigest(of: data) == String(text.prefix(64)), "length \(length)")
        }
    }
}

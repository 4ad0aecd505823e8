import Foundation
import PreflightCore

/// Credential formats recognisable anywhere by their literal prefix (the gitleaks rules for the same
/// providers). Each format is found by searching its anchor with `memmem`, then checking the bytes
/// around it, so a file without any anchor costs one vectorised pass per anchor and nothing more.
struct KnownSecretFormat: Sendable {
    let kind: String
    let anchors: [String]
    /// The range of the secret value for an anchor found at the offset, if the bytes there are one.
    let match: @Sendable (ScanText, Int) -> Range<Int>?

    /// An anchor, a body of `min...max` bytes from `body`, and word boundaries on both sides (as
    /// `\bANCHOR[body]{min,max}\b` would: a longer run is not this format).
    static func prefixed(
        _ kind: String, _ anchors: [String], min: Int, max: Int = 255, _ body: @escaping @Sendable (UInt8) -> Bool
    ) -> KnownSecretFormat {
        KnownSecretFormat(kind: kind, anchors: anchors) { text, at in
            guard !ScanText.isWord(text[at - 1]), let anchor = anchors.first(where: { text.has($0, at: at) }) else {
                return nil
            }
            let start = at + anchor.utf8.count
            let end = text.run(from: start, limit: max + 1, body)
            guard end - start >= min, end - start <= max, !ScanText.isWord(text[end]) else { return nil }
            return at..<end
        }
    }

    static let all: [KnownSecretFormat] = [
        prefixed("AWS access key id", ["AKIA", "ASIA", "ABIA", "ACCA"], min: 16, max: 16) {
            ScanText.isUpper($0) || ScanText.isDigit($0)
        },
        prefixed("GitHub token", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], min: 36, max: 255, ScanText.isAlnum),
        prefixed("GitHub fine-grained token", ["github_pat_"], min: 22, max: 255, ScanText.isWord),
        prefixed("GitLab token", ["glpat-"], min: 20, max: 255, ScanText.isURLSafe),
        prefixed("Slack token", ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"], min: 10, max: 255) {
            ScanText.isAlnum($0) || $0 == 0x2D
        },
        prefixed("Stripe secret key", ["sk_live_", "rk_live_"], min: 20, max: 255, ScanText.isAlnum),
        prefixed("Anthropic API key", ["sk-ant-"], min: 20, max: 255, ScanText.isURLSafe),
        openAI,
        prefixed("Google API key", ["AIza"], min: 35, max: 35, ScanText.isURLSafe),
        prefixed("Hugging Face token", ["hf_"], min: 34, max: 34) { ScanText.isUpper($0) || ScanText.isLower($0) },
        prefixed("npm token", ["npm_"], min: 36, max: 36, ScanText.isAlnum),
        prefixed("PyPI token", ["pypi-AgEIcHlwaS5vcmc"], min: 50, max: 512, ScanText.isURLSafe),
        sendGrid,
        prefixed("Twilio key", ["SK"], min: 32, max: 32, ScanText.isLowerHex),
        privateKey,
        jwt,
        urlCredentials,
    ]

    /// `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…` (40+), or a legacy `sk-…` key with the `T3BlbkFJ` marker.
    static let openAI = KnownSecretFormat(kind: "OpenAI API key", anchors: ["sk-"]) { text, at in
        guard !ScanText.isWord(text[at - 1]), !text.has("sk-ant-", at: at) else { return nil }
        let end = text.run(from: at + 3, limit: 512, ScanText.isURLSafe)
        let body = text.string(at + 3..<end)
        let project = ["proj-", "svcacct-", "admin-"].contains { body.hasPrefix($0) } && body.count >= 45
        let legacy = body.count >= 48 && body.contains("T3BlbkFJ")
        return project || legacy ? at..<end : nil
    }

    /// `SG.` + 22 + `.` + 43 URL-safe characters.
    static let sendGrid = KnownSecretFormat(kind: "SendGrid key", anchors: ["SG."]) { text, at in
        guard !ScanText.isWord(text[at - 1]) else { return nil }
        let first = text.run(from: at + 3, limit: 23, ScanText.isURLSafe)
        guard first - (at + 3) == 22, text[first] == 0x2E else { return nil }
        let second = text.run(from: first + 1, limit: 44, ScanText.isURLSafe)
        return second - (first + 1) == 43 ? at..<second : nil
    }

    static let privateKeyTypes = ["", "RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED ", "PGP "]

    /// `-----BEGIN … PRIVATE KEY-----` followed by key material; the value is the first line of it
    /// (the header is the same in every key, and an empty or `...` body is an example).
    static let privateKey = KnownSecretFormat(kind: "private key", anchors: ["-----BEGIN "]) { text, at in
        var i = at + "-----BEGIN ".utf8.count
        guard let type = privateKeyTypes.first(where: { text.has($0 + "PRIVATE KEY", at: i) }) else { return nil }
        i += (type + "PRIVATE KEY").utf8.count
        if text.has(" BLOCK", at: i) { i += 6 }
        guard text.has("-----", at: i) else { return nil }
        i += 5
        // Skip line breaks, written literally or as `\n` escapes inside a string, and PEM headers.
        var guardCount = 0
        while guardCount < 16 {
            guardCount += 1
            let next = text.run(from: i, limit: 64) { ScanText.isSpace($0) }
            i = next
            if text[i] == 0x5C, text[i + 1] == 0x6E || text[i + 1] == 0x72 {
                i += 2
                continue
            }
            let word = text.run(from: i, limit: 128) { ScanText.isAlnum($0) || $0 == 0x2D }
            if text[word] == 0x3A {  // `Proc-Type: 4,ENCRYPTED`, `DEK-Info: ...`
                i = text.run(from: word, limit: 256) { $0 != 0x0A && $0 != 0x5C }
                continue
            }
            break
        }
        let end = text.run(from: i, limit: 64, ScanText.isBase64)
        return end - i >= 32 ? i..<end : nil
    }

    /// `eyJ….eyJ….…`: a signed JSON Web Token (header and payload are base64url JSON objects).
    /// An expired token (`exp` in the past, like the signed links GitHub puts in READMEs) and the
    /// jwt.io sample (`"sub": "1234567890"`) grant nothing.
    static let jwt = KnownSecretFormat(kind: "JSON Web Token", anchors: ["eyJ"]) { text, at in
        guard !ScanText.isWord(text[at - 1]) else { return nil }
        let header = text.run(from: at + 3, limit: 4096, ScanText.isURLSafe)
        guard header - at >= 13, text[header] == 0x2E, text.has("eyJ", at: header + 1) else { return nil }
        let payload = text.run(from: header + 4, limit: 16384, ScanText.isURLSafe)
        guard payload - (header + 1) >= 13, text[payload] == 0x2E else { return nil }
        let signature = text.run(from: payload + 1, limit: 4096, ScanText.isURLSafe)
        guard signature - (payload + 1) >= 10 else { return nil }
        if let claims = decodeSegment(text.string(header + 1..<payload)) {
            if let exp = claims["exp"]?.doubleValue, exp < Date().timeIntervalSince1970 { return nil }
            if claims["sub"]?.stringValue == "1234567890" { return nil }
        }
        return at..<signature
    }

    /// A base64url JSON segment of a JWT, decoded.
    static func decodeSegment(_ segment: String) -> JSONValue? {
        var b64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        b64 += String(repeating: "=", count: (4 - b64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: b64) else { return nil }
        return try? JSONParser.parse(String(decoding: data, as: UTF8.self))
    }

    /// `scheme://user:password@host`: the value is the password. Placeholder passwords (`pass`,
    /// `${DB_PASSWORD}`, `<password>`) and example hosts are documentation.
    static let urlCredentials = KnownSecretFormat(kind: "credentials in a URL", anchors: ["://"]) { text, at in
        var s = at
        while s > 0, at - s < 21, isSchemeByte(text[s - 1]) { s -= 1 }
        guard at - s >= 2, ScanText.isLower(text[s]) || ScanText.isUpper(text[s]) else { return nil }
        let userStart = at + 3
        let userEnd = text.run(from: userStart, limit: 65) { !isUserinfoStop($0) }
        guard userEnd - userStart <= 64, text[userEnd] == 0x3A else { return nil }
        let passwordStart = userEnd + 1
        let passwordEnd = text.run(from: passwordStart, limit: 129) { !isUserinfoStop($0) && !"$<>{}".utf8.contains($0) }
        guard (4...128).contains(passwordEnd - passwordStart), text[passwordEnd] == 0x40 else { return nil }
        let hostEnd = text.run(from: passwordEnd + 1, limit: 253) { ScanText.isAlnum($0) || $0 == 0x2E || $0 == 0x2D }
        guard hostEnd > passwordEnd + 1 else { return nil }
        let host = text.string(passwordEnd + 1..<hostEnd).lowercased()
        guard !host.contains("example"), !["host", "hostname", "your-host"].contains(host) else { return nil }
        return passwordStart..<passwordEnd
    }

    static func isSchemeByte(_ b: UInt8) -> Bool {
        ScanText.isAlnum(b) || b == 0x2B || b == 0x2E || b == 0x2D
    }

    static func isUserinfoStop(_ b: UInt8) -> Bool {
        ScanText.isSpace(b) || ScanText.isQuote(b) || b == 0x3A || b == 0x2F || b == 0x40 || b == 0
    }
}

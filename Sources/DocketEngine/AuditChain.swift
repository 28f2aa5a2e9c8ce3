import Crypto
public import DocketCore
import Foundation

/// Computes the SHA-256 chain of the audit trail.
///
/// Each entry's hash covers every recorded column and the previous entry's hash, so
/// changing, removing or reordering any entry breaks every hash after it. The first
/// entry links to ``genesis``.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical JSON of event data: sorted keys, no insignificant whitespace.
    public static func canonicalJSON(_ data: [String: Value]) -> String {
        ValueJSON.encode(data)
    }

    /// The hash of an entry's content linked to `previousHash`.
    public static func hash(
        seq: Int, kind: String, caseID: String, event: String, fromState: String?, toState: String, actor: String,
        at: String, on: String, recordedAt: String, dataJSON: String, note: String?, previousHash: String
    ) -> String {
        // Fields are joined with the unit separator, which no field may contain
        // unescaped: JSON escapes it, and the others are ids, times or free text
        // whose separators are replaced before hashing. Every event hashes one entry:
        // the fields go into the hasher as they are, without being joined first.
        let parts = [
            String(seq), kind, caseID, event, fromState ?? "", toState, actor, at, on, recordedAt, dataJSON, note ?? "",
            previousHash,
        ]
        var hasher = SHA256()
        for (index, part) in parts.enumerated() {
            if index > 0 { hasher.update(data: separatorBytes) }
            var part = part
            part.withUTF8 { bytes in
                if !bytes.contains(separator) {
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
                    return
                }
                for byte in bytes {
                    if byte == separator { hasher.update(data: escapedSeparator) } else { hasher.update(data: [byte]) }
                }
            }
        }
        return hex(hasher.finalize())
    }

    private static let separator: UInt8 = 0x1F
    private static let separatorBytes: [UInt8] = [separator]
    private static let escapedSeparator = Array("\\u001f".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The SHA-256 of a text's UTF-8 bytes, as 64 lower-case hex digits.
    public static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hash of a stored entry, recomputed from its columns.
    public static func hash(of entry: AuditEntry) -> String {
        hash(
            seq: entry.seq, kind: entry.kind.rawValue, caseID: entry.caseID, event: entry.event,
            fromState: entry.fromState,
            toState: entry.toState, actor: entry.actor, at: DeploymentZone.utcFormat(entry.at),
            on: entry.on.description,
            recordedAt: DeploymentZone.utcFormat(entry.recordedAt), dataJSON: entry.dataJSON, note: entry.note,
            previousHash: entry.previousHash)
    }
}

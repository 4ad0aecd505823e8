import PreflightCore
import Synchronization

/// A connection whose server is a function in the same process: protocol-level behaviour (ids,
/// timeouts, stray answers, pagination) is tested without starting a process. The peer receives
/// each frame the client sends, bytes as sent, and returns the lines it writes back.
public enum InMemoryTransport {
    public static func connect(
        canaries: [String] = [], peer: @escaping @Sendable (_ frame: [UInt8]) async -> [String]
    ) -> MCPConnection {
        let link = ConnectionLink()
        let connection = MCPConnection(canaries: canaries) { bytes in
            // The newline ends the frame; the peer gets the frame itself.
            let frame = bytes.last == 0x0A ? Array(bytes.dropLast()) : bytes
            for line in await peer(frame) { await link.connection?.receive(.line(Array(line.utf8))) }
        }
        link.attach(connection)
        return connection
    }
}

/// The connection is created before its send closure can refer to it.
final class ConnectionLink: Sendable {
    private let slot = Mutex<MCPConnection?>(nil)
    var connection: MCPConnection? { slot.withLock { $0 } }
    func attach(_ c: MCPConnection) { slot.withLock { $0 = c } }
}

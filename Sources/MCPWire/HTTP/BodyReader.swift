import PreflightCore

/// Reads one response body into its record: JSON bodies whole (up to the limit), SSE bodies event
/// by event, so an endless stream costs a counter, not memory. Frames go to the reader as they arrive.
struct BodyReader {
    let wire: HTTPWire
    let box: ExchangeBox
    let sequence: Int
    let stop: HTTPRequestSpec.Stop
    let onItem: (@Sendable (HTTPBodyItem) async -> Void)?
    private var parser: SSEParser
    private var body: [UInt8] = []

    init(
        wire: HTTPWire, box: ExchangeBox, sequence: Int, stop: HTTPRequestSpec.Stop,
        onItem: (@Sendable (HTTPBodyItem) async -> Void)?
    ) {
        self.wire = wire
        self.box = box
        self.sequence = sequence
        self.stop = stop
        self.onItem = onItem
        parser = SSEParser(maxEventBytes: wire.settings.maxBodyBytes)
    }

    private var settings: HTTPWire.Settings { wire.settings }

    /// True when reading should stop (the limit, or the awaited response arrived).
    mutating func plain(_ chunk: [UInt8]) -> Bool {
        let total = box.update { e in
            e.bodyBytes += chunk.count
            return e.bodyBytes
        }
        guard total <= settings.maxBodyBytes else {
            keep(body)
            box.update { $0.failure = .bodyTooLarge(limit: settings.maxBodyBytes) }
            return true
        }
        body += chunk
        return false
    }

    mutating func endPlain() async {
        keep(body)
        guard !body.isEmpty else { return }
        let e = box.value
        let looksJSON = e.isJSON || (e.mediaType == nil && [UInt8(ascii: "{"), UInt8(ascii: "[")].contains(body.first ?? 0))
        guard looksJSON else {
            record(body.prefix(settings.keptBodyBytes), note: "body (\(e.mediaType ?? "no content type"))")
            return
        }
        // A 2025-03-26 batch answer is an array: each element is a message of its own.
        if case .array(let items)? = try? JSONParser.parse(body) {
            for item in items { await frame(Array(JSONWriter.encode(item).utf8)) }
        } else {
            await frame(body)
        }
    }

    private func keep(_ bytes: [UInt8]) {
        box.update { e in
            e.body = Array(bytes.prefix(settings.keptBodyBytes))
            e.evidenceBytes += e.body.count
        }
    }

    mutating func sse(_ chunk: [UInt8]) async -> Bool {
        box.update { $0.bodyBytes += chunk.count }
        let events = parser.push(chunk)
        let comments = parser.comments
        box.update { $0.comments = comments }
        for event in events {
            if await dispatch(event) { return true }
        }
        return false
    }

    mutating func endSSE() {
        let truncated = parser.finish()
        box.update { $0.truncatedEvent = truncated }
    }

    /// True when this event carried the response the exchange waits for.
    private func dispatch(_ event: SSEEvent) async -> Bool {
        box.update { e in
            e.eventCount += 1
            if e.events.count < settings.keptEvents {
                var kept = event
                kept.data = Array(event.data.prefix(4096))
                e.events.append(kept)
                e.evidenceBytes += kept.data.count
            }
        }
        await onItem?(.event(event))
        guard event.name == "message" else {
            record(event.data, note: "event: \(event.name)")
            return false
        }
        // Empty data (the 2025-11-25 priming event) carries no message.
        guard !event.data.isEmpty else { return false }
        let message = await frame(event.data)
        if case .afterResponse(let id) = stop, let message, message["id"] == id,
            message["result"] != nil || message["error"] != nil
        {
            box.update { $0.stoppedEarly = true }
            return true
        }
        return false
    }

    @discardableResult
    private func frame(_ bytes: [UInt8]) async -> JSONValue? {
        record(bytes, note: nil)
        let parsed: JSONValue?
        do {
            parsed = try JSONParser.parse(bytes)
        } catch {
            let excerpt = String(decoding: bytes.prefix(160), as: UTF8.self)
            box.update { e in
                if e.unparsable.count < 20 { e.unparsable.append("\(excerpt) (\(error.message))") }
            }
            parsed = nil
        }
        if let parsed {
            box.update { e in
                e.messageCount += 1
                if e.messages.count < settings.keptMessages, e.evidenceBytes + bytes.count <= settings.keptEvidenceBytes {
                    e.messages.append(parsed)
                    e.evidenceBytes += bytes.count
                }
            }
        }
        await onItem?(.frame(bytes, parsed))
        return parsed
    }

    private func record(_ bytes: some Collection<UInt8>, note: String?) {
        wire.record(.received, wire.credentials.scrub(Array(bytes)), note: note, exchange: sequence)
    }
}

extension HTTPWire {
    func record(_ direction: Transcript.Direction, _ bytes: [UInt8], note: String?, exchange: Int) {
        transcript?.record(instance, direction, bytes, note: note, http: .init(exchange: exchange))
    }
}

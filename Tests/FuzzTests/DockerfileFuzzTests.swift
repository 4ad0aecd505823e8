import PreflightCore
import PropertyBased
import Testing

@testable import ProjectAudit

enum DockerfileGen {
    static let fragments = [
        "# syntax=docker/dockerfile:1", "# escape=`", "# escape=\\", "ARG PYTHON=3.12", "FROM python:${PYTHON}-slim AS build",
        "FROM --platform=$BUILDPLATFORM ghcr.io/astral-sh/uv:0.5 AS uv", "FROM build", "FROM scratch", "FROM", "from alpine as x",
        "WORKDIR /app", "COPY --from=uv /uv /bin/uv", "COPY pyproject.toml uv.lock ./", "ADD . /app",
        "RUN uv sync --frozen --no-dev", "RUN --mount=type=cache,target=/root/.cache/uv \\", "    uv sync --locked \\",
        "    && rm -rf /tmp/*", "RUN <<EOF", "RUN <<-'SCRIPT' bash", "set -e", "pip install .", "EOF", "SCRIPT",
        "ENV PYTHONUNBUFFERED=1 PATH=\"/app/.venv/bin:$PATH\"", "ENV LEGACY value with spaces", "ENV A=\"x y\" B='z'",
        "LABEL org.opencontainers.image.source=\"https://example.com\"", "USER 10001", "USER app:app", "EXPOSE 8000/tcp",
        "HEALTHCHECK --interval=30s CMD curl -f http://localhost:8000/health || exit 1", "HEALTHCHECK NONE",
        "STOPSIGNAL SIGTERM", "SHELL [\"/bin/bash\", \"-c\"]", "ENTRYPOINT [\"uv\", \"run\", \"server.py\"]",
        "ENTRYPOINT [\"unterminated", "CMD [\"python\", \"-m\", \"server\"]", "CMD python -m server", "ONBUILD RUN echo hi",
        "VOLUME /data", "", "   ", "# a comment", "RUN echo \\", "# comment inside continuation", "RUN echo `", "\\",
        "MAINTAINER someone", "BOGUS instruction",
    ]

    static func text(_ r: inout RNG) -> String {
        var out = Noise.chance(0.8, &r) ? "FROM python:3.12-slim\n" : ""
        out += Fragments.lines(fragments, count: 0...30, &r)
        return out + (Noise.chance(0.5, &r) ? "\n" : "")
    }
}

@Suite("Fuzz: Dockerfile")
struct DockerfileFuzzTests {
    @Test func parserIsTotalAndBounded() async {
        await fuzz(input: Gen<String>.hostileText(DockerfileGen.text)) { text throws(FuzzFailure) in
            let lineCount = text.utf8.count { $0 == 0x0A } + 1
            let dockerfile: Dockerfile
            do throws(DockerfileParseError) { dockerfile = try Dockerfile.parse(text, path: "Dockerfile") } catch {
                try require(error.line >= 1 && error.line <= lineCount, "error line \(error.line) outside 1...\(lineCount)")
                return
            }
            try require(!dockerfile.stages.isEmpty, "parsed without a stage")
            try require(dockerfile.instructions.count <= lineCount, "more instructions than lines")
            let stageCount = dockerfile.stages.reduce(0) { $0 + $1.instructions.count + 1 }
            try require(
                stageCount + dockerfile.globalArgs.count == dockerfile.instructions.count,
                "stages and global ARGs do not partition the instructions")
            var previous = 0
            var size = 0
            for instruction in dockerfile.instructions {
                try require(Dockerfile.knownKeywords.contains(instruction.keyword), "unknown keyword \(instruction.keyword)")
                try require(instruction.line > previous && instruction.line <= lineCount, "instruction lines not increasing")
                previous = instruction.line
                size += instruction.arguments.utf8.count + (instruction.heredoc?.utf8.count ?? 0)
                // Derived views used by checks must not trap either.
                _ = instruction.execForm
                _ = instruction.flags
                _ = instruction.body
                let pairs = KeyValueArguments.parse(instruction.arguments, legacySpaceForm: instruction.keyword == "ENV")
                try require(pairs.count <= instruction.arguments.utf8.count + 1, "more key/value pairs than bytes")
            }
            try require(size <= 2 * text.utf8.count + 16, "output (\(size) bytes) not bounded by input (\(text.utf8.count))")
        }
    }

    /// Quoted words survive `shellWords`: joining generated words with spaces and quoting them gives them back.
    @Test func shellWordsRoundTrip() async {
        let words = Generator<String, Shrink.None<String>>(run: { r in Noise.unicode(12, &r) }).array(of: 0...8)
        await fuzz(input: words) { words throws(FuzzFailure) in
            let parts = words.map { "'" + $0.replacing("'", with: "'\"'\"'") + "'" }
            let quoted = parts.joined(separator: " ")
            // Characters are graphemes: a word starting with a combining mark fuses with the quote. Not a shell case.
            guard quoted.count == parts.reduce(max(0, parts.count - 1)) { $0 + $1.count },
                zip(words, parts).allSatisfy({ w, p in p.count == w.count + 2 + 4 * w.count { $0 == "'" } })
            else { return }
            let back = KeyValueArguments.shellWords(quoted)
            try require(back == words, "shellWords(\(quoted.debugDescription.prefix(200))) = \(back.description.prefix(200))")
        }
    }
}

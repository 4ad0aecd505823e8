/*
 * fast_server: an MCP server over stdio that answers every request at once, so that a load
 * against it measures the client. Reads stdin in large chunks and answers every complete line
 * with one write per chunk. One tool, `echo` (read-only). Build: gcc -O2 -o fast_server fast_server.c
 */
#define _GNU_SOURCE
#include <string.h>
#include <unistd.h>

static char out[1 << 20];
static size_t out_len;

static void flush_out(void) {
    size_t done = 0;
    while (done < out_len) {
        ssize_t n = write(1, out + done, out_len - done);
        if (n <= 0) _exit(0);
        done += (size_t)n;
    }
    out_len = 0;
}

static void emit(const char *s, size_t n) {
    if (out_len + n > sizeof out) flush_out();
    memcpy(out + out_len, s, n);
    out_len += n;
}

static void emits(const char *s) { emit(s, strlen(s)); }

/* The value of a top-level key (`"id"`, `"method"`): its start and length, or 0. */
static size_t member(const char *p, size_t n, const char *key, const char **value) {
    size_t klen = strlen(key);
    int depth = 0, in_string = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_string) {
            if (c == '\\') i++;
            else if (c == '"') in_string = 0;
            continue;
        }
        if (c == '{' || c == '[') depth++;
        else if (c == '}' || c == ']') depth--;
        else if (c == '"') {
            if (depth == 1 && i + klen + 2 < n && p[i + klen + 1] == '"' && memcmp(p + i + 1, key, klen) == 0) {
                size_t j = i + klen + 2;
                while (j < n && (p[j] == ' ' || p[j] == ':')) j++;
                size_t k = j;
                if (p[k] == '"') {
                    k++;
                    while (k < n && p[k] != '"') k++;
                    k++;
                } else {
                    while (k < n && p[k] != ',' && p[k] != '}') k++;
                }
                *value = p + j;
                return k - j;
            }
            in_string = 1;
        }
    }
    return 0;
}

static void answer(const char *id, size_t id_len, const char *result) {
    emits("{\"jsonrpc\":\"2.0\",\"id\":");
    emit(id, id_len);
    emits(",\"result\":");
    emits(result);
    emits("}\n");
}

static void handle(const char *line, size_t n) {
    const char *id, *method;
    size_t id_len = member(line, n, "id", &id);
    size_t method_len = member(line, n, "method", &method);
    if (id_len == 0 || method_len == 0) return; /* notifications and responses */
#define IS(m) (method_len == strlen(m) && memcmp(method, m, method_len) == 0)
    if (IS("\"tools/call\"")) {
        answer(id, id_len, "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"isError\":false}");
    } else if (IS("\"initialize\"")) {
        /* Echo the requested revision: this server has no opinion about versions. */
        const char *v = memmem(line, n, "\"protocolVersion\":\"", 19);
        const char *end = v ? memchr(v + 19, '"', n - (size_t)(v + 19 - line)) : NULL;
        emits("{\"jsonrpc\":\"2.0\",\"id\":");
        emit(id, id_len);
        emits(",\"result\":{\"protocolVersion\":");
        if (end) emit(v + 18, (size_t)(end - v) - 17);
        else emits("\"2025-06-18\"");
        emits(",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"fast-server\",\"version\":\"1.0.0\"}}}\n");
    } else if (IS("\"tools/list\"")) {
        answer(id, id_len,
               "{\"tools\":[{\"name\":\"echo\",\"description\":\"Answers at once.\",\"inputSchema\":{\"type\":\"object\","
               "\"properties\":{\"text\":{\"type\":\"string\"}}},\"annotations\":{\"readOnlyHint\":true}}]}");
    } else if (IS("\"ping\"")) {
        answer(id, id_len, "{}");
    } else {
        emits("{\"jsonrpc\":\"2.0\",\"id\":");
        emit(id, id_len);
        emits(",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}\n");
    }
}

int main(void) {
    static char in[1 << 20];
    size_t len = 0;
    for (;;) {
        ssize_t n = read(0, in + len, sizeof in - len);
        if (n <= 0) break;
        len += (size_t)n;
        size_t start = 0;
        char *nl;
        while ((nl = memchr(in + start, '\n', len - start)) != NULL) {
            handle(in + start, (size_t)(nl - in) - start);
            start = (size_t)(nl - in) + 1;
        }
        memmove(in, in + start, len - start);
        len -= start;
        if (len == sizeof in) len = 0; /* a line over 1 MiB: dropped */
        flush_out();
    }
    flush_out();
    return 0;
}

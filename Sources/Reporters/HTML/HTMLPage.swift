import PreflightCore

/// The frame every HTML report shares: one self-contained document (inline CSS, a few lines of
/// inline script, inline SVG), nothing fetched from anywhere.
enum HTMLPage {
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
        <title>\(HTMLText.escape(title))</title>
        <style>\(css)</style>
        </head>
        <body>
        \(body)
        <script>\(script)</script>
        </body>
        </html>

        """
    }

    static let css = """
        :root { --pass: #15803d; --fail: #b91c1c; --warn: #b45309; --skip: #6b7280; --manual: #6d28d9; --error: #9f1239;
          --line: #e5e7eb; --muted: #6b7280; --bg: #f9fafb; }
        * { box-sizing: border-box; }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #111827;
          margin: 0; background: var(--bg); }
        main { max-width: 1100px; margin: 0 auto; padding: 0 20px 40px; }
        header.verdict { color: #fff; padding: 22px 20px; }
        header.verdict > div { max-width: 1100px; margin: 0 auto; display: flex; gap: 24px; align-items: center; flex-wrap: wrap; }
        header.pass { background: var(--pass); } header.fail { background: var(--fail); }
        header h1 { margin: 0; font-size: 28px; letter-spacing: .02em; }
        header .score { font-size: 40px; font-weight: 700; line-height: 1; }
        header .score small { font-size: 16px; font-weight: 400; opacity: .85; }
        header .facts { font-size: 13px; opacity: .95; flex: 1 1 420px; }
        header .facts span { display: inline-block; margin-right: 14px; overflow-wrap: anywhere; }
        header code { background: rgba(255, 255, 255, .18); color: inherit; }
        h2 { font-size: 20px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 16px; margin: 18px 0 6px; }
        .notice { background: #fef3c7; border-left: 4px solid var(--warn); padding: 10px 14px; margin: 14px 0 0;
          white-space: pre-wrap; overflow-wrap: anywhere; }
        .tally { display: flex; flex-wrap: wrap; gap: 8px; margin: 16px 0; }
        .pill { border-radius: 999px; padding: 2px 12px; color: #fff; font-size: 13px; font-weight: 600; }
        .s-pass { background: var(--pass); } .s-fail { background: var(--fail); } .s-warn { background: var(--warn); }
        .s-skip { background: var(--skip); } .s-manual { background: var(--manual); } .s-error { background: var(--error); }
        .badge { display: inline-block; min-width: 52px; text-align: center; border-radius: 4px; color: #fff;
          font-size: 12px; font-weight: 700; padding: 1px 6px; text-transform: uppercase; }
        details.check { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
        details.check > summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 10px; align-items: baseline;
          flex-wrap: wrap; }
        details.check > summary code.id { font-weight: 600; }
        details.check > summary .msg { color: #374151; flex: 1 1 300px; overflow-wrap: anywhere; }
        details.check .body { padding: 4px 16px 12px; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
        details.check.suppressed { opacity: .75; }
        .sev { font-size: 12px; color: var(--muted); }
        ul.findings { margin: 6px 0; padding-left: 20px; }
        ul.findings li { margin: 2px 0; white-space: pre-wrap; }
        ul.findings li.warn::marker { color: var(--warn); } ul.findings li.fail::marker { color: var(--fail); }
        .loc { color: var(--muted); font-family: ui-monospace, monospace; font-size: 13px; }
        code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
        code { background: #f3f4f6; padding: 0 3px; border-radius: 3px; }
        pre { background: #f3f4f6; padding: 8px 10px; overflow: auto; max-height: 320px; white-space: pre-wrap;
          overflow-wrap: anywhere; }
        .fix { background: #ecfdf5; border-left: 3px solid var(--pass); padding: 6px 10px; margin: 8px 0; }
        table { border-collapse: collapse; background: #fff; margin: 8px 0; font-size: 14px; }
        th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 16px; }
        figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
        figcaption { font-weight: 600; font-size: 14px; margin-bottom: 4px; }
        figure p { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg .grid { stroke: #eef0f3; } svg .axis { stroke: #9ca3af; }
        svg .tick { font-size: 13px; fill: #4b5563; } svg .label { font-size: 14px; fill: #374151; }
        svg .series { fill: none; stroke-width: 2; stroke-linejoin: round; }
        .legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 13px; margin-top: 4px; }
        .legend .key i { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 5px; }
        .grid-status td { padding: 0; width: 16px; height: 16px; border: 2px solid #fff; }
        .grid-status th { font-weight: 400; font-size: 12px; }
        .muted { color: var(--muted); }
        .toolbar { margin: 8px 0; } .toolbar button { font: inherit; font-size: 13px; margin-right: 6px; cursor: pointer; }
        nav.sections { font-size: 13px; margin: 8px 0; } nav.sections a { margin-right: 10px; }
        footer { color: var(--muted); font-size: 12px; margin-top: 30px; }
        @media print { details.check { break-inside: avoid; } .toolbar { display: none; } }
        """

    /// Expand or fold every check, and open the one a link points at.
    static let script = """
        (function () {
          var all = function (open) { document.querySelectorAll("details.check").forEach(function (d) { d.open = open; }); };
          document.querySelectorAll("button[data-open]").forEach(function (b) {
            b.addEventListener("click", function () { all(b.getAttribute("data-open") === "all"); });
          });
          var reveal = function () {
            if (!location.hash) return;
            var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
            if (el && el.tagName === "DETAILS") el.open = true;
          };
          window.addEventListener("hashchange", reveal);
          reveal();
        })();
        """

    static func pill(_ status: Status, _ count: Int) -> String {
        #"<span class="pill s-\#(status.rawValue)">\#(count) \#(status.rawValue)</span>"#
    }

    static func badge(_ status: Status) -> String {
        #"<span class="badge s-\#(status.rawValue)">\#(status.rawValue)</span>"#
    }

    static func figure(_ caption: String, _ svg: String, note: String? = nil) -> String {
        var out = "<figure><figcaption>\(HTMLText.escape(caption))</figcaption>\(svg)"
        if let note { out += "<p>\(HTMLText.inline(note))</p>" }
        return out + "</figure>"
    }
}

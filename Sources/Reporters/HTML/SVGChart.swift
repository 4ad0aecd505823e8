import Foundation

/// A chart axis: how data values map to the plot, and where the ticks go.
struct ChartAxis {
    enum Scale {
        case linear
        /// Base 10; values at or below `min` sit on the axis.
        case log
        /// Percentiles spread as log10(100 / (100 - p)): 0, 90, 99, 99.9, … equally apart; 100 (the
        /// maximum) just right of the last finite percentile.
        case percentile
    }

    var label: String
    var scale: Scale
    var min: Double
    var max: Double
    var ticks: [(value: Double, label: String)]
    /// `.percentile`: where 100 (the maximum) sits, in spread units.
    var cap = 0.0

    func position(_ v: Double) -> Double {
        switch scale {
        case .linear: return v
        case .log: return log10(Swift.max(v, min))
        case .percentile: return Self.spread(v, cap: cap)
        }
    }

    static func spread(_ p: Double, cap: Double) -> Double {
        guard p < 100 else { return cap }
        return Swift.min(cap, log10(100 / (100 - Swift.max(0, p))))
    }

    static func linear(_ label: String, values: [Double], fromZero: Bool = false, format: (Double) -> String = HTMLText.number)
        -> ChartAxis
    {
        var lo = values.min() ?? 0
        var hi = values.max() ?? 1
        if fromZero { lo = Swift.min(0, lo) }
        if hi - lo < 1e-9 { hi = lo + Swift.max(1, abs(lo) * 0.1) }
        let step = niceStep(hi - lo, count: 5)
        lo = (lo / step).rounded(.down) * step
        hi = (hi / step).rounded(.up) * step
        var ticks: [(value: Double, label: String)] = []
        var v = lo
        while v <= hi + step / 2 {
            ticks.append((v, format(v)))
            v += step
        }
        return ChartAxis(label: label, scale: .linear, min: lo, max: hi, ticks: ticks)
    }

    static func log(_ label: String, values: [Double], format: (Double) -> String = HTMLText.number) -> ChartAxis {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        let lowest = positive.min() ?? 0.1
        let highest = Swift.max(positive.max() ?? 1, lowest * 1.5)
        let lo = pow(10, log10(lowest).rounded(.down))
        let hi = pow(10, log10(highest).rounded(.up))
        var ticks: [(value: Double, label: String)] = []
        let decades = Int((log10(hi) - log10(lo)).rounded())
        var d = lo
        for _ in 0...Swift.max(1, decades) {
            for m in decades <= 2 ? [1.0, 2, 5] : [1.0] where d * m <= hi * 1.0001 { ticks.append((d * m, format(d * m))) }
            d *= 10
        }
        return ChartAxis(label: label, scale: .log, min: lo, max: hi, ticks: ticks)
    }

    /// Up to the deepest percentile in `values` (below 100), then the maximum.
    static func percentile(values: [Double]) -> ChartAxis {
        let deepest = values.filter { $0 < 100 }.map { spread($0, cap: 12) }.max() ?? 2
        let cap = Swift.max(1, deepest) + 0.35
        var ticks: [(value: Double, label: String)] = [(0, "0%"), (50, "50%")]
        var nines = 1
        while Double(nines) <= deepest + 0.01 {
            let p = 100 - 100 / pow(10, Double(nines))
            ticks.append((p, HTMLText.trim(String(format: "%.\(Swift.max(0, nines - 2))f", p)) + "%"))
            nines += 1
        }
        ticks.append((100, "max"))
        return ChartAxis(label: "percentile", scale: .percentile, min: 0, max: 100, ticks: ticks, cap: cap)
    }

    static func niceStep(_ range: Double, count: Int) -> Double {
        let raw = range / Double(Swift.max(1, count))
        let magnitude = pow(10, log10(raw).rounded(.down))
        let f = raw / magnitude
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude
    }
}

/// A line or bar chart as inline SVG, drawn here: no library, no network, no script.
struct SVGChart {
    struct Series {
        var name: String
        var points: [(x: Double, y: Double)]
        /// A dot and a tooltip at each point (few points: trends).
        var dots = false
        var dashed = false
        /// Index in the palette; nil: the series' position.
        var color: Int?
    }

    static let palette = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"]
    static func color(_ i: Int) -> String { palette[i % palette.count] }

    var title: String
    var x: ChartAxis
    var y: ChartAxis
    var width = 560.0
    var height = 300.0
    let left = 62.0
    let right = 16.0
    let top = 14.0
    let bottom = 48.0

    func px(_ v: Double) -> Double {
        let a = x.position(x.min)
        let b = x.position(x.max)
        return left + (x.position(v) - a) / Swift.max(1e-12, b - a) * (width - left - right)
    }

    func py(_ v: Double) -> Double {
        let a = y.position(y.min)
        let b = y.position(y.max)
        let t = (Swift.min(Swift.max(y.position(v), a), b) - a) / Swift.max(1e-12, b - a)
        return height - bottom - t * (height - top - bottom)
    }

    func frame(_ body: String) -> String {
        var out =
            #"<svg class="chart" viewBox="0 0 \#(f(width)) \#(f(height))" role="img" aria-label="\#(HTMLText.escape(title))">"#
        out += "<title>\(HTMLText.escape(title))</title>"
        for (v, label) in y.ticks {
            let yy = py(v)
            out += #"<line class="grid" x1="\#(f(left))" x2="\#(f(width - right))" y1="\#(f(yy))" y2="\#(f(yy))"/>"#
            out +=
                #"<text class="tick" x="\#(f(left - 6))" y="\#(f(yy + 5))" text-anchor="end">\#(HTMLText.escape(label))</text>"#
        }
        for (v, label) in x.ticks {
            let xx = px(v)
            out += #"<line class="grid" x1="\#(f(xx))" x2="\#(f(xx))" y1="\#(f(top))" y2="\#(f(height - bottom))"/>"#
            out +=
                #"<text class="tick" x="\#(f(xx))" y="\#(f(height - bottom + 18))" text-anchor="middle">\#(HTMLText.escape(label))</text>"#
        }
        out +=
            #"<line class="axis" x1="\#(f(left))" x2="\#(f(width - right))" y1="\#(f(height - bottom))" y2="\#(f(height - bottom))"/>"#
        out += #"<line class="axis" x1="\#(f(left))" x2="\#(f(left))" y1="\#(f(top))" y2="\#(f(height - bottom))"/>"#
        out += body
        out +=
            #"<text class="label" x="\#(f((left + width - right) / 2))" y="\#(f(height - 6))" text-anchor="middle">\#(HTMLText.escape(x.label))</text>"#
        out +=
            #"<text class="label" transform="translate(14 \#(f((top + height - bottom) / 2))) rotate(-90)" text-anchor="middle">\#(HTMLText.escape(y.label))</text>"#
        return out + "</svg>"
    }

    func lines(_ series: [Series]) -> String {
        var body = ""
        for (n, s) in series.enumerated() where !s.points.isEmpty {
            let i = s.color ?? n
            let path = s.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            let dash = s.dashed ? #" stroke-dasharray="5 4""# : ""
            body +=
                #"<polyline class="series" points="\#(path)" stroke="\#(Self.color(i))"\#(dash)><title>\#(HTMLText.escape(s.name))</title></polyline>"#
            if s.dots {
                for p in s.points {
                    body += #"<circle cx="\#(f(px(p.x)))" cy="\#(f(py(p.y)))" r="3" fill="\#(Self.color(i))">"#
                    body += "<title>\(HTMLText.escape(s.name)): \(HTMLText.number(p.y))</title></circle>"
                }
            }
        }
        return frame(body)
    }

    /// Bars between x edges (`low`, `high`) of height `count`.
    func bars(_ bins: [(low: Double, high: Double, count: Double)], color: Int = 0, unit: String = "") -> String {
        var body = ""
        for b in bins where b.count > 0 {
            let x0 = px(b.low)
            let x1 = px(b.high)
            let y0 = py(b.count)
            let tip = "\(HTMLText.number(b.low))–\(HTMLText.number(b.high))\(unit): \(HTMLText.number(b.count))"
            body +=
                #"<rect x="\#(f(x0 + 0.5))" y="\#(f(y0))" width="\#(f(Swift.max(1, x1 - x0 - 1)))" height="\#(f(height - bottom - y0))" fill="\#(Self.color(color))">"#
            body += "<title>\(HTMLText.escape(tip))</title></rect>"
        }
        return frame(body)
    }

    func f(_ v: Double) -> String { String(format: "%.1f", v.isFinite ? v : 0) }

    /// A legend in HTML, its colours and dashes matching the series.
    static func legend(_ series: [Series]) -> String {
        guard series.count > 1 else { return "" }
        let items = series.enumerated().map { n, s in
            let c = color(s.color ?? n)
            let style = s.dashed ? "border-top: 2px dashed \(c); height: 0" : "background: \(c)"
            return #"<span class="key"><i style="\#(style)"></i>\#(HTMLText.escape(s.name))</span>"#
        }
        return #"<div class="legend">\#(items.joined())</div>"#
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ScryShell
import ScryStore
import ScryTestSupport

/// Every `examples/charts/*.scry` draws its chart on the built-in dataset as a script
/// would, in a pipe: at 80 columns without colour, in Unicode (`NAME.txt`) and in ASCII
/// (`NAME.ascii.txt`), and as SVG (`NAME.svg`), with its notes in `NAME.err`.
/// `SCRY_RECORD=1 make test` writes them anew. Each golden SVG is then parsed as XML and
/// drawn by a real renderer (`rsvg-convert`, which `make test` installs when missing).
struct ChartGoldenTests {
    static let folder = Repository.path("examples/charts")

    static let scripts: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".scry") }.sorted()
    }()

    static func base(_ script: String) -> String { folder + "/" + script.dropLast(".scry".count) }

    @Test func chartExamplesExist() {
        #expect(Self.scripts.count >= 4, "no chart examples found in \(Self.folder): a golden runner that runs nothing is a defect")
    }

    @Test(arguments: scripts)
    func chartMatchesItsGoldensInTheTerminalAndAsSVG(script: String) throws {
        let text = try String(contentsOfFile: Self.folder + "/" + script, encoding: .utf8)
        for (format, unicode, suffix) in [(OutputFormat.table, true, "txt"), (.table, false, "ascii.txt"), (.svg, true, "svg")] {
            let output = StringOutput(), errors = StringOutput()
            let session = Session(store: try BuiltInDataset.load(), output: output, errors: errors)
            session.format = format
            session.unicode = unicode
            #expect(session.runScript(text, name: "examples/charts/" + script), "\(errors.text)")
            #expect(!output.text.contains("\u{1B}"), "no escape code in a pipe")
            if !unicode { #expect(output.text.unicodeScalars.allSatisfy { $0.isASCII }, "\(script) in ASCII") }
            try GoldenTests.check(output.text, against: Self.base(script) + "." + suffix)
            try GoldenTests.check(errors.text, against: Self.base(script) + ".err")
        }
    }

    /// What a parse of an SVG found: the elements in order, their attributes, and the text
    /// of `<title>` and `<desc>`.
    final class SVGReader: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var texts: [String: String] = [:]
        private var current: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append((name, attributes))
            current = name
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let current, current == "title" || current == "desc" { texts[current, default: ""] += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { current = nil }
    }

    @Test(arguments: scripts)
    func goldenSVGIsWellFormedAccessibleAndSelfContained(script: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.base(script) + ".svg"))
        let parser = XMLParser(data: data)
        let reader = SVGReader()
        parser.delegate = reader
        #expect(parser.parse(), "\(script).svg is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        let root = try #require(reader.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["viewBox"]?.hasPrefix("0 0 680 ") == true, "A4 width")
        #expect(reader.elements.dropFirst().prefix(2).map(\.name) == ["title", "desc"])
        #expect((reader.texts["title"] ?? "").count > 10)
        #expect((reader.texts["desc"] ?? "").contains(" chart of "), "the description says what the chart shows")
        #expect(!reader.elements.contains { ["script", "image", "use", "foreignObject", "a"].contains($0.name) })
        for element in reader.elements {
            for (name, value) in element.attributes {
                #expect(!name.lowercased().hasPrefix("on"), "no event handler: \(element.name) \(name)")
                #expect(!name.lowercased().hasSuffix("href"), "no reference: \(element.name) \(name)")
                if name != "xmlns" { #expect(!value.contains("url(") && !value.contains("://"), "no external reference: \(value)") }
            }
            if let size = element.attributes["font-size"] { #expect((Int(size) ?? 0) >= 12, "legible at A4: \(size)") }
        }
        // At most four lines, each a colour of the Analysis Function's palette.
        let colours = Set(reader.elements.filter { $0.name == "polyline" }.compactMap { $0.attributes["stroke"] })
        #expect(colours.count <= 4)
    }

    @Test(arguments: scripts)
    func goldenSVGRendersToAPictureThatIsNotBlank(script: String) throws {
        let renderer = try #require(["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                    "rsvg-convert is missing: make deps installs librsvg2-bin")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-chart-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let png = folder + "/chart.png"
        let run = try BinaryTests.run(renderer, ["--format", "png", "--output", png, Self.base(script) + ".svg"])
        #expect(run.status == 0, "\(run.errors)")
        // A PNG's size is in its IHDR chunk; its pixels are counted by Python's zlib.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: png)))
        try #require(bytes.count > 33)
        #expect(bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 680)
        let svg = try String(contentsOfFile: Self.base(script) + ".svg", encoding: .utf8)
        #expect(svg.contains("height=\"\(height)\""), "the picture is as tall as the SVG says")
        let count = try BinaryTests.run("/usr/bin/env", ["python3", "-c", Self.pixelCounter, png])
        #expect(count.status == 0, "\(count.errors)")
        let figures = count.output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(figures.count == 3, "\(count.output)")
        // Not blank: many colours, a good share of pixels not white, and the palette's dark blue drawn.
        #expect(figures[0] >= 8, "distinct colours: \(figures[0])")
        #expect(figures[1] > width * height / 100, "pixels not white: \(figures[1])")
        #expect(figures[2] > 50, "dark blue #12436D pixels: \(figures[2])")
    }

    /// Decodes an 8-bit RGB or RGBA PNG (no interlace) with the standard library alone and
    /// prints: distinct colours, pixels not white, pixels exactly #12436D.
    static let pixelCounter = #"""
    import sys, zlib, struct
    data = open(sys.argv[1], 'rb').read()
    pos, idat, header = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR': header = struct.unpack('>IIBBBBB', body)
        if kind == b'IDAT': idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6), header
    channels = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride]); at += 1 + stride
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]; c = previous[i - channels] if i >= channels else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line)); previous = line
    pixels = [row[i:i + 3] for row in rows for i in range(0, stride, channels)]
    print(len(set(pixels)), sum(1 for p in pixels if p != b'\xff\xff\xff'), sum(1 for p in pixels if p == b'\x12\x43\x6d'))
    """#
}

/// The little of XML that a workbook's parts need: start and end tags with their
/// attributes, and text with its entities decoded. Declarations, comments and processing
/// instructions are skipped; CDATA is text. Namespace prefixes are dropped from names
/// (`x:row` is `row`), as spreadsheet writers differ in them. Not a validating parser: a
/// part that is not well formed ends the scan early, and what it gave is checked by the
/// loader like any other file.
struct XMLScanner {
    enum Event {
        case start(name: Substring, attributes: [Substring: String], selfClosing: Bool)
        case end(name: Substring)
        case text(String)
    }

    private let text: Substring
    private var position: Substring.Index

    init(_ bytes: [UInt8]) {
        text = Substring(String(decoding: bytes, as: UTF8.self))
        position = text.startIndex
    }

    mutating func next() -> Event? {
        while position < text.endIndex {
            if text[position] != "<" {
                let end = text[position...].firstIndex(of: "<") ?? text.endIndex
                defer { position = end }
                return .text(Self.decoded(text[position..<end]))
            }
            let rest = text[position...]
            if rest.hasPrefix("<![CDATA[") {
                let start = text.index(position, offsetBy: 9)
                let end = text[start...].firstRange(of: "]]>")
                defer { position = end?.upperBound ?? text.endIndex }
                return .text(String(text[start..<(end?.lowerBound ?? text.endIndex)]))
            }
            if rest.hasPrefix("<!--") || rest.hasPrefix("<?") || rest.hasPrefix("<!") {
                let closing = rest.hasPrefix("<!--") ? "-->" : ">"
                position = rest.firstRange(of: closing)?.upperBound ?? text.endIndex
                continue
            }
            guard let close = rest.firstIndex(of: ">") else {
                position = text.endIndex
                return nil
            }
            var body = text[text.index(after: position)..<close]
            position = text.index(after: close)
            if body.hasPrefix("/") { return .end(name: Self.localName(body.dropFirst().prefix { !$0.isWhitespace })) }
            let selfClosing = body.hasSuffix("/")
            if selfClosing { body = body.dropLast() }
            let name = body.prefix { !$0.isWhitespace && $0 != "/" }
            return .start(name: Self.localName(name), attributes: Self.attributes(body.dropFirst(name.count)), selfClosing: selfClosing)
        }
        return nil
    }

    private static func localName(_ name: Substring) -> Substring {
        name.lastIndex(of: ":").map { name[name.index(after: $0)...] } ?? name
    }

    /// `name="value"` pairs (single or double quotes), values decoded; names keep their
    /// prefixes (`r:id`).
    private static func attributes(_ body: Substring) -> [Substring: String] {
        var attributes: [Substring: String] = [:]
        var rest = body
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmingPrefix { $0.isWhitespace }.prefix { !$0.isWhitespace }
            var after = rest[rest.index(after: equals)...].drop { $0.isWhitespace }
            guard let quote = after.first, quote == "\"" || quote == "'" else { break }
            after = after.dropFirst()
            guard let end = after.firstIndex(of: quote) else { break }
            attributes[name] = decoded(after[..<end])
            rest = after[after.index(after: end)...]
        }
        return attributes
    }

    /// Text with XML's five entities and character references decoded.
    static func decoded(_ raw: Substring) -> String {
        guard raw.contains("&") else { return String(raw) }
        var result = ""
        var rest = raw
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else {
                rest = rest[ampersand...]
                break
            }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { result.unicodeScalars.append(scalar) } else { result += "&" + entity + ";" }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}

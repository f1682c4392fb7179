/// A grid of character cells to plot on: with Unicode, each cell is a braille character of
/// 2 × 4 dots; without, each cell is one dot, drawn with the series' ASCII mark. Each cell
/// keeps the colour of the last line drawn through it.
struct TerminalCanvas {
    let columns: Int
    let rows: Int
    let unicode: Bool
    private var dots: [UInt8]
    private var marks: [Character?]
    private var colours: [Int?]

    init(columns: Int, rows: Int, unicode: Bool) {
        self.columns = columns
        self.rows = rows
        self.unicode = unicode
        dots = Array(repeating: 0, count: columns * rows)
        marks = Array(repeating: nil, count: columns * rows)
        colours = Array(repeating: nil, count: columns * rows)
    }

    /// Dots across and down.
    var width: Int { columns * (unicode ? 2 : 1) }
    var height: Int { rows * (unicode ? 4 : 1) }

    /// The braille bit of each dot in a cell, by column then row (Unicode's order).
    private static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    mutating func set(_ x: Int, _ y: Int, mark: Character, colour: Int?) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let cellsAcross = unicode ? 2 : 1, cellsDown = unicode ? 4 : 1
        let cell = (y / cellsDown) * columns + x / cellsAcross
        if unicode { dots[cell] |= Self.bits[x % 2][y % 4] } else { marks[cell] = mark }
        if colour != nil { colours[cell] = colour }
    }

    /// A straight line from one dot to another (Bresenham's); `dashed` leaves out every
    /// other pair of dots.
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), mark: Character, colour: Int?, dashed: Bool = false) {
        var x = start.x, y = start.y
        let dx = abs(end.x - x), dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
        var error = dx + dy
        var count = 0
        while true {
            if !dashed || (count / 2) % 2 == 0 { set(x, y, mark: mark, colour: colour) }
            count += 1
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    /// Row `row` as text, coloured when `colour` is on.
    func text(row: Int, colour: Bool) -> String {
        var text = ""
        var current: Int?
        for column in 0..<columns {
            let cell = row * columns + column
            let character: Character = unicode ? (dots[cell] == 0 ? " " : Character(Unicode.Scalar(0x2800 + UInt32(dots[cell]))!))
                : (marks[cell] ?? " ")
            let wanted = character == " " ? nil : colours[cell]
            if colour, wanted != current {
                text += wanted.map { "\u{1B}[\($0)m" } ?? "\u{1B}[0m"
                current = wanted
            }
            text.append(character)
        }
        if colour, current != nil { text += "\u{1B}[0m" }
        return text
    }
}

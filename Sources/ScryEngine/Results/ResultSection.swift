import ScryStore

/// A part of a result under a heading of its own: a benchmarking table gives one for each
/// indicator, holding its figures by period and its summary. Renderers write the sections
/// in turn, each table as they write any result; JSON keeps the structure, an object for
/// each section with its fields as members and its tables inside.
public struct ResultSection: Sendable, Equatable {
    /// What the section is of, name and typed value (code, name, area, polarity…): the
    /// heading is made from them, and JSON gives them as members.
    public var fields: [Field]
    /// The section's tables, each named: JSON's member for it.
    public var parts: [Part]

    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: Cell
        public init(_ name: String, _ value: Cell) {
            self.name = name
            self.value = value
        }
    }

    public struct Part: Sendable, Equatable {
        public var name: String
        public var table: ResultTable
        /// A table of one row that JSON gives as an object rather than an array of one.
        public var isRecord: Bool
        public init(_ name: String, _ table: ResultTable, isRecord: Bool = false) {
            self.name = name
            self.table = table
            self.isRecord = isRecord
        }
    }

    public init(fields: [Field], parts: [Part]) {
        self.fields = fields
        self.parts = parts
    }

    /// The field named `name`, if the section has it.
    public func field(_ name: String) -> Cell? {
        fields.first { $0.name == name }?.value
    }
}

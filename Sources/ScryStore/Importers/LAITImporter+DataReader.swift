import ScrySpelling

extension LAITImporter {
    /// The reporting reader of `bds_long.csv`: reads records one at a time through the
    /// decoders of `DataField`, and says where each problem is. It reads whatever the fast
    /// reader leaves: the whole file, or the rest of it from the stretch where that reader
    /// stopped (`FastReader.Outcome.resume`), after what it staged before.
    struct DataReader {
        let measures: [String: Measure]
        var table: TableReader
        /// Where to go on from (a record's start, and its line), when not the first record.
        var resume: (offset: Int, line: Int)?
        /// Measure code → staged indicator, for the measures met so far.
        var indicatorIndex: [String: Int] = [:]
        var areas = ByteNameTable()
        /// For each staged area: its LA number and region as written, from its first row.
        var areaRegions: [String] = []
        /// Each (indicator, period) block's areas seen so far, as bits, to find duplicates.
        var blocks: [UInt64: Int] = [:]
        var blockAreas: [[UInt64]] = []
        var unreadable: [String: (count: Int, first: LoadIssue)] = [:]
        private var labels = LabelReader()

        init(source: DatasetSource, measures: [String: Measure]) {
            self.measures = measures
            table = TableReader(file: source.path(of: LAITImporter.dataFile), bytes: source.files[LAITImporter.dataFile] ?? [])
        }

        mutating func read(into staged: inout StagedDataset) {
            guard table.readHeader(DataField.columns) else { return }
            if let resume { table.seek(to: resume.offset, line: resume.line) }
            let file = table.reader.bytes
            staged.observations.reserveCapacity(staged.observations.count + (file.count - (resume?.offset ?? 0)) / 60)
            file.withUnsafeBufferPointer { bytes in readRecords(bytes, into: &staged) }
            for (_, entry) in unreadable.sorted(by: { ($0.value.first.line ?? 0) < ($1.value.first.line ?? 0) }) {
                var issue = entry.first
                issue.severity = .warning
                issue.message += ": \(entry.count) row\(entry.count == 1 ? "" : "s") with this label left out"
                table.issues.append(issue)
            }
            table.issues += Self.linkAreas(&staged, regions: areaRegions)
        }

        private mutating func readRecords(_ bytes: UnsafeBufferPointer<UInt8>, into staged: inout StagedDataset) {
            var lastMeasure: Range<Int>? = nil, lastIndicator = -1
            var lastLabel: Range<Int>? = nil, lastPeriod: Period? = nil, lastBlock = -1
            var labelIndicator = -1
            var unreadableKey = ""
            while !table.isOverErrorLimit, table.nextRecord() {
                guard let codeField = table.field(DataField.code.rawValue), let labelField = table.field(DataField.label.rawValue),
                      let areaField = table.field(DataField.area.rawValue), let valueField = table.field(DataField.value.rawValue) else { break }
                // The measure: the same as the row before, mostly.
                if lastMeasure == nil || !FieldBytes.equal(bytes, lastMeasure!, codeField.range) || codeField.hasEscapedQuotes {
                    guard let indicator = indicator(named: text(.code), into: &staged) else { lastMeasure = nil; continue }
                    lastIndicator = indicator
                    lastMeasure = codeField.hasEscapedQuotes ? nil : codeField.range
                }
                // The period, read as the measure's year type reads it.
                if lastLabel == nil || labelIndicator != lastIndicator || !FieldBytes.equal(bytes, lastLabel!, labelField.range) || labelField.hasEscapedQuotes {
                    let label = text(.label)
                    switch labels.read(label, for: staged.indicators[lastIndicator]) {
                    case .period(let period):
                        lastPeriod = period
                    case .unreadable(let message):
                        lastPeriod = nil
                        unreadableKey = staged.indicators[lastIndicator].code + "|" + label
                        if unreadable[unreadableKey] == nil { unreadable[unreadableKey] = (0, table.located(at: DataField.label.rawValue, message)) }
                    }
                    lastLabel = labelField.range
                    labelIndicator = lastIndicator
                    lastBlock = -1
                }
                guard let period = lastPeriod else {
                    unreadable[unreadableKey]?.count += 1
                    continue
                }
                // The area.
                guard !areaField.range.isEmpty else { table.error(at: DataField.area.rawValue, "missing area name"); continue }
                let (area, isNew) = areas.id(of: UnsafeBufferPointer(rebasing: bytes[areaField.range]))
                if isNew {
                    areaRegions.append(text(.region))
                    let name = text(.area)
                    staged.areas.append(.init(area: Area(name: name, type: .authority, code: DataField.laNumber(text(.number))),
                                              issueAnchor: table.located(at: DataField.area.rawValue, "")))
                }
                // Duplicates: each (indicator, period) block holds an area once.
                if lastBlock < 0 {
                    let key = UInt64(lastIndicator) << 32 | UInt64(period.raw)
                    if let block = blocks[key] {
                        lastBlock = block
                    } else {
                        lastBlock = blockAreas.count
                        blocks[key] = lastBlock
                        blockAreas.append([])
                    }
                }
                let word = area >> 6, bit = UInt64(1) << UInt64(area & 63)
                if blockAreas[lastBlock].count <= word { blockAreas[lastBlock] += [UInt64](repeating: 0, count: word - blockAreas[lastBlock].count + 1) }
                if blockAreas[lastBlock][word] & bit != 0 {
                    table.error(at: DataField.area.rawValue,
                                "duplicate figure: \(staged.indicators[lastIndicator].code), \(text(.area)), \(text(.label)) is already given")
                    continue
                }
                blockAreas[lastBlock][word] |= bit
                // The value.
                let value: NumericCell
                do {
                    value = try DataField.value(UnsafeBufferPointer(rebasing: bytes[valueField.range]), escaped: valueField.hasEscapedQuotes)
                } catch {
                    table.error(at: DataField.value.rawValue, error.message)
                    continue
                }
                staged.observations.appendFigure(indicator: lastIndicator, area: area, period: period, value: value)
            }
        }

        private func text(_ field: DataField) -> String { table.text(field.rawValue) }

        /// The staged indicator for a measure, staging it on first use; nil (with an
        /// error) for a measure the dictionary lacks.
        private mutating func indicator(named code: String, into staged: inout StagedDataset) -> Int? {
            if let known = indicatorIndex[code] { return known }
            do {
                staged.indicators.append(try LAITImporter.indicator(code: code, item: text(.item), measures: measures))
            } catch {
                table.error(at: DataField.code.rawValue, error.message, note: error.note)
                return nil
            }
            indicatorIndex[code] = staged.indicators.count - 1
            return staged.indicators.count - 1
        }

        /// England is national; an area whose region is `NA` (or empty) is a region; the
        /// rest are authorities in their region (`regions` holds each area's `Region` as
        /// written on its first row). Warns of an authority whose region has no rows.
        static func linkAreas(_ staged: inout StagedDataset, regions areaRegions: [String]) -> [LoadIssue] {
            var issues: [LoadIssue] = []
            var regions: [String: Int] = [:]
            for index in staged.areas.indices {
                let name = staged.areas[index].area.name
                let region = areaRegions[index]
                if name.lowercased() == "england" {
                    staged.areas[index].area.type = .national
                } else if region.isEmpty || region.uppercased() == "NA" {
                    staged.areas[index].area.type = .region
                    regions[Area.nameKey(name)] = index
                }
            }
            for (region, parent) in Area.subRegionParents(regions) { staged.areas[region].area.parent = parent }
            for index in staged.areas.indices where staged.areas[index].area.type == .authority {
                let region = areaRegions[index]
                if let parent = regions[Area.nameKey(region)] {
                    staged.areas[index].area.parent = parent
                } else {
                    var issue = staged.areas[index].issueAnchor
                    issue.severity = .warning
                    issue.message = "region '\(region)' of '\(staged.areas[index].area.name)' has no rows of its own: the authority has no region"
                    issues.append(issue)
                }
            }
            return issues
        }
    }
}

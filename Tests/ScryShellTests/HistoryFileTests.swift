import Foundation
import Testing
@testable import ScryShell

/// Shells that share a history file: every entry of each is appended, none overwrites
/// another's, the file stays in libedit's format (a new shell loads it), and it is kept
/// bounded by compaction that keeps the newest entries of all the shells. Serialized:
/// libedit's set-up (its terminal capabilities) is not safe on two threads at once.
@Suite(.serialized)
struct HistoryFileTests {
    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-history-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func reader(_ path: String, size: Int = EditLineReader.historySize) throws -> EditLineReader {
        try #require(EditLineReader(historyPath: path, historySize: size))
    }

    @Test func twoShellsEnteringInTurnKeepEveryEntry() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/history"
        let first = try Self.reader(path), second = try Self.reader(path)
        var entered: [String] = []
        for turn in 0..<10 {
            for (name, shell) in [("first", first), ("second", second)] {
                let line = "show value where code = A\(turn) -- from the \(name) shell"
                shell.addHistory(line)
                entered.append(line)
            }
        }
        #expect(HistoryFile(path: path, size: 1000).entries() == entered)
        // Each shell keeps its own list; a new one loads both shells' entries.
        #expect(first.historyEntries == entered.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        #expect(try Self.reader(path).historyEntries == entered)
        var status = stat()
        #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o600)
    }

    @Test func linesComeBackAsTheyWereEntered() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/history"
        let lines = [#"show note where note = "a\040b" -- back\slash\\"#, "tab\there", ".output  two  spaces ", "del\u{7F}", "bell\u{07}"]
        let shell = try Self.reader(path)
        for line in lines { shell.addHistory(line) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("_HiStOrY_V2_\n"))
        #expect(text.contains(#"show\040note\040where\040note\040=\040"a\\040b"\040--\040back\\slash\\\\"#))
        #expect(try Self.reader(path).historyEntries == lines)
    }

    @Test func theSameLineTwiceIsOneEntry() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/history"
        let shell = try Self.reader(path)
        for line in [".datasets", ".datasets", "count", ".datasets"] { shell.addHistory(line) }
        #expect(HistoryFile(path: path, size: 1000).entries() == [".datasets", "count", ".datasets"])
    }

    @Test func aFullFileIsCompactedToTheNewestEntriesOfEveryShell() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/history"
        let first = try Self.reader(path, size: 10), second = try Self.reader(path, size: 10)
        var entered: [String] = []
        for turn in 0..<23 {
            let shell = turn % 3 == 0 ? second : first
            let line = "count -- \(turn)"
            shell.addHistory(line)
            entered.append(line)
            let onDisk = HistoryFile(path: path, size: 10).entries()
            #expect(onDisk.count <= 20, "bounded at twice the size")
            #expect(onDisk == Array(entered.suffix(onDisk.count)), "the newest, in order, whichever shell entered them")
        }
        // 21 entries made the file compact to the last 10; two more since.
        #expect(HistoryFile(path: path, size: 10).entries() == Array(entered.suffix(12)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["history"], "no temporary file left")
        var status = stat()
        #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o600)
    }

    @Test func aFileInAnotherFormatIsLeftAlone() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/history"
        let other = "ls -la\ncd /tmp\n"
        try other.write(toFile: path, atomically: true, encoding: .utf8)
        try Self.reader(path).addHistory("count")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == other)
    }
}

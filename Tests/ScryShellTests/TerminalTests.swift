import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary on a pseudo-terminal, driven as a user would: typing, Tab, the arrows,
/// Ctrl-C and Ctrl-D. Each test has a home folder of its own, for its history.
@Suite(.serialized)
struct TerminalTests {
    /// A `scry` process on a pseudo-terminal.
    final class Terminal {
        let pid: pid_t
        let descriptor: Int32
        private(set) var transcript = ""

        /// With `asJob`, scry runs as a job-control shell runs a job: in a process group of
        /// its own, in the foreground of the terminal, under a parent in the same session
        /// (the terminal's session leader, which waits for it). Without that parent its group
        /// would be orphaned, and the kernel never stops an orphaned group on SIGTSTP.
        init(arguments: [String] = [], home: String, environment extra: [String: String] = [:], asJob: Bool = false) throws {
            let candidates = [".build/debug/scry", ".build/release/scry"].map { BinaryTests.root + "/" + $0 }
            let path = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "build scry first")
            var environment = ["HOME": home, "TERM": "xterm", "PATH": "/usr/bin:/bin", "XDG_STATE_HOME": "", "XDG_CONFIG_HOME": "",
                               "SWIFT_BACKTRACE": "enable=no"]
            for (key, value) in extra { environment[key] = value }
            // Everything the child needs is made before the fork.
            let argv = ([path] + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
            var master: Int32 = -1
            let child = forkpty(&master, nil, nil, &size)
            if child == 0 {
                // Only system calls from here on: the test runner's other threads are gone.
                var everything = sigset_t()
                sigemptyset(&everything)
                sigprocmask(SIG_SETMASK, &everything, nil)
                if asJob {
                    let job = fork()
                    if job == 0 {
                        setpgid(0, 0)
                        signal(SIGTTOU, SIG_IGN)
                        tcsetpgrp(STDIN_FILENO, getpid())
                        signal(SIGTTOU, SIG_DFL)
                        execve(path, argv, envp)
                        _exit(127)
                    }
                    setpgid(job, job)
                    var status: Int32 = 0
                    while waitpid(job, &status, 0) < 0, errno == EINTR {}
                    _exit(status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + status & 0x7F)
                }
                execve(path, argv, envp)
                _exit(127)
            }
            try #require(child > 0, "forkpty failed")
            pid = child
            descriptor = master
        }

        deinit {
            if let job = foundJob { kill(job, SIGKILL) }
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            close(descriptor)
        }

        /// Types `text`, a moment after the last output as a person would: libedit shows
        /// its prompt a little before it takes the terminal over, and a Ctrl-C in between
        /// would be a signal rather than a key.
        func send(_ text: String) {
            Thread.sleep(forTimeInterval: 0.2)
            _ = text.withCString { write(descriptor, $0, strlen($0)) }
        }

        /// Reads until the transcript (from `start`) contains `text`; false on timeout.
        @discardableResult
        func waitFor(_ text: String, after start: String.Index? = nil, timeout: Double = 20) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline {
                if transcript[(start ?? transcript.startIndex)...].contains(text) { return true }
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 100) >= 0 else { return false }
                if poller.revents & Int16(POLLIN) != 0 {
                    let count = read(descriptor, &buffer, buffer.count)
                    if count <= 0 { return transcript.contains(text) }
                    transcript += String(decoding: buffer[0..<count], as: UTF8.self)
                } else if poller.revents & Int16(POLLHUP) != 0 {
                    return transcript[(start ?? transcript.startIndex)...].contains(text)
                }
            }
            return false
        }

        /// The exit status, once the process ends (nil if it does not within the timeout).
        func exitStatus(timeout: Double = 20) -> Int32? {
            let deadline = Date().addingTimeInterval(timeout)
            var status: Int32 = 0
            while Date() < deadline {
                _ = waitFor("\u{0}", timeout: 0.1)  // drain output so the child never blocks
                if waitpid(pid, &status, WNOHANG) == pid { return (status >> 8) & 0xFF }
            }
            return nil
        }

        var end: String.Index { transcript.endIndex }

        private var foundJob: pid_t?

        /// The terminal's foreground process group: scry's process, once it is there as a job.
        func job() -> pid_t? {
            let deadline = Date().addingTimeInterval(20)
            while foundJob == nil, Date() < deadline {
                let group = tcgetpgrp(descriptor)
                if group > 0, group != pid { foundJob = group } else { Thread.sleep(forTimeInterval: 0.05) }
            }
            return foundJob
        }

        /// Whether the terminal reads lines (ICANON: the mode scry gives back while stopped)
        /// or keys (libedit's mode while a line is edited); nil when it cannot be told.
        /// (Linux gives the terminal's settings through its master side.)
        func readsLines() -> Bool? {
            var settings = termios()
            guard tcgetattr(descriptor, &settings) == 0 else { return nil }
            return settings.c_lflag & tcflag_t(ICANON) != 0
        }

        /// Whether process `process` comes to be stopped (`stopped`) or running again,
        /// from the state in `/proc/PID/stat` ('T' when stopped by a signal).
        func waitUntil(_ process: pid_t, stopped: Bool, timeout: Double = 20) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                _ = waitFor("\u{0}", timeout: 0.05)  // drain output so the child never blocks
                guard let stat = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")") else { return false }
                let state = stat[close...].dropFirst(2).first
                if (state == "T") == stopped { return true }
            }
            return false
        }
    }

    static func home() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aTypedQueryIsAnswered() throws {
        let home = try Self.home()
        let terminal = try Terminal(home: home)
        #expect(terminal.waitFor("scry> "), "\(terminal.transcript)")
        #expect(terminal.transcript.contains("Type .help for help"))
        let mark = terminal.end
        terminal.send("show value where code = A10 and area = Kent and period = latest\r")
        #expect(terminal.waitFor("24.1", after: mark), "\(terminal.transcript)")
        #expect(terminal.waitFor("scry> ", after: mark))
    }

    /// A chart fills the terminal's 120 columns (not a pipe's 80), in colour and braille on
    /// a UTF-8 locale; without colour under NO_COLOR; in ASCII in the C locale.
    @Test func aChartFitsTheTerminalAndFollowsNoColorAndTheLocale() throws {
        func axis(_ environment: [String: String]) throws -> (line: String, transcript: String) {
            let terminal = try Terminal(home: try Self.home(), environment: environment)
            #expect(terminal.waitFor("scry> "), "\(terminal.transcript)")
            let mark = terminal.end
            terminal.send("chart CPS05 for Kent with england\r")
            #expect(terminal.waitFor("not from zero", after: mark), "\(terminal.transcript)")
            let text = String(terminal.transcript[mark...])
            let line = text.components(separatedBy: "\r\n").first { $0.contains("└") || $0.contains("+---") } ?? ""
            return (line, text)
        }
        let coloured = try axis(["LANG": "C.UTF-8"])
        #expect(coloured.line.count > 80 && coloured.line.count <= 120, "\(coloured.line.count): \(coloured.line)")
        #expect(coloured.transcript.contains("\u{1B}[34m"), "Kent's line in blue")
        #expect(coloured.transcript.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) }, "braille")
        let plain = try axis(["LANG": "C.UTF-8", "NO_COLOR": "1"])
        #expect(!plain.transcript.contains("\u{1B}[34m"))
        let ascii = try axis(["LANG": "C"])
        #expect(ascii.line.contains("+---"))
        #expect(!ascii.transcript.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) })
    }

    @Test func aStatementMaySpanLines() throws {
        let terminal = try Terminal(home: try Self.home())
        #expect(terminal.waitFor("scry> "))
        var mark = terminal.end
        terminal.send("show value where\r")
        #expect(terminal.waitFor("...> ", after: mark), "continuation prompt: \(terminal.transcript)")
        mark = terminal.end
        terminal.send("code = A10 and area = Kent and period = latest\r")
        #expect(terminal.waitFor("24.1", after: mark), "\(terminal.transcript)")
    }

    @Test func tabCompletesAnIndicatorCode() throws {
        let terminal = try Terminal(home: try Self.home())
        #expect(terminal.waitFor("scry> "))
        // libedit redraws only what changed, so the completed code shows in the answer.
        var mark = terminal.end
        terminal.send("describe CS13_A\t\r")
        #expect(terminal.waitFor("Assessment Teams", after: mark), "\(terminal.transcript)")
        // A1 starts several codes: Tab lists them; a 0 more makes it one.
        mark = terminal.end
        terminal.send("show value where area = Kent and period = latest and code = A1\t")
        #expect(terminal.waitFor("A13", after: mark), "candidates listed: \(terminal.transcript)")
        mark = terminal.end
        terminal.send("0\t\r")
        #expect(terminal.waitFor("24.1", after: mark), "\(terminal.transcript)")
    }

    @Test func historyIsRecalledWithTheUpArrowAfterARestart() throws {
        let home = try Self.home()
        do {
            let first = try Terminal(home: home)
            #expect(first.waitFor("scry> "))
            let mark = first.end
            first.send("show code where code = A10 and area = Kent and period = latest\r")
            #expect(first.waitFor("A10", after: mark))
            first.send("\u{04}")
            #expect(first.exitStatus() == 0)
        }
        let file = home + "/.local/state/scry/history"
        #expect(FileManager.default.fileExists(atPath: file), "history kept in $XDG_STATE_HOME/scry/history")
        let second = try Terminal(home: home)
        #expect(second.waitFor("scry> "))
        let mark = second.end
        second.send("\u{1B}[A")
        #expect(second.waitFor("show code where code = A10", after: mark), "\(second.transcript)")
        second.send("\r")
        #expect(second.waitFor("A10", after: second.end) || second.transcript[mark...].contains("----"))
    }

    @Test func scryHistoryChoosesTheFile() throws {
        let home = try Self.home()
        let file = home + "/chosen-history"
        let terminal = try Terminal(home: home, environment: ["SCRY_HISTORY": file])
        #expect(terminal.waitFor("scry> "))
        terminal.send(".datasets\r")
        #expect(terminal.waitFor("kent-2019-07"))
        #expect((try? String(contentsOfFile: file, encoding: .utf8))?.contains(".datasets") == true,
                "saved as soon as the line is entered, not at exit")
    }

    @Test func ctrlCAtThePromptCancelsTheLineAndKeepsTheShell() throws {
        let terminal = try Terminal(home: try Self.home())
        #expect(terminal.waitFor("scry> "))
        terminal.send("show value where\r")
        #expect(terminal.waitFor("...> "))
        let mark = terminal.end
        terminal.send("\u{03}")
        #expect(terminal.waitFor("scry> ", after: mark), "back to the first prompt: \(terminal.transcript)")
        let next = terminal.end
        terminal.send("show value where code = A10 and area = Kent and period = latest\r")
        #expect(terminal.waitFor("24.1", after: next), "the cancelled statement is gone: \(terminal.transcript)")
    }

    @Test func ctrlCStopsALongQuery() throws {
        let folder = try LongQueryData.folder()
        let terminal = try Terminal(arguments: ["--data", folder], home: try Self.home())
        #expect(terminal.waitFor("scry> ", timeout: 60), "\(terminal.transcript)")
        let mark = terminal.end
        terminal.send("count where value > year_ago or value > previous or value < neighbours_mean\r")
        Thread.sleep(forTimeInterval: 0.5)
        terminal.send("\u{03}")
        #expect(terminal.waitFor("error: interrupted", after: mark, timeout: 30), "\(terminal.transcript)")
        #expect(terminal.waitFor("scry> ", after: mark))
        let next = terminal.end
        terminal.send(".datasets\r")
        #expect(terminal.waitFor("observations", after: next), "the shell lives on")
    }

    @Test func ctrlZSuspendsTheShellAndItCarriesOnAfterwards() throws {
        let terminal = try Terminal(home: try Self.home(), asJob: true)
        #expect(terminal.waitFor("scry> "), "\(terminal.transcript)")
        let job = try #require(terminal.job(), "scry in the terminal's foreground")
        terminal.send("show value where code = A10")
        #expect(terminal.waitFor("A10"))
        #expect(terminal.readsLines() == false, "libedit reads keys")
        // Twice on one line: libedit's own handler, which would give the terminal back and
        // take it again, is there for the first Ctrl-Z of a line only.
        for time in 1...2 {
            terminal.send("\u{1A}")
            #expect(terminal.waitUntil(job, stopped: true), "stopped by Ctrl-Z (\(time)): \(terminal.transcript)")
            #expect(terminal.readsLines() == true, "the terminal as it was, for the shell that took over (\(time))")
            let mark = terminal.end
            kill(job, SIGCONT)
            #expect(terminal.waitUntil(job, stopped: false), "running again after SIGCONT (\(time))")
            #expect(terminal.waitFor("scry> ", after: mark), "the line redrawn (\(time)): \(terminal.transcript)")
            #expect(terminal.readsLines() == false, "libedit reads keys again (\(time))")
        }
        let mark = terminal.end
        terminal.send(" and area = Kent and period = latest\r")
        #expect(terminal.waitFor("24.1", after: mark), "the line kept its text: \(terminal.transcript)")
    }

    @Test func ctrlCStopsALoadAndLoadsNothing() throws {
        let folder = try LongQueryData.folder(indicators: 60)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let terminal = try Terminal(home: try Self.home())
        #expect(terminal.waitFor("scry> "))
        let mark = terminal.end
        terminal.send(".load \(folder) as big\r")
        terminal.send("\u{03}")
        #expect(terminal.waitFor("interrupted: nothing was loaded", after: mark, timeout: 30), "\(terminal.transcript)")
        #expect(terminal.waitFor("scry> ", after: mark))
        #expect(!terminal.transcript[mark...].contains("loaded big"))
        let next = terminal.end
        terminal.send(".datasets\r")
        #expect(terminal.waitFor("kent-2019-07", after: next), "the shell lives on")
        #expect(terminal.waitFor("scry> ", after: next))
        #expect(!terminal.transcript[next...].contains("big "), "\(terminal.transcript[next...])")
    }

    @Test func ctrlDOnAnEmptyLineExitsWithStatusZero() throws {
        let terminal = try Terminal(home: try Self.home())
        #expect(terminal.waitFor("scry> "))
        terminal.send("\u{04}")
        #expect(terminal.exitStatus() == 0)
    }
}

/// A dataset big enough that a statement over it runs long in a debug build: 200 areas,
/// ten years of months, 20 indicators (480,000 observations); 60 make a load of over a
/// second.
enum LongQueryData {
    static func folder(indicators count: Int = 20) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scry-long-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let areas = (0..<200).map { "Area \($0)" }
        var observations = Array("indicator,area,period,value\n".utf8)
        observations.reserveCapacity(count * 24_000 * 24)
        let periods = (0..<120).map { "\(2010 + $0 / 12)-\(String(format: "%02d", $0 % 12 + 1))" }
        for indicator in 0..<count {
            for area in areas {
                for month in 0..<120 {
                    observations += "I\(indicator),\(area),\(periods[month]),\((indicator * 7 + month * 3) % 97)\n".utf8
                }
            }
        }
        let indicators = "code,name,polarity,period_type,unit\n" + (0..<count).map { "I\($0),Indicator \($0),H,M,percent\n" }.joined()
        let areaFile = "name,type,parent\nEngland,national,\n" + areas.map { "\($0),authority,\n" }.joined()
        try indicators.write(to: folder.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
        try areaFile.write(to: folder.appendingPathComponent("areas.csv"), atomically: true, encoding: .utf8)
        try Data(observations).write(to: folder.appendingPathComponent("observations.csv"))
        return folder.path
    }
}

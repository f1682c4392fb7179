import ScryStore

/// Where the interactive shell keeps its files, by the XDG base directory rules.
public enum StartupFiles {
    /// The start-up file: `$XDG_CONFIG_HOME/scry/scryrc` (`~/.config` when unset), else
    /// `~/.scryrc`; nil when neither exists.
    public static func configuration() -> String? {
        let candidates = [xdg("XDG_CONFIG_HOME", fallback: ".config").map { $0 + "/scry/scryrc" }, home().map { $0 + "/.scryrc" }]
        return candidates.compactMap { $0 }.first { access($0, R_OK) == 0 }
    }

    /// The history file: `$SCRY_HISTORY`; else `$XDG_STATE_HOME/scry/history`
    /// (`~/.local/state` when unset), its folder made if need be; else `~/.scry_history`.
    /// An empty `SCRY_HISTORY` keeps no history file.
    public static func history() -> String? {
        if let chosen = environment("SCRY_HISTORY") { return chosen.isEmpty ? nil : chosen }
        if let state = xdg("XDG_STATE_HOME", fallback: ".local/state"), makeFolders(state + "/scry") {
            return state + "/scry/history"
        }
        return home().map { $0 + "/.scry_history" }
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    static func home() -> String? {
        environment("HOME").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// An XDG directory: the variable when set to an absolute path, else `~/fallback`.
    static func xdg(_ variable: String, fallback: String) -> String? {
        if let value = environment(variable), value.hasPrefix("/") { return value }
        return home().map { $0 + "/" + fallback }
    }

    /// Makes a folder and its parents (mode 700, as XDG asks); true when it exists after.
    static func makeFolders(_ path: String) -> Bool {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0, errno != EEXIST { return false }
        }
        return true
    }
}

/// The built-in dataset: the five source scorecards transcribed into `examples/data/`,
/// compiled into the program by `tools/embed-dataset` so that scry has data from any
/// working directory.
public enum BuiltInDataset {
    struct EmbeddedFile: Sendable {
        var dataset: String
        var name: String
        var contents: String
    }

    /// The embedded files as dataset sources, one per folder, in name order.
    static var sources: [DatasetSource] {
        var byDataset: [String: [String: [UInt8]]] = [:]
        for file in files { byDataset[file.dataset, default: [:]][file.name] = Array(file.contents.utf8) }
        return byDataset.keys.sorted().map { name in
            DatasetSource(name: name, location: "built-in:" + name, files: byDataset[name] ?? [:])
        }
    }

    /// A store holding every built-in dataset. The embedded data is checked by the tests,
    /// so a failure here is a build defect; it is still reported, never a crash.
    public static func load() throws(LoadFailure) -> Store {
        var store = Store()
        for source in sources {
            var staged = try DatasetLoader.stage(source)
            staged.source = "built-in"
            try store.add(staged)
        }
        return store
    }
}

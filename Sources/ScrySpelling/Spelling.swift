/// "Did you mean …?" for every layer that meets a misspelt name: the language (keywords),
/// the loaders (indicator codes, areas, columns) and the shell (meta-commands). Its own
/// target because the store and the language depend on nothing else.
public enum Spelling {
    /// The candidate nearest to `word` by edit distance, ignoring case, when it is near
    /// enough to be a misspelling: at most 1 edit for short words, up to 3 for long ones.
    /// Ties go to the earlier candidate.
    public static func nearest(to word: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let other = Array(candidate.lowercased())
            let limit = max(1, min(3, (max(target.count, other.count) + 2) / 4))
            guard abs(other.count - target.count) <= limit else { continue }
            let distance = editDistance(target, other)
            if distance <= limit, best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// The `count` candidates nearest to `word` by edit distance (ties in the candidates'
    /// order), for a message that offers a few names instead of all of them.
    public static func closest(_ count: Int, to word: String, among candidates: some Sequence<String>) -> [String] {
        let target = Array(word.lowercased())
        return candidates.enumerated()
            .map { (name: $0.element, distance: editDistance(target, Array($0.element.lowercased())), order: $0.offset) }
            .sorted { ($0.distance, $0.order) < ($1.distance, $1.order) }
            .prefix(count).map(\.name)
    }

    /// "did you mean 'X'?", or nil when nothing is near.
    public static func didYouMean(_ word: String, among candidates: some Sequence<String>, prefix: String = "") -> String? {
        nearest(to: word, among: candidates).map { "did you mean '\(prefix)\($0)'?" }
    }

    /// Edits (insert, delete, substitute, swap two neighbours) that turn one word into the
    /// other: the optimal string alignment distance.
    public static func editDistance(_ left: [Character], _ right: [Character]) -> Int {
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var twoBack = [Int](repeating: 0, count: right.count + 1)
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, left[i - 1] == right[j - 2], left[i - 2] == right[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[right.count]
    }
}

import Testing
@testable import ScrySpelling

struct SpellingTests {
    @Test(arguments: [("Tanet", "Thanet"), ("wher", "where"), ("shwo", "show"), ("A01", "A10"), ("datset", "datasets")])
    func suggestsTheNearMiss(word: String, expected: String) {
        #expect(Spelling.nearest(to: word, among: ["Thanet", "where", "show", "A10", "datasets", "England"]) == expected)
    }

    @Test func suggestsNothingForAWordFarFromEveryCandidate() {
        #expect(Spelling.nearest(to: "xyzzy", among: ["Thanet", "Kent"]) == nil)
        #expect(Spelling.nearest(to: "A1", among: ["B2"]) == nil, "two edits is too many for a short word")
    }

    @Test func ignoresCaseAndKeepsTheCandidatesSpelling() {
        #expect(Spelling.nearest(to: "KENT", among: ["Kent"]) == "Kent")
    }

    @Test func tiesGoToTheEarlierCandidate() {
        #expect(Spelling.nearest(to: "cat", among: ["bat", "hat"]) == "bat")
    }

    @Test func swappedNeighboursAreOneEdit() {
        #expect(Spelling.editDistance(Array("hte"), Array("the")) == 1)
        #expect(Spelling.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(Spelling.editDistance(Array(""), Array("abc")) == 3)
    }

    @Test func didYouMeanCarriesAPrefix() {
        #expect(Spelling.didYouMean("quiet", among: ["quit"], prefix: ".") == "did you mean '.quit'?")
    }
}

import V2VCrypto

/// Two different blocks final at one height: what the end-of-run safety check reports.
public struct SafetyViolation: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The height with two final blocks.
    public let height: UInt64
    /// The first block to become final there, and the RSUs whose votes it carries.
    public let firstHash: Digest
    public let firstSigners: [RSUID]
    /// A different block some RSU appended at the same height later, and its signers.
    public let secondHash: Digest
    public let secondSigners: [RSUID]

    /// RSUs that signed both blocks: at least `n - 2f > f` of them whenever two quorums of
    /// `n - f` met, so more than `f` members broke the protocol.
    public var signedBoth: [RSUID] { self.firstSigners.filter { self.secondSigners.contains($0) } }

    /// `height 2: blocks 3f4a… (votes of RSUs 0, 2, 3) and 9bc1… (votes of RSUs 1, 2, 3) are both
    /// final; RSUs 2, 3 signed both`.
    public var description: String {
        func ids(_ list: [RSUID]) -> String { list.map { String($0.raw) }.joined(separator: ", ") }
        return "height \(self.height): blocks \(self.firstHash.hex) (votes of RSUs \(ids(self.firstSigners))) and "
            + "\(self.secondHash.hex) (votes of RSUs \(ids(self.secondSigners))) are both final; "
            + "RSUs \(ids(self.signedBoth)) signed both"
    }
}

/// The first block to become final at each height, anywhere, kept compactly for the whole run (a
/// hash and the signer ids per height, never the block), so that every block any RSU appends can
/// be checked against it, however late it catches up.
struct FinalityRecord: Sendable, Codable {
    private var hashes: [Digest] = []
    /// Signer ids of every height, concatenated; height `h` owns `signers[offsets[h]..<offsets[h + 1]]`.
    private var signers: [UInt32] = []
    private var offsets: [Int] = [0]
    /// Distinct (height, block) conflicts, in the order they were found.
    private(set) var violations: [SafetyViolation] = []
    /// Most conflicts kept with their detail; later ones are only counted.
    static let violationLimit = 64
    private(set) var violationCount = 0

    /// Number of heights final somewhere.
    var height: UInt64 { UInt64(self.hashes.count) }

    /// The signers of the first final block at `height`.
    func signers(atHeight height: UInt64) -> [RSUID] {
        let h = Int(height)
        return self.signers[self.offsets[h]..<self.offsets[h + 1]].map(RSUID.init(raw:))
    }

    /// Checks a block some RSU appended. Returns true when it is the first final block of its
    /// height (the caller hands it out); records a violation when its height already holds another.
    /// - Precondition: no height is skipped (each RSU appends heights in order).
    mutating func note(_ block: Block) -> Bool {
        let height = block.header.height
        if height < self.height {
            let known = self.hashes[Int(height)]
            guard known != block.hash else { return false }
            let seen = self.violations.contains { $0.height == height && $0.secondHash == block.hash }
            if !seen {
                self.violationCount += 1
                if self.violations.count < Self.violationLimit {
                    self.violations.append(SafetyViolation(
                        height: height, firstHash: known, firstSigners: self.signers(atHeight: height),
                        secondHash: block.hash, secondSigners: block.votes.map(\.rsu)))
                }
            }
            return false
        }
        precondition(height == self.height, "an RSU skipped a height")
        self.hashes.append(block.hash)
        self.signers.append(contentsOf: block.votes.map(\.rsu.raw))
        self.offsets.append(self.signers.count)
        return true
    }
}

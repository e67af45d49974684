import Ledger
import V2VCrypto
import V2X

/// The ledger blocks of one checkpoint, each stored once and named by the SHA-256 of its canonical
/// bytes everywhere else.
///
/// Every RSU keeps its own copy of the last `RSUNetwork.retainedBlocks` final blocks, and proposals
/// travel in consensus messages: at 1000 vehicles and ten RSUs the chains were most of a checkpoint,
/// ten times over. The encoder collects blocks while it writes the state and stores the table,
/// sorted by digest, after the certificate table; the decoder reads it before the state. A class:
/// every container of one encoding shares it.
final class CheckpointBlockTable {
    private var entries: [Digest: [UInt8]] = [:]
    /// Blocks already encoded, so that a replica costs a hash lookup, not another encoding.
    private var digests: [Block: Digest] = [:]
    /// Blocks already decoded, so that replicas decode once.
    private var decoded: [Digest: Block] = [:]

    var count: Int { self.entries.count }

    func digest(of block: Block) -> Digest? { self.digests[block] }

    func insert(_ block: Block, bytes: [UInt8]) -> Digest {
        let digest = SHA256.hash(bytes)
        self.digests[block] = digest
        self.entries[digest] = bytes
        return digest
    }

    /// The table as stored: a 4-byte count, then per block in digest order its 32-byte digest, a
    /// 4-byte length and its canonical bytes.
    func encoded() -> [UInt8] {
        let sink = CheckpointByteSink(certificates: CertificateTable(), blocks: CheckpointBlockTable())
        sink.append(count: self.entries.count)
        for digest in self.entries.keys.sorted() {
            let bytes = self.entries[digest]!
            sink.append(bytes: digest.bytes)
            sink.append(count: bytes.count)
            sink.append(bytes: bytes)
        }
        return sink.bytes
    }

    /// Reads a table written by ``encoded()`` from `source`'s position.
    /// - Throws: ``CheckpointDecodingError`` for a truncated table or blocks out of digest order.
    static func read(from source: CheckpointByteSource) throws -> CheckpointBlockTable {
        let path: [any CodingKey] = []
        let count = try source.readCount(path)
        guard count <= source.remaining / 36 else {
            let problem = "\(count) blocks do not fit in the \(source.remaining) bytes left (truncated or corrupt)"
            throw source.error(problem, codingPath: path)
        }
        let table = CheckpointBlockTable()
        var previous: Digest?
        for _ in 0..<count {
            let digest: Digest
            do {
                digest = try Digest(bytes: try source.readBytes(32, path))
            } catch let error as CheckpointDecodingError {
                throw error
            } catch {
                throw source.error("block digest: \(error)", codingPath: path)
            }
            if let previous, !(previous < digest) {
                throw source.error("block table out of digest order or repeated", codingPath: path)
            }
            previous = digest
            table.entries[digest] = try source.readBytes(try source.readCount(path), path)
        }
        return table
    }

    /// The block named `digest`, decoded from its entry (once).
    func block(named digest: Digest, certificates: CertificateTable, codingPath: [any CodingKey]) throws -> Block? {
        if let block = self.decoded[digest] { return block }
        guard let bytes = self.entries[digest] else { return nil }
        let source = CheckpointByteSource(bytes: bytes, offset: 0, certificates: certificates, blocks: self)
        let block = try source.decodeOwn(Block.self, codingPath: codingPath)
        guard source.remaining == 0 else {
            throw source.error("\(source.remaining) bytes left over after block \(digest)", codingPath: codingPath)
        }
        self.decoded[digest] = block
        return block
    }
}

import CHash
import Crypto

/// A SHA-256 computed over bytes that arrive in pieces. On a CPU with the SHA extensions it
/// runs its own block function (`CHash`), and two digests can advance together
/// (`update(_:_:_:_:)`) at close to twice the speed of one; elsewhere it is swift-crypto's.
/// Both give the same digest: the tests compare them on random pieces.
struct StreamDigest {
    /// Whether new digests use the SHA extensions.
    static let hardwareAvailable = chash_sha256_available() != 0

    private var library: SHA256?
    /// The eight working words (FIPS 180-4 order), the bytes not yet a whole block, the length.
    private var state: [UInt32] = [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
                                   0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19]
    private var tail = [UInt8](repeating: 0, count: 128)
    private var tailCount = 0
    private var length: UInt64 = 0

    /// `hardware: false` forces swift-crypto (tests; CPUs without the extensions get it anyway).
    init(hardware: Bool = StreamDigest.hardwareAvailable) {
        library = hardware && StreamDigest.hardwareAvailable ? nil : SHA256()
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if library != nil {
            library!.update(bufferPointer: bytes)
            return
        }
        length &+= UInt64(bytes.count)
        feed(fillTail(from: bytes))
    }

    /// Advances two digests, interleaving their whole blocks where both have some.
    static func update(_ a: inout StreamDigest, _ bytesA: UnsafeRawBufferPointer,
                       _ b: inout StreamDigest, _ bytesB: UnsafeRawBufferPointer) {
        guard a.library == nil, b.library == nil else {
            a.update(bytesA)
            b.update(bytesB)
            return
        }
        a.length &+= UInt64(bytesA.count)
        b.length &+= UInt64(bytesB.count)
        let restA = a.fillTail(from: bytesA), restB = b.fillTail(from: bytesB)
        let both = min(restA.count, restB.count) / 64
        if both > 0 {
            a.state.withUnsafeMutableBufferPointer { stateA in
                b.state.withUnsafeMutableBufferPointer { stateB in
                    chash_sha256_blocks2(stateA.baseAddress!, restA.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                         stateB.baseAddress!, restB.baseAddress!.assumingMemoryBound(to: UInt8.self), both)
                }
            }
        }
        a.feed(UnsafeRawBufferPointer(rebasing: restA[(both * 64)...]))
        b.feed(UnsafeRawBufferPointer(rebasing: restB[(both * 64)...]))
    }

    /// The digest in lowercase hex.
    consuming func finalize() -> String {
        if let library { return Self.hex(library.finalize()) }
        // Padding: 0x80, zeros, the length in bits as a big-endian 64-bit number, to whole blocks.
        let bits = length &* 8
        tail[tailCount] = 0x80
        let padded = tailCount + 9 <= 64 ? 64 : 128
        for i in (tailCount + 1)..<padded { tail[i] = 0 }
        for i in 0..<8 { tail[padded - 1 - i] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i))) }
        let blocks = padded / 64
        tail.withUnsafeBufferPointer { Self.compress(&state, $0.baseAddress!, blocks: blocks) }
        return Self.hex(state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) } })
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: text, as: UTF8.self)
    }

    /// Completes a partial block from the front of `bytes` if there is one; returns the rest.
    private mutating func fillTail(from bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard tailCount > 0, !bytes.isEmpty else { return bytes }
        let taken = min(64 - tailCount, bytes.count)
        for i in 0..<taken { tail[tailCount + i] = bytes[i] }
        tailCount += taken
        if tailCount == 64 {
            tail.withUnsafeBufferPointer { Self.compress(&state, $0.baseAddress!, blocks: 1) }
            tailCount = 0
        }
        return UnsafeRawBufferPointer(rebasing: bytes[taken...])
    }

    /// Compresses the whole blocks of `bytes` and keeps the rest; the tail is empty unless
    /// `bytes` is (`fillTail` ran first).
    private mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        let blocks = bytes.count / 64
        if blocks > 0 { Self.compress(&state, bytes.baseAddress!, blocks: blocks) }
        for i in (blocks * 64)..<bytes.count { tail[tailCount + i - blocks * 64] = bytes[i] }
        tailCount += bytes.count - blocks * 64
    }

    private static func compress(_ state: inout [UInt32], _ p: UnsafeRawPointer, blocks: Int) {
        state.withUnsafeMutableBufferPointer { chash_sha256_blocks($0.baseAddress!, p.assumingMemoryBound(to: UInt8.self), blocks) }
    }
}

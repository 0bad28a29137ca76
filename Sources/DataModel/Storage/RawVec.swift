/// A growable buffer of plain values with manual lifetime, for hot loops that must not pay for
/// reference counting or exclusivity checks.
///
/// It is a copyable struct holding a raw pointer: exactly one owner calls `free()`. Owners are
/// `Column` (sealed columns, freed in `deinit`) and the readers' per-chunk builders. Growth uses
/// `realloc`, so the base pointer is stable only once nothing appends any more (a sealed column).
public struct RawVec<T: BitwiseCopyable>: @unchecked Sendable {
    public private(set) var base: UnsafeMutablePointer<T>?
    public private(set) var count: Int = 0
    public private(set) var capacity: Int = 0

    public init() {}

    public init(repeating value: T, count: Int) {
        reserve(count)
        for i in 0..<count { base![i] = value }
        self.count = count
    }

    @inline(__always)
    public mutating func append(_ value: T) {
        if count == capacity { grow(count + 1) }
        base.unsafelyUnwrapped[count] = value
        count += 1
    }

    public mutating func append(contentsOf source: UnsafeBufferPointer<T>) {
        guard source.count > 0 else { return }
        reserve(count + source.count)
        (base! + count).update(from: source.baseAddress!, count: source.count)
        count += source.count
    }

    public mutating func append(contentsOf other: RawVec<T>) {
        append(contentsOf: other.buffer)
    }

    /// Appends `other` with `delta` added to each value: concatenating offset arrays.
    public mutating func append(contentsOf other: RawVec<T>, adding delta: T) where T: FixedWidthInteger {
        reserve(count + other.count)
        for i in 0..<other.count { base![count + i] = other[i] &+ delta }
        count += other.count
    }

    public mutating func reserve(_ needed: Int) {
        if needed > capacity { grow(needed) }
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = Swift.max(needed, capacity * 2, 16)
        let bytes = newCapacity * MemoryLayout<T>.stride
        guard let raw = realloc(base.map(UnsafeMutableRawPointer.init), bytes) else {
            fatalError("out of memory growing a column to \(bytes) bytes")
        }
        base = raw.assumingMemoryBound(to: T.self)
        capacity = newCapacity
    }

    /// Drops trailing values (used when a reader discards a half-built row).
    public mutating func truncate(to newCount: Int) {
        precondition(newCount <= count)
        count = newCount
    }

    /// Releases spare capacity so a sealed column holds what it uses.
    public mutating func shrinkToFit() {
        guard capacity > count, let old = base else { return }
        if count == 0 {
            releaseMemory(old)
            base = nil
            capacity = 0
            return
        }
        if let raw = realloc(UnsafeMutableRawPointer(old), count * MemoryLayout<T>.stride) {
            base = raw.assumingMemoryBound(to: T.self)
            capacity = count
        }
    }

    public mutating func free() {
        if let base { releaseMemory(base) }
        base = nil
        count = 0
        capacity = 0
    }

    @inline(__always)
    public subscript(index: Int) -> T {
        get { base.unsafelyUnwrapped[index] }
        set { base.unsafelyUnwrapped[index] = newValue }
    }

    public var buffer: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: base, count: count) }

    /// The last value; callers check `count > 0`.
    public var last: T { base.unsafelyUnwrapped[count - 1] }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always)
func releaseMemory<P>(_ pointer: UnsafeMutablePointer<P>) { free(UnsafeMutableRawPointer(pointer)) }

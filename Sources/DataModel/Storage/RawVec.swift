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
    /// Bytes of address space reserved for a large buffer; 0 for a malloc block.
    private var reserved = 0

    public init() {}

    public init(repeating value: T, count: Int) {
        reserve(count)
        for i in 0..<count { base![i] = value }
        self.count = count
    }

    /// `count` zero values. A large buffer is freshly mapped and the kernel's pages are zero, so
    /// it is not written a second time here.
    public init(zeroedCount count: Int) {
        reserve(count)
        if reserved == 0, count > 0 {
            UnsafeMutableRawPointer(base!).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<T>.stride)
        }
        self.count = count
    }

    /// `count` values the caller writes before reading any.
    public init(uninitializedCount count: Int) {
        reserve(count)
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

    /// Appends a few bytes without a `memmove` call (ids and codes are short).
    @inline(__always)
    public mutating func appendShort(_ source: UnsafePointer<T>, _ length: Int) {
        guard length > 16 else {
            guard length > 0 else { return }
            reserve(count + length)
            appendReserved(source, length)
            return
        }
        append(contentsOf: UnsafeBufferPointer(start: source, count: length))
    }

    /// `append` where the caller reserved room already: no capacity check.
    @inline(__always)
    public mutating func appendReserved(_ value: T) {
        base.unsafelyUnwrapped[count] = value
        count += 1
    }

    /// `appendShort` (any length) where the caller reserved room for `length` more values.
    @inline(__always)
    public mutating func appendReserved(_ source: UnsafePointer<T>, _ length: Int) {
        RawVec.copy(source, to: base.unsafelyUnwrapped + count, length)
        count += length
    }

    /// Counts `added` values that the caller wrote into reserved room after `count`: a loop
    /// appending many values keeps its position in a local instead of in `count`, which it would
    /// reload after every store (a store through `base` may alias the vector's own fields).
    @inline(__always)
    public mutating func didAppend(_ added: Int) {
        precondition(added >= 0 && count + added <= capacity)
        count += added
    }

    /// Copies `length` values; short runs (ids and codes) without a `memmove` call.
    @inline(__always)
    public static func copy(_ source: UnsafePointer<T>, to target: UnsafeMutablePointer<T>, _ length: Int) {
        guard length > 16 else {
            guard length > 0 else { return }
            if MemoryLayout<T>.stride == 1, length >= 4 {
                // Two overlapping words cover 4 to 16 bytes: no loop, no byte past either end.
                let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
                if length >= 8 {
                    let head = from.loadUnaligned(as: UInt64.self)
                    let tail = from.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                    to.storeBytes(of: head, as: UInt64.self)
                    to.storeBytes(of: tail, toByteOffset: length - 8, as: UInt64.self)
                } else {
                    let head = from.loadUnaligned(as: UInt32.self)
                    let tail = from.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
                    to.storeBytes(of: head, as: UInt32.self)
                    to.storeBytes(of: tail, toByteOffset: length - 4, as: UInt32.self)
                }
            } else {
                for i in 0..<length { target[i] = source[i] }
            }
            return
        }
        target.update(from: source, count: length)
    }

    public mutating func append(contentsOf other: RawVec<T>) {
        append(contentsOf: other.buffer)
    }

    /// Appends `value` `count` times.
    public mutating func append(repeating value: T, count added: Int) {
        guard added > 0 else { return }
        reserve(count + added)
        (base! + count).initialize(repeating: value, count: added)
        count += added
    }

    /// Appends `source` with `delta` added to each value: concatenating offset arrays.
    public mutating func append(contentsOf source: UnsafeBufferPointer<T>, adding delta: T) where T: FixedWidthInteger {
        guard source.count > 0 else { return }
        reserve(count + source.count)
        let target = base.unsafelyUnwrapped + count, from = source.baseAddress.unsafelyUnwrapped
        for i in 0..<source.count { target[i] = from[i] &+ delta }
        count += source.count
    }

    public mutating func reserve(_ needed: Int) {
        if needed > capacity { grow(needed) }
    }

    private mutating func grow(_ needed: Int) {
        // A reserved buffer grows in place, so it can grow in small steps: each step is committed
        // and populated in one system call (`populate`) instead of one page fault per page, and
        // spare capacity stays within an eighth.
        let step = reserved > 0 ? Swift.max(capacity / 8, RawVec.mappedThreshold / MemoryLayout<T>.stride) : capacity
        let newCapacity = Swift.max(needed, capacity + step, 16)
        resize(to: newCapacity)
    }

    /// Buffers of at least this many bytes live in their own reserved address range and grow
    /// in place (`mprotect`): no copying, no re-faulting of pages already written, no
    /// dependence on malloc's tuning; they return to the system on free.
    static var mappedThreshold: Int { 1 << 20 }
    /// Address space reserved per large buffer (not memory: pages are committed as it grows).
    static var reservation: Int { 16 << 30 }
    static var page: Int { 4096 }

    private mutating func resize(to newCapacity: Int) {
        let bytes = Swift.max(newCapacity * MemoryLayout<T>.stride, 1)
        let used = count * MemoryLayout<T>.stride
        if bytes >= RawVec.mappedThreshold {
            let committed = (bytes + RawVec.page - 1) / RawVec.page * RawVec.page
            if reserved == 0 || committed > reserved {
                let size = Swift.max(RawVec.reservation, committed * 2)
                guard let fresh = mmap(nil, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
                      fresh != MAP_FAILED else { fatalError("cannot reserve \(size) bytes of address space") }
                guard mprotect(fresh, committed, PROT_READ | PROT_WRITE) == 0 else {
                    fatalError("out of memory growing a column to \(bytes) bytes")
                }
                RawVec.adviseHugePages(fresh, committed)
                // What is committed is written soon: mapped in one call, not a fault per page.
                RawVec.populate(fresh, committed)
                if let old = base {
                    fresh.copyMemory(from: old, byteCount: used)
                    release()
                }
                base = fresh.assumingMemoryBound(to: T.self)
                reserved = size
            } else {
                guard mprotect(UnsafeMutableRawPointer(base!), committed, PROT_READ | PROT_WRITE) == 0 else {
                    fatalError("out of memory growing a column to \(bytes) bytes")
                }
                RawVec.adviseHugePages(UnsafeMutableRawPointer(base!), committed)
                let before = (capacity * MemoryLayout<T>.stride + RawVec.page - 1) / RawVec.page * RawVec.page
                RawVec.populate(UnsafeMutableRawPointer(base!) + before, committed - before)
            }
        } else {
            guard reserved == 0, let grown = realloc(base.map(UnsafeMutableRawPointer.init), bytes) else {
                fatalError("out of memory growing a column to \(bytes) bytes")
            }
            base = grown.assumingMemoryBound(to: T.self)
        }
        capacity = newCapacity
    }

    /// Returns the buffer to the system, whichever way it was allocated.
    private mutating func release() {
        guard let old = base else { return }
        if reserved > 0 { munmap(UnsafeMutableRawPointer(old), reserved) } else { releaseMemory(old) }
        base = nil
        reserved = 0
    }

    /// Maps writable zero pages for `bytes` at `raw` in one call (MADV_POPULATE_WRITE, Linux
    /// 5.14+; ignored where unsupported): in a virtual machine every page fault is a costly exit.
    static func populate(_ raw: UnsafeMutableRawPointer, _ bytes: Int) {
        #if os(Linux)
        if bytes > 0 { _ = madvise(raw, bytes, 23 /* MADV_POPULATE_WRITE */) }
        #endif
    }

    static func adviseHugePages(_ raw: UnsafeMutableRawPointer, _ bytes: Int) {
        let huge = 2 << 20
        let start = (Int(bitPattern: raw) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: raw) + bytes) & ~(huge - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
    }

    /// Drops trailing values (used when a reader discards a half-built row).
    public mutating func truncate(to newCount: Int) {
        precondition(newCount <= count)
        count = newCount
    }

    /// Releases spare capacity so a sealed column holds what it uses (the base pointer stays).
    public mutating func shrinkToFit() {
        guard capacity > count, base != nil else { return }
        if count == 0 {
            free()
            return
        }
        if reserved > 0 {
            let used = (count * MemoryLayout<T>.stride + RawVec.page - 1) / RawVec.page * RawVec.page
            if reserved > used { munmap(UnsafeMutableRawPointer(base!) + used, reserved - used) }
            reserved = used
            capacity = used / MemoryLayout<T>.stride
            return
        }
        resize(to: count)
    }

    public mutating func free() {
        release()
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

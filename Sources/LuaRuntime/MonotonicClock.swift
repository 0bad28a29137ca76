import CLuaShim

/// The clock the sandbox's hook compares deadlines against.
public enum MonotonicClock {
    public static var nowNanoseconds: Int64 { ups_now_ns() }
}

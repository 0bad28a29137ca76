/// The as-of date `date.as_of()` answers in one state. A KPI snapshot moves it to each month
/// end in turn, so the state's callbacks see that date without reloading the packs. Confined to
/// the state's thread, like the state.
public final class AsOfClock {
    /// Days since 1970-01-01; nil while packs load for a run (the date is not known yet).
    public var days: Int32? {
        didSet { for observer in observers { observer(days) } }
    }
    private var observers: [(Int32?) -> Void] = []

    public init(_ days: Int32?) { self.days = days }

    /// Calls `observer` with the date now and after every move: a state's native `date.as_of()`
    /// keeps its own copy.
    public func observe(_ observer: @escaping (Int32?) -> Void) {
        observers.append(observer)
        observer(days)
    }
}

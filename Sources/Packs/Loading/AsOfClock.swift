/// The as-of date `date.as_of()` answers in one state. A KPI snapshot moves it to each month
/// end in turn, so the state's callbacks see that date without reloading the packs. Confined to
/// the state's thread, like the state.
public final class AsOfClock {
    /// Days since 1970-01-01; nil while packs load for a run (the date is not known yet).
    public var days: Int32?

    public init(_ days: Int32?) { self.days = days }
}

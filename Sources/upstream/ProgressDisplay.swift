import DataModel
import Foundation

/// The progress line on stderr (SPEC section 1): phase, how much is done, the rate and an
/// estimate of the time left, redrawn a few times a second — only when stderr is a terminal, so
/// logs and pipes stay clean. `start` returns nil otherwise.
final class ProgressDisplay: @unchecked Sendable {
    let progress = RunProgress()
    private let stop = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// A display drawing on stderr, or nil when stderr is not a terminal.
    static func start(enabled: Bool = isatty(STDERR_FILENO) == 1) -> ProgressDisplay? {
        guard enabled else { return nil }
        let display = ProgressDisplay()
        let thread = Thread { display.loop() }
        thread.name = "upstream.progress"
        thread.start()
        return display
    }

    /// Clears the line and stops drawing; call before printing anything else to stderr.
    func finish() {
        stop.signal()
        stopped.wait()
    }

    private func loop() {
        while stop.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
            let line = Self.line(progress.reading)
            if !line.isEmpty { FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8)) }
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        stopped.signal()
    }

    /// "reading   312 MB of 777 MB (40%)   181 MB/s   about 3 s left".
    static func line(_ r: RunProgress.Reading) -> String {
        guard !r.phase.isEmpty else { return "" }
        guard r.total > 0 else { return r.phase + "…" }
        let fraction = min(1, Double(r.done) / Double(r.total))
        var text = "\(r.phase)  \(amount(r.done, r.unit)) of \(amount(r.total, r.unit)) (\(Int(fraction * 100))%)"
        if r.seconds >= 0.5, r.done > 0 {
            let rate = Double(r.done) / r.seconds
            text += "  \(amount(Int64(rate), r.unit))/s"
            if fraction < 1 { text += "  about \(Int((Double(r.total - r.done) / rate).rounded(.up))) s left" }
        }
        return text
    }

    static func amount(_ n: Int64, _ unit: String) -> String {
        switch unit {
        case "bytes": n >= 1 << 30 ? String(format: "%.1f GB", Double(n) / 1e9) : String(format: "%.0f MB", Double(n) / 1e6)
        case "rows": n >= 1_000_000 ? String(format: "%.1fM rows", Double(n) / 1e6) : "\(n) rows"
        default: "\(n) \(unit)"
        }
    }
}

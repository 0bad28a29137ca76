/// Workqueue reasons, pre-rendered as bytes. Each names the queue's trigger (edit, rejection,
/// or denial code with its meaning) and the upstream step that caused it, so an analyst reading
/// a worklist sees where the failure started.
struct WorkReasons: Sendable {
    /// Scrubber edit per cause.
    let edit: [[UInt8]]
    /// Clearinghouse rejection per cause.
    let rejection: [[UInt8]]
    /// Denial per cause and remit-code index.
    let denial: [[[UInt8]]]

    init() {
        edit = DenialCause.allCases.map { Array("Scrubber edit: \($0.upstreamStep)".utf8) }
        rejection = DenialCause.allCases.map { Array("Clearinghouse rejection: \($0.upstreamStep)".utf8) }
        denial = DenialCause.allCases.map { cause in
            cause.remitCodes.map { code in
                Array("Denial \(code.label) (\(code.meaning)), cause: \(cause.upstreamStep)".utf8)
            }
        }
    }
}

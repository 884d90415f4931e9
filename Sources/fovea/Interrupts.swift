import Dispatch
import Foundation
import FoveaTraining

/// Turns Ctrl-C (SIGINT) and SIGTERM into a request to stop training after the current step, so that the run
/// saves a checkpoint and `afterFit` still runs. A second signal ends the process at once.
final class InterruptForwarding {
    private let sources: [any DispatchSourceSignal]

    init(to interruption: Interruption) {
        sources = [(SIGINT, "Ctrl-C"), (SIGTERM, "SIGTERM")].map { number, name in
            // The default action would kill the process before the learner could stop cleanly.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                guard interruption.reason == nil else { _exit(130) }
                interruption.request(reason: "interrupted (\(name))")
                FileHandle.standardError.write(Data("\nstopping after this step (\(name) again to quit at once)\n".utf8))
            }
            source.resume()
            return source
        }
    }

    /// Gives the signals their default actions back.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

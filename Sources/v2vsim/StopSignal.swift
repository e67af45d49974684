import Foundation
import Synchronization

/// SIGINT and SIGTERM as a flag that long loops poll, so that a sweep can end its child
/// processes and leave its directory resumable instead of dying mid-write.
enum StopSignal {
    private static let flag = Atomic<Bool>(false)

    /// Installs the handlers (idempotent).
    static func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number) { _ in StopSignal.flag.store(true, ordering: .relaxed) }
        }
    }

    /// Whether a stop was asked for.
    static func requested() -> Bool { StopSignal.flag.load(ordering: .relaxed) }
}

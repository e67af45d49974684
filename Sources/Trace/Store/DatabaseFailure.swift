internal import GRDB

extension TraceError {
    /// Runs `body` and turns any error into a ``TraceError`` naming `path`.
    ///
    /// A ``TraceError`` thrown by `body` passes through unchanged; a SQLite "file is not a database"
    /// becomes ``Problem/notSQLite(_:)``; any other error becomes ``Problem/database(_:)``.
    static func wrapping<T>(path: String, _ body: () throws -> T) throws(TraceError) -> T {
        do {
            return try Self.mappingDatabaseErrors(path: path, body)
        } catch let error as TraceError {
            throw error
        } catch {
            throw TraceError(path: path, problem: .database("\(error)"))
        }
    }

    /// Runs `body`, turning GRDB's `DatabaseError` into a ``TraceError`` naming `path`; other errors pass through.
    static func mappingDatabaseErrors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            let message = error.message ?? "\(error.resultCode)"
            if error.resultCode == .SQLITE_NOTADB {
                throw TraceError(path: path, problem: .notSQLite(message))
            }
            if error.resultCode == .SQLITE_CORRUPT {
                throw TraceError(path: path, problem: .database("\(message) (the file is truncated or damaged)"))
            }
            throw TraceError(path: path, problem: .database(message))
        }
    }
}

/// A stored value that does not fit its row field (a hand-edited or damaged trace).
struct ColumnValueError: Error, CustomStringConvertible {
    /// What is wrong, naming the column.
    let description: String
}

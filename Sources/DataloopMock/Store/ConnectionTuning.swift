import CSQLiteTuning

/// Process-wide SQLite settings, made once before the first connection opens.
///
/// Debian's SQLite (the one the binary and the wheel link) is built with memory statistics on
/// and without lookaside memory, so every allocation SQLite makes goes through `sqlite3Malloc`,
/// which takes a global mutex to count it. A statement frees its text columns' buffers when it
/// finishes, so an uncached `GET /orgs/{id}` made about a hundred such calls: with the counting
/// off, it took 14,000 fewer instructions (callgrind, docs/NOTES.md "Speed"). Nothing here
/// reads the statistics (`sqlite3_memory_used`).
enum ConnectionTuning {
    /// SQLite's result code: SQLITE_MISUSE when a connection was opened first (in a test
    /// process that opened one of its own), and then the statistics simply stay on.
    static let processSettings: Int32 = dm_sqlite_disable_memory_statistics()
}

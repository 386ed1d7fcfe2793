#if canImport(Glibc)
import Glibc
#endif

enum Memory {
    #if canImport(Glibc)
    /// glibc's `malloc_trim`, looked up at run time: Swift's Glibc module does not export `<malloc.h>`.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = dlsym(nil, "malloc_trim").map {
        unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
    }
    #endif

    /// glibc's malloc keeps freed memory in its arenas; after a big release (the journal
    /// cleared, a reset dropping cached answers, a namespace deleted) this hands it back to
    /// the system, so RSS returns to where it was. Elsewhere it does nothing.
    /// - Parameter released: bytes just freed, when known; trimming walks the heap, so calls
    ///   that run before every test (reset, clearing the journal) skip it below a megabyte.
    static func returnFreed(released: Int = .max) {
        #if canImport(Glibc)
        if released >= 1 << 20 { _ = mallocTrim?(0) }
        #endif
    }
}

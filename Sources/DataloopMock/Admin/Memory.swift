#if canImport(Glibc)
import Glibc
#endif

enum Memory {
    #if canImport(Glibc)
    /// glibc's `malloc_trim`, looked up at run time: Swift's Glibc module does not export `<malloc.h>`.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = dlsym(nil, "malloc_trim").map {
        unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
    }
    private static let mallopt: (@convention(c) (Int32, Int32) -> Int32)? = dlsym(nil, "mallopt").map {
        unsafeBitCast($0, to: (@convention(c) (Int32, Int32) -> Int32).self)
    }
    #endif

    /// glibc serves an allocation of 128 KiB or more with its own mapping, which `free` hands
    /// back at once, but raises that threshold (up to 32 MiB) each time such a block is freed.
    /// Loading a big fixture frees many: the document's arrays, the decoder's buffers, the
    /// seed's copy. Past the raised threshold, their successors land in the heap, where freed
    /// space stays in RSS. Holding the threshold at its default took the 100k-user fixture's
    /// RSS at rest from 164 MB to 147 MB (docs/NOTES.md, "Speed"). Called once, at start-up.
    static func keepBigBlocksMapped() {
        #if canImport(Glibc)
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        _ = mallopt?(mmapThreshold, 128 << 10)
        #endif
    }

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

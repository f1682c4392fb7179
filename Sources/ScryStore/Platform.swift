// The C library, imported once for the whole program: every target that imports ScryStore
// sees it, so no other file repeats the platform test.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Darwin)
@_exported import Darwin
#endif

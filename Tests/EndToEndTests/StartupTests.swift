import Foundation
import Testing

/// What every command pays before it starts: the shared libraries the dynamic loader maps and
/// relocates. HTTP (libcurl and its TLS, Kerberos, LDAP, SSH chain) and PDF (cairo, pango, glib)
/// are loaded by the commands that use them, at their first use, never by every start.
@Suite("Start-up")
struct StartupTests {
    @Test("The binary needs neither libcurl nor cairo, pango or glib to start")
    func librariesLoadedAtStart() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["--help"]
        // The dynamic loader lists what it would load, and runs nothing (what ldd does).
        p.environment = ["LD_TRACE_LOADED_OBJECTS": "1"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let listing = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(listing.contains("libc.so"), "the loader listed nothing: \(listing)")
        for library in ["libcurl", "libcairo", "libpango", "libglib", "libgnutls", "libssh", "libldap", "libkrb5"] {
            #expect(!listing.contains(library), "\(library) is loaded at every start:\n\(listing)")
        }
    }
}

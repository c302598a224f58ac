// Worker processes use Linux's /proc and posix_spawn's Linux behaviour: Linux only.
#if os(Linux)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `--pid FILE`: the process id, written once the server listens and removed when it stops.
struct PIDFile {
    let path: String

    /// Writes this process's id. Throws a one-line message when the file cannot be written.
    func write() throws(ProcessSetupError) {
        let text = "\(getpid())\n"
        let descriptor = open(self.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ProcessSetupError("cannot write --pid '\(self.path)': \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        _ = text.withCString { Glibc.write(descriptor, $0, strlen($0)) }
    }

    /// Removes the file (when it still holds this process's id: a newer server may own it).
    func remove() {
        guard let file = fopen(self.path, "r") else { return }
        var line = [CChar](repeating: 0, count: 32)
        let content = fgets(&line, Int32(line.count), file).map { _ in String(cString: line) } ?? ""
        fclose(file)
        if content.split(whereSeparator: \.isWhitespace).first.flatMap({ pid_t($0) }) == getpid() { unlink(self.path) }
    }
}

/// `--user` / `--group`: gives up root once the sockets are bound.
enum Privileges {
    /// Becomes `user` (a name or an id) and `group` (default: the user's primary group):
    /// supplementary groups first, then the group, then the user, since after `setuid` the
    /// others are no longer allowed.
    static func drop(user: String, group: String?) throws(ProcessSetupError) {
        guard let account = getpwnam(user) ?? UInt32(user).flatMap({ getpwuid($0) }) else {
            throw ProcessSetupError("--user '\(user)': no such user")
        }
        let uid = account.pointee.pw_uid
        var gid = account.pointee.pw_gid
        if let group {
            guard let entry = getgrnam(group) ?? UInt32(group).flatMap({ getgrgid($0) }) else {
                throw ProcessSetupError("--group '\(group)': no such group")
            }
            gid = entry.pointee.gr_gid
        }
        if getuid() == uid && getgid() == gid { return }
        guard initgroups(account.pointee.pw_name, gid) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw ProcessSetupError("cannot run as --user '\(user)': \(String(cString: strerror(errno))) (only root can change its user)")
        }
    }
}

/// systemd socket activation: a listening socket handed over at descriptor 3 when
/// `LISTEN_PID` is this process and `LISTEN_FDS` is at least 1 (`sd_listen_fds`).
enum SocketActivation {
    /// The activated sockets systemd passed to this process (3, 4, ... as `LISTEN_FDS`
    /// counts them), each a listener; none when it passed none. The variables are removed,
    /// so that no child takes them for its own.
    static func inheritedListeners() -> [Int32] {
        guard let pid = getenv("LISTEN_PID").flatMap({ pid_t(String(cString: $0)) }), pid == getpid(),
              let count = getenv("LISTEN_FDS").flatMap({ Int(String(cString: $0)) }), count >= 1
        else { return [] }
        for name in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] { unsetenv(name) }
        return (0..<count).map { 3 + Int32($0) }
    }
}

/// A process option that cannot be applied: one line for standard error.
struct ProcessSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
#endif

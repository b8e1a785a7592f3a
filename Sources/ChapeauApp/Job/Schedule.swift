import Foundation

/// The service, timer and crontab line that run the job, ready to paste as printed: every path
/// is quoted for the program that reads it (a workspace under "Mes documents" works), and the
/// environment file's `KEY=VALUE` lines reach `chapeau` (exported in the cron line, read by
/// systemd's `EnvironmentFile=`).
public enum Schedule {
    /// The running executable's absolute path.
    public static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Where the recipes expect the tokens and secrets: `data/chapeau.env`, `KEY=VALUE` lines.
    public static func environmentFile(_ workspace: Workspace) -> String {
        workspace.root.appendingPathComponent("data/chapeau.env").path
    }

    /// The environment variables the config's targets read (tokens, Basic credentials, webhook secrets).
    static func secrets(_ workspace: Workspace) -> [String] {
        var seen = Set<String>()
        return workspace.config.publish
            .flatMap { [$0.tokenEnv, $0.usernameEnv, $0.passwordEnv, $0.secretEnv].compactMap { $0 } }
            .filter { seen.insert($0).inserted }
    }

    public static func text(systemd: Bool, workspace: Workspace, executable: String) -> String {
        let root = workspace.root.path
        let config = URL(fileURLWithPath: workspace.configPath).standardizedFileURL.path
        let secrets = secrets(workspace)
        let envFile = environmentFile(workspace)
        if systemd {
            let env = secrets.isEmpty ? "" : "# Tokens and secrets (\(secrets.joined(separator: ", "))) go in this file, KEY=VALUE lines, readable by you only (chmod 600):\nEnvironmentFile=\(systemdPath(envFile))\n"
            return """
            # ~/.config/systemd/user/chapeau.service
            [Unit]
            Description=Chapeau: publish the transparency reports and keep article footers current

            [Service]
            Type=oneshot
            WorkingDirectory=\(systemdPath(root))
            ExecStart=\(systemdWord(executable)) run --config \(systemdWord(config))
            \(env)
            # ~/.config/systemd/user/chapeau.timer
            [Unit]
            Description=Run chapeau every hour

            [Timer]
            OnCalendar=hourly
            RandomizedDelaySec=5min
            Persistent=true

            [Install]
            WantedBy=timers.target

            # To install: save the two parts under ~/.config/systemd/user/, then run
            #   systemctl --user daemon-reload && systemctl --user enable --now chapeau.timer
            # and, so that it runs while you are logged out: loginctl enable-linger "$USER"
            # Runs are recorded in the ledger; see them with: journalctl --user -u chapeau
            """
        }
        // `set -a` exports every variable the file sets: a plain `.` would set them for the
        // shell only, and `chapeau` would never see the token.
        let env = secrets.isEmpty ? "" : "set -a && . \(shellWord(envFile)) && set +a && "
        let line = "17 * * * * cd \(shellWord(root)) && \(env)\(shellWord(executable)) run --config \(shellWord(config)) >> \(shellWord(root + "/data/run.log")) 2>&1"
        var text = "# Every hour at minute 17; a run that overlaps another exits 75 and changes nothing.\n"
        if !secrets.isEmpty {
            text += "# Tokens and secrets (\(secrets.joined(separator: ", "))) go in \(envFile), KEY=VALUE lines, readable by you only (chmod 600).\n"
        }
        return text + cronCommand(line) + "\n# To install: crontab -e, then paste the line above.\n"
    }

    /// A word for `/bin/sh`: in single quotes (inside which nothing is special), a quote
    /// written `'\''`; bare when it holds only characters no shell treats specially.
    static func shellWord(_ s: String) -> String {
        if !s.isEmpty, s.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+,:@=".unicodeScalars.contains($0)) }) {
            return s
        }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A crontab line: cron turns an unescaped `%` of the command into a new line, so each one
    /// is written `\%` (cron gives the shell a plain `%`).
    static func cronCommand(_ line: String) -> String {
        line.replacingOccurrences(of: "%", with: "\\%")
    }

    /// One argument of systemd's `ExecStart=`: in double quotes, with `\` and `"` escaped, `%`
    /// (a specifier) written `%%` and `$` (a variable) written `$$`.
    static func systemdWord(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "%": out += "%%"
            case "$": out += "$$"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// A path setting (`WorkingDirectory=`, `EnvironmentFile=`): the rest of the line, taken as
    /// it is but for specifiers (`%` written `%%`).
    static func systemdPath(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%%")
    }
}

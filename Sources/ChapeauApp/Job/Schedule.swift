import Foundation

/// The service, timer and crontab line that run the job.
public enum Schedule {
    /// The running executable's absolute path.
    public static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    public static func text(systemd: Bool, workspace: Workspace, executable: String) -> String {
        let root = workspace.root.path
        let config = URL(fileURLWithPath: workspace.configPath).standardizedFileURL.path
        let secrets = workspace.config.publish.compactMap { $0.tokenEnv ?? $0.secretEnv }
        if systemd {
            let env = secrets.isEmpty ? "" : "# Tokens and secrets (\(secrets.joined(separator: ", "))) go in a file only you can read:\nEnvironmentFile=\(root)/data/chapeau.env\n"
            return """
            # ~/.config/systemd/user/chapeau.service
            [Unit]
            Description=Chapeau: publish the transparency reports and keep article footers current

            [Service]
            Type=oneshot
            WorkingDirectory=\(root)
            ExecStart=\(executable) run --config \(config)
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
        let env = secrets.isEmpty ? "" : ". \(root)/data/chapeau.env && "
        return """
        # Every hour at minute 17; a run that overlaps another exits 75 and changes nothing.
        17 * * * * cd \(root) && \(env)\(executable) run --config \(config) >> \(root)/data/run.log 2>&1
        # To install: crontab -e, then paste the line above.
        """
    }
}

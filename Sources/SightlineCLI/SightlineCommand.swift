import ArgumentParser
import Foundation
import Sightline

/// The `sightline` command tree.
public struct SightlineCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sightline",
        abstract: "Model RF surveillance of mobile phones on synthetic or recorded IQ samples.",
        discussion: """
            Simulation and analysis only: IQ files in, numbers, tables and pictures out. Units are in option names \
            (…-hz, …-s, …-db); frequencies are absolute Hz unless an option says offset. Results go to files; \
            --json \
            prints the result document on stdout and nothing else; progress and logs go to stderr.
            """,
        version: SightlineVersion.current,
        subcommands: [
            GenerateCommand.self, InfoCommand.self, SpectrumCommand.self, PathLossCommand.self, DetectCommand.self,
            TheoryCommand.self, BearingCommand.self, LocateCommand.self, HomingCommand.self, RangeCommand.self,
            JamCommand.self, PowerControlCommand.self, PresetsCommand.self, RiskCommand.self, ReportCommand.self,
            DemoCommand.self, SweepCommand.self, ProfileCommand.self, SensitivityCommand.self,
        ]
    )

    public init() {}

    /// Parses `arguments`, runs the command, and maps every failure to a one-line message
    /// on stderr with exit status 1 (help and version exit 0).
    public static func runMain(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message: String
            if let e = error as? SightlineError {
                message = Self.commandLine(e).description
            } else {
                let lines = fullMessage(for: error).split(whereSeparator: \.isNewline).map(String.init)
                var line = lines.first ?? "\(error)"
                // "Please provide one of the following:" and a list, one value a line: one line.
                if line.hasSuffix(":") {
                    let values = lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
                        .filter { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
                    if !values.isEmpty { line += " " + values.joined(separator: ", ") }
                }
                // ArgumentParser starts its messages with "Error: "; we say "error:" once.
                if line.hasPrefix("Error: ") { line.removeFirst("Error: ".count) }
                message = line
            }
            FileHandle.standardError.write(Data("sightline: error: \(message)\n".utf8))
            Foundation.exit(1)
        }
    }
}

extension SightlineCommand {
    /// A library error in the command line's words: a parameter (`min_sigma_deg`, quoted in
    /// backquotes in the message and fix) becomes its option (`--min-sigma-deg`), and an error in
    /// the parameters is located on the command line.
    public static func commandLine(_ error: SightlineError) -> SightlineError {
        func option(_ name: some StringProtocol) -> String { "--" + name.replacingOccurrences(of: "_", with: "-") }
        func options(_ text: String) -> String {
            text.replacing(/`([a-z][a-z0-9_]*)`/) { option($0.output.1) }
        }
        var e = error
        if e.location == SightlineError.parametersLocation {
            e.location = "command line"
            e.field = e.field.map { $0.split(separator: "/").map { option($0) }.joined(separator: "/") }
        }
        e.message = options(e.message)
        e.fix = e.fix.map(options)
        return e
    }
}

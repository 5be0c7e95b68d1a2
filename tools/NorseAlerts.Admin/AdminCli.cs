using Microsoft.Data.Sqlite;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Admin;

/// <summary>The operator commands of the embedded host: backup, restore, replay, verify and retention.</summary>
public static class AdminCli
{
    /// <summary>What <c>help</c> prints.</summary>
    public const string Help = """
        norsealerts-admin <command> [--data <dir>] [--NorseAlerts:<key>=<value> ...]
          backup <file>                  online copy of the store (safe while the host ingests)
          restore <file>                 replace the store with a backup (stop the host first; the old files are kept)
          replay <caseId> [--protocol <name> | --protocol-file <path>] [--until <time>]
                                         the case's timeline of alerts and pages, replayed on a replay clock;
                                         under another protocol: what it would have paged
          verify                         every active case's stored state equals its replay; exit 1 names each case that differs
          retention [--dry-run]          delete closed cases older than NorseAlerts:Retention:ClosedCases (audited)
        Settings are read like the host's: appsettings.json here, NorseAlerts__* environment variables, --NorseAlerts:<key>=<value>.
        Exit codes: 0 done, 1 verify found a difference, 2 usage or settings, 3 the operation failed.
        """;

    /// <summary>Runs one command; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        AdminInvocation run;
        try
        {
            run = AdminInvocation.Parse(args, output, error, time);
        }
        catch (ArgumentException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }

        try
        {
            return run.Command switch
            {
                "backup" => BackupCommands.Backup(run),
                "restore" => BackupCommands.Restore(run),
                "replay" => ReplayCommand.Run(run),
                "verify" => VerifyCommand.Run(run),
                "retention" => RetentionCommand.Run(run),
                "help" or "--help" or "-h" => Print(output),
                _ => Usage(run, run.Command.Length == 0 ? "no command given" : $"unknown command '{run.Command}'"),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or ProtocolException or KeyNotFoundException or FormatException)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or SqliteException or UnauthorizedAccessException)
        {
            error.WriteLine($"{run.Command} failed: {ex.Message}");
            return 3;
        }
    }

    /// <summary>Prints a usage error and the help; returns exit code 2.</summary>
    public static int Usage(AdminInvocation run, string problem)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Error.WriteLine(problem);
        run.Error.WriteLine(Help);
        return 2;
    }

    private static int Print(TextWriter output)
    {
        output.WriteLine(Help);
        return 0;
    }
}

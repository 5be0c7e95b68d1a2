using Microsoft.Data.Sqlite;
using NorseAlerts.Runtime.Maintenance;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Admin;

/// <summary><c>retention [--dry-run]</c>: deletes closed cases older than <c>NorseAlerts:Retention:ClosedCases</c>.</summary>
public static class RetentionCommand
{
    /// <summary>Applies the configured rule once and prints the case ids it deleted (or would delete).</summary>
    public static int Run(AdminInvocation run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Settings.RetainClosedCasesFor is not { } keep)
        {
            return AdminCli.Usage(run, $"no retention rule: set {ClosedCaseRetention.SettingKey} (a TimeSpan, e.g. 365.00:00:00)");
        }

        var database = new Database(new Runtime.RuntimeOptions { DataDirectory = run.Settings.DataDirectory });
        using var connection = database.Open();
        var dryRun = run.Has("--dry-run");
        var cases = ClosedCaseRetention.Apply(connection, run.Time.GetUtcNow(), keep, dryRun);
        foreach (var caseId in cases)
        {
            run.Output.WriteLine($"{(dryRun ? "would delete" : "deleted")} {caseId}");
        }

        run.Output.WriteLine($"{cases.Count} closed cases {(dryRun ? "older than the rule" : "deleted")} (rule: closed cases are kept {keep})");
        SqliteConnection.ClearAllPools();
        return 0;
    }
}

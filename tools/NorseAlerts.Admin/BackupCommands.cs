using NorseAlerts.Runtime.Maintenance;

namespace NorseAlerts.Admin;

/// <summary><c>backup &lt;file&gt;</c> (online, while the host runs) and <c>restore &lt;file&gt;</c> (host stopped).</summary>
public static class BackupCommands
{
    /// <summary>Writes a consistent copy of the live store to a new file.</summary>
    public static int Backup(AdminInvocation run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Arguments.Count != 1)
        {
            return AdminCli.Usage(run, "backup needs the file to write: backup <file>");
        }

        var contents = StoreBackup.Create(run.Settings.DatabasePath, run.Arguments[0]);
        run.Output.WriteLine($"backup written to {run.Arguments[0]}: {contents}");
        return 0;
    }

    /// <summary>Replaces the store with a backup, keeping the replaced files beside it.</summary>
    public static int Restore(AdminInvocation run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Arguments.Count != 1)
        {
            return AdminCli.Usage(run, "restore needs the backup file: restore <file> (stop the host first)");
        }

        var contents = StoreBackup.Restore(run.Arguments[0], run.Settings.DatabasePath, run.Time.GetUtcNow());
        run.Output.WriteLine($"restored {run.Arguments[0]} into {run.Settings.DatabasePath}: {contents}");
        run.Output.WriteLine("start the host: deadlines that fell due meanwhile fire on start, unsent pages go out.");
        return 0;
    }
}

using Microsoft.Data.Sqlite;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime;

namespace NorseAlerts.Bench;

/// <summary>
/// The runtime as the bench runs it: <see cref="EmbeddedRuntime"/> over a data directory and the real clock,
/// with logging off so the figures measure the runtime rather than a console (warnings and errors still go to
/// stderr), plus the data-directory chores of a benchmark.
/// </summary>
internal static class BenchRuntime
{
    /// <summary>Opens (migrating) the database under <paramref name="dataDirectory"/> and wires the runtime.</summary>
    public static EmbeddedRuntime Create(string dataDirectory, IAlertPublisher? publisher = null) =>
        new(new RuntimeOptions { DataDirectory = dataDirectory }, new CasePathway(new ProtocolCatalog(), new PathwayOptions()), publisher, TimeProvider.System, ConsoleErrorLoggerFactory.Instance);

    /// <summary>A new empty data directory under the temp folder.</summary>
    public static string NewDataDirectory(string purpose) =>
        Path.Combine(Path.GetTempPath(), $"norse-bench-{purpose}-{Guid.NewGuid():N}");

    /// <summary>Removes a data directory made by <see cref="NewDataDirectory"/>.</summary>
    public static void Delete(string dataDirectory)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Size of the database file and its WAL, in MB.</summary>
    public static double SizeMb(string dataDirectory) =>
        Directory.EnumerateFiles(dataDirectory).Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0;
}

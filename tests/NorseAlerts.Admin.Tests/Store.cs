using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime;

namespace NorseAlerts.Admin.Tests;

/// <summary>
/// A real embedded runtime over a temporary data directory and a fake clock, driven by hand (no background loops):
/// its pages never leave the outbox, so every page it writes stays unsent. Commands run against it in-process.
/// </summary>
public sealed class Store : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public Store(string? protocol = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "norse-admin-" + Guid.NewGuid().ToString("N"));
        var pathway = new CasePathway(new ProtocolCatalog(), new PathwayOptions { Protocol = protocol ?? ProtocolCatalog.Seed, AckTimeout = TimeSpan.FromMinutes(15) });
        Runtime = new EmbeddedRuntime(new RuntimeOptions { DataDirectory = DataDirectory }, pathway, new UnreachableBroker(), Time, NullLoggerFactory.Instance);
    }

    public FakeTimeProvider Time { get; } = new(Start);
    public string DataDirectory { get; }
    public EmbeddedRuntime Runtime { get; }
    public string DatabasePath => Runtime.Options.DatabasePath;

    public static ClinicalEvent Event(string type, DateTimeOffset time, string patient, string? agent = null, string? outcome = null) => new()
    {
        Source = "mirth://genh",
        Id = Guid.NewGuid().ToString("N"),
        Type = type,
        Time = time,
        Subject = patient,
        Agent = agent,
        Outcome = outcome,
    };

    public async Task<string?> Ingest(params ClinicalEvent[] events) =>
        (await Runtime.Engine.IngestAsync(events, "api-key:mirth")).Accepted[^1].CaseId;

    /// <summary>Moves the clock and fires what fell due, as the scheduler does.</summary>
    public async Task Advance(TimeSpan by)
    {
        Time.Advance(by);
        await Runtime.Engine.WakeDueAsync(1000);
    }

    public (int Exit, string Output, string Error) Admin(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = AdminCli.Run([.. args, "--data", DataDirectory], output, error, Time);
        return (exit, output.ToString(), error.ToString());
    }

    public List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return Rows(connection, sql);
    }

    public static List<string> Rows(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : r.GetValue(i).ToString())));
        }

        return rows;
    }

    public void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class UnreachableBroker : IAlertPublisher
    {
        public Task PublishAsync(Page page, CancellationToken cancellationToken) => throw new IOException("broker unreachable");
    }
}

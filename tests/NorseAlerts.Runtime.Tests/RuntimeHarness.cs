using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime.Outbox;
using NorseAlerts.Runtime.Scheduling;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Tests;

/// <summary>The embedded runtime over a temporary data directory and a fake clock.</summary>
public sealed class RuntimeHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public RuntimeHarness(string? dataDirectory = null, FakeTimeProvider? time = null, IAlertPublisher? publisher = null, TimeSpan? ackTimeout = null, int? caseCacheSize = null, Action<RuntimeOptions>? configure = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "norse-rt-" + Guid.NewGuid().ToString("N"));
        Time = time ?? new FakeTimeProvider(Start);
        var options = new RuntimeOptions { DataDirectory = DataDirectory, OutboxBackoff = TimeSpan.FromSeconds(1), OutboxMaxBackoff = TimeSpan.FromSeconds(8) };
        if (caseCacheSize is { } size)
        {
            options.CaseCacheSize = size;
        }

        configure?.Invoke(options);

        var pathway = new CasePathway(new ProtocolCatalog(), new PathwayOptions { AckTimeout = ackTimeout });
        Runtime = new EmbeddedRuntime(options, pathway, publisher ?? new RecordingPublisher(), Time, NullLoggerFactory.Instance);
    }

    public EmbeddedRuntime Runtime { get; }
    public string DataDirectory { get; }
    public FakeTimeProvider Time { get; }
    public IAlertPublisher Publisher => Runtime.Publisher;
    public RecordingPublisher Recorded => (RecordingPublisher)Publisher;
    public RuntimeOptions Options => Runtime.Options;
    public Database Database => Runtime.Database;
    public Writer Writer => Runtime.Writer;
    public CaseEngine Engine => Runtime.Engine;
    public CaseQueries Queries => Runtime.Queries;
    public DeadlineScheduler Scheduler => Runtime.Scheduler;
    public OutboxDispatcher Dispatcher => Runtime.Dispatcher;

    /// <summary>Starts the scheduler and the dispatcher.</summary>
    public Task StartAsync() => Runtime.StartAsync();

    /// <summary>Moves the fake clock forward in steps, letting the background loops run at each step.</summary>
    public async Task AdvanceAsync(TimeSpan by, TimeSpan? step = null)
    {
        var s = step ?? TimeSpan.FromMinutes(5);
        var end = Time.GetUtcNow() + by;
        while (Time.GetUtcNow() < end)
        {
            var next = Time.GetUtcNow() + s;
            Time.SetUtcNow(next < end ? next : end);
            await Settle();
        }
    }

    /// <summary>Waits until background work caused by the last clock move has committed.</summary>
    public async Task Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(15);
            await Writer.RunAsync(_ => true);
        }
    }

    public static async Task Eventually(Func<bool> condition, string what, int timeoutMs = 10000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(20);
        }
    }

    public static ClinicalEvent Event(string type, DateTimeOffset time, string patient = "GENH:00123456", string? id = null, string? agent = null, string? outcome = null, string source = "mirth-test") => new()
    {
        Source = source,
        Id = id ?? $"{type}-{time.ToUnixTimeSeconds()}-{Guid.NewGuid():N}",
        Type = type,
        Time = time,
        Subject = patient,
        Agent = agent,
        Outcome = outcome,
    };

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();

    public void DeleteData()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A publisher that records pages, optionally failing while <see cref="Down"/> is set.</summary>
public sealed class RecordingPublisher : IAlertPublisher
{
    private readonly List<Page> pages = [];

    public bool Down { get; set; }
    public int Failures { get; private set; }

    public IReadOnlyList<Page> Pages
    {
        get
        {
            lock (pages)
            {
                return [.. pages];
            }
        }
    }

    public Task PublishAsync(Page page, CancellationToken cancellationToken)
    {
        if (Down)
        {
            Failures++;
            throw new IOException("broker unreachable");
        }

        lock (pages)
        {
            pages.Add(page);
        }

        return Task.CompletedTask;
    }
}

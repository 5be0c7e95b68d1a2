using System.Diagnostics;
using System.Globalization;

namespace NorseAlerts.Bench;

/// <summary>
/// Runs in a fresh child process over a filled data directory: times the runtime's start (database and
/// migrations, writer, scheduler and dispatcher, until the scheduler's first pass is done and an ingest
/// commits) and measures memory right after. Prints <c>probe.name=value</c> lines for the parent.
/// </summary>
internal static class StartupProbe
{
    /// <summary>The argument that makes the bench run as the probe.</summary>
    public const string Argument = "--start-probe";

    /// <summary>Starts the runtime over <paramref name="dataDirectory"/> and prints the figures.</summary>
    public static async Task<int> RunAsync(string dataDirectory)
    {
        using var self = Process.GetCurrentProcess();
        var sinceProcessStart = DateTime.Now - self.StartTime;
        var clock = Stopwatch.StartNew();
        await using var runtime = BenchRuntime.Create(dataDirectory);
        var opened = clock.Elapsed;
        await runtime.StartAsync();
        while (runtime.Scheduler.SleepingUntil is null)
        {
            await Task.Delay(1);
        }

        var firstPass = clock.Elapsed;
        var now = TimeProvider.System.GetUtcNow();
        var receipt = await runtime.Engine.IngestAsync([Workload.Onset($"BENCH:PROBE:{Guid.NewGuid():N}", now.AddMinutes(-30))], "bench");
        var ready = clock.Elapsed;
        if (receipt.Accepted.Count != 1)
        {
            throw new InvalidOperationException("the probe's onset was not accepted");
        }

        Print("open_ms", opened.TotalMilliseconds);
        Print("first_pass_ms", firstPass.TotalMilliseconds);
        Print("ready_ms", ready.TotalMilliseconds);
        Print("runtime_boot_ms", sinceProcessStart.TotalMilliseconds);
        PrintMemory("after_start");

        // What GET /api/cases?status=active reads: every active case summary at once.
        clock.Restart();
        var active = runtime.Queries.ListCases("active");
        Print("list_active_ms", clock.Elapsed.TotalMilliseconds);
        Print("list_active_count", active.Count);
        PrintMemory("after_list");
        GC.KeepAlive(active);
        return 0;
    }

    private static void PrintMemory(string when)
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Print($"{when}_working_set_mb", self.WorkingSet64 / 1048576.0);
        Print($"{when}_private_mb", self.PrivateMemorySize64 / 1048576.0);
        Print($"{when}_managed_heap_mb", GC.GetTotalMemory(false) / 1048576.0);
    }

    private static void Print(string name, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"probe.{name}={value:F1}"));

    /// <summary>Parses the probe's output lines into name/value pairs.</summary>
    public static Dictionary<string, double> Parse(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("probe.", StringComparison.Ordinal) && l.Contains('=', StringComparison.Ordinal))
            .Select(l => l["probe.".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}

using System.Diagnostics;
using System.Reflection;

namespace NorseAlerts.Bench;

/// <summary>The figures of the memory and start-time run.</summary>
internal sealed record StartupResult(int ActiveCases, long Events, TimeSpan Fill, double DatabaseMb, IReadOnlyList<Dictionary<string, double>> Probes);

/// <summary>
/// Fills a data directory with N active cases through the engine (big batches, outbox drained), then
/// starts the runtime over it in a fresh child process (<see cref="StartupProbe"/>) so that the start
/// time and the memory figure belong to a process that did nothing else.
/// </summary>
internal static class StartupBenchmark
{
    private const int PatientsPerCall = 200;
    private const int CallsInFlight = 4;

    /// <summary>Fills, then probes <paramref name="probes"/> times.</summary>
    public static async Task<StartupResult> RunAsync(int activeCases, int probes)
    {
        var dir = BenchRuntime.NewDataDirectory("start");
        try
        {
            var clock = Stopwatch.StartNew();
            long events = 0;
            await using (var runtime = BenchRuntime.Create(dir))
            {
                await runtime.StartAsync();
                var now = TimeProvider.System.GetUtcNow();
                var random = new Random(1);
                using var inFlight = new SemaphoreSlim(CallsInFlight);
                var calls = new List<Task>();
                for (var first = 0; first < activeCases; first += PatientsPerCall)
                {
                    // Onsets spread over three days, all events in the past, every case still in its first-line window.
                    var batch = Enumerable.Range(first, Math.Min(PatientsPerCall, activeCases - first))
                        .SelectMany(i => Workload.PopulationPatient(i, now.AddHours(-Workload.ScriptHours - 1 - (random.NextDouble() * 72))))
                        .ToList();
                    events += batch.Count;
                    await inFlight.WaitAsync();
                    calls.Add(Task.Run(async () =>
                    {
                        try
                        {
                            await runtime.Engine.IngestAsync(batch, "bench");
                        }
                        finally
                        {
                            inFlight.Release();
                        }
                    }));
                }

                await Task.WhenAll(calls);
                while (runtime.Queries.UndeliveredPages() > 0)
                {
                    await Task.Delay(100);
                }

                var active = runtime.Queries.ListCases("active").Count;
                if (active != activeCases)
                {
                    throw new InvalidOperationException($"expected {activeCases} active cases, found {active}");
                }
            }

            var fill = clock.Elapsed;
            var size = BenchRuntime.SizeMb(dir);
            var results = new List<Dictionary<string, double>>();
            for (var i = 0; i < probes; i++)
            {
                results.Add(await ProbeAsync(dir));
            }

            return new StartupResult(activeCases, events, fill, size, results);
        }
        finally
        {
            BenchRuntime.Delete(dir);
        }
    }

    private static async Task<Dictionary<string, double>> ProbeAsync(string dataDirectory)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? "dotnet",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Under `dotnet NorseAlerts.Bench.dll` the process is the muxer; under the apphost it is the bench itself.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        start.ArgumentList.Add(StartupProbe.Argument);
        start.ArgumentList.Add(dataDirectory);
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the probe process");
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        var wall = clock.Elapsed;
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"the start probe failed ({child.ExitCode}): {await stderr}");
        }

        var figures = StartupProbe.Parse(await stdout);
        figures["process_wall_ms"] = wall.TotalMilliseconds;
        return figures;
    }
}

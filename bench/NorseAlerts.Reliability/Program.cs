using System.Diagnostics;
using NorseAlerts.Reliability;

// The failure suite: `dotnet run -c Release --project bench/NorseAlerts.Reliability -- [--short] [--seed N] [--only a,b]`.
// Prints each scenario's figures; exits 1 when a guarantee did not hold (a skipped scenario says why and passes).
var options = SuiteOptions.Parse(args);
var scenarios = new (string Name, bool InShort, Func<string, Task<Figures>> Run)[]
{
    ("kill", true, data => KillNineScenario.RunAsync(options, data)),
    ("deadlines", true, data => DeadlineScenario.RunAsync(options, data)),
    ("hostile", true, data => HostileInputScenario.RunAsync(options, data)),
    ("slow", true, data => SlowClientScenario.RunAsync(options, data)),
    ("store", true, _ => StoreFailureScenario.RunAsync(options)),
    ("broker", true, data => BrokerOutageScenario.RunAsync(options, data)),
};

Console.WriteLine($"NorseAlerts failure suite, {(options.Short ? "short" : "long")} form, seed {options.Seed}, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:u}");
var failed = 0;
var skipped = 0;
var total = Stopwatch.StartNew();
foreach (var (name, inShort, run) in scenarios)
{
    if (options.Only.Count > 0 ? !options.Only.Contains(name) : options.Short && !inShort)
    {
        continue;
    }

    var data = Path.Combine(Path.GetTempPath(), $"norse-reliability-{name}-{Guid.NewGuid():N}");
    var clock = Stopwatch.StartNew();
    Figures figures;
    try
    {
        figures = await run(data);
    }
    catch (Exception ex) when (ex is not OutOfMemoryException)
    {
        figures = new Figures(name);
        figures.Expect(false, $"the scenario crashed: {ex.GetType().Name}: {ex.Message}");
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    var verdict = figures.SkippedBecause is { } why ? $"SKIPPED: {why}" : figures.Passed ? "PASS" : "FAIL";
    Console.WriteLine($"\n== {figures.Scenario} ({clock.Elapsed.TotalSeconds:F0} s): {verdict}");
    foreach (var line in figures.Lines)
    {
        Console.WriteLine("   " + line);
    }

    foreach (var failure in figures.Failures)
    {
        Console.WriteLine("   FAILED: " + failure);
    }

    failed += figures.Passed ? 0 : 1;
    skipped += figures.SkippedBecause is null ? 0 : 1;
}

// A skipped scenario passes (it says why above), but the last line never hides that it did not run.
var verdictLine = (failed, skipped) switch
{
    (0, 0) => "all guarantees held",
    (0, _) => $"the guarantees tested held; {skipped} scenarios skipped (not tested here, see above)",
    _ => $"{failed} scenarios failed",
};
Console.WriteLine($"\n{verdictLine} in {total.Elapsed.TotalSeconds:F0} s");
return failed == 0 ? 0 : 1;

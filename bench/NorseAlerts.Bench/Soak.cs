using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace NorseAlerts.Bench;

/// <summary>
/// The deadline soak of issue 8: the 10,000-deadline workload N times, each run in a fresh process, and the
/// kill -9 variant (the process is killed while deadlines fall due and a new one catches up on the same data).
/// Prints per run fired / missed / duplicated and lateness; exits non-zero on any miss or duplicate.
/// </summary>
internal static class Soak
{
    /// <summary>Runs the soak: <c>soak [--runs N] [--kills N] [--deadlines N] [--from S] [--within S]</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = Option(args, "--runs", 30);
        var kills = Option(args, "--kills", 10);
        var count = Option(args, "--deadlines", 10_000);
        var from = TimeSpan.FromSeconds(Option(args, "--from", 10));
        var within = TimeSpan.FromSeconds(Option(args, "--within", 60));
        Console.WriteLine($"Deadline soak: {runs} run(s) and {kills} kill -9 run(s) of {count:N0} first-line due-soon deadlines due evenly in [{from.TotalSeconds:F0} s, {within.TotalSeconds:F0} s], one process per run");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average at start {LoadAverage()}");

        var bad = 0;
        var total = new List<SoakResult>();
        for (var i = 1; i <= runs + kills; i++)
        {
            var kill = i > runs;
            var sw = Stopwatch.StartNew();
            var (result, killedAt, creation) = await OneRunAsync(count, from, within, kill, new Random(i));
            if (result is not null && creation > 0)
            {
                result = result with { CreationSeconds = creation };
            }

            var label = kill ? $"kill {i - runs,2}" : $"run  {i,2}";
            if (result is null)
            {
                Console.WriteLine($"{label}: NO RESULT (the child failed)");
                bad++;
                continue;
            }

            total.Add(result);
            var ok = result.Missed == 0 && result.DuplicateAlerts == 0 && result.DuplicatePages == 0 && result.PagedCases == result.Cases;
            bad += ok ? 0 : 1;
            Console.WriteLine(
                $"{label}: fired {result.Fired:N0}/{result.Cases:N0}, missed {result.Missed}, duplicated {result.DuplicateAlerts + result.DuplicatePages}, paged {result.PagedCases:N0}"
                + $", redelivered same id {result.Redelivered}, watchdog stalls {result.Stalls}; lateness p50 {result.P50Ms:F1} ms p99 {result.P99Ms:F1} ms max {result.MaxMs:F0} ms"
                + (result.CreationSeconds > 0 ? $"; cases created in {result.CreationSeconds:F1} s" : string.Empty)
                + (killedAt is { } k ? $" (killed {k.TotalSeconds:F1} s after creation, down 2 s)" : string.Empty)
                + $" [{sw.Elapsed.TotalSeconds:F0} s, load {LoadAverage()}]{(ok ? string.Empty : "  <-- FAILED")}");
        }

        Console.WriteLine($"total: {total.Sum(r => r.Fired):N0} fired, {total.Sum(r => r.Missed)} missed, {total.Sum(r => r.DuplicateAlerts + r.DuplicatePages)} duplicated over {total.Count} run(s); {bad} bad run(s)");
        return bad == 0 ? 0 : 1;
    }

    private static async Task<(SoakResult? Result, TimeSpan? KilledAt, double Creation)> OneRunAsync(int count, TimeSpan from, TimeSpan within, bool kill, Random random)
    {
        var dir = BenchRuntime.NewDataDirectory("soak");
        Directory.CreateDirectory(dir);
        var pages = Path.Combine(dir, "pages.txt");
        try
        {
            var start = DateTimeOffset.UtcNow;
            var giveUp = start + within + TimeSpan.FromSeconds(60);
            string[] Args(bool create) =>
            [
                SoakChild.Argument, dir, pages, count.ToString(CultureInfo.InvariantCulture),
                ((long)from.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), ((long)within.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), create ? "1" : "0", giveUp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ];

            if (!kill)
            {
                return (Parse(await RunChildAsync(Args(true), null)), null, 0);
            }

            // Kill while the deadlines fall due: somewhere between the first due time and two thirds of the window.
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var first = StartChild(Args(true), line =>
            {
                if (line == "CREATED")
                {
                    created.TrySetResult();
                }
            });
            await Task.WhenAny(created.Task, first.WaitForExitAsync());
            var createdAt = DateTimeOffset.UtcNow;
            var creation = (createdAt - start).TotalSeconds;
            var killAt = start + from + TimeSpan.FromMilliseconds(random.NextDouble() * (within - from).TotalMilliseconds * 2 / 3);
            if (killAt > DateTimeOffset.UtcNow)
            {
                await Task.Delay(killAt - DateTimeOffset.UtcNow);
            }

            first.Kill(); // SIGKILL: no shutdown code runs
            await first.WaitForExitAsync();
            var killedAfter = DateTimeOffset.UtcNow - createdAt;
            await Task.Delay(TimeSpan.FromSeconds(2));
            return (Parse(await RunChildAsync(Args(false), null)), killedAfter, creation);
        }
        finally
        {
            BenchRuntime.Delete(dir);
        }
    }

    private static async Task<List<string>> RunChildAsync(string[] args, Action<string>? onLine)
    {
        var lines = new List<string>();
        using var child = StartChild(args, line =>
        {
            lock (lines)
            {
                lines.Add(line);
            }

            onLine?.Invoke(line);
        });
        await child.WaitForExitAsync();
        return lines;
    }

    private static Process StartChild(string[] args, Action<string> onLine)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        var self = typeof(Soak).Assembly.Location;
        if (Path.GetFileName(Environment.ProcessPath!) is "dotnet" or "dotnet.exe")
        {
            info.ArgumentList.Add(self); // started as `dotnet NorseAlerts.Bench.dll`, not through the app host
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                onLine(line);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        return process;
    }

    private static SoakResult? Parse(List<string> lines)
    {
        var line = lines.LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        return line is null ? null : JsonSerializer.Deserialize<SoakResult>(line["RESULT ".Length..]);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : fallback;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(1)) : "n/a";
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using NorseAlerts.Bench;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Storage;

// The benchmark of the embedded runtime (issue 3): durable ingest, the raw SQLite floor, deadline lateness,
// start time and memory. A load generator that prints figures, never a timed test.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length == 2 && args[0] == StartupProbe.Argument)
{
    return await StartupProbe.RunAsync(args[1]);
}

if (args.Length == 9 && args[0] == SoakChild.Argument)
{
    return await SoakChild.RunAsync(args);
}

if (args.Length >= 1 && args[0] == "soak")
{
    return await Soak.RunAsync(args[1..]);
}

var callersArgument = Array.IndexOf(args, "--callers");
IReadOnlyList<int>? callersOverride = null;
if (callersArgument >= 0)
{
    callersOverride = args.ElementAtOrDefault(callersArgument + 1)?.Split(',').Select(c => int.TryParse(c, out var n) && n > 0 ? n : 0).ToList();
    if (callersOverride is null || callersOverride.Count == 0 || callersOverride.Any(n => n == 0))
    {
        Console.Error.WriteLine("--callers needs a comma-separated list of positive numbers, e.g. --callers 1,8,64");
        return 2;
    }

    args = [.. args.Where((_, i) => i != callersArgument && i != callersArgument + 1)];
}

var rawSqliteCheckpoints = args.Contains("--raw-sqlite-checkpoints");
var rawConsecutive = args.Contains("--raw-consecutive");
args = [.. args.Where(a => a is not ("--raw-sqlite-checkpoints" or "--raw-consecutive"))];
var unknown = args.Where(a => a is not ("--quick" or "--ingest" or "--deadlines" or "--start")).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown argument(s): {string.Join(' ', unknown)}");
    Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/NorseAlerts.Bench [-- [--quick] [--ingest] [--deadlines] [--start] [--callers 1,8,64] [--raw-consecutive] [--raw-sqlite-checkpoints]]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/NorseAlerts.Bench -- soak [--runs 30] [--kills 10] [--deadlines 10000] [--from 10] [--within 60]");
    Console.Error.WriteLine("  --quick      short smoke run (figures not meaningful)");
    Console.Error.WriteLine("  --ingest, --deadlines, --start   run only these parts (default: all)");
    Console.Error.WriteLine("  --callers    the ingest concurrency levels (default 1,8,64)");
    Console.Error.WriteLine("  --raw-consecutive         raw groups consecutive patients at one step per transaction, as before 2026-12-03 (default: ingest's own transactions)");
    Console.Error.WriteLine("  --raw-sqlite-checkpoints  raw checkpoints inside its commits, as SQLite does by default (default: on a thread of its own, as the runtime does)");
    return 2;
}

var settings = args.Contains("--quick") ? BenchSettings.Smoke : BenchSettings.Full;
if (callersOverride is not null)
{
    settings = settings with { Concurrency = callersOverride };
}

var parts = args.Where(a => a != "--quick").ToHashSet(StringComparer.Ordinal);
bool Runs(string part) => parts.Count == 0 || parts.Contains(part);

#if DEBUG
Console.WriteLine("WARNING: Debug build; run with -c Release for meaningful figures.");
#endif
Console.WriteLine("NorseAlerts embedded runtime benchmark" + (settings.Quick ? " (--quick smoke run: figures are not meaningful)" : ""));
Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({Cpu()}), {MemoryGb():F1} GB RAM, {RuntimeInformation.OSDescription}");
Console.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, SQLite {SqliteVersion()}, data under {Path.GetTempPath()}");
Console.WriteLine($"load average at start: {LoadAverage()}");
Console.WriteLine();

var verdicts = new List<string>();
var total = Stopwatch.StartNew();

if (Runs("--ingest"))
{
    Console.WriteLine("1+2. Durable ingest (CaseEngine.IngestAsync, one event per call, each awaited until committed) vs raw SQLite (same rows, same schema and pragmas, prepared inserts)");
    Console.WriteLine($"     {settings.Rounds} round(s) of: per level, a {settings.IngestWarmUp.TotalSeconds:F1} s warm-up of ingest, then {settings.Slices} slices of {settings.IngestDuration.TotalSeconds / settings.Slices:F0} s of ingest, each followed by raw writing as many events (raw writes the warm-up's events untimed first); events/s = median of rounds; ratio = median of the rounds' ratios");
    Console.WriteLine(rawConsecutive
        ? "     raw transactions: as big as ingest's group commits, each one event of each of that many consecutive patients at one step (--raw-consecutive)"
        : "     raw transactions: the very events each of ingest's commits held, in commit order");
    Console.WriteLine(rawSqliteCheckpoints
        ? "     raw checkpoints the write-ahead log as SQLite does by default: inside the commit that brings it to 1,000 pages; the runtime does it on a thread of its own (--raw-sqlite-checkpoints)"
        : "     raw checkpoints the write-ahead log as the runtime does: on a thread of its own, in its commits only at the cap");
    var ingestRates = settings.Concurrency.ToDictionary(c => c, _ => new List<double>());
    var rawRates = settings.Concurrency.ToDictionary(c => c, _ => new List<double>());
    var rawBatches = settings.Concurrency.ToDictionary(c => c, _ => new List<double>());
    var ratios = settings.Concurrency.ToDictionary(c => c, _ => new List<double>());
    var latencies = settings.Concurrency.ToDictionary(c => c, _ => new LatencyRecorder());
    var commits = settings.Concurrency.ToDictionary(c => c, _ => new LatencyRecorder());
    var ingestCommits = settings.Concurrency.ToDictionary(c => c, _ => new LatencyRecorder());
    var batches = settings.Concurrency.ToDictionary(c => c, _ => new List<double>());
    var failures = 0L;
    RawResult? lastRaw = null;
    for (var round = 1; round <= settings.Rounds; round++)
    {
        foreach (var callers in settings.Concurrency)
        {
            await using var level = await IngestBenchmark.StartAsync(callers);
            var warmUp = await level.RunAsync(settings.IngestWarmUp);
            // Raw over the same file sizes, after each slice: ingest's own transactions, or (--raw-consecutive) transactions
            // as big as the group commits ingest made during its warm-up.
            using var rawLevel = new RawSqliteBenchmark(Math.Max(1, (int)Math.Round(warmUp.MeanCommitBatch)), checkpointThread: !rawSqliteCheckpoints);
            WriteRaw(warmUp, timed: false);
            IngestResult? ingest = null;
            for (var slice = 0; slice < settings.Slices; slice++)
            {
                var measured = await level.RunAsync(settings.IngestDuration / settings.Slices);
                ingest = ingest?.Plus(measured) ?? measured;
                WriteRaw(measured, timed: true);
            }

            void WriteRaw(IngestResult slice, bool timed)
            {
                if (rawConsecutive)
                {
                    rawLevel.WriteConsecutive(slice.Events, timed);
                }
                else
                {
                    rawLevel.Write(level.TakeCommittedTransactions(), timed);
                }
            }

            var raw = rawLevel.Result;
            ingestRates[callers].Add(ingest!.EventsPerSecond);
            rawRates[callers].Add(raw.EventsPerSecond);
            ratios[callers].Add(ingest.EventsPerSecond / raw.EventsPerSecond);
            rawBatches[callers].Add(raw.Batch);
            latencies[callers].Add(ingest.Latency);
            commits[callers].Add(raw.CommitLatency);
            ingestCommits[callers].Add(ingest.CommitLatency);
            batches[callers].Add(ingest.MeanCommitBatch);
            failures += ingest.Failures + warmUp.Failures;
            lastRaw = raw;
            Console.WriteLine($"     round {round}, {callers,2} callers: ingest {ingest.EventsPerSecond,6:F0} ev/s ({ingest.Events} events, {ingest.MeanCommitBatch:F1} work items per commit), raw batch {raw.Batch,4:F1}: {raw.EventsPerSecond,6:F0} ev/s, ratio {ingest.EventsPerSecond / raw.EventsPerSecond:F2}   [load {LoadAverage()}]");
        }
    }

    Console.WriteLine();
    Console.WriteLine("     callers | ingest ev/s | items/commit | ingest latency per call (all rounds)                | raw batch | raw ev/s  | commit p50 ingest / raw | ratio ingest/raw");
    var worst = double.MaxValue;
    foreach (var callers in settings.Concurrency)
    {
        var ingestRate = Median(ingestRates[callers]);
        var rawRate = Median(rawRates[callers]);
        var ratio = Median(ratios[callers]);
        worst = Math.Min(worst, ratio);
        Console.WriteLine($"     {callers,7} | {ingestRate,11:F0} | {Median(batches[callers]),12:F1} | {latencies[callers].Summary()} | {Median(rawBatches[callers]),9:F1} | {rawRate,9:F0} | {ingestCommits[callers].Percentile(50),8:F2} / {commits[callers].Percentile(50),4:F2} ms | {ratio,6:F2}");
    }

    if (lastRaw is not null)
    {
        Console.WriteLine($"     raw writes {lastRaw.StatementsPerEvent:F1} statements per event; the case document (state_json) averages {lastRaw.StateJsonBytes / 1024:F1} KB;"
            + $" the pathway decision and JSON, which ingest does on the caller's thread before the writer replays it, cost {lastRaw.PathwayMicrosPerEvent:F0} us per event" + (failures > 0 ? $"; {failures} ingest calls FAILED" : ""));
    }

    verdicts.Add($"ingest/raw ratio >= 0.8 at every level: {(worst >= 0.8 ? "MET" : "NOT MET")} (lowest {worst:F2})");
    Console.WriteLine();
}

if (Runs("--deadlines"))
{
    Console.WriteLine($"3. Deadline lateness: {settings.Deadlines:N0} first-line due-soon deadlines due in [{settings.DeadlinesFrom.TotalSeconds:F0} s, {settings.DeadlinesWithin.TotalSeconds:F0} s], real DeadlineScheduler on the system clock");
    var d = await DeadlineBenchmark.RunAsync(settings.Deadlines, settings.DeadlinesFrom, settings.DeadlinesWithin);
    Console.WriteLine($"     created {d.Deadlines:N0} cases through ingest in {d.Creation.TotalSeconds:F1} s ({d.DueBeforeCreated} were already due when creation finished); waited {d.Waited.TotalSeconds:F0} s for the pages");
    Console.WriteLine($"     alerts raised {d.Raised:N0}/{d.Deadlines:N0}; lateness raisedAt - due:           {d.RaiseLateness.Summary()}");
    Console.WriteLine($"     pages delivered {d.Paged:N0}/{d.Deadlines:N0}; lateness page at publisher - due: {d.PageLateness.Summary()}");
    var met = d.Raised == d.Deadlines && d.RaiseLateness.Percentile(99) < 1000;
    verdicts.Add($"deadline lateness p99 < 1 s: {(met ? "MET" : "NOT MET")} (raisedAt p99 {d.RaiseLateness.Percentile(99):F0} ms, page p99 {d.PageLateness.Percentile(99):F0} ms, {d.Raised}/{d.Deadlines} fired)");
    verdicts.Add($"page lateness p50 < 5 ms: {(d.PageLateness.Percentile(50) < 5 ? "MET" : "NOT MET")} (page p50 {d.PageLateness.Percentile(50):F1} ms, p99 {d.PageLateness.Percentile(99):F0} ms)");
    Console.WriteLine();
}

if (Runs("--start"))
{
    Console.WriteLine($"4. Start time and memory with {settings.ActiveCases:N0} active cases (fresh child process per start)");
    var s = await StartupBenchmark.RunAsync(settings.ActiveCases, probes: 2);
    Console.WriteLine($"     filled {s.ActiveCases:N0} active cases ({s.Events:N0} events, 200 patients per ingest call) in {s.Fill.TotalSeconds:F1} s = {s.Events / s.Fill.TotalSeconds:F0} events/s; database {s.DatabaseMb:F0} MB");
    var i = 0;
    foreach (var p in s.Probes)
    {
        i++;
        var startMs = p["runtime_boot_ms"] + p["ready_ms"];
        Console.WriteLine($"     start {i}: .NET boot {p["runtime_boot_ms"]:F0} ms + database/migrations {p["open_ms"]:F0} ms + scheduler first pass at {p["first_pass_ms"]:F0} ms + first ingest committed at {p["ready_ms"]:F0} ms = {startMs:F0} ms (child process wall time incl. exit {p["process_wall_ms"]:F0} ms)");
        Console.WriteLine($"              memory after start: working set {p["after_start_working_set_mb"]:F0} MB, private {p["after_start_private_mb"]:F0} MB, managed heap {p["after_start_managed_heap_mb"]:F1} MB");
        Console.WriteLine($"              after listing all {p["list_active_count"]:F0} active cases (GET /api/cases?status=active) in {p["list_active_ms"]:F0} ms: working set {p["after_list_working_set_mb"]:F0} MB, managed heap {p["after_list_managed_heap_mb"]:F1} MB");
    }

    var worstStart = s.Probes.Max(p => p["runtime_boot_ms"] + p["ready_ms"]);
    var worstMemory = s.Probes.Max(p => p["after_start_working_set_mb"]);
    var worstListed = s.Probes.Max(p => p["after_list_working_set_mb"]);
    verdicts.Add($"start < 5 s with {s.ActiveCases:N0} active cases: {(worstStart < 5000 ? "MET" : "NOT MET")} ({worstStart:F0} ms)");
    verdicts.Add($"memory < 500 MB with {s.ActiveCases:N0} active cases: {(worstMemory < 500 ? "MET" : "NOT MET")} (working set {worstMemory:F0} MB after start, {worstListed:F0} MB after listing every active case)");
    Console.WriteLine();
}

Console.WriteLine($"Goals ({(settings.Quick ? "smoke run, not meaningful" : "full run")}, {total.Elapsed.TotalMinutes:F1} min, load average at end: {LoadAverage()}):");
foreach (var v in verdicts)
{
    Console.WriteLine("  " + v);
}

return 0;

static string Cpu() =>
    File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
        : RuntimeInformation.ProcessArchitecture.ToString();

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static double MemoryGb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024.0 / 1024.0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string SqliteVersion()
{
    var dir = BenchRuntime.NewDataDirectory("version");
    try
    {
        using var connection = new Database(new RuntimeOptions { DataDirectory = dir }).Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT sqlite_version()";
        return (string)cmd.ExecuteScalar()!;
    }
    finally
    {
        BenchRuntime.Delete(dir);
    }
}

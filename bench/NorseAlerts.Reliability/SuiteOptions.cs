namespace NorseAlerts.Reliability;

/// <summary>How big a run is: the short form runs in CI in a few minutes, the long form is the documented one.</summary>
public sealed record SuiteOptions
{
    /// <summary>True for the CI form.</summary>
    public required bool Short { get; init; }

    /// <summary>Seed of every random choice (kill moments, corpus), printed so a run can be repeated.</summary>
    public required int Seed { get; init; }

    /// <summary>Scenario names to run (empty: the form's default set).</summary>
    public required IReadOnlyList<string> Only { get; init; }

    /// <summary>kill -9 cycles under concurrent ingest.</summary>
    public int KillCycles => Short ? 4 : 24;

    /// <summary>Concurrent ingest workers during the kill cycles.</summary>
    public int IngestWorkers => Short ? 6 : 12;

    /// <summary>Cases whose deadlines fall due across kills.</summary>
    public int DeadlineCases => Short ? 20 : 60;

    /// <summary>Seconds over which those deadlines fall due.</summary>
    public int DeadlineSpreadSeconds => Short ? 20 : 60;

    /// <summary>Hostile inputs sent (at least 2,000 in both forms).</summary>
    public int HostileInputs => Short ? 2100 : 6000;

    /// <summary>Slow connections held open at once.</summary>
    public int SlowClients => Short ? 60 : 300;

    /// <summary>Seconds the slow clients keep the host busy.</summary>
    public int SlowClientSeconds => Short ? 8 : 30;

    /// <summary>Seconds the broker is unreachable.</summary>
    public int BrokerOutageSeconds => Short ? 10 : 60;

    /// <summary>Reads <c>[--short] [--seed N] [--only a,b]</c>.</summary>
    public static SuiteOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var seed = 13;
        var only = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seed" && i + 1 < args.Length)
            {
                seed = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--only" && i + 1 < args.Length)
            {
                only.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        return new SuiteOptions { Short = args.Contains("--short"), Seed = seed, Only = only };
    }
}

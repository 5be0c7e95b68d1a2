using System.Globalization;
using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Runtime.Maintenance;

namespace NorseAlerts.Admin;

/// <summary>
/// <c>replay &lt;caseId&gt; [--protocol &lt;name&gt; | --protocol-file &lt;path&gt;] [--until &lt;time&gt;]</c>: replays the case's
/// recorded events and acknowledgements through the pathway on a replay clock and prints its timeline of alerts
/// and pages; with another protocol, what that protocol would have paged.
/// </summary>
public static class ReplayCommand
{
    private static readonly string[] Quiet = ["timer-set", "timer-cancelled"];

    /// <summary>Runs the replay and prints the timeline.</summary>
    public static int Run(AdminInvocation run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Arguments.Count != 1)
        {
            return AdminCli.Usage(run, "replay needs a case id: replay <caseId> [--protocol <name> | --protocol-file <path>] [--until <time>]");
        }

        var caseId = run.Arguments[0];
        CaseRecord? record;
        using (var connection = StoreReader.Open(run.Settings.DatabasePath))
        {
            record = CaseRecord.Read(connection, caseId);
        }

        if (record is null)
        {
            run.Error.WriteLine($"no case {caseId} in the store");
            return 3;
        }

        var until = run.Flag("--until") is { } u
            ? DateTimeOffset.Parse(u, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : run.Time.GetUtcNow();
        var (catalog, protocol) = Protocol(run, record.State);
        var pathway = new CasePathway(catalog, run.Settings.Pathway with { Protocol = protocol.Name });
        var result = CaseReplay.Simulated(pathway, record.State.PatientKey, CaseHistory.Signals(record), until);

        run.Output.WriteLine($"case {caseId} replayed on {protocol.Name} {protocol.Version} until {Time(until)} (stored: {record.State.ProtocolName} {record.State.ProtocolVersion})");
        foreach (var entry in result.Timeline)
        {
            foreach (var effect in entry.Effects.Where(e => !Quiet.Contains(EffectKind(e))))
            {
                run.Output.WriteLine($"{Time(entry.At)}  {entry.Signal,-34} {effect.Describe()}");
            }
        }

        var effects = result.Timeline.SelectMany(t => t.Effects).ToList();
        run.Output.WriteLine(
            $"{effects.OfType<AlertRaised>().Count()} alerts raised, {effects.OfType<PageSent>().Count()} pages, stage {result.State.Stage}");
        return 0;
    }

    private static (ProtocolCatalog Catalog, Protocol Protocol) Protocol(AdminInvocation run, CaseState state)
    {
        var catalog = run.Settings.Protocols;
        if (run.Flag("--protocol-file") is { } file)
        {
            var loaded = ProtocolCatalog.LoadFile(file);
            catalog = new ProtocolCatalog([.. catalog.Latest.Where(p => !ProtocolCatalog.BuiltIn.Contains(p)), loaded]);
            if (catalog.Get(loaded.Name).Version != loaded.Version)
            {
                throw new ArgumentException($"{file} holds {loaded.Name} {loaded.Version}, older than the loaded {catalog.Get(loaded.Name).Version}; give it a newer version to replay under it.");
            }

            return (catalog, loaded);
        }

        var name = run.Flag("--protocol") ?? state.ProtocolName ?? run.Settings.Pathway.Protocol;
        return catalog.Contains(name)
            ? (catalog, catalog.Get(name))
            : throw new ArgumentException($"--protocol '{name}' is not a known protocol. Known: {string.Join(", ", catalog.Latest.Select(p => p.Name))}.");
    }

    private static string EffectKind(Effect effect) => Runtime.Storage.EffectKinds.Of(effect);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

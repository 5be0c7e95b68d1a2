using NorseAlerts.Pathway;
using NorseAlerts.Runtime.Maintenance;

namespace NorseAlerts.Admin;

/// <summary>
/// <c>verify</c>: the operator's consistency check. Every active case's stored state must equal the replay of its
/// recorded signals at their recorded times; a difference prints the case id (never patient data) and exits 1.
/// </summary>
public static class VerifyCommand
{
    /// <summary>Checks every active case.</summary>
    public static int Run(AdminInvocation run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var pathways = new Dictionary<string, CasePathway>(StringComparer.Ordinal);
        var checkedCases = 0;
        var differing = 0;
        using (var connection = StoreReader.Open(run.Settings.DatabasePath))
        {
            foreach (var caseId in CaseRecord.ActiveCaseIds(connection))
            {
                if (CaseRecord.Read(connection, caseId) is not { } record)
                {
                    continue;
                }

                checkedCases++;
                var protocol = record.State.ProtocolName ?? run.Settings.Pathway.Protocol;
                if (!pathways.TryGetValue(protocol, out var pathway))
                {
                    pathway = new CasePathway(run.Settings.Protocols, run.Settings.Pathway with { Protocol = protocol });
                    pathways[protocol] = pathway;
                }

                var replayed = CaseReplay.AsRecorded(pathway, record.State.PatientKey, CaseHistory.Signals(record));
                if (CaseComparison.Differences(record.State, replayed.State).Count > 0)
                {
                    differing++;
                    run.Output.WriteLine($"differs from its replay: {caseId}");
                }
            }
        }

        run.Output.WriteLine($"{checkedCases} active cases checked, {differing} differ from their replay");
        return differing == 0 ? 0 : 1;
    }
}

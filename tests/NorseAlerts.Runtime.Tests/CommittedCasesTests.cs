using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

/// <summary>
/// The writer keeps the case documents it committed in memory, so an ingest decides without reading the store. What
/// it decides on must always be what the store holds: never a write that was rolled back or not yet committed, never a
/// document another connection changed, and a decision made on a document written again since must be decided again,
/// even after the document has left memory.
/// </summary>
public sealed class CommittedCasesTests : IAsyncDisposable
{
    private const string Patient = "GENH:00123456";
    private RuntimeHarness h = new();

    public async ValueTask DisposeAsync()
    {
        await h.DisposeAsync();
        h.DeleteData();
    }

    [Fact]
    public async Task A_work_item_that_wrote_a_case_and_then_failed_leaves_the_next_decision_on_the_stored_case()
    {
        var caseId = await OpenCaseAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Writer.RunAsync<bool>(unit =>
        {
            Decide(unit, Event(EventTypes.NorseSuspected, Start.AddHours(-20), id: "rolled-back"));
            throw new InvalidOperationException("fails after its write");
        }));
        await h.Engine.IngestAsync([Event(EventTypes.PatientMeasurements, Start.AddHours(-10), id: "after")], "test");

        var events = h.Queries.GetCase(caseId)!.Events.Select(e => e.Id).ToList();
        Assert.DoesNotContain("rolled-back", events);
        Assert.Contains("after", events);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task A_case_written_in_an_isolated_step_that_failed_is_not_seen_by_the_rest_of_its_work_item()
    {
        await OpenCaseAsync();

        var seen = await h.Writer.RunAsync(unit =>
        {
            var failed = unit.Isolated(() =>
            {
                Decide(unit, Event(EventTypes.NorseSuspected, Start.AddHours(-20), id: "isolated"));
                throw new InvalidOperationException("fails after its write");
            });
            Assert.NotNull(failed);
            return unit.LoadPatient(Patient)!;
        });

        Assert.DoesNotContain(seen.Events, e => e.Id == "isolated");
        Assert.Equal(Stored(Patient), Json(seen));
    }

    [Fact]
    public async Task A_decision_made_on_a_case_that_another_commit_wrote_meanwhile_is_decided_again_on_the_new_case()
    {
        var caseId = await OpenCaseAsync();

        // The ingest is decided on the case as it is after the onset; the work item ahead of it in the writer then
        // writes the case, so the ingest's revision is stale when the writer replays it.
        var ingest = await BusyWriter.WhileBusy(h.Writer,
            () => h.Engine.IngestAsync([Event(EventTypes.PatientMeasurements, Start.AddHours(-10), id: "stale")], "test"),
            unit => Decide(unit, Event(EventTypes.NorseSuspected, Start.AddHours(-20), id: "between")));
        await ingest;

        var events = h.Queries.GetCase(caseId)!.Events.Select(e => e.Id).ToList();
        Assert.Equal(3, events.Count);
        Assert.Contains("stale", events);
        Assert.Contains("between", events);
        Assert.Equal(1, h.Engine.WriteConflicts); // the ingest decided on the stale case was refused once
    }

    [Fact]
    public async Task A_decision_made_on_a_case_that_was_written_again_and_then_dropped_from_memory_is_still_decided_again()
    {
        await h.DisposeAsync();
        h.DeleteData();
        h = new RuntimeHarness(caseCacheSize: 2);
        var caseId = await OpenCaseAsync();

        // Ahead of the ingest, one work item writes the case and then two other patients, which drops the case from a
        // memory of two documents: only the floor left behind can tell that the ingest's revision is stale.
        var ingest = await BusyWriter.WhileBusy(h.Writer,
            () => h.Engine.IngestAsync([Event(EventTypes.PatientMeasurements, Start.AddHours(-10), id: "stale")], "test"),
            unit =>
            {
                Decide(unit, Event(EventTypes.NorseSuspected, Start.AddHours(-20), id: "between"));
                Decide(unit, Event(EventTypes.RseOnset, Start.AddDays(-1), patient: "OTHER:1"));
                Decide(unit, Event(EventTypes.RseOnset, Start.AddDays(-1), patient: "OTHER:2"));
            });
        await ingest;

        var events = h.Queries.GetCase(caseId)!.Events.Select(e => e.Id).ToList();
        Assert.Equal(3, events.Count);
        Assert.Contains("stale", events);
        Assert.Contains("between", events);
        Assert.Equal(1, h.Engine.WriteConflicts); // the ingest decided on the dropped case was refused once
        Assert.True(h.Writer.CachedCases <= 2, $"memory holds {h.Writer.CachedCases} documents, more than its size of 2");
    }

    [Fact]
    public async Task Patients_beyond_the_memory_size_are_read_from_the_store_and_none_loses_an_event()
    {
        await h.DisposeAsync();
        h.DeleteData();
        h = new RuntimeHarness(caseCacheSize: 3);

        for (var round = 0; round < 3; round++)
        {
            for (var p = 0; p < 8; p++)
            {
                var type = round == 0 ? EventTypes.RseOnset : EventTypes.PatientMeasurements;
                await h.Engine.IngestAsync([Event(type, Start.AddDays(-2).AddHours(round), patient: $"MANY:{p}", id: $"{p}-{round}")], "test");
            }
        }

        var cases = h.Queries.ListCases(null);
        Assert.Equal(8, cases.Count);
        Assert.All(cases, c => Assert.Equal(3, h.Queries.GetCase(c.CaseId)!.Events.Count));
        Assert.True(h.Writer.CachedCases <= 3, $"memory holds {h.Writer.CachedCases} documents, more than its size of 3");
    }

    [Fact]
    public async Task A_case_deleted_by_another_connection_is_not_brought_back_by_the_next_event()
    {
        var caseId = await OpenCaseAsync();

        // As the retention command does, from its own process: the writer's memory still holds the case.
        using (var connection = h.Database.Open())
        using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM timers WHERE case_id = $c; DELETE FROM alerts WHERE case_id = $c; DELETE FROM cases WHERE case_id = $c; DELETE FROM patients WHERE patient_key = $p";
            delete.Parameters.AddWithValue("$c", caseId);
            delete.Parameters.AddWithValue("$p", Patient);
            delete.ExecuteNonQuery();
        }

        var receipt = await h.Engine.IngestAsync([Event(EventTypes.PatientMeasurements, Start.AddHours(-10), id: "after-delete")], "test");

        Assert.Null(Assert.Single(receipt.Accepted).CaseId);
        Assert.Empty(h.Queries.ListCases(null));
    }

    [Fact]
    public async Task An_event_decided_before_its_patient_key_was_merged_is_decided_again_under_the_new_key()
    {
        var oldCase = await OpenCaseAsync();

        var ingest = await BusyWriter.WhileBusy(h.Writer,
            () => h.Engine.IngestAsync([Event(EventTypes.PatientMeasurements, Start.AddHours(-10), id: "after-merge")], "test"),
            unit => unit.AddAlias(Patient, "GENH:MERGED-INTO"));
        var receipt = await ingest;

        Assert.Equal(1, h.Engine.WriteConflicts); // the ingest resolved before the merge was refused once
        Assert.Null(Assert.Single(receipt.Accepted).CaseId);
        Assert.DoesNotContain(h.Queries.GetCase(oldCase)!.Events, e => e.Id == "after-merge");
        var later = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-5), id: "onset-new")], "test");
        Assert.Contains(h.Queries.GetCase(Assert.Single(later.Accepted).CaseId!)!.Events, e => e.Id == "after-merge");
    }

    private async Task<string> OpenCaseAsync()
    {
        var opened = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-2), id: "onset")], "test");
        return Assert.Single(opened.Accepted).CaseId!;
    }

    private void Decide(Storage.Unit unit, ClinicalEvent e)
    {
        var state = unit.LoadPatient(e.Subject) ?? CaseState.New(e.Subject);
        unit.Save(h.Runtime.Pathway.Decide(state, new EventBatch([e]), unit.Now), "test");
        Assert.True(unit.TryRecordInbox(e.Source, e.Id, e.Subject));
    }

    private string Stored(string patientKey)
    {
        using var connection = h.Database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT c.state_json FROM patients p JOIN cases c ON c.case_id = p.case_id WHERE p.patient_key = $p";
        read.Parameters.AddWithValue("$p", patientKey);
        return (string)read.ExecuteScalar()!;
    }

    private static string Json(CaseState state) => System.Text.Json.JsonSerializer.Serialize(state, PathwayJson.Options);
}

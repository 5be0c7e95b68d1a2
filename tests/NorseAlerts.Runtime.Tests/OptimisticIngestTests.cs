using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

/// <summary>
/// Ingest decides outside the writer and commits only if what it read still holds: two ingests for one patient
/// decided at the same moment must both apply, each exactly once, as if the writer had decided them in turn.
/// </summary>
public sealed class OptimisticIngestTests : IAsyncLifetime
{
    private readonly RuntimeHarness h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        h.DeleteData();
    }

    [Fact]
    public async Task Two_events_for_one_patient_decided_on_the_same_state_are_both_applied_and_the_later_is_decided_again()
    {
        var opened = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-2))], "test");
        var caseId = opened.Accepted[0].CaseId!;

        // Both ingests are decided on the case as it is after the onset, while the writer is busy; the second
        // one's reads no longer hold once the first has committed.
        var (first, second) = await BusyWriter.WhileBusy(h.Writer, () => (
            h.Engine.IngestAsync([Event(EventTypes.FirstLineStarted, Start.AddDays(-1), agent: Agents.Methylprednisolone)], "test"),
            h.Engine.IngestAsync([Event(EventTypes.NorseSuspected, Start.AddHours(-20))], "test")));

        Assert.Equal(caseId, Assert.Single((await first).Accepted).CaseId);
        Assert.Equal(caseId, Assert.Single((await second).Accepted).CaseId);
        var state = h.Queries.GetCase(caseId)!;
        Assert.Equal(3, state.Events.Count);
        Assert.Contains(state.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Contains(state.Events, e => e.Type == EventTypes.NorseSuspected);
        Assert.Contains(state.Deadlines, d => d.Kind == "first-line-window" && d.Status == DeadlineStatus.Met);
        Assert.Equal(1, h.Engine.WriteConflicts); // the second ingest was refused once and decided again
    }

    [Fact]
    public async Task The_same_event_sent_twice_at_once_is_applied_once_and_the_second_is_reported_as_a_duplicate()
    {
        var onset = Event(EventTypes.RseOnset, Start.AddDays(-2), id: "twice");

        var (first, second) = await BusyWriter.WhileBusy(h.Writer, () => (
            h.Engine.IngestAsync([onset], "test"),
            h.Engine.IngestAsync([onset], "test")));

        var accepted = Assert.Single((await first).Accepted);
        var again = await second;
        Assert.Empty(again.Accepted);
        Assert.Equal(accepted.CaseId, Assert.Single(again.Duplicates).CaseId);
        Assert.Single(h.Queries.GetCase(accepted.CaseId!)!.Events);
        Assert.Single(h.Queries.ListCases(null));
    }

    [Fact]
    public async Task An_event_resent_while_the_writer_is_busy_is_answered_as_a_duplicate_and_not_counted_as_a_write_conflict()
    {
        var onset = Event(EventTypes.RseOnset, Start.AddDays(-2), id: "resent");
        var opened = await h.Engine.IngestAsync([onset], "test");

        // Decided outside the writer, the resend is taken as new (the inbox is not asked on a first attempt) and is
        // refused at replay; the second attempt asks the inbox and answers it as a duplicate.
        var again = await await BusyWriter.WhileBusy(h.Writer, () => h.Engine.IngestAsync([onset], "test"));

        Assert.Empty(again.Accepted);
        Assert.Equal(opened.Accepted[0].CaseId, Assert.Single(again.Duplicates).CaseId);
        Assert.Single(h.Queries.GetCase(opened.Accepted[0].CaseId!)!.Events);
        Assert.Equal(0, h.Engine.WriteConflicts);
    }

    [Fact]
    public async Task Many_callers_sending_events_for_one_patient_at_once_each_have_their_event_applied_exactly_once()
    {
        var opened = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-2))], "test");
        var caseId = opened.Accepted[0].CaseId!;

        var receipts = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() =>
            h.Engine.IngestAsync([Event(EventTypes.PatientMeasurements, Start.AddMinutes(-i), id: $"m{i}")], "test"))));

        Assert.All(receipts, r => Assert.Equal(caseId, Assert.Single(r.Accepted).CaseId));
        var state = h.Queries.GetCase(caseId)!;
        Assert.Equal(25, state.Events.Count);
        Assert.Equal(24, state.Events.Select(e => e.Id).Where(id => id.StartsWith('m')).Distinct().Count());
    }

    [Fact]
    public async Task An_event_for_a_patient_whose_stored_document_cannot_be_read_fails_its_caller_and_records_nothing()
    {
        await h.Engine.IngestAsync([Event(EventTypes.FirstLineStarted, Start.AddDays(-1), patient: "HELD", agent: Agents.Methylprednisolone)], "test");
        using (var connection = h.Database.Open())
        using (var corrupt = connection.CreateCommand())
        {
            corrupt.CommandText = "UPDATE patients SET pending_json = '{broken' WHERE patient_key = 'HELD'";
            Assert.Equal(1, corrupt.ExecuteNonQuery());
        }

        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-2), patient: "HELD", id: "after")], "test"));

        using var check = h.Database.Open();
        using var inbox = check.CreateCommand();
        inbox.CommandText = "SELECT COUNT(*) FROM inbox WHERE id = 'after'";
        Assert.Equal(0L, inbox.ExecuteScalar());
        Assert.Empty(h.Queries.ListCases(null));
    }
}

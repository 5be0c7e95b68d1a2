using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime.Scheduling;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

/// <summary>Events held for a patient with no case expire 30 days (the default rule) after their arrival, on their own.</summary>
public sealed class HeldEventExpiryTests : IAsyncLifetime
{
    private const string Patient = "GENH:00999001";
    private readonly RuntimeHarness h = new();

    public Task InitializeAsync() => h.StartAsync();

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        h.DeleteData();
    }

    private IReadOnlyList<(string Actor, string Kind, string Detail)> HeldAudit()
    {
        using var connection = h.Database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT actor, kind, detail FROM audit WHERE case_id IS NULL AND kind = 'held-event-expired' ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, string, string)>();
        while (r.Read())
        {
            rows.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        }

        return rows;
    }

    [Fact]
    public async Task A_held_event_is_listed_until_its_expiry_then_dropped_and_audited_without_the_patient_key()
    {
        await h.Engine.IngestAsync([Event(EventTypes.PatientDischarged, Start.AddHours(-1), Patient, id: "adt-a03-1", source: "/adt/genh")], "test");

        await h.AdvanceAsync(TimeSpan.FromDays(29), step: TimeSpan.FromDays(1));

        var waiting = Assert.Single(Assert.Single(h.Runtime.HeldQueries.List(h.Time.GetUtcNow())).Events);
        Assert.Equal(Start.AddDays(30), waiting.ExpiresAt);
        Assert.Equal((long)TimeSpan.FromDays(29).TotalSeconds, waiting.AgeSeconds);

        await h.AdvanceAsync(TimeSpan.FromDays(1), step: TimeSpan.FromDays(1));

        await Eventually(() => h.Runtime.HeldQueries.List(h.Time.GetUtcNow()).Count == 0, "the held event expired");
        var (actor, kind, detail) = Assert.Single(HeldAudit());
        Assert.Equal((HeldEventExpiry.Actor, "held-event-expired"), (actor, kind));
        Assert.Contains("/adt/genh/adt-a03-1", detail, StringComparison.Ordinal);
        Assert.Contains(EventTypes.PatientDischarged, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Patient, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_onset_opens_a_case_without_the_expired_event()
    {
        // A discharge that waited 31 days would otherwise close the new case the moment it opens.
        await h.Engine.IngestAsync([Event(EventTypes.PatientDischarged, Start.AddHours(-1), Patient, id: "adt-a03-1")], "test");
        await h.AdvanceAsync(TimeSpan.FromDays(31), step: TimeSpan.FromDays(1));
        await Eventually(() => h.Runtime.HeldQueries.List(h.Time.GetUtcNow()).Count == 0, "the held event expired");

        var receipt = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, h.Time.GetUtcNow().AddHours(-2), Patient, id: "onset-1")], "test");

        var state = h.Queries.GetCase(Assert.Single(receipt.Accepted).CaseId!)!;
        Assert.Equal(CaseStatus.Active, state.Status);
        Assert.Equal(["onset-1"], state.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task A_resend_of_an_expired_held_event_is_a_duplicate_and_is_not_held_again()
    {
        var discharge = Event(EventTypes.PatientDischarged, Start.AddHours(-1), Patient, id: "adt-a03-1");
        await h.Engine.IngestAsync([discharge], "test");
        await h.AdvanceAsync(TimeSpan.FromDays(30), step: TimeSpan.FromDays(1));
        await Eventually(() => h.Runtime.HeldQueries.List(h.Time.GetUtcNow()).Count == 0, "the held event expired");

        var again = await h.Engine.IngestAsync([discharge], "test");

        Assert.Single(again.Duplicates);
        Assert.Empty(h.Runtime.HeldQueries.List(h.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Each_held_event_expires_counted_from_its_own_arrival()
    {
        await h.Engine.IngestAsync([Event(EventTypes.NorseSuspected, Start, Patient, id: "first")], "test");
        await h.AdvanceAsync(TimeSpan.FromDays(10), step: TimeSpan.FromDays(1));
        await h.Engine.IngestAsync([Event(EventTypes.NorseSuspected, Start.AddDays(10), Patient, id: "second")], "test");

        await h.AdvanceAsync(TimeSpan.FromDays(21), step: TimeSpan.FromDays(1));
        await Eventually(() => h.Runtime.HeldQueries.List(h.Time.GetUtcNow()) is [{ Events.Count: 1 }], "the first expired");
        var left = Assert.Single(Assert.Single(h.Runtime.HeldQueries.List(h.Time.GetUtcNow())).Events);
        Assert.Equal(("second", Start.AddDays(40)), (left.Id, left.ExpiresAt));

        await h.AdvanceAsync(TimeSpan.FromDays(10), step: TimeSpan.FromDays(1));
        await Eventually(() => h.Runtime.HeldQueries.List(h.Time.GetUtcNow()).Count == 0, "the second expired");
        Assert.Equal(2, HeldAudit().Count);
    }

    [Fact]
    public async Task An_onset_within_the_expiry_applies_the_held_event_and_nothing_expires_later()
    {
        await h.Engine.IngestAsync([Event(EventTypes.NorseSuspected, Start.AddHours(-3), Patient, id: "suspected")], "test");
        await h.AdvanceAsync(TimeSpan.FromDays(2), step: TimeSpan.FromDays(1));
        var receipt = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-2), Patient, id: "onset-1")], "test");

        await h.AdvanceAsync(TimeSpan.FromDays(30), step: TimeSpan.FromDays(1));

        Assert.Contains(h.Queries.GetCase(receipt.Accepted[0].CaseId!)!.Events, e => e.Id == "suspected");
        Assert.Empty(HeldAudit());
    }
}

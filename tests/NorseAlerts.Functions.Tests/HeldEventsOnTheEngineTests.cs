using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// Events held in a patient orchestration (no case yet) on the real Durable Task engine: listed by <c>GET /api/held</c>'s
/// query with their expiry, dropped by the loop's own wake-up at that expiry (a few seconds here, 30 days by default).
/// </summary>
public class HeldEventsOnTheEngineTests
{
    private static readonly HeldEventRule Rule = new() { ExpireAfter = TimeSpan.FromSeconds(3) };
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static ClinicalEvent Event(string patient, string type, DateTimeOffset time, string id) => new()
    {
        Source = "/adt/genh",
        Id = id,
        Type = type,
        Time = time,
        Subject = patient,
    };

    private static async Task<IReadOnlyList<HeldPatient>> HeldWhenAsync(TaskHub hub, Func<IReadOnlyList<HeldPatient>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            var held = await HeldFunctions.ListAsync(hub.Instances, Rule, DateTimeOffset.UtcNow, CancellationToken.None);
            if (condition(held))
            {
                return held;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the held events did not reach the expected state within {Within}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_held_event_is_listed_with_its_expiry_then_dropped_at_it_so_a_later_onset_opens_the_case_without_it()
    {
        await using var hub = await TaskHub.StartAsync(held: Rule);
        const string patient = "GENH:00888001";
        var sent = DateTimeOffset.UtcNow;

        var receipt = await hub.Cases.IngestAsync([Event(patient, EventTypes.PatientDischarged, sent.AddHours(-1), "adt-a03-1")], CancellationToken.None);

        Assert.Null(Assert.Single(receipt.Accepted).CaseId);
        var listed = Assert.Single(await HeldWhenAsync(hub, h => h.Count == 1));
        Assert.Equal(patient, listed.Patient);
        var waiting = Assert.Single(listed.Events);
        Assert.Equal(EventTypes.PatientDischarged, waiting.Type);
        Assert.NotNull(waiting.ReceivedAt);
        Assert.Equal(waiting.ReceivedAt + Rule.ExpireAfter, waiting.ExpiresAt);

        // Nobody reads the list meanwhile in a way that could drop it: the listing shows every held event, expired or not.
        await HeldWhenAsync(hub, h => h.Count == 0);
        Assert.True(DateTimeOffset.UtcNow >= waiting.ExpiresAt, "the event was dropped before its expiry");

        var opened = await hub.Cases.IngestAsync([Event(patient, EventTypes.RseOnset, DateTimeOffset.UtcNow.AddHours(-2), "onset-1")], CancellationToken.None);
        var caseId = Assert.Single(opened.Accepted).CaseId ?? throw new InvalidOperationException("the onset opened no case");
        var detail = await hub.Cases.GetCaseAsync(caseId, CancellationToken.None);
        Assert.NotNull(detail);
        Assert.Equal("active", detail.Status);
        Assert.Equal([EventTypes.RseOnset], detail.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task An_onset_before_the_expiry_applies_the_held_event_and_the_list_empties()
    {
        await using var hub = await TaskHub.StartAsync(held: new HeldEventRule { ExpireAfter = TimeSpan.FromHours(1) });
        const string patient = "GENH:00888002";
        await hub.Cases.IngestAsync([Event(patient, EventTypes.NorseSuspected, DateTimeOffset.UtcNow.AddHours(-3), "suspected-1")], CancellationToken.None);

        var opened = await hub.Cases.IngestAsync([Event(patient, EventTypes.RseOnset, DateTimeOffset.UtcNow.AddHours(-2), "onset-1")], CancellationToken.None);

        var detail = await hub.Cases.GetCaseAsync(Assert.Single(opened.Accepted).CaseId!, CancellationToken.None);
        Assert.Contains(detail!.Events, e => e.Id == "suspected-1");
        Assert.Empty(await HeldFunctions.ListAsync(hub.Instances, Rule, DateTimeOffset.UtcNow, CancellationToken.None));
    }
}

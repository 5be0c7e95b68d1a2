using NorseAlerts.Pathway.Events;
using static NorseAlerts.Admin.Tests.Store;

namespace NorseAlerts.Admin.Tests;

public sealed class ReplayAndVerifyTests : IAsyncLifetime
{
    private readonly Store store = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await store.DisposeAsync();

    private async Task<string> OverdueCaseEscalatedAndAcknowledged(string patient = "GENH:00123456")
    {
        var caseId = await store.Ingest(Event(EventTypes.RseOnset, Start.AddDays(-8), patient));
        await store.Advance(TimeSpan.FromMinutes(16));
        var alertId = store.Runtime.Queries.ListAlerts(caseId, "triggered").Single().AlertId;
        await store.Runtime.Engine.AcknowledgeAsync(alertId, "dr.oncall", "on my way");
        return caseId!;
    }

    [Fact]
    public async Task Replay_prints_the_timeline_of_alerts_escalations_acknowledgements_and_pages()
    {
        var caseId = await OverdueCaseEscalatedAndAcknowledged();

        var (exit, output, _) = store.Admin("replay", caseId);

        Assert.Equal(0, exit);
        Assert.Contains($"case {caseId} replayed on seed", output);
        Assert.Contains("(first-line-overdue) raised to neurology-oncall", output);
        Assert.Contains("escalated to level 2", output);
        Assert.Contains("acknowledged by dr.oncall", output);
        Assert.Contains("1 alerts raised, 2 pages", output);
        Assert.DoesNotContain("GENH", output);
    }

    [Fact]
    public async Task Replay_under_another_protocol_shows_what_it_would_have_paged()
    {
        // Four days after onset: inside seed's seven-day window, past consensus-2022's 72 hours.
        var caseId = await store.Ingest(Event(EventTypes.RseOnset, Start.AddDays(-4), "GENH:00123456"));

        var seed = store.Admin("replay", caseId!);
        var consensus = store.Admin("replay", caseId!, "--protocol", "consensus-2022");

        Assert.Contains("0 alerts raised, 0 pages", seed.Output);
        Assert.Contains("replayed on consensus-2022", consensus.Output);
        Assert.Contains("(first-line-overdue) raised", consensus.Output);
        Assert.Empty(store.Runtime.Queries.ListAlerts(caseId, null));
    }

    [Fact]
    public async Task Replay_of_an_unknown_case_or_protocol_says_so()
    {
        var caseId = await store.Ingest(Event(EventTypes.RseOnset, Start.AddDays(-4), "GENH:00123456"));

        Assert.Equal(3, store.Admin("replay", "case-nope").Exit);
        var (exit, _, error) = store.Admin("replay", caseId!, "--protocol", "made-up");
        Assert.Equal(2, exit);
        Assert.Contains("not a known protocol", error);
    }

    [Fact]
    public async Task Verify_passes_when_every_active_case_equals_its_replay()
    {
        await OverdueCaseEscalatedAndAcknowledged("A");
        await store.Ingest(Event(EventTypes.NorseSuspected, Start.AddDays(-3), "B"));
        await store.Ingest(Event(EventTypes.RseOnset, Start.AddDays(-3), "B"));
        await store.Ingest(Event(EventTypes.RseOnset, Start.AddDays(-8), "C"), Event(EventTypes.FirstLineStarted, Start.AddDays(-7.5), "C", agent: "ivig"));
        await store.Advance(TimeSpan.FromDays(5));
        await store.Advance(TimeSpan.FromMinutes(20));
        await store.Ingest(Event(EventTypes.FirstLineStarted, Start.AddDays(-2), "B", agent: "methylprednisolone"));

        var (exit, output, _) = store.Admin("verify");

        Assert.Equal(0, exit);
        Assert.Contains("3 active cases checked, 0 differ", output);
    }

    [Fact]
    public async Task Verify_fails_naming_only_the_case_whose_stored_state_differs_from_its_replay()
    {
        var good = await OverdueCaseEscalatedAndAcknowledged("GENH:GOOD");
        var bad = await OverdueCaseEscalatedAndAcknowledged("GENH:BAD");
        store.Execute($"UPDATE cases SET state_json = json_set(state_json, '$.stage', 'responding') WHERE case_id = '{bad}'");

        var (exit, output, _) = store.Admin("verify");

        Assert.Equal(1, exit);
        Assert.Contains($"differs from its replay: {bad}", output);
        Assert.DoesNotContain(good, output);
        Assert.DoesNotContain("GENH", output);
    }
}

using Microsoft.Extensions.Logging;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Functions.Tests;

/// <summary>
/// The orchestrator's log messages on the real Durable Task engine, which replays an execution's history after
/// every activity: each step is logged once, with its fixed event id, through the replay-safe logger.
/// </summary>
public class OrchestratorLogsOnTheEngineTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_step_that_opens_a_case_is_logged_once_with_its_case_id_although_publishing_its_page_replays_it()
    {
        var logs = new LogCapture();
        await using var hub = await TaskHub.StartAsync(logs: logs);
        const string patient = "GENH:00777001";
        var onset = new ClinicalEvent
        {
            Source = "/adt/genh",
            Id = "onset-1",
            Type = EventTypes.RseOnset,
            Time = DateTimeOffset.UtcNow.AddHours(1) - TimeSpan.FromDays(7),
            Subject = patient,
        };

        var receipt = await hub.Cases.IngestAsync([onset], CancellationToken.None);
        var caseId = Assert.Single(receipt.Accepted).CaseId ?? throw new InvalidOperationException("the onset opened no case");
        await hub.PagesWhenAsync(p => p.Any(x => x.Alert.Kind == AlertKind.FirstLineDueSoon), Within);

        // The page was published by an activity; the execution replayed its history afterwards and continued as
        // new with nothing owed. Once the next execution's input shows that, the replayed step has run again.
        var deadline = DateTime.UtcNow + Within;
        while (await hub.Instances.RunAsync(TaskHub.Ids.Of(patient), CancellationToken.None) is not { Unsent.Count: 0 })
        {
            Assert.True(DateTime.UtcNow < deadline, "the page stayed owed after it was published");
            await Task.Delay(100);
        }

        var opened = Assert.Single(logs.Records, r => r.EventId == 4001 && r.Message.Contains($"case {caseId} opened", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, opened.Level);
        Assert.StartsWith($"Case {caseId}: ", opened.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Records, r => r.Message.Contains(patient, StringComparison.Ordinal));
    }
}

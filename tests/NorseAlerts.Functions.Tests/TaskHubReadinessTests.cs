using System.Text.Json;
using Microsoft.DurableTask.Client;
using Moq;
using NorseAlerts.Hosting;
using NorseAlerts.Messaging;

namespace NorseAlerts.Functions.Tests;

/// <summary><c>/readyz</c> on Azure: ready only while the task hub answers and the Service Bus link is connected.</summary>
public sealed class TaskHubReadinessTests : IAsyncLifetime
{
    private TaskHub? hub;

    private TaskHub Hub => hub!;

    public async Task InitializeAsync() => hub = await TaskHub.StartAsync();

    public async Task DisposeAsync()
    {
        if (hub is not null)
        {
            await hub.DisposeAsync();
        }
    }

    private static IBrokerStatus Broker(BrokerState state, string? lastError = null)
    {
        var broker = new Mock<IBrokerStatus>();
        broker.Setup(b => b.Health).Returns(new BrokerHealth(state, "sb://norse.servicebus.windows.net", DateTimeOffset.UtcNow, lastError, null));
        return broker.Object;
    }

    private static JsonElement Body(ApiReply reply) => JsonDocument.Parse(reply.Body).RootElement.Clone();

    [Fact]
    public async Task The_app_is_ready_when_the_task_hub_answers_and_service_bus_is_connected()
    {
        var readiness = new TaskHubReadiness([Broker(BrokerState.Connected)], TimeProvider.System, Hub.Loop);

        var reply = (await readiness.CheckAsync(Hub.Client, CancellationToken.None)).ToReply();

        Assert.Equal(200, reply.Status);
        Assert.Equal("no-store", reply.Headers["Cache-Control"]);
        var body = Body(reply);
        Assert.Equal("ready", body.GetProperty("checks").GetProperty("taskHub").GetProperty("status").GetString());
        Assert.Equal("connected", body.GetProperty("checks").GetProperty("broker").GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_app_is_not_ready_while_service_bus_is_disconnected_and_says_why()
    {
        var readiness = new TaskHubReadiness([Broker(BrokerState.Disconnected, "Unauthorized: token expired")], TimeProvider.System, Hub.Loop);

        var reply = (await readiness.CheckAsync(Hub.Client, CancellationToken.None)).ToReply();

        Assert.Equal(503, reply.Status);
        var body = Body(reply);
        Assert.Equal("not-ready", body.GetProperty("status").GetString());
        var broker = body.GetProperty("checks").GetProperty("broker");
        Assert.Equal("not-ready", broker.GetProperty("status").GetString());
        Assert.Equal("disconnected: Unauthorized: token expired", broker.GetProperty("description").GetString());
        Assert.Equal("ready", body.GetProperty("checks").GetProperty("taskHub").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_app_is_not_ready_without_a_broker_because_pages_could_not_leave()
    {
        var readiness = new TaskHubReadiness([], TimeProvider.System, Hub.Loop);

        var report = await readiness.CheckAsync(Hub.Client, CancellationToken.None);

        Assert.False(report.IsReady);
        Assert.Equal(ReadinessReport.NotReady, report.Checks["broker"].Status);
    }

    [Fact]
    public async Task The_app_is_not_ready_once_the_task_hub_no_longer_answers()
    {
        var readiness = new TaskHubReadiness([Broker(BrokerState.Connected)], TimeProvider.System, Hub.Loop);
        var client = Hub.Client;
        await Hub.DisposeAsync();
        hub = null;

        var reply = (await readiness.CheckAsync(client, CancellationToken.None)).ToReply();

        Assert.Equal(503, reply.Status);
        var taskHub = Body(reply).GetProperty("checks").GetProperty("taskHub");
        Assert.Equal("not-ready", taskHub.GetProperty("status").GetString());
        Assert.StartsWith("the task hub did not answer", taskHub.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_is_not_ready_while_a_patients_orchestration_has_failed_and_names_its_instance_not_the_patient()
    {
        var readiness = new TaskHubReadiness([Broker(BrokerState.Connected)], TimeProvider.System, Hub.Loop);
        Assert.True((await readiness.CheckAsync(Hub.Client, CancellationToken.None)).IsReady);
        var (_, run) = await Hub.OpenCaseAsync("GENH:00777001", "onset-readiness-failed");

        // The case as an app that no longer loads its pinned protocol version holds it, due to wake up now: it fails.
        var failedId = await Hub.Client.ScheduleNewOrchestrationInstanceAsync(PatientOrchestrator.Name, TaskHub.OnAVersionNoLongerLoaded(run));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await Hub.EndOfAsync(failedId, TimeSpan.FromSeconds(30))).RuntimeStatus);

        var reply = (await readiness.CheckAsync(Hub.Client, CancellationToken.None)).ToReply();

        Assert.Equal(503, reply.Status);
        var scheduler = Body(reply).GetProperty("checks").GetProperty("scheduler");
        Assert.Equal("not-ready", scheduler.GetProperty("status").GetString());
        var description = scheduler.GetProperty("description").GetString();
        Assert.StartsWith("1 patient orchestration(s) failed; their deadlines do not fire", description, StringComparison.Ordinal);
        Assert.Contains(failedId, description, StringComparison.Ordinal);
        Assert.DoesNotContain("00777001", System.Text.Encoding.UTF8.GetString(reply.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_is_not_ready_while_a_patient_owes_a_page_beyond_the_margin_and_ready_again_once_it_goes_out()
    {
        var brokerUp = false;
        await using var refusing = await TaskHub.StartWithBrokerDownAsync(() => Volatile.Read(ref brokerUp));
        var readiness = new TaskHubReadiness([Broker(BrokerState.Connected)], TimeProvider.System, refusing.Loop);

        // An onset whose first-line window closed long ago pages at once; the broker refuses the page.
        var receipt = await refusing.Cases.IngestAsync(
            [new Pathway.Events.ClinicalEvent { Source = "/adt/genh", Id = "onset-owed", Type = Pathway.Events.EventTypes.RseOnset, Time = DateTimeOffset.UtcNow.AddDays(-30), Subject = "GENH:00888001" }],
            CancellationToken.None);
        Assert.NotNull(Assert.Single(receipt.Accepted).CaseId);

        var outbox = await OutboxWhenAsync(readiness, refusing, "not-ready");
        Assert.StartsWith("1 patient(s) owe 1 page(s) beyond 00:00:01", outbox.Description, StringComparison.Ordinal);
        Assert.Contains(TaskHub.Ids.Of("GENH:00888001"), outbox.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("00888001", JsonSerializer.Serialize(outbox), StringComparison.Ordinal);

        Volatile.Write(ref brokerUp, true);

        await refusing.PagesWhenAsync(p => p.Count == 1, TimeSpan.FromSeconds(30));
        await OutboxWhenAsync(readiness, refusing, "ready");
    }

    private static async Task<ReadinessCheck> OutboxWhenAsync(TaskHubReadiness readiness, TaskHub on, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var outbox = (await readiness.CheckAsync(on.Client, CancellationToken.None)).Checks["outbox"];
            if (outbox.Status == status)
            {
                return outbox;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the outbox check stayed {outbox.Status}: {outbox.Description}");
            await Task.Delay(100);
        }
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NorseAlerts.Messaging.Tests.ServiceBus;

namespace NorseAlerts.EndToEnd.Tests;

/// <summary>
/// The embedded host with an <c>Endpoint=sb://...</c> connection string: it talks to Service Bus through
/// Azure.Messaging.ServiceBus, here to the in-process <see cref="ServiceBusTestEndpoint"/> fixture over plain AMQP
/// (<c>UseDevelopmentEmulator=true</c>), with the default Service Bus entity names.
/// </summary>
public sealed class ServiceBusEndToEndTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string data = Path.Combine(Path.GetTempPath(), "norse-e2e-sb-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task The_host_consumes_both_queues_and_pages_through_the_service_bus_sdk()
    {
        using var endpoint = new ServiceBusTestEndpoint();
        await using var host = await HostProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["NorseAlerts__Amqp__ConnectionString"] = endpoint.SharedAccessKeyConnectionString,
            ["NorseAlerts__Escalation__AckTimeout"] = "01:00:00",
        });
        // Ready once the namespace link is up (a load balancer polls the same way).
        var ready = await host.Client.GetAsync("/readyz");
        for (var i = 0; i < 60 && ready.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(500);
            ready = await host.Client.GetAsync("/readyz");
        }

        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        var subject = "E2E:" + Guid.NewGuid().ToString("N");
        var time = DateTimeOffset.UtcNow.AddDays(-8).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var onset = $$$"""{"specversion":"1.0","id":"sb-{{{subject}}}","source":"e2e://sb","type":"rse.onset","time":"{{{time}}}","subject":"{{{subject}}}","data":{}}""";

        endpoint["clinical-events"].Enqueue("onset-1", Encoding.UTF8.GetBytes(onset), "application/cloudevents+json");
        endpoint["clinical-events"].Enqueue("poison-1", Encoding.UTF8.GetBytes("""{"specversion":"1.0"}"""), "application/cloudevents+json");

        await Until(() => !endpoint["escalations"].Settled.IsEmpty, "a page on escalations");
        var page = endpoint["escalations"].Settled.First();
        var caseId = page.Properties.GroupId;
        var alert = (await host.GetArrayAsync($"/api/alerts?caseId={caseId}"))[0]!;
        var alertId = alert["alertId"]!.GetValue<string>();
        Assert.Equal($"{alertId}:1:0", page.Properties.MessageId);
        Assert.Equal("first-line-overdue", page.ApplicationProperties["kind"]);
        Assert.Equal("neurology-oncall", page.ApplicationProperties["recipientRole"]);
        Assert.Equal(1, page.ApplicationProperties["level"]);
        Assert.DoesNotContain(subject, Encoding.UTF8.GetString(((Amqp.Framing.Data)page.BodySection).Binary));
        await Until(() => endpoint["clinical-events"].Dispositions.Count >= 2, "both events settled");
        var settled = endpoint["clinical-events"].Dispositions.ToDictionary(d => d.MessageId!);
        Assert.Equal("complete", settled["onset-1"].Outcome);
        Assert.Equal("dead-letter", settled["poison-1"].Outcome);
        Assert.Equal("invalid-event", settled["poison-1"].DeadLetterReason);
        Assert.False(string.IsNullOrEmpty(settled["poison-1"].DeadLetterDescription));

        endpoint["alert-acks"].Enqueue("ack-1", Encoding.UTF8.GetBytes($$"""{"alertId":"{{alertId}}","by":"pager:e2e"}"""), "application/json");

        await Until(() => !endpoint["alert-acks"].Dispositions.IsEmpty, "the ack settled");
        Assert.Equal("complete", Assert.Single(endpoint["alert-acks"].Dispositions).Outcome);
        var acknowledged = await host.GetArrayAsync($"/api/alerts?caseId={caseId}&state=acknowledged");
        Assert.Equal("pager:e2e", Assert.Single(acknowledged)!["acknowledgedBy"]!.GetValue<string>());
        Assert.Single(endpoint["escalations"].Settled);
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {Wait.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amqp;
using Amqp.Framing;

namespace NorseAlerts.EndToEnd.Tests;

/// <summary>The product with a real AMQP 1.0 broker: pages out on the escalations topic, events and acks in.</summary>
public sealed class BrokerEndToEndTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "norse-e2e-broker-" + Guid.NewGuid().ToString("N"));

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

    private static Dictionary<string, string> BrokerSettings() => new()
    {
        ["NorseAlerts__Amqp__ConnectionString"] = BrokerFactAttribute.RequireUrl(),
        ["NorseAlerts__Amqp__Entities__Alerts"] = "/exchange/escalations/{recipientRole}",
        ["NorseAlerts__Amqp__Entities__Events"] = "/amq/queue/clinical-events",
        ["NorseAlerts__Amqp__Entities__Acks"] = "/amq/queue/alert-acks",
        ["NorseAlerts__Escalation__AckTimeout"] = "01:00:00",
    };

    [BrokerFact]
    public async Task An_overdue_first_line_page_posted_over_http_arrives_on_the_role_and_audit_queues_with_the_contract_properties()
    {
        await using var host = await HostProcess.StartAsync(data, BrokerSettings());
        var subject = "E2E:" + Guid.NewGuid().ToString("N");
        var response = await host.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddDays(-8), subject, "onset-" + subject);
        var caseId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["accepted"]![0]!["caseId"]!.GetValue<string>();

        var page = await ReceiveForCase("escalations.neurology-oncall", caseId);
        var audit = await ReceiveForCase("escalations.audit", caseId);

        var alert = (await host.GetArrayAsync($"/api/alerts?caseId={caseId}"))[0]!;
        var alertId = alert["alertId"]!.GetValue<string>();
        Assert.Equal($"{alertId}:1:0", page.Properties.MessageId);
        Assert.Equal(caseId, page.Properties.GroupId);
        Assert.True(page.Header.Durable);
        Assert.Equal("critical", page.ApplicationProperties["severity"]);
        Assert.Equal("first-line-overdue", page.ApplicationProperties["kind"]);
        Assert.Equal("neurology-oncall", page.ApplicationProperties["recipientRole"]);
        Assert.Equal(1, Convert.ToInt32(page.ApplicationProperties["level"], System.Globalization.CultureInfo.InvariantCulture));
        var body = JsonNode.Parse(Body(page))!;
        Assert.Equal("norsealerts.alert.first-line-overdue", body["type"]!.GetValue<string>());
        Assert.Equal(caseId, body["subject"]!.GetValue<string>());
        Assert.Equal(alertId, body["data"]!["alertId"]!.GetValue<string>());
        Assert.Equal(page.Properties.MessageId, audit.Properties.MessageId);
        Assert.DoesNotContain(subject, Body(page));
    }

    [BrokerFact]
    public async Task Clinical_events_and_acknowledgements_arrive_over_the_queues()
    {
        await using var host = await HostProcess.StartAsync(data, BrokerSettings());
        var subject = "E2E:" + Guid.NewGuid().ToString("N");
        var time = DateTimeOffset.UtcNow.AddDays(-8).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var onset = "{\"specversion\":\"1.0\",\"id\":\"q-" + subject + "\",\"source\":\"e2e://queue\",\"type\":\"rse.onset\",\"time\":\""
            + time + "\",\"subject\":\"" + subject + "\",\"data\":{}}";
        await Send("/amq/queue/clinical-events", onset, "application/cloudevents+json");

        var alerts = await Eventually(host, "/api/alerts?state=triggered", a => a.Any(x => x!["kind"]!.GetValue<string>() == "first-line-overdue"));
        var caseAlerts = (await host.GetArrayAsync("/api/cases?status=active")).Where(c => c!["patient"]!.GetValue<string>() == subject).ToList();
        var caseId = Assert.Single(caseAlerts)!["caseId"]!.GetValue<string>();
        var alertId = alerts.First(a => a!["caseId"]!.GetValue<string>() == caseId)!["alertId"]!.GetValue<string>();

        await Send("/amq/queue/alert-acks", $$"""{"alertId":"{{alertId}}","by":"pager:e2e"}""", "application/json");

        var acknowledged = await Eventually(host, $"/api/alerts?caseId={caseId}&state=acknowledged", a => a.Count == 1);
        Assert.Equal("pager:e2e", acknowledged[0]!["acknowledgedBy"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/readyz")).StatusCode);
    }

    private static async Task<JsonArray> Eventually(HostProcess host, string path, Func<JsonArray, bool> until)
    {
        var deadline = Environment.TickCount64 + 20000;
        JsonArray result;
        while (!until(result = await host.GetArrayAsync(path)))
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"{path}: {result.ToJsonString()}");
            }

            await Task.Delay(200);
        }

        return result;
    }

    private static async Task Send(string address, string body, string contentType)
    {
        var connection = await Connection.Factory.CreateAsync(new Address(BrokerFactAttribute.RequireUrl()));
        try
        {
            var session = new Session(connection);
            var sender = new SenderLink(session, "e2e-sender-" + Guid.NewGuid().ToString("N"), address);
            var message = new Message { BodySection = new Data { Binary = Encoding.UTF8.GetBytes(body) } };
            message.Properties = new Properties { MessageId = Guid.NewGuid().ToString("N"), ContentType = contentType };
            await sender.SendAsync(message);
            await sender.CloseAsync();
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<Message> ReceiveForCase(string queue, string caseId)
    {
        var connection = await Connection.Factory.CreateAsync(new Address(BrokerFactAttribute.RequireUrl()));
        try
        {
            var session = new Session(connection);
            var receiver = new ReceiverLink(session, "e2e-receiver-" + Guid.NewGuid().ToString("N"), "/amq/queue/" + queue);
            var deadline = Environment.TickCount64 + 20000;
            while (Environment.TickCount64 < deadline)
            {
                var message = await receiver.ReceiveAsync(TimeSpan.FromSeconds(2));
                if (message is null)
                {
                    continue;
                }

                if (message.Properties?.GroupId == caseId)
                {
                    receiver.Accept(message);
                    return message;
                }

                receiver.Release(message);
            }

            throw new TimeoutException($"no page for {caseId} on {queue}");
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static string Body(Message message) => message.Body switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string s => s,
        _ => message.Body?.ToString() ?? "",
    };
}

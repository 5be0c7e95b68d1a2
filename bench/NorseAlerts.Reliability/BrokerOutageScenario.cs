using System.Net;
using System.Text.Json.Nodes;
using Amqp;
using NorseAlerts.EndToEnd.Tests;

namespace NorseAlerts.Reliability;

/// <summary>
/// A broker outage: the host reaches the broker (RabbitMQ with AMQP 1.0) through <see cref="OutageProxy"/>, which is
/// cut for the outage while onsets keep arriving. Every page must reach the broker afterwards, in the order the
/// outbox wrote them. Needs <c>NORSEALERTS_TEST_AMQP</c> (e.g. <c>amqp://norse:norse@127.0.0.1:5672</c>).
/// </summary>
public static class BrokerOutageScenario
{
    // Receiving from an exchange address gives this link a private queue bound to the role (RabbitMQ's AMQP 1.0
    // plugin), so the suite never takes messages from the shared queues other consumers read.
    private const string OncallPages = "/exchange/escalations/neurology-oncall";

    /// <summary>Runs the scenario.</summary>
    public static async Task<Figures> RunAsync(SuiteOptions options, string data)
    {
        ArgumentNullException.ThrowIfNull(options);
        var figures = new Figures($"broker outage of {options.BrokerOutageSeconds} s");
        if (Environment.GetEnvironmentVariable("NORSEALERTS_TEST_AMQP") is not { Length: > 0 } url)
        {
            return figures.Skip("NORSEALERTS_TEST_AMQP is not set (run scripts/local-broker.sh start and set it to the broker's amqp:// URL)");
        }

        var broker = new Uri(url);
        await using var proxy = new OutageProxy(broker.Host, broker.Port);
        var viaProxy = new UriBuilder(broker) { Host = "127.0.0.1", Port = proxy.Port }.Uri.ToString();
        var settings = new Dictionary<string, string>
        {
            ["NorseAlerts__Amqp__ConnectionString"] = viaProxy,
            ["NorseAlerts__Amqp__Entities__Alerts"] = "/exchange/escalations/{recipientRole}",
            ["NorseAlerts__Amqp__Entities__Events"] = "/amq/queue/clinical-events",
            ["NorseAlerts__Amqp__Entities__Acks"] = "/amq/queue/alert-acks",
            ["NorseAlerts__Escalation__AckTimeout"] = "1.00:00:00",
        };

        var connection = await Connection.Factory.CreateAsync(new Address(url));
        var session = new Session(connection);
        var receiver = new ReceiverLink(session, "reliability-pages-" + Guid.NewGuid().ToString("N"), OncallPages);
        try
        {
            await using var host = await HostProcess.StartAsync(data, settings);
            var run = Guid.NewGuid().ToString("N")[..8];
            var cases = new List<string>();
            async Task Onset(int i)
            {
                using var response = await host.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddDays(-8), $"OUT:{run}:{i}", $"outage-{run}-{i}");
                figures.Expect(response.StatusCode == HttpStatusCode.Accepted, "onsets are accepted during the outage");
                cases.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["accepted"]![0]!["caseId"]!.GetValue<string>());
            }

            await Onset(0);
            proxy.Down = true;
            var during = options.Short ? 10 : 30;
            for (var i = 1; i <= during; i++)
            {
                await Onset(i);
                await Task.Delay(TimeSpan.FromSeconds(options.BrokerOutageSeconds) / during);
            }

            var readyDuring = (await host.Client.GetAsync("/readyz")).StatusCode;
            proxy.Down = false;
            var restored = DateTimeOffset.UtcNow;

            var expected = new HashSet<string>(cases, StringComparer.Ordinal);
            var received = new List<(string CaseId, string MessageId)>();
            var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
            while (received.Select(r => r.CaseId).Distinct().Count() < expected.Count && DateTimeOffset.UtcNow < deadline)
            {
                var message = await receiver.ReceiveAsync(TimeSpan.FromSeconds(2));
                if (message is null)
                {
                    continue;
                }

                receiver.Accept(message);
                if (message.Properties?.GroupId is { } caseId && expected.Contains(caseId))
                {
                    received.Add((caseId, message.Properties.MessageId));
                }
            }

            var lastArrival = DateTimeOffset.UtcNow - restored;
            var inOrder = received.Select(r => cases.IndexOf(r.CaseId)).Zip(received.Select(r => cases.IndexOf(r.CaseId)).Skip(1)).All(p => p.First <= p.Second);
            var missing = expected.Count - received.Select(r => r.CaseId).Distinct().Count();
            figures.Add($"{cases.Count} onsets ({cases.Count - 1} during the outage), /readyz during the outage {(int)readyDuring}");
            figures.Add($"{received.Count} pages received after the broker came back ({lastArrival.TotalSeconds:F1} s to the last), {missing} missing, in outbox order: {inOrder}");
            figures.Expect(missing == 0, "every page is delivered after the outage");
            figures.Expect(inOrder, "pages arrive in the order they were written");
            return figures;
        }
        finally
        {
            await receiver.CloseAsync();
            await session.CloseAsync();
            await connection.CloseAsync();
        }
    }
}

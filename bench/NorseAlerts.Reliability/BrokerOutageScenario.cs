using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Amqp;
using NorseAlerts.EndToEnd.Tests;

namespace NorseAlerts.Reliability;

/// <summary>
/// A broker outage: the host reaches the broker (RabbitMQ with AMQP 1.0) through <see cref="OutageProxy"/>, which is
/// cut for the outage while onsets keep arriving and their alerts escalate (a short ack timeout, so each alert pages
/// its whole chain). Afterwards every page the outbox wrote reaches the broker, none is missing, none arrives
/// twice, and each case's pages arrive in the order the outbox wrote them (the order a paging gateway or a Service
/// Bus session sees; cases are independent, and each retries on its own backoff). Needs <c>NORSEALERTS_TEST_AMQP</c>
/// (e.g. <c>amqp://norse:norse@127.0.0.1:5672</c>).
/// </summary>
public static class BrokerOutageScenario
{
    // Receiving from an exchange address gives this link a private queue bound with the routing key (RabbitMQ's
    // AMQP 1.0 plugin); "#" on the topic exchange takes every role's pages in the order the broker accepted them,
    // and the suite never takes messages from the shared queues other consumers read.
    private const string AllPages = "/exchange/escalations/#";

    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(5);

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
            ["NorseAlerts__Escalation__AckTimeout"] = AckTimeout.ToString("c", CultureInfo.InvariantCulture),
        };

        var connection = await Connection.Factory.CreateAsync(new Address(url));
        var session = new Session(connection);
        var receiver = new ReceiverLink(session, "reliability-pages-" + Guid.NewGuid().ToString("N"), AllPages);
        var received = new ConcurrentQueue<(string MessageId, string CaseId, DateTimeOffset At)>();
        using var stopReceiving = new CancellationTokenSource();
        var receiving = Task.Run(async () =>
        {
            while (!stopReceiving.IsCancellationRequested)
            {
                if (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(500)) is not { } message)
                {
                    continue;
                }

                receiver.Accept(message);
                if (message.Properties is { MessageId: { } id, GroupId: { } caseId })
                {
                    received.Enqueue((id, caseId, DateTimeOffset.UtcNow));
                }
            }
        });

        try
        {
            await using var host = await HostProcess.StartAsync(data, settings);
            var cases = new List<string>();
            async Task Onset(int i)
            {
                using var response = await host.PostEventAsync("rse.onset", DateTimeOffset.UtcNow.AddDays(-8), $"OUT:{i:D4}", $"outage-{i}");
                figures.Expect(response.StatusCode == HttpStatusCode.Accepted, "onsets are accepted during the outage");
                cases.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["accepted"]![0]!["caseId"]!.GetValue<string>());
            }

            await Onset(0);
            var firstPage = DateTimeOffset.UtcNow.AddSeconds(10);
            while (received.IsEmpty && DateTimeOffset.UtcNow < firstPage)
            {
                await Task.Delay(50);
            }

            figures.Expect(!received.IsEmpty, "a page reaches the broker before the outage");
            proxy.Down = true;
            var cut = DateTimeOffset.UtcNow;
            var during = options.Short ? 10 : 30;
            for (var i = 1; i <= during; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.BrokerOutageSeconds) / (during + 1));
                await Onset(i);
            }

            await Task.Delay(cut.AddSeconds(options.BrokerOutageSeconds) - DateTimeOffset.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
            var receivedDuring = received.Count(r => r.At > cut);
            var readyDuring = (await host.Client.GetAsync("/readyz")).StatusCode;
            proxy.Down = false;
            var restored = DateTimeOffset.UtcNow;
            var owedAtRestore = Outbox(data).Where(p => p.Delivered is null).Select(p => p.MessageId).ToHashSet(StringComparer.Ordinal);

            // Wait until the outbox is empty, every page it wrote has arrived, and no new page has come for longer
            // than an escalation step (the chains have run out).
            var settled = DateTimeOffset.UtcNow.AddSeconds(180);
            List<OutboxPage> written;
            while (true)
            {
                written = Outbox(data);
                var arrived = received.Select(r => r.MessageId).ToHashSet(StringComparer.Ordinal);
                var quiet = received.IsEmpty || DateTimeOffset.UtcNow - received.Max(r => r.At) > AckTimeout + TimeSpan.FromSeconds(2);
                if ((written.All(p => p.Delivered is not null && arrived.Contains(p.MessageId)) && quiet) || DateTimeOffset.UtcNow > settled)
                {
                    break;
                }

                await Task.Delay(500);
            }

            var pages = received.ToList();
            var firstArrival = pages.GroupBy(p => p.MessageId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var missing = written.Count(p => !firstArrival.ContainsKey(p.MessageId));
            var unsent = written.Count(p => p.Delivered is null);
            var twice = pages.Count - firstArrival.Count;
            var strangers = firstArrival.Keys.Except(written.Select(p => p.MessageId), StringComparer.Ordinal).Count();
            var outOfOrderCases = written.GroupBy(p => p.CaseId, StringComparer.Ordinal)
                .Count(c => !c.Select(p => p.MessageId).SequenceEqual(pages.Where(r => r.CaseId == c.Key).Select(r => r.MessageId).Distinct(StringComparer.Ordinal)));
            var arrivalOrder = pages.Select(r => r.MessageId).Distinct(StringComparer.Ordinal).ToList();
            var globalOrder = arrivalOrder.SequenceEqual(written.Select(p => p.MessageId).Where(firstArrival.ContainsKey));
            var owedArrivals = pages.Where(r => owedAtRestore.Contains(r.MessageId)).Select(r => r.At).ToList();
            var lastOwed = owedArrivals.Count == 0 ? TimeSpan.Zero : owedArrivals.Max() - restored;
            var maxAttempts = written.Count == 0 ? 0 : written.Max(p => p.Attempts);

            figures.Add($"{cases.Count} onsets ({cases.Count - 1} during the outage), ack timeout {AckTimeout.TotalSeconds:F0} s so each alert escalates through its chain");
            figures.Add($"during the outage: {receivedDuring} pages reached the broker, /readyz {(int)readyDuring}; {owedAtRestore.Count} pages owed when the broker came back (up to {maxAttempts} attempts each)");
            figures.Add($"afterwards: the {owedAtRestore.Count} owed pages arrived within {lastOwed.TotalSeconds:F1} s of the broker's return");
            figures.Add($"{written.Count} pages written by the outbox for {written.Select(p => p.CaseId).Distinct(StringComparer.Ordinal).Count()} cases, {pages.Count} received: {missing} missing, {unsent} unsent, {twice} received twice, {strangers} unknown");
            figures.Add($"order: {outOfOrderCases} cases with a page out of outbox order; across cases the commit order {(globalOrder ? "was also kept" : "was not kept (each case retries on its own backoff)")}");
            figures.Expect(readyDuring == HttpStatusCode.ServiceUnavailable, "/readyz reports the broker outage (503)");
            figures.Expect(receivedDuring == 0, "no page reaches the broker while it is cut off (the outage is real)");
            figures.Expect(owedAtRestore.Count > 0, "pages were owed when the broker came back");
            figures.Expect(missing == 0 && unsent == 0, "every page is delivered after the outage");
            figures.Expect(twice == 0, "no page arrives twice");
            figures.Expect(strangers == 0, "every page received was written by the outbox");
            figures.Expect(outOfOrderCases == 0, "each case's pages arrive in the order the outbox wrote them");
            return figures;
        }
        finally
        {
            await stopReceiving.CancelAsync();
            await receiving;
            await receiver.CloseAsync();
            await session.CloseAsync();
            await connection.CloseAsync();
        }
    }

    private static List<OutboxPage> Outbox(string data)
    {
        using var store = new StoreReport(data);
        return store.Strings("SELECT message_id || ' ' || case_id || ' ' || attempts || ' ' || coalesce(delivered_at, '-') FROM outbox ORDER BY seq")
            .Select(row => row.Split(' '))
            .Select(p => new OutboxPage(p[0], p[1], int.Parse(p[2], CultureInfo.InvariantCulture), p[3] == "-" ? null : p[3]))
            .ToList();
    }

    private sealed record OutboxPage(string MessageId, string CaseId, int Attempts, string? Delivered);
}

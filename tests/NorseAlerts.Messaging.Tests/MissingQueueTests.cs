using Amqp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace NorseAlerts.Messaging.Tests;

/// <summary>
/// RabbitMQ answers a link to a queue it does not have by ending the session, and so the connection: a misspelt entity
/// costs a connection per try. The tries must back off, not come every first delay for as long as the typo stays.
/// </summary>
[Collection(BrokerCollection.Name)]
public class MissingQueueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [BrokerFact]
    public async Task Connections_lost_at_once_in_a_row_wait_longer_each_time_and_one_that_lasted_starts_again_from_the_first_delay()
    {
        var options = TestBroker.Options();
        options.ReconnectMinDelay = TimeSpan.FromSeconds(10);
        options.ReconnectMaxDelay = TimeSpan.FromSeconds(80);
        var missing = TestBroker.Queue("missing-" + Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var connection = new BrokerConnection(options, NullLogger<BrokerConnection>.Instance, clock);
        connection.Start();

        var pauses = new List<TimeSpan>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            pauses.Add(await LoseToTheMissingQueueAsync(connection, clock, missing));
        }

        // This one lasts as long as the longest delay before it is lost.
        await Eventually.True(() => connection.IsConnected, Wait, "connected again");
        clock.Advance(options.ReconnectMaxDelay);
        pauses.Add(await LoseToTheMissingQueueAsync(connection, clock, missing));

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10)], pauses);
        Assert.Contains("NOT_FOUND", connection.Health.LastError, StringComparison.Ordinal);
    }

    // Attaches to the missing queue, waits for the broker to drop the connection, reads the pause before the next
    // connection from the health, then moves the clock until it is connected again.
    private static async Task<TimeSpan> LoseToTheMissingQueueAsync(BrokerConnection connection, FakeTimeProvider clock, string missing)
    {
        await Eventually.True(() => connection.IsConnected, Wait, "connected");
        var link = await connection.OpenReceiverAsync(missing, "probe-" + Guid.NewGuid().ToString("N"), 1, CancellationToken.None);
        await Eventually.True(() => connection.Health is { State: BrokerState.Disconnected, NextAttemptAt: not null }, Wait, "the connection lost to the missing queue");
        var pause = connection.Health.NextAttemptAt!.Value - clock.GetUtcNow();
        await BrokerConnection.CloseQuietlyAsync(link);
        while (!connection.IsConnected)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        return pause;
    }
}

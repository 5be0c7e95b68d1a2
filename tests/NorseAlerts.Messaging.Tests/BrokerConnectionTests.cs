using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace NorseAlerts.Messaging.Tests;

public class BrokerConnectionTests
{
    [Fact]
    public void Without_a_connection_string_there_is_nothing_to_connect_to()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new BrokerConnection(new AmqpOptions(), NullLogger<BrokerConnection>.Instance));
        Assert.Contains("NorseAlerts:Amqp:ConnectionString is not set", error.Message);
    }

    [Fact]
    public void A_bad_connection_string_stops_the_start_with_the_parse_error()
    {
        var options = new AmqpOptions { ConnectionString = "amqp://norse@127.0.0.1:5672" };
        var error = Assert.Throws<FormatException>(() => new BrokerConnection(options, NullLogger<BrokerConnection>.Instance));
        Assert.Contains("both user and password", error.Message);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void A_reconnect_delay_that_is_not_positive_stops_the_start_with_the_setting_named(string delay)
    {
        var options = new AmqpOptions { ConnectionString = "amqp://127.0.0.1:5672", ReconnectMinDelay = TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture) };

        var error = Assert.Throws<FormatException>(options.Validate);
        Assert.Contains("NorseAlerts:Amqp:ReconnectMinDelay must be a positive TimeSpan", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BrokerConnection(options, NullLogger<BrokerConnection>.Instance));
    }

    [Fact]
    public async Task Publishing_while_the_broker_is_unreachable_fails_fast_and_readiness_says_why()
    {
        var options = new AmqpOptions
        {
            ConnectionString = $"amqp://norse:norse@127.0.0.1:{LocalPorts.Free()}",
            ConnectWaitTimeout = TimeSpan.FromMilliseconds(500),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        };
        await using var connection = new BrokerConnection(options, NullLogger<BrokerConnection>.Instance);
        var publisher = new AmqpAlertPublisher(connection, options, NullLogger<AmqpAlertPublisher>.Instance);
        var page = SamplePages.Page();
        Assert.Equal(BrokerState.NotStarted, connection.Health.State);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AlertPublishException>(() => publisher.PublishAsync(page, CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(page.MessageId, error.MessageId);
        Assert.IsType<BrokerUnavailableException>(error.InnerException);
        await Eventually.True(() => connection.Health.LastError is not null, TimeSpan.FromSeconds(10), "the connect failure to be recorded");
        var health = connection.Health;
        Assert.False(health.IsConnected);
        Assert.Equal($"amqp://norse:***@127.0.0.1:{AmqpConnectionString.Parse(options.ConnectionString).Port} (UserPassword)", health.Endpoint);
    }

    [Fact]
    public async Task Reconnect_attempts_back_off_exponentially_up_to_the_limit_while_the_broker_stays_away()
    {
        var options = new AmqpOptions
        {
            ConnectionString = $"amqp://127.0.0.1:{LocalPorts.Free()}",
            ReconnectMinDelay = TimeSpan.FromSeconds(1),
            ReconnectMaxDelay = TimeSpan.FromSeconds(4),
        };
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        await using var connection = new BrokerConnection(options, NullLogger<BrokerConnection>.Instance, clock);
        connection.Start();
        var delays = new List<TimeSpan>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await Eventually.True(() => connection.Health.NextAttemptAt is not null, TimeSpan.FromSeconds(10), $"failed attempt {attempt + 1}");
            var delay = connection.Health.NextAttemptAt!.Value - clock.GetUtcNow();
            delays.Add(delay);
            clock.Advance(delay);
            await Eventually.True(() => connection.Health.NextAttemptAt is null || connection.Health.NextAttemptAt > clock.GetUtcNow(), TimeSpan.FromSeconds(10), "next attempt");
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4)], delays);
        await Eventually.True(() => connection.Health.State == BrokerState.Disconnected, TimeSpan.FromSeconds(10), "fifth failure");
        Assert.Contains("refused", connection.Health.LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_lost_connection_waits_the_first_delay_and_then_connects_again()
    {
        var port = LocalPorts.Free();
        var options = new AmqpOptions
        {
            ConnectionString = $"amqp://127.0.0.1:{port}",
            ReconnectMinDelay = TimeSpan.FromSeconds(1),
            ReconnectMaxDelay = TimeSpan.FromSeconds(4),
        };
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var broker = AnonymousBroker(port);
        await using var connection = new BrokerConnection(options, NullLogger<BrokerConnection>.Instance, clock);
        connection.Start();
        await Eventually.True(() => connection.IsConnected, TimeSpan.FromSeconds(10), "the first connection");

        broker.Close();

        await Eventually.True(() => connection.Health is { State: BrokerState.Disconnected, NextAttemptAt: not null }, TimeSpan.FromSeconds(10), "the loss");
        Assert.Equal(TimeSpan.FromSeconds(1), connection.Health.NextAttemptAt!.Value - clock.GetUtcNow());
        broker = AnonymousBroker(port);
        try
        {
            await Task.Delay(50); // the pause's timer is set right after the health says so
            clock.Advance(TimeSpan.FromSeconds(1));
            await Eventually.True(() => connection.IsConnected, TimeSpan.FromSeconds(10), "the connection after the pause");
        }
        finally
        {
            broker.Close();
        }
    }

    /// <summary>A bare AMQP 1.0 container that accepts anonymous connections: enough to open and lose a connection.</summary>
    private static Amqp.Listener.ContainerHost AnonymousBroker(int port)
    {
        var host = new Amqp.Listener.ContainerHost(new Amqp.Address($"amqp://127.0.0.1:{port}"));
        host.Listeners[0].SASL.EnableAnonymousMechanism = true;
        host.Open();
        return host;
    }

    [Fact]
    public async Task Disposing_closes_for_good()
    {
        var options = new AmqpOptions { ConnectionString = $"amqp://127.0.0.1:{LocalPorts.Free()}" };
        var connection = new BrokerConnection(options, NullLogger<BrokerConnection>.Instance);
        connection.Start();

        await connection.DisposeAsync();

        Assert.Equal(BrokerState.Closed, connection.Health.State);
        Assert.Throws<ObjectDisposedException>(connection.Start);
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace NorseAlerts.Messaging.Tests;

public class CbsAuthorizationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static AmqpOptions Options(int port) => new()
    {
        ConnectionString = $"Endpoint=sb://127.0.0.1:{port}/;Authentication=ManagedIdentity;UseDevelopmentEmulator=true",
        TokenRenewBefore = TimeSpan.FromMinutes(5),
        ConnectWaitTimeout = TimeSpan.FromSeconds(10),
        SendTimeout = TimeSpan.FromSeconds(10),
    };

    private static string Audience(int port, string entity) => $"sb://127.0.0.1:{port}/{entity}";

    [Fact]
    public async Task Entra_token_is_put_on_cbs_as_jwt_for_every_entity_before_the_first_page()
    {
        using var node = new CbsNode("escalations");
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var credential = new FakeCredential(clock, TimeSpan.FromMinutes(60));
        var options = Options(node.Port);
        await using var connection = new BrokerConnection(options, NullLogger<BrokerConnection>.Instance, clock, credential);
        var publisher = new AmqpAlertPublisher(connection, options, NullLogger<AmqpAlertPublisher>.Instance);
        var page = SamplePages.Page();

        await publisher.PublishAsync(page, CancellationToken.None);

        Assert.Equal(["https://servicebus.azure.net/.default"], Assert.Single(credential.Scopes));
        var requests = node.Requests.ToList();
        Assert.Equal(
            [Audience(node.Port, "escalations"), Audience(node.Port, "clinical-events"), Audience(node.Port, "alert-acks")],
            requests.Select(r => r.Name));
        Assert.All(requests, r =>
        {
            Assert.Equal("put-token", r.Operation);
            Assert.Equal("jwt", r.Type);
            Assert.Equal("token-1", r.Token);
            Assert.Equal(clock.GetUtcNow().AddMinutes(60).UtcDateTime, r.Expiration);
        });
        var (received, tokensBefore) = Assert.Single(node.Pages);
        Assert.Equal(page.MessageId, received.Properties.MessageId);
        Assert.Equal(3, tokensBefore);
        Assert.True(connection.Health.IsConnected);
    }

    [Fact]
    public async Task Token_is_renewed_on_cbs_before_it_expires()
    {
        using var node = new CbsNode("escalations");
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var credential = new FakeCredential(clock, TimeSpan.FromMinutes(60));
        await using var connection = new BrokerConnection(Options(node.Port), NullLogger<BrokerConnection>.Instance, clock, credential);
        await connection.WaitUntilConnectedAsync(Wait, CancellationToken.None);
        Assert.Equal(3, node.Requests.Count);

        clock.Advance(TimeSpan.FromMinutes(54));
        await Task.Delay(300);
        Assert.Equal(3, node.Requests.Count);

        clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(() => node.Requests.Count == 6, Wait, "renewal 5 minutes before expiry");
        Assert.All(node.Requests.Skip(3), r => Assert.Equal("token-2", r.Token));
        Assert.All(node.Requests.Skip(3), r => Assert.Equal(clock.GetUtcNow().AddMinutes(60).UtcDateTime, r.Expiration));

        clock.Advance(TimeSpan.FromMinutes(55));
        await Eventually.True(() => node.Requests.Count == 9, Wait, "second renewal");
        Assert.Equal("token-3", node.Requests.Last().Token);
        Assert.True(connection.Health.IsConnected);
    }

    [Fact]
    public async Task Refused_token_leaves_the_broker_unready_with_the_reason_and_publishing_fails()
    {
        using var node = new CbsNode("escalations") { StatusCode = 401 };
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var options = Options(node.Port);
        options.ConnectWaitTimeout = TimeSpan.Zero;
        await using var connection = new BrokerConnection(options, NullLogger<BrokerConnection>.Instance, clock, new FakeCredential(clock, TimeSpan.FromHours(1)));
        var publisher = new AmqpAlertPublisher(connection, options, NullLogger<AmqpAlertPublisher>.Instance);
        connection.Start();

        await Eventually.True(() => connection.Health.LastError is not null, Wait, "the refusal to be recorded");

        var health = connection.Health;
        Assert.False(health.IsConnected);
        Assert.Contains("401", health.LastError);
        Assert.Contains("token audience mismatch", health.LastError);
        var error = await Assert.ThrowsAsync<AlertPublishException>(() => publisher.PublishAsync(SamplePages.Page(), CancellationToken.None));
        Assert.Contains("401", error.Message);
        Assert.Empty(node.Pages);
    }
}

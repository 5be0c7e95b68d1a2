using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;

namespace NorseAlerts.Messaging.Tests.ServiceBus;

/// <summary><c>Authentication=ManagedIdentity</c>: the credential's Entra token reaches <c>$cbs</c> through the real SDK.</summary>
public class ManagedIdentityTests
{
    [Fact]
    public async Task A_managed_identity_token_is_put_on_cbs_as_a_jwt_before_the_page_is_sent()
    {
        using var endpoint = new ServiceBusTestEndpoint(tls: true);
        var credential = new FakeCredential(TimeSpan.FromHours(1));
        var options = endpoint.Options(endpoint.ManagedIdentityConnectionString);
        await using var transport = new ServiceBusTransport(options, NullLogger<ServiceBusTransport>.Instance, credential: credential);
        var publisher = new ServiceBusAlertPublisher(transport, options, NullLogger<ServiceBusAlertPublisher>.Instance);
        var page = SamplePages.Page();

        await publisher.PublishAsync(page, CancellationToken.None);

        Assert.Contains(credential.Scopes, s => s.SequenceEqual(["https://servicebus.azure.net/.default"]));
        var token = Assert.Single(endpoint.Tokens, t => t.Audience?.EndsWith("/escalations", StringComparison.Ordinal) == true);
        Assert.Equal("put-token", token.Operation);
        Assert.Equal("jwt", token.Type);
        Assert.Contains(token.Token, credential.Issued);
        var parts = token.Token.Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(parts[0].PadRight((parts[0].Length + 3) / 4 * 4, '='))));
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        Assert.Equal(page.MessageId, Assert.Single(endpoint["escalations"].Settled).Properties.MessageId);
    }
}

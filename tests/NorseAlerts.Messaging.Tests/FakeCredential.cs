using System.Collections.Concurrent;
using Azure.Core;

namespace NorseAlerts.Messaging.Tests;

/// <summary>An Entra credential on the test clock: token-1, token-2, ... each valid for <see cref="Lifetime"/>.</summary>
internal sealed class FakeCredential(TimeProvider time, TimeSpan lifetime) : TokenCredential
{
    private int issued;

    public TimeSpan Lifetime => lifetime;

    public ConcurrentQueue<string[]> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Scopes.Enqueue(requestContext.Scopes);
        return new AccessToken($"token-{Interlocked.Increment(ref issued)}", time.GetUtcNow() + lifetime);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

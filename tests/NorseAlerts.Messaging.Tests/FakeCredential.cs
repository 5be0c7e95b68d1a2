using System.Collections.Concurrent;
using System.Text;
using Azure.Core;

namespace NorseAlerts.Messaging.Tests;

/// <summary>
/// An Entra credential for tests: hands out JWT-shaped tokens (header.payload.signature, base64url) whose payload
/// names the scope and a serial, each valid for <paramref name="lifetime"/>, and records the scopes asked for.
/// </summary>
internal sealed class FakeCredential(TimeSpan lifetime) : TokenCredential
{
    private int issued;

    public ConcurrentQueue<string[]> Scopes { get; } = new();

    public ConcurrentQueue<string> Issued { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Scopes.Enqueue(requestContext.Scopes);
        var serial = Interlocked.Increment(ref issued);
        var token = $"{Base64Url("""{"alg":"RS256","typ":"JWT"}""")}.{Base64Url($$"""{"aud":"{{string.Join(' ', requestContext.Scopes)}}","serial":{{serial}}}""")}.c2lnbmF0dXJl";
        Issued.Enqueue(token);
        return new AccessToken(token, DateTimeOffset.UtcNow + lifetime);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace NorseAlerts.Host.Security;

/// <summary>
/// Authenticates <c>X-Api-Key</c> against the configured keys (constant-time comparison) and grants the
/// key's roles. Failures answer 401/403 as problem+json, never revealing which keys exist.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header carrying the key.</summary>
    public const string Header = "X-Api-Key";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (keys.Find(values[0]!) is not { } match)
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid API key"));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, match.Name) };
        claims.AddRange(match.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status401Unauthorized, "Missing or invalid API key", $"Send a valid key in the {Header} header.");

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "API key lacks the role for this endpoint", "Ask for a key with the needed role (ingest, read or ack).");
}

/// <summary>The configured keys with their roles.</summary>
public sealed class ApiKeyRing
{
    private readonly List<(string Name, byte[] Key, IReadOnlySet<string> Roles)> keys;

    /// <summary>Builds the ring; a key without a roles entry gets every role.</summary>
    public ApiKeyRing(IReadOnlyDictionary<string, string> apiKeys, IReadOnlyDictionary<string, IReadOnlySet<string>> roles)
    {
        ArgumentNullException.ThrowIfNull(apiKeys);
        ArgumentNullException.ThrowIfNull(roles);
        keys = [.. apiKeys.Select(k => (k.Key, Encoding.UTF8.GetBytes(k.Value), roles.TryGetValue(k.Key, out var r) ? r : ApiRoles.All))];
    }

    /// <summary>The key's name and roles, or null.</summary>
    public (string Name, IReadOnlySet<string> Roles)? Find(string presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented);
        (string, IReadOnlySet<string>)? found = null;
        foreach (var (name, key, roles) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(bytes, key))
            {
                found = (name, roles);
            }
        }

        return found;
    }
}

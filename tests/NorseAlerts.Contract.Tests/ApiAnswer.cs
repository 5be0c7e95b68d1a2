using System.Text.Json;

namespace NorseAlerts.Contract.Tests;

/// <summary>An HTTP answer: status, media type (without parameters) and body.</summary>
public sealed record ApiAnswer(int Status, string? MediaType, string Body)
{
    /// <summary>The body as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

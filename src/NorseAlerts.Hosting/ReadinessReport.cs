using System.Text.Json;
using System.Text.Json.Serialization;

namespace NorseAlerts.Hosting;

/// <summary>
/// The body of <c>GET /readyz</c> in both hosts: <c>{status, checks: {name: {status, description, data}}}</c>, with
/// <c>ready</c> or <c>not-ready</c> overall and per check. The host answers <c>200</c> when ready, else <c>503</c>.
/// </summary>
/// <param name="Status"><c>ready</c> when every check is, else <c>not-ready</c>.</param>
/// <param name="Checks">Each check by name.</param>
public sealed record ReadinessReport(string Status, IReadOnlyDictionary<string, ReadinessCheck> Checks)
{
    /// <summary>The status of a ready host or check.</summary>
    public const string Ready = "ready";

    /// <summary>The status of a host or check that is not ready.</summary>
    public const string NotReady = "not-ready";

    /// <summary>How a readiness report is written: web defaults, absent values left out.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Whether every check is ready.</summary>
    [JsonIgnore]
    public bool IsReady => Status == Ready;

    /// <summary>The report of <paramref name="checks"/>: ready only when each of them is.</summary>
    public static ReadinessReport Of(IReadOnlyDictionary<string, ReadinessCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return new ReadinessReport(checks.Values.All(c => c.Status == Ready) ? Ready : NotReady, checks);
    }

    /// <summary>The answer: <c>200</c> when ready, else <c>503</c>, never cached.</summary>
    public ApiReply ToReply() =>
        new(IsReady ? 200 : 503, ApiReply.JsonMediaType, JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions))
        {
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Cache-Control"] = "no-store" },
        };
}

/// <summary>One entry of a <see cref="ReadinessReport"/>.</summary>
/// <param name="Status"><c>ready</c> or <c>not-ready</c>.</param>
/// <param name="Description">A short state, e.g. <c>writable</c>, <c>connected</c>.</param>
/// <param name="Data">Details (times, counts), or null.</param>
public sealed record ReadinessCheck(string Status, string? Description, IReadOnlyDictionary<string, object>? Data = null)
{
    /// <summary>A passing check.</summary>
    public static ReadinessCheck Passing(string? description, IReadOnlyDictionary<string, object>? data = null) =>
        new(ReadinessReport.Ready, description, data is { Count: > 0 } ? data : null);

    /// <summary>A failing check.</summary>
    public static ReadinessCheck Failing(string? description, IReadOnlyDictionary<string, object>? data = null) =>
        new(ReadinessReport.NotReady, description, data is { Count: > 0 } ? data : null);
}

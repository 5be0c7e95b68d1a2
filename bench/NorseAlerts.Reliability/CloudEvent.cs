using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NorseAlerts.Reliability;

/// <summary>CloudEvents bodies the suite posts, as an integration engine would.</summary>
public static class CloudEvent
{
    /// <summary>One event as a JSON object.</summary>
    public static Dictionary<string, object?> Of(string type, DateTimeOffset time, string subject, string id, object? data = null) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = "reliability://suite",
        ["type"] = type,
        ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["subject"] = subject,
        ["data"] = data ?? new { },
    };

    /// <summary>One event, or a batch when there are several, as request content.</summary>
    public static StringContent Content(params Dictionary<string, object?>[] events) => events.Length == 1
        ? new StringContent(JsonSerializer.Serialize(events[0]), Encoding.UTF8, "application/cloudevents+json")
        : new StringContent(JsonSerializer.Serialize(events), Encoding.UTF8, "application/cloudevents-batch+json");
}

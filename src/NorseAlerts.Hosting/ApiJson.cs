using System.Text.Json;
using System.Text.Json.Serialization;

namespace NorseAlerts.Hosting;

/// <summary>
/// The JSON of API answers in both hosts: ASP.NET Core's web defaults (camelCase, nulls written, so a held
/// event's <c>caseId</c> reads <c>null</c>) with enums as strings. The embedded host's minimal APIs use these
/// defaults; the Functions app writes its answers with these options, so the two answer byte for byte alike.
/// </summary>
public static class ApiJson
{
    /// <summary>The serializer options of API answers.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}

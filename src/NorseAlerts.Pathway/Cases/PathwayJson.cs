using System.Text.Json;
using System.Text.Json.Serialization;

namespace NorseAlerts.Pathway.Cases;

/// <summary>The one JSON shape of pathway state, so the embedded store and Durable history agree.</summary>
public static class PathwayJson
{
    /// <summary>camelCase web defaults, enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}

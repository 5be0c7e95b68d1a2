using System.Text.Json.Nodes;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Tests.Protocols;

/// <summary>The built-in protocol documents, to edit into institution files in tests.</summary>
internal static class ProtocolFiles
{
    public static string Json(string name)
    {
        using var stream = typeof(ProtocolCatalog).Assembly.GetManifestResourceStream($"NorseAlerts.Pathway.Protocols.{name}.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static JsonObject Document(string name = ProtocolCatalog.Seed) => JsonNode.Parse(Json(name))!.AsObject();

    public static JsonObject At(JsonObject root, string path)
    {
        JsonNode node = root;
        foreach (var part in path.Split('.'))
        {
            node = node[part]!;
        }

        return node.AsObject();
    }

    /// <summary>Reads an edited document as an institution file would be read.</summary>
    public static Protocol Read(JsonObject root, string origin = "hospital.json") => ProtocolReader.Parse(root.ToJsonString(), origin);
}

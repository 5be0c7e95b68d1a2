using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Protocols;

/// <summary>
/// Reads a protocol file: the schema (<see cref="ProtocolSchema"/>) and the checks it cannot express
/// (<see cref="ProtocolSemantics"/>) report every error with its JSON path at once, so that a pharmacist editing
/// an institution's file sees all mistakes in one start, not one per restart. Then the records are bound by
/// source generation and stamped with the content hash.
/// </summary>
public static class ProtocolReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses <paramref name="json"/>; throws <see cref="ProtocolException"/> naming each bad field.</summary>
    public static Protocol Parse(string json, string origin)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new ProtocolException(origin, [new FieldError("$", $"is not valid JSON: {ex.Message}")]);
        }

        using (doc)
        {
            var node = JsonNode.Parse(doc.RootElement.GetRawText(), documentOptions: DocumentOptions);
            var errors = ProtocolSchema.Validate(doc.RootElement, node).Concat(ProtocolSemantics.Sources(node)).ToList();
            if (errors.Count > 0)
            {
                throw new ProtocolException(origin, errors);
            }

            var protocol = doc.RootElement.Deserialize(ProtocolJsonContext.Default.Protocol)
                ?? throw new ProtocolException(origin, [new FieldError("$", "must be a JSON object")]);
            errors.AddRange(ProtocolSemantics.Check(protocol));
            if (errors.Count > 0)
            {
                throw new ProtocolException(origin, errors);
            }

            return protocol with { Hash = ContentHash(node), Origin = origin };
        }
    }

    /// <summary>
    /// The content hash of a protocol document: SHA-256 of its compact JSON, so layout and comments do not count
    /// and every change of a name, number or text does.
    /// </summary>
    public static string ContentHash(JsonNode? document)
    {
        var compact = document?.ToJsonString() ?? "null";
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(compact)));
    }
}

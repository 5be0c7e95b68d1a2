using System.Text.Json.Serialization;

namespace NorseAlerts.Pathway.Protocols;

/// <summary>
/// Binds a protocol file to <see cref="Protocol"/> with System.Text.Json source generation. Runs only on a document
/// that <c>protocol.schema.json</c> accepted, so binding never meets a shape the records do not expect.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(Protocol))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;

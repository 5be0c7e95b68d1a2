using System.Text.Json;
using System.Text.Json.Serialization;

namespace NorseAlerts.Pathway.Vocabulary;

/// <summary>
/// Writes an <see cref="IWireValue{TSelf}"/> as its wire string and reads only known strings back. Put on the
/// type, so every serializer (the store's, the API's, the Durable worker's) writes the same bytes.
/// </summary>
/// <typeparam name="T">The vocabulary type.</typeparam>
public sealed class WireValueConverter<T> : JsonConverter<T>
    where T : struct, IWireValue<T>
{
    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"a {typeof(T).Name} is a JSON string, not {reader.TokenType}");
        }

        return Known(reader.GetString());
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Name);
    }

    /// <inheritdoc/>
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Known(reader.GetString());

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.Name);
    }

    private static T Known(string? name) =>
        WireValue.TryParse<T>(name, out var value)
            ? value
            : throw new JsonException($"'{name}' is not a known {typeof(T).Name}");
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Protocols;

/// <summary>
/// <c>protocol.schema.json</c>, the published shape of a protocol file, and the check of a document against it.
/// Every schema error becomes a <see cref="FieldError"/> on the field's path (<c>firstLine.window.source</c>,
/// <c>escalation.roles[1]</c>), worded for the pharmacist who edits the file.
/// </summary>
public static class ProtocolSchema
{
    /// <summary>The logical name of the embedded schema.</summary>
    public const string ResourceName = "NorseAlerts.Pathway.Protocols.protocol.schema.json";

    private static readonly Lazy<(JsonSchema Schema, JsonNode Document)> Loaded = new(Load);

    /// <summary>The schema text, as published beside the built-in protocols.</summary>
    public static string Text { get; } = ReadResource();

    /// <summary>Every way <paramref name="root"/> (also given as <paramref name="instance"/>) breaks the schema.</summary>
    public static IReadOnlyList<FieldError> Validate(JsonElement root, JsonNode? instance)
    {
        var (schema, document) = Loaded.Value;
        var results = schema.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<FieldError>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is not { Count: > 0 } keywordErrors)
            {
                continue;
            }

            var at = Segments(detail.InstanceLocation.ToString());
            var subschema = Subschema(document, detail.SchemaLocation);
            foreach (var (keyword, message) in keywordErrors)
            {
                var explained = Explain(keyword, message, at, subschema, instance).ToList();
                errors.AddRange(explained.Count > 0 ? explained : [new FieldError(Path(instance, at), message)]);
            }
        }

        return errors;
    }

    private static IEnumerable<FieldError> Explain(string keyword, string message, List<string> at, JsonNode? subschema, JsonNode? instance)
    {
        var target = Resolve(instance, at);
        switch (keyword)
        {
            case "required" when subschema is JsonObject { } owner && owner["required"] is JsonArray:
                foreach (var name in Strings(subschema?["required"]).Where(n => target is JsonObject o && !o.ContainsKey(n)))
                {
                    yield return new FieldError(Path(instance, [.. at, name]), "is required");
                }

                yield break;
            case "dependentRequired" when DependenciesOf(subschema) is { } dependencies && target is JsonObject present:
                foreach (var (trigger, needed) in dependencies)
                {
                    foreach (var name in Strings(needed).Where(n => present.ContainsKey(trigger) && !present.ContainsKey(n)))
                    {
                        yield return new FieldError(Path(instance, [.. at, name]), $"is required with {trigger}");
                    }
                }

                yield break;
            case "" when subschema is not null:
                // The false schema of "additionalProperties": the field is not one the schema knows.
                yield return new FieldError(Path(instance, at), "is not a known field" + KnownFields(subschema));
                yield break;
            default:
                // A keyword (or a schema location) this wording does not know keeps the validator's own message:
                // an error is never dropped.
                yield return new FieldError(Path(instance, at), (subschema is null ? null : Wording(keyword, subschema)) ?? message);
                yield break;
        }
    }

    private static JsonObject? DependenciesOf(JsonNode? subschema) => subschema?["dependentRequired"] as JsonObject;

    /// <summary>The schema's own wording for a keyword, as "must ..." rather than the validator's prose.</summary>
    private static string? Wording(string keyword, JsonNode? subschema) => keyword switch
    {
        "type" => "must be " + Either(Strings(subschema?["type"]).Select(Article)),
        "enum" => "must be " + Either(Strings(subschema?["enum"])),
        "const" => $"must be {subschema?["const"]}",
        "exclusiveMinimum" => Number(subschema?["exclusiveMinimum"]) is 0 ? "must be greater than zero" : $"must be greater than {subschema?["exclusiveMinimum"]}",
        "minimum" => Number(subschema?["minimum"]) is 0 ? "must not be negative" : $"must be at least {subschema?["minimum"]}",
        "pattern" => "must be a non-empty text",
        "minItems" => Number(subschema?["minItems"]) is 1 ? "must not be empty" : $"must list at least {subschema?["minItems"]}",
        _ => null,
    };

    private static string KnownFields(JsonNode? falseSchemaOwner) =>
        falseSchemaOwner?["properties"] is JsonObject properties ? ": " + string.Join(", ", properties.Select(p => p.Key)) : "";

    private static string Article(string type) => type switch
    {
        "object" => "an object",
        "array" => "an array",
        "string" => "a string",
        "number" => "a number",
        "integer" => "a whole number",
        "boolean" => "true or false",
        _ => type,
    };

    private static string Either(IEnumerable<string> options)
    {
        var list = options.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " or " + list[^1];
    }

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(x => x?.ToString() ?? "null"),
        JsonValue v => [v.ToString()],
        _ => [],
    };

    /// <summary>
    /// The subschema a result came from. For the false schema of <c>additionalProperties</c> that is the schema
    /// holding it, whose <c>properties</c> name the fields that are known.
    /// </summary>
    /// <remarks>
    /// JsonSchema.Net 8.0.5 appends the parent's name to some locations (<c>.../additionalProperties/window</c>,
    /// <c>.../items/adjuncts</c>), so the walk stops at the last segment that resolves.
    /// </remarks>
    private static JsonNode? Subschema(JsonNode document, Uri location)
    {
        var parts = Segments(Uri.UnescapeDataString(location.Fragment.TrimStart('#')));
        var falseSchema = parts.LastIndexOf("additionalProperties");
        if (falseSchema >= 0)
        {
            parts = parts[..falseSchema];
        }

        var node = document;
        foreach (var part in parts)
        {
            if (Resolve(node, [part]) is not { } next)
            {
                break;
            }

            node = next;
        }

        return node;
    }

    private static List<string> Segments(string pointer) =>
        pointer.Length == 0 ? [] : [.. pointer.TrimStart('/').Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode? Resolve(JsonNode? node, IEnumerable<string> segments)
    {
        foreach (var s in segments)
        {
            node = node switch
            {
                JsonObject o => o[s],
                JsonArray a when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>A field path as the reader's errors have always named it: <c>a.b[1].c</c>, <c>$</c> for the root.</summary>
    private static string Path(JsonNode? instance, List<string> segments)
    {
        if (segments.Count == 0)
        {
            return "$";
        }

        var path = new System.Text.StringBuilder();
        var node = instance;
        foreach (var s in segments)
        {
            if (node is JsonArray)
            {
                path.Append('[').Append(s).Append(']');
            }
            else
            {
                path.Append(path.Length == 0 ? "" : ".").Append(s);
            }

            node = Resolve(node, [s]);
        }

        return path.ToString();
    }

    private static (JsonSchema, JsonNode) Load() =>
        (JsonSchema.FromText(Text), JsonNode.Parse(Text) ?? throw new InvalidOperationException("Empty protocol schema"));

    private static string ReadResource()
    {
        using var stream = typeof(ProtocolSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Missing embedded {ResourceName}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

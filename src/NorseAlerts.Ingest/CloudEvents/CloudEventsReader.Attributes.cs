using System.Text.Json;
using System.Text.RegularExpressions;
using CloudNative.CloudEvents;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>Attribute checks and the mapping of <c>data</c> onto <see cref="ClinicalEvent"/>.</summary>
public static partial class CloudEventsReader
{
    private const string SpecVersion = "1.0";

    private static readonly HashSet<string> StringAttributes = new(StringComparer.Ordinal) { "id", "source", "type", "subject" };

    private static readonly HashSet<string> HandledMembers = new(StringComparer.Ordinal)
    {
        "specversion", "id", "source", "type", "subject", "time", "data", "data_base64", "datacontenttype", "dataschema",
    };

    [GeneratedRegex("^[a-z0-9]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionName();

    private static void CheckAttributes(JsonElement e, List<FieldError> errors)
    {
        if (!e.TryGetProperty("specversion", out var specVersion))
        {
            errors.Add(new FieldError("specversion", $"is required ('{SpecVersion}')"));
        }
        else if (specVersion.ValueKind != JsonValueKind.String || specVersion.GetString() != SpecVersion)
        {
            errors.Add(new FieldError("specversion", $"must be '{SpecVersion}', was {Describe(specVersion)}"));
        }

        foreach (var name in StringAttributes)
        {
            if (e.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                errors.Add(new FieldError(name, $"must be a string, was {Describe(value)}"));
            }
            else if (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString()))
            {
                errors.Add(new FieldError(name, "must not be empty"));
            }
            else if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            {
                errors.Add(new FieldError(name, "is required"));
            }
        }

        if (e.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String
            && !Uri.TryCreate(source.GetString(), UriKind.RelativeOrAbsolute, out _))
        {
            errors.Add(new FieldError("source", "must be a URI-reference, e.g. 'hl7v2:MIRTH/GENH' or '/ehr/genh'"));
        }

        if (!e.TryGetProperty("time", out var time) || time.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError("time", "is required (RFC 3339 clinical time, e.g. 2024-03-01T10:15:00Z)"));
        }
        else if (time.ValueKind != JsonValueKind.String || Rfc3339.Parse(time.GetString()) is null)
        {
            errors.Add(new FieldError("time", $"must be an RFC 3339 date-time with an offset, e.g. 2024-03-01T10:15:00Z; was {Describe(time)}"));
        }

        if (e.TryGetProperty("datacontenttype", out var dataContentType) && dataContentType.ValueKind != JsonValueKind.Null
            && !(dataContentType.ValueKind == JsonValueKind.String && IsJsonMediaType(dataContentType.GetString()!)))
        {
            errors.Add(new FieldError("datacontenttype", "must be application/json (or absent): data is a JSON object"));
        }

        if (e.TryGetProperty("dataschema", out var dataSchema) && dataSchema.ValueKind != JsonValueKind.Null
            && !(dataSchema.ValueKind == JsonValueKind.String && Uri.TryCreate(dataSchema.GetString(), UriKind.Absolute, out _)))
        {
            errors.Add(new FieldError("dataschema", "must be an absolute URI"));
        }

        if (e.TryGetProperty("data_base64", out var base64) && base64.ValueKind != JsonValueKind.Null)
        {
            errors.Add(new FieldError("data_base64", "binary data is not accepted; send data as a JSON object"));
        }

        if (e.TryGetProperty("data", out var data) && data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            errors.Add(new FieldError("data", $"must be a JSON object, was {Describe(data)}"));
        }

        foreach (var member in e.EnumerateObject())
        {
            if (HandledMembers.Contains(member.Name))
            {
                continue;
            }

            if (!ExtensionName().IsMatch(member.Name))
            {
                errors.Add(new FieldError(member.Name, "is not a CloudEvents attribute name (lower-case letters and digits, at most 20)"));
            }
            else if (member.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                || (member.Value.ValueKind == JsonValueKind.Number && !member.Value.TryGetInt32(out _)))
            {
                errors.Add(new FieldError(member.Name, "an extension attribute must be a string, a boolean or a 32-bit integer"));
            }
        }
    }

    private static ClinicalEvent ToClinicalEvent(CloudEvent ce, List<FieldError> errors)
    {
        var data = ce.Data is JsonElement { ValueKind: JsonValueKind.Object } element ? element : (JsonElement?)null;
        return WithData(
            new ClinicalEvent
            {
                Source = ce.Source?.OriginalString ?? string.Empty,
                Id = ce.Id ?? string.Empty,
                Type = ce.Type ?? string.Empty,
                Time = ce.Time ?? default,
                Subject = ce.Subject ?? string.Empty,
            },
            data,
            errors);
    }

    private static ClinicalEvent WithData(ClinicalEvent e, JsonElement? data, List<FieldError> errors) => e with
    {
        Agent = Text(data, "agent", errors),
        Outcome = Text(data, "outcome", errors),
        Reason = Text(data, "reason", errors),
        From = Text(data, "from", errors),
        WeightKg = Number(data, "weightKg", errors),
        HeightCm = Number(data, "heightCm", errors),
        Detail = Text(data, "detail", errors) ?? Text(data, "etiology", errors),
    };

    /// <summary>The event read leniently from its JSON (wrong kinds read as absent), for validating the rest of a refused event.</summary>
    private static ClinicalEvent Sketch(JsonElement e)
    {
        string Attribute(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
        var ignored = new List<FieldError>();
        var data = e.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
        var time = Rfc3339.Parse(Attribute("time"));
        var envelope = new ClinicalEvent
        {
            Source = Attribute("source"),
            Id = Attribute("id"),
            Type = Attribute("type"),
            // A missing or unreadable time is already named; the validator must not name it again more vaguely.
            Time = time ?? DateTimeOffset.UnixEpoch,
            Subject = Attribute("subject"),
        };
        return WithData(envelope, data, ignored);
    }

    private static string? Text(JsonElement? data, string name, List<FieldError> errors)
    {
        if (data is not { } d || !d.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(new FieldError("data." + name, $"must be a string, was {Describe(value)}"));
        return null;
    }

    private static double? Number(JsonElement? data, string name, List<FieldError> errors)
    {
        if (data is not { } d || !d.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        errors.Add(new FieldError("data." + name, $"must be a number, was {Describe(value)}"));
        return null;
    }

    private static bool IsJsonMediaType(string mediaType)
    {
        var type = mediaType.Split(';')[0].Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A short description of a JSON value for an error message (kind, and strings up to 40 characters).</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: <= 40 } s ? $"'{s}'" : "a long string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => "missing",
    };
}

using System.Text.Json;
using System.Text.RegularExpressions;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>
/// Reads the body of <c>POST /api/events</c> (DESIGN section 5): one CloudEvents 1.0 structured JSON event or a
/// JSON array of them. Pure: no I/O and no clock, the caller passes <c>now</c>. Never throws for any input bytes.
/// </summary>
/// <remarks>
/// Every event is checked field by field first, so the sender hears about every bad field at once; the CloudEvents
/// SDK (<see cref="JsonEventFormatter"/>) then decodes each event, and anything it still refuses becomes an error
/// rather than an exception. The JSON shape decides single versus batch, whichever of the accepted media types came.
/// The file reads in the order an event meets it: body, batch or single, one event (attribute checks, decoding, the
/// mapping of <c>data</c> onto <see cref="ClinicalEvent"/>, then <see cref="ClinicalEventValidator"/>); the small
/// readers and the content-type check last.
/// </remarks>
public static partial class CloudEventsReader
{
    /// <summary>The media types <see cref="Read"/> accepts (parameters such as <c>charset=utf-8</c> aside).</summary>
    public static readonly IReadOnlyList<string> MediaTypes =
    [
        "application/cloudevents+json", "application/cloudevents-batch+json", "application/json",
    ];

    private static readonly JsonEventFormatter Formatter = new();

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private const string SpecVersion = "1.0";

    private static readonly HashSet<string> StringAttributes = new(StringComparer.Ordinal) { "id", "source", "type", "subject" };

    private static readonly HashSet<string> HandledMembers = new(StringComparer.Ordinal)
    {
        "specversion", "id", "source", "type", "subject", "time", "data", "data_base64", "datacontenttype", "dataschema",
    };

    [GeneratedRegex("^[a-z0-9]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionName();

    /// <summary>Reads one event or a batch; a batch is atomic (any bad event rejects all of them).</summary>
    /// <param name="body">The request body as received.</param>
    /// <param name="contentType">The Content-Type header, or null when absent.</param>
    /// <param name="now">The current time, for the five-minute future limit.</param>
    public static IngestResult Read(ReadOnlyMemory<byte> body, string? contentType, DateTimeOffset now)
    {
        try
        {
            return ReadBody(body, contentType, now);
        }
        catch (Exception e)
        {
            // Last line of defence: the checks above should leave nothing to throw, but a reader must never
            // crash the host because of a body it was sent.
            return IngestResult.Rejected("body", $"could not be read ({e.GetType().Name})");
        }
    }

    private static IngestResult ReadBody(ReadOnlyMemory<byte> body, string? contentType, DateTimeOffset now)
    {
        if (CheckContentType(contentType) is { } contentTypeError)
        {
            return IngestResult.Rejected([contentTypeError]);
        }

        var bytes = SkipBom(body);
        if (IsBlank(bytes.Span))
        {
            return IngestResult.Rejected("body", "is empty; send a CloudEvents JSON object or an array of them");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            return IngestResult.Rejected("body", $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Object => ReadSingle(root, now),
                JsonValueKind.Array => ReadBatch(root, now),
                _ => IngestResult.Rejected("body", "must be a CloudEvents JSON object or a JSON array of them"),
            };
        }
    }

    private static IngestResult ReadSingle(JsonElement element, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var e = ReadEvent(element, string.Empty, now, errors);
        return e is not null && errors.Count == 0 ? IngestResult.Accepted([e]) : IngestResult.Rejected(errors);
    }

    private static IngestResult ReadBatch(JsonElement array, DateTimeOffset now)
    {
        if (array.GetArrayLength() == 0)
        {
            return IngestResult.Rejected("body", "is an empty batch; send at least one event");
        }

        var errors = new List<FieldError>();
        var events = new List<ClinicalEvent>();
        var firstIndexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var prefix = $"[{index}].";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError($"[{index}]", "must be a JSON object (one CloudEvent)"));
            }
            else if (ReadEvent(element, prefix, now, errors) is { } e)
            {
                if (firstIndexByKey.TryGetValue(e.Key, out var first))
                {
                    errors.Add(new FieldError(prefix + "id", $"repeats the source and id of [{first}]; every event in a batch needs its own id"));
                }
                else
                {
                    firstIndexByKey[e.Key] = index;
                    events.Add(e);
                }
            }

            index++;
        }

        return errors.Count == 0 ? IngestResult.Accepted(events) : IngestResult.Rejected(errors);
    }

    /// <summary>One event, or null with its errors (prefixed) added to <paramref name="errors"/>.</summary>
    private static ClinicalEvent? ReadEvent(JsonElement element, string prefix, DateTimeOffset now, List<FieldError> errors)
    {
        var own = new List<FieldError>();
        CheckAttributes(element, own);
        if (own.Count == 0 && Decode(element, own) is { } cloudEvent && own.Count == 0)
        {
            var e = ToClinicalEvent(cloudEvent, own);
            if (own.Count == 0)
            {
                own.AddRange(ClinicalEventValidator.Validate(e, now));
                if (own.Count == 0)
                {
                    return e;
                }
            }
        }
        else
        {
            // The attributes are already refused; the event as far as it can be read is still validated, so the
            // sender hears about every bad field (a bad time and a bad data.agent) in one answer.
            own.AddRange(ClinicalEventValidator.Validate(Sketch(element), now)
                .Where(error => !own.Any(o => o.Field == error.Field || error.Field.StartsWith(o.Field + ".", StringComparison.Ordinal))));
        }

        // A field our own checks already named is not reported a second time by the validator.
        errors.AddRange(own
            .DistinctBy(error => error.Field, StringComparer.Ordinal)
            .Select(error => error with { Field = prefix + error.Field }));
        return null;
    }

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

    private static CloudEvent? Decode(JsonElement element, List<FieldError> errors)
    {
        try
        {
            return Formatter.ConvertFromJsonElement(element, extensionAttributes: null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException or JsonException)
        {
            errors.Add(new FieldError("event", $"is not a valid CloudEvent: {e.Message}"));
            return null;
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
        Retracts = Text(data, "retracts", errors),
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

    private static ReadOnlyMemory<byte> SkipBom(ReadOnlyMemory<byte> body) =>
        body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body;

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static FieldError? CheckContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var parts = contentType.Split(';');
        var mediaType = parts[0].Trim();
        if (!MediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return new FieldError("Content-Type", $"'{mediaType}' is not accepted; use {string.Join(", ", MediaTypes)}");
        }

        foreach (var parameter in parts.Skip(1))
        {
            var pair = parameter.Split('=', 2);
            if (pair.Length == 2 && pair[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var charset = pair[1].Trim().Trim('"');
                if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                {
                    return new FieldError("Content-Type", $"charset '{charset}' is not accepted; JSON is UTF-8");
                }
            }
        }

        return null;
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

using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace NorseAlerts.Messaging;

/// <summary>
/// The body of a message on the alert-acks queue: UTF-8 JSON <c>{"alertId": "...", "by": "...", "note": "..."}</c>,
/// the same fields as <c>POST /api/alerts/{alertId}/ack</c> with the alert id inside. <c>note</c> is optional.
/// </summary>
/// <param name="AlertId">The alert acknowledged.</param>
/// <param name="By">Who acknowledged it.</param>
/// <param name="Note">Free text, optional.</param>
public sealed record AckMessage(string AlertId, string By, string? Note)
{
    /// <summary>The AMQP content type senders should set.</summary>
    public const string ContentType = "application/json";

    /// <summary>Reads an ack body; on failure <paramref name="error"/> says what is wrong (field names, never values).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out AckMessage? ack, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return TryRead(body, out ack, out error);
        }
        catch (InvalidOperationException)
        {
            // A lone UTF-16 surrogate escape (\ud800) parses as JSON but reads as no string.
            ack = null;
            error = "body is not valid Unicode: a string holds a lone UTF-16 surrogate";
            return false;
        }
    }

    private static bool TryRead(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out AckMessage? ack, [NotNullWhen(false)] out string? error)
    {
        ack = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            error = "body is not JSON: expected {\"alertId\": \"...\", \"by\": \"...\", \"note\": \"...\"}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "body must be a JSON object with alertId and by";
                return false;
            }

            var problems = new List<string>();
            var alertId = RequiredString(root, "alertId", problems);
            var by = RequiredString(root, "by", problems);
            string? note = null;
            if (root.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null)
            {
                if (n.ValueKind == JsonValueKind.String)
                {
                    note = n.GetString();
                }
                else
                {
                    problems.Add("note: must be a string");
                }
            }

            if (problems.Count > 0)
            {
                error = string.Join("; ", problems);
                return false;
            }

            ack = new AckMessage(alertId!, by!, note);
            error = null;
            return true;
        }
    }

    private static string? RequiredString(JsonElement root, string name, List<string> problems)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            problems.Add($"{name}: required, a non-empty string");
            return null;
        }

        return value.GetString();
    }
}

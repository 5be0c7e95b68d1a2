using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NorseAlerts.Contract.Tests;

/// <summary>One step of a timeline: a request, or an ack of the patient's oldest triggered alert.</summary>
internal sealed record Step(string Path, string Body, string ContentType, string? AckPatient = null)
{
    public static Step Ack(string patient) => new(string.Empty, string.Empty, string.Empty, patient);
}

/// <summary>
/// What one host answered, normalised line by line so two hosts' transcripts compare: ids (keyed by each deployment's
/// own secret) become names in the order the host first showed them, and the host's own clock readings become a mark.
/// </summary>
internal sealed partial class HostTranscript(IApiDriver host)
{
    private const string Er7 = "x-application/hl7-v2+er7";

    /// <summary>Fields holding a host's own reading of its clock, not a clinical time.</summary>
    private static readonly HashSet<string> HostClockFields = new(StringComparer.Ordinal) { "raisedAt", "acknowledgedAt", "resolvedAt", "receivedAt", "expiresAt", "ageSeconds" };

    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);

    public List<string> Lines { get; } = [];

    /// <summary>Fails naming the first line where <paramref name="second"/> differs from <paramref name="first"/>.</summary>
    public static void AssertSame(HostTranscript first, HostTranscript second, string firstName, string secondName)
    {
        Assert.NotEmpty(first.Lines);
        var differs = first.Lines.Zip(second.Lines).Select((pair, i) => (pair, i)).FirstOrDefault(x => x.pair.First != x.pair.Second);
        Assert.True(
            differs.pair.First is null && first.Lines.Count == second.Lines.Count,
            $"line {differs.i + 1} differs:\n{firstName}: {Around(differs.pair.First, differs.pair.Second)}\n{secondName}: {Around(differs.pair.Second, differs.pair.First)}");
    }

    // The part of a long line around where it first differs from the other.
    private static string? Around(string? line, string? other)
    {
        if (line is null || other is null)
        {
            return line;
        }

        var at = line.Zip(other).TakeWhile(p => p.First == p.Second).Count();
        var from = Math.Max(0, at - 300);
        return (from > 0 ? "..." : string.Empty) + line[from..Math.Min(line.Length, at + 500)];
    }

    public async Task RunAsync(Step step)
    {
        if (step.AckPatient is { } patient)
        {
            var alertId = await OldestTriggeredAlertAsync(patient);
            var ack = await host.SendAsync(HttpMethod.Post, $"/api/alerts/{alertId}/ack", """{"by":"Dr. Berg","note":"seen"}""");
            Record($"ack {Name(alertId ?? "none")}", ack);
            return;
        }

        var answer = await host.SendAsync(HttpMethod.Post, step.Path, step.Body, step.ContentType);
        // The timelines are realistic input: a refusal means the script is wrong, and two hosts refusing it alike would
        // compare equal while testing nothing. HL7 answers 200 with its ACK, which must accept the message (AA).
        Assert.True(answer.Status < 400, $"{step.Path} answered {answer.Status}: {answer.Body}");
        Assert.True(step.Path != "/api/hl7v2" || answer.Body.Contains("MSA|AA|", StringComparison.Ordinal), $"{step.Path} answered {answer.Body}");
        Record("POST " + step.Path, answer);
    }

    public async Task ReadBackAsync(IReadOnlyList<string> patients)
    {
        var cases = await host.SendAsync(HttpMethod.Get, "/api/cases");
        // Newest onset first, as the API lists them; cases with the same onset are ordered by their ids, which each
        // deployment keys with its own secret, so the transcript orders those by patient and status instead.
        var mine = cases.Json.EnumerateArray().Where(c => patients.Contains(c.GetProperty("patient").GetString()))
            .OrderByDescending(c => c.GetProperty("onsetAt").GetDateTimeOffset())
            .ThenBy(c => c.GetProperty("patient").GetString(), StringComparer.Ordinal)
            .ThenBy(c => c.GetProperty("status").GetString(), StringComparer.Ordinal)
            .ToList();
        Lines.Add("cases: " + Normalise(new JsonArray([.. mine.Select(c => JsonNode.Parse(c.GetRawText()))])));
        foreach (var caseId in mine.Select(c => c.GetProperty("caseId").GetString()!).Order(StringComparer.Ordinal).OrderBy(Name, StringComparer.Ordinal))
        {
            var detail = await host.SendAsync(HttpMethod.Get, "/api/cases/" + caseId);
            Record($"case {Name(caseId)}", detail);
            var alerts = await host.SendAsync(HttpMethod.Get, "/api/alerts?caseId=" + caseId);
            Record($"alerts {Name(caseId)}", alerts);
        }
    }

    /// <summary>The alerts of <paramref name="patient"/>'s active case, oldest first, optionally in one state only.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ActiveCaseAlertsAsync(IApiDriver host, string patient, string? state = null)
    {
        var cases = await host.SendAsync(HttpMethod.Get, "/api/cases?status=active");
        var caseId = cases.Json.EnumerateArray().Single(c => c.GetProperty("patient").GetString() == patient).GetProperty("caseId").GetString();
        var alerts = await host.SendAsync(HttpMethod.Get, $"/api/alerts?caseId={caseId}" + (state is null ? string.Empty : "&state=" + state));
        return [.. alerts.Json.EnumerateArray()];
    }

    private async Task<string?> OldestTriggeredAlertAsync(string patient) =>
        (await ActiveCaseAlertsAsync(host, patient, "triggered")).Select(a => a.GetProperty("alertId").GetString()).FirstOrDefault();

    private void Record(string what, ApiAnswer answer)
    {
        var body = answer.MediaType == Er7
            ? string.Join(" ", answer.Body.Split('\r', StringSplitOptions.RemoveEmptyEntries).Where(s => s.StartsWith("MSA|", StringComparison.Ordinal) || s.StartsWith("ERR|", StringComparison.Ordinal)))
            : answer.Body.Length == 0 ? string.Empty : Normalise(JsonNode.Parse(answer.Body));
        Lines.Add($"{what} -> {answer.Status} {body}");
    }

    // Ids become names in the order this host first showed them; a host's clock readings become a mark.
    private string Normalise(JsonNode? node) => Walk(node)?.ToJsonString() ?? "null";

    private JsonNode? Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                // A merge closes the merged-away case when the host applies it: that closure time is the host's too.
                var mergedAway = o["closureReason"]?.GetValue<string>() == "merged into another patient record";
                foreach (var (key, value) in o)
                {
                    copy[key] = (HostClockFields.Contains(key) || (mergedAway && key == "closedAt")) && value is not null ? "(host clock)" : Walk(value);
                }

                return copy;
            case JsonArray a:
                // Alerts raised by one decision share their raisedAt, and the API breaks that tie by alert id, which each
                // deployment keys with its own secret: such alerts are ordered by kind instead.
                var items = a.All(i => i is JsonObject o && o["alertId"] is not null && o["raisedAt"] is not null)
                    ? a.OrderBy(i => DateTimeOffset.Parse(i!["raisedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ThenBy(i => i!["kind"]?.GetValue<string>(), StringComparer.Ordinal).ToList()
                    : [.. a];
                return new JsonArray([.. items.Select(Walk)]);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return Ids().Replace(v.GetValue<string>(), m => Name(m.Value));
            default:
                return node?.DeepClone();
        }
    }

    private string Name(string id)
    {
        if (!names.TryGetValue(id, out var name))
        {
            name = $"{id.Split('-')[0]}#{names.Count(n => n.Key.StartsWith(id.Split('-')[0], StringComparison.Ordinal)) + 1}";
            names[id] = name;
        }

        return name;
    }

    [GeneratedRegex("(case|alert)-[0-9a-f]{8,}")]
    private static partial Regex Ids();
}

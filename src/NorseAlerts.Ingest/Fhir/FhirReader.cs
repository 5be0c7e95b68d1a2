using System.Text.Json;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>
/// Reads a FHIR R4 resource or Bundle (<c>POST /api/fhir</c>) into canonical events with Firely's deserializer.
/// Pure and total: no I/O, no clock, no exception for any input. A Bundle is atomic like a CloudEvents batch.
/// The mapping is documented in docs/fhir-mapping.md.
/// </summary>
public static partial class FhirReader
{
    /// <summary>Bundle types whose entries are read (each entry's resource); others are refused.</summary>
    public static readonly IReadOnlyList<Bundle.BundleType> AcceptedBundleTypes =
        [Bundle.BundleType.Transaction, Bundle.BundleType.Batch, Bundle.BundleType.Collection];

    // Cardinality is left to the mapping: it names exactly the elements NorseAlerts needs, and a resource missing
    // an element we never read (Encounter.class) should not be refused for it.
    private const string CardinalityIssue = "PVAL105";

    private const string UnknownResourceTypeIssue = "PVAL130";

    private static readonly FhirJsonDeserializer Deserializer = new();

    [GeneratedRegex(@"\s*At (?:[^,]*, )?line (\d+), position (\d+)\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex IssueLocation();

    /// <summary>Reads <paramref name="json"/> with <see cref="FhirOptions.Default"/>.</summary>
    public static IngestResult Read(string json, DateTimeOffset now) => Read(json, now, FhirOptions.Default);

    /// <summary>Reads one resource or a Bundle; any bad field rejects all of it.</summary>
    /// <param name="json">The request body.</param>
    /// <param name="now">The current time, for the five-minute future limit.</param>
    /// <param name="options">Site code tables and identifier authorities.</param>
    public static IngestResult Read(string json, DateTimeOffset now, FhirOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return ReadBody(json, now, options);
        }
        catch (Exception e)
        {
            return IngestResult.Rejected("body", $"could not be read ({e.GetType().Name})");
        }
    }

    private static IngestResult ReadBody(string? json, DateTimeOffset now, FhirOptions options)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return IngestResult.Rejected("body", "is empty; send a FHIR R4 resource or Bundle as JSON");
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return IngestResult.Rejected("body", "must be a FHIR resource: a JSON object with resourceType");
            }

            var typeErrors = new List<FieldError>();
            CheckResourceTypes(document.RootElement, string.Empty, typeErrors);
            if (typeErrors.Count > 0)
            {
                return IngestResult.Rejected(typeErrors);
            }
        }
        catch (JsonException e)
        {
            return IngestResult.Rejected("body", $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        Resource? resource;
        IEnumerable<CodedException> issues;
        try
        {
            Deserializer.TryDeserializeResource(json, out resource, out issues);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return IngestResult.Rejected("body", $"could not be read as FHIR: {e.Message}");
        }

        var parseErrors = issues
            .Where(i => i.ErrorCode != CardinalityIssue)
            .Select(i => ToFieldError(i, resource?.TypeName))
            .Distinct()
            .ToList();
        if (parseErrors.Count > 0)
        {
            return IngestResult.Rejected(parseErrors);
        }

        if (resource is null)
        {
            return IngestResult.Rejected("body", "could not be read as a FHIR resource");
        }

        var context = new Context(now, options, resource as Bundle);
        if (resource is Bundle bundle)
        {
            ReadBundle(context, bundle);
        }
        else
        {
            ReadResource(context, resource, resource.TypeName, fullUrl: null);
        }

        return context.Errors.Count == 0
            ? IngestResult.Accepted(context.Events) with { UnmappedDiagnoses = context.Unmapped, Ignored = context.Ignored }
            : IngestResult.Rejected(context.Errors);
    }

    /// <summary>
    /// FHIR names are case-sensitive: <c>condition</c> is not <c>Condition</c>. Firely's reader forgives the case, so
    /// every <c>resourceType</c> (the root, Bundle entries, contained resources) is checked against the R4 names first.
    /// </summary>
    private static void CheckResourceTypes(JsonElement element, string path, List<FieldError> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String
                    && !ModelInfo.SupportedResources.Contains(type.GetString()!, StringComparer.Ordinal))
                {
                    var exact = ModelInfo.SupportedResources.FirstOrDefault(r => string.Equals(r, type.GetString(), StringComparison.OrdinalIgnoreCase));
                    errors.Add(new FieldError(path.Length == 0 ? "resourceType" : path + ".resourceType",
                        exact is null ? $"'{type.GetString()}' is not a FHIR R4 resource type" : $"'{type.GetString()}' must be written '{exact}' (FHIR names are case-sensitive)"));
                }

                foreach (var member in element.EnumerateObject())
                {
                    CheckResourceTypes(member.Value, path.Length == 0 ? RootName(element) + "." + member.Name : path + "." + member.Name, errors);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckResourceTypes(item, $"{path}[{i++}]", errors);
                }

                break;
            default:
                break;
        }
    }

    private static string RootName(JsonElement root) =>
        root.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "resource";

    private static FieldError ToFieldError(CodedException issue, string? rootType)
    {
        var path = (issue as ExtendedCodedException)?.InstancePath ?? string.Empty;
        if (issue.ErrorCode == UnknownResourceTypeIssue || path.Length == 0)
        {
            path = path is "" or "$this" ? "resourceType" : path + ".resourceType";
        }
        else if (path.StartsWith("$this", StringComparison.Ordinal))
        {
            path = (rootType ?? "resource") + path[5..];
        }

        var message = IssueLocation().Replace(issue.Message, " (line $1, position $2)");
        return new FieldError(path, message);
    }

    private static void ReadBundle(Context context, Bundle bundle)
    {
        if (bundle.Type is not { } type || !AcceptedBundleTypes.Contains(type))
        {
            context.Errors.Add(new FieldError("Bundle.type", "must be transaction, batch or collection"));
            return;
        }

        if (bundle.Entry.Count == 0)
        {
            context.Errors.Add(new FieldError("Bundle.entry", "is empty; send at least one resource"));
            return;
        }

        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var path = $"Bundle.entry[{i}].resource";
            var entry = bundle.Entry[i];
            if (entry.Resource is null)
            {
                // A DELETE or GET entry of a transaction the EHR sends for its own bookkeeping: nothing to apply.
                var method = entry.Request?.Method?.ToString().ToUpperInvariant() ?? "no request";
                context.Ignored.Add(new FieldError($"Bundle.entry[{i}]", $"has no resource ({method}); not applied"));
                continue;
            }

            if (!IsTracked(entry.Resource))
            {
                context.Ignored.Add(new FieldError(path, $"'{entry.Resource.TypeName}' is not a resource NorseAlerts reads; not applied"));
                continue;
            }

            var before = context.Events.Count;
            ReadResource(context, entry.Resource, path, entry.FullUrl);
            foreach (var e in context.Events.Skip(before).ToList())
            {
                if (firstByKey.TryGetValue(e.Key, out var first))
                {
                    context.Errors.Add(new FieldError(path + ".id", $"repeats the event of Bundle.entry[{first}]; every entry needs its own id"));
                    context.Events.Remove(e);
                }
                else
                {
                    firstByKey[e.Key] = i;
                }
            }
        }
    }

    private static bool IsTracked(Resource resource) =>
        resource is Condition or MedicationAdministration or Procedure or Observation or Encounter or Patient;

    private static void ReadResource(Context context, Resource resource, string path, string? fullUrl)
    {
        switch (resource)
        {
            case Condition condition:
                ReadCondition(context, condition, path, fullUrl);
                break;
            case MedicationAdministration administration:
                ReadAdministration(context, administration, path, fullUrl);
                break;
            case Procedure procedure:
                ReadProcedure(context, procedure, path, fullUrl);
                break;
            case Observation observation:
                ReadObservation(context, observation, path, fullUrl);
                break;
            case Encounter encounter:
                ReadEncounter(context, encounter, path, fullUrl);
                break;
            case Patient patient:
                ReadPatient(context, patient, path, fullUrl);
                break;
            default:
                context.Errors.Add(new FieldError(path + ".resourceType",
                    $"'{resource.TypeName}' is not supported; send Condition, MedicationAdministration, Procedure, Observation, Encounter or Patient"));
                break;
        }
    }

    private sealed class Context(DateTimeOffset now, FhirOptions options, Bundle? bundle)
    {
        public DateTimeOffset Now { get; } = now;

        public FhirOptions Options { get; } = options;

        public Bundle? Bundle { get; } = bundle;

        public List<ClinicalEvent> Events { get; } = [];

        public List<FieldError> Errors { get; } = [];

        public List<Coding> Unmapped { get; } = [];

        public List<FieldError> Ignored { get; } = [];
    }
}

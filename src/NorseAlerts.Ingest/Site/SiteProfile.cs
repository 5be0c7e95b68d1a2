using Microsoft.Extensions.Configuration;

namespace NorseAlerts.Ingest;

/// <summary>
/// A hospital's settings for its feeds, read once from configuration (DESIGN section 5) and handed to every reader
/// in both hosts: the zone of HL7 times without an offset, the patient identifier domains, and the site's own onset
/// codes on top of the built-in status-epilepticus codes. docs/hl7v2-mapping.md has a worked example.
/// </summary>
public sealed record SiteProfile
{
    /// <summary>The configuration key of the time zone.</summary>
    public const string TimeZoneKey = "NorseAlerts:Site:TimeZone";

    /// <summary>The configuration section of the identifier domains.</summary>
    public const string PatientIdentifiersKey = "NorseAlerts:Site:PatientIdentifiers";

    /// <summary>The configuration section of the site's onset codes.</summary>
    public const string RseOnsetKey = "NorseAlerts:Codes:RseOnset";

    /// <summary>UTC, no identifier domains, the built-in codes.</summary>
    public static SiteProfile Default { get; } = new();

    /// <summary>The zone of HL7 v2 times sent without an offset, daylight saving included.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The patient identifier domains.</summary>
    public PatientIdentifierDomains Identifiers { get; init; } = PatientIdentifierDomains.None;

    /// <summary>The codes the site added (<c>NorseAlerts:Codes:RseOnset:&lt;n&gt;</c>).</summary>
    public IReadOnlyList<CodeMatch> SiteOnsetCodes { get; init; } = [];

    /// <summary>Every code that opens a case: the built-in ones, then the site's.</summary>
    public IReadOnlyList<CodeMatch> RseOnsetCodes => [.. ClinicalCodes.RseOnset, .. SiteOnsetCodes];

    /// <summary>The HL7 v2 reader's options for this site.</summary>
    public Hl7v2Options Hl7v2 => new() { LocalTimeZone = TimeZone, Identifiers = Identifiers, RseOnsetCodes = RseOnsetCodes };

    /// <summary>The FHIR reader's options for this site.</summary>
    public FhirOptions Fhir => new() { LocalTimeZone = TimeZone, Identifiers = Identifiers, RseOnsetCodes = RseOnsetCodes };

    /// <summary>Reads the site settings; throws <see cref="InvalidOperationException"/> naming the bad key.</summary>
    /// <param name="configuration">The host's configuration (keys under <c>NorseAlerts:</c>).</param>
    public static SiteProfile Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new SiteProfile
        {
            TimeZone = ReadTimeZone(configuration[TimeZoneKey]),
            Identifiers = ReadIdentifiers(configuration.GetSection(PatientIdentifiersKey)),
            SiteOnsetCodes = ReadCodes(configuration.GetSection(RseOnsetKey)),
        };
    }

    private static TimeZoneInfo ReadTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException(
                $"{TimeZoneKey} '{id}' is not an IANA time zone id known to this machine (e.g. Europe/Oslo, America/New_York); "
                + "on Linux the zones come from the tzdata package.", e);
        }
    }

    private static PatientIdentifierDomains ReadIdentifiers(IConfigurationSection section)
    {
        var domains = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            var key = $"{PatientIdentifiersKey}:{child.Key}";
            if (child.Key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '|'))
            {
                throw new InvalidOperationException($"{key}: a domain name has no spaces, control characters or '|' (it becomes the patient key prefix)");
            }

            var authorities = (child.Value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (authorities.Length == 0)
            {
                throw new InvalidOperationException($"{key} is empty; list the HL7 assigning authorities (CX-4) and FHIR identifier systems of this domain, comma-separated");
            }

            domains[child.Key] = authorities;
        }

        try
        {
            return new PatientIdentifierDomains(domains);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{PatientIdentifiersKey}: {e.Message}", e);
        }
    }

    private static List<CodeMatch> ReadCodes(IConfigurationSection section)
    {
        var codes = new List<CodeMatch>();
        foreach (var child in section.GetChildren())
        {
            var parts = (child.Value ?? string.Empty).Split('|', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new InvalidOperationException(
                    $"{RseOnsetKey}:{child.Key} '{child.Value}' must be system|code, e.g. I10C|G40.919 or http://snomed.info/sct|230456007");
            }

            codes.Add(new CodeMatch(parts[1], CodingSystems.NamesOf(parts[0])));
        }

        return codes;
    }
}

namespace NorseAlerts.Contract.Tests;

/// <summary>One host of the API, driven by HTTP requests as an integration engine or a dashboard sends them.</summary>
public interface IApiDriver
{
    /// <summary>Which host this is, for failure messages.</summary>
    string Name { get; }

    /// <summary>Sends one request; <paramref name="apiKey"/> null sends no <c>X-Api-Key</c> header.</summary>
    Task<ApiAnswer> SendAsync(HttpMethod method, string pathAndQuery, string? body = null, string contentType = "application/json", string? apiKey = ContractKeys.Full);
}

/// <summary>The keys both hosts are configured with.</summary>
public static class ContractKeys
{
    /// <summary>A key holding every role.</summary>
    public const string Full = "contract-full-key";

    /// <summary>A key holding only the read role.</summary>
    public const string ReadOnly = "contract-read-key";

    /// <summary>The configuration both hosts get.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["NorseAlerts:ApiKeys:contract"] = Full,
        ["NorseAlerts:ApiKeys:reader"] = ReadOnly,
        ["NorseAlerts:Roles:reader"] = "read",
        ["NorseAlerts:Escalation:AckTimeout"] = "01:00:00",
        [SiteTimeZoneKey] = SiteTimeZone,
        ["NorseAlerts:Site:PatientIdentifiers:GENH"] = "GENH, " + FhirIdentifierSystem,
    };

    /// <summary>The zone of HL7 times without an offset at the contract's site (daylight saving in summer).</summary>
    public const string SiteTimeZone = "Europe/Oslo";

    /// <summary>The FHIR identifier system of the site's GENH domain (the HL7 assigning authority GENH).</summary>
    public const string FhirIdentifierSystem = "urn:oid:2.16.578.1.12.4.1.4.1";

    private const string SiteTimeZoneKey = "NorseAlerts:Site:TimeZone";
}

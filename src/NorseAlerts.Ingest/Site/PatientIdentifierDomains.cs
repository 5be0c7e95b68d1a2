namespace NorseAlerts.Ingest;

/// <summary>
/// Which HL7 assigning authorities (CX-4) and FHIR identifier systems belong to one identifier domain
/// (<c>NorseAlerts:Site:PatientIdentifiers:&lt;Domain&gt;</c>). An identifier from any of them gives the patient key
/// <c>&lt;Domain&gt;:&lt;value&gt;</c>, so an HL7 feed and a FHIR feed about one patient meet in one case.
/// </summary>
public sealed class PatientIdentifierDomains
{
    private readonly Dictionary<string, string> domainByAuthority;

    /// <summary>Builds the map from domain to its authorities and systems.</summary>
    /// <exception cref="ArgumentException">An authority belongs to two domains, or a name is empty.</exception>
    public PatientIdentifierDomains(IReadOnlyDictionary<string, IReadOnlyList<string>> authoritiesByDomain)
    {
        ArgumentNullException.ThrowIfNull(authoritiesByDomain);
        domainByAuthority = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (domain, authorities) in authoritiesByDomain)
        {
            foreach (var authority in authorities)
            {
                if (domainByAuthority.TryGetValue(authority, out var other) && other != domain)
                {
                    throw new ArgumentException($"'{authority}' is listed under both {other} and {domain}; an authority belongs to one domain");
                }

                domainByAuthority[authority] = domain;
            }
        }

        Domains = authoritiesByDomain;
    }

    /// <summary>No domains: every identifier keeps its own authority (<c>GENH:00123456</c>, <c>system|value</c>).</summary>
    public static PatientIdentifierDomains None { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>The configured domains and their authorities.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Domains { get; }

    /// <summary>The domain <paramref name="authority"/> belongs to, or null.</summary>
    public string? DomainOf(string? authority) =>
        authority is { Length: > 0 } a && domainByAuthority.TryGetValue(a.Trim(), out var domain) ? domain : null;

    /// <summary><c>&lt;Domain&gt;:&lt;value&gt;</c> when <paramref name="authority"/> belongs to a domain, else null.</summary>
    public string? KeyFor(string? authority, string value) => DomainOf(authority) is { } domain ? $"{domain}:{value}" : null;
}

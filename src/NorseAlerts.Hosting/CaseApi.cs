using Microsoft.Extensions.Logging;
using NorseAlerts.Ingest;

namespace NorseAlerts.Hosting;

/// <summary>
/// The ingest, acknowledge and read use cases of the API (DESIGN section 5) over the <see cref="ICaseBackend"/> a
/// host implements: read the body within the 1 MiB limit, check the content type, parse with NorseAlerts.Ingest and
/// the site profile, commit through the port, and answer with the receipt, the ACK or a problem naming the fields.
/// Each host only authenticates, hands the request over and writes the <see cref="ApiReply"/> as it is.
/// </summary>
public sealed partial class CaseApi
{
    private readonly ICaseBackend cases;
    private readonly SiteProfile site;
    private readonly TimeProvider time;
    private readonly Hl7v2Intake hl7v2;

    /// <summary>The use cases over <paramref name="cases"/>.</summary>
    /// <param name="cases">The host's port.</param>
    /// <param name="site">The site's feed settings (time zone, identifier domains, onset codes).</param>
    /// <param name="time">The clock (the five-minute future limit, ACK times).</param>
    /// <param name="logger">For diagnoses that map to no onset code (system and code only).</param>
    public CaseApi(ICaseBackend cases, SiteProfile site, TimeProvider time, ILogger<Hl7v2Intake> logger)
    {
        this.cases = cases ?? throw new ArgumentNullException(nameof(cases));
        this.site = site ?? throw new ArgumentNullException(nameof(site));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        hl7v2 = new Hl7v2Intake(cases, site, time, logger ?? throw new ArgumentNullException(nameof(logger)));
    }

    /// <summary>The HL7 v2 intake these use cases read with; the embedded host's MLLP listener shares it.</summary>
    public Hl7v2Intake Hl7v2 => hl7v2;

    /// <summary>The largest request body accepted (1 MiB), the same in both hosts.</summary>
    public const int BodyLimit = 1024 * 1024;

    /// <summary>The 413 answer.</summary>
    public static ApiReply TooLarge { get; } = ApiReply.Of(Problem.TooLarge(BodyLimit));

    private static ApiReply NotFound(string what, string id) => ApiReply.Of(Problem.Of(404, $"No such {what}", $"{Capitalized(what)} {id} does not exist."));

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static string? Present(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

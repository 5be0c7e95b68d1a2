using Microsoft.Extensions.Logging;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Scheduling;

/// <summary>
/// Drops events held for a patient with no case once they have waited <see cref="NorseAlerts.Hosting.HeldEventRule.ExpireAfter"/>
/// since their arrival: it sleeps until the earliest expiry and removes what is due through the writer, one audit entry
/// per event (actor <see cref="Actor"/>, kind <c>held-event-expired</c>), so a late onset no longer picks them up. With
/// nothing held it looks again one expiry period later: nothing arriving meanwhile can expire sooner than that.
/// </summary>
public sealed class HeldEventExpiry : WakeableService
{
    /// <summary>The actor of the audit entries it writes.</summary>
    public const string Actor = "held-expiry";

    private readonly HeldEventQueries queries;
    private readonly Writer writer;
    private readonly TimeProvider time;
    private readonly RuntimeOptions options;
    private readonly ILogger logger;

    /// <summary>Creates the service over the store's read side and the single writer.</summary>
    public HeldEventExpiry(HeldEventQueries queries, Writer writer, TimeProvider time, RuntimeOptions options, ILogger<HeldEventExpiry> logger)
        : base(time, logger)
    {
        this.queries = queries;
        this.writer = writer;
        this.time = time;
        this.options = options;
        this.logger = logger;
    }

    /// <inheritdoc />
    protected override async Task<DateTimeOffset?> RunPassAsync(CommitChanges changes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rule = options.Held;
        DateTimeOffset? next = null;
        foreach (var (patientKey, events) in queries.Read())
        {
            var arrivals = events.Where(e => e.ArrivedAt is not null).ToDictionary(e => e.Event.Key, e => e.ArrivedAt!.Value, StringComparer.Ordinal);
            if (arrivals.Values.Any(a => rule.ExpiresAt(a) <= now))
            {
                var expired = await writer.RunAsync(unit => Expire(unit, patientKey, arrivals), cancellationToken).ConfigureAwait(false);
                foreach (var e in expired)
                {
                    Logs.HeldEventExpired(logger, e.Source, e.Id, e.Type, e.After);
                }
            }

            foreach (var expiresAt in arrivals.Values.Select(rule.ExpiresAt).Where(x => x > now))
            {
                next = next is { } n && n <= expiresAt ? n : expiresAt;
            }
        }

        return next ?? now + rule.ExpireAfter;
    }

    // Re-read inside the transaction: an onset may have opened the case, or another event joined, since the read.
    private IReadOnlyList<HeldEventExpired> Expire(Unit unit, string patientKey, Dictionary<string, DateTimeOffset> arrivals)
    {
        if (unit.LoadPatient(patientKey) is not { } state)
        {
            return [];
        }

        var decision = options.Held.Expire(state, e => arrivals.TryGetValue(e.Key, out var at) ? at : null, unit.Now);
        unit.Save(decision, Actor);
        return [.. decision.Effects.OfType<HeldEventExpired>()];
    }
}

using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Tests.Support;

/// <summary>
/// A test host for one patient: delivers signals to <see cref="CasePathway.Decide"/> at <see cref="Now"/> and,
/// like the embedded runtime, a <see cref="Tick"/> at every timer's due time as clinical time walks on.
/// </summary>
internal sealed class Clock
{
    private const int MaxTicks = 10_000;

    public Clock(string protocol = ProtocolCatalog.Seed, TimeSpan? ackTimeout = null, DateTimeOffset? start = null, ProtocolCatalog? catalog = null)
        : this(new CasePathway(catalog ?? new ProtocolCatalog(), new PathwayOptions { Protocol = protocol, AckTimeout = ackTimeout }), start)
    {
    }

    public Clock(CasePathway pathway, DateTimeOffset? start = null)
    {
        Pathway = pathway;
        Now = start ?? Clinical.T0;
        State = CaseState.New(Clinical.Patient);
    }

    public CasePathway Pathway { get; }

    public CaseState State { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>Every decision in delivery order, with the instant it was taken.</summary>
    public List<(DateTimeOffset At, Decision Decision)> History { get; } = [];

    public IEnumerable<Effect> Effects => History.SelectMany(h => h.Decision.Effects);

    public IEnumerable<Page> Pages => History.SelectMany(h => h.Decision.Pages);

    /// <summary>Pages of one alert kind, with the instant each was decided.</summary>
    public IEnumerable<(DateTimeOffset At, Page Page)> PagesOf(AlertKind kind) =>
        History.SelectMany(h => h.Decision.Pages.Select(p => (h.At, p))).Where(x => x.p.Alert.Kind == kind);

    /// <summary>The open alert of a kind, if any.</summary>
    public Alert? Open(AlertKind kind) => State.Alerts.SingleOrDefault(a => a.IsOpen && a.Kind == kind);

    public IEnumerable<Alert> AlertsOf(AlertKind kind) => State.Alerts.Where(a => a.Kind == kind);

    public Deadline? DeadlineOf(string kind) => State.Deadlines.SingleOrDefault(d => d.Kind == kind);

    public Decision Send(ClinicalEvent e) => Deliver(new EventSignal(e));

    public Decision Send(params ClinicalEvent[] events)
    {
        Decision last = null!;
        foreach (var e in events)
        {
            last = Send(e);
        }

        return last;
    }

    public Decision Ack(string alertId, string by = "neurology-oncall", string? note = null) => Deliver(new Acknowledge(alertId, by, note));

    public Decision Deliver(Signal signal)
    {
        var d = Pathway.Decide(State, signal, Now);
        History.Add((Now, d));
        State = d.State;
        return d;
    }

    /// <summary>Delivers a Tick at every timer that falls due up to <paramref name="until"/>, then stands at it.</summary>
    public void RunUntil(DateTimeOffset until)
    {
        for (var i = 0; State.NextWakeAt is { } wake && wake <= until; i++)
        {
            if (i == MaxTicks)
            {
                throw new InvalidOperationException($"timers never settle: next wake {wake:O}");
            }

            if (wake > Now)
            {
                Now = wake;
            }

            Deliver(new Tick());
        }

        if (until > Now)
        {
            Now = until;
        }
    }

    /// <summary>Walks clinical time on by <paramref name="span"/>.</summary>
    public void Advance(TimeSpan span) => RunUntil(Now + span);

    /// <summary>Acknowledges every triggered alert, so that scenario tests are not flooded with escalations.</summary>
    public void AckAll()
    {
        foreach (var a in State.Alerts.Where(a => a.State == AlertState.Triggered).ToList())
        {
            Ack(a.AlertId);
        }
    }
}

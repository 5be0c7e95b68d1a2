using NorseAlerts.Pathway;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Admin;

/// <summary>
/// Replays a case's signals through the pure pathway on a replay clock (a value that moves from signal to signal;
/// nothing reads the wall clock), from the state of a patient nobody has heard of.
/// </summary>
public static class CaseReplay
{
    // Enough for years of escalations; a pathway that keeps a timer in the past forever must not hang the tool.
    private const int MaxTicks = 100_000;

    /// <summary>The result of a replay: the state it ends in and every decision that changed something.</summary>
    /// <param name="State">The replayed state.</param>
    /// <param name="Timeline">Each decision with effects, in order.</param>
    public sealed record Result(CaseState State, IReadOnlyList<TimelineEntry> Timeline);

    /// <summary>
    /// Exactly what the host did: every recorded signal at its recorded commit time, timer ticks included. The
    /// result equals the stored state when the store is consistent.
    /// </summary>
    public static Result AsRecorded(CasePathway pathway, string patientKey, IReadOnlyList<RecordedSignal> signals)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        ArgumentNullException.ThrowIfNull(signals);
        var state = CaseState.New(patientKey);
        var timeline = new List<TimelineEntry>();
        foreach (var s in signals)
        {
            state = Apply(pathway, state, s.Signal, s.Name, s.At, timeline);
        }

        return new Result(state, timeline);
    }

    /// <summary>
    /// What the pathway would do with the recorded events and acknowledgements: ticks fall exactly when the replayed
    /// case asks for them (so another protocol's deadlines fire on its own schedule), up to <paramref name="until"/>.
    /// </summary>
    public static Result Simulated(CasePathway pathway, string patientKey, IReadOnlyList<RecordedSignal> signals, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(pathway);
        ArgumentNullException.ThrowIfNull(signals);
        var state = CaseState.New(patientKey);
        var timeline = new List<TimelineEntry>();
        foreach (var s in signals.Where(s => s.Signal is not Tick && s.At <= until))
        {
            state = TickUntil(pathway, state, s.At, timeline);
            state = Apply(pathway, state, s.Signal, s.Name, s.At, timeline);
        }

        return new Result(TickUntil(pathway, state, until, timeline), timeline);
    }

    private static CaseState TickUntil(CasePathway pathway, CaseState state, DateTimeOffset until, List<TimelineEntry> timeline)
    {
        for (var i = 0; i < MaxTicks && state.NextWakeAt is { } wake && wake <= until; i++)
        {
            var decision = pathway.Decide(state, new Tick(), wake);
            if (!decision.Changed)
            {
                // A timer the pathway no longer wants: drop it, as the scheduler does.
                state = state with { Timers = [.. state.Timers.Where(t => t.DueAt > wake)] };
                continue;
            }

            timeline.Add(new TimelineEntry(wake, "timer", decision.Effects));
            state = decision.State;
        }

        return state;
    }

    private static CaseState Apply(CasePathway pathway, CaseState state, Signal signal, string name, DateTimeOffset at, List<TimelineEntry> timeline)
    {
        var decision = pathway.Decide(state, signal, at);
        if (decision.Effects.Count > 0)
        {
            timeline.Add(new TimelineEntry(at, name, decision.Effects));
        }

        return decision.State;
    }
}

using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using NorseAlerts.Pathway.Events;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Support;

/// <summary>One delivery of a clinical event: it arrives <see cref="Delay"/> after its clinical time.</summary>
public sealed record Arrival(ClinicalEvent Event, TimeSpan Delay, bool AckAfter)
{
    public DateTimeOffset At => Event.Time + Delay;
}

/// <summary>A random patient course: one onset at T0 plus up to ten other events, arriving late and out of order.</summary>
/// <param name="Protocol">seed or consensus-2022.</param>
/// <param name="Arrivals">The onset first, then the rest, in generation order.</param>
/// <param name="Shuffled">A permutation of the arrival indexes, for arrival-order properties.</param>
/// <param name="Extra">How long after the last clinical time the same-instant deliveries happen.</param>
public sealed record Scenario(string Protocol, IReadOnlyList<Arrival> Arrivals, IReadOnlyList<int> Shuffled, TimeSpan Extra)
{
    public IEnumerable<ClinicalEvent> Events => Arrivals.Select(a => a.Event);

    public override string ToString() =>
        $"{Protocol}: " + string.Join(", ", Arrivals.Select(a =>
            $"{a.Event.Type}{Detail(a.Event)}@{(a.Event.Time - T0).TotalHours.ToString("0.##", CultureInfo.InvariantCulture)}h" +
            $"+{a.Delay.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)}h{(a.AckAfter ? " ack" : "")}")) +
        $" | order {string.Join(",", Shuffled)} | extra {Extra.TotalHours:0.#}h";

    private static string Detail(ClinicalEvent e) => (e.Agent ?? e.Outcome) is { } x ? "(" + x + ")" : "";
}

/// <summary>FsCheck generators of <see cref="Scenario"/>.</summary>
public static class ScenarioArbitraries
{
    private static readonly string[] FirstLineAgents = [Agents.Methylprednisolone, Agents.Ivig, Agents.Plasmapheresis];
    private static readonly string?[] SecondLineAgents = [Agents.Rituximab, Agents.Cyclophosphamide, Agents.Anakinra];
    private static readonly string?[] DoseAgents = [null, Agents.Rituximab, Agents.Cyclophosphamide];
    private static readonly string[] Closures = [.. EventTypes.Closures.Order(StringComparer.Ordinal)];

    public static Arbitrary<Scenario> Scenario() => ScenarioGen.ToArbitrary();

    public static Gen<Scenario> ScenarioGen =>
        from protocol in Gen.Elements("seed", "consensus-2022")
        from count in Gen.Choose(0, 10)
        from events in Gen.CollectToArray(Enumerable.Range(1, count), EventGen)
        from delays in Gen.ArrayOf(DelayGen, count + 1)
        from acks in Gen.ArrayOf(Gen.Elements(true, false, false), count + 1)
        from order in Gen.Shuffle(Enumerable.Range(0, count + 1))
        from extraHours in Gen.Choose(0, 40 * 24)
        select new Scenario(
            protocol,
            [.. events.Prepend(Onset(T0) with { Id = "g0" }).Select((e, i) => new Arrival(e, delays[i], acks[i]))],
            order,
            Hours(extraHours));

    private static Gen<TimeSpan> DelayGen => Gen.Frequency(
        (3, Gen.Constant(TimeSpan.Zero)),
        (2, Gen.Choose(0, 10 * 24 * 60).Select(m => Minutes(m))));

    private static Gen<ClinicalEvent> EventGen(int index) =>
        from kind in Gen.Choose(0, 11)
        from hours in Gen.Choose(-24, 40 * 24)
        from minutes in Gen.Choose(0, 59)
        from pick in Gen.Choose(0, 2)
        from closure in Gen.Elements(Closures)
        select Make(kind, T0 + Hours(hours) + Minutes(minutes), pick, closure) with { Id = "g" + index.ToString(CultureInfo.InvariantCulture) };

    private static ClinicalEvent Make(int kind, DateTimeOffset time, int pick, string closure) => kind switch
    {
        0 => FirstLine(FirstLineAgents[pick], time),
        1 => FirstLineCompleted(time),
        2 => Assessed(ResponseOutcomes.Responding, time),
        3 => Assessed(ResponseOutcomes.NotResponding, time),
        4 => SecondLine(SecondLineAgents[pick]!, time),
        5 => DoseGiven(time, DoseAgents[pick]),
        6 => Stopped(time, DoseAgents[pick]),
        7 => InfusionStarted(time),
        8 => Controlled(time),
        9 => Measurements(time, 40 + (30 * pick), 150 + (10 * pick)),
        10 => Event(closure, time),
        _ => Event(EventTypes.NorseSuspected, time),
    };
}

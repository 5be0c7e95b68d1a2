using System.Collections;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Rules;

/// <summary>
/// The rules of the pathway in the order they run. The order is checked when the list is built: a rule
/// that reads the conditions of a kind must come after the rule that raises it (the stage reads whether
/// first line is overdue and whether second line is recommended), so a list in the wrong order cannot exist.
/// </summary>
public sealed class CaseRules : IReadOnlyList<ICaseRule>
{
    private readonly ICaseRule[] rules;

    /// <summary>The rules in <paramref name="rules"/> order; fails if a rule reads a kind no earlier rule raises.</summary>
    /// <exception cref="ArgumentException">A rule reads conditions that no rule before it raises.</exception>
    public CaseRules(params IEnumerable<ICaseRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.rules = [.. rules];
        for (var i = 0; i < this.rules.Length; i++)
        {
            foreach (var kind in this.rules[i].Reads)
            {
                if (this.rules.Take(i).Any(r => r.Raises.Contains(kind)))
                {
                    continue;
                }

                var later = this.rules.Skip(i + 1).FirstOrDefault(r => r.Raises.Contains(kind));
                throw new ArgumentException(
                    later is null
                        ? $"{Name(this.rules[i])} reads {kind} conditions, which no rule raises"
                        : $"{Name(this.rules[i])} reads {kind} conditions, so it must run after {Name(later)}",
                    nameof(rules));
            }
        }
    }

    /// <summary>The pathway's rules: each clinical window, then the stage, which reads their conditions.</summary>
    public static CaseRules Standard { get; } = new(
        new FirstLineWindow(),
        new ResponseCheck(),
        new SecondLineRecommendation(),
        new SecondLineDoses(),
        new SuperRefractory(),
        new CaseStage());

    /// <inheritdoc/>
    public int Count => rules.Length;

    /// <inheritdoc/>
    public ICaseRule this[int index] => rules[index];

    /// <summary>
    /// What the rules conclude about a case at <paramref name="now"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A rule added a condition of a kind it does not declare in <see cref="ICaseRule.Raises"/>.</exception>
    public Assessment Assess(CaseFacts facts, Protocol protocol, DateTimeOffset now)
    {
        var result = new Assessment();
        foreach (var rule in rules)
        {
            var before = result.Holding.Count;
            rule.Apply(facts, protocol, now, result);
            for (var i = before; i < result.Holding.Count; i++)
            {
                // The order check above trusts Raises: a rule that raises more than it declares breaks it.
                if (!rule.Raises.Contains(result.Holding[i].Kind))
                {
                    throw new InvalidOperationException($"{Name(rule)} raised {result.Holding[i].Kind} conditions without declaring them");
                }
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public IEnumerator<ICaseRule> GetEnumerator() => ((IEnumerable<ICaseRule>)rules).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Name(ICaseRule rule) => rule.GetType().Name;
}

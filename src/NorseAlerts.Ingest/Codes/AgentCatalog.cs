using System.Text.RegularExpressions;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>
/// Recognises an immunotherapy agent (<see cref="Agents"/>) from a coded medication: first by code, then by a name
/// in the text. A medication it does not recognise is not one the pathway tracks, and is ignored by the readers.
/// </summary>
/// <param name="Codes">Codes that name an agent (e.g. RxNorm ingredients), with where each code came from.</param>
/// <param name="Names">Names and brand names, matched as whole words in the text, ignoring case.</param>
public sealed record AgentCatalog(IReadOnlyList<AgentCode> Codes, IReadOnlyList<AgentName> Names)
{
    /// <summary>The built-in table (<see cref="ClinicalCodes"/>).</summary>
    public static AgentCatalog Default { get; } = new(ClinicalCodes.AgentCodes, ClinicalCodes.AgentNames);

    /// <summary>The agent the codings name, or null when none is an agent the pathway tracks.</summary>
    public string? Identify(IEnumerable<Coding> codings)
    {
        ArgumentNullException.ThrowIfNull(codings);
        var list = codings.ToList();
        foreach (var coding in list)
        {
            if (Codes.FirstOrDefault(c => c.Code.Matches(coding.System, coding.Code)) is { } byCode)
            {
                return byCode.Agent;
            }
        }

        foreach (var coding in list.Where(c => !string.IsNullOrWhiteSpace(c.Text)))
        {
            if (Names.FirstOrDefault(n => n.IsIn(coding.Text!)) is { } byName)
            {
                return byName.Agent;
            }
        }

        return null;
    }

    /// <summary>True for the first-line agents of DESIGN section 5.</summary>
    public static bool IsFirstLine(string agent) => Agents.FirstLine.Contains(agent);
}

/// <summary>A code that names an agent.</summary>
/// <param name="Agent">One of <see cref="Agents"/> (or another second-line agent name).</param>
/// <param name="Code">The code and the systems it counts in.</param>
/// <param name="Source">Where the code was looked up, so it can be checked.</param>
public sealed record AgentCode(string Agent, CodeMatch Code, string Source);

/// <summary>A name (generic or brand) that identifies an agent in free text.</summary>
/// <param name="Agent">One of <see cref="Agents"/>.</param>
/// <param name="Name">The name, matched as a whole word or phrase, ignoring case.</param>
public sealed record AgentName(string Agent, string Name)
{
    /// <summary>True when <paramref name="text"/> mentions <see cref="Name"/> as a whole word.</summary>
    public bool IsIn(string text) =>
        Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(Name)}(?![\p{{L}}\p{{N}}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}

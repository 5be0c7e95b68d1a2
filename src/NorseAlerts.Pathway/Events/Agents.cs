namespace NorseAlerts.Pathway.Events;

/// <summary>Immunotherapy agent names as they appear in <c>data.agent</c>.</summary>
public static class Agents
{
    public const string Methylprednisolone = "methylprednisolone";
    public const string Ivig = "ivig";
    public const string Plasmapheresis = "plasmapheresis";
    public const string Rituximab = "rituximab";
    public const string Cyclophosphamide = "cyclophosphamide";
    public const string Anakinra = "anakinra";
    public const string Tocilizumab = "tocilizumab";

    /// <summary>The first-line agents DESIGN section 5 accepts.</summary>
    public static readonly IReadOnlySet<string> FirstLine = new HashSet<string>(StringComparer.Ordinal)
    {
        Methylprednisolone, Ivig, Plasmapheresis,
    };
}

namespace NorseAlerts.Pathway.Events;

/// <summary>Immunotherapy agent names as they appear in <c>data.agent</c>.</summary>
public static class Agents
{
    /// <summary>The agent id <c>methylprednisolone</c>.</summary>
    public const string Methylprednisolone = "methylprednisolone";

    /// <summary>The agent id <c>ivig</c>.</summary>
    public const string Ivig = "ivig";

    /// <summary>The agent id <c>plasmapheresis</c>.</summary>
    public const string Plasmapheresis = "plasmapheresis";

    /// <summary>The agent id <c>rituximab</c>.</summary>
    public const string Rituximab = "rituximab";

    /// <summary>The agent id <c>cyclophosphamide</c>.</summary>
    public const string Cyclophosphamide = "cyclophosphamide";

    /// <summary>The agent id <c>anakinra</c>.</summary>
    public const string Anakinra = "anakinra";

    /// <summary>The agent id <c>tocilizumab</c>.</summary>
    public const string Tocilizumab = "tocilizumab";

    /// <summary>The first-line agents DESIGN section 5 accepts.</summary>
    public static readonly IReadOnlySet<string> FirstLine = new HashSet<string>(StringComparer.Ordinal)
    {
        Methylprednisolone, Ivig, Plasmapheresis,
    };
}

namespace NorseAlerts.Pathway.Protocols;

/// <summary>Every alert kind of a protocol, in page order, with its severity.</summary>
public sealed record AlertRules
{
    /// <summary>Why the kinds are ordered and rated as they are.</summary>
    public string? Note { get; init; }

    /// <summary>Every alert kind once: when several alerts are raised at once, their pages go out in this order.</summary>
    public required IReadOnlyList<AlertKindRules> Kinds { get; init; }

    /// <summary>The severity every page of <paramref name="kind"/> carries.</summary>
    public string SeverityOf(string kind) => Find(kind).Severity;

    /// <summary>The place of <paramref name="kind"/> in page order, 0 first.</summary>
    public int PageOrder(string kind)
    {
        for (var i = 0; i < Kinds.Count; i++)
        {
            if (Kinds[i].Kind == kind)
            {
                return i;
            }
        }

        throw Unknown(kind);
    }

    private AlertKindRules Find(string kind) => Kinds.FirstOrDefault(k => k.Kind == kind) ?? throw Unknown(kind);

    // The reader refuses a protocol that leaves out a kind, so this is a programming error.
    private static KeyNotFoundException Unknown(string kind) => new($"The protocol lists no alert kind '{kind}'");
}

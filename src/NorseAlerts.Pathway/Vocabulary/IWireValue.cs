namespace NorseAlerts.Pathway.Vocabulary;

/// <summary>
/// A closed vocabulary whose values travel as fixed strings: the API, the embedded store's documents, the
/// Durable orchestration history and the pages all carry <see cref="Name"/>, while code compares types.
/// </summary>
/// <typeparam name="TSelf">The vocabulary type.</typeparam>
public interface IWireValue<TSelf>
    where TSelf : struct, IWireValue<TSelf>
{
    /// <summary>Every value of the vocabulary, in its defined order.</summary>
    static abstract IReadOnlyList<TSelf> All { get; }

    /// <summary>The exact string on the wire.</summary>
    string Name { get; }
}

using System.Diagnostics.CodeAnalysis;

namespace NorseAlerts.Pathway.Vocabulary;

/// <summary>Reads the wire strings of an <see cref="IWireValue{TSelf}"/> vocabulary back into values.</summary>
public static class WireValue
{
    /// <summary>The value whose wire string is exactly <paramref name="name"/> (ordinal), if there is one.</summary>
    public static bool TryParse<T>([NotNullWhen(true)] string? name, out T value)
        where T : struct, IWireValue<T>
    {
        foreach (var candidate in T.All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The value whose wire string is <paramref name="name"/>; a <see cref="FormatException"/> naming the vocabulary otherwise.</summary>
    public static T Parse<T>(string name)
        where T : struct, IWireValue<T> =>
        TryParse<T>(name, out var value)
            ? value
            : throw new FormatException($"'{name}' is not one of the {typeof(T).Name} values: {string.Join(", ", T.All.Select(v => v.Name))}");
}

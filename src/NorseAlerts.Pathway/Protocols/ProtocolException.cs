using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Protocols;

/// <summary>A protocol file that cannot be used; <see cref="Errors"/> names every bad field by its JSON path.</summary>
public sealed class ProtocolException : Exception
{
    /// <inheritdoc/>
    public ProtocolException(string origin, IReadOnlyList<FieldError> errors)
        : base($"Protocol {origin} is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
    {
        Origin = origin;
        Errors = errors;
    }

    /// <inheritdoc/>
    public ProtocolException()
        : this("(unknown)", [])
    {
    }

    /// <inheritdoc/>
    public ProtocolException(string message)
        : base(message)
    {
        Origin = "(unknown)";
        Errors = [];
    }

    /// <inheritdoc/>
    public ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Origin = "(unknown)";
        Errors = [];
    }

    /// <summary>The file or resource the protocol came from.</summary>
    public string Origin { get; }

    /// <summary>Each problem, with the JSON path of its field (e.g. <c>firstLine.window.source</c>).</summary>
    public IReadOnlyList<FieldError> Errors { get; }
}

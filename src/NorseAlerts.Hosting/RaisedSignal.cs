using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Hosting;

/// <summary>
/// The payload of the one external event a per-patient orchestration waits for. A concrete envelope rather than
/// the polymorphic <see cref="Signal"/>, because event payloads are serialised by their runtime type and would
/// lose the type discriminator on the way.
/// </summary>
/// <param name="Event">A validated clinical event, or null.</param>
/// <param name="Ack">An acknowledgement, or null.</param>
public sealed record RaisedSignal(ClinicalEvent? Event, Acknowledge? Ack)
{
    /// <summary>The external event name hosts raise and orchestrations wait for.</summary>
    public const string EventName = "signal";

    /// <summary>The envelope of a clinical event.</summary>
    public static RaisedSignal Of(ClinicalEvent clinicalEvent)
    {
        ArgumentNullException.ThrowIfNull(clinicalEvent);
        return new RaisedSignal(clinicalEvent, null);
    }

    /// <summary>The envelope of an acknowledgement.</summary>
    public static RaisedSignal Of(Acknowledge ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return new RaisedSignal(null, ack);
    }

    /// <summary>The signal this envelope carries; throws when it carries none or both.</summary>
    public Signal ToSignal() => (Event, Ack) switch
    {
        ({ } e, null) => new EventSignal(e),
        (null, { } a) => a,
        (null, null) => throw new InvalidOperationException("the raised signal carries neither an event nor an ack"),
        _ => throw new InvalidOperationException("the raised signal carries both an event and an ack"),
    };
}

using System.Text.Json;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using Xunit;
using static NorseAlerts.Hosting.Tests.HostingSamples;

namespace NorseAlerts.Hosting.Tests;

public class RaisedSignalTests
{
    [Fact]
    public void A_clinical_event_survives_the_trip_through_json_as_an_event_signal()
    {
        var json = JsonSerializer.Serialize(RaisedSignal.Of(Onset()), PathwayJson.Options);

        var back = JsonSerializer.Deserialize<RaisedSignal>(json, PathwayJson.Options)!;

        var signal = Assert.IsType<EventSignal>(back.ToSignal());
        Assert.Equal(Onset(), signal.Event);
    }

    [Fact]
    public void An_ack_survives_the_trip_through_json_as_an_acknowledge_signal()
    {
        var ack = new Acknowledge("alert-1", "neurology-oncall", "on my way");
        var json = JsonSerializer.Serialize(RaisedSignal.Of(ack), PathwayJson.Options);

        var back = JsonSerializer.Deserialize<RaisedSignal>(json, PathwayJson.Options)!;

        Assert.Equal(ack, back.ToSignal());
    }

    [Fact]
    public void An_envelope_with_nothing_or_both_in_it_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new RaisedSignal(null, null).ToSignal());
        Assert.Throws<InvalidOperationException>(() => new RaisedSignal(Onset(), new Acknowledge("a", "b", null)).ToSignal());
    }
}

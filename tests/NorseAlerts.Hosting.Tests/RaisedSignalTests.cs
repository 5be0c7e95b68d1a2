using System.Text.Json;
using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
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

    [Fact]
    public void A_patients_events_travel_as_one_batch_and_come_back_as_one_event_batch()
    {
        var events = new[] { Onset(), Event(EventTypes.FirstLineStarted, T0.AddDays(1), "fl-1") with { Agent = "ivig" } };
        var json = JsonSerializer.Serialize(RaisedSignal.Of(events), PathwayJson.Options);

        var back = JsonSerializer.Deserialize<RaisedSignal>(json, PathwayJson.Options)!;

        Assert.Equal(1, back.Payloads);
        Assert.Equal(events, Assert.IsType<EventBatch>(back.ToSignal()).Events);
        Assert.Equal(events, back.Events());
    }

    [Fact]
    public void One_event_travels_alone()
    {
        var signal = RaisedSignal.Of([Onset()]);

        Assert.Equal(Onset(), signal.Event);
        Assert.Null(signal.Batch);
    }

    [Fact]
    public void A_batch_that_is_empty_spans_two_patients_or_holds_two_merges_is_refused()
    {
        var merge = Event(EventTypes.PatientMerged, T0, "merge-1") with { From = "GENH:00000002" };

        Assert.Throws<ArgumentException>(() => RaisedSignal.Of(Array.Empty<ClinicalEvent>()));
        Assert.Throws<ArgumentException>(() => RaisedSignal.Of([Onset(), Onset("GENH:00000002") with { Id = "onset-2" }]));
        Assert.Throws<ArgumentException>(() => RaisedSignal.Of([merge, merge with { Id = "merge-2", From = "GENH:00000003" }]));
        Assert.Equal(2, RaisedSignal.Of([Onset(), merge]).Events().Count);
    }

    [Fact]
    public void Filing_a_batch_under_another_key_moves_every_event()
    {
        var signal = RaisedSignal.Of([Onset(), Event(EventTypes.NorseSuspected, T0, "s-1")]);

        var moved = signal.For("GENH:00000002");

        Assert.All(moved.Events(), e => Assert.Equal("GENH:00000002", e.Subject));
    }
}

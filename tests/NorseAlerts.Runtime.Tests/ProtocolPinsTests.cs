using NorseAlerts.Pathway.Events;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

/// <summary>The start check of a protocol version that went missing counts the active cases pinned to it.</summary>
public sealed class ProtocolPinsTests : IAsyncLifetime
{
    private readonly RuntimeHarness h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        h.DeleteData();
    }

    [Fact]
    public async Task Only_active_cases_pinned_to_the_protocol_name_and_version_are_counted()
    {
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-5), patient: "GENH:1")], "test");
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-4), patient: "GENH:2")], "test");
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-3), patient: "GENH:3")], "test");
        await h.Engine.IngestAsync([Event(EventTypes.PatientDischarged, Start.AddHours(-1), patient: "GENH:3")], "test");
        var pins = new ProtocolPins(h.Database);

        Assert.Equal(2, pins.ActiveCasesPinnedTo("seed", "1.0.0"));
        Assert.Equal(0, pins.ActiveCasesPinnedTo("seed", "0.9.0"));
        Assert.Equal(0, pins.ActiveCasesPinnedTo("consensus-2022", "1.0.0"));
    }

    [Fact]
    public void An_empty_store_pins_nothing()
    {
        Assert.Equal(0, new ProtocolPins(h.Database).ActiveCasesPinnedTo("seed", "1.0.0"));
    }
}

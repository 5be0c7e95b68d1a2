using NorseAlerts.Pathway.Events;
using NorseAlerts.Runtime.Storage;
using NorseAlerts.Tests.Support;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

public sealed class StoreFailureTests
{
    [RootFact]
    public async Task A_full_disk_refuses_writes_as_store_full_and_the_writer_recovers_once_space_is_freed()
    {
        using var disk = Tmpfs.Mount("1m");
        await using var h = new RuntimeHarness(dataDirectory: Path.Combine(disk.Path, "data"));
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start, patient: "BEFORE")], "test");
        var filler = disk.Fill();

        StoreUnavailableException? refused = null;
        for (var i = 0; i < 50 && refused is null; i++)
        {
            var batch = Enumerable.Range(0, 50).Select(n => Event(EventTypes.RseOnset, Start, patient: $"FULL-{i}-{n}")).ToList();
            refused = await Record.ExceptionAsync(() => h.Engine.IngestAsync(batch, "test")) as StoreUnavailableException;
        }

        Assert.NotNull(refused);
        Assert.Equal("full", refused.Reason);
        Assert.Equal("full", h.Writer.CurrentFailure?.Reason);

        File.Delete(filler);
        var after = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start, patient: "AFTER")], "test");

        Assert.NotNull(after.Accepted.Single().CaseId);
        Assert.Null(h.Writer.CurrentFailure);
        Assert.Contains(h.Queries.ListCases("active"), c => c.CaseId == after.Accepted[0].CaseId);
    }

    [RootFact]
    public async Task A_read_only_store_refuses_writes_without_storing_anything_and_the_writer_recovers_without_a_restart()
    {
        await using var h = new RuntimeHarness();
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start, patient: "BEFORE")], "test");
        var casesBefore = h.Queries.ListCases(null).Count;

        Tmpfs.MakeReadOnly(h.DataDirectory);
        StoreUnavailableException refused;
        Exception? probe;
        try
        {
            refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start, patient: "DURING")], "test"));
            probe = await Record.ExceptionAsync(() => h.Writer.ProbeAsync());
        }
        finally
        {
            Tmpfs.MakeWritable(h.DataDirectory);
        }

        Assert.IsType<StoreUnavailableException>(probe);
        Assert.NotNull(h.Writer.CurrentFailure);
        Assert.Equal(casesBefore, h.Queries.ListCases(null).Count);

        await h.Writer.ProbeAsync();
        var after = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start, patient: "AFTER")], "test");

        Assert.NotNull(after.Accepted.Single().CaseId);
        Assert.Null(h.Writer.CurrentFailure);
        Assert.Equal(casesBefore + 1, h.Queries.ListCases(null).Count);
        h.DeleteData();
    }

    [RootFact]
    public async Task An_event_the_store_refused_is_not_seen_by_the_next_decision_on_its_case()
    {
        await using var h = new RuntimeHarness();
        var opened = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-2), id: "onset")], "test");
        var caseId = opened.Accepted.Single().CaseId!;

        Tmpfs.MakeReadOnly(h.DataDirectory);
        try
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => h.Engine.IngestAsync([Event(EventTypes.NorseSuspected, Start.AddHours(-20), id: "refused")], "test"));
        }
        finally
        {
            Tmpfs.MakeWritable(h.DataDirectory);
        }

        await h.Engine.IngestAsync([Event(EventTypes.PatientMeasurements, Start.AddHours(-10), id: "after")], "test");

        var events = h.Queries.GetCase(caseId)!.Events.Select(e => e.Id).ToList();
        Assert.Equal(["onset", "after"], events);
        h.DeleteData();
    }
}

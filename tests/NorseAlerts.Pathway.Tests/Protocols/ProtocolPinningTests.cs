using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Protocols;
using NorseAlerts.Pathway.Rules;
using static NorseAlerts.Pathway.Tests.Protocols.ProtocolFiles;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Protocols;

/// <summary>A live case keeps the protocol content it pinned: name, version and content hash.</summary>
public class ProtocolPinningTests
{
    private static Protocol Institution(double windowDays, string origin = "/etc/norsealerts/st-elsewhere.json")
    {
        var root = Document();
        root["name"] = "st-elsewhere";
        At(root, "firstLine.window")["value"] = windowDays;
        return Read(root, origin);
    }

    private static CasePathway PathwayOver(Protocol institution) =>
        new(new ProtocolCatalog([institution]), new PathwayOptions { Protocol = "st-elsewhere" });

    private static CaseState Opened(CasePathway pathway) =>
        pathway.Decide(CaseState.New(Patient), new EventSignal(Onset(T0)), T0).State;

    [Fact]
    public void A_case_records_the_name_version_and_content_hash_of_its_protocol()
    {
        var institution = Institution(5);

        var state = Opened(PathwayOver(institution));

        Assert.Equal(("st-elsewhere", "1.0.0", institution.Hash), (state.ProtocolName, state.ProtocolVersion, state.ProtocolHash));
        Assert.StartsWith("sha256:", state.ProtocolHash, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_edited_without_a_new_version_does_not_move_a_live_case_deadline()
    {
        var state = Opened(PathwayOver(Institution(5)));
        var afterRestart = PathwayOver(Institution(3));

        var ex = Assert.Throws<ProtocolChangedException>(() => afterRestart.Decide(state, new Tick(), T0 + Days(3)));

        Assert.Contains("/etc/norsealerts/st-elsewhere.json", ex.Message);
        Assert.Equal(state.ProtocolHash, ex.PinnedHash);
        Assert.Equal(T0 + Days(5), state.Deadlines.Single(d => d.Kind == FirstLineWindow.DeadlineKind).DueAt);
    }

    [Fact]
    public void The_same_content_read_again_after_a_restart_keeps_the_case_going()
    {
        var state = Opened(PathwayOver(Institution(5)));
        var afterRestart = PathwayOver(Institution(5, "/srv/copy/st-elsewhere.json"));

        var next = afterRestart.Decide(state, new Tick(), T0 + Days(5)).State;

        Assert.Equal(T0 + Days(5), next.Deadlines.Single(d => d.Kind == FirstLineWindow.DeadlineKind).DueAt);
        Assert.Equal(DeadlineStatus.Missed, next.Deadlines.Single(d => d.Kind == FirstLineWindow.DeadlineKind).Status);
    }

    [Fact]
    public void A_case_opened_before_hashes_were_recorded_runs_on_the_loaded_content()
    {
        var state = Opened(PathwayOver(Institution(5))) with { ProtocolHash = null };

        var next = PathwayOver(Institution(5)).Decide(state, new Tick(), T0 + Days(1)).State;

        Assert.Equal(T0 + Days(5), next.Deadlines.Single(d => d.Kind == FirstLineWindow.DeadlineKind).DueAt);
    }
}

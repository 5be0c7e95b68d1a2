using Xunit.Abstractions;

namespace NorseAlerts.Contract.Tests;

/// <summary>
/// The timelines of <see cref="HostsAgreeOnTimelines"/> on both hosts configured with the <c>consensus-2022</c> protocol
/// (first line within 72 hours, second line recommended at 7 days unless an assessment says responding): other
/// windows, other alerts, the same answers on both hosts.
/// </summary>
public sealed class HostsAgreeOnConsensusTimelines(
    EmbeddedHostWith<HostsAgreeOnConsensusTimelines> embedded, FunctionsAppWith<HostsAgreeOnConsensusTimelines> functions, ITestOutputHelper output)
    : IHostSettings, IClassFixture<EmbeddedHostWith<HostsAgreeOnConsensusTimelines>>, IClassFixture<FunctionsAppWith<HostsAgreeOnConsensusTimelines>>
{
    /// <summary>The contract's configuration on the <c>consensus-2022</c> protocol.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(ContractKeys.Settings)
    {
        ["NorseAlerts:Protocol"] = "consensus-2022",
    };

    public static TheoryData<string> Timelines => HostsAgreeOnTimelines.Timelines;

    [Theory]
    [MemberData(nameof(Timelines))]
    public Task Both_hosts_answer_alike_and_keep_the_same_cases(string timeline) =>
        HostsAgreeOnTimelines.RunAsync(embedded, functions, timeline, output);
}

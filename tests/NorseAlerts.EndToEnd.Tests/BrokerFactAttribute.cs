namespace NorseAlerts.EndToEnd.Tests;

/// <summary>
/// A test that needs the local AMQP broker (scripts/local-broker.sh). Outside CI it is skipped, with the
/// reason, when NORSEALERTS_TEST_AMQP is unset; in CI (CI=true) it runs and fails loudly instead.
/// </summary>
public sealed class BrokerFactAttribute : FactAttribute
{
    public const string Variable = "NORSEALERTS_TEST_AMQP";

    public BrokerFactAttribute()
    {
        var ci = Environment.GetEnvironmentVariable("CI");
        var isCi = ci is not null && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");
        if (Url is null && !isCi)
        {
            Skip = $"set {Variable} (bash scripts/local-broker.sh start) to run broker end-to-end tests";
        }
    }

    public static string? Url => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url : null;

    public static string RequireUrl() => Url ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: .ci/run must start the broker.");
}

namespace NorseAlerts.Messaging.Tests;

/// <summary>
/// A test against the real broker (<c>NORSEALERTS_TEST_AMQP</c>). Outside CI it is skipped with the reason when the
/// variable is missing; in CI (<c>CI=true</c>) it runs anyway and fails, because a silently skipped broker suite
/// would hide a broken CI setup.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute()
    {
        if (TestBroker.Url is null && !TestBroker.IsCi)
        {
            Skip = "set NORSEALERTS_TEST_AMQP (bash scripts/local-broker.sh start) to run broker tests";
        }
    }
}

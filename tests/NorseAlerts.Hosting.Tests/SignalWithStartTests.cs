using NorseAlerts.Hosting;
using Xunit;

namespace NorseAlerts.Hosting.Tests;

public class SignalWithStartTests
{
    [Theory]
    [InlineData(InstancePresence.Live, SignalDelivery.Raise)]
    [InlineData(InstancePresence.Missing, SignalDelivery.StartNew)]
    [InlineData(InstancePresence.Finished, SignalDelivery.StartFromPrevious)]
    [InlineData(InstancePresence.Broken, SignalDelivery.StartFromPrevious)]
    public void A_signal_is_raised_only_to_an_instance_that_will_receive_it(InstancePresence presence, SignalDelivery expected)
    {
        Assert.Equal(expected, SignalWithStart.Plan(presence));
    }
}

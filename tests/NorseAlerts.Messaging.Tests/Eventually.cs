using System.Diagnostics;

namespace NorseAlerts.Messaging.Tests;

internal static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task True(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"{what} did not happen within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(50);
        }
    }
}

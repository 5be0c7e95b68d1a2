namespace NorseAlerts.Hosting;

/// <summary>Operational settings of the per-patient loop (not clinical numbers: those live in protocols).</summary>
public sealed record PatientLoopOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "NorseAlerts:PatientLoop";

    /// <summary>Signals per execution before the loop restarts itself to keep its history short.</summary>
    public int ContinueAsNewEvery { get; init; } = 50;

    /// <summary>How long to wait before trying unsent pages again once a publish exhausted its retries.</summary>
    public TimeSpan PublishRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws when a setting cannot work.</summary>
    public void Validate()
    {
        if (ContinueAsNewEvery < 1)
        {
            throw new ArgumentException($"{nameof(ContinueAsNewEvery)} must be at least 1, was {ContinueAsNewEvery}");
        }

        if (PublishRetryDelay <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(PublishRetryDelay)} must be positive, was {PublishRetryDelay}");
        }
    }
}

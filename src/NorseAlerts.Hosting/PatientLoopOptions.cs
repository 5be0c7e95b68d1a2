namespace NorseAlerts.Hosting;

/// <summary>Operational settings of the per-patient loop (not clinical numbers: those live in protocols).</summary>
public sealed record PatientLoopOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "NorseAlerts:PatientLoop";

    /// <summary>Attempts of one publish (the activity's retry policy) before the page waits for the next wake-up.</summary>
    public int PublishAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry of a publish; each next wait doubles, up to 30 seconds.</summary>
    public TimeSpan PublishFirstRetry { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait before trying unsent pages again once a publish exhausted its retries.</summary>
    public TimeSpan PublishRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long past its due time (when the pathway decided it) a page may stay unsent before the instance's custom
    /// status counts it as stalled. Longer than one publish's retries, so a broker blip is not a stall.
    /// </summary>
    public TimeSpan StalledPageMargin { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Throws when a setting cannot work.</summary>
    public void Validate()
    {
        if (PublishAttempts < 1)
        {
            throw new ArgumentException($"{SectionName}:{nameof(PublishAttempts)} must be at least 1, was {PublishAttempts}");
        }

        if (PublishFirstRetry <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{SectionName}:{nameof(PublishFirstRetry)} must be positive, was {PublishFirstRetry}");
        }

        if (PublishRetryDelay <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{SectionName}:{nameof(PublishRetryDelay)} must be positive, was {PublishRetryDelay}");
        }

        if (StalledPageMargin <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{SectionName}:{nameof(StalledPageMargin)} must be positive, was {StalledPageMargin}");
        }
    }
}

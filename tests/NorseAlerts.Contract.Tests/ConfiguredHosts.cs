namespace NorseAlerts.Contract.Tests;

/// <summary>A configuration both hosts of a side-by-side test start with, instead of <see cref="ContractKeys.Settings"/>.</summary>
public interface IHostSettings
{
    /// <summary>The configuration.</summary>
    static abstract IReadOnlyDictionary<string, string?> Settings { get; }
}

/// <summary>The embedded host started with the configuration of <typeparamref name="T"/>.</summary>
public sealed class EmbeddedHostWith<T> : EmbeddedHostDriver
    where T : IHostSettings
{
    protected override IReadOnlyDictionary<string, string?> Settings => T.Settings;
}

/// <summary>The Functions app started with the configuration of <typeparamref name="T"/>.</summary>
public sealed class FunctionsAppWith<T> : FunctionsAppDriver
    where T : IHostSettings
{
    protected override IReadOnlyDictionary<string, string?> Settings => T.Settings;
}

namespace NorseAlerts.Pathway.Protocols;

/// <summary>
/// A case pinned a protocol's name, version and content hash, and the protocol loaded under that name and version
/// now has other content: its file was edited without a new version. The case is not decided on the new content,
/// which would silently move its deadlines.
/// </summary>
public sealed class ProtocolChangedException : InvalidOperationException
{
    /// <summary>The loaded protocol and the hash the case pinned.</summary>
    public ProtocolChangedException(Protocol loaded, string pinnedHash)
        : base($"Protocol '{loaded?.Name}' version '{loaded?.Version}' from {loaded?.Origin} has content {loaded?.Hash}, "
            + $"but the case pinned {pinnedHash}: the file was edited without a new version. Restore its content, or give the edit a new version.")
    {
        PinnedHash = pinnedHash;
        LoadedHash = loaded?.Hash ?? "";
    }

    /// <inheritdoc/>
    public ProtocolChangedException()
    {
        PinnedHash = LoadedHash = "";
    }

    /// <inheritdoc/>
    public ProtocolChangedException(string message)
        : base(message)
    {
        PinnedHash = LoadedHash = "";
    }

    /// <inheritdoc/>
    public ProtocolChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
        PinnedHash = LoadedHash = "";
    }

    /// <summary>The content hash the case recorded.</summary>
    public string PinnedHash { get; }

    /// <summary>The content hash of the protocol loaded now.</summary>
    public string LoadedHash { get; }
}

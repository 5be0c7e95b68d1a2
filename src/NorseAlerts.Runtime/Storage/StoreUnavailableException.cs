using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The store refused a write for a reason outside the request: the disk is full, the file or its directory is
/// read-only, or the file cannot be opened. Nothing of the work was stored; the same request succeeds once the
/// store can be written again (the writer reopens its connection), so hosts answer 503 with Retry-After.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException(string reason, Exception? inner = null)
        : base($"The store cannot be written ({reason}); nothing was stored.", inner) => Reason = reason;

    /// <summary>Creates the exception with a default reason.</summary>
    public StoreUnavailableException()
        : this("unavailable")
    {
    }

    /// <summary>Creates the exception with a default reason.</summary>
    public StoreUnavailableException(string reason)
        : this(reason, null)
    {
    }

    /// <summary>Short reason: <c>full</c>, <c>read-only</c> or <c>unavailable</c>.</summary>
    public string Reason { get; }

    /// <summary>
    /// The store-level failure behind <paramref name="error"/>, if it is one; null for errors of the work itself
    /// (a constraint, a bug), which are not the store's fault and must not be retried as if they were.
    /// </summary>
    public static StoreUnavailableException? From(Exception error) => error switch
    {
        StoreUnavailableException s => s,
        SqliteException { SqliteErrorCode: 13 } e => new StoreUnavailableException("full", e), // SQLITE_FULL
        SqliteException { SqliteErrorCode: 8 or 3 or 23 } e => new StoreUnavailableException("read-only", e), // SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH
        SqliteException { SqliteErrorCode: 10 or 14 or 5 or 6 } e => new StoreUnavailableException("unavailable", e), // IOERR, CANTOPEN, BUSY, LOCKED
        UnauthorizedAccessException e => new StoreUnavailableException("read-only", e),
        IOException e => new StoreUnavailableException("unavailable", e),
        _ => null,
    };
}

using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using NorseAlerts.Hosting;
using NorseAlerts.Runtime;

namespace NorseAlerts.Host.Endpoints;

/// <summary>
/// <c>GET /api/updates</c> (read role): server-sent events that tell a reader the store changed, so the on-call
/// page refreshes at once instead of polling. <c>hello</c> opens the stream, <c>changed</c> follows every state
/// change (an ingest, a deadline, a page, an ack), <c>heartbeat</c> keeps proxies from closing a quiet stream.
/// Each carries the change number and the server's clock, which the page uses for its countdowns. The events
/// say only that something changed, never what: the reader fetches what it may see through the API.
/// </summary>
public static class UpdateStreamEndpoints
{
    /// <summary>How often the stream looks for a new audit line (every state change writes one).</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest silence on the stream.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>Maps the stream.</summary>
    public static void MapUpdateStream(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/updates", (CaseQueries queries, TimeProvider time, IHostApplicationLifetime lifetime, CancellationToken ct) =>
                TypedResults.ServerSentEvents(Watch(queries, time, lifetime.ApplicationStopping, ct)))
            .RequireAuthorization(ApiRoles.Read)
            .WithTags("Live updates")
            .WithSummary("Server-sent events: hello, then changed after every state change, heartbeat when quiet")
            .Produces<StoreChange>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async IAsyncEnumerable<SseItem<StoreChange>> Watch(
        CaseQueries queries, TimeProvider time, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted)
    {
        // A stream ends when the reader leaves or the host stops, so a shutdown never waits for open pages.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        var ct = linked.Token;
        var seen = queries.LatestChange();
        yield return new SseItem<StoreChange>(new StoreChange(seen, time.GetUtcNow()), "hello");
        var quiet = TimeSpan.Zero;
        // The watch interval is wall-clock pacing of a reader, not clinical time, so it does not follow the
        // injected clock (a test's fake clock would otherwise freeze the stream).
        while (await Pause(ct))
        {
            var latest = queries.LatestChange();
            quiet += WatchInterval;
            if (latest != seen)
            {
                seen = latest;
                quiet = TimeSpan.Zero;
                yield return new SseItem<StoreChange>(new StoreChange(latest, time.GetUtcNow()), "changed");
            }
            else if (quiet >= Heartbeat)
            {
                quiet = TimeSpan.Zero;
                yield return new SseItem<StoreChange>(new StoreChange(latest, time.GetUtcNow()), "heartbeat");
            }
        }
    }

    private static async Task<bool> Pause(CancellationToken ct)
    {
        try
        {
            await Task.Delay(WatchInterval, TimeProvider.System, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>The data of an <c>/api/updates</c> event.</summary>
/// <param name="Version">The newest change number (the audit trail's last sequence number).</param>
/// <param name="Now">The server's clock when the event was sent.</param>
public sealed record StoreChange(long Version, DateTimeOffset Now);

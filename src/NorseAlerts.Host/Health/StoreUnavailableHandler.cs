using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Host.Health;

/// <summary>
/// A write refused because the store is full or read-only answers 503 problem+json with Retry-After: the
/// request changed nothing and the same request will succeed once the store can be written (engines retry).
/// </summary>
public sealed class StoreUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before retrying.</summary>
    public const int RetryAfterSeconds = 10;

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not StoreUnavailableException store)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The store cannot be written now; nothing was stored",
                Detail = $"The store is {store.Reason}. Retry after {RetryAfterSeconds} s; the service recovers by itself once it can write.",
                Type = "https://norsealerts.example/problems/store-unavailable",
            },
        }).ConfigureAwait(false);
    }
}

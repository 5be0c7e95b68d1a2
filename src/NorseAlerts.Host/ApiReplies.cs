using NorseAlerts.Hosting;

namespace NorseAlerts.Host;

/// <summary>
/// The embedded host's side of the shared HTTP contract: an ASP.NET Core request becomes an <see cref="ApiRequest"/>,
/// and an <see cref="ApiReply"/> is written exactly as <see cref="CaseApi"/> made it.
/// </summary>
public static class ApiReplies
{
    /// <summary>The request as the use cases see it, with the authenticated key's name as the actor.</summary>
    public static ApiRequest ToApiRequest(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ApiRequest(request.Body, request.ContentLength, request.ContentType, ApiRequest.ActorOf(request.HttpContext.User.Identity?.Name));
    }

    /// <summary>
    /// Runs a use case that reads the body; a body Kestrel itself cut off at its own limit is the same <c>413</c>.
    /// </summary>
    public static async Task<IResult> AnswerAsync(Func<Task<ApiReply>> useCase)
    {
        ArgumentNullException.ThrowIfNull(useCase);
        try
        {
            return (await useCase().ConfigureAwait(false)).ToResult();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return CaseApi.TooLarge.ToResult();
        }
    }

    /// <summary>The reply as an endpoint result.</summary>
    public static IResult ToResult(this ApiReply reply) => new ReplyResult(reply);

    /// <summary>Writes <paramref name="reply"/> to <paramref name="context"/> (also for handlers outside endpoints).</summary>
    public static async Task WriteAsync(HttpContext context, ApiReply reply)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reply);
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed class ReplyResult(ApiReply reply) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, reply);
    }
}

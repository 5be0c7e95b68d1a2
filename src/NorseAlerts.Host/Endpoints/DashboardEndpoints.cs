namespace NorseAlerts.Host.Endpoints;

/// <summary>
/// <c>GET /dashboard</c>: the on-call page (plain HTML, CSS and JavaScript embedded in the host, no build step).
/// It lists open alerts by urgency, acknowledges them, shows one case with its timeline, and refreshes when
/// <c>/api/updates</c> pushes a change. It calls the same API as any client with the key the user types, so the
/// page itself holds no data and no secret.
/// </summary>
public static class DashboardEndpoints
{
    // Only the page's own files: no inline script or style, nothing from elsewhere, no framing.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/dashboard", "dashboard.html", "text/html; charset=utf-8"),
        ("/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
        ("/dashboard/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
    ];

    /// <summary>Maps the page and its assets (anonymous: they hold no data; the API calls they make need a key).</summary>
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var body = Read(resource);
            app.MapGet(path, (HttpContext context) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
                return Results.Text(body, contentType);
            }).AllowAnonymous().ExcludeFromDescription();
        }
    }

    private static string Read(string resource)
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("NorseAlerts.Host.Dashboard." + resource)
            ?? throw new InvalidOperationException($"dashboard file {resource} missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

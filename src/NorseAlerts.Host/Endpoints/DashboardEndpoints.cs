namespace NorseAlerts.Host.Endpoints;

/// <summary>
/// <c>GET /dashboard</c>: a single static page for the neuro-ICU that lists open alerts and active cases
/// and acknowledges alerts. It calls the same API with the key the user types, so it needs no secrets.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("NorseAlerts.Host.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("dashboard page missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Maps the dashboard page (anonymous: the page holds no data; the API calls it makes need a key).</summary>
    public static void MapDashboard(this IEndpointRouteBuilder app) =>
        app.MapGet("/dashboard", () => Results.Content(Page.Value, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
}

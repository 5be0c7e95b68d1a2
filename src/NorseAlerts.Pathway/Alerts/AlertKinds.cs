namespace NorseAlerts.Pathway.Alerts;

/// <summary>The alert kinds of DESIGN section 3 (exact strings) and their severities.</summary>
public static class AlertKinds
{
    public const string FirstLineDueSoon = "first-line-due-soon";
    public const string FirstLineOverdue = "first-line-overdue";
    public const string ResponseCheckDue = "response-check-due";
    public const string SecondLineRecommended = "second-line-recommended";
    public const string SecondLineDoseOverdue = "second-line-dose-overdue";
    public const string SuperRefractory = "super-refractory";

    /// <summary>Kinds in the order pages are produced when several are raised at once.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        FirstLineDueSoon, FirstLineOverdue, ResponseCheckDue, SecondLineRecommended, SecondLineDoseOverdue, SuperRefractory,
    ];

    /// <summary>Severity is a product choice (routing and sound), not a clinical number.</summary>
    public static string SeverityOf(string kind) => kind switch
    {
        FirstLineOverdue or SuperRefractory => "critical",
        SecondLineRecommended or SecondLineDoseOverdue => "high",
        _ => "warning",
    };
}

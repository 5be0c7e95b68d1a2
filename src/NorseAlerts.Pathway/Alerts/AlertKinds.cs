namespace NorseAlerts.Pathway.Alerts;

/// <summary>The alert kinds of DESIGN section 3 (exact strings); their severities and page order are protocol data.</summary>
public static class AlertKinds
{
    public const string FirstLineDueSoon = "first-line-due-soon";
    public const string FirstLineOverdue = "first-line-overdue";
    public const string ResponseCheckDue = "response-check-due";
    public const string SecondLineRecommended = "second-line-recommended";
    public const string SecondLineDoseOverdue = "second-line-dose-overdue";
    public const string SuperRefractory = "super-refractory";

    /// <summary>Every kind; a protocol lists each once (<see cref="Protocols.AlertRules"/>), in its page order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        FirstLineDueSoon, FirstLineOverdue, ResponseCheckDue, SecondLineRecommended, SecondLineDoseOverdue, SuperRefractory,
    ];
}

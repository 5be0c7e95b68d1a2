namespace NorseAlerts.Pathway.Alerts;

/// <summary>The states of an alert (DESIGN section 4), lower-case on the wire.</summary>
public static class AlertState
{
    public const string Triggered = "triggered";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    /// <summary>Whether <paramref name="state"/> is a state the API accepts in <c>?state=</c>.</summary>
    public static bool IsKnown(string state) => state is Triggered or Acknowledged or Resolved;
}

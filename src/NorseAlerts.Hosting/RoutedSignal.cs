namespace NorseAlerts.Hosting;

/// <summary>
/// A signal one patient's loop owes to another patient's instance (a merge request, a handover, a forwarded
/// event). Kept in the run until delivered, like an unsent page, so a failed delivery is retried and never lost.
/// </summary>
/// <param name="PatientKey">The patient whose instance receives the signal (signal-with-start).</param>
/// <param name="Signal">The signal.</param>
public sealed record RoutedSignal(string PatientKey, RaisedSignal Signal);

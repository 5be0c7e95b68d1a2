namespace NorseAlerts.Pathway.Protocols;

/// <summary>A clinical text an alert carries (a recommendation, a piece of advice), with the source it comes from.</summary>
/// <param name="Text">The text as the alert shows it.</param>
/// <param name="Source">The key of the protocol's <c>sources</c> entry, or a citation.</param>
/// <param name="Title">The recommendation's title, where the text is one.</param>
/// <param name="Note">How the source was read, shown with the source.</param>
public sealed record ClinicalText(string Text, string Source, string? Title = null, string? Note = null);

namespace NorseAlerts.Pathway.Events;

/// <summary>One bad field of an input, named as the sender wrote it (e.g. <c>data.agent</c>).</summary>
/// <param name="Field">The field path.</param>
/// <param name="Message">What is wrong with it, in words an integration engineer can act on.</param>
public sealed record FieldError(string Field, string Message);

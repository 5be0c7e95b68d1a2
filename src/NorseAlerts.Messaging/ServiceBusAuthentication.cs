namespace NorseAlerts.Messaging;

/// <summary>How the Service Bus client authenticates.</summary>
public enum ServiceBusAuthentication
{
    /// <summary>A shared access key from the connection string; the SDK signs its own tokens.</summary>
    SharedAccessKey,

    /// <summary>An Entra token from Azure.Identity (managed identity in Azure, a developer login elsewhere), put on <c>$cbs</c> as a <c>jwt</c>.</summary>
    ManagedIdentity,
}

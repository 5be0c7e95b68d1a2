using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NorseAlerts.Messaging.Tests.ServiceBus;

/// <summary>
/// A self-signed TLS certificate for 127.0.0.1, added to the current user's trusted roots for as long as it lives and
/// removed again on dispose, so that the SDK (which has no certificate-validation hook) accepts the test endpoint.
/// </summary>
internal sealed class TrustedCertificate : IDisposable
{
    public TrustedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=NorseAlerts test endpoint", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // A key the TLS server can use on every platform: round-trip through PKCS#12.
        Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        using var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(X509CertificateLoader.LoadCertificate(Certificate.RawData));
    }

    public X509Certificate2 Certificate { get; }

    public void Dispose()
    {
        using (var store = new X509Store(StoreName.Root, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            store.Remove(Certificate);
        }

        Certificate.Dispose();
    }
}

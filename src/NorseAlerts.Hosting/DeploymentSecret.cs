using System.Security.Cryptography;
using System.Text;

namespace NorseAlerts.Hosting;

/// <summary>
/// The secret that keys patient instance ids and case ids (<c>NorseAlerts:InstanceIdSecret</c>; a Key Vault
/// secret on Azure). Where a host may make one (the embedded host, and the Functions app in Development), an
/// absent secret is generated once and kept in the data directory, so ids stay the same across restarts.
/// </summary>
public static class DeploymentSecret
{
    /// <summary>The configuration key.</summary>
    public const string Key = "NorseAlerts:InstanceIdSecret";

    /// <summary>The file in the data directory that keeps a generated secret.</summary>
    public const string FileName = "instance-id.secret";

    /// <summary>Shortest accepted configured secret.</summary>
    public const int MinLength = 32;

    /// <summary>
    /// The configured secret; else, when <paramref name="mayGenerate"/>, the one kept in
    /// <paramref name="dataDirectory"/> (made there on first use); else throws naming the key.
    /// </summary>
    public static byte[] Resolve(string? configured, string dataDirectory, bool mayGenerate)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured.Length >= MinLength
                ? Encoding.UTF8.GetBytes(configured)
                : throw new InvalidOperationException($"{Key} is shorter than {MinLength} characters: use a long random value (e.g. openssl rand -base64 48).");
        }

        if (!mayGenerate)
        {
            throw new InvalidOperationException($"{Key} is not set: it keys the instance and case ids (see docs/azure.md).");
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(dataDirectory);
        var secret = RandomNumberGenerator.GetBytes(48);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, Encoding.ASCII, options))
        {
            writer.Write(Convert.ToBase64String(secret));
        }

        return secret;
    }
}

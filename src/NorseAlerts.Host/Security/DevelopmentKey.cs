using System.Security.Cryptography;

namespace NorseAlerts.Host.Security;

/// <summary>
/// The key a Development host uses when none is configured. It is created once and kept in the data directory,
/// so clients keep working across restarts; deleting the file makes a new one. Never used outside Development.
/// </summary>
public static class DevelopmentKey
{
    /// <summary>The file in the data directory that holds the key.</summary>
    public const string FileName = "development-api-key";

    /// <summary>The key kept in <paramref name="dataDirectory"/>, created there first if there is none.</summary>
    /// <returns>The key, the file it is kept in, and whether it was created now.</returns>
    public static (string Key, string Path, bool Created) LoadOrCreate(string dataDirectory)
    {
        var directory = System.IO.Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: >= 16 } kept)
        {
            return (kept, path, false);
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Readable by the process owner only: it is a credential.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.WriteLine(key);
        }

        return (key, path, true);
    }
}

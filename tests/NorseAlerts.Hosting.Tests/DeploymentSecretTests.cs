namespace NorseAlerts.Hosting.Tests;

public sealed class DeploymentSecretTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "norse-secret-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_absent_secret_is_generated_once_and_kept_so_ids_survive_a_restart()
    {
        var first = DeploymentSecret.Resolve(null, directory, mayGenerate: true);
        var second = DeploymentSecret.Resolve(null, directory, mayGenerate: true);

        Assert.Equal(first, second);
        Assert.True(first.Length >= 32);
        Assert.True(File.Exists(Path.Combine(directory, DeploymentSecret.FileName)));
    }

    [Fact]
    public void A_configured_secret_wins_and_nothing_is_written()
    {
        var secret = DeploymentSecret.Resolve(new string('s', 40), directory, mayGenerate: true);

        Assert.Equal(40, secret.Length);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void A_short_configured_secret_refuses_to_start_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentSecret.Resolve("short", directory, mayGenerate: true));

        Assert.Contains(DeploymentSecret.Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Where_no_secret_may_be_generated_an_absent_one_refuses_to_start_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeploymentSecret.Resolve(null, directory, mayGenerate: false));

        Assert.Contains(DeploymentSecret.Key, error.Message, StringComparison.Ordinal);
    }
}

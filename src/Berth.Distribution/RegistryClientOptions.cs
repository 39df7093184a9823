// How a RegistryClient reaches its registry: which hosts are spoken to over plain HTTP, where credentials
// come from, and the connection settings shared by every request.
namespace Berth.Distribution;

public sealed record RegistryClientOptions
{
    /// <summary>
    /// Registries spoken to over plain HTTP besides loopback ones ("host:port", or "host" for every port),
    /// as `--insecure-registry` lists them.
    /// </summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    public CredentialSource? Credentials { get; init; }

    public string UserAgent { get; init; } = $"berth/{typeof(RegistryClient).Assembly.GetName().Version?.ToString(3)}";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Connections to the registry kept open at most (blob transfers run in parallel over them).</summary>
    public int MaxConnections { get; init; } = 16;
}

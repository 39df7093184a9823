// What `berth registry` is told on its command line.
namespace Berth.Registry;

public sealed record RegistryOptions
{
    public string Listen { get; init; } = "127.0.0.1:5000";
    public required string Root { get; init; }
    public string? TlsCertificate { get; init; }
    public string? TlsKey { get; init; }
    public string? Htpasswd { get; init; }
    public bool DeleteEnabled { get; init; } = true;
}

// A user name and password for one registry, and the lookup that finds them by registry host.
// They are sent as basic auth, or to the registry's token service in exchange for a bearer token.
namespace Berth.Distribution;

public sealed record RegistryCredentials(string User, string Password)
{
    // A record prints every member; keep the password out of logs and exception messages.
    public override string ToString() => $"RegistryCredentials {{ User = {User} }}";
}

/// <summary>Credentials for <paramref name="registry"/> ("localhost:5000", "docker.io"), or null to go anonymous.</summary>
public delegate RegistryCredentials? CredentialSource(string registry);

// Credentials from the auth file that `docker login` and `podman login` write: {"auths":{"<host>":{"auth":
// "<base64 user:password>"}}}, found the way podman finds it ($REGISTRY_AUTH_FILE first, ~/.docker/config.json last).
using System.Text;
using System.Text.Json;

namespace Berth.Distribution;

public static class AuthFile
{
    /// <summary>Credentials from the first auth file that exists (see <see cref="Locate()"/>); none if there is none.</summary>
    public static CredentialSource FromEnvironment() => Locate() is { } path ? Load(path) : _ => null;

    /// <summary>
    /// The auth file to read: $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json,
    /// ~/.config/containers/auth.json, then $DOCKER_CONFIG/config.json or ~/.docker/config.json.
    /// </summary>
    public static string? Locate() => Locate(Environment.GetEnvironmentVariable);

    internal static string? Locate(Func<string, string?> environment)
    {
        if (environment("REGISTRY_AUTH_FILE") is { Length: > 0 } explicitFile) return explicitFile;
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = new List<string>();
        if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime) candidates.Add(Path.Combine(runtime, "containers", "auth.json"));
        candidates.Add(Path.Combine(home, ".config", "containers", "auth.json"));
        candidates.Add(Path.Combine(environment("DOCKER_CONFIG") is { Length: > 0 } docker ? docker : Path.Combine(home, ".docker"), "config.json"));
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Reads <paramref name="path"/> now; the source answers from what was read.</summary>
    /// <exception cref="FormatException">The file is not an auth file, or an entry is not base64 of user:password.</exception>
    public static CredentialSource Load(string path)
    {
        var byRegistry = new Dictionary<string, RegistryCredentials>(StringComparer.OrdinalIgnoreCase);
        JsonElement auths;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("auths", out auths))
                return _ => null;
            auths = auths.Clone();
        }
        catch (JsonException e) { throw new FormatException($"auth file {path} is not valid JSON ({e.Message}); fix it or log in again"); }

        if (auths.ValueKind != JsonValueKind.Object) throw new FormatException($"auth file {path}: \"auths\" must be an object of registry → {{\"auth\": ...}}");
        foreach (var entry in auths.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Object || !entry.Value.TryGetProperty("auth", out var auth)
                || auth.GetString() is not { Length: > 0 } encoded)
                continue; // an entry kept for a credential helper or an identity token; nothing here to use
            var (registry, repositoryScoped) = RegistryOf(entry.Name);
            var credentials = Decode(path, entry.Name, encoded);
            // A whole-registry entry wins over one scoped to a repository, whichever comes first in the file.
            if (repositoryScoped) byRegistry.TryAdd(registry, credentials);
            else byRegistry[registry] = credentials;
        }
        return registry => byRegistry.GetValueOrDefault(registry);
    }

    static RegistryCredentials Decode(string path, string key, string encoded)
    {
        string text;
        try { text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)); }
        catch (FormatException) { throw new FormatException($"auth file {path}: \"auth\" for {key} is not base64; log in to {key} again"); }
        var colon = text.IndexOf(':');
        if (colon <= 0) throw new FormatException($"auth file {path}: \"auth\" for {key} is not base64 of user:password; log in to {key} again");
        return new RegistryCredentials(text[..colon], text[(colon + 1)..]);
    }

    // Docker writes Docker Hub as "https://index.docker.io/v1/" and older tools wrote URLs for every host;
    // podman writes bare hosts, or a host with a repository path ("quay.io/team"), which is used for the whole host.
    static (string Registry, bool RepositoryScoped) RegistryOf(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var slash = host.IndexOf('/');
        var scoped = slash >= 0 && scheme < 0;
        if (slash >= 0) host = host[..slash];
        return (host is "index.docker.io" or "registry-1.docker.io" ? "docker.io" : host, scoped);
    }
}

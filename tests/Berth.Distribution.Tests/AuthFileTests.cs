// Credentials from docker's and podman's auth files, and where the file is looked for
// ($REGISTRY_AUTH_FILE, then podman's, then docker's).
using System.Text;
using Berth.Distribution.Tests.Support;

namespace Berth.Distribution.Tests;

public sealed class AuthFileTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    static string Auth(string userAndPassword) => Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));

    string Write(string name, string json)
    {
        var path = _dir[name];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Entries_are_found_by_registry_host_including_docker_hubs_legacy_url()
    {
        var path = Write("auth.json", $$"""
            {
              "auths": {
                "localhost:5000": { "auth": "{{Auth("alice:s3cret:with:colons")}}" },
                "https://index.docker.io/v1/": { "auth": "{{Auth("bob:hub")}}" },
                "quay.io/team": { "auth": "{{Auth("scoped:one")}}" },
                "quay.io": { "auth": "{{Auth("carol:quay")}}" },
                "ghcr.io": { "identitytoken": "only-for-a-helper" }
              },
              "credHelpers": { "gcr.io": "gcloud" }
            }
            """);

        var credentials = AuthFile.Load(path);

        Assert.Equal(new RegistryCredentials("alice", "s3cret:with:colons"), credentials("localhost:5000"));
        Assert.Equal(new RegistryCredentials("bob", "hub"), credentials("docker.io"));
        Assert.Equal(new RegistryCredentials("carol", "quay"), credentials("quay.io"));
        Assert.Null(credentials("ghcr.io"));
        Assert.Null(credentials("localhost:5001"));
    }

    [Fact]
    public void An_entry_that_is_not_base64_of_user_and_password_is_reported_with_the_file_and_host()
    {
        var path = Write("auth.json", $$"""{ "auths": { "localhost:5000": { "auth": "{{Auth("no-colon")}}" } } }""");

        var error = Assert.Throws<FormatException>(() => AuthFile.Load(path));

        Assert.Equal($"auth file {path}: \"auth\" for localhost:5000 is not base64 of user:password; log in to localhost:5000 again", error.Message);
    }

    [Fact]
    public void Registry_auth_file_variable_wins_over_podman_and_docker_files()
    {
        var home = _dir["home"];
        var docker = Write("home/.docker/config.json", "{}");
        var podman = Write("home/.config/containers/auth.json", "{}");
        var explicitFile = Write("explicit.json", "{}");
        var environment = new Dictionary<string, string> { ["HOME"] = home };

        var withoutVariable = AuthFile.Locate(environment.GetValueOrDefault);
        environment["REGISTRY_AUTH_FILE"] = explicitFile;
        var withVariable = AuthFile.Locate(environment.GetValueOrDefault);
        File.Delete(podman);
        environment.Remove("REGISTRY_AUTH_FILE");
        var dockerOnly = AuthFile.Locate(environment.GetValueOrDefault);

        Assert.Equal(podman, withoutVariable);
        Assert.Equal(explicitFile, withVariable);
        Assert.Equal(docker, dockerOnly);
    }
}

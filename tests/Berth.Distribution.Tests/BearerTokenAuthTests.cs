// docker-registry with `auth: token`: the client follows the Bearer challenge to a token service on loopback,
// which signs JWTs the registry verifies against the certificate bundle it was given.
using Berth.Distribution.Tests.Support;
using Berth.Oci;

namespace Berth.Distribution.Tests;

public sealed class BearerTokenAuthTests : IAsyncLifetime
{
    readonly TempDir _dir = new();
    readonly RegistryCredentials _alice = new("alice", "s3cret");
    readonly RegistryCredentials _bob = new("bob", "reads-only");
    TokenServer _tokens = null!;
    DockerRegistry _registry = null!;

    public async Task InitializeAsync()
    {
        _tokens = await TokenServer.StartAsync(_dir.Path, writer: _alice, reader: _bob);
        _registry = await DockerRegistry.StartAsync(DockerRegistry.TokenAuth(_tokens));
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _tokens.DisposeAsync();
        _dir.Dispose();
    }

    ImageReference Ref(string name) => ImageReference.Parse($"{_registry.Address}/{name}");

    [Fact]
    public async Task Push_mount_and_pull_work_with_tokens_fetched_once_per_scope()
    {
        var source = new ContentStore(_dir["source"]);
        var image = await TestImages.WriteAsync(source, seed: 20, layers: 3);
        var log = new RequestLog();
        using var client = new RegistryClient(_registry.Address, new RegistryClientOptions { Credentials = _ => _alice }, log);

        await new ImagePusher(client, source).PushAsync(image.Manifest.Digest, Ref("team/base:1"));
        var mounted = await new ImagePusher(client, source).PushAsync(image.Manifest.Digest, Ref("team/app:1"), mountFrom: "team/base");
        var pulled = await new ImagePuller(client, new ContentStore(_dir["target"])).PullAsync(Ref("team/app:1"));
        var again = await new ImagePuller(client, new ContentStore(_dir["again"])).PullAsync(Ref("team/app:1"));

        Assert.Equal(4, mounted.BlobsMounted);
        Assert.Equal(image.Manifest.Digest, pulled.ManifestDigest);
        Assert.Equal(image.Manifest.Digest, again.ManifestDigest);
        // One token per set of scopes: pull team/base, push team/base, pull team/app, push team/app,
        // and push team/app with pull team/base for the mounts; the second pull reuses one.
        Assert.Equal(5, _tokens.Requests);
        Assert.True(log.Entries.Count > 30, $"only {log.Entries.Count} requests");
        Assert.True(log.Entries.Count(e => e.Status == 401) <= _tokens.Requests, "a cached token was not reused");
    }

    [Fact]
    public async Task User_whose_token_lacks_push_is_told_the_registry_does_not_allow_it()
    {
        var source = new ContentStore(_dir["source"]);
        var image = await TestImages.WriteAsync(source, seed: 21, layers: 1);
        using var client = new RegistryClient(_registry.Address, new RegistryClientOptions { Credentials = _ => _bob });

        var error = await Assert.ThrowsAsync<RegistryClientException>(() => new ImagePusher(client, source).PushAsync(image.Manifest.Digest, Ref("team/app:1")));

        Assert.StartsWith($"start an upload to {_registry.Address}/team/app: registry {_registry.Address} does not allow this for user \"bob\" "
            + "(insufficient_scope); ask for access, or log in with", error.Message);
        Assert.Equal(RegistryErrorCodes.Unauthorized, error.Code);
    }

    [Fact]
    public async Task Token_service_refusing_the_password_is_reported_with_the_user_and_the_fix()
    {
        using var client = new RegistryClient(_registry.Address, new RegistryClientOptions { Credentials = _ => _alice with { Password = "wrong" } });

        var error = await Assert.ThrowsAsync<RegistryClientException>(() =>
            new ImagePuller(client, new ContentStore(_dir["target"])).PullAsync(Ref("team/app:1")));

        Assert.StartsWith($"registry {_registry.Address}'s token service {_tokens.Realm} rejected the credentials of user \"alice\"; "
            + "check the password, or log in with", error.Message);
        Assert.Equal(RegistryErrorCodes.Unauthorized, error.Code);
    }
}

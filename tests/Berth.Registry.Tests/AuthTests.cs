// Basic auth from an htpasswd file (bcrypt entries made with `htpasswd -nbB`, as operators make them):
// good credentials pass on every route, anything else is 401 UNAUTHORIZED with a Basic challenge.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public sealed class AuthRegistryFixture : IAsyncLifetime
{
    public const string User = "alice";
    public const string Password = "correct horse";
    public const string ColonUser = "carol";
    public const string ColonPassword = "pa:ss:word";

    readonly string _directory = Directory.CreateTempSubdirectory("berth-registry-auth-").FullName;

    public TestRegistry Registry { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var file = await WriteHtpasswdAsync(_directory, "-nbB", (User, Password), (ColonUser, ColonPassword));
        Registry = await TestRegistry.StartAsync(o => o with { Htpasswd = file });
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public RegistryClient ClientWith(AuthenticationHeaderValue? authorization)
    {
        var client = Registry.NewClient();
        client.Http.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Runs `htpasswd <paramref name="flags"/> user password` per user and writes the lines to a file.</summary>
    public static async Task<string> WriteHtpasswdAsync(string directory, string flags, params (string User, string Password)[] users)
    {
        var lines = new StringBuilder();
        foreach (var (user, password) in users)
        {
            var start = new ProcessStartInfo("htpasswd") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { flags, user, password }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"htpasswd failed: {await process.StandardError.ReadToEndAsync()}");
            lines.Append(output.Trim()).Append('\n');
        }
        var file = Path.Join(directory, $"htpasswd{flags}");
        await File.WriteAllTextAsync(file, lines.ToString());
        return file;
    }
}

public sealed class AuthTests(AuthRegistryFixture fixture) : IClassFixture<AuthRegistryFixture>
{
    [Theory]
    [InlineData(AuthRegistryFixture.User, AuthRegistryFixture.Password)]
    [InlineData(AuthRegistryFixture.ColonUser, AuthRegistryFixture.ColonPassword)]
    public async Task Good_credentials_can_ping_push_and_pull(string user, string password)
    {
        var client = fixture.ClientWith(AuthRegistryFixture.Basic(user, password));

        using (var ping = await client.GetAsync("/v2/"))
            await RegistryAssert.StatusAsync(ping, HttpStatusCode.OK);
        var image = await client.PushImageAsync($"auth/{user}", "v1");
        using var get = await client.GetAsync($"/v2/auth/{user}/manifests/v1");
        await RegistryAssert.StatusAsync(get, HttpStatusCode.OK);
        Assert.Equal(image.Bytes, await get.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("GET", "/v2/")]
    [InlineData("HEAD", "/v2/")]
    [InlineData("GET", "/v2/_catalog")]
    [InlineData("GET", "/v2/auth/app/tags/list")]
    [InlineData("GET", "/v2/auth/app/manifests/v1")]
    [InlineData("POST", "/v2/auth/app/blobs/uploads/")]
    [InlineData("GET", "/v2/not/an/api/route")]
    public async Task Request_without_credentials_is_401_UNAUTHORIZED_with_a_basic_challenge(string method, string path)
    {
        var client = fixture.ClientWith(null);

        using var response = await client.SendAsync(new HttpMethod(method), path);

        await AssertChallengedAsync(response);
    }

    [Theory]
    [InlineData("Basic", "alice:wrong password")]
    [InlineData("Basic", "mallory:correct horse")]
    [InlineData("Basic", "alice:")]
    [InlineData("Basic", ":correct horse")]
    [InlineData("Basic", "alice")]
    [InlineData("Basic", "carol:pa")]
    [InlineData("Bearer", "alice:correct horse")]
    public async Task Bad_credentials_are_401_UNAUTHORIZED_with_a_basic_challenge(string scheme, string credentials)
    {
        var client = fixture.ClientWith(new AuthenticationHeaderValue(scheme, Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))));

        using var response = await client.GetAsync("/v2/");

        await AssertChallengedAsync(response);
    }

    [Fact]
    public async Task Authorization_that_is_not_base64_is_401_UNAUTHORIZED()
    {
        var client = fixture.ClientWith(new AuthenticationHeaderValue("Basic", "!!not-base64!!"));
        using var response = await client.GetAsync("/v2/");
        await AssertChallengedAsync(response);
    }

    [Fact]
    public async Task Htpasswd_with_entries_that_are_not_bcrypt_is_refused_at_startup()
    {
        var directory = Directory.CreateTempSubdirectory("berth-registry-md5-").FullName;
        try
        {
            var file = await AuthRegistryFixture.WriteHtpasswdAsync(directory, "-nbm", ("dave", "secret"));
            var error = Assert.Throws<FormatException>(() => RegistryServer.Build(new RegistryOptions { Listen = "127.0.0.1:0", Root = directory, Htpasswd = file }));
            Assert.Contains("htpasswd -B", error.Message);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    static async Task AssertChallengedAsync(HttpResponseMessage response)
    {
        await RegistryAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Contains("realm=", challenge.Parameter);
    }
}

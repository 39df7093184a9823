// A token service for docker-registry's `auth: token` on loopback: checks basic credentials, grants what was asked (pull
// only, to the reader) in an RS256 JWT whose "x5c" header carries the certificate the registry trusts (rootcertbundle).
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Distribution.Tests.Support;

sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "berth-test-registry";
    public const string Issuer = "berth-test-token-issuer";

    readonly WebApplication _app;
    readonly RSA _key;
    readonly X509Certificate2 _certificate;
    readonly RegistryCredentials _writer;
    readonly RegistryCredentials _reader;
    int _requests;

    TokenServer(WebApplication app, RSA key, X509Certificate2 certificate, RegistryCredentials writer, RegistryCredentials reader, string bundle) =>
        (_app, _key, _certificate, _writer, _reader, CertificateBundle) = (app, key, certificate, writer, reader, bundle);

    public string Realm { get; private set; } = "";

    /// <summary>The PEM file of the signing certificate, for the registry's rootcertbundle.</summary>
    public string CertificateBundle { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <param name="writer">May pull and push.</param>
    /// <param name="reader">May only pull.</param>
    public static async Task<TokenServer> StartAsync(string directory, RegistryCredentials writer, RegistryCredentials reader)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=berth test token issuer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var bundle = Path.Combine(directory, "token-ca.pem");
        await File.WriteAllTextAsync(bundle, certificate.ExportCertificatePem() + "\n");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new TokenServer(app, key, certificate, writer, reader, bundle);
        app.MapGet("/token", server.IssueAsync);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Realm = $"{bound}/token";
        return server;
    }

    Task IssueAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        var user = new[] { _writer, _reader }.FirstOrDefault(u =>
            http.Request.Headers.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{u.User}:{u.Password}")));
        if (user is null)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return http.Response.WriteAsync("""{"details":"incorrect username or password"}""");
        }
        var access = new JsonArray();
        foreach (var scope in http.Request.Query["scope"].SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            // type:name:actions, where only the name may hold further colons (a registry host with a port).
            var first = scope.IndexOf(':');
            var last = scope.LastIndexOf(':');
            access.Add(new JsonObject
            {
                ["type"] = scope[..first],
                ["name"] = scope[(first + 1)..last],
                ["actions"] = new JsonArray(scope[(last + 1)..].Split(',').Where(a => user == _writer || a == "pull").Select(a => (JsonNode)a).ToArray()),
            });
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer, ["sub"] = user.User, ["aud"] = Service,
            ["exp"] = now + 300, ["nbf"] = now - 10, ["iat"] = now, ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var header = new JsonObject
        {
            ["typ"] = "JWT", ["alg"] = "RS256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)),
        };
        var signed = $"{Base64Url(header.ToJsonString())}.{Base64Url(claims.ToJsonString())}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = $"{signed}.{Base64Url(signature)}";
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(new JsonObject { ["token"] = token, ["expires_in"] = 300 }.ToJsonString());
    }

    static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
